/* joinery-report-view.c: the blocks of a report's output as widgets.
 *
 * Tables are GtkColumnViews over a list of row objects, each column
 * sortable by its cells' values (numbers as numbers, money as pence), with
 * numbers and money right-aligned. Charts are drawing areas that hand
 * their cairo context to joinery_chart_draw(), light or dark as the style
 * manager says, and redraw when it changes. Nothing here runs a report.
 */
#include "config.h"

#include <adwaita.h>

#include "joinery-chart.h"
#include "joinery-report-view.h"

/* One row of a table, as the list models hold it. */
#define JOINERY_TYPE_REPORT_ROW (joinery_report_row_get_type ())
G_DECLARE_FINAL_TYPE (JoineryReportRow, joinery_report_row, JOINERY, REPORT_ROW, GObject)

struct _JoineryReportRow
{
  GObject                   parent_instance;
  const JoineryReportTable *table;   /* owned by the view's output */
  guint                     row;
};

G_DEFINE_FINAL_TYPE (JoineryReportRow, joinery_report_row, G_TYPE_OBJECT)

static void joinery_report_row_class_init (JoineryReportRowClass *klass) { }
static void joinery_report_row_init (JoineryReportRow *self) { }

struct _JoineryReportView
{
  GtkBox               parent_instance;

  GtkLabel            *title_label;
  GtkBox              *blocks;      /* the output's blocks, made from it */

  JoineryReportOutput *output;
  GPtrArray           *tables;   /* GtkColumnView, in order */
  GPtrArray           *charts;   /* GtkDrawingArea, in order */
};

G_DEFINE_FINAL_TYPE (JoineryReportView, joinery_report_view, GTK_TYPE_BOX)

/* Sizes in pixels: a table's rows and header as the theme draws them, and
 * the most a table takes before it scrolls; the text of charts. */
#define TABLE_ROW_HEIGHT    21
#define TABLE_HEADER_HEIGHT 40
#define TABLE_MAX_HEIGHT    440
#define CHART_FONT_SIZE     12.0

static int
compare_rows (gconstpointer a, gconstpointer b, gpointer data)
{
  const JoineryReportRow *ra = a, *rb = b;
  guint column = GPOINTER_TO_UINT (data);
  const JoineryReportCell *ca = joinery_report_table_get_cell (ra->table, ra->row, column);
  const JoineryReportCell *cb = joinery_report_table_get_cell (rb->table, rb->row, column);

  /* Empty cells last, whichever way. */
  if (ca->is_null || cb->is_null)
    return (ca->is_null ? 1 : 0) - (cb->is_null ? 1 : 0);
  switch (ra->table->columns[column].type)
    {
    case JOINERY_REPORT_COLUMN_INTEGER:
    case JOINERY_REPORT_COLUMN_MONEY:
      return (ca->integer > cb->integer) - (ca->integer < cb->integer);
    case JOINERY_REPORT_COLUMN_NUMBER:
    case JOINERY_REPORT_COLUMN_PERCENT:
      return (ca->number > cb->number) - (ca->number < cb->number);
    case JOINERY_REPORT_COLUMN_DATE:
      return g_strcmp0 (ca->text, cb->text);
    case JOINERY_REPORT_COLUMN_TEXT:
    default:
      return g_utf8_collate (ca->text, cb->text);
    }
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  JoineryReportRow *row = gtk_list_item_get_item (item);
  guint column = GPOINTER_TO_UINT (data);
  g_autofree char *text = joinery_report_cell_format (joinery_report_table_get_cell (row->table, row->row, column),
                                                      row->table->columns[column].type, TRUE);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static GtkWidget *
build_table (JoineryReportView *self, const JoineryReportTable *table)
{
  GListStore *rows = g_list_store_new (JOINERY_TYPE_REPORT_ROW);
  GtkWidget *view = gtk_column_view_new (NULL);
  GtkSortListModel *sorted;
  GtkWidget *scrolled;

  for (guint r = 0; r < table->n_rows; r++)
    {
      g_autoptr(JoineryReportRow) row = g_object_new (JOINERY_TYPE_REPORT_ROW, NULL);
      row->table = table;
      row->row = r;
      g_list_store_append (rows, row);
    }
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (rows), NULL);
  gtk_sort_list_model_set_sorter (sorted, gtk_column_view_get_sorter (GTK_COLUMN_VIEW (view)));
  gtk_column_view_set_model (GTK_COLUMN_VIEW (view), GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (sorted))));
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");

  for (guint c = 0; c < table->n_columns; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GUINT_TO_POINTER (c), NULL));

      g_object_set_data (G_OBJECT (factory), "numeric",
                         GINT_TO_POINTER (joinery_report_column_type_is_numeric (table->columns[c].type)));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (table->columns[c].name, factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (c + 1 == table->n_columns || table->columns[c].type == JOINERY_REPORT_COLUMN_TEXT)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
      g_object_unref (column);
      g_object_unref (sorter);
    }

  g_ptr_array_add (self->tables, view);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  /* A column view asks for little height of its own: room for every row
   * of a short table, a scrolled window of rows for a long one. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled),
                                              MIN (TABLE_MAX_HEIGHT, TABLE_HEADER_HEIGHT + TABLE_ROW_HEIGHT * (int) table->n_rows));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_add_css_class (scrolled, "card");
  return scrolled;
}

static void
draw_chart_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  const JoineryReportChart *chart = data;
  JoineryChartStyle style;

  joinery_chart_style_init (&style, adw_style_manager_get_dark (adw_style_manager_get_default ()));
  style.font_size = CHART_FONT_SIZE;
  joinery_chart_draw (cr, width, height, chart, &style);
}

static void
dark_changed_cb (AdwStyleManager *manager, GParamSpec *pspec, JoineryReportView *self)
{
  for (guint i = 0; i < self->charts->len; i++)
    gtk_widget_queue_draw (self->charts->pdata[i]);
}

static GtkWidget *
build_chart (JoineryReportView *self, const JoineryReportChart *chart)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 300);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 360);
  gtk_widget_set_hexpand (area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart_cb, (gpointer) chart, NULL);
  if (chart->title != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, chart->title, -1);
  g_ptr_array_add (self->charts, area);
  return area;
}

static GtkWidget *
build_label (const char *text, const char *css_class, gboolean wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), wrap);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

void
joinery_report_view_set_output (JoineryReportView *self, JoineryReportOutput *output)
{
  GtkWidget *child;

  g_return_if_fail (JOINERY_IS_REPORT_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->blocks))) != NULL)
    gtk_box_remove (self->blocks, child);
  g_ptr_array_set_size (self->tables, 0);
  g_ptr_array_set_size (self->charts, 0);
  g_clear_pointer (&self->output, joinery_report_output_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), output != NULL);
  if (output == NULL)
    return;
  self->output = joinery_report_output_ref (output);

  gtk_label_set_text (self->title_label, joinery_report_output_get_title (output));
  for (guint b = 0; b < joinery_report_output_get_n_blocks (output); b++)
    {
      const JoineryReportBlock *block = joinery_report_output_get_block (output, b);

      switch (block->type)
        {
        case JOINERY_REPORT_BLOCK_HEADING:
          gtk_box_append (self->blocks, build_label (block->text, block->level <= 1 ? "title-2"
                                                                  : block->level == 2 ? "title-3" : "title-4",
                                                     TRUE));
          break;
        case JOINERY_REPORT_BLOCK_PARAGRAPH:
          gtk_box_append (self->blocks, build_label (block->text, "body", TRUE));
          break;
        case JOINERY_REPORT_BLOCK_TABLE:
          if (block->table->title != NULL)
            gtk_box_append (self->blocks, build_label (block->table->title, "heading", TRUE));
          gtk_box_append (self->blocks, build_table (self, block->table));
          break;
        case JOINERY_REPORT_BLOCK_CHART:
          gtk_box_append (self->blocks, build_chart (self, block->chart));
          break;
        }
    }
}

JoineryReportOutput *
joinery_report_view_get_output (JoineryReportView *self)
{
  g_return_val_if_fail (JOINERY_IS_REPORT_VIEW (self), NULL);
  return self->output;
}

GtkColumnView *
joinery_report_view_get_table (JoineryReportView *self, guint n)
{
  g_return_val_if_fail (JOINERY_IS_REPORT_VIEW (self), NULL);
  return n < self->tables->len ? self->tables->pdata[n] : NULL;
}

GtkWidget *
joinery_report_view_get_chart (JoineryReportView *self, guint n)
{
  g_return_val_if_fail (JOINERY_IS_REPORT_VIEW (self), NULL);
  return n < self->charts->len ? self->charts->pdata[n] : NULL;
}

char *
joinery_report_view_dup_cell (JoineryReportView *self, guint table, guint row, guint column)
{
  GtkColumnView *view = joinery_report_view_get_table (self, table);
  g_autoptr(JoineryReportRow) item = NULL;
  GListModel *model;

  if (view == NULL)
    return NULL;
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  item = g_list_model_get_item (model, row);
  if (item == NULL || column >= item->table->n_columns)
    return NULL;
  return joinery_report_cell_format (joinery_report_table_get_cell (item->table, item->row, column),
                                     item->table->columns[column].type, TRUE);
}

static void
joinery_report_view_dispose (GObject *object)
{
  JoineryReportView *self = JOINERY_REPORT_VIEW (object);

  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (), dark_changed_cb, self);
  joinery_report_view_set_output (self, NULL);
  G_OBJECT_CLASS (joinery_report_view_parent_class)->dispose (object);
}

static void
joinery_report_view_finalize (GObject *object)
{
  JoineryReportView *self = JOINERY_REPORT_VIEW (object);

  g_ptr_array_unref (self->tables);
  g_ptr_array_unref (self->charts);
  G_OBJECT_CLASS (joinery_report_view_parent_class)->finalize (object);
}

static void
joinery_report_view_class_init (JoineryReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = joinery_report_view_dispose;
  object_class->finalize = joinery_report_view_finalize;

  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/org/joinery/Joinery/joinery-report-view.ui");
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), JoineryReportView, title_label);
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), JoineryReportView, blocks);
}

static void
joinery_report_view_init (JoineryReportView *self)
{
  self->tables = g_ptr_array_new ();
  self->charts = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (dark_changed_cb), self);
}

GtkWidget *
joinery_report_view_new (void)
{
  return g_object_new (JOINERY_TYPE_REPORT_VIEW, NULL);
}
