/* joinery-report-export.c: writing a report's output to a file.
 *
 * CSV and HTML are the report layer's own renderings (the same the
 * command line writes); XLSX is written here with libxlsxwriter, a sheet
 * for each table; PDF is joinery-report-layout.c's pages. */
#include "config.h"

#include <gio/gio.h>
#include <xlsxwriter.h>

#include "joinery-csv.h"
#include "joinery-report-export.h"
#include "joinery-report-layout.h"

const char *
joinery_report_export_format_extension (JoineryReportExportFormat format)
{
  static const char *extensions[] = { "csv", "xlsx", "html", "pdf" };

  g_return_val_if_fail (format <= JOINERY_REPORT_EXPORT_PDF, "csv");
  return extensions[format];
}

static gboolean
xlsx_failed (lxw_error status, const char *path, GError **error)
{
  if (status == LXW_NO_ERROR)
    return FALSE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write the workbook “%s”: %s", path,
               lxw_strerror (status));
  return TRUE;
}

/* A worksheet's name: at most 31 characters, none of []:*?/\, and unique. */
static char *
dup_sheet_name (const char *title, guint index, GHashTable *taken)
{
  g_autofree char *base = NULL;
  GString *name;

  if (title == NULL || *title == '\0')
    base = g_strdup_printf ("Table %u", index + 1);
  else
    {
      base = g_strdup (title);
      g_strdelimit (base, "[]:*?/\\", '-');
      if (g_utf8_strlen (base, -1) > 26)
        *g_utf8_offset_to_pointer (base, 26) = '\0';
    }
  name = g_string_new (base);
  for (guint n = 2; g_hash_table_contains (taken, name->str); n++)
    g_string_printf (name, "%s (%u)", base, n);
  g_hash_table_add (taken, g_strdup (name->str));
  return g_string_free (name, FALSE);
}

static lxw_error
write_xlsx_cell (lxw_worksheet *sheet, lxw_row_t row, lxw_col_t column, const JoineryReportCell *cell,
                 JoineryReportColumnType type, lxw_format *money, lxw_format *percent, lxw_format *date)
{
  int y, m, d;

  if (cell->is_null)
    return LXW_NO_ERROR;
  switch (type)
    {
    case JOINERY_REPORT_COLUMN_INTEGER:
      return worksheet_write_number (sheet, row, column, (double) cell->integer, NULL);
    case JOINERY_REPORT_COLUMN_MONEY:
      return worksheet_write_number (sheet, row, column, cell->integer / 100.0, money);
    case JOINERY_REPORT_COLUMN_NUMBER:
      return worksheet_write_number (sheet, row, column, cell->number, NULL);
    case JOINERY_REPORT_COLUMN_PERCENT:
      return worksheet_write_number (sheet, row, column, cell->number, percent);
    case JOINERY_REPORT_COLUMN_DATE:
      if (sscanf (cell->text, "%4d-%2d-%2d", &y, &m, &d) == 3)
        {
          lxw_datetime when = { y, m, d, 0, 0, 0 };
          return worksheet_write_datetime (sheet, row, column, &when, date);
        }
      return worksheet_write_string (sheet, row, column, cell->text, NULL);
    case JOINERY_REPORT_COLUMN_TEXT:
    default:
      if (joinery_csv_is_formula_like (cell->text))
        {
          g_autofree char *defused = g_strconcat ("'", cell->text, NULL);
          return worksheet_write_string (sheet, row, column, defused, NULL);
        }
      return worksheet_write_string (sheet, row, column, cell->text, NULL);
    }
}

static gboolean
write_xlsx (JoineryReportOutput *output, const char *path, GError **error)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lxw_workbook *book = workbook_new (path);
  lxw_format *bold, *money, *percent, *date;
  lxw_error status = LXW_NO_ERROR;
  guint n_tables = 0;

  if (book == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write the workbook “%s”", path);
      return FALSE;
    }
  bold = workbook_add_format (book);
  format_set_bold (bold);
  money = workbook_add_format (book);
  format_set_num_format (money, "£#,##0.00");
  percent = workbook_add_format (book);
  format_set_num_format (percent, "0.0%");
  date = workbook_add_format (book);
  format_set_num_format (date, "yyyy-mm-dd");

  for (guint b = 0; status == LXW_NO_ERROR && b < joinery_report_output_get_n_blocks (output); b++)
    {
      const JoineryReportBlock *block = joinery_report_output_get_block (output, b);
      const JoineryReportTable *table = block->table;
      g_autofree char *name = NULL;
      lxw_worksheet *sheet;

      if (block->type != JOINERY_REPORT_BLOCK_TABLE)
        continue;
      name = dup_sheet_name (table->title, n_tables++, taken);
      sheet = workbook_add_worksheet (book, name);
      worksheet_freeze_panes (sheet, 1, 0);
      worksheet_set_column (sheet, 0, (lxw_col_t) MAX (1, table->n_columns) - 1, 16, NULL);
      for (guint c = 0; status == LXW_NO_ERROR && c < table->n_columns; c++)
        status = worksheet_write_string (sheet, 0, (lxw_col_t) c, table->columns[c].name, bold);
      for (guint r = 0; status == LXW_NO_ERROR && r < table->n_rows; r++)
        for (guint c = 0; status == LXW_NO_ERROR && c < table->n_columns; c++)
          status = write_xlsx_cell (sheet, (lxw_row_t) r + 1, (lxw_col_t) c,
                                    joinery_report_table_get_cell (table, r, c), table->columns[c].type,
                                    money, percent, date);
    }
  if (status == LXW_NO_ERROR && n_tables == 0)
    {
      /* No tables: the title and the text, so the file is not empty. */
      lxw_worksheet *sheet = workbook_add_worksheet (book, NULL);
      lxw_row_t row = 0;

      status = worksheet_write_string (sheet, row++, 0, joinery_report_output_get_title (output), bold);
      for (guint b = 0; status == LXW_NO_ERROR && b < joinery_report_output_get_n_blocks (output); b++)
        {
          const JoineryReportBlock *block = joinery_report_output_get_block (output, b);
          if (block->text != NULL)
            status = worksheet_write_string (sheet, row++, 0, block->text,
                                             block->type == JOINERY_REPORT_BLOCK_HEADING ? bold : NULL);
        }
    }
  if (xlsx_failed (status, path, error))
    {
      workbook_close (book);
      return FALSE;
    }
  return !xlsx_failed (workbook_close (book), path, error);
}

gboolean
joinery_report_export (JoineryReportOutput *output, JoineryReportExportFormat format, const char *path,
                       GError **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (output != NULL && path != NULL, FALSE);

  switch (format)
    {
    case JOINERY_REPORT_EXPORT_CSV:
      text = joinery_report_output_render (output, JOINERY_REPORT_FORMAT_CSV);
      break;
    case JOINERY_REPORT_EXPORT_HTML:
      text = joinery_report_output_render (output, JOINERY_REPORT_FORMAT_HTML);
      break;
    case JOINERY_REPORT_EXPORT_XLSX:
      return write_xlsx (output, path, error);
    case JOINERY_REPORT_EXPORT_PDF:
      return joinery_report_write_pdf (output, path, error);
    default:
      g_return_val_if_reached (FALSE);
    }
  return g_file_set_contents (path, text, -1, error);
}
