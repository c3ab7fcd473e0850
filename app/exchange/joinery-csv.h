/* joinery-csv.h: reading and writing CSV as spreadsheets and booking
 * sites write it.
 *
 * The reader is a strict RFC 4180 reader that streams: it holds one record
 * at a time, however large the file. It reads UTF-8 with or without a
 * byte-order mark and Windows-1252 (guessed from the start of the file, or
 * given), with a comma, semicolon or tab between fields (guessed from the
 * first record, or given), and quoted fields holding separators, doubled
 * quotes and line breaks (CRLF, LF or CR). Nothing is trimmed and no line
 * is skipped: a blank line is a record of one empty field. What RFC 4180
 * forbids is refused with the row and column where it was found: a quote
 * inside an unquoted field, text after a closing quote, a quoted field
 * never closed, a NUL byte, bytes that are not text in the encoding, a
 * field longer than the limit.
 *
 * The writer quotes what needs quoting and neutralises cells a spreadsheet
 * would run as a formula.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The default limit of one field: well above the longest text a record
 * holds (100,000 characters), far below what would strain memory. */
#define JOINERY_CSV_MAX_FIELD_BYTES (1024 * 1024)
#define JOINERY_CSV_MAX_COLUMNS     10000

typedef enum {
  JOINERY_CSV_ENCODING_AUTO,
  JOINERY_CSV_ENCODING_UTF8,
  JOINERY_CSV_ENCODING_WINDOWS_1252,
} JoineryCsvEncoding;

typedef struct _JoineryCsvReader JoineryCsvReader;

/* `separator` is ',', ';' or '\t', or 0 to guess it from the first record. */
JoineryCsvReader   *joinery_csv_reader_new            (GInputStream *stream,
                                                       JoineryCsvEncoding encoding,
                                                       char separator);
void                joinery_csv_reader_free           (JoineryCsvReader *reader);
void                joinery_csv_reader_set_max_field  (JoineryCsvReader *reader, gsize max_bytes);

/* The next record: TRUE with its fields as UTF-8 (valid until the next
 * call); FALSE at the end of the file with `error` unset, or FALSE with a
 * JOINERY_EXCHANGE_ERROR (or G_IO_ERROR) whose message is the bare reason,
 * the row and column then being those of the problem. Once it has failed,
 * the reader reads no further. */
gboolean            joinery_csv_reader_next           (JoineryCsvReader *reader,
                                                       const char * const **fields,
                                                       guint *n_fields,
                                                       GCancellable *cancellable,
                                                       GError **error);
/* The record read last, or being read when a problem was found: its
 * number (1 for the first, as a spreadsheet numbers rows) and the line of
 * the file it starts on. */
guint64             joinery_csv_reader_get_row        (JoineryCsvReader *reader);
guint64             joinery_csv_reader_get_line       (JoineryCsvReader *reader);
/* The column (from 1) a problem was found in. */
guint               joinery_csv_reader_get_column     (JoineryCsvReader *reader);
guint64             joinery_csv_reader_get_bytes_read (JoineryCsvReader *reader);
/* What was guessed (or given); known once the first record has been read. */
char                joinery_csv_reader_get_separator  (JoineryCsvReader *reader);
JoineryCsvEncoding  joinery_csv_reader_get_encoding   (JoineryCsvReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryCsvReader, joinery_csv_reader_free)

/* "utf-8", "windows-1252", "auto" and back; FALSE for anything else. */
gboolean            joinery_csv_encoding_from_string  (const char *text, JoineryCsvEncoding *encoding);
const char         *joinery_csv_encoding_to_string    (JoineryCsvEncoding encoding);
/* ",", ";", "tab" (or a tab), "comma", "semicolon"; FALSE for anything else. */
gboolean            joinery_csv_separator_from_string (const char *text, char *separator);

/* Writing. A cell is quoted when it holds a comma, a quote or a line
 * break. A text cell beginning with =, +, -, @, a tab or a carriage return
 * is what a spreadsheet would run as a formula: it gets a leading
 * apostrophe, which spreadsheets show as text. */
gboolean            joinery_csv_is_formula_like       (const char *text);
void                joinery_csv_append_cell           (GString *out, const char *text,
                                                       gboolean is_text);
/* The cells of one row, a comma between them and CRLF after. `is_text`
 * may be NULL (every cell text). */
void                joinery_csv_append_row            (GString *out, const char * const *cells,
                                                       guint n_cells, const gboolean *is_text);

G_END_DECLS
