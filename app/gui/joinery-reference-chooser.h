/* joinery-reference-chooser.h: a popover that finds a record of one kind
 * by what is typed, for a form's reference fields. */
#pragma once

#include <gtk/gtk.h>

#include "joinery-db.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_REFERENCE_CHOOSER (joinery_reference_chooser_get_type ())
G_DECLARE_FINAL_TYPE (JoineryReferenceChooser, joinery_reference_chooser, JOINERY,
                      REFERENCE_CHOOSER, GtkPopover)

/* Emits "chosen" with the record's id, or 0 for "none" when allowed. */
JoineryReferenceChooser *joinery_reference_chooser_new (JoineryDb *db, const JoineryKind *kind,
                                                        gboolean allow_none);
/* Show the records matching `text` now (also what typing does). */
void                     joinery_reference_chooser_search (JoineryReferenceChooser *self,
                                                           const char *text);
guint                    joinery_reference_chooser_get_n_results (JoineryReferenceChooser *self);
/* Choose the n-th result, as a click on it does. */
void                     joinery_reference_chooser_choose (JoineryReferenceChooser *self, guint index);

G_END_DECLS
