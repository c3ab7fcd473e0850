/* joinery-export-oruk.c: organisations as Open Referral UK (HSDS 3.0)
 * organisations.
 *
 * The file is one page of the standard's /organizations list — the
 * paging members, then "contents" — so that a service directory that
 * reads ORUK can take it as it is. Each organisation has the standard's
 * required id (a UUID, the same for the same record in every export),
 * name and description (the organisation's, or its kind in words when it
 * has none), and where known its email, website, telephone (in "phones")
 * and charity, company and NHS numbers (in "organization_identifiers",
 * with org-id.guide's schemes).
 */
#include "joinery-export-private.h"

#include <json-glib/json-glib.h>

typedef struct {
  JoineryExport *export;
  gboolean       first;
} Oruk;

static void
add_identifier (JsonBuilder *builder, const char *organisation_id, const char *scheme,
                const char *type, const char *identifier)
{
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;

  if (identifier == NULL)
    return;
  /* A stable id of its own: the organisation's and the scheme's. */
  name = g_strdup_printf ("%s:%s", organisation_id, scheme);
  id = joinery_export_dup_uuid_for_name (name);
  json_builder_begin_object (builder);
  joinery_export_json_add_string (builder, "id", id);
  joinery_export_json_add_string (builder, "organization_id", organisation_id);
  joinery_export_json_add_string (builder, "identifier_scheme", scheme);
  joinery_export_json_add_string (builder, "identifier_type", type);
  joinery_export_json_add_string (builder, "identifier", identifier);
  json_builder_end_object (builder);
}

static char *
dup_kind_words (JoineryRecord *organisation)
{
  g_autofree char *words = g_strdup (joinery_record_get_text (organisation, "kind"));

  g_strdelimit (words, "_", ' ');
  if (g_str_equal (words, "nhs trust"))
    return g_strdup ("NHS trust");
  if (g_str_equal (words, "ccg"))
    return g_strdup ("Clinical commissioning group");
  if (g_str_equal (words, "gp practice"))
    return g_strdup ("GP practice");
  if (g_str_equal (words, "voluntary"))
    return g_strdup ("Voluntary organisation");
  words[0] = g_ascii_toupper (words[0]);
  return g_steal_pointer (&words);
}

static gboolean
write_organisation (JoineryRecord *organisation, gpointer data, GError **error)
{
  Oruk *o = data;
  JoineryExport *export = o->export;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = joinery_export_dup_uuid ("organisation", organisation);
  g_autofree char *kind_words = dup_kind_words (organisation);
  const char *description = joinery_record_get_text (organisation, "description");
  const char *charity = joinery_record_get_text (organisation, "charity_number");
  const char *phone = joinery_record_get_text (organisation, "phone");
  g_autofree char *charity_identifier = NULL;
  const char *scheme = NULL;

  if (!joinery_export_step (export, error))
    return FALSE;

  json_builder_begin_object (builder);
  joinery_export_json_add_string (builder, "id", id);
  joinery_export_json_add_string (builder, "name", joinery_record_get_text (organisation, "name"));
  joinery_export_json_add_string (builder, "description", description != NULL ? description : kind_words);
  joinery_export_json_add_string (builder, "email", joinery_record_get_text (organisation, "email"));
  joinery_export_json_add_string (builder, "website", joinery_record_get_text (organisation, "website"));

  json_builder_set_member_name (builder, "organization_identifiers");
  json_builder_begin_array (builder);
  if (joinery_export_charity_id (charity, &scheme, &charity_identifier))
    add_identifier (builder, id, scheme, "charity number", charity_identifier);
  add_identifier (builder, id, "GB-COH", "company number", joinery_record_get_text (organisation, "company_number"));
  add_identifier (builder, id, "GB-NHS", "NHS ODS code", joinery_record_get_text (organisation, "ods_code"));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "phones");
  json_builder_begin_array (builder);
  if (phone != NULL)
    {
      g_autofree char *phone_id = joinery_export_dup_uuid ("organisation-phone", organisation);
      json_builder_begin_object (builder);
      joinery_export_json_add_string (builder, "id", phone_id);
      joinery_export_json_add_string (builder, "organization_id", id);
      joinery_export_json_add_string (builder, "number", phone);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  joinery_export_append_json_item (export, root, &o->first);
  export->summary->written++;
  return joinery_export_maybe_flush (export, error);
}

gboolean
joinery_export_write_oruk (JoineryExport *export, GError **error)
{
  Oruk o = { export, TRUE };

  /* The paging of one page holding the whole list. */
  g_string_append_printf (export->buffer,
                          "{\n\"total_items\": %" G_GUINT64_FORMAT ",\n\"total_pages\": 1,\n"
                          "\"page_number\": 1,\n\"size\": %" G_GUINT64_FORMAT ",\n"
                          "\"first_page\": true,\n\"last_page\": true,\n\"empty\": %s,\n\"contents\": [",
                          export->total, export->total, export->total == 0 ? "true" : "false");
  if (!joinery_db_list_foreach (export->db, export->kind, export->query, write_organisation, &o, error))
    return FALSE;
  g_string_append (export->buffer, "\n]\n}\n");
  return joinery_export_flush (export, error);
}
