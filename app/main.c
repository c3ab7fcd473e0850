/* main.c: the `joinery` program. The command line answers every command
 * without a display; `joinery` alone, `joinery open FILE` and
 * `joinery --db FILE` open the window through the launcher set here —
 * when there is a display to open it on. Without one, `joinery` alone
 * prints the command line's usage, as on a server. */
#include "config.h"

#include "joinery-cli.h"
#include "joinery-gui.h"

static gboolean
names_a_display (const char *variable)
{
  const char *value = g_getenv (variable);

  return value != NULL && *value != '\0';
}

int
main (int argc, char **argv)
{
  /* Only the environment is read here: the display itself is opened by
   * the window, never by a command. */
  if (names_a_display ("DISPLAY") || names_a_display ("WAYLAND_DISPLAY"))
    joinery_cli_set_launcher (joinery_gui_launch);
  return joinery_cli_run (argc, argv);
}
