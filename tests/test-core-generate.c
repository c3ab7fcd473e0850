/* test-core-generate.c: the synthetic network of joinery-generate.c.
 *
 * Covers: joinery_generate() with 500 people and seed 3 writes exactly
 * what joinery_generate_plan() says, kind by kind (project partners at
 * most their plan, as a partner that would repeat the lead or the other
 * partner is left out; one stage history row per project; three themes per
 * fund); every record it writes passes the core's validation and the
 * whole file passes joinery_db_check(); the same seed gives the same
 * network in another file, row for row and column for column, timestamps
 * apart, and the same audit trail; another seed gives other names; bulk
 * work cannot be undone and ends the undo history before it; contact
 * details are fictional (example.org, Ofcom's drama numbers); progress is
 * reported to the end.
 */
#include "joinery-test-util.h"
#include "joinery-generate.h"
#include "joinery-value.h"

#include <string.h>

#define PEOPLE 500
#define SEED 3

/* One generated network, shared by the tests that only read it. */
static JoineryTestDb *shared;

static JoineryTestDb *
generate_new (guint64 people, guint32 seed)
{
  JoineryTestDb *tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_generate (tdb->db, people, seed, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (joinery_db_in_group (tdb->db));
  return tdb;
}

static JoineryDb *
shared_db (void)
{
  if (shared == NULL)
    shared = generate_new (PEOPLE, SEED);
  return shared->db;
}

static gint64
count_kind (JoineryDb *db, const char *kind_name)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (joinery_db_count (db, joinery_kind_lookup (kind_name), NULL, &n, &error));
  g_assert_no_error (error);
  return n;
}

static gint64
raw_int (JoineryDb *db, const char *sql)
{
  sqlite3 *handle = joinery_db_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Counts */

static void
test_plan (void)
{
  JoineryGenerateCounts c;

  /* The proportions, for 500 people and for a million. */
  joinery_generate_plan (PEOPLE, &c);
  g_assert_cmpuint (c.people, ==, 500);
  g_assert_cmpuint (c.areas, ==, 45);
  g_assert_cmpuint (c.organisations, ==, 50);
  g_assert_cmpuint (c.groups, ==, 3);
  g_assert_cmpuint (c.group_members, ==, 30);
  g_assert_cmpuint (c.themes, ==, 8);
  g_assert_cmpuint (c.projects, ==, 5);
  g_assert_cmpuint (c.project_partners, ==, 10);
  g_assert_cmpuint (c.funds, ==, 1);
  g_assert_cmpuint (c.rounds, ==, 4);
  g_assert_cmpuint (c.grants, ==, 10);
  g_assert_cmpuint (c.events, ==, 5);
  g_assert_cmpuint (c.sessions, ==, 15);
  g_assert_cmpuint (c.attendances, ==, 500);
  g_assert_cmpuint (c.indicators, ==, 6);
  g_assert_cmpuint (c.measurements, ==, 120);
  g_assert_cmpuint (c.awards, ==, 1);
  g_assert_cmpuint (c.award_winners, ==, 3);
  g_assert_cmpuint (c.tasks, ==, 5);
  g_assert_cmpuint (c.notes, ==, 5);
  g_assert_cmpuint (c.tags, ==, 10);

  joinery_generate_plan (1000000, &c);
  g_assert_cmpuint (c.people, ==, 1000000);
  g_assert_cmpuint (c.organisations, ==, 100000);
  g_assert_cmpuint (c.grants, ==, 10000);
  g_assert_cmpuint (c.attendances, ==, 1000000);
  g_assert_cmpuint (c.areas, ==, 1 + 4 + 10 + 50 * 6);
}

static void
test_counts (void)
{
  JoineryDb *db = shared_db ();
  JoineryGenerateCounts c;
  const struct { const char *kind; guint64 *planned; } planned[] = {
    { "area", &c.areas },
    { "organisation", &c.organisations },
    { "person", &c.people },
    { "group", &c.groups },
    { "group_member", &c.group_members },
    { "theme", &c.themes },
    { "project", &c.projects },
    { "fund", &c.funds },
    { "round", &c.rounds },
    { "grant", &c.grants },
    { "event", &c.events },
    { "session", &c.sessions },
    { "attendance", &c.attendances },
    { "indicator", &c.indicators },
    { "measurement", &c.measurements },
    { "award", &c.awards },
    { "award_winner", &c.award_winners },
    { "task", &c.tasks },
    { "note", &c.notes },
    { "tag", &c.tags },
  };
  gint64 partners;

  joinery_generate_plan (PEOPLE, &c);
  for (guint i = 0; i < G_N_ELEMENTS (planned); i++)
    {
      g_test_message ("%s", planned[i].kind);
      g_assert_cmpint (count_kind (db, planned[i].kind), ==, (gint64) *planned[i].planned);
    }

  /* A partner that would repeat the project's lead, or its other partner,
   * is left out: at most the plan, and some. */
  partners = count_kind (db, "project_partner");
  g_assert_cmpint (partners, >, 0);
  g_assert_cmpint (partners, <=, (gint64) c.project_partners);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM project_partners pp JOIN projects p "
                                "ON p.id = pp.project_id WHERE pp.organisation_id = p.lead_organisation_id"),
                   ==, 0);

  /* Each project's stage history starts with its current stage. */
  g_assert_cmpint (count_kind (db, "project_stage"), ==, (gint64) c.projects);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM projects p JOIN project_stages s "
                                "ON s.project_id = p.id AND s.stage = p.stage AND s.started_on = p.stage_since"),
                   ==, (gint64) c.projects);

  /* Three themes per fund; no project themes. */
  g_assert_cmpint (count_kind (db, "fund_theme"), ==, 3 * (gint64) c.funds);
  g_assert_cmpint (count_kind (db, "project_theme"), ==, 0);

  /* Every record written is in the audit trail, as a creation. */
  {
    const JoineryKind * const *kinds = joinery_kinds ();
    gint64 total = 0;

    for (guint k = 0; kinds[k] != NULL; k++)
      total += count_kind (db, kinds[k]->name);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM audit WHERE action = 'create'"), ==, total);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM audit"), ==, total);
  }
}

/* Validity */

static void
test_valid (void)
{
  JoineryDb *db = shared_db ();
  const JoineryKind * const *kinds = joinery_kinds ();
  g_autoptr(GError) error = NULL;
  guint n_grants = 0;

  joinery_test_assert_check_clean (db);

  /* Every record, read back, passes the same validation as a new one. */
  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autoptr(GPtrArray) records = joinery_db_list (db, kinds[k], NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (records);
      for (guint i = 0; i < records->len; i++)
        {
          JoineryRecord *record = records->pdata[i];
          g_autoptr(GError) invalid = NULL;

          if (!joinery_db_validate (db, record, &invalid))
            g_error ("%s #%" G_GINT64_FORMAT ": %s", kinds[k]->name,
                     joinery_record_get_id (record), invalid->message);
          if (strcmp (kinds[k]->name, "grant") == 0)
            n_grants++;
        }
    }
  g_assert_cmpuint (n_grants, ==, 10);

  /* Awarded and completed grants have what the rules ask of them; the
   * others have no amount awarded. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM grants WHERE status IN ('awarded', 'completed') "
                                "AND (awarded_on IS NULL OR amount_awarded IS NULL)"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM grants WHERE status NOT IN ('awarded', 'completed') "
                                "AND amount_awarded IS NOT NULL"), ==, 0);
}

/* The audit trail holds each record as JSON, which SQLite's own JSON
 * functions (and anyone reading the trail) must be able to read. */
static void
test_audit_json (void)
{
  JoineryDb *db = shared_db ();
  gint64 n_rows = raw_int (db, "SELECT count(*) FROM audit");
  gint64 n_bad = raw_int (db, "SELECT count(*) FROM audit WHERE (after IS NOT NULL AND NOT json_valid(after)) "
                              "OR (before IS NOT NULL AND NOT json_valid(before))");

  g_assert_cmpint (n_rows, >, 1000);
  g_assert_cmpint (n_bad, ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM audit WHERE json_extract(after, '$.id') IS NOT record_id"),
                   ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM audit WHERE kind = 'person' "
                                "AND json_extract(after, '$.email') NOT LIKE '%@example.org'"), ==, 0);
}

/* Reproducibility */

/* Every kind's rows, every column but the timestamps, in id order; and the
 * audit trail without its times. */
static char *
dump (JoineryDb *db)
{
  sqlite3 *handle = joinery_db_get_handle (db);
  const JoineryKind * const *kinds = joinery_kinds ();
  GString *out = g_string_new (NULL);

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT id");
      g_autofree char *info = g_strdup_printf ("SELECT name FROM pragma_table_info('%s') ORDER BY cid",
                                               kinds[k]->table);
      sqlite3_stmt *stmt = NULL;
      guint n_columns = 0;
      int rc;

      g_assert_cmpint (sqlite3_prepare_v2 (handle, info, -1, &stmt, NULL), ==, SQLITE_OK);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *column = (const char *) sqlite3_column_text (stmt, 0);
          if (strcmp (column, "id") == 0 || strcmp (column, "created_at") == 0 ||
              strcmp (column, "updated_at") == 0)
            continue;
          g_string_append_printf (sql, ", %s", column);
          n_columns++;
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      g_assert_cmpuint (n_columns, >=, kinds[k]->n_fields);
      g_string_append_printf (sql, " FROM %s ORDER BY id", kinds[k]->table);

      g_string_append_printf (out, "[%s]\n", kinds[k]->table);
      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              if (c > 0)
                g_string_append_c (out, '|');
              joinery_test_append_sql_value (out, stmt, c);
            }
          g_string_append_c (out, '\n');
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }

  {
    /* The records' images in the audit trail carry their timestamps: those
     * are taken out as text, whatever else the JSON holds. */
    static const char *audit =
      "SELECT change_group, kind, record_id, action, before, after, source FROM audit ORDER BY id";
    g_autoptr(GRegex) stamps = g_regex_new ("\"(created_at|updated_at)\":\"[^\"]*\"", 0, 0, NULL);
    sqlite3_stmt *stmt = NULL;
    int rc;

    g_string_append (out, "[audit]\n");
    g_assert_cmpint (sqlite3_prepare_v2 (handle, audit, -1, &stmt, NULL), ==, SQLITE_OK);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        for (int c = 0; c < 7; c++)
          {
            const char *text = (const char *) sqlite3_column_text (stmt, c);
            g_autofree char *plain = text != NULL ? g_regex_replace_literal (stamps, text, -1, 0, "\"@\":0", 0, NULL)
                                                  : g_strdup ("NULL");
            g_string_append_printf (out, "%s%s", c > 0 ? "|" : "", plain);
          }
        g_string_append_c (out, '\n');
      }
    g_assert_cmpint (rc, ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
  }
  return g_string_free (out, FALSE);
}

static void
assert_same_text (const char *a, const char *b)
{
  if (strcmp (a, b) != 0)
    {
      gsize i = 0;
      gsize line_start = 0;

      while (a[i] == b[i])
        {
          if (a[i] == '\n')
            line_start = i + 1;
          i++;
        }
      g_autofree char *line_a = g_strndup (a + line_start, 200);
      g_autofree char *line_b = g_strndup (b + line_start, 200);
      g_autofree char *escaped_a = g_strescape (line_a, NULL);
      g_autofree char *escaped_b = g_strescape (line_b, NULL);

      g_test_message ("first difference at byte %" G_GSIZE_FORMAT ": \"%s\" against \"%s\"",
                      i, escaped_a, escaped_b);
    }
  g_assert_true (strcmp (a, b) == 0);
}

static void
test_same_seed (void)
{
  g_autoptr(JoineryTestDb) other = generate_new (PEOPLE, SEED);
  g_autofree char *a = dump (shared_db ());
  g_autofree char *b = dump (other->db);

  g_assert_cmpuint (strlen (a), >, 100000);
  assert_same_text (a, b);

  /* The same change groups, their times apart. */
  g_assert_cmpint (raw_int (shared_db (), "SELECT count(*) FROM change_groups"), ==,
                   raw_int (other->db, "SELECT count(*) FROM change_groups"));
}

static void
test_other_seed (void)
{
  g_autoptr(JoineryTestDb) other = generate_new (PEOPLE, SEED + 1);
  sqlite3 *a = joinery_db_get_handle (shared_db ());
  sqlite3_stmt *stmt = NULL;
  gint64 people_differ, orgs_differ, projects_differ;

  /* The same shape… */
  g_assert_cmpint (count_kind (other->db, "person"), ==, PEOPLE);
  g_assert_cmpint (count_kind (other->db, "organisation"), ==, count_kind (shared_db (), "organisation"));

  /* …with other names: compare person by person, through a copy of the
   * other file's names in a temporary table. */
  g_assert_cmpint (sqlite3_exec (a, "CREATE TEMP TABLE other_names (kind TEXT, id INTEGER, name TEXT)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (a, "INSERT INTO temp.other_names VALUES (?1, ?2, ?3)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  {
    static const char * const kinds[] = { "person", "organisation", "project" };
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) records = joinery_db_list (other->db, joinery_kind_lookup (kinds[k]), NULL, &error);
        g_assert_no_error (error);
        for (guint i = 0; i < records->len; i++)
          {
            sqlite3_bind_text (stmt, 1, kinds[k], -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 2, joinery_record_get_id (records->pdata[i]));
            sqlite3_bind_text (stmt, 3, joinery_record_get_text (records->pdata[i], "name"), -1, SQLITE_TRANSIENT);
            g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
            sqlite3_reset (stmt);
          }
      }
  }
  sqlite3_finalize (stmt);

  people_differ = raw_int (shared_db (), "SELECT count(*) FROM people p JOIN temp.other_names o "
                                         "ON o.kind = 'person' AND o.id = p.id WHERE o.name <> p.name");
  orgs_differ = raw_int (shared_db (), "SELECT count(*) FROM organisations p JOIN temp.other_names o "
                                       "ON o.kind = 'organisation' AND o.id = p.id WHERE o.name <> p.name");
  projects_differ = raw_int (shared_db (), "SELECT count(*) FROM projects p JOIN temp.other_names o "
                                           "ON o.kind = 'project' AND o.id = p.id WHERE o.name <> p.name");
  g_test_message ("names that differ: %" G_GINT64_FORMAT " people, %" G_GINT64_FORMAT
                  " organisations, %" G_GINT64_FORMAT " projects",
                  people_differ, orgs_differ, projects_differ);
  /* With 40 first names and 38 surnames, nearly every one. */
  g_assert_cmpint (people_differ, >, PEOPLE * 9 / 10);
  g_assert_cmpint (orgs_differ, >, 25);
  g_assert_cmpint (projects_differ, >, 0);
  g_assert_cmpint (sqlite3_exec (a, "DROP TABLE temp.other_names", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Undo */

static void
test_not_undoable (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  gint64 before_id;
  gint64 n_people;

  /* A change before the bulk work is undoable… */
  before_id = joinery_test_create (tdb->db, "person", "name", "Amara Ridgestone", NULL);
  label = joinery_db_dup_undo_label (tdb->db);
  g_assert_cmpstr (label, ==, "Add person “Amara Ridgestone”");
  g_clear_pointer (&label, g_free);

  g_assert_true (joinery_generate (tdb->db, 200, SEED, NULL, NULL, &error));
  g_assert_no_error (error);
  n_people = count_kind (tdb->db, "person");
  g_assert_cmpint (n_people, ==, 201);

  /* …but not after it: the bulk work is not undoable, and undoing across
   * it could not be trusted. */
  g_assert_null (joinery_db_dup_undo_label (tdb->db));
  g_assert_false (joinery_db_undo (tdb->db, &label, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_assert_cmpstr (error->message, ==, "there is nothing to undo");
  g_assert_null (label);
  g_clear_error (&error);
  g_assert_cmpint (count_kind (tdb->db, "person"), ==, n_people);
  g_assert_true (joinery_db_exists (tdb->db, joinery_kind_lookup ("person"), before_id));
  g_assert_cmpint (raw_int (tdb->db, "SELECT count(*) FROM change_groups WHERE changeset IS NOT NULL"), ==, 0);

  /* A change after it is undoable, and undoing it undoes only that. */
  joinery_test_create (tdb->db, "person", "name", "Gethin Ashcombe", NULL);
  g_assert_true (joinery_db_undo (tdb->db, &label, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (label, ==, "Add person “Gethin Ashcombe”");
  g_assert_cmpint (count_kind (tdb->db, "person"), ==, n_people);
  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
}

static void
test_shared_not_undoable (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (joinery_db_undo (shared_db (), NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_assert_null (joinery_db_dup_undo_label (shared_db ()));
}

/* Contact details */

static void
test_contact_details (void)
{
  JoineryDb *db = shared_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = joinery_db_list (db, joinery_kind_lookup ("person"), NULL, &error);
  g_autoptr(GHashTable) emails = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_cmpuint (people->len, ==, PEOPLE);
  for (guint i = 0; i < people->len; i++)
    {
      JoineryRecord *person = people->pdata[i];
      const char *email = joinery_record_get_text (person, "email");
      const char *phone = joinery_record_get_text (person, "phone");

      g_assert_nonnull (email);
      g_assert_true (g_str_has_suffix (email, "@example.org"));
      g_assert_null (joinery_check_email (email));
      g_assert_false (g_hash_table_contains (emails, email));
      g_hash_table_add (emails, (gpointer) email);

      g_assert_nonnull (phone);
      g_assert_true (g_str_has_prefix (phone, "01632 960"));
      g_assert_cmpuint (strlen (phone), ==, strlen ("01632 960123"));
      g_assert_true (g_ascii_isdigit (phone[9]) && g_ascii_isdigit (phone[10]) && g_ascii_isdigit (phone[11]));
      g_assert_null (joinery_check_phone (phone));
    }

  /* Nothing anywhere else with a real address. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM organisations WHERE email IS NOT NULL "
                                "AND email NOT LIKE '%@example.org'"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM organisations WHERE phone IS NOT NULL "
                                "AND phone NOT LIKE '01632 960%'"), ==, 0);
}

static void
test_person_names (void)
{
  JoineryDb *db = shared_db ();
  static const guint64 samples[] = { 0, 1, 17, 250, PEOPLE - 1 };

  /* The n-th person generated is the one the benchmarks name. */
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JoineryRecord) person = NULL;
      g_autofree char *suffix = g_strdup_printf (".%" G_GUINT64_FORMAT "@example.org", samples[i] + 1);

      joinery_generate_person_name (samples[i], SEED, &name, &email);
      g_assert_true (g_str_has_suffix (email, suffix));
      person = joinery_db_get (db, joinery_kind_lookup ("person"), (gint64) samples[i] + 1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (joinery_record_get_text (person, "name"), ==, name);
      g_assert_cmpstr (joinery_record_get_text (person, "email"), ==, email);
    }
}

/* Progress */

typedef struct {
  guint   calls;
  guint64 last_done;
  guint64 total;
} Progress;

static void
progress_cb (guint64 done, guint64 total, gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, progress->last_done);
  if (progress->calls > 0)
    g_assert_cmpuint (total, ==, progress->total);
  progress->calls++;
  progress->last_done = done;
  progress->total = total;
}

static void
test_progress (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  Progress progress = { 0, 0, 0 };
  JoineryGenerateCounts c;
  guint64 planned = 0;

  joinery_generate_plan (6000, &c);
  for (guint i = 0; i < sizeof c / sizeof (guint64); i++)
    planned += ((guint64 *) &c)[i];

  g_assert_true (joinery_generate (tdb->db, 6000, SEED, progress_cb, &progress, &error));
  g_assert_no_error (error);
  /* At least one report on the way (every few thousand records), and one
   * at the end. */
  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_cmpuint (progress.total, ==, planned);
  g_assert_cmpuint (progress.last_done, ==, planned);
  g_assert_cmpint (count_kind (tdb->db, "person"), ==, 6000);
}

int
main (int argc, char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("JOINERY_TODAY", "2017-05-19", TRUE);

  g_test_add_func ("/core/generate/plan", test_plan);
  g_test_add_func ("/core/generate/counts", test_counts);
  g_test_add_func ("/core/generate/valid", test_valid);
  g_test_add_func ("/core/generate/audit-json", test_audit_json);
  g_test_add_func ("/core/generate/same-seed", test_same_seed);
  g_test_add_func ("/core/generate/other-seed", test_other_seed);
  g_test_add_func ("/core/generate/not-undoable", test_not_undoable);
  g_test_add_func ("/core/generate/shared-not-undoable", test_shared_not_undoable);
  g_test_add_func ("/core/generate/contact-details", test_contact_details);
  g_test_add_func ("/core/generate/person-names", test_person_names);
  g_test_add_func ("/core/generate/progress", test_progress);

  result = g_test_run ();
  g_clear_pointer (&shared, joinery_test_db_free);
  return result;
}
