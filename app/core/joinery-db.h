/* joinery-db.h: a Joinery database file and every operation on its records.
 *
 * Opening: every connection is opened the same hardened way (see
 * joinery-db.c). A file that is not a Joinery database, or was written by
 * a newer version, is refused and left untouched; an older one is copied
 * aside with SQLite's backup API, then migrated.
 *
 * Changing: every create, update and delete is validated first, runs in a
 * BEGIN IMMEDIATE transaction, writes an audit row and keeps the search
 * index in step. Changes are gathered in change groups (one user action);
 * each group is recorded with SQLite's session extension so that it can be
 * undone and redone, also from a later run of the program.
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "joinery-kind.h"
#include "joinery-change.h"
#include "joinery-record.h"

G_BEGIN_DECLS

#define JOINERY_APPLICATION_ID_SQLITE 0x4A4E5259  /* "JNRY", PRAGMA application_id */

typedef enum {
  JOINERY_DB_OPEN_DEFAULT     = 0,
  JOINERY_DB_OPEN_CREATE      = 1 << 0, /* create the file if it does not exist */
  JOINERY_DB_OPEN_QUICK_CHECK = 1 << 1, /* run PRAGMA quick_check before use */
  JOINERY_DB_OPEN_READ_ONLY   = 1 << 2, /* never write; migrations are not applied */
} JoineryDbOpenFlags;

typedef enum {
  JOINERY_GROUP_DEFAULT = 0,
  JOINERY_GROUP_NO_UNDO = 1 << 0, /* bulk work (generate, large imports): not recorded for
                                   * undo, and all or nothing: an operation that fails once it
                                   * has started writing spoils the group (commit refuses) */
} JoineryGroupFlags;

#define JOINERY_TYPE_DB (joinery_db_get_type ())
G_DECLARE_FINAL_TYPE (JoineryDb, joinery_db, JOINERY, DB, GObject)

JoineryDb   *joinery_db_open                (const char *path, JoineryDbOpenFlags flags,
                                             GError **error);
/* For tests of migration: open, migrating no further than `version`. */
JoineryDb   *joinery_db_open_at_version     (const char *path, JoineryDbOpenFlags flags,
                                             guint version, GError **error);
/* Close the connection now (the object stays, unusable). Also done on finalize. */
void         joinery_db_close               (JoineryDb *self);
/* Remove a database file that no connection has open, with the files SQLite
 * keeps beside it (-wal, -shm, -journal). What does not exist is skipped. */
void         joinery_db_remove_files        (const char *path);

guint        joinery_db_latest_version      (void);
const char  *joinery_db_get_path            (JoineryDb *self);
guint        joinery_db_get_version         (JoineryDb *self);
gboolean     joinery_db_is_read_only        (JoineryDb *self);
/* "wal", or "delete" on a network file system where WAL is unsafe. */
const char  *joinery_db_get_journal_mode    (JoineryDb *self);
/* Where the copy taken before migrating this file went, or NULL. */
const char  *joinery_db_get_backup_path     (JoineryDb *self);
/* Who makes the changes, for the audit trail: "cli", "gui", "plugin:ID". */
void         joinery_db_set_source          (JoineryDb *self, const char *source);
const char  *joinery_db_get_source          (JoineryDb *self);
sqlite3     *joinery_db_get_handle          (JoineryDb *self);

/* Change groups. Operations outside a group get one of their own. Groups
 * nest: only the outermost commits. A failed operation inside a group
 * leaves the group usable; joinery_db_rollback() abandons all of it. */
gboolean     joinery_db_begin               (JoineryDb *self, const char *label,
                                             JoineryGroupFlags flags, GError **error);
gboolean     joinery_db_commit              (JoineryDb *self, GError **error);
void         joinery_db_rollback            (JoineryDb *self);
gboolean     joinery_db_in_group            (JoineryDb *self);
/* Large imports (inside a JOINERY_GROUP_NO_UNDO group): the records of
 * `kind` that joinery_db_create() makes from here to the group's end are
 * not audited one by one; joinery_db_audit_import() then writes one
 * `import` row for them all — the file, the rows read, how many were
 * made and updated, and the ranges of their ids (see migration 6). Such
 * a group that audited nothing else can be undone: undo removes the
 * records it made. */
void         joinery_db_set_compact_audit   (JoineryDb *self, const JoineryKind *kind);
gboolean     joinery_db_audit_import        (JoineryDb *self, const char *file, guint64 rows,
                                             guint64 updated, GError **error);

/* Undo the latest change group, or redo the latest undone one. The label of
 * the group is returned in `label` when not NULL. */
gboolean     joinery_db_undo                (JoineryDb *self, char **label, GError **error);
gboolean     joinery_db_redo                (JoineryDb *self, char **label, GError **error);
/* The label of what undo or redo would do next, or NULL. */
char        *joinery_db_dup_undo_label      (JoineryDb *self);
char        *joinery_db_dup_redo_label      (JoineryDb *self);

/* Records. create() sets the new id on the record. update() writes every
 * field of the record; nothing is written, audited or made undoable if no
 * value changed. */
gboolean     joinery_db_validate            (JoineryDb *self, JoineryRecord *record,
                                             GError **error);
gboolean     joinery_db_create              (JoineryDb *self, JoineryRecord *record,
                                             GError **error);
gboolean     joinery_db_update              (JoineryDb *self, JoineryRecord *record,
                                             GError **error);
gboolean     joinery_db_delete              (JoineryDb *self, const JoineryKind *kind,
                                             gint64 id, GError **error);
/* Write a record back as an archive kept it: with its own id and
 * timestamps, validated like a new one, audited as created and indexed;
 * the rules that make records of their own (a project's stage history)
 * are not applied, as the archive holds those records too. Refused if a
 * record of that kind with that id exists. */
gboolean     joinery_db_restore             (JoineryDb *self, JoineryRecord *record,
                                             GError **error);
JoineryRecord *joinery_db_get               (JoineryDb *self, const JoineryKind *kind,
                                             gint64 id, GError **error);
gboolean     joinery_db_exists              (JoineryDb *self, const JoineryKind *kind,
                                             gint64 id);
/* The label of any record, or NULL if there is none. */
char        *joinery_db_dup_label           (JoineryDb *self, const JoineryKind *kind, gint64 id);

/* Like joinery_record_set_from_string(), but a reference may also be given
 * by the referred record's exact label ("organisation=Leeds City Council"),
 * case-insensitively, and is refused if several records share it. */
gboolean     joinery_db_set_from_string     (JoineryDb *self, JoineryRecord *record,
                                             const char *field, const char *text,
                                             GError **error);
/* The id of the one record of `kind` labelled `label`. */
gboolean     joinery_db_find_by_label       (JoineryDb *self, const JoineryKind *kind,
                                             const char *label, gint64 *id, GError **error);

/* Lists. */
typedef enum {
  JOINERY_FILTER_EQUAL,
  JOINERY_FILTER_NOT_EQUAL,
  JOINERY_FILTER_LESS,
  JOINERY_FILTER_LESS_EQUAL,
  JOINERY_FILTER_GREATER,
  JOINERY_FILTER_GREATER_EQUAL,
  JOINERY_FILTER_CONTAINS,   /* text contains, case-insensitively */
  JOINERY_FILTER_IS_EMPTY,
  JOINERY_FILTER_IS_SET,
} JoineryFilterOp;

typedef struct _JoineryQuery JoineryQuery;

JoineryQuery *joinery_query_new             (const JoineryKind *kind);
void          joinery_query_free            (JoineryQuery *query);
/* The value is text as a person types it; it is checked when the query runs. */
gboolean      joinery_query_add_filter      (JoineryQuery *query, const char *field,
                                             JoineryFilterOp op, const char *value,
                                             GError **error);
/* "status=awarded", "amount_awarded>=1000", "name~leeds", "project=" (empty). */
gboolean      joinery_query_parse_filter    (JoineryQuery *query, const char *expression,
                                             GError **error);
gboolean      joinery_query_set_sort        (JoineryQuery *query, const char *field,
                                             gboolean descending, GError **error);
void          joinery_query_set_range       (JoineryQuery *query, guint offset, guint limit);
/* Only records that match this full-text search. */
void          joinery_query_set_search      (JoineryQuery *query, const char *text);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryQuery, joinery_query_free)

/* Records of the query's kind (every one with a NULL query), in order. */
GPtrArray    *joinery_db_list               (JoineryDb *self, const JoineryKind *kind,
                                             JoineryQuery *query, GError **error);
/* The same, one record at a time, for lists too long to hold (exports):
 * `func` sees each record in order and may use the database; it returns
 * FALSE with `error` set to stop, which this then returns. */
typedef gboolean (*JoineryRecordFunc) (JoineryRecord *record, gpointer user_data, GError **error);
gboolean      joinery_db_list_foreach       (JoineryDb *self, const JoineryKind *kind,
                                             JoineryQuery *query, JoineryRecordFunc func,
                                             gpointer user_data, GError **error);
gboolean      joinery_db_count              (JoineryDb *self, const JoineryKind *kind,
                                             JoineryQuery *query, gint64 *count, GError **error);

/* The records that refer to a record, grouped by how they refer to it: an
 * organisation's people, its grants as applicant, its memberships…; and
 * the tasks, notes and tags attached to it. Empty groups are left out. */
typedef struct {
  const JoineryKind *kind;    /* the kind of the referring records */
  const char        *field;   /* the field that refers ("applicant"), "record" for links */
  char              *title;   /* "Grants (applicant)" */
  GPtrArray         *records; /* of JoineryRecord, at most the limit given */
  gint64             total;   /* how many there are in all */
} JoineryRelation;

void          joinery_relation_free         (JoineryRelation *relation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryRelation, joinery_relation_free)
GPtrArray    *joinery_db_related            (JoineryDb *self, const JoineryKind *kind,
                                             gint64 id, guint limit, GError **error);

/* Full-text search across every kind: each word matches as a prefix, all
 * words must match, hits come best first. */
typedef struct {
  const JoineryKind *kind;
  gint64             id;
  char              *label;
  char              *snippet;  /* the matching text, the match between the markers */
  double             rank;     /* lower is better */
} JoinerySearchHit;

void          joinery_search_hit_free       (JoinerySearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoinerySearchHit, joinery_search_hit_free)
GPtrArray    *joinery_db_search             (JoineryDb *self, const char *text,
                                             const JoineryKind *only_kind, guint limit,
                                             const char *mark_start, const char *mark_end,
                                             GError **error);
/* Rebuild the whole search index from the records. */
gboolean      joinery_db_rebuild_search     (JoineryDb *self, GError **error);

/* Checks: SQLite's integrity (quick or full), foreign keys, links to
 * records of any kind, the search index, the schema version. Each problem
 * found is a line of the returned array; an empty array means all is well. */
GPtrArray    *joinery_db_check              (JoineryDb *self, gboolean full, GError **error);

G_END_DECLS
