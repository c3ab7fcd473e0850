/* joinery-window-pages.c: the window's built-in pages, in sidebar order.
 * Each page lives in its own source file and is registered here. */
#include "config.h"

#include "joinery-window-page.h"
#include "joinery-script-editor.h"

/* No shortcut yet: a page with one gets a tooltip in the sidebar, and
 * that tooltip under the pointer in Xvfb keeps the main loop too busy for
 * the window's idle work (tests/gui/test-gui-scenario.c times out). */
static const JoineryWindowPage script_editor_page = {
  "editor", "Script Editor", "accessories-text-editor-symbolic", NULL, joinery_script_editor_new,
};

void
joinery_window_register_builtin_pages (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  joinery_window_register_page (&script_editor_page);
}
