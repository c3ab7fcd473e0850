/* test-cli.c: the `joinery` command line, driven as a user drives it.
 *
 * Each test runs the real program ($JOINERY_BIN) in a temporary folder of
 * its own, with JOINERY_DB unset and XDG_DATA_HOME inside that folder, so
 * that nothing outside it is read or written. The expected output is
 * spelled out in full where a user would read it, and parsed back (CSV by
 * RFC 4180, JSON with json-glib) where a program would.
 */
#include "joinery-test-util.h"
#include "joinery-generate.h"

#include <string.h>

#include <json-glib/json-glib.h>

/* dir, db (dir/test.joinery, given with --db), data_home and env. */
typedef JoineryTestCli Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  joinery_test_cli_init (f, NULL, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  joinery_test_cli_clear (f);
}

/* Run the program with `args` (the database left to them); its exit
 * status, and what it wrote. A signal (a crash, an abort from a critical
 * warning) fails the test. */
static int
run_argv (Fixture *f, GPtrArray *args, char **out, char **err)
{
  g_ptr_array_add (args, NULL);
  return joinery_test_cli_run (f, NULL, FALSE, (const char * const *) args->pdata, out, err);
}

static int
run_va (Fixture *f, gboolean with_db, char **out, char **err, const char *first, va_list ap)
{
  return joinery_test_cli_run_va (f, NULL, with_db, out, err, first, ap);
}

/* `joinery --db <the test's file> ARGS…` */
static int G_GNUC_NULL_TERMINATED
cli (Fixture *f, char **out, char **err, const char *first, ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = run_va (f, TRUE, out, err, first, ap);
  va_end (ap);
  return status;
}

/* `joinery ARGS…`, the database left to the environment. */
static int G_GNUC_NULL_TERMINATED
cli_bare (Fixture *f, char **out, char **err, const char *first, ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = run_va (f, FALSE, out, err, first, ap);
  va_end (ap);
  return status;
}

/* Succeeds silently on stderr; returns stdout. */
static char * G_GNUC_NULL_TERMINATED
cli_ok (Fixture *f, const char *first, ...)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;
  int status;

  va_start (ap, first);
  status = run_va (f, TRUE, &out, &err, first, ap);
  va_end (ap);
  if (status != 0)
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  return g_steal_pointer (&out);
}

static void
init_db (Fixture *f)
{
  g_autofree char *out = cli_ok (f, "init", NULL);
  g_autofree char *expected = g_strdup_printf ("Created %s (schema %u)\n", f->db,
                                               joinery_db_latest_version ());
  g_assert_cmpstr (out, ==, expected);
}

/* A small network: two organisations, a person, a fund, a round, grants. */
static void
add_network (Fixture *f)
{
  init_db (f);
  g_free (cli_ok (f, "add", "organisation", "name=Leeds City Council", "kind=council", NULL));
  g_free (cli_ok (f, "add", "organisation", "name=Leeds Teaching Hospitals NHS Trust",
                  "kind=nhs_trust", NULL));
  g_free (cli_ok (f, "add", "person", "name=Matilda Ashbury", "job_title=Chief Executive",
                  "organisation=Leeds City Council", "email=matilda@example.org", NULL));
  g_free (cli_ok (f, "add", "fund", "name=Leeds Health and Care Fund", "funder=1",
                  "budget=£1,130,000", NULL));
  g_free (cli_ok (f, "add", "round", "fund=Leeds Health and Care Fund", "name=Round 1",
                  "number=1", "opens_on=2024-01-01", "closes_on=31/03/2024", NULL));
}

/* CSV, read back by RFC 4180: rows of cells; records end in CRLF. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (cell, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (cell, *p);
            }
          g_assert_cmpint (*p, ==, '"');
          p++;
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_string_free (cell, FALSE));
          cell = g_string_new (NULL);
          p++;
        }
      else if (*p == '\r')
        {
          g_assert_cmpint (p[1], ==, '\n');
          g_ptr_array_add (row, g_string_free (cell, FALSE));
          cell = g_string_new (NULL);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p += 2;
        }
      else
        {
          g_assert_cmpint (*p, !=, '\n'); /* a bare LF outside quotes */
          g_string_append_c (cell, *p++);
        }
    }
  g_assert_cmpuint (row->len, ==, 0); /* the last record ended in CRLF */
  g_assert_cmpuint (cell->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (cell, TRUE);
  return rows;
}

static const char *
csv_cell (GPtrArray *rows, guint r, guint c)
{
  GPtrArray *row;

  g_assert_cmpuint (r, <, rows->len);
  row = rows->pdata[r];
  g_assert_cmpuint (c, <, row->len);
  return row->pdata[c];
}

static guint
csv_column (GPtrArray *rows, const char *name)
{
  GPtrArray *header = rows->pdata[0];

  for (guint c = 0; c < header->len; c++)
    if (g_str_equal (header->pdata[c], name))
      return c;
  g_error ("no column %s", name);
  return 0;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The line at the end of a text list: "3 people". */
static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[n - 1], ==, "");
  return g_strdup (lines[n - 2]);
}

/* init */

static void
test_init_new (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;

  init_db (f);
  g_assert_true (g_file_test (f->db, G_FILE_TEST_IS_REGULAR));
  out = cli_ok (f, "check", NULL);
  g_assert_cmpstr (out, ==, "ok: no problems found (schema 6, 0 records)\n");
}

static void
test_init_file_argument (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "other.joinery", NULL);
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf ("Created %s (schema 6)\n", path);

  /* FILE wins over --db, which is left alone. */
  g_assert_cmpint (cli (f, &out, NULL, "init", path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, expected);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

static void
test_init_existing (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  init_db (f);
  g_free (cli_ok (f, "add", "theme", "name=Frailty", NULL));
  /* Running init twice is harmless: the database is left as it was. */
  g_assert_cmpint (cli (f, &out, &err, "init", NULL), ==, 0);
  expected = g_strdup_printf ("%s is already a Joinery database (schema 6); it was left as it was\n",
                              f->db);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpstr (err, ==, "");

  /* And the records in it are still there. */
  g_free (out);
  out = cli_ok (f, "list", "themes", NULL);
  g_assert_true (g_str_has_suffix (out, "\n1 theme\n"));
}

static void
test_init_foreign (Fixture *f, gconstpointer data)
{
  static const char text[] = "name,email\nMatilda,k@example.org\n";
  g_autoptr(GBytes) after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (g_file_set_contents (f->db, text, -1, NULL));
  g_assert_cmpint (cli (f, &out, &err, "init", NULL), ==, 1);
  expected = g_strdup_printf ("joinery: cannot create a new database: “%s” is not a Joinery "
                              "database (it is not an SQLite file); it was left untouched\n", f->db);
  g_assert_cmpstr (err, ==, expected);
  after = joinery_test_read_file (f->db);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), text, strlen (text));

  /* Nor will any other command touch it. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "add", "theme", "name=x", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "joinery: cannot open the database: "));
  g_clear_pointer (&after, g_bytes_unref);
  after = joinery_test_read_file (f->db);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), text, strlen (text));
}

static void
test_open_missing (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("joinery: cannot open the database: “%s” does not "
                                               "exist (create it with “joinery init”)\n", f->db);

  g_assert_cmpint (cli (f, NULL, &err, "list", "people", NULL), ==, 1);
  g_assert_cmpstr (err, ==, expected);
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

static void
test_default_db (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->data_home, "joinery", "network.joinery", NULL);
  g_autofree char *expected = g_strdup_printf ("Created %s (schema 6)\n", path);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* init makes the folder under XDG_DATA_HOME. */
  g_assert_cmpint (cli_bare (f, &out, &err, "init", NULL), ==, 0);
  g_assert_cmpstr (out, ==, expected);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_bare (f, &out, NULL, "add", "theme", "name=Prevention", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Added theme #1 “Prevention”\n");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_bare (f, &out, NULL, "list", "themes", NULL), ==, 0);
  g_assert_true (g_str_has_suffix (out, "\n1 theme\n"));

  /* JOINERY_DB comes before the default, --db before both. */
  f->env = g_environ_setenv (f->env, "JOINERY_DB", f->db, TRUE);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli_bare (f, NULL, &err, "list", "themes", NULL), ==, 1);
  g_assert_true (strstr (err, f->db) != NULL);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_bare (f, &out, NULL, "--db", path, "list", "themes", NULL), ==, 0);
  g_assert_true (g_str_has_suffix (out, "\n1 theme\n"));
}

/* add, list, show */

static void
test_add_round_trip_text (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;

  add_network (f);
  out = cli_ok (f, "list", "people", NULL);
  g_assert_cmpstr (out, ==,
                   "id  Name             Job title        Organisation        Email\n"
                   "--  ---------------  ---------------  ------------------  -------------------\n"
                   " 1  Matilda Ashbury  Chief Executive  Leeds City Council  matilda@example.org\n"
                   "\n"
                   "1 person\n");

  g_free (out);
  out = cli_ok (f, "list", "funds", NULL);
  g_assert_cmpstr (out, ==,
                   "id  Name                        Funder                     Budget\n"
                   "--  --------------------------  ------------------  -------------\n"
                   " 1  Leeds Health and Care Fund  Leeds City Council  £1,130,000.00\n"
                   "\n"
                   "1 fund\n");

  g_free (out);
  out = cli_ok (f, "show", "person", "1", NULL);
  g_assert_true (g_str_has_prefix (out,
                                   "Person #1 “Matilda Ashbury”\n"
                                   "\n"
                                   "Name:                Matilda Ashbury\n"
                                   "Job title:           Chief Executive\n"
                                   "Organisation:        Leeds City Council (organisation #1)\n"
                                   "Email:               matilda@example.org\n"
                                   "Phone:\n"
                                   "Consent to contact:  no\n"
                                   "Consent recorded on:\n"
                                   "\n"
                                   "Added:               "));

  /* The organisation shows who refers to it. */
  g_free (out);
  out = cli_ok (f, "show", "organisation", "1", NULL);
  g_assert_nonnull (strstr (out, "\nPeople (1)\n  person #1  Matilda Ashbury\n"));
  g_assert_nonnull (strstr (out, "\nFunds (1)\n  fund #1  Leeds Health and Care Fund\n"));
}

static void
test_add_long_cells (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;

  init_db (f);
  g_free (cli_ok (f, "add", "theme",
                  "name=Integrated neighbourhood teams for older people living with frailty",
                  NULL));
  out = cli_ok (f, "list", "themes", NULL);
  g_assert_cmpstr (out, ==,
                   "id  Name\n"
                   "--  ----------------------------------------\n"
                   " 1  Integrated neighbourhood teams for olde…\n"
                   "\n"
                   "1 theme\n");
}

static void
test_add_references (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_network (f);
  /* By exact name (case-insensitively), by id, and by "#id". */
  out = cli_ok (f, "add", "grant", "round=Round 1", "title=Frailty at home",
                "applicant=leeds teaching hospitals nhs trust", "amount_requested=12000", NULL);
  g_assert_cmpstr (out, ==, "Added grant #1 “Frailty at home”\n");
  g_free (out);
  out = cli_ok (f, "add", "grant", "round=1", "title=Warm homes", "applicant=#1", NULL);
  g_assert_cmpstr (out, ==, "Added grant #2 “Warm homes”\n");

  g_free (out);
  out = cli_ok (f, "--format", "json", "list", "grants", "--sort", "id", NULL);
  {
    g_autoptr(JsonNode) root = parse_json (out);
    JsonArray *array = json_node_get_array (root);
    JsonObject *first, *second;

    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    first = json_array_get_object_element (array, 0);
    second = json_array_get_object_element (array, 1);
    g_assert_cmpint (json_object_get_int_member (first, "applicant"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "applicant_label"), ==,
                     "Leeds Teaching Hospitals NHS Trust");
    g_assert_cmpint (json_object_get_int_member (second, "applicant"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (second, "applicant_label"), ==,
                     "Leeds City Council");
  }

  /* Several records of one name: the id is asked for. */
  g_free (cli_ok (f, "add", "organisation", "name=Leeds City Council", "kind=other", NULL));
  g_assert_cmpint (cli (f, NULL, &err, "add", "person", "name=Tom Riordan",
                        "organisation=Leeds City Council", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "joinery: cannot add person: organisation: more than one organisation "
                            "is called “Leeds City Council” (#1 and #3); give the id instead\n");
}

static void
test_list_csv (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  add_network (f);
  g_free (cli_ok (f, "add", "organisation", "name=Shine, \"Leeds\" Ltd", "kind=social_enterprise",
                  "phone=+44 113 496 0000", "description=First line\nsecond line", NULL));
  g_free (cli_ok (f, "add", "organisation", "name==SUM(A1:A9)", "kind=business", NULL));
  g_free (cli_ok (f, "add", "grant", "round=1", "title=Frailty at home", "applicant=2",
                  "amount_requested=£12,345.67", "status=awarded", "amount_awarded=1000",
                  "awarded_on=01/04/2024", NULL));

  out = cli_ok (f, "--format", "csv", "list", "organisations", "--sort", "id", NULL);
  g_assert_true (g_str_has_prefix (out, "id,name,kind,area,charity_number,company_number,ods_code,"
                                        "website,email,phone,address,description\r\n"));
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpstr (csv_cell (rows, 1, 0), ==, "1");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "name")), ==, "Leeds City Council");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "kind")), ==, "council");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "area")), ==, "");
  g_assert_cmpstr (csv_cell (rows, 3, csv_column (rows, "name")), ==, "Shine, \"Leeds\" Ltd");
  g_assert_cmpstr (csv_cell (rows, 3, csv_column (rows, "description")), ==, "First line\nsecond line");
  /* What a spreadsheet would run is defused with a leading quote. */
  g_assert_cmpstr (csv_cell (rows, 3, csv_column (rows, "phone")), ==, "'+44 113 496 0000");
  g_assert_cmpstr (csv_cell (rows, 4, csv_column (rows, "name")), ==, "'=SUM(A1:A9)");
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_free (out);
  out = cli_ok (f, "list", "grants", "--format", "csv", NULL);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "round")), ==, "1");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "applicant")), ==, "2");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "amount_requested")), ==, "12345.67");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "amount_awarded")), ==, "1000.00");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "status")), ==, "awarded");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "awarded_on")), ==, "2024-04-01");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "project")), ==, "");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* show, add and set answer with one row under the header. */
  g_free (out);
  out = cli_ok (f, "show", "person", "1", "--format", "csv", NULL);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "organisation")), ==, "1");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "consent_to_contact")), ==, "no");
}

static void
test_list_json (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *grant, *note;
  JsonArray *array;

  add_network (f);
  g_free (cli_ok (f, "add", "grant", "round=1", "title=Frailty at home", "applicant=2",
                  "amount_requested=£12,345.67", "status=awarded", "amount_awarded=1000",
                  "awarded_on=01/04/2024", NULL));
  g_free (cli_ok (f, "add", "note", "record=organisation:1", "body=Met at the showcase £", NULL));

  out = cli_ok (f, "list", "grants", "--format", "json", NULL);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  grant = json_array_get_object_element (array, 0);
  g_assert_cmpint (json_object_get_int_member (grant, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (grant, "label"), ==, "Frailty at home");
  g_assert_nonnull (json_object_get_string_member (grant, "created_at"));
  g_assert_nonnull (json_object_get_string_member (grant, "updated_at"));
  g_assert_cmpint (json_object_get_int_member (grant, "amount_requested"), ==, 1234567);
  g_assert_cmpint (json_object_get_int_member (grant, "amount_awarded"), ==, 100000);
  g_assert_cmpstr (json_object_get_string_member (grant, "status"), ==, "awarded");
  g_assert_cmpstr (json_object_get_string_member (grant, "awarded_on"), ==, "2024-04-01");
  g_assert_cmpint (json_object_get_int_member (grant, "round"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (grant, "round_label"), ==, "Round 1");
  g_assert_true (json_object_get_null_member (grant, "project"));
  g_assert_true (json_object_get_null_member (grant, "project_label"));
  g_assert_true (json_object_get_null_member (grant, "reference"));
  g_clear_pointer (&root, json_node_unref);

  g_free (out);
  /* (Someone who has not consented to contact is listed only when asked for.) */
  out = cli_ok (f, "list", "people", "--format", "json", "--include-no-consent", NULL);
  root = parse_json (out);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (
                    json_node_get_array (root), 0), "consent_to_contact"));
  g_clear_pointer (&root, json_node_unref);

  /* A link is an object of kind and id. */
  g_free (out);
  out = cli_ok (f, "list", "notes", "--format", "json", NULL);
  root = parse_json (out);
  note = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (note, "record"), "kind"),
                   ==, "organisation");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (note, "record"), "id"),
                   ==, 1);
  g_assert_cmpstr (json_object_get_string_member (note, "body"), ==, "Met at the showcase £");
  g_clear_pointer (&root, json_node_unref);

  /* show: the record and what refers to it. */
  g_free (out);
  out = cli_ok (f, "show", "organisation", "1", "--format", "json", NULL);
  root = parse_json (out);
  {
    JsonObject *org = json_node_get_object (root);
    JsonArray *related = json_object_get_array_member (org, "related");
    gboolean seen_people = FALSE, seen_notes = FALSE;

    g_assert_cmpstr (json_object_get_string_member (org, "name"), ==, "Leeds City Council");
    for (guint i = 0; i < json_array_get_length (related); i++)
      {
        JsonObject *group = json_array_get_object_element (related, i);
        JsonArray *records = json_object_get_array_member (group, "records");

        if (g_str_equal (json_object_get_string_member (group, "kind"), "person"))
          {
            seen_people = TRUE;
            g_assert_cmpstr (json_object_get_string_member (group, "title"), ==, "People");
            g_assert_cmpint (json_object_get_int_member (group, "total"), ==, 1);
            g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 0),
                                                            "name"), ==, "Matilda Ashbury");
          }
        if (g_str_equal (json_object_get_string_member (group, "kind"), "note"))
          seen_notes = TRUE;
      }
    g_assert_true (seen_people);
    g_assert_true (seen_notes);
  }
}

/* Real numbers read as typed: 56.3, not the 17 digits of its binary double. */
static void
test_list_real_values (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  init_db (f);
  g_free (cli_ok (f, "add", "organisation", "name=Leeds City Council", "kind=council", NULL));
  g_free (cli_ok (f, "add", "indicator", "name=Delayed discharges", "unit=percent",
                  "direction=lower", NULL));
  g_free (cli_ok (f, "add", "measurement", "indicator=1", "organisation=1",
                  "period_start=2024-01-01", "period_end=2024-03-31", "value=56.3", NULL));

  out = cli_ok (f, "list", "measurements", NULL);
  g_assert_nonnull (strstr (out, "  56.3\n"));
  g_free (out);
  out = cli_ok (f, "list", "measurements", "--format", "csv", NULL);
  rows = parse_csv (out);
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "value")), ==, "56.3");
}

static void
test_add_set_machine_formats (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  JsonObject *grant;

  add_network (f);
  out = cli_ok (f, "--format", "json", "add", "grant", "round=1", "title=Frailty at home",
                "applicant=1", "amount_requested=£2,500.50", NULL);
  root = parse_json (out);
  grant = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (grant, "id"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (grant, "amount_requested"), ==, 250050);
  g_assert_cmpstr (json_object_get_string_member (grant, "status"), ==, "draft");
  g_assert_cmpstr (json_object_get_string_member (grant, "applicant_label"), ==, "Leeds City Council");

  g_free (out);
  out = cli_ok (f, "--format", "csv", "set", "grant", "1", "status=submitted", "submitted_on=2024-02-01",
                NULL);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "status")), ==, "submitted");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "submitted_on")), ==, "2024-02-01");
  g_assert_cmpstr (csv_cell (rows, 1, csv_column (rows, "amount_requested")), ==, "2500.50");

  /* The line under a list names the kind in words. */
  g_free (out);
  g_free (cli_ok (f, "add", "project", "name=Frailty pathway", NULL));
  out = cli_ok (f, "list", "project_stages", NULL);
  g_assert_true (g_str_has_suffix (out, "\n1 project stage\n"));
}

static void
test_list_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  add_network (f);
  g_free (cli_ok (f, "add", "project", "name=Frailty pathway", NULL));
  g_free (cli_ok (f, "add", "grant", "round=1", "title=Alpha", "applicant=1", "status=awarded",
                  "amount_awarded=500", "awarded_on=2024-04-01", NULL));
  g_free (cli_ok (f, "add", "grant", "round=1", "title=Bravo", "applicant=2", "status=awarded",
                  "amount_awarded=2500", "awarded_on=2024-04-01", "project=Frailty pathway", NULL));
  g_free (cli_ok (f, "add", "grant", "round=1", "title=Charlie", "applicant=2", "status=awarded",
                  "amount_awarded=£1,000", "awarded_on=2024-04-01", NULL));
  g_free (cli_ok (f, "add", "grant", "round=1", "title=Delta", "applicant=1", "status=declined",
                  NULL));

#define TITLES(...) \
  G_STMT_START { \
    const char *expected[] = { __VA_ARGS__ }; \
    g_clear_pointer (&root, json_node_unref); \
    root = parse_json (out); \
    array = json_node_get_array (root); \
    g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (expected)); \
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++) \
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i), \
                                                      "title"), ==, expected[i]); \
  } G_STMT_END

  out = cli_ok (f, "--format", "json", "list", "grants", "status=awarded", NULL);
  TITLES ("Alpha", "Bravo", "Charlie");
  g_free (out);
  out = cli_ok (f, "--format", "json", "list", "grants", "amount_awarded>=1000",
                "--sort", "-amount_awarded", NULL);
  TITLES ("Bravo", "Charlie");
  g_free (out);
  out = cli_ok (f, "--format", "json", "list", "grants", "applicant=Leeds City Council", NULL);
  TITLES ("Alpha", "Delta");
  g_free (out);
  out = cli_ok (f, "--format", "json", "list", "grants", "project=", "status!=declined", NULL);
  TITLES ("Alpha", "Charlie");
  g_free (out);
  out = cli_ok (f, "--format", "json", "list", "grants", "title~RAV", NULL);
  TITLES ("Bravo");
  g_free (out);
  out = cli_ok (f, "--format", "json", "list", "grants", "--sort", "-title", "--limit", "2",
                "--offset", "1", NULL);
  TITLES ("Charlie", "Bravo");
  g_free (out);
  out = cli_ok (f, "--format", "json", "list", "grants", "--search", "charl", NULL);
  TITLES ("Charlie");

  /* The line under the table counts every match, shown or not. */
  g_free (out);
  out = cli_ok (f, "list", "grants", "status=awarded", "--limit", "1", "--sort", "title", NULL);
  {
    g_autofree char *line = last_line (out);
    g_assert_cmpstr (line, ==, "3 grants, 1–1 shown");
  }
  g_free (out);
  out = cli_ok (f, "list", "organisations", "name~leeds", NULL);
  {
    g_autofree char *line = last_line (out);
    g_assert_cmpstr (line, ==, "2 organisations");
  }
  g_free (out);
  out = cli_ok (f, "list", "grants", "status=withdrawn", NULL);
  g_assert_cmpstr (out, ==, "0 grants\n");

  /* Bad filters say what is wrong. */
  g_assert_cmpint (cli (f, NULL, &err, "list", "grants", "amount_awarded>=lots", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "joinery: cannot list grants: amount_awarded: is not an amount of money "
                            "(write pounds, such as 1250 or 1,250.50)\n");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "list", "grants", "--sort", "colour", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "joinery: cannot sort grants: colour: is not a field of Grants\n"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "list", "grants", "awarded", NULL), ==, 2);
#undef TITLES
}

/* set, delete */

static void
test_set (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *person;

  add_network (f);
  out = cli_ok (f, "set", "person", "1", "job_title=", "phone=0113 496 0000", NULL);
  g_assert_cmpstr (out, ==, "Changed person #1 “Matilda Ashbury”\n");
  g_free (out);
  out = cli_ok (f, "show", "person", "#1", "--format", "json", NULL);
  root = parse_json (out);
  person = json_node_get_object (root);
  g_assert_true (json_object_get_null_member (person, "job_title"));
  g_assert_cmpstr (json_object_get_string_member (person, "phone"), ==, "0113 496 0000");
  g_assert_cmpstr (json_object_get_string_member (person, "email"), ==, "matilda@example.org");

  /* The same values again change nothing, and nothing is made undoable. */
  g_free (out);
  out = cli_ok (f, "set", "person", "1", "phone=0113 496 0000", "name=Matilda Ashbury", NULL);
  g_assert_cmpstr (out, ==, "No change to person #1 “Matilda Ashbury”\n");
  g_free (out);
  out = cli_ok (f, "undo", NULL);
  g_assert_cmpstr (out, ==, "Undid: Change person “Matilda Ashbury”\n");

  /* A rename shows under the new name. */
  g_free (out);
  out = cli_ok (f, "set", "organisation", "1", "name=Leeds City Council (Adults and Health)", NULL);
  g_assert_cmpstr (out, ==, "Changed organisation #1 “Leeds City Council (Adults and Health)”\n");
}

static void
test_delete (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_network (f);
  g_assert_cmpint (cli (f, &out, &err, "delete", "organisation", "1", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "joinery: cannot delete organisation “Leeds City Council”: it is still "
                            "referred to by 1 person, 1 fund\n");

  g_free (out);
  out = cli_ok (f, "set", "fund", "1", "funder=", NULL);
  g_free (out);
  out = cli_ok (f, "delete", "person", "1", NULL);
  g_assert_cmpstr (out, ==, "Deleted person #1 “Matilda Ashbury”\n");
  g_free (out);
  out = cli_ok (f, "delete", "organisation", "1", NULL);
  g_assert_cmpstr (out, ==, "Deleted organisation #1 “Leeds City Council”\n");
  g_free (out);
  out = cli_ok (f, "list", "organisations", NULL);
  g_assert_true (g_str_has_suffix (out, "\n1 organisation\n"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "delete", "organisation", "1", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "joinery: cannot delete organisation #1: there is no organisation #1\n");
}

/* search */

static void
test_search (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  JsonArray *array;
  gboolean seen_organisation = FALSE, seen_project = FALSE, seen_person = FALSE;

  add_network (f);
  g_free (cli_ok (f, "add", "project", "name=Leeds frailty pathway", NULL));

  /* "lee" is the start of a word in an organisation, a fund and a project. */
  out = cli_ok (f, "search", "lee", "--format", "json", NULL);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *hit = json_array_get_object_element (array, i);
      const char *kind = json_object_get_string_member (hit, "kind");

      g_assert_nonnull (strstr (json_object_get_string_member (hit, "snippet"), "[Leeds]"));
      if (g_str_equal (kind, "organisation"))
        seen_organisation = TRUE;
      if (g_str_equal (kind, "project"))
        {
          seen_project = TRUE;
          g_assert_cmpint (json_object_get_int_member (hit, "id"), ==, 1);
          g_assert_cmpstr (json_object_get_string_member (hit, "label"), ==, "Leeds frailty pathway");
        }
      if (g_str_equal (kind, "person"))
        seen_person = TRUE;
    }
  g_assert_true (seen_organisation);
  g_assert_true (seen_project);
  g_assert_false (seen_person);

  /* Text: one hit per line, the match in brackets when not on a terminal. */
  g_free (out);
  out = cli_ok (f, "search", "frail", "path", NULL);
  g_assert_cmpstr (out, ==, "project #1  Leeds frailty pathway — Leeds [frailty] [pathway]\n");

  g_free (out);
  out = cli_ok (f, "search", "leeds", "--kind", "project", "--format", "csv", NULL);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (csv_cell (rows, 0, 0), ==, "kind");
  g_assert_cmpstr (csv_cell (rows, 1, 0), ==, "project");
  g_assert_cmpstr (csv_cell (rows, 1, 1), ==, "1");
  g_assert_cmpstr (csv_cell (rows, 1, 3), ==, "[Leeds] frailty pathway");

  g_free (out);
  out = cli_ok (f, "search", "zebra", NULL);
  g_assert_cmpstr (out, ==, "Nothing matches “zebra”.\n");

  g_free (out);
  out = cli_ok (f, "search", "leeds", "--limit", "1", "--format", "json", NULL);
  g_clear_pointer (&root, json_node_unref);
  root = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
}

/* undo, redo */

static void
test_undo_redo (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *line = NULL;

  init_db (f);
  g_assert_cmpint (cli (f, NULL, &err, "undo", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "joinery: cannot undo: there is nothing to undo\n");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "redo", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "joinery: cannot redo: there is nothing to redo\n");

  g_free (cli_ok (f, "add", "theme", "name=Frailty", NULL));
  g_free (cli_ok (f, "add", "theme", "name=Prevention", NULL));
  g_free (cli_ok (f, "set", "theme", "2", "name=Prevention and early help", NULL));

  out = cli_ok (f, "undo", NULL);
  g_assert_cmpstr (out, ==, "Undid: Change theme “Prevention”\n");
  g_free (out);
  out = cli_ok (f, "--format", "csv", "list", "themes", NULL);
  g_assert_cmpstr (out, ==, "id,name,description\r\n1,Frailty,\r\n2,Prevention,\r\n");

  g_free (out);
  out = cli_ok (f, "undo", NULL);
  g_assert_cmpstr (out, ==, "Undid: Add theme “Prevention”\n");
  g_free (out);
  out = cli_ok (f, "list", "themes", NULL);
  line = last_line (out);
  g_assert_cmpstr (line, ==, "1 theme");

  g_free (out);
  out = cli_ok (f, "redo", NULL);
  g_assert_cmpstr (out, ==, "Redid: Add theme “Prevention”\n");
  g_free (out);
  out = cli_ok (f, "redo", NULL);
  g_assert_cmpstr (out, ==, "Redid: Change theme “Prevention”\n");
  g_free (out);
  out = cli_ok (f, "--format", "csv", "list", "themes", NULL);
  g_assert_cmpstr (out, ==, "id,name,description\r\n1,Frailty,\r\n2,Prevention and early help,\r\n");

  g_free (cli_ok (f, "undo", NULL));
  g_free (cli_ok (f, "undo", NULL));
  g_free (cli_ok (f, "undo", NULL));
  g_free (out);
  out = cli_ok (f, "list", "themes", NULL);
  g_assert_cmpstr (out, ==, "0 themes\n");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "undo", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "joinery: cannot undo: there is nothing to undo\n");
}

/* check, generate */

static void
test_check (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;

  add_network (f);
  out = cli_ok (f, "check", NULL);
  g_assert_cmpstr (out, ==, "ok: no problems found (schema 6, 5 records)\n");
  g_free (out);
  out = cli_ok (f, "check", "--full", "--format", "json", NULL);
  root = parse_json (out);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "ok"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "records"), ==, 5);
}

static void
test_generate (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "synthetic.joinery", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  JoineryGenerateCounts counts;
  struct { const char *kind; guint64 n; } expect[4];

  joinery_generate_plan (300, &counts);
  expect[0].kind = "people", expect[0].n = counts.people;
  expect[1].kind = "organisations", expect[1].n = counts.organisations;
  expect[2].kind = "grants", expect[2].n = counts.grants;
  expect[3].kind = "attendances", expect[3].n = counts.attendances;

  out = cli_ok (f, "generate", "--people", "300", "--seed", "4", path, NULL);
  expected = g_strdup_printf ("Generated a network of 300 people (seed 4) in %s (schema 6):\n", path);
  g_assert_true (g_str_has_prefix (out, expected));
  /* stderr is not a terminal here: no progress was written (cli_ok). */

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_autofree char *list = NULL;
      g_autofree char *line = NULL;
      g_autofree char *want = NULL;

      g_assert_cmpint (cli_bare (f, &list, NULL, "--db", path, "list", expect[i].kind, "--limit", "1",
                                 NULL), ==, 0);
      line = last_line (list);
      want = g_strdup_printf ("%" G_GUINT64_FORMAT " %s, 1–1 shown", expect[i].n, expect[i].kind);
      g_assert_cmpstr (line, ==, want);
    }
  g_assert_cmpuint (counts.people, ==, 300);

  g_free (out);
  g_assert_cmpint (cli_bare (f, &out, NULL, "--db", path, "check", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "ok: no problems found (schema 6, "));

  /* Never into a file that holds something. */
  g_assert_cmpint (cli (f, NULL, &err, "generate", "--people", "10", path, NULL), ==, 1);
  g_free (expected);
  expected = g_strdup_printf ("joinery: cannot generate into “%s”: the file exists and is not empty "
                              "(name a new file)\n", path);
  g_assert_cmpstr (err, ==, expected);

  /* How many people is not optional. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "generate", NULL), ==, 2);
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

/* help and usage */

static void
test_help (Fixture *f, gconstpointer data)
{
  static const struct { const char *command; const char *usage; } commands[] = {
    { "init", "joinery [OPTION…] init [FILE]" },
    { "kinds", "joinery [OPTION…] kinds [KIND]" },
    { "list", "joinery [OPTION…] list KIND [FILTER…]" },
    { "show", "joinery [OPTION…] show KIND ID" },
    { "add", "joinery [OPTION…] add KIND FIELD=VALUE…" },
    { "set", "joinery [OPTION…] set KIND ID FIELD=VALUE…" },
    { "delete", "joinery [OPTION…] delete KIND ID" },
    { "search", "joinery [OPTION…] search TEXT…" },
    { "undo", "joinery [OPTION…] undo" },
    { "redo", "joinery [OPTION…] redo" },
    { "check", "joinery [OPTION…] check" },
    { "generate", "joinery [OPTION…] generate --people N [FILE]" },
    { "help", "joinery [OPTION…] help [COMMAND]" },
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *help = NULL;
      g_autofree char *help2 = NULL;
      g_autofree char *help3 = NULL;

      g_assert_cmpint (cli_bare (f, &help, &err, commands[i].command, "--help", NULL), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_clear_pointer (&err, g_free);
      g_assert_nonnull (strstr (help, commands[i].usage));
      g_assert_nonnull (strstr (help, "--format"));
      g_assert_cmpint (cli_bare (f, &help2, NULL, "help", commands[i].command, NULL), ==, 0);
      g_assert_cmpstr (help2, ==, help);
      g_assert_cmpint (cli_bare (f, &help3, NULL, "-h", commands[i].command, NULL), ==, 0);
      g_assert_cmpstr (help3, ==, help);
    }

  /* The whole list, one line each. */
  g_assert_cmpint (cli_bare (f, &out, NULL, "--help", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Usage: joinery [--db FILE] [--format text|csv|json] COMMAND [ARGS…]\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s ", commands[i].command);
      g_assert_nonnull (strstr (out, line));
    }
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_bare (f, &out, NULL, "help", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Usage: joinery "));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_bare (f, &out, NULL, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "joinery "));

  /* No database is needed, or made, for help. */
  g_assert_false (g_file_test (f->data_home, G_FILE_TEST_EXISTS));
}

static void
test_usage_errors (Fixture *f, gconstpointer data)
{
  static const struct { const char *args[6]; const char *err; } cases[] = {
    { { NULL }, NULL },
    { { "frobnicate", NULL }, "joinery: unknown command “frobnicate”\nTry “joinery --help”.\n" },
    { { "help", "frobnicate", NULL }, "joinery: unknown command “frobnicate”\nTry “joinery --help”.\n" },
    { { "--colour", "list", "people", NULL }, "joinery: unknown option --colour\nTry “joinery --help”.\n" },
    { { "list", "people", "--colour", NULL }, "joinery: unknown option --colour\nTry “joinery list --help”.\n" },
    { { "add", "person", "name", NULL },
      "joinery: “name” is not FIELD=VALUE (as in name=\"Leeds City Council\")\nTry “joinery add --help”.\n" },
    { { "add", "person", "=Matilda", NULL },
      "joinery: “=Matilda” has no field name before “=”\nTry “joinery add --help”.\n" },
    { { "set", "person", "1", "phone", NULL },
      "joinery: “phone” is not FIELD=VALUE (as in name=\"Leeds City Council\")\nTry “joinery set --help”.\n" },
    { { "show", "person", "abc", NULL },
      "joinery: “abc” is not an id (ids are numbers, as in “person 12”)\nTry “joinery show --help”.\n" },
    { { "delete", "person", "", NULL },
      "joinery: “” is not an id (ids are numbers, as in “person 12”)\nTry “joinery delete --help”.\n" },
    { { "show", "person", NULL },
      "joinery: missing arguments (usage: joinery show KIND ID)\nTry “joinery show --help”.\n" },
    { { "show", "person", "1", "2", NULL },
      "joinery: unexpected argument “2” (usage: joinery show KIND ID)\nTry “joinery show --help”.\n" },
    { { "list", NULL }, "joinery: missing arguments (usage: joinery list KIND [FILTER…])\nTry “joinery list --help”.\n" },
    { { "list", "people", "--limit", "many", NULL },
      "joinery: --limit: “many” is not a whole number from 0 to 2147483647\nTry “joinery list --help”.\n" },
    { { "--format", "xml", "list", "people", NULL },
      "joinery: unknown format “xml” (use text, csv or json)\nTry “joinery list --help”.\n" },
    { { "list", "people", "--db", NULL }, "joinery: missing argument for --db\nTry “joinery list --help”.\n" },
    { { "undo", "now", NULL }, "joinery: unexpected argument “now” (usage: joinery undo)\nTry “joinery undo --help”.\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      for (guint a = 0; cases[i].args[a] != NULL; a++)
        g_ptr_array_add (args, (gpointer) cases[i].args[a]);
      g_assert_cmpint (run_argv (f, args, &out, &err), ==, 2);
      g_assert_cmpstr (out, ==, "");
      if (cases[i].err != NULL)
        g_assert_cmpstr (err, ==, cases[i].err);
      else
        g_assert_true (g_str_has_prefix (err, "Usage: joinery "));
    }
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  static const struct { const char *args[6]; const char *err; } cases[] = {
    { { "add", "person", "name=Tom Riordan", "email=tom at leeds", NULL },
      "joinery: cannot add person: email: is not an email address\n" },
    { { "add", "grant", "round=1", "title=x", "applicant=1", "amount_requested=£-5" },
      "joinery: cannot add grant: amount_requested: must not be negative\n" },
    { { "add", "grant", "round=1", "title=x", "applicant=1", "amount_requested=12.345" },
      "joinery: cannot add grant: amount_requested: has more than two decimal places (amounts are in "
      "pounds and pence)\n" },
    { { "add", "grant", "round=1", "title=x", "applicant=1", "status=approved" },
      "joinery: cannot add grant: status: “approved” is not one of: draft, submitted, under_review, "
      "awarded, declined, withdrawn, completed\n" },
    { { "add", "grant", "round=1", "title=x", "applicant=Leeds Council", NULL },
      "joinery: cannot add grant: applicant: there is no organisation called “Leeds Council”\n" },
    { { "add", "grant", "round=7", "title=x", "applicant=1", NULL },
      "joinery: cannot add grant: round: there is no round #7\n" },
    { { "add", "widget", "name=x", NULL },
      "joinery: unknown kind: no kind of record is called “widget”\nTry “joinery kinds” for the kinds of record.\n" },
    { { "list", "widgets", NULL },
      "joinery: unknown kind: no kind of record is called “widgets”\nTry “joinery kinds” for the kinds of record.\n" },
    { { "add", "person", "name=Tom", "colour=blue", NULL },
      "joinery: cannot add person: colour: is not a field of People\nTry “joinery kinds person” for its fields.\n" },
    { { "add", "person", "name=Tom", "name=Tim", NULL },
      "joinery: cannot add person: name: is given more than once\n" },
    { { "add", "person", "email=tom@example.org", NULL },
      "joinery: cannot add person: name: must not be empty\n" },
    { { "set", "person", "1", "name=", NULL },
      "joinery: cannot change person #1: name: must not be empty\n" },
    { { "set", "person", "9", "name=Tim", NULL },
      "joinery: cannot change person #9: there is no person #9\n" },
    { { "show", "person", "99999999999999999999", NULL },
      "joinery: there is no person #99999999999999999999\n" },
    { { "kinds", "widget", NULL },
      "joinery: unknown kind: no kind of record is called “widget”\nTry “joinery kinds” for the kinds of record.\n" },
  };

  add_network (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, f->db);
      for (guint a = 0; a < G_N_ELEMENTS (cases[i].args) && cases[i].args[a] != NULL; a++)
        g_ptr_array_add (args, (gpointer) cases[i].args[a]);
      g_assert_cmpint (run_argv (f, args, &out, &err), ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_cmpstr (err, ==, cases[i].err);
    }

  /* Nothing was added by any of them. */
  {
    g_autofree char *out = cli_ok (f, "check", NULL);
    g_assert_cmpstr (out, ==, "ok: no problems found (schema 6, 5 records)\n");
  }
}

/* Whatever is typed, the program answers with 0, 1 or 2 and never dies. */
static void
test_odd_arguments (Fixture *f, gconstpointer data)
{
  g_autofree char *huge = g_strnfill (10000, 'x');
  g_autofree char *huge_value = g_strconcat ("name=", huge, NULL);
  g_autofree char *huge_money = g_strconcat ("amount_requested=", "999999999999999999999999999999", NULL);
  const char *odd[] = {
    "", "=", "==", "\xff\xfe", "name=\xff\xfe", "\xff=x", "-", "--", "---", "-\xff", "--\xff",
    huge, huge_value, "99999999999999999999", "-1", "0", "#", "#0", "name=\n\n", "name=\t",
    "record=:", "record=person:", "record=:1", "record=nokind:1", "record=person:99999999999999999999",
    "amount_requested=£", "amount_requested=£,", "amount_requested=1e400", "amount_requested=-0",
    "starts_on=31/02/2024", "starts_on=9999-99-99", "capacity=99999999999999999999",
    "round=99999999999999999999", "name~", "name>", "name!=", "id=abc", "id>=\xff", "%s%n%s",
    "--db", "--format", "--limit=-5", "--sort=", "--sort=-", "--search=\xff", "--kind=\xff",
    "--people=0", "--people=99999999999", "--seed=-1",
  };
  const char *commands[][2] = {
    { "list", "people" }, { "list", "grants" }, { "add", "person" }, { "add", "grant" },
    { "add", "task" }, { "show", "person" }, { "set", "person" }, { "delete", "person" },
    { "search", NULL }, { "kinds", NULL }, { "list", NULL }, { "init", NULL }, { "help", NULL },
    { "\xff", NULL }, { "", NULL },
  };

  add_network (f);
  g_free (cli_ok (f, "add", "event", "name=Big Conversation", "starts_on=2024-05-01", NULL));

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    for (guint i = 0; i < G_N_ELEMENTS (odd) + 1; i++)
      {
        g_autoptr(GPtrArray) args = g_ptr_array_new ();
        const char *arg = i < G_N_ELEMENTS (odd) ? odd[i] : huge_money;
        int status;

        g_ptr_array_add (args, (gpointer) "--db");
        g_ptr_array_add (args, f->db);
        g_ptr_array_add (args, (gpointer) commands[c][0]);
        if (commands[c][1] != NULL)
          g_ptr_array_add (args, (gpointer) commands[c][1]);
        /* An id first where the command needs one, then the odd argument
         * both in the id's place and after it. */
        if (g_str_equal (commands[c][0], "show") || g_str_equal (commands[c][0], "delete") ||
            g_str_equal (commands[c][0], "set"))
          {
            g_autoptr(GPtrArray) args2 = g_ptr_array_copy (args, NULL, NULL);
            g_ptr_array_add (args2, (gpointer) arg);
            status = run_argv (f, args2, NULL, NULL);
            g_assert_cmpint (status, >=, 0);
            g_assert_cmpint (status, <=, 2);
            g_ptr_array_add (args, (gpointer) "1");
          }
        g_ptr_array_add (args, (gpointer) arg);
        status = run_argv (f, args, NULL, NULL);
        g_assert_cmpint (status, >=, 0);
        g_assert_cmpint (status, <=, 2);
      }

  /* The file came through it all: its records are all still there and
   * nothing was deleted (person #1 is referred to by nothing, so a
   * "delete person 1 …" with an odd extra argument must have been refused
   * as usage before it ran). */
  {
    g_autofree char *out = cli_ok (f, "check", NULL);
    g_assert_true (g_str_has_prefix (out, "ok: no problems found (schema 6, "));
  }
}

/* Output is UTF-8 whatever the locale. */
static void
test_c_locale (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_network (f);
  f->env = g_environ_setenv (f->env, "LC_ALL", "C", TRUE);
  f->env = g_environ_setenv (f->env, "LANG", "C", TRUE);
  out = cli_ok (f, "list", "funds", NULL);
  g_assert_nonnull (strstr (out, "£1,130,000.00"));
  g_free (out);
  out = cli_ok (f, "add", "theme", "name=Café culture", NULL);
  g_assert_cmpstr (out, ==, "Added theme #1 “Café culture”\n");
  g_free (out);
  out = cli_ok (f, "list", "themes", "name~café", "--search", "caf", NULL);
  g_assert_true (g_str_has_suffix (out, "\n1 theme\n"));
  g_assert_cmpint (cli (f, NULL, &err, "add", "person", "name=Zoë", "email=x", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "joinery: cannot add person: email: is not an email address\n");
}

static void
test_global_options_after_command (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;

  add_network (f);
  g_assert_cmpint (cli_bare (f, &out, NULL, "list", "people", "--format=json", "--db", f->db,
                             "--include-no-consent", NULL), ==, 0);
  root = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);

  /* After "--", what looks like an option is an argument. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, &out, NULL, "add", "theme", "--", "name=--help", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Added theme #1 “--help”\n");
}

static void
test_kinds (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *fields;
  gboolean seen_status = FALSE;

  g_assert_cmpint (cli_bare (f, &out, NULL, "kinds", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Kind             Plural            Label\n"));
  g_assert_nonnull (strstr (out, "\norganisation     organisations     Organisation\n"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_bare (f, &out, NULL, "kinds", "grants", "--format", "json", NULL), ==, 0);
  root = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "name"), ==, "grant");
  fields = json_object_get_array_member (json_node_get_object (root), "fields");
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);
      if (g_str_equal (json_object_get_string_member (field, "name"), "applicant"))
        {
          g_assert_cmpstr (json_object_get_string_member (field, "type"), ==, "reference");
          g_assert_cmpstr (json_object_get_string_member (field, "kind"), ==, "organisation");
          g_assert_true (json_object_get_boolean_member (field, "required"));
        }
      if (g_str_equal (json_object_get_string_member (field, "name"), "status"))
        {
          seen_status = TRUE;
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (field, "choices")), ==, 7);
        }
    }
  g_assert_true (seen_status);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_bare (f, &out, NULL, "kinds", "person", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\norganisation         Organisation         reference"
                                 "            organisation (id or name)\n"));
}

/* A short, bounded fuzz run: commands a user might type, with arguments
 * built from awkward pieces and random bytes. Every run ends with 0, 1 or
 * 2 (never a signal: run_argv fails the test on one); a refusal says why
 * on stderr, in UTF-8; and the file stays sound throughout. The seed is
 * GLib's (--seed repeats a run); JOINERY_FUZZ_ROUNDS makes it longer. */
static void
test_fuzz (Fixture *f, gconstpointer data)
{
  static const char * const commands[] = {
    "list", "show", "add", "set", "delete", "search", "undo", "redo", "check", "kinds", "help",
  };
  static const char * const pieces[] = {
    "person", "organisation", "grant", "event", "attendance", "area", "tag", "note", "task",
    "1", "2", "0", "-1", "99999999999999999999", "name", "email", "status", "kind",
    "=", "!=", ">=", "~", "name=Ann", "name=", "kind=council", "amount_requested=£1,000.50",
    "record=person:1", "--format", "csv", "json", "text", "xml", "--sort", "--limit", "--help",
    "--db", "-", "--", "\"", "'", "*", "NEAR(", "AND", "é", "日本", "\xC3", "\xFF", "\t", "\n",
    " ", "", "%s%n", "2017-05-19", "2017-02-30", "--desc", "--reverse", "--unknown",
  };
  const char *env = g_getenv ("JOINERY_FUZZ_ROUNDS");
  guint n = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 150;
  g_autofree char *out = NULL;

  g_assert_cmpint (cli (f, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, "add", "organisation", "name=Leeds City Council",
                        "kind=council", NULL), ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, "add", "person", "name=Ann Smith", "organisation=1", NULL), ==, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (NULL);
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *err = NULL;
      guint n_args = (guint) g_test_rand_int_range (0, 6);
      int status;

      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, f->db);
      g_ptr_array_add (args, (gpointer) commands[g_test_rand_int_range (0, G_N_ELEMENTS (commands))]);
      for (guint a = 0; a < n_args; a++)
        {
          GString *arg = g_string_new (NULL);
          guint n_pieces = (guint) g_test_rand_int_range (1, 4);

          for (guint p = 0; p < n_pieces; p++)
            if (g_test_rand_int_range (0, 10) == 0)
              g_string_append_c (arg, (char) g_test_rand_int_range (1, 256));
            else
              g_string_append (arg, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
          g_ptr_array_add (owned, arg->str);
          g_ptr_array_add (args, g_string_free (arg, FALSE));
        }
      status = run_argv (f, args, NULL, &err);
      if (status != 0 && status != 1 && status != 2)
        g_error ("exit status %d; stderr: %s", status, err);
      if (status != 0)
        g_assert_cmpstr (err, !=, "");
      g_assert_true (g_utf8_validate (err, -1, NULL));
    }

  g_assert_cmpint (cli (f, &out, NULL, "check", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "ok"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/init/new", test_init_new);
  ADD ("/cli/init/file-argument", test_init_file_argument);
  ADD ("/cli/init/existing", test_init_existing);
  ADD ("/cli/init/foreign", test_init_foreign);
  ADD ("/cli/open/missing", test_open_missing);
  ADD ("/cli/open/default-db", test_default_db);
  ADD ("/cli/kinds", test_kinds);
  ADD ("/cli/add/round-trip", test_add_round_trip_text);
  ADD ("/cli/add/long-cells", test_add_long_cells);
  ADD ("/cli/add/references", test_add_references);
  ADD ("/cli/list/csv", test_list_csv);
  ADD ("/cli/list/json", test_list_json);
  ADD ("/cli/list/filters", test_list_filters);
  ADD ("/cli/list/real-values", test_list_real_values);
  ADD ("/cli/add/machine-formats", test_add_set_machine_formats);
  ADD ("/cli/set/change-clear-no-change", test_set);
  ADD ("/cli/delete/referenced", test_delete);
  ADD ("/cli/search/prefix", test_search);
  ADD ("/cli/undo-redo", test_undo_redo);
  ADD ("/cli/check/good", test_check);
  ADD ("/cli/generate", test_generate);
  ADD ("/cli/help", test_help);
  ADD ("/cli/usage/errors", test_usage_errors);
  ADD ("/cli/input/errors", test_bad_input);
  ADD ("/cli/input/odd-arguments", test_odd_arguments);
  ADD ("/cli/output/c-locale", test_c_locale);
  ADD ("/cli/options/after-command", test_global_options_after_command);
  ADD ("/cli/fuzz", test_fuzz);
#undef ADD

  return g_test_run ();
}
