/* joinery-script-error.h: JOINERY_SCRIPT_ERROR, what went wrong in a plugin.
 *
 * Every failure of a plugin — a manifest that cannot be read, code that
 * does not compile, an error raised while it runs, a run stopped for time
 * or memory, a sandbox rule refused — reaches the host as a GError in this
 * domain. It carries the plugin, the file (relative to the plugin's
 * folder) and the line, and the Lua traceback when there is one, so that a
 * script editor can point at the line and a report can show the stack.
 * Nothing here depends on a front end.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JOINERY_SCRIPT_ERROR (joinery_script_error_quark ())

typedef enum {
  JOINERY_SCRIPT_ERROR_FAILED,     /* anything else */
  JOINERY_SCRIPT_ERROR_BROKEN,     /* the manifest is missing or wrong */
  JOINERY_SCRIPT_ERROR_SYNTAX,     /* the code does not compile */
  JOINERY_SCRIPT_ERROR_RUNTIME,    /* an error raised while running (a refused sandbox rule too) */
  JOINERY_SCRIPT_ERROR_TIMEOUT,    /* ran out of its time budget */
  JOINERY_SCRIPT_ERROR_MEMORY,     /* went over its memory cap */
  JOINERY_SCRIPT_ERROR_CRASHED,    /* the sandbox process ended without an answer */
  JOINERY_SCRIPT_ERROR_NOT_FOUND,  /* no such plugin, report, workflow or action */
  JOINERY_SCRIPT_ERROR_PARAMETER,  /* a report parameter is missing or wrong */
  JOINERY_SCRIPT_ERROR_DENIED,     /* the plugin may not do this (a write without permission) */
  JOINERY_SCRIPT_ERROR_NOT_APPROVED, /* it may write but the user has not approved it (as it is now) */
} JoineryScriptError;

GQuark      joinery_script_error_quark          (void);

/* What the error is about; NULL (0 for the line) when not known. */
const char *joinery_script_error_get_plugin     (const GError *error);
const char *joinery_script_error_get_file       (const GError *error);
int         joinery_script_error_get_line       (const GError *error);
const char *joinery_script_error_get_traceback  (const GError *error);

/* A new error with its details; `file` relative to the plugin's folder. */
GError     *joinery_script_error_new            (JoineryScriptError code,
                                                 const char *plugin, const char *file,
                                                 int line, const char *traceback,
                                                 const char *message);
/* Set the details of an error already in this domain (for the host's own
 * checks that concern a plugin). */
void        joinery_script_error_set_details    (GError *error, const char *plugin,
                                                 const char *file, int line,
                                                 const char *traceback);

G_END_DECLS
