/* joinery-workflows-page.h: the Workflows page — every workflow with its
 * switch (remembered in the database), trigger, plugin and permissions;
 * "Run now" for those run on demand; the log of runs; installing a plugin
 * and approving those that change data.
 *
 * The window's workflow host (the one object that fires workflows for the
 * changes made in forms) is made here too, by joinery_workflows_attach(),
 * so that the window needs only to call it when it opens a database. */
#pragma once

#include <adwaita.h>

#include "joinery-window-page.h"
#include "joinery-lua.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_WORKFLOWS_PAGE (joinery_workflows_page_get_type ())
G_DECLARE_FINAL_TYPE (JoineryWorkflowsPage, joinery_workflows_page, JOINERY, WORKFLOWS_PAGE, AdwBin)

extern const JoineryWindowPage joinery_workflows_page;

/* Give the window a workflow host for its database (NULL: drop it), and
 * run the workflows switched on that look for work on opening. */
void                  joinery_workflows_attach        (JoineryWindow *window, JoineryDb *db);
/* The window's host, made when first asked for; NULL without a database. */
JoineryWorkflowHost  *joinery_workflows_get_host      (JoineryWindow *window);
JoineryPluginRegistry *joinery_workflows_get_registry (JoineryWindow *window);

/* For tests: the page's switch of a workflow, its log rows (a GtkListBox),
 * and the approval dialog on screen, if any. */
GtkSwitch            *joinery_workflows_page_get_switch  (GtkWidget *page, const char *workflow_id);
GtkListBox           *joinery_workflows_page_get_log     (GtkWidget *page);
GtkWidget            *joinery_workflows_page_get_dialog  (GtkWidget *page);
/* Reload the plugins (after one was installed or dropped in). */
void                  joinery_workflows_page_reload      (GtkWidget *page);

G_END_DECLS
