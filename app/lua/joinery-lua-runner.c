/* joinery-lua-runner.c: the sandbox process — one plugin, one run.
 *
 * Why a process: an instruction hook cannot stop everything a hostile
 * plugin can do. Lua runs __gc finalizers with hooks off (a looping one
 * hangs even lua_close), one string.find with a pathological pattern runs
 * for minutes inside C, and the table library's loops follow a length the
 * plugin controls (a __len or __index that is a C function) with no hook
 * call either. Refusing each such door one by one is a race we would lose;
 * a process can always be killed. So the host (joinery-lua-run.c) starts
 * this program for every run with a fresh environment (no inherited file
 * descriptors but the socket, no database connection, no GLib threads),
 * gives it a wall-clock deadline and kills it past it; here the process
 * also lowers its own limits before reading a line of plugin code:
 * CPU time, address space, no core files, no new privileges, death with
 * its parent. Inside, the sandbox (joinery-lua-sandbox.c) stops the common
 * cases itself with a clear message and the plugin's line.
 *
 * It is linked with GLib, SQLite and Lua only — not GObject, GIO or
 * json-glib, whose start-up alone would take most of the 5 ms a run may
 * take to start — and with the core's kind descriptions, value parsing
 * and connection hardening, which need nothing more.
 *
 * Everything the plugin may change goes through the host: this process
 * reads the database on a read-only connection and writes nothing.
 */
#include "joinery-lua-runner-private.h"
#include "joinery-lua-protocol.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define REQUEST_KEY "joinery.request"

/* AddressSanitizer reserves terabytes of address space for its shadow
 * memory at start: a limit on the address space would fail its every
 * later mapping. Under it the address space is left alone; the sandbox's
 * own memory cap and the host's deadline still stop a run. */
#if defined(__SANITIZE_ADDRESS__)
#define JOINERY_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JOINERY_UNDER_ASAN 1
#endif
#endif

static const char * const fail_names[] = {
  [JOINERY_FAIL_RUNTIME] = "runtime",
  [JOINERY_FAIL_SYNTAX] = "syntax",
  [JOINERY_FAIL_TIMEOUT] = "timeout",
  [JOINERY_FAIL_MEMORY] = "memory",
  [JOINERY_FAIL_BROKEN] = "broken",
  [JOINERY_FAIL_DENIED] = "denied",
  [JOINERY_FAIL_PARAMETER] = "parameter",
  [JOINERY_FAIL_NOT_FOUND] = "not_found",
};

static void
limit (int resource, rlim_t value)
{
  struct rlimit current;

  if (getrlimit (resource, &current) != 0)
    return;
  if (current.rlim_max != RLIM_INFINITY && value > current.rlim_max)
    value = current.rlim_max;
  current.rlim_cur = value;
  current.rlim_max = value;
  setrlimit (resource, &current);
}

static void
append_common (GString *out, JoinerySandbox *sb)
{
  g_string_append (out, ",\"log\":");
  joinery_json_append_string (out, sb->log->str, sb->log->len);
  g_string_append_c (out, '}');
}

static G_NORETURN void
send_failure_and_exit (JoinerySandbox *sb)
{
  g_autoptr(GString) out = g_string_new ("{\"type\":\"error\",\"kind\":");
  const char *message = sb->fail_message != NULL ? sb->fail_message : "the plugin failed";

  joinery_json_append_string (out, fail_names[sb->fail_kind], strlen (fail_names[sb->fail_kind]));
  g_string_append (out, ",\"message\":");
  joinery_json_append_string (out, message, strlen (message));
  if (sb->fail_file != NULL)
    {
      g_string_append (out, ",\"file\":");
      joinery_json_append_string (out, sb->fail_file, strlen (sb->fail_file));
      g_string_append_printf (out, ",\"line\":%d", sb->fail_line);
    }
  if (sb->fail_traceback != NULL)
    {
      g_string_append (out, ",\"traceback\":");
      joinery_json_append_string (out, sb->fail_traceback, strlen (sb->fail_traceback));
    }
  append_common (out, sb);
  joinery_lua_protocol_write (sb->fd, out->str, out->len);
  /* No lua_close: nothing of this process outlives it, and closing would
   * run what the plugin left behind. */
  _exit (0);
}

static G_NORETURN void
send_done_and_exit (JoinerySandbox *sb, const char *result)
{
  g_autoptr(GString) out = g_string_new ("{\"type\":\"done\",\"result\":");

  g_string_append (out, result);
  append_common (out, sb);
  joinery_lua_protocol_write (sb->fd, out->str, out->len);
  _exit (0);
}

/* Reading the request */

typedef struct {
  const char *text;
  gsize       len;
  gboolean    ok;
} DecodeCall;

static int
decode_request_cb (lua_State *L)
{
  DecodeCall *call = lua_touserdata (L, 1);

  call->ok = joinery_json_push (L, call->text, call->len) && lua_istable (L, -1);
  if (call->ok)
    lua_setfield (L, LUA_REGISTRYINDEX, REQUEST_KEY);
  return 0;
}

/* A string from the request: request[a][b] (b may be NULL). */
static char *
request_string (lua_State *L, const char *a, const char *b)
{
  char *value = NULL;

  lua_getfield (L, LUA_REGISTRYINDEX, REQUEST_KEY);
  lua_getfield (L, -1, a);
  if (b != NULL)
    {
      if (lua_istable (L, -1))
        lua_getfield (L, -1, b);
      else
        lua_pushnil (L);
    }
  if (lua_type (L, -1) == LUA_TSTRING)
    value = g_strdup (lua_tostring (L, -1));
  lua_settop (L, 0);
  return value;
}

static gboolean
request_boolean (lua_State *L, const char *a, const char *b)
{
  gboolean value;

  lua_getfield (L, LUA_REGISTRYINDEX, REQUEST_KEY);
  lua_getfield (L, -1, a);
  lua_getfield (L, -1, b);
  value = lua_toboolean (L, -1);
  lua_settop (L, 0);
  return value;
}

/* Describing what the plugin declared */

static void
append_string_member (GString *out, lua_State *L, int table, const char *key, gboolean *first)
{
  if (lua_getfield (L, table, key) == LUA_TSTRING)
    {
      size_t len;
      const char *s = lua_tolstring (L, -1, &len);
      g_string_append_printf (out, "%s\"%s\":", *first ? "" : ",", key);
      joinery_json_append_string (out, s, len);
      *first = FALSE;
    }
  lua_pop (L, 1);
}

static void
append_member_value (GString *out, lua_State *L, int table, const char *key, gboolean *first)
{
  char *problem = NULL;

  if (lua_getfield (L, table, key) != LUA_TNIL && lua_type (L, -1) != LUA_TFUNCTION)
    {
      g_string_append_printf (out, "%s\"%s\":", *first ? "" : ",", key);
      if (!joinery_json_append_value (out, L, -1, 0, &problem))
        {
          g_string_append (out, "null");
          g_free (problem);
        }
      *first = FALSE;
    }
  lua_pop (L, 1);
}

static int
describe_cb (lua_State *L)
{
  GString *out = lua_touserdata (L, 1);
  static const char * const lists[] = { "reports", "workflows", "actions" };

  g_string_append_c (out, '{');
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      lua_Integer n;

      joinery_lua_push_declarations (L, lists[l]);
      n = (lua_Integer) lua_rawlen (L, -1);
      g_string_append_printf (out, "%s\"%s\":[", l > 0 ? "," : "", lists[l]);
      for (lua_Integer i = 1; i <= n; i++)
        {
          gboolean first = TRUE;
          int decl;

          lua_rawgeti (L, -1, i);
          decl = lua_gettop (L);
          g_string_append (out, i > 1 ? ",{" : "{");
          append_string_member (out, L, decl, "id", &first);
          append_string_member (out, L, decl, "title", &first);
          append_string_member (out, L, decl, "description", &first);
          append_string_member (out, L, decl, "kind", &first);
          append_member_value (out, L, decl, "on", &first);
          if (lua_getfield (L, decl, "when") == LUA_TFUNCTION)
            g_string_append (out, ",\"when\":true");
          lua_pop (L, 1);
          if (lua_getfield (L, decl, "params") == LUA_TTABLE)
            {
              int params = lua_gettop (L);
              g_string_append (out, ",\"params\":[");
              for (lua_Integer p = 1; p <= (lua_Integer) lua_rawlen (L, params); p++)
                {
                  gboolean pfirst = TRUE;
                  int param;

                  lua_rawgeti (L, params, p);
                  param = lua_gettop (L);
                  g_string_append (out, p > 1 ? ",{" : "{");
                  append_string_member (out, L, param, "name", &pfirst);
                  append_string_member (out, L, param, "type", &pfirst);
                  append_string_member (out, L, param, "label", &pfirst);
                  append_string_member (out, L, param, "help", &pfirst);
                  append_string_member (out, L, param, "kind", &pfirst);
                  append_member_value (out, L, param, "required", &pfirst);
                  append_member_value (out, L, param, "default", &pfirst);
                  append_member_value (out, L, param, "choices", &pfirst);
                  g_string_append_c (out, '}');
                  lua_pop (L, 1);
                }
              g_string_append_c (out, ']');
            }
          lua_pop (L, 1);
          g_string_append_c (out, '}');
          lua_pop (L, 1);
        }
      g_string_append_c (out, ']');
      lua_pop (L, 1);
    }
  g_string_append_c (out, '}');
  return 0;
}

static int
serialise_output_cb (lua_State *L)
{
  GString *out = lua_touserdata (L, 1);
  char *problem = NULL;

  joinery_lua_output_serialise (L, out, &problem);
  g_free (problem);
  return 0;
}

/* Find the declaration `id` in the list and leave it on the stack, or end
 * the run saying there is none. */
static void
push_target (JoinerySandbox *sb, const char *list, const char *what, const char *id)
{
  lua_State *L = sb->L;
  lua_Integer n;

  joinery_lua_push_declarations (L, list);
  n = (lua_Integer) lua_rawlen (L, -1);
  for (lua_Integer i = 1; i <= n; i++)
    {
      lua_rawgeti (L, -1, i);
      lua_getfield (L, -1, "id");
      if (g_strcmp0 (lua_tostring (L, -1), id) == 0)
        {
          lua_pop (L, 1);
          lua_remove (L, -2);
          return;
        }
      lua_pop (L, 2);
    }
  joinery_sandbox_fail (sb, JOINERY_FAIL_NOT_FOUND, NULL, 0, "the plugin has no %s “%s”", what, id);
  send_failure_and_exit (sb);
}

/* The report's parameters as run() gets them: dates as Dates, records as
 * Records. The host has already checked them against the declaration. */
static int
push_params_cb (lua_State *L)
{
  JoinerySandbox *sb = joinery_sandbox;
  int decl = 1;
  int params, given;
  lua_Integer n;

  lua_newtable (L);
  params = lua_gettop (L);
  lua_getfield (L, LUA_REGISTRYINDEX, REQUEST_KEY);
  lua_getfield (L, -1, "params");
  given = lua_gettop (L);
  if (!lua_istable (L, given))
    {
      lua_newtable (L);
      lua_replace (L, given);
    }
  lua_getfield (L, decl, "params");
  n = lua_istable (L, -1) ? (lua_Integer) lua_rawlen (L, -1) : 0;
  for (lua_Integer i = 1; i <= n; i++)
    {
      const char *name, *type;

      lua_rawgeti (L, -1, i);
      lua_getfield (L, -1, "name");
      lua_getfield (L, -2, "type");
      name = lua_tostring (L, -2);
      type = lua_tostring (L, -1);
      lua_getfield (L, given, name);
      if (!lua_isnil (L, -1) && strcmp (type, "date") == 0)
        {
          char iso[11];
          int y, m, d;
          if (!joinery_lua_date_to_iso (L, -1, iso) || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
            return luaL_error (L, "parameter %s: not a date", name);
          lua_pop (L, 1);
          joinery_lua_date_push (L, y, m, d);
        }
      else if (!lua_isnil (L, -1) && strcmp (type, "record") == 0)
        {
          const JoineryKind *kind;
          lua_Integer id = lua_tointeger (L, -1);

          lua_getfield (L, -4, "kind");
          kind = joinery_kind_lookup (lua_tostring (L, -1));
          lua_pop (L, 2);
          joinery_lua_record_push_read (L, kind, id);
          if (lua_isnil (L, -1))
            {
              joinery_sandbox_fail (sb, JOINERY_FAIL_PARAMETER, NULL, 0,
                                    "parameter %s: there is no %s #%lld", name, kind->name, (long long) id);
              return luaL_error (L, "bad parameter");
            }
        }
      lua_setfield (L, params, name);
      lua_pop (L, 3);
    }
  lua_settop (L, params);
  return 1;
}

static int
push_event_cb (lua_State *L)
{
  const JoineryKind *kind;
  gint64 id;

  lua_settop (L, 1);
  lua_getfield (L, LUA_REGISTRYINDEX, REQUEST_KEY);            /* 2 */
  lua_getfield (L, 2, "event");                                /* 3 */
  lua_getfield (L, 3, "kind");
  kind = joinery_kind_lookup (lua_tostring (L, -1) != NULL ? lua_tostring (L, -1) : "");
  lua_getfield (L, 3, "id");
  id = lua_tointeger (L, -1);
  lua_settop (L, 3);
  if (kind == NULL)
    return luaL_error (L, "the event names no kind");

  /* The record: after the change, or before it for a delete. */
  if (lua_getfield (L, 3, "after") != LUA_TTABLE)                /* 4 */
    {
      lua_pop (L, 1);
      lua_getfield (L, 3, "before");
    }
  if (!lua_istable (L, 4))
    return luaL_error (L, "the event has no record");
  lua_pushinteger (L, id);
  lua_setfield (L, 4, "id");
  joinery_lua_record_push_columns (L, kind, 4);                 /* 5 */
  /* The old record, for a change or a delete. */
  if (lua_getfield (L, 3, "before") == LUA_TTABLE)               /* 6 */
    {
      lua_pushinteger (L, id);
      lua_setfield (L, 6, "id");
      joinery_lua_record_push_columns (L, kind, 6);             /* 7 */
    }
  else
    lua_pushnil (L);
  lua_pushvalue (L, 5);
  lua_pushvalue (L, 7);
  return 2;
}

static int
push_record_cb (lua_State *L)
{
  const JoineryKind *kind;

  lua_getfield (L, LUA_REGISTRYINDEX, REQUEST_KEY);
  lua_getfield (L, -1, "record");
  lua_getfield (L, -1, "kind");
  kind = joinery_kind_lookup (lua_tostring (L, -1) != NULL ? lua_tostring (L, -1) : "");
  lua_getfield (L, -2, "id");
  if (kind == NULL)
    return luaL_error (L, "the request names no kind");
  joinery_lua_record_push_read (L, kind, lua_tointeger (L, -1));
  return 1;
}

/* Run a C function that leaves results on the stack (lua_pcall with
 * LUA_MULTRET), recording a failure. */
static gboolean
run_pushing (JoinerySandbox *sb, lua_CFunction func, int *n_pushed)
{
  int top = lua_gettop (sb->L);

  lua_pushcfunction (sb->L, func);
  lua_pushvalue (sb->L, 1);  /* the declaration */
  if (!joinery_sandbox_call (sb, 1, LUA_MULTRET))
    return FALSE;
  *n_pushed = lua_gettop (sb->L) - top;
  return TRUE;
}

/* One run, on the socket `fd`, in this process. Never returns. */
static G_NORETURN void
run_one (guint64 time_ms, guint64 memory, int fd)
{
  JoinerySandbox *sb;
  g_autofree char *request = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *main_file = NULL;
  g_autofree char *target = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GString) result = g_string_new (NULL);
  DecodeCall decode;
  gsize len = 0;
  int n;

  /* Never gain privileges; lower our own limits before any plugin code. */
  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  limit (RLIMIT_CORE, 0);
  limit (RLIMIT_CPU, (rlim_t) (time_ms / 1000 + 2));
#ifndef JOINERY_UNDER_ASAN
  limit (RLIMIT_AS, (rlim_t) (memory * 2 + 768u * 1024 * 1024));
#endif
  limit (RLIMIT_NPROC, 0);

  sb = joinery_sandbox_new (memory, (guint) time_ms);
  if (sb == NULL)
    _exit (4);
  sb->fd = fd;

  request = joinery_lua_protocol_read (sb->fd, &len);
  if (request == NULL)
    _exit (5);
  decode = (DecodeCall) { request, len, FALSE };
  if (!joinery_sandbox_cpcall (sb, decode_request_cb, &decode) || !decode.ok)
    {
      joinery_sandbox_fail (sb, JOINERY_FAIL_RUNTIME, NULL, 0, "the request cannot be read");
      send_failure_and_exit (sb);
    }

  {
    g_autofree char *today = request_string (sb->L, "today", NULL);
    if (today != NULL)
      g_setenv ("JOINERY_TODAY", today, TRUE);
  }
  mode = request_string (sb->L, "mode", NULL);
  sb->mode = g_strcmp0 (mode, "report") == 0 ? JOINERY_MODE_REPORT
           : g_strcmp0 (mode, "workflow") == 0 ? JOINERY_MODE_WORKFLOW
           : g_strcmp0 (mode, "action") == 0 ? JOINERY_MODE_ACTION
           : g_strcmp0 (mode, "script") == 0 ? JOINERY_MODE_SCRIPT
           : JOINERY_MODE_DESCRIBE;
  sb->plugin_id = request_string (sb->L, "plugin", "id");
  sb->plugin_dir = request_string (sb->L, "plugin", "dir");
  sb->may_write = request_boolean (sb->L, "plugin", "write") &&
                  (sb->mode == JOINERY_MODE_WORKFLOW || sb->mode == JOINERY_MODE_ACTION);
  main_file = request_string (sb->L, "plugin", "main");
  target = request_string (sb->L, "target", NULL);
  db_path = request_string (sb->L, "db", NULL);

  if (db_path != NULL && !joinery_lua_query_setup (sb, db_path, &problem))
    {
      joinery_sandbox_fail (sb, JOINERY_FAIL_RUNTIME, NULL, 0, "%s", problem);
      send_failure_and_exit (sb);
    }
  if (!joinery_sandbox_build (sb))
    send_failure_and_exit (sb);
  joinery_lua_output_init (sb->L);

  joinery_sandbox_start_clock (sb);

  if (sb->mode == JOINERY_MODE_SCRIPT)
    {
      joinery_lua_push_context (sb->L);
      lua_setglobal (sb->L, "ctx");
    }
  if (!joinery_sandbox_run_file (sb, main_file != NULL ? main_file : "main.lua"))
    send_failure_and_exit (sb);
  lua_settop (sb->L, 0);

  switch (sb->mode)
    {
    case JOINERY_MODE_DESCRIBE:
      if (!joinery_sandbox_cpcall (sb, describe_cb, result))
        send_failure_and_exit (sb);
      send_done_and_exit (sb, result->str);

    case JOINERY_MODE_SCRIPT:
      break;

    case JOINERY_MODE_REPORT:
      push_target (sb, "reports", "report", target);
      if (!run_pushing (sb, push_params_cb, &n))
        send_failure_and_exit (sb);
      lua_getfield (sb->L, 1, "run");
      joinery_lua_push_context (sb->L);
      lua_pushvalue (sb->L, -3);
      if (!joinery_sandbox_call (sb, 2, 0))
        send_failure_and_exit (sb);
      break;

    case JOINERY_MODE_WORKFLOW:
      push_target (sb, "workflows", "workflow", target);
      lua_getfield (sb->L, LUA_REGISTRYINDEX, REQUEST_KEY);
      lua_getfield (sb->L, -1, "event");
      if (lua_isnil (sb->L, -1))
        {
          lua_settop (sb->L, 1);
          lua_getfield (sb->L, 1, "run");
          joinery_lua_push_context (sb->L);
          if (!joinery_sandbox_call (sb, 1, 0))
            send_failure_and_exit (sb);
          break;
        }
      lua_settop (sb->L, 1);
      if (!run_pushing (sb, push_event_cb, &n))  /* record, old */
        send_failure_and_exit (sb);
      if (lua_getfield (sb->L, 1, "when") == LUA_TFUNCTION)
        {
          lua_pushvalue (sb->L, 2);
          lua_pushvalue (sb->L, 3);
          if (!joinery_sandbox_call (sb, 2, 1))
            send_failure_and_exit (sb);
          if (!lua_toboolean (sb->L, -1))
            send_done_and_exit (sb, "{\"skipped\":true}");
        }
      lua_settop (sb->L, 3);
      lua_getfield (sb->L, 1, "run");
      joinery_lua_push_context (sb->L);
      lua_pushvalue (sb->L, 2);
      lua_pushvalue (sb->L, 3);
      if (!joinery_sandbox_call (sb, 3, 0))
        send_failure_and_exit (sb);
      send_done_and_exit (sb, "{\"skipped\":false}");

    case JOINERY_MODE_ACTION:
      push_target (sb, "actions", "action", target);
      if (!run_pushing (sb, push_record_cb, &n))
        send_failure_and_exit (sb);
      if (lua_isnil (sb->L, -1))
        {
          joinery_sandbox_fail (sb, JOINERY_FAIL_NOT_FOUND, NULL, 0, "the record the action was asked to run on does not exist");
          send_failure_and_exit (sb);
        }
      lua_getfield (sb->L, 1, "run");
      joinery_lua_push_context (sb->L);
      lua_pushvalue (sb->L, -3);
      if (!joinery_sandbox_call (sb, 2, 0))
        send_failure_and_exit (sb);
      send_done_and_exit (sb, "{\"skipped\":false}");

    default:
      break;
    }

  if (!joinery_sandbox_cpcall (sb, serialise_output_cb, result))
    send_failure_and_exit (sb);
  send_done_and_exit (sb, result->str);
}

/* The fork server: started once by a host, it forks a fresh process for
 * each run, so that a run pays neither exec nor the dynamic linker (most of
 * a run's start). It never opens a database nor runs Lua itself: each child
 * starts from this clean state. A request is the run's limits, with the
 * run's socket passed alongside (SCM_RIGHTS); the answer, the child's pid,
 * which the host kills at its deadline. The server ends when its host
 * closes the control socket (the host's exit closes it too); its children
 * die with it. */
typedef struct {
  guint64 time_ms;
  guint64 memory;
} ServerRequest;

static G_NORETURN void
serve (int control)
{
  struct sigaction ignore = { 0 };

  /* Children are reaped by the kernel: the host watches their sockets. */
  ignore.sa_handler = SIG_IGN;
  sigaction (SIGCHLD, &ignore, NULL);
  sqlite3_initialize ();

  for (;;)
    {
      ServerRequest request;
      char control_buffer[CMSG_SPACE (sizeof (int))];
      struct iovec iov = { &request, sizeof request };
      struct msghdr msg = { 0 };
      struct cmsghdr *cmsg;
      int run_fd = -1;
      ssize_t got;
      pid_t pid;
      gint32 answer;

      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control_buffer;
      msg.msg_controllen = sizeof control_buffer;
      got = recvmsg (control, &msg, MSG_CMSG_CLOEXEC);
      if (got < 0 && errno == EINTR)
        continue;
      if (got != (ssize_t) sizeof request)
        _exit (0);
      for (cmsg = CMSG_FIRSTHDR (&msg); cmsg != NULL; cmsg = CMSG_NXTHDR (&msg, cmsg))
        if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS)
          memcpy (&run_fd, CMSG_DATA (cmsg), sizeof run_fd);
      if (run_fd < 0)
        _exit (0);

      pid = fork ();
      if (pid == 0)
        {
          struct sigaction deflt = { 0 };

          deflt.sa_handler = SIG_DFL;
          sigaction (SIGCHLD, &deflt, NULL);
          close (control);
          prctl (PR_SET_PDEATHSIG, SIGKILL);
          run_one (request.time_ms, request.memory, run_fd);
        }
      close (run_fd);
      answer = pid > 0 ? (gint32) pid : -1;
      if (write (control, &answer, sizeof answer) != (ssize_t) sizeof answer)
        _exit (0);
    }
}

int
main (int argc, char **argv)
{
  guint64 time_ms = 10000, memory = 256u * 1024 * 1024, parent = 0;
  gboolean server = FALSE;

  for (int i = 1; i < argc; i++)
    {
      guint64 *slot = g_str_equal (argv[i], "--time-ms") ? &time_ms
                    : g_str_equal (argv[i], "--memory") ? &memory
                    : g_str_equal (argv[i], "--parent") ? &parent : NULL;
      if (g_str_equal (argv[i], "--server"))
        {
          server = TRUE;
          continue;
        }
      if (slot == NULL || i + 1 >= argc ||
          !g_ascii_string_to_unsigned (argv[++i], 10, 1, G_MAXINT64, slot, NULL))
        {
          g_printerr ("joinery-lua-runner: this program is started by Joinery, not by hand\n");
          return 2;
        }
    }
  if (parent != 0 && (guint64) getppid () != parent)
    _exit (3);
  if (server)
    serve (JOINERY_LUA_RUNNER_FD);
  /* One run (the host could not use a server): die with the host. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  run_one (time_ms, memory, JOINERY_LUA_RUNNER_FD);
}
