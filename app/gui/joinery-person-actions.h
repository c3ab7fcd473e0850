/* joinery-person-actions.h: on a person's form, what UK GDPR asks of us —
 * "Export Personal Data…" (a subject access export saved as JSON) and
 * "Erase Person…" (after a destructive confirmation; then the records that
 * still mention them, for review). */
#pragma once

#include <adwaita.h>

#include "joinery-db.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_PERSON_ACTIONS (joinery_person_actions_get_type ())
G_DECLARE_FINAL_TYPE (JoineryPersonActions, joinery_person_actions, JOINERY, PERSON_ACTIONS, AdwBin)

GtkWidget  *joinery_person_actions_new            (JoineryDb *db, gint64 person_id);

/* Write the export to `path` (readable by its owner only), as the file
 * chooser's Save does. */
gboolean    joinery_person_actions_export_to_file (JoineryPersonActions *self, const char *path,
                                                   GError **error);

/* For tests: the confirmation shown by "Erase Person…", or after the
 * erasure its outcome (NULL when neither is open). */
AdwMessageDialog *joinery_person_actions_get_dialog (JoineryPersonActions *self);

G_END_DECLS
