/* joinery-value.h: reading and writing the values people type.
 *
 * Money is held as integer pence and typed in pounds ("£1,130,000",
 * "1234.5"); dates are ISO-8601 ("2017-05-19") and may be typed the British
 * way ("19/05/2017"); times are "09:30"; yes/no answers take the usual
 * words. Every parser refuses what it cannot read exactly, with a message
 * that says what was expected; none of them rounds silently.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each sets a JOINERY_VALIDATION_ERROR_INVALID (or _RANGE) error whose
 * message is the bare problem; the caller adds the field. */
gboolean joinery_parse_money   (const char *text, gint64 *pence, GError **error);
gboolean joinery_parse_date    (const char *text, char **iso_date, GError **error);
gboolean joinery_parse_time    (const char *text, char **hh_mm, GError **error);
gboolean joinery_parse_boolean (const char *text, gboolean *value, GError **error);
gboolean joinery_parse_integer (const char *text, gint64 *value, GError **error);
gboolean joinery_parse_real    (const char *text, double *value, GError **error);

/* "£1,234.50" with the symbol and separators; "1234.50" without, for
 * spreadsheets. Negative amounts keep their sign. */
char    *joinery_format_money  (gint64 pence, gboolean for_people);

/* The shortest text that reads back as the same number ("56.3", not
 * "56.299999999999997"), in the C locale. */
char    *joinery_format_real   (double value);

/* Checks on text fields; each returns the bare problem or NULL. */
const char *joinery_check_email   (const char *text);
const char *joinery_check_url     (const char *text);
const char *joinery_check_phone   (const char *text);
const char *joinery_check_charity (const char *text);
const char *joinery_check_company (const char *text);
const char *joinery_check_ods     (const char *text);

/* Today as an ISO date, and now as an ISO-8601 UTC timestamp. Both can be
 * fixed for tests with JOINERY_TODAY=YYYY-MM-DD in the environment. */
char    *joinery_today (void);
char    *joinery_now_timestamp (void);

G_END_DECLS
