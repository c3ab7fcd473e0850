/* joinery-lua-api.h: the version of the Lua API that plugins are written
 * against. A plugin's manifest names the version it needs (api=1); a
 * plugin that needs a newer one is listed as broken, with that reason.
 * The API of a version never changes in a way that breaks a plugin
 * written for it; tests/lua/ holds it to that. */
#pragma once

#define JOINERY_LUA_API_VERSION 1
