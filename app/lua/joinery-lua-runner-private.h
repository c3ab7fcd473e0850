/* joinery-lua-runner-private.h: what the files of the sandbox process
 * share. Private to the runner (joinery-lua-runner.c and the
 * joinery-lua-*.c files it links); the host never includes it.
 *
 * One process runs one plugin once, so the sandbox is a single object that
 * the signal handler can reach: joinery_sandbox.
 */
#pragma once

#include <signal.h>

#include <glib.h>
#include <lua.h>
#include <lauxlib.h>
#include <sqlite3.h>

#include "joinery-kind.h"

G_BEGIN_DECLS

typedef enum {
  JOINERY_FAIL_RUNTIME,
  JOINERY_FAIL_SYNTAX,
  JOINERY_FAIL_TIMEOUT,
  JOINERY_FAIL_MEMORY,
  JOINERY_FAIL_BROKEN,
  JOINERY_FAIL_DENIED,
  JOINERY_FAIL_PARAMETER,
  JOINERY_FAIL_NOT_FOUND,
} JoineryFailKind;

typedef enum {
  JOINERY_MODE_DESCRIBE,
  JOINERY_MODE_REPORT,
  JOINERY_MODE_WORKFLOW,
  JOINERY_MODE_ACTION,
  JOINERY_MODE_SCRIPT,
} JoineryRunMode;

typedef struct {
  lua_State             *L;
  JoineryRunMode         mode;

  /* The memory cap (bytes of Lua memory) and what is in use. */
  gsize                  memory_used;
  gsize                  memory_cap;
  gboolean               over_cap;

  /* The time budget; `expired` is set by the SIGALRM handler. */
  guint                  time_ms;
  volatile sig_atomic_t  expired;
  lua_State * volatile   current;   /* the coroutine running now */

  sqlite3               *db;        /* read-only, with the authorizer; NULL when none */
  int                    fd;        /* the socket to the host */

  char                  *plugin_id;
  char                  *plugin_dir; /* require() reads here only */
  gboolean               may_write;

  GString               *log;       /* print() */
  gboolean               log_full;

  /* Where the last error was raised (the message handler's finding). */
  char                  *where_file;
  int                    where_line;

  /* The failure that ends the run. */
  gboolean               failed;
  JoineryFailKind        fail_kind;
  char                  *fail_message;
  char                  *fail_file;
  int                    fail_line;
  char                  *fail_traceback;
} JoinerySandbox;

extern JoinerySandbox *joinery_sandbox;

/* joinery-lua-sandbox.c */
JoinerySandbox *joinery_sandbox_new          (gsize memory_cap, guint time_ms);
/* Install the allow-listed globals (with `joinery` and `require`). */
gboolean        joinery_sandbox_build        (JoinerySandbox *sb);
/* Start the clock: from now on the budget runs. */
void            joinery_sandbox_start_clock  (JoinerySandbox *sb);
/* Call the function under its `nargs` arguments on the stack, protected,
 * with the traceback handler; FALSE and the failure recorded on error. */
gboolean        joinery_sandbox_call         (JoinerySandbox *sb, int nargs, int nresults);
/* Load and run a Lua file of the plugin (relative to its folder), leaving
 * its one result on the stack; FALSE and the failure recorded on error. */
gboolean        joinery_sandbox_run_file     (JoinerySandbox *sb, const char *relative_path);
/* Record a failure found by the runner itself. */
void            joinery_sandbox_fail         (JoinerySandbox *sb, JoineryFailKind kind,
                                              const char *file, int line,
                                              const char *format, ...) G_GNUC_PRINTF (5, 6);
/* print(): the arguments as tostring() gives them, to the run's log. */
int             joinery_sandbox_print        (lua_State *L);
/* Run a C function protected (for the runner's own work on the state). */
gboolean        joinery_sandbox_cpcall       (JoinerySandbox *sb, lua_CFunction func, void *data);

/* joinery-lua-json.c */
void            joinery_json_append_string   (GString *out, const char *text, gsize len);
void            joinery_json_append_number   (GString *out, double value);
gboolean        joinery_json_append_value    (GString *out, lua_State *L, int index, int depth,
                                              char **problem);
/* Push the value the JSON text holds; FALSE (nothing pushed) if it is not
 * JSON. May raise a Lua memory error: call it protected. */
int             joinery_json_push            (lua_State *L, const char *text, gsize len);

/* joinery-lua-api.c: the `joinery` module. */
int             joinery_lua_open_module      (lua_State *L);
/* The declarations the plugin made (registry tables), by kind. */
void            joinery_lua_push_declarations (lua_State *L, const char *what);
/* The context object handed to run(). */
void            joinery_lua_push_context     (lua_State *L);

/* joinery-lua-date.c */
void            joinery_lua_date_open        (lua_State *L);    /* into the table on top */
void            joinery_lua_date_push        (lua_State *L, int year, int month, int day);
/* A Date or an ISO text at `index` as "YYYY-MM-DD"; FALSE if it is neither. */
gboolean        joinery_lua_date_to_iso      (lua_State *L, int index, char iso[11]);
gboolean        joinery_lua_is_date          (lua_State *L, int index);

/* joinery-lua-money.c */
void            joinery_lua_money_open       (lua_State *L);    /* into the table on top */

/* joinery-lua-query.c */
gboolean        joinery_lua_query_setup      (JoinerySandbox *sb, const char *path, char **problem);
void            joinery_lua_query_register   (lua_State *L);    /* methods into the table on top */
/* Bind the value at `index` to parameter `n`; FALSE with a message if it
 * cannot be bound. */
gboolean        joinery_lua_bind_value       (lua_State *L, sqlite3_stmt *stmt, int n, int index,
                                              char **problem);
sqlite3_stmt   *joinery_lua_prepare          (lua_State *L, const char *sql);
/* Push column `i` of the row: integer, number, text (a blob as text) or nil. */
void            joinery_lua_push_column      (lua_State *L, sqlite3_stmt *stmt, int i);
void            joinery_lua_raise_sql        (lua_State *L, const char *what);

/* joinery-lua-record.c */
void            joinery_lua_record_register  (lua_State *L);    /* methods into the table on top */
void            joinery_lua_record_metatable (lua_State *L);
/* A Record from the columns of the table at `index` (as the audit trail
 * and the host's replies give them: column name → value). */
void            joinery_lua_record_push_columns (lua_State *L, const JoineryKind *kind, int index);
/* A record read now; nil when there is none. */
void            joinery_lua_record_push_read (lua_State *L, const JoineryKind *kind, gint64 id);
gboolean        joinery_lua_is_record        (lua_State *L, int index, const JoineryKind **kind,
                                              gint64 *id);
const JoineryKind *joinery_lua_check_kind    (lua_State *L, int arg);
/* joinery.kinds and joinery.fields into the table on top. */
void            joinery_lua_record_module    (lua_State *L);

/* joinery-lua-output.c */
void            joinery_lua_output_register  (lua_State *L);    /* methods into the table on top */
void            joinery_lua_output_init      (lua_State *L);
gboolean        joinery_lua_output_serialise (lua_State *L, GString *out, char **problem);

/* joinery-lua-workflow.c */
void            joinery_lua_workflow_register (lua_State *L);   /* methods into the table on top */

G_END_DECLS
