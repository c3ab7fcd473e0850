/* joinery-cli-dashboard.c: `joinery dashboard`, the Home page's figures
 * (joinery-dashboard.h) as text or JSON: organisations by kind, projects
 * by stage, money awarded this financial year (or, with none yet, in the
 * latest year that has awards), upcoming events, open and
 * overdue tasks, the indicators' latest values and the recent changes. */
#include "config.h"

#include "joinery-cli-private.h"
#include "joinery-dashboard.h"
#include "joinery-value.h"

static void
add_figure_row (JoineryCliTable *table, const char *what, JoineryDashboardFigure *figure)
{
  g_autofree char *filters = g_strjoinv (" ", figure->filters);
  char **cells = g_new0 (char *, 3);

  cells[0] = g_strdup (what != NULL ? what : figure->label);
  cells[1] = g_strdup_printf ("%" G_GINT64_FORMAT, figure->count);
  cells[2] = g_strdup_printf ("joinery list %s%s%s", figure->kind->plural, *filters != '\0' ? " " : "", filters);
  joinery_cli_table_add_row (table, cells);
}

static void
print_events (GPtrArray *events, const char *heading)
{
  if (events->len > 0)
    joinery_cli_output_printf (stdout, "\n%s:\n", heading);
  for (guint i = 0; i < events->len; i++)
    {
      JoineryDashboardEvent *event = g_ptr_array_index (events, i);
      joinery_cli_output_printf (stdout, "  %s  %s (event #%" G_GINT64_FORMAT ")\n", event->starts_on, event->name,
                                 event->id);
    }
}

static void
print_text (JoineryDashboard *d)
{
  g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();
  g_autofree char *money = joinery_format_money (d->awarded_pence, TRUE);

  joinery_cli_output_printf (stdout, "As of %s; financial year %s to %s.\n", d->today, d->year_start, d->year_end);
  if (d->empty)
    {
      joinery_cli_output_puts (stdout, "Nothing yet: no organisation, project, grant, event, task nor indicator.\n");
      return;
    }
  if (d->awarded_earlier)
    {
      g_autofree char *name = joinery_financial_year_name (d->awarded_start);
      joinery_cli_output_printf (stdout, "Money awarded in %s (none yet this financial year): %s\n\n", name, money);
    }
  else
    joinery_cli_output_printf (stdout, "Money awarded this financial year: %s\n\n", money);
  joinery_cli_table_set_cell_limit (table, 100);
  joinery_cli_table_add_column (table, "Figure", FALSE);
  joinery_cli_table_add_column (table, "Count", TRUE);
  joinery_cli_table_add_column (table, "The list", FALSE);
  add_figure_row (table, NULL, d->awarded);
  add_figure_row (table, NULL, d->upcoming_events);
  add_figure_row (table, NULL, d->open_tasks);
  add_figure_row (table, NULL, d->overdue_tasks);
  for (guint i = 0; i < d->organisations->len; i++)
    {
      JoineryDashboardFigure *figure = g_ptr_array_index (d->organisations, i);
      g_autofree char *what = g_strdup_printf ("Organisations: %s", figure->label);
      add_figure_row (table, what, figure);
    }
  for (guint i = 0; i < d->projects->len; i++)
    {
      JoineryDashboardFigure *figure = g_ptr_array_index (d->projects, i);
      g_autofree char *what = g_strdup_printf ("Projects: %s", figure->label);
      add_figure_row (table, what, figure);
    }
  joinery_cli_table_print (table, stdout);

  print_events (d->next_events, "Next events");
  print_events (d->latest_events, "No events to come; the latest");
  if (d->indicators->len > 0)
    joinery_cli_output_puts (stdout, "\nIndicators (latest value, then the values before it):\n");
  for (guint i = 0; i < d->indicators->len; i++)
    {
      JoineryDashboardSeries *series = g_ptr_array_index (d->indicators, i);
      GString *values = g_string_new (NULL);

      for (guint v = series->values->len; v > 0; v--)
        {
          g_autofree char *number = joinery_format_real (g_array_index (series->values, double, v - 1));
          g_string_append_printf (values, "%s%s", v < series->values->len ? ", " : "", number);
        }
      joinery_cli_output_printf (stdout, "  %s (%s, %s is better): %s\n", series->name, series->unit,
                                 series->direction, values->str);
      g_string_free (values, TRUE);
    }
  if (d->changes->len > 0)
    joinery_cli_output_puts (stdout, "\nRecent changes:\n");
  for (guint i = 0; i < d->changes->len; i++)
    {
      JoineryDashboardChange *change = g_ptr_array_index (d->changes, i);
      g_autofree char *label = change->label != NULL ? g_strdup_printf (" “%s”", change->label) : g_strdup ("");

      joinery_cli_output_printf (stdout, "  %s  %s %s #%" G_GINT64_FORMAT "%s, by %s\n", change->at, change->action,
                                 change->kind != NULL ? change->kind->name : "?", change->record_id, label,
                                 change->source);
    }
}

static void
add_figure_json (JsonBuilder *b, JoineryDashboardFigure *figure)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, figure->label);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, figure->count);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, figure->kind->name);
  json_builder_set_member_name (b, "filters");
  json_builder_begin_array (b);
  for (guint i = 0; figure->filters[i] != NULL; i++)
    json_builder_add_string_value (b, figure->filters[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_figures_json (JsonBuilder *b, const char *name, GPtrArray *figures)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < figures->len; i++)
    add_figure_json (b, g_ptr_array_index (figures, i));
  json_builder_end_array (b);
}

/* "financial_year": [first day, last day] */
static void
add_year_json (JsonBuilder *b, const char *start, const char *end)
{
  json_builder_set_member_name (b, "financial_year");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, start);
  json_builder_add_string_value (b, end);
  json_builder_end_array (b);
}

static void
add_events_json (JsonBuilder *b, const char *name, GPtrArray *events)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < events->len; i++)
    {
      JoineryDashboardEvent *event = g_ptr_array_index (events, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, event->id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, event->name);
      json_builder_set_member_name (b, "starts_on");
      json_builder_add_string_value (b, event->starts_on);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
print_json (JoineryDashboard *d)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "today");
  json_builder_add_string_value (b, d->today);
  add_year_json (b, d->year_start, d->year_end);
  json_builder_set_member_name (b, "empty");
  json_builder_add_boolean_value (b, d->empty);
  json_builder_set_member_name (b, "organisations");
  json_builder_add_int_value (b, d->n_organisations);
  add_figures_json (b, "organisations_by_kind", d->organisations);
  json_builder_set_member_name (b, "projects");
  json_builder_add_int_value (b, d->n_projects);
  add_figures_json (b, "projects_by_stage", d->projects);
  /* This year's money: none, when the figure is of an earlier year. */
  json_builder_set_member_name (b, "awarded_this_year");
  json_builder_add_int_value (b, d->awarded_earlier ? 0 : d->awarded_pence);
  json_builder_set_member_name (b, "awarded");
  json_builder_begin_object (b);
  add_year_json (b, d->awarded_start, d->awarded_end);
  json_builder_set_member_name (b, "earlier_year");
  json_builder_add_boolean_value (b, d->awarded_earlier);
  json_builder_set_member_name (b, "pence");
  json_builder_add_int_value (b, d->awarded_pence);
  json_builder_set_member_name (b, "grants");
  add_figure_json (b, d->awarded);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "upcoming_events");
  add_figure_json (b, d->upcoming_events);
  add_events_json (b, "next_events", d->next_events);
  add_events_json (b, "latest_events", d->latest_events);
  json_builder_set_member_name (b, "open_tasks");
  add_figure_json (b, d->open_tasks);
  json_builder_set_member_name (b, "overdue_tasks");
  add_figure_json (b, d->overdue_tasks);
  json_builder_set_member_name (b, "indicators");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->indicators->len; i++)
    {
      JoineryDashboardSeries *series = g_ptr_array_index (d->indicators, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, series->id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, series->name);
      json_builder_set_member_name (b, "unit");
      json_builder_add_string_value (b, series->unit);
      json_builder_set_member_name (b, "direction");
      json_builder_add_string_value (b, series->direction);
      json_builder_set_member_name (b, "series");
      json_builder_begin_array (b);
      for (guint v = 0; v < series->values->len; v++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "period_start");
          json_builder_add_string_value (b, g_ptr_array_index (series->periods, v));
          json_builder_set_member_name (b, "value");
          json_builder_add_double_value (b, g_array_index (series->values, double, v));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "recent_changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->changes->len; i++)
    {
      JoineryDashboardChange *change = g_ptr_array_index (d->changes, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "at");
      json_builder_add_string_value (b, change->at);
      json_builder_set_member_name (b, "action");
      json_builder_add_string_value (b, change->action);
      json_builder_set_member_name (b, "kind");
      if (change->kind != NULL)
        json_builder_add_string_value (b, change->kind->name);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, change->record_id);
      json_builder_set_member_name (b, "label");
      if (change->label != NULL)
        json_builder_add_string_value (b, change->label);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, change->source);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  joinery_cli_output_json (root);
}

static int
dashboard_run (JoineryCli *cli, char **args)
{
  const char *today = joinery_cli_get_option (cli, "today");
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryDashboard) d = NULL;
  g_autoptr(GError) error = NULL;
  int status = JOINERY_CLI_EXIT_OK;

  if (cli->format == JOINERY_CLI_FORMAT_CSV)
    return joinery_cli_usage_error (cli, "dashboard is written as text or json, not csv");
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_READ_ONLY, &status);
  if (db == NULL)
    return status;
  d = joinery_dashboard_read (db, today, &error);
  if (d == NULL)
    return joinery_cli_fail (cli, error, "--today");
  if (cli->format == JOINERY_CLI_FORMAT_JSON)
    print_json (d);
  else
    print_text (d);
  return JOINERY_CLI_EXIT_OK;
}

static const JoineryCliOption dashboard_options[] = {
  { "today", "DATE", "The figures as of DATE (the financial year, what is upcoming or overdue)" },
  { NULL }
};

const JoineryCliCommand joinery_cli_dashboard_commands[] = {
  { "dashboard", "dashboard [--today DATE] [--format text|json]",
    "The key figures of the network, as the window's Home page shows them",
    "Organisations by kind, projects by stage, the money awarded in this UK\n"
    "financial year (1 April to 31 March), upcoming events, open and overdue\n"
    "tasks, the indicators' latest values and the recent changes. As text each\n"
    "figure says the command that lists the records behind it.\n"
    "\n"
    "Examples:\n"
    "  joinery dashboard\n"
    "  joinery dashboard --today 2027-03-31 --format json",
    dashboard_options, 0, 0, TRUE, dashboard_run, NULL },
  { NULL }
};
