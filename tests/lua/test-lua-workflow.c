/* test-lua-workflow.c: workflows and actions — their changes made through
 * the core in one change group: whole or not at all, audited, undone in
 * one step — and the triggers on record events.
 */
#include "lua-test-util.h"

#include <string.h>

/* tdb, the small network, and plugins, a folder beside it. */
typedef LuaTestFixture Fixture;

#define fixture_setup lua_test_fixture_setup
#define fixture_teardown lua_test_fixture_teardown

static JoineryPlugin *
load_workflow (Fixture *f, const char *id, const char *workflows, const char *main_lua)
{
  g_autofree char *folder = lua_test_plugin (f->plugins, id, "write", "", workflows, "", main_lua);
  JoineryPlugin *plugin = joinery_plugin_load (folder);

  if (joinery_plugin_get_status (plugin) != JOINERY_PLUGIN_OK)
    g_error ("plugin %s: %s", id, joinery_plugin_get_error (plugin)->message);
  return plugin;
}

/* Fails after two writes, in several ways: the database is exactly as it
 * was, audit trail and undo log included. */
static void
test_fails_halfway (Fixture *f, gconstpointer data)
{
  static const struct { const char *how; JoineryScriptError code; const char *message; } failures[] = {
    { "error('stop here')", JOINERY_SCRIPT_ERROR_RUNTIME, "main.lua:7: stop here" },
    { "local x = nil + 1", JOINERY_SCRIPT_ERROR_RUNTIME, "attempt to perform arithmetic" },
    { "while true do end", JOINERY_SCRIPT_ERROR_TIMEOUT, "ran out of time" },
    { "return ('a'):rep(40000):find(('a-'):rep(60) .. 'b')", JOINERY_SCRIPT_ERROR_TIMEOUT, "was stopped" },
    { "ctx:create_task { title = 'Bad', due = '2024-13-01' }", JOINERY_SCRIPT_ERROR_RUNTIME, "create_task:" },
    { "ctx:update(ctx:get('grant', 3), { status = 'awarded' })", JOINERY_SCRIPT_ERROR_RUNTIME, "update:" },
    { "ctx:update(ctx:get('grant', 3), { amount_requested = 12.5 })", JOINERY_SCRIPT_ERROR_RUNTIME, "money is given in whole pence" },
    { "ctx:update(ctx:get('grant', 3), { colour = 'red' })", JOINERY_SCRIPT_ERROR_RUNTIME, "has no field “colour”" },
  };
  g_autofree char *before = lua_test_digest (f->tdb->path);

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_autofree char *main_lua = g_strdup_printf (
        "return joinery.workflow { id = 'half', title = 'Half a job', on = 'demand',\n"
        "  run = function (ctx)\n"
        "    local g = ctx:get('grant', 1)\n"
        "    ctx:create_task { title = 'First', record = g }\n"
        "    ctx:update(g, { description = 'changed' })\n"
        "    ctx:add_tag(g, 'half')\n"
        "    %s\n"
        "  end }\n", failures[i].how);
      g_autofree char *id = g_strdup_printf ("half%u", i);
      g_autoptr(JoineryPlugin) plugin = load_workflow (f, id, "half", main_lua);
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      JoineryLuaLimits limits = { lua_test_budget (1000), 0, NULL };

      g_test_message ("%s", failures[i].how);
      g_assert_false (joinery_lua_run_workflow (f->tdb->db, plugin, "half", NULL, &limits, NULL, NULL, &error));
      g_assert_error (error, JOINERY_SCRIPT_ERROR, (int) failures[i].code);
      if (strstr (error->message, failures[i].message) == NULL)
        g_error ("%s: “%s” has no “%s”", failures[i].how, error->message, failures[i].message);
      after = lua_test_digest (f->tdb->path);
      g_assert_cmpstr (after, ==, before);
      g_assert_false (joinery_db_in_group (f->tdb->db));
      g_assert_cmpstr (joinery_db_get_source (f->tdb->db), ==, "test");
    }
  joinery_test_assert_check_clean (f->tdb->db);
}

/* A refused change caught by the plugin undoes only itself. */
static void
test_caught_refusal (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryPlugin) plugin = load_workflow (f, "careful", "careful",
    "return joinery.workflow { id = 'careful', title = 'Careful', on = 'demand',\n"
    "  run = function (ctx)\n"
    "    ctx:create_task { title = 'Kept' }\n"
    "    local ok, message = pcall(ctx.create_task, ctx, { title = 'Refused', due = 'never' })\n"
    "    print(ok, message:match('due_on') ~= nil)\n"
    "  end }\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *titles = NULL;

  g_assert_true (joinery_lua_run_workflow (f->tdb->db, plugin, "careful", NULL, NULL, NULL, &log, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log, ==, "false\ttrue\n");
  titles = lua_test_text (f->tdb->db, "SELECT group_concat(title) FROM tasks");
  g_assert_cmpstr (titles, ==, "Kept");
}

/* Success: every change made, audited as the plugin's, and undone in one step. */
static void
test_audited_and_undone (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryPlugin) plugin = load_workflow (f, "tidy", "tidy",
    "return joinery.workflow { id = 'tidy', title = 'Tidy up', on = 'demand',\n"
    "  run = function (ctx)\n"
    "    local g = ctx:get('grant', 3)\n"
    "    local t = ctx:create_task { title = 'Chase', due = joinery.date('2024-07-01'), record = g,\n"
    "                               assignee = ctx:get('person', 1), description = 'Ask again' }\n"
    "    print(t.kind, t.id, t.title, t.due_on, t.status, t.record.title, t.assignee.name, t.created_by)\n"
    "    local g2 = ctx:update(g, { status = 'under_review', amount_requested = 900000 })\n"
    "    print(g2.status, g2.amount_requested, g.status)\n"
    "    local n = ctx:add_note(g, 'Looked at it.')\n"
    "    local tag = ctx:add_tag(g, 'Review')\n"
    "    print(n.body, n.author, n.record_kind, n.record_id, tag.name)\n"
    "  end }\n");
  g_autofree char *records_before = lua_test_digest_records (f->tdb->path, TRUE);
  g_autofree char *records_after = NULL;
  g_autofree char *label = NULL;
  g_autofree char *group = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  g_assert_true (joinery_lua_run_workflow (f->tdb->db, plugin, "tidy", NULL, NULL, NULL, &log, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log, ==,
                   "task\t1\tChase\t2024-07-01\topen\tFalls pilot\tAnn Smith\tplugin:tidy\n"
                   "under_review\t900000\tsubmitted\n"
                   "Looked at it.\tTest tidy\tgrant\t3\treview\n");
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM audit WHERE source = 'plugin:tidy'"), ==, 4);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM audit WHERE source = 'plugin:tidy' AND kind = 'grant' AND action = 'update'"), ==, 1);
  group = lua_test_text (f->tdb->db, "SELECT label || '/' || source FROM change_groups ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (group, ==, "Workflow: Tidy up/plugin:tidy");
  g_assert_cmpstr (joinery_db_get_source (f->tdb->db), ==, "test");
  joinery_test_assert_check_clean (f->tdb->db);

  g_assert_true (joinery_db_undo (f->tdb->db, &label, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (label, ==, "Workflow: Tidy up");
  records_after = lua_test_digest_records (f->tdb->path, TRUE);
  g_assert_cmpstr (records_after, ==, records_before);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 0);
}

static void
test_not_allowed (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = lua_test_plugin (f->plugins, "reader", "read", "r", "", "",
    "return joinery.report { id = 'r', title = 'R', run = function (ctx) ctx:create_task { title = 'x' } end }\n");
  g_autoptr(JoineryPlugin) reader = joinery_plugin_load (folder);
  g_autoptr(JoineryPlugin) demand_only = load_workflow (f, "trig", "trig",
    "return joinery.workflow { id = 'trig', title = 'T', on = 'grant.created', run = function () end }\n");
  g_autoptr(JoineryPlugin) on_demand = load_workflow (f, "dem", "dem",
    "return joinery.workflow { id = 'dem', title = 'D', on = 'demand', run = function () end }\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;
  g_autoptr(JoineryReportOutput) output = NULL;
  g_autofree char *before = lua_test_digest (f->tdb->path);
  g_autofree char *after = NULL;

  output = joinery_lua_run_report (reader, "r", f->tdb->path, NULL, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_RUNTIME);
  g_assert_nonnull (strstr (error->message, "method 'create_task'"));

  g_assert_false (joinery_lua_run_workflow (f->tdb->db, demand_only, "trig", NULL, NULL, NULL, NULL, &error2));
  g_assert_error (error2, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_DENIED);
  g_assert_nonnull (strstr (error2->message, "runs on grant.created, not on demand"));

  g_assert_true (joinery_db_begin (f->tdb->db, "Outer", JOINERY_GROUP_DEFAULT, NULL));
  g_assert_false (joinery_lua_run_workflow (f->tdb->db, on_demand, "dem", NULL, NULL, NULL, NULL, &error3));
  g_assert_nonnull (strstr (error3->message, "cannot run inside another change"));
  joinery_db_rollback (f->tdb->db);
  after = lua_test_digest (f->tdb->path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_action (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = lua_test_plugin (f->plugins, "acts", "write", "", "", "note-it",
    "return joinery.action { id = 'note-it', title = 'Note it', kind = 'grant',\n"
    "  run = function (ctx, grant) ctx:add_note(grant, 'Seen: ' .. grant.title) end }\n");
  g_autoptr(JoineryPlugin) plugin = joinery_plugin_load (folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) wrong_kind = NULL;
  g_autoptr(GError) missing = NULL;
  g_autofree char *body = NULL;

  g_assert_cmpint (joinery_plugin_get_status (plugin), ==, JOINERY_PLUGIN_OK);
  g_assert_true (joinery_lua_run_action (f->tdb->db, plugin, "note-it", joinery_kind_lookup ("grant"), 2, NULL, NULL, &error));
  g_assert_no_error (error);
  body = lua_test_text (f->tdb->db, "SELECT body || '/' || record_kind || '/' || record_id FROM notes");
  g_assert_cmpstr (body, ==, "Seen: Carers' network/grant/2");

  g_assert_false (joinery_lua_run_action (f->tdb->db, plugin, "note-it", joinery_kind_lookup ("person"), 1, NULL, NULL, &wrong_kind));
  g_assert_error (wrong_kind, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_PARAMETER);
  g_assert_false (joinery_lua_run_action (f->tdb->db, plugin, "note-it", joinery_kind_lookup ("grant"), 99, NULL, NULL, &missing));
  g_assert_error (missing, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_NOT_FOUND);
}

/* Triggers */

typedef struct {
  GPtrArray *ran;     /* "workflow:skipped" */
  GPtrArray *failed;
} Seen;

static void
ran_cb (JoineryWorkflowHost *host, JoineryPlugin *plugin, const char *id, gboolean skipped, Seen *seen)
{
  g_ptr_array_add (seen->ran, g_strdup_printf ("%s%s", id, skipped ? " (skipped)" : ""));
}

static void
failed_cb (JoineryWorkflowHost *host, JoineryPlugin *plugin, const char *id, GError *error, Seen *seen)
{
  g_ptr_array_add (seen->failed, g_strdup_printf ("%s: %s", id, error->message));
}

static char *
take_seen (GPtrArray *list)
{
  g_ptr_array_add (list, NULL);
  char *joined = g_strjoinv (", ", (char **) list->pdata);
  g_ptr_array_set_size (list, 0);
  return joined;
}

static void
test_triggers (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryPluginRegistry) registry = joinery_plugin_registry_new ();
  g_autoptr(JoineryWorkflowHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) grant = NULL;
  g_autofree char *seen_text = NULL;
  g_autofree char *notes = NULL;
  Seen seen = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *folder = lua_test_plugin (f->plugins, "watch", "write", "",
    "on-created;on-changed;on-deleted;on-status;on-task;picky;broken", "",
    "local function note (ctx, what, g, old)\n"
    "  ctx:create_task { title = ('%s %s (was %s)'):format(what, g.title, old and old.status or '-') }\n"
    "end\n"
    "joinery.workflow { id = 'on-created', title = 'C', on = 'grant.created', run = function (ctx, g, old) note(ctx, 'created', g, old) end }\n"
    "joinery.workflow { id = 'on-changed', title = 'U', on = 'grant.changed', run = function (ctx, g, old) note(ctx, 'changed', g, old) end }\n"
    "joinery.workflow { id = 'on-deleted', title = 'D', on = 'grant.deleted', run = function (ctx, g, old) note(ctx, 'deleted', g, old) end }\n"
    "joinery.workflow { id = 'on-status', title = 'S', on = { 'grant.status', 'project.status' },\n"
    "  run = function (ctx, r, old) local field = r.kind == 'project' and 'stage' or 'status'\n"
    "    ctx:create_task { title = ('status %s -> %s'):format(old[field], r[field]) } end }\n"
    "joinery.workflow { id = 'on-task', title = 'T', on = 'task.created', run = function (ctx, t) ctx:create_task { title = 'loop' } end }\n"
    "joinery.workflow { id = 'picky', title = 'P', on = 'grant.changed', when = function (g, old) return g.title == 'Picked' end,\n"
    "  run = function (ctx, g) ctx:add_tag(g, 'picked') end }\n"
    "joinery.workflow { id = 'broken', title = 'B', on = 'grant.deleted', run = function (ctx) ctx:create_task { title = 'half' } error('no') end }\n");

  joinery_plugin_registry_add_folder (registry, f->plugins);
  joinery_plugin_registry_load (registry);
  lua_test_enable_workflows (f->tdb->db, registry);
  host = joinery_workflow_host_new (f->tdb->db, registry, NULL);
  g_signal_connect (host, "workflow-ran", G_CALLBACK (ran_cb), &seen);
  g_signal_connect (host, "workflow-failed", G_CALLBACK (failed_cb), &seen);

  /* created */
  joinery_test_create (f->tdb->db, "grant", "round", "1", "title", "New idea", "applicant", "1", NULL);
  seen_text = take_seen (seen.ran);
  g_assert_cmpstr (seen_text, ==, "on-created");
  g_clear_pointer (&seen_text, g_free);

  /* changed, not its status */
  grant = joinery_db_get (f->tdb->db, joinery_kind_lookup ("grant"), 4, &error);
  joinery_record_set_text (grant, "title", "Picked");
  g_assert_true (joinery_db_update (f->tdb->db, grant, &error));
  seen_text = take_seen (seen.ran);
  g_assert_cmpstr (seen_text, ==, "on-changed, picky");
  g_clear_pointer (&seen_text, g_free);

  /* its status: changed and status */
  joinery_record_set_text (grant, "status", "submitted");
  joinery_record_set_text (grant, "title", "Not picked");
  g_assert_true (joinery_db_update (f->tdb->db, grant, &error));
  seen_text = take_seen (seen.ran);
  g_assert_cmpstr (seen_text, ==, "on-changed, on-status, picky (skipped)");
  g_clear_pointer (&seen_text, g_free);

  /* a project's stage */
  {
    g_autoptr(JoineryRecord) project = joinery_db_get (f->tdb->db, joinery_kind_lookup ("project"), 1, &error);
    joinery_record_set_text (project, "stage", "pilot");
    g_assert_true (joinery_db_update (f->tdb->db, project, &error));
    seen_text = take_seen (seen.ran);
    g_assert_cmpstr (seen_text, ==, "on-status");
    g_clear_pointer (&seen_text, g_free);
  }

  /* deleted: one runs, one fails and leaves nothing */
  g_assert_true (joinery_db_delete (f->tdb->db, joinery_kind_lookup ("grant"), 4, &error));
  g_assert_no_error (error);
  seen_text = take_seen (seen.ran);
  g_assert_cmpstr (seen_text, ==, "on-deleted");
  g_clear_pointer (&seen_text, g_free);
  seen_text = take_seen (seen.failed);
  g_assert_nonnull (strstr (seen_text, "broken: plugin “watch”: main.lua:"));
  g_clear_pointer (&seen_text, g_free);

  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks WHERE title = 'deleted Not picked (was submitted)'"), ==, 1);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks WHERE title = 'half'"), ==, 0);

  /* Undo takes back the workflow's step first, and sets nothing off. */
  {
    g_autofree char *label = NULL;
    g_assert_true (joinery_db_undo (f->tdb->db, &label, &error));
    g_assert_cmpstr (label, ==, "Workflow: D");
  }
  g_assert_cmpuint (seen.ran->len + seen.failed->len, ==, 0);

  notes = lua_test_text (f->tdb->db, "SELECT group_concat(title, '|') FROM (SELECT title FROM tasks ORDER BY id)");
  g_assert_cmpstr (notes, ==, "created New idea (was -)|changed Picked (was draft)|changed Not picked (was draft)|"
                              "status draft -> submitted|status idea -> pilot");
  /* The tag went with the grant it was on; the audit trail remembers it. */
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM audit WHERE kind = 'tag' AND action = 'create' AND source = 'plugin:watch'"), ==, 1);
  joinery_test_assert_check_clean (f->tdb->db);
  g_ptr_array_unref (seen.ran);
  g_ptr_array_unref (seen.failed);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lua/workflow/fails-halfway", test_fails_halfway);
  ADD ("/lua/workflow/caught-refusal", test_caught_refusal);
  ADD ("/lua/workflow/audited-and-undone", test_audited_and_undone);
  ADD ("/lua/workflow/not-allowed", test_not_allowed);
  ADD ("/lua/workflow/action", test_action);
  ADD ("/lua/workflow/triggers", test_triggers);
  return g_test_run ();
}
