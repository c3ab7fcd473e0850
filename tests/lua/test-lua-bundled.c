/* test-lua-bundled.c: the plugins that come with Joinery (scripts/), on a
 * small network: the grants-by-status report and the grant-monitoring
 * workflow, with the values they must give.
 */
#include "lua-test-util.h"

#include <string.h>

typedef struct {
  JoineryTestDb         *tdb;
  JoineryPluginRegistry *registry;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *bundled = joinery_plugins_bundled_folder ();

  f->tdb = joinery_test_db_new ();
  lua_test_fill (f->tdb->db);
  f->registry = joinery_plugin_registry_new ();
  joinery_plugin_registry_add_folder (f->registry, bundled);
  joinery_plugin_registry_load (f->registry);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_object_unref (f->registry);
  joinery_test_db_free (f->tdb);
}

static char *
table_text (const JoineryReportTable *table)
{
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < table->n_rows; r++)
    for (guint c = 0; c < table->n_columns; c++)
      {
        g_autofree char *cell = joinery_report_cell_format (joinery_report_table_get_cell (table, r, c),
                                                            table->columns[c].type, FALSE);
        g_string_append_printf (out, "%s%s", cell, c + 1 < table->n_columns ? "," : ";");
      }
  return g_string_free (out, FALSE);
}

static JoineryReportOutput *
run_report (Fixture *f, ...)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  JoineryPlugin *plugin = NULL;
  const JoineryReportInfo *info = joinery_plugin_registry_find_report (f->registry, "grants-by-status", &plugin, &error);
  JoineryReportOutput *output;
  const char *name;
  va_list args;

  g_assert_no_error (error);
  g_assert_nonnull (info);
  va_start (args, f);
  while ((name = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (params, (gpointer) name, va_arg (args, char *));
  va_end (args);
  output = joinery_lua_run_report (plugin, info->id, f->tdb->path, params, NULL, &error);
  g_assert_no_error (error);
  return output;
}

static void
test_grants_by_status (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryReportOutput) all = run_report (f, NULL);
  g_autoptr(JoineryReportOutput) fund = run_report (f, "fund", "1", "from", "2024-06-01", NULL);
  g_autofree char *by_status = NULL;
  g_autofree char *by_year = NULL;
  g_autofree char *from_status = NULL;
  const JoineryReportBlock *chart;

  g_assert_cmpstr (joinery_report_output_get_title (all), ==, "Grants by status");
  g_assert_cmpuint (joinery_report_output_get_n_blocks (all), ==, 5);
  g_assert_cmpstr (joinery_report_output_get_block (all, 0)->text, ==, "All grants");
  by_status = table_text (joinery_report_output_get_block (all, 1)->table);
  g_assert_cmpstr (by_status, ==, "submitted,1,8000.00,0.00,0.0%;awarded,2,70000.00,57500.50,100.0%;");
  g_assert_cmpstr (joinery_report_output_get_block (all, 2)->text, ==, "3 grants; £57,500.50 awarded in all.");
  chart = joinery_report_output_get_block (all, 3);
  g_assert_cmpint (chart->type, ==, JOINERY_REPORT_BLOCK_CHART);
  g_assert_cmpint (chart->chart->kind, ==, JOINERY_REPORT_CHART_BAR);
  g_assert_cmpstr (chart->chart->data->columns[chart->chart->y[0]].name, ==, "Awarded");
  by_year = table_text (joinery_report_output_get_block (all, 4)->table);
  g_assert_cmpstr (by_year, ==, "2024/25,2,57500.50;");

  g_assert_cmpstr (joinery_report_output_get_block (fund, 0)->text, ==, "Grants of Better Care Fund");
  g_assert_cmpstr (joinery_report_output_get_block (fund, 1)->text, ==, "From 1 June 2024.");
  from_status = table_text (joinery_report_output_get_block (fund, 2)->table);
  g_assert_cmpstr (from_status, ==, "submitted,1,8000.00,0.00,0.0%;awarded,1,20000.00,12500.50,100.0%;");
}

static void
ran_cb (JoineryWorkflowHost *host, JoineryPlugin *plugin, const char *id, gboolean skipped, GString *seen)
{
  g_string_append_printf (seen, "%s%s;", id, skipped ? " skipped" : "");
}

static void
failed_cb (JoineryWorkflowHost *host, JoineryPlugin *plugin, const char *id, GError *error, GString *seen)
{
  g_string_append_printf (seen, "%s failed: %s;", id, error->message);
}

static void
test_grant_monitoring (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryWorkflowHost) host = joinery_workflow_host_new (f->tdb->db, f->registry, NULL);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(JoineryRecord) grant = joinery_db_get (f->tdb->db, joinery_kind_lookup ("grant"), 3, NULL);
  g_autoptr(JoineryRecord) other = joinery_db_get (f->tdb->db, joinery_kind_lookup ("grant"), 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autofree char *label = NULL;
  g_autofree char *records = NULL;
  g_autofree char *records_after = NULL;

  g_signal_connect (host, "workflow-ran", G_CALLBACK (ran_cb), seen);
  g_signal_connect (host, "workflow-failed", G_CALLBACK (failed_cb), seen);

  /* Awarded: three tasks, a tag and a note, in one step. */
  joinery_record_set_text (grant, "status", "awarded");
  joinery_record_set_text (grant, "awarded_on", "2024-02-29");
  joinery_record_set_integer (grant, "amount_awarded", 700000);
  g_assert_true (joinery_db_update (f->tdb->db, grant, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "grant-monitoring;");
  records = lua_test_digest_records (f->tdb->path, TRUE);

  tasks = joinery_db_list (f->tdb->db, joinery_kind_lookup ("task"), NULL, &error);
  g_assert_cmpuint (tasks->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const due[] = { "2025-02-28", "2026-02-28", "2027-02-28" };
      JoineryRecord *task = tasks->pdata[i];
      g_autofree char *title = g_strdup_printf ("Year %u impact report: Falls pilot", i + 1);
      g_autofree char *description = g_strdup_printf ("Ask Bradford Care Trust for the year %u report on the £7,000.00 grant.", i + 1);

      g_assert_cmpstr (joinery_record_get_text (task, "title"), ==, title);
      g_assert_cmpstr (joinery_record_get_text (task, "due_on"), ==, due[i]);
      g_assert_cmpstr (joinery_record_get_text (task, "description"), ==, description);
      g_assert_cmpstr (joinery_record_get_link_kind (task, "record"), ==, "grant");
      g_assert_cmpint (joinery_record_get_integer (task, "record"), ==, 3);
      g_assert_cmpstr (joinery_record_get_text (task, "created_by"), ==, "plugin:grant-monitoring");
    }
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tags WHERE record_kind = 'grant' AND record_id = 3 AND name = 'monitoring'"), ==, 1);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM notes WHERE record_id = 3 AND body = "
                             "'Monitoring planned: reports due 2025-02-28, 2026-02-28 and 2027-02-28.'"), ==, 1);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM audit WHERE source = 'plugin:grant-monitoring'"), ==, 5);

  /* Another status change that is not an award: its `when` says no. */
  g_string_truncate (seen, 0);
  joinery_record_set_text (other, "status", "completed");
  g_assert_true (joinery_db_update (f->tdb->db, other, &error));
  g_assert_cmpstr (seen->str, ==, "grant-monitoring skipped;");
  records_after = lua_test_digest_records (f->tdb->path, TRUE);
  g_assert_cmpstr (records_after, !=, records);

  /* Undo takes back the grant's change; the workflow's step before it, again. */
  g_assert_true (joinery_db_undo (f->tdb->db, &label, &error));
  g_assert_cmpstr (label, ==, "Change grant “Diabetes prevention”");
  g_clear_pointer (&label, g_free);
  g_assert_true (joinery_db_undo (f->tdb->db, &label, &error));
  g_assert_cmpstr (label, ==, "Workflow: Plan the monitoring of an awarded grant");
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 0);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM notes"), ==, 0);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM grants WHERE id = 3 AND status = 'awarded'"), ==, 1);
  joinery_test_assert_check_clean (f->tdb->db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lua/bundled/grants-by-status", test_grants_by_status);
  ADD ("/lua/bundled/grant-monitoring", test_grant_monitoring);
  return g_test_run ();
}
