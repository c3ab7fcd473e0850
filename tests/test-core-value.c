/* test-core-value.c: the parsers and formatters of joinery-value.c.
 *
 * Covers what people type and what the core shows back: money in pounds
 * to exact integer pence (never through floating point) and back in both
 * forms; ISO and British dates, with real calendar checks and leap years;
 * times of day; yes/no answers; whole and real numbers (no NaN, no
 * infinity, no silent overflow); the checks on email addresses, web
 * addresses, telephone, charity, company and NHS ODS numbers; and "today"
 * fixed through JOINERY_TODAY. Every refusal is checked for its error code
 * and its exact message. Pure functions: no database here.
 */
#include "joinery-test-util.h"
#include "joinery-value.h"

#include <string.h>

#define NOT_MONEY "is not an amount of money (write pounds, such as 1250 or 1,250.50)"
#define BAD_COMMAS "is not an amount of money (commas must separate thousands)"
#define TOO_MANY_DECIMALS "has more than two decimal places (amounts are in pounds and pence)"
#define NOT_A_DATE "is not a date (write YYYY-MM-DD, such as 2017-05-19)"
#define NOT_A_REAL_DATE "is not a real date"
#define NOT_A_TIME "is not a time (write HH:MM, such as 09:30)"
#define NOT_A_TIME_OF_DAY "is not a time of day"

/* Names the value a check is about, escaped so that a newline or a stray
 * byte cannot break the TAP output. */
static void
note_value (const char *what, const char *text)
{
  g_autofree char *escaped = g_strescape (text, NULL);

  g_test_message ("%s \"%s\"", what, escaped);
}

/* A parse error is a bare problem: a validation error with no field, whose
 * message is the problem itself. */
static void
assert_bare_error (GError *error, JoineryValidationError code, const char *message)
{
  g_assert_error (error, JOINERY_VALIDATION_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpstr (joinery_validation_error_get_problem (error), ==, message);
  g_assert_null (joinery_validation_error_get_field (error));
  g_assert_null (joinery_validation_error_get_kind (error));
}

/* Money */

static void
assert_money (const char *text, gint64 expected)
{
  g_autoptr(GError) error = NULL;
  gint64 pence = G_MININT64;

  note_value ("money", text);
  g_assert_true (joinery_parse_money (text, &pence, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pence, ==, expected);
}

static void
assert_not_money (const char *text, JoineryValidationError code, const char *message)
{
  g_autoptr(GError) error = NULL;
  gint64 pence = 4242;

  note_value ("money", text);
  g_assert_false (joinery_parse_money (text, &pence, &error));
  assert_bare_error (error, code, message);
  g_assert_cmpint (pence, ==, 4242); /* untouched on failure */
}

static void
test_money_parse (void)
{
  assert_money ("1250", 125000);
  assert_money ("1,250.50", 125050);
  assert_money ("1,250.5", 125050);
  assert_money ("£1,130,000", 113000000);
  assert_money ("£1130000", 113000000);
  assert_money ("0.29", 29);           /* 0.29 * 100 is 28.999… in binary floating point */
  assert_money ("0.07", 7);
  assert_money ("1.10", 110);
  assert_money ("19.99", 1999);
  assert_money (".5", 50);
  assert_money ("1.", 100);
  assert_money ("0", 0);
  assert_money ("-5", -500);
  assert_money ("-£5.25", -525);
  assert_money ("£-5.25", -525);
  assert_money ("GBP 12", 1200);
  assert_money ("GBP12.34", 1234);
  assert_money ("  £12  ", 1200);
  assert_money ("999,999,999.99", 99999999999);
}

static void
test_money_refuse (void)
{
  assert_not_money ("12.345", JOINERY_VALIDATION_ERROR_INVALID, TOO_MANY_DECIMALS);
  assert_not_money ("0.001", JOINERY_VALIDATION_ERROR_INVALID, TOO_MANY_DECIMALS);
  assert_not_money ("1,23", JOINERY_VALIDATION_ERROR_INVALID, BAD_COMMAS);
  assert_not_money ("1,2345", JOINERY_VALIDATION_ERROR_INVALID, BAD_COMMAS);
  assert_not_money ("1234,567", JOINERY_VALIDATION_ERROR_INVALID, BAD_COMMAS);
  assert_not_money (",123", JOINERY_VALIDATION_ERROR_INVALID, BAD_COMMAS);
  assert_not_money ("1,,234", JOINERY_VALIDATION_ERROR_INVALID, BAD_COMMAS);
  assert_not_money ("12a", JOINERY_VALIDATION_ERROR_INVALID, NOT_MONEY);
  assert_not_money ("", JOINERY_VALIDATION_ERROR_INVALID, NOT_MONEY);
  assert_not_money ("   ", JOINERY_VALIDATION_ERROR_INVALID, NOT_MONEY);
  assert_not_money ("£", JOINERY_VALIDATION_ERROR_INVALID, NOT_MONEY);
  assert_not_money (".", JOINERY_VALIDATION_ERROR_INVALID, NOT_MONEY);
  assert_not_money ("--5", JOINERY_VALIDATION_ERROR_INVALID, NOT_MONEY);
  assert_not_money ("1.2.3", JOINERY_VALIDATION_ERROR_INVALID, NOT_MONEY);
  assert_not_money ("$12", JOINERY_VALIDATION_ERROR_INVALID, NOT_MONEY);
  assert_not_money ("12 pounds", JOINERY_VALIDATION_ERROR_INVALID, NOT_MONEY);
  assert_not_money ("1e3", JOINERY_VALIDATION_ERROR_INVALID, NOT_MONEY);
}

static void
test_money_overflow (void)
{
  gint64 pence = 0;
  g_autoptr(GError) error = NULL;

  /* Far beyond what gint64 pence can hold. */
  assert_not_money ("99999999999999999999999999", JOINERY_VALIDATION_ERROR_RANGE,
                    "is too large an amount");
  assert_not_money ("92,233,720,368,547,758", JOINERY_VALIDATION_ERROR_RANGE,
                    "is too large an amount");
  assert_not_money ("-99999999999999999999999999", JOINERY_VALIDATION_ERROR_RANGE,
                    "is too large an amount");

  /* The largest amount accepted still fits, exactly. */
  g_assert_true (joinery_parse_money ("9223372036854774.99", &pence, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pence, ==, G_GINT64_CONSTANT (922337203685477499));
}

static void
assert_format (gint64 pence, const char *for_people, const char *for_sheets)
{
  g_autofree char *people = joinery_format_money (pence, TRUE);
  g_autofree char *sheets = joinery_format_money (pence, FALSE);

  g_assert_cmpstr (people, ==, for_people);
  g_assert_cmpstr (sheets, ==, for_sheets);
}

static void
test_money_format (void)
{
  assert_format (0, "£0.00", "0.00");
  assert_format (5, "£0.05", "0.05");
  assert_format (29, "£0.29", "0.29");
  assert_format (99999, "£999.99", "999.99");
  assert_format (100000, "£1,000.00", "1000.00");
  assert_format (125050, "£1,250.50", "1250.50");
  assert_format (113000000, "£1,130,000.00", "1130000.00");
  assert_format (-150, "-£1.50", "-1.50");
  assert_format (-113000000, "-£1,130,000.00", "-1130000.00");
  assert_format (G_MAXINT64, "£92,233,720,368,547,758.07", "92233720368547758.07");
  assert_format (G_MININT64, "-£92,233,720,368,547,758.08", "-92233720368547758.08");
}

static void
test_money_round_trip (void)
{
  static const gint64 amounts[] = { 0, 1, 29, 99, 100, 125050, 113000000, -525, 99999999999 };

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    for (guint people = 0; people < 2; people++)
      {
        g_autofree char *text = joinery_format_money (amounts[i], people);
        g_autoptr(GError) error = NULL;
        gint64 back = -1;

        g_assert_true (joinery_parse_money (text, &back, &error));
        g_assert_no_error (error);
        g_assert_cmpint (back, ==, amounts[i]);
      }
}

/* Dates */

static void
assert_date (const char *text, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL;

  note_value ("date", text);
  g_assert_true (joinery_parse_date (text, &iso, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (iso, ==, expected);
}

static void
assert_not_date (const char *text, const char *message)
{
  g_autoptr(GError) error = NULL;
  char *iso = NULL;

  note_value ("date", text);
  g_assert_false (joinery_parse_date (text, &iso, &error));
  assert_bare_error (error, JOINERY_VALIDATION_ERROR_INVALID, message);
  g_assert_null (iso);
}

static void
test_date_parse (void)
{
  assert_date ("2017-05-19", "2017-05-19");
  assert_date (" 2017-05-19 ", "2017-05-19");
  assert_date ("19/05/2017", "2017-05-19");
  assert_date ("1/5/2017", "2017-05-01");
  assert_date ("19-05-2017", "2017-05-19");
  assert_date ("19.05.2017", "2017-05-19");
  assert_date ("31/12/1999", "1999-12-31");
  assert_date ("2017-12-31", "2017-12-31");
  assert_date ("1000-01-01", "1000-01-01");
}

static void
test_date_refuse (void)
{
  assert_not_date ("2017-02-30", NOT_A_REAL_DATE);
  assert_not_date ("2017-13-01", NOT_A_REAL_DATE);
  assert_not_date ("2017-00-10", NOT_A_REAL_DATE);
  assert_not_date ("2017-04-31", NOT_A_REAL_DATE);
  assert_not_date ("32/01/2017", NOT_A_REAL_DATE);
  assert_not_date ("0999-01-01", NOT_A_REAL_DATE);
  assert_not_date ("2017-5-19", NOT_A_DATE);
  assert_not_date ("19/05/17", NOT_A_DATE);
  assert_not_date ("19/05-2017", NOT_A_DATE);
  assert_not_date ("2017/05/19", NOT_A_DATE);
  assert_not_date ("next Tuesday", NOT_A_DATE);
  assert_not_date ("19 May 2017", NOT_A_DATE);
  assert_not_date ("", NOT_A_DATE);
  assert_not_date ("2017-05-19T09:30", NOT_A_DATE);
  assert_not_date ("20170519", NOT_A_DATE);
}

static void
test_date_leap_years (void)
{
  assert_date ("2016-02-29", "2016-02-29");
  assert_date ("29/02/2016", "2016-02-29");
  assert_date ("2000-02-29", "2000-02-29");  /* divisible by 400 */
  assert_not_date ("2017-02-29", NOT_A_REAL_DATE);
  assert_not_date ("29/02/2017", NOT_A_REAL_DATE);
  assert_not_date ("1900-02-29", NOT_A_REAL_DATE);  /* divisible by 100 only */
}

/* Times */

static void
assert_time (const char *text, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hh_mm = NULL;

  note_value ("time", text);
  g_assert_true (joinery_parse_time (text, &hh_mm, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hh_mm, ==, expected);
}

static void
assert_not_time (const char *text, const char *message)
{
  g_autoptr(GError) error = NULL;
  char *hh_mm = NULL;

  note_value ("time", text);
  g_assert_false (joinery_parse_time (text, &hh_mm, &error));
  assert_bare_error (error, JOINERY_VALIDATION_ERROR_INVALID, message);
  g_assert_null (hh_mm);
}

static void
test_time (void)
{
  assert_time ("09:30", "09:30");
  assert_time ("9:30", "09:30");
  assert_time ("9.30", "09:30");
  assert_time (" 14:05 ", "14:05");
  assert_time ("00:00", "00:00");
  assert_time ("23:59", "23:59");

  assert_not_time ("24:00", NOT_A_TIME_OF_DAY);
  assert_not_time ("12:60", NOT_A_TIME_OF_DAY);
  assert_not_time ("930", NOT_A_TIME);
  assert_not_time ("9:5", NOT_A_TIME);
  assert_not_time ("9:300", NOT_A_TIME);
  assert_not_time ("09:30:00", NOT_A_TIME);
  assert_not_time ("9am", NOT_A_TIME);
  assert_not_time ("", NOT_A_TIME);
  assert_not_time ("noon", NOT_A_TIME);
}

/* Yes and no */

static void
test_boolean (void)
{
  static const char * const yes[] = { "yes", "YES", " Yes ", "y", "Y", "true", "TRUE", "t", "1", "on", "On" };
  static const char * const no[] = { "no", "NO", " No ", "n", "N", "false", "False", "f", "0", "off", "OFF" };
  static const char * const neither[] = { "maybe", "", "2", "yes please", "oui", "-1" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean value = FALSE;
      note_value ("boolean", yes[i]);
      g_assert_true (joinery_parse_boolean (yes[i], &value, &error));
      g_assert_no_error (error);
      g_assert_true (value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean value = TRUE;
      note_value ("boolean", no[i]);
      g_assert_true (joinery_parse_boolean (no[i], &value, &error));
      g_assert_no_error (error);
      g_assert_false (value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (neither); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean value = 7;
      note_value ("boolean", neither[i]);
      g_assert_false (joinery_parse_boolean (neither[i], &value, &error));
      assert_bare_error (error, JOINERY_VALIDATION_ERROR_INVALID, "is not yes or no");
      g_assert_cmpint (value, ==, 7);
    }
}

/* Numbers */

static void
assert_integer (const char *text, gint64 expected)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  note_value ("integer", text);
  g_assert_true (joinery_parse_integer (text, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, expected);
}

static void
assert_not_integer (const char *text, JoineryValidationError code, const char *message)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 4242;

  note_value ("integer", text);
  g_assert_false (joinery_parse_integer (text, &value, &error));
  assert_bare_error (error, code, message);
  g_assert_cmpint (value, ==, 4242);
}

static void
test_integer (void)
{
  assert_integer ("42", 42);
  assert_integer (" -7 ", -7);
  assert_integer ("0", 0);
  assert_integer ("9223372036854775807", G_MAXINT64);
  assert_integer ("-9223372036854775808", G_MININT64);

  assert_not_integer ("9223372036854775808", JOINERY_VALIDATION_ERROR_RANGE, "is too large a number");
  assert_not_integer ("-9223372036854775809", JOINERY_VALIDATION_ERROR_RANGE, "is too large a number");
  assert_not_integer ("12.5", JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number");
  assert_not_integer ("12a", JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number");
  assert_not_integer ("0x10", JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number");
  assert_not_integer ("1,000", JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number");
  assert_not_integer ("", JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number");
  assert_not_integer ("nan", JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number");
  assert_not_integer ("inf", JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number");
  assert_not_integer ("1e3", JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number");
  assert_not_integer ("1e999", JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number");
}

static void
assert_real (const char *text, double expected)
{
  g_autoptr(GError) error = NULL;
  double value = 0;

  note_value ("real", text);
  g_assert_true (joinery_parse_real (text, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value, ==, expected);
}

static void
assert_not_real (const char *text, JoineryValidationError code, const char *message)
{
  g_autoptr(GError) error = NULL;
  double value = 42.5;

  note_value ("real", text);
  g_assert_false (joinery_parse_real (text, &value, &error));
  assert_bare_error (error, code, message);
  g_assert_cmpfloat (value, ==, 42.5);
}

static void
test_real (void)
{
  assert_real ("3.5", 3.5);
  assert_real (" -0.25 ", -0.25);
  assert_real ("42", 42.0);
  assert_real ("1e3", 1000.0);
  assert_real ("78.9", 78.9);

  assert_not_real ("nan", JOINERY_VALIDATION_ERROR_RANGE, "is not a finite number");
  assert_not_real ("NaN", JOINERY_VALIDATION_ERROR_RANGE, "is not a finite number");
  assert_not_real ("inf", JOINERY_VALIDATION_ERROR_RANGE, "is not a finite number");
  assert_not_real ("-infinity", JOINERY_VALIDATION_ERROR_RANGE, "is not a finite number");
  assert_not_real ("1e999", JOINERY_VALIDATION_ERROR_RANGE, "is not a finite number");
  assert_not_real ("-1e999", JOINERY_VALIDATION_ERROR_RANGE, "is not a finite number");
  assert_not_real ("", JOINERY_VALIDATION_ERROR_INVALID, "is not a number");
  assert_not_real ("  ", JOINERY_VALIDATION_ERROR_INVALID, "is not a number");
  assert_not_real ("abc", JOINERY_VALIDATION_ERROR_INVALID, "is not a number");
  assert_not_real ("1,5", JOINERY_VALIDATION_ERROR_INVALID, "is not a number");
  assert_not_real ("12 kg", JOINERY_VALIDATION_ERROR_INVALID, "is not a number");
}

static void
test_real_locale_independent (void)
{
  /* A decimal point always, whatever the locale says: the tests run in
   * C.UTF-8, so at least prove the comma is not taken as a separator. */
  assert_real ("0.5", 0.5);
  assert_not_real ("0,5", JOINERY_VALIDATION_ERROR_INVALID, "is not a number");
}

/* Checks on text */

typedef const char *(*CheckFunc) (const char *text);

static void
assert_check (CheckFunc check, const char * const *good, const char * const *bad,
              const char * const *messages)
{
  for (guint i = 0; good[i] != NULL; i++)
    {
      note_value ("good", good[i]);
      g_assert_null (check (good[i]));
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      note_value ("bad", bad[i]);
      g_assert_cmpstr (check (bad[i]), ==, messages[i]);
    }
}

#define EMAIL "is not an email address"

static void
test_check_email (void)
{
  static const char * const good[] = {
    "a@example.org", "first.last+tag@sub.example.co.uk", "O'Brien@example.org", NULL
  };
  static const char * const bad[] = {
    "", "no-at-sign", "@example.org", "a@b@example.org", "a@example", "a@.org",
    "a@example.", "a b@example.org", "a@example.org;", "<a@example.org>", "a@example.org,b@example.org",
    NULL
  };
  static const char * const messages[] = {
    EMAIL, EMAIL, EMAIL, EMAIL, EMAIL, EMAIL, EMAIL, EMAIL, EMAIL, EMAIL, EMAIL,
  };

  assert_check (joinery_check_email, good, bad, messages);
}

#define URL_SCHEME "is not a web address (it must start with https:// or http://)"
#define URL "is not a web address"

static void
test_check_url (void)
{
  static const char * const good[] = {
    "https://example.org", "http://example.org/path?q=1", "https://www.example.org/a#b", NULL
  };
  static const char * const bad[] = {
    "example.org", "www.example.org", "ftp://example.org", "javascript:alert(1)", "HTTPS//example.org",
    "https://", "http://", "https:///path", "https://exa mple.org", "https://example.org/\n", "",
    NULL
  };
  static const char * const messages[] = {
    URL_SCHEME, URL_SCHEME, URL_SCHEME, URL_SCHEME, URL_SCHEME,
    URL, URL, URL, URL, URL, URL_SCHEME,
  };

  assert_check (joinery_check_url, good, bad, messages);
}

#define PHONE "is not a telephone number"

static void
test_check_phone (void)
{
  static const char * const good[] = {
    "01632 960000", "+44 (0)1632 960 001", "0113-245.6789", "12345", "123456789012345", NULL
  };
  static const char * const bad[] = {
    "", "1234", "1234567890123456", "01632 960000 ext 12", "call me", "01632/960000", NULL
  };
  static const char * const messages[] = { PHONE, PHONE, PHONE, PHONE, PHONE, PHONE };

  assert_check (joinery_check_phone, good, bad, messages);
}

#define CHARITY "is not a charity number (such as 1234567, SC012345 or NIC100001)"

static void
test_check_charity (void)
{
  static const char * const good[] = {
    "1234567", "123456", "1123456-1", "223456-12", "SC012345", "NIC100001", "XN12345", NULL
  };
  static const char * const bad[] = {
    "", "1234", "123456789", "SC", "NIC", "AB123456", "sc012345", "1234567-", "1234567-a",
    "SC012345-1", "12-3", "1234567 ", " 1234567", "12 34567", NULL
  };
  static const char * const messages[] = {
    CHARITY, CHARITY, CHARITY, CHARITY, CHARITY, CHARITY, CHARITY, CHARITY, CHARITY,
    CHARITY, CHARITY, CHARITY, CHARITY, CHARITY,
  };

  assert_check (joinery_check_charity, good, bad, messages);
}

/* The header comment of joinery_check_charity() documents England and
 * Wales numbers as 6 or 7 digits and Scottish and Northern Irish ones as
 * their prefix and 6 digits. */
static void
test_check_charity_lengths (void)
{
  const char *problem_5 = joinery_check_charity ("12345");
  const char *problem_8 = joinery_check_charity ("12345678");
  const char *problem_sc7 = joinery_check_charity ("SC0123456");

  g_assert_cmpstr (problem_5, ==, CHARITY);
  g_assert_cmpstr (problem_8, ==, CHARITY);
  g_assert_cmpstr (problem_sc7, ==, CHARITY);
}

#define COMPANY "is not a company number (eight characters, such as 01234567 or SC123456)"

static void
test_check_company (void)
{
  static const char * const good[] = { "01234567", "SC123456", "NI012345", "OC301234", NULL };
  static const char * const bad[] = {
    "", "1234567", "012345678", "sc123456", "SC12345A", "0123 456", "S1234567X", "SCX23456", NULL
  };
  static const char * const messages[] = {
    COMPANY, COMPANY, COMPANY, COMPANY, COMPANY, COMPANY, COMPANY, COMPANY,
  };

  assert_check (joinery_check_company, good, bad, messages);
}

#define ODS "is not an NHS ODS code (3 to 6 letters and digits, such as RAE or B82005)"

static void
test_check_ods (void)
{
  static const char * const good[] = { "RAE", "02W", "B82005", "RR8", "RXF01", NULL };
  static const char * const bad[] = { "", "RA", "rae", "B820051", "RA-E", "B82 05", "b82005", NULL };
  static const char * const messages[] = { ODS, ODS, ODS, ODS, ODS, ODS, ODS };

  assert_check (joinery_check_ods, good, bad, messages);
}

/* Today */

static char *
real_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

static void
test_today (void)
{
  g_autofree char *fixed = NULL;
  g_autofree char *british = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *unset = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *stamp = NULL;

  g_assert_true (g_setenv ("JOINERY_TODAY", "2017-05-19", TRUE));
  fixed = joinery_today ();
  g_assert_cmpstr (fixed, ==, "2017-05-19");

  g_assert_true (g_setenv ("JOINERY_TODAY", "29/02/2016", TRUE));
  british = joinery_today ();
  g_assert_cmpstr (british, ==, "2016-02-29");

  /* Not a date: the real today, not garbage. */
  g_assert_true (g_setenv ("JOINERY_TODAY", "2017-02-30", TRUE));
  fallback = joinery_today ();
  g_unsetenv ("JOINERY_TODAY");
  unset = joinery_today ();
  expected = real_today ();
  /* The day may turn between the two calls: accept either side of it. */
  if (g_strcmp0 (unset, expected) != 0)
    {
      g_free (unset);
      unset = joinery_today ();
    }
  g_assert_cmpstr (unset, ==, expected);
  g_assert_cmpstr (fallback, ==, expected);

  /* The timestamp is ISO-8601 UTC, to the second, and not fixed by the
   * variable. */
  stamp = joinery_now_timestamp ();
  g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
                                       stamp, 0, 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/value/money-parse", test_money_parse);
  g_test_add_func ("/core/value/money-refuse", test_money_refuse);
  g_test_add_func ("/core/value/money-overflow", test_money_overflow);
  g_test_add_func ("/core/value/money-format", test_money_format);
  g_test_add_func ("/core/value/money-round-trip", test_money_round_trip);
  g_test_add_func ("/core/value/date-parse", test_date_parse);
  g_test_add_func ("/core/value/date-refuse", test_date_refuse);
  g_test_add_func ("/core/value/date-leap-years", test_date_leap_years);
  g_test_add_func ("/core/value/time", test_time);
  g_test_add_func ("/core/value/boolean", test_boolean);
  g_test_add_func ("/core/value/integer", test_integer);
  g_test_add_func ("/core/value/real", test_real);
  g_test_add_func ("/core/value/real-locale-independent", test_real_locale_independent);
  g_test_add_func ("/core/value/check-email", test_check_email);
  g_test_add_func ("/core/value/check-url", test_check_url);
  g_test_add_func ("/core/value/check-phone", test_check_phone);
  g_test_add_func ("/core/value/check-charity", test_check_charity);
  g_test_add_func ("/core/value/check-charity-lengths", test_check_charity_lengths);
  g_test_add_func ("/core/value/check-company", test_check_company);
  g_test_add_func ("/core/value/check-ods", test_check_ods);
  g_test_add_func ("/core/value/today", test_today);

  return g_test_run ();
}
