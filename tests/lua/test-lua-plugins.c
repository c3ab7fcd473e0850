/* test-lua-plugins.c: finding plugins and reading what they provide — and
 * every way a plugin can be broken, each listed with its reason while the
 * others load.
 */
#include "lua-test-util.h"

#include <string.h>

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("joinery-plugins-XXXXXX", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  joinery_test_rm_rf (f->dir);
  g_free (f->dir);
}

static const char *good_main =
  "joinery.report { id = 'summary', title = 'Summary', description = 'All of it',\n"
  "  params = { { name = 'from', type = 'date', label = 'From', default = '01/04/2024', help = 'The first day' },\n"
  "             { name = 'status', type = 'choice', choices = { 'awarded', 'declined' }, required = true },\n"
  "             { name = 'fund', type = 'record', kind = 'fund' }, { name = 'top', type = 'number', default = 5 } },\n"
  "  run = function () end }\n"
  "joinery.workflow { id = 'watch', title = 'Watch', on = { 'grant.status', 'demand' },\n"
  "  when = function () return true end, run = function () end }\n"
  "joinery.action { id = 'poke', title = 'Poke', kind = 'person', run = function () end }\n";

static void
test_describe (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = lua_test_plugin (f->dir, "good", "write", "summary", "watch", "poke", good_main);
  g_autoptr(JoineryPlugin) plugin = joinery_plugin_load (folder);
  const JoineryReportInfo *report;
  const JoineryWorkflowInfo *workflow;
  const JoineryActionInfo *action;
  const JoineryReportParam *param;

  g_assert_cmpint (joinery_plugin_get_status (plugin), ==, JOINERY_PLUGIN_OK);
  g_assert_null (joinery_plugin_get_error (plugin));
  g_assert_cmpstr (joinery_plugin_get_id (plugin), ==, "good");
  g_assert_cmpstr (joinery_plugin_get_name (plugin), ==, "Test good");
  g_assert_cmpstr (joinery_plugin_get_version (plugin), ==, "1.0");
  g_assert_cmpstr (joinery_plugin_get_author (plugin), ==, "Tests");
  g_assert_cmpuint (joinery_plugin_get_api_version (plugin), ==, 1);
  g_assert_true (joinery_plugin_may_write (plugin));
  g_assert_cmpstr (joinery_plugin_get_main (plugin), ==, "main.lua");

  report = joinery_plugin_find_report (plugin, "summary");
  g_assert_nonnull (report);
  g_assert_cmpstr (report->title, ==, "Summary");
  g_assert_cmpstr (report->description, ==, "All of it");
  g_assert_cmpuint (report->params->len, ==, 4);
  param = report->params->pdata[0];
  g_assert_cmpstr (param->name, ==, "from");
  g_assert_cmpstr (param->label, ==, "From");
  g_assert_cmpstr (param->help, ==, "The first day");
  g_assert_cmpint (param->type, ==, JOINERY_REPORT_PARAM_DATE);
  g_assert_cmpstr (param->default_value, ==, "2024-04-01");
  g_assert_false (param->required);
  param = report->params->pdata[1];
  g_assert_cmpint (param->type, ==, JOINERY_REPORT_PARAM_CHOICE);
  g_assert_true (param->required);
  g_assert_cmpstrv (param->choices, ((const char *[]) { "awarded", "declined", NULL }));
  g_assert_cmpstr (param->label, ==, "status");
  param = report->params->pdata[2];
  g_assert_cmpint (param->type, ==, JOINERY_REPORT_PARAM_RECORD);
  g_assert_true (param->kind == joinery_kind_lookup ("fund"));
  param = report->params->pdata[3];
  g_assert_cmpint (param->type, ==, JOINERY_REPORT_PARAM_NUMBER);
  g_assert_cmpstr (param->default_value, ==, "5");

  workflow = joinery_plugin_find_workflow (plugin, "watch");
  g_assert_nonnull (workflow);
  g_assert_cmpstrv (workflow->on, ((const char *[]) { "grant.status", "demand", NULL }));
  g_assert_true (workflow->has_when);
  action = joinery_plugin_find_action (plugin, "poke");
  g_assert_true (action->kind == joinery_kind_lookup ("person"));
  g_assert_null (joinery_plugin_find_report (plugin, "nothing"));
}

typedef struct {
  const char *name;
  const char *manifest;   /* NULL: none */
  const char *main_lua;
  const char *reason;
  const char *file;
  int         line;
} Broken;

static void
test_broken (Fixture *f, gconstpointer data)
{
  static const Broken broken[] = {
    { "no-manifest", NULL, "", "manifest cannot be read", "manifest.ini", 0 },
    { "no-section", "[Other]\nid=x\n", "", "no [Plugin] section", "manifest.ini", 0 },
    { "bad-id", "[Plugin]\nid=Bad Id\nname=x\nversion=1\napi=1\npermissions=read\n", "", "id is missing or not lower case", "manifest.ini", 0 },
    { "no-version", "[Plugin]\nid=nov\nname=x\napi=1\npermissions=read\n", "", "needs a name and a version", "manifest.ini", 0 },
    { "no-api", "[Plugin]\nid=noapi\nname=x\nversion=1\npermissions=read\n", "", "which API version it needs", "manifest.ini", 0 },
    { "api-too-new", "[Plugin]\nid=new\nname=x\nversion=1\napi=2\npermissions=read\n", "", "needs API version 2; this Joinery provides version 1", "manifest.ini", 0 },
    { "bad-permission", "[Plugin]\nid=perm\nname=x\nversion=1\napi=1\npermissions=root\n", "", "permissions must be", "manifest.ini", 0 },
    { "read-workflows", "[Plugin]\nid=rw\nname=x\nversion=1\napi=1\npermissions=read\nworkflows=w\n", "", "need permissions=write", "manifest.ini", 0 },
    { "outside-main", "[Plugin]\nid=om\nname=x\nversion=1\napi=1\npermissions=read\nmain=../x.lua\n", "", "main file must be inside", "manifest.ini", 0 },
    { "missing-main", "[Plugin]\nid=mm\nname=x\nversion=1\napi=1\npermissions=read\nmain=other.lua\n", "", "there is no “other.lua” in the plugin's folder", "other.lua", 0 },
    { "syntax", "[Plugin]\nid=syn\nname=x\nversion=1\napi=1\npermissions=read\nreports=r\n",
      "joinery.report {\n  id = 'r',\n  title = = 't' }\n", "main.lua:3:", "main.lua", 3 },
    { "runtime", "[Plugin]\nid=rt\nname=x\nversion=1\napi=1\npermissions=read\nreports=r\n",
      "local x = {}\nx.y.z = 1\n", "main.lua:2: attempt to index a nil value", "main.lua", 2 },
    { "bad-declaration", "[Plugin]\nid=bd\nname=x\nversion=1\napi=1\npermissions=read\nreports=r\n",
      "\n\njoinery.report { id = 'r', title = 't' }\n", "main.lua:3: report: “run” must be a function", "main.lua", 3 },
    { "undeclared", "[Plugin]\nid=ud\nname=x\nversion=1\napi=1\npermissions=read\nreports=r;s\n",
      "joinery.report { id = 'r', title = 't', run = print }\n", "lists the report “s”, which its code does not declare", "main.lua", 0 },
    { "unlisted", "[Plugin]\nid=ul\nname=x\nversion=1\napi=1\npermissions=read\n",
      "joinery.report { id = 'r', title = 't', run = print }\n", "declares the report “r”, which its manifest does not list", "main.lua", 0 },
    { "loops", "[Plugin]\nid=loops\nname=x\nversion=1\napi=1\npermissions=read\n", "while true do end\n",
      "ran out of time", "main.lua", 1 },
  };
  g_autoptr(JoineryPluginRegistry) registry = joinery_plugin_registry_new ();
  g_autofree char *good = lua_test_plugin (f->dir, "zz-good", "write", "summary", "watch", "poke", good_main);
  GPtrArray *plugins;

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *folder = g_build_filename (f->dir, broken[i].name, NULL);
      g_autofree char *main_path = lua_test_write (folder, "main.lua", broken[i].main_lua);
      if (broken[i].manifest != NULL)
        {
          g_autofree char *m = lua_test_write (folder, "manifest.ini", broken[i].manifest);
        }
    }
  joinery_plugin_registry_add_folder (registry, f->dir);
  joinery_plugin_registry_load (registry);
  plugins = joinery_plugin_registry_get_plugins (registry);
  g_assert_cmpuint (plugins->len, ==, G_N_ELEMENTS (broken) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *folder = g_build_filename (f->dir, broken[i].name, NULL);
      JoineryPlugin *plugin = NULL;
      const GError *error;

      for (guint k = 0; k < plugins->len; k++)
        if (g_str_equal (joinery_plugin_get_folder (plugins->pdata[k]), folder))
          plugin = plugins->pdata[k];
      g_assert_nonnull (plugin);
      g_test_message ("%s", broken[i].name);
      g_assert_cmpint (joinery_plugin_get_status (plugin), ==, JOINERY_PLUGIN_BROKEN);
      error = joinery_plugin_get_error (plugin);
      g_assert_true (error->domain == JOINERY_SCRIPT_ERROR);
      if (strstr (error->message, broken[i].reason) == NULL)
        g_error ("%s: “%s” has no “%s”", broken[i].name, error->message, broken[i].reason);
      g_assert_cmpstr (joinery_script_error_get_file (error), ==, broken[i].file);
      g_assert_cmpint (joinery_script_error_get_line (error), ==, broken[i].line);
      g_assert_cmpuint (joinery_plugin_get_reports (plugin)->len, ==, 0);
    }
  /* The good one loaded beside them all. */
  g_assert_cmpint (joinery_plugin_get_status (joinery_plugin_registry_find_plugin (registry, "zz-good")), ==,
                   JOINERY_PLUGIN_OK);
}

static void
test_registry (Fixture *f, gconstpointer data)
{
  g_autofree char *first = g_build_filename (f->dir, "first", NULL);
  g_autofree char *second = g_build_filename (f->dir, "second", NULL);
  g_autofree char *a = lua_test_plugin (first, "alpha", "read", "summary", "", "",
                                        "joinery.report { id = 'summary', title = 'A', run = print }\n");
  g_autofree char *b = lua_test_plugin (second, "alpha", "read", "other", "", "",
                                        "joinery.report { id = 'other', title = 'B', run = print }\n");
  g_autofree char *c = lua_test_plugin (second, "beta", "read", "summary", "", "",
                                        "joinery.report { id = 'summary', title = 'C', run = print }\n");
  g_autofree char *lib = lua_test_write (second, "lib/util.lua", "return {}\n");
  g_autoptr(JoineryPluginRegistry) registry = joinery_plugin_registry_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) missing = NULL;
  const JoineryReportInfo *info;
  JoineryPlugin *plugin = NULL;
  GPtrArray *plugins;

  joinery_plugin_registry_add_folder (registry, first);
  joinery_plugin_registry_add_folder (registry, second);
  joinery_plugin_registry_load (registry);
  plugins = joinery_plugin_registry_get_plugins (registry);
  /* lib/ is no plugin; the second alpha is shadowed by the first. */
  g_assert_cmpuint (plugins->len, ==, 3);
  g_assert_cmpstr (joinery_plugin_get_folder (plugins->pdata[0]), ==, a);
  g_assert_cmpint (joinery_plugin_get_status (plugins->pdata[1]), ==, JOINERY_PLUGIN_SHADOWED);
  g_assert_nonnull (strstr (joinery_plugin_get_error (plugins->pdata[1])->message, "provides the same id"));
  g_assert_true (joinery_plugin_registry_find_plugin (registry, "alpha") == plugins->pdata[0]);

  info = joinery_plugin_registry_find_report (registry, "summary", &plugin, &error);
  g_assert_null (info);
  g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "name one of alpha/summary, beta/summary"));
  info = joinery_plugin_registry_find_report (registry, "beta/summary", &plugin, NULL);
  g_assert_cmpstr (info->title, ==, "C");
  g_assert_cmpstr (joinery_plugin_get_id (plugin), ==, "beta");
  g_assert_null (joinery_plugin_registry_find_report (registry, "other", &plugin, &missing));
  g_assert_nonnull (strstr (missing->message, "there is no report “other”"));
}

/* The bundled plugins are found from the build tree, and load. */
static void
test_bundled_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = joinery_plugins_bundled_folder ();
  g_autofree char *expected = g_test_build_filename (G_TEST_DIST, "..", "scripts", NULL);
  g_autofree char *canonical = g_canonicalize_filename (expected, NULL);
  g_autoptr(JoineryPluginRegistry) registry = joinery_plugin_registry_new ();

  g_assert_cmpstr (folder, ==, canonical);
  joinery_plugin_registry_add_default_folders (registry);
  joinery_plugin_registry_load (registry);
  g_assert_cmpint (joinery_plugin_get_status (joinery_plugin_registry_find_plugin (registry, "grants-by-status")), ==,
                   JOINERY_PLUGIN_OK);
  g_assert_cmpint (joinery_plugin_get_status (joinery_plugin_registry_find_plugin (registry, "grant-monitoring")), ==,
                   JOINERY_PLUGIN_OK);
  g_assert_cmpint (joinery_plugin_get_status (joinery_plugin_registry_find_plugin (registry, "fund-summary")), ==,
                   JOINERY_PLUGIN_OK);

  g_setenv ("JOINERY_BUNDLED_PLUGINS", f->dir, TRUE);
  g_free (folder);
  folder = joinery_plugins_bundled_folder ();
  g_unsetenv ("JOINERY_BUNDLED_PLUGINS");
  g_assert_cmpstr (folder, ==, f->dir);
}

/* The optional category says where the window lists a plugin's reports;
 * blank is none, as a missing one is. */
static void
test_category (Fixture *f, gconstpointer data)
{
  g_autofree char *plain = lua_test_plugin (f->dir, "plain", "read", "r", "", "",
                                            "joinery.report { id = 'r', title = 'R', run = function () end }\n");
  g_autofree char *filed = g_build_filename (f->dir, "filed", NULL);
  g_autofree char *blank = g_build_filename (f->dir, "blank", NULL);
  g_autofree char *m1 = NULL, *c1 = NULL, *m2 = NULL, *c2 = NULL;
  g_autoptr(JoineryPlugin) p_plain = NULL;
  g_autoptr(JoineryPlugin) p_filed = NULL;
  g_autoptr(JoineryPlugin) p_blank = NULL;
  const char *code = "joinery.report { id = 'r', title = 'R', run = function () end }\n";

  m1 = lua_test_write (filed, "manifest.ini", "[Plugin]\nid=filed\nname=Filed\nversion=1\napi=1\n"
                                               "permissions=read\nreports=r\ncategory= Funding \n");
  c1 = lua_test_write (filed, "main.lua", code);
  m2 = lua_test_write (blank, "manifest.ini", "[Plugin]\nid=blank\nname=Blank\nversion=1\napi=1\n"
                                               "permissions=read\nreports=r\ncategory=\n");
  c2 = lua_test_write (blank, "main.lua", code);
  p_plain = joinery_plugin_load (plain);
  p_filed = joinery_plugin_load (filed);
  p_blank = joinery_plugin_load (blank);
  g_assert_cmpint (joinery_plugin_get_status (p_filed), ==, JOINERY_PLUGIN_OK);
  g_assert_cmpstr (joinery_plugin_get_category (p_filed), ==, "Funding");
  g_assert_cmpint (joinery_plugin_get_status (p_plain), ==, JOINERY_PLUGIN_OK);
  g_assert_null (joinery_plugin_get_category (p_plain));
  g_assert_cmpint (joinery_plugin_get_status (p_blank), ==, JOINERY_PLUGIN_OK);
  g_assert_null (joinery_plugin_get_category (p_blank));
}

int
main (int argc, char **argv)
{
  /* No plugins of the machine's user: an empty folder of our own. */
  g_autofree char *home = g_dir_make_tmp ("joinery-xdg-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lua/plugins/describe", test_describe);
  ADD ("/lua/plugins/broken", test_broken);
  ADD ("/lua/plugins/registry", test_registry);
  ADD ("/lua/plugins/category", test_category);
  ADD ("/lua/plugins/bundled-folder", test_bundled_folder);
  status = g_test_run ();
  joinery_test_rm_rf (home);
  return status;
}
