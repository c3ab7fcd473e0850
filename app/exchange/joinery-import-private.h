/* joinery-import-private.h: what the two ways of importing share — the
 * run of one import (its database, report and current row) and the row
 * handler each way provides: the kind import (joinery-import.c) and the
 * Eventbrite attendee report (joinery-eventbrite.c). */
#pragma once

#include <sqlite3.h>

#include "joinery-import.h"

G_BEGIN_DECLS

typedef struct _JoineryImportRun JoineryImportRun;

struct _JoineryImportRun
{
  JoineryImport        *import;
  JoineryDb            *db;
  JoineryImportReport  *report;
  char                **headers;
  guint                 n_headers;
  guint64               row;        /* the row being imported */
  GHashTable           *statements; /* SQL → sqlite3_stmt, for look-ups */
  /* The last look-up's statement (one of `statements`), found without
   * making its SQL again: most rows look up by the same column. */
  const JoineryKind    *find_kind;
  const char           *find_column;
  sqlite3_stmt         *find_stmt;
  gpointer              data;       /* the handler's */
};

typedef struct {
  /* After the header is read, before any row: check the columns, prepare.
   * Problems go to the report (which stops the import before its rows);
   * FALSE with an error for a failure of the database. */
  gboolean (*prepare) (JoineryImportRun *run, GError **error);
  /* One row, of exactly n_headers cells (the run checks), not all empty.
   * Problems go to the report; FALSE with an error when the database
   * fails (then the import stops). */
  gboolean (*row)     (JoineryImportRun *run, const char * const *cells, GError **error);
  void     (*clear)   (JoineryImportRun *run);
} JoineryImportHandler;

extern const JoineryImportHandler joinery_import_eventbrite_handler;

/* Add a problem on the run's row (column from 1, 0 for the whole row). */
void     joinery_import_run_add_problem (JoineryImportRun *run, guint column, const char *field,
                                         const char *format, ...) G_GNUC_PRINTF (4, 5);
/* A problem from a failed write or parse: a validation error becomes a
 * problem in the column of the field it names — `field_columns[field
 * index]` (from 1) when the error is about `columns_kind` — else in
 * `column`, and TRUE is returned; any other error is the caller's to
 * propagate (FALSE). */
gboolean joinery_import_run_add_error   (JoineryImportRun *run, const GError *error, guint column,
                                         const JoineryKind *columns_kind, const int *field_columns);
/* The column (from 1) whose folded header is one of `folded` (in order of
 * preference), or 0. */
guint    joinery_import_run_find_column (JoineryImportRun *run, const char * const *folded);
/* The ids of records of `kind` whose `column` equals `value` ignoring
 * case: the number found (0, 1 or 2 for "more than one") and the first two. */
gboolean joinery_import_find_ids        (JoineryImportRun *run, const JoineryKind *kind,
                                         const char *column, const char *value,
                                         guint *n_found, gint64 found[2], GError **error);
/* How a row gave a field its value: a cell of its own, or the mapping's
 * default (which fills a blank but does not replace what is there). */
enum {
  JOINERY_IMPORT_GIVEN_BY_FILE    = 1,
  JOINERY_IMPORT_GIVEN_BY_DEFAULT = 2,
};

/* A row matched record `id` of the kind of `from`: skip it, or update it
 * by the run's on-match rule from `given` (per field: how the row gave it a
 * value, in `from`; 0 for not at all), counting it in the report. A refused update is a
 * problem (in the columns `field_columns` gives); FALSE only when the
 * database fails. */
gboolean joinery_import_update_matched  (JoineryImportRun *run, gint64 id, JoineryRecord *from,
                                         const int *given, const int *field_columns,
                                         GError **error);
JoineryImportOnMatch joinery_import_get_on_match (JoineryImport *self);
/* Files larger than `bytes` are imported in bulk (no undo changeset, one
 * audit row for the records made); JOINERY_IMPORT_UNDO_MAX_BYTES unless
 * set. For tests, which need not write 4 MiB to see it. */
void     joinery_import_set_bulk_bytes  (JoineryImport *self, guint64 bytes);

G_END_DECLS
