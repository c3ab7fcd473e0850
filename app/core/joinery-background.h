/* joinery-background.h: work that the window does not wait for, run on a
 * thread of its own at a lower priority.
 *
 * The list model's read of the rows behind its first screen and the
 * sidebar's counts run while the window makes and paints its first frames,
 * on a machine of perhaps two processors: at the same priority they take
 * turns with the main thread and the display server, and the frame waits. Each job here runs
 * on a thread made for it whose niceness is raised to
 * JOINERY_BACKGROUND_NICE (Linux gives each thread its own), so that the
 * window has the processors first and the job the rest. A thread of its
 * own, not one of GLib's pool: a pool thread would keep the niceness for
 * whatever it runs next, as a process without privileges may not lower
 * it again.
 *
 * The GTask completes as g_task_run_in_thread()'s do: its callback runs
 * in the thread-default main context of the thread that made it. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define JOINERY_BACKGROUND_NICE 10

/* Run `func` for `task` on a new thread at JOINERY_BACKGROUND_NICE (or
 * the caller's niceness, if that is higher). `func` gets the task's
 * source object, task data and cancellable, and must return the task's
 * result, as with g_task_run_in_thread(). */
void   joinery_background_run       (GTask *task, GTaskThreadFunc func);

/* For tests: the niceness of the calling thread (0 where there is no
 * such thing), and how many jobs have been run so far. */
int    joinery_background_get_nice  (void);
guint  joinery_background_get_n_run (void);

G_END_DECLS
