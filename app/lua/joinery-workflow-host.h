/* joinery-workflow-host.h: workflows set off by changes to records.
 *
 * A JoineryWorkflowHost listens to a JoineryDb's "changed" signal and,
 * for every change whose kind and event match a workflow's trigger
 * ("grant.created", "grant.changed", "grant.deleted", "grant.status" for
 * a change of status or stage), runs that workflow with the record after
 * the change and before it. Each run is a change group of its own (see
 * joinery-lua-run.h), so a failing workflow leaves nothing behind and the
 * change that set it off stays as it was made.
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
void                 joinery_workflow_host_set_enabled (JoineryWorkflowHost *self, gboolean enabled);

/* Signals:
 *   "workflow-ran"    (JoineryPlugin *plugin, const char *workflow_id, gboolean skipped)
 *   "workflow-failed" (JoineryPlugin *plugin, const char *workflow_id, GError *error)
 */

G_END_DECLS
