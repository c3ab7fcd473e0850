/* joinery-workflow-host.h: workflows set off by changes to records, on
 * opening a database, or on demand.
 *
 * A JoineryWorkflowHost listens to a JoineryDb's "changed" signal and,
 * for every change whose kind and event match a workflow's trigger
 * ("grant.created", "grant.changed", "grant.deleted", "grant.status" for
 * a change of status or stage), runs that workflow with the record after
 * the change and before it — if the workflow is switched on in that
 * database (joinery-workflow-state.h) and its plugin may run (a plugin
 * that writes must be bundled or approved as it is now, see
 * joinery-plugin-trust.h). Each run is a change group of its own (see
 * joinery-lua-run.h), so a failing workflow leaves nothing behind and the
 * change that set it off stays as it was made. Every run it makes is
 * written to the database's workflow log: when, what set it off, what it
 * changed, or its error and traceback.
 *
 * Changes that workflows make do not set off workflows (no loops), nor do
 * undo and redo, nor bulk groups (an import tells only its kinds).
 */
#pragma once

#include "joinery-db.h"
#include "joinery-lua-run.h"
#include "joinery-plugin.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_WORKFLOW_HOST (joinery_workflow_host_get_type ())
G_DECLARE_FINAL_TYPE (JoineryWorkflowHost, joinery_workflow_host, JOINERY, WORKFLOW_HOST, GObject)

/* Listen on `db` for the workflows of the registry's plugins (loaded). */
JoineryWorkflowHost *joinery_workflow_host_new        (JoineryDb *db, JoineryPluginRegistry *registry,
                                                       const JoineryLuaLimits *limits);
/* Stop (or resume) reacting to changes; runs on demand still work. */
void                 joinery_workflow_host_set_enabled (JoineryWorkflowHost *self, gboolean enabled);

/* Run the workflows switched on whose trigger includes "open" (those that
 * look for work left over: events over, projects long in pilot). Call once
 * after opening the database. Returns how many ran. */
guint                joinery_workflow_host_run_open    (JoineryWorkflowHost *self);

/* Run one workflow now, on demand (whether switched on or not: someone
 * asked), and log it. */
gboolean             joinery_workflow_host_run_now     (JoineryWorkflowHost *self, JoineryPlugin *plugin,
                                                        const char *workflow_id, GError **error);

/* What a change set did, for the log: "Created 3 tasks, 1 note; Changed 1
 * grant", or "" for nothing. */
char                *joinery_workflow_describe_changes (JoineryChangeSet *set);

/* Signals:
 *   "workflow-ran"    (JoineryPlugin *plugin, const char *workflow_id, gboolean skipped)
 *   "workflow-failed" (JoineryPlugin *plugin, const char *workflow_id, GError *error)
 * each emitted after the run is in the log.
 */

G_END_DECLS
