/* joinery-report.c: a report's output as data (see joinery-report.h) —
 * read from the sandbox's JSON and checked, written back as JSON, and
 * rendered as text, CSV, Markdown and HTML.
 *
 * The JSON comes from a process that runs plugin code, so nothing in it
 * is trusted: every member is checked for its type and every cell against
 * its column before the host keeps it.
 */
#include "joinery-report.h"
#include "joinery-script-error.h"
#include "joinery-value.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

struct _JoineryReportOutput {
  gatomicrefcount  ref_count;
  char            *title;
  char            *report_id;
  char            *plugin_id;
  char            *log;
  GPtrArray       *blocks;  /* of JoineryReportBlock */
};

static const char * const column_type_names[] = {
  "text", "integer", "number", "money", "date", "percent", NULL
};
static const char * const chart_kind_names[] = { "bar", "line", "pie", NULL };

G_DEFINE_BOXED_TYPE (JoineryReportOutput, joinery_report_output,
                     joinery_report_output_ref, joinery_report_output_unref)

static void
table_free (JoineryReportTable *table)
{
  if (table == NULL)
    return;
  for (guint i = 0; i < table->n_columns; i++)
    g_free (table->columns[i].name);
  for (gsize i = 0; i < (gsize) table->n_rows * table->n_columns; i++)
    g_free (table->cells[i].text);
  g_free (table->columns);
  g_free (table->cells);
  g_free (table->title);
  g_free (table);
}

static void
block_free (JoineryReportBlock *block)
{
  g_free (block->text);
  table_free (block->table);
  if (block->chart != NULL)
    {
      table_free (block->chart->data);
      g_free (block->chart->title);
      g_free (block->chart->y);
      g_free (block->chart);
    }
  g_free (block);
}

static JoineryReportOutput *
output_new (void)
{
  JoineryReportOutput *output = g_new0 (JoineryReportOutput, 1);

  g_atomic_ref_count_init (&output->ref_count);
  output->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  output->log = g_strdup ("");
  return output;
}

JoineryReportOutput *
joinery_report_output_ref (JoineryReportOutput *output)
{
  g_return_val_if_fail (output != NULL, NULL);
  g_atomic_ref_count_inc (&output->ref_count);
  return output;
}

void
joinery_report_output_unref (JoineryReportOutput *output)
{
  g_return_if_fail (output != NULL);
  if (!g_atomic_ref_count_dec (&output->ref_count))
    return;
  g_ptr_array_unref (output->blocks);
  g_free (output->title);
  g_free (output->report_id);
  g_free (output->plugin_id);
  g_free (output->log);
  g_free (output);
}

const char *
joinery_report_output_get_title (JoineryReportOutput *output)
{
  return output->title;
}

const char *
joinery_report_output_get_report_id (JoineryReportOutput *output)
{
  return output->report_id;
}

const char *
joinery_report_output_get_plugin_id (JoineryReportOutput *output)
{
  return output->plugin_id;
}

const char *
joinery_report_output_get_log (JoineryReportOutput *output)
{
  return output->log;
}

guint
joinery_report_output_get_n_blocks (JoineryReportOutput *output)
{
  return output->blocks->len;
}

const JoineryReportBlock *
joinery_report_output_get_block (JoineryReportOutput *output, guint index)
{
  g_return_val_if_fail (index < output->blocks->len, NULL);
  return output->blocks->pdata[index];
}

void
joinery_report_output_set_log (JoineryReportOutput *output, const char *log)
{
  g_free (output->log);
  output->log = g_strdup (log != NULL ? log : "");
}

void
joinery_report_output_set_source (JoineryReportOutput *output, const char *title,
                                  const char *report_id, const char *plugin_id)
{
  g_free (output->title);
  output->title = g_strdup (title);
  g_free (output->report_id);
  output->report_id = g_strdup (report_id);
  g_free (output->plugin_id);
  output->plugin_id = g_strdup (plugin_id);
}

const JoineryReportCell *
joinery_report_table_get_cell (const JoineryReportTable *table, guint row, guint column)
{
  g_return_val_if_fail (row < table->n_rows && column < table->n_columns, NULL);
  return &table->cells[(gsize) row * table->n_columns + column];
}

gboolean
joinery_report_column_type_is_numeric (JoineryReportColumnType type)
{
  return type == JOINERY_REPORT_COLUMN_INTEGER || type == JOINERY_REPORT_COLUMN_NUMBER ||
         type == JOINERY_REPORT_COLUMN_MONEY || type == JOINERY_REPORT_COLUMN_PERCENT;
}

const char *
joinery_report_column_type_to_string (JoineryReportColumnType type)
{
  return column_type_names[type];
}

/* Reading JSON */

static int
find_name (const char * const *names, const char *name)
{
  for (int i = 0; name != NULL && names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return i;
  return -1;
}

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_iso_date (const char *text)
{
  g_autofree char *iso = NULL;

  return strlen (text) == 10 && joinery_parse_date (text, &iso, NULL) && strcmp (iso, text) == 0;
}

static gboolean
read_cell (JsonNode *node, JoineryReportColumnType type, JoineryReportCell *cell)
{
  GType value_type;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      cell->is_null = TRUE;
      return TRUE;
    }
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  value_type = json_node_get_value_type (node);
  switch (type)
    {
    case JOINERY_REPORT_COLUMN_TEXT:
    case JOINERY_REPORT_COLUMN_DATE:
      if (value_type != G_TYPE_STRING)
        return FALSE;
      if (type == JOINERY_REPORT_COLUMN_DATE && !is_iso_date (json_node_get_string (node)))
        return FALSE;
      cell->text = g_utf8_make_valid (json_node_get_string (node), -1);
      return TRUE;
    case JOINERY_REPORT_COLUMN_INTEGER:
    case JOINERY_REPORT_COLUMN_MONEY:
      if (value_type != G_TYPE_INT64)
        return FALSE;
      cell->integer = json_node_get_int (node);
      return TRUE;
    case JOINERY_REPORT_COLUMN_NUMBER:
    case JOINERY_REPORT_COLUMN_PERCENT:
    default:
      if (value_type == G_TYPE_INT64)
        cell->number = (double) json_node_get_int (node);
      else if (value_type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
        cell->number = json_node_get_double (node);
      else
        return FALSE;
      return TRUE;
    }
}

static JoineryReportTable *
read_table (JsonObject *object, GError **error)
{
  g_autoptr(GPtrArray) cleanup = NULL;
  JoineryReportTable *table = g_new0 (JoineryReportTable, 1);
  JsonNode *columns_node = json_object_get_member (object, "columns");
  JsonNode *rows_node = json_object_get_member (object, "rows");
  JsonArray *columns, *rows;
  const char *title = member_string (object, "title");

  table->title = title != NULL ? g_utf8_make_valid (title, -1) : NULL;
  if (columns_node == NULL || !JSON_NODE_HOLDS_ARRAY (columns_node) ||
      rows_node == NULL || !JSON_NODE_HOLDS_ARRAY (rows_node))
    goto bad;
  columns = json_node_get_array (columns_node);
  rows = json_node_get_array (rows_node);
  if (json_array_get_length (columns) == 0 || json_array_get_length (columns) > 200)
    goto bad;
  table->n_columns = json_array_get_length (columns);
  table->columns = g_new0 (JoineryReportColumn, table->n_columns);
  for (guint i = 0; i < table->n_columns; i++)
    {
      JsonNode *c = json_array_get_element (columns, i);
      const char *name, *type;
      int t;

      if (!JSON_NODE_HOLDS_OBJECT (c))
        goto bad;
      name = member_string (json_node_get_object (c), "name");
      type = member_string (json_node_get_object (c), "type");
      if (name == NULL || (t = find_name (column_type_names, type)) < 0)
        goto bad;
      table->columns[i].name = g_utf8_make_valid (name, -1);
      table->columns[i].type = (JoineryReportColumnType) t;
    }
  table->n_rows = json_array_get_length (rows);
  table->cells = g_new0 (JoineryReportCell, (gsize) table->n_rows * table->n_columns);
  for (guint r = 0; r < table->n_rows; r++)
    {
      JsonNode *row_node = json_array_get_element (rows, r);
      JsonArray *row;

      if (!JSON_NODE_HOLDS_ARRAY (row_node))
        goto bad;
      row = json_node_get_array (row_node);
      if (json_array_get_length (row) != table->n_columns)
        goto bad;
      for (guint c = 0; c < table->n_columns; c++)
        if (!read_cell (json_array_get_element (row, c), table->columns[c].type,
                        &table->cells[(gsize) r * table->n_columns + c]))
          goto bad;
    }
  return table;

bad:
  table_free (table);
  g_set_error_literal (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_FAILED,
                       "the report's output holds a table that is not well formed");
  return NULL;
}

static int
column_named (const JoineryReportTable *table, const char *name)
{
  for (guint i = 0; name != NULL && i < table->n_columns; i++)
    if (strcmp (table->columns[i].name, name) == 0)
      return (int) i;
  return -1;
}

static JoineryReportChart *
read_chart (JsonObject *object, GError **error)
{
  JoineryReportChart *chart = g_new0 (JoineryReportChart, 1);
  JsonNode *data = json_object_get_member (object, "data");
  JsonNode *y = json_object_get_member (object, "y");
  const char *title = member_string (object, "title");
  int kind = find_name (chart_kind_names, member_string (object, "kind"));
  int x;

  chart->title = title != NULL ? g_utf8_make_valid (title, -1) : NULL;
  if (kind < 0 || data == NULL || !JSON_NODE_HOLDS_OBJECT (data) || y == NULL || !JSON_NODE_HOLDS_ARRAY (y))
    goto bad;
  chart->kind = (JoineryReportChartKind) kind;
  chart->data = read_table (json_node_get_object (data), NULL);
  if (chart->data == NULL)
    goto bad;
  x = column_named (chart->data, member_string (object, "x"));
  if (x < 0)
    goto bad;
  chart->x = (guint) x;
  chart->n_y = json_array_get_length (json_node_get_array (y));
  if (chart->n_y == 0 || chart->n_y > chart->data->n_columns || (kind == JOINERY_REPORT_CHART_PIE && chart->n_y != 1))
    goto bad;
  chart->y = g_new0 (guint, chart->n_y);
  for (guint i = 0; i < chart->n_y; i++)
    {
      JsonNode *n = json_array_get_element (json_node_get_array (y), i);
      int c = JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING ?
              column_named (chart->data, json_node_get_string (n)) : -1;
      if (c < 0 || !joinery_report_column_type_is_numeric (chart->data->columns[c].type))
        goto bad;
      chart->y[i] = (guint) c;
    }
  return chart;

bad:
  table_free (chart->data);
  g_free (chart->title);
  g_free (chart->y);
  g_free (chart);
  g_set_error_literal (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_FAILED,
                       "the report's output holds a chart that is not well formed");
  return NULL;
}

JoineryReportOutput *
joinery_report_output_from_json (const char *json, gsize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JoineryReportOutput) output = output_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root, *blocks;
  JsonObject *object;
  const char *text;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, (gssize) length, &local_error))
    {
      g_set_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_FAILED,
                   "the report's output is not JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto bad;
  object = json_node_get_object (root);
  if ((text = member_string (object, "title")) != NULL)
    output->title = g_utf8_make_valid (text, -1);
  if ((text = member_string (object, "report")) != NULL)
    output->report_id = g_utf8_make_valid (text, -1);
  if ((text = member_string (object, "plugin")) != NULL)
    output->plugin_id = g_utf8_make_valid (text, -1);
  if ((text = member_string (object, "log")) != NULL)
    {
      g_free (output->log);
      output->log = g_utf8_make_valid (text, -1);
    }
  blocks = json_object_get_member (object, "blocks");
  if (blocks == NULL || !JSON_NODE_HOLDS_ARRAY (blocks))
    goto bad;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (blocks)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (blocks), i);
      JoineryReportBlock *block;
      JsonObject *b;
      const char *type;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad;
      b = json_node_get_object (node);
      type = member_string (b, "type");
      block = g_new0 (JoineryReportBlock, 1);
      g_ptr_array_add (output->blocks, block);
      if (g_strcmp0 (type, "heading") == 0 || g_strcmp0 (type, "paragraph") == 0)
        {
          if ((text = member_string (b, "text")) == NULL)
            goto bad;
          block->text = g_utf8_make_valid (text, -1);
          block->type = type[0] == 'h' ? JOINERY_REPORT_BLOCK_HEADING : JOINERY_REPORT_BLOCK_PARAGRAPH;
          if (block->type == JOINERY_REPORT_BLOCK_HEADING)
            {
              JsonNode *level = json_object_get_member (b, "level");
              gint64 value = level != NULL && JSON_NODE_HOLDS_VALUE (level) &&
                             json_node_get_value_type (level) == G_TYPE_INT64 ? json_node_get_int (level) : 0;
              if (value < 1 || value > 3)
                goto bad;
              block->level = (guint) value;
            }
        }
      else if (g_strcmp0 (type, "table") == 0)
        {
          block->type = JOINERY_REPORT_BLOCK_TABLE;
          if ((block->table = read_table (b, error)) == NULL)
            return NULL;
        }
      else if (g_strcmp0 (type, "chart") == 0)
        {
          block->type = JOINERY_REPORT_BLOCK_CHART;
          if ((block->chart = read_chart (b, error)) == NULL)
            return NULL;
        }
      else
        goto bad;
    }
  return g_steal_pointer (&output);

bad:
  g_set_error_literal (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_FAILED,
                       "the report's output is not well formed");
  return NULL;
}

/* Writing JSON */

static void
build_table (JsonBuilder *builder, const JoineryReportTable *table)
{
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "table");
  if (table->title != NULL)
    {
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, table->title);
    }
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint c = 0; c < table->n_columns; c++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, table->columns[c].name);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, column_type_names[table->columns[c].type]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint r = 0; r < table->n_rows; r++)
    {
      json_builder_begin_array (builder);
      for (guint c = 0; c < table->n_columns; c++)
        {
          const JoineryReportCell *cell = joinery_report_table_get_cell (table, r, c);
          if (cell->is_null)
            json_builder_add_null_value (builder);
          else
            switch (table->columns[c].type)
              {
              case JOINERY_REPORT_COLUMN_TEXT:
              case JOINERY_REPORT_COLUMN_DATE:
                json_builder_add_string_value (builder, cell->text);
                break;
              case JOINERY_REPORT_COLUMN_INTEGER:
              case JOINERY_REPORT_COLUMN_MONEY:
                json_builder_add_int_value (builder, cell->integer);
                break;
              case JOINERY_REPORT_COLUMN_NUMBER:
              case JOINERY_REPORT_COLUMN_PERCENT:
              default:
                json_builder_add_double_value (builder, cell->number);
                break;
              }
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

char *
joinery_report_output_to_json (JoineryReportOutput *output)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
#define OPTIONAL_STRING(key, value) \
  if ((value) != NULL) { json_builder_set_member_name (builder, key); json_builder_add_string_value (builder, value); }
  OPTIONAL_STRING ("title", output->title);
  OPTIONAL_STRING ("report", output->report_id);
  OPTIONAL_STRING ("plugin", output->plugin_id);
  json_builder_set_member_name (builder, "blocks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < output->blocks->len; i++)
    {
      const JoineryReportBlock *block = output->blocks->pdata[i];

      json_builder_begin_object (builder);
      switch (block->type)
        {
        case JOINERY_REPORT_BLOCK_HEADING:
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "heading");
          json_builder_set_member_name (builder, "level");
          json_builder_add_int_value (builder, block->level);
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, block->text);
          break;
        case JOINERY_REPORT_BLOCK_PARAGRAPH:
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "paragraph");
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, block->text);
          break;
        case JOINERY_REPORT_BLOCK_TABLE:
          build_table (builder, block->table);
          break;
        case JOINERY_REPORT_BLOCK_CHART:
        default:
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "chart");
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, chart_kind_names[block->chart->kind]);
          OPTIONAL_STRING ("title", block->chart->title);
          json_builder_set_member_name (builder, "x");
          json_builder_add_string_value (builder, block->chart->data->columns[block->chart->x].name);
          json_builder_set_member_name (builder, "y");
          json_builder_begin_array (builder);
          for (guint k = 0; k < block->chart->n_y; k++)
            json_builder_add_string_value (builder, block->chart->data->columns[block->chart->y[k]].name);
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "data");
          json_builder_begin_object (builder);
          build_table (builder, block->chart->data);
          json_builder_end_object (builder);
          break;
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "log");
  json_builder_add_string_value (builder, output->log);
  json_builder_end_object (builder);
#undef OPTIONAL_STRING
  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

/* Rendering */

/* "1,234,567" */
static char *
group_thousands (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             value < 0 ? (guint64) 0 - (guint64) value : (guint64) value);
  GString *out = g_string_new (value < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
joinery_report_cell_format (const JoineryReportCell *cell, JoineryReportColumnType type,
                            gboolean for_people)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (cell->is_null)
    return g_strdup ("");
  switch (type)
    {
    case JOINERY_REPORT_COLUMN_TEXT:
    case JOINERY_REPORT_COLUMN_DATE:
      return g_strdup (cell->text);
    case JOINERY_REPORT_COLUMN_INTEGER:
      return for_people ? group_thousands (cell->integer) : g_strdup_printf ("%" G_GINT64_FORMAT, cell->integer);
    case JOINERY_REPORT_COLUMN_MONEY:
      return joinery_format_money (cell->integer, for_people);
    case JOINERY_REPORT_COLUMN_PERCENT:
      return g_strconcat (g_ascii_formatd (buffer, sizeof buffer, "%.1f", cell->number * 100.0), "%", NULL);
    case JOINERY_REPORT_COLUMN_NUMBER:
    default:
      return joinery_format_real (cell->number);
    }
}

gboolean
joinery_report_format_from_string (const char *name, JoineryReportFormat *format)
{
  static const char * const names[] = { "text", "csv", "json", "markdown", "html", NULL };

  for (int i = 0; name != NULL && names[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      {
        *format = (JoineryReportFormat) i;
        return TRUE;
      }
  return FALSE;
}

/* Text */

static void
render_text_table (GString *out, const JoineryReportTable *table)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < table->n_columns; c++)
    widths[c] = (guint) g_utf8_strlen (table->columns[c].name, -1);
  for (guint r = 0; r < table->n_rows; r++)
    for (guint c = 0; c < table->n_columns; c++)
      {
        char *text = joinery_report_cell_format (joinery_report_table_get_cell (table, r, c),
                                                 table->columns[c].type, TRUE);
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (text, -1));
        g_ptr_array_add (cells, text);
      }
  if (table->title != NULL)
    g_string_append_printf (out, "%s\n\n", table->title);
  for (int line = -2; line < (int) table->n_rows; line++)
    {
      GString *row = g_string_new (NULL);
      for (guint c = 0; c < table->n_columns; c++)
        {
          const char *text = line == -2 ? table->columns[c].name
                           : line == -1 ? NULL
                           : cells->pdata[(gsize) line * table->n_columns + c];
          guint pad;

          if (c > 0)
            g_string_append (row, "  ");
          if (text == NULL)
            {
              for (guint k = 0; k < widths[c]; k++)
                g_string_append_c (row, '-');
              continue;
            }
          pad = widths[c] - (guint) g_utf8_strlen (text, -1);
          if (joinery_report_column_type_is_numeric (table->columns[c].type))
            {
              for (guint k = 0; k < pad; k++)
                g_string_append_c (row, ' ');
              g_string_append (row, text);
            }
          else
            {
              g_string_append (row, text);
              if (c + 1 < table->n_columns)
                for (guint k = 0; k < pad; k++)
                  g_string_append_c (row, ' ');
            }
        }
      while (row->len > 0 && row->str[row->len - 1] == ' ')
        g_string_truncate (row, row->len - 1);
      g_string_append_printf (out, "%s\n", row->str);
      g_string_free (row, TRUE);
    }
}

static const char *
chart_kind_words (JoineryReportChartKind kind)
{
  return kind == JOINERY_REPORT_CHART_BAR ? "bar chart" : kind == JOINERY_REPORT_CHART_LINE ? "line chart" : "pie chart";
}

/* A chart's data as a table of its x column and its series. */
static JoineryReportTable *
chart_table (const JoineryReportChart *chart)
{
  JoineryReportTable *table = g_new0 (JoineryReportTable, 1);
  guint n = chart->n_y + 1;

  table->title = chart->title != NULL ? g_strdup_printf ("%s (%s)", chart->title, chart_kind_words (chart->kind))
                                      : g_strdup_printf ("(%s)", chart_kind_words (chart->kind));
  table->n_columns = n;
  table->columns = g_new0 (JoineryReportColumn, n);
  table->n_rows = chart->data->n_rows;
  table->cells = g_new0 (JoineryReportCell, (gsize) table->n_rows * n);
  for (guint c = 0; c < n; c++)
    {
      guint from = c == 0 ? chart->x : chart->y[c - 1];
      table->columns[c].name = g_strdup (chart->data->columns[from].name);
      table->columns[c].type = chart->data->columns[from].type;
      for (guint r = 0; r < table->n_rows; r++)
        {
          JoineryReportCell *cell = &table->cells[(gsize) r * n + c];
          *cell = *joinery_report_table_get_cell (chart->data, r, from);
          cell->text = g_strdup (cell->text);
        }
    }
  return table;
}

static void
render_text (GString *out, JoineryReportOutput *output)
{
  if (output->title != NULL)
    {
      glong width = g_utf8_strlen (output->title, -1);
      g_string_append_printf (out, "%s\n", output->title);
      for (glong i = 0; i < width; i++)
        g_string_append (out, "═");
      g_string_append (out, "\n\n");
    }
  for (guint i = 0; i < output->blocks->len; i++)
    {
      const JoineryReportBlock *block = output->blocks->pdata[i];

      switch (block->type)
        {
        case JOINERY_REPORT_BLOCK_HEADING:
          {
            glong width = g_utf8_strlen (block->text, -1);
            g_string_append_printf (out, "%s\n", block->text);
            if (block->level < 3)
              {
                for (glong k = 0; k < width; k++)
                  g_string_append (out, block->level == 1 ? "=" : "-");
                g_string_append_c (out, '\n');
              }
            break;
          }
        case JOINERY_REPORT_BLOCK_PARAGRAPH:
          g_string_append_printf (out, "%s\n", block->text);
          break;
        case JOINERY_REPORT_BLOCK_TABLE:
          render_text_table (out, block->table);
          break;
        case JOINERY_REPORT_BLOCK_CHART:
        default:
          {
            JoineryReportTable *table = chart_table (block->chart);
            render_text_table (out, table);
            table_free (table);
            break;
          }
        }
      if (i + 1 < output->blocks->len)
        g_string_append_c (out, '\n');
    }
}

/* CSV */

/* As the command line writes CSV (RFC 4180), with text that a spreadsheet
 * would run as a formula defused by a leading quote. */
static void
append_csv_field (GString *out, const char *text, gboolean is_text)
{
  gboolean formula = is_text && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL;

  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static void
render_csv_table (GString *out, const JoineryReportTable *table)
{
  for (guint c = 0; c < table->n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, table->columns[c].name, TRUE);
    }
  g_string_append (out, "\r\n");
  for (guint r = 0; r < table->n_rows; r++)
    {
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *text = joinery_report_cell_format (joinery_report_table_get_cell (table, r, c),
                                                              table->columns[c].type, FALSE);
          if (c > 0)
            g_string_append_c (out, ',');
          append_csv_field (out, text, table->columns[c].type == JOINERY_REPORT_COLUMN_TEXT);
        }
      g_string_append (out, "\r\n");
    }
}

/* Markdown */

static void
append_markdown_inline (GString *out, const char *text, gboolean in_table)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_table && (*p == '\n' || *p == '\r'))
        {
          g_string_append (out, "<br>");
          continue;
        }
      if (strchr ("\\`*_[]<>|#", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

static void
render_markdown_table (GString *out, const JoineryReportTable *table)
{
  if (table->title != NULL)
    {
      g_string_append (out, "**");
      append_markdown_inline (out, table->title, FALSE);
      g_string_append (out, "**\n\n");
    }
  g_string_append (out, "|");
  for (guint c = 0; c < table->n_columns; c++)
    {
      g_string_append_c (out, ' ');
      append_markdown_inline (out, table->columns[c].name, TRUE);
      g_string_append (out, " |");
    }
  g_string_append (out, "\n|");
  for (guint c = 0; c < table->n_columns; c++)
    g_string_append (out, joinery_report_column_type_is_numeric (table->columns[c].type) ? " ---: |" : " --- |");
  g_string_append_c (out, '\n');
  for (guint r = 0; r < table->n_rows; r++)
    {
      g_string_append (out, "|");
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *text = joinery_report_cell_format (joinery_report_table_get_cell (table, r, c),
                                                              table->columns[c].type, TRUE);
          g_string_append_c (out, ' ');
          append_markdown_inline (out, text, TRUE);
          g_string_append (out, " |");
        }
      g_string_append_c (out, '\n');
    }
}

static void
render_markdown (GString *out, JoineryReportOutput *output)
{
  if (output->title != NULL)
    {
      g_string_append (out, "# ");
      append_markdown_inline (out, output->title, FALSE);
      g_string_append (out, "\n\n");
    }
  for (guint i = 0; i < output->blocks->len; i++)
    {
      const JoineryReportBlock *block = output->blocks->pdata[i];

      switch (block->type)
        {
        case JOINERY_REPORT_BLOCK_HEADING:
          /* The report's title is the one level-1 heading. */
          for (guint k = 0; k <= block->level; k++)
            g_string_append_c (out, '#');
          g_string_append_c (out, ' ');
          append_markdown_inline (out, block->text, FALSE);
          g_string_append_c (out, '\n');
          break;
        case JOINERY_REPORT_BLOCK_PARAGRAPH:
          append_markdown_inline (out, block->text, FALSE);
          g_string_append_c (out, '\n');
          break;
        case JOINERY_REPORT_BLOCK_TABLE:
          render_markdown_table (out, block->table);
          break;
        case JOINERY_REPORT_BLOCK_CHART:
        default:
          {
            JoineryReportTable *table = chart_table (block->chart);
            render_markdown_table (out, table);
            table_free (table);
            break;
          }
        }
      if (i + 1 < output->blocks->len)
        g_string_append_c (out, '\n');
    }
}

/* HTML */

static void
append_html (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_string_append (out, escaped);
}

static void
render_html_table (GString *out, const JoineryReportTable *table)
{
  g_string_append (out, "<table>\n");
  if (table->title != NULL)
    {
      g_string_append (out, "<caption>");
      append_html (out, table->title);
      g_string_append (out, "</caption>\n");
    }
  g_string_append (out, "<thead><tr>");
  for (guint c = 0; c < table->n_columns; c++)
    {
      g_string_append (out, joinery_report_column_type_is_numeric (table->columns[c].type) ?
                            "<th class=\"num\">" : "<th>");
      append_html (out, table->columns[c].name);
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead>\n<tbody>\n");
  for (guint r = 0; r < table->n_rows; r++)
    {
      g_string_append (out, "<tr>");
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *text = joinery_report_cell_format (joinery_report_table_get_cell (table, r, c),
                                                              table->columns[c].type, TRUE);
          g_string_append (out, joinery_report_column_type_is_numeric (table->columns[c].type) ?
                                "<td class=\"num\">" : "<td>");
          append_html (out, text);
          g_string_append (out, "</td>");
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n");
}

static double
cell_value (const JoineryReportCell *cell, JoineryReportColumnType type)
{
  if (cell->is_null)
    return 0;
  return type == JOINERY_REPORT_COLUMN_INTEGER || type == JOINERY_REPORT_COLUMN_MONEY ?
         (double) cell->integer : cell->number;
}

/* A plain SVG drawing of the chart, for pages read without Joinery. */
static void
render_svg (GString *out, const JoineryReportChart *chart)
{
  static const char * const colours[] = { "#3465a4", "#f57900", "#73d216", "#cc0000", "#75507b", "#c4a000" };
  const JoineryReportTable *data = chart->data;
  const double width = 640, height = 320, left = 60, bottom = 40, top = 20;
  double max = 0, total = 0;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE], d[G_ASCII_DTOSTR_BUF_SIZE];
#define N(buf, v) g_ascii_formatd (buf, sizeof buf, "%.1f", (v))

  for (guint r = 0; r < data->n_rows; r++)
    for (guint k = 0; k < chart->n_y; k++)
      {
        double v = cell_value (joinery_report_table_get_cell (data, r, chart->y[k]), data->columns[chart->y[k]].type);
        max = MAX (max, v);
        total += MAX (v, 0);
      }
  g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%s\" height=\"%s\" role=\"img\">\n",
                          N (a, width), N (b, height));
  if (data->n_rows == 0 || (chart->kind == JOINERY_REPORT_CHART_PIE ? total <= 0 : max <= 0))
    {
      g_string_append (out, "</svg>\n");
      return;
    }
  if (chart->kind == JOINERY_REPORT_CHART_PIE)
    {
      double angle = -G_PI / 2, cx = width / 2, cy = height / 2, radius = height / 2 - 10;
      for (guint r = 0; r < data->n_rows; r++)
        {
          double v = MAX (cell_value (joinery_report_table_get_cell (data, r, chart->y[0]), data->columns[chart->y[0]].type), 0);
          double sweep = v / total * 2 * G_PI;
          if (v <= 0)
            continue;
          if (sweep >= 2 * G_PI - 1e-9)
            g_string_append_printf (out, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"/>\n",
                                    N (a, cx), N (b, cy), N (c, radius), colours[r % G_N_ELEMENTS (colours)]);
          else
            {
              char e[G_ASCII_DTOSTR_BUF_SIZE], f[G_ASCII_DTOSTR_BUF_SIZE];
              g_string_append_printf (out, "<path d=\"M%s %s L%s %s ", N (a, cx), N (b, cy),
                                      N (c, cx + radius * cos (angle)), N (d, cy + radius * sin (angle)));
              angle += sweep;
              g_string_append_printf (out, "A%s %s 0 %d 1 %s %s Z\" fill=\"%s\"/>\n", N (e, radius), N (f, radius),
                                      sweep > G_PI ? 1 : 0, N (a, cx + radius * cos (angle)),
                                      N (b, cy + radius * sin (angle)), colours[r % G_N_ELEMENTS (colours)]);
            }
        }
    }
  else
    {
      double plot_w = width - left - 10, plot_h = height - bottom - top;
      double step = plot_w / data->n_rows;
      for (guint k = 0; k < chart->n_y; k++)
        {
          GString *points = g_string_new (NULL);
          for (guint r = 0; r < data->n_rows; r++)
            {
              double v = cell_value (joinery_report_table_get_cell (data, r, chart->y[k]), data->columns[chart->y[k]].type);
              double h = MAX (v, 0) / max * plot_h;
              if (chart->kind == JOINERY_REPORT_CHART_BAR)
                {
                  double bar_w = step * 0.8 / chart->n_y;
                  g_string_append_printf (out, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>\n",
                                          N (a, left + r * step + step * 0.1 + k * bar_w), N (b, top + plot_h - h),
                                          N (c, bar_w), N (d, h), colours[k % G_N_ELEMENTS (colours)]);
                }
              else
                g_string_append_printf (points, "%s%s,%s", r > 0 ? " " : "", N (a, left + r * step + step / 2),
                                        N (b, top + plot_h - h));
            }
          if (chart->kind == JOINERY_REPORT_CHART_LINE)
            g_string_append_printf (out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n",
                                    colours[k % G_N_ELEMENTS (colours)], points->str);
          g_string_free (points, TRUE);
        }
      g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#555\"/>\n",
                              N (a, left), N (b, top + plot_h), N (c, width - 10), N (d, top + plot_h));
      for (guint r = 0; r < data->n_rows; r++)
        {
          g_autofree char *label = joinery_report_cell_format (joinery_report_table_get_cell (data, r, chart->x),
                                                               data->columns[chart->x].type, TRUE);
          g_string_append_printf (out, "<text x=\"%s\" y=\"%s\" font-size=\"10\" text-anchor=\"middle\">",
                                  N (a, left + r * step + step / 2), N (b, height - bottom + 14));
          append_html (out, label);
          g_string_append (out, "</text>\n");
        }
    }
  g_string_append (out, "</svg>\n");
#undef N
}

static void
render_html (GString *out, JoineryReportOutput *output)
{
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  append_html (out, output->title != NULL ? output->title : "Report");
  g_string_append (out, "</title>\n<style>\n"
                        "body { font-family: sans-serif; margin: 2em; }\n"
                        "table { border-collapse: collapse; margin: 1em 0; }\n"
                        "th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }\n"
                        "th.num, td.num { text-align: right; }\n"
                        "caption { font-weight: bold; text-align: left; }\n"
                        "</style>\n</head>\n<body>\n");
  if (output->title != NULL)
    {
      g_string_append (out, "<h1>");
      append_html (out, output->title);
      g_string_append (out, "</h1>\n");
    }
  for (guint i = 0; i < output->blocks->len; i++)
    {
      const JoineryReportBlock *block = output->blocks->pdata[i];

      switch (block->type)
        {
        case JOINERY_REPORT_BLOCK_HEADING:
          g_string_append_printf (out, "<h%u>", block->level + 1);
          append_html (out, block->text);
          g_string_append_printf (out, "</h%u>\n", block->level + 1);
          break;
        case JOINERY_REPORT_BLOCK_PARAGRAPH:
          g_string_append (out, "<p>");
          append_html (out, block->text);
          g_string_append (out, "</p>\n");
          break;
        case JOINERY_REPORT_BLOCK_TABLE:
          render_html_table (out, block->table);
          break;
        case JOINERY_REPORT_BLOCK_CHART:
        default:
          {
            JoineryReportTable *table = chart_table (block->chart);
            g_string_append (out, "<figure>\n");
            render_svg (out, block->chart);
            g_string_append (out, "<figcaption>");
            append_html (out, table->title);
            g_string_append (out, "</figcaption>\n");
            g_free (table->title);
            table->title = NULL;
            render_html_table (out, table);
            g_string_append (out, "</figure>\n");
            table_free (table);
            break;
          }
        }
    }
  g_string_append (out, "</body>\n</html>\n");
}

char *
joinery_report_output_render (JoineryReportOutput *output, JoineryReportFormat format)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (output != NULL, NULL);

  switch (format)
    {
    case JOINERY_REPORT_FORMAT_JSON:
      g_string_free (out, TRUE);
      return joinery_report_output_to_json (output);
    case JOINERY_REPORT_FORMAT_CSV:
      {
        gboolean first = TRUE;
        for (guint i = 0; i < output->blocks->len; i++)
          {
            const JoineryReportBlock *block = output->blocks->pdata[i];
            if (block->type != JOINERY_REPORT_BLOCK_TABLE)
              continue;
            if (!first)
              g_string_append (out, "\r\n");
            render_csv_table (out, block->table);
            first = FALSE;
          }
        break;
      }
    case JOINERY_REPORT_FORMAT_MARKDOWN:
      render_markdown (out, output);
      break;
    case JOINERY_REPORT_FORMAT_HTML:
      render_html (out, output);
      break;
    case JOINERY_REPORT_FORMAT_TEXT:
    default:
      render_text (out, output);
      break;
    }
  return g_string_free (out, FALSE);
}
