/* fuzz-lua.c: libFuzzer target for the Lua API's argument handling
 * (app/lua/joinery-lua-*.c, the sandbox process's side of the API).
 *
 * The input is turned into a plugin: a sequence of calls of the API —
 * joinery.report/workflow/action, joinery.date and its methods, money,
 * ctx:query/rows/row/value/get/records, the output tables and charts, the
 * workflow operations, records' fields and methods — each with arguments
 * of fuzzed types and values (nil, booleans, extreme numbers, text from a
 * dictionary or the input, tables, functions, the results of earlier calls,
 * tables with hostile metatables), run in the real sandbox, as the
 * sandbox process runs a plugin, with a small budget (50 ms, 8 MiB) on a
 * read-only connection to a database with a few records. Each call is
 * protected, so one that raises does not end the plugin. Besides not
 * crashing, leaking or overrunning, the sandbox must hold: the plugin
 * ends (its budget stops it), its memory stays under its cap, and its
 * output, if any, serialises.
 *
 * The generated plugin is written to the run's folder as main.lua; with
 * JOINERY_FUZZ_LUA_PRINT set it is printed too, to see what an input does.
 */
#include "fuzz-util.h"
#include "joinery-db.h"
#include "joinery-kind.h"
#include "joinery-record.h"

#include <glib/gstdio.h>
#include "joinery-lua-runner-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#define TIME_MS        50
#define MEMORY_CAP     (8u * 1024 * 1024)
#define MAX_STATEMENTS 40
#define MAX_DEPTH      3

typedef struct {
  const uint8_t *data;
  size_t         size;
  size_t         pos;
  guint          n_results;   /* r[1] … r[n] exist */
} Input;

static guint8
next_byte (Input *in)
{
  return in->pos < in->size ? in->data[in->pos++] : 0;
}

static gboolean
at_end (Input *in)
{
  return in->pos >= in->size;
}

static const char * const texts[] = {
  "", "grant", "grants", "person", "people", "organisation", "fund", "round", "event", "task", "note",
  "project", "area", "award", "indicator", "measurement", "session", "attendance",
  "name", "status", "title", "stage", "amount_awarded", "amount_requested", "email", "awarded",
  "demand", "grant.changed", "project.status", "person.created", "task.deleted", "grant.nothing",
  "bar", "line", "pie", "text", "number", "date", "choice", "record", "id",
  "2017-05-19", "19/05/2017", "2016-02-29", "2017-02-29", "9999-12-31", "0000-01-01", "-0001-01-01",
  "£1,130,000", "1250.50", "-£5", "£", "1e999", "%Y-%m-%d", "%A %d %B %Y", "%", "%%%n",
  "SELECT 1", "SELECT * FROM grants", "SELECT name FROM organisations WHERE id = ?", "SELECT ?, ?, ?",
  "SELECT id, name FROM people ORDER BY name", "SELECT count(*) FROM organisations",
  "DELETE FROM people", "INSERT INTO notes(body) VALUES ('x')", "UPDATE grants SET status = 'awarded'",
  "PRAGMA writable_schema = 1", "ATTACH ':memory:' AS x", "SELECT load_extension('x')",
  "SELECT fts3_tokenizer('simple')", "SELECT * FROM audit", "CREATE TABLE x (y)", "BEGIN",
  "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
  "SELECT zeroblob(100000000)", "SELECT randomblob(1000000)", "SELECT printf('%.*c', 100000000, 'x')",
  "SELECT 1; SELECT 2", "1", "-1", "0x7fffffffffffffff", "nan", "inf", "Leeds City Council",
  "\xff\xfe", "line one\nline two",
};

static const char * const keys[] = {
  "id", "title", "run", "params", "on", "kind", "name", "type", "label", "required", "default", "choices",
  "description", "when", "x", "y", "data", "record", "due", "fields", "body", "tag", "level",
  "columns", "rows", "status", "organisation", "limit", "help", "series", "stacked",
};

static const char * const hostile[] = {
  "setmetatable({}, {__index = function(t, k) return k end})",
  "setmetatable({}, {__len = function() return 2^40 end})",
  "setmetatable({}, {__len = function() return -1 end})",
  "setmetatable({}, {__tostring = function() error('x') end})",
  "setmetatable({}, {__tostring = function() return {} end})",
  "setmetatable({}, {__eq = function() error('x') end, __lt = function() error('x') end})",
  "setmetatable({}, {__pairs = function() error('x') end})",
  "setmetatable({}, {__name = 'joinery.Date'})",
  "setmetatable({}, {__metatable = 'x', __index = function() error('x') end})",
  "string.rep('x', 1 << 20)",
  "string.rep('x', 1 << 24)",
  "(function () local t = {} for i = 1, 300 do t = {t} end return t end)()",
  "(function () local t = {} t[1] = t t.x = t return t end)()",
  "(function () local t = {} for i = 1, 10000 do t[i] = i end return t end)()",
  "coroutine.create(function () end)",
  "error",
  "ctx",
  "joinery",
  "joinery.date",
  "print",
};

/* "f" is called as a function; "m" as a method of an earlier result. */
static const char * const functions[] = {
  "joinery.report", "joinery.workflow", "joinery.action", "joinery.date", "joinery.today",
  "joinery.financial_year", "joinery.money.format", "joinery.money.parse", "joinery.money.from_pounds",
  "joinery.money.to_pounds", "ctx:query", "ctx:rows", "ctx:row", "ctx:value", "ctx:get", "ctx:records",
  "ctx:heading", "ctx:paragraph", "ctx:table", "ctx:chart", "ctx:create_task", "ctx:update",
  "ctx:add_note", "ctx:add_tag", "ctx:log", "tostring", "print", "pairs", "ipairs",
};

static const char * const methods[] = {
  "add", "count", "add_days", "add_months", "add_years", "iso", "weekday", "days_until",
  "financial_year", "format", "related", "fields",
};

static void append_value (GString *out, Input *in, int depth);

static void
append_result (GString *out, Input *in)
{
  if (in->n_results == 0)
    g_string_append (out, "nil");
  else
    g_string_append_printf (out, "r[%u]", 1 + next_byte (in) % in->n_results);
}

static void
append_quoted (GString *out, const char *text, gsize len)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "\\%u", (guint8) text[i]);
  g_string_append_c (out, '"');
}

static void
append_args (GString *out, Input *in, int depth)
{
  guint n = next_byte (in) % 5;

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_value (out, in, depth);
    }
}

static void
append_value (GString *out, Input *in, int depth)
{
  static const char * const numbers[] = {
    "math.maxinteger", "math.mininteger", "(0/0)", "(1/0)", "(-1/0)", "-0.0", "1e308", "0.5", "2^53",
    "-1", "0", "1", "2^63", "-2^63", "1e-320", "100000000000",
  };
  guint8 choice = next_byte (in);

  if (depth >= MAX_DEPTH && choice % 12 >= 7)
    choice = 0;
  switch (choice % 12)
    {
    case 0:
      g_string_append (out, "nil");
      break;
    case 1:
      g_string_append (out, next_byte (in) & 1 ? "true" : "false");
      break;
    case 2:
      g_string_append_printf (out, "%d", (gint16) (next_byte (in) << 8 | next_byte (in)));
      break;
    case 3:
      g_string_append (out, numbers[next_byte (in) % G_N_ELEMENTS (numbers)]);
      break;
    case 4:
    case 5:
      {
        const char *text = texts[next_byte (in) % G_N_ELEMENTS (texts)];
        append_quoted (out, text, strlen (text));
      }
      break;
    case 6:
      {
        guint len = next_byte (in) % 48;
        gsize start = in->pos;
        len = (guint) MIN ((gsize) len, in->size - in->pos);
        in->pos += len;
        append_quoted (out, (const char *) in->data + start, len);
      }
      break;
    case 7:
      g_string_append_c (out, '{');
      append_args (out, in, depth + 1);
      g_string_append_c (out, '}');
      break;
    case 8:
      {
        guint n = next_byte (in) % 6;
        g_string_append_c (out, '{');
        for (guint i = 0; i < n; i++)
          {
            g_string_append_printf (out, "%s = ", keys[next_byte (in) % G_N_ELEMENTS (keys)]);
            append_value (out, in, depth + 1);
            g_string_append (out, ", ");
          }
        g_string_append_c (out, '}');
      }
      break;
    case 9:
      append_result (out, in);
      break;
    case 10:
      g_string_append (out, "function (...) return ");
      append_value (out, in, depth + 1);
      g_string_append (out, " end");
      break;
    default:
      g_string_append (out, hostile[next_byte (in) % G_N_ELEMENTS (hostile)]);
      break;
    }
}

/* One protected statement; its result (or error) becomes r[n + 1]. */
static void
append_statement (GString *out, Input *in)
{
  guint8 form = next_byte (in);

  g_string_append_printf (out, "r[%u] = select(2, pcall(function () return ", in->n_results + 1);
  switch (form % 8)
    {
    case 0:
    case 1:
    case 2:
      g_string_append_printf (out, "%s(", functions[next_byte (in) % G_N_ELEMENTS (functions)]);
      append_args (out, in, 0);
      g_string_append_c (out, ')');
      break;
    case 3:
    case 4:
      append_result (out, in);
      g_string_append_printf (out, ":%s(", methods[next_byte (in) % G_N_ELEMENTS (methods)]);
      append_args (out, in, 0);
      g_string_append_c (out, ')');
      break;
    case 5:
      /* A field of a record (or of anything), or a comparison. */
      append_result (out, in);
      if (next_byte (in) & 1)
        g_string_append_printf (out, "[%s]", next_byte (in) & 1 ? "\"name\"" : "\"status\"");
      else
        {
          static const char * const operators[] = { "==", "<", "<=", "..", "+" };
          g_string_append_printf (out, " %s ", operators[next_byte (in) % G_N_ELEMENTS (operators)]);
          append_value (out, in, 0);
        }
      break;
    case 6:
      /* A field set on an earlier result (a record refuses). */
      g_string_append (out, "(function () local t = ");
      append_result (out, in);
      g_string_append_printf (out, "; t.%s = ", keys[next_byte (in) % G_N_ELEMENTS (keys)]);
      append_value (out, in, 0);
      g_string_append (out, "; return t end)()");
      break;
    default:
      /* Iterate an earlier result, as a for loop would (rows, records, pairs). */
      g_string_append (out, "(function () local n = 0 for _ in ");
      append_result (out, in);
      g_string_append (out, " do n = n + 1 if n > 100 then break end end return n end)()");
      break;
    }
  g_string_append (out, " end))\n");
  in->n_results++;
}

static char *
make_plugin (const uint8_t *data, size_t size)
{
  Input in = { data, size, 0, 0 };
  GString *out = g_string_new ("local r = {}\n");

  while (!at_end (&in) && in.n_results < MAX_STATEMENTS)
    append_statement (out, &in);
  g_string_append (out, "return r\n");
  return g_string_free (out, FALSE);
}

/* The sandbox's read-only connection, and the database behind it */

static sqlite3 *shared_db;
static char *db_path;
static char *plugin_dir;

static void
make_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  JoinerySandbox *first;
  g_autofree char *problem = NULL;
  static const char * const organisations[][2] = {
    { "Leeds City Council", "council" },
    { "Bradford Council", "council" },
  };

  db_path = g_build_filename (fuzz_tmp_dir (), "lua.joinery", NULL);
  plugin_dir = g_build_filename (fuzz_tmp_dir (), "plugin", NULL);
  g_mkdir_with_parents (plugin_dir, 0700);
  db = joinery_db_open (db_path, JOINERY_DB_OPEN_CREATE, &error);
  if (db == NULL)
    fuzz_fail ("cannot create %s: %s", db_path, error->message);
  for (guint i = 0; i < G_N_ELEMENTS (organisations); i++)
    {
      g_autoptr(JoineryRecord) record = joinery_record_new (joinery_kind_lookup ("organisation"));
      if (!joinery_db_set_from_string (db, record, "name", organisations[i][0], &error) ||
          !joinery_db_set_from_string (db, record, "kind", organisations[i][1], &error) ||
          !joinery_db_create (db, record, &error))
        fuzz_fail ("cannot fill %s: %s", db_path, error->message);
    }
  joinery_db_close (db);

  /* The connection and its statement cache outlive each run's state. */
  first = joinery_sandbox_new (MEMORY_CAP, TIME_MS);
  if (first == NULL || !joinery_lua_query_setup (first, db_path, &problem))
    fuzz_fail ("cannot open the sandbox's connection: %s", problem);
  shared_db = first->db;
  lua_close (first->L);
  g_string_free (first->log, TRUE);
  g_free (first);
  joinery_sandbox = NULL;
}

static void
free_sandbox (JoinerySandbox *sb)
{
  lua_close (sb->L);
  g_string_free (sb->log, TRUE);
  g_free (sb->plugin_id);
  g_free (sb->plugin_dir);
  g_free (sb->where_file);
  g_free (sb->fail_message);
  g_free (sb->fail_file);
  g_free (sb->fail_traceback);
  g_free (sb);
  joinery_sandbox = NULL;
}

static int
serialise_cb (lua_State *L)
{
  GString *out = lua_touserdata (L, 1);
  g_autofree char *problem = NULL;

  /* The result: false when the output cannot be serialised, which the
   * runner reports as the plugin's failure. */
  lua_pushboolean (L, joinery_lua_output_serialise (L, out, &problem));
  return 1;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const JoineryRunMode modes[] = {
    JOINERY_MODE_SCRIPT, JOINERY_MODE_REPORT, JOINERY_MODE_WORKFLOW, JOINERY_MODE_ACTION,
  };
  g_autofree char *plugin = NULL;
  g_autofree char *main_path = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  struct sigaction saved_action;
  struct itimerval saved_timer, stop = { 0 };
  JoinerySandbox *sb;

  if (size < 1)
    return 0;
  if (shared_db == NULL)
    make_db ();
  plugin = make_plugin (data + 1, size - 1);
  if (g_getenv ("JOINERY_FUZZ_LUA_PRINT") != NULL)
    fputs (plugin, stderr);
  main_path = g_build_filename (plugin_dir, "main.lua", NULL);
  fuzz_write_file (main_path, (const uint8_t *) plugin, strlen (plugin));

  sb = joinery_sandbox_new (MEMORY_CAP, TIME_MS);
  if (sb == NULL)
    fuzz_fail ("no sandbox");
  sb->db = shared_db;
  sb->mode = modes[data[0] % G_N_ELEMENTS (modes)];
  sb->may_write = sb->mode == JOINERY_MODE_WORKFLOW || sb->mode == JOINERY_MODE_ACTION;
  sb->plugin_id = g_strdup ("fuzzed");
  sb->plugin_dir = g_strdup (plugin_dir);
  /* No host: a workflow's call finds the socket closed (fd -1). */
  if (!joinery_sandbox_build (sb))
    fuzz_fail ("the sandbox cannot be built: %s", sb->fail_message);
  joinery_lua_output_init (sb->L);
  joinery_lua_push_context (sb->L);
  lua_setglobal (sb->L, "ctx");

  /* The sandbox's clock is SIGALRM, which libFuzzer uses for its own
   * timeouts: put libFuzzer's back when the run ends. */
  sigaction (SIGALRM, NULL, &saved_action);
  getitimer (ITIMER_REAL, &saved_timer);
  joinery_sandbox_start_clock (sb);
  if (joinery_sandbox_run_file (sb, "main.lua"))
    {
      lua_settop (sb->L, 0);
      lua_pushcfunction (sb->L, serialise_cb);
      lua_pushlightuserdata (sb->L, output);
      lua_pcall (sb->L, 1, 1, 0);
    }
  setitimer (ITIMER_REAL, &stop, NULL);
  sigaction (SIGALRM, &saved_action, NULL);
  setitimer (ITIMER_REAL, &saved_timer, NULL);

  if (sb->memory_used > sb->memory_cap)
    fuzz_fail ("the plugin holds %zu bytes, over its cap of %zu", sb->memory_used, sb->memory_cap);
  if (sb->failed && (sb->fail_message == NULL || *sb->fail_message == '\0'))
    fuzz_fail ("the plugin failed without a message");
  free_sandbox (sb);
  return 0;
}
