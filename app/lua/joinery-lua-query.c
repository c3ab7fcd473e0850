/* joinery-lua-query.c: SQL for plugins — ctx:query, ctx:rows, ctx:row and
 * ctx:value — on the sandbox's own read-only connection.
 *
 * The connection is opened read-only with the core's hardening
 * (joinery_sqlite_open_read_only), set query_only, and given an
 * authorizer that allows reading and nothing else: no write, no ATTACH, no
 * transaction, no PRAGMA but a few that only read, no load_extension or
 * fts3_tokenizer. A progress handler interrupts any statement once the
 * run's time is up (an endless WITH RECURSIVE), and SQLite's own heap is
 * capped in this process.
 *
 * Rows come to Lua through pull iterators: ctx:query returns the columns
 * as values (no table per row: the fast path, see tests/bench/bench-lua.c),
 * ctx:rows a table per row with the columns by name. Parameters are always
 * bound, by position or by name, never formatted into the SQL.
 */
#include "joinery-lua-runner-private.h"
#include "joinery-sqlite.h"

#include <string.h>

#define ITER_TYPE "joinery.Rows"
#define CACHE_SIZE 32

typedef struct {
  sqlite3_stmt *stmt;
  gboolean      owned;   /* finalize when done; else it belongs to the cache */
  gboolean      named;   /* rows as tables */
  int           n_columns;
} RowIter;

static GHashTable *cache;  /* SQL text → sqlite3_stmt */

static const char * const readable_pragmas[] = {
  "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
  "foreign_key_list", "collation_list", "function_list", "user_version", "application_id",
  "data_version", "schema_version", NULL
};

static int
authorize (void *data, int action, const char *a, const char *b, const char *db, const char *trigger)
{
  switch (action)
    {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_FUNCTION:
      if (b != NULL && (g_ascii_strcasecmp (b, "load_extension") == 0 ||
                        g_ascii_strcasecmp (b, "fts3_tokenizer") == 0 ||
                        g_ascii_strcasecmp (b, "readfile") == 0 ||
                        g_ascii_strcasecmp (b, "writefile") == 0 ||
                        g_ascii_strcasecmp (b, "edit") == 0))
        return SQLITE_DENY;
      return SQLITE_OK;
    case SQLITE_PRAGMA:
      if (b != NULL || a == NULL)
        return SQLITE_DENY;
      for (guint i = 0; readable_pragmas[i] != NULL; i++)
        if (g_ascii_strcasecmp (a, readable_pragmas[i]) == 0)
          return SQLITE_OK;
      return SQLITE_DENY;
    default:
      return SQLITE_DENY;
    }
}

static int
progress_cb (void *data)
{
  return joinery_sandbox->expired ? 1 : 0;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

gboolean
joinery_lua_query_setup (JoinerySandbox *sb, const char *path, char **problem)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  /* SQLite's own memory in this process, beside the Lua state's. */
  sqlite3_hard_heap_limit64 ((sqlite3_int64) MAX (sb->memory_cap / 2, 64u * 1024 * 1024));
  db = joinery_sqlite_open_read_only (path, &error);
  if (db == NULL)
    {
      *problem = g_strdup (error->message);
      return FALSE;
    }
  if (sqlite3_exec (db, "PRAGMA query_only = ON", NULL, NULL, NULL) != SQLITE_OK)
    {
      *problem = g_strdup_printf ("cannot make the connection read-only: %s", sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit (db, SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024);
  sqlite3_limit (db, SQLITE_LIMIT_SQL_LENGTH, 1024 * 1024);
  sqlite3_set_authorizer (db, authorize, NULL);
  sqlite3_progress_handler (db, 1000, progress_cb, NULL);
  sb->db = db;
  cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  return TRUE;
}

void
joinery_lua_raise_sql (lua_State *L, const char *what)
{
  JoinerySandbox *sb = joinery_sandbox;
  int code = sqlite3_extended_errcode (sb->db) & 0xff;

  if (sb->expired || code == SQLITE_INTERRUPT)
    luaL_error (L, "%s: the plugin ran out of time (its budget is %f s)", what, sb->time_ms / 1000.0);
  else if (code == SQLITE_AUTH || g_str_has_prefix (sqlite3_errmsg (sb->db), "not authorized"))
    luaL_error (L, "%s: not allowed: plugins may only read the database (%s)", what,
                sqlite3_errmsg (sb->db));
  else
    luaL_error (L, "%s: %s", what, sqlite3_errmsg (sb->db));
}

sqlite3_stmt *
joinery_lua_prepare (lua_State *L, const char *sql)
{
  JoinerySandbox *sb = joinery_sandbox;
  sqlite3_stmt *stmt = NULL;
  const char *tail = NULL;

  if (sb->db == NULL)
    {
      luaL_error (L, "query: this run has no database");
      return NULL;
    }
  if (sqlite3_prepare_v3 (sb->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, &tail) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      joinery_lua_raise_sql (L, "query");
      return NULL;
    }
  if (stmt == NULL)
    {
      luaL_error (L, "query: the SQL holds no statement");
      return NULL;
    }
  while (tail != NULL && g_ascii_isspace (*tail))
    tail++;
  if (tail != NULL && *tail != '\0' && !(tail[0] == ';' && tail[1] == '\0'))
    {
      sqlite3_finalize (stmt);
      luaL_error (L, "query: give one statement at a time");
      return NULL;
    }
  return stmt;
}

gboolean
joinery_lua_bind_value (lua_State *L, sqlite3_stmt *stmt, int n, int index, char **problem)
{
  const JoineryKind *kind;
  gint64 id;
  char iso[11];

  switch (lua_type (L, index))
    {
    case LUA_TNIL:
    case LUA_TNONE:
      sqlite3_bind_null (stmt, n);
      return TRUE;
    case LUA_TBOOLEAN:
      sqlite3_bind_int (stmt, n, lua_toboolean (L, index));
      return TRUE;
    case LUA_TNUMBER:
      if (lua_isinteger (L, index))
        sqlite3_bind_int64 (stmt, n, lua_tointeger (L, index));
      else
        sqlite3_bind_double (stmt, n, lua_tonumber (L, index));
      return TRUE;
    case LUA_TSTRING:
      {
        size_t len;
        const char *s = lua_tolstring (L, index, &len);
        sqlite3_bind_text64 (stmt, n, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
        return TRUE;
      }
    case LUA_TUSERDATA:
      if (joinery_lua_is_date (L, index) && joinery_lua_date_to_iso (L, index, iso))
        {
          sqlite3_bind_text (stmt, n, iso, -1, SQLITE_TRANSIENT);
          return TRUE;
        }
      if (joinery_lua_is_record (L, index, &kind, &id))
        {
          sqlite3_bind_int64 (stmt, n, id);
          return TRUE;
        }
      G_GNUC_FALLTHROUGH;
    default:
      *problem = g_strdup_printf ("a %s value cannot be bound to a query parameter",
                                  luaL_typename (L, index));
      return FALSE;
    }
}

/* Bind the arguments from `first` on: by position, or by name from one
 * table. Raises on a mismatch. */
static void
bind_arguments (lua_State *L, sqlite3_stmt *stmt, int first)
{
  int n_params = sqlite3_bind_parameter_count (stmt);
  int n_args = lua_gettop (L) - first + 1;
  char *problem = NULL;

  if (n_args == 1 && lua_type (L, first) == LUA_TTABLE && !lua_getmetatable (L, first))
    {
      for (int i = 1; i <= n_params; i++)
        {
          const char *name = sqlite3_bind_parameter_name (stmt, i);
          if (name == NULL || (name[0] != ':' && name[0] != '@' && name[0] != '$'))
            luaL_error (L, "query: parameter %d has no name; give the values in order", i);
          lua_getfield (L, first, name + 1);
          if (!joinery_lua_bind_value (L, stmt, i, -1, &problem))
            {
              lua_pushfstring (L, "query: parameter %s: %s", name, problem);
              g_free (problem);
              lua_error (L);
            }
          lua_pop (L, 1);
        }
      return;
    }
  if (n_args != n_params)
    luaL_error (L, "query: the SQL has %d parameter%s but %d value%s were given", n_params,
                n_params == 1 ? "" : "s", n_args, n_args == 1 ? "" : "s");
  for (int i = 1; i <= n_params; i++)
    if (!joinery_lua_bind_value (L, stmt, i, first + i - 1, &problem))
      {
        lua_pushfstring (L, "query: parameter %d: %s", i, problem);
        g_free (problem);
        lua_error (L);
      }
}

void
joinery_lua_push_column (lua_State *L, sqlite3_stmt *stmt, int i)
{
  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_INTEGER:
      lua_pushinteger (L, sqlite3_column_int64 (stmt, i));
      break;
    case SQLITE_FLOAT:
      lua_pushnumber (L, sqlite3_column_double (stmt, i));
      break;
    case SQLITE_TEXT:
      lua_pushlstring (L, (const char *) sqlite3_column_text (stmt, i),
                       (size_t) sqlite3_column_bytes (stmt, i));
      break;
    case SQLITE_BLOB:
      lua_pushlstring (L, sqlite3_column_blob (stmt, i), (size_t) sqlite3_column_bytes (stmt, i));
      break;
    default:
      lua_pushnil (L);
      break;
    }
}

static void
finish_iter (RowIter *it)
{
  if (it->stmt == NULL)
    return;
  if (it->owned)
    sqlite3_finalize (it->stmt);
  else
    {
      sqlite3_reset (it->stmt);
      sqlite3_clear_bindings (it->stmt);
    }
  it->stmt = NULL;
}

static int
iter_close (lua_State *L)
{
  finish_iter (luaL_checkudata (L, 1, ITER_TYPE));
  return 0;
}

static int
step_error (lua_State *L, RowIter *it)
{
  JoinerySandbox *sb = joinery_sandbox;
  int code = sqlite3_extended_errcode (sb->db);

  /* The message is copied into Lua before the statement is finished (which
   * changes it), not into C memory: raising skips any cleanup. */
  lua_pushfstring (L, "query: %s", sqlite3_errmsg (sb->db));
  finish_iter (it);
  if (sb->expired || (code & 0xff) == SQLITE_INTERRUPT)
    return luaL_error (L, "query: the plugin ran out of time (its budget is %f s)", sb->time_ms / 1000.0);
  return lua_error (L);
}

/* The hot path: one call per row, the columns as values. A C function
 * always has LUA_MINSTACK free slots, so only wider rows check the stack;
 * the first column's type is read once, to refuse a NULL that would end
 * the loop. */
static int
next_values (lua_State *L)
{
  RowIter *it = lua_touserdata (L, lua_upvalueindex (1));
  sqlite3_stmt *stmt = it->stmt;
  int n = it->n_columns;
  int rc;

  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (n > LUA_MINSTACK)
        luaL_checkstack (L, n, "too many columns");
      switch (sqlite3_column_type (stmt, 0))
        {
        case SQLITE_INTEGER:
          lua_pushinteger (L, sqlite3_column_int64 (stmt, 0));
          break;
        case SQLITE_NULL:
          finish_iter (it);
          return luaL_error (L, "query: the first column is NULL, which would end the loop early; "
                                "select a column that is never NULL first, or use coalesce()");
        default:
          joinery_lua_push_column (L, stmt, 0);
          break;
        }
      for (int i = 1; i < n; i++)
        joinery_lua_push_column (L, stmt, i);
      return n;
    }
  if (rc != SQLITE_DONE)
    return step_error (L, it);
  finish_iter (it);
  return 0;
}

static void
push_row_table (lua_State *L, sqlite3_stmt *stmt, int n)
{
  lua_createtable (L, 0, n);
  for (int i = 0; i < n; i++)
    {
      joinery_lua_push_column (L, stmt, i);
      lua_setfield (L, -2, sqlite3_column_name (stmt, i));
    }
}

static int
next_table (lua_State *L)
{
  RowIter *it = lua_touserdata (L, lua_upvalueindex (1));
  int rc;

  if (it->stmt == NULL)
    return 0;
  rc = sqlite3_step (it->stmt);
  if (rc == SQLITE_ROW)
    {
      push_row_table (L, it->stmt, it->n_columns);
      return 1;
    }
  if (rc != SQLITE_DONE)
    return step_error (L, it);
  finish_iter (it);
  return 0;
}

/* A statement for `sql`, bound: from the cache when it is free there. The
 * iterator that uses it is pushed. */
static RowIter *
open_iter (lua_State *L, gboolean named)
{
  JoinerySandbox *sb = joinery_sandbox;
  const char *sql;
  sqlite3_stmt *stmt;
  RowIter *it;

  luaL_checkudata (L, 1, "joinery.Context");
  sql = luaL_checkstring (L, 2);
  if (sb->db == NULL)
    luaL_error (L, "query: this run has no database");

  it = lua_newuserdatauv (L, sizeof (RowIter), 0);
  memset (it, 0, sizeof *it);
  luaL_setmetatable (L, ITER_TYPE);

  stmt = g_hash_table_lookup (cache, sql);
  if (stmt != NULL && !sqlite3_stmt_busy (stmt))
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      it->stmt = stmt;
    }
  else
    {
      it->stmt = joinery_lua_prepare (L, sql);
      it->owned = TRUE;
      if (stmt == NULL && g_hash_table_size (cache) < CACHE_SIZE)
        {
          g_hash_table_insert (cache, g_strdup (sql), it->stmt);
          it->owned = FALSE;
        }
    }
  it->named = named;
  it->n_columns = sqlite3_column_count (it->stmt);
  /* The iterator goes below the arguments while they are bound. */
  lua_insert (L, 3);
  bind_arguments (L, it->stmt, 4);
  lua_settop (L, 3);
  return it;
}

/* for a, b in ctx:query(sql, …) do … end */
static int
ctx_query (lua_State *L)
{
  open_iter (L, FALSE);
  lua_pushvalue (L, 3);
  lua_pushcclosure (L, next_values, 1);
  lua_pushnil (L);
  lua_pushnil (L);
  lua_pushvalue (L, 3);  /* closed when the loop ends, even by break or error */
  return 4;
}

/* for row in ctx:rows(sql, …) do … row.name … end */
static int
ctx_rows (lua_State *L)
{
  open_iter (L, TRUE);
  lua_pushvalue (L, 3);
  lua_pushcclosure (L, next_table, 1);
  lua_pushnil (L);
  lua_pushnil (L);
  lua_pushvalue (L, 3);
  return 4;
}

static int
first_row (lua_State *L, gboolean whole)
{
  RowIter *it = open_iter (L, TRUE);
  int rc = sqlite3_step (it->stmt);

  if (rc == SQLITE_ROW)
    {
      if (whole)
        push_row_table (L, it->stmt, it->n_columns);
      else
        joinery_lua_push_column (L, it->stmt, 0);
      finish_iter (it);
      return 1;
    }
  if (rc != SQLITE_DONE)
    return step_error (L, it);
  finish_iter (it);
  lua_pushnil (L);
  return 1;
}

static int ctx_row (lua_State *L) { return first_row (L, TRUE); }
static int ctx_value (lua_State *L) { return first_row (L, FALSE); }

void
joinery_lua_query_register (lua_State *L)
{
  static const luaL_Reg methods[] = {
    { "query", ctx_query },
    { "rows", ctx_rows },
    { "row", ctx_row },
    { "value", ctx_value },
    { NULL, NULL }
  };
  static const luaL_Reg meta[] = {
    { "__gc", iter_close },
    { "__close", iter_close },
    { NULL, NULL }
  };

  luaL_newmetatable (L, ITER_TYPE);
  luaL_setfuncs (L, meta, 0);
  lua_pushliteral (L, ITER_TYPE);
  lua_setfield (L, -2, "__metatable");
  lua_pop (L, 1);
  luaL_setfuncs (L, methods, 0);
}
