/* bench-display.c: an X server (Xvfb) and a session bus of a benchmark's
 * own, for the benchmarks that open a real window (bench-gui,
 * bench-network); see bench-display.h. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>

#include "bench-display.h"

static GSubprocess *xvfb;
static GSubprocess *session_bus;

void
bench_stop_display (void)
{
  if (session_bus != NULL)
    g_subprocess_force_exit (session_bus);
  if (xvfb != NULL)
    g_subprocess_send_signal (xvfb, SIGTERM);
  if (session_bus != NULL)
    g_subprocess_wait (session_bus, NULL, NULL);
  if (xvfb != NULL)
    g_subprocess_wait (xvfb, NULL, NULL);
  g_clear_object (&session_bus);
  g_clear_object (&xvfb);
}

gint64
bench_display_server_cpu_ns (void)
{
  g_autofree char *path = NULL, *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (xvfb == NULL || g_subprocess_get_identifier (xvfb) == NULL)
    return -1;
  path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (xvfb));
  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return -1;
  /* After the command's name in brackets: state, then utime and stime as
   * the 12th and 13th fields. */
  end = strrchr (stat, ')');
  if (end == NULL)
    return -1;
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10))
         * (G_GINT64_CONSTANT (1000000000) / sysconf (_SC_CLK_TCK));
}

/* A line from `fd` within `seconds`, or NULL. */
static char *
read_line (int fd, int seconds)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  char c;

  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      int ready = poll (&p, 1, 100);

      if (ready < 0 && errno != EINTR)
        return NULL;
      if (ready <= 0)
        continue;
      if (read (fd, &c, 1) != 1)
        return NULL;
      if (c == '\n')
        return g_string_free (g_steal_pointer (&line), FALSE);
      g_string_append_c (line, c);
    }
  return NULL;
}

/* Xvfb on a display it picks (-displayfd), a private session bus (the
 * application wants one), and the environment the window's tests use;
 * children inherit them. */
gboolean
bench_start_display (const char *gschema_dir, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *display = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *address = NULL;
  int fds[2];

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return FALSE;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 9);
  xvfb = g_subprocess_launcher_spawn (launcher, error, "Xvfb", "-displayfd", "9", "-screen", "0",
                                      "1920x1080x24", "-nolisten", "tcp", NULL);
  g_clear_object (&launcher); /* closes our end of the pipe's writing side */
  if (xvfb != NULL)
    display = read_line (fds[0], 20);
  close (fds[0]);
  if (xvfb == NULL)
    {
      g_prefix_error (error, "cannot start Xvfb (install the xvfb package): ");
      return FALSE;
    }
  if (display == NULL || *display == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Xvfb did not say its display");
      return FALSE;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  session_bus = g_subprocess_launcher_spawn (launcher, error, "dbus-daemon", "--session", "--nofork",
                                             "--print-address=1", NULL);
  if (session_bus == NULL)
    {
      g_prefix_error (error, "cannot start a session bus (install the dbus package): ");
      return FALSE;
    }
  {
    GInputStream *out = g_subprocess_get_stdout_pipe (session_bus);
    address = read_line (g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (out)), 20);
  }
  if (address == NULL || *address == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the session bus did not say its address");
      return FALSE;
    }

  display_name = g_strconcat (":", display, NULL);
  g_setenv ("DISPLAY", display_name, TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  /* Nothing remembered beyond the run; the schema of this build. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", gschema_dir, FALSE);
  return TRUE;
}
