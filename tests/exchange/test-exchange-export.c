/* test-exchange-export.c: lists out, in every format.
 *
 * Each export is read back the way its reader would: CSV by RFC 4180 with
 * the reader under test beside it, XLSX cell by cell (read-xlsx.py, the
 * standard library's zip and XML), iCalendar by libical, JSON by json-glib,
 * and the 360Giving files against the standard's own schema, which stays
 * where the project keeps it (../shared/standards/), with Debian's
 * python3-jsonschema (validate-360giving.py).
 */
#include "joinery-test-util.h"
#include "joinery-csv.h"
#include "joinery-exchange-error.h"
#include "joinery-export.h"

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libical/ical.h>

#define PYTHON "/usr/bin/python3"

typedef struct {
  JoineryTestDb *tdb;
  gint64         fund;
  gint64         round;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  JoineryDb *db;
  gint64 event;

  f->tdb = joinery_test_db_new ();
  db = f->tdb->db;
  joinery_test_create (db, "area", "name", "Bradford", "level", "district", "code", "E08000032", NULL);
  joinery_test_create (db, "organisation", "name", "Bradford Council", "kind", "council", "area", "Bradford",
                       "website", "https://www.bradford.gov.uk", NULL);
  joinery_test_create (db, "organisation", "name", "Sanctuary at Mind", "kind", "voluntary",
                       "charity_number", "1123456", "company_number", "05123456", "phone", "01632 960200",
                       "email", "hello@example.org", "website", "https://example.org/sanctuary", NULL);
  joinery_test_create (db, "organisation", "name", "Airedale NHS Foundation Trust", "kind", "nhs_trust",
                       "ods_code", "RCF", "description", "Acute and community services for Airedale, "
                       "Wharfedale and Craven", NULL);
  joinery_test_create (db, "project", "name", "Safe space for people in crisis", "lead_organisation",
                       "Sanctuary at Mind", "area", "Bradford", NULL);

  joinery_test_create (db, "person", "name", "Ada Consent", "email", "ada@example.org",
                       "job_title", "=HYPERLINK(\"http://evil.example\",\"click\")", "consent_to_contact", "yes",
                       "organisation", "Bradford Council", NULL);
  joinery_test_create (db, "person", "name", "Bob Noconsent", "email", "bob@example.org", NULL);
  joinery_test_create (db, "person", "name", "@Cy Consent", "phone", "+44 1632 960300", "consent_to_contact", "yes",
                       "consent_recorded_on", "2017-05-19", NULL);

  f->fund = joinery_test_create (db, "fund", "name", "Integration Fund", "funder", "Bradford Council",
                                 "budget", "1130000", NULL);
  f->round = joinery_test_create (db, "round", "fund", "Integration Fund", "name", "Round 1", "number", "1",
                                  "opens_on", "2017-01-09", "closes_on", "2017-03-31", NULL);
  joinery_test_create (db, "grant", "round", "1", "reference", "IF 2017/001", "title", "Crisis café evenings",
                       "applicant", "Sanctuary at Mind", "project", "Safe space for people in crisis",
                       "amount_requested", "25000", "amount_awarded", "20000.50", "status", "awarded",
                       "submitted_on", "2017-03-01", "awarded_on", "2017-06-01", "starts_on", "2017-07-01",
                       "ends_on", "2018-06-30", "description", "Evening opening of the crisis café", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Discharge to assess", "applicant",
                       "Airedale NHS Foundation Trust", "amount_awarded", "90000", "status", "completed",
                       "awarded_on", "2017-06-15", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Not yet decided", "applicant", "Bradford Council",
                       "amount_requested", "5000", "status", "submitted", NULL);

  event = joinery_test_create (db, "event", "name", "Learning and Innovation event", "kind", "learning_event",
                               "starts_on", "2017-05-19", "venue", "Mercure Hotel, Bingley",
                               "booking_url", "https://www.eventbrite.co.uk/e/learning-and-innovation", NULL);
  joinery_test_create (db, "event", "name", "Integration and Change Board away day", "kind", "meeting",
                       "starts_on", "2017-09-12", "ends_on", "2017-09-13", NULL);
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, event);
    joinery_test_create (db, "session", "event", id, "title", "Bradford Beating Diabetes", "kind", "showcase",
                         "starts_at", "10:30", "ends_at", "11:15", "room", "Airedale Suite", NULL);
    joinery_test_create (db, "session", "event", id, "title", "Lunch", "kind", "other", NULL);
  }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  joinery_test_db_free (f->tdb);
}

static char *
export_text (Fixture *f, const char *kind, JoineryQuery *query, JoineryExportOptions *options,
             JoineryExportSummary *summary)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_export_to_stream (f->tdb->db, joinery_kind_lookup (kind), query, options, out, summary,
                                           NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
export_file (Fixture *f, const char *kind, JoineryExportFormat format, const char *name)
{
  JoineryExportOptions options;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->tdb->dir, name, NULL);

  joinery_export_options_init (&options, format);
  g_assert_true (joinery_export_to_file (f->tdb->db, joinery_kind_lookup (kind), NULL, &options, path, NULL,
                                         NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* CSV */

static GPtrArray *
parse_csv (const char *text)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (text, -1, NULL);
  g_autoptr(JoineryCsvReader) reader = joinery_csv_reader_new (in, JOINERY_CSV_ENCODING_UTF8, ',');
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  const char * const *cells;
  guint n;

  while (joinery_csv_reader_next (reader, &cells, &n, NULL, &error))
    g_ptr_array_add (rows, g_strdupv ((char **) cells));
  g_assert_no_error (error);
  return rows;
}

static void
test_csv_people (Fixture *f, gconstpointer data)
{
  JoineryExportOptions options;
  JoineryExportSummary summary;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  char **header, **ada, **cy;

  joinery_export_options_init (&options, JOINERY_EXPORT_CSV);
  text = export_text (f, "person", NULL, &options, &summary);
  /* RFC 4180 lines, a header of the fields' labels. */
  g_assert_true (g_str_has_prefix (text, "ID,Name,Job title,Organisation,Email,Phone,Consent to contact,"
                                         "Consent recorded on\r\n"));
  rows = parse_csv (text);
  /* Bob has not consented to contact: left out. */
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpuint (summary.written, ==, 2);
  g_assert_cmpuint (summary.left_out_no_consent, ==, 1);
  header = rows->pdata[0];
  g_assert_cmpuint (g_strv_length (header), ==, 8);
  /* In the list's order, by name: "@" before "A". */
  cy = rows->pdata[1];
  ada = rows->pdata[2];
  /* A formula is text, not something to run. */
  g_assert_cmpstr (ada[2], ==, "'=HYPERLINK(\"http://evil.example\",\"click\")");
  g_assert_cmpstr (ada[3], ==, "Bradford Council");
  g_assert_cmpstr (ada[6], ==, "yes");
  g_assert_cmpstr (cy[1], ==, "'@Cy Consent");
  g_assert_cmpstr (cy[5], ==, "'+44 1632 960300");
  g_assert_cmpstr (cy[7], ==, "2017-05-19");

  g_clear_pointer (&text, g_free);
  g_clear_pointer (&rows, g_ptr_array_unref);
  options.include_no_consent = TRUE;
  text = export_text (f, "person", NULL, &options, &summary);
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpuint (summary.left_out_no_consent, ==, 0);
  g_assert_cmpstr (((char **) rows->pdata[3])[1], ==, "Bob Noconsent");
  g_assert_cmpstr (((char **) rows->pdata[3])[6], ==, "no");
}

static void
test_csv_query (Fixture *f, gconstpointer data)
{
  const JoineryKind *kind = joinery_kind_lookup ("grant");
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  JoineryExportOptions options;
  JoineryExportSummary summary;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  /* The list as filtered and sorted on screen. */
  g_assert_true (joinery_query_parse_filter (query, "amount_awarded>=1", NULL));
  g_assert_true (joinery_query_set_sort (query, "amount_awarded", TRUE, NULL));
  joinery_export_options_init (&options, JOINERY_EXPORT_CSV);
  text = export_text (f, "grant", query, &options, &summary);
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (((char **) rows->pdata[0])[8], ==, "Amount awarded");
  g_assert_cmpstr (((char **) rows->pdata[1])[3], ==, "Discharge to assess");
  g_assert_cmpstr (((char **) rows->pdata[1])[8], ==, "90000.00");
  g_assert_cmpstr (((char **) rows->pdata[2])[8], ==, "20000.50");
  g_assert_cmpstr (((char **) rows->pdata[2])[1], ==, "Round 1");
}

/* XLSX */

static JsonNode *
read_xlsx (const char *path)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "exchange", "read-xlsx.py", NULL);
  const char *argv[] = { PYTHON, script, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  JsonNode *node;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("read-xlsx.py failed: %s", err);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  return node;
}

static JsonObject *
cell (JsonObject *sheet, guint row, guint column)
{
  JsonArray *rows = json_object_get_array_member (sheet, "rows");
  JsonArray *cells = json_array_get_array_element (rows, row);
  JsonNode *node = column < json_array_get_length (cells) ? json_array_get_element (cells, column) : NULL;
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
test_xlsx (Fixture *f, gconstpointer data)
{
  g_autofree char *people_path = NULL;
  g_autofree char *grants_path = NULL;
  g_autoptr(JsonNode) people = NULL;
  g_autoptr(JsonNode) grants = NULL;
  JsonObject *sheet, *c;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no " PYTHON " to read the workbook");
      return;
    }
  people_path = export_file (f, "person", JOINERY_EXPORT_XLSX, "people.xlsx");
  people = read_xlsx (people_path);
  sheet = json_node_get_object (people);
  g_assert_cmpstr (json_object_get_string_member (sheet, "sheet"), ==, "People");
  g_assert_cmpint (json_object_get_int_member (sheet, "formulas"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sheet, "rows")), ==, 3);
  c = cell (sheet, 0, 1);
  g_assert_cmpstr (json_object_get_string_member (c, "value"), ==, "Name");
  g_assert_true (json_object_get_boolean_member (c, "bold"));
  c = cell (sheet, 1, 0);
  g_assert_cmpstr (json_object_get_string_member (c, "type"), ==, "number");
  c = cell (sheet, 2, 2);
  g_assert_cmpstr (json_object_get_string_member (c, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (c, "value"), ==, "'=HYPERLINK(\"http://evil.example\",\"click\")");
  c = cell (sheet, 1, 7);
  /* A date is a date, shown as one. */
  g_assert_cmpstr (json_object_get_string_member (c, "type"), ==, "number");
  g_assert_cmpfloat (json_object_get_double_member (c, "value"), ==, 42874.0);
  g_assert_cmpstr (json_object_get_string_member (c, "format"), ==, "yyyy-mm-dd");

  grants_path = export_file (f, "grant", JOINERY_EXPORT_XLSX, "grants.xlsx");
  grants = read_xlsx (grants_path);
  sheet = json_node_get_object (grants);
  c = cell (sheet, 1, 8);
  g_assert_cmpstr (json_object_get_string_member (c, "type"), ==, "number");
  g_assert_cmpfloat (json_object_get_double_member (c, "value"), ==, 20000.5);
  g_assert_cmpstr (json_object_get_string_member (c, "format"), ==, "£#,##0.00");
}

/* 360Giving */

/* The standard's schema where the project keeps it: ../shared/standards/
 * seen from the project's root (the source tree's tests/ is G_TEST_DIST);
 * $JOINERY_360GIVING_SCHEMA names another place. */
static char *
dup_schema_path (void)
{
  if (g_getenv ("JOINERY_360GIVING_SCHEMA") != NULL)
    return g_strdup (g_getenv ("JOINERY_360GIVING_SCHEMA"));
  return g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "standards", "360giving-schema-1.4.3.json", NULL);
}

static int
run_validator (const char *json_path, const char *csv_path, char **output)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "exchange", "validate-360giving.py", NULL);
  g_autofree char *schema = dup_schema_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) PYTHON);
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (gpointer) schema);
  if (json_path != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--json");
      g_ptr_array_add (argv, (gpointer) json_path);
    }
  if (csv_path != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--csv");
      g_ptr_array_add (argv, (gpointer) csv_path);
    }
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, output, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static gboolean
have_validator (void)
{
  g_autofree char *schema = dup_schema_path ();
  g_autofree char *out = NULL;

  if (!g_file_test (schema, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("the 360Giving schema is not where the project keeps it ($JOINERY_360GIVING_SCHEMA)");
      return FALSE;
    }
  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE) || run_validator (NULL, NULL, &out) == 77)
    {
      g_test_skip ("python3-jsonschema is not installed");
      return FALSE;
    }
  return TRUE;
}

static void
test_360giving_json (Fixture *f, gconstpointer data)
{
  JoineryExportOptions options;
  JoineryExportSummary summary;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *grants;
  JsonObject *first, *second, *recipient, *funder, *planned, *location;

  joinery_export_options_init (&options, JOINERY_EXPORT_360GIVING_JSON);
  options.identifier_prefix = "360G-bradfordicb";
  text = export_text (f, "grant", NULL, &options, &summary);
  /* Only grants made. */
  g_assert_cmpuint (summary.written, ==, 2);
  g_assert_cmpuint (summary.left_out_not_awarded, ==, 1);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  grants = json_object_get_array_member (json_node_get_object (root), "grants");
  g_assert_cmpuint (json_array_get_length (grants), ==, 2);

  first = json_array_get_object_element (grants, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "360G-bradfordicb-IF-2017/001");
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "Crisis café evenings");
  g_assert_cmpstr (json_object_get_string_member (first, "currency"), ==, "GBP");
  g_assert_cmpfloat (json_object_get_double_member (first, "amountAwarded"), ==, 20000.5);
  g_assert_cmpint (json_object_get_int_member (first, "amountAppliedFor"), ==, 25000);
  g_assert_cmpstr (json_object_get_string_member (first, "awardDate"), ==, "2017-06-01");
  recipient = json_array_get_object_element (json_object_get_array_member (first, "recipientOrganization"), 0);
  g_assert_cmpstr (json_object_get_string_member (recipient, "id"), ==, "GB-CHC-1123456");
  g_assert_cmpstr (json_object_get_string_member (recipient, "name"), ==, "Sanctuary at Mind");
  g_assert_cmpstr (json_object_get_string_member (recipient, "companyNumber"), ==, "05123456");
  funder = json_array_get_object_element (json_object_get_array_member (first, "fundingOrganization"), 0);
  g_assert_cmpstr (json_object_get_string_member (funder, "name"), ==, "Bradford Council");
  g_assert_cmpstr (json_object_get_string_member (funder, "id"), ==, "360G-bradfordicb-org-1");
  planned = json_array_get_object_element (json_object_get_array_member (first, "plannedDates"), 0);
  g_assert_cmpstr (json_object_get_string_member (planned, "startDate"), ==, "2017-07-01");
  g_assert_cmpint (json_object_get_int_member (planned, "duration"), ==, 12);
  location = json_array_get_object_element (json_object_get_array_member (first, "beneficiaryLocation"), 0);
  g_assert_cmpstr (json_object_get_string_member (location, "geoCode"), ==, "E08000032");
  g_assert_cmpstr (json_object_get_string_member (location, "geoCodeType"), ==, "LAD");

  second = json_array_get_object_element (grants, 1);
  /* No reference: the id; no description: the title. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (second, "id"), "360G-bradfordicb-"));
  g_assert_cmpstr (json_object_get_string_member (second, "description"), ==, "Discharge to assess");
  recipient = json_array_get_object_element (json_object_get_array_member (second, "recipientOrganization"), 0);
  g_assert_cmpstr (json_object_get_string_member (recipient, "id"), ==, "GB-NHS-RCF");
  g_assert_false (json_object_has_member (second, "plannedDates"));
}

static void
test_360giving_schema (Fixture *f, gconstpointer data)
{
  g_autofree char *json_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *broken_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  int status;

  if (!have_validator ())
    return;
  json_path = export_file (f, "grant", JOINERY_EXPORT_360GIVING_JSON, "grants.json");
  csv_path = export_file (f, "grant", JOINERY_EXPORT_360GIVING_CSV, "grants.csv");
  status = run_validator (json_path, csv_path, &output);
  if (status != 0)
    g_error ("the 360Giving files are not valid:\n%s", output);

  /* The validator finds what is wrong: a grant without its currency. */
  g_assert_true (g_file_get_contents (json_path, &contents, NULL, &error));
  {
    g_auto(GStrv) parts = g_strsplit (contents, "\"currency\"", -1);
    broken = g_strjoinv ("\"kurrency\"", parts);
  }
  broken_path = g_build_filename (f->tdb->dir, "broken.json", NULL);
  g_assert_true (g_file_set_contents (broken_path, broken, -1, &error));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_validator (broken_path, NULL, &output), ==, 1);
  g_assert_nonnull (strstr (output, "currency"));
}

static void
test_360giving_csv_headers (Fixture *f, gconstpointer data)
{
  JoineryExportOptions options;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  char **header, **first;

  joinery_export_options_init (&options, JOINERY_EXPORT_360GIVING_CSV);
  text = export_text (f, "grant", NULL, &options, NULL);
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 3);
  header = rows->pdata[0];
  g_assert_cmpstr (header[0], ==, "Identifier");
  g_assert_cmpstr (header[5], ==, "Amount Awarded");
  g_assert_cmpstr (header[10], ==, "Recipient Org:Identifier");
  g_assert_cmpstr (header[15], ==, "Funding Org:Identifier");
  g_assert_cmpstr (header[23], ==, "Last Modified");
  g_assert_cmpuint (g_strv_length (header), ==, 24);
  first = rows->pdata[1];
  g_assert_cmpstr (first[0], ==, "360G-joinery-IF-2017/001");
  g_assert_cmpstr (first[5], ==, "20000.50");
  g_assert_cmpstr (first[9], ==, "12");
  g_assert_cmpstr (first[10], ==, "GB-CHC-1123456");
}

static void
test_360giving_refused (Fixture *f, gconstpointer data)
{
  JoineryExportOptions options;
  g_autofree char *path = g_build_filename (f->tdb->dir, "grants.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) fund = NULL;

  /* A fund without a funder: the grants cannot be published. */
  fund = joinery_db_get (f->tdb->db, joinery_kind_lookup ("fund"), f->fund, &error);
  joinery_record_set_null (fund, "funder");
  g_assert_true (joinery_db_update (f->tdb->db, fund, &error));
  g_assert_true (g_file_set_contents (path, "earlier", -1, &error));

  joinery_export_options_init (&options, JOINERY_EXPORT_360GIVING_JSON);
  g_assert_false (joinery_export_to_file (f->tdb->db, joinery_kind_lookup ("grant"), NULL, &options, path, NULL,
                                          NULL, &error));
  g_assert_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "2 grants have none"));
  g_assert_nonnull (strstr (error->message, "“Crisis café evenings”: its fund “Integration Fund” has no funder"));
  /* The file that was there is still there, as it was. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "earlier");
  g_clear_error (&error);

  options.identifier_prefix = "GB-CHC-123";
  g_assert_false (joinery_export_to_file (f->tdb->db, joinery_kind_lookup ("grant"), NULL, &options, path, NULL,
                                          NULL, &error));
  g_assert_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FORMAT);
}

/* iCalendar */

static void
test_ics (Fixture *f, gconstpointer data)
{
  JoineryExportOptions options;
  JoineryExportSummary summary;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  icalcomponent *calendar, *event;
  struct icaltimetype start, end;
  guint n_events = 0;
  gboolean seen_session = FALSE, seen_event = FALSE;

  joinery_export_options_init (&options, JOINERY_EXPORT_ICS);
  text = export_text (f, "event", NULL, &options, &summary);
  g_assert_cmpuint (summary.written, ==, 2);
  calendar = icalparser_parse_string (text);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);

  for (event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT); event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      const char *summary_text = icalcomponent_get_summary (event);

      n_events++;
      if (icalcomponent_get_first_property (event, ICAL_XLICERROR_PROPERTY) != NULL)
        g_error ("libical: %s", icalproperty_get_xlicerror (icalcomponent_get_first_property (event, ICAL_XLICERROR_PROPERTY)));
      start = icalcomponent_get_dtstart (event);
      end = icalcomponent_get_dtend (event);
      if (g_strcmp0 (summary_text, "Learning and Innovation event") == 0)
        {
          seen_event = TRUE;
          g_assert_true (start.is_date);
          g_assert_cmpint (start.year, ==, 2017);
          g_assert_cmpint (start.month, ==, 5);
          g_assert_cmpint (start.day, ==, 19);
          /* The day after: DTEND is exclusive. */
          g_assert_cmpint (end.day, ==, 20);
          g_assert_cmpstr (icalcomponent_get_location (event), ==, "Mercure Hotel, Bingley");
          g_assert_true (g_str_has_prefix (icalcomponent_get_uid (event), "event-"));
        }
      else if (g_strcmp0 (summary_text, "Learning and Innovation event: Bradford Beating Diabetes") == 0)
        {
          seen_session = TRUE;
          g_assert_false (start.is_date);
          g_assert_cmpint (start.hour, ==, 10);
          g_assert_cmpint (start.minute, ==, 30);
          g_assert_cmpint (end.hour, ==, 11);
          g_assert_cmpint (end.minute, ==, 15);
          g_assert_cmpstr (icalcomponent_get_location (event), ==, "Airedale Suite");
          g_assert_nonnull (icalcomponent_get_first_property (event, ICAL_RELATEDTO_PROPERTY));
        }
      else
        {
          g_assert_cmpstr (summary_text, ==, "Integration and Change Board away day");
          g_assert_cmpint (start.day, ==, 12);
          g_assert_cmpint (end.day, ==, 14);
        }
    }
  /* Two events and the one session with a time. */
  g_assert_cmpuint (n_events, ==, 3);
  g_assert_true (seen_event && seen_session);
  icalcomponent_free (calendar);

  /* The same records give the same file, UIDs and all. */
  again = export_text (f, "event", NULL, &options, NULL);
  g_assert_cmpstr (again, ==, text);
}

/* Open Referral UK */

static gboolean
is_uuid (const char *text)
{
  static GRegex *regex;

  if (regex == NULL)
    regex = g_regex_new ("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", 0, 0, NULL);
  return text != NULL && g_regex_match (regex, text, 0, NULL);
}

static void
test_oruk (Fixture *f, gconstpointer data)
{
  JoineryExportOptions options;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *page, *council, *mind, *trust;
  JsonArray *contents, *identifiers;

  joinery_export_options_init (&options, JOINERY_EXPORT_ORUK_JSON);
  text = export_text (f, "organisation", NULL, &options, NULL);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  page = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (page, "total_items"), ==, 3);
  g_assert_true (json_object_get_boolean_member (page, "first_page"));
  g_assert_false (json_object_get_boolean_member (page, "empty"));
  contents = json_object_get_array_member (page, "contents");
  g_assert_cmpuint (json_array_get_length (contents), ==, 3);

  /* Sorted by name, as the list is. */
  trust = json_array_get_object_element (contents, 0);
  council = json_array_get_object_element (contents, 1);
  mind = json_array_get_object_element (contents, 2);
  g_assert_cmpstr (json_object_get_string_member (trust, "name"), ==, "Airedale NHS Foundation Trust");
  g_assert_true (is_uuid (json_object_get_string_member (trust, "id")));
  g_assert_cmpstr (json_object_get_string_member (council, "description"), ==, "Council");
  g_assert_cmpstr (json_object_get_string_member (council, "website"), ==, "https://www.bradford.gov.uk");
  identifiers = json_object_get_array_member (trust, "organization_identifiers");
  g_assert_cmpuint (json_array_get_length (identifiers), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (identifiers, 0),
                                                  "identifier_scheme"), ==, "GB-NHS");
  identifiers = json_object_get_array_member (mind, "organization_identifiers");
  g_assert_cmpuint (json_array_get_length (identifiers), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (identifiers, 0),
                                                  "identifier"), ==, "1123456");
  g_assert_true (is_uuid (json_object_get_string_member (json_array_get_object_element (identifiers, 0), "id")));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (mind, "phones"), 0), "number"), ==, "01632 960200");
  g_assert_cmpstr (json_object_get_string_member (mind, "email"), ==, "hello@example.org");
}

/* Formats, files, progress */

static void
test_formats (Fixture *f, gconstpointer data)
{
  JoineryExportOptions options;
  JoineryExportFormat format;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_export_format_from_string ("360Giving-JSON", &format));
  g_assert_cmpint (format, ==, JOINERY_EXPORT_360GIVING_JSON);
  g_assert_false (joinery_export_format_from_string ("pdf", &format));
  g_assert_cmpstr (joinery_export_format_get_extension (JOINERY_EXPORT_ICS), ==, "ics");
  g_assert_true (joinery_export_format_get_kind (JOINERY_EXPORT_ORUK_JSON) == joinery_kind_lookup ("organisation"));
  g_assert_null (joinery_export_format_get_kind (JOINERY_EXPORT_XLSX));

  joinery_export_options_init (&options, JOINERY_EXPORT_ICS);
  g_assert_false (joinery_export_to_stream (f->tdb->db, joinery_kind_lookup ("person"), NULL, &options, out, NULL,
                                            NULL, &error));
  g_assert_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FORMAT);
}

static void
progress_cb (guint64 done, guint64 total, gpointer data)
{
  guint64 *last = data;
  g_assert_cmpuint (done, <=, total);
  last[0] = done;
  last[1] = total;
}

static void
test_file_and_progress (Fixture *f, gconstpointer data)
{
  JoineryExportOptions options;
  g_autofree char *path = g_build_filename (f->tdb->dir, "people.csv", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  guint64 last[2] = { 0, 0 };
  const char *name;

  joinery_export_options_init (&options, JOINERY_EXPORT_CSV);
  options.include_no_consent = TRUE;
  options.progress = progress_cb;
  options.progress_data = last;
  g_assert_true (joinery_export_to_file (f->tdb->db, joinery_kind_lookup ("person"), NULL, &options, path, NULL,
                                         NULL, &error));
  g_assert_cmpuint (last[0], ==, 3);
  g_assert_cmpuint (last[1], ==, 3);

  /* Cancelled: no file, not even a partial one beside it. */
  g_unlink (path);
  g_cancellable_cancel (cancellable);
  g_assert_false (joinery_export_to_file (f->tdb->db, joinery_kind_lookup ("person"), NULL, &options, path, NULL,
                                          cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  dir = g_dir_open (f->tdb->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".partial"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/exchange/export/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("csv-people", test_csv_people);
  ADD ("csv-query", test_csv_query);
  ADD ("xlsx", test_xlsx);
  ADD ("360giving-json", test_360giving_json);
  ADD ("360giving-schema", test_360giving_schema);
  ADD ("360giving-csv-headers", test_360giving_csv_headers);
  ADD ("360giving-refused", test_360giving_refused);
  ADD ("ics", test_ics);
  ADD ("oruk", test_oruk);
  ADD ("formats", test_formats);
  ADD ("file-and-progress", test_file_and_progress);
#undef ADD
  return g_test_run ();
}
