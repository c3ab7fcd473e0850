/* joinery-reports-page.h: the window's Reports page — every report of
 * every plugin by category, a form for the chosen one's parameters, runs
 * in the background with Cancel, the result, its export and printing. */
#pragma once

#include <adwaita.h>

#include "joinery-report-export.h"
#include "joinery-report-view.h"
#include "joinery-window-page.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_REPORTS_PAGE (joinery_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (JoineryReportsPage, joinery_reports_page, JOINERY, REPORTS_PAGE, GtkBox)

/* The page as the window registers it. */
extern const JoineryWindowPage joinery_reports_page_info;

GtkWidget          *joinery_reports_page_new          (JoineryWindow *window, AdwHeaderBar *header);
/* Find the plugins again (as a change in the user's plugin folder does),
 * keeping the chosen report when it is still there; for the script editor
 * after it saves a plugin. Runs in the background: see is_loading. */
void                joinery_reports_page_reload       (JoineryReportsPage *self);
gboolean            joinery_reports_page_is_loading   (JoineryReportsPage *self);

/* Choose a report by "report-id" or "plugin-id/report-id"; FALSE when the
 * page lists no such report. */
gboolean            joinery_reports_page_select_report (JoineryReportsPage *self, const char *id);
/* "plugin-id/report-id" of the chosen report, or NULL. */
const char         *joinery_reports_page_get_selected (JoineryReportsPage *self);
/* A parameter of the chosen report, as typed in its form. */
gboolean            joinery_reports_page_set_param    (JoineryReportsPage *self, const char *name,
                                                       const char *value);
char               *joinery_reports_page_dup_param    (JoineryReportsPage *self, const char *name);

/* Run the chosen report (what Run and Ctrl+Return do) and stop it. */
void                joinery_reports_page_run          (JoineryReportsPage *self);
void                joinery_reports_page_cancel       (JoineryReportsPage *self);
gboolean            joinery_reports_page_is_running   (JoineryReportsPage *self);
/* The time a run may take before the sandbox stops it (default 30 s). */
void                joinery_reports_page_set_time_limit (JoineryReportsPage *self, guint ms);

/* What the last run said went wrong (or that it was cancelled); NULL
 * when it went well or none has run. */
const char         *joinery_reports_page_get_message  (JoineryReportsPage *self);
JoineryReportView  *joinery_reports_page_get_view     (JoineryReportsPage *self);
/* Write the result shown, as Export does after asking where. */
gboolean            joinery_reports_page_export       (JoineryReportsPage *self,
                                                       JoineryReportExportFormat format,
                                                       const char *path, GError **error);
/* Print the result shown to a PDF file, through the same print operation
 * (and so the same pages) that Print uses, without its dialog. */
gboolean            joinery_reports_page_print_to_file (JoineryReportsPage *self, const char *path,
                                                        GError **error);
/* Why a listed plugin cannot run, or NULL when the page lists no broken
 * plugin of that id. */
const char         *joinery_reports_page_get_broken_reason (JoineryReportsPage *self,
                                                            const char *plugin_id);

G_END_DECLS
