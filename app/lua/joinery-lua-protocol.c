/* joinery-lua-protocol.c: length-prefixed messages over the socket between
 * the host and its sandbox process (see joinery-lua-protocol.h). Used by
 * both sides: GLib and libc only. */
#include "joinery-lua-protocol.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static gboolean
write_all (int fd, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == ENOTSOCK)
        n = write (fd, data, len);
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
joinery_lua_protocol_write (int fd, const char *data, gsize len)
{
  guint8 header[4];

  if (len > JOINERY_LUA_MAX_MESSAGE)
    {
      errno = EMSGSIZE;
      return FALSE;
    }
  header[0] = (guint8) (len >> 24);
  header[1] = (guint8) (len >> 16);
  header[2] = (guint8) (len >> 8);
  header[3] = (guint8) len;
  return write_all (fd, header, sizeof header) && write_all (fd, (const guint8 *) data, len);
}

static gboolean
read_all (int fd, guint8 *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = read (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static gsize
decode_length (const guint8 *header)
{
  return (gsize) header[0] << 24 | (gsize) header[1] << 16 | (gsize) header[2] << 8 | header[3];
}

char *
joinery_lua_protocol_read (int fd, gsize *len)
{
  guint8 header[4];
  gsize size;
  char *data;

  if (!read_all (fd, header, sizeof header))
    return NULL;
  size = decode_length (header);
  if (size > JOINERY_LUA_MAX_MESSAGE)
    return NULL;
  data = g_malloc (size + 1);
  if (!read_all (fd, (guint8 *) data, size))
    {
      g_free (data);
      return NULL;
    }
  data[size] = '\0';
  *len = size;
  return data;
}

void
joinery_lua_reader_init (JoineryLuaReader *reader)
{
  reader->buffer = g_byte_array_new ();
}

void
joinery_lua_reader_clear (JoineryLuaReader *reader)
{
  g_clear_pointer (&reader->buffer, g_byte_array_unref);
}

gboolean
joinery_lua_reader_fill (JoineryLuaReader *reader, int fd, gboolean *eof)
{
  guint8 chunk[65536];

  *eof = FALSE;
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);
      if (n > 0)
        {
          g_byte_array_append (reader->buffer, chunk, (guint) n);
          /* Stop reading a peer that floods: the caller takes messages out. */
          if (reader->buffer->len > JOINERY_LUA_MAX_MESSAGE + 8)
            return TRUE;
          continue;
        }
      if (n == 0)
        {
          *eof = TRUE;
          return FALSE;
        }
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return TRUE;
      return FALSE;
    }
}

char *
joinery_lua_reader_next (JoineryLuaReader *reader, gsize *len, gboolean *too_big)
{
  gsize size;
  char *data;

  *too_big = FALSE;
  if (reader->buffer->len < 4)
    return NULL;
  size = decode_length (reader->buffer->data);
  if (size > JOINERY_LUA_MAX_MESSAGE)
    {
      *too_big = TRUE;
      return NULL;
    }
  if (reader->buffer->len < size + 4)
    return NULL;
  data = g_malloc (size + 1);
  memcpy (data, reader->buffer->data + 4, size);
  data[size] = '\0';
  g_byte_array_remove_range (reader->buffer, 0, (guint) size + 4);
  *len = size;
  return data;
}
