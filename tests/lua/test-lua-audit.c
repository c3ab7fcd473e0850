/* test-lua-audit.c: plugins and the audit trail. A report or a script
 * cannot change the trail (the SQL authorizer lets plugins only read); a
 * workflow cannot reach it either, its changes go through the core and
 * carry the plugin's name as their source; and the function an erasure
 * uses to scrub the trail grants a plugin nothing.
 */
#include "lua-test-util.h"
#include "joinery-person-data.h"

#include <string.h>

/* tdb, the small network, and plugins, a folder beside it. */
typedef LuaTestFixture Fixture;

#define fixture_setup lua_test_fixture_setup
#define fixture_teardown lua_test_fixture_teardown

static char *
audit_digest (JoineryDb *db)
{
  return lua_test_text (db, "SELECT count(*) || ':' || group_concat(id || action || source || "
                            "coalesce(before, '') || coalesce(after, ''), '|') FROM audit");
}

static const char * const tampering[] = {
  "ctx:value('UPDATE audit SET after = NULL')",
  "ctx:value('DELETE FROM audit')",
  "ctx:value(\"INSERT INTO audit (at, kind, record_id, action, source) VALUES ('x', 'person', 1, 'create', 'me')\")",
  "ctx:value('DROP TRIGGER audit_no_update')",
  "ctx:value('UPDATE audit SET before = NULL WHERE joinery_audit_scrub_allowed() = 0')",
};

static void
test_report_cannot_touch (Fixture *f, gconstpointer data)
{
  g_autofree char *before = audit_digest (f->tdb->db);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tampering); i++)
    {
      g_autoptr(JoineryReportOutput) output = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", tampering[i]);
      output = lua_test_script (f->tdb, tampering[i], 5000, &error);
      g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_RUNTIME);
      if (strstr (error->message, "plugins may only read") == NULL)
        g_error ("%s: “%s”", tampering[i], error->message);
    }
  /* Reading it is allowed, and the scrub switch reads no. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JoineryReportOutput) output =
      lua_test_script (f->tdb, "print(ctx:value('SELECT count(*) FROM audit') > 0)", 5000, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (joinery_report_output_get_log (output), ==, "true\n");
  }
  after = audit_digest (f->tdb->db);
  g_assert_cmpstr (after, ==, before);
}

static void
test_workflow_cannot_touch (Fixture *f, gconstpointer data)
{
  g_autofree char *before = audit_digest (f->tdb->db);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tampering); i++)
    {
      g_autofree char *main_lua = g_strdup_printf (
        "return joinery.workflow { id = 'sly', title = 'Sly', on = 'demand',\n"
        "  run = function (ctx)\n"
        "    ctx:create_task { title = 'Cover' }\n"
        "    %s\n"
        "  end }\n", tampering[i]);
      g_autofree char *id = g_strdup_printf ("sly%u", i);
      g_autofree char *folder = lua_test_plugin (f->plugins, id, "write", "", "sly", "", main_lua);
      g_autoptr(JoineryPlugin) plugin = joinery_plugin_load (folder);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (joinery_plugin_get_status (plugin), ==, JOINERY_PLUGIN_OK);
      g_assert_false (joinery_lua_run_workflow (f->tdb->db, plugin, "sly", NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_RUNTIME);
      if (strstr (error->message, "plugins may only read") == NULL)
        g_error ("%s: “%s”", tampering[i], error->message);
    }
  /* Not even the task it made first is kept. */
  after = audit_digest (f->tdb->db);
  g_assert_cmpstr (after, ==, before);
}

/* A workflow's changes carry its plugin's name, also when it runs on an
 * event, and show so in the trail read back for people. */
static void
test_workflow_source (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = lua_test_plugin (f->plugins, "chaser", "write", "", "chase", "",
    "return joinery.workflow { id = 'chase', title = 'Chase', on = 'demand',\n"
    "  run = function (ctx)\n"
    "    local p = ctx:get('person', 1)\n"
    "    ctx:update(p, { job_title = 'Chased' })\n"
    "  end }\n");
  g_autoptr(JoineryPlugin) plugin = joinery_plugin_load (folder);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  JoineryAuditEntry *last;

  g_assert_true (joinery_lua_run_workflow (f->tdb->db, plugin, "chase", NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  entries = joinery_db_audit_list (f->tdb->db, joinery_kind_lookup ("person"), 1, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  last = entries->pdata[0];
  g_assert_cmpstr (last->action, ==, "update");
  g_assert_cmpstr (last->source, ==, "plugin:chaser");
  g_assert_cmpstr (((JoineryAuditField *) last->fields->pdata[0])->field, ==, "job_title");
  g_assert_cmpstr (((JoineryAuditField *) last->fields->pdata[0])->after, ==, "Chased");
  /* The core's own changes are back to the core's source. */
  g_assert_cmpstr (joinery_db_get_source (f->tdb->db), ==, "test");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/lua/audit/report-cannot-touch", Fixture, NULL, fixture_setup, test_report_cannot_touch, fixture_teardown);
  g_test_add ("/lua/audit/workflow-cannot-touch", Fixture, NULL, fixture_setup, test_workflow_cannot_touch, fixture_teardown);
  g_test_add ("/lua/audit/workflow-source", Fixture, NULL, fixture_setup, test_workflow_source, fixture_teardown);

  return g_test_run ();
}
