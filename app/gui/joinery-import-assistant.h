/* joinery-import-assistant.h: the import wizard — choose a CSV file, map
 * its columns with a preview of its first rows, see every problem a dry run
 * finds (by row and column), then import it, with progress and Cancel, all
 * or nothing. Also imports an Eventbrite attendee report onto an event. */
#pragma once

#include <adwaita.h>

#include "joinery-window.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_IMPORT_ASSISTANT (joinery_import_assistant_get_type ())
G_DECLARE_FINAL_TYPE (JoineryImportAssistant, joinery_import_assistant, JOINERY, IMPORT_ASSISTANT, AdwWindow)

/* Rows of a file as records of `kind`, into the window's database. */
JoineryImportAssistant *joinery_import_assistant_new            (JoineryWindow *window,
                                                                 const JoineryKind *kind);
/* An Eventbrite attendee report as the attendances of event `event_id`. */
JoineryImportAssistant *joinery_import_assistant_new_eventbrite (JoineryWindow *window,
                                                                 gint64 event_id);
/* Ask for the file (a native chooser), as the first page's button does. */
void        joinery_import_assistant_choose_file  (JoineryImportAssistant *self);
/* Take the file at `path` as if chosen: its preview and guessed mapping,
 * or — when it cannot be read — the reason on the first page (FALSE). */
gboolean    joinery_import_assistant_set_file     (JoineryImportAssistant *self, const char *path);

/* For tests. "file", "mapping", "problems", "progress", "done". */
const char *joinery_import_assistant_get_page     (JoineryImportAssistant *self);
/* Whether a dry run or an import is running. */
gboolean    joinery_import_assistant_is_running   (JoineryImportAssistant *self);
GtkButton  *joinery_import_assistant_get_next_button   (JoineryImportAssistant *self);
GtkButton  *joinery_import_assistant_get_back_button   (JoineryImportAssistant *self);
GtkButton  *joinery_import_assistant_get_cancel_button (JoineryImportAssistant *self);
/* The dropdown choosing the field of the column headed `header`, or NULL. */
GtkDropDown *joinery_import_assistant_get_column_dropdown (JoineryImportAssistant *self,
                                                           const char *header);
/* The problems listed, one a line, as shown. */
char       *joinery_import_assistant_dup_problems (JoineryImportAssistant *self);
/* The title and text shown on the current page. */
const char *joinery_import_assistant_get_title    (JoineryImportAssistant *self);
const char *joinery_import_assistant_get_message  (JoineryImportAssistant *self);
/* The progress bar's fraction. */
double      joinery_import_assistant_get_fraction (JoineryImportAssistant *self);

G_END_DECLS
