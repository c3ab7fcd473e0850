/* joinery-report-layout.c: setting a report out on pages, and the PDF.
 *
 * One pass measures every block and gives it a page and a place; drawing
 * a page then draws what the pass put there. A table that does not fit
 * goes on over the next pages, its header repeated on each; a heading,
 * paragraph or chart that does not fit in what is left of a page starts
 * the next one. No GTK here: printing draws these pages on its context.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <math.h>

#include "joinery-chart.h"
#include "joinery-report-layout.h"

#define FONT           "Sans"
#define TITLE_SIZE     18.0
#define BODY_SIZE      10.0
#define TABLE_SIZE     8.5
#define FOOTER_SIZE    8.0
#define CHART_HEIGHT   240.0
#define CELL_PAD       4.0

typedef struct {
  guint   block;       /* G_MAXUINT: the report's title */
  guint   page;
  double  y;
  double  height;
  guint   first_row;   /* tables: the rows on this page */
  guint   n_rows;
} Item;

struct _JoineryReportLayout
{
  JoineryReportOutput *output;
  double               page_width, page_height, margin;
  GArray              *items;   /* of Item, in order */
  guint                n_pages;
};

PangoLayout *
joinery_report_text_layout (cairo_t *cr, const char *family, double size, gboolean bold,
                            const char *text, double width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoFontDescription *font = pango_font_description_new ();

  /* The same metrics on screen, on paper and in the tests' image surfaces. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_family (font, family);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

/* A block of running text wrapped to `width`. */
static PangoLayout *
wrapped_layout (cairo_t *cr, double size, gboolean bold, const char *text, double width)
{
  PangoLayout *layout = joinery_report_text_layout (cr, FONT, size, bold, text, width);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return h / (double) PANGO_SCALE;
}

static double
heading_size (guint level)
{
  return level <= 1 ? 15.0 : level == 2 ? 12.5 : 11.0;
}

/* A heading's or paragraph's text, wrapped to the page. */
static PangoLayout *
block_layout (cairo_t *cr, const JoineryReportBlock *block, double width)
{
  gboolean heading = block->type == JOINERY_REPORT_BLOCK_HEADING;

  return wrapped_layout (cr, heading ? heading_size (block->level) : BODY_SIZE, heading, block->text, width);
}

static double
row_height (cairo_t *cr)
{
  g_autoptr(PangoLayout) layout = joinery_report_text_layout (cr, FONT, TABLE_SIZE, FALSE, "Xg", -1);

  return layout_height (layout) + 2 * CELL_PAD;
}

static double
content_width (JoineryReportLayout *self)
{
  return self->page_width - 2 * self->margin;
}

/* Each column's width: its natural width (header and the first rows),
 * shrunk in proportion when they do not all fit. */
static double *
table_widths (cairo_t *cr, const JoineryReportTable *table, double available)
{
  double *widths = g_new0 (double, MAX (1, table->n_columns));
  double total = 0;

  for (guint c = 0; c < table->n_columns; c++)
    {
      g_autoptr(PangoLayout) head = joinery_report_text_layout (cr, FONT, TABLE_SIZE, TRUE,
                                                                table->columns[c].name, -1);
      int w;

      pango_layout_get_size (head, &w, NULL);
      widths[c] = w / (double) PANGO_SCALE;
      for (guint r = 0; r < MIN (table->n_rows, 200); r++)
        {
          g_autofree char *text = joinery_report_cell_format (joinery_report_table_get_cell (table, r, c),
                                                              table->columns[c].type, TRUE);
          g_autoptr(PangoLayout) cell = joinery_report_text_layout (cr, FONT, TABLE_SIZE, FALSE, text, -1);

          pango_layout_get_size (cell, &w, NULL);
          widths[c] = MAX (widths[c], w / (double) PANGO_SCALE);
        }
      widths[c] = MIN (widths[c], available * 0.6) + 2 * CELL_PAD;
      total += widths[c];
    }
  if (total > available)
    for (guint c = 0; c < table->n_columns; c++)
      widths[c] *= available / total;
  return widths;
}

static cairo_t *
create_scratch (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

static void
lay_out (JoineryReportLayout *self)
{
  cairo_t *cr = create_scratch ();
  double bottom = self->page_height - self->margin - 2 * FOOTER_SIZE;
  double width = content_width (self);
  double y = self->margin, row_h = row_height (cr);
  guint page = 0;
  Item item = { G_MAXUINT, 0, 0, 0, 0, 0 };

  {
    g_autoptr(PangoLayout) title = wrapped_layout (cr, TITLE_SIZE, TRUE,
                                                   joinery_report_output_get_title (self->output), width);
    item.y = y;
    item.height = layout_height (title);
    g_array_append_val (self->items, item);
    y += item.height + 14;
  }

  for (guint b = 0; b < joinery_report_output_get_n_blocks (self->output); b++)
    {
      const JoineryReportBlock *block = joinery_report_output_get_block (self->output, b);
      double height = 0, space_after = 8;

      item = (Item) { b, page, y, 0, 0, 0 };
      switch (block->type)
        {
        case JOINERY_REPORT_BLOCK_HEADING:
        case JOINERY_REPORT_BLOCK_PARAGRAPH:
          {
            g_autoptr(PangoLayout) text = block_layout (cr, block, width);

            height = layout_height (text);
            if (block->type == JOINERY_REPORT_BLOCK_HEADING)
              {
                y += 6;
                space_after = 4;
                /* A heading at the foot of a page goes with what follows. */
                if (y + height + 3 * row_h > bottom && y > self->margin)
                  y = bottom + 1;
              }
            break;
          }
        case JOINERY_REPORT_BLOCK_CHART:
          height = CHART_HEIGHT;
          space_after = 12;
          break;
        case JOINERY_REPORT_BLOCK_TABLE:
          {
            const JoineryReportTable *table = block->table;
            double title_h = table->title != NULL ? row_h + 2 : 0;
            guint row = 0;

            /* Pieces of at least a header and one row, page after page. */
            do
              {
                guint fit;

                if (y + title_h + 2 * row_h > bottom && y > self->margin)
                  {
                    page++;
                    y = self->margin;
                  }
                fit = (guint) MAX (1, floor ((bottom - y - title_h - row_h) / row_h));
                item = (Item) { b, page, y, 0, row, MIN (fit, table->n_rows - row) };
                item.height = title_h + row_h * (1 + item.n_rows);
                g_array_append_val (self->items, item);
                row += item.n_rows;
                y += item.height;
              }
            while (row < table->n_rows);
            y += 12;
            continue;
          }
        }
      if (y + height > bottom && y > self->margin)
        {
          page++;
          y = self->margin;
        }
      item.page = page;
      item.y = y;
      item.height = height;
      g_array_append_val (self->items, item);
      y += height + space_after;
    }
  self->n_pages = page + 1;
  cairo_destroy (cr);
}

JoineryReportLayout *
joinery_report_layout_new (JoineryReportOutput *output, double page_width, double page_height,
                           double margin)
{
  JoineryReportLayout *self;

  g_return_val_if_fail (output != NULL, NULL);
  g_return_val_if_fail (page_width > 2 * margin && page_height > 2 * margin + 100, NULL);

  self = g_new0 (JoineryReportLayout, 1);
  self->output = joinery_report_output_ref (output);
  self->page_width = page_width;
  self->page_height = page_height;
  self->margin = margin;
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  lay_out (self);
  return self;
}

void
joinery_report_layout_free (JoineryReportLayout *self)
{
  if (self == NULL)
    return;
  joinery_report_output_unref (self->output);
  g_array_unref (self->items);
  g_free (self);
}

guint
joinery_report_layout_get_n_pages (JoineryReportLayout *self)
{
  return self->n_pages;
}

gboolean
joinery_report_layout_get_table_rows (JoineryReportLayout *self, guint block, guint page,
                                      guint *first, guint *n_rows)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);
      if (item->block == block && item->page == page && item->n_rows > 0)
        {
          *first = item->first_row;
          *n_rows = item->n_rows;
          return TRUE;
        }
    }
  return FALSE;
}

guint
joinery_report_layout_get_block_page (JoineryReportLayout *self, guint block)
{
  for (guint i = 0; i < self->items->len; i++)
    if (g_array_index (self->items, Item, i).block == block)
      return g_array_index (self->items, Item, i).page;
  return 0;
}

static void
draw_layout_at (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_table (JoineryReportLayout *self, cairo_t *cr, const Item *item, const JoineryReportTable *table)
{
  double width = content_width (self), row_h = row_height (cr);
  g_autofree double *widths = table_widths (cr, table, width);
  double y = item->y, x, table_w = 0;

  for (guint c = 0; c < table->n_columns; c++)
    table_w += widths[c];
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  if (table->title != NULL)
    {
      g_autofree char *title = item->first_row > 0 ? g_strdup_printf ("%s (continued)", table->title)
                                                   : g_strdup (table->title);
      g_autoptr(PangoLayout) layout = joinery_report_text_layout (cr, FONT, BODY_SIZE, TRUE, title, width);
      draw_layout_at (cr, layout, self->margin, y);
      y += row_h + 2;
    }
  for (guint r = 0; r <= item->n_rows; r++)
    {
      guint row = item->first_row + r - 1;   /* r == 0: the header */

      if (r > 0 && r % 2 == 0)
        {
          cairo_set_source_rgb (cr, 0.95, 0.95, 0.96);
          cairo_rectangle (cr, self->margin, y, table_w, row_h);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      x = self->margin;
      for (guint c = 0; c < table->n_columns; c++)
        {
          JoineryReportColumnType type = table->columns[c].type;
          g_autofree char *text = r == 0 ? g_strdup (table->columns[c].name)
            : joinery_report_cell_format (joinery_report_table_get_cell (table, row, c), type, TRUE);
          g_autoptr(PangoLayout) layout = joinery_report_text_layout (cr, FONT, TABLE_SIZE, r == 0, text,
                                                                      widths[c] - 2 * CELL_PAD);
          if (joinery_report_column_type_is_numeric (type))
            pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
          draw_layout_at (cr, layout, x + CELL_PAD, y + CELL_PAD);
          x += widths[c];
        }
      y += row_h;
      if (r == 0)
        {
          cairo_set_line_width (cr, 0.75);
          cairo_move_to (cr, self->margin, y - 0.5);
          cairo_line_to (cr, self->margin + table_w, y - 0.5);
          cairo_stroke (cr);
        }
    }
}

void
joinery_report_layout_draw_page (JoineryReportLayout *self, cairo_t *cr, guint page)
{
  double width = content_width (self);
  JoineryChartStyle style;

  g_return_if_fail (page < self->n_pages);

  joinery_chart_style_init (&style, FALSE);
  cairo_save (cr);
  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);
      const JoineryReportBlock *block;

      if (item->page != page)
        continue;
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      if (item->block == G_MAXUINT)
        {
          g_autoptr(PangoLayout) layout = wrapped_layout (cr, TITLE_SIZE, TRUE,
                                                          joinery_report_output_get_title (self->output), width);
          draw_layout_at (cr, layout, self->margin, item->y);
          continue;
        }
      block = joinery_report_output_get_block (self->output, item->block);
      switch (block->type)
        {
        case JOINERY_REPORT_BLOCK_HEADING:
        case JOINERY_REPORT_BLOCK_PARAGRAPH:
          {
            g_autoptr(PangoLayout) layout = block_layout (cr, block, width);
            draw_layout_at (cr, layout, self->margin, item->y);
            break;
          }
        case JOINERY_REPORT_BLOCK_TABLE:
          draw_table (self, cr, item, block->table);
          break;
        case JOINERY_REPORT_BLOCK_CHART:
          cairo_save (cr);
          cairo_translate (cr, self->margin, item->y);
          joinery_chart_draw (cr, width, item->height, block->chart, &style);
          cairo_restore (cr);
          break;
        }
    }

  /* The footer: the title and the page. */
  {
    g_autofree char *footer = g_strdup_printf ("%s — page %u of %u", joinery_report_output_get_title (self->output),
                                               page + 1, self->n_pages);
    g_autoptr(PangoLayout) layout = joinery_report_text_layout (cr, FONT, FOOTER_SIZE, FALSE, footer, width);

    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
    cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
    draw_layout_at (cr, layout, self->margin, self->page_height - self->margin - FOOTER_SIZE);
  }
  cairo_restore (cr);
}

gboolean
joinery_report_write_pdf (JoineryReportOutput *output, const char *path, GError **error)
{
  g_autoptr(JoineryReportLayout) layout = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (output != NULL && path != NULL, FALSE);

  layout = joinery_report_layout_new (output, JOINERY_REPORT_A4_WIDTH, JOINERY_REPORT_A4_HEIGHT, 50);
  surface = cairo_pdf_surface_create (path, JOINERY_REPORT_A4_WIDTH, JOINERY_REPORT_A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, joinery_report_output_get_title (output));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Joinery");
  cr = cairo_create (surface);
  for (guint p = 0; p < layout->n_pages; p++)
    {
      joinery_report_layout_draw_page (layout, cr, p);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write the PDF “%s”: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
