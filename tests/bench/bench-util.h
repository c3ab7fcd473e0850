/* bench-util.h: what the benchmark programs share — the clock, their
 * databases' removal and generation, the order of figures for medians and
 * quantiles, the bare SQL set beside the core's, and the RESULT lines that
 * tests/bench/run.sh reads. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

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
/* The q-th quantile (0…1) of doubles, nearest rank; sorts them. */
double bench_quantile         (GArray *values, double q);

/* The process's resident memory now, in MiB (0 if unknown). */
double bench_resident_mb      (void);

/* A line for run.sh: "RESULT", the benchmark, the measure, the value and
 * the reference (with `decimals`), the value's cost over the reference's
 * (the ratio) and the aim, a ceiling of that ratio ("<=1.2") or "-". */
void   bench_result           (const char *benchmark, const char *measure, double value,
                               double reference, int decimals, const char *aim);

/* Step `sql` to its end on `db`, its first column read as an id, with
 * `text_param` bound to ?1 (or nothing): the number of rows, or -1 and
 * `error`. With `first_ids`, the first `n_first` ids are stored there. */
gint64 bench_run_sql          (sqlite3 *db, const char *sql, const char *text_param,
                               gint64 *first_ids, guint n_first, GError **error);
/* The bare read of `n` rows of `table` by id (SELECT * … WHERE id IN
 * (…), bound), as a person would write it. */
gboolean bench_read_rows      (sqlite3 *db, const char *table, const gint64 *ids, guint n,
                               GError **error);

/* What bench-list-model and bench-gui both do to a list of people, and
 * the bare SQL set beside it, written out as a person would write it. */
typedef struct {
  const char *field;       /* the model's sort */
  gboolean    descending;
  const char *sql;         /* the same order, every id */
} BenchSort;

#define BENCH_N_PEOPLE_SORTS 4
extern const BenchSort    bench_people_sorts[BENCH_N_PEOPLE_SORTS];
/* Typed as a person types, "r", "ri", … "ridgest". */
#define BENCH_N_SEARCH_TERMS 7
extern const char * const bench_search_terms[BENCH_N_SEARCH_TERMS];
/* The people matching ?1 in the full-text index, in the list's order. */
extern const char * const bench_people_search_sql;

/* Write joinery_generate()'s network of `people` people (seed 1) to a new
 * database at `path`, in a child process, so that what generating
 * allocates is not counted in this one's memory; its progress is printed
 * every 10%. It forks: call it before any thread is started. */
gboolean bench_generate_network (const char *path, gint64 people, GError **error);
/* The same if there is no file at `path` yet (said, and the time it took,
 * under the benchmark's name); `generated` tells whether it was made. */
gboolean bench_ensure_network (const char *benchmark, const char *path, gint64 people,
                               gboolean *generated, GError **error);
/* What every benchmark of a generated network is given on its command
 * line: --rows, --repeat, --dir, --db, --keep and --only. */
typedef struct {
  gint64    rows;     /* people in the network generated */
  int       repeat;   /* timed runs of each figure */
  char     *dir;      /* for the databases, or NULL */
  char     *db;       /* the network's file, or NULL */
  gboolean  keep;     /* keep the network generated */
  char     *only;     /* one figure alone, or NULL */
} BenchOptions;

/* Parse those options (with `rows` people and 3 runs by default, and the
 * program's own `extra` entries, or NULL), `only` naming the figures, and
 * check them (at least `min_rows` people). FALSE, and a message said, on
 * a bad command line. */
gboolean bench_parse_options    (int *argc, char ***argv, const char *summary, gint64 rows, gint64 min_rows,
                                 const char *only, const GOptionEntry *extra, BenchOptions *options);
void     bench_options_clear    (BenchOptions *options);
/* At the end of a run: remove the network if it was `generated` here (not
 * given by --db, nor to --keep), and the folder if it was `made_dir`; then
 * clear the options. */
void     bench_finish           (BenchOptions *options, gboolean generated, const char *path,
                                 gboolean made_dir, const char *dir);

/* The folder for the databases: `dir` (made if missing), or a new
 * temporary one (then `made` is set, for the caller to remove). NULL and
 * `error` if it cannot be made. */
char    *bench_make_dir         (const char *dir, gboolean *made, GError **error);

G_END_DECLS
