/* joinery-export.h: lists of records in the formats people hand on.
 *
 * Every export takes a kind and a JoineryQuery — the list as filtered,
 * searched and sorted on screen, or NULL for every record — and streams
 * it: one record at a time, whatever the list's length.
 *
 *   csv             any kind: RFC 4180, UTF-8, CRLF, a header of the fields' labels
 *   xlsx            any kind: a workbook of one sheet, numbers, amounts and dates typed
 *   360giving-json  grants: the 360Giving Data Standard 1.4.3, {"grants": […]}
 *   360giving-csv   grants: the same, flattened under the standard's column titles
 *   ics             events: iCalendar (RFC 5545), each event and its timed sessions
 *   oruk-json       organisations: Open Referral UK (HSDS 3) organisation list
 *
 * People who have not consented to contact are left out of an export of
 * people unless include_no_consent is set. In CSV and XLSX a text cell
 * that a spreadsheet would run as a formula (starting with =, +, -, @, a
 * tab or a carriage return) gets a leading apostrophe. 360Giving holds
 * grants made: only awarded and completed grants go in, and the export is
 * refused, naming each grant, when something the standard requires is
 * missing (a fund without a funder).
 */
#pragma once

#include <gio/gio.h>

#include "joinery-db.h"

G_BEGIN_DECLS

#define JOINERY_360GIVING_DEFAULT_PREFIX "360G-joinery"

typedef enum {
  JOINERY_EXPORT_CSV,
  JOINERY_EXPORT_XLSX,
  JOINERY_EXPORT_360GIVING_JSON,
  JOINERY_EXPORT_360GIVING_CSV,
  JOINERY_EXPORT_ICS,
  JOINERY_EXPORT_ORUK_JSON,
} JoineryExportFormat;

typedef void (*JoineryExportProgressFunc) (guint64 done, guint64 total, gpointer user_data);

typedef struct {
  JoineryExportFormat        format;
  gboolean                   include_no_consent;  /* people: everyone, consent or not */
  const char                *identifier_prefix;   /* 360Giving: "360G-…"; NULL for the default */
  JoineryExportProgressFunc  progress;            /* records written of the list's count */
  gpointer                   progress_data;
} JoineryExportOptions;

typedef struct {
  guint64 written;              /* records written */
  guint64 left_out_no_consent;  /* people without consent to contact */
  guint64 left_out_not_awarded; /* 360Giving: grants not awarded or completed */
} JoineryExportSummary;

void                joinery_export_options_init       (JoineryExportOptions *options,
                                                       JoineryExportFormat format);
gboolean            joinery_export_format_from_string (const char *text, JoineryExportFormat *format);
const char         *joinery_export_format_to_string   (JoineryExportFormat format);
/* "csv", "xlsx", "json", "ics": the file name's ending. */
const char         *joinery_export_format_get_extension (JoineryExportFormat format);
const char         *joinery_export_format_get_content_type (JoineryExportFormat format);
/* The one kind a format is for (grant, event, organisation), or NULL for any. */
const JoineryKind  *joinery_export_format_get_kind    (JoineryExportFormat format);
/* Whether the format writes text that can go to a stream (all but XLSX). */
gboolean            joinery_export_format_is_text     (JoineryExportFormat format);

/* Write the list to `path`, under a temporary name renamed into place
 * when complete: on failure or cancel no file (and no earlier file of that
 * name) is harmed. `summary` may be NULL. */
gboolean            joinery_export_to_file            (JoineryDb *db, const JoineryKind *kind,
                                                       JoineryQuery *query,
                                                       const JoineryExportOptions *options,
                                                       const char *path,
                                                       JoineryExportSummary *summary,
                                                       GCancellable *cancellable, GError **error);
/* Write a text format to a stream; on failure the stream may hold part of
 * the file. */
gboolean            joinery_export_to_stream          (JoineryDb *db, const JoineryKind *kind,
                                                       JoineryQuery *query,
                                                       const JoineryExportOptions *options,
                                                       GOutputStream *out,
                                                       JoineryExportSummary *summary,
                                                       GCancellable *cancellable, GError **error);

G_END_DECLS
