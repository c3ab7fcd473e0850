/* test-core-undo.c: undo and redo of change groups, and the audit trail.
 *
 * Undo must put every record table back exactly as it was — every column
 * of every row, timestamps included — and redo must put back exactly what
 * the change made; so these tests compare a dump of all the record tables
 * rather than a few fields. They also hold the audit trail to what it
 * promises (one row per write, with the right before and after images,
 * also for undo and redo) and check that the search index stays in step.
 *
 * They use the core's public API, and raw SQL only to look at the file or
 * to play another program changing it behind the core's back; they must
 * not depend on the core's private headers.
 */
#include "joinery-test-util.h"
#include "joinery-generate.h"

#include <string.h>

/* Helpers */

/* Every row of every record table, every column, ordered by id: the whole
 * state that undo must restore. Values carry their SQLite type, so that
 * 12 and '12' and 12.0 differ. */
static char *
dump_records (JoineryDb *db)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  sqlite3 *handle = joinery_db_get_handle (db);
  GString *dump = g_string_new (NULL);

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", kinds[k]->table);
      sqlite3_stmt *stmt = NULL;
      int rc;

      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (dump, "[%s]\n", kinds[k]->table);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              g_string_append_printf (dump, "%s%s=", c > 0 ? " | " : "",
                                      sqlite3_column_name (stmt, c));
              switch (sqlite3_column_type (stmt, c))
                {
                case SQLITE_NULL:
                  g_string_append (dump, "NULL");
                  break;
                case SQLITE_INTEGER:
                  g_string_append_printf (dump, "%lld", (long long) sqlite3_column_int64 (stmt, c));
                  break;
                case SQLITE_FLOAT:
                  g_string_append_printf (dump, "%.17gr", sqlite3_column_double (stmt, c));
                  break;
                case SQLITE_BLOB:
                  g_string_append_printf (dump, "<blob %d>", sqlite3_column_bytes (stmt, c));
                  break;
                case SQLITE_TEXT:
                default:
                  g_string_append_printf (dump, "'%s'", (const char *) sqlite3_column_text (stmt, c));
                  break;
                }
            }
          g_string_append_c (dump, '\n');
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  return g_string_free (dump, FALSE);
}

/* The first column of the first row of a query, as text ("NULL" for NULL). */
static char *
query_text (JoineryDb *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text;

  if (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s", sql, sqlite3_errmsg (joinery_db_get_handle (db)));
  text = sqlite3_column_type (stmt, 0) == SQLITE_NULL
         ? g_strdup ("NULL")
         : g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static gint64
query_int (JoineryDb *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s", sql, sqlite3_errmsg (joinery_db_get_handle (db)));
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
exec_sql (JoineryDb *db, const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (joinery_db_get_handle (db), sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}


/* Change fields of a record (field, value as typed, …, NULL) and write it. */
static void
update_record (JoineryDb *db, const char *kind_name, gint64 id, ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) record = NULL;
  const char *field;
  va_list args;

  record = joinery_db_get (db, joinery_kind_lookup (kind_name), id, &error);
  g_assert_no_error (error);
  va_start (args, id);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      joinery_db_set_from_string (db, record, field, value, &error);
      g_assert_no_error (error);
    }
  va_end (args);
  joinery_db_update (db, record, &error);
  g_assert_no_error (error);
}

static void
delete_record (JoineryDb *db, const char *kind_name, gint64 id)
{
  g_autoptr(GError) error = NULL;

  joinery_db_delete (db, joinery_kind_lookup (kind_name), id, &error);
  g_assert_no_error (error);
}

/* Undo (or redo), which must succeed with `label`. */
static void
assert_undo (JoineryDb *db, const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  g_assert_true (joinery_db_undo (db, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (done, ==, label);
}

static void
assert_redo (JoineryDb *db, const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  g_assert_true (joinery_db_redo (db, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (done, ==, label);
}

static void
assert_labels (JoineryDb *db, const char *undo_label, const char *redo_label)
{
  g_autofree char *undo = joinery_db_dup_undo_label (db);
  g_autofree char *redo = joinery_db_dup_redo_label (db);

  g_assert_cmpstr (undo, ==, undo_label);
  g_assert_cmpstr (redo, ==, redo_label);
}

/* How many hits of `kind` #id a search for `text` gives. */
static guint
count_hits (JoineryDb *db, const char *text, const char *kind_name, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = joinery_db_search (db, text, NULL, 0, NULL, NULL, &error);
  guint n = 0;

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  for (guint i = 0; i < hits->len; i++)
    {
      JoinerySearchHit *hit = hits->pdata[i];
      if (g_str_equal (hit->kind->name, kind_name) && hit->id == id)
        n++;
    }
  return n;
}

/* A small network that the update and delete tests change. */
typedef struct {
  gint64 area, leeds, bradford, person, other_person, fund, round, grant, task;
} Network;

static void
make_network (JoineryDb *db, Network *n)
{
  n->area = joinery_test_create (db, "area", "name", "West Yorkshire", "level", "ics", NULL);
  n->leeds = joinery_test_create (db, "organisation", "name", "Leeds City Council",
                                  "kind", "council", "area", "West Yorkshire", NULL);
  n->bradford = joinery_test_create (db, "organisation", "name", "Bradford Care Trust",
                                     "kind", "nhs_trust", NULL);
  n->person = joinery_test_create (db, "person", "name", "Amara Ashcombe",
                                   "organisation", "Leeds City Council",
                                   "email", "amara@example.org", NULL);
  n->other_person = joinery_test_create (db, "person", "name", "Bram Dunmore", NULL);
  n->fund = joinery_test_create (db, "fund", "name", "Better Care Fund",
                                 "funder", "Leeds City Council", "budget", "£2,000,000", NULL);
  n->round = joinery_test_create (db, "round", "fund", "Better Care Fund", "name", "Round one",
                                  "number", "1", NULL);
  n->grant = joinery_test_create (db, "grant", "round", "Round one", "reference", "BCF-001",
                                  "title", "Lunch club", "applicant", "Leeds City Council",
                                  "amount_requested", "12,345.67", "status", "submitted",
                                  "submitted_on", "2017-05-19", NULL);
  n->task = joinery_test_create (db, "task", "title", "Chase the monitoring report",
                                 "due_on", "2017-06-30", "assignee", "Amara Ashcombe",
                                 "record", "organisation:Leeds City Council", NULL);
}

/* Nothing to undo */

static void
test_nothing_to_undo (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  assert_labels (tdb->db, NULL, NULL);

  g_assert_false (joinery_db_undo (tdb->db, &label, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_assert_cmpstr (error->message, ==, "there is nothing to undo");
  g_assert_null (label);
  g_clear_error (&error);

  g_assert_false (joinery_db_redo (tdb->db, &label, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_REDO);
  g_assert_cmpstr (error->message, ==, "there is nothing to redo");
  g_assert_null (label);
}

/* Create, update, delete */

static void
test_restores_create (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = NULL;
  gint64 id;

  joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  before = dump_records (tdb->db);
  id = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", "job_title", "Integration Lead",
                            "organisation", "Leeds City Council", "consent_to_contact", "yes",
                            "consent_recorded_on", "2017-05-19", NULL);
  after = dump_records (tdb->db);
  g_assert_cmpstr (before, !=, after);
  assert_labels (tdb->db, "Add person “Amara Ashcombe”", NULL);

  assert_undo (tdb->db, "Add person “Amara Ashcombe”");
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
  g_assert_false (joinery_db_exists (tdb->db, joinery_kind_lookup ("person"), id));
  assert_labels (tdb->db, "Add organisation “Leeds City Council”", "Add person “Amara Ashcombe”");
  joinery_test_assert_check_clean (tdb->db);

  assert_redo (tdb->db, "Add person “Amara Ashcombe”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, after);
  g_assert_true (joinery_db_exists (tdb->db, joinery_kind_lookup ("person"), id));
  assert_labels (tdb->db, "Add person “Amara Ashcombe”", NULL);
  joinery_test_assert_check_clean (tdb->db);
}

static void
test_restores_update (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) grant = NULL;
  g_autoptr(JoineryRecord) task = NULL;
  g_autofree char *d0 = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  g_autofree char *now = NULL;
  Network n;

  make_network (tdb->db, &n);
  d0 = dump_records (tdb->db);

  /* Text, money (one set, one changed), choice, dates and a reference. */
  update_record (tdb->db, "grant", n.grant,
                 "title", "Lunch club and befriending",
                 "applicant", "Bradford Care Trust",
                 "amount_requested", "15,000",
                 "amount_awarded", "14,250.50",
                 "status", "awarded",
                 "awarded_on", "2017-07-01",
                 "starts_on", "2017-09-01",
                 "ends_on", "2018-08-31",
                 "description", "Two years of lunch clubs", NULL);
  d1 = dump_records (tdb->db);
  g_assert_cmpstr (d1, !=, d0);
  grant = joinery_db_get (tdb->db, joinery_kind_lookup ("grant"), n.grant, &error);
  g_assert_no_error (error);
  g_assert_cmpint (joinery_record_get_integer (grant, "amount_awarded"), ==, 1425050);
  g_clear_object (&grant);

  /* A link to another kind of record, a date and a reference. */
  update_record (tdb->db, "task", n.task,
                 "record", "person:Bram Dunmore",
                 "due_on", "2017-07-14",
                 "assignee", "Bram Dunmore", NULL);
  d2 = dump_records (tdb->db);
  g_assert_cmpstr (d2, !=, d1);
  assert_labels (tdb->db, "Change task “Chase the monitoring report”", NULL);

  assert_undo (tdb->db, "Change task “Chase the monitoring report”");
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d1);
  task = joinery_db_get (tdb->db, joinery_kind_lookup ("task"), n.task, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_record_get_link_kind (task, "record"), ==, "organisation");
  g_assert_cmpint (joinery_record_get_integer (task, "record"), ==, n.leeds);
  g_assert_cmpint (joinery_record_get_integer (task, "assignee"), ==, n.person);
  joinery_test_assert_check_clean (tdb->db);

  assert_undo (tdb->db, "Change grant “Lunch club”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d0);
  grant = joinery_db_get (tdb->db, joinery_kind_lookup ("grant"), n.grant, &error);
  g_assert_no_error (error);
  g_assert_cmpint (joinery_record_get_integer (grant, "amount_requested"), ==, 1234567);
  g_assert_true (joinery_record_is_null (grant, "amount_awarded"));
  g_assert_cmpint (joinery_record_get_integer (grant, "applicant"), ==, n.leeds);
  g_assert_cmpstr (joinery_record_get_text (grant, "status"), ==, "submitted");
  g_assert_true (joinery_record_is_null (grant, "awarded_on"));
  joinery_test_assert_check_clean (tdb->db);

  assert_redo (tdb->db, "Change grant “Lunch club”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d1);
  assert_redo (tdb->db, "Change task “Chase the monitoring report”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d2);
  joinery_test_assert_check_clean (tdb->db);
}

static void
test_restores_stage_change (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = NULL;
  gint64 project;

  project = joinery_test_create (tdb->db, "project", "name", "Harbour Steps", "stage", "idea",
                                 "stage_since", "2016-01-04", NULL);
  before = dump_records (tdb->db);

  /* The project's rule adds to its stage history in the same step. */
  update_record (tdb->db, "project", project, "stage", "pilot", "stage_since", "2016-09-01", NULL);
  after = dump_records (tdb->db);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM project_stages"), ==, 2);

  assert_undo (tdb->db, "Change project “Harbour Steps”");
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM project_stages"), ==, 1);
  joinery_test_assert_check_clean (tdb->db);

  assert_redo (tdb->db, "Change project “Harbour Steps”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, after);
  joinery_test_assert_check_clean (tdb->db);
}

static void
test_restores_delete_with_cascade (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = NULL;
  gint64 project;

  joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  project = joinery_test_create (tdb->db, "project", "name", "Harbour Steps",
                                 "summary", "Social prescribing for the over-sixties",
                                 "lead_organisation", "Leeds City Council",
                                 "stage", "idea", "stage_since", "2016-01-04", NULL);
  update_record (tdb->db, "project", project, "stage", "pilot", "stage_since", "2016-09-01", NULL);
  update_record (tdb->db, "project", project, "stage", "established", "stage_since", "2017-10-02", NULL);
  joinery_test_create (tdb->db, "note", "record", "project:Harbour Steps",
                       "body", "Evaluation report due in the spring", NULL);
  joinery_test_create (tdb->db, "tag", "record", "project:Harbour Steps", "name", "Prevention", NULL);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM project_stages"), ==, 3);

  before = dump_records (tdb->db);
  delete_record (tdb->db, "project", project);
  after = dump_records (tdb->db);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM projects"), ==, 0);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM project_stages"), ==, 0);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM notes"), ==, 0);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM tags"), ==, 0);
  assert_labels (tdb->db, "Delete project “Harbour Steps”", NULL);
  joinery_test_assert_check_clean (tdb->db);

  /* The whole cascade is one step. */
  assert_undo (tdb->db, "Delete project “Harbour Steps”");
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
  assert_labels (tdb->db, "Add tag “prevention”", "Delete project “Harbour Steps”");
  joinery_test_assert_check_clean (tdb->db);

  assert_redo (tdb->db, "Delete project “Harbour Steps”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, after);
  joinery_test_assert_check_clean (tdb->db);
}

static void
test_restores_delete_with_notes_and_tags (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = NULL;
  gint64 person;

  person = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe",
                                "email", "amara@example.org", "phone", "0113 496 0000", NULL);
  joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  joinery_test_create (tdb->db, "note", "record", "person:Amara Ashcombe",
                       "body", "Met at the Calderbrook learning event.\nKeen to host a visit.",
                       "author", "Bram Dunmore", NULL);
  joinery_test_create (tdb->db, "note", "record", "person:Bram Dunmore", "body", "Not this one", NULL);
  joinery_test_create (tdb->db, "tag", "record", "person:Amara Ashcombe", "name", "speaker", NULL);
  joinery_test_create (tdb->db, "tag", "record", "person:Amara Ashcombe", "name", "carer", NULL);

  before = dump_records (tdb->db);
  delete_record (tdb->db, "person", person);
  after = dump_records (tdb->db);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM notes"), ==, 1);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM tags"), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "calderbrook", "note", 1), ==, 0);

  assert_undo (tdb->db, "Delete person “Amara Ashcombe”");
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
  g_assert_cmpuint (count_hits (tdb->db, "calderbrook", "note", 1), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "speaker", "tag", 1), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "ashcombe", "person", person), ==, 1);
  joinery_test_assert_check_clean (tdb->db);

  assert_redo (tdb->db, "Delete person “Amara Ashcombe”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, after);
  g_assert_cmpuint (count_hits (tdb->db, "calderbrook", "note", 1), ==, 0);
  joinery_test_assert_check_clean (tdb->db);
}

/* Several steps */

static void
test_steps_in_order (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  char *dumps[5];
  const char *labels[5] = {
    NULL,
    "Add person “Amara Ashcombe”",
    "Change person “Amara Ashcombe”",
    "Add person “Bram Dunmore”",
    "Delete person “Amara Ashcombe-Hale”",
  };
  gint64 amara;

  dumps[0] = dump_records (tdb->db);
  amara = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  dumps[1] = dump_records (tdb->db);
  update_record (tdb->db, "person", amara, "name", "Amara Ashcombe-Hale", "job_title", "Integration Lead", NULL);
  dumps[2] = dump_records (tdb->db);
  joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  dumps[3] = dump_records (tdb->db);
  delete_record (tdb->db, "person", amara);
  dumps[4] = dump_records (tdb->db);

  for (guint i = 4; i > 0; i--)
    {
      g_autofree char *now = NULL;

      assert_labels (tdb->db, labels[i], i < 4 ? labels[i + 1] : NULL);
      assert_undo (tdb->db, labels[i]);
      now = dump_records (tdb->db);
      g_assert_cmpstr (now, ==, dumps[i - 1]);
      joinery_test_assert_check_clean (tdb->db);
    }
  assert_labels (tdb->db, NULL, labels[1]);
  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_assert_cmpstr (error->message, ==, "there is nothing to undo");
  g_clear_error (&error);

  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *now = NULL;

      assert_labels (tdb->db, labels[i - 1], labels[i]);
      assert_redo (tdb->db, labels[i]);
      now = dump_records (tdb->db);
      g_assert_cmpstr (now, ==, dumps[i]);
      joinery_test_assert_check_clean (tdb->db);
    }
  assert_labels (tdb->db, labels[4], NULL);
  g_assert_false (joinery_db_redo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_REDO);
  g_assert_cmpstr (error->message, ==, "there is nothing to redo");

  for (guint i = 0; i < G_N_ELEMENTS (dumps); i++)
    g_free (dumps[i]);
}

static void
test_new_change_discards_redo (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  assert_undo (tdb->db, "Add person “Bram Dunmore”");
  assert_undo (tdb->db, "Add person “Amara Ashcombe”");
  assert_labels (tdb->db, NULL, "Add person “Amara Ashcombe”");

  joinery_test_create (tdb->db, "person", "name", "Cerys Dacre", NULL);
  assert_labels (tdb->db, "Add person “Cerys Dacre”", NULL);
  g_assert_false (joinery_db_redo (tdb->db, &label, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_REDO);
  g_assert_cmpstr (error->message, ==, "there is nothing to redo");
  g_assert_null (label);
  g_clear_error (&error);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM people"), ==, 1);

  /* Undo now goes back past the new change only. */
  assert_undo (tdb->db, "Add person “Cerys Dacre”");
  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
}

/* Change groups */

static void
test_group_is_one_step (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = NULL;
  gint64 person;

  joinery_test_create (tdb->db, "area", "name", "Calderbrook", NULL);
  before = dump_records (tdb->db);

  g_assert_true (joinery_db_begin (tdb->db, "Set up the Harbour Steps pilot", JOINERY_GROUP_DEFAULT, &error));
  g_assert_no_error (error);
  joinery_test_create (tdb->db, "organisation", "name", "Calderbrook Carers", "kind", "voluntary",
                       "area", "Calderbrook", NULL);
  /* A nested group belongs to the outer one. */
  g_assert_true (joinery_db_begin (tdb->db, "Inner", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (tdb->db, "project", "name", "Harbour Steps",
                       "lead_organisation", "Calderbrook Carers", "stage_since", "2017-01-09", NULL);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_db_in_group (tdb->db));
  person = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  update_record (tdb->db, "person", person, "organisation", "Calderbrook Carers", NULL);
  /* A refused operation leaves the group usable. */
  g_assert_false (joinery_db_delete (tdb->db, joinery_kind_lookup ("area"), 1, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_IN_USE);
  g_assert_cmpstr (error->message, ==, "cannot delete area “Calderbrook”: it is still referred to by 1 organisation");
  g_clear_error (&error);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  g_assert_false (joinery_db_in_group (tdb->db));
  after = dump_records (tdb->db);

  assert_labels (tdb->db, "Set up the Harbour Steps pilot", NULL);
  assert_undo (tdb->db, "Set up the Harbour Steps pilot");
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
  assert_labels (tdb->db, "Add area “Calderbrook”", "Set up the Harbour Steps pilot");
  joinery_test_assert_check_clean (tdb->db);

  assert_redo (tdb->db, "Set up the Harbour Steps pilot");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, after);
  joinery_test_assert_check_clean (tdb->db);
}

static void
test_empty_group_leaves_no_step (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) person = NULL;
  gint64 groups;
  gint64 id;

  id = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  groups = query_int (tdb->db, "SELECT count(*) FROM change_groups");
  g_assert_cmpint (groups, ==, 1);

  /* A group with nothing in it. */
  g_assert_true (joinery_db_begin (tdb->db, "Nothing at all", JOINERY_GROUP_DEFAULT, &error));
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);

  /* A group whose only operation failed. */
  g_assert_true (joinery_db_begin (tdb->db, "Nothing that worked", JOINERY_GROUP_DEFAULT, &error));
  g_assert_cmpint (joinery_test_try_create (tdb->db, &error, "person", "name", "Bram Dunmore",
                                            "email", "not an address", NULL), ==, 0);
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "email: is not an email address");
  g_clear_error (&error);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);

  /* An update that changes no value. */
  person = joinery_db_get (tdb->db, joinery_kind_lookup ("person"), id, &error);
  g_assert_no_error (error);
  g_assert_true (joinery_db_update (tdb->db, person, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM change_groups"), ==, groups);
  assert_labels (tdb->db, "Add person “Amara Ashcombe”", NULL);
  assert_undo (tdb->db, "Add person “Amara Ashcombe”");
  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
}

static void
test_rollback_leaves_no_step (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  before = dump_records (tdb->db);

  g_assert_true (joinery_db_begin (tdb->db, "Abandoned", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  joinery_db_rollback (tdb->db);
  g_assert_false (joinery_db_in_group (tdb->db));

  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
  assert_labels (tdb->db, "Add person “Amara Ashcombe”", NULL);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, 1);
}

/* An operation that fails after it has written (a cascade refused half
 * way) is taken back whole, inside a group and outside. */
static void
test_failed_operation_in_group (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *d0 = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *now = NULL;
  gint64 project, audit_rows;

  project = joinery_test_create (tdb->db, "project", "name", "Harbour Steps", "stage", "idea",
                                 "stage_since", "2016-01-04", NULL);
  update_record (tdb->db, "project", project, "stage", "pilot", "stage_since", "2016-09-01", NULL);
  /* A task about the second stage keeps that stage, and so the project, from going. */
  joinery_test_create (tdb->db, "task", "title", "Write up the pilot", "record", "project_stage:2", NULL);
  d0 = dump_records (tdb->db);
  audit_rows = query_int (tdb->db, "SELECT count(*) FROM audit");

  g_assert_false (joinery_db_delete (tdb->db, joinery_kind_lookup ("project"), project, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_IN_USE);
  g_assert_cmpstr (error->message, ==, "cannot delete project stage “Harbour Steps: pilot from 2016-09-01”: it is still referred to by 1 task");
  g_clear_error (&error);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d0);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, audit_rows);
  assert_labels (tdb->db, "Add task “Write up the pilot”", NULL);

  g_assert_true (joinery_db_begin (tdb->db, "Tidy up", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  g_assert_false (joinery_db_delete (tdb->db, joinery_kind_lookup ("project"), project, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_IN_USE);
  g_assert_cmpstr (error->message, ==, "cannot delete project stage “Harbour Steps: pilot from 2016-09-01”: it is still referred to by 1 task");
  g_clear_error (&error);
  joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  d1 = dump_records (tdb->db);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM project_stages"), ==, 2);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, audit_rows + 2);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit WHERE action = 'delete'"), ==, 0);
  joinery_test_assert_check_clean (tdb->db);

  assert_undo (tdb->db, "Tidy up");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d0);
  assert_redo (tdb->db, "Tidy up");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d1);
  joinery_test_assert_check_clean (tdb->db);
}

/* A group whose changes cancel out (a record added and removed again)
 * changed nothing: it must not cut off the undo history before it. */
static void
test_net_empty_group_keeps_history (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *d0 = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *now = NULL;
  g_autofree char *undo_label = NULL;
  gint64 id;

  d0 = dump_records (tdb->db);
  joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  d1 = dump_records (tdb->db);

  g_assert_true (joinery_db_begin (tdb->db, "Add and remove Bram", JOINERY_GROUP_DEFAULT, &error));
  id = joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  g_assert_true (joinery_db_delete (tdb->db, joinery_kind_lookup ("person"), id, &error));
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d1);
  /* Both writes are in the audit trail all the same. */
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, 3);

  undo_label = joinery_db_dup_undo_label (tdb->db);
  g_assert_cmpstr (undo_label, ==, "Add person “Amara Ashcombe”");
  assert_undo (tdb->db, "Add person “Amara Ashcombe”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d0);
  joinery_test_assert_check_clean (tdb->db);
}

/* The undo history keeps the latest 200 steps: counted in steps, whatever
 * else has come and gone. */
static void
test_depth (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  guint undone = 0;

  for (guint i = 1; i <= 210; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %u", i);
      joinery_test_create (tdb->db, "person", "name", name, NULL);
    }
  while (joinery_db_undo (tdb->db, NULL, &error))
    undone++;
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);
  g_assert_cmpuint (undone, ==, 200);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM people"), ==, 10);
  g_assert_cmpint (query_int (tdb->db, "SELECT max(id) FROM people"), ==, 10);
  joinery_test_db_free (g_steal_pointer (&tdb));

  /* 200 steps, 150 of them undone, then a new one: 51 steps are left, and
   * every one of them can still be undone. */
  tdb = joinery_test_db_new ();
  for (guint i = 1; i <= 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %u", i);
      joinery_test_create (tdb->db, "person", "name", name, NULL);
    }
  for (guint i = 0; i < 150; i++)
    g_assert_true (joinery_db_undo (tdb->db, NULL, NULL));
  joinery_test_create (tdb->db, "person", "name", "Newcomer", NULL);
  undone = 0;
  while (joinery_db_undo (tdb->db, NULL, &error))
    undone++;
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_assert_cmpuint (undone, ==, 51);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM people"), ==, 0);
}

static void
test_labels (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  gint64 person, attendance;
  const char *expected[] = {
    "Add person “Amara Ashcombe”",
    "Add event “Learning Together”",
    /* Records named by the records they link are named in their steps too. */
    "Add attendance “Amara Ashcombe at Learning Together”",
    "Add note “Asked about step-free access”",
    "Change attendance “Amara Ashcombe at Learning Together”",
    /* A change is named by what the record was called before it. */
    "Change person “Amara Ashcombe”",
    "Book the speakers",
    "Delete attendance “Amara Ashcombe-Hale at Learning Together”",
    "Delete person “Amara Ashcombe-Hale”",
  };

  person = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  joinery_test_create (tdb->db, "event", "name", "Learning Together", "starts_on", "2017-05-19", NULL);
  attendance = joinery_test_create (tdb->db, "attendance", "event", "Learning Together",
                                    "person", "Amara Ashcombe", NULL);
  joinery_test_create (tdb->db, "note", "record", "person:Amara Ashcombe",
                       "body", "Asked about step-free access", NULL);
  update_record (tdb->db, "attendance", attendance, "role", "speaker", NULL);
  update_record (tdb->db, "person", person, "name", "Amara Ashcombe-Hale", NULL);
  g_assert_true (joinery_db_begin (tdb->db, "Book the speakers", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  delete_record (tdb->db, "attendance", attendance);
  delete_record (tdb->db, "person", person);

  for (guint i = G_N_ELEMENTS (expected); i > 0; i--)
    {
      assert_labels (tdb->db, expected[i - 1], i < G_N_ELEMENTS (expected) ? expected[i] : NULL);
      assert_undo (tdb->db, expected[i - 1]);
    }
  assert_labels (tdb->db, NULL, expected[0]);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM people"), ==, 0);
}

/* Bulk work is all or nothing: an operation that fails once it has begun
 * writing spoils the group, and commit refuses it. One refused before it
 * wrote anything does not. */
static void
test_no_undo_group_all_or_nothing (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  gint64 project, audit_rows;

  project = joinery_test_create (tdb->db, "project", "name", "Harbour Steps", "stage", "idea",
                                 "stage_since", "2016-01-04", NULL);
  update_record (tdb->db, "project", project, "stage", "pilot", "stage_since", "2016-09-01", NULL);
  joinery_test_create (tdb->db, "task", "title", "Write up the pilot", "record", "project_stage:2", NULL);
  before = dump_records (tdb->db);
  audit_rows = query_int (tdb->db, "SELECT count(*) FROM audit");

  /* Refused by validation: the group goes on. */
  g_assert_true (joinery_db_begin (tdb->db, "Import", JOINERY_GROUP_NO_UNDO, &error));
  joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  g_assert_cmpint (joinery_test_try_create (tdb->db, &error, "person", "name", "Bram Dunmore",
                                            "email", "bram", NULL), ==, 0);
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "email: is not an email address");
  g_clear_error (&error);
  joinery_test_create (tdb->db, "person", "name", "Cerys Dacre", NULL);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM people"), ==, 2);
  g_free (before);
  before = dump_records (tdb->db);
  audit_rows = query_int (tdb->db, "SELECT count(*) FROM audit");

  /* Failed half-way (the cascade meets the task): nothing is kept. */
  g_assert_true (joinery_db_begin (tdb->db, "Import", JOINERY_GROUP_NO_UNDO, &error));
  joinery_test_create (tdb->db, "person", "name", "Dilys Elland", NULL);
  g_assert_false (joinery_db_delete (tdb->db, joinery_kind_lookup ("project"), project, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_IN_USE);
  g_assert_cmpstr (error->message, ==, "cannot delete project stage “Harbour Steps: pilot from 2016-09-01”: it is still referred to by 1 task");
  g_clear_error (&error);
  g_assert_cmpint (joinery_test_try_create (tdb->db, &error, "person", "name", "Eamon Fawcett", NULL), ==, 0);
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "an earlier change in this group failed; it must be abandoned");
  g_clear_error (&error);
  g_assert_false (joinery_db_commit (tdb->db, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "a change in this group failed half-way; nothing was saved");
  g_clear_error (&error);
  g_assert_false (joinery_db_in_group (tdb->db));

  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, audit_rows);
  joinery_test_assert_check_clean (tdb->db);

  /* And the database takes the next change as usual. */
  joinery_test_create (tdb->db, "person", "name", "Fenwick Garside", NULL);
  assert_labels (tdb->db, "Add person “Fenwick Garside”", NULL);
}

static void
test_survives_reopen (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *d0 = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  g_autofree char *now = NULL;
  gint64 id;

  d0 = dump_records (tdb->db);
  id = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  d1 = dump_records (tdb->db);
  update_record (tdb->db, "person", id, "name", "Amara Ashcombe-Hale", NULL);
  d2 = dump_records (tdb->db);

  /* A later run of the program. */
  g_clear_object (&tdb->db);
  tdb->db = joinery_db_open (tdb->path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  joinery_db_set_source (tdb->db, "test");

  assert_labels (tdb->db, "Change person “Amara Ashcombe”", NULL);
  assert_undo (tdb->db, "Change person “Amara Ashcombe”");
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d1);

  /* And the one after that still can redo. */
  g_clear_object (&tdb->db);
  tdb->db = joinery_db_open (tdb->path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  assert_labels (tdb->db, "Add person “Amara Ashcombe”", "Change person “Amara Ashcombe”");
  assert_undo (tdb->db, "Add person “Amara Ashcombe”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d0);
  assert_redo (tdb->db, "Add person “Amara Ashcombe”");
  assert_redo (tdb->db, "Change person “Amara Ashcombe”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, d2);
  joinery_test_assert_check_clean (tdb->db);
}

static void
test_no_undo_group_ends_history (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);

  g_assert_true (joinery_db_begin (tdb->db, "Import people", JOINERY_GROUP_NO_UNDO, &error));
  g_assert_no_error (error);
  joinery_test_create (tdb->db, "person", "name", "Cerys Dacre", NULL);
  joinery_test_create (tdb->db, "person", "name", "Dilys Elland", NULL);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);

  /* Neither the bulk work nor what came before it can be undone, and
   * nothing is kept for undoing it. */
  assert_labels (tdb->db, NULL, NULL);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM change_groups WHERE changeset IS NOT NULL"),
                   ==, 0);
  before = dump_records (tdb->db);
  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_assert_cmpstr (error->message, ==, "there is nothing to undo");
  g_clear_error (&error);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);

  /* It is still audited. */
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit WHERE action = 'create' "
                                       "AND json_extract(after, '$.name') = 'Dilys Elland'"), ==, 1);

  /* A change after it is undoable, and undo stops there. */
  joinery_test_create (tdb->db, "person", "name", "Eamon Fawcett", NULL);
  assert_labels (tdb->db, "Add person “Eamon Fawcett”", NULL);
  assert_undo (tdb->db, "Add person “Eamon Fawcett”");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM people"), ==, 4);
}

/* Refusals */

static void
test_conflict_leaves_database_unchanged (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  gint64 audit_rows;
  gint64 id;

  id = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  update_record (tdb->db, "person", id, "name", "Amara Ashcombe-Hale", NULL);

  /* Another program changes the same row behind the core's back. */
  exec_sql (tdb->db, "UPDATE people SET name = 'Amara Hale' WHERE id = 1");
  before = dump_records (tdb->db);
  audit_rows = query_int (tdb->db, "SELECT count(*) FROM audit");

  g_assert_false (joinery_db_undo (tdb->db, &label, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==,
                   "cannot undo “Change person “Amara Ashcombe””: the records it changed "
                   "have been changed since");
  g_assert_null (label);
  g_clear_error (&error);

  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, audit_rows);
  assert_labels (tdb->db, "Change person “Amara Ashcombe”", NULL);
  g_assert_false (joinery_db_in_group (tdb->db));

  /* The same for redo. */
  exec_sql (tdb->db, "UPDATE people SET name = 'Amara Ashcombe-Hale' WHERE id = 1");
  assert_undo (tdb->db, "Change person “Amara Ashcombe”");
  exec_sql (tdb->db, "UPDATE people SET name = 'Amara A.' WHERE id = 1");
  g_free (before);
  before = dump_records (tdb->db);
  g_assert_false (joinery_db_redo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==,
                   "cannot redo “Change person “Amara Ashcombe””: the records it changed "
                   "have been changed since");
  g_clear_error (&error);
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
  assert_labels (tdb->db, "Add person “Amara Ashcombe”", "Change person “Amara Ashcombe”");

  /* The row removed behind the core's back. */
  id = joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  update_record (tdb->db, "person", id, "name", "Bram Dunmore-Hale", NULL);
  exec_sql (tdb->db, "DELETE FROM people WHERE name = 'Bram Dunmore-Hale'");
  g_free (before);
  before = dump_records (tdb->db);
  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==,
                   "cannot undo “Change person “Bram Dunmore””: the records it changed "
                   "have been changed since");
  g_clear_error (&error);
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);

  /* A row put where undo would put one back. */
  id = joinery_test_create (tdb->db, "person", "name", "Cerys Dacre", NULL);
  delete_record (tdb->db, "person", id);
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO people (id, created_at, updated_at, name) "
                                            "VALUES (%" G_GINT64_FORMAT ", '2017-01-01T00:00:00Z', "
                                            "'2017-01-01T00:00:00Z', 'Someone Else')", id);
    exec_sql (tdb->db, sql);
  }
  g_free (before);
  before = dump_records (tdb->db);
  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==,
                   "cannot undo “Delete person “Cerys Dacre””: the records it changed "
                   "have been changed since");
  g_free (now);
  now = dump_records (tdb->db);
  g_assert_cmpstr (now, ==, before);
}

static void
test_refused_inside_group (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  assert_undo (tdb->db, "Add person “Amara Ashcombe”");
  joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  assert_undo (tdb->db, "Add person “Bram Dunmore”");

  g_assert_true (joinery_db_begin (tdb->db, "Add Cerys", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (tdb->db, "person", "name", "Cerys Dacre", NULL);

  g_assert_false (joinery_db_undo (tdb->db, &label, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "cannot undo or redo while a change is being made");
  g_assert_null (label);
  g_clear_error (&error);
  g_assert_false (joinery_db_redo (tdb->db, &label, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "cannot undo or redo while a change is being made");
  g_clear_error (&error);

  /* The group is still open and whole. */
  g_assert_true (joinery_db_in_group (tdb->db));
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM people"), ==, 1);
  assert_labels (tdb->db, "Add Cerys", NULL);
}

static void
test_ids_not_reused (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  gint64 first, second;

  first = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  assert_undo (tdb->db, "Add person “Amara Ashcombe”");
  second = joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  g_assert_cmpint (second, >, first);
  g_assert_false (joinery_db_exists (tdb->db, joinery_kind_lookup ("person"), first));

  /* Also after the undone create was the latest id of its table. */
  assert_undo (tdb->db, "Add person “Bram Dunmore”");
  g_assert_cmpint (joinery_test_create (tdb->db, "person", "name", "Cerys Dacre", NULL), >, second);
}

/* Audit trail */

static void
test_audit_rows (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autofree char *row = NULL;
  Network n;
  gint64 id, group;

  joinery_db_set_source (tdb->db, "gui");
  make_network (tdb->db, &n);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, 9);

  /* Create. */
  id = joinery_test_create (tdb->db, "person", "name", "Cerys Dacre", "job_title", "Social Worker",
                            "organisation", "Bradford Care Trust", NULL);
  group = query_int (tdb->db, "SELECT max(id) FROM change_groups");
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit WHERE change_group = "
                                       "(SELECT max(id) FROM change_groups)"), ==, 1);
  row = query_text (tdb->db,
                    "SELECT action || '|' || kind || '|' || record_id || '|' || source || '|' || "
                    "change_group || '|' || quote(before) || '|' || json_extract(after, '$.name') || "
                    "'|' || json_extract(after, '$.job_title') || '|' || "
                    "json_extract(after, '$.organisation_id') || '|' || json_extract(after, '$.id') "
                    "FROM audit ORDER BY id DESC LIMIT 1");
  {
    g_autofree char *expected = g_strdup_printf ("create|person|%" G_GINT64_FORMAT "|gui|%" G_GINT64_FORMAT
                                                 "|NULL|Cerys Dacre|Social Worker|%" G_GINT64_FORMAT
                                                 "|%" G_GINT64_FORMAT,
                                                 id, group, n.bradford, id);
    g_assert_cmpstr (row, ==, expected);
  }

  /* Update: money in pence, dates, references, before and after. */
  joinery_db_set_source (tdb->db, "plugin:grant-monitoring");
  update_record (tdb->db, "grant", n.grant, "status", "awarded", "awarded_on", "2017-07-01",
                 "amount_awarded", "£10,000", "applicant", "Bradford Care Trust", NULL);
  group = query_int (tdb->db, "SELECT max(id) FROM change_groups");
  g_free (row);
  row = query_text (tdb->db,
                    "SELECT action || '|' || kind || '|' || record_id || '|' || source || '|' || "
                    "change_group || '|' || json_extract(before, '$.status') || '>' || "
                    "json_extract(after, '$.status') || '|' || "
                    "quote(json_extract(before, '$.amount_awarded')) || '>' || "
                    "json_extract(after, '$.amount_awarded') || '|' || "
                    "json_extract(before, '$.amount_requested') || '>' || "
                    "json_extract(after, '$.amount_requested') || '|' || "
                    "quote(json_extract(before, '$.awarded_on')) || '>' || "
                    "json_extract(after, '$.awarded_on') || '|' || "
                    "json_extract(before, '$.applicant_id') || '>' || "
                    "json_extract(after, '$.applicant_id') "
                    "FROM audit ORDER BY id DESC LIMIT 1");
  {
    g_autofree char *expected = g_strdup_printf ("update|grant|%" G_GINT64_FORMAT
                                                 "|plugin:grant-monitoring|%" G_GINT64_FORMAT
                                                 "|submitted>awarded|NULL>1000000|1234567>1234567"
                                                 "|NULL>2017-07-01|%" G_GINT64_FORMAT ">%" G_GINT64_FORMAT,
                                                 n.grant, group, n.leeds, n.bradford);
    g_assert_cmpstr (row, ==, expected);
  }

  /* A link, in the audit as its two columns. */
  update_record (tdb->db, "task", n.task, "record", "person:Bram Dunmore", NULL);
  g_free (row);
  row = query_text (tdb->db,
                    "SELECT json_extract(before, '$.record_kind') || ':' || "
                    "json_extract(before, '$.record_id') || '>' || "
                    "json_extract(after, '$.record_kind') || ':' || json_extract(after, '$.record_id') "
                    "FROM audit ORDER BY id DESC LIMIT 1");
  {
    g_autofree char *expected = g_strdup_printf ("organisation:%" G_GINT64_FORMAT ">person:%" G_GINT64_FORMAT,
                                                 n.leeds, n.other_person);
    g_assert_cmpstr (row, ==, expected);
  }

  /* Delete. */
  joinery_db_set_source (tdb->db, "cli");
  delete_record (tdb->db, "person", id);
  group = query_int (tdb->db, "SELECT max(id) FROM change_groups");
  g_free (row);
  row = query_text (tdb->db,
                    "SELECT action || '|' || kind || '|' || record_id || '|' || source || '|' || "
                    "change_group || '|' || json_extract(before, '$.name') || '|' || "
                    "json_extract(before, '$.job_title') || '|' || quote(after) "
                    "FROM audit ORDER BY id DESC LIMIT 1");
  {
    g_autofree char *expected = g_strdup_printf ("delete|person|%" G_GINT64_FORMAT "|cli|%" G_GINT64_FORMAT
                                                 "|Cerys Dacre|Social Worker|NULL", id, group);
    g_assert_cmpstr (row, ==, expected);
  }
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, 13);
}

static void
test_audit_group_and_cascade (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *actions = NULL;
  gint64 project, group;

  g_assert_true (joinery_db_begin (tdb->db, "Add a project", JOINERY_GROUP_DEFAULT, &error));
  project = joinery_test_create (tdb->db, "project", "name", "Harbour Steps", "stage", "pilot",
                                 "stage_since", "2017-03-01", NULL);
  joinery_test_create (tdb->db, "note", "record", "project:Harbour Steps", "body", "Promising", NULL);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  group = query_int (tdb->db, "SELECT max(id) FROM change_groups");

  /* Every write of the group is audited under the group, the stage history
   * written by the project's rule included. */
  actions = query_text (tdb->db, "SELECT group_concat(action || ' ' || kind || ' ' || change_group, ', ') "
                                 "FROM (SELECT * FROM audit ORDER BY id)");
  {
    g_autofree char *expected = g_strdup_printf ("create project %1$" G_GINT64_FORMAT
                                                 ", create project_stage %1$" G_GINT64_FORMAT
                                                 ", create note %1$" G_GINT64_FORMAT, group);
    g_assert_cmpstr (actions, ==, expected);
  }

  delete_record (tdb->db, "project", project);
  group = query_int (tdb->db, "SELECT max(id) FROM change_groups");
  g_free (actions);
  actions = query_text (tdb->db, "SELECT group_concat(action || ' ' || kind, ', ') "
                                 "FROM (SELECT * FROM audit WHERE id > 3 ORDER BY id)");
  g_assert_cmpstr (actions, ==, "delete project_stage, delete note, delete project");
  g_assert_cmpint (query_int (tdb->db, "SELECT count(DISTINCT change_group) FROM audit WHERE id > 3"), ==, 1);
  g_assert_cmpint (query_int (tdb->db, "SELECT min(change_group) FROM audit WHERE id > 3"), ==, group);
}

/* Every column of every record equals the after image of its latest
 * audit row (an empty column may be left out of it). */
static void
assert_audit_matches_tables (JoineryDb *db)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  sqlite3 *handle = joinery_db_get_handle (db);

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autofree char *info = g_strdup_printf ("SELECT name FROM pragma_table_info('%s')", kinds[k]->table);
      sqlite3_stmt *stmt = NULL;
      guint n_columns = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (handle, info, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *column = (const char *) sqlite3_column_text (stmt, 0);
          g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s t JOIN audit a ON a.id = "
                                                  "(SELECT max(id) FROM audit WHERE kind = '%s' AND "
                                                  "record_id = t.id) WHERE json_extract(a.after, '$.%s') "
                                                  "IS NOT t.%s",
                                                  kinds[k]->table, kinds[k]->name, column, column);
          g_autofree char *unaudited = g_strdup_printf ("SELECT count(*) FROM %s t WHERE NOT EXISTS "
                                                        "(SELECT 1 FROM audit WHERE kind = '%s' AND "
                                                        "record_id = t.id AND after IS NOT NULL)",
                                                        kinds[k]->table, kinds[k]->name);

          g_test_message ("audit of %s.%s", kinds[k]->table, column);
          g_assert_cmpint (query_int (db, sql), ==, 0);
          g_assert_cmpint (query_int (db, unaudited), ==, 0);
          n_columns++;
        }
      sqlite3_finalize (stmt);
      g_assert_cmpuint (n_columns, >, 3);
    }
}

static void
test_audit_images_match_records (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  const char *body = "Said: \"call me\" \\ back\n\tafter\x01 the café ✓ 😀";
  g_autofree char *stored = NULL;
  gint64 note, measurement;
  Network n;

  /* A whole generated network, every kind in it, then hand-made oddities. */
  g_assert_true (joinery_generate (tdb->db, 300, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  make_network (tdb->db, &n);
  note = joinery_test_create (tdb->db, "note", "record", "person:Amara Ashcombe", "body", body, NULL);
  joinery_test_create (tdb->db, "indicator", "name", "Odd values", "unit", "ratio", "direction", "higher", NULL);
  measurement = joinery_test_create (tdb->db, "measurement", "indicator", "Odd values", "area", "West Yorkshire",
                                     "period_start", "2019-04-01", "period_end", "2019-06-30",
                                     "value", "0.1", NULL);
  joinery_test_create (tdb->db, "measurement", "indicator", "Odd values", "area", "West Yorkshire",
                       "period_start", "2019-07-01", "period_end", "2019-09-30", "value", "1e-7", NULL);
  joinery_test_create (tdb->db, "measurement", "indicator", "Odd values", "area", "West Yorkshire",
                       "period_start", "2019-10-01", "period_end", "2019-12-31",
                       "value", "-123456789.123456789", NULL);
  update_record (tdb->db, "measurement", measurement, "value", "0.30000000000000004", NULL);
  update_record (tdb->db, "grant", n.grant, "amount_requested", "0.01", "description", "Tab\there", NULL);
  update_record (tdb->db, "person", n.person, "consent_to_contact", "yes", "job_title", "", NULL);

  stored = query_text (tdb->db, "SELECT json_extract(after, '$.body') FROM audit WHERE kind = 'note' "
                                "ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (stored, ==, body);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit WHERE NOT json_valid(after) "
                                       "OR NOT json_valid(coalesce(before, '{}'))"), ==, 0);
  assert_audit_matches_tables (tdb->db);

  /* Also for what undo and redo write. */
  assert_undo (tdb->db, "Change person “Amara Ashcombe”");
  assert_undo (tdb->db, "Change grant “Lunch club”");
  assert_audit_matches_tables (tdb->db);
  assert_redo (tdb->db, "Change grant “Lunch club”");
  assert_audit_matches_tables (tdb->db);
  g_assert_true (joinery_db_delete (tdb->db, joinery_kind_lookup ("note"), note, &error));
  g_assert_no_error (error);
  assert_undo (tdb->db, "Delete note “Said: \"call me\" \\ back\n\tafter\x01 the café ✓ 😀”");
  assert_audit_matches_tables (tdb->db);
}

static void
test_audit_failed_write (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) person = NULL;
  gint64 id;

  id = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, 1);

  /* An invalid create. */
  g_assert_cmpint (joinery_test_try_create (tdb->db, &error, "person", "name", "Bram Dunmore",
                                            "email", "bram-at-example.org", NULL), ==, 0);
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "email: is not an email address");
  g_assert_cmpstr (joinery_validation_error_get_field (error), ==, "email");
  g_clear_error (&error);

  /* An invalid update. */
  person = joinery_db_get (tdb->db, joinery_kind_lookup ("person"), id, &error);
  g_assert_no_error (error);
  joinery_record_set_text (person, "consent_recorded_on", "2017-02-30");
  g_assert_false (joinery_db_update (tdb->db, person, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "consent_recorded_on: is not a real date");
  g_clear_error (&error);

  /* A delete that is refused. */
  joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (tdb->db, "person", "name", "Cerys Dacre", "organisation", "Leeds City Council", NULL);
  g_assert_false (joinery_db_delete (tdb->db, joinery_kind_lookup ("organisation"), 1, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_IN_USE);
  g_assert_cmpstr (error->message, ==, "cannot delete organisation “Leeds City Council”: "
                                       "it is still referred to by 1 person");
  g_clear_error (&error);

  /* A failure inside a group leaves the rest of the group audited. */
  g_assert_true (joinery_db_begin (tdb->db, "Two people", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (tdb->db, "person", "name", "Dilys Elland", NULL);
  g_assert_cmpint (joinery_test_try_create (tdb->db, &error, "person", "name", "Eamon Fawcett",
                                            "phone", "call me", NULL), ==, 0);
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "phone: is not a telephone number");
  g_clear_error (&error);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, 4);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit WHERE "
                                       "json_extract(after, '$.name') IN ('Bram Dunmore', 'Eamon Fawcett')"),
                   ==, 0);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit WHERE action <> 'create'"), ==, 0);
}

static void
test_audit_undo_redo (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autofree char *row = NULL;
  gint64 id, create_group, update_group;

  joinery_db_set_source (tdb->db, "gui");
  id = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  create_group = query_int (tdb->db, "SELECT max(id) FROM change_groups");
  update_record (tdb->db, "person", id, "name", "Amara Ashcombe-Hale", NULL);
  update_group = query_int (tdb->db, "SELECT max(id) FROM change_groups");
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, 2);

#define LAST_AUDIT \
  "SELECT action || '|' || kind || '|' || record_id || '|' || source || '|' || change_group || '|' || " \
  "coalesce(json_extract(before, '$.name'), '-') || '>' || coalesce(json_extract(after, '$.name'), '-') " \
  "FROM audit ORDER BY id DESC LIMIT 1"

  /* Undoing an update audits an update back. */
  assert_undo (tdb->db, "Change person “Amara Ashcombe”");
  row = query_text (tdb->db, LAST_AUDIT);
  {
    g_autofree char *expected = g_strdup_printf ("update|person|%" G_GINT64_FORMAT "|gui (undo)|%" G_GINT64_FORMAT
                                                 "|Amara Ashcombe-Hale>Amara Ashcombe", id, update_group);
    g_assert_cmpstr (row, ==, expected);
  }

  /* Undoing a create audits a delete. */
  assert_undo (tdb->db, "Add person “Amara Ashcombe”");
  g_free (row);
  row = query_text (tdb->db, LAST_AUDIT);
  {
    g_autofree char *expected = g_strdup_printf ("delete|person|%" G_GINT64_FORMAT "|gui (undo)|%" G_GINT64_FORMAT
                                                 "|Amara Ashcombe>-", id, create_group);
    g_assert_cmpstr (row, ==, expected);
  }
  g_free (row);
  row = query_text (tdb->db, "SELECT quote(after) FROM audit ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (row, ==, "NULL");

  /* Redoing it audits a create, with the source that redid it. */
  joinery_db_set_source (tdb->db, "cli");
  assert_redo (tdb->db, "Add person “Amara Ashcombe”");
  g_free (row);
  row = query_text (tdb->db, LAST_AUDIT);
  {
    g_autofree char *expected = g_strdup_printf ("create|person|%" G_GINT64_FORMAT "|cli (redo)|%" G_GINT64_FORMAT
                                                 "|->Amara Ashcombe", id, create_group);
    g_assert_cmpstr (row, ==, expected);
  }
  assert_redo (tdb->db, "Change person “Amara Ashcombe”");
  g_free (row);
  row = query_text (tdb->db, LAST_AUDIT);
  {
    g_autofree char *expected = g_strdup_printf ("update|person|%" G_GINT64_FORMAT "|cli (redo)|%" G_GINT64_FORMAT
                                                 "|Amara Ashcombe>Amara Ashcombe-Hale", id, update_group);
    g_assert_cmpstr (row, ==, expected);
  }
#undef LAST_AUDIT

  /* One audit row for each undo and redo, and the source is as it was. */
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit"), ==, 6);
  g_assert_cmpstr (joinery_db_get_source (tdb->db), ==, "cli");
  joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  g_free (row);
  row = query_text (tdb->db, "SELECT source FROM audit ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (row, ==, "cli");
}

static void
test_audit_undo_cascade (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autofree char *actions = NULL;
  gint64 project, first;

  project = joinery_test_create (tdb->db, "project", "name", "Harbour Steps", "stage_since", "2017-03-01", NULL);
  joinery_test_create (tdb->db, "tag", "record", "project:Harbour Steps", "name", "prevention", NULL);
  delete_record (tdb->db, "project", project);
  first = query_int (tdb->db, "SELECT max(id) FROM audit") + 1;

  assert_undo (tdb->db, "Delete project “Harbour Steps”");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT group_concat(action || ' ' || kind || ' ' || source, ', ') "
                                            "FROM (SELECT * FROM audit WHERE id >= %" G_GINT64_FORMAT
                                            " ORDER BY kind)", first);
    actions = query_text (tdb->db, sql);
  }
  g_assert_cmpstr (actions, ==, "create project test (undo), create project_stage test (undo), "
                                "create tag test (undo)");
}

static void
test_audit_append_only (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  sqlite3 *handle = joinery_db_get_handle (tdb->db);
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  const char *tampering[] = {
    "UPDATE audit SET source = 'someone else'",
    "UPDATE audit SET after = NULL WHERE id = 1",
    "DELETE FROM audit",
    "DELETE FROM audit WHERE id = 1",
  };

  joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  before = query_text (tdb->db, "SELECT group_concat(id || action || source || after) FROM audit");

  for (guint i = 0; i < G_N_ELEMENTS (tampering); i++)
    {
      int rc = sqlite3_exec (handle, tampering[i], NULL, NULL, NULL);
      g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
      g_assert_cmpstr (sqlite3_errmsg (handle), ==, "the audit trail is append-only");
    }
  now = query_text (tdb->db, "SELECT group_concat(id || action || source || after) FROM audit");
  g_assert_cmpstr (now, ==, before);
}

/* Search */

static void
test_search_follows_undo_redo (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  gint64 id;

  id = joinery_test_create (tdb->db, "organisation", "name", "Tinkerbrook Carers", "kind", "voluntary",
                            "description", "Runs a lunch club in Millbeck", NULL);
  update_record (tdb->db, "organisation", id, "name", "Quillmere Carers",
                 "description", "Runs a lunch club in Oakmere", NULL);
  g_assert_cmpuint (count_hits (tdb->db, "tinkerbrook", "organisation", id), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "quillmere", "organisation", id), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "millbeck", "organisation", id), ==, 0);

  /* Undo the rename: the old name is found again, the new one not. */
  assert_undo (tdb->db, "Change organisation “Tinkerbrook Carers”");
  g_assert_cmpuint (count_hits (tdb->db, "tinkerbrook", "organisation", id), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "millbeck", "organisation", id), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "quillmere", "organisation", id), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "oakmere", "organisation", id), ==, 0);
  joinery_test_assert_check_clean (tdb->db);

  assert_redo (tdb->db, "Change organisation “Tinkerbrook Carers”");
  g_assert_cmpuint (count_hits (tdb->db, "tinkerbrook", "organisation", id), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "quillmere", "organisation", id), ==, 1);
  joinery_test_assert_check_clean (tdb->db);

  /* Undo a delete: the record is found again. */
  delete_record (tdb->db, "organisation", id);
  g_assert_cmpuint (count_hits (tdb->db, "quillmere", "organisation", id), ==, 0);
  joinery_test_assert_check_clean (tdb->db);
  assert_undo (tdb->db, "Delete organisation “Quillmere Carers”");
  g_assert_cmpuint (count_hits (tdb->db, "quillmere", "organisation", id), ==, 1);
  joinery_test_assert_check_clean (tdb->db);
  assert_redo (tdb->db, "Delete organisation “Quillmere Carers”");
  g_assert_cmpuint (count_hits (tdb->db, "quillmere", "organisation", id), ==, 0);
  joinery_test_assert_check_clean (tdb->db);

  /* Undo a create: the record is no longer found. */
  assert_undo (tdb->db, "Delete organisation “Quillmere Carers”");
  assert_undo (tdb->db, "Change organisation “Tinkerbrook Carers”");
  assert_undo (tdb->db, "Add organisation “Tinkerbrook Carers”");
  g_assert_cmpuint (count_hits (tdb->db, "tinkerbrook", "organisation", id), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "millbeck", "organisation", id), ==, 0);
  joinery_test_assert_check_clean (tdb->db);
}

/* A group that wrote nothing (an import whose every row was refused, say)
 * leaves no trace: no group in the history, and above all a bulk group
 * that wrote nothing does not end the undo history before it. */
static void
test_empty_group_leaves_no_trace (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  gint64 groups;

  joinery_test_create (tdb->db, "area", "name", "Craven", NULL);
  joinery_test_create (tdb->db, "area", "name", "Bradford", NULL);
  groups = query_int (tdb->db, "SELECT count(*) FROM change_groups");
  g_assert_cmpint (groups, ==, 2);

  g_assert_true (joinery_db_begin (tdb->db, "Import", JOINERY_GROUP_NO_UNDO, &error));
  g_assert_cmpint (joinery_test_try_create (tdb->db, &error, "area", "name", "", NULL), ==, 0);
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);

  g_assert_true (joinery_db_begin (tdb->db, "Nothing", JOINERY_GROUP_DEFAULT, &error));
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM change_groups"), ==, groups);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM change_groups WHERE changeset IS NULL"), ==, 0);
  g_assert_true (joinery_db_undo (tdb->db, &label, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (label, ==, "Add area “Bradford”");
  g_clear_pointer (&label, g_free);
  g_assert_true (joinery_db_undo (tdb->db, &label, &error));
  g_assert_cmpstr (label, ==, "Add area “Craven”");
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM areas"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/undo/nothing-to-undo", test_nothing_to_undo);
  g_test_add_func ("/core/undo/restores-create", test_restores_create);
  g_test_add_func ("/core/undo/restores-update", test_restores_update);
  g_test_add_func ("/core/undo/restores-stage-change", test_restores_stage_change);
  g_test_add_func ("/core/undo/restores-delete-with-cascade", test_restores_delete_with_cascade);
  g_test_add_func ("/core/undo/restores-delete-with-notes-and-tags", test_restores_delete_with_notes_and_tags);
  g_test_add_func ("/core/undo/steps-in-order", test_steps_in_order);
  g_test_add_func ("/core/undo/labels", test_labels);
  g_test_add_func ("/core/undo/new-change-discards-redo", test_new_change_discards_redo);
  g_test_add_func ("/core/undo/group-is-one-step", test_group_is_one_step);
  g_test_add_func ("/core/undo/empty-group-leaves-no-step", test_empty_group_leaves_no_step);
  g_test_add_func ("/core/undo/rollback-leaves-no-step", test_rollback_leaves_no_step);
  g_test_add_func ("/core/undo/failed-operation-in-group", test_failed_operation_in_group);
  g_test_add_func ("/core/undo/net-empty-group-keeps-history", test_net_empty_group_keeps_history);
  g_test_add_func ("/core/undo/depth", test_depth);
  g_test_add_func ("/core/undo/survives-reopen", test_survives_reopen);
  g_test_add_func ("/core/undo/no-undo-group-ends-history", test_no_undo_group_ends_history);
  g_test_add_func ("/core/undo/no-undo-group-all-or-nothing", test_no_undo_group_all_or_nothing);
  g_test_add_func ("/core/undo/empty-group-leaves-no-trace", test_empty_group_leaves_no_trace);
  g_test_add_func ("/core/undo/conflict-leaves-database-unchanged", test_conflict_leaves_database_unchanged);
  g_test_add_func ("/core/undo/refused-inside-group", test_refused_inside_group);
  g_test_add_func ("/core/undo/ids-not-reused", test_ids_not_reused);
  g_test_add_func ("/core/undo/audit-rows", test_audit_rows);
  g_test_add_func ("/core/undo/audit-group-and-cascade", test_audit_group_and_cascade);
  g_test_add_func ("/core/undo/audit-images-match-records", test_audit_images_match_records);
  g_test_add_func ("/core/undo/audit-failed-write", test_audit_failed_write);
  g_test_add_func ("/core/undo/audit-undo-redo", test_audit_undo_redo);
  g_test_add_func ("/core/undo/audit-undo-cascade", test_audit_undo_cascade);
  g_test_add_func ("/core/undo/audit-append-only", test_audit_append_only);
  g_test_add_func ("/core/undo/search-follows-undo-redo", test_search_follows_undo_redo);

  return g_test_run ();
}
