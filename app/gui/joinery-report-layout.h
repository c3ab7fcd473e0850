/* joinery-report-layout.h: a report's output set out on pages — the title
 * on page one, headings, paragraphs, tables broken across pages with their
 * header repeated, charts drawn as vectors — for the PDF and for printing,
 * which draw the very same pages.
 *
 * Display-free: sizes are in points (1/72 inch) and every page is drawn on
 * a cairo_t that the caller gives (a PDF surface, a print context).
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "joinery-report.h"

G_BEGIN_DECLS

#define JOINERY_REPORT_A4_WIDTH  595.28
#define JOINERY_REPORT_A4_HEIGHT 841.89

typedef struct _JoineryReportLayout JoineryReportLayout;

/* Lay `output` out on pages of the size given, with `margin` on all sides. */
JoineryReportLayout *joinery_report_layout_new           (JoineryReportOutput *output,
                                                          double page_width, double page_height,
                                                          double margin);
void                 joinery_report_layout_free          (JoineryReportLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryReportLayout, joinery_report_layout_free)

guint                joinery_report_layout_get_n_pages   (JoineryReportLayout *layout);
/* Draw page `page` (from 0) with its top-left corner at the origin of `cr`. */
void                 joinery_report_layout_draw_page     (JoineryReportLayout *layout, cairo_t *cr,
                                                          guint page);
/* Which rows of the table in block `block` page `page` shows: FALSE when
 * it shows none of them. */
gboolean             joinery_report_layout_get_table_rows (JoineryReportLayout *layout, guint block,
                                                           guint page, guint *first, guint *n_rows);
/* The page a block starts on. */
guint                joinery_report_layout_get_block_page (JoineryReportLayout *layout, guint block);

/* Write the whole output as an A4 PDF. */
gboolean             joinery_report_write_pdf            (JoineryReportOutput *output, const char *path,
                                                          GError **error);

/* A Pango layout of `text` for drawing on `cr`, at 72 units to the inch
 * whatever the surface; cut with an ellipsis to `width` when positive. */
PangoLayout         *joinery_report_text_layout          (cairo_t *cr, const char *family, double size,
                                                          gboolean bold, const char *text, double width);

G_END_DECLS
