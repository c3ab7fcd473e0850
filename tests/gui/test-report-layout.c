/* test-report-layout.c: the display-free drawing of reports — charts
 * drawn on image surfaces, where their marks and colours land; pages of a
 * long table; the PDF. No display is opened.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "joinery-chart.h"
#include "joinery-report-layout.h"

static JoineryReportOutput *
output_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  JoineryReportOutput *output = joinery_report_output_from_json (json, strlen (json), &error);

  g_assert_no_error (error);
  return output;
}

static JoineryReportOutput *
chart_output (const char *kind, const char *columns, const char *y, const char *rows)
{
  g_autofree char *json = g_strdup_printf (
    "{ \"title\": \"Charts\", \"blocks\": [ { \"type\": \"chart\", \"kind\": \"%s\", \"title\": \"Awarded\", "
    "\"x\": \"Theme\", \"y\": [ %s ], \"data\": { \"type\": \"table\", \"columns\": [ %s ], \"rows\": [ %s ] } } ] }",
    kind, y, columns, rows);
  return output_from_json (json);
}

static const JoineryReportChart *
first_chart (JoineryReportOutput *output)
{
  const JoineryReportBlock *block = joinery_report_output_get_block (output, 0);

  g_assert_cmpint (block->type, ==, JOINERY_REPORT_BLOCK_CHART);
  return block->chart;
}

/* Draw on a surface filled with the style's background. */
static cairo_surface_t *
draw_chart (const JoineryReportChart *chart, const JoineryChartStyle *style, int width, int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, style->background.red, style->background.green, style->background.blue);
  cairo_paint (cr);
  joinery_chart_draw (cr, width, height, chart, style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static gboolean
pixel_is (cairo_surface_t *surface, double x, double y, const JoineryChartColour *colour)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel = *(guint32 *) (data + (int) y * stride + (int) x * 4);
  int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

  return abs (r - (int) lround (colour->red * 255)) <= 2 && abs (g - (int) lround (colour->green * 255)) <= 2
         && abs (b - (int) lround (colour->blue * 255)) <= 2;
}

/* Three bars of 10, 20 and 40: left to right, on one baseline, their
 * heights in proportion, each filled with the first series' colour and
 * nothing of it above the shortest. */
static void
test_bar_chart (void)
{
  g_autoptr(JoineryReportOutput) output = chart_output ("bar",
    "{ \"name\": \"Theme\", \"type\": \"text\" }, { \"name\": \"Awarded\", \"type\": \"integer\" }",
    "\"Awarded\"", "[ \"Ageing well\", 10 ], [ \"Carers\", 20 ], [ \"Falls\", 40 ]");
  const JoineryReportChart *chart = first_chart (output);
  JoineryChartStyle style;
  cairo_rectangle_t bars[3];
  cairo_surface_t *surface;

  joinery_chart_style_init (&style, FALSE);
  for (guint i = 0; i < 3; i++)
    g_assert_true (joinery_chart_get_mark (chart, &style, 480, 320, i, 0, &bars[i]));
  {
    cairo_rectangle_t none;
    g_assert_false (joinery_chart_get_mark (chart, &style, 480, 320, 3, 0, &none));
    g_assert_false (joinery_chart_get_mark (chart, &style, 480, 320, 0, 1, &none));
  }
  g_assert_cmpfloat (bars[0].x, <, bars[1].x);
  g_assert_cmpfloat (bars[1].x, <, bars[2].x);
  g_assert_cmpfloat_with_epsilon (bars[0].y + bars[0].height, bars[2].y + bars[2].height, 0.01);
  g_assert_cmpfloat_with_epsilon (bars[1].height / bars[0].height, 2.0, 0.01);
  g_assert_cmpfloat_with_epsilon (bars[2].height / bars[0].height, 4.0, 0.01);
  g_assert_cmpfloat (bars[0].height, >, 20);
  /* Inside the chart, with room for the axis labels at the left. */
  g_assert_cmpfloat (bars[0].x, >, 20);
  g_assert_cmpfloat (bars[2].x + bars[2].width, <, 480);
  g_assert_cmpfloat (bars[2].y, >, 0);

  surface = draw_chart (chart, &style, 480, 320);
  for (guint i = 0; i < 3; i++)
    g_assert_true (pixel_is (surface, bars[i].x + bars[i].width / 2, bars[i].y + bars[i].height / 2,
                             &style.series[0]));
  g_assert_false (pixel_is (surface, bars[0].x + bars[0].width / 2, bars[0].y - 10, &style.series[0]));
  /* Between two bars: the background or a grid line, not a bar. */
  g_assert_false (pixel_is (surface, (bars[0].x + bars[0].width + bars[1].x) / 2,
                            bars[0].y + bars[0].height / 2 + 1, &style.series[0]));
  cairo_surface_destroy (surface);
}

/* Two series side by side, in two colours; money in pence drawn to the
 * same scale as its pounds. */
static void
test_bar_chart_two_series (void)
{
  g_autoptr(JoineryReportOutput) output = chart_output ("bar",
    "{ \"name\": \"Theme\", \"type\": \"text\" }, { \"name\": \"Requested\", \"type\": \"money\" }, "
    "{ \"name\": \"Awarded\", \"type\": \"money\" }",
    "\"Requested\", \"Awarded\"", "[ \"Ageing well\", 5000000, 2500000 ], [ \"Carers\", 1000000, null ]");
  const JoineryReportChart *chart = first_chart (output);
  JoineryChartStyle style;
  cairo_rectangle_t requested, awarded, empty;
  cairo_surface_t *surface;

  joinery_chart_style_init (&style, TRUE);
  g_assert_true (joinery_chart_get_mark (chart, &style, 400, 300, 0, 0, &requested));
  g_assert_true (joinery_chart_get_mark (chart, &style, 400, 300, 0, 1, &awarded));
  g_assert_false (joinery_chart_get_mark (chart, &style, 400, 300, 1, 1, &empty));
  g_assert_cmpfloat_with_epsilon (awarded.x, requested.x + requested.width, 0.01);
  g_assert_cmpfloat_with_epsilon (requested.height / awarded.height, 2.0, 0.01);

  surface = draw_chart (chart, &style, 400, 300);
  g_assert_true (pixel_is (surface, requested.x + requested.width / 2, requested.y + requested.height / 2,
                           &style.series[0]));
  g_assert_true (pixel_is (surface, awarded.x + awarded.width / 2, awarded.y + awarded.height / 2,
                           &style.series[1]));
  cairo_surface_destroy (surface);
}

/* A line's points rise with their values; the line passes through them. */
static void
test_line_chart (void)
{
  g_autoptr(JoineryReportOutput) output = chart_output ("line",
    "{ \"name\": \"Theme\", \"type\": \"text\" }, { \"name\": \"Rate\", \"type\": \"percent\" }",
    "\"Rate\"", "[ \"2022\", 0.2 ], [ \"2023\", 0.4 ], [ \"2024\", 0.3 ]");
  const JoineryReportChart *chart = first_chart (output);
  JoineryChartStyle style;
  cairo_rectangle_t p[3];
  cairo_surface_t *surface;

  joinery_chart_style_init (&style, FALSE);
  for (guint i = 0; i < 3; i++)
    g_assert_true (joinery_chart_get_mark (chart, &style, 400, 300, i, 0, &p[i]));
  g_assert_cmpfloat (p[1].y, <, p[2].y);
  g_assert_cmpfloat (p[2].y, <, p[0].y);
  g_assert_cmpfloat_with_epsilon (p[1].x - p[0].x, p[2].x - p[1].x, 0.01);
  surface = draw_chart (chart, &style, 400, 300);
  for (guint i = 0; i < 3; i++)
    g_assert_true (pixel_is (surface, p[i].x, p[i].y, &style.series[0]));
  cairo_surface_destroy (surface);
}

/* A pie of 3 to 1: its first slice, from twelve o'clock clockwise, takes
 * three quarters; the second the last quarter. */
static void
test_pie_chart (void)
{
  g_autoptr(JoineryReportOutput) output = chart_output ("pie",
    "{ \"name\": \"Theme\", \"type\": \"text\" }, { \"name\": \"Grants\", \"type\": \"integer\" }",
    "\"Grants\"", "[ \"Ageing well\", 3 ], [ \"Carers\", 1 ]");
  const JoineryReportChart *chart = first_chart (output);
  JoineryChartStyle style;
  cairo_rectangle_t none;
  cairo_surface_t *surface;
  double cx, cy, r;

  joinery_chart_style_init (&style, FALSE);
  g_assert_false (joinery_chart_get_mark (chart, &style, 400, 300, 0, 0, &none));
  surface = draw_chart (chart, &style, 400, 300);
  /* Find the pie: the first slice's colour, scanning the middle row. */
  cy = -1;
  for (int y = 0; y < 300 && cy < 0; y++)
    for (int x = 0; x < 200; x++)
      if (pixel_is (surface, x, y, &style.series[0]) || pixel_is (surface, x, y, &style.series[1]))
        {
          cy = y;
          break;
        }
  g_assert_cmpfloat (cy, >=, 0);
  /* The pie's square starts at the chart's padding, below the title. */
  r = (300 - cy - 8) / 2;
  cx = 8 + r;
  cy = cy + r;
  g_assert_true (pixel_is (surface, cx + r / 2 * cos (-G_PI / 4), cy + r / 2 * sin (-G_PI / 4), &style.series[0]));
  g_assert_true (pixel_is (surface, cx, cy + r / 2, &style.series[0]));
  g_assert_true (pixel_is (surface, cx - r / 2 * cos (G_PI / 4), cy - r / 2 * sin (G_PI / 4), &style.series[1]));
  cairo_surface_destroy (surface);
}

/* Light and dark: text the opposite of its ground. */
static void
test_styles (void)
{
  JoineryChartStyle light, dark;

  joinery_chart_style_init (&light, FALSE);
  joinery_chart_style_init (&dark, TRUE);
  g_assert_cmpfloat (light.foreground.red, <, 0.3);
  g_assert_cmpfloat (light.background.red, >, 0.9);
  g_assert_cmpfloat (dark.foreground.red, >, 0.9);
  g_assert_cmpfloat (dark.background.red, <, 0.3);
  g_assert_cmpfloat (dark.series[0].blue, >, light.series[0].blue);
}

static JoineryReportOutput *
long_output (guint n_rows)
{
  GString *json = g_string_new ("{ \"title\": \"Every grant\", \"blocks\": [ "
                                "{ \"type\": \"heading\", \"level\": 1, \"text\": \"Grants\" }, "
                                "{ \"type\": \"paragraph\", \"text\": \"All of them.\" }, "
                                "{ \"type\": \"table\", \"title\": \"Grants\", \"columns\": [ "
                                "{ \"name\": \"Grant\", \"type\": \"text\" }, { \"name\": \"Awarded\", \"type\": \"money\" } ], "
                                "\"rows\": [ ");
  JoineryReportOutput *output;

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (json, "%s[ \"Grant %u\", %u ]", i > 0 ? ", " : "", i + 1, (i + 1) * 100);
  g_string_append (json, " ] }, { \"type\": \"chart\", \"kind\": \"bar\", \"x\": \"Grant\", \"y\": [ \"Awarded\" ], "
                         "\"data\": { \"type\": \"table\", \"columns\": [ { \"name\": \"Grant\", \"type\": \"text\" }, "
                         "{ \"name\": \"Awarded\", \"type\": \"money\" } ], \"rows\": [ [ \"A\", 1 ] ] } } ] }");
  output = output_from_json (json->str);
  g_string_free (json, TRUE);
  return output;
}

/* A table of 200 rows goes over several pages, every row once and in
 * order, the header repeated; the chart after it starts on its last page
 * or the next. */
static void
test_page_breaks (void)
{
  g_autoptr(JoineryReportOutput) output = long_output (200);
  g_autoptr(JoineryReportLayout) layout = joinery_report_layout_new (output, JOINERY_REPORT_A4_WIDTH,
                                                                      JOINERY_REPORT_A4_HEIGHT, 50);
  guint n_pages = joinery_report_layout_get_n_pages (layout);
  guint next = 0, first, n, last_table_page = 0;

  g_assert_cmpuint (n_pages, >=, 4);
  g_assert_cmpuint (n_pages, <=, 8);
  g_assert_cmpuint (joinery_report_layout_get_block_page (layout, 0), ==, 0);
  for (guint p = 0; p < n_pages; p++)
    if (joinery_report_layout_get_table_rows (layout, 2, p, &first, &n))
      {
        g_assert_cmpuint (first, ==, next);
        g_assert_cmpuint (n, >, 10);
        next = first + n;
        last_table_page = p;
      }
  g_assert_cmpuint (next, ==, 200);
  g_assert_cmpuint (joinery_report_layout_get_block_page (layout, 3), >=, last_table_page);
  g_assert_cmpuint (joinery_report_layout_get_block_page (layout, 3), <, n_pages);

  /* Every page draws without a cairo error. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 596, 842);
    cairo_t *cr = cairo_create (surface);
    for (guint p = 0; p < n_pages; p++)
      joinery_report_layout_draw_page (layout, cr, p);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

/* A short report fits on one page; smaller pages take more of them. */
static void
test_page_sizes (void)
{
  g_autoptr(JoineryReportOutput) output = long_output (10);
  g_autoptr(JoineryReportOutput) longer = long_output (60);
  g_autoptr(JoineryReportLayout) a4 = joinery_report_layout_new (output, JOINERY_REPORT_A4_WIDTH,
                                                                  JOINERY_REPORT_A4_HEIGHT, 50);
  g_autoptr(JoineryReportLayout) big = joinery_report_layout_new (longer, JOINERY_REPORT_A4_WIDTH,
                                                                   JOINERY_REPORT_A4_HEIGHT, 50);
  g_autoptr(JoineryReportLayout) small = joinery_report_layout_new (longer, 420, 400, 30);

  g_assert_cmpuint (joinery_report_layout_get_n_pages (a4), ==, 1);
  g_assert_cmpuint (joinery_report_layout_get_n_pages (small), >, joinery_report_layout_get_n_pages (big));
}

/* The PDF: written, and refused where it cannot be. */
static void
test_pdf (void)
{
  g_autoptr(JoineryReportOutput) output = long_output (120);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("joinery-layout-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "grants.pdf", NULL);
  g_autofree char *bad = g_build_filename (dir, "no", "such", "grants.pdf", NULL);
  g_autofree char *bytes = NULL;
  gsize length;

  g_assert_true (joinery_report_write_pdf (output, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &bytes, &length, &error));
  g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  g_assert_false (joinery_report_write_pdf (output, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, bad));
  g_remove (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/chart/bar", test_bar_chart);
  g_test_add_func ("/report/chart/bar-two-series", test_bar_chart_two_series);
  g_test_add_func ("/report/chart/line", test_line_chart);
  g_test_add_func ("/report/chart/pie", test_pie_chart);
  g_test_add_func ("/report/chart/styles", test_styles);
  g_test_add_func ("/report/layout/page-breaks", test_page_breaks);
  g_test_add_func ("/report/layout/page-sizes", test_page_sizes);
  g_test_add_func ("/report/layout/pdf", test_pdf);
  return g_test_run ();
}
