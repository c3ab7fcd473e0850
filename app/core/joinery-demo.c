/* joinery-demo.c: loading the demo dataset, and the demo's files.
 *
 * The dataset is plain SQL (data/demo/NNN-*.sql, in a GResource), run in
 * file order into a scratch database in memory whose tables mirror the
 * kinds' descriptions without their rules: one column per field, named as
 * in the schema, and `id`. The files refer to each other's rows with
 * ref('table', 'name'), a function of the scratch database only. Every
 * scratch row is then turned into a JoineryRecord — values read as a
 * person types them (money in pounds, dates, yes/no), references mapped
 * from scratch ids to the ids the database gives — and written with
 * joinery_db_create(), kind by kind in the core's order, each kind's rows
 * in the order the files inserted them. No value is ever formatted into
 * SQL here; only names from the kinds' static descriptions are.
 *
 * This file must not write to a database other than through the core's
 * public write path, nor remove a file it did not make.
 */
#include "config.h"

#include "joinery-demo.h"
#include "joinery-db-private.h"
#include "joinery-error.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define DEMO_RESOURCES "/org/joinery/Joinery/demo/"
#define TEMPORARY_PREFIX "joinery-demo-"
#define TEMPORARY_NAME "demo.joinery"

/* The scratch database */

/* ref(table, name): the scratch id of the one row of `table` whose name
 * (the kind's label field) is `name`. An error, with the file's line,
 * when there is none or several. */
static void
ref_function (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  const char *table = (const char *) sqlite3_value_text (argv[0]);
  const char *name = (const char *) sqlite3_value_text (argv[1]);
  const JoineryKind *kind = table != NULL ? joinery_kind_lookup (table) : NULL;
  g_autofree char *sql = NULL;
  g_autofree char *message = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3_int64 id = 0;
  int found = 0;
  int rc;

  if (kind == NULL || kind->label_sql != NULL || kind->label_field == NULL || name == NULL)
    {
      message = g_strdup_printf ("ref(“%s”, “%s”): the first argument must be the table of a kind "
                                 "of record that has a name", table != NULL ? table : "",
                                 name != NULL ? name : "");
      sqlite3_result_error (context, message, -1);
      return;
    }

  sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?1 LIMIT 2", kind->table,
                         joinery_field_get_column (joinery_kind_get_field (kind, kind->label_field)));
  rc = sqlite3_prepare_v2 (sqlite3_context_db_handle (context), sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (stmt, 0);
          found++;
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    message = g_strdup_printf ("ref(“%s”, “%s”): %s", table, name,
                               sqlite3_errmsg (sqlite3_context_db_handle (context)));
  else if (found == 0)
    message = g_strdup_printf ("ref(“%s”, “%s”): there is no %s of that name (the files are read in "
                               "order: is it made in a later one?)", table, name,
                               joinery_kind_get_words (kind, FALSE));
  else if (found > 1)
    message = g_strdup_printf ("ref(“%s”, “%s”): several %s have that name", table, name,
                               joinery_kind_get_words (kind, TRUE));
  if (message != NULL)
    {
      sqlite3_result_error (context, message, -1);
      return;
    }
  sqlite3_result_int64 (context, id);
}

static void
append_columns (GString *sql, const JoineryKind *kind, const char *prefix)
{
  for (guint f = 0; f < kind->n_fields; f++)
    {
      const JoineryField *field = &kind->fields[f];

      if (field->type == JOINERY_FIELD_LINK)
        g_string_append_printf (sql, ", %srecord_kind", prefix);
      g_string_append_printf (sql, ", %s%s", prefix, joinery_field_get_column (field));
    }
}

static sqlite3 *
open_scratch (GError **error)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3 *scratch = NULL;
  int rc;

  rc = sqlite3_open_v2 (":memory:", &scratch, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_db_config (scratch, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
      sqlite3_db_config (scratch, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
      sqlite3_db_config (scratch, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
      sqlite3_db_config (scratch, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
      rc = sqlite3_create_function (scratch, "ref", 2, SQLITE_UTF8, NULL, ref_function, NULL, NULL);
    }
  /* Untyped columns: the values stay as the files wrote them, and are
   * judged by the core's validation, not by this table. */
  for (guint k = 0; rc == SQLITE_OK && kinds[k] != NULL; k++)
    {
      g_string_append_printf (sql, "CREATE TABLE %s (id INTEGER PRIMARY KEY", kinds[k]->table);
      append_columns (sql, kinds[k], "");
      g_string_append (sql, ");\n");
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (scratch, sql->str, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                   "cannot prepare the demo's scratch database: %s",
                   scratch != NULL ? sqlite3_errmsg (scratch) : sqlite3_errstr (rc));
      sqlite3_close (scratch);
      return NULL;
    }
  return scratch;
}

/* Past blanks and -- comments: where the next statement starts. */
static const char *
skip_blanks (const char *p)
{
  for (;;)
    {
      while (g_ascii_isspace (*p))
        p++;
      if (p[0] != '-' || p[1] != '-')
        return p;
      while (*p != '\0' && *p != '\n')
        p++;
    }
}

static guint
line_of (const char *text, const char *at)
{
  guint line = 1;

  for (const char *p = text; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

static gboolean
run_file (sqlite3 *scratch, const char *name, const char *text, GError **error)
{
  const char *p = skip_blanks (text);

  while (*p != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *tail = NULL;
      int rc = sqlite3_prepare_v2 (scratch, p, -1, &stmt, &tail);

      if (rc == SQLITE_OK && stmt != NULL)
        {
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            ;
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      if (rc != SQLITE_OK)
        {
          g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                       "the demo's file %s, line %u: %s", name, line_of (text, p),
                       sqlite3_errmsg (scratch));
          sqlite3_finalize (stmt);
          return FALSE;
        }
      sqlite3_finalize (stmt);
      p = skip_blanks (tail);
    }
  return TRUE;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
run_files (sqlite3 *scratch, GError **error)
{
  g_auto(GStrv) names = g_resources_enumerate_children (DEMO_RESOURCES, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                                        error);
  guint n_files = 0;

  if (names == NULL)
    {
      g_prefix_error (error, "cannot find the demo's files: ");
      return FALSE;
    }
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *resource = g_strconcat (DEMO_RESOURCES, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *text = NULL;

      if (!g_str_has_suffix (names[i], ".sql"))
        continue;
      bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;
      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (!run_file (scratch, names[i], text, error))
        return FALSE;
      n_files++;
    }
  if (n_files == 0)
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                           "the demo has no files: this build of Joinery is incomplete");
      return FALSE;
    }
  return TRUE;
}

/* From scratch rows to records */

typedef struct {
  JoineryDb  *db;
  GHashTable *ids; /* kind → (GHashTable of scratch id → id) */
} Loader;

static GHashTable *
ids_of (Loader *loader, const JoineryKind *kind)
{
  GHashTable *map = g_hash_table_lookup (loader->ids, kind);

  if (map == NULL)
    {
      map = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      g_hash_table_insert (loader->ids, (gpointer) kind, map);
    }
  return map;
}

/* The database's id for the scratch row `scratch_id` of `kind`, or 0. */
static gint64
map_id (Loader *loader, const JoineryKind *kind, gint64 scratch_id)
{
  gint64 *id = g_hash_table_lookup (ids_of (loader, kind), &scratch_id);
  return id != NULL ? *id : 0;
}

/* Set one field of `record` from the scratch row's value(s) at `column`. */
static gboolean
set_field (Loader *loader, JoineryRecord *record, const JoineryField *field, sqlite3_stmt *row,
           int column, GError **error)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  int type = sqlite3_column_type (row, column);

  if (field->type == JOINERY_FIELD_LINK)
    {
      const char *target_name = (const char *) sqlite3_column_text (row, column);
      const JoineryKind *target;
      gint64 id;

      if (type == SQLITE_NULL && sqlite3_column_type (row, column + 1) == SQLITE_NULL)
        return TRUE;
      target = target_name != NULL ? joinery_kind_lookup (target_name) : NULL;
      if (target == NULL || sqlite3_column_type (row, column + 1) != SQLITE_INTEGER)
        {
          joinery_set_validation_error (error, kind->name, field->name, JOINERY_VALIDATION_ERROR_INVALID,
                                        "record_kind must name a kind and record_id must be "
                                        "ref(…) of it");
          return FALSE;
        }
      id = map_id (loader, target, sqlite3_column_int64 (row, column + 1));
      if (id == 0)
        {
          joinery_set_validation_error (error, kind->name, field->name,
                                        JOINERY_VALIDATION_ERROR_MISSING_REFERENCE,
                                        "is about a %s that is not loaded before it",
                                        joinery_kind_get_words (target, FALSE));
          return FALSE;
        }
      joinery_record_set_link (record, field->name, target->name, id);
      return TRUE;
    }

  if (type == SQLITE_NULL)
    return TRUE;

  if (field->type == JOINERY_FIELD_REFERENCE)
    {
      const JoineryKind *target = joinery_kind_lookup (field->ref_kind);
      gint64 id;

      if (type != SQLITE_INTEGER)
        {
          joinery_set_validation_error (error, kind->name, field->name, JOINERY_VALIDATION_ERROR_INVALID,
                                        "must be ref(…) of a %s",
                                        joinery_kind_get_words (target, FALSE));
          return FALSE;
        }
      id = map_id (loader, target, sqlite3_column_int64 (row, column));
      if (id == 0)
        {
          joinery_set_validation_error (error, kind->name, field->name,
                                        JOINERY_VALIDATION_ERROR_MISSING_REFERENCE,
                                        "refers to a %s that is not loaded before it",
                                        joinery_kind_get_words (target, FALSE));
          return FALSE;
        }
      joinery_record_set_integer (record, field->name, id);
      return TRUE;
    }

  /* As a person types it: money in pounds, dates, yes/no. */
  return joinery_record_set_from_string (record, field->name,
                                         (const char *) sqlite3_column_text (row, column), error);
}

static gboolean
load_kind (Loader *loader, sqlite3 *scratch, const JoineryKind *kind, GError **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT t.id");
  const JoineryField *label_field = kind->label_field != NULL
                                    ? joinery_kind_get_field (kind, kind->label_field) : NULL;
  GHashTable *ids = ids_of (loader, kind);
  sqlite3_stmt *row = NULL;
  int label_column = -1;
  gboolean ok = TRUE;
  int rc;

  append_columns (sql, kind, "t.");
  g_string_append_printf (sql, " FROM %s t ORDER BY t.id", kind->table);
  /* Where the row's name is, for messages. */
  for (guint f = 0, column = 1; f < kind->n_fields; f++)
    {
      if (&kind->fields[f] == label_field)
        label_column = (int) column;
      column += kind->fields[f].type == JOINERY_FIELD_LINK ? 2 : 1;
    }
  rc = sqlite3_prepare_v2 (scratch, sql->str, -1, &row, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (row)) == SQLITE_ROW)
    {
      g_autoptr(JoineryRecord) record = joinery_record_new (kind);
      gint64 scratch_id = sqlite3_column_int64 (row, 0);
      GError *local_error = NULL;
      int column = 1;
      gint64 id;

      for (guint f = 0; ok && f < kind->n_fields; f++)
        {
          const JoineryField *field = &kind->fields[f];

          ok = set_field (loader, record, field, row, column, &local_error);
          column += field->type == JOINERY_FIELD_LINK ? 2 : 1;
        }
      ok = ok && joinery_db_create (loader->db, record, &local_error);
      if (!ok)
        {
          const char *name = label_column >= 0 ? (const char *) sqlite3_column_text (row, label_column)
                                               : NULL;

          if (name != NULL)
            g_propagate_prefixed_error (error, local_error, "the demo's %s, row %" G_GINT64_FORMAT " (“%s”): ",
                                        kind->table, scratch_id, name);
          else
            g_propagate_prefixed_error (error, local_error, "the demo's %s, row %" G_GINT64_FORMAT ": ",
                                        kind->table, scratch_id);
          break;
        }
      rc = SQLITE_OK;
      id = joinery_record_get_id (record);
      g_hash_table_insert (ids, g_memdup2 (&scratch_id, sizeof scratch_id), g_memdup2 (&id, sizeof id));
    }
  if (ok && rc != SQLITE_DONE)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                   "cannot read the demo's %s: %s", kind->table, sqlite3_errmsg (scratch));
      ok = FALSE;
    }
  sqlite3_finalize (row);
  return ok;
}

/* Nothing in it yet: no record, and no audit trail that a record once
 * was (a demo is told apart by the first entry of its trail). */
static gboolean
is_empty (JoineryDb *db, gboolean *empty, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare (db, "SELECT EXISTS (SELECT 1 FROM audit)", error);
  const JoineryKind * const *kinds = joinery_kinds ();
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *empty = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      joinery_db_set_error (db, rc, error, NULL);
      return FALSE;
    }
  for (guint k = 0; *empty && kinds[k] != NULL; k++)
    {
      gint64 n = 0;

      if (!joinery_db_count (db, kinds[k], NULL, &n, error))
        return FALSE;
      *empty = n == 0;
    }
  return TRUE;
}

gboolean
joinery_demo_load (JoineryDb *db, GError **error)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  g_autofree char *saved_source = NULL;
  Loader loader = { db, NULL };
  sqlite3 *scratch;
  gboolean empty = FALSE;
  gboolean ok;

  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);

  /* Its own group, stamped with its own time, never part of another. */
  if (joinery_db_in_group (db))
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                           "cannot load the demo while a change is being made");
      return FALSE;
    }
  if (!is_empty (db, &empty, error))
    return FALSE;
  if (!empty)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                   "cannot load the demo into “%s”: it already holds records (the demo goes into "
                   "a new, empty database)", joinery_db_get_path (db));
      return FALSE;
    }

  scratch = open_scratch (error);
  if (scratch == NULL)
    return FALSE;
  if (!run_files (scratch, error))
    {
      sqlite3_close (scratch);
      return FALSE;
    }

  saved_source = g_strdup (joinery_db_get_source (db));
  joinery_db_set_source (db, JOINERY_DEMO_SOURCE);
  loader.ids = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);

  /* One group that cannot be undone: a trainee's Undo must never wipe
   * out the demo, and the load is all or nothing. */
  ok = joinery_db_begin (db, "Load the demo", JOINERY_GROUP_NO_UNDO, error);
  if (ok)
    {
      ok = joinery_db_set_group_time (db, JOINERY_DEMO_TIMESTAMP, error);
      for (guint k = 0; ok && kinds[k] != NULL; k++)
        ok = load_kind (&loader, scratch, kinds[k], error);
      if (ok)
        ok = joinery_db_commit (db, error);
      else
        joinery_db_rollback (db);
    }

  joinery_db_set_source (db, saved_source);
  g_hash_table_unref (loader.ids);
  sqlite3_close (scratch);
  return ok;
}

gboolean
joinery_demo_is_demo (JoineryDb *db)
{
  sqlite3_stmt *stmt;
  gboolean is_demo;

  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);

  stmt = joinery_db_prepare (db, "SELECT source FROM audit ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL)
    return FALSE;
  is_demo = sqlite3_step (stmt) == SQLITE_ROW &&
            g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), JOINERY_DEMO_SOURCE) == 0;
  sqlite3_reset (stmt);
  return is_demo;
}

/* Files */

/* A fresh demo under a new temporary name in the folder of `path`, ready
 * to be renamed over it; its path. */
static char *
build_beside (const char *path, int mode, GError **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template = g_strdup_printf ("%s%s.%s-XXXXXX", folder, G_DIR_SEPARATOR_S, base);
  g_autoptr(JoineryDb) db = NULL;
  int fd;

  /* Made empty and ours alone, so no one else's file is ever taken. */
  fd = g_mkstemp_full (template, O_RDWR, mode);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_IO,
                   "cannot write the demo in “%s”: %s", folder, g_strerror (saved_errno));
      return NULL;
    }
  close (fd);

  db = joinery_db_open (template, JOINERY_DB_OPEN_CREATE, error);
  if (db == NULL || !joinery_demo_load (db, error))
    {
      g_clear_object (&db);
      joinery_db_remove_files (template);
      return NULL;
    }
  /* Closed, so that the write-ahead log is folded into the file. */
  joinery_db_close (db);
  return g_steal_pointer (&template);
}

static gboolean
put_in_place (const char *partial, const char *path, GError **error)
{
  if (g_rename (partial, path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_IO, "cannot write the demo to “%s”: %s",
                   path, g_strerror (saved_errno));
      joinery_db_remove_files (partial);
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_demo_create (const char *path, GError **error)
{
  g_autofree char *partial = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (*path == '\0')
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                           "cannot write the demo: the file name is empty");
      return FALSE;
    }
  if (g_stat (path, &st) == 0 && (st.st_size > 0 || !S_ISREG (st.st_mode)))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                   "cannot write the demo to “%s”: the file exists (name a new file)", path);
      return FALSE;
    }

  partial = build_beside (path, 0644, error);
  return partial != NULL && put_in_place (partial, path, error);
}

char *
joinery_demo_create_temporary (GError **error)
{
  g_autofree char *folder = g_dir_make_tmp (TEMPORARY_PREFIX "XXXXXX", error);
  g_autofree char *path = NULL;

  if (folder == NULL)
    {
      g_prefix_error (error, "cannot make a folder for the demo: ");
      return NULL;
    }
  path = g_build_filename (folder, TEMPORARY_NAME, NULL);
  if (!joinery_demo_create (path, error))
    {
      g_rmdir (folder);
      return NULL;
    }
  return g_steal_pointer (&path);
}

gboolean
joinery_demo_remove_temporary (const char *path, GError **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *folder_name = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  folder = g_path_get_dirname (path);
  folder_name = g_path_get_basename (folder);
  name = g_path_get_basename (path);
  if (!g_str_equal (name, TEMPORARY_NAME) || !g_str_has_prefix (folder_name, TEMPORARY_PREFIX) ||
      strlen (folder_name) != strlen (TEMPORARY_PREFIX) + 6)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                   "“%s” is not a temporary copy of the demo; it was left as it was", path);
      return FALSE;
    }
  joinery_db_remove_files (path);
  if (g_rmdir (folder) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_IO, "cannot remove the folder “%s”: %s",
                   folder, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_demo_reset (const char *path, GError **error)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autofree char *partial = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, error);
  if (db == NULL)
    {
      g_prefix_error (error, "cannot reset the demo: ");
      return FALSE;
    }
  if (!joinery_demo_is_demo (db))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                   "cannot reset “%s”: it is not the demo; it was left as it was", path);
      return FALSE;
    }
  g_clear_object (&db);

  if (g_stat (path, &st) != 0)
    st.st_mode = 0644;
  partial = build_beside (path, (int) (st.st_mode & 0777), error);
  if (partial == NULL)
    return FALSE;
  /* The old file's log goes first: SQLite would replay it onto the new one. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  return put_in_place (partial, path, error);
}
