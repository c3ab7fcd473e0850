/* test-gui-reports.c: the Reports page in the real window, under Xvfb.
 *
 * A report run from the page with parameters shows the same table as
 * `joinery report … --format csv` with those parameters; its result
 * exports as CSV and as a PDF whose first page has the title (read back
 * with pdftotext); a runaway plugin is stopped by its budget with the
 * sandbox's message while the window keeps drawing; Cancel stops a run; a
 * plugin dropped into the user's folder shows without a restart, and a
 * broken one is listed with its reason; a report's last parameters come
 * back when it is chosen again.
 *
 * With JOINERY_TEST_SHOTS=DIR the page is photographed into DIR in light
 * and dark style (ImageMagick's `import -window root`).
 */
#include "config.h"

#include <adwaita.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-reference-chooser.h"
#include "joinery-reports-page.h"
#include "joinery-window.h"
#include "joinery-test-util.h"

static JoineryApplication *app;
static char *user_plugins;   /* $XDG_DATA_HOME/joinery/plugins */

typedef struct {
  JoineryTestDb      *tdb;
  JoineryWindow      *window;
  JoineryReportsPage *page;
  char               *dir;
} Fixture;

#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 60)
#define spin joinery_gui_test_spin
#define shoot joinery_gui_test_shoot

static const char *looper_main =
  "joinery.report { id = 'forever', title = 'Forever', description = 'Never ends',\n"
  "  run = function (ctx) local n = 0 while true do n = n + 1 end end }\n";

static const char *params_main =
  "joinery.report { id = 'echo', title = 'Echo', description = 'Shows what it was given',\n"
  "  params = { { name = 'who', type = 'text', label = 'Who', default = 'nobody' },\n"
  "             { name = 'top', type = 'number', label = 'Top', default = 5 },\n"
  "             { name = 'from', type = 'date', label = 'From', default = '2024-04-01' },\n"
  "             { name = 'status', type = 'choice', choices = { 'awarded', 'declined' }, required = true },\n"
  "             { name = 'fund', type = 'record', kind = 'fund', label = 'Fund' } },\n"
  "  run = function (ctx, p)\n"
  "    ctx:heading('Given')\n"
  "    local t = ctx:table { title = 'Parameters', columns = { 'Name', 'Value' } }\n"
  "    t:add('who', p.who) t:add('top', tostring(p.top)) t:add('from', tostring(p.from))\n"
  "    t:add('status', p.status) t:add('fund', p.fund and p.fund.name or '')\n"
  "  end }\n";

static const char *charts_main =
  "joinery.report { id = 'charts', title = 'Every kind of chart', description = 'Bars, lines and a pie',\n"
  "  run = function (ctx)\n"
  "    ctx:heading('Money by year')\n"
  "    ctx:paragraph('What was asked for and awarded, year by year.')\n"
  "    local t = ctx:table { title = 'By year', columns = { 'Year', { 'Requested', 'money' }, { 'Awarded', 'money' },\n"
  "                                                         { 'Share', 'percent' }, { 'Grants', 'integer' } } }\n"
  "    t:add('2021', 12000000, 8000000, 0.66, 12) t:add('2022', 15000000, 12500050, 0.83, 15)\n"
  "    t:add('2023', 9000000, 4000000, 0.44, 9) t:add('2024', 20000000, 16000000, 0.8, 21)\n"
  "    ctx:chart { kind = 'bar', title = 'Requested and awarded', data = t, x = 'Year', y = { 'Requested', 'Awarded' } }\n"
  "    ctx:chart { kind = 'line', title = 'Share awarded', data = t, x = 'Year', y = 'Share' }\n"
  "    ctx:chart { kind = 'pie', title = 'Grants by year', data = t, x = 'Year', y = 'Grants' }\n"
  "  end }\n";

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* A plugin in the user's folder: its manifest first, its code last, as a
 * person copying it in would. */
static void
write_plugin (const char *id, const char *category, const char *reports, const char *main_lua)
{
  g_autofree char *folder = g_build_filename (user_plugins, id, NULL);
  g_autofree char *manifest = g_strdup_printf ("[Plugin]\nid=%s\nname=Test %s\nversion=1.0\nauthor=Tests\n"
                                               "api=1\npermissions=read\nreports=%s\n%s%s\n",
                                               id, id, reports, category != NULL ? "category=" : "",
                                               category != NULL ? category : "");

  write_file (folder, "manifest.ini", manifest);
  write_file (folder, "main.lua", main_lua);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  JoineryDb *db;

  g_settings_reset (settings, "report-params");
  joinery_test_rm_rf (user_plugins);
  write_plugin ("looper", "Tests", "forever", looper_main);
  write_plugin ("params", "Tests", "echo", params_main);
  write_plugin ("charts", "Examples", "charts", charts_main);

  f->tdb = joinery_test_db_new ();
  db = f->tdb->db;
  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (db, "organisation", "name", "Bradford Care Trust", "kind", "voluntary", NULL);
  joinery_test_create (db, "theme", "name", "Ageing well", NULL);
  joinery_test_create (db, "theme", "name", "Carers", NULL);
  joinery_test_create (db, "fund", "name", "Better Care Fund", "funder", "1", NULL);
  joinery_test_create (db, "fund", "name", "Healthy Communities Fund", "funder", "1", NULL);
  joinery_test_create (db, "round", "fund", "1", "name", "Round 1", "number", "1", NULL);
  joinery_test_create (db, "round", "fund", "2", "name", "Spring round", "number", "1", NULL);
  joinery_test_create (db, "round", "fund", "2", "name", "Autumn round", "number", "2", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Diabetes prevention", "applicant", "2",
                       "amount_requested", "£50,000", "amount_awarded", "£45,000", "status", "awarded",
                       "awarded_on", "2024-05-19", "theme", "1", NULL);
  joinery_test_create (db, "grant", "round", "2", "title", "Carers' network", "applicant", "1",
                       "amount_requested", "£20,000", "amount_awarded", "£12,500.50", "status", "awarded",
                       "awarded_on", "2024-06-01", "theme", "2", NULL);
  joinery_test_create (db, "grant", "round", "3", "title", "Falls pilot", "applicant", "2",
                       "amount_requested", "£8,000", "amount_awarded", "£7,250", "status", "awarded",
                       "awarded_on", "2024-11-01", "theme", "1", NULL);
  joinery_test_create (db, "grant", "round", "3", "title", "Walking group", "applicant", "1",
                       "amount_requested", "£3,000", "status", "submitted", NULL);

  f->dir = g_dir_make_tmp ("joinery-gui-reports-XXXXXX", &error);
  g_assert_no_error (error);
  f->window = joinery_window_new (GTK_APPLICATION (app));
  g_assert_true (joinery_window_open_file (f->window, f->tdb->path, FALSE, &error));
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));

  g_assert_true (joinery_window_show_page (f->window, "reports"));
  f->page = JOINERY_REPORTS_PAGE (joinery_window_get_page_widget (f->window, "reports"));
  g_assert_nonnull (f->page);
  WAIT_FOR (!joinery_reports_page_is_loading (f->page));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  spin (20);
  joinery_test_db_free (f->tdb);
  joinery_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
run_and_wait (Fixture *f)
{
  joinery_reports_page_run (f->page);
  g_assert_true (joinery_reports_page_is_running (f->page));
  WAIT_FOR (!joinery_reports_page_is_running (f->page));
}

/* The first table of `csv` (up to its first blank line). */
static char *
dup_first_csv_table (const char *csv)
{
  const char *end = strstr (csv, "\n\n");
  g_autofree char *table = end != NULL ? g_strndup (csv, end - csv + 1) : g_strdup (csv);

  return g_strdelimit (g_steal_pointer (&table), "\r", '\n');
}

static char *
run_cli_csv (Fixture *f, const char *report, const char *param)
{
  const char *args[] = { "report", report, "--param", param, "--format", "csv", "--db", f->tdb->path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = joinery_test_run_joinery (f->dir, NULL, args, &out, &err);

  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&out);
}

/* The fund summary for the second fund, run from the page: every table
 * shown is the command line's, cell for cell; the first table is shown
 * row by row as the report made it, money in pounds. */
static void
test_run_matches_cli (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cli = run_cli_csv (f, "fund-summary", "fund=2");
  g_autofree char *page_csv = NULL;
  JoineryReportView *view = joinery_reports_page_get_view (f->page);
  JoineryReportOutput *output;
  g_autofree char *exported = NULL;
  g_autofree char *exported_text = NULL;
  g_autofree char *cell = NULL;

  g_assert_true (joinery_reports_page_select_report (f->page, "fund-summary"));
  g_assert_cmpstr (joinery_reports_page_get_selected (f->page), ==, "fund-summary/fund-summary");
  g_assert_true (joinery_reports_page_set_param (f->page, "fund", "2"));
  run_and_wait (f);
  g_assert_null (joinery_reports_page_get_message (f->page));
  output = joinery_report_view_get_output (view);
  g_assert_nonnull (output);
  g_assert_cmpstr (joinery_report_output_get_title (output), ==, "Fund summary by theme and round");

  page_csv = joinery_report_output_render (output, JOINERY_REPORT_FORMAT_CSV);
  g_assert_cmpstr (page_csv, ==, cli);
  g_assert_true (g_str_has_prefix (cli, "Theme,Round,Grants,Requested,Awarded"));

  /* What the table shows: Carers / Spring round first, its award in £. */
  g_assert_nonnull (joinery_report_view_get_table (view, 0));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (joinery_report_view_get_table (view, 0)))),
                    ==, 4);
  cell = joinery_report_view_dup_cell (view, 0, 0, 0);
  g_assert_cmpstr (cell, ==, "Ageing well");
  g_free (cell);
  cell = joinery_report_view_dup_cell (view, 0, 0, 4);
  g_assert_cmpstr (cell, ==, "£7,250.00");
  g_free (cell);
  cell = joinery_report_view_dup_cell (view, 0, 1, 1);
  g_assert_cmpstr (cell, ==, "Spring round");
  g_assert_nonnull (joinery_report_view_get_chart (view, 0));
  shoot ("reports-fund-summary");

  /* Sorting by Awarded, as a click on its header does. */
  {
    GtkColumnView *table = joinery_report_view_get_table (view, 0);
    GtkColumnViewColumn *awarded = g_list_model_get_item (gtk_column_view_get_columns (table), 4);

    gtk_column_view_sort_by_column (table, awarded, GTK_SORT_DESCENDING);
    g_object_unref (awarded);
    g_free (cell);
    cell = joinery_report_view_dup_cell (view, 0, 0, 0);
    g_assert_cmpstr (cell, ==, "Total");
    g_free (cell);
    cell = joinery_report_view_dup_cell (view, 0, 1, 4);
    g_assert_cmpstr (cell, ==, "£12,500.50");
  }

  /* The export as CSV is the command line's CSV. */
  exported = g_build_filename (f->dir, "summary.csv", NULL);
  g_assert_true (joinery_reports_page_export (f->page, JOINERY_REPORT_EXPORT_CSV, exported, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (exported, &exported_text, NULL, &error));
  g_assert_cmpstr (exported_text, ==, cli);
  {
    g_autofree char *first = dup_first_csv_table (exported_text);
    g_assert_nonnull (strstr (first, "Carers,Spring round,1,20000.00,12500.50"));
  }
}

/* The PDF opens, and its first page has the report's title. */
static void
test_export_pdf (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "summary.pdf", NULL);
  g_autofree char *xlsx = g_build_filename (f->dir, "summary.xlsx", NULL);
  g_autofree char *html = g_build_filename (f->dir, "summary.html", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *text = NULL;
  g_autofree char *page2 = NULL;
  g_autofree char *html_text = NULL;
  int status = -1;

  /* Nothing to export before a run. */
  g_assert_true (joinery_reports_page_select_report (f->page, "fund-summary"));
  g_assert_false (joinery_reports_page_export (f->page, JOINERY_REPORT_EXPORT_PDF, pdf, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  g_assert_true (joinery_reports_page_set_param (f->page, "fund", "Healthy Communities Fund"));
  run_and_wait (f);
  g_assert_null (joinery_reports_page_get_message (f->page));
  g_assert_true (joinery_reports_page_export (f->page, JOINERY_REPORT_EXPORT_PDF, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_reports_page_export (f->page, JOINERY_REPORT_EXPORT_XLSX, xlsx, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_reports_page_export (f->page, JOINERY_REPORT_EXPORT_HTML, html, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (html, &html_text, NULL, &error));
  g_assert_nonnull (strstr (html_text, "Fund summary by theme and round"));
  g_assert_nonnull (strstr (html_text, "<svg"));
  {
    g_autofree char *bytes = NULL;
    gsize length = 0;
    g_assert_true (g_file_get_contents (xlsx, &bytes, &length, &error));
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (memcmp (bytes, "PK", 2) == 0);
    g_free (bytes);
    g_assert_true (g_file_get_contents (pdf, &bytes, &length, &error));
    g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  }

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  {
    const char *argv[] = { pdftotext, "-f", "1", "-l", "1", "-layout", pdf, "-", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_nonnull (strstr (text, "Fund summary by theme and round"));
  g_assert_nonnull (strstr (text, "Healthy Communities Fund"));
  g_assert_nonnull (strstr (text, "£12,500.50"));
  g_assert_nonnull (strstr (text, "page 1 of 1"));

  /* Printed: the same pages, through the print operation. */
  {
    g_autofree char *printed = g_build_filename (f->dir, "printed.pdf", NULL);
    g_autofree char *printed_text = NULL;
    const char *argv[] = { pdftotext, "-f", "1", "-l", "1", printed, "-", NULL };

    g_assert_true (joinery_reports_page_print_to_file (f->page, printed, &error));
    g_assert_no_error (error);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &printed_text, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (printed_text, "Fund summary by theme and round"));
    g_assert_nonnull (strstr (printed_text, "£12,500.50"));
    g_assert_nonnull (strstr (printed_text, "page 1 of 1"));
  }
  {
    const char *argv[] = { pdftotext, "-f", "2", "-l", "2", pdf, "-", NULL };
    /* There is no second page: pdftotext says so. */
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &page2, NULL, &status, NULL);
    g_assert_cmpstr (page2, ==, "");
  }
}

typedef struct {
  JoineryReportsPage *page;
  guint               ticks;   /* ticks that came while the plugin ran */
} Ticks;

static gboolean
tick_cb (gpointer data)
{
  Ticks *ticks = data;

  if (joinery_reports_page_is_running (ticks->page))
    ticks->ticks++;
  return G_SOURCE_CONTINUE;
}

/* A plugin that loops for ever is stopped by its budget with the
 * sandbox's message, and the window went on drawing meanwhile. */
static void
test_runaway (Fixture *f, gconstpointer data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  gint64 frames_before, start;
  Ticks ticks = { f->page, 0 };
  guint source;

  joinery_reports_page_set_time_limit (f->page, 1500);
  g_assert_true (joinery_reports_page_select_report (f->page, "looper/forever"));
  frames_before = gdk_frame_clock_get_frame_counter (clock);
  source = g_timeout_add (20, tick_cb, &ticks);
  start = g_get_monotonic_time ();
  joinery_reports_page_run (f->page);
  g_assert_true (joinery_reports_page_is_running (f->page));
  /* While it runs the window answers: a redraw asked for is drawn. */
  spin (300);
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  WAIT_FOR (gdk_frame_clock_get_frame_counter (clock) > frames_before);
  shoot ("reports-running");
  WAIT_FOR (!joinery_reports_page_is_running (f->page));
  g_source_remove (source);

  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, >=, 1400);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 10000);
  /* The main loop went round while the plugin ran: a loop blocked until
   * the run ended would see none of the 20 ms ticks while it ran (each
   * asks whether it still runs, so a slow start on a loaded machine
   * cannot eat into them); a loaded machine drops many, so only a few
   * are asked for.
   * (Photographing blocks the loop, so not then.) */
  if (g_getenv ("JOINERY_TEST_SHOTS") == NULL)
    g_assert_cmpuint (ticks.ticks, >=, 5);
  g_assert_nonnull (joinery_reports_page_get_message (f->page));
  g_assert_nonnull (strstr (joinery_reports_page_get_message (f->page), "ran out of time"));
  g_assert_nonnull (strstr (joinery_reports_page_get_message (f->page), "1.5 s"));
  g_assert_null (joinery_report_view_get_output (joinery_reports_page_get_view (f->page)));
  shoot ("reports-runaway");
}

/* Ctrl+Return runs the chosen report: the page's shortcut for it. */
static void
test_run_shortcut (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->page));
  gboolean ran = FALSE;

  g_assert_true (joinery_reports_page_select_report (f->page, "echo"));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !ran; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !ran; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, "<Control>Return"))
            ran = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, GTK_WIDGET (f->page), NULL);
        }
    }
  g_assert_true (ran);
  g_assert_true (joinery_reports_page_is_running (f->page));
  WAIT_FOR (!joinery_reports_page_is_running (f->page));
  g_assert_null (joinery_reports_page_get_message (f->page));
  g_assert_cmpstr (joinery_report_output_get_title (joinery_report_view_get_output (joinery_reports_page_get_view (f->page))),
                   ==, "Echo");
}

/* Cancel stops a run long before its budget. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  gint64 start;

  g_assert_true (joinery_reports_page_select_report (f->page, "forever"));
  start = g_get_monotonic_time ();
  joinery_reports_page_run (f->page);
  spin (300);
  g_assert_true (joinery_reports_page_is_running (f->page));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.cancel", NULL);
  WAIT_FOR (!joinery_reports_page_is_running (f->page));
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 5000);
  g_assert_cmpstr (joinery_reports_page_get_message (f->page), ==, "The report was cancelled.");

  /* It runs again afterwards, to the end. */
  g_assert_true (joinery_reports_page_select_report (f->page, "echo"));
  run_and_wait (f);
  g_assert_null (joinery_reports_page_get_message (f->page));
  g_assert_nonnull (joinery_report_view_get_output (joinery_reports_page_get_view (f->page)));
}

/* A plugin copied into the user's folder shows without a restart, the
 * chosen report staying chosen; a broken one is listed with its reason;
 * a plugin taken away goes. */
static void
test_plugin_dropped_in (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = NULL;

  g_assert_false (joinery_reports_page_select_report (f->page, "late"));
  g_assert_true (joinery_reports_page_select_report (f->page, "echo"));

  write_plugin ("latecomer", "Late ones", "late",
                "joinery.report { id = 'late', title = 'Late', run = function (ctx) ctx:paragraph('here') end }\n");
  WAIT_FOR (joinery_reports_page_select_report (f->page, "late"));
  WAIT_FOR (!joinery_reports_page_is_loading (f->page));
  g_assert_cmpstr (joinery_reports_page_get_selected (f->page), ==, "latecomer/late");
  run_and_wait (f);
  g_assert_null (joinery_reports_page_get_message (f->page));

  /* A broken plugin: listed with the reason, not runnable. */
  write_plugin ("cracked", NULL, "oops", "joinery.report { id = 'oops', title = 'Oops', run = function ( end }\n");
  WAIT_FOR (joinery_reports_page_get_broken_reason (f->page, "cracked") != NULL);
  g_assert_nonnull (strstr (joinery_reports_page_get_broken_reason (f->page, "cracked"), "main.lua:1"));
  g_assert_false (joinery_reports_page_select_report (f->page, "oops"));
  g_assert_cmpstr (joinery_reports_page_get_selected (f->page), ==, "latecomer/late");
  shoot ("reports-list");

  /* Put right in place (a save from an editor), it shows. */
  folder = g_build_filename (user_plugins, "cracked", NULL);
  write_file (folder, "main.lua", "joinery.report { id = 'oops', title = 'Oops', run = function () end }\n");
  WAIT_FOR (joinery_reports_page_get_broken_reason (f->page, "cracked") == NULL
            && !joinery_reports_page_is_loading (f->page));
  g_assert_true (joinery_reports_page_select_report (f->page, "oops"));

  /* Taken away, it goes; reload() is what the script editor calls. */
  joinery_test_rm_rf (folder);
  joinery_reports_page_reload (f->page);
  WAIT_FOR (!joinery_reports_page_is_loading (f->page));
  g_assert_false (joinery_reports_page_select_report (f->page, "oops"));
  g_assert_null (joinery_reports_page_get_selected (f->page));
}

static GtkWidget *
find_widget (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Defaults first; what a report was run with comes back when it is
 * chosen again, in this window and the next. */
static void
test_remembered_params (Fixture *f, gconstpointer data)
{
  g_autofree char *value = NULL;
  JoineryReportOutput *output;
  g_autofree char *csv = NULL;

  g_assert_true (joinery_reports_page_select_report (f->page, "params/echo"));
  value = joinery_reports_page_dup_param (f->page, "who");
  g_assert_cmpstr (value, ==, "nobody");
  g_free (value);
  value = joinery_reports_page_dup_param (f->page, "from");
  g_assert_cmpstr (value, ==, "2024-04-01");
  g_free (value);
  value = joinery_reports_page_dup_param (f->page, "status");
  g_assert_cmpstr (value, ==, "awarded");
  g_free (value);
  value = joinery_reports_page_dup_param (f->page, "fund");
  g_assert_cmpstr (value, ==, "");
  g_free (value);

  g_assert_true (joinery_reports_page_set_param (f->page, "who", "Ann"));
  g_assert_true (joinery_reports_page_set_param (f->page, "top", "12"));
  g_assert_true (joinery_reports_page_set_param (f->page, "from", "2025-01-31"));
  g_assert_true (joinery_reports_page_set_param (f->page, "status", "declined"));
  /* The fund through its picker, as a person finds it by name. */
  {
    JoineryReferenceChooser *chooser = JOINERY_REFERENCE_CHOOSER (find_widget (GTK_WIDGET (f->page),
                                                                               JOINERY_TYPE_REFERENCE_CHOOSER));
    joinery_reference_chooser_search (chooser, "Better");
    WAIT_FOR (joinery_reference_chooser_get_n_results (chooser) == 1);
    joinery_reference_chooser_choose (chooser, 0);
    value = joinery_reports_page_dup_param (f->page, "fund");
    g_assert_cmpstr (value, ==, "1");
    g_free (value);
  }
  run_and_wait (f);
  g_assert_null (joinery_reports_page_get_message (f->page));
  output = joinery_report_view_get_output (joinery_reports_page_get_view (f->page));
  csv = joinery_report_output_render (output, JOINERY_REPORT_FORMAT_CSV);
  g_assert_cmpstr (csv, ==, "Name,Value\r\nwho,Ann\r\ntop,12\r\nfrom,2025-01-31\r\nstatus,declined\r\n"
                            "fund,Better Care Fund\r\n");
  shoot ("reports-params");

  /* Another report, then back. */
  g_assert_true (joinery_reports_page_select_report (f->page, "fund-summary"));
  g_assert_true (joinery_reports_page_select_report (f->page, "echo"));
  value = joinery_reports_page_dup_param (f->page, "who");
  g_assert_cmpstr (value, ==, "Ann");
  g_free (value);
  value = joinery_reports_page_dup_param (f->page, "status");
  g_assert_cmpstr (value, ==, "declined");
  g_free (value);

  /* A new window: still remembered. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin (20);
  {
    g_autoptr(GError) error = NULL;
    f->window = joinery_window_new (GTK_APPLICATION (app));
    g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
    g_assert_true (joinery_window_open_file (f->window, f->tdb->path, FALSE, &error));
    gtk_window_present (GTK_WINDOW (f->window));
    g_assert_true (joinery_window_show_page (f->window, "reports"));
    f->page = JOINERY_REPORTS_PAGE (joinery_window_get_page_widget (f->window, "reports"));
    WAIT_FOR (!joinery_reports_page_is_loading (f->page));
  }
  g_assert_true (joinery_reports_page_select_report (f->page, "echo"));
  value = joinery_reports_page_dup_param (f->page, "from");
  g_assert_cmpstr (value, ==, "2025-01-31");
  g_free (value);
  value = joinery_reports_page_dup_param (f->page, "fund");
  g_assert_cmpstr (value, ==, "1");
  g_free (value);
  value = joinery_reports_page_dup_param (f->page, "top");
  g_assert_cmpstr (value, ==, "12");
}

/* Each kind of chart is drawn, in light and in dark style; the table's
 * money shows in pounds and percentages as such. */
static void
test_charts (Fixture *f, gconstpointer data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  JoineryReportView *view = joinery_reports_page_get_view (f->page);
  g_autofree char *cell = NULL;

  g_assert_true (joinery_reports_page_select_report (f->page, "charts"));
  run_and_wait (f);
  g_assert_null (joinery_reports_page_get_message (f->page));
  g_assert_nonnull (joinery_report_view_get_chart (view, 2));
  g_assert_null (joinery_report_view_get_chart (view, 3));
  cell = joinery_report_view_dup_cell (view, 0, 1, 2);
  g_assert_cmpstr (cell, ==, "£125,000.50");
  g_free (cell);
  cell = joinery_report_view_dup_cell (view, 0, 1, 3);
  g_assert_cmpstr (cell, ==, "83.0%");
  WAIT_FOR (gtk_widget_get_mapped (joinery_report_view_get_chart (view, 0)));
  shoot ("reports-charts-light");
  if (g_getenv ("JOINERY_TEST_SHOTS") != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *pdf = g_build_filename (g_getenv ("JOINERY_TEST_SHOTS"), "reports-charts.pdf", NULL);
      g_assert_true (joinery_reports_page_export (f->page, JOINERY_REPORT_EXPORT_PDF, pdf, &error));
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_FOR (adw_style_manager_get_dark (style));
  shoot ("reports-charts-dark");
  {
    GtkWidget *chart = joinery_report_view_get_chart (view, 2);
    GtkWidget *scrolled = gtk_widget_get_ancestor (chart, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    shoot ("reports-charts-dark-bottom");
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
    WAIT_FOR (!adw_style_manager_get_dark (style));
    shoot ("reports-charts-light-bottom");
  }
}

int
main (int argc, char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("joinery-gui-reports-xdg-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  /* Xvfb has no GPU: GL is drawn by llvmpipe on the CPU, which a runaway
   * plugin busy on a loaded machine starves for seconds. Cairo drawing
   * measures what we mean to — that the main loop goes on — without it. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  user_plugins = g_build_filename (home, "joinery", "plugins", NULL);
  g_test_init (&argc, &argv, NULL);

  app = joinery_gui_test_app_start ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/reports/run-matches-cli", test_run_matches_cli);
  ADD ("/gui/reports/export-pdf", test_export_pdf);
  ADD ("/gui/reports/runaway", test_runaway);
  ADD ("/gui/reports/cancel", test_cancel);
  ADD ("/gui/reports/run-shortcut", test_run_shortcut);
  ADD ("/gui/reports/plugin-dropped-in", test_plugin_dropped_in);
  ADD ("/gui/reports/remembered-params", test_remembered_params);
  ADD ("/gui/reports/charts", test_charts);
#undef ADD

  status = joinery_gui_test_app_run (&app);
  joinery_test_rm_rf (home);
  g_free (user_plugins);
  return status;
}
