/* joinery-plugin-trust.c: approvals of plugins that may write, pinned to
 * a hash of their files (see joinery-plugin-trust.h). */
#include "joinery-plugin-trust.h"
#include "joinery-script-error.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#define APPROVALS_GROUP_PREFIX "plugin "

char *
joinery_plugin_approvals_file (void)
{
  /* Read the variable each time rather than g_get_user_config_dir()'s
   * cached answer: tests and the command line may point it elsewhere. */
  const char *config = g_getenv ("XDG_CONFIG_HOME");

  if (config == NULL || *config == '\0' || !g_path_is_absolute (config))
    config = g_get_user_config_dir ();
  return g_build_filename (config, "joinery", "plugin-approvals.ini", NULL);
}

static gboolean
collect_files (const char *root, const char *relative, GPtrArray *files, GError **error)
{
  g_autofree char *path = relative[0] != '\0' ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = g_dir_open (path, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_relative = relative[0] != '\0' ? g_build_filename (relative, name, NULL) : g_strdup (name);
      g_autofree char *child = g_build_filename (root, child_relative, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;  /* the sandbox does not follow them either */
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (!collect_files (root, child_relative, files, error))
            return FALSE;
        }
      else if ((relative[0] == '\0' && strcmp (name, "manifest.ini") == 0) || g_str_has_suffix (name, ".lua"))
        g_ptr_array_add (files, g_steal_pointer (&child_relative));
    }
  return TRUE;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

char *
joinery_plugin_compute_hash (const char *folder, GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (folder != NULL, NULL);

  if (!collect_files (folder, "", files, error))
    return NULL;
  g_ptr_array_sort (files, compare_paths);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, files->pdata[i], NULL);
      g_autofree char *contents = NULL;
      g_autofree char *length = NULL;
      gsize size = 0;

      if (!g_file_get_contents (path, &contents, &size, error))
        return NULL;
      /* Name, length and bytes of each file: no two sets of files hash alike
       * by moving bytes from one file to the next. */
      length = g_strdup_printf ("%" G_GSIZE_FORMAT, size);
      g_checksum_update (checksum, (const guchar *) files->pdata[i], strlen (files->pdata[i]) + 1);
      g_checksum_update (checksum, (const guchar *) length, strlen (length) + 1);
      g_checksum_update (checksum, (const guchar *) contents, size);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
is_bundled (JoineryPlugin *plugin)
{
  g_autofree char *bundled = joinery_plugins_bundled_folder ();
  g_autofree char *root = g_canonicalize_filename (bundled, NULL);
  g_autofree char *folder = g_canonicalize_filename (joinery_plugin_get_folder (plugin), NULL);
  g_autofree char *parent = g_path_get_dirname (folder);

  return strcmp (parent, root) == 0;
}

static GKeyFile *
load_approvals (char **path_out)
{
  g_autofree char *path = joinery_plugin_approvals_file ();
  GKeyFile *file = g_key_file_new ();

  /* A missing or unreadable file approves nothing. */
  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return file;
}

JoineryPluginTrust
joinery_plugin_get_trust (JoineryPlugin *plugin)
{
  g_autoptr(GKeyFile) approvals = NULL;
  g_autofree char *group = NULL;
  g_autofree char *approved = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (JOINERY_IS_PLUGIN (plugin), JOINERY_PLUGIN_TRUST_UNAPPROVED);

  if (!joinery_plugin_may_write (plugin))
    return JOINERY_PLUGIN_TRUST_READ_ONLY;
  if (is_bundled (plugin))
    return JOINERY_PLUGIN_TRUST_BUNDLED;
  approvals = load_approvals (NULL);
  group = g_strconcat (APPROVALS_GROUP_PREFIX, joinery_plugin_get_id (plugin), NULL);
  approved = g_key_file_get_string (approvals, group, "sha256", NULL);
  if (approved == NULL)
    return JOINERY_PLUGIN_TRUST_UNAPPROVED;
  hash = joinery_plugin_compute_hash (joinery_plugin_get_folder (plugin), NULL);
  if (hash == NULL || strcmp (hash, approved) != 0)
    return JOINERY_PLUGIN_TRUST_CHANGED;
  return JOINERY_PLUGIN_TRUST_APPROVED;
}

const char *
joinery_plugin_trust_to_string (JoineryPluginTrust trust)
{
  static const char * const names[] = { "read-only", "bundled", "approved", "not-approved", "changed" };

  g_return_val_if_fail (trust <= JOINERY_PLUGIN_TRUST_CHANGED, "not-approved");
  return names[trust];
}

const char *
joinery_plugin_trust_describe (JoineryPluginTrust trust)
{
  static const char * const sentences[] = {
    "reads only: needs no approval",
    "comes with Joinery",
    "approved by you",
    "asks to change data: not approved yet",
    "changed since you approved it: approve it again",
  };

  g_return_val_if_fail (trust <= JOINERY_PLUGIN_TRUST_CHANGED, sentences[JOINERY_PLUGIN_TRUST_UNAPPROVED]);
  return sentences[trust];
}

gboolean
joinery_plugin_trust_allows (JoineryPluginTrust trust)
{
  return trust <= JOINERY_PLUGIN_TRUST_APPROVED;
}

static gboolean
save_approvals (GKeyFile *approvals, const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot make “%s”: %s", dir,
                   g_strerror (errno));
      return FALSE;
    }
  /* g_key_file_save_to_file writes a temporary file and renames it. */
  return g_key_file_save_to_file (approvals, path, error);
}

gboolean
joinery_plugin_approve (JoineryPlugin *plugin, GError **error)
{
  g_autoptr(GKeyFile) approvals = NULL;
  g_autofree char *path = NULL;
  g_autofree char *group = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_now_utc ();

  g_return_val_if_fail (JOINERY_IS_PLUGIN (plugin), FALSE);

  hash = joinery_plugin_compute_hash (joinery_plugin_get_folder (plugin), error);
  if (hash == NULL)
    return FALSE;
  approvals = load_approvals (&path);
  group = g_strconcat (APPROVALS_GROUP_PREFIX, joinery_plugin_get_id (plugin), NULL);
  now = g_date_time_format_iso8601 (time);
  g_key_file_set_string (approvals, group, "sha256", hash);
  g_key_file_set_string (approvals, group, "folder", joinery_plugin_get_folder (plugin));
  g_key_file_set_string (approvals, group, "approved-at", now);
  return save_approvals (approvals, path, error);
}

gboolean
joinery_plugin_revoke (JoineryPlugin *plugin, GError **error)
{
  g_autoptr(GKeyFile) approvals = NULL;
  g_autofree char *path = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (JOINERY_IS_PLUGIN (plugin), FALSE);

  approvals = load_approvals (&path);
  group = g_strconcat (APPROVALS_GROUP_PREFIX, joinery_plugin_get_id (plugin), NULL);
  if (!g_key_file_has_group (approvals, group))
    return TRUE;
  g_key_file_remove_group (approvals, group, NULL);
  return save_approvals (approvals, path, error);
}

gboolean
joinery_plugin_check_trust (JoineryPlugin *plugin, GError **error)
{
  g_autofree char *message = NULL;
  JoineryPluginTrust trust;
  const char *id;

  g_return_val_if_fail (JOINERY_IS_PLUGIN (plugin), FALSE);

  trust = joinery_plugin_get_trust (plugin);
  if (joinery_plugin_trust_allows (trust))
    return TRUE;
  id = joinery_plugin_get_id (plugin);
  if (trust == JOINERY_PLUGIN_TRUST_CHANGED)
    message = g_strdup_printf ("plugin “%s” has changed since you approved it; it will not run until "
                               "you approve it again (joinery plugin approve %s)", id, id);
  else
    message = g_strdup_printf ("plugin “%s” asks to change data and you have not approved it; "
                               "it will not run until you do (joinery plugin approve %s)", id, id);
  g_propagate_error (error, joinery_script_error_new (JOINERY_SCRIPT_ERROR_NOT_APPROVED, id, NULL, 0, NULL, message));
  return FALSE;
}
