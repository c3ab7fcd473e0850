/* joinery-db-private.h: what the files of JoineryDb share and nobody else
 * sees — the statement cache, the SQL generated from each kind's
 * description, and the audit and search upkeep every change goes through. */
#pragma once

#include "joinery-db.h"

G_BEGIN_DECLS

/* How many records select_page reads at most (unused slots bound NULL). */
#define JOINERY_PAGE_SIZE 64

/* SQL built once per kind from its description. Only names from the
 * static description go into it; values are always bound. */
typedef struct {
  char *columns;      /* "t.id, t.created_at, t.updated_at, <label>, t.c1, …, <ref labels>" */
  char *select_one;   /* columns FROM table t WHERE t.id = ?1 */
  char *select_page;  /* columns … WHERE m.id IN (?1, …, ?JOINERY_PAGE_SIZE): a page of a list */
  char *insert;       /* INSERT … VALUES (?1 created, ?2 updated, ?3 …) */
  char *restore;      /* INSERT … VALUES (?1 id, ?2 created, ?3 updated, ?4 …) */
  char *update;       /* UPDATE … SET updated_at = ?2, … WHERE id = ?1 */
  char *delete;
  char *exists;
  char *label;        /* the label of one record */
  char *index_select; /* SELECT rowid, kind, title, body FROM table t (no WHERE), or NULL */
  char *index_text;   /* SELECT title, body FROM table t WHERE t.id = ?1, or NULL */
  char *index_check;  /* counts rows whose index entry is missing or stale */
  char *index_made;   /* INSERT INTO search_index … WHERE t.id > ?1 AND t.id <= ?2, or NULL */
  char *index_made_end; /* SELECT the id ?2 places after the first id above ?1 */
  char *newest;       /* SELECT NOT EXISTS (a record with an id above ?1) */
  guint n_params;     /* bound values per record (a LINK takes two) */
} JoineryKindSql;

const JoineryKindSql *joinery_db_kind_sql      (JoineryDb *self, const JoineryKind *kind);

/* A cached statement, reset and with its bindings cleared; NULL and an
 * error if it cannot be prepared. Never step a cached statement while
 * another call may want the same one. */
sqlite3_stmt         *joinery_db_prepare       (JoineryDb *self, const char *sql, GError **error);
/* The same for SQL that lives as long as the program (a literal, or a
 * kind's generated SQL): looked up by address, not by hashing the text —
 * this is the hot path of every write. */
sqlite3_stmt         *joinery_db_prepare_static (JoineryDb *self, const char *sql, GError **error);
/* A read-only connection for reading a whole list away from the window:
 * a page cache of `cache_kib`, and sorts larger than it spilled to a
 * temporary file rather than held in the heap. */
JoineryDb            *joinery_db_open_reader   (const char *path, int cache_kib, GError **error);
/* Run a statement that returns no rows, then reset it. */
gboolean              joinery_db_step_done     (JoineryDb *self, sqlite3_stmt *stmt, GError **error);
gboolean              joinery_db_exec          (JoineryDb *self, const char *sql, GError **error);
/* SQLite's check of the file on `handle` (quick_check, or integrity_check
 * when `full`): FALSE and JOINERY_DB_ERROR_CORRUPT, “PATH” is damaged
 * (PROBLEM) and `advice`, when it finds damage. */
gboolean              joinery_db_check_handle  (sqlite3 *handle, const char *path, gboolean full,
                                                const char *advice, GError **error);
/* A GError in JOINERY_DB_ERROR from an SQLite result code and message. */
void                  joinery_db_set_error     (JoineryDb *self, int rc, GError **error,
                                                const char *what);

/* Rename the open group (what undo will say it undoes). */
void                  joinery_db_set_group_label (JoineryDb *self, const char *label);
/* The open group's id and timestamp; the operations inside share them. */
gint64                joinery_db_group_id      (JoineryDb *self);
const char           *joinery_db_group_time    (JoineryDb *self);
/* Stamp the open group with a fixed time instead of now: the created_at,
 * updated_at and audit time of everything it writes. For data that must
 * load the same every time (the demo). */
gboolean              joinery_db_set_group_time (JoineryDb *self, const char *timestamp,
                                                 GError **error);

/* One operation in a group: a savepoint, so that a failure undoes only it. */
gboolean              joinery_db_operation_begin (JoineryDb *self, const char *label,
                                                  gboolean *own_group, GError **error);
/* Commits (or, when !ok, undoes) the operation; returns ok && committed. */
gboolean              joinery_db_operation_end   (JoineryDb *self, gboolean own_group,
                                                  gboolean ok, GError **error);

/* The stored record as JSON; NULL (and no error) if it does not exist. */
char                 *joinery_db_record_json   (JoineryDb *self, const JoineryKind *kind, gint64 id,
                                                GError **error);
/* Let the audit trail's values (`before`, `after`) be scrubbed by this
 * connection, inside the open transaction only: for an erasure. */
void                  joinery_db_set_audit_scrub (JoineryDb *self, gboolean allowed);
/* Append `text` to `json` as a JSON string, quoted and escaped. */
void                  joinery_db_json_append_string (GString *json, const char *text);
/* Whether the create of record `id` is audited by the group's one import
 * row (joinery_db_set_compact_audit): then its id is kept for that row. */
gboolean              joinery_db_compact_created (JoineryDb *self, const JoineryKind *kind, gint64 id);
/* Append to the audit trail. */
gboolean              joinery_db_audit         (JoineryDb *self, const JoineryKind *kind, gint64 id,
                                                const char *action, const char *before,
                                                const char *after, GError **error);
/* Bring the record's entry in the search index in step with the table.
 * Inside a change group this is queued and done when the group commits
 * (or before a search inside it): FTS5 flushes its pending terms at every
 * statement savepoint, so index writes interleaved with other writes
 * would each make a segment of their own. `is_new` says there is no entry
 * yet to remove. The records a group makes (ids above every
 * id of their kind before them, as joinery_db_create() gives) are not
 * queued one by one: they are indexed together, one INSERT … SELECT per
 * kind over the range of their ids. */
gboolean              joinery_db_index_record  (JoineryDb *self, const JoineryKind *kind, gint64 id,
                                                gboolean is_new, GError **error);
gboolean              joinery_db_index_now     (JoineryDb *self, const JoineryKind *kind, gint64 id,
                                                gboolean is_new, GError **error);
/* Remove the record's entry from the search index, if it has one. */
gboolean              joinery_db_unindex       (JoineryDb *self, const JoineryKind *kind, gint64 id,
                                                GError **error);
/* Do the queued index work now. */
gboolean              joinery_db_flush_index   (JoineryDb *self, GError **error);

/* Fill a record from a row of kind_sql->columns starting at column 0. */
JoineryRecord        *joinery_db_record_from_row (const JoineryKind *kind, sqlite3_stmt *stmt);

/* The kind stored in a table, NULL for the core's own tables. */
const JoineryKind    *joinery_kind_for_table   (const char *table);
gboolean              joinery_db_rebuild_search_internal (JoineryDb *self, GError **error);

G_END_DECLS
