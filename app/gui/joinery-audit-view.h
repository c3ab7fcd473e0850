/* joinery-audit-view.h: the history of one record — who changed what and
 * when, field by field (old → new), read from the audit trail. */
#pragma once

#include <adwaita.h>

#include "joinery-db.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_AUDIT_VIEW (joinery_audit_view_get_type ())
G_DECLARE_FINAL_TYPE (JoineryAuditView, joinery_audit_view, JOINERY, AUDIT_VIEW, AdwBin)

/* The latest entries about record `id` of `kind`, newest first. */
GtkWidget  *joinery_audit_view_new             (JoineryDb *db, const JoineryKind *kind, gint64 id);

/* For tests: how many entries are shown, and one as its row reads
 * ("Changed by gui, 2 December 2026 at 02:42 — Email: a → b"). */
guint       joinery_audit_view_get_n_entries   (JoineryAuditView *self);
const char *joinery_audit_view_get_entry_text  (JoineryAuditView *self, guint index);

G_END_DECLS
