/* joinery-export-private.h: what the exports share — one export's state,
 * the buffered writer, and each format's entry point. */
#pragma once

#include <json-glib/json-glib.h>

#include "joinery-export.h"

G_BEGIN_DECLS

#define JOINERY_EXPORT_FLUSH_BYTES (64 * 1024)

typedef struct {
  JoineryDb                  *db;
  const JoineryKind          *kind;
  JoineryQuery               *query;
  const JoineryExportOptions *options;
  JoineryExportSummary       *summary;
  GOutputStream              *out;      /* NULL for XLSX */
  const char                 *path;     /* XLSX: the file to write */
  GCancellable               *cancellable;
  GString                    *buffer;   /* what is not yet written to `out` */
  guint64                     total;    /* the list's count, for progress */
  gint64                      last_progress;
} JoineryExport;

/* Append to the buffer, writing it out past JOINERY_EXPORT_FLUSH_BYTES. */
gboolean joinery_export_maybe_flush (JoineryExport *export, GError **error);
gboolean joinery_export_flush       (JoineryExport *export, GError **error);
/* Once per record: cancellation and progress. */
gboolean joinery_export_step        (JoineryExport *export, GError **error);
/* Whether a record goes in: people without consent are left out unless asked. */
gboolean joinery_export_wants       (JoineryExport *export, JoineryRecord *record);

/* A member holding `value`, left out when it is NULL. */
void     joinery_export_json_add_string (JsonBuilder *builder, const char *member, const char *value);
/* One item of a JSON list being written: a comma before all but the
 * first, the item indented as a person would want to read it. */
void     joinery_export_append_json_item (JoineryExport *export, JsonNode *node, gboolean *first);

/* A stable UUID (version 5) for a name, and for a record (from its kind,
 * id and creation time), for formats that want one. */
char    *joinery_export_dup_uuid_for_name (const char *name);
char    *joinery_export_dup_uuid    (const char *kind, JoineryRecord *record);
/* A charity number's org-id.guide scheme and identifier (GB-CHC,
 * GB-SC, GB-NIC); FALSE for a number of another register. */
gboolean joinery_export_charity_id  (const char *charity, const char **scheme, char **identifier);
/* An organisation's identifier by org-id.guide (GB-CHC-…, GB-COH-…,
 * GB-NHS-…): its scheme and its identifier within it, or FALSE when it
 * has none of those numbers. */
gboolean joinery_export_org_id      (JoineryRecord *organisation, const char **scheme,
                                     char **identifier);

/* Write a file through `write`, under a temporary name beside it that is
 * renamed into place once `write` succeeded and the file is closed; on
 * failure nothing is left, and an earlier file of that name is kept. */
typedef gboolean (*JoineryExportWriteFunc) (GOutputStream *out, gpointer data,
                                            GCancellable *cancellable, GError **error);
gboolean joinery_export_write_file  (const char *path, JoineryExportWriteFunc write, gpointer data,
                                     GCancellable *cancellable, GError **error);

gboolean joinery_export_write_csv       (JoineryExport *export, GError **error);
gboolean joinery_export_write_xlsx      (JoineryExport *export, GError **error);
gboolean joinery_export_write_360giving (JoineryExport *export, gboolean csv, GError **error);
gboolean joinery_export_write_ics       (JoineryExport *export, GError **error);
gboolean joinery_export_write_oruk      (JoineryExport *export, GError **error);

G_END_DECLS
