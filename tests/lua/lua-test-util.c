/* lua-test-util.c: see lua-test-util.h. */
#include "lua-test-util.h"
#include "joinery-generate.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "joinery-workflow-state.h"

void
lua_test_fill (JoineryDb *db)
{
  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (db, "organisation", "name", "Bradford Care Trust", "kind", "voluntary", NULL);
  joinery_test_create (db, "person", "name", "Ann Smith", "organisation", "1", "job_title", "Programme Officer", NULL);
  joinery_test_create (db, "person", "name", "Bob Jones", "organisation", "2", NULL);
  joinery_test_create (db, "person", "name", "Cara Patel", "organisation", "1", NULL);
  joinery_test_create (db, "fund", "name", "Better Care Fund", "funder", "1", NULL);
  joinery_test_create (db, "round", "fund", "1", "name", "Round 1", "number", "1", NULL);
  joinery_test_create (db, "project", "name", "Bradford Beating Diabetes", "lead_organisation", "2", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Diabetes prevention", "applicant", "2",
                       "amount_requested", "£50,000", "amount_awarded", "£45,000", "status", "awarded",
                       "awarded_on", "2024-05-19", "project", "1", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Carers' network", "applicant", "1",
                       "amount_requested", "£20,000", "amount_awarded", "£12,500.50", "status", "awarded",
                       "awarded_on", "2024-06-01", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Falls pilot", "applicant", "2",
                       "amount_requested", "£8,000", "status", "submitted", NULL);
}

char *
lua_test_write (const char *dir, const char *name, const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *folder = g_path_get_dirname (path);

  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *config_home;

static void
remove_config_home (void)
{
  g_autofree char *joinery = g_build_filename (config_home, "joinery", NULL);
  g_autofree char *file = g_build_filename (joinery, "plugin-approvals.ini", NULL);

  g_unlink (file);
  g_rmdir (joinery);
  g_rmdir (config_home);
}

void
lua_test_isolate_config (void)
{
  if (config_home != NULL)
    return;
  config_home = g_dir_make_tmp ("joinery-test-config-XXXXXX", NULL);
  g_assert_nonnull (config_home);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  atexit (remove_config_home);
}

char *
lua_test_plugin (const char *dir, const char *id, const char *permissions, const char *reports,
                 const char *workflows, const char *actions, const char *main_lua)
{
  char *folder = g_build_filename (dir, id, NULL);
  g_autofree char *manifest = g_strdup_printf ("[Plugin]\nid=%s\nname=Test %s\nversion=1.0\nauthor=Tests\n"
                                               "api=1\npermissions=%s\nreports=%s\nworkflows=%s\nactions=%s\n",
                                               id, id, permissions, reports, workflows, actions);
  g_autofree char *m = lua_test_write (folder, "manifest.ini", manifest);
  g_autofree char *c = lua_test_write (folder, "main.lua", main_lua);

  /* As the user would: a test's own plugin that writes is approved (as it
   * is now), in a settings folder of the test's own. */
  if (g_str_equal (permissions, "write"))
    {
      g_autoptr(JoineryPlugin) plugin = NULL;
      g_autoptr(GError) error = NULL;

      lua_test_isolate_config ();
      plugin = joinery_plugin_load (folder);
      g_assert_true (joinery_plugin_approve (plugin, &error));
      g_assert_no_error (error);
    }
  return folder;
}

guint
lua_test_budget (guint time_ms)
{
  const char *factor = g_getenv ("JOINERY_TEST_TIME_FACTOR");
  guint64 n = 1;

  if (factor != NULL && !g_ascii_string_to_unsigned (factor, 10, 1, 100, &n, NULL))
    n = 1;
  return time_ms * (guint) n;
}

JoineryReportOutput *
lua_test_script (JoineryTestDb *tdb, const char *code, guint time_ms, GError **error)
{
  g_autofree char *path = lua_test_write (tdb->dir, "script.lua", code);
  JoineryLuaLimits limits = { lua_test_budget (time_ms), 0, NULL };

  return joinery_lua_run_script (path, tdb->path, &limits, error);
}

char *
lua_test_digest (const char *path)
{
  return lua_test_digest_records (path, FALSE);
}

char *
lua_test_digest_records (const char *path, gboolean records_only)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      /* The records alone: not the audit trail, the undo log or the index. */
      if (!records_only || joinery_kind_lookup (table) != NULL)
        g_ptr_array_add (tables, g_strdup (table));
    }
  sqlite3_finalize (stmt);
  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (char *) tables->pdata[t]);
      g_checksum_update (sum, tables->pdata[t], -1);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const void *blob = sqlite3_column_blob (stmt, c);
            g_checksum_update (sum, (const guchar *) "|", 1);
            if (blob != NULL)
              g_checksum_update (sum, blob, sqlite3_column_bytes (stmt, c));
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_strdup (g_checksum_get_string (sum));
}

const char *
lua_test_first_cell (JoineryReportOutput *output)
{
  for (guint i = 0; i < joinery_report_output_get_n_blocks (output); i++)
    {
      const JoineryReportBlock *block = joinery_report_output_get_block (output, i);
      if (block->type == JOINERY_REPORT_BLOCK_TABLE && block->table->n_rows > 0)
        return joinery_report_table_get_cell (block->table, 0, 0)->text;
    }
  return NULL;
}

gint64
lua_test_count (JoineryDb *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

char *
lua_test_text (JoineryDb *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

void
lua_test_enable_workflows (JoineryDb *db, JoineryPluginRegistry *registry)
{
  GPtrArray *plugins = joinery_plugin_registry_get_plugins (registry);

  for (guint p = 0; p < plugins->len; p++)
    {
      GPtrArray *workflows = joinery_plugin_get_workflows (plugins->pdata[p]);

      for (guint w = 0; w < workflows->len; w++)
        {
          const JoineryWorkflowInfo *info = workflows->pdata[w];
          g_autoptr(GError) error = NULL;

          g_assert_true (joinery_db_set_workflow_enabled (db, joinery_plugin_get_id (plugins->pdata[p]), info->id,
                                                          TRUE, &error));
          g_assert_no_error (error);
        }
    }
}

void
lua_test_fixture_setup (LuaTestFixture *f, gconstpointer data)
{
  f->tdb = joinery_test_db_new ();
  lua_test_fill (f->tdb->db);
  f->plugins = g_build_filename (f->tdb->dir, "plugins", NULL);
}

void
lua_test_fixture_teardown (LuaTestFixture *f, gconstpointer data)
{
  g_free (f->plugins);
  joinery_test_db_free (f->tdb);
}

JoineryPluginRegistry *
lua_test_bundled_registry (void)
{
  g_autofree char *bundled = joinery_plugins_bundled_folder ();
  JoineryPluginRegistry *registry = joinery_plugin_registry_new ();

  joinery_plugin_registry_add_folder (registry, bundled);
  joinery_plugin_registry_load (registry);
  return registry;
}
