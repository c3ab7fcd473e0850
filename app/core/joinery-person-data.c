/* joinery-person-data.c: a subject access export, an erasure, and the
 * audit trail read back for people.
 *
 * Which records refer to a person is not listed by hand: it is read from
 * the kinds' descriptions (every reference to "person", every link to a
 * record of any kind) so that a new kind that refers to people is exported
 * and kept anonymously without a change here; tests/test-core-person-data.c
 * compares that list with what the schema itself refers to.
 *
 * The erasure is the one code path allowed to rewrite the audit trail's
 * values (migration 3's trigger asks joinery_audit_scrub_allowed()). It
 * must not edit other records' free text: mentions are only listed.
 */
#include "config.h"

#include "joinery-person-data.h"
#include "joinery-db-private.h"
#include "joinery-error.h"
#include "joinery-value.h"

#include <string.h>

#define EXCERPT_BYTES 60

/* Where people are referred to */

typedef struct {
  const JoineryKind  *kind;
  const JoineryField *field;  /* a REFERENCE to person, or the LINK */
} PersonRef;

static const PersonRef *
person_refs (guint *n_refs)
{
  static PersonRef *refs;
  static guint n;

  if (g_once_init_enter (&refs))
    {
      const JoineryKind * const *kinds = joinery_kinds ();
      GArray *found = g_array_new (FALSE, FALSE, sizeof (PersonRef));

      for (guint k = 0; kinds[k] != NULL; k++)
        for (guint i = 0; i < kinds[k]->n_fields; i++)
          {
            const JoineryField *f = &kinds[k]->fields[i];
            PersonRef ref = { kinds[k], f };

            if ((f->type == JOINERY_FIELD_REFERENCE && g_str_equal (f->ref_kind, "person")) ||
                f->type == JOINERY_FIELD_LINK)
              g_array_append_val (found, ref);
          }
      n = found->len;
      g_once_init_leave (&refs, (PersonRef *) g_array_free (found, FALSE));
    }
  *n_refs = n;
  return refs;
}

const char * const *
joinery_person_data_coverage (void)
{
  static char **coverage;

  if (g_once_init_enter (&coverage))
    {
      GPtrArray *list = g_ptr_array_new ();
      guint n;
      const PersonRef *refs = person_refs (&n);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (list, g_strdup_printf ("%s.%s", refs[i].kind->table,
                                                refs[i].field->type == JOINERY_FIELD_LINK
                                                ? "record_kind" : joinery_field_get_column (refs[i].field)));
      g_ptr_array_add (list, g_strdup ("audit.kind"));
      g_ptr_array_add (list, g_strdup ("workflow_runs.record_kind"));
      g_ptr_array_add (list, NULL);
      g_once_init_leave (&coverage, (char **) g_ptr_array_free (list, FALSE));
    }
  return (const char * const *) coverage;
}

/* The ids of the records that refer to person `id` through `ref`. */
static GArray *
referring_ids (JoineryDb *db, const PersonRef *ref, gint64 id, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (ref->field->type == JOINERY_FIELD_LINK)
    sql = g_strdup_printf ("SELECT id FROM %s WHERE record_kind = 'person' AND record_id = ?1 ORDER BY id",
                           ref->kind->table);
  else
    sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?1 ORDER BY id", ref->kind->table,
                           joinery_field_get_column (ref->field));
  stmt = joinery_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 found = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, found);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (db, rc, error, NULL);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static JoineryRecord *
get_person (JoineryDb *db, gint64 id, GError **error)
{
  return joinery_db_get (db, joinery_kind_lookup ("person"), id, error);
}

/* Mentions */

void
joinery_mention_free (JoineryMention *mention)
{
  if (mention == NULL)
    return;
  g_free (mention->label);
  g_free (mention->excerpt);
  g_free (mention);
}

static char *
make_excerpt (const char *text, const char *needle)
{
  g_autofree char *folded_text = g_ascii_strdown (text, -1);
  g_autofree char *folded_needle = g_ascii_strdown (needle, -1);
  const char *hit = strstr (folded_text, folded_needle);
  gsize at = hit != NULL ? (gsize) (hit - folded_text) : 0;
  gsize len = strlen (text);
  gsize start = at > EXCERPT_BYTES ? at - EXCERPT_BYTES : 0;
  gsize end = MIN (len, at + strlen (needle) + EXCERPT_BYTES);
  g_autofree char *cut = NULL;
  g_autofree char *valid = NULL;

  /* Keep whole characters: move the ends off continuation bytes. */
  while (start > 0 && ((guchar) text[start] & 0xc0) == 0x80)
    start--;
  while (end < len && ((guchar) text[end] & 0xc0) == 0x80)
    end++;
  cut = g_strndup (text + start, end - start);
  valid = g_utf8_make_valid (cut, -1);
  g_strdelimit (valid, "\n\r\t", ' ');
  return g_strdup_printf ("%s%s%s", start > 0 ? "…" : "", valid, end < len ? "…" : "");
}

static gboolean
kind_is_owned_link (const JoineryKind *kind)
{
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type == JOINERY_FIELD_LINK && (kind->fields[i].flags & JOINERY_FIELD_CASCADE))
      return TRUE;
  return FALSE;
}

static gboolean
find_mentions_of (JoineryDb *db, gint64 person_id, const char *needle, GPtrArray *found,
                  GHashTable *seen, GError **error)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const JoineryKind *kind = kinds[k];
        const JoineryField *f = &kind->fields[i];
        g_autofree char *sql = NULL;
        sqlite3_stmt *stmt;
        int rc;

        if (f->type != JOINERY_FIELD_TEXT && f->type != JOINERY_FIELD_LONG_TEXT)
          continue;
        /* The person's own record, and the notes and tags that go with
         * them, are erased with them: not mentions. */
        sql = g_strdup_printf ("SELECT id, %s FROM %s WHERE instr(lower(%s), lower(?1)) > 0%s%s ORDER BY id",
                               f->column, kind->table, f->column,
                               g_str_equal (kind->name, "person") ? " AND id <> ?2" : "",
                               kind_is_owned_link (kind) ? " AND NOT (record_kind = 'person' AND record_id = ?2)" : "");
        stmt = joinery_db_prepare (db, sql, error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_text (stmt, 1, needle, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 2, person_id);
        while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
          {
            gint64 id = sqlite3_column_int64 (stmt, 0);
            g_autofree char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT ":%s", kind->name, id, f->name);
            JoineryMention *mention;

            if (g_hash_table_contains (seen, key))
              continue;
            mention = g_new0 (JoineryMention, 1);
            mention->kind = kind;
            mention->id = id;
            mention->field = f->name;
            mention->excerpt = make_excerpt ((const char *) sqlite3_column_text (stmt, 1), needle);
            g_ptr_array_add (found, mention);
            g_hash_table_add (seen, g_steal_pointer (&key));
          }
        sqlite3_reset (stmt);
        if (rc != SQLITE_DONE)
          {
            joinery_db_set_error (db, rc, error, NULL);
            return FALSE;
          }
      }
  return TRUE;
}

GPtrArray *
joinery_person_data_find_mentions (JoineryDb *db, gint64 id, GError **error)
{
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) joinery_mention_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *needles[2];

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);

  person = get_person (db, id, error);
  if (person == NULL)
    return NULL;
  needles[0] = joinery_record_get_text (person, "name");
  needles[1] = joinery_record_get_text (person, "email");
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    if (needles[i] != NULL && g_utf8_strlen (needles[i], -1) >= 3 &&
        !find_mentions_of (db, id, needles[i], found, seen, error))
      return NULL;
  for (guint i = 0; i < found->len; i++)
    {
      JoineryMention *mention = found->pdata[i];
      mention->label = joinery_db_dup_label (db, mention->kind, mention->id);
    }
  return g_steal_pointer (&found);
}

/* The audit trail */

static gboolean
insert_audit_row (JoineryDb *db, const char *kind, gint64 id, const char *action,
                  const char *after, GError **error)
{
  static const char *sql =
    "INSERT INTO audit (at, change_group, kind, record_id, action, before, after, source) "
    "VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7)";
  g_autofree char *now = joinery_now_timestamp ();
  sqlite3_stmt *stmt = joinery_db_prepare_static (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, joinery_db_in_group (db) ? joinery_db_group_time (db) : now, -1, SQLITE_TRANSIENT);
  if (joinery_db_in_group (db) && joinery_db_group_id (db) > 0)
    sqlite3_bind_int64 (stmt, 2, joinery_db_group_id (db));
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, id);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, after, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, joinery_db_get_source (db), -1, SQLITE_TRANSIENT);
  return joinery_db_step_done (db, stmt, error);
}

gboolean
joinery_db_audit_export (JoineryDb *db, const JoineryKind *kind, gint64 id, const char *what,
                         guint64 rows, const char *format, GError **error)
{
  g_autoptr(GString) details = g_string_new ("{\"what\":");
  gboolean own = FALSE;

  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);
  g_return_val_if_fail (kind != NULL && what != NULL && format != NULL, FALSE);

  joinery_db_json_append_string (details, what);
  g_string_append_printf (details, ",\"rows\":%" G_GUINT64_FORMAT ",\"format\":", rows);
  joinery_db_json_append_string (details, format);
  g_string_append_c (details, '}');

  /* Not a change group: an export changes no record, so nothing to undo
   * and nothing for listeners. */
  if (!joinery_db_in_group (db))
    {
      if (joinery_db_is_read_only (db))
        {
          g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_READ_ONLY,
                       "“%s” is open read-only: the export cannot be recorded",
                       joinery_db_get_path (db));
          return FALSE;
        }
      if (!joinery_db_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      own = TRUE;
    }
  if (!insert_audit_row (db, kind->name, id, "export", details->str, error))
    {
      if (own)
        joinery_db_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
  if (own && !joinery_db_exec (db, "COMMIT", error))
    {
      joinery_db_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

void
joinery_audit_entry_free (JoineryAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->kind);
  g_free (entry->action);
  g_free (entry->source);
  g_clear_pointer (&entry->fields, g_ptr_array_unref);
  g_free (entry->file);
  g_free (entry->note);
  g_free (entry);
}

/* A large import's rows about one record (see migration 6): the import
 * that made it, its values then rebuilt, and the undo that removed it. */
typedef struct {
  gint64    audit_id;
  char     *at;
  char     *source;
  char     *file;
  gboolean  undo;     /* the undo's row: `values` is NULL */
  char     *values;   /* JSON, as the record was imported; NULL if not known */
} ImportRow;

static void
import_row_free (gpointer data)
{
  ImportRow *row = data;

  g_free (row->at);
  g_free (row->source);
  g_free (row->file);
  g_free (row->values);
  g_free (row);
}

/* What an import row says: about one record it made (`one`), or about
 * all of them. */
static char *
dup_import_note (ImportRow *row, gboolean one)
{
  const char *file = row->file != NULL ? row->file : "?";

  if (one)
    return g_strdup_printf (row->undo ? "removed by undoing the import of “%s”" : "created by import of “%s”", file);
  return g_strdup_printf (row->undo ? "the import of “%s” undone" : "import of “%s”", file);
}

static GPtrArray *
find_import_rows (JoineryDb *db, const JoineryKind *kind, gint64 id, const char *since, GError **error)
{
  /* The import rows of the kind whose first id is not above `id` (through
   * the partial index of import rows), then the one whose ranges hold it. */
  static const char *rows_sql =
    "SELECT a.id, a.at, a.source, json_extract (coalesce (a.after, a.before), '$.file'), a.after IS NULL "
    "FROM audit a WHERE a.action = 'import' AND a.kind = ?1 AND a.record_id BETWEEN 1 AND ?2 "
    "AND (?3 IS NULL OR a.at >= ?3) "
    "AND EXISTS (SELECT 1 FROM json_each (coalesce (a.after, a.before), '$.ids') r "
    "            WHERE ?2 BETWEEN json_extract (r.value, '$[0]') AND json_extract (r.value, '$[1]')) "
    "ORDER BY a.id";
  static const char *later_sql =
    "SELECT before FROM audit WHERE kind = ?1 AND record_id = ?2 AND id > ?3 AND before IS NOT NULL "
    "AND action <> 'import' ORDER BY id LIMIT 1";
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (import_row_free);
  sqlite3_stmt *stmt = joinery_db_prepare_static (db, rows_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kind->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  if (since != NULL)
    sqlite3_bind_text (stmt, 3, since, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ImportRow *row = g_new0 (ImportRow, 1);

      row->audit_id = sqlite3_column_int64 (stmt, 0);
      row->at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->source = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->file = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->undo = sqlite3_column_int (stmt, 4) != 0;
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (db, rc, error, "cannot read the audit trail");
      return NULL;
    }

  /* The values it came with: those its first later change found, or
   * else (never changed since) those it has now. */
  for (guint i = 0; i < rows->len; i++)
    {
      ImportRow *row = rows->pdata[i];
      GError *local_error = NULL;

      if (row->undo)
        continue;
      stmt = joinery_db_prepare_static (db, later_sql, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, kind->name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, id);
      sqlite3_bind_int64 (stmt, 3, row->audit_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        row->values = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          joinery_db_set_error (db, rc, error, "cannot read the audit trail");
          return NULL;
        }
      if (row->values == NULL)
        row->values = joinery_db_record_json (db, kind, id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }
  return g_steal_pointer (&rows);
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const JoineryAuditEntry *x = *(JoineryAuditEntry **) a, *y = *(JoineryAuditEntry **) b;
  return x->id < y->id ? -1 : x->id > y->id;
}

static void
audit_field_free (JoineryAuditField *field)
{
  g_free (field->field);
  g_free (field->before);
  g_free (field->after);
  g_free (field);
}

/* What differs between two JSON objects of the trail, key by key, read
 * with SQLite's own JSON functions (the core has no JSON library). */
static gboolean
diff_fields (JoineryDb *db, const char *before, const char *after, GPtrArray *fields, GError **error)
{
  static const char *sql =
    "WITH b AS (SELECT key, value, type, id FROM json_each(coalesce(?1, '{}'))), "
    "     a AS (SELECT key, value, type, id FROM json_each(coalesce(?2, '{}'))), "
    "     k AS (SELECT key FROM b UNION SELECT key FROM a) "
    "SELECT k.key, b.value, a.value FROM k "
    "LEFT JOIN b ON b.key = k.key LEFT JOIN a ON a.key = k.key "
    "WHERE (b.value IS NOT a.value OR b.type IS NOT a.type) "
    "AND k.key <> 'id' AND k.key <> 'created_at' AND k.key <> 'updated_at' "
    "ORDER BY coalesce(a.id, b.id), k.key";
  sqlite3_stmt *stmt = joinery_db_prepare_static (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, before, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, after, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JoineryAuditField *field = g_new0 (JoineryAuditField, 1);

      field->field = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      field->before = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      field->after = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (fields, field);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (db, rc, error, "cannot read the audit trail");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
joinery_db_audit_list (JoineryDb *db, const JoineryKind *kind, gint64 id, const char *since,
                       guint limit, GError **error)
{
  /* Two statements, so that one record's history is read through the
   * trail's index (an OR in the WHERE would scan the whole trail). */
  static const char *record_sql =
    "SELECT id, at, kind, record_id, action, source, before, after FROM ("
    "  SELECT * FROM audit WHERE kind = ?1 AND record_id = ?2 "
    "  AND (?3 IS NULL OR at >= ?3) ORDER BY id DESC LIMIT ?4"
    ") ORDER BY id";
  static const char *all_sql =
    "SELECT id, at, kind, record_id, action, source, before, after FROM ("
    "  SELECT * FROM audit WHERE (?3 IS NULL OR at >= ?3) ORDER BY id DESC LIMIT ?4"
    ") ORDER BY id";
  const char *sql = kind != NULL ? record_sql : all_sql;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) joinery_audit_entry_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);

  stmt = joinery_db_prepare_static (db, sql, error);
  if (stmt == NULL)
    return NULL;
  if (kind != NULL)
    {
      sqlite3_bind_text (stmt, 1, kind->name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, id);
    }
  if (since != NULL)
    sqlite3_bind_text (stmt, 3, since, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1);
  /* The rows are read first: the differences take a statement of their own. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JoineryAuditEntry *entry = g_new0 (JoineryAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->record_id = sqlite3_column_int64 (stmt, 3);
      entry->action = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      entry->source = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      entry->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) audit_field_free);
      g_ptr_array_add (entries, entry);
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 6)));
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 7)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (db, rc, error, "cannot read the audit trail");
      return NULL;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      JoineryAuditEntry *entry = entries->pdata[i];
      const char *before = rows->pdata[2 * i];
      const char *after = rows->pdata[2 * i + 1];

      if (!diff_fields (db, before, after, entry->fields, error))
        return NULL;
      if (g_str_equal (entry->action, "import"))
        {
          /* The whole trail: the import's row, its details as fields. */
          ImportRow row = { .undo = after == NULL };

          for (guint f = 0; f < entry->fields->len; f++)
            if (g_str_equal (((JoineryAuditField *) entry->fields->pdata[f])->field, "file"))
              entry->file = g_strdup (row.undo ? ((JoineryAuditField *) entry->fields->pdata[f])->before
                                               : ((JoineryAuditField *) entry->fields->pdata[f])->after);
          row.file = entry->file;
          entry->note = dup_import_note (&row, FALSE);
        }
    }

  /* A record a large import made: that import, and its undo. */
  if (kind != NULL)
    {
      g_autoptr(GPtrArray) imports = find_import_rows (db, kind, id, since, error);

      if (imports == NULL)
        return NULL;
      for (guint i = 0; i < imports->len; i++)
        {
          ImportRow *row = imports->pdata[i];
          JoineryAuditEntry *entry = g_new0 (JoineryAuditEntry, 1);

          entry->id = row->audit_id;
          entry->at = g_strdup (row->at);
          entry->kind = g_strdup (kind->name);
          entry->record_id = id;
          entry->action = g_strdup ("import");
          entry->source = g_strdup (row->source);
          entry->file = g_strdup (row->file);
          entry->note = dup_import_note (row, TRUE);
          entry->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) audit_field_free);
          g_ptr_array_add (entries, entry);
          if (row->values != NULL && !diff_fields (db, NULL, row->values, entry->fields, error))
            return NULL;
        }
      if (imports->len > 0)
        {
          g_ptr_array_sort (entries, compare_entries);
          if (limit > 0 && entries->len > limit)
            g_ptr_array_remove_range (entries, 0, entries->len - limit);
        }
    }
  return g_steal_pointer (&entries);
}

/* The export */

static void
append_record (GString *out, JoineryRecord *record)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  g_autofree char *fields = joinery_record_to_json (record);
  gboolean any = FALSE;

  g_string_append (out, "{\"kind\":");
  joinery_db_json_append_string (out, kind->name);
  g_string_append_printf (out, ",\"id\":%" G_GINT64_FORMAT ",\"label\":", joinery_record_get_id (record));
  joinery_db_json_append_string (out, joinery_record_get_label (record) != NULL ? joinery_record_get_label (record) : "");
  g_string_append_printf (out, ",\"fields\":%s,\"refers_to\":{", fields);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      const char *label;

      if (f->type != JOINERY_FIELD_REFERENCE && f->type != JOINERY_FIELD_LINK)
        continue;
      label = joinery_record_get_reference_label (record, f->name);
      if (label == NULL)
        continue;
      g_string_append (out, any ? "," : "");
      joinery_db_json_append_string (out, f->name);
      g_string_append_c (out, ':');
      joinery_db_json_append_string (out, label);
      any = TRUE;
    }
  g_string_append (out, "}}");
}

static void
append_audit_row (GString *out, gint64 audit_id, const char *at, const JoineryKind *kind, gint64 id,
                  const char *action, const char *source, const char *file, const char *before,
                  const char *after, gboolean *first)
{
  g_string_append (out, *first ? "\n    " : ",\n    ");
  *first = FALSE;
  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"at\":", audit_id);
  joinery_db_json_append_string (out, at);
  g_string_append (out, ",\"kind\":");
  joinery_db_json_append_string (out, kind->name);
  g_string_append_printf (out, ",\"record_id\":%" G_GINT64_FORMAT ",\"action\":", id);
  joinery_db_json_append_string (out, action);
  g_string_append (out, ",\"source\":");
  joinery_db_json_append_string (out, source);
  if (file != NULL)
    {
      g_string_append (out, ",\"file\":");
      joinery_db_json_append_string (out, file);
    }
  /* The trail's values are JSON objects the core wrote. */
  g_string_append_printf (out, ",\"before\":%s,\"after\":%s}",
                          before != NULL ? before : "null", after != NULL ? after : "null");
}

/* A large import's rows about the record: the import that made it (with
 * its values then, rebuilt), or the undo that removed it. */
static gboolean
append_import_rows (JoineryDb *db, GString *out, const JoineryKind *kind, gint64 id, gboolean undo,
                    gboolean *first, guint *count, GError **error)
{
  g_autoptr(GPtrArray) rows = find_import_rows (db, kind, id, NULL, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      ImportRow *row = rows->pdata[i];

      if (row->undo != undo)
        continue;
      append_audit_row (out, row->audit_id, row->at, kind, id, "import", row->source, row->file,
                        NULL, row->values, first);
      (*count)++;
    }
  return TRUE;
}

static gboolean
append_audit_rows (JoineryDb *db, GString *out, const JoineryKind *kind, gint64 id,
                   gboolean *first, guint *count, GError **error)
{
  static const char *sql =
    "SELECT id, at, action, source, before, after FROM audit "
    "WHERE kind = ?1 AND record_id = ?2 AND action <> 'import' ORDER BY id";
  sqlite3_stmt *stmt;
  int rc;

  /* Made by a large import: that comes first. */
  if (!append_import_rows (db, out, kind, id, FALSE, first, count, error))
    return FALSE;
  stmt = joinery_db_prepare_static (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      append_audit_row (out, sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                        kind, id, (const char *) sqlite3_column_text (stmt, 2),
                        (const char *) sqlite3_column_text (stmt, 3), NULL,
                        (const char *) sqlite3_column_text (stmt, 4),
                        (const char *) sqlite3_column_text (stmt, 5), first);
      (*count)++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (db, rc, error, "cannot read the audit trail");
      return FALSE;
    }
  return append_import_rows (db, out, kind, id, TRUE, first, count, error);
}

/* The runs of workflows a person's record set off, as JSON objects. */
static gboolean
append_workflow_runs (JoineryDb *db, GString *out, gint64 id, guint *rows, GError **error)
{
  static const char sql[] =
    "SELECT at, plugin_id, workflow_id, trigger, outcome, summary, error FROM workflow_runs "
    "WHERE record_kind = 'person' AND record_id = ?1 ORDER BY id";
  static const char *names[] = { "at", "plugin", "workflow", "trigger", "outcome", "summary", "error" };
  sqlite3_stmt *stmt = joinery_db_prepare (db, sql, error);
  gboolean first = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append (out, first ? "\n    {" : ",\n    {");
      for (int c = 0; c < (int) G_N_ELEMENTS (names); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          g_string_append_printf (out, "%s\"%s\": ", c > 0 ? ", " : "", names[c]);
          if (text != NULL)
            joinery_db_json_append_string (out, text);
          else
            g_string_append (out, "null");
        }
      g_string_append_c (out, '}');
      first = FALSE;
      (*rows)++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (db, rc, error, NULL);
      return FALSE;
    }
  if (!first)
    g_string_append (out, "\n  ");
  return TRUE;
}

char *
joinery_person_data_export (JoineryDb *db, gint64 id, GError **error)
{
  const JoineryKind *person_kind = joinery_kind_lookup ("person");
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GPtrArray) audited = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *now = joinery_now_timestamp ();
  gboolean first = TRUE;
  guint n_refs;
  const PersonRef *refs = person_refs (&n_refs);
  guint rows = 1;
  guint audit_rows = 0;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);

  person = get_person (db, id, error);
  if (person == NULL)
    return NULL;
  mentions = joinery_person_data_find_mentions (db, id, error);
  if (mentions == NULL)
    return NULL;

  g_string_append (out, "{\n  \"format\": \"joinery-subject-access-export\",\n  \"version\": 1,\n  \"exported_at\": ");
  joinery_db_json_append_string (out, now);
  g_string_append (out, ",\n  \"database\": ");
  joinery_db_json_append_string (out, joinery_db_get_path (db));
  g_string_append (out, ",\n  \"covers\": [");
  for (const char * const *c = joinery_person_data_coverage (); *c != NULL; c++)
    {
      g_string_append (out, c == joinery_person_data_coverage () ? "" : ", ");
      joinery_db_json_append_string (out, *c);
    }
  g_string_append (out, "],\n  \"person\": ");
  append_record (out, person);

  /* Every record that refers to them, by how it refers. */
  g_string_append (out, ",\n  \"referred_to_by\": [");
  for (guint r = 0; r < n_refs; r++)
    {
      g_autoptr(GArray) ids = referring_ids (db, &refs[r], id, error);
      gboolean first_record = TRUE;

      if (ids == NULL)
        return NULL;
      g_string_append (out, r == 0 ? "\n    {\"table\": " : ",\n    {\"table\": ");
      joinery_db_json_append_string (out, refs[r].kind->table);
      g_string_append (out, ", \"kind\": ");
      joinery_db_json_append_string (out, refs[r].kind->name);
      g_string_append (out, ", \"field\": ");
      joinery_db_json_append_string (out, refs[r].field->name);
      g_string_append (out, ", \"records\": [");
      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(JoineryRecord) record = joinery_db_get (db, refs[r].kind, g_array_index (ids, gint64, i), error);

          if (record == NULL)
            return NULL;
          g_string_append (out, first_record ? "\n      " : ",\n      ");
          first_record = FALSE;
          append_record (out, record);
          g_ptr_array_add (audited, g_steal_pointer (&record));
          rows++;
        }
      g_string_append (out, first_record ? "]}" : "\n    ]}");
    }
  g_string_append (out, "\n  ],\n  \"mentioned_in\": [");
  for (guint i = 0; i < mentions->len; i++)
    {
      JoineryMention *mention = mentions->pdata[i];

      g_string_append (out, i == 0 ? "\n    {\"kind\": " : ",\n    {\"kind\": ");
      joinery_db_json_append_string (out, mention->kind->name);
      g_string_append_printf (out, ", \"id\": %" G_GINT64_FORMAT ", \"label\": ", mention->id);
      joinery_db_json_append_string (out, mention->label != NULL ? mention->label : "");
      g_string_append (out, ", \"field\": ");
      joinery_db_json_append_string (out, mention->field);
      g_string_append (out, ", \"text\": ");
      joinery_db_json_append_string (out, mention->excerpt);
      g_string_append_c (out, '}');
    }
  g_string_append (out, mentions->len > 0 ? "\n  ],\n  \"audit\": [" : "],\n  \"audit\": [");

  /* The trail about them and about the records that refer to them. */
  if (!append_audit_rows (db, out, person_kind, id, &first, &audit_rows, error))
    return NULL;
  for (guint i = 0; i < audited->len; i++)
    {
      JoineryRecord *record = audited->pdata[i];
      if (!append_audit_rows (db, out, joinery_record_get_kind (record), joinery_record_get_id (record),
                              &first, &audit_rows, error))
        return NULL;
    }
  g_string_append (out, first ? "],\n  \"workflow_runs\": [" : "\n  ],\n  \"workflow_runs\": [");

  /* The workflows they set off, and what those did. */
  if (!append_workflow_runs (db, out, id, &rows, error))
    return NULL;
  g_string_append (out, "]\n}\n");

  if (!joinery_db_audit_export (db, person_kind, id, "subject access export", rows + audit_rows,
                                "json", error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The erasure */

void
joinery_erasure_free (JoineryErasure *erasure)
{
  if (erasure == NULL)
    return;
  g_free (erasure->placeholder);
  g_clear_pointer (&erasure->mentions, g_ptr_array_unref);
  g_free (erasure);
}

static gboolean
run_with_text (JoineryDb *db, const char *sql, const char *a, const char *b, gint64 n, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (a != NULL)
    sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, n);
  return joinery_db_step_done (db, stmt, error);
}

/* Every value of the person's identifying fields the trail has known
 * (they may have changed name or email), with what stands in for each. */
static const char * const identifying_fields[] = { "name", "email", "phone" };

static gboolean
collect_identifying_values (JoineryDb *db, gint64 id, const char *placeholder, GHashTable *values,
                            GError **error)
{
  const char * const *fields = identifying_fields;

  for (guint i = 0; i < G_N_ELEMENTS (identifying_fields); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT json_extract(before, '$.%s') FROM audit WHERE kind = 'person' AND record_id = ?1 "
        "UNION SELECT json_extract(after, '$.%s') FROM audit WHERE kind = 'person' AND record_id = ?1",
        fields[i], fields[i]);
      sqlite3_stmt *stmt = joinery_db_prepare (db, sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        if (sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
          g_hash_table_insert (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                               g_strdup (i == 0 ? placeholder : "[erased]"));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          joinery_db_set_error (db, rc, error, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

/* A value as it is written inside a JSON string. */
static char *
json_inner (const char *text)
{
  g_autoptr(GString) quoted = g_string_new (NULL);

  joinery_db_json_append_string (quoted, text);
  return g_strndup (quoted->str + 1, quoted->len - 2);
}

/* The audit trail's copies: the person's own rows keep their shape (the
 * name becomes the placeholder, every other personal value goes); the
 * rows of their notes and tags keep only which record they were; and in
 * every other row (a project's old summary that named them, a label) the
 * values they have had are replaced where they stand. Short values are
 * replaced only where they are a whole JSON string, so that a name such
 * as "id" cannot damage the trail's keys. */
static gboolean
scrub_audit (JoineryDb *db, gint64 id, const char *placeholder, GHashTable *values,
             GArray *removed_kinds, GArray *removed_ids, GError **error)
{
  const JoineryKind *person = joinery_kind_lookup ("person");
  g_autoptr(GString) paths = g_string_new (NULL);
  g_autofree char *person_sql = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean ok;

  for (guint i = 0; i < person->n_fields; i++)
    {
      const JoineryField *f = &person->fields[i];
      if (g_str_equal (f->name, "name") || f->type == JOINERY_FIELD_BOOLEAN)
        continue;
      g_string_append_printf (paths, ", '$.%s'", joinery_field_get_column (f));
    }
  person_sql = g_strdup_printf (
    "UPDATE audit SET "
    "before = CASE WHEN before IS NULL THEN NULL ELSE json_set(json_remove(before%s), '$.name', ?2) END, "
    "after = CASE WHEN after IS NULL THEN NULL ELSE json_set(json_remove(after%s), '$.name', ?2) END "
    "WHERE kind = ?1 AND record_id = ?3 AND action <> 'export' AND action <> 'erase' AND action <> 'import'",
    paths->str, paths->str);

  joinery_db_set_audit_scrub (db, TRUE);
  ok = run_with_text (db, person_sql, "person", placeholder, id, error);
  for (guint i = 0; ok && i < removed_ids->len; i++)
    ok = run_with_text (db,
                        "UPDATE audit SET "
                        "before = CASE WHEN before IS NULL THEN NULL "
                        "  ELSE json_object('id', json_extract(before, '$.id'), 'erased', json('true')) END, "
                        "after = CASE WHEN after IS NULL THEN NULL "
                        "  ELSE json_object('id', json_extract(after, '$.id'), 'erased', json('true')) END "
                        "WHERE kind = ?1 AND record_id = ?3 AND action <> 'import'",
                        g_array_index (removed_kinds, const JoineryKind *, i)->name, NULL,
                        g_array_index (removed_ids, gint64, i), error);
  g_hash_table_iter_init (&iter, values);
  while (ok && g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *inner = json_inner (key);
      g_autofree char *stand_in = json_inner (value);
      g_autofree char *whole = g_strdup_printf ("\"%s\"", inner);
      g_autofree char *whole_stand_in = g_strdup_printf ("\"%s\"", stand_in);
      gboolean long_enough = g_utf8_strlen (key, -1) >= 4;

      ok = run_with_text (db,
                          "UPDATE audit SET before = replace(before, ?1, ?2), after = replace(after, ?1, ?2) "
                          "WHERE instr(before, ?1) > 0 OR instr(after, ?1) > 0",
                          long_enough ? inner : whole, long_enough ? stand_in : whole_stand_in, 0, error) &&
           run_with_text (db, "UPDATE change_groups SET label = replace(label, ?1, ?2) "
                              "WHERE instr(label, ?1) > 0",
                          key, value, 0, error) &&
           run_with_text (db, "UPDATE workflow_runs SET summary = replace(summary, ?1, ?2), "
                              "error = replace(error, ?1, ?2), traceback = replace(traceback, ?1, ?2) "
                              "WHERE instr(summary, ?1) > 0 OR instr(error, ?1) > 0 OR instr(traceback, ?1) > 0",
                          key, value, 0, error);
    }
  joinery_db_set_audit_scrub (db, FALSE);
  return ok;
}

/* Put every personal field of the record to its erased value. */
static void
blank_person (JoineryRecord *record, const char *placeholder)
{
  const JoineryKind *kind = joinery_record_get_kind (record);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];

      if (g_str_equal (f->name, "name"))
        joinery_record_set_text (record, f->name, placeholder);
      else if (!(f->flags & JOINERY_FIELD_REQUIRED))
        joinery_record_set_null (record, f->name);
      else if (f->default_value != NULL)
        joinery_record_set_from_string (record, f->name, f->default_value, NULL);
    }
}

/* Empty the write-ahead log and rewrite the file, so that no page of it,
 * old or free, keeps a copy of what was erased. */
static gboolean
clear_file (JoineryDb *db)
{
  sqlite3 *handle = joinery_db_get_handle (db);
  gboolean cleared = TRUE;
  int busy = 0;
  int rc;

  rc = sqlite3_wal_checkpoint_v2 (handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc != SQLITE_OK)
    cleared = FALSE;
  if (sqlite3_exec (handle, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
    cleared = FALSE;
  rc = sqlite3_wal_checkpoint_v2 (handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, &busy, NULL);
  if (rc != SQLITE_OK || busy != 0)
    cleared = FALSE;
  return cleared;
}

/* `text` with every occurrence of each needle (in any case, as the
 * mentions were found) replaced by "[erased]"; each occurrence as it was
 * written goes into `values` with its stand-in, for the trail's copies. */
static char *
blank_needles (const char *text, const char * const *needles, const char * const *stand_ins,
               guint n_needles, GHashTable *values)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0';)
    {
      gsize matched = 0;
      guint which = 0;

      for (guint i = 0; i < n_needles && matched == 0; i++)
        {
          /* As short a needle as find_mentions() passes over is left. */
          gsize len = needles[i] != NULL && g_utf8_strlen (needles[i], -1) >= 3 ? strlen (needles[i]) : 0;
          if (len > 0 && g_ascii_strncasecmp (p, needles[i], len) == 0)
            {
              matched = len;
              which = i;
            }
        }
      if (matched > 0)
        {
          g_hash_table_replace (values, g_strndup (p, matched), g_strdup (stand_ins[which]));
          g_string_append (out, "[erased]");
          p += matched;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The records that mention them, their name and email blanked: through
 * the core's update, so that the audit trail, the undo log and the search
 * index follow (and are scrubbed with the rest). */
static gboolean
blank_mentions (JoineryDb *db, JoineryRecord *person, const char *placeholder, GPtrArray *mentions,
                GHashTable *values, GError **error)
{
  const char *needles[2] = { joinery_record_get_text (person, "name"),
                             joinery_record_get_text (person, "email") };
  const char *stand_ins[2] = { placeholder, "[erased]" };

  /* The longer first, so that an email holding the name goes whole. */
  if (needles[0] != NULL && needles[1] != NULL && strlen (needles[1]) > strlen (needles[0]))
    {
      const char *t = needles[0];
      needles[0] = needles[1];
      needles[1] = t;
      stand_ins[0] = "[erased]";
      stand_ins[1] = placeholder;
    }
  for (guint i = 0; i < mentions->len; i++)
    {
      JoineryMention *mention = mentions->pdata[i];
      g_autoptr(JoineryRecord) record = joinery_db_get (db, mention->kind, mention->id, error);
      g_autofree char *blanked = NULL;
      const char *text;

      if (record == NULL)
        return FALSE;
      text = joinery_record_get_text (record, mention->field);
      if (text == NULL)
        continue;
      blanked = blank_needles (text, needles, stand_ins, G_N_ELEMENTS (needles), values);
      joinery_record_set_text (record, mention->field, blanked);
      if (!joinery_db_update (db, record, error))
        return FALSE;
    }
  return TRUE;
}

JoineryErasure *
joinery_person_data_erase (JoineryDb *db, gint64 id, GError **error)
{
  return joinery_person_data_erase_full (db, id, JOINERY_ERASE_DEFAULT, error);
}

JoineryErasure *
joinery_person_data_erase_full (JoineryDb *db, gint64 id, JoineryEraseFlags flags, GError **error)
{
  const JoineryKind *person_kind = joinery_kind_lookup ("person");
  g_autoptr(JoineryErasure) erasure = g_new0 (JoineryErasure, 1);
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(JoineryRecord) blank = NULL;
  g_autoptr(GArray) removed_kinds = g_array_new (FALSE, FALSE, sizeof (const JoineryKind *));
  g_autoptr(GArray) removed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) details = g_string_new ("{\"placeholder\":");
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *label = NULL;
  const char *name;
  guint n_refs;
  const PersonRef *refs = person_refs (&n_refs);
  gboolean ok = TRUE;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);

  if (joinery_db_in_group (db))
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED,
                           "a person cannot be erased in the middle of other changes");
      return NULL;
    }
  person = get_person (db, id, error);
  if (person == NULL)
    return NULL;
  name = joinery_record_get_text (person, "name");
  erasure->id = id;
  erasure->placeholder = g_strdup_printf ("Erased person %" G_GINT64_FORMAT, id);
  erasure->mentions = joinery_person_data_find_mentions (db, id, error);
  if (erasure->mentions == NULL)
    return NULL;
  g_hash_table_insert (values, g_strdup (name), g_strdup (erasure->placeholder));
  /* Their values now too: a person a large import made has no `create`
   * row that holds them (its one `import` row holds no values). */
  for (guint i = 0; i < G_N_ELEMENTS (identifying_fields); i++)
    if (i > 0 && joinery_record_get_text (person, identifying_fields[i]) != NULL)
      g_hash_table_replace (values, g_strdup (joinery_record_get_text (person, identifying_fields[i])),
                            g_strdup ("[erased]"));
  if (!collect_identifying_values (db, id, erasure->placeholder, values, error))
    return NULL;

  /* Freed pages are overwritten with zeros from here on. */
  if (!joinery_db_exec (db, "PRAGMA secure_delete = ON", error))
    return NULL;

  label = g_strdup_printf ("Erase person #%" G_GINT64_FORMAT, id);
  if (!joinery_db_begin (db, label, JOINERY_GROUP_NO_UNDO, error))
    {
      joinery_db_exec (db, "PRAGMA secure_delete = OFF", NULL);
      return NULL;
    }

  /* The notes and tags on them are about them: they go. What refers to
   * them otherwise (bookings, memberships, tasks) stays, anonymously. */
  for (guint r = 0; ok && r < n_refs; r++)
    {
      g_autoptr(GArray) ids = referring_ids (db, &refs[r], id, error);
      gboolean owned = (refs[r].field->flags & JOINERY_FIELD_CASCADE) != 0;

      ok = ids != NULL;
      for (guint i = 0; ok && i < ids->len; i++)
        {
          gint64 child = g_array_index (ids, gint64, i);
          if (!owned)
            {
              erasure->kept++;
              continue;
            }
          /* The undo log's labels quote a note's words: those go too. */
          char *words = joinery_db_dup_label (db, refs[r].kind, child);
          if (words != NULL && g_utf8_strlen (words, -1) >= 4)
            g_hash_table_insert (values, words, g_strdup ("[erased]"));
          else
            g_free (words);
          ok = joinery_db_delete (db, refs[r].kind, child, error);
          g_array_append_val (removed_kinds, refs[r].kind);
          g_array_append_val (removed_ids, child);
          erasure->removed++;
        }
    }

  if (ok && (flags & JOINERY_ERASE_BLANK_MENTIONS) != 0)
    {
      ok = blank_mentions (db, person, erasure->placeholder, erasure->mentions, values, error);
      erasure->blanked = ok;
    }
  if (ok)
    {
      blank = joinery_record_copy (person);
      blank_person (blank, erasure->placeholder);
      ok = joinery_db_update (db, blank, error);
    }
  /* The undo log's labels name them ("Add person “…”") and are scrubbed
   * with the trail; the changesets themselves are dropped when this
   * group, which cannot be undone, commits. */
  ok = ok && scrub_audit (db, id, erasure->placeholder, values, removed_kinds, removed_ids, error);
  if (ok)
    {
      joinery_db_json_append_string (details, erasure->placeholder);
      g_string_append (details, ",\"by\":");
      joinery_db_json_append_string (details, g_get_user_name ());
      g_string_append_printf (details, ",\"kept\":%u,\"removed\":%u}", erasure->kept, erasure->removed);
      ok = insert_audit_row (db, person_kind->name, id, "erase", details->str, error);
    }
  /* The index's old segments still hold their words until merged. */
  ok = ok && joinery_db_flush_index (db, error) &&
       joinery_db_exec (db, "INSERT INTO search_index (search_index) VALUES ('optimize')", error);
  if (!ok)
    {
      joinery_db_rollback (db);
      joinery_db_exec (db, "PRAGMA secure_delete = OFF", NULL);
      return NULL;
    }
  if (!joinery_db_commit (db, error))
    {
      joinery_db_exec (db, "PRAGMA secure_delete = OFF", NULL);
      return NULL;
    }
  if ((flags & JOINERY_ERASE_LEAVE_FILE) == 0)
    erasure->file_cleared = clear_file (db);
  joinery_db_exec (db, "PRAGMA secure_delete = OFF", NULL);
  return g_steal_pointer (&erasure);
}

static void
clear_file_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_autoptr(JoineryDb) db = NULL;
  GError *error = NULL;

  db = joinery_db_open (data, JOINERY_DB_OPEN_DEFAULT, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!joinery_db_exec (db, "PRAGMA secure_delete = ON", &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!clear_file (db))
    {
      g_task_return_new_error (task, JOINERY_DB_ERROR, JOINERY_DB_ERROR_BUSY,
                               "another connection held the file open: old copies may stay "
                               "in its log until it is closed");
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
joinery_person_data_clear_file_async (JoineryDb *db, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (JOINERY_IS_DB (db));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, joinery_person_data_clear_file_async);
  g_task_set_task_data (task, g_strdup (joinery_db_get_path (db)), g_free);
  g_task_run_in_thread (task, clear_file_thread);
}

gboolean
joinery_person_data_clear_file_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
