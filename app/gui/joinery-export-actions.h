/* joinery-export-actions.h: the window's import and export actions.
 *
 * win.export-list ("csv" or "xlsx"): the list shown, as filtered, searched
 * and sorted on screen; win.export-grants ("360giving-json",
 * "360giving-csv") and win.export-events ("ics") on those lists only;
 * win.import: the import wizard for the kind shown; win.import-eventbrite:
 * the wizard for an Eventbrite attendee report onto the event shown in the
 * form (from the form's Add menu); win.cancel-exchange:
 * stop the export running. An export asks where to save (a native file
 * chooser), then writes in a thread of its own, on a read-only connection
 * of its own, with its progress and a Cancel button in a toast. People
 * who have not consented to contact are left out of an export of people
 * unless the chooser's choice says to include them.
 */
#pragma once

#include "joinery-window.h"
#include "joinery-export.h"

G_BEGIN_DECLS

/* Called once by the window: adds the actions above. */
void     joinery_export_actions_init   (JoineryWindow *window);
/* Called whenever the window updates its actions (another kind shown, a
 * file opened). */
void     joinery_export_actions_update (JoineryWindow *window);

/* Write a list to `path` in a worker thread, on a read-only connection of
 * its own to the file at `db_path`; `query` (taken; NULL for every record)
 * as joinery_export_to_file() takes it. */
void     joinery_export_actions_export_async  (const char *db_path, const JoineryKind *kind,
                                               JoineryQuery *query, JoineryExportFormat format,
                                               const char *path, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
gboolean joinery_export_actions_export_finish (GAsyncResult *result, JoineryExportSummary *summary,
                                               GError **error);

/* What win.export-list and the like do once a file is chosen: the list
 * shown, in `format`, to `path`, with the toasts. For tests, which
 * cannot click through a native chooser. */
void     joinery_export_actions_export_shown  (JoineryWindow *window, JoineryExportFormat format,
                                               gboolean include_no_consent, const char *path);
/* Whether an export is running (its toast shown). */
gboolean joinery_export_actions_is_busy       (JoineryWindow *window);

G_END_DECLS
