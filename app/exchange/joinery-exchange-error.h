/* joinery-exchange-error.h: the error domain of imports and exports.
 *
 * A file that cannot be read as CSV, an archive that is not one, an export
 * asked of a kind it does not fit, an import refused for its problems: each
 * is a JOINERY_EXCHANGE_ERROR whose message says what and where. Problems
 * with values (a bad date on row 12) are not errors but entries of an
 * import's report, so that every one of them can be listed at once.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JOINERY_EXCHANGE_ERROR (joinery_exchange_error_quark ())

typedef enum {
  JOINERY_EXCHANGE_ERROR_FAILED,
  JOINERY_EXCHANGE_ERROR_EMPTY,      /* the file holds nothing to read */
  JOINERY_EXCHANGE_ERROR_ENCODING,   /* not text in the encoding expected */
  JOINERY_EXCHANGE_ERROR_BINARY,     /* not a text file at all */
  JOINERY_EXCHANGE_ERROR_SYNTAX,     /* not well-formed CSV or JSON */
  JOINERY_EXCHANGE_ERROR_TOO_LARGE,  /* a field or row beyond any spreadsheet's */
  JOINERY_EXCHANGE_ERROR_FORMAT,     /* a format that does not fit this kind */
  JOINERY_EXCHANGE_ERROR_MAPPING,    /* a column mapping that cannot be used */
  JOINERY_EXCHANGE_ERROR_PROBLEMS,   /* an import refused: see its problems */
  JOINERY_EXCHANGE_ERROR_NOT_EMPTY,  /* an archive restores into an empty database only */
  JOINERY_EXCHANGE_ERROR_INCOMPLETE, /* data a standard requires is missing */
} JoineryExchangeError;

GQuark joinery_exchange_error_quark (void);

G_END_DECLS
