/* joinery-window.h: the main window — the sidebar of kinds, the list of
 * the chosen kind and the form of the chosen record; or the welcome page
 * while no file is open. */
#pragma once

#include <adwaita.h>

#include "joinery-db.h"
#include "joinery-record-list.h"
#include "joinery-record-form.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_WINDOW (joinery_window_get_type ())
G_DECLARE_FINAL_TYPE (JoineryWindow, joinery_window, JOINERY, WINDOW, AdwApplicationWindow)

JoineryWindow     *joinery_window_new            (GtkApplication *application);
/* Open a database file (created when `create`); on failure the window is
 * unchanged and the error says why. */
gboolean           joinery_window_open_file      (JoineryWindow *self, const char *path,
                                                  gboolean create, GError **error);
/* Open a fresh temporary copy of the demo, removed when the window is
 * done with it (another file, or closed). */
gboolean           joinery_window_open_demo      (JoineryWindow *self, GError **error);
JoineryDb         *joinery_window_get_db         (JoineryWindow *self);
/* Show a kind's list (one of the sidebar's kinds). */
void               joinery_window_show_kind      (JoineryWindow *self, const JoineryKind *kind);
/* Show a kind's list with only the records that match every one of
 * `filters` (as a quick filter named `label`, chosen or added). */
void               joinery_window_show_filtered  (JoineryWindow *self, const JoineryKind *kind,
                                                  const char *label, const char * const *filters);
/* Show a record: its kind's list with it selected, and its form. */
gboolean           joinery_window_open_record    (JoineryWindow *self, const JoineryKind *kind,
                                                  gint64 id);
/* Read the lists, counts and form again, after a change made on another
 * connection (an import), which no "changed" signal reports. */
void               joinery_window_reload         (JoineryWindow *self);
void               joinery_window_add_toast      (JoineryWindow *self, AdwToast *toast);

/* For tests. */
/* The list of the kind shown, or NULL until a list is first shown (a file
 * opens on Home, and lists are built when shown). */
JoineryRecordList *joinery_window_get_list       (JoineryWindow *self);
JoineryRecordForm *joinery_window_get_form       (JoineryWindow *self);
/* The count the sidebar shows beside a kind ("" until counted). */
const char        *joinery_window_get_kind_count (JoineryWindow *self, const JoineryKind *kind);
/* The latest toast shown, or NULL. */
AdwToast          *joinery_window_get_last_toast (JoineryWindow *self);
/* The sidebar's width as asked for (remembered in the settings). */
int                joinery_window_get_sidebar_width (JoineryWindow *self);
/* "welcome" or "records". */
const char        *joinery_window_get_page       (JoineryWindow *self);

G_END_DECLS
