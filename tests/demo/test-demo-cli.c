/* test-demo-cli.c: `joinery demo`, the trainer's command.
 *
 * Driven as a trainer drives it: the real program in a folder of its own.
 * `joinery demo --output FILE` writes a fresh demo and never overwrites a
 * file; every copy is fresh, whatever was done to the ones before; the
 * dataset the copies come from (the master) is never touched. `joinery
 * demo` alone hands the window a temporary copy marked as the demo, and
 * removes it afterwards: without a display there is no window, so the test plays the
 * window itself through the command line's launcher, in this process.
 */
#include "joinery-test-util.h"
#include "joinery-demo.h"
#include "joinery-cli.h"
#include "demo-test-util.h"

#include <string.h>

#include <glib/gstdio.h>

static gboolean
file_is_demo (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return joinery_demo_is_demo (db);
}

static void
test_output (void)
{
  g_autoptr(DemoRun) run = demo_run_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = g_build_filename (run->dir, "workshop.joinery", NULL);

  g_assert_cmpint (demo_run (run, &out, &err, "demo", "--output", "workshop.joinery", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Wrote a fresh copy of the demo to workshop.joinery\n");
  g_assert_cmpstr (err, ==, "");
  /* One whole file, ready to hand out: no log beside it. */
  g_assert_cmpuint (demo_run_count_entries (run->dir), ==, 2); /* tmp/ and the copy */
  g_assert_true (file_is_demo (path));
  g_assert_cmpint (demo_test_count_file_records (path), ==, 1006);

  /* `joinery check` finds nothing wrong with it. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (demo_run (run, &out, NULL, "--db", "workshop.joinery", "check", "--full", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "ok: no problems found (schema 6, 1006 records)\n");
}

static void
test_output_refuses_existing (void)
{
  g_autoptr(DemoRun) run = demo_run_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = g_build_filename (run->dir, "attendees.txt", NULL);
  g_autofree char *copy = g_build_filename (run->dir, "attendee-1.joinery", NULL);

  g_assert_true (g_file_set_contents (text, "Names of today's attendees\n", -1, &error));
  before = joinery_test_read_file (text);
  g_assert_cmpint (demo_run (run, NULL, &err, "demo", "--output", "attendees.txt", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "joinery: cannot make a copy of the demo: cannot write the demo to "
                   "“attendees.txt”: the file exists (name a new file)\n");
  after = joinery_test_read_file (text);
  g_assert_true (g_bytes_equal (before, after));

  /* Nor an attendee's copy, with their morning's work in it. */
  g_assert_cmpint (demo_run (run, NULL, NULL, "demo", "--output", "attendee-1.joinery", NULL), ==, 0);
  g_assert_cmpint (demo_run (run, NULL, NULL, "--db", "attendee-1.joinery", "add", "person",
                             "name=Trainee Example", NULL), ==, 0);
  g_clear_pointer (&before, g_bytes_unref);
  g_clear_pointer (&after, g_bytes_unref);
  before = joinery_test_read_file (copy);
  g_assert_cmpint (demo_run (run, NULL, NULL, "demo", "--output", "attendee-1.joinery", NULL), ==, 1);
  after = joinery_test_read_file (copy);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (demo_test_count_file_records (copy), ==, 1007);
}

static void
test_usage (void)
{
  g_autoptr(DemoRun) run = demo_run_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (demo_run (run, NULL, &err, "demo", "--output", "", NULL), ==, 2);
  g_assert_cmpstr (err, ==, "joinery: --output needs a file name\nTry “joinery demo --help”.\n");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (demo_run (run, NULL, &err, "demo", "copy.joinery", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "unexpected argument “copy.joinery”"));
  g_assert_cmpuint (demo_run_count_entries (run->dir), ==, 1);

  g_assert_cmpint (demo_run (run, &out, NULL, "help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "  demo [--output FILE]"));
  g_assert_nonnull (strstr (out, "Open a fresh copy of the demo, or write one to a file"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (demo_run (run, &out, NULL, "demo", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--output=FILE"));
  g_assert_nonnull (strstr (out, "joinery demo --output workshop.joinery"));
}

/* Every copy fresh, the master untouched. */
static void
test_copies_are_fresh (void)
{
  g_autoptr(DemoRun) run = demo_run_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) listing = g_dir_open (DEMO_SOURCE_DIR, 0, &error);
  g_autofree char *a = g_build_filename (run->dir, "a.joinery", NULL);
  g_autofree char *b = g_build_filename (run->dir, "b.joinery", NULL);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      char *path = g_build_filename (DEMO_SOURCE_DIR, name, NULL);
      g_ptr_array_add (sources, path);
      g_ptr_array_add (before, joinery_test_read_file (path));
    }
  g_assert_cmpuint (sources->len, >=, 12);

  /* A trainee changes their copy… */
  g_assert_cmpint (demo_run (run, NULL, NULL, "demo", "--output", "a.joinery", NULL), ==, 0);
  g_assert_cmpint (demo_run (run, NULL, NULL, "--db", "a.joinery", "set", "person", "11",
                             "name=Hannah Ashworth", NULL), ==, 0);
  g_assert_cmpint (demo_run (run, NULL, NULL, "--db", "a.joinery", "delete", "tag", "1", NULL), ==, 0);
  g_assert_cmpint (demo_test_count_file_records (a), ==, 1005);

  /* …and the next copy, and the window's, are the demo as it was. */
  g_assert_cmpint (demo_run (run, NULL, NULL, "demo", "--output", "b.joinery", NULL), ==, 0);
  g_assert_cmpint (demo_test_count_file_records (b), ==, 1006);
  {
    g_autoptr(JoineryDb) db = joinery_db_open (b, JOINERY_DB_OPEN_READ_ONLY, &error);
    g_autofree char *label = joinery_db_dup_label (db, joinery_kind_lookup ("person"), 11);
    g_assert_cmpstr (label, ==, "Hannah Ashwoth");
  }
  g_assert_cmpint (demo_run (run, NULL, NULL, "demo", NULL), ==, 1);

  /* The dataset itself is as it was. */
  for (guint i = 0; i < sources->len; i++)
    {
      g_autoptr(GBytes) after = joinery_test_read_file (sources->pdata[i]);
      g_assert_true (g_bytes_equal (before->pdata[i], after));
    }
}

/* The window's side */

static void
test_no_window (void)
{
  g_autoptr(DemoRun) run = demo_run_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (demo_run (run, &out, &err, "demo", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "joinery: there is no display to open the window on "
                   "(DISPLAY and WAYLAND_DISPLAY are not set)\n");
  /* The temporary copy is gone, and nothing else was made. */
  g_assert_cmpuint (demo_run_count_entries (run->tmp), ==, 0);
  g_assert_cmpuint (demo_run_count_entries (run->dir), ==, 1);
}

/* What the window was given, each time it was opened. */
typedef struct {
  char                  *path;
  JoineryCliLaunchFlags  flags;
  gboolean               was_demo;
  gint64                 records;
} Launch;

static GPtrArray *launches;

static void
launch_free (gpointer data)
{
  Launch *launch = data;
  g_free (launch->path);
  g_free (launch);
}

static int
fake_window (const char *db_path, JoineryCliLaunchFlags flags)
{
  Launch *launch = g_new0 (Launch, 1);

  launch->path = g_strdup (db_path);
  launch->flags = flags;
  launch->was_demo = db_path != NULL && g_file_test (db_path, G_FILE_TEST_IS_REGULAR) &&
                     file_is_demo (db_path);
  launch->records = launch->was_demo ? demo_test_count_file_records (db_path) : 0;
  g_ptr_array_add (launches, launch);
  return 0;
}

static void
test_window_gets_a_temporary_copy (void)
{
  char *argv[] = { (char *) "joinery", (char *) "demo", NULL };

  launches = g_ptr_array_new_with_free_func (launch_free);
  joinery_cli_set_launcher (fake_window);
  g_assert_cmpint (joinery_cli_run (2, argv), ==, 0);
  g_assert_cmpint (joinery_cli_run (2, argv), ==, 0);
  joinery_cli_set_launcher (NULL);

  g_assert_cmpuint (launches->len, ==, 2);
  for (guint i = 0; i < launches->len; i++)
    {
      Launch *launch = launches->pdata[i];
      g_autofree char *folder = NULL;

      /* A fresh demo, marked as such, for as long as the window is open… */
      g_assert_nonnull (launch->path);
      g_assert_cmpint (launch->flags, ==, JOINERY_CLI_LAUNCH_DEMO);
      g_assert_true (launch->was_demo);
      g_assert_cmpint (launch->records, ==, 1006);
      folder = g_path_get_dirname (launch->path);
      g_assert_true (g_str_has_prefix (folder, g_get_tmp_dir ()));
      /* …and gone, with its folder, once it has closed. */
      g_assert_false (g_file_test (launch->path, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    }
  /* A new copy each time. */
  g_assert_cmpstr (((Launch *) launches->pdata[0])->path, !=, ((Launch *) launches->pdata[1])->path);
  g_clear_pointer (&launches, g_ptr_array_unref);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/cli/output", test_output);
  g_test_add_func ("/demo/cli/output-refuses-existing", test_output_refuses_existing);
  g_test_add_func ("/demo/cli/usage", test_usage);
  g_test_add_func ("/demo/cli/copies-are-fresh", test_copies_are_fresh);
  g_test_add_func ("/demo/cli/no-window", test_no_window);
  g_test_add_func ("/demo/cli/window-gets-a-temporary-copy", test_window_gets_a_temporary_copy);

  return g_test_run ();
}
