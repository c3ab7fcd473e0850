/* bench-lua.c: how fast rows reach a Lua report, beside SQL and C reading
 * the same rows, in the same run; and how long a run takes to start.
 *
 * One database of N people (1,000,000 by default) in 1,000 organisations,
 * each booked onto one of 2,000 events, written with plain INSERTs (the
 * write path has its own benchmark). Then, on the same file:
 *
 *   sum      a Lua report reads every person's organisation_id row by row
 *            (ctx:query, the values iterator) and adds them up; against
 *            SELECT sum(…) (aim: within 3x) and against a C loop stepping
 *            the same statement (aim: within 1.5x, and under 50 ns a row
 *            more). Also the same in Lua with a fresh table per row
 *            (ctx:rows), to show what that costs.
 *   group    a Lua group-by: attendances joined to people and events, the
 *            events' kinds counted in a Lua table; against the SQL GROUP BY
 *            (aim: within 2x).
 *   start    a run of an empty report, end to end: the sandbox process,
 *            its Lua state and globals, the plugin loaded, the answer read
 *            (aim: under 5 ms, the median of 30).
 *
 * The Lua side times its own loop with os.clock() (the sandbox process's
 * processor time), on its second pass over the rows; the C and SQL sides
 * time theirs with the thread's processor time, on a read-only connection
 * opened the way the sandbox opens its own (joinery_sqlite_open_read_only)
 * and warmed the same way, so that both read from a filled page cache. Each is run --repeat
 * times (3 by default), alternating, and the medians reported; the
 * results are checked to agree. Output as tests/bench/run.sh reads it.
 */
#include "bench-util.h"
#include "joinery-db.h"
#include "joinery-generate.h"
#include "joinery-lua.h"
#include "joinery-sqlite.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#define BENCHMARK     "lua"
#define DEFAULT_ROWS  1000000
#define SEED          20240601u
#define N_ORGS        1000
#define N_EVENTS      2000
#define START_RUNS    30

static const char *sum_sql = "SELECT organisation_id FROM people";
static const char *sum_all_sql = "SELECT sum(organisation_id) FROM people";
static const char *join_sql =
  "SELECT e.kind FROM attendances a JOIN people p ON p.id = a.person_id JOIN events e ON e.id = a.event_id";
static const char *group_sql =
  "SELECT e.kind, count(*) FROM attendances a JOIN people p ON p.id = a.person_id "
  "JOIN events e ON e.id = a.event_id GROUP BY e.kind";

/* Each report reads its rows twice and times the second pass: the first
 * fills the sandbox connection's page cache, as the C side's is filled by
 * its first pass (and as a report that runs for real finds it after the
 * first screenful). */
static const char *plugin_main =
  "local function twice (f) f () local t0 = os.clock() local r = f () return r, os.clock() - t0 end\n"
  "joinery.report { id = 'sum', title = 'Sum', run = function (ctx)\n"
  "  print(twice(function () local s = 0\n"
  "    for v in ctx:query(\"SELECT organisation_id FROM people\") do s = s + v end return s end)) end }\n"
  "joinery.report { id = 'sum-tables', title = 'Sum', run = function (ctx)\n"
  "  print(twice(function () local s = 0\n"
  "    for r in ctx:rows(\"SELECT organisation_id FROM people\") do s = s + r.organisation_id end return s end)) end }\n"
  "joinery.report { id = 'group', title = 'Group', run = function (ctx)\n"
  "  local counts\n"
  "  local n, elapsed = twice(function ()\n"
  "    counts = {}\n"
  "    for kind in ctx:query(\"SELECT e.kind FROM attendances a JOIN people p ON p.id = a.person_id "
  "JOIN events e ON e.id = a.event_id\") do\n"
  "      counts[kind] = (counts[kind] or 0) + 1\n"
  "    end\n"
  "    local n = 0 for _, c in pairs(counts) do n = n + c end return n end)\n"
  "  local t = ctx:table { columns = { 'Kind', { 'Attendances', 'integer' } } }\n"
  "  for kind, c in pairs(counts) do t:add(kind, c) end\n"
  "  print(n, elapsed) end }\n"
  "joinery.report { id = 'empty', title = 'Empty', run = function (ctx) ctx:paragraph('nothing') end }\n";

static const char * const event_kinds[] = {
  "conference", "learning_event", "hack", "training", "workshop", "meeting", "other"
};

static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static guint64
draw (guint stream, guint64 index, guint64 range)
{
  return joinery_generate_draw (SEED, stream, index, range);
}

static gboolean
exec_ok (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_printerr ("bench-lua: %s: %s\n", sql, message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_database (const char *path, gint64 rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open (path, JOINERY_DB_OPEN_CREATE, &error);
  sqlite3 *handle;
  sqlite3_stmt *stmt = NULL;

  if (db == NULL)
    {
      g_printerr ("bench-lua: %s\n", error->message);
      return FALSE;
    }
  handle = joinery_db_get_handle (db);
  if (!exec_ok (handle, "BEGIN"))
    return FALSE;

  sqlite3_prepare_v2 (handle, "INSERT INTO organisations (created_at, updated_at, name, kind) "
                              "VALUES ('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', ?1, 'voluntary')", -1, &stmt, NULL);
  for (guint i = 0; i < N_ORGS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Organisation %u", i + 1);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (handle, "INSERT INTO events (created_at, updated_at, name, kind, starts_on) "
                              "VALUES ('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', ?1, ?2, '2024-06-01')", -1, &stmt, NULL);
  for (guint i = 0; i < N_EVENTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Event %u", i + 1);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, event_kinds[draw (1, i, G_N_ELEMENTS (event_kinds))], -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (handle, "INSERT INTO people (created_at, updated_at, name, organisation_id, consent_to_contact) "
                              "VALUES ('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', ?1, ?2, ?3)", -1, &stmt, NULL);
  for (gint64 i = 0; i < rows; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;

      joinery_generate_person_name ((guint64) i, SEED, &name, &email);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, 1 + (gint64) draw (2, (guint64) i, N_ORGS));
      sqlite3_bind_int (stmt, 3, (int) draw (3, (guint64) i, 2));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_printerr ("bench-lua: %s\n", sqlite3_errmsg (handle));
          return FALSE;
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (handle, "INSERT INTO attendances (created_at, updated_at, event_id, person_id) "
                              "VALUES ('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', ?1, ?2)", -1, &stmt, NULL);
  for (gint64 i = 0; i < rows; i++)
    {
      sqlite3_bind_int64 (stmt, 1, 1 + (gint64) draw (4, (guint64) i, N_EVENTS));
      sqlite3_bind_int64 (stmt, 2, i + 1);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_printerr ("bench-lua: %s\n", sqlite3_errmsg (handle));
          return FALSE;
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  return exec_ok (handle, "COMMIT");
}

/* C: step `sql` and add up its first column (or count its rows). */
static double
c_loop (sqlite3 *db, const char *sql, gboolean count_only, gint64 *result)
{
  sqlite3_stmt *stmt = NULL;
  gint64 sum = 0;
  double start;

  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  start = cpu_now ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    sum += count_only ? 1 : sqlite3_column_int64 (stmt, 0);
  start = cpu_now () - start;
  sqlite3_finalize (stmt);
  *result = sum;
  return start;
}

/* SQL: run the aggregate; the sum of its last column over its rows. */
static double
sql_aggregate (sqlite3 *db, const char *sql, gint64 *result)
{
  sqlite3_stmt *stmt = NULL;
  gint64 sum = 0;
  double start;

  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  start = cpu_now ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    sum += sqlite3_column_int64 (stmt, sqlite3_column_count (stmt) - 1);
  start = cpu_now () - start;
  sqlite3_finalize (stmt);
  *result = sum;
  return start;
}

/* Lua: run the report; its printed total and the seconds its loop took. */
static gboolean
lua_report (JoineryPlugin *plugin, const char *id, const char *path, gint64 *result, double *seconds)
{
  g_autoptr(GError) error = NULL;
  JoineryLuaLimits limits = { 600000, 0, NULL };
  g_autoptr(JoineryReportOutput) output = joinery_lua_run_report (plugin, id, path, NULL, &limits, &error);

  if (output == NULL)
    {
      g_printerr ("bench-lua: %s\n", error->message);
      return FALSE;
    }
  if (sscanf (joinery_report_output_get_log (output), "%" G_GINT64_FORMAT "\t%lf", result, seconds) != 2)
    {
      g_printerr ("bench-lua: the report said “%s”\n", joinery_report_output_get_log (output));
      return FALSE;
    }
  return TRUE;
}

static void
print_result (const char *measure, double value, double reference, int decimals, const char *aim)
{
  g_print ("RESULT\t%s\t%s\t%.*f\t", BENCHMARK, measure, decimals, value);
  if (reference > 0)
    g_print ("%.*f\t%.2f\t%s\n", decimals, reference, value / reference, aim);
  else
    g_print ("-\t-\t%s\n", aim);
}

enum { LUA_SUM, LUA_ROWS, C_SUM, SQL_SUM, LUA_GROUP, SQL_GROUP, N_MEASURES };

int
main (int argc, char **argv)
{
  gint64 rows = DEFAULT_ROWS;
  int repeat = 3;
  char *dir_option = NULL;
  gboolean keep = FALSE;
  const GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT64, &rows, "People (and attendances) (default 1000000)", "N" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs of each measure; medians are reported (default 3)", "R" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir_option, "Folder for the database (default: a new temporary one)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the database", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— rows into Lua, beside SQL and C");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plugins = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *main_path = NULL;
  g_autoptr(JoineryPlugin) plugin = NULL;
  g_autoptr(GArray) start_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *values[N_MEASURES];
  gint64 results[N_MEASURES] = { 0 };
  sqlite3 *db;
  double made;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rows < 1 || repeat < 1)
    {
      g_printerr ("bench-lua: give --rows ≥ 1 and --repeat ≥ 1\n");
      return 2;
    }
  dir = dir_option != NULL ? g_strdup (dir_option) : g_dir_make_tmp ("joinery-bench-lua-XXXXXX", &error);
  if (dir == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("bench-lua: cannot make a folder for the database\n");
      return 1;
    }
  g_free (dir_option);
  path = g_build_filename (dir, "bench-lua.joinery", NULL);
  plugins = g_build_filename (dir, "plugins", NULL);
  folder = g_build_filename (plugins, "bench", NULL);
  g_mkdir_with_parents (folder, 0700);
  manifest = g_build_filename (folder, "manifest.ini", NULL);
  main_path = g_build_filename (folder, "main.lua", NULL);
  g_file_set_contents (manifest, "[Plugin]\nid=bench\nname=Benchmark\nversion=1\napi=1\npermissions=read\n"
                                 "reports=sum;sum-tables;group;empty\n", -1, NULL);
  g_file_set_contents (main_path, plugin_main, -1, NULL);
  plugin = joinery_plugin_load (folder);
  if (joinery_plugin_get_status (plugin) != JOINERY_PLUGIN_OK)
    {
      g_printerr ("bench-lua: %s\n", joinery_plugin_get_error (plugin)->message);
      return 1;
    }

  g_print ("INFO\trows\t%" G_GINT64_FORMAT "\n", rows);
  g_print ("INFO\tsqlite\t%s\n", sqlite3_libversion ());
  g_print ("INFO\tlua\t%s\n", LUA_RELEASE_FOR_BENCH);
  g_print ("making %" G_GINT64_FORMAT " people and attendances in %s…\n", rows, path);
  g_unlink (path);
  made = g_get_monotonic_time () / 1e6;
  if (!make_database (path, rows))
    return 1;
  g_print ("made in %.1f s\n", g_get_monotonic_time () / 1e6 - made);

  db = joinery_sqlite_open_read_only (path, &error);
  if (db == NULL)
    {
      g_printerr ("bench-lua: %s\n", error->message);
      return 1;
    }
  for (int m = 0; m < N_MEASURES; m++)
    values[m] = g_array_new (FALSE, FALSE, sizeof (double));

  /* Warm the file into the page cache once, untimed. */
  c_loop (db, join_sql, TRUE, &results[C_SUM]);
  for (int r = 0; r < repeat; r++)
    {
      double seconds;
      gint64 result;

      if (!lua_report (plugin, "sum", path, &results[LUA_SUM], &seconds))
        return 1;
      g_array_append_val (values[LUA_SUM], seconds);
      seconds = c_loop (db, sum_sql, FALSE, &results[C_SUM]);
      g_array_append_val (values[C_SUM], seconds);
      seconds = sql_aggregate (db, sum_all_sql, &results[SQL_SUM]);
      g_array_append_val (values[SQL_SUM], seconds);
      if (!lua_report (plugin, "sum-tables", path, &results[LUA_ROWS], &seconds))
        return 1;
      g_array_append_val (values[LUA_ROWS], seconds);
      if (!lua_report (plugin, "group", path, &results[LUA_GROUP], &seconds))
        return 1;
      g_array_append_val (values[LUA_GROUP], seconds);
      seconds = sql_aggregate (db, group_sql, &result);
      results[SQL_GROUP] = result;
      g_array_append_val (values[SQL_GROUP], seconds);
      g_print ("run %d: Lua sum %.3f s, C %.3f s, SQL %.3f s; Lua group %.3f s, SQL %.3f s\n", r + 1,
               g_array_index (values[LUA_SUM], double, r), g_array_index (values[C_SUM], double, r),
               g_array_index (values[SQL_SUM], double, r), g_array_index (values[LUA_GROUP], double, r),
               g_array_index (values[SQL_GROUP], double, r));
    }
  sqlite3_close (db);
  if (results[LUA_SUM] != results[C_SUM] || results[LUA_SUM] != results[SQL_SUM] ||
      results[LUA_ROWS] != results[C_SUM] || results[LUA_GROUP] != rows || results[SQL_GROUP] != rows)
    {
      g_printerr ("bench-lua: the results disagree\n");
      return 1;
    }

  for (int i = 0; i < START_RUNS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(JoineryReportOutput) output = joinery_lua_run_report (plugin, "empty", path, NULL, NULL, &error);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;

      if (output == NULL)
        {
          g_printerr ("bench-lua: %s\n", error->message);
          return 1;
        }
      g_array_append_val (start_ms, ms);
    }

  {
    double lua_sum = bench_median (values[LUA_SUM]), c_sum = bench_median (values[C_SUM]), sql_sum = bench_median (values[SQL_SUM]);
    double lua_rows = bench_median (values[LUA_ROWS]), lua_group = bench_median (values[LUA_GROUP]);
    double sql_group = bench_median (values[SQL_GROUP]);
    double overhead_ns = (lua_sum - c_sum) / (double) rows * 1e9;

    print_result ("sum in Lua / SELECT sum (s)", lua_sum, sql_sum, 3, "<=3");
    print_result ("sum in Lua / C loop (s)", lua_sum, c_sum, 3, "<=1.5");
    print_result ("sum: Lua's cost a row over C's (ns)", overhead_ns, 0, 1, "<50");
    print_result ("sum, a table a row / values (s)", lua_rows, lua_sum, 3, "-");
    print_result ("group-by in Lua / SQL GROUP BY (s)", lua_group, sql_group, 3, "<=2");
    print_result ("start a run (ms, median of 30)", bench_median (start_ms), 0, 2, "<5");
  }

  for (int m = 0; m < N_MEASURES; m++)
    g_array_unref (values[m]);
  if (!keep)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_unlink (manifest);
      g_unlink (main_path);
      g_rmdir (folder);
      g_rmdir (plugins);
      if (dir != NULL && strstr (dir, "joinery-bench-lua-") != NULL)
        g_rmdir (dir);
    }
  return 0;
}
