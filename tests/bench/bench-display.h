/* bench-display.h: an X server (Xvfb) and a session bus of a benchmark's
 * own: a window's figures measured the same on any machine, with or
 * without a display, and nothing of the user's session touched. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Xvfb on a display it picks, a private session bus, and the environment
 * the window's tests use (x11, no accessibility bus, memory settings, the
 * settings schema in `gschema_dir`); children inherit them. FALSE and a
 * GError naming the missing package when one cannot start. */
gboolean bench_start_display (const char *gschema_dir, GError **error);
/* The X server's CPU time so far (user and system), in nanoseconds, at
 * the kernel's clock tick (10 ms or so); -1 when unknown. */
gint64   bench_display_server_cpu_ns (void);
/* Stop both, if started. */
void     bench_stop_display  (void);

G_END_DECLS
