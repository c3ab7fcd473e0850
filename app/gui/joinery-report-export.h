/* joinery-report-export.h: a report's output written to a file — CSV,
 * XLSX, HTML or PDF. Display-free; the Reports page and the tests call it. */
#pragma once

#include "joinery-report.h"

G_BEGIN_DECLS

typedef enum {
  JOINERY_REPORT_EXPORT_CSV,
  JOINERY_REPORT_EXPORT_XLSX,
  JOINERY_REPORT_EXPORT_HTML,
  JOINERY_REPORT_EXPORT_PDF,
} JoineryReportExportFormat;

/* "csv", "xlsx", "html", "pdf": the file name's extension. */
const char *joinery_report_export_format_extension (JoineryReportExportFormat format);

/* CSV: every table (as `joinery report --format csv` writes them); XLSX:
 * a worksheet for each table, money as £ and dates as dates; HTML: a
 * standalone page with its charts as SVG; PDF: A4 pages. */
gboolean    joinery_report_export (JoineryReportOutput *output, JoineryReportExportFormat format,
                                   const char *path, GError **error);

G_END_DECLS
