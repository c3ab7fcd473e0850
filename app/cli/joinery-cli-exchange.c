/* joinery-cli-exchange.c: the commands of this area (none yet). */
#include "config.h"

#include "joinery-cli-private.h"

const JoineryCliCommand joinery_cli_exchange_commands[] = {
  { NULL }
};
