/* bench-util.h: what the benchmark programs share — the clock, their
 * databases' removal, and the order of figures for medians. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* CLOCK_MONOTONIC in nanoseconds. */
gint64 bench_now_ns           (void);
/* The CPU time of the process so far (user and system), in seconds. */
double bench_cpu_seconds      (void);
/* The CPU time of the calling thread, in nanoseconds: what it did, less the
 * time other programs had the processor. */
gint64 bench_thread_cpu_ns    (void);
/* Remove a database and its -wal, -shm and -journal files; a failure
 * other than a missing file is said on stderr. */
void   bench_remove_database  (const char *path);
/* For g_array_sort() of doubles, smallest first. */
int    bench_compare_doubles  (gconstpointer a, gconstpointer b);

/* The median of doubles; sorts them. */
double bench_median           (GArray *values);

G_END_DECLS
