/* joinery-lua-money.c: joinery.money — amounts of money for plugins.
 *
 * Money is integer pence everywhere in Joinery, and so in the API: a
 * record's money fields, report columns of type "money" and the
 * functions below all take and give pence. Formatting and parsing are the
 * core's (joinery-value.c), so a plugin writes amounts exactly as the
 * window and the command line do.
 */
#include "joinery-lua-runner-private.h"
#include "joinery-value.h"

#include <math.h>

static int
money_format (lua_State *L)
{
  lua_Integer pence = luaL_checkinteger (L, 1);
  gboolean for_people = TRUE;
  g_autofree char *text = NULL;

  if (lua_type (L, 2) == LUA_TTABLE)
    {
      lua_getfield (L, 2, "symbol");
      for_people = lua_isnil (L, -1) || lua_toboolean (L, -1);
      lua_pop (L, 1);
    }
  text = joinery_format_money ((gint64) pence, for_people);
  lua_pushstring (L, text);
  return 1;
}

static int
money_parse (lua_State *L)
{
  const char *text = luaL_checkstring (L, 1);
  g_autoptr(GError) error = NULL;
  gint64 pence;

  if (!joinery_parse_money (text, &pence, &error))
    {
      luaL_pushfail (L);
      lua_pushstring (L, error->message);
      return 2;
    }
  lua_pushinteger (L, (lua_Integer) pence);
  return 1;
}

static int
money_from_pounds (lua_State *L)
{
  lua_Number pounds = luaL_checknumber (L, 1);
  double pence = round (pounds * 100.0);  /* half away from zero */

  if (!isfinite (pence) || fabs (pence) > 9e15)
    return luaL_error (L, "from_pounds: %f is not an amount of money", (double) pounds);
  lua_pushinteger (L, (lua_Integer) pence);
  return 1;
}

static int
money_to_pounds (lua_State *L)
{
  lua_Integer pence = luaL_checkinteger (L, 1);
  lua_pushnumber (L, (lua_Number) pence / 100.0);
  return 1;
}

void
joinery_lua_money_open (lua_State *L)
{
  static const luaL_Reg functions[] = {
    { "format", money_format },
    { "parse", money_parse },
    { "from_pounds", money_from_pounds },
    { "to_pounds", money_to_pounds },
    { NULL, NULL }
  };

  luaL_newlib (L, functions);
  lua_setfield (L, -2, "money");
}
