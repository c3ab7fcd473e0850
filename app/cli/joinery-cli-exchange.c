/* joinery-cli-exchange.c: the commands that move records in and out —
 * import, export, export-archive and import-archive.
 *
 * Each is a thin shell on libjoinery-exchange: it reads its options, checks
 * their shape before touching any file (a mistyped command line is a usage
 * error, status 2), and leaves every judgement on the data to the library.
 * An import lists every problem it found, row and column first, and then
 * says that nothing was imported (status 1); nothing is half done.
 */
#include "joinery-cli-private.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>

#include "joinery-archive.h"
#include "joinery-exchange-error.h"
#include "joinery-export.h"
#include "joinery-import.h"

/* Problems printed before "… and N more": the rest are in --format json. */
#define PROBLEMS_SHOWN 100
#define PREVIEW_ROWS   3

/* Progress on a terminal */

typedef struct {
  const char *verb;
  int         last_percent;
  gboolean    shown;
} Progress;

static void
show_percent (Progress *progress, guint64 done, guint64 total)
{
  int percent = total > 0 ? (int) MIN (done * 100 / total, 100) : 0;

  if (percent == progress->last_percent)
    return;
  progress->last_percent = percent;
  progress->shown = TRUE;
  joinery_cli_output_printf (stderr, "\r%s… %3d%%", progress->verb, percent);
  fflush (stderr);
}

static void
clear_progress (Progress *progress)
{
  if (progress->shown)
    joinery_cli_output_puts (stderr, "\r                         \r");
  progress->shown = FALSE;
}

static void
import_progress_cb (const JoineryImportProgress *p, gpointer data)
{
  show_percent (data, p->bytes_read, p->bytes_total);
}

static void
count_progress_cb (guint64 done, guint64 total, gpointer data)
{
  show_percent (data, done, total);
}

/* import */

static gboolean
split_assignment (const char *text, char **left, char **right)
{
  const char *equals = strchr (text, '=');

  if (equals == NULL || equals == text)
    return FALSE;
  *left = g_strndup (text, (gsize) (equals - text));
  *right = g_strdup (equals + 1);
  return TRUE;
}

static gboolean
has_header (const char * const *headers, const char *header)
{
  g_autofree char *folded = joinery_import_mapping_fold_header (header);

  for (guint i = 0; headers[i] != NULL; i++)
    {
      g_autofree char *other = joinery_import_mapping_fold_header (headers[i]);
      if (*folded != '\0' ? g_str_equal (folded, other) : g_str_equal (header, headers[i]))
        return TRUE;
    }
  return FALSE;
}

/* --map COLUMN=FIELD and --default FIELD=VALUE, onto the import's mapping. */
static int
edit_mapping (JoineryCli *cli, JoineryImport *import)
{
  JoineryImportMapping *mapping = joinery_import_get_mapping (import);
  const char * const *maps = joinery_cli_get_option_values (cli, "map");
  const char * const *defaults = joinery_cli_get_option_values (cli, "default");

  for (guint i = 0; maps[i] != NULL; i++)
    {
      g_autofree char *column = NULL;
      g_autofree char *field = NULL;
      g_autoptr(GError) error = NULL;

      split_assignment (maps[i], &column, &field);
      if (!has_header (joinery_import_get_headers (import), column))
        return joinery_cli_fail_message (cli, "--map: the file has no column “%s”", column);
      if (!joinery_import_mapping_set_column (mapping, column, *field != '\0' ? field : NULL, &error))
        return joinery_cli_fail (cli, error, "--map %s", maps[i]);
    }
  for (guint i = 0; defaults[i] != NULL; i++)
    {
      g_autofree char *field = NULL;
      g_autofree char *value = NULL;
      g_autoptr(GError) error = NULL;

      split_assignment (defaults[i], &field, &value);
      if (!joinery_import_mapping_set_default (mapping, field, value, &error))
        return joinery_cli_fail (cli, error, "--default %s", defaults[i]);
    }
  return JOINERY_CLI_EXIT_OK;
}

static void
print_mapping (JoineryImport *import)
{
  JoineryImportMapping *mapping = joinery_import_get_mapping (import);
  const char * const *headers = joinery_import_get_headers (import);
  GPtrArray *rows = joinery_import_get_preview_rows (import);
  g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();
  g_auto(GStrv) defaults = joinery_import_mapping_dup_defaults (mapping);

  joinery_cli_output_printf (stdout, "%s: %s, separated by %s\n\n", joinery_import_get_path (import),
                             joinery_csv_encoding_to_string (joinery_import_get_encoding (import)),
                             joinery_import_get_separator (import) == '\t' ? "tabs"
                             : joinery_import_get_separator (import) == ';' ? "semicolons" : "commas");
  joinery_cli_table_add_column (table, "Column", FALSE);
  joinery_cli_table_add_column (table, "Field", FALSE);
  for (guint r = 0; r < MIN (rows->len, PREVIEW_ROWS); r++)
    {
      g_autofree char *heading = g_strdup_printf ("Row %u", r + 2);
      joinery_cli_table_add_column (table, heading, FALSE);
    }
  for (guint i = 0; headers[i] != NULL; i++)
    {
      const char *field = joinery_import_mapping_get_column (mapping, headers[i]);
      char **cells = g_new0 (char *, 3 + PREVIEW_ROWS);

      cells[0] = g_strdup (headers[i]);
      cells[1] = g_strdup (field != NULL ? field : "(left out)");
      for (guint r = 0; r < MIN (rows->len, PREVIEW_ROWS); r++)
        {
          char **row = rows->pdata[r];
          cells[2 + r] = g_strdup (i < g_strv_length (row) ? row[i] : "");
        }
      joinery_cli_table_add_row (table, cells);
    }
  joinery_cli_table_print (table, stdout);
  for (guint i = 0; defaults[i] != NULL; i++)
    joinery_cli_output_printf (stdout, "Default for %s: %s\n", defaults[i],
                               joinery_import_mapping_get_default (mapping, defaults[i]));
}

static void
print_report_json (JoineryImportReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, report->dry_run);
  json_builder_set_member_name (builder, "committed");
  json_builder_add_boolean_value (builder, report->committed);
  json_builder_set_member_name (builder, "undoable");
  json_builder_add_boolean_value (builder, report->undoable);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, (gint64) report->rows);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, (gint64) report->created);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, (gint64) report->updated);
  json_builder_set_member_name (builder, "unchanged");
  json_builder_add_int_value (builder, (gint64) report->unchanged);
  json_builder_set_member_name (builder, "skipped");
  json_builder_add_int_value (builder, (gint64) report->skipped);
  json_builder_set_member_name (builder, "people_created");
  json_builder_add_int_value (builder, (gint64) report->people_created);
  json_builder_set_member_name (builder, "problem_count");
  json_builder_add_int_value (builder, (gint64) report->n_problems);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->problems->len; i++)
    {
      JoineryImportProblem *problem = report->problems->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, (gint64) problem->row);
      json_builder_set_member_name (builder, "column");
      json_builder_add_int_value (builder, problem->column);
      json_builder_set_member_name (builder, "column_name");
      if (problem->column_name != NULL)
        json_builder_add_string_value (builder, problem->column_name);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "field");
      if (problem->field != NULL)
        json_builder_add_string_value (builder, problem->field);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, problem->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  joinery_cli_output_json (root);
}

static int
report_import (JoineryCli *cli, JoineryImport *import, JoineryImportReport *report)
{
  g_autofree char *summary = joinery_import_report_dup_summary (import, report);
  g_autofree char *base = g_path_get_basename (joinery_import_get_path (import));

  if (cli->format == JOINERY_CLI_FORMAT_JSON)
    print_report_json (report);

  if (report->n_problems > 0)
    {
      if (cli->format != JOINERY_CLI_FORMAT_JSON)
        {
          for (guint i = 0; i < MIN (report->problems->len, PROBLEMS_SHOWN); i++)
            {
              g_autofree char *line = joinery_import_problem_to_string (report->problems->pdata[i]);
              g_autofree char *clean = joinery_cli_output_clean (line, 0);
              joinery_cli_output_printf (stderr, "%s\n", clean);
            }
          if (report->n_problems > MIN (report->problems->len, PROBLEMS_SHOWN))
            joinery_cli_output_printf (stderr, "… and %" G_GUINT64_FORMAT " more (--format json lists up to %d)\n",
                                       report->n_problems - MIN (report->problems->len, PROBLEMS_SHOWN),
                                       JOINERY_IMPORT_MAX_PROBLEMS);
        }
      return joinery_cli_fail_message (cli, "nothing was imported: %" G_GUINT64_FORMAT " %s in “%s”; "
                                       "put %s right and import the file again",
                                       report->n_problems, report->n_problems == 1 ? "problem" : "problems",
                                       base, report->n_problems == 1 ? "it" : "them");
    }
  if (cli->format == JOINERY_CLI_FORMAT_JSON)
    return JOINERY_CLI_EXIT_OK;
  if (report->dry_run)
    joinery_cli_output_printf (stdout, "Dry run of “%s”: no problems. %s Nothing was changed.\n", base, summary);
  else
    joinery_cli_output_printf (stdout, "%s%s\n", summary,
                               report->undoable && report->created + report->updated + report->people_created > 0
                               ? " “joinery undo” takes it back." : "");
  return JOINERY_CLI_EXIT_OK;
}

static gboolean
find_event (JoineryCli *cli, JoineryDb *db, const char *text, gint64 *id, int *status)
{
  const JoineryKind *kind = joinery_kind_lookup ("event");
  const char *digits = text[0] == '#' ? text + 1 : text;
  g_autoptr(GError) error = NULL;
  guint64 value;

  if (*digits != '\0' && strspn (digits, "0123456789") == strlen (digits) &&
      g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT64, &value, NULL))
    {
      *id = (gint64) value;
      if (joinery_db_exists (db, kind, *id))
        return TRUE;
      *status = joinery_cli_fail_message (cli, "there is no event #%" G_GINT64_FORMAT, *id);
      return FALSE;
    }
  if (!joinery_db_find_by_label (db, kind, text, id, &error))
    {
      *status = joinery_cli_fail (cli, error, "--event");
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  gboolean             has_match;
  JoineryImportMatch   match;
  gboolean             has_on_match;
  JoineryImportOnMatch on_match;
  JoineryCsvEncoding   encoding;
  char                 separator;
} ImportSettings;

/* The shape of the options, before any file is read. */
static int
parse_import_settings (JoineryCli *cli, gboolean eventbrite, ImportSettings *settings)
{
  const char *opt_match = joinery_cli_get_option (cli, "match");
  const char *opt_on_match = joinery_cli_get_option (cli, "on-match");
  const char *opt_encoding = joinery_cli_get_option (cli, "encoding");
  const char *opt_separator = joinery_cli_get_option (cli, "separator");
  const char * const *maps = joinery_cli_get_option_values (cli, "map");
  const char * const *defaults = joinery_cli_get_option_values (cli, "default");

  memset (settings, 0, sizeof *settings);
  if (eventbrite && (joinery_cli_has_option (cli, "mapping") || maps[0] != NULL || defaults[0] != NULL ||
                     joinery_cli_has_option (cli, "save-mapping") || opt_match != NULL ||
                     joinery_cli_has_option (cli, "show-mapping")))
    return joinery_cli_usage_error (cli, "an Eventbrite report has columns of its own: --mapping, --map, "
                                    "--default, --save-mapping, --show-mapping and --match do not apply");
  if (eventbrite != joinery_cli_has_option (cli, "event"))
    return joinery_cli_usage_error (cli, eventbrite ? "which event? (give --event EVENT, by id or name)"
                                                    : "--event is for “joinery import eventbrite”");
  for (guint i = 0; maps[i] != NULL; i++)
    if (strchr (maps[i], '=') == NULL || maps[i][0] == '=')
      return joinery_cli_usage_error (cli, "--map takes COLUMN=FIELD (or COLUMN= to leave it out), not “%s”",
                                      maps[i]);
  for (guint i = 0; defaults[i] != NULL; i++)
    if (strchr (defaults[i], '=') == NULL || defaults[i][0] == '=')
      return joinery_cli_usage_error (cli, "--default takes FIELD=VALUE, not “%s”", defaults[i]);
  if (opt_match != NULL && !(settings->has_match = joinery_import_match_from_string (opt_match, &settings->match)))
    return joinery_cli_usage_error (cli, "--match: “%s” is not email, name, id or none", opt_match);
  if (opt_on_match != NULL &&
      !(settings->has_on_match = joinery_import_on_match_from_string (opt_on_match, &settings->on_match)))
    return joinery_cli_usage_error (cli, "--on-match: “%s” is not skip, update or fill", opt_on_match);
  if (opt_encoding != NULL && !joinery_csv_encoding_from_string (opt_encoding, &settings->encoding))
    return joinery_cli_usage_error (cli, "--encoding: “%s” is not auto, utf-8 or windows-1252", opt_encoding);
  if (opt_separator != NULL && !joinery_csv_separator_from_string (opt_separator, &settings->separator))
    return joinery_cli_usage_error (cli, "--separator: “%s” is not comma, semicolon or tab", opt_separator);
  return JOINERY_CLI_EXIT_OK;
}

static void
apply_import_settings (JoineryCli *cli, const ImportSettings *settings, JoineryImport *import)
{
  if (settings->has_match)
    joinery_import_set_match (import, settings->match);
  if (settings->has_on_match)
    joinery_import_set_on_match (import, settings->on_match);
  joinery_import_set_encoding (import, settings->encoding);
  joinery_import_set_separator (import, settings->separator);
  joinery_import_set_dry_run (import, joinery_cli_has_option (cli, "dry-run"));
}

/* A kind import: its mapping, loaded, guessed and edited; saved or shown. */
static int
prepare_kind_import (JoineryCli *cli, JoineryImport *import, gboolean *stop)
{
  const JoineryKind *kind = joinery_import_get_kind (import);
  const char *opt_mapping = joinery_cli_get_option (cli, "mapping");
  const char *opt_save = joinery_cli_get_option (cli, "save-mapping");
  g_autoptr(GError) error = NULL;
  int status;

  *stop = FALSE;
  if (opt_mapping != NULL)
    {
      g_autoptr(JoineryImportMapping) mapping = joinery_import_mapping_load (NULL, opt_mapping, &error);
      if (mapping == NULL)
        return joinery_cli_fail (cli, error, "--mapping");
      if (joinery_import_mapping_get_kind (mapping) != kind)
        return joinery_cli_fail_message (cli, "the mapping “%s” is for %s, not %s", opt_mapping,
                                         joinery_import_mapping_get_kind (mapping)->plural, kind->plural);
      joinery_import_set_mapping (import, g_steal_pointer (&mapping));
    }
  if (!joinery_import_read_preview (import, PREVIEW_ROWS, NULL, &error))
    return joinery_cli_fail (cli, error, "cannot import “%s”", joinery_import_get_path (import));
  status = edit_mapping (cli, import);
  if (status != JOINERY_CLI_EXIT_OK)
    return status;
  if (opt_save != NULL)
    {
      if (!joinery_import_mapping_save (joinery_import_get_mapping (import), NULL, opt_save, &error))
        return joinery_cli_fail (cli, error, "cannot save the mapping");
      if (cli->format != JOINERY_CLI_FORMAT_JSON)
        joinery_cli_output_printf (stdout, "Saved the mapping “%s”.\n", opt_save);
    }
  if (joinery_cli_has_option (cli, "show-mapping"))
    {
      print_mapping (import);
      *stop = TRUE;
    }
  return JOINERY_CLI_EXIT_OK;
}

static int
run_import (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryImport) import = NULL;
  g_autoptr(JoineryImportReport) report = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  gboolean eventbrite = g_ascii_strcasecmp (args[0], "eventbrite") == 0;
  Progress progress = { "Importing", -1, FALSE };
  ImportSettings settings;
  gboolean stop = FALSE;
  int status;

  if (*args[1] == '\0')
    return joinery_cli_usage_error (cli, "the file name is empty");
  status = parse_import_settings (cli, eventbrite, &settings);
  if (status != JOINERY_CLI_EXIT_OK)
    return status;
  if (!eventbrite)
    {
      const JoineryKind *kind = joinery_cli_lookup_kind (cli, args[0], &status);
      if (kind == NULL)
        return status;
      import = joinery_import_new (kind, args[1]);
      apply_import_settings (cli, &settings, import);
      status = prepare_kind_import (cli, import, &stop);
      if (status != JOINERY_CLI_EXIT_OK || stop)
        return status;
    }

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  if (eventbrite)
    {
      gint64 event = 0;

      if (!find_event (cli, db, joinery_cli_get_option (cli, "event"), &event, &status))
        return status;
      import = joinery_import_new_eventbrite (event, args[1]);
      apply_import_settings (cli, &settings, import);
    }

  report = joinery_import_run (import, db, joinery_cli_stderr_is_tty () ? import_progress_cb : NULL,
                               &progress, NULL, &error);
  clear_progress (&progress);
  if (report == NULL)
    return joinery_cli_fail (cli, error, "cannot import “%s”", args[1]);
  return report_import (cli, import, report);
}

/* export */

static int
parse_export_format (JoineryCli *cli, JoineryExportFormat *format)
{
  const char *name = cli->format_name != NULL ? cli->format_name : "csv";

  if (!joinery_export_format_from_string (name, format))
    return joinery_cli_usage_error (cli, "--format: “%s” is not csv, xlsx, 360giving-json, "
                                    "360giving-csv, ics or oruk-json", name);
  return JOINERY_CLI_EXIT_OK;
}

static int
run_export (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  const char *output = joinery_cli_get_option (cli, "output");
  Progress progress = { "Exporting", -1, FALSE };
  JoineryExportSummary summary = { 0 };
  JoineryExportOptions options;
  JoineryExportFormat format;
  const JoineryKind *kind;
  gboolean ok;
  int status;

  status = parse_export_format (cli, &format);
  if (status != JOINERY_CLI_EXIT_OK)
    return status;
  for (guint i = 1; args[i] != NULL; i++)
    if (strpbrk (args[i], "=<>~") == NULL)
      return joinery_cli_usage_error (cli, "“%s” is not a filter (write FIELD=VALUE, FIELD>=VALUE, "
                                      "FIELD~TEXT, or FIELD= for empty)", args[i]);
  if (output != NULL && *output == '\0')
    return joinery_cli_usage_error (cli, "--output needs a file name");
  if (!joinery_export_format_is_text (format) && output == NULL)
    return joinery_cli_usage_error (cli, "an XLSX workbook is not text: give --output FILE");
  kind = joinery_cli_lookup_kind (cli, args[0], &status);
  if (kind == NULL)
    return status;
  joinery_export_options_init (&options, format);
  options.include_no_consent = joinery_cli_has_option (cli, "include-no-consent");
  options.identifier_prefix = joinery_cli_get_option (cli, "id-prefix");
  if (output != NULL && joinery_cli_stderr_is_tty ())
    {
      options.progress = count_progress_cb;
      options.progress_data = &progress;
    }

  query = joinery_cli_build_query (cli, kind, args + 1, "export", &status);
  if (query == NULL)
    return status;

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_READ_ONLY, &status);
  if (db == NULL)
    return status;
  if (output != NULL)
    ok = joinery_export_to_file (db, kind, query, &options, output, &summary, NULL, &error);
  else
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (fileno (stdout), FALSE);
      fflush (stdout);
      ok = joinery_export_to_stream (db, kind, query, &options, out, &summary, NULL, &error);
    }
  clear_progress (&progress);
  if (!ok)
    return joinery_cli_fail (cli, error, "cannot export %s", kind->plural);
  g_clear_object (&db);
  joinery_cli_person_record_export (cli, kind, summary.written, joinery_export_format_to_string (format));

  /* What the export says of itself goes where it does not mix with the export. */
  {
    FILE *notes = output != NULL ? stdout : stderr;
    if (output != NULL)
      joinery_cli_output_printf (notes, "Exported %" G_GUINT64_FORMAT " %s to %s.\n", summary.written,
                                 joinery_kind_get_words (kind, summary.written != 1), output);
    if (summary.left_out_no_consent > 0)
      joinery_cli_output_printf (notes, "Left out %" G_GUINT64_FORMAT " %s who %s not consented to "
                                 "contact (--include-no-consent adds them).\n", summary.left_out_no_consent,
                                 summary.left_out_no_consent == 1 ? "person" : "people",
                                 summary.left_out_no_consent == 1 ? "has" : "have");
    if (summary.left_out_not_awarded > 0)
      joinery_cli_output_printf (notes, "Left out %" G_GUINT64_FORMAT " %s not awarded (360Giving "
                                 "publishes grants made).\n", summary.left_out_not_awarded,
                                 summary.left_out_not_awarded == 1 ? "grant" : "grants");
  }
  return JOINERY_CLI_EXIT_OK;
}

/* export-archive */

static int
run_export_archive (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  const char *output = joinery_cli_get_option (cli, "output");
  guint64 n = 0;
  gboolean ok;
  int status;

  if (output != NULL && *output == '\0')
    return joinery_cli_usage_error (cli, "--output needs a file name");
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_READ_ONLY, &status);
  if (db == NULL)
    return status;
  if (output != NULL)
    ok = joinery_archive_export_to_file (db, output, &n, NULL, &error);
  else
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (fileno (stdout), FALSE);
      fflush (stdout);
      ok = joinery_archive_export (db, out, &n, NULL, &error);
    }
  if (!ok)
    return joinery_cli_fail (cli, error, "cannot write the archive");
  if (output != NULL)
    joinery_cli_output_printf (stdout, "Archived %" G_GUINT64_FORMAT " records to %s.\n", n, output);
  return JOINERY_CLI_EXIT_OK;
}

/* import-archive */

static int
run_import_archive (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Progress progress = { "Restoring", -1, FALSE };
  gboolean existed;
  guint64 n = 0;
  int status;

  if (*args[0] == '\0')
    return joinery_cli_usage_error (cli, "the file name is empty");
  if (!g_file_test (args[0], G_FILE_TEST_IS_REGULAR))
    return joinery_cli_fail_message (cli, "cannot read “%s”: there is no such file", args[0]);

  existed = g_file_test (cli->db_path, G_FILE_TEST_EXISTS);
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_CREATE, &status);
  if (db == NULL)
    return status;
  path = g_strdup (joinery_db_get_path (db));
  if (!joinery_archive_import_file (db, args[0], joinery_cli_stderr_is_tty () ? count_progress_cb : NULL,
                                    &progress, &n, NULL, &error))
    {
      clear_progress (&progress);
      /* A database made for the archive and left empty goes; one that was
       * there stays as it was. (Closing ends the write-ahead log's files.) */
      g_clear_object (&db);
      if (!existed)
        g_unlink (path);
      return joinery_cli_fail (cli, error, "cannot restore “%s”", args[0]);
    }
  clear_progress (&progress);
  joinery_cli_output_printf (stdout, "Restored %" G_GUINT64_FORMAT " records into %s.\n", n, path);
  return JOINERY_CLI_EXIT_OK;
}

/* The commands */

static const JoineryCliOption import_options[] = {
  { "dry-run", NULL, "Check every row and list every problem; change nothing" },
  { "match", "email|name|id|none", "How a row finds a record already there (default: by id if a "
    "column is mapped to it, else email, else name)" },
  { "on-match", "skip|update|fill", "What a row does to a record it found: leave it (default), "
    "update it, or fill its empty fields (Eventbrite: update)" },
  { "mapping", "NAME", "Map the columns as the saved mapping NAME does" },
  { "map", "COLUMN=FIELD", "Map the column headed COLUMN to FIELD (“id” for the id; nothing, "
    "as in COLUMN=, leaves it out)", TRUE },
  { "default", "FIELD=VALUE", "The value of FIELD where the file has none", TRUE },
  { "save-mapping", "NAME", "Save the mapping as NAME, for the next file like this one" },
  { "show-mapping", NULL, "Show how the columns map and the first rows, and stop" },
  { "encoding", "auto|utf-8|windows-1252", "The file's encoding (default: guessed)" },
  { "separator", "comma|semicolon|tab", "What separates the fields (default: guessed)" },
  { "event", "EVENT", "For an Eventbrite report: the event, by id or name" },
  { NULL }
};

static const JoineryCliOption export_options[] = {
  { "output", "FILE", "Write to FILE (default: the standard output; XLSX needs a file)" },
  { "sort", "[-]FIELD", "Order by FIELD, descending with a leading -" },
  { "search", "TEXT", "Only records matching TEXT (full-text search)" },
  { "include-no-consent", NULL, "Export people also when they have not consented to contact" },
  { "id-prefix", "PREFIX", "360Giving: the identifier prefix registered for the publisher "
    "(default " JOINERY_360GIVING_DEFAULT_PREFIX ")" },
  { NULL }
};

static const JoineryCliOption export_archive_options[] = {
  { "output", "FILE", "Write to FILE (default: the standard output)" },
  { NULL }
};

const JoineryCliCommand joinery_cli_exchange_commands[] = {
  { "import", "import KIND FILE [OPTION…]", "Import a CSV file into records, all or nothing",
    "KIND is a kind of record (see “joinery kinds”), or “eventbrite” for an Eventbrite\n"
    "attendee report (Reports → Attendee summary, as CSV) to book onto --event.\n"
    "\n"
    "The file may be UTF-8 (with or without a byte-order mark) or Windows-1252, with\n"
    "commas, semicolons or tabs between fields, as spreadsheets save it. Its first row\n"
    "names the columns, each mapped to a field by its header (--show-mapping shows\n"
    "how); --map and a saved --mapping change that. Every row is checked: if any has a\n"
    "problem, each is listed with its row and column and nothing is imported at all.\n"
    "A file of up to 4 MiB is imported as one step, which “joinery undo” takes back.\n"
    "\n"
    "Examples:\n"
    "  joinery import people members.csv --dry-run\n"
    "  joinery import organisations partners.csv --map \"Org type=kind\" \\\n"
    "      --default kind=voluntary --save-mapping \"Partner list\"\n"
    "  joinery import people update.csv --match email --on-match update\n"
    "  joinery import eventbrite attendees.csv --event \"Learning and Innovation event\"",
    import_options, 2, 2, TRUE, run_import, FALSE },
  { "export", "export KIND [FILTER…] [--format FORMAT] [--output FILE]",
    "Export a list of records as CSV, XLSX, 360Giving, iCalendar or Open Referral UK",
    "FORMAT is one of:\n"
    "  csv             any kind (the default): a spreadsheet's CSV, UTF-8\n"
    "  xlsx            any kind: an Excel workbook (needs --output)\n"
    "  360giving-json  grants, as the 360Giving Data Standard (awarded grants only)\n"
    "  360giving-csv   the same as a spreadsheet with the standard's column titles\n"
    "  ics             events and their sessions, for calendars\n"
    "  oruk-json       organisations, as Open Referral UK\n"
    "\n"
    "FILTERs, --sort and --search choose the records as “joinery list” does. People\n"
    "who have not consented to contact are left out unless --include-no-consent is\n"
    "given. Cells a spreadsheet would run as a formula are written as text.\n"
    "\n"
    "Examples:\n"
    "  joinery export people organisation=\"Bradford Council\" --format xlsx --output people.xlsx\n"
    "  joinery export grants --format 360giving-json --id-prefix 360G-bradfordicb --output grants.json\n"
    "  joinery export events starts_on>=2017-01-01 --format ics --output events.ics",
    export_options, 1, JOINERY_CLI_MANY, TRUE, run_export, "xlsx 360giving-json 360giving-csv ics oruk-json" },
  { "export-archive", "export-archive [--output FILE]", "Write the whole database to one JSON archive",
    "The archive holds every record with its id and times, and restores exactly\n"
    "with “joinery import-archive” (the history of changes is not part of it).\n"
    "\n"
    "Example:\n"
    "  joinery export-archive --output network-2024-05.json",
    export_archive_options, 0, 0, TRUE, run_export_archive, FALSE },
  { "import-archive", "import-archive FILE", "Restore an archive into a new, empty database",
    "The database (--db) is created if it does not exist, and must hold no records.\n"
    "The archive goes in whole or, on any problem, not at all.\n"
    "\n"
    "Example:\n"
    "  joinery --db restored.joinery import-archive network-2024-05.json",
    NULL, 1, 1, TRUE, run_import_archive, FALSE },
  { NULL }
};
