/* joinery-script-editor.h: the script editor page — write, run and fix a
 * plugin without leaving the window.
 *
 * It edits the main file of one plugin at a time: the user's own plugins
 * ($XDG_DATA_HOME/joinery/plugins, saved there atomically, so that the
 * Reports page sees the change), or a bundled one read-only until copied
 * to the user's folder. Run (Ctrl+Return) runs the buffer as it stands —
 * saved or not — against the window's database, in the sandbox and off
 * the main loop, and shows the report's output or the errors, each error
 * a row that moves the cursor to its line. A console runs one-off Lua
 * with read access. The page never writes the database.
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "joinery-window.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_SCRIPT_EDITOR (joinery_script_editor_get_type ())
G_DECLARE_FINAL_TYPE (JoineryScriptEditor, joinery_script_editor, JOINERY, SCRIPT_EDITOR, GtkBox)

/* The page for the window's database; buttons go into `header`. */
GtkWidget       *joinery_script_editor_new            (JoineryWindow *window, AdwHeaderBar *header);

/* Make a plugin folder in the user's folder from the template — a report
 * named `name`, its id made from the name — and open it. */
gboolean         joinery_script_editor_new_plugin     (JoineryScriptEditor *self, const char *name,
                                                       GError **error);
/* Open the plugin in `folder` (read-only when outside the user's folder). */
gboolean         joinery_script_editor_open           (JoineryScriptEditor *self, const char *folder,
                                                       GError **error);
/* Save the buffer to the plugin's main file (refused when read-only). */
gboolean         joinery_script_editor_save           (JoineryScriptEditor *self, GError **error);
/* Copy the open (bundled) plugin to the user's folder and open the copy. */
gboolean         joinery_script_editor_copy_to_user   (JoineryScriptEditor *self, GError **error);
/* Run the buffer's report, or a line of Lua in the console; both end
 * later (see is_running). */
void             joinery_script_editor_run            (JoineryScriptEditor *self);
void             joinery_script_editor_run_console    (JoineryScriptEditor *self, const char *code);
void             joinery_script_editor_cancel         (JoineryScriptEditor *self);

/* For tests. */
gboolean         joinery_script_editor_is_running     (JoineryScriptEditor *self);
const char      *joinery_script_editor_get_folder     (JoineryScriptEditor *self);
gboolean         joinery_script_editor_get_read_only  (JoineryScriptEditor *self);
GtkSourceBuffer *joinery_script_editor_get_buffer     (JoineryScriptEditor *self);
GtkSourceView   *joinery_script_editor_get_view       (JoineryScriptEditor *self);
/* The output pane's text, and the console's. */
char            *joinery_script_editor_get_output     (JoineryScriptEditor *self);
char            *joinery_script_editor_get_console    (JoineryScriptEditor *self);
/* The errors listed, and each one's row. */
GtkListBox      *joinery_script_editor_get_errors     (JoineryScriptEditor *self);
/* Show the search bar with `text`, and select the next match. */
gboolean         joinery_script_editor_find           (JoineryScriptEditor *self, const char *text);

G_END_DECLS
