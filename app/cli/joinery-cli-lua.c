/* joinery-cli-lua.c: the commands of the Lua layer — plugins, report,
 * workflow and lua.
 *
 * Each is a thin client of libjoinery-lua: it finds the plugins (the
 * folders given with --plugins, then the user's, then the bundled ones),
 * checks its arguments, runs the plugin in the sandbox and writes what
 * came back. Plugin failures are printed with the plugin, file and line
 * the error carries, and the Lua traceback under --verbose.
 */
#include "config.h"

#include "joinery-cli-private.h"
#include "joinery-lua.h"

#include <string.h>

#include <glib/gstdio.h>

static const JoineryCliOption plugins_options[] = {
  { "plugins", "DIR", "Also load the plugins in DIR (before the others; may be repeated)", TRUE },
  { NULL }
};

static const JoineryCliOption report_options[] = {
  { "param", "NAME=VALUE", "A parameter of the report (may be repeated)", TRUE },
  { "output", "FILE", "Write the report to FILE instead of the standard output", FALSE },
  { "plugins", "DIR", "Also load the plugins in DIR (may be repeated)", TRUE },
  { "time-limit", "SECONDS", "Stop the plugin after SECONDS (default 30)", FALSE },
  { "verbose", NULL, "On failure, show the Lua traceback", FALSE },
  { NULL }
};

static const JoineryCliOption workflow_options[] = {
  { "record", "KIND:ID", "The record an action runs on (grant:12)", FALSE },
  { "plugins", "DIR", "Also load the plugins in DIR (may be repeated)", TRUE },
  { "time-limit", "SECONDS", "Stop the plugin after SECONDS (default 30)", FALSE },
  { "verbose", NULL, "On failure, show the Lua traceback", FALSE },
  { NULL }
};

static const JoineryCliOption lua_options[] = {
  { "output", "FILE", "Write what the script produced to FILE", FALSE },
  { "time-limit", "SECONDS", "Stop the script after SECONDS (default 30)", FALSE },
  { "verbose", NULL, "On failure, show the Lua traceback", FALSE },
  { NULL }
};

JoineryPluginRegistry *
joinery_cli_load_plugins (JoineryCli *cli)
{
  JoineryPluginRegistry *registry = joinery_plugin_registry_new ();
  const char * const *folders = joinery_cli_get_option_values (cli, "plugins");

  for (guint i = 0; folders[i] != NULL; i++)
    joinery_plugin_registry_add_folder (registry, folders[i]);
  joinery_plugin_registry_add_default_folders (registry);
  joinery_plugin_registry_load (registry);
  return registry;
}

static gboolean
read_limits (JoineryCli *cli, JoineryLuaLimits *limits, int *status)
{
  const char *text = joinery_cli_get_option (cli, "time-limit");
  guint64 seconds;

  *limits = (JoineryLuaLimits) { 0, 0, NULL };
  if (text == NULL)
    return TRUE;
  if (!joinery_cli_parse_number (cli, "time-limit", text, 1, 3600, &seconds, status))
    return FALSE;
  limits->time_ms = (guint) seconds * 1000;
  return TRUE;
}

/* "joinery: plugin “x”: main.lua:3: …", and the traceback with --verbose. */
static int
fail_script (JoineryCli *cli, const GError *error, const char *what)
{
  int status = joinery_cli_fail (cli, error, "%s", what);

  if (joinery_cli_has_option (cli, "verbose") && error->domain == JOINERY_SCRIPT_ERROR &&
      joinery_script_error_get_traceback (error) != NULL)
    joinery_cli_output_printf (stderr, "%s\n", joinery_script_error_get_traceback (error));
  return status;
}

static JoineryReportFormat
document_format (JoineryCli *cli)
{
  JoineryReportFormat format = JOINERY_REPORT_FORMAT_TEXT;

  if (cli->format_name != NULL)
    joinery_report_format_from_string (cli->format_name, &format);
  return format;
}

/* plugins */

static char *
dup_provides (JoineryPlugin *plugin, const char *separator)
{
  GPtrArray *lists[] = { joinery_plugin_get_reports (plugin), joinery_plugin_get_workflows (plugin),
                         joinery_plugin_get_actions (plugin) };
  const char *names[] = { "report", "workflow", "action" };
  GString *out = g_string_new (NULL);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      g_string_append_printf (out, "%s%s %s", out->len > 0 ? separator : "", names[l],
                              *(const char **) lists[l]->pdata[i]);
  return g_string_free (out, FALSE);
}

static void
add_list_json (JsonBuilder *builder, const char *name, GPtrArray *list)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++)
    json_builder_add_string_value (builder, *(const char **) list->pdata[i]);
  json_builder_end_array (builder);
}

static int
run_plugins (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryPluginRegistry) registry = joinery_cli_load_plugins (cli);
  GPtrArray *plugins = joinery_plugin_registry_get_plugins (registry);

  if (cli->format == JOINERY_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < plugins->len; i++)
        {
          JoineryPlugin *plugin = plugins->pdata[i];
          const GError *error = joinery_plugin_get_error (plugin);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, joinery_plugin_get_id (plugin));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, joinery_plugin_get_name (plugin));
          json_builder_set_member_name (builder, "version");
          json_builder_add_string_value (builder, joinery_plugin_get_version (plugin));
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, joinery_plugin_status_to_string (joinery_plugin_get_status (plugin)));
          json_builder_set_member_name (builder, "folder");
          json_builder_add_string_value (builder, joinery_plugin_get_folder (plugin));
          json_builder_set_member_name (builder, "permissions");
          json_builder_add_string_value (builder, joinery_plugin_may_write (plugin) ? "write" : "read");
          json_builder_set_member_name (builder, "approval");
          json_builder_add_string_value (builder, joinery_plugin_trust_to_string (joinery_plugin_get_trust (plugin)));
          if (error != NULL)
            {
              json_builder_set_member_name (builder, "reason");
              json_builder_add_string_value (builder, error->message);
              if (error->domain == JOINERY_SCRIPT_ERROR && joinery_script_error_get_file (error) != NULL)
                {
                  json_builder_set_member_name (builder, "file");
                  json_builder_add_string_value (builder, joinery_script_error_get_file (error));
                  json_builder_set_member_name (builder, "line");
                  json_builder_add_int_value (builder, joinery_script_error_get_line (error));
                }
            }
          add_list_json (builder, "reports", joinery_plugin_get_reports (plugin));
          add_list_json (builder, "workflows", joinery_plugin_get_workflows (plugin));
          add_list_json (builder, "actions", joinery_plugin_get_actions (plugin));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      joinery_cli_output_json (root);
      return JOINERY_CLI_EXIT_OK;
    }
  if (cli->format == JOINERY_CLI_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "id", "name", "version", "status", "provides", "reason", "folder" };

      joinery_cli_output_csv_row (out, header, G_N_ELEMENTS (header), NULL);
      for (guint i = 0; i < plugins->len; i++)
        {
          JoineryPlugin *plugin = plugins->pdata[i];
          g_autofree char *provides = dup_provides (plugin, "; ");
          const GError *error = joinery_plugin_get_error (plugin);
          const char *row[] = { joinery_plugin_get_id (plugin), joinery_plugin_get_name (plugin),
                                joinery_plugin_get_version (plugin),
                                joinery_plugin_status_to_string (joinery_plugin_get_status (plugin)),
                                provides, error != NULL ? error->message : "", joinery_plugin_get_folder (plugin) };
          gboolean is_text[] = { TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
          joinery_cli_output_csv_row (out, row, G_N_ELEMENTS (row), is_text);
        }
      fwrite (out->str, 1, out->len, stdout);
      return JOINERY_CLI_EXIT_OK;
    }
  if (plugins->len == 0)
    {
      joinery_cli_output_puts (stdout, "No plugins found.\n");
      return JOINERY_CLI_EXIT_OK;
    }
  {
    g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();

    joinery_cli_table_set_cell_limit (table, 200);
    joinery_cli_table_add_column (table, "Plugin", FALSE);
    joinery_cli_table_add_column (table, "Version", FALSE);
    joinery_cli_table_add_column (table, "Status", FALSE);
    joinery_cli_table_add_column (table, "Approval", FALSE);
    joinery_cli_table_add_column (table, "Provides", FALSE);
    for (guint i = 0; i < plugins->len; i++)
      {
        JoineryPlugin *plugin = plugins->pdata[i];
        char **cells = g_new0 (char *, 6);

        cells[0] = g_strdup (joinery_plugin_get_id (plugin));
        cells[1] = g_strdup (joinery_plugin_get_version (plugin));
        cells[2] = g_strdup (joinery_plugin_status_to_string (joinery_plugin_get_status (plugin)));
        cells[3] = g_strdup (joinery_plugin_trust_to_string (joinery_plugin_get_trust (plugin)));
        cells[4] = dup_provides (plugin, ", ");
        joinery_cli_table_add_row (table, cells);
      }
    joinery_cli_table_print (table, stdout);
    for (guint i = 0; i < plugins->len; i++)
      {
        JoineryPlugin *plugin = plugins->pdata[i];
        const GError *error = joinery_plugin_get_error (plugin);
        if (error != NULL)
          joinery_cli_output_printf (stdout, "\n%s (%s): %s\n", joinery_plugin_get_id (plugin),
                                     joinery_plugin_get_folder (plugin), error->message);
      }
  }
  return JOINERY_CLI_EXIT_OK;
}

/* report */

static int
run_report (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryPluginRegistry) registry = NULL;
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JoineryReportOutput) output = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char * const *given = joinery_cli_get_option_values (cli, "param");
  const JoineryReportInfo *info;
  JoineryPlugin *plugin = NULL;
  JoineryLuaLimits limits;
  int status = JOINERY_CLI_EXIT_OK;

  for (guint i = 0; given[i] != NULL; i++)
    {
      const char *equals = strchr (given[i], '=');
      if (equals == NULL || equals == given[i])
        return joinery_cli_usage_error (cli, "--param takes NAME=VALUE, as --param from=2024-04-01");
      g_hash_table_replace (params, g_strndup (given[i], equals - given[i]), g_strdup (equals + 1));
    }
  if (!read_limits (cli, &limits, &status))
    return status;

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  registry = joinery_cli_load_plugins (cli);
  info = joinery_plugin_registry_find_report (registry, args[0], &plugin, &error);
  if (info == NULL)
    return joinery_cli_fail (cli, error, "cannot run the report");
  output = joinery_lua_run_report (plugin, info->id, joinery_db_get_path (db), params, &limits, &error);
  if (output == NULL)
    return fail_script (cli, error, "the report failed");
  if (*joinery_report_output_get_log (output) != '\0')
    joinery_cli_output_puts (stderr, joinery_report_output_get_log (output));
  text = joinery_report_output_render (output, document_format (cli));
  return joinery_cli_output_document (cli, text);
}

/* workflow run */

static void
count_changes_cb (JoineryDb *db, JoineryChangeSet *set, guint *changes)
{
  *changes += joinery_change_set_get_n_changes (set);
}

static int
run_workflow (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryPluginRegistry) registry = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  const char *record = joinery_cli_get_option (cli, "record");
  guint changes = 0;
  JoineryPlugin *plugin = NULL;
  JoineryLuaLimits limits;
  gboolean ok;
  int status = JOINERY_CLI_EXIT_OK;

  if (g_str_equal (args[0], "on") || g_str_equal (args[0], "off"))
    return joinery_cli_workflow_switch (cli, args);
  if (g_str_equal (args[0], "list"))
    return joinery_cli_workflow_list (cli, args);
  if (g_str_equal (args[0], "log"))
    return joinery_cli_workflow_log (cli, args);
  if (!g_str_equal (args[0], "run"))
    return joinery_cli_usage_error (cli, "unknown workflow command “%s” (use run, on, off, list or log)", args[0]);
  if (args[1] == NULL)
    return joinery_cli_usage_error (cli, "which workflow? (workflow run ID)");
  if (!read_limits (cli, &limits, &status))
    return status;
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  registry = joinery_cli_load_plugins (cli);
  g_signal_connect (db, "changed", G_CALLBACK (count_changes_cb), &changes);

  if (record != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (record, ":", 2);
      const JoineryActionInfo *action;
      const JoineryKind *kind;
      gint64 id;

      if (g_strv_length (parts) != 2)
        return joinery_cli_usage_error (cli, "--record takes KIND:ID, as --record grant:12");
      kind = joinery_cli_lookup_kind (cli, parts[0], &status);
      if (kind == NULL || !joinery_cli_parse_id (cli, kind, parts[1], &id, &status))
        return status;
      action = joinery_plugin_registry_find_action (registry, args[1], &plugin, &error);
      if (action == NULL)
        return joinery_cli_fail (cli, error, "cannot run the action");
      ok = joinery_lua_run_action (db, plugin, action->id, kind, id, &limits, &log, &error);
    }
  else
    {
      const JoineryWorkflowInfo *workflow = joinery_plugin_registry_find_workflow (registry, args[1], &plugin, &error);
      if (workflow == NULL)
        return joinery_cli_fail (cli, error, "cannot run the workflow");
      ok = joinery_lua_run_workflow (db, plugin, workflow->id, NULL, &limits, NULL, &log, &error);
    }
  if (log != NULL && *log != '\0')
    joinery_cli_output_puts (stdout, log);
  if (!ok)
    return fail_script (cli, error, "the workflow failed; nothing was changed");
  if (changes > 0)
    joinery_cli_output_printf (stdout, "Done: %u change%s (undo with “joinery undo”).\n", changes,
                               changes == 1 ? "" : "s");
  else
    joinery_cli_output_puts (stdout, "Done: nothing was changed.\n");
  return JOINERY_CLI_EXIT_OK;
}

/* lua */

static int
run_lua (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryReportOutput) output = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  JoineryLuaLimits limits;
  int status = JOINERY_CLI_EXIT_OK;

  if (!read_limits (cli, &limits, &status))
    return status;
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  output = joinery_lua_run_script (args[0], joinery_db_get_path (db), &limits, &error);
  if (output == NULL)
    return fail_script (cli, error, "the script failed");
  joinery_cli_output_puts (stdout, joinery_report_output_get_log (output));
  if (joinery_report_output_get_n_blocks (output) > 0 || joinery_cli_has_option (cli, "output"))
    {
      g_autofree char *text = joinery_report_output_render (output, document_format (cli));
      return joinery_cli_output_document (cli, text);
    }
  return JOINERY_CLI_EXIT_OK;
}

const JoineryCliCommand joinery_cli_lua_commands[] = {
  { "plugins", "plugins [--plugins DIR]", "List the plugins, with their status and what they provide",
    "Plugins are found in the folders given with --plugins, then in the user's folder\n"
    "($XDG_DATA_HOME/joinery/plugins), then among those installed with Joinery.\n"
    "A broken plugin is listed with the reason.\n\n"
    "Examples:\n"
    "  joinery plugins\n"
    "  joinery --format json plugins --plugins ~/my-plugins",
    plugins_options, 0, 0, FALSE, run_plugins },
  { "report", "report ID [--param NAME=VALUE…] [--output FILE]", "Run a report of a plugin",
    "--format takes text (the default), csv, json, markdown or html. A report's\n"
    "parameters are given as --param NAME=VALUE: dates as 2024-04-01, records by id\n"
    "or by name (--param fund=\"Better Care Fund\").\n"
    "Use PLUGIN/ID when two plugins provide the same report.\n\n"
    "Examples:\n"
    "  joinery report grants-by-status --param from=2024-04-01\n"
    "  joinery report grants-by-status --format csv --output grants.csv\n"
    "  joinery report grants-by-status --format markdown",
    report_options, 1, 1, TRUE, run_report, "markdown html" },
  { "workflow", "workflow run|on|off|list|log [ID] [--record KIND:ID]",
    "Run a workflow on demand or an action on a record; switch workflows on or off",
    "The workflow's changes are made in one step that “joinery undo” undoes; if it\n"
    "fails half-way, nothing it did is kept. A plugin that changes data runs only\n"
    "once you have approved it (joinery plugin approve ID); bundled ones need no approval.\n\n"
    "  workflow run ID       run it now (an action with --record KIND:ID)\n"
    "  workflow on ID        switch it on in this database: it then runs whenever its\n"
    "                        trigger happens, from the window or from add, set and delete\n"
    "  workflow off ID       switch it off\n"
    "  workflow list         every workflow, its trigger and whether it is on\n"
    "  workflow log [ID]     the latest runs: when, what set it off, what it changed\n\n"
    "Examples:\n"
    "  joinery workflow on grant-monitoring\n"
    "  joinery workflow log grant-monitoring\n"
    "  joinery workflow run grant-monitoring --record grant:12",
    workflow_options, 1, 2, TRUE, run_workflow },
  { "lua", "lua FILE", "Run a Lua script with read access to the database",
    "The script runs in the plugin sandbox with `ctx`, a report's context: it may\n"
    "query, read records, print and build output (written in --format).\n\n"
    "Examples:\n"
    "  joinery lua count-people.lua\n"
    "  joinery lua summary.lua --format markdown",
    lua_options, 1, 1, TRUE, run_lua, "markdown html" },
  { NULL }
};
