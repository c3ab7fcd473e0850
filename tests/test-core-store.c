/* test-core-store.c: reading, writing, deleting and listing records.
 *
 * Create, get, update and delete for every kind, from a fixture holding one
 * record of each kind built through the core, with every field's value read
 * back as people see it; missing records; deletion refused while others
 * refer to a record, with the exact message, and the cascades that go with
 * a record (stage history, notes, tags), all audited; updates that change
 * nothing; the rules that write for themselves (stage history, a task done
 * today); references by name; labels filled in on read; lists with
 * filters, orders, ranges, counts and full-text search; the records related
 * to one; change groups, with a failure inside a group undone on its own.
 *
 * Validation refusals are in test-core-validation.c, undo and redo in
 * test-core-undo.c, ranking of search hits in test-core-search.c. The raw
 * SQLite handle is used only to look, and to age a timestamp.
 */
#include "joinery-test-util.h"
#include "joinery-record.h"

#include <string.h>

#define TODAY "2024-06-15"

/* Helpers */

static gint64
query_int (JoineryDb *db, const char *sql, const char *text, gint64 number)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, number);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
query_text (JoineryDb *db, const char *sql, const char *text, gint64 number)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, number);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

static gint64
count_rows (JoineryDb *db, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  return query_int (db, sql, NULL, 0);
}

/* Audit rows about one record, with one action. */
static gint64
count_audit (JoineryDb *db, const char *kind, gint64 id, const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE kind = ?1 AND record_id = ?2 "
                                          "AND action = '%s' AND source = 'test'", action);
  return query_int (db, sql, kind, id);
}

/* Age a record's updated_at, so that a later write is seen to change it. */
static void
age_record (JoineryDb *db, const JoineryKind *kind, gint64 id)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET updated_at = '2000-01-01T00:00:00Z' WHERE id = ?2",
                                          kind->table);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 2, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static JoineryRecord *
get_record (JoineryDb *db, const char *kind_name, gint64 id)
{
  g_autoptr(GError) error = NULL;
  JoineryRecord *record = joinery_db_get (db, joinery_kind_lookup (kind_name), id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static void
set_value (JoineryDb *db, JoineryRecord *record, const char *field, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_db_set_from_string (db, record, field, text, &error));
  g_assert_no_error (error);
}

static void
update_ok (JoineryDb *db, JoineryRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_db_update (db, record, &error));
  g_assert_no_error (error);
}

static void
delete_ok (JoineryDb *db, const char *kind_name, gint64 id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_db_delete (db, joinery_kind_lookup (kind_name), id, &error));
  g_assert_no_error (error);
}

static void
assert_shown (JoineryRecord *record, const char *field, const char *expected)
{
  g_autofree char *shown = joinery_record_format_value (record, field);

  g_assert_cmpstr (shown, ==, expected);
}

static void
assert_validation_error (const GError *error, JoineryValidationError code, const char *kind,
                         const char *field, const char *message)
{
  g_assert_error (error, JOINERY_VALIDATION_ERROR, (gint) code);
  g_assert_cmpstr (joinery_validation_error_get_kind (error), ==, kind);
  g_assert_cmpstr (joinery_validation_error_get_field (error), ==, field);
  g_assert_cmpstr (error->message, ==, message);
}

static gboolean
is_timestamp (const char *text)
{
  return text != NULL && strlen (text) == 20 && text[4] == '-' && text[7] == '-' && text[10] == 'T' &&
         text[13] == ':' && text[16] == ':' && text[19] == 'Z';
}

/* One record of every kind */

typedef struct {
  const char *field;
  const char *input;  /* as people type it; "" leaves the field empty */
  const char *shown;  /* joinery_record_format_value() on read; NULL when empty */
} FieldValue;

typedef struct {
  const char *kind;
  gboolean    checked;      /* the record of its kind under test (else a helper) */
  FieldValue  values[16];   /* every field of the kind, ended by a NULL field */
  FieldValue  change;       /* what the update test changes */
  const char *label;        /* joinery_record_get_label() on read */
} FixtureRecord;

/* In creation order: each refers only to records before it, so deleting
 * them in reverse order never meets a reference. */
static const FixtureRecord fixture_records[] = {
  { "area", FALSE, { { "name", "Yorkshire and the Humber", "Yorkshire and the Humber" },
                     { "level", "region", "region" } } },
  { "area", TRUE,
    { { "name", "West Yorkshire", "West Yorkshire" },
      { "level", "ICS", "ics" },
      { "parent", "yorkshire and the humber", "Yorkshire and the Humber" },
      { "code", "E54000054", "E54000054" },
      { "description", "Five places, one partnership", "Five places, one partnership" } },
    { "name", "  West Yorkshire ICS ", "West Yorkshire ICS" }, "West Yorkshire" },
  { "organisation", TRUE,
    { { "name", "Leeds City Council", "Leeds City Council" },
      { "kind", "Council", "council" },
      { "area", "West Yorkshire", "West Yorkshire" },
      { "charity_number", "1234567", "1234567" },
      { "company_number", "01234567", "01234567" },
      { "ods_code", "X1A2B", "X1A2B" },
      { "website", "https://www.leeds.gov.uk", "https://www.leeds.gov.uk" },
      { "email", "enquiries@leeds.gov.uk", "enquiries@leeds.gov.uk" },
      { "phone", "0113 222 4444", "0113 222 4444" },
      { "address", "Civic Hall\nCalverley Street\nLeeds LS1 1UR", "Civic Hall\nCalverley Street\nLeeds LS1 1UR" },
      { "description", "The local authority", "The local authority" } },
    { "kind", "Social enterprise", "social enterprise" }, "Leeds City Council" },
  { "person", TRUE,
    { { "name", "Matilda Ashbury", "Matilda Ashbury" },
      { "job_title", "Chief Executive", "Chief Executive" },
      { "organisation", "leeds city council", "Leeds City Council" },
      { "email", "matilda.ashbury@example.org", "matilda.ashbury@example.org" },
      { "phone", "+44 113 222 4444", "+44 113 222 4444" },
      { "consent_to_contact", "Yes", "yes" },
      { "consent_recorded_on", "04/03/2021", "2021-03-04" } },
    { "consent_to_contact", "no", "no" }, "Matilda Ashbury" },
  { "group", TRUE,
    { { "name", "Integration and Change Board", "Integration and Change Board" },
      { "kind", "board", "board" },
      { "area", "West Yorkshire", "West Yorkshire" },
      { "organisation", "Leeds City Council", "Leeds City Council" },
      { "starts_on", "2019-04-01", "2019-04-01" },
      { "ends_on", "2025-03-31", "2025-03-31" },
      { "website", "https://example.org/icb", "https://example.org/icb" },
      { "description", "Oversees integration", "Oversees integration" } },
    { "kind", "partnership", "partnership" }, "Integration and Change Board" },
  { "group_member", TRUE,
    { { "group", "Integration and Change Board", "Integration and Change Board" },
      { "person", "Matilda Ashbury", "Matilda Ashbury" },
      { "organisation", "", NULL },
      { "role", "Vice chair", "vice chair" },
      { "starts_on", "2019-04-01", "2019-04-01" },
      { "ends_on", "2021-03-31", "2021-03-31" } },
    { "role", "chair", "chair" }, "Matilda Ashbury in Integration and Change Board" },
  { "theme", TRUE,
    { { "name", "Healthy ageing", "Healthy ageing" },
      { "description", "Living well for longer", "Living well for longer" } },
    { "description", "", NULL }, "Healthy ageing" },
  { "theme", FALSE, { { "name", "Prevention", "Prevention" } } },
  { "project", TRUE,
    { { "name", "Frailty hub", "Frailty hub" },
      { "summary", "A multi-disciplinary hub", "A multi-disciplinary hub" },
      { "lead_organisation", "Leeds City Council", "Leeds City Council" },
      { "area", "West Yorkshire", "West Yorkshire" },
      { "stage", "pilot", "pilot" },
      { "stage_since", "2021-01-01", "2021-01-01" },
      { "starts_on", "2020-10-01", "2020-10-01" },
      { "ends_on", "2023-09-30", "2023-09-30" },
      { "website", "https://example.org/frailty", "https://example.org/frailty" } },
    { "summary", "A hub for older people\nwith frailty", "A hub for older people\nwith frailty" }, "Frailty hub" },
  { "project_partner", TRUE,
    { { "project", "Frailty hub", "Frailty hub" },
      { "organisation", "Leeds City Council", "Leeds City Council" },
      { "role", "Host", "Host" } },
    { "role", "Lead partner", "Lead partner" }, "Leeds City Council with Frailty hub" },
  { "project_theme", TRUE,
    { { "project", "Frailty hub", "Frailty hub" },
      { "theme", "Healthy ageing", "Healthy ageing" } },
    { "theme", "Prevention", "Prevention" }, "Frailty hub: Healthy ageing" },
  { "project_stage", TRUE,
    { { "project", "Frailty hub", "Frailty hub" },
      { "stage", "Established", "established" },
      { "started_on", "2022-02-02", "2022-02-02" },
      { "note", "Commissioned", "Commissioned" } },
    { "note", "Commissioned for three years", "Commissioned for three years" },
    "Frailty hub: established from 2022-02-02" },
  { "fund", TRUE,
    { { "name", "Better Care Fund", "Better Care Fund" },
      { "funder", "Leeds City Council", "Leeds City Council" },
      { "budget", "£1,000,000", "£1,000,000.00" },
      { "starts_on", "2021-01-01", "2021-01-01" },
      { "ends_on", "2025-12-31", "2025-12-31" },
      { "website", "http://example.org/bcf", "http://example.org/bcf" },
      { "description", "Pooled budget", "Pooled budget" } },
    { "budget", "2000000", "£2,000,000.00" }, "Better Care Fund" },
  { "fund_theme", TRUE,
    { { "fund", "Better Care Fund", "Better Care Fund" },
      { "theme", "Healthy ageing", "Healthy ageing" } },
    { "theme", "Prevention", "Prevention" }, "Better Care Fund: Healthy ageing" },
  { "round", TRUE,
    { { "fund", "Better Care Fund", "Better Care Fund" },
      { "name", "Round 1", "Round 1" },
      { "number", "1", "1" },
      { "opens_on", "2021-01-04", "2021-01-04" },
      { "closes_on", "2021-02-26", "2021-02-26" },
      { "budget", "250000.50", "£250,000.50" } },
    { "closes_on", "12/03/2021", "2021-03-12" }, "Round 1" },
  { "grant", TRUE,
    { { "round", "Round 1", "Round 1" },
      { "reference", "BCF-001", "BCF-001" },
      { "title", "Frailty hub pilot", "Frailty hub pilot" },
      { "applicant", "Leeds City Council", "Leeds City Council" },
      { "project", "Frailty hub", "Frailty hub" },
      { "theme", "Healthy ageing", "Healthy ageing" },
      { "amount_requested", "50,000", "£50,000.00" },
      { "amount_awarded", "45000.5", "£45,000.50" },
      { "status", "Awarded", "awarded" },
      { "submitted_on", "2021-02-01", "2021-02-01" },
      { "awarded_on", "2021-03-15", "2021-03-15" },
      { "starts_on", "2021-04-01", "2021-04-01" },
      { "ends_on", "2022-03-31", "2022-03-31" },
      { "description", "Twelve months of the hub", "Twelve months of the hub" } },
    { "amount_awarded", "£46,000", "£46,000.00" }, "Frailty hub pilot" },
  { "event", TRUE,
    { { "name", "Leeds Health and Care Conference", "Leeds Health and Care Conference" },
      { "kind", "Learning event", "learning event" },
      { "starts_on", "2023-11-08", "2023-11-08" },
      { "ends_on", "2023-11-09", "2023-11-09" },
      { "venue", "Royal Armouries", "Royal Armouries" },
      { "area", "West Yorkshire", "West Yorkshire" },
      { "organiser", "Leeds City Council", "Leeds City Council" },
      { "group", "Integration and Change Board", "Integration and Change Board" },
      { "booking_url", "https://example.org/book", "https://example.org/book" },
      { "capacity", "250", "250" },
      { "description", "Two days of learning", "Two days of learning" } },
    { "capacity", "300", "300" }, "Leeds Health and Care Conference" },
  { "session", TRUE,
    { { "event", "Leeds Health and Care Conference", "Leeds Health and Care Conference" },
      { "title", "Frailty showcase", "Frailty showcase" },
      { "kind", "showcase", "showcase" },
      { "starts_at", "9:30", "09:30" },
      { "ends_at", "10.45", "10:45" },
      { "project", "Frailty hub", "Frailty hub" },
      { "room", "Hall 1", "Hall 1" },
      { "description", "The hub team present", "The hub team present" } },
    { "room", "Hall 2", "Hall 2" }, "Frailty showcase" },
  { "attendance", TRUE,
    { { "event", "Leeds Health and Care Conference", "Leeds Health and Care Conference" },
      { "person", "Matilda Ashbury", "Matilda Ashbury" },
      { "session", "Frailty showcase", "Frailty showcase" },
      { "status", "attended", "attended" },
      { "role", "speaker", "speaker" },
      { "ticket_type", "Speaker pass", "Speaker pass" },
      { "booked_on", "2023-09-01", "2023-09-01" } },
    { "status", "No show", "no show" }, "Matilda Ashbury at Leeds Health and Care Conference" },
  { "indicator", TRUE,
    { { "name", "Emergency admissions aged 65+", "Emergency admissions aged 65+" },
      { "unit", "count", "count" },
      { "direction", "lower", "lower" },
      { "description", "Admissions per quarter", "Admissions per quarter" } },
    { "direction", "higher", "higher" }, "Emergency admissions aged 65+" },
  { "measurement", TRUE,
    { { "indicator", "Emergency admissions aged 65+", "Emergency admissions aged 65+" },
      { "area", "West Yorkshire", "West Yorkshire" },
      { "organisation", "", NULL },
      { "project", "", NULL },
      { "period_start", "2023-01-01", "2023-01-01" },
      { "period_end", "2023-03-31", "2023-03-31" },
      { "value", "1234.5", "1234.5" },
      { "source", "Secondary Uses Service", "Secondary Uses Service" },
      { "note", "Provisional", "Provisional" } },
    { "value", "1300.25", "1300.25" }, "Emergency admissions aged 65+, 2023-01-01 to 2023-03-31" },
  { "award", TRUE,
    { { "name", "HSJ Awards", "HSJ Awards" },
      { "awarding_body", "Leeds City Council", "Leeds City Council" },
      { "year", "2023", "2023" },
      { "category", "Integrated care", "Integrated care" },
      { "description", "National awards", "National awards" } },
    { "year", "2024", "2024" }, "HSJ Awards" },
  { "award_winner", TRUE,
    { { "award", "HSJ Awards", "HSJ Awards" },
      { "organisation", "Leeds City Council", "Leeds City Council" },
      { "project", "Frailty hub", "Frailty hub" },
      { "result", "Joint winner", "joint winner" },
      { "citation", "For joined-up frailty care", "For joined-up frailty care" } },
    { "result", "shortlisted", "shortlisted" }, "Leeds City Council, HSJ Awards" },
  { "task", TRUE,
    { { "title", "Year 1 impact report", "Year 1 impact report" },
      { "description", "Ask the hub for figures", "Ask the hub for figures" },
      { "due_on", "2022-03-15", "2022-03-15" },
      { "status", "open", "open" },
      { "completed_on", "", NULL },
      { "assignee", "Matilda Ashbury", "Matilda Ashbury" },
      { "record", "grant:Frailty hub pilot", "Grant: Frailty hub pilot" },
      { "created_by", "workflow:grant-monitoring", "workflow:grant-monitoring" } },
    { "due_on", "2022-04-15", "2022-04-15" }, "Year 1 impact report" },
  { "note", TRUE,
    { { "record", "organisation:Leeds City Council", "Organisation: Leeds City Council" },
      { "body", "Met the chief executive.\nAgreed next steps.", "Met the chief executive.\nAgreed next steps." },
      { "author", "Programme officer", "Programme officer" } },
    { "body", "Agreed a pilot", "Agreed a pilot" }, "Met the chief executive.\nAgreed next steps." },
  { "tag", TRUE,
    { { "record", "project:1", "Project: Frailty hub" },
      { "name", "Pilot Site", "pilot site" } },
    { "name", "SCALING", "scaling" }, "pilot site" },
};

typedef struct {
  JoineryTestDb *tdb;
  gint64         ids[G_N_ELEMENTS (fixture_records)];
} Fixture;

static void
fixture_free (Fixture *fixture)
{
  joinery_test_db_free (fixture->tdb);
  g_free (fixture);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static Fixture *
fixture_new (void)
{
  Fixture *fixture = g_new0 (Fixture, 1);

  fixture->tdb = joinery_test_db_new ();
  for (guint i = 0; i < G_N_ELEMENTS (fixture_records); i++)
    {
      const FixtureRecord *spec = &fixture_records[i];
      g_autoptr(JoineryRecord) record = joinery_record_new (joinery_kind_lookup (spec->kind));
      g_autoptr(GError) error = NULL;

      for (guint v = 0; spec->values[v].field != NULL; v++)
        set_value (fixture->tdb->db, record, spec->values[v].field, spec->values[v].input);
      g_assert_true (joinery_db_create (fixture->tdb->db, record, &error));
      g_assert_no_error (error);
      fixture->ids[i] = joinery_record_get_id (record);
      g_assert_cmpint (fixture->ids[i], >, 0);
    }
  return fixture;
}

static void
assert_fixture_values (JoineryRecord *record, const FixtureRecord *spec, const char *except)
{
  for (guint v = 0; spec->values[v].field != NULL; v++)
    if (except == NULL || !g_str_equal (spec->values[v].field, except))
      assert_shown (record, spec->values[v].field, spec->values[v].shown);
}

/* For each kind: create (by the fixture), get, update one field, delete. */
static void
test_crud (gconstpointer data)
{
  const FixtureRecord *spec = data;
  guint index_of = (guint) (spec - fixture_records);
  const JoineryKind *kind = joinery_kind_lookup (spec->kind);
  g_autoptr(Fixture) fixture = fixture_new ();
  JoineryDb *db = fixture->tdb->db;
  gint64 id = fixture->ids[index_of];
  g_autoptr(JoineryRecord) record = NULL;
  g_autoptr(JoineryRecord) updated = NULL;
  g_autoptr(JoineryRecord) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *created_at = NULL;
  gint64 audit_rows;
  guint n_values = 0;

  /* The spec names every field of the kind, so every field is read back. */
  for (guint v = 0; spec->values[v].field != NULL; v++)
    {
      g_assert_nonnull (joinery_kind_get_field (kind, spec->values[v].field));
      n_values++;
    }
  g_assert_cmpuint (n_values, ==, kind->n_fields);

  /* Create: one audit row, from this test's source. */
  g_assert_true (joinery_db_exists (db, kind, id));
  g_assert_cmpint (count_audit (db, kind->name, id, "create"), ==, 1);

  /* Get: the values as set, the label, the timestamps. */
  record = get_record (db, spec->kind, id);
  g_assert_true (joinery_record_get_kind (record) == kind);
  g_assert_cmpint (joinery_record_get_id (record), ==, id);
  assert_fixture_values (record, spec, NULL);
  g_assert_cmpstr (joinery_record_get_label (record), ==, spec->label);
  g_assert_true (is_timestamp (joinery_record_get_created_at (record)));
  g_assert_cmpstr (joinery_record_get_updated_at (record), ==, joinery_record_get_created_at (record));
  created_at = g_strdup (joinery_record_get_created_at (record));

  /* Update one field: it changes, updated_at moves, the rest stays. */
  age_record (db, kind, id);
  audit_rows = count_rows (db, "audit");
  updated = get_record (db, spec->kind, id);
  g_assert_cmpstr (joinery_record_get_updated_at (updated), ==, "2000-01-01T00:00:00Z");
  set_value (db, updated, spec->change.field, spec->change.input);
  update_ok (db, updated);
  g_assert_cmpstr (joinery_record_get_updated_at (updated), !=, "2000-01-01T00:00:00Z");
  g_assert_true (is_timestamp (joinery_record_get_updated_at (updated)));

  reread = get_record (db, spec->kind, id);
  assert_shown (reread, spec->change.field, spec->change.shown);
  assert_fixture_values (reread, spec, spec->change.field);
  g_assert_cmpstr (joinery_record_get_created_at (reread), ==, created_at);
  g_assert_cmpstr (joinery_record_get_updated_at (reread), ==, joinery_record_get_updated_at (updated));
  g_assert_cmpint (count_audit (db, kind->name, id, "update"), ==, 1);
  g_assert_cmpint (count_rows (db, "audit"), ==, audit_rows + 1);
  /* The audit row holds the record before and after, and they differ. */
  g_assert_cmpint (query_int (db, "SELECT json_valid(before) AND json_valid(after) AND before <> after "
                                  "AND json_extract(after, '$.id') = ?2 "
                                  "FROM audit WHERE kind = ?1 AND record_id = ?2 AND action = 'update'",
                              kind->name, id), ==, 1);

  /* Delete: first what was built on it, newest first, then the record. */
  for (guint i = G_N_ELEMENTS (fixture_records) - 1; i > index_of; i--)
    delete_ok (db, fixture_records[i].kind, fixture->ids[i]);
  g_assert_true (joinery_db_delete (db, kind, id, &error));
  g_assert_no_error (error);
  g_assert_false (joinery_db_exists (db, kind, id));
  g_assert_null (joinery_db_get (db, kind, id, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
  g_assert_cmpint (count_audit (db, kind->name, id, "delete"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT json_valid(before) AND after IS NULL "
                                  "FROM audit WHERE kind = ?1 AND record_id = ?2 AND action = 'delete'",
                              kind->name, id), ==, 1);
}

static void
test_fixture_covers_every_kind (void)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      guint n = 0;
      for (guint i = 0; i < G_N_ELEMENTS (fixture_records); i++)
        if (fixture_records[i].checked && g_str_equal (fixture_records[i].kind, kinds[k]->name))
          n++;
      g_test_message ("kind %s", kinds[k]->name);
      g_assert_cmpuint (n, ==, 1);
    }
}

/* Missing records */

static void
test_get_missing (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  const JoineryKind *grant = joinery_kind_lookup ("grant");
  g_autoptr(JoineryRecord) record = NULL;
  g_autoptr(JoineryRecord) ghost = joinery_record_new (grant);
  g_autoptr(GError) error = NULL;

  record = joinery_db_get (tdb->db, grant, 999, &error);
  g_assert_null (record);
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "there is no grant #999");
  g_clear_error (&error);

  g_assert_false (joinery_db_exists (tdb->db, grant, 999));
  g_assert_null (joinery_db_dup_label (tdb->db, grant, 999));

  g_assert_false (joinery_db_delete (tdb->db, grant, 999, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "there is no grant #999");
  g_clear_error (&error);

  joinery_record_set_id (ghost, 999);
  g_assert_false (joinery_db_update (tdb->db, ghost, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "there is no grant #999");
  g_assert_cmpint (count_rows (tdb->db, "audit"), ==, 0);
  g_assert_cmpint (count_rows (tdb->db, "change_groups"), ==, 0);
}

/* Deleting */

static gint64
make_round (JoineryDb *db)
{
  joinery_test_create (db, "fund", "name", "Better Care Fund", NULL);
  return joinery_test_create (db, "round", "fund", "Better Care Fund", "name", "Round 1", NULL);
}

static void
assert_delete_refused (JoineryDb *db, const char *kind_name, gint64 id, const char *message)
{
  const JoineryKind *kind = joinery_kind_lookup (kind_name);
  g_autoptr(GError) error = NULL;
  gint64 audit = count_rows (db, "audit");
  gint64 groups = count_rows (db, "change_groups");
  gint64 rows = count_rows (db, kind->table);

  g_assert_false (joinery_db_delete (db, kind, id, &error));
  assert_validation_error (error, JOINERY_VALIDATION_ERROR_IN_USE, kind_name, NULL, message);
  g_assert_true (joinery_db_exists (db, kind, id));
  g_assert_cmpint (count_rows (db, kind->table), ==, rows);
  g_assert_cmpint (count_rows (db, "audit"), ==, audit);
  g_assert_cmpint (count_rows (db, "change_groups"), ==, groups);
  g_assert_false (joinery_db_in_group (db));
}

static void
test_delete_refused_while_referenced (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  gint64 council, ada, bob, grant;

  council = joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  ada = joinery_test_create (db, "person", "name", "Ada Lovelace", "organisation", "Leeds City Council", NULL);
  bob = joinery_test_create (db, "person", "name", "Bob Smith", "organisation", "Leeds City Council", NULL);
  make_round (db);
  grant = joinery_test_create (db, "grant", "round", "Round 1", "title", "Falls prevention",
                               "applicant", "Leeds City Council", NULL);

  assert_delete_refused (db, "organisation", council,
                         "cannot delete organisation “Leeds City Council”: it is still referred to by "
                         "2 people, 1 grant");

  /* As the references go, so does the refusal. */
  delete_ok (db, "person", bob);
  assert_delete_refused (db, "organisation", council,
                         "cannot delete organisation “Leeds City Council”: it is still referred to by "
                         "1 person, 1 grant");
  delete_ok (db, "grant", grant);
  delete_ok (db, "person", ada);
  delete_ok (db, "organisation", council);
  g_assert_cmpint (count_rows (db, "organisations"), ==, 0);
}

static void
test_delete_refused_names_kinds (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  gint64 ada, leeds;

  leeds = joinery_test_create (db, "area", "name", "Leeds", NULL);
  joinery_test_create (db, "area", "name", "Headingley", "level", "ward", "parent", "Leeds", NULL);
  joinery_test_create (db, "area", "name", "Hyde Park", "level", "ward", "parent", "Leeds", NULL);
  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", "area", "Leeds", NULL);
  ada = joinery_test_create (db, "person", "name", "Ada Lovelace", NULL);
  joinery_test_create (db, "group", "name", "Board", "kind", "board", NULL);
  joinery_test_create (db, "group_member", "group", "Board", "person", "Ada Lovelace", NULL);
  joinery_test_create (db, "event", "name", "Conference", "starts_on", "2024-05-01", NULL);
  joinery_test_create (db, "attendance", "event", "Conference", "person", "Ada Lovelace", NULL);
  joinery_test_create (db, "task", "title", "Call Ada", "assignee", "Ada Lovelace", NULL);
  joinery_test_create (db, "task", "title", "Welcome Ada to the board", "record", "group_member:1", NULL);

  /* Kinds in their plural, with spaces for people to read. */
  assert_delete_refused (db, "area", leeds,
                         "cannot delete area “Leeds”: it is still referred to by 2 areas, 1 organisation");
  assert_delete_refused (db, "person", ada,
                         "cannot delete person “Ada Lovelace”: it is still referred to by "
                         "1 group member, 1 attendance, 1 task");

  /* The record's own kind reads the same way. */
  {
    static const char *expected = "cannot delete group member “Ada Lovelace in Board”: "
                                  "it is still referred to by 1 task";
    g_autoptr(GError) error = NULL;

    g_assert_false (joinery_db_delete (db, joinery_kind_lookup ("group_member"), 1, &error));
    g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_IN_USE);
    g_assert_cmpstr (joinery_validation_error_get_kind (error), ==, "group_member");
    g_assert_null (joinery_validation_error_get_field (error));
    g_assert_true (joinery_db_exists (db, joinery_kind_lookup ("group_member"), 1));
    g_assert_cmpstr (error->message, ==, expected);
  }
}

static void
test_delete_refused_by_tasks (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  gint64 grant, first, second;

  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  make_round (db);
  grant = joinery_test_create (db, "grant", "round", "Round 1", "title", "Frailty hub pilot",
                               "applicant", "Leeds City Council", NULL);
  first = joinery_test_create (db, "task", "title", "Year 1 report", "record", "grant:Frailty hub pilot", NULL);
  second = joinery_test_create (db, "task", "title", "Year 2 report", "record", "grant:1", NULL);
  /* Notes and tags go with the record: they do not hold it. */
  joinery_test_create (db, "note", "record", "grant:1", "body", "Awarded at the March panel", NULL);
  joinery_test_create (db, "tag", "record", "grant:1", "name", "frailty", NULL);

  assert_delete_refused (db, "grant", grant,
                         "cannot delete grant “Frailty hub pilot”: it is still referred to by 2 tasks");
  delete_ok (db, "task", first);
  assert_delete_refused (db, "grant", grant,
                         "cannot delete grant “Frailty hub pilot”: it is still referred to by 1 task");
  delete_ok (db, "task", second);
  delete_ok (db, "grant", grant);
  g_assert_cmpint (count_rows (db, "notes"), ==, 0);
  g_assert_cmpint (count_rows (db, "tags"), ==, 0);
}

static void
test_delete_cascades (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(JoineryRecord) project = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  gint64 project_id, other, kept_note, note, tag, stage_note, groups;

  project_id = joinery_test_create (db, "project", "name", "Frailty hub", "stage", "idea",
                                    "stage_since", "2023-01-01", NULL);
  other = joinery_test_create (db, "project", "name", "Social prescribing", NULL);
  project = get_record (db, "project", project_id);
  set_value (db, project, "stage", "pilot");
  update_ok (db, project);
  g_assert_cmpint (count_rows (db, "project_stages"), ==, 3);

  note = joinery_test_create (db, "note", "record", "project:Frailty hub", "body", "Quokka workshop held", NULL);
  tag = joinery_test_create (db, "tag", "record", "project:1", "name", "frailty", NULL);
  /* A note on the project's stage history goes too, two levels down. */
  stage_note = joinery_test_create (db, "note", "record", "project_stage:1", "body", "Started small", NULL);
  kept_note = joinery_test_create (db, "note", "record", "project:Social prescribing", "body", "Kept", NULL);
  joinery_test_create (db, "tag", "record", "project:Social prescribing", "name", "frailty", NULL);
  hits = joinery_db_search (db, "quokka", NULL, 10, "[", "]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  groups = count_rows (db, "change_groups");
  delete_ok (db, "project", project_id);

  g_assert_false (joinery_db_exists (db, joinery_kind_lookup ("project"), project_id));
  g_assert_true (joinery_db_exists (db, joinery_kind_lookup ("project"), other));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_stages WHERE project_id = ?2", NULL, project_id),
                   ==, 0);
  g_assert_cmpint (count_rows (db, "project_stages"), ==, 1);
  g_assert_false (joinery_db_exists (db, joinery_kind_lookup ("note"), note));
  g_assert_false (joinery_db_exists (db, joinery_kind_lookup ("note"), stage_note));
  g_assert_false (joinery_db_exists (db, joinery_kind_lookup ("tag"), tag));
  g_assert_true (joinery_db_exists (db, joinery_kind_lookup ("note"), kept_note));
  g_assert_cmpint (count_rows (db, "notes"), ==, 1);
  g_assert_cmpint (count_rows (db, "tags"), ==, 1);

  /* Every record that went is audited, all in the one change group. */
  g_assert_cmpint (count_audit (db, "project", project_id, "delete"), ==, 1);
  g_assert_cmpint (count_audit (db, "project_stage", 1, "delete"), ==, 1);
  g_assert_cmpint (count_audit (db, "project_stage", 3, "delete"), ==, 1);
  g_assert_cmpint (count_audit (db, "note", note, "delete"), ==, 1);
  g_assert_cmpint (count_audit (db, "note", stage_note, "delete"), ==, 1);
  g_assert_cmpint (count_audit (db, "tag", tag, "delete"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT change_group) FROM audit WHERE action = 'delete' "
                                  "AND change_group IS NOT NULL", NULL, 0), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM audit WHERE action = 'delete'", NULL, 0), ==, 6);
  g_assert_cmpint (count_rows (db, "change_groups"), ==, groups + 1);
  label = query_text (db, "SELECT label FROM change_groups ORDER BY id DESC LIMIT 1", NULL, 0);
  g_assert_cmpstr (label, ==, "Delete project “Frailty hub”");

  /* Nor does the search index remember them. */
  hits = joinery_db_search (db, "quokka", NULL, 10, "[", "]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_delete_cascade_blocked (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(GError) error = NULL;
  gint64 project, audit;

  /* A task on the stage history holds the project: nothing is deleted. */
  project = joinery_test_create (db, "project", "name", "Frailty hub", NULL);
  joinery_test_create (db, "note", "record", "project:1", "body", "Stays", NULL);
  joinery_test_create (db, "task", "title", "Review the pilot stage", "record", "project_stage:1", NULL);
  audit = count_rows (db, "audit");

  g_assert_false (joinery_db_delete (db, joinery_kind_lookup ("project"), project, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_IN_USE);
  g_assert_cmpstr (joinery_validation_error_get_kind (error), ==, "project_stage");
  g_assert_null (joinery_validation_error_get_field (error));
  g_assert_true (joinery_db_exists (db, joinery_kind_lookup ("project"), project));
  g_assert_cmpint (count_rows (db, "project_stages"), ==, 1);
  g_assert_cmpint (count_rows (db, "notes"), ==, 1);
  g_assert_cmpint (count_rows (db, "audit"), ==, audit);
  g_assert_false (joinery_db_in_group (db));

  {
    static const char *expected = "cannot delete project stage “Frailty hub: idea from " TODAY "”: "
                                  "it is still referred to by 1 task";
    g_assert_cmpstr (error->message, ==, expected);
  }
}

/* Updating */

static void
test_update_without_change (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  const JoineryKind *kind = joinery_kind_lookup ("organisation");
  g_autoptr(JoineryRecord) council = NULL;
  g_autoptr(JoineryRecord) reread = NULL;
  g_autofree char *undo = NULL;
  gint64 id, audit, groups;

  id = joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council",
                            "email", "enquiries@leeds.gov.uk", NULL);
  age_record (db, kind, id);
  audit = count_rows (db, "audit");
  groups = count_rows (db, "change_groups");

  council = get_record (db, "organisation", id);
  update_ok (db, council);
  /* Typed again the same way, give or take blanks and case of a choice. */
  set_value (db, council, "name", "  Leeds City Council ");
  set_value (db, council, "kind", "Council");
  update_ok (db, council);

  g_assert_cmpint (count_rows (db, "audit"), ==, audit);
  g_assert_cmpint (count_rows (db, "change_groups"), ==, groups);
  reread = get_record (db, "organisation", id);
  g_assert_cmpstr (joinery_record_get_updated_at (reread), ==, "2000-01-01T00:00:00Z");
  /* Nothing to undo but the create. */
  undo = joinery_db_dup_undo_label (db);
  g_assert_cmpstr (undo, ==, "Add organisation “Leeds City Council”");
}

static void
test_create_audits (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(JoineryRecord) council = joinery_record_new (joinery_kind_lookup ("organisation"));
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *at = NULL;
  g_autofree char *label = NULL;

  set_value (db, council, "name", "Leeds City Council");
  set_value (db, council, "kind", "council");
  g_assert_true (joinery_db_create (db, council, &error));
  g_assert_no_error (error);
  g_assert_cmpint (joinery_record_get_id (council), ==, 1);
  g_assert_true (is_timestamp (joinery_record_get_created_at (council)));
  g_assert_cmpstr (joinery_record_get_updated_at (council), ==, joinery_record_get_created_at (council));

  g_assert_cmpint (count_audit (db, "organisation", 1, "create"), ==, 1);
  at = query_text (db, "SELECT at FROM audit WHERE kind = ?1 AND record_id = ?2", "organisation", 1);
  g_assert_cmpstr (at, ==, joinery_record_get_created_at (council));
  label = query_text (db, "SELECT label FROM change_groups WHERE id = "
                          "(SELECT change_group FROM audit WHERE kind = ?1 AND record_id = ?2)", "organisation", 1);
  g_assert_cmpstr (label, ==, "Add organisation “Leeds City Council”");

  /* The record as it was written, as JSON; nothing before it. */
  g_assert_cmpint (query_int (db, "SELECT json_valid(after) FROM audit WHERE kind = ?1 AND record_id = ?2",
                              "organisation", 1), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT before IS NULL FROM audit WHERE kind = ?1 AND record_id = ?2",
                              "organisation", 1), ==, 1);
  after = query_text (db, "SELECT json_extract(after, '$.name') || '/' || json_extract(after, '$.kind') "
                          "FROM audit WHERE kind = ?1 AND record_id = ?2", "organisation", 1);
  g_assert_cmpstr (after, ==, "Leeds City Council/council");
}

/* Rules that write for themselves */

static char *
stage_history (JoineryDb *db, gint64 project)
{
  return query_text (db, "SELECT group_concat(stage || '@' || started_on, ', ') FROM "
                         "(SELECT stage, started_on FROM project_stages WHERE project_id = ?2 ORDER BY id)",
                     NULL, project);
}

static void
test_project_stage_history (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(JoineryRecord) project = NULL;
  g_autoptr(JoineryRecord) reread = NULL;
  g_autofree char *history = NULL;
  gint64 dated, undated;

  dated = joinery_test_create (db, "project", "name", "Frailty hub", "stage", "pilot",
                               "stage_since", "2020-03-01", NULL);
  history = stage_history (db, dated);
  g_assert_cmpstr (history, ==, "pilot@2020-03-01");
  g_clear_pointer (&history, g_free);
  g_assert_cmpint (count_audit (db, "project_stage", 1, "create"), ==, 1);

  /* No date given: today. */
  undated = joinery_test_create (db, "project", "name", "Social prescribing", "stage", "pilot", NULL);
  project = get_record (db, "project", undated);
  assert_shown (project, "stage_since", TODAY);
  history = stage_history (db, undated);
  g_assert_cmpstr (history, ==, "pilot@" TODAY);
  g_clear_pointer (&history, g_free);
  g_clear_object (&project);

  /* A change of stage without a new date starts today; with one, then. */
  project = get_record (db, "project", dated);
  set_value (db, project, "stage", "established");
  update_ok (db, project);
  reread = get_record (db, "project", dated);
  assert_shown (reread, "stage_since", TODAY);
  history = stage_history (db, dated);
  g_assert_cmpstr (history, ==, "pilot@2020-03-01, established@" TODAY);
  g_clear_pointer (&history, g_free);

  set_value (db, project, "stage", "Scaling");
  set_value (db, project, "stage_since", "2024-01-10");
  update_ok (db, project);
  history = stage_history (db, dated);
  g_assert_cmpstr (history, ==, "pilot@2020-03-01, established@" TODAY ", scaling@2024-01-10");
  g_clear_pointer (&history, g_free);

  /* Other changes leave the history alone. */
  set_value (db, project, "summary", "Now across the city");
  update_ok (db, project);
  history = stage_history (db, dated);
  g_assert_cmpstr (history, ==, "pilot@2020-03-01, established@" TODAY ", scaling@2024-01-10");
  g_assert_cmpint (count_rows (db, "project_stages"), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM audit WHERE kind = 'project_stage' AND action = 'create'",
                              NULL, 0), ==, 4);
}

static void
test_project_stage_today (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autofree char *history = NULL;
  gint64 id;

  /* "Today" is read when the change is made. */
  g_setenv ("JOINERY_TODAY", "2025-01-31", TRUE);
  id = joinery_test_create (tdb->db, "project", "name", "Frailty hub", NULL);
  g_setenv ("JOINERY_TODAY", TODAY, TRUE);
  history = stage_history (tdb->db, id);
  g_assert_cmpstr (history, ==, "idea@2025-01-31");
}

static void
test_task_done_today (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(JoineryRecord) done = NULL;
  g_autoptr(JoineryRecord) dated = NULL;
  g_autoptr(JoineryRecord) later = NULL;
  g_autoptr(JoineryRecord) reread = NULL;
  gint64 id;

  id = joinery_test_create (db, "task", "title", "Book the venue", "status", "done", NULL);
  done = get_record (db, "task", id);
  assert_shown (done, "completed_on", TODAY);

  id = joinery_test_create (db, "task", "title", "Send invitations", "status", "done",
                            "completed_on", "2024-06-01", NULL);
  dated = get_record (db, "task", id);
  assert_shown (dated, "completed_on", "2024-06-01");

  id = joinery_test_create (db, "task", "title", "Print badges", NULL);
  later = get_record (db, "task", id);
  assert_shown (later, "status", "open");
  assert_shown (later, "completed_on", NULL);
  set_value (db, later, "status", "Done");
  update_ok (db, later);
  reread = get_record (db, "task", id);
  assert_shown (reread, "completed_on", TODAY);
}

/* References by name, labels */

static void
test_set_from_string_by_name (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(JoineryRecord) person = joinery_record_new (joinery_kind_lookup ("person"));
  g_autoptr(JoineryRecord) task = joinery_record_new (joinery_kind_lookup ("task"));
  g_autoptr(GError) error = NULL;
  gint64 council, first, second;

  council = joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  first = joinery_test_create (db, "organisation", "name", "Age UK", "kind", "voluntary", NULL);
  second = joinery_test_create (db, "organisation", "name", "age uk", "kind", "voluntary", NULL);

  /* Exact name, any case, blanks around it ignored. */
  g_assert_true (joinery_db_set_from_string (db, person, "organisation", "  LEEDS city council ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (joinery_record_get_integer (person, "organisation"), ==, council);
  /* An id still reads as an id. */
  g_assert_true (joinery_db_set_from_string (db, person, "organisation", "#3", &error));
  g_assert_cmpint (joinery_record_get_integer (person, "organisation"), ==, second);
  /* Links by name too. */
  g_assert_true (joinery_db_set_from_string (db, task, "record", "organisation:Leeds City Council", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_record_get_link_kind (task, "record"), ==, "organisation");
  g_assert_cmpint (joinery_record_get_integer (task, "record"), ==, council);

  /* Not a prefix, not a near miss. */
  g_assert_false (joinery_db_set_from_string (db, person, "organisation", "Leeds City", &error));
  assert_validation_error (error, JOINERY_VALIDATION_ERROR_MISSING_REFERENCE, "person", "organisation",
                           "organisation: there is no organisation called “Leeds City”");
  g_assert_cmpint (joinery_record_get_integer (person, "organisation"), ==, second);
  g_clear_error (&error);

  g_assert_false (joinery_db_set_from_string (db, person, "organisation", "Age UK", &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_AMBIGUOUS);
  g_assert_cmpstr (joinery_validation_error_get_kind (error), ==, "person");
  g_assert_cmpstr (joinery_validation_error_get_field (error), ==, "organisation");
  g_assert_cmpint (first, ==, 2);
  g_assert_cmpstr (error->message, ==,
                   "organisation: more than one organisation is called “Age UK” (#2 and #3); give the id instead");
  g_clear_error (&error);

  g_assert_false (joinery_db_set_from_string (db, task, "record", "organisation:age UK", &error));
  assert_validation_error (error, JOINERY_VALIDATION_ERROR_AMBIGUOUS, "task", "record",
                           "record: more than one organisation is called “age UK” (#2 and #3); give the id instead");
}

static void
test_find_by_label (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, member;

  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (db, "person", "name", "Ada Lovelace", NULL);
  joinery_test_create (db, "group", "name", "Integration and Change Board", "kind", "board", NULL);
  member = joinery_test_create (db, "group_member", "group", "1", "person", "1", NULL);
  joinery_test_create (db, "group_member", "group", "1", "organisation", "1", NULL);

  g_assert_true (joinery_db_find_by_label (db, joinery_kind_lookup ("organisation"), "leeds CITY council",
                                           &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 1);

  /* Kinds without a name of their own are found by their composed label. */
  id = 0;
  g_assert_true (joinery_db_find_by_label (db, joinery_kind_lookup ("group_member"),
                                           "Ada Lovelace in Integration and Change Board", &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, member);

  id = 0;
  g_assert_false (joinery_db_find_by_label (db, joinery_kind_lookup ("organisation"), "Bradford Council",
                                            &id, &error));
  assert_validation_error (error, JOINERY_VALIDATION_ERROR_MISSING_REFERENCE, "organisation", NULL,
                           "there is no organisation called “Bradford Council”");
  g_assert_cmpint (id, ==, 0);
}

static void
test_reference_labels (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(JoineryRecord) council = NULL;
  g_autoptr(JoineryRecord) task = NULL;
  g_autoptr(JoineryRecord) note = NULL;
  g_autoptr(JoineryRecord) tag = NULL;
  g_autoptr(JoineryRecord) loner = NULL;
  g_autofree char *label = NULL;
  gint64 ada, eve, task_id, note_id, tag_id;

  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  ada = joinery_test_create (db, "person", "name", "Ada Lovelace", "organisation", "1", NULL);
  eve = joinery_test_create (db, "person", "name", "Eve Adams", NULL);
  joinery_test_create (db, "group", "name", "Board", "kind", "board", NULL);
  joinery_test_create (db, "group_member", "group", "1", "person", "1", NULL);
  make_round (db);
  joinery_test_create (db, "grant", "round", "1", "title", "Falls prevention", "applicant", "1", NULL);
  task_id = joinery_test_create (db, "task", "title", "Report", "record", "grant:1", "assignee", "1", NULL);
  note_id = joinery_test_create (db, "note", "record", "group_member:1", "body", "Chairs from May", NULL);
  tag_id = joinery_test_create (db, "tag", "record", "person:1", "name", "speaker", NULL);

  person = get_record (db, "person", ada);
  g_assert_cmpstr (joinery_record_get_reference_label (person, "organisation"), ==, "Leeds City Council");
  loner = get_record (db, "person", eve);
  g_assert_null (joinery_record_get_reference_label (loner, "organisation"));

  task = get_record (db, "task", task_id);
  g_assert_cmpstr (joinery_record_get_reference_label (task, "record"), ==, "Falls prevention");
  g_assert_cmpstr (joinery_record_get_reference_label (task, "assignee"), ==, "Ada Lovelace");
  note = get_record (db, "note", note_id);
  g_assert_cmpstr (joinery_record_get_reference_label (note, "record"), ==, "Ada Lovelace in Board");
  assert_shown (note, "record", "Group member: Ada Lovelace in Board");
  tag = get_record (db, "tag", tag_id);
  g_assert_cmpstr (joinery_record_get_reference_label (tag, "record"), ==, "Ada Lovelace");

  label = joinery_db_dup_label (db, joinery_kind_lookup ("group_member"), 1);
  g_assert_cmpstr (label, ==, "Ada Lovelace in Board");

  /* Labels are read afresh: renaming shows everywhere. */
  council = get_record (db, "organisation", 1);
  set_value (db, council, "name", "Leeds City Council (Adults and Health)");
  update_ok (db, council);
  g_clear_object (&person);
  person = get_record (db, "person", ada);
  g_assert_cmpstr (joinery_record_get_reference_label (person, "organisation"), ==,
                   "Leeds City Council (Adults and Health)");
}

/* Lists */

/* A network for lists: five organisations, five people, five grants. */
static JoineryTestDb *
network_new (void)
{
  JoineryTestDb *tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_db_begin (db, "Network", JOINERY_GROUP_DEFAULT, &error));
  g_assert_no_error (error);
  joinery_test_create (db, "area", "name", "Leeds", NULL);
  joinery_test_create (db, "area", "name", "Bradford", NULL);
  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", "area", "Leeds",
                       "description", "The local authority for the city", NULL);
  joinery_test_create (db, "organisation", "name", "leeds Teaching Hospitals", "kind", "nhs_trust",
                       "area", "Leeds", NULL);
  joinery_test_create (db, "organisation", "name", "Age UK Leeds", "kind", "voluntary", "area", "Leeds", NULL);
  joinery_test_create (db, "organisation", "name", "Bradford Council", "kind", "council", "area", "Bradford", NULL);
  joinery_test_create (db, "organisation", "name", "Zest Health", "kind", "social_enterprise", NULL);
  joinery_test_create (db, "person", "name", "Ada Lovelace", "organisation", "1", "consent_to_contact", "yes", NULL);
  joinery_test_create (db, "person", "name", "bob Smith", "organisation", "1", NULL);
  joinery_test_create (db, "person", "name", "Carol Jones", "organisation", "3", "consent_to_contact", "yes", NULL);
  joinery_test_create (db, "person", "name", "Dev Patel", "organisation", "1", NULL);
  joinery_test_create (db, "person", "name", "Eve Adams", NULL);
  joinery_test_create (db, "group", "name", "Integration and Change Board", "kind", "board", NULL);
  joinery_test_create (db, "group_member", "group", "1", "organisation", "1", NULL);
  joinery_test_create (db, "project", "name", "Frailty hub", "lead_organisation", "2", NULL);
  joinery_test_create (db, "project_partner", "project", "1", "organisation", "1", NULL);
  joinery_test_create (db, "fund", "name", "Better Care Fund", NULL);
  joinery_test_create (db, "round", "fund", "1", "name", "Round 1", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Falls prevention", "applicant", "1",
                       "status", "awarded", "amount_awarded", "999.99", "awarded_on", "2021-03-15", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Frailty hub pilot", "applicant", "2",
                       "status", "awarded", "amount_awarded", "1000", "awarded_on", "2021-06-01", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Age well", "applicant", "3",
                       "status", "awarded", "amount_awarded", "25,000", "awarded_on", "2022-01-10", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Digital inclusion", "applicant", "1",
                       "status", "under_review", "amount_requested", "5000", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Carers' breaks", "applicant", "4",
                       "status", "completed", "amount_awarded", "500", "awarded_on", "2020-11-30", NULL);
  joinery_test_create (db, "event", "name", "Leeds conference", "starts_on", "2023-11-08", "organiser", "1", NULL);
  joinery_test_create (db, "task", "title", "Call the council", "record", "organisation:1", NULL);
  joinery_test_create (db, "note", "record", "organisation:1", "body", "Met the chief executive", NULL);
  joinery_test_create (db, "note", "record", "organisation:1", "body", "Agreed a pilot", NULL);
  joinery_test_create (db, "note", "record", "organisation:2", "body", "Elsewhere", NULL);
  joinery_test_create (db, "tag", "record", "organisation:1", "name", "partner", NULL);
  g_assert_true (joinery_db_commit (db, &error));
  g_assert_no_error (error);
  return tdb;
}

/* The labels of a list, joined by "|". */
static char *
list_labels (JoineryDb *db, const JoineryKind *kind, JoineryQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = joinery_db_list (db, kind, query, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (records);
  for (guint i = 0; i < records->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '|');
      g_string_append (text, joinery_record_get_label (records->pdata[i]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gint64
count_labels (const char *labels)
{
  gint64 n = *labels == '\0' ? 0 : 1;

  for (const char *p = labels; *p != '\0'; p++)
    if (*p == '|')
      n++;
  return n;
}

typedef struct {
  const char *path;
  const char *kind;
  const char *filters[4];
  const char *sort;       /* NULL: the kind's default order */
  gboolean    descending;
  const char *expected;   /* labels joined by "|" */
} ListCase;

static const ListCase list_cases[] = {
  /* Orders. */
  { "/core/store/list-default-order", "organisation", { NULL }, NULL, FALSE,
    "Age UK Leeds|Bradford Council|Leeds City Council|leeds Teaching Hospitals|Zest Health" },
  { "/core/store/list-sort-text-ignores-case", "person", { NULL }, "name", FALSE,
    "Ada Lovelace|bob Smith|Carol Jones|Dev Patel|Eve Adams" },
  { "/core/store/list-sort-descending", "organisation", { NULL }, "name", TRUE,
    "Zest Health|leeds Teaching Hospitals|Leeds City Council|Bradford Council|Age UK Leeds" },
  { "/core/store/list-sort-money", "grant", { NULL }, "amount_awarded", FALSE,
    "Digital inclusion|Carers' breaks|Falls prevention|Frailty hub pilot|Age well" },
  { "/core/store/list-sort-money-descending", "grant", { NULL }, "amount_awarded", TRUE,
    "Age well|Frailty hub pilot|Falls prevention|Carers' breaks|Digital inclusion" },
  { "/core/store/list-sort-date", "grant", { NULL }, "awarded_on", FALSE,
    "Digital inclusion|Carers' breaks|Falls prevention|Frailty hub pilot|Age well" },
  { "/core/store/list-sort-date-descending", "grant", { NULL }, "awarded_on", TRUE,
    "Age well|Frailty hub pilot|Falls prevention|Carers' breaks|Digital inclusion" },
  { "/core/store/list-sort-reference-by-label", "grant", { NULL }, "applicant", FALSE,
    "Age well|Carers' breaks|Falls prevention|Digital inclusion|Frailty hub pilot" },
  { "/core/store/list-sort-reference-descending", "grant", { NULL }, "applicant", TRUE,
    "Frailty hub pilot|Digital inclusion|Falls prevention|Carers' breaks|Age well" },
  { "/core/store/list-sort-id-descending", "person", { NULL }, "id", TRUE,
    "Eve Adams|Dev Patel|Carol Jones|bob Smith|Ada Lovelace" },

  /* Text and choices. */
  { "/core/store/list-filter-choice", "organisation", { "kind=council", NULL }, NULL, FALSE,
    "Bradford Council|Leeds City Council" },
  { "/core/store/list-filter-choice-typed", "organisation", { "kind=Social enterprise", NULL }, NULL, FALSE,
    "Zest Health" },
  { "/core/store/list-filter-not-equal", "organisation", { "kind!=council", NULL }, NULL, FALSE,
    "Age UK Leeds|leeds Teaching Hospitals|Zest Health" },
  { "/core/store/list-filter-text-equal-any-case", "organisation", { "name=LEEDS CITY COUNCIL", NULL }, NULL, FALSE,
    "Leeds City Council" },
  { "/core/store/list-filter-text-not-equal-any-case", "organisation", { "name!=leeds city council", "kind=council", NULL },
    NULL, FALSE, "Bradford Council" },
  { "/core/store/list-filter-contains", "organisation", { "name~LEEDS", NULL }, NULL, FALSE,
    "Age UK Leeds|Leeds City Council|leeds Teaching Hospitals" },
  { "/core/store/list-filter-contains-description", "organisation", { "description~Authority", NULL }, NULL, FALSE,
    "Leeds City Council" },
  { "/core/store/list-filter-contains-reference-label", "person", { "organisation~age uk", NULL }, NULL, FALSE,
    "Carol Jones" },
  { "/core/store/list-filter-contains-reference-label-grants", "grant", { "applicant~leeds", NULL }, NULL, FALSE,
    "Age well|Digital inclusion|Falls prevention|Frailty hub pilot" },
  { "/core/store/list-filter-empty", "organisation", { "area=", NULL }, NULL, FALSE, "Zest Health" },
  { "/core/store/list-filter-set", "organisation", { "area!=", NULL }, NULL, FALSE,
    "Age UK Leeds|Bradford Council|Leeds City Council|leeds Teaching Hospitals" },
  { "/core/store/list-filter-empty-money", "grant", { "amount_awarded=", NULL }, NULL, FALSE, "Digital inclusion" },
  { "/core/store/list-filter-empty-reference", "person", { "organisation=", NULL }, NULL, FALSE, "Eve Adams" },

  /* Money, in pounds. */
  { "/core/store/list-filter-money-greater-equal", "grant", { "amount_awarded>=1000", NULL }, NULL, FALSE,
    "Age well|Frailty hub pilot" },
  { "/core/store/list-filter-money-greater", "grant", { "amount_awarded>1000", NULL }, NULL, FALSE, "Age well" },
  { "/core/store/list-filter-money-less", "grant", { "amount_awarded<1000", NULL }, NULL, FALSE,
    "Carers' breaks|Falls prevention" },
  { "/core/store/list-filter-money-less-equal", "grant", { "amount_awarded<=£1,000.00", NULL }, NULL, FALSE,
    "Carers' breaks|Falls prevention|Frailty hub pilot" },
  { "/core/store/list-filter-money-equal", "grant", { "amount_awarded=1000", NULL }, NULL, FALSE, "Frailty hub pilot" },
  { "/core/store/list-filter-money-pence", "grant", { "amount_awarded=999.99", NULL }, NULL, FALSE, "Falls prevention" },
  { "/core/store/list-filter-money-not-equal", "grant", { "amount_awarded!=1000", NULL }, NULL, FALSE,
    "Age well|Carers' breaks|Digital inclusion|Falls prevention" },

  /* Dates, booleans, references by name, several filters. */
  { "/core/store/list-filter-date", "grant", { "awarded_on>=2021-06-01", NULL }, NULL, FALSE,
    "Age well|Frailty hub pilot" },
  { "/core/store/list-filter-date-typed", "grant", { "awarded_on<01/01/2021", NULL }, NULL, FALSE, "Carers' breaks" },
  { "/core/store/list-filter-date-range", "grant", { "awarded_on>2020-11-30", "awarded_on<=2021-06-01", NULL }, NULL,
    FALSE, "Falls prevention|Frailty hub pilot" },
  { "/core/store/list-filter-boolean-yes", "person", { "consent_to_contact=yes", NULL }, NULL, FALSE,
    "Ada Lovelace|Carol Jones" },
  { "/core/store/list-filter-boolean-no", "person", { "consent_to_contact=No", NULL }, NULL, FALSE,
    "bob Smith|Dev Patel|Eve Adams" },
  { "/core/store/list-filter-status", "grant", { "status=awarded", NULL }, NULL, FALSE,
    "Age well|Falls prevention|Frailty hub pilot" },
  { "/core/store/list-filter-status-typed", "grant", { "status=Under review", NULL }, NULL, FALSE, "Digital inclusion" },
  { "/core/store/list-filter-reference-by-name", "grant", { "applicant=leeds city council", NULL }, NULL, FALSE,
    "Digital inclusion|Falls prevention" },
  { "/core/store/list-filter-reference-by-id", "grant", { "applicant=#3", NULL }, NULL, FALSE, "Age well" },
  { "/core/store/list-filter-link", "note", { "record=organisation:Leeds City Council", NULL }, "body", FALSE,
    "Agreed a pilot|Met the chief executive" },
  { "/core/store/list-filter-several", "grant", { "status=awarded", "applicant~leeds", "amount_awarded>=1000", NULL },
    "amount_awarded", TRUE, "Age well|Frailty hub pilot" },
};

static void
test_list (gconstpointer data)
{
  const ListCase *c = data;
  g_autoptr(JoineryTestDb) tdb = network_new ();
  const JoineryKind *kind = joinery_kind_lookup (c->kind);
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *labels = NULL;
  gint64 count = -1;

  for (guint i = 0; c->filters[i] != NULL; i++)
    {
      g_assert_true (joinery_query_parse_filter (query, c->filters[i], &error));
      g_assert_no_error (error);
    }
  if (c->sort != NULL)
    {
      g_assert_true (joinery_query_set_sort (query, c->sort, c->descending, &error));
      g_assert_no_error (error);
    }
  labels = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (labels, ==, c->expected);

  /* The count agrees with the list. */
  g_assert_true (joinery_db_count (tdb->db, kind, query, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, count_labels (c->expected));
}

static void
test_list_all (void)
{
  g_autoptr(JoineryTestDb) tdb = network_new ();
  const JoineryKind *kind = joinery_kind_lookup ("organisation");
  g_autofree char *labels = list_labels (tdb->db, kind, NULL);
  g_autoptr(GError) error = NULL;
  gint64 count = 0;

  g_assert_cmpstr (labels, ==, "Age UK Leeds|Bradford Council|Leeds City Council|leeds Teaching Hospitals|Zest Health");
  g_assert_true (joinery_db_count (tdb->db, kind, NULL, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 5);
}

static void
test_list_range (void)
{
  g_autoptr(JoineryTestDb) tdb = network_new ();
  const JoineryKind *kind = joinery_kind_lookup ("organisation");
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  g_autofree char *first = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *beyond = NULL;
  g_autofree char *backwards = NULL;
  gint64 count = 0;

  joinery_query_set_range (query, 1, 2);
  page = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (page, ==, "Bradford Council|Leeds City Council");
  /* The count is of all that match, not of the page. */
  g_assert_true (joinery_db_count (tdb->db, kind, query, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 5);

  joinery_query_set_range (query, 0, 1);
  first = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (first, ==, "Age UK Leeds");
  joinery_query_set_range (query, 3, 0);
  rest = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (rest, ==, "leeds Teaching Hospitals|Zest Health");
  joinery_query_set_range (query, 10, 5);
  beyond = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (beyond, ==, "");

  g_assert_true (joinery_query_set_sort (query, "name", TRUE, &error));
  joinery_query_set_range (query, 1, 2);
  backwards = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (backwards, ==, "leeds Teaching Hospitals|Leeds City Council");
}

static void
test_list_count_filtered (void)
{
  g_autoptr(JoineryTestDb) tdb = network_new ();
  const JoineryKind *kind = joinery_kind_lookup ("grant");
  g_autoptr(JoineryQuery) awarded = joinery_query_new (kind);
  g_autoptr(JoineryQuery) large = joinery_query_new (kind);
  g_autoptr(GError) error = NULL;
  gint64 count = 0;

  g_assert_true (joinery_query_parse_filter (awarded, "status=awarded", &error));
  g_assert_true (joinery_db_count (tdb->db, kind, awarded, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 3);

  g_assert_true (joinery_query_parse_filter (large, "amount_awarded>=1,000", &error));
  g_assert_true (joinery_query_parse_filter (large, "applicant=leeds teaching hospitals", &error));
  g_assert_true (joinery_db_count (tdb->db, kind, large, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 1);
}

static void
test_list_search (void)
{
  g_autoptr(JoineryTestDb) tdb = network_new ();
  const JoineryKind *kind = joinery_kind_lookup ("organisation");
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *leeds = NULL;
  g_autofree char *council = NULL;
  g_autofree char *body = NULL;
  g_autofree char *prefixes = NULL;
  g_autofree char *none = NULL;
  g_autofree char *cleared = NULL;
  gint64 count = 0;

  /* Only this kind's records: the "Leeds conference" event is left out. */
  joinery_query_set_search (query, "leeds");
  leeds = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (leeds, ==, "Age UK Leeds|Leeds City Council|leeds Teaching Hospitals");
  g_assert_true (joinery_db_count (tdb->db, kind, query, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 3);

  g_assert_true (joinery_query_parse_filter (query, "kind=council", &error));
  council = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (council, ==, "Leeds City Council");
  g_clear_pointer (&query, joinery_query_free);

  /* Other searchable text, prefixes, every word. */
  query = joinery_query_new (kind);
  joinery_query_set_search (query, "authority");
  body = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (body, ==, "Leeds City Council");
  joinery_query_set_search (query, "teach hosp");
  prefixes = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (prefixes, ==, "leeds Teaching Hospitals");
  joinery_query_set_search (query, "leeds zest");
  none = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (none, ==, "");
  /* No search: every record again. */
  joinery_query_set_search (query, "");
  cleared = list_labels (tdb->db, kind, query);
  g_assert_cmpstr (cleared, ==, "Age UK Leeds|Bradford Council|Leeds City Council|leeds Teaching Hospitals|Zest Health");
}

typedef struct {
  const char            *path;
  const char            *kind;
  const char            *filter;
  gboolean               parse_fails;  /* else the list fails */
  JoineryValidationError code;
  const char            *field;
  const char            *message;
} BadFilterCase;

static const BadFilterCase bad_filter_cases[] = {
  { "/core/store/filter-unknown-field", "organisation", "colour=red", TRUE,
    JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD, "colour", "colour: is not a field of Organisations" },
  { "/core/store/filter-nonsense", "organisation", "nonsense", TRUE, JOINERY_VALIDATION_ERROR_INVALID, NULL,
    "“nonsense” is not a filter (write field=value, field>=value, field~text or field= for empty)" },
  { "/core/store/filter-no-field", "organisation", "=council", TRUE, JOINERY_VALIDATION_ERROR_INVALID, NULL,
    "“=council” is not a filter (write field=value, field>=value, field~text or field= for empty)" },
  { "/core/store/filter-bad-money", "grant", "amount_awarded>=lots", FALSE, JOINERY_VALIDATION_ERROR_INVALID,
    "amount_awarded", "amount_awarded: is not an amount of money (write pounds, such as 1250 or 1,250.50)" },
  { "/core/store/filter-bad-date", "grant", "awarded_on>soon", FALSE, JOINERY_VALIDATION_ERROR_INVALID,
    "awarded_on", "awarded_on: is not a date (write YYYY-MM-DD, such as 2017-05-19)" },
  { "/core/store/filter-bad-choice", "grant", "status=pending", FALSE, JOINERY_VALIDATION_ERROR_UNKNOWN_CHOICE,
    "status", "status: “pending” is not one of: draft, submitted, under_review, awarded, declined, withdrawn, completed" },
  { "/core/store/filter-bad-boolean", "person", "consent_to_contact=perhaps", FALSE, JOINERY_VALIDATION_ERROR_INVALID,
    "consent_to_contact", "consent_to_contact: is not yes or no" },
  { "/core/store/filter-missing-name", "grant", "applicant=Nowhere Council", FALSE,
    JOINERY_VALIDATION_ERROR_MISSING_REFERENCE, "applicant",
    "applicant: there is no organisation called “Nowhere Council”" },
  { "/core/store/filter-link-order", "task", "record>organisation:1", FALSE, JOINERY_VALIDATION_ERROR_INVALID,
    "record", "record: can only be compared with = (record=kind:id)" },
  { "/core/store/filter-bad-id", "organisation", "id=first", FALSE, JOINERY_VALIDATION_ERROR_INVALID,
    "id", "id: “first” is not an id" },
};

static void
test_bad_filter (gconstpointer data)
{
  const BadFilterCase *c = data;
  g_autoptr(JoineryTestDb) tdb = network_new ();
  const JoineryKind *kind = joinery_kind_lookup (c->kind);
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gint64 count = -1;

  if (c->parse_fails)
    {
      g_assert_false (joinery_query_parse_filter (query, c->filter, &error));
      assert_validation_error (error, c->code, c->kind, c->field, c->message);
      /* The query is still whole, without the filter. */
      g_assert_true (joinery_db_count (tdb->db, kind, query, &count, NULL));
      g_assert_cmpint (count, ==, count_rows (tdb->db, kind->table));
      return;
    }

  g_assert_true (joinery_query_parse_filter (query, c->filter, &error));
  g_assert_no_error (error);
  records = joinery_db_list (tdb->db, kind, query, &error);
  g_assert_null (records);
  assert_validation_error (error, c->code, c->kind, c->field, c->message);
  g_clear_error (&error);
  g_assert_false (joinery_db_count (tdb->db, kind, query, &count, &error));
  assert_validation_error (error, c->code, c->kind, c->field, c->message);
}

static void
test_bad_sort (void)
{
  g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup ("grant"));
  g_autoptr(GError) error = NULL;

  g_assert_false (joinery_query_set_sort (query, "size", FALSE, &error));
  assert_validation_error (error, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD, "grant", "size",
                           "size: is not a field of Grants");
}

/* Related records */

static void
test_related (void)
{
  g_autoptr(JoineryTestDb) tdb = network_new ();
  const JoineryKind *organisation = joinery_kind_lookup ("organisation");
  static const struct {
    const char *kind;
    const char *field;
    const char *title;
    gint64      total;
    const char *labels;  /* the first two, in the kind's order */
  } expected[] = {
    { "person", "organisation", "People", 3, "Ada Lovelace|bob Smith" },
    { "group_member", "organisation", "Group members", 1, "Leeds City Council in Integration and Change Board" },
    { "project_partner", "organisation", "Project partners", 1, "Leeds City Council with Frailty hub" },
    { "grant", "applicant", "Grants", 2, "Digital inclusion|Falls prevention" },
    { "event", "organiser", "Events", 1, "Leeds conference" },
    { "task", "record", "Tasks", 1, "Call the council" },
    { "note", "record", "Notes", 2, "Met the chief executive|Agreed a pilot" },
    { "tag", "record", "Tags", 1, "partner" },
  };
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GPtrArray) unrelated = NULL;
  g_autoptr(GError) error = NULL;

  relations = joinery_db_related (tdb->db, organisation, 1, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (relations);
  g_assert_cmpuint (relations->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < relations->len; i++)
    {
      JoineryRelation *relation = relations->pdata[i];
      g_autoptr(GString) labels = g_string_new (NULL);

      g_test_message ("relation %s", expected[i].title);
      g_assert_cmpstr (relation->kind->name, ==, expected[i].kind);
      g_assert_cmpstr (relation->field, ==, expected[i].field);
      g_assert_cmpstr (relation->title, ==, expected[i].title);
      g_assert_cmpint (relation->total, ==, expected[i].total);
      g_assert_cmpuint (relation->records->len, ==, MIN (expected[i].total, 2));
      for (guint r = 0; r < relation->records->len; r++)
        {
          g_assert_true (joinery_record_get_kind (relation->records->pdata[r]) == relation->kind);
          if (r > 0)
            g_string_append_c (labels, '|');
          g_string_append (labels, joinery_record_get_label (relation->records->pdata[r]));
        }
      g_assert_cmpstr (labels->str, ==, expected[i].labels);
    }

  /* Nothing refers to Zest Health: no groups at all. */
  unrelated = joinery_db_related (tdb->db, organisation, 5, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unrelated->len, ==, 0);

  g_assert_null (joinery_db_related (tdb->db, organisation, 999, 10, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "there is no organisation #999");
}

/* Change groups */

static void
test_group_commit (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) nameless = joinery_record_new (joinery_kind_lookup ("person"));
  g_autofree char *label = NULL;
  gint64 groups;

  groups = count_rows (db, "change_groups");
  g_assert_true (joinery_db_begin (db, "Import people", JOINERY_GROUP_DEFAULT, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_db_in_group (db));
  joinery_test_create (db, "person", "name", "Ada Lovelace", NULL);
  /* Nested groups only count once. */
  g_assert_true (joinery_db_begin (db, "Inner", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (db, "person", "name", "Bob Smith", NULL);
  g_assert_true (joinery_db_commit (db, &error));
  g_assert_true (joinery_db_in_group (db));

  /* A refused record leaves the group as it was, and usable. */
  g_assert_false (joinery_db_create (db, nameless, &error));
  assert_validation_error (error, JOINERY_VALIDATION_ERROR_REQUIRED, "person", "name", "name: must not be empty");
  g_clear_error (&error);
  g_assert_true (joinery_db_in_group (db));
  joinery_test_create (db, "person", "name", "Carol Jones", NULL);
  g_assert_true (joinery_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_false (joinery_db_in_group (db));

  g_assert_cmpint (count_rows (db, "people"), ==, 3);
  g_assert_cmpint (count_rows (db, "audit"), ==, 3);
  g_assert_cmpint (count_rows (db, "change_groups"), ==, groups + 1);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT change_group) FROM audit", NULL, 0), ==, 1);
  label = query_text (db, "SELECT label FROM change_groups ORDER BY id DESC LIMIT 1", NULL, 0);
  g_assert_cmpstr (label, ==, "Import people");
}

static void
test_group_failure_inside_is_undone (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) project = joinery_record_new (joinery_kind_lookup ("project"));
  g_autoptr(GPtrArray) hits = NULL;

  /* The project row, its audit row and its index entry are written before
   * its stage history is refused: the savepoint must take them all back. */
  g_assert_cmpint (sqlite3_exec (joinery_db_get_handle (db),
                                 "CREATE TEMP TRIGGER refuse_scaling BEFORE INSERT ON project_stages "
                                 "WHEN NEW.stage = 'scaling' BEGIN SELECT RAISE(ABORT, 'no scaling'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (joinery_db_begin (db, "Several", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (db, "person", "name", "Ada Lovelace", NULL);
  set_value (db, project, "name", "Wombat project");
  set_value (db, project, "stage", "scaling");
  g_assert_false (joinery_db_create (db, project, &error));
  assert_validation_error (error, JOINERY_VALIDATION_ERROR_RULE, "project_stage", NULL,
                           "the project stage was refused by the database: no scaling");
  g_clear_error (&error);
  g_assert_cmpint (joinery_record_get_id (project), ==, 0);
  g_assert_true (joinery_db_in_group (db));
  joinery_test_create (db, "person", "name", "Bob Smith", NULL);
  g_assert_true (joinery_db_commit (db, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (db, "people"), ==, 2);
  g_assert_cmpint (count_rows (db, "projects"), ==, 0);
  g_assert_cmpint (count_rows (db, "project_stages"), ==, 0);
  g_assert_cmpint (count_rows (db, "audit"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM audit WHERE kind = 'project'", NULL, 0), ==, 0);
  hits = joinery_db_search (db, "wombat", NULL, 10, "[", "]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = joinery_db_search (db, "ada", NULL, 10, "[", "]", &error);
  g_assert_cmpuint (hits->len, ==, 1);
}

static void
test_group_rollback (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gint64 groups, audit;

  joinery_test_create (db, "person", "name", "Ada Lovelace", NULL);
  groups = count_rows (db, "change_groups");
  audit = count_rows (db, "audit");

  g_assert_true (joinery_db_begin (db, "Abandoned", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (db, "person", "name", "Bob Smith", NULL);
  joinery_test_create (db, "organisation", "name", "Quagga Trust", "kind", "voluntary", NULL);
  delete_ok (db, "person", 1);
  joinery_db_rollback (db);
  g_assert_false (joinery_db_in_group (db));

  g_assert_cmpint (count_rows (db, "people"), ==, 1);
  g_assert_true (joinery_db_exists (db, joinery_kind_lookup ("person"), 1));
  g_assert_cmpint (count_rows (db, "organisations"), ==, 0);
  g_assert_cmpint (count_rows (db, "audit"), ==, audit);
  g_assert_cmpint (count_rows (db, "change_groups"), ==, groups);
  hits = joinery_db_search (db, "quagga", NULL, 10, "[", "]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);

  /* The database carries on as before. */
  joinery_test_create (db, "person", "name", "Carol Jones", NULL);
  g_assert_cmpint (count_rows (db, "people"), ==, 2);
}

int
main (int argc, char **argv)
{
  g_setenv ("JOINERY_TODAY", TODAY, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/store/fixture-covers-every-kind", test_fixture_covers_every_kind);
  for (guint i = 0; i < G_N_ELEMENTS (fixture_records); i++)
    if (fixture_records[i].checked)
      {
        g_autofree char *path = g_strdup_printf ("/core/%s/create-get-update-delete", fixture_records[i].kind);
        g_test_add_data_func (path, &fixture_records[i], test_crud);
      }

  g_test_add_func ("/core/store/create-audits", test_create_audits);
  g_test_add_func ("/core/store/get-missing", test_get_missing);
  g_test_add_func ("/core/store/delete-refused-while-referenced", test_delete_refused_while_referenced);
  g_test_add_func ("/core/store/delete-refused-names-kinds", test_delete_refused_names_kinds);
  g_test_add_func ("/core/store/delete-refused-by-tasks", test_delete_refused_by_tasks);
  g_test_add_func ("/core/store/delete-cascades", test_delete_cascades);
  g_test_add_func ("/core/store/delete-cascade-blocked", test_delete_cascade_blocked);
  g_test_add_func ("/core/store/update-without-change", test_update_without_change);
  g_test_add_func ("/core/project/stage-history", test_project_stage_history);
  g_test_add_func ("/core/project/stage-since-today", test_project_stage_today);
  g_test_add_func ("/core/task/done-today", test_task_done_today);
  g_test_add_func ("/core/store/set-from-string-by-name", test_set_from_string_by_name);
  g_test_add_func ("/core/store/find-by-label", test_find_by_label);
  g_test_add_func ("/core/store/reference-labels", test_reference_labels);

  g_test_add_func ("/core/store/list-all", test_list_all);
  for (guint i = 0; i < G_N_ELEMENTS (list_cases); i++)
    g_test_add_data_func (list_cases[i].path, &list_cases[i], test_list);
  g_test_add_func ("/core/store/list-range", test_list_range);
  g_test_add_func ("/core/store/count-filtered", test_list_count_filtered);
  g_test_add_func ("/core/store/list-search", test_list_search);
  for (guint i = 0; i < G_N_ELEMENTS (bad_filter_cases); i++)
    g_test_add_data_func (bad_filter_cases[i].path, &bad_filter_cases[i], test_bad_filter);
  g_test_add_func ("/core/store/sort-unknown-field", test_bad_sort);
  g_test_add_func ("/core/store/related", test_related);

  g_test_add_func ("/core/store/group-commit", test_group_commit);
  g_test_add_func ("/core/store/group-failure-inside-is-undone", test_group_failure_inside_is_undone);
  g_test_add_func ("/core/store/group-rollback", test_group_rollback);

  return g_test_run ();
}
