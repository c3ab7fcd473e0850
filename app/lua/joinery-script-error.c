/* joinery-script-error.c: the JOINERY_SCRIPT_ERROR domain and the details
 * it carries, as a GLib extended error domain. */
#include "joinery-script-error.h"

typedef struct {
  char *plugin;
  char *file;
  int   line;
  char *traceback;
} JoineryScriptErrorPrivate;

static void
joinery_script_error_private_init (JoineryScriptErrorPrivate *priv)
{
}

static void
joinery_script_error_private_copy (const JoineryScriptErrorPrivate *src,
                                   JoineryScriptErrorPrivate       *dest)
{
  dest->plugin = g_strdup (src->plugin);
  dest->file = g_strdup (src->file);
  dest->line = src->line;
  dest->traceback = g_strdup (src->traceback);
}

static void
joinery_script_error_private_clear (JoineryScriptErrorPrivate *priv)
{
  g_clear_pointer (&priv->plugin, g_free);
  g_clear_pointer (&priv->file, g_free);
  g_clear_pointer (&priv->traceback, g_free);
}

G_DEFINE_EXTENDED_ERROR (JoineryScriptError, joinery_script_error)

const char *
joinery_script_error_get_plugin (const GError *error)
{
  JoineryScriptErrorPrivate *priv = joinery_script_error_get_private (error);
  return priv != NULL ? priv->plugin : NULL;
}

const char *
joinery_script_error_get_file (const GError *error)
{
  JoineryScriptErrorPrivate *priv = joinery_script_error_get_private (error);
  return priv != NULL ? priv->file : NULL;
}

int
joinery_script_error_get_line (const GError *error)
{
  JoineryScriptErrorPrivate *priv = joinery_script_error_get_private (error);
  return priv != NULL ? priv->line : 0;
}

const char *
joinery_script_error_get_traceback (const GError *error)
{
  JoineryScriptErrorPrivate *priv = joinery_script_error_get_private (error);
  return priv != NULL ? priv->traceback : NULL;
}

void
joinery_script_error_set_details (GError *error, const char *plugin, const char *file, int line,
                                  const char *traceback)
{
  JoineryScriptErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == JOINERY_SCRIPT_ERROR);

  priv = joinery_script_error_get_private (error);
  joinery_script_error_private_clear (priv);
  priv->plugin = g_strdup (plugin);
  priv->file = g_strdup (file);
  priv->line = line;
  priv->traceback = g_strdup (traceback);
}

GError *
joinery_script_error_new (JoineryScriptError code, const char *plugin, const char *file, int line,
                          const char *traceback, const char *message)
{
  GError *error = g_error_new_literal (JOINERY_SCRIPT_ERROR, code, message);

  joinery_script_error_set_details (error, plugin, file, line, traceback);
  return error;
}
