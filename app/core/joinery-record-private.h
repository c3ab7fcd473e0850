/* joinery-record-private.h: a record's values by field position, for the
 * core's loops over every field (binding, JSON, validation), where looking
 * each field up by name would cost more than the work itself. */
#pragma once

#include "joinery-record.h"

G_BEGIN_DECLS

gboolean    joinery_record_is_null_at (JoineryRecord *self, guint i);
/* Text-like values, and a LINK's kind. */
const char *joinery_record_text_at    (JoineryRecord *self, guint i);
/* Integer-like values, and a LINK's id. */
gint64      joinery_record_integer_at (JoineryRecord *self, guint i);
double      joinery_record_real_at    (JoineryRecord *self, guint i);

G_END_DECLS
