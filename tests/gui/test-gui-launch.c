/* test-gui-launch.c: the `joinery` program opens the window — `joinery
 * open FILE` starts the application on the session bus and quits when
 * asked — and refuses what it cannot open with a message, not a crash.
 * Runs under xvfb-run-test.sh (a display and a private session bus).
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "joinery-gui-test.h"
#include "joinery-test-util.h"

static gboolean
name_owned (GDBusConnection *bus, const char *name)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                           "org.freedesktop.DBus", "NameHasOwner",
                                                           g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Run `joinery ARGS…`, wait for the application on the bus, check its
 * actions, ask it to quit: it must exit with success. */
static void
run_and_quit (const char * const *argv)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GSubprocess) joinery = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * joinery_gui_test_time_factor () * G_USEC_PER_SEC;

  g_assert_nonnull (bus);
  g_assert_false (name_owned (bus, APPLICATION_ID));
  joinery = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);

  while (!name_owned (bus, APPLICATION_ID))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_nonnull (g_subprocess_get_identifier (joinery)); /* still running */
      g_usleep (50000);
    }

  /* It answers as the application does, with its actions… */
  reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, "/org/joinery/Joinery", "org.gtk.Actions",
                                       "List", NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree const char **actions = NULL;
    g_variant_get (reply, "(^a&s)", &actions);
    g_assert_true (g_strv_contains (actions, "quit"));
    g_assert_true (g_strv_contains (actions, "open-database"));
    g_assert_true (g_strv_contains (actions, "about"));
  }

  /* …and quits when asked, with success. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, "/org/joinery/Joinery", "org.gtk.Actions",
                                       "Activate", g_variant_new ("(sava{sv})", "quit", NULL, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (joinery, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (joinery));
  g_assert_cmpint (g_subprocess_get_exit_status (joinery), ==, 0);
}

static void
test_open_file_and_quit (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  const char *argv[] = { g_getenv ("JOINERY_BIN"), "open", tdb->path, NULL };

  run_and_quit (argv);
}

/* `joinery demo`: the window on a temporary copy, removed afterwards. */
static void
test_demo_and_quit (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("joinery-launch-XXXXXX", NULL);
  const char *argv[] = { g_getenv ("JOINERY_BIN"), "demo", NULL };
  g_autoptr(GDir) dir = NULL;

  /* The copy goes under TMPDIR: a folder of our own, empty again at the end. */
  g_setenv ("TMPDIR", tmp, TRUE);
  run_and_quit (argv);
  g_unsetenv ("TMPDIR");
  dir = g_dir_open (tmp, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
  g_rmdir (tmp);
}

static void
test_open_missing_file (void)
{
  g_autoptr(GSubprocess) joinery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  joinery = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              g_getenv ("JOINERY_BIN"), "open", "/nonexistent/folder/none.joinery", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (joinery, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (joinery), ==, 1);
  g_assert_cmpstr (err, ==, "joinery: cannot open “/nonexistent/folder/none.joinery”: no such file\n");
}

static void
test_no_display (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) joinery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  /* A display named but not there: a message, not a crash. */
  g_subprocess_launcher_setenv (launcher, "DISPLAY", ":9999", TRUE);
  joinery = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("JOINERY_BIN"), NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (joinery, NULL, NULL, NULL, &err, &error));
  g_assert_true (g_subprocess_get_if_exited (joinery));
  g_assert_cmpint (g_subprocess_get_exit_status (joinery), ==, 1);
  g_assert_true (g_str_has_prefix (err, "joinery: cannot open the window: no display"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui/launch/open-file-and-quit", test_open_file_and_quit);
  g_test_add_func ("/gui/launch/demo-and-quit", test_demo_and_quit);
  g_test_add_func ("/gui/launch/missing-file", test_open_missing_file);
  g_test_add_func ("/gui/launch/no-display", test_no_display);
  return g_test_run ();
}
