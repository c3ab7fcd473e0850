/* joinery-chart.h: a report's chart (bar, line or pie) drawn with cairo.
 *
 * Display-free: it draws on any cairo_t — the window's drawing area, a
 * PDF page, a printed page — at any size, with colours given by a style
 * (light or dark). Text is laid out with Pango at 72 units to the inch, so
 * that a point on paper and a pixel on screen are the same size.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "joinery-report.h"

G_BEGIN_DECLS

typedef struct {
  double red, green, blue;
} JoineryChartColour;

#define JOINERY_CHART_N_SERIES_COLOURS 6

typedef struct {
  JoineryChartColour foreground;   /* text, axes */
  JoineryChartColour grid;         /* grid lines */
  JoineryChartColour background;   /* behind the pie's slices, for their edges */
  JoineryChartColour series[JOINERY_CHART_N_SERIES_COLOURS];
  const char        *font_family;  /* "Sans" */
  double             font_size;    /* points */
} JoineryChartStyle;

/* Colours readable on a light (paper, the light style) or dark ground. */
void     joinery_chart_style_init  (JoineryChartStyle *style, gboolean dark);

/* Draw `chart` in the rectangle (0, 0, width, height) of `cr`. */
void     joinery_chart_draw        (cairo_t *cr, double width, double height,
                                    const JoineryReportChart *chart, const JoineryChartStyle *style);

/* Where a bar (bar charts) or a point (line charts: a 0-wide rectangle at
 * the point) of row `row` and series `series` is drawn at that size;
 * FALSE when there is none (an empty cell, a pie). */
gboolean joinery_chart_get_mark    (const JoineryReportChart *chart, const JoineryChartStyle *style,
                                    double width, double height, guint row, guint series,
                                    cairo_rectangle_t *rect);

/* A cell of a numeric column as a number (money in pence, percent as a
 * fraction); FALSE when empty or not numeric. */
gboolean joinery_chart_cell_value  (const JoineryReportTable *table, guint row, guint column,
                                    double *value);

G_END_DECLS
