/* joinery-cli.c: the `joinery` command line (being written). */
#include "joinery-cli.h"

int
joinery_cli_run (int argc, char **argv)
{
  return 2;
}
