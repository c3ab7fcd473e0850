/* joinery-change.h: what one change group did, as told to listeners.
 *
 * After a change group commits (and after an undo or a redo), JoineryDb
 * emits "changed" with a JoineryChangeSet read from the group's audit rows:
 * which records were created, updated or deleted, with their fields before
 * and after as JSON objects. Lists refresh from it; workflows trigger on it.
 * A bulk group (more than JOINERY_CHANGE_SET_MAX_CHANGES rows) tells only
 * the kinds it touched, so that a large import costs listeners nothing.
 */
#pragma once

#include <glib-object.h>

#include "joinery-kind.h"

G_BEGIN_DECLS

#define JOINERY_CHANGE_SET_MAX_CHANGES 10000

typedef enum {
  JOINERY_CHANGE_CREATE,
  JOINERY_CHANGE_UPDATE,
  JOINERY_CHANGE_DELETE,
} JoineryChangeAction;

typedef struct {
  const JoineryKind   *kind;
  gint64               id;
  JoineryChangeAction  action;
  char                *before; /* JSON object of the fields, NULL for a create */
  char                *after;  /* JSON object of the fields, NULL for a delete */
} JoineryChange;

typedef struct _JoineryChangeSet JoineryChangeSet;

#define JOINERY_TYPE_CHANGE_SET (joinery_change_set_get_type ())
GType              joinery_change_set_get_type     (void) G_GNUC_CONST;
JoineryChangeSet  *joinery_change_set_ref          (JoineryChangeSet *set);
void               joinery_change_set_unref        (JoineryChangeSet *set);
/* The group's label ("Add grant", "Undo Add grant") and source ("gui", "cli", "lua"). */
const char        *joinery_change_set_get_label    (JoineryChangeSet *set);
const char        *joinery_change_set_get_source   (JoineryChangeSet *set);
/* TRUE for an undo or a redo. */
gboolean           joinery_change_set_is_replay    (JoineryChangeSet *set);
/* TRUE when the group was too large to list: only the kinds are known. */
gboolean           joinery_change_set_is_bulk      (JoineryChangeSet *set);
gboolean           joinery_change_set_touches_kind (JoineryChangeSet *set, const JoineryKind *kind);
/* Empty for a bulk set. */
guint              joinery_change_set_get_n_changes (JoineryChangeSet *set);
const JoineryChange *joinery_change_set_get_change (JoineryChangeSet *set, guint index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryChangeSet, joinery_change_set_unref)

G_END_DECLS
