/* joinery-record.h: one record of any kind, as values by field.
 *
 * A JoineryRecord is a detached copy: reading one from the database fills
 * it, changing it changes nothing until it is handed back to
 * joinery_db_create() or joinery_db_update(), which validate it first. The
 * accessors name fields as the kind describes them ("amount_awarded",
 * "organisation"); a wrong name or type is a programming error and is
 * caught by g_return_if_fail, while joinery_record_set_from_string() is
 * for what people type and reports problems as validation errors.
 */
#pragma once

#include <glib-object.h>

#include "joinery-kind.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_RECORD (joinery_record_get_type ())
G_DECLARE_FINAL_TYPE (JoineryRecord, joinery_record, JOINERY, RECORD, GObject)

JoineryRecord     *joinery_record_new              (const JoineryKind *kind);
JoineryRecord     *joinery_record_copy             (JoineryRecord *self);

const JoineryKind *joinery_record_get_kind         (JoineryRecord *self);
gint64             joinery_record_get_id           (JoineryRecord *self);
void               joinery_record_set_id           (JoineryRecord *self, gint64 id);
const char        *joinery_record_get_created_at   (JoineryRecord *self);
const char        *joinery_record_get_updated_at   (JoineryRecord *self);
/* The record's name as people see it ("Leeds City Council", or for a
 * membership "Matilda Ashbury in Integration and Change Board"); set when
 * the record is read from the database. */
const char        *joinery_record_get_label        (JoineryRecord *self);

gboolean           joinery_record_is_null          (JoineryRecord *self, const char *field);
/* TEXT, LONG_TEXT, DATE, TIME, CHOICE; NULL when empty. */
const char        *joinery_record_get_text         (JoineryRecord *self, const char *field);
/* INTEGER, MONEY (pence), BOOLEAN, REFERENCE (the id), LINK (the id); 0 when empty. */
gint64             joinery_record_get_integer      (JoineryRecord *self, const char *field);
double             joinery_record_get_real         (JoineryRecord *self, const char *field);
/* LINK: the kind of the record linked to. */
const char        *joinery_record_get_link_kind    (JoineryRecord *self, const char *field);
/* REFERENCE and LINK: the referred record's label, when read from the database. */
const char        *joinery_record_get_reference_label (JoineryRecord *self, const char *field);

void               joinery_record_set_null         (JoineryRecord *self, const char *field);
void               joinery_record_set_text         (JoineryRecord *self, const char *field, const char *value);
void               joinery_record_set_integer      (JoineryRecord *self, const char *field, gint64 value);
void               joinery_record_set_real         (JoineryRecord *self, const char *field, double value);
void               joinery_record_set_link         (JoineryRecord *self, const char *field,
                                                    const char *kind, gint64 id);

/* Parse what a person typed for a field: money in pounds, dates, yes/no,
 * choices, numbers, a reference as an id, a link as "kind:id". An empty
 * string clears the field. On failure the record is unchanged and the
 * error names the field. References by name need the database: see
 * joinery_db_set_from_string(). */
gboolean           joinery_record_set_from_string  (JoineryRecord *self, const char *field,
                                                    const char *text, GError **error);

/* The value as people read it ("£1,130,000.00", "yes", the referred
 * record's label), or NULL when empty. */
char              *joinery_record_format_value     (JoineryRecord *self, const char *field);
/* The value as a spreadsheet or script reads it ("1130000.00", "2017-05-19",
 * "yes", a reference's id, a link as "kind:id"), or NULL when empty. It
 * parses back with joinery_record_set_from_string(). */
char              *joinery_record_dup_string       (JoineryRecord *self, const char *field);

/* The record as a JSON object of its columns ("applicant_id", a link as
 * "record_kind" and "record_id"), with its id and timestamps and empty
 * fields left out: the form the audit trail keeps and workflows read. */
char              *joinery_record_to_json          (JoineryRecord *record);

gboolean           joinery_record_value_equal      (JoineryRecord *a, JoineryRecord *b, const char *field);

/* For the core's reading code. */
void               joinery_record_set_timestamps   (JoineryRecord *self, const char *created_at,
                                                    const char *updated_at);
void               joinery_record_set_label        (JoineryRecord *self, const char *label);
void               joinery_record_set_reference_label (JoineryRecord *self, const char *field,
                                                       const char *label);

G_END_DECLS
