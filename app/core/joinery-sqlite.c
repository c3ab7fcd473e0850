/* joinery-sqlite.c: one connection hardening for every connection to a
 * Joinery file (see joinery-sqlite.h). GLib and SQLite only. */
#include "joinery-sqlite.h"
#include "joinery-error.h"

void
joinery_sqlite_set_error (sqlite3 *handle, int rc, GError **error, const char *what)
{
  JoineryDbError code;
  /* The connection's message is about its last call, which may not be the
   * one that failed (the session extension's calls set none). */
  const char *message = handle != NULL && (sqlite3_errcode (handle) & 0xff) == (rc & 0xff)
                        ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);

  if (rc == SQLITE_CONSTRAINT_COMMITHOOK)
    {
      /* See JoineryDb's commit hook: the transaction was lost to an
       * earlier error and nothing of it was kept. */
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED, "%s%sthe change was abandoned after an "
                   "error part-way through; nothing of it was saved", what != NULL ? what : "",
                   what != NULL ? ": " : "");
      return;
    }
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = JOINERY_DB_ERROR_BUSY;
      message = "the file is in use by another program; try again in a moment";
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = JOINERY_DB_ERROR_CORRUPT;
      message = "the file is damaged; restore it from a backup";
      break;
    case SQLITE_FULL:
      code = JOINERY_DB_ERROR_FULL;
      message = "the disk is full";
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      code = JOINERY_DB_ERROR_READ_ONLY;
      message = "the file cannot be written to";
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      code = JOINERY_DB_ERROR_IO;
      break;
    default:
      code = JOINERY_DB_ERROR_FAILED;
      break;
    }

  if (what != NULL)
    g_set_error (error, JOINERY_DB_ERROR, code, "%s: %s", what, message);
  else
    g_set_error_literal (error, JOINERY_DB_ERROR, code, message);
}

gboolean
joinery_sqlite_harden (sqlite3 *handle, GError **error)
{
  static const struct { int op; int value; } options[] = {
    { SQLITE_DBCONFIG_DEFENSIVE, 1 },
    { SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0 },
    { SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0 },
    { SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0 },
    { SQLITE_DBCONFIG_DQS_DML, 0 },
    { SQLITE_DBCONFIG_DQS_DDL, 0 },
    { SQLITE_DBCONFIG_ENABLE_FKEY, 1 },
  };
  int rc;

  g_return_val_if_fail (handle != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      int now = -1;
      rc = sqlite3_db_config (handle, options[i].op, options[i].value, &now);
      if (rc != SQLITE_OK || now != options[i].value)
        {
          g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                       "cannot secure the database connection (option %d)", options[i].op);
          return FALSE;
        }
    }
  sqlite3_extended_result_codes (handle, 1);
  sqlite3_busy_timeout (handle, 5000);
  rc = sqlite3_exec (handle,
                     "PRAGMA synchronous = FULL;"
                     "PRAGMA cell_size_check = ON;"
                     "PRAGMA temp_store = MEMORY;"
                     "PRAGMA cache_size = -32768;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      joinery_sqlite_set_error (handle, rc, error, NULL);
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
joinery_sqlite_open_read_only (const char *path, GError **error)
{
  sqlite3 *handle = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  rc = sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, JOINERY_DB_ERROR,
                   (rc & 0xff) == SQLITE_CANTOPEN ? JOINERY_DB_ERROR_NOT_FOUND : JOINERY_DB_ERROR_IO,
                   "cannot open “%s” for reading: %s", path,
                   handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
      sqlite3_close (handle);
      return NULL;
    }
  if (!joinery_sqlite_harden (handle, error))
    {
      g_prefix_error (error, "“%s”: ", path);
      sqlite3_close (handle);
      return NULL;
    }
  return handle;
}
