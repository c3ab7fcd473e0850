/* demo-test-util.c: what the demo's tests share. */
#include "demo-test-util.h"
#include "joinery-test-util.h"
#include "joinery-demo.h"

#include <sys/wait.h>

#include <glib/gstdio.h>

gint64
demo_test_count_records (JoineryDb *db)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  gint64 total = 0;

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autoptr(GError) error = NULL;
      gint64 n = -1;

      g_assert_true (joinery_db_count (db, kinds[k], NULL, &n, &error));
      g_assert_no_error (error);
      total += n;
    }
  return total;
}

gint64
demo_test_count_file_records (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return demo_test_count_records (db);
}

JoineryDb *
demo_test_create_read_only (const char *dir_template, char **dir, char **path)
{
  g_autoptr(GError) error = NULL;
  JoineryDb *db;

  *dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  *path = g_build_filename (*dir, "demo.joinery", NULL);
  g_assert_true (joinery_demo_create (*path, &error));
  g_assert_no_error (error);
  db = joinery_db_open (*path, JOINERY_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  return db;
}

gint64
demo_test_query_int (JoineryDb *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

DemoRun *
demo_run_new (void)
{
  g_autoptr(GError) error = NULL;
  DemoRun *run = g_new0 (DemoRun, 1);
  g_autofree char *data_home = NULL;

  run->dir = g_dir_make_tmp ("joinery-demo-run-XXXXXX", &error);
  g_assert_no_error (error);
  run->tmp = g_build_filename (run->dir, "tmp", NULL);
  g_assert_cmpint (g_mkdir (run->tmp, 0700), ==, 0);
  data_home = g_build_filename (run->dir, "data", NULL);
  run->env = g_get_environ ();
  run->env = g_environ_unsetenv (run->env, "JOINERY_DB");
  run->env = g_environ_setenv (run->env, "XDG_DATA_HOME", data_home, TRUE);
  run->env = g_environ_setenv (run->env, "TMPDIR", run->tmp, TRUE);
  return run;
}

void
demo_run_free (DemoRun *run)
{
  if (run == NULL)
    return;
  joinery_test_rm_rf (run->dir);
  g_free (run->dir);
  g_free (run->tmp);
  g_strfreev (run->env);
  g_free (run);
}

int
demo_run_argv (DemoRun *run, const char * const *argv, char **out, char **err)
{
  return joinery_test_run_joinery (run->dir, run->env, argv, out, err);
}

int
demo_run (DemoRun *run, char **out, char **err, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return demo_run_argv (run, (const char * const *) args->pdata, out, err);
}

guint
demo_run_count_entries (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
}
