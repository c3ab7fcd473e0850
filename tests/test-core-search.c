/* test-core-search.c: full-text search across every kind of record.
 *
 * What a person types into the search box must find the record it names,
 * from any searchable field of any searchable kind, as a prefix, whatever
 * its case or accents; what they type must never be read as FTS5 syntax
 * and never cause an error; the index must follow every change, and
 * joinery_db_check() must notice when it does not. The hits' labels are
 * read afresh from the records, never from the index.
 *
 * These tests go through the public API, and use raw SQL only to damage
 * the index on purpose or to count what the answer should be.
 */
#include "joinery-test-util.h"
#include "joinery-generate.h"

#include <string.h>

/* Helpers */

static const JoineryKind *
kind (const char *name)
{
  const JoineryKind *k = joinery_kind_lookup (name);

  g_assert_nonnull (k);
  return k;
}

static GPtrArray *
search (JoineryDb *db, const char *text, const char *only_kind, guint limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits;

  hits = joinery_db_search (db, text, only_kind != NULL ? kind (only_kind) : NULL, limit,
                            "[", "]", &error);
  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

/* The hits of a search as one line each: "kind #id label | snippet". The
 * index joins a record's fields with spaces, empty ones too, so runs of
 * blanks in a snippet are folded to one: where they fall is not what these
 * tests are about. */
static char *
describe_hits (GPtrArray *hits)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < hits->len; i++)
    {
      JoinerySearchHit *hit = hits->pdata[i];
      g_auto(GStrv) words = g_strsplit_set (hit->snippet, " ", -1);
      g_autoptr(GString) snippet = g_string_new (NULL);

      for (guint w = 0; words[w] != NULL; w++)
        if (*words[w] != '\0')
          g_string_append_printf (snippet, "%s%s", snippet->len > 0 ? " " : "", words[w]);
      g_string_append_printf (text, "%s #%" G_GINT64_FORMAT " %s | %s\n", hit->kind->name, hit->id,
                              hit->label, snippet->str);
    }
  return g_string_free (text, FALSE);
}

static int
compare_hit_ids (gconstpointer a, gconstpointer b)
{
  const JoinerySearchHit *x = *(JoinerySearchHit * const *) a;
  const JoinerySearchHit *y = *(JoinerySearchHit * const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/* How many hits a search gives for `kind` #id. */
static guint
count_hits (JoineryDb *db, const char *text, const char *kind_name, gint64 id)
{
  g_autoptr(GPtrArray) hits = search (db, text, NULL, 0);
  guint n = 0;

  for (guint i = 0; i < hits->len; i++)
    {
      JoinerySearchHit *hit = hits->pdata[i];
      if (g_str_equal (hit->kind->name, kind_name) && hit->id == id)
        n++;
    }
  return n;
}

/* Change fields of a record (field, value as typed, …, NULL) and write it. */
static void
update_record (JoineryDb *db, const char *kind_name, gint64 id, ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) record = joinery_db_get (db, kind (kind_name), id, &error);
  const char *field;
  va_list args;

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
exec_sql (JoineryDb *db, const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (joinery_db_get_handle (db), sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
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

/* joinery_db_check()'s problems, one a line. */
static char *
check (JoineryDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = joinery_db_check (db, FALSE, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) problems->pdata[i]);
  return g_string_free (text, FALSE);
}

/* A network with a distinctive word in each searchable field tested. */
typedef struct {
  gint64 area, bradford, cafe, cafe_plain, person, project, stage, theme, fund, round, grant,
         event, session, indicator, measurement, award, winner, task, note, tag, group;
} Network;

static void
make_network (JoineryDb *db, Network *n)
{
  n->area = joinery_test_create (db, "area", "name", "Calderbrook", "code", "E08000032", NULL);
  n->bradford = joinery_test_create (db, "organisation", "name", "Bradford Carers Trust",
                                     "kind", "voluntary", "area", "Calderbrook",
                                     "charity_number", "1122334",
                                     "description", "Runs the Tinkerbrook lunch club on Thursdays", NULL);
  n->cafe = joinery_test_create (db, "organisation", "name", "Café Connect", "kind", "social_enterprise", NULL);
  n->cafe_plain = joinery_test_create (db, "organisation", "name", "Cafe Oasis", "kind", "community_group", NULL);
  n->person = joinery_test_create (db, "person", "name", "Amara Ashcombe",
                                   "job_title", "Quillfeather Coordinator",
                                   "organisation", "Bradford Carers Trust",
                                   "email", "amara@zephyrine.example.org", NULL);
  n->project = joinery_test_create (db, "project", "name", "Harbour Steps",
                                    "summary", "Social prescribing across Marrowvale surgeries",
                                    "lead_organisation", "Bradford Carers Trust",
                                    "stage", "idea", "stage_since", "2016-01-04", NULL);
  update_record (db, "project", n->project, "stage", "pilot", "stage_since", "2016-09-01", NULL);
  n->stage = query_int (db, "SELECT max(id) FROM project_stages");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JoineryRecord) stage = joinery_db_get (db, kind ("project_stage"), n->stage, &error);
    g_assert_no_error (error);
    joinery_record_set_text (stage, "started_on", "2016-09-01");
    joinery_record_set_text (stage, "note", "Piloted in Glenmorrow practices");
    joinery_db_update (db, stage, &error);
    g_assert_no_error (error);
  }
  n->theme = joinery_test_create (db, "theme", "name", "Social isolation",
                                  "description", "Loneliness among Yarrowby residents", NULL);
  n->fund = joinery_test_create (db, "fund", "name", "Better Care Fund",
                                 "description", "Pooled Brackenfold budget", NULL);
  n->round = joinery_test_create (db, "round", "fund", "Better Care Fund", "name", "Sunderwick round",
                                  "number", "1", NULL);
  n->grant = joinery_test_create (db, "grant", "round", "Sunderwick round", "reference", "BCFX2017",
                                  "title", "Lunch club", "applicant", "Bradford Carers Trust",
                                  "description", "Funds the Wrenfold befriending service", NULL);
  n->event = joinery_test_create (db, "event", "name", "Learning Together", "starts_on", "2017-05-19",
                                  "venue", "Saltaire Victoria Hall", NULL);
  n->session = joinery_test_create (db, "session", "event", "Learning Together", "title", "Showcase",
                                    "kind", "showcase", "description", "Demonstrations of Fenwicke tools", NULL);
  n->indicator = joinery_test_create (db, "indicator", "name", "Emergency admissions", "unit", "rate",
                                      "direction", "lower",
                                      "description", "Counted by Orbleton hospitals", NULL);
  n->measurement = joinery_test_create (db, "measurement", "indicator", "Emergency admissions",
                                        "area", "Calderbrook", "period_start", "2019-04-01",
                                        "period_end", "2020-03-31", "value", "1234.5",
                                        "source", "Yorkstat quarterly return", NULL);
  n->award = joinery_test_create (db, "award", "name", "Integration Awards", "year", "2018",
                                  "category", "Kestrelmoor innovation", NULL);
  n->winner = joinery_test_create (db, "award_winner", "award", "Integration Awards",
                                   "project", "Harbour Steps", "citation", "For Thornquist outreach", NULL);
  n->task = joinery_test_create (db, "task", "title", "Chase the report",
                                 "description", "Ask Vellacott for figures", NULL);
  n->note = joinery_test_create (db, "note", "record", "organisation:Bradford Carers Trust",
                                 "body", "Spoke with the Pemberdale team about referrals", NULL);
  n->tag = joinery_test_create (db, "tag", "record", "person:Amara Ashcombe", "name", "Winterpressures", NULL);
  n->group = joinery_test_create (db, "group", "name", "Integration Board", "kind", "board",
                                  "description", "Meets at Ostlebury town hall", NULL);
}

/* Finding */

static void
test_finds_every_field (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  Network n;
  struct {
    const char *kind;
    gint64     *id;
    const char *query;
    const char *label;
    const char *marked;  /* in the snippet */
  } cases[] = {
    { "area", &n.area, "e08000032", "Calderbrook", "[E08000032]" },
    { "organisation", &n.bradford, "tinkerbrook", "Bradford Carers Trust", "[Tinkerbrook]" },
    { "organisation", &n.bradford, "1122334", "Bradford Carers Trust", "[1122334]" },
    { "person", &n.person, "quillfeather", "Amara Ashcombe", "[Quillfeather]" },
    { "person", &n.person, "zephyrine", "Amara Ashcombe", "amara@[zephyrine].example.org" },
    { "project", &n.project, "marrowvale", "Harbour Steps", "[Marrowvale]" },
    { "project_stage", &n.stage, "glenmorrow", "Harbour Steps: pilot from 2016-09-01", "[Glenmorrow]" },
    { "theme", &n.theme, "yarrowby", "Social isolation", "[Yarrowby]" },
    { "fund", &n.fund, "brackenfold", "Better Care Fund", "[Brackenfold]" },
    { "round", &n.round, "sunderwick", "Sunderwick round", "[Sunderwick]" },
    { "grant", &n.grant, "bcfx2017", "Lunch club", "[BCFX2017]" },
    { "grant", &n.grant, "wrenfold", "Lunch club", "[Wrenfold]" },
    { "event", &n.event, "saltaire", "Learning Together", "[Saltaire]" },
    { "session", &n.session, "fenwicke", "Showcase", "[Fenwicke]" },
    { "indicator", &n.indicator, "orbleton", "Emergency admissions", "[Orbleton]" },
    { "measurement", &n.measurement, "yorkstat", "Emergency admissions, 2019-04-01 to 2020-03-31",
      "[Yorkstat]" },
    { "award", &n.award, "kestrelmoor", "Integration Awards", "[Kestrelmoor]" },
    { "award_winner", &n.winner, "thornquist", "Harbour Steps, Integration Awards", "[Thornquist]" },
    { "task", &n.task, "vellacott", "Chase the report", "[Vellacott]" },
    { "note", &n.note, "pemberdale", "Spoke with the Pemberdale team about referrals", "[Pemberdale]" },
    { "tag", &n.tag, "winterpressures", "winterpressures", "[winterpressures]" },
    { "group", &n.group, "ostlebury", "Integration Board", "[Ostlebury]" },
  };

  make_network (tdb->db, &n);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) hits = search (tdb->db, cases[i].query, NULL, 0);
      g_autofree char *label = NULL;
      JoinerySearchHit *hit;

      g_test_message ("%s: %s", cases[i].kind, cases[i].query);
      g_assert_cmpuint (hits->len, ==, 1);
      hit = hits->pdata[0];
      g_assert_cmpstr (hit->kind->name, ==, cases[i].kind);
      g_assert_cmpint (hit->id, ==, *cases[i].id);
      g_assert_cmpstr (hit->label, ==, cases[i].label);
      label = joinery_db_dup_label (tdb->db, hit->kind, hit->id);
      g_assert_cmpstr (hit->label, ==, label);
      g_assert_nonnull (strstr (hit->snippet, cases[i].marked));
    }
}

static void
test_snippet_markers (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  JoinerySearchHit *hit;
  Network n;

  make_network (tdb->db, &n);

  hits = joinery_db_search (tdb->db, "tinkerbrook", NULL, 0, "<b>", "</b>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_true (g_str_has_suffix (hit->snippet, " Runs the <b>Tinkerbrook</b> lunch club on Thursdays"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Every matching word is marked. */
  hits = joinery_db_search (tdb->db, "lunch tinker", kind ("organisation"), 0, "«", "»", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_true (g_str_has_suffix (hit->snippet, " Runs the «Tinkerbrook» «lunch» club on Thursdays"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* No markers: the plain text. */
  hits = joinery_db_search (tdb->db, "tinkerbrook", NULL, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_true (g_str_has_suffix (hit->snippet, " Runs the Tinkerbrook lunch club on Thursdays"));
  g_assert_null (strchr (hit->snippet, '['));
}

static void
test_prefix_and_all_words (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GPtrArray) hits = NULL;
  JoinerySearchHit *hit;
  Network n;

  make_network (tdb->db, &n);

  hits = search (tdb->db, "bradf", NULL, 0);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_cmpstr (hit->kind->name, ==, "organisation");
  g_assert_cmpint (hit->id, ==, n.bradford);
  g_assert_cmpstr (hit->snippet, ==, "[Bradford] Carers Trust");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Every word must match, each as a prefix, in any field of the record. */
  g_assert_cmpuint (count_hits (tdb->db, "brad car", "organisation", n.bradford), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "carers tinkerbrook thurs", "organisation", n.bradford), ==, 1);
  hits = search (tdb->db, "bradford zephyrine", NULL, 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (tdb->db, "bradford carers nowhere", NULL, 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A prefix, not a substring. */
  hits = search (tdb->db, "radford", NULL, 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Words are separated by anything that is not a letter or a digit. */
  g_assert_cmpuint (count_hits (tdb->db, "bradford,carers", "organisation", n.bradford), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "  Bradford   -Carers!  ", "organisation", n.bradford), ==, 1);
}

static void
test_case_and_diacritics (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  Network n;
  const char *queries[] = { "cafe", "café", "CAFE", "CAFÉ", "Cafe\xcc\x81" /* decomposed é */ };

  make_network (tdb->db, &n);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) hits = search (tdb->db, queries[i], "organisation", 0);
      g_autofree char *found = NULL;

      /* Both rank the same: compare them in the order of their ids. */
      g_ptr_array_sort (hits, compare_hit_ids);
      found = describe_hits (hits);
      g_test_message ("query %s", queries[i]);
      g_assert_cmpstr (found, ==,
                       "organisation #2 Café Connect | [Café] Connect\n"
                       "organisation #3 Cafe Oasis | [Cafe] Oasis\n");
    }

  g_assert_cmpuint (count_hits (tdb->db, "AMARA ASHCOMBE", "person", n.person), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "Tinkerbrook", "organisation", n.bradford), ==, 1);
}

static void
test_name_ranks_first (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GPtrArray) hits = NULL;
  JoinerySearchHit *first, *second;
  gint64 named, mentioned, person;

  /* Created first, so that the order cannot come from the ids. */
  mentioned = joinery_test_create (tdb->db, "organisation", "name", "Leeds Hub", "kind", "voluntary",
                                   "description", "Works across Wakefield and Leeds with carers "
                                   "and with Wakefield schools", NULL);
  named = joinery_test_create (tdb->db, "organisation", "name", "Wakefield Carers", "kind", "voluntary", NULL);
  person = joinery_test_create (tdb->db, "person", "name", "Jo Bell", "job_title", "Wakefield lead", NULL);

  hits = search (tdb->db, "wakefield", NULL, 0);
  g_assert_cmpuint (hits->len, ==, 3);
  first = hits->pdata[0];
  g_assert_cmpstr (first->kind->name, ==, "organisation");
  g_assert_cmpint (first->id, ==, named);
  for (guint i = 1; i < hits->len; i++)
    {
      JoinerySearchHit *prev = hits->pdata[i - 1];
      JoinerySearchHit *hit = hits->pdata[i];
      g_assert_cmpfloat (prev->rank, <, hit->rank);
      g_assert_true (hit->id == mentioned || hit->id == person);
    }
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Among organisations alone, the named one still comes first. */
  hits = search (tdb->db, "wakefield carers", "organisation", 0);
  g_assert_cmpuint (hits->len, ==, 2);
  first = hits->pdata[0];
  second = hits->pdata[1];
  g_assert_cmpint (first->id, ==, named);
  g_assert_cmpint (second->id, ==, mentioned);
  g_assert_cmpfloat (first->rank, <, second->rank);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Once in a long name outweighs three times in a short description. */
  mentioned = joinery_test_create (tdb->db, "organisation", "name", "Ossett Hub", "kind", "voluntary",
                                   "description", "Rounds to Horbury Bridge, Horbury Junction and "
                                   "Horbury town", NULL);
  named = joinery_test_create (tdb->db, "organisation", "name",
                               "Horbury and District Community Transport Volunteers Association",
                               "kind", "voluntary", NULL);
  hits = search (tdb->db, "horbury", NULL, 0);
  g_assert_cmpuint (hits->len, ==, 2);
  first = hits->pdata[0];
  second = hits->pdata[1];
  g_assert_cmpint (first->id, ==, named);
  g_assert_cmpint (second->id, ==, mentioned);
  g_assert_cmpfloat (first->rank, <, second->rank);
}

static void
test_only_kind_and_limit (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GPtrArray) hits = NULL;
  gint64 org;

  org = joinery_test_create (tdb->db, "organisation", "name", "Pennyfold Surgery", "kind", "gp_practice", NULL);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %u Pennyfold", i + 1);
      joinery_test_create (tdb->db, "person", "name", name, NULL);
    }
  joinery_test_create (tdb->db, "event", "name", "Pennyfold open day", "starts_on", "2018-03-03", NULL);

  hits = search (tdb->db, "pennyfold", NULL, 0);
  g_assert_cmpuint (hits->len, ==, 7);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (tdb->db, "pennyfold", "person", 0);
  g_assert_cmpuint (hits->len, ==, 5);
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpstr (((JoinerySearchHit *) hits->pdata[i])->kind->name, ==, "person");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (tdb->db, "pennyfold", "organisation", 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((JoinerySearchHit *) hits->pdata[0])->id, ==, org);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (tdb->db, "pennyfold", "grant", 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* The limit keeps the best. */
  hits = search (tdb->db, "pennyfold", NULL, 3);
  g_assert_cmpuint (hits->len, ==, 3);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (tdb->db, "pennyfold", "person", 2);
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpstr (((JoinerySearchHit *) hits->pdata[0])->kind->name, ==, "person");
  g_assert_cmpstr (((JoinerySearchHit *) hits->pdata[1])->kind->name, ==, "person");
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (tdb->db, "pennyfold", NULL, 1);
  g_assert_cmpuint (hits->len, ==, 1);
}

/* Text that is not a query */

static void
test_odd_text_is_harmless (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  Network n;
  const char *texts[] = {
    "", "   ", "\t\n", "!!!", "\"", "\"\"", "'", "''", "AND", "OR NOT", "NOT", "NEAR(", "NEAR(a b, 2)",
    "a*b", "*", "**", "col:val", "title:bradford", "kind:person", "(((", ")))", "{title body}:x",
    "^bradford", "-bradford", "+", "bradford*", "bradford\"", "\"bradford", "a OR b", "x AND",
    "\\", "%", "_", "--", ";DROP TABLE people;", "' OR 1=1 --", "\xcc\x81", "\xcc\x81\xcc\x81 a",
    "\xe2\x80\x8b", "\xef\xbb\xbf", "\xf0\x9f\x98\x80", "\xe2\x85\xa0", "\xc2\xbd", "x\xcc\x81\xcc\x81",
  };
  /* Text with no word in it finds nothing. */
  const char *nothing[] = { "", "   ", "!!!", "\"", "(((", "*", "\\", "--", "\xf0\x9f\x98\x80" };

  make_network (tdb->db, &n);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = NULL;

      g_test_message ("text “%s”", texts[i]);
      hits = joinery_db_search (tdb->db, texts[i], NULL, 0, "[", "]", &error);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
      g_clear_pointer (&hits, g_ptr_array_unref);
      hits = joinery_db_search (tdb->db, texts[i], kind ("person"), 5, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }

  for (guint i = 0; i < G_N_ELEMENTS (nothing); i++)
    {
      g_autoptr(GPtrArray) hits = search (tdb->db, nothing[i], NULL, 0);
      g_assert_cmpuint (hits->len, ==, 0);
    }

  /* Syntax is read as words: "title:bradford" is the two words. */
  g_assert_cmpuint (count_hits (tdb->db, "\"bradford", "organisation", n.bradford), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "bradford*", "organisation", n.bradford), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "-bradford", "organisation", n.bradford), ==, 1);
  {
    g_autoptr(GPtrArray) hits = search (tdb->db, "title:bradford", NULL, 0);
    g_assert_cmpuint (hits->len, ==, 0);
  }
  {
    /* "NOT" is a word like any other, not an operator. */
    g_autoptr(GPtrArray) hits = search (tdb->db, "bradford NOT carers", NULL, 0);
    g_assert_cmpuint (hits->len, ==, 0);
  }
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  Network n;
  const char *texts[] = { "\xff", "\xff\xfe", "Brad\xc3", "bradford \x80", "\xc0\xaf", "\xed\xa0\x80",
                          "caf\xe9" /* Latin-1 é */ };

  make_network (tdb->db, &n);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = joinery_db_search (tdb->db, texts[i], NULL, 0, "[", "]", &error);

      g_assert_no_error (error);
      g_assert_nonnull (hits);
      g_assert_cmpuint (hits->len, ==, 0);
    }
}

/* Keeping in step */

static void
test_follows_changes (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *problems = NULL;
  Network n;

  make_network (tdb->db, &n);

  /* A rename: found by the new name only, with the new label. */
  update_record (tdb->db, "person", n.person, "name", "Amara Quennell", NULL);
  g_assert_cmpuint (count_hits (tdb->db, "ashcombe", "person", n.person), ==, 0);
  hits = search (tdb->db, "quennell", NULL, 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((JoinerySearchHit *) hits->pdata[0])->label, ==, "Amara Quennell");
  g_assert_cmpstr (((JoinerySearchHit *) hits->pdata[0])->snippet, ==, "Amara [Quennell]");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A field cleared. */
  update_record (tdb->db, "person", n.person, "job_title", "", NULL);
  g_assert_cmpuint (count_hits (tdb->db, "quillfeather", "person", n.person), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "zephyrine", "person", n.person), ==, 1);

  /* A delete, and the delete of what cascades with it. */
  g_assert_true (joinery_db_delete (tdb->db, kind ("tag"), n.tag, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_hits (tdb->db, "winterpressures", "tag", n.tag), ==, 0);
  g_assert_true (joinery_db_delete (tdb->db, kind ("award_winner"), n.winner, &error));
  g_assert_true (joinery_db_delete (tdb->db, kind ("project"), n.project, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_hits (tdb->db, "marrowvale", "project", n.project), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "glenmorrow", "project_stage", n.stage), ==, 0);
  hits = search (tdb->db, "harbour", NULL, 0);
  g_assert_cmpuint (hits->len, ==, 0);

  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
}

/* Inside a change group the index may lag behind the tables until the
 * group ends, but a search (or a list narrowed by one) must not see it. */
static void
test_follows_changes_in_group (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryQuery) query = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *problems = NULL;
  gint64 id, kept, project;

  kept = joinery_test_create (tdb->db, "organisation", "name", "Ashworth Surgery", "kind", "gp_practice", NULL);
  project = joinery_test_create (tdb->db, "project", "name", "Harbour Steps", "stage", "idea",
                                 "stage_since", "2016-01-04", NULL);
  update_record (tdb->db, "project_stage", 1, "note", "Began in Zennor", NULL);
  update_record (tdb->db, "project", project, "stage", "pilot", "stage_since", "2016-09-01", NULL);
  joinery_test_create (tdb->db, "task", "title", "Write up the pilot", "record", "project_stage:2", NULL);

  g_assert_true (joinery_db_begin (tdb->db, "Set up", JOINERY_GROUP_DEFAULT, &error));
  id = joinery_test_create (tdb->db, "person", "name", "Priya Quarmby", NULL);
  g_assert_cmpuint (count_hits (tdb->db, "quarmby", "person", id), ==, 1);
  update_record (tdb->db, "person", id, "name", "Priya Rathmell", NULL);
  g_assert_cmpuint (count_hits (tdb->db, "quarmby", "person", id), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "rathmell", "person", id), ==, 1);

  query = joinery_query_new (kind ("person"));
  joinery_query_set_search (query, "rathm");
  records = joinery_db_list (tdb->db, kind ("person"), query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* A change that fails half-way leaves nothing behind in the index: the
   * project's first stage is deleted, then the second, which a task is
   * about, stops the delete. */
  update_record (tdb->db, "organisation", kept, "name", "Ashworth Medical Practice", NULL);
  joinery_test_create (tdb->db, "person", "name", "Sorrel Thrupp", "organisation", "Ashworth Medical Practice",
                       NULL);
  g_assert_false (joinery_db_delete (tdb->db, kind ("project"), project, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_IN_USE);
  g_assert_cmpstr (error->message, ==, "cannot delete project stage “Harbour Steps: pilot from 2016-09-01”: "
                                       "it is still referred to by 1 task");
  g_clear_error (&error);
  g_assert_cmpuint (count_hits (tdb->db, "zennor", "project_stage", 1), ==, 1);
  g_assert_true (joinery_db_delete (tdb->db, kind ("person"), id, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_hits (tdb->db, "rathmell", "person", id), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "medical", "organisation", kept), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "thrupp", "person", id + 1), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "zennor", "project_stage", 1), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "harbour", "project", project), ==, 1);
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");

  /* A group abandoned: the index is as it was. */
  g_assert_true (joinery_db_begin (tdb->db, "Abandoned", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (tdb->db, "person", "name", "Ulric Varley", NULL);
  update_record (tdb->db, "organisation", kept, "name", "Varley House", NULL);
  g_assert_cmpuint (count_hits (tdb->db, "varley", "organisation", kept), ==, 1);
  joinery_db_rollback (tdb->db);
  {
    g_autoptr(GPtrArray) hits = search (tdb->db, "varley", NULL, 0);
    g_assert_cmpuint (hits->len, ==, 0);
  }
  g_assert_cmpuint (count_hits (tdb->db, "medical", "organisation", kept), ==, 1);
  g_free (problems);
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
}

static void
test_labels_are_current (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *found = NULL;
  g_autofree char *problems = NULL;
  Network n;

  make_network (tdb->db, &n);

  /* Rename the records that the labels of others are made from. */
  update_record (tdb->db, "indicator", n.indicator, "name", "Unplanned admissions", NULL);
  update_record (tdb->db, "project", n.project, "name", "Harbour Steps Plus", NULL);
  update_record (tdb->db, "organisation", n.bradford, "name", "Bradford Carers", NULL);

  hits = search (tdb->db, "yorkstat", NULL, 0);
  found = describe_hits (hits);
  g_assert_cmpstr (found, ==, "measurement #1 Unplanned admissions, 2019-04-01 to 2020-03-31 | "
                              "[Yorkstat] quarterly return\n");
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_clear_pointer (&found, g_free);

  hits = search (tdb->db, "glenmorrow", NULL, 0);
  found = describe_hits (hits);
  g_assert_cmpstr (found, ==, "project_stage #2 Harbour Steps Plus: pilot from 2016-09-01 | "
                              "Piloted in [Glenmorrow] practices\n");
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_clear_pointer (&found, g_free);

  hits = search (tdb->db, "thornquist", NULL, 0);
  found = describe_hits (hits);
  g_assert_cmpstr (found, ==, "award_winner #1 Harbour Steps Plus, Integration Awards | "
                              "For [Thornquist] outreach\n");
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_clear_pointer (&found, g_free);

  /* A note's hit is labelled as the note is, whatever its record is called. */
  hits = search (tdb->db, "pemberdale", NULL, 0);
  found = describe_hits (hits);
  g_assert_cmpstr (found, ==, "note #1 Spoke with the Pemberdale team about referrals | "
                              "Spoke with the [Pemberdale] team about referrals\n");
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_clear_pointer (&found, g_free);

  /* A long note's label is its first 80 characters. */
  {
    const char *body = "Évaluation: the Quorndale university team found fewer admissions in the "
                       "first year and asked for a second year of data";
    g_autofree char *beginning = g_utf8_substring (body, 0, 80);

    joinery_test_create (tdb->db, "note", "record", "project:Harbour Steps Plus", "body", body, NULL);
    hits = search (tdb->db, "quorndale", NULL, 0);
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpstr (((JoinerySearchHit *) hits->pdata[0])->label, ==, beginning);
    /* Characters, not bytes: the É counts once. */
    g_assert_true (g_str_has_suffix (beginning, " first ye"));
  }

  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
}

static void
test_rebuild_gives_same_results (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) before = g_string_new (NULL);
  g_autoptr(GString) after = g_string_new (NULL);
  g_autofree char *problems = NULL;
  const char *queries[] = { "bradford", "caf", "amara", "lunch", "harbour", "integration", "e08", "2017",
                            "pilot", "trust", "winter" };
  Network n;

  make_network (tdb->db, &n);
  update_record (tdb->db, "person", n.person, "name", "Amara Quennell", NULL);
  g_assert_true (joinery_db_delete (tdb->db, kind ("theme"), n.theme, &error));
  g_assert_no_error (error);

  for (guint pass = 0; pass < 2; pass++)
    {
      GString *out = pass == 0 ? before : after;

      for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
        {
          g_autoptr(GPtrArray) hits = search (tdb->db, queries[i], NULL, 0);
          g_autofree char *found = describe_hits (hits);
          g_string_append_printf (out, "%s:\n%s", queries[i], found);
        }
      if (pass == 0)
        {
          g_assert_true (joinery_db_rebuild_search (tdb->db, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_cmpstr (after->str, ==, before->str);
  g_assert_nonnull (strstr (before->str, "organisation #1 Bradford Carers Trust | [Bradford] Carers Trust"));

  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
}

static void
test_check_finds_missing_and_stale (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *sql = NULL;
  Network n;

  make_network (tdb->db, &n);
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");

  /* A missing entry. */
  sql = g_strdup_printf ("DELETE FROM search_index WHERE rowid = %" G_GINT64_FORMAT,
                         n.person * 32 + kind ("person")->code);
  exec_sql (tdb->db, sql);
  g_assert_cmpuint (count_hits (tdb->db, "ashcombe", "person", n.person), ==, 0);
  g_free (problems);
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "1 people missing from or out of step with the search index\n");

  g_assert_true (joinery_db_rebuild_search (tdb->db, &error));
  g_assert_no_error (error);
  g_free (problems);
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
  g_assert_cmpuint (count_hits (tdb->db, "ashcombe", "person", n.person), ==, 1);

  /* A stale entry. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE search_index SET title = 'Somebody Else' WHERE rowid = %" G_GINT64_FORMAT,
                         n.grant * 32 + kind ("grant")->code);
  exec_sql (tdb->db, sql);
  g_assert_cmpuint (count_hits (tdb->db, "somebody", "grant", n.grant), ==, 1);
  g_free (problems);
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "1 grants missing from or out of step with the search index\n");

  g_assert_true (joinery_db_rebuild_search (tdb->db, &error));
  g_assert_no_error (error);
  g_free (problems);
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
  g_assert_cmpuint (count_hits (tdb->db, "somebody", "grant", n.grant), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "lunch", "grant", n.grant), ==, 1);

  /* An entry for a record that does not exist. */
  exec_sql (tdb->db, "INSERT INTO search_index (rowid, kind, title, body) "
                     "VALUES (999 * 32 + 3, 'person', 'Ghost', '')");
  g_free (problems);
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "1 search index entries for records that do not exist\n");
  g_assert_true (joinery_db_rebuild_search (tdb->db, &error));
  g_free (problems);
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
}

/* Lists narrowed by a search */

static void
test_query_search (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryQuery) query = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gint64 count = -1;
  gint64 bram;
  Network n;

  make_network (tdb->db, &n);
  bram = joinery_test_create (tdb->db, "person", "name", "Bram Ashcombe", "job_title", "Finance Officer", NULL);
  joinery_test_create (tdb->db, "person", "name", "Cerys Dacre", NULL);
  joinery_test_create (tdb->db, "organisation", "name", "Ashcombe Practice", "kind", "gp_practice", NULL);

  query = joinery_query_new (kind ("person"));
  joinery_query_set_search (query, "ashc");
  records = joinery_db_list (tdb->db, kind ("person"), query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (joinery_record_get_label (records->pdata[0]), ==, "Amara Ashcombe");
  g_assert_cmpstr (joinery_record_get_label (records->pdata[1]), ==, "Bram Ashcombe");
  g_assert_true (joinery_db_count (tdb->db, kind ("person"), query, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* With a filter too, and words from other fields. */
  g_assert_true (joinery_query_parse_filter (query, "job_title~finance", &error));
  records = joinery_db_list (tdb->db, kind ("person"), query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (joinery_record_get_id (records->pdata[0]), ==, bram);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_clear_pointer (&query, joinery_query_free);

  query = joinery_query_new (kind ("person"));
  joinery_query_set_search (query, "zephyr quill");
  records = joinery_db_list (tdb->db, kind ("person"), query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (joinery_record_get_id (records->pdata[0]), ==, n.person);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* A search cleared lists everything again. */
  joinery_query_set_search (query, "");
  records = joinery_db_list (tdb->db, kind ("person"), query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_clear_pointer (&query, joinery_query_free);

  /* Only the query's kind: the organisation's hit does not leak in. */
  query = joinery_query_new (kind ("organisation"));
  joinery_query_set_search (query, "ashcombe");
  records = joinery_db_list (tdb->db, kind ("organisation"), query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (joinery_record_get_label (records->pdata[0]), ==, "Ashcombe Practice");
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Odd text is harmless here too. */
  joinery_query_set_search (query, "\"NEAR( col:val");
  records = joinery_db_list (tdb->db, kind ("organisation"), query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
}

/* Bulk groups */

/* The entries of one kind in the index, and the records of that kind. */
static void
assert_index_complete (JoineryDb *db, const char *kind_name)
{
  const JoineryKind *k = kind (kind_name);
  g_autofree char *entries = g_strdup_printf ("SELECT count(*) FROM search_index WHERE rowid %% 32 = %u", k->code);
  g_autofree char *records = g_strdup_printf ("SELECT count(*) FROM %s", k->table);

  g_assert_cmpint (query_int (db, entries), ==, query_int (db, records));
}

/* The file as it is on disk with no connection open (which writes the
 * log back into it), for proving that nothing changed. */
static GBytes *
snapshot (JoineryTestDb *tdb)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_clear_object (&tdb->db);
  bytes = joinery_test_read_file (tdb->path);
  tdb->db = joinery_db_open (tdb->path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  joinery_db_set_source (tdb->db, "test");
  return bytes;
}

/* The records a group makes are indexed together when it commits, a few
 * thousand to a statement; what happens to them meanwhile (a search, a
 * rename, a delete), and to the records already there, must all be in
 * the index afterwards, and nothing twice. */
static void
test_bulk_group_indexed_at_commit (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *problems = NULL;
  gint64 kept, gone, first = 0, early = 0, late = 0, dropped = 0;
  const guint n = 12001;

  kept = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  gone = joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);

  g_assert_true (joinery_db_begin (tdb->db, "Import", JOINERY_GROUP_NO_UNDO, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Ivo Marrick%05u", i);
      gint64 id = joinery_test_create (tdb->db, "person", "name", name, NULL);

      if (i == 0)
        first = id;
      /* A search half-way sees everything made so far. */
      if (i == 7000)
        {
          g_assert_cmpuint (count_hits (tdb->db, "marrick07000", "person", id), ==, 1);
          g_assert_cmpuint (count_hits (tdb->db, "marrick00000", "person", first), ==, 1);
          early = first + 10;
        }
      if (i == 9000)
        late = id;
      if (i == 9001)
        dropped = id;
    }
  update_record (tdb->db, "person", early, "name", "Ivo Pentreath", NULL);
  update_record (tdb->db, "person", late, "name", "Ivo Trevanion", NULL);
  g_assert_true (joinery_db_delete (tdb->db, kind ("person"), dropped, &error));
  g_assert_no_error (error);
  update_record (tdb->db, "person", kept, "name", "Amara Quennell", NULL);
  g_assert_true (joinery_db_delete (tdb->db, kind ("person"), gone, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);

  hits = search (tdb->db, "marrick", "person", 0);
  g_assert_cmpuint (hits->len, ==, n - 3);
  g_assert_cmpuint (count_hits (tdb->db, "marrick12000", "person", first + n - 1), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "pentreath", "person", early), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "trevanion", "person", late), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "marrick09001", "person", dropped), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "quennell", "person", kept), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "ashcombe", "person", kept), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "dunmore", "person", gone), ==, 0);
  assert_index_complete (tdb->db, "person");
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
}

/* The automerge settings a connection gave FTS5, as it stepped them. */
static int
trace_automerge_cb (unsigned type, void *data, void *p, void *x)
{
  GString *seen = data;
  char *sql = sqlite3_expanded_sql (p);

  if (sql != NULL && strstr (sql, "(search_index, rank)") != NULL &&
      strstr (sql, "'automerge'") != NULL)
    {
      const char *comma = strrchr (sql, ',');
      g_string_append_printf (seen, "%s%d", seen->len > 0 ? " " : "", comma != NULL ? atoi (comma + 1) : -1);
    }
  sqlite3_free (sql);
  return 0;
}

static gint64
make_people_in_group (JoineryDb *db, guint n, const char *surname)
{
  g_autoptr(GError) error = NULL;
  gint64 first = 0;

  g_assert_true (joinery_db_begin (db, "Import", JOINERY_GROUP_NO_UNDO, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Ivo %s%05u", surname, i);
      gint64 id = joinery_test_create (db, "person", "name", name, NULL);
      if (i == 0)
        first = id;
    }
  g_assert_true (joinery_db_commit (db, &error));
  g_assert_no_error (error);
  return first;
}

/* A group that makes more records than one statement indexes has FTS5
 * merge no segments on the way (automerge 0), and leaves the file's own
 * setting as it was; one statement's worth changes nothing. */
static void
test_bulk_group_merges_at_the_end (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *problems = NULL;
  gint64 first;

  sqlite3_trace_v2 (joinery_db_get_handle (tdb->db), SQLITE_TRACE_STMT, trace_automerge_cb, seen);

  /* A few: no setting touched, none written. */
  make_people_in_group (tdb->db, 100, "Penrose");
  g_assert_cmpstr (seen->str, ==, "");
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM search_index_config WHERE k = 'automerge'"), ==, 0);

  /* Many, into a file that has none: FTS5's default (4) after. */
  first = make_people_in_group (tdb->db, 12001, "Marrick");
  g_assert_cmpstr (seen->str, ==, "0 4");
  g_assert_cmpint (query_int (tdb->db, "SELECT v FROM search_index_config WHERE k = 'automerge'"), ==, 4);
  g_assert_cmpuint (count_hits (tdb->db, "marrick12000", "person", first + 12000), ==, 1);

  /* Many, into a file with a setting of its own: it is kept. */
  exec_sql (tdb->db, "INSERT INTO search_index (search_index, rank) VALUES ('automerge', 8)");
  g_string_truncate (seen, 0);
  first = make_people_in_group (tdb->db, 6000, "Trevanion");
  g_assert_cmpstr (seen->str, ==, "0 8");
  g_assert_cmpint (query_int (tdb->db, "SELECT v FROM search_index_config WHERE k = 'automerge'"), ==, 8);
  g_assert_cmpuint (count_hits (tdb->db, "trevanion05999", "person", first + 5999), ==, 1);

  sqlite3_trace_v2 (joinery_db_get_handle (tdb->db), 0, NULL, NULL);
  exec_sql (tdb->db, "INSERT INTO search_index (search_index) VALUES ('integrity-check')");
  assert_index_complete (tdb->db, "person");
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
}

/* Records written back with ids of their own (an archive's): one above
 * every id is the start of the range indexed at the end, one below is
 * indexed alone, one removed and written back again keeps one entry. */
static void
test_bulk_group_restored_ids (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *problems = NULL;
  const char *stamp = "2017-05-19T09:30:00Z";
  gint64 made;

  joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  joinery_test_create (tdb->db, "person", "name", "Bram Dunmore", NULL);
  joinery_test_create (tdb->db, "person", "name", "Cerys Dacre", NULL);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_assert_true (joinery_db_begin (tdb->db, "Restore", JOINERY_GROUP_NO_UNDO, &error));
      if (pass == 0)
        {
          /* #3 removed and written back: both in the group. */
          g_assert_true (joinery_db_delete (tdb->db, kind ("person"), 3, &error));
          g_assert_no_error (error);
        }
      for (guint i = 0; i < 2; i++)
        {
          static const gint64 ids[2][2] = { { 3, 10 }, { 5, 12 } };
          static const char * const names[2][2] = { { "Cerys Penhallow", "Tegan Farrow" },
                                                     { "Wenna Lowry", "Jory Kitto" } };
          g_autoptr(JoineryRecord) record = joinery_record_new (kind ("person"));

          joinery_record_set_id (record, ids[pass][i]);
          joinery_record_set_timestamps (record, stamp, stamp);
          joinery_record_set_text (record, "name", names[pass][i]);
          g_assert_true (joinery_db_restore (tdb->db, record, &error));
          g_assert_no_error (error);
        }
      made = joinery_test_create (tdb->db, "person", "name", pass == 0 ? "Morwenna Hicks" : "Loveday Rowe", NULL);
      g_assert_cmpint (made, ==, pass == 0 ? 11 : 13);
      g_assert_true (joinery_db_commit (tdb->db, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpuint (count_hits (tdb->db, "penhallow", "person", 3), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "dacre", "person", 3), ==, 0);
  g_assert_cmpuint (count_hits (tdb->db, "farrow", "person", 10), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "hicks", "person", 11), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "lowry", "person", 5), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "kitto", "person", 12), ==, 1);
  g_assert_cmpuint (count_hits (tdb->db, "rowe", "person", 13), ==, 1);
  assert_index_complete (tdb->db, "person");
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
}

/* A bulk group abandoned after a search inside it had indexed its
 * records, and one whose indexing fails as it commits: neither leaves
 * anything in the index, or a byte of the file changed. */
static void
test_bulk_group_failure_leaves_file (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *problems = NULL;
  gint64 kept;

  kept = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);
  before = snapshot (tdb);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_assert_true (joinery_db_begin (tdb->db, "Import", JOINERY_GROUP_NO_UNDO, &error));
      for (guint i = 0; i < 6000; i++)
        {
          g_autofree char *name = g_strdup_printf ("Ivo Marrick%05u", i);
          joinery_test_create (tdb->db, "person", "name", name, NULL);
        }
      update_record (tdb->db, "person", kept, "name", "Amara Quennell", NULL);
      if (pass == 0)
        {
          g_assert_cmpuint (count_hits (tdb->db, "marrick05999", "person", kept + 6000), ==, 1);
          joinery_db_rollback (tdb->db);
        }
      else
        {
          /* The index gone from under the group: its commit fails. */
          exec_sql (tdb->db, "DROP TABLE search_index");
          g_assert_false (joinery_db_commit (tdb->db, &error));
          g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED);
          g_assert_cmpstr (error->message, ==, "cannot prepare a statement: no such table: search_index");
          g_clear_error (&error);
        }
      g_assert_false (joinery_db_in_group (tdb->db));
      g_assert_cmpuint (count_hits (tdb->db, "marrick", "person", kept + 1), ==, 0);
      g_assert_cmpuint (count_hits (tdb->db, "ashcombe", "person", kept), ==, 1);
      g_assert_cmpuint (count_hits (tdb->db, "quennell", "person", kept), ==, 0);
      after = snapshot (tdb);
      g_assert_true (g_bytes_equal (before, after));
      g_clear_pointer (&after, g_bytes_unref);
    }
  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
}

/* Scale */

static void
test_generated_network (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *problems = NULL;
  gint64 expected;

  g_assert_true (joinery_generate (tdb->db, 2000, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM people"), ==, 2000);

  expected = query_int (tdb->db, "SELECT count(*) FROM people WHERE name LIKE '% Ridgestone'");
  g_assert_cmpint (expected, >, 0);

  hits = search (tdb->db, "ridgest", "person", 0);
  g_assert_cmpuint (hits->len, ==, expected);
  for (guint i = 0; i < hits->len; i++)
    {
      JoinerySearchHit *hit = hits->pdata[i];
      g_assert_cmpstr (hit->kind->name, ==, "person");
      g_assert_true (g_str_has_suffix (hit->label, " Ridgestone"));
      g_assert_nonnull (strstr (hit->snippet, "[Ridgestone]"));
    }
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* With a first name too, and across every kind with a limit. */
  {
    g_autoptr(GPtrArray) first = search (tdb->db, "ridgest", "person", 1);
    JoinerySearchHit *hit = first->pdata[0];
    g_auto(GStrv) words = g_strsplit (hit->label, " ", 2);
    g_autofree char *both = g_strdup_printf ("%s ridgest", words[0]);
    g_autofree char *like = g_strdup_printf ("SELECT count(*) FROM people WHERE name = '%s Ridgestone'",
                                             words[0]);

    hits = search (tdb->db, both, "person", 0);
    g_assert_cmpuint (hits->len, ==, query_int (tdb->db, like));
    g_clear_pointer (&hits, g_ptr_array_unref);
  }
  hits = search (tdb->db, "ridgest", NULL, 10);
  g_assert_cmpuint (hits->len, ==, 10);

  problems = check (tdb->db);
  g_assert_cmpstr (problems, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/search/finds-every-field", test_finds_every_field);
  g_test_add_func ("/core/search/snippet-markers", test_snippet_markers);
  g_test_add_func ("/core/search/prefix-and-all-words", test_prefix_and_all_words);
  g_test_add_func ("/core/search/case-and-diacritics", test_case_and_diacritics);
  g_test_add_func ("/core/search/name-ranks-first", test_name_ranks_first);
  g_test_add_func ("/core/search/only-kind-and-limit", test_only_kind_and_limit);
  g_test_add_func ("/core/search/odd-text-is-harmless", test_odd_text_is_harmless);
  g_test_add_func ("/core/search/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/search/follows-changes", test_follows_changes);
  g_test_add_func ("/core/search/follows-changes-in-group", test_follows_changes_in_group);
  g_test_add_func ("/core/search/labels-are-current", test_labels_are_current);
  g_test_add_func ("/core/search/rebuild-gives-same-results", test_rebuild_gives_same_results);
  g_test_add_func ("/core/search/check-finds-missing-and-stale", test_check_finds_missing_and_stale);
  g_test_add_func ("/core/search/query-search", test_query_search);
  g_test_add_func ("/core/search/bulk-group-indexed-at-commit", test_bulk_group_indexed_at_commit);
  g_test_add_func ("/core/search/bulk-group-restored-ids", test_bulk_group_restored_ids);
  g_test_add_func ("/core/search/bulk-group-merges-at-the-end", test_bulk_group_merges_at_the_end);
  g_test_add_func ("/core/search/bulk-group-failure-leaves-file", test_bulk_group_failure_leaves_file);
  g_test_add_func ("/core/search/generated-network", test_generated_network);

  return g_test_run ();
}
