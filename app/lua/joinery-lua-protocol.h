/* joinery-lua-protocol.h: how the host and its sandbox process talk.
 *
 * Private to the Lua layer. A plugin runs in a process of its own (the
 * runner, joinery-lua-runner.c) that shares one socket with the host: each
 * message is a 4-byte big-endian length and that many bytes of UTF-8
 * JSON. The host sends one request; the runner answers with any number of
 * "call" messages (a workflow's writes, each answered by a "reply") and
 * ends with one "done" or "error". The host never trusts what it reads:
 * sizes are capped and every message is checked (joinery-lua-run.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The runner is started as: joinery-lua-runner --fd 3 --time-ms N
 * --memory BYTES --parent PID. */
#define JOINERY_LUA_RUNNER_FD 3

/* No message may be larger (a report of a million rows fits). */
#define JOINERY_LUA_MAX_MESSAGE (512u * 1024 * 1024)

/* Write one message, whole; FALSE (errno set) on failure. Never raises
 * SIGPIPE. */
gboolean joinery_lua_protocol_write (int fd, const char *data, gsize len);
/* Read one message, blocking; NULL at end of file or on failure. For the
 * runner, which trusts its host. */
char    *joinery_lua_protocol_read  (int fd, gsize *len);

/* Reading without blocking, for the host: feed what the socket gives and
 * take whole messages out. */
typedef struct {
  GByteArray *buffer;
} JoineryLuaReader;

void     joinery_lua_reader_init    (JoineryLuaReader *reader);
void     joinery_lua_reader_clear   (JoineryLuaReader *reader);
/* Read what is there (the socket is non-blocking). FALSE at end of file or
 * on an error; TRUE otherwise, even if nothing was read. */
gboolean joinery_lua_reader_fill    (JoineryLuaReader *reader, int fd, gboolean *eof);
/* The next whole message, or NULL (and *too_big set when the peer announced
 * a message over the cap). */
char    *joinery_lua_reader_next    (JoineryLuaReader *reader, gsize *len, gboolean *too_big);

G_END_DECLS
