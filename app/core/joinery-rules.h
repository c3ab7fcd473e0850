/* joinery-rules.h: what is particular to one kind of record, beyond what
 * its description in joinery-kind.c can say. Called by joinery-store.c
 * only. */
#pragma once

#include "joinery-db.h"

G_BEGIN_DECLS

/* Fill in what follows from other fields before validation (a task done
 * today, a project in its stage since today). `old` is NULL on create. */
void     joinery_rules_normalise   (JoineryDb *db, JoineryRecord *record, JoineryRecord *old);
/* Rules across fields and records: a grant awarded needs its date and
 * amount, an attendance's session belongs to its event, and so on. */
gboolean joinery_rules_validate    (JoineryDb *db, JoineryRecord *record, GError **error);
/* What a change brings with it, inside the same operation (a project's
 * stage history). `old` is NULL on create. */
gboolean joinery_rules_after_write (JoineryDb *db, JoineryRecord *record, JoineryRecord *old,
                                    GError **error);

G_END_DECLS
