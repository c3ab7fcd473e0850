/* joinery-window-page.h: pages of the main window beside the lists of
 * records — reports, workflows, the script editor and the like.
 *
 * A page is registered once, before the first window is made (the
 * application registers the built-in ones in joinery-window-pages.c). The
 * window lists it in the sidebar below the kinds of record, and builds it
 * when first shown, for the database then open: `create` gets the window
 * (joinery_window_get_db() is the open database) and the page's own header
 * bar, to pack its buttons into. A page is destroyed when the window's
 * database is closed, so a page never outlives the database it was built
 * for; it follows changes to the data through the database's "changed"
 * signal. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _JoineryWindow JoineryWindow;

typedef struct
{
  const char *name;       /* "reports": the stack child's name and win.show-page's target */
  const char *title;      /* "Reports" */
  const char *icon_name;  /* a symbolic icon for the sidebar */
  const char *accel;      /* "<Control><Shift>r", or NULL */
  GtkWidget *(*create) (JoineryWindow *window, AdwHeaderBar *header);
} JoineryWindowPage;

/* Add a page to every window made afterwards; pages are listed in the
 * order registered. Registering the same name twice replaces nothing and
 * is refused. */
void                      joinery_window_register_page  (const JoineryWindowPage *page);
const JoineryWindowPage  *joinery_window_lookup_page    (const char *name);
/* The registered pages, ended by NULL. */
const JoineryWindowPage **joinery_window_get_pages      (guint *n_pages);
/* The application's own pages (joinery-window-pages.c). */
void                      joinery_window_register_builtin_pages (void);

/* Show a page (building it if needed); FALSE when no database is open or
 * no such page is registered. */
gboolean                  joinery_window_show_page      (JoineryWindow *self, const char *name);
/* A page's content as `create` returned it, or NULL until first shown. */
GtkWidget                *joinery_window_get_page_widget (JoineryWindow *self, const char *name);
/* The name of the page shown, or NULL while a list of records is shown. */
const char               *joinery_window_get_visible_page (JoineryWindow *self);

G_END_DECLS
