/* joinery-backup.c: backups written so that a crash never leaves half of
 * one under a backup's name, their rotation, and restoring one (see
 * joinery-backup.h).
 *
 * The source is always read through a read-only connection of this file's
 * own, inside one read transaction, so that a backup is one consistent
 * moment of the file whoever writes to it meanwhile, and so that it may
 * run in a worker thread while the window's connection stays where it is.
 * It must never write to the database except in a restore, and then only
 * through SQLite, in one transaction.
 */
#include "config.h"

#include "joinery-backup.h"
#include "joinery-db-private.h"
#include "joinery-error.h"
#include "joinery-sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define PAGES_PER_STEP 64          /* 256 KiB at SQLite's default page size */
#define PARTIAL_MARK ".partial-"   /* .NAME.partial-PID: a backup being written */
#define BEFORE_RESTORE "-before-restore"

void
joinery_backup_info_free (JoineryBackupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->name);
  g_free (info->day);
  g_clear_pointer (&info->modified, g_date_time_unref);
  g_free (info);
}

char *
joinery_backup_default_dir (const char *db_path)
{
  g_autofree char *absolute = NULL;
  g_autofree char *base = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  absolute = g_canonicalize_filename (db_path, NULL);
  base = g_path_get_basename (absolute);
  if (g_str_has_suffix (base, JOINERY_BACKUP_SUFFIX) && strlen (base) > strlen (JOINERY_BACKUP_SUFFIX))
    base[strlen (base) - strlen (JOINERY_BACKUP_SUFFIX)] = '\0';
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);
  hash[12] = '\0';
  folder = g_strdup_printf ("%s-%s", base, hash);
  return g_build_filename (g_get_user_data_dir (), "joinery", "backups", folder, NULL);
}

/* Files and folders */

static gboolean
set_io_error (GError **error, int saved_errno, const char *what, const char *path)
{
  g_set_error (error, JOINERY_DB_ERROR,
               saved_errno == ENOSPC ? JOINERY_DB_ERROR_FULL :
               saved_errno == EACCES || saved_errno == EROFS || saved_errno == EPERM ?
                 JOINERY_DB_ERROR_READ_ONLY : JOINERY_DB_ERROR_IO,
               "%s “%s”: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

/* fsync a file or a folder: what is renamed into place must be on the
 * disk before the name is, and the name before we say it is done. */
static gboolean
sync_path (const char *path, gboolean folder, GError **error)
{
  int fd = g_open (path, (folder ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC, 0);

  if (fd < 0)
    return set_io_error (error, errno, "cannot sync", path);
  if (fsync (fd) != 0)
    {
      int saved_errno = errno;
      close (fd);
      return set_io_error (error, saved_errno, "cannot sync", path);
    }
  close (fd);
  return TRUE;
}

static gboolean
process_is_alive (gint64 pid)
{
  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

/* Remove the temporaries of backups into `dir` whose writer has died. */
static void
remove_stale_partials (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  if (folder == NULL)
    return;
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      const char *mark = strstr (name, PARTIAL_MARK);
      g_autofree char *path = NULL;
      gint64 pid;
      char *end = NULL;

      if (name[0] != '.' || mark == NULL)
        continue;
      pid = g_ascii_strtoll (mark + strlen (PARTIAL_MARK), &end, 10);
      /* A temporary's SQLite journal ends in -journal after the pid. */
      if (end == NULL || (*end != '\0' && !g_str_equal (end, "-journal")))
        continue;
      if (pid == getpid () || process_is_alive (pid))
        continue;
      path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
}

/* Checking */

static gboolean
check_connection (sqlite3 *handle, const char *path, gboolean integrity, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 app_id = -1, version = -1;
  int rc;

  rc = sqlite3_prepare_v2 (handle, "SELECT * FROM pragma_application_id, pragma_user_version",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      app_id = sqlite3_column_int64 (stmt, 0);
      version = sqlite3_column_int64 (stmt, 1);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc != SQLITE_OK)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CORRUPT,
                   "“%s” is damaged or not a Joinery database (%s)", path, sqlite3_errmsg (handle));
      return FALSE;
    }
  if (app_id != JOINERY_APPLICATION_ID_SQLITE || version < 1)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY,
                   "“%s” is not a Joinery database", path);
      return FALSE;
    }
  if (version > joinery_db_latest_version ())
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_TOO_NEW,
                   "“%s” was written by a newer version of Joinery (schema %" G_GINT64_FORMAT
                   "; this version knows up to %u)", path, version, joinery_db_latest_version ());
      return FALSE;
    }
  if (!integrity)
    return TRUE;

  return joinery_db_check_handle (handle, path, TRUE, NULL, error);
}

gboolean
joinery_backup_check (const char *backup_path, GError **error)
{
  sqlite3 *handle;
  GStatBuf st;
  gboolean ok;

  g_return_val_if_fail (backup_path != NULL, FALSE);

  if (g_stat (backup_path, &st) != 0)
    return set_io_error (error, errno, "cannot read the backup", backup_path);
  if (!S_ISREG (st.st_mode) || st.st_size == 0)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY,
                   "“%s” is not a Joinery database", backup_path);
      return FALSE;
    }
  handle = joinery_sqlite_open_read_only (backup_path, error);
  if (handle == NULL)
    return FALSE;
  ok = check_connection (handle, backup_path, TRUE, error);
  sqlite3_close (handle);
  return ok;
}

/* Writing */

static int
step_backup (sqlite3_backup *backup, int pages)
{
  int rc;
  guint tries = 0;

  /* The source is held by our read transaction and the target is ours:
   * busy should not happen, but a moment's wait is harmless. */
  while (((rc = sqlite3_backup_step (backup, pages)) & 0xff) == SQLITE_BUSY ||
         (rc & 0xff) == SQLITE_LOCKED)
    {
      if (++tries > 100)
        break;
      sqlite3_sleep (50);
    }
  return rc;
}

/* Copy `source` (a connection inside a read transaction) into the new
 * file `partial`, step by step; then make the copy a plain rollback-
 * journal file (a backup needs no -wal beside it) and check it. */
static gboolean
copy_into (sqlite3 *source, const char *db_path, const char *partial, gboolean check,
           GCancellable *cancellable, JoineryProgressFunc progress, gpointer user_data,
           GError **error)
{
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_open_v2 (partial, &copy,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      joinery_sqlite_set_error (copy, rc, error, "cannot write the backup");
      sqlite3_close (copy);
      return FALSE;
    }
  if (!joinery_sqlite_harden (copy, error))
    goto out;

  backup = sqlite3_backup_init (copy, "main", source, "main");
  if (backup == NULL)
    {
      joinery_sqlite_set_error (copy, sqlite3_errcode (copy), error, "cannot start the backup");
      goto out;
    }
  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_backup_finish (backup);
          goto out;
        }
      rc = step_backup (backup, PAGES_PER_STEP);
      if (progress != NULL && (rc == SQLITE_OK || rc == SQLITE_DONE))
        {
          int total = sqlite3_backup_pagecount (backup);
          progress ((guint64) (total - sqlite3_backup_remaining (backup)), (guint64) total, user_data);
        }
    }
  while (rc == SQLITE_OK);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf ("cannot copy “%s”", db_path);
      joinery_sqlite_set_error (copy, rc, error, what);
      goto out;
    }

  rc = sqlite3_exec (copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      joinery_sqlite_set_error (copy, rc, error, "cannot finish the backup");
      goto out;
    }
  if (check && !check_connection (copy, partial, TRUE, error))
    {
      g_prefix_error (error, "the backup of “%s” did not check out: ", db_path);
      goto out;
    }
  ok = TRUE;

out:
  if (sqlite3_close (copy) != SQLITE_OK && ok)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_IO,
                   "cannot close the backup “%s”", partial);
      ok = FALSE;
    }
  return ok;
}

static gboolean
is_wal (sqlite3 *handle)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  if (sqlite3_prepare_v2 (handle, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);
  return wal;
}

/* The temporary name beside `target`: hidden, and marked with our pid so
 * that a later run can tell a dead writer's leftovers from a live one's. */
static char *
partial_path_for (const char *target)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *name = g_strdup_printf (".%s" PARTIAL_MARK "%d", base, (int) getpid ());

  return g_build_filename (dir, name, NULL);
}

static void
remove_partial (const char *partial)
{
  g_autofree char *journal = g_strconcat (partial, "-journal", NULL);

  g_unlink (partial);
  g_unlink (journal);
}

/* Write `source` to `target` through a temporary; `check`: refuse a copy
 * that integrity_check faults (FALSE only to keep whatever is there). */
static gboolean
write_backup (sqlite3 *source, const char *db_path, const char *target, gboolean check,
              GCancellable *cancellable, JoineryProgressFunc progress, gpointer user_data,
              GError **error)
{
  g_autofree char *partial = partial_path_for (target);
  g_autofree char *dir = g_path_get_dirname (target);
  int rc;

  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "“%s” already exists; it was left as it was", target);
      return FALSE;
    }
  remove_partial (partial);

  /* One consistent moment of the file, whoever writes meanwhile. Held
   * only under WAL, where a reader does not stop writers: in a rollback
   * journal (a network file system) it would keep the window from saving
   * for as long as the copy takes, so there the backup API starts again
   * instead when another connection writes between two steps. */
  rc = sqlite3_exec (source, is_wal (source) ? "BEGIN; SELECT count(*) FROM sqlite_schema;" :
                                               "SELECT count(*) FROM sqlite_schema;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf ("cannot read “%s”", db_path);
      joinery_sqlite_set_error (source, rc, error, what);
      return FALSE;
    }
  if (!copy_into (source, db_path, partial, check, cancellable, progress, user_data, error))
    {
      if (!sqlite3_get_autocommit (source))
        sqlite3_exec (source, "ROLLBACK", NULL, NULL, NULL);
      remove_partial (partial);
      return FALSE;
    }
  if (!sqlite3_get_autocommit (source))
    sqlite3_exec (source, "ROLLBACK", NULL, NULL, NULL);

  if (!sync_path (partial, FALSE, error))
    {
      remove_partial (partial);
      return FALSE;
    }
  /* A backup is never written over: link() fails if the name was taken
   * meanwhile, where rename() would replace it. */
  if (link (partial, target) != 0)
    {
      int saved_errno = errno;
      remove_partial (partial);
      return set_io_error (error, saved_errno, "cannot put the backup in place as", target);
    }
  g_unlink (partial);
  return sync_path (dir, TRUE, error);
}

gboolean
joinery_backup_write_file (const char *db_path, const char *target, GCancellable *cancellable,
                           JoineryProgressFunc progress, gpointer user_data, GError **error)
{
  sqlite3 *source;
  gboolean ok;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  source = joinery_sqlite_open_read_only (db_path, error);
  if (source == NULL)
    return FALSE;
  ok = check_connection (source, db_path, FALSE, error) &&
       write_backup (source, db_path, target, TRUE, cancellable, progress, user_data, error);
  sqlite3_close (source);
  return ok;
}

gboolean
joinery_backup_write (JoineryDb *db, const char *target, GCancellable *cancellable,
                      JoineryProgressFunc progress, gpointer user_data, GError **error)
{
  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);

  return joinery_backup_write_file (joinery_db_get_path (db), target, cancellable, progress,
                                    user_data, error);
}

/* Listing and rotating */

/* "2026-12-02" when the name starts with a date. */
static char *
day_of_name (const char *name)
{
  int y, m, d;
  char rest;

  if (strlen (name) < 10 || sscanf (name, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 4 ||
      (rest != '.' && rest != '-') || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_strndup (name, 10);
}

static int
compare_newest_first (gconstpointer a, gconstpointer b)
{
  const JoineryBackupInfo *x = *(JoineryBackupInfo * const *) a;
  const JoineryBackupInfo *y = *(JoineryBackupInfo * const *) b;
  int by_day;

  /* Named by date before not; later days first; then later writes. */
  if ((x->day == NULL) != (y->day == NULL))
    return x->day == NULL ? 1 : -1;
  by_day = g_strcmp0 (y->day, x->day);
  if (by_day != 0)
    return by_day;
  by_day = g_date_time_compare (y->modified, x->modified);
  return by_day != 0 ? by_day : strcmp (y->name, x->name);
}

GPtrArray *
joinery_backup_list (const char *dir, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) joinery_backup_info_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) folder = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  folder = g_dir_open (dir, 0, &local_error);
  if (folder == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&list);
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_IO,
                   "cannot read the backup folder “%s”: %s", dir, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      JoineryBackupInfo *info;
      GStatBuf st;
      g_autofree char *path = NULL;

      if (name[0] == '.' || !g_str_has_suffix (name, JOINERY_BACKUP_SUFFIX))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      info = g_new0 (JoineryBackupInfo, 1);
      info->path = g_steal_pointer (&path);
      info->name = g_strdup (name);
      info->day = day_of_name (name);
      info->size = st.st_size;
      {
        /* To the microsecond, so that backups written within a second
         * still sort by when they were written. */
        g_autoptr(GDateTime) second = g_date_time_new_from_unix_local (st.st_mtime);
        info->modified = g_date_time_add (second, st.st_mtim.tv_nsec / 1000);
      }
      g_ptr_array_add (list, info);
    }
  g_ptr_array_sort (list, compare_newest_first);
  return g_steal_pointer (&list);
}

static gboolean
ensure_dir (const char *dir, GError **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return set_io_error (error, errno, "cannot make the backup folder", dir);
  return TRUE;
}

gboolean
joinery_backup_rotate (const char *db_path, const char *dir, guint keep, gboolean daily,
                       GDateTime *now, char **written, GCancellable *cancellable,
                       JoineryProgressFunc progress, gpointer user_data, GError **error)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;
  guint dated = 0;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (keep >= 1, FALSE);

  if (written != NULL)
    *written = NULL;
  when = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_local ();
  if (!ensure_dir (dir, error))
    return FALSE;
  remove_stale_partials (dir);

  stamp = g_date_time_format (when, daily ? "%Y-%m-%d" : "%Y-%m-%d-%H%M%S");
  name = g_strconcat (stamp, JOINERY_BACKUP_SUFFIX, NULL);
  target = g_build_filename (dir, name, NULL);
  /* Two asked for within a second are both kept. */
  for (guint n = 2; !daily && g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (name);
      g_free (target);
      name = g_strdup_printf ("%s-%u" JOINERY_BACKUP_SUFFIX, stamp, n);
      target = g_build_filename (dir, name, NULL);
    }
  if (!(daily && g_file_test (target, G_FILE_TEST_EXISTS)))
    {
      if (!joinery_backup_write_file (db_path, target, cancellable, progress, user_data, error))
        return FALSE;
      if (written != NULL)
        *written = g_strdup (target);
    }

  list = joinery_backup_list (dir, error);
  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      JoineryBackupInfo *info = list->pdata[i];

      if (info->day == NULL)
        continue;
      if (++dated > keep && !g_str_equal (info->path, target) && g_unlink (info->path) != 0)
        return set_io_error (error, errno, "cannot remove the old backup", info->path);
    }
  return TRUE;
}

/* Restoring */

/* Keep what the database holds now, whatever state it is in: through
 * SQLite when it can read it, byte for byte when it cannot (a damaged file
 * is what one restores over most often). */
static gboolean
keep_current (const char *db_path, const char *keep_dir, char **before_path, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *name = g_strconcat (stamp, BEFORE_RESTORE, JOINERY_BACKUP_SUFFIX, NULL);
  g_autofree char *target = g_build_filename (keep_dir, name, NULL);
  g_autoptr(GError) local_error = NULL;
  sqlite3 *source;
  gboolean ok = FALSE;

  if (!ensure_dir (keep_dir, error))
    return FALSE;
  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (name);
      g_free (target);
      name = g_strdup_printf ("%s" BEFORE_RESTORE "-%u" JOINERY_BACKUP_SUFFIX, stamp, n);
      target = g_build_filename (keep_dir, name, NULL);
    }

  source = joinery_sqlite_open_read_only (db_path, &local_error);
  if (source != NULL)
    ok = write_backup (source, db_path, target, FALSE, NULL, NULL, NULL, &local_error);
  sqlite3_close (source);

  if (!ok)
    {
      g_autoptr(GFile) from = g_file_new_for_path (db_path);
      g_autofree char *partial = partial_path_for (target);
      g_autoptr(GFile) to = g_file_new_for_path (partial);

      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *target_wal = g_strconcat (target, "-wal", NULL);

      /* The log may hold the last changes: it goes beside the copy, where
       * SQLite looks for it. */
      g_clear_error (&local_error);
      if (g_file_test (wal, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(GFile) wal_from = g_file_new_for_path (wal);
          g_autoptr(GFile) wal_to = g_file_new_for_path (target_wal);
          g_file_copy (wal_from, wal_to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
        }
      if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error) ||
          !sync_path (partial, FALSE, &local_error) ||
          g_rename (partial, target) != 0)
        {
          g_unlink (partial);
          g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_IO,
                       "cannot keep a copy of “%s” before restoring: %s; nothing was changed",
                       db_path, local_error != NULL ? local_error->message : g_strerror (errno));
          return FALSE;
        }
      if (!sync_path (keep_dir, TRUE, error))
        return FALSE;
    }
  if (before_path != NULL)
    *before_path = g_steal_pointer (&target);
  return TRUE;
}

/* When SQLite cannot write into the database at all (it is too damaged
 * to read), the checked backup takes its place as a file instead: copied
 * beside it, synced, then renamed over it, the old log and shared memory
 * removed first so that SQLite cannot replay them onto the new file. Only
 * done when no connection could have opened the file. */
static gboolean
replace_file (const char *db_path, sqlite3 *source, const char *backup_path, GError **error)
{
  static const char * const beside[] = { "-wal", "-shm", "-journal" };
  g_autofree char *partial = partial_path_for (db_path);
  g_autofree char *dir = g_path_get_dirname (db_path);

  remove_partial (partial);
  if (!copy_into (source, backup_path, partial, TRUE, NULL, NULL, NULL, error) ||
      !sync_path (partial, FALSE, error))
    {
      remove_partial (partial);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (beside); i++)
    {
      g_autofree char *file = g_strconcat (db_path, beside[i], NULL);
      g_unlink (file);
    }
  if (g_rename (partial, db_path) != 0)
    {
      int saved_errno = errno;
      remove_partial (partial);
      return set_io_error (error, saved_errno, "cannot put the backup in place as", db_path);
    }
  return sync_path (dir, TRUE, error);
}

/* What a restore may replace: a Joinery database of a schema this version
 * knows, an empty file, or one SQLite cannot read at all (`damaged`); never
 * another program's database, nor one from a newer Joinery. */
static gboolean
probe_target (sqlite3 *handle, const char *path, gboolean *damaged, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 app_id = 0, version = 0, n_schema = 0;
  int rc;

  *damaged = FALSE;
  rc = sqlite3_prepare_v2 (handle, "SELECT * FROM pragma_application_id, pragma_user_version, "
                                   "(SELECT count(*) FROM sqlite_schema)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      app_id = sqlite3_column_int64 (stmt, 0);
      version = sqlite3_column_int64 (stmt, 1);
      n_schema = sqlite3_column_int64 (stmt, 2);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
    {
      *damaged = TRUE;
      return TRUE;
    }
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf ("cannot read “%s”", path);
      joinery_sqlite_set_error (handle, rc, error, what);
      return FALSE;
    }
  if (app_id != JOINERY_APPLICATION_ID_SQLITE && (app_id != 0 || n_schema > 0))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY,
                   "“%s” is not a Joinery database; a backup is not restored over it", path);
      return FALSE;
    }
  if (version > joinery_db_latest_version ())
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_TOO_NEW,
                   "“%s” was written by a newer version of Joinery; a backup is not restored "
                   "over it", path);
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_backup_restore (const char *db_path, const char *backup_path, const char *keep_dir,
                        char **before_path, GError **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *backup_absolute = NULL;
  g_autofree char *kept = NULL;
  sqlite3 *source = NULL;
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  gboolean damaged = FALSE;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (keep_dir != NULL, FALSE);

  if (before_path != NULL)
    *before_path = NULL;
  absolute = g_canonicalize_filename (db_path, NULL);
  backup_absolute = g_canonicalize_filename (backup_path, NULL);
  if (g_str_equal (absolute, backup_absolute))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                   "“%s” is the database itself, not a backup of it", backup_path);
      return FALSE;
    }
  if (!joinery_backup_check (backup_absolute, error))
    return FALSE;
  if (!g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND,
                   "cannot restore: “%s” does not exist", absolute);
      return FALSE;
    }
  source = joinery_sqlite_open_read_only (backup_absolute, error);
  if (source == NULL)
    return FALSE;
  rc = sqlite3_open_v2 (absolute, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf ("cannot open “%s” to restore it", absolute);
      joinery_sqlite_set_error (target, rc, error, what);
      goto out;
    }
  if (!probe_target (target, absolute, &damaged, error) ||
      (!damaged && !joinery_sqlite_harden (target, error)) ||
      !keep_current (absolute, keep_dir, &kept, error))
    goto out;
  if (damaged)
    {
      sqlite3_close (target);
      target = NULL;
      ok = replace_file (absolute, source, backup_absolute, error);
      goto out;
    }

  /* The whole copy is one write transaction on the database: a failure
   * (or a crash) part way leaves it as it was. */
  backup = sqlite3_backup_init (target, "main", source, "main");
  if (backup == NULL)
    rc = sqlite3_errcode (target);
  else
    {
      rc = step_backup (backup, -1);
      sqlite3_backup_finish (backup);
    }
  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
    {
      sqlite3_close (target);
      target = NULL;
      ok = replace_file (absolute, source, backup_absolute, error);
      goto out;
    }
  if (rc != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf ("cannot restore “%s”; it was left as it was", absolute);
      joinery_sqlite_set_error (target, rc, error, what);
      goto out;
    }
  ok = check_connection (target, absolute, FALSE, error);

out:
  sqlite3_close (source);
  sqlite3_close (target);
  if (ok && before_path != NULL)
    *before_path = g_steal_pointer (&kept);
  return ok;
}
