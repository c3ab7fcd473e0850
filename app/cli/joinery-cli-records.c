/* joinery-cli-records.c: the commands on records — kinds, list, show, add,
 * set, delete and search.
 *
 * Each reads its arguments, checks their shape before touching the file
 * (so that a mistyped command line is a usage error, status 2, whatever
 * the state of the database), then leaves every judgement on values to the
 * core: the same validation as a form, the same messages naming the field.
 */
#include "joinery-cli-private.h"
#include "joinery-lua.h"

#include <string.h>

/* "1 person", "3 people", "2 project stages": words, not identifiers. */
static char *
dup_kind_noun (const JoineryKind *kind, gint64 n)
{
  return g_strdelimit (g_strdup (n == 1 ? kind->name : kind->plural), "_", ' ');
}

/* kinds */

static char *
dup_field_details (const JoineryField *f)
{
  g_autoptr(GString) details = g_string_new (NULL);

  if (f->type == JOINERY_FIELD_CHOICE && f->choices != NULL)
    {
      g_autofree char *choices = g_strjoinv (", ", (char **) f->choices);
      g_string_append (details, choices);
    }
  else if (f->type == JOINERY_FIELD_REFERENCE)
    g_string_append_printf (details, "%s (id or name)", f->ref_kind);
  else if (f->type == JOINERY_FIELD_LINK)
    g_string_append (details, "any record, as KIND:ID");
  else if (f->type == JOINERY_FIELD_INTEGER && f->min < f->max)
    g_string_append_printf (details, "%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, f->min, f->max);
  else if (f->type == JOINERY_FIELD_MONEY)
    g_string_append (details, "in pounds, as £1,250.50");
  else if (f->type == JOINERY_FIELD_DATE)
    g_string_append (details, "as 2024-05-19 or 19/05/2024");
  else if (f->type == JOINERY_FIELD_TIME)
    g_string_append (details, "as 09:30");
  else if (f->flags & JOINERY_FIELD_EMAIL)
    g_string_append (details, "an email address");
  else if (f->flags & JOINERY_FIELD_URL)
    g_string_append (details, "a web address (http or https)");
  else if (f->flags & JOINERY_FIELD_PHONE)
    g_string_append (details, "a telephone number");
  else if (f->flags & JOINERY_FIELD_CHARITY)
    g_string_append (details, "a charity number");
  else if (f->flags & JOINERY_FIELD_COMPANY)
    g_string_append (details, "a Companies House number");
  else if (f->flags & JOINERY_FIELD_ODS)
    g_string_append (details, "an NHS ODS code");

  if (f->default_value != NULL)
    g_string_append_printf (details, "%s(default %s)", details->len > 0 ? " " : "", f->default_value);
  return g_string_free (g_steal_pointer (&details), FALSE);
}

static void
add_field_json (JsonBuilder *builder, const JoineryField *f)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, f->name);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, f->label);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, joinery_field_type_to_string (f->type));
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, (f->flags & JOINERY_FIELD_REQUIRED) != 0);
  if (f->type == JOINERY_FIELD_CHOICE && f->choices != NULL)
    {
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint c = 0; f->choices[c] != NULL; c++)
        json_builder_add_string_value (builder, f->choices[c]);
      json_builder_end_array (builder);
    }
  if (f->type == JOINERY_FIELD_REFERENCE)
    {
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, f->ref_kind);
    }
  if (f->default_value != NULL)
    {
      json_builder_set_member_name (builder, "default");
      json_builder_add_string_value (builder, f->default_value);
    }
  json_builder_end_object (builder);
}

static int
print_all_kinds (JoineryCli *cli)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  if (cli->format == JOINERY_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint k = 0; kinds[k] != NULL; k++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, kinds[k]->name);
          json_builder_set_member_name (builder, "plural");
          json_builder_add_string_value (builder, kinds[k]->plural);
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, kinds[k]->label);
          json_builder_set_member_name (builder, "label_plural");
          json_builder_add_string_value (builder, kinds[k]->label_plural);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      joinery_cli_output_json (root);
    }
  else if (cli->format == JOINERY_CLI_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "name", "plural", "label", "label_plural" };

      joinery_cli_output_csv_row (out, header, G_N_ELEMENTS (header), NULL);
      for (guint k = 0; kinds[k] != NULL; k++)
        {
          const char *row[] = { kinds[k]->name, kinds[k]->plural, kinds[k]->label, kinds[k]->label_plural };
          joinery_cli_output_csv_row (out, row, G_N_ELEMENTS (row), NULL);
        }
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    {
      g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();

      joinery_cli_table_add_column (table, "Kind", FALSE);
      joinery_cli_table_add_column (table, "Plural", FALSE);
      joinery_cli_table_add_column (table, "Label", FALSE);
      for (guint k = 0; kinds[k] != NULL; k++)
        {
          char **cells = g_new0 (char *, 4);
          cells[0] = g_strdup (kinds[k]->name);
          cells[1] = g_strdup (kinds[k]->plural);
          cells[2] = g_strdup (kinds[k]->label);
          joinery_cli_table_add_row (table, cells);
        }
      joinery_cli_table_print (table, stdout);
      joinery_cli_output_puts (stdout, "\n“joinery kinds KIND” lists the fields of a kind.\n");
    }
  return JOINERY_CLI_EXIT_OK;
}

int
joinery_cli_records_kinds (JoineryCli *cli, char **args)
{
  const JoineryKind *kind;
  int status;

  if (args[0] == NULL)
    return print_all_kinds (cli);

  kind = joinery_cli_lookup_kind (cli, args[0], &status);
  if (kind == NULL)
    return status;

  if (cli->format == JOINERY_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, kind->name);
      json_builder_set_member_name (builder, "plural");
      json_builder_add_string_value (builder, kind->plural);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, kind->label);
      json_builder_set_member_name (builder, "label_plural");
      json_builder_add_string_value (builder, kind->label_plural);
      json_builder_set_member_name (builder, "fields");
      json_builder_begin_array (builder);
      for (guint i = 0; i < kind->n_fields; i++)
        add_field_json (builder, &kind->fields[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      joinery_cli_output_json (root);
    }
  else if (cli->format == JOINERY_CLI_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "name", "label", "type", "required", "details" };

      joinery_cli_output_csv_row (out, header, G_N_ELEMENTS (header), NULL);
      for (guint i = 0; i < kind->n_fields; i++)
        {
          const JoineryField *f = &kind->fields[i];
          g_autofree char *details = f->type == JOINERY_FIELD_CHOICE && f->choices != NULL
                                     ? g_strjoinv (" ", (char **) f->choices)
                                     : g_strdup (f->type == JOINERY_FIELD_REFERENCE ? f->ref_kind : "");
          const char *row[] = { f->name, f->label, joinery_field_type_to_string (f->type),
                                (f->flags & JOINERY_FIELD_REQUIRED) ? "yes" : "no", details };
          joinery_cli_output_csv_row (out, row, G_N_ELEMENTS (row), NULL);
        }
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    {
      g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();

      /* Every choice matters here: no cell is cut. */
      joinery_cli_table_set_cell_limit (table, 0);
      joinery_cli_table_add_column (table, "Field", FALSE);
      joinery_cli_table_add_column (table, "Label", FALSE);
      joinery_cli_table_add_column (table, "Type", FALSE);
      joinery_cli_table_add_column (table, "Required", FALSE);
      joinery_cli_table_add_column (table, "Values", FALSE);
      for (guint i = 0; i < kind->n_fields; i++)
        {
          const JoineryField *f = &kind->fields[i];
          char **cells = g_new0 (char *, 6);

          cells[0] = g_strdup (f->name);
          cells[1] = g_strdup (f->label);
          cells[2] = g_strdup (joinery_field_type_to_string (f->type));
          cells[3] = g_strdup ((f->flags & JOINERY_FIELD_REQUIRED) ? "yes" : "");
          cells[4] = dup_field_details (f);
          joinery_cli_table_add_row (table, cells);
        }
      joinery_cli_output_printf (stdout, "%s (%s)\n\n", kind->label, kind->plural);
      joinery_cli_table_print (table, stdout);
    }
  return JOINERY_CLI_EXIT_OK;
}

/* list */

/* A filter is FIELD, an operator, then the value: anything else is a
 * mistake in the command line rather than in the data. */
static gboolean
looks_like_filter (const char *text)
{
  const char *p = text;

  while (g_ascii_isalnum (*p) || *p == '_')
    p++;
  return p > text && *p != '\0' && strchr ("=<>!~", *p) != NULL;
}

int
joinery_cli_records_list (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryQuery) query = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *noun = NULL;
  const JoineryKind *kind;
  guint64 limit = 0, offset = 0;
  gint64 total = 0;
  gint64 left_out = 0;
  const char *opt_limit = joinery_cli_get_option (cli, "limit");
  const char *opt_offset = joinery_cli_get_option (cli, "offset");
  int status;

  for (guint i = 1; args[i] != NULL; i++)
    if (!looks_like_filter (args[i]))
      return joinery_cli_usage_error (cli, "“%s” is not a filter (write FIELD=VALUE, FIELD>=VALUE, "
                                      "FIELD~TEXT, or FIELD= for empty)", args[i]);
  if (opt_limit != NULL &&
      !joinery_cli_parse_number (cli, "limit", opt_limit, 0, G_MAXINT, &limit, &status))
    return status;
  if (opt_offset != NULL &&
      !joinery_cli_parse_number (cli, "offset", opt_offset, 0, G_MAXINT, &offset, &status))
    return status;
  kind = joinery_cli_lookup_kind (cli, args[0], &status);
  if (kind == NULL)
    return status;
  query = joinery_cli_build_query (cli, kind, args + 1, "list", &status);
  if (query == NULL)
    return status;

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;

  /* The total before paging, for the line under the table. */
  if (!joinery_db_count (db, kind, query, &total, &error))
    return joinery_cli_fail (cli, error, "cannot list %s", kind->plural);

  /* People as CSV or JSON are a contact list: those who have not consented
   * to contact are left out, as every export leaves them out, unless
   * asked for. (The table on screen lists everyone.) */
  if (g_str_equal (kind->name, "person") && cli->format != JOINERY_CLI_FORMAT_TEXT &&
      !joinery_cli_has_option (cli, "include-no-consent"))
    {
      gint64 all = total;

      if (!joinery_query_parse_filter (query, "consent_to_contact=yes", &error) ||
          !joinery_db_count (db, kind, query, &total, &error))
        return joinery_cli_fail (cli, error, "cannot list %s", kind->plural);
      left_out = all - total;
    }
  joinery_query_set_range (query, (guint) offset, (guint) limit);
  records = joinery_db_list (db, kind, query, &error);
  if (records == NULL)
    return joinery_cli_fail (cli, error, "cannot list %s", kind->plural);

  switch (cli->format)
    {
    case JOINERY_CLI_FORMAT_CSV:
      joinery_cli_output_records_csv (kind, records);
      break;
    case JOINERY_CLI_FORMAT_JSON:
      joinery_cli_output_records_json (records);
      break;
    case JOINERY_CLI_FORMAT_TEXT:
    default:
      if (records->len > 0)
        {
          joinery_cli_output_records_table (kind, records);
          joinery_cli_output_puts (stdout, "\n");
        }
      noun = dup_kind_noun (kind, total);
      joinery_cli_output_printf (stdout, "%" G_GINT64_FORMAT " %s", total, noun);
      if ((gint64) records->len < total && records->len > 0)
        joinery_cli_output_printf (stdout, ", %" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT " shown",
                                   offset + 1, offset + records->len);
      else if ((gint64) records->len < total)
        joinery_cli_output_puts (stdout, ", none shown");
      joinery_cli_output_puts (stdout, "\n");
      break;
    }
  if (left_out > 0)
    joinery_cli_output_printf (stderr, "Left out %" G_GINT64_FORMAT " %s who %s not consented to contact "
                                       "(--include-no-consent adds them).\n", left_out,
                               left_out == 1 ? "person" : "people", left_out == 1 ? "has" : "have");
  return JOINERY_CLI_EXIT_OK;
}

/* show */

static void
print_field (const char *label, guint width, const char *value)
{
  g_autofree char *valid = NULL;
  g_auto(GStrv) lines = NULL;

  if (value == NULL || *value == '\0')
    {
      joinery_cli_output_printf (stdout, "%s:\n", label);
      return;
    }
  /* Paragraphs of long text keep their lines, each under the value column. */
  valid = g_utf8_make_valid (value, -1);
  lines = g_strsplit (valid, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = joinery_cli_output_clean (lines[i], 0);
      guint pad = width + 2 - (i == 0 ? (guint) g_utf8_strlen (label, -1) + 1 : 0);

      if (i == 0)
        joinery_cli_output_printf (stdout, "%s:", label);
      if (*line == '\0')
        joinery_cli_output_puts (stdout, "\n");
      else
        joinery_cli_output_printf (stdout, "%*s%s\n", (int) pad, "", line);
    }
}

static char *
dup_shown_value (JoineryRecord *record, const JoineryField *f)
{
  g_autofree char *value = joinery_record_format_value (record, f->name);

  if (value == NULL)
    return NULL;
  /* The id beside the name, for the next `joinery show`. */
  if (f->type == JOINERY_FIELD_REFERENCE)
    return g_strdup_printf ("%s (%s #%" G_GINT64_FORMAT ")", value, f->ref_kind,
                            joinery_record_get_integer (record, f->name));
  if (f->type == JOINERY_FIELD_LINK)
    return g_strdup_printf ("%s (%s #%" G_GINT64_FORMAT ")", value,
                            joinery_record_get_link_kind (record, f->name),
                            joinery_record_get_integer (record, f->name));
  return g_steal_pointer (&value);
}

static void
print_record_text (JoineryRecord *record, GPtrArray *related)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  g_autofree char *label = joinery_cli_output_clean (joinery_record_get_label (record), 0);
  guint width = (guint) strlen ("Changed");

  joinery_cli_output_printf (stdout, "%s #%" G_GINT64_FORMAT " “%s”\n\n", kind->label,
                             joinery_record_get_id (record), label);
  for (guint i = 0; i < kind->n_fields; i++)
    width = MAX (width, (guint) g_utf8_strlen (kind->fields[i].label, -1));
  for (guint i = 0; i < kind->n_fields; i++)
    {
      g_autofree char *value = dup_shown_value (record, &kind->fields[i]);
      print_field (kind->fields[i].label, width, value);
    }
  joinery_cli_output_puts (stdout, "\n");
  print_field ("Added", width, joinery_record_get_created_at (record));
  print_field ("Changed", width, joinery_record_get_updated_at (record));

  for (guint g = 0; g < related->len; g++)
    {
      JoineryRelation *relation = related->pdata[g];

      joinery_cli_output_printf (stdout, "\n%s (%" G_GINT64_FORMAT ")\n", relation->title, relation->total);
      for (guint r = 0; r < relation->records->len; r++)
        {
          JoineryRecord *other = relation->records->pdata[r];
          g_autofree char *other_label = joinery_cli_output_clean (joinery_record_get_label (other), 72);
          joinery_cli_output_printf (stdout, "  %s #%" G_GINT64_FORMAT "  %s\n", relation->kind->name,
                                     joinery_record_get_id (other), other_label);
        }
      if (relation->total > (gint64) relation->records->len)
        joinery_cli_output_printf (stdout, "  … and %" G_GINT64_FORMAT " more (joinery list %s %s=%" G_GINT64_FORMAT ")\n",
                                   relation->total - (gint64) relation->records->len,
                                   relation->kind->plural, relation->field, joinery_record_get_id (record));
    }
}

static void
print_record_json (JoineryRecord *record, GPtrArray *related)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  joinery_cli_output_record_members (builder, record);
  json_builder_set_member_name (builder, "related");
  json_builder_begin_array (builder);
  for (guint g = 0; g < related->len; g++)
    {
      JoineryRelation *relation = related->pdata[g];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, relation->title);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, relation->kind->name);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, relation->field);
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, relation->total);
      json_builder_set_member_name (builder, "records");
      json_builder_begin_array (builder);
      for (guint r = 0; r < relation->records->len; r++)
        joinery_cli_output_record_json (builder, relation->records->pdata[r]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  joinery_cli_output_json (root);
}

int
joinery_cli_records_show (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryRecord) record = NULL;
  g_autoptr(GPtrArray) related = NULL;
  g_autoptr(GError) error = NULL;
  const JoineryKind *kind;
  gint64 id;
  int status;

  kind = joinery_cli_lookup_kind (cli, args[0], &status);
  if (kind == NULL || !joinery_cli_parse_id (cli, kind, args[1], &id, &status))
    return status;
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;

  record = joinery_db_get (db, kind, id, &error);
  if (record == NULL)
    return joinery_cli_fail (cli, error, "cannot show %s #%" G_GINT64_FORMAT, kind->name, id);

  switch (cli->format)
    {
    case JOINERY_CLI_FORMAT_CSV:
      joinery_cli_output_record (cli, record, NULL);
      break;
    case JOINERY_CLI_FORMAT_JSON:
    case JOINERY_CLI_FORMAT_TEXT:
    default:
      related = joinery_db_related (db, kind, id, 20, &error);
      if (related == NULL)
        return joinery_cli_fail (cli, error, "cannot show the records related to %s #%" G_GINT64_FORMAT,
                                 kind->name, id);
      if (cli->format == JOINERY_CLI_FORMAT_JSON)
        print_record_json (record, related);
      else
        print_record_text (record, related);
      break;
    }
  return JOINERY_CLI_EXIT_OK;
}

/* add, set */

typedef struct {
  char *field;
  char *value;
} Assignment;

static void
assignment_free (gpointer data)
{
  Assignment *assignment = data;
  g_free (assignment->field);
  g_free (assignment->value);
  g_free (assignment);
}

/* FIELD=VALUE arguments: a missing "=" or field name is bad usage; a field
 * given twice is bad input (which value was meant?). */
static GPtrArray *
parse_assignments (JoineryCli *cli, const JoineryKind *kind, char **args, const char *what,
                   int *status)
{
  g_autoptr(GPtrArray) assignments = g_ptr_array_new_with_free_func (assignment_free);

  for (guint i = 0; args[i] != NULL; i++)
    {
      const char *equals = strchr (args[i], '=');
      Assignment *assignment;

      if (equals == NULL)
        {
          *status = joinery_cli_usage_error (cli, "“%s” is not FIELD=VALUE (as in name=\"Leeds City Council\")",
                                             args[i]);
          return NULL;
        }
      if (equals == args[i])
        {
          *status = joinery_cli_usage_error (cli, "“%s” has no field name before “=”", args[i]);
          return NULL;
        }
      assignment = g_new0 (Assignment, 1);
      assignment->field = g_strndup (args[i], (gsize) (equals - args[i]));
      assignment->value = g_strdup (equals + 1);
      for (guint j = 0; j < assignments->len; j++)
        if (g_str_equal (((Assignment *) assignments->pdata[j])->field, assignment->field))
          {
            g_autoptr(GError) error = NULL;
            joinery_set_validation_error (&error, kind->name, assignment->field,
                                          JOINERY_VALIDATION_ERROR_INVALID,
                                          "is given more than once");
            assignment_free (assignment);
            *status = joinery_cli_fail (cli, error, "%s", what);
            return NULL;
          }
      g_ptr_array_add (assignments, assignment);
    }
  *status = JOINERY_CLI_EXIT_OK;
  return g_steal_pointer (&assignments);
}

static gboolean
apply_assignments (JoineryDb *db, JoineryRecord *record, GPtrArray *assignments, GError **error)
{
  for (guint i = 0; i < assignments->len; i++)
    {
      Assignment *assignment = assignments->pdata[i];
      if (!joinery_db_set_from_string (db, record, assignment->field, assignment->value, error))
        return FALSE;
    }
  return TRUE;
}

int
joinery_cli_records_add (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryWorkflowHost) host = NULL;
  g_autoptr(JoineryRecord) record = NULL;
  g_autoptr(JoineryRecord) added = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  const JoineryKind *kind;
  int status;

  kind = joinery_cli_lookup_kind (cli, args[0], &status);
  if (kind == NULL)
    return status;
  what = g_strdup_printf ("cannot add %s", kind->name);
  assignments = parse_assignments (cli, kind, args + 1, what, &status);
  if (assignments == NULL)
    return status;
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  host = joinery_cli_watch_workflows (cli, db);

  record = joinery_record_new (kind);
  if (!apply_assignments (db, record, assignments, &error) ||
      !joinery_db_create (db, record, &error))
    return joinery_cli_fail (cli, error, "%s", what);

  /* Read back: the label and timestamps are the database's. */
  added = joinery_db_get (db, kind, joinery_record_get_id (record), &error);
  if (added == NULL)
    return joinery_cli_fail (cli, error, "cannot read the new %s back", kind->name);
  joinery_cli_output_record (cli, added, "Added");
  return JOINERY_CLI_EXIT_OK;
}

int
joinery_cli_records_set (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryWorkflowHost) host = NULL;
  g_autoptr(JoineryRecord) record = NULL;
  g_autoptr(JoineryRecord) before = NULL;
  g_autoptr(JoineryRecord) after = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  const JoineryKind *kind;
  gboolean changed = FALSE;
  gint64 id;
  int status;

  kind = joinery_cli_lookup_kind (cli, args[0], &status);
  if (kind == NULL || !joinery_cli_parse_id (cli, kind, args[1], &id, &status))
    return status;
  what = g_strdup_printf ("cannot change %s #%" G_GINT64_FORMAT, kind->name, id);
  assignments = parse_assignments (cli, kind, args + 2, what, &status);
  if (assignments == NULL)
    return status;
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  host = joinery_cli_watch_workflows (cli, db);

  before = joinery_db_get (db, kind, id, &error);
  if (before == NULL)
    return joinery_cli_fail (cli, error, "%s", what);
  record = joinery_record_copy (before);
  if (!apply_assignments (db, record, assignments, &error))
    return joinery_cli_fail (cli, error, "%s", what);
  for (guint i = 0; i < kind->n_fields && !changed; i++)
    changed = !joinery_record_value_equal (record, before, kind->fields[i].name);

  if (changed && !joinery_db_update (db, record, &error))
    return joinery_cli_fail (cli, error, "%s", what);

  after = joinery_db_get (db, kind, id, &error);
  if (after == NULL)
    return joinery_cli_fail (cli, error, "cannot read %s #%" G_GINT64_FORMAT " back", kind->name, id);
  if (!changed && cli->format == JOINERY_CLI_FORMAT_TEXT)
    {
      g_autofree char *label = joinery_cli_output_clean (joinery_record_get_label (after), 0);
      joinery_cli_output_printf (stdout, "No change to %s #%" G_GINT64_FORMAT " “%s”\n", kind->name,
                                 id, label);
    }
  else
    joinery_cli_output_record (cli, after, "Changed");
  return JOINERY_CLI_EXIT_OK;
}

/* delete */

int
joinery_cli_records_delete (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryWorkflowHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *shown = NULL;
  const JoineryKind *kind;
  gint64 id;
  int status;

  kind = joinery_cli_lookup_kind (cli, args[0], &status);
  if (kind == NULL || !joinery_cli_parse_id (cli, kind, args[1], &id, &status))
    return status;
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  host = joinery_cli_watch_workflows (cli, db);

  label = joinery_db_dup_label (db, kind, id);
  if (!joinery_db_delete (db, kind, id, &error))
    return joinery_cli_fail (cli, error, "cannot delete %s #%" G_GINT64_FORMAT, kind->name, id);
  shown = joinery_cli_output_clean (label, 0);
  joinery_cli_output_printf (stdout, "Deleted %s #%" G_GINT64_FORMAT " “%s”\n", kind->name, id, shown);
  return JOINERY_CLI_EXIT_OK;
}

/* search */

/* The core marks the match with these private-use characters, which no
 * record holds and which survive the cleaning of control characters; the
 * real markers (possibly escape sequences) replace them last. */
#define MARK_START "\xee\x80\x80" /* U+E000 */
#define MARK_END   "\xee\x80\x81" /* U+E001 */

static char *
dup_marked_snippet (const char *snippet, const char *mark_start, const char *mark_end)
{
  g_autofree char *clean = joinery_cli_output_clean (snippet, 0);
  g_auto(GStrv) starts = g_strsplit (clean, MARK_START, -1);
  g_autofree char *started = g_strjoinv (mark_start, starts);
  g_auto(GStrv) ends = g_strsplit (started, MARK_END, -1);

  return g_strjoinv (mark_end, ends);
}

static void
print_hits_text (GPtrArray *hits, const char *text, guint64 limit, const char *mark_start,
                 const char *mark_end)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint width = 0;

  if (hits->len == 0)
    {
      g_autofree char *shown = joinery_cli_output_clean (text, 0);
      joinery_cli_output_printf (stdout, "Nothing matches “%s”.\n", shown);
      return;
    }
  for (guint i = 0; i < hits->len; i++)
    {
      JoinerySearchHit *hit = hits->pdata[i];
      char *name = g_strdup_printf ("%s #%" G_GINT64_FORMAT, hit->kind->name, hit->id);
      width = MAX (width, (guint) strlen (name));
      g_ptr_array_add (names, name);
    }
  for (guint i = 0; i < hits->len; i++)
    {
      JoinerySearchHit *hit = hits->pdata[i];
      g_autofree char *label = joinery_cli_output_clean (hit->label != NULL ? hit->label : "?", 60);
      g_autofree char *snippet = dup_marked_snippet (hit->snippet, mark_start, mark_end);

      joinery_cli_output_printf (stdout, "%-*s  %s — %s\n", (int) width, (char *) names->pdata[i],
                                 label, snippet);
    }
  if (limit > 0 && hits->len == limit)
    joinery_cli_output_printf (stdout, "\nThe best %u shown; --limit N shows more.\n", hits->len);
}

int
joinery_cli_records_search (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strjoinv (" ", args);
  const JoineryKind *only_kind = NULL;
  const char *mark_start = "[";
  const char *mark_end = "]";
  guint64 limit = 20;
  const char *opt_limit = joinery_cli_get_option (cli, "limit");
  const char *opt_kind = joinery_cli_get_option (cli, "kind");
  int status;

  if (opt_limit != NULL &&
      !joinery_cli_parse_number (cli, "limit", opt_limit, 0, G_MAXINT, &limit, &status))
    return status;
  if (opt_kind != NULL && (only_kind = joinery_cli_lookup_kind (cli, opt_kind, &status)) == NULL)
    return status;
  if (!g_utf8_validate (text, -1, NULL))
    return joinery_cli_fail_message (cli, "cannot search: the text is not valid UTF-8");

  /* Bold on a terminal that shows it; on a plain one, guillemets; for a
   * pipe or a file, brackets that any program can read. */
  if (cli->format == JOINERY_CLI_FORMAT_TEXT && joinery_cli_stdout_is_tty ())
    {
      if (g_getenv ("NO_COLOR") != NULL || g_strcmp0 (g_getenv ("TERM"), "dumb") == 0)
        mark_start = "«", mark_end = "»";
      else
        mark_start = "\033[1m", mark_end = "\033[0m";
    }

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  hits = joinery_db_search (db, text, only_kind, (guint) limit, MARK_START, MARK_END, &error);
  if (hits == NULL)
    return joinery_cli_fail (cli, error, "cannot search");

  switch (cli->format)
    {
    case JOINERY_CLI_FORMAT_CSV:
      {
        g_autoptr(GString) out = g_string_new (NULL);
        const char *header[] = { "kind", "id", "label", "snippet", "rank" };
        const gboolean is_text[] = { FALSE, FALSE, TRUE, TRUE, FALSE };

        joinery_cli_output_csv_row (out, header, G_N_ELEMENTS (header), NULL);
        for (guint i = 0; i < hits->len; i++)
          {
            JoinerySearchHit *hit = hits->pdata[i];
            g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, hit->id);
            g_autofree char *snippet = dup_marked_snippet (hit->snippet, mark_start, mark_end);
            char rank[G_ASCII_DTOSTR_BUF_SIZE];
            const char *row[] = { hit->kind->name, id, hit->label, snippet,
                                  g_ascii_dtostr (rank, sizeof rank, hit->rank) };
            joinery_cli_output_csv_row (out, row, G_N_ELEMENTS (row), is_text);
          }
        fwrite (out->str, 1, out->len, stdout);
      }
      break;
    case JOINERY_CLI_FORMAT_JSON:
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_array (builder);
        for (guint i = 0; i < hits->len; i++)
          {
            JoinerySearchHit *hit = hits->pdata[i];
            g_autofree char *snippet = dup_marked_snippet (hit->snippet, mark_start, mark_end);

            json_builder_begin_object (builder);
            json_builder_set_member_name (builder, "kind");
            json_builder_add_string_value (builder, hit->kind->name);
            json_builder_set_member_name (builder, "id");
            json_builder_add_int_value (builder, hit->id);
            json_builder_set_member_name (builder, "label");
            if (hit->label != NULL)
              json_builder_add_string_value (builder, hit->label);
            else
              json_builder_add_null_value (builder);
            json_builder_set_member_name (builder, "snippet");
            json_builder_add_string_value (builder, snippet);
            json_builder_set_member_name (builder, "rank");
            json_builder_add_double_value (builder, hit->rank);
            json_builder_end_object (builder);
          }
        json_builder_end_array (builder);
        root = json_builder_get_root (builder);
        joinery_cli_output_json (root);
      }
      break;
    case JOINERY_CLI_FORMAT_TEXT:
    default:
      print_hits_text (hits, text, limit, mark_start, mark_end);
      break;
    }
  return JOINERY_CLI_EXIT_OK;
}

/* The commands */

static const JoineryCliOption list_options[] = {
  { "sort", "[-]FIELD", "Order by FIELD; a leading - for descending order" },
  { "limit", "N", "Show at most N records" },
  { "offset", "N", "Skip the first N records" },
  { "search", "TEXT", "Only records that match TEXT in a full-text search" },
  { "include-no-consent", NULL, "People as CSV or JSON: also those who have not consented to contact" },
  { NULL }
};

static const JoineryCliOption search_options[] = {
  { "kind", "KIND", "Search only records of KIND" },
  { "limit", "N", "Show at most N hits (default 20; 0 for all)" },
  { NULL }
};

const JoineryCliCommand joinery_cli_records_commands[] = {
  { "kinds", "kinds [KIND]", "List the kinds of record, or the fields of one kind",
    "Without KIND, lists every kind of record with its plural and label. With\n"
    "KIND, lists its fields: name, type, whether required, and the choices or\n"
    "the kind of record a reference points to.\n"
    "\n"
    "Examples:\n"
    "  joinery kinds\n"
    "  joinery kinds grant",
    NULL, 0, 1, FALSE, joinery_cli_records_kinds },
  { "list", "list KIND [FILTER…]", "List records of one kind, filtered and sorted",
    "KIND is singular or plural (person, people). Each FILTER is FIELD, an\n"
    "operator and a value typed as in a form:\n"
    "  =  equal (FIELD= alone: empty)     !=  not equal (FIELD!= alone: set)\n"
    "  <  <=  >  >=  compare numbers, money, dates\n"
    "  ~  contains, ignoring case\n"
    "References are compared by id or by exact name. All filters must match.\n"
    "People listed as CSV or JSON leave out those who have not consented to\n"
    "contact, as exports do, unless --include-no-consent is given.\n"
    "\n"
    "Examples:\n"
    "  joinery list grants status=awarded amount_awarded>=1000 --sort -amount_awarded\n"
    "  joinery list organisations name~leeds --limit 10\n"
    "  joinery list grants applicant=\"Leeds City Council\" project=\n"
    "  joinery --format csv list people > people.csv",
    list_options, 1, JOINERY_CLI_MANY, TRUE, joinery_cli_records_list },
  { "show", "show KIND ID", "Show a record and the records related to it",
    "Shows every field of the record, then the records that refer to it, up to\n"
    "20 of each group.\n"
    "\n"
    "Example:\n"
    "  joinery show organisation 12",
    NULL, 2, 2, TRUE, joinery_cli_records_show },
  { "add", "add KIND FIELD=VALUE…", "Add a record",
    "Values are typed as in a form: money in pounds (£1,250.50), dates as\n"
    "2024-05-19 or 19/05/2024, yes/no, a choice's value, a reference as an id or\n"
    "the exact name of the record, a link as KIND:ID. “joinery kinds KIND” lists\n"
    "the fields.\n"
    "\n"
    "Examples:\n"
    "  joinery add organisation name=\"Leeds City Council\" kind=council\n"
    "  joinery add person name=\"Matilda Ashbury\" organisation=\"Leeds City Council\"",
    NULL, 2, JOINERY_CLI_MANY, TRUE, joinery_cli_records_add },
  { "set", "set KIND ID FIELD=VALUE…", "Change fields of a record",
    "Only the fields given change; an empty value (FIELD=) clears a field.\n"
    "\n"
    "Example:\n"
    "  joinery set grant 7 status=awarded amount_awarded=12000 awarded_on=2024-03-01",
    NULL, 3, JOINERY_CLI_MANY, TRUE, joinery_cli_records_set },
  { "delete", "delete KIND ID", "Delete a record",
    "A record that others still refer to is not deleted: the message says which\n"
    "records refer to it. Its notes, tags and stage history go with it.\n"
    "“joinery undo” brings it back.",
    NULL, 2, 2, TRUE, joinery_cli_records_delete },
  { "search", "search TEXT…", "Search every kind of record",
    "Each word matches the start of a word; all words must match. Hits come best\n"
    "first, the match marked in the snippet.\n"
    "\n"
    "Example:\n"
    "  joinery search frailty leeds --kind project",
    search_options, 1, JOINERY_CLI_MANY, TRUE, joinery_cli_records_search },
  { NULL }
};
