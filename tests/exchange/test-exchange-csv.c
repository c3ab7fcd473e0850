/* test-exchange-csv.c: the CSV reader and writer, byte by byte.
 *
 * Every case gives the reader exact bytes and checks every field it gives
 * back, or the row, column and kind of the problem it reports.
 */
#include "joinery-csv.h"
#include "joinery-exchange-error.h"

#include <string.h>

/* Read all of `data`; the records as one string, fields joined by "|" and
 * records ended by "\n", or NULL with the error. */
static char *
read_all (const char *data, gssize length, JoineryCsvEncoding encoding, char separator,
          JoineryCsvReader **reader_out, GError **error)
{
  g_autoptr(GInputStream) stream = NULL;
  JoineryCsvReader *reader;
  GString *out = g_string_new (NULL);
  const char * const *fields;
  guint n;

  if (length < 0)
    length = (gssize) strlen (data);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, (gsize) length), length, g_free);
  reader = joinery_csv_reader_new (stream, encoding, separator);
  while (joinery_csv_reader_next (reader, &fields, &n, NULL, error))
    {
      g_assert_cmpuint (n, ==, g_strv_length ((char **) fields));
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, '|');
          g_string_append (out, fields[i]);
        }
      g_string_append_c (out, '\n');
    }
  if (reader_out != NULL)
    *reader_out = reader;
  else
    joinery_csv_reader_free (reader);
  if (error != NULL && *error != NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
assert_reads (const char *data, char separator, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = read_all (data, -1, JOINERY_CSV_ENCODING_AUTO, separator, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, expected);
}

static void
assert_problem (const char *data, gssize length, JoineryExchangeError code, guint64 row, guint column,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  JoineryCsvReader *reader = NULL;
  g_autofree char *got = read_all (data, length, JOINERY_CSV_ENCODING_AUTO, 0, &reader, &error);

  g_assert_null (got);
  g_assert_error (error, JOINERY_EXCHANGE_ERROR, (gint) code);
  g_assert_cmpuint (joinery_csv_reader_get_row (reader), ==, row);
  g_assert_cmpuint (joinery_csv_reader_get_column (reader), ==, column);
  g_assert_nonnull (strstr (error->message, fragment));
  joinery_csv_reader_free (reader);
}

static void
test_separators (void)
{
  /* Guessed from the first record. */
  assert_reads ("name,email\r\nAda,ada@example.org\r\n", 0, "name|email\nAda|ada@example.org\n");
  assert_reads ("name;email;phone\nAda;ada@example.org;0113\n", 0,
                "name|email|phone\nAda|ada@example.org|0113\n");
  assert_reads ("name\temail\nAda\tada@example.org\n", 0, "name|email\nAda|ada@example.org\n");
  /* A semicolon file with commas in its values: the header decides. */
  assert_reads ("name;amount\n\"Smith, Jo\";1,50\n", 0, "name|amount\nSmith, Jo|1,50\n");
  /* Given, whatever the header holds. */
  assert_reads ("a,b;c\n1,2;3\n", ';', "a,b|c\n1,2|3\n");
  /* One column. */
  assert_reads ("name\nAda\n", 0, "name\nAda\n");
}

static void
test_quoting (void)
{
  /* Separators, doubled quotes and line breaks inside quotes. */
  assert_reads ("a,b,c\r\n\"x,y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n", 0,
                "a|b|c\nx,y|say \"hi\"|two\r\nlines\n");
  assert_reads ("a,b\n\"line one\nline two\",z\n", 0, "a|b\nline one\nline two|z\n");
  /* Empty fields, quoted and not. */
  assert_reads ("a,b,c\n,\"\",\n", 0, "a|b|c\n||\n");
}

static void
test_spaces_kept (void)
{
  assert_reads ("a,b\n  x ,y  \n", 0, "a|b\n  x |y  \n");
}

static void
test_line_endings (void)
{
  /* CRLF, LF, CR alone; no line break at the end. */
  assert_reads ("a,b\r\n1,2\r\n", 0, "a|b\n1|2\n");
  assert_reads ("a,b\n1,2", 0, "a|b\n1|2\n");
  assert_reads ("a,b\r1,2\r", 0, "a|b\n1|2\n");
  /* A blank line is a record of one empty field, not skipped. */
  assert_reads ("a,b\n\n1,2\n", 0, "a|b\n\n1|2\n");
}

static void
test_bom_and_encodings (void)
{
  g_autoptr(GError) error = NULL;
  JoineryCsvReader *reader = NULL;
  g_autofree char *got = NULL;

  /* A byte-order mark is not part of the first header. */
  got = read_all ("\xEF\xBB\xBFname,town\nZo\xC3\xAB,Bingley\n", -1, JOINERY_CSV_ENCODING_AUTO, 0, &reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, "name|town\nZoë|Bingley\n");
  g_assert_cmpint (joinery_csv_reader_get_encoding (reader), ==, JOINERY_CSV_ENCODING_UTF8);
  joinery_csv_reader_free (reader);
  g_clear_pointer (&got, g_free);

  /* Windows-1252: £ (A3), é (E9), the euro (80), curly quotes (93 94), an en dash (96). */
  got = read_all ("name,note\nCaf\xE9,\x93\xA3" "5 \x96 \x80" "6\x94\n", -1, JOINERY_CSV_ENCODING_AUTO, 0, &reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, "name|note\nCafé|“£5 – €6”\n");
  g_assert_cmpint (joinery_csv_reader_get_encoding (reader), ==, JOINERY_CSV_ENCODING_WINDOWS_1252);
  joinery_csv_reader_free (reader);
  g_clear_pointer (&got, g_free);

  /* Given as Windows-1252, UTF-8 bytes are read as what they would be there. */
  got = read_all ("a\n\xC3\xA9\n", -1, JOINERY_CSV_ENCODING_WINDOWS_1252, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, "a\nÃ©\n");
  g_clear_pointer (&got, g_free);

  /* Given as UTF-8, a Windows-1252 byte is a problem where it stands. */
  got = read_all ("a,b\nok,caf\xE9\n", -1, JOINERY_CSV_ENCODING_UTF8, 0, &reader, &error);
  g_assert_null (got);
  g_assert_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_ENCODING);
  g_assert_cmpuint (joinery_csv_reader_get_row (reader), ==, 2);
  g_assert_cmpuint (joinery_csv_reader_get_column (reader), ==, 2);
  joinery_csv_reader_free (reader);
  g_clear_error (&error);

  /* UTF-16 is named, not misread. */
  assert_problem ("\xFF\xFEn\0a\0", 6, JOINERY_EXCHANGE_ERROR_ENCODING, 1, 1, "UTF-16");
}

static void
test_utf8_found_late (void)
{
  /* The guess looks at the first 64 KiB: a bad byte after that, in a file
   * that began as UTF-8, is a problem on its row. */
  g_autoptr(GString) data = g_string_new ("name\n");
  g_autoptr(GError) error = NULL;
  JoineryCsvReader *reader = NULL;
  g_autofree char *got = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append (data, "Zoë\n");
  g_string_append (data, "Caf\xE9\n");
  got = read_all (data->str, (gssize) data->len, JOINERY_CSV_ENCODING_AUTO, 0, &reader, &error);
  g_assert_null (got);
  g_assert_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_ENCODING);
  g_assert_cmpuint (joinery_csv_reader_get_row (reader), ==, 20002);
  g_assert_cmpuint (joinery_csv_reader_get_column (reader), ==, 1);
  joinery_csv_reader_free (reader);
}

static void
test_problems (void)
{
  /* A stray quote in an unquoted field. */
  assert_problem ("a,b\n1,5\" floppy\n", -1, JOINERY_EXCHANGE_ERROR_SYNTAX, 2, 2, "quote");
  /* Text after a closing quote. */
  assert_problem ("a,b\n\"x\"y,2\n", -1, JOINERY_EXCHANGE_ERROR_SYNTAX, 2, 1, "closing quote");
  /* A quote never closed: the row it began on, and its line. */
  assert_problem ("a,b\n1,2\n3,\"open\n\nmore\n", -1, JOINERY_EXCHANGE_ERROR_SYNTAX, 3, 2, "line 3");
  /* A NUL byte: binary, not text. */
  assert_problem ("a,b\n1,\0\x01\x02\n", 9, JOINERY_EXCHANGE_ERROR_BINARY, 2, 2, "NUL");
}

static void
test_field_limit (void)
{
  g_autoptr(GString) data = g_string_new ("a,b\n1,\"");
  g_autoptr(GError) error = NULL;
  JoineryCsvReader *reader = NULL;
  g_autofree char *got = NULL;
  gsize mark;

  /* A 10 MB field stops at the limit, not at the end of memory. */
  mark = data->len;
  g_string_set_size (data, mark + 10 * 1000 * 1000);
  memset (data->str + mark, 'x', 10 * 1000 * 1000);
  g_string_append (data, "\"\n");
  got = read_all (data->str, (gssize) data->len, JOINERY_CSV_ENCODING_AUTO, 0, &reader, &error);
  g_assert_null (got);
  g_assert_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_TOO_LARGE);
  g_assert_cmpuint (joinery_csv_reader_get_row (reader), ==, 2);
  g_assert_cmpuint (joinery_csv_reader_get_column (reader), ==, 2);
  g_assert_nonnull (strstr (error->message, "longer than 1 MiB"));
  /* And reads no further after a problem. */
  {
    g_autoptr(GError) again = NULL;
    const char * const *fields;
    guint n;
    g_assert_false (joinery_csv_reader_next (reader, &fields, &n, NULL, &again));
    g_assert_error (again, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FAILED);
  }
  joinery_csv_reader_free (reader);
}

static void
test_empty (void)
{
  assert_reads ("", 0, "");
  assert_reads ("\xEF\xBB\xBF", 0, "");
}

static void
test_chunk_boundaries (void)
{
  /* Quotes, doubled quotes and CRLF split across the reader's 64 KiB
   * chunks, at every offset around the boundary. */
  for (guint pad = 65530; pad < 65540; pad++)
    {
      g_autoptr(GString) data = g_string_new ("a,b\r\n");
      g_autoptr(GString) expected = g_string_new ("a|b\n");
      g_autoptr(GError) error = NULL;
      g_autofree char *got = NULL;

      g_string_append_c (data, '"');
      for (guint i = data->len; i < pad; i++)
        g_string_append_c (data, 'x');
      g_string_append (data, "\"\"q\",2\r\n3,4\r\n");
      g_string_append_len (expected, data->str + 6, (gssize) (pad - 6));
      g_string_append (expected, "\"q|2\n3|4\n");
      got = read_all (data->str, (gssize) data->len, JOINERY_CSV_ENCODING_AUTO, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (got, ==, expected->str);
    }
}

static void
test_rows_and_lines (void)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(JoineryCsvReader) reader = NULL;
  const char *data = "a,b\n\"1\n2\",x\n3,y\n";
  const char * const *fields;
  guint n;

  stream = g_memory_input_stream_new_from_data (data, -1, NULL);
  reader = joinery_csv_reader_new (stream, JOINERY_CSV_ENCODING_AUTO, 0);
  g_assert_true (joinery_csv_reader_next (reader, &fields, &n, NULL, NULL));
  g_assert_cmpuint (joinery_csv_reader_get_row (reader), ==, 1);
  g_assert_true (joinery_csv_reader_next (reader, &fields, &n, NULL, NULL));
  g_assert_cmpuint (joinery_csv_reader_get_row (reader), ==, 2);
  g_assert_cmpuint (joinery_csv_reader_get_line (reader), ==, 2);
  /* The quoted line break counts as a line, not a row. */
  g_assert_true (joinery_csv_reader_next (reader, &fields, &n, NULL, NULL));
  g_assert_cmpuint (joinery_csv_reader_get_row (reader), ==, 3);
  g_assert_cmpuint (joinery_csv_reader_get_line (reader), ==, 4);
  g_assert_cmpstr (fields[0], ==, "3");
  g_assert_false (joinery_csv_reader_next (reader, &fields, &n, NULL, NULL));
  g_assert_cmpuint (joinery_csv_reader_get_bytes_read (reader), ==, strlen (data));
}

static void
test_writer (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *cells[] = { "=1+2", "+44 113 000", "-5", "@SUM(A1)", "\tx", "\rx", "a,b", "say \"hi\"",
                          "two\nlines", "", "plain", "=HYPERLINK(\"http://x\",\"y\")" };
  gboolean is_text[G_N_ELEMENTS (cells)];

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    is_text[i] = TRUE;
  /* A number is not text: -5 stays a number. */
  is_text[2] = FALSE;
  joinery_csv_append_row (out, cells, G_N_ELEMENTS (cells), is_text);
  g_assert_cmpstr (out->str, ==,
                   "'=1+2,'+44 113 000,-5,'@SUM(A1),'\tx,\"'\rx\",\"a,b\",\"say \"\"hi\"\"\","
                   "\"two\nlines\",,plain,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");

  /* What is written reads back (the apostrophe included). */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *got = read_all (out->str, (gssize) out->len, JOINERY_CSV_ENCODING_AUTO, ',', NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (got, ==, "'=1+2|'+44 113 000|-5|'@SUM(A1)|'\tx|'\rx|a,b|say \"hi\"|two\nlines||plain|"
                              "'=HYPERLINK(\"http://x\",\"y\")\n");
  }
}

static void
test_option_names (void)
{
  JoineryCsvEncoding encoding;
  char separator;

  g_assert_true (joinery_csv_encoding_from_string ("Windows-1252", &encoding));
  g_assert_cmpint (encoding, ==, JOINERY_CSV_ENCODING_WINDOWS_1252);
  g_assert_true (joinery_csv_encoding_from_string ("utf8", &encoding));
  g_assert_cmpint (encoding, ==, JOINERY_CSV_ENCODING_UTF8);
  g_assert_false (joinery_csv_encoding_from_string ("latin9", &encoding));
  g_assert_true (joinery_csv_separator_from_string ("tab", &separator));
  g_assert_cmpint (separator, ==, '\t');
  g_assert_true (joinery_csv_separator_from_string (";", &separator));
  g_assert_cmpint (separator, ==, ';');
  g_assert_false (joinery_csv_separator_from_string ("|", &separator));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/exchange/csv/separators", test_separators);
  g_test_add_func ("/exchange/csv/quoting", test_quoting);
  g_test_add_func ("/exchange/csv/spaces-kept", test_spaces_kept);
  g_test_add_func ("/exchange/csv/line-endings", test_line_endings);
  g_test_add_func ("/exchange/csv/bom-and-encodings", test_bom_and_encodings);
  g_test_add_func ("/exchange/csv/utf8-found-late", test_utf8_found_late);
  g_test_add_func ("/exchange/csv/problems", test_problems);
  g_test_add_func ("/exchange/csv/field-limit", test_field_limit);
  g_test_add_func ("/exchange/csv/empty", test_empty);
  g_test_add_func ("/exchange/csv/chunk-boundaries", test_chunk_boundaries);
  g_test_add_func ("/exchange/csv/rows-and-lines", test_rows_and_lines);
  g_test_add_func ("/exchange/csv/writer", test_writer);
  g_test_add_func ("/exchange/csv/option-names", test_option_names);
  return g_test_run ();
}
