/* joinery-dashboard.c: the home dashboard's figures, in one read.
 *
 * Each query is answered from an index or reads a bounded number of rows:
 * organisations by kind and projects by stage from their kind and stage
 * indexes, the year's grants from their award date's, events and tasks
 * from their dates', the trail's latest rows from its ids. None may read
 * the people, who are the many. tests/test-core-dashboard.c checks the
 * plans with EXPLAIN QUERY PLAN.
 *
 * This file reads only; it never writes, and it owns no table.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "joinery-dashboard.h"
#include "joinery-db-private.h"
#include "joinery-error.h"
#include "joinery-value.h"

static const char *count_by_org_kind_sql =
  "SELECT kind, count(*) FROM organisations GROUP BY kind";
static const char *count_by_stage_sql =
  "SELECT stage, count(*) FROM projects GROUP BY stage";
static const char *awarded_sql =
  "SELECT count(*), coalesce(sum(amount_awarded), 0) FROM grants "
  "WHERE awarded_on >= ?1 AND awarded_on <= ?2";
static const char *latest_award_sql =
  "SELECT max(awarded_on) FROM grants WHERE awarded_on < ?1";
static const char *upcoming_count_sql =
  "SELECT count(*) FROM events WHERE starts_on >= ?1";
static const char *upcoming_sql =
  "SELECT id, name, starts_on FROM events WHERE starts_on >= ?1 ORDER BY starts_on, id LIMIT ?2";
static const char *latest_events_sql =
  "SELECT id, name, starts_on FROM events WHERE starts_on < ?1 ORDER BY starts_on DESC, id DESC LIMIT ?2";
static const char *open_tasks_sql =
  "SELECT count(*) FROM tasks WHERE status = 'open'";
static const char *overdue_tasks_sql =
  "SELECT count(*) FROM tasks WHERE status = 'open' AND due_on < ?1";
static const char *indicators_sql =
  "SELECT i.id, i.name, i.unit, i.direction FROM indicators i "
  "ORDER BY (SELECT max(m.period_start) FROM measurements m WHERE m.indicator_id = i.id) DESC, i.id "
  "LIMIT ?1";
static const char *series_sql =
  "SELECT period_start, avg(value) FROM measurements WHERE indicator_id = ?1 "
  "GROUP BY period_start ORDER BY period_start DESC LIMIT ?2";
/* A large import is one entry: its row (holding, as `first_audit`, the
 * first row of its group: those of the records it updated) and none of
 * the rows before it in its group. See migration 6. */
static const char *changes_sql =
  "SELECT id, at, kind, record_id, action, source, "
  "  json_extract (coalesce (after, before), '$.file'), json_extract (coalesce (after, before), '$.created'), "
  "  after IS NULL, json_extract (after, '$.first_audit') "
  "FROM audit WHERE id < ?2 ORDER BY id DESC LIMIT ?1";
static const char *empty_sql =
  "SELECT NOT (EXISTS (SELECT 1 FROM organisations) OR EXISTS (SELECT 1 FROM projects) "
  "OR EXISTS (SELECT 1 FROM grants) OR EXISTS (SELECT 1 FROM events) "
  "OR EXISTS (SELECT 1 FROM tasks) OR EXISTS (SELECT 1 FROM indicators))";

/* Freeing */

static void
figure_free (JoineryDashboardFigure *figure)
{
  if (figure == NULL)
    return;
  g_free (figure->label);
  g_strfreev (figure->filters);
  g_free (figure);
}

static void
event_free (JoineryDashboardEvent *event)
{
  g_free (event->name);
  g_free (event->starts_on);
  g_free (event);
}

static void
series_free (JoineryDashboardSeries *series)
{
  g_free (series->name);
  g_free (series->unit);
  g_free (series->direction);
  g_array_unref (series->values);
  g_ptr_array_unref (series->periods);
  g_free (series);
}

static void
change_free (JoineryDashboardChange *change)
{
  g_free (change->at);
  g_free (change->action);
  g_free (change->label);
  g_free (change->source);
  g_free (change);
}

void
joinery_dashboard_free (JoineryDashboard *dashboard)
{
  if (dashboard == NULL)
    return;
  g_free (dashboard->today);
  g_free (dashboard->year_start);
  g_free (dashboard->year_end);
  g_free (dashboard->awarded_start);
  g_free (dashboard->awarded_end);
  g_clear_pointer (&dashboard->organisations, g_ptr_array_unref);
  g_clear_pointer (&dashboard->projects, g_ptr_array_unref);
  figure_free (dashboard->awarded);
  figure_free (dashboard->upcoming_events);
  g_clear_pointer (&dashboard->next_events, g_ptr_array_unref);
  g_clear_pointer (&dashboard->latest_events, g_ptr_array_unref);
  figure_free (dashboard->open_tasks);
  figure_free (dashboard->overdue_tasks);
  g_clear_pointer (&dashboard->indicators, g_ptr_array_unref);
  g_clear_pointer (&dashboard->changes, g_ptr_array_unref);
  g_free (dashboard);
}

/* Helpers */

static JoineryDashboardFigure *
new_figure (const char *kind, char *label, gint64 count, ...) G_GNUC_NULL_TERMINATED;

/* A figure of `kind`, taking `label`, with the filters that follow. */
static JoineryDashboardFigure *
new_figure (const char *kind, char *label, gint64 count, ...)
{
  JoineryDashboardFigure *figure = g_new0 (JoineryDashboardFigure, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *filter;
  va_list args;

  figure->kind = joinery_kind_lookup (kind);
  g_assert (figure->kind != NULL);
  figure->label = label;
  figure->count = count;
  va_start (args, count);
  while ((filter = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, filter);
  va_end (args);
  figure->filters = g_strv_builder_end (builder);
  return figure;
}

static char *
dup_choice_label (const char *value)
{
  g_autofree char *spaced = g_strdelimit (g_strdup (value), "_", ' ');

  /* "nhs trust" reads as people write it. */
  if (g_str_has_prefix (spaced, "nhs "))
    return g_strconcat ("NHS ", spaced + 4, NULL);
  if (g_strcmp0 (spaced, "gp practice") == 0)
    return g_strdup ("GP practice");
  if (g_strcmp0 (spaced, "ccg") == 0)
    return g_strdup ("CCG");
  spaced[0] = g_ascii_toupper (spaced[0]);
  return g_steal_pointer (&spaced);
}

static gboolean
step_done (JoineryDb *db, sqlite3_stmt *stmt, int rc, GError **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (db, rc, error, "cannot read the dashboard");
      return FALSE;
    }
  return TRUE;
}

/* One row of integers: the first `n` columns into `values`. */
static gboolean
read_integers (JoineryDb *db, const char *sql, const char *text, gint64 *values, guint n,
               GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      for (guint i = 0; i < n; i++)
        values[i] = sqlite3_column_int64 (stmt, (int) i);
      rc = sqlite3_step (stmt);
    }
  return step_done (db, stmt, rc, error);
}

/* Counts by a choice field, in the order of its choices, none empty. */
static gboolean
read_by_choice (JoineryDb *db, const char *sql, const char *kind_name, const char *field_name,
                GPtrArray *figures, gint64 *total, GError **error)
{
  const JoineryKind *kind = joinery_kind_lookup (kind_name);
  const JoineryField *field = joinery_kind_get_field (kind, field_name);
  sqlite3_stmt *stmt = joinery_db_prepare (db, sql, error);
  g_autoptr(GHashTable) counts = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 1)));
  if (!step_done (db, stmt, rc, error))
    return FALSE;

  *total = 0;
  for (guint c = 0; field->choices[c] != NULL; c++)
    {
      gint64 n = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (counts, field->choices[c]));
      g_autofree char *filter = NULL;

      if (n == 0)
        continue;
      filter = g_strdup_printf ("%s=%s", field_name, field->choices[c]);
      g_ptr_array_add (figures, new_figure (kind_name, dup_choice_label (field->choices[c]), n, filter, NULL));
      *total += n;
    }
  return TRUE;
}

/* Events by `sql` (bound to today and a limit) into `events`. */
static gboolean
read_events (JoineryDb *db, const char *sql, JoineryDashboard *d, GPtrArray *events, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, d->today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, JOINERY_DASHBOARD_N_EVENTS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JoineryDashboardEvent *event = g_new0 (JoineryDashboardEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      event->starts_on = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (events, event);
    }
  return step_done (db, stmt, rc, error);
}

/* The grants awarded and their money between two days. */
static gboolean
read_awarded (JoineryDb *db, const char *start, const char *end, gint64 values[2], GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare (db, awarded_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, end, -1, SQLITE_TRANSIENT);
  values[0] = values[1] = 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      values[0] = sqlite3_column_int64 (stmt, 0);
      values[1] = sqlite3_column_int64 (stmt, 1);
      rc = sqlite3_step (stmt);
    }
  return step_done (db, stmt, rc, error);
}

/* This financial year's awards or, if it has none yet, the latest earlier
 * year's: the day of the latest award before this year, from its index. */
static gboolean
read_money (JoineryDb *db, JoineryDashboard *d, GError **error)
{
  gint64 values[2];
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *label = NULL;

  d->awarded_start = g_strdup (d->year_start);
  d->awarded_end = g_strdup (d->year_end);
  if (!read_awarded (db, d->awarded_start, d->awarded_end, values, error))
    return FALSE;
  if (values[0] == 0)
    {
      sqlite3_stmt *stmt = joinery_db_prepare (db, latest_award_sql, error);
      g_autofree char *latest = NULL;
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, d->year_start, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
            latest = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          rc = sqlite3_step (stmt);
        }
      if (!step_done (db, stmt, rc, error))
        return FALSE;
      if (latest != NULL)
        {
          g_clear_pointer (&d->awarded_start, g_free);
          g_clear_pointer (&d->awarded_end, g_free);
          if (!joinery_financial_year (latest, &d->awarded_start, &d->awarded_end, error) ||
              !read_awarded (db, d->awarded_start, d->awarded_end, values, error))
            return FALSE;
          d->awarded_earlier = TRUE;
        }
    }
  from = g_strdup_printf ("awarded_on>=%s", d->awarded_start);
  to = g_strdup_printf ("awarded_on<=%s", d->awarded_end);
  if (d->awarded_earlier)
    {
      g_autofree char *name = joinery_financial_year_name (d->awarded_start);
      label = g_strdup_printf ("Grants awarded in %s", name);
    }
  else
    label = g_strdup ("Grants awarded this financial year");
  d->awarded_pence = values[1];
  d->awarded = new_figure ("grant", g_steal_pointer (&label), values[0], from, to, NULL);
  return TRUE;
}

static gboolean
read_series (JoineryDb *db, JoineryDashboardSeries *series, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare (db, series_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, series->id);
  sqlite3_bind_int (stmt, 2, JOINERY_DASHBOARD_N_POINTS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double value = sqlite3_column_double (stmt, 1);

      /* Newest first from the index: turned round below. */
      g_array_prepend_val (series->values, value);
      g_ptr_array_insert (series->periods, 0, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  return step_done (db, stmt, rc, error);
}

static gboolean
read_indicators (JoineryDb *db, JoineryDashboard *d, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare (db, indicators_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, JOINERY_DASHBOARD_N_INDICATORS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JoineryDashboardSeries *series = g_new0 (JoineryDashboardSeries, 1);

      series->id = sqlite3_column_int64 (stmt, 0);
      series->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      series->unit = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      series->direction = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      series->values = g_array_new (FALSE, FALSE, sizeof (double));
      series->periods = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (d->indicators, series);
    }
  if (!step_done (db, stmt, rc, error))
    return FALSE;
  for (guint i = 0; i < d->indicators->len; i++)
    if (!read_series (db, g_ptr_array_index (d->indicators, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
read_changes (JoineryDb *db, JoineryDashboard *d, GError **error)
{
  sqlite3_stmt *stmt = joinery_db_prepare (db, changes_sql, error);
  gint64 below = G_MAXINT64;
  gboolean more = TRUE;
  int rc = SQLITE_DONE;

  if (stmt == NULL)
    return FALSE;
  while (more && d->changes->len < JOINERY_DASHBOARD_N_CHANGES)
    {
      more = FALSE;
      sqlite3_bind_int (stmt, 1, JOINERY_DASHBOARD_N_CHANGES - (int) d->changes->len);
      sqlite3_bind_int64 (stmt, 2, below);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          JoineryDashboardChange *change = g_new0 (JoineryDashboardChange, 1);
          gint64 created = sqlite3_column_int64 (stmt, 7);
          gboolean undone = sqlite3_column_int (stmt, 8) != 0;
          const char *file = (const char *) sqlite3_column_text (stmt, 6);

          change->audit_id = sqlite3_column_int64 (stmt, 0);
          change->at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          change->kind = joinery_kind_lookup ((const char *) sqlite3_column_text (stmt, 2));
          change->record_id = sqlite3_column_int64 (stmt, 3);
          change->action = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
          change->source = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
          g_ptr_array_add (d->changes, change);
          if (!g_str_equal (change->action, "import"))
            continue;
          change->label = g_strdup_printf ("%" G_GINT64_FORMAT " %s %s “%s”", created,
                                           change->kind != NULL ? joinery_kind_get_words (change->kind, created != 1) : "records",
                                           undone ? "removed by undoing the import of" : "imported from",
                                           file != NULL ? file : "?");
          /* Past the rows of the records it updated. */
          if (!undone && sqlite3_column_int64 (stmt, 9) > 0)
            {
              below = sqlite3_column_int64 (stmt, 9);
              more = TRUE;
              rc = SQLITE_DONE;
              break;
            }
        }
      if (!step_done (db, stmt, rc, error))
        return FALSE;
    }
  /* The labels as they are now, once the trail's statement is done with. */
  for (guint i = 0; i < d->changes->len; i++)
    {
      JoineryDashboardChange *change = g_ptr_array_index (d->changes, i);

      if (change->kind != NULL && change->label == NULL)
        change->label = joinery_db_dup_label (db, change->kind, change->record_id);
    }
  return TRUE;
}

static gboolean
read_all (JoineryDb *db, JoineryDashboard *d, GError **error)
{
  gint64 values[2] = { 0, 0 };
  g_autofree char *upcoming = NULL;
  g_autofree char *overdue = NULL;

  if (!read_integers (db, empty_sql, NULL, values, 1, error))
    return FALSE;
  d->empty = values[0] != 0;

  if (!read_by_choice (db, count_by_org_kind_sql, "organisation", "kind", d->organisations,
                       &d->n_organisations, error) ||
      !read_by_choice (db, count_by_stage_sql, "project", "stage", d->projects, &d->n_projects, error))
    return FALSE;

  if (!read_money (db, d, error))
    return FALSE;

  if (!read_integers (db, upcoming_count_sql, d->today, values, 1, error))
    return FALSE;
  upcoming = g_strdup_printf ("starts_on>=%s", d->today);
  d->upcoming_events = new_figure ("event", g_strdup ("Upcoming events"), values[0], upcoming, NULL);
  if (!read_events (db, upcoming_sql, d, d->next_events, error))
    return FALSE;
  /* Nothing coming: what happened last, so that the page is not bare. */
  if (values[0] == 0 && !read_events (db, latest_events_sql, d, d->latest_events, error))
    return FALSE;

  if (!read_integers (db, open_tasks_sql, NULL, values, 1, error))
    return FALSE;
  d->open_tasks = new_figure ("task", g_strdup ("Open tasks"), values[0], "status=open", NULL);
  if (!read_integers (db, overdue_tasks_sql, d->today, values, 1, error))
    return FALSE;
  overdue = g_strdup_printf ("due_on<%s", d->today);
  d->overdue_tasks = new_figure ("task", g_strdup ("Overdue tasks"), values[0], "status=open", overdue, NULL);

  return read_indicators (db, d, error) && read_changes (db, d, error);
}

/* Public */

gboolean
joinery_financial_year (const char *today, char **start, char **end, GError **error)
{
  g_autofree char *iso = NULL;
  int year, month;

  g_return_val_if_fail (today != NULL, FALSE);

  if (!joinery_parse_date (today, &iso, error))
    return FALSE;
  year = atoi (iso);
  month = atoi (iso + 5);
  /* April to March: January to March belong to the year begun last April. */
  if (month < 4)
    year--;
  if (start != NULL)
    *start = g_strdup_printf ("%04d-04-01", year);
  if (end != NULL)
    *end = g_strdup_printf ("%04d-03-31", year + 1);
  return TRUE;
}

char *
joinery_financial_year_name (const char *year_start)
{
  int year;

  g_return_val_if_fail (year_start != NULL, NULL);

  year = atoi (year_start);
  return g_strdup_printf ("%04d\u2013%02d", year, (year + 1) % 100);
}

JoineryDashboard *
joinery_dashboard_read (JoineryDb *db, const char *today, GError **error)
{
  g_autoptr(JoineryDashboard) d = NULL;
  g_autofree char *now = NULL;
  gboolean own_transaction;
  gboolean ok;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (today == NULL)
    today = now = joinery_today ();
  d = g_new0 (JoineryDashboard, 1);
  if (!joinery_parse_date (today, &d->today, error) ||
      !joinery_financial_year (d->today, &d->year_start, &d->year_end, error))
    return NULL;
  d->organisations = g_ptr_array_new_with_free_func ((GDestroyNotify) figure_free);
  d->projects = g_ptr_array_new_with_free_func ((GDestroyNotify) figure_free);
  d->next_events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  d->latest_events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  d->indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  d->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);

  /* One snapshot, so that the figures agree with each other; inside a
   * change group already open, that group's transaction is the snapshot. */
  own_transaction = sqlite3_get_autocommit (joinery_db_get_handle (db));
  if (own_transaction && !joinery_db_exec (db, "BEGIN", error))
    return NULL;
  ok = read_all (db, d, error);
  if (own_transaction)
    {
      /* A read transaction: ending it cannot lose anything. */
      if (!joinery_db_exec (db, "COMMIT", ok ? error : NULL))
        {
          if (!sqlite3_get_autocommit (joinery_db_get_handle (db)))
            joinery_db_exec (db, "ROLLBACK", NULL);
          ok = FALSE;
        }
    }
  return ok ? g_steal_pointer (&d) : NULL;
}
