/* joinery-test-util.c: temporary databases and record shorthands for the
 * core's tests. */
#include "joinery-test-util.h"

#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>
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

/* Dumps */

static gint64
query_int (sqlite3 *handle, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

void
joinery_test_append_sql_value (GString *out, sqlite3_stmt *stmt, int c)
{
  switch (sqlite3_column_type (stmt, c))
    {
    case SQLITE_NULL:
      g_string_append (out, "NULL");
      break;
    case SQLITE_INTEGER:
      g_string_append_printf (out, "%lld", (long long) sqlite3_column_int64 (stmt, c));
      break;
    case SQLITE_FLOAT:
      g_string_append_printf (out, "%.17gr", sqlite3_column_double (stmt, c));
      break;
    case SQLITE_BLOB:
      {
        const guint8 *bytes = sqlite3_column_blob (stmt, c);
        g_string_append (out, "x'");
        for (int i = 0; i < sqlite3_column_bytes (stmt, c); i++)
          g_string_append_printf (out, "%02x", bytes[i]);
        g_string_append_c (out, '\'');
      }
      break;
    case SQLITE_TEXT:
    default:
      g_string_append_printf (out, "'%s'", (const char *) sqlite3_column_text (stmt, c));
      break;
    }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Everything in the file: the schema version and identity, then every
 * row of every table SQLite holds — the records, the audit trail, the
 * undo log, sqlite_sequence and the search index with its shadow tables —
 * every column, typed. A table's rows are sorted, so that the dump does
 * not depend on the order a scan returns them in. */
char *
joinery_test_dump_database (JoineryDb *db)
{
  sqlite3 *handle = joinery_db_get_handle (db);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  GString *dump = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_string_append_printf (dump, "user_version=%" G_GINT64_FORMAT " application_id=%" G_GINT64_FORMAT "\n",
                          query_int (handle, "PRAGMA user_version"), query_int (handle, "PRAGMA application_id"));
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (const char *) tables->pdata[t]);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          GString *row = g_string_new (NULL);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              g_string_append_printf (row, "%s%s=", c > 0 ? " | " : "", sqlite3_column_name (stmt, c));
              joinery_test_append_sql_value (row, stmt, c);
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      g_ptr_array_sort (rows, compare_strings);

      g_string_append_printf (dump, "[%s] %u rows\n", (const char *) tables->pdata[t], rows->len);
      for (guint r = 0; r < rows->len; r++)
        g_string_append_printf (dump, "%s\n", (const char *) rows->pdata[r]);
    }
  return g_string_free (dump, FALSE);
}

/* The program */

/* As text, whatever its bytes ("" for none): tests look for what they
 * expect in it. */
static char *
dup_bytes_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return data != NULL ? g_strndup (data, size) : g_strdup ("");
}

/* $JOINERY_BIN with `args` in `dir`; standard input inherited when
 * `input` is NULL. A crash fails the test. */
static int
spawn_joinery (const char *dir, char **env, const char * const *args, const char *input,
               char **out, char **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) stdin_bytes = NULL;
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) stderr_bytes = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *bin = g_getenv ("JOINERY_BIN");

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (gpointer) bin);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new ((input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0) |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (env != NULL)
    g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  if (input != NULL)
    stdin_bytes = g_bytes_new (input, strlen (input));
  g_assert_true (g_subprocess_communicate (process, stdin_bytes, NULL, &stdout_bytes, &stderr_bytes, &error));
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (process))
    g_error ("joinery was killed by signal %d; stderr: %.*s", g_subprocess_get_term_sig (process),
             (int) g_bytes_get_size (stderr_bytes), (const char *) g_bytes_get_data (stderr_bytes, NULL));
  g_assert_true (g_subprocess_get_if_exited (process));
  if (out != NULL)
    *out = dup_bytes_text (stdout_bytes);
  if (err != NULL)
    *err = dup_bytes_text (stderr_bytes);
  return g_subprocess_get_exit_status (process);
}

int
joinery_test_run_joinery (const char *dir, char **env, const char * const *args, char **out, char **err)
{
  return spawn_joinery (dir, env, args, NULL, out, err);
}

void
joinery_test_cli_init (JoineryTestCli *cli, const char *dir, const char *db)
{
  g_autoptr(GError) error = NULL;

  memset (cli, 0, sizeof *cli);
  cli->owns_dir = dir == NULL;
  cli->dir = dir != NULL ? g_strdup (dir) : g_dir_make_tmp ("joinery-cli-XXXXXX", &error);
  g_assert_no_error (error);
  cli->db = db != NULL ? g_strdup (db) : g_build_filename (cli->dir, "test.joinery", NULL);
  cli->data_home = g_build_filename (cli->dir, "data", NULL);
  cli->env = g_get_environ ();
  cli->env = g_environ_unsetenv (cli->env, "JOINERY_DB");
  cli->env = g_environ_setenv (cli->env, "XDG_DATA_HOME", cli->data_home, TRUE);
}

void
joinery_test_cli_clear (JoineryTestCli *cli)
{
  if (cli->owns_dir && cli->dir != NULL)
    joinery_test_rm_rf (cli->dir);
  g_clear_pointer (&cli->dir, g_free);
  g_clear_pointer (&cli->db, g_free);
  g_clear_pointer (&cli->data_home, g_free);
  g_clear_pointer (&cli->env, g_strfreev);
}

int
joinery_test_cli_run (JoineryTestCli *cli, const char *input, gboolean with_db, const char * const *args,
                      char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  if (with_db)
    {
      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, cli->db);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return spawn_joinery (cli->dir, cli->env, (const char * const *) argv->pdata, input != NULL ? input : "",
                        out, err);
}

int
joinery_test_cli_run_va (JoineryTestCli *cli, const char *input, gboolean with_db, char **out, char **err,
                         const char *first, va_list ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);
  return joinery_test_cli_run (cli, input, with_db, (const char * const *) args->pdata, out, err);
}
