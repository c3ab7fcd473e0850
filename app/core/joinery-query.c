/* joinery-query.c: lists of records with filters and an order, their
 * counts, and the records related to a record.
 *
 * A filter's value is text as a person types it and is read by the same
 * code as a form's fields, so "amount_awarded>=1,000" and
 * "applicant=Leeds City Council" mean what they say. Only names from the
 * kinds' descriptions go into the SQL; every value is bound.
 */
#include "joinery-db-private.h"
#include "joinery-query-private.h"
#include "joinery-error.h"
#include "joinery-search-private.h"

#include <string.h>

typedef struct {
  char            *field;
  JoineryFilterOp  op;
  char            *value;
} Filter;

struct _JoineryQuery
{
  const JoineryKind *kind;
  GPtrArray         *filters;
  char              *sort;
  gboolean           descending;
  guint              offset;
  guint              limit;
  char              *search;
};

static void
filter_free (gpointer data)
{
  Filter *filter = data;
  g_free (filter->field);
  g_free (filter->value);
  g_free (filter);
}

JoineryQuery *
joinery_query_new (const JoineryKind *kind)
{
  JoineryQuery *query;

  g_return_val_if_fail (kind != NULL, NULL);

  query = g_new0 (JoineryQuery, 1);
  query->kind = kind;
  query->filters = g_ptr_array_new_with_free_func (filter_free);
  return query;
}

void
joinery_query_free (JoineryQuery *query)
{
  if (query == NULL)
    return;
  g_ptr_array_unref (query->filters);
  g_free (query->sort);
  g_free (query->search);
  g_free (query);
}

static gboolean
is_meta_field (const char *name)
{
  return g_str_equal (name, "id") || g_str_equal (name, "created_at") || g_str_equal (name, "updated_at");
}

static gboolean
check_field (const JoineryKind *kind, const char *field, GError **error)
{
  if (is_meta_field (field) || joinery_kind_get_field (kind, field) != NULL)
    return TRUE;
  joinery_set_validation_error (error, kind->name, field, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD,
                                "is not a field of %s", kind->label_plural);
  return FALSE;
}

gboolean
joinery_query_add_filter (JoineryQuery *query, const char *field, JoineryFilterOp op,
                          const char *value, GError **error)
{
  Filter *filter;

  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (!check_field (query->kind, field, error))
    return FALSE;
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      joinery_set_validation_error (error, query->kind->name, field, JOINERY_VALIDATION_ERROR_INVALID,
                                    "is not valid UTF-8 text");
      return FALSE;
    }
  filter = g_new0 (Filter, 1);
  filter->field = g_strdup (field);
  filter->op = op;
  filter->value = g_strdup (value != NULL ? value : "");
  g_ptr_array_add (query->filters, filter);
  return TRUE;
}

/* The operators as filters write them; two-character ones first. */
static const struct { const char *text; JoineryFilterOp op; } ops[] = {
  { ">=", JOINERY_FILTER_GREATER_EQUAL },
  { "<=", JOINERY_FILTER_LESS_EQUAL },
  { "!=", JOINERY_FILTER_NOT_EQUAL },
  { "=", JOINERY_FILTER_EQUAL },
  { "<", JOINERY_FILTER_LESS },
  { ">", JOINERY_FILTER_GREATER },
  { "~", JOINERY_FILTER_CONTAINS },
};

gboolean
joinery_query_parse_filter (JoineryQuery *query, const char *expression, GError **error)
{
  g_autofree char *field = NULL;
  const char *p = expression;
  const char *value;

  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (expression != NULL, FALSE);

  while (g_ascii_isalnum (*p) || *p == '_')
    p++;
  field = g_strndup (expression, (gsize) (p - expression));
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      if (!g_str_has_prefix (p, ops[i].text) || *field == '\0')
        continue;
      value = p + strlen (ops[i].text);
      if (*value == '\0' && ops[i].op == JOINERY_FILTER_EQUAL)
        return joinery_query_add_filter (query, field, JOINERY_FILTER_IS_EMPTY, NULL, error);
      if (*value == '\0' && ops[i].op == JOINERY_FILTER_NOT_EQUAL)
        return joinery_query_add_filter (query, field, JOINERY_FILTER_IS_SET, NULL, error);
      return joinery_query_add_filter (query, field, ops[i].op, value, error);
    }
  joinery_set_validation_error (error, query->kind->name, NULL, JOINERY_VALIDATION_ERROR_INVALID,
                                "“%s” is not a filter (write field=value, field>=value, "
                                "field~text or field= for empty)", expression);
  return FALSE;
}

char **
joinery_query_dup_filters_by_id (JoineryDb *self, JoineryQuery *query, GError **error)
{
  g_autoptr(GPtrArray) expressions = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  for (guint i = 0; i < query->filters->len; i++)
    {
      Filter *filter = query->filters->pdata[i];
      const JoineryField *f = joinery_kind_get_field (query->kind, filter->field);
      g_autofree char *value = g_strdup (filter->value);
      const char *op = NULL;

      if (filter->op == JOINERY_FILTER_IS_EMPTY || filter->op == JOINERY_FILTER_IS_SET)
        {
          g_ptr_array_add (expressions, g_strconcat (filter->field, filter->op == JOINERY_FILTER_IS_EMPTY
                                                                    ? "=" : "!=", NULL));
          continue;
        }
      if (f != NULL && filter->op != JOINERY_FILTER_CONTAINS &&
          (f->type == JOINERY_FIELD_REFERENCE || f->type == JOINERY_FIELD_LINK))
        {
          g_autoptr(JoineryRecord) probe = joinery_record_new (query->kind);

          if (!joinery_db_set_from_string (self, probe, f->name, filter->value, error))
            return NULL;
          g_clear_pointer (&value, g_free);
          if (joinery_record_is_null (probe, f->name))
            value = g_strdup ("");
          else if (f->type == JOINERY_FIELD_LINK)
            value = g_strdup_printf ("%s:%" G_GINT64_FORMAT, joinery_record_get_link_kind (probe, f->name),
                                     joinery_record_get_integer (probe, f->name));
          else
            value = g_strdup_printf ("%" G_GINT64_FORMAT, joinery_record_get_integer (probe, f->name));
        }
      for (guint k = 0; k < G_N_ELEMENTS (ops); k++)
        if (ops[k].op == filter->op)
          op = ops[k].text;
      g_assert (op != NULL);
      /* A blank value reads as "empty" (=) or "set" (!=), as typed. */
      g_ptr_array_add (expressions, g_strconcat (filter->field, op, value, NULL));
    }
  g_ptr_array_add (expressions, NULL);
  g_ptr_array_set_free_func (expressions, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&expressions), FALSE);
}

gboolean
joinery_query_set_sort (JoineryQuery *query, const char *field, gboolean descending, GError **error)
{
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (!check_field (query->kind, field, error))
    return FALSE;
  g_free (query->sort);
  query->sort = g_strdup (field);
  query->descending = descending;
  return TRUE;
}

void
joinery_query_set_range (JoineryQuery *query, guint offset, guint limit)
{
  g_return_if_fail (query != NULL);
  query->offset = offset;
  query->limit = limit;
}

void
joinery_query_set_search (JoineryQuery *query, const char *text)
{
  g_return_if_fail (query != NULL);
  g_free (query->search);
  query->search = text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

void
joinery_query_bind (sqlite3_stmt *stmt, GPtrArray *values)
{
  for (guint i = 0; i < values->len; i++)
    {
      GVariant *v = values->pdata[i];
      if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
        sqlite3_bind_text (stmt, (int) i + 1, g_variant_get_string (v, NULL), -1, SQLITE_TRANSIENT);
      else if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
        sqlite3_bind_double (stmt, (int) i + 1, g_variant_get_double (v));
      else
        sqlite3_bind_int64 (stmt, (int) i + 1, g_variant_get_int64 (v));
    }
}

static const char *
op_sql (JoineryFilterOp op)
{
  switch (op)
    {
    case JOINERY_FILTER_EQUAL: return "=";
    case JOINERY_FILTER_NOT_EQUAL: return "IS NOT";
    case JOINERY_FILTER_LESS: return "<";
    case JOINERY_FILTER_LESS_EQUAL: return "<=";
    case JOINERY_FILTER_GREATER: return ">";
    case JOINERY_FILTER_GREATER_EQUAL: return ">=";
    case JOINERY_FILTER_CONTAINS:
    case JOINERY_FILTER_IS_EMPTY:
    case JOINERY_FILTER_IS_SET:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static gboolean
append_filter (JoineryDb *self, const JoineryKind *kind, Filter *filter, GString *where,
               GPtrArray *values, GError **error)
{
  const JoineryField *f = joinery_kind_get_field (kind, filter->field);
  g_autoptr(JoineryRecord) probe = NULL;
  const char *column;

  if (f == NULL)
    {
      /* id, created_at, updated_at */
      column = filter->field;
      if (filter->op == JOINERY_FILTER_IS_EMPTY || filter->op == JOINERY_FILTER_IS_SET)
        g_string_append_printf (where, " AND m.%s IS %s", column,
                                filter->op == JOINERY_FILTER_IS_EMPTY ? "NULL" : "NOT NULL");
      else if (filter->op == JOINERY_FILTER_CONTAINS)
        {
          g_string_append_printf (where, " AND instr(lower(m.%s), lower(?%u)) > 0", column, values->len + 1);
          g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_string (filter->value)));
        }
      else if (g_str_equal (column, "id"))
        {
          gint64 id;
          if (!g_ascii_string_to_signed (filter->value, 10, G_MININT64, G_MAXINT64, &id, NULL))
            {
              joinery_set_validation_error (error, kind->name, "id", JOINERY_VALIDATION_ERROR_INVALID,
                                            "“%s” is not an id", filter->value);
              return FALSE;
            }
          g_string_append_printf (where, " AND m.id %s ?%u", op_sql (filter->op), values->len + 1);
          g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_int64 (id)));
        }
      else
        {
          g_string_append_printf (where, " AND m.%s %s ?%u", column, op_sql (filter->op), values->len + 1);
          g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_string (filter->value)));
        }
      return TRUE;
    }

  if (f->type == JOINERY_FIELD_LINK)
    {
      if (filter->op == JOINERY_FILTER_IS_EMPTY || filter->op == JOINERY_FILTER_IS_SET)
        {
          g_string_append_printf (where, " AND m.record_id IS %s",
                                  filter->op == JOINERY_FILTER_IS_EMPTY ? "NULL" : "NOT NULL");
          return TRUE;
        }
      if (filter->op != JOINERY_FILTER_EQUAL)
        {
          joinery_set_validation_error (error, kind->name, f->name, JOINERY_VALIDATION_ERROR_INVALID,
                                        "can only be compared with = (record=kind:id)");
          return FALSE;
        }
      probe = joinery_record_new (kind);
      if (!joinery_db_set_from_string (self, probe, f->name, filter->value, error))
        return FALSE;
      if (joinery_record_is_null (probe, f->name))
        {
          /* Blank space reads as no record at all. */
          g_string_append (where, " AND m.record_id IS NULL");
          return TRUE;
        }
      g_string_append_printf (where, " AND m.record_kind = ?%u AND m.record_id = ?%u",
                              values->len + 1, values->len + 2);
      g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_string (
                                 joinery_record_get_link_kind (probe, f->name))));
      g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_int64 (
                                 joinery_record_get_integer (probe, f->name))));
      return TRUE;
    }

  column = joinery_field_get_column (f);
  switch (filter->op)
    {
    case JOINERY_FILTER_IS_EMPTY:
      g_string_append_printf (where, " AND m.%s IS NULL", column);
      return TRUE;
    case JOINERY_FILTER_IS_SET:
      g_string_append_printf (where, " AND m.%s IS NOT NULL", column);
      return TRUE;
    case JOINERY_FILTER_CONTAINS:
      if (f->type == JOINERY_FIELD_REFERENCE)
        {
          g_autofree char *id_expr = g_strconcat ("m.", column, NULL);
          g_autoptr(GString) label = g_string_new (NULL);
          const JoineryKind *target = joinery_kind_lookup (f->ref_kind);
          if (target->label_sql == NULL)
            g_string_append_printf (label, "(SELECT t.%s FROM %s t WHERE t.id = %s)",
                                    joinery_field_get_column (joinery_kind_get_field (target, target->label_field)),
                                    target->table, id_expr);
          else
            g_string_append_printf (label, "(SELECT %s FROM %s t WHERE t.id = %s)",
                                    target->label_sql, target->table, id_expr);
          g_string_append_printf (where, " AND instr(lower(%s), lower(?%u)) > 0", label->str,
                                  values->len + 1);
        }
      else
        g_string_append_printf (where, " AND instr(lower(m.%s), lower(?%u)) > 0", column, values->len + 1);
      g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_string (filter->value)));
      return TRUE;
    case JOINERY_FILTER_EQUAL:
    case JOINERY_FILTER_NOT_EQUAL:
    case JOINERY_FILTER_LESS:
    case JOINERY_FILTER_LESS_EQUAL:
    case JOINERY_FILTER_GREATER:
    case JOINERY_FILTER_GREATER_EQUAL:
    default:
      break;
    }

  /* The value is read as the field reads it: pounds, dates, names… */
  probe = joinery_record_new (kind);
  if (!joinery_db_set_from_string (self, probe, f->name, filter->value, error))
    return FALSE;
  if (joinery_record_is_null (probe, f->name))
    {
      g_string_append_printf (where, " AND m.%s IS %sNULL", column,
                              filter->op == JOINERY_FILTER_NOT_EQUAL ? "NOT " : "");
      return TRUE;
    }
  g_string_append_printf (where, " AND m.%s %s ?%u", column, op_sql (filter->op), values->len + 1);
  if ((f->type == JOINERY_FIELD_TEXT || f->type == JOINERY_FIELD_LONG_TEXT) &&
      filter->op != JOINERY_FILTER_LESS && filter->op != JOINERY_FILTER_GREATER &&
      filter->op != JOINERY_FILTER_LESS_EQUAL && filter->op != JOINERY_FILTER_GREATER_EQUAL)
    g_string_append (where, " COLLATE NOCASE");

  switch (f->type)
    {
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
    case JOINERY_FIELD_DATE:
    case JOINERY_FIELD_TIME:
    case JOINERY_FIELD_CHOICE:
      g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_string (
                                 joinery_record_get_text (probe, f->name))));
      break;
    case JOINERY_FIELD_REAL:
      g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_double (
                                 joinery_record_get_real (probe, f->name))));
      break;
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_MONEY:
    case JOINERY_FIELD_BOOLEAN:
    case JOINERY_FIELD_REFERENCE:
    case JOINERY_FIELD_LINK:
    default:
      g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_int64 (
                                 joinery_record_get_integer (probe, f->name))));
      break;
    }
  return TRUE;
}

static char *
build_where (JoineryDb *self, const JoineryKind *kind, JoineryQuery *query, GPtrArray *values,
             GError **error)
{
  g_autoptr(GString) where = g_string_new ("WHERE 1");

  if (query == NULL)
    return g_string_free (g_steal_pointer (&where), FALSE);

  for (guint i = 0; i < query->filters->len; i++)
    if (!append_filter (self, kind, query->filters->pdata[i], where, values, error))
      return NULL;

  if (query->search != NULL)
    {
      g_autofree char *match = joinery_search_build_match (query->search);
      if (!joinery_db_flush_index (self, error))
        return NULL;
      if (match == NULL)
        g_string_append (where, " AND 0");
      else
        {
          g_string_append_printf (where,
                                  " AND m.id IN (SELECT rowid / 32 FROM search_index "
                                  "WHERE search_index MATCH ?%u AND rowid %% 32 = %u)",
                                  values->len + 1, kind->code);
          g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_string (match)));
        }
    }
  return g_string_free (g_steal_pointer (&where), FALSE);
}

/* The ORDER BY of a query, total (the id last), and what it needs joined
 * to the row `m`: an order by a reference is by the name people see, read
 * from the record referred to, joined as `t` (a join, not a subquery per
 * row: sorting a million rows by organisation takes a second less). */
static void
append_order (JoineryQuerySql *parts, GString *sql, GString *join, const JoineryKind *kind,
              JoineryQuery *query)
{
  const char *sort = query != NULL && query->sort != NULL ? query->sort : kind->sort_field;
  const char *direction = query != NULL && query->descending ? "DESC" : "ASC";
  const JoineryField *f = joinery_kind_get_field (kind, sort);

  g_string_append (sql, " ORDER BY ");
  if (f == NULL)
    g_string_append_printf (sql, "m.%s %s", sort, direction);
  else if (f->type == JOINERY_FIELD_REFERENCE)
    {
      const JoineryKind *target = joinery_kind_lookup (f->ref_kind);
      g_autofree char *label = NULL;

      g_string_append_printf (join, " LEFT JOIN %s t ON t.id = m.%s", target->table,
                              joinery_field_get_column (f));
      if (target->label_sql == NULL)
        label = g_strdup_printf ("t.%s", joinery_field_get_column (joinery_kind_get_field (target,
                                                                                            target->label_field)));
      else
        label = g_strdup_printf ("(%s)", target->label_sql);
      g_string_append_printf (sql, "%s COLLATE NOCASE %s", label, direction);
      /* The same order for the list model, without sorting the rows'
       * labels (read_ids_ranked()). A row whose reference is empty, or
       * names no record, or one with no label, has a NULL label: first,
       * as SQL orders NULL. */
      parts->ranks = g_strdup_printf ("SELECT t.id, CASE WHEN %s IS NULL THEN 0 ELSE dense_rank () OVER "
                                      "(ORDER BY %s COLLATE NOCASE) END FROM %s t",
                                      label, label, target->table);
      parts->refs = g_strdup_printf ("SELECT m.id, m.%s FROM %s m", joinery_field_get_column (f), kind->table);
      parts->descending = query != NULL && query->descending;
    }
  else if (f->type == JOINERY_FIELD_LINK)
    g_string_append_printf (sql, "m.record_kind %s, m.record_id %s", direction, direction);
  else if (f->type == JOINERY_FIELD_TEXT || f->type == JOINERY_FIELD_LONG_TEXT)
    g_string_append_printf (sql, "m.%s COLLATE NOCASE %s", joinery_field_get_column (f), direction);
  else
    g_string_append_printf (sql, "m.%s %s", joinery_field_get_column (f), direction);
  g_string_append_printf (sql, ", m.id %s", direction);
}

/* The kinds whose records a label of `kind` reads besides its own row: a
 * membership's label is made of its person's and its group's names. */
static guint32
label_sources (const JoineryKind *kind)
{
  guint32 kinds = 0;

  if (kind->label_sql == NULL)
    return 0;
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type == JOINERY_FIELD_REFERENCE)
      {
        const JoineryKind *target = joinery_kind_lookup (kind->fields[i].ref_kind);
        kinds |= 1u << target->code;
        if (target != kind)
          kinds |= label_sources (target);
      }
  return kinds;
}

guint32
joinery_kind_label_sources (const JoineryKind *kind, gboolean with_references)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  guint32 sources;

  g_return_val_if_fail (kind != NULL, 0);

  sources = label_sources (kind);
  if (!with_references)
    return sources;
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      const JoineryKind *target;

      if (f->type == JOINERY_FIELD_REFERENCE)
        {
          target = joinery_kind_lookup (f->ref_kind);
          sources |= 1u << target->code | label_sources (target);
        }
      else if (f->type == JOINERY_FIELD_LINK)
        for (guint k = 0; kinds[k] != NULL; k++)
          if (kinds[k]->linkable)
            sources |= 1u << kinds[k]->code | label_sources (kinds[k]);
    }
  return sources;
}

/* The kinds whose labels decide which records the query finds, or their
 * order: a filter "organisation~leeds", an order by organisation. */
static guint32
query_label_sources (const JoineryKind *kind, JoineryQuery *query)
{
  const char *sort = query != NULL && query->sort != NULL ? query->sort : kind->sort_field;
  const JoineryField *f;
  guint32 sources = 0;

  for (guint i = 0; query != NULL && i < query->filters->len; i++)
    {
      Filter *filter = query->filters->pdata[i];
      f = joinery_kind_get_field (kind, filter->field);
      if (f != NULL && f->type == JOINERY_FIELD_REFERENCE && filter->op == JOINERY_FILTER_CONTAINS)
        sources |= 1u << joinery_kind_lookup (f->ref_kind)->code |
                   label_sources (joinery_kind_lookup (f->ref_kind));
    }
  f = joinery_kind_get_field (kind, sort);
  if (f != NULL && f->type == JOINERY_FIELD_REFERENCE)
    sources |= 1u << joinery_kind_lookup (f->ref_kind)->code |
               label_sources (joinery_kind_lookup (f->ref_kind));
  return sources;
}

void
joinery_query_sql_free (JoineryQuerySql *sql)
{
  if (sql == NULL)
    return;
  g_free (sql->from);
  g_free (sql->from_where);
  g_free (sql->order_by);
  g_free (sql->ranks);
  g_free (sql->refs);
  g_ptr_array_unref (sql->values);
  g_free (sql);
}

JoineryQuerySql *
joinery_query_build_sql (JoineryDb *self, const JoineryKind *kind, JoineryQuery *query,
                         GError **error)
{
  g_autoptr(JoineryQuerySql) sql = g_new0 (JoineryQuerySql, 1);
  g_autoptr(GString) order = g_string_new (NULL);
  g_autoptr(GString) join = g_string_new (NULL);
  g_autofree char *where = NULL;

  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (query == NULL || query->kind == kind, NULL);

  sql->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  where = build_where (self, kind, query, sql->values, error);
  if (where == NULL)
    return NULL;
  append_order (sql, order, join, kind, query);
  if (sql->refs != NULL)
    {
      char *refs = g_strdup_printf ("%s %s", sql->refs, where);
      g_free (sql->refs);
      sql->refs = refs;
    }
  sql->from = g_strdup_printf ("FROM %s m%s", kind->table, join->str);
  sql->from_where = g_strdup_printf ("%s %s", sql->from, where);
  sql->order_by = g_string_free (g_steal_pointer (&order), FALSE);
  sql->label_sources = query_label_sources (kind, query);
  return g_steal_pointer (&sql);
}

gboolean
joinery_db_list_foreach (JoineryDb *self, const JoineryKind *kind, JoineryQuery *query,
                         JoineryRecordFunc func, gpointer user_data, GError **error)
{
  g_autoptr(JoineryQuerySql) parts = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  gboolean stopped = FALSE;
  int rc;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (kind != NULL && func != NULL, FALSE);
  g_return_val_if_fail (query == NULL || query->kind == kind, FALSE);

  parts = joinery_query_build_sql (self, kind, query, error);
  if (parts == NULL)
    return FALSE;
  g_string_append_printf (sql, "SELECT %s %s%s", joinery_db_kind_sql (self, kind)->columns,
                          parts->from_where, parts->order_by);
  if (query != NULL && (query->limit > 0 || query->offset > 0))
    g_string_append_printf (sql, " LIMIT %u OFFSET %u", query->limit > 0 ? query->limit : G_MAXINT,
                            query->offset);

  /* A statement of its own, not the cache's: the callback may read and
   * write through the core while this one is open. */
  rc = sqlite3_prepare_v2 (joinery_db_get_handle (self), sql->str, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      joinery_query_bind (stmt, parts->values);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autoptr(JoineryRecord) record = joinery_db_record_from_row (kind, stmt);
          if (!func (record, user_data, error))
            {
              stopped = TRUE;
              break;
            }
        }
    }
  if (!stopped && rc != SQLITE_DONE)
    joinery_db_set_error (self, rc, error, NULL);
  sqlite3_finalize (stmt);
  return !stopped && rc == SQLITE_DONE;
}

static gboolean
collect_record (JoineryRecord *record, gpointer user_data, GError **error)
{
  g_ptr_array_add (user_data, g_object_ref (record));
  return TRUE;
}

GPtrArray *
joinery_db_list (JoineryDb *self, const JoineryKind *kind, JoineryQuery *query, GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (query == NULL || query->kind == kind, NULL);

  if (!joinery_db_list_foreach (self, kind, query, collect_record, records, error))
    return NULL;
  return g_steal_pointer (&records);
}

gboolean
joinery_db_count (JoineryDb *self, const JoineryKind *kind, JoineryQuery *query, gint64 *count,
                  GError **error)
{
  g_autoptr(JoineryQuerySql) parts = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (JOINERY_IS_DB (self), FALSE);
  g_return_val_if_fail (kind != NULL && count != NULL, FALSE);

  parts = joinery_query_build_sql (self, kind, query, error);
  if (parts == NULL)
    return FALSE;
  sql = g_strdup_printf ("SELECT count(*) %s", parts->from_where);
  rc = sqlite3_prepare_v2 (joinery_db_get_handle (self), sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      joinery_query_bind (stmt, parts->values);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *count = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    {
      joinery_db_set_error (self, rc, error, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Related records */

void
joinery_relation_free (JoineryRelation *relation)
{
  if (relation == NULL)
    return;
  g_free (relation->title);
  g_clear_pointer (&relation->records, g_ptr_array_unref);
  g_free (relation);
}

static gboolean
add_relation (JoineryDb *self, GPtrArray *relations, const JoineryKind *kind, const JoineryField *f,
              const char *value, const char *title, guint limit, GError **error)
{
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  g_autoptr(JoineryRelation) relation = g_new0 (JoineryRelation, 1);

  if (!joinery_query_add_filter (query, f->name, JOINERY_FILTER_EQUAL, value, error) ||
      !joinery_db_count (self, kind, query, &relation->total, error))
    return FALSE;
  if (relation->total == 0)
    return TRUE;
  joinery_query_set_range (query, 0, limit);
  relation->records = joinery_db_list (self, kind, query, error);
  if (relation->records == NULL)
    return FALSE;
  relation->kind = kind;
  relation->field = f->name;
  relation->title = g_strdup (title);
  g_ptr_array_add (relations, g_steal_pointer (&relation));
  return TRUE;
}

GPtrArray *
joinery_db_related (JoineryDb *self, const JoineryKind *kind, gint64 id, guint limit, GError **error)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func ((GDestroyNotify) joinery_relation_free);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *link_text = g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind->name, id);

  g_return_val_if_fail (JOINERY_IS_DB (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  if (!joinery_db_exists (self, kind, id))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND,
                   "there is no %s #%" G_GINT64_FORMAT, joinery_kind_get_words (kind, FALSE), id);
      return NULL;
    }

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      guint n_refs = 0;

      for (guint i = 0; i < kinds[k]->n_fields; i++)
        if (kinds[k]->fields[i].type == JOINERY_FIELD_REFERENCE &&
            g_str_equal (kinds[k]->fields[i].ref_kind, kind->name))
          n_refs++;

      for (guint i = 0; i < kinds[k]->n_fields; i++)
        {
          const JoineryField *f = &kinds[k]->fields[i];
          g_autofree char *title = NULL;

          if (f->type == JOINERY_FIELD_REFERENCE && g_str_equal (f->ref_kind, kind->name))
            {
              /* "Grants (applicant)" where a kind refers in more than one way. */
              title = n_refs > 1 ? g_strdup_printf ("%s (%s)", kinds[k]->label_plural, f->label)
                                 : g_strdup (kinds[k]->label_plural);
              if (!add_relation (self, relations, kinds[k], f, id_text, title, limit, error))
                return NULL;
            }
          else if (f->type == JOINERY_FIELD_LINK && kind->linkable)
            {
              if (!add_relation (self, relations, kinds[k], f, link_text, kinds[k]->label_plural,
                                 limit, error))
                return NULL;
            }
        }
    }
  return g_steal_pointer (&relations);
}
