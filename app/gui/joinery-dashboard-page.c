/* joinery-dashboard-page.c: the Home page. The figures are read by the
 * core (joinery_dashboard_read) in a worker thread on a read-only
 * connection of its own, so the window never waits for them, and only
 * while the page is shown; a change to the data reads them again, once
 * the changes rest (or once the page is shown again). Every figure is a
 * button to the list behind it, every event, indicator and change a row
 * or card to its record. No SQL here. */
#include "config.h"

#include <string.h>

#include "joinery-dashboard-page.h"
#include "joinery-window.h"
#include "joinery-gui-util.h"

/* Changes that come together (an import, a workflow's) are read once. */
#define RELOAD_DELAY_MS 300
/* The spinner turns only for a read that takes longer than this: one
 * turning from the start would draw frame after frame while the figures,
 * read in well under it, are on their way. */
#define SPINNER_DELAY_MS 400

struct _JoineryDashboardPage
{
  GtkBox            parent_instance;

  JoineryWindow    *window;
  char             *path;
  JoineryDashboard *dashboard;
  GPtrArray        *figure_buttons;  /* GtkWidget *, in the order shown */
  guint             generation;
  gboolean          ready;
  gboolean          wanted;          /* a read waits for the page to be mapped */
  guint             reload_id;
  guint             spinner_id;
  const char       *state;           /* what the stack shows while mapped */

  GtkStack         *stack;
  GtkSpinner       *spinner;
  AdwStatusPage    *error_page;
  GtkLabel         *year_label;
  GtkFlowBox       *key_box;
  GtkWidget        *organisations_heading;
  GtkFlowBox       *organisations_box;
  GtkWidget        *projects_heading;
  GtkFlowBox       *projects_box;
  GtkWidget        *indicators_heading;
  GtkFlowBox       *indicators_box;
  GtkWidget        *events_heading;
  GtkListBox       *events_list;
  GtkWidget        *changes_heading;
  GtkListBox       *changes_list;
};

G_DEFINE_FINAL_TYPE (JoineryDashboardPage, joinery_dashboard_page, GTK_TYPE_BOX)

/* What the page shows. While it is not on screen its stack shows the
 * bare spinner page instead: the window's stack measures every page at
 * each layout, hidden ones too, and the cards' wrapping labels would make
 * every other page's layout (a report's progress, each second) slow. */
static void
set_state (JoineryDashboardPage *self, const char *state)
{
  self->state = state;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_stack_set_visible_child_name (self->stack, state);
}

static void reload (JoineryDashboardPage *self);

static void
mapped_cb (JoineryDashboardPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, self->state);
  if (self->wanted)
    reload (self);
}

static void
unmapped_cb (JoineryDashboardPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/* Reading in a thread */

static void
read_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const char *path = data;
  g_autoptr(JoineryDb) db = NULL;
  JoineryDashboard *dashboard = NULL;
  GError *error = NULL;

  db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);
  if (db != NULL)
    dashboard = joinery_dashboard_read (db, NULL, &error);
  if (dashboard == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dashboard, (GDestroyNotify) joinery_dashboard_free);
}

static void show_dashboard (JoineryDashboardPage *self);

static void
read_done (GObject *source, GAsyncResult *result, gpointer data)
{
  JoineryDashboardPage *self = JOINERY_DASHBOARD_PAGE (source);
  guint generation = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  JoineryDashboard *dashboard = g_task_propagate_pointer (G_TASK (result), &error);

  if (generation != self->generation)
    {
      g_clear_pointer (&dashboard, joinery_dashboard_free);
      return; /* a newer read is on its way */
    }
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  gtk_spinner_stop (self->spinner);
  if (dashboard == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      set_state (self, "error");
      self->ready = TRUE;
      return;
    }
  g_clear_pointer (&self->dashboard, joinery_dashboard_free);
  self->dashboard = dashboard;
  show_dashboard (self);
  self->ready = TRUE;
}

static gboolean
start_spinner_cb (gpointer data)
{
  JoineryDashboardPage *self = data;

  self->spinner_id = 0;
  gtk_spinner_start (self->spinner);
  return G_SOURCE_REMOVE;
}

/* The figures are read while the page is shown, and only then: a file
 * opens on Home, but a person who goes straight to a list (or a window
 * that shows one at once) should not have its first frame share the
 * processors with figures no one sees, nor every change read them again.
 * A read asked for meanwhile waits for the page to be mapped. */
static void
reload (JoineryDashboardPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->ready = FALSE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->wanted = TRUE;
      return;
    }
  self->wanted = FALSE;
  if (self->dashboard == NULL)
    {
      set_state (self, "loading");
      if (self->spinner_id == 0 && !gtk_spinner_get_spinning (self->spinner))
        self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, start_spinner_cb, self);
    }
  task = g_task_new (self, NULL, read_done, GUINT_TO_POINTER (++self->generation));
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, read_thread);
}

static gboolean
reload_cb (gpointer data)
{
  JoineryDashboardPage *self = data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
db_changed_cb (JoineryDashboardPage *self, JoineryChangeSet *set, JoineryDb *db)
{
  self->ready = FALSE;
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

/* Sparklines */

static void
draw_sparkline (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  JoineryDashboardSeries *series = data;
  GArray *values = series->values;
  double low = G_MAXDOUBLE, high = -G_MAXDOUBLE, x = 0, y = 0;
  const double pad = 3;

  if (values->len == 0)
    return;
  for (guint i = 0; i < values->len; i++)
    {
      low = MIN (low, g_array_index (values, double, i));
      high = MAX (high, g_array_index (values, double, i));
    }
  /* The accent blue of the light and the dark style alike. */
  cairo_set_source_rgb (cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < values->len; i++)
    {
      double v = g_array_index (values, double, i);

      x = values->len > 1 ? pad + (width - 2 * pad) * i / (values->len - 1) : width / 2.0;
      y = high > low ? pad + (height - 2 * pad) * (high - v) / (high - low) : height / 2.0;
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  if (values->len > 1)
    cairo_stroke (cr);
  else
    cairo_new_path (cr);
  /* The latest value, as a dot. */
  cairo_arc (cr, x, y, 3, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* Cards and rows */

static void
figure_clicked_cb (GtkButton *button, JoineryDashboardPage *self)
{
  JoineryDashboardFigure *figure = joinery_dashboard_page_get_button_figure (GTK_WIDGET (button));

  joinery_window_show_filtered (self->window, figure->kind, figure->label,
                                (const char * const *) figure->filters);
}

/* No tooltip: one shown under a resting pointer redraws without end (see
 * make_page_row in joinery-window.c); the caption says what a card is. */
static GtkWidget *
make_card (const char *value, const char *caption)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *number = gtk_label_new (value);
  GtkWidget *text = gtk_label_new (caption);

  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "dashboard-card");
  gtk_widget_add_css_class (number, "title-1");
  gtk_widget_add_css_class (number, "numeric");
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_label_set_ellipsize (GTK_LABEL (number), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  /* Long captions wrap rather than widen every card of their box. */
  gtk_label_set_max_width_chars (GTK_LABEL (text), 24);
  gtk_label_set_lines (GTK_LABEL (text), 2);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (text, "dim-label");
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_button_set_child (GTK_BUTTON (button), box);
  g_object_set_data (G_OBJECT (button), "joinery-value-label", number);
  return button;
}

/* A card for a figure: `value` as shown (a count when NULL). */
static void
add_figure (JoineryDashboardPage *self, GtkFlowBox *box, JoineryDashboardFigure *figure,
            const char *value, const char *caption)
{
  g_autofree char *count = joinery_gui_format_count ((guint64) figure->count);
  GtkWidget *button = make_card (value != NULL ? value : count, caption != NULL ? caption : figure->label);

  g_object_set_data (G_OBJECT (button), "joinery-figure", figure);
  g_signal_connect (button, "clicked", G_CALLBACK (figure_clicked_cb), self);
  gtk_flow_box_append (box, button);
  g_ptr_array_add (self->figure_buttons, button);
}

static void
record_clicked_cb (GtkWidget *widget, JoineryDashboardPage *self)
{
  const JoineryKind *kind = g_object_get_data (G_OBJECT (widget), "joinery-kind");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (widget), "joinery-id");

  joinery_window_open_record (self->window, kind, id);
}

static void
set_record (GtkWidget *widget, const JoineryKind *kind, gint64 id)
{
  g_object_set_data (G_OBJECT (widget), "joinery-kind", (gpointer) kind);
  g_object_set_data_full (G_OBJECT (widget), "joinery-id", g_memdup2 (&id, sizeof id), g_free);
}

/* Money in whole pounds where it is whole: pence would only be noise at
 * this size. */
static char *
format_pounds (gint64 pence)
{
  char *money = joinery_format_money (pence, TRUE);

  if (g_str_has_suffix (money, ".00"))
    money[strlen (money) - 3] = '\0';
  return money;
}

static char *
format_value (double value, const char *unit)
{
  g_autofree char *number = NULL;

  if (g_strcmp0 (unit, "pounds") == 0)
    return format_pounds ((gint64) (value * 100 + (value >= 0 ? 0.5 : -0.5)));
  number = g_strdup_printf ("%.10g", value);
  if (g_strcmp0 (unit, "percent") == 0)
    return g_strconcat (number, "%", NULL);
  if (g_strcmp0 (unit, "years") == 0 || g_strcmp0 (unit, "days") == 0)
    return g_strconcat (number, " ", unit, NULL);
  return g_steal_pointer (&number);
}

static void
add_indicator (JoineryDashboardPage *self, JoineryDashboardSeries *series)
{
  GArray *values = series->values;
  g_autofree char *latest = values->len > 0 ? format_value (g_array_index (values, double, values->len - 1), series->unit)
                                            : g_strdup ("—");
  GtkWidget *button = make_card (latest, series->name);
  GtkWidget *box = gtk_button_get_child (GTK_BUTTON (button));
  GtkWidget *spark = gtk_drawing_area_new ();

  gtk_widget_remove_css_class (g_object_get_data (G_OBJECT (button), "joinery-value-label"), "title-1");
  gtk_widget_add_css_class (g_object_get_data (G_OBJECT (button), "joinery-value-label"), "title-2");
  gtk_widget_set_size_request (spark, 120, 32);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (spark), draw_sparkline, series, NULL);
  gtk_box_insert_child_after (GTK_BOX (box), spark, gtk_widget_get_first_child (box));
  set_record (button, joinery_kind_lookup ("indicator"), series->id);
  g_signal_connect (button, "clicked", G_CALLBACK (record_clicked_cb), self);
  gtk_flow_box_append (self->indicators_box, button);
}

static char *
format_date (const char *iso)
{
  g_autofree char *midnight = g_strconcat (iso, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (midnight, NULL);

  return date != NULL ? g_date_time_format (date, "%a %-d %b %Y") : g_strdup (iso);
}

static void
add_event (JoineryDashboardPage *self, JoineryDashboardEvent *event)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = format_date (event->starts_on);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), event->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("x-office-calendar-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  set_record (row, joinery_kind_lookup ("event"), event->id);
  g_signal_connect (row, "activated", G_CALLBACK (record_clicked_cb), self);
  gtk_list_box_append (self->events_list, row);
}

static const char *
action_words (const char *action)
{
  static const struct { const char *action, *words; } words[] = {
    { "create", "Added" }, { "update", "Changed" }, { "delete", "Deleted" },
    { "export", "Exported" }, { "erase", "Erased" }, { "import", "Imported" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (action, words[i].action) == 0)
      return words[i].words;
  return action;
}

/* Whether two entries of the trail read the same on the page: the same
 * action by the same hand on records of one kind and one label, in the same
 * minute (the demo tags a dozen records at once, an import adds many). */
static gboolean
same_change (JoineryDashboardChange *a, JoineryDashboardChange *b)
{
  return a->kind != NULL && a->kind == b->kind && a->label != NULL && g_strcmp0 (a->label, b->label) == 0 &&
         g_strcmp0 (a->action, b->action) == 0 && g_strcmp0 (a->source, b->source) == 0 &&
         strncmp (a->at, b->at, 16) == 0;
}

/* One row for `n` like entries of the trail, from `change` on. */
static void
add_change (JoineryDashboardPage *self, JoineryDashboardChange *change, guint n)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (change->at, NULL);
  g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, "%-d %b %Y %H:%M") : g_strdup (change->at);
  g_autofree char *what = NULL;
  g_autofree char *subtitle = NULL;
  const char *kind_words = change->kind != NULL ? change->kind->label : "Record";

  if (change->label != NULL)
    what = g_strdup_printf ("%s: %s", kind_words, change->label);
  else
    what = g_strdup_printf ("%s %" G_GINT64_FORMAT " (no longer there)", kind_words, change->record_id);
  if (n > 1)
    {
      g_autofree char *words = g_ascii_strdown (action_words (change->action), -1);
      subtitle = g_strdup_printf ("%u %s %s, by %s", n, words, when, change->source);
    }
  else
    subtitle = g_strdup_printf ("%s %s, by %s", action_words (change->action), when, change->source);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (change->kind != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (joinery_gui_kind_icon (change->kind)));
  g_object_set_data (G_OBJECT (row), "joinery-change", change);
  g_object_set_data (G_OBJECT (row), "joinery-change-count", GUINT_TO_POINTER (n));
  if (change->kind != NULL && change->label != NULL)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      set_record (row, change->kind, change->record_id);
      g_signal_connect (row, "activated", G_CALLBACK (record_clicked_cb), self);
    }
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (self->changes_list, row);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_FLOW_BOX (box))
        gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
      else
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
    }
}

static void
show_dashboard (JoineryDashboardPage *self)
{
  JoineryDashboard *d = self->dashboard;
  g_autofree char *money = NULL;
  g_autofree char *money_caption = NULL;
  g_autofree char *year = NULL;
  g_autofree char *start = format_date (d->year_start);
  g_autofree char *end = format_date (d->year_end);
  g_autofree char *today = format_date (d->today);
  GPtrArray *events;

  clear_box (GTK_WIDGET (self->key_box));
  clear_box (GTK_WIDGET (self->organisations_box));
  clear_box (GTK_WIDGET (self->projects_box));
  clear_box (GTK_WIDGET (self->indicators_box));
  clear_box (GTK_WIDGET (self->events_list));
  clear_box (GTK_WIDGET (self->changes_list));
  g_ptr_array_set_size (self->figure_buttons, 0);

  if (d->empty)
    {
      set_state (self, "empty");
      return;
    }

  money = format_pounds (d->awarded_pence);
  if (d->awarded_earlier)
    {
      /* Nothing awarded yet this year: the latest year that has awards,
       * named on its card and in the line above the cards. */
      g_autofree char *name = joinery_financial_year_name (d->awarded_start);

      year = g_strdup_printf ("%s. The financial year runs from %s to %s; nothing is awarded in it yet, "
                              "so the money shown is %s's.", today, start, end, name);
      money_caption = g_strdup_printf ("Awarded in %s, %" G_GINT64_FORMAT " grant%s", name,
                                       d->awarded->count, d->awarded->count == 1 ? "" : "s");
    }
  else
    {
      year = g_strdup_printf ("%s. The financial year runs from %s to %s.", today, start, end);
      money_caption = g_strdup_printf ("Awarded this financial year, %" G_GINT64_FORMAT " grant%s",
                                       d->awarded->count, d->awarded->count == 1 ? "" : "s");
    }
  gtk_label_set_text (self->year_label, year);

  add_figure (self, self->key_box, d->awarded, money, money_caption);
  add_figure (self, self->key_box, d->upcoming_events, NULL, NULL);
  add_figure (self, self->key_box, d->open_tasks, NULL, NULL);
  add_figure (self, self->key_box, d->overdue_tasks, NULL, NULL);
  if (d->overdue_tasks->count > 0)
    gtk_widget_add_css_class (g_object_get_data (G_OBJECT (g_ptr_array_index (self->figure_buttons,
                                                                              self->figure_buttons->len - 1)),
                                                 "joinery-value-label"),
                              "error");

  for (guint i = 0; i < d->organisations->len; i++)
    add_figure (self, self->organisations_box, g_ptr_array_index (d->organisations, i), NULL, NULL);
  gtk_widget_set_visible (self->organisations_heading, d->organisations->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->organisations_box), d->organisations->len > 0);

  for (guint i = 0; i < d->projects->len; i++)
    add_figure (self, self->projects_box, g_ptr_array_index (d->projects, i), NULL, NULL);
  gtk_widget_set_visible (self->projects_heading, d->projects->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->projects_box), d->projects->len > 0);

  for (guint i = 0; i < d->indicators->len; i++)
    add_indicator (self, g_ptr_array_index (d->indicators, i));
  gtk_widget_set_visible (self->indicators_heading, d->indicators->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->indicators_box), d->indicators->len > 0);

  /* The next events or, with none to come, the latest. */
  events = d->next_events->len > 0 ? d->next_events : d->latest_events;
  for (guint i = 0; i < events->len; i++)
    add_event (self, g_ptr_array_index (events, i));
  gtk_label_set_text (GTK_LABEL (self->events_heading),
                      events == d->next_events ? "Next Events" : "Latest Events");
  gtk_widget_set_visible (self->events_heading, events->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->events_list), events->len > 0);

  for (guint i = 0, n; i < d->changes->len; i += n)
    {
      for (n = 1; i + n < d->changes->len; n++)
        if (!same_change (g_ptr_array_index (d->changes, i), g_ptr_array_index (d->changes, i + n)))
          break;
      add_change (self, g_ptr_array_index (d->changes, i), n);
    }
  gtk_widget_set_visible (self->changes_heading, d->changes->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_list), d->changes->len > 0);

  set_state (self, "figures");
}

/* The page */

static GtkWidget *
dashboard_page_create (JoineryWindow *window, AdwHeaderBar *header)
{
  JoineryDashboardPage *self = g_object_new (JOINERY_TYPE_DASHBOARD_PAGE, NULL);
  JoineryDb *db = joinery_window_get_db (window);
  GtkWidget *refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");

  self->window = window;
  self->path = g_strdup (joinery_db_get_path (db));
  g_signal_connect_object (db, "changed", G_CALLBACK (db_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_tooltip_text (refresh, "Read the Figures Again");
  g_signal_connect_swapped (refresh, "clicked", G_CALLBACK (reload), self);
  adw_header_bar_pack_end (header, refresh);
  reload (self);
  return GTK_WIDGET (self);
}

const JoineryWindowPage joinery_dashboard_page = {
  "home", "Home", "go-home-symbolic", "<Control><Shift>h", dashboard_page_create,
};

static void
joinery_dashboard_page_dispose (GObject *object)
{
  JoineryDashboardPage *self = JOINERY_DASHBOARD_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  self->generation++; /* what is still being read is for no one */
  gtk_widget_dispose_template (GTK_WIDGET (self), JOINERY_TYPE_DASHBOARD_PAGE);
  G_OBJECT_CLASS (joinery_dashboard_page_parent_class)->dispose (object);
}

static void
joinery_dashboard_page_finalize (GObject *object)
{
  JoineryDashboardPage *self = JOINERY_DASHBOARD_PAGE (object);

  g_free (self->path);
  g_ptr_array_unref (self->figure_buttons);
  g_clear_pointer (&self->dashboard, joinery_dashboard_free);
  G_OBJECT_CLASS (joinery_dashboard_page_parent_class)->finalize (object);
}

static void
joinery_dashboard_page_class_init (JoineryDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = joinery_dashboard_page_dispose;
  object_class->finalize = joinery_dashboard_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/joinery/Joinery/joinery-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, year_label);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, key_box);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, organisations_heading);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, organisations_box);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, projects_heading);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, projects_box);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, indicators_heading);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, indicators_box);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, events_heading);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, events_list);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, changes_heading);
  gtk_widget_class_bind_template_child (widget_class, JoineryDashboardPage, changes_list);
}

static void
joinery_dashboard_page_init (JoineryDashboardPage *self)
{
  self->figure_buttons = g_ptr_array_new ();
  self->state = "loading";
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (unmapped_cb), NULL);
}

/* For tests */

gboolean
joinery_dashboard_page_is_ready (JoineryDashboardPage *self)
{
  g_return_val_if_fail (JOINERY_IS_DASHBOARD_PAGE (self), FALSE);
  return self->ready && self->reload_id == 0;
}

const char *
joinery_dashboard_page_get_state (JoineryDashboardPage *self)
{
  g_return_val_if_fail (JOINERY_IS_DASHBOARD_PAGE (self), NULL);
  return self->state;
}

JoineryDashboard *
joinery_dashboard_page_get_dashboard (JoineryDashboardPage *self)
{
  g_return_val_if_fail (JOINERY_IS_DASHBOARD_PAGE (self), NULL);
  return self->dashboard;
}

GPtrArray *
joinery_dashboard_page_dup_figure_buttons (JoineryDashboardPage *self)
{
  g_return_val_if_fail (JOINERY_IS_DASHBOARD_PAGE (self), NULL);
  return g_ptr_array_copy (self->figure_buttons, NULL, NULL);
}

JoineryDashboardFigure *
joinery_dashboard_page_get_button_figure (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "joinery-figure");
}

const char *
joinery_dashboard_page_get_button_value (GtkWidget *button)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (button), "joinery-value-label");

  return label != NULL ? gtk_label_get_text (label) : NULL;
}

static GPtrArray *
dup_rows (GtkListBox *list)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_ptr_array_add (rows, row);
  return rows;
}

GPtrArray *
joinery_dashboard_page_dup_change_rows (JoineryDashboardPage *self)
{
  g_return_val_if_fail (JOINERY_IS_DASHBOARD_PAGE (self), g_ptr_array_new ());
  return dup_rows (self->changes_list);
}

guint
joinery_dashboard_page_get_row_change_count (GtkWidget *row)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "joinery-change-count"));
}

GPtrArray *
joinery_dashboard_page_dup_event_rows (JoineryDashboardPage *self)
{
  g_return_val_if_fail (JOINERY_IS_DASHBOARD_PAGE (self), g_ptr_array_new ());
  return dup_rows (self->events_list);
}

const char *
joinery_dashboard_page_get_events_heading (JoineryDashboardPage *self)
{
  g_return_val_if_fail (JOINERY_IS_DASHBOARD_PAGE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->events_heading));
}
