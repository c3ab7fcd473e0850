/* joinery-lua-date.c: joinery.date, joinery.today and
 * joinery.financial_year — calendar dates for plugins.
 *
 * A Date is a userdata "joinery.Date" holding a calendar date, shown and
 * bound to SQL as ISO-8601 ("2024-05-19"). Months and years are added as
 * people count them: 31 January plus one month is the last day of
 * February, 29 February plus a year is 28 February. The financial year is
 * the UK one, 1 April to 31 March.
 */
#include "joinery-lua-runner-private.h"
#include "joinery-value.h"

#include <stdio.h>
#include <string.h>

#define DATE_TYPE "joinery.Date"

typedef struct {
  int year, month, day;
} LuaDate;

static void
push_gdate (lua_State *L, const GDate *date)
{
  joinery_lua_date_push (L, g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static gboolean
parse_iso (const char *text, LuaDate *out)
{
  g_autofree char *iso = NULL;
  int y, m, d;

  if (!joinery_parse_date (text, &iso, NULL))
    return FALSE;
  if (sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  out->year = y;
  out->month = m;
  out->day = d;
  return TRUE;
}

gboolean
joinery_lua_is_date (lua_State *L, int index)
{
  return luaL_testudata (L, index, DATE_TYPE) != NULL;
}

gboolean
joinery_lua_date_to_iso (lua_State *L, int index, char iso[11])
{
  LuaDate *date = luaL_testudata (L, index, DATE_TYPE);
  LuaDate parsed;

  if (date == NULL && lua_type (L, index) == LUA_TSTRING && parse_iso (lua_tostring (L, index), &parsed))
    date = &parsed;
  if (date == NULL)
    return FALSE;
  g_snprintf (iso, 11, "%04d-%02d-%02d", date->year, date->month, date->day);
  return TRUE;
}

void
joinery_lua_date_push (lua_State *L, int year, int month, int day)
{
  LuaDate *date = lua_newuserdatauv (L, sizeof (LuaDate), 0);

  date->year = year;
  date->month = month;
  date->day = day;
  luaL_setmetatable (L, DATE_TYPE);
}

/* A Date from a Date, an ISO (or British) text or a {year, month, day} table. */
static LuaDate
check_date (lua_State *L, int arg)
{
  LuaDate *date = luaL_testudata (L, arg, DATE_TYPE);
  LuaDate result = { 0, 0, 0 };

  if (date != NULL)
    return *date;
  if (lua_type (L, arg) == LUA_TSTRING)
    {
      if (!parse_iso (lua_tostring (L, arg), &result))
        luaL_argerror (L, arg, lua_pushfstring (L, "“%s” is not a date (use 2024-05-19)",
                                                lua_tostring (L, arg)));
      return result;
    }
  if (lua_type (L, arg) == LUA_TTABLE)
    {
      lua_Integer y, m, d;
      int ok_y, ok_m, ok_d;

      lua_getfield (L, arg, "year");
      lua_getfield (L, arg, "month");
      lua_getfield (L, arg, "day");
      y = lua_tointegerx (L, -3, &ok_y);
      m = lua_tointegerx (L, -2, &ok_m);
      d = lua_tointegerx (L, -1, &ok_d);
      lua_pop (L, 3);
      if (!ok_y || !ok_m || !ok_d || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
          d > g_date_get_days_in_month ((GDateMonth) m, (GDateYear) y))
        luaL_argerror (L, arg, "not a date (year, month and day of a real day are needed)");
      result.year = (int) y;
      result.month = (int) m;
      result.day = (int) d;
      return result;
    }
  luaL_typeerror (L, arg, "date (a Date, text such as 2024-05-19, or {year=, month=, day=})");
  return result;
}

static void
to_gdate (const LuaDate *date, GDate *out)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) date->day, (GDateMonth) date->month, (GDateYear) date->year);
}

static int
date_new (lua_State *L)
{
  LuaDate date = check_date (L, 1);
  joinery_lua_date_push (L, date.year, date.month, date.day);
  return 1;
}

static int
date_today (lua_State *L)
{
  g_autofree char *today = joinery_today ();
  LuaDate date;

  if (!parse_iso (today, &date))
    return luaL_error (L, "today's date is unknown");
  joinery_lua_date_push (L, date.year, date.month, date.day);
  return 1;
}

static void
check_range (lua_State *L, lua_Integer n, lua_Integer limit, const char *what)
{
  if (n < -limit || n > limit)
    luaL_error (L, "cannot add %I %s to a date", (LUAI_UACINT) n, what);
}

static int
add_units (lua_State *L, int unit)
{
  LuaDate date = check_date (L, 1);
  lua_Integer n = luaL_checkinteger (L, 2);
  GDate d;

  check_range (L, n, unit == 0 ? 3650000 : unit == 1 ? 120000 : 10000,
               unit == 0 ? "days" : unit == 1 ? "months" : "years");
  to_gdate (&date, &d);
  switch (unit)
    {
    case 0:
      if (n >= 0 && g_date_get_julian (&d) + (guint64) n > G_MAXUINT32)
        return luaL_error (L, "the date would be out of range");
      if (n < 0 && (guint64) (-n) >= g_date_get_julian (&d))
        return luaL_error (L, "the date would be out of range");
      n >= 0 ? g_date_add_days (&d, (guint) n) : g_date_subtract_days (&d, (guint) -n);
      break;
    case 1:
      if (date.year * 12 + date.month - 1 + n < 12 || date.year * 12 + date.month - 1 + n >= 10000 * 12)
        return luaL_error (L, "the date would be out of range");
      n >= 0 ? g_date_add_months (&d, (guint) n) : g_date_subtract_months (&d, (guint) -n);
      break;
    default:
      if (date.year + n < 1 || date.year + n > 9999)
        return luaL_error (L, "the date would be out of range");
      n >= 0 ? g_date_add_years (&d, (guint) n) : g_date_subtract_years (&d, (guint) -n);
      break;
    }
  if (g_date_get_year (&d) > 9999)
    return luaL_error (L, "the date would be out of range");
  push_gdate (L, &d);
  return 1;
}

static int date_add_days (lua_State *L) { return add_units (L, 0); }
static int date_add_months (lua_State *L) { return add_units (L, 1); }
static int date_add_years (lua_State *L) { return add_units (L, 2); }

static int
date_iso (lua_State *L)
{
  LuaDate date = check_date (L, 1);
  char iso[16];

  g_snprintf (iso, sizeof iso, "%04d-%02d-%02d", date.year, date.month, date.day);
  lua_pushstring (L, iso);
  return 1;
}

static int
date_weekday (lua_State *L)
{
  LuaDate date = check_date (L, 1);
  GDate d;

  to_gdate (&date, &d);
  lua_pushinteger (L, g_date_get_weekday (&d));  /* 1 Monday … 7 Sunday */
  return 1;
}

static int
date_days_until (lua_State *L)
{
  LuaDate from = check_date (L, 1);
  LuaDate to = check_date (L, 2);
  GDate a, b;

  to_gdate (&from, &a);
  to_gdate (&to, &b);
  lua_pushinteger (L, g_date_days_between (&a, &b));
  return 1;
}

static int
date_financial_year (lua_State *L)
{
  LuaDate date = check_date (L, 1);
  int start = date.month >= 4 ? date.year : date.year - 1;

  if (start < 1 || start >= 9999)
    return luaL_error (L, "the financial year is out of range");
  char label[16];

  g_snprintf (label, sizeof label, "%d/%02d", start, (start + 1) % 100);
  lua_createtable (L, 0, 4);
  lua_pushstring (L, label);
  lua_setfield (L, -2, "label");
  lua_pushinteger (L, start);
  lua_setfield (L, -2, "start_year");
  joinery_lua_date_push (L, start, 4, 1);
  lua_setfield (L, -2, "first");
  joinery_lua_date_push (L, start + 1, 3, 31);
  lua_setfield (L, -2, "last");
  return 1;
}

static int
date_format (lua_State *L)
{
  LuaDate date = check_date (L, 1);
  const char *format = luaL_checkstring (L, 2);
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  if (!g_utf8_validate (format, -1, NULL))
    return luaL_error (L, "format: the format is not valid UTF-8 text");
  /* Dates only: a time of day would always read midnight. */
  for (const char *p = format; *p != '\0'; p++)
    if (*p == '%' && p[1] != '\0')
      {
        p++;
        if (strchr ("aAbBdeFjmuVyYgGC%", *p) == NULL)
          return luaL_error (L, "format: %%%c is not a date directive (use %%d, %%e, %%B, %%b, %%Y, %%A…)", *p);
      }
  dt = g_date_time_new_utc (date.year, date.month, date.day, 0, 0, 0);
  text = dt != NULL ? g_date_time_format (dt, format) : NULL;
  g_clear_pointer (&dt, g_date_time_unref);  /* before raising, which skips cleanup */
  if (text == NULL)
    return luaL_error (L, "format: cannot format this date with “%s”", format);
  lua_pushstring (L, text);
  return 1;
}

static int
date_index (lua_State *L)
{
  LuaDate *date = luaL_checkudata (L, 1, DATE_TYPE);
  const char *key = lua_tostring (L, 2);

  if (key != NULL && strcmp (key, "year") == 0)
    lua_pushinteger (L, date->year);
  else if (key != NULL && strcmp (key, "month") == 0)
    lua_pushinteger (L, date->month);
  else if (key != NULL && strcmp (key, "day") == 0)
    lua_pushinteger (L, date->day);
  else
    {
      luaL_getmetatable (L, DATE_TYPE);
      lua_getfield (L, -1, "methods");
      lua_pushvalue (L, 2);
      lua_rawget (L, -2);
    }
  return 1;
}

static int
compare (const LuaDate *a, const LuaDate *b)
{
  if (a->year != b->year)
    return a->year < b->year ? -1 : 1;
  if (a->month != b->month)
    return a->month < b->month ? -1 : 1;
  return a->day < b->day ? -1 : a->day > b->day;
}

static int
date_eq (lua_State *L)
{
  LuaDate a = check_date (L, 1), b = check_date (L, 2);
  lua_pushboolean (L, compare (&a, &b) == 0);
  return 1;
}

static int
date_lt (lua_State *L)
{
  LuaDate a = check_date (L, 1), b = check_date (L, 2);
  lua_pushboolean (L, compare (&a, &b) < 0);
  return 1;
}

static int
date_le (lua_State *L)
{
  LuaDate a = check_date (L, 1), b = check_date (L, 2);
  lua_pushboolean (L, compare (&a, &b) <= 0);
  return 1;
}

static int
date_concat (lua_State *L)
{
  for (int i = 1; i <= 2; i++)
    {
      char iso[11];
      if (joinery_lua_is_date (L, i) && joinery_lua_date_to_iso (L, i, iso))
        {
          lua_pushstring (L, iso);
          lua_replace (L, i);
        }
      else if (!lua_isstring (L, i))
        return luaL_error (L, "attempt to concatenate a date with a %s value", luaL_typename (L, i));
    }
  lua_concat (L, 2);
  return 1;
}

void
joinery_lua_date_open (lua_State *L)
{
  static const luaL_Reg methods[] = {
    { "add_days", date_add_days },
    { "add_months", date_add_months },
    { "add_years", date_add_years },
    { "iso", date_iso },
    { "weekday", date_weekday },
    { "days_until", date_days_until },
    { "financial_year", date_financial_year },
    { "format", date_format },
    { NULL, NULL }
  };
  static const luaL_Reg meta[] = {
    { "__index", date_index },
    { "__tostring", date_iso },
    { "__eq", date_eq },
    { "__lt", date_lt },
    { "__le", date_le },
    { "__concat", date_concat },
    { NULL, NULL }
  };

  luaL_newmetatable (L, DATE_TYPE);
  luaL_setfuncs (L, meta, 0);
  luaL_newlib (L, methods);
  lua_setfield (L, -2, "methods");
  lua_pushliteral (L, DATE_TYPE);
  lua_setfield (L, -2, "__metatable");
  lua_pop (L, 1);

  lua_pushcfunction (L, date_new);
  lua_setfield (L, -2, "date");
  lua_pushcfunction (L, date_today);
  lua_setfield (L, -2, "today");
  lua_pushcfunction (L, date_financial_year);
  lua_setfield (L, -2, "financial_year");
}
