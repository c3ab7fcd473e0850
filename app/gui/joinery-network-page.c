/* joinery-network-page.c: the Network page. The network is read, measured
 * and laid out in a worker thread on a read-only connection of its own, so
 * the window stays responsive; a newer request makes an older result
 * stale. A network read again after a change of filter or date keeps the
 * places of the nodes it shares with the last one, so that the picture
 * moves rather than jumps. */
#include "config.h"

#include <math.h>

#include "joinery-network-page.h"
#include "joinery-window.h"
#include "joinery-gui-util.h"

#define LAYOUT_ITERATIONS 500
#define N_CONNECTORS 12

struct _JoineryNetworkPage
{
  GtkBox              parent_instance;

  JoineryWindow      *window;
  char               *path;
  JoineryNetworkView *view;
  GtkWidget          *spinner;
  GtkWidget          *status;        /* "100 nodes, 143 links" */
  GtkWidget          *search_entry;
  GtkWidget          *link_checks[4];
  GtkDropDown        *area_dropdown;
  GArray             *area_ids;      /* gint64, position → area id (0: all) */
  GtkDropDown        *org_kind_dropdown;
  GtkDropDown        *theme_dropdown;
  GArray             *theme_ids;     /* gint64, position → theme id (0: all) */
  GtkWidget          *date_switch;
  GtkWidget          *date_scale;
  GtkWidget          *date_label;
  GtkWidget          *focus_spin;
  GtkWidget          *card;
  GtkWidget          *card_title;
  GtkWidget          *card_details;
  GtkListBox         *connectors;
  GtkWidget          *connectors_note; /* measuring, or how betweenness was estimated */
  GtkWidget          *isolated_label;

  GDate               first_date;
  guint               n_days;
  guint               generation;
  gboolean            ready;         /* the map is shown */
  gboolean            measured;      /* and its betweenness measured */
  guint               reload_id;
};

G_DEFINE_FINAL_TYPE (JoineryNetworkPage, joinery_network_page, GTK_TYPE_BOX)

static const char *link_names[] = { "Memberships", "Partnerships", "Grants", "Shared events" };

/* Reading in a thread */

typedef struct {
  char                *path;
  char                *as_of;
  char                *org_kind;
  gint64               area_id;
  gint64               theme_id;
  JoineryNetwork      *previous;     /* borrowed for its places, read-only */
  guint                generation;
} ReadTask;

static void
read_task_free (ReadTask *task)
{
  g_free (task->path);
  g_free (task->as_of);
  g_free (task->org_kind);
  g_free (task);
}

static void
read_network_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ReadTask *request = data;
  JoineryNetworkFilter filter = { request->as_of, 0, request->area_id, request->org_kind,
                                 request->theme_id };
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryNetwork) network = NULL;
  GError *error = NULL;

  db = joinery_db_open (request->path, JOINERY_DB_OPEN_READ_ONLY, &error);
  if (db != NULL)
    network = joinery_network_new (db, &filter, &error);
  /* Betweenness later, in another thread: the map first. */
  if (network == NULL || !joinery_network_compute_degrees (network, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Where the last picture had a node, it starts there. */
  if (!joinery_network_layout_from (network, request->previous,
                                    LAYOUT_ITERATIONS, 1, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&network), (GDestroyNotify) joinery_network_free);
}

static void fill_panel (JoineryNetworkPage *self);

/* Betweenness, measured in a thread on a copy of the network shown */

typedef struct {
  JoineryNetwork *copy;
  gboolean        estimated;
  guint           generation;
} MeasureTask;

static void
measure_task_free (MeasureTask *task)
{
  joinery_network_free (task->copy);
  g_free (task);
}

static void
measure_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  MeasureTask *request = data;
  GError *error = NULL;
  double *values = joinery_network_measure_betweenness (request->copy, 0, &request->estimated, &error);

  if (values == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, values, g_free);
}

static void
measure_done (GObject *source, GAsyncResult *result, gpointer data)
{
  JoineryNetworkPage *self = JOINERY_NETWORK_PAGE (source);
  MeasureTask *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree double *values = g_task_propagate_pointer (G_TASK (result), &error);
  JoineryNetwork *network = joinery_network_view_get_network (self->view);

  if (request->generation != self->generation || network == NULL)
    return; /* the network it measured is no longer shown */
  self->measured = TRUE;
  if (values == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->connectors_note), error->message);
      return;
    }
  joinery_network_set_betweenness (network, values, request->estimated);
  joinery_network_view_metrics_changed (self->view);
  fill_panel (self);
}

static void
measure (JoineryNetworkPage *self, JoineryNetwork *network)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, measure_done, NULL);
  MeasureTask *request = g_new0 (MeasureTask, 1);

  request->copy = joinery_network_copy (network);
  request->generation = self->generation;
  g_task_set_task_data (task, request, (GDestroyNotify) measure_task_free);
  g_task_run_in_thread (task, measure_thread);
}

static void
read_network_done (GObject *source, GAsyncResult *result, gpointer data)
{
  JoineryNetworkPage *self = JOINERY_NETWORK_PAGE (source);
  ReadTask *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  JoineryNetwork *network = g_task_propagate_pointer (G_TASK (result), &error);

  if (request->generation != self->generation)
    {
      g_clear_pointer (&network, joinery_network_free);
      return; /* a newer one is on its way */
    }
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_widget_set_visible (self->spinner, FALSE);
  if (network == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status), error->message);
      self->ready = self->measured = TRUE;
      return;
    }
  joinery_network_view_set_network (self->view, network);
  joinery_network_view_set_search (self->view, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  fill_panel (self);
  self->ready = TRUE;
  measure (self, network);
}

static char *
dup_as_of (JoineryNetworkPage *self)
{
  GDate date = self->first_date;
  char text[16];

  if (!gtk_switch_get_active (GTK_SWITCH (self->date_switch)) || !g_date_valid (&date))
    return NULL;
  g_date_add_days (&date, (guint) gtk_range_get_value (GTK_RANGE (self->date_scale)));
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
  return g_strdup (text);
}

static void
reload (JoineryNetworkPage *self)
{
  g_autoptr(GTask) task = NULL;
  ReadTask *request = g_new0 (ReadTask, 1);
  guint kind = gtk_drop_down_get_selected (self->org_kind_dropdown);
  guint area = gtk_drop_down_get_selected (self->area_dropdown);
  guint theme = gtk_drop_down_get_selected (self->theme_dropdown);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  request->path = g_strdup (self->path);
  request->as_of = dup_as_of (self);
  request->area_id = area < self->area_ids->len ? g_array_index (self->area_ids, gint64, area) : 0;
  request->theme_id = theme < self->theme_ids->len ? g_array_index (self->theme_ids, gint64, theme) : 0;
  if (kind > 0 && kind != GTK_INVALID_LIST_POSITION)
    {
      const JoineryField *field = joinery_kind_get_field (joinery_kind_lookup ("organisation"), "kind");
      request->org_kind = g_strdup (field->choices[kind - 1]);
    }
  request->previous = joinery_network_view_get_network (self->view);
  request->generation = ++self->generation;
  self->ready = self->measured = FALSE;
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->spinner));

  task = g_task_new (self, NULL, read_network_done, NULL);
  g_task_set_task_data (task, request, (GDestroyNotify) read_task_free);
  g_task_run_in_thread (task, read_network_thread);
}

static gboolean
reload_cb (gpointer data)
{
  JoineryNetworkPage *self = data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* Soon, once the slider or the typing rests. */
static void
queue_reload (JoineryNetworkPage *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (150, reload_cb, self);
}

/* The panel: the count, the connectors, the isolated, the card */

static void
open_node (JoineryNetworkPage *self, int index)
{
  JoineryNetwork *network = joinery_network_view_get_network (self->view);
  const JoineryNetworkNode *node;
  g_autofree char *ref = NULL;

  if (network == NULL || index < 0)
    return;
  node = joinery_network_get_node (network, (guint) index);
  ref = joinery_gui_record_ref (joinery_kind_lookup (joinery_node_kind_to_string (node->kind)), node->id);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-record", "s", ref);
}

static void
node_activated_cb (JoineryNetworkPage *self, int index)
{
  open_node (self, index);
}

static void
open_clicked_cb (JoineryNetworkPage *self)
{
  open_node (self, joinery_network_view_get_selected (self->view));
}

/* "betweenness 12.5", "betweenness ≈ 340 (estimated)" or "betweenness: measuring…" */
static char *
dup_betweenness (JoineryNetwork *network, const JoineryNetworkNode *node)
{
  if (!joinery_network_has_betweenness (network))
    return g_strdup ("betweenness: measuring…");
  if (joinery_network_betweenness_is_estimate (network))
    return g_strdup_printf ("betweenness ≈ %.0f (estimated)", node->betweenness);
  return g_strdup_printf ("betweenness %.1f", node->betweenness);
}

static void
node_selected_cb (JoineryNetworkPage *self, int index)
{
  JoineryNetwork *network = joinery_network_view_get_network (self->view);
  const JoineryNetworkNode *node;
  g_autofree char *kind = NULL;
  g_autofree char *details = NULL;
  g_autofree char *betweenness = NULL;

  gtk_widget_set_visible (self->card, network != NULL && index >= 0);
  if (network == NULL || index < 0)
    return;
  node = joinery_network_get_node (network, (guint) index);
  kind = joinery_gui_choice_label (node->subkind != NULL ? node->subkind : joinery_node_kind_to_string (node->kind));
  betweenness = dup_betweenness (network, node);
  details = g_strdup_printf ("%s%s%s\n%u link%s · %s", kind,
                             node->area != NULL ? " · " : "", node->area != NULL ? node->area : "",
                             node->degree, node->degree == 1 ? "" : "s", betweenness);
  gtk_label_set_text (GTK_LABEL (self->card_title), node->label);
  gtk_label_set_text (GTK_LABEL (self->card_details), details);
}

static void
connector_activated_cb (GtkListBox *list, GtkListBoxRow *row, JoineryNetworkPage *self)
{
  joinery_network_view_select (self->view, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "node")));
}

static void
fill_panel (JoineryNetworkPage *self)
{
  JoineryNetwork *network = joinery_network_view_get_network (self->view);
  g_autoptr(GArray) ranked = joinery_network_rank_connectors (network, N_CONNECTORS);
  g_autofree char *status = NULL;
  guint isolated = 0, n = joinery_network_get_n_nodes (network);
  GtkWidget *child;

  status = g_strdup_printf ("%u nodes, %u links", n, joinery_network_get_n_edges (network));
  gtk_label_set_text (GTK_LABEL (self->status), status);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->connectors))) != NULL)
    gtk_list_box_remove (self->connectors, child);
  for (guint r = 0; r < ranked->len; r++)
    {
      guint index = g_array_index (ranked, guint, r);
      const JoineryNetworkNode *node = joinery_network_get_node (network, index);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (node->betweenness <= 0)
        break;
      subtitle = g_strdup_printf ("%u links · betweenness %s%.0f", node->degree,
                                  joinery_network_betweenness_is_estimate (network) ? "≈ " : "", node->betweenness);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), node->label);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "node", GINT_TO_POINTER (index));
      gtk_list_box_append (self->connectors, row);
    }
  if (!joinery_network_has_betweenness (network))
    gtk_label_set_text (GTK_LABEL (self->connectors_note), "Measuring who connects whom…");
  else if (joinery_network_betweenness_is_estimate (network))
    gtk_label_set_text (GTK_LABEL (self->connectors_note),
                        "Betweenness estimated from a sample of the shortest paths: the network is too large "
                        "to measure exactly in good time.");
  gtk_widget_set_visible (self->connectors_note, !joinery_network_has_betweenness (network)
                                                 || joinery_network_betweenness_is_estimate (network));
  for (guint i = 0; i < n; i++)
    isolated += joinery_network_get_node (network, i)->degree == 0;
  {
    g_autofree char *text = g_strdup_printf ("%u isolated: linked to nothing", isolated);
    gtk_label_set_text (GTK_LABEL (self->isolated_label), text);
  }
  node_selected_cb (self, joinery_network_view_get_selected (self->view));
}

/* Controls */

static void
search_changed_cb (JoineryNetworkPage *self)
{
  joinery_network_view_set_search (self->view, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
links_toggled_cb (JoineryNetworkPage *self)
{
  guint kinds = 0;

  for (guint i = 0; i < G_N_ELEMENTS (self->link_checks); i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->link_checks[i])))
      kinds |= 1u << i;
  joinery_network_view_set_edge_kinds (self->view, kinds);
}

static void
update_date_label (JoineryNetworkPage *self)
{
  g_autofree char *as_of = dup_as_of (self);

  gtk_widget_set_sensitive (self->date_scale, gtk_switch_get_active (GTK_SWITCH (self->date_switch)));
  gtk_label_set_text (GTK_LABEL (self->date_label), as_of != NULL ? as_of : "Everything recorded");
}

static void
date_changed_cb (JoineryNetworkPage *self)
{
  update_date_label (self);
  queue_reload (self);
}

static void
focus_changed_cb (JoineryNetworkPage *self)
{
  joinery_network_view_set_focus (self->view, (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->focus_spin)));
}

static void
filter_changed_cb (JoineryNetworkPage *self)
{
  queue_reload (self);
}

/* Export */

static void
export_response_cb (GtkNativeDialog *dialog, int response, JoineryNetworkPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (!joinery_network_view_export (self->view, path, &error))
        joinery_window_add_toast (self->window, adw_toast_new (error->message));
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf ("Saved the map as “%s”", name);
          joinery_window_add_toast (self->window, adw_toast_new (message));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_map (JoineryNetworkPage *self, const char *ending)
{
  GtkFileChooserNative *dialog;
  g_autofree char *name = g_strdup_printf ("network.%s", ending);

  dialog = gtk_file_chooser_native_new ("Save the Map", GTK_WINDOW (self->window), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        "_Save", "_Cancel");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_png_cb (JoineryNetworkPage *self)
{
  export_map (self, "png");
}

static void
export_svg_cb (JoineryNetworkPage *self)
{
  export_map (self, "svg");
}

/* Building */

static GtkWidget *
panel_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  return label;
}

/* A dropdown of every record of a kind by name, after one for all of
 * them; `ids` gets each position's record id (0 for all). */
static GtkDropDown *
make_record_dropdown (JoineryDb *db, const char *kind_name, const char *all, GArray *ids)
{
  const JoineryKind *kind = joinery_kind_lookup (kind_name);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  g_autoptr(GPtrArray) records = NULL;
  gint64 none = 0;

  gtk_string_list_append (names, all);
  g_array_append_val (ids, none);
  joinery_query_set_sort (query, "name", FALSE, NULL);
  records = joinery_db_list (db, kind, query, NULL);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      JoineryRecord *record = g_ptr_array_index (records, i);
      gint64 id = joinery_record_get_id (record);

      gtk_string_list_append (names, joinery_record_get_label (record));
      g_array_append_val (ids, id);
    }
  return GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
}

static GtkDropDown *
make_org_kind_dropdown (void)
{
  const JoineryField *field = joinery_kind_get_field (joinery_kind_lookup ("organisation"), "kind");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, "Every kind of organisation");
  for (guint i = 0; field->choices[i] != NULL; i++)
    {
      g_autofree char *label = joinery_gui_choice_label (field->choices[i]);
      gtk_string_list_append (names, label);
    }
  return GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
}

static GtkWidget *
build_panel (JoineryNetworkPage *self, JoineryDb *db)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row, *open;
  g_autofree char *first = NULL, *last = NULL;

  gtk_widget_set_size_request (scrolled, 300, -1);
  gtk_widget_set_hexpand (scrolled, FALSE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);

  self->search_entry = gtk_search_entry_new ();
  g_object_set (self->search_entry, "placeholder-text", "Find on the map", NULL);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  gtk_box_append (GTK_BOX (box), self->search_entry);

  /* The selected node's card. */
  self->card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->card, "card");
  self->card_title = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->card_title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->card_title), 0);
  gtk_widget_add_css_class (self->card_title, "title-4");
  self->card_details = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->card_details), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->card_details), 0);
  gtk_widget_add_css_class (self->card_details, "dim-label");
  open = gtk_button_new_with_mnemonic ("_Open Record");
  gtk_widget_set_halign (open, GTK_ALIGN_START);
  gtk_widget_add_css_class (open, "pill");
  g_signal_connect_swapped (open, "clicked", G_CALLBACK (open_clicked_cb), self);
  gtk_widget_set_margin_start (self->card_title, 12);
  gtk_widget_set_margin_top (self->card_title, 12);
  gtk_widget_set_margin_start (self->card_details, 12);
  gtk_widget_set_margin_start (open, 12);
  gtk_widget_set_margin_bottom (open, 12);
  gtk_box_append (GTK_BOX (self->card), self->card_title);
  gtk_box_append (GTK_BOX (self->card), self->card_details);
  gtk_box_append (GTK_BOX (self->card), open);
  gtk_widget_set_visible (self->card, FALSE);
  gtk_widget_set_margin_top (self->card, 6);
  gtk_box_append (GTK_BOX (box), self->card);

  gtk_box_append (GTK_BOX (box), panel_heading ("Links"));
  for (guint i = 0; i < G_N_ELEMENTS (self->link_checks); i++)
    {
      self->link_checks[i] = gtk_check_button_new_with_label (link_names[i]);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->link_checks[i]), TRUE);
      g_signal_connect_swapped (self->link_checks[i], "toggled", G_CALLBACK (links_toggled_cb), self);
      gtk_box_append (GTK_BOX (box), self->link_checks[i]);
    }

  gtk_box_append (GTK_BOX (box), panel_heading ("Show"));
  self->area_dropdown = make_record_dropdown (db, "area", "All areas", self->area_ids);
  g_signal_connect_swapped (self->area_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->area_dropdown));
  self->org_kind_dropdown = make_org_kind_dropdown ();
  g_signal_connect_swapped (self->org_kind_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->org_kind_dropdown));
  self->theme_dropdown = make_record_dropdown (db, "theme", "All themes", self->theme_ids);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->theme_dropdown), "Projects and grants of this theme only");
  g_signal_connect_swapped (self->theme_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->theme_dropdown));

  /* The date slider: the network as it was, from the record's first date to today. */
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (row, 12);
  {
    GtkWidget *label = gtk_label_new ("As it was on a date");
    gtk_widget_set_hexpand (label, TRUE);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "heading");
    gtk_box_append (GTK_BOX (row), label);
  }
  self->date_switch = gtk_switch_new ();
  gtk_widget_set_valign (self->date_switch, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), self->date_switch);
  gtk_box_append (GTK_BOX (box), row);
  g_date_clear (&self->first_date, 1);
  if (joinery_network_date_range (db, &first, &last, NULL))
    {
      GDate end;

      g_date_set_parse (&self->first_date, first);
      g_date_clear (&end, 1);
      g_date_set_time_t (&end, time (NULL));
      {
        GDate recorded;
        g_date_clear (&recorded, 1);
        g_date_set_parse (&recorded, last);
        if (g_date_valid (&recorded) && g_date_compare (&recorded, &end) > 0)
          end = recorded;
      }
      if (g_date_valid (&self->first_date) && g_date_valid (&end))
        self->n_days = (guint) MAX (g_date_days_between (&self->first_date, &end), 1);
    }
  self->date_scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, MAX (self->n_days, 1), 1);
  gtk_scale_set_draw_value (GTK_SCALE (self->date_scale), FALSE);
  gtk_range_set_value (GTK_RANGE (self->date_scale), self->n_days);
  gtk_widget_set_sensitive (self->date_scale, FALSE);
  gtk_widget_set_sensitive (self->date_switch, self->n_days > 0);
  gtk_box_append (GTK_BOX (box), self->date_scale);
  self->date_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->date_label), 0);
  gtk_widget_add_css_class (self->date_label, "dim-label");
  gtk_box_append (GTK_BOX (box), self->date_label);
  g_signal_connect_swapped (self->date_switch, "notify::active", G_CALLBACK (date_changed_cb), self);
  g_signal_connect_swapped (self->date_scale, "value-changed", G_CALLBACK (date_changed_cb), self);
  update_date_label (self);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (row, 12);
  {
    GtkWidget *label = gtk_label_new ("Focus: links from the selected");
    gtk_widget_set_hexpand (label, TRUE);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_box_append (GTK_BOX (row), label);
  }
  self->focus_spin = gtk_spin_button_new_with_range (0, 6, 1);
  gtk_widget_set_tooltip_text (self->focus_spin, "Show only what is within this many links of the selected node (0: everything)");
  g_signal_connect_swapped (self->focus_spin, "value-changed", G_CALLBACK (focus_changed_cb), self);
  gtk_box_append (GTK_BOX (row), self->focus_spin);
  gtk_box_append (GTK_BOX (box), row);

  gtk_box_append (GTK_BOX (box), panel_heading ("Connectors"));
  self->connectors_note = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->connectors_note), 0);
  gtk_label_set_wrap (GTK_LABEL (self->connectors_note), TRUE);
  gtk_widget_add_css_class (self->connectors_note, "dim-label");
  gtk_box_append (GTK_BOX (box), self->connectors_note);
  self->connectors = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->connectors), "boxed-list");
  gtk_list_box_set_selection_mode (self->connectors, GTK_SELECTION_NONE);
  g_signal_connect (self->connectors, "row-activated", G_CALLBACK (connector_activated_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->connectors));
  self->isolated_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->isolated_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->isolated_label), TRUE);
  gtk_widget_add_css_class (self->isolated_label, "dim-label");
  gtk_box_append (GTK_BOX (box), self->isolated_label);

  return scrolled;
}

static GtkWidget *
network_page_create (JoineryWindow *window, AdwHeaderBar *header)
{
  JoineryNetworkPage *self = g_object_new (JOINERY_TYPE_NETWORK_PAGE, "orientation", GTK_ORIENTATION_HORIZONTAL, NULL);
  JoineryDb *db = joinery_window_get_db (window);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *legend, *menu_button, *fit;
  g_autoptr(GMenu) menu = g_menu_new ();
  GSimpleActionGroup *actions = g_simple_action_group_new ();
  static const GActionEntry entries[] = {
    { "export-png", NULL }, { "export-svg", NULL },
  };

  self->window = window;
  self->path = g_strdup (joinery_db_get_path (db));
  self->view = JOINERY_NETWORK_VIEW (joinery_network_view_new ());
  g_signal_connect_swapped (self->view, "node-selected", G_CALLBACK (node_selected_cb), self);
  g_signal_connect_swapped (self->view, "node-activated", G_CALLBACK (node_activated_cb), self);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->view));
  gtk_widget_set_hexpand (overlay, TRUE);

  legend = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (legend),
                        "<span foreground=\"#3584e4\">●</span> organisation   "
                        "<span foreground=\"#e66100\">■</span> group   "
                        "<span foreground=\"#26a269\">◆</span> project");
  gtk_widget_set_halign (legend, GTK_ALIGN_START);
  gtk_widget_set_valign (legend, GTK_ALIGN_END);
  gtk_widget_set_margin_start (legend, 12);
  gtk_widget_set_margin_bottom (legend, 12);
  gtk_widget_add_css_class (legend, "dim-label");
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), legend);

  self->status = gtk_label_new (NULL);
  gtk_widget_set_halign (self->status, GTK_ALIGN_END);
  gtk_widget_set_valign (self->status, GTK_ALIGN_START);
  gtk_widget_set_margin_end (self->status, 12);
  gtk_widget_set_margin_top (self->status, 12);
  gtk_widget_add_css_class (self->status, "dim-label");
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->status);

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_size_request (self->spinner, 32, 32);
  gtk_widget_set_halign (self->spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->spinner, GTK_ALIGN_CENTER);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->spinner);

  gtk_box_append (GTK_BOX (self), overlay);
  gtk_box_append (GTK_BOX (self), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (self), build_panel (self, db));

  /* The header: fit, and export. */
  g_action_map_add_action_entries (G_ACTION_MAP (actions), entries, G_N_ELEMENTS (entries), NULL);
  g_signal_connect_swapped (g_action_map_lookup_action (G_ACTION_MAP (actions), "export-png"), "activate",
                            G_CALLBACK (export_png_cb), self);
  g_signal_connect_swapped (g_action_map_lookup_action (G_ACTION_MAP (actions), "export-svg"), "activate",
                            G_CALLBACK (export_svg_cb), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "network", G_ACTION_GROUP (actions));
  g_menu_append (menu, "Save as _PNG…", "network.export-png");
  g_menu_append (menu, "Save as _SVG…", "network.export-svg");
  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "document-save-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (menu_button, "Save the Map");
  gtk_widget_insert_action_group (menu_button, "network", G_ACTION_GROUP (actions));
  adw_header_bar_pack_end (header, menu_button);
  fit = gtk_button_new_from_icon_name ("zoom-fit-best-symbolic");
  gtk_widget_set_tooltip_text (fit, "Show Everything (0)");
  g_signal_connect_swapped (fit, "clicked", G_CALLBACK (joinery_network_view_fit), self->view);
  adw_header_bar_pack_end (header, fit);
  g_object_unref (actions);

  reload (self);
  return GTK_WIDGET (self);
}

const JoineryWindowPage joinery_network_page = {
  "network", "Network", "network-workgroup-symbolic", "<Control><Shift>m", network_page_create,
};

static void
joinery_network_page_dispose (GObject *object)
{
  JoineryNetworkPage *self = JOINERY_NETWORK_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->generation++; /* what is still being read is for no one */
  G_OBJECT_CLASS (joinery_network_page_parent_class)->dispose (object);
}

static void
joinery_network_page_finalize (GObject *object)
{
  JoineryNetworkPage *self = JOINERY_NETWORK_PAGE (object);

  g_free (self->path);
  g_array_unref (self->area_ids);
  g_array_unref (self->theme_ids);
  G_OBJECT_CLASS (joinery_network_page_parent_class)->finalize (object);
}

static void
joinery_network_page_class_init (JoineryNetworkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = joinery_network_page_dispose;
  object_class->finalize = joinery_network_page_finalize;
}

static void
joinery_network_page_init (JoineryNetworkPage *self)
{
  self->area_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->theme_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* For tests */

JoineryNetworkView *
joinery_network_page_get_view (JoineryNetworkPage *self)
{
  return self->view;
}

gboolean
joinery_network_page_is_ready (JoineryNetworkPage *self)
{
  return self->ready && self->measured && self->reload_id == 0;
}

void
joinery_network_page_set_as_of (JoineryNetworkPage *self, const char *date)
{
  GDate wanted;

  if (date == NULL)
    {
      gtk_switch_set_active (GTK_SWITCH (self->date_switch), FALSE);
      reload (self);
      return;
    }
  g_date_clear (&wanted, 1);
  g_date_set_parse (&wanted, date);
  g_return_if_fail (g_date_valid (&wanted) && g_date_valid (&self->first_date));
  gtk_switch_set_active (GTK_SWITCH (self->date_switch), TRUE);
  gtk_range_set_value (GTK_RANGE (self->date_scale), g_date_days_between (&self->first_date, &wanted));
  reload (self);
}

gboolean
joinery_network_page_set_theme (JoineryNetworkPage *self, gint64 theme_id)
{
  for (guint i = 0; i < self->theme_ids->len; i++)
    if (g_array_index (self->theme_ids, gint64, i) == theme_id)
      {
        gtk_drop_down_set_selected (self->theme_dropdown, i);
        reload (self);
        return TRUE;
      }
  return FALSE;
}

void
joinery_network_page_set_search (JoineryNetworkPage *self, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  search_changed_cb (self);
}

const char *
joinery_network_page_get_card_title (JoineryNetworkPage *self)
{
  return gtk_widget_get_visible (self->card) ? gtk_label_get_text (GTK_LABEL (self->card_title)) : NULL;
}

GStrv
joinery_network_page_dup_connectors (JoineryNetworkPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->connectors)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_strv_builder_add (builder, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_strv_builder_end (builder);
}
