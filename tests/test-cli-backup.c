/* test-cli-backup.c: `joinery backup`, `joinery backups` and
 * `joinery restore`, driven as a user drives them.
 *
 * Each test runs the real program ($JOINERY_BIN) in a temporary folder of
 * its own, with XDG_DATA_HOME inside it, so that the default backup folder
 * is there too and nothing outside is touched. A restore must ask first
 * (refuse without --yes when it cannot ask), keep what it replaces, and
 * refuse a damaged backup with the database unchanged.
 */
#include "joinery-test-util.h"
#include "joinery-backup.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* dir, db (dir/test.joinery, given with --db), data_home and env. */
typedef JoineryTestCli Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  joinery_test_cli_init (f, NULL, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  joinery_test_cli_clear (f);
}

/* `joinery --db <the test's file> ARGS…`, nothing on standard input (as
 * from a script: nobody there to answer a question). */
static int G_GNUC_NULL_TERMINATED
cli (Fixture *f, char **out, char **err, const char *first, ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = joinery_test_cli_run_va (f, NULL, TRUE, out, err, first, ap);
  va_end (ap);
  return status;
}

#define cli_ok(f, ...) G_STMT_START {                                  \
    g_autofree char *ok_out_ = NULL;                                   \
    g_autofree char *ok_err_ = NULL;                                   \
    int ok_status_ = cli (f, &ok_out_, &ok_err_, __VA_ARGS__, NULL);   \
    if (ok_status_ != 0)                                               \
      g_test_message ("stderr: %s", ok_err_);                          \
    g_assert_cmpint (ok_status_, ==, 0);                               \
    g_assert_cmpstr (ok_err_, ==, "");                                 \
  } G_STMT_END

static void
make_db (Fixture *f)
{
  cli_ok (f, "init");
  cli_ok (f, "add", "organisation", "name=Leeds City Council", "kind=council");
}

static gint64
count_organisations (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open (f->db, JOINERY_DB_OPEN_READ_ONLY, &error);
  gint64 n = -1;

  g_assert_no_error (error);
  g_assert_true (joinery_db_count (db, joinery_kind_lookup ("organisation"), NULL, &n, &error));
  return n;
}

static char *
dump_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return joinery_test_dump_database (db);
}

/* `joinery backups --format json`, parsed. */
static JsonArray *
list_backups (Fixture *f, JsonParser **parser_out)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonParser *parser = json_parser_new ();

  g_assert_cmpint (cli (f, &out, &err, "--format", "json", "backups", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  *parser_out = parser;
  return json_node_get_array (json_parser_get_root (parser));
}

/* Tests */

static void
test_backup_default_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *expected_start = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *list;
  JsonObject *first;
  const char *path;
  GStatBuf st;

  make_db (f);
  g_assert_cmpint (cli (f, &out, &err, "backup", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");

  /* Beside the user's data, in a folder of this database's own. */
  g_assert_true (g_setenv ("XDG_DATA_HOME", f->data_home, TRUE));
  folder = joinery_backup_default_dir (f->db);
  g_assert_true (g_str_has_prefix (folder, f->data_home));
  expected_start = g_strdup_printf ("Backed up %s to %s/", f->db, folder);
  g_assert_true (g_str_has_prefix (out, expected_start));
  g_assert_nonnull (strstr (out, "The newest 7 dated backups in"));

  list = list_backups (f, &parser);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  first = json_array_get_object_element (list, 0);
  path = json_object_get_string_member (first, "path");
  g_assert_true (g_str_has_prefix (path, folder));
  g_assert_nonnull (strstr (out, path));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (json_object_get_int_member (first, "size"), ==, st.st_size);
  g_assert_cmpuint (strlen (json_object_get_string_member (first, "day")), ==, 10);

  /* The text list names it, with its size. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, &out, &err, "backups", NULL), ==, 0);
  g_assert_nonnull (strstr (out, json_object_get_string_member (first, "name")));
  g_assert_nonnull (strstr (out, "kB"));
}

static void
test_backup_output (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *source = NULL;
  g_autofree char *target = NULL;

  make_db (f);
  copy = g_build_filename (f->dir, "copy.joinery", NULL);
  cli_ok (f, "backup", "--output", "copy.joinery");
  source = dump_file (f->db);
  target = dump_file (copy);
  g_assert_cmpstr (target, ==, source);

  /* Never over an existing file. */
  g_assert_cmpint (cli (f, &out, &err, "backup", "--output", "copy.joinery", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));

  /* Usage. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "backup", "--output", "b.joinery", "--dir", "d", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "either --output or --dir"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "backup", "--keep", "0", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--keep"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "backup", "--output", "b.joinery", "--keep", "3", NULL), ==, 2);

  /* No database, no backup. */
  g_clear_pointer (&err, g_free);
  joinery_db_remove_files (f->db);
  g_assert_cmpint (cli (f, NULL, &err, "backup", "--output", "c.joinery", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "does not exist"));
}

static void
test_backup_keep (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  make_db (f);
  dir = g_build_filename (f->dir, "saved", NULL);
  for (int i = 0; i < 4; i++)
    cli_ok (f, "backup", "--dir", "saved", "--keep", "2");
  list = joinery_backup_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
}

static void
test_restore (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *now = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *list;
  const char *before_name;

  make_db (f);
  cli_ok (f, "backup", "--output", "saved.joinery");
  saved = dump_file (f->db);
  cli_ok (f, "add", "organisation", "name=Added Later", "kind=business");
  g_assert_cmpint (count_organisations (f), ==, 2);

  /* Nobody to ask: refused without --yes, nothing changed. */
  g_assert_cmpint (cli (f, &out, &err, "restore", "saved.joinery", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "add --yes to confirm"));
  g_assert_cmpint (count_organisations (f), ==, 2);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, &out, &err, "restore", "saved.joinery", "--yes", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "Restored "));
  g_assert_nonnull (strstr (out, "-before-restore.joinery"));
  g_assert_cmpint (count_organisations (f), ==, 1);
  now = dump_file (f->db);
  g_assert_cmpstr (now, ==, saved);

  /* The replaced data is listed as a backup and can be put back by name. */
  list = list_backups (f, &parser);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  before_name = json_object_get_string_member (json_array_get_object_element (list, 0), "name");
  g_assert_true (g_str_has_suffix (before_name, "-before-restore.joinery"));
  cli_ok (f, "restore", before_name, "--yes");
  g_assert_cmpint (count_organisations (f), ==, 2);
}

static void
test_restore_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *backup_folder = NULL;
  gsize length = 0;

  make_db (f);
  cli_ok (f, "backup", "--output", "saved.joinery");
  cli_ok (f, "add", "organisation", "name=Added Later", "kind=business");
  before = dump_file (f->db);

  /* A damaged backup: a run of garbage over its middle pages. */
  backup = g_build_filename (f->dir, "saved.joinery", NULL);
  g_assert_true (g_file_get_contents (backup, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8 * 4096);
  memset (contents + 4 * 4096, 0x5a, length - 5 * 4096);
  g_assert_true (g_file_set_contents (backup, contents, length, NULL));

  g_assert_cmpint (cli (f, &out, &err, "restore", "saved.joinery", "--yes", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is damaged"));
  g_assert_cmpstr (out, ==, "");
  after = dump_file (f->db);
  g_assert_cmpstr (after, ==, before);

  /* Nothing was kept, as nothing was replaced. */
  g_assert_true (g_setenv ("XDG_DATA_HOME", f->data_home, TRUE));
  backup_folder = joinery_backup_default_dir (f->db);
  g_assert_false (g_file_test (backup_folder, G_FILE_TEST_EXISTS));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "restore", "missing.joinery", "--yes", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "missing.joinery"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "restore", NULL), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cli/backup/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("default-folder", test_backup_default_folder);
  ADD ("output", test_backup_output);
  ADD ("keep", test_backup_keep);
  ADD ("restore", test_restore);
  ADD ("restore-refused", test_restore_refused);
#undef ADD

  return g_test_run ();
}
