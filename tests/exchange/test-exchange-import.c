/* test-exchange-import.c: CSV imports, all or nothing.
 *
 * Each case writes a file as a spreadsheet or a person would, imports it
 * into a fresh database and checks the records made, or every problem
 * reported (row, column, reason) and the database file unchanged byte for
 * byte. The file is compared after closing the database, so that what a
 * rolled-back import may have left in the write-ahead log counts too.
 */
#include "joinery-background.h"
#include "exchange-test-util.h"
#include "joinery-import.h"
#include "joinery-import-private.h"
#include "joinery-exchange-error.h"

#include <string.h>
#include <glib/gstdio.h>

typedef struct {
  JoineryTestDb *tdb;
  char          *mappings;  /* a key file of saved mappings */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->tdb = joinery_test_db_new ();
  f->mappings = g_build_filename (f->tdb->dir, "mappings.ini", NULL);
  joinery_test_create (f->tdb->db, "organisation", "name", "Bradford Council", "kind", "council", NULL);
  joinery_test_create (f->tdb->db, "organisation", "name", "Sanctuary at Mind", "kind", "voluntary", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_free (f->mappings);
  joinery_test_db_free (f->tdb);
}

static char *
write_file (Fixture *f, const char *name, const char *data, gssize length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->tdb->dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

static GBytes *
snapshot (Fixture *f)
{
  return exchange_test_snapshot (f->tdb);
}

static void
assert_unchanged (Fixture *f, GBytes *before)
{
  g_autoptr(GBytes) after = snapshot (f);
  g_assert_true (g_bytes_equal (before, after));
}

static gint64
count (Fixture *f, const char *kind)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (joinery_db_count (f->tdb->db, joinery_kind_lookup (kind), NULL, &n, &error));
  g_assert_no_error (error);
  return n;
}

static JoineryRecord *
find_person (Fixture *f, const char *email)
{
  const JoineryKind *kind = joinery_kind_lookup ("person");
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_query_add_filter (query, "email", JOINERY_FILTER_EQUAL, email, &error));
  found = joinery_db_list (f->tdb->db, kind, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return g_object_ref (found->pdata[0]);
}

static JoineryImportReport *
import_file (Fixture *f, JoineryImport *import)
{
  g_autoptr(GError) error = NULL;
  JoineryImportReport *report = joinery_import_run (import, f->tdb->db, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static JoineryImportReport *
import_data (Fixture *f, const char *kind, const char *data, gssize length)
{
  g_autofree char *path = write_file (f, "import.csv", data, length);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup (kind), path);
  return import_file (f, import);
}

static void
assert_problem (JoineryImportReport *report, guint index, guint64 row, guint column,
                const char *column_name, const char *fragment)
{
  JoineryImportProblem *problem;

  g_assert_cmpuint (report->problems->len, >, index);
  problem = report->problems->pdata[index];
  if (strstr (problem->message, fragment) == NULL)
    g_error ("problem %u: “%s” does not say “%s”", index, problem->message, fragment);
  g_assert_cmpuint (problem->row, ==, row);
  g_assert_cmpuint (problem->column, ==, column);
  g_assert_cmpstr (problem->column_name, ==, column_name);
}

/* Mapping */

static void
test_guess_mapping (Fixture *f, gconstpointer data)
{
  const char *people[] = { "First Name", "Last Name", "E-mail Address", "Organization", "Telephone",
                           "Consent", "Notes", "ID" };
  const char *organisations[] = { "Organisation name", "Type", "Charity No.", "Web address", "Postcode" };
  g_autoptr(JoineryImportMapping) person = joinery_import_mapping_guess (joinery_kind_lookup ("person"),
                                                                         people, G_N_ELEMENTS (people));
  g_autoptr(JoineryImportMapping) organisation =
    joinery_import_mapping_guess (joinery_kind_lookup ("organisation"), organisations, G_N_ELEMENTS (organisations));
  g_auto(GStrv) columns = joinery_import_mapping_dup_columns (person);

  g_assert_cmpstr (joinery_import_mapping_get_column (person, "First Name"), ==, "name");
  g_assert_cmpstr (joinery_import_mapping_get_column (person, "Last Name"), ==, "name");
  g_assert_cmpstr (joinery_import_mapping_get_column (person, "E-mail Address"), ==, "email");
  g_assert_cmpstr (joinery_import_mapping_get_column (person, "Organization"), ==, "organisation");
  g_assert_cmpstr (joinery_import_mapping_get_column (person, "Telephone"), ==, "phone");
  g_assert_cmpstr (joinery_import_mapping_get_column (person, "Consent"), ==, "consent_to_contact");
  g_assert_cmpstr (joinery_import_mapping_get_column (person, "ID"), ==, "id");
  /* A person has no notes: left out, but known to the mapping. */
  g_assert_null (joinery_import_mapping_get_column (person, "Notes"));
  g_assert_true (joinery_import_mapping_has_column (person, "Notes"));
  /* Headers compare without case, spaces or punctuation. */
  g_assert_cmpstr (joinery_import_mapping_get_column (person, "email address"), ==, "email");
  g_assert_cmpuint (g_strv_length (columns), ==, G_N_ELEMENTS (people));

  g_assert_cmpstr (joinery_import_mapping_get_column (organisation, "Organisation name"), ==, "name");
  g_assert_cmpstr (joinery_import_mapping_get_column (organisation, "Type"), ==, "kind");
  g_assert_cmpstr (joinery_import_mapping_get_column (organisation, "Charity No."), ==, "charity_number");
  g_assert_cmpstr (joinery_import_mapping_get_column (organisation, "Web address"), ==, "website");
  g_assert_null (joinery_import_mapping_get_column (organisation, "Postcode"));
}

static void
test_edit_mapping (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryImportMapping) mapping = joinery_import_mapping_new (joinery_kind_lookup ("person"));
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_import_mapping_set_column (mapping, "Mail", "email", &error));
  g_assert_cmpstr (joinery_import_mapping_get_column (mapping, "MAIL"), ==, "email");
  g_assert_true (joinery_import_mapping_set_column (mapping, "Mail", NULL, &error));
  g_assert_null (joinery_import_mapping_get_column (mapping, "Mail"));
  g_assert_false (joinery_import_mapping_set_column (mapping, "Mail", "shoe_size", &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);
  g_assert_true (joinery_import_mapping_set_default (mapping, "job_title", "Volunteer", &error));
  g_assert_cmpstr (joinery_import_mapping_get_default (mapping, "job_title"), ==, "Volunteer");
  g_assert_true (joinery_import_mapping_set_default (mapping, "job_title", NULL, &error));
  g_assert_null (joinery_import_mapping_get_default (mapping, "job_title"));
  g_assert_false (joinery_import_mapping_set_default (mapping, "id", "3", &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD);
}

static void
test_saved_mappings (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryImportMapping) mapping = joinery_import_mapping_new (joinery_kind_lookup ("organisation"));
  g_autoptr(JoineryImportMapping) members = joinery_import_mapping_new (joinery_kind_lookup ("person"));
  g_autoptr(JoineryImportMapping) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) columns = NULL;

  joinery_import_mapping_set_column (mapping, "Org; name", "name", NULL);
  joinery_import_mapping_set_column (mapping, "Sector", "kind", NULL);
  joinery_import_mapping_set_column (mapping, "Internal ref", NULL, NULL);
  joinery_import_mapping_set_default (mapping, "kind", "voluntary", NULL);
  g_assert_true (joinery_import_mapping_save (mapping, f->mappings, "Partner list", &error));
  g_assert_no_error (error);
  g_assert_true (joinery_import_mapping_save (members, f->mappings, "Members", &error));
  g_assert_no_error (error);

  names = joinery_import_mapping_list (f->mappings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Members");
  g_assert_cmpstr (names[1], ==, "Partner list");
  g_clear_pointer (&names, g_strfreev);
  names = joinery_import_mapping_list (f->mappings, joinery_kind_lookup ("organisation"), &error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);

  loaded = joinery_import_mapping_load (f->mappings, "Partner list", &error);
  g_assert_no_error (error);
  g_assert_true (joinery_import_mapping_get_kind (loaded) == joinery_kind_lookup ("organisation"));
  columns = joinery_import_mapping_dup_columns (loaded);
  g_assert_cmpuint (g_strv_length (columns), ==, 3);
  g_assert_cmpstr (columns[0], ==, "Org; name");
  g_assert_cmpstr (joinery_import_mapping_get_column (loaded, "org; name"), ==, "name");
  g_assert_cmpstr (joinery_import_mapping_get_column (loaded, "Sector"), ==, "kind");
  g_assert_true (joinery_import_mapping_has_column (loaded, "Internal ref"));
  g_assert_null (joinery_import_mapping_get_column (loaded, "Internal ref"));
  g_assert_cmpstr (joinery_import_mapping_get_default (loaded, "kind"), ==, "voluntary");

  g_assert_false (joinery_import_mapping_save (mapping, f->mappings, "Bad [name]", &error));
  g_assert_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_MAPPING);
  g_clear_error (&error);
  g_assert_null (joinery_import_mapping_load (f->mappings, "Nothing", &error));
  g_assert_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_MAPPING);
  g_clear_error (&error);
  g_assert_true (joinery_import_mapping_delete (f->mappings, "Members", &error));
  g_clear_pointer (&names, g_strfreev);
  names = joinery_import_mapping_list (f->mappings, NULL, &error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
}

/* A mappings file edited by hand, or damaged, whose mapping names are not
 * UTF-8: those are not listed (no one could name them, and sorting them
 * by their letters read past their end); the others are, in order. */
static void
test_saved_mappings_not_utf8 (Fixture *f, gconstpointer data)
{
  static const char text[] = "[mapping Zebra]\nkind=person\n[mapping b\xc3]\nkind=person\n"
                             "[mapping c\xe2\x82]\nkind=person\n[mapping Apple]\nkind=person\n";
  g_autofree char *path = write_file (f, "mappings-not-utf8.ini", text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = joinery_import_mapping_list (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Apple");
  g_assert_cmpstr (names[1], ==, "Zebra");
}

static void
test_saved_mapping_used (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryImportMapping) mapping = joinery_import_mapping_new (joinery_kind_lookup ("organisation"));
  g_autofree char *path = write_file (f, "partners.csv", "Ref,Org,Region notes\r\n7,Craven Voluntary Action,x\r\n", -1);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("organisation"), path);
  g_autoptr(JoineryImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  JoineryImportMapping *loaded;

  /* Next month's file, its columns in another order: the header decides. */
  joinery_import_mapping_set_column (mapping, "Org", "name", NULL);
  joinery_import_mapping_set_column (mapping, "Ref", NULL, NULL);
  joinery_import_mapping_set_default (mapping, "kind", "voluntary", NULL);
  g_assert_true (joinery_import_mapping_save (mapping, f->mappings, "Partners", &error));
  loaded = joinery_import_mapping_load (f->mappings, "Partners", &error);
  g_assert_no_error (error);
  joinery_import_set_mapping (import, loaded);
  report = import_file (f, import);
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_cmpuint (report->created, ==, 1);
  g_assert_cmpint (count (f, "organisation"), ==, 3);
}

/* Encodings, separators, quoting */

static void
assert_three_people (Fixture *f, JoineryImportReport *report)
{
  g_autoptr(JoineryRecord) zoe = NULL;
  g_autoptr(JoineryRecord) sian = NULL;

  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_true (report->committed);
  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpint (count (f, "person"), ==, 3);
  zoe = find_person (f, "zoe@example.org");
  g_assert_cmpstr (joinery_record_get_text (zoe, "name"), ==, "Zoë Whitfield");
  g_assert_cmpstr (joinery_record_get_text (zoe, "job_title"), ==, "Lead, £5k fund");
  g_assert_cmpstr (joinery_record_get_reference_label (zoe, "organisation"), ==, "Bradford Council");
  sian = find_person (f, "sian@example.org");
  g_assert_cmpstr (joinery_record_get_text (sian, "name"), ==, "Siân Hargreaves");
  g_assert_cmpstr (joinery_record_get_text (sian, "job_title"), ==, "Said \"hello\"");
}

static void
test_utf8_bom_comma (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryImportReport) report =
    import_data (f, "person",
                 "\xEF\xBB\xBFName,Email,Job title,Organisation\r\n"
                 "Zoë Whitfield,zoe@example.org,\"Lead, £5k fund\",Bradford Council\r\n"
                 "Siân Hargreaves,sian@example.org,\"Said \"\"hello\"\"\",\r\n"
                 "Tomasz Nowak,tomasz@example.org,,Sanctuary at Mind\r\n", -1);
  assert_three_people (f, report);
}

static void
test_utf8_semicolon (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryImportReport) report =
    import_data (f, "person",
                 "Name;Email;Job title;Organisation\n"
                 "Zoë Whitfield;zoe@example.org;Lead, £5k fund;Bradford Council\n"
                 "Siân Hargreaves;sian@example.org;\"Said \"\"hello\"\"\";\n"
                 "Tomasz Nowak;tomasz@example.org;;Sanctuary at Mind\n", -1);
  assert_three_people (f, report);
}

static void
test_windows_1252_tab (Fixture *f, gconstpointer data)
{
  /* As Excel saves "Text (Tab delimited)" in Britain: ë is EB, â E2, £ A3. */
  g_autoptr(JoineryImportReport) report =
    import_data (f, "person",
                 "Name\tEmail\tJob title\tOrganisation\r\n"
                 "Zo\xEB Whitfield\tzoe@example.org\tLead, \xA3" "5k fund\tBradford Council\r\n"
                 "Si\xE2n Hargreaves\tsian@example.org\t\"Said \"\"hello\"\"\"\t\r\n"
                 "Tomasz Nowak\ttomasz@example.org\t\tSanctuary at Mind\r\n", -1);
  assert_three_people (f, report);
}

static void
test_quoted_newlines (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryImportReport) report =
    import_data (f, "organisation",
                 "Name,Kind,Description,Address\r\n"
                 "Gold Line Service,other,\"Telephone support\r\nfor people in their last year of life\","
                 "\"Airedale General Hospital\nSkipton Road, Steeton\"\r\n", -1);
  const JoineryKind *kind = joinery_kind_lookup ("organisation");
  g_autoptr(JoineryRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_true (joinery_db_find_by_label (f->tdb->db, kind, "Gold Line Service", &id, &error));
  record = joinery_db_get (f->tdb->db, kind, id, &error);
  g_assert_cmpstr (joinery_record_get_text (record, "description"), ==,
                   "Telephone support\r\nfor people in their last year of life");
  g_assert_cmpstr (joinery_record_get_text (record, "address"), ==, "Airedale General Hospital\nSkipton Road, Steeton");
}

static void
test_defaults_and_joined_names (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "orgs.csv", "Organisation name,Charity no\nCraven Voluntary Action,1115733\n"
                                      "Keighley Healthy Living,\n", -1);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("organisation"), path);
  g_autoptr(JoineryImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* No kind column: the mapping's default fills it. */
  g_assert_true (joinery_import_read_preview (import, 5, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_import_mapping_set_default (joinery_import_get_mapping (import), "kind", "voluntary", &error));
  report = import_file (f, import);
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpint (count (f, "organisation"), ==, 4);
}

static void
test_preview (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "p.csv", "First name;Surname;Email\nAda;Lovelace;ada@example.org\n"
                                      "\n;;\nBob;Smith;bob@example.org\nCy;Young;cy@example.org\n", -1);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("person"), path);
  g_autoptr(GError) error = NULL;
  const char * const *headers;
  GPtrArray *rows;

  g_assert_true (joinery_import_read_preview (import, 2, NULL, &error));
  g_assert_no_error (error);
  headers = joinery_import_get_headers (import);
  g_assert_cmpuint (g_strv_length ((char **) headers), ==, 3);
  g_assert_cmpstr (headers[1], ==, "Surname");
  rows = joinery_import_get_preview_rows (import);
  /* Empty rows are not shown. */
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((char **) rows->pdata[1])[0], ==, "Bob");
  g_assert_cmpint (joinery_import_get_separator (import), ==, ';');
  g_assert_cmpint (joinery_import_get_encoding (import), ==, JOINERY_CSV_ENCODING_UTF8);
  g_assert_cmpstr (joinery_import_mapping_get_column (joinery_import_get_mapping (import), "Surname"), ==, "name");
}

/* Problems: each named, the database untouched */

static void
test_problem_column_count (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  g_autoptr(JoineryImportReport) report =
    import_data (f, "person", "Name,Email,Job title\nAda,ada@example.org,Analyst\n"
                              "Bob,bob@example.org,Clerk,extra\nCy,cy@example.org\n", -1);

  g_assert_false (report->committed);
  g_assert_cmpuint (report->n_problems, ==, 2);
  /* At the first cell too many (no header above it), or the first missing. */
  assert_problem (report, 0, 3, 4, NULL, "4 cells where the header has 3");
  assert_problem (report, 1, 4, 3, "Job title", "2 cells where the header has 3");
  assert_unchanged (f, before);
}

static void
test_problem_bad_date (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  g_autoptr(JoineryImportReport) report =
    import_data (f, "person", "Name,Email,Consent,Consent recorded on\n"
                              "Ada,ada@example.org,yes,2017-05-19\n"
                              "Bob,bob@example.org,yes,31/02/2017\n", -1);

  g_assert_false (report->committed);
  g_assert_cmpuint (report->n_problems, ==, 1);
  assert_problem (report, 0, 3, 4, "Consent recorded on", "Consent recorded on:");
  g_assert_cmpstr (((JoineryImportProblem *) report->problems->pdata[0])->field, ==, "consent_recorded_on");
  assert_unchanged (f, before);
}

static void
test_problem_unknown_reference (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  g_autoptr(JoineryImportReport) report =
    import_data (f, "person", "Name,Email,Organisation\n"
                              "Ada,ada@example.org,Bradford Council\n"
                              "Bob,bob@example.org,Nowhere Trust\n", -1);

  g_assert_cmpuint (report->n_problems, ==, 1);
  assert_problem (report, 0, 3, 3, "Organisation", "there is no organisation called “Nowhere Trust”");
  assert_unchanged (f, before);
}

static void
test_problem_duplicate (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  g_autoptr(JoineryImportReport) report =
    import_data (f, "person", "Name,Email\nAda,ada@example.org\nBob,bob@example.org\nAda L.,ADA@example.org\n", -1);

  g_assert_cmpuint (report->n_problems, ==, 1);
  assert_problem (report, 0, 4, 2, "Email", "a duplicate: row 2 of this file is the same person");
  assert_unchanged (f, before);
}

static void
test_problem_duplicate_of_unique (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(JoineryImportReport) report = NULL;

  /* Themes are unique by name; matching by name is off, so the second is a
   * new theme the database refuses. */
  joinery_test_create (f->tdb->db, "theme", "name", "Prevention", NULL);
  before = snapshot (f);
  {
    g_autofree char *path = write_file (f, "themes.csv", "Name\nFrailty\nPrevention\n", -1);
    g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("theme"), path);
    joinery_import_set_match (import, JOINERY_IMPORT_MATCH_NONE);
    report = import_file (f, import);
  }
  g_assert_cmpuint (report->n_problems, ==, 1);
  assert_problem (report, 0, 3, 1, "Name", "a theme of this name already exists");
  assert_unchanged (f, before);
}

static void
test_problem_binary (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  static const char junk[] = "Name,Email\nAda,ada@example.org\n\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xd8";
  g_autoptr(JoineryImportReport) report = import_data (f, "person", junk, sizeof junk - 1);

  g_assert_false (report->committed);
  g_assert_cmpuint (report->n_problems, ==, 1);
  /* Found before the header could be read: no column names. */
  assert_problem (report, 0, 5, 1, NULL, "NUL byte");
  assert_unchanged (f, before);
}

static void
test_problem_huge_field (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  g_autoptr(GString) text = g_string_new ("Name,Description,Kind\nBig Trust,\"");
  g_autoptr(JoineryImportReport) report = NULL;

  for (guint i = 0; i < 10 * 1000 * 1000 / 10; i++)
    g_string_append (text, "0123456789");
  g_string_append (text, "\",voluntary\n");
  report = import_data (f, "organisation", text->str, (gssize) text->len);
  g_assert_cmpuint (report->n_problems, ==, 1);
  assert_problem (report, 0, 2, 2, "Description", "longer than 1 MiB");
  assert_unchanged (f, before);
}

static void
test_problem_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  g_autoptr(JoineryImportReport) report = import_data (f, "person", "", 0);

  g_assert_cmpuint (report->n_problems, ==, 1);
  assert_problem (report, 0, 1, 0, NULL, "the file is empty");
  assert_unchanged (f, before);
}

static void
test_problem_many_listed_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  g_autoptr(GString) text = g_string_new ("Name,Email\n");
  g_autoptr(JoineryImportReport) report = NULL;

  /* Every row bad: each counted, the first JOINERY_IMPORT_MAX_PROBLEMS listed. */
  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (text, "Person %u,not-an-email-%u\n", i, i);
  report = import_data (f, "person", text->str, (gssize) text->len);
  g_assert_cmpuint (report->n_problems, ==, 1500);
  g_assert_cmpuint (report->problems->len, ==, JOINERY_IMPORT_MAX_PROBLEMS);
  assert_problem (report, 0, 2, 2, "Email", "Email:");
  assert_problem (report, 999, 1001, 2, "Email", "Email:");
  assert_unchanged (f, before);
}

static void
test_problem_required_unmapped (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  g_autoptr(JoineryImportReport) report = NULL;
  g_autofree char *path = write_file (f, "orgs.csv", "Organisation,Website\nNew Trust,https://example.org\n", -1);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("organisation"), path);

  joinery_import_set_match (import, JOINERY_IMPORT_MATCH_NONE);
  report = import_file (f, import);
  g_assert_cmpuint (report->n_problems, ==, 1);
  assert_problem (report, 0, 1, 0, NULL, "no column is mapped to Kind");
  g_assert_cmpuint (report->rows, ==, 0);
  assert_unchanged (f, before);
}

/* Matching */

static JoineryImportReport *
import_with (Fixture *f, const char *kind, const char *data, JoineryImportMatch match, JoineryImportOnMatch on_match)
{
  g_autofree char *path = write_file (f, "match.csv", data, -1);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup (kind), path);

  joinery_import_set_match (import, match);
  joinery_import_set_on_match (import, on_match);
  return import_file (f, import);
}

static void
test_match_on_email (Fixture *f, gconstpointer data)
{
  const char *file = "Name,Email,Job title,Phone\nAda Lovelace,ADA@example.org,Analyst,01632 960999\n"
                     "Bob Smith,bob@example.org,Clerk,\n";
  g_autoptr(JoineryRecord) ada = NULL;

  joinery_test_create (f->tdb->db, "person", "name", "Ada Lovelace", "email", "ada@example.org",
                       "phone", "01632 960001", NULL);

  {
    g_autoptr(JoineryImportReport) report = import_with (f, "person", file, JOINERY_IMPORT_MATCH_EMAIL,
                                                         JOINERY_IMPORT_ON_MATCH_FILL);
    g_assert_cmpuint (report->n_problems, ==, 0);
    g_assert_cmpuint (report->created, ==, 1);
    g_assert_cmpuint (report->updated, ==, 1);
  }
  /* Fill: the empty job title filled, the phone kept. */
  ada = find_person (f, "ada@example.org");
  g_assert_cmpstr (joinery_record_get_text (ada, "job_title"), ==, "Analyst");
  g_assert_cmpstr (joinery_record_get_text (ada, "phone"), ==, "01632 960001");
  g_clear_object (&ada);

  {
    g_autoptr(JoineryImportReport) report = import_with (f, "person", file, JOINERY_IMPORT_MATCH_AUTO,
                                                         JOINERY_IMPORT_ON_MATCH_SKIP);
    g_assert_cmpuint (report->created, ==, 0);
    g_assert_cmpuint (report->skipped, ==, 2);
  }
  {
    g_autoptr(JoineryImportReport) report = import_with (f, "person", file, JOINERY_IMPORT_MATCH_EMAIL,
                                                         JOINERY_IMPORT_ON_MATCH_UPDATE);
    g_assert_cmpuint (report->updated, ==, 1);
    /* Bob's empty phone changes nothing: he is as the file says. */
    g_assert_cmpuint (report->unchanged, ==, 1);
  }
  ada = find_person (f, "ada@example.org");
  g_assert_cmpstr (joinery_record_get_text (ada, "phone"), ==, "01632 960999");
  g_assert_cmpint (count (f, "person"), ==, 2);
}

static void
test_match_on_name_and_id (Fixture *f, gconstpointer data)
{
  gint64 bradford = 0;
  g_autofree char *by_id = NULL;

  g_assert_true (joinery_db_find_by_label (f->tdb->db, joinery_kind_lookup ("organisation"), "Bradford Council",
                                           &bradford, NULL));
  {
    g_autoptr(JoineryImportReport) report =
      import_with (f, "organisation", "Name,Kind,Website\nbradford council,council,https://www.bradford.gov.uk\n",
                   JOINERY_IMPORT_MATCH_AUTO, JOINERY_IMPORT_ON_MATCH_UPDATE);
    g_assert_cmpuint (report->n_problems, ==, 0);
    g_assert_cmpuint (report->updated, ==, 1);
    g_assert_cmpint (count (f, "organisation"), ==, 2);
  }
  by_id = g_strdup_printf ("ID,Name\n%" G_GINT64_FORMAT ",City of Bradford MDC\n,New Partnership Trust\n", bradford);
  {
    g_autoptr(JoineryImportReport) report = import_with (f, "organisation", by_id, JOINERY_IMPORT_MATCH_AUTO,
                                                         JOINERY_IMPORT_ON_MATCH_UPDATE);
    /* The second row has no id: a new record, which needs a kind. */
    g_assert_cmpuint (report->n_problems, ==, 1);
    assert_problem (report, 0, 3, 0, NULL, "Kind: must be set");
  }
  {
    g_autoptr(JoineryImportReport) report = import_with (f, "organisation", "ID,Name\n999,Nobody\n",
                                                         JOINERY_IMPORT_MATCH_ID, JOINERY_IMPORT_ON_MATCH_UPDATE);
    assert_problem (report, 0, 2, 1, "ID", "there is no organisation #999");
  }
}

static void
test_match_defaults_fill_only (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "orgs.csv", "Name,Website\nBradford Council,https://www.bradford.gov.uk\n"
                                      "Keighley Healthy Living,\n", -1);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("organisation"), path);
  g_autoptr(JoineryImportReport) report = NULL;
  g_autoptr(JoineryRecord) council = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (joinery_import_read_preview (import, 2, NULL, &error));
  joinery_import_mapping_set_default (joinery_import_get_mapping (import), "kind", "voluntary", NULL);
  joinery_import_set_on_match (import, JOINERY_IMPORT_ON_MATCH_UPDATE);
  report = import_file (f, import);
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpuint (report->created, ==, 1);
  /* The default made the new one voluntary, and left the council a council. */
  g_assert_true (joinery_db_find_by_label (f->tdb->db, joinery_kind_lookup ("organisation"), "Bradford Council",
                                           &id, &error));
  council = joinery_db_get (f->tdb->db, joinery_kind_lookup ("organisation"), id, &error);
  g_assert_cmpstr (joinery_record_get_text (council, "kind"), ==, "council");
  g_assert_cmpstr (joinery_record_get_text (council, "website"), ==, "https://www.bradford.gov.uk");
}

static void
test_match_same_record_twice (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(JoineryImportReport) report = NULL;

  joinery_test_create (f->tdb->db, "person", "name", "Ada Lovelace", "email", "ada@example.org", NULL);
  before = snapshot (f);
  report = import_with (f, "person", "Email,Job title\nada@example.org,Analyst\nAda@Example.org,Director\n",
                        JOINERY_IMPORT_MATCH_EMAIL, JOINERY_IMPORT_ON_MATCH_UPDATE);
  g_assert_cmpuint (report->n_problems, ==, 1);
  assert_problem (report, 0, 3, 1, "Email", "a duplicate: row 2 of this file");
  assert_unchanged (f, before);
}

/* Dry run, undo, cancel, progress */

static void
test_dry_run (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  g_autofree char *path = write_file (f, "dry.csv", "Name,Email\nAda,ada@example.org\nBob,bob@example.org\n", -1);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("person"), path);
  g_autoptr(JoineryImportReport) report = NULL;

  joinery_import_set_dry_run (import, TRUE);
  report = import_file (f, import);
  g_assert_true (report->dry_run);
  g_assert_false (report->committed);
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpuint (report->n_problems, ==, 0);
  assert_unchanged (f, before);
}

static void
test_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryImportReport) report =
    import_data (f, "person", "Name,Email\nAda,ada@example.org\nBob,bob@example.org\n", -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  g_assert_true (report->undoable);
  g_assert_cmpint (count (f, "person"), ==, 2);
  g_assert_true (joinery_db_undo (f->tdb->db, &label, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (label, ==, "Import people from “import.csv”");
  g_assert_cmpint (count (f, "person"), ==, 0);
}

static char *
write_people (Fixture *f, guint n)
{
  g_autoptr(GString) text = g_string_new ("Name,Email,Organisation,Consent\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "Person %u,person%u@example.org,Bradford Council,%s\n", i, i,
                            i % 3 == 0 ? "yes" : "no");
  return write_file (f, "people.csv", text->str, (gssize) text->len);
}

typedef struct {
  GMainLoop           *loop;
  GCancellable        *cancellable;
  JoineryImportReport *report;
  GError              *error;
  guint                progress_calls;
  guint64              rows_at_cancel;
  guint64              last_bytes;
  guint64              total_bytes;
} AsyncState;

static void
async_progress_cb (const JoineryImportProgress *progress, gpointer data)
{
  AsyncState *state = data;

  /* Delivered in this (the caller's) thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpuint (progress->bytes_read, >=, state->last_bytes);
  state->last_bytes = progress->bytes_read;
  state->total_bytes = progress->bytes_total;
  state->progress_calls++;
  if (state->cancellable != NULL && state->rows_at_cancel == 0 && progress->rows > 0)
    {
      state->rows_at_cancel = progress->rows;
      g_cancellable_cancel (state->cancellable);
    }
}

static void
async_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *state = data;
  state->report = joinery_import_run_finish (JOINERY_IMPORT (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_people (f, 3000);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("person"), path);
  AsyncState state = { g_main_loop_new (NULL, FALSE) };
  guint background_jobs = joinery_background_get_n_run ();
  int nice = joinery_background_get_nice ();
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  joinery_import_run_async (import, f->tdb->path, async_progress_cb, &state, NULL, NULL, async_done_cb, &state);
  g_main_loop_run (state.loop);
  /* Run as background work, on a thread of its own at a lower priority
   * (not one of GLib's, which would keep it); this thread's as it was. */
  g_assert_cmpuint (joinery_background_get_n_run (), ==, background_jobs + 1);
  g_assert_cmpint (joinery_background_get_nice (), ==, nice);
  /* The last message may follow the result: let it come. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_no_error (state.error);
  g_assert_nonnull (state.report);
  g_assert_true (state.report->committed);
  g_assert_cmpuint (state.report->created, ==, 3000);
  g_assert_cmpuint (state.progress_calls, >=, 1);
  g_assert_cmpuint (state.last_bytes, ==, (guint64) st.st_size);
  g_assert_cmpuint (state.total_bytes, ==, (guint64) st.st_size);
  /* Another connection made the change: this one sees it. */
  g_assert_cmpint (count (f, "person"), ==, 3000);
  joinery_import_report_free (state.report);
  g_main_loop_unref (state.loop);
}

static void
test_cancel_halfway (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_people (f, 60000);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("person"), path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) before = snapshot (f);
  AsyncState state = { g_main_loop_new (NULL, FALSE), cancellable };

  joinery_import_run_async (import, f->tdb->path, async_progress_cb, &state, NULL, cancellable,
                            async_done_cb, &state);
  g_main_loop_run (state.loop);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (state.report);
  /* Cancelled part of the way through, not before or after. */
  g_assert_cmpuint (state.rows_at_cancel, >, 0);
  g_assert_cmpuint (state.rows_at_cancel, <, 60000);
  g_clear_error (&state.error);
  g_main_loop_unref (state.loop);
  assert_unchanged (f, before);
  g_assert_cmpint (count (f, "person"), ==, 0);
}

static void
test_cancel_before (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_people (f, 10);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("person"), path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) before = snapshot (f);
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_null (joinery_import_run (import, f->tdb->db, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_unchanged (f, before);
}

/* 60,000 people: past the size of an undoable step. */
static GString *
dup_bulk_people (void)
{
  GString *text = g_string_new ("Name,Email,Organisation,Job title\n");

  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (text, "Person %u,person%u@example.org,Bradford Council,Community Development Worker\n", i, i);
  g_assert_cmpuint (text->len, >, JOINERY_IMPORT_UNDO_MAX_BYTES);
  return text;
}

static void
test_large_bulk (Fixture *f, gconstpointer data)
{
  /* Past the size of an undoable step: imported in bulk, still whole. */
  g_autofree char *path = NULL;
  g_autoptr(GString) text = dup_bulk_people ();
  g_autoptr(JoineryImport) import = NULL;
  g_autoptr(JoineryImportReport) report = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  path = write_file (f, "bulk.csv", text->str, (gssize) text->len);
  import = joinery_import_new (joinery_kind_lookup ("person"), path);
  report = import_file (f, import);
  g_assert_cmpuint (report->n_problems, ==, 0);
  /* Made records and changed none: undone by removing them. */
  g_assert_true (report->undoable);
  g_assert_cmpuint (report->created, ==, 60000);
  /* Searchable at once. */
  hits = joinery_db_search (f->tdb->db, "person59999", joinery_kind_lookup ("person"), 5, "[", "]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  joinery_test_assert_check_clean (f->tdb->db);

  /* And a bad row at the end of a bulk file undoes all of it. */
  g_string_append (text, "Last One,not an email,Bradford Council,\n");
  g_clear_pointer (&path, g_free);
  g_clear_object (&import);
  g_clear_pointer (&report, joinery_import_report_free);
  path = write_file (f, "bulk2.csv", text->str, (gssize) text->len);
  before = snapshot (f);
  import = joinery_import_new (joinery_kind_lookup ("person"), path);
  joinery_import_set_match (import, JOINERY_IMPORT_MATCH_NONE);
  report = import_file (f, import);
  g_assert_cmpuint (report->n_problems, ==, 1);
  assert_problem (report, 0, 60002, 2, "Email", "Email:");
  assert_unchanged (f, before);
}

/* The SQL of the people table's indexes, one line each. */
static char *
dup_people_indexes (Fixture *f)
{
  sqlite3 *handle = joinery_db_get_handle (f->tdb->db);
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT sql FROM sqlite_schema WHERE type = 'index' "
                                       "AND tbl_name = 'people' ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
query_int (Fixture *f, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (f->tdb->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
test_large_bulk_indexes (Fixture *f, gconstpointer data)
{
  /* A bulk import drops the indexes no row needs and makes them again
   * before it commits: matching by email still finds a record already
   * there and a duplicate in the file, and the indexes come back as they
   * were, after a commit as after a dry run or a problem. */
  g_autofree char *indexes = dup_people_indexes (f);
  g_autofree char *path = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GString) text = dup_bulk_people ();
  g_autoptr(JoineryImport) import = NULL;
  g_autoptr(JoineryImportReport) report = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) kept = NULL;
  const char *again = "Again,PERSON12@example.org,Bradford Council,\n";

  g_assert_cmpstr (indexes, ==,
                   "CREATE INDEX people_email ON people (email COLLATE NOCASE)\n"
                   "CREATE INDEX people_name ON people (name COLLATE NOCASE)\n"
                   "CREATE INDEX people_organisation ON people (organisation_id)\n");
  joinery_test_create (f->tdb->db, "person", "name", "Already Here", "email", "Person30000@Example.org", NULL);
  path = write_file (f, "bulk.csv", text->str, (gssize) text->len);

  /* A dry run leaves the file as it was, byte for byte. */
  before = snapshot (f);
  import = joinery_import_new (joinery_kind_lookup ("person"), path);
  joinery_import_set_dry_run (import, TRUE);
  report = import_file (f, import);
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_cmpuint (report->created, ==, 59999);
  g_assert_false (report->committed);
  assert_unchanged (f, before);
  g_clear_pointer (&report, joinery_import_report_free);
  g_clear_object (&import);

  /* A duplicate in the file: found by email while the other indexes are
   * gone, and nothing is left behind. */
  g_string_append (text, again);
  g_clear_pointer (&path, g_free);
  path = write_file (f, "bulk-duplicate.csv", text->str, (gssize) text->len);
  import = joinery_import_new (joinery_kind_lookup ("person"), path);
  report = import_file (f, import);
  g_assert_cmpuint (report->n_problems, ==, 1);
  assert_problem (report, 0, 60002, 2, "Email", "row 14 of this file");
  assert_unchanged (f, before);
  g_clear_pointer (&report, joinery_import_report_free);
  g_clear_object (&import);

  /* For real: the record already there is matched, the rest are made. */
  g_clear_pointer (&path, g_free);
  g_string_truncate (text, text->len - strlen (again));
  path = write_file (f, "bulk.csv", text->str, (gssize) text->len);
  import = joinery_import_new (joinery_kind_lookup ("person"), path);
  report = import_file (f, import);
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_true (report->committed);
  g_assert_cmpuint (report->created, ==, 59999);
  g_assert_cmpuint (report->skipped, ==, 1);
  g_assert_cmpint (count (f, "person"), ==, 60000);
  kept = find_person (f, "person30000@example.org");
  g_assert_cmpstr (joinery_record_get_text (kept, "name"), ==, "Already Here");
  after = dup_people_indexes (f);
  g_assert_cmpstr (after, ==, indexes);
  /* The indexes were sorted through temporary files; the connection's
   * own setting is back. */
  g_assert_cmpint (query_int (f, "PRAGMA temp_store"), ==, 2);
  g_assert_cmpint (query_int (f, "PRAGMA cache_size"), ==, -32768);
  hits = joinery_db_search (f->tdb->db, "person59999", joinery_kind_lookup ("person"), 5, "[", "]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  joinery_test_assert_check_clean (f->tdb->db);
}

/* The same file imported in bulk (the threshold set below its size) and
 * as one undoable step. */
static JoineryImportReport *
import_people_sized (Fixture *f, const char *data, gboolean bulk, gboolean dry_run)
{
  g_autofree char *path = write_file (f, "people.csv", data, -1);
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("person"), path);

  joinery_import_set_match (import, JOINERY_IMPORT_MATCH_EMAIL);
  joinery_import_set_dry_run (import, dry_run);
  if (bulk)
    joinery_import_set_bulk_bytes (import, 16);
  return import_file (f, import);
}

static void
assert_same_problems (JoineryImportReport *a, JoineryImportReport *b)
{
  g_assert_cmpuint (a->n_problems, ==, b->n_problems);
  g_assert_cmpuint (a->problems->len, ==, b->problems->len);
  for (guint i = 0; i < a->problems->len; i++)
    {
      JoineryImportProblem *x = a->problems->pdata[i], *y = b->problems->pdata[i];
      g_assert_cmpuint (x->row, ==, y->row);
      g_assert_cmpuint (x->column, ==, y->column);
      g_assert_cmpstr (x->column_name, ==, y->column_name);
      g_assert_cmpstr (x->field, ==, y->field);
      g_assert_cmpstr (x->message, ==, y->message);
    }
}

static void
test_large_bulk_duplicates (Fixture *f, gconstpointer data)
{
  /* Into a table with no people, a large import matches by email after
   * its rows, from the index it makes at the end: every duplicate in the
   * file is still named on its own row, in row order among the other
   * problems, exactly as a small import names them, and nothing is left. */
  const char *file = "Name,Email,Organisation\n"
                     "Ada,ada@example.org,Bradford Council\n"   /* 2 */
                     "Bob,bob@example.org,\n"                   /* 3 */
                     "Ada again,ADA@Example.org,\n"             /* 4: of 2 */
                     "Cy,not an email,\n"                       /* 5 */
                     "Bob two,bob@example.org,\n"               /* 6: of 3 */
                     "Ada thrice,ada@example.org,\n"            /* 7: of 2 */
                     "Dee,,\n"                                  /* 8 */
                     "Eve,,\n";                                 /* 9: no email is no duplicate */
  g_autofree char *indexes = dup_people_indexes (f);
  g_autofree char *after = NULL;
  g_autoptr(GBytes) before = snapshot (f);
  g_autoptr(JoineryImportReport) bulk = NULL;
  g_autoptr(JoineryImportReport) small = NULL;
  g_autoptr(JoineryImportReport) dry = NULL;
  g_autoptr(GString) many = NULL;

  g_assert_cmpint (count (f, "person"), ==, 0);
  bulk = import_people_sized (f, file, TRUE, FALSE);
  g_assert_false (bulk->undoable && bulk->committed);
  g_assert_cmpuint (bulk->n_problems, ==, 4);
  assert_problem (bulk, 0, 4, 2, "Email", "a duplicate: row 2 of this file is the same person");
  assert_problem (bulk, 1, 5, 2, "Email", "Email");
  assert_problem (bulk, 2, 6, 2, "Email", "a duplicate: row 3 of this file is the same person");
  assert_problem (bulk, 3, 7, 2, "Email", "a duplicate: row 2 of this file is the same person");
  /* Rows 2, 3, 8 and 9 would have made people; the duplicates none. */
  g_assert_cmpuint (bulk->created, ==, 4);
  g_assert_false (bulk->committed);
  assert_unchanged (f, before);
  after = dup_people_indexes (f);
  g_assert_cmpstr (after, ==, indexes);
  g_assert_cmpint (query_int (f, "PRAGMA temp_store"), ==, 2);
  g_assert_cmpint (query_int (f, "PRAGMA cache_size"), ==, -32768);

  small = import_people_sized (f, file, FALSE, FALSE);
  assert_same_problems (bulk, small);
  g_assert_cmpuint (small->created, ==, bulk->created);
  assert_unchanged (f, before);

  /* A dry run finds them too. */
  dry = import_people_sized (f, file, TRUE, TRUE);
  assert_same_problems (bulk, dry);
  assert_unchanged (f, before);
  g_clear_pointer (&bulk, joinery_import_report_free);
  g_clear_pointer (&small, joinery_import_report_free);

  /* More duplicates than a report lists, met in another order than the
   * rows' (the emails of the later rows run backwards): the report lists
   * the first by row, a problem found on the way among them, and counts
   * the rest. */
  many = g_string_new ("Name,Email\n");
  for (guint i = 0; i < 600; i++)
    g_string_append_printf (many, "Person %u,person%03u@example.org\n", i, i);     /* rows 2–601 */
  g_string_append (many, "Bad,not an email\n");                                   /* row 602 */
  for (guint i = 0; i < 1100; i++)
    g_string_append_printf (many, "Again %u,PERSON%03u@example.org\n", i, 599 - i % 600);  /* 603–1702 */
  g_string_append (many, "Worse,also not an email\n");                            /* row 1703 */
  bulk = import_people_sized (f, many->str, TRUE, FALSE);
  g_assert_cmpuint (bulk->n_problems, ==, 1102);
  g_assert_cmpuint (bulk->problems->len, ==, JOINERY_IMPORT_MAX_PROBLEMS);
  assert_problem (bulk, 0, 602, 2, "Email", "Email");
  assert_problem (bulk, 1, 603, 2, "Email", "a duplicate: row 601 of this file");
  assert_problem (bulk, 999, 1601, 2, "Email", "a duplicate: row 203 of this file");
  small = import_people_sized (f, many->str, FALSE, FALSE);
  assert_same_problems (bulk, small);
  assert_unchanged (f, before);
  joinery_test_assert_check_clean (f->tdb->db);
}

static void
test_words (Fixture *f, gconstpointer data)
{
  JoineryImportProblem problem = { 12, 28, (char *) "E-mail", (char *) "email", (char *) "Email: is not valid" };
  g_autofree char *text = joinery_import_problem_to_string (&problem);
  g_autofree char *a = joinery_import_column_letters (1);
  g_autofree char *z = joinery_import_column_letters (26);
  g_autofree char *aa = joinery_import_column_letters (27);
  JoineryImportMatch match;
  JoineryImportOnMatch on_match;

  g_assert_cmpstr (text, ==, "row 12, column AB “E-mail”: Email: is not valid");
  g_assert_cmpstr (a, ==, "A");
  g_assert_cmpstr (z, ==, "Z");
  g_assert_cmpstr (aa, ==, "AA");
  g_assert_true (joinery_import_match_from_string ("Email", &match));
  g_assert_cmpint (match, ==, JOINERY_IMPORT_MATCH_EMAIL);
  g_assert_false (joinery_import_match_from_string ("phone", &match));
  g_assert_true (joinery_import_on_match_from_string ("fill", &on_match));
  g_assert_cmpint (on_match, ==, JOINERY_IMPORT_ON_MATCH_FILL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/exchange/import/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("guess-mapping", test_guess_mapping);
  ADD ("edit-mapping", test_edit_mapping);
  ADD ("saved-mappings", test_saved_mappings);
  ADD ("saved-mappings-not-utf8", test_saved_mappings_not_utf8);
  ADD ("saved-mapping-used", test_saved_mapping_used);
  ADD ("utf8-bom-comma", test_utf8_bom_comma);
  ADD ("utf8-semicolon", test_utf8_semicolon);
  ADD ("windows-1252-tab", test_windows_1252_tab);
  ADD ("quoted-newlines", test_quoted_newlines);
  ADD ("defaults", test_defaults_and_joined_names);
  ADD ("preview", test_preview);
  ADD ("large-bulk-indexes", test_large_bulk_indexes);
  ADD ("large-bulk-duplicates", test_large_bulk_duplicates);
  ADD ("problem/column-count", test_problem_column_count);
  ADD ("problem/bad-date", test_problem_bad_date);
  ADD ("problem/unknown-reference", test_problem_unknown_reference);
  ADD ("problem/duplicate", test_problem_duplicate);
  ADD ("problem/duplicate-of-unique", test_problem_duplicate_of_unique);
  ADD ("problem/binary", test_problem_binary);
  ADD ("problem/huge-field", test_problem_huge_field);
  ADD ("problem/empty", test_problem_empty);
  ADD ("problem/many", test_problem_many_listed_once);
  ADD ("problem/required-unmapped", test_problem_required_unmapped);
  ADD ("match/email", test_match_on_email);
  ADD ("match/name-and-id", test_match_on_name_and_id);
  ADD ("match/defaults-fill-only", test_match_defaults_fill_only);
  ADD ("match/same-record-twice", test_match_same_record_twice);
  ADD ("dry-run", test_dry_run);
  ADD ("undo", test_undo);
  ADD ("async", test_async);
  ADD ("cancel-halfway", test_cancel_halfway);
  ADD ("cancel-before", test_cancel_before);
  ADD ("large-bulk", test_large_bulk);
  ADD ("words", test_words);
#undef ADD
  return g_test_run ();
}
