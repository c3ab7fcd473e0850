/* joinery-cli-person.c: `joinery person export|erase ID` and `joinery
 * audit`, a person's data as UK GDPR asks it to be handled.
 *
 * The export is written readable only by its owner: it is everything held
 * about someone. The erasure asks before it acts unless --yes is given,
 * and prints the records whose text mentions the person, which it leaves
 * for a person to review. Neither reaches past the core's public API.
 */
#include "config.h"

#include "joinery-cli-private.h"
#include "joinery-person-data.h"
#include "joinery-value.h"

#include <string.h>
#include <glib/gstdio.h>

/* The export, pretty-printed through json-glib. */
static char *
pretty_json (const char *json, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

static int
run_export (JoineryCli *cli, JoineryDb *db, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *pretty = NULL;
  const char *output = joinery_cli_get_option (cli, "output");

  if (output != NULL && *output == '\0')
    return joinery_cli_usage_error (cli, "--output needs a file name");
  json = joinery_person_data_export (db, id, &error);
  if (json == NULL)
    return joinery_cli_fail (cli, error, "cannot export person #%" G_GINT64_FORMAT, id);
  pretty = pretty_json (json, &error);
  if (pretty == NULL)
    return joinery_cli_fail (cli, error, "cannot export person #%" G_GINT64_FORMAT, id);

  if (output == NULL)
    {
      joinery_cli_output_printf (stdout, "%s\n", pretty);
      return JOINERY_CLI_EXIT_OK;
    }
  /* Written whole under a temporary name, and for its owner's eyes only. */
  if (!g_file_set_contents_full (output, pretty, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    return joinery_cli_fail (cli, error, "cannot write the export");
  joinery_cli_output_printf (stdout, "Wrote everything held about person #%" G_GINT64_FORMAT " to %s\n",
                             id, output);
  return JOINERY_CLI_EXIT_OK;
}

static int
run_erase (JoineryCli *cli, JoineryDb *db, gint64 id)
{
  g_autoptr(JoineryErasure) erasure = NULL;
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  person = joinery_db_get (db, joinery_kind_lookup ("person"), id, &error);
  if (person == NULL)
    return joinery_cli_fail (cli, error, "cannot erase person #%" G_GINT64_FORMAT, id);
  label = joinery_cli_output_clean (joinery_record_get_label (person), 80);
  if (!joinery_cli_has_option (cli, "yes") &&
      !joinery_cli_confirm ("Erase person #%" G_GINT64_FORMAT " “%s”? Their name, email, phone and other\n"
                            "personal details, their notes and tags, and every copy of these in the\n"
                            "history will be removed for good: this cannot be undone. Type “yes” to erase: ",
                            id, label))
    return joinery_cli_fail_message (cli, "person #%" G_GINT64_FORMAT " was not erased", id);

  erasure = joinery_person_data_erase_full (db, id,
                                            joinery_cli_has_option (cli, "blank-mentions")
                                              ? JOINERY_ERASE_BLANK_MENTIONS : JOINERY_ERASE_DEFAULT,
                                            &error);
  if (erasure == NULL)
    return joinery_cli_fail (cli, error, "cannot erase person #%" G_GINT64_FORMAT, id);

  joinery_cli_output_printf (stdout, "Erased person #%" G_GINT64_FORMAT ": now “%s”; %u linked record%s kept "
                             "anonymously, %u note%s and tag%s removed.\n",
                             id, erasure->placeholder, erasure->kept, erasure->kept == 1 ? "" : "s",
                             erasure->removed, erasure->removed == 1 ? "" : "s",
                             erasure->removed == 1 ? "" : "s");
  if (!erasure->file_cleared)
    joinery_cli_output_printf (stderr, "joinery: the database is open elsewhere, so old copies may remain in its "
                                       "log until it is closed there and erased again\n");
  if (erasure->mentions->len == 0)
    {
      joinery_cli_output_printf (stdout, "No other record mentions them.\n");
      return JOINERY_CLI_EXIT_OK;
    }
  if (erasure->blanked)
    joinery_cli_output_printf (stdout, "%u record%s mentioned them; the mention%s now read%s “[erased]”:\n",
                               erasure->mentions->len, erasure->mentions->len == 1 ? "" : "s",
                               erasure->mentions->len == 1 ? "" : "s", erasure->mentions->len == 1 ? "s" : "");
  else
    joinery_cli_output_printf (stdout, "%u record%s still mention%s them, left as %s for you to review "
                                       "(--blank-mentions blanks them):\n",
                               erasure->mentions->len, erasure->mentions->len == 1 ? "" : "s",
                               erasure->mentions->len == 1 ? "s" : "",
                               erasure->mentions->len == 1 ? "it was" : "they were");
  for (guint i = 0; i < erasure->mentions->len; i++)
    {
      JoineryMention *mention = erasure->mentions->pdata[i];
      g_autofree char *shown_label = joinery_cli_output_clean (mention->label != NULL ? mention->label : "", 60);
      g_autofree char *excerpt = joinery_cli_output_clean (mention->excerpt, 160);

      joinery_cli_output_printf (stdout, "  %s #%" G_GINT64_FORMAT " “%s”, %s: %s\n", mention->kind->name,
                                 mention->id, shown_label, mention->field, excerpt);
    }
  return JOINERY_CLI_EXIT_OK;
}

static int
run_person (JoineryCli *cli, char **args)
{
  const JoineryKind *kind = joinery_kind_lookup ("person");
  g_autoptr(JoineryDb) db = NULL;
  gboolean erase;
  gint64 id;
  int status = JOINERY_CLI_EXIT_OK;

  if (!g_str_equal (args[0], "export") && !g_str_equal (args[0], "erase"))
    return joinery_cli_usage_error (cli, "unknown person command “%s” (use “person export ID” or "
                                         "“person erase ID”)", args[0]);
  erase = g_str_equal (args[0], "erase");
  if (erase && joinery_cli_get_option (cli, "output") != NULL)
    return joinery_cli_usage_error (cli, "--output is for “person export”");
  if (!erase && joinery_cli_has_option (cli, "yes"))
    return joinery_cli_usage_error (cli, "--yes is for “person erase”");
  if (!erase && joinery_cli_has_option (cli, "blank-mentions"))
    return joinery_cli_usage_error (cli, "--blank-mentions is for “person erase”");
  if (!joinery_cli_parse_id (cli, kind, args[1], &id, &status))
    return status;
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  return erase ? run_erase (cli, db, id) : run_export (cli, db, id);
}

/* The audit trail */

void
joinery_cli_person_record_export (JoineryCli *cli, const JoineryKind *kind, guint64 rows,
                                  const char *format)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;

  /* The export read the file read-only: the note needs a writer. */
  db = joinery_db_open (cli->db_path, JOINERY_DB_OPEN_DEFAULT, &error);
  if (db != NULL)
    {
      joinery_db_set_source (db, "cli");
      joinery_db_audit_export (db, kind, 0, kind->plural, rows, format, &error);
    }
  if (error != NULL)
    joinery_cli_output_printf (stderr, "joinery: the export could not be recorded in the audit trail: %s\n",
                               error->message);
}

static void
audit_entry_json (JsonBuilder *builder, JoineryAuditEntry *entry)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, entry->id);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, entry->at);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, entry->kind);
  json_builder_set_member_name (builder, "record_id");
  json_builder_add_int_value (builder, entry->record_id);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, entry->action);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, entry->source);
  if (entry->note != NULL)
    {
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, entry->file != NULL ? entry->file : "");
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, entry->note);
    }
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entry->fields->len; i++)
    {
      JoineryAuditField *field = entry->fields->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field->field);
      json_builder_set_member_name (builder, "before");
      if (field->before != NULL)
        json_builder_add_string_value (builder, field->before);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "after");
      if (field->after != NULL)
        json_builder_add_string_value (builder, field->after);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_audit_entry (JoineryAuditEntry *entry)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "%s  %-12s %-7s %s", entry->at, entry->source, entry->action, entry->kind);
  if (entry->record_id > 0)
    g_string_append_printf (line, " #%" G_GINT64_FORMAT, entry->record_id);
  else
    g_string_append (line, " (a list)");
  if (entry->note != NULL)
    g_string_append_printf (line, " (%s)", entry->note);
  for (guint i = 0; i < entry->fields->len; i++)
    {
      JoineryAuditField *field = entry->fields->pdata[i];
      g_autofree char *before = joinery_cli_output_clean (field->before != NULL ? field->before : "(empty)", 60);
      g_autofree char *after = joinery_cli_output_clean (field->after != NULL ? field->after : "(empty)", 60);

      if (g_str_equal (entry->action, "update"))
        g_string_append_printf (line, "%s %s: %s → %s", i == 0 ? ":" : ";", field->field, before, after);
      else
        g_string_append_printf (line, "%s %s: %s", i == 0 ? ":" : ";", field->field,
                                field->after != NULL ? after : before);
    }
  g_string_append_c (line, '\n');
  joinery_cli_output_puts (stdout, line->str);
}

static int
run_audit (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *since = NULL;
  const char *since_text = joinery_cli_get_option (cli, "since");
  const char *limit_text = joinery_cli_get_option (cli, "limit");
  const JoineryKind *kind = NULL;
  guint64 limit = 0;
  gint64 id = 0;
  int status = JOINERY_CLI_EXIT_OK;

  if (args[0] != NULL && args[1] == NULL)
    return joinery_cli_usage_error (cli, "give a kind and an id (“audit person 12”), or neither");
  if (args[0] != NULL)
    {
      kind = joinery_cli_lookup_kind (cli, args[0], &status);
      if (kind == NULL || !joinery_cli_parse_id (cli, kind, args[1], &id, &status))
        return status;
    }
  if (since_text != NULL && !joinery_parse_date (since_text, &since, &error))
    return joinery_cli_usage_error (cli, "--since: %s", error->message);
  if (limit_text != NULL && !joinery_cli_parse_number (cli, "limit", limit_text, 1, G_MAXUINT, &limit, &status))
    return status;
  if (cli->format == JOINERY_CLI_FORMAT_CSV)
    return joinery_cli_usage_error (cli, "audit is written as text or json");

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_READ_ONLY, &status);
  if (db == NULL)
    return status;
  entries = joinery_db_audit_list (db, kind, id, since, (guint) limit, &error);
  if (entries == NULL)
    return joinery_cli_fail (cli, error, "cannot read the audit trail");

  if (cli->format == JOINERY_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < entries->len; i++)
        audit_entry_json (builder, entries->pdata[i]);
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      joinery_cli_output_json (root);
      return JOINERY_CLI_EXIT_OK;
    }
  if (entries->len == 0)
    joinery_cli_output_printf (stderr, "Nothing in the audit trail%s.\n", kind != NULL ? " about that record" : "");
  for (guint i = 0; i < entries->len; i++)
    print_audit_entry (entries->pdata[i]);
  return JOINERY_CLI_EXIT_OK;
}

static const JoineryCliOption person_options[] = {
  { "output", "FILE", "export: write the JSON to FILE (readable by you only) instead of standard output" },
  { "yes", NULL, "erase: do not ask for confirmation" },
  { "blank-mentions", NULL, "erase: replace their name and email in the text of records that mention them "
                            "with “[erased]”" },
  { NULL }
};

static const JoineryCliOption audit_options[] = {
  { "since", "DATE", "Only entries from DATE on" },
  { "limit", "N", "Only the latest N entries" },
  { NULL }
};

const JoineryCliCommand joinery_cli_person_commands[] = {
  { "person", "person export|erase ID [--output FILE] [--yes] [--blank-mentions]",
    "Export everything held about a person, or erase them",
    "For a subject access request, “person export” writes everything held about a\n"
    "person as JSON: their record, their bookings, memberships, tasks, notes and\n"
    "tags, the records whose text mentions them, and the audit trail about them.\n"
    "The export is recorded in the audit trail.\n\n"
    "“person erase” removes a person's personal details for good: the name becomes\n"
    "“Erased person ID”, email, phone and the rest are cleared, notes and tags on\n"
    "them are removed, and the copies in the history and the search index are\n"
    "scrubbed. Bookings and memberships stay, anonymously, so counts hold. It\n"
    "cannot be undone, and it asks first unless --yes is given. Records whose\n"
    "text mentions the person are listed for you to review; they are not changed\n"
    "unless --blank-mentions is given, which replaces the person's name and email\n"
    "in them with “[erased]” in the same step.\n\n"
    "Examples:\n"
    "  joinery person export 12 --output person-12.json\n"
    "  joinery person erase 12\n"
    "  joinery person erase 12 --yes --blank-mentions",
    person_options, 2, 2, TRUE, run_person },
  { "audit", "audit [KIND ID] [--since DATE] [--limit N]",
    "Who changed what and when, for a record or for everything",
    "Every change, export and erasure, oldest first: when, by whom (cli, gui or\n"
    "plugin:ID), what was done, and each field's old → new value.\n\n"
    "Examples:\n"
    "  joinery audit person 12\n"
    "  joinery audit --since 2024-04-01 --format json",
    audit_options, 0, 2, TRUE, run_audit },
  { NULL }
};
