/* joinery-csv.c: a strict, streaming RFC 4180 reader, and the writer.
 *
 * Written here rather than with libcsv: libcsv reports a problem only as
 * a byte count, skips blank lines (so its row numbers are not the
 * spreadsheet's), keeps a byte-order mark in the first field and has no
 * bound on a field's length; every one of those would need working
 * around, and what is left is a state machine of four states. This file
 * must stay free of anything but GLib and GIO: tests/fuzz builds it alone
 * with clang's libFuzzer.
 *
 * The reader works on bytes: the separators, quotes and line breaks are
 * ASCII, which no byte of a UTF-8 multi-byte sequence can be, so fields are
 * cut first and checked (UTF-8) or converted (Windows-1252, byte by byte)
 * as they are read.
 */
#include "joinery-csv.h"
#include "joinery-exchange-error.h"

#include <string.h>

#define CHUNK_BYTES  (64 * 1024)

typedef enum {
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_SEEN,   /* a quote inside a quoted field: doubled, or the end */
} State;

struct _JoineryCsvReader
{
  GInputStream       *stream;
  JoineryCsvEncoding  encoding;
  char                separator;
  gsize               max_field;

  guint8             *buffer;
  gsize               length;
  gsize               pos;
  gboolean            eof;
  gboolean            started;
  gboolean            failed;
  gboolean            skip_lf;     /* the last record ended with CR: a LF next is part of it */
  guint8              previous;    /* the byte before, for counting lines */
  guint64             bytes_read;

  GString            *record;      /* the fields of the record, each ended by NUL */
  GArray             *starts;      /* where each field begins in `record` */
  GPtrArray          *fields;      /* pointers into `record`, NULL-terminated */
  gsize               field_start;

  guint64             row;
  guint64             line;        /* the line being read */
  guint64             record_line; /* the line the record began on */
  guint               column;
};

/* Windows-1252's bytes 0x80–0x9F; the five it leaves undefined map to the
 * C1 controls of the same number, as Windows itself maps them. The bytes
 * from 0xA0 are Latin-1's, which are Unicode's. */
static const gunichar windows_1252[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

JoineryCsvReader *
joinery_csv_reader_new (GInputStream *stream, JoineryCsvEncoding encoding, char separator)
{
  JoineryCsvReader *reader;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (separator == 0 || separator == ',' || separator == ';' || separator == '\t', NULL);

  reader = g_new0 (JoineryCsvReader, 1);
  reader->stream = g_object_ref (stream);
  reader->encoding = encoding;
  reader->separator = separator;
  reader->max_field = JOINERY_CSV_MAX_FIELD_BYTES;
  reader->buffer = g_malloc (CHUNK_BYTES);
  reader->record = g_string_sized_new (1024);
  reader->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  reader->fields = g_ptr_array_new ();
  reader->line = 1;
  return reader;
}

void
joinery_csv_reader_free (JoineryCsvReader *reader)
{
  if (reader == NULL)
    return;
  g_object_unref (reader->stream);
  g_free (reader->buffer);
  g_string_free (reader->record, TRUE);
  g_array_unref (reader->starts);
  g_ptr_array_unref (reader->fields);
  g_free (reader);
}

void
joinery_csv_reader_set_max_field (JoineryCsvReader *reader, gsize max_bytes)
{
  g_return_if_fail (reader != NULL && max_bytes > 0);
  reader->max_field = max_bytes;
}

guint64
joinery_csv_reader_get_row (JoineryCsvReader *reader)
{
  return reader->row;
}

guint64
joinery_csv_reader_get_line (JoineryCsvReader *reader)
{
  return reader->record_line;
}

guint
joinery_csv_reader_get_column (JoineryCsvReader *reader)
{
  return reader->column;
}

guint64
joinery_csv_reader_get_bytes_read (JoineryCsvReader *reader)
{
  return reader->bytes_read;
}

char
joinery_csv_reader_get_separator (JoineryCsvReader *reader)
{
  return reader->separator != 0 ? reader->separator : ',';
}

JoineryCsvEncoding
joinery_csv_reader_get_encoding (JoineryCsvReader *reader)
{
  return reader->encoding;
}

static gboolean
fail (JoineryCsvReader *reader, GError **error, JoineryExchangeError code, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static gboolean
fail (JoineryCsvReader *reader, GError **error, JoineryExchangeError code, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, JOINERY_EXCHANGE_ERROR, code, message);
  reader->failed = TRUE;
  return FALSE;
}

/* Fill the buffer; FALSE on a read error. At the end of the file the
 * buffer is left empty and `eof` set. */
static gboolean
fill (JoineryCsvReader *reader, GCancellable *cancellable, GError **error)
{
  gsize n = 0;

  if (!g_input_stream_read_all (reader->stream, reader->buffer, CHUNK_BYTES, &n, cancellable, error))
    {
      reader->failed = TRUE;
      return FALSE;
    }
  reader->length = n;
  reader->pos = 0;
  reader->bytes_read += n;
  if (n < CHUNK_BYTES)
    reader->eof = TRUE;
  return TRUE;
}

/* The separator that occurs most often in the first record, outside
 * quotes; a comma when there is none (a file of one column). */
static char
guess_separator (const guint8 *data, gsize length)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  guint best = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '"')
        quoted = !quoted;
      else if (!quoted && (data[i] == '\n' || data[i] == '\r'))
        break;
      else if (!quoted)
        for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
          if (data[i] == (guint8) candidates[c])
            counts[c]++;
    }
  for (guint c = 1; c < G_N_ELEMENTS (candidates); c++)
    if (counts[c] > counts[best])
      best = c;
  return candidates[best];
}

/* The first chunk decides what was not given: a byte-order mark, or text
 * that is valid UTF-8 (a sequence cut by the end of the chunk allowed),
 * means UTF-8; anything else Windows-1252, the encoding of spreadsheets
 * saved as plain "CSV" on Windows in Britain. */
static gboolean
start (JoineryCsvReader *reader, GCancellable *cancellable, GError **error)
{
  const char *end = NULL;

  reader->started = TRUE;
  if (!fill (reader, cancellable, error))
    return FALSE;

  if (reader->length >= 2 &&
      ((reader->buffer[0] == 0xFF && reader->buffer[1] == 0xFE) ||
       (reader->buffer[0] == 0xFE && reader->buffer[1] == 0xFF)))
    {
      reader->row = 1;
      reader->column = 1;
      return fail (reader, error, JOINERY_EXCHANGE_ERROR_ENCODING,
                   "the file is in UTF-16 (“Unicode text”); save it as “CSV UTF-8” and import that");
    }
  if (reader->encoding != JOINERY_CSV_ENCODING_WINDOWS_1252 && reader->length >= 3 &&
      reader->buffer[0] == 0xEF && reader->buffer[1] == 0xBB && reader->buffer[2] == 0xBF)
    {
      reader->pos = 3;
      reader->encoding = JOINERY_CSV_ENCODING_UTF8;
    }
  if (reader->encoding == JOINERY_CSV_ENCODING_AUTO)
    {
      gboolean valid = g_utf8_validate_len ((const char *) reader->buffer, reader->length, &end);
      gsize good = (gsize) (end - (const char *) reader->buffer);

      if (!valid && !reader->eof && reader->length - good < 4)
        valid = TRUE;
      reader->encoding = valid ? JOINERY_CSV_ENCODING_UTF8 : JOINERY_CSV_ENCODING_WINDOWS_1252;
    }
  if (reader->separator == 0)
    reader->separator = guess_separator (reader->buffer + reader->pos, reader->length - reader->pos);

  /* A NUL near the start: not text at all, and its rows are noise. Say so
   * once, at the line and cell where it is (further on, the reader finds
   * a NUL where it reads it). */
  if (memchr (reader->buffer + reader->pos, '\0', reader->length - reader->pos) != NULL)
    {
      reader->row = 1;
      reader->column = 1;
      for (gsize i = reader->pos; reader->buffer[i] != '\0'; i++)
        {
          guint8 c = reader->buffer[i];
          if (c == '\n' || (c == '\r' && reader->buffer[i + 1] != '\n'))
            {
              reader->row++;
              reader->column = 1;
            }
          else if (c == (guint8) reader->separator)
            reader->column++;
        }
      reader->record_line = reader->row;
      return fail (reader, error, JOINERY_EXCHANGE_ERROR_BINARY,
                   "the file holds a NUL byte: it is not a text (CSV) file");
    }
  return TRUE;
}

static void
begin_record (JoineryCsvReader *reader)
{
  g_string_truncate (reader->record, 0);
  g_array_set_size (reader->starts, 0);
  reader->field_start = 0;
  reader->column = 1;
  reader->row++;
  reader->record_line = reader->line;
}

static gboolean
check_field_length (JoineryCsvReader *reader, GError **error)
{
  g_autofree char *limit = NULL;

  if (reader->record->len - reader->field_start <= reader->max_field)
    return TRUE;
  /* Not g_format_size(): its no-break space would not survive every terminal. */
  limit = reader->max_field % (1024 * 1024) == 0
          ? g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", reader->max_field / (1024 * 1024))
          : g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", reader->max_field);
  return fail (reader, error, JOINERY_EXCHANGE_ERROR_TOO_LARGE,
               "the field is longer than %s; no spreadsheet cell is this long "
               "(is a closing quote missing?)", limit);
}

/* Append plain bytes to the field, converting from Windows-1252. */
static void
append_bytes (JoineryCsvReader *reader, const guint8 *data, gsize n)
{
  if (reader->encoding != JOINERY_CSV_ENCODING_WINDOWS_1252)
    {
      g_string_append_len (reader->record, (const char *) data, (gssize) n);
      return;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (data[i] < 0x80)
        g_string_append_c (reader->record, (char) data[i]);
      else if (data[i] < 0xA0)
        g_string_append_unichar (reader->record, windows_1252[data[i] - 0x80]);
      else
        g_string_append_unichar (reader->record, data[i]);
    }
}

static gboolean
end_field (JoineryCsvReader *reader, GError **error)
{
  const char *text = reader->record->str + reader->field_start;
  gsize length = reader->record->len - reader->field_start;

  if (!check_field_length (reader, error))
    return FALSE;
  if (reader->encoding == JOINERY_CSV_ENCODING_UTF8 && !g_utf8_validate_len (text, length, NULL))
    return fail (reader, error, JOINERY_EXCHANGE_ERROR_ENCODING,
                 "is not valid UTF-8 text (if the file was saved in another encoding, "
                 "read it as Windows-1252)");
  if (reader->starts->len >= JOINERY_CSV_MAX_COLUMNS)
    return fail (reader, error, JOINERY_EXCHANGE_ERROR_TOO_LARGE,
                 "the row has more than %u columns", JOINERY_CSV_MAX_COLUMNS);
  g_array_append_val (reader->starts, reader->field_start);
  g_string_append_c (reader->record, '\0');
  reader->field_start = reader->record->len;
  reader->column++;
  return TRUE;
}

static void
finish_record (JoineryCsvReader *reader, const char * const **fields, guint *n_fields)
{
  g_ptr_array_set_size (reader->fields, 0);
  for (guint i = 0; i < reader->starts->len; i++)
    g_ptr_array_add (reader->fields, reader->record->str + g_array_index (reader->starts, gsize, i));
  *n_fields = reader->fields->len;
  g_ptr_array_add (reader->fields, NULL);
  *fields = (const char * const *) reader->fields->pdata;
  /* The column of the last field, for a caller that reports on the row. */
  reader->column = reader->starts->len;
}

static gboolean
is_special (JoineryCsvReader *reader, guint8 c)
{
  return c == (guint8) reader->separator || c == '"' || c == '\r' || c == '\n' || c == '\0';
}

static void
count_line (JoineryCsvReader *reader, guint8 c)
{
  if (c == '\r' || (c == '\n' && reader->previous != '\r'))
    reader->line++;
  reader->previous = c;
}

gboolean
joinery_csv_reader_next (JoineryCsvReader *reader, const char * const **fields, guint *n_fields,
                         GCancellable *cancellable, GError **error)
{
  State state = STATE_FIELD_START;
  gboolean in_record = FALSE;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (fields != NULL && n_fields != NULL, FALSE);

  *fields = NULL;
  *n_fields = 0;
  if (reader->failed)
    {
      g_set_error_literal (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FAILED,
                           "the file could not be read further");
      return FALSE;
    }
  if (!reader->started && !start (reader, cancellable, error))
    return FALSE;

  for (;;)
    {
      guint8 c;

      if (reader->pos == reader->length)
        {
          if (reader->eof)
            break;
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !fill (reader, cancellable, error))
            {
              reader->failed = TRUE;
              return FALSE;
            }
          continue;
        }

      c = reader->buffer[reader->pos];
      if (reader->skip_lf)
        {
          reader->skip_lf = FALSE;
          if (c == '\n')
            {
              count_line (reader, c);
              reader->pos++;
              continue;
            }
        }
      if (!in_record)
        {
          begin_record (reader);
          in_record = TRUE;
        }

      /* A run of ordinary bytes goes in at once. */
      if ((state == STATE_UNQUOTED || state == STATE_QUOTED || state == STATE_FIELD_START) &&
          !is_special (reader, c))
        {
          gsize run = reader->pos;
          while (run < reader->length && !is_special (reader, reader->buffer[run]))
            run++;
          append_bytes (reader, reader->buffer + reader->pos, run - reader->pos);
          reader->previous = reader->buffer[run - 1];
          reader->pos = run;
          if (state == STATE_FIELD_START)
            state = STATE_UNQUOTED;
          if (!check_field_length (reader, error))
            return FALSE;
          continue;
        }

      reader->pos++;
      if (c == '\0')
        return fail (reader, error, JOINERY_EXCHANGE_ERROR_BINARY,
                     "the file holds a NUL byte: it is not a text (CSV) file");

      switch (state)
        {
        case STATE_FIELD_START:
        case STATE_UNQUOTED:
        case STATE_QUOTE_SEEN:
          if (c == '"' && state == STATE_FIELD_START)
            state = STATE_QUOTED;
          else if (c == '"' && state == STATE_QUOTE_SEEN)
            {
              g_string_append_c (reader->record, '"');
              state = STATE_QUOTED;
            }
          else if (c == '"')
            return fail (reader, error, JOINERY_EXCHANGE_ERROR_SYNTAX,
                         "a quote inside a field that does not begin with one (a field "
                         "holding quotes must be quoted whole, each quote doubled: \"\")");
          else if (c == (guint8) reader->separator)
            {
              if (!end_field (reader, error))
                return FALSE;
              state = STATE_FIELD_START;
            }
          else if (c == '\r' || c == '\n')
            {
              count_line (reader, c);
              reader->skip_lf = c == '\r';
              if (!end_field (reader, error))
                return FALSE;
              finish_record (reader, fields, n_fields);
              return TRUE;
            }
          else
            return fail (reader, error, JOINERY_EXCHANGE_ERROR_SYNTAX,
                         "text after the closing quote of a quoted field (a quote inside a "
                         "quoted field must be doubled: \"\")");
          break;

        case STATE_QUOTED:
          if (c == '"')
            state = STATE_QUOTE_SEEN;
          else
            {
              /* A separator or line break inside quotes is text. */
              count_line (reader, c);
              g_string_append_c (reader->record, (char) c);
              if (!check_field_length (reader, error))
                return FALSE;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  /* The end of the file. */
  if (!in_record)
    return FALSE;
  if (state == STATE_QUOTED)
    return fail (reader, error, JOINERY_EXCHANGE_ERROR_SYNTAX,
                 "a quoted field is never closed (its closing quote is missing; the "
                 "field begins on line %" G_GUINT64_FORMAT ")", reader->record_line);
  if (!end_field (reader, error))
    return FALSE;
  finish_record (reader, fields, n_fields);
  return TRUE;
}

gboolean
joinery_csv_encoding_from_string (const char *text, JoineryCsvEncoding *encoding)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (text != NULL && encoding != NULL, FALSE);

  folded = g_ascii_strdown (text, -1);
  if (g_str_equal (folded, "auto"))
    *encoding = JOINERY_CSV_ENCODING_AUTO;
  else if (g_str_equal (folded, "utf-8") || g_str_equal (folded, "utf8"))
    *encoding = JOINERY_CSV_ENCODING_UTF8;
  else if (g_str_equal (folded, "windows-1252") || g_str_equal (folded, "cp1252") ||
           g_str_equal (folded, "windows1252"))
    *encoding = JOINERY_CSV_ENCODING_WINDOWS_1252;
  else
    return FALSE;
  return TRUE;
}

const char *
joinery_csv_encoding_to_string (JoineryCsvEncoding encoding)
{
  switch (encoding)
    {
    case JOINERY_CSV_ENCODING_UTF8:
      return "utf-8";
    case JOINERY_CSV_ENCODING_WINDOWS_1252:
      return "windows-1252";
    case JOINERY_CSV_ENCODING_AUTO:
    default:
      return "auto";
    }
}

gboolean
joinery_csv_separator_from_string (const char *text, char *separator)
{
  g_return_val_if_fail (text != NULL && separator != NULL, FALSE);

  if (g_str_equal (text, ",") || g_ascii_strcasecmp (text, "comma") == 0)
    *separator = ',';
  else if (g_str_equal (text, ";") || g_ascii_strcasecmp (text, "semicolon") == 0)
    *separator = ';';
  else if (g_str_equal (text, "\t") || g_ascii_strcasecmp (text, "tab") == 0)
    *separator = '\t';
  else
    return FALSE;
  return TRUE;
}

/* Writing */

gboolean
joinery_csv_is_formula_like (const char *text)
{
  return text != NULL && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

void
joinery_csv_append_cell (GString *out, const char *text, gboolean is_text)
{
  const char *cell = text != NULL ? text : "";
  /* A leading U+FEFF is quoted too, or at the start of a file a reader
   * would take it for a byte-order mark. */
  gboolean quote = strpbrk (cell, ",\"\r\n") != NULL || g_str_has_prefix (cell, "\xEF\xBB\xBF");

  if (quote)
    g_string_append_c (out, '"');
  if (is_text && joinery_csv_is_formula_like (cell))
    g_string_append_c (out, '\'');
  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

void
joinery_csv_append_row (GString *out, const char * const *cells, guint n_cells,
                        const gboolean *is_text)
{
  for (guint i = 0; i < n_cells; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      joinery_csv_append_cell (out, cells[i], is_text == NULL || is_text[i]);
    }
  g_string_append (out, "\r\n");
}
