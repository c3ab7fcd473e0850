/* joinery-test-util.c: temporary databases and record shorthands for the
 * core's tests. */
#include "joinery-test-util.h"

#include <glib/gstdio.h>

void
joinery_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            joinery_test_rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

JoineryTestDb *
joinery_test_db_new (void)
{
  g_autoptr(GError) error = NULL;
  JoineryTestDb *tdb = g_new0 (JoineryTestDb, 1);

  tdb->dir = g_dir_make_tmp ("joinery-test-XXXXXX", &error);
  g_assert_no_error (error);
  tdb->path = g_build_filename (tdb->dir, "test.joinery", NULL);
  tdb->db = joinery_db_open (tdb->path, JOINERY_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tdb->db);
  joinery_db_set_source (tdb->db, "test");
  return tdb;
}

void
joinery_test_db_free (JoineryTestDb *tdb)
{
  if (tdb == NULL)
    return;
  g_clear_object (&tdb->db);
  joinery_test_rm_rf (tdb->dir);
  g_free (tdb->dir);
  g_free (tdb->path);
  g_free (tdb);
}

static gint64
create_va (JoineryDb *db, GError **error, const char *kind_name, va_list args)
{
  const JoineryKind *kind = joinery_kind_lookup (kind_name);
  g_autoptr(JoineryRecord) record = NULL;
  const char *field;

  g_assert_nonnull (kind);
  record = joinery_record_new (kind);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      if (!joinery_db_set_from_string (db, record, field, value, error))
        return 0;
    }
  if (!joinery_db_create (db, record, error))
    return 0;
  return joinery_record_get_id (record);
}

gint64
joinery_test_create (JoineryDb *db, const char *kind, ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;
  gint64 id;

  va_start (args, kind);
  id = create_va (db, &error, kind, args);
  va_end (args);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

gint64
joinery_test_try_create (JoineryDb *db, GError **error, const char *kind, ...)
{
  va_list args;
  gint64 id;

  va_start (args, kind);
  id = create_va (db, error, kind, args);
  va_end (args);
  return id;
}

GBytes *
joinery_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

void
joinery_test_assert_check_clean (JoineryDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = joinery_db_check (db, TRUE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("check: %s", (const char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
}
