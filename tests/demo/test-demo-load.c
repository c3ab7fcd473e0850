/* test-demo-load.c: loading the demo, and the demo's files.
 *
 * The demo must load through the core's validated path without a single
 * refusal, leave a file that `joinery check` finds clean, load the same
 * every time — every row of every table, the audit trail, the undo log and
 * the search index's own tables included — and be all or nothing: a bad
 * file or a bad row leaves the database empty and says where the fault
 * is. The demo's files (create, temporary copies, reset) must never take
 * or overwrite a file that is not theirs.
 *
 * The two faulty datasets are GResources of this test alone, registered
 * only by the tests that need them (demo-bad-*.sql beside this file).
 */
#include "joinery-test-util.h"
#include "joinery-demo.h"
#include "demo-test-util.h"

#include <string.h>

#include <glib/gstdio.h>

#include "demo-bad-sql-resources.h"
#include "demo-bad-row-resources.h"

/* Helpers */

static char *
make_demo (const char *dir, const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (joinery_demo_create (path, &error));
  g_assert_no_error (error);
  return path;
}

static JoineryDb *
open_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  JoineryDb *db = joinery_db_open (path, JOINERY_DB_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  joinery_db_set_source (db, "test");
  return db;
}

/* Loading */

static void
test_load_clean (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  const JoineryKind * const *kinds = joinery_kinds ();

  g_assert_true (joinery_demo_load (tdb->db, &error));
  g_assert_no_error (error);
  joinery_test_assert_check_clean (tdb->db);

  /* Every kind of record is in the story, so that a trainee finds an
   * example of each. */
  for (guint k = 0; kinds[k] != NULL; k++)
    {
      gint64 n = 0;
      g_assert_true (joinery_db_count (tdb->db, kinds[k], NULL, &n, &error));
      g_assert_no_error (error);
      if (n == 0)
        g_test_message ("the demo has no %s", kinds[k]->plural);
      g_assert_cmpint (n, >, 0);
    }
  g_assert_cmpint (demo_test_count_records (tdb->db), ==, 1006);

  /* One change group, which cannot be undone: a trainee's Undo must not
   * wipe out the demo. */
  g_assert_cmpint (demo_test_query_int (tdb->db, "SELECT count(*) FROM change_groups"), ==, 1);
  g_assert_null (joinery_db_dup_undo_label (tdb->db));
  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  /* Every record was audited as made by the demo, at the demo's time; and
   * the connection's own source is back as it was. */
  g_assert_cmpint (demo_test_query_int (tdb->db, "SELECT count(*) FROM audit"), ==, 1006);
  g_assert_cmpint (demo_test_query_int (tdb->db, "SELECT count(*) FROM audit WHERE source = 'demo' AND action = 'create' "
                                       "AND at = '" JOINERY_DEMO_TIMESTAMP "'"), ==, 1006);
  g_assert_cmpstr (joinery_db_get_source (tdb->db), ==, "test");
  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE created_at <> '%s' "
                                              "OR updated_at <> '%s'", kinds[k]->table,
                                              JOINERY_DEMO_TIMESTAMP, JOINERY_DEMO_TIMESTAMP);
      g_assert_cmpint (demo_test_query_int (tdb->db, sql), ==, 0);
    }

  /* The search index holds it: the October event's quote is found. */
  {
    g_autoptr(GPtrArray) hits = joinery_db_search (tdb->db, "smart as all of us", NULL, 10, "[", "]", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpstr (((JoinerySearchHit *) hits->pdata[0])->kind->name, ==, "note");
  }
}

static void
test_load_identical (void)
{
  g_autoptr(JoineryTestDb) a = joinery_test_db_new ();
  g_autoptr(JoineryTestDb) b = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;

  g_assert_true (joinery_demo_load (a->db, &error));
  g_assert_no_error (error);
  /* A second apart at least, so that anything stamped with the clock
   * rather than the demo's time would differ. */
  g_usleep (1100 * 1000);
  g_assert_true (joinery_demo_load (b->db, &error));
  g_assert_no_error (error);

  dump_a = joinery_test_dump_database (a->db);
  dump_b = joinery_test_dump_database (b->db);
  g_assert_cmpuint (strlen (dump_a), >, 100000);
  g_assert_cmpstr (dump_a, ==, dump_b);
}

static void
test_load_refuses_non_empty (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  g_assert_false (joinery_demo_load (tdb->db, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "already holds records"));
  g_clear_error (&error);
  g_assert_cmpint (demo_test_count_records (tdb->db), ==, 1);

  /* Nor once its records are gone: its audit trail remains, and the demo
   * must be the first thing in a demo's trail. */
  id = demo_test_query_int (tdb->db, "SELECT id FROM organisations");
  g_assert_true (joinery_db_delete (tdb->db, joinery_kind_lookup ("organisation"), id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (demo_test_count_records (tdb->db), ==, 0);
  g_assert_false (joinery_demo_load (tdb->db, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_assert_cmpint (demo_test_count_records (tdb->db), ==, 0);
  g_assert_false (joinery_demo_is_demo (tdb->db));
}

static void
test_load_refuses_open_group (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_db_begin (tdb->db, "Something else", JOINERY_GROUP_DEFAULT, &error));
  g_assert_false (joinery_demo_load (tdb->db, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_clear_error (&error);
  joinery_db_rollback (tdb->db);
  g_assert_cmpint (demo_test_count_records (tdb->db), ==, 0);

  /* Nor into a file open read-only. */
  {
    g_autoptr(JoineryDb) read_only = joinery_db_open (tdb->path, JOINERY_DB_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    g_assert_false (joinery_demo_load (read_only, &error));
    g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY);
  }
  g_assert_cmpint (demo_test_count_records (tdb->db), ==, 0);
}

/* A faulty dataset, added to the real one for one test. */
static void
assert_load_fails (void (*register_resource) (void), void (*unregister_resource) (void),
                   GQuark domain, int code, const char *where)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;

  register_resource ();
  g_assert_false (joinery_demo_load (tdb->db, &error));
  unregister_resource ();

  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, where));
  g_clear_error (&error);
  /* All or nothing: the rows written before the fault are gone too. */
  g_assert_cmpint (demo_test_count_records (tdb->db), ==, 0);
  g_assert_cmpint (demo_test_query_int (tdb->db, "SELECT count(*) FROM audit"), ==, 0);
  g_assert_cmpint (demo_test_query_int (tdb->db, "SELECT count(*) FROM change_groups"), ==, 0);
  g_assert_false (joinery_db_in_group (tdb->db));
  g_assert_cmpstr (joinery_db_get_source (tdb->db), ==, "test");

  /* And the real dataset still loads into it. */
  g_assert_true (joinery_demo_load (tdb->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (demo_test_count_records (tdb->db), ==, 1006);
}

static void
test_load_bad_sql (void)
{
  assert_load_fails (demo_bad_sql_register_resource, demo_bad_sql_unregister_resource,
                     JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                     "the demo's file 999-bad-sql.sql, line 4: ref(“organisations”, “No Such Council”): "
                     "there is no organisation of that name");
}

static void
test_load_bad_row (void)
{
  /* Rows 1 to 28 are the real grants; this is the 29th. */
  assert_load_fails (demo_bad_row_register_resource, demo_bad_row_unregister_resource,
                     JOINERY_VALIDATION_ERROR,
                     JOINERY_VALIDATION_ERROR_REQUIRED,
                     "the demo's grants, row 29 (“Awarded without a date”): ");
}

/* Telling a demo apart */

static void
test_is_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("joinery-demo-test-XXXXXX", &error);
  g_autofree char *path = make_demo (dir, "demo.joinery");
  g_autofree char *copy = g_build_filename (dir, "copy.joinery", NULL);
  g_autofree char *other = g_build_filename (dir, "other.joinery", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (path);
  g_autoptr(GFile) to = g_file_new_for_path (copy);
  g_autoptr(JoineryDb) db = NULL;

  db = open_db (path);
  g_assert_true (joinery_demo_is_demo (db));
  g_clear_object (&db);

  /* A plain copy of the file, changed by a trainee, is still a demo. */
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  db = open_db (copy);
  joinery_test_create (db, "person", "name", "Trainee Example", "email", "trainee@example.org", NULL);
  g_assert_true (joinery_demo_is_demo (db));
  g_clear_object (&db);

  /* A database of one's own is not, empty or not. */
  db = joinery_db_open (other, JOINERY_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_false (joinery_demo_is_demo (db));
  joinery_test_create (db, "organisation", "name", "Bradford Council", "kind", "council", NULL);
  g_assert_false (joinery_demo_is_demo (db));
  g_clear_object (&db);

  /* Read-only, too. */
  db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (joinery_demo_is_demo (db));
  g_clear_object (&db);

  joinery_test_rm_rf (dir);
}

/* Files */

static void
test_create_refuses_existing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("joinery-demo-test-XXXXXX", &error);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.joinery", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "demo.joinery", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(JoineryDb) db = NULL;
  guint n_files = 0;

  /* Someone's file stays as it was. */
  g_assert_true (g_file_set_contents (text, "Minutes of the board\n", -1, &error));
  before = joinery_test_read_file (text);
  g_assert_false (joinery_demo_create (text, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "the file exists"));
  g_clear_error (&error);
  after = joinery_test_read_file (text);
  g_assert_true (g_bytes_equal (before, after));

  /* So does a Joinery database: the demo never overwrites one. */
  g_clear_pointer (&before, g_bytes_unref);
  g_clear_pointer (&after, g_bytes_unref);
  g_free (make_demo (dir, "mine.joinery"));
  {
    g_autofree char *mine = g_build_filename (dir, "mine.joinery", NULL);
    before = joinery_test_read_file (mine);
    g_assert_false (joinery_demo_create (mine, &error));
    g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
    g_clear_error (&error);
    after = joinery_test_read_file (mine);
    g_assert_true (g_bytes_equal (before, after));
  }

  /* An empty file is as good as none. */
  g_assert_true (g_file_set_contents (empty, "", 0, &error));
  g_assert_true (joinery_demo_create (empty, &error));
  g_assert_no_error (error);
  db = open_db (empty);
  g_assert_true (joinery_demo_is_demo (db));
  g_assert_cmpint (demo_test_count_records (db), ==, 1006);
  g_clear_object (&db);

  /* A folder that does not exist: an error, and nothing made. */
  g_assert_false (joinery_demo_create (missing, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* Nothing else was left behind: no half-made demo, no log. */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 3);

  joinery_test_rm_rf (dir);
}

static void
test_temporary (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = joinery_demo_create_temporary (&error);
  g_autofree char *b = NULL;
  g_autofree char *folder_a = NULL;
  g_autofree char *folder_b = NULL;
  g_autofree char *base = NULL;
  g_autoptr(JoineryDb) db = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (a);
  b = joinery_demo_create_temporary (&error);
  g_assert_no_error (error);

  /* Each in a folder of its own, private, under the temporary folder. */
  folder_a = g_path_get_dirname (a);
  folder_b = g_path_get_dirname (b);
  g_assert_cmpstr (folder_a, !=, folder_b);
  base = g_path_get_dirname (folder_a);
  g_assert_cmpstr (base, ==, g_get_tmp_dir ());
  {
    GStatBuf st;
    g_assert_cmpint (g_stat (folder_a, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }

  /* Fresh every time: a change to one is not in the other. */
  db = open_db (a);
  g_assert_true (joinery_demo_is_demo (db));
  joinery_test_create (db, "person", "name", "Trainee Example", NULL);
  g_assert_cmpint (demo_test_count_records (db), ==, 1007);
  g_clear_object (&db);
  db = open_db (b);
  g_assert_cmpint (demo_test_count_records (db), ==, 1006);
  g_clear_object (&db);

  /* Removed with its folder… */
  g_assert_true (joinery_demo_remove_temporary (a, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (a, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (folder_a, G_FILE_TEST_EXISTS));
  g_assert_true (joinery_demo_remove_temporary (b, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (folder_b, G_FILE_TEST_EXISTS));
}

static void
test_remove_temporary_refuses (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("joinery-test-XXXXXX", &error);
  g_autofree char *path = make_demo (dir, "demo.joinery");
  g_autofree char *other = make_demo (dir, "network.joinery");

  /* Not in a folder the demo made: left alone, however it is named. */
  g_assert_false (joinery_demo_remove_temporary (path, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (joinery_demo_remove_temporary (other, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));

  joinery_test_rm_rf (dir);
}

static void
test_reset (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("joinery-demo-test-XXXXXX", &error);
  g_autofree char *path = make_demo (dir, "demo.joinery");
  g_autofree char *fresh_path = make_demo (dir, "fresh.joinery");
  g_autofree char *mine = g_build_filename (dir, "mine.joinery", NULL);
  g_autofree char *dump_fresh = NULL;
  g_autofree char *dump_reset = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(JoineryDb) db = NULL;
  gint64 grant;

  /* A morning's work on the demo… */
  db = open_db (path);
  grant = demo_test_query_int (db, "SELECT id FROM grants WHERE reference = 'NYIF-4-01'");
  g_assert_true (joinery_db_delete (db, joinery_kind_lookup ("grant"), grant, &error));
  g_assert_no_error (error);
  joinery_test_create (db, "person", "name", "Trainee Example", NULL);
  g_clear_object (&db);

  /* …undone by a reset: the same as a fresh demo, row for row. */
  g_assert_true (joinery_demo_reset (path, &error));
  g_assert_no_error (error);
  db = open_db (path);
  g_assert_true (joinery_demo_is_demo (db));
  g_assert_cmpint (demo_test_query_int (db, "SELECT count(*) FROM grants WHERE reference = 'NYIF-4-01'"), ==, 1);
  g_assert_cmpint (demo_test_query_int (db, "SELECT count(*) FROM people WHERE name = 'Trainee Example'"), ==, 0);
  dump_reset = joinery_test_dump_database (db);
  g_clear_object (&db);
  db = open_db (fresh_path);
  dump_fresh = joinery_test_dump_database (db);
  g_clear_object (&db);
  g_assert_cmpstr (dump_reset, ==, dump_fresh);

  /* A database that is not the demo is never reset. */
  db = joinery_db_open (mine, JOINERY_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  joinery_test_create (db, "organisation", "name", "Wigan Council", "kind", "council", NULL);
  g_clear_object (&db);
  before = joinery_test_read_file (mine);
  g_assert_false (joinery_demo_reset (mine, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "it is not the demo"));
  g_clear_error (&error);
  after = joinery_test_read_file (mine);
  g_assert_true (g_bytes_equal (before, after));

  /* Nor is a file that is not a Joinery database, or none at all. */
  g_clear_pointer (&before, g_bytes_unref);
  g_clear_pointer (&after, g_bytes_unref);
  {
    g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
    g_autofree char *none = g_build_filename (dir, "none.joinery", NULL);

    g_assert_true (g_file_set_contents (text, "not a database", -1, &error));
    before = joinery_test_read_file (text);
    g_assert_false (joinery_demo_reset (text, &error));
    g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY);
    g_clear_error (&error);
    after = joinery_test_read_file (text);
    g_assert_true (g_bytes_equal (before, after));
    g_assert_false (joinery_demo_reset (none, &error));
    g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
    g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
  }

  joinery_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/load/clean", test_load_clean);
  g_test_add_func ("/demo/load/identical", test_load_identical);
  g_test_add_func ("/demo/load/refuses-non-empty", test_load_refuses_non_empty);
  g_test_add_func ("/demo/load/refuses-open-group", test_load_refuses_open_group);
  g_test_add_func ("/demo/load/bad-sql", test_load_bad_sql);
  g_test_add_func ("/demo/load/bad-row", test_load_bad_row);
  g_test_add_func ("/demo/is-demo", test_is_demo);
  g_test_add_func ("/demo/files/create-refuses-existing", test_create_refuses_existing);
  g_test_add_func ("/demo/files/temporary", test_temporary);
  g_test_add_func ("/demo/files/remove-temporary-refuses", test_remove_temporary_refuses);
  g_test_add_func ("/demo/files/reset", test_reset);

  return g_test_run ();
}
