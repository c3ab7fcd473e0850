/* test-gui-dashboard.c: the Home page on the demo, in a real window under
 * Xvfb: it is what opening a file shows first; each figure it shows is
 * the core's count; a click on a figure shows the list behind it with as
 * many rows; a click on a recent change opens that record; a change to
 * the data is shown once the changes rest; a new file shows what to do
 * first instead of zeros. */
#include <string.h>

#include <adwaita.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-window.h"
#include "joinery-window-page.h"
#include "joinery-dashboard-page.h"
#include "joinery-gui-util.h"
#include "joinery-record-form.h"
#include "joinery-test-util.h"

static JoineryApplication *app;

#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 30)

typedef struct {
  JoineryWindow        *window;
  JoineryDashboardPage *page;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  joinery_gui_test_open_demo_window (GTK_APPLICATION (app), &f->window);

  f->page = JOINERY_DASHBOARD_PAGE (joinery_window_get_page_widget (f->window, "home"));
  g_assert_nonnull (f->page);
  WAIT_FOR (joinery_dashboard_page_is_ready (f->page));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  joinery_gui_test_spin (50);
}

/* The core's own reading of the window's file. */
static JoineryDashboard *
core_dashboard (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JoineryDashboard *d = joinery_dashboard_read (joinery_window_get_db (f->window), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

/* The core's figure of the same list as `shown`. */
static JoineryDashboardFigure *
find_core_figure (JoineryDashboard *d, JoineryDashboardFigure *shown)
{
  GPtrArray *groups[] = { d->organisations, d->projects };
  JoineryDashboardFigure *singles[] = { d->awarded, d->upcoming_events, d->open_tasks, d->overdue_tasks };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (guint i = 0; i < groups[g]->len; i++)
      {
        JoineryDashboardFigure *figure = g_ptr_array_index (groups[g], i);
        if (figure->kind == shown->kind && g_strv_equal ((const char * const *) figure->filters,
                                                         (const char * const *) shown->filters))
          return figure;
      }
  for (guint i = 0; i < G_N_ELEMENTS (singles); i++)
    if (singles[i]->kind == shown->kind && g_strv_equal ((const char * const *) singles[i]->filters,
                                                         (const char * const *) shown->filters))
      return singles[i];
  g_error ("the core has no figure of %s like %s", shown->kind->plural, shown->label);
  return NULL;
}

static void
test_home_first (Fixture *f, gconstpointer data)
{
  g_assert_cmpstr (joinery_window_get_visible_page (f->window), ==, "home");
  g_assert_cmpstr (joinery_dashboard_page_get_state (f->page), ==, "figures");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->page)));
  /* It is the first page, before the reports. */
  g_assert_cmpstr (joinery_window_get_pages (NULL)[0]->name, ==, "home");
}

static void
test_figures_are_the_cores (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryDashboard) expected = core_dashboard (f);
  g_autoptr(GPtrArray) buttons = joinery_dashboard_page_dup_figure_buttons (f->page);
  gboolean saw_money = FALSE;

  /* The four key figures, then every kind of organisation and every stage. */
  g_assert_cmpuint (buttons->len, ==, 4 + expected->organisations->len + expected->projects->len);
  g_assert_cmpuint (expected->organisations->len, >, 3);
  g_assert_cmpuint (expected->projects->len, >, 2);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      JoineryDashboardFigure *shown = joinery_dashboard_page_get_button_figure (button);
      JoineryDashboardFigure *core = find_core_figure (expected, shown);
      const char *value = joinery_dashboard_page_get_button_value (button);

      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_cmpint (shown->count, ==, core->count);
      if (core == expected->awarded)
        {
          g_autofree char *money = joinery_format_money (expected->awarded_pence, TRUE);
          /* Whole pounds are shown without their pence. */
          g_assert_true (g_str_has_prefix (money, value));
          g_assert_true (strcmp (money, value) == 0 || g_str_equal (money + strlen (value), ".00"));
          saw_money = TRUE;
        }
      else
        {
          g_autofree char *count = joinery_gui_format_count ((guint64) core->count);
          g_assert_cmpstr (value, ==, count);
        }
    }
  g_assert_true (saw_money);
  g_assert_cmpuint (joinery_dashboard_page_get_dashboard (f->page)->changes->len, ==, expected->changes->len);
}

/* A label under `widget` that reads `text`, or NULL. */
static GtkWidget *
find_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The demo's story ends years before today: Home shows the money of its
 * latest year with awards, named as that year, and its latest events. */
static void
test_story_years_back (Fixture *f, gconstpointer data)
{
  JoineryDashboard *shown = joinery_dashboard_page_get_dashboard (f->page);
  g_autoptr(GPtrArray) rows = joinery_dashboard_page_dup_event_rows (f->page);
  g_autoptr(GPtrArray) buttons = joinery_dashboard_page_dup_figure_buttons (f->page);
  g_autofree char *name = NULL;
  g_autofree char *caption = NULL;
  JoineryRecord *record;

  g_assert_true (shown->awarded_earlier);
  g_assert_cmpint (shown->awarded->count, >, 0);
  g_assert_cmpint (shown->awarded_pence, >, 0);
  name = joinery_financial_year_name (shown->awarded_start);
  g_assert_true (g_str_has_prefix (shown->awarded_start, "201"));
  caption = g_strdup_printf ("Awarded in %s, %" G_GINT64_FORMAT " grant%s", name, shown->awarded->count,
                             shown->awarded->count == 1 ? "" : "s");
  g_assert_true (joinery_dashboard_page_get_button_figure (g_ptr_array_index (buttons, 0)) == shown->awarded);
  g_assert_nonnull (find_label (g_ptr_array_index (buttons, 0), caption));

  g_assert_cmpint (shown->upcoming_events->count, ==, 0);
  g_assert_cmpstr (joinery_dashboard_page_get_events_heading (f->page), ==, "Latest Events");
  g_assert_cmpuint (rows->len, ==, shown->latest_events->len);
  g_assert_cmpuint (rows->len, ==, JOINERY_DASHBOARD_N_EVENTS);
  gtk_widget_activate (g_ptr_array_index (rows, 0));
  g_assert_null (joinery_window_get_visible_page (f->window));
  record = joinery_record_form_get_record (joinery_window_get_form (f->window));
  g_assert_nonnull (record);
  g_assert_cmpstr (joinery_record_get_kind (record)->name, ==, "event");
  g_assert_cmpint (joinery_record_get_id (record), ==,
                   ((JoineryDashboardEvent *) g_ptr_array_index (shown->latest_events, 0))->id);
}

static guint
list_rows (Fixture *f)
{
  JoineryRecordList *list = joinery_window_get_list (f->window);

  WAIT_FOR (!joinery_record_list_is_loading (list));
  return g_list_model_get_n_items (G_LIST_MODEL (joinery_record_list_get_model (list)));
}

static void
test_figure_shows_its_list (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) buttons = joinery_dashboard_page_dup_figure_buttons (f->page);
  guint n_tried = 0;

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      JoineryDashboardFigure *figure = joinery_dashboard_page_get_button_figure (button);

      g_assert_true (joinery_window_show_page (f->window, "home"));
      g_assert_cmpstr (joinery_window_get_visible_page (f->window), ==, "home");
      /* A button shows itself pressed a moment, then is clicked. */
      gtk_widget_activate (button);
      WAIT_FOR (joinery_window_get_visible_page (f->window) == NULL);
      g_assert_true (joinery_record_list_get_kind (joinery_window_get_list (f->window)) == figure->kind);
      g_assert_cmpuint (list_rows (f), ==, (guint) figure->count);
      n_tried++;
    }
  g_assert_cmpuint (n_tried, >, 8);

  /* "Overdue tasks" is a quick filter of its own on the Tasks list, and
   * "All tasks" gives every task back. */
  g_assert_true (joinery_window_show_page (f->window, "home"));
  g_assert_true (joinery_dashboard_page_get_button_figure (g_ptr_array_index (buttons, 3)) ==
                 joinery_dashboard_page_get_dashboard (f->page)->overdue_tasks);
  gtk_widget_activate (g_ptr_array_index (buttons, 3));
  WAIT_FOR (joinery_window_get_visible_page (f->window) == NULL);
  {
    JoineryRecordList *tasks = joinery_window_get_list (f->window);
    guint n = joinery_record_list_get_n_quick_filters (tasks);

    g_assert_cmpstr (joinery_record_list_get_quick_filter_label (tasks, n - 1), ==, "Overdue tasks");
    joinery_record_list_set_quick_filter (tasks, 0);
    {
      gint64 all = 0;
      g_autoptr(GError) error = NULL;

      g_assert_true (joinery_db_count (joinery_window_get_db (f->window), joinery_kind_lookup ("task"), NULL,
                                       &all, &error));
      g_assert_cmpuint (list_rows (f), ==, (guint) all);
    }
  }
}

static void
test_change_opens_record (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) rows = joinery_dashboard_page_dup_change_rows (f->page);
  JoineryDashboard *shown = joinery_dashboard_page_get_dashboard (f->page);
  JoineryRecordForm *form = joinery_window_get_form (f->window);
  JoineryRecord *record;
  guint n_opened = 0;
  guint n_entries = 0;

  /* Every entry of the trail read is on a row; like ones share it (the
   * demo's last entries are a dozen records tagged at once). */
  for (guint i = 0; i < rows->len; i++)
    n_entries += joinery_dashboard_page_get_row_change_count (g_ptr_array_index (rows, i));
  g_assert_cmpuint (n_entries, ==, shown->changes->len);
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (rows->len, <, shown->changes->len);
  for (guint i = 0, first = 0; i < rows->len && n_opened < 3;
       first += joinery_dashboard_page_get_row_change_count (g_ptr_array_index (rows, i)), i++)
    {
      JoineryDashboardChange *change = g_ptr_array_index (shown->changes, first);

      if (!gtk_list_box_row_get_activatable (g_ptr_array_index (rows, i)))
        continue;
      g_assert_true (joinery_window_show_page (f->window, "home"));
      gtk_widget_activate (g_ptr_array_index (rows, i));
      g_assert_null (joinery_window_get_visible_page (f->window));
      record = joinery_record_form_get_record (form);
      g_assert_nonnull (record);
      g_assert_true (joinery_record_get_kind (record) == change->kind);
      g_assert_cmpint (joinery_record_get_id (record), ==, change->record_id);
      n_opened++;
    }
  g_assert_cmpuint (n_opened, >, 0);
}

static void
test_follows_changes (Fixture *f, gconstpointer data)
{
  JoineryDb *db = joinery_window_get_db (f->window);
  gint64 overdue = joinery_dashboard_page_get_dashboard (f->page)->overdue_tasks->count;
  JoineryDashboardChange *newest;
  gint64 id;

  id = joinery_test_create (db, "task", "title", "Send the board papers", "due_on", "2026-05-01", NULL);
  g_assert_false (joinery_dashboard_page_is_ready (f->page));
  WAIT_FOR (joinery_dashboard_page_is_ready (f->page));
  g_assert_cmpint (joinery_dashboard_page_get_dashboard (f->page)->overdue_tasks->count, ==, overdue + 1);
  newest = g_ptr_array_index (joinery_dashboard_page_get_dashboard (f->page)->changes, 0);
  g_assert_cmpstr (newest->kind->name, ==, "task");
  g_assert_cmpint (newest->record_id, ==, id);
  g_assert_cmpstr (newest->label, ==, "Send the board papers");
}

static void
test_empty_file (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("joinery-dashboard-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "new.joinery", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_window_open_file (f->window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_window_get_visible_page (f->window), ==, "home");
  f->page = JOINERY_DASHBOARD_PAGE (joinery_window_get_page_widget (f->window, "home"));
  WAIT_FOR (joinery_dashboard_page_is_ready (f->page));
  g_assert_cmpstr (joinery_dashboard_page_get_state (f->page), ==, "empty");

  /* The first organisation brings the figures. */
  joinery_test_create (joinery_window_get_db (f->window), "organisation", "name", "Leeds City Council",
                       "kind", "council", NULL);
  WAIT_FOR (joinery_dashboard_page_is_ready (f->page));
  g_assert_cmpstr (joinery_dashboard_page_get_state (f->page), ==, "figures");
  g_assert_cmpint (joinery_dashboard_page_get_dashboard (f->page)->n_organisations, ==, 1);

  gtk_window_destroy (GTK_WINDOW (f->window));
  joinery_gui_test_spin (50);
  joinery_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_setenv ("JOINERY_TODAY", "2026-06-01", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = joinery_gui_test_app_start ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/dashboard/home-first", test_home_first);
  ADD ("/gui/dashboard/figures-are-the-cores", test_figures_are_the_cores);
  ADD ("/gui/dashboard/figure-shows-its-list", test_figure_shows_its_list);
  ADD ("/gui/dashboard/change-opens-record", test_change_opens_record);
  ADD ("/gui/dashboard/story-years-back", test_story_years_back);
  ADD ("/gui/dashboard/follows-changes", test_follows_changes);
  ADD ("/gui/dashboard/empty-file", test_empty_file);
#undef ADD

  return joinery_gui_test_app_run (&app);
}
