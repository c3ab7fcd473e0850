/* joinery-import.h: importing a CSV file into records, all or nothing.
 *
 * A JoineryImport is one file to import and how: the kind of record (or an
 * Eventbrite attendee report for an event), the column mapping, how rows
 * are matched to records already there and what to do with a match. It
 * touches nothing until run. Running reads the file once, streaming (the
 * memory it takes does not grow with the file), and makes every change
 * through the core's validated operations inside one change group: every
 * row goes in, or — on any problem, a dry run, a cancel or an error —
 * none does and the database is left as it was, byte for byte. Each
 * problem found is listed with its row, its column and the reason, all of
 * them at once, so that a file can be put right in one go.
 *
 * For a window: joinery_import_read_preview() gives the headers, the first
 * rows and a guessed mapping to show and edit; joinery_import_run() with
 * dry_run set gives the problems; joinery_import_run_async() runs the
 * import in a thread of its own, on a connection of its own, reporting
 * progress in the caller's main context. Nothing here touches a display.
 */
#pragma once

#include <gio/gio.h>

#include "joinery-db.h"
#include "joinery-csv.h"
#include "joinery-import-mapping.h"

G_BEGIN_DECLS

/* How many problems a report lists; it counts them all. */
#define JOINERY_IMPORT_MAX_PROBLEMS 1000

/* Files up to this size are imported as one undoable step; larger ones
 * in bulk, the records made audited by one row: undoable (by removing
 * them) when the import made records and changed none, else not, which
 * ends the undo history. */
#define JOINERY_IMPORT_UNDO_MAX_BYTES (4 * 1024 * 1024)

typedef enum {
  JOINERY_IMPORT_MATCH_AUTO,   /* by id if a column is mapped to it, else email, else name */
  JOINERY_IMPORT_MATCH_NONE,   /* every row makes a new record */
  JOINERY_IMPORT_MATCH_ID,
  JOINERY_IMPORT_MATCH_EMAIL,
  JOINERY_IMPORT_MATCH_NAME,   /* the kind's name (its label field), ignoring case */
} JoineryImportMatch;

typedef enum {
  JOINERY_IMPORT_ON_MATCH_SKIP,    /* leave the record as it is */
  JOINERY_IMPORT_ON_MATCH_UPDATE,  /* the file's values replace the record's (empty cells change nothing) */
  JOINERY_IMPORT_ON_MATCH_FILL,    /* the file's values fill the record's empty fields only */
} JoineryImportOnMatch;

typedef struct {
  guint64  row;          /* as a spreadsheet numbers it, the header being row 1; 0: the whole file */
  guint    column;       /* from 1; 0: the whole row */
  char    *column_name;  /* the column's header, or NULL */
  char    *field;        /* the field concerned, or NULL */
  char    *message;      /* the reason, which reads on its own */
} JoineryImportProblem;

typedef struct {
  gboolean   dry_run;
  gboolean   committed;       /* the changes were saved */
  gboolean   undoable;        /* as one step of the undo history */
  guint64    rows;            /* rows read, the header and empty rows left aside */
  guint64    created;
  guint64    updated;
  guint64    unchanged;       /* matched and updated, but the file changed nothing */
  guint64    skipped;         /* matched and left alone */
  guint64    people_created;  /* Eventbrite: people added for addresses not known */
  guint64    n_problems;      /* every problem found; `problems` lists the first ones */
  GPtrArray *problems;        /* of JoineryImportProblem */
} JoineryImportReport;

typedef struct {
  guint64 bytes_read;
  guint64 bytes_total;        /* 0 when not known */
  guint64 rows;
  guint64 problems;
} JoineryImportProgress;

typedef void (*JoineryImportProgressFunc) (const JoineryImportProgress *progress, gpointer user_data);

#define JOINERY_TYPE_IMPORT (joinery_import_get_type ())
G_DECLARE_FINAL_TYPE (JoineryImport, joinery_import, JOINERY, IMPORT, GObject)

/* Rows of `path` as records of `kind`. */
JoineryImport        *joinery_import_new              (const JoineryKind *kind, const char *path);
/* An Eventbrite attendee report (one row per ticket: name, email, ticket
 * type, attendee status, order date) as the event's attendances: people
 * are matched by email, those not known are added; a person already
 * booked is updated (see set_on_match). */
JoineryImport        *joinery_import_new_eventbrite   (gint64 event_id, const char *path);

const char           *joinery_import_get_path         (JoineryImport *self);
const JoineryKind    *joinery_import_get_kind         (JoineryImport *self);
gint64                joinery_import_get_event        (JoineryImport *self);
gboolean              joinery_import_is_eventbrite    (JoineryImport *self);

void                  joinery_import_set_encoding     (JoineryImport *self, JoineryCsvEncoding encoding);
/* ',', ';', '\t', or 0 to guess. */
void                  joinery_import_set_separator    (JoineryImport *self, char separator);
void                  joinery_import_set_match        (JoineryImport *self, JoineryImportMatch match);
void                  joinery_import_set_on_match     (JoineryImport *self, JoineryImportOnMatch on_match);
void                  joinery_import_set_dry_run      (JoineryImport *self, gboolean dry_run);
gboolean              joinery_import_get_dry_run      (JoineryImport *self);

/* The mapping used (a kind import); guessed from the headers by
 * read_preview() or run() when none was set. Taken over, or copied by
 * the getter's caller to edit and set back. */
void                  joinery_import_set_mapping      (JoineryImport *self, JoineryImportMapping *mapping);
JoineryImportMapping *joinery_import_get_mapping      (JoineryImport *self);

/* Read the header and up to `n_rows` rows after it, for a preview; a
 * file that cannot be read as CSV is an error naming the row and column. */
gboolean              joinery_import_read_preview     (JoineryImport *self, guint n_rows,
                                                       GCancellable *cancellable, GError **error);
/* After read_preview(): the header's cells, NULL-terminated; the rows
 * read, each a GStrv; what the reader guessed. */
const char * const   *joinery_import_get_headers      (JoineryImport *self);
GPtrArray            *joinery_import_get_preview_rows (JoineryImport *self);
char                  joinery_import_get_separator    (JoineryImport *self);
JoineryCsvEncoding    joinery_import_get_encoding     (JoineryImport *self);

/* Run the import on `db` (which must not be inside a change group). A
 * report comes back whenever the file could be read to its end or to its
 * first unreadable byte, problems or not: `committed` says whether the
 * changes were kept. NULL and an error when the file cannot be opened, the
 * database fails, or `cancellable` is cancelled — in each case with the
 * database unchanged. `progress` is called every tenth of a second or so. */
JoineryImportReport  *joinery_import_run              (JoineryImport *self, JoineryDb *db,
                                                       JoineryImportProgressFunc progress,
                                                       gpointer progress_data,
                                                       GCancellable *cancellable, GError **error);

/* The same in a worker thread, on a connection of its own to the file at
 * `db_path` (SQLite's write-ahead log lets other connections read on
 * meanwhile; they see the import when it commits, and — being other
 * connections — emit no "changed" for it: reload their lists). `progress`
 * is called in the thread-default main context of the caller. The import
 * must not be changed until it finishes. */
void                  joinery_import_run_async        (JoineryImport *self, const char *db_path,
                                                       JoineryImportProgressFunc progress,
                                                       gpointer progress_data,
                                                       GDestroyNotify progress_data_free,
                                                       GCancellable *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer user_data);
JoineryImportReport  *joinery_import_run_finish       (JoineryImport *self, GAsyncResult *result,
                                                       GError **error);

void                  joinery_import_report_free      (JoineryImportReport *report);
/* "Added 12 people, updated 3, left 2 as they were" and the like. */
char                 *joinery_import_report_dup_summary (JoineryImport *self,
                                                         const JoineryImportReport *report);
/* "row 5, column C “Email”: Email: is not a valid email address". */
char                 *joinery_import_problem_to_string (const JoineryImportProblem *problem);
/* "A", "B", … "Z", "AA": a column as spreadsheets name it. */
char                 *joinery_import_column_letters   (guint column);

gboolean              joinery_import_match_from_string    (const char *text, JoineryImportMatch *match);
gboolean              joinery_import_on_match_from_string (const char *text, JoineryImportOnMatch *on_match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryImportReport, joinery_import_report_free)

G_END_DECLS
