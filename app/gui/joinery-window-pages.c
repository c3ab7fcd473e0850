/* joinery-window-pages.c: the window's built-in pages, in sidebar order.
 * Each page lives in its own source file and is registered here. */
#include "config.h"

#include "joinery-dashboard-page.h"
#include "joinery-reports-page.h"
#include "joinery-window-page.h"
#include "joinery-network-page.h"
#include "joinery-workflows-page.h"
#include "joinery-script-editor.h"

static const JoineryWindowPage script_editor_page = {
  "editor", "Script Editor", "accessories-text-editor-symbolic", "<Control><Shift>e", joinery_script_editor_new,
};

void
joinery_window_register_builtin_pages (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  joinery_window_register_page (&joinery_dashboard_page);
  joinery_window_register_page (&joinery_reports_page_info);
  joinery_window_register_page (&joinery_workflows_page);
  joinery_window_register_page (&script_editor_page);
  joinery_window_register_page (&joinery_network_page);
}
