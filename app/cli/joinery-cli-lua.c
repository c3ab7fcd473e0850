/* joinery-cli-lua.c: the commands of this area (none yet). */
#include "config.h"

#include "joinery-cli-private.h"

const JoineryCliCommand joinery_cli_lua_commands[] = {
  { NULL }
};
