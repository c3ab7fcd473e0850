/* joinery-gui.h: the window's entry point for the `joinery` program. */
#pragma once

#include "joinery-cli.h"

G_BEGIN_DECLS

/* A JoineryCliLauncher: runs the application on `db_path` (NULL: the last
 * file, or the welcome page) until its window closes. */
int joinery_gui_launch (const char *db_path, JoineryCliLaunchFlags flags);

G_END_DECLS
