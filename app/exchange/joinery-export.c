/* joinery-export.c: exports of lists — the formats' dispatch, files
 * written whole or not at all, and the two spreadsheet formats, CSV and
 * XLSX, for any kind.
 *
 * A spreadsheet export has one column per field, headed by the field's
 * label, after the record's id: what `joinery import` maps back without
 * being told. References are written as the referred record's name, money
 * in pounds, dates as ISO dates, yes/no as yes and no; XLSX types numbers,
 * amounts (£#,##0.00) and dates (yyyy-mm-dd), and — its cells holding at
 * most 32,767 characters — cuts longer text there, marked " […]". The
 * workbook is written in libxlsxwriter's constant-memory mode, row by row.
 */
#include "config.h"

#include "joinery-export-private.h"
#include "joinery-csv.h"
#include "joinery-exchange-error.h"
#include "joinery-value.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#define PROGRESS_INTERVAL_US (100 * 1000)
#define XLSX_MAX_ROWS        1048576
#define XLSX_MAX_CELL_CHARS  32767

static const struct {
  JoineryExportFormat  format;
  const char          *name;
  const char          *extension;
  const char          *content_type;
  const char          *kind;
} formats[] = {
  { JOINERY_EXPORT_CSV, "csv", "csv", "text/csv", NULL },
  { JOINERY_EXPORT_XLSX, "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL },
  { JOINERY_EXPORT_360GIVING_JSON, "360giving-json", "json", "application/json", "grant" },
  { JOINERY_EXPORT_360GIVING_CSV, "360giving-csv", "csv", "text/csv", "grant" },
  { JOINERY_EXPORT_ICS, "ics", "ics", "text/calendar", "event" },
  { JOINERY_EXPORT_ORUK_JSON, "oruk-json", "json", "application/json", "organisation" },
};

void
joinery_export_options_init (JoineryExportOptions *options, JoineryExportFormat format)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
  options->format = format;
}

gboolean
joinery_export_format_from_string (const char *text, JoineryExportFormat *format)
{
  g_return_val_if_fail (text != NULL && format != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (text, formats[i].name) == 0)
      {
        *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

const char *
joinery_export_format_to_string (JoineryExportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);
  return formats[format].name;
}

const char *
joinery_export_format_get_extension (JoineryExportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);
  return formats[format].extension;
}

const char *
joinery_export_format_get_content_type (JoineryExportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);
  return formats[format].content_type;
}

const JoineryKind *
joinery_export_format_get_kind (JoineryExportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);
  return formats[format].kind != NULL ? joinery_kind_lookup (formats[format].kind) : NULL;
}

gboolean
joinery_export_format_is_text (JoineryExportFormat format)
{
  return format != JOINERY_EXPORT_XLSX;
}

/* Shared by the formats */

gboolean
joinery_export_flush (JoineryExport *export, GError **error)
{
  gboolean ok;

  if (export->out == NULL || export->buffer->len == 0)
    return TRUE;
  ok = g_output_stream_write_all (export->out, export->buffer->str, export->buffer->len, NULL,
                                  export->cancellable, error);
  g_string_truncate (export->buffer, 0);
  return ok;
}

gboolean
joinery_export_maybe_flush (JoineryExport *export, GError **error)
{
  return export->buffer->len < JOINERY_EXPORT_FLUSH_BYTES || joinery_export_flush (export, error);
}

gboolean
joinery_export_step (JoineryExport *export, GError **error)
{
  gint64 now;

  if (g_cancellable_set_error_if_cancelled (export->cancellable, error))
    return FALSE;
  if (export->options->progress == NULL)
    return TRUE;
  now = g_get_monotonic_time ();
  if (now - export->last_progress >= PROGRESS_INTERVAL_US)
    {
      export->last_progress = now;
      export->options->progress (export->summary->written, export->total, export->options->progress_data);
    }
  return TRUE;
}

gboolean
joinery_export_wants (JoineryExport *export, JoineryRecord *record)
{
  const JoineryKind *kind = joinery_record_get_kind (record);

  if (g_str_equal (kind->name, "person") && !export->options->include_no_consent &&
      joinery_record_get_integer (record, "consent_to_contact") == 0)
    {
      export->summary->left_out_no_consent++;
      return FALSE;
    }
  return TRUE;
}

void
joinery_export_json_add_string (JsonBuilder *builder, const char *member, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

void
joinery_export_append_json_item (JoineryExport *export, JsonNode *node, gboolean *first)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  g_string_append (export->buffer, *first ? "\n" : ",\n");
  g_string_append (export->buffer, text);
  *first = FALSE;
}

char *
joinery_export_dup_uuid_for_name (const char *name)
{
  /* Joinery's own namespace, made once at random. */
  static const guint8 namespace[16] = {
    0x5b, 0x0e, 0x6a, 0x3f, 0x86, 0x1c, 0x4d, 0x2e, 0x9a, 0x41, 0x07, 0xc3, 0x2d, 0x58, 0xe1, 0x94
  };
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize length = sizeof digest;

  g_checksum_update (sha1, namespace, sizeof namespace);
  g_checksum_update (sha1, (const guchar *) name, -1);
  g_checksum_get_digest (sha1, digest, &length);
  digest[6] = (digest[6] & 0x0f) | 0x50;  /* version 5 */
  digest[8] = (digest[8] & 0x3f) | 0x80;  /* RFC 4122 variant */
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

char *
joinery_export_dup_uuid (const char *kind, JoineryRecord *record)
{
  /* The record's creation time with its id: the same record gives the
   * same UUID in every export, another database's record #12 another. */
  g_autofree char *name = g_strdup_printf ("%s:%" G_GINT64_FORMAT ":%s", kind, joinery_record_get_id (record),
                                           joinery_record_get_created_at (record) != NULL
                                           ? joinery_record_get_created_at (record) : "");
  return joinery_export_dup_uuid_for_name (name);
}

gboolean
joinery_export_charity_id (const char *charity, const char **scheme, char **identifier)
{
  if (charity == NULL)
    return FALSE;
  if (g_str_has_prefix (charity, "SC"))
    {
      *scheme = "GB-SC";
      *identifier = g_strdup (charity);
      return TRUE;
    }
  if (g_str_has_prefix (charity, "NIC"))
    {
      *scheme = "GB-NIC";
      *identifier = g_strdup (charity + 3);
      return TRUE;
    }
  if (g_ascii_isdigit (charity[0]))
    {
      /* A linked charity (1234567-1) is registered under its main number. */
      *scheme = "GB-CHC";
      *identifier = g_strndup (charity, strcspn (charity, "-"));
      return TRUE;
    }
  return FALSE;
}

gboolean
joinery_export_org_id (JoineryRecord *organisation, const char **scheme, char **identifier)
{
  const char *company = joinery_record_get_text (organisation, "company_number");
  const char *ods = joinery_record_get_text (organisation, "ods_code");

  if (joinery_export_charity_id (joinery_record_get_text (organisation, "charity_number"), scheme, identifier))
    return TRUE;
  if (company != NULL)
    {
      *scheme = "GB-COH";
      *identifier = g_strdup (company);
      return TRUE;
    }
  if (ods != NULL)
    {
      *scheme = "GB-NHS";
      *identifier = g_strdup (ods);
      return TRUE;
    }
  return FALSE;
}

/* A cell of a spreadsheet export */

typedef enum {
  CELL_EMPTY,
  CELL_TEXT,
  CELL_NUMBER,
  CELL_MONEY,
  CELL_DATE,
} CellType;

typedef struct {
  CellType  type;
  char     *text;     /* as CSV writes it */
  double    number;
  gboolean  is_text;  /* free text, to be defused */
} Cell;

static void
fill_cell (JoineryRecord *record, const JoineryField *f, Cell *cell)
{
  memset (cell, 0, sizeof *cell);
  if (joinery_record_is_null (record, f->name))
    return;

  switch (f->type)
    {
    case JOINERY_FIELD_MONEY:
      cell->type = CELL_MONEY;
      cell->number = joinery_record_get_integer (record, f->name) / 100.0;
      cell->text = joinery_format_money (joinery_record_get_integer (record, f->name), FALSE);
      break;
    case JOINERY_FIELD_INTEGER:
      cell->type = CELL_NUMBER;
      cell->number = (double) joinery_record_get_integer (record, f->name);
      cell->text = g_strdup_printf ("%" G_GINT64_FORMAT, joinery_record_get_integer (record, f->name));
      break;
    case JOINERY_FIELD_REAL:
      cell->type = CELL_NUMBER;
      cell->number = joinery_record_get_real (record, f->name);
      cell->text = joinery_format_real (cell->number);
      break;
    case JOINERY_FIELD_DATE:
      cell->type = CELL_DATE;
      cell->text = g_strdup (joinery_record_get_text (record, f->name));
      break;
    case JOINERY_FIELD_BOOLEAN:
      cell->type = CELL_TEXT;
      cell->text = g_strdup (joinery_record_get_integer (record, f->name) ? "yes" : "no");
      break;
    case JOINERY_FIELD_REFERENCE:
      cell->type = CELL_TEXT;
      cell->is_text = TRUE;
      cell->text = joinery_record_get_reference_label (record, f->name) != NULL
                   ? g_strdup (joinery_record_get_reference_label (record, f->name))
                   : joinery_record_dup_string (record, f->name);
      break;
    case JOINERY_FIELD_LINK:
      cell->type = CELL_TEXT;
      cell->is_text = TRUE;
      /* "organisation:Leeds City Council", which the import reads back. */
      cell->text = joinery_record_get_reference_label (record, f->name) != NULL
                   ? g_strdup_printf ("%s:%s", joinery_record_get_link_kind (record, f->name),
                                      joinery_record_get_reference_label (record, f->name))
                   : joinery_record_dup_string (record, f->name);
      break;
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
    case JOINERY_FIELD_TIME:
    case JOINERY_FIELD_CHOICE:
    default:
      cell->type = CELL_TEXT;
      cell->is_text = f->type == JOINERY_FIELD_TEXT || f->type == JOINERY_FIELD_LONG_TEXT;
      cell->text = g_strdup (joinery_record_get_text (record, f->name));
      break;
    }
}

static const char *
id_heading (void)
{
  return "ID";
}

/* CSV */

static gboolean
write_csv_record (JoineryRecord *record, gpointer data, GError **error)
{
  JoineryExport *export = data;
  const JoineryKind *kind = export->kind;
  g_autofree char *id = NULL;

  if (!joinery_export_step (export, error))
    return FALSE;
  if (!joinery_export_wants (export, record))
    return TRUE;

  id = g_strdup_printf ("%" G_GINT64_FORMAT, joinery_record_get_id (record));
  joinery_csv_append_cell (export->buffer, id, FALSE);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      Cell cell;

      fill_cell (record, &kind->fields[i], &cell);
      g_string_append_c (export->buffer, ',');
      joinery_csv_append_cell (export->buffer, cell.text, cell.is_text);
      g_free (cell.text);
    }
  g_string_append (export->buffer, "\r\n");
  export->summary->written++;
  return joinery_export_maybe_flush (export, error);
}

gboolean
joinery_export_write_csv (JoineryExport *export, GError **error)
{
  const JoineryKind *kind = export->kind;
  g_autofree const char **header = g_new0 (const char *, kind->n_fields + 1);

  header[0] = id_heading ();
  for (guint i = 0; i < kind->n_fields; i++)
    header[i + 1] = kind->fields[i].label;
  joinery_csv_append_row (export->buffer, header, kind->n_fields + 1, NULL);
  return joinery_db_list_foreach (export->db, kind, export->query, write_csv_record, export, error) &&
         joinery_export_flush (export, error);
}

/* XLSX */

typedef struct {
  JoineryExport  *export;
  lxw_worksheet  *sheet;
  lxw_format     *money;
  lxw_format     *date;
  lxw_row_t       row;
} XlsxWriter;

static gboolean
xlsx_failed (lxw_error status, GError **error)
{
  if (status == LXW_NO_ERROR)
    return FALSE;
  g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FAILED,
               "cannot write the workbook: %s", lxw_strerror (status));
  return TRUE;
}

static lxw_error
write_xlsx_text (XlsxWriter *writer, lxw_col_t column, const char *text, gboolean is_text)
{
  g_autofree char *defused = NULL;

  if (is_text && joinery_csv_is_formula_like (text))
    text = defused = g_strconcat ("'", text, NULL);
  if (g_utf8_strlen (text, -1) > XLSX_MAX_CELL_CHARS)
    {
      const char *end = g_utf8_offset_to_pointer (text, XLSX_MAX_CELL_CHARS - 6);
      g_autofree char *cut = g_strdup_printf ("%.*s […]", (int) (end - text), text);
      return worksheet_write_string (writer->sheet, writer->row, column, cut, NULL);
    }
  return worksheet_write_string (writer->sheet, writer->row, column, text, NULL);
}

static gboolean
write_xlsx_record (JoineryRecord *record, gpointer data, GError **error)
{
  XlsxWriter *writer = data;
  JoineryExport *export = writer->export;
  const JoineryKind *kind = export->kind;

  if (!joinery_export_step (export, error))
    return FALSE;
  if (!joinery_export_wants (export, record))
    return TRUE;

  writer->row++;
  if (xlsx_failed (worksheet_write_number (writer->sheet, writer->row, 0,
                                           (double) joinery_record_get_id (record), NULL), error))
    return FALSE;
  for (guint i = 0; i < kind->n_fields; i++)
    {
      lxw_col_t column = (lxw_col_t) i + 1;
      lxw_error status = LXW_NO_ERROR;
      Cell cell;

      fill_cell (record, &kind->fields[i], &cell);
      switch (cell.type)
        {
        case CELL_EMPTY:
          break;
        case CELL_NUMBER:
          status = worksheet_write_number (writer->sheet, writer->row, column, cell.number, NULL);
          break;
        case CELL_MONEY:
          status = worksheet_write_number (writer->sheet, writer->row, column, cell.number, writer->money);
          break;
        case CELL_DATE:
          {
            lxw_datetime when = { 0 };
            int year = 0, month = 0, day = 0;
            if (sscanf (cell.text, "%d-%d-%d", &year, &month, &day) == 3)
              {
                when.year = year;
                when.month = month;
                when.day = day;
                status = worksheet_write_datetime (writer->sheet, writer->row, column, &when, writer->date);
              }
            else
              status = write_xlsx_text (writer, column, cell.text, FALSE);
          }
          break;
        case CELL_TEXT:
        default:
          status = write_xlsx_text (writer, column, cell.text, cell.is_text);
          break;
        }
      g_free (cell.text);
      if (xlsx_failed (status, error))
        return FALSE;
    }
  export->summary->written++;
  return TRUE;
}

gboolean
joinery_export_write_xlsx (JoineryExport *export, GError **error)
{
  const JoineryKind *kind = export->kind;
  g_autofree char *folder = g_path_get_dirname (export->path);
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = folder, .use_zip64 = LXW_TRUE };
  lxw_workbook *book;
  lxw_format *bold;
  XlsxWriter writer = { export, NULL, NULL, NULL, 0 };
  gboolean ok;
  lxw_error status;

  if (export->total >= XLSX_MAX_ROWS)
    {
      g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_TOO_LARGE,
                   "a worksheet holds at most %d rows, and the list has %" G_GUINT64_FORMAT
                   "; export it as CSV", XLSX_MAX_ROWS - 1, export->total);
      return FALSE;
    }

  book = workbook_new_opt (export->path, &options);
  if (book == NULL)
    {
      g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FAILED,
                   "cannot write the workbook “%s”", export->path);
      return FALSE;
    }
  writer.sheet = workbook_add_worksheet (book, kind->label_plural);
  bold = workbook_add_format (book);
  format_set_bold (bold);
  writer.money = workbook_add_format (book);
  format_set_num_format (writer.money, "£#,##0.00");
  writer.date = workbook_add_format (book);
  format_set_num_format (writer.date, "yyyy-mm-dd");
  worksheet_freeze_panes (writer.sheet, 1, 0);
  worksheet_set_column (writer.sheet, 1, (lxw_col_t) kind->n_fields, 18, NULL);

  ok = !xlsx_failed (worksheet_write_string (writer.sheet, 0, 0, id_heading (), bold), error);
  for (guint i = 0; ok && i < kind->n_fields; i++)
    ok = !xlsx_failed (worksheet_write_string (writer.sheet, 0, (lxw_col_t) i + 1, kind->fields[i].label, bold),
                       error);
  ok = ok && joinery_db_list_foreach (export->db, kind, export->query, write_xlsx_record, &writer, error);

  /* Closing writes the file, and frees the workbook either way. */
  status = workbook_close (book);
  if (ok && xlsx_failed (status, error))
    ok = FALSE;
  return ok;
}

/* Running an export */

static gboolean
check_kind (const JoineryKind *kind, const JoineryExportOptions *options, GError **error)
{
  const JoineryKind *wanted = joinery_export_format_get_kind (options->format);

  if (wanted == NULL || wanted == kind)
    return TRUE;
  g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FORMAT,
               "%s is a format for %s, not %s", joinery_export_format_to_string (options->format),
               wanted->plural, kind->plural);
  return FALSE;
}

static gboolean
run_export (JoineryExport *export, GError **error)
{
  gint64 total = 0;
  gboolean ok;

  if (!joinery_db_count (export->db, export->kind, export->query, &total, error))
    return FALSE;
  export->total = (guint64) total;
  export->buffer = g_string_sized_new (JOINERY_EXPORT_FLUSH_BYTES + 4096);

  switch (export->options->format)
    {
    case JOINERY_EXPORT_CSV:
      ok = joinery_export_write_csv (export, error);
      break;
    case JOINERY_EXPORT_XLSX:
      ok = joinery_export_write_xlsx (export, error);
      break;
    case JOINERY_EXPORT_360GIVING_JSON:
    case JOINERY_EXPORT_360GIVING_CSV:
      ok = joinery_export_write_360giving (export, export->options->format == JOINERY_EXPORT_360GIVING_CSV,
                                           error);
      break;
    case JOINERY_EXPORT_ICS:
      ok = joinery_export_write_ics (export, error);
      break;
    case JOINERY_EXPORT_ORUK_JSON:
      ok = joinery_export_write_oruk (export, error);
      break;
    default:
      g_assert_not_reached ();
    }
  g_string_free (export->buffer, TRUE);
  export->buffer = NULL;
  if (ok && export->options->progress != NULL)
    export->options->progress (export->summary->written, export->total, export->options->progress_data);
  return ok;
}

gboolean
joinery_export_to_stream (JoineryDb *db, const JoineryKind *kind, JoineryQuery *query,
                          const JoineryExportOptions *options, GOutputStream *out,
                          JoineryExportSummary *summary, GCancellable *cancellable, GError **error)
{
  JoineryExportSummary local_summary = { 0 };
  JoineryExport export = { 0 };

  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);
  g_return_val_if_fail (kind != NULL && options != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (joinery_export_format_is_text (options->format), FALSE);

  if (!check_kind (kind, options, error))
    return FALSE;
  export.db = db;
  export.kind = kind;
  export.query = query;
  export.options = options;
  export.summary = summary != NULL ? summary : &local_summary;
  memset (export.summary, 0, sizeof *export.summary);
  export.out = out;
  export.cancellable = cancellable;
  return run_export (&export, error);
}

static char *
dup_partial_path (const char *path)
{
  /* Beside the file, so that the rename cannot cross file systems. */
  return g_strdup_printf ("%s.partial-%d-%08x", path, (int) getpid (), g_random_int ());
}

static gboolean
move_into_place (const char *partial, const char *path, GCancellable *cancellable, GError **error)
{
  g_autoptr(GFile) from = g_file_new_for_path (partial);
  g_autoptr(GFile) to = g_file_new_for_path (path);

  if (g_file_move (from, to, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error))
    return TRUE;
  g_prefix_error (error, "cannot write “%s”: ", path);
  return FALSE;
}

gboolean
joinery_export_write_file (const char *path, JoineryExportWriteFunc write, gpointer data,
                           GCancellable *cancellable, GError **error)
{
  g_autofree char *partial = dup_partial_path (path);
  g_autoptr(GFile) file = g_file_new_for_path (partial);
  g_autoptr(GFileOutputStream) stream = NULL;
  gboolean ok;

  stream = g_file_create (file, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL)
    {
      g_prefix_error (error, "cannot write “%s”: ", path);
      return FALSE;
    }
  ok = write (G_OUTPUT_STREAM (stream), data, cancellable, error) &&
       g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error) &&
       move_into_place (partial, path, cancellable, error);
  if (!ok)
    {
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_unlink (partial);
    }
  return ok;
}

static gboolean
write_export_cb (GOutputStream *out, gpointer data, GCancellable *cancellable, GError **error)
{
  JoineryExport *export = data;

  export->out = out;
  return run_export (export, error);
}

gboolean
joinery_export_to_file (JoineryDb *db, const JoineryKind *kind, JoineryQuery *query,
                        const JoineryExportOptions *options, const char *path,
                        JoineryExportSummary *summary, GCancellable *cancellable, GError **error)
{
  JoineryExportSummary local_summary = { 0 };
  JoineryExport export = { 0 };
  g_autofree char *partial = NULL;
  gboolean ok;

  g_return_val_if_fail (JOINERY_IS_DB (db), FALSE);
  g_return_val_if_fail (kind != NULL && options != NULL && path != NULL, FALSE);

  if (!check_kind (kind, options, error))
    return FALSE;
  export.db = db;
  export.kind = kind;
  export.query = query;
  export.options = options;
  export.summary = summary != NULL ? summary : &local_summary;
  memset (export.summary, 0, sizeof *export.summary);
  export.cancellable = cancellable;

  if (joinery_export_format_is_text (options->format))
    return joinery_export_write_file (path, write_export_cb, &export, cancellable, error);

  /* libxlsxwriter writes the file by its name. */
  partial = dup_partial_path (path);
  export.path = partial;
  ok = run_export (&export, error) && move_into_place (partial, path, cancellable, error);
  if (!ok)
    g_unlink (partial);
  return ok;
}
