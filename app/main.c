/* main.c: the `joinery` program. The command line answers every command
 * without a display; `joinery` alone, `joinery open FILE` and
 * `joinery --db FILE` open the window through the launcher set here. */
#include "config.h"

#include "joinery-cli.h"
#include "joinery-gui.h"

int
main (int argc, char **argv)
{
  joinery_cli_set_launcher (joinery_gui_launch);
  return joinery_cli_run (argc, argv);
}
