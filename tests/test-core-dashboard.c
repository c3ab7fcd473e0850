/* test-core-dashboard.c: the home dashboard's figures against values
 * worked out by hand on a small network built here: the UK financial
 * year's edges (31 March, 1 April), an overdue task, the next events, the
 * indicators' series and the latest changes; each figure's filters give
 * its own count again; and no query reads a table of the many whole. */
#include "joinery-test-util.h"
#include "joinery-dashboard.h"

#include <string.h>

typedef struct {
  gint64 council1, council2, voluntary, trust;
  gint64 pilot1, pilot2, idea;
  gint64 grant_march, grant_april, grant_end, grant_next;
  gint64 past_event, today_event, soon_event, later_event;
  gint64 overdue_task, due_today_task, undated_task, done_task;
  gint64 rate, satisfaction;
} Network;

static void
build_network (JoineryDb *db, Network *n)
{
  n->council1 = joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  n->council2 = joinery_test_create (db, "organisation", "name", "Wigan Council", "kind", "council", NULL);
  n->voluntary = joinery_test_create (db, "organisation", "name", "Leeds Older People's Forum", "kind", "voluntary", NULL);
  n->trust = joinery_test_create (db, "organisation", "name", "Leeds Teaching Hospitals", "kind", "nhs_trust", NULL);

  n->pilot1 = joinery_test_create (db, "project", "name", "Social prescribing", "stage", "pilot", NULL);
  n->pilot2 = joinery_test_create (db, "project", "name", "Neighbourhood teams", "stage", "pilot", NULL);
  n->idea = joinery_test_create (db, "project", "name", "Digital inclusion", "stage", "idea", NULL);

  joinery_test_create (db, "fund", "name", "Innovation Fund", "funder", "Leeds City Council", NULL);
  joinery_test_create (db, "round", "fund", "Innovation Fund", "name", "Round 1", "number", "1", NULL);
  /* Either side of both edges of the year 1 April 2026 to 31 March 2027. */
  n->grant_march = joinery_test_create (db, "grant", "round", "Round 1", "title", "March", "applicant", "Wigan Council",
                                        "status", "awarded", "awarded_on", "2026-03-31", "amount_awarded", "£1,000", NULL);
  n->grant_april = joinery_test_create (db, "grant", "round", "Round 1", "title", "April", "applicant", "Wigan Council",
                                        "status", "awarded", "awarded_on", "2026-04-01", "amount_awarded", "£2,500", NULL);
  n->grant_end = joinery_test_create (db, "grant", "round", "Round 1", "title", "Year end", "applicant", "Wigan Council",
                                      "status", "completed", "awarded_on", "2027-03-31", "amount_awarded", "£100.50", NULL);
  n->grant_next = joinery_test_create (db, "grant", "round", "Round 1", "title", "Next year", "applicant", "Wigan Council",
                                       "status", "awarded", "awarded_on", "2027-04-01", "amount_awarded", "£7", NULL);
  joinery_test_create (db, "grant", "round", "Round 1", "title", "Draft", "applicant", "Wigan Council", NULL);

  n->past_event = joinery_test_create (db, "event", "name", "Past", "starts_on", "2026-06-01", NULL);
  n->later_event = joinery_test_create (db, "event", "name", "Later", "starts_on", "2026-09-01", NULL);
  n->today_event = joinery_test_create (db, "event", "name", "Today", "starts_on", "2026-06-15", NULL);
  n->soon_event = joinery_test_create (db, "event", "name", "Soon", "starts_on", "2026-06-20", NULL);

  n->overdue_task = joinery_test_create (db, "task", "title", "Overdue", "due_on", "2026-06-14", NULL);
  n->due_today_task = joinery_test_create (db, "task", "title", "Due today", "due_on", "2026-06-15", NULL);
  n->undated_task = joinery_test_create (db, "task", "title", "Undated", NULL);
  n->done_task = joinery_test_create (db, "task", "title", "Done late", "due_on", "2026-01-01", "status", "done",
                                      "completed_on", "2026-02-01", NULL);

  joinery_test_create (db, "area", "name", "Leeds", NULL);
  n->rate = joinery_test_create (db, "indicator", "name", "Admissions", "unit", "rate", "direction", "lower", NULL);
  n->satisfaction = joinery_test_create (db, "indicator", "name", "Satisfaction", "unit", "percent",
                                         "direction", "higher", NULL);
  /* Two measures of one period are averaged. */
  joinery_test_create (db, "measurement", "indicator", "Admissions", "area", "Leeds", "period_start", "2024-01-01",
                       "period_end", "2024-12-31", "value", "700", NULL);
  joinery_test_create (db, "measurement", "indicator", "Admissions", "area", "Leeds", "period_start", "2025-01-01",
                       "period_end", "2025-12-31", "value", "600", NULL);
  joinery_test_create (db, "measurement", "indicator", "Admissions", "organisation", "Wigan Council",
                       "period_start", "2025-01-01", "period_end", "2025-12-31", "value", "500", NULL);
  joinery_test_create (db, "measurement", "indicator", "Satisfaction", "area", "Leeds", "period_start", "2023-01-01",
                       "period_end", "2023-12-31", "value", "61.5", NULL);
}

static JoineryDashboardFigure *
figure_labelled (GPtrArray *figures, const char *label)
{
  for (guint i = 0; i < figures->len; i++)
    {
      JoineryDashboardFigure *figure = g_ptr_array_index (figures, i);
      if (g_strcmp0 (figure->label, label) == 0)
        return figure;
    }
  g_error ("no figure labelled %s", label);
  return NULL;
}

/* The list behind a figure holds as many records as the figure says. */
static void
assert_figure_counts (JoineryDb *db, JoineryDashboardFigure *figure)
{
  g_autoptr(JoineryQuery) query = joinery_query_new (figure->kind);
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  for (guint i = 0; figure->filters[i] != NULL; i++)
    {
      g_assert_true (joinery_query_parse_filter (query, figure->filters[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (joinery_db_count (db, figure->kind, query, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, figure->count);
}

static void
test_financial_year (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  struct { const char *today, *start, *end; } cases[] = {
    { "2026-03-31", "2025-04-01", "2026-03-31" },
    { "2026-04-01", "2026-04-01", "2027-03-31" },
    { "2026-01-01", "2025-04-01", "2026-03-31" },
    { "2026-12-31", "2026-04-01", "2027-03-31" },
    { "31/03/2024", "2023-04-01", "2024-03-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_clear_pointer (&start, g_free);
      g_clear_pointer (&end, g_free);
      g_assert_true (joinery_financial_year (cases[i].today, &start, &end, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (start, ==, cases[i].start);
      g_assert_cmpstr (end, ==, cases[i].end);
    }
  g_assert_false (joinery_financial_year ("2026-02-30", &start, &end, &error));
  g_assert_nonnull (error);
}

static void
test_figures (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryDashboard) d = NULL;
  g_autoptr(GError) error = NULL;
  JoineryDashboardEvent *event;
  JoineryDashboardSeries *series;
  JoineryDashboardFigure *figure;
  Network n;

  build_network (tdb->db, &n);
  /* A day with no award in its year and nothing coming prepares the
   * statements that look back; the day after them, every other. */
  d = joinery_dashboard_read (tdb->db, "2030-06-15", &error);
  g_assert_no_error (error);
  g_clear_pointer (&d, joinery_dashboard_free);
  d = joinery_dashboard_read (tdb->db, "2026-06-15", &error);
  g_assert_no_error (error);
  g_assert_nonnull (d);
  g_assert_false (d->empty);
  g_assert_cmpstr (d->year_start, ==, "2026-04-01");
  g_assert_cmpstr (d->year_end, ==, "2027-03-31");

  /* Organisations by kind, in the kind's order, none empty. */
  g_assert_cmpint (d->n_organisations, ==, 4);
  g_assert_cmpuint (d->organisations->len, ==, 3);
  figure = g_ptr_array_index (d->organisations, 0);
  g_assert_cmpstr (figure->label, ==, "Council");
  g_assert_cmpint (figure->count, ==, 2);
  g_assert_cmpstr (figure->kind->name, ==, "organisation");
  g_assert_cmpstr (figure->filters[0], ==, "kind=council");
  g_assert_null (figure->filters[1]);
  g_assert_cmpint (figure_labelled (d->organisations, "NHS trust")->count, ==, 1);
  g_assert_cmpint (figure_labelled (d->organisations, "Voluntary")->count, ==, 1);

  /* Projects by stage. */
  g_assert_cmpint (d->n_projects, ==, 3);
  g_assert_cmpuint (d->projects->len, ==, 2);
  g_assert_cmpstr (((JoineryDashboardFigure *) g_ptr_array_index (d->projects, 0))->label, ==, "Idea");
  g_assert_cmpint (figure_labelled (d->projects, "Pilot")->count, ==, 2);
  g_assert_cmpstr (figure_labelled (d->projects, "Pilot")->filters[0], ==, "stage=pilot");

  /* 1 April 2026 and 31 March 2027 are in; the day before and after not. */
  g_assert_cmpint (d->awarded->count, ==, 2);
  g_assert_cmpint (d->awarded_pence, ==, 250000 + 10050);

  /* Today's event is upcoming; the next ones soonest first. */
  g_assert_cmpint (d->upcoming_events->count, ==, 3);
  g_assert_cmpuint (d->next_events->len, ==, 3);
  event = g_ptr_array_index (d->next_events, 0);
  g_assert_cmpint (event->id, ==, n.today_event);
  g_assert_cmpstr (event->starts_on, ==, "2026-06-15");
  g_assert_cmpstr (event->name, ==, "Today");
  g_assert_cmpint (((JoineryDashboardEvent *) g_ptr_array_index (d->next_events, 1))->id, ==, n.soon_event);
  g_assert_cmpint (((JoineryDashboardEvent *) g_ptr_array_index (d->next_events, 2))->id, ==, n.later_event);

  /* Open: overdue, due today, undated; overdue: only the one due yesterday. */
  g_assert_cmpint (d->open_tasks->count, ==, 3);
  g_assert_cmpint (d->overdue_tasks->count, ==, 1);
  g_assert_cmpstr (d->overdue_tasks->filters[0], ==, "status=open");
  g_assert_cmpstr (d->overdue_tasks->filters[1], ==, "due_on<2026-06-15");

  /* Indicators, the one measured last first; a period's values averaged. */
  g_assert_cmpuint (d->indicators->len, ==, 2);
  series = g_ptr_array_index (d->indicators, 0);
  g_assert_cmpint (series->id, ==, n.rate);
  g_assert_cmpstr (series->name, ==, "Admissions");
  g_assert_cmpstr (series->unit, ==, "rate");
  g_assert_cmpstr (series->direction, ==, "lower");
  g_assert_cmpuint (series->values->len, ==, 2);
  g_assert_cmpfloat (g_array_index (series->values, double, 0), ==, 700.0);
  g_assert_cmpfloat (g_array_index (series->values, double, 1), ==, 550.0);
  g_assert_cmpstr (g_ptr_array_index (series->periods, 0), ==, "2024-01-01");
  g_assert_cmpstr (g_ptr_array_index (series->periods, 1), ==, "2025-01-01");
  series = g_ptr_array_index (d->indicators, 1);
  g_assert_cmpint (series->id, ==, n.satisfaction);
  g_assert_cmpuint (series->values->len, ==, 1);
  g_assert_cmpfloat (g_array_index (series->values, double, 0), ==, 61.5);

  /* Every figure's list counts what the figure says. */
  for (guint i = 0; i < d->organisations->len; i++)
    assert_figure_counts (tdb->db, g_ptr_array_index (d->organisations, i));
  for (guint i = 0; i < d->projects->len; i++)
    assert_figure_counts (tdb->db, g_ptr_array_index (d->projects, i));
  assert_figure_counts (tdb->db, d->awarded);
  assert_figure_counts (tdb->db, d->upcoming_events);
  assert_figure_counts (tdb->db, d->open_tasks);
  assert_figure_counts (tdb->db, d->overdue_tasks);
}

static void
test_year_edges (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  Network n;

  build_network (tdb->db, &n);
  {
    /* On 31 March 2026 the year is 2025–26: only March's grant. */
    g_autoptr(JoineryDashboard) d = joinery_dashboard_read (tdb->db, "2026-03-31", &error);
    g_assert_no_error (error);
    g_assert_cmpint (d->awarded->count, ==, 1);
    g_assert_cmpint (d->awarded_pence, ==, 100000);
    /* Every task was still to come then, but for the one done. */
    g_assert_cmpint (d->overdue_tasks->count, ==, 0);
    assert_figure_counts (tdb->db, d->awarded);
  }
  {
    g_autoptr(JoineryDashboard) d = joinery_dashboard_read (tdb->db, "2026-04-01", &error);
    g_assert_no_error (error);
    g_assert_cmpint (d->awarded->count, ==, 2);
    g_assert_cmpint (d->awarded_pence, ==, 260050);
    assert_figure_counts (tdb->db, d->awarded);
  }
  {
    g_autoptr(JoineryDashboard) d = joinery_dashboard_read (tdb->db, "2027-04-01", &error);
    g_assert_no_error (error);
    g_assert_cmpint (d->awarded->count, ==, 1);
    g_assert_cmpint (d->awarded_pence, ==, 700);
    g_assert_cmpint (d->upcoming_events->count, ==, 0);
    g_assert_cmpuint (d->next_events->len, ==, 0);
    g_assert_cmpint (d->overdue_tasks->count, ==, 2);
    g_assert_false (d->awarded_earlier);
    g_assert_cmpstr (d->awarded_start, ==, "2027-04-01");
    g_assert_cmpstr (d->awarded->label, ==, "Grants awarded this financial year");
  }
  g_assert_null (joinery_dashboard_read (tdb->db, "not a date", &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
}

/* A record that ends some years back: no award this year, nothing coming.
 * The money shown is the latest year's that has any, named as that year,
 * and the latest events stand in for the next. */
static void
test_earlier_year (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  Network n;

  build_network (tdb->db, &n);
  {
    /* 2030–31 has no award; the latest before it is 1 April 2027's. */
    g_autoptr(JoineryDashboard) d = joinery_dashboard_read (tdb->db, "2030-06-15", &error);
    JoineryDashboardEvent *event;

    g_assert_no_error (error);
    g_assert_cmpstr (d->year_start, ==, "2030-04-01");
    g_assert_true (d->awarded_earlier);
    g_assert_cmpstr (d->awarded_start, ==, "2027-04-01");
    g_assert_cmpstr (d->awarded_end, ==, "2028-03-31");
    g_assert_cmpint (d->awarded->count, ==, 1);
    g_assert_cmpint (d->awarded_pence, ==, 700);
    g_assert_cmpstr (d->awarded->label, ==, "Grants awarded in 2027\u201328");
    assert_figure_counts (tdb->db, d->awarded);

    g_assert_cmpint (d->upcoming_events->count, ==, 0);
    g_assert_cmpuint (d->next_events->len, ==, 0);
    /* Latest first: September, then the two of June, the later first. */
    g_assert_cmpuint (d->latest_events->len, ==, 4);
    event = g_ptr_array_index (d->latest_events, 0);
    g_assert_cmpint (event->id, ==, n.later_event);
    g_assert_cmpstr (event->starts_on, ==, "2026-09-01");
    g_assert_cmpint (((JoineryDashboardEvent *) g_ptr_array_index (d->latest_events, 1))->id, ==, n.soon_event);
    g_assert_cmpint (((JoineryDashboardEvent *) g_ptr_array_index (d->latest_events, 2))->id, ==, n.today_event);
    g_assert_cmpint (((JoineryDashboardEvent *) g_ptr_array_index (d->latest_events, 3))->id, ==, n.past_event);
  }
  {
    /* 2026–27 has awards: they are this year's, and events are coming. */
    g_autoptr(JoineryDashboard) d = joinery_dashboard_read (tdb->db, "2026-06-15", &error);

    g_assert_no_error (error);
    g_assert_false (d->awarded_earlier);
    g_assert_cmpstr (d->awarded_start, ==, d->year_start);
    g_assert_cmpstr (d->awarded_end, ==, d->year_end);
    g_assert_cmpuint (d->latest_events->len, ==, 0);
  }
  {
    /* Before any award at all: this year's, empty, and no earlier year. */
    g_autoptr(JoineryDashboard) d = joinery_dashboard_read (tdb->db, "2020-06-15", &error);

    g_assert_no_error (error);
    g_assert_false (d->awarded_earlier);
    g_assert_cmpstr (d->awarded_start, ==, "2020-04-01");
    g_assert_cmpint (d->awarded->count, ==, 0);
    g_assert_cmpint (d->awarded_pence, ==, 0);
    g_assert_cmpuint (d->latest_events->len, ==, 0);
  }
}

static void
test_financial_year_name (void)
{
  g_autofree char *name = joinery_financial_year_name ("2017-04-01");
  g_autofree char *turn = joinery_financial_year_name ("1999-04-01");

  g_assert_cmpstr (name, ==, "2017\u201318");
  g_assert_cmpstr (turn, ==, "1999\u201300");
}

static void
test_changes (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryDashboard) d = NULL;
  g_autoptr(GError) error = NULL;
  JoineryDashboardChange *change;
  Network n;
  gint64 extra;

  build_network (tdb->db, &n);
  extra = joinery_test_create (tdb->db, "organisation", "name", "Gone", "kind", "business", NULL);
  g_assert_true (joinery_db_delete (tdb->db, joinery_kind_lookup ("organisation"), extra, &error));
  g_assert_no_error (error);
  joinery_test_create (tdb->db, "note", "record", "project:1", "body", "Met the team", NULL);

  d = joinery_dashboard_read (tdb->db, "2026-06-15", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->changes->len, ==, JOINERY_DASHBOARD_N_CHANGES);
  change = g_ptr_array_index (d->changes, 0);
  g_assert_cmpstr (change->kind->name, ==, "note");
  g_assert_cmpstr (change->action, ==, "create");
  g_assert_cmpstr (change->source, ==, "test");
  g_assert_cmpstr (change->label, ==, "Met the team");
  g_assert_nonnull (change->at);
  /* The deleted organisation: no label any more. */
  change = g_ptr_array_index (d->changes, 1);
  g_assert_cmpstr (change->kind->name, ==, "organisation");
  g_assert_cmpint (change->record_id, ==, extra);
  g_assert_cmpstr (change->action, ==, "delete");
  g_assert_null (change->label);
  change = g_ptr_array_index (d->changes, 2);
  g_assert_cmpstr (change->action, ==, "create");
  g_assert_cmpint (change->record_id, ==, extra);
  for (guint i = 1; i < d->changes->len; i++)
    g_assert_cmpint (((JoineryDashboardChange *) g_ptr_array_index (d->changes, i - 1))->audit_id, >,
                     ((JoineryDashboardChange *) g_ptr_array_index (d->changes, i))->audit_id);
  /* The deleted business is no figure: the count is of what is there. */
  g_assert_cmpint (d->n_organisations, ==, 4);
}

static void
test_empty (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDashboard) d = joinery_dashboard_read (tdb->db, "2026-06-15", &error);

  g_assert_no_error (error);
  g_assert_true (d->empty);
  g_assert_cmpint (d->n_organisations, ==, 0);
  g_assert_cmpuint (d->organisations->len, ==, 0);
  g_assert_cmpuint (d->projects->len, ==, 0);
  g_assert_cmpint (d->awarded->count, ==, 0);
  g_assert_cmpint (d->awarded_pence, ==, 0);
  g_assert_cmpint (d->open_tasks->count, ==, 0);
  g_assert_cmpuint (d->indicators->len, ==, 0);
  g_assert_cmpuint (d->changes->len, ==, 0);

  /* One person is not yet a dashboard's worth. */
  joinery_test_create (tdb->db, "person", "name", "A. Example", NULL);
  {
    g_autoptr(JoineryDashboard) again = joinery_dashboard_read (tdb->db, "2026-06-15", &error);
    g_assert_no_error (error);
    g_assert_true (again->empty);
    g_assert_cmpuint (again->changes->len, ==, 1);
  }
  joinery_test_create (tdb->db, "task", "title", "Call back", NULL);
  {
    g_autoptr(JoineryDashboard) again = joinery_dashboard_read (tdb->db, "2026-06-15", &error);
    g_assert_no_error (error);
    g_assert_false (again->empty);
  }
}

/* The read inside a change group sees what the group wrote so far, and
 * leaves the group open. */
static void
test_inside_group (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_db_begin (tdb->db, "Add", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (tdb->db, "task", "title", "Call back", "due_on", "2026-01-01", NULL);
  {
    g_autoptr(JoineryDashboard) d = joinery_dashboard_read (tdb->db, "2026-06-15", &error);
    g_assert_no_error (error);
    g_assert_cmpint (d->overdue_tasks->count, ==, 1);
  }
  g_assert_true (joinery_db_in_group (tdb->db));
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
}

/* Every statement the dashboard prepared, by its plan: no table of the
 * many is read whole. Only the indicators (a few, a description each) may
 * be, and the trail from its newest row back, a bounded number. */
static void
test_plans (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDashboard) d = NULL;
  sqlite3 *handle = joinery_db_get_handle (tdb->db);
  guint n_checked = 0;
  Network n;

  build_network (tdb->db, &n);
  /* A day with no award in its year and nothing coming prepares the
   * statements that look back; the day after them, every other. */
  d = joinery_dashboard_read (tdb->db, "2030-06-15", &error);
  g_assert_no_error (error);
  g_clear_pointer (&d, joinery_dashboard_free);
  d = joinery_dashboard_read (tdb->db, "2026-06-15", &error);
  g_assert_no_error (error);

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (handle, NULL); stmt != NULL; stmt = sqlite3_next_stmt (handle, stmt))
    {
      const char *sql = sqlite3_sql (stmt);
      g_autofree char *explain = NULL;
      sqlite3_stmt *plan = NULL;
      gboolean ours;

      ours = strstr (sql, "GROUP BY kind") != NULL || strstr (sql, "GROUP BY stage") != NULL ||
             strstr (sql, "awarded_on >=") != NULL || strstr (sql, "FROM events WHERE starts_on") != NULL ||
             strstr (sql, "FROM grants WHERE awarded_on <") != NULL ||
             strstr (sql, "FROM tasks WHERE status") != NULL || strstr (sql, "FROM indicators i") != NULL ||
             strstr (sql, "FROM measurements WHERE indicator_id") != NULL ||
             strstr (sql, "FROM audit WHERE id < ?2 ORDER BY id DESC") != NULL || strstr (sql, "SELECT NOT (EXISTS") != NULL;
      if (!ours)
        continue;
      n_checked++;
      explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
      g_assert_cmpint (sqlite3_prepare_v2 (handle, explain, -1, &plan, NULL), ==, SQLITE_OK);
      while (sqlite3_step (plan) == SQLITE_ROW)
        {
          const char *detail = (const char *) sqlite3_column_text (plan, 3);

          g_test_message ("%s\n  %s", sql, detail);
          if (g_str_has_prefix (detail, "SCAN ") && strstr (detail, "INDEX") == NULL)
            {
              /* A whole table: only the few indicators, or the trail
               * backwards from its newest row under a LIMIT. */
              gboolean allowed = g_str_equal (detail, "SCAN CONSTANT ROW") || g_str_equal (detail, "SCAN i") || g_str_equal (detail, "SCAN indicators") ||
                                 (g_str_equal (detail, "SCAN audit") && strstr (sql, "LIMIT") != NULL);
              if (!allowed)
                g_error ("a whole table read: %s\n  in %s", detail, sql);
            }
          g_assert_null (strstr (detail, "people"));
          g_assert_null (strstr (detail, "TEMP B-TREE FOR GROUP BY"));
        }
      sqlite3_finalize (plan);
    }
  g_assert_cmpuint (n_checked, ==, 13);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dashboard/financial-year", test_financial_year);
  g_test_add_func ("/core/dashboard/figures", test_figures);
  g_test_add_func ("/core/dashboard/year-edges", test_year_edges);
  g_test_add_func ("/core/dashboard/earlier-year", test_earlier_year);
  g_test_add_func ("/core/dashboard/financial-year-name", test_financial_year_name);
  g_test_add_func ("/core/dashboard/changes", test_changes);
  g_test_add_func ("/core/dashboard/empty", test_empty);
  g_test_add_func ("/core/dashboard/inside-group", test_inside_group);
  g_test_add_func ("/core/dashboard/plans", test_plans);
  return g_test_run ();
}
