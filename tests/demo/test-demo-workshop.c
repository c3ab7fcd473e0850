/* test-demo-workshop.c: every exercise of data/demo/WORKSHOP.md can be done
 * as written, and gives the answer it says.
 *
 * The test reads WORKSHOP.md itself, so that the material never drifts
 * from the data: it runs every ```sh block, in order, on a fresh copy made
 * by the block that makes it (a line ending in "# refused: TEXT" must be
 * refused with a message containing TEXT); saves every ```lua block under
 * the file name its first line gives; and compares every table that
 * follows a "<!-- check: NAME -->" marker, row by row and cell by cell,
 * with the answer computed through the core at that point. Each check
 * name is known here; a marker this test does not know, or a check the
 * file no longer has, fails.
 *
 * The answers of the report and the Lua exercise are also what their
 * commands gave: every command between the check before and the check
 * must have printed (or written to its --output file, as text or CSV) a
 * table with the check's heading and exactly its rows.
 */
#include "joinery-test-util.h"
#include "joinery-value.h"
#include "demo-test-util.h"

#include <stdlib.h>
#include <string.h>

#define WORKSHOP_PATH DEMO_SOURCE_DIR "/WORKSHOP.md"

typedef enum {
  STEP_SHELL,   /* one command line */
  STEP_LUA,     /* a file to save */
  STEP_CHECK,   /* a table to compare */
} StepType;

typedef struct {
  StepType   type;
  guint      line;    /* in WORKSHOP.md */
  char      *text;    /* the command; the Lua file's contents; the check's name */
  char      *file;    /* STEP_LUA: the file name */
  GPtrArray *rows;    /* STEP_CHECK: of GStrv, the heading first */
} Step;

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->text);
  g_free (step->file);
  g_clear_pointer (&step->rows, g_ptr_array_unref);
  g_free (step);
}

/* Reading WORKSHOP.md */

static char **
split_table_row (const char *line)
{
  g_autofree char *inner = g_strstrip (g_strdup (line));
  g_auto(GStrv) cells = NULL;
  guint n;

  /* "| a | b |" → "a", "b" */
  g_assert_true (g_str_has_prefix (inner, "|") && g_str_has_suffix (inner, "|"));
  inner[strlen (inner) - 1] = '\0';
  cells = g_strsplit (inner + 1, "|", -1);
  n = g_strv_length (cells);
  for (guint i = 0; i < n; i++)
    g_strstrip (cells[i]);
  return g_steal_pointer (&cells);
}

static GPtrArray *
read_workshop (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *steps = g_ptr_array_new_with_free_func (step_free);
  g_autofree char *fence = NULL;    /* the open block's language */
  g_autoptr(GString) block = NULL;
  guint block_line = 0;
  Step *check = NULL;               /* the check whose table comes next */

  g_file_get_contents (WORKSHOP_PATH, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (fence != NULL)
        {
          if (!g_str_equal (line, "```"))
            {
              if (g_str_equal (fence, "sh") && *line != '\0' && *line != '#')
                {
                  Step *step = g_new0 (Step, 1);
                  step->type = STEP_SHELL;
                  step->line = i + 1;
                  step->text = g_strdup (line);
                  g_ptr_array_add (steps, step);
                }
              else if (g_str_equal (fence, "lua"))
                g_string_append_printf (block, "%s\n", line);
              continue;
            }
          if (g_str_equal (fence, "lua"))
            {
              Step *step = g_new0 (Step, 1);
              g_autofree char *first = g_strndup (block->str, strcspn (block->str, "\n"));
              g_autoptr(GMatchInfo) match = NULL;
              g_autoptr(GRegex) name = g_regex_new ("^-- ([a-z0-9_-]+\\.lua):", 0, 0, NULL);

              if (!g_regex_match (name, first, 0, &match))
                g_error ("WORKSHOP.md, line %u: a Lua block must begin with “-- NAME.lua: …”", block_line);
              step->type = STEP_LUA;
              step->line = block_line;
              step->file = g_match_info_fetch (match, 1);
              step->text = g_strdup (block->str);
              g_ptr_array_add (steps, step);
            }
          g_clear_pointer (&fence, g_free);
          continue;
        }

      if (g_str_has_prefix (line, "```"))
        {
          fence = g_strdup (line + 3);
          block_line = i + 1;
          if (block == NULL)
            block = g_string_new (NULL);
          g_string_truncate (block, 0);
          continue;
        }
      if (g_str_has_prefix (line, "<!-- check: "))
        {
          g_autofree char *name = g_strdup (line + strlen ("<!-- check: "));
          char *end = strstr (name, " -->");

          g_assert_nonnull (end);
          *end = '\0';
          check = g_new0 (Step, 1);
          check->type = STEP_CHECK;
          check->line = i + 1;
          check->text = g_steal_pointer (&name);
          check->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
          g_ptr_array_add (steps, check);
          continue;
        }
      if (check != NULL && g_str_has_prefix (line, "|"))
        {
          /* The heading, the rule under it, the rows. */
          if (check->rows->len == 1 && g_str_has_prefix (line, "|---"))
            continue;
          g_ptr_array_add (check->rows, split_table_row (line));
          continue;
        }
      if (check != NULL && check->rows->len > 0)
        check = NULL;
    }
  g_assert_null (fence);
  return steps;
}

/* The answers, through the core */

/* What one command printed, or wrote to its --output file. */
typedef struct {
  guint     line;      /* in WORKSHOP.md */
  char     *command;
  char     *text;
  gboolean  is_csv;
} Printed;

static void
printed_free (gpointer data)
{
  Printed *printed = data;

  g_free (printed->command);
  g_free (printed->text);
  g_free (printed);
}

typedef struct {
  DemoRun    *run;
  GPtrArray  *printed;     /* of Printed: the commands since the last check */
} Workshop;

static JoineryDb *
open_workshop_db (Workshop *w)
{
  g_autoptr(GError) error = NULL;
  const char *path = g_environ_getenv (w->run->env, "JOINERY_DB");
  JoineryDb *db;

  if (path == NULL)
    g_error ("WORKSHOP.md checks an answer before it has said which database to use");
  db = joinery_db_open (path, JOINERY_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  return db;
}

static char **
row_of (const char *first, ...)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  const char *cell;
  va_list args;

  va_start (args, first);
  for (cell = first; cell != NULL; cell = va_arg (args, const char *))
    g_ptr_array_add (cells, g_strdup (cell));
  va_end (args);
  g_ptr_array_add (cells, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&cells), FALSE);
}

static GPtrArray *
list_records (JoineryDb *db, const char *kind, const char *sort, ...)
{
  g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup (kind));
  g_autoptr(GError) error = NULL;
  const char *filter;
  GPtrArray *records;
  va_list args;

  if (sort != NULL)
    {
      g_assert_true (joinery_query_set_sort (query, sort, FALSE, &error));
      g_assert_no_error (error);
    }
  va_start (args, sort);
  while ((filter = va_arg (args, const char *)) != NULL)
    {
      g_assert_true (joinery_query_parse_filter (query, filter, &error));
      g_assert_no_error (error);
    }
  va_end (args);
  records = joinery_db_list (db, joinery_kind_lookup (kind), query, &error);
  g_assert_no_error (error);
  return records;
}

static char *
format_int (gint64 n)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

static GPtrArray *
new_rows (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

static GPtrArray *
check_search (Workshop *w, JoineryDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = joinery_db_search (db, "Ashwoth", NULL, 20, "[", "]", &error);
  GPtrArray *rows = new_rows ();

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    {
      JoinerySearchHit *hit = hits->pdata[i];
      g_autofree char *id = format_int (hit->id);
      g_ptr_array_add (rows, row_of (hit->kind->label, id, hit->label, NULL));
    }
  return rows;
}

static GPtrArray *
check_corrected (Workshop *w, JoineryDb *db)
{
  g_autoptr(GPtrArray) people = list_records (db, "person", "name", "name~Ashw", NULL);
  GPtrArray *rows = new_rows ();

  for (guint i = 0; i < people->len; i++)
    {
      g_autofree char *id = format_int (joinery_record_get_id (people->pdata[i]));
      g_ptr_array_add (rows, row_of (id, joinery_record_get_text (people->pdata[i], "name"),
                                     joinery_record_get_text (people->pdata[i], "email"), NULL));
    }
  return rows;
}

#define MAY_EVENT "Learning and Innovation event, May 2017"

static GPtrArray *
check_may_event (Workshop *w, JoineryDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) event = NULL;
  GPtrArray *rows = new_rows ();
  gint64 id = 0;

  g_assert_true (joinery_db_find_by_label (db, joinery_kind_lookup ("event"), MAY_EVENT, &id, &error));
  g_assert_no_error (error);
  event = joinery_db_get (db, joinery_kind_lookup ("event"), id, &error);
  g_assert_no_error (error);
  g_ptr_array_add (rows, row_of (joinery_record_get_text (event, "name"),
                                 joinery_record_get_text (event, "starts_on"),
                                 joinery_record_get_text (event, "venue"), NULL));
  return rows;
}

static GPtrArray *
check_may_bookings (Workshop *w, JoineryDb *db)
{
  const JoineryField *status = joinery_kind_get_field (joinery_kind_lookup ("attendance"), "status");
  GPtrArray *rows = new_rows ();

  for (guint i = 0; status->choices[i] != NULL; i++)
    {
      g_autofree char *filter = g_strdup_printf ("status=%s", status->choices[i]);
      g_autoptr(GPtrArray) records = list_records (db, "attendance", NULL, "event=" MAY_EVENT, filter, NULL);
      g_autofree char *n = format_int (records->len);

      if (records->len > 0)
        g_ptr_array_add (rows, row_of (status->choices[i], n, NULL));
    }
  return rows;
}

static gint64
sum_integer (GPtrArray *records, const char *field)
{
  gint64 sum = 0;

  for (guint i = 0; i < records->len; i++)
    sum += joinery_record_get_integer (records->pdata[i], field);
  return sum;
}

static GPtrArray *
check_rounds (Workshop *w, JoineryDb *db)
{
  g_autoptr(GPtrArray) rounds = list_records (db, "round", "number",
                                              "fund=North Yorkshire Innovation Fund", NULL);
  GPtrArray *rows = new_rows ();
  gint64 n_total = 0, pence_total = 0;

  for (guint i = 0; i < rounds->len; i++)
    {
      g_autofree char *filter = g_strdup_printf ("round=%" G_GINT64_FORMAT,
                                                 joinery_record_get_id (rounds->pdata[i]));
      g_autoptr(GPtrArray) grants = list_records (db, "grant", NULL, filter, NULL);
      g_autofree char *n = format_int (grants->len);
      g_autofree char *money = joinery_format_money (sum_integer (grants, "amount_awarded"), TRUE);

      g_ptr_array_add (rows, row_of (joinery_record_get_text (rounds->pdata[i], "name"),
                                     joinery_record_get_text (rounds->pdata[i], "closes_on"), n, money, NULL));
      n_total += grants->len;
      pence_total += sum_integer (grants, "amount_awarded");
    }
  {
    g_autofree char *n = format_int (n_total);
    g_autofree char *money = joinery_format_money (pence_total, TRUE);
    g_ptr_array_add (rows, row_of ("Total", "", n, money, NULL));
  }
  return rows;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char **
row_of_sums (const char *theme, const char *round, GPtrArray *grants)
{
  g_autofree char *n = format_int (grants->len);
  g_autofree char *requested = joinery_format_money (sum_integer (grants, "amount_requested"), TRUE);
  g_autofree char *awarded = joinery_format_money (sum_integer (grants, "amount_awarded"), TRUE);

  return row_of (theme, round, n, requested, awarded, NULL);
}

static GPtrArray *
check_fund_summary (Workshop *w, JoineryDb *db)
{
  g_autoptr(GPtrArray) themes = list_records (db, "fund_theme", NULL, "fund=North Yorkshire Innovation Fund", NULL);
  g_autoptr(GPtrArray) rounds = list_records (db, "round", "number", "fund=North Yorkshire Innovation Fund", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *rows = new_rows ();

  /* Themes by name, then grants without one; rounds by number; empty
   * pairs left out; the total of all the fund's grants last. */
  for (guint t = 0; t < themes->len; t++)
    g_ptr_array_add (names, (gpointer) joinery_record_get_reference_label (themes->pdata[t], "theme"));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  for (guint t = 0; t < names->len; t++)
    for (guint r = 0; r < rounds->len; r++)
      {
        g_autofree char *theme = g_strdup_printf ("theme=%s", names->pdata[t] != NULL ? (char *) names->pdata[t] : "");
        g_autofree char *round = g_strdup_printf ("round=%" G_GINT64_FORMAT,
                                                  joinery_record_get_id (rounds->pdata[r]));
        g_autoptr(GPtrArray) grants = list_records (db, "grant", NULL, theme, round, NULL);

        if (grants->len > 0)
          g_ptr_array_add (rows, row_of_sums (names->pdata[t] != NULL ? names->pdata[t] : "No theme",
                                              joinery_record_get_text (rounds->pdata[r], "name"), grants));
        for (guint i = 0; i < grants->len; i++)
          g_ptr_array_add (all, g_object_ref (grants->pdata[i]));
      }
  g_ptr_array_add (rows, row_of_sums ("Total", "", all));
  return rows;
}

static void
assert_rows_equal (GPtrArray *a, GPtrArray *b, const char *what)
{
  if (a->len != b->len)
    g_error ("%s: %u rows, not %u", what, a->len, b->len);
  for (guint r = 0; r < a->len; r++)
    {
      g_autofree char *x = g_strjoinv (" | ", a->pdata[r]);
      g_autofree char *y = g_strjoinv (" | ", b->pdata[r]);
      if (!g_str_equal (x, y))
        g_error ("%s, row %u: “%s”, not “%s”", what, r + 1, x, y);
    }
}

static GPtrArray *
check_attendance (Workshop *w, JoineryDb *db)
{
  g_autoptr(GPtrArray) events = list_records (db, "event", "starts_on", NULL);
  GPtrArray *rows = new_rows ();

  for (guint i = 0; i < events->len; i++)
    {
      g_autofree char *filter = g_strdup_printf ("event=%" G_GINT64_FORMAT, joinery_record_get_id (events->pdata[i]));
      g_autoptr(GPtrArray) came = list_records (db, "attendance", NULL, filter, "status=attended", NULL);
      g_autofree char *n = format_int (came->len);

      if (came->len > 0)
        g_ptr_array_add (rows, row_of (joinery_record_get_text (events->pdata[i], "name"),
                                       joinery_record_get_text (events->pdata[i], "starts_on"), n, NULL));
    }
  return rows;
}

typedef GPtrArray *(*CheckFunc) (Workshop *w, JoineryDb *db);

static const struct {
  const char *name;
  CheckFunc   func;
  gboolean    printed;   /* the commands before it printed this table */
} checks[] = {
  { "ex1-search", check_search, FALSE },
  { "ex1-corrected", check_corrected, FALSE },
  { "ex2-event", check_may_event, FALSE },
  { "ex2-before", check_may_bookings, FALSE },
  { "ex2-after", check_may_bookings, FALSE },
  { "ex3-before", check_rounds, FALSE },
  { "ex3-after", check_rounds, FALSE },
  { "ex4-summary", check_fund_summary, TRUE },
  { "ex5-attendance", check_attendance, TRUE },
};

/* What the commands printed, read back */

/* Characters [start, start + width) of a line, stripped: the text format
 * measures its columns in characters, and "£" is two bytes. */
static char *
dup_columns (const char *line, glong start, glong width)
{
  glong length = g_utf8_strlen (line, -1);
  const char *from, *to;

  if (start >= length)
    return g_strdup ("");
  from = g_utf8_offset_to_pointer (line, start);
  to = start + width >= length ? line + strlen (line) : g_utf8_offset_to_pointer (line, start + width);
  return g_strstrip (g_strndup (from, (gsize) (to - from)));
}

static char **
split_text_row (const char *line, GArray *starts, GArray *widths)
{
  char **cells = g_new0 (char *, starts->len + 1);

  for (guint c = 0; c < starts->len; c++)
    cells[c] = dup_columns (line, g_array_index (starts, glong, c), g_array_index (widths, glong, c));
  return cells;
}

static gboolean
strv_equal (char **a, char **b)
{
  return g_strv_length (a) == g_strv_length (b) && g_strv_equal ((const char * const *) a, (const char * const *) b);
}

/* The rows of a table of the text format headed by `heading`: the heading,
 * a rule of dashes under each column, then the rows up to a blank line
 * (text to the left of its column, numbers to the right). NULL if the
 * text has no such table. */
static GPtrArray *
find_text_table (const char *text, char **heading)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      const char *rule = lines[i + 1];
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (glong));
      g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (glong));
      g_auto(GStrv) cells = NULL;
      GPtrArray *rows;

      if (rule[0] != '-' || strspn (rule, "- ") != strlen (rule))
        continue;
      for (const char *p = rule; *p != '\0';)
        {
          glong start = p - rule, width = (glong) strspn (p, "-");
          g_array_append_val (starts, start);
          g_array_append_val (widths, width);
          p += width;
          p += strspn (p, " ");
        }
      cells = split_text_row (lines[i], starts, widths);
      if (!strv_equal (cells, heading))
        continue;
      rows = new_rows ();
      for (guint r = i + 2; lines[r] != NULL && *lines[r] != '\0'; r++)
        g_ptr_array_add (rows, split_text_row (lines[r], starts, widths));
      return rows;
    }
  return NULL;
}

/* One line of CSV as its fields (RFC 4180; these tables have no line
 * breaks inside a field). */
static char **
split_csv_line (const char *line)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line;; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        g_string_append_c (field, *p++);
      else if (quoted && *p == '"')
        quoted = FALSE;
      else if (!quoted && *p == '"')
        quoted = TRUE;
      else if (*p == '\0' || (!quoted && *p == ','))
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (field, *p);
    }
  g_ptr_array_add (fields, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
}

/* The rows of the CSV table (tables are apart by a blank line; lines end
 * in CR LF) whose first line is `heading`; NULL if there is none. */
static GPtrArray *
find_csv_table (const char *text, char **heading)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize length = strlen (lines[i]);
      if (length > 0 && lines[i][length - 1] == '\r')
        lines[i][length - 1] = '\0';
    }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      GPtrArray *rows;

      if (i > 0 && *lines[i - 1] != '\0')
        continue;
      cells = split_csv_line (lines[i]);
      if (!strv_equal (cells, heading))
        continue;
      rows = new_rows ();
      for (guint r = i + 1; lines[r] != NULL && *lines[r] != '\0'; r++)
        g_ptr_array_add (rows, split_csv_line (lines[r]));
      return rows;
    }
  return NULL;
}

/* A cell of WORKSHOP.md as CSV writes it: money without the pound sign or
 * separators ("£1,234.50" → "1234.50"), whole numbers without separators. */
static char *
dup_csv_form (const char *cell)
{
  gint64 pence;

  if (g_str_has_prefix (cell, "£") && joinery_parse_money (cell, &pence, NULL))
    return joinery_format_money (pence, FALSE);
  if (*cell != '\0' && strspn (cell, "0123456789,") == strlen (cell))
    {
      g_auto(GStrv) groups = g_strsplit (cell, ",", -1);
      return g_strjoinv ("", groups);
    }
  return g_strdup (cell);
}

/* Every command since the check before printed (or wrote) this table. */
static void
check_printed (Workshop *w, Step *step, GPtrArray *expected)
{
  char **heading = step->rows->pdata[0];

  if (w->printed->len == 0)
    g_error ("WORKSHOP.md, line %u: no command before the answer “%s” printed it", step->line, step->text);
  for (guint i = 0; i < w->printed->len; i++)
    {
      Printed *printed = w->printed->pdata[i];
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GPtrArray) want = new_rows ();
      g_autofree char *what = NULL;
      g_autofree char *columns = g_strjoinv (" | ", heading);

      if (printed->is_csv)
        found = find_csv_table (printed->text, heading);
      else
        found = find_text_table (printed->text, heading);
      if (found == NULL)
        g_error ("WORKSHOP.md, line %u: “%s” gave no table headed “%s”:\n%s",
                 printed->line, printed->command, columns, printed->text);
      for (guint r = 0; r < expected->len; r++)
        {
          char **cells = g_strdupv (expected->pdata[r]);
          for (guint c = 0; printed->is_csv && cells[c] != NULL; c++)
            {
              char *csv = dup_csv_form (cells[c]);
              g_free (cells[c]);
              cells[c] = csv;
            }
          g_ptr_array_add (want, cells);
        }
      what = g_strdup_printf ("WORKSHOP.md, line %u, the answer “%s” against what “%s” %s", step->line,
                              step->text, printed->command, printed->is_csv ? "wrote" : "printed");
      assert_rows_equal (want, found, what);
    }
}

/* Doing the steps */

/* The command, and what a trailing "# refused: TEXT" expects. */
static char *
split_comment (const char *line, char **refused)
{
  char quote = '\0';

  *refused = NULL;
  for (const char *p = line; *p != '\0'; p++)
    {
      if (quote != '\0')
        {
          if (*p == quote)
            quote = '\0';
        }
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '#' && p > line && g_ascii_isspace (p[-1]))
        {
          const char *comment = p + 1;
          while (g_ascii_isspace (*comment))
            comment++;
          if (g_str_has_prefix (comment, "refused:"))
            *refused = g_strstrip (g_strdup (comment + strlen ("refused:")));
          return g_strstrip (g_strndup (line, (gsize) (p - line)));
        }
    }
  return g_strstrip (g_strdup (line));
}

/* The value of a command's --NAME VALUE or --NAME=VALUE, or NULL. */
static const char *
option_value (char **argv, const char *name)
{
  g_autofree char *flag = g_strdup_printf ("--%s", name);
  gsize length = strlen (flag);

  for (guint i = 1; argv[i] != NULL; i++)
    {
      if (g_str_equal (argv[i], flag) && argv[i + 1] != NULL)
        return argv[i + 1];
      if (g_str_has_prefix (argv[i], flag) && argv[i][length] == '=')
        return argv[i] + length + 1;
    }
  return NULL;
}

/* Keep what a command gave — printed, or written to its --output file —
 * for the check after it. */
static void
keep_printed (Workshop *w, Step *step, const char *command, char **argv, const char *out)
{
  g_autoptr(GError) error = NULL;
  const char *file = option_value (argv, "output");
  const char *format = option_value (argv, "format");
  Printed *printed = g_new0 (Printed, 1);

  printed->line = step->line;
  printed->command = g_strdup (command);
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "csv"))
    g_error ("WORKSHOP.md, line %u: this test reads text and CSV only: %s", step->line, command);
  printed->is_csv = format != NULL && g_str_equal (format, "csv");
  if (file != NULL)
    {
      g_autofree char *path = g_build_filename (w->run->dir, file, NULL);
      g_file_get_contents (path, &printed->text, NULL, &error);
      g_assert_no_error (error);
    }
  else
    printed->text = g_strdup (out);
  g_ptr_array_add (w->printed, printed);
}

static void
run_shell (Workshop *w, Step *step, guint *n_run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *command = split_comment (step->text, &refused);
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (g_str_has_prefix (command, "export "))
    {
      const char *assignment = command + strlen ("export ");
      const char *equals = strchr (assignment, '=');
      g_autofree char *name = NULL;
      g_auto(GStrv) value = NULL;
      g_autofree char *expanded = NULL;

      g_assert_nonnull (equals);
      name = g_strndup (assignment, (gsize) (equals - assignment));
      g_assert_true (g_shell_parse_argv (equals + 1, NULL, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (value), ==, 1);
      g_assert_true (g_str_has_prefix (value[0], "$PWD/"));
      expanded = g_build_filename (w->run->dir, value[0] + strlen ("$PWD/"), NULL);
      w->run->env = g_environ_setenv (w->run->env, name, expanded, TRUE);
      return;
    }

  if (!g_shell_parse_argv (command, NULL, &argv, &error))
    g_error ("WORKSHOP.md, line %u: cannot read the command: %s", step->line, error->message);
  if (!g_str_equal (argv[0], "joinery"))
    g_error ("WORKSHOP.md, line %u: only joinery commands can be checked: %s", step->line, command);
  status = demo_run_argv (w->run, (const char * const *) argv + 1, &out, &err);
  g_test_message ("WORKSHOP.md, line %u: %s → %d", step->line, command, status);
  if (refused != NULL)
    {
      if (status != 1 || strstr (err, refused) == NULL)
        g_error ("WORKSHOP.md, line %u: “%s” should be refused with “%s”; it exited %d: %s%s",
                 step->line, command, refused, status, out, err);
    }
  else if (status != 0)
    g_error ("WORKSHOP.md, line %u: “%s” failed (%d): %s%s", step->line, command, status, out, err);
  else
    keep_printed (w, step, command, argv, out);
  (*n_run)++;
}

static void
save_lua (Workshop *w, Step *step)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (w->run->dir, step->file, NULL);
  guint n_code = 0;
  g_auto(GStrv) lines = g_strsplit (step->text, "\n", -1);

  g_assert_true (g_file_set_contents (path, step->text, -1, &error));
  g_assert_no_error (error);

  /* A five-line report, as the exercise promises: its lines of code,
   * leaving out the comment. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0' && !g_str_has_prefix (lines[i], "--"))
      n_code++;
  g_assert_cmpuint (n_code, ==, 5);
}

static void
do_check (Workshop *w, Step *step, GHashTable *seen)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) actual = NULL;
  g_autofree char *what = NULL;
  CheckFunc func = NULL;
  gboolean printed = FALSE;
  guint n_columns;

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (g_str_equal (checks[i].name, step->text))
      {
        func = checks[i].func;
        printed = checks[i].printed;
      }
  if (func == NULL)
    g_error ("WORKSHOP.md, line %u: no check is called “%s”", step->line, step->text);
  if (g_hash_table_contains (seen, step->text))
    g_error ("WORKSHOP.md, line %u: the check “%s” comes twice", step->line, step->text);
  g_hash_table_add (seen, step->text);
  if (step->rows->len < 2)
    g_error ("WORKSHOP.md, line %u: the check “%s” has no table", step->line, step->text);

  n_columns = g_strv_length (step->rows->pdata[0]);
  expected = g_ptr_array_new ();
  for (guint r = 1; r < step->rows->len; r++)
    {
      if (g_strv_length (step->rows->pdata[r]) != n_columns)
        g_error ("WORKSHOP.md, line %u: row %u of “%s” has not %u cells", step->line, r, step->text, n_columns);
      g_ptr_array_add (expected, step->rows->pdata[r]);
    }

  db = open_workshop_db (w);
  actual = func (w, db);
  what = g_strdup_printf ("WORKSHOP.md, line %u, the answer “%s”", step->line, step->text);
  assert_rows_equal (expected, actual, what);
  if (printed)
    check_printed (w, step, expected);
  g_ptr_array_set_size (w->printed, 0);
}

static void
test_workshop (void)
{
  g_autoptr(GPtrArray) steps = read_workshop ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(DemoRun) run = demo_run_new ();
  g_autoptr(GPtrArray) printed = g_ptr_array_new_with_free_func (printed_free);
  Workshop w = { run, printed };
  guint n_run = 0, n_lua = 0;

  for (guint i = 0; i < steps->len; i++)
    {
      Step *step = steps->pdata[i];

      switch (step->type)
        {
        case STEP_SHELL:
          run_shell (&w, step, &n_run);
          break;
        case STEP_LUA:
          save_lua (&w, step);
          n_lua++;
          break;
        case STEP_CHECK:
          do_check (&w, step, seen);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* Every answer was checked, and the exercises were all there. */
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (!g_hash_table_contains (seen, checks[i].name))
      g_error ("WORKSHOP.md no longer has the check “%s”", checks[i].name);
  g_assert_cmpuint (n_lua, ==, 1);
  g_assert_cmpuint (n_run, ==, 20);
}

/* The document itself: five exercises, two hours. */
static void
test_outline (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  static const char * const headings[] = {
    "## Exercise 1: find and correct a record\n",
    "## Exercise 2: book two people onto the May 2017 event\n",
    "## Exercise 3: record a new grant in round 4 and watch the fund's totals\n",
    "## Exercise 4: run the fund summary and export it\n",
    "## Exercise 5: write a five-line Lua report\n",
  };
  const char *at;
  guint minutes = 0;

  g_file_get_contents (WORKSHOP_PATH, &text, NULL, &error);
  g_assert_no_error (error);
  at = text;
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      const char *found = strstr (at, headings[i]);
      if (found == NULL)
        g_error ("WORKSHOP.md has no “%s” after the exercise before it", headings[i]);
      g_assert_nonnull (strstr (found, "**Expected answer.**"));
      at = found;
    }

  /* The timetable adds up to two hours. */
  {
    g_autoptr(GRegex) regex = g_regex_new ("\\((\\d+) minutes\\) \\|$", G_REGEX_MULTILINE, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;

    g_regex_match (regex, text, 0, &match);
    while (g_match_info_matches (match))
      {
        g_autofree char *n = g_match_info_fetch (match, 1);
        minutes += (guint) atoi (n);
        g_match_info_next (match, NULL);
      }
  }
  g_assert_cmpuint (minutes, ==, 120);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/workshop/outline", test_outline);
  g_test_add_func ("/demo/workshop/exercises", test_workshop);

  return g_test_run ();
}
