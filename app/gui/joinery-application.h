/* joinery-application.h: the AdwApplication org.joinery.Joinery. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define JOINERY_TYPE_APPLICATION (joinery_application_get_type ())
G_DECLARE_FINAL_TYPE (JoineryApplication, joinery_application, JOINERY, APPLICATION, AdwApplication)

/* `flags` besides G_APPLICATION_HANDLES_OPEN, which is always set; tests
 * add G_APPLICATION_NON_UNIQUE. */
JoineryApplication *joinery_application_new (GApplicationFlags flags);
/* When set, opening a file does not make it the last or a recent one (a
 * throw-away copy of the demo). */
void                joinery_application_set_remember_files (JoineryApplication *self, gboolean remember);
gboolean            joinery_application_get_remember_files (JoineryApplication *self);

G_END_DECLS
