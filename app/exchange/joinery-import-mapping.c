/* joinery-import-mapping.c: column mappings — guessed, edited, saved.
 *
 * The guess compares folded headers (letters and digits, lower case) with
 * each field's name and label and with the usual ways spreadsheets and
 * booking sites head the same column. Nothing here reads a file or the
 * database: the key file of saved mappings is the only thing written.
 */
#include "joinery-import-mapping.h"
#include "joinery-exchange-error.h"
#include "joinery-error.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#define MAPPING_NAME_MAX 100
#define GROUP_PREFIX     "mapping "

typedef struct {
  char *header;   /* as the file writes it */
  char *folded;
  char *field;    /* NULL: left out */
} Column;

struct _JoineryImportMapping
{
  const JoineryKind *kind;
  GPtrArray         *columns;   /* of Column */
  GPtrArray         *defaults;  /* field, value, field, value… */
};

static void
column_free (gpointer data)
{
  Column *column = data;
  g_free (column->header);
  g_free (column->folded);
  g_free (column->field);
  g_free (column);
}

JoineryImportMapping *
joinery_import_mapping_new (const JoineryKind *kind)
{
  JoineryImportMapping *mapping;

  g_return_val_if_fail (kind != NULL, NULL);

  mapping = g_new0 (JoineryImportMapping, 1);
  mapping->kind = kind;
  mapping->columns = g_ptr_array_new_with_free_func (column_free);
  mapping->defaults = g_ptr_array_new_with_free_func (g_free);
  return mapping;
}

JoineryImportMapping *
joinery_import_mapping_copy (const JoineryImportMapping *mapping)
{
  JoineryImportMapping *copy;

  g_return_val_if_fail (mapping != NULL, NULL);

  copy = joinery_import_mapping_new (mapping->kind);
  for (guint i = 0; i < mapping->columns->len; i++)
    {
      const Column *column = mapping->columns->pdata[i];
      Column *c = g_new0 (Column, 1);
      c->header = g_strdup (column->header);
      c->folded = g_strdup (column->folded);
      c->field = g_strdup (column->field);
      g_ptr_array_add (copy->columns, c);
    }
  for (guint i = 0; i < mapping->defaults->len; i++)
    g_ptr_array_add (copy->defaults, g_strdup (mapping->defaults->pdata[i]));
  return copy;
}

void
joinery_import_mapping_free (JoineryImportMapping *mapping)
{
  if (mapping == NULL)
    return;
  g_ptr_array_unref (mapping->columns);
  g_ptr_array_unref (mapping->defaults);
  g_free (mapping);
}

const JoineryKind *
joinery_import_mapping_get_kind (const JoineryImportMapping *mapping)
{
  g_return_val_if_fail (mapping != NULL, NULL);
  return mapping->kind;
}

char *
joinery_import_mapping_fold_header (const char *header)
{
  GString *folded;

  g_return_val_if_fail (header != NULL, NULL);

  folded = g_string_sized_new (strlen (header));
  for (const char *p = header; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isalnum (c))
        g_string_append_unichar (folded, g_unichar_tolower (c));
    }
  return g_string_free (folded, FALSE);
}

static Column *
find_column (const JoineryImportMapping *mapping, const char *header)
{
  g_autofree char *folded = joinery_import_mapping_fold_header (header);

  for (guint i = 0; i < mapping->columns->len; i++)
    {
      Column *column = mapping->columns->pdata[i];
      /* A header of punctuation alone folds to nothing: compare it whole. */
      if (*folded != '\0' ? g_str_equal (column->folded, folded) : g_str_equal (column->header, header))
        return column;
    }
  return NULL;
}

static gboolean
check_field (const JoineryKind *kind, const char *field, gboolean allow_id, GError **error)
{
  if (allow_id && g_str_equal (field, JOINERY_IMPORT_MAPPING_ID))
    return TRUE;
  if (joinery_kind_get_field (kind, field) != NULL)
    return TRUE;
  joinery_set_validation_error (error, kind->name, field, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD,
                                "is not a field of %s", kind->label_plural);
  return FALSE;
}

gboolean
joinery_import_mapping_set_column (JoineryImportMapping *mapping, const char *header,
                                   const char *field, GError **error)
{
  Column *column;

  g_return_val_if_fail (mapping != NULL, FALSE);
  g_return_val_if_fail (header != NULL, FALSE);

  if (field != NULL && !check_field (mapping->kind, field, TRUE, error))
    return FALSE;
  column = find_column (mapping, header);
  if (column == NULL)
    {
      column = g_new0 (Column, 1);
      column->header = g_strdup (header);
      column->folded = joinery_import_mapping_fold_header (header);
      g_ptr_array_add (mapping->columns, column);
    }
  g_free (column->field);
  column->field = g_strdup (field);
  return TRUE;
}

const char *
joinery_import_mapping_get_column (const JoineryImportMapping *mapping, const char *header)
{
  Column *column;

  g_return_val_if_fail (mapping != NULL, NULL);
  g_return_val_if_fail (header != NULL, NULL);

  column = find_column (mapping, header);
  return column != NULL ? column->field : NULL;
}

gboolean
joinery_import_mapping_has_column (const JoineryImportMapping *mapping, const char *header)
{
  g_return_val_if_fail (mapping != NULL, FALSE);
  g_return_val_if_fail (header != NULL, FALSE);
  return find_column (mapping, header) != NULL;
}

GStrv
joinery_import_mapping_dup_columns (const JoineryImportMapping *mapping)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (mapping != NULL, NULL);

  for (guint i = 0; i < mapping->columns->len; i++)
    g_strv_builder_add (builder, ((Column *) mapping->columns->pdata[i])->header);
  return g_strv_builder_end (builder);
}

gboolean
joinery_import_mapping_set_default (JoineryImportMapping *mapping, const char *field,
                                    const char *value, GError **error)
{
  g_return_val_if_fail (mapping != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (!check_field (mapping->kind, field, FALSE, error))
    return FALSE;
  for (guint i = 0; i < mapping->defaults->len; i += 2)
    if (g_str_equal (mapping->defaults->pdata[i], field))
      {
        g_ptr_array_remove_range (mapping->defaults, i, 2);
        break;
      }
  if (value != NULL && *value != '\0')
    {
      g_ptr_array_add (mapping->defaults, g_strdup (field));
      g_ptr_array_add (mapping->defaults, g_strdup (value));
    }
  return TRUE;
}

const char *
joinery_import_mapping_get_default (const JoineryImportMapping *mapping, const char *field)
{
  g_return_val_if_fail (mapping != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < mapping->defaults->len; i += 2)
    if (g_str_equal (mapping->defaults->pdata[i], field))
      return mapping->defaults->pdata[i + 1];
  return NULL;
}

GStrv
joinery_import_mapping_dup_defaults (const JoineryImportMapping *mapping)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (mapping != NULL, NULL);

  for (guint i = 0; i < mapping->defaults->len; i += 2)
    g_strv_builder_add (builder, mapping->defaults->pdata[i]);
  return g_strv_builder_end (builder);
}

/* Guessing */

/* Usual headers for a field, folded, whatever the kind. */
static const struct {
  const char *field;
  const char *headers;  /* space-separated folded headers */
} synonyms[] = {
  { "name", "name fullname contactname attendeename displayname" },
  { "job_title", "jobtitle role position jobrole" },
  { "organisation", "organisation organization company employer org organisationname "
                    "organizationname companyname" },
  { "email", "email emailaddress mail" },
  { "phone", "phone telephone tel phonenumber telephonenumber mobile mobilenumber contactnumber" },
  { "consent_to_contact", "consent consenttocontact optin optedin contactconsent marketingconsent "
                          "gdprconsent" },
  { "consent_recorded_on", "consentdate consentgiven consentrecorded" },
  { "website", "website url web webaddress homepage" },
  { "charity_number", "charityno charitynumber registeredcharitynumber charity charityregistrationnumber" },
  { "company_number", "companyno companynumber companieshousenumber crn companyregistrationnumber" },
  { "ods_code", "odscode ods nhsodscode" },
  { "address", "address postaladdress fulladdress" },
  { "area", "area district ward locality region" },
  { "kind", "type kind category" },
  { "amount_requested", "amountappliedfor amountrequested requested applied" },
  { "amount_awarded", "amountawarded awarded grantamount amount" },
  { "awarded_on", "awarddate dateawarded awardedon" },
  { "submitted_on", "submitteddate datesubmitted applicationdate" },
  { "reference", "reference ref grantreference grantref identifier" },
  { "applicant", "applicant recipient recipientorganisation recipientorganization recipientorg "
                 "recipientorgname organisation organization" },
  { "starts_on", "startdate start starts startson" },
  { "ends_on", "enddate end ends endson" },
  { "venue", "venue location" },
  { "ticket_type", "tickettype ticket" },
  { "booked_on", "bookedon bookingdate orderdate dateofbooking" },
  { "person", "person attendee attendeename delegate name" },
  { "event", "event eventname" },
  { "description", "description details notes" },
  { "summary", "summary description" },
  { "capacity", "capacity places" },
};

static const char * const first_names[] = { "firstname", "forename", "givenname", "first", NULL };
static const char * const last_names[] = { "lastname", "surname", "familyname", "last", NULL };

static gboolean
in_words (const char *words, const char *folded)
{
  g_auto(GStrv) list = g_strsplit (words, " ", -1);
  return g_strv_contains ((const char * const *) list, folded);
}

/* Whether `folded` is a header for field `f` of `kind`. */
static gboolean
header_fits (const JoineryKind *kind, const JoineryField *f, const char *folded)
{
  g_autofree char *name = joinery_import_mapping_fold_header (f->name);
  g_autofree char *label = joinery_import_mapping_fold_header (f->label);

  if (g_str_equal (folded, name) || g_str_equal (folded, label))
    return TRUE;
  /* "Organisation name" for an organisation's name, "Event type" for its kind. */
  if (kind->label_field != NULL && g_str_equal (f->name, kind->label_field))
    {
      g_autofree char *kind_label = joinery_import_mapping_fold_header (kind->label);
      g_autofree char *kind_name = g_strconcat (kind_label, "name", NULL);
      g_autofree char *kind_title = g_strconcat (kind_label, "title", NULL);
      if (g_str_equal (folded, kind_label) || g_str_equal (folded, kind_name) ||
          g_str_equal (folded, kind_title))
        return TRUE;
    }
  if (g_str_equal (f->name, "kind"))
    {
      g_autofree char *kind_label = joinery_import_mapping_fold_header (kind->label);
      g_autofree char *kind_type = g_strconcat (kind_label, "type", NULL);
      if (g_str_equal (folded, kind_type))
        return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    if (g_str_equal (synonyms[i].field, f->name) && in_words (synonyms[i].headers, folded))
      return TRUE;
  return FALSE;
}

static gboolean
is_id_header (const JoineryKind *kind, const char *folded)
{
  g_autofree char *kind_label = joinery_import_mapping_fold_header (kind->label);
  g_autofree char *kind_id = g_strconcat (kind_label, "id", NULL);

  return g_str_equal (folded, "id") || g_str_equal (folded, "recordid") ||
         g_str_equal (folded, kind_id);
}

static int
find_folded (char **folded, guint n, const char * const *candidates)
{
  for (guint c = 0; candidates[c] != NULL; c++)
    for (guint i = 0; i < n; i++)
      if (g_str_equal (folded[i], candidates[c]))
        return (int) i;
  return -1;
}

JoineryImportMapping *
joinery_import_mapping_guess (const JoineryKind *kind, const char * const *headers, guint n_headers)
{
  JoineryImportMapping *mapping;
  g_autofree char **folded = NULL;
  g_autofree gboolean *taken = NULL;
  g_autofree gboolean *field_taken = NULL;
  const JoineryField *label_field;
  int first = -1, last = -1;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (headers != NULL || n_headers == 0, NULL);

  mapping = joinery_import_mapping_new (kind);
  folded = g_new0 (char *, n_headers + 1);
  taken = g_new0 (gboolean, n_headers);
  field_taken = g_new0 (gboolean, kind->n_fields);
  for (guint i = 0; i < n_headers; i++)
    folded[i] = joinery_import_mapping_fold_header (headers[i]);

  for (guint i = 0; i < n_headers; i++)
    if (*folded[i] != '\0' && is_id_header (kind, folded[i]))
      {
        joinery_import_mapping_set_column (mapping, headers[i], JOINERY_IMPORT_MAPPING_ID, NULL);
        taken[i] = TRUE;
        break;
      }

  /* A field's own name or label first, then the usual headers, each field
   * taking the first column that fits. */
  for (int pass = 0; pass < 2; pass++)
    for (guint f = 0; f < kind->n_fields; f++)
      {
        const JoineryField *field = &kind->fields[f];
        g_autofree char *name = joinery_import_mapping_fold_header (field->name);
        g_autofree char *label = joinery_import_mapping_fold_header (field->label);

        if (field_taken[f] || field->type == JOINERY_FIELD_LINK)
          continue;
        for (guint i = 0; i < n_headers; i++)
          {
            gboolean fits = pass == 0 ? g_str_equal (folded[i], name) || g_str_equal (folded[i], label)
                                      : header_fits (kind, field, folded[i]);
            if (taken[i] || *folded[i] == '\0' || !fits)
              continue;
            joinery_import_mapping_set_column (mapping, headers[i], field->name, NULL);
            taken[i] = field_taken[f] = TRUE;
            break;
          }
      }

  /* "First name" and "Last name" make the name when no column is the name. */
  label_field = kind->label_field != NULL ? joinery_kind_get_field (kind, kind->label_field) : NULL;
  if (label_field != NULL && label_field->type == JOINERY_FIELD_TEXT &&
      !field_taken[joinery_kind_field_index (kind, label_field->name)])
    {
      first = find_folded (folded, n_headers, first_names);
      last = find_folded (folded, n_headers, last_names);
      if (first >= 0 && last >= 0 && !taken[first] && !taken[last])
        {
          /* Joined in the file's order, which puts the first name first in
           * every file seen so far. */
          joinery_import_mapping_set_column (mapping, headers[MIN (first, last)], label_field->name, NULL);
          joinery_import_mapping_set_column (mapping, headers[MAX (first, last)], label_field->name, NULL);
          taken[first] = taken[last] = TRUE;
        }
    }

  for (guint i = 0; i < n_headers; i++)
    if (!taken[i])
      joinery_import_mapping_set_column (mapping, headers[i], NULL, NULL);

  for (guint i = 0; i < n_headers; i++)
    g_free (folded[i]);
  return mapping;
}

/* Saved mappings */

char *
joinery_import_mapping_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "joinery", "import-mappings.ini", NULL);
}

static gboolean
check_name (const char *name, GError **error)
{
  glong length = g_utf8_validate (name, -1, NULL) ? g_utf8_strlen (name, -1) : -1;
  gboolean ok = length > 0 && length <= MAPPING_NAME_MAX;

  for (const char *p = name; ok && *p != '\0'; p++)
    ok = *p != '[' && *p != ']' && (guchar) *p >= 0x20 && *p != 0x7f;
  if (ok && (g_ascii_isspace (name[0]) || g_ascii_isspace (name[strlen (name) - 1])))
    ok = FALSE;
  if (!ok)
    g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_MAPPING,
                 "a mapping's name is one line of 1 to %d characters, without square brackets "
                 "or spaces at either end", MAPPING_NAME_MAX);
  return ok;
}

/* The key file of saved mappings at `path` (NULL: the user's), empty when
 * there is none yet; `where` is set to the path used. */
static GKeyFile *
open_store (const char *path, char **where, GError **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  GError *local_error = NULL;

  *where = path != NULL ? g_strdup (path) : joinery_import_mapping_default_path ();
  if (!g_key_file_load_from_file (file, *where, G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_prefixed_error (error, local_error, "cannot read the saved mappings in “%s”: ", *where);
          return NULL;
        }
      g_error_free (local_error);
    }
  return g_steal_pointer (&file);
}

static gboolean
no_such_mapping (const char *name, GError **error)
{
  g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_MAPPING,
               "there is no saved mapping called “%s”", name);
  return FALSE;
}

gboolean
joinery_import_mapping_save (const JoineryImportMapping *mapping, const char *path,
                             const char *name, GError **error)
{
  g_autofree char *where = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *group = NULL;
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) default_fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) default_values = g_ptr_array_new ();

  g_return_val_if_fail (mapping != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_name (name, error))
    return FALSE;
  file = open_store (path, &where, error);
  if (file == NULL)
    return FALSE;

  group = g_strconcat (GROUP_PREFIX, name, NULL);
  g_key_file_remove_group (file, group, NULL);
  for (guint i = 0; i < mapping->columns->len; i++)
    {
      Column *column = mapping->columns->pdata[i];
      g_ptr_array_add (headers, column->header);
      /* Left out: an empty field, so that the next file's column is not guessed. */
      g_ptr_array_add (fields, column->field != NULL ? column->field : (char *) "");
    }
  for (guint i = 0; i < mapping->defaults->len; i += 2)
    {
      g_ptr_array_add (default_fields, mapping->defaults->pdata[i]);
      g_ptr_array_add (default_values, mapping->defaults->pdata[i + 1]);
    }
  g_key_file_set_string (file, group, "kind", mapping->kind->name);
  g_key_file_set_string_list (file, group, "columns", (const char * const *) headers->pdata, headers->len);
  g_key_file_set_string_list (file, group, "fields", (const char * const *) fields->pdata, fields->len);
  g_key_file_set_string_list (file, group, "default-fields",
                              (const char * const *) default_fields->pdata, default_fields->len);
  g_key_file_set_string_list (file, group, "default-values",
                              (const char * const *) default_values->pdata, default_values->len);

  folder = g_path_get_dirname (where);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "cannot create the folder “%s”: %s", folder, g_strerror (saved_errno));
      return FALSE;
    }
  return g_key_file_save_to_file (file, where, error);
}

JoineryImportMapping *
joinery_import_mapping_load (const char *path, const char *name, GError **error)
{
  g_autofree char *where = NULL;
  g_autofree char *group = NULL;
  g_autofree char *kind_name = NULL;
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(JoineryImportMapping) mapping = NULL;
  g_auto(GStrv) headers = NULL;
  g_auto(GStrv) fields = NULL;
  g_auto(GStrv) default_fields = NULL;
  g_auto(GStrv) default_values = NULL;
  gsize n_headers = 0, n_fields = 0, n_default_fields = 0, n_default_values = 0;
  const JoineryKind *kind;

  g_return_val_if_fail (name != NULL, NULL);

  file = open_store (path, &where, error);
  if (file == NULL)
    return NULL;
  group = g_strconcat (GROUP_PREFIX, name, NULL);
  if (!g_key_file_has_group (file, group))
    {
      no_such_mapping (name, error);
      return NULL;
    }

  kind_name = g_key_file_get_string (file, group, "kind", NULL);
  kind = kind_name != NULL ? joinery_kind_lookup (kind_name) : NULL;
  headers = g_key_file_get_string_list (file, group, "columns", &n_headers, NULL);
  fields = g_key_file_get_string_list (file, group, "fields", &n_fields, NULL);
  default_fields = g_key_file_get_string_list (file, group, "default-fields", &n_default_fields, NULL);
  default_values = g_key_file_get_string_list (file, group, "default-values", &n_default_values, NULL);
  if (kind == NULL || n_headers != n_fields || n_default_fields != n_default_values)
    {
      g_set_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_MAPPING,
                   "the saved mapping “%s” in “%s” is damaged; save it again", name, where);
      return NULL;
    }

  mapping = joinery_import_mapping_new (kind);
  for (gsize i = 0; i < n_headers; i++)
    if (!joinery_import_mapping_set_column (mapping, headers[i], *fields[i] != '\0' ? fields[i] : NULL, error))
      {
        g_prefix_error (error, "the saved mapping “%s”: ", name);
        return NULL;
      }
  for (gsize i = 0; i < n_default_fields; i++)
    if (!joinery_import_mapping_set_default (mapping, default_fields[i], default_values[i], error))
      {
        g_prefix_error (error, "the saved mapping “%s”: ", name);
        return NULL;
      }
  return g_steal_pointer (&mapping);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

GStrv
joinery_import_mapping_list (const char *path, const JoineryKind *kind, GError **error)
{
  g_autofree char *where = NULL;
  g_autoptr(GKeyFile) file = NULL;
  g_auto(GStrv) groups = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  file = open_store (path, &where, error);
  if (file == NULL)
    return NULL;
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *kind_name = NULL;

      /* GKeyFile lets a group's name hold bytes that are not UTF-8; no
       * one could name such a mapping, and sorting it by its letters
       * (g_utf8_collate) would read past its end. */
      if (!g_str_has_prefix (groups[i], GROUP_PREFIX) || !g_utf8_validate (groups[i], -1, NULL))
        continue;
      kind_name = g_key_file_get_string (file, groups[i], "kind", NULL);
      if (kind != NULL && (kind_name == NULL || joinery_kind_lookup (kind_name) != kind))
        continue;
      g_ptr_array_add (names, g_strdup (groups[i] + strlen (GROUP_PREFIX)));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

gboolean
joinery_import_mapping_delete (const char *path, const char *name, GError **error)
{
  g_autofree char *where = NULL;
  g_autofree char *group = NULL;
  g_autoptr(GKeyFile) file = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  file = open_store (path, &where, error);
  if (file == NULL)
    return FALSE;
  group = g_strconcat (GROUP_PREFIX, name, NULL);
  if (!g_key_file_remove_group (file, group, NULL))
    return no_such_mapping (name, error);
  return g_key_file_save_to_file (file, where, error);
}
