/* bench-import.c: importing a people CSV through the whole import path,
 * beside the sqlite3 command-line shell doing the same in the same run.
 *
 * The file: N people (names and emails from joinery_generate_person_name(),
 * a job title, one of twenty organisations by name, a telephone number,
 * consent yes or no), written to disk before any clock starts, as a
 * spreadsheet would save it.
 *
 * The import ("import"): joinery_import_run_async() on a fresh database
 * holding the twenty organisations, as the window runs it — a worker
 * thread with its own connection, progress posted to the main loop — with
 * the mapping guessed from the header and matching by email: the CSV read
 * and checked, each row mapped (organisations found by name), validated,
 * written through joinery_db_create(), the indexes and the full-text
 * index kept in step, all in one transaction (all or nothing). The
 * database has no people yet, so the rows are matched by email after they
 * are written, from the index made at the end (a row matching one made
 * by an earlier row would be a duplicate: see defer_matching() in
 * joinery-import.c). Being past the bulk threshold, the import is audited by one
 * row holding the ranges of the ids it made (migration 6), not a row with
 * each person's values: the child checks that it was. While it runs, a 10 ms timer on the main
 * loop measures how long the loop is ever kept from running: the window's
 * stall (its aim, 50 ms, is printed beside it), set beside the same loop
 * left idle for ten seconds, which is what the machine itself costs.
 *
 * The reference ("shell"): the sqlite3 shell (Debian's sqlite3 package,
 * the same SQLite) on a fresh database of the same schema holding the same
 * organisations, with the people table's three indexes dropped beforehand:
 * `.import` of the same file into a temporary table, then in one
 * transaction an INSERT … SELECT into people (organisation names joined to
 * ids, consent as 0 or 1, the same timestamp), the three indexes created
 * again, and the full-text index filled from the table with the core's own
 * indexing SQL (what its rebuild does, without its final 'optimize').
 * synchronous=FULL and foreign keys on, as the core opens every file.
 *
 * Each path runs in a child process of its own (fork), so that its CPU
 * time and peak memory (wait4's rusage) are its own; the disk is synced
 * between runs, each path is warmed on a small file first, and with
 * --repeat the order alternates and medians are reported. The import's
 * memory is also measured at a tenth of the size: flat memory means the
 * same peak whatever the file's length. Its child's peak is given twice:
 * over the whole child, and when the import returned, before the child
 * reads the result back to check it (counting a million rows on a
 * connection of its own fills that connection's page cache: some 10 MiB
 * that the import of a tenth does not take, and that is not the import's).
 *
 * Output: "RESULT\t…" and "INFO\t…" lines for tests/bench/run.sh. Not part
 * of `meson test`: tests/bench/meson.build declares it a benchmark().
 */
#include "bench-util.h"
#include "joinery-db.h"
#include "joinery-db-private.h"
#include "joinery-generate.h"
#include "joinery-import.h"
#include "joinery-value.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#define BENCHMARK      "import-people"
#define DEFAULT_ROWS   1000000
#define WARM_ROWS      5000
#define SEED           20240601u
#define AIM            1.5   /* the import within 1.5x of the shell */
#define STALL_LIMIT_MS 50.0
#define N_ORGANISATIONS 20

static const char * const job_titles[] = {
  "Programme Officer", "Integration Lead", "Practice Manager", "Commissioning Manager",
  "Community Development Worker", "Events Coordinator", "Chief Executive", "Social Worker",
  "Occupational Therapist", "District Nurse", "Volunteer Coordinator", "Finance Officer",
};

static const char * const organisation_words[] = {
  "Ashworth", "Bingley", "Calder", "Denholme", "Eccleshill", "Frizinghall", "Greengates", "Haworth",
  "Idle", "Keighley", "Low Moor", "Manningham", "Oakworth", "Queensbury", "Saltaire", "Shipley",
  "Thornton", "Undercliffe", "Wibsey", "Wyke",
};

typedef struct {
  double seconds;
  double cpu_seconds;
  double peak_mib;
  double import_peak_mib;   /* the import's child when the import returned, before its checks */
  double stall_ms;
  double file_mib;
} Run;

static guint64
draw (guint stream, guint64 index, guint64 range)
{
  return joinery_generate_draw (SEED, stream, index, range);
}

static char *
organisation_name (guint i)
{
  return g_strdup_printf ("%s Community Trust", organisation_words[i]);
}

/* The CSV, written row by row (it is never held whole). */
static gboolean
write_csv (const char *path, guint64 n, GError **error)
{
  FILE *file = g_fopen (path, "wb");
  g_autoptr(GString) row = g_string_new (NULL);

  if (file == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot write %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  fputs ("Name,Job title,Organisation,Email,Phone,Consent\r\n", file);
  for (guint64 i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;
      g_autofree char *organisation = organisation_name ((guint) draw (5, i, N_ORGANISATIONS));

      joinery_generate_person_name (i, SEED, &name, &email);
      g_string_printf (row, "%s,%s,%s,%s,01632 960%03u,%s\r\n", name, job_titles[draw (7, i, G_N_ELEMENTS (job_titles))],
                       organisation, email, (guint) draw (6, i, 1000), draw (9, i, 10) < 7 ? "yes" : "no");
      fputs (row->str, file);
    }
  if (fclose (file) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot write %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* A closed database leaves its file alone (SQLite removes the log's own). */
static void
remove_database (const char *path)
{
  g_autofree char *log = g_strconcat (path, "-wal", NULL);

  g_unlink (log);
  g_unlink (path);
}

/* A fresh database with the organisations, written through the core. */
static JoineryDb *
make_database (const char *path, GError **error)
{
  g_autoptr(JoineryDb) db = NULL;

  remove_database (path);
  db = joinery_db_open (path, JOINERY_DB_OPEN_CREATE, error);
  if (db == NULL)
    return NULL;
  joinery_db_set_source (db, "bench");
  for (guint i = 0; i < N_ORGANISATIONS; i++)
    {
      g_autoptr(JoineryRecord) organisation = joinery_record_new (joinery_kind_lookup ("organisation"));
      g_autofree char *name = organisation_name (i);

      joinery_record_set_text (organisation, "name", name);
      joinery_record_set_text (organisation, "kind", "voluntary");
      if (!joinery_db_create (db, organisation, error))
        return NULL;
    }
  return g_steal_pointer (&db);
}

/* The import, in the child */

typedef struct {
  GMainLoop           *loop;
  JoineryImportReport *report;
  GError              *error;
  gint64               last_tick;
  gint64               max_gap;
} ImportRun;

static gboolean
tick_cb (gpointer data)
{
  ImportRun *run = data;
  gint64 now = g_get_monotonic_time ();

  if (run->last_tick > 0)
    run->max_gap = MAX (run->max_gap, now - run->last_tick);
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (const JoineryImportProgress *progress, gpointer data)
{
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ImportRun *run = data;
  run->report = joinery_import_run_finish (JOINERY_IMPORT (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static int
child_import (const char *db_path, const char *csv_path, guint64 n, int report_fd)
{
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("person"), csv_path);
  ImportRun run = { g_main_loop_new (NULL, FALSE) };
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  guint tick;
  gint64 count = 0;
  double sent[2];
  struct rusage usage;

  joinery_import_set_match (import, JOINERY_IMPORT_MATCH_EMAIL);
  tick = g_timeout_add (10, tick_cb, &run);
  joinery_import_run_async (import, db_path, progress_cb, &run, NULL, NULL, done_cb, &run);
  g_main_loop_run (run.loop);
  g_source_remove (tick);
  sent[0] = run.max_gap / 1000.0 - 10.0;
  /* The import's own peak: what follows (reading the result back to check
   * it, on a connection of its own) takes memory in the size of the file. */
  sent[1] = getrusage (RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss / 1024.0 : -1;

  if (run.report == NULL || run.report->n_problems > 0 || !run.report->committed)
    {
      g_printerr ("bench-import: the import failed: %s\n",
                  run.error != NULL ? run.error->message
                  : run.report->problems->len > 0 ? ((JoineryImportProblem *) run.report->problems->pdata[0])->message
                  : "not committed");
      return 1;
    }
  /* It must have written every row. */
  db = joinery_db_open (db_path, JOINERY_DB_OPEN_DEFAULT, &error);
  if (db == NULL || !joinery_db_count (db, joinery_kind_lookup ("person"), NULL, &count, &error) ||
      count != (gint64) n)
    {
      g_printerr ("bench-import: %" G_GINT64_FORMAT " people imported, not %" G_GUINT64_FORMAT "\n", count, n);
      return 1;
    }
  /* One audit row for the whole import, holding every id made. */
  {
    sqlite3_stmt *stmt = NULL;
    GStatBuf st;
    gboolean one = FALSE;

    if (sqlite3_prepare_v2 (joinery_db_get_handle (db),
                            "SELECT count(*) = 1 AND sum(json_extract(after, '$.created')) = ?1 "
                            "FROM audit WHERE kind = 'person'", -1, &stmt, NULL) == SQLITE_OK)
      {
        sqlite3_bind_int64 (stmt, 1, (gint64) n);
        one = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
      }
    sqlite3_finalize (stmt);
    if (!one && g_stat (csv_path, &st) == 0 && st.st_size > JOINERY_IMPORT_UNDO_MAX_BYTES)
      {
        g_printerr ("bench-import: the import was not audited by one row\n");
        return 1;
      }
  }
  if (write (report_fd, sent, sizeof sent) != sizeof sent)
    return 1;
  joinery_import_report_free (run.report);
  g_main_loop_unref (run.loop);
  return 0;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* The longest the same main loop waits for its 10 ms timer with nothing
 * else to do, over `seconds`: what the machine itself costs (on a shared
 * machine, more than one would think). */
static double
idle_stall_ms (guint seconds)
{
  ImportRun run = { g_main_loop_new (NULL, FALSE) };
  guint tick = g_timeout_add (10, tick_cb, &run);

  g_timeout_add_seconds (seconds, quit_cb, run.loop);
  g_main_loop_run (run.loop);
  g_source_remove (tick);
  g_main_loop_unref (run.loop);
  return run.max_gap / 1000.0 - 10.0;
}

/* The shell, in the child */

static char *
dup_shell_script (JoineryDb *db, const char *csv_path)
{
  const JoineryKindSql *sql = joinery_db_kind_sql (db, joinery_kind_lookup ("person"));
  g_autofree char *stamp = joinery_now_timestamp ();

  return g_strdup_printf (
    "PRAGMA synchronous = FULL;\n"
    "PRAGMA foreign_keys = ON;\n"
    "CREATE TEMP TABLE people_import (name, job_title, organisation, email, phone, consent);\n"
    ".import --csv --skip 1 --schema temp '%s' people_import\n"
    "BEGIN IMMEDIATE;\n"
    "INSERT INTO people (created_at, updated_at, name, job_title, organisation_id, email, phone, "
    "consent_to_contact) SELECT '%s', '%s', i.name, nullif (i.job_title, ''), o.id, nullif (i.email, ''), "
    "nullif (i.phone, ''), i.consent = 'yes' FROM temp.people_import i "
    "LEFT JOIN organisations o ON o.name = i.organisation;\n"
    "CREATE INDEX people_organisation ON people (organisation_id);\n"
    "CREATE INDEX people_name ON people (name COLLATE NOCASE);\n"
    "CREATE INDEX people_email ON people (email COLLATE NOCASE);\n"
    "INSERT INTO search_index (rowid, kind, title, body) %s;\n"
    "COMMIT;\n", csv_path, stamp, stamp, sql->index_select);
}

/* Run `argv` or `func` in a child; its wall time, CPU time and peak memory. */
static gboolean
run_child (const char * const *argv, const char *stdin_path, int (*func) (const char *, const char *, guint64, int),
           const char *db_path, const char *csv_path, guint64 n, Run *run, GError **error)
{
  struct rusage usage;
  int fds[2];
  int status = 0;
  gint64 start, end;
  pid_t pid;

  if (pipe (fds) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "pipe: %s", g_strerror (errno));
      return FALSE;
    }
  fflush (stdout);
  start = g_get_monotonic_time ();
  pid = fork ();
  if (pid == 0)
    {
      close (fds[0]);
      if (func != NULL)
        _exit (func (db_path, csv_path, n, fds[1]));
      if (stdin_path != NULL && freopen (stdin_path, "r", stdin) == NULL)
        _exit (126);
      if (freopen ("/dev/null", "w", stdout) == NULL)
        _exit (126);
      execvp (argv[0], (char * const *) argv);
      _exit (127);
    }
  close (fds[1]);
  if (pid < 0 || wait4 (pid, &status, 0, &usage) != pid)
    {
      close (fds[0]);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot run the child: %s", g_strerror (errno));
      return FALSE;
    }
  end = g_get_monotonic_time ();
  run->stall_ms = 0;
  run->import_peak_mib = 0;
  if (func != NULL)
    {
      double sent[2];

      if (read (fds[0], sent, sizeof sent) == sizeof sent)
        {
          run->stall_ms = sent[0];
          run->import_peak_mib = sent[1];
        }
      else
        run->stall_ms = run->import_peak_mib = -1;
    }
  close (fds[0]);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed (status %d)",
                   func != NULL ? "the import" : argv[0], WIFEXITED (status) ? WEXITSTATUS (status) : -1);
      return FALSE;
    }
  run->seconds = (end - start) / 1e6;
  run->cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                     usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  run->peak_mib = usage.ru_maxrss / 1024.0;
  return TRUE;
}

static gboolean
run_import (const char *dir, const char *csv_path, guint64 n, Run *run, GError **error)
{
  g_autofree char *db_path = g_build_filename (dir, "bench-import.joinery", NULL);
  g_autoptr(JoineryDb) db = make_database (db_path, error);
  GStatBuf st;

  if (db == NULL)
    return FALSE;
  g_clear_object (&db);
  sync ();
  if (!run_child (NULL, NULL, child_import, db_path, csv_path, n, run, error))
    return FALSE;
  run->file_mib = g_stat (db_path, &st) == 0 ? st.st_size / (1024.0 * 1024.0) : 0;
  remove_database (db_path);
  sync ();
  return TRUE;
}

static gboolean
run_shell (const char *dir, const char *csv_path, guint64 n, Run *run, GError **error)
{
  g_autofree char *db_path = g_build_filename (dir, "bench-import-shell.joinery", NULL);
  g_autofree char *script_path = g_build_filename (dir, "bench-import-shell.sql", NULL);
  g_autoptr(JoineryDb) db = make_database (db_path, error);
  g_autofree char *script = NULL;
  const char *argv[] = { "sqlite3", "-bail", db_path, NULL };
  gint64 count = 0;
  GStatBuf st;

  if (db == NULL)
    return FALSE;
  script = dup_shell_script (db, csv_path);
  if (!joinery_db_exec (db, "DROP INDEX people_organisation; DROP INDEX people_name; DROP INDEX people_email;", error) ||
      !g_file_set_contents (script_path, script, -1, error))
    return FALSE;
  g_clear_object (&db);
  sync ();
  if (!run_child (argv, script_path, NULL, NULL, NULL, n, run, error))
    return FALSE;
  db = joinery_db_open (db_path, JOINERY_DB_OPEN_DEFAULT, error);
  if (db == NULL || !joinery_db_count (db, joinery_kind_lookup ("person"), NULL, &count, error))
    return FALSE;
  if (count != (gint64) n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the shell imported %" G_GINT64_FORMAT " people, not %"
                   G_GUINT64_FORMAT, count, n);
      return FALSE;
    }
  g_clear_object (&db);
  run->file_mib = g_stat (db_path, &st) == 0 ? st.st_size / (1024.0 * 1024.0) : 0;
  remove_database (db_path);
  g_unlink (script_path);
  sync ();
  return TRUE;
}

static void
print_result (const char *measure, double value, double reference, int decimals, gboolean cost, const char *aim)
{
  g_autofree char *ratio = reference > 0 && value > 0
                           ? g_strdup_printf ("%.2f", cost ? value / reference : reference / value)
                           : g_strdup ("-");

  g_print ("RESULT\t%s\t%s\t%.*f\t%.*f\t%s\t%s\n", BENCHMARK, measure, decimals, value, decimals, reference,
           ratio, aim);
}

int
main (int argc, char **argv)
{
  gint64 rows = DEFAULT_ROWS;
  int repeat = 1;
  char *dir_option = NULL;
  gboolean keep = FALSE;
  const GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT64, &rows, "People in the file (default 1000000)", "N" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs of each path, order alternating; medians reported", "R" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir_option, "Folder for the file and databases", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the CSV file", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— import a people CSV, beside the sqlite3 shell");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *small_path = NULL;
  g_autofree char *warm_path = NULL;
  g_autofree char *aim = g_strdup_printf ("<=%g", AIM);
  GArray *seconds[2], *cpu[2];
  double peak[2] = { 0, 0 }, file_mib[2] = { 0, 0 }, stall = 0, idle_stall = 0, small_peak = 0;
  double import_peak = 0, small_import_peak = 0;
  gboolean made_dir = FALSE;
  GStatBuf st;
  Run run;
  int status = 1;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rows < 10 || repeat < 1)
    {
      g_printerr ("bench-import: %s\n", error != NULL ? error->message : "give --rows ≥ 10 and --repeat ≥ 1");
      return 2;
    }
  if (dir_option != NULL)
    dir = g_strdup (dir_option);
  else
    {
      dir = g_dir_make_tmp ("joinery-bench-import-XXXXXX", &error);
      made_dir = dir != NULL;
    }
  if (dir == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("bench-import: no folder to work in\n");
      return 1;
    }
  for (int p = 0; p < 2; p++)
    {
      seconds[p] = g_array_new (FALSE, FALSE, sizeof (double));
      cpu[p] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  g_print ("INFO\tsqlite\t%s\n", sqlite3_libversion ());
  g_print ("INFO\tfolder\t%s\n", dir);
  csv_path = g_build_filename (dir, "people.csv", NULL);
  small_path = g_build_filename (dir, "people-small.csv", NULL);
  warm_path = g_build_filename (dir, "people-warm.csv", NULL);
  if (!write_csv (csv_path, (guint64) rows, &error) || !write_csv (small_path, (guint64) rows / 10, &error) ||
      !write_csv (warm_path, MIN ((guint64) rows, WARM_ROWS), &error))
    goto out;
  g_print ("%s: %" G_GINT64_FORMAT " people, %.1f MiB of CSV, %d run(s) of each path\n", BENCHMARK, rows,
           g_stat (csv_path, &st) == 0 ? st.st_size / (1024.0 * 1024.0) : 0.0, repeat);

  /* Warm both alike. */
  if (!run_import (dir, warm_path, MIN ((guint64) rows, WARM_ROWS), &run, &error) ||
      !run_shell (dir, warm_path, MIN ((guint64) rows, WARM_ROWS), &run, &error))
    goto out;

  for (int r = 0; r < repeat; r++)
    for (int k = 0; k < 2; k++)
      {
        /* Shell first on even runs. */
        int path = (r % 2 == 0) ? k : 1 - k;   /* 0: shell, 1: import */
        if (!(path == 1 ? run_import (dir, csv_path, (guint64) rows, &run, &error)
                        : run_shell (dir, csv_path, (guint64) rows, &run, &error)))
          goto out;
        g_print ("  %-6s %8.2f s  %8.2f s CPU  %8.1f MiB peak  %8.1f MiB file", path == 1 ? "import" : "shell",
                 run.seconds, run.cpu_seconds, run.peak_mib, run.file_mib);
        if (path == 1)
          g_print ("  %.1f ms main-loop stall  %.1f MiB peak of the import alone", run.stall_ms,
                   run.import_peak_mib);
        g_print ("\n");
        g_array_append_val (seconds[path], run.seconds);
        g_array_append_val (cpu[path], run.cpu_seconds);
        peak[path] = MAX (peak[path], run.peak_mib);
        file_mib[path] = run.file_mib;
        if (path == 1)
          {
            stall = MAX (stall, run.stall_ms);
            import_peak = MAX (import_peak, run.import_peak_mib);
          }
      }

  idle_stall = idle_stall_ms (10);
  g_print ("  idle main loop: %.1f ms longest stall\n", idle_stall);

  /* Flat memory: the same peak for a tenth of the rows. */
  if (!run_import (dir, small_path, (guint64) rows / 10, &run, &error))
    goto out;
  small_peak = run.peak_mib;
  small_import_peak = run.import_peak_mib;
  g_print ("  import of %" G_GINT64_FORMAT " rows: %.1f MiB peak, %.1f MiB of the import alone\n", rows / 10,
           small_peak, small_import_peak);

  print_result ("people imported", rows, rows, 0, TRUE, "-");
  print_result ("wall seconds", bench_median (seconds[1]), bench_median (seconds[0]), 2, TRUE, aim);
  print_result ("rows/s", rows / bench_median (seconds[1]), rows / bench_median (seconds[0]), 0, FALSE, "-");
  print_result ("CPU seconds", bench_median (cpu[1]), bench_median (cpu[0]), 2, TRUE, "-");
  print_result ("peak MiB", peak[1], peak[0], 1, TRUE, "-");
  /* Beside the same import of a tenth of the file: 1.0 is flat. */
  print_result ("peak MiB (x10 rows)", peak[1], small_peak, 1, TRUE, "<=1.25");
  /* The same, the child's peak taken when the import returned, before it
   * reads the result back to check it. */
  print_result ("import peak MiB (x10 rows)", import_peak, small_import_peak, 1, TRUE, "<=1.25");
  /* Beside the same loop left idle as long: the import's own share. */
  print_result ("main-loop stall ms", stall, idle_stall, 1, TRUE, "-");
  g_print ("INFO\tstall limit ms\t%g\n", STALL_LIMIT_MS);
  print_result ("file MiB", file_mib[1], file_mib[0], 1, TRUE, "-");
  status = 0;

out:
  if (error != NULL)
    g_printerr ("bench-import: %s\n", error->message);
  for (int p = 0; p < 2; p++)
    {
      g_array_unref (seconds[p]);
      g_array_unref (cpu[p]);
    }
  if (!keep)
    {
      g_unlink (csv_path);
      g_unlink (small_path);
      g_unlink (warm_path);
    }
  if (made_dir && !keep)
    g_rmdir (dir);
  g_free (dir_option);
  return status;
}
