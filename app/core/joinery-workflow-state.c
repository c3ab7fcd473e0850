/* joinery-workflow-state.c: workflow switches and the run log (see
 * joinery-workflow-state.h). Plain statements on the two tables of
 * migration 0004; nothing here runs a plugin. */
#include "joinery-workflow-state.h"
#include "joinery-db-private.h"
#include "joinery-error.h"
#include "joinery-value.h"

static const char *SQL_IS_ENABLED =
  "SELECT enabled FROM workflow_switches WHERE plugin_id = ?1 AND workflow_id = ?2";
static const char *SQL_SET_ENABLED =
  "INSERT INTO workflow_switches (plugin_id, workflow_id, enabled, changed_at) VALUES (?1, ?2, ?3, ?4) "
  "ON CONFLICT (plugin_id, workflow_id) DO UPDATE SET enabled = excluded.enabled, changed_at = excluded.changed_at";
static const char *SQL_ANY_ENABLED =
  "SELECT EXISTS (SELECT 1 FROM workflow_switches WHERE enabled = 1)";
static const char *SQL_LOG =
  "INSERT INTO workflow_runs (at, plugin_id, workflow_id, trigger, record_kind, record_id, outcome, summary, error, traceback) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char *SQL_LIST =
  "SELECT id, at, plugin_id, workflow_id, trigger, record_kind, record_id, outcome, summary, error, traceback "
  "FROM workflow_runs WHERE (?1 IS NULL OR plugin_id = ?1) AND (?2 IS NULL OR workflow_id = ?2) "
  "ORDER BY id DESC LIMIT ?3";

static const char * const outcomes[] = { "done", "skipped", "failed" };

void
joinery_workflow_run_free (JoineryWorkflowRun *run)
{
  if (run == NULL)
    return;
  g_free (run->at);
  g_free (run->plugin_id);
  g_free (run->workflow_id);
  g_free (run->trigger);
  g_free (run->record_kind);
  g_free (run->summary);
  g_free (run->error);
  g_free (run->traceback);
  g_free (run);
}

const char *
joinery_workflow_outcome_to_string (JoineryWorkflowOutcome outcome)
{
  g_return_val_if_fail (outcome <= JOINERY_WORKFLOW_RUN_FAILED, "failed");
  return outcomes[outcome];
}

static gboolean
check_writable (JoineryDb *db, GError **error)
{
  if (joinery_db_is_read_only (db))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY,
                   "“%s” is open read-only: workflows cannot be switched or logged", joinery_db_get_path (db));
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_db_workflow_is_enabled (JoineryDb *db, const char *plugin_id, const char *workflow_id, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean enabled = FALSE;
  int rc;

  g_return_val_if_fail (JOINERY_IS_DB (db) && plugin_id != NULL && workflow_id != NULL, FALSE);

  stmt = joinery_db_prepare_static (db, SQL_IS_ENABLED, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, plugin_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, workflow_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    enabled = sqlite3_column_int (stmt, 0) != 0;
  else if (rc != SQLITE_DONE)
    joinery_db_set_error (db, rc, error, "cannot read the workflow switches");
  sqlite3_reset (stmt);
  return enabled;
}

gboolean
joinery_db_set_workflow_enabled (JoineryDb *db, const char *plugin_id, const char *workflow_id,
                                 gboolean enabled, GError **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JOINERY_IS_DB (db) && plugin_id != NULL && workflow_id != NULL, FALSE);

  if (!check_writable (db, error))
    return FALSE;
  stmt = joinery_db_prepare_static (db, SQL_SET_ENABLED, error);
  if (stmt == NULL)
    return FALSE;
  now = joinery_now_timestamp ();
  sqlite3_bind_text (stmt, 1, plugin_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, workflow_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, enabled ? 1 : 0);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  return joinery_db_step_done (db, stmt, error);
}

gboolean
joinery_db_has_enabled_workflows (JoineryDb *db)
{
  sqlite3_stmt *stmt;
  gboolean any = FALSE;

  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);

  stmt = joinery_db_prepare_static (db, SQL_ANY_ENABLED, NULL);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    any = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return any;
}

static void
bind_text_or_null (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

gboolean
joinery_db_log_workflow_run (JoineryDb *db, const JoineryWorkflowRun *run, GError **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JOINERY_IS_DB (db) && run != NULL, FALSE);
  g_return_val_if_fail (run->plugin_id != NULL && run->workflow_id != NULL && run->trigger != NULL, FALSE);
  g_return_val_if_fail (run->outcome <= JOINERY_WORKFLOW_RUN_FAILED, FALSE);

  if (!check_writable (db, error))
    return FALSE;
  stmt = joinery_db_prepare_static (db, SQL_LOG, error);
  if (stmt == NULL)
    return FALSE;
  if (run->at == NULL)
    now = joinery_now_timestamp ();
  sqlite3_bind_text (stmt, 1, run->at != NULL ? run->at : now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, run->plugin_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, run->workflow_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, run->trigger, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 5, run->record_kind);
  if (run->record_kind != NULL)
    sqlite3_bind_int64 (stmt, 6, run->record_id);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_text (stmt, 7, outcomes[run->outcome], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, run->summary != NULL ? run->summary : "", -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 9, run->error);
  bind_text_or_null (stmt, 10, run->traceback);
  return joinery_db_step_done (db, stmt, error);
}

static char *
dup_column (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  return text != NULL ? g_strdup (text) : NULL;
}

GPtrArray *
joinery_db_list_workflow_runs (JoineryDb *db, const char *plugin_id, const char *workflow_id,
                               guint limit, GError **error)
{
  g_autoptr(GPtrArray) runs = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);

  stmt = joinery_db_prepare_static (db, SQL_LIST, error);
  if (stmt == NULL)
    return NULL;
  bind_text_or_null (stmt, 1, plugin_id);
  bind_text_or_null (stmt, 2, workflow_id);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) joinery_workflow_run_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JoineryWorkflowRun *run = g_new0 (JoineryWorkflowRun, 1);
      const char *outcome = (const char *) sqlite3_column_text (stmt, 7);

      run->id = sqlite3_column_int64 (stmt, 0);
      run->at = dup_column (stmt, 1);
      run->plugin_id = dup_column (stmt, 2);
      run->workflow_id = dup_column (stmt, 3);
      run->trigger = dup_column (stmt, 4);
      run->record_kind = dup_column (stmt, 5);
      run->record_id = sqlite3_column_int64 (stmt, 6);
      run->outcome = g_strcmp0 (outcome, "done") == 0 ? JOINERY_WORKFLOW_RUN_DONE :
                     g_strcmp0 (outcome, "skipped") == 0 ? JOINERY_WORKFLOW_RUN_SKIPPED :
                     JOINERY_WORKFLOW_RUN_FAILED;
      run->summary = dup_column (stmt, 8);
      run->error = dup_column (stmt, 9);
      run->traceback = dup_column (stmt, 10);
      g_ptr_array_add (runs, run);
    }
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (db, rc, error, "cannot read the workflow log");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&runs);
}
