/* joinery-error.h: the core's error domains.
 *
 * JOINERY_DB_ERROR is about the file and the database (foreign, newer or
 * damaged files, busy, missing records, undo). JOINERY_VALIDATION_ERROR is
 * about a value a user gave; it carries the kind and the field it concerns
 * so that a form can show the message beside the field. Neither says
 * anything about how a front end presents it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JOINERY_DB_ERROR (joinery_db_error_quark ())

typedef enum {
  JOINERY_DB_ERROR_FAILED,
  JOINERY_DB_ERROR_NOT_JOINERY,     /* not a Joinery database: refused, untouched */
  JOINERY_DB_ERROR_TOO_NEW,         /* written by a newer Joinery: refused, untouched */
  JOINERY_DB_ERROR_CORRUPT,         /* damaged file */
  JOINERY_DB_ERROR_READ_ONLY,
  JOINERY_DB_ERROR_BUSY,
  JOINERY_DB_ERROR_FULL,
  JOINERY_DB_ERROR_IO,
  JOINERY_DB_ERROR_NOT_FOUND,       /* no such record */
  JOINERY_DB_ERROR_NOTHING_TO_UNDO,
  JOINERY_DB_ERROR_NOTHING_TO_REDO,
  JOINERY_DB_ERROR_CONFLICT,        /* undo/redo no longer applies cleanly */
} JoineryDbError;

GQuark joinery_db_error_quark (void);

#define JOINERY_VALIDATION_ERROR (joinery_validation_error_quark ())

typedef enum {
  JOINERY_VALIDATION_ERROR_REQUIRED,          /* empty where a value is needed */
  JOINERY_VALIDATION_ERROR_INVALID,           /* badly formed: date, money, email… */
  JOINERY_VALIDATION_ERROR_RANGE,             /* out of range, or an end before its start */
  JOINERY_VALIDATION_ERROR_UNKNOWN_CHOICE,    /* not one of an enumeration's values */
  JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD,     /* no such field on this kind */
  JOINERY_VALIDATION_ERROR_UNKNOWN_KIND,      /* no such kind of record */
  JOINERY_VALIDATION_ERROR_MISSING_REFERENCE, /* refers to a record that does not exist */
  JOINERY_VALIDATION_ERROR_AMBIGUOUS,         /* a name that matches several records */
  JOINERY_VALIDATION_ERROR_IN_USE,            /* cannot delete: others depend on it */
  JOINERY_VALIDATION_ERROR_DUPLICATE,         /* would duplicate an existing record */
  JOINERY_VALIDATION_ERROR_RULE,              /* a rule across fields */
} JoineryValidationError;

GQuark joinery_validation_error_quark (void);

/* The kind ("grant") and field ("amount_awarded") a validation error is
 * about; NULL where it concerns the whole record. */
const char *joinery_validation_error_get_kind    (const GError *error);
const char *joinery_validation_error_get_field   (const GError *error);
/* The problem alone, without the field's name ("must not be empty"), for a
 * message shown beside the field it concerns. */
const char *joinery_validation_error_get_problem (const GError *error);

void joinery_set_validation_error (GError                **error,
                                   const char             *kind,
                                   const char             *field,
                                   JoineryValidationError  code,
                                   const char             *format,
                                   ...) G_GNUC_PRINTF (5, 6);

G_END_DECLS
