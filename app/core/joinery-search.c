/* joinery-search.c: full-text search across every kind, rebuilding the
 * index, and the checks `joinery check` runs.
 *
 * The index is one FTS5 table (data/migrations/0002-search.sql); its rowid
 * is the record's id times 32 plus its kind's code. Hits are ranked by
 * bm25 with a record's own name weighing ten times its other text; the
 * label shown for a hit is read afresh from the record, so renaming a
 * linked record never leaves a stale name in results.
 */
#include "joinery-db-private.h"
#include "joinery-error.h"
#include "joinery-search-private.h"

#include <string.h>

/* More words than anyone types only make the query slow. */
#define MAX_WORDS 16

char *
joinery_search_build_match (const char *text)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  for (p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          char *folded = g_utf8_casefold (word->str, -1);

          if (g_hash_table_add (seen, folded) && g_hash_table_size (seen) <= MAX_WORDS)
            {
              if (match->len > 0)
                g_string_append_c (match, ' ');
              /* Only letters, digits and marks are in a word: no quote to escape. */
              g_string_append_printf (match, "\"%s\"*", word->str);
            }
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  if (match->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&match), FALSE);
}

void
joinery_search_hit_free (JoinerySearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->label);
  g_free (hit->snippet);
  g_free (hit);
}

GPtrArray *
joinery_db_search (JoineryDb *self, const char *text, const JoineryKind *only_kind, guint limit,
                   const char *mark_start, const char *mark_end, GError **error)
{
  static const char *sql =
    "SELECT rowid, snippet(search_index, -1, ?2, ?3, '…', 12), "
    "bm25(search_index, 0.0, 10.0, 1.0) AS score "
    "FROM search_index WHERE search_index MATCH ?1 AND (?4 IS NULL OR rowid % 32 = ?4) "
    "ORDER BY score LIMIT ?5";
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) joinery_search_hit_free);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  match = joinery_search_build_match (text);
  if (match == NULL)
    return g_steal_pointer (&hits);
  if (!joinery_db_flush_index (self, error))
    return NULL;

  stmt = joinery_db_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  /* Not copied: a failed copy (out of memory) would search for nothing. */
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, mark_start != NULL ? mark_start : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, mark_end != NULL ? mark_end : "", -1, SQLITE_STATIC);
  if (only_kind != NULL)
    sqlite3_bind_int (stmt, 4, (int) only_kind->code);
  sqlite3_bind_int64 (stmt, 5, limit > 0 ? (gint64) limit : G_MAXINT64);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      const JoineryKind *kind = joinery_kind_from_code ((guint) (rowid % 32));
      JoinerySearchHit *hit;

      if (kind == NULL)
        continue;
      hit = g_new0 (JoinerySearchHit, 1);
      hit->kind = kind;
      hit->id = rowid / 32;
      hit->snippet = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->rank = sqlite3_column_double (stmt, 2);
      g_ptr_array_add (hits, hit);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (self, rc, error, "cannot search");
      return NULL;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      JoinerySearchHit *hit = hits->pdata[i];
      hit->label = joinery_db_dup_label (self, hit->kind, hit->id);
    }
  return g_steal_pointer (&hits);
}

gboolean
joinery_db_rebuild_search_internal (JoineryDb *self, GError **error)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  if (!joinery_db_exec (self, "DELETE FROM search_index", error))
    return FALSE;
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      const JoineryKindSql *sql = joinery_db_kind_sql (self, kinds[i]);
      g_autofree char *insert = NULL;

      if (sql->index_select == NULL)
        continue;
      insert = g_strdup_printf ("INSERT INTO search_index (rowid, kind, title, body) %s",
                                sql->index_select);
      if (!joinery_db_exec (self, insert, error))
        return FALSE;
    }
  return joinery_db_exec (self, "INSERT INTO search_index (search_index) VALUES ('optimize')", error);
}

gboolean
joinery_db_rebuild_search (JoineryDb *self, GError **error)
{
  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);

  if (joinery_db_in_group (self))
    return joinery_db_flush_index (self, error) && joinery_db_rebuild_search_internal (self, error);
  if (joinery_db_is_read_only (self))
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY,
                           "the database is open read-only");
      return FALSE;
    }
  if (!joinery_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!joinery_db_rebuild_search_internal (self, error) || !joinery_db_exec (self, "COMMIT", error))
    {
      sqlite3_exec (joinery_db_get_handle (self), "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Checks */

/* Run a query whose rows are problems, described by `describe`. */
static gboolean
collect_rows (JoineryDb *self, const char *sql, GPtrArray *problems,
              char *(*describe) (sqlite3_stmt *stmt), GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (joinery_db_get_handle (self), sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        char *problem = describe (stmt);
        if (problem != NULL)
          g_ptr_array_add (problems, problem);
      }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
        {
          g_ptr_array_add (problems, g_strdup ("the file is damaged"));
          return TRUE;
        }
      joinery_db_set_error (self, rc, error, "cannot check the database");
      return FALSE;
    }
  return TRUE;
}

static char *
describe_integrity (sqlite3_stmt *stmt)
{
  const char *text = (const char *) sqlite3_column_text (stmt, 0);
  return g_strcmp0 (text, "ok") == 0 ? NULL : g_strdup_printf ("integrity: %s", text);
}

static char *
describe_foreign_key (sqlite3_stmt *stmt)
{
  return g_strdup_printf ("%s #%lld refers to a missing record in %s",
                          (const char *) sqlite3_column_text (stmt, 0),
                          (long long) sqlite3_column_int64 (stmt, 1),
                          (const char *) sqlite3_column_text (stmt, 2));
}

static char *
describe_count (sqlite3_stmt *stmt)
{
  gint64 n = sqlite3_column_int64 (stmt, 0);
  return n == 0 ? NULL : g_strdup_printf ("%lld %s", (long long) n,
                                         (const char *) sqlite3_column_text (stmt, 1));
}

GPtrArray *
joinery_db_check (JoineryDb *self, gboolean full, GError **error)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *handle;
  sqlite3_stmt *stmt = NULL;
  gint64 version = 0, app_id = 0;

  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  handle = joinery_db_get_handle (self);
  if (!joinery_db_flush_index (self, error))
    return NULL;

  if (!collect_rows (self, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", problems,
                     describe_integrity, error))
    return NULL;
  if (problems->len > 0)
    return g_steal_pointer (&problems); /* nothing else can be trusted */

  if (sqlite3_prepare_v2 (handle, "SELECT (SELECT user_version FROM pragma_user_version), "
                                  "(SELECT application_id FROM pragma_application_id)",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      version = sqlite3_column_int64 (stmt, 0);
      app_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (app_id != JOINERY_APPLICATION_ID_SQLITE)
    g_ptr_array_add (problems, g_strdup ("the file is not marked as a Joinery database"));
  if (version != joinery_db_latest_version ())
    g_ptr_array_add (problems, g_strdup_printf ("schema version %lld, expected %u",
                                                (long long) version, joinery_db_latest_version ()));

  if (!collect_rows (self, "PRAGMA foreign_key_check", problems, describe_foreign_key, error))
    return NULL;

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      const JoineryKindSql *sql = joinery_db_kind_sql (self, kinds[k]);

      /* Links to records of any kind, which SQL cannot check. */
      for (guint i = 0; i < kinds[k]->n_fields; i++)
        {
          if (kinds[k]->fields[i].type != JOINERY_FIELD_LINK)
            continue;
          for (guint t = 0; kinds[t] != NULL; t++)
            {
              g_autofree char *check = NULL;
              if (!kinds[t]->linkable)
                continue;
              check = g_strdup_printf ("SELECT count(*), '%s attached to missing %s records' "
                                       "FROM %s x WHERE x.record_kind = '%s' AND NOT EXISTS "
                                       "(SELECT 1 FROM %s t WHERE t.id = x.record_id)",
                                       kinds[k]->plural, kinds[t]->name, kinds[k]->table,
                                       kinds[t]->name, kinds[t]->table);
              if (!collect_rows (self, check, problems, describe_count, error))
                return NULL;
            }
        }

      if (sql->index_check != NULL)
        {
          g_autofree char *stale = g_strdup_printf ("SELECT (%s), '%s missing from or out of "
                                                    "step with the search index'",
                                                    sql->index_check, kinds[k]->plural);
          if (!collect_rows (self, stale, problems, describe_count, error))
            return NULL;
        }
    }

  {
    /* Entries in the index for records that are gone, or for kinds that are
     * not indexed at all. */
    g_autoptr(GString) orphans = g_string_new ("SELECT count(*), 'search index entries for "
                                               "records that do not exist' FROM search_index s WHERE "
                                               "CASE s.rowid % 32");
    for (guint k = 0; kinds[k] != NULL; k++)
      if (joinery_kind_is_searchable (kinds[k]))
        g_string_append_printf (orphans, " WHEN %u THEN NOT EXISTS (SELECT 1 FROM %s t WHERE "
                                "t.id = s.rowid / 32)", kinds[k]->code, kinds[k]->table);
    g_string_append (orphans, " ELSE 1 END");
    if (!collect_rows (self, orphans->str, problems, describe_count, error))
      return NULL;
  }

  if (!joinery_db_is_read_only (self))
    {
      int rc = sqlite3_exec (handle,
                             "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
                             NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        g_ptr_array_add (problems, g_strdup_printf ("search index: %s", sqlite3_errmsg (handle)));
    }

  return g_steal_pointer (&problems);
}
