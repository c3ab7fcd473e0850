/* joinery-import-mapping.h: which column of a file goes into which field.
 *
 * A mapping belongs to one kind of record. It names columns by their
 * header (compared without regard to case, spaces or punctuation, so
 * "E-mail address" is "email address"), not by position, so that a mapping
 * saved for one month's spreadsheet fits the next one's even if its columns
 * moved. A column maps to a field, to "id" (the record's id, for matching),
 * or to nothing (left out). Several columns may map to one text field:
 * their values are joined by a space, in the order of the file ("First
 * name" and "Last name" into name). A default value per field is used
 * where the file has no column for the field, or the cell is empty; on a
 * record already there it fills the field only if it is blank.
 *
 * Saved mappings live in a key file in the user's configuration folder
 * (joinery/import-mappings.ini), not in the database: a mapping describes
 * the shape of someone's spreadsheet, not the network's data, and keeping
 * it out of the file keeps the schema and the audit trail about records.
 */
#pragma once

#include "joinery-kind.h"

G_BEGIN_DECLS

#define JOINERY_IMPORT_MAPPING_ID "id"

typedef struct _JoineryImportMapping JoineryImportMapping;

JoineryImportMapping *joinery_import_mapping_new          (const JoineryKind *kind);
JoineryImportMapping *joinery_import_mapping_copy         (const JoineryImportMapping *mapping);
void                  joinery_import_mapping_free         (JoineryImportMapping *mapping);
const JoineryKind    *joinery_import_mapping_get_kind     (const JoineryImportMapping *mapping);

/* A mapping guessed from a file's headers: each header that is a field's
 * name or label, or a usual way to write it ("Surname", "Telephone",
 * "Organization", "Amount applied for"), maps to that field; "First name"
 * and "Last name" together map to the name. */
JoineryImportMapping *joinery_import_mapping_guess        (const JoineryKind *kind,
                                                           const char * const *headers,
                                                           guint n_headers);

/* Map the column headed `header` to `field` (a field of the kind, or
 * "id"), or leave it out with NULL; a JOINERY_VALIDATION_ERROR for a field
 * the kind does not have. */
gboolean              joinery_import_mapping_set_column   (JoineryImportMapping *mapping,
                                                           const char *header, const char *field,
                                                           GError **error);
/* The field a column maps to; NULL when it is left out or not mentioned. */
const char           *joinery_import_mapping_get_column   (const JoineryImportMapping *mapping,
                                                           const char *header);
/* Whether the mapping says anything about the column (a field, or "leave out"). */
gboolean              joinery_import_mapping_has_column   (const JoineryImportMapping *mapping,
                                                           const char *header);
/* The headers the mapping mentions, in the order they were set. */
GStrv                 joinery_import_mapping_dup_columns  (const JoineryImportMapping *mapping);

/* The value (as people type it) for `field` where the file gives none;
 * NULL or "" removes it. Checked like a cell when the import runs. */
gboolean              joinery_import_mapping_set_default  (JoineryImportMapping *mapping,
                                                           const char *field, const char *value,
                                                           GError **error);
const char           *joinery_import_mapping_get_default  (const JoineryImportMapping *mapping,
                                                           const char *field);
GStrv                 joinery_import_mapping_dup_defaults (const JoineryImportMapping *mapping);

/* Normalise a header as mappings compare them: lower case, letters and
 * digits only ("E-mail Address" → "emailaddress"). */
char                 *joinery_import_mapping_fold_header  (const char *header);

/* Saved mappings, by name, in the key file at `path` (NULL: the user's,
 * see joinery_import_mapping_default_path()). A name is one line of at
 * most 100 characters without square brackets. Saving replaces a mapping
 * of the same name, writing the file whole (atomically). */
char                 *joinery_import_mapping_default_path (void);
gboolean              joinery_import_mapping_save         (const JoineryImportMapping *mapping,
                                                           const char *path, const char *name,
                                                           GError **error);
JoineryImportMapping *joinery_import_mapping_load         (const char *path, const char *name,
                                                           GError **error);
/* The names saved, sorted; those for `kind` only unless it is NULL. */
GStrv                 joinery_import_mapping_list         (const char *path, const JoineryKind *kind,
                                                           GError **error);
gboolean              joinery_import_mapping_delete       (const char *path, const char *name,
                                                           GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryImportMapping, joinery_import_mapping_free)

G_END_DECLS
