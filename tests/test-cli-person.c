/* test-cli-person.c: `joinery person export|erase ID`, `joinery audit`, and
 * consent to contact in every export the command line makes, driven as a
 * user drives them ($JOINERY_BIN, with what they would type on standard
 * input).
 */
#include "joinery-test-util.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <glib/gstdio.h>

typedef struct {
  JoineryTestDb  *tdb;
  JoineryTestCli  cli;  /* in tdb's folder, on its file */
  char           *out;
  char           *err;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  JoineryDb *db;

  f->tdb = joinery_test_db_new ();
  db = f->tdb->db;
  joinery_test_create (db, "organisation", "name", "Bradford Council", "kind", "council", NULL);
  joinery_test_create (db, "person", "name", "Amara Ashcombe", "email", "amara@example.org",
                       "phone", "01274 960000", "organisation", "1", "consent_to_contact", "yes", NULL);
  joinery_test_create (db, "person", "name", "Bob Noconsent", "email", "bob.noconsent@example.org",
                       "phone", "01274 960111", NULL);
  joinery_test_create (db, "event", "name", "Bradford Learning Event", "starts_on", "2019-05-19",
                       "organiser", "1", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "1", "status", "attended", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "2", "status", "attended", NULL);
  joinery_test_create (db, "note", "record", "person:1", "body", "Met at the learning event", NULL);
  joinery_test_create (db, "project", "name", "Community connectors",
                       "summary", "Amara Ashcombe leads it.", NULL);
  /* The command line is another program: the test's own connection closes. */
  g_clear_object (&f->tdb->db);
  joinery_test_cli_init (&f->cli, f->tdb->dir, f->tdb->path);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  joinery_test_cli_clear (&f->cli);
  g_clear_pointer (&f->tdb, joinery_test_db_free);
  g_free (f->out);
  g_free (f->err);
}

/* `joinery --db <file> ARGS…` with `input` on standard input; the exit
 * status, with what it wrote in f->out and f->err. */
static int G_GNUC_NULL_TERMINATED
joinery (Fixture *f, const char *input, const char *first, ...)
{
  va_list ap;
  int status;

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  va_start (ap, first);
  status = joinery_test_cli_run_va (&f->cli, input, TRUE, &f->out, &f->err, first, ap);
  va_end (ap);
  return status;
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
assert_lacks (const char *haystack, const char *needle)
{
  if (strstr (haystack, needle) != NULL)
    g_error ("“%s” found in:\n%s", needle, haystack);
}

static gint64
query_int (Fixture *f, const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (f->tdb->path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return value;
}

/* person export */

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->tdb->dir, "amara.json", NULL);
  JsonObject *root;
  GStatBuf st;

  /* To standard output. */
  g_assert_cmpint (joinery (f, NULL, "person", "export", "1", NULL), ==, 0);
  g_assert_cmpstr (f->err, ==, "");
  g_assert_true (json_parser_load_from_data (parser, f->out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (root, "person"), "fields"), "email"), ==, "amara@example.org");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "mentioned_in")), ==, 1);

  /* To a file only its owner can read. */
  g_assert_cmpint (joinery (f, NULL, "person", "export", "1", "--output", "amara.json", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Wrote everything held about person #1 to amara.json\n");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);

  /* Both exports are on the trail. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'export' AND kind = 'person' "
                                 "AND record_id = 1 AND source = 'cli'"), ==, 2);

  /* Mistakes. */
  g_assert_cmpint (joinery (f, NULL, "person", "export", "9", NULL), ==, 1);
  g_assert_cmpstr (f->err, ==, "joinery: cannot export person #9: there is no person #9\n");
  g_assert_cmpint (joinery (f, NULL, "person", "export", "amara", NULL), ==, 2);
  g_assert_cmpint (joinery (f, NULL, "person", "show", "1", NULL), ==, 2);
  assert_contains (f->err, "unknown person command “show”");
  g_assert_cmpint (joinery (f, NULL, "person", "export", "1", "--yes", NULL), ==, 2);
}

/* person erase */

static void
test_erase (Fixture *f, gconstpointer data)
{
  /* Asked, and not confirmed: nothing happens. */
  g_assert_cmpint (joinery (f, "no\n", "person", "erase", "1", NULL), ==, 1);
  assert_contains (f->err, "Erase person #1 “Amara Ashcombe”?");
  assert_contains (f->err, "cannot be undone");
  assert_contains (f->err, "person #1 was not erased");
  g_assert_cmpint (joinery (f, NULL, "person", "erase", "1", NULL), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM people WHERE name = 'Amara Ashcombe'"), ==, 1);

  /* Confirmed. */
  g_assert_cmpint (joinery (f, "yes\n", "person", "erase", "1", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==,
                   "Erased person #1: now “Erased person 1”; 1 linked record kept anonymously, "
                   "1 note and tag removed.\n"
                   "1 record still mentions them, left as it was for you to review "
                   "(--blank-mentions blanks them):\n"
                   "  project #1 “Community connectors”, summary: Amara Ashcombe leads it.\n");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM people WHERE name = 'Amara Ashcombe' "
                                 "OR email IS NOT NULL AND id = 1"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM attendances WHERE event_id = 1"), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE instr(coalesce(before, '') || "
                                 "coalesce(after, ''), 'amara@example.org') > 0"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'erase' AND source = 'cli'"), ==, 1);

  /* Not undoable. */
  g_assert_cmpint (joinery (f, NULL, "undo", NULL), ==, 1);

  /* --yes, for scripts. */
  g_assert_cmpint (joinery (f, NULL, "person", "erase", "2", "--yes", NULL), ==, 0);
  assert_contains (f->out, "Erased person #2: now “Erased person 2”");
  assert_contains (f->out, "No other record mentions them.");
  g_assert_cmpint (joinery (f, NULL, "person", "erase", "7", "--yes", NULL), ==, 1);
  g_assert_cmpstr (f->err, ==, "joinery: cannot erase person #7: there is no person #7\n");
}

/* With --blank-mentions the mentions go too, in the same step, and the
 * trail's copies of them with them. */
static void
test_erase_blank_mentions (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (joinery (f, NULL, "person", "export", "1", "--blank-mentions", NULL), ==, 2);
  assert_contains (f->err, "--blank-mentions is for “person erase”");

  g_assert_cmpint (joinery (f, "yes\n", "person", "erase", "1", "--blank-mentions", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==,
                   "Erased person #1: now “Erased person 1”; 1 linked record kept anonymously, "
                   "1 note and tag removed.\n"
                   "1 record mentioned them; the mention now reads “[erased]”:\n"
                   "  project #1 “Community connectors”, summary: Amara Ashcombe leads it.\n");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM projects WHERE summary = '[erased] leads it.'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE instr(coalesce(before, '') || "
                                 "coalesce(after, ''), 'Amara') > 0"), ==, 0);
  g_assert_cmpint (joinery (f, NULL, "search", "amara", NULL), ==, 0);
  assert_lacks (f->out, "Community connectors");
  g_assert_cmpint (joinery (f, NULL, "person", "--help", NULL), ==, 0);
  assert_contains (f->out, "--blank-mentions");
}

/* audit */

static void
test_audit (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *entries;
  JsonObject *last;

  g_assert_cmpint (joinery (f, NULL, "set", "person", "1", "email=amara.a@example.org", NULL), ==, 0);
  g_assert_cmpint (joinery (f, NULL, "audit", "person", "1", NULL), ==, 0);
  assert_contains (f->out, "test         create  person #1: name: Amara Ashcombe;");
  assert_contains (f->out, "cli          update  person #1: email: amara@example.org → amara.a@example.org\n");
  assert_lacks (f->out, "Bob");

  g_assert_cmpint (joinery (f, NULL, "audit", "--limit", "1", "--format", "json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, f->out, -1, &error));
  g_assert_no_error (error);
  entries = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  last = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "update");
  g_assert_cmpstr (json_object_get_string_member (last, "source"), ==, "cli");

  g_assert_cmpint (joinery (f, NULL, "audit", "--since", "2999-01-01", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "");
  assert_contains (f->err, "Nothing in the audit trail");

  g_assert_cmpint (joinery (f, NULL, "audit", "person", NULL), ==, 2);
  g_assert_cmpint (joinery (f, NULL, "audit", "--since", "yesterday-ish", NULL), ==, 2);
  g_assert_cmpint (joinery (f, NULL, "audit", "spaceship", "1", NULL), ==, 1);
  assert_contains (f->err, "spaceship");
}

/* Consent to contact, in every export the command line makes. */

static void
test_consent_every_export (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *kind;
    const char *format;
  } exports[] = {
    { "people", "csv" },
    { "attendances", "csv" },
    { "events", "ics" },
    { "organisations", "oruk-json" },
    { "grants", "360giving-json" },
    { "grants", "360giving-csv" },
  };
  g_autofree char *workbook = g_build_filename (f->tdb->dir, "people.xlsx", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    {
      g_assert_cmpint (joinery (f, NULL, "export", exports[i].kind, "--format", exports[i].format, NULL), ==, 0);
      assert_lacks (f->out, "bob.noconsent@example.org");
      assert_lacks (f->out, "01274 960111");
    }

  /* People: left out, and said so; in only when asked for. */
  g_assert_cmpint (joinery (f, NULL, "export", "people", "--format", "csv", NULL), ==, 0);
  assert_contains (f->out, "amara@example.org");
  assert_contains (f->err, "Left out 1 person who has not consented to contact");
  g_assert_cmpint (joinery (f, NULL, "export", "people", "--format", "xlsx", "--output", "people.xlsx", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Exported 1 person to people.xlsx.\n"
                               "Left out 1 person who has not consented to contact (--include-no-consent adds them).\n");
  g_assert_true (g_file_test (workbook, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (joinery (f, NULL, "export", "people", "--format", "csv", "--include-no-consent", NULL), ==, 0);
  assert_contains (f->out, "bob.noconsent@example.org");

  /* A list of people as CSV or JSON is a contact list too. */
  for (guint i = 0; i < 2; i++)
    {
      const char *format = i == 0 ? "csv" : "json";

      g_assert_cmpint (joinery (f, NULL, "list", "people", "--format", format, NULL), ==, 0);
      assert_contains (f->out, "amara@example.org");
      assert_lacks (f->out, "bob.noconsent@example.org");
      assert_lacks (f->out, "01274 960111");
      g_assert_cmpstr (f->err, ==, "Left out 1 person who has not consented to contact "
                                   "(--include-no-consent adds them).\n");
      g_assert_cmpint (joinery (f, NULL, "list", "people", "--format", format, "--include-no-consent", NULL), ==, 0);
      assert_contains (f->out, "bob.noconsent@example.org");
      g_assert_cmpstr (f->err, ==, "");
    }
  /* The table on screen lists everyone; other kinds are as they were. */
  g_assert_cmpint (joinery (f, NULL, "list", "people", NULL), ==, 0);
  assert_contains (f->out, "Bob Noconsent");
  g_assert_cmpstr (f->err, ==, "");
  g_assert_cmpint (joinery (f, NULL, "list", "attendances", "--format", "csv", NULL), ==, 0);
  g_assert_cmpstr (f->err, ==, "");

  /* Each export is on the trail, with its format and count. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'export'"), ==, 9);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'export' AND kind = 'person' "
                                 "AND json_extract(after, '$.format') = 'xlsx' "
                                 "AND json_extract(after, '$.rows') = 1"), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/person/export", test_export);
  ADD ("/cli/person/erase", test_erase);
  ADD ("/cli/person/erase-blank-mentions", test_erase_blank_mentions);
  ADD ("/cli/audit/list", test_audit);
  ADD ("/cli/consent/every-export", test_consent_every_export);
#undef ADD

  return g_test_run ();
}
