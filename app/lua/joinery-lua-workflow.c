/* joinery-lua-workflow.c: what a workflow or an action may change —
 * ctx:create_task, ctx:update, ctx:add_note and ctx:add_tag.
 *
 * The sandbox process cannot write: its connection is read-only. Each of
 * these sends a "call" to the host, which makes the change through the
 * core's validated operations inside the one change group the whole run
 * shares (joinery-lua-run.c), and answers with the record as stored or
 * with the core's message, raised here as a Lua error at the plugin's line.
 * If the plugin fails later, the host abandons the group: nothing it did
 * stays.
 */
#include "joinery-lua-runner-private.h"
#include "joinery-lua-protocol.h"

#include <string.h>

/* Copy the fields table at `index` for sending: dates as ISO text,
 * records as ids ("record" as record_kind and record_id). */
static void
push_fields (lua_State *L, int index)
{
  index = lua_absindex (L, index);
  luaL_checktype (L, index, LUA_TTABLE);
  lua_newtable (L);
  lua_pushnil (L);
  while (lua_next (L, index) != 0)
    {
      const JoineryKind *kind;
      const char *key;
      gint64 id;
      char iso[11];

      if (lua_type (L, -2) != LUA_TSTRING)
        luaL_error (L, "fields are given by name, as { title = \"…\" }");
      key = lua_tostring (L, -2);
      if (strcmp (key, "due") == 0)
        key = "due_on";
      if (joinery_lua_is_record (L, -1, &kind, &id))
        {
          if (strcmp (key, "record") == 0)
            {
              lua_pushstring (L, kind->name);
              lua_setfield (L, -4, "record_kind");
              lua_pushinteger (L, id);
              lua_setfield (L, -4, "record_id");
              lua_pop (L, 1);
              continue;
            }
          lua_pushinteger (L, id);
        }
      else if (joinery_lua_is_date (L, -1) && joinery_lua_date_to_iso (L, -1, iso))
        lua_pushstring (L, iso);
      else if (lua_type (L, -1) == LUA_TTABLE || lua_type (L, -1) == LUA_TFUNCTION ||
               lua_type (L, -1) == LUA_TUSERDATA || lua_type (L, -1) == LUA_TTHREAD)
        luaL_error (L, "field “%s”: a %s value cannot be stored", key, luaL_typename (L, -1));
      else
        lua_pushvalue (L, -1);
      lua_setfield (L, -4, key);
      lua_pop (L, 1);
    }
}

/* What call_host holds in C memory while it may raise: a Lua error jumps
 * past any cleanup of its own (a plugin looping on a refused call would
 * otherwise leak outside its memory cap), so the buffers live in a
 * userdata on the stack and are freed by its __gc when it is not done
 * with them itself. */
typedef struct {
  GString *message;
  char    *reply;
} CallBuffers;

#define CALL_BUFFERS_TYPE "joinery.CallBuffers"

static int
call_buffers_free (lua_State *L)
{
  CallBuffers *buffers = luaL_checkudata (L, 1, CALL_BUFFERS_TYPE);

  if (buffers->message != NULL)
    g_string_free (buffers->message, TRUE);
  g_clear_pointer (&buffers->reply, g_free);
  buffers->message = NULL;
  return 0;
}

/* Send { op, args } (args on top) and push the record the host answers. */
static int
call_host (lua_State *L, const char *op)
{
  JoinerySandbox *sb = joinery_sandbox;
  int args = lua_gettop (L);
  CallBuffers *buffers;
  char *problem = NULL;
  const JoineryKind *kind;
  gsize len = 0;

  if (!sb->may_write)
    return luaL_error (L, "%s: this plugin may only read (its manifest asks for “read”)", op);
  buffers = lua_newuserdatauv (L, sizeof *buffers, 0);
  buffers->message = NULL;
  buffers->reply = NULL;
  if (luaL_newmetatable (L, CALL_BUFFERS_TYPE))
    {
      lua_pushcfunction (L, call_buffers_free);
      lua_setfield (L, -2, "__gc");
    }
  lua_setmetatable (L, -2);

  buffers->message = g_string_new ("{\"type\":\"call\",\"op\":");
  joinery_json_append_string (buffers->message, op, strlen (op));
  g_string_append (buffers->message, ",\"args\":");
  if (!joinery_json_append_value (buffers->message, L, args, 0, &problem))
    {
      lua_pushfstring (L, "%s: %s", op, problem);
      g_free (problem);
      return lua_error (L);
    }
  g_string_append_c (buffers->message, '}');

  if (!joinery_lua_protocol_write (sb->fd, buffers->message->str, buffers->message->len) ||
      (buffers->reply = joinery_lua_protocol_read (sb->fd, &len)) == NULL)
    return luaL_error (L, "%s: the host did not answer", op);
  if (!joinery_json_push (L, buffers->reply, len) || !lua_istable (L, -1))
    return luaL_error (L, "%s: the host's answer cannot be read", op);
  lua_pushcfunction (L, call_buffers_free);
  lua_pushvalue (L, args + 1);
  lua_call (L, 1, 0);
  lua_getfield (L, -1, "ok");
  if (!lua_toboolean (L, -1))
    {
      lua_getfield (L, -2, "error");
      return luaL_error (L, "%s: %s", op, lua_isstring (L, -1) ? lua_tostring (L, -1) : "refused");
    }
  lua_pop (L, 1);
  lua_getfield (L, -1, "kind");
  kind = joinery_kind_lookup (lua_tostring (L, -1) != NULL ? lua_tostring (L, -1) : "");
  lua_pop (L, 1);
  if (kind == NULL)
    return luaL_error (L, "%s: the host's answer names no kind", op);
  lua_getfield (L, -1, "record");
  joinery_lua_record_push_columns (L, kind, -1);
  return 1;
}

static void
check_record (lua_State *L, int arg, const JoineryKind **kind, gint64 *id)
{
  if (!joinery_lua_is_record (L, arg, kind, id))
    luaL_typeerror (L, arg, "record");
}

/* ctx:create_task { title = …, due = …, record = …, assignee = …, description = … } */
static int
ctx_create_task (lua_State *L)
{
  luaL_checktype (L, 2, LUA_TTABLE);
  lua_createtable (L, 0, 1);
  push_fields (L, 2);
  lua_setfield (L, -2, "fields");
  return call_host (L, "create_task");
}

/* ctx:update(record, { field = value, … }) */
static int
ctx_update (lua_State *L)
{
  const JoineryKind *kind;
  gint64 id;

  check_record (L, 2, &kind, &id);
  luaL_checktype (L, 3, LUA_TTABLE);
  lua_createtable (L, 0, 3);
  lua_pushstring (L, kind->name);
  lua_setfield (L, -2, "kind");
  lua_pushinteger (L, id);
  lua_setfield (L, -2, "id");
  push_fields (L, 3);
  lua_setfield (L, -2, "fields");
  return call_host (L, "update");
}

static int
link_call (lua_State *L, const char *op, const char *text_key)
{
  const JoineryKind *kind;
  gint64 id;
  const char *text;

  check_record (L, 2, &kind, &id);
  text = luaL_checkstring (L, 3);
  lua_createtable (L, 0, 3);
  lua_pushstring (L, kind->name);
  lua_setfield (L, -2, "kind");
  lua_pushinteger (L, id);
  lua_setfield (L, -2, "id");
  lua_pushstring (L, text);
  lua_setfield (L, -2, text_key);
  return call_host (L, op);
}

/* ctx:add_note(record, text) and ctx:add_tag(record, name) */
static int ctx_add_note (lua_State *L) { return link_call (L, "add_note", "body"); }
static int ctx_add_tag (lua_State *L) { return link_call (L, "add_tag", "name"); }

void
joinery_lua_workflow_register (lua_State *L)
{
  static const luaL_Reg methods[] = {
    { "create_task", ctx_create_task },
    { "update", ctx_update },
    { "add_note", ctx_add_note },
    { "add_tag", ctx_add_tag },
    { NULL, NULL }
  };

  luaL_setfuncs (L, methods, 0);
}
