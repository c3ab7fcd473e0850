/* test-demo-facts.c: the demo tells the seeds' story, with its facts exact.
 *
 * Each test queries a fresh demo for the facts of one seed document — the
 * counts, sums, dates, names and links a trainee will find — so that an
 * edit of data/demo/ that bends a fact fails here. The last tests hold the
 * demo to its promises about people: those the seeds name appear only in
 * the roles the seeds give them and have no contact details; everyone and
 * everything invented is plainly fictional.
 *
 * Queries go through the core's connection (joinery_db_get_handle) and
 * its counting API; the demo is made once, read by every test.
 */
#include "joinery-test-util.h"
#include "joinery-demo.h"
#include "demo-test-util.h"

#include <string.h>

static JoineryDb *demo;

/* Helpers */

static gint64
query_int (const char *sql)
{
  return demo_test_query_int (demo, sql);
}

/* Every row of the query, its columns joined by "|", the rows by "\n". */
static char *
query_rows (const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (demo), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);
          g_string_append_printf (out, "%s%s", c > 0 ? "|" : "", text != NULL ? text : "NULL");
        }
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

#define assert_rows(sql, expected) \
  G_STMT_START { g_autofree char *rows_ = query_rows (sql); g_assert_cmpstr (rows_, ==, expected); } G_STMT_END

/* How many records of `kind` match the filters, through the core's query API. */
static gint64
count (const char *kind, ...)
{
  g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup (kind));
  g_autoptr(GError) error = NULL;
  const char *filter;
  gint64 n = -1;
  va_list args;

  va_start (args, kind);
  while ((filter = va_arg (args, const char *)) != NULL)
    {
      g_assert_true (joinery_query_parse_filter (query, filter, &error));
      g_assert_no_error (error);
    }
  va_end (args);
  g_assert_true (joinery_db_count (demo, joinery_kind_lookup (kind), query, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* The North Yorkshire Innovation Fund */

static void
test_innovation_fund (void)
{
  assert_rows ("SELECT f.name, o.name FROM funds f JOIN organisations o ON o.id = f.funder_id",
               "North Yorkshire Innovation Fund|North Yorkshire County Council");
  g_assert_cmpint (query_int ("SELECT instr(description, 'Health and Adult Services Directorate') > 0 "
                              "FROM funds"), ==, 1);

  /* Three themes. */
  g_assert_cmpint (count ("fund_theme", "fund=North Yorkshire Innovation Fund", NULL), ==, 3);

  /* Four rounds, the last in January 2017. */
  assert_rows ("SELECT number, name FROM rounds ORDER BY opens_on",
               "1|Round 1\n2|Round 2\n3|Round 3\n4|Round 4");
  assert_rows ("SELECT closes_on FROM rounds ORDER BY opens_on DESC LIMIT 1", "2017-01-06");
  assert_rows ("SELECT DISTINCT g.awarded_on FROM grants g JOIN rounds r ON r.id = g.round_id "
               "WHERE r.number = 4", "2017-01-27");
  g_assert_cmpint (query_int ("SELECT count(*) FROM grants WHERE awarded_on > '2017-01-31'"), ==, 0);

  /* 28 funded projects, £1,130,000 exactly. */
  g_assert_cmpint (count ("grant", NULL), ==, 28);
  g_assert_cmpint (count ("grant", "status=completed", NULL) + count ("grant", "status=awarded", NULL), ==, 28);
  g_assert_cmpint (query_int ("SELECT sum(amount_awarded) FROM grants"), ==, 113000000);
  g_assert_cmpint (query_int ("SELECT count(DISTINCT project_id) FROM grants"), ==, 28);
  g_assert_cmpint (query_int ("SELECT count(*) FROM grants g JOIN rounds r ON r.id = g.round_id "
                              "JOIN funds f ON f.id = r.fund_id "
                              "WHERE f.name = 'North Yorkshire Innovation Fund'"), ==, 28);
  /* Every grant under one of the fund's themes, every theme used. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM grants g JOIN fund_themes ft ON ft.theme_id = g.theme_id"), ==, 28);
  g_assert_cmpint (query_int ("SELECT count(DISTINCT theme_id) FROM grants"), ==, 3);
  /* Grant holders are voluntary and community organisations. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM grants g JOIN organisations o ON o.id = g.applicant_id "
                              "WHERE o.kind IN ('voluntary', 'community_group', 'social_enterprise')"), ==, 28);

  /* The outcomes of the Year 3 impact report, and Stronger Communities next. */
  g_assert_cmpint (query_int ("SELECT instr(description, 'improved mental health, reduced social isolation and "
                              "enhanced independence') > 0 FROM funds"), ==, 1);
  assert_rows ("SELECT i.name, count(*) FROM indicators i JOIN measurements m ON m.indicator_id = i.id "
               "WHERE m.source = 'Innovation Fund Year 3 impact report' GROUP BY i.id ORDER BY i.name",
               "People reporting improved mental health|4\n"
               "People reporting less social isolation|4\n"
               "People reporting more independence|4");
  assert_rows ("SELECT g.name, o.name FROM groups g JOIN organisations o ON o.id = g.organisation_id "
               "WHERE g.name = 'Stronger Communities programme'",
               "Stronger Communities programme|North Yorkshire County Council");
}

/* Bradford district and Craven */

static void
test_bradford_october (void)
{
  const char *event = "event=Learning and Innovation event, October 2016";

  assert_rows ("SELECT e.kind, substr(e.starts_on, 1, 7), g.name, a.name FROM events e "
               "JOIN groups g ON g.id = e.group_id JOIN areas a ON a.id = e.area_id "
               "WHERE e.name = 'Learning and Innovation event, October 2016'",
               "learning_event|2016-10|Integration and Change Board|Bradford district and Craven");
  g_assert_cmpint (query_int ("SELECT instr(description, 'Over 150 people') > 0 "
                              "AND instr(description, 'voluntary and community services') > 0 "
                              "FROM events WHERE name = 'Learning and Innovation event, October 2016'"), ==, 1);

  /* Over 150 people came. */
  g_assert_cmpint (count ("attendance", event, "status=attended", NULL), ==, 165);
  g_assert_cmpint (count ("attendance", event, "status=attended", NULL), >, 150);

  /* Opened by the Chief Executive of Bradford Council. */
  assert_rows ("SELECT p.job_title, o.name, a.role, a.status, s.title, s.kind FROM attendances a "
               "JOIN people p ON p.id = a.person_id JOIN organisations o ON o.id = p.organisation_id "
               "JOIN events e ON e.id = a.event_id JOIN sessions s ON s.id = a.session_id "
               "WHERE p.name = 'Kersten England'",
               "Chief Executive|Bradford Council|speaker|attended|Welcome and opening|plenary");
  assert_rows ("SELECT p.job_title, o.name, a.status FROM attendances a "
               "JOIN people p ON p.id = a.person_id JOIN organisations o ON o.id = p.organisation_id "
               "WHERE p.name = 'Karl Mainprize'",
               "Executive Medical Director|Airedale NHS Foundation Trust|attended");

  /* Five projects showcased in the morning, discussions in the afternoon. */
  assert_rows ("SELECT p.name, p.stage FROM sessions s JOIN projects p ON p.id = s.project_id "
               "JOIN events e ON e.id = s.event_id "
               "WHERE e.name = 'Learning and Innovation event, October 2016' AND s.kind = 'showcase' "
               "AND s.ends_at <= '12:30' ORDER BY s.id",
               "Primary Care Wellbeing Service|established\n"
               "Bradford Beating Diabetes|established\n"
               "Gold Line Service|established\n"
               "Bradford's Healthy Hearts|established\n"
               "The Sanctuary at Mind|established");
  g_assert_cmpint (query_int ("SELECT count(*) FROM sessions s JOIN events e ON e.id = s.event_id "
                              "WHERE e.name = 'Learning and Innovation event, October 2016' "
                              "AND s.kind = 'discussion' AND s.starts_at >= '12:00'"), ==, 2);
  /* Each showcase had its presenter and its audience. */
  g_assert_cmpint (query_int ("SELECT min(n) FROM (SELECT count(*) AS n FROM attendances a "
                              "JOIN sessions s ON s.id = a.session_id WHERE s.kind = 'showcase' "
                              "GROUP BY s.id)"), >=, 30);
  g_assert_cmpint (query_int ("SELECT count(*) FROM attendances a JOIN sessions s ON s.id = a.session_id "
                              "WHERE s.kind = 'showcase' AND a.role = 'speaker'"), ==, 5);
}

static void
test_bradford_may (void)
{
  assert_rows ("SELECT e.starts_on, strftime('%w', e.starts_on), e.venue, a.name, p.name, g.name, "
               "instr(e.booking_url, 'eventbrite') > 0 FROM events e "
               "JOIN areas a ON a.id = e.area_id JOIN areas p ON p.id = a.parent_id "
               "JOIN groups g ON g.id = e.group_id "
               "WHERE e.name = 'Learning and Innovation event, May 2017'",
               "2017-05-19|5|Mercure Hotel, Bingley|Bingley|Bradford|Integration and Change Board|1");
  /* Booked ahead, through the online page; nobody has attended yet. */
  g_assert_cmpint (count ("attendance", "event=Learning and Innovation event, May 2017", "status=booked", NULL), ==, 29);
  g_assert_cmpint (count ("attendance", "event=Learning and Innovation event, May 2017", "status=attended", NULL), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM attendances a JOIN events e ON e.id = a.event_id "
                              "WHERE e.starts_on = '2017-05-19' AND a.booked_on > '"
                              JOINERY_DEMO_TIMESTAMP "'"), ==, 0);
}

/* Leeds */

static void
test_leeds (void)
{
  /* One of 14 national pioneer areas. */
  assert_rows ("SELECT m.value, a.name, m.period_start FROM measurements m "
               "JOIN indicators i ON i.id = m.indicator_id JOIN areas a ON a.id = m.area_id "
               "WHERE i.name = 'Integration pioneer areas'", "14.0|England|2013-11-01");
  g_assert_cmpint (query_int ("SELECT instr(description, '14 pioneer areas') > 0 FROM groups "
                              "WHERE name = 'Integrated Care and Support Pioneers'"), ==, 1);
  g_assert_cmpint (query_int ("SELECT count(*) FROM tags WHERE name = 'integration-pioneer' "
                              "AND record_kind = 'area' AND record_id = (SELECT id FROM areas WHERE name = 'Leeds')"), ==, 1);

  /* The partners of the bid. */
  assert_rows ("SELECT o.name, m.role FROM group_members m JOIN organisations o ON o.id = m.organisation_id "
               "JOIN groups g ON g.id = m.group_id WHERE g.name = 'Leeds integration pioneer partnership' "
               "ORDER BY m.id",
               "Leeds City Council|member\n"
               "NHS Leeds North Clinical Commissioning Group|member\n"
               "NHS Leeds West Clinical Commissioning Group|member\n"
               "NHS Leeds South and East Clinical Commissioning Group|member\n"
               "Leeds Community Healthcare NHS Trust|member\n"
               "Leeds Teaching Hospitals NHS Trust|member\n"
               "Leeds and York Partnership NHS Foundation Trust|member\n"
               "Third Sector Leeds|partner\n"
               "Leeds Care Users' Forum|partner");
  g_assert_cmpint (query_int ("SELECT count(*) FROM organisations WHERE kind = 'ccg' AND name LIKE 'NHS Leeds%'"), ==, 3);

  /* The boards and their chairs. */
  assert_rows ("SELECT g.name, p.name, m.role FROM group_members m JOIN people p ON p.id = m.person_id "
               "JOIN groups g ON g.id = m.group_id WHERE m.role = 'chair' ORDER BY g.name",
               "Health and Social Care Transformation Board|Dr Andy Harris|chair\n"
               "Leeds Health and Wellbeing Board|Cllr Lisa Mulherin|chair");

  /* Healthy Cities and URBACT 4D Cities. */
  assert_rows ("SELECT g.name, g.kind FROM groups g WHERE g.name IN ('Healthy Cities Network', 'URBACT 4D Cities') "
               "ORDER BY g.name", "Healthy Cities Network|network\nURBACT 4D Cities|network");
  g_assert_cmpint (query_int ("SELECT instr(description, 'the health service, business, citizens and knowledge') > 0 "
                              "FROM groups WHERE name = 'URBACT 4D Cities'"), ==, 1);

  /* The civic leadership event, the hack and its second edition. */
  assert_rows ("SELECT name, kind, substr(starts_on, 1, 7), coalesce(venue, '') FROM events "
               "WHERE area_id = (SELECT id FROM areas WHERE name = 'Leeds') ORDER BY starts_on",
               "Digital Health Conference and Hack|hack|2012-04|\n"
               "Leaders for Leeds civic leadership event|meeting|2012-11|Civic Hall, Leeds\n"
               "Digital Health Conference and Hack v2|hack|2013-04|");
  g_assert_cmpint (query_int ("SELECT instr(description, 'open source') > 0 FROM events "
                              "WHERE name = 'Digital Health Conference and Hack v2'"), ==, 1);

  /* Ten years of life expectancy between North West and South Leeds. */
  assert_rows ("SELECT m.value, i.unit, i.direction, a.name FROM measurements m "
               "JOIN indicators i ON i.id = m.indicator_id JOIN areas a ON a.id = m.area_id "
               "WHERE i.name = 'Life expectancy gap, North West to South Leeds'", "10.0|years|lower|Leeds");
}

/* Wigan */

static void
test_wigan (void)
{
#define SERIES(indicator) \
  "SELECT group_concat(value, ' ') FROM (SELECT m.value FROM measurements m " \
  "JOIN indicators i ON i.id = m.indicator_id WHERE i.name = '" indicator "' ORDER BY m.period_start)"

  /* £7.5 million invested in the community, in all. */
  assert_rows ("SELECT i.unit, m.value FROM measurements m JOIN indicators i ON i.id = m.indicator_id "
               "JOIN areas a ON a.id = m.area_id WHERE i.name = 'Investment in the community' "
               "AND a.name = 'Wigan' ORDER BY m.period_start DESC LIMIT 1", "pounds|7500000.0");
  assert_rows (SERIES ("Investment in the community"), "1500000.0 3500000.0 5500000.0 7500000.0");
  /* Day centres, 15 then 5. */
  assert_rows (SERIES ("Day centres"), "15.0 5.0");
  /* Fewer permanent admissions, higher staff satisfaction, over time. */
  assert_rows (SERIES ("Permanent admissions to residential and nursing care"), "780.0 742.0 690.0 645.0 610.0");
  assert_rows (SERIES ("Staff satisfaction"), "58.0 68.0 77.0");
  assert_rows ("SELECT name, direction FROM indicators WHERE name IN ('Day centres', "
               "'Permanent admissions to residential and nursing care', 'Staff satisfaction') ORDER BY name",
               "Day centres|lower\nPermanent admissions to residential and nursing care|lower\n"
               "Staff satisfaction|higher");
  assert_rows ("SELECT g.kind, o.name FROM groups g JOIN organisations o ON o.id = g.organisation_id "
               "WHERE g.name = 'The Deal'", "programme|Wigan Council");
#undef SERIES
}

/* Trafford and Sefton */

static void
test_trafford (void)
{
  assert_rows ("SELECT o.name FROM projects p JOIN organisations o ON o.id = p.lead_organisation_id "
               "WHERE p.name = 'i-Care'", "Trafford Council");
  assert_rows ("SELECT o.name FROM project_partners pp JOIN organisations o ON o.id = pp.organisation_id "
               "JOIN projects p ON p.id = pp.project_id WHERE p.name = 'i-Care'",
               "Pennine Care NHS Foundation Trust");
  assert_rows ("SELECT t.name FROM project_themes pt JOIN themes t ON t.id = pt.theme_id "
               "JOIN projects p ON p.id = pt.project_id WHERE p.name = 'i-Care' ORDER BY pt.id",
               "All age integration\nFamily engagement\nCommissioning");

  /* Its training of staff: three days, health and social care staff of
   * the two partners only. */
  g_assert_cmpint (count ("event", "kind=training", "organiser=Trafford Council", NULL), ==, 3);
  assert_rows ("SELECT DISTINCT o.name FROM attendances a JOIN events e ON e.id = a.event_id "
               "JOIN people p ON p.id = a.person_id JOIN organisations o ON o.id = p.organisation_id "
               "WHERE e.kind = 'training' ORDER BY o.name",
               "Pennine Care NHS Foundation Trust\nTrafford Council");
  g_assert_cmpint (query_int ("SELECT count(*) FROM attendances a JOIN events e ON e.id = a.event_id "
                              "WHERE e.kind = 'training' AND a.status = 'attended'"), ==, 60);

  /* The NHS award, shared with Sefton CVS and Sefton Council. */
  assert_rows ("SELECT a.name, b.name, coalesce(a.year, '') FROM awards a "
               "JOIN organisations b ON b.id = a.awarding_body_id",
               "Integrated Working North West Award|Health Education England|");
  assert_rows ("SELECT o.name, p.name, w.result FROM award_winners w JOIN organisations o ON o.id = w.organisation_id "
               "JOIN projects p ON p.id = w.project_id ORDER BY w.id",
               "Trafford Council|i-Care|joint_winner\n"
               "Sefton Council for Voluntary Service|New Realities (Merseyside)|joint_winner\n"
               "Sefton Council|New Realities (Merseyside)|joint_winner");
}

/* People */

static const char * const named_people[] = {
  "Kersten England", "Karl Mainprize", "Cllr Lisa Mulherin", "Dr Andy Harris", "Mireia Sanàbria",
  "Norman Lamb MP", "Rob Webster", "Donna Hall", "Jill Colbert", "Richard Spearing", NULL
};

static void
test_named_people (void)
{
  g_autofree char *in_list = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; named_people[i] != NULL; i++)
    {
      g_assert_null (strchr (named_people[i], '\''));
      g_string_append_printf (list, "%s'%s'", i > 0 ? ", " : "", named_people[i]);
    }
  in_list = g_strdup (list->str);

  /* In the roles the seeds give them, and nothing to contact them by. */
  sql = g_strdup_printf ("SELECT p.name, coalesce(p.job_title, ''), coalesce(o.name, ''), "
                         "coalesce(p.email, ''), coalesce(p.phone, ''), p.consent_to_contact "
                         "FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id "
                         "WHERE p.name IN (%s) ORDER BY p.id", in_list);
  assert_rows (sql,
               "Kersten England|Chief Executive|Bradford Council|||0\n"
               "Karl Mainprize|Executive Medical Director|Airedale NHS Foundation Trust|||0\n"
               "Cllr Lisa Mulherin|Chair, Leeds Health and Wellbeing Board|Leeds City Council|||0\n"
               "Dr Andy Harris|GP; Chief Clinical Officer|NHS Leeds South and East Clinical Commissioning Group|||0\n"
               "Mireia Sanàbria|URBACT 4D Cities Lead Expert||||0\n"
               "Norman Lamb MP|Care and Support Minister||||0\n"
               "Rob Webster|Chief executive of one of the Leeds NHS trusts||||0\n"
               "Donna Hall|Chief Executive|Wigan Council|||0\n"
               "Jill Colbert|Interim Corporate Director for Children, Families and Wellbeing|Trafford Council|||0\n"
               "Richard Spearing|Integrated Network Director for Pennine Care and Trafford Council|"
               "Pennine Care NHS Foundation Trust|||0");

  /* At the events the seeds put them at, on the boards they chair or
   * serve, and nowhere else: no tasks, no invented bookings. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT p.name, e.name, a.role FROM attendances a JOIN people p ON p.id = a.person_id "
                         "JOIN events e ON e.id = a.event_id WHERE p.name IN (%s) ORDER BY a.id", in_list);
  assert_rows (sql,
               "Kersten England|Learning and Innovation event, October 2016|speaker\n"
               "Karl Mainprize|Learning and Innovation event, October 2016|delegate\n"
               "Rob Webster|Leaders for Leeds civic leadership event|delegate");
  g_free (sql);
  sql = g_strdup_printf ("SELECT p.name, g.name, m.role FROM group_members m JOIN people p ON p.id = m.person_id "
                         "JOIN groups g ON g.id = m.group_id WHERE p.name IN (%s) ORDER BY m.id", in_list);
  assert_rows (sql,
               "Cllr Lisa Mulherin|Leeds Health and Wellbeing Board|chair\n"
               "Dr Andy Harris|Health and Social Care Transformation Board|chair\n"
               "Mireia Sanàbria|URBACT 4D Cities|member");
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM tasks t JOIN people p ON p.id = t.assignee_id WHERE p.name IN (%s)",
                         in_list);
  g_assert_cmpint (query_int (sql), ==, 0);
}

static gboolean
is_fictional_address (const char *email)
{
  return g_str_has_suffix (email, ".example.org") || g_str_has_suffix (email, "@example.org") ||
         g_str_has_suffix (email, ".example.com") || g_str_has_suffix (email, "@example.com");
}

static gboolean
is_drama_number (const char *phone)
{
  return g_regex_match_simple ("^(07700 900[0-9]{3}|01632 960[0-9]{3})$", phone, 0, 0);
}

static void
test_fictional_people (void)
{
  sqlite3_stmt *stmt = NULL;
  guint n_people = 0;
  int rc;

  /* Names and addresses are unique, so that a trainee can tell people apart. */
  g_assert_cmpint (query_int ("SELECT count(*) - count(DISTINCT name) FROM people"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(email) - count(DISTINCT email) FROM people"), ==, 0);

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (demo),
                                       "SELECT name, email, phone FROM people WHERE email IS NOT NULL "
                                       "OR phone IS NOT NULL", -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *email = (const char *) sqlite3_column_text (stmt, 1);
      const char *phone = (const char *) sqlite3_column_text (stmt, 2);

      for (guint i = 0; named_people[i] != NULL; i++)
        g_assert_cmpstr (name, !=, named_people[i]);
      if (email != NULL && !is_fictional_address (email))
        g_error ("%s has a real-looking address: %s", name, email);
      if (phone != NULL && !is_drama_number (phone))
        g_error ("%s has a real-looking number: %s", name, phone);
      n_people++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_people, ==, 256);
}

static void
test_fictional_organisations (void)
{
  sqlite3_stmt *stmt = NULL;
  guint n_fictional = 0;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (demo),
                                       "SELECT name, email, phone, website, coalesce(description, '') "
                                       "FROM organisations", -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *email = (const char *) sqlite3_column_text (stmt, 1);
      const char *phone = (const char *) sqlite3_column_text (stmt, 2);
      const char *website = (const char *) sqlite3_column_text (stmt, 3);
      gboolean says_fictional = strstr ((const char *) sqlite3_column_text (stmt, 4), "(demo data)") != NULL;

      /* Only a fictional organisation has contact details, all fictional;
       * a real one has at most its public web site. */
      if (email != NULL && (!says_fictional || !is_fictional_address (email)))
        g_error ("%s has the address %s", name, email);
      if (phone != NULL && (!says_fictional || !is_drama_number (phone)))
        g_error ("%s has the number %s", name, phone);
      if (website != NULL && says_fictional && strstr (website, ".example.") == NULL)
        g_error ("the fictional %s has a real-looking web site %s", name, website);
      if (says_fictional)
        n_fictional++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_fictional, ==, 30);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  demo = demo_test_create_read_only ("joinery-demo-facts-XXXXXX", &dir, &path);

  g_test_add_func ("/demo/facts/innovation-fund", test_innovation_fund);
  g_test_add_func ("/demo/facts/bradford-october", test_bradford_october);
  g_test_add_func ("/demo/facts/bradford-may", test_bradford_may);
  g_test_add_func ("/demo/facts/leeds", test_leeds);
  g_test_add_func ("/demo/facts/wigan", test_wigan);
  g_test_add_func ("/demo/facts/trafford", test_trafford);
  g_test_add_func ("/demo/facts/named-people", test_named_people);
  g_test_add_func ("/demo/facts/fictional-people", test_fictional_people);
  g_test_add_func ("/demo/facts/fictional-organisations", test_fictional_organisations);

  status = g_test_run ();
  g_clear_object (&demo);
  joinery_test_rm_rf (dir);
  return status;
}
