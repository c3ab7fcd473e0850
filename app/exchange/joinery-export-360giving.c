/* joinery-export-360giving.c: grants as the 360Giving Data Standard 1.4.3.
 *
 * Each awarded or completed grant becomes one 360Giving grant: its
 * identifier (the prefix 360Giving registered for the publisher, then the
 * grant's reference, or its id), title, description (the title when it has
 * none), currency (GBP), amounts in pounds, award date, the recipient (the
 * applicant) and the funding organisation (the fund's funder), each with
 * an org-id.guide identifier where a charity, company or NHS ODS number is
 * known; and where known the planned dates, the grant programme (the fund
 * and round), the beneficiary location (the project's area, else the
 * applicant's) and the date last modified. The JSON is the standard's
 * package, {"grants": [...]}; the CSV the same grants flattened under the
 * standard's own column titles ("Recipient Org:Identifier"). Both are made
 * from one JSON object per grant, so that they cannot disagree.
 *
 * A grant whose fund has no funder cannot be published: the export reads
 * the list once to find every such grant before writing anything.
 */
#include "joinery-export-private.h"
#include "joinery-csv.h"
#include "joinery-exchange-error.h"

#include <string.h>
#include <json-glib/json-glib.h>

#define CACHE_MAX       10000
#define PROBLEMS_LISTED 20

/* The CSV's columns: the standard's titles, and where each value is in
 * the grant's JSON (a member, or a member of an array's first item). */
static const struct {
  const char *title;
  const char *member;
  const char *item_member;
} columns[] = {
  { "Identifier", "id", NULL },
  { "Title", "title", NULL },
  { "Description", "description", NULL },
  { "Currency", "currency", NULL },
  { "Amount Applied For", "amountAppliedFor", NULL },
  { "Amount Awarded", "amountAwarded", NULL },
  { "Award Date", "awardDate", NULL },
  { "Planned Dates:Start Date", "plannedDates", "startDate" },
  { "Planned Dates:End Date", "plannedDates", "endDate" },
  { "Planned Dates:Duration (months)", "plannedDates", "duration" },
  { "Recipient Org:Identifier", "recipientOrganization", "id" },
  { "Recipient Org:Name", "recipientOrganization", "name" },
  { "Recipient Org:Charity Number", "recipientOrganization", "charityNumber" },
  { "Recipient Org:Company Number", "recipientOrganization", "companyNumber" },
  { "Recipient Org:Web Address", "recipientOrganization", "url" },
  { "Funding Org:Identifier", "fundingOrganization", "id" },
  { "Funding Org:Name", "fundingOrganization", "name" },
  { "Grant Programme:Code", "grantProgramme", "code" },
  { "Grant Programme:Title", "grantProgramme", "title" },
  { "Beneficiary Location:Name", "beneficiaryLocation", "name" },
  { "Beneficiary Location:Country Code", "beneficiaryLocation", "countryCode" },
  { "Beneficiary Location:Geographic Code", "beneficiaryLocation", "geoCode" },
  { "Beneficiary Location:Geographic Code Type", "beneficiaryLocation", "geoCodeType" },
  { "Last Modified", "dateModified", NULL },
};

typedef struct {
  JoineryExport *export;
  gboolean       csv;
  const char    *prefix;
  GHashTable    *cache;     /* "kind:id" → JoineryRecord */
  GString       *problems;
  guint          n_problems;
  gboolean       first;
} Giving;

static JoineryRecord *
get_record (Giving *g, const char *kind_name, gint64 id, GError **error)
{
  g_autofree char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind_name, id);
  JoineryRecord *record = g_hash_table_lookup (g->cache, key);

  if (record != NULL)
    return record;
  record = joinery_db_get (g->export->db, joinery_kind_lookup (kind_name), id, error);
  if (record == NULL)
    return NULL;
  if (g_hash_table_size (g->cache) >= CACHE_MAX)
    g_hash_table_remove_all (g->cache);
  g_hash_table_insert (g->cache, g_steal_pointer (&key), record);
  return record;
}

static JoineryRecord *
get_reference (Giving *g, JoineryRecord *record, const char *field, GError **error)
{
  const JoineryField *f = joinery_kind_get_field (joinery_record_get_kind (record), field);

  if (joinery_record_is_null (record, field))
    return NULL;
  return get_record (g, f->ref_kind, joinery_record_get_integer (record, field), error);
}

static gboolean
is_awarded (JoineryRecord *grant)
{
  const char *status = joinery_record_get_text (grant, "status");
  return g_strcmp0 (status, "awarded") == 0 || g_strcmp0 (status, "completed") == 0;
}

/* The grant's fund's funder, or NULL (and no error) when it has none. */
static JoineryRecord *
get_funder (Giving *g, JoineryRecord *grant, JoineryRecord **fund_out, GError **error)
{
  JoineryRecord *round = get_reference (g, grant, "round", error);
  JoineryRecord *fund = round != NULL ? get_reference (g, round, "fund", error) : NULL;

  *fund_out = fund;
  if (fund == NULL || joinery_record_is_null (fund, "funder"))
    return NULL;
  return get_reference (g, fund, "funder", error);
}

static gboolean
check_grant (JoineryRecord *grant, gpointer data, GError **error)
{
  Giving *g = data;
  JoineryRecord *fund = NULL;
  GError *local_error = NULL;

  if (g_cancellable_set_error_if_cancelled (g->export->cancellable, error))
    return FALSE;
  if (!is_awarded (grant))
    return TRUE;
  if (get_funder (g, grant, &fund, &local_error) != NULL)
    return TRUE;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (++g->n_problems <= PROBLEMS_LISTED)
    g_string_append_printf (g->problems, "\n  grant #%" G_GINT64_FORMAT " “%s”: its fund “%s” has no funder",
                            joinery_record_get_id (grant), joinery_record_get_label (grant),
                            fund != NULL ? joinery_record_get_label (fund) : "?");
  return TRUE;
}

/* 360Giving amounts are numbers of pounds: whole pounds as integers. */
static void
add_amount (JsonBuilder *builder, const char *member, gint64 pence)
{
  json_builder_set_member_name (builder, member);
  if (pence % 100 == 0)
    json_builder_add_int_value (builder, pence / 100);
  else
    json_builder_add_double_value (builder, pence / 100.0);
}

static void
add_organisation (Giving *g, JsonBuilder *builder, JoineryRecord *organisation, gboolean recipient)
{
  g_autofree char *identifier = NULL;
  g_autofree char *id = NULL;
  const char *scheme = NULL;

  if (joinery_export_org_id (organisation, &scheme, &identifier))
    id = g_strdup_printf ("%s-%s", scheme, identifier);
  else
    id = g_strdup_printf ("%s-org-%" G_GINT64_FORMAT, g->prefix, joinery_record_get_id (organisation));

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  joinery_export_json_add_string (builder, "id", id);
  joinery_export_json_add_string (builder, "name", joinery_record_get_text (organisation, "name"));
  if (recipient)
    {
      joinery_export_json_add_string (builder, "charityNumber", joinery_record_get_text (organisation, "charity_number"));
      joinery_export_json_add_string (builder, "companyNumber", joinery_record_get_text (organisation, "company_number"));
      joinery_export_json_add_string (builder, "url", joinery_record_get_text (organisation, "website"));
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

/* Months between two ISO dates, as 360Giving's duration counts them. */
static double
months_between (const char *start, const char *end)
{
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_parse (&a, start);
  g_date_set_parse (&b, end);
  if (!g_date_valid (&a) || !g_date_valid (&b))
    return -1;
  /* The last day counts: 1 April to 31 March is twelve months. */
  return (g_date_days_between (&a, &b) + 1) / (365.25 / 12);
}

static const char *
geo_code_type (JoineryRecord *area)
{
  static const struct { const char *level; const char *type; } types[] = {
    { "ward", "WD" }, { "district", "LAD" }, { "region", "RGN" }, { "country", "CTRY" },
  };
  const char *level = joinery_record_get_text (area, "level");

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (level, types[i].level) == 0)
      return types[i].type;
  return NULL;
}

static char *
dup_grant_id (Giving *g, JoineryRecord *grant)
{
  const char *reference = joinery_record_get_text (grant, "reference");

  if (reference == NULL)
    return g_strdup_printf ("%s-%" G_GINT64_FORMAT, g->prefix, joinery_record_get_id (grant));
  /* An identifier without spaces, as 360Giving's guidance asks. */
  return g_strdelimit (g_strdup_printf ("%s-%s", g->prefix, reference), " \t", '-');
}

static JsonNode *
build_grant (Giving *g, JoineryRecord *grant, GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = dup_grant_id (g, grant);
  g_autofree char *programme_code = NULL;
  g_autofree char *programme_title = NULL;
  JoineryRecord *fund = NULL, *funder, *applicant, *round, *project = NULL, *area = NULL;
  const char *starts = joinery_record_get_text (grant, "starts_on");
  const char *ends = joinery_record_get_text (grant, "ends_on");
  GError *local_error = NULL;

  funder = get_funder (g, grant, &fund, &local_error);
  applicant = local_error == NULL ? get_reference (g, grant, "applicant", &local_error) : NULL;
  round = local_error == NULL ? get_reference (g, grant, "round", &local_error) : NULL;
  if (local_error == NULL && !joinery_record_is_null (grant, "project"))
    project = get_reference (g, grant, "project", &local_error);
  if (local_error == NULL && project != NULL && !joinery_record_is_null (project, "area"))
    area = get_reference (g, project, "area", &local_error);
  else if (local_error == NULL && applicant != NULL && !joinery_record_is_null (applicant, "area"))
    area = get_reference (g, applicant, "area", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  /* Checked before writing began. */
  g_assert (funder != NULL && applicant != NULL && round != NULL && fund != NULL);

  json_builder_begin_object (builder);
  joinery_export_json_add_string (builder, "id", id);
  joinery_export_json_add_string (builder, "title", joinery_record_get_text (grant, "title"));
  joinery_export_json_add_string (builder, "description", joinery_record_get_text (grant, "description") != NULL
                                      ? joinery_record_get_text (grant, "description")
                                      : joinery_record_get_text (grant, "title"));
  joinery_export_json_add_string (builder, "currency", "GBP");
  if (!joinery_record_is_null (grant, "amount_requested"))
    add_amount (builder, "amountAppliedFor", joinery_record_get_integer (grant, "amount_requested"));
  add_amount (builder, "amountAwarded", joinery_record_get_integer (grant, "amount_awarded"));
  joinery_export_json_add_string (builder, "awardDate", joinery_record_get_text (grant, "awarded_on"));

  if (starts != NULL || ends != NULL)
    {
      json_builder_set_member_name (builder, "plannedDates");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      joinery_export_json_add_string (builder, "startDate", starts);
      joinery_export_json_add_string (builder, "endDate", ends);
      if (starts != NULL && ends != NULL && months_between (starts, ends) >= 0)
        {
          json_builder_set_member_name (builder, "duration");
          json_builder_add_int_value (builder, (gint64) (months_between (starts, ends) + 0.5));
        }
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "recipientOrganization");
  add_organisation (g, builder, applicant, TRUE);
  json_builder_set_member_name (builder, "fundingOrganization");
  add_organisation (g, builder, funder, FALSE);

  programme_code = g_strdup_printf ("%s-round-%" G_GINT64_FORMAT, g->prefix, joinery_record_get_id (round));
  programme_title = g_strdup_printf ("%s: %s", joinery_record_get_text (fund, "name"),
                                     joinery_record_get_text (round, "name"));
  json_builder_set_member_name (builder, "grantProgramme");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  joinery_export_json_add_string (builder, "code", programme_code);
  joinery_export_json_add_string (builder, "title", programme_title);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  if (area != NULL)
    {
      json_builder_set_member_name (builder, "beneficiaryLocation");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      joinery_export_json_add_string (builder, "name", joinery_record_get_text (area, "name"));
      joinery_export_json_add_string (builder, "countryCode", "GB");
      if (joinery_record_get_text (area, "code") != NULL)
        {
          joinery_export_json_add_string (builder, "geoCode", joinery_record_get_text (area, "code"));
          joinery_export_json_add_string (builder, "geoCodeType", geo_code_type (area));
        }
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  joinery_export_json_add_string (builder, "dateModified", joinery_record_get_updated_at (grant));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A value of the flattened grant as CSV text. */
static char *
dup_flat_value (JsonObject *object, const char *member, const char *item_member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && item_member != NULL)
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      JsonNode *item = array != NULL && json_array_get_length (array) > 0 ? json_array_get_element (array, 0) : NULL;
      node = item != NULL && JSON_NODE_HOLDS_OBJECT (item)
             ? json_object_get_member (json_node_get_object (item), item_member) : NULL;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_formatd (number, sizeof number, "%.2f", json_node_get_double (node)));
    }
  return g_strdup (json_node_get_string (node));
}

static gboolean
write_grant (JoineryRecord *grant, gpointer data, GError **error)
{
  Giving *g = data;
  JoineryExport *export = g->export;
  g_autoptr(JsonNode) node = NULL;

  if (!joinery_export_step (export, error))
    return FALSE;
  if (!is_awarded (grant))
    {
      export->summary->left_out_not_awarded++;
      return TRUE;
    }
  node = build_grant (g, grant, error);
  if (node == NULL)
    return FALSE;

  if (g->csv)
    {
      JsonObject *object = json_node_get_object (node);
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        {
          g_autofree char *value = dup_flat_value (object, columns[i].member, columns[i].item_member);
          if (i > 0)
            g_string_append_c (export->buffer, ',');
          joinery_csv_append_cell (export->buffer, value, TRUE);
        }
      g_string_append (export->buffer, "\r\n");
    }
  else
    joinery_export_append_json_item (export, node, &g->first);
  export->summary->written++;
  return joinery_export_maybe_flush (export, error);
}

gboolean
joinery_export_write_360giving (JoineryExport *export, gboolean csv, GError **error)
{
  Giving g = { export, csv, NULL, NULL, NULL, 0, TRUE };
  gboolean ok;

  g.prefix = export->options->identifier_prefix != NULL ? export->options->identifier_prefix
                                                        : JOINERY_360GIVING_DEFAULT_PREFIX;
  if (!g_str_has_prefix (g.prefix, "360G-") || strlen (g.prefix) < 6 || strpbrk (g.prefix, " \t\r\n") != NULL)
    {
      g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_FORMAT,
                   "“%s” is not a 360Giving identifier prefix: it begins with “360G-”, then the "
                   "prefix 360Giving registered for the publisher, without spaces", g.prefix);
      return FALSE;
    }
  g.cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g.problems = g_string_new (NULL);

  ok = joinery_db_list_foreach (export->db, export->kind, export->query, check_grant, &g, error);
  if (ok && g.n_problems > 0)
    {
      g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_INCOMPLETE,
                   "360Giving needs the funding organisation of every grant, and %u %s none "
                   "(set the fund's funder):%s%s", g.n_problems, g.n_problems == 1 ? "grant has" : "grants have",
                   g.problems->str, g.n_problems > PROBLEMS_LISTED ? "\n  …" : "");
      ok = FALSE;
    }

  if (ok)
    {
      if (csv)
        for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
          {
            if (i > 0)
              g_string_append_c (export->buffer, ',');
            joinery_csv_append_cell (export->buffer, columns[i].title, FALSE);
          }
      g_string_append (export->buffer, csv ? "\r\n" : "{\n\"grants\": [");
      ok = joinery_db_list_foreach (export->db, export->kind, export->query, write_grant, &g, error);
      if (ok && !csv)
        g_string_append (export->buffer, "\n]\n}\n");
      ok = ok && joinery_export_flush (export, error);
    }
  g_hash_table_unref (g.cache);
  g_string_free (g.problems, TRUE);
  return ok;
}
