/* joinery-plugin.c: finding plugins, reading their manifests and learning
 * what their code declares (see joinery-plugin.h).
 *
 * A manifest is a GKeyFile read here without running anything. What the
 * code declares is learnt by running it in the sandbox in "describe" mode,
 * with a short budget, so that a plugin whose top level loops or fails is
 * found broken at load time, with its line, rather than when someone runs
 * it. Nothing a plugin does while loading can stop the others loading.
 */
#include "config.h"

#include "joinery-lua-run-private.h"
#include "joinery-plugin.h"
#include "joinery-plugin-private.h"
#include "joinery-script-error.h"

#include <string.h>

#define DESCRIBE_TIME_MS 5000
#define DESCRIBE_MEMORY  (64u * 1024 * 1024)

struct _JoineryPlugin
{
  GObject              parent_instance;

  char                *id;
  char                *name;
  char                *version;
  char                *author;
  char                *description;
  char                *category;
  guint                api_version;
  char                *folder;
  char                *main;
  gboolean             may_write;
  JoineryPluginStatus  status;
  GError              *error;

  GPtrArray           *reports;    /* JoineryReportInfo */
  GPtrArray           *workflows;  /* JoineryWorkflowInfo */
  GPtrArray           *actions;    /* JoineryActionInfo */
};

G_DEFINE_FINAL_TYPE (JoineryPlugin, joinery_plugin, G_TYPE_OBJECT)

static void
report_param_free (JoineryReportParam *param)
{
  g_free (param->name);
  g_free (param->label);
  g_free (param->help);
  g_free (param->default_value);
  g_strfreev (param->choices);
  g_free (param);
}

static void
report_info_free (JoineryReportInfo *info)
{
  g_free (info->id);
  g_free (info->title);
  g_free (info->description);
  g_ptr_array_unref (info->params);
  g_free (info);
}

static void
workflow_info_free (JoineryWorkflowInfo *info)
{
  g_free (info->id);
  g_free (info->title);
  g_free (info->description);
  g_strfreev (info->on);
  g_free (info);
}

static void
action_info_free (JoineryActionInfo *info)
{
  g_free (info->id);
  g_free (info->title);
  g_free (info->description);
  g_free (info);
}

static void
joinery_plugin_finalize (GObject *object)
{
  JoineryPlugin *self = JOINERY_PLUGIN (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->version);
  g_free (self->author);
  g_free (self->description);
  g_free (self->category);
  g_free (self->folder);
  g_free (self->main);
  g_clear_error (&self->error);
  g_ptr_array_unref (self->reports);
  g_ptr_array_unref (self->workflows);
  g_ptr_array_unref (self->actions);
  G_OBJECT_CLASS (joinery_plugin_parent_class)->finalize (object);
}

static void
joinery_plugin_class_init (JoineryPluginClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = joinery_plugin_finalize;
}

static void
joinery_plugin_init (JoineryPlugin *self)
{
  self->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) report_info_free);
  self->workflows = g_ptr_array_new_with_free_func ((GDestroyNotify) workflow_info_free);
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) action_info_free);
}

static void
mark_broken (JoineryPlugin *self, GError *error)
{
  self->status = JOINERY_PLUGIN_BROKEN;
  g_clear_error (&self->error);
  self->error = error;
  g_ptr_array_set_size (self->reports, 0);
  g_ptr_array_set_size (self->workflows, 0);
  g_ptr_array_set_size (self->actions, 0);
}

static void
mark_broken_message (JoineryPlugin *self, const char *file, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
mark_broken_message (JoineryPlugin *self, const char *file, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  mark_broken (self, joinery_script_error_new (JOINERY_SCRIPT_ERROR_BROKEN, self->id, file, 0, NULL, message));
}

static gboolean
is_plugin_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64 || !(g_ascii_islower (*id) || g_ascii_isdigit (*id)))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* A ;-separated list from the manifest, without empty entries. */
static char **
read_list (GKeyFile *file, const char *key)
{
  g_auto(GStrv) raw = g_key_file_get_string_list (file, "Plugin", key, NULL, NULL);
  GPtrArray *list = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  for (guint i = 0; raw != NULL && raw[i] != NULL; i++)
    {
      g_autofree char *item = g_strstrip (g_strdup (raw[i]));
      if (*item != '\0')
        g_ptr_array_add (list, g_steal_pointer (&item));
    }
  return (char **) g_ptr_array_free (list, FALSE);
}

static char *
read_string (GKeyFile *file, const char *key)
{
  char *value = g_key_file_get_string (file, "Plugin", key, NULL);

  if (value != NULL)
    g_strstrip (value);
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/* The manifest in the folder, or its text `data` when not NULL. */
static gboolean
read_manifest (JoineryPlugin *self, const char *data, gsize len, char ***reports, char ***workflows,
               char ***actions)
{
  g_autofree char *path = g_build_filename (self->folder, "manifest.ini", NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *api = NULL;
  g_autofree char *permissions = NULL;
  guint64 api_version;

  if (data != NULL ? !g_key_file_load_from_data (file, data, len, G_KEY_FILE_NONE, &error)
                   : !g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error))
    {
      mark_broken_message (self, "manifest.ini", "its manifest cannot be read: %s", error->message);
      return FALSE;
    }
  if (!g_key_file_has_group (file, "Plugin"))
    {
      mark_broken_message (self, "manifest.ini", "its manifest has no [Plugin] section");
      return FALSE;
    }
  id = read_string (file, "id");
  if (!is_plugin_id (id))
    {
      mark_broken_message (self, "manifest.ini", "its manifest's id is missing or not lower case letters, "
                                                 "digits, - and _");
      return FALSE;
    }
  g_free (self->id);
  self->id = g_steal_pointer (&id);
  self->name = read_string (file, "name");
  self->version = read_string (file, "version");
  self->author = read_string (file, "author");
  self->description = read_string (file, "description");
  self->category = read_string (file, "category");
  if (self->name == NULL || self->version == NULL)
    {
      mark_broken_message (self, "manifest.ini", "its manifest needs a name and a version");
      return FALSE;
    }
  api = read_string (file, "api");
  if (api == NULL || !g_ascii_string_to_unsigned (api, 10, 1, G_MAXUINT, &api_version, NULL))
    {
      mark_broken_message (self, "manifest.ini", "its manifest must say which API version it needs (api=%d)",
                           JOINERY_LUA_API_VERSION);
      return FALSE;
    }
  self->api_version = (guint) api_version;
  if (self->api_version > JOINERY_LUA_API_VERSION)
    {
      mark_broken_message (self, "manifest.ini", "it needs API version %u; this Joinery provides version %d",
                           self->api_version, JOINERY_LUA_API_VERSION);
      return FALSE;
    }
  permissions = read_string (file, "permissions");
  if (g_strcmp0 (permissions, "read") != 0 && g_strcmp0 (permissions, "write") != 0)
    {
      mark_broken_message (self, "manifest.ini", "its manifest's permissions must be “read” or “write”");
      return FALSE;
    }
  self->may_write = g_str_equal (permissions, "write");
  g_free (self->main);
  self->main = read_string (file, "main");
  if (self->main == NULL)
    self->main = g_strdup ("main.lua");
  if (g_path_is_absolute (self->main) || strstr (self->main, "..") != NULL)
    {
      mark_broken_message (self, "manifest.ini", "its main file must be inside its folder");
      return FALSE;
    }
  *reports = read_list (file, "reports");
  *workflows = read_list (file, "workflows");
  *actions = read_list (file, "actions");
  if (!self->may_write && (g_strv_length (*workflows) > 0 || g_strv_length (*actions) > 0))
    {
      mark_broken_message (self, "manifest.ini", "workflows and actions need permissions=write");
      return FALSE;
    }
  return TRUE;
}

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
dup_member (JsonObject *object, const char *name)
{
  const char *text = member_string (object, name);
  return text != NULL ? g_utf8_make_valid (text, -1) : NULL;
}

static char *
dup_value_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

static char **
dup_string_array (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  GPtrArray *list = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        JsonNode *item = json_array_get_element (json_node_get_array (node), i);
        if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
          g_ptr_array_add (list, g_strdup (json_node_get_string (item)));
      }
  return (char **) g_ptr_array_free (list, FALSE);
}

static JoineryReportParam *
read_param (JsonObject *object)
{
  static const char * const types[] = { "text", "number", "date", "choice", "record", NULL };
  JoineryReportParam *param = g_new0 (JoineryReportParam, 1);
  const char *type = member_string (object, "type");
  JsonNode *required = json_object_get_member (object, "required");

  param->name = dup_member (object, "name");
  param->label = dup_member (object, "label");
  if (param->label == NULL)
    param->label = g_strdup (param->name);
  param->help = dup_member (object, "help");
  for (guint i = 0; types[i] != NULL; i++)
    if (g_strcmp0 (type, types[i]) == 0)
      param->type = (JoineryReportParamType) i;
  param->required = required != NULL && JSON_NODE_HOLDS_VALUE (required) &&
                    json_node_get_value_type (required) == G_TYPE_BOOLEAN && json_node_get_boolean (required);
  param->default_value = dup_value_text (json_object_get_member (object, "default"));
  param->choices = dup_string_array (object, "choices");
  if (member_string (object, "kind") != NULL)
    param->kind = joinery_kind_lookup (member_string (object, "kind"));
  return param;
}

/* Read what the code declared; check it against the manifest. */
static void
read_description (JoineryPlugin *self, JsonObject *description, char **reports, char **workflows,
                  char **actions)
{
  static const char * const lists[] = { "reports", "workflows", "actions" };
  char **declared_lists[] = { reports, workflows, actions };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonNode *node = json_object_get_member (description, lists[l]);
      JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      g_autoptr(GPtrArray) seen = g_ptr_array_new ();

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          JsonObject *object;
          const char *id;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          object = json_node_get_object (item);
          id = member_string (object, "id");
          if (id == NULL)
            continue;
          if (!g_strv_contains ((const char * const *) declared_lists[l], id))
            {
              mark_broken_message (self, self->main, "its code declares the %.*s “%s”, which its manifest "
                                   "does not list (add it to %s= in manifest.ini)",
                                   (int) strlen (lists[l]) - 1, lists[l], id, lists[l]);
              return;
            }
          for (guint k = 0; k < seen->len; k++)
            if (g_str_equal (seen->pdata[k], id))
              {
                mark_broken_message (self, self->main, "its code declares the %.*s “%s” twice",
                                     (int) strlen (lists[l]) - 1, lists[l], id);
                return;
              }
          g_ptr_array_add (seen, (gpointer) id);
          if (l == 0)
            {
              JoineryReportInfo *info = g_new0 (JoineryReportInfo, 1);
              JsonNode *params = json_object_get_member (object, "params");

              info->id = g_strdup (id);
              info->title = dup_member (object, "title");
              info->description = dup_member (object, "description");
              info->params = g_ptr_array_new_with_free_func ((GDestroyNotify) report_param_free);
              if (params != NULL && JSON_NODE_HOLDS_ARRAY (params))
                for (guint p = 0; p < json_array_get_length (json_node_get_array (params)); p++)
                  {
                    JsonNode *pn = json_array_get_element (json_node_get_array (params), p);
                    if (JSON_NODE_HOLDS_OBJECT (pn))
                      g_ptr_array_add (info->params, read_param (json_node_get_object (pn)));
                  }
              g_ptr_array_add (self->reports, info);
            }
          else if (l == 1)
            {
              JoineryWorkflowInfo *info = g_new0 (JoineryWorkflowInfo, 1);
              JsonNode *when = json_object_get_member (object, "when");

              info->id = g_strdup (id);
              info->title = dup_member (object, "title");
              info->description = dup_member (object, "description");
              info->on = dup_string_array (object, "on");
              info->has_when = when != NULL && JSON_NODE_HOLDS_VALUE (when);
              g_ptr_array_add (self->workflows, info);
            }
          else
            {
              JoineryActionInfo *info = g_new0 (JoineryActionInfo, 1);

              info->id = g_strdup (id);
              info->title = dup_member (object, "title");
              info->description = dup_member (object, "description");
              info->kind = joinery_kind_lookup (member_string (object, "kind") != NULL ? member_string (object, "kind") : "");
              g_ptr_array_add (self->actions, info);
            }
        }
      for (guint i = 0; declared_lists[l][i] != NULL; i++)
        {
          gboolean found = FALSE;
          for (guint k = 0; k < seen->len && !found; k++)
            found = g_str_equal (seen->pdata[k], declared_lists[l][i]);
          if (!found)
            {
              mark_broken_message (self, self->main, "its manifest lists the %.*s “%s”, which its code "
                                   "does not declare", (int) strlen (lists[l]) - 1, lists[l], declared_lists[l][i]);
              return;
            }
        }
    }
}

JoineryPlugin *
joinery_plugin_load (const char *folder)
{
  JoineryPlugin *self = g_object_new (JOINERY_TYPE_PLUGIN, NULL);
  g_auto(GStrv) reports = NULL;
  g_auto(GStrv) workflows = NULL;
  g_auto(GStrv) actions = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JoineryLuaLimits limits = { DESCRIBE_TIME_MS, DESCRIBE_MEMORY, NULL };
  GError *error = NULL;

  g_return_val_if_fail (folder != NULL, NULL);

  self->folder = g_canonicalize_filename (folder, NULL);
  self->id = g_path_get_basename (self->folder);
  self->main = g_strdup ("main.lua");
  if (!read_manifest (self, NULL, 0, &reports, &workflows, &actions))
    return self;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, "describe");
  json_builder_set_member_name (builder, "plugin");
  json_builder_add_value (builder, joinery_lua_plugin_node (self->id, self->folder, self->main, self->may_write));
  json_builder_end_object (builder);
  result = joinery_lua_spawn (self->id, json_builder_get_root (builder), &limits, NULL, NULL, NULL, &error);
  if (result == NULL)
    {
      mark_broken (self, error);
      return self;
    }
  if (!JSON_NODE_HOLDS_OBJECT (result))
    {
      mark_broken_message (self, self->main, "its description cannot be read");
      return self;
    }
  read_description (self, json_node_get_object (result), reports, workflows, actions);
  return self;
}

JoineryPlugin *
joinery_plugin_load_from_data (const char *folder, const char *manifest, gsize manifest_len,
                               const char *description, gssize description_len)
{
  JoineryPlugin *self = g_object_new (JOINERY_TYPE_PLUGIN, NULL);
  g_auto(GStrv) reports = NULL;
  g_auto(GStrv) workflows = NULL;
  g_auto(GStrv) actions = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_return_val_if_fail (folder != NULL && manifest != NULL && description != NULL, NULL);

  self->folder = g_canonicalize_filename (folder, NULL);
  self->id = g_path_get_basename (self->folder);
  self->main = g_strdup ("main.lua");
  if (!read_manifest (self, manifest, manifest_len, &reports, &workflows, &actions))
    return self;
  if (!json_parser_load_from_data (parser, description, description_len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      mark_broken_message (self, self->main, "its description cannot be read");
      return self;
    }
  read_description (self, json_node_get_object (root), reports, workflows, actions);
  return self;
}

const char *joinery_plugin_get_id (JoineryPlugin *self) { return self->id; }
const char *joinery_plugin_get_name (JoineryPlugin *self) { return self->name != NULL ? self->name : self->id; }
const char *joinery_plugin_get_version (JoineryPlugin *self) { return self->version; }
const char *joinery_plugin_get_author (JoineryPlugin *self) { return self->author; }
const char *joinery_plugin_get_description (JoineryPlugin *self) { return self->description; }
const char *joinery_plugin_get_category (JoineryPlugin *self) { return self->category; }
guint joinery_plugin_get_api_version (JoineryPlugin *self) { return self->api_version; }
const char *joinery_plugin_get_folder (JoineryPlugin *self) { return self->folder; }
const char *joinery_plugin_get_main (JoineryPlugin *self) { return self->main; }
gboolean joinery_plugin_may_write (JoineryPlugin *self) { return self->may_write; }
JoineryPluginStatus joinery_plugin_get_status (JoineryPlugin *self) { return self->status; }
const GError *joinery_plugin_get_error (JoineryPlugin *self) { return self->error; }
GPtrArray *joinery_plugin_get_reports (JoineryPlugin *self) { return self->reports; }
GPtrArray *joinery_plugin_get_workflows (JoineryPlugin *self) { return self->workflows; }
GPtrArray *joinery_plugin_get_actions (JoineryPlugin *self) { return self->actions; }

const char *
joinery_plugin_status_to_string (JoineryPluginStatus status)
{
  return status == JOINERY_PLUGIN_OK ? "ok" : status == JOINERY_PLUGIN_BROKEN ? "broken" : "shadowed";
}

/* The id is the first member of each of the three info structures. */
static gconstpointer
find_by_id (GPtrArray *list, const char *id)
{
  for (guint i = 0; id != NULL && i < list->len; i++)
    if (g_str_equal (*(char **) list->pdata[i], id))
      return list->pdata[i];
  return NULL;
}

const JoineryReportInfo *
joinery_plugin_find_report (JoineryPlugin *self, const char *id)
{
  return find_by_id (self->reports, id);
}

const JoineryWorkflowInfo *
joinery_plugin_find_workflow (JoineryPlugin *self, const char *id)
{
  return find_by_id (self->workflows, id);
}

const JoineryActionInfo *
joinery_plugin_find_action (JoineryPlugin *self, const char *id)
{
  return find_by_id (self->actions, id);
}

/* The registry */

struct _JoineryPluginRegistry
{
  GObject    parent_instance;
  GPtrArray *folders;  /* char * */
  GPtrArray *plugins;  /* JoineryPlugin */
};

G_DEFINE_FINAL_TYPE (JoineryPluginRegistry, joinery_plugin_registry, G_TYPE_OBJECT)

static void
joinery_plugin_registry_finalize (GObject *object)
{
  JoineryPluginRegistry *self = JOINERY_PLUGIN_REGISTRY (object);

  g_ptr_array_unref (self->folders);
  g_ptr_array_unref (self->plugins);
  G_OBJECT_CLASS (joinery_plugin_registry_parent_class)->finalize (object);
}

static void
joinery_plugin_registry_class_init (JoineryPluginRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = joinery_plugin_registry_finalize;
}

static void
joinery_plugin_registry_init (JoineryPluginRegistry *self)
{
  self->folders = g_ptr_array_new_with_free_func (g_free);
  self->plugins = g_ptr_array_new_with_free_func (g_object_unref);
}

JoineryPluginRegistry *
joinery_plugin_registry_new (void)
{
  return g_object_new (JOINERY_TYPE_PLUGIN_REGISTRY, NULL);
}

void
joinery_plugin_registry_add_folder (JoineryPluginRegistry *self, const char *folder)
{
  g_return_if_fail (JOINERY_IS_PLUGIN_REGISTRY (self) && folder != NULL);
  g_ptr_array_add (self->folders, g_canonicalize_filename (folder, NULL));
}

char *
joinery_plugins_user_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "joinery", "plugins", NULL);
}

void
joinery_plugin_registry_add_default_folders (JoineryPluginRegistry *self)
{
  g_autofree char *user = joinery_plugins_user_folder ();
  g_autofree char *bundled = joinery_plugins_bundled_folder ();

  joinery_plugin_registry_add_folder (self, user);
  joinery_plugin_registry_add_folder (self, bundled);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

void
joinery_plugin_registry_load (JoineryPluginRegistry *self)
{
  g_return_if_fail (JOINERY_IS_PLUGIN_REGISTRY (self));

  g_ptr_array_set_size (self->plugins, 0);
  for (guint f = 0; f < self->folders->len; f++)
    {
      g_autoptr(GDir) dir = g_dir_open (self->folders->pdata[f], 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (self->folders->pdata[f], name, NULL);
          g_autofree char *manifest = g_build_filename (path, "manifest.ini", NULL);
          g_autofree char *main = g_build_filename (path, "main.lua", NULL);

          /* A folder is a plugin when it has a manifest or Lua code to run
           * (a shared lib/ folder has neither at its top). */
          if (name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_DIR) &&
              (g_file_test (manifest, G_FILE_TEST_EXISTS) || g_file_test (main, G_FILE_TEST_EXISTS)))
            g_ptr_array_add (names, g_strdup (name));
        }
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *path = g_build_filename (self->folders->pdata[f], names->pdata[i], NULL);
          JoineryPlugin *plugin = joinery_plugin_load (path);
          JoineryPlugin *earlier = joinery_plugin_registry_find_plugin (self, plugin->id);

          if (earlier != NULL && plugin->status == JOINERY_PLUGIN_OK)
            {
              g_autofree char *message = g_strdup_printf ("plugin “%s” in %s is not used: %s provides the same id",
                                                          plugin->id, plugin->folder, earlier->folder);
              mark_broken (plugin, joinery_script_error_new (JOINERY_SCRIPT_ERROR_FAILED, plugin->id, NULL, 0,
                                                             NULL, message));
              plugin->status = JOINERY_PLUGIN_SHADOWED;
            }
          g_ptr_array_add (self->plugins, plugin);
        }
    }
}

GPtrArray *
joinery_plugin_registry_get_plugins (JoineryPluginRegistry *self)
{
  return self->plugins;
}

JoineryPlugin *
joinery_plugin_registry_find_plugin (JoineryPluginRegistry *self, const char *id)
{
  for (guint i = 0; i < self->plugins->len; i++)
    {
      JoineryPlugin *plugin = self->plugins->pdata[i];
      if (plugin->status != JOINERY_PLUGIN_SHADOWED && g_strcmp0 (plugin->id, id) == 0)
        return plugin;
    }
  return NULL;
}

/* Find `id` ("id" or "plugin/id") in one of the three lists of every usable plugin. */
static gconstpointer
find_provided (JoineryPluginRegistry *self, const char *what, guint list, const char *id,
               JoineryPlugin **plugin, GError **error)
{
  const char *slash = strchr (id, '/');
  g_autofree char *plugin_id = slash != NULL ? g_strndup (id, slash - id) : NULL;
  const char *item_id = slash != NULL ? slash + 1 : id;
  g_autoptr(GString) providers = g_string_new (NULL);
  gconstpointer found = NULL;
  guint n = 0;

  for (guint i = 0; i < self->plugins->len; i++)
    {
      JoineryPlugin *p = self->plugins->pdata[i];
      GPtrArray *items = list == 0 ? p->reports : list == 1 ? p->workflows : p->actions;
      gconstpointer item;

      if (p->status != JOINERY_PLUGIN_OK || (plugin_id != NULL && strcmp (plugin_id, p->id) != 0))
        continue;
      item = find_by_id (items, item_id);
      if (item == NULL)
        continue;
      g_string_append_printf (providers, "%s%s/%s", n > 0 ? ", " : "", p->id, item_id);
      if (n++ == 0)
        {
          found = item;
          *plugin = p;
        }
    }
  if (n == 1)
    return found;
  if (n == 0)
    g_set_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_NOT_FOUND,
                 "there is no %s “%s” (see “joinery plugins”)", what, id);
  else
    g_set_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_NOT_FOUND,
                 "several plugins provide the %s “%s”: name one of %s", what, id, providers->str);
  *plugin = NULL;
  return NULL;
}

const JoineryReportInfo *
joinery_plugin_registry_find_report (JoineryPluginRegistry *self, const char *id, JoineryPlugin **plugin,
                                     GError **error)
{
  return find_provided (self, "report", 0, id, plugin, error);
}

const JoineryWorkflowInfo *
joinery_plugin_registry_find_workflow (JoineryPluginRegistry *self, const char *id, JoineryPlugin **plugin,
                                       GError **error)
{
  return find_provided (self, "workflow", 1, id, plugin, error);
}

const JoineryActionInfo *
joinery_plugin_registry_find_action (JoineryPluginRegistry *self, const char *id, JoineryPlugin **plugin,
                                     GError **error)
{
  return find_provided (self, "action", 2, id, plugin, error);
}
