/* joinery-lua.h: libjoinery-lua, the Lua plugin layer — everything a front
 * end needs: plugins and their registry, running reports, workflows,
 * actions and scripts in the sandbox, workflows set off by changes, the
 * report output as data, and JOINERY_SCRIPT_ERROR. No GTK. */
#pragma once

#include "joinery-lua-api.h"
#include "joinery-lua-run.h"
#include "joinery-plugin.h"
#include "joinery-plugin-trust.h"
#include "joinery-report.h"
#include "joinery-script-error.h"
#include "joinery-workflow-host.h"
