/* test-lua-reports.c: the bundled report set (scripts/) on a small network
 * built here, each figure worked out by hand from the records below — not
 * by running the reports' own SQL again.
 *
 * The network (ids in creation order from 1):
 *   areas          1 Yorkshire (region), 2 Leeds (within Yorkshire), 3 Wigan
 *   organisations  1 Leeds Council (council, Leeds), 2 Carers Leeds
 *                  (voluntary, Leeds), 3 Wigan Council (council, Wigan),
 *                  4 Lonely Trust (NHS trust, Wigan), 5 Yorkshire Funder
 *                  (national body, Yorkshire)
 *   people         1 Ann (1), 2 Bob (2), 3 Cy (3), 4 Di (none), 5 Ed (1)
 *   groups         1 Leeds Board: Leeds Council, and Bob; 2 Wigan Deal, run
 *                  by Wigan Council, no members
 *   projects       1 Falls (Carers Leeds, Leeds; pilot 2022-01-01,
 *                  established 2023-01-01; partner Leeds Council),
 *                  2 Cafe (Carers Leeds, Leeds; pilot 2024-03-01),
 *                  3 Deal hub (Wigan Council, Wigan; idea 2024-01-01),
 *                  4 Old pilot (Leeds Council, Leeds; pilot 2023-01-01,
 *                  closed 2023-06-01)
 *   fund 1         Leeds Fund (Yorkshire Funder), round 1 R1; grants
 *                  1 Falls grant (Carers Leeds, project 1, £10,000 asked,
 *                  £9,000 awarded 2023-01-15, completed),
 *                  2 Cafe grant (Carers Leeds, project 2, £5,000 asked and
 *                  awarded 2024-02-01, ends 2025-02-28, still awarded),
 *                  3 Hub bid (Wigan Council, £2,000, submitted 2025-01-01),
 *                  4 Review bid (Leeds Council, £3,000, under review since
 *                  2024-10-01)
 *   tasks          open "Year 1 impact report" on grant 2 due 2025-03-01;
 *                  a done one on grant 1
 *   events         1 Spring forum 2024-04-10 (Leeds): Ann attended, Bob no
 *                  show, Di attended, Ed cancelled; 2 Wigan day 2024-09-01
 *                  (Wigan): Cy and Ann attended; 3 Future 2025-06-01
 *                  (Leeds): Bob booked
 *   indicators     1 Admissions (rate, lower is better) for Wigan: 800,
 *                  760, 700 in 2022/23 to 2024/25; 2 Satisfaction (percent,
 *                  higher) for Leeds Council: 60 in 2022, 55 in 2024;
 *                  3 Volunteers (count, higher) for Falls: 40 in 2024
 */
#include "lua-test-util.h"

#include <string.h>

typedef struct {
  JoineryTestDb         *tdb;
  JoineryPluginRegistry *registry;
} Fixture;

static void
fill_network (JoineryDb *db)
{
  joinery_test_create (db, "area", "name", "Yorkshire", "level", "region", NULL);
  joinery_test_create (db, "area", "name", "Leeds", "level", "district", "parent", "1", NULL);
  joinery_test_create (db, "area", "name", "Wigan", "level", "district", NULL);

  joinery_test_create (db, "organisation", "name", "Leeds Council", "kind", "council", "area", "2", NULL);
  joinery_test_create (db, "organisation", "name", "Carers Leeds", "kind", "voluntary", "area", "2", NULL);
  joinery_test_create (db, "organisation", "name", "Wigan Council", "kind", "council", "area", "3", NULL);
  joinery_test_create (db, "organisation", "name", "Lonely Trust", "kind", "nhs_trust", "area", "3", NULL);
  joinery_test_create (db, "organisation", "name", "Yorkshire Funder", "kind", "national_body", "area", "1", NULL);

  joinery_test_create (db, "person", "name", "Ann", "organisation", "1", NULL);
  joinery_test_create (db, "person", "name", "Bob", "organisation", "2", NULL);
  joinery_test_create (db, "person", "name", "Cy", "organisation", "3", NULL);
  joinery_test_create (db, "person", "name", "Di", NULL);
  joinery_test_create (db, "person", "name", "Ed", "organisation", "1", NULL);

  joinery_test_create (db, "group", "name", "Leeds Board", "kind", "board", NULL);
  joinery_test_create (db, "group", "name", "Wigan Deal", "kind", "programme", "organisation", "3", NULL);
  joinery_test_create (db, "group_member", "group", "1", "organisation", "1", NULL);
  joinery_test_create (db, "group_member", "group", "1", "person", "2", NULL);

  joinery_test_create (db, "project", "name", "Falls", "lead_organisation", "2", "area", "2",
                       "stage", "established", "stage_since", "2023-01-01", NULL);
  joinery_test_create (db, "project", "name", "Cafe", "lead_organisation", "2", "area", "2",
                       "stage", "pilot", "stage_since", "2024-03-01", NULL);
  joinery_test_create (db, "project", "name", "Deal hub", "lead_organisation", "3", "area", "3",
                       "stage", "idea", "stage_since", "2024-01-01", NULL);
  joinery_test_create (db, "project", "name", "Old pilot", "lead_organisation", "1", "area", "2",
                       "stage", "closed", "stage_since", "2023-06-01", NULL);
  joinery_test_create (db, "project_stage", "project", "1", "stage", "pilot", "started_on", "2022-01-01", NULL);
  joinery_test_create (db, "project_stage", "project", "4", "stage", "pilot", "started_on", "2023-01-01", NULL);
  joinery_test_create (db, "project_partner", "project", "1", "organisation", "1", NULL);

  joinery_test_create (db, "fund", "name", "Leeds Fund", "funder", "5", NULL);
  joinery_test_create (db, "round", "fund", "1", "name", "R1", "number", "1", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Falls grant", "applicant", "2", "project", "1",
                       "amount_requested", "£10,000", "amount_awarded", "£9,000", "status", "completed",
                       "awarded_on", "2023-01-15", "starts_on", "2023-02-01", "ends_on", "2024-01-31", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Cafe grant", "applicant", "2", "project", "2",
                       "amount_requested", "£5,000", "amount_awarded", "£5,000", "status", "awarded",
                       "awarded_on", "2024-02-01", "starts_on", "2024-03-01", "ends_on", "2025-02-28", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Hub bid", "applicant", "3",
                       "amount_requested", "£2,000", "status", "submitted", "submitted_on", "2025-01-01", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Review bid", "applicant", "1",
                       "amount_requested", "£3,000", "status", "under_review", "submitted_on", "2024-10-01", NULL);
  joinery_test_create (db, "task", "title", "Year 1 impact report", "due_on", "2025-03-01",
                       "record", "grant:2", NULL);
  joinery_test_create (db, "task", "title", "Final report", "due_on", "2024-03-01", "status", "done",
                       "completed_on", "2024-02-20", "record", "grant:1", NULL);

  joinery_test_create (db, "event", "name", "Spring forum", "starts_on", "2024-04-10", "area", "2", NULL);
  joinery_test_create (db, "event", "name", "Wigan day", "starts_on", "2024-09-01", "area", "3", NULL);
  joinery_test_create (db, "event", "name", "Future", "starts_on", "2025-06-01", "area", "2", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "1", "status", "attended", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "2", "status", "no_show", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "4", "status", "attended", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "5", "status", "cancelled", NULL);
  joinery_test_create (db, "attendance", "event", "2", "person", "3", "status", "attended", NULL);
  joinery_test_create (db, "attendance", "event", "2", "person", "1", "status", "attended", NULL);
  joinery_test_create (db, "attendance", "event", "3", "person", "2", "status", "booked", NULL);

  joinery_test_create (db, "indicator", "name", "Admissions", "unit", "rate", "direction", "lower", NULL);
  joinery_test_create (db, "indicator", "name", "Satisfaction", "unit", "percent", "direction", "higher", NULL);
  joinery_test_create (db, "indicator", "name", "Volunteers", "unit", "count", "direction", "higher", NULL);
  joinery_test_create (db, "measurement", "indicator", "1", "area", "3", "period_start", "2022-04-01",
                       "period_end", "2023-03-31", "value", "800", NULL);
  joinery_test_create (db, "measurement", "indicator", "1", "area", "3", "period_start", "2024-04-01",
                       "period_end", "2025-03-31", "value", "700", NULL);
  joinery_test_create (db, "measurement", "indicator", "1", "area", "3", "period_start", "2023-04-01",
                       "period_end", "2024-03-31", "value", "760", NULL);
  joinery_test_create (db, "measurement", "indicator", "2", "organisation", "1", "period_start", "2022-01-01",
                       "period_end", "2022-12-31", "value", "60", NULL);
  joinery_test_create (db, "measurement", "indicator", "2", "organisation", "1", "period_start", "2024-01-01",
                       "period_end", "2024-12-31", "value", "55", NULL);
  joinery_test_create (db, "measurement", "indicator", "3", "project", "1", "period_start", "2024-01-01",
                       "period_end", "2024-12-31", "value", "40", NULL);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->tdb = joinery_test_db_new ();
  fill_network (f->tdb->db);
  f->registry = lua_test_bundled_registry ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_object_unref (f->registry);
  joinery_test_db_free (f->tdb);
}

/* Every block of an output in one line each: "# heading", "paragraph",
 * "[title] cell,cell;cell,cell;" for a table, "<kind chart title: x / y>". */
static char *
output_text (JoineryReportOutput *output)
{
  static const char * const chart_kinds[] = { "bar", "line", "pie" };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < joinery_report_output_get_n_blocks (output); i++)
    {
      const JoineryReportBlock *block = joinery_report_output_get_block (output, i);
      const JoineryReportTable *table = block->table;

      switch (block->type)
        {
        case JOINERY_REPORT_BLOCK_HEADING:
          g_string_append_printf (out, "# %s\n", block->text);
          break;
        case JOINERY_REPORT_BLOCK_PARAGRAPH:
          g_string_append_printf (out, "%s\n", block->text);
          break;
        case JOINERY_REPORT_BLOCK_TABLE:
          g_string_append_printf (out, "[%s] ", table->title ? table->title : "");
          for (guint r = 0; r < table->n_rows; r++)
            for (guint c = 0; c < table->n_columns; c++)
              {
                g_autofree char *cell = joinery_report_cell_format (joinery_report_table_get_cell (table, r, c),
                                                                    table->columns[c].type, FALSE);
                g_string_append_printf (out, "%s%s", cell, c + 1 < table->n_columns ? "," : ";");
              }
          g_string_append_c (out, '\n');
          break;
        case JOINERY_REPORT_BLOCK_CHART:
          g_string_append_printf (out, "<%s chart %s: %s /", chart_kinds[block->chart->kind],
                                  block->chart->title ? block->chart->title : "",
                                  block->chart->data->columns[block->chart->x].name);
          for (guint y = 0; y < block->chart->n_y; y++)
            g_string_append_printf (out, " %s", block->chart->data->columns[block->chart->y[y]].name);
          g_string_append (out, ">\n");
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return g_string_free (out, FALSE);
}

static void
assert_report (Fixture *f, const char *expected, const char *report_id, ...)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = NULL;
  g_autofree char *text = NULL;
  JoineryPlugin *plugin = NULL;
  const JoineryReportInfo *info = joinery_plugin_registry_find_report (f->registry, report_id, &plugin, &error);
  const char *name;
  va_list args;

  g_assert_no_error (error);
  g_assert_nonnull (info);
  va_start (args, report_id);
  while ((name = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (params, (gpointer) name, va_arg (args, char *));
  va_end (args);
  output = joinery_lua_run_report (plugin, info->id, f->tdb->path, params, NULL, &error);
  g_assert_no_error (error);
  text = output_text (output);
  g_assert_cmpstr (text, ==, expected);
}

/* Statuses in the order grants go through, with the total; the open
 * applications by age (2024-10-01 to 2025-03-31 is 181 days, 2025-01-01
 * to it 89); reports due within 90 days (to 2025-06-29): the Cafe grant
 * ended 2025-02-28 and is not completed (31 days overdue), and its open
 * task was due 2025-03-01 (30 days). */
static void
test_grants_pipeline (Fixture *f, gconstpointer data)
{
  assert_report (f,
    "# All funds\n"
    "As at 31 March 2025.\n"
    "[By status] submitted,1,2000.00,0.00;under review,1,3000.00,0.00;awarded,1,5000.00,5000.00;"
    "completed,1,10000.00,9000.00;Total,4,20000.00,14000.00;\n"
    "2 applications wait for a decision; the oldest has waited 181 days.\n"
    "[Open applications] Review bid,Leeds Council,under review,2024-10-01,181,3000.00;"
    "Hub bid,Wigan Council,submitted,2025-01-01,89,2000.00;\n"
    "[Ageing of open applications] Under 30 days,0;30 to 89 days,1;90 days or more,1;\n"
    "2 reports due by 2025-06-29, 2 overdue.\n"
    "[Reports due] Cafe grant,Carers Leeds,End of grant report,2025-02-28,31;"
    "Cafe grant,Carers Leeds,Year 1 impact report,2025-03-01,30;\n",
    "grants-pipeline", "on", "2025-03-31", NULL);

  /* Six weeks earlier, for the fund by name: 137 and 45 days waiting;
   * the Cafe grant had not ended, and only its task falls within the 30
   * days from 2025-02-15, not yet overdue. */
  assert_report (f,
    "# Leeds Fund\n"
    "As at 15 February 2025.\n"
    "[By status] submitted,1,2000.00,0.00;under review,1,3000.00,0.00;awarded,1,5000.00,5000.00;"
    "completed,1,10000.00,9000.00;Total,4,20000.00,14000.00;\n"
    "2 applications wait for a decision; the oldest has waited 137 days.\n"
    "[Open applications] Review bid,Leeds Council,under review,2024-10-01,137,3000.00;"
    "Hub bid,Wigan Council,submitted,2025-01-01,45,2000.00;\n"
    "[Ageing of open applications] Under 30 days,0;30 to 89 days,1;90 days or more,1;\n"
    "1 report due by 2025-03-17, none overdue.\n"
    "[Reports due] Cafe grant,Carers Leeds,Year 1 impact report,2025-03-01,;\n",
    "grants-pipeline", "fund", "Leeds Fund", "on", "2025-02-15", "ahead", "30", NULL);
}

/* Stages on 2025-03-01. Days in each stage: Falls pilot 365, established
 * 790; Cafe pilot 365; Deal hub idea 425; Old pilot pilot 151 (closed is
 * not timed). Months are days / 30.4375: pilot (365 + 365 + 151) / 3 =
 * 293.7 days = 9.6 months, longest 12.0; established 26.0; idea 14.0. */
static void
test_innovation_pipeline (Fixture *f, gconstpointer data)
{
  assert_report (f,
    "# All areas\n"
    "4 projects, 3 of them live (not closed), as at 2025-03-01.\n"
    "[By stage] idea,1;pilot,1;established,1;scaling,0;embedded,0;closed,1;\n"
    "<bar chart Projects by stage: Stage / Projects>\n"
    "[By area and stage] Leeds,0,1,1,0,0,1,3;Wigan,1,0,0,0,0,0,1;\n"
    "[Time in each stage] idea,1,14,14;pilot,3,9.6,12;established,1,26,26;\n"
    "# Ready to scale\n"
    "Established for 12 months or more, with a completed grant or outcomes measured.\n"
    "[Ready to scale] Falls,Carers Leeds,Leeds,2023-01-01,grant completed, outcomes measured;\n",
    "innovation-pipeline", "on", "2025-03-01", NULL);

  /* Yorkshire holds Leeds; on 2023-12-31 Falls was established for under
   * a year, Cafe not yet started, Old pilot closed 213 days before. */
  assert_report (f,
    "# Yorkshire\n"
    "2 projects, 1 of them live (not closed), as at 2023-12-31.\n"
    "[By stage] idea,0;pilot,0;established,1;scaling,0;embedded,0;closed,1;\n"
    "<bar chart Projects by stage: Stage / Projects>\n"
    "[By area and stage] Leeds,0,0,1,0,0,1,2;\n"
    "[Time in each stage] pilot,2,8.5,12;established,1,12,12;\n"
    "# Ready to scale\n"
    "Established for 12 months or more, with a completed grant or outcomes measured.\n"
    "None yet.\n",
    "innovation-pipeline", "area", "Yorkshire", "on", "2023-12-31", NULL);
}

/* Up to 2025-03-31 two events were held. Councils: Ann twice and Cy
 * attended, Ed cancelled (not counted); Bob (voluntary) did not come; Di
 * has no organisation. Carers Leeds, Lonely Trust and Yorkshire Funder
 * had nobody attend. */
static void
test_event_attendance (Fixture *f, gconstpointer data)
{
  assert_report (f,
    "2 events up to 2025-03-31: 5 places booked (not cancelled), 4 attended, 1 did not come.\n"
    "[By kind of organisation] Council,3,3,0,100.0%,0.0%;No organisation,1,1,0,100.0%,0.0%;"
    "Voluntary organisation,1,0,1,0.0%,100.0%;\n"
    "<bar chart Attended by kind of organisation: Kind of organisation / Attended No-show>\n"
    "[By event] Spring forum,2024-04-10,3,2,1,66.7%,33.3%;Wigan day,2024-09-01,2,2,0,100.0%,0.0%;\n"
    "3 of the 5 organisations were never reached: none of their people attended.\n"
    "[Organisations never reached] Carers Leeds,Voluntary organisation,Leeds;"
    "Lonely Trust,NHS trust,Wigan;Yorkshire Funder,National body,Yorkshire;\n",
    "event-attendance", "to", "2025-03-31", NULL);

  /* From 2024-06-01 to the future event: Wigan day, and Future whose
   * booking is not recorded yet. */
  assert_report (f,
    "2 events from 2024-06-01 to 2025-06-30: 3 places booked (not cancelled), 2 attended, 0 did not come.\n"
    "The attendance of 1 booking was not recorded.\n"
    "[By kind of organisation] Council,2,2,0,100.0%,0.0%;Voluntary organisation,1,0,0,0.0%,0.0%;\n"
    "<bar chart Attended by kind of organisation: Kind of organisation / Attended No-show>\n"
    "[By event] Wigan day,2024-09-01,2,2,0,100.0%,0.0%;Future,2025-06-01,1,0,0,0.0%,0.0%;\n"
    "3 of the 5 organisations were never reached: none of their people attended.\n"
    "[Organisations never reached] Carers Leeds,Voluntary organisation,Leeds;"
    "Lonely Trust,NHS trust,Wigan;Yorkshire Funder,National body,Yorkshire;\n",
    "event-attendance", "from", "2024-06-01", "to", "2025-06-30", NULL);
}

/* Admissions fell 800 to 700 (-12.5%, lower is better: better);
 * satisfaction fell 60 to 55 (-8.3%, higher is better: worse); volunteers
 * were measured once. A line chart of each series measured twice or more,
 * in period order whatever the order the measurements were entered in. */
static void
test_outcome_indicators (Fixture *f, gconstpointer data)
{
  assert_report (f,
    "3 series measured: 1 moved the right way, 1 the wrong way, 1 measured only once.\n"
    "[Baseline and latest] Admissions,Wigan,lower,800,2022/23,700,2024/25,-100,-12.5%,better;"
    "Satisfaction,Leeds Council,higher,60%,2022,55%,2024,-5 points,-8.3%,worse;"
    "Volunteers,Falls,higher,40,2024,40,2024,,,one measurement;\n"
    "[Admissions: Wigan] 2022/23,800;2023/24,760;2024/25,700;\n"
    "<line chart Admissions: Wigan: Period / Value (rate)>\n"
    "[Satisfaction: Leeds Council] 2022,60;2024,55;\n"
    "<line chart Satisfaction: Leeds Council: Period / Value (percent)>\n",
    "outcome-indicators", NULL);

  /* Up to 2024-03-31, one indicator: 800 to 760, -5.0%. */
  assert_report (f,
    "# Admissions\n"
    "1 series measured: 1 moved the right way, 0 the wrong way, 0 measured only once.\n"
    "[Baseline and latest] Admissions,Wigan,lower,800,2022/23,760,2023/24,-40,-5.0%,better;\n"
    "[Admissions: Wigan] 2022/23,800;2023/24,760;\n"
    "<line chart Admissions: Wigan: Period / Value (rate)>\n",
    "outcome-indicators", "indicator", "Admissions", "to", "2024-03-31", NULL);
}

/* Links: the Leeds Board (Leeds Council, and Carers Leeds through Bob);
 * Falls (Carers Leeds leads, Leeds Council partners); each grant links its
 * applicant to Yorkshire Funder. Yorkshire Funder reaches 3 organisations
 * through 4 grants; Carers Leeds and Leeds Council reach 2 each, Carers
 * Leeds through more (1 + 1 + 2); Wigan Council reaches 1 (its group and
 * project are its own). Lonely Trust has no link. */
static void
test_network_connectors (Fixture *f, gconstpointer data)
{
  assert_report (f,
    "5 organisations: 4 linked to at least one other, 1 isolated.\n"
    "[The 4 best connected] 1,Yorkshire Funder,3,0,0,4;2,Carers Leeds,2,1,1,2;3,Leeds Council,2,1,1,1;"
    "4,Wigan Council,1,0,0,1;\n"
    "<bar chart Organisations linked: Organisation / Organisations linked>\n"
    "Isolated: no group, project or grant links these to another organisation.\n"
    "[Isolated organisations] Lonely Trust,NHS trust,Wigan;\n",
    "network-connectors", NULL);
  assert_report (f,
    "5 organisations: 4 linked to at least one other, 1 isolated.\n"
    "[The 2 best connected] 1,Yorkshire Funder,3,0,0,4;2,Carers Leeds,2,1,1,2;\n"
    "<bar chart Organisations linked: Organisation / Organisations linked>\n"
    "Isolated: no group, project or grant links these to another organisation.\n"
    "[Isolated organisations] Lonely Trust,NHS trust,Wigan;\n",
    "network-connectors", "top", "2", NULL);
}

/* Leeds on 2025-03-31: Leeds Council and Carers Leeds; Falls and Cafe
 * live (Old pilot closed); grants 1 and 2 (£9,000 + £5,000); Spring
 * forum held (2 of 3 attended) and Future to come; satisfaction worse,
 * volunteers measured once. */
static void
test_area_briefing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  JoineryPlugin *plugin = NULL;

  assert_report (f,
    "# Leeds\n"
    "As at 31 March 2025: 2 organisations, 2 live projects and £14,000.00 awarded in 2 grants.\n"
    "[Organisations] Council,1;Voluntary,1;\n"
    "[Live projects by stage] pilot,1,Cafe;established,1,Falls;\n"
    "[Money awarded] Leeds Fund,2,14000.00;\n"
    "[Latest events] Spring forum,2024-04-10,held,2,3;Future,2025-06-01,to come,0,1;\n"
    "[Indicator changes] Satisfaction,Leeds Council,60%,55%,2022 to 2024,worse;\n"
    "1 indicator series was measured only once, so no change to show yet.\n",
    "area-briefing", "area", "Leeds", "on", "2025-03-31", NULL);

  /* Wigan before anything was awarded there, one event shown. */
  assert_report (f,
    "# Wigan\n"
    "As at 1 October 2024: 2 organisations, 1 live project and no grants awarded.\n"
    "[Organisations] Council,1;NHS trust,1;\n"
    "[Live projects by stage] idea,1,Deal hub;\n"
    "[Latest events] Wigan day,2024-09-01,held,2,2;\n"
    "[Indicator changes] Admissions,Wigan,800,760,2023 to 2024,better;\n",
    "area-briefing", "area", "3", "on", "2024-10-01", "events", "1", NULL);

  /* The area is required. */
  joinery_plugin_registry_find_report (f->registry, "area-briefing", &plugin, &error);
  g_assert_no_error (error);
  g_assert_null (joinery_lua_run_report (plugin, "area-briefing", f->tdb->path, params, NULL, &error));
  g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_PARAMETER);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lua/reports/grants-pipeline", test_grants_pipeline);
  ADD ("/lua/reports/innovation-pipeline", test_innovation_pipeline);
  ADD ("/lua/reports/event-attendance", test_event_attendance);
  ADD ("/lua/reports/outcome-indicators", test_outcome_indicators);
  ADD ("/lua/reports/network-connectors", test_network_connectors);
  ADD ("/lua/reports/area-briefing", test_area_briefing);
  return g_test_run ();
}
