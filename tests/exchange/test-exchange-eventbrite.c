/* test-exchange-eventbrite.c: an Eventbrite attendee report onto an event.
 *
 * The fixture, eventbrite-attendees-2017-05-19.csv, is an attendee summary
 * as Eventbrite writes it (UTF-8 with a byte-order mark, CRLF, its own
 * columns, a quoted line break) for the Learning and Innovation event of
 * Friday 19 May 2017 at the Mercure Hotel in Bingley. Two attendees are
 * already known (one by an email written in other capitals); the rest are
 * added; statuses, ticket types and order dates land in the attendances.
 */
#include "exchange-test-util.h"
#include "joinery-import.h"
#include "joinery-exchange-error.h"

#include <string.h>

typedef struct {
  JoineryTestDb *tdb;
  gint64         event;
  gint64         kersten;
  gint64         zoe;
  gint64         airedale;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  JoineryDb *db;

  f->tdb = joinery_test_db_new ();
  db = f->tdb->db;
  joinery_test_create (db, "organisation", "name", "Bradford Council", "kind", "council", NULL);
  f->airedale = joinery_test_create (db, "organisation", "name", "Airedale NHS Foundation Trust",
                                     "kind", "nhs_trust", NULL);
  f->event = joinery_test_create (db, "event", "name", "Learning and Innovation event", "kind", "learning_event",
                                  "starts_on", "2017-05-19", "venue", "Mercure Hotel, Bingley", NULL);
  joinery_test_create (db, "event", "name", "Learning and Innovation event (October)", "kind", "learning_event",
                       "starts_on", "2016-10-20", NULL);
  f->kersten = joinery_test_create (db, "person", "name", "Kersten England", "email", "kersten.england@example.org",
                                    "organisation", "Bradford Council", "consent_to_contact", "yes", NULL);
  f->zoe = joinery_test_create (db, "person", "name", "Zoë Whitfield", "email", "zoe.whitfield@example.org", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  joinery_test_db_free (f->tdb);
}

static GBytes *
snapshot (Fixture *f)
{
  return exchange_test_snapshot (f->tdb);
}

static JoineryImportReport *
run_report (Fixture *f, const char *path, gint64 event)
{
  g_autoptr(JoineryImport) import = joinery_import_new_eventbrite (event, path);
  g_autoptr(GError) error = NULL;
  JoineryImportReport *report = joinery_import_run (import, f->tdb->db, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static char *
fixture_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "exchange", "eventbrite-attendees-2017-05-19.csv", NULL);
}

/* The attendance of the person with that email at the event. */
static JoineryRecord *
attendance_of (Fixture *f, const char *email)
{
  const JoineryKind *people = joinery_kind_lookup ("person");
  const JoineryKind *attendances = joinery_kind_lookup ("attendance");
  g_autoptr(JoineryQuery) by_email = joinery_query_new (people);
  g_autoptr(JoineryQuery) query = joinery_query_new (attendances);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *person = NULL;
  g_autofree char *event = g_strdup_printf ("%" G_GINT64_FORMAT, f->event);

  g_assert_true (joinery_query_add_filter (by_email, "email", JOINERY_FILTER_EQUAL, email, &error));
  found = joinery_db_list (f->tdb->db, people, by_email, &error);
  g_assert_cmpuint (found->len, ==, 1);
  person = g_strdup_printf ("%" G_GINT64_FORMAT, joinery_record_get_id (found->pdata[0]));
  g_clear_pointer (&found, g_ptr_array_unref);
  joinery_query_add_filter (query, "event", JOINERY_FILTER_EQUAL, event, &error);
  joinery_query_add_filter (query, "person", JOINERY_FILTER_EQUAL, person, &error);
  found = joinery_db_list (f->tdb->db, attendances, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return g_object_ref (found->pdata[0]);
}

static JoineryRecord *
person_by_email (Fixture *f, const char *email)
{
  const JoineryKind *people = joinery_kind_lookup ("person");
  g_autoptr(JoineryQuery) query = joinery_query_new (people);
  g_autoptr(GPtrArray) found = NULL;

  joinery_query_add_filter (query, "email", JOINERY_FILTER_EQUAL, email, NULL);
  found = joinery_db_list (f->tdb->db, people, query, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  return g_object_ref (found->pdata[0]);
}

static gint64
count (Fixture *f, const char *kind)
{
  gint64 n = -1;
  g_assert_true (joinery_db_count (f->tdb->db, joinery_kind_lookup (kind), NULL, &n, NULL));
  return n;
}

static void
test_report (Fixture *f, gconstpointer data)
{
  g_autofree char *path = fixture_path ();
  g_autoptr(JoineryImportReport) report = run_report (f, path, f->event);
  g_autoptr(JoineryRecord) kersten = NULL;
  g_autoptr(JoineryRecord) sian = NULL;
  g_autoptr(JoineryRecord) sian_person = NULL;
  g_autoptr(JoineryRecord) karl = NULL;
  g_autoptr(JoineryRecord) zoe = NULL;
  g_autoptr(JoineryRecord) imran = NULL;
  g_autoptr(JoineryRecord) priya = NULL;
  g_autoptr(JoineryRecord) helen = NULL;

  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_true (report->committed);
  g_assert_cmpuint (report->rows, ==, 11);
  g_assert_cmpuint (report->created, ==, 11);
  /* Kersten and Zoë were known: nine people added. */
  g_assert_cmpuint (report->people_created, ==, 9);
  g_assert_cmpint (count (f, "person"), ==, 11);
  g_assert_cmpint (count (f, "attendance"), ==, 11);

  kersten = attendance_of (f, "kersten.england@example.org");
  g_assert_cmpint (joinery_record_get_integer (kersten, "person"), ==, f->kersten);
  g_assert_cmpstr (joinery_record_get_text (kersten, "status"), ==, "attended");
  g_assert_cmpstr (joinery_record_get_text (kersten, "role"), ==, "speaker");
  g_assert_cmpstr (joinery_record_get_text (kersten, "booked_on"), ==, "2017-04-03");

  /* Matched whatever the capitals. */
  zoe = attendance_of (f, "zoe.whitfield@example.org");
  g_assert_cmpint (joinery_record_get_integer (zoe, "person"), ==, f->zoe);
  g_assert_cmpstr (joinery_record_get_text (zoe, "ticket_type"), ==, "Delegate - Health and care staff");

  sian = attendance_of (f, "sian.hargreaves@example.org");
  g_assert_cmpstr (joinery_record_get_text (sian, "status"), ==, "booked");
  g_assert_cmpstr (joinery_record_get_text (sian, "role"), ==, "delegate");
  g_assert_cmpstr (joinery_record_get_text (sian, "ticket_type"), ==, "Delegate - Voluntary and community sector");
  g_assert_cmpstr (joinery_record_get_text (sian, "booked_on"), ==, "2017-04-05");
  sian_person = person_by_email (f, "sian.hargreaves@example.org");
  g_assert_cmpstr (joinery_record_get_text (sian_person, "name"), ==, "Siân Hargreaves");
  g_assert_cmpstr (joinery_record_get_text (sian_person, "job_title"), ==, "Volunteer Coordinator");
  /* "Sanctuary at Mind" is not known: no organisation is made up for it. */
  g_assert_true (joinery_record_is_null (sian_person, "organisation"));
  g_assert_cmpint (joinery_record_get_integer (sian_person, "consent_to_contact"), ==, 0);

  karl = person_by_email (f, "karl.mainprize@example.org");
  g_assert_cmpstr (joinery_record_get_text (karl, "name"), ==, "Karl Mainprize");
  g_assert_cmpint (joinery_record_get_integer (karl, "organisation"), ==, f->airedale);

  imran = attendance_of (f, "imran.hussain@example.org");
  g_assert_cmpstr (joinery_record_get_text (imran, "status"), ==, "cancelled");
  priya = attendance_of (f, "priya.sharma@example.org");
  g_assert_cmpstr (joinery_record_get_text (priya, "status"), ==, "cancelled");
  helen = attendance_of (f, "helen.brown@example.org");
  g_assert_cmpstr (joinery_record_get_text (helen, "role"), ==, "facilitator");
  g_assert_cmpstr (joinery_record_get_text (helen, "status"), ==, "attended");

  joinery_test_assert_check_clean (f->tdb->db);
}

static void
test_download_again (Fixture *f, gconstpointer data)
{
  g_autofree char *path = fixture_path ();
  g_autofree char *contents = NULL;
  g_autofree char *later = NULL;
  g_autofree char *later_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) jo = NULL;

  {
    g_autoptr(JoineryImportReport) first = run_report (f, path, f->event);
    g_autoptr(JoineryImportReport) again = run_report (f, path, f->event);
    g_assert_cmpuint (first->created, ==, 11);
    /* The same report again changes nothing and adds no one. */
    g_assert_cmpuint (again->n_problems, ==, 0);
    g_assert_cmpuint (again->created, ==, 0);
    g_assert_cmpuint (again->people_created, ==, 0);
    g_assert_cmpuint (again->unchanged, ==, 11);
  }

  /* After the day: Jo Fenwick checked in. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  {
    char *mark = strstr (contents, "Attending,Integration Lead");
    g_assert_nonnull (mark);
    later = g_strdup_printf ("%.*sChecked In%s", (int) (mark - contents), contents, mark + strlen ("Attending"));
  }
  later_path = g_build_filename (f->tdb->dir, "later.csv", NULL);
  g_assert_true (g_file_set_contents (later_path, later, -1, &error));
  {
    g_autoptr(JoineryImportReport) report = run_report (f, later_path, f->event);
    g_assert_cmpuint (report->n_problems, ==, 0);
    g_assert_cmpuint (report->updated, ==, 1);
    g_assert_cmpuint (report->unchanged, ==, 10);
  }
  jo = attendance_of (f, "jo.fenwick@example.org");
  g_assert_cmpstr (joinery_record_get_text (jo, "status"), ==, "attended");
}

static char *
write_report (Fixture *f, const char *text)
{
  char *path = g_build_filename (f->tdb->dir, "report.csv", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
assert_problem (JoineryImportReport *report, guint index, guint64 row, guint column, const char *fragment)
{
  JoineryImportProblem *problem = report->problems->pdata[index];

  if (strstr (problem->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", problem->message, fragment);
  g_assert_cmpuint (problem->row, ==, row);
  g_assert_cmpuint (problem->column, ==, column);
}

static void
test_problems (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) before = snapshot (f);
  g_autofree char *path = write_report (f,
    "Order #,Order Date,First Name,Last Name,Email,Ticket Type,Attendee Status\r\n"
    "1,2017-04-03 09:14:22+01:00,Ann,Lee,ann@example.org,Delegate,Attending\r\n"
    "2,yesterday,Bo,Ng,bo@example.org,Delegate,Attending\r\n"
    "3,2017-04-04 10:00:00+01:00,Cy,Po,,Delegate,Attending\r\n"
    "4,2017-04-04 10:00:00+01:00,Di,Ro,di@example.org,Delegate,Waitlisted\r\n"
    "5,2017-04-05 10:00:00+01:00,Ann,Lee,ANN@example.org,Delegate,Attending\r\n");
  g_autoptr(JoineryImportReport) report = run_report (f, path, f->event);
  g_autoptr(GBytes) after = NULL;

  g_assert_false (report->committed);
  g_assert_cmpuint (report->n_problems, ==, 4);
  assert_problem (report, 0, 3, 2, "“yesterday” is not a date");
  assert_problem (report, 1, 4, 5, "Email: is empty");
  assert_problem (report, 2, 5, 7, "“Waitlisted” is not an attendee status");
  assert_problem (report, 3, 6, 5, "a duplicate: row 2 books the same person");
  after = snapshot (f);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_not_a_report (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_report (f, "Delegate,Phone\nAnn,0113\n");
  g_autoptr(JoineryImportReport) report = run_report (f, path, f->event);

  g_assert_cmpuint (report->n_problems, ==, 2);
  assert_problem (report, 0, 1, 0, "no “Email” column");
  assert_problem (report, 1, 1, 0, "no “First Name” and “Last Name” columns");
  g_assert_cmpint (count (f, "attendance"), ==, 0);
}

static void
test_other_dates (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_report (f,
    "Order Date,First Name,Last Name,Email,Attendee Status\n"
    "\"Apr 3, 2017 9:14 AM\",Ann,Lee,ann@example.org,Attending\n"
    "03/04/2017 09:14,Bo,Ng,bo@example.org,Checked In\n"
    ",Cy,Po,cy@example.org,\n");
  g_autoptr(JoineryImportReport) report = run_report (f, path, f->event);
  g_autoptr(JoineryRecord) ann = NULL;
  g_autoptr(JoineryRecord) bo = NULL;
  g_autoptr(JoineryRecord) cy = NULL;

  g_assert_cmpuint (report->n_problems, ==, 0);
  ann = attendance_of (f, "ann@example.org");
  bo = attendance_of (f, "bo@example.org");
  cy = attendance_of (f, "cy@example.org");
  g_assert_cmpstr (joinery_record_get_text (ann, "booked_on"), ==, "2017-04-03");
  /* British day/month order, as Excel in Britain writes it back. */
  g_assert_cmpstr (joinery_record_get_text (bo, "booked_on"), ==, "2017-04-03");
  g_assert_cmpstr (joinery_record_get_text (bo, "status"), ==, "attended");
  g_assert_true (joinery_record_is_null (cy, "booked_on"));
  g_assert_cmpstr (joinery_record_get_text (cy, "status"), ==, "booked");
}

static void
test_unknown_event (Fixture *f, gconstpointer data)
{
  g_autofree char *path = fixture_path ();
  g_autoptr(JoineryImport) import = joinery_import_new_eventbrite (9999, path);
  g_autoptr(GError) error = NULL;

  g_assert_null (joinery_import_run (import, f->tdb->db, NULL, NULL, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/exchange/eventbrite/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("report", test_report);
  ADD ("download-again", test_download_again);
  ADD ("problems", test_problems);
  ADD ("not-a-report", test_not_a_report);
  ADD ("other-dates", test_other_dates);
  ADD ("unknown-event", test_unknown_event);
#undef ADD
  return g_test_run ();
}
