/* test-lua-cli.c: the plugins, report, workflow and lua commands, driven as
 * a user drives them: the real program ($JOINERY_BIN), a temporary folder
 * of its own, XDG_DATA_HOME inside it.
 */
#include "lua-test-util.h"

#include <string.h>

#include <json-glib/json-glib.h>

typedef struct {
  JoineryTestDb  *tdb;
  JoineryTestCli  cli;  /* in tdb's folder, on its file */
  char           *plugins;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->tdb = joinery_test_db_new ();
  lua_test_fill (f->tdb->db);
  f->plugins = g_build_filename (f->tdb->dir, "plugins", NULL);
  lua_test_isolate_config ();
  joinery_test_cli_init (&f->cli, f->tdb->dir, f->tdb->path);
  g_free (lua_test_plugin (f->plugins, "people", "read", "people", "", "",
    "joinery.report { id = 'people', title = 'People',\n"
    "  params = { { name = 'org', type = 'record', kind = 'organisation' }, { name = 'from', type = 'date' } },\n"
    "  run = function (ctx, p)\n"
    "    local t = ctx:table { columns = { 'Name', { 'Id', 'integer' } } }\n"
    "    for id, name in ctx:query('SELECT id, name FROM people WHERE ?1 IS NULL OR organisation_id = ?1 ORDER BY id', p.org) do\n"
    "      t:add(name, id)\n"
    "    end\n"
    "    print('rows', t:count())\n"
    "  end }\n"));
  g_free (lua_test_plugin (f->plugins, "tasker", "write", "", "make-task", "",
    "joinery.workflow { id = 'make-task', title = 'Make a task', on = 'demand',\n"
    "  run = function (ctx) ctx:create_task { title = 'Made' } print('made') end }\n"));
  g_free (lua_test_plugin (f->plugins, "broken", "read", "gone", "", "", "joinery.report {\n"));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  joinery_test_cli_clear (&f->cli);
  g_free (f->plugins);
  joinery_test_db_free (f->tdb);
}

/* `joinery --db FILE ARGS…`: the exit status, and what it wrote. */
static int G_GNUC_NULL_TERMINATED
cli (Fixture *f, char **out, char **err, const char *first, ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = joinery_test_cli_run_va (&f->cli, NULL, TRUE, out, err, first, ap);
  va_end (ap);
  return status;
}

static void
test_plugins (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *broken = NULL;

  g_assert_cmpint (cli (f, &out, &err, "plugins", "--plugins", f->plugins, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out,
    "Plugin               Version  Status  Approval   Provides\n"
    "-------------------  -------  ------  ---------  --------------------------\n"
    "broken               1.0      broken  read-only\n"
    "people               1.0      ok      read-only  report people\n"
    "tasker               1.0      ok      approved   workflow make-task\n"
    "area-briefing        1.0      ok      read-only  report area-briefing\n"
    "event-attendance     1.0      ok      read-only  report event-attendance\n"
    "event-follow-up      1.0      ok      bundled    workflow event-follow-up\n"
    "fund-summary         1.0      ok      read-only  report fund-summary\n"
    "grant-monitoring     1.0      ok      bundled    workflow grant-monitoring\n"
    "grants-by-status     1.0      ok      read-only  report grants-by-status\n"
    "grants-pipeline      1.0      ok      read-only  report grants-pipeline\n"
    "innovation-pipeline  1.0      ok      read-only  report innovation-pipeline\n"
    "network-connectors   1.0      ok      read-only  report network-connectors\n"
    "outcome-indicators   1.0      ok      read-only  report outcome-indicators\n"
    "stage-review         1.0      ok      bundled    workflow stage-review\n"
    "\nbroken ("));
  g_assert_nonnull (strstr (out, "main.lua:2: unexpected symbol near <eof>"));

  g_assert_cmpint (cli (f, &json, NULL, "--format", "json", "plugins", "--plugins", f->plugins, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 14);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (array, i), "id"), "broken"))
      broken = json_array_get_object_element (array, i);
  g_assert_nonnull (broken);
  g_assert_cmpstr (json_object_get_string_member (broken, "status"), ==, "broken");
  g_assert_cmpstr (json_object_get_string_member (broken, "file"), ==, "main.lua");
  g_assert_cmpint (json_object_get_int_member (broken, "line"), ==, 2);
}

static void
test_report (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *html = NULL;
  g_autofree char *json = NULL;
  g_autofree char *file = NULL;
  g_autofree char *written = g_build_filename (f->tdb->dir, "out.csv", NULL);

  g_assert_cmpint (cli (f, &text, &err, "report", "people", "--plugins", f->plugins, NULL), ==, 0);
  g_assert_cmpstr (text, ==, "People\n══════\n\nName        Id\n----------  --\nAnn Smith    1\nBob Jones    2\nCara Patel   3\n");
  g_assert_cmpstr (err, ==, "rows\t3\n");
  g_assert_cmpint (cli (f, &csv, NULL, "report", "people", "--plugins", f->plugins, "--format", "csv",
                        "--param", "org=1", NULL), ==, 0);
  g_assert_cmpstr (csv, ==, "Name,Id\r\nAnn Smith,1\r\nCara Patel,3\r\n");
  g_assert_cmpint (cli (f, &markdown, NULL, "--format", "markdown", "report", "people", "--plugins", f->plugins,
                        "--param", "org=#2", NULL), ==, 0);
  g_assert_cmpstr (markdown, ==, "# People\n\n| Name | Id |\n| --- | ---: |\n| Bob Jones | 2 |\n");
  g_assert_cmpint (cli (f, &html, NULL, "report", "people", "--plugins", f->plugins, "--format", "html", NULL), ==, 0);
  g_assert_nonnull (strstr (html, "<td>Cara Patel</td><td class=\"num\">3</td>"));
  g_assert_cmpint (cli (f, &json, NULL, "report", "people", "--plugins", f->plugins, "--format", "json", NULL), ==, 0);
  g_assert_nonnull (strstr (json, "\"report\" : \"people\""));

  g_assert_cmpint (cli (f, NULL, NULL, "report", "people", "--plugins", f->plugins, "--format", "csv",
                        "--output", written, NULL), ==, 0);
  g_assert_true (g_file_get_contents (written, &file, NULL, NULL));
  g_assert_cmpstr (file, ==, "Name,Id\r\nAnn Smith,1\r\nBob Jones,2\r\nCara Patel,3\r\n");
}

static void
test_report_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL, *e5 = NULL, *e6 = NULL;

  g_assert_cmpint (cli (f, NULL, &e1, "report", "nothing", "--plugins", f->plugins, NULL), ==, 1);
  g_assert_cmpstr (e1, ==, "joinery: cannot run the report: there is no report “nothing” (see “joinery plugins”)\n");
  g_assert_cmpint (cli (f, NULL, &e2, "report", "people", "--plugins", f->plugins, "--param", "org", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (e2, "joinery: --param takes NAME=VALUE"));
  g_assert_cmpint (cli (f, NULL, &e3, "report", "people", "--plugins", f->plugins, "--param", "from=soon", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (e3, "joinery: the report failed: plugin “people”: parameter from:"));
  g_assert_cmpint (cli (f, NULL, &e4, "report", "people", "--plugins", f->plugins, "--format", "pdf", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (e4, "joinery: unknown format “pdf” (use text, csv, json, markdown or html)"));
  /* Other commands keep their three formats. */
  g_assert_cmpint (cli (f, NULL, &e5, "--format", "markdown", "list", "people", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (e5, "joinery: unknown format “markdown” (use text, csv or json)"));
  g_assert_cmpint (cli (f, NULL, &e6, "report", "gone", "--plugins", f->plugins, NULL), ==, 1);
  g_assert_nonnull (strstr (e6, "there is no report “gone”"));
}

static void
test_workflow (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *undo = NULL;
  g_autofree char *list = NULL;

  g_assert_cmpint (cli (f, &out, &err, "workflow", "run", "make-task", "--plugins", f->plugins, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "made\nDone: 1 change (undo with “joinery undo”).\n");
  g_assert_cmpint (cli (f, &list, NULL, "--format", "csv", "list", "tasks", NULL), ==, 0);
  g_assert_nonnull (strstr (list, "Made"));
  g_assert_nonnull (strstr (list, "plugin:tasker"));
  g_assert_cmpint (cli (f, &undo, NULL, "undo", NULL), ==, 0);
  g_assert_nonnull (strstr (undo, "Workflow: Make a task"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "workflow", "walk", "make-task", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "workflow", "run", "make-task", "--plugins", f->plugins,
                        "--record", "grant", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (err, "joinery: --record takes KIND:ID"));
}

static void
test_lua (Fixture *f, gconstpointer data)
{
  g_autofree char *script = lua_test_write (f->tdb->dir, "count.lua",
    "print(ctx:value('SELECT count(*) FROM people'), 'people')\n"
    "ctx:heading('Count')\n");
  g_autofree char *failing = lua_test_write (f->tdb->dir, "fail.lua", "local a = 1\nerror('nope')\n");
  g_autofree char *writer = lua_test_write (f->tdb->dir, "write.lua", "ctx:value('DELETE FROM people')\n");
  g_autofree char *out = NULL, *md = NULL, *err = NULL, *err2 = NULL;

  g_assert_cmpint (cli (f, &out, NULL, "lua", script, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "3\tpeople\nCount\n=====\n");
  g_assert_cmpint (cli (f, &md, NULL, "lua", script, "--format", "markdown", NULL), ==, 0);
  g_assert_cmpstr (md, ==, "3\tpeople\n## Count\n");
  g_assert_cmpint (cli (f, NULL, &err, "lua", failing, "--verbose", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "joinery: the script failed: plugin “script”: fail.lua:2: nope\nstack traceback:\n"));
  g_assert_cmpint (cli (f, NULL, &err2, "lua", writer, NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "plugins may only read"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lua/cli/plugins", test_plugins);
  ADD ("/lua/cli/report", test_report);
  ADD ("/lua/cli/report-errors", test_report_errors);
  ADD ("/lua/cli/workflow", test_workflow);
  ADD ("/lua/cli/lua", test_lua);
  return g_test_run ();
}
