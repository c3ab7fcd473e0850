/* joinery-cli-demo.c: the commands of this area (none yet). */
#include "config.h"

#include "joinery-cli-private.h"

const JoineryCliCommand joinery_cli_demo_commands[] = {
  { NULL }
};
