/* joinery-value.c: parsing and formatting of money, dates, times, yes/no
 * answers and identifiers. Pure functions over text: no database here. */
#include "joinery-value.h"
#include "joinery-error.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static gboolean
fail (GError **error, JoineryValidationError code, const char *problem)
{
  joinery_set_validation_error (error, NULL, NULL, code, "%s", problem);
  return FALSE;
}

/* Pounds to pence, exactly: digits with optional thousands commas, an
 * optional point and at most two decimals, an optional leading £. No
 * floating point, so 0.29 stays 29 pence. */
gboolean
joinery_parse_money (const char *text, gint64 *pence, GError **error)
{
  const char *p;
  gint64 pounds = 0;
  gint64 fraction = 0;
  guint n_digits = 0;
  guint n_decimals = 0;
  guint since_comma = 0;
  gboolean seen_comma = FALSE;
  gboolean negative = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (pence != NULL, FALSE);

  p = text;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (g_str_has_prefix (p, "£"))
    p += strlen ("£");
  else if (g_str_has_prefix (p, "GBP"))
    {
      p += 3;
      while (*p == ' ')
        p++;
    }
  if (*p == '-' && !negative)
    {
      negative = TRUE;
      p++;
    }

  for (; g_ascii_isdigit (*p) || *p == ','; p++)
    {
      if (*p == ',')
        {
          if (n_digits == 0 || (seen_comma && since_comma != 3) || since_comma > 3 ||
              (!seen_comma && n_digits > 3))
            return fail (error, JOINERY_VALIDATION_ERROR_INVALID,
                         "is not an amount of money (commas must separate thousands)");
          seen_comma = TRUE;
          since_comma = 0;
          continue;
        }
      if (pounds > (G_MAXINT64 / 100 - 9) / 10)
        return fail (error, JOINERY_VALIDATION_ERROR_RANGE, "is too large an amount");
      pounds = pounds * 10 + (*p - '0');
      n_digits++;
      since_comma++;
    }
  if (seen_comma && since_comma != 3)
    return fail (error, JOINERY_VALIDATION_ERROR_INVALID,
                 "is not an amount of money (commas must separate thousands)");

  if (*p == '.')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (++n_decimals > 2)
            return fail (error, JOINERY_VALIDATION_ERROR_INVALID,
                         "has more than two decimal places (amounts are in pounds and pence)");
          fraction = fraction * 10 + (*p - '0');
        }
      if (n_decimals == 1)
        fraction *= 10;
    }

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0' || (n_digits == 0 && n_decimals == 0))
    return fail (error, JOINERY_VALIDATION_ERROR_INVALID,
                 "is not an amount of money (write pounds, such as 1250 or 1,250.50)");

  *pence = pounds * 100 + fraction;
  if (negative)
    *pence = -*pence;
  return TRUE;
}

char *
joinery_format_money (gint64 pence, gboolean for_people)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  guint64 magnitude = pence < 0 ? (guint64) (-(pence + 1)) + 1 : (guint64) pence;
  guint64 pounds = magnitude / 100;
  guint cents = (guint) (magnitude % 100);
  g_autofree char *whole = g_strdup_printf ("%" G_GUINT64_FORMAT, pounds);
  gsize len = strlen (whole);

  if (pence < 0)
    g_string_append_c (digits, '-');
  if (for_people)
    g_string_append (digits, "£");
  for (gsize i = 0; i < len; i++)
    {
      if (for_people && i > 0 && (len - i) % 3 == 0)
        g_string_append_c (digits, ',');
      g_string_append_c (digits, whole[i]);
    }
  g_string_append_printf (digits, ".%02u", cents);
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

static gboolean
read_number (const char **p, guint n_min, guint n_max, guint *value)
{
  guint n = 0;

  *value = 0;
  while (g_ascii_isdigit (**p) && n < n_max)
    {
      *value = *value * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }
  return n >= n_min && !g_ascii_isdigit (**p);
}

gboolean
joinery_parse_date (const char *text, char **iso_date, GError **error)
{
  g_autofree char *trimmed = NULL;
  const char *p;
  guint year = 0, month = 0, day = 0;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (iso_date != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  p = trimmed;

  if (strlen (trimmed) == 10 && trimmed[4] == '-' && trimmed[7] == '-')
    {
      ok = read_number (&p, 4, 4, &year) && *p++ == '-' &&
           read_number (&p, 2, 2, &month) && *p++ == '-' &&
           read_number (&p, 2, 2, &day) && *p == '\0';
    }
  else
    {
      /* The British order, day first: 19/05/2017 or 19-05-2017. */
      ok = read_number (&p, 1, 2, &day) && (*p == '/' || *p == '-' || *p == '.');
      if (ok)
        {
          char sep = *p++;
          ok = read_number (&p, 1, 2, &month) && *p++ == sep &&
               read_number (&p, 4, 4, &year) && *p == '\0';
        }
    }

  if (!ok)
    return fail (error, JOINERY_VALIDATION_ERROR_INVALID,
                 "is not a date (write YYYY-MM-DD, such as 2017-05-19)");
  if (year < 1000 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return fail (error, JOINERY_VALIDATION_ERROR_INVALID, "is not a real date");

  *iso_date = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  return TRUE;
}

gboolean
joinery_parse_time (const char *text, char **hh_mm, GError **error)
{
  g_autofree char *trimmed = NULL;
  const char *p;
  guint hours = 0, minutes = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (hh_mm != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  p = trimmed;
  if (!read_number (&p, 1, 2, &hours) || (*p != ':' && *p != '.'))
    return fail (error, JOINERY_VALIDATION_ERROR_INVALID, "is not a time (write HH:MM, such as 09:30)");
  p++;
  if (!read_number (&p, 2, 2, &minutes) || *p != '\0')
    return fail (error, JOINERY_VALIDATION_ERROR_INVALID, "is not a time (write HH:MM, such as 09:30)");
  if (hours > 23 || minutes > 59)
    return fail (error, JOINERY_VALIDATION_ERROR_INVALID, "is not a time of day");

  *hh_mm = g_strdup_printf ("%02u:%02u", hours, minutes);
  return TRUE;
}

gboolean
joinery_parse_boolean (const char *text, gboolean *value, GError **error)
{
  static const char * const yes[] = { "yes", "y", "true", "t", "1", "on", NULL };
  static const char * const no[] = { "no", "n", "false", "f", "0", "off", NULL };
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (trimmed, yes[i]) == 0)
      {
        *value = TRUE;
        return TRUE;
      }
  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (trimmed, no[i]) == 0)
      {
        *value = FALSE;
        return TRUE;
      }
  return fail (error, JOINERY_VALIDATION_ERROR_INVALID, "is not yes or no");
}

gboolean
joinery_parse_integer (const char *text, gint64 *value, GError **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (!g_ascii_string_to_signed (trimmed, 10, G_MININT64, G_MAXINT64, value, &local_error))
    {
      if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        return fail (error, JOINERY_VALIDATION_ERROR_RANGE, "is too large a number");
      return fail (error, JOINERY_VALIDATION_ERROR_INVALID, "is not a whole number");
    }
  return TRUE;
}

gboolean
joinery_parse_real (const char *text, double *value, GError **error)
{
  g_autofree char *trimmed = NULL;
  char *end = NULL;
  double v;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    return fail (error, JOINERY_VALIDATION_ERROR_INVALID, "is not a number");
  errno = 0;
  v = g_ascii_strtod (trimmed, &end);
  if (end == trimmed || *end != '\0')
    return fail (error, JOINERY_VALIDATION_ERROR_INVALID, "is not a number");
  /* ERANGE also flags underflow to a tiny or zero value, which is fine. */
  if (!isfinite (v) || (errno == ERANGE && fabs (v) > 1.0))
    return fail (error, JOINERY_VALIDATION_ERROR_RANGE, "is not a finite number");
  *value = v;
  return TRUE;
}

char *
joinery_format_real (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (digits == 17 || g_ascii_strtod (buf, NULL) == value)
        break;
    }
  return g_strdup (buf);
}

const char *
joinery_check_email (const char *text)
{
  const char *at = strchr (text, '@');
  const char *dot;

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return "is not an email address";
  dot = strrchr (at + 1, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0')
    return "is not an email address";
  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
      return "is not an email address";
  return NULL;
}

const char *
joinery_check_url (const char *text)
{
  const char *rest;

  if (g_str_has_prefix (text, "https://"))
    rest = text + strlen ("https://");
  else if (g_str_has_prefix (text, "http://"))
    rest = text + strlen ("http://");
  else
    return "is not a web address (it must start with https:// or http://)";
  if (*rest == '\0' || *rest == '/' || strpbrk (text, " \t\n\r") != NULL)
    return "is not a web address";
  return NULL;
}

const char *
joinery_check_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" +()-.", *p))
        return "is not a telephone number";
    }
  if (digits < 5 || digits > 15)
    return "is not a telephone number";
  return NULL;
}

/* Registered charity numbers: England and Wales, 6 or 7 digits with an
 * optional "-N" for a linked charity; Scotland SC and 6 digits; Northern
 * Ireland NIC and 6 digits (or the older XN and 5 or 6 digits). */
const char *
joinery_check_charity (const char *text)
{
  static const char *problem = "is not a charity number (such as 1234567, SC012345 or NIC100001)";
  const char *p = text;
  guint n = 0, min = 6, max = 7;
  gboolean england_and_wales = FALSE;

  if (g_str_has_prefix (p, "SC"))
    p += 2, max = 6;
  else if (g_str_has_prefix (p, "NIC"))
    p += 3, max = 6;
  else if (g_str_has_prefix (p, "XN"))
    p += 2, min = 5, max = 6;
  else
    england_and_wales = TRUE;
  for (; g_ascii_isdigit (*p); p++)
    n++;
  if (n < min || n > max)
    return problem;
  if (england_and_wales && *p == '-' && g_ascii_isdigit (p[1]))
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0' ? NULL : problem;
}

/* Companies House numbers: eight characters, digits or two letters and six
 * digits (SC, NI, OC, IP and others). */
const char *
joinery_check_company (const char *text)
{
  if (strlen (text) != 8)
    return "is not a company number (eight characters, such as 01234567 or SC123456)";
  for (guint i = 0; i < 8; i++)
    {
      gboolean ok = i < 2 ? g_ascii_isdigit (text[i]) || g_ascii_isupper (text[i])
                          : g_ascii_isdigit (text[i]);
      if (!ok)
        return "is not a company number (eight characters, such as 01234567 or SC123456)";
    }
  return NULL;
}

/* NHS Organisation Data Service codes: 3 to 6 upper-case letters and digits
 * (RAE for a trust, 02W for a CCG, B82005 for a practice). */
const char *
joinery_check_ods (const char *text)
{
  gsize len = strlen (text);

  if (len < 3 || len > 6)
    return "is not an NHS ODS code (3 to 6 letters and digits, such as RAE or B82005)";
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]) && !g_ascii_isupper (text[i]))
      return "is not an NHS ODS code (3 to 6 letters and digits, such as RAE or B82005)";
  return NULL;
}

char *
joinery_today (void)
{
  const char *fixed = g_getenv ("JOINERY_TODAY");
  g_autoptr(GDateTime) now = NULL;

  if (fixed != NULL && *fixed != '\0')
    {
      char *iso = NULL;
      if (joinery_parse_date (fixed, &iso, NULL))
        return iso;
    }
  now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

char *
joinery_now_timestamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
