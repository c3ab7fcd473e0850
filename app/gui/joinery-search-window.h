/* joinery-search-window.h: find any record of any kind and open it (Ctrl+K). */
#pragma once

#include <adwaita.h>

#include "joinery-db.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_SEARCH_WINDOW (joinery_search_window_get_type ())
G_DECLARE_FINAL_TYPE (JoinerySearchWindow, joinery_search_window, JOINERY, SEARCH_WINDOW, AdwWindow)

/* `parent` must have the "win.open-record" action. */
JoinerySearchWindow *joinery_search_window_new           (gpointer parent, JoineryDb *db);
void                 joinery_search_window_search        (JoinerySearchWindow *self, const char *text);
guint                joinery_search_window_get_n_results (JoinerySearchWindow *self);
/* Open the n-th result in the parent window, and close. */
void                 joinery_search_window_open_result   (JoinerySearchWindow *self, guint index);

G_END_DECLS
