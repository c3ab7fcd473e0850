/* joinery-import.c: CSV files into records, all or nothing.
 *
 * One pass over the file, inside one change group: each row is mapped to a
 * record, matched against the records already there, and created or
 * updated through joinery_db_create() and joinery_db_update(), which
 * validate it, audit it and keep the search index in step. A problem does
 * not stop the pass (every problem is wanted at once) but the group is
 * rolled back at the end if there was any, or if the run was a dry run:
 * running the rows for real is the only way to find what only the database
 * knows (a reference to a record made three rows earlier, a duplicate
 * within the file). Small files go in as one undoable step; large ones in
 * bulk (JOINERY_GROUP_NO_UNDO), where the core takes no savepoint per row
 * and the records made are audited by one `import` row holding the ranges
 * of their ids, not their values (joinery_db_set_compact_audit): such an
 * import that updated nothing is undone by removing those records.
 *
 * Memory: one row at a time. What is kept of the rows done is the ids of
 * the records made, as runs (see CreatedRun), and of the records already
 * there that rows matched, so that a duplicate can name its earlier row.
 */
#include "config.h"

#include "joinery-import-private.h"
#include "joinery-exchange-error.h"
#include "joinery-error.h"
#include "joinery-background.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define PREVIEW_MAX_ROWS     1000
#define PROGRESS_INTERVAL_US (100 * 1000)
#define REFERENCE_CACHE_MAX  100000
#define SORT_CACHE_SIZE      (-2048)  /* KiB of page cache, so of sorted run, while indexing */

struct _JoineryImport
{
  GObject               parent_instance;

  const JoineryKind    *kind;
  char                 *path;
  gint64                event_id;     /* > 0: an Eventbrite report */
  JoineryCsvEncoding    encoding;
  char                  separator;
  JoineryImportMatch    match;
  JoineryImportOnMatch  on_match;
  gboolean              on_match_set;
  gboolean              dry_run;
  guint64               bulk_bytes;   /* larger files go in bulk */
  JoineryImportMapping *mapping;

  GStrv                 headers;
  GPtrArray            *preview;
  char                  found_separator;
  JoineryCsvEncoding    found_encoding;
};

G_DEFINE_FINAL_TYPE (JoineryImport, joinery_import, G_TYPE_OBJECT)

static void
joinery_import_finalize (GObject *object)
{
  JoineryImport *self = JOINERY_IMPORT (object);

  g_free (self->path);
  g_clear_pointer (&self->mapping, joinery_import_mapping_free);
  g_clear_pointer (&self->headers, g_strfreev);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  G_OBJECT_CLASS (joinery_import_parent_class)->finalize (object);
}

static void
joinery_import_class_init (JoineryImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = joinery_import_finalize;
}

static void
joinery_import_init (JoineryImport *self)
{
  self->match = JOINERY_IMPORT_MATCH_AUTO;
  self->on_match = JOINERY_IMPORT_ON_MATCH_SKIP;
  self->bulk_bytes = JOINERY_IMPORT_UNDO_MAX_BYTES;
}

void
joinery_import_set_bulk_bytes (JoineryImport *self, guint64 bytes)
{
  g_return_if_fail (JOINERY_IS_IMPORT (self));
  self->bulk_bytes = bytes;
}

JoineryImport *
joinery_import_new (const JoineryKind *kind, const char *path)
{
  JoineryImport *self;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (JOINERY_TYPE_IMPORT, NULL);
  self->kind = kind;
  self->path = g_strdup (path);
  return self;
}

JoineryImport *
joinery_import_new_eventbrite (gint64 event_id, const char *path)
{
  JoineryImport *self;

  g_return_val_if_fail (event_id > 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (JOINERY_TYPE_IMPORT, NULL);
  self->kind = joinery_kind_lookup ("attendance");
  self->event_id = event_id;
  self->path = g_strdup (path);
  /* A report downloaded again after the event says who came. */
  self->on_match = JOINERY_IMPORT_ON_MATCH_UPDATE;
  return self;
}

const char *
joinery_import_get_path (JoineryImport *self)
{
  g_return_val_if_fail (JOINERY_IS_IMPORT (self), NULL);
  return self->path;
}

const JoineryKind *
joinery_import_get_kind (JoineryImport *self)
{
  g_return_val_if_fail (JOINERY_IS_IMPORT (self), NULL);
  return self->kind;
}

gint64
joinery_import_get_event (JoineryImport *self)
{
  g_return_val_if_fail (JOINERY_IS_IMPORT (self), 0);
  return self->event_id;
}

gboolean
joinery_import_is_eventbrite (JoineryImport *self)
{
  g_return_val_if_fail (JOINERY_IS_IMPORT (self), FALSE);
  return self->event_id > 0;
}

void
joinery_import_set_encoding (JoineryImport *self, JoineryCsvEncoding encoding)
{
  g_return_if_fail (JOINERY_IS_IMPORT (self));
  self->encoding = encoding;
}

void
joinery_import_set_separator (JoineryImport *self, char separator)
{
  g_return_if_fail (JOINERY_IS_IMPORT (self));
  g_return_if_fail (separator == 0 || separator == ',' || separator == ';' || separator == '\t');
  self->separator = separator;
}

void
joinery_import_set_match (JoineryImport *self, JoineryImportMatch match)
{
  g_return_if_fail (JOINERY_IS_IMPORT (self));
  self->match = match;
}

void
joinery_import_set_on_match (JoineryImport *self, JoineryImportOnMatch on_match)
{
  g_return_if_fail (JOINERY_IS_IMPORT (self));
  self->on_match = on_match;
  self->on_match_set = TRUE;
}

JoineryImportOnMatch
joinery_import_get_on_match (JoineryImport *self)
{
  return self->on_match;
}

void
joinery_import_set_dry_run (JoineryImport *self, gboolean dry_run)
{
  g_return_if_fail (JOINERY_IS_IMPORT (self));
  self->dry_run = dry_run;
}

gboolean
joinery_import_get_dry_run (JoineryImport *self)
{
  g_return_val_if_fail (JOINERY_IS_IMPORT (self), FALSE);
  return self->dry_run;
}

void
joinery_import_set_mapping (JoineryImport *self, JoineryImportMapping *mapping)
{
  g_return_if_fail (JOINERY_IS_IMPORT (self));
  g_return_if_fail (mapping == NULL || joinery_import_mapping_get_kind (mapping) == self->kind);

  if (mapping == self->mapping)
    return;
  g_clear_pointer (&self->mapping, joinery_import_mapping_free);
  self->mapping = mapping;
}

JoineryImportMapping *
joinery_import_get_mapping (JoineryImport *self)
{
  g_return_val_if_fail (JOINERY_IS_IMPORT (self), NULL);
  return self->mapping;
}

const char * const *
joinery_import_get_headers (JoineryImport *self)
{
  g_return_val_if_fail (JOINERY_IS_IMPORT (self), NULL);
  return (const char * const *) self->headers;
}

GPtrArray *
joinery_import_get_preview_rows (JoineryImport *self)
{
  g_return_val_if_fail (JOINERY_IS_IMPORT (self), NULL);
  return self->preview;
}

char
joinery_import_get_separator (JoineryImport *self)
{
  g_return_val_if_fail (JOINERY_IS_IMPORT (self), ',');
  return self->found_separator != 0 ? self->found_separator : self->separator;
}

JoineryCsvEncoding
joinery_import_get_encoding (JoineryImport *self)
{
  g_return_val_if_fail (JOINERY_IS_IMPORT (self), JOINERY_CSV_ENCODING_AUTO);
  return self->found_encoding != JOINERY_CSV_ENCODING_AUTO ? self->found_encoding : self->encoding;
}

/* Words */

char *
joinery_import_column_letters (guint column)
{
  char letters[16];
  int i = (int) sizeof letters - 1;

  g_return_val_if_fail (column > 0, g_strdup ("?"));

  letters[i] = '\0';
  while (column > 0 && i > 0)
    {
      column--;
      letters[--i] = (char) ('A' + column % 26);
      column /= 26;
    }
  return g_strdup (letters + i);
}

char *
joinery_import_problem_to_string (const JoineryImportProblem *problem)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->row > 0)
    g_string_append_printf (text, "row %" G_GUINT64_FORMAT, problem->row);
  if (problem->column > 0)
    {
      g_autofree char *letters = joinery_import_column_letters (problem->column);
      g_string_append_printf (text, "%scolumn %s", text->len > 0 ? ", " : "", letters);
      if (problem->column_name != NULL && *problem->column_name != '\0')
        g_string_append_printf (text, " “%s”", problem->column_name);
    }
  if (text->len > 0)
    g_string_append (text, ": ");
  g_string_append (text, problem->message);
  return g_string_free (text, FALSE);
}

static void
problem_free (gpointer data)
{
  JoineryImportProblem *problem = data;
  g_free (problem->column_name);
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

void
joinery_import_report_free (JoineryImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->problems);
  g_free (report);
}

static char *
dup_count (guint64 n, const JoineryKind *kind)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT " %s", n, joinery_kind_get_words (kind, n != 1));
}

char *
joinery_import_report_dup_summary (JoineryImport *self, const JoineryImportReport *report)
{
  const JoineryKind *kind = self->kind;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *created = dup_count (report->created, kind);
  g_autofree char *joined = NULL;
  gboolean would = report->dry_run || !report->committed;

  if (report->people_created > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%s %s and %" G_GUINT64_FORMAT " new %s", would ? "would add" : "added",
                                             created, report->people_created,
                                             report->people_created == 1 ? "person" : "people"));
  else
    g_ptr_array_add (parts, g_strdup_printf ("%s %s", would ? "would add" : "added", created));
  if (report->updated > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%s %" G_GUINT64_FORMAT, would ? "would update" : "updated",
                                             report->updated));
  if (report->unchanged > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%" G_GUINT64_FORMAT " already up to date", report->unchanged));
  if (report->skipped > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%" G_GUINT64_FORMAT " already there, left as %s",
                                             report->skipped, report->skipped == 1 ? "it was" : "they were"));
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (", ", (char **) parts->pdata);
  joined[0] = g_ascii_toupper (joined[0]);
  return g_strdup_printf ("%s (%" G_GUINT64_FORMAT " %s read).", joined, report->rows,
                          report->rows == 1 ? "row" : "rows");
}

gboolean
joinery_import_match_from_string (const char *text, JoineryImportMatch *match)
{
  static const struct { const char *name; JoineryImportMatch value; } names[] = {
    { "auto", JOINERY_IMPORT_MATCH_AUTO }, { "none", JOINERY_IMPORT_MATCH_NONE },
    { "id", JOINERY_IMPORT_MATCH_ID }, { "email", JOINERY_IMPORT_MATCH_EMAIL },
    { "name", JOINERY_IMPORT_MATCH_NAME },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        *match = names[i].value;
        return TRUE;
      }
  return FALSE;
}

gboolean
joinery_import_on_match_from_string (const char *text, JoineryImportOnMatch *on_match)
{
  static const struct { const char *name; JoineryImportOnMatch value; } names[] = {
    { "skip", JOINERY_IMPORT_ON_MATCH_SKIP }, { "update", JOINERY_IMPORT_ON_MATCH_UPDATE },
    { "fill", JOINERY_IMPORT_ON_MATCH_FILL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        *on_match = names[i].value;
        return TRUE;
      }
  return FALSE;
}

/* Reading */

static GInputStream *
open_file (const char *path, guint64 *size, GCancellable *cancellable, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  GFileInputStream *stream;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    {
      g_prefix_error (error, "cannot read “%s”: ", path);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "“%s” is not a file", path);
      return NULL;
    }
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    {
      g_prefix_error (error, "cannot read “%s”: ", path);
      return NULL;
    }
  if (size != NULL)
    *size = (guint64) g_file_info_get_size (info);
  return G_INPUT_STREAM (stream);
}

static gboolean
is_empty_row (const char * const *cells, guint n)
{
  for (guint i = 0; i < n; i++)
    if (cells[i][0] != '\0')
      return FALSE;
  return TRUE;
}

gboolean
joinery_import_read_preview (JoineryImport *self, guint n_rows, GCancellable *cancellable,
                             GError **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(JoineryCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  const char * const *cells;
  guint n_cells;

  g_return_val_if_fail (JOINERY_IS_IMPORT (self), FALSE);

  stream = open_file (self->path, NULL, cancellable, error);
  if (stream == NULL)
    return FALSE;
  reader = joinery_csv_reader_new (stream, self->encoding, self->separator);
  g_clear_pointer (&self->headers, g_strfreev);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  self->preview = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (!joinery_csv_reader_next (reader, &cells, &n_cells, cancellable, &local_error))
    {
      if (local_error == NULL)
        g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_EMPTY,
                     "“%s” is empty: there is not even a header row", self->path);
      else if (local_error->domain == JOINERY_EXCHANGE_ERROR)
        g_set_error (error, local_error->domain, local_error->code, "row 1, column %u: %s",
                     joinery_csv_reader_get_column (reader), local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->headers = g_strdupv ((char **) cells);
  self->found_separator = joinery_csv_reader_get_separator (reader);
  self->found_encoding = joinery_csv_reader_get_encoding (reader);

  while (self->preview->len < MIN (n_rows, PREVIEW_MAX_ROWS) &&
         joinery_csv_reader_next (reader, &cells, &n_cells, cancellable, &local_error))
    if (!is_empty_row (cells, n_cells))
      g_ptr_array_add (self->preview, g_strdupv ((char **) cells));
  if (local_error != NULL)
    {
      if (local_error->domain == JOINERY_EXCHANGE_ERROR)
        g_set_error (error, local_error->domain, local_error->code, "row %" G_GUINT64_FORMAT
                     ", column %u: %s", joinery_csv_reader_get_row (reader),
                     joinery_csv_reader_get_column (reader), local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (self->mapping == NULL && self->event_id == 0)
    self->mapping = joinery_import_mapping_guess (self->kind, (const char * const *) self->headers,
                                                  g_strv_length (self->headers));
  return TRUE;
}

/* The run: problems */

void
joinery_import_run_add_problem (JoineryImportRun *run, guint column, const char *field,
                                const char *format, ...)
{
  JoineryImportProblem *problem;
  va_list args;

  run->report->n_problems++;
  if (run->report->problems->len >= JOINERY_IMPORT_MAX_PROBLEMS)
    return;

  problem = g_new0 (JoineryImportProblem, 1);
  problem->row = run->row;
  problem->column = column;
  problem->column_name = column > 0 && column <= run->n_headers ? g_strdup (run->headers[column - 1]) : NULL;
  problem->field = g_strdup (field);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  if (!g_utf8_validate (problem->message, -1, NULL))
    {
      char *valid = g_utf8_make_valid (problem->message, -1);
      g_free (problem->message);
      problem->message = valid;
    }
  g_ptr_array_add (run->report->problems, problem);
}

gboolean
joinery_import_run_add_error (JoineryImportRun *run, const GError *error, guint column,
                              const JoineryKind *columns_kind, const int *field_columns)
{
  const JoineryKind *kind;
  const char *field_name;
  const JoineryField *field = NULL;

  if (error->domain != JOINERY_VALIDATION_ERROR)
    return FALSE;

  field_name = joinery_validation_error_get_field (error);
  kind = joinery_kind_lookup (joinery_validation_error_get_kind (error) != NULL
                              ? joinery_validation_error_get_kind (error) : "");
  if (kind != NULL && field_name != NULL)
    field = joinery_kind_get_field (kind, field_name);
  if (field != NULL && field_columns != NULL && kind == columns_kind)
    {
      int index = joinery_kind_field_index (kind, field_name);
      if (field_columns[index] > 0)
        column = (guint) field_columns[index];
    }
  if (field != NULL)
    joinery_import_run_add_problem (run, column, field->name, "%s: %s", field->label,
                                    joinery_validation_error_get_problem (error));
  else
    joinery_import_run_add_problem (run, column, NULL, "%s", joinery_validation_error_get_problem (error));
  return TRUE;
}

guint
joinery_import_run_find_column (JoineryImportRun *run, const char * const *folded)
{
  for (guint c = 0; folded[c] != NULL; c++)
    for (guint i = 0; i < run->n_headers; i++)
      {
        g_autofree char *header = joinery_import_mapping_fold_header (run->headers[i]);
        if (g_str_equal (header, folded[c]))
          return i + 1;
      }
  return 0;
}

gboolean
joinery_import_find_ids (JoineryImportRun *run, const JoineryKind *kind, const char *column,
                         const char *value, guint *n_found, gint64 found[2], GError **error)
{
  sqlite3 *handle = joinery_db_get_handle (run->db);
  sqlite3_stmt *stmt = kind == run->find_kind && column == run->find_column ? run->find_stmt : NULL;
  int rc;

  if (stmt == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?1 COLLATE NOCASE "
                                              "ORDER BY id LIMIT 2", kind->table, column);

      stmt = g_hash_table_lookup (run->statements, sql);
      if (stmt == NULL)
        {
          rc = sqlite3_prepare_v3 (handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
          if (rc != SQLITE_OK)
            {
              g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED, "cannot look records up: %s",
                           sqlite3_errmsg (handle));
              sqlite3_finalize (stmt);
              return FALSE;
            }
          g_hash_table_insert (run->statements, g_strdup (sql), stmt);
        }
      run->find_kind = kind;
      run->find_column = column;
      run->find_stmt = stmt;
    }
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  *n_found = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    found[(*n_found)++] = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED, "cannot look records up: %s",
                   sqlite3_errmsg (handle));
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_import_update_matched (JoineryImportRun *run, gint64 id, JoineryRecord *from, const int *given,
                               const int *field_columns, GError **error)
{
  const JoineryKind *kind = joinery_record_get_kind (from);
  JoineryImportOnMatch on_match = joinery_import_get_on_match (run->import);
  g_autoptr(JoineryRecord) existing = NULL;
  g_autoptr(JoineryRecord) before = NULL;
  GError *local_error = NULL;
  gboolean changed = FALSE;

  if (on_match == JOINERY_IMPORT_ON_MATCH_SKIP)
    {
      run->report->skipped++;
      return TRUE;
    }
  existing = joinery_db_get (run->db, kind, id, error);
  if (existing == NULL)
    return FALSE;
  before = joinery_record_copy (existing);
  for (guint i = 0; i < kind->n_fields && local_error == NULL; i++)
    {
      const char *name = kind->fields[i].name;
      g_autofree char *text = NULL;

      gboolean fills_only = on_match == JOINERY_IMPORT_ON_MATCH_FILL || given[i] == JOINERY_IMPORT_GIVEN_BY_DEFAULT;

      if (given[i] == 0 || (fills_only && !joinery_record_is_null (existing, name)))
        continue;
      /* The string form parses back to the same value (see joinery-record.h). */
      text = joinery_record_dup_string (from, name);
      if (joinery_record_set_from_string (existing, name, text != NULL ? text : "", &local_error) &&
          !joinery_record_value_equal (existing, before, name))
        changed = TRUE;
    }
  if (local_error == NULL && changed)
    joinery_db_update (run->db, existing, &local_error);
  if (local_error != NULL)
    {
      if (!joinery_import_run_add_error (run, local_error, 0, kind, field_columns))
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_error_free (local_error);
      return TRUE;
    }
  if (changed)
    run->report->updated++;
  else
    run->report->unchanged++;
  return TRUE;
}

/* The kind import */

/* Records made by the import, as runs: ids of one table made in one
 * transaction follow each other, and so do rows, so a clean file of a
 * million rows is one run, and the memory does not grow with the file. */
typedef struct {
  gint64  first_id;
  guint64 first_row;
  guint64 count;
} CreatedRun;

typedef struct {
  const JoineryKind  *kind;
  int                *column_field;  /* per column: a field index, -1 none, -2 the id */
  int                *field_column;  /* per field: its first column (from 1), 0 none */
  GPtrArray          *field_columns; /* per field: GArray of column indexes (from 0), or NULL */
  int                 id_column;     /* from 0; -1 none */
  JoineryImportMatch  match;
  int                 match_field;   /* field index for email or name */
  gboolean            match_later;   /* rows do not look up by it: see defer_matching() */
  GArray             *created;       /* of CreatedRun, in increasing id order */
  GHashTable         *matched;       /* id → row, of records already there */
  GHashTable         *references;    /* "field index\037text" → id */
  int                *given;         /* per field: JOINERY_IMPORT_GIVEN_BY_…, or 0 */
  GString            *text;          /* a field's text, made again for each */
  GString            *key;           /* a reference's key in `references` */
} KindImport;

static void
kind_import_clear (JoineryImportRun *run)
{
  KindImport *k = run->data;

  if (k == NULL)
    return;
  g_free (k->column_field);
  g_free (k->field_column);
  g_clear_pointer (&k->field_columns, g_ptr_array_unref);
  g_clear_pointer (&k->created, g_array_unref);
  g_clear_pointer (&k->matched, g_hash_table_unref);
  g_clear_pointer (&k->references, g_hash_table_unref);
  g_free (k->given);
  g_string_free (k->text, TRUE);
  g_string_free (k->key, TRUE);
  g_free (k);
  run->data = NULL;
}

static void
free_column_array (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

static const JoineryField *
email_field (const JoineryKind *kind)
{
  const JoineryField *f = joinery_kind_get_field (kind, "email");
  return f != NULL && (f->flags & JOINERY_FIELD_EMAIL) ? f : NULL;
}

static gboolean
kind_import_prepare (JoineryImportRun *run, GError **error)
{
  JoineryImport *import = run->import;
  const JoineryKind *kind = import->kind;
  JoineryImportMapping *mapping = import->mapping;
  KindImport *k = g_new0 (KindImport, 1);
  const JoineryField *email = email_field (kind);
  gboolean any = FALSE;

  run->data = k;
  k->kind = kind;
  k->column_field = g_new0 (int, run->n_headers);
  k->field_column = g_new0 (int, kind->n_fields);
  k->given = g_new0 (int, kind->n_fields);
  k->field_columns = g_ptr_array_new_full (kind->n_fields, free_column_array);
  g_ptr_array_set_size (k->field_columns, (int) kind->n_fields);
  k->id_column = -1;
  k->created = g_array_new (FALSE, FALSE, sizeof (CreatedRun));
  k->matched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  k->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  k->text = g_string_sized_new (256);
  k->key = g_string_sized_new (256);

  for (guint i = 0; i < run->n_headers; i++)
    {
      const char *field = joinery_import_mapping_get_column (mapping, run->headers[i]);
      int index;

      k->column_field[i] = -1;
      if (field == NULL)
        continue;
      /* Two columns of one header: which one was meant? */
      for (guint j = 0; j < i; j++)
        {
          g_autofree char *a = joinery_import_mapping_fold_header (run->headers[i]);
          g_autofree char *b = joinery_import_mapping_fold_header (run->headers[j]);
          if (*a != '\0' && g_str_equal (a, b))
            {
              g_autofree char *first = joinery_import_column_letters (j + 1);
              joinery_import_run_add_problem (run, i + 1, NULL, "column %s has the same header; "
                                              "rename one of them so that the mapping can tell "
                                              "them apart", first);
            }
        }
      any = TRUE;
      if (g_str_equal (field, JOINERY_IMPORT_MAPPING_ID))
        {
          k->column_field[i] = -2;
          k->id_column = (int) i;
          continue;
        }
      index = joinery_kind_field_index (kind, field);
      g_assert (index >= 0);
      k->column_field[i] = index;
      if (k->field_columns->pdata[index] == NULL)
        {
          k->field_columns->pdata[index] = g_array_new (FALSE, FALSE, sizeof (guint));
          k->field_column[index] = (int) i + 1;
        }
      g_array_append_val ((GArray *) k->field_columns->pdata[index], i);
    }
  if (!any)
    {
      g_auto(GStrv) defaults = joinery_import_mapping_dup_defaults (mapping);
      if (defaults[0] == NULL)
        joinery_import_run_add_problem (run, 0, NULL, "no column of the file is mapped to a field of "
                                        "%s; map the columns first", kind->label_plural);
    }

  /* How rows find the records already there. */
  k->match = import->match;
  k->match_field = -1;
  if (k->match == JOINERY_IMPORT_MATCH_AUTO)
    k->match = k->id_column >= 0 ? JOINERY_IMPORT_MATCH_ID
             : email != NULL && k->field_columns->pdata[joinery_kind_field_index (kind, "email")] != NULL
               ? JOINERY_IMPORT_MATCH_EMAIL
             : kind->label_field != NULL &&
               k->field_columns->pdata[joinery_kind_field_index (kind, kind->label_field)] != NULL &&
               joinery_kind_get_field (kind, kind->label_field)->type == JOINERY_FIELD_TEXT
               ? JOINERY_IMPORT_MATCH_NAME
             : JOINERY_IMPORT_MATCH_NONE;
  switch (k->match)
    {
    case JOINERY_IMPORT_MATCH_ID:
      if (k->id_column < 0)
        joinery_import_run_add_problem (run, 0, NULL, "matching by id needs a column mapped to the id");
      break;
    case JOINERY_IMPORT_MATCH_EMAIL:
      if (email == NULL)
        joinery_import_run_add_problem (run, 0, NULL, "%s have no email address to match by",
                                        kind->label_plural);
      else if (k->field_columns->pdata[joinery_kind_field_index (kind, "email")] == NULL)
        joinery_import_run_add_problem (run, 0, NULL, "matching by email needs a column mapped to %s",
                                        email->label);
      else
        k->match_field = joinery_kind_field_index (kind, "email");
      break;
    case JOINERY_IMPORT_MATCH_NAME:
      if (kind->label_field == NULL ||
          joinery_kind_get_field (kind, kind->label_field)->type != JOINERY_FIELD_TEXT)
        joinery_import_run_add_problem (run, 0, NULL, "%s have no name to match by", kind->label_plural);
      else if (k->field_columns->pdata[joinery_kind_field_index (kind, kind->label_field)] == NULL)
        joinery_import_run_add_problem (run, 0, NULL, "matching by name needs a column mapped to %s",
                                        joinery_kind_get_field (kind, kind->label_field)->label);
      else
        k->match_field = joinery_kind_field_index (kind, kind->label_field);
      break;
    case JOINERY_IMPORT_MATCH_NONE:
    case JOINERY_IMPORT_MATCH_AUTO:
    default:
      break;
    }

  /* Every row makes a record: a required field with no column and no
   * default would fail on each of them. */
  if (k->match == JOINERY_IMPORT_MATCH_NONE)
    for (guint f = 0; f < kind->n_fields; f++)
      {
        const JoineryField *field = &kind->fields[f];
        if ((field->flags & JOINERY_FIELD_REQUIRED) && field->default_value == NULL &&
            k->field_columns->pdata[f] == NULL &&
            joinery_import_mapping_get_default (mapping, field->name) == NULL)
          joinery_import_run_add_problem (run, 0, field->name, "no column is mapped to %s, which "
                                          "every %s needs: map a column to it or give a default",
                                          field->label, joinery_kind_get_words (kind, FALSE));
      }
  return TRUE;
}

/* The value of one field from its columns, each stripped of spaces as
 * g_strstrip() does, joined by spaces; NULL if no column is mapped to it.
 * In k->text, until the next field's: a row's fields cost no allocation. */
static const char *
field_text (KindImport *k, guint f, const char * const *cells)
{
  GArray *columns = k->field_columns->pdata[f];

  if (columns == NULL)
    return NULL;
  g_string_truncate (k->text, 0);
  for (guint c = 0; c < columns->len; c++)
    {
      const char *start = cells[g_array_index (columns, guint, c)];
      const char *end;

      while (g_ascii_isspace (*start))
        start++;
      end = start + strlen (start);
      while (end > start && g_ascii_isspace (end[-1]))
        end--;
      if (end == start)
        continue;
      if (k->text->len > 0)
        g_string_append_c (k->text, ' ');
      g_string_append_len (k->text, start, end - start);
    }
  return k->text->str;
}

static gboolean
is_id_text (const char *text)
{
  const char *p = text;

  if (*p == '#')
    p++;
  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Set a field from text; references by name are looked up once per import
 * (records of the kind being imported excepted: a row may rename them). */
static gboolean
set_field (JoineryImportRun *run, KindImport *k, JoineryRecord *record, guint f, const char *text,
           GError **error)
{
  const JoineryField *field = &k->kind->fields[f];
  char number[16];
  gint64 *cached;

  if (field->type != JOINERY_FIELD_REFERENCE || is_id_text (text) ||
      g_str_equal (field->ref_kind, k->kind->name))
    return joinery_db_set_from_string (run->db, record, field->name, text, error);

  g_snprintf (number, sizeof number, "%u\037", f);
  g_string_assign (k->key, number);
  g_string_append (k->key, text);
  cached = g_hash_table_lookup (k->references, k->key->str);
  if (cached != NULL)
    {
      joinery_record_set_integer (record, field->name, *cached);
      return TRUE;
    }
  if (!joinery_db_set_from_string (run->db, record, field->name, text, error))
    return FALSE;
  if (g_hash_table_size (k->references) >= REFERENCE_CACHE_MAX)
    g_hash_table_remove_all (k->references);
  g_hash_table_insert (k->references, g_strdup (k->key->str),
                       g_memdup2 (&(gint64) { joinery_record_get_integer (record, field->name) }, sizeof (gint64)));
  return TRUE;
}

/* The row that made record `id` in this import, or 0. */
static guint64
find_created_row (KindImport *k, gint64 id)
{
  guint low = 0, high = k->created->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      CreatedRun *run = &g_array_index (k->created, CreatedRun, middle);
      if (id >= run->first_id && id < run->first_id + (gint64) run->count)
        return run->first_row + (guint64) (id - run->first_id);
      if (run->first_id < id)
        low = middle + 1;
      else
        high = middle;
    }
  return 0;
}

static void
add_created (KindImport *k, gint64 id, guint64 row)
{
  CreatedRun *last = k->created->len > 0 ? &g_array_index (k->created, CreatedRun, k->created->len - 1) : NULL;

  if (last != NULL && last->first_id + (gint64) last->count == id && last->first_row + last->count == row)
    last->count++;
  else
    g_array_append_val (k->created, ((CreatedRun) { id, row, 1 }));
}

static gboolean
kind_import_row (JoineryImportRun *run, const char * const *cells, GError **error)
{
  KindImport *k = run->data;
  const JoineryKind *kind = k->kind;
  JoineryImportMapping *mapping = run->import->mapping;
  g_autoptr(JoineryRecord) record = joinery_record_new (kind);
  GError *local_error = NULL;
  guint64 problems = run->report->n_problems;
  gint64 id = 0;
  guint64 earlier;

  /* Map the cells. */
  for (guint f = 0; f < kind->n_fields; f++)
    {
      const char *value = field_text (k, f, cells);

      k->given[f] = JOINERY_IMPORT_GIVEN_BY_FILE;
      if (value == NULL || *value == '\0')
        {
          value = joinery_import_mapping_get_default (mapping, kind->fields[f].name);
          k->given[f] = JOINERY_IMPORT_GIVEN_BY_DEFAULT;
        }
      if (value == NULL || *value == '\0')
        {
          k->given[f] = 0;
          continue;
        }
      if (!set_field (run, k, record, f, value, &local_error))
        {
          gboolean handled = joinery_import_run_add_error (run, local_error, 0, kind, k->field_column);
          if (!handled)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          g_clear_error (&local_error);
        }
    }
  if (k->id_column >= 0 && k->match == JOINERY_IMPORT_MATCH_ID)
    {
      g_autofree char *text = g_strstrip (g_strdup (cells[k->id_column]));
      if (*text != '\0' &&
          (!is_id_text (text) || !g_ascii_string_to_signed (text + (*text == '#'), 10, 1, G_MAXINT64, &id, NULL)))
        joinery_import_run_add_problem (run, (guint) k->id_column + 1, NULL, "“%s” is not an id", text);
    }
  if (run->report->n_problems > problems)
    return TRUE;

  /* Find the record it may be. */
  if (k->match == JOINERY_IMPORT_MATCH_ID && id > 0 && !joinery_db_exists (run->db, kind, id))
    {
      joinery_import_run_add_problem (run, (guint) k->id_column + 1, NULL,
                                      "there is no %s #%" G_GINT64_FORMAT " (an id only finds a record "
                                      "already in Joinery; leave it empty to add a new one)",
                                      joinery_kind_get_words (kind, FALSE), id);
      return TRUE;
    }
  if (k->match_field >= 0 && !k->match_later && !joinery_record_is_null (record, kind->fields[k->match_field].name))
    {
      const JoineryField *field = &kind->fields[k->match_field];
      gint64 found[2];
      guint n_found;

      if (!joinery_import_find_ids (run, kind, joinery_field_get_column (field),
                                    joinery_record_get_text (record, field->name), &n_found, found, error))
        return FALSE;
      if (n_found > 1)
        {
          joinery_import_run_add_problem (run, (guint) k->field_column[k->match_field], field->name,
                                          "%s: more than one %s has “%s” (#%" G_GINT64_FORMAT " and #%"
                                          G_GINT64_FORMAT "), so the row cannot tell which it is",
                                          field->label, joinery_kind_get_words (kind, FALSE),
                                          joinery_record_get_text (record, field->name), found[0], found[1]);
          return TRUE;
        }
      if (n_found == 1)
        id = found[0];
    }

  /* A second row for one record: the file holds a duplicate. */
  earlier = id > 0 ? find_created_row (k, id) : 0;
  if (earlier == 0 && id > 0)
    earlier = GPOINTER_TO_SIZE (g_hash_table_lookup (k->matched, &id));
  if (earlier > 0)
    {
      guint column = k->match == JOINERY_IMPORT_MATCH_ID ? (guint) k->id_column + 1
                   : (guint) k->field_column[k->match_field];
      joinery_import_run_add_problem (run, column, NULL,
                                      "a duplicate: row %" G_GUINT64_FORMAT " of this file is the "
                                      "same %s (%s #%" G_GINT64_FORMAT ")", earlier,
                                      joinery_kind_get_words (kind, FALSE), kind->name, id);
      return TRUE;
    }

  if (id > 0)
    {
      g_hash_table_insert (k->matched, g_memdup2 (&id, sizeof id), GSIZE_TO_POINTER (run->row));
      return joinery_import_update_matched (run, id, record, k->given, k->field_column, error);
    }

  if (!joinery_db_create (run->db, record, &local_error))
    {
      if (!joinery_import_run_add_error (run, local_error, 0, kind, k->field_column))
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_clear_error (&local_error);
      return TRUE;
    }
  add_created (k, joinery_record_get_id (record), run->row);
  run->report->created++;
  return TRUE;
}

static const JoineryImportHandler kind_import_handler = {
  kind_import_prepare,
  kind_import_row,
  kind_import_clear,
};

/* Bulk imports: the indexes no row needs */

/* Whether a row of the import may look records of its own kind up by
 * `column` other than to match them: to check a field that must be
 * unique, or to find a record of the same kind named in a reference. */
static gboolean
looked_up_otherwise (KindImport *k, const char *column)
{
  const JoineryKind *kind = k->kind;

  if (column == NULL)
    return TRUE;   /* an expression: who knows */
  for (const JoineryUnique *u = kind->uniques; u != NULL && u->fields != NULL; u++)
    for (guint i = 0; u->fields[i] != NULL; i++)
      {
        const JoineryField *f = joinery_kind_get_field (kind, u->fields[i]);
        if (f->type == JOINERY_FIELD_LINK ? g_str_equal (column, "record_kind") || g_str_equal (column, "record_id")
                                          : g_str_equal (column, joinery_field_get_column (f)))
          return TRUE;
      }
  for (guint f = 0; f < kind->n_fields; f++)
    if (kind->fields[f].type == JOINERY_FIELD_REFERENCE && g_str_equal (kind->fields[f].ref_kind, kind->name))
      return TRUE;
  return FALSE;
}

/* Whether rows look records up by `column`: to match them, unless they
 * match later (defer_matching), or as looked_up_otherwise() says. */
static gboolean
is_looked_up (KindImport *k, const char *column)
{
  if (column != NULL && k->match_field >= 0 && !k->match_later &&
      g_str_equal (column, joinery_field_get_column (&k->kind->fields[k->match_field])))
    return TRUE;
  return looked_up_otherwise (k, column);
}

static gboolean
set_sql_error (sqlite3 *handle, const char *what, GError **error)
{
  g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (handle));
  return FALSE;
}

/* Matching after the rows. Into a table that holds no record of the
 * kind, the only records a row can match are those earlier rows made:
 * duplicates within the file, each a problem that fails the import. So
 * rather than look every row up in the match column's index, itself kept
 * up to date row by row, a large import writes the rows as they come,
 * makes that index once from the sorted rows like the others it dropped,
 * and finds the duplicates in one pass over it (find_duplicates). Not
 * when a row looks the column up for something else (a field that must be
 * unique, a reference to a record of the same kind): then its index stays,
 * and rows match as ever. */
static gboolean
defer_matching (JoineryImportRun *run, GError **error)
{
  KindImport *k = run->data;
  sqlite3 *handle = joinery_db_get_handle (run->db);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (k->match_field < 0 || (k->match != JOINERY_IMPORT_MATCH_EMAIL && k->match != JOINERY_IMPORT_MATCH_NAME))
    return TRUE;
  if (looked_up_otherwise (k, joinery_field_get_column (&k->kind->fields[k->match_field])))
    return TRUE;

  sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s)", k->kind->table);
  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_sql_error (handle, "cannot look records up", error);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    k->match_later = sqlite3_column_int (stmt, 0) == 0;
  else
    set_sql_error (handle, "cannot look records up", error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

/* A large import drops the indexes of the table it fills that no row
 * looks records up by, and makes them again from the same SQL before it
 * commits (make_indexes): SQLite builds an index from the sorted rows in
 * a fraction of what keeping it up to date row by row costs, in time and
 * in pages written. Both happen inside the import's transaction, so a
 * rollback (a problem, a dry run, a cancel, a crash) brings them back as
 * they were. `dropped` gets the SQL of each one dropped. */
static gboolean
drop_indexes (JoineryImportRun *run, GPtrArray *dropped, GError **error)
{
  static const char *indexes_sql =
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL "
    "ORDER BY name";
  static const char *columns_sql = "SELECT name FROM pragma_index_info (?1)";
  KindImport *k = run->data;
  sqlite3 *handle = joinery_db_get_handle (run->db);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sqls = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *indexes = NULL, *columns = NULL;
  gboolean ok = FALSE;
  int rc;

  if (sqlite3_prepare_v2 (handle, indexes_sql, -1, &indexes, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (handle, columns_sql, -1, &columns, NULL) != SQLITE_OK)
    {
      set_sql_error (handle, "cannot read the indexes", error);
      goto out;
    }
  sqlite3_bind_text (indexes, 1, k->kind->table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (indexes)) == SQLITE_ROW)
    {
      gboolean needed = FALSE;

      sqlite3_bind_text (columns, 1, (const char *) sqlite3_column_text (indexes, 0), -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (columns)) == SQLITE_ROW)
        needed = needed || is_looked_up (k, (const char *) sqlite3_column_text (columns, 0));
      sqlite3_reset (columns);
      if (rc != SQLITE_DONE)
        break;
      if (needed)
        continue;
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (indexes, 0)));
      g_ptr_array_add (sqls, g_strdup ((const char *) sqlite3_column_text (indexes, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      set_sql_error (handle, "cannot read the indexes", error);
      goto out;
    }
  /* Finalized first: a statement still open on the schema would keep
   * DROP INDEX from running. */
  g_clear_pointer (&indexes, sqlite3_finalize);
  g_clear_pointer (&columns, sqlite3_finalize);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GString) drop = g_string_new ("DROP INDEX \"");

      /* A name from the schema, quoted as an identifier. */
      for (const char *p = names->pdata[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (drop, '"');
          g_string_append_c (drop, *p);
        }
      g_string_append_c (drop, '"');
      if (sqlite3_exec (handle, drop->str, NULL, NULL, NULL) != SQLITE_OK)
        {
          set_sql_error (handle, "cannot prepare the table for a large import", error);
          goto out;
        }
      g_ptr_array_add (dropped, g_strdup (sqls->pdata[i]));
    }
  ok = TRUE;

out:
  sqlite3_finalize (indexes);
  sqlite3_finalize (columns);
  return ok;
}

static int
get_pragma (sqlite3 *handle, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = G_MININT;

  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
set_cache_size (sqlite3 *handle, int value)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %d", value);

  if (value != G_MININT)
    sqlite3_exec (handle, sql, NULL, NULL, NULL);
}

static void
set_temp_store (sqlite3 *handle, int value)
{
  static const char * const pragmas[] = {
    "PRAGMA temp_store = DEFAULT", "PRAGMA temp_store = FILE", "PRAGMA temp_store = MEMORY",
  };

  /* Refused (and left as it was) while the connection holds temporary
   * tables in a transaction: then the sort is in memory, as before. */
  if (value != G_MININT && value >= 0 && value < (int) G_N_ELEMENTS (pragmas))
    sqlite3_exec (handle, pragmas[value], NULL, NULL, NULL);
}

static gboolean
make_indexes (JoineryImportRun *run, GPtrArray *dropped, GError **error)
{
  sqlite3 *handle = joinery_db_get_handle (run->db);
  int temp_store, cache_size;
  gboolean ok = TRUE;

  if (dropped->len == 0)
    return TRUE;
  /* With temporary storage in memory (as the core opens every
   * connection) SQLite sorts an index's keys all in memory, however many
   * there are; with files it sorts runs the size of the page cache and
   * merges them from a temporary file. A small cache meanwhile makes the
   * runs small: the memory an import takes stays flat in the size of the
   * file. */
  temp_store = get_pragma (handle, "PRAGMA temp_store");
  cache_size = get_pragma (handle, "PRAGMA cache_size");
  set_temp_store (handle, 1);
  set_cache_size (handle, SORT_CACHE_SIZE);
  for (guint i = 0; i < dropped->len && ok; i++)
    if (sqlite3_exec (handle, dropped->pdata[i], NULL, NULL, NULL) != SQLITE_OK)
      ok = set_sql_error (handle, "cannot index the imported records", error);
  set_cache_size (handle, cache_size);
  set_temp_store (handle, temp_store);
  if (ok)
    g_ptr_array_set_size (dropped, 0);
  return ok;
}

typedef struct {
  guint64 row;       /* the later row */
  guint64 earlier;   /* the row that made the record first */
  gint64  id;        /* the record it made */
} Duplicate;

static int
compare_duplicates (gconstpointer a, gconstpointer b)
{
  const Duplicate *x = a, *y = b;
  return x->row < y->row ? -1 : x->row > y->row;
}

static int
compare_problems (gconstpointer a, gconstpointer b)
{
  const JoineryImportProblem *x = *(JoineryImportProblem **) a, *y = *(JoineryImportProblem **) b;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* Keep the `max` earliest rows of `found`. */
static void
keep_earliest (GArray *found, guint max)
{
  g_array_sort (found, compare_duplicates);
  if (found->len > max)
    g_array_set_size (found, max);
}

/* The duplicates of a large import whose rows matched later (see
 * defer_matching): the records it made, in the order of the match column
 * ignoring case (as the index it made gives them, or sorted through
 * temporary files as make_indexes does), each that has the value of the
 * one before named as a duplicate of the row that made that one, as it
 * would have been on its own row. Their problems join the others in row
 * order, as many as a report lists; the rows are not counted as made. */
static gboolean
find_duplicates (JoineryImportRun *run, GError **error)
{
  KindImport *k = run->data;
  JoineryImportReport *report = run->report;
  const JoineryField *field = &k->kind->fields[k->match_field];
  const char *column = joinery_field_get_column (field);
  sqlite3 *handle = joinery_db_get_handle (run->db);
  g_autofree char *sql = g_strdup_printf ("SELECT id, %s FROM %s WHERE %s IS NOT NULL ORDER BY %s COLLATE NOCASE, id",
                                          column, k->kind->table, column, column);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Duplicate));
  g_autoptr(GString) value = g_string_new (NULL);
  g_autoptr(GPtrArray) problems = NULL;
  sqlite3_stmt *stmt = NULL;
  guint64 n_found = 0;
  gint64 first = 0;
  int temp_store, cache_size;
  int rc;

  temp_store = get_pragma (handle, "PRAGMA temp_store");
  cache_size = get_pragma (handle, "PRAGMA cache_size");
  set_temp_store (handle, 1);
  set_cache_size (handle, SORT_CACHE_SIZE);
  rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *text = (const char *) sqlite3_column_text (stmt, 1);

      if (text == NULL)
        continue;
      /* What COLLATE NOCASE holds equal, for text without NULs. */
      if (first > 0 && sqlite3_stricmp (text, value->str) == 0)
        {
          Duplicate d = { find_created_row (k, id), find_created_row (k, first), first };

          if (d.row == 0 || d.earlier == 0)
            continue;
          n_found++;
          g_array_append_val (found, d);
          if (found->len >= 2 * JOINERY_IMPORT_MAX_PROBLEMS)
            keep_earliest (found, JOINERY_IMPORT_MAX_PROBLEMS);
          continue;
        }
      first = id;
      g_string_assign (value, text);
    }
  if (rc != SQLITE_DONE)
    set_sql_error (handle, "cannot look for duplicates", error);
  sqlite3_finalize (stmt);
  set_cache_size (handle, cache_size);
  set_temp_store (handle, temp_store);
  if (rc != SQLITE_DONE)
    return FALSE;
  if (n_found == 0)
    return TRUE;

  /* Each a problem on its row, among those found on the way. */
  keep_earliest (found, JOINERY_IMPORT_MAX_PROBLEMS);
  problems = g_steal_pointer (&report->problems);
  report->problems = g_ptr_array_new_with_free_func (problem_free);
  for (guint i = 0; i < found->len; i++)
    {
      Duplicate *d = &g_array_index (found, Duplicate, i);

      run->row = d->row;
      joinery_import_run_add_problem (run, (guint) k->field_column[k->match_field], NULL,
                                      "a duplicate: row %" G_GUINT64_FORMAT " of this file is the "
                                      "same %s (%s #%" G_GINT64_FORMAT ")", d->earlier,
                                      joinery_kind_get_words (k->kind, FALSE), k->kind->name, d->id);
    }
  report->n_problems += n_found - found->len;
  report->created -= n_found;
  g_ptr_array_extend_and_steal (problems, g_steal_pointer (&report->problems));
  /* Stable: problems of one row keep their order. */
  g_ptr_array_sort (problems, compare_problems);
  if (problems->len > JOINERY_IMPORT_MAX_PROBLEMS)
    g_ptr_array_set_size (problems, JOINERY_IMPORT_MAX_PROBLEMS);
  report->problems = g_steal_pointer (&problems);
  return TRUE;
}

/* The run */

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
add_reader_problem (JoineryImportRun *run, JoineryCsvReader *reader, const GError *error)
{
  run->row = MAX (joinery_csv_reader_get_row (reader), 1);
  joinery_import_run_add_problem (run, joinery_csv_reader_get_column (reader), NULL, "%s%s",
                                  error->message,
                                  run->report->rows > 0 ? "; the file was read no further" : "");
}

static void
report_progress (JoineryImportRun *run, JoineryCsvReader *reader, guint64 total,
                 JoineryImportProgressFunc progress, gpointer progress_data, gint64 *last, gboolean force)
{
  gint64 now;
  JoineryImportProgress p;

  if (progress == NULL)
    return;
  now = g_get_monotonic_time ();
  if (!force && now - *last < PROGRESS_INTERVAL_US)
    return;
  *last = now;
  p.bytes_read = joinery_csv_reader_get_bytes_read (reader);
  p.bytes_total = total;
  p.rows = run->report->rows;
  p.problems = run->report->n_problems;
  progress (&p, progress_data);
}

static char *
dup_group_label (JoineryImport *self)
{
  g_autofree char *base = g_path_get_basename (self->path);

  if (self->event_id > 0)
    return g_strdup_printf ("Import attendees from “%s”", base);
  return g_strdup_printf ("Import %s from “%s”", joinery_kind_get_words (self->kind, TRUE), base);
}

JoineryImportReport *
joinery_import_run (JoineryImport *self, JoineryDb *db, JoineryImportProgressFunc progress,
                    gpointer progress_data, GCancellable *cancellable, GError **error)
{
  const JoineryImportHandler *handler = self->event_id > 0 ? &joinery_import_eventbrite_handler
                                                           : &kind_import_handler;
  g_autoptr(JoineryImportReport) report = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(JoineryCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
  JoineryImportRun run = { 0 };
  const char * const *cells;
  guint n_cells;
  guint64 size = 0;
  gint64 last_progress = 0;
  gboolean in_group = FALSE;
  gboolean bulk = FALSE;
  gboolean stopped = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (JOINERY_IS_IMPORT (self), NULL);
  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);

  if (joinery_db_in_group (db))
    {
      g_set_error_literal (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FAILED,
                           "an import cannot run inside another change");
      return NULL;
    }
  if (self->event_id > 0 && !joinery_db_exists (db, joinery_kind_lookup ("event"), self->event_id))
    {
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND,
                   "there is no event #%" G_GINT64_FORMAT, self->event_id);
      return NULL;
    }

  stream = open_file (self->path, &size, cancellable, error);
  if (stream == NULL)
    return NULL;
  reader = joinery_csv_reader_new (stream, self->encoding, self->separator);

  report = g_new0 (JoineryImportReport, 1);
  report->problems = g_ptr_array_new_with_free_func (problem_free);
  report->dry_run = self->dry_run;
  report->undoable = size <= self->bulk_bytes;
  run.import = self;
  run.db = db;
  run.report = report;
  run.statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);

  /* The header. */
  run.row = 1;
  if (!joinery_csv_reader_next (reader, &cells, &n_cells, cancellable, &local_error))
    {
      if (local_error == NULL)
        joinery_import_run_add_problem (&run, 0, NULL, "the file is empty: there is not even a header row");
      else if (local_error->domain == JOINERY_EXCHANGE_ERROR)
        add_reader_problem (&run, reader, local_error);
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
      ok = TRUE;
      goto out;
    }
  run.headers = g_strdupv ((char **) cells);
  run.n_headers = n_cells;
  if (self->mapping == NULL && self->event_id == 0)
    self->mapping = joinery_import_mapping_guess (self->kind, cells, n_cells);

  if (!handler->prepare (&run, error))
    goto out;
  if (report->n_problems > 0)
    {
      ok = TRUE;
      goto out;
    }

  label = dup_group_label (self);
  if (!joinery_db_begin (db, label, report->undoable ? JOINERY_GROUP_DEFAULT : JOINERY_GROUP_NO_UNDO, error))
    goto out;
  in_group = TRUE;
  /* In bulk, the records made are audited by one row (see migration 6);
   * those updated keep a row each, with their values before and after. */
  bulk = !report->undoable && handler == &kind_import_handler;
  if (bulk)
    joinery_db_set_compact_audit (db, self->kind);
  if (bulk && (!defer_matching (&run, error) || !drop_indexes (&run, dropped, error)))
    goto out;

  for (;;)
    {
      if (!joinery_csv_reader_next (reader, &cells, &n_cells, cancellable, &local_error))
        break;
      run.row = joinery_csv_reader_get_row (reader);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (is_empty_row (cells, n_cells))
        continue;
      report->rows++;
      /* Named at the first cell too many, or the first missing. */
      if (n_cells != run.n_headers)
        joinery_import_run_add_problem (&run, MIN (n_cells, run.n_headers) + 1, NULL,
                                        "the row has %u %s where the header has %u; "
                                        "is a separator missing or one too many?", n_cells,
                                        n_cells == 1 ? "cell" : "cells", run.n_headers);
      else if (!handler->row (&run, cells, &local_error))
        {
          /* After a failed write the core refuses the rest of a bulk
           * group: the problem already listed says why. */
          if (report->n_problems == 0 || local_error->domain != JOINERY_DB_ERROR ||
              local_error->code != JOINERY_DB_ERROR_FAILED)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto out;
            }
          joinery_import_run_add_problem (&run, 0, NULL, "the import stopped at this row after the "
                                          "problem before: %s", local_error->message);
          g_clear_error (&local_error);
          stopped = TRUE;
          break;
        }
      report_progress (&run, reader, size, progress, progress_data, &last_progress, FALSE);
    }
  if (local_error != NULL)
    {
      if (local_error->domain != JOINERY_EXCHANGE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
      add_reader_problem (&run, reader, local_error);
    }
  report_progress (&run, reader, size, progress, progress_data, &last_progress, TRUE);

  if (report->n_problems == 0 && !self->dry_run && !make_indexes (&run, dropped, error))
    goto out;
  /* After the indexes, whose sorted keys it reads when they were made. */
  if (bulk && !stopped && ((KindImport *) run.data)->match_later && !find_duplicates (&run, error))
    goto out;
  if (bulk && report->n_problems == 0 && !self->dry_run && report->created + report->updated > 0)
    {
      g_autofree char *base = g_path_get_basename (self->path);
      if (!joinery_db_audit_import (db, base, report->rows, report->updated, error))
        goto out;
    }
  in_group = FALSE;
  if (report->n_problems > 0 || self->dry_run)
    joinery_db_rollback (db);
  else if (!joinery_db_commit (db, error))
    goto out;
  else
    {
      report->committed = TRUE;
      /* A bulk import that only made records can be undone (by removing
       * them): then it is the step undo would take. */
      if (bulk)
        {
          g_autofree char *undo_label = joinery_db_dup_undo_label (db);
          report->undoable = report->created > 0 && report->updated == 0 && undo_label != NULL &&
                              g_str_equal (undo_label, label);
        }
    }
  ok = TRUE;

out:
  if (in_group)
    joinery_db_rollback (db);
  if (run.data != NULL)
    handler->clear (&run);
  g_strfreev (run.headers);
  g_hash_table_unref (run.statements);
  return ok ? g_steal_pointer (&report) : NULL;
}

/* In a thread */

typedef struct {
  char                      *db_path;
  JoineryImportProgressFunc  progress;
  gpointer                   progress_data;
  GDestroyNotify             progress_data_free;
  GMainContext              *context;
} AsyncRun;

typedef struct {
  JoineryImportProgress      progress;
  AsyncRun                  *async;
  GTask                     *task;
} ProgressMessage;

static void
async_run_free (gpointer data)
{
  AsyncRun *async = data;

  g_free (async->db_path);
  if (async->progress_data_free != NULL)
    async->progress_data_free (async->progress_data);
  g_main_context_unref (async->context);
  g_free (async);
}

static void
progress_message_free (gpointer data)
{
  ProgressMessage *message = data;
  g_object_unref (message->task);
  g_free (message);
}

static gboolean
deliver_progress (gpointer data)
{
  ProgressMessage *message = data;
  message->async->progress (&message->progress, message->async->progress_data);
  return G_SOURCE_REMOVE;
}

/* In the worker thread: hand the figures to the caller's context. The
 * message holds the task, which holds the AsyncRun, so that neither goes
 * before the last message is delivered. */
static void
forward_progress (const JoineryImportProgress *progress, gpointer data)
{
  GTask *task = data;
  AsyncRun *async = g_task_get_task_data (task);
  ProgressMessage *message = g_new0 (ProgressMessage, 1);

  message->progress = *progress;
  message->async = async;
  message->task = g_object_ref (task);
  g_main_context_invoke_full (async->context, G_PRIORITY_DEFAULT, deliver_progress, message,
                              progress_message_free);
}

static void
run_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  JoineryImport *self = source;
  AsyncRun *async = task_data;
  g_autoptr(JoineryDb) db = NULL;
  GError *error = NULL;
  JoineryImportReport *report;

  db = joinery_db_open (async->db_path, JOINERY_DB_OPEN_DEFAULT, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  joinery_db_set_source (db, "gui");
  report = joinery_import_run (self, db, async->progress != NULL ? forward_progress : NULL, task,
                               cancellable, &error);
  g_clear_object (&db);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) joinery_import_report_free);
}

void
joinery_import_run_async (JoineryImport *self, const char *db_path, JoineryImportProgressFunc progress,
                          gpointer progress_data, GDestroyNotify progress_data_free,
                          GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncRun *async;

  g_return_if_fail (JOINERY_IS_IMPORT (self));
  g_return_if_fail (db_path != NULL);

  async = g_new0 (AsyncRun, 1);
  async->db_path = g_strdup (db_path);
  async->progress = progress;
  async->progress_data = progress_data;
  async->progress_data_free = progress_data_free;
  async->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, joinery_import_run_async);
  g_task_set_task_data (task, async, async_run_free);
  /* The worker yields to the thread that draws the window: a long import
   * must not keep the main loop from its turn on a busy machine. */
  joinery_background_run (task, run_in_thread);
}

JoineryImportReport *
joinery_import_run_finish (JoineryImport *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
