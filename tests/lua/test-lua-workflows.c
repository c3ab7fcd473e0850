/* test-lua-workflows.c: workflows as a user meets them — switched on per
 * database and logged; plugins that write run only once approved, the
 * approval pinned to their files; the bundled event follow-up and stage
 * review workflows on known figures; and the command line's add, set and
 * delete firing the workflows switched on.
 */
#include "lua-test-util.h"
#include "joinery-workflow-state.h"

#include <string.h>

typedef LuaTestFixture Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  lua_test_isolate_config ();
  g_setenv ("JOINERY_TODAY", "2025-06-01", TRUE);
  lua_test_fixture_setup (f, data);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_unsetenv ("JOINERY_TODAY");
  lua_test_fixture_teardown (f, data);
}

static JoineryPluginRegistry *
registry_of (const char *folder)
{
  JoineryPluginRegistry *registry = joinery_plugin_registry_new ();

  joinery_plugin_registry_add_folder (registry, folder);
  joinery_plugin_registry_load (registry);
  return registry;
}

static JoineryPluginRegistry *
bundled_registry (void)
{
  g_autofree char *bundled = joinery_plugins_bundled_folder ();
  return registry_of (bundled);
}

#define TASKER_LUA \
  "joinery.workflow { id = 'make-task', title = 'Make a task', on = { 'demand', 'grant.changed' },\n" \
  "  run = function (ctx) ctx:create_task { title = 'Made by a plugin' } end }\n"

/* Trust */

static void
test_trust_pinned (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = lua_test_plugin (f->plugins, "tasker", "write", "", "make-task", "", TASKER_LUA);
  g_autoptr(JoineryPluginRegistry) registry = registry_of (f->plugins);
  JoineryPlugin *plugin = joinery_plugin_registry_find_plugin (registry, "tasker");
  g_autofree char *hash = joinery_plugin_compute_hash (folder, NULL);
  g_autofree char *changed_hash = NULL;
  g_autofree char *main_lua = g_build_filename (folder, "main.lua", NULL);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  /* lua_test_plugin approved it as written: it runs. */
  g_assert_cmpuint (strlen (hash), ==, 64);
  g_assert_cmpint (joinery_plugin_get_trust (plugin), ==, JOINERY_PLUGIN_TRUST_APPROVED);
  g_assert_true (joinery_lua_run_workflow (f->tdb->db, plugin, "make-task", NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 1);

  /* One byte changed (a space at the end): refused, saying why and how to approve. */
  g_assert_true (g_file_get_contents (main_lua, &code, NULL, NULL));
  g_free (lua_test_write (folder, "main.lua", code));
  {
    g_autofree char *more = g_strconcat (code, " ", NULL);
    g_free (lua_test_write (folder, "main.lua", more));
  }
  changed_hash = joinery_plugin_compute_hash (folder, NULL);
  g_assert_cmpstr (changed_hash, !=, hash);
  g_assert_cmpint (joinery_plugin_get_trust (plugin), ==, JOINERY_PLUGIN_TRUST_CHANGED);
  g_assert_false (joinery_lua_run_workflow (f->tdb->db, plugin, "make-task", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_NOT_APPROVED);
  g_assert_cmpstr (error->message, ==, "plugin “tasker” has changed since you approved it; it will not run until "
                                       "you approve it again (joinery plugin approve tasker)");
  g_clear_error (&error);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 1);

  /* Approved again as it is now: it runs. */
  g_assert_true (joinery_plugin_approve (plugin, &error));
  g_assert_cmpint (joinery_plugin_get_trust (plugin), ==, JOINERY_PLUGIN_TRUST_APPROVED);
  g_assert_true (joinery_lua_run_workflow (f->tdb->db, plugin, "make-task", NULL, NULL, NULL, NULL, &error));
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 2);

  /* A new Lua file beside it counts as a change too. */
  g_free (lua_test_write (folder, "lib/extra.lua", "return {}\n"));
  g_assert_cmpint (joinery_plugin_get_trust (plugin), ==, JOINERY_PLUGIN_TRUST_CHANGED);
}

static void
test_trust_unapproved (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = lua_test_plugin (f->plugins, "tasker", "write", "", "make-task", "", TASKER_LUA);
  g_autoptr(JoineryPluginRegistry) registry = registry_of (f->plugins);
  g_autoptr(JoineryPluginRegistry) bundled = bundled_registry ();
  JoineryPlugin *plugin = joinery_plugin_registry_find_plugin (registry, "tasker");
  g_autoptr(JoineryWorkflowHost) host = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JoineryWorkflowRun *run;

  g_assert_true (joinery_plugin_revoke (plugin, &error));
  g_assert_cmpint (joinery_plugin_get_trust (plugin), ==, JOINERY_PLUGIN_TRUST_UNAPPROVED);
  g_assert_false (joinery_plugin_trust_allows (JOINERY_PLUGIN_TRUST_UNAPPROVED));
  before = lua_test_digest_records (f->tdb->path, TRUE);

  /* Not on demand… */
  g_assert_false (joinery_lua_run_workflow (f->tdb->db, plugin, "make-task", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_NOT_APPROVED);
  g_assert_cmpstr (error->message, ==, "plugin “tasker” asks to change data and you have not approved it; "
                                       "it will not run until you do (joinery plugin approve tasker)");
  g_clear_error (&error);

  /* …nor when switched on in the database behind the window's back: the
   * host refuses it and logs why. */
  lua_test_enable_workflows (f->tdb->db, registry);
  host = joinery_workflow_host_new (f->tdb->db, registry, NULL);
  joinery_test_create (f->tdb->db, "organisation", "name", "Wakefield Council", "kind", "council", NULL);
  {
    g_autoptr(JoineryRecord) grant = joinery_db_get (f->tdb->db, joinery_kind_lookup ("grant"), 1, NULL);
    joinery_record_set_text (grant, "title", "Renamed");
    g_assert_true (joinery_db_update (f->tdb->db, grant, &error));
  }
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 0);
  runs = joinery_db_list_workflow_runs (f->tdb->db, "tasker", "make-task", 0, &error);
  g_assert_cmpuint (runs->len, ==, 1);
  run = runs->pdata[0];
  g_assert_cmpint (run->outcome, ==, JOINERY_WORKFLOW_RUN_FAILED);
  g_assert_cmpstr (run->record_kind, ==, "grant");
  g_assert_cmpint (run->record_id, ==, 1);
  g_assert_nonnull (strstr (run->error, "you have not approved it"));

  /* Read-only and bundled plugins need no approval. */
  g_assert_cmpint (joinery_plugin_get_trust (joinery_plugin_registry_find_plugin (bundled, "grant-monitoring")), ==,
                   JOINERY_PLUGIN_TRUST_BUNDLED);
  g_assert_cmpint (joinery_plugin_get_trust (joinery_plugin_registry_find_plugin (bundled, "fund-summary")), ==,
                   JOINERY_PLUGIN_TRUST_READ_ONLY);

  /* What changed is the organisation and the grant's title, nothing more. */
  after = lua_test_digest_records (f->tdb->path, TRUE);
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM audit WHERE source LIKE 'plugin:%'"), ==, 0);
}

/* The log of the host */

static void
test_log_failure (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = lua_test_plugin (f->plugins, "flaky", "write", "", "half-done", "",
    "joinery.workflow { id = 'half-done', title = 'Half done', on = 'grant.status',\n"
    "  run = function (ctx, grant)\n"
    "    ctx:create_task { title = 'First', record = grant }\n"
    "    error('went wrong after the first task')\n"
    "  end }\n");
  g_autoptr(JoineryPluginRegistry) registry = registry_of (f->plugins);
  g_autoptr(JoineryWorkflowHost) host = joinery_workflow_host_new (f->tdb->db, registry, NULL);
  g_autoptr(JoineryRecord) grant = joinery_db_get (f->tdb->db, joinery_kind_lookup ("grant"), 3, NULL);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  JoineryWorkflowRun *run;

  /* Off: nothing runs, nothing is logged. */
  joinery_record_set_text (grant, "status", "submitted");
  g_assert_true (joinery_db_update (f->tdb->db, grant, &error));
  runs = joinery_db_list_workflow_runs (f->tdb->db, NULL, NULL, 0, &error);
  g_assert_cmpuint (runs->len, ==, 0);
  g_clear_pointer (&runs, g_ptr_array_unref);

  g_assert_true (joinery_db_set_workflow_enabled (f->tdb->db, "flaky", "half-done", TRUE, &error));
  joinery_record_set_text (grant, "status", "under_review");
  g_assert_true (joinery_db_update (f->tdb->db, grant, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 0);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM grants WHERE id = 3 AND status = 'under_review'"), ==, 1);
  runs = joinery_db_list_workflow_runs (f->tdb->db, NULL, NULL, 0, &error);
  g_assert_cmpuint (runs->len, ==, 1);
  run = runs->pdata[0];
  g_assert_cmpint (run->outcome, ==, JOINERY_WORKFLOW_RUN_FAILED);
  g_assert_cmpstr (run->trigger, ==, "grant.status");
  g_assert_cmpstr (run->record_kind, ==, "grant");
  g_assert_cmpint (run->record_id, ==, 3);
  g_assert_nonnull (strstr (run->error, "main.lua:4: went wrong after the first task"));
  g_assert_nonnull (run->traceback);
  g_assert_nonnull (strstr (run->traceback, "main.lua:4"));
  g_assert_cmpstr (run->summary, ==, "");
}

/* Bundled workflows */

static void
fill_events (JoineryDb *db)
{
  /* 1: over, two speakers, two attended, one no-show; 2: over on one day,
   * no bookings; 3: still to come. */
  joinery_test_create (db, "event", "name", "Spring Showcase", "starts_on", "2025-03-10", "ends_on", "2025-03-11", NULL);
  joinery_test_create (db, "event", "name", "Carers' lunch", "starts_on", "2025-05-31", NULL);
  joinery_test_create (db, "event", "name", "Autumn Conference", "starts_on", "2025-06-01", "ends_on", "2025-06-02", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "1", "role", "speaker", "status", "attended", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "2", "role", "facilitator", "status", "attended", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "3", "status", "no_show", NULL);
  joinery_test_create (db, "attendance", "event", "3", "person", "1", "role", "speaker", NULL);
}

static char *
task_titles (JoineryDb *db)
{
  return lua_test_text (db, "SELECT group_concat(title || ' [' || record_kind || ' ' || record_id || ' due ' || due_on || ']', '; ') "
                            "FROM (SELECT * FROM tasks ORDER BY id)");
}

static void
test_event_follow_up (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryPluginRegistry) registry = bundled_registry ();
  g_autoptr(JoineryWorkflowHost) host = joinery_workflow_host_new (f->tdb->db, registry, NULL);
  JoineryPlugin *plugin = joinery_plugin_registry_find_plugin (registry, "event-follow-up");
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *titles = NULL;
  g_autofree char *description = NULL;

  fill_events (f->tdb->db);
  g_assert_nonnull (plugin);
  g_assert_cmpint (joinery_plugin_get_status (plugin), ==, JOINERY_PLUGIN_OK);

  /* Off: opening does nothing. */
  g_assert_cmpuint (joinery_workflow_host_run_open (host), ==, 0);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 0);

  /* On: opening follows up the two events that are over. */
  g_assert_true (joinery_db_set_workflow_enabled (f->tdb->db, "event-follow-up", "event-follow-up", TRUE, &error));
  g_assert_cmpuint (joinery_workflow_host_run_open (host), ==, 1);
  titles = task_titles (f->tdb->db);
  g_assert_cmpstr (titles, ==,
                   "Thank Ann Smith for speaking at Spring Showcase [event 1 due 2025-06-08]; "
                   "Thank Bob Jones for speaking at Spring Showcase [event 1 due 2025-06-08]; "
                   "Send the material of Spring Showcase to its attendees [event 1 due 2025-06-08]; "
                   "Send the material of Carers' lunch to its attendees [event 2 due 2025-06-08]");
  description = lua_test_text (f->tdb->db, "SELECT description FROM tasks WHERE id = 3");
  g_assert_cmpstr (description, ==, "2 attended: Ann Smith, Bob Jones.");
  runs = joinery_db_list_workflow_runs (f->tdb->db, "event-follow-up", "event-follow-up", 0, &error);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (((JoineryWorkflowRun *) runs->pdata[0])->trigger, ==, "open");
  g_assert_cmpstr (((JoineryWorkflowRun *) runs->pdata[0])->summary, ==, "Created 4 tasks, 2 tags");
  g_clear_pointer (&runs, g_ptr_array_unref);

  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tags WHERE record_kind = 'event' AND name = 'followed-up'"), ==, 2);

  /* A second run, on demand: no duplicates, even with a task deleted. */
  g_assert_true (joinery_db_delete (f->tdb->db, joinery_kind_lookup ("task"), 4, &error));
  g_assert_true (joinery_workflow_host_run_now (host, plugin, "event-follow-up", &error));
  g_assert_no_error (error);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 3);

  /* Later, the autumn conference is over too. */
  g_setenv ("JOINERY_TODAY", "2025-06-03", TRUE);
  g_assert_true (joinery_workflow_host_run_now (host, plugin, "event-follow-up", &error));
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks WHERE record_id = 3"), ==, 2);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 5);
  runs = joinery_db_list_workflow_runs (f->tdb->db, "event-follow-up", NULL, 0, &error);
  g_assert_cmpuint (runs->len, ==, 3);
  g_assert_cmpstr (((JoineryWorkflowRun *) runs->pdata[0])->summary, ==, "Created 2 tasks, 1 tag");
  g_assert_cmpstr (((JoineryWorkflowRun *) runs->pdata[1])->summary, ==, "");
}

static void
test_stage_review (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryPluginRegistry) registry = bundled_registry ();
  g_autoptr(JoineryWorkflowHost) host = joinery_workflow_host_new (f->tdb->db, registry, NULL);
  JoineryPlugin *plugin = joinery_plugin_registry_find_plugin (registry, "stage-review");
  g_autoptr(GError) error = NULL;
  g_autofree char *titles = NULL;
  g_autofree char *description = NULL;

  /* 2: in pilot since 2024-03-01 (15 months); 3: since 2024-09-01 (9);
   * 4: established long ago. */
  joinery_test_create (f->tdb->db, "project", "name", "Virtual wards", "stage", "pilot", "stage_since", "2024-03-01", NULL);
  joinery_test_create (f->tdb->db, "project", "name", "Falls response", "stage", "pilot", "stage_since", "2024-09-01", NULL);
  joinery_test_create (f->tdb->db, "project", "name", "Care navigators", "stage", "established", "stage_since", "2020-01-01", NULL);

  g_assert_nonnull (plugin);
  g_assert_true (joinery_db_set_workflow_enabled (f->tdb->db, "stage-review", "stage-review", TRUE, &error));
  g_assert_cmpuint (joinery_workflow_host_run_open (host), ==, 1);
  titles = task_titles (f->tdb->db);
  g_assert_cmpstr (titles, ==,
                   "Review the pilot of Virtual wards [project 2 due 2025-06-15]");
  description = lua_test_text (f->tdb->db, "SELECT description FROM tasks WHERE record_id = 2");
  g_assert_cmpstr (description, ==, "In pilot since 2024-03-01 (15 months): establish it, scale it or close it?");

  /* Again, on demand: no duplicates. */
  g_assert_true (joinery_workflow_host_run_now (host, plugin, "stage-review", &error));
  g_assert_no_error (error);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 1);

  /* Three months on, the falls pilot is due its review too. */
  g_setenv ("JOINERY_TODAY", "2025-09-02", TRUE);
  g_assert_true (joinery_workflow_host_run_now (host, plugin, "stage-review", &error));
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 2);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks WHERE record_id = 3 AND record_kind = 'project'"), ==, 1);
}

/* The command line */

static void
test_cli_fires (Fixture *f, gconstpointer data)
{
  g_autofree char *tasker = lua_test_plugin (f->plugins, "tasker", "write", "", "make-task", "", TASKER_LUA);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "JOINERY_DB", f->tdb->path, TRUE);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->tdb->db);

  /* Off: a change to a grant makes no task. */
  g_assert_cmpint (joinery_test_run_joinery (f->tdb->dir, env, (const char *[]) { "set", "grant", "3", "status=submitted", NULL },
                                             NULL, NULL), ==, 0);
  f->tdb->db = joinery_db_open (f->tdb->path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks"), ==, 0);
  g_clear_object (&f->tdb->db);

  /* Switched on from the command line; an award makes its three tasks. */
  g_assert_cmpint (joinery_test_run_joinery (f->tdb->dir, env, (const char *[]) { "workflow", "on", "grant-monitoring", NULL },
                                             &out, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Workflow “grant-monitoring” is on in "));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (joinery_test_run_joinery (f->tdb->dir, env,
                                             (const char *[]) { "set", "grant", "3", "status=awarded", "awarded_on=2024-02-29",
                                                                "amount_awarded=7000", NULL },
                                             &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "joinery: workflow “grant-monitoring” ran: Created 3 tasks, 1 tag, 1 note\n");
  f->tdb->db = joinery_db_open (f->tdb->path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_cmpint (lua_test_count (f->tdb->db, "SELECT count(*) FROM tasks WHERE record_kind = 'grant' AND record_id = 3 "
                                   "AND created_by = 'plugin:grant-monitoring'"), ==, 3);
  g_clear_object (&f->tdb->db);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The log says so. */
  g_assert_cmpint (joinery_test_run_joinery (f->tdb->dir, env, (const char *[]) { "workflow", "log", NULL }, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "grant-monitoring  grant #3 (grant.status)  done     Created 3 tasks, 1 tag, 1 note"));
  g_clear_pointer (&out, g_free);

  /* An unapproved plugin cannot be switched on, and `workflow run` names the command to approve it. */
  g_free (lua_test_write (tasker, "main.lua", TASKER_LUA "-- changed\n"));
  g_assert_cmpint (joinery_test_run_joinery (f->tdb->dir, env, (const char *[]) { "workflow", "on", "make-task", "--plugins", f->plugins, NULL },
                                             NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "has changed since you approved it"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (joinery_test_run_joinery (f->tdb->dir, env, (const char *[]) { "workflow", "run", "make-task", "--plugins", f->plugins, NULL },
                                             NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "(joinery plugin approve tasker)"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (joinery_test_run_joinery (f->tdb->dir, env, (const char *[]) { "plugin", "approve", "tasker", "--plugins", f->plugins, NULL },
                                             &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "asks to: read and change data (write)"));
  g_assert_nonnull (strstr (out, "Approved “tasker” as it is now"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (joinery_test_run_joinery (f->tdb->dir, env, (const char *[]) { "workflow", "run", "make-task", "--plugins", f->plugins, NULL },
                                             &out, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Done: 1 change (undo with “joinery undo”).\n");
  f->tdb->db = joinery_db_open (f->tdb->path, JOINERY_DB_OPEN_DEFAULT, &error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lua/workflows/trust/pinned-to-hash", test_trust_pinned);
  ADD ("/lua/workflows/trust/unapproved-never-runs", test_trust_unapproved);
  ADD ("/lua/workflows/log/failure", test_log_failure);
  ADD ("/lua/workflows/bundled/event-follow-up", test_event_follow_up);
  ADD ("/lua/workflows/bundled/stage-review", test_stage_review);
  ADD ("/lua/workflows/cli/fires", test_cli_fires);
  return g_test_run ();
}
