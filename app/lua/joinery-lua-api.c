/* joinery-lua-api.c: the `joinery` module and the context a plugin's
 * functions are given.
 *
 * API version 1 (JOINERY_LUA_API_VERSION). A plugin declares what it
 * provides by calling joinery.report, joinery.workflow and joinery.action
 * with a table; each declaration is checked here, so that a mistake is
 * reported at the plugin's line and the plugin is listed as broken with
 * that reason. The context (`ctx`) is one object whose methods depend on
 * what runs: a report reads and writes output, a workflow or an action
 * reads and changes records through the host. The reference, with an
 * example of every function, is scripts/README.md; tests/lua/ holds it to
 * its word.
 */
#include "config.h"

#include "joinery-lua-runner-private.h"
#include "joinery-lua-api.h"

#include <string.h>

#define CONTEXT_TYPE "joinery.Context"

static const char * const param_types[] = { "text", "number", "date", "choice", "record", NULL };
static const char * const events[] = { "created", "changed", "deleted", "status", NULL };

static gboolean
is_identifier (const char *text, gboolean dashes)
{
  if (text == NULL || *text == '\0' || strlen (text) > 64 || !(g_ascii_islower (*text) || g_ascii_isdigit (*text) || *text == '_'))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && !(dashes && *p == '-'))
      return FALSE;
  return TRUE;
}

/* A string field of the declaration at `spec`, or NULL; raises when it is
 * required and missing, or not a string. */
static const char *
get_string (lua_State *L, int spec, const char *what, const char *key, gboolean required)
{
  int t = lua_getfield (L, spec, key);
  const char *value;

  if (t == LUA_TNIL && !required)
    {
      lua_pop (L, 1);
      return NULL;
    }
  if (t != LUA_TSTRING)
    {
      luaL_error (L, "%s: “%s” must be text", what, key);
      return NULL;
    }
  value = lua_tostring (L, -1);
  lua_pop (L, 1);  /* still referenced by the declaration */
  return value;
}

static void
check_function (lua_State *L, int spec, const char *what, const char *key, gboolean required)
{
  int t = lua_getfield (L, spec, key);

  lua_pop (L, 1);
  if (t == LUA_TFUNCTION || (t == LUA_TNIL && !required))
    return;
  luaL_error (L, "%s: “%s” must be a function", what, key);
}

/* Register the declaration at `spec` in the registry list `list`, by id. */
static void
register_declaration (lua_State *L, int spec, const char *list, const char *what, const char *id)
{
  lua_Integer n;

  luaL_getsubtable (L, LUA_REGISTRYINDEX, list);
  n = (lua_Integer) lua_rawlen (L, -1);
  for (lua_Integer i = 1; i <= n; i++)
    {
      lua_rawgeti (L, -1, i);
      lua_getfield (L, -1, "id");
      if (g_strcmp0 (lua_tostring (L, -1), id) == 0)
        luaL_error (L, "%s: the id “%s” is declared twice", what, id);
      lua_pop (L, 2);
    }
  lua_pushvalue (L, spec);
  lua_rawseti (L, -2, n + 1);
  lua_pop (L, 1);
}

static void
check_param (lua_State *L, int params, lua_Integer i)
{
  g_autofree char *what = NULL;
  const char *name, *type;
  int param;

  lua_rawgeti (L, params, i);
  param = lua_gettop (L);
  if (!lua_istable (L, param))
    luaL_error (L, "report: parameter %d must be a table { name = …, type = … }", (int) i);
  name = get_string (L, param, "report parameter", "name", TRUE);
  if (!is_identifier (name, FALSE))
    luaL_error (L, "report: parameter name “%s” must be lower case letters, digits and _", name);
  what = g_strdup_printf ("report: parameter “%s”", name);
  type = get_string (L, param, what, "type", TRUE);
  if (!g_strv_contains (param_types, type))
    luaL_error (L, "%s: type “%s” is not text, number, date, choice or record", what, type);
  get_string (L, param, what, "label", FALSE);
  get_string (L, param, what, "help", FALSE);
  if (lua_getfield (L, param, "required") != LUA_TNIL && !lua_isboolean (L, -1))
    luaL_error (L, "%s: “required” must be true or false", what);
  lua_pop (L, 1);

  if (strcmp (type, "choice") == 0)
    {
      lua_Integer n;
      if (lua_getfield (L, param, "choices") != LUA_TTABLE || (n = (lua_Integer) lua_rawlen (L, -1)) == 0)
        luaL_error (L, "%s: a choice needs “choices”, a list of text", what);
      for (lua_Integer c = 1; c <= n; c++)
        {
          if (lua_rawgeti (L, -1, c) != LUA_TSTRING)
            luaL_error (L, "%s: choice %d is not text", what, (int) c);
          lua_pop (L, 1);
        }
      lua_pop (L, 1);
    }
  if (strcmp (type, "record") == 0)
    {
      const char *kind = get_string (L, param, what, "kind", TRUE);
      if (joinery_kind_lookup (kind) == NULL)
        luaL_error (L, "%s: there is no kind of record called “%s”", what, kind);
    }
  if (lua_getfield (L, param, "default") != LUA_TNIL)
    {
      char iso[11];
      gboolean ok = (strcmp (type, "text") == 0 && lua_type (L, -1) == LUA_TSTRING) ||
                    (strcmp (type, "number") == 0 && lua_type (L, -1) == LUA_TNUMBER) ||
                    (strcmp (type, "date") == 0 && joinery_lua_date_to_iso (L, -1, iso)) ||
                    (strcmp (type, "record") == 0 && lua_isinteger (L, -1));
      if (strcmp (type, "choice") == 0 && lua_type (L, -1) == LUA_TSTRING)
        {
          lua_getfield (L, param, "choices");
          for (lua_Integer c = 1; c <= (lua_Integer) lua_rawlen (L, -1) && !ok; c++)
            {
              lua_rawgeti (L, -1, c);
              ok = lua_rawequal (L, -1, -3);
              lua_pop (L, 1);
            }
          lua_pop (L, 1);
        }
      if (!ok)
        luaL_error (L, "%s: the default does not fit its type (%s)", what, type);
      if (strcmp (type, "date") == 0)
        {
          lua_pushstring (L, iso);
          lua_setfield (L, param, "default");
        }
    }
  lua_pop (L, 2);
}

/* What every declaration has: a table with an id, a title, maybe a
 * description, and a run function. Returns the id. */
static const char *
check_common (lua_State *L, const char *what)
{
  const char *id;

  luaL_checktype (L, 1, LUA_TTABLE);
  lua_settop (L, 1);
  id = get_string (L, 1, what, "id", TRUE);
  if (!is_identifier (id, TRUE))
    luaL_error (L, "%s: id “%s” must be lower case letters, digits, - and _", what, id);
  get_string (L, 1, what, "title", TRUE);
  get_string (L, 1, what, "description", FALSE);
  check_function (L, 1, what, "run", TRUE);
  return id;
}

/* joinery.report { id = …, title = …, params = { … }, run = function (ctx, params) … end } */
static int
api_report (lua_State *L)
{
  const char *id;

  id = check_common (L, "report");
  if (lua_getfield (L, 1, "params") != LUA_TNIL)
    {
      int params = lua_gettop (L);
      lua_Integer n;

      if (!lua_istable (L, params))
        return luaL_error (L, "report: “params” must be a list of parameters");
      n = (lua_Integer) lua_rawlen (L, params);
      for (lua_Integer i = 1; i <= n; i++)
        {
          check_param (L, params, i);
          for (lua_Integer j = 1; j < i; j++)
            {
              lua_rawgeti (L, params, i);
              lua_getfield (L, -1, "name");
              lua_rawgeti (L, params, j);
              lua_getfield (L, -1, "name");
              if (lua_rawequal (L, -1, -3))
                return luaL_error (L, "report: two parameters are called “%s”", lua_tostring (L, -1));
              lua_pop (L, 4);
            }
        }
    }
  lua_pop (L, 1);
  register_declaration (L, 1, "joinery.reports", "report", id);
  return 1;
}

/* joinery.workflow { id = …, title = …, on = "grant.changed", when = …, run = … } */
static int
api_workflow (lua_State *L)
{
  const char *id;
  lua_Integer n;

  id = check_common (L, "workflow");
  check_function (L, 1, "workflow", "when", FALSE);

  lua_getfield (L, 1, "on");
  if (lua_type (L, -1) == LUA_TSTRING)
    {
      lua_createtable (L, 1, 0);
      lua_insert (L, -2);
      lua_rawseti (L, -2, 1);
      lua_pushvalue (L, -1);
      lua_setfield (L, 1, "on");
    }
  if (!lua_istable (L, -1) || (n = (lua_Integer) lua_rawlen (L, -1)) == 0)
    return luaL_error (L, "workflow: “on” must say when it runs: \"demand\", or events such as \"grant.changed\"");
  for (lua_Integer i = 1; i <= n; i++)
    {
      g_auto(GStrv) parts = NULL;
      const JoineryKind *kind;
      const char *trigger;

      if (lua_rawgeti (L, -1, i) != LUA_TSTRING)
        return luaL_error (L, "workflow: each “on” entry must be text");
      trigger = lua_tostring (L, -1);
      lua_pop (L, 1);
      if (strcmp (trigger, "demand") == 0 || strcmp (trigger, "open") == 0)
        continue;
      parts = g_strsplit (trigger, ".", 2);
      if (g_strv_length (parts) != 2 || (kind = joinery_kind_lookup (parts[0])) == NULL ||
          strcmp (kind->name, parts[0]) != 0 || !g_strv_contains (events, parts[1]))
        return luaL_error (L, "workflow: “%s” is not an event (\"demand\", \"open\", or KIND.created, "
                              "KIND.changed, KIND.deleted or KIND.status, as \"grant.changed\")", trigger);
      if (strcmp (parts[1], "status") == 0 && joinery_kind_get_field (kind, "status") == NULL &&
          joinery_kind_get_field (kind, "stage") == NULL)
        return luaL_error (L, "workflow: %s have no status or stage", kind->plural);
    }
  lua_pop (L, 1);
  register_declaration (L, 1, "joinery.workflows", "workflow", id);
  return 1;
}

/* joinery.action { id = …, title = …, kind = "grant", run = function (ctx, record) … end } */
static int
api_action (lua_State *L)
{
  const char *id, *kind;

  id = check_common (L, "action");
  kind = get_string (L, 1, "action", "kind", TRUE);
  if (joinery_kind_lookup (kind) == NULL)
    return luaL_error (L, "action: there is no kind of record called “%s”", kind);
  register_declaration (L, 1, "joinery.actions", "action", id);
  return 1;
}

void
joinery_lua_push_declarations (lua_State *L, const char *what)
{
  g_autofree char *key = g_strconcat ("joinery.", what, NULL);
  luaL_getsubtable (L, LUA_REGISTRYINDEX, key);
}

int
joinery_lua_open_module (lua_State *L)
{
  static const luaL_Reg functions[] = {
    { "report", api_report },
    { "workflow", api_workflow },
    { "action", api_action },
    { NULL, NULL }
  };

  luaL_newlib (L, functions);
  lua_pushinteger (L, JOINERY_LUA_API_VERSION);
  lua_setfield (L, -2, "api_version");
  lua_pushliteral (L, PACKAGE_VERSION);
  lua_setfield (L, -2, "version");
  joinery_lua_date_open (L);
  joinery_lua_money_open (L);
  joinery_lua_record_module (L);
  joinery_lua_record_metatable (L);
  return 1;
}

/* The context */

/* ctx:log(…): print() itself, whatever the plugin did to its global. */
static int
ctx_log (lua_State *L)
{
  lua_remove (L, 1);
  return joinery_sandbox_print (L);
}

static int
ctx_tostring (lua_State *L)
{
  lua_pushliteral (L, "joinery context");
  return 1;
}

void
joinery_lua_push_context (lua_State *L)
{
  JoinerySandbox *sb = joinery_sandbox;

  lua_newuserdatauv (L, 0, 0);
  if (luaL_newmetatable (L, CONTEXT_TYPE))
    {
      lua_newtable (L);
      joinery_lua_query_register (L);
      joinery_lua_record_register (L);
      lua_pushcfunction (L, ctx_log);
      lua_setfield (L, -2, "log");
      if (sb->mode == JOINERY_MODE_WORKFLOW || sb->mode == JOINERY_MODE_ACTION)
        joinery_lua_workflow_register (L);
      else
        joinery_lua_output_register (L);
      lua_setfield (L, -2, "__index");
      lua_pushcfunction (L, ctx_tostring);
      lua_setfield (L, -2, "__tostring");
      lua_pushliteral (L, CONTEXT_TYPE);
      lua_setfield (L, -2, "__metatable");
    }
  lua_setmetatable (L, -2);
}
