/* test-core-open.c: opening Joinery files, safely.
 *
 * Covers what joinery_db_open() promises before any record is touched: a
 * new file is marked as Joinery's (application_id), carries the latest
 * schema version and runs in WAL mode; every connection, however opened,
 * is hardened (defensive mode, no trusted schema, no fts3_tokenizer()
 * pointer games, no extension loading, foreign keys on, synchronous FULL);
 * a text file, random bytes, another program's SQLite database, a file of
 * another application, a file from a newer Joinery (also when the newer
 * version is still in the write-ahead log) and a directory are refused
 * with their own code and message, byte for byte untouched and with no
 * -wal, -shm or -journal file left beside them; a missing file is not
 * created unless asked; an empty file is initialised; a damaged file is
 * reported as damaged, never a crash; an older file is copied aside and
 * migrated (search finds its old records); read-only opening reads and
 * refuses every write; reopening keeps the data.
 */
#include "joinery-test-util.h"
#include "joinery-generate.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  char *dir;
} TempDir;

static TempDir *
temp_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  TempDir *tmp = g_new0 (TempDir, 1);

  tmp->dir = g_dir_make_tmp ("joinery-open-XXXXXX", &error);
  g_assert_no_error (error);
  return tmp;
}

static void
temp_dir_free (TempDir *tmp)
{
  joinery_test_rm_rf (tmp->dir);
  g_free (tmp->dir);
  g_free (tmp);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TempDir, temp_dir_free)

static char *
temp_path (TempDir *tmp, const char *name)
{
  return g_build_filename (tmp->dir, name, NULL);
}

/* SQLite's companions of a database file: none may appear beside a file
 * Joinery refuses. Those found are named and removed, so that each check
 * stands on its own. */
static char *
take_companions (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };
  g_autoptr(GString) found = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (path, suffixes[i], NULL);
      if (g_file_test (companion, G_FILE_TEST_EXISTS))
        {
          g_string_append_printf (found, "%s%s", found->len > 0 ? ", " : "", suffixes[i]);
          g_unlink (companion);
        }
    }
  return found->len > 0 ? g_string_free (g_steal_pointer (&found), FALSE) : NULL;
}

static void
assert_no_companions (const char *path)
{
  g_autofree char *left = take_companions (path);

  if (left != NULL)
    g_error ("%s left beside %s", left, path);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static gint64
raw_int (sqlite3 *handle, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
raw_text (sqlite3 *handle, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
raw_exec (sqlite3 *handle, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (handle, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("“%s”: %s", sql, message);
}

/* An SQLite file written without Joinery, as another program would. */
static void
write_raw_database (const char *path, const char *sql)
{
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  raw_exec (handle, sql);
  g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);
}

static void
write_file (const char *path, const void *data, gsize length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

/* The message with the path where the format says %s. */
static char *
fill_in_path (const char *format, const char *path)
{
  g_auto(GStrv) parts = g_strsplit (format, "%s", -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoinv (path, parts);
}

/* Opening `path` fails with `code` and exactly the message `format` (the
 * canonical path in place of its %s), and leaves the file as it was.
 * Returns the companion files it left beside it, if any (removed). */
static char *
try_refused (const char *path, JoineryDbOpenFlags flags, JoineryDbError code, const char *format)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  g_autofree char *message = NULL;
  gboolean regular = g_file_test (path, G_FILE_TEST_IS_REGULAR);

  if (regular)
    before = joinery_test_read_file (path);

  db = joinery_db_open (path, flags, &error);
  g_assert_null (db);
  g_assert_error (error, JOINERY_DB_ERROR, (gint) code);
  message = fill_in_path (format, canonical);
  g_assert_cmpstr (error->message, ==, message);

  if (regular)
    {
      after = joinery_test_read_file (path);
      g_assert_true (g_bytes_equal (before, after));
    }
  return take_companions (path);
}

static void
assert_refused (const char *path, JoineryDbOpenFlags flags, JoineryDbError code, const char *format)
{
  g_autofree char *left = try_refused (path, flags, code, format);

  if (left != NULL)
    g_error ("refusing %s left %s beside it", path, left);
}

#define NOT_SQLITE "“%s” is not a Joinery database (it is not an SQLite file); it was left untouched"
#define NOT_JOINERY "“%s” is an SQLite database but not a Joinery one; it was left untouched"

/* A new file */

static void
test_new_file (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "new.joinery");
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autofree char *mode = NULL;
  sqlite3 *handle;

  db = joinery_db_open (path, JOINERY_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  handle = joinery_db_get_handle (db);

  g_assert_cmpint (raw_int (handle, "PRAGMA application_id"), ==, 0x4A4E5259);
  g_assert_cmpint (JOINERY_APPLICATION_ID_SQLITE, ==, 0x4A4E5259);
  g_assert_cmpint (raw_int (handle, "PRAGMA user_version"), ==, joinery_db_latest_version ());
  g_assert_cmpuint (joinery_db_get_version (db), ==, joinery_db_latest_version ());
  g_assert_cmpuint (joinery_db_latest_version (), >=, 2);
  mode = raw_text (handle, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpstr (joinery_db_get_journal_mode (db), ==, "wal");
  g_assert_false (joinery_db_is_read_only (db));
  g_assert_null (joinery_db_get_backup_path (db));
  g_assert_cmpstr (joinery_db_get_path (db), ==, path);

  /* Both tables of the two migrations are there. */
  g_assert_cmpint (raw_int (handle, "SELECT count(*) FROM sqlite_schema WHERE name IN ('grants', 'search_index')"),
                   ==, 2);

  /* And a fresh file passes its own check. */
  {
    g_autoptr(GPtrArray) problems = joinery_db_check (db, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
  }

  /* The mark is in the file itself, where the header check reads it. */
  g_clear_object (&db);
  {
    g_autoptr(GBytes) bytes = joinery_test_read_file (path);
    const guint8 *data = g_bytes_get_data (bytes, NULL);
    g_assert_cmpuint (g_bytes_get_size (bytes), >=, 100);
    g_assert_cmpmem (data, 16, "SQLite format 3", 16);
    g_assert_cmpmem (data + 68, 4, "JNRY", 4);
    g_assert_cmpint (data[63], ==, joinery_db_latest_version ());
  }
}

/* Hardening */

static void
assert_hardened (JoineryDb *db)
{
  static const struct { int op; const char *name; int expected; } options[] = {
    { SQLITE_DBCONFIG_DEFENSIVE, "DEFENSIVE", 1 },
    { SQLITE_DBCONFIG_TRUSTED_SCHEMA, "TRUSTED_SCHEMA", 0 },
    { SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, "ENABLE_FTS3_TOKENIZER", 0 },
    { SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, "ENABLE_LOAD_EXTENSION", 0 },
    { SQLITE_DBCONFIG_DQS_DML, "DQS_DML", 0 },
    { SQLITE_DBCONFIG_DQS_DDL, "DQS_DDL", 0 },
    { SQLITE_DBCONFIG_ENABLE_FKEY, "ENABLE_FKEY", 1 },
  };
  sqlite3 *handle = joinery_db_get_handle (db);
  char *message = NULL;
  int rc;

  g_assert_nonnull (handle);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      int value = -2;
      g_test_message ("%s", options[i].name);
      /* -1 reads the setting without changing it. */
      g_assert_cmpint (sqlite3_db_config (handle, options[i].op, -1, &value), ==, SQLITE_OK);
      g_assert_cmpint (value, ==, options[i].expected);
    }
  g_assert_cmpint (raw_int (handle, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (raw_int (handle, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (raw_int (handle, "PRAGMA trusted_schema"), ==, 0);

  /* Debian's fts3_tokenizer() with two arguments would take a pointer from
   * SQL. */
  rc = sqlite3_exec (handle, "SELECT fts3_tokenizer('simple', x'0000000000000000')", NULL, NULL, &message);
  g_assert_cmpint (rc, !=, SQLITE_OK);
  g_assert_cmpstr (message, ==, "fts3tokenize disabled");
  sqlite3_free (message);
  message = NULL;

  /* No native code from SQL or from C. */
  rc = sqlite3_exec (handle, "SELECT load_extension('/nonexistent/libevil.so')", NULL, NULL, &message);
  g_assert_cmpint (rc, ==, SQLITE_ERROR);
  g_assert_cmpstr (message, ==, "not authorized");
  sqlite3_free (message);
  message = NULL;
  rc = sqlite3_load_extension (handle, "/nonexistent/libevil.so", NULL, &message);
  g_assert_cmpint (rc, ==, SQLITE_ERROR);
  g_assert_cmpstr (message, ==, "not authorized");
  sqlite3_free (message);
  message = NULL;

  /* Defensive: the schema cannot be written to directly. */
  rc = sqlite3_exec (handle, "PRAGMA writable_schema = ON; "
                             "UPDATE sqlite_schema SET sql = sql WHERE name = 'audit'",
                     NULL, NULL, &message);
  g_assert_cmpint (rc, !=, SQLITE_OK);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "may not be modified"));
  sqlite3_free (message);
  message = NULL;

  /* No double-quoted strings: "x" is a column that does not exist. */
  rc = sqlite3_exec (handle, "SELECT \"not a string\"", NULL, NULL, &message);
  g_assert_cmpint (rc, ==, SQLITE_ERROR);
  g_assert_cmpstr (message, ==, "no such column: not a string");
  sqlite3_free (message);
}

static void
test_hardened (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "hard.joinery");
  g_autofree char *old_path = temp_path (tmp, "old.joinery");
  g_autofree char *empty_path = temp_path (tmp, "empty.joinery");
  g_autoptr(GError) error = NULL;

  {
    /* Created. */
    g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_CREATE, &error);
    g_assert_no_error (error);
    assert_hardened (db);
    joinery_test_create (db, "organisation", "name", "Calderbrook Council", "kind", "council", NULL);
  }
  {
    /* Reopened, with the quick check. */
    g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_QUICK_CHECK, &error);
    g_assert_no_error (error);
    assert_hardened (db);
  }
  {
    /* Read-only. */
    g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    assert_hardened (db);
  }
  {
    /* At an older version, then migrated. */
    g_autoptr(JoineryDb) db = joinery_db_open_at_version (old_path, JOINERY_DB_OPEN_CREATE, 1, &error);
    g_assert_no_error (error);
    assert_hardened (db);
  }
  {
    g_autoptr(JoineryDb) db = joinery_db_open (old_path, JOINERY_DB_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    g_assert_nonnull (joinery_db_get_backup_path (db));
    assert_hardened (db);
  }
  write_file (empty_path, "", 0);
  {
    /* An empty file, initialised. */
    g_autoptr(JoineryDb) db = joinery_db_open (empty_path, JOINERY_DB_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    assert_hardened (db);
  }
}

/* Refusals */

static void make_version_1 (const char *path);

static void
test_refuse_text_file (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "notes.txt");
  const char *text = "Minutes of the Integration and Change Board, 19 May 2017.\n"
                     "Present: the chair, the sponsor and eight members.\n";

  write_file (path, text, strlen (text));
  assert_refused (path, JOINERY_DB_OPEN_DEFAULT, JOINERY_DB_ERROR_NOT_JOINERY, NOT_SQLITE);
  assert_refused (path, JOINERY_DB_OPEN_CREATE, JOINERY_DB_ERROR_NOT_JOINERY, NOT_SQLITE);
  assert_refused (path, JOINERY_DB_OPEN_READ_ONLY, JOINERY_DB_ERROR_NOT_JOINERY, NOT_SQLITE);
  g_assert_cmpuint (count_files (tmp->dir), ==, 1);
}

static void
test_refuse_random_bytes (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "random.joinery");
  g_autofree char *short_path = temp_path (tmp, "short.joinery");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20170519);
  guint8 data[8192];

  for (gsize i = 0; i < sizeof data; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  write_file (path, data, sizeof data);
  assert_refused (path, JOINERY_DB_OPEN_CREATE, JOINERY_DB_ERROR_NOT_JOINERY, NOT_SQLITE);
  assert_refused (path, JOINERY_DB_OPEN_QUICK_CHECK, JOINERY_DB_ERROR_NOT_JOINERY, NOT_SQLITE);

  /* The magic string alone, cut short of a header. */
  write_file (short_path, "SQLite format 3", 16);
  assert_refused (short_path, JOINERY_DB_OPEN_DEFAULT, JOINERY_DB_ERROR_NOT_JOINERY, NOT_SQLITE);
  g_assert_cmpuint (count_files (tmp->dir), ==, 2);
}

static void
test_refuse_other_program (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "contacts.db");
  g_autofree char *wal_path = temp_path (tmp, "contacts-wal.db");
  g_autofree char *versioned_path = temp_path (tmp, "versioned.db");

  /* Tables, no application_id. */
  write_raw_database (path,
                      "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);"
                      "INSERT INTO contacts (name) VALUES ('Amara Ridgestone'), ('Gethin Ashcombe');");
  assert_refused (path, JOINERY_DB_OPEN_DEFAULT, JOINERY_DB_ERROR_NOT_JOINERY, NOT_JOINERY);
  assert_refused (path, JOINERY_DB_OPEN_CREATE | JOINERY_DB_OPEN_QUICK_CHECK,
                  JOINERY_DB_ERROR_NOT_JOINERY, NOT_JOINERY);
  assert_refused (path, JOINERY_DB_OPEN_READ_ONLY, JOINERY_DB_ERROR_NOT_JOINERY, NOT_JOINERY);

  /* The same, with a user_version of its own (as many programs set). */
  write_raw_database (versioned_path,
                      "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);"
                      "PRAGMA user_version = 1;");
  assert_refused (versioned_path, JOINERY_DB_OPEN_DEFAULT, JOINERY_DB_ERROR_NOT_JOINERY, NOT_JOINERY);

  /* The same in WAL mode, where merely opening it would make a -wal and
   * a -shm beside it. */
  write_raw_database (wal_path,
                      "PRAGMA journal_mode = WAL;"
                      "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);"
                      "INSERT INTO contacts (name) VALUES ('Amara Ridgestone');");
  assert_no_companions (wal_path);
  assert_refused (wal_path, JOINERY_DB_OPEN_DEFAULT, JOINERY_DB_ERROR_NOT_JOINERY, NOT_JOINERY);
  assert_refused (wal_path, JOINERY_DB_OPEN_CREATE, JOINERY_DB_ERROR_NOT_JOINERY, NOT_JOINERY);
  /* Read-only: see /core/open/refuse-read-only-leaves-nothing. */

  g_assert_cmpuint (count_files (tmp->dir), ==, 3);
}

static void
test_refuse_other_application (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "other.db");
  g_autofree char *empty_path = temp_path (tmp, "other-empty.db");

  write_raw_database (path,
                      "PRAGMA application_id = 1481919579;" /* 0x5854525B */
                      "CREATE TABLE things (id INTEGER PRIMARY KEY);");
  assert_refused (path, JOINERY_DB_OPEN_DEFAULT, JOINERY_DB_ERROR_NOT_JOINERY, NOT_JOINERY);
  assert_refused (path, JOINERY_DB_OPEN_READ_ONLY, JOINERY_DB_ERROR_NOT_JOINERY, NOT_JOINERY);

  /* Marked as another program's even before it has a table. */
  write_raw_database (empty_path, "PRAGMA application_id = 1481919579; VACUUM;");
  assert_refused (empty_path, JOINERY_DB_OPEN_CREATE, JOINERY_DB_ERROR_NOT_JOINERY, NOT_JOINERY);
  g_assert_cmpuint (count_files (tmp->dir), ==, 2);
}

static void
test_refuse_too_new (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "newer.joinery");
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *handle = NULL;

  {
    g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_CREATE, &error);
    g_assert_no_error (error);
    joinery_test_create (db, "organisation", "name", "Calderbrook Council", "kind", "council", NULL);
  }
  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  raw_exec (handle, "PRAGMA user_version = 99");
  g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);
  assert_no_companions (path);

  format = g_strdup_printf ("“%%s” was written by a newer version of Joinery (schema 99; this version "
                            "knows up to %u); it was left untouched — update Joinery to open it",
                            joinery_db_latest_version ());
  assert_refused (path, JOINERY_DB_OPEN_DEFAULT, JOINERY_DB_ERROR_TOO_NEW, format);
  assert_refused (path, JOINERY_DB_OPEN_CREATE | JOINERY_DB_OPEN_QUICK_CHECK, JOINERY_DB_ERROR_TOO_NEW, format);
  assert_refused (path, JOINERY_DB_OPEN_READ_ONLY, JOINERY_DB_ERROR_TOO_NEW, format);
  g_assert_cmpuint (count_files (tmp->dir), ==, 1);
}

/* The newer version may still be in the write-ahead log, while the
 * header says otherwise: SQLite is asked too. */
static void
test_refuse_too_new_in_wal (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "newer.joinery");
  g_autofree char *message = NULL;
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(JoineryDb) refused = NULL;
  sqlite3 *handle = NULL;

  {
    g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_CREATE, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  raw_exec (handle, "PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99");
  before = joinery_test_read_file (path);
  /* The header still says the latest version. */
  g_assert_cmpint (((const guint8 *) g_bytes_get_data (before, NULL))[63], ==, joinery_db_latest_version ());

  refused = joinery_db_open (path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_null (refused);
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_TOO_NEW);
  message = g_strdup_printf ("“%s” was written by a newer version of Joinery (schema 99; this version "
                             "knows up to %u); it was left untouched — update Joinery to open it",
                             canonical, joinery_db_latest_version ());
  g_assert_cmpstr (error->message, ==, message);
  after = joinery_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (raw_int (handle, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);
}

/* A refusal in read-only mode leaves nothing beside the file either, even
 * when the file is in WAL mode (where a read-only SQLite connection makes
 * an empty -wal and a -shm, and cannot remove them on closing). */
static void
test_refuse_read_only_leaves_nothing (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *foreign = temp_path (tmp, "contacts-wal.db");
  g_autofree char *old = temp_path (tmp, "old.joinery");
  g_autofree char *old_format = NULL;
  g_autofree char *left_foreign = NULL;
  g_autofree char *left_old = NULL;

  write_raw_database (foreign,
                      "PRAGMA journal_mode = WAL;"
                      "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);"
                      "INSERT INTO contacts (name) VALUES ('Amara Ridgestone');");
  assert_no_companions (foreign);
  left_foreign = try_refused (foreign, JOINERY_DB_OPEN_READ_ONLY, JOINERY_DB_ERROR_NOT_JOINERY, NOT_JOINERY);

  make_version_1 (old);
  assert_no_companions (old);
  old_format = g_strdup ("“%s” was written by an older version of Joinery and must be upgraded "
                         "before it can be read; open it once with write access");
  left_old = try_refused (old, JOINERY_DB_OPEN_READ_ONLY, JOINERY_DB_ERROR_READ_ONLY, old_format);

  g_assert_null (left_foreign);
  g_assert_null (left_old);
  g_assert_cmpuint (count_files (tmp->dir), ==, 2);
}

static void
test_refuse_directory (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "folder.joinery");

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  assert_refused (path, JOINERY_DB_OPEN_DEFAULT, JOINERY_DB_ERROR_NOT_JOINERY,
                  "“%s” is not a Joinery database (it is not a regular file)");
  assert_refused (path, JOINERY_DB_OPEN_CREATE, JOINERY_DB_ERROR_NOT_JOINERY,
                  "“%s” is not a Joinery database (it is not a regular file)");
  assert_refused (path, JOINERY_DB_OPEN_READ_ONLY, JOINERY_DB_ERROR_NOT_JOINERY,
                  "“%s” is not a Joinery database (it is not a regular file)");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_files (path), ==, 0);
  g_assert_cmpuint (count_files (tmp->dir), ==, 1);
}

static void
test_missing_file (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "missing.joinery");
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(JoineryDb) db = NULL;

  db = joinery_db_open (path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
  message = g_strdup_printf ("“%s” does not exist (create it with “joinery init”)", path);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_no_companions (path);

  /* Read-only never creates either. */
  db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error2);
  g_assert_null (db);
  g_assert_error (error2, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
  g_assert_cmpuint (count_files (tmp->dir), ==, 0);
}

static void
test_empty_file (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "empty.joinery");
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryDb) refused = NULL;
  GStatBuf st;

  write_file (path, "", 0);

  /* Read-only cannot initialise it: refused, still empty. */
  refused = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);
  g_assert_null (refused);
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY);
  message = g_strdup_printf ("“%s” is not a Joinery database (it is empty)", path);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
  g_clear_error (&error);

  /* Otherwise an empty file is a new database. */
  db = joinery_db_open (path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpuint (joinery_db_get_version (db), ==, joinery_db_latest_version ());
  g_assert_null (joinery_db_get_backup_path (db));
  g_assert_cmpint (raw_int (joinery_db_get_handle (db), "PRAGMA application_id"), ==, 0x4A4E5259);
  joinery_test_create (db, "person", "name", "Amara Ridgestone", NULL);
  g_clear_object (&db);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);
}

/* Damage */

static gint64
count_people (JoineryDb *db)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (joinery_db_count (db, joinery_kind_lookup ("person"), NULL, &n, &error));
  g_assert_no_error (error);
  return n;
}

typedef enum {
  DAMAGE_PEOPLE,  /* the root page of the people table: the schema is whole */
  DAMAGE_MIDDLE,  /* a third of the file, in the middle: whatever is there */
} Damage;

/* A database with records, then some of its pages overwritten. */
static char *
make_damaged (TempDir *tmp, const char *name, Damage damage)
{
  g_autofree char *path = temp_path (tmp, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GBytes) bytes = NULL;
  gint64 root = 0;
  gsize page_size, from, to;
  guint8 *data;
  gsize size;

  {
    g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_CREATE, &error);
    g_assert_no_error (error);
    g_assert_true (joinery_generate (db, 300, 7, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_people (db), ==, 300);
    root = raw_int (joinery_db_get_handle (db), "SELECT rootpage FROM sqlite_schema WHERE name = 'people'");
  }
  assert_no_companions (path);

  bytes = joinery_test_read_file (path);
  data = g_bytes_unref_to_data (g_steal_pointer (&bytes), &size);
  page_size = (gsize) data[16] << 8 | data[17];
  g_assert_cmpuint (page_size, >=, 512);
  g_assert_cmpuint (size, >, 64 * page_size);
  if (damage == DAMAGE_PEOPLE)
    {
      g_assert_cmpint (root, >, 1);
      from = (gsize) (root - 1) * page_size;
      to = from + page_size;
    }
  else
    {
      from = size / 3;
      to = 2 * size / 3;
    }
  for (gsize i = from; i < to; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  write_file (path, data, size);
  g_free (data);
  return g_steal_pointer (&path);
}

static void
test_damaged_quick_check (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = make_damaged (tmp, "damaged.joinery", DAMAGE_PEOPLE);
  g_autofree char *prefix = g_strdup_printf ("“%s” is damaged (", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GBytes) before = joinery_test_read_file (path);
  g_autoptr(GBytes) after = NULL;

  db = joinery_db_open (path, JOINERY_DB_OPEN_QUICK_CHECK, &error);
  g_assert_null (db);
  g_test_message ("%s", error->message);
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_true (g_str_has_suffix (error->message, "); restore it from a backup"));

  after = joinery_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  assert_no_companions (path);
}

/* Without the quick check, the file opens (its schema is whole) and the
 * check finds the damage; reading the damaged table fails as damage. */
static void
test_damaged_check (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = make_damaged (tmp, "damaged.joinery", DAMAGE_PEOPLE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) people = NULL;

  db = joinery_db_open (path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);

  problems = joinery_db_check (db, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, >, 0);
  g_assert_true (g_str_has_prefix (problems->pdata[0], "integrity: ") ||
                 g_str_equal (problems->pdata[0], "the file is damaged"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  problems = joinery_db_check (db, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, >, 0);

  people = joinery_db_list (db, joinery_kind_lookup ("person"), NULL, &error);
  g_assert_null (people);
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CORRUPT);
}

/* Damage anywhere: refused as damaged, or opened and found damaged by the
 * check; never a crash. */
static void
test_damaged_anywhere (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = make_damaged (tmp, "damaged.joinery", DAMAGE_MIDDLE);
  static const JoineryDbOpenFlags flags[] = { JOINERY_DB_OPEN_QUICK_CHECK, JOINERY_DB_OPEN_DEFAULT };

  for (guint f = 0; f < G_N_ELEMENTS (flags); f++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JoineryDb) db = joinery_db_open (path, flags[f], &error);
      g_autoptr(GPtrArray) problems = NULL;

      if (db == NULL)
        {
          g_test_message ("refused: %s", error->message);
          g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CORRUPT);
          continue;
        }
      /* Only without the quick check may it open at all. */
      g_assert_cmpint (flags[f], ==, JOINERY_DB_OPEN_DEFAULT);
      problems = joinery_db_check (db, FALSE, &error);
      if (problems == NULL)
        g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CORRUPT);
      else
        g_assert_cmpuint (problems->len, >, 0);
    }
}

/* Migration */

static void
make_version_1 (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open_at_version (path, JOINERY_DB_OPEN_CREATE, 1, &error);
  sqlite3 *handle;

  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpuint (joinery_db_get_version (db), ==, 1);
  handle = joinery_db_get_handle (db);
  g_assert_cmpint (raw_int (handle, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (handle, "PRAGMA application_id"), ==, 0x4A4E5259);
  g_assert_cmpint (raw_int (handle, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'search_index%'"), ==, 0);
  g_assert_cmpint (raw_int (handle, "SELECT count(*) FROM sqlite_schema WHERE name = 'grants'"), ==, 1);

  /* The core's writes keep the search index, which version 1 does not
   * have: such a write fails, whole, and leaves nothing behind. */
  {
    g_autoptr(GError) create_error = NULL;
    gint64 id = joinery_test_try_create (db, &create_error, "organisation", "name", "Calderbrook Council",
                                         "kind", "council", NULL);
    if (id == 0)
      {
        g_test_message ("a core write at version 1: %s", create_error->message);
        g_assert_error (create_error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
        g_assert_cmpint (raw_int (handle, "SELECT count(*) FROM organisations"), ==, 0);
        g_assert_cmpint (raw_int (handle, "SELECT count(*) FROM audit"), ==, 0);
        g_assert_cmpint (raw_int (handle, "SELECT count(*) FROM change_groups"), ==, 0);
        g_assert_true (sqlite3_get_autocommit (handle));
      }
    else
      raw_exec (handle, "DELETE FROM organisations");
  }

  /* So the records go in as version 1 of the program would have written
   * them. */
  raw_exec (handle,
            "INSERT INTO organisations (id, created_at, updated_at, name, kind) "
            "VALUES (1, '2017-05-19T09:30:00Z', '2017-05-19T09:30:00Z', 'Calderbrook Council', 'council');"
            "INSERT INTO people (id, created_at, updated_at, name, organisation_id, email) "
            "VALUES (1, '2017-05-19T09:30:00Z', '2017-05-19T09:30:00Z', 'Amara Ridgestone', 1, "
            "'amara.ridgestone@example.org');"
            "INSERT INTO projects (id, created_at, updated_at, name, stage) "
            "VALUES (1, '2017-05-19T09:30:00Z', '2017-05-19T09:30:00Z', 'Wellbeing Navigator', 'pilot');");

  /* Reading works at version 1. */
  {
    g_autoptr(JoineryRecord) person = joinery_db_get (db, joinery_kind_lookup ("person"), 1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (joinery_record_get_text (person, "name"), ==, "Amara Ridgestone");
  }
}

static void
test_migrate (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "old.joinery");
  g_autofree char *prefix = g_strconcat (path, ".v1-", NULL);
  g_autofree char *backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  JoinerySearchHit *hit;
  sqlite3 *copy = NULL;

  make_version_1 (path);
  g_assert_cmpuint (count_files (tmp->dir), ==, 1);

  db = joinery_db_open (path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpuint (joinery_db_get_version (db), ==, joinery_db_latest_version ());
  g_assert_cmpint (raw_int (joinery_db_get_handle (db), "PRAGMA user_version"), ==, joinery_db_latest_version ());

  /* Copied aside first, under a name that says what it was. */
  g_assert_nonnull (joinery_db_get_backup_path (db));
  backup = g_strdup (joinery_db_get_backup_path (db));
  g_assert_true (g_str_has_prefix (backup, prefix));
  g_assert_true (g_str_has_suffix (backup, ".bak"));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *partial = g_strconcat (backup, ".partial", NULL);
    g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  }

  /* The copy is the old file: version 1, the same records, no index.
   * (Read-write, only so that SQLite tidies its WAL files on closing.) */
  g_assert_cmpint (sqlite3_open_v2 (backup, &copy, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (copy, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (copy, "PRAGMA application_id"), ==, 0x4A4E5259);
  g_assert_cmpint (raw_int (copy, "SELECT count(*) FROM organisations WHERE name = 'Calderbrook Council'"), ==, 1);
  g_assert_cmpint (raw_int (copy, "SELECT count(*) FROM people WHERE name = 'Amara Ridgestone' AND organisation_id = 1"),
                   ==, 1);
  g_assert_cmpint (raw_int (copy, "SELECT count(*) FROM projects"), ==, 1);
  g_assert_cmpint (raw_int (copy, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'search_index%'"), ==, 0);
  g_assert_cmpint (sqlite3_close (copy), ==, SQLITE_OK);

  /* The migrated file finds the old records by search. */
  hits = joinery_db_search (db, "Calderbrook", NULL, 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_true (hit->kind == joinery_kind_lookup ("organisation"));
  g_assert_cmpint (hit->id, ==, 1);
  g_assert_cmpstr (hit->label, ==, "Calderbrook Council");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = joinery_db_search (db, "ridgestone", NULL, 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_true (hit->kind == joinery_kind_lookup ("person"));
  g_assert_cmpint (hit->id, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = joinery_db_search (db, "navigator", NULL, 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  problems = joinery_db_check (db, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);

  /* And new writes work as on any current file. */
  joinery_test_create (db, "organisation", "name", "Stonewick Community Trust", "kind", "voluntary", NULL);
  g_clear_object (&db);

  /* Reopening a current file takes no copy. */
  g_assert_cmpuint (count_files (tmp->dir), ==, 2);
  db = joinery_db_open (path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_null (joinery_db_get_backup_path (db));
  g_clear_object (&db);
  g_assert_cmpuint (count_files (tmp->dir), ==, 2);
}

static void
test_migrate_stepwise (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "step.joinery");
  g_autoptr(GError) error = NULL;

  make_version_1 (path);
  {
    /* Opening at the version it already has changes nothing. */
    g_autoptr(JoineryDb) db = joinery_db_open_at_version (path, JOINERY_DB_OPEN_DEFAULT, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (joinery_db_get_version (db), ==, 1);
    g_assert_null (joinery_db_get_backup_path (db));
  }
  {
    /* A file newer than what was asked for is not taken backwards. */
    g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    g_clear_object (&db);
    db = joinery_db_open_at_version (path, JOINERY_DB_OPEN_DEFAULT, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (joinery_db_get_version (db), ==, joinery_db_latest_version ());
    g_assert_null (joinery_db_get_backup_path (db));
  }
}

/* Read-only */

static void
test_read_only (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "ro.joinery");
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(JoineryRecord) other = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gint64 id;

  {
    g_autoptr(JoineryDb) writer = joinery_db_open (path, JOINERY_DB_OPEN_CREATE, &error);
    g_assert_no_error (error);
    id = joinery_test_create (writer, "person", "name", "Amara Ridgestone", "email",
                              "amara.ridgestone@example.org", NULL);
  }
  before = joinery_test_read_file (path);

  db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_true (joinery_db_is_read_only (db));
  g_assert_cmpstr (joinery_db_get_journal_mode (db), ==, "read-only");
  g_assert_cmpuint (joinery_db_get_version (db), ==, joinery_db_latest_version ());

  /* Reads work. */
  person = joinery_db_get (db, joinery_kind_lookup ("person"), id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_record_get_text (person, "email"), ==, "amara.ridgestone@example.org");
  g_assert_cmpint (count_people (db), ==, 1);
  hits = joinery_db_search (db, "amara", NULL, 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);

  /* Writes do not. */
  message = g_strdup_printf ("“%s” is open read-only", path);
  other = joinery_record_new (joinery_kind_lookup ("person"));
  joinery_record_set_text (other, "name", "Gethin Ashcombe");
  g_assert_false (joinery_db_create (db, other, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (joinery_record_get_id (other), ==, 0);
  g_clear_error (&error);

  joinery_record_set_text (person, "name", "Amara Ridgestone-Ashcombe");
  g_assert_false (joinery_db_update (db, person, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  g_assert_false (joinery_db_delete (db, joinery_kind_lookup ("person"), id, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_false (joinery_db_begin (db, "Anything", JOINERY_GROUP_DEFAULT, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_false (joinery_db_undo (db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_false (joinery_db_rebuild_search (db, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Not even raw SQL on the handle. */
  g_assert_cmpint (sqlite3_exec (joinery_db_get_handle (db), "DELETE FROM people", NULL, NULL, NULL) & 0xff,
                   ==, SQLITE_READONLY);
  g_assert_cmpint (count_people (db), ==, 1);

  g_clear_object (&db);
  after = joinery_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_read_only_old_version (void)
{
  g_autoptr(TempDir) tmp = temp_dir_new ();
  g_autofree char *path = temp_path (tmp, "old.joinery");
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  make_version_1 (path);
  before = joinery_test_read_file (path);

  db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);
  g_assert_null (db);
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
  message = g_strdup_printf ("“%s” was written by an older version of Joinery and must be upgraded "
                             "before it can be read; open it once with write access", path);
  g_assert_cmpstr (error->message, ==, message);

  after = joinery_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  /* Not migrated, so not copied aside either. (What SQLite may leave
   * beside it is checked in /core/open/refuse-read-only-leaves-nothing.) */
  g_free (take_companions (path));
  g_assert_cmpuint (count_files (tmp->dir), ==, 1);
}

/* Reopening */

static void
test_reopen_keeps_data (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) org = NULL;
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *org_id = NULL;
  gint64 org_n, person_n;
  JoineryRecord *closed_record;

  org_n = joinery_test_create (tdb->db, "organisation", "name", "Calderbrook Council", "kind", "council",
                               "charity_number", "1123456", "website", "https://calderbrook.example.org", NULL);
  org_id = g_strdup_printf ("%" G_GINT64_FORMAT, org_n);
  person_n = joinery_test_create (tdb->db, "person", "name", "Amara Ridgestone", "organisation", org_id,
                                  "consent_to_contact", "yes", "consent_recorded_on", "19/05/2017", NULL);

  /* Closing leaves the object, unusable, with a clear error. */
  joinery_db_close (tdb->db);
  g_assert_null (joinery_db_get_handle (tdb->db));
  closed_record = joinery_record_new (joinery_kind_lookup ("person"));
  joinery_record_set_text (closed_record, "name", "Gethin Ashcombe");
  g_assert_false (joinery_db_create (tdb->db, closed_record, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "the database is closed");
  g_clear_error (&error);
  g_object_unref (closed_record);
  joinery_db_close (tdb->db); /* twice is harmless */
  g_clear_object (&tdb->db);
  assert_no_companions (tdb->path);

  tdb->db = joinery_db_open (tdb->path, JOINERY_DB_OPEN_QUICK_CHECK, &error);
  g_assert_no_error (error);
  g_assert_null (joinery_db_get_backup_path (tdb->db));

  org = joinery_db_get (tdb->db, joinery_kind_lookup ("organisation"), org_n, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_record_get_text (org, "name"), ==, "Calderbrook Council");
  g_assert_cmpstr (joinery_record_get_text (org, "kind"), ==, "council");
  g_assert_cmpstr (joinery_record_get_text (org, "charity_number"), ==, "1123456");
  g_assert_cmpstr (joinery_record_get_text (org, "website"), ==, "https://calderbrook.example.org");

  person = joinery_db_get (tdb->db, joinery_kind_lookup ("person"), person_n, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_record_get_text (person, "name"), ==, "Amara Ridgestone");
  g_assert_cmpint (joinery_record_get_integer (person, "organisation"), ==, org_n);
  g_assert_cmpstr (joinery_record_get_reference_label (person, "organisation"), ==, "Calderbrook Council");
  g_assert_cmpint (joinery_record_get_integer (person, "consent_to_contact"), ==, 1);
  g_assert_cmpstr (joinery_record_get_text (person, "consent_recorded_on"), ==, "2017-05-19");
  g_assert_nonnull (joinery_record_get_created_at (person));

  hits = joinery_db_search (tdb->db, "calderbrook", NULL, 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);

  problems = joinery_db_check (tdb->db, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* The undo history survives too. */
  {
    g_autofree char *label = joinery_db_dup_undo_label (tdb->db);
    g_assert_cmpstr (label, ==, "Add person “Amara Ridgestone”");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/open/new-file", test_new_file);
  g_test_add_func ("/core/open/hardened", test_hardened);
  g_test_add_func ("/core/open/refuse-text-file", test_refuse_text_file);
  g_test_add_func ("/core/open/refuse-random-bytes", test_refuse_random_bytes);
  g_test_add_func ("/core/open/refuse-other-program", test_refuse_other_program);
  g_test_add_func ("/core/open/refuse-other-application", test_refuse_other_application);
  g_test_add_func ("/core/open/refuse-too-new", test_refuse_too_new);
  g_test_add_func ("/core/open/refuse-too-new-in-wal", test_refuse_too_new_in_wal);
  g_test_add_func ("/core/open/refuse-read-only-leaves-nothing", test_refuse_read_only_leaves_nothing);
  g_test_add_func ("/core/open/refuse-directory", test_refuse_directory);
  g_test_add_func ("/core/open/missing-file", test_missing_file);
  g_test_add_func ("/core/open/empty-file", test_empty_file);
  g_test_add_func ("/core/open/damaged-quick-check", test_damaged_quick_check);
  g_test_add_func ("/core/open/damaged-check", test_damaged_check);
  g_test_add_func ("/core/open/damaged-anywhere", test_damaged_anywhere);
  g_test_add_func ("/core/open/migrate", test_migrate);
  g_test_add_func ("/core/open/migrate-stepwise", test_migrate_stepwise);
  g_test_add_func ("/core/open/read-only", test_read_only);
  g_test_add_func ("/core/open/read-only-old-version", test_read_only_old_version);
  g_test_add_func ("/core/open/reopen-keeps-data", test_reopen_keeps_data);

  return g_test_run ();
}
