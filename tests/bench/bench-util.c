/* bench-util.c: what the benchmark programs share; see bench-util.h. */
#include "bench-util.h"
#include "joinery-db.h"
#include "joinery-generate.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

const BenchSort bench_people_sorts[BENCH_N_PEOPLE_SORTS] = {
  { "name", TRUE, "SELECT id FROM people ORDER BY name COLLATE NOCASE DESC, id DESC" },
  { "email", FALSE, "SELECT id FROM people ORDER BY email COLLATE NOCASE, id" },
  { "job_title", FALSE, "SELECT id FROM people ORDER BY job_title COLLATE NOCASE, id" },
  { "organisation", FALSE, "SELECT p.id FROM people p LEFT JOIN organisations o "
    "ON o.id = p.organisation_id ORDER BY o.name COLLATE NOCASE, p.id" },
};

const char * const bench_search_terms[BENCH_N_SEARCH_TERMS] = {
  "r", "ri", "rid", "ridg", "ridge", "ridges", "ridgest"
};

const char * const bench_people_search_sql =
  "SELECT p.id FROM people p WHERE p.id IN (SELECT rowid / 32 FROM search_index "
  "WHERE search_index MATCH ?1 AND rowid % 32 = 3) ORDER BY p.name COLLATE NOCASE, p.id";

gint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

gint64
bench_thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

double
bench_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

void
bench_remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      if (g_unlink (file) != 0 && errno != ENOENT)
        g_printerr ("%s: cannot remove %s: %s\n", g_get_prgname (), file, g_strerror (errno));
    }
}

int
bench_compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

double
bench_median (GArray *values)
{
  g_assert (values->len > 0);
  g_array_sort (values, bench_compare_doubles);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

double
bench_quantile (GArray *values, double q)
{
  guint rank;

  g_assert (values->len > 0);
  g_array_sort (values, bench_compare_doubles);
  rank = (guint) (q * values->len + 0.999999);
  return g_array_index (values, double, CLAMP (rank, 1, values->len) - 1);
}

double
bench_resident_mb (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;
  return (double) resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

void
bench_result (const char *benchmark, const char *measure, double value, double reference, int decimals,
              const char *aim)
{
  g_autofree char *ratio = reference > 0 && value >= 0 ? g_strdup_printf ("%.2f", value / reference)
                                                       : g_strdup ("-");

  g_print ("RESULT\t%s\t%s\t%.*f\t%.*f\t%s\t%s\n", benchmark, measure, decimals, value, decimals,
           reference, ratio, aim);
}

gint64
bench_run_sql (sqlite3 *db, const char *sql, const char *text_param, gint64 *first_ids, guint n_first,
               GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 rows = 0;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      if (text_param != NULL)
        sqlite3_bind_text (stmt, 1, text_param, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          volatile gint64 id = sqlite3_column_int64 (stmt, 0);
          if (first_ids != NULL && rows < n_first)
            first_ids[rows] = id;
          rows++;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, sqlite3_errmsg (db));
      return -1;
    }
  return rows;
}

gboolean
bench_read_rows (sqlite3 *db, const char *table, const gint64 *ids, guint n, GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_string_printf (sql, "SELECT * FROM %s WHERE id IN (", table);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, i == 0 ? "?%u" : ", ?%u", i + 1);
  g_string_append_c (sql, ')');
  rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      for (guint i = 0; i < n; i++)
        sqlite3_bind_int64 (stmt, (int) i + 1, ids[i]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            volatile const unsigned char *text = sqlite3_column_text (stmt, c);
            (void) text;
          }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "reading rows of %s: %s", table, sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static void
generate_progress_cb (guint64 done, guint64 total, gpointer data)
{
  guint *last = data;
  guint percent = total > 0 ? (guint) (done * 100 / total) : 100;

  if (percent / 10 != *last / 10)
    {
      g_print ("  generating: %u%%\n", percent);
      *last = percent;
    }
}

gboolean
bench_generate_network (const char *path, gint64 people, GError **error)
{
  int status = 0;
  pid_t child;

  fflush (stdout);
  child = fork ();
  if (child < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot fork: %s", g_strerror (errno));
      return FALSE;
    }
  if (child == 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JoineryDb) target = joinery_db_open (path, JOINERY_DB_OPEN_CREATE, &local_error);
      guint last = 0;

      if (target != NULL)
        joinery_db_set_source (target, "bench");
      if (target == NULL ||
          !joinery_generate (target, (guint64) people, 1, generate_progress_cb, &last, &local_error))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), local_error->message);
          _exit (1);
        }
      g_clear_object (&target);
      fflush (stdout);
      _exit (0);
    }
  if (waitpid (child, &status, 0) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "generating the network in %s failed", path);
      return FALSE;
    }
  return TRUE;
}

gboolean
bench_ensure_network (const char *benchmark, const char *path, gint64 people, gboolean *generated,
                      GError **error)
{
  gint64 start = bench_now_ns ();

  *generated = FALSE;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_print ("%s: generating %" G_GINT64_FORMAT " people in %s (not timed)\n", benchmark, people, path);
  *generated = TRUE;
  if (!bench_generate_network (path, people, error))
    return FALSE;
  g_print ("  generated in %.0f s\n", (bench_now_ns () - start) / 1e9);
  return TRUE;
}

char *
bench_make_dir (const char *dir, gboolean *made, GError **error)
{
  g_autofree char *path = NULL;

  *made = FALSE;
  if (dir == NULL)
    {
      path = g_dir_make_tmp ("joinery-bench-XXXXXX", error);
      *made = path != NULL;
      return g_steal_pointer (&path);
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot make %s: %s", dir,
                   g_strerror (saved));
      return NULL;
    }
  return g_strdup (dir);
}

gboolean
bench_parse_options (int *argc, char ***argv, const char *summary, gint64 rows, gint64 min_rows,
                     const char *only, const GOptionEntry *extra, BenchOptions *options)
{
  g_autofree char *rows_help = g_strdup_printf ("People in the generated network (default %" G_GINT64_FORMAT ")",
                                                rows);
  const GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT64, &options->rows, rows_help, "N" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &options->repeat, "Timed runs of each figure; medians are reported "
      "(default 3)", "R" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &options->dir, "Folder for the databases "
      "(default: a new temporary folder)", "DIR" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options->db, "Use this network, generated by `joinery generate` "
      "(made there, and kept, if it does not exist)", "FILE" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &options->keep, "Keep the generated database", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &options->only, "Measure one thing alone, for profiling", only },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (summary);
  g_autoptr(GError) error = NULL;

  *options = (BenchOptions) { rows, 3, NULL, NULL, FALSE, NULL };
  g_option_context_add_main_entries (context, entries, NULL);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }
  if (options->rows < min_rows || options->rows > G_MAXINT || options->repeat < 1)
    {
      g_printerr ("%s: give --rows ≥ %" G_GINT64_FORMAT " and --repeat ≥ 1\n", g_get_prgname (), min_rows);
      return FALSE;
    }
  return TRUE;
}

void
bench_options_clear (BenchOptions *options)
{
  g_clear_pointer (&options->dir, g_free);
  g_clear_pointer (&options->db, g_free);
  g_clear_pointer (&options->only, g_free);
}

void
bench_finish (BenchOptions *options, gboolean generated, const char *path, gboolean made_dir, const char *dir)
{
  if (generated && options->db == NULL && !options->keep)
    bench_remove_database (path);
  if (made_dir && !options->keep)
    g_rmdir (dir);
  bench_options_clear (options);
}
