/* joinery-lua-output.c: what a report writes — ctx:heading,
 * ctx:paragraph, ctx:table (and a table's add) and ctx:chart — kept as
 * data, then sent to the host as the JSON that joinery-report.h reads.
 *
 * Nothing here draws: a report says what its output is (a heading, a
 * table of typed columns, a bar chart of two of its columns) and each
 * front end draws it its own way. Every cell is checked against its
 * column's type when it is added, so that a mistake points at the line
 * that made it, not at the host.
 */
#include "joinery-lua-runner-private.h"
#include "joinery-value.h"

#include <math.h>
#include <string.h>

#define TABLE_TYPE  "joinery.Table"
#define OUTPUT_KEY  "joinery.output"

static const char * const column_types[] = { "text", "integer", "number", "money", "date", "percent", NULL };
static const char * const chart_kinds[] = { "bar", "line", "pie", NULL };

enum { COL_TEXT, COL_INTEGER, COL_NUMBER, COL_MONEY, COL_DATE, COL_PERCENT };

void
joinery_lua_output_init (lua_State *L)
{
  lua_newtable (L);
  lua_newtable (L);
  lua_setfield (L, -2, "blocks");
  lua_setfield (L, LUA_REGISTRYINDEX, OUTPUT_KEY);
}

/* Append the block on top to the output's blocks. */
static void
add_block (lua_State *L)
{
  lua_getfield (L, LUA_REGISTRYINDEX, OUTPUT_KEY);
  lua_getfield (L, -1, "blocks");
  lua_pushvalue (L, -3);
  lua_rawseti (L, -2, (lua_Integer) lua_rawlen (L, -2) + 1);
  lua_pop (L, 3);
}

static const char *
check_text (lua_State *L, int arg, const char *what)
{
  if (lua_type (L, arg) != LUA_TSTRING && lua_type (L, arg) != LUA_TNUMBER)
    luaL_error (L, "%s: text expected, got %s", what, luaL_typename (L, arg));
  return lua_tostring (L, arg);
}

static int
ctx_heading (lua_State *L)
{
  const char *text = check_text (L, 2, "heading");
  lua_Integer level = luaL_optinteger (L, 3, 1);

  luaL_argcheck (L, level >= 1 && level <= 3, 3, "a heading's level is 1, 2 or 3");
  lua_createtable (L, 0, 3);
  lua_pushliteral (L, "heading");
  lua_setfield (L, -2, "type");
  lua_pushstring (L, text);
  lua_setfield (L, -2, "text");
  lua_pushinteger (L, level);
  lua_setfield (L, -2, "level");
  add_block (L);
  return 0;
}

static int
ctx_paragraph (lua_State *L)
{
  const char *text = check_text (L, 2, "paragraph");

  lua_createtable (L, 0, 2);
  lua_pushliteral (L, "paragraph");
  lua_setfield (L, -2, "type");
  lua_pushstring (L, text);
  lua_setfield (L, -2, "text");
  add_block (L);
  return 0;
}

/* One column from "Name", { "Name", "money" } or { name = "Name", type = "money" }. */
static void
push_column_spec (lua_State *L, int index, int position)
{
  const char *name = NULL;
  const char *type = "text";
  int base = lua_gettop (L);

  index = lua_absindex (L, index);
  if (lua_type (L, index) == LUA_TSTRING)
    name = lua_tostring (L, index);
  else if (lua_type (L, index) == LUA_TTABLE)
    {
      if (lua_rawgeti (L, index, 1) == LUA_TSTRING)
        name = lua_tostring (L, -1);
      else if (lua_getfield (L, index, "name") == LUA_TSTRING)
        name = lua_tostring (L, -1);
      if (lua_rawgeti (L, index, 2) == LUA_TSTRING)
        type = lua_tostring (L, -1);
      else if (lua_getfield (L, index, "type") == LUA_TSTRING)
        type = lua_tostring (L, -1);
    }
  if (name == NULL || *name == '\0')
    luaL_error (L, "table: column %d needs a name, as \"Name\" or { \"Name\", \"money\" }", position);
  if (!g_strv_contains (column_types, type))
    luaL_error (L, "table: column “%s” has an unknown type “%s” (text, integer, number, money, date or percent)",
                name, type);
  lua_createtable (L, 0, 2);
  lua_pushstring (L, name);
  lua_setfield (L, -2, "name");
  lua_pushstring (L, type);
  lua_setfield (L, -2, "type");
  /* Leave only the column: the lookups above pushed what they read. */
  lua_insert (L, base + 1);
  lua_settop (L, base + 1);
}

/* ctx:table { title = "…", columns = { … } } or ctx:table { "A", { "B", "money" } } */
static int
ctx_table (lua_State *L)
{
  int top, columns_index, n;

  luaL_checktype (L, 2, LUA_TTABLE);
  lua_settop (L, 2);
  lua_createtable (L, 0, 5);
  top = lua_gettop (L);
  lua_pushliteral (L, "table");
  lua_setfield (L, top, "type");
  if (lua_getfield (L, 2, "title") != LUA_TNIL)
    {
      check_text (L, -1, "table title");
      lua_setfield (L, top, "title");
    }
  else
    lua_pop (L, 1);

  if (lua_getfield (L, 2, "columns") == LUA_TTABLE)
    columns_index = lua_gettop (L);
  else
    {
      lua_pop (L, 1);
      columns_index = 2;
    }
  n = (int) lua_rawlen (L, columns_index);
  if (n == 0)
    return luaL_error (L, "table: give at least one column");
  if (n > 200)
    return luaL_error (L, "table: too many columns (at most 200)");
  lua_createtable (L, n, 0);
  for (int i = 1; i <= n; i++)
    {
      lua_rawgeti (L, columns_index, i);
      push_column_spec (L, -1, i);
      /* Column names must differ: rows may be given by name. */
      for (int j = 1; j < i; j++)
        {
          lua_rawgeti (L, -3, j);
          lua_getfield (L, -1, "name");
          lua_getfield (L, -3, "name");
          if (lua_rawequal (L, -1, -2))
            return luaL_error (L, "table: two columns are called “%s”", lua_tostring (L, -1));
          lua_pop (L, 3);
        }
      lua_rawseti (L, -3, i);
      lua_pop (L, 1);
    }
  lua_setfield (L, top, "columns");
  lua_newtable (L);
  lua_setfield (L, top, "rows");
  lua_pushvalue (L, top);
  add_block (L);

  {
    int *handle = lua_newuserdatauv (L, sizeof (int), 1);
    *handle = n;
    lua_pushvalue (L, top);
    lua_setiuservalue (L, -2, 1);
    luaL_setmetatable (L, TABLE_TYPE);
  }
  return 1;
}

/* Check the value at `index` for a column of `type`; push what is stored. */
static void
push_cell (lua_State *L, int index, int type, const char *column)
{
  char iso[11];
  int t = lua_type (L, index);

  if (t == LUA_TNIL)
    {
      lua_pushnil (L);
      return;
    }
  switch (type)
    {
    case COL_TEXT:
      {
        const JoineryKind *kind;
        gint64 id;

        if (t == LUA_TSTRING || t == LUA_TNUMBER)
          {
            lua_pushstring (L, lua_tostring (L, index));  /* a copy: lua_tostring converts in place */
            return;
          }
        if (joinery_lua_is_date (L, index) && joinery_lua_date_to_iso (L, index, iso))
          {
            lua_pushstring (L, iso);
            return;
          }
        if (joinery_lua_is_record (L, index, &kind, &id))
          {
            lua_getfield (L, index, "label");
            if (lua_isnil (L, -1))
              {
                lua_pop (L, 1);
                lua_pushfstring (L, "%s #%I", kind->name, (LUAI_UACINT) id);
              }
            return;
          }
        break;
      }
    case COL_INTEGER:
    case COL_MONEY:
      if (t == LUA_TNUMBER)
        {
          int exact = 0;
          lua_Integer value = lua_tointegerx (L, index, &exact);  /* floats only when whole */
          if (exact)
            {
              lua_pushinteger (L, value);
              return;
            }
          luaL_error (L, "table: column “%s” holds %s; %f is not a whole number", column,
                      type == COL_MONEY ? "money in whole pence" : "whole numbers",
                      (double) lua_tonumber (L, index));
        }
      break;
    case COL_NUMBER:
    case COL_PERCENT:
      if (t == LUA_TNUMBER)
        {
          if (!isfinite (lua_tonumber (L, index)))
            luaL_error (L, "table: column “%s” cannot hold an infinite or undefined number", column);
          lua_pushvalue (L, index);
          return;
        }
      break;
    case COL_DATE:
      if (joinery_lua_date_to_iso (L, index, iso))
        {
          lua_pushstring (L, iso);
          return;
        }
      break;
    default:
      break;
    }
  if (t == LUA_TSTRING)
    luaL_error (L, "table: column “%s” holds %s; “%s” is not one", column, column_types[type],
                lua_tostring (L, index));
  luaL_error (L, "table: column “%s” holds %s; a %s value is not one", column, column_types[type],
              luaL_typename (L, index));
}

static int
column_type_at (lua_State *L, int columns, int i, const char **name)
{
  const char *type;
  int result = 0;

  lua_rawgeti (L, columns, i);
  lua_getfield (L, -1, "name");
  lua_getfield (L, -2, "type");
  *name = lua_tostring (L, -2);
  type = lua_tostring (L, -1);
  for (int k = 0; column_types[k] != NULL; k++)
    if (strcmp (column_types[k], type) == 0)
      result = k;
  lua_pop (L, 1);
  lua_remove (L, -2);  /* leave the name (keeps the string alive) */
  return result;
}

/* t:add(v1, v2, …), t:add { v1, v2, … } or t:add { Name = v, … } */
static int
table_add (lua_State *L)
{
  int *n_columns = luaL_checkudata (L, 1, TABLE_TYPE);
  int n = *n_columns;
  int nargs = lua_gettop (L) - 1;
  gboolean from_table = nargs == 1 && lua_type (L, 2) == LUA_TTABLE && !lua_getmetatable (L, 2);
  gboolean by_name = from_table && lua_rawlen (L, 2) == 0;
  int block, columns, rows, row;

  if (!from_table && nargs > n)
    return luaL_error (L, "add: the table has %d columns but %d values were given", n, nargs);
  luaL_checkstack (L, 10, NULL);
  lua_getiuservalue (L, 1, 1);
  block = lua_gettop (L);
  lua_getfield (L, block, "columns");
  columns = lua_gettop (L);
  lua_getfield (L, block, "rows");
  rows = lua_gettop (L);
  lua_createtable (L, n, 0);
  row = lua_gettop (L);

  for (int i = 1; i <= n; i++)
    {
      const char *name;
      int type = column_type_at (L, columns, i, &name);

      if (by_name)
        lua_getfield (L, 2, name);
      else if (from_table)
        lua_rawgeti (L, 2, i);
      else if (i <= nargs)
        lua_pushvalue (L, i + 1);
      else
        lua_pushnil (L);
      push_cell (L, -1, type, name);
      lua_rawseti (L, row, i);
      lua_pop (L, 2);
    }
  if (by_name)
    {
      /* A name that is no column is a mistake worth saying. */
      lua_pushnil (L);
      while (lua_next (L, 2) != 0)
        {
          gboolean known = FALSE;
          lua_pop (L, 1);
          for (int i = 1; i <= n && !known; i++)
            {
              lua_rawgeti (L, columns, i);
              lua_getfield (L, -1, "name");
              known = lua_rawequal (L, -1, -3);
              lua_pop (L, 2);
            }
          if (!known)
            return luaL_error (L, "add: the table has no column “%s”",
                               lua_type (L, -1) == LUA_TSTRING ? lua_tostring (L, -1) : "?");
        }
    }
  lua_rawseti (L, rows, (lua_Integer) lua_rawlen (L, rows) + 1);
  lua_settop (L, 1);
  return 1;
}

static int
table_count (lua_State *L)
{
  luaL_checkudata (L, 1, TABLE_TYPE);
  lua_getiuservalue (L, 1, 1);
  lua_getfield (L, -1, "rows");
  lua_pushinteger (L, (lua_Integer) lua_rawlen (L, -1));
  return 1;
}

static int
column_index (lua_State *L, int columns, const char *name)
{
  int n = (int) lua_rawlen (L, columns);

  for (int i = 1; i <= n; i++)
    {
      gboolean same;
      lua_rawgeti (L, columns, i);
      lua_getfield (L, -1, "name");
      same = strcmp (lua_tostring (L, -1), name) == 0;
      lua_pop (L, 2);
      if (same)
        return i;
    }
  return 0;
}

/* ctx:chart { kind = "bar", title = "…", data = t, x = "Theme", y = "Awarded" or { … } } */
static int
ctx_chart (lua_State *L)
{
  int spec = 2, chart, block, columns;
  int n_y;

  luaL_checktype (L, spec, LUA_TTABLE);
  lua_settop (L, 2);
  lua_createtable (L, 0, 6);
  chart = lua_gettop (L);
  lua_pushliteral (L, "chart");
  lua_setfield (L, chart, "type");

  lua_getfield (L, spec, "kind");
  if (lua_type (L, -1) != LUA_TSTRING || !g_strv_contains (chart_kinds, lua_tostring (L, -1)))
    return luaL_error (L, "chart: kind must be \"bar\", \"line\" or \"pie\"");
  lua_setfield (L, chart, "kind");
  if (lua_getfield (L, spec, "title") != LUA_TNIL)
    {
      check_text (L, -1, "chart title");
      lua_setfield (L, chart, "title");
    }
  else
    lua_pop (L, 1);

  lua_getfield (L, spec, "data");
  if (luaL_testudata (L, -1, TABLE_TYPE) == NULL)
    return luaL_error (L, "chart: data must be a table made with ctx:table");
  lua_getiuservalue (L, -1, 1);
  lua_setfield (L, chart, "data");
  lua_pop (L, 1);
  lua_getfield (L, chart, "data");
  block = lua_gettop (L);
  lua_getfield (L, block, "columns");
  columns = lua_gettop (L);

  lua_getfield (L, spec, "x");
  if (lua_type (L, -1) != LUA_TSTRING || column_index (L, columns, lua_tostring (L, -1)) == 0)
    return luaL_error (L, "chart: x must name a column of the data");
  lua_setfield (L, chart, "x");

  lua_getfield (L, spec, "y");
  if (lua_type (L, -1) == LUA_TSTRING)
    {
      lua_createtable (L, 1, 0);
      lua_insert (L, -2);
      lua_rawseti (L, -2, 1);
    }
  if (lua_type (L, -1) != LUA_TTABLE || (n_y = (int) lua_rawlen (L, -1)) == 0)
    return luaL_error (L, "chart: y must name one column of the data, or a list of them");
  for (int i = 1; i <= n_y; i++)
    {
      int c;
      const char *name;
      int type;

      lua_rawgeti (L, -1, i);
      if (lua_type (L, -1) != LUA_TSTRING || (c = column_index (L, columns, lua_tostring (L, -1))) == 0)
        return luaL_error (L, "chart: y column %d is not a column of the data", i);
      type = column_type_at (L, columns, c, &name);
      if (type == COL_TEXT || type == COL_DATE)
        return luaL_error (L, "chart: y column “%s” holds %s, not numbers", name, column_types[type]);
      lua_pop (L, 2);
    }
  lua_getfield (L, chart, "kind");
  if (n_y > 1 && strcmp (lua_tostring (L, -1), "pie") == 0)
    return luaL_error (L, "chart: a pie chart shows one y column");
  lua_pop (L, 1);
  lua_setfield (L, chart, "y");
  lua_pushvalue (L, chart);
  add_block (L);
  return 0;
}

void
joinery_lua_output_register (lua_State *L)
{
  static const luaL_Reg methods[] = {
    { "heading", ctx_heading },
    { "paragraph", ctx_paragraph },
    { "table", ctx_table },
    { "chart", ctx_chart },
    { NULL, NULL }
  };
  static const luaL_Reg table_methods[] = {
    { "add", table_add },
    { "count", table_count },
    { NULL, NULL }
  };

  luaL_newmetatable (L, TABLE_TYPE);
  luaL_newlib (L, table_methods);
  lua_setfield (L, -2, "__index");
  lua_pushliteral (L, TABLE_TYPE);
  lua_setfield (L, -2, "__metatable");
  lua_pop (L, 1);
  luaL_setfuncs (L, methods, 0);
}

/* Serialising, outside the plugin's code: the Lua API is only read here,
 * and numbers are never turned into strings by Lua (which would allocate). */

static void
append_field_string (GString *out, lua_State *L, int table, const char *key, const char *json_key)
{
  if (lua_getfield (L, table, key) == LUA_TSTRING)
    {
      size_t len;
      const char *s = lua_tolstring (L, -1, &len);
      g_string_append_printf (out, ",\"%s\":", json_key);
      joinery_json_append_string (out, s, len);
    }
  lua_pop (L, 1);
}

static void
append_cell (GString *out, lua_State *L, int index)
{
  switch (lua_type (L, index))
    {
    case LUA_TNUMBER:
      if (lua_isinteger (L, index))
        g_string_append_printf (out, "%lld", (long long) lua_tointeger (L, index));
      else
        joinery_json_append_number (out, lua_tonumber (L, index));
      break;
    case LUA_TSTRING:
      {
        size_t len;
        const char *s = lua_tolstring (L, index, &len);
        joinery_json_append_string (out, s, len);
        break;
      }
    default:
      g_string_append (out, "null");
      break;
    }
}

static void
append_table (GString *out, lua_State *L, int block)
{
  int columns, rows, n_columns;
  lua_Integer n_rows;

  lua_getfield (L, block, "columns");
  columns = lua_gettop (L);
  lua_getfield (L, block, "rows");
  rows = lua_gettop (L);
  n_columns = (int) lua_rawlen (L, columns);
  n_rows = (lua_Integer) lua_rawlen (L, rows);

  g_string_append (out, ",\"columns\":[");
  for (int i = 1; i <= n_columns; i++)
    {
      size_t len;
      const char *text;

      lua_rawgeti (L, columns, i);
      lua_getfield (L, -1, "name");
      text = lua_tolstring (L, -1, &len);
      g_string_append (out, i > 1 ? ",{\"name\":" : "{\"name\":");
      joinery_json_append_string (out, text, len);
      lua_getfield (L, -2, "type");
      text = lua_tolstring (L, -1, &len);
      g_string_append (out, ",\"type\":");
      joinery_json_append_string (out, text, len);
      g_string_append_c (out, '}');
      lua_pop (L, 3);
    }
  g_string_append (out, "],\"rows\":[");
  for (lua_Integer r = 1; r <= n_rows; r++)
    {
      lua_rawgeti (L, rows, r);
      g_string_append (out, r > 1 ? ",[" : "[");
      for (int i = 1; i <= n_columns; i++)
        {
          if (i > 1)
            g_string_append_c (out, ',');
          lua_rawgeti (L, -1, i);
          append_cell (out, L, -1);
          lua_pop (L, 1);
        }
      g_string_append_c (out, ']');
      lua_pop (L, 1);
    }
  g_string_append_c (out, ']');
  lua_pop (L, 2);
}

static void
append_chart (GString *out, lua_State *L, int block)
{
  int y;

  append_field_string (out, L, block, "kind", "kind");
  append_field_string (out, L, block, "title", "title");
  append_field_string (out, L, block, "x", "x");
  lua_getfield (L, block, "y");
  y = lua_gettop (L);
  g_string_append (out, ",\"y\":[");
  for (int i = 1; i <= (int) lua_rawlen (L, y); i++)
    {
      size_t len;
      const char *s;

      lua_rawgeti (L, y, i);
      s = lua_tolstring (L, -1, &len);
      if (i > 1)
        g_string_append_c (out, ',');
      joinery_json_append_string (out, s, len);
      lua_pop (L, 1);
    }
  g_string_append (out, "],\"data\":{\"type\":\"table\"");
  lua_getfield (L, block, "data");
  append_field_string (out, L, lua_gettop (L), "title", "title");
  append_table (out, L, lua_gettop (L));
  g_string_append_c (out, '}');
  lua_pop (L, 2);
}

gboolean
joinery_lua_output_serialise (lua_State *L, GString *out, char **problem)
{
  int output, blocks;
  lua_Integer n;

  luaL_checkstack (L, 20, NULL);
  lua_getfield (L, LUA_REGISTRYINDEX, OUTPUT_KEY);
  output = lua_gettop (L);
  lua_getfield (L, output, "blocks");
  blocks = lua_gettop (L);
  n = (lua_Integer) lua_rawlen (L, blocks);
  g_string_append (out, "{\"blocks\":[");
  for (lua_Integer i = 1; i <= n; i++)
    {
      int block;
      const char *type;

      lua_rawgeti (L, blocks, i);
      block = lua_gettop (L);
      lua_getfield (L, block, "type");
      type = lua_tostring (L, -1);
      g_string_append_printf (out, "%s{\"type\":\"%s\"", i > 1 ? "," : "", type);
      if (strcmp (type, "heading") == 0)
        {
          lua_getfield (L, block, "level");
          g_string_append_printf (out, ",\"level\":%d", (int) lua_tointeger (L, -1));
          lua_pop (L, 1);
          append_field_string (out, L, block, "text", "text");
        }
      else if (strcmp (type, "paragraph") == 0)
        append_field_string (out, L, block, "text", "text");
      else if (strcmp (type, "table") == 0)
        {
          append_field_string (out, L, block, "title", "title");
          append_table (out, L, block);
        }
      else
        append_chart (out, L, block);
      g_string_append_c (out, '}');
      lua_pop (L, 2);
    }
  g_string_append (out, "]}");
  lua_pop (L, 2);
  return TRUE;
}
