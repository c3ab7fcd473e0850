/* test-core-workflow-state.c: workflow switches and the run log, per
 * database (migration 0004). */
#include "joinery-test-util.h"
#include "joinery-workflow-state.h"

static void
test_switches (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryTestDb) other = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;

  /* Off until switched on, and only in the database it was switched in. */
  g_assert_false (joinery_db_has_enabled_workflows (tdb->db));
  g_assert_false (joinery_db_workflow_is_enabled (tdb->db, "grant-monitoring", "grant-monitoring", &error));
  g_assert_no_error (error);
  g_assert_true (joinery_db_set_workflow_enabled (tdb->db, "grant-monitoring", "grant-monitoring", TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_db_workflow_is_enabled (tdb->db, "grant-monitoring", "grant-monitoring", NULL));
  g_assert_false (joinery_db_workflow_is_enabled (tdb->db, "other-plugin", "grant-monitoring", NULL));
  g_assert_true (joinery_db_has_enabled_workflows (tdb->db));
  g_assert_false (joinery_db_has_enabled_workflows (other->db));

  /* Remembered when the file is opened again. */
  g_clear_object (&tdb->db);
  tdb->db = joinery_db_open (tdb->path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (joinery_db_workflow_is_enabled (tdb->db, "grant-monitoring", "grant-monitoring", NULL));

  g_assert_true (joinery_db_set_workflow_enabled (tdb->db, "grant-monitoring", "grant-monitoring", FALSE, &error));
  g_assert_false (joinery_db_workflow_is_enabled (tdb->db, "grant-monitoring", "grant-monitoring", NULL));
  g_assert_false (joinery_db_has_enabled_workflows (tdb->db));
}

static void
test_log (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) one = NULL;
  JoineryWorkflowRun done = { 0 }, failed = { 0 }, other = { 0 };
  JoineryWorkflowRun *run;

  done.at = "2024-05-01T10:00:00Z";
  done.plugin_id = "grant-monitoring";
  done.workflow_id = "grant-monitoring";
  done.trigger = "grant.status";
  done.record_kind = "grant";
  done.record_id = 12;
  done.outcome = JOINERY_WORKFLOW_RUN_DONE;
  done.summary = "Created 3 tasks";
  g_assert_true (joinery_db_log_workflow_run (tdb->db, &done, &error));
  g_assert_no_error (error);

  failed = done;
  failed.at = NULL;
  failed.outcome = JOINERY_WORKFLOW_RUN_FAILED;
  failed.summary = NULL;
  failed.error = "main.lua:3: boom";
  failed.traceback = "stack traceback:\n\tmain.lua:3: in function 'run'";
  g_assert_true (joinery_db_log_workflow_run (tdb->db, &failed, &error));

  other.plugin_id = "stage-review";
  other.workflow_id = "stage-review";
  other.trigger = "demand";
  other.outcome = JOINERY_WORKFLOW_RUN_SKIPPED;
  g_assert_true (joinery_db_log_workflow_run (tdb->db, &other, &error));

  /* Newest first; by workflow; with a limit. */
  runs = joinery_db_list_workflow_runs (tdb->db, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 3);
  run = runs->pdata[0];
  g_assert_cmpstr (run->workflow_id, ==, "stage-review");
  g_assert_null (run->record_kind);
  g_assert_cmpint (run->outcome, ==, JOINERY_WORKFLOW_RUN_SKIPPED);
  g_assert_cmpstr (run->summary, ==, "");

  one = joinery_db_list_workflow_runs (tdb->db, "grant-monitoring", "grant-monitoring", 1, &error);
  g_assert_cmpuint (one->len, ==, 1);
  run = one->pdata[0];
  g_assert_cmpint (run->outcome, ==, JOINERY_WORKFLOW_RUN_FAILED);
  g_assert_cmpstr (run->error, ==, "main.lua:3: boom");
  g_assert_cmpstr (run->traceback, ==, "stack traceback:\n\tmain.lua:3: in function 'run'");
  g_assert_cmpstr (run->record_kind, ==, "grant");
  g_assert_cmpint (run->record_id, ==, 12);
  g_assert_nonnull (run->at);
  g_clear_pointer (&one, g_ptr_array_unref);

  one = joinery_db_list_workflow_runs (tdb->db, "grant-monitoring", NULL, 0, &error);
  g_assert_cmpuint (one->len, ==, 2);
  run = one->pdata[1];
  g_assert_cmpstr (run->at, ==, "2024-05-01T10:00:00Z");
  g_assert_cmpstr (run->trigger, ==, "grant.status");
  g_assert_cmpstr (run->summary, ==, "Created 3 tasks");
  g_assert_cmpstr (joinery_workflow_outcome_to_string (run->outcome), ==, "done");

  /* The log is no change of records: nothing to undo, the check is clean. */
  {
    g_autofree char *undo = joinery_db_dup_undo_label (tdb->db);
    g_assert_null (undo);
  }
  joinery_test_assert_check_clean (tdb->db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/workflow-state/switches", test_switches);
  g_test_add_func ("/core/workflow-state/log", test_log);
  return g_test_run ();
}
