/* bench-write.c: how fast people are written through the core, beside the
 * floor of a bare prepared INSERT into the same table, in the same run.
 *
 * Both paths write the same N people (names and emails from
 * joinery_generate_person_name(), a job title, one organisation, a
 * telephone number, consent) into a fresh database opened with
 * joinery_db_open(), so the schema, indexes, pragmas (WAL,
 * synchronous=FULL, foreign keys, cell_size_check, cache size) are the
 * same, in transactions of the same size (BATCH rows, as
 * joinery-generate.c does). The values are made before the clock starts,
 * so neither path is timed making them.
 *
 * The core path is what an import does: a JoineryRecord per person,
 * joinery_db_create() inside change groups marked JOINERY_GROUP_NO_UNDO,
 * committed and begun again every BATCH rows. It pays for whatever
 * joinery_db_create() does in bulk work: normalising and validating the
 * record in C (with a query that the organisation exists), the INSERT,
 * the audit row with the record as JSON, the full-text index entry, the
 * change group bookkeeping at each commit. (In such groups the core takes
 * no savepoint per record.)
 *
 * The floor is SQLite alone: one statement prepared with
 * sqlite3_prepare_v2() on the same connection, values bound with
 * SQLITE_STATIC, stepped and reset, BEGIN IMMEDIATE … COMMIT every BATCH
 * rows. It includes what the schema itself makes SQLite do — the table's
 * B-tree, its three indexes, the CHECK constraints, the foreign key check,
 * the write-ahead log and its fsyncs at each commit, automatic
 * checkpoints. It excludes everything the core adds: no validation, no
 * JoineryRecord, no savepoints, no audit row, no search index, no change
 * groups.
 *
 * To be fair to both, each path first writes one batch into a scratch
 * database (warming the code, the allocator and the file system alike),
 * every measured database is closed, measured and deleted, and the disk is
 * synced before the next run starts. With --repeat, the order alternates
 * and the medians are reported.
 *
 * For profiling: --only core (or floor) runs one path alone, for perf
 * record; --profile-sql adds up the time spent in each SQL statement
 * (its first step to its reset, by the clock, through sqlite3_trace_v2)
 * and prints the statements by cost after the run.
 *
 * Output: lines starting with "RESULT\t" and "INFO\t" for
 * tests/bench/run.sh, everything else for people. This program must not be
 * part of `meson test`: tests/bench/meson.build declares it a benchmark().
 */
#include "bench-util.h"
#include "joinery-db.h"
#include "joinery-generate.h"
#include "joinery-value.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#define BENCHMARK     "write-people"
#define DEFAULT_ROWS  1000000
#define BATCH         5000
#define SEED          20240601u
#define AIM           3.0  /* the core within 3x of the floor */
#define GROUP_LABEL   "Benchmark: write people"

static const char * const job_titles[] = {
  "Programme Officer", "Integration Lead", "Practice Manager", "Commissioning Manager",
  "Community Development Worker", "Events Coordinator", "Chief Executive", "Social Worker",
  "Occupational Therapist", "District Nurse", "Volunteer Coordinator", "Finance Officer",
};

static const char *floor_insert =
  "INSERT INTO people (created_at, updated_at, name, job_title, organisation_id, email, phone, "
  "consent_to_contact, consent_recorded_on) VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/* The people to write, made once and shared by both paths. */
typedef struct {
  guint64       n;
  GStringChunk *chunk;
  const char  **names;
  const char  **emails;
  const char  **job_titles;
  const char  **phones;
  guint8       *consent;
  char         *phone_numbers[1000];
} People;

typedef enum {
  PATH_FLOOR,
  PATH_CORE,
} WritePath;

typedef struct {
  double seconds;
  double cpu_seconds;
  double mib;
} Run;

/* Time spent in each statement, for --profile-sql. */
typedef struct {
  GHashTable *started;  /* sqlite3_stmt * → SqlStart */
  GHashTable *costs;    /* SQL text → SqlCost */
  gint64      done_ns;  /* time of all the statements finished so far */
  gint64      wall_ns;  /* of the whole path */
} SqlProfile;

typedef struct {
  gint64 at;            /* when its first step began */
  gint64 done_ns;       /* SqlProfile.done_ns then */
} SqlStart;

typedef struct {
  const char *sql;
  guint64     calls;
  gint64      ns;
} SqlCost;

/* The generator's own random numbers, with the benchmark's seed. */
static guint64
draw (guint stream, guint64 index, guint64 range)
{
  return joinery_generate_draw (SEED, stream, index, range);
}

static People *
make_people (guint64 n)
{
  People *people = g_new0 (People, 1);

  people->n = n;
  people->chunk = g_string_chunk_new (1 << 20);
  people->names = g_new (const char *, n);
  people->emails = g_new (const char *, n);
  people->job_titles = g_new (const char *, n);
  people->phones = g_new (const char *, n);
  people->consent = g_new (guint8, n);

  /* Ofcom's drama range, as joinery-generate.c uses. */
  for (guint i = 0; i < G_N_ELEMENTS (people->phone_numbers); i++)
    people->phone_numbers[i] = g_strdup_printf ("01632 960%03u", i);

  for (guint64 i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;

      joinery_generate_person_name (i, SEED, &name, &email);
      people->names[i] = g_string_chunk_insert (people->chunk, name);
      people->emails[i] = g_string_chunk_insert (people->chunk, email);
      people->job_titles[i] = job_titles[draw (7, i, G_N_ELEMENTS (job_titles))];
      people->phones[i] = people->phone_numbers[draw (6, i, G_N_ELEMENTS (people->phone_numbers))];
      people->consent[i] = draw (9, i, 10) < 7;
    }
  return people;
}

static void
free_people (People *people)
{
  for (guint i = 0; i < G_N_ELEMENTS (people->phone_numbers); i++)
    g_free (people->phone_numbers[i]);
  g_string_chunk_free (people->chunk);
  g_free (people->names);
  g_free (people->emails);
  g_free (people->job_titles);
  g_free (people->phones);
  g_free (people->consent);
  g_free (people);
}

/* The one organisation every person works for, written the same way (through
 * the core, before the clock starts) in both databases. */
static gint64
create_organisation (JoineryDb *db, GError **error)
{
  g_autoptr(JoineryRecord) org = joinery_record_new (joinery_kind_lookup ("organisation"));

  joinery_record_set_text (org, "name", "Ashworth Community Trust");
  joinery_record_set_text (org, "kind", "voluntary");
  if (!joinery_db_create (db, org, error))
    return 0;
  return joinery_record_get_id (org);
}

static gboolean
write_core (JoineryDb *db, const People *people, guint64 n, gint64 org, GError **error)
{
  const JoineryKind *kind = joinery_kind_lookup ("person");

  if (!joinery_db_begin (db, GROUP_LABEL, JOINERY_GROUP_NO_UNDO, error))
    return FALSE;
  for (guint64 i = 0; i < n; i++)
    {
      g_autoptr(JoineryRecord) person = joinery_record_new (kind);

      joinery_record_set_text (person, "name", people->names[i]);
      joinery_record_set_text (person, "job_title", people->job_titles[i]);
      joinery_record_set_integer (person, "organisation", org);
      joinery_record_set_text (person, "email", people->emails[i]);
      joinery_record_set_text (person, "phone", people->phones[i]);
      joinery_record_set_integer (person, "consent_to_contact", people->consent[i]);
      if (!joinery_db_create (db, person, error))
        {
          joinery_db_rollback (db);
          return FALSE;
        }
      if ((i + 1) % BATCH == 0 && i + 1 < n &&
          (!joinery_db_commit (db, error) ||
           !joinery_db_begin (db, GROUP_LABEL, JOINERY_GROUP_NO_UNDO, error)))
        return FALSE;
    }
  return joinery_db_commit (db, error);
}

static gboolean
exec_sql (sqlite3 *handle, const char *sql, GError **error)
{
  if (sqlite3_exec (handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, sqlite3_errmsg (handle));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_floor (JoineryDb *db, const People *people, guint64 n, gint64 org, GError **error)
{
  sqlite3 *handle = joinery_db_get_handle (db);
  g_autofree char *stamp = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (handle, floor_insert, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot prepare the floor's INSERT: %s",
                   sqlite3_errmsg (handle));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  for (guint64 i = 0; i < n; i++)
    {
      if (i % BATCH == 0)
        {
          /* Like a change group: a transaction and one timestamp per batch. */
          if (!exec_sql (handle, "BEGIN IMMEDIATE", error))
            goto fail;
          g_free (stamp);
          stamp = joinery_now_timestamp ();
        }
      sqlite3_bind_text (stmt, 1, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, people->names[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, people->job_titles[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, org);
      sqlite3_bind_text (stmt, 5, people->emails[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, people->phones[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, people->consent[i]);
      sqlite3_bind_null (stmt, 8);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the floor's INSERT failed at row %"
                       G_GUINT64_FORMAT ": %s", i + 1, sqlite3_errmsg (handle));
          goto fail;
        }
      if (((i + 1) % BATCH == 0 || i + 1 == n) && !exec_sql (handle, "COMMIT", error))
        goto fail;
    }
  sqlite3_finalize (stmt);
  return TRUE;

fail:
  sqlite3_finalize (stmt);
  if (!sqlite3_get_autocommit (handle))
    sqlite3_exec (handle, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
count_people (JoineryDb *db, gint64 *count, GError **error)
{
  sqlite3 *handle = joinery_db_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (handle, "SELECT count(*) FROM people", -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *count = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot count people: %s",
                 sqlite3_errmsg (handle));
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

/* SQLite's own SQLITE_TRACE_PROFILE figure has a resolution of a
 * millisecond, too coarse for statements of a few microseconds: take the
 * clock at the first step (SQLITE_TRACE_STMT) and at the end
 * (SQLITE_TRACE_PROFILE, on SQLITE_DONE or reset) instead. A statement
 * stepped while another is still open (the core reads a row, then writes
 * it elsewhere, then resets the read) is counted once: each statement is
 * charged its own time, less that of the statements run inside it. */
static int
trace_cb (unsigned type, void *data, void *p, void *x)
{
  SqlProfile *profile = data;
  gint64 now = bench_now_ns ();

  if (type == SQLITE_TRACE_STMT)
    {
      /* Triggers report "-- name" against their statement: not a new start. */
      if (!g_str_has_prefix ((const char *) x, "--") && !g_hash_table_contains (profile->started, p))
        {
          SqlStart *start = g_new (SqlStart, 1);
          start->at = now;
          start->done_ns = profile->done_ns;
          g_hash_table_insert (profile->started, p, start);
        }
    }
  else if (type == SQLITE_TRACE_PROFILE)
    {
      SqlStart *start = g_hash_table_lookup (profile->started, p);
      const char *sql = sqlite3_sql (p);
      SqlCost *cost;
      gint64 own;

      if (start == NULL || sql == NULL)
        return 0;
      cost = g_hash_table_lookup (profile->costs, sql);
      if (cost == NULL)
        {
          cost = g_new0 (SqlCost, 1);
          cost->sql = g_strdup (sql);
          g_hash_table_insert (profile->costs, (gpointer) cost->sql, cost);
        }
      own = (now - start->at) - (profile->done_ns - start->done_ns);
      cost->calls++;
      cost->ns += own;
      profile->done_ns += own;
      g_hash_table_remove (profile->started, p);
    }
  return 0;
}

static void
free_sql_cost (gpointer data)
{
  SqlCost *cost = data;
  g_free ((char *) cost->sql);
  g_free (cost);
}

static int
compare_costs (gconstpointer a, gconstpointer b)
{
  const SqlCost *x = *(SqlCost * const *) a, *y = *(SqlCost * const *) b;
  return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : 0;
}

static void
print_sql_profile (const char *name, SqlProfile *profile, guint64 n)
{
  g_autoptr(GPtrArray) costs = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  gint64 traced = 0;

  g_hash_table_iter_init (&iter, profile->costs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (costs, value);

  g_ptr_array_sort (costs, compare_costs);
  g_print ("  %s: time in each SQL statement (first step to reset), of %.2f s\n", name,
           profile->wall_ns / 1e9);
  g_print ("    %6s %8s %10s %8s  %s\n", "share", "seconds", "calls", "us/call", "statement");
  for (guint i = 0; i < costs->len; i++)
    {
      SqlCost *cost = costs->pdata[i];
      g_autofree char *flat = g_strdup (cost->sql);

      traced += cost->ns;
      g_strdelimit (flat, "\n\t", ' ');
      if (strlen (flat) > 110)
        strcpy (flat + 104, " [...]");
      g_print ("    %5.1f%% %8.2f %10" G_GUINT64_FORMAT " %8.2f  %s\n",
               100.0 * cost->ns / profile->wall_ns, cost->ns / 1e9, cost->calls,
               cost->ns / 1e3 / cost->calls, flat);
    }
  g_print ("    %5.1f%% %8.2f %10s %8.2f  (outside SQL: records, validation in C, the core's "
           "bookkeeping)\n",
           100.0 * (profile->wall_ns - traced) / profile->wall_ns, (profile->wall_ns - traced) / 1e9,
           "", (profile->wall_ns - traced) / 1e3 / n);
}

/* Write n people along one path into a fresh database in dir; the
 * database is removed afterwards unless kept. */
static gboolean
run_path (const char *dir, WritePath path, const People *people, guint64 n, gboolean profile_sql,
          gboolean keep, Run *run, GError **error)
{
  const char *name = path == PATH_CORE ? "core" : "floor";
  g_autofree char *file = g_strdup_printf ("%s/bench-write-%s.joinery", dir, name);
  g_autoptr(JoineryDb) db = NULL;
  SqlProfile profile = { NULL, NULL, 0, 0 };
  GStatBuf st;
  gint64 org, count = 0, start, end;
  double cpu_start, cpu_end;
  gboolean ok;

  bench_remove_database (file);
  db = joinery_db_open (file, JOINERY_DB_OPEN_CREATE, error);
  if (db == NULL)
    return FALSE;
  joinery_db_set_source (db, "bench");
  org = create_organisation (db, error);
  if (org == 0)
    return FALSE;

  if (profile_sql)
    {
      profile.started = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      profile.costs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, free_sql_cost);
      sqlite3_trace_v2 (joinery_db_get_handle (db), SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE,
                        trace_cb, &profile);
    }

  cpu_start = bench_cpu_seconds ();
  start = g_get_monotonic_time ();
  ok = path == PATH_CORE ? write_core (db, people, n, org, error)
                         : write_floor (db, people, n, org, error);
  end = g_get_monotonic_time ();
  cpu_end = bench_cpu_seconds ();

  if (profile_sql)
    {
      sqlite3_trace_v2 (joinery_db_get_handle (db), 0, NULL, NULL);
      profile.wall_ns = (end - start) * 1000;
      if (ok)
        print_sql_profile (name, &profile, n);
      g_hash_table_unref (profile.started);
      g_hash_table_unref (profile.costs);
    }
  if (!ok)
    return FALSE;

  /* Neither path may skip work: both must have written every row. */
  if (!count_people (db, &count, error))
    return FALSE;
  if (count != (gint64) n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %" G_GINT64_FORMAT " people written, not %"
                   G_GUINT64_FORMAT, name, count, n);
      return FALSE;
    }

  /* Closing checkpoints the write-ahead log into the file. */
  joinery_db_close (db);
  run->seconds = (double) (end - start) / G_USEC_PER_SEC;
  run->cpu_seconds = cpu_end - cpu_start;
  run->mib = g_stat (file, &st) == 0 ? (double) st.st_size / (1024.0 * 1024.0) : 0.0;
  if (keep)
    g_print ("  kept %s\n", file);
  else
    bench_remove_database (file);
  /* Leave no write-back of this run to slow down the next. */
  sync ();
  return TRUE;
}

static void
print_result (const char *measure, double value, double reference, int decimals,
              gboolean have_reference, gboolean cost, const char *aim)
{
  g_autofree char *value_text = g_strdup_printf ("%.*f", decimals, value);
  g_autofree char *reference_text = have_reference ? g_strdup_printf ("%.*f", decimals, reference)
                                                   : g_strdup ("-");
  g_autofree char *ratio_text = NULL;

  /* The ratio is always the core's cost over the floor's: for a cost
   * (time, bytes) value/reference, for a rate reference/value. */
  if (!have_reference || value <= 0 || reference <= 0)
    ratio_text = g_strdup ("-");
  else
    ratio_text = g_strdup_printf ("%.2f", cost ? value / reference : reference / value);
  g_print ("RESULT\t%s\t%s\t%s\t%s\t%s\t%s\n", BENCHMARK, measure, value_text, reference_text,
           ratio_text, have_reference ? aim : "-");
}

int
main (int argc, char **argv)
{
  gint64 rows = DEFAULT_ROWS;
  int repeat = 1;
  gboolean core_first = FALSE;
  gboolean profile_sql = FALSE;
  gboolean keep_databases = FALSE;
  char *dir_option = NULL;
  char *only = NULL;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT64, &rows, "People to write (default 1000000)", "N" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs of each path, order alternating; "
      "medians are reported (default 1)", "R" },
    { "core-first", 0, 0, G_OPTION_ARG_NONE, &core_first, "Measure the core before the floor", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Run one path alone, for profiling", "core|floor" },
    { "profile-sql", 0, 0, G_OPTION_ARG_NONE, &profile_sql, "Print the time spent in each SQL "
      "statement (adds a little overhead)", NULL },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir_option, "Folder for the databases "
      "(default: a new temporary folder)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep_databases, "Keep the measured databases (and their "
      "folder) for inspection", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "[DIR]" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[DIR] — write people through the core "
                                                            "and through a bare INSERT");
  g_autoptr(GError) error = NULL;
  GArray *rate[2], *seconds[2], *cpu[2];
  double mib[2] = { 0, 0 };
  gboolean wanted[2] = { TRUE, TRUE };
  g_autofree char *dir = NULL;
  g_autofree char *aim = g_strdup_printf ("<=%g", AIM);
  gboolean made_dir = FALSE;
  People *people;
  double prepare_start;
  int status = 1;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-write: %s\n", error->message);
      return 2;
    }
  if (rows < 1 || repeat < 1 || (rest != NULL && g_strv_length (rest) > 1) ||
      (rest != NULL && rest[0] != NULL && dir_option != NULL) ||
      (only != NULL && !g_str_equal (only, "core") && !g_str_equal (only, "floor")))
    {
      g_printerr ("bench-write: give --rows ≥ 1, --repeat ≥ 1, --only core or floor, "
                  "and at most one folder\n");
      return 2;
    }
  if (only != NULL)
    {
      wanted[PATH_CORE] = g_str_equal (only, "core");
      wanted[PATH_FLOOR] = !wanted[PATH_CORE];
      g_free (only);
    }

  if (dir_option != NULL)
    dir = g_strdup (dir_option);
  else if (rest != NULL && rest[0] != NULL)
    dir = g_strdup (rest[0]);
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("joinery-bench-XXXXXX", &error);
      if (dir == NULL)
        {
          g_printerr ("bench-write: %s\n", error->message);
          return 1;
        }
      made_dir = TRUE;
    }
  else if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("bench-write: cannot make %s: %s\n", dir, g_strerror (errno));
      return 1;
    }
  g_free (dir_option);

  for (int p = 0; p < 2; p++)
    {
      rate[p] = g_array_new (FALSE, FALSE, sizeof (double));
      seconds[p] = g_array_new (FALSE, FALSE, sizeof (double));
      cpu[p] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  g_print ("INFO\tsqlite\t%s\n", sqlite3_libversion ());
  g_print ("INFO\tfolder\t%s\n", dir);
  g_print ("%s: %" G_GINT64_FORMAT " people, batches of %d, %d run(s) of %s\n",
           BENCHMARK, rows, BATCH, repeat,
           wanted[PATH_CORE] && wanted[PATH_FLOOR] ? "each path" : wanted[PATH_CORE] ? "the core" : "the floor");

  prepare_start = bench_cpu_seconds ();
  people = make_people ((guint64) rows);
  g_print ("  values made in %.2f s (not timed)\n", bench_cpu_seconds () - prepare_start);

  /* Warm both paths alike on one batch each, in scratch databases. */
  for (int p = 0; p < 2; p++)
    {
      Run scratch;
      if (wanted[p] && !run_path (dir, (WritePath) p, people, MIN ((guint64) rows, BATCH), FALSE,
                                  FALSE, &scratch, &error))
        goto out;
    }

  for (int r = 0; r < repeat; r++)
    {
      /* Floor first on even runs, unless --core-first; the order alternates. */
      WritePath first = ((r % 2 == 0) == core_first) ? PATH_CORE : PATH_FLOOR;

      for (int k = 0; k < 2; k++)
        {
          WritePath path = k == 0 ? first : (WritePath) (1 - first);
          Run run;
          double r_rate;

          if (!wanted[path])
            continue;
          if (!run_path (dir, path, people, (guint64) rows, profile_sql, keep_databases, &run, &error))
            goto out;
          r_rate = rows / run.seconds;
          g_print ("  %-5s %10.0f rows/s  %8.2f s  %8.2f s CPU  %8.1f MiB  %6.2f us/row\n",
                   path == PATH_CORE ? "core" : "floor", r_rate, run.seconds, run.cpu_seconds,
                   run.mib, run.seconds * 1e6 / rows);
          g_array_append_val (rate[path], r_rate);
          g_array_append_val (seconds[path], run.seconds);
          g_array_append_val (cpu[path], run.cpu_seconds);
          mib[path] = run.mib;
        }
    }

  /* The value is the core's, the reference the floor's (alone, each is
   * the value). */
  {
    WritePath main_path = wanted[PATH_CORE] ? PATH_CORE : PATH_FLOOR;
    gboolean both = wanted[PATH_CORE] && wanted[PATH_FLOOR];

    print_result ("people written", rows, rows, 0, both, TRUE, "-");
    print_result ("rows/s", bench_median (rate[main_path]), both ? bench_median (rate[PATH_FLOOR]) : 0, 0,
                  both, FALSE, aim);
    print_result ("wall seconds", bench_median (seconds[main_path]), both ? bench_median (seconds[PATH_FLOOR]) : 0,
                  2, both, TRUE, "-");
    print_result ("CPU seconds", bench_median (cpu[main_path]), both ? bench_median (cpu[PATH_FLOOR]) : 0,
                  2, both, TRUE, "-");
    print_result ("file MiB", mib[main_path], mib[PATH_FLOOR], 1, both, TRUE, "-");
  }
  status = 0;

out:
  if (error != NULL)
    g_printerr ("bench-write: %s\n", error->message);
  for (int p = 0; p < 2; p++)
    {
      g_array_unref (rate[p]);
      g_array_unref (seconds[p]);
      g_array_unref (cpu[p]);
    }
  free_people (people);
  if (made_dir && !keep_databases)
    g_rmdir (dir);
  return status;
}
