/* joinery-change-private.h: how joinery-db.c builds a change set. */
#pragma once

#include "joinery-change.h"

G_BEGIN_DECLS

JoineryChangeSet *joinery_change_set_new       (const char *label, const char *source,
                                                gboolean replay);
void              joinery_change_set_add       (JoineryChangeSet *set, const JoineryKind *kind,
                                                gint64 id, JoineryChangeAction action,
                                                const char *before, const char *after);
void              joinery_change_set_add_kind  (JoineryChangeSet *set, const JoineryKind *kind);
void              joinery_change_set_make_bulk (JoineryChangeSet *set);

G_END_DECLS
