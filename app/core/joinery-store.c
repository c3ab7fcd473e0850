/* joinery-store.c: reading, validating and writing records of every kind.
 *
 * The SQL is generated once per kind from its description in
 * joinery-kind.c (names only; values are always bound). Every write goes
 * the same way: validate, write in a transaction (or a savepoint inside the
 * caller's change group), append to the audit trail, bring the search
 * index in step, apply the kind's rules (joinery-rules.c). Nothing here
 * formats a value into SQL.
 */
#include "joinery-db-private.h"
#include "joinery-record-private.h"
#include "joinery-error.h"
#include "joinery-rules.h"
#include "joinery-value.h"

#include <math.h>
#include <string.h>

#define TEXT_MAX_LENGTH 300
#define LONG_TEXT_MAX_LENGTH 100000

/* SQL generation */

/* The label of the record whose id is `id_expr`, as an SQL expression. */
static void
append_label_expr (GString *sql, const JoineryKind *kind, const char *id_expr)
{
  if (kind->label_sql == NULL)
    g_string_append_printf (sql, "(SELECT t.%s FROM %s t WHERE t.id = %s)",
                            joinery_field_get_column (joinery_kind_get_field (kind, kind->label_field)),
                            kind->table, id_expr);
  else
    g_string_append_printf (sql, "(SELECT %s FROM %s t WHERE t.id = %s)",
                            kind->label_sql, kind->table, id_expr);
}

static void
append_link_label_expr (GString *sql, const char *kind_expr, const char *id_expr)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  g_string_append_printf (sql, "CASE %s", kind_expr);
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      if (!kinds[i]->linkable)
        continue;
      g_string_append_printf (sql, " WHEN '%s' THEN ", kinds[i]->name);
      append_label_expr (sql, kinds[i], id_expr);
    }
  g_string_append (sql, " END");
}

/* The searchable text of a record as one SQL expression: the fields
 * joined by single spaces, empty ones skipped. */
static void
append_search_text (GString *sql, const JoineryKind *kind, gboolean title)
{
  gboolean any = FALSE;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      gboolean is_title = kind->label_field != NULL && strcmp (f->name, kind->label_field) == 0;

      if (!(f->flags & JOINERY_FIELD_SEARCHABLE) || is_title != title)
        continue;
      g_string_append (sql, any ? " || " : "rtrim(");
      g_string_append_printf (sql, "coalesce(t.%s || ' ', '')", joinery_field_get_column (f));
      any = TRUE;
    }
  g_string_append (sql, any ? ")" : "''");
}

static JoineryKindSql *
build_kind_sql (const JoineryKind *kind)
{
  JoineryKindSql *sql = g_new0 (JoineryKindSql, 1);
  g_autoptr(GString) columns = g_string_new ("m.id, m.created_at, m.updated_at, ");
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) params = g_string_new (NULL);
  g_autoptr(GString) sets = g_string_new (NULL);
  g_autoptr(GString) label = g_string_new (NULL);
  guint param = 2;

  if (kind->label_sql != NULL)
    append_label_expr (columns, kind, "m.id");
  else
    g_string_append_printf (columns, "m.%s",
                            joinery_field_get_column (joinery_kind_get_field (kind, kind->label_field)));

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];

      if (f->type == JOINERY_FIELD_LINK)
        {
          g_string_append (columns, ", m.record_kind, m.record_id");
          g_string_append_printf (names, ", record_kind, record_id");
          g_string_append_printf (params, ", ?%u, ?%u", param, param + 1);
          g_string_append_printf (sets, ", record_kind = ?%u, record_id = ?%u", param, param + 1);
          param += 2;
        }
      else
        {
          const char *column = joinery_field_get_column (f);
          g_string_append_printf (columns, ", m.%s", column);
          g_string_append_printf (names, ", %s", column);
          g_string_append_printf (params, ", ?%u", param);
          g_string_append_printf (sets, ", %s = ?%u", column, param);
          param++;
        }
    }
  sql->n_params = param - 2;

  /* The labels of referred records follow the fields. */
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      g_autofree char *id_expr = NULL;

      if (f->type == JOINERY_FIELD_REFERENCE)
        {
          id_expr = g_strconcat ("m.", joinery_field_get_column (f), NULL);
          g_string_append (columns, ", ");
          append_label_expr (columns, joinery_kind_lookup (f->ref_kind), id_expr);
        }
      else if (f->type == JOINERY_FIELD_LINK)
        {
          g_string_append (columns, ", ");
          append_link_label_expr (columns, "m.record_kind", "m.record_id");
        }
    }

  sql->columns = g_string_free (g_steal_pointer (&columns), FALSE);
  sql->select_one = g_strdup_printf ("SELECT %s FROM %s m WHERE m.id = ?1", sql->columns, kind->table);
  {
    g_autoptr(GString) page = g_string_new (NULL);

    g_string_append_printf (page, "SELECT %s FROM %s m WHERE m.id IN (?1", sql->columns, kind->table);
    for (guint i = 2; i <= JOINERY_PAGE_SIZE; i++)
      g_string_append_printf (page, ", ?%u", i);
    g_string_append_c (page, ')');
    sql->select_page = g_string_free (g_steal_pointer (&page), FALSE);
  }
  sql->insert = g_strdup_printf ("INSERT INTO %s (created_at, updated_at%s) VALUES (?1, ?1%s)",
                                 kind->table, names->str, params->str);
  {
    /* The same columns, numbered from ?4 after the id and timestamps. */
    g_autoptr(GString) restore_params = g_string_new (NULL);
    for (guint p = 4; p < sql->n_params + 4; p++)
      g_string_append_printf (restore_params, ", ?%u", p);
    sql->restore = g_strdup_printf ("INSERT INTO %s (id, created_at, updated_at%s) VALUES (?1, ?2, ?3%s)",
                                    kind->table, names->str, restore_params->str);
  }
  sql->update = g_strdup_printf ("UPDATE %s SET updated_at = ?1%s WHERE id = ?%u",
                                 kind->table, sets->str, param);
  sql->delete = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", kind->table);
  sql->exists = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?1", kind->table);
  sql->newest = g_strdup_printf ("SELECT NOT EXISTS (SELECT 1 FROM %s WHERE id > ?1)", kind->table);
  append_label_expr (label, kind, "?1");
  sql->label = g_strdup_printf ("SELECT %s", label->str);

  if (joinery_kind_is_searchable (kind))
    {
      g_autoptr(GString) title = g_string_new (NULL);
      g_autoptr(GString) body = g_string_new (NULL);

      append_search_text (title, kind, TRUE);
      append_search_text (body, kind, FALSE);
      sql->index_select = g_strdup_printf ("SELECT t.id * 32 + %u, '%s', %s, %s FROM %s t",
                                           kind->code, kind->name, title->str, body->str, kind->table);
      sql->index_text = g_strdup_printf ("SELECT %s, %s FROM %s t WHERE t.id = ?1",
                                         title->str, body->str, kind->table);
      sql->index_made = g_strdup_printf ("INSERT INTO search_index (rowid, kind, title, body) %s "
                                         "WHERE t.id > ?1 AND t.id <= ?2 ORDER BY t.id", sql->index_select);
      sql->index_made_end = g_strdup_printf ("SELECT id FROM %s WHERE id > ?1 ORDER BY id LIMIT 1 OFFSET ?2",
                                             kind->table);
      sql->index_check = g_strdup_printf ("SELECT count(*) FROM %s t LEFT JOIN search_index s "
                                          "ON s.rowid = t.id * 32 + %u WHERE s.rowid IS NULL "
                                          "OR s.kind IS NOT '%s' OR s.title IS NOT %s OR s.body IS NOT %s",
                                          kind->table, kind->code, kind->name, title->str, body->str);
    }
  return sql;
}

const JoineryKindSql *
joinery_db_kind_sql (JoineryDb *self, const JoineryKind *kind)
{
  static GMutex lock;
  static GHashTable *cache;
  JoineryKindSql *sql;

  /* The SQL depends on the kind alone, so one copy serves every database. */
  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new (NULL, NULL);
  sql = g_hash_table_lookup (cache, kind);
  if (sql == NULL)
    {
      sql = build_kind_sql (kind);
      g_hash_table_insert (cache, (gpointer) kind, sql);
    }
  g_mutex_unlock (&lock);
  return sql;
}

/* Binding and reading values */

/* Text is bound SQLITE_STATIC: every caller steps the statement while the
 * record lives, and a copy (SQLITE_TRANSIENT) is an allocation whose
 * failure would leave the value NULL without failing the write. */
static void
bind_record (sqlite3_stmt *stmt, int first, JoineryRecord *record)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  int param = first;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      gboolean null = joinery_record_is_null_at (record, i);

      if (f->type == JOINERY_FIELD_LINK)
        {
          if (null)
            {
              sqlite3_bind_null (stmt, param);
              sqlite3_bind_null (stmt, param + 1);
            }
          else
            {
              sqlite3_bind_text (stmt, param, joinery_record_text_at (record, i), -1, SQLITE_STATIC);
              sqlite3_bind_int64 (stmt, param + 1, joinery_record_integer_at (record, i));
            }
          param += 2;
          continue;
        }

      if (null)
        sqlite3_bind_null (stmt, param);
      else
        switch (f->type)
          {
          case JOINERY_FIELD_TEXT:
          case JOINERY_FIELD_LONG_TEXT:
          case JOINERY_FIELD_DATE:
          case JOINERY_FIELD_TIME:
          case JOINERY_FIELD_CHOICE:
            sqlite3_bind_text (stmt, param, joinery_record_text_at (record, i), -1, SQLITE_STATIC);
            break;
          case JOINERY_FIELD_REAL:
            sqlite3_bind_double (stmt, param, joinery_record_real_at (record, i));
            break;
          case JOINERY_FIELD_INTEGER:
          case JOINERY_FIELD_MONEY:
          case JOINERY_FIELD_BOOLEAN:
          case JOINERY_FIELD_REFERENCE:
          case JOINERY_FIELD_LINK:
          default:
            sqlite3_bind_int64 (stmt, param, joinery_record_integer_at (record, i));
            break;
          }
      param++;
    }
}

JoineryRecord *
joinery_db_record_from_row (const JoineryKind *kind, sqlite3_stmt *stmt)
{
  JoineryRecord *record = joinery_record_new (kind);
  int col = 4;
  int label_col;

  joinery_record_set_id (record, sqlite3_column_int64 (stmt, 0));
  joinery_record_set_timestamps (record, (const char *) sqlite3_column_text (stmt, 1),
                                 (const char *) sqlite3_column_text (stmt, 2));
  joinery_record_set_label (record, (const char *) sqlite3_column_text (stmt, 3));

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];

      if (f->type == JOINERY_FIELD_LINK)
        {
          if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
            joinery_record_set_null (record, f->name);
          else
            joinery_record_set_link (record, f->name, (const char *) sqlite3_column_text (stmt, col),
                                     sqlite3_column_int64 (stmt, col + 1));
          col += 2;
          continue;
        }
      if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        joinery_record_set_null (record, f->name);
      else
        switch (f->type)
          {
          case JOINERY_FIELD_TEXT:
          case JOINERY_FIELD_LONG_TEXT:
          case JOINERY_FIELD_DATE:
          case JOINERY_FIELD_TIME:
          case JOINERY_FIELD_CHOICE:
            joinery_record_set_text (record, f->name, (const char *) sqlite3_column_text (stmt, col));
            break;
          case JOINERY_FIELD_REAL:
            joinery_record_set_real (record, f->name, sqlite3_column_double (stmt, col));
            break;
          case JOINERY_FIELD_INTEGER:
          case JOINERY_FIELD_MONEY:
          case JOINERY_FIELD_BOOLEAN:
          case JOINERY_FIELD_REFERENCE:
          case JOINERY_FIELD_LINK:
          default:
            joinery_record_set_integer (record, f->name, sqlite3_column_int64 (stmt, col));
            break;
          }
      col++;
    }

  label_col = col;
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      if (f->type != JOINERY_FIELD_REFERENCE && f->type != JOINERY_FIELD_LINK)
        continue;
      if (sqlite3_column_type (stmt, label_col) != SQLITE_NULL &&
          !joinery_record_is_null (record, f->name))
        joinery_record_set_reference_label (record, f->name,
                                            (const char *) sqlite3_column_text (stmt, label_col));
      label_col++;
    }
  return record;
}

/* Reading */

/* Whether the record exists; FALSE and `error` when the file cannot say
 * (out of memory, damaged), which validation must not take for "no". */
static gboolean
look_up (JoineryDb *self, const JoineryKind *kind, gint64 id, gboolean *found, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare_static (self, joinery_db_kind_sql (self, kind)->exists, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  *found = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      joinery_db_set_error (self, rc, error, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_db_exists (JoineryDb *self, const JoineryKind *kind, gint64 id)
{
  gboolean found = FALSE;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  return look_up (self, kind, id, &found, NULL) && found;
}

JoineryRecord *
joinery_db_get (JoineryDb *self, const JoineryKind *kind, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;
  JoineryRecord *record = NULL;
  int rc;

  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  stmt = joinery_db_prepare_static (self, joinery_db_kind_sql (self, kind)->select_one, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = joinery_db_record_from_row (kind, stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND,
                 "there is no %s #%" G_GINT64_FORMAT, joinery_kind_get_words (kind, FALSE), id);
  else
    joinery_db_set_error (self, rc, error, NULL);
  sqlite3_reset (stmt);
  return record;
}

char *
joinery_db_dup_label (JoineryDb *self, const JoineryKind *kind, gint64 id)
{
  sqlite3_stmt *stmt;
  char *label = NULL;

  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  stmt = joinery_db_prepare_static (self, joinery_db_kind_sql (self, kind)->label, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    label = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return label;
}

void
joinery_db_json_append_string (GString *json, const char *text)
{
  g_string_append_c (json, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (json, "\\\""); break;
        case '\\': g_string_append (json, "\\\\"); break;
        case '\n': g_string_append (json, "\\n"); break;
        case '\r': g_string_append (json, "\\r"); break;
        case '\t': g_string_append (json, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (json, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (json, *p);
        }
    }
  g_string_append_c (json, '"');
}

static void
append_json_key (GString *json, const char *key)
{
  g_string_append_c (json, json->len > 0 ? ',' : '{');
  joinery_db_json_append_string (json, key);
  g_string_append_c (json, ':');
}

/* Built here rather than with SQLite's json_object(): the record is in
 * memory at every write, and an INSERT … SELECT would need a statement
 * journal. */
char *
joinery_record_to_json (JoineryRecord *record)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  GString *json = g_string_sized_new (256);

  /* The first key opens the object. */
  append_json_key (json, "id");
  g_string_append_printf (json, "%" G_GINT64_FORMAT, joinery_record_get_id (record));
  if (joinery_record_get_created_at (record) != NULL)
    {
      append_json_key (json, "created_at");
      joinery_db_json_append_string (json, joinery_record_get_created_at (record));
      append_json_key (json, "updated_at");
      joinery_db_json_append_string (json, joinery_record_get_updated_at (record));
    }

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];

      if (joinery_record_is_null_at (record, i))
        continue;
      switch (f->type)
        {
        case JOINERY_FIELD_LINK:
          append_json_key (json, "record_kind");
          joinery_db_json_append_string (json, joinery_record_text_at (record, i));
          append_json_key (json, "record_id");
          g_string_append_printf (json, "%" G_GINT64_FORMAT, joinery_record_integer_at (record, i));
          break;
        case JOINERY_FIELD_TEXT:
        case JOINERY_FIELD_LONG_TEXT:
        case JOINERY_FIELD_DATE:
        case JOINERY_FIELD_TIME:
        case JOINERY_FIELD_CHOICE:
          append_json_key (json, joinery_field_get_column (f));
          joinery_db_json_append_string (json, joinery_record_text_at (record, i));
          break;
        case JOINERY_FIELD_REAL:
          {
            g_autofree char *number = joinery_format_real (joinery_record_real_at (record, i));
            append_json_key (json, joinery_field_get_column (f));
            g_string_append (json, number);
            break;
          }
        case JOINERY_FIELD_INTEGER:
        case JOINERY_FIELD_MONEY:
        case JOINERY_FIELD_BOOLEAN:
        case JOINERY_FIELD_REFERENCE:
        default:
          append_json_key (json, joinery_field_get_column (f));
          g_string_append_printf (json, "%" G_GINT64_FORMAT, joinery_record_integer_at (record, i));
          break;
        }
    }
  g_string_append_c (json, '}');
  return g_string_free (json, FALSE);
}

char *
joinery_db_record_json (JoineryDb *self, const JoineryKind *kind, gint64 id, GError **error)
{
  g_autoptr(JoineryRecord) record = NULL;
  GError *local_error = NULL;

  record = joinery_db_get (self, kind, id, &local_error);
  if (record == NULL)
    {
      if (g_error_matches (local_error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND))
        g_error_free (local_error);
      else
        g_propagate_error (error, local_error);
      return NULL;
    }
  return joinery_record_to_json (record);
}

gboolean
joinery_db_find_by_label (JoineryDb *self, const JoineryKind *kind, const char *label,
                          gint64 *id, GError **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 found[2];
  int n = 0;
  int rc;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (kind != NULL && label != NULL && id != NULL, FALSE);

  if (kind->label_sql == NULL)
    sql = g_strdup_printf ("SELECT t.id FROM %s t WHERE t.%s = ?1 COLLATE NOCASE ORDER BY t.id LIMIT 2",
                           kind->table,
                           joinery_field_get_column (joinery_kind_get_field (kind, kind->label_field)));
  else
    sql = g_strdup_printf ("SELECT t.id FROM %s t WHERE (%s) = ?1 COLLATE NOCASE ORDER BY t.id LIMIT 2",
                           kind->table, kind->label_sql);
  stmt = joinery_db_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, label, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && n < 2)
    found[n++] = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      joinery_db_set_error (self, rc, error, NULL);
      return FALSE;
    }
  if (n == 0)
    {
      joinery_set_validation_error (error, kind->name, NULL, JOINERY_VALIDATION_ERROR_MISSING_REFERENCE,
                                    "there is no %s called “%s”", joinery_kind_get_words (kind, FALSE), label);
      return FALSE;
    }
  if (n > 1)
    {
      joinery_set_validation_error (error, kind->name, NULL, JOINERY_VALIDATION_ERROR_AMBIGUOUS,
                                    "more than one %s is called “%s” (#%" G_GINT64_FORMAT
                                    " and #%" G_GINT64_FORMAT "); give the id instead",
                                    joinery_kind_get_words (kind, FALSE), label, found[0], found[1]);
      return FALSE;
    }
  *id = found[0];
  return TRUE;
}

static gboolean
is_id_text (const char *text)
{
  const char *p = text;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '#')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  while (g_ascii_isspace (*p))
    p++;
  return *p == '\0';
}

gboolean
joinery_db_set_from_string (JoineryDb *self, JoineryRecord *record, const char *field,
                            const char *text, GError **error)
{
  const JoineryKind *kind;
  const JoineryField *f;
  g_autofree char *trimmed = NULL;
  GError *local_error = NULL;
  gint64 id;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (JOINERY_IS_RECORD (record), FALSE);
  g_return_val_if_fail (field != NULL && text != NULL, FALSE);

  kind = joinery_record_get_kind (record);
  f = joinery_kind_get_field (kind, field);
  if (f == NULL || (f->type != JOINERY_FIELD_REFERENCE && f->type != JOINERY_FIELD_LINK))
    return joinery_record_set_from_string (record, field, text, error);

  trimmed = g_strstrip (g_strdup (text));
  if (f->type == JOINERY_FIELD_REFERENCE)
    {
      if (*trimmed == '\0' || is_id_text (trimmed))
        return joinery_record_set_from_string (record, field, trimmed, error);
      if (!joinery_db_find_by_label (self, joinery_kind_lookup (f->ref_kind), trimmed, &id, &local_error))
        {
          joinery_set_validation_error (error, kind->name, field, (JoineryValidationError) local_error->code,
                                        "%s", joinery_validation_error_get_problem (local_error));
          g_error_free (local_error);
          return FALSE;
        }
      joinery_record_set_integer (record, field, id);
      return TRUE;
    }
  else
    {
      /* A link by name: "organisation:Leeds City Council". */
      const char *colon = strchr (trimmed, ':');
      g_autofree char *kind_name = NULL;
      const JoineryKind *target;

      if (colon == NULL || is_id_text (colon + 1))
        return joinery_record_set_from_string (record, field, trimmed, error);
      kind_name = g_strndup (trimmed, (gsize) (colon - trimmed));
      target = joinery_kind_lookup (kind_name);
      if (target == NULL || !target->linkable)
        return joinery_record_set_from_string (record, field, trimmed, error);
      if (!joinery_db_find_by_label (self, target, colon + 1, &id, &local_error))
        {
          joinery_set_validation_error (error, kind->name, field, (JoineryValidationError) local_error->code,
                                        "%s", joinery_validation_error_get_problem (local_error));
          g_error_free (local_error);
          return FALSE;
        }
      joinery_record_set_link (record, field, target->name, id);
      return TRUE;
    }
}

/* Validation */

static gboolean
invalid (GError **error, const JoineryKind *kind, const JoineryField *f,
         JoineryValidationError code, const char *problem)
{
  joinery_set_validation_error (error, kind->name, f != NULL ? f->name : NULL, code, "%s", problem);
  return FALSE;
}

/* Only spaces: as good as empty, whether typed or set by a script. */
static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
validate_text (const JoineryKind *kind, const JoineryField *f, const char *text, GError **error)
{
  guint max = f->max_length > 0 ? f->max_length
              : f->type == JOINERY_FIELD_LONG_TEXT ? LONG_TEXT_MAX_LENGTH : TEXT_MAX_LENGTH;
  const char *problem = NULL;
  gsize bytes = strlen (text);
  glong length;

  if (!g_utf8_validate_len (text, bytes, NULL))
    return invalid (error, kind, f, JOINERY_VALIDATION_ERROR_INVALID, "is not valid UTF-8 text");
  if (is_blank (text))
    return invalid (error, kind, f, JOINERY_VALIDATION_ERROR_REQUIRED, "must not be empty");
  /* No more characters than bytes: counted only when there may be too many. */
  length = bytes > max ? g_utf8_strlen (text, (gssize) bytes) : (glong) bytes;
  if ((gulong) length > max)
    {
      joinery_set_validation_error (error, kind->name, f->name, JOINERY_VALIDATION_ERROR_RANGE,
                                    "is too long (%ld characters; at most %u)", length, max);
      return FALSE;
    }
  if (f->type == JOINERY_FIELD_TEXT && strpbrk (text, "\n\r") != NULL)
    return invalid (error, kind, f, JOINERY_VALIDATION_ERROR_INVALID, "must be on one line");

  if (f->flags & JOINERY_FIELD_EMAIL)
    problem = joinery_check_email (text);
  else if (f->flags & JOINERY_FIELD_URL)
    problem = joinery_check_url (text);
  else if (f->flags & JOINERY_FIELD_PHONE)
    problem = joinery_check_phone (text);
  else if (f->flags & JOINERY_FIELD_CHARITY)
    problem = joinery_check_charity (text);
  else if (f->flags & JOINERY_FIELD_COMPANY)
    problem = joinery_check_company (text);
  else if (f->flags & JOINERY_FIELD_ODS)
    problem = joinery_check_ods (text);
  if (problem != NULL)
    return invalid (error, kind, f, JOINERY_VALIDATION_ERROR_INVALID, problem);
  return TRUE;
}

static gboolean
validate_field (JoineryDb *self, JoineryRecord *record, const JoineryField *f, GError **error)
{
  const JoineryKind *kind = joinery_record_get_kind (record);

  if (joinery_record_is_null (record, f->name))
    {
      if (f->flags & JOINERY_FIELD_REQUIRED)
        return invalid (error, kind, f, JOINERY_VALIDATION_ERROR_REQUIRED,
                        f->type == JOINERY_FIELD_TEXT || f->type == JOINERY_FIELD_LONG_TEXT
                        ? "must not be empty" : "must be set");
      return TRUE;
    }

  switch (f->type)
    {
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
      return validate_text (kind, f, joinery_record_get_text (record, f->name), error);

    case JOINERY_FIELD_CHOICE:
      if (!joinery_field_has_choice (f, joinery_record_get_text (record, f->name)))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) f->choices);
          joinery_set_validation_error (error, kind->name, f->name, JOINERY_VALIDATION_ERROR_UNKNOWN_CHOICE,
                                        "“%s” is not one of: %s",
                                        joinery_record_get_text (record, f->name), allowed);
          return FALSE;
        }
      return TRUE;

    case JOINERY_FIELD_DATE:
    case JOINERY_FIELD_TIME:
      {
        const char *text = joinery_record_get_text (record, f->name);
        g_autofree char *normal = NULL;
        GError *cause = NULL;
        gboolean ok = f->type == JOINERY_FIELD_DATE ? joinery_parse_date (text, &normal, &cause)
                                                     : joinery_parse_time (text, &normal, &cause);
        if (!ok)
          {
            invalid (error, kind, f, (JoineryValidationError) cause->code,
                     joinery_validation_error_get_problem (cause));
            g_error_free (cause);
            return FALSE;
          }
        if (strcmp (normal, text) != 0)
          return invalid (error, kind, f, JOINERY_VALIDATION_ERROR_INVALID,
                          f->type == JOINERY_FIELD_DATE ? "is not an ISO-8601 date (YYYY-MM-DD)"
                                                        : "is not a time (HH:MM)");
        return TRUE;
      }

    case JOINERY_FIELD_MONEY:
      if (joinery_record_get_integer (record, f->name) < 0)
        return invalid (error, kind, f, JOINERY_VALIDATION_ERROR_RANGE, "must not be negative");
      return TRUE;

    case JOINERY_FIELD_INTEGER:
      {
        gint64 n = joinery_record_get_integer (record, f->name);
        if (f->min < f->max && (n < f->min || n > f->max))
          {
            joinery_set_validation_error (error, kind->name, f->name, JOINERY_VALIDATION_ERROR_RANGE,
                                          "must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                                          f->min, f->max);
            return FALSE;
          }
        return TRUE;
      }

    case JOINERY_FIELD_REAL:
      if (!isfinite (joinery_record_get_real (record, f->name)))
        return invalid (error, kind, f, JOINERY_VALIDATION_ERROR_RANGE, "is not a finite number");
      return TRUE;

    case JOINERY_FIELD_BOOLEAN:
      return TRUE;

    case JOINERY_FIELD_REFERENCE:
      {
        const JoineryKind *target = joinery_kind_lookup (f->ref_kind);
        gint64 id = joinery_record_get_integer (record, f->name);
        gboolean found;

        if (!look_up (self, target, id, &found, error))
          return FALSE;
        if (!found)
          {
            joinery_set_validation_error (error, kind->name, f->name,
                                          JOINERY_VALIDATION_ERROR_MISSING_REFERENCE,
                                          "there is no %s #%" G_GINT64_FORMAT, joinery_kind_get_words (target, FALSE), id);
            return FALSE;
          }
        return TRUE;
      }

    case JOINERY_FIELD_LINK:
      {
        const char *kind_name = joinery_record_get_link_kind (record, f->name);
        const JoineryKind *target = joinery_kind_lookup (kind_name);
        gint64 id = joinery_record_get_integer (record, f->name);
        gboolean found;

        if (target == NULL || !target->linkable || strcmp (target->name, kind_name) != 0)
          {
            joinery_set_validation_error (error, kind->name, f->name,
                                          JOINERY_VALIDATION_ERROR_UNKNOWN_KIND,
                                          "“%s” is not a kind of record %s can be attached to",
                                          kind_name, kind->label_plural);
            return FALSE;
          }
        if (!look_up (self, target, id, &found, error))
          return FALSE;
        if (!found)
          {
            joinery_set_validation_error (error, kind->name, f->name,
                                          JOINERY_VALIDATION_ERROR_MISSING_REFERENCE,
                                          "there is no %s #%" G_GINT64_FORMAT, joinery_kind_get_words (target, FALSE), id);
            return FALSE;
          }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static char *
join_labels (const JoineryKind *kind, const char * const *fields, const char *conjunction)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (text, fields[i + 1] == NULL ? conjunction : ", ");
      g_string_append (text, joinery_kind_get_field (kind, fields[i])->label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The query that finds another record with the same values, built once
 * per unique set and kept for the life of the program. */
static const char *
unique_sql (const JoineryKind *kind, const JoineryUnique *unique)
{
  static GMutex lock;
  static GHashTable *cache;
  char *text;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new (NULL, NULL);
  text = g_hash_table_lookup (cache, unique);
  if (text == NULL)
    {
      GString *sql = g_string_new (NULL);
      int param = 2;

      g_string_append_printf (sql, "SELECT 1 FROM %s WHERE id IS NOT ?1", kind->table);
      for (guint i = 0; unique->fields[i] != NULL; i++)
        {
          const JoineryField *f = joinery_kind_get_field (kind, unique->fields[i]);
          if (f->type == JOINERY_FIELD_LINK)
            g_string_append_printf (sql, " AND record_kind = ?%d AND record_id = ?%d", param, param + 1);
          else
            g_string_append_printf (sql, " AND %s = ?%d", joinery_field_get_column (f), param);
          param += f->type == JOINERY_FIELD_LINK ? 2 : 1;
        }
      g_string_append (sql, " LIMIT 1");
      text = g_string_free (sql, FALSE);
      g_hash_table_insert (cache, (gpointer) unique, text);
    }
  g_mutex_unlock (&lock);
  return text;
}

static gboolean
validate_unique (JoineryDb *self, JoineryRecord *record, const JoineryUnique *unique, GError **error)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  sqlite3_stmt *stmt;
  const char *last = NULL;
  int param;
  gboolean duplicate;

  for (guint i = 0; unique->fields[i] != NULL; i++)
    {
      if (joinery_record_is_null (record, unique->fields[i]))
        return TRUE;
      last = unique->fields[i];
    }

  stmt = joinery_db_prepare_static (self, unique_sql (kind, unique), error);
  if (stmt == NULL)
    return FALSE;
  if (joinery_record_get_id (record) > 0)
    sqlite3_bind_int64 (stmt, 1, joinery_record_get_id (record));
  param = 2;
  for (guint i = 0; unique->fields[i] != NULL; i++)
    {
      const JoineryField *f = joinery_kind_get_field (kind, unique->fields[i]);
      if (f->type == JOINERY_FIELD_LINK)
        {
          sqlite3_bind_text (stmt, param++, joinery_record_get_link_kind (record, f->name), -1,
                             SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, param++, joinery_record_get_integer (record, f->name));
        }
      else if (f->type == JOINERY_FIELD_TEXT || f->type == JOINERY_FIELD_CHOICE)
        sqlite3_bind_text (stmt, param++, joinery_record_get_text (record, f->name), -1,
                           SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, param++, joinery_record_get_integer (record, f->name));
    }
  duplicate = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  if (duplicate)
    {
      joinery_set_validation_error (error, kind->name, last, JOINERY_VALIDATION_ERROR_DUPLICATE,
                                    "%s", unique->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_db_validate (JoineryDb *self, JoineryRecord *record, GError **error)
{
  const JoineryKind *kind;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (JOINERY_IS_RECORD (record), FALSE);

  kind = joinery_record_get_kind (record);
  for (guint i = 0; i < kind->n_fields; i++)
    if (!validate_field (self, record, &kind->fields[i], error))
      return FALSE;

  for (const JoineryFieldRange *r = kind->ranges; r != NULL && r->start != NULL; r++)
    {
      const char *start = joinery_record_get_text (record, r->start);
      const char *end = joinery_record_get_text (record, r->end);
      if (start != NULL && end != NULL && strcmp (end, start) < 0)
        {
          joinery_set_validation_error (error, kind->name, r->end, JOINERY_VALIDATION_ERROR_RANGE,
                                        "must not be before “%s” (%s)",
                                        joinery_kind_get_field (kind, r->start)->label, start);
          return FALSE;
        }
    }

  for (const JoineryFieldChoice *c = kind->one_of; c != NULL && c->fields != NULL; c++)
    {
      guint n_set = 0;
      for (guint i = 0; c->fields[i] != NULL; i++)
        if (!joinery_record_is_null (record, c->fields[i]))
          n_set++;
      if (n_set == 0)
        {
          g_autofree char *names = join_labels (kind, c->fields, " or ");
          joinery_set_validation_error (error, kind->name, c->fields[0], JOINERY_VALIDATION_ERROR_REQUIRED,
                                        "one of %s must be set", names);
          return FALSE;
        }
      if (c->exactly_one && n_set > 1)
        {
          g_autofree char *names = join_labels (kind, c->fields, " or ");
          joinery_set_validation_error (error, kind->name, c->fields[0], JOINERY_VALIDATION_ERROR_RULE,
                                        "only one of %s may be set", names);
          return FALSE;
        }
    }

  for (const JoineryUnique *u = kind->uniques; u != NULL && u->fields != NULL; u++)
    if (!validate_unique (self, record, u, error))
      return FALSE;

  return joinery_rules_validate (self, record, error);
}

/* Audit and search upkeep */

gboolean
joinery_db_audit (JoineryDb *self, const JoineryKind *kind, gint64 id, const char *action,
                  const char *before, const char *after, GError **error)
{
  static const char *sql =
    "INSERT INTO audit (at, change_group, kind, record_id, action, before, after, source) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  sqlite3_stmt *stmt = joinery_db_prepare_static (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, joinery_db_group_time (self), -1, SQLITE_STATIC);
  if (joinery_db_group_id (self) > 0)
    sqlite3_bind_int64 (stmt, 2, joinery_db_group_id (self));
  sqlite3_bind_text (stmt, 3, kind->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, id);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_STATIC);
  if (before != NULL)
    sqlite3_bind_text (stmt, 6, before, -1, SQLITE_STATIC);
  if (after != NULL)
    sqlite3_bind_text (stmt, 7, after, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, joinery_db_get_source (self), -1, SQLITE_STATIC);
  return joinery_db_step_done (self, stmt, error);
}

/* Replace or remove one record's entry: the text is read from the table
 * and bound as values, so the insert needs no statement journal (an
 * INSERT … SELECT would make FTS5 flush its pending terms). */
gboolean
joinery_db_unindex (JoineryDb *self, const JoineryKind *kind, gint64 id, GError **error)
{
  static const char *remove = "DELETE FROM search_index WHERE rowid = ?1";
  sqlite3_stmt *stmt = joinery_db_prepare_static (self, remove, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id * 32 + kind->code);
  return joinery_db_step_done (self, stmt, error);
}

gboolean
joinery_db_index_now (JoineryDb *self, const JoineryKind *kind, gint64 id, gboolean is_new,
                      GError **error)
{
  static const char *insert = "INSERT INTO search_index (rowid, kind, title, body) VALUES (?1, ?2, ?3, ?4)";
  const JoineryKindSql *sql = joinery_db_kind_sql (self, kind);
  sqlite3_stmt *read, *write;
  int rc;

  if (sql->index_text == NULL)
    return TRUE;
  if (!is_new && !joinery_db_unindex (self, kind, id, error))
    return FALSE;

  read = joinery_db_prepare_static (self, sql->index_text, error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, id);
  rc = sqlite3_step (read);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (read);
      return TRUE;  /* deleted: nothing to index */
    }
  if (rc != SQLITE_ROW)
    {
      joinery_db_set_error (self, rc, error, NULL);
      sqlite3_reset (read);
      return FALSE;
    }
  write = joinery_db_prepare_static (self, insert, error);
  if (write == NULL)
    {
      sqlite3_reset (read);
      return FALSE;
    }
  sqlite3_bind_int64 (write, 1, id * 32 + kind->code);
  sqlite3_bind_text (write, 2, kind->name, -1, SQLITE_STATIC);
  /* A value is copied: an allocation that can fail, and must not leave
   * the entry without its text. */
  rc = sqlite3_bind_value (write, 3, sqlite3_column_value (read, 0));
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_value (write, 4, sqlite3_column_value (read, 1));
  if (rc == SQLITE_OK)
    rc = sqlite3_step (write);
  sqlite3_reset (write);
  sqlite3_reset (read);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (self, rc, error, "cannot update the search index");
      return FALSE;
    }
  return TRUE;
}

/* Writing */

/* A constraint SQLite caught that validation did not: say so plainly. */
static void
set_write_error (JoineryDb *self, const JoineryKind *kind, int rc, GError **error)
{
  /* A commit refused by the core's hook is no rule of the record's: the
   * group's transaction was lost to an earlier error. */
  if ((rc & 0xff) == SQLITE_CONSTRAINT && rc != SQLITE_CONSTRAINT_COMMITHOOK)
    joinery_set_validation_error (error, kind->name, NULL, JOINERY_VALIDATION_ERROR_RULE,
                                  "the %s was refused by the database: %s", joinery_kind_get_words (kind, FALSE),
                                  sqlite3_errmsg (joinery_db_get_handle (self)));
  else
    joinery_db_set_error (self, rc, error, NULL);
}

static gboolean
step_write (JoineryDb *self, const JoineryKind *kind, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      set_write_error (self, kind, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* What every new record's row brings: its audit row, its index entry. */
static gboolean
audit_created (JoineryDb *self, JoineryRecord *record, const char *after, GError **error)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  gint64 id = joinery_record_get_id (record);

  return joinery_db_audit (self, kind, id, "create", NULL, after, error) &&
         joinery_db_index_record (self, kind, id, TRUE, error);
}

gboolean
joinery_db_create (JoineryDb *self, JoineryRecord *record, GError **error)
{
  const JoineryKind *kind;
  const JoineryKindSql *sql;
  g_autofree char *label = NULL;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  gboolean own_group;
  gboolean compact = FALSE;
  gboolean ok;
  gint64 id;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (JOINERY_IS_RECORD (record), FALSE);
  g_return_val_if_fail (joinery_record_get_id (record) == 0, FALSE);

  kind = joinery_record_get_kind (record);
  sql = joinery_db_kind_sql (self, kind);

  joinery_rules_normalise (self, record, NULL);
  if (!joinery_db_validate (self, record, error))
    return FALSE;

  if (!joinery_db_in_group (self))
    label = joinery_record_get_label (record) != NULL
            ? g_strdup_printf ("Add %s “%s”", joinery_kind_get_words (kind, FALSE), joinery_record_get_label (record))
            : g_strdup_printf ("Add %s", joinery_kind_get_words (kind, FALSE));
  if (!joinery_db_operation_begin (self, label, &own_group, error))
    return FALSE;

  ok = (stmt = joinery_db_prepare_static (self, sql->insert, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, joinery_db_group_time (self), -1, SQLITE_STATIC);
      bind_record (stmt, 2, record);
      ok = step_write (self, kind, stmt, error);
    }
  id = ok ? sqlite3_last_insert_rowid (joinery_db_get_handle (self)) : 0;
  if (ok)
    {
      joinery_record_set_id (record, id);
      joinery_record_set_timestamps (record, joinery_db_group_time (self), joinery_db_group_time (self));
      /* In a large import the record's values are not copied into the
       * trail: the import's one row stands for it. */
      compact = joinery_db_compact_created (self, kind, id);
      if (!compact)
        after = joinery_record_to_json (record);
      if (own_group && kind->label_sql != NULL)
        {
          /* Named by the records it links: the name exists only now. */
          g_autofree char *name = joinery_db_dup_label (self, kind, id);
          g_autofree char *better = g_strdup_printf ("Add %s “%s”", joinery_kind_get_words (kind, FALSE), name != NULL ? name : "?");
          joinery_db_set_group_label (self, better);
        }
      ok = (compact ? joinery_db_index_record (self, kind, id, TRUE, error)
                    : audit_created (self, record, after, error)) &&
           joinery_rules_after_write (self, record, NULL, error);
    }
  if (!joinery_db_operation_end (self, own_group, ok, ok ? error : NULL))
    {
      joinery_record_set_id (record, 0);
      joinery_record_set_timestamps (record, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_db_restore (JoineryDb *self, JoineryRecord *record, GError **error)
{
  const JoineryKind *kind;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  gboolean own_group;
  gboolean ok;
  gint64 id;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (JOINERY_IS_RECORD (record), FALSE);
  g_return_val_if_fail (joinery_record_get_id (record) > 0, FALSE);
  g_return_val_if_fail (joinery_record_get_created_at (record) != NULL &&
                        joinery_record_get_updated_at (record) != NULL, FALSE);

  kind = joinery_record_get_kind (record);
  id = joinery_record_get_id (record);
  if (joinery_db_exists (self, kind, id))
    {
      joinery_set_validation_error (error, kind->name, NULL, JOINERY_VALIDATION_ERROR_DUPLICATE,
                                    "there is already a %s #%" G_GINT64_FORMAT,
                                    joinery_kind_get_words (kind, FALSE), id);
      return FALSE;
    }
  /* No normalising: the record is restored as it was kept. */
  if (!joinery_db_validate (self, record, error))
    return FALSE;
  if (!joinery_db_operation_begin (self, "Restore records", &own_group, error))
    return FALSE;

  ok = (stmt = joinery_db_prepare_static (self, joinery_db_kind_sql (self, kind)->restore, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, joinery_record_get_created_at (record), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, joinery_record_get_updated_at (record), -1, SQLITE_STATIC);
      bind_record (stmt, 4, record);
      ok = step_write (self, kind, stmt, error);
    }
  if (ok)
    {
      after = joinery_record_to_json (record);
      ok = audit_created (self, record, after, error);
    }
  return joinery_db_operation_end (self, own_group, ok, ok ? error : NULL);
}

gboolean
joinery_db_update (JoineryDb *self, JoineryRecord *record, GError **error)
{
  const JoineryKind *kind;
  const JoineryKindSql *sql;
  g_autoptr(JoineryRecord) old = NULL;
  g_autofree char *label = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  gboolean changed = FALSE;
  gboolean own_group;
  gboolean ok;
  gint64 id;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (JOINERY_IS_RECORD (record), FALSE);

  kind = joinery_record_get_kind (record);
  sql = joinery_db_kind_sql (self, kind);
  id = joinery_record_get_id (record);

  old = joinery_db_get (self, kind, id, error);
  if (old == NULL)
    return FALSE;

  joinery_rules_normalise (self, record, old);
  for (guint i = 0; i < kind->n_fields && !changed; i++)
    changed = !joinery_record_value_equal (record, old, kind->fields[i].name);
  if (!changed)
    return TRUE;

  if (!joinery_db_validate (self, record, error))
    return FALSE;

  if (!joinery_db_in_group (self))
    label = g_strdup_printf ("Change %s “%s”", joinery_kind_get_words (kind, FALSE), joinery_record_get_label (old));
  if (!joinery_db_operation_begin (self, label, &own_group, error))
    return FALSE;

  before = joinery_record_to_json (old);
  ok = (stmt = joinery_db_prepare_static (self, sql->update, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, joinery_db_group_time (self), -1, SQLITE_STATIC);
      bind_record (stmt, 2, record);
      sqlite3_bind_int64 (stmt, (int) sql->n_params + 2, id);
      ok = step_write (self, kind, stmt, error);
    }
  if (ok)
    {
      joinery_record_set_timestamps (record, joinery_record_get_created_at (old),
                                     joinery_db_group_time (self));
      after = joinery_record_to_json (record);
      ok = joinery_db_audit (self, kind, id, "update", before, after, error) &&
           joinery_db_index_record (self, kind, id, FALSE, error) &&
           joinery_rules_after_write (self, record, old, error);
    }
  if (!joinery_db_operation_end (self, own_group, ok, ok ? error : NULL))
    {
      joinery_record_set_timestamps (record, joinery_record_get_created_at (old),
                                     joinery_record_get_updated_at (old));
      return FALSE;
    }
  return TRUE;
}

/* What keeps a record from being deleted, or goes with it. */
typedef struct {
  const JoineryKind  *kind;
  const JoineryField *field;
  gint64              count;
} Dependents;

static gboolean
count_dependents (JoineryDb *self, const JoineryKind *kind, gint64 id, GArray *found, GError **error)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const JoineryField *f = &kinds[k]->fields[i];
        g_autofree char *sql = NULL;
        sqlite3_stmt *stmt;
        Dependents dep = { kinds[k], f, 0 };

        if (f->type == JOINERY_FIELD_REFERENCE && g_str_equal (f->ref_kind, kind->name))
          sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s = ?1", kinds[k]->table,
                                 joinery_field_get_column (f));
        else if (f->type == JOINERY_FIELD_LINK && kind->linkable)
          sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE record_kind = ?2 AND record_id = ?1",
                                 kinds[k]->table);
        else
          continue;

        stmt = joinery_db_prepare (self, sql, error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, id);
        if (f->type == JOINERY_FIELD_LINK)
          sqlite3_bind_text (stmt, 2, kind->name, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          dep.count = sqlite3_column_int64 (stmt, 0);
        sqlite3_reset (stmt);
        if (dep.count > 0)
          g_array_append_val (found, dep);
      }
  return TRUE;
}

static gboolean
delete_dependents (JoineryDb *self, const JoineryKind *kind, gint64 id, const Dependents *dep,
                   GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (dep->field->type == JOINERY_FIELD_LINK)
    sql = g_strdup_printf ("SELECT id FROM %s WHERE record_kind = ?2 AND record_id = ?1",
                           dep->kind->table);
  else
    sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?1", dep->kind->table,
                           joinery_field_get_column (dep->field));
  stmt = joinery_db_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (dep->field->type == JOINERY_FIELD_LINK)
    sqlite3_bind_text (stmt, 2, kind->name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 child = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, child);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (self, rc, error, NULL);
      return FALSE;
    }
  for (guint i = 0; i < ids->len; i++)
    if (!joinery_db_delete (self, dep->kind, g_array_index (ids, gint64, i), error))
      return FALSE;
  return TRUE;
}

gboolean
joinery_db_delete (JoineryDb *self, const JoineryKind *kind, gint64 id, GError **error)
{
  const JoineryKindSql *sql;
  g_autoptr(GArray) dependents = g_array_new (FALSE, FALSE, sizeof (Dependents));
  g_autoptr(GString) blockers = g_string_new (NULL);
  g_autofree char *record_label = NULL;
  g_autofree char *group_label = NULL;
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gboolean own_group;
  gboolean found;
  gboolean ok = TRUE;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  sql = joinery_db_kind_sql (self, kind);
  if (!look_up (self, kind, id, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND,
                   "there is no %s #%" G_GINT64_FORMAT, joinery_kind_get_words (kind, FALSE), id);
      return FALSE;
    }
  record_label = joinery_db_dup_label (self, kind, id);

  if (!count_dependents (self, kind, id, dependents, error))
    return FALSE;
  for (guint i = 0; i < dependents->len; i++)
    {
      Dependents *dep = &g_array_index (dependents, Dependents, i);
      gboolean several_fields = FALSE;

      if (dep->field->flags & JOINERY_FIELD_CASCADE)
        continue;
      for (guint j = 0; j < dep->kind->n_fields; j++)
        if (&dep->kind->fields[j] != dep->field && dep->kind->fields[j].type == JOINERY_FIELD_REFERENCE &&
            g_str_equal (dep->kind->fields[j].ref_kind, kind->name))
          several_fields = TRUE;
      if (blockers->len > 0)
        g_string_append (blockers, ", ");
      g_string_append_printf (blockers, "%" G_GINT64_FORMAT " %s", dep->count,
                              joinery_kind_get_words (dep->kind, dep->count != 1));
      if (several_fields)
        g_string_append_printf (blockers, " (as %s)", dep->field->name);
    }
  if (blockers->len > 0)
    {
      joinery_set_validation_error (error, kind->name, NULL, JOINERY_VALIDATION_ERROR_IN_USE,
                                    "cannot delete %s “%s”: it is still referred to by %s", joinery_kind_get_words (kind, FALSE),
                                    record_label != NULL ? record_label : "?", blockers->str);
      return FALSE;
    }

  if (!joinery_db_in_group (self))
    group_label = g_strdup_printf ("Delete %s “%s”", joinery_kind_get_words (kind, FALSE), record_label != NULL ? record_label : "?");
  if (!joinery_db_operation_begin (self, group_label, &own_group, error))
    return FALSE;

  for (guint i = 0; i < dependents->len && ok; i++)
    {
      Dependents *dep = &g_array_index (dependents, Dependents, i);
      if (dep->field->flags & JOINERY_FIELD_CASCADE)
        ok = delete_dependents (self, kind, id, dep, error);
    }

  ok = ok && (before = joinery_db_record_json (self, kind, id, error)) != NULL &&
       joinery_db_index_record (self, kind, id, FALSE, error) &&
       (stmt = joinery_db_prepare_static (self, sql->delete, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = step_write (self, kind, stmt, error) &&
           joinery_db_audit (self, kind, id, "delete", before, NULL, error);
    }
  return joinery_db_operation_end (self, own_group, ok, ok ? error : NULL);
}
