/* joinery-record-list.c: the list of one kind's records.
 *
 * A GtkColumnView over the core's JoineryListModel, one column per field of
 * the kind (shown as the kind's description and the user's choice say),
 * GtkInscription cells. Sorting, filtering and search are asked of the
 * model, which runs them in SQL: the column view's own sorter only tells
 * which header was clicked, and no GtkSortListModel or GtkFilterListModel
 * ever sees the rows. No SQL here.
 *
 * The view shows the model through JoineryListRows, so that a sort or a
 * search gives the rows on screen their new records in place rather than
 * making GTK throw away and rebuild them (see joinery-list-rows.h); a
 * cell is added to its row's cells at bind and removed at unbind, and
 * the row shows its record in them when it arrives (no signal handler per
 * cell: GTK rebinds some 200 rows of cells at a jump).
 *
 * Rows come unread when the model does not have their records at hand (a
 * jump, a sort, a search): in each frame, once GTK has laid the rows out,
 * the rows on screen are read before they are painted, and the others
 * GTK keeps around them a page at a time when the main loop is idle.
 */
#include "config.h"

#include "joinery-record-list.h"
#include "joinery-gui-util.h"
#include "joinery-list-rows.h"

/* A read of the rows that lasts longer than this shows the spinner. */
#define SPINNER_DELAY_MS 300
/* Rows off screen read at a time when the main loop is idle (a page). */
#define IDLE_READ_ROWS   64
/* Until its first frame is painted, the view is given the rows its window
 * has room for, reckoned from the window's height (which is known when the
 * list is realized: none before) and the least height a row can have (its
 * cells' padding, 12 px, and a line of the smallest text); at most this
 * many. */
#define MIN_ROW_HEIGHT   20
#define FIRST_SCREEN_MAX 256
/* Rows read beyond those the scrolled area shows, each side (its estimate
 * of the rows' place may be off by a row or two). */
#define VISIBLE_MARGIN   4

typedef struct {
  char  *label;
  GStrv  filters;
} QuickFilter;

typedef struct {
  JoineryRecordList *list;
  guint              index;
} ColumnProbe;

/* What a column's cells are bound with. */
typedef struct {
  JoineryRecordList  *list;
  const JoineryField *field;
} ColumnCells;

struct _JoineryRecordList
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *search_entry;
  GtkDropDown        *filter_dropdown;
  GtkWidget          *loading_spinner;
  GtkBox             *columns_box;
  GtkWidget          *link_filter_bar;
  GtkLabel           *link_filter_label;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;

  JoineryDb          *db;
  const JoineryKind  *kind;
  JoineryListModel   *model;
  JoineryListRows    *rows;
  GtkSingleSelection *selection;
  GSettings          *settings;
  GPtrArray          *columns;       /* GtkColumnViewColumn, one per field, owned: only
                                      * the shown ones are in the view */
  GArray             *quick_filters; /* QuickFilter */
  char               *link_filter;   /* "organisation=12": the records of one other record */
  gint64              selected_id;
  gint64              pending_id;    /* to select once the rows being read are in */
  int                 probed_column; /* set by the column sorters, see sorter_changed_cb */
  gboolean            restoring;
  gboolean            to_top;        /* a new search or filter: its first rows shown once read */
  gboolean            reveal;        /* the selected record moved: scrolled to once read */
  guint               spinner_id;    /* shows the spinner when a read lasts */
  GdkFrameClock      *frame_clock;   /* while realized */
  gulong              layout_handler;
  gulong              paint_handler; /* until the first frame is painted */
  guint               show_all_id;
  gboolean            limited;       /* the view has only its first screen of rows */
  gboolean            layout_asked;  /* for the rows bound unread, since the last layout */
  guint               read_id;       /* reads the rows off screen when idle */
};

G_DEFINE_FINAL_TYPE (JoineryRecordList, joinery_record_list, GTK_TYPE_WIDGET)

enum {
  RECORD_SELECTED,
  RECORD_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_rows (JoineryRecordList *self);

static void
clear_quick_filter (QuickFilter *filter)
{
  g_free (filter->label);
  g_strfreev (filter->filters);
}

static void
add_quick_filter (JoineryRecordList *self, char *label, const char *filter)
{
  QuickFilter q = { label, NULL };

  if (filter != NULL)
    {
      const char *filters[] = { filter, NULL };
      q.filters = g_strdupv ((char **) filters);
    }
  g_array_append_val (self->quick_filters, q);
}

/* The quick filters follow from the kind's description: its date order
 * (events upcoming or past), its first listed choice (grants by status,
 * projects by stage) and its first yes/no field. */
static void
build_quick_filters (JoineryRecordList *self)
{
  const JoineryKind *kind = self->kind;
  const JoineryField *sort = joinery_kind_get_field (kind, kind->sort_field);
  g_autofree char *today = joinery_today ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gboolean have_choice = FALSE, have_boolean = FALSE;

  add_quick_filter (self, g_strdup_printf ("All %s", joinery_kind_get_words (kind, TRUE)), NULL);

  if (sort != NULL && sort->type == JOINERY_FIELD_DATE)
    {
      g_autofree char *upcoming = g_strdup_printf ("%s>=%s", sort->name, today);
      g_autofree char *past = g_strdup_printf ("%s<%s", sort->name, today);
      add_quick_filter (self, g_strdup ("Upcoming"), upcoming);
      add_quick_filter (self, g_strdup ("Past"), past);
    }

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];

      if (f->type == JOINERY_FIELD_CHOICE && (f->flags & JOINERY_FIELD_LISTED) && !have_choice)
        {
          have_choice = TRUE;
          for (guint c = 0; f->choices[c] != NULL; c++)
            {
              g_autofree char *filter = g_strdup_printf ("%s=%s", f->name, f->choices[c]);
              add_quick_filter (self, joinery_gui_choice_label (f->choices[c]), filter);
            }
        }
      else if (f->type == JOINERY_FIELD_BOOLEAN && !have_boolean)
        {
          g_autofree char *filter = g_strdup_printf ("%s=yes", f->name);
          have_boolean = TRUE;
          add_quick_filter (self, g_strdup (f->label), filter);
        }
    }

  for (guint i = 0; i < self->quick_filters->len; i++)
    gtk_string_list_append (labels, g_array_index (self->quick_filters, QuickFilter, i).label);
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (labels));
  gtk_widget_set_visible (GTK_WIDGET (self->filter_dropdown), self->quick_filters->len > 1);
}

/* Cells */

static void
cell_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, ColumnCells *column)
{
  const JoineryField *field = column->field;
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), 4);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell),
                                 field->type == JOINERY_FIELD_TEXT ? 24 : 12);
  if (field->type == JOINERY_FIELD_MONEY || field->type == JOINERY_FIELD_INTEGER ||
      field->type == JOINERY_FIELD_REAL)
    {
      gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1.0);
      gtk_widget_add_css_class (cell, "numeric");
    }
  gtk_list_item_set_child (item, cell);
}

static void
show_cell (GtkInscription *cell, JoineryRecord *record, const JoineryField *field)
{
  g_autofree char *text = record != NULL ? joinery_gui_format_cell (record, field) : NULL;

  gtk_inscription_set_text (cell, text);
}

/* A row's record read, or another took its place (a sort, a search):
 * the same cells show it (see joinery_list_rows_set_show_func()). */
static void
show_row_cell (gpointer cell, gconstpointer field, JoineryRecord *record, gpointer user_data)
{
  show_cell (cell, record, field);
}

/* Unread rows to read: the frame's layout phase reads those on screen. */
static void
ask_for_layout (GtkWidget *view)
{
  gtk_widget_queue_allocate (view);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, ColumnCells *column)
{
  gpointer row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  JoineryRecord *record = joinery_list_rows_item_peek_record (row);
  JoineryRecordList *self = column->list;

  show_cell (GTK_INSCRIPTION (cell), record, column->field);
  if (JOINERY_IS_LIST_ROW (row))
    {
      joinery_list_row_add_cell (row, cell, column->field);
      /* Once for all the rows bound unread before the next layout. */
      if (record == NULL && !self->layout_asked)
        {
          self->layout_asked = TRUE;
          ask_for_layout (GTK_WIDGET (self->column_view));
        }
    }
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, ColumnCells *column)
{
  gpointer row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);

  if (JOINERY_IS_LIST_ROW (row))
    joinery_list_row_remove_cell (row, cell);
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), NULL);
}

/* Reading the rows: those on screen in each frame once they are laid out,
 * the rest when idle. */

static gboolean
read_rest_cb (gpointer data)
{
  JoineryRecordList *self = data;

  joinery_list_rows_read (self->rows, 0, G_MAXUINT, IDLE_READ_ROWS);
  if (joinery_list_rows_get_n_unread (self->rows) > 0)
    return G_SOURCE_CONTINUE;
  self->read_id = 0;
  return G_SOURCE_REMOVE;
}

/* The rows the scrolled area shows: the view's rows are all of a height,
 * so the adjustment says which. */
static gboolean
visible_rows (JoineryRecordList *self, guint *first, guint *n_rows)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  double upper, row_height, top;

  if (adjustment == NULL || n == 0)
    return FALSE;
  upper = gtk_adjustment_get_upper (adjustment);
  if (upper <= 0)
    return FALSE;
  row_height = upper / n;
  top = gtk_adjustment_get_value (adjustment) / row_height;
  *first = (guint) MAX (top - VISIBLE_MARGIN, 0);
  *n_rows = (guint) (gtk_adjustment_get_page_size (adjustment) / row_height) + 2 * VISIBLE_MARGIN + 2;
  return TRUE;
}

static void
frame_layout_cb (GdkFrameClock *clock, JoineryRecordList *self)
{
  guint first, n_rows;

  self->layout_asked = FALSE;
  if (joinery_list_rows_get_n_unread (self->rows) == 0)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && visible_rows (self, &first, &n_rows))
    joinery_list_rows_read (self->rows, first, n_rows, G_MAXUINT);
  if (joinery_list_rows_get_n_unread (self->rows) > 0 && self->read_id == 0)
    self->read_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, read_rest_cb, self, NULL);
}

/* The view has the first screen of rows until its first frame is
 * painted; then all of them (see joinery_list_rows_set_limit()). */
static void
show_all_rows (JoineryRecordList *self)
{
  g_clear_handle_id (&self->show_all_id, g_source_remove);
  if (self->paint_handler != 0)
    g_clear_signal_handler (&self->paint_handler, self->frame_clock);
  self->limited = FALSE;
  joinery_list_rows_show_all (self->rows);
}

/* The rows the list's window has room for: by its height, or, maximised,
 * full screen or not sized yet, its monitor's. */
static guint
first_screen_rows (JoineryRecordList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GdkSurface *surface = NULL;
  int width = 0, height = 0;

  if (GTK_IS_WINDOW (root))
    {
      GtkWindow *window = GTK_WINDOW (root);

      height = gtk_widget_get_height (GTK_WIDGET (window));
      if (height <= 0 && !gtk_window_is_maximized (window) && !gtk_window_is_fullscreen (window))
        gtk_window_get_default_size (window, &width, &height);
    }
  if (root != NULL)
    surface = gtk_native_get_surface (GTK_NATIVE (root));
  if (height <= 0 && surface != NULL)
    {
      GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface);
      GdkRectangle geometry = { 0 };

      if (monitor != NULL)
        gdk_monitor_get_geometry (monitor, &geometry);
      height = geometry.height;
    }
  if (height <= 0)
    return FIRST_SCREEN_MAX;
  return MIN ((guint) height / MIN_ROW_HEIGHT + 1, FIRST_SCREEN_MAX);
}

/* Row `position` of the model is to be selected or scrolled to: all the
 * rows, if the view has not that one yet. */
static void
give_view_row (JoineryRecordList *self, guint position)
{
  if (position != G_MAXUINT && position >= g_list_model_get_n_items (G_LIST_MODEL (self->rows)))
    show_all_rows (self);
}

static gboolean
show_all_cb (gpointer data)
{
  JoineryRecordList *self = data;

  self->show_all_id = 0;
  show_all_rows (self);
  return G_SOURCE_REMOVE;
}

static void
frame_painted_cb (GdkFrameClock *clock, JoineryRecordList *self)
{
  GtkWidget *rows = joinery_gui_find_list_view (GTK_WIDGET (self->column_view));
  GtkWidget *row = rows != NULL ? gtk_widget_get_first_child (rows) : NULL;

  /* A frame that showed rows, or the list read and empty. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->show_all_id != 0)
    return;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0
      ? row == NULL || !gtk_widget_get_mapped (row)
      : joinery_list_model_get_loading (self->model))
    return;
  g_clear_signal_handler (&self->paint_handler, self->frame_clock);
  self->show_all_id = g_idle_add (show_all_cb, self);
}

static void
joinery_record_list_realize (GtkWidget *widget)
{
  JoineryRecordList *self = JOINERY_RECORD_LIST (widget);

  GTK_WIDGET_CLASS (joinery_record_list_parent_class)->realize (widget);
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  if (self->limited)
    joinery_list_rows_set_limit (self->rows, first_screen_rows (self));
  self->layout_asked = FALSE;
  self->layout_handler = g_signal_connect_after (self->frame_clock, "layout", G_CALLBACK (frame_layout_cb), self);
  if (self->show_all_id == 0)
    self->paint_handler = g_signal_connect_after (self->frame_clock, "after-paint", G_CALLBACK (frame_painted_cb),
                                                  self);
  ask_for_layout (GTK_WIDGET (self->column_view));
}

static void
joinery_record_list_unrealize (GtkWidget *widget)
{
  JoineryRecordList *self = JOINERY_RECORD_LIST (widget);

  show_all_rows (self);
  g_clear_signal_handler (&self->layout_handler, self->frame_clock);
  g_clear_object (&self->frame_clock);
  GTK_WIDGET_CLASS (joinery_record_list_parent_class)->unrealize (widget);
}

/* Sorting: each column has a sorter that is never used to sort anything.
 * GTK 4.8 has no public way to ask the column view which header is
 * sorted, so we ask its sorter to compare two dummies: it consults the
 * primary column's sorter first, which records itself and answers
 * "smaller"; the column view inverts that for a descending column. */
static int
probe_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  ColumnProbe *probe = user_data;

  if (probe->list->probed_column < 0)
    probe->list->probed_column = (int) probe->index;
  return GTK_ORDERING_SMALLER;
}

static void
sorter_changed_cb (GtkSorter *sorter, GtkSorterChange change, JoineryRecordList *self)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GError) error = NULL;
  GtkOrdering order;
  const char *field = NULL;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, a, b);
  if (self->probed_column >= 0)
    field = self->kind->fields[self->probed_column].name;

  if (!joinery_list_model_set_sort (self->model, field, order == GTK_ORDERING_LARGER, &error))
    g_warning ("cannot sort %s by %s: %s", self->kind->plural, field, error->message);
  show_rows (self);
}

/* Columns: a hidden column is not in the view at all, so that GTK makes
 * no cells for it (GTK 4.8 makes every column's cells for each of its
 * ~200 rows, a hidden column's too, and a cell is a widget with a Pango
 * context of its own). It goes in at its place when shown. */

static gboolean
column_shown (JoineryRecordList *self, guint index)
{
  return gtk_column_view_column_get_column_view (g_ptr_array_index (self->columns, index)) != NULL;
}

static void
show_column (JoineryRecordList *self, guint index, gboolean shown)
{
  GtkColumnViewColumn *column = g_ptr_array_index (self->columns, index);
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  guint position = 0;

  if (column_shown (self, index) == shown)
    return;
  /* The list stays in its order, by a hidden field too: nothing is sorted
   * again because a header came or went. */
  g_signal_handlers_block_by_func (sorter, sorter_changed_cb, self);
  if (shown)
    {
      for (guint i = 0; i < index; i++)
        position += column_shown (self, i);
      gtk_column_view_insert_column (self->column_view, position, column);
    }
  else
    gtk_column_view_remove_column (self->column_view, column);
  g_signal_handlers_unblock_by_func (sorter, sorter_changed_cb, self);
}

/* Settings */

static GStrv
dup_saved_columns (JoineryRecordList *self)
{
  g_autoptr(GVariant) all = NULL;
  g_autoptr(GVariant) mine = NULL;

  if (self->settings == NULL)
    return NULL;
  all = g_settings_get_value (self->settings, "columns");
  mine = g_variant_lookup_value (all, self->kind->name, G_VARIANT_TYPE_STRING_ARRAY);
  return mine != NULL ? g_variant_dup_strv (mine, NULL) : NULL;
}

static void
save_columns (JoineryRecordList *self)
{
  g_autoptr(GVariant) all = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  GVariantBuilder builder;
  GVariantIter iter;
  const char *kind;
  GVariant *fields;

  if (self->settings == NULL)
    return;
  for (guint i = 0; i < self->columns->len; i++)
    if (column_shown (self, i))
      g_ptr_array_add (shown, (gpointer) self->kind->fields[i].name);

  /* The other kinds' choices as they were, this kind's anew. */
  all = g_settings_get_value (self->settings, "columns");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sas}"));
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s@as}", &kind, &fields))
    {
      if (!g_str_equal (kind, self->kind->name))
        g_variant_builder_add (&builder, "{s@as}", kind, fields);
      g_variant_unref (fields);
    }
  g_variant_builder_add (&builder, "{s@as}", self->kind->name,
                         g_variant_new_strv ((const char * const *) shown->pdata, shown->len));
  g_settings_set_value (self->settings, "columns", g_variant_builder_end (&builder));
}

static void
column_toggled_cb (GtkCheckButton *check, JoineryRecordList *self)
{
  const char *field = g_object_get_data (G_OBJECT (check), "field");

  joinery_record_list_set_column_visible (self, field, gtk_check_button_get_active (check));
}

static void
build_columns (JoineryRecordList *self)
{
  g_auto(GStrv) saved = dup_saved_columns (self);
  GtkSorter *view_sorter;
  gboolean expanded = FALSE;

  for (guint i = 0; i < self->kind->n_fields; i++)
    {
      const JoineryField *f = &self->kind->fields[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      ColumnProbe *probe = g_new0 (ColumnProbe, 1);
      ColumnCells *cells = g_new (ColumnCells, 1);
      g_autoptr(GtkSorter) sorter = NULL;
      gboolean visible;
      GtkWidget *check;

      cells->list = self;
      cells->field = f;
      g_signal_connect_data (factory, "setup", G_CALLBACK (cell_setup_cb), cells,
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), cells);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), cells);

      column = gtk_column_view_column_new (f->label, factory);
      probe->list = self;
      probe->index = i;
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, probe, g_free));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      visible = saved != NULL ? g_strv_contains ((const char * const *) saved, f->name)
                              : (f->flags & JOINERY_FIELD_LISTED) != 0;
      /* The record's name takes the room that is left. */
      if (!expanded && (f->type == JOINERY_FIELD_TEXT || f->type == JOINERY_FIELD_REFERENCE) &&
          (g_strcmp0 (f->name, self->kind->label_field) == 0 || self->kind->label_field == NULL))
        {
          gtk_column_view_column_set_expand (column, TRUE);
          expanded = TRUE;
        }
      if (visible)
        gtk_column_view_append_column (self->column_view, column);
      g_ptr_array_add (self->columns, column);

      check = gtk_check_button_new_with_label (f->label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), visible);
      g_object_set_data (G_OBJECT (check), "field", (gpointer) f->name);
      g_signal_connect (check, "toggled", G_CALLBACK (column_toggled_cb), self);
      gtk_box_append (self->columns_box, check);
    }

  /* The header of the kind's default order shows it (the model is in that
   * order already: nothing is sorted again). */
  if (joinery_kind_field_index (self->kind, self->kind->sort_field) >= 0 &&
      column_shown (self, (guint) joinery_kind_field_index (self->kind, self->kind->sort_field)))
    gtk_column_view_sort_by_column (self->column_view,
                                    g_ptr_array_index (self->columns,
                                                       joinery_kind_field_index (self->kind, self->kind->sort_field)),
                                    GTK_SORT_ASCENDING);
  view_sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect (view_sorter, "changed", G_CALLBACK (sorter_changed_cb), self);
}

/* Selection and the empty state */

static void
update_empty_state (JoineryRecordList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  /* The rows of the last request stay until the new ones are read: no
   * "No Results" flashes between keystrokes. */
  if (n == 0 && joinery_list_model_get_loading (self->model))
    return;
  const char *search = joinery_list_model_get_search (self->model);
  gboolean narrowed = (search != NULL && *search != '\0') || self->link_filter != NULL ||
                      gtk_drop_down_get_selected (self->filter_dropdown) > 0;

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "list");
      return;
    }
  if (narrowed)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, "No Results Found");
      adw_status_page_set_description (self->empty_page, "Try a different search or filter.");
    }
  else
    {
      g_autofree char *title = g_strdup_printf ("No %s Yet", self->kind->label_plural);
      g_autofree char *description =
        g_strdup_printf ("Press <b>+</b> or Ctrl+N to add the first %s.",
                         joinery_kind_get_words (self->kind, FALSE));
      adw_status_page_set_icon_name (self->empty_page, joinery_gui_kind_icon (self->kind));
      adw_status_page_set_title (self->empty_page, title);
      adw_status_page_set_description (self->empty_page, description);
    }
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
selection_changed_cb (GtkSingleSelection *selection, GParamSpec *pspec, JoineryRecordList *self)
{
  JoineryRecord *record = joinery_list_rows_item_record (gtk_single_selection_get_selected_item (selection));

  /* A reload loses the selection for a moment: items_changed_cb restores it. */
  if (self->restoring || record == NULL)
    return;
  if (joinery_record_get_id (record) == self->selected_id)
    return;
  self->selected_id = joinery_record_get_id (record);
  g_signal_emit (self, signals[RECORD_SELECTED], 0, record);
}

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added,
                  JoineryRecordList *self)
{
  JoineryRecord *current;

  /* Rows given new records in place, not read yet: the view hears nothing. */
  if (joinery_list_rows_get_n_unread (self->rows) > 0)
    ask_for_layout (GTK_WIDGET (self->column_view));
  current = joinery_list_rows_item_record (gtk_single_selection_get_selected_item (self->selection));

  if (self->selected_id != 0 &&
      (current == NULL || joinery_record_get_id (current) != self->selected_id))
    {
      guint found = joinery_list_model_find (self->model, self->selected_id);

      if (found == G_MAXUINT && joinery_list_model_get_loading (self->model))
        {
          /* The rows are being replaced (removed, then the new ones
           * added): looked for, and shown, once they are in. */
          self->pending_id = self->selected_id;
          update_empty_state (self);
          return;
        }
      give_view_row (self, found);
      self->restoring = TRUE;
      gtk_single_selection_set_selected (self->selection, found);
      self->restoring = FALSE;
      if (found == G_MAXUINT)
        self->selected_id = 0;
      else
        self->reveal = TRUE;
    }
  update_empty_state (self);
}

/* GTK 4.8's column view has no scroll_to(); its rows' list view has the action. */
static void
scroll_to (JoineryRecordList *self, guint position)
{
  GtkWidget *rows = joinery_gui_find_list_view (GTK_WIDGET (self->column_view));

  give_view_row (self, position);
  if (rows != NULL)
    gtk_widget_activate_action (rows, "list.scroll-to-item", "u", position);
}

/* The rows asked for are in: the selected record where it went, or the
 * first rows of a new search or filter; else the view stays where it
 * was (a sort keeps the rows' place). */
static void
show_rows (JoineryRecordList *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (joinery_list_model_get_loading (self->model))
    return;
  if (selected != GTK_INVALID_LIST_POSITION && (self->reveal || self->to_top))
    scroll_to (self, selected);
  else if (self->to_top && g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0)
    scroll_to (self, 0);
  self->reveal = self->to_top = FALSE;
}

static gboolean
spinner_timeout_cb (gpointer data)
{
  JoineryRecordList *self = data;

  self->spinner_id = 0;
  gtk_spinner_start (GTK_SPINNER (self->loading_spinner));
  return G_SOURCE_REMOVE;
}

/* The model started or finished reading the ids of a request. The
 * spinner turns only for a read that takes a while: a search typed key
 * by key would otherwise redraw it at every key. (It stays in the bar,
 * drawing nothing while still, so that the bar is not laid out again.) */
static void
loading_changed_cb (JoineryRecordList *self)
{
  if (joinery_list_model_get_loading (self->model))
    {
      if (self->spinner_id == 0 && !gtk_spinner_get_spinning (GTK_SPINNER (self->loading_spinner)))
        self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, spinner_timeout_cb, self);
      return;
    }
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  gtk_spinner_stop (GTK_SPINNER (self->loading_spinner));
  if (self->pending_id != 0)
    {
      gint64 id = self->pending_id;

      self->pending_id = 0;
      if (!joinery_record_list_select_id (self, id))
        joinery_record_list_unselect (self);
      else
        self->reveal = FALSE; /* selecting it scrolled to it */
    }
  show_rows (self);
  update_empty_state (self);
}

/* Enter or a double click: the user wants to work on the record. */
static void
row_activated_cb (GtkColumnView *view, guint position, JoineryRecordList *self)
{
  g_autoptr(GObject) row = g_list_model_get_item (G_LIST_MODEL (self->rows), position);
  JoineryRecord *record = joinery_list_rows_item_record (row);

  if (record == NULL)
    return;
  if (joinery_record_get_id (record) != self->selected_id)
    {
      self->selected_id = joinery_record_get_id (record);
      g_signal_emit (self, signals[RECORD_SELECTED], 0, record);
    }
  g_signal_emit (self, signals[RECORD_ACTIVATED], 0, record);
}

/* Search and filters */

static void
search_changed_cb (JoineryRecordList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_strcmp0 (*text != '\0' ? text : NULL, joinery_list_model_get_search (self->model)) != 0)
    self->to_top = TRUE;
  joinery_list_model_set_search (self->model, text);
  show_rows (self);
  update_empty_state (self);
}

static void
stop_search_cb (JoineryRecordList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Enter in the search entry opens the first match. */
static void
search_activate_cb (JoineryRecordList *self)
{
  search_changed_cb (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
    }
}

/* The quick filter chosen, and the other record's, all of which must match. */
static GStrv
dup_filters (JoineryRecordList *self)
{
  guint index = gtk_drop_down_get_selected (self->filter_dropdown);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (index < self->quick_filters->len && g_array_index (self->quick_filters, QuickFilter, index).filters != NULL)
    g_strv_builder_addv (builder, (const char **) g_array_index (self->quick_filters, QuickFilter, index).filters);
  if (self->link_filter != NULL)
    g_strv_builder_add (builder, self->link_filter);
  return g_strv_builder_end (builder);
}

static void
apply_filters (JoineryRecordList *self)
{
  g_auto(GStrv) filters = dup_filters (self);
  g_autoptr(GError) error = NULL;

  self->to_top = TRUE;
  if (!joinery_list_model_set_filters (self->model, (const char * const *) filters, &error))
    g_warning ("filters of %s: %s", self->kind->plural, error->message);
  show_rows (self);
  gtk_widget_set_visible (self->link_filter_bar, self->link_filter != NULL);
  update_empty_state (self);
}

static void
filter_selected_cb (JoineryRecordList *self)
{
  apply_filters (self);
}

static void
link_filter_clear_cb (JoineryRecordList *self)
{
  joinery_record_list_set_link_filter (self, NULL, 0, NULL);
}

/* GObject */

static void
joinery_record_list_dispose (GObject *object)
{
  JoineryRecordList *self = JOINERY_RECORD_LIST (object);

  g_clear_handle_id (&self->spinner_id, g_source_remove);
  g_clear_handle_id (&self->read_id, g_source_remove);
  g_clear_handle_id (&self->show_all_id, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), JOINERY_TYPE_RECORD_LIST);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->model);
  g_clear_object (&self->db);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->quick_filters, g_array_unref);
  g_clear_pointer (&self->link_filter, g_free);
  G_OBJECT_CLASS (joinery_record_list_parent_class)->dispose (object);
}

static void
joinery_record_list_class_init (JoineryRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = joinery_record_list_dispose;
  widget_class->realize = joinery_record_list_realize;
  widget_class->unrealize = joinery_record_list_unrealize;

  /* The user chose a record in the list (never emitted for none). */
  signals[RECORD_SELECTED] = g_signal_new ("record-selected", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, JOINERY_TYPE_RECORD);
  /* The user pressed Enter on a record, or double-clicked it. */
  signals[RECORD_ACTIVATED] = g_signal_new ("record-activated", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, JOINERY_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/joinery/Joinery/joinery-record-list.ui");
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordList, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordList, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordList, columns_box);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordList, link_filter_bar);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordList, link_filter_label);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordList, content_stack);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordList, column_view);
  gtk_widget_class_bind_template_child (widget_class, JoineryRecordList, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_filter_clear_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "recordlist");
}

static void
joinery_record_list_init (JoineryRecordList *self)
{
  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->quick_filters = g_array_new (FALSE, TRUE, sizeof (QuickFilter));
  g_array_set_clear_func (self->quick_filters, (GDestroyNotify) clear_quick_filter);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
}

JoineryRecordList *
joinery_record_list_new (JoineryDb *db, const JoineryKind *kind)
{
  JoineryRecordList *self;
  g_autofree char *placeholder = NULL;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (JOINERY_TYPE_RECORD_LIST, NULL);
  self->db = g_object_ref (db);
  self->kind = kind;
  self->settings = joinery_gui_dup_settings ();
  /* Sorting and searching a million rows happen in the model's own thread:
   * the window never waits for them. */
  self->model = joinery_list_model_new_in_background (db, kind);
  g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (loading_changed_cb), self);
  /* Ours first, so that the selection is restored after it has reacted. */
  self->rows = joinery_list_rows_new (self->model);
  joinery_list_rows_set_show_func (self->rows, show_row_cell, NULL);
  /* None until the list is realized, in a window of a known height. */
  joinery_list_rows_set_limit (self->rows, 0);
  self->limited = TRUE;
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_after (self->model, "items-changed", G_CALLBACK (items_changed_cb), self);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (row_activated_cb), self);
  {
    /* Delete in the list deletes the record (undoable from the toast).
     * Only here: in a text field, Delete and Ctrl+Delete edit the text. */
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                            gtk_named_action_new ("win.delete-record")));
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), shortcuts);
  }

  placeholder = g_strdup_printf ("Search %s", joinery_kind_get_words (kind, TRUE));
  g_object_set (self->search_entry, "placeholder-text", placeholder, NULL);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  build_quick_filters (self);
  build_columns (self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  loading_changed_cb (self);
  return self;
}

const JoineryKind *
joinery_record_list_get_kind (JoineryRecordList *self)
{
  return self->kind;
}

JoineryListModel *
joinery_record_list_get_model (JoineryRecordList *self)
{
  return self->model;
}

GtkColumnView *
joinery_record_list_get_column_view (JoineryRecordList *self)
{
  return self->column_view;
}

GtkEditable *
joinery_record_list_get_search_entry (JoineryRecordList *self)
{
  return GTK_EDITABLE (self->search_entry);
}

void
joinery_record_list_focus_search (JoineryRecordList *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
joinery_record_list_set_search (JoineryRecordList *self, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  search_changed_cb (self);
}

guint
joinery_record_list_get_n_quick_filters (JoineryRecordList *self)
{
  return self->quick_filters->len;
}

const char *
joinery_record_list_get_quick_filter_label (JoineryRecordList *self, guint index)
{
  g_return_val_if_fail (index < self->quick_filters->len, NULL);
  return g_array_index (self->quick_filters, QuickFilter, index).label;
}

void
joinery_record_list_set_quick_filter (JoineryRecordList *self, guint index)
{
  g_return_if_fail (index < self->quick_filters->len);
  gtk_drop_down_set_selected (self->filter_dropdown, index);
}

guint
joinery_record_list_choose_filters (JoineryRecordList *self, const char *label,
                                    const char * const *filters)
{
  static const char * const none[] = { NULL };
  guint index;

  g_return_val_if_fail (JOINERY_IS_RECORD_LIST (self), 0);
  g_return_val_if_fail (label != NULL, 0);

  if (filters == NULL)
    filters = none;
  for (index = 0; index < self->quick_filters->len; index++)
    {
      const char * const *have = (const char * const *) g_array_index (self->quick_filters, QuickFilter, index).filters;
      if (g_strv_equal (have != NULL ? have : none, filters))
        break;
    }
  if (index == self->quick_filters->len)
    {
      QuickFilter q = { g_strdup (label), g_strdupv ((char **) filters) };

      g_array_append_val (self->quick_filters, q);
      gtk_string_list_append (GTK_STRING_LIST (gtk_drop_down_get_model (self->filter_dropdown)), label);
      gtk_widget_set_visible (GTK_WIDGET (self->filter_dropdown), TRUE);
    }
  joinery_record_list_set_search (self, NULL);
  g_clear_pointer (&self->link_filter, g_free);
  if (gtk_drop_down_get_selected (self->filter_dropdown) != index)
    gtk_drop_down_set_selected (self->filter_dropdown, index);
  else
    apply_filters (self);
  return index;
}

void
joinery_record_list_reset (JoineryRecordList *self)
{
  joinery_record_list_set_search (self, NULL);
  g_clear_pointer (&self->link_filter, g_free);
  if (gtk_drop_down_get_selected (self->filter_dropdown) != 0)
    gtk_drop_down_set_selected (self->filter_dropdown, 0);
  else
    apply_filters (self);
}

void
joinery_record_list_set_link_filter (JoineryRecordList *self, const char *field, gint64 id,
                                     const char *label)
{
  g_return_if_fail (JOINERY_IS_RECORD_LIST (self));
  g_return_if_fail (field == NULL || joinery_kind_get_field (self->kind, field) != NULL);

  g_clear_pointer (&self->link_filter, g_free);
  if (field != NULL)
    {
      const JoineryField *f = joinery_kind_get_field (self->kind, field);
      g_autofree char *text = g_strdup_printf ("%s: %s", f->label, label != NULL ? label : "?");

      self->link_filter = g_strdup_printf ("%s=%" G_GINT64_FORMAT, field, id);
      gtk_label_set_text (self->link_filter_label, text);
    }
  apply_filters (self);
}

const char *
joinery_record_list_get_link_filter (JoineryRecordList *self)
{
  return self->link_filter;
}

gboolean
joinery_record_list_select_id (JoineryRecordList *self, gint64 id)
{
  guint position = joinery_list_model_find (self->model, id);

  if (position == G_MAXUINT && joinery_list_model_get_loading (self->model))
    {
      /* Not among the rows shown yet: selected when the new ones are in. */
      self->pending_id = id;
      return TRUE;
    }
  if (position == G_MAXUINT)
    return FALSE;
  give_view_row (self, position);
  self->pending_id = 0;
  self->restoring = TRUE;
  self->selected_id = id;
  gtk_single_selection_set_selected (self->selection, position);
  self->restoring = FALSE;
  scroll_to (self, position);
  return TRUE;
}

void
joinery_record_list_unselect (JoineryRecordList *self)
{
  self->pending_id = 0;
  self->restoring = TRUE;
  self->selected_id = 0;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->restoring = FALSE;
}

gboolean
joinery_record_list_is_loading (JoineryRecordList *self)
{
  return joinery_list_model_get_loading (self->model);
}

JoineryRecord *
joinery_record_list_dup_selected (JoineryRecordList *self)
{
  JoineryRecord *record = joinery_list_rows_item_record (gtk_single_selection_get_selected_item (self->selection));

  return record != NULL ? g_object_ref (record) : NULL;
}

gboolean
joinery_record_list_get_column_visible (JoineryRecordList *self, const char *field)
{
  int index = joinery_kind_field_index (self->kind, field);

  g_return_val_if_fail (index >= 0, FALSE);
  return column_shown (self, (guint) index);
}

void
joinery_record_list_set_column_visible (JoineryRecordList *self, const char *field, gboolean visible)
{
  int index = joinery_kind_field_index (self->kind, field);
  guint n_visible = 0;

  g_return_if_fail (index >= 0);
  if (column_shown (self, (guint) index) == visible)
    return;
  for (guint i = 0; i < self->columns->len; i++)
    n_visible += column_shown (self, i);
  /* The last column stays. */
  if (!visible && n_visible <= 1)
    return;
  show_column (self, (guint) index, visible);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_CHECK_BUTTON (child) && g_strcmp0 (g_object_get_data (G_OBJECT (child), "field"), field) == 0)
      gtk_check_button_set_active (GTK_CHECK_BUTTON (child), visible);
  save_columns (self);
}

void
joinery_record_list_sort_by (JoineryRecordList *self, const char *field, gboolean descending)
{
  int index = field != NULL ? joinery_kind_field_index (self->kind, field) : -1;
  g_autoptr(GError) error = NULL;
  GtkSorter *sorter;

  if (index < 0 || column_shown (self, (guint) index))
    {
      gtk_column_view_sort_by_column (self->column_view,
                                      index >= 0 ? g_ptr_array_index (self->columns, index) : NULL,
                                      descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
      return;
    }
  /* By a hidden field: no header shows it. */
  sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_handlers_block_by_func (sorter, sorter_changed_cb, self);
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
  g_signal_handlers_unblock_by_func (sorter, sorter_changed_cb, self);
  if (!joinery_list_model_set_sort (self->model, field, descending, &error))
    g_warning ("cannot sort %s by %s: %s", self->kind->plural, field, error->message);
  show_rows (self);
}

JoineryQuery *
joinery_record_list_dup_query (JoineryRecordList *self)
{
  g_autoptr(JoineryQuery) query = NULL;
  g_auto(GStrv) filters = NULL;
  const char *search, *sort;

  g_return_val_if_fail (JOINERY_IS_RECORD_LIST (self), NULL);

  query = joinery_query_new (self->kind);
  filters = dup_filters (self);
  for (guint i = 0; filters[i] != NULL; i++)
    if (!joinery_query_parse_filter (query, filters[i], NULL))
      return NULL;
  search = joinery_list_model_get_search (self->model);
  if (search != NULL && *search != '\0')
    joinery_query_set_search (query, search);
  sort = joinery_list_model_get_sort_field (self->model);
  if (sort != NULL &&
      !joinery_query_set_sort (query, sort, joinery_list_model_get_sort_descending (self->model), NULL))
    return NULL;
  return g_steal_pointer (&query);
}
