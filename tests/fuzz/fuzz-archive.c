/* fuzz-archive.c: libFuzzer target for the archive import
 * (app/exchange/joinery-archive.c: `joinery import-archive FILE`).
 *
 * The input is the archive file. Besides not crashing, leaking or
 * overrunning, the import must keep its promises on every input:
 *
 *   - it succeeds, or fails with an error that says something;
 *   - a failed import leaves the database as it found it: empty, and not
 *     inside a change group;
 *   - a database that holds records is refused (checked once a success
 *     has filled it, before a fresh one is made for the next input).
 */
#include "fuzz-util.h"
#include "joinery-archive.h"
#include "joinery-exchange-error.h"
#include "joinery-kind.h"

#include <stdlib.h>
#include <string.h>

static JoineryDb *db;
static char *db_path;

static void
open_fresh_db (void)
{
  g_autoptr(GError) error = NULL;

  if (db_path == NULL)
    db_path = g_build_filename (fuzz_tmp_dir (), "archive.joinery", NULL);
  if (db != NULL)
    {
      joinery_db_close (db);
      g_clear_object (&db);
    }
  joinery_db_remove_files (db_path);
  db = joinery_db_open (db_path, JOINERY_DB_OPEN_CREATE, &error);
  if (db == NULL)
    fuzz_fail ("cannot create %s: %s", db_path, error->message);
  joinery_db_set_source (db, "fuzz");
}

static void
close_db (void)
{
  g_clear_object (&db);
  g_clear_pointer (&db_path, g_free);
}

static guint64
count_records (void)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  guint64 total = 0;

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autoptr(GError) error = NULL;
      gint64 count = 0;

      if (!joinery_db_count (db, kinds[k], NULL, &count, &error))
        fuzz_fail ("cannot count %s: %s", kinds[k]->plural, error->message);
      total += (guint64) count;
    }
  return total;
}

static gboolean
import (const uint8_t *data, size_t size, guint64 *n, GError **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);

  return joinery_archive_import (db, in, size, NULL, NULL, n, NULL, error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  if (db == NULL)
    {
      open_fresh_db ();
      atexit (close_db);
    }

  if (!import (data, size, &n, &error))
    {
      if (error == NULL || error->message == NULL || *error->message == '\0')
        fuzz_fail ("the import failed without saying why");
      if (joinery_db_in_group (db))
        fuzz_fail ("a failed import left a change group open");
      if (count_records () != 0)
        fuzz_fail ("a failed import left records behind: %s", error->message);
      return 0;
    }
  if (error != NULL)
    fuzz_fail ("the import succeeded and set an error");
  if (count_records () != n)
    fuzz_fail ("the import said %" G_GUINT64_FORMAT " records and left %" G_GUINT64_FORMAT, n, count_records ());
  if (n > 0)
    {
      g_autoptr(GError) again = NULL;
      if (import (data, size, NULL, &again) || !g_error_matches (again, JOINERY_EXCHANGE_ERROR,
                                                                  JOINERY_EXCHANGE_ERROR_NOT_EMPTY))
        fuzz_fail ("an archive was restored into a database that holds records");
      open_fresh_db ();
    }
  return 0;
}
