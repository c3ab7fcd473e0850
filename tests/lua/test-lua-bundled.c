/* test-lua-bundled.c: the plugins that come with Joinery (scripts/), on a
 * small network: the grants-by-status and fund-summary reports and the
 * grant-monitoring workflow, with the values they must give.
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
  f->tdb = joinery_test_db_new ();
  lua_test_fill (f->tdb->db);
  f->registry = lua_test_bundled_registry ();
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
run_report_valist (Fixture *f, const char *report_id, GError **error, va_list args)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  JoineryPlugin *plugin = NULL;
  const JoineryReportInfo *info = joinery_plugin_registry_find_report (f->registry, report_id, &plugin, error);
  const char *name;

  g_assert_nonnull (info);
  while ((name = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (params, (gpointer) name, va_arg (args, char *));
  return joinery_lua_run_report (plugin, info->id, f->tdb->path, params, NULL, error);
}

/* Run a report with its parameters as name, value pairs; it must succeed. */
static JoineryReportOutput *
run_report (Fixture *f, const char *report_id, ...)
{
  g_autoptr(GError) error = NULL;
  JoineryReportOutput *output;
  va_list args;

  va_start (args, report_id);
  output = run_report_valist (f, report_id, &error, args);
  va_end (args);
  g_assert_no_error (error);
  return output;
}

/* The same, returning the error instead. */
static JoineryReportOutput *
try_report (Fixture *f, const char *report_id, GError **error, ...)
{
  JoineryReportOutput *output;
  va_list args;

  va_start (args, error);
  output = run_report_valist (f, report_id, error, args);
  va_end (args);
  return output;
}

static void
test_grants_by_status (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryReportOutput) all = run_report (f, "grants-by-status", NULL);
  g_autoptr(JoineryReportOutput) fund = run_report (f, "grants-by-status", "fund", "1", "from", "2024-06-01", NULL);
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

/* A second fund beside lua_test_fill()'s Better Care Fund (#1, one round,
 * three grants without a theme), whose grants must not count: four themes,
 * one without grants and one in lower case; rounds created out of their
 * order, one without a number and without grants; grants awarded,
 * completed, submitted and declined, one without a theme. */
static void
fill_innovation_fund (JoineryDb *db)
{
  joinery_test_create (db, "fund", "name", "Innovation Fund", "funder", "1", NULL);          /* #2 */
  joinery_test_create (db, "fund", "name", "Empty Fund", NULL);                              /* #3 */
  joinery_test_create (db, "theme", "name", "Reduce the need for care", NULL);               /* #1 */
  joinery_test_create (db, "theme", "name", "delay the need for care", NULL);                /* #2 */
  joinery_test_create (db, "theme", "name", "Prevent the need for care", NULL);              /* #3 */
  joinery_test_create (db, "theme", "name", "Digital", NULL);                                /* #4 */
  for (guint t = 1; t <= 4; t++)
    {
      g_autofree char *theme = g_strdup_printf ("%u", t);
      joinery_test_create (db, "fund_theme", "fund", "2", "theme", theme, NULL);
    }
  joinery_test_create (db, "round", "fund", "2", "name", "Spring round", "number", "2", "closes_on", "2024-03-31", NULL); /* #2 */
  joinery_test_create (db, "round", "fund", "2", "name", "Autumn round", "number", "1", "closes_on", "2023-10-31", NULL); /* #3 */
  joinery_test_create (db, "round", "fund", "2", "name", "Extra round", NULL);                                          /* #4 */

  joinery_test_create (db, "grant", "round", "3", "title", "Home from hospital", "applicant", "2", "theme", "1",
                       "amount_requested", "£10,000", "amount_awarded", "£8,000.50", "status", "awarded",
                       "awarded_on", "2023-12-01", NULL);
  joinery_test_create (db, "grant", "round", "3", "title", "Good neighbours", "applicant", "1", "theme", "1",
                       "amount_requested", "£5,000", "status", "submitted", NULL);
  joinery_test_create (db, "grant", "round", "2", "title", "Falls clinic", "applicant", "2", "theme", "1",
                       "amount_requested", "£20,000", "amount_awarded", "£20,000", "status", "completed",
                       "awarded_on", "2024-05-01", NULL);
  joinery_test_create (db, "grant", "round", "2", "title", "Memory café", "applicant", "1", "theme", "2",
                       "amount_requested", "£12,000", "amount_awarded", "£11,999.99", "status", "awarded",
                       "awarded_on", "2024-05-01", NULL);
  joinery_test_create (db, "grant", "round", "3", "title", "Lunch club", "applicant", "1",
                       "amount_requested", "£3,000", "status", "declined", NULL);
  joinery_test_create (db, "grant", "round", "2", "title", "Tablets for carers", "applicant", "2", "theme", "4",
                       "amount_requested", "£1,000", "amount_awarded", "£500", "status", "awarded",
                       "awarded_on", "2024-05-01", NULL);
}

static void
test_fund_summary (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryReportOutput) by_id = NULL;
  g_autoptr(JoineryReportOutput) by_name = NULL;
  g_autoptr(JoineryReportOutput) other = NULL;
  g_autoptr(JoineryReportOutput) empty = NULL;
  g_autoptr(JoineryReportOutput) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *by_id_json = NULL;
  g_autofree char *by_name_json = NULL;
  g_autofree char *pairs = NULL;
  g_autofree char *themes = NULL;
  g_autofree char *rounds = NULL;
  g_autofree char *other_pairs = NULL;
  const JoineryReportBlock *block;
  const JoineryReportChart *chart;

  fill_innovation_fund (f->tdb->db);
  by_id = run_report (f, "fund-summary", "fund", "2", NULL);
  g_assert_cmpstr (joinery_report_output_get_title (by_id), ==, "Fund summary by theme and round");
  g_assert_cmpuint (joinery_report_output_get_n_blocks (by_id), ==, 6);
  g_assert_cmpstr (joinery_report_output_get_block (by_id, 0)->text, ==, "Innovation Fund");
  g_assert_cmpstr (joinery_report_output_get_block (by_id, 1)->text, ==,
                   "6 grants: £51,000.00 requested, £40,500.49 awarded.");

  /* Themes by name whatever the case, the one without a theme last;
   * rounds by number, not by name or creation; then the total. */
  block = joinery_report_output_get_block (by_id, 2);
  g_assert_cmpstr (block->table->title, ==, "By theme and round");
  g_assert_cmpint (block->table->columns[2].type, ==, JOINERY_REPORT_COLUMN_INTEGER);
  g_assert_cmpint (block->table->columns[3].type, ==, JOINERY_REPORT_COLUMN_MONEY);
  g_assert_cmpint (block->table->columns[4].type, ==, JOINERY_REPORT_COLUMN_MONEY);
  pairs = table_text (block->table);
  g_assert_cmpstr (pairs, ==,
                   "delay the need for care,Spring round,1,12000.00,11999.99;"
                   "Digital,Spring round,1,1000.00,500.00;"
                   "Reduce the need for care,Autumn round,2,15000.00,8000.50;"
                   "Reduce the need for care,Spring round,1,20000.00,20000.00;"
                   "No theme,Autumn round,1,3000.00,0.00;"
                   "Total,,6,51000.00,40500.49;");

  /* By theme: the fund's theme without grants too; charted. */
  block = joinery_report_output_get_block (by_id, 3);
  g_assert_cmpstr (block->table->title, ==, "By theme");
  themes = table_text (block->table);
  g_assert_cmpstr (themes, ==,
                   "delay the need for care,1,12000.00,11999.99;"
                   "Digital,1,1000.00,500.00;"
                   "Prevent the need for care,0,0.00,0.00;"
                   "Reduce the need for care,3,35000.00,28000.50;"
                   "No theme,1,3000.00,0.00;");
  block = joinery_report_output_get_block (by_id, 4);
  g_assert_cmpint (block->type, ==, JOINERY_REPORT_BLOCK_CHART);
  chart = block->chart;
  g_assert_cmpint (chart->kind, ==, JOINERY_REPORT_CHART_BAR);
  g_assert_cmpstr (chart->title, ==, "Awarded by theme");
  g_assert_cmpstr (chart->data->columns[chart->x].name, ==, "Theme");
  g_assert_cmpuint (chart->n_y, ==, 1);
  g_assert_cmpstr (chart->data->columns[chart->y[0]].name, ==, "Awarded");
  g_assert_cmpuint (chart->data->n_rows, ==, 5);

  /* By round: every round of the fund, the one without grants last. */
  block = joinery_report_output_get_block (by_id, 5);
  g_assert_cmpstr (block->table->title, ==, "By round");
  rounds = table_text (block->table);
  g_assert_cmpstr (rounds, ==,
                   "Autumn round,2023-10-31,3,18000.00,8000.50;"
                   "Spring round,2024-03-31,3,33000.00,32499.99;"
                   "Extra round,,0,0.00,0.00;");

  /* The fund by its name, whatever the case: the same report. */
  by_name = run_report (f, "fund-summary", "fund", "innovation FUND", NULL);
  by_id_json = joinery_report_output_to_json (by_id);
  by_name_json = joinery_report_output_to_json (by_name);
  g_assert_cmpstr (by_name_json, ==, by_id_json);

  /* The other fund: its grants alone. */
  other = run_report (f, "fund-summary", "fund", "#1", NULL);
  other_pairs = table_text (joinery_report_output_get_block (other, 2)->table);
  g_assert_cmpstr (other_pairs, ==, "No theme,Round 1,3,78000.00,57500.50;Total,,3,78000.00,57500.50;");

  /* A fund without grants says so; a fund is required, and must exist. */
  empty = run_report (f, "fund-summary", "fund", "Empty Fund", NULL);
  g_assert_cmpuint (joinery_report_output_get_n_blocks (empty), ==, 2);
  g_assert_cmpstr (joinery_report_output_get_block (empty, 1)->text, ==, "The fund has no grants yet.");
  none = try_report (f, "fund-summary", &error, NULL);
  g_assert_null (none);
  g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_PARAMETER);
  g_assert_cmpstr (error->message, ==, "plugin “fund-summary”: report “fund-summary” needs the parameter “fund” (Fund)");
  g_clear_error (&error);
  g_assert_null (try_report (f, "fund-summary", &error, "fund", "Better Care", NULL));
  g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_PARAMETER);
  g_assert_cmpstr (error->message, ==, "plugin “fund-summary”: parameter fund: there is no fund called “Better Care”");
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
  lua_test_enable_workflows (f->tdb->db, f->registry);

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
  ADD ("/lua/bundled/fund-summary", test_fund_summary);
  ADD ("/lua/bundled/grant-monitoring", test_grant_monitoring);
  return g_test_run ();
}
