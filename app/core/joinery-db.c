/* joinery-db.c: opening a Joinery file safely, migrating it, the statement
 * cache, change groups and undo/redo.
 *
 * Every connection gets the same hardening: defensive mode, no trusted
 * schema, Debian's compiled-in fts3_tokenizer() disabled (plain SQL could
 * overwrite a function pointer through it), extension loading off, no
 * double-quoted string literals, foreign keys on, synchronous=FULL, a busy
 * timeout, WAL (or DELETE on a network file system, where WAL is unsafe).
 *
 * Before SQLite is allowed near an existing file, its header is read by
 * hand, so that a foreign file or one from a newer version is refused
 * without a single byte changing. Record reading and writing is in
 * joinery-store.c, search in joinery-search.c.
 */
#include "config.h"

#include "joinery-db-private.h"
#include "joinery-change-private.h"
#include "joinery-error.h"
#include "joinery-sqlite.h"
#include "joinery-value.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#define MIGRATIONS_PATH "/org/joinery/Joinery/core/migrations/"
#define UNDO_DEPTH 200
#define INDEX_CHUNK 5000  /* records made in a group, indexed by one statement */
/* What a large import's group holds for undo instead of a changeset: undo
 * removes the ids of its `import` audit row. Not a changeset, which starts
 * with 'T' or 'P'. */
static const char UNDO_BY_RANGES[] = "joinery:undo-import-ranges";

static const char * const migrations[] = {
  "0001-records.sql",
  "0002-search.sql",
  "0003-personal-data.sql",
  "0004-workflows.sql",
  "0005-dashboard.sql",
  "0006-import-audit.sql",
};

struct _JoineryDb
{
  GObject           parent_instance;

  sqlite3          *handle;
  char             *path;
  char             *backup_path;
  char             *source;
  const char       *journal_mode;
  guint             version;
  gboolean          read_only;
  gboolean          read_only_file; /* opened for reading because the file may not be written */
  gboolean          guarded;        /* inside a transaction of the core's own (a group, a replay) */
  gboolean          committing;     /* the core's own COMMIT is running */
  gboolean          audit_scrub; /* an erasure may scrub audit values now */

  GHashTable       *statements;  /* SQL text → sqlite3_stmt */
  GHashTable       *static_statements; /* address of lasting SQL → sqlite3_stmt */

  /* The open change group. */
  guint             depth;
  guint             operations;  /* savepoint nesting inside the group */
  gint64            group_id;
  gint64            audit_mark;  /* the last audit row before the group */
  char             *group_label;
  char             *group_time;
  JoineryGroupFlags group_flags;
  gboolean          poisoned;    /* an operation failed half-way in a group without savepoints */
  sqlite3_session  *session;
  GHashTable       *pending_index; /* search rowid → TRUE when the record is new */
  gint64            made_after[32]; /* by kind code: every record of the kind with a greater
                                     * id was made in this group and is not indexed yet; -1:
                                     * none such */
  /* A large import's group: the records of this kind it makes are
   * audited by one row (joinery_db_audit_import), their ids kept here as
   * ranges, first and last of each, in the order made. */
  const JoineryKind *compact_kind;
  GArray           *compact_ranges; /* gint64 */
};

G_DEFINE_FINAL_TYPE (JoineryDb, joinery_db, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

void
joinery_db_close (JoineryDb *self)
{
  g_return_if_fail (JOINERY_IS_DB (self));

  if (self->handle == NULL)
    return;
  if (self->depth > 0)
    joinery_db_rollback (self);
  g_clear_pointer (&self->session, sqlite3session_delete);
  /* Finalize every statement before closing, so that the close succeeds. */
  g_hash_table_remove_all (self->static_statements);
  g_hash_table_remove_all (self->statements);
  sqlite3_close (self->handle);
  self->handle = NULL;
}

void
joinery_db_remove_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_return_if_fail (path != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static void
joinery_db_finalize (GObject *object)
{
  JoineryDb *self = JOINERY_DB (object);

  joinery_db_close (self);
  g_hash_table_unref (self->static_statements);
  g_hash_table_unref (self->statements);
  g_free (self->path);
  g_free (self->backup_path);
  g_free (self->source);
  g_free (self->group_time);
  g_free (self->group_label);
  g_hash_table_unref (self->pending_index);
  g_array_unref (self->compact_ranges);

  G_OBJECT_CLASS (joinery_db_parent_class)->finalize (object);
}

static void
joinery_db_class_init (JoineryDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = joinery_db_finalize;

  /**
   * JoineryDb::changed:
   * @changes: a #JoineryChangeSet, what the group did
   *
   * Emitted after a change group has committed, and after an undo or a
   * redo, on the thread that made the change. Nothing is emitted for a
   * group that changed nothing or was rolled back.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1,
                                   JOINERY_TYPE_CHANGE_SET | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
forget_made (JoineryDb *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->made_after); i++)
    self->made_after[i] = -1;
}

static void
forget_compact (JoineryDb *self)
{
  self->compact_kind = NULL;
  g_array_set_size (self->compact_ranges, 0);
}

static void
joinery_db_init (JoineryDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->static_statements = g_hash_table_new (NULL, NULL);
  self->compact_ranges = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->source = g_strdup ("core");
  self->pending_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->journal_mode = "wal";
  forget_made (self);
}

/* A commit the core did not ask for, inside one of its transactions: SQLite
 * rolled the transaction back when a statement in it failed (out of
 * memory, a full disk) and the next write is about to commit on its own.
 * Refused (SQLITE_CONSTRAINT_COMMITHOOK), so that a change is never saved
 * in pieces. */
static int
commit_hook_cb (void *data)
{
  JoineryDb *self = data;

  return self->guarded && !self->committing;
}

/* The core's own COMMIT of a guarded transaction. */
static gboolean
commit_guarded (JoineryDb *self, GError **error)
{
  gboolean ok;

  self->committing = TRUE;
  ok = joinery_db_exec (self, "COMMIT", error);
  self->committing = FALSE;
  self->guarded = FALSE;
  return ok;
}

/* Errors */

void
joinery_db_set_error (JoineryDb *self, int rc, GError **error, const char *what)
{
  joinery_sqlite_set_error (self != NULL ? self->handle : NULL, rc, error, what);
}

/* Statements */

sqlite3_stmt *
joinery_db_prepare (JoineryDb *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (self->handle == NULL)
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED, "the database is closed");
      return NULL;
    }

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      joinery_db_set_error (self, rc, error, "cannot prepare a statement");
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

sqlite3_stmt *
joinery_db_prepare_static (JoineryDb *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->static_statements, sql);

  if (stmt != NULL && self->handle != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  /* The statement itself is owned (and finalized) by the text cache. */
  stmt = joinery_db_prepare (self, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (self->static_statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
joinery_db_step_done (JoineryDb *self, sqlite3_stmt *stmt, GError **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (self, rc, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Every connection keeps its temporary storage in memory. For the reads
 * of whole lists that is a cost and no gain: with it SQLite never spills
 * a sort, but keeps each of its rows in an allocation of its own, however
 * many there are. Sorting a million people by job title took over 100 MB
 * of heap, and giving the page cache back afterwards took 150 ms among
 * the fragments, which the window waited for (bench-gui, sort). With
 * files, SQLite sorts runs the size of the page cache in one block and
 * merges them from a temporary file, deleted as soon as it is made; the
 * same sort is a quarter faster. */
JoineryDb *
joinery_db_open_reader (const char *path, int cache_kib, GError **error)
{
  g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, error);
  g_autofree char *pragmas = NULL;

  if (db == NULL)
    return NULL;
  pragmas = g_strdup_printf ("PRAGMA cache_size = -%d; PRAGMA temp_store = FILE", cache_kib);
  if (!joinery_db_exec (db, pragmas, error))
    return NULL;
  return g_steal_pointer (&db);
}

gboolean
joinery_db_exec (JoineryDb *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      joinery_db_set_error (self, rc, error, NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
query_int (JoineryDb *self, const char *sql, gint64 *value, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    joinery_db_set_error (self, rc, error, NULL);
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

/* Accessors */

guint
joinery_db_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
joinery_db_get_path (JoineryDb *self)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  return self->path;
}

guint
joinery_db_get_version (JoineryDb *self)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), 0);
  return self->version;
}

gboolean
joinery_db_is_read_only (JoineryDb *self)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), TRUE);
  return self->read_only;
}

const char *
joinery_db_get_journal_mode (JoineryDb *self)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  return self->journal_mode;
}

const char *
joinery_db_get_backup_path (JoineryDb *self)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  return self->backup_path;
}

void
joinery_db_set_source (JoineryDb *self, const char *source)
{
  g_return_if_fail (JOINERY_IS_DB (self));
  g_return_if_fail (source != NULL);
  g_free (self->source);
  self->source = g_strdup (source);
}

const char *
joinery_db_get_source (JoineryDb *self)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  return self->source;
}

sqlite3 *
joinery_db_get_handle (JoineryDb *self)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  return self->handle;
}

/* Opening */

typedef enum {
  FILE_MISSING,
  FILE_EMPTY,
  FILE_SQLITE,
} FileState;

/* Read the 100-byte SQLite header without SQLite: the magic string, the
 * schema version (user_version, offset 60) and application_id (offset 68),
 * both big-endian. Nothing is written. */
static gboolean
inspect_file (const char *path, FileState *state, guint32 *user_version,
              guint32 *application_id, guint32 *schema_cookie, GError **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  GStatBuf st;
  FILE *file;
  size_t n;

  if (g_stat (path, &st) != 0)
    {
      if (errno == ENOENT)
        {
          *state = FILE_MISSING;
          return TRUE;
        }
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_IO, "cannot open “%s”: %s",
                   path, g_strerror (errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY,
                   "“%s” is not a Joinery database (it is not a regular file)", path);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      *state = FILE_EMPTY;
      return TRUE;
    }

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      g_set_error (error, JOINERY_DB_ERROR,
                   errno == EACCES ? JOINERY_DB_ERROR_READ_ONLY : JOINERY_DB_ERROR_IO,
                   "cannot open “%s”: %s", path, g_strerror (errno));
      return FALSE;
    }
  n = fread (header, 1, sizeof header, file);
  fclose (file);

  if (n < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY,
                   "“%s” is not a Joinery database (it is not an SQLite file); it was left untouched",
                   path);
      return FALSE;
    }

  *state = FILE_SQLITE;
  *user_version = (guint32) header[60] << 24 | (guint32) header[61] << 16 |
                  (guint32) header[62] << 8 | header[63];
  *application_id = (guint32) header[68] << 24 | (guint32) header[69] << 16 |
                    (guint32) header[70] << 8 | header[71];
  *schema_cookie = (guint32) header[40] << 24 | (guint32) header[41] << 16 |
                   (guint32) header[42] << 8 | header[43];
  return TRUE;
}

/* Refuse a file that belongs to another program or to a newer Joinery.
 * `has_schema`: the file holds tables (from the header: its schema cookie). */
static gboolean
check_identity (const char *path, guint32 application_id, guint32 user_version,
                gboolean has_schema, GError **error)
{
  if (application_id != JOINERY_APPLICATION_ID_SQLITE && (application_id != 0 || has_schema))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY,
                   "“%s” is an SQLite database but not a Joinery one; it was left untouched", path);
      return FALSE;
    }
  if (application_id == JOINERY_APPLICATION_ID_SQLITE && user_version > joinery_db_latest_version ())
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_TOO_NEW,
                   "“%s” was written by a newer version of Joinery (schema %u; this version "
                   "knows up to %u); it was left untouched — update Joinery to open it",
                   path, user_version, joinery_db_latest_version ());
      return FALSE;
    }
  return TRUE;
}

static gboolean
on_network_file_system (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GFileInfo) info = NULL;
  const char *fs_type;

  if (parent == NULL)
    return FALSE;
  info = g_file_query_filesystem_info (parent,
                                       G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE ","
                                       G_FILE_ATTRIBUTE_FILESYSTEM_TYPE,
                                       NULL, NULL);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE))
    return TRUE;
  fs_type = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_FILESYSTEM_TYPE);
  return fs_type != NULL &&
         (g_str_has_prefix (fs_type, "nfs") || g_str_has_prefix (fs_type, "cifs") ||
          g_str_has_prefix (fs_type, "smb") || g_str_equal (fs_type, "fuse.sshfs") ||
          g_str_equal (fs_type, "9p") || g_str_equal (fs_type, "afs"));
}

/* What the audit trail's UPDATE trigger asks (migration 3): only the
 * core, in the middle of an erasure, says yes. */
static void
audit_scrub_allowed_fn (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  JoineryDb *self = sqlite3_user_data (context);
  sqlite3_result_int (context, self->audit_scrub && !sqlite3_get_autocommit (self->handle));
}

static gboolean
harden (JoineryDb *self, GError **error)
{
  int rc;

  if (!joinery_sqlite_harden (self->handle, error))
    return FALSE;
  /* Innocuous: the schema is not trusted, and a trigger may only call
   * functions that say they are harmless, which this one is (it reads a
   * flag). */
  rc = sqlite3_create_function_v2 (self->handle, "joinery_audit_scrub_allowed", 0,
                                   SQLITE_UTF8 | SQLITE_INNOCUOUS, self,
                                   audit_scrub_allowed_fn, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      joinery_db_set_error (self, rc, error, "cannot secure the audit trail");
      return FALSE;
    }
  return TRUE;
}

void
joinery_db_set_audit_scrub (JoineryDb *self, gboolean allowed)
{
  g_return_if_fail (JOINERY_IS_DB (self));
  self->audit_scrub = allowed;
}

/* SQLite's own check of the file (PRAGMA quick_check, or integrity_check
 * when `full`), its first problem in the message; `advice` ends it. */
gboolean
joinery_db_check_handle (sqlite3 *handle, const char *path, gboolean full, const char *advice,
                         GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *problem = NULL;
  int rc = sqlite3_prepare_v2 (handle, full ? "PRAGMA integrity_check(1)" : "PRAGMA quick_check(1)", -1,
                               &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (result, "ok") != 0)
        problem = g_strdup (result != NULL ? result : "unknown damage");
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK || problem != NULL)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CORRUPT, "“%s” is damaged (%s)%s", path,
                   problem != NULL ? problem : sqlite3_errmsg (handle), advice != NULL ? advice : "");
      return FALSE;
    }
  return TRUE;
}

/* Copy the file aside with SQLite's online backup API, written under a
 * temporary name and renamed into place only once complete. */
static gboolean
backup_before_migration (JoineryDb *self, guint from_version, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.v%u-%s.bak", self->path, from_version, stamp);
  g_autofree char *partial = g_strconcat (target, ".partial", NULL);
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  int rc;

  g_unlink (partial);
  rc = sqlite3_open_v2 (partial, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (copy, "main", self->handle, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (copy);
      else
        {
          rc = sqlite3_backup_step (backup, -1);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
          sqlite3_backup_finish (backup);
        }
    }
  sqlite3_close (copy);

  if (rc != SQLITE_OK || g_rename (partial, target) != 0)
    {
      g_unlink (partial);
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_IO,
                   "cannot copy “%s” aside before upgrading it: %s; it was left as it was",
                   self->path, rc != SQLITE_OK ? sqlite3_errstr (rc) : g_strerror (errno));
      return FALSE;
    }
  self->backup_path = g_steal_pointer (&target);
  return TRUE;
}

static gboolean
migrate (JoineryDb *self, guint from_version, guint to_version, GError **error)
{
  for (guint v = from_version + 1; v <= to_version; v++)
    {
      g_autofree char *resource = g_strconcat (MIGRATIONS_PATH, migrations[v - 1], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autofree char *sql = NULL;
      g_autofree char *set_version = NULL;
      GError *local_error = NULL;

      g_assert (bytes != NULL);
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      set_version = g_strdup_printf ("PRAGMA user_version = %u;", v);

      if (!joinery_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if ((v == 1 && !joinery_db_exec (self, "PRAGMA application_id = 1246646873;", &local_error)) ||
          !joinery_db_exec (self, sql, &local_error) ||
          !joinery_db_exec (self, set_version, &local_error) ||
          !joinery_db_exec (self, "COMMIT", &local_error))
        {
          sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
          g_propagate_prefixed_error (error, local_error, "cannot upgrade “%s” to schema %u: ",
                                      self->path, v);
          return FALSE;
        }
      self->version = v;
    }

  /* A migration may have added what the search index covers. */
  if (from_version > 0 && from_version < to_version && to_version >= 2)
    {
      if (!joinery_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!joinery_db_rebuild_search_internal (self, error) ||
          !joinery_db_exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

G_STATIC_ASSERT (JOINERY_APPLICATION_ID_SQLITE == 1246646873);

JoineryDb *
joinery_db_open_at_version (const char *path, JoineryDbOpenFlags flags, guint version,
                            GError **error)
{
  g_autoptr(JoineryDb) self = NULL;
  FileState state = FILE_MISSING;
  guint32 header_version = 0, header_app_id = 0, header_cookie = 0;
  gint64 app_id = 0, user_version = 0, n_schema = 0;
  gboolean read_only = (flags & JOINERY_DB_OPEN_READ_ONLY) != 0;
  int open_flags;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 1 && version <= joinery_db_latest_version (), NULL);

  self = g_object_new (JOINERY_TYPE_DB, NULL);
  /* An absolute path: SQLite would read "file:…" as a URI. */
  self->path = g_canonicalize_filename (path, NULL);
  self->read_only = read_only;

  if (!inspect_file (self->path, &state, &header_version, &header_app_id, &header_cookie, error))
    return NULL;
  if (state == FILE_MISSING && !(flags & JOINERY_DB_OPEN_CREATE))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND,
                   "“%s” does not exist (create it with “joinery init”)", self->path);
      return NULL;
    }
  /* A file the user may not write to (marked read-only, or on a read-only
   * file system) opens for reading, and every write is refused saying why. */
  if (state == FILE_SQLITE && !read_only && g_access (self->path, W_OK) != 0 &&
      (errno == EACCES || errno == EPERM || errno == EROFS))
    {
      read_only = TRUE;
      self->read_only = TRUE;
      self->read_only_file = TRUE;
    }
  if (state != FILE_SQLITE && read_only)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY,
                   "“%s” is not a Joinery database (it is empty)", self->path);
      return NULL;
    }
  /* Refuse what the header already tells apart, before SQLite opens the
   * file (a read-only connection to a WAL file leaves -wal and -shm files
   * behind). A schema cookie above zero means tables were made. */
  if (state == FILE_SQLITE &&
      !check_identity (self->path, header_app_id, header_version, header_cookie != 0, error))
    return NULL;
  if (state == FILE_SQLITE && read_only && header_app_id == JOINERY_APPLICATION_ID_SQLITE &&
      header_version < joinery_db_latest_version ())
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY,
                   "“%s” was written by an older version of Joinery and must be upgraded "
                   "before it can be read; open it once with write access", self->path);
      return NULL;
    }

  open_flags = SQLITE_OPEN_EXRESCODE |
               (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  rc = sqlite3_open_v2 (self->path, &self->handle, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf ("cannot open “%s”", self->path);
      joinery_db_set_error (self, rc, error, what);
      return NULL;
    }
  if (!harden (self, error))
    {
      g_autofree char *folder = g_path_get_dirname (self->path);
      g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);
      /* SQLite keeps its lock files (-shm, -wal) beside the database and
       * cannot read it without them. */
      if (g_access (folder, W_OK) != 0 && !g_file_test (shm, G_FILE_TEST_EXISTS))
        {
          g_clear_error (error);
          g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY,
                       "cannot open “%s”: its folder cannot be written to, and SQLite needs to keep its "
                       "lock files beside the database; copy it to a folder you can write to", self->path);
          return NULL;
        }
      g_prefix_error (error, "“%s”: ", self->path);
      return NULL;
    }
  sqlite3_commit_hook (self->handle, commit_hook_cb, self);

  /* The header may lag behind a write-ahead log: ask SQLite too, before
   * anything is written. */
  if (!query_int (self, "PRAGMA application_id", &app_id, NULL) ||
      !query_int (self, "PRAGMA user_version", &user_version, NULL) ||
      !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_schema, NULL))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CORRUPT,
                   "“%s” is damaged or not a Joinery database (%s); it was left untouched",
                   self->path, sqlite3_errmsg (self->handle));
      return NULL;
    }
  if (!check_identity (self->path, (guint32) app_id, (guint32) user_version, n_schema > 0, error))
    return NULL;
  self->version = (guint) user_version;

  if ((flags & JOINERY_DB_OPEN_QUICK_CHECK) && n_schema > 0 && !joinery_db_check_handle (self->handle, self->path, FALSE, "; restore it from a backup", error))
    return NULL;

  if (read_only)
    {
      if (self->version < joinery_db_latest_version ())
        {
          g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY,
                       "“%s” was written by an older version of Joinery and must be upgraded "
                       "before it can be read; open it once with write access", self->path);
          return NULL;
        }
      self->journal_mode = "read-only";
      return g_steal_pointer (&self);
    }

  if (self->version < version)
    {
      if (self->version > 0 && !backup_before_migration (self, self->version, error))
        return NULL;
      if (!migrate (self, self->version, version, error))
        return NULL;
    }

  self->journal_mode = on_network_file_system (self->path) ? "delete" : "wal";
  {
    g_autofree char *pragma = g_strdup_printf ("PRAGMA journal_mode = %s", self->journal_mode);
    sqlite3_stmt *stmt = NULL;
    rc = sqlite3_prepare_v2 (self->handle, pragma, -1, &stmt, NULL);
    if (rc == SQLITE_OK && sqlite3_step (stmt) != SQLITE_ROW)
      rc = sqlite3_errcode (self->handle);
    sqlite3_finalize (stmt);
    if (rc != SQLITE_OK)
      {
        joinery_db_set_error (self, rc, error, "cannot set the journal mode");
        return NULL;
      }
  }

  return g_steal_pointer (&self);
}

JoineryDb *
joinery_db_open (const char *path, JoineryDbOpenFlags flags, GError **error)
{
  return joinery_db_open_at_version (path, flags, joinery_db_latest_version (), error);
}

/* Change groups */

gint64
joinery_db_group_id (JoineryDb *self)
{
  return self->group_id;
}

const char *
joinery_db_group_time (JoineryDb *self)
{
  return self->group_time;
}

/* Large imports: one audit row for the records made */

void
joinery_db_set_compact_audit (JoineryDb *self, const JoineryKind *kind)
{
  g_return_if_fail (JOINERY_IS_DB (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (self->depth > 0 && (self->group_flags & JOINERY_GROUP_NO_UNDO));

  self->compact_kind = kind;
  g_array_set_size (self->compact_ranges, 0);
}

gboolean
joinery_db_compact_created (JoineryDb *self, const JoineryKind *kind, gint64 id)
{
  guint n = self->compact_ranges->len;
  gint64 *last = n > 0 ? &g_array_index (self->compact_ranges, gint64, n - 1) : NULL;

  /* Only what the import itself makes: a record a rule makes on the way
   * (an operation inside the create) is audited as ever. */
  if (kind != self->compact_kind || self->operations != 1)
    return FALSE;
  if (last != NULL && *last + 1 == id)
    *last = id;
  else
    {
      g_array_append_val (self->compact_ranges, id);
      g_array_append_val (self->compact_ranges, id);
    }
  return TRUE;
}

gboolean
joinery_db_audit_import (JoineryDb *self, const char *file, guint64 rows, guint64 updated,
                         GError **error)
{
  g_autoptr(GString) json = g_string_new ("{\"file\":");
  GArray *ranges = self->compact_ranges;
  guint64 created = 0;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (self->compact_kind != NULL, FALSE);
  g_return_val_if_fail (file != NULL, FALSE);

  for (guint i = 0; i < ranges->len; i += 2)
    created += (guint64) (g_array_index (ranges, gint64, i + 1) - g_array_index (ranges, gint64, i) + 1);
  joinery_db_json_append_string (json, file);
  g_string_append_printf (json, ",\"rows\":%" G_GUINT64_FORMAT ",\"created\":%" G_GUINT64_FORMAT
                          ",\"updated\":%" G_GUINT64_FORMAT ",\"first_audit\":%" G_GINT64_FORMAT
                          ",\"ids\":[", rows, created, updated, self->audit_mark + 1);
  for (guint i = 0; i < ranges->len; i += 2)
    g_string_append_printf (json, "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]", i > 0 ? "," : "",
                            g_array_index (ranges, gint64, i), g_array_index (ranges, gint64, i + 1));
  g_string_append (json, "]}");
  return joinery_db_audit (self, self->compact_kind, ranges->len > 0 ? g_array_index (ranges, gint64, 0) : 0,
                           "import", NULL, json->str, error);
}

gboolean
joinery_db_set_group_time (JoineryDb *self, const char *timestamp, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self->depth > 0, FALSE);
  g_return_val_if_fail (timestamp != NULL, FALSE);

  stmt = joinery_db_prepare_static (self, "UPDATE change_groups SET at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->group_id);
  sqlite3_bind_text (stmt, 2, timestamp, -1, SQLITE_TRANSIENT);
  if (!joinery_db_step_done (self, stmt, error))
    return FALSE;
  g_free (self->group_time);
  self->group_time = g_strdup (timestamp);
  return TRUE;
}

void
joinery_db_set_group_label (JoineryDb *self, const char *label)
{
  sqlite3_stmt *stmt;

  if (self->depth == 0)
    return;
  stmt = joinery_db_prepare_static (self, "UPDATE change_groups SET label = ?2 WHERE id = ?1", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, self->group_id);
  sqlite3_bind_text (stmt, 2, label, -1, SQLITE_TRANSIENT);
  joinery_db_step_done (self, stmt, NULL);
}

gboolean
joinery_db_in_group (JoineryDb *self)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  return self->depth > 0;
}

/* The session records the record tables only: not the audit trail, the
 * undo log itself, or the search index's shadow tables, which the core
 * rebuilds for the records an undo touches. */
static int
session_table_filter (void *data, const char *table)
{
  return joinery_kind_for_table (table) != NULL;
}

static gboolean
check_writable (JoineryDb *self, GError **error)
{
  if (self->handle == NULL)
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED, "the database is closed");
      return FALSE;
    }
  if (self->read_only_file)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY,
                   "“%s” is a read-only file: it was opened for reading only, and nothing was changed",
                   self->path);
      return FALSE;
    }
  if (self->read_only)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY,
                   "“%s” is open read-only", self->path);
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_db_begin (JoineryDb *self, const char *label, JoineryGroupFlags flags, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  if (self->depth > 0)
    {
      self->depth++;
      return TRUE;
    }

  if (!joinery_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->guarded = TRUE;

  g_free (self->group_time);
  self->group_time = joinery_now_timestamp ();
  self->group_flags = flags;
  g_free (self->group_label);
  self->group_label = g_strdup (label);

  if (!(flags & JOINERY_GROUP_NO_UNDO))
    {
      rc = sqlite3session_create (self->handle, "main", &self->session);
      if (rc == SQLITE_OK)
        {
          sqlite3session_table_filter (self->session, session_table_filter, NULL);
          rc = sqlite3session_attach (self->session, NULL);
        }
      if (rc != SQLITE_OK)
        {
          joinery_db_set_error (self, rc, error, "cannot record the change for undo");
          goto fail;
        }
    }

  /* The audit trail is append-only and written by one writer at a time:
   * the group's rows are those after the last one now. */
  stmt = joinery_db_prepare (self, "SELECT coalesce(max(id), 0) FROM audit", error);
  if (stmt == NULL)
    goto fail;
  self->audit_mark = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  stmt = joinery_db_prepare (self,
                             "INSERT INTO change_groups (at, label, source, state) "
                             "VALUES (?1, ?2, ?3, 'done')", error);
  if (stmt == NULL)
    goto fail;
  /* Not copied (a copy is an allocation that could fail, leaving NULL):
   * all three outlive the statement's step. */
  sqlite3_bind_text (stmt, 1, self->group_time, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, label, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, self->source, -1, SQLITE_STATIC);
  if (!joinery_db_step_done (self, stmt, error))
    goto fail;
  self->group_id = sqlite3_last_insert_rowid (self->handle);
  self->depth = 1;
  self->operations = 0;
  forget_compact (self);
  return TRUE;

fail:
  g_clear_pointer (&self->session, sqlite3session_delete);
  sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->guarded = FALSE;
  return FALSE;
}

void
joinery_db_rollback (JoineryDb *self)
{
  g_return_if_fail (JOINERY_IS_DB (self));

  g_clear_pointer (&self->session, sqlite3session_delete);
  if (self->handle != NULL && !sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->guarded = FALSE;
  self->depth = 0;
  self->operations = 0;
  self->group_id = 0;
  self->poisoned = FALSE;
  g_hash_table_remove_all (self->pending_index);
  forget_made (self);
  forget_compact (self);
}

/* Store the group's changeset; drop the redo history (a new change makes
 * it meaningless) and the changesets beyond the undo depth. A group that
 * changed nothing leaves no trace. */
static gboolean
finish_group (JoineryDb *self, GError **error)
{
  sqlite3_stmt *stmt;
  void *changeset = NULL;
  int n_changeset = 0;
  gboolean audited = FALSE;
  gboolean by_ranges = FALSE;
  int rc;

  /* A range of rowids: no scan of the trail, however long. */
  stmt = joinery_db_prepare (self, "SELECT EXISTS (SELECT 1 FROM audit WHERE id > ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->audit_mark);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    audited = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);

  if (!audited)
    {
      stmt = joinery_db_prepare (self, "DELETE FROM change_groups WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, self->group_id);
      return joinery_db_step_done (self, stmt, error);
    }

  if (self->session != NULL)
    {
      rc = sqlite3session_changeset (self->session, &n_changeset, &changeset);
      if (rc != SQLITE_OK)
        {
          joinery_db_set_error (self, rc, error, "cannot record the change for undo");
          return FALSE;
        }
      if (n_changeset == 0)
        {
          /* Its changes cancelled out (a record made and removed again):
           * there is nothing to undo, and it must not hide the groups
           * before it. Its audit rows stay. */
          sqlite3_free (changeset);
          stmt = joinery_db_prepare (self, "DELETE FROM change_groups WHERE id = ?1", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, self->group_id);
          return joinery_db_step_done (self, stmt, error);
        }
    }
  else if (self->compact_kind != NULL)
    {
      /* A large import that only made records (nothing else audited in
       * its group) is undone by removing them: see undo_by_ranges(). */
      stmt = joinery_db_prepare (self, "SELECT NOT EXISTS (SELECT 1 FROM audit WHERE id > ?1 "
                                 "AND (action <> 'import' OR after IS NULL))", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, self->audit_mark);
      by_ranges = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0 &&
                  self->compact_ranges->len > 0;
      sqlite3_reset (stmt);
    }

  stmt = joinery_db_prepare (self, "UPDATE change_groups SET changeset = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    {
      sqlite3_free (changeset);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, self->group_id);
  if (n_changeset > 0)
    sqlite3_bind_blob (stmt, 2, changeset, n_changeset, sqlite3_free);
  else
    {
      sqlite3_free (changeset);
      if (by_ranges)
        sqlite3_bind_blob (stmt, 2, UNDO_BY_RANGES, sizeof UNDO_BY_RANGES - 1, SQLITE_STATIC);
    }
  if (!joinery_db_step_done (self, stmt, error))
    return FALSE;

  /* A group that cannot be undone (bulk work) also ends the undo history
   * before it: undoing older groups across it could not be trusted. One
   * undone by removing the records it made puts the database back as it
   * was before it: the groups before it stay undoable. */
  if (self->session == NULL && !by_ranges)
    {
      stmt = joinery_db_prepare (self,
                                 "UPDATE change_groups SET changeset = NULL "
                                 "WHERE id < ?1 AND changeset IS NOT NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, self->group_id);
      if (!joinery_db_step_done (self, stmt, error))
        return FALSE;
    }

  stmt = joinery_db_prepare (self, "DELETE FROM change_groups WHERE state = 'undone'", error);
  if (stmt == NULL || !joinery_db_step_done (self, stmt, error))
    return FALSE;

  /* Keep the latest UNDO_DEPTH steps undoable. */
  stmt = joinery_db_prepare (self,
                             "UPDATE change_groups SET changeset = NULL "
                             "WHERE changeset IS NOT NULL AND id < (SELECT id FROM change_groups "
                             "WHERE changeset IS NOT NULL ORDER BY id DESC LIMIT 1 OFFSET ?1 - 1)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, UNDO_DEPTH);
  return joinery_db_step_done (self, stmt, error);
}

/* The group's audit rows (those after the mark) as a change set for the
 * "changed" signal; read inside the transaction, before COMMIT, so that
 * no other writer's rows can slip in. Only built when someone listens. */
static JoineryChangeSet *
collect_changes (JoineryDb *self, const char *label, gboolean replay, GError **error)
{
  static const char *rows_sql =
    "SELECT kind, record_id, action, before, after FROM audit WHERE id > ?1 "
    "AND action <> 'export' AND action <> 'erase' ORDER BY id LIMIT ?2";
  static const char *kinds_sql =
    "SELECT DISTINCT kind FROM audit WHERE id > ?1 AND action <> 'export' AND action <> 'erase'";
  g_autoptr(JoineryChangeSet) set = joinery_change_set_new (label, self->source, replay);
  gboolean bulk = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  stmt = joinery_db_prepare (self, rows_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->audit_mark);
  sqlite3_bind_int (stmt, 2, JOINERY_CHANGE_SET_MAX_CHANGES + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *action = (const char *) sqlite3_column_text (stmt, 2);
      JoineryChangeAction value = g_strcmp0 (action, "create") == 0 ? JOINERY_CHANGE_CREATE
                                : g_strcmp0 (action, "delete") == 0 ? JOINERY_CHANGE_DELETE
                                : JOINERY_CHANGE_UPDATE;

      /* A large import's one row stands for records it does not list. */
      if (g_strcmp0 (action, "import") == 0)
        {
          bulk = TRUE;
          rc = SQLITE_DONE;
          break;
        }
      joinery_change_set_add (set, joinery_kind_lookup ((const char *) sqlite3_column_text (stmt, 0)),
                              sqlite3_column_int64 (stmt, 1), value,
                              (const char *) sqlite3_column_text (stmt, 3),
                              (const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (self, rc, error, NULL);
      return NULL;
    }
  if (!bulk && joinery_change_set_get_n_changes (set) <= JOINERY_CHANGE_SET_MAX_CHANGES)
    return g_steal_pointer (&set);

  joinery_change_set_make_bulk (set);
  stmt = joinery_db_prepare (self, kinds_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->audit_mark);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    joinery_change_set_add_kind (set, joinery_kind_lookup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (self, rc, error, NULL);
      return NULL;
    }
  return g_steal_pointer (&set);
}

static gboolean
has_listeners (JoineryDb *self)
{
  return g_signal_has_handler_pending (self, signals[CHANGED], 0, TRUE);
}

static void
emit_changed (JoineryDb *self, JoineryChangeSet *set)
{
  if (set != NULL && (joinery_change_set_get_n_changes (set) > 0 || joinery_change_set_is_bulk (set)))
    g_signal_emit (self, signals[CHANGED], 0, set);
}

gboolean
joinery_db_commit (JoineryDb *self, GError **error)
{
  g_autoptr(JoineryChangeSet) set = NULL;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (--self->depth > 0)
    return TRUE;

  if (self->poisoned)
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                           "a change in this group failed half-way; nothing was saved");
      joinery_db_rollback (self);
      return FALSE;
    }
  if (!joinery_db_flush_index (self, error) || !finish_group (self, error))
    {
      joinery_db_rollback (self);
      return FALSE;
    }
  if (has_listeners (self))
    {
      set = collect_changes (self, self->group_label, FALSE, error);
      if (set == NULL)
        {
          joinery_db_rollback (self);
          return FALSE;
        }
    }
  g_clear_pointer (&self->session, sqlite3session_delete);
  if (!commit_guarded (self, error))
    {
      joinery_db_rollback (self);
      return FALSE;
    }
  self->group_id = 0;
  forget_compact (self);
  emit_changed (self, set);
  return TRUE;
}

/* Savepoints are the hot path of bulk work: prepared once, not parsed
 * every time. */
static gboolean
run_cached (JoineryDb *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare_static (self, sql, error);
  return stmt != NULL && joinery_db_step_done (self, stmt, error);
}

/* An operation opens a group of its own when none is open; inside a
 * caller's group it runs under a savepoint, so that its failure undoes its
 * own partial writes and leaves the group usable. */
gboolean
joinery_db_operation_begin (JoineryDb *self, const char *label, gboolean *own_group,
                            GError **error)
{
  *own_group = self->depth == 0;
  if (*own_group)
    return joinery_db_begin (self, label, JOINERY_GROUP_DEFAULT, error);
  if (!check_writable (self, error))
    return FALSE;
  if (self->poisoned)
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                           "an earlier change in this group failed; it must be abandoned");
      return FALSE;
    }
  /* Bulk work (no undo) goes without a savepoint per operation, which
   * would cost as much as the write itself: there a failure half-way
   * spoils the whole group instead (see joinery_db_commit). */
  if (!(self->group_flags & JOINERY_GROUP_NO_UNDO) &&
      !run_cached (self, "SAVEPOINT joinery_operation", error))
    return FALSE;
  self->operations++;
  return TRUE;
}

gboolean
joinery_db_operation_end (JoineryDb *self, gboolean own_group, gboolean ok, GError **error)
{
  if (own_group)
    {
      if (ok)
        return joinery_db_commit (self, error);
      joinery_db_rollback (self);
      return FALSE;
    }

  g_assert (self->operations > 0);
  self->operations--;
  if (self->group_flags & JOINERY_GROUP_NO_UNDO)
    {
      if (!ok)
        self->poisoned = TRUE;
      return ok;
    }
  if (ok && run_cached (self, "RELEASE joinery_operation", error))
    return TRUE;
  run_cached (self, "ROLLBACK TO joinery_operation", NULL);
  run_cached (self, "RELEASE joinery_operation", NULL);
  return FALSE;
}

/* The search index, deferred to the end of a group */

/* Whether no record of `kind` has an id above `id`. */
static gboolean
is_newest (JoineryDb *self, const JoineryKind *kind, gint64 id, gboolean *newest, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare_static (self, joinery_db_kind_sql (self, kind)->newest, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  *newest = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      joinery_db_set_error (self, rc, error, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_db_index_record (JoineryDb *self, const JoineryKind *kind, gint64 id, gboolean is_new,
                         GError **error)
{
  gint64 rowid = id * 32 + kind->code;
  gint64 *made_after = &self->made_after[kind->code];
  gpointer was_new;

  if (!joinery_kind_is_searchable (kind))
    return TRUE;
  if (self->depth == 0)
    return joinery_db_index_now (self, kind, id, is_new, error);

  /* Made in this group, after the first such record: in the range
   * indexed at the end, whatever happens to it meanwhile. */
  if (*made_after >= 0 && id > *made_after)
    return TRUE;
  /* The first: if nothing lies above it (no record of the kind had a
   * greater id, as SQLite gives ids), every id above the one before it
   * will be a record made in this group. */
  if (is_new && *made_after < 0)
    {
      gboolean newest;

      if (!is_newest (self, kind, id, &newest, error))
        return FALSE;
      if (newest)
        {
          *made_after = id - 1;
          return TRUE;
        }
    }

  /* A record created and then changed in the same group is still new. */
  if (g_hash_table_lookup_extended (self->pending_index, &rowid, NULL, &was_new))
    is_new = is_new && GPOINTER_TO_INT (was_new);
  g_hash_table_replace (self->pending_index, g_memdup2 (&rowid, sizeof rowid), GINT_TO_POINTER (is_new));
  if (g_hash_table_size (self->pending_index) >= 20000)
    return joinery_db_flush_index (self, error);
  return TRUE;
}

static int
compare_rowids (gconstpointer a, gconstpointer b)
{
  gint64 x = **(gint64 **) a, y = **(gint64 **) b;
  return x < y ? -1 : x > y;
}

/* FTS5's 'automerge': how many segments of a level it lets gather before
 * it merges them, a little at each write (0: only when crisismerge's 16
 * have). `*value` is the file's, or FTS5's default when it has none. */
static gboolean
get_automerge (JoineryDb *self, int *value, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare_static (self, "SELECT v FROM search_index_config WHERE k = 'automerge'",
                                                  error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 4;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      joinery_db_set_error (self, rc, error, "cannot read the search index's settings");
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_automerge (JoineryDb *self, int value, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare_static (self, "INSERT INTO search_index (search_index, rank) "
                                                  "VALUES ('automerge', ?1)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, value);
  return joinery_db_step_done (self, stmt, error);
}

/* The records made in the group, kind by kind, in id order, a few
 * thousand to a statement: an INSERT … SELECT into FTS5 keeps a statement
 * journal (in memory, as temp_store is) that grows with every row it
 * writes, so one statement for a million records would cost memory in
 * proportion to them. When it takes more than one, FTS5 merges no
 * segments as it goes (automerge 0) until the last: each statement ends a
 * segment of its own, and merging them four by four as they come rewrote
 * the terms of a large import over and over (a third of its indexing
 * time); sixteen of a level are still merged into one (crisismerge), and
 * the setting is the file's own again before the group commits (FTS5's
 * default, written out, for a file that had none). */
static gboolean
index_made (JoineryDb *self, GError **error)
{
  int automerge = -1;   /* the file's, while it is set aside */

  for (guint code = 0; code < G_N_ELEMENTS (self->made_after); code++)
    {
      const JoineryKindSql *sql;
      gint64 from = self->made_after[code];
      gboolean more = TRUE;

      if (from < 0)
        continue;
      sql = joinery_db_kind_sql (self, joinery_kind_from_code (code));
      while (more)
        {
          sqlite3_stmt *stmt;
          gint64 to = G_MAXINT64;
          int rc;

          /* The last id of the next INDEX_CHUNK records, or all that are left. */
          stmt = joinery_db_prepare_static (self, sql->index_made_end, error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, from);
          sqlite3_bind_int (stmt, 2, INDEX_CHUNK - 1);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            to = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
          if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            {
              joinery_db_set_error (self, rc, error, "cannot update the search index");
              return FALSE;
            }
          more = rc == SQLITE_ROW;
          if (more && automerge < 0 && !(get_automerge (self, &automerge, error) && set_automerge (self, 0, error)))
            return FALSE;

          stmt = joinery_db_prepare_static (self, sql->index_made, error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, from);
          sqlite3_bind_int64 (stmt, 2, to);
          if (!joinery_db_step_done (self, stmt, error))
            {
              g_prefix_error (error, "cannot update the search index: ");
              return FALSE;
            }
          from = to;
        }
      self->made_after[code] = -1;
    }
  /* (On a failure above, the group goes, and the setting with it.) */
  return automerge < 0 || set_automerge (self, automerge, error);
}

gboolean
joinery_db_flush_index (JoineryDb *self, GError **error)
{
  g_autoptr(GPtrArray) rowids = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (self->pending_index) == 0)
    return index_made (self, error);

  /* In rowid order, so that FTS5 appends rather than scatters. */
  rowids = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->pending_index);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (rowids, key);
  g_ptr_array_sort (rowids, compare_rowids);

  for (guint i = 0; i < rowids->len; i++)
    {
      gint64 rowid = *(gint64 *) rowids->pdata[i];
      const JoineryKind *kind = joinery_kind_from_code ((guint) (rowid % 32));
      gboolean is_new = GPOINTER_TO_INT (g_hash_table_lookup (self->pending_index, &rowid));
      gint64 made_after = self->made_after[kind->code];
      gboolean ok;

      /* A record removed, then written back with the same id (an
       * archive's) in the range of the group's new records: its old
       * entry goes, and the range brings the new one. */
      if (made_after >= 0 && rowid / 32 > made_after)
        ok = is_new || joinery_db_unindex (self, kind, rowid / 32, error);
      else
        ok = joinery_db_index_now (self, kind, rowid / 32, is_new, error);
      if (!ok)
        return FALSE;
    }
  g_hash_table_remove_all (self->pending_index);
  /* After the entries they may replace. */
  return index_made (self, error);
}

/* Undo and redo */

typedef struct {
  const JoineryKind *kind;
  gint64             id;
  char              *before;
} TouchedRecord;

static void
touched_record_free (gpointer data)
{
  TouchedRecord *touched = data;
  g_free (touched->before);
  g_free (touched);
}

/* Which records a changeset touches, each once, in order. */
static GPtrArray *
collect_touched (JoineryDb *self, int n, void *changeset, GError **error)
{
  g_autoptr(GPtrArray) touched = g_ptr_array_new_with_free_func (touched_record_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_changeset_iter *iter = NULL;
  int rc;

  rc = sqlite3changeset_start (&iter, n, changeset);
  if (rc != SQLITE_OK)
    {
      joinery_db_set_error (self, rc, error, "cannot read the undo history");
      return NULL;
    }
  while ((rc = sqlite3changeset_next (iter)) == SQLITE_ROW)
    {
      const char *table;
      int n_columns, op, indirect;
      sqlite3_value *pk = NULL;
      const JoineryKind *kind;
      TouchedRecord *record;
      char *key;

      sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect);
      if (op == SQLITE_INSERT)
        sqlite3changeset_new (iter, 0, &pk);
      else
        sqlite3changeset_old (iter, 0, &pk);
      kind = joinery_kind_for_table (table);
      if (kind == NULL || pk == NULL)
        continue;
      key = g_strdup_printf ("%s:%lld", kind->name, (long long) sqlite3_value_int64 (pk));
      if (g_hash_table_contains (seen, key))
        {
          g_free (key);
          continue;
        }
      g_hash_table_add (seen, key);
      record = g_new0 (TouchedRecord, 1);
      record->kind = kind;
      record->id = sqlite3_value_int64 (pk);
      g_ptr_array_add (touched, record);
    }
  if (rc == SQLITE_DONE)
    rc = sqlite3changeset_finalize (iter);
  else
    sqlite3changeset_finalize (iter);
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      joinery_db_set_error (self, rc, error, "cannot read the undo history");
      return NULL;
    }

  for (guint i = 0; i < touched->len; i++)
    {
      TouchedRecord *record = touched->pdata[i];
      GError *local_error = NULL;
      record->before = joinery_db_record_json (self, record->kind, record->id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }
  return g_steal_pointer (&touched);
}

static int
conflict_cb (void *data, int conflict, sqlite3_changeset_iter *iter)
{
  *(int *) data = conflict;
  return SQLITE_CHANGESET_ABORT;
}

/* Undo a large import that only made records: remove them, range by
 * range, with their entries in the search index, and say so in the trail
 * by a second `import` row (the first's object as `before`). Nothing
 * after the import is still done (it is the latest step), so nothing
 * should refer to them; if something does, the undo is refused whole. */
static gboolean
undo_by_ranges (JoineryDb *self, gint64 group, const char *label, GError **error)
{
  static const char *rows_sql =
    "SELECT kind, record_id, after FROM audit WHERE change_group = ?1 AND action = 'import' "
    "AND after IS NOT NULL ORDER BY id";
  static const char *ranges_sql =
    "SELECT json_extract (value, '$[0]'), json_extract (value, '$[1]') FROM json_each (?1, '$.ids')";
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) record_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = joinery_db_prepare_static (self, rows_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 record_id = sqlite3_column_int64 (stmt, 1);

      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
      g_array_append_val (record_ids, record_id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (self, rc, error, "cannot read the import to undo");
      return FALSE;
    }

  for (guint r = 0; r < record_ids->len; r++)
    {
      const JoineryKind *kind = joinery_kind_lookup (rows->pdata[2 * r]);
      const char *details = rows->pdata[2 * r + 1];
      g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *unindex_sql = NULL;
      g_autofree char *delete_sql = NULL;

      if (kind == NULL)
        {
          g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                       "cannot undo “%s”: it made records of a kind not known here", label);
          return FALSE;
        }
      stmt = joinery_db_prepare_static (self, ranges_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, details, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 first = sqlite3_column_int64 (stmt, 0), last = sqlite3_column_int64 (stmt, 1);
          g_array_append_val (ranges, first);
          g_array_append_val (ranges, last);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          joinery_db_set_error (self, rc, error, "cannot read the import to undo");
          return FALSE;
        }

      /* Names from the kind's description only; the ids are bound. */
      if (joinery_kind_is_searchable (kind))
        unindex_sql = g_strdup_printf ("DELETE FROM search_index WHERE rowid IN "
                                       "(SELECT id * 32 + %u FROM %s WHERE id BETWEEN ?1 AND ?2)",
                                       kind->code, kind->table);
      delete_sql = g_strdup_printf ("DELETE FROM %s WHERE id BETWEEN ?1 AND ?2", kind->table);
      for (guint i = 0; i < ranges->len; i += 2)
        for (guint pass = unindex_sql != NULL ? 0 : 1; pass < 2; pass++)
          {
            stmt = joinery_db_prepare (self, pass == 0 ? unindex_sql : delete_sql, error);
            if (stmt == NULL)
              return FALSE;
            sqlite3_bind_int64 (stmt, 1, g_array_index (ranges, gint64, i));
            sqlite3_bind_int64 (stmt, 2, g_array_index (ranges, gint64, i + 1));
            rc = sqlite3_step (stmt);
            sqlite3_reset (stmt);
            if ((rc & 0xff) == SQLITE_CONSTRAINT)
              {
                g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CONFLICT,
                             "cannot undo “%s”: other records refer to the records it added", label);
                return FALSE;
              }
            if (rc != SQLITE_DONE)
              {
                joinery_db_set_error (self, rc, error, "cannot undo");
                return FALSE;
              }
          }
      if (!joinery_db_audit (self, kind, g_array_index (record_ids, gint64, r), "import", details, NULL, error))
        return FALSE;
    }

  stmt = joinery_db_prepare (self, "UPDATE change_groups SET changeset = NULL WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  /* The records' values are gone: it cannot be redone. */
  sqlite3_bind_int64 (stmt, 1, group);
  return joinery_db_step_done (self, stmt, error);
}

static gboolean
replay (JoineryDb *self, gboolean undo, char **label_out, GError **error)
{
  static const char *find_undo =
    "SELECT id, label, changeset FROM change_groups WHERE state = 'done' ORDER BY id DESC LIMIT 1";
  static const char *find_redo =
    "SELECT id, label, changeset FROM change_groups WHERE state = 'undone' ORDER BY id ASC LIMIT 1";
  g_autoptr(GPtrArray) touched = NULL;
  g_autoptr(JoineryChangeSet) set = NULL;
  g_autofree char *label = NULL;
  g_autofree char *saved_source = NULL;
  sqlite3_stmt *stmt;
  void *changeset = NULL;
  int n_changeset = 0;
  gint64 group = 0;
  int conflict = 0;
  int rc;

  if (!check_writable (self, error))
    return FALSE;
  if (self->depth > 0)
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                           "cannot undo or redo while a change is being made");
      return FALSE;
    }
  if (!joinery_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->guarded = TRUE;

  stmt = joinery_db_prepare (self, "SELECT coalesce(max(id), 0) FROM audit", error);
  if (stmt == NULL)
    goto fail;
  self->audit_mark = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  stmt = joinery_db_prepare (self, undo ? find_undo : find_redo, error);
  if (stmt == NULL)
    goto fail;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 2) == SQLITE_BLOB)
    {
      group = sqlite3_column_int64 (stmt, 0);
      label = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      n_changeset = sqlite3_column_bytes (stmt, 2);
      changeset = g_memdup2 (sqlite3_column_blob (stmt, 2), (gsize) n_changeset);
    }
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    joinery_db_set_error (self, rc, error, NULL);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    goto fail;
  if (changeset == NULL ||
      (!undo && n_changeset == sizeof UNDO_BY_RANGES - 1 && memcmp (changeset, UNDO_BY_RANGES, sizeof UNDO_BY_RANGES - 1) == 0))
    {
      g_set_error_literal (error, JOINERY_DB_ERROR,
                           undo ? JOINERY_DB_ERROR_NOTHING_TO_UNDO : JOINERY_DB_ERROR_NOTHING_TO_REDO,
                           undo ? "there is nothing to undo" : "there is nothing to redo");
      goto fail;
    }
  if (n_changeset == sizeof UNDO_BY_RANGES - 1 && memcmp (changeset, UNDO_BY_RANGES, sizeof UNDO_BY_RANGES - 1) == 0)
    {
      gboolean ok;

      self->group_id = group;
      g_free (self->group_time);
      self->group_time = joinery_now_timestamp ();
      saved_source = g_strdup (self->source);
      g_free (self->source);
      self->source = g_strconcat (saved_source, " (undo)", NULL);
      ok = undo_by_ranges (self, group, label, error);
      g_free (self->source);
      self->source = g_steal_pointer (&saved_source);
      self->group_id = 0;
      if (!ok)
        goto fail;
      goto replayed;
    }

  if (undo)
    {
      void *inverted = NULL;
      int n_inverted = 0;
      rc = sqlite3changeset_invert (n_changeset, changeset, &n_inverted, &inverted);
      if (rc != SQLITE_OK)
        {
          joinery_db_set_error (self, rc, error, "cannot undo");
          goto fail;
        }
      g_free (changeset);
      changeset = g_memdup2 (inverted, (gsize) n_inverted);
      n_changeset = n_inverted;
      sqlite3_free (inverted);
    }

  touched = collect_touched (self, n_changeset, changeset, error);
  if (touched == NULL)
    goto fail;

  rc = sqlite3changeset_apply (self->handle, n_changeset, changeset, NULL, conflict_cb, &conflict);
  if (rc != SQLITE_OK)
    {
      if (conflict != 0 || rc == SQLITE_ABORT)
        g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CONFLICT,
                     "cannot %s “%s”: the records it changed have been changed since",
                     undo ? "undo" : "redo", label);
      else
        joinery_db_set_error (self, rc, error, undo ? "cannot undo" : "cannot redo");
      goto fail;
    }

  /* Audit what the replay did, and bring the search index in step. */
  self->group_id = group;
  g_free (self->group_time);
  self->group_time = joinery_now_timestamp ();
  saved_source = g_strdup (self->source);
  g_free (self->source);
  self->source = g_strconcat (saved_source, undo ? " (undo)" : " (redo)", NULL);
  for (guint i = 0; i < touched->len; i++)
    {
      TouchedRecord *record = touched->pdata[i];
      g_autofree char *after = NULL;
      GError *local_error = NULL;
      gboolean ok;

      /* NULL is a record that is no more, or a failure to read it (out of
       * memory), which must not be audited as a delete. */
      after = joinery_db_record_json (self, record->kind, record->id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          g_free (self->source);
          self->source = g_steal_pointer (&saved_source);
          goto fail;
        }
      if (after == NULL && record->before == NULL)
        continue;
      ok = joinery_db_audit (self, record->kind, record->id,
                             record->before == NULL ? "create" : after == NULL ? "delete" : "update",
                             record->before, after, error) &&
           joinery_db_index_now (self, record->kind, record->id, FALSE, error);
      if (!ok)
        {
          g_free (self->source);
          self->source = g_steal_pointer (&saved_source);
          goto fail;
        }
    }
  g_free (self->source);
  self->source = g_steal_pointer (&saved_source);
  self->group_id = 0;

replayed:
  stmt = joinery_db_prepare (self, "UPDATE change_groups SET state = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, group);
  sqlite3_bind_text (stmt, 2, undo ? "undone" : "done", -1, SQLITE_STATIC);
  if (!joinery_db_step_done (self, stmt, error))
    goto fail;
  if (has_listeners (self))
    {
      g_autofree char *replay_label = g_strconcat (undo ? "Undo " : "Redo ", label, NULL);
      set = collect_changes (self, replay_label, TRUE, error);
      if (set == NULL)
        goto fail;
    }
  if (!commit_guarded (self, error))
    goto fail;

  g_free (changeset);
  emit_changed (self, set);
  if (label_out != NULL)
    *label_out = g_steal_pointer (&label);
  return TRUE;

fail:
  g_free (changeset);
  self->group_id = 0;
  sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->guarded = FALSE;
  return FALSE;
}

gboolean
joinery_db_undo (JoineryDb *self, char **label, GError **error)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  return replay (self, TRUE, label, error);
}

gboolean
joinery_db_redo (JoineryDb *self, char **label, GError **error)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  return replay (self, FALSE, label, error);
}

static char *
dup_next_label (JoineryDb *self, const char *sql)
{
  sqlite3_stmt *stmt = joinery_db_prepare (self, sql, NULL);
  char *label = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    label = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return label;
}

char *
joinery_db_dup_undo_label (JoineryDb *self)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  return dup_next_label (self,
                         "SELECT label FROM change_groups WHERE state = 'done' AND id = "
                         "(SELECT max(id) FROM change_groups WHERE state = 'done') "
                         "AND changeset IS NOT NULL");
}

char *
joinery_db_dup_redo_label (JoineryDb *self)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  /* An undone large import cannot be redone, nor what came after it. */
  return dup_next_label (self,
                         "SELECT label FROM change_groups WHERE state = 'undone' "
                         "AND changeset IS NOT NULL AND id = "
                         "(SELECT min(id) FROM change_groups WHERE state = 'undone')");
}

/* The kind stored in a table, for the session filter and undo. */
const JoineryKind *
joinery_kind_for_table (const char *table)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  for (guint i = 0; kinds[i] != NULL; i++)
    if (strcmp (kinds[i]->table, table) == 0)
      return kinds[i];
  return NULL;
}
