/* fuzz-csv.c: libFuzzer target for the CSV reader (app/exchange/joinery-csv.c).
 *
 * The first byte of the input chooses the encoding (auto, UTF-8,
 * Windows-1252) and the separator (guessed, comma, semicolon, tab); the
 * rest is the file. Besides not crashing, leaking or overrunning (ASan),
 * the reader must keep its promises on every input:
 *
 *   - every field is valid UTF-8, none longer than the limit (kept small
 *     here, 4 KiB, so that the limit itself is reached), no record wider
 *     than JOINERY_CSV_MAX_COLUMNS;
 *   - row numbers go up by one a record, and lines never go backwards;
 *   - once it fails it stays failed;
 *   - what it read, written back by the writer and read again (as UTF-8,
 *     commas), is the same records, field for field.
 *
 * Built with clang -fsanitize=fuzzer,address by tests/fuzz/run-fuzz.sh; the
 * project itself is built with gcc, so this file is not in meson's build.
 */
#include "joinery-csv.h"
#include "joinery-exchange-error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_FIELD 4096

/* The writer is told no cell is text: an apostrophe would change it. */
static const gboolean not_text[JOINERY_CSV_MAX_COLUMNS];

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static GPtrArray *
read_records (const guint8 *data, gsize size, JoineryCsvEncoding encoding, char separator, gboolean *failed)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr(JoineryCsvReader) reader = joinery_csv_reader_new (in, encoding, separator);
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char * const *fields;
  GError *error = NULL;
  guint64 line = 0;
  guint n;

  joinery_csv_reader_set_max_field (reader, FUZZ_MAX_FIELD);
  while (joinery_csv_reader_next (reader, &fields, &n, NULL, &error))
    {
      if (n == 0 || n > JOINERY_CSV_MAX_COLUMNS || fields[n] != NULL)
        abort ();
      if (joinery_csv_reader_get_row (reader) != records->len + 1)
        abort ();
      if (joinery_csv_reader_get_line (reader) < line)
        abort ();
      line = joinery_csv_reader_get_line (reader);
      for (guint i = 0; i < n; i++)
        if (!g_utf8_validate (fields[i], -1, NULL) || strlen (fields[i]) > FUZZ_MAX_FIELD)
          abort ();
      g_ptr_array_add (records, g_strdupv ((char **) fields));
    }
  *failed = error != NULL;
  if (error != NULL)
    {
      /* Problems are the reader's own, and it stays failed. */
      if (error->domain != JOINERY_EXCHANGE_ERROR || joinery_csv_reader_get_row (reader) == 0)
        abort ();
      g_clear_error (&error);
      if (joinery_csv_reader_next (reader, &fields, &n, NULL, &error) || error == NULL)
        abort ();
      g_clear_error (&error);
    }
  return records;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const JoineryCsvEncoding encodings[] = {
    JOINERY_CSV_ENCODING_AUTO, JOINERY_CSV_ENCODING_UTF8, JOINERY_CSV_ENCODING_WINDOWS_1252,
  };
  static const char separators[] = { 0, ',', ';', '\t' };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GString) written = g_string_new (NULL);
  gboolean failed = FALSE, failed_again = FALSE;

  if (size < 1)
    return 0;
  records = read_records (data + 1, size - 1, encodings[data[0] % 3], separators[(data[0] / 3) % 4], &failed);

  /* Written back and read again: the same records. */
  for (guint r = 0; r < records->len; r++)
    {
      char **fields = records->pdata[r];
      joinery_csv_append_row (written, (const char * const *) fields, g_strv_length (fields), not_text);
    }
  again = read_records ((const guint8 *) written->str, written->len, JOINERY_CSV_ENCODING_UTF8, ',', &failed_again);
  if (failed_again || again->len != records->len)
    abort ();
  for (guint r = 0; r < records->len; r++)
    {
      char **a = records->pdata[r], **b = again->pdata[r];
      if (!g_strv_equal ((const char * const *) a, (const char * const *) b))
        abort ();
    }
  return 0;
}
