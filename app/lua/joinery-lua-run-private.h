/* joinery-lua-run-private.h: starting the sandbox process and talking to
 * it, shared by the runs (joinery-lua-run.c) and the plugin loader
 * (joinery-plugin.c). */
#pragma once

#include <json-glib/json-glib.h>

#include "joinery-lua-run.h"

G_BEGIN_DECLS

/* Answer a workflow's "call": the record made or changed (a JSON object of
 * its columns), or NULL and the error to raise in the plugin. */
typedef JsonNode *(*JoineryLuaCallFunc) (const char *op, JsonObject *args, gpointer user_data,
                                         GError **error);

/* Run the sandbox on `request` (a JSON object, taken over); the "result"
 * member of its answer, or NULL and a JOINERY_SCRIPT_ERROR with the
 * plugin's file, line and traceback. `folder` is where the plugin's files
 * are, for the error's details. */
JsonNode *joinery_lua_spawn (const char *plugin_id, JsonNode *request,
                             const JoineryLuaLimits *limits, JoineryLuaCallFunc call,
                             gpointer user_data, char **log, GError **error);

/* The request's "plugin" member for `plugin`. */
JsonNode *joinery_lua_plugin_node (const char *id, const char *folder, const char *main,
                                   gboolean may_write);

G_END_DECLS
