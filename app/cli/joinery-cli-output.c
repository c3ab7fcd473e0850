/* joinery-cli-output.c: how the command line writes — aligned tables for
 * people, CSV for spreadsheets, JSON for scripts.
 *
 * Everything is written as UTF-8 bytes with fputs: GLib's g_print would
 * convert to the locale's charset and print “£” as “?” under LANG=C. The
 * machine formats carry every field in the form that parses back
 * (joinery_record_dup_string); the table shows the form people read
 * (joinery_record_format_value). CSV cells that a spreadsheet would run as
 * a formula are defused with a leading quote, since exports are opened by
 * people who never asked to run anything.
 */
#include "joinery-cli-private.h"
#include "joinery-archive.h"

#include <string.h>

#define TABLE_CELL_MAX 40

void
joinery_cli_output_puts (FILE *stream, const char *text)
{
  fputs (text, stream);
}

void
joinery_cli_output_printf (FILE *stream, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fputs (text, stream);
}

/* One line of valid UTF-8 for a table cell: line breaks and other control
 * characters become spaces, and more than `max_chars` characters (0: no
 * limit) are cut with an ellipsis. */
char *
joinery_cli_output_clean (const char *text, guint max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n = 0;
  glong length;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  length = g_utf8_strlen (valid, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (max_chars > 0 && length > (glong) max_chars && n == max_chars - 1)
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Columns on a terminal: wide (East Asian) characters take two, combining
 * marks none. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* Tables */

struct _JoineryCliTable
{
  guint      cell_limit; /* characters; 0: none */
  GPtrArray *headings;
  GArray    *right_aligned;
  GPtrArray *rows;      /* of char ** with one cell per column */
};

JoineryCliTable *
joinery_cli_table_new (void)
{
  JoineryCliTable *table = g_new0 (JoineryCliTable, 1);

  table->cell_limit = TABLE_CELL_MAX;
  table->headings = g_ptr_array_new_with_free_func (g_free);
  table->right_aligned = g_array_new (FALSE, FALSE, sizeof (gboolean));
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return table;
}

void
joinery_cli_table_free (JoineryCliTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->headings);
  g_array_unref (table->right_aligned);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

void
joinery_cli_table_set_cell_limit (JoineryCliTable *table, guint max_chars)
{
  table->cell_limit = max_chars;
}

void
joinery_cli_table_add_column (JoineryCliTable *table, const char *heading, gboolean right_aligned)
{
  g_ptr_array_add (table->headings, joinery_cli_output_clean (heading, 0));
  g_array_append_val (table->right_aligned, right_aligned);
}

void
joinery_cli_table_add_row (JoineryCliTable *table, char **cells)
{
  char **row = g_new0 (char *, table->headings->len + 1);

  for (guint i = 0; i < table->headings->len; i++)
    {
      row[i] = joinery_cli_output_clean (cells[i], table->cell_limit);
      g_free (cells[i]);
    }
  g_free (cells);
  g_ptr_array_add (table->rows, row);
}

static void
append_cell (GString *line, const char *text, guint width, gboolean right, gboolean last)
{
  guint pad = width - display_width (text);

  if (right)
    {
      for (guint i = 0; i < pad; i++)
        g_string_append_c (line, ' ');
      g_string_append (line, text);
    }
  else
    {
      g_string_append (line, text);
      /* No spaces trail the last column. */
      for (guint i = 0; i < pad && !last; i++)
        g_string_append_c (line, ' ');
    }
}

void
joinery_cli_table_print (JoineryCliTable *table, FILE *stream)
{
  guint n_columns = table->headings->len;
  g_autofree guint *widths = g_new0 (guint, n_columns);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint c = 0; c < n_columns; c++)
    {
      widths[c] = display_width (table->headings->pdata[c]);
      for (guint r = 0; r < table->rows->len; r++)
        widths[c] = MAX (widths[c], display_width (((char **) table->rows->pdata[r])[c]));
    }

  for (guint c = 0; c < n_columns; c++)
    {
      append_cell (line, table->headings->pdata[c], widths[c],
                   g_array_index (table->right_aligned, gboolean, c), c + 1 == n_columns);
      if (c + 1 < n_columns)
        g_string_append (line, "  ");
    }
  g_string_append_c (line, '\n');
  for (guint c = 0; c < n_columns; c++)
    {
      for (guint i = 0; i < widths[c]; i++)
        g_string_append_c (line, '-');
      if (c + 1 < n_columns)
        g_string_append (line, "  ");
    }
  g_string_append_c (line, '\n');
  fputs (line->str, stream);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = table->rows->pdata[r];

      g_string_truncate (line, 0);
      for (guint c = 0; c < n_columns; c++)
        {
          append_cell (line, row[c], widths[c], g_array_index (table->right_aligned, gboolean, c),
                       c + 1 == n_columns);
          if (c + 1 < n_columns)
            g_string_append (line, "  ");
        }
      /* An empty last cell would leave the separator trailing. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_string_append_c (line, '\n');
      fputs (line->str, stream);
    }
}

/* CSV (RFC 4180) */

static gboolean
is_right_aligned (const JoineryField *field)
{
  return field->type == JOINERY_FIELD_INTEGER || field->type == JOINERY_FIELD_REAL ||
         field->type == JOINERY_FIELD_MONEY;
}

static gboolean
is_text_field (const JoineryField *field)
{
  return field->type == JOINERY_FIELD_TEXT || field->type == JOINERY_FIELD_LONG_TEXT;
}

/* One row, CRLF-terminated. `is_text` (may be NULL) marks the cells holding
 * free text: those are the only ones a person could have typed a formula
 * into, and the only ones where a leading quote changes no value. */
void
joinery_cli_output_csv_row (GString *out, const char * const *cells, guint n_cells,
                            const gboolean *is_text)
{
  for (guint i = 0; i < n_cells; i++)
    {
      const char *cell = cells[i] != NULL ? cells[i] : "";
      gboolean formula = is_text != NULL && is_text[i] && strchr ("=+-@\t\r", cell[0]) != NULL &&
                         cell[0] != '\0';
      gboolean quote = strpbrk (cell, ",\"\r\n") != NULL;

      if (i > 0)
        g_string_append_c (out, ',');
      if (quote)
        g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = cell; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      if (quote)
        g_string_append_c (out, '"');
    }
  g_string_append (out, "\r\n");
}

static void
append_csv_header (GString *out, const JoineryKind *kind)
{
  g_autofree const char **cells = g_new0 (const char *, kind->n_fields + 1);

  cells[0] = "id";
  for (guint i = 0; i < kind->n_fields; i++)
    cells[i + 1] = kind->fields[i].name;
  joinery_cli_output_csv_row (out, cells, kind->n_fields + 1, NULL);
}

static void
append_csv_record (GString *out, JoineryRecord *record)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  char **cells = g_new0 (char *, kind->n_fields + 2);
  g_autofree gboolean *is_text = g_new0 (gboolean, kind->n_fields + 1);

  cells[0] = g_strdup_printf ("%" G_GINT64_FORMAT, joinery_record_get_id (record));
  for (guint i = 0; i < kind->n_fields; i++)
    {
      cells[i + 1] = joinery_record_dup_string (record, kind->fields[i].name);
      if (cells[i + 1] == NULL)
        cells[i + 1] = g_strdup ("");
      is_text[i + 1] = is_text_field (&kind->fields[i]);
    }
  joinery_cli_output_csv_row (out, (const char * const *) cells, kind->n_fields + 1, is_text);
  g_strfreev (cells);
}

void
joinery_cli_output_records_csv (const JoineryKind *kind, GPtrArray *records)
{
  g_autoptr(GString) out = g_string_new (NULL);

  append_csv_header (out, kind);
  for (guint r = 0; r < records->len; r++)
    {
      append_csv_record (out, records->pdata[r]);
      /* Large lists go out as they are made. */
      if (out->len > 65536)
        {
          fwrite (out->str, 1, out->len, stdout);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, stdout);
}

/* The table `joinery list` shows: the id and the kind's listed fields. */
void
joinery_cli_output_records_table (const JoineryKind *kind, GPtrArray *records)
{
  g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  joinery_cli_table_add_column (table, "id", TRUE);
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].flags & JOINERY_FIELD_LISTED)
      {
        g_ptr_array_add (fields, (gpointer) &kind->fields[i]);
        joinery_cli_table_add_column (table, kind->fields[i].label, is_right_aligned (&kind->fields[i]));
      }

  for (guint r = 0; r < records->len; r++)
    {
      JoineryRecord *record = records->pdata[r];
      char **cells = g_new0 (char *, fields->len + 2);

      cells[0] = g_strdup_printf ("%" G_GINT64_FORMAT, joinery_record_get_id (record));
      for (guint i = 0; i < fields->len; i++)
        cells[i + 1] = joinery_record_format_value (record, ((const JoineryField *) fields->pdata[i])->name);
      joinery_cli_table_add_row (table, cells);
    }
  joinery_cli_table_print (table, stdout);
}

/* JSON */

void
joinery_cli_output_record_members (JsonBuilder *builder, JoineryRecord *record)
{
  const JoineryKind *kind = joinery_record_get_kind (record);

  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, joinery_record_get_id (record));
  json_builder_set_member_name (builder, "label");
  if (joinery_record_get_label (record) != NULL)
    json_builder_add_string_value (builder, joinery_record_get_label (record));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "created_at");
  if (joinery_record_get_created_at (record) != NULL)
    json_builder_add_string_value (builder, joinery_record_get_created_at (record));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "updated_at");
  if (joinery_record_get_updated_at (record) != NULL)
    json_builder_add_string_value (builder, joinery_record_get_updated_at (record));
  else
    json_builder_add_null_value (builder);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const JoineryField *f = &kind->fields[i];
      gboolean empty = joinery_record_is_null (record, f->name);

      json_builder_set_member_name (builder, f->name);
      if (empty)
        json_builder_add_null_value (builder);
      else
        joinery_archive_add_field_value (builder, record, f);

      /* The name people see beside the id, so that a script need not look
       * each reference up. */
      if (f->type == JOINERY_FIELD_REFERENCE || f->type == JOINERY_FIELD_LINK)
        {
          g_autofree char *member = g_strconcat (f->name, "_label", NULL);
          const char *label = empty ? NULL : joinery_record_get_reference_label (record, f->name);

          json_builder_set_member_name (builder, member);
          if (label != NULL)
            json_builder_add_string_value (builder, label);
          else
            json_builder_add_null_value (builder);
        }
    }
}

void
joinery_cli_output_record_json (JsonBuilder *builder, JoineryRecord *record)
{
  json_builder_begin_object (builder);
  joinery_cli_output_record_members (builder, record);
  json_builder_end_object (builder);
}

void
joinery_cli_output_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputs ("\n", stdout);
}

void
joinery_cli_output_records_json (GPtrArray *records)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint r = 0; r < records->len; r++)
    joinery_cli_output_record_json (builder, records->pdata[r]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  joinery_cli_output_json (root);
}

void
joinery_cli_output_record (JoineryCli *cli, JoineryRecord *record, const char *verb)
{
  const JoineryKind *kind = joinery_record_get_kind (record);

  switch (cli->format)
    {
    case JOINERY_CLI_FORMAT_CSV:
      {
        g_autoptr(GString) out = g_string_new (NULL);
        append_csv_header (out, kind);
        append_csv_record (out, record);
        fwrite (out->str, 1, out->len, stdout);
      }
      break;
    case JOINERY_CLI_FORMAT_JSON:
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(JsonNode) root = NULL;
        joinery_cli_output_record_json (builder, record);
        root = json_builder_get_root (builder);
        joinery_cli_output_json (root);
      }
      break;
    case JOINERY_CLI_FORMAT_TEXT:
    default:
      {
        g_autofree char *label = joinery_cli_output_clean (joinery_record_get_label (record), 0);
        joinery_cli_output_printf (stdout, "%s %s #%" G_GINT64_FORMAT " “%s”\n", verb, kind->name,
                                   joinery_record_get_id (record), label);
      }
      break;
    }
}

/* Write the rendered output to --output (whole, or not at all) or stdout. */
int
joinery_cli_output_document (JoineryCli *cli, const char *text)
{
  const char *file = joinery_cli_get_option (cli, "output");
  g_autoptr(GError) error = NULL;

  if (file == NULL)
    {
      joinery_cli_output_puts (stdout, text);
      if (*text != '\0' && text[strlen (text) - 1] != '\n')
        joinery_cli_output_puts (stdout, "\n");
      return JOINERY_CLI_EXIT_OK;
    }
  if (!g_file_set_contents (file, text, -1, &error))
    return joinery_cli_fail_message (cli, "cannot write “%s”: %s", file, error->message);
  return JOINERY_CLI_EXIT_OK;
}
