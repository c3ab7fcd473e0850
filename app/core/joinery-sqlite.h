/* joinery-sqlite.h: the hardening every SQLite connection to a Joinery file
 * gets, for connections that are not a JoineryDb.
 *
 * JoineryDb applies it to its own connection; the Lua layer's sandboxed
 * reader opens its read-only connection with it (in a process that must
 * not pay for GObject). Only GLib and SQLite: nothing here may need more.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* A GError in JOINERY_DB_ERROR from an SQLite result code and the
 * connection's message (or the code's, when `handle` is NULL): "WHAT:
 * MESSAGE", with a message of its own for a busy, damaged, full or
 * read-only file. */
void      joinery_sqlite_set_error      (sqlite3 *handle, int rc, GError **error, const char *what);

/* Defensive mode, no trusted schema, fts3_tokenizer() and extension loading
 * off, no double-quoted string literals, foreign keys on, extended result
 * codes, a busy timeout, synchronous=FULL, cell size checks, temporary
 * tables in memory and the core's cache size. */
gboolean  joinery_sqlite_harden         (sqlite3 *handle, GError **error);

/* Open an existing file read-only (SQLITE_OPEN_READONLY) and harden the
 * connection; NULL and a JOINERY_DB_ERROR if it cannot be. */
sqlite3  *joinery_sqlite_open_read_only (const char *path, GError **error);

G_END_DECLS
