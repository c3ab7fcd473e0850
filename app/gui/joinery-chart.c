/* joinery-chart.c: drawing a report's chart with cairo and Pango — bars,
 * lines and pies with their axes, labels and legend.
 *
 * Display-free: no GTK here, so that the PDF writer and the tests draw
 * exactly what the window draws. Every position comes from one geometry
 * (measure_chart), which both the drawing and joinery_chart_get_mark use.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "joinery-chart.h"
#include "joinery-report-layout.h"

#define PAD 8.0

typedef struct {
  double            top;          /* below the title */
  cairo_rectangle_t plot;         /* the area inside the axes (bar, line) or the pie's square */
  double            lo, hi, step; /* the value axis, in display units */
  double            scale;        /* display units per stored unit (money: pounds per penny) */
  int               decimals;     /* of the value axis' labels */
  double            legend_y;     /* bar and line: the legend's row */
  double            legend_x;     /* pie: the legend's column */
} Geometry;

void
joinery_chart_style_init (JoineryChartStyle *style, gboolean dark)
{
  /* GNOME's palette: the third shades on light, the second on dark. */
  static const JoineryChartColour light[JOINERY_CHART_N_SERIES_COLOURS] = {
    { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0 }, { 0x2e / 255.0, 0xc2 / 255.0, 0x7e / 255.0 },
    { 0xff / 255.0, 0x78 / 255.0, 0x00 / 255.0 }, { 0x91 / 255.0, 0x41 / 255.0, 0xac / 255.0 },
    { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0 }, { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0 },
  };
  static const JoineryChartColour dark_series[JOINERY_CHART_N_SERIES_COLOURS] = {
    { 0x62 / 255.0, 0xa0 / 255.0, 0xea / 255.0 }, { 0x57 / 255.0, 0xe3 / 255.0, 0x89 / 255.0 },
    { 0xff / 255.0, 0xa3 / 255.0, 0x48 / 255.0 }, { 0xc0 / 255.0, 0x61 / 255.0, 0xcb / 255.0 },
    { 0xf6 / 255.0, 0x61 / 255.0, 0x51 / 255.0 }, { 0xf8 / 255.0, 0xe4 / 255.0, 0x5c / 255.0 },
  };

  if (dark)
    {
      style->foreground = (JoineryChartColour) { 0.96, 0.96, 0.96 };
      style->grid = (JoineryChartColour) { 0.36, 0.36, 0.38 };
      style->background = (JoineryChartColour) { 0.14, 0.14, 0.14 };
    }
  else
    {
      style->foreground = (JoineryChartColour) { 0.14, 0.14, 0.16 };
      style->grid = (JoineryChartColour) { 0.82, 0.82, 0.84 };
      style->background = (JoineryChartColour) { 1.0, 1.0, 1.0 };
    }
  for (guint i = 0; i < JOINERY_CHART_N_SERIES_COLOURS; i++)
    style->series[i] = dark ? dark_series[i] : light[i];
  style->font_family = "Sans";
  style->font_size = 9.0;
}

gboolean
joinery_chart_cell_value (const JoineryReportTable *table, guint row, guint column, double *value)
{
  const JoineryReportCell *cell;

  if (row >= table->n_rows || column >= table->n_columns)
    return FALSE;
  cell = joinery_report_table_get_cell (table, row, column);
  if (cell->is_null)
    return FALSE;
  switch (table->columns[column].type)
    {
    case JOINERY_REPORT_COLUMN_INTEGER:
    case JOINERY_REPORT_COLUMN_MONEY:
      *value = (double) cell->integer;
      return TRUE;
    case JOINERY_REPORT_COLUMN_NUMBER:
    case JOINERY_REPORT_COLUMN_PERCENT:
      *value = cell->number;
      return isfinite (cell->number);
    case JOINERY_REPORT_COLUMN_TEXT:
    case JOINERY_REPORT_COLUMN_DATE:
    default:
      return FALSE;
    }
}

static void
set_colour (cairo_t *cr, const JoineryChartColour *colour)
{
  cairo_set_source_rgb (cr, colour->red, colour->green, colour->blue);
}

static JoineryReportColumnType
value_type (const JoineryReportChart *chart)
{
  return chart->n_y > 0 ? chart->data->columns[chart->y[0]].type : JOINERY_REPORT_COLUMN_NUMBER;
}

/* "£1,250", "25%", "1,250.5": a value axis label in display units. */
static char *
format_value (double value, JoineryReportColumnType type, int decimals)
{
  g_autofree char *digits = g_strdup_printf ("%.*f", decimals, fabs (value));
  const char *point = strchr (digits, '.');
  gsize whole = point != NULL ? (gsize) (point - digits) : strlen (digits);
  GString *out = g_string_new (value < 0 && fabs (value) >= 0.5 * pow (10, -decimals) ? "−" : "");

  if (type == JOINERY_REPORT_COLUMN_MONEY)
    g_string_append (out, "£");
  for (gsize i = 0; i < whole; i++)
    {
      if (i > 0 && (whole - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  if (point != NULL)
    g_string_append (out, point);
  if (type == JOINERY_REPORT_COLUMN_PERCENT)
    g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

static double
text_height (cairo_t *cr, const JoineryChartStyle *style, gboolean bold)
{
  g_autoptr(PangoLayout) layout = joinery_report_text_layout (cr, style->font_family, style->font_size,
                                                              bold, "Xg", -1);
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return h / (double) PANGO_SCALE;
}

static double
text_width (cairo_t *cr, const JoineryChartStyle *style, const char *text)
{
  g_autoptr(PangoLayout) layout = joinery_report_text_layout (cr, style->font_family, style->font_size,
                                                              FALSE, text, -1);
  int w;

  pango_layout_get_size (layout, &w, NULL);
  return w / (double) PANGO_SCALE;
}

/* Draw `text` with its top-left (align 0), top-centre (0.5) or top-right
 * (1) at x, y, cut to `max_width` when positive. */
static void
draw_text (cairo_t *cr, const JoineryChartStyle *style, const char *text, double x, double y,
           double align, double max_width, gboolean bold)
{
  g_autoptr(PangoLayout) layout = joinery_report_text_layout (cr, style->font_family, style->font_size,
                                                              bold, text, max_width);
  int w;

  pango_layout_get_size (layout, &w, NULL);
  cairo_move_to (cr, x - align * (w / (double) PANGO_SCALE), y);
  pango_cairo_show_layout (cr, layout);
}

static char *
dup_category (const JoineryReportChart *chart, guint row)
{
  const JoineryReportCell *cell = joinery_report_table_get_cell (chart->data, row, chart->x);

  return joinery_report_cell_format (cell, chart->data->columns[chart->x].type, TRUE);
}

static void
measure_chart (cairo_t *cr, const JoineryReportChart *chart, const JoineryChartStyle *style,
               double width, double height, Geometry *g)
{
  JoineryReportColumnType type = value_type (chart);
  double line = text_height (cr, style, FALSE);
  double lo = 0, hi = 0, raw, magnitude, norm, label_w = 0;

  memset (g, 0, sizeof *g);
  g->top = PAD;
  if (chart->title != NULL)
    g->top += text_height (cr, style, TRUE) + 6;
  g->scale = type == JOINERY_REPORT_COLUMN_MONEY ? 0.01 : type == JOINERY_REPORT_COLUMN_PERCENT ? 100 : 1;

  if (chart->kind == JOINERY_REPORT_CHART_PIE)
    {
      double legend_w = 0, side;

      for (guint r = 0; r < chart->data->n_rows; r++)
        {
          g_autofree char *category = dup_category (chart, r);
          g_autofree char *entry = g_strdup_printf ("%s  100%%", category);
          legend_w = MAX (legend_w, text_width (cr, style, entry) + line + 6);
        }
      legend_w = MIN (legend_w, width * 0.45);
      side = MAX (0, MIN (width - legend_w - 3 * PAD, height - g->top - PAD));
      g->plot = (cairo_rectangle_t) { PAD, g->top, side, side };
      g->legend_x = PAD + side + 2 * PAD;
      return;
    }

  for (guint r = 0; r < chart->data->n_rows; r++)
    for (guint s = 0; s < chart->n_y; s++)
      {
        double v;
        if (joinery_chart_cell_value (chart->data, r, chart->y[s], &v))
          {
            lo = MIN (lo, v * g->scale);
            hi = MAX (hi, v * g->scale);
          }
      }
  raw = (hi - lo) / 5;
  if (raw <= 0)
    raw = 1;
  magnitude = pow (10, floor (log10 (raw)));
  norm = raw / magnitude;
  g->step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  g->lo = floor (lo / g->step) * g->step;
  g->hi = ceil (hi / g->step) * g->step;
  if (g->hi <= g->lo)
    g->hi = g->lo + g->step;
  g->decimals = MAX (0, (int) -floor (log10 (g->step) + 1e-9));
  for (double t = g->lo; t <= g->hi + g->step / 2; t += g->step)
    {
      g_autofree char *label = format_value (t, type, g->decimals);
      label_w = MAX (label_w, text_width (cr, style, label));
    }
  g->legend_y = height - PAD - line;
  g->plot.x = PAD + label_w + 6;
  g->plot.y = g->top + line / 2;
  g->plot.width = MAX (0, width - g->plot.x - PAD);
  g->plot.height = MAX (0, g->legend_y - 8 - line - 4 - g->plot.y);
}

static double
map_value (const Geometry *g, double display)
{
  return g->plot.y + g->plot.height * (g->hi - display) / (g->hi - g->lo);
}

static gboolean
mark_at (const JoineryReportChart *chart, const Geometry *g, guint row, guint series,
         cairo_rectangle_t *rect)
{
  double v, slot, group, bar, y0, y1;

  if (chart->kind == JOINERY_REPORT_CHART_PIE || series >= chart->n_y
      || !joinery_chart_cell_value (chart->data, row, chart->y[series], &v))
    return FALSE;
  slot = g->plot.width / MAX (1, chart->data->n_rows);
  y1 = map_value (g, v * g->scale);
  if (chart->kind == JOINERY_REPORT_CHART_LINE)
    {
      *rect = (cairo_rectangle_t) { g->plot.x + slot * (row + 0.5), y1, 0, 0 };
      return TRUE;
    }
  group = slot * 0.75;
  bar = group / chart->n_y;
  y0 = map_value (g, CLAMP (0, g->lo, g->hi));
  *rect = (cairo_rectangle_t) { g->plot.x + slot * row + (slot - group) / 2 + bar * series,
                                MIN (y0, y1), bar, fabs (y1 - y0) };
  return TRUE;
}

static void
draw_legend_entry (cairo_t *cr, const JoineryChartStyle *style, const JoineryChartColour *colour,
                   const char *text, double x, double y, double line, double max_width)
{
  set_colour (cr, colour);
  cairo_rectangle (cr, x, y + line * 0.2, line * 0.6, line * 0.6);
  cairo_fill (cr);
  set_colour (cr, &style->foreground);
  draw_text (cr, style, text, x + line * 0.6 + 4, y, 0, max_width, FALSE);
}

static void
draw_pie (cairo_t *cr, const JoineryReportChart *chart, const JoineryChartStyle *style,
          const Geometry *g, double width, double height)
{
  double total = 0, angle = -G_PI / 2, line = text_height (cr, style, FALSE);
  double cx = g->plot.x + g->plot.width / 2, cy = g->plot.y + g->plot.height / 2;
  double radius = g->plot.width / 2;
  double y = g->top;
  guint shown = 0;

  for (guint r = 0; r < chart->data->n_rows; r++)
    {
      double v;
      if (joinery_chart_cell_value (chart->data, r, chart->y[0], &v) && v > 0)
        total += v;
    }
  for (guint r = 0; r < chart->data->n_rows; r++)
    {
      const JoineryChartColour *colour = &style->series[r % JOINERY_CHART_N_SERIES_COLOURS];
      double v, sweep;
      g_autofree char *category = NULL;
      g_autofree char *entry = NULL;

      if (!joinery_chart_cell_value (chart->data, r, chart->y[0], &v) || v <= 0 || total <= 0)
        continue;
      sweep = 2 * G_PI * v / total;
      if (radius > 0)
        {
          cairo_move_to (cr, cx, cy);
          cairo_arc (cr, cx, cy, radius, angle, angle + sweep);
          cairo_close_path (cr);
          set_colour (cr, colour);
          cairo_fill_preserve (cr);
          set_colour (cr, &style->background);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
      angle += sweep;

      category = dup_category (chart, r);
      entry = g_strdup_printf ("%s  %.0f%%", category, 100 * v / total);
      if (y + 2 * line > height - PAD && shown + 1 < chart->data->n_rows)
        {
          set_colour (cr, &style->foreground);
          draw_text (cr, style, "…", g->legend_x, y, 0, -1, FALSE);
          break;
        }
      draw_legend_entry (cr, style, colour, entry, g->legend_x, y, line, width - g->legend_x - PAD);
      y += line + 2;
      shown++;
    }
}

static void
draw_axes_chart (cairo_t *cr, const JoineryReportChart *chart, const JoineryChartStyle *style,
                 const Geometry *g, double width)
{
  JoineryReportColumnType type = value_type (chart);
  double line = text_height (cr, style, FALSE);
  guint n = chart->data->n_rows;
  double slot = g->plot.width / MAX (1, n);
  guint every = slot >= 40 ? 1 : (guint) ceil (60 / MAX (slot, 1));
  double x;

  /* Grid lines and the value axis' labels. */
  cairo_set_line_width (cr, 1);
  for (double t = g->lo; t <= g->hi + g->step / 2; t += g->step)
    {
      double y = round (map_value (g, t)) + 0.5;
      g_autofree char *label = format_value (t, type, g->decimals);

      set_colour (cr, &style->grid);
      cairo_move_to (cr, g->plot.x, y);
      cairo_line_to (cr, g->plot.x + g->plot.width, y);
      cairo_stroke (cr);
      set_colour (cr, &style->foreground);
      draw_text (cr, style, label, g->plot.x - 6, y - line / 2, 1, -1, FALSE);
    }

  /* The series. */
  for (guint s = 0; s < chart->n_y; s++)
    {
      const JoineryChartColour *colour = &style->series[s % JOINERY_CHART_N_SERIES_COLOURS];
      gboolean started = FALSE;

      set_colour (cr, colour);
      for (guint r = 0; r < n; r++)
        {
          cairo_rectangle_t rect;

          if (!mark_at (chart, g, r, s, &rect))
            {
              started = FALSE;
              continue;
            }
          if (chart->kind == JOINERY_REPORT_CHART_BAR)
            cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
          else if (started)
            cairo_line_to (cr, rect.x, rect.y);
          else
            cairo_move_to (cr, rect.x, rect.y);
          started = TRUE;
        }
      if (chart->kind == JOINERY_REPORT_CHART_BAR)
        cairo_fill (cr);
      else
        {
          cairo_set_line_width (cr, 2);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_stroke (cr);
          for (guint r = 0; r < n; r++)
            {
              cairo_rectangle_t rect;
              if (mark_at (chart, g, r, s, &rect))
                {
                  cairo_arc (cr, rect.x, rect.y, 3, 0, 2 * G_PI);
                  cairo_fill (cr);
                }
            }
        }
    }

  /* The axes, over the bars' feet. */
  set_colour (cr, &style->foreground);
  cairo_set_line_width (cr, 1);
  x = round (g->plot.x) + 0.5;
  cairo_move_to (cr, x, g->plot.y);
  cairo_line_to (cr, x, g->plot.y + g->plot.height);
  cairo_move_to (cr, g->plot.x, round (map_value (g, CLAMP (0, g->lo, g->hi))) + 0.5);
  cairo_line_to (cr, g->plot.x + g->plot.width, round (map_value (g, CLAMP (0, g->lo, g->hi))) + 0.5);
  cairo_stroke (cr);

  /* The categories, as many as fit. */
  for (guint r = 0; r < n; r += every)
    {
      g_autofree char *category = dup_category (chart, r);
      double w = every == 1 ? slot - 4 : 60;

      draw_text (cr, style, category, g->plot.x + slot * (r + 0.5), g->plot.y + g->plot.height + 4,
                 0.5, w, FALSE);
    }

  /* The legend: the series' names. */
  x = g->plot.x;
  for (guint s = 0; s < chart->n_y; s++)
    {
      const char *name = chart->data->columns[chart->y[s]].name;
      double w = text_width (cr, style, name) + line + 4;

      draw_legend_entry (cr, style, &style->series[s % JOINERY_CHART_N_SERIES_COLOURS], name, x,
                         g->legend_y, line, width - x - PAD);
      x += w + 16;
      if (x >= width - PAD)
        break;
    }
}

void
joinery_chart_draw (cairo_t *cr, double width, double height, const JoineryReportChart *chart,
                    const JoineryChartStyle *style)
{
  Geometry g;

  g_return_if_fail (cr != NULL && chart != NULL && style != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  measure_chart (cr, chart, style, width, height, &g);
  if (chart->title != NULL)
    {
      set_colour (cr, &style->foreground);
      draw_text (cr, style, chart->title, width / 2, PAD, 0.5, width - 2 * PAD, TRUE);
    }
  if (chart->n_y == 0 || chart->data->n_rows == 0)
    ;
  else if (chart->kind == JOINERY_REPORT_CHART_PIE)
    draw_pie (cr, chart, style, &g, width, height);
  else
    draw_axes_chart (cr, chart, style, &g, width);
  cairo_restore (cr);
}

gboolean
joinery_chart_get_mark (const JoineryReportChart *chart, const JoineryChartStyle *style,
                        double width, double height, guint row, guint series, cairo_rectangle_t *rect)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  Geometry g;
  gboolean found;

  measure_chart (cr, chart, style, width, height, &g);
  found = mark_at (chart, &g, row, series, rect);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return found;
}
