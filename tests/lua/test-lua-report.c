/* test-lua-report.c: running reports — parameters checked against their
 * declaration — and the report output: its JSON both ways, what the host
 * refuses to read, and every format it is written in.
 */
#include "lua-test-util.h"

#include <string.h>

typedef struct {
  JoineryTestDb *tdb;
  JoineryPlugin *plugin;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *plugins = NULL;
  g_autofree char *folder = NULL;

  f->tdb = joinery_test_db_new ();
  lua_test_fill (f->tdb->db);
  plugins = g_build_filename (f->tdb->dir, "plugins", NULL);
  folder = lua_test_plugin (plugins, "echo", "read", "echo", "", "",
    "joinery.report { id = 'echo', title = 'Echo',\n"
    "  params = { { name = 'text', type = 'text' }, { name = 'n', type = 'number', default = 3 },\n"
    "             { name = 'on', type = 'date' }, { name = 'colour', type = 'choice', choices = { 'red', 'blue' } },\n"
    "             { name = 'fund', type = 'record', kind = 'fund' }, { name = 'must', type = 'text', required = true } },\n"
    "  run = function (ctx, p)\n"
    "    local t = ctx:table { columns = { 'Name', 'Value' } }\n"
    "    for _, name in ipairs { 'text', 'n', 'on', 'colour', 'fund', 'must' } do\n"
    "      local v = p[name]\n"
    "      local shown = v == nil and 'nil' or (type(v) == 'userdata' and (v.kind and ('record ' .. v.name) or ('date ' .. v))) or\n"
    "                    (math.type(v) or type(v)) .. ' ' .. tostring(v)\n"
    "      t:add(name, shown)\n"
    "    end\n"
    "  end }\n");
  f->plugin = joinery_plugin_load (folder);
  g_assert_cmpint (joinery_plugin_get_status (f->plugin), ==, JOINERY_PLUGIN_OK);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_object_unref (f->plugin);
  joinery_test_db_free (f->tdb);
}

static char *
run_echo (Fixture *f, GError **error, ...)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JoineryReportOutput) output = NULL;
  const JoineryReportTable *table;
  GString *out = g_string_new (NULL);
  const char *name;
  va_list args;

  va_start (args, error);
  while ((name = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (params, (gpointer) name, va_arg (args, char *));
  va_end (args);
  output = joinery_lua_run_report (f->plugin, "echo", f->tdb->path, params, NULL, error);
  if (output == NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  g_assert_cmpstr (joinery_report_output_get_title (output), ==, "Echo");
  g_assert_cmpstr (joinery_report_output_get_report_id (output), ==, "echo");
  g_assert_cmpstr (joinery_report_output_get_plugin_id (output), ==, "echo");
  table = joinery_report_output_get_block (output, 0)->table;
  for (guint r = 0; r < table->n_rows; r++)
    g_string_append_printf (out, "%s=%s;", joinery_report_table_get_cell (table, r, 0)->text,
                            joinery_report_table_get_cell (table, r, 1)->text);
  return g_string_free (out, FALSE);
}

static void
test_params (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *all = run_echo (f, &error, "text", "hello", "n", "2.5", "on", "19/05/2024", "colour", "blue",
                                   "fund", "#1", "must", "yes", NULL);
  g_autofree char *defaults = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (all, ==, "text=string hello;n=float 2.5;on=date 2024-05-19;colour=string blue;"
                            "fund=record Better Care Fund;must=string yes;");
  defaults = run_echo (f, &error, "must", "x", "text", "", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (defaults, ==, "text=nil;n=integer 3;on=nil;colour=nil;fund=nil;must=string x;");
}

/* A record by its label, as the command line takes a reference: exactly,
 * whatever the case, and refused when two records share it. */
static void
test_record_by_label (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *by_name = run_echo (f, &error, "must", "x", "fund", "better care FUND", NULL);
  g_autofree char *other = NULL;
  g_autofree char *twice = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (by_name, ==, "text=nil;n=integer 3;on=nil;colour=nil;fund=record Better Care Fund;must=string x;");

  joinery_test_create (f->tdb->db, "fund", "name", "Innovation Fund", NULL);
  other = run_echo (f, &error, "must", "x", "fund", "Innovation Fund", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (other, ==, "text=nil;n=integer 3;on=nil;colour=nil;fund=record Innovation Fund;must=string x;");

  joinery_test_create (f->tdb->db, "fund", "name", "Innovation Fund", NULL);
  twice = run_echo (f, &error, "must", "x", "fund", "Innovation Fund", NULL);
  g_assert_null (twice);
  g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_PARAMETER);
  g_assert_cmpstr (error->message, ==, "plugin “echo”: parameter fund: more than one fund is called "
                                       "“Innovation Fund” (#2 and #3); give the id instead");
}

static void
test_bad_params (Fixture *f, gconstpointer data)
{
  static const struct { const char *name, *value, *message; } bad[] = {
    { "n", "lots", "parameter n: “lots” is not a number" },
    { "on", "2024-02-30", "parameter on:" },
    { "colour", "green", "parameter colour: “green” is not one of red, blue" },
    { "fund", "Better Care", "parameter fund: there is no fund called “Better Care”" },
    { "fund", "#nine", "parameter fund: there is no fund called “#nine”" },
    { "fund", "99", "parameter fund: there is no fund #99" },
    { "size", "3", "report “echo” has no parameter “size” (it has: text, n, on, colour, fund, must)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = run_echo (f, &error, "must", "x", bad[i].name, bad[i].value, NULL);

      g_assert_null (out);
      g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_PARAMETER);
      if (strstr (error->message, bad[i].message) == NULL)
        g_error ("“%s” has no “%s”", error->message, bad[i].message);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *out = run_echo (f, &error, NULL);
    g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_PARAMETER);
    g_assert_nonnull (strstr (error->message, "needs the parameter “must”"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JoineryReportOutput) output = joinery_lua_run_report (f->plugin, "nope", f->tdb->path, NULL, NULL, &error);
    g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_NOT_FOUND);
  }
}

static const char *sample_json =
  "{ \"title\": \"Fund summary\", \"report\": \"fund-summary\", \"plugin\": \"funds\", \"log\": \"hi\\n\",\n"
  "  \"blocks\": [\n"
  "    { \"type\": \"heading\", \"level\": 1, \"text\": \"Better Care Fund\" },\n"
  "    { \"type\": \"paragraph\", \"text\": \"Two <themes> & more.\" },\n"
  "    { \"type\": \"table\", \"title\": \"By theme\",\n"
  "      \"columns\": [ { \"name\": \"Theme\", \"type\": \"text\" }, { \"name\": \"Grants\", \"type\": \"integer\" },\n"
  "                   { \"name\": \"Awarded\", \"type\": \"money\" }, { \"name\": \"Share\", \"type\": \"percent\" },\n"
  "                   { \"name\": \"Since\", \"type\": \"date\" }, { \"name\": \"Score\", \"type\": \"number\" } ],\n"
  "      \"rows\": [ [ \"Ageing, well\", 1234, 113000000, 0.75, \"2024-04-01\", 56.3 ],\n"
  "                [ \"=SUM(A1)\", 2, 37666650, 0.25, null, null ] ] },\n"
  "    { \"type\": \"chart\", \"kind\": \"pie\", \"title\": \"Awarded\", \"x\": \"Theme\", \"y\": [ \"Awarded\" ],\n"
  "      \"data\": { \"type\": \"table\", \"columns\": [ { \"name\": \"Theme\", \"type\": \"text\" },\n"
  "                                               { \"name\": \"Awarded\", \"type\": \"money\" } ],\n"
  "                \"rows\": [ [ \"A\", 300 ], [ \"B\", 100 ] ] } } ] }";

static JoineryReportOutput *
sample (void)
{
  g_autoptr(GError) error = NULL;
  JoineryReportOutput *output = joinery_report_output_from_json (sample_json, strlen (sample_json), &error);

  g_assert_no_error (error);
  return output;
}

static void
test_json (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryReportOutput) output = sample ();
  g_autoptr(JoineryReportOutput) again = NULL;
  g_autofree char *json = joinery_report_output_to_json (output);
  g_autofree char *json_again = NULL;
  g_autoptr(GError) error = NULL;
  const JoineryReportTable *table;

  g_assert_cmpstr (joinery_report_output_get_title (output), ==, "Fund summary");
  g_assert_cmpstr (joinery_report_output_get_log (output), ==, "hi\n");
  g_assert_cmpuint (joinery_report_output_get_n_blocks (output), ==, 4);
  table = joinery_report_output_get_block (output, 2)->table;
  g_assert_cmpint (joinery_report_table_get_cell (table, 0, 2)->integer, ==, 113000000);
  g_assert_true (joinery_report_table_get_cell (table, 1, 4)->is_null);
  again = joinery_report_output_from_json (json, strlen (json), &error);
  g_assert_no_error (error);
  json_again = joinery_report_output_to_json (again);
  g_assert_cmpstr (json_again, ==, json);
}

static void
test_json_refused (Fixture *f, gconstpointer data)
{
  static const char * const bad[] = {
    "not json",
    "[]",
    "{ \"blocks\": 3 }",
    "{ \"blocks\": [ { \"type\": \"poem\" } ] }",
    "{ \"blocks\": [ { \"type\": \"heading\", \"level\": 7, \"text\": \"x\" } ] }",
    "{ \"blocks\": [ { \"type\": \"paragraph\" } ] }",
    "{ \"blocks\": [ { \"type\": \"table\", \"columns\": [], \"rows\": [] } ] }",
    "{ \"blocks\": [ { \"type\": \"table\", \"columns\": [ { \"name\": \"A\", \"type\": \"colour\" } ], \"rows\": [] } ] }",
    "{ \"blocks\": [ { \"type\": \"table\", \"columns\": [ { \"name\": \"A\", \"type\": \"integer\" } ], \"rows\": [ [ \"x\" ] ] } ] }",
    "{ \"blocks\": [ { \"type\": \"table\", \"columns\": [ { \"name\": \"A\", \"type\": \"money\" } ], \"rows\": [ [ 1.5 ] ] } ] }",
    "{ \"blocks\": [ { \"type\": \"table\", \"columns\": [ { \"name\": \"A\", \"type\": \"date\" } ], \"rows\": [ [ \"2024-02-30\" ] ] } ] }",
    "{ \"blocks\": [ { \"type\": \"table\", \"columns\": [ { \"name\": \"A\", \"type\": \"text\" } ], \"rows\": [ [ \"a\", \"b\" ] ] } ] }",
    "{ \"blocks\": [ { \"type\": \"chart\", \"kind\": \"bar\", \"x\": \"A\", \"y\": [ \"A\" ], \"data\": { \"columns\": "
      "[ { \"name\": \"A\", \"type\": \"text\" } ], \"rows\": [] } } ] }",
    "{ \"blocks\": [ { \"type\": \"chart\", \"kind\": \"pie\", \"x\": \"A\", \"y\": [ \"B\", \"B\" ], \"data\": { \"columns\": "
      "[ { \"name\": \"A\", \"type\": \"text\" }, { \"name\": \"B\", \"type\": \"integer\" } ], \"rows\": [] } } ] }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JoineryReportOutput) output = joinery_report_output_from_json (bad[i], strlen (bad[i]), &error);

      if (output != NULL)
        g_error ("accepted: %s", bad[i]);
      g_assert_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_FAILED);
    }
}

static void
test_render (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryReportOutput) output = sample ();
  g_autofree char *text = joinery_report_output_render (output, JOINERY_REPORT_FORMAT_TEXT);
  g_autofree char *csv = joinery_report_output_render (output, JOINERY_REPORT_FORMAT_CSV);
  g_autofree char *markdown = joinery_report_output_render (output, JOINERY_REPORT_FORMAT_MARKDOWN);
  g_autofree char *html = joinery_report_output_render (output, JOINERY_REPORT_FORMAT_HTML);
  g_autofree char *json = joinery_report_output_render (output, JOINERY_REPORT_FORMAT_JSON);
  JoineryReportFormat format;

  g_assert_cmpstr (text, ==,
    "Fund summary\n"
    "════════════\n"
    "\n"
    "Better Care Fund\n"
    "================\n"
    "\n"
    "Two <themes> & more.\n"
    "\n"
    "By theme\n"
    "\n"
    "Theme         Grants        Awarded  Share  Since       Score\n"
    "------------  ------  -------------  -----  ----------  -----\n"
    "Ageing, well   1,234  £1,130,000.00  75.0%  2024-04-01   56.3\n"
    "=SUM(A1)           2    £376,666.50  25.0%\n"
    "\n"
    "Awarded (pie chart)\n"
    "\n"
    "Theme  Awarded\n"
    "-----  -------\n"
    "A        £3.00\n"
    "B        £1.00\n");
  g_assert_cmpstr (csv, ==,
    "Theme,Grants,Awarded,Share,Since,Score\r\n"
    "\"Ageing, well\",1234,1130000.00,75.0%,2024-04-01,56.3\r\n"
    "'=SUM(A1),2,376666.50,25.0%,,\r\n");
  g_assert_cmpstr (markdown, ==,
    "# Fund summary\n"
    "\n"
    "## Better Care Fund\n"
    "\n"
    "Two \\<themes\\> & more.\n"
    "\n"
    "**By theme**\n"
    "\n"
    "| Theme | Grants | Awarded | Share | Since | Score |\n"
    "| --- | ---: | ---: | ---: | --- | ---: |\n"
    "| Ageing, well | 1,234 | £1,130,000.00 | 75.0% | 2024-04-01 | 56.3 |\n"
    "| =SUM(A1) | 2 | £376,666.50 | 25.0% |  |  |\n"
    "\n"
    "**Awarded (pie chart)**\n"
    "\n"
    "| Theme | Awarded |\n"
    "| --- | ---: |\n"
    "| A | £3.00 |\n"
    "| B | £1.00 |\n");
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en-GB\">"));
  g_assert_nonnull (strstr (html, "<h1>Fund summary</h1>\n<h2>Better Care Fund</h2>\n<p>Two &lt;themes&gt; &amp; more.</p>\n"));
  g_assert_nonnull (strstr (html, "<tr><td>Ageing, well</td><td class=\"num\">1,234</td><td class=\"num\">£1,130,000.00</td>"));
  g_assert_nonnull (strstr (html, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  g_assert_nonnull (strstr (html, "<path d=\"M320.0 160.0 L320.0 10.0 A150.0 150.0 0 1 1 170.0 160.0 Z\" fill=\"#3465a4\"/>"));
  g_assert_nonnull (strstr (html, "<figcaption>Awarded (pie chart)</figcaption>"));
  g_assert_true (g_str_has_suffix (html, "</body>\n</html>\n"));
  g_assert_nonnull (strstr (json, "\"title\" : \"Fund summary\""));

  g_assert_true (joinery_report_format_from_string ("Markdown", &format));
  g_assert_cmpint (format, ==, JOINERY_REPORT_FORMAT_MARKDOWN);
  g_assert_false (joinery_report_format_from_string ("pdf", &format));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lua/report/params", test_params);
  ADD ("/lua/report/record-by-label", test_record_by_label);
  ADD ("/lua/report/bad-params", test_bad_params);
  ADD ("/lua/report/json", test_json);
  ADD ("/lua/report/json-refused", test_json_refused);
  ADD ("/lua/report/render", test_render);
  return g_test_run ();
}
