/* test-trust-bad-input.c: a bad file gets a clear message and loses
 * nothing, through the core and through the command line.
 *
 * For each: another program's SQLite database, a file that is not SQLite
 * at all, a damaged file, a file from a newer Joinery, a full disk (the
 * VFS shim of trust-faults.c answering SQLITE_FULL), a read-only file and
 * a file in a folder that cannot be written to — the message the core
 * gives (its domain, code and exact words), the message and exit status
 * of `joinery list` and `joinery add` on it, and the proof that nothing
 * changed: the file byte for byte, no -wal, -shm or -journal left beside a
 * refused file, the records as they were.
 *
 * The read-only cases run as an unprivileged user: as root (as in CI) the
 * test drops to "nobody" (uid 65534) in a subprocess, since root may write
 * to any file.
 */
#include "joinery-test-util.h"
#include "trust-faults.h"

#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define NOBODY 65534

typedef struct {
  char *dir;
  char *path;
} Scratch;

static Scratch *
scratch_new (const char *name)
{
  Scratch *s = g_new0 (Scratch, 1);

  s->dir = trust_make_scratch_dir ("joinery-bad-input-XXXXXX");
  s->path = g_build_filename (s->dir, name, NULL);
  return s;
}

static void
scratch_free (Scratch *s)
{
  g_chmod (s->dir, 0700);
  joinery_test_rm_rf (s->dir);
  g_free (s->dir);
  g_free (s->path);
  g_free (s);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scratch, scratch_free)

/* A Joinery file with two records, closed. */
static void
make_joinery_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_CREATE, &error);

  g_assert_no_error (error);
  joinery_test_create (db, "organisation", "name", "Calderbrook Council", "kind", "council", NULL);
  joinery_test_create (db, "person", "name", "Amara Ridgestone", "email", "amara.ridgestone@example.org", NULL);
}

static void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);
}

static void
assert_no_companions (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (path, suffixes[i], NULL);
      if (g_file_test (companion, G_FILE_TEST_EXISTS))
        g_error ("“%s” was left beside a refused file", companion);
    }
}

/* A message with the file's path in place of "{path}". */
static char *
with_path (const char *shape, const char *path)
{
  g_auto(GStrv) parts = g_strsplit (shape, "{path}", -1);
  return g_strjoinv (path, parts);
}

/* The core refuses the file, whichever way it is opened, with `message`
 * (its shape: see with_path()), and leaves it as it was. */
static void
assert_core_refuses (const char *path, int code, const char *message_format)
{
  static const JoineryDbOpenFlags flags[] = {
    JOINERY_DB_OPEN_DEFAULT, JOINERY_DB_OPEN_QUICK_CHECK, JOINERY_DB_OPEN_READ_ONLY, JOINERY_DB_OPEN_CREATE,
  };
  g_autoptr(GBytes) before = joinery_test_read_file (path);
  g_autofree char *message = with_path (message_format, path);

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JoineryDb) db = joinery_db_open (path, flags[i], &error);
      g_autoptr(GBytes) after = NULL;

      g_assert_null (db);
      g_assert_error (error, JOINERY_DB_ERROR, code);
      g_assert_cmpstr (error->message, ==, message);
      after = joinery_test_read_file (path);
      g_assert_true (g_bytes_equal (before, after));
      assert_no_companions (path);
    }
}

/* `joinery --db PATH ARGS…` fails with status 1, saying `message` on
 * standard error, and leaves the file as it was. */
static void
assert_cli_refuses (const char *path, const char * const *args, const char *message_format)
{
  g_autoptr(GBytes) before = joinery_test_read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *message = with_path (message_format, path);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  status = joinery_test_run_joinery (dir, NULL, (const char * const *) argv->pdata, &out, &err);
  g_test_message ("joinery %s: %d, %s", args[0], status, err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, message);
  after = joinery_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  assert_no_companions (path);
}

static const char * const list_args[] = { "list", "people", NULL };
static const char * const add_args[] = { "add", "person", "name=Gethin Ashcombe", NULL };

/* Another program's SQLite database */

static void
test_foreign_sqlite (void)
{
  g_autoptr(Scratch) s = scratch_new ("contacts.db");
  static const char message[] = "“{path}” is an SQLite database but not a Joinery one; it was left untouched";

  raw_exec (s->path, "CREATE TABLE contacts (name TEXT, phone TEXT);"
                     "INSERT INTO contacts VALUES ('Amara Ridgestone', '01632 960001');");
  assert_core_refuses (s->path, JOINERY_DB_ERROR_NOT_JOINERY, message);
  assert_cli_refuses (s->path, list_args, "joinery: cannot open the database: “{path}” is an SQLite database but "
                                          "not a Joinery one; it was left untouched\n");
  assert_cli_refuses (s->path, add_args, "joinery: cannot open the database: “{path}” is an SQLite database but "
                                         "not a Joinery one; it was left untouched\n");
}

/* Not SQLite at all: a spreadsheet saved as CSV, given as the database */

static void
test_not_sqlite (void)
{
  g_autoptr(Scratch) s = scratch_new ("members.csv");
  g_autoptr(GError) error = NULL;
  static const char message[] =
    "“{path}” is not a Joinery database (it is not an SQLite file); it was left untouched";

  g_file_set_contents (s->path, "Name,Email\r\nAmara Ridgestone,amara.ridgestone@example.org\r\n"
                                "Gethin Ashcombe,gethin.ashcombe@example.org\r\n"
                                "Ifeoma Castleton,ifeoma.castleton@example.org\r\n", -1, &error);
  g_assert_no_error (error);
  assert_core_refuses (s->path, JOINERY_DB_ERROR_NOT_JOINERY, message);
  assert_cli_refuses (s->path, list_args, "joinery: cannot open the database: “{path}” is not a Joinery database "
                                          "(it is not an SQLite file); it was left untouched\n");
  assert_cli_refuses (s->path, add_args, "joinery: cannot open the database: “{path}” is not a Joinery database "
                                         "(it is not an SQLite file); it was left untouched\n");
}

/* A newer Joinery's file: refused for writing and reading, naming both
 * versions. */

static void
test_newer_version (void)
{
  g_autoptr(Scratch) s = scratch_new ("newer.joinery");
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %u", joinery_db_latest_version () + 1);
  g_autofree char *message = NULL;
  g_autofree char *cli_message = NULL;

  make_joinery_file (s->path);
  raw_exec (s->path, pragma);
  message = g_strdup_printf ("“{path}” was written by a newer version of Joinery (schema %u; this version knows "
                             "up to %u); it was left untouched — update Joinery to open it",
                             joinery_db_latest_version () + 1, joinery_db_latest_version ());
  assert_core_refuses (s->path, JOINERY_DB_ERROR_TOO_NEW, message);
  cli_message = g_strconcat ("joinery: cannot open the database: ", message, "\n", NULL);
  assert_cli_refuses (s->path, list_args, cli_message);
  assert_cli_refuses (s->path, add_args, cli_message);
}

/* A damaged file: the people table's root page overwritten. Opened with
 * the quick check, it is refused; the command line's reads and writes
 * fail saying the file is damaged, and change nothing. */

static void
test_damaged (void)
{
  g_autoptr(Scratch) s = scratch_new ("damaged.joinery");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *prefix = NULL;
  guint8 *data;
  gsize size, page_size;
  gint64 root;

  make_joinery_file (s->path);
  {
    g_autoptr(JoineryDb) db = joinery_db_open (s->path, JOINERY_DB_OPEN_DEFAULT, &error);
    g_autofree char *rows = NULL;
    g_assert_no_error (error);
    rows = trust_query_rows (joinery_db_get_handle (db), "SELECT rootpage FROM sqlite_schema WHERE name = 'people'");
    root = g_ascii_strtoll (rows, NULL, 10);
  }
  bytes = joinery_test_read_file (s->path);
  data = g_bytes_unref_to_data (g_steal_pointer (&bytes), &size);
  page_size = (gsize) data[16] << 8 | data[17];
  g_assert_cmpint (root, >, 1);
  memset (data + (root - 1) * page_size, 0x5A, page_size);
  g_file_set_contents (s->path, (const char *) data, (gssize) size, &error);
  g_free (data);
  g_assert_no_error (error);

  {
    g_autoptr(GBytes) before = joinery_test_read_file (s->path);
    g_autoptr(GBytes) after = NULL;
    g_autoptr(JoineryDb) db = joinery_db_open (s->path, JOINERY_DB_OPEN_QUICK_CHECK, &error);

    g_assert_null (db);
    g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CORRUPT);
    prefix = g_strdup_printf ("“%s” is damaged (", s->path);
    g_assert_true (g_str_has_prefix (error->message, prefix));
    g_assert_true (g_str_has_suffix (error->message, "); restore it from a backup"));
    after = joinery_test_read_file (s->path);
    g_assert_true (g_bytes_equal (before, after));
    assert_no_companions (s->path);
    g_clear_error (&error);
  }

  /* Without the quick check the schema opens, and what reads the damaged
   * table fails as damage. */
  {
    g_autoptr(JoineryDb) db = joinery_db_open (s->path, JOINERY_DB_OPEN_DEFAULT, &error);
    g_autoptr(GPtrArray) people = NULL;

    g_assert_no_error (error);
    people = joinery_db_list (db, joinery_kind_lookup ("person"), NULL, &error);
    g_assert_null (people);
    g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CORRUPT);
    g_assert_cmpstr (error->message, ==, "the file is damaged; restore it from a backup");
    g_clear_error (&error);
    g_assert_cmpint (joinery_test_try_create (db, &error, "person", "name", "Gethin Ashcombe", NULL), ==, 0);
    g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CORRUPT);
    g_clear_error (&error);
  }
  assert_cli_refuses (s->path, list_args, "joinery: cannot list people: the file is damaged; restore it from a backup\n");
  assert_cli_refuses (s->path, add_args, "joinery: cannot add person: the file is damaged; restore it from a backup\n");
}

/* A full disk: every write from the first fails with SQLITE_FULL. */

static void
test_full_disk (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JoineryRecord) person = joinery_record_new (joinery_kind_lookup ("person"));
  g_autoptr(JoineryRecord) changed = NULL;
  gint64 id;

  id = joinery_test_create (tdb->db, "person", "name", "Amara Ridgestone", NULL);
  before = joinery_test_dump_database (tdb->db);

  trust_vfs_arm (TRUST_IO_WRITE, 1, SQLITE_FULL, TRUE);
  joinery_record_set_text (person, "name", "Gethin Ashcombe");
  g_assert_false (joinery_db_create (tdb->db, person, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FULL);
  g_assert_cmpstr (error->message, ==, "the disk is full");
  g_assert_cmpint (joinery_record_get_id (person), ==, 0);
  g_clear_error (&error);

  changed = joinery_db_get (tdb->db, joinery_kind_lookup ("person"), id, &error);
  g_assert_no_error (error);
  joinery_record_set_text (changed, "job_title", "Integration Lead");
  g_assert_false (joinery_db_update (tdb->db, changed, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FULL);
  g_clear_error (&error);

  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FULL);
  g_clear_error (&error);
  g_assert_true (trust_vfs_fired ());
  trust_vfs_disarm ();

  /* Nothing changed, in the connection and in the file; with room again,
   * the same save goes through. */
  after = joinery_test_dump_database (tdb->db);
  g_assert_cmpstr (after, ==, before);
  g_clear_object (&tdb->db);
  tdb->db = joinery_db_open (tdb->path, JOINERY_DB_OPEN_QUICK_CHECK, &error);
  g_assert_no_error (error);
  g_free (after);
  after = joinery_test_dump_database (tdb->db);
  g_assert_cmpstr (after, ==, before);
  joinery_test_assert_check_clean (tdb->db);
  g_assert_true (joinery_db_create (tdb->db, person, &error));
  g_assert_no_error (error);
}

/* Read-only files, as a user who may not write them */

static void
drop_privileges (void)
{
  if (geteuid () != 0)
    return;
  if (setgroups (0, NULL) != 0 || setgid (NOBODY) != 0 || setuid (NOBODY) != 0)
    g_error ("cannot become nobody: %s", g_strerror (errno));
}

static void
drop_privileges_cb (gpointer data)
{
  drop_privileges ();
}

/* Whether the unprivileged user can run `joinery` at all: as root, in a
 * checkout under a private folder (/root), it cannot. */
static gboolean
unprivileged_can_run_joinery (void)
{
  const char *bin = g_getenv ("JOINERY_BIN");
  pid_t pid;
  int status = 0;

  if (geteuid () != 0)
    return TRUE;
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      drop_privileges ();
      _exit (g_access (bin, X_OK) == 0 ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static int
run_joinery_unprivileged (const char *path, const char * const *args, char **out, char **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("JOINERY_BIN"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync ("/", (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, drop_privileges_cb, NULL, out, err,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

/* A read-only file in `folder_mode`, made by the test (as itself). */
static Scratch *
make_read_only (guint folder_mode)
{
  Scratch *s = scratch_new ("read-only.joinery");

  make_joinery_file (s->path);
  g_assert_cmpint (g_chmod (s->path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (s->dir, folder_mode), ==, 0);
  return s;
}

/* In a subprocess, as an unprivileged user: the core opens the file for
 * reading, reads it, and refuses each write saying why. */
static void
test_read_only_file_core (void)
{
  if (g_test_subprocess ())
    {
      const char *path = g_getenv ("TRUST_READ_ONLY_PATH");
      g_autoptr(GError) error = NULL;
      g_autoptr(JoineryDb) db = NULL;
      g_autoptr(GPtrArray) people = NULL;
      g_autoptr(GBytes) before = NULL;
      g_autoptr(GBytes) after = NULL;
      g_autofree char *message = NULL;

      drop_privileges ();
      g_assert_cmpint (g_access (path, W_OK), !=, 0);
      before = joinery_test_read_file (path);
      db = joinery_db_open (path, JOINERY_DB_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_true (joinery_db_is_read_only (db));
      people = joinery_db_list (db, joinery_kind_lookup ("person"), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (people->len, ==, 1);

      message = g_strdup_printf ("“%s” is a read-only file: it was opened for reading only, and nothing "
                                 "was changed", path);
      g_assert_cmpint (joinery_test_try_create (db, &error, "person", "name", "Gethin Ashcombe", NULL), ==, 0);
      g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
      g_assert_cmpstr (error->message, ==, message);
      g_clear_error (&error);
      g_assert_false (joinery_db_delete (db, joinery_kind_lookup ("person"), 1, &error));
      g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
      g_clear_error (&error);
      g_assert_false (joinery_db_undo (db, NULL, &error));
      g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
      g_clear_error (&error);
      g_clear_object (&db);
      after = joinery_test_read_file (path);
      g_assert_true (g_bytes_equal (before, after));
      return;
    }

  {
    g_autoptr(Scratch) s = make_read_only (0777);
    g_setenv ("TRUST_READ_ONLY_PATH", s->path, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
    g_unsetenv ("TRUST_READ_ONLY_PATH");
  }
}

static void
test_read_only_file_cli (void)
{
  g_autoptr(Scratch) s = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *message = NULL;

  if (!unprivileged_can_run_joinery ())
    {
      g_test_skip ("nobody may run $JOINERY_BIN here (a private folder); /trust/bad-input/read-only-file-core "
                   "covers the core");
      return;
    }
  s = make_read_only (0777);
  before = joinery_test_read_file (s->path);
  g_assert_cmpint (run_joinery_unprivileged (s->path, list_args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Amara Ridgestone"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_joinery_unprivileged (s->path, add_args, &out, &err), ==, 1);
  message = g_strdup_printf ("joinery: cannot add person: “%s” is a read-only file: it was opened for "
                             "reading only, and nothing was changed\n", s->path);
  g_assert_cmpstr (err, ==, message);
  g_assert_cmpstr (out, ==, "");
  after = joinery_test_read_file (s->path);
  g_assert_true (g_bytes_equal (before, after));
}

/* A file in a folder nobody but its owner may write to: SQLite cannot
 * make its lock files, so even reading is refused, saying why. */
static void
test_read_only_folder (void)
{
  g_autoptr(Scratch) s = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *message = NULL;

  if (!unprivileged_can_run_joinery ())
    {
      g_test_skip ("nobody may run $JOINERY_BIN here (a private folder)");
      return;
    }
  s = make_read_only (0555);
  before = joinery_test_read_file (s->path);
  message = g_strdup_printf ("joinery: cannot open the database: cannot open “%s”: its folder "
                             "cannot be written to, and SQLite needs to keep its lock files "
                             "beside the database; copy it to a folder you can write to\n", s->path);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_assert_cmpint (run_joinery_unprivileged (s->path, i == 0 ? list_args : add_args, &out, &err), ==, 1);
      g_assert_cmpstr (err, ==, message);
      g_assert_cmpstr (out, ==, "");
    }
  after = joinery_test_read_file (s->path);
  g_assert_true (g_bytes_equal (before, after));
  assert_no_companions (s->path);
}

int
main (int argc, char **argv)
{
  trust_vfs_install ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trust/bad-input/foreign-sqlite", test_foreign_sqlite);
  g_test_add_func ("/trust/bad-input/not-sqlite", test_not_sqlite);
  g_test_add_func ("/trust/bad-input/newer-version", test_newer_version);
  g_test_add_func ("/trust/bad-input/damaged", test_damaged);
  g_test_add_func ("/trust/bad-input/full-disk", test_full_disk);
  g_test_add_func ("/trust/bad-input/read-only-file-core", test_read_only_file_core);
  g_test_add_func ("/trust/bad-input/read-only-file-cli", test_read_only_file_cli);
  g_test_add_func ("/trust/bad-input/read-only-folder", test_read_only_folder);

  return g_test_run ();
}
