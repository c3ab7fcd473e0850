/* joinery-record-form.h: the form of one record — every field editable by
 * the right widget, errors beside the field, the records related to it
 * (one click apart) and its notes, tags and tasks. Every edit is saved at
 * once, in its own change group; a new record is saved by Create. */
#pragma once

#include <adwaita.h>

#include "joinery-db.h"
#include "joinery-reference-chooser.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_RECORD_FORM (joinery_record_form_get_type ())
G_DECLARE_FINAL_TYPE (JoineryRecordForm, joinery_record_form, JOINERY, RECORD_FORM, GtkWidget)

void           joinery_record_form_set_db          (JoineryRecordForm *self, JoineryDb *db);
/* Show a stored record; FALSE (and the empty state) if there is none. */
gboolean       joinery_record_form_show_record     (JoineryRecordForm *self, const JoineryKind *kind,
                                                    gint64 id);
/* Start a new record of `kind`, with `field` set to `value` (as typed:
 * an id for a reference, "kind:id" for a link) when not NULL. */
void           joinery_record_form_show_new        (JoineryRecordForm *self, const JoineryKind *kind,
                                                    const char *field, const char *value);
void           joinery_record_form_clear           (JoineryRecordForm *self);
/* Create the new record from what was typed, as the Create button does;
 * FALSE with the errors shown beside their fields. */
gboolean       joinery_record_form_create          (JoineryRecordForm *self);
/* Leave a new record unsaved: back to the record it was added from, or
 * empty. FALSE when no new record is shown. */
gboolean       joinery_record_form_leave_draft     (JoineryRecordForm *self);
/* Save what is typed but not yet saved (before the window closes). */
void           joinery_record_form_commit_pending  (JoineryRecordForm *self);

/* Move the keyboard into the form. */
void           joinery_record_form_focus_first_field (JoineryRecordForm *self);
/* The back button, shown when there is somewhere to go back to. */
void           joinery_record_form_set_show_back   (JoineryRecordForm *self, gboolean show);

/* The record shown (a draft when new), or NULL. */
JoineryRecord *joinery_record_form_get_record      (JoineryRecordForm *self);
gboolean       joinery_record_form_is_draft        (JoineryRecordForm *self);

/* For tests: the widget that edits `field` (an AdwEntryRow, AdwComboRow,
 * or AdwActionRow with a switch or a chooser), the error shown beside it
 * (NULL for none), a reference field's chooser, the row of a related
 * record, and the rows that add a "note", "tag" or "task". */
GtkWidget     *joinery_record_form_get_field_widget (JoineryRecordForm *self, const char *field);
const char    *joinery_record_form_get_field_error  (JoineryRecordForm *self, const char *field);
JoineryReferenceChooser *joinery_record_form_get_chooser (JoineryRecordForm *self, const char *field);
GtkWidget     *joinery_record_form_find_related_row (JoineryRecordForm *self, const JoineryKind *kind,
                                                     gint64 id);
GtkWidget     *joinery_record_form_get_add_row      (JoineryRecordForm *self, const char *kind);
/* The message shown for the whole record (not one field), or NULL. */
const char    *joinery_record_form_get_error        (JoineryRecordForm *self);

G_END_DECLS
