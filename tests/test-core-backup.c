/* test-core-backup.c: backups, their rotation, and restoring one.
 *
 * A backup must hold exactly what the database held, table by table; a
 * backup that is cancelled or whose process is killed part way must leave
 * nothing under a backup's name, and the next run must leave no temporary
 * behind; a restore must put the backup back whole and keep what it
 * replaced; a damaged, foreign or newer backup must be refused with the
 * database untouched.
 *
 * The killed backup runs in a child: this same program started again with
 * --backup-child, which says on its standard output when it has copied a
 * first step and then waits to be killed.
 */
#include "joinery-test-util.h"
#include "joinery-backup.h"
#include "joinery-generate.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

static const char *self_exe;

/* Helpers */

/* A database with a generated network, big enough for many backup steps. */
static JoineryTestDb *
new_network (void)
{
  JoineryTestDb *tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_generate (tdb->db, 200, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  return tdb;
}

static char *
dump_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return joinery_test_dump_database (db);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in a folder, sorted, as one string "a b c" ("" if empty or
 * missing). */
static char *
list_names (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (folder != NULL)
    while ((name = g_dir_read_name (folder)) != NULL)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static GDateTime *
day (int year, int month, int d)
{
  return g_date_time_new_local (year, month, d, 9, 30, 0);
}

/* Tests */

static void
test_equals_source (void)
{
  g_autoptr(JoineryTestDb) tdb = new_network ();
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_build_filename (tdb->dir, "copy.joinery", NULL);
  g_autofree char *wal = g_strconcat (target, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gint64 id;

  /* Only what is committed goes into a backup. */
  g_assert_true (joinery_db_begin (tdb->db, "Unfinished", JOINERY_GROUP_DEFAULT, &error));
  id = joinery_test_create (tdb->db, "organisation", "name", "Not Yet Committed", "kind", "council", NULL);
  g_assert_cmpint (id, >, 0);
  g_assert_true (joinery_backup_write (tdb->db, target, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  joinery_db_rollback (tdb->db);

  before = joinery_test_dump_database (tdb->db);
  after = dump_file (target);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (strstr (after, "Not Yet Committed"));

  /* A plain file with no -wal beside it, and nothing else left behind. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  bytes = joinery_test_read_file (target);
  data = g_bytes_get_data (bytes, NULL);
  g_assert_cmpint (data[18], ==, 1);
  g_assert_cmpint (data[19], ==, 1);
  names = list_names (tdb->dir);
  g_assert_cmpstr (names, ==, "copy.joinery test.joinery test.joinery-shm test.joinery-wal");

  /* A backup is never written over. */
  g_assert_false (joinery_backup_write (tdb->db, target, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_pointer (&after, g_free);
  after = dump_file (target);
  g_assert_cmpstr (after, ==, before);
}

typedef struct {
  JoineryDb *db;
  gboolean   written;
} WriteState;

/* Another connection writes while the backup is part way. */
static void
write_between_steps_cb (guint64 done, guint64 total, gpointer user_data)
{
  WriteState *state = user_data;

  if (state->written || done >= total)
    return;
  state->written = TRUE;
  joinery_test_create (state->db, "organisation", "name", "Written During The Backup",
                       "kind", "council", NULL);
}

/* Under WAL the backup is the moment it began; in a rollback journal (a
 * network file system) it starts again when the file changes, and so is
 * the moment it ended. Either way, a whole and consistent copy. */
static void
test_written_meanwhile (gconstpointer data)
{
  gboolean wal = GPOINTER_TO_INT (data);
  g_autoptr(JoineryTestDb) tdb = new_network ();
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_build_filename (tdb->dir, "copy.joinery", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *copy = NULL;
  WriteState state = { tdb->db, FALSE };

  if (!wal)
    g_assert_cmpint (sqlite3_exec (joinery_db_get_handle (tdb->db), "PRAGMA journal_mode = DELETE",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
  before = joinery_test_dump_database (tdb->db);
  g_assert_true (joinery_backup_write (tdb->db, target, NULL, write_between_steps_cb, &state, &error));
  g_assert_no_error (error);
  g_assert_true (state.written);
  after = joinery_test_dump_database (tdb->db);
  g_assert_cmpstr (after, !=, before);
  copy = dump_file (target);
  g_assert_cmpstr (copy, ==, wal ? before : after);
}

static void
test_rotate_keeps_n (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tdb->dir, "backups", "deep", NULL);
  g_autofree char *mine = g_build_filename (dir, "mine.joinery", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GPtrArray) list = NULL;

  joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);

  for (int d = 1; d <= 6; d++)
    {
      g_autoptr(GDateTime) when = day (2026, 1, d);
      g_autofree char *written = NULL;

      g_assert_true (joinery_backup_rotate (tdb->path, dir, 3, TRUE, when, &written, NULL, NULL,
                                            NULL, &error));
      g_assert_no_error (error);
      g_assert_nonnull (written);
      {
        g_autofree char *expected = g_strdup_printf ("%s/2026-01-%02d.joinery", dir, d);
        g_assert_cmpstr (written, ==, expected);
      }
      if (d == 2)
        g_assert_true (g_file_set_contents (mine, "not ours", -1, NULL));
    }
  /* A name not by date is none of the rotation's business. */
  names = list_names (dir);
  g_assert_cmpstr (names, ==, "2026-01-04.joinery 2026-01-05.joinery 2026-01-06.joinery mine.joinery");

  /* Daily: a second run on the same day writes nothing. */
  {
    g_autoptr(GDateTime) when = g_date_time_new_local (2026, 1, 6, 18, 0, 0);
    g_autofree char *written = NULL;

    g_assert_true (joinery_backup_rotate (tdb->path, dir, 3, TRUE, when, &written, NULL, NULL,
                                          NULL, &error));
    g_assert_no_error (error);
    g_assert_null (written);
  }
  /* One asked for is named by the time too, and counts towards the number kept. */
  {
    g_autoptr(GDateTime) when = g_date_time_new_local (2026, 1, 6, 18, 5, 9);
    g_autofree char *written = NULL;
    g_autofree char *expected = g_build_filename (dir, "2026-01-06-180509.joinery", NULL);

    g_assert_true (joinery_backup_rotate (tdb->path, dir, 2, FALSE, when, &written, NULL, NULL,
                                          NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (written, ==, expected);
  }
  g_clear_pointer (&names, g_free);
  names = list_names (dir);
  g_assert_cmpstr (names, ==, "2026-01-06-180509.joinery 2026-01-06.joinery mine.joinery");

  /* The list: dated ones newest first, then the others; sizes of the files. */
  list = joinery_backup_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  {
    JoineryBackupInfo *first = list->pdata[0];
    JoineryBackupInfo *second = list->pdata[1];
    JoineryBackupInfo *third = list->pdata[2];
    GStatBuf st;

    g_assert_cmpstr (first->day, ==, "2026-01-06");
    g_assert_cmpstr (second->day, ==, "2026-01-06");
    g_assert_cmpstr (third->name, ==, "mine.joinery");
    g_assert_null (third->day);
    g_assert_cmpint (g_stat (first->path, &st), ==, 0);
    g_assert_cmpint (first->size, ==, st.st_size);
    g_assert_cmpint (first->size, >, 4096);
    g_assert_cmpint (third->size, ==, 8);
    g_assert_nonnull (first->modified);
  }

  /* A folder that does not exist lists nothing. */
  {
    g_autofree char *none = g_build_filename (tdb->dir, "none", NULL);
    g_autoptr(GPtrArray) empty = joinery_backup_list (none, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (empty->len, ==, 0);
  }
}

static void
test_default_dir (void)
{
  g_autofree char *a = joinery_backup_default_dir ("/srv/one/network.joinery");
  g_autofree char *b = joinery_backup_default_dir ("/srv/two/network.joinery");
  g_autofree char *again = joinery_backup_default_dir ("/srv/one/../one/network.joinery");
  g_autofree char *base = g_path_get_basename (a);
  g_autofree char *parent = g_path_get_dirname (a);
  g_autofree char *expected_parent = g_build_filename (g_get_user_data_dir (), "joinery", "backups", NULL);

  g_assert_cmpstr (parent, ==, expected_parent);
  g_assert_true (g_str_has_prefix (base, "network-"));
  g_assert_cmpuint (strlen (base), ==, strlen ("network-") + 12);
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (a, ==, again);
}

typedef struct {
  GCancellable *cancellable;
  guint         steps;
  guint64       total;
} CancelState;

static void
cancel_progress_cb (guint64 done, guint64 total, gpointer user_data)
{
  CancelState *state = user_data;

  state->steps++;
  state->total = total;
  g_assert_cmpuint (done, <, total);
  g_cancellable_cancel (state->cancellable);
}

static void
test_cancel_leaves_nothing (void)
{
  g_autoptr(JoineryTestDb) tdb = new_network ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tdb->dir, "backups", NULL);
  g_autoptr(GDateTime) when = day (2026, 3, 1);
  g_autofree char *written = NULL;
  g_autofree char *names = NULL;
  CancelState state = { cancellable, 0, 0 };

  g_assert_false (joinery_backup_rotate (tdb->path, dir, 7, TRUE, when, &written, cancellable,
                                         cancel_progress_cb, &state, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (written);
  g_assert_cmpuint (state.steps, ==, 1);
  g_assert_cmpuint (state.total, >, 64);
  names = list_names (dir);
  g_assert_cmpstr (names, ==, "");
}

/* The child: a daily backup of argv[2] into argv[3] dated argv[4]
 * (YYYY-MM-DD), saying "started" after the first step and then waiting. */
static void
child_progress_cb (guint64 done, guint64 total, gpointer user_data)
{
  if (done < total)
    {
      fputs ("started\n", stdout);
      fflush (stdout);
      for (;;)
        pause ();
    }
}

static int
run_child (char **argv)
{
  g_autoptr(GError) error = NULL;
  int y, m, d;
  g_autoptr(GDateTime) when = NULL;

  /* Never outlive a parent that failed before killing us. */
  alarm (60);
  if (sscanf (argv[4], "%d-%d-%d", &y, &m, &d) != 3)
    return 3;
  when = day (y, m, d);
  if (!joinery_backup_rotate (argv[2], argv[3], 7, TRUE, when, NULL, NULL, child_progress_cb,
                              NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  fputs ("finished\n", stdout);
  return 0;
}

static void
test_killed_leaves_nothing (void)
{
  g_autoptr(JoineryTestDb) tdb = new_network ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tdb->dir, "backups", NULL);
  g_autofree char *target = g_build_filename (dir, "2026-03-02.joinery", NULL);
  g_autofree char *names = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *written = NULL;
  g_autofree char *source_dump = NULL;
  g_autofree char *copy_dump = NULL;
  const char *argv[] = { self_exe, "--backup-child", tdb->path, dir, "2026-03-02", NULL };
  g_autoptr(GDateTime) when = day (2026, 3, 2);
  char line[32] = { 0 };
  GPid pid;
  int out_fd;
  int status;
  ssize_t n;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  n = read (out_fd, line, sizeof line - 1);
  close (out_fd);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpstr (line, ==, "started\n");

  /* Mid-backup: a temporary (and its journal), no backup. Then the power goes. */
  names = list_names (dir);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (pid);
  partial = g_strdup_printf (".2026-03-02.joinery.partial-%d .2026-03-02.joinery.partial-%d-journal",
                             (int) pid, (int) pid);
  g_assert_cmpstr (names, ==, partial);
  g_clear_pointer (&names, g_free);
  names = list_names (dir);
  g_assert_cmpstr (names, ==, partial);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));

  /* The list shows no backup; the next run writes a whole one and tidies up. */
  {
    g_autoptr(GPtrArray) list = joinery_backup_list (dir, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 0);
  }
  g_assert_true (joinery_backup_rotate (tdb->path, dir, 7, TRUE, when, &written, NULL, NULL, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==, target);
  g_clear_pointer (&names, g_free);
  names = list_names (dir);
  g_assert_cmpstr (names, ==, "2026-03-02.joinery");
  source_dump = joinery_test_dump_database (tdb->db);
  copy_dump = dump_file (target);
  g_assert_cmpstr (copy_dump, ==, source_dump);
}

static void
test_restore_keeps_before (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (tdb->dir, "saved.joinery", NULL);
  g_autofree char *keep = g_build_filename (tdb->dir, "kept", NULL);
  g_autofree char *before_path = NULL;
  g_autofree char *again_path = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *now = NULL;
  g_autofree char *kept_dump = NULL;
  g_autoptr(JoineryDb) reopened = NULL;
  gint64 n = 0;

  joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  g_assert_true (joinery_backup_write (tdb->db, backup, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  saved = joinery_test_dump_database (tdb->db);

  joinery_test_create (tdb->db, "organisation", "name", "Added After The Backup", "kind", "business", NULL);
  changed = joinery_test_dump_database (tdb->db);
  g_assert_cmpstr (changed, !=, saved);

  /* The window's connection stays open and sees the restored file. */
  g_assert_true (joinery_backup_restore (tdb->path, backup, keep, &before_path, &error));
  g_assert_no_error (error);
  now = joinery_test_dump_database (tdb->db);
  g_assert_cmpstr (now, ==, saved);
  g_assert_true (joinery_db_count (tdb->db, joinery_kind_lookup ("organisation"), NULL, &n, &error));
  g_assert_cmpint (n, ==, 1);
  reopened = joinery_db_open (tdb->path, JOINERY_DB_OPEN_QUICK_CHECK, &error);
  g_assert_no_error (error);
  joinery_test_assert_check_clean (reopened);
  g_clear_object (&reopened);

  /* What was replaced is kept, whole, and can be put back in turn. */
  g_assert_nonnull (before_path);
  g_assert_true (g_str_has_prefix (before_path, keep));
  g_assert_true (g_str_has_suffix (before_path, "-before-restore.joinery"));
  kept_dump = dump_file (before_path);
  g_assert_cmpstr (kept_dump, ==, changed);
  g_assert_true (joinery_backup_check (before_path, &error));
  g_assert_no_error (error);

  g_assert_true (joinery_backup_restore (tdb->path, before_path, keep, &again_path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, g_free);
  now = joinery_test_dump_database (tdb->db);
  g_assert_cmpstr (now, ==, changed);
  g_assert_cmpstr (again_path, !=, before_path);
  {
    g_autoptr(GPtrArray) list = joinery_backup_list (keep, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 2);
  }
}

/* A database too damaged to open is what one restores over most often. */
static void
test_restore_over_damaged (void)
{
  g_autoptr(JoineryTestDb) tdb = new_network ();
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (tdb->dir, "saved.joinery", NULL);
  g_autofree char *keep = g_build_filename (tdb->dir, "kept", NULL);
  g_autofree char *wal = g_strconcat (tdb->path, "-wal", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *now = NULL;
  g_autofree char *before_path = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *garbage = g_strnfill (64 * 1024, 'x');
  g_autoptr(JoineryDb) db = NULL;
  gsize length = 0;

  g_assert_true (joinery_backup_write (tdb->db, backup, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  saved = joinery_test_dump_database (tdb->db);
  joinery_db_close (tdb->db);
  joinery_db_remove_files (tdb->path);
  g_assert_true (g_file_set_contents (tdb->path, garbage, -1, NULL));

  db = joinery_db_open (tdb->path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_clear_error (&error);

  g_assert_true (joinery_backup_restore (tdb->path, backup, keep, &before_path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  db = joinery_db_open (tdb->path, JOINERY_DB_OPEN_QUICK_CHECK, &error);
  g_assert_no_error (error);
  now = joinery_test_dump_database (db);
  g_assert_cmpstr (now, ==, saved);
  joinery_test_assert_check_clean (db);

  /* The damaged file is kept as it was, byte for byte. */
  g_assert_true (g_file_get_contents (before_path, &kept, &length, NULL));
  g_assert_cmpuint (length, ==, 64 * 1024);
  g_assert_cmpstr (kept, ==, garbage);
}

/* Overwrite `n` pages in the middle of a file with garbage. */
static void
damage_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16 * 4096);
  memset (contents + (length / 4096 / 2) * 4096, 0x5a, 4 * 4096);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static void
assert_refused (JoineryTestDb *tdb, const char *backup, int code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = g_build_filename (tdb->dir, "kept", NULL);
  g_autofree char *before = joinery_test_dump_database (tdb->db);
  g_autofree char *after = NULL;
  g_autofree char *before_path = NULL;
  g_autofree char *names = NULL;

  g_assert_false (joinery_backup_check (backup, &error));
  g_assert_error (error, JOINERY_DB_ERROR, code);
  g_clear_error (&error);
  g_assert_false (joinery_backup_restore (tdb->path, backup, keep, &before_path, &error));
  g_assert_error (error, JOINERY_DB_ERROR, code);
  g_assert_nonnull (strstr (error->message, backup));
  g_assert_null (before_path);
  after = joinery_test_dump_database (tdb->db);
  g_assert_cmpstr (after, ==, before);
  names = list_names (keep);
  g_assert_cmpstr (names, ==, "");
}

static void
test_restore_refuses_bad_backups (void)
{
  g_autoptr(JoineryTestDb) tdb = new_network ();
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = g_build_filename (tdb->dir, "damaged.joinery", NULL);
  g_autofree char *newer = g_build_filename (tdb->dir, "newer.joinery", NULL);
  g_autofree char *foreign = g_build_filename (tdb->dir, "foreign.joinery", NULL);
  g_autofree char *text = g_build_filename (tdb->dir, "text.joinery", NULL);
  sqlite3 *handle = NULL;

  g_assert_true (joinery_backup_write (tdb->db, damaged, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  damage_file (damaged);
  assert_refused (tdb, damaged, JOINERY_DB_ERROR_CORRUPT);

  g_assert_true (joinery_backup_write (tdb->db, newer, NULL, NULL, NULL, &error));
  g_assert_cmpint (sqlite3_open (newer, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  assert_refused (tdb, newer, JOINERY_DB_ERROR_TOO_NEW);

  g_assert_cmpint (sqlite3_open (foreign, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (handle);
  assert_refused (tdb, foreign, JOINERY_DB_ERROR_NOT_JOINERY);

  g_assert_true (g_file_set_contents (text, "name,kind\nLeeds,council\n", -1, NULL));
  g_assert_false (joinery_backup_check (text, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* The database is not its own backup. */
  g_assert_false (joinery_backup_restore (tdb->path, tdb->path, tdb->dir, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
}

/* A backup is never put over another program's database, nor over one
 * from a newer Joinery. */
static void
test_restore_not_over_foreign (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (tdb->dir, "saved.joinery", NULL);
  g_autofree char *foreign = g_build_filename (tdb->dir, "foreign.sqlite", NULL);
  g_autofree char *keep = g_build_filename (tdb->dir, "kept", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  sqlite3 *handle = NULL;

  joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  g_assert_true (joinery_backup_write (tdb->db, backup, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (foreign, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (handle);
  before = joinery_test_read_file (foreign);
  g_assert_false (joinery_backup_restore (foreign, backup, keep, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY);
  after = joinery_test_read_file (foreign);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_error (&error);

  /* From a newer version: the same. */
  g_assert_cmpint (sqlite3_exec (joinery_db_get_handle (tdb->db), "PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (joinery_backup_restore (tdb->path, backup, keep, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_TOO_NEW);
  names = list_names (keep);
  g_assert_cmpstr (names, ==, "");
}

int
main (int argc, char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "--backup-child"))
    return run_child (argv);
  self_exe = argv[0];

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/backup/equals-source", test_equals_source);
  g_test_add_data_func ("/core/backup/written-meanwhile-wal", GINT_TO_POINTER (TRUE),
                        test_written_meanwhile);
  g_test_add_data_func ("/core/backup/written-meanwhile-rollback-journal", GINT_TO_POINTER (FALSE),
                        test_written_meanwhile);
  g_test_add_func ("/core/backup/rotate-keeps-n", test_rotate_keeps_n);
  g_test_add_func ("/core/backup/default-dir", test_default_dir);
  g_test_add_func ("/core/backup/cancel-leaves-nothing", test_cancel_leaves_nothing);
  g_test_add_func ("/core/backup/killed-leaves-nothing", test_killed_leaves_nothing);
  g_test_add_func ("/core/backup/restore-keeps-before", test_restore_keeps_before);
  g_test_add_func ("/core/backup/restore-over-damaged", test_restore_over_damaged);
  g_test_add_func ("/core/backup/restore-not-over-foreign", test_restore_not_over_foreign);
  g_test_add_func ("/core/backup/restore-refuses-bad-backups", test_restore_refuses_bad_backups);

  return g_test_run ();
}
