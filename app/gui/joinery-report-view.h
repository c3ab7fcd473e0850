/* joinery-report-view.h: a report's output shown in the window — headings
 * and text, sortable tables, charts drawn by joinery-chart.c in the
 * style's colours. */
#pragma once

#include <gtk/gtk.h>

#include "joinery-report.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_REPORT_VIEW (joinery_report_view_get_type ())
G_DECLARE_FINAL_TYPE (JoineryReportView, joinery_report_view, JOINERY, REPORT_VIEW, GtkBox)

GtkWidget           *joinery_report_view_new        (void);
/* Show `output` (NULL: nothing). */
void                 joinery_report_view_set_output (JoineryReportView *self, JoineryReportOutput *output);
JoineryReportOutput *joinery_report_view_get_output (JoineryReportView *self);

/* For tests: the n-th table and chart as shown (NULL when there are fewer). */
GtkColumnView       *joinery_report_view_get_table  (JoineryReportView *self, guint n);
GtkWidget           *joinery_report_view_get_chart  (JoineryReportView *self, guint n);
/* The text of a cell of the n-th table, in the order shown (sorted as
 * people sorted it); NULL when there is no such cell. */
char                *joinery_report_view_dup_cell   (JoineryReportView *self, guint table,
                                                     guint row, guint column);

G_END_DECLS
