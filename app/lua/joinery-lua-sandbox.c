/* joinery-lua-sandbox.c: the Lua state a plugin runs in — its allocator
 * with a memory cap, its allow-listed globals, its clock, and the one
 * protected call through which every call into Lua goes.
 *
 * This runs in the sandbox process only (see joinery-lua-runner.c for why
 * plugins run in a process of their own). Inside it, the rules are:
 *
 *  - Globals are built from an allow list, never by removing names from the
 *    standard ones: base without dofile, loadfile and the real print; load
 *    takes text only, in the sandbox's environment; string without dump,
 *    its shared metatable protected and pointing at the sandbox's string
 *    table; table, math, utf8, coroutine; os.time, os.date and os.clock;
 *    no io, debug or package; require reads Lua files from the plugin's own
 *    folder and nowhere else. `io`, `debug` and `package` are never even
 *    opened in this state.
 *  - setmetatable refuses a metatable with __gc: Lua runs finalizers with
 *    hooks off, so the budget could not stop one that loops. (The host's
 *    watchdog would still end the process; this gives the clearer message.)
 *  - The budget: a timer (SIGALRM) marks the run expired and sets a hook on
 *    the running coroutine that raises "ran out of time" at every line and
 *    count, so that even a loop around pcall is stopped. Until then no hook
 *    is set, so a report's row loop pays nothing for it. The SQLite
 *    progress handler reads the same flag. What no hook can reach (a C
 *    function that runs for minutes, such as a pathological string.find
 *    pattern) is ended by the host killing this process.
 *  - Memory: every Lua allocation goes through a counting allocator that
 *    refuses to pass the cap; Lua turns that into a memory error
 *    (LUA_ERRMEM), reported as the plugin going over its cap.
 *  - An error object is read with lua_type and lua_tostring only: its
 *    __tostring is plugin code and is never called by the host.
 */
#include "joinery-lua-runner-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <lualib.h>

#define MAX_CHUNK   (8u * 1024 * 1024)  /* load() and require() of more text are refused */
#define MAX_LOG     (1u * 1024 * 1024)

JoinerySandbox *joinery_sandbox;


/* Memory */

static void *
sandbox_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  JoinerySandbox *sb = ud;
  size_t old = ptr != NULL ? osize : 0;
  void *block;

  if (nsize == 0)
    {
      if (ptr != NULL)
        {
          sb->memory_used -= old;
          free (ptr);
        }
      return NULL;
    }
  if (nsize > old && sb->memory_used - old + nsize > sb->memory_cap)
    {
      sb->over_cap = TRUE;
      return NULL;
    }
  block = realloc (ptr, nsize);
  if (block == NULL)
    {
      sb->over_cap = TRUE;
      return NULL;
    }
  sb->memory_used = sb->memory_used - old + nsize;
  return block;
}

static int
sandbox_panic (lua_State *L)
{
  const char *message = lua_type (L, -1) == LUA_TSTRING ? lua_tostring (L, -1) : "unknown error";
  g_printerr ("joinery-lua-runner: unprotected Lua error: %s\n", message);
  abort ();
  return 0;
}

JoinerySandbox *
joinery_sandbox_new (gsize memory_cap, guint time_ms)
{
  JoinerySandbox *sb = g_new0 (JoinerySandbox, 1);

  sb->memory_cap = memory_cap;
  sb->time_ms = time_ms;
  sb->fd = -1;
  sb->log = g_string_new (NULL);
  sb->L = lua_newstate (sandbox_alloc, sb);
  if (sb->L == NULL)
    return NULL;
  lua_atpanic (sb->L, sandbox_panic);
  sb->current = sb->L;
  joinery_sandbox = sb;
  return sb;
}

/* Time */

static void
budget_hook (lua_State *L, lua_Debug *ar)
{
  JoinerySandbox *sb = joinery_sandbox;
  lua_Debug here;

  /* Keep firing: an error caught by a pcall must not end the stop. */
  lua_sethook (L, budget_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
  if (lua_getstack (L, 0, &here) && lua_getinfo (L, "Sl", &here) && here.currentline > 0)
    lua_pushfstring (L, "%s:%d: ", here.short_src, here.currentline);
  else
    lua_pushliteral (L, "");
  lua_pushfstring (L, "the plugin ran out of time (its budget is %f s)", sb->time_ms / 1000.0);
  lua_concat (L, 2);
  lua_error (L);
}

static void
set_stop_hook (lua_State *L)
{
  if (L != NULL)
    lua_sethook (L, budget_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
}

/* lua_sethook may be called from a signal handler (Lua's own lua.c stops a
 * script on SIGINT this way); it only stores the hook and marks the frames. */
static void
alarm_cb (int signal_number)
{
  JoinerySandbox *sb = joinery_sandbox;

  sb->expired = 1;
  set_stop_hook (sb->current);
  if (sb->current != sb->L)
    set_stop_hook (sb->L);
}

void
joinery_sandbox_start_clock (JoinerySandbox *sb)
{
  struct sigaction action = { 0 };
  struct itimerval timer = { 0 };

  action.sa_handler = alarm_cb;
  action.sa_flags = SA_RESTART;
  sigemptyset (&action.sa_mask);
  sigaction (SIGALRM, &action, NULL);

  timer.it_value.tv_sec = sb->time_ms / 1000;
  timer.it_value.tv_usec = (sb->time_ms % 1000) * 1000;
  if (timer.it_value.tv_sec == 0 && timer.it_value.tv_usec == 0)
    timer.it_value.tv_usec = 1;
  setitimer (ITIMER_REAL, &timer, NULL);
}

/* Errors */

void
joinery_sandbox_fail (JoinerySandbox *sb, JoineryFailKind kind, const char *file, int line,
                      const char *format, ...)
{
  va_list args;

  if (sb->failed)
    return;
  sb->failed = TRUE;
  sb->fail_kind = kind;
  va_start (args, format);
  sb->fail_message = g_strdup_vprintf (format, args);
  va_end (args);
  sb->fail_file = g_strdup (file);
  sb->fail_line = line;
}

/* The message handler: find the plugin's line, add the traceback. Never
 * calls a metamethod of the error object. */
static int
message_handler (lua_State *L)
{
  JoinerySandbox *sb = joinery_sandbox;
  const char *message;
  lua_Debug ar;

  if (lua_type (L, 1) == LUA_TSTRING || lua_type (L, 1) == LUA_TNUMBER)
    message = lua_tostring (L, 1);
  else
    message = lua_pushfstring (L, "(the error object is a %s value)", luaL_typename (L, 1));

  g_clear_pointer (&sb->where_file, g_free);
  sb->where_line = 0;
  for (int level = 1; lua_getstack (L, level, &ar); level++)
    {
      if (!lua_getinfo (L, "Sl", &ar) || ar.currentline <= 0 || ar.source[0] != '@')
        continue;
      sb->where_file = g_strdup (ar.source + 1);
      sb->where_line = ar.currentline;
      break;
    }
  luaL_traceback (L, L, message, 1);
  return 1;
}

/* "main.lua:12: message" → file and line, for errors that carry no stack
 * (syntax errors). */
static void
split_location (const char *message, char **file, int *line)
{
  const char *colon = strchr (message, ':');
  char *end = NULL;
  gint64 n;

  *file = NULL;
  *line = 0;
  if (colon == NULL || colon == message)
    return;
  n = g_ascii_strtoll (colon + 1, &end, 10);
  if (end == colon + 1 || *end != ':' || n <= 0 || n > G_MAXINT)
    return;
  *file = g_strndup (message, colon - message);
  *line = (int) n;
}

static void
record_failure (JoinerySandbox *sb, int status, gboolean syntax)
{
  const char *text = lua_type (sb->L, -1) == LUA_TSTRING ? lua_tostring (sb->L, -1) : NULL;
  g_autofree char *message = NULL;
  g_autofree char *traceback = NULL;
  const char *tb_start;

  if (sb->failed)
    {
      lua_pop (sb->L, 1);
      return;
    }
  if (text == NULL)
    text = "(the error object is not text)";

  /* The handler's result is "message\nstack traceback:\n…". */
  tb_start = strstr (text, "\nstack traceback:\n");
  if (tb_start != NULL)
    {
      message = g_strndup (text, tb_start - text);
      traceback = g_strdup (tb_start + 1);
    }
  else
    message = g_strdup (text);

  sb->failed = TRUE;
  if (status == LUA_ERRMEM)
    {
      sb->fail_kind = JOINERY_FAIL_MEMORY;
      g_free (message);
      message = g_strdup_printf ("the plugin used more than its memory cap of %" G_GSIZE_FORMAT " MiB",
                                 sb->memory_cap / (1024 * 1024));
    }
  else if (sb->expired)
    sb->fail_kind = JOINERY_FAIL_TIMEOUT;
  else if (syntax)
    sb->fail_kind = JOINERY_FAIL_SYNTAX;
  else if (sb->over_cap && strstr (message, "not enough memory") != NULL)
    {
      sb->fail_kind = JOINERY_FAIL_MEMORY;
      g_free (message);
      message = g_strdup_printf ("the plugin used more than its memory cap of %" G_GSIZE_FORMAT " MiB",
                                 sb->memory_cap / (1024 * 1024));
    }
  else
    sb->fail_kind = JOINERY_FAIL_RUNTIME;

  if (syntax || sb->where_file == NULL)
    split_location (message, &sb->fail_file, &sb->fail_line);
  else
    {
      sb->fail_file = g_strdup (sb->where_file);
      sb->fail_line = sb->where_line;
    }
  sb->fail_message = g_steal_pointer (&message);
  sb->fail_traceback = g_steal_pointer (&traceback);
  lua_pop (sb->L, 1);
}

gboolean
joinery_sandbox_call (JoinerySandbox *sb, int nargs, int nresults)
{
  lua_State *L = sb->L;
  int base = lua_gettop (L) - nargs;
  int status;

  g_clear_pointer (&sb->where_file, g_free);
  sb->where_line = 0;
  lua_pushcfunction (L, message_handler);
  lua_insert (L, base);
  status = lua_pcall (L, nargs, nresults, base);
  lua_remove (L, base);
  if (status != LUA_OK)
    {
      record_failure (sb, status, FALSE);
      return FALSE;
    }
  /* A run that swallowed the stop must not pass for a success. */
  if (sb->expired)
    {
      lua_pop (L, nresults == LUA_MULTRET ? 0 : nresults);
      joinery_sandbox_fail (sb, JOINERY_FAIL_TIMEOUT, NULL, 0,
                            "the plugin ran out of time (its budget is %g s)", sb->time_ms / 1000.0);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  lua_CFunction  func;
  void          *data;
} CpCall;

static int
cpcall_cb (lua_State *L)
{
  CpCall *call = lua_touserdata (L, 1);
  lua_pushcfunction (L, call->func);
  lua_pushlightuserdata (L, call->data);
  lua_call (L, 1, 0);
  return 0;
}

gboolean
joinery_sandbox_cpcall (JoinerySandbox *sb, lua_CFunction func, void *data)
{
  CpCall call = { func, data };
  int status;

  lua_pushcfunction (sb->L, cpcall_cb);
  lua_pushlightuserdata (sb->L, &call);
  status = lua_pcall (sb->L, 1, 0, 0);
  if (status != LUA_OK)
    {
      record_failure (sb, status, FALSE);
      return FALSE;
    }
  return TRUE;
}

/* Files of the plugin */

/* The text of `relative` inside the plugin's folder, refusing any path
 * that leads outside it (by "..", an absolute name or a symbolic link). */
static char *
read_plugin_file (JoinerySandbox *sb, const char *relative, gsize *len, char **problem)
{
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *real = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  if (sb->plugin_dir == NULL)
    {
      *problem = g_strdup ("this script has no folder to load modules from");
      return NULL;
    }
  folder = realpath (sb->plugin_dir, NULL);
  path = g_build_filename (sb->plugin_dir, relative, NULL);
  real = realpath (path, NULL);
  if (folder == NULL || real == NULL)
    {
      *problem = g_strdup_printf ("there is no “%s” in the plugin's folder", relative);
      return NULL;
    }
  prefix = g_strconcat (folder, "/", NULL);
  if (!g_str_has_prefix (real, prefix))
    {
      *problem = g_strdup_printf ("“%s” is outside the plugin's folder", relative);
      return NULL;
    }
  if (!g_file_get_contents (real, &text, len, &error))
    {
      *problem = g_strdup_printf ("cannot read “%s”: %s", relative, error->message);
      return NULL;
    }
  if (*len > MAX_CHUNK)
    {
      g_free (text);
      *problem = g_strdup_printf ("“%s” is too large to load", relative);
      return NULL;
    }
  return text;
}

gboolean
joinery_sandbox_run_file (JoinerySandbox *sb, const char *relative)
{
  g_autofree char *problem = NULL;
  g_autofree char *text = NULL;
  g_autofree char *chunkname = g_strconcat ("@", relative, NULL);
  gsize len = 0;
  int status;

  text = read_plugin_file (sb, relative, &len, &problem);
  if (text == NULL)
    {
      joinery_sandbox_fail (sb, JOINERY_FAIL_BROKEN, relative, 0, "%s", problem);
      return FALSE;
    }
  status = luaL_loadbufferx (sb->L, text, len, chunkname, "t");
  if (status != LUA_OK)
    {
      record_failure (sb, status, TRUE);
      return FALSE;
    }
  return joinery_sandbox_call (sb, 0, 1);
}

/* The sandbox's own versions of base functions */

int
joinery_sandbox_print (lua_State *L)
{
  JoinerySandbox *sb = joinery_sandbox;
  int n = lua_gettop (L);

  for (int i = 1; i <= n; i++)
    {
      size_t len;
      const char *s = luaL_tolstring (L, i, &len);  /* plugin code, in the plugin's run */
      if (!sb->log_full)
        {
          if (i > 1)
            g_string_append_c (sb->log, '\t');
          g_string_append_len (sb->log, s, (gssize) len);
        }
      lua_pop (L, 1);
    }
  if (!sb->log_full)
    g_string_append_c (sb->log, '\n');
  if (!sb->log_full && sb->log->len > MAX_LOG)
    {
      sb->log_full = TRUE;
      g_string_append (sb->log, "… (the rest of the printed text was dropped)\n");
    }
  return 0;
}

static int
sandbox_load (lua_State *L)
{
  size_t len;
  const char *chunk;
  const char *name;
  int status;

  if (lua_type (L, 1) != LUA_TSTRING)
    return luaL_error (L, "load: only text chunks may be loaded in a plugin");
  chunk = lua_tolstring (L, 1, &len);
  name = luaL_optstring (L, 2, "=(load)");
  if (len > MAX_CHUNK)
    return luaL_error (L, "load: the chunk is too large");
  /* Text only, whatever mode was asked for: bytecode can crash Lua. */
  status = luaL_loadbufferx (L, chunk, len, name, "t");
  if (status != LUA_OK)
    {
      luaL_pushfail (L);
      lua_insert (L, -2);
      return 2;
    }
  if (!lua_isnone (L, 4))
    {
      lua_pushvalue (L, 4);
      if (!lua_setupvalue (L, -2, 1))
        lua_pop (L, 1);
    }
  return 1;
}

static int
sandbox_setmetatable (lua_State *L)
{
  int t = lua_type (L, 2);

  luaL_checktype (L, 1, LUA_TTABLE);
  luaL_argexpected (L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
  if (t == LUA_TTABLE)
    {
      lua_pushliteral (L, "__gc");
      if (lua_rawget (L, 2) != LUA_TNIL)
        return luaL_error (L, "setmetatable: finalizers (__gc) are not allowed in plugins");
      lua_pop (L, 1);
    }
  lua_pushvalue (L, lua_upvalueindex (1));
  lua_insert (L, 1);
  lua_call (L, lua_gettop (L) - 1, 1);
  return 1;
}

static int
sandbox_collectgarbage (lua_State *L)
{
  static const char * const options[] = { "collect", "count", "step", NULL };
  int option = luaL_checkoption (L, 1, "collect", options);

  switch (option)
    {
    case 1:
      {
        int k = lua_gc (L, LUA_GCCOUNT);
        int b = lua_gc (L, LUA_GCCOUNTB);
        lua_pushnumber (L, (lua_Number) k + ((lua_Number) b / 1024));
        return 1;
      }
    case 2:
      lua_pushboolean (L, lua_gc (L, LUA_GCSTEP, 0));
      return 1;
    default:
      lua_gc (L, LUA_GCCOLLECT);
      lua_pushinteger (L, 0);
      return 1;
    }
}

static gboolean
is_module_name (const char *name)
{
  gboolean after_dot = TRUE;

  if (*name == '\0' || strlen (name) > 200)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (after_dot)
            return FALSE;
          after_dot = TRUE;
          continue;
        }
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
        return FALSE;
      after_dot = FALSE;
    }
  return !after_dot;
}

static const char *loaded_key = "joinery.loaded";

static int
sandbox_require (lua_State *L)
{
  JoinerySandbox *sb = joinery_sandbox;
  const char *name = luaL_checkstring (L, 1);
  g_autofree char *relative = NULL;
  g_autofree char *chunkname = NULL;
  char *problem = NULL;
  char *text;
  gsize len = 0;
  int status;

  lua_getfield (L, LUA_REGISTRYINDEX, loaded_key);
  if (lua_getfield (L, -1, name) != LUA_TNIL)
    return 1;
  lua_pop (L, 1);

  if (!is_module_name (name))
    return luaL_error (L, "require: “%s” is not a module name (letters, digits, _ and dots)", name);

  relative = g_strconcat (name, ".lua", NULL);
  for (char *p = relative; p < relative + strlen (name); p++)
    if (*p == '.')
      *p = '/';
  text = read_plugin_file (sb, relative, &len, &problem);
  if (text == NULL)
    {
      lua_pushfstring (L, "require: module “%s” not found in the plugin's folder (%s)", name, problem);
      g_free (problem);
      return lua_error (L);
    }
  chunkname = g_strconcat ("@", relative, NULL);
  status = luaL_loadbufferx (L, text, len, chunkname, "t");
  g_free (text);
  if (status != LUA_OK)
    return lua_error (L);
  lua_pushstring (L, name);
  lua_call (L, 1, 1);
  if (lua_isnil (L, -1))
    {
      lua_pop (L, 1);
      lua_pushboolean (L, 1);
    }
  lua_pushvalue (L, -1);
  lua_setfield (L, -3, name);
  return 1;
}

/* Coroutines: the budget's hook must reach the coroutine that runs. */

static int
resume_thread (lua_State *L, lua_State *co, int narg)
{
  JoinerySandbox *sb = joinery_sandbox;
  lua_State *previous = sb->current;
  int status, nres;

  if (lua_status (co) == LUA_OK && lua_gettop (co) == 0)
    {
      lua_pushliteral (L, "cannot resume dead coroutine");
      return -1;
    }
  if (!lua_checkstack (co, narg))
    {
      lua_pushliteral (L, "too many arguments to resume");
      return -1;
    }
  lua_xmove (L, co, narg);
  sb->current = co;
  if (sb->expired)
    set_stop_hook (co);
  status = lua_resume (co, L, narg, &nres);
  sb->current = previous;
  if (sb->expired)
    set_stop_hook (L);
  if (status == LUA_OK || status == LUA_YIELD)
    {
      if (!lua_checkstack (L, nres + 1))
        {
          lua_pop (co, nres);
          lua_pushliteral (L, "too many results to resume");
          return -1;
        }
      lua_xmove (co, L, nres);
      return nres;
    }
  lua_xmove (co, L, 1);
  return -1;
}

static int
sandbox_resume (lua_State *L)
{
  lua_State *co = lua_tothread (L, 1);
  int r;

  luaL_argexpected (L, co != NULL, 1, "coroutine");
  if (co == L)
    {
      lua_pushboolean (L, 0);
      lua_pushliteral (L, "cannot resume non-suspended coroutine");
      return 2;
    }
  r = resume_thread (L, co, lua_gettop (L) - 1);
  if (r < 0)
    {
      lua_pushboolean (L, 0);
      lua_insert (L, -2);
      return 2;
    }
  lua_pushboolean (L, 1);
  lua_insert (L, -(r + 1));
  return r + 1;
}

static int
wrapped_call (lua_State *L)
{
  lua_State *co = lua_tothread (L, lua_upvalueindex (1));
  int r = resume_thread (L, co, lua_gettop (L));

  if (r < 0)
    {
      int status = lua_status (co);
      if (status != LUA_OK && status != LUA_YIELD)
        lua_resetthread (co);
      if (lua_type (L, -1) == LUA_TSTRING)
        {
          luaL_where (L, 1);
          lua_insert (L, -2);
          lua_concat (L, 2);
        }
      return lua_error (L);
    }
  return r;
}

static int
sandbox_wrap (lua_State *L)
{
  lua_State *co;

  luaL_checktype (L, 1, LUA_TFUNCTION);
  co = lua_newthread (L);
  lua_pushvalue (L, 1);
  lua_xmove (L, co, 1);
  lua_pushcclosure (L, wrapped_call, 1);
  return 1;
}

/* Building the globals */

static void
copy_names (lua_State *L, int from, int to, const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      lua_getfield (L, from, names[i]);
      g_assert (!lua_isnil (L, -1));
      lua_setfield (L, to, names[i]);
    }
}

static int
build_globals (lua_State *L)
{
  static const char * const base_names[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
    "rawget", "rawlen", "rawset", "select", "tonumber", "tostring", "type", "xpcall",
    "_VERSION", NULL
  };
  static const char * const string_names[] = {
    "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "pack",
    "packsize", "rep", "reverse", "sub", "unpack", "upper", NULL
  };
  static const char * const table_names[] = {
    "concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL
  };
  static const char * const math_names[] = {
    "abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge",
    "log", "max", "maxinteger", "min", "mininteger", "modf", "pi", "rad", "random",
    "randomseed", "sin", "sqrt", "tan", "tointeger", "type", "ult", NULL
  };
  static const char * const utf8_names[] = {
    "char", "charpattern", "codepoint", "codes", "len", "offset", NULL
  };
  static const char * const coroutine_names[] = {
    "close", "create", "isyieldable", "running", "status", "yield", NULL
  };
  static const char * const os_names[] = { "clock", "date", "time", NULL };
  static const struct { const char *name; lua_CFunction open; } libraries[] = {
    { "_G", luaopen_base },
    { "string", luaopen_string },
    { "table", luaopen_table },
    { "math", luaopen_math },
    { "utf8", luaopen_utf8 },
    { "coroutine", luaopen_coroutine },
    { "os", luaopen_os },
  };
  int env, lib;

  for (guint i = 0; i < G_N_ELEMENTS (libraries); i++)
    {
      luaL_requiref (L, libraries[i].name, libraries[i].open, 0);
      lua_pop (L, 1);
    }

  lua_newtable (L);
  env = lua_gettop (L);

  lua_rawgeti (L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lib = lua_gettop (L);
  copy_names (L, lib, env, base_names);
  lua_pushcfunction (L, joinery_sandbox_print);
  lua_setfield (L, env, "print");
  lua_pushcfunction (L, sandbox_load);
  lua_setfield (L, env, "load");
  lua_pushcfunction (L, sandbox_collectgarbage);
  lua_setfield (L, env, "collectgarbage");
  lua_pushcfunction (L, sandbox_require);
  lua_setfield (L, env, "require");
  lua_getfield (L, lib, "setmetatable");
  lua_pushcclosure (L, sandbox_setmetatable, 1);
  lua_setfield (L, env, "setmetatable");
  lua_pop (L, 1);

#define SUBTABLE(name, names) \
  G_STMT_START { \
    luaL_getsubtable (L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); \
    lua_getfield (L, -1, name); \
    lua_remove (L, -2); \
    lib = lua_gettop (L); \
    lua_newtable (L); \
    copy_names (L, lib, lib + 1, names); \
  } G_STMT_END

  SUBTABLE ("string", string_names);
  /* The strings' shared metatable: methods from the sandbox's table, and
   * getmetatable("") tells nothing that could change it. */
  lua_pushliteral (L, "");
  lua_getmetatable (L, -1);
  lua_pushvalue (L, lib + 1);
  lua_setfield (L, -2, "__index");
  lua_pushboolean (L, 0);
  lua_setfield (L, -2, "__metatable");
  lua_pop (L, 2);
  lua_setfield (L, env, "string");
  lua_pop (L, 1);

  SUBTABLE ("table", table_names);
  lua_setfield (L, env, "table");
  lua_pop (L, 1);
  SUBTABLE ("math", math_names);
  lua_setfield (L, env, "math");
  lua_pop (L, 1);
  SUBTABLE ("utf8", utf8_names);
  lua_setfield (L, env, "utf8");
  lua_pop (L, 1);
  SUBTABLE ("coroutine", coroutine_names);
  lua_pushcfunction (L, sandbox_resume);
  lua_setfield (L, -2, "resume");
  lua_pushcfunction (L, sandbox_wrap);
  lua_setfield (L, -2, "wrap");
  lua_setfield (L, env, "coroutine");
  lua_pop (L, 1);
  SUBTABLE ("os", os_names);
  lua_setfield (L, env, "os");
  lua_pop (L, 1);
#undef SUBTABLE

  joinery_lua_open_module (L);
  lua_setfield (L, env, "joinery");

  lua_pushvalue (L, env);
  lua_setfield (L, env, "_G");

  lua_newtable (L);
  lua_getfield (L, env, "joinery");
  lua_setfield (L, -2, "joinery");
  lua_setfield (L, LUA_REGISTRYINDEX, loaded_key);

  /* From now on every chunk loaded sees the sandbox's globals only. */
  lua_pushvalue (L, env);
  lua_rawseti (L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lua_settop (L, 0);
  return 0;
}

gboolean
joinery_sandbox_build (JoinerySandbox *sb)
{
  lua_pushcfunction (sb->L, build_globals);
  if (lua_pcall (sb->L, 0, 0, 0) != LUA_OK)
    {
      record_failure (sb, LUA_ERRRUN, FALSE);
      return FALSE;
    }
  return TRUE;
}
