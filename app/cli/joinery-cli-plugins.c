/* joinery-cli-plugins.c: trusting plugins and switching workflows —
 * `plugin show|approve|revoke ID` and `workflow on|off|list|log` — and the
 * hook that fires the workflows switched on for the changes that add, set
 * and delete make.
 *
 * Approval is the user's (a key file, see joinery-plugin-trust.h); which
 * workflows are on belongs to the database (joinery-workflow-state.h).
 * Nothing here runs a plugin but through the Lua layer, which enforces
 * approval itself.
 */
#include "config.h"

#include "joinery-cli-private.h"
#include "joinery-lua.h"
#include "joinery-workflow-state.h"

#include <string.h>

static const JoineryCliOption plugin_options[] = {
  { "plugins", "DIR", "Also load the plugins in DIR (before the others; may be repeated)", TRUE },
  { NULL }
};

static JoineryPlugin *
find_plugin (JoineryCli *cli, JoineryPluginRegistry *registry, const char *id, int *status)
{
  JoineryPlugin *plugin = joinery_plugin_registry_find_plugin (registry, id);

  if (plugin == NULL)
    *status = joinery_cli_fail_message (cli, "there is no plugin “%s” (see “joinery plugins”)", id);
  return plugin;
}

static char *
dup_permissions (JoineryPlugin *plugin)
{
  return g_strdup (joinery_plugin_may_write (plugin) ? "read and change data (write)" : "read data (read)");
}

static void
print_plugin (JoineryPlugin *plugin)
{
  g_autofree char *permissions = dup_permissions (plugin);
  GPtrArray *workflows = joinery_plugin_get_workflows (plugin);
  GPtrArray *reports = joinery_plugin_get_reports (plugin);
  GPtrArray *actions = joinery_plugin_get_actions (plugin);

  joinery_cli_output_printf (stdout, "%s %s — %s\n", joinery_plugin_get_id (plugin),
                             joinery_plugin_get_version (plugin), joinery_plugin_get_name (plugin));
  if (*joinery_plugin_get_author (plugin) != '\0')
    joinery_cli_output_printf (stdout, "  by %s\n", joinery_plugin_get_author (plugin));
  joinery_cli_output_printf (stdout, "  folder: %s\n", joinery_plugin_get_folder (plugin));
  joinery_cli_output_printf (stdout, "  asks to: %s\n", permissions);
  joinery_cli_output_printf (stdout, "  approval: %s\n",
                             joinery_plugin_trust_describe (joinery_plugin_get_trust (plugin)));
  for (guint i = 0; i < reports->len; i++)
    {
      const JoineryReportInfo *info = reports->pdata[i];
      joinery_cli_output_printf (stdout, "  report %s: %s\n", info->id, info->title);
    }
  for (guint i = 0; i < workflows->len; i++)
    {
      const JoineryWorkflowInfo *info = workflows->pdata[i];
      g_autofree char *on = g_strjoinv (", ", info->on);
      joinery_cli_output_printf (stdout, "  workflow %s: %s (on %s)\n", info->id, info->title, on);
    }
  for (guint i = 0; i < actions->len; i++)
    {
      const JoineryActionInfo *info = actions->pdata[i];
      joinery_cli_output_printf (stdout, "  action %s: %s (on %s)\n", info->id, info->title, info->kind->plural);
    }
}

static int
run_plugin (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryPluginRegistry) registry = joinery_cli_load_plugins (cli);
  g_autoptr(GError) error = NULL;
  JoineryPlugin *plugin;
  JoineryPluginTrust trust;
  int status = JOINERY_CLI_EXIT_OK;

  if (!g_str_equal (args[0], "show") && !g_str_equal (args[0], "approve") && !g_str_equal (args[0], "revoke"))
    return joinery_cli_usage_error (cli, "unknown plugin command “%s” (use show, approve or revoke)", args[0]);
  plugin = find_plugin (cli, registry, args[1], &status);
  if (plugin == NULL)
    return status;
  trust = joinery_plugin_get_trust (plugin);

  if (g_str_equal (args[0], "show"))
    {
      print_plugin (plugin);
      return JOINERY_CLI_EXIT_OK;
    }
  if (g_str_equal (args[0], "revoke"))
    {
      if (!joinery_plugin_revoke (plugin, &error))
        return joinery_cli_fail (cli, error, "cannot take back the approval of “%s”", args[1]);
      joinery_cli_output_printf (stdout, "Plugin “%s” is no longer approved.\n", args[1]);
      return JOINERY_CLI_EXIT_OK;
    }

  if (joinery_plugin_get_status (plugin) != JOINERY_PLUGIN_OK)
    return joinery_cli_fail (cli, joinery_plugin_get_error (plugin), "cannot approve “%s”", args[1]);
  if (trust == JOINERY_PLUGIN_TRUST_READ_ONLY || trust == JOINERY_PLUGIN_TRUST_BUNDLED)
    {
      joinery_cli_output_printf (stdout, "Plugin “%s” needs no approval: it %s.\n", args[1],
                                 joinery_plugin_trust_describe (trust));
      return JOINERY_CLI_EXIT_OK;
    }
  /* Say what is being approved, as the window's dialog does. */
  print_plugin (plugin);
  if (!joinery_plugin_approve (plugin, &error))
    return joinery_cli_fail (cli, error, "cannot approve “%s”", args[1]);
  joinery_cli_output_printf (stdout, "Approved “%s” as it is now; if its files change, it will ask again.\n", args[1]);
  return JOINERY_CLI_EXIT_OK;
}

/* workflow on|off|list|log */

int
joinery_cli_workflow_switch (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryPluginRegistry) registry = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  gboolean on = g_str_equal (args[0], "on");
  const JoineryWorkflowInfo *info;
  JoineryPlugin *plugin = NULL;
  int status = JOINERY_CLI_EXIT_OK;

  if (args[1] == NULL)
    return joinery_cli_usage_error (cli, "which workflow? (workflow %s ID)", args[0]);
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  registry = joinery_cli_load_plugins (cli);
  info = joinery_plugin_registry_find_workflow (registry, args[1], &plugin, &error);
  if (info == NULL)
    return joinery_cli_fail (cli, error, "cannot switch the workflow %s", args[0]);
  if (on && !joinery_plugin_check_trust (plugin, &error))
    return joinery_cli_fail (cli, error, "cannot switch “%s” on", args[1]);
  if (!joinery_db_set_workflow_enabled (db, joinery_plugin_get_id (plugin), info->id, on, &error))
    return joinery_cli_fail (cli, error, "cannot switch “%s” %s", args[1], args[0]);
  joinery_cli_output_printf (stdout, "Workflow “%s” is %s in %s.\n", info->id, on ? "on" : "off",
                             joinery_db_get_path (db));
  return JOINERY_CLI_EXIT_OK;
}

int
joinery_cli_workflow_list (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryPluginRegistry) registry = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();
  GPtrArray *plugins;
  int status = JOINERY_CLI_EXIT_OK;

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  registry = joinery_cli_load_plugins (cli);
  plugins = joinery_plugin_registry_get_plugins (registry);
  joinery_cli_table_add_column (table, "Workflow", FALSE);
  joinery_cli_table_add_column (table, "Plugin", FALSE);
  joinery_cli_table_add_column (table, "On", FALSE);
  joinery_cli_table_add_column (table, "Runs on", FALSE);
  joinery_cli_table_add_column (table, "Approval", FALSE);
  for (guint p = 0; p < plugins->len; p++)
    {
      JoineryPlugin *plugin = plugins->pdata[p];
      GPtrArray *workflows = joinery_plugin_get_workflows (plugin);

      if (joinery_plugin_get_status (plugin) != JOINERY_PLUGIN_OK)
        continue;
      for (guint w = 0; w < workflows->len; w++)
        {
          const JoineryWorkflowInfo *info = workflows->pdata[w];
          char **cells = g_new0 (char *, 6);

          cells[0] = g_strdup (info->id);
          cells[1] = g_strdup (joinery_plugin_get_id (plugin));
          cells[2] = g_strdup (joinery_db_workflow_is_enabled (db, joinery_plugin_get_id (plugin), info->id, NULL) ? "on" : "off");
          cells[3] = g_strjoinv (", ", info->on);
          cells[4] = g_strdup (joinery_plugin_trust_to_string (joinery_plugin_get_trust (plugin)));
          joinery_cli_table_add_row (table, cells);
        }
    }
  joinery_cli_table_print (table, stdout);
  return JOINERY_CLI_EXIT_OK;
}

int
joinery_cli_workflow_log (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();
  int status = JOINERY_CLI_EXIT_OK;

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  /* The log names workflows by id whatever plugin provided them. */
  runs = joinery_db_list_workflow_runs (db, NULL, NULL, 0, &error);
  if (runs == NULL)
    return joinery_cli_fail (cli, error, "cannot read the workflow log");
  joinery_cli_table_set_cell_limit (table, 200);
  joinery_cli_table_add_column (table, "When", FALSE);
  joinery_cli_table_add_column (table, "Workflow", FALSE);
  joinery_cli_table_add_column (table, "Set off by", FALSE);
  joinery_cli_table_add_column (table, "Outcome", FALSE);
  joinery_cli_table_add_column (table, "What it did", FALSE);
  for (guint i = runs->len; i-- > 0;)
    {
      JoineryWorkflowRun *run = runs->pdata[i];
      char **cells;

      if (args[1] != NULL && !g_str_equal (run->workflow_id, args[1]))
        continue;
      cells = g_new0 (char *, 6);
      cells[0] = g_strdup (run->at);
      cells[1] = g_strdup (run->workflow_id);
      cells[2] = run->record_kind != NULL ?
                 g_strdup_printf ("%s #%" G_GINT64_FORMAT " (%s)", run->record_kind, run->record_id, run->trigger) :
                 g_strdup (run->trigger);
      cells[3] = g_strdup (joinery_workflow_outcome_to_string (run->outcome));
      cells[4] = g_strdup (run->outcome == JOINERY_WORKFLOW_RUN_FAILED ? run->error : run->summary);
      joinery_cli_table_add_row (table, cells);
    }
  joinery_cli_table_print (table, stdout);
  return JOINERY_CLI_EXIT_OK;
}

/* The hook of add, set and delete */

static void
workflow_ran_cb (JoineryWorkflowHost *host, JoineryPlugin *plugin, const char *workflow_id, gboolean skipped,
                 JoineryDb *db)
{
  g_autoptr(GPtrArray) runs = NULL;

  if (skipped)
    return;
  runs = joinery_db_list_workflow_runs (db, joinery_plugin_get_id (plugin), workflow_id, 1, NULL);
  joinery_cli_output_printf (stderr, "joinery: workflow “%s” ran: %s\n", workflow_id,
                             runs != NULL && runs->len > 0 && *((JoineryWorkflowRun *) runs->pdata[0])->summary != '\0' ?
                             ((JoineryWorkflowRun *) runs->pdata[0])->summary : "nothing changed");
}

static void
workflow_failed_cb (JoineryWorkflowHost *host, JoineryPlugin *plugin, const char *workflow_id, GError *error,
                    gpointer data)
{
  joinery_cli_output_printf (stderr, "joinery: workflow “%s” failed, nothing it did was kept: %s\n",
                             workflow_id, error->message);
}

JoineryWorkflowHost *
joinery_cli_watch_workflows (JoineryCli *cli, JoineryDb *db)
{
  g_autoptr(JoineryPluginRegistry) registry = NULL;
  JoineryWorkflowHost *host;

  /* Loading plugins costs a sandbox run each: only when one is on. */
  if (joinery_db_is_read_only (db) || !joinery_db_has_enabled_workflows (db))
    return NULL;
  registry = joinery_cli_load_plugins (cli);
  host = joinery_workflow_host_new (db, registry, NULL);
  g_signal_connect (host, "workflow-ran", G_CALLBACK (workflow_ran_cb), db);
  g_signal_connect (host, "workflow-failed", G_CALLBACK (workflow_failed_cb), NULL);
  return host;
}

const JoineryCliCommand joinery_cli_plugins_commands[] = {
  { "plugin", "plugin show|approve|revoke ID", "Show what a plugin asks for; approve it to change data",
    "A plugin that asks to change data (permissions=write) does not run until you\n"
    "approve it. The approval is pinned to the plugin's files as they are now (a\n"
    "SHA-256 of its manifest and Lua files): if they change, it asks again.\n"
    "Plugins that only read, and those that come with Joinery, need no approval.\n"
    "Approvals are kept in $XDG_CONFIG_HOME/joinery/plugin-approvals.ini.\n\n"
    "Examples:\n"
    "  joinery plugin show tidy-up\n"
    "  joinery plugin approve tidy-up\n"
    "  joinery plugin revoke tidy-up",
    plugin_options, 2, 2, FALSE, run_plugin },
  { NULL }
};
