/* test-core-validation.c: every rule the core enforces before it writes.
 *
 * Each test opens a fresh database holding a small network (the fixture
 * below), builds a record that would be valid (the kind's base values),
 * spoils it in one way and checks that the core refuses it with the exact
 * domain, code, kind, field and message, and that nothing was written: not
 * the kind's rows, not the audit trail, not the undo log. The rules come
 * from the kinds' descriptions in app/core/joinery-kind.c (required fields,
 * ranges, one-of groups, unique sets, lengths, formats, integer bounds)
 * and from app/core/joinery-rules.c (grants, attendances, areas). Values at
 * the edges of every rule are checked to pass.
 *
 * Most cases are rows of tables, registered one test each, so that a
 * failure names the rule. These tests must not reach into
 * the core's private headers: they use the public API and, for counting
 * rows, the raw SQLite handle.
 */
#include "joinery-test-util.h"
#include "joinery-record.h"

#include <string.h>

#define MAX_PAIRS 24

/* Fixture */

/* The network every test starts from. Ids are fixed because every table
 * starts empty: area 1 Leeds; organisations 1 Leeds City Council and
 * 2 Leeds Teaching Hospitals; people 1 Ada Lovelace and 2 Bob Smith; group
 * 1; themes 1 Prevention and 2 Healthy ageing; project 1 Frailty hub (with
 * partner organisation 1 and theme 1); funds 1 Better Care Fund (theme
 * Prevention), 2 Open Fund (no themes) and 3 Small Grants Fund (no
 * rounds); rounds 1 (fund 1, number 1) and
 * 2 (fund 2, number 1); grant 1 BCF-001; events 1 and 2 with sessions 1
 * and 2; Ada booked onto event 1; indicator 1; award 1; tag "urgent" on
 * organisation 1. */
static JoineryTestDb *
fixture_new (void)
{
  JoineryTestDb *tdb = joinery_test_db_new ();
  JoineryDb *db = tdb->db;
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_db_begin (db, "Fixture", JOINERY_GROUP_NO_UNDO, &error));
  g_assert_no_error (error);
  joinery_test_create (db, "area", "name", "Leeds", "level", "district", NULL);
  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (db, "organisation", "name", "Leeds Teaching Hospitals", "kind", "nhs_trust", NULL);
  joinery_test_create (db, "person", "name", "Ada Lovelace", NULL);
  joinery_test_create (db, "person", "name", "Bob Smith", NULL);
  joinery_test_create (db, "group", "name", "Integration and Change Board", "kind", "board", NULL);
  joinery_test_create (db, "theme", "name", "Prevention", NULL);
  joinery_test_create (db, "theme", "name", "Healthy ageing", NULL);
  joinery_test_create (db, "project", "name", "Frailty hub", NULL);
  joinery_test_create (db, "project_partner", "project", "1", "organisation", "1", NULL);
  joinery_test_create (db, "project_theme", "project", "1", "theme", "1", NULL);
  joinery_test_create (db, "fund", "name", "Better Care Fund", NULL);
  joinery_test_create (db, "fund", "name", "Open Fund", NULL);
  joinery_test_create (db, "fund", "name", "Small Grants Fund", NULL);
  joinery_test_create (db, "fund_theme", "fund", "1", "theme", "1", NULL);
  joinery_test_create (db, "round", "fund", "1", "name", "Round 1", "number", "1", NULL);
  joinery_test_create (db, "round", "fund", "2", "name", "Open round", "number", "1", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Existing grant", "reference", "BCF-001",
                       "applicant", "1", NULL);
  joinery_test_create (db, "event", "name", "Conference", "starts_on", "2024-05-01", NULL);
  joinery_test_create (db, "event", "name", "Other event", "starts_on", "2024-06-01", NULL);
  joinery_test_create (db, "session", "event", "1", "title", "Keynote", NULL);
  joinery_test_create (db, "session", "event", "2", "title", "Other session", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "1", NULL);
  joinery_test_create (db, "indicator", "name", "Emergency admissions", "unit", "count",
                       "direction", "lower", NULL);
  joinery_test_create (db, "award", "name", "HSJ Awards", NULL);
  joinery_test_create (db, "tag", "record", "organisation:1", "name", "urgent", NULL);
  g_assert_true (joinery_db_commit (db, &error));
  g_assert_no_error (error);
  return tdb;
}

/* For each kind, values that make a new valid record in the fixture; the
 * cases below change one thing. */
typedef struct {
  const char *kind;
  const char *pairs[MAX_PAIRS];
} BaseRecord;

static const BaseRecord base_records[] = {
  { "area", { "name", "Headingley", "level", "ward", "parent", "1", NULL } },
  { "organisation", { "name", "Age UK Leeds", "kind", "voluntary", NULL } },
  { "person", { "name", "Carol Jones", NULL } },
  { "group", { "name", "Health and Wellbeing Board", "kind", "board", NULL } },
  { "group_member", { "group", "1", "person", "2", NULL } },
  { "theme", { "name", "Mental health", NULL } },
  { "project", { "name", "Social prescribing", NULL } },
  { "project_partner", { "project", "1", "organisation", "2", NULL } },
  { "project_theme", { "project", "1", "theme", "2", NULL } },
  { "project_stage", { "project", "1", "stage", "pilot", "started_on", "2024-01-01", NULL } },
  { "fund", { "name", "Innovation Fund", NULL } },
  { "fund_theme", { "fund", "1", "theme", "2", NULL } },
  { "round", { "fund", "1", "name", "Round 2", "number", "2", NULL } },
  { "grant", { "round", "1", "title", "New grant", "applicant", "1", NULL } },
  { "event", { "name", "Learning event", "starts_on", "2024-07-01", NULL } },
  { "session", { "event", "1", "title", "Workshop A", NULL } },
  { "attendance", { "event", "1", "person", "2", NULL } },
  { "indicator", { "name", "Delayed discharges", "unit", "count", "direction", "lower", NULL } },
  { "measurement", { "indicator", "1", "area", "1", "period_start", "2024-01-01",
                     "period_end", "2024-03-31", "value", "42", NULL } },
  { "award", { "name", "Local Government Awards", NULL } },
  { "award_winner", { "award", "1", "project", "1", NULL } },
  { "task", { "title", "Chase the report", NULL } },
  { "note", { "record", "organisation:1", "body", "Met the chief executive", NULL } },
  { "tag", { "record", "organisation:1", "name", "priority", NULL } },
};

static const char * const *
base_pairs (const char *kind_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (base_records); i++)
    if (g_str_equal (base_records[i].kind, kind_name))
      return base_records[i].pairs;
  g_assert_not_reached ();
  return NULL;
}

/* Helpers */

static gint64
count_rows (JoineryDb *db, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* What a refused write must leave as it was. */
typedef struct {
  gint64 rows;
  gint64 audit;
  gint64 groups;
  gint64 all_records;
} Counts;

static void
counts_take (JoineryDb *db, const JoineryKind *kind, Counts *counts)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  counts->rows = count_rows (db, kind->table);
  counts->audit = count_rows (db, "audit");
  counts->groups = count_rows (db, "change_groups");
  counts->all_records = 0;
  for (guint i = 0; kinds[i] != NULL; i++)
    counts->all_records += count_rows (db, kinds[i]->table);
}

static void
assert_nothing_written (JoineryDb *db, const JoineryKind *kind, const Counts *before)
{
  Counts after;

  counts_take (db, kind, &after);
  g_assert_cmpint (after.rows, ==, before->rows);
  g_assert_cmpint (after.audit, ==, before->audit);
  g_assert_cmpint (after.groups, ==, before->groups);
  g_assert_cmpint (after.all_records, ==, before->all_records);
}

/* Set field=value pairs as people type them; stop at the first refusal. */
static gboolean
try_apply_pairs (JoineryDb *db, JoineryRecord *record, const char * const *pairs, GError **error)
{
  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
    if (!joinery_db_set_from_string (db, record, pairs[i], pairs[i + 1], error))
      return FALSE;
  return TRUE;
}

static void
apply_pairs (JoineryDb *db, JoineryRecord *record, const char * const *pairs)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (try_apply_pairs (db, record, pairs, &error));
  g_assert_no_error (error);
}

/* A new record of `kind_name` with its base values. */
static JoineryRecord *
new_base_record (JoineryDb *db, const char *kind_name)
{
  const JoineryKind *kind = joinery_kind_lookup (kind_name);
  JoineryRecord *record;

  g_assert_nonnull (kind);
  record = joinery_record_new (kind);
  apply_pairs (db, record, base_pairs (kind_name));
  return record;
}

static void
assert_validation_error (const GError *error, JoineryValidationError code, const char *kind,
                         const char *field, const char *message)
{
  g_assert_error (error, JOINERY_VALIDATION_ERROR, (gint) code);
  g_assert_cmpstr (joinery_validation_error_get_kind (error), ==, kind);
  g_assert_cmpstr (joinery_validation_error_get_field (error), ==, field);
  g_assert_cmpstr (error->message, ==, message);
  /* The problem alone, for a form, is the message without "field: ". */
  if (field != NULL)
    {
      g_autofree char *prefix = g_strconcat (field, ": ", NULL);
      g_assert_true (g_str_has_prefix (message, prefix));
      g_assert_cmpstr (joinery_validation_error_get_problem (error), ==, message + strlen (prefix));
    }
}

/* Create must refuse `record`; checks the error and that nothing changed. */
static void
assert_create_refused (JoineryDb *db, JoineryRecord *record, JoineryValidationError code,
                       const char *field, const char *message)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  g_autoptr(GError) error = NULL;
  Counts before;

  counts_take (db, kind, &before);
  g_assert_false (joinery_db_create (db, record, &error));
  assert_validation_error (error, code, kind->name, field, message);
  g_assert_cmpint (joinery_record_get_id (record), ==, 0);
  assert_nothing_written (db, kind, &before);
  g_assert_false (joinery_db_in_group (db));
}

/* Update must refuse `record` and leave the stored record as it was. */
static void
assert_update_refused (JoineryDb *db, JoineryRecord *record, JoineryValidationError code,
                       const char *field, const char *message)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  gint64 id = joinery_record_get_id (record);
  g_autoptr(JoineryRecord) stored_before = joinery_db_get (db, kind, id, NULL);
  g_autoptr(JoineryRecord) stored_after = NULL;
  g_autoptr(GError) error = NULL;
  Counts before;

  g_assert_nonnull (stored_before);
  counts_take (db, kind, &before);
  g_assert_false (joinery_db_update (db, record, &error));
  assert_validation_error (error, code, kind->name, field, message);
  assert_nothing_written (db, kind, &before);

  stored_after = joinery_db_get (db, kind, id, NULL);
  g_assert_nonnull (stored_after);
  for (guint i = 0; i < kind->n_fields; i++)
    g_assert_true (joinery_record_value_equal (stored_before, stored_after, kind->fields[i].name));
  g_assert_cmpstr (joinery_record_get_updated_at (stored_after), ==,
                   joinery_record_get_updated_at (stored_before));
}

static void
assert_create_ok (JoineryDb *db, JoineryRecord *record)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  g_autoptr(GError) error = NULL;
  gint64 rows = count_rows (db, kind->table);
  gint64 audit = count_rows (db, "audit");

  g_assert_true (joinery_db_create (db, record, &error));
  g_assert_no_error (error);
  g_assert_cmpint (joinery_record_get_id (record), >, 0);
  g_assert_cmpint (count_rows (db, kind->table), ==, rows + 1);
  g_assert_cmpint (count_rows (db, "audit"), >, audit);
}

/* Refusals, as a table: base values, then `pairs`, then create */

typedef struct {
  const char            *path;
  const char            *kind;
  const char            *pairs[MAX_PAIRS];
  JoineryValidationError code;
  const char            *field;
  const char            *message;
} RefusalCase;

#define REQ JOINERY_VALIDATION_ERROR_REQUIRED
#define INV JOINERY_VALIDATION_ERROR_INVALID
#define RNG JOINERY_VALIDATION_ERROR_RANGE
#define CHO JOINERY_VALIDATION_ERROR_UNKNOWN_CHOICE
#define FLD JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD
#define KND JOINERY_VALIDATION_ERROR_UNKNOWN_KIND
#define MIS JOINERY_VALIDATION_ERROR_MISSING_REFERENCE
#define DUP JOINERY_VALIDATION_ERROR_DUPLICATE
#define RUL JOINERY_VALIDATION_ERROR_RULE

static const RefusalCase refusal_cases[] = {
  /* Required text: empty or only blanks. */
  { "/core/area/validate-name-required", "area", { "name", "   ", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/organisation/validate-name-required", "organisation", { "name", "", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/person/validate-name-required", "person", { "name", " \t ", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/group/validate-name-required", "group", { "name", "  ", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/theme/validate-name-required", "theme", { "name", "  ", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/project/validate-name-required", "project", { "name", "\n ", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/fund/validate-name-required", "fund", { "name", "  ", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/round/validate-name-required", "round", { "name", "  ", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/grant/validate-title-required", "grant", { "title", "  ", NULL }, REQ, "title", "title: must not be empty" },
  { "/core/event/validate-name-required", "event", { "name", "  ", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/session/validate-title-required", "session", { "title", "  ", NULL }, REQ, "title", "title: must not be empty" },
  { "/core/indicator/validate-name-required", "indicator", { "name", "  ", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/award/validate-name-required", "award", { "name", "  ", NULL }, REQ, "name", "name: must not be empty" },
  { "/core/task/validate-title-required", "task", { "title", "  ", NULL }, REQ, "title", "title: must not be empty" },
  { "/core/note/validate-body-required", "note", { "body", " \n\n ", NULL }, REQ, "body", "body: must not be empty" },
  { "/core/tag/validate-name-required", "tag", { "name", "  ", NULL }, REQ, "name", "name: must not be empty" },

  /* Required choices, cleared (even those with a default). */
  { "/core/area/validate-level-required", "area", { "level", "", NULL }, REQ, "level", "level: must be set" },
  { "/core/organisation/validate-kind-required", "organisation", { "kind", "", NULL }, REQ, "kind", "kind: must be set" },
  { "/core/person/validate-consent-required", "person", { "consent_to_contact", "", NULL }, REQ, "consent_to_contact", "consent_to_contact: must be set" },
  { "/core/group/validate-kind-required", "group", { "kind", "", NULL }, REQ, "kind", "kind: must be set" },
  { "/core/group_member/validate-role-required", "group_member", { "role", "", NULL }, REQ, "role", "role: must be set" },
  { "/core/project/validate-stage-required", "project", { "stage", "", NULL }, REQ, "stage", "stage: must be set" },
  { "/core/project_stage/validate-stage-required", "project_stage", { "stage", "", NULL }, REQ, "stage", "stage: must be set" },
  { "/core/grant/validate-status-required", "grant", { "status", "", NULL }, REQ, "status", "status: must be set" },
  { "/core/event/validate-kind-required", "event", { "kind", "", NULL }, REQ, "kind", "kind: must be set" },
  { "/core/session/validate-kind-required", "session", { "kind", "", NULL }, REQ, "kind", "kind: must be set" },
  { "/core/attendance/validate-status-required", "attendance", { "status", "", NULL }, REQ, "status", "status: must be set" },
  { "/core/attendance/validate-role-required", "attendance", { "role", "", NULL }, REQ, "role", "role: must be set" },
  { "/core/indicator/validate-unit-required", "indicator", { "unit", "", NULL }, REQ, "unit", "unit: must be set" },
  { "/core/indicator/validate-direction-required", "indicator", { "direction", "", NULL }, REQ, "direction", "direction: must be set" },
  { "/core/award_winner/validate-result-required", "award_winner", { "result", "", NULL }, REQ, "result", "result: must be set" },
  { "/core/task/validate-status-required", "task", { "status", "", NULL }, REQ, "status", "status: must be set" },

  /* Required references, links, dates and numbers. */
  { "/core/group_member/validate-group-required", "group_member", { "group", "", NULL }, REQ, "group", "group: must be set" },
  { "/core/project_partner/validate-project-required", "project_partner", { "project", "", NULL }, REQ, "project", "project: must be set" },
  { "/core/project_partner/validate-organisation-required", "project_partner", { "organisation", "", NULL }, REQ, "organisation", "organisation: must be set" },
  { "/core/project_theme/validate-project-required", "project_theme", { "project", "", NULL }, REQ, "project", "project: must be set" },
  { "/core/project_theme/validate-theme-required", "project_theme", { "theme", "", NULL }, REQ, "theme", "theme: must be set" },
  { "/core/project_stage/validate-project-required", "project_stage", { "project", "", NULL }, REQ, "project", "project: must be set" },
  { "/core/project_stage/validate-started-on-required", "project_stage", { "started_on", "", NULL }, REQ, "started_on", "started_on: must be set" },
  { "/core/fund_theme/validate-fund-required", "fund_theme", { "fund", "", NULL }, REQ, "fund", "fund: must be set" },
  { "/core/fund_theme/validate-theme-required", "fund_theme", { "theme", "", NULL }, REQ, "theme", "theme: must be set" },
  { "/core/round/validate-fund-required", "round", { "fund", "", NULL }, REQ, "fund", "fund: must be set" },
  { "/core/grant/validate-round-required", "grant", { "round", "", NULL }, REQ, "round", "round: must be set" },
  { "/core/grant/validate-applicant-required", "grant", { "applicant", "", NULL }, REQ, "applicant", "applicant: must be set" },
  { "/core/event/validate-starts-on-required", "event", { "starts_on", "", NULL }, REQ, "starts_on", "starts_on: must be set" },
  { "/core/session/validate-event-required", "session", { "event", "", NULL }, REQ, "event", "event: must be set" },
  { "/core/attendance/validate-event-required", "attendance", { "event", "", NULL }, REQ, "event", "event: must be set" },
  { "/core/attendance/validate-person-required", "attendance", { "person", "", NULL }, REQ, "person", "person: must be set" },
  { "/core/measurement/validate-indicator-required", "measurement", { "indicator", "", NULL }, REQ, "indicator", "indicator: must be set" },
  { "/core/measurement/validate-period-start-required", "measurement", { "period_start", "", NULL }, REQ, "period_start", "period_start: must be set" },
  { "/core/measurement/validate-period-end-required", "measurement", { "period_end", "", NULL }, REQ, "period_end", "period_end: must be set" },
  { "/core/measurement/validate-value-required", "measurement", { "value", "", NULL }, REQ, "value", "value: must be set" },
  { "/core/award_winner/validate-award-required", "award_winner", { "award", "", NULL }, REQ, "award", "award: must be set" },
  { "/core/note/validate-record-required", "note", { "record", "", NULL }, REQ, "record", "record: must be set" },
  { "/core/tag/validate-record-required", "tag", { "record", "", NULL }, REQ, "record", "record: must be set" },

  /* An end before its start, for every range. */
  { "/core/group/validate-ends-before-starts", "group", { "starts_on", "2024-05-02", "ends_on", "2024-05-01", NULL },
    RNG, "ends_on", "ends_on: must not be before “Starts on” (2024-05-02)" },
  { "/core/group_member/validate-ends-before-starts", "group_member", { "starts_on", "2024-05-02", "ends_on", "2024-05-01", NULL },
    RNG, "ends_on", "ends_on: must not be before “Starts on” (2024-05-02)" },
  { "/core/project/validate-ends-before-starts", "project", { "starts_on", "2024-05-02", "ends_on", "2023-12-31", NULL },
    RNG, "ends_on", "ends_on: must not be before “Starts on” (2024-05-02)" },
  { "/core/fund/validate-ends-before-starts", "fund", { "starts_on", "2024-05-02", "ends_on", "2024-05-01", NULL },
    RNG, "ends_on", "ends_on: must not be before “Starts on” (2024-05-02)" },
  { "/core/grant/validate-ends-before-starts", "grant", { "starts_on", "2024-05-02", "ends_on", "2024-05-01", NULL },
    RNG, "ends_on", "ends_on: must not be before “Starts on” (2024-05-02)" },
  { "/core/grant/validate-awarded-before-submitted", "grant",
    { "status", "awarded", "amount_awarded", "100", "submitted_on", "2024-05-02", "awarded_on", "2024-05-01", NULL },
    RNG, "awarded_on", "awarded_on: must not be before “Submitted on” (2024-05-02)" },
  { "/core/round/validate-closes-before-opens", "round", { "opens_on", "2024-05-02", "closes_on", "2024-05-01", NULL },
    RNG, "closes_on", "closes_on: must not be before “Opens on” (2024-05-02)" },
  { "/core/event/validate-ends-before-starts", "event", { "starts_on", "2024-05-02", "ends_on", "2024-05-01", NULL },
    RNG, "ends_on", "ends_on: must not be before “Starts on” (2024-05-02)" },
  { "/core/session/validate-ends-before-starts", "session", { "starts_at", "10:00", "ends_at", "09:59", NULL },
    RNG, "ends_at", "ends_at: must not be before “Starts at” (10:00)" },
  { "/core/measurement/validate-period-end-before-start", "measurement",
    { "period_start", "2024-03-31", "period_end", "2024-03-30", NULL },
    RNG, "period_end", "period_end: must not be before “Period start” (2024-03-31)" },

  /* Money: never negative, never fractions of a penny. */
  { "/core/fund/validate-budget-negative", "fund", { "budget", "-1", NULL }, RNG, "budget", "budget: must not be negative" },
  { "/core/round/validate-budget-negative", "round", { "budget", "-0.01", NULL }, RNG, "budget", "budget: must not be negative" },
  { "/core/grant/validate-amount-requested-negative", "grant", { "amount_requested", "-£5", NULL },
    RNG, "amount_requested", "amount_requested: must not be negative" },
  { "/core/grant/validate-amount-awarded-negative", "grant",
    { "status", "awarded", "awarded_on", "2024-05-01", "amount_awarded", "-100", NULL },
    RNG, "amount_awarded", "amount_awarded: must not be negative" },
  { "/core/fund/validate-budget-fraction-of-penny", "fund", { "budget", "12.345", NULL },
    INV, "budget", "budget: has more than two decimal places (amounts are in pounds and pence)" },
  { "/core/grant/validate-amount-requested-fraction-of-penny", "grant", { "amount_requested", "12.345", NULL },
    INV, "amount_requested", "amount_requested: has more than two decimal places (amounts are in pounds and pence)" },
  { "/core/round/validate-budget-not-money", "round", { "budget", "lots", NULL },
    INV, "budget", "budget: is not an amount of money (write pounds, such as 1250 or 1,250.50)" },

  /* Grants: an award has its date and amount, and only an award has an amount. */
  { "/core/grant/validate-awarded-needs-date", "grant", { "status", "awarded", "amount_awarded", "1000", NULL },
    REQ, "awarded_on", "awarded_on: must be set when the grant is awarded" },
  { "/core/grant/validate-completed-needs-date", "grant", { "status", "completed", "amount_awarded", "1000", NULL },
    REQ, "awarded_on", "awarded_on: must be set when the grant is completed" },
  { "/core/grant/validate-awarded-needs-amount", "grant", { "status", "awarded", "awarded_on", "2024-05-01", NULL },
    REQ, "amount_awarded", "amount_awarded: must be set when the grant is awarded" },
  { "/core/grant/validate-completed-needs-amount", "grant", { "status", "completed", "awarded_on", "2024-05-01", NULL },
    REQ, "amount_awarded", "amount_awarded: must be set when the grant is completed" },
  { "/core/grant/validate-draft-has-no-amount-awarded", "grant", { "amount_awarded", "1000", NULL },
    RUL, "amount_awarded", "amount_awarded: only an awarded or completed grant has an amount awarded (this one is draft)" },
  { "/core/grant/validate-declined-has-no-amount-awarded", "grant", { "status", "declined", "amount_awarded", "0", NULL },
    RUL, "amount_awarded", "amount_awarded: only an awarded or completed grant has an amount awarded (this one is declined)" },
  { "/core/grant/validate-theme-not-in-fund", "grant", { "theme", "Healthy ageing", NULL },
    RUL, "theme", "theme: is not one of the themes of the round's fund" },

  /* Choices as people type them. */
  { "/core/grant/validate-status-unknown-typed", "grant", { "status", "pending", NULL },
    CHO, "status", "status: “pending” is not one of: draft, submitted, under_review, awarded, declined, withdrawn, completed" },

  /* References and links to records that do not exist, or cannot be linked. */
  { "/core/person/validate-organisation-missing", "person", { "organisation", "999", NULL },
    MIS, "organisation", "organisation: there is no organisation #999" },
  { "/core/person/validate-organisation-missing-by-name", "person", { "organisation", "Nowhere Council", NULL },
    MIS, "organisation", "organisation: there is no organisation called “Nowhere Council”" },
  { "/core/grant/validate-round-missing", "grant", { "round", "#999", NULL }, MIS, "round", "round: there is no round #999" },
  { "/core/area/validate-parent-missing", "area", { "parent", "999", NULL }, MIS, "parent", "parent: there is no area #999" },
  { "/core/task/validate-record-missing", "task", { "record", "grant:999", NULL }, MIS, "record", "record: there is no grant #999" },
  { "/core/task/validate-record-missing-by-name", "task", { "record", "grant:No such grant", NULL },
    MIS, "record", "record: there is no grant called “No such grant”" },
  { "/core/note/validate-record-missing", "note", { "record", "person:999", NULL }, MIS, "record", "record: there is no person #999" },
  { "/core/tag/validate-record-missing", "tag", { "record", "project:999", NULL }, MIS, "record", "record: there is no project #999" },
  { "/core/task/validate-record-not-linkable", "task", { "record", "note:1", NULL },
    KND, "record", "record: “note” is not a kind of record Tasks can be attached to" },
  { "/core/tag/validate-record-not-linkable", "tag", { "record", "tag:1", NULL },
    KND, "record", "record: “tag” is not a kind of record Tags can be attached to" },
  { "/core/note/validate-record-unknown-kind", "note", { "record", "planet:1", NULL },
    KND, "record", "record: “planet” is not a kind of record Notes can be attached to" },
  { "/core/task/validate-record-not-a-record", "task", { "record", "grant", NULL },
    INV, "record", "record: “grant” is not a record (write kind:id, such as grant:12)" },

  /* Exactly one of, at least one of. */
  { "/core/group_member/validate-person-and-organisation", "group_member", { "organisation", "1", NULL },
    RUL, "person", "person: only one of Person or Organisation may be set" },
  { "/core/group_member/validate-neither-person-nor-organisation", "group_member", { "person", "", NULL },
    REQ, "person", "person: one of Person or Organisation must be set" },
  { "/core/measurement/validate-no-subject", "measurement", { "area", "", NULL },
    REQ, "area", "area: one of Area, Organisation or Project must be set" },
  { "/core/measurement/validate-two-subjects", "measurement", { "project", "1", NULL },
    RUL, "area", "area: only one of Area, Organisation or Project may be set" },
  { "/core/measurement/validate-three-subjects", "measurement", { "organisation", "2", "project", "1", NULL },
    RUL, "area", "area: only one of Area, Organisation or Project may be set" },
  { "/core/award_winner/validate-no-winner", "award_winner", { "project", "", NULL },
    REQ, "organisation", "organisation: one of Organisation or Project must be set" },

  /* Unique sets. */
  { "/core/theme/validate-name-unique", "theme", { "name", "Prevention", NULL },
    DUP, "name", "name: a theme of this name already exists" },
  { "/core/project_partner/validate-unique", "project_partner", { "organisation", "Leeds City Council", NULL },
    DUP, "organisation", "organisation: is already a partner in this project" },
  { "/core/project_theme/validate-unique", "project_theme", { "theme", "Prevention", NULL },
    DUP, "theme", "theme: the project already has this theme" },
  { "/core/fund_theme/validate-unique", "fund_theme", { "theme", "1", NULL },
    DUP, "theme", "theme: the fund already has this theme" },
  { "/core/round/validate-number-unique-in-fund", "round", { "number", "1", NULL },
    DUP, "number", "number: the fund already has a round with this number" },
  { "/core/grant/validate-reference-unique", "grant", { "reference", "BCF-001", NULL },
    DUP, "reference", "reference: another grant has this reference" },
  { "/core/attendance/validate-event-person-unique", "attendance", { "person", "Ada Lovelace", NULL },
    DUP, "person", "person: this person is already booked onto this event" },
  { "/core/tag/validate-unique-per-record", "tag", { "name", "urgent", NULL },
    DUP, "name", "name: the record already has this tag" },
  { "/core/tag/validate-unique-per-record-any-case", "tag", { "name", "URGENT", NULL },
    DUP, "name", "name: the record already has this tag" },

  /* Attendances: the session is one of the event's. */
  { "/core/attendance/validate-session-of-other-event", "attendance", { "session", "2", NULL },
    RUL, "session", "session: is not a session of this event" },

  /* Formats of text fields. */
  { "/core/organisation/validate-email", "organisation", { "email", "info.leeds.gov.uk", NULL },
    INV, "email", "email: is not an email address" },
  { "/core/person/validate-email", "person", { "email", "ada@example", NULL },
    INV, "email", "email: is not an email address" },
  { "/core/organisation/validate-website", "organisation", { "website", "www.leeds.gov.uk", NULL },
    INV, "website", "website: is not a web address (it must start with https:// or http://)" },
  { "/core/group/validate-website", "group", { "website", "https://", NULL },
    INV, "website", "website: is not a web address" },
  { "/core/project/validate-website", "project", { "website", "ftp://frailty.example", NULL },
    INV, "website", "website: is not a web address (it must start with https:// or http://)" },
  { "/core/fund/validate-website", "fund", { "website", "https://bcf example.org", NULL },
    INV, "website", "website: is not a web address" },
  { "/core/event/validate-booking-url", "event", { "booking_url", "eventbrite", NULL },
    INV, "booking_url", "booking_url: is not a web address (it must start with https:// or http://)" },
  { "/core/organisation/validate-phone", "organisation", { "phone", "call reception", NULL },
    INV, "phone", "phone: is not a telephone number" },
  { "/core/person/validate-phone", "person", { "phone", "1234", NULL },
    INV, "phone", "phone: is not a telephone number" },
  { "/core/organisation/validate-charity-number", "organisation", { "charity_number", "12AB34", NULL },
    INV, "charity_number", "charity_number: is not a charity number (such as 1234567, SC012345 or NIC100001)" },
  { "/core/organisation/validate-company-number", "organisation", { "company_number", "1234567", NULL },
    INV, "company_number", "company_number: is not a company number (eight characters, such as 01234567 or SC123456)" },
  { "/core/organisation/validate-ods-code", "organisation", { "ods_code", "rae", NULL },
    INV, "ods_code", "ods_code: is not an NHS ODS code (3 to 6 letters and digits, such as RAE or B82005)" },

  /* One-line text. */
  { "/core/organisation/validate-name-one-line", "organisation", { "name", "Leeds\nCity Council", NULL },
    INV, "name", "name: must be on one line" },
  { "/core/event/validate-venue-one-line", "event", { "venue", "Civic Hall\r\nLeeds", NULL },
    INV, "venue", "venue: must be on one line" },

  /* Integer bounds and numbers. */
  { "/core/round/validate-number-zero", "round", { "number", "0", NULL }, RNG, "number", "number: must be between 1 and 1000" },
  { "/core/round/validate-number-1001", "round", { "number", "1001", NULL }, RNG, "number", "number: must be between 1 and 1000" },
  { "/core/round/validate-number-not-whole", "round", { "number", "1.5", NULL }, INV, "number", "number: is not a whole number" },
  { "/core/award/validate-year-1899", "award", { "year", "1899", NULL }, RNG, "year", "year: must be between 1900 and 2200" },
  { "/core/award/validate-year-2201", "award", { "year", "2201", NULL }, RNG, "year", "year: must be between 1900 and 2200" },
  { "/core/event/validate-capacity-negative", "event", { "capacity", "-1", NULL }, RNG, "capacity", "capacity: must be between 0 and 1000000" },
  { "/core/event/validate-capacity-too-large", "event", { "capacity", "1000001", NULL }, RNG, "capacity", "capacity: must be between 0 and 1000000" },
  { "/core/measurement/validate-value-not-number", "measurement", { "value", "lots", NULL }, INV, "value", "value: is not a number" },

  /* Dates, times, yes/no and unknown fields. */
  { "/core/event/validate-starts-on-not-real", "event", { "starts_on", "2024-02-30", NULL }, INV, "starts_on", "starts_on: is not a real date" },
  { "/core/event/validate-starts-on-not-date", "event", { "starts_on", "soon", NULL },
    INV, "starts_on", "starts_on: is not a date (write YYYY-MM-DD, such as 2017-05-19)" },
  { "/core/session/validate-starts-at-not-time-of-day", "session", { "starts_at", "25:00", NULL },
    INV, "starts_at", "starts_at: is not a time of day" },
  { "/core/person/validate-consent-not-yes-no", "person", { "consent_to_contact", "maybe", NULL },
    INV, "consent_to_contact", "consent_to_contact: is not yes or no" },
  { "/core/organisation/validate-unknown-field", "organisation", { "colour", "red", NULL },
    FLD, "colour", "colour: is not a field of Organisations" },
};

static void
test_refusal (gconstpointer data)
{
  const RefusalCase *c = data;
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  const JoineryKind *kind = joinery_kind_lookup (c->kind);
  g_autoptr(JoineryRecord) record = new_base_record (tdb->db, c->kind);
  g_autoptr(GError) error = NULL;
  Counts before;
  gboolean ok;

  counts_take (tdb->db, kind, &before);
  ok = try_apply_pairs (tdb->db, record, c->pairs, &error) && joinery_db_create (tdb->db, record, &error);
  g_assert_false (ok);
  g_assert_nonnull (error);
  g_assert_cmpint (joinery_record_get_id (record), ==, 0);
  assert_nothing_written (tdb->db, kind, &before);
  g_assert_false (joinery_db_in_group (tdb->db));

  assert_validation_error (error, c->code, c->kind, c->field, c->message);
}

/* Valid records at the edges of the rules */

typedef struct {
  const char *path;
  const char *kind;
  const char *pairs[MAX_PAIRS];
} AcceptCase;

static const AcceptCase accept_cases[] = {
  { "/core/group/validate-ends-on-start", "group", { "starts_on", "2024-05-01", "ends_on", "2024-05-01", NULL } },
  { "/core/group_member/validate-ends-on-start", "group_member", { "starts_on", "2024-05-01", "ends_on", "2024-05-01", NULL } },
  { "/core/project/validate-ends-on-start", "project", { "starts_on", "2024-05-01", "ends_on", "2024-05-01", NULL } },
  { "/core/fund/validate-ends-on-start", "fund", { "starts_on", "2024-05-01", "ends_on", "2024-05-01", NULL } },
  { "/core/grant/validate-ends-on-start", "grant", { "starts_on", "2024-05-01", "ends_on", "2024-05-01", NULL } },
  { "/core/grant/validate-awarded-on-submission-day", "grant",
    { "status", "awarded", "amount_awarded", "100", "submitted_on", "2024-05-01", "awarded_on", "2024-05-01", NULL } },
  { "/core/round/validate-closes-on-opening-day", "round", { "opens_on", "2024-05-01", "closes_on", "2024-05-01", NULL } },
  { "/core/event/validate-ends-on-start", "event", { "starts_on", "2024-05-01", "ends_on", "2024-05-01", NULL } },
  { "/core/session/validate-ends-at-start", "session", { "starts_at", "10:00", "ends_at", "10:00", NULL } },
  { "/core/measurement/validate-one-day-period", "measurement", { "period_start", "2024-03-31", "period_end", "2024-03-31", NULL } },
  { "/core/fund/validate-budget-zero", "fund", { "budget", "0", NULL } },
  { "/core/round/validate-budget-zero", "round", { "budget", "0.00", NULL } },
  { "/core/grant/validate-amount-requested-zero", "grant", { "amount_requested", "£0", NULL } },
  { "/core/grant/validate-awarded-zero", "grant", { "status", "awarded", "amount_awarded", "0", "awarded_on", "2024-05-01", NULL } },
  { "/core/grant/validate-completed", "grant", { "status", "completed", "amount_awarded", "1,000.50", "awarded_on", "2024-05-01", NULL } },
  { "/core/grant/validate-theme-of-fund", "grant", { "theme", "Prevention", NULL } },
  { "/core/grant/validate-theme-when-fund-has-none", "grant", { "round", "2", "theme", "Healthy ageing", NULL } },
  { "/core/grant/validate-reference-unique-ok", "grant", { "reference", "BCF-002", NULL } },
  { "/core/round/validate-number-1-in-other-fund", "round", { "fund", "Small Grants Fund", "number", "1", NULL } },
  { "/core/round/validate-number-bounds-high", "round", { "number", "1000", NULL } },
  { "/core/award/validate-year-1900", "award", { "year", "1900", NULL } },
  { "/core/award/validate-year-2200", "award", { "year", "2200", NULL } },
  { "/core/event/validate-capacity-zero", "event", { "capacity", "0", NULL } },
  { "/core/event/validate-capacity-million", "event", { "capacity", "1000000", NULL } },
  { "/core/award_winner/validate-organisation-and-project", "award_winner", { "organisation", "1", NULL } },
  { "/core/award_winner/validate-organisation-only", "award_winner", { "project", "", "organisation", "2", NULL } },
  { "/core/group_member/validate-organisation-only", "group_member", { "person", "", "organisation", "2", NULL } },
  { "/core/measurement/validate-project-only", "measurement", { "area", "", "project", "Frailty hub", NULL } },
  { "/core/attendance/validate-session-of-event", "attendance", { "session", "1", NULL } },
  { "/core/tag/validate-same-tag-other-record", "tag", { "record", "organisation:2", "name", "urgent", NULL } },
  { "/core/organisation/validate-formats", "organisation",
    { "email", "info@leeds.gov.uk", "website", "http://www.leeds.gov.uk/", "phone", "+44 (0)113 222-4444",
      "charity_number", "SC012345", "company_number", "SC123456", "ods_code", "B82005", NULL } },
  { "/core/organisation/validate-formats-england", "organisation",
    { "charity_number", "1234567-1", "company_number", "01234567", "ods_code", "RAE", NULL } },
  { "/core/organisation/validate-formats-northern-ireland", "organisation",
    { "charity_number", "NIC100001", "company_number", "NI123456", "ods_code", "02W", NULL } },
  { "/core/task/validate-record-by-name", "task", { "record", "grant:Existing grant", "assignee", "Ada Lovelace", NULL } },
  { "/core/note/validate-record-theme", "note", { "record", "theme:1", NULL } },
  { "/core/area/validate-parent-by-name", "area", { "parent", "Leeds", NULL } },
};

static void
test_accept (gconstpointer data)
{
  const AcceptCase *c = data;
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) record = new_base_record (tdb->db, c->kind);

  apply_pairs (tdb->db, record, c->pairs);
  assert_create_ok (tdb->db, record);
}

/* Lengths: built at run time, too long for a table */

typedef struct {
  const char *path;
  const char *kind;
  const char *field;
  const char *unit;     /* one character, repeated */
  guint       length;
  const char *message;  /* NULL: must pass */
} LengthCase;

static const LengthCase length_cases[] = {
  { "/core/area/validate-name-301", "area", "name", "a", 301, "name: is too long (301 characters; at most 300)" },
  { "/core/area/validate-name-300", "area", "name", "a", 300, NULL },
  { "/core/organisation/validate-name-300-accented", "organisation", "name", "é", 300, NULL },
  { "/core/organisation/validate-name-301-accented", "organisation", "name", "é", 301,
    "name: is too long (301 characters; at most 300)" },
  { "/core/person/validate-job-title-301", "person", "job_title", "x", 301,
    "job_title: is too long (301 characters; at most 300)" },
  { "/core/organisation/validate-description-100001", "organisation", "description", "d", 100001,
    "description: is too long (100001 characters; at most 100000)" },
  { "/core/organisation/validate-description-100000", "organisation", "description", "d", 100000, NULL },
  { "/core/note/validate-body-100001", "note", "body", "b", 100001, "body: is too long (100001 characters; at most 100000)" },
  { "/core/organisation/validate-address-1001", "organisation", "address", "a", 1001,
    "address: is too long (1001 characters; at most 1000)" },
  { "/core/area/validate-code-21", "area", "code", "E", 21, "code: is too long (21 characters; at most 20)" },
  { "/core/area/validate-code-20", "area", "code", "E", 20, NULL },
  { "/core/grant/validate-reference-101", "grant", "reference", "R", 101, "reference: is too long (101 characters; at most 100)" },
  { "/core/tag/validate-name-101", "tag", "name", "t", 101, "name: is too long (101 characters; at most 100)" },
  { "/core/tag/validate-name-100", "tag", "name", "t", 100, NULL },
  { "/core/measurement/validate-source-1001", "measurement", "source", "s", 1001,
    "source: is too long (1001 characters; at most 1000)" },
};

static void
test_length (gconstpointer data)
{
  const LengthCase *c = data;
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) record = new_base_record (tdb->db, c->kind);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < c->length; i++)
    g_string_append (text, c->unit);
  g_assert_true (joinery_db_set_from_string (tdb->db, record, c->field, text->str, &error));
  g_assert_no_error (error);

  if (c->message == NULL)
    {
      g_autoptr(JoineryRecord) stored = NULL;

      assert_create_ok (tdb->db, record);
      stored = joinery_db_get (tdb->db, joinery_record_get_kind (record), joinery_record_get_id (record), &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_utf8_strlen (joinery_record_get_text (stored, c->field), -1), ==, c->length);
    }
  else
    assert_create_refused (tdb->db, record, JOINERY_VALIDATION_ERROR_RANGE, c->field, c->message);
}

/* Choices set directly, bypassing parsing: validation still checks them */

typedef struct {
  const char *kind;
  const char *field;
  const char *allowed;
} ChoiceCase;

static const ChoiceCase choice_cases[] = {
  { "area", "level", "country, region, ics, district, ward" },
  { "organisation", "kind", "council, nhs_trust, ccg, gp_practice, voluntary, social_enterprise, "
                            "community_group, business, university, national_body, other" },
  { "group", "kind", "board, partnership, network, programme" },
  { "group_member", "role", "chair, vice_chair, member, sponsor, secretary, partner" },
  { "project", "stage", "idea, pilot, established, scaling, embedded, closed" },
  { "project_stage", "stage", "idea, pilot, established, scaling, embedded, closed" },
  { "grant", "status", "draft, submitted, under_review, awarded, declined, withdrawn, completed" },
  { "event", "kind", "conference, learning_event, hack, training, workshop, meeting, other" },
  { "session", "kind", "workshop, showcase, plenary, discussion, keynote, other" },
  { "attendance", "status", "booked, attended, no_show, cancelled" },
  { "attendance", "role", "delegate, speaker, facilitator" },
  { "indicator", "unit", "count, percent, years, pounds, rate, ratio, score, days" },
  { "indicator", "direction", "higher, lower" },
  { "award_winner", "result", "winner, joint_winner, shortlisted, highly_commended" },
  { "task", "status", "open, done, cancelled" },
};

static void
test_choice_unknown (gconstpointer data)
{
  const ChoiceCase *c = data;
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) record = new_base_record (tdb->db, c->kind);
  g_autoptr(JoineryRecord) spelt = new_base_record (tdb->db, c->kind);
  g_autofree char *message = g_strdup_printf ("%s: “bogus” is not one of: %s", c->field, c->allowed);
  g_autofree char *first = g_strndup (c->allowed, strcspn (c->allowed, ","));
  g_autofree char *shouted = g_ascii_strup (first, -1);
  g_autofree char *shouted_message = g_strdup_printf ("%s: “%s” is not one of: %s", c->field, shouted,
                                                      c->allowed);

  /* Every kind's choices are those the kind describes. */
  g_assert_nonnull (joinery_kind_get_field (joinery_kind_lookup (c->kind), c->field));

  joinery_record_set_text (record, c->field, "bogus");
  assert_create_refused (tdb->db, record, JOINERY_VALIDATION_ERROR_UNKNOWN_CHOICE, c->field, message);

  /* Stored values are exact: parsing folds case, validation does not. */
  joinery_record_set_text (spelt, c->field, shouted);
  assert_create_refused (tdb->db, spelt, JOINERY_VALIDATION_ERROR_UNKNOWN_CHOICE, c->field, shouted_message);
}

/* Every reference, of every kind, must name a record that exists */

typedef struct {
  const JoineryKind  *kind;
  const JoineryField *field;
} ReferenceCase;

static void
test_reference_missing (gconstpointer data)
{
  const ReferenceCase *c = data;
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) record = new_base_record (tdb->db, c->kind->name);
  g_autofree char *message = g_strdup_printf ("%s: there is no %s #999", c->field->name, c->field->ref_kind);

  joinery_record_set_integer (record, c->field->name, 999);
  assert_create_refused (tdb->db, record, JOINERY_VALIDATION_ERROR_MISSING_REFERENCE, c->field->name,
                         message);
}

/* Text set directly, bypassing parsing */

static void
test_text_empty_direct (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) record = new_base_record (tdb->db, "organisation");

  joinery_record_set_text (record, "name", "");
  assert_create_refused (tdb->db, record, JOINERY_VALIDATION_ERROR_REQUIRED, "name", "name: must not be empty");
}

static void
test_text_blank_direct (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) record = new_base_record (tdb->db, "organisation");
  const JoineryKind *kind = joinery_record_get_kind (record);
  g_autoptr(GError) error = NULL;
  Counts before;

  /* A name of blanks is no name, whichever way it reached the record
   * (a script sets text directly). */
  joinery_record_set_text (record, "name", "   ");
  counts_take (tdb->db, kind, &before);
  g_assert_false (joinery_db_create (tdb->db, record, &error));
  assert_validation_error (error, JOINERY_VALIDATION_ERROR_REQUIRED, "organisation", "name",
                           "name: must not be empty");
  assert_nothing_written (tdb->db, kind, &before);
}

static void
test_text_newline_direct (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) record = new_base_record (tdb->db, "person");
  g_autoptr(JoineryRecord) long_text = new_base_record (tdb->db, "organisation");

  joinery_record_set_text (record, "job_title", "Chief\nExecutive");
  assert_create_refused (tdb->db, record, JOINERY_VALIDATION_ERROR_INVALID, "job_title",
                         "job_title: must be on one line");

  /* Long text keeps its lines. */
  joinery_record_set_text (long_text, "address", "Civic Hall\nCalverley Street\nLeeds");
  assert_create_ok (tdb->db, long_text);
}

static void
test_date_direct (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) british = new_base_record (tdb->db, "event");
  g_autoptr(JoineryRecord) unreal = new_base_record (tdb->db, "event");
  g_autoptr(JoineryRecord) session = new_base_record (tdb->db, "session");

  /* Stored dates are ISO-8601 exactly; parsing is for what people type. */
  joinery_record_set_text (british, "starts_on", "01/07/2024");
  assert_create_refused (tdb->db, british, JOINERY_VALIDATION_ERROR_INVALID, "starts_on",
                         "starts_on: is not an ISO-8601 date (YYYY-MM-DD)");
  joinery_record_set_text (unreal, "starts_on", "2023-02-29");
  assert_create_refused (tdb->db, unreal, JOINERY_VALIDATION_ERROR_INVALID, "starts_on",
                         "starts_on: is not a real date");
  joinery_record_set_text (session, "starts_at", "9:30");
  assert_create_refused (tdb->db, session, JOINERY_VALIDATION_ERROR_INVALID, "starts_at",
                         "starts_at: is not a time (HH:MM)");
}

static void
test_money_negative_direct (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) record = new_base_record (tdb->db, "fund");

  joinery_record_set_integer (record, "budget", -1);
  assert_create_refused (tdb->db, record, JOINERY_VALIDATION_ERROR_RANGE, "budget",
                         "budget: must not be negative");
}

static void
test_link_direct (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) tag_link = new_base_record (tdb->db, "task");
  g_autoptr(JoineryRecord) note_link = new_base_record (tdb->db, "note");
  g_autoptr(JoineryRecord) unknown = new_base_record (tdb->db, "tag");
  g_autoptr(JoineryRecord) capital = new_base_record (tdb->db, "task");
  g_autoptr(JoineryRecord) plural = new_base_record (tdb->db, "task");
  g_autoptr(JoineryRecord) missing = new_base_record (tdb->db, "note");
  g_autoptr(JoineryRecord) fine = new_base_record (tdb->db, "task");

  joinery_record_set_link (tag_link, "record", "tag", 1);
  assert_create_refused (tdb->db, tag_link, JOINERY_VALIDATION_ERROR_UNKNOWN_KIND, "record",
                         "record: “tag” is not a kind of record Tasks can be attached to");
  joinery_record_set_link (note_link, "record", "note", 1);
  assert_create_refused (tdb->db, note_link, JOINERY_VALIDATION_ERROR_UNKNOWN_KIND, "record",
                         "record: “note” is not a kind of record Notes can be attached to");
  joinery_record_set_link (unknown, "record", "planet", 1);
  assert_create_refused (tdb->db, unknown, JOINERY_VALIDATION_ERROR_UNKNOWN_KIND, "record",
                         "record: “planet” is not a kind of record Tags can be attached to");
  /* The stored kind is the kind's own name, not another spelling of it. */
  joinery_record_set_link (capital, "record", "Grant", 1);
  assert_create_refused (tdb->db, capital, JOINERY_VALIDATION_ERROR_UNKNOWN_KIND, "record",
                         "record: “Grant” is not a kind of record Tasks can be attached to");
  joinery_record_set_link (plural, "record", "grants", 1);
  assert_create_refused (tdb->db, plural, JOINERY_VALIDATION_ERROR_UNKNOWN_KIND, "record",
                         "record: “grants” is not a kind of record Tasks can be attached to");
  joinery_record_set_link (missing, "record", "award", 999);
  assert_create_refused (tdb->db, missing, JOINERY_VALIDATION_ERROR_MISSING_REFERENCE, "record",
                         "record: there is no award #999");

  joinery_record_set_link (fine, "record", "grant", 1);
  assert_create_ok (tdb->db, fine);
}

/* Rules that need an existing record: areas, unique sets and grants on update */

static gint64
area_parent (JoineryDb *db, gint64 id)
{
  g_autoptr(JoineryRecord) area = joinery_db_get (db, joinery_kind_lookup ("area"), id, NULL);

  g_assert_nonnull (area);
  return joinery_record_get_integer (area, "parent");
}

static void
test_area_part_of_itself (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  const JoineryKind *kind = joinery_kind_lookup ("area");
  g_autoptr(JoineryRecord) leeds = joinery_db_get (tdb->db, kind, 1, NULL);

  g_assert_nonnull (leeds);
  joinery_record_set_integer (leeds, "parent", 1);
  assert_update_refused (tdb->db, leeds, JOINERY_VALIDATION_ERROR_RULE, "parent",
                         "parent: would make the area part of itself");
  g_assert_cmpint (area_parent (tdb->db, 1), ==, 0);
}

static void
test_area_part_of_itself_chain (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  const JoineryKind *kind = joinery_kind_lookup ("area");
  gint64 ward, street;
  g_autoptr(JoineryRecord) leeds = NULL;
  g_autoptr(JoineryRecord) middle = NULL;

  /* Leeds > Headingley > Far Headingley; then Leeds under Far Headingley. */
  ward = joinery_test_create (tdb->db, "area", "name", "Headingley", "level", "ward", "parent", "Leeds", NULL);
  street = joinery_test_create (tdb->db, "area", "name", "Far Headingley", "level", "ward",
                                "parent", "Headingley", NULL);
  leeds = joinery_db_get (tdb->db, kind, 1, NULL);
  joinery_record_set_integer (leeds, "parent", street);
  assert_update_refused (tdb->db, leeds, JOINERY_VALIDATION_ERROR_RULE, "parent",
                         "parent: would make the area part of itself");

  /* One step up the chain is caught as well as two. */
  middle = joinery_db_get (tdb->db, kind, 1, NULL);
  joinery_record_set_integer (middle, "parent", ward);
  assert_update_refused (tdb->db, middle, JOINERY_VALIDATION_ERROR_RULE, "parent",
                         "parent: would make the area part of itself");
  g_assert_cmpint (area_parent (tdb->db, 1), ==, 0);

  /* Moving a branch elsewhere in the tree is fine. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JoineryRecord) far = joinery_db_get (tdb->db, kind, street, NULL);
    joinery_record_set_integer (far, "parent", 1);
    g_assert_true (joinery_db_update (tdb->db, far, &error));
    g_assert_no_error (error);
    g_assert_cmpint (area_parent (tdb->db, street), ==, 1);
  }
}

static void
test_unique_on_update (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  const JoineryKind *kind = joinery_kind_lookup ("theme");
  g_autoptr(JoineryRecord) ageing = joinery_db_get (tdb->db, kind, 2, NULL);
  g_autoptr(JoineryRecord) prevention = joinery_db_get (tdb->db, kind, 1, NULL);
  g_autoptr(GError) error = NULL;

  joinery_record_set_text (ageing, "name", "Prevention");
  assert_update_refused (tdb->db, ageing, JOINERY_VALIDATION_ERROR_DUPLICATE, "name",
                         "name: a theme of this name already exists");

  /* A record does not clash with itself. */
  joinery_record_set_text (prevention, "description", "Staying well for longer");
  g_assert_true (joinery_db_update (tdb->db, prevention, &error));
  g_assert_no_error (error);
}

static void
test_grant_update_to_awarded (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  const JoineryKind *kind = joinery_kind_lookup ("grant");
  g_autoptr(JoineryRecord) grant = joinery_db_get (tdb->db, kind, 1, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_db_set_from_string (tdb->db, grant, "status", "Awarded", &error));
  g_assert_true (joinery_db_set_from_string (tdb->db, grant, "amount_awarded", "£12,500", &error));
  g_assert_no_error (error);
  assert_update_refused (tdb->db, grant, JOINERY_VALIDATION_ERROR_REQUIRED, "awarded_on",
                         "awarded_on: must be set when the grant is awarded");

  g_assert_true (joinery_db_set_from_string (tdb->db, grant, "awarded_on", "01/06/2024", &error));
  g_assert_true (joinery_db_update (tdb->db, grant, &error));
  g_assert_no_error (error);

  /* Back to declined with the amount still there: refused. */
  g_assert_true (joinery_db_set_from_string (tdb->db, grant, "status", "declined", &error));
  assert_update_refused (tdb->db, grant, JOINERY_VALIDATION_ERROR_RULE, "amount_awarded",
                         "amount_awarded: only an awarded or completed grant has an amount awarded "
                         "(this one is declined)");
}

static void
test_attendance_session_on_update (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  const JoineryKind *kind = joinery_kind_lookup ("attendance");
  g_autoptr(JoineryRecord) booking = joinery_db_get (tdb->db, kind, 1, NULL);

  joinery_record_set_integer (booking, "session", 2);
  assert_update_refused (tdb->db, booking, JOINERY_VALIDATION_ERROR_RULE, "session",
                         "session: is not a session of this event");
}

static void
test_grant_theme_after_fund_gains_themes (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  g_autoptr(JoineryRecord) grant = new_base_record (tdb->db, "grant");
  g_autoptr(JoineryRecord) later = NULL;

  /* Fund 2 names no themes: any theme will do, until it names one. */
  apply_pairs (tdb->db, grant, (const char * const[]) { "round", "2", "theme", "2", NULL });
  assert_create_ok (tdb->db, grant);
  joinery_test_create (tdb->db, "fund_theme", "fund", "Open Fund", "theme", "Prevention", NULL);
  later = new_base_record (tdb->db, "grant");
  apply_pairs (tdb->db, later, (const char * const[]) { "round", "2", "theme", "2", NULL });
  assert_create_refused (tdb->db, later, JOINERY_VALIDATION_ERROR_RULE, "theme",
                         "theme: is not one of the themes of the round's fund");
}

/* joinery_db_validate() alone */

static void
test_validate_writes_nothing (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  const JoineryKind *kind = joinery_kind_lookup ("project");
  g_autoptr(JoineryRecord) good = new_base_record (tdb->db, "project");
  g_autoptr(JoineryRecord) bad = new_base_record (tdb->db, "project");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file_before = NULL;
  g_autoptr(GBytes) file_after = NULL;
  Counts before;

  /* A project would bring a stage history row with it on create. */
  apply_pairs (tdb->db, good, (const char * const[]) { "stage", "pilot", NULL });
  counts_take (tdb->db, kind, &before);
  g_assert_true (joinery_db_validate (tdb->db, good, &error));
  g_assert_no_error (error);
  g_assert_cmpint (joinery_record_get_id (good), ==, 0);
  assert_nothing_written (tdb->db, kind, &before);
  g_assert_false (joinery_db_in_group (tdb->db));

  apply_pairs (tdb->db, bad, (const char * const[]) { "starts_on", "2024-02-02", "ends_on", "2024-02-01", NULL });
  g_assert_false (joinery_db_validate (tdb->db, bad, &error));
  assert_validation_error (error, JOINERY_VALIDATION_ERROR_RANGE, "project", "ends_on",
                           "ends_on: must not be before “Starts on” (2024-02-02)");
  assert_nothing_written (tdb->db, kind, &before);

  /* Not a byte of the file changes: validation opens no transaction. */
  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (joinery_db_get_handle (tdb->db), NULL,
                                              SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL), ==, SQLITE_OK);
  file_before = joinery_test_read_file (tdb->path);
  g_clear_error (&error);
  g_assert_true (joinery_db_validate (tdb->db, good, &error));
  g_assert_false (joinery_db_validate (tdb->db, bad, NULL));
  file_after = joinery_test_read_file (tdb->path);
  g_assert_true (g_bytes_equal (file_before, file_after));
  g_assert_true (sqlite3_get_autocommit (joinery_db_get_handle (tdb->db)));
}

static void
test_base_records_valid (void)
{
  g_autoptr(JoineryTestDb) tdb = fixture_new ();
  const JoineryKind * const *kinds = joinery_kinds ();

  /* The cases above spoil a valid record; make sure each one is. */
  g_assert_cmpuint (G_N_ELEMENTS (base_records), ==, joinery_kind_count ());
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      g_autoptr(JoineryRecord) record = new_base_record (tdb->db, kinds[i]->name);
      g_test_message ("kind %s", kinds[i]->name);
      assert_create_ok (tdb->db, record);
    }
}

int
main (int argc, char **argv)
{
  const JoineryKind * const *kinds;

  g_setenv ("JOINERY_TODAY", "2024-06-15", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/validation/base-records-valid", test_base_records_valid);
  for (guint i = 0; i < G_N_ELEMENTS (refusal_cases); i++)
    g_test_add_data_func (refusal_cases[i].path, &refusal_cases[i], test_refusal);
  for (guint i = 0; i < G_N_ELEMENTS (accept_cases); i++)
    g_test_add_data_func (accept_cases[i].path, &accept_cases[i], test_accept);
  for (guint i = 0; i < G_N_ELEMENTS (length_cases); i++)
    g_test_add_data_func (length_cases[i].path, &length_cases[i], test_length);
  for (guint i = 0; i < G_N_ELEMENTS (choice_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/%s/validate-%s-unknown-choice",
                                               choice_cases[i].kind, choice_cases[i].field);
      g_test_add_data_func (path, &choice_cases[i], test_choice_unknown);
    }

  /* Every reference field of every kind, from the kinds' descriptions. */
  kinds = joinery_kinds ();
  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint f = 0; f < kinds[k]->n_fields; f++)
      if (kinds[k]->fields[f].type == JOINERY_FIELD_REFERENCE)
        {
          ReferenceCase *c = g_new0 (ReferenceCase, 1);
          g_autofree char *path = g_strdup_printf ("/core/%s/validate-%s-must-exist", kinds[k]->name,
                                                   kinds[k]->fields[f].name);
          c->kind = kinds[k];
          c->field = &kinds[k]->fields[f];
          g_test_add_data_func_full (path, c, test_reference_missing, g_free);
        }

  g_test_add_func ("/core/organisation/validate-name-empty-set-directly", test_text_empty_direct);
  g_test_add_func ("/core/organisation/validate-name-blank-set-directly", test_text_blank_direct);
  g_test_add_func ("/core/person/validate-job-title-newline-set-directly", test_text_newline_direct);
  g_test_add_func ("/core/event/validate-dates-set-directly", test_date_direct);
  g_test_add_func ("/core/fund/validate-budget-negative-set-directly", test_money_negative_direct);
  g_test_add_func ("/core/task/validate-links-set-directly", test_link_direct);
  g_test_add_func ("/core/area/validate-part-of-itself", test_area_part_of_itself);
  g_test_add_func ("/core/area/validate-part-of-itself-chain", test_area_part_of_itself_chain);
  g_test_add_func ("/core/theme/validate-name-unique-on-update", test_unique_on_update);
  g_test_add_func ("/core/grant/validate-update-to-awarded", test_grant_update_to_awarded);
  g_test_add_func ("/core/attendance/validate-session-on-update", test_attendance_session_on_update);
  g_test_add_func ("/core/grant/validate-theme-after-fund-gains-themes", test_grant_theme_after_fund_gains_themes);
  g_test_add_func ("/core/validation/validate-writes-nothing", test_validate_writes_nothing);

  return g_test_run ();
}
