/* test-core-fuzz.c: a short, bounded fuzz run of everything a user types
 * into the core — values, filters, search text, whole records — and of
 * undo and redo between them.
 *
 * The promise checked is the one users rely on: whatever the input, the
 * core answers with a value or a validation error, never a crash, never a
 * database error, and the file stays sound. Inputs are built from pieces
 * that tend to find trouble (separators, quotes, FTS5 operators, numbers at
 * the edges of their types, multibyte and broken UTF-8) and random bytes.
 *
 * The run is deterministic for a seed: GLib prints it with --verbose
 * (g_test_rand), and `--seed R02S…` repeats a failing run. The number of
 * rounds is bounded so that it belongs in CI; JOINERY_FUZZ_ROUNDS raises it
 * for a longer run by hand.
 */
#include "joinery-test-util.h"
#include "joinery-value.h"

#include <math.h>
#include <string.h>

static const char * const pieces[] = {
  "0", "1", "7", "12", "-", "+", ".", ",", " ", "  ", "\t", "\n", "£", "$", "€",
  "\"", "'", "*", "(", ")", "^", ":", ";", "=", "<", ">", "~", "!", "%", "%s", "%n",
  "\\", "/", "@", "#", "&", "?", "_",
  "AND", "OR", "NOT", "NEAR", "NEAR(", "MATCH", "DROP TABLE people;--",
  "leeds", "Leeds", "council", "ann", "smith", "é", "Ł", "日本", "\xF0\x9F\x99\x82",
  "\xC3", "\xFF", "\x80", "\xED\xA0\x80", "\x01", "\x7F",
  "2017-05-19", "2016-02-29", "2017-02-29", "0000-00-00", "9999-12-31", "19/05/2017",
  "10:30", "24:00", "23:59", "99:99",
  "1.5", "0.005", "1,130,000", "£1.13m", "1e308", "-1e308", "nan", "inf", "NaN",
  "9223372036854775807", "9223372036854775808", "-9223372036854775808",
  "999999999999999999999999", "0x10", "1_000",
  "true", "false", "yes", "no",
  "http://", "https://example.org", "mailto:", "ann@example.org", "a@b", "@@",
  "1234567", "SC012345", "NI100000", "RR8", "00445790",
};

static guint
rounds (guint fallback)
{
  const char *env = g_getenv ("JOINERY_FUZZ_ROUNDS");
  guint64 n;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, G_MAXUINT, &n, NULL))
    return (guint) n;
  return fallback;
}

/* A text of up to `max_pieces` pieces and random bytes, never a NUL. */
static char *
fuzz_text (guint max_pieces)
{
  GString *text = g_string_new (NULL);
  guint n = (guint) g_test_rand_int_range (0, (gint32) max_pieces + 1);

  for (guint i = 0; i < n; i++)
    {
      if (g_test_rand_int_range (0, 8) == 0)
        g_string_append_c (text, (char) g_test_rand_int_range (1, 256));
      else
        g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
    }
  return g_string_free (text, FALSE);
}

/* An error is acceptable only if it is about the input. */
static void
assert_input_error (GError *error, const char *what, const char *input)
{
  if (error == NULL)
    return;
  if (error->domain != JOINERY_VALIDATION_ERROR)
    g_error ("%s(\"%s\") failed with a non-validation error: %s (%s %d)", what,
             input, error->message, g_quark_to_string (error->domain), error->code);
  if (!g_utf8_validate (error->message, -1, NULL) || error->message[0] == '\0')
    {
      g_autofree char *shown = g_utf8_make_valid (error->message, -1);
      g_error ("%s gave a message that is empty or not UTF-8: \"%s\"", what, shown);
    }
}

/* Parsers: a value or an error; a value given back formats and parses to
 * itself; stored text is always valid UTF-8. */
static void
test_values (void)
{
  guint n = rounds (4000);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = fuzz_text (6);
      g_autoptr(GError) error = NULL;
      gint64 pence = -1, integer;
      gboolean boolean;
      double real;
      char *out = NULL;

      if (joinery_parse_money (text, &pence, &error))
        {
          g_autofree char *formatted = joinery_format_money (pence, FALSE);
          gint64 again = -1;

          g_assert_no_error (error);
          g_assert_true (joinery_parse_money (formatted, &again, NULL));
          g_assert_cmpint (again, ==, pence);
        }
      else
        assert_input_error (error, "parse_money", text);
      g_clear_error (&error);

      if (joinery_parse_date (text, &out, &error))
        {
          g_autofree char *again = NULL;

          g_assert_nonnull (out);
          g_assert_cmpuint (strlen (out), ==, 10);
          g_assert_true (joinery_parse_date (out, &again, NULL));
          g_assert_cmpstr (again, ==, out);
        }
      else
        assert_input_error (error, "parse_date", text);
      g_clear_pointer (&out, g_free);
      g_clear_error (&error);

      if (joinery_parse_time (text, &out, &error))
        g_assert_true (strlen (out) == 5 && out[2] == ':');
      else
        assert_input_error (error, "parse_time", text);
      g_clear_pointer (&out, g_free);
      g_clear_error (&error);

      if (!joinery_parse_boolean (text, &boolean, &error))
        assert_input_error (error, "parse_boolean", text);
      g_clear_error (&error);
      if (!joinery_parse_integer (text, &integer, &error))
        assert_input_error (error, "parse_integer", text);
      g_clear_error (&error);
      if (joinery_parse_real (text, &real, &error))
        {
          g_autofree char *formatted = joinery_format_real (real);
          double again = 0;

          g_assert_true (isfinite (real));
          g_assert_true (joinery_parse_real (formatted, &again, NULL));
          g_assert_cmpfloat (again, ==, real);
        }
      else
        assert_input_error (error, "parse_real", text);
      g_clear_error (&error);

      /* The checks answer NULL (fine) or a message, never an empty one. */
      {
        const char *messages[] = {
          joinery_check_email (text), joinery_check_url (text), joinery_check_phone (text),
          joinery_check_charity (text), joinery_check_company (text), joinery_check_ods (text),
        };

        for (guint m = 0; m < G_N_ELEMENTS (messages); m++)
          g_assert_true (messages[m] == NULL || (*messages[m] != '\0' &&
                                                 g_utf8_validate (messages[m], -1, NULL)));
      }
    }
}

static const JoineryKind *
random_kind (void)
{
  return joinery_kinds ()[g_test_rand_int_range (0, (gint32) joinery_kind_count ())];
}

/* A value for a field: mostly of the right shape, sometimes not. */
static char *
fuzz_value (JoineryDb *db, const JoineryKind *kind, const JoineryField *field)
{
  if (g_test_rand_int_range (0, 3) == 0)
    return fuzz_text (5);

  switch (field->type)
    {
    case JOINERY_FIELD_CHOICE:
      {
        guint n = g_strv_length ((char **) field->choices);
        return g_strdup (field->choices[g_test_rand_int_range (0, (gint32) n)]);
      }
    case JOINERY_FIELD_REFERENCE:
      {
        const JoineryKind *ref = joinery_kind_lookup (field->ref_kind);
        gint64 count = 0;

        joinery_db_count (db, ref, NULL, &count, NULL);
        return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) g_test_rand_int_range (0, (gint32) count + 2));
      }
    case JOINERY_FIELD_LINK:
      {
        const JoineryKind *other = random_kind ();
        return g_strdup_printf ("%s:%d", other->name, g_test_rand_int_range (0, 4));
      }
    case JOINERY_FIELD_DATE:
      return g_strdup_printf ("%04d-%02d-%02d", g_test_rand_int_range (1990, 2031),
                              g_test_rand_int_range (1, 13), g_test_rand_int_range (1, 30));
    case JOINERY_FIELD_MONEY:
    case JOINERY_FIELD_INTEGER:
      return g_strdup_printf ("%d", g_test_rand_int_range (-10, 2000000));
    case JOINERY_FIELD_BOOLEAN:
      return g_strdup (g_test_rand_bit () ? "yes" : "no");
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_LONG_TEXT:
    case JOINERY_FIELD_REAL:
    case JOINERY_FIELD_TIME:
    default:
      (void) kind;
      return fuzz_text (4);
    }
}

static void
fuzz_record (JoineryDb *db, JoineryRecord *record, const JoineryKind *kind)
{
  for (guint f = 0; f < kind->n_fields; f++)
    {
      const JoineryField *field = &kind->fields[f];
      g_autofree char *value = NULL;
      g_autoptr(GError) error = NULL;

      /* Required fields usually get a value, the rest now and then. */
      if (g_test_rand_int_range (0, 10) < ((field->flags & JOINERY_FIELD_REQUIRED) ? 1 : 5))
        continue;
      value = fuzz_value (db, kind, field);
      if (!joinery_db_set_from_string (db, record, field->name, value, &error))
        assert_input_error (error, "set_from_string", value);
    }
}

/* Records made, changed and deleted with fuzzed values, undone and redone
 * at random: every failure is a validation error, and the file stays
 * sound, its search index in step. */
static void
test_records (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  guint n = rounds (1500);
  guint made = 0, refused = 0;

  for (guint i = 0; i < n; i++)
    {
      const JoineryKind *kind = random_kind ();
      g_autoptr(GError) error = NULL;
      int what = g_test_rand_int_range (0, 10);

      if (what < 6)
        {
          g_autoptr(JoineryRecord) record = joinery_record_new (kind);

          fuzz_record (tdb->db, record, kind);
          if (joinery_db_create (tdb->db, record, &error))
            made++;
          else
            {
              refused++;
              assert_input_error (error, "create", kind->name);
            }
        }
      else if (what < 8)
        {
          gint64 id = g_test_rand_int_range (1, 6);
          g_autoptr(JoineryRecord) record = joinery_db_get (tdb->db, kind, id, &error);

          if (record == NULL)
            {
              g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
              continue;
            }
          fuzz_record (tdb->db, record, kind);
          if (!joinery_db_update (tdb->db, record, &error))
            assert_input_error (error, "update", kind->name);
        }
      else if (what < 9)
        {
          gint64 id = g_test_rand_int_range (1, 6);

          if (!joinery_db_delete (tdb->db, kind, id, &error) &&
              !g_error_matches (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND))
            assert_input_error (error, "delete", kind->name);
        }
      else
        {
          g_autofree char *label = NULL;
          gboolean undo = g_test_rand_bit ();

          if (!(undo ? joinery_db_undo : joinery_db_redo) (tdb->db, &label, &error))
            {
              g_assert_true (error->domain == JOINERY_DB_ERROR);
              g_assert_true (error->code == JOINERY_DB_ERROR_NOTHING_TO_UNDO ||
                             error->code == JOINERY_DB_ERROR_NOTHING_TO_REDO);
            }
        }
    }
  g_test_message ("%u records made, %u refused", made, refused);
  g_assert_cmpuint (made, >, 0);
  g_assert_cmpuint (refused, >, 0);
  joinery_test_assert_check_clean (tdb->db);
}

/* Search text and list filters on a database with records in it: results
 * or a validation error, never an SQL or FTS5 syntax error. */
static void
test_queries (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  guint n = rounds (2000);
  static const char * const ops[] = { "=", "!=", "<", "<=", ">", ">=", "~", "" };

  joinery_test_create (tdb->db, "area", "name", "Leeds", NULL);
  joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council",
                       "area", "Leeds", NULL);
  joinery_test_create (tdb->db, "person", "name", "Ann Smith", "email", "ann@example.org",
                       "organisation", "1", NULL);

  for (guint i = 0; i < n; i++)
    {
      const JoineryKind *kind = random_kind ();
      g_autofree char *text = fuzz_text (5);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(JoineryQuery) query = joinery_query_new (kind);
      g_autofree char *expression = NULL;
      const JoineryField *field = &kind->fields[g_test_rand_int_range (0, (gint32) kind->n_fields)];

      hits = joinery_db_search (tdb->db, text, g_test_rand_bit () ? kind : NULL, 20,
                                "[", "]", &error);
      if (hits == NULL)
        assert_input_error (error, "search", text);
      else
        for (guint h = 0; h < hits->len; h++)
          {
            JoinerySearchHit *hit = hits->pdata[h];
            g_assert_true (g_utf8_validate (hit->snippet, -1, NULL));
          }
      g_clear_error (&error);

      expression = g_strconcat (g_test_rand_int_range (0, 6) ? field->name : text,
                                ops[g_test_rand_int_range (0, G_N_ELEMENTS (ops))],
                                text, NULL);
      if (!joinery_query_parse_filter (query, expression, &error))
        {
          assert_input_error (error, "parse_filter", expression);
          continue;
        }
      if (g_test_rand_bit ())
        joinery_query_set_search (query, text);
      rows = joinery_db_list (tdb->db, kind, query, &error);
      if (rows == NULL)
        assert_input_error (error, "list", expression);
    }
  joinery_test_assert_check_clean (tdb->db);
}

/* What the fuzz run found, kept as fixed cases so that they fail every
 * run, not only on a lucky seed. */

/* A message that quotes what was typed stays UTF-8 when that was not. */
static void
test_found_message_quoting_broken_text (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryRecord) person = joinery_record_new (joinery_kind_lookup ("person"));
  g_autoptr(GError) error = NULL;

  g_assert_false (joinery_db_set_from_string (tdb->db, person, "organisation", "Leeds\xFF^", &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_MISSING_REFERENCE);
  g_assert_cmpstr (error->message, ==, "organisation: there is no organisation called “Leeds\xEF\xBF\xBD^”");
}

/* A filter on broken text is refused, not passed on to GLib or SQLite. */
static void
test_found_filter_on_broken_text (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup ("area"));
  g_autoptr(GError) error = NULL;

  joinery_test_create (tdb->db, "area", "name", "Leeds", NULL);
  g_assert_false (joinery_query_parse_filter (query, "name~Le\xC3", &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "name: is not valid UTF-8 text");
}

/* A link filter of blank space means "attached to no record". */
static void
test_found_blank_link_filter (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup ("task"));
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;

  joinery_test_create (tdb->db, "area", "name", "Leeds", NULL);
  joinery_test_create (tdb->db, "task", "title", "Book the hall", "record", "area:1", NULL);
  joinery_test_create (tdb->db, "task", "title", "Order the tea", NULL);
  g_assert_true (joinery_query_parse_filter (query, "record=  ", &error));
  g_assert_no_error (error);
  tasks = joinery_db_list (tdb->db, joinery_kind_lookup ("task"), query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 1);
  g_assert_cmpstr (joinery_record_get_text (tasks->pdata[0], "title"), ==, "Order the tea");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/fuzz/values", test_values);
  g_test_add_func ("/core/fuzz/records", test_records);
  g_test_add_func ("/core/fuzz/queries", test_queries);
  g_test_add_func ("/core/fuzz/found/message-quoting-broken-text", test_found_message_quoting_broken_text);
  g_test_add_func ("/core/fuzz/found/filter-on-broken-text", test_found_filter_on_broken_text);
  g_test_add_func ("/core/fuzz/found/blank-link-filter", test_found_blank_link_filter);

  return g_test_run ();
}
