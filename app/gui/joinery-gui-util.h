/* joinery-gui-util.h: small presentation helpers the window's widgets
 * share: icons of kinds, words for choices and dates. No state, no SQL. */
#pragma once

#include <gtk/gtk.h>

#include "joinery-db.h"
#include "joinery-error.h"
#include "joinery-value.h"

G_BEGIN_DECLS

/* The symbolic icon that stands for a kind of record. */
const char *joinery_gui_kind_icon       (const JoineryKind *kind);
/* "under_review" → "Under review", "nhs_trust" → "NHS trust". */
char       *joinery_gui_choice_label    (const char *value);
/* A value as a list cell shows it: choices in words, dates as "19 May 2017". */
char       *joinery_gui_format_cell     (JoineryRecord *record, const JoineryField *field);
/* "1,234,567". */
char       *joinery_gui_format_count    (guint64 count);
/* "1,234 people", "1 person". */
char       *joinery_gui_count_label     (const JoineryKind *kind, guint64 count);
/* "kind:id" for action targets, and back. */
char       *joinery_gui_record_ref      (const JoineryKind *kind, gint64 id);
gboolean    joinery_gui_parse_record_ref (const char *ref, const JoineryKind **kind, gint64 *id);
/* The first GtkListView inside a widget (a GtkColumnView's rows), or NULL. */
GtkWidget  *joinery_gui_find_list_view  (GtkWidget *widget);

G_END_DECLS

G_BEGIN_DECLS
/* The application's settings, or NULL when the schema is not installed
 * (running uninstalled without GSETTINGS_SCHEMA_DIR): nothing is then
 * remembered, and nothing fails. */
GSettings  *joinery_gui_dup_settings    (void);
G_END_DECLS
