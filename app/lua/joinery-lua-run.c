/* joinery-lua-run.c: the host's side of a run — starting the sandbox
 * process, its watchdog, reading its answer, and a workflow's changes.
 *
 * The sandbox is a program of its own, joinery-lua-runner (see
 * joinery-lua-runner.c for why), started afresh for every run with
 * g_spawn: no file descriptor of the host reaches it but one end of a
 * socket pair. The host sends one request and reads messages until the
 * answer, never blocking: poll() with the run's deadline (its budget and
 * a grace of half a second), past which the process is killed. Every
 * message is parsed with json-glib and checked; a process that dies, says
 * nothing or says nonsense is a failed run, never a crash of the host.
 *
 * A workflow's changes arrive as "call" messages while the plugin runs;
 * each is made here, inside the run's one change group, through the core's
 * validated operations (joinery_db_create, joinery_db_update), and the
 * record as stored goes back. The group commits only if the run ends well.
 */
#include "config.h"

#include "joinery-lua-run-private.h"
#include "joinery-lua-protocol.h"
#include "joinery-error.h"
#include "joinery-plugin-trust.h"
#include "joinery-script-error.h"
#include "joinery-value.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define GRACE_MS 500

/* Where the runner is */

static gboolean
running_from_build_tree (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  return self != NULL && g_str_has_prefix (self, JOINERY_BUILD_ROOT "/");
}

static const char *
runner_path (void)
{
  const char *env = g_getenv ("JOINERY_LUA_RUNNER");

  if (env != NULL && *env != '\0')
    return env;
  return running_from_build_tree () ? JOINERY_LUA_RUNNER_BUILD : JOINERY_LUA_RUNNER_INSTALLED;
}

char *
joinery_plugins_bundled_folder (void)
{
  const char *env = g_getenv ("JOINERY_BUNDLED_PLUGINS");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_strdup (running_from_build_tree () ? JOINERY_SOURCE_SCRIPTS : JOINERY_INSTALLED_PLUGINS);
}

/* Errors */

static JoineryScriptError
error_code (const char *kind)
{
  static const struct { const char *name; JoineryScriptError code; } codes[] = {
    { "runtime", JOINERY_SCRIPT_ERROR_RUNTIME },
    { "syntax", JOINERY_SCRIPT_ERROR_SYNTAX },
    { "timeout", JOINERY_SCRIPT_ERROR_TIMEOUT },
    { "memory", JOINERY_SCRIPT_ERROR_MEMORY },
    { "broken", JOINERY_SCRIPT_ERROR_BROKEN },
    { "denied", JOINERY_SCRIPT_ERROR_DENIED },
    { "parameter", JOINERY_SCRIPT_ERROR_PARAMETER },
    { "not_found", JOINERY_SCRIPT_ERROR_NOT_FOUND },
  };

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (codes); i++)
    if (strcmp (kind, codes[i].name) == 0)
      return codes[i].code;
  return JOINERY_SCRIPT_ERROR_FAILED;
}

static const char *
object_string (JsonObject *object, const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
set_failure (GError **error, const char *plugin_id, JsonObject *message)
{
  const char *text = object_string (message, "message");
  const char *file = object_string (message, "file");
  JsonNode *line_node = json_object_get_member (message, "line");
  gint64 line = line_node != NULL && JSON_NODE_HOLDS_VALUE (line_node) &&
                json_node_get_value_type (line_node) == G_TYPE_INT64 ? json_node_get_int (line_node) : 0;
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "the plugin failed", -1);
  g_autofree char *full = g_strdup_printf ("plugin “%s”: %s", plugin_id, valid);
  GError *e = joinery_script_error_new (error_code (object_string (message, "kind")), plugin_id, file,
                                        (int) CLAMP (line, 0, G_MAXINT),
                                        object_string (message, "traceback"), full);
  g_propagate_error (error, e);
}

static void
set_error (GError **error, JoineryScriptError code, const char *plugin_id, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static void
set_error (GError **error, JoineryScriptError code, const char *plugin_id, const char *format, ...)
{
  g_autofree char *message = NULL;
  g_autofree char *full = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  full = g_strdup_printf ("plugin “%s”: %s", plugin_id, message);
  g_propagate_error (error, joinery_script_error_new (code, plugin_id, NULL, 0, NULL, full));
}

/* The process */

/* A process the server forked is not ours to wait for: the kernel reaps
 * it, and its socket's end of file says it is gone. */
static void
kill_and_reap (GPid pid, gboolean forked)
{
  int status;

  kill (pid, SIGKILL);
  if (!forked)
    while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
      ;
}

/* Reap the child, which has answered and is exiting; kill it if it
 * lingers. -1 when the status is not known. */
static int
reap (GPid pid, gboolean forked, gint64 deadline)
{
  int status = 0;

  if (forked)
    return -1;
  for (;;)
    {
      pid_t r = waitpid (pid, &status, WNOHANG);
      if (r == pid || (r < 0 && errno != EINTR))
        return status;
      if (g_get_monotonic_time () > deadline)
        {
          kill_and_reap (pid, FALSE);
          return -1;
        }
      g_usleep (200);
    }
}

JsonNode *
joinery_lua_plugin_node (const char *id, const char *folder, const char *main, gboolean may_write)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "dir");
  json_builder_add_string_value (builder, folder);
  json_builder_set_member_name (builder, "main");
  json_builder_add_string_value (builder, main);
  json_builder_set_member_name (builder, "write");
  json_builder_add_boolean_value (builder, may_write);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
send_node (int fd, JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  return joinery_lua_protocol_write (fd, text, strlen (text));
}

static gboolean
answer_call (int fd, JsonObject *message, JoineryLuaCallFunc call, gpointer user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *op = object_string (message, "op");
  JsonNode *args = json_object_get_member (message, "args");

  if (call == NULL)
    g_set_error_literal (&error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_DENIED,
                         "this run may not change anything");
  else if (op == NULL || args == NULL || !JSON_NODE_HOLDS_OBJECT (args))
    g_set_error_literal (&error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_FAILED,
                         "the request is not well formed");
  else
    record = call (op, json_node_get_object (args), user_data, &error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, record != NULL);
  if (record != NULL)
    {
      JsonObject *object = json_node_get_object (record);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, object_string (object, "joinery:kind"));
      json_builder_set_member_name (builder, "record");
      json_builder_add_value (builder, json_node_ref (record));
    }
  else
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
    }
  json_builder_end_object (builder);
  reply = json_builder_get_root (builder);
  return send_node (fd, reply);
}

/* The fork server (see joinery-lua-runner.c): started on the first run and
 * kept, so that each run is a fork of a process that has already been
 * exec'd and linked. One per host process; runs from several threads take
 * turns to ask it for a process. If it cannot be used, each run starts the
 * runner afresh instead. */
static GMutex server_lock;
static int server_fd = -1;
static GPid server_pid;
static char *server_path;  /* the runner it runs: another one asked for means another server */

typedef struct {
  guint64 time_ms;
  guint64 memory;
} ServerRequest;

static void
stop_server (void)
{
  int status;

  if (server_fd >= 0)
    close (server_fd);
  server_fd = -1;
  if (server_pid > 0)
    {
      kill (server_pid, SIGKILL);
      while (waitpid (server_pid, &status, 0) < 0 && errno == EINTR)
        ;
    }
  server_pid = 0;
  g_clear_pointer (&server_path, g_free);
}

static gboolean
start_server (void)
{
  g_autofree char *parent_arg = g_strdup_printf ("%d", (int) getpid ());
  const char *argv[] = { runner_path (), "--server", "--parent", parent_arg, NULL };
  int sv[2];
  int source_fds[1];
  int target_fds[] = { JOINERY_LUA_RUNNER_FD };

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return FALSE;
  source_fds[0] = sv[1];
  if (!g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                         G_SPAWN_STDIN_FROM_DEV_NULL,
                                         NULL, NULL, -1, -1, -1, source_fds, target_fds, 1,
                                         &server_pid, NULL, NULL, NULL, NULL))
    {
      close (sv[0]);
      close (sv[1]);
      server_pid = 0;
      return FALSE;
    }
  close (sv[1]);
  server_fd = sv[0];
  server_path = g_strdup (argv[0]);
  return TRUE;
}

/* Ask the server for a process running on `run_fd`; its pid, or 0. */
static GPid
fork_from_server (int run_fd, guint time_ms, gsize memory)
{
  ServerRequest request = { time_ms, memory };
  char control_buffer[CMSG_SPACE (sizeof (int))] = { 0 };
  struct iovec iov = { &request, sizeof request };
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;
  struct pollfd pfd;
  gint32 answer = -1;
  GPid pid = 0;

  g_mutex_lock (&server_lock);
  if (server_fd >= 0 && g_strcmp0 (server_path, runner_path ()) != 0)
    stop_server ();
  for (int attempt = 0; attempt < 2 && pid == 0; attempt++)
    {
      if (server_fd < 0 && !start_server ())
        break;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control_buffer;
      msg.msg_controllen = sizeof control_buffer;
      cmsg = CMSG_FIRSTHDR (&msg);
      cmsg->cmsg_level = SOL_SOCKET;
      cmsg->cmsg_type = SCM_RIGHTS;
      cmsg->cmsg_len = CMSG_LEN (sizeof (int));
      memcpy (CMSG_DATA (cmsg), &run_fd, sizeof run_fd);
      pfd = (struct pollfd) { server_fd, POLLIN, 0 };
      if (sendmsg (server_fd, &msg, MSG_NOSIGNAL) == (ssize_t) sizeof request &&
          poll (&pfd, 1, 5000) == 1 && read (server_fd, &answer, sizeof answer) == (ssize_t) sizeof answer &&
          answer > 0)
        pid = answer;
      else
        stop_server ();  /* gone (or wedged): start another once */
    }
  g_mutex_unlock (&server_lock);
  return pid;
}

JsonNode *
joinery_lua_spawn (const char *plugin_id, JsonNode *request, const JoineryLuaLimits *limits,
                   JoineryLuaCallFunc call, gpointer user_data, char **log, GError **error)
{
  g_autoptr(JsonNode) owned_request = request;
  g_autoptr(GError) spawn_error = NULL;
  g_autofree char *time_arg = NULL;
  g_autofree char *memory_arg = NULL;
  g_autofree char *parent_arg = NULL;
  guint time_ms = limits != NULL && limits->time_ms > 0 ? limits->time_ms : JOINERY_LUA_DEFAULT_TIME_MS;
  gsize memory = limits != NULL && limits->memory > 0 ? limits->memory : JOINERY_LUA_DEFAULT_MEMORY;
  JoineryLuaReader reader;
  JsonNode *result = NULL;
  gint64 deadline;
  int sv[2];
  GCancellable *cancellable;
  int cancel_fd;
  GPid pid;
  gboolean forked;
  gboolean finished = FALSE;

  g_return_val_if_fail (plugin_id != NULL && request != NULL, NULL);

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    {
      set_error (error, JOINERY_SCRIPT_ERROR_FAILED, plugin_id, "cannot start the sandbox: %s",
                 g_strerror (errno));
      return NULL;
    }
  time_arg = g_strdup_printf ("%u", time_ms);
  memory_arg = g_strdup_printf ("%" G_GSIZE_FORMAT, memory);
  parent_arg = g_strdup_printf ("%d", (int) getpid ());
  pid = fork_from_server (sv[1], time_ms, memory);
  forked = pid > 0;
  if (!forked)
    {
      const char *argv[] = { runner_path (), "--time-ms", time_arg, "--memory", memory_arg,
                             "--parent", parent_arg, NULL };
      int source_fds[] = { sv[1] };
      int target_fds[] = { JOINERY_LUA_RUNNER_FD };

      if (!g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                             G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                             G_SPAWN_STDIN_FROM_DEV_NULL,
                                             NULL, NULL, -1, -1, -1, source_fds, target_fds, 1,
                                             &pid, NULL, NULL, NULL, &spawn_error))
        {
          close (sv[0]);
          close (sv[1]);
          set_error (error, JOINERY_SCRIPT_ERROR_FAILED, plugin_id, "cannot start the sandbox (%s): %s",
                     argv[0], spawn_error->message);
          return NULL;
        }
    }
  close (sv[1]);
  deadline = g_get_monotonic_time () + ((gint64) time_ms + GRACE_MS) * 1000;

  /* The host's today, not the sandbox's (which a fork server started
   * earlier would have fixed). */
  {
    g_autofree char *today = joinery_today ();
    json_object_set_string_member (json_node_get_object (owned_request), "today", today);
  }
  if (!send_node (sv[0], owned_request))
    {
      close (sv[0]);
      kill_and_reap (pid, forked);
      set_error (error, JOINERY_SCRIPT_ERROR_CRASHED, plugin_id, "the sandbox ended before it started");
      return NULL;
    }
  fcntl (sv[0], F_SETFL, fcntl (sv[0], F_GETFL) | O_NONBLOCK);
  joinery_lua_reader_init (&reader);

  cancellable = limits != NULL ? limits->cancellable : NULL;
  cancel_fd = cancellable != NULL ? g_cancellable_get_fd (cancellable) : -1;
  while (!finished)
    {
      struct pollfd pfd[2] = { { sv[0], POLLIN, 0 }, { cancel_fd, POLLIN, 0 } };
      gint64 remaining = (deadline - g_get_monotonic_time ()) / 1000;
      gboolean eof = FALSE, too_big = FALSE;
      char *text;
      gsize len;
      int r;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          kill_and_reap (pid, forked);
          goto out;
        }
      if (remaining <= 0)
        {
          kill_and_reap (pid, forked);
          set_error (error, JOINERY_SCRIPT_ERROR_TIMEOUT, plugin_id,
                     "the plugin ran out of time (its budget is %g s) and was stopped", time_ms / 1000.0);
          goto out;
        }
      r = poll (pfd, cancel_fd >= 0 ? 2 : 1, (int) MIN (remaining + 1, G_MAXINT));
      if (r < 0 && errno == EINTR)
        continue;
      if (r == 0 || !(pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      joinery_lua_reader_fill (&reader, sv[0], &eof);
      while (!finished && (text = joinery_lua_reader_next (&reader, &len, &too_big)) != NULL)
        {
          g_autoptr(JsonParser) parser = json_parser_new_immutable ();
          JsonObject *message = NULL;
          const char *type;

          if (json_parser_load_from_data (parser, text, (gssize) len, NULL) &&
              JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            message = json_node_get_object (json_parser_get_root (parser));
          g_free (text);
          type = object_string (message, "type");
          if (g_strcmp0 (type, "call") == 0)
            {
              if (!answer_call (sv[0], message, call, user_data))
                eof = TRUE;
              continue;
            }
          if (log != NULL && object_string (message, "log") != NULL)
            {
              g_free (*log);
              *log = g_utf8_make_valid (object_string (message, "log"), -1);
            }
          if (g_strcmp0 (type, "done") == 0 && json_object_get_member (message, "result") != NULL)
            result = json_node_copy (json_object_get_member (message, "result"));
          else if (g_strcmp0 (type, "error") == 0)
            set_failure (error, plugin_id, message);
          else
            set_error (error, JOINERY_SCRIPT_ERROR_CRASHED, plugin_id, "the sandbox answered nonsense");
          finished = TRUE;
        }
      if (too_big)
        {
          kill_and_reap (pid, forked);
          set_error (error, JOINERY_SCRIPT_ERROR_MEMORY, plugin_id, "the plugin's output is too large");
          goto out;
        }
      if (!finished && eof)
        {
          int status = reap (pid, forked, deadline);
          if (status >= 0 && WIFSIGNALED (status) && WTERMSIG (status) == SIGXCPU)
            set_error (error, JOINERY_SCRIPT_ERROR_TIMEOUT, plugin_id, "the plugin used up its processor time and was stopped");
          else if (status >= 0 && WIFSIGNALED (status))
            set_error (error, JOINERY_SCRIPT_ERROR_CRASHED, plugin_id,
                       "the sandbox ended without an answer (signal %d); the host is unaffected", WTERMSIG (status));
          else if (status >= 0)
            set_error (error, JOINERY_SCRIPT_ERROR_CRASHED, plugin_id,
                       "the sandbox ended without an answer (status %d)", WEXITSTATUS (status));
          else
            set_error (error, JOINERY_SCRIPT_ERROR_CRASHED, plugin_id,
                       "the sandbox ended without an answer; the host is unaffected");
          goto out;
        }
    }
  reap (pid, forked, deadline + GRACE_MS * 1000);

out:
  if (cancel_fd >= 0)
    g_cancellable_release_fd (cancellable);
  close (sv[0]);
  joinery_lua_reader_clear (&reader);
  return result;
}

/* Reports */

/* A record parameter given by its label ("North Yorkshire Innovation
 * Fund"), found as the command line finds a reference given by name: the
 * one record of the kind with that label, case-insensitively. The host
 * opens the file only for this, read-only, and only when a name is given. */
static gboolean
find_record_by_label (const char *plugin_id, const JoineryReportParam *param, const char *text,
                      const char *db_path, gint64 *id, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open (db_path, JOINERY_DB_OPEN_READ_ONLY, &local_error);

  if (db == NULL || !joinery_db_find_by_label (db, param->kind, text, id, &local_error))
    {
      set_error (error, JOINERY_SCRIPT_ERROR_PARAMETER, plugin_id, "parameter %s: %s", param->name,
                 local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
convert_param (JsonBuilder *builder, const char *plugin_id, const JoineryReportParam *param,
               const char *text, const char *db_path, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  switch (param->type)
    {
    case JOINERY_REPORT_PARAM_NUMBER:
      {
        gint64 integer;
        double real;
        if (joinery_parse_integer (text, &integer, NULL))
          json_builder_add_int_value (builder, integer);
        else if (joinery_parse_real (text, &real, &local_error))
          json_builder_add_double_value (builder, real);
        else
          {
            set_error (error, JOINERY_SCRIPT_ERROR_PARAMETER, plugin_id, "parameter %s: “%s” is not a number",
                       param->name, text);
            return FALSE;
          }
        return TRUE;
      }
    case JOINERY_REPORT_PARAM_DATE:
      {
        g_autofree char *iso = NULL;
        if (!joinery_parse_date (text, &iso, &local_error))
          {
            set_error (error, JOINERY_SCRIPT_ERROR_PARAMETER, plugin_id, "parameter %s: %s", param->name,
                       local_error->message);
            return FALSE;
          }
        json_builder_add_string_value (builder, iso);
        return TRUE;
      }
    case JOINERY_REPORT_PARAM_CHOICE:
      if (!g_strv_contains ((const char * const *) param->choices, text))
        {
          g_autofree char *choices = g_strjoinv (", ", param->choices);
          set_error (error, JOINERY_SCRIPT_ERROR_PARAMETER, plugin_id, "parameter %s: “%s” is not one of %s",
                     param->name, text, choices);
          return FALSE;
        }
      json_builder_add_string_value (builder, text);
      return TRUE;
    case JOINERY_REPORT_PARAM_RECORD:
      {
        const char *digits = text[0] == '#' ? text + 1 : text;
        guint64 number;
        gint64 id;

        if (g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT64, &number, NULL))
          id = (gint64) number;
        else if (!find_record_by_label (plugin_id, param, text, db_path, &id, error))
          return FALSE;
        json_builder_add_int_value (builder, id);
        return TRUE;
      }
    case JOINERY_REPORT_PARAM_TEXT:
    default:
      json_builder_add_string_value (builder, text);
      return TRUE;
    }
}

static JsonNode *
build_request (const char *mode, JoineryPlugin *plugin, const char *target, const char *db_path)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, mode);
  json_builder_set_member_name (builder, "plugin");
  json_builder_add_value (builder, joinery_lua_plugin_node (joinery_plugin_get_id (plugin),
                                                            joinery_plugin_get_folder (plugin),
                                                            joinery_plugin_get_main (plugin),
                                                            joinery_plugin_may_write (plugin)));
  if (target != NULL)
    {
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, target);
    }
  if (db_path != NULL)
    {
      json_builder_set_member_name (builder, "db");
      json_builder_add_string_value (builder, db_path);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
check_usable (JoineryPlugin *plugin, GError **error)
{
  if (joinery_plugin_get_status (plugin) == JOINERY_PLUGIN_OK)
    return TRUE;
  set_error (error, JOINERY_SCRIPT_ERROR_BROKEN, joinery_plugin_get_id (plugin), "cannot be run: %s",
             joinery_plugin_get_error (plugin) != NULL ? joinery_plugin_get_error (plugin)->message : "it is broken");
  return FALSE;
}

static char *
canonical_path (const char *path)
{
  return g_canonicalize_filename (path, NULL);
}

JoineryReportOutput *
joinery_lua_run_report (JoineryPlugin *plugin, const char *report_id, const char *db_path,
                        GHashTable *params, const JoineryLuaLimits *limits, GError **error)
{
  const JoineryReportInfo *info;
  const char *plugin_id;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = NULL;
  g_autofree char *log = NULL;
  g_autofree char *json = NULL;
  JoineryReportOutput *output;
  JsonNode *request;

  g_return_val_if_fail (JOINERY_IS_PLUGIN (plugin), NULL);
  g_return_val_if_fail (report_id != NULL && db_path != NULL, NULL);

  plugin_id = joinery_plugin_get_id (plugin);
  if (!check_usable (plugin, error))
    return NULL;
  info = joinery_plugin_find_report (plugin, report_id);
  if (info == NULL)
    {
      set_error (error, JOINERY_SCRIPT_ERROR_NOT_FOUND, plugin_id, "there is no report “%s”", report_id);
      return NULL;
    }

  /* The parameters, checked against the declaration. */
  if (params != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          gboolean known = FALSE;
          for (guint i = 0; i < info->params->len && !known; i++)
            known = g_str_equal (((JoineryReportParam *) info->params->pdata[i])->name, key);
          if (!known)
            {
              g_autoptr(GString) names = g_string_new (NULL);
              for (guint i = 0; i < info->params->len; i++)
                g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                                        ((JoineryReportParam *) info->params->pdata[i])->name);
              set_error (error, JOINERY_SCRIPT_ERROR_PARAMETER, plugin_id,
                         "report “%s” has no parameter “%s” (it has: %s)", report_id, (const char *) key,
                         names->len > 0 ? names->str : "none");
              return NULL;
            }
        }
    }
  json_builder_begin_object (builder);
  for (guint i = 0; i < info->params->len; i++)
    {
      const JoineryReportParam *param = info->params->pdata[i];
      const char *text = params != NULL ? g_hash_table_lookup (params, param->name) : NULL;

      if (text != NULL && *text == '\0')
        text = NULL;
      if (text == NULL)
        text = param->default_value;
      if (text == NULL)
        {
          if (param->required)
            {
              set_error (error, JOINERY_SCRIPT_ERROR_PARAMETER, plugin_id,
                         "report “%s” needs the parameter “%s” (%s)", report_id, param->name, param->label);
              return NULL;
            }
          continue;
        }
      json_builder_set_member_name (builder, param->name);
      if (!convert_param (builder, plugin_id, param, text, db_path, error))
        return NULL;
    }
  json_builder_end_object (builder);

  path = canonical_path (db_path);
  request = build_request ("report", plugin, report_id, path);
  json_object_set_member (json_node_get_object (request), "params", json_builder_get_root (builder));
  result = joinery_lua_spawn (plugin_id, request, limits, NULL, NULL, &log, error);
  if (result == NULL)
    return NULL;
  json = json_to_string (result, FALSE);
  output = joinery_report_output_from_json (json, strlen (json), error);
  if (output == NULL)
    {
      g_prefix_error (error, "plugin “%s”: ", plugin_id);
      return NULL;
    }
  joinery_report_output_set_source (output, info->title, info->id, plugin_id);
  if (log != NULL)
    joinery_report_output_set_log (output, log);
  return output;
}

JoineryReportOutput *
joinery_lua_run_script (const char *file, const char *db_path, const JoineryLuaLimits *limits,
                        GError **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *log = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JoineryReportOutput *output;

  g_return_val_if_fail (file != NULL, NULL);

  absolute = canonical_path (file);
  if (!g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    {
      set_error (error, JOINERY_SCRIPT_ERROR_NOT_FOUND, "script", "there is no file “%s”", file);
      return NULL;
    }
  folder = g_path_get_dirname (absolute);
  base = g_path_get_basename (absolute);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, "script");
  json_builder_set_member_name (builder, "plugin");
  json_builder_add_value (builder, joinery_lua_plugin_node ("script", folder, base, FALSE));
  if (db_path != NULL)
    {
      path = canonical_path (db_path);
      json_builder_set_member_name (builder, "db");
      json_builder_add_string_value (builder, path);
    }
  json_builder_end_object (builder);

  result = joinery_lua_spawn ("script", json_builder_get_root (builder), limits, NULL, NULL, &log, error);
  if (result == NULL)
    return NULL;
  json = json_to_string (result, FALSE);
  output = joinery_report_output_from_json (json, strlen (json), error);
  if (output == NULL)
    return NULL;
  joinery_report_output_set_source (output, NULL, NULL, "script");
  if (log != NULL)
    joinery_report_output_set_log (output, log);
  return output;
}

/* Workflows */

static JsonNode *parse_object (const char *json);

typedef struct {
  JoineryDb  *db;
  const char *plugin_id;
  const char *plugin_name;
} WorkflowCall;

/* The record as the sandbox reads it: its columns as the audit trail
 * keeps them, with its kind and label. */
static JsonNode *
record_node (JoineryRecord *record)
{
  g_autofree char *json = joinery_record_to_json (record);
  JsonNode *node = parse_object (json);
  JsonObject *object;

  if (node == NULL)
    return NULL;
  object = json_node_get_object (node);
  json_object_set_string_member (object, "joinery:kind", joinery_record_get_kind (record)->name);
  if (joinery_record_get_label (record) != NULL)
    json_object_set_string_member (object, "joinery:label", joinery_record_get_label (record));
  return node;
}

/* Set the record's fields from the plugin's { name = value } (values as
 * the sandbox sends them: text, integers, numbers, booleans). */
static gboolean
apply_fields (JoineryRecord *record, JsonObject *fields, GError **error)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  const char *link_kind = object_string (fields, "record_kind");
  g_autoptr(GList) names = json_object_get_members (fields);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (fields, name);
      const JoineryField *f;
      GType type;

      if (g_str_equal (name, "record_kind"))
        continue;
      if (g_str_equal (name, "record_id") && (f = joinery_kind_get_field (kind, "record")) != NULL)
        {
          if (link_kind == NULL || !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
              joinery_kind_lookup (link_kind) == NULL)
            {
              joinery_set_validation_error (error, kind->name, "record", JOINERY_VALIDATION_ERROR_INVALID,
                                            "record: give the record this is about");
              return FALSE;
            }
          joinery_record_set_link (record, "record", joinery_kind_lookup (link_kind)->name, json_node_get_int (value));
          continue;
        }
      f = joinery_kind_get_field (kind, name);
      if (f == NULL || f->type == JOINERY_FIELD_LINK)
        {
          joinery_set_validation_error (error, kind->name, name, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD,
                                        "%s has no field “%s”", joinery_kind_get_words (kind, FALSE), name);
          return FALSE;
        }
      if (JSON_NODE_HOLDS_NULL (value))
        {
          joinery_record_set_null (record, f->name);
          continue;
        }
      if (!JSON_NODE_HOLDS_VALUE (value))
        goto wrong_type;
      type = json_node_get_value_type (value);
      switch (f->type)
        {
        case JOINERY_FIELD_TEXT:
        case JOINERY_FIELD_LONG_TEXT:
        case JOINERY_FIELD_DATE:
        case JOINERY_FIELD_TIME:
        case JOINERY_FIELD_CHOICE:
          if (type != G_TYPE_STRING)
            goto wrong_type;
          if (!joinery_record_set_from_string (record, f->name, json_node_get_string (value), error))
            return FALSE;
          break;
        case JOINERY_FIELD_REAL:
          if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
            goto wrong_type;
          joinery_record_set_real (record, f->name, json_node_get_double (value));
          break;
        case JOINERY_FIELD_BOOLEAN:
          if (type != G_TYPE_BOOLEAN)
            goto wrong_type;
          joinery_record_set_integer (record, f->name, json_node_get_boolean (value) ? 1 : 0);
          break;
        case JOINERY_FIELD_INTEGER:
        case JOINERY_FIELD_MONEY:
        case JOINERY_FIELD_REFERENCE:
        case JOINERY_FIELD_LINK:
        default:
          if (type != G_TYPE_INT64)
            goto wrong_type;
          joinery_record_set_integer (record, f->name, json_node_get_int (value));
          break;
        }
      continue;

    wrong_type:
      joinery_set_validation_error (error, kind->name, f->name, JOINERY_VALIDATION_ERROR_INVALID,
                                    "%s: %s", f->name,
                                    f->type == JOINERY_FIELD_MONEY ? "money is given in whole pence" :
                                    f->type == JOINERY_FIELD_BOOLEAN ? "give true or false" :
                                    f->type == JOINERY_FIELD_REFERENCE ? "give a record or its id" :
                                    f->type == JOINERY_FIELD_INTEGER ? "give a whole number" :
                                    f->type == JOINERY_FIELD_REAL ? "give a number" : "give text");
      return FALSE;
    }
  return TRUE;
}

static JoineryRecord *
linked_record (WorkflowCall *wc, const char *kind_name, JsonObject *args, const char *text_field,
               const char *text, GError **error)
{
  const JoineryKind *target = joinery_kind_lookup (object_string (args, "kind") != NULL ? object_string (args, "kind") : "");
  JsonNode *id = json_object_get_member (args, "id");
  JoineryRecord *record = joinery_record_new (joinery_kind_lookup (kind_name));

  if (target == NULL || id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_INT64)
    {
      g_object_unref (record);
      g_set_error_literal (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_FAILED, "give a record");
      return NULL;
    }
  joinery_record_set_link (record, "record", target->name, json_node_get_int (id));
  if (text == NULL || !joinery_record_set_from_string (record, text_field, text, error))
    {
      if (text == NULL)
        joinery_set_validation_error (error, kind_name, text_field, JOINERY_VALIDATION_ERROR_REQUIRED,
                                      "%s: give the text", text_field);
      g_object_unref (record);
      return NULL;
    }
  return record;
}

static JsonNode *
workflow_call (const char *op, JsonObject *args, gpointer user_data, GError **error)
{
  WorkflowCall *wc = user_data;
  g_autoptr(JoineryRecord) record = NULL;
  g_autoptr(JoineryRecord) stored = NULL;
  JsonNode *fields = json_object_get_member (args, "fields");
  JsonNode *node;
  gboolean created = TRUE;

  if (g_str_equal (op, "create_task"))
    {
      record = joinery_record_new (joinery_kind_lookup ("task"));
      if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields) ||
          !apply_fields (record, json_node_get_object (fields), error))
        return NULL;
      if (joinery_record_is_null (record, "created_by"))
        {
          g_autofree char *by = g_strdup_printf ("plugin:%s", wc->plugin_id);
          joinery_record_set_text (record, "created_by", by);
        }
    }
  else if (g_str_equal (op, "update"))
    {
      const JoineryKind *kind = joinery_kind_lookup (object_string (args, "kind") != NULL ? object_string (args, "kind") : "");
      JsonNode *id = json_object_get_member (args, "id");

      if (kind == NULL || id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_INT64 ||
          fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
        {
          g_set_error_literal (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_FAILED, "give a record and its changes");
          return NULL;
        }
      record = joinery_db_get (wc->db, kind, json_node_get_int (id), error);
      if (record == NULL || !apply_fields (record, json_node_get_object (fields), error))
        return NULL;
      created = FALSE;
    }
  else if (g_str_equal (op, "add_note"))
    {
      record = linked_record (wc, "note", args, "body", object_string (args, "body"), error);
      if (record == NULL)
        return NULL;
      joinery_record_set_text (record, "author", wc->plugin_name);
    }
  else if (g_str_equal (op, "add_tag"))
    {
      record = linked_record (wc, "tag", args, "name", object_string (args, "name"), error);
      if (record == NULL)
        return NULL;
    }
  else
    {
      g_set_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_DENIED, "“%s” is not something a plugin may do", op);
      return NULL;
    }

  if (created ? !joinery_db_create (wc->db, record, error) : !joinery_db_update (wc->db, record, error))
    return NULL;
  stored = joinery_db_get (wc->db, joinery_record_get_kind (record), joinery_record_get_id (record), error);
  if (stored == NULL)
    return NULL;
  node = record_node (stored);
  if (node == NULL)
    g_set_error_literal (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_FAILED, "the record cannot be sent");
  return node;
}

static gboolean
run_changing (JoineryDb *db, JoineryPlugin *plugin, const char *label, JsonNode *request,
              const JoineryLuaLimits *limits, gboolean *skipped, char **log, GError **error)
{
  g_autoptr(JsonNode) owned = request;
  g_autofree char *previous_source = NULL;
  g_autofree char *source = NULL;
  g_autoptr(JsonNode) result = NULL;
  WorkflowCall wc = { db, joinery_plugin_get_id (plugin), joinery_plugin_get_name (plugin) };
  gboolean ok;

  if (joinery_db_in_group (db))
    {
      set_error (error, JOINERY_SCRIPT_ERROR_FAILED, wc.plugin_id,
                 "a workflow cannot run inside another change: it makes a change group of its own");
      return FALSE;
    }
  if (!joinery_plugin_may_write (plugin))
    {
      set_error (error, JOINERY_SCRIPT_ERROR_DENIED, wc.plugin_id, "may only read (its manifest asks for “read”)");
      return FALSE;
    }
  /* Checked here, where every write run passes, not only in the window. */
  if (!joinery_plugin_check_trust (plugin, error))
    return FALSE;
  previous_source = g_strdup (joinery_db_get_source (db));
  source = g_strdup_printf ("plugin:%s", wc.plugin_id);
  joinery_db_set_source (db, source);
  if (!joinery_db_begin (db, label, JOINERY_GROUP_DEFAULT, error))
    {
      joinery_db_set_source (db, previous_source);
      return FALSE;
    }
  result = joinery_lua_spawn (wc.plugin_id, g_steal_pointer (&owned), limits, workflow_call, &wc, log, error);
  ok = result != NULL;
  if (ok)
    ok = joinery_db_commit (db, error);
  else
    joinery_db_rollback (db);
  joinery_db_set_source (db, previous_source);
  if (ok && skipped != NULL)
    *skipped = JSON_NODE_HOLDS_OBJECT (result) &&
               json_object_get_boolean_member_with_default (json_node_get_object (result), "skipped", FALSE);
  return ok;
}

static JsonNode *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

gboolean
joinery_lua_run_workflow (JoineryDb *db, JoineryPlugin *plugin, const char *workflow_id,
                          const JoineryChange *change, const JoineryLuaLimits *limits,
                          gboolean *skipped, char **log, GError **error)
{
  const JoineryWorkflowInfo *info;
  g_autofree char *label = NULL;
  g_autofree char *path = NULL;
  JsonNode *request;

  g_return_val_if_fail (JOINERY_IS_DB (db) && JOINERY_IS_PLUGIN (plugin) && workflow_id != NULL, FALSE);

  if (skipped != NULL)
    *skipped = FALSE;
  if (!check_usable (plugin, error))
    return FALSE;
  info = joinery_plugin_find_workflow (plugin, workflow_id);
  if (info == NULL)
    {
      set_error (error, JOINERY_SCRIPT_ERROR_NOT_FOUND, joinery_plugin_get_id (plugin), "there is no workflow “%s”",
                 workflow_id);
      return FALSE;
    }
  if (change == NULL && !g_strv_contains ((const char * const *) info->on, "demand") &&
      !g_strv_contains ((const char * const *) info->on, "open"))
    {
      g_autofree char *on = g_strjoinv (", ", info->on);
      set_error (error, JOINERY_SCRIPT_ERROR_DENIED, joinery_plugin_get_id (plugin),
                 "workflow “%s” runs on %s, not on demand", workflow_id, on);
      return FALSE;
    }
  path = canonical_path (joinery_db_get_path (db));
  request = build_request ("workflow", plugin, workflow_id, path);
  if (change != NULL)
    {
      JsonObject *event = json_object_new ();
      JsonNode *before = parse_object (change->before);
      JsonNode *after = parse_object (change->after);

      json_object_set_string_member (event, "kind", change->kind->name);
      json_object_set_int_member (event, "id", change->id);
      json_object_set_string_member (event, "action", change->action == JOINERY_CHANGE_CREATE ? "created" :
                                                       change->action == JOINERY_CHANGE_DELETE ? "deleted" : "changed");
      if (before != NULL)
        json_object_set_member (event, "before", before);
      if (after != NULL)
        json_object_set_member (event, "after", after);
      json_object_set_object_member (json_node_get_object (request), "event", event);
    }
  label = g_strdup_printf ("Workflow: %s", info->title);
  return run_changing (db, plugin, label, request, limits, skipped, log, error);
}

gboolean
joinery_lua_run_action (JoineryDb *db, JoineryPlugin *plugin, const char *action_id,
                        const JoineryKind *kind, gint64 id, const JoineryLuaLimits *limits,
                        char **log, GError **error)
{
  const JoineryActionInfo *info;
  g_autofree char *label = NULL;
  g_autofree char *path = NULL;
  JsonObject *record;
  JsonNode *request;

  g_return_val_if_fail (JOINERY_IS_DB (db) && JOINERY_IS_PLUGIN (plugin) && action_id != NULL && kind != NULL, FALSE);

  if (!check_usable (plugin, error))
    return FALSE;
  info = joinery_plugin_find_action (plugin, action_id);
  if (info == NULL)
    {
      set_error (error, JOINERY_SCRIPT_ERROR_NOT_FOUND, joinery_plugin_get_id (plugin), "there is no action “%s”", action_id);
      return FALSE;
    }
  if (info->kind != kind)
    {
      set_error (error, JOINERY_SCRIPT_ERROR_PARAMETER, joinery_plugin_get_id (plugin),
                 "action “%s” runs on %s, not on %s", action_id, info->kind->plural, kind->plural);
      return FALSE;
    }
  if (!joinery_db_exists (db, kind, id))
    {
      set_error (error, JOINERY_SCRIPT_ERROR_NOT_FOUND, joinery_plugin_get_id (plugin), "there is no %s #%" G_GINT64_FORMAT,
                 kind->name, id);
      return FALSE;
    }
  path = canonical_path (joinery_db_get_path (db));
  request = build_request ("action", plugin, action_id, path);
  record = json_object_new ();
  json_object_set_string_member (record, "kind", kind->name);
  json_object_set_int_member (record, "id", id);
  json_object_set_object_member (json_node_get_object (request), "record", record);
  label = g_strdup_printf ("Action: %s", info->title);
  return run_changing (db, plugin, label, request, limits, NULL, log, error);
}

/* Triggers */

static const char *
status_column (const JoineryKind *kind)
{
  if (joinery_kind_get_field (kind, "status") != NULL)
    return "status";
  if (joinery_kind_get_field (kind, "stage") != NULL)
    return "stage";
  return NULL;
}

static char *
json_member_text (const char *json, const char *member)
{
  g_autoptr(JsonNode) node = parse_object (json);
  JsonNode *value = node != NULL ? json_object_get_member (json_node_get_object (node), member) : NULL;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return NULL;
  return json_node_get_value_type (value) == G_TYPE_STRING ? g_strdup (json_node_get_string (value)) : NULL;
}

gboolean
joinery_lua_trigger_matches (const JoineryWorkflowInfo *workflow, const JoineryChange *change)
{
  const char *event = change->action == JOINERY_CHANGE_CREATE ? "created" :
                      change->action == JOINERY_CHANGE_DELETE ? "deleted" : "changed";

  for (guint i = 0; workflow->on[i] != NULL; i++)
    {
      g_autofree char *wanted = g_strdup_printf ("%s.%s", change->kind->name, event);
      g_autofree char *status = g_strdup_printf ("%s.status", change->kind->name);

      if (g_str_equal (workflow->on[i], wanted))
        return TRUE;
      if (g_str_equal (workflow->on[i], status) && change->action == JOINERY_CHANGE_UPDATE &&
          status_column (change->kind) != NULL)
        {
          g_autofree char *before = json_member_text (change->before, status_column (change->kind));
          g_autofree char *after = json_member_text (change->after, status_column (change->kind));
          if (g_strcmp0 (before, after) != 0)
            return TRUE;
        }
    }
  return FALSE;
}
