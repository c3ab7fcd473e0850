/* joinery-plugin-trust.h: which plugins the user has approved to change
 * data.
 *
 * A plugin that asks only to read runs in the sandbox on a read-only
 * connection and needs no approval. A plugin that asks for `write` (its
 * workflows and actions change records) stays off until the user approves
 * it, and the approval is pinned to its content: a SHA-256 over its
 * manifest and Lua files. Change one byte and it is "changed since you
 * approved it" and asks again. Bundled plugins (those installed with
 * Joinery, in joinery_plugins_bundled_folder()) are trusted by being
 * bundled: they are reviewed and tested with the program.
 *
 * Approvals are the user's, not the database's: they are kept in
 * $XDG_CONFIG_HOME/joinery/plugin-approvals.ini (read afresh each time, so
 * that another process's approval counts at once). The layer that runs
 * plugins (joinery-lua-run.c) enforces them, not only the window.
 */
#pragma once

#include "joinery-plugin.h"

G_BEGIN_DECLS

typedef enum {
  JOINERY_PLUGIN_TRUST_READ_ONLY,   /* asks only to read: runs without approval */
  JOINERY_PLUGIN_TRUST_BUNDLED,     /* comes with Joinery */
  JOINERY_PLUGIN_TRUST_APPROVED,    /* approved as it is now */
  JOINERY_PLUGIN_TRUST_UNAPPROVED,  /* asks to write, never approved */
  JOINERY_PLUGIN_TRUST_CHANGED,     /* approved once, changed since */
} JoineryPluginTrust;

/* The SHA-256 (hex) over the plugin folder's manifest.ini and every .lua
 * file under it (by path, sorted), or NULL if a file cannot be read. */
char               *joinery_plugin_compute_hash       (const char *folder, GError **error);

/* Where approvals are kept. */
char               *joinery_plugin_approvals_file     (void);

/* The plugin's trust, from its files as they are on disk now. */
JoineryPluginTrust  joinery_plugin_get_trust          (JoineryPlugin *plugin);
const char         *joinery_plugin_trust_to_string    (JoineryPluginTrust trust);
/* A sentence for people: "approved", "changed since you approved it"… */
const char         *joinery_plugin_trust_describe     (JoineryPluginTrust trust);
/* TRUE when the plugin may run: read-only, bundled or approved as it is. */
gboolean            joinery_plugin_trust_allows       (JoineryPluginTrust trust);

/* Approve the plugin as its files are now, or take the approval back. */
gboolean            joinery_plugin_approve            (JoineryPlugin *plugin, GError **error);
gboolean            joinery_plugin_revoke             (JoineryPlugin *plugin, GError **error);

/* NULL-free check for the runners: FALSE with JOINERY_SCRIPT_ERROR_NOT_APPROVED
 * and a message naming the command that approves it. */
gboolean            joinery_plugin_check_trust        (JoineryPlugin *plugin, GError **error);

G_END_DECLS
