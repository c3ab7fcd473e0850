/* joinery-report.h: what a report produced, as data that any front end
 * can draw.
 *
 * A JoineryReportOutput is a title and a list of blocks, in order:
 *
 *   HEADING    text and a level (1 to 3)
 *   PARAGRAPH  text
 *   TABLE      an optional title, typed columns and rows of cells
 *   CHART      a kind (bar, line, pie), an optional title, and its data:
 *              a table, the column along the x axis (the categories) and
 *              one or more numeric columns drawn as series (a pie: one)
 *
 * Column types say how a cell is held and shown:
 *
 *   type      cell holds           shown to people     in CSV
 *   text      text                 as is               as is
 *   integer   integer              1,234               1234
 *   number    number (double)      shortest form       shortest form
 *   money     integer pence (GBP)  £1,234.50           1234.50
 *   date      ISO-8601 text        2024-05-19          2024-05-19
 *   percent   a fraction (double)  25.0% for 0.25      25.0%
 *
 * Any cell may be empty (is_null). Nothing here draws or depends on a
 * display: the window builds widgets from the blocks, the command line
 * writes text, CSV, Markdown, HTML or JSON with
 * joinery_report_output_render().
 *
 * The JSON form (joinery_report_output_to_json, and what the sandbox sends
 * the host) is:
 *
 *   { "title": "Fund summary", "report": "fund-summary", "plugin": "funds",
 *     "blocks": [
 *       { "type": "heading", "level": 1, "text": "…" },
 *       { "type": "paragraph", "text": "…" },
 *       { "type": "table", "title": "…",
 *         "columns": [ { "name": "Theme", "type": "text" },
 *                      { "name": "Awarded", "type": "money" } ],
 *         "rows": [ [ "Ageing well", 113000000 ], [ "Carers", null ] ] },
 *       { "type": "chart", "kind": "bar", "title": "…", "x": "Theme",
 *         "y": [ "Awarded" ], "data": { "type": "table", "columns": …, "rows": … } } ],
 *     "log": "what the plugin printed" }
 *
 * with money as integer pence, percent as a fraction, dates as ISO text
 * and an empty cell as null. joinery_report_output_from_json() checks all
 * of it (types, column counts, cell types) and refuses anything else.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  JOINERY_REPORT_BLOCK_HEADING,
  JOINERY_REPORT_BLOCK_PARAGRAPH,
  JOINERY_REPORT_BLOCK_TABLE,
  JOINERY_REPORT_BLOCK_CHART,
} JoineryReportBlockType;

typedef enum {
  JOINERY_REPORT_COLUMN_TEXT,
  JOINERY_REPORT_COLUMN_INTEGER,
  JOINERY_REPORT_COLUMN_NUMBER,
  JOINERY_REPORT_COLUMN_MONEY,
  JOINERY_REPORT_COLUMN_DATE,
  JOINERY_REPORT_COLUMN_PERCENT,
} JoineryReportColumnType;

typedef enum {
  JOINERY_REPORT_CHART_BAR,
  JOINERY_REPORT_CHART_LINE,
  JOINERY_REPORT_CHART_PIE,
} JoineryReportChartKind;

typedef enum {
  JOINERY_REPORT_FORMAT_TEXT,
  JOINERY_REPORT_FORMAT_CSV,
  JOINERY_REPORT_FORMAT_JSON,
  JOINERY_REPORT_FORMAT_MARKDOWN,
  JOINERY_REPORT_FORMAT_HTML,
} JoineryReportFormat;

typedef struct {
  char                    *name;
  JoineryReportColumnType  type;
} JoineryReportColumn;

typedef struct {
  gboolean  is_null;
  char     *text;     /* TEXT and DATE */
  gint64    integer;  /* INTEGER and MONEY (pence) */
  double    number;   /* NUMBER and PERCENT (a fraction) */
} JoineryReportCell;

typedef struct {
  char                *title;      /* NULL when untitled */
  guint                n_columns;
  JoineryReportColumn *columns;
  guint                n_rows;
  JoineryReportCell   *cells;      /* n_rows × n_columns, row after row */
} JoineryReportTable;

typedef struct {
  JoineryReportChartKind  kind;
  char                   *title;   /* NULL when untitled */
  JoineryReportTable     *data;
  guint                   x;       /* the column of the categories */
  guint                   n_y;
  guint                  *y;       /* the columns of the series (numeric) */
} JoineryReportChart;

typedef struct {
  JoineryReportBlockType  type;
  guint                   level;   /* HEADING: 1 to 3 */
  char                   *text;    /* HEADING and PARAGRAPH */
  JoineryReportTable     *table;   /* TABLE */
  JoineryReportChart     *chart;   /* CHART */
} JoineryReportBlock;

typedef struct _JoineryReportOutput JoineryReportOutput;

#define JOINERY_TYPE_REPORT_OUTPUT (joinery_report_output_get_type ())
GType                     joinery_report_output_get_type     (void) G_GNUC_CONST;
JoineryReportOutput      *joinery_report_output_ref          (JoineryReportOutput *output);
void                      joinery_report_output_unref        (JoineryReportOutput *output);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryReportOutput, joinery_report_output_unref)

/* The output as JSON (see above); NULL and an error if it is not valid. */
JoineryReportOutput      *joinery_report_output_from_json    (const char *json, gsize length,
                                                              GError **error);
char                     *joinery_report_output_to_json      (JoineryReportOutput *output);

const char               *joinery_report_output_get_title    (JoineryReportOutput *output);
const char               *joinery_report_output_get_report_id (JoineryReportOutput *output);
const char               *joinery_report_output_get_plugin_id (JoineryReportOutput *output);
/* What the plugin printed (print, ctx:log), or "". */
const char               *joinery_report_output_get_log      (JoineryReportOutput *output);
guint                     joinery_report_output_get_n_blocks (JoineryReportOutput *output);
const JoineryReportBlock *joinery_report_output_get_block    (JoineryReportOutput *output,
                                                              guint index);
void                      joinery_report_output_set_log      (JoineryReportOutput *output,
                                                              const char *log);
void                      joinery_report_output_set_source   (JoineryReportOutput *output,
                                                              const char *title,
                                                              const char *report_id,
                                                              const char *plugin_id);

const JoineryReportCell  *joinery_report_table_get_cell      (const JoineryReportTable *table,
                                                              guint row, guint column);
/* A cell as people read it (for_people) or as a spreadsheet reads it;
 * "" when empty. */
char                     *joinery_report_cell_format         (const JoineryReportCell *cell,
                                                              JoineryReportColumnType type,
                                                              gboolean for_people);
gboolean                  joinery_report_column_type_is_numeric (JoineryReportColumnType type);
const char               *joinery_report_column_type_to_string (JoineryReportColumnType type);

/* "text", "csv", "json", "markdown" or "html" (case-insensitive). */
gboolean                  joinery_report_format_from_string  (const char *name,
                                                              JoineryReportFormat *format);
/* The whole output in a format: text for a terminal; CSV of every table
 * (one after the other, a blank line between); JSON as above; Markdown;
 * a standalone HTML page (charts drawn as SVG). */
char                     *joinery_report_output_render       (JoineryReportOutput *output,
                                                              JoineryReportFormat format);

G_END_DECLS
