/* joinery-backup.h: copies of a Joinery database that a crash cannot spoil,
 * the rotating daily ones, and putting one back.
 *
 * A backup is written with SQLite's online backup API from a read-only
 * connection of its own (so it may run in any thread while the file is in
 * use), under a temporary name beside its target, synced, checked with
 * PRAGMA integrity_check and only then renamed into place, the folder
 * synced after: a file under a backup's name is always a whole, checked
 * copy. A temporary left by a process that died is removed by the next
 * run in that folder.
 *
 * Automatic backups live in one folder per database (see
 * joinery_backup_default_dir()), named by date: "2026-12-02.joinery" for
 * the daily one, "2026-12-02-101500.joinery" for one asked for, and
 * "2026-12-02-101500-before-restore.joinery" for the copy a restore keeps
 * of what it replaced.
 *
 * Display-free: GLib/GIO and SQLite only.
 */
#pragma once

#include <gio/gio.h>

#include "joinery-db.h"
#include "joinery-generate.h"

G_BEGIN_DECLS

#define JOINERY_BACKUP_SUFFIX ".joinery"

typedef struct {
  char      *path;
  char      *name;     /* the file's name */
  char      *day;      /* "2026-12-02" from the name, or NULL for another name */
  GDateTime *modified; /* when it was written (local time) */
  goffset    size;     /* bytes */
} JoineryBackupInfo;

void       joinery_backup_info_free   (JoineryBackupInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryBackupInfo, joinery_backup_info_free)

/* $XDG_DATA_HOME/joinery/backups/NAME-HASH/: NAME the file's name without
 * its ".joinery", HASH the first 12 hex digits of the SHA-256 of its
 * absolute path (two files of one name in two folders do not share). */
char      *joinery_backup_default_dir (const char *db_path);

/* Copy the database at `db_path` (committed changes only) to `target`, as
 * the top of this file says. `target` must not exist. `progress` sees the
 * pages copied and the pages in all after each step; cancelling stops
 * within a step (G_IO_ERROR_CANCELLED) and leaves nothing behind. */
gboolean   joinery_backup_write_file  (const char *db_path, const char *target,
                                       GCancellable *cancellable, JoineryProgressFunc progress,
                                       gpointer user_data, GError **error);
/* The same for an open database (read through a connection of its own). */
gboolean   joinery_backup_write       (JoineryDb *db, const char *target,
                                       GCancellable *cancellable, JoineryProgressFunc progress,
                                       gpointer user_data, GError **error);

/* A backup into `dir` (made if missing) named by `now` (NULL: now):
 * the daily "DAY.joinery" when `daily` — skipped, with *written NULL, if
 * that day's exists —, else "DAY-HHMMSS.joinery". Then the oldest backups
 * named by date beyond `keep` (at least 1) are removed, and temporaries
 * left by dead processes. *written (when not NULL) is the new file. */
gboolean   joinery_backup_rotate      (const char *db_path, const char *dir, guint keep,
                                       gboolean daily, GDateTime *now, char **written,
                                       GCancellable *cancellable, JoineryProgressFunc progress,
                                       gpointer user_data, GError **error);

/* The backups in `dir`, newest first (by the day in the name, then the
 * time written); empty if the folder does not exist. */
GPtrArray *joinery_backup_list        (const char *dir, GError **error);

/* A backup can be restored: a whole SQLite file (integrity_check), a
 * Joinery database, of a schema this version knows. */
gboolean   joinery_backup_check       (const char *backup_path, GError **error);

/* Put `backup_path` back as the database at `db_path`, after checking it.
 * What is there now is first kept in `keep_dir` as
 * "DAY-HHMMSS-before-restore.joinery" (*before_path when not NULL), so
 * that the restore can itself be undone. The copy goes in through SQLite,
 * in one transaction, so connections open on the file (a window) see the
 * whole of it or none; a refused or failed restore leaves the database as
 * it was. */
gboolean   joinery_backup_restore     (const char *db_path, const char *backup_path,
                                       const char *keep_dir, char **before_path,
                                       GError **error);

G_END_DECLS
