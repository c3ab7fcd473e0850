/* main.c: the `joinery` program. Today every invocation is the command
 * line; the window will answer `joinery` with no command. */
#include "config.h"

#include "joinery-cli.h"

int
main (int argc, char **argv)
{
  return joinery_cli_run (argc, argv);
}
