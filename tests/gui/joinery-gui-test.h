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
