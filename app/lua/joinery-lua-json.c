/* joinery-lua-json.c: JSON for the sandbox process — Lua values to JSON
 * text and back — without json-glib, whose GObject start-up would cost the
 * runner more than a run's whole start budget (see joinery-lua-runner.c).
 *
 * The decoder reads only what the host sends (requests and replies), but
 * is strict anyway: bad input is an error, never a crash. The encoder
 * writes only valid UTF-8 (a plugin's strings may hold any bytes).
 */
#include "joinery-lua-runner-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

void
joinery_json_append_string (GString *out, const char *text, gsize len)
{
  const char *end = text + len;
  const char *p = text;

  g_string_append_c (out, '"');
  while (p < end)
    {
      const char *bad = NULL;
      gunichar c;

      if (!g_utf8_validate (p, end - p, &bad))
        end = bad;  /* encode the valid part, then a replacement */
      for (; p < end; p = g_utf8_next_char (p))
        {
          c = g_utf8_get_char (p);
          switch (c)
            {
            case '"': g_string_append (out, "\\\""); break;
            case '\\': g_string_append (out, "\\\\"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            default:
              if (c < 0x20)
                g_string_append_printf (out, "\\u%04x", c);
              else
                g_string_append_len (out, p, g_utf8_next_char (p) - p);
            }
        }
      if (end < text + len)
        {
          g_string_append (out, "\xef\xbf\xbd");
          p = end + 1;
          end = text + len;
        }
    }
  g_string_append_c (out, '"');
}

void
joinery_json_append_number (GString *out, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  /* The shortest text that reads back as the same double. */
  for (int precision = 15; precision <= 17; precision++)
    {
      g_ascii_formatd (buffer, sizeof buffer, precision == 15 ? "%.15g" : precision == 16 ? "%.16g" : "%.17g",
                       value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
}

/* Is the table at `index` a sequence 1..n with no other keys? */
static gboolean
is_array (lua_State *L, int index, lua_Integer *n)
{
  lua_Integer count = 0;
  lua_Integer length = (lua_Integer) lua_rawlen (L, index);

  lua_pushnil (L);
  while (lua_next (L, index) != 0)
    {
      lua_pop (L, 1);
      if (!lua_isinteger (L, -1))
        {
          lua_pop (L, 1);
          return FALSE;
        }
      count++;
    }
  *n = length;
  return count == length;
}

gboolean
joinery_json_append_value (GString *out, lua_State *L, int index, int depth, char **problem)
{
  index = lua_absindex (L, index);
  if (depth > MAX_DEPTH)
    {
      *problem = g_strdup ("a value nests too deep");
      return FALSE;
    }
  switch (lua_type (L, index))
    {
    case LUA_TNIL:
      g_string_append (out, "null");
      return TRUE;
    case LUA_TBOOLEAN:
      g_string_append (out, lua_toboolean (L, index) ? "true" : "false");
      return TRUE;
    case LUA_TNUMBER:
      if (lua_isinteger (L, index))
        g_string_append_printf (out, "%lld", (long long) lua_tointeger (L, index));
      else
        joinery_json_append_number (out, lua_tonumber (L, index));
      return TRUE;
    case LUA_TSTRING:
      {
        size_t len;
        const char *s = lua_tolstring (L, index, &len);
        joinery_json_append_string (out, s, len);
        return TRUE;
      }
    case LUA_TTABLE:
      {
        lua_Integer n = 0;
        gboolean first = TRUE;

        luaL_checkstack (L, 4, NULL);
        if (is_array (L, index, &n) && n > 0)
          {
            g_string_append_c (out, '[');
            for (lua_Integer i = 1; i <= n; i++)
              {
                if (i > 1)
                  g_string_append_c (out, ',');
                lua_rawgeti (L, index, i);
                if (!joinery_json_append_value (out, L, -1, depth + 1, problem))
                  {
                    lua_pop (L, 1);
                    return FALSE;
                  }
                lua_pop (L, 1);
              }
            g_string_append_c (out, ']');
            return TRUE;
          }
        g_string_append_c (out, '{');
        lua_pushnil (L);
        while (lua_next (L, index) != 0)
          {
            size_t len;
            const char *key;

            if (lua_type (L, -2) != LUA_TSTRING)
              {
                lua_pop (L, 2);
                *problem = g_strdup ("a table mixes a list with named fields, or has keys that are not names");
                return FALSE;
              }
            key = lua_tolstring (L, -2, &len);
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            joinery_json_append_string (out, key, len);
            g_string_append_c (out, ':');
            if (!joinery_json_append_value (out, L, -1, depth + 1, problem))
              {
                lua_pop (L, 2);
                return FALSE;
              }
            lua_pop (L, 1);
          }
        g_string_append_c (out, '}');
        return TRUE;
      }
    default:
      *problem = g_strdup_printf ("a %s value cannot be sent", luaL_typename (L, index));
      return FALSE;
    }
}

/* Decoding */

typedef struct {
  const char *p;
  const char *end;
} Parser;

static void
skip_space (Parser *parser)
{
  while (parser->p < parser->end && (*parser->p == ' ' || *parser->p == '\t' ||
                                     *parser->p == '\n' || *parser->p == '\r'))
    parser->p++;
}

static gboolean
parse_hex4 (Parser *parser, gunichar *value)
{
  *value = 0;
  if (parser->end - parser->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (parser->p[i]);
      if (digit < 0)
        return FALSE;
      *value = *value * 16 + (gunichar) digit;
    }
  parser->p += 4;
  return TRUE;
}

static gboolean
parse_string (lua_State *L, Parser *parser)
{
  luaL_Buffer buffer;

  parser->p++;  /* the opening quote */
  luaL_buffinit (L, &buffer);
  while (parser->p < parser->end && *parser->p != '"')
    {
      char c = *parser->p++;
      if ((guchar) c < 0x20)
        return FALSE;
      if (c != '\\')
        {
          luaL_addchar (&buffer, c);
          continue;
        }
      if (parser->p >= parser->end)
        return FALSE;
      c = *parser->p++;
      switch (c)
        {
        case '"': case '\\': case '/': luaL_addchar (&buffer, c); break;
        case 'b': luaL_addchar (&buffer, '\b'); break;
        case 'f': luaL_addchar (&buffer, '\f'); break;
        case 'n': luaL_addchar (&buffer, '\n'); break;
        case 'r': luaL_addchar (&buffer, '\r'); break;
        case 't': luaL_addchar (&buffer, '\t'); break;
        case 'u':
          {
            gunichar u, low;
            char utf8[8];
            int n;

            if (!parse_hex4 (parser, &u))
              return FALSE;
            if (u >= 0xd800 && u < 0xdc00)
              {
                if (parser->end - parser->p < 6 || parser->p[0] != '\\' || parser->p[1] != 'u')
                  return FALSE;
                parser->p += 2;
                if (!parse_hex4 (parser, &low) || low < 0xdc00 || low >= 0xe000)
                  return FALSE;
                u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
              }
            else if (u >= 0xdc00 && u < 0xe000)
              return FALSE;
            n = g_unichar_to_utf8 (u, utf8);
            luaL_addlstring (&buffer, utf8, (size_t) n);
            break;
          }
        default:
          return FALSE;
        }
    }
  if (parser->p >= parser->end)
    return FALSE;
  parser->p++;
  luaL_pushresult (&buffer);
  return TRUE;
}

static gboolean
parse_number (lua_State *L, Parser *parser)
{
  const char *start = parser->p;
  gboolean is_float = FALSE;
  char text[64];
  gsize len;

  if (parser->p < parser->end && *parser->p == '-')
    parser->p++;
  while (parser->p < parser->end && (g_ascii_isdigit (*parser->p) || *parser->p == '.' ||
                                     *parser->p == 'e' || *parser->p == 'E' ||
                                     *parser->p == '+' || *parser->p == '-'))
    {
      if (!g_ascii_isdigit (*parser->p))
        is_float = TRUE;
      parser->p++;
    }
  len = (gsize) (parser->p - start);
  if (len == 0 || len >= sizeof text)
    return FALSE;
  memcpy (text, start, len);
  text[len] = '\0';
  if (!is_float)
    {
      gint64 value;
      if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
        {
          lua_pushinteger (L, (lua_Integer) value);
          return TRUE;
        }
    }
  {
    char *end = NULL;
    double value = g_ascii_strtod (text, &end);
    if (end == NULL || *end != '\0')
      return FALSE;
    lua_pushnumber (L, value);
  }
  return TRUE;
}

static gboolean
parse_value (lua_State *L, Parser *parser, int depth)
{
  skip_space (parser);
  if (parser->p >= parser->end || depth > MAX_DEPTH)
    return FALSE;
  luaL_checkstack (L, 4, NULL);
  switch (*parser->p)
    {
    case '{':
      parser->p++;
      lua_newtable (L);
      skip_space (parser);
      if (parser->p < parser->end && *parser->p == '}')
        {
          parser->p++;
          return TRUE;
        }
      for (;;)
        {
          skip_space (parser);
          if (parser->p >= parser->end || *parser->p != '"' || !parse_string (L, parser))
            return FALSE;
          skip_space (parser);
          if (parser->p >= parser->end || *parser->p++ != ':')
            return FALSE;
          if (!parse_value (L, parser, depth + 1))
            return FALSE;
          lua_rawset (L, -3);
          skip_space (parser);
          if (parser->p < parser->end && *parser->p == ',')
            {
              parser->p++;
              continue;
            }
          if (parser->p < parser->end && *parser->p == '}')
            {
              parser->p++;
              return TRUE;
            }
          return FALSE;
        }
    case '[':
      {
        lua_Integer i = 0;

        parser->p++;
        lua_newtable (L);
        skip_space (parser);
        if (parser->p < parser->end && *parser->p == ']')
          {
            parser->p++;
            return TRUE;
          }
        for (;;)
          {
            if (!parse_value (L, parser, depth + 1))
              return FALSE;
            lua_rawseti (L, -2, ++i);
            skip_space (parser);
            if (parser->p < parser->end && *parser->p == ',')
              {
                parser->p++;
                continue;
              }
            if (parser->p < parser->end && *parser->p == ']')
              {
                parser->p++;
                return TRUE;
              }
            return FALSE;
          }
      }
    case '"':
      return parse_string (L, parser);
    case 't':
      if (parser->end - parser->p >= 4 && memcmp (parser->p, "true", 4) == 0)
        {
          parser->p += 4;
          lua_pushboolean (L, 1);
          return TRUE;
        }
      return FALSE;
    case 'f':
      if (parser->end - parser->p >= 5 && memcmp (parser->p, "false", 5) == 0)
        {
          parser->p += 5;
          lua_pushboolean (L, 0);
          return TRUE;
        }
      return FALSE;
    case 'n':
      if (parser->end - parser->p >= 4 && memcmp (parser->p, "null", 4) == 0)
        {
          parser->p += 4;
          lua_pushnil (L);
          return TRUE;
        }
      return FALSE;
    default:
      return parse_number (L, parser);
    }
}

int
joinery_json_push (lua_State *L, const char *text, gsize len)
{
  Parser parser = { text, text + len };
  int top = lua_gettop (L);

  if (parse_value (L, &parser, 0))
    {
      skip_space (&parser);
      if (parser.p == parser.end)
        return TRUE;
    }
  lua_settop (L, top);
  return FALSE;
}
