/* joinery-cli.h: the `joinery` command line. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  JOINERY_CLI_LAUNCH_DEFAULT = 0,
  JOINERY_CLI_LAUNCH_DEMO    = 1 << 0, /* the file is a throw-away copy of the demo */
} JoineryCliLaunchFlags;

/* Opens the window on a database file (NULL: the last one, or the welcome
 * page) and runs until it closes; returns the exit status. The command
 * line has no GTK: the program hands it the window through this. */
typedef int (*JoineryCliLauncher) (const char *db_path, JoineryCliLaunchFlags flags);

void joinery_cli_set_launcher (JoineryCliLauncher launcher);

/* Run the command line; returns the process exit status: 0 on success,
 * 1 on bad input or data, 2 on bad usage. `joinery` with no command (or
 * `joinery open`) runs the launcher when one is set. */
int  joinery_cli_run          (int argc, char **argv);

G_END_DECLS
