/* joinery-dashboard-page.h: the window's Home page — the network's key
 * figures (organisations by kind, projects by stage, money awarded this
 * financial year, upcoming events, open and overdue tasks), the
 * indicators' sparklines and the latest changes, each one a way to the
 * list or the record behind it. The first page shown on opening a file. */
#pragma once

#include <adwaita.h>

#include "joinery-window-page.h"
#include "joinery-dashboard.h"

G_BEGIN_DECLS

extern const JoineryWindowPage joinery_dashboard_page;

#define JOINERY_TYPE_DASHBOARD_PAGE (joinery_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (JoineryDashboardPage, joinery_dashboard_page, JOINERY, DASHBOARD_PAGE, GtkBox)

/* For tests. */
/* TRUE once the figures asked for last are shown. */
gboolean                joinery_dashboard_page_is_ready       (JoineryDashboardPage *self);
/* What is shown ("loading", "empty", "figures" or "error"). */
const char             *joinery_dashboard_page_get_state      (JoineryDashboardPage *self);
/* The figures shown, or NULL until read. */
JoineryDashboard       *joinery_dashboard_page_get_dashboard  (JoineryDashboardPage *self);
/* The buttons of the figures shown, in the order shown; each one's figure
 * and the number it shows. */
GPtrArray              *joinery_dashboard_page_dup_figure_buttons (JoineryDashboardPage *self);
JoineryDashboardFigure *joinery_dashboard_page_get_button_figure  (GtkWidget *button);
const char             *joinery_dashboard_page_get_button_value   (GtkWidget *button);
/* The rows of the recent changes, newest first: like entries of the trail
 * next to each other (one action, one label, one minute) share a row, and
 * a row says how many it stands for. */
GPtrArray              *joinery_dashboard_page_dup_change_rows    (JoineryDashboardPage *self);
guint                   joinery_dashboard_page_get_row_change_count (GtkWidget *row);
/* The rows of the events shown (the next, or with none to come the latest),
 * and their heading. */
GPtrArray              *joinery_dashboard_page_dup_event_rows     (JoineryDashboardPage *self);
const char             *joinery_dashboard_page_get_events_heading (JoineryDashboardPage *self);

G_END_DECLS
