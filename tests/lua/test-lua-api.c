/* test-lua-api.c: every function of the Lua API, with real values — and
 * every example of the reference (scripts/README.md), run as written.
 */
#include "lua-test-util.h"

#include <string.h>

typedef struct {
  JoineryTestDb *tdb;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->tdb = joinery_test_db_new ();
  lua_test_fill (f->tdb->db);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  joinery_test_db_free (f->tdb);
}

/* Run `code`; return what it printed (the test fails on an error). */
static char *
run_ok (Fixture *f, const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = lua_test_script (f->tdb, code, 10000, &error);

  if (error != NULL)
    g_error ("script failed: %s\n%s", error->message, code);
  return g_strdup (joinery_report_output_get_log (output));
}

/* Run `code`, which must fail with `message` in its error. */
static void
run_fails (Fixture *f, const char *code, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = lua_test_script (f->tdb, code, 10000, &error);

  if (output != NULL)
    g_error ("expected a failure (“%s”) from:\n%s", message, code);
  g_assert_nonnull (error);
  if (strstr (error->message, message) == NULL)
    g_error ("expected “%s” in “%s”", message, error->message);
}

#define ASSERT_PRINTS(f, code, expected) \
  G_STMT_START { g_autofree char *out_ = run_ok (f, code); g_assert_cmpstr (out_, ==, expected); } G_STMT_END

static void
test_query (Fixture *f, gconstpointer data)
{
  ASSERT_PRINTS (f, "for id, name, org in ctx:query('SELECT id, name, organisation_id FROM people ORDER BY id') do\n"
                    "  print(id, name, org, math.type(id)) end",
                 "1\tAnn Smith\t1\tinteger\n2\tBob Jones\t2\tinteger\n3\tCara Patel\t1\tinteger\n");
  ASSERT_PRINTS (f, "for id, amount in ctx:query('SELECT id, amount_awarded FROM grants WHERE status = ? AND id > ?', 'awarded', 0) do\n"
                    "  print(id, amount) end", "1\t4500000\n2\t1250050\n");
  ASSERT_PRINTS (f, "for row in ctx:rows('SELECT name, job_title FROM people WHERE organisation_id = :org ORDER BY name', { org = 1 }) do\n"
                    "  print(row.name, row.job_title) end", "Ann Smith\tProgramme Officer\nCara Patel\tnil\n");
  ASSERT_PRINTS (f, "local r = ctx:row('SELECT title, amount_awarded / 100.0 AS pounds FROM grants WHERE id = ?', 2)\n"
                    "print(r.title, r.pounds, ctx:row('SELECT 1 WHERE 0'))", "Carers' network\t12500.5\tnil\n");
  ASSERT_PRINTS (f, "print(ctx:value('SELECT count(*) FROM people'), ctx:value('SELECT NULL'), ctx:value('SELECT 1 WHERE 0'))",
                 "3\tnil\tnil\n");
  /* Dates, records and booleans bind as ISO text, ids and 1/0. */
  ASSERT_PRINTS (f, "print(ctx:value('SELECT ?', joinery.date('2024-05-19')), ctx:value('SELECT ? + 0', ctx:get('person', 2)),\n"
                    "  ctx:value('SELECT ?', true), ctx:value('SELECT typeof(?)', 2.5))", "2024-05-19\t2\t1\treal\n");
  /* Breaking out of a loop frees the statement for the next query. */
  ASSERT_PRINTS (f, "for i = 1, 3 do for id in ctx:query('SELECT id FROM people') do break end end\n"
                    "local n = 0 for id in ctx:query('SELECT id FROM people') do n = n + 1 end print(n)", "3\n");
  run_fails (f, "for a in ctx:query('SELECT NULL, 1') do end", "the first column is NULL");
  run_fails (f, "ctx:value('SELECT ?, ?', 1)", "the SQL has 2 parameters but 1 value were given");
  run_fails (f, "ctx:value('SELECT ?, ?', 1, {})", "a table value cannot be bound");
  run_fails (f, "ctx:value('SELECT ?', {})", "parameter 1 has no name");
  run_fails (f, "ctx:value('SELECT * FROM nowhere')", "no such table: nowhere");
}

static void
test_records (Fixture *f, gconstpointer data)
{
  ASSERT_PRINTS (f, "local g = ctx:get('grant', 1)\n"
                    "print(g.id, g.kind, g.label, g.title, g.status, g.amount_awarded, math.type(g.amount_awarded))\n"
                    "print(g.awarded_on, g.submitted_on, g.applicant.name, g.applicant_id, g.round.fund.name, g.project.name)\n"
                    "print(tostring(g), g == ctx:get('grant', 1), g == ctx:get('grant', 2), ctx:get('grant', 99))",
                 "1\tgrant\tDiabetes prevention\tDiabetes prevention\tawarded\t4500000\tinteger\n"
                 "2024-05-19\tnil\tBradford Care Trust\t2\tBetter Care Fund\tBradford Beating Diabetes\n"
                 "grant #1 “Diabetes prevention”\ttrue\tfalse\tnil\n");
  ASSERT_PRINTS (f, "local p = ctx:get('person', 1) print(p.consent_to_contact, type(p.created_at))", "false\tstring\n");
  ASSERT_PRINTS (f, "for _, g in ipairs(ctx:records('grant', { status = 'awarded' })) do print(g.id, g.title) end\n"
                    "print(#ctx:records('grant'), #ctx:records('person', { organisation = ctx:get('organisation', 1) }),\n"
                    "      #ctx:records('person', { organisation = 2 }))",
                 "2\tCarers' network\n1\tDiabetes prevention\n3\t2\t1\n");
  ASSERT_PRINTS (f, "local org = ctx:get('organisation', 2)\n"
                    "for _, g in ipairs(org:related('grant', 'applicant')) do print(g.title) end\n"
                    "print(#org:related('person'), #org:related('grant'), #org:related('project'), #org:related('note'))",
                 "Diabetes prevention\nFalls pilot\n1\t2\t1\t0\n");
  ASSERT_PRINTS (f, "local keys = {} for k, v in pairs(ctx:get('person', 1)) do keys[#keys + 1] = k .. '=' .. tostring(v) end\n"
                    "table.sort(keys) print(table.concat(keys, ' '))",
                 "consent_to_contact=false id=1 job_title=Programme Officer name=Ann Smith organisation_id=1\n");
  ASSERT_PRINTS (f, "print(ctx:get('person', 1):fields().organisation_id)", "1\n");
  run_fails (f, "return ctx:get('grant', 1).amout", "grant has no field “amout”");
  run_fails (f, "ctx:get('grant', 1).title = 'x'", "records are read-only");
  run_fails (f, "ctx:get('lizard', 1)", "there is no kind of record called “lizard”");
  run_fails (f, "ctx:records('grant', { colour = 'red' })", "grant has no field “colour”");
  run_fails (f, "ctx:get('person', 1):related('fund')", "no field of funds refers to people");
}

static void
test_log (Fixture *f, gconstpointer data)
{
  ASSERT_PRINTS (f, "print('a', 1, nil, true)\nprint = function () error('replaced') end\n"
                    "ctx:log('b', 2.5, setmetatable({}, { __tostring = function () return 'obj' end }))",
                 "a\t1\tnil\ttrue\nb\t2.5\tobj\n");
}

static void
test_kinds_and_fields (Fixture *f, gconstpointer data)
{
  ASSERT_PRINTS (f, "local k = joinery.kinds() print(#k, k[1], k[3])\n"
                    "for _, fd in ipairs(joinery.fields('grant')) do\n"
                    "  if fd.name == 'applicant' or fd.name == 'status' or fd.name == 'amount_awarded' then\n"
                    "    print(fd.name, fd.label, fd.type, fd.required, fd.kind, fd.choices and #fd.choices) end end",
                 "24\tarea\tperson\n"
                 "applicant\tApplicant\treference\ttrue\torganisation\tnil\n"
                 "amount_awarded\tAmount awarded\tmoney\tfalse\tnil\tnil\n"
                 "status\tStatus\tchoice\ttrue\tnil\t7\n");
  ASSERT_PRINTS (f, "print(joinery.api_version, joinery.version == '" PACKAGE_VERSION_FOR_TESTS "')", "1\ttrue\n");
}

static void
test_dates (Fixture *f, gconstpointer data)
{
  g_setenv ("JOINERY_TODAY", "2024-05-19", TRUE);
  ASSERT_PRINTS (f, "local d = joinery.date('2024-01-31')\n"
                    "print(d, d.year, d.month, d.day, d:iso(), type(d))\n"
                    "print(d:add_days(30), d:add_days(-31), d:add_months(1), d:add_months(13), d:add_months(-2))\n"
                    "print(joinery.date('2024-02-29'):add_years(1), joinery.date('2024-02-29'):add_years(4), d:add_years(-1))\n"
                    "print(joinery.date('19/05/2024'), joinery.date { year = 2024, month = 5, day = 19 } == joinery.date('2024-05-19'))\n"
                    "print(joinery.today(), joinery.today() > d, d < joinery.today(), d <= d, 'on ' .. d)\n"
                    "print(joinery.date('2024-05-19'):weekday(), joinery.date('2024-05-20'):weekday())\n"
                    "print(joinery.date('2024-05-19'):days_until('2024-06-01'), joinery.date('2024-06-01'):days_until('2024-05-19'))\n"
                    "print(joinery.date('2024-05-09'):format('%A %d %B %Y'), joinery.date('2024-05-09'):format('%b %y'))",
                 "2024-01-31\t2024\t1\t31\t2024-01-31\tuserdata\n"
                 "2024-03-01\t2023-12-31\t2024-02-29\t2025-02-28\t2023-11-30\n"
                 "2025-02-28\t2028-02-29\t2023-01-31\n"
                 "2024-05-19\ttrue\n"
                 "2024-05-19\ttrue\ttrue\ttrue\ton 2024-01-31\n"
                 "7\t1\n"
                 "13\t-13\n"
                 "Thursday 09 May 2024\tMay 24\n");
  ASSERT_PRINTS (f, "local fy = joinery.financial_year('2025-03-31')\n"
                    "print(fy.label, fy.start_year, fy.first, fy.last)\n"
                    "print(joinery.date('2025-04-01'):financial_year().label, joinery.financial_year('2099-12-31').label)",
                 "2024/25\t2024\t2024-04-01\t2025-03-31\n2025/26\t2099/00\n");
  run_fails (f, "joinery.date('2024-02-30')", "is not a date");
  run_fails (f, "joinery.date { year = 2023, month = 2, day = 29 }", "not a date");
  run_fails (f, "joinery.date('2024-01-01'):add_years(9000)", "out of range");
  run_fails (f, "joinery.date('2024-01-01'):format('%H:%M')", "%H is not a date directive");
  g_unsetenv ("JOINERY_TODAY");
}

static void
test_money (Fixture *f, gconstpointer data)
{
  ASSERT_PRINTS (f, "print(joinery.money.format(113000000), joinery.money.format(-1250, { symbol = false }), joinery.money.format(5))\n"
                    "print(joinery.money.parse('£1,234.50'), joinery.money.parse('1234.5'), joinery.money.parse('lots'))\n"
                    "print(joinery.money.from_pounds(12.345), joinery.money.from_pounds(-0.005), joinery.money.to_pounds(1250))",
                 "£1,130,000.00\t-12.50\t£0.05\n"
                 "123450\t123450\tnil\tis not an amount of money (write pounds, such as 1250 or 1,250.50)\n"
                 "1235\t-1\t12.5\n");
  run_fails (f, "joinery.money.from_pounds(1/0)", "is not an amount of money");
}

static void
test_output (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = NULL;
  const JoineryReportBlock *block;
  const JoineryReportTable *table;

  output = lua_test_script (f->tdb,
    "ctx:heading('Grants') ctx:heading('Detail', 3) ctx:paragraph('All of them.')\n"
    "local t = ctx:table { title = 'Awards', columns = { 'Grant', { 'Count', 'integer' }, { 'Ratio', 'number' },\n"
    "  { 'Awarded', 'money' }, { 'On', 'date' }, { 'Share', 'percent' } } }\n"
    "t:add('Diabetes prevention', 2, 0.5, 4500000, '2024-05-19', 0.78)\n"
    "t:add { ctx:get('grant', 2), 3.0, 1, 1250050, joinery.date('2024-06-01'), 0.22 }\n"
    "t:add { Grant = 'Falls pilot', Count = 1 }\n"
    "print(t:count())\n"
    "ctx:chart { kind = 'line', title = 'Trend', data = t, x = 'Grant', y = { 'Awarded', 'Count' } }\n",
    10000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_report_output_get_log (output), ==, "3\n");
  g_assert_cmpuint (joinery_report_output_get_n_blocks (output), ==, 5);
  block = joinery_report_output_get_block (output, 0);
  g_assert_cmpint (block->type, ==, JOINERY_REPORT_BLOCK_HEADING);
  g_assert_cmpstr (block->text, ==, "Grants");
  g_assert_cmpuint (block->level, ==, 1);
  g_assert_cmpuint (joinery_report_output_get_block (output, 1)->level, ==, 3);
  g_assert_cmpint (joinery_report_output_get_block (output, 2)->type, ==, JOINERY_REPORT_BLOCK_PARAGRAPH);
  block = joinery_report_output_get_block (output, 3);
  g_assert_cmpint (block->type, ==, JOINERY_REPORT_BLOCK_TABLE);
  table = block->table;
  g_assert_cmpstr (table->title, ==, "Awards");
  g_assert_cmpuint (table->n_columns, ==, 6);
  g_assert_cmpuint (table->n_rows, ==, 3);
  g_assert_cmpint (table->columns[3].type, ==, JOINERY_REPORT_COLUMN_MONEY);
  g_assert_cmpstr (joinery_report_table_get_cell (table, 0, 0)->text, ==, "Diabetes prevention");
  g_assert_cmpint (joinery_report_table_get_cell (table, 0, 1)->integer, ==, 2);
  g_assert_cmpfloat (joinery_report_table_get_cell (table, 0, 2)->number, ==, 0.5);
  g_assert_cmpint (joinery_report_table_get_cell (table, 0, 3)->integer, ==, 4500000);
  g_assert_cmpstr (joinery_report_table_get_cell (table, 0, 4)->text, ==, "2024-05-19");
  g_assert_cmpfloat (joinery_report_table_get_cell (table, 0, 5)->number, ==, 0.78);
  g_assert_cmpstr (joinery_report_table_get_cell (table, 1, 0)->text, ==, "Carers' network");
  g_assert_cmpint (joinery_report_table_get_cell (table, 1, 1)->integer, ==, 3);
  g_assert_cmpstr (joinery_report_table_get_cell (table, 1, 4)->text, ==, "2024-06-01");
  g_assert_true (joinery_report_table_get_cell (table, 2, 3)->is_null);
  g_assert_cmpint (joinery_report_table_get_cell (table, 2, 1)->integer, ==, 1);
  block = joinery_report_output_get_block (output, 4);
  g_assert_cmpint (block->type, ==, JOINERY_REPORT_BLOCK_CHART);
  g_assert_cmpint (block->chart->kind, ==, JOINERY_REPORT_CHART_LINE);
  g_assert_cmpstr (block->chart->title, ==, "Trend");
  g_assert_cmpuint (block->chart->x, ==, 0);
  g_assert_cmpuint (block->chart->n_y, ==, 2);
  g_assert_cmpuint (block->chart->y[0], ==, 3);
  g_assert_cmpuint (block->chart->y[1], ==, 1);
  g_assert_cmpuint (block->chart->data->n_rows, ==, 3);

  run_fails (f, "local t = ctx:table { columns = { { 'N', 'integer' } } } t:add(2.5)", "holds whole numbers; 2.5");
  run_fails (f, "local t = ctx:table { columns = { { 'N', 'money' } } } t:add('£5')", "holds money");
  run_fails (f, "local t = ctx:table { columns = { { 'D', 'date' } } } t:add('2024-13-01')", "holds date");
  run_fails (f, "local t = ctx:table { columns = { { 'P', 'percent' } } } t:add(0/0)", "infinite or undefined");
  run_fails (f, "local t = ctx:table { columns = { 'A' } } t:add(1, 2)", "the table has 1 columns but 2 values");
  run_fails (f, "local t = ctx:table { columns = { 'A' } } t:add { B = 1 }", "the table has no column “B”");
  run_fails (f, "ctx:table { columns = { { 'A', 'colour' } } }", "unknown type “colour”");
  run_fails (f, "ctx:table { columns = { 'A', 'A' } }", "two columns are called “A”");
  run_fails (f, "ctx:table { columns = {} }", "give at least one column");
  run_fails (f, "ctx:heading('x', 4)", "a heading's level is 1, 2 or 3");
  run_fails (f, "local t = ctx:table { columns = { 'A', { 'B', 'integer' } } } ctx:chart { kind = 'radar', data = t, x = 'A', y = 'B' }",
             "kind must be");
  run_fails (f, "local t = ctx:table { columns = { 'A', { 'B', 'integer' } } } ctx:chart { kind = 'bar', data = t, x = 'A', y = 'A' }",
             "holds text, not numbers");
  run_fails (f, "local t = ctx:table { columns = { 'A', { 'B', 'integer' } } } ctx:chart { kind = 'bar', data = t, x = 'Z', y = 'B' }",
             "x must name a column");
  run_fails (f, "local t = ctx:table { columns = { 'A', { 'B', 'integer' }, { 'C', 'integer' } } }\n"
                "ctx:chart { kind = 'pie', data = t, x = 'A', y = { 'B', 'C' } }", "a pie chart shows one y column");
}

static void
test_declarations (Fixture *f, gconstpointer data)
{
  run_fails (f, "joinery.report { id = 'Bad Id', title = 'x', run = function () end }", "must be lower case");
  run_fails (f, "joinery.report { id = 'r', run = function () end }", "“title” must be text");
  run_fails (f, "joinery.report { id = 'r', title = 't' }", "“run” must be a function");
  run_fails (f, "joinery.report { id = 'r', title = 't', run = print, params = { { name = 'x', type = 'colour' } } }",
             "type “colour” is not text, number, date, choice or record");
  run_fails (f, "joinery.report { id = 'r', title = 't', run = print, params = { { name = 'x', type = 'choice' } } }",
             "a choice needs “choices”");
  run_fails (f, "joinery.report { id = 'r', title = 't', run = print, params = { { name = 'x', type = 'record', kind = 'lizard' } } }",
             "no kind of record called “lizard”");
  run_fails (f, "joinery.report { id = 'r', title = 't', run = print, params = { { name = 'x', type = 'date', default = 'soon' } } }",
             "the default does not fit its type");
  run_fails (f, "joinery.report { id = 'r', title = 't', run = print, params = { { name = 'x', type = 'text' }, { name = 'x', type = 'text' } } }",
             "two parameters are called “x”");
  run_fails (f, "joinery.report { id = 'r', title = 't', run = print } joinery.report { id = 'r', title = 't', run = print }",
             "the id “r” is declared twice");
  run_fails (f, "joinery.workflow { id = 'w', title = 't', run = print, on = 'grant.exploded' }", "is not an event");
  run_fails (f, "joinery.workflow { id = 'w', title = 't', run = print, on = 'fund.status' }", "funds have no status or stage");
  run_fails (f, "joinery.workflow { id = 'w', title = 't', run = print }", "“on” must say when it runs");
  run_fails (f, "joinery.action { id = 'a', title = 't', run = print, kind = 'lizard' }", "no kind of record called “lizard”");
  ASSERT_PRINTS (f, "local r = joinery.report { id = 'r', title = 't', run = print }\n"
                    "local w = joinery.workflow { id = 'w', title = 't', run = print, on = { 'project.status', 'demand' } }\n"
                    "print(r.id, w.on[1], w.on[2])", "r\tproject.status\tdemand\n");
}

/* Every ```lua block of the reference runs: as a script, or (those on
 * changing data) inside a workflow run on demand with `grant` at hand. */
static void
test_readme (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "scripts", "README.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) block = NULL;
  gboolean writing = FALSE;
  guint n_blocks = 0, n_writing = 0;
  g_autoptr(GString) workflow = g_string_new (NULL);

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "## "))
        writing = g_str_has_prefix (lines[i], "## Changing data");
      if (g_str_equal (lines[i], "```lua"))
        {
          block = g_string_new (NULL);
          continue;
        }
      if (block != NULL && g_str_equal (lines[i], "```"))
        {
          if (writing)
            {
              g_string_append_printf (workflow, "do\n%s\nend\n", block->str);
              n_writing++;
            }
          else
            {
              g_autofree char *out = run_ok (f, block->str);
              n_blocks++;
            }
          g_string_free (g_steal_pointer (&block), TRUE);
          continue;
        }
      if (block != NULL)
        g_string_append_printf (block, "%s\n", lines[i]);
    }
  g_assert_cmpuint (n_blocks, >=, 25);
  g_assert_cmpuint (n_writing, ==, 3);

  {
    g_autofree char *main_lua = g_strdup_printf (
      "return joinery.workflow { id = 'readme', title = 'The reference', on = 'demand',\n"
      "  run = function (ctx) local grant = ctx:get('grant', 1)\n%s end }\n", workflow->str);
    g_autofree char *folder = lua_test_plugin (f->tdb->dir, "readme", "write", "", "readme", "", main_lua);
    g_autoptr(JoineryPlugin) plugin = joinery_plugin_load (folder);
    g_autoptr(GError) run_error = NULL;
    g_autoptr(GPtrArray) tasks = NULL;

    g_assert_cmpint (joinery_plugin_get_status (plugin), ==, JOINERY_PLUGIN_OK);
    g_assert_true (joinery_lua_run_workflow (f->tdb->db, plugin, "readme", NULL, NULL, NULL, NULL, &run_error));
    g_assert_no_error (run_error);
    tasks = joinery_db_list (f->tdb->db, joinery_kind_lookup ("task"), NULL, &run_error);
    g_assert_cmpuint (tasks->len, ==, 1);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lua/api/query", test_query);
  ADD ("/lua/api/records", test_records);
  ADD ("/lua/api/log", test_log);
  ADD ("/lua/api/kinds-and-fields", test_kinds_and_fields);
  ADD ("/lua/api/dates", test_dates);
  ADD ("/lua/api/money", test_money);
  ADD ("/lua/api/output", test_output);
  ADD ("/lua/api/declarations", test_declarations);
  ADD ("/lua/api/readme", test_readme);
  return g_test_run ();
}
