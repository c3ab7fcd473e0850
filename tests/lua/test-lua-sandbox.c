/* test-lua-sandbox.c: the sandbox a plugin runs in — its exact globals,
 * and every rule tried and refused.
 *
 * Each hostile script runs with a budget of half a second. After each, the
 * test checks the error (its code and message), that the run ended within
 * its budget plus a second, that the host still runs a plain script, and
 * that the database is exactly as it was (a digest of every row).
 */
#include "lua-test-util.h"
#include "joinery-sqlite.h"

#include <string.h>
#include <unistd.h>

#define BUDGET_MS 500

typedef struct {
  JoineryTestDb *tdb;
  char          *digest;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->tdb = joinery_test_db_new ();
  lua_test_fill (f->tdb->db);
  f->digest = lua_test_digest (f->tdb->path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_free (f->digest);
  joinery_test_db_free (f->tdb);
}

/* The host is healthy: a plain script runs and reads the data. */
static void
assert_host_healthy (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output =
    lua_test_script (f->tdb, "print(ctx:value('SELECT count(*) FROM people'), ('ok'):upper())", 5000, &error);
  g_autofree char *digest = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (joinery_report_output_get_log (output), ==, "3\tOK\n");
  digest = lua_test_digest (f->tdb->path);
  g_assert_cmpstr (digest, ==, f->digest);
}

typedef struct {
  const char         *name;
  const char         *code;
  JoineryScriptError  code_expected;
  const char         *message;    /* a part of the error's message */
  guint               budget_ms;  /* 0 for BUDGET_MS */
} Refusal;

static void
run_refused (Fixture *f, const Refusal *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = NULL;
  gint64 start = g_get_monotonic_time ();
  guint budget = r->budget_ms > 0 ? r->budget_ms : BUDGET_MS;
  gint64 elapsed_ms;

  output = lua_test_script (f->tdb, r->code, budget, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  if (output != NULL || error == NULL || strstr (error->message, r->message) == NULL ||
      error->code != (int) r->code_expected)
    g_error ("%s: expected error %d containing “%s”, got %s (code %d)", r->name, r->code_expected, r->message,
             error != NULL ? error->message : "success", error != NULL ? error->code : -1);
  g_assert_true (error->domain == JOINERY_SCRIPT_ERROR);
  g_assert_cmpstr (joinery_script_error_get_plugin (error), ==, "script");
  g_assert_cmpint (elapsed_ms, <, lua_test_budget (budget) + 1000);
  assert_host_healthy (f);
}

static void
run_table (Fixture *f, const Refusal *table, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_test_message ("%s", table[i].name);
      run_refused (f, &table[i]);
    }
}

#define RUNTIME JOINERY_SCRIPT_ERROR_RUNTIME
#define TIMEOUT JOINERY_SCRIPT_ERROR_TIMEOUT
#define MEMORY  JOINERY_SCRIPT_ERROR_MEMORY

/* The globals, every library's names and nothing else. */
static void
test_globals (Fixture *f, gconstpointer data)
{
  static const char *code =
    "local function names(t)\n"
    "  local list = {}\n"
    "  for k in pairs(t) do list[#list + 1] = tostring(k) end\n"
    "  table.sort(list)\n"
    "  return table.concat(list, ' ')\n"
    "end\n"
    "print(names(_G))\n"
    "for _, lib in ipairs { 'string', 'table', 'math', 'utf8', 'coroutine', 'os' } do\n"
    "  print(lib .. ': ' .. names(_G[lib]))\n"
    "end\n"
    "print('joinery: ' .. names(joinery))\n"
    "print('money: ' .. names(joinery.money))\n"
    "print(type(getmetatable('')), _G == load('return _G')())\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = lua_test_script (f->tdb, code, 5000, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (joinery_report_output_get_log (output), ==,
    "_G _VERSION assert collectgarbage coroutine ctx error getmetatable ipairs joinery load math next os "
    "pairs pcall print rawequal rawget rawlen rawset require select setmetatable string table tonumber "
    "tostring type utf8 xpcall\n"
    "string: byte char find format gmatch gsub len lower match pack packsize rep reverse sub unpack upper\n"
    "table: concat insert move pack remove sort unpack\n"
    "math: abs acos asin atan ceil cos deg exp floor fmod huge log max maxinteger min mininteger modf pi "
    "rad random randomseed sin sqrt tan tointeger type ult\n"
    "utf8: char charpattern codepoint codes len offset\n"
    "coroutine: close create isyieldable resume running status wrap yield\n"
    "os: clock date time\n"
    "joinery: action api_version date fields financial_year kinds money report today version workflow\n"
    "money: format from_pounds parse to_pounds\n"
    "boolean\ttrue\n");
}

static void
test_files_and_programs (Fixture *f, gconstpointer data)
{
  static const Refusal refusals[] = {
    { "io.open", "io.open('/etc/passwd')", RUNTIME, "global 'io'" },
    { "os.execute", "os.execute('touch /tmp/joinery-pwned')", RUNTIME, "field 'execute'" },
    { "os.remove", "os.remove('/tmp/x')", RUNTIME, "field 'remove'" },
    { "os.exit", "os.exit(3)", RUNTIME, "field 'exit'" },
    { "os.getenv", "os.getenv('HOME')", RUNTIME, "field 'getenv'" },
    { "dofile", "dofile('/etc/passwd')", RUNTIME, "global 'dofile'" },
    { "loadfile", "loadfile('/etc/passwd')", RUNTIME, "global 'loadfile'" },
    { "package.loadlib", "package.loadlib('liblua5.4.so.0', 'luaopen_os')", RUNTIME, "global 'package'" },
    { "package.loaded", "return package.loaded.io", RUNTIME, "global 'package'" },
    { "debug.getregistry", "debug.getregistry()", RUNTIME, "global 'debug'" },
    { "debug.sethook", "debug.sethook()", RUNTIME, "global 'debug'" },
    { "string.dump", "load(string.dump(function () end))", RUNTIME, "field 'dump'" },
    { "require io", "require 'io'", RUNTIME, "not found in the plugin's folder" },
    { "require a C module", "require 'lpeg'", RUNTIME, "not found in the plugin's folder" },
    { "require a path", "require '../../../etc/passwd'", RUNTIME, "is not a module name" },
    { "require an absolute path", "require '/etc/passwd'", RUNTIME, "is not a module name" },
  };

  g_assert_false (g_file_test ("/tmp/joinery-pwned", G_FILE_TEST_EXISTS));
  run_table (f, refusals, G_N_ELEMENTS (refusals));
  g_assert_false (g_file_test ("/tmp/joinery-pwned", G_FILE_TEST_EXISTS));
}

/* A symbolic link in the script's folder does not lead out of it. */
static void
test_require_symlink (Fixture *f, gconstpointer data)
{
  g_autofree char *link = g_build_filename (f->tdb->dir, "evil.lua", NULL);
  g_autofree char *helper = lua_test_write (f->tdb->dir, "lib/helper.lua", "return { answer = 42 }\n");
  static const Refusal refusal = { "require a link", "require 'evil'", RUNTIME, "outside the plugin's folder" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = NULL;

  g_assert_cmpint (symlink ("/etc/passwd", link), ==, 0);
  run_refused (f, &refusal);

  /* …while a module of its own folder loads, once. */
  output = lua_test_script (f->tdb, "local a = require 'lib.helper'; local b = require 'lib.helper'\n"
                                    "print(a.answer, a == b, require 'joinery' == joinery)", 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_report_output_get_log (output), ==, "42\ttrue\ttrue\n");
}

static void
test_load (Fixture *f, gconstpointer data)
{
  static const Refusal refusals[] = {
    { "a binary chunk", "local f, e = load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n\\4\\8\\8xV\\0\\0'); error(e)",
      RUNTIME, "attempt to load a binary chunk" },
    { "a binary chunk, mode b", "local f, e = load('\\27LuaT\\0\\25\\147', 'x', 'b'); error(e)",
      RUNTIME, "attempt to load a binary chunk" },
    { "a reader function", "load(function () return nil end)", RUNTIME, "only text chunks" },
    { "_G is the sandbox's", "local g = load('return _G')()\n"
                             "assert(g == _G and g.io == nil and g.debug == nil and g.package == nil)\n"
                             "assert(load('return io')() == nil)\n"
                             "error('contained')", RUNTIME, "contained" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = NULL;

  run_table (f, refusals, G_N_ELEMENTS (refusals));
  /* Text loads, in the sandbox or in an environment given. */
  output = lua_test_script (f->tdb, "print(load('return 1 + 1')(), load('return x', 'c', 't', { x = 5 })())",
                            5000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_report_output_get_log (output), ==, "2\t5\n");
}

/* Patching the strings' metatable or library changes nothing outside the run. */
static void
test_string_metatable (Fixture *f, gconstpointer data)
{
  static const Refusal refusals[] = {
    { "the metatable", "getmetatable('').__index = { upper = function () return 'pwned' end }",
      RUNTIME, "attempt to index a boolean value" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) first = NULL;

  run_table (f, refusals, G_N_ELEMENTS (refusals));
  first = lua_test_script (f->tdb, "string.upper = function () return 'pwned' end\nprint(('a'):upper())", 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_report_output_get_log (first), ==, "pwned\n");
  assert_host_healthy (f);  /* the next run reads "OK" */
}

static void
test_sql (Fixture *f, gconstpointer data)
{
  static const Refusal refusals[] = {
    { "DELETE", "ctx:value('DELETE FROM people')", RUNTIME, "plugins may only read" },
    { "INSERT", "for x in ctx:query(\"INSERT INTO themes (created_at, updated_at, name) VALUES ('a', 'a', 'x') RETURNING id\") do end",
      RUNTIME, "plugins may only read" },
    { "UPDATE", "ctx:value('UPDATE people SET name = ?', 'x')", RUNTIME, "plugins may only read" },
    { "DROP", "ctx:value('DROP TABLE audit')", RUNTIME, "plugins may only read" },
    { "CREATE TEMP", "ctx:value('CREATE TEMP TABLE x (a)')", RUNTIME, "plugins may only read" },
    { "ATTACH", "ctx:value(\"ATTACH DATABASE '/tmp/joinery-attach.db' AS x\")", RUNTIME, "plugins may only read" },
    { "PRAGMA writable_schema", "ctx:value('PRAGMA writable_schema = 1')", RUNTIME, "plugins may only read" },
    { "PRAGMA journal_mode", "ctx:value('PRAGMA journal_mode = delete')", RUNTIME, "plugins may only read" },
    { "PRAGMA query_only", "ctx:value('PRAGMA query_only = 0')", RUNTIME, "plugins may only read" },
    { "BEGIN", "ctx:value('BEGIN IMMEDIATE')", RUNTIME, "plugins may only read" },
    { "load_extension", "ctx:value(\"SELECT load_extension('/lib/x86_64-linux-gnu/libc.so.6')\")",
      RUNTIME, "plugins may only read" },
    { "fts3_tokenizer", "ctx:value(\"SELECT fts3_tokenizer('simple', x'4141414141414141')\")",
      RUNTIME, "plugins may only read" },
    { "two statements", "ctx:value('SELECT 1; DELETE FROM people')", RUNTIME, "one statement at a time" },
    { "endless WITH RECURSIVE", "ctx:value('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                                "SELECT count(*) FROM c')", TIMEOUT, "ran out of time" },
  };

  run_table (f, refusals, G_N_ELEMENTS (refusals));
  g_assert_false (g_file_test ("/tmp/joinery-attach.db", G_FILE_TEST_EXISTS));
}

static void
test_time (Fixture *f, gconstpointer data)
{
  static const Refusal refusals[] = {
    { "a loop", "while true do end", TIMEOUT, "ran out of time" },
    { "a loop swallowed by pcall", "while true do pcall(function () while true do end end) end",
      TIMEOUT, "ran out of time" },
    { "errors swallowed by xpcall", "while true do xpcall(function () while true do end end, function () while true do end end) end",
      TIMEOUT, "ran out of time" },
    { "a loop in a coroutine", "coroutine.wrap(function () while true do end end)()", TIMEOUT, "ran out of time" },
    { "a loop in a resumed coroutine",
      "local co = coroutine.create(function () while true do coroutine.yield() end end)\n"
      "while true do coroutine.resume(co) end", TIMEOUT, "ran out of time" },
    { "a loop in a coroutine, errors swallowed",
      "local co = coroutine.create(function () while true do pcall(function () while true do end end) end end)\n"
      "coroutine.resume(co) while true do end", TIMEOUT, "ran out of time" },
    { "a __gc finalizer", "setmetatable({}, { __gc = function () while true do end end })\n"
                          "collectgarbage()", RUNTIME, "finalizers (__gc) are not allowed" },
    { "a __close that loops", "do local x <close> = setmetatable({}, { __close = function () while true do end end }) end",
      TIMEOUT, "ran out of time" },
    /* What no hook can stop: the host kills the process. */
    { "a pathological pattern", "return ('a'):rep(40000):find(('a-'):rep(60) .. 'b')", TIMEOUT, "was stopped" },
    { "table.concat over a C __index", "local t = setmetatable({}, { __index = table.concat })\n"
                                       "return table.concat(t, '', 1, 1e15)", TIMEOUT, "ran out of time" },
    { "table.sort with C metamethods",
      "local t = setmetatable({}, { __len = function () return 2^31 - 2 end, __index = rawlen, __newindex = rawequal })\n"
      "table.sort(t)", TIMEOUT, "ran out of time" },
  };

  run_table (f, refusals, G_N_ELEMENTS (refusals));
}

/* Filling 256 MiB takes a while where memory is slow to come by (a busy
 * machine, a sanitizer, MALLOC_PERTURB_): the budget of time must not be
 * what stops these first. */
#define MEMORY_BUDGET_MS 60000

static void
test_memory (Fixture *f, gconstpointer data)
{
  static const Refusal refusals[] = {
    { "string.rep", "local s = string.rep('x', 2^29)", MEMORY, "memory cap of 256 MiB", MEMORY_BUDGET_MS },
    { "growing strings", "local s = 'x' while true do s = s .. s end", MEMORY, "memory cap", MEMORY_BUDGET_MS },
    { "a growing table", "local t = {} for i = 1, 1e10 do t[i] = i end", MEMORY, "memory cap", MEMORY_BUDGET_MS },
    /* Each megabyte is made from a kilobyte: string.rep copies its string
     * once a repetition, and a million one-byte copies take seconds under
     * AddressSanitizer, which checks each. */
    { "table.concat", "local t = {} for i = 1, 200 do t[i] = ('x'):rep(2^10):rep(2^10) end\n"
                      "local s = table.concat(t) local u = table.concat { s, s }", MEMORY, "memory cap", MEMORY_BUDGET_MS },
    { "a memory error swallowed", "local t = {} while true do pcall(function () t[#t + 1] = ('x'):rep(2^12):rep(2^12) end) end",
      TIMEOUT, "ran out of time" },
  };

  run_table (f, refusals, G_N_ELEMENTS (refusals));
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  static const Refusal refusals[] = {
    { "deep recursion", "local function f () return 1 + f () end\nf ()", RUNTIME, "stack overflow", 5000 },
    { "an error whose __tostring loops",
      "error(setmetatable({}, { __tostring = function () while true do end end }))",
      RUNTIME, "(the error object is a table value)" },
    { "an error whose __tostring errors",
      "error(setmetatable({}, { __tostring = function () error('again') end }))",
      RUNTIME, "(the error object is a table value)" },
    { "an error with no value", "error()", RUNTIME, "(the error object is a nil value)" },
  };

  run_table (f, refusals, G_N_ELEMENTS (refusals));
}

/* The error carries the file, the line and a traceback. */
static void
test_error_details (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) syntax = NULL;
  g_autoptr(JoineryReportOutput) output = NULL;
  g_autoptr(JoineryReportOutput) output2 = NULL;

  output = lua_test_script (f->tdb, "local x = 1\n\nlocal function f ()\n  return nil + x\nend\nf ()\n", 5000, &error);
  g_assert_null (output);
  g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_RUNTIME);
  g_assert_cmpstr (joinery_script_error_get_file (error), ==, "script.lua");
  g_assert_cmpint (joinery_script_error_get_line (error), ==, 4);
  g_assert_nonnull (strstr (error->message, "script.lua:4: attempt to perform arithmetic on a nil value"));
  g_assert_nonnull (strstr (joinery_script_error_get_traceback (error), "stack traceback:"));
  g_assert_nonnull (strstr (joinery_script_error_get_traceback (error), "script.lua:6"));

  output2 = lua_test_script (f->tdb, "print('a')\nlocal = 2\n", 5000, &syntax);
  g_assert_error (syntax, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_SYNTAX);
  g_assert_cmpstr (joinery_script_error_get_file (syntax), ==, "script.lua");
  g_assert_cmpint (joinery_script_error_get_line (syntax), ==, 2);
}

/* The sandbox process dies with a crash of its own, never the host's. */
static void
test_runner_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = NULL;

  g_setenv ("JOINERY_LUA_RUNNER", "/nonexistent/joinery-lua-runner", TRUE);
  output = lua_test_script (f->tdb, "print(1)", 5000, &error);
  g_unsetenv ("JOINERY_LUA_RUNNER");
  g_assert_null (output);
  g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "cannot start the sandbox"));
  assert_host_healthy (f);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
run_in_thread (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  GCancellable *cancellable = ((gpointer *) data)[1];
  g_autofree char *path = lua_test_write (f->tdb->dir, "loop.lua", "while true do end\n");
  JoineryLuaLimits limits = { 20000, 0, cancellable };
  GError *error = NULL;
  JoineryReportOutput *output = joinery_lua_run_script (path, f->tdb->path, &limits, &error);

  g_assert_null (output);
  return error;
}

/* A front end stops a run it started in a thread, at once. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gpointer args[] = { f, cancellable };
  gint64 start = g_get_monotonic_time ();
  GThread *thread = g_thread_new ("run", run_in_thread, args);
  g_autoptr(GError) error = NULL;

  g_timeout_add (300, cancel_cb, cancellable);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (NULL, TRUE);
  error = g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 2000);
  assert_host_healthy (f);
}

/* The core's read-only, hardened connection the sandbox reads through. */
static void
test_read_only_connection (Fixture *f, gconstpointer data)
{
  static const struct { int op; int value; } expected[] = {
    { SQLITE_DBCONFIG_DEFENSIVE, 1 },
    { SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0 },
    { SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0 },
    { SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0 },
    { SQLITE_DBCONFIG_DQS_DML, 0 },
    { SQLITE_DBCONFIG_ENABLE_FKEY, 1 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) missing = NULL;
  g_autofree char *nowhere = g_build_filename (f->tdb->dir, "nowhere.joinery", NULL);
  sqlite3 *db = joinery_sqlite_open_read_only (f->tdb->path, &error);
  int rc;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      int now = -1;
      g_assert_cmpint (sqlite3_db_config (db, expected[i].op, -1, &now), ==, SQLITE_OK);
      g_assert_cmpint (now, ==, expected[i].value);
    }
  rc = sqlite3_exec (db, "DELETE FROM people", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_READONLY);
  sqlite3_close (db);

  g_assert_null (joinery_sqlite_open_read_only (nowhere, &missing));
  g_assert_error (missing, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  assert_host_healthy (f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lua/sandbox/globals", test_globals);
  ADD ("/lua/sandbox/files-and-programs", test_files_and_programs);
  ADD ("/lua/sandbox/require-symlink", test_require_symlink);
  ADD ("/lua/sandbox/load", test_load);
  ADD ("/lua/sandbox/string-metatable", test_string_metatable);
  ADD ("/lua/sandbox/sql", test_sql);
  ADD ("/lua/sandbox/time", test_time);
  ADD ("/lua/sandbox/memory", test_memory);
  ADD ("/lua/sandbox/errors", test_errors);
  ADD ("/lua/sandbox/error-details", test_error_details);
  ADD ("/lua/sandbox/runner-missing", test_runner_missing);
  ADD ("/lua/sandbox/read-only-connection", test_read_only_connection);
  ADD ("/lua/sandbox/cancel", test_cancel);
  return g_test_run ();
}
