/* joinery-person-data.h: a person's data as the law asks it to be handled
 * (UK GDPR): everything held about them exported for a subject access
 * request, their erasure, and the audit trail that records changes,
 * exports and erasures.
 *
 * Display-free: the command line and the window both present these.
 */
#pragma once

#include "joinery-db.h"

G_BEGIN_DECLS

/* Where the records that refer to a person are found: "attendances.person_id",
 * "tasks.assignee_id", "notes.record_kind" (a link to a record of any kind),
 * "audit.kind" (the trail's rows about them)… The export reads every one of
 * them; a test compares the list with what the schema itself refers to. */
const char * const *joinery_person_data_coverage (void);

/* Everything held about person `id` as one JSON document (pretty-printed,
 * UTF-8): their record, every record that refers to them, the notes, tags
 * and tasks on them, the mentions of their name or email in other records'
 * text, and the audit trail's rows about them and about those records.
 * The export is recorded in the audit trail (not its content). */
char               *joinery_person_data_export   (JoineryDb *db, gint64 id, GError **error);

/* A record whose text mentions a person: for someone to review. */
typedef struct {
  const JoineryKind *kind;
  gint64             id;
  const char        *field;    /* the field that mentions them ("summary") */
  char              *label;    /* the record's label */
  char              *excerpt;  /* the text around the mention */
} JoineryMention;

void                joinery_mention_free         (JoineryMention *mention);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryMention, joinery_mention_free)

/* The records (other than the person's own, and the notes and tags on
 * them) whose text fields mention the person's name or email. */
GPtrArray          *joinery_person_data_find_mentions (JoineryDb *db, gint64 id, GError **error);

typedef struct {
  gint64     id;
  char      *placeholder;   /* the name the record now bears: "Erased person 12" */
  GPtrArray *mentions;      /* of JoineryMention: left as they were, to review */
  guint      kept;          /* records that refer to them, kept anonymously (attendances…) */
  guint      removed;       /* notes and tags on them, removed */
  gboolean   file_cleared;  /* the write-ahead log was emptied and the file rewritten;
                             * FALSE when another connection held it open */
  gboolean   blanked;       /* the mentions were blanked (JOINERY_ERASE_BLANK_MENTIONS) */
} JoineryErasure;

typedef enum {
  JOINERY_ERASE_DEFAULT        = 0,
  /* Their name and email in the text of the records that mention them
   * become "[erased]", in the same transaction. */
  JOINERY_ERASE_BLANK_MENTIONS = 1 << 0,
  /* The file is not rewritten: the caller runs
   * joinery_person_data_clear_file_async() (the window, in a thread). */
  JOINERY_ERASE_LEAVE_FILE     = 1 << 1,
} JoineryEraseFlags;

void                joinery_erasure_free         (JoineryErasure *erasure);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryErasure, joinery_erasure_free)

/* Erase person `id`, for good (it cannot be undone, and it empties the undo
 * history): the name becomes the placeholder, every other personal field
 * is cleared, the notes and tags on them are removed, the audit trail's,
 * the undo log's and the search index's copies of their values are
 * scrubbed, and the records that refer to them stay, linked to the
 * placeholder, so that counts hold. With SQLite's secure delete on, then a
 * WAL checkpoint (TRUNCATE) and VACUUM, no copy of the values stays in the
 * file. Recorded in the audit trail (who and when, not the values). Must
 * not be called inside a change group. */
JoineryErasure     *joinery_person_data_erase    (JoineryDb *db, gint64 id, GError **error);
JoineryErasure     *joinery_person_data_erase_full (JoineryDb *db, gint64 id, JoineryEraseFlags flags,
                                                    GError **error);

/* Empty the write-ahead log and rewrite (VACUUM) the file of `db`, in a
 * thread, on a connection of its own: what an erasure does last. FALSE
 * from finish, with the reason, when another connection held the file. */
void                joinery_person_data_clear_file_async  (JoineryDb *db, GCancellable *cancellable,
                                                           GAsyncReadyCallback callback, gpointer user_data);
gboolean            joinery_person_data_clear_file_finish (GAsyncResult *result, GError **error);

/* Record an export in the audit trail: `what` was written ("people",
 * "subject access export"), `rows` records, in `format`. `id` is the
 * record exported, or 0 for a list of `kind`. */
gboolean            joinery_db_audit_export      (JoineryDb *db, const JoineryKind *kind, gint64 id,
                                                  const char *what, guint64 rows,
                                                  const char *format, GError **error);

/* The audit trail, for people to read. */
typedef struct {
  char *field;   /* the column ("email", "organisation_id") */
  char *before;  /* as text, NULL when empty */
  char *after;
} JoineryAuditField;

typedef struct {
  gint64     id;
  char      *at;        /* ISO-8601 UTC */
  char      *kind;      /* the record's kind name */
  gint64     record_id;
  char      *action;    /* create, update, delete, export, erase, import */
  char      *source;    /* who: "gui", "cli", "plugin:ID" */
  GPtrArray *fields;    /* of JoineryAuditField: what changed (for an export or an
                         * import of many records, its details) */
  char      *file;      /* an import: the file imported, or NULL */
  char      *note;      /* an import, in words: about one record, "created by import of
                         * “people.csv”" or "removed by undoing the import of “people.csv”";
                         * in the whole trail, "import of “people.csv”" or "the import of
                         * “people.csv” undone"; NULL for any other entry */
} JoineryAuditEntry;

void                joinery_audit_entry_free     (JoineryAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryAuditEntry, joinery_audit_entry_free)

/* The trail's entries, oldest first: about one record (`kind` and `id`),
 * or all when `kind` is NULL; from `since` (a date or timestamp) when not
 * NULL; at most `limit` (0: no limit), the latest ones. A record that a
 * large import made has no `create` row of its own: its history starts
 * with the import's row (action "import", with `file` and `note`), its
 * fields the values it was imported with, rebuilt — the `before` of its
 * first later row, or else its values now. */
GPtrArray          *joinery_db_audit_list        (JoineryDb *db, const JoineryKind *kind, gint64 id,
                                                  const char *since, guint limit, GError **error);

G_END_DECLS
