/* joinery-gui-test.h: what the window's test programs share. */
#pragma once

#include <glib.h>

/* Run the main loop for `ms` milliseconds, as a person waits. */
static inline void
joinery_gui_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

/* $JOINERY_TEST_TIME_FACTOR (whole, 1 when unset): the sanitizer test
 * setup sets it, since the window runs several times slower there. */
static inline gint64
joinery_gui_test_time_factor (void)
{
  const char *factor = g_getenv ("JOINERY_TEST_TIME_FACTOR");
  guint64 n = 1;

  if (factor == NULL || !g_ascii_string_to_unsigned (factor, 10, 1, 100, &n, NULL))
    n = 1;
  return (gint64) n;
}

/* Run the main loop until `cond` holds, or fail after `seconds` (times
 * the factor above). */
#define JOINERY_GUI_TEST_WAIT_FOR(cond, seconds) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + \
                       (seconds) * joinery_gui_test_time_factor () * G_USEC_PER_SEC; \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          g_error ("timed out waiting for %s", #cond); \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (2000); \
      } \
  } G_STMT_END

/* With JOINERY_TEST_SHOTS=DIR, photograph the screen into DIR/name.png
 * (ImageMagick's `import -window root`), for people to look at. */
static inline void
joinery_gui_test_shoot (const char *name)
{
  const char *dir = g_getenv ("JOINERY_TEST_SHOTS");
  char *command;

  if (dir == NULL)
    return;
  joinery_gui_test_spin (800);
  command = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL))
    g_printerr ("cannot run: %s\n", command);
  g_free (command);
}
