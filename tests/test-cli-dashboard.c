/* test-cli-dashboard.c: `joinery dashboard`, the Home page's figures from
 * the command line, as text and JSON, on a small network made here, with
 * --today fixing the financial year and what is overdue. */
#include "joinery-test-util.h"

#include <string.h>

#include <json-glib/json-glib.h>

static void
build (JoineryDb *db)
{
  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (db, "organisation", "name", "Wigan Council", "kind", "council", NULL);
  joinery_test_create (db, "project", "name", "Social prescribing", "stage", "pilot", NULL);
  joinery_test_create (db, "fund", "name", "Innovation Fund", NULL);
  joinery_test_create (db, "round", "fund", "Innovation Fund", "name", "Round 1", NULL);
  joinery_test_create (db, "grant", "round", "Round 1", "title", "April", "applicant", "Wigan Council",
                       "status", "awarded", "awarded_on", "2026-04-01", "amount_awarded", "£2,500", NULL);
  joinery_test_create (db, "grant", "round", "Round 1", "title", "March", "applicant", "Wigan Council",
                       "status", "awarded", "awarded_on", "2026-03-31", "amount_awarded", "£1,000", NULL);
  joinery_test_create (db, "task", "title", "Overdue", "due_on", "2026-06-14", NULL);
  joinery_test_create (db, "task", "title", "Due today", "due_on", "2026-06-15", NULL);
}

static int
run (JoineryTestDb *tdb, char **out, char **err, const char *format, const char *today)
{
  const char *args[] = { "--db", tdb->path, "--format", format, "dashboard", "--today", today, NULL };

  return joinery_test_run_joinery (tdb->dir, NULL, args, out, err);
}

static void
test_json (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *figure;
  JsonArray *array;

  build (tdb->db);
  g_assert_cmpint (run (tdb, &out, &err, "json", "2026-06-15"), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "financial_year"), 0), ==,
                   "2026-04-01");
  g_assert_false (json_object_get_boolean_member (root, "empty"));
  g_assert_cmpint (json_object_get_int_member (root, "organisations"), ==, 2);
  array = json_object_get_array_member (root, "organisations_by_kind");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  figure = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (figure, "label"), ==, "Council");
  g_assert_cmpint (json_object_get_int_member (figure, "count"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (root, "awarded_this_year"), ==, 250000);
  figure = json_object_get_object_member (root, "overdue_tasks");
  g_assert_cmpint (json_object_get_int_member (figure, "count"), ==, 1);
  array = json_object_get_array_member (figure, "filters");
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "due_on<2026-06-15");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "open_tasks"), "count"), ==, 2);
  array = json_object_get_array_member (root, "recent_changes");
  /* Nine records and the project's first stage: ten, the most listed. */
  g_assert_cmpuint (json_array_get_length (array), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "label"), ==,
                   "Due today");

  /* On 31 March the year before: only March's grant. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (tdb, &out, &err, "json", "2026-03-31"), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "awarded_this_year"), ==, 100000);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (root, "awarded"), "earlier_year"));

  /* In 2029 nothing is awarded yet: the money is 2026–27's, said so. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (tdb, &out, &err, "json", "2029-05-01"), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "awarded_this_year"), ==, 0);
  figure = json_object_get_object_member (root, "awarded");
  g_assert_true (json_object_get_boolean_member (figure, "earlier_year"));
  g_assert_cmpint (json_object_get_int_member (figure, "pence"), ==, 250000);
  array = json_object_get_array_member (figure, "financial_year");
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "2026-04-01");
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "2027-03-31");
  figure = json_object_get_object_member (figure, "grants");
  g_assert_cmpint (json_object_get_int_member (figure, "count"), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (figure, "filters"), 0), ==,
                   "awarded_on>=2026-04-01");
}

static void
test_text (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (tdb, &out, &err, "text", "2026-06-15"), ==, 0);
  g_assert_nonnull (strstr (out, "Nothing yet"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  build (tdb->db);
  g_assert_cmpint (run (tdb, &out, &err, "text", "2026-06-15"), ==, 0);
  g_assert_nonnull (strstr (out, "Money awarded this financial year: £2,500.00"));
  g_assert_nonnull (strstr (out, "joinery list tasks status=open due_on<2026-06-15"));
  g_assert_nonnull (strstr (out, "Organisations: Council"));
  g_assert_null (strstr (out, "the latest:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Years on, with nothing awarded and nothing coming. */
  joinery_test_create (tdb->db, "event", "name", "Spring event", "starts_on", "2026-05-12", NULL);
  g_assert_cmpint (run (tdb, &out, &err, "text", "2029-05-01"), ==, 0);
  g_assert_nonnull (strstr (out, "Money awarded in 2026\u201327 (none yet this financial year): £2,500.00"));
  g_assert_nonnull (strstr (out, "Grants awarded in 2026\u201327"));
  g_assert_nonnull (strstr (out, "No events to come; the latest:\n  2026-05-12  Spring event"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A bad date is bad data; CSV is not a shape the figures have. */
  g_assert_cmpint (run (tdb, &out, &err, "text", "2026-02-30"), ==, 1);
  g_assert_nonnull (strstr (err, "--today"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (tdb, &out, &err, "csv", "2026-06-15"), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/dashboard/json", test_json);
  g_test_add_func ("/cli/dashboard/text", test_text);
  return g_test_run ();
}
