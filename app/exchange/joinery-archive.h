/* joinery-archive.h: the whole database as one JSON file, and back.
 *
 * An archive holds every record of every kind with its id, its creation
 * and change times and every field (a reference as the referred record's
 * id), kinds in the order they depend on each other, records by id:
 *
 *   { "format": "joinery-archive", "version": 1, "schema": 2,
 *     "exported_at": "2024-05-19T09:30:00Z",
 *     "records": { "area": [ {"id": 1, "created_at": …, "name": …}, … ], … } }
 *
 * Restoring writes those records, as they were, into an empty database,
 * through the core's validated restore (joinery_db_restore()), in one
 * change group: all of them or, on any problem or a cancel, none. Both
 * ways stream: the file is written and read one record at a time. The
 * history of changes (the audit trail, the undo history) is not part of
 * an archive; the restore is audited as the records' creation.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "joinery-db.h"
#include "joinery-record.h"

G_BEGIN_DECLS

#define JOINERY_ARCHIVE_FORMAT  "joinery-archive"
#define JOINERY_ARCHIVE_VERSION 1

/* Adds the value of RECORD's field F, not null, to BUILDER as JSON has it:
 * text, dates and choices as strings, numbers (money in pence, references
 * as ids) as numbers, booleans, a link as {"kind": …, "id": …}. The
 * archive and the command line's JSON share it. */
void     joinery_archive_add_field_value (JsonBuilder *builder, JoineryRecord *record, const JoineryField *f);

typedef void (*JoineryArchiveProgressFunc) (guint64 done, guint64 total, gpointer user_data);

/* Write every record to `out`; the number of records written. */
gboolean joinery_archive_export         (JoineryDb *db, GOutputStream *out, guint64 *n_records,
                                         GCancellable *cancellable, GError **error);
/* The same to a file, under a temporary name renamed into place when complete. */
gboolean joinery_archive_export_to_file (JoineryDb *db, const char *path, guint64 *n_records,
                                         GCancellable *cancellable, GError **error);

/* Restore an archive into `db`, which must hold no records (else
 * JOINERY_EXCHANGE_ERROR_NOT_EMPTY). `progress` gets bytes read of the
 * total (0 when unknown). Errors name the kind and record at fault. */
gboolean joinery_archive_import         (JoineryDb *db, GInputStream *in, guint64 size,
                                         JoineryArchiveProgressFunc progress, gpointer progress_data,
                                         guint64 *n_records, GCancellable *cancellable, GError **error);
gboolean joinery_archive_import_file    (JoineryDb *db, const char *path,
                                         JoineryArchiveProgressFunc progress, gpointer progress_data,
                                         guint64 *n_records, GCancellable *cancellable, GError **error);

G_END_DECLS
