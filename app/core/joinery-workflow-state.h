/* joinery-workflow-state.h: which workflows are on in a database, and the
 * log of their runs.
 *
 * Both live in the database itself (migration 0004), so a file carries
 * its own routine: switching a workflow on in one file leaves every other
 * file as it was. Neither is part of a change group: undoing what a
 * workflow did keeps the log entry that says it ran. The core only stores
 * what it is told; running workflows is the Lua layer's business.
 */
#pragma once

#include "joinery-db.h"

G_BEGIN_DECLS

typedef enum {
  JOINERY_WORKFLOW_RUN_DONE,
  JOINERY_WORKFLOW_RUN_SKIPPED,   /* its `when` said no */
  JOINERY_WORKFLOW_RUN_FAILED,    /* nothing it did was kept */
} JoineryWorkflowOutcome;

/* One run, as logged. */
typedef struct {
  gint64                  id;
  char                   *at;          /* "2024-05-01T10:00:00Z", as the audit trail */
  char                   *plugin_id;
  char                   *workflow_id;
  char                   *trigger;     /* "grant.status", "demand", "open" */
  char                   *record_kind; /* the record that set it off, or NULL */
  gint64                  record_id;
  JoineryWorkflowOutcome  outcome;
  char                   *summary;     /* what it changed, "" for nothing */
  char                   *error;       /* FAILED: the message */
  char                   *traceback;   /* FAILED: the Lua traceback, or NULL */
} JoineryWorkflowRun;

void        joinery_workflow_run_free          (JoineryWorkflowRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryWorkflowRun, joinery_workflow_run_free)

const char *joinery_workflow_outcome_to_string (JoineryWorkflowOutcome outcome);

/* Whether a workflow is on in this database (off until switched on). */
gboolean    joinery_db_workflow_is_enabled     (JoineryDb *db, const char *plugin_id,
                                                const char *workflow_id, GError **error);
gboolean    joinery_db_set_workflow_enabled    (JoineryDb *db, const char *plugin_id,
                                                const char *workflow_id, gboolean enabled,
                                                GError **error);
/* Whether any workflow is on: a cheap test before loading plugins. */
gboolean    joinery_db_has_enabled_workflows   (JoineryDb *db);

/* Append a run to the log (its id and time are set here; `run->at` when
 * given is kept). Must not be called inside a change group. */
gboolean    joinery_db_log_workflow_run        (JoineryDb *db, const JoineryWorkflowRun *run,
                                                GError **error);
/* The log, newest first: of one workflow (plugin_id and workflow_id), of
 * one plugin (workflow_id NULL) or of all (both NULL); at most `limit`
 * runs (0: all). Of JoineryWorkflowRun. */
GPtrArray  *joinery_db_list_workflow_runs      (JoineryDb *db, const char *plugin_id,
                                                const char *workflow_id, guint limit,
                                                GError **error);

G_END_DECLS
