/* joinery-dashboard.h: the figures of the home dashboard, read at once.
 *
 * Display-free: the window's Home page, the command line's `dashboard` and
 * the tests read the same figures from here. Every figure says which list
 * is behind it — a kind and its filters, in the command line's syntax
 * ("stage=pilot", "due_on<2026-04-01") — so that whoever shows it can show
 * that list, and a test can count it again with joinery_db_count().
 *
 * Everything is read in one short read transaction, by indexed or bounded
 * queries only: the dashboard of a network of a million people costs what
 * the dashboard of the demo does, give or take its organisations.
 */
#pragma once

#include "joinery-db.h"

G_BEGIN_DECLS

/* How many of the next events and of the latest changes are read. */
#define JOINERY_DASHBOARD_N_EVENTS     5
#define JOINERY_DASHBOARD_N_CHANGES    10
/* How many indicators, and how many of each one's latest periods. */
#define JOINERY_DASHBOARD_N_INDICATORS 8
#define JOINERY_DASHBOARD_N_POINTS     12

/* A count and the list behind it. */
typedef struct {
  char              *label;    /* "Pilot", "Council", "Overdue tasks" */
  gint64             count;
  const JoineryKind *kind;     /* the list behind it */
  char             **filters;  /* its filters (NULL-terminated, maybe empty) */
} JoineryDashboardFigure;

typedef struct {
  gint64  id;
  char   *name;
  char   *starts_on;  /* YYYY-MM-DD */
} JoineryDashboardEvent;

/* An indicator's recent values, oldest first: per period start, the mean
 * of what was measured then (for any area, organisation or project). */
typedef struct {
  gint64   id;
  char    *name;
  char    *unit;        /* "percent", "count"… */
  char    *direction;   /* "higher" or "lower": which way is better */
  GArray  *values;      /* double */
  GPtrArray *periods;   /* char *, the period start of each value */
} JoineryDashboardSeries;

/* One entry of the audit trail, newest first. */
typedef struct {
  gint64             audit_id;
  char              *at;        /* ISO-8601 UTC */
  const JoineryKind *kind;      /* NULL if the trail names a kind no longer known */
  gint64             record_id;
  char              *action;    /* "create", "update", "delete", "export", "erase",
                                 * "import" (a large import, one entry: `record_id` is the
                                 * first record it made, `label` says how many and from where) */
  char              *label;     /* the record's label now, or NULL if it is gone */
  char              *source;    /* "gui", "cli", "plugin:ID", "demo"… */
} JoineryDashboardChange;

typedef struct {
  char      *today;               /* as given */
  char      *year_start;          /* the UK financial year of `today`: 1 April… */
  char      *year_end;            /* …to 31 March */
  gboolean   empty;               /* no organisation, project, grant, event, task nor indicator */

  gint64     n_organisations;
  GPtrArray *organisations;       /* JoineryDashboardFigure: by kind, in the kind's order, none empty */
  gint64     n_projects;
  GPtrArray *projects;            /* JoineryDashboardFigure: by stage, in stage order, none empty */

  /* The money awarded in a financial year: this one's, or, when nothing
   * is awarded yet this year, the latest earlier year that has awards (a
   * network's record that ends some years back still shows its money). */
  char      *awarded_start;       /* that year's first day… */
  char      *awarded_end;         /* …and last */
  gboolean   awarded_earlier;     /* TRUE: an earlier year than today's */
  gint64     awarded_pence;       /* the money awarded in that year */
  JoineryDashboardFigure *awarded; /* the grants awarded in that year */

  JoineryDashboardFigure *upcoming_events; /* starting today or later */
  GPtrArray *next_events;         /* JoineryDashboardEvent: the next few, soonest first */
  GPtrArray *latest_events;       /* JoineryDashboardEvent: when none is upcoming, the
                                   * latest few before today, latest first; else empty */

  JoineryDashboardFigure *open_tasks;
  JoineryDashboardFigure *overdue_tasks;   /* open, due before today */

  GPtrArray *indicators;          /* JoineryDashboardSeries, those measured most lately first */
  GPtrArray *changes;             /* JoineryDashboardChange, newest first */
} JoineryDashboard;

/* The UK financial year that `today` (YYYY-MM-DD) falls in, as its first
 * and last days; FALSE and `error` if `today` is not a date. */
gboolean          joinery_financial_year      (const char *today, char **start, char **end,
                                               GError **error);

/* The financial year's usual name, "2017–18", from its first day. */
char             *joinery_financial_year_name (const char *year_start);

/* Every figure as of `today` (YYYY-MM-DD; NULL for the real today). */
JoineryDashboard *joinery_dashboard_read      (JoineryDb *db, const char *today, GError **error);
void              joinery_dashboard_free      (JoineryDashboard *dashboard);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryDashboard, joinery_dashboard_free)

G_END_DECLS
