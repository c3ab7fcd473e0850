/* test-gui-open.c: what opening a file does in the window, and in which
 * order, in a real window under Xvfb: Home comes first and is painted
 * with the core's own figures, with no spinner turning for a quick read;
 * no list of records is built behind it until the records are shown (a
 * kind chosen, Ctrl+F, Ctrl+N); the sidebar's counts come once Home has
 * painted its figures, or after a while in a window never shown (where
 * Home reads nothing, as it does while a list is shown); a file
 * opened while the last one was still being read shows its own figures
 * and counts. */
#include <adwaita.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-background.h"
#include "joinery-window.h"
#include "joinery-window-page.h"
#include "joinery-dashboard-page.h"
#include "joinery-gui-util.h"
#include "joinery-record-form.h"
#include "joinery-record-list.h"
#include "joinery-test-util.h"

static JoineryApplication *app;

#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 30)

typedef struct {
  JoineryTestDb *tdb;
  JoineryWindow *window;
  guint          paints;  /* frames painted since counting began */
} Fixture;

static const JoineryKind *
kind (const char *name)
{
  return joinery_kind_lookup (name);
}

static void
fill (JoineryDb *db, guint people)
{
  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (db, "organisation", "name", "Leeds Teaching Hospitals", "kind", "nhs_trust", NULL);
  joinery_test_create (db, "organisation", "name", "Older People's Forum", "kind", "voluntary", NULL);
  joinery_test_create (db, "task", "title", "Year 1 impact report", "due_on", "2001-01-01", NULL);
  for (guint i = 0; i < people; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %u", i + 1);
      joinery_test_create (db, "person", "name", name, "organisation", "1", NULL);
    }
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->tdb = joinery_test_db_new ();
  fill (f->tdb->db, 3);
  f->window = joinery_window_new (GTK_APPLICATION (app));
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  joinery_gui_test_spin (50);
  joinery_test_db_free (f->tdb);
}

static void
painted_cb (GdkFrameClock *clock, Fixture *f)
{
  f->paints++;
}

static JoineryDashboardPage *
home (Fixture *f)
{
  GtkWidget *page = joinery_window_get_page_widget (f->window, "home");

  g_assert_true (JOINERY_IS_DASHBOARD_PAGE (page));
  return JOINERY_DASHBOARD_PAGE (page);
}

static const char *
count_of (Fixture *f, const char *name)
{
  return joinery_window_get_kind_count (f->window, kind (name));
}

static void
open_file (Fixture *f, const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_window_open_file (f->window, path, FALSE, &error));
  g_assert_no_error (error);
}

static void
present (Fixture *f)
{
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), "after-paint", G_CALLBACK (painted_cb),
                    f);
}

/* Home first, its figures the core's, painted before the counts come;
 * no list built behind it. */
static void
test_home_first (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDashboard) core = NULL;
  g_autoptr(GPtrArray) buttons = NULL;
  JoineryDashboard *shown;
  guint checked = 0;
  guint n_lowered = joinery_background_get_n_run ();

  open_file (f, f->tdb->path);
  /* Home is the page shown (it reads once mapped); nothing else is built
   * or read. */
  g_assert_cmpstr (joinery_window_get_page (f->window), ==, "records");
  g_assert_cmpstr (joinery_window_get_visible_page (f->window), ==, "home");
  g_assert_nonnull (home (f));
  g_assert_null (joinery_window_get_list (f->window));
  g_assert_cmpstr (count_of (f, "person"), ==, "");
  g_assert_cmpuint (joinery_background_get_n_run (), ==, n_lowered);
  /* No spinner turning for a read this quick (it waits to be needed). */
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (
    joinery_gui_test_find_descendant (GTK_WIDGET (home (f)), GTK_TYPE_SPINNER))));

  present (f);
  WAIT_FOR (joinery_dashboard_page_is_ready (home (f)));
  /* The figures are in before any count is. */
  g_assert_cmpstr (joinery_dashboard_page_get_state (home (f)), ==, "figures");
  g_assert_cmpstr (count_of (f, "person"), ==, "");
  g_assert_cmpstr (count_of (f, "organisation"), ==, "");
  f->paints = 0;
  WAIT_FOR (f->paints > 0);

  /* Painted with the core's own figures. */
  core = joinery_dashboard_read (joinery_window_get_db (f->window), NULL, &error);
  g_assert_no_error (error);
  shown = joinery_dashboard_page_get_dashboard (home (f));
  g_assert_cmpint (shown->n_organisations, ==, 3);
  g_assert_cmpint (shown->n_organisations, ==, core->n_organisations);
  g_assert_cmpint (shown->open_tasks->count, ==, core->open_tasks->count);
  g_assert_cmpint (shown->overdue_tasks->count, ==, 1);
  buttons = joinery_dashboard_page_dup_figure_buttons (home (f));
  for (guint i = 0; i < buttons->len; i++)
    {
      JoineryDashboardFigure *figure = joinery_dashboard_page_get_button_figure (buttons->pdata[i]);

      for (guint j = 0; j < core->organisations->len; j++)
        {
          JoineryDashboardFigure *expected = g_ptr_array_index (core->organisations, j);

          if (figure->kind == expected->kind && g_strcmp0 (figure->label, expected->label) == 0)
            {
              g_autofree char *text = joinery_gui_format_count ((guint64) expected->count);

              g_assert_cmpstr (joinery_dashboard_page_get_button_value (buttons->pdata[i]), ==, text);
              g_assert_true (gtk_widget_get_mapped (buttons->pdata[i]));
              checked++;
            }
        }
    }
  g_assert_cmpuint (checked, ==, 3); /* council, NHS trust, voluntary */

  /* Then the sidebar's counts, still with no list built: read at a
   * lower priority than the window's (joinery_background_run()). */
  WAIT_FOR (g_strcmp0 (count_of (f, "person"), "3") == 0);
  g_assert_cmpstr (count_of (f, "organisation"), ==, "3");
  g_assert_cmpuint (joinery_background_get_n_run (), ==, n_lowered + 1);
  g_assert_null (joinery_window_get_list (f->window));
  g_assert_cmpstr (joinery_window_get_visible_page (f->window), ==, "home");

  /* A kind chosen: its list, built now. */
  joinery_window_show_kind (f->window, kind ("organisation"));
  g_assert_nonnull (joinery_window_get_list (f->window));
  g_assert_true (joinery_record_list_get_kind (joinery_window_get_list (f->window)) == kind ("organisation"));
  g_assert_null (joinery_window_get_visible_page (f->window));
  WAIT_FOR (!joinery_record_list_is_loading (joinery_window_get_list (f->window)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (joinery_record_list_get_model (
                      joinery_window_get_list (f->window)))), ==, 3);
}

/* Ctrl+N and Ctrl+F from Home: the remembered kind's list is built then,
 * and the records shown. */
static void
test_records_one_step_away (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = joinery_gui_dup_settings ();
  JoineryRecordForm *form;
  JoineryRecord *draft;

  g_assert_nonnull (settings);
  g_settings_set_string (settings, "last-kind", "organisation");
  open_file (f, f->tdb->path);
  present (f);
  WAIT_FOR (joinery_dashboard_page_is_ready (home (f)));
  g_assert_null (joinery_window_get_list (f->window));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-record", NULL);
  form = joinery_window_get_form (f->window);
  draft = joinery_record_form_get_record (form);
  g_assert_true (joinery_record_form_is_draft (form));
  g_assert_nonnull (draft);
  g_assert_true (joinery_record_get_kind (draft) == kind ("organisation"));
  g_assert_null (joinery_window_get_visible_page (f->window));
  g_assert_true (joinery_record_list_get_kind (joinery_window_get_list (f->window)) == kind ("organisation"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (form)));

  /* Back on Home, Ctrl+F: the same list, not another. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-back", NULL);
  g_assert_false (joinery_record_form_is_draft (form));
  g_assert_true (joinery_window_show_page (f->window, "home"));
  g_assert_cmpstr (joinery_window_get_visible_page (f->window), ==, "home");
  {
    JoineryRecordList *list = joinery_window_get_list (f->window);

    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
    g_assert_true (joinery_window_get_list (f->window) == list);
    g_assert_null (joinery_window_get_visible_page (f->window));
  }
  g_settings_reset (settings, "last-kind");
}

/* A window never shown paints nothing: Home, never mapped, reads no
 * figures; the counts wait for them, then come all the same, a little
 * later. */
static void
test_counts_unpainted (Fixture *f, gconstpointer data)
{
  gint64 start = g_get_monotonic_time ();

  open_file (f, f->tdb->path);
  g_assert_cmpstr (count_of (f, "person"), ==, "");
  joinery_gui_test_spin (200);
  g_assert_false (joinery_dashboard_page_is_ready (home (f)));
  g_assert_null (joinery_dashboard_page_get_dashboard (home (f)));
  /* Two seconds at most; a run slowed past most of them cannot tell. */
  if (g_get_monotonic_time () - start < 1500 * 1000)
    g_assert_cmpstr (count_of (f, "person"), ==, "");
  else
    g_test_message ("too slow a run to see the counts held");
  WAIT_FOR (g_strcmp0 (count_of (f, "person"), "3") == 0);
  g_assert_cmpstr (count_of (f, "task"), ==, "1");
  g_assert_false (gtk_widget_get_realized (GTK_WIDGET (f->window)));
  g_assert_null (joinery_window_get_list (f->window));
}

/* Home reads its figures only while it is shown: not in a window that
 * shows a list before its first frame (a person going straight to
 * People), whose counts come all the same; nor again after a change while
 * a list is shown, until Home is shown again. */
static void
test_home_read_when_shown (Fixture *f, gconstpointer data)
{
  JoineryDashboard *shown;

  open_file (f, f->tdb->path);
  joinery_window_show_kind (f->window, kind ("person"));
  present (f);
  WAIT_FOR (!joinery_record_list_is_loading (joinery_window_get_list (f->window)));
  WAIT_FOR (g_strcmp0 (count_of (f, "person"), "3") == 0);
  joinery_gui_test_spin (200);
  g_assert_false (joinery_dashboard_page_is_ready (home (f)));
  g_assert_null (joinery_dashboard_page_get_dashboard (home (f)));

  g_assert_true (joinery_window_show_page (f->window, "home"));
  WAIT_FOR (joinery_dashboard_page_is_ready (home (f)));
  shown = joinery_dashboard_page_get_dashboard (home (f));
  g_assert_nonnull (shown);
  g_assert_cmpint (shown->n_organisations, ==, 3);

  /* A change with the list shown: past the page's rest after changes,
   * still the figures from before; Home shown, the new ones. */
  joinery_window_show_kind (f->window, kind ("person"));
  joinery_test_create (joinery_window_get_db (f->window), "organisation", "name", "Wigan Council", "kind",
                       "council", NULL);
  joinery_gui_test_spin (800);
  g_assert_false (joinery_dashboard_page_is_ready (home (f)));
  g_assert_true (joinery_dashboard_page_get_dashboard (home (f)) == shown);
  g_assert_true (joinery_window_show_page (f->window, "home"));
  WAIT_FOR (joinery_dashboard_page_is_ready (home (f)));
  g_assert_cmpint (joinery_dashboard_page_get_dashboard (home (f))->n_organisations, ==, 4);
}

/* Another file opened before the first's figures were in: its own. */
static void
test_second_file_at_once (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryTestDb) other = joinery_test_db_new ();
  JoineryDashboard *shown;

  fill (other->db, 5);
  present (f);
  open_file (f, f->tdb->path);
  open_file (f, other->path);
  WAIT_FOR (joinery_dashboard_page_is_ready (home (f)));
  shown = joinery_dashboard_page_get_dashboard (home (f));
  g_assert_cmpstr (joinery_db_get_path (joinery_window_get_db (f->window)), ==, other->path);
  g_assert_cmpint (shown->n_organisations, ==, 3);
  WAIT_FOR (g_strcmp0 (count_of (f, "person"), "5") == 0);
  /* No count of the first file came late over the second's. */
  joinery_gui_test_spin (300);
  g_assert_cmpstr (count_of (f, "person"), ==, "5");
  gtk_window_destroy (GTK_WINDOW (f->window));
  WAIT_FOR (f->window == NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  app = joinery_gui_test_app_start ();

  g_test_add ("/gui/open/home-first", Fixture, NULL, fixture_setup, test_home_first, fixture_teardown);
  g_test_add ("/gui/open/home-read-when-shown", Fixture, NULL, fixture_setup, test_home_read_when_shown,
              fixture_teardown);
  g_test_add ("/gui/open/records-one-step-away", Fixture, NULL, fixture_setup, test_records_one_step_away,
              fixture_teardown);
  g_test_add ("/gui/open/counts-unpainted", Fixture, NULL, fixture_setup, test_counts_unpainted,
              fixture_teardown);
  g_test_add ("/gui/open/second-file-at-once", Fixture, NULL, fixture_setup, test_second_file_at_once,
              fixture_teardown);
  return joinery_gui_test_app_run (&app);
}
