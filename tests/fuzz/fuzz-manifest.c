/* fuzz-manifest.c: libFuzzer target for reading a plugin
 * (app/lua/joinery-plugin.c): its manifest.ini, and the description of
 * what its code declares, which the plugin's own code makes in the sandbox
 * and so is as much outside input as the manifest.
 *
 * The input is the manifest's text, then a NUL byte and the description's
 * JSON (when there is no NUL, the description is "{}"). Besides not
 * crashing, leaking or overrunning, reading keeps its promises:
 *
 *   - the plugin is well or broken, and a broken one says why and
 *     provides nothing;
 *   - a plugin that is well has an id of lower case letters, digits, - and
 *     _, a name and a version, an API version this Joinery provides, a
 *     main file inside its folder, no workflows or actions unless it may
 *     write, and provides each thing it lists exactly once, as its code
 *     declared it.
 */
#include "fuzz-util.h"
#include "joinery-plugin-private.h"

#include <string.h>

static void
check_well (JoineryPlugin *plugin)
{
  const char *id = joinery_plugin_get_id (plugin);
  const char *main_file = joinery_plugin_get_main (plugin);
  GPtrArray *lists[] = {
    joinery_plugin_get_reports (plugin),
    joinery_plugin_get_workflows (plugin),
    joinery_plugin_get_actions (plugin),
  };

  if (joinery_plugin_get_error (plugin) != NULL)
    fuzz_fail ("a plugin that is well has an error");
  if (id == NULL || *id == '\0' || strspn (id, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen (id))
    fuzz_fail ("a plugin that is well has the id “%s”", id);
  if (joinery_plugin_get_version (plugin) == NULL || joinery_plugin_get_name (plugin) == NULL)
    fuzz_fail ("a plugin that is well has no name or version");
  if (joinery_plugin_get_api_version (plugin) < 1 || joinery_plugin_get_api_version (plugin) > JOINERY_LUA_API_VERSION)
    fuzz_fail ("a plugin that is well needs API version %u", joinery_plugin_get_api_version (plugin));
  if (main_file == NULL || g_path_is_absolute (main_file) || strstr (main_file, "..") != NULL)
    fuzz_fail ("a plugin that is well runs “%s”", main_file);
  if (!joinery_plugin_may_write (plugin) && (lists[1]->len > 0 || lists[2]->len > 0))
    fuzz_fail ("a plugin that may not write provides workflows or actions");
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        /* Each info begins with its id. */
        const char *item = *(const char * const *) lists[l]->pdata[i];
        gconstpointer found = l == 0 ? (gconstpointer) joinery_plugin_find_report (plugin, item)
                            : l == 1 ? (gconstpointer) joinery_plugin_find_workflow (plugin, item)
                            : (gconstpointer) joinery_plugin_find_action (plugin, item);
        if (item == NULL || found != lists[l]->pdata[i])
          fuzz_fail ("a plugin provides “%s” twice, or it cannot be found", item);
      }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *folder = g_build_filename (fuzz_tmp_dir (), "fuzzed-plugin", NULL);
  const uint8_t *nul = memchr (data, '\0', size);
  gsize manifest_len = nul != NULL ? (gsize) (nul - data) : size;
  g_autofree char *description = nul != NULL ? g_strndup ((const char *) nul + 1, size - manifest_len - 1)
                                             : g_strdup ("{}");
  gsize description_len = nul != NULL ? size - manifest_len - 1 : 2;
  g_autofree char *manifest = g_strndup ((const char *) data, manifest_len);
  g_autoptr(JoineryPlugin) plugin = NULL;

  plugin = joinery_plugin_load_from_data (folder, manifest, manifest_len, description, (gssize) description_len);
  if (plugin == NULL)
    fuzz_fail ("no plugin at all");
  switch (joinery_plugin_get_status (plugin))
    {
    case JOINERY_PLUGIN_OK:
      check_well (plugin);
      break;
    case JOINERY_PLUGIN_BROKEN:
      if (joinery_plugin_get_error (plugin) == NULL || *joinery_plugin_get_error (plugin)->message == '\0')
        fuzz_fail ("a broken plugin does not say why");
      if (joinery_plugin_get_reports (plugin)->len + joinery_plugin_get_workflows (plugin)->len +
          joinery_plugin_get_actions (plugin)->len > 0)
        fuzz_fail ("a broken plugin provides something");
      break;
    case JOINERY_PLUGIN_SHADOWED:
    default:
      fuzz_fail ("a plugin read alone is shadowed");
    }
  return 0;
}
