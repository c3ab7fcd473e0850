/* joinery-cli.h: the `joinery` command line. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Run the command line; returns the process exit status: 0 on success,
 * 1 on bad input or data, 2 on bad usage. */
int joinery_cli_run (int argc, char **argv);

G_END_DECLS
