/* joinery-lua-record.c: records for plugins — ctx:get, ctx:records and
 * the Record objects they give, with typed fields and related records.
 *
 * A Record is a userdata "joinery.Record" holding its kind and id, and
 * (as its user value) the columns as they were read. Fields are read by
 * their API names with their types: text, dates as ISO text, integers,
 * money as integer pence, booleans as booleans; a reference field gives
 * the referred Record (read when first asked for) and `<field>_id` its id.
 * Records are read-only: a workflow changes one with ctx:update.
 *
 * SQL is built from the core's description of the kinds (joinery-kind.h)
 * only, with values bound; a plugin's names are checked against the
 * description before they are used.
 */
#include "joinery-lua-runner-private.h"

#include <string.h>

#define RECORD_TYPE "joinery.Record"
#define LABEL_KEY   "joinery:label"

typedef struct {
  const JoineryKind *kind;
  gint64             id;
} LuaRecord;

const JoineryKind *
joinery_lua_check_kind (lua_State *L, int arg)
{
  const char *name = luaL_checkstring (L, arg);
  const JoineryKind *kind = joinery_kind_lookup (name);

  if (kind == NULL)
    luaL_error (L, "there is no kind of record called “%s”", name);
  return kind;
}

gboolean
joinery_lua_is_record (lua_State *L, int index, const JoineryKind **kind, gint64 *id)
{
  LuaRecord *record = luaL_testudata (L, index, RECORD_TYPE);

  if (record == NULL)
    return FALSE;
  *kind = record->kind;
  *id = record->id;
  return TRUE;
}

static char *
dup_select (const JoineryKind *kind, const char *where)
{
  const char *label_field = kind->label_field != NULL ?
    joinery_field_get_column (joinery_kind_get_field (kind, kind->label_field)) : "id";

  if (kind->label_sql != NULL)
    return g_strdup_printf ("SELECT t.*, (%s) AS \"" LABEL_KEY "\" FROM %s t %s", kind->label_sql,
                            kind->table, where);
  return g_strdup_printf ("SELECT t.*, t.%s AS \"" LABEL_KEY "\" FROM %s t %s", label_field,
                          kind->table, where);
}

static void
push_columns_table (lua_State *L, sqlite3_stmt *stmt)
{
  int n = sqlite3_column_count (stmt);

  lua_createtable (L, 0, n);
  for (int i = 0; i < n; i++)
    {
      if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
        continue;
      joinery_lua_push_column (L, stmt, i);
      lua_setfield (L, -2, sqlite3_column_name (stmt, i));
    }
}

void
joinery_lua_record_push_columns (lua_State *L, const JoineryKind *kind, int index)
{
  LuaRecord *record;
  lua_Integer id;

  index = lua_absindex (L, index);
  lua_getfield (L, index, "id");
  id = lua_tointeger (L, -1);
  lua_pop (L, 1);
  record = lua_newuserdatauv (L, sizeof (LuaRecord), 1);
  record->kind = kind;
  record->id = id;
  lua_pushvalue (L, index);
  lua_setiuservalue (L, -2, 1);
  luaL_setmetatable (L, RECORD_TYPE);
}

/* Step a statement that selects records of `kind`; push a Record or nil. */
static gboolean
push_next_record (lua_State *L, const JoineryKind *kind, sqlite3_stmt *stmt, gboolean *failed)
{
  int rc = sqlite3_step (stmt);

  *failed = FALSE;
  if (rc == SQLITE_ROW)
    {
      push_columns_table (L, stmt);
      joinery_lua_record_push_columns (L, kind, -1);
      lua_remove (L, -2);
      return TRUE;
    }
  *failed = rc != SQLITE_DONE;
  return FALSE;
}

/* The statement for `sql`, which is taken and freed: the SQL is copied
 * into Lua first, since preparing may raise, and raising skips any C
 * cleanup (a plugin looping on a failing call would leak without bound,
 * outside its memory cap). */
static sqlite3_stmt *
prepare_taking (lua_State *L, char *sql)
{
  sqlite3_stmt *stmt;

  lua_pushstring (L, sql);
  g_free (sql);
  stmt = joinery_lua_prepare (L, lua_tostring (L, -1));
  lua_pop (L, 1);
  return stmt;
}

void
joinery_lua_record_push_read (lua_State *L, const JoineryKind *kind, gint64 id)
{
  sqlite3_stmt *stmt = prepare_taking (L, dup_select (kind, "WHERE t.id = ?1"));
  gboolean failed;

  sqlite3_bind_int64 (stmt, 1, id);
  if (!push_next_record (L, kind, stmt, &failed))
    {
      sqlite3_finalize (stmt);
      if (failed)
        joinery_lua_raise_sql (L, "reading a record");
      lua_pushnil (L);
      return;
    }
  sqlite3_finalize (stmt);
}

/* A list of the records `sql` (taken) selects, bound by `bind` values from the
 * stack (positions `first`…`last`). */
static void
push_record_list (lua_State *L, const JoineryKind *kind, char *sql, int first, int last)
{
  sqlite3_stmt *stmt = prepare_taking (L, sql);
  gboolean failed = FALSE;
  lua_Integer n = 0;
  char *problem = NULL;

  for (int i = first; i <= last; i++)
    if (!joinery_lua_bind_value (L, stmt, i - first + 1, i, &problem))
      {
        sqlite3_finalize (stmt);
        lua_pushstring (L, problem);
        g_free (problem);
        lua_error (L);
      }
  lua_newtable (L);
  while (push_next_record (L, kind, stmt, &failed))
    lua_rawseti (L, -2, ++n);
  sqlite3_finalize (stmt);
  if (failed)
    joinery_lua_raise_sql (L, "reading records");
}

static LuaRecord *
check_record (lua_State *L, int arg)
{
  return luaL_checkudata (L, arg, RECORD_TYPE);
}

/* The value of a column of the record (its user value's table). */
static int
get_column (lua_State *L, int record_index, const char *column)
{
  lua_getiuservalue (L, record_index, 1);
  lua_getfield (L, -1, column);
  lua_remove (L, -2);
  return lua_type (L, -1);
}

static void
push_reference (lua_State *L, int record_index, const JoineryField *field)
{
  g_autofree char *cache_key = g_strconcat ("joinery:ref:", field->name, NULL);
  const JoineryKind *kind;
  lua_Integer id;

  if (get_column (L, record_index, cache_key) != LUA_TNIL)
    return;
  lua_pop (L, 1);
  if (field->type == JOINERY_FIELD_LINK)
    {
      if (get_column (L, record_index, "record_kind") != LUA_TSTRING)
        return;  /* nil */
      kind = joinery_kind_lookup (lua_tostring (L, -1));
      lua_pop (L, 1);
    }
  else
    kind = joinery_kind_lookup (field->ref_kind);
  get_column (L, record_index, joinery_field_get_column (field));
  id = lua_tointeger (L, -1);
  lua_pop (L, 1);
  if (kind == NULL || id <= 0)
    {
      lua_pushnil (L);
      return;
    }
  joinery_lua_record_push_read (L, kind, id);
  lua_getiuservalue (L, record_index, 1);
  lua_pushvalue (L, -2);
  lua_setfield (L, -2, cache_key);
  lua_pop (L, 1);
}

static int
record_related (lua_State *L)
{
  LuaRecord *record = check_record (L, 1);
  const JoineryKind *kind = joinery_lua_check_kind (L, 2);
  const char *field_name = luaL_optstring (L, 3, NULL);
  GString *where;
  char *sql, *order;
  int n_binds = 0;
  const JoineryField *sort;

  lua_settop (L, 3);
  lua_pushstring (L, record->kind->name);  /* the values bound, at 4 and 5 */
  lua_pushinteger (L, record->id);
  where = g_string_new ("WHERE ");
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      gboolean refers = (f->type == JOINERY_FIELD_REFERENCE && g_strcmp0 (f->ref_kind, record->kind->name) == 0) ||
                        (f->type == JOINERY_FIELD_LINK && record->kind->linkable);

      if (!refers || (field_name != NULL && strcmp (field_name, f->name) != 0))
        continue;
      if (n_binds > 0)
        g_string_append (where, " OR ");
      if (f->type == JOINERY_FIELD_LINK)
        g_string_append (where, "(t.record_kind = ?1 AND t.record_id = ?2)");
      else
        g_string_append_printf (where, "t.%s = ?2", joinery_field_get_column (f));
      n_binds++;
    }
  if (n_binds == 0)
    {
      g_string_free (where, TRUE);
      if (field_name != NULL)
        return luaL_error (L, "related: %s has no field “%s” referring to %s", kind->plural, field_name,
                           record->kind->plural);
      return luaL_error (L, "related: no field of %s refers to %s", kind->plural, record->kind->plural);
    }
  sort = kind->sort_field != NULL ? joinery_kind_get_field (kind, kind->sort_field) : NULL;
  order = sort != NULL ? g_strdup_printf (" ORDER BY t.%s, t.id", joinery_field_get_column (sort))
                       : g_strdup (" ORDER BY t.id");
  g_string_append (where, order);
  g_free (order);
  sql = dup_select (kind, where->str);
  g_string_free (where, TRUE);
  push_record_list (L, kind, sql, 4, 5);
  return 1;
}

static void
push_typed (lua_State *L, const JoineryField *field, int record_index)
{
  switch (field->type)
    {
    case JOINERY_FIELD_REFERENCE:
    case JOINERY_FIELD_LINK:
      push_reference (L, record_index, field);
      break;
    case JOINERY_FIELD_BOOLEAN:
      if (get_column (L, record_index, joinery_field_get_column (field)) != LUA_TNIL)
        {
          gboolean value = lua_tointeger (L, -1) != 0;
          lua_pop (L, 1);
          lua_pushboolean (L, value);
        }
      break;
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_REAL:
    case JOINERY_FIELD_MONEY:
    case JOINERY_FIELD_DATE:
    case JOINERY_FIELD_TIME:
    case JOINERY_FIELD_CHOICE:
    default:
      get_column (L, record_index, joinery_field_get_column (field));
      break;
    }
}

/* A plain table of the fields: references as ids, for pairs() and
 * printing. */
static int
record_fields (lua_State *L)
{
  LuaRecord *record = check_record (L, 1);

  lua_newtable (L);
  for (guint i = 0; i < record->kind->n_fields; i++)
    {
      const JoineryField *f = &record->kind->fields[i];

      if (f->type == JOINERY_FIELD_LINK)
        {
          get_column (L, 1, "record_kind");
          lua_setfield (L, -2, "record_kind");
          get_column (L, 1, "record_id");
          lua_setfield (L, -2, "record_id");
          continue;
        }
      if (f->type == JOINERY_FIELD_REFERENCE)
        {
          get_column (L, 1, joinery_field_get_column (f));
          lua_setfield (L, -2, joinery_field_get_column (f));
          continue;
        }
      push_typed (L, f, 1);
      lua_setfield (L, -2, f->name);
    }
  lua_pushinteger (L, record->id);
  lua_setfield (L, -2, "id");
  return 1;
}

static int
record_pairs (lua_State *L)
{
  lua_getglobal (L, "next");
  if (!lua_isfunction (L, -1))
    return luaL_error (L, "pairs: next is not available");
  lua_pushcfunction (L, record_fields);
  lua_pushvalue (L, 1);
  lua_call (L, 1, 1);
  lua_pushnil (L);
  return 3;
}

static int
record_index (lua_State *L)
{
  LuaRecord *record = check_record (L, 1);
  const char *key = luaL_checkstring (L, 2);
  const JoineryField *field;

  if (strcmp (key, "id") == 0)
    {
      lua_pushinteger (L, record->id);
      return 1;
    }
  if (strcmp (key, "kind") == 0)
    {
      lua_pushstring (L, record->kind->name);
      return 1;
    }
  if (strcmp (key, "label") == 0)
    {
      if (get_column (L, 1, LABEL_KEY) == LUA_TNIL)
        {
          g_autofree char *sql = dup_select (record->kind, "WHERE t.id = ?1");
          sqlite3_stmt *stmt;

          lua_pop (L, 1);
          if (joinery_sandbox->db == NULL)
            {
              lua_pushnil (L);
              return 1;
            }
          stmt = joinery_lua_prepare (L, sql);
          sqlite3_bind_int64 (stmt, 1, record->id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            lua_pushstring (L, (const char *) sqlite3_column_text (stmt, sqlite3_column_count (stmt) - 1));
          else
            lua_pushnil (L);
          sqlite3_finalize (stmt);
        }
      return 1;
    }
  if (strcmp (key, "created_at") == 0 || strcmp (key, "updated_at") == 0)
    {
      get_column (L, 1, key);
      return 1;
    }

  field = joinery_kind_get_field (record->kind, key);
  if (field != NULL)
    {
      push_typed (L, field, 1);
      return 1;
    }
  /* The stored ids behind references: applicant_id, record_kind, record_id. */
  for (guint i = 0; i < record->kind->n_fields; i++)
    {
      const JoineryField *f = &record->kind->fields[i];
      if ((f->type == JOINERY_FIELD_REFERENCE && strcmp (joinery_field_get_column (f), key) == 0) ||
          (f->type == JOINERY_FIELD_LINK && (strcmp (key, "record_kind") == 0 || strcmp (key, "record_id") == 0)))
        {
          get_column (L, 1, key);
          return 1;
        }
    }
  luaL_getmetatable (L, RECORD_TYPE);
  lua_getfield (L, -1, "methods");
  if (lua_getfield (L, -1, key) != LUA_TNIL)
    return 1;
  return luaL_error (L, "%s has no field “%s” (see joinery.fields(\"%s\"))",
                     joinery_kind_get_words (record->kind, FALSE), key, record->kind->name);
}

static int
record_newindex (lua_State *L)
{
  return luaL_error (L, "records are read-only: a workflow changes one with ctx:update(record, { … })");
}

static int
record_tostring (lua_State *L)
{
  LuaRecord *record = check_record (L, 1);

  if (get_column (L, 1, LABEL_KEY) == LUA_TSTRING)
    lua_pushfstring (L, "%s #%I “%s”", record->kind->name, (LUAI_UACINT) record->id, lua_tostring (L, -1));
  else
    lua_pushfstring (L, "%s #%I", record->kind->name, (LUAI_UACINT) record->id);
  return 1;
}

static int
record_eq (lua_State *L)
{
  LuaRecord *a = check_record (L, 1);
  LuaRecord *b = check_record (L, 2);
  lua_pushboolean (L, a->kind == b->kind && a->id == b->id);
  return 1;
}

void
joinery_lua_record_metatable (lua_State *L)
{
  static const luaL_Reg methods[] = {
    { "related", record_related },
    { "fields", record_fields },
    { NULL, NULL }
  };
  static const luaL_Reg meta[] = {
    { "__index", record_index },
    { "__newindex", record_newindex },
    { "__tostring", record_tostring },
    { "__eq", record_eq },
    { "__pairs", record_pairs },
    { NULL, NULL }
  };

  luaL_newmetatable (L, RECORD_TYPE);
  luaL_setfuncs (L, meta, 0);
  luaL_newlib (L, methods);
  lua_setfield (L, -2, "methods");
  lua_pushliteral (L, RECORD_TYPE);
  lua_setfield (L, -2, "__metatable");
  lua_pop (L, 1);
}

/* ctx:get(kind, id) */
static int
ctx_get (lua_State *L)
{
  const JoineryKind *kind = joinery_lua_check_kind (L, 2);
  lua_Integer id = luaL_checkinteger (L, 3);

  joinery_lua_record_push_read (L, kind, id);
  return 1;
}

/* luaL_error, once `where` is freed: raising skips C cleanup. */
static int
raise_freeing (lua_State *L, GString *where, const char *format, ...)
{
  va_list args;

  g_string_free (where, TRUE);
  luaL_where (L, 1);
  va_start (args, format);
  lua_pushvfstring (L, format, args);
  va_end (args);
  lua_concat (L, 2);
  return lua_error (L);
}

/* ctx:records(kind [, { field = value, … }]) → a list of Records */
static int
ctx_records (lua_State *L)
{
  const JoineryKind *kind = joinery_lua_check_kind (L, 2);
  GString *where;
  char *sql;
  const JoineryField *sort;
  int first, n = 0;

  lua_settop (L, 3);
  first = 4;
  if (!lua_isnil (L, 3))
    luaL_checktype (L, 3, LUA_TTABLE);
  where = g_string_new (NULL);
  if (!lua_isnil (L, 3))
    {
      lua_pushnil (L);
      while (lua_next (L, 3) != 0)
        {
          const JoineryField *f;
          const char *name;

          if (lua_type (L, -2) != LUA_TSTRING)
            return raise_freeing (L, where, "records: filters are given by field name");
          name = lua_tostring (L, -2);
          f = joinery_kind_get_field (kind, name);
          if (f == NULL)
            return raise_freeing (L, where, "records: %s has no field “%s”", joinery_kind_get_words (kind, FALSE), name);
          g_string_append (where, n == 0 ? "WHERE " : " AND ");
          if (f->type == JOINERY_FIELD_LINK)
            {
              const JoineryKind *link_kind;
              gint64 link_id;

              if (!joinery_lua_is_record (L, -1, &link_kind, &link_id))
                return raise_freeing (L, where, "records: filter “%s” takes a record", name);
              g_string_append_printf (where, "t.record_kind = ?%d AND t.record_id = ?%d", n + 1, n + 2);
              lua_pop (L, 1);
              lua_pushstring (L, link_kind->name);
              lua_insert (L, first + n);
              lua_pushinteger (L, link_id);
              lua_insert (L, first + n + 1);
              n += 2;
              continue;
            }
          if (f->type == JOINERY_FIELD_BOOLEAN && lua_type (L, -1) == LUA_TBOOLEAN)
            {
              int value = lua_toboolean (L, -1);
              lua_pop (L, 1);
              lua_pushinteger (L, value);
            }
          if (lua_isnil (L, -1))
            return raise_freeing (L, where, "records: filter “%s” has no value", name);
          g_string_append_printf (where, "t.%s = ?%d", joinery_field_get_column (f), n + 1);
          lua_insert (L, first + n);  /* the value, below the key */
          n++;
        }
    }
  sort = kind->sort_field != NULL ? joinery_kind_get_field (kind, kind->sort_field) : NULL;
  if (sort != NULL)
    g_string_append_printf (where, " ORDER BY t.%s, t.id", joinery_field_get_column (sort));
  else
    g_string_append (where, " ORDER BY t.id");
  sql = dup_select (kind, where->str);
  g_string_free (where, TRUE);
  push_record_list (L, kind, sql, first, first + n - 1);
  return 1;
}

static int
joinery_kinds_list (lua_State *L)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  lua_newtable (L);
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      lua_pushstring (L, kinds[i]->name);
      lua_rawseti (L, -2, i + 1);
    }
  return 1;
}

static int
joinery_fields_list (lua_State *L)
{
  const JoineryKind *kind = joinery_lua_check_kind (L, 1);

  lua_createtable (L, (int) kind->n_fields, 0);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];

      lua_createtable (L, 0, 5);
      lua_pushstring (L, f->name);
      lua_setfield (L, -2, "name");
      lua_pushstring (L, f->label);
      lua_setfield (L, -2, "label");
      lua_pushstring (L, joinery_field_type_to_string (f->type));
      lua_setfield (L, -2, "type");
      lua_pushboolean (L, (f->flags & JOINERY_FIELD_REQUIRED) != 0);
      lua_setfield (L, -2, "required");
      if (f->ref_kind != NULL)
        {
          lua_pushstring (L, f->ref_kind);
          lua_setfield (L, -2, "kind");
        }
      if (f->choices != NULL)
        {
          lua_newtable (L);
          for (guint c = 0; f->choices[c] != NULL; c++)
            {
              lua_pushstring (L, f->choices[c]);
              lua_rawseti (L, -2, c + 1);
            }
          lua_setfield (L, -2, "choices");
        }
      lua_rawseti (L, -2, i + 1);
    }
  return 1;
}

/* Module functions into the `joinery` table, context methods into the
 * context's method table: both are on top in that order when called. */
void
joinery_lua_record_register (lua_State *L)
{
  static const luaL_Reg methods[] = {
    { "get", ctx_get },
    { "records", ctx_records },
    { NULL, NULL }
  };

  luaL_setfuncs (L, methods, 0);
}

void
joinery_lua_record_module (lua_State *L)
{
  lua_pushcfunction (L, joinery_kinds_list);
  lua_setfield (L, -2, "kinds");
  lua_pushcfunction (L, joinery_fields_list);
  lua_setfield (L, -2, "fields");
}
