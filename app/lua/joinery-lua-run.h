/* joinery-lua-run.h: running plugins — a report, a workflow, an action or
 * a script — each in its own sandbox process.
 *
 * Every run starts a fresh sandbox process (joinery-lua-runner) that reads
 * the database on its own read-only connection, and ends it: by its answer,
 * or by the host killing it once its time budget and a grace of half a
 * second are spent. A run never blocks the host longer than that, and
 * nothing a plugin does can reach the host's memory.
 *
 * Reports may be run from any thread (they need only the file's path). A
 * workflow or an action changes data through `db`, which must be used on
 * its own thread and not be inside a change group: the run opens one group,
 * labelled with the workflow's title and with source "plugin:ID", makes
 * every change inside it through the core's validated operations, and
 * commits it only if the plugin ends well — otherwise nothing it did stays.
 * The group is audited and undone like any other.
 */
#pragma once

#include "joinery-db.h"
#include "joinery-plugin.h"
#include "joinery-report.h"

G_BEGIN_DECLS

#define JOINERY_LUA_DEFAULT_TIME_MS   30000
#define JOINERY_LUA_DEFAULT_MEMORY    (256u * 1024 * 1024)

/* Limits of one run; zero means the default. A front end that runs a
 * report in a thread stops it with `cancellable` (the sandbox is killed
 * and the run fails with G_IO_ERROR_CANCELLED); NULL for none. */
typedef struct {
  guint         time_ms;
  gsize         memory;
  GCancellable *cancellable;
} JoineryLuaLimits;

/* Run a report. `params` maps parameter names to text as people type it
 * ("2024-04-01", "12.5", a record by its id as "12" or "#12", or by its
 * label as "Better Care Fund" when that names exactly one record); it is
 * checked against the report's declaration first. */
JoineryReportOutput *joinery_lua_run_report   (JoineryPlugin *plugin, const char *report_id,
                                               const char *db_path, GHashTable *params,
                                               const JoineryLuaLimits *limits, GError **error);

/* Run a workflow: for a change (its trigger matched), or on demand when
 * `change` is NULL. `skipped` tells that its `when` said no. What it
 * printed goes to `log` when not NULL. */
gboolean             joinery_lua_run_workflow (JoineryDb *db, JoineryPlugin *plugin,
                                               const char *workflow_id, const JoineryChange *change,
                                               const JoineryLuaLimits *limits, gboolean *skipped,
                                               char **log, GError **error);

/* Run an action on one record. */
gboolean             joinery_lua_run_action   (JoineryDb *db, JoineryPlugin *plugin,
                                               const char *action_id, const JoineryKind *kind,
                                               gint64 id, const JoineryLuaLimits *limits,
                                               char **log, GError **error);

/* Run a Lua file with read permission: `ctx` is a report's context, and
 * require() reads beside the file. What it printed is the output's log. */
JoineryReportOutput *joinery_lua_run_script   (const char *file, const char *db_path,
                                               const JoineryLuaLimits *limits, GError **error);

/* Whether `change` (with `kind`) sets off a workflow that runs on `on`. */
gboolean             joinery_lua_trigger_matches (const JoineryWorkflowInfo *workflow,
                                                  const JoineryChange *change);

G_END_DECLS
