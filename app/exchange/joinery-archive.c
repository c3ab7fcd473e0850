/* joinery-archive.c: the whole database to one JSON file, and back.
 *
 * Writing is one record at a time (joinery_db_list_foreach). Reading is
 * one record at a time too: json-glib parses a document whole, so a small
 * scanner here walks the archive's outer structure and cuts out each
 * record's object, which json-glib then parses alone. Values are written
 * as JSON types that hold them exactly (integers for ids, pence and
 * numbers; doubles printed to round-trip; text as is) and set back without
 * the parsing meant for what people type, so a restored record is the
 * record that was archived.
 *
 * Two kinds refer to themselves (an area is part of an area, a task may be
 * about a task): such a record waits until the record it refers to is
 * restored, whatever their order in the file.
 */
#include "config.h"

#include "joinery-archive.h"
#include "joinery-export-private.h"
#include "joinery-exchange-error.h"
#include "joinery-error.h"
#include "joinery-value.h"

#include <string.h>
#include <json-glib/json-glib.h>

#define CHUNK_BYTES        (64 * 1024)
#define MAX_VALUE_BYTES    (16 * 1024 * 1024)
#define PROGRESS_INTERVAL_US (100 * 1000)

/* Writing */

typedef struct {
  GOutputStream *out;
  GCancellable  *cancellable;
  GString       *buffer;
  guint64        n_records;
  gboolean       first;
} Writer;

static gboolean
flush_writer (Writer *w, gboolean force, GError **error)
{
  gboolean ok = TRUE;

  if (w->buffer->len == 0 || (!force && w->buffer->len < 64 * 1024))
    return TRUE;
  ok = g_output_stream_write_all (w->out, w->buffer->str, w->buffer->len, NULL, w->cancellable, error);
  g_string_truncate (w->buffer, 0);
  return ok;
}

void
joinery_archive_add_field_value (JsonBuilder *builder, JoineryRecord *record, const JoineryField *f)
{
  switch (f->type)
    {
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
    case JOINERY_FIELD_DATE:
    case JOINERY_FIELD_TIME:
    case JOINERY_FIELD_CHOICE:
      json_builder_add_string_value (builder, joinery_record_get_text (record, f->name));
      break;
    case JOINERY_FIELD_BOOLEAN:
      json_builder_add_boolean_value (builder, joinery_record_get_integer (record, f->name) != 0);
      break;
    case JOINERY_FIELD_REAL:
      json_builder_add_double_value (builder, joinery_record_get_real (record, f->name));
      break;
    case JOINERY_FIELD_LINK:
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, joinery_record_get_link_kind (record, f->name));
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, joinery_record_get_integer (record, f->name));
      json_builder_end_object (builder);
      break;
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_MONEY:
    case JOINERY_FIELD_REFERENCE:
    default:
      json_builder_add_int_value (builder, joinery_record_get_integer (record, f->name));
      break;
    }
}

static JsonNode *
record_to_node (JoineryRecord *record)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, joinery_record_get_id (record));
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, joinery_record_get_created_at (record));
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_string_value (builder, joinery_record_get_updated_at (record));
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];

      if (joinery_record_is_null (record, f->name))
        continue;
      json_builder_set_member_name (builder, f->name);
      joinery_archive_add_field_value (builder, record, f);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
write_record (JoineryRecord *record, gpointer data, GError **error)
{
  Writer *w = data;
  g_autoptr(JsonNode) node = record_to_node (record);
  g_autofree char *text = json_to_string (node, FALSE);

  if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
    return FALSE;
  g_string_append (w->buffer, w->first ? "\n" : ",\n");
  g_string_append (w->buffer, text);
  w->first = FALSE;
  w->n_records++;
  return flush_writer (w, FALSE, error);
}

gboolean
joinery_archive_export (JoineryDb *db, GOutputStream *out, guint64 *n_records,
                        GCancellable *cancellable, GError **error)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  g_autofree char *now = joinery_now_timestamp ();
  Writer w = { out, cancellable, g_string_sized_new (128 * 1024), 0, TRUE };
  gboolean ok = TRUE;

  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  g_string_append_printf (w.buffer, "{\n\"format\": \"%s\",\n\"version\": %d,\n\"schema\": %u,\n"
                          "\"exported_at\": \"%s\",\n\"records\": {", JOINERY_ARCHIVE_FORMAT,
                          JOINERY_ARCHIVE_VERSION, joinery_db_get_version (db), now);
  for (guint k = 0; ok && kinds[k] != NULL; k++)
    {
      g_autoptr(JoineryQuery) query = joinery_query_new (kinds[k]);

      /* By id: the order they were made in, which is the order a record's
       * references were made in too, self-references apart. */
      ok = joinery_query_set_sort (query, "id", FALSE, error);
      g_string_append_printf (w.buffer, "%s\n\"%s\": [", k > 0 ? "," : "", kinds[k]->name);
      w.first = TRUE;
      ok = ok && joinery_db_list_foreach (db, kinds[k], query, write_record, &w, error);
      g_string_append (w.buffer, w.first ? "]" : "\n]");
    }
  if (ok)
    {
      g_string_append (w.buffer, "\n}\n}\n");
      ok = flush_writer (&w, TRUE, error);
    }
  g_string_free (w.buffer, TRUE);
  if (ok && n_records != NULL)
    *n_records = w.n_records;
  return ok;
}

typedef struct {
  JoineryDb *db;
  guint64    n_records;
} ArchiveFile;

static gboolean
write_archive_cb (GOutputStream *out, gpointer data, GCancellable *cancellable, GError **error)
{
  ArchiveFile *file = data;
  return joinery_archive_export (file->db, out, &file->n_records, cancellable, error);
}

gboolean
joinery_archive_export_to_file (JoineryDb *db, const char *path, guint64 *n_records,
                                GCancellable *cancellable, GError **error)
{
  ArchiveFile file = { db, 0 };

  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!joinery_export_write_file (path, write_archive_cb, &file, cancellable, error))
    return FALSE;
  if (n_records != NULL)
    *n_records = file.n_records;
  return TRUE;
}

/* Reading: a scanner of the archive's outer structure */

typedef struct {
  GInputStream *in;
  GCancellable *cancellable;
  guint8       *buffer;
  gsize         length;
  gsize         pos;
  gboolean      eof;
  guint64       offset;   /* bytes consumed before the buffer */
  guint64       line;
} Scanner;

static gboolean
syntax_error (Scanner *s, GError **error, const char *what)
{
  g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_SYNTAX,
               "line %" G_GUINT64_FORMAT ": %s: this is not a Joinery archive, or it is damaged",
               s->line, what);
  return FALSE;
}

/* The next byte, without taking it; -1 at the end, -2 on a read error. */
static int
peek (Scanner *s, GError **error)
{
  if (s->pos == s->length)
    {
      gsize n = 0;

      if (s->eof)
        return -1;
      s->offset += s->length;
      if (!g_input_stream_read_all (s->in, s->buffer, CHUNK_BYTES, &n, s->cancellable, error))
        return -2;
      s->length = n;
      s->pos = 0;
      if (n < CHUNK_BYTES)
        s->eof = TRUE;
      if (n == 0)
        return -1;
    }
  return s->buffer[s->pos];
}

static int
take (Scanner *s, GError **error)
{
  int c = peek (s, error);
  if (c >= 0)
    {
      s->pos++;
      if (c == '\n')
        s->line++;
    }
  return c;
}

static int
skip_space (Scanner *s, GError **error)
{
  int c;

  while ((c = peek (s, error)) == ' ' || c == '\t' || c == '\r' || c == '\n')
    take (s, error);
  return c;
}

static gboolean
expect (Scanner *s, char wanted, GError **error)
{
  int c = skip_space (s, error);
  char what[32];

  if (c == -2)
    return FALSE;
  if (c == -1)
    return syntax_error (s, error, "the file ends too soon");
  if (c != wanted)
    {
      g_snprintf (what, sizeof what, "“%c” expected", wanted);
      return syntax_error (s, error, what);
    }
  take (s, error);
  return TRUE;
}

/* One JSON value's text, whole: an object or array with everything in it,
 * a string with its quotes, a number or a word. */
static gboolean
cut_value (Scanner *s, GString *out, GError **error)
{
  int depth = 0;
  gboolean in_string = FALSE, escaped = FALSE;
  int c = skip_space (s, error);

  g_string_truncate (out, 0);
  if (c == -2)
    return FALSE;
  if (c < 0)
    return syntax_error (s, error, "the file ends too soon");

  for (;;)
    {
      c = peek (s, error);
      if (c == -2)
        return FALSE;
      if (c < 0)
        {
          if (depth == 0 && !in_string && out->len > 0)
            return TRUE;
          return syntax_error (s, error, "the file ends inside a value");
        }
      if (!in_string && depth == 0 && out->len > 0 && out->str[0] != '"' &&
          strchr (",}] \t\r\n", c) != NULL)
        return TRUE;
      take (s, error);
      g_string_append_c (out, (char) c);
      if (out->len > MAX_VALUE_BYTES)
        return syntax_error (s, error, "a record longer than 16 MiB");
      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            {
              in_string = FALSE;
              if (depth == 0)
                return TRUE;
            }
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (--depth < 0)
            return syntax_error (s, error, "a bracket closed that was not open");
          if (depth == 0)
            return TRUE;
        }
    }
}

static JsonNode *
parse_value (Scanner *s, GString *text, GError **error)
{
  JsonNode *node;
  GError *local_error = NULL;

  if (!cut_value (s, text, error))
    return NULL;
  node = json_from_string (text->str, &local_error);
  if (node == NULL)
    {
      /* json-glib gives no error for text without a value (blank). */
      g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_SYNTAX,
                   "line %" G_GUINT64_FORMAT ": %s", s->line,
                   local_error != NULL ? local_error->message : "a value expected");
      g_clear_error (&local_error);
    }
  return node;
}

static char *
read_key (Scanner *s, GString *text, GError **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (skip_space (s, error) != '"')
    {
      syntax_error (s, error, "a name in quotes expected");
      return NULL;
    }
  node = parse_value (s, text, error);
  if (node == NULL)
    return NULL;
  if (!expect (s, ':', error))
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* Reading: records */

typedef struct {
  JoineryDb                  *db;
  Scanner                     scanner;
  guint64                     size;
  JoineryArchiveProgressFunc  progress;
  gpointer                    progress_data;
  gint64                      last_progress;
  guint64                     n_records;
  const JoineryKind          *kind;
  GHashTable                 *waiting;  /* id it waits for → GPtrArray of JoineryRecord */
  guint                       n_waiting;
} Restore;

static gboolean
record_error (const JoineryKind *kind, gint64 id, GError **error, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static gboolean
record_error (const JoineryKind *kind, gint64 id, GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_SYNTAX, "%s #%" G_GINT64_FORMAT ": %s",
               kind->name, id, message);
  return FALSE;
}

static gboolean
set_value (JoineryRecord *record, const JoineryField *f, JsonNode *node, GError **error)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  gint64 id = joinery_record_get_id (record);
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (f->type)
    {
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
    case JOINERY_FIELD_DATE:
    case JOINERY_FIELD_TIME:
    case JOINERY_FIELD_CHOICE:
      if (type != G_TYPE_STRING)
        return record_error (kind, id, error, "%s is not text", f->name);
      joinery_record_set_text (record, f->name, json_node_get_string (node));
      return TRUE;
    case JOINERY_FIELD_BOOLEAN:
      if (type != G_TYPE_BOOLEAN)
        return record_error (kind, id, error, "%s is not true or false", f->name);
      joinery_record_set_integer (record, f->name, json_node_get_boolean (node) ? 1 : 0);
      return TRUE;
    case JOINERY_FIELD_REAL:
      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        return record_error (kind, id, error, "%s is not a number", f->name);
      joinery_record_set_real (record, f->name, json_node_get_double (node));
      return TRUE;
    case JOINERY_FIELD_LINK:
      {
        JsonObject *link = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        JsonNode *link_kind = link != NULL ? json_object_get_member (link, "kind") : NULL;
        JsonNode *link_id = link != NULL ? json_object_get_member (link, "id") : NULL;
        const JoineryKind *target;

        if (link_kind == NULL || link_id == NULL || !JSON_NODE_HOLDS_VALUE (link_kind) ||
            !JSON_NODE_HOLDS_VALUE (link_id) || json_node_get_value_type (link_kind) != G_TYPE_STRING ||
            json_node_get_value_type (link_id) != G_TYPE_INT64 ||
            (target = joinery_kind_lookup (json_node_get_string (link_kind))) == NULL)
          return record_error (kind, id, error, "%s is not a link ({\"kind\": …, \"id\": …})", f->name);
        joinery_record_set_link (record, f->name, target->name, json_node_get_int (link_id));
        return TRUE;
      }
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_MONEY:
    case JOINERY_FIELD_REFERENCE:
    default:
      if (type != G_TYPE_INT64)
        return record_error (kind, id, error, "%s is not a whole number", f->name);
      joinery_record_set_integer (record, f->name, json_node_get_int (node));
      return TRUE;
    }
}

static JoineryRecord *
node_to_record (const JoineryKind *kind, JsonNode *node, GError **error)
{
  g_autoptr(JoineryRecord) record = joinery_record_new (kind);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *id_node = object != NULL ? json_object_get_member (object, "id") : NULL;
  g_autoptr(GList) members = NULL;
  const char *created, *updated;

  if (id_node == NULL || !JSON_NODE_HOLDS_VALUE (id_node) || json_node_get_value_type (id_node) != G_TYPE_INT64 ||
      json_node_get_int (id_node) <= 0)
    {
      g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_SYNTAX,
                   "a %s without an id", joinery_kind_get_words (kind, FALSE));
      return NULL;
    }
  joinery_record_set_id (record, json_node_get_int (id_node));
  created = json_object_get_string_member_with_default (object, "created_at", NULL);
  updated = json_object_get_string_member_with_default (object, "updated_at", NULL);
  if (created == NULL || updated == NULL)
    {
      record_error (kind, json_node_get_int (id_node), error, "its created_at and updated_at are missing");
      return NULL;
    }
  joinery_record_set_timestamps (record, created, updated);

  /* What the archive leaves out is empty, whatever a new record's default. */
  for (guint i = 0; i < kind->n_fields; i++)
    joinery_record_set_null (record, kind->fields[i].name);
  members = json_object_get_members (object);
  for (GList *m = members; m != NULL; m = m->next)
    {
      const char *name = m->data;
      const JoineryField *f;

      if (g_str_equal (name, "id") || g_str_equal (name, "created_at") || g_str_equal (name, "updated_at"))
        continue;
      f = joinery_kind_get_field (kind, name);
      if (f == NULL)
        {
          record_error (kind, joinery_record_get_id (record), error, "%s is not a field of %s", name,
                        kind->label_plural);
          return NULL;
        }
      if (!JSON_NODE_HOLDS_NULL (json_object_get_member (object, name)) &&
          !set_value (record, f, json_object_get_member (object, name), error))
        return NULL;
    }
  return g_steal_pointer (&record);
}

/* The id of a record of its own kind this one refers to and that is not
 * there yet, or 0. */
static gint64
missing_self_reference (Restore *r, JoineryRecord *record)
{
  const JoineryKind *kind = joinery_record_get_kind (record);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      gint64 target;

      if (joinery_record_is_null (record, f->name))
        continue;
      if ((f->type == JOINERY_FIELD_REFERENCE && g_str_equal (f->ref_kind, kind->name)) ||
          (f->type == JOINERY_FIELD_LINK && g_str_equal (joinery_record_get_link_kind (record, f->name), kind->name)))
        {
          target = joinery_record_get_integer (record, f->name);
          if (target != joinery_record_get_id (record) && !joinery_db_exists (r->db, kind, target))
            return target;
        }
    }
  return 0;
}

static gboolean
restore_one (Restore *r, JoineryRecord *record, GError **error)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  gint64 id = joinery_record_get_id (record);
  g_autoptr(GPtrArray) ready = NULL;
  g_autofree gpointer stolen_key = NULL;
  gint64 waits_for = missing_self_reference (r, record);
  GError *local_error = NULL;

  if (waits_for > 0)
    {
      GPtrArray *list = g_hash_table_lookup (r->waiting, &waits_for);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (r->waiting, g_memdup2 (&waits_for, sizeof waits_for), list);
        }
      g_ptr_array_add (list, g_object_ref (record));
      r->n_waiting++;
      return TRUE;
    }

  if (!joinery_db_restore (r->db, record, &local_error))
    {
      g_set_error (error, local_error->domain == JOINERY_VALIDATION_ERROR ? JOINERY_EXCHANGE_ERROR
                                                                          : local_error->domain,
                   local_error->domain == JOINERY_VALIDATION_ERROR ? JOINERY_EXCHANGE_ERROR_FAILED
                                                                   : local_error->code,
                   "%s #%" G_GINT64_FORMAT ": %s", kind->name, id, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  r->n_records++;

  /* Those that waited for this one. */
  if (g_hash_table_steal_extended (r->waiting, &id, &stolen_key, (gpointer *) &ready))
    for (guint i = 0; i < ready->len; i++)
      {
        r->n_waiting--;
        if (!restore_one (r, ready->pdata[i], error))
          return FALSE;
      }
  return TRUE;
}

static gboolean
finish_kind (Restore *r, GError **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (r->kind == NULL || r->n_waiting == 0)
    return TRUE;
  g_hash_table_iter_init (&iter, r->waiting);
  if (g_hash_table_iter_next (&iter, &key, &value))
    {
      JoineryRecord *record = g_ptr_array_index ((GPtrArray *) value, 0);
      return record_error (r->kind, joinery_record_get_id (record), error,
                           "refers to %s #%" G_GINT64_FORMAT ", which the archive does not hold",
                           r->kind->name, *(gint64 *) key);
    }
  return TRUE;
}

static void
report_restore_progress (Restore *r, gboolean force)
{
  gint64 now;

  if (r->progress == NULL)
    return;
  now = g_get_monotonic_time ();
  if (!force && now - r->last_progress < PROGRESS_INTERVAL_US)
    return;
  r->last_progress = now;
  r->progress (r->scanner.offset + r->scanner.pos, r->size, r->progress_data);
}

static gboolean
read_records (Restore *r, GString *text, GError **error)
{
  Scanner *s = &r->scanner;
  int c;

  if (!expect (s, '{', error))
    return FALSE;
  if ((c = skip_space (s, error)) == '}')
    return take (s, error) >= 0;

  for (;;)
    {
      g_autofree char *name = read_key (s, text, error);
      const JoineryKind *kind;
      guint position;

      if (name == NULL)
        return FALSE;
      kind = joinery_kind_lookup (name);
      if (kind == NULL || !g_str_equal (kind->name, name))
        return syntax_error (s, error, "records of an unknown kind");
      if (!finish_kind (r, error))
        return FALSE;
      g_hash_table_remove_all (r->waiting);
      r->n_waiting = 0;
      r->kind = kind;

      if (!expect (s, '[', error))
        return FALSE;
      c = skip_space (s, error);
      for (position = 0; c != ']'; position++)
        {
          g_autoptr(JsonNode) node = NULL;
          g_autoptr(JoineryRecord) record = NULL;

          if (position > 0 && !expect (s, ',', error))
            return FALSE;
          if (g_cancellable_set_error_if_cancelled (s->cancellable, error))
            return FALSE;
          node = parse_value (s, text, error);
          if (node == NULL)
            return FALSE;
          record = node_to_record (kind, node, error);
          if (record == NULL || !restore_one (r, record, error))
            return FALSE;
          report_restore_progress (r, FALSE);
          c = skip_space (s, error);
          if (c < 0)
            return c == -2 ? FALSE : syntax_error (s, error, "the file ends inside a list of records");
          if (c != ',' && c != ']')
            return syntax_error (s, error, "“,” or “]” expected");
        }
      take (s, error);
      if (!finish_kind (r, error))
        return FALSE;

      c = skip_space (s, error);
      if (c == '}')
        return take (s, error) >= 0;
      if (!expect (s, ',', error))
        return FALSE;
    }
}

static gboolean
database_is_empty (JoineryDb *db, GError **error)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      gint64 count = 0;
      if (!joinery_db_count (db, kinds[k], NULL, &count, error))
        return FALSE;
      if (count > 0)
        {
          g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_NOT_EMPTY,
                       "“%s” already holds records (%" G_GINT64_FORMAT " %s); an archive is restored "
                       "into a new, empty database", joinery_db_get_path (db), count,
                       joinery_kind_get_words (kinds[k], count != 1));
          return FALSE;
        }
    }
  return TRUE;
}

static void
free_waiting (gpointer data)
{
  g_ptr_array_unref (data);
}

gboolean
joinery_archive_import (JoineryDb *db, GInputStream *in, guint64 size,
                        JoineryArchiveProgressFunc progress, gpointer progress_data,
                        guint64 *n_records, GCancellable *cancellable, GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *format = NULL;
  gint64 version = 0, schema = 0;
  Restore r = { 0 };
  gboolean ok = FALSE, records_read = FALSE;
  int c;

  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (in), FALSE);

  if (joinery_db_in_group (db))
    {
      g_set_error_literal (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FAILED,
                           "an archive cannot be restored inside another change");
      return FALSE;
    }
  if (!database_is_empty (db, error))
    return FALSE;

  r.db = db;
  r.size = size;
  r.progress = progress;
  r.progress_data = progress_data;
  r.scanner.in = in;
  r.scanner.cancellable = cancellable;
  r.scanner.buffer = g_malloc (CHUNK_BYTES);
  r.scanner.line = 1;
  r.waiting = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, free_waiting);

  if (!joinery_db_begin (db, "Restore an archive", JOINERY_GROUP_NO_UNDO, error))
    goto out;

  if (!expect (&r.scanner, '{', error))
    goto rollback;
  for (;;)
    {
      g_autofree char *key = read_key (&r.scanner, text, error);
      g_autoptr(JsonNode) value = NULL;

      if (key == NULL)
        goto rollback;
      if (g_str_equal (key, "records"))
        {
          if (g_strcmp0 (format, JOINERY_ARCHIVE_FORMAT) != 0 || version != JOINERY_ARCHIVE_VERSION)
            {
              g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FORMAT,
                           "this is not a Joinery archive of version %d (its header is missing or "
                           "names another format)", JOINERY_ARCHIVE_VERSION);
              goto rollback;
            }
          if (!read_records (&r, text, error))
            goto rollback;
          records_read = TRUE;
        }
      else
        {
          value = parse_value (&r.scanner, text, error);
          if (value == NULL)
            goto rollback;
          if (JSON_NODE_HOLDS_VALUE (value) && g_str_equal (key, "format") &&
              json_node_get_value_type (value) == G_TYPE_STRING)
            {
              g_free (format);
              format = g_strdup (json_node_get_string (value));
            }
          else if (JSON_NODE_HOLDS_VALUE (value) && g_str_equal (key, "version"))
            version = json_node_get_int (value);
          else if (JSON_NODE_HOLDS_VALUE (value) && g_str_equal (key, "schema"))
            {
              schema = json_node_get_int (value);
              if (schema < 1 || schema > (gint64) joinery_db_latest_version ())
                {
                  g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FORMAT,
                               "the archive was written by a newer version of Joinery (schema %"
                               G_GINT64_FORMAT "; this version knows up to %u)", schema,
                               joinery_db_latest_version ());
                  goto rollback;
                }
            }
        }
      c = skip_space (&r.scanner, error);
      if (c == '}')
        {
          take (&r.scanner, error);
          break;
        }
      if (!expect (&r.scanner, ',', error))
        goto rollback;
    }
  c = skip_space (&r.scanner, error);
  if (c == -2)
    goto rollback;
  if (c != -1)
    {
      syntax_error (&r.scanner, error, "text after the end of the archive");
      goto rollback;
    }
  if (!records_read)
    {
      g_set_error_literal (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FORMAT,
                           "this is not a Joinery archive: it holds no records");
      goto rollback;
    }
  if (!joinery_db_commit (db, error))
    goto out;
  report_restore_progress (&r, TRUE);
  if (n_records != NULL)
    *n_records = r.n_records;
  ok = TRUE;
  goto out;

rollback:
  joinery_db_rollback (db);
out:
  g_free (r.scanner.buffer);
  g_hash_table_unref (r.waiting);
  return ok;
}

gboolean
joinery_archive_import_file (JoineryDb *db, const char *path, JoineryArchiveProgressFunc progress,
                             gpointer progress_data, guint64 *n_records, GCancellable *cancellable,
                             GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;

  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    {
      g_prefix_error (error, "cannot read “%s”: ", path);
      return FALSE;
    }
  info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  return joinery_archive_import (db, G_INPUT_STREAM (in), info != NULL ? (guint64) g_file_info_get_size (info) : 0,
                                 progress, progress_data, n_records, cancellable, error);
}
