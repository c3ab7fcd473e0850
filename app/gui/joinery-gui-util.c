/* joinery-gui-util.c: presentation helpers shared by the window's widgets.
 * Words and icons only: nothing here reads or writes the database. */
#include "config.h"

#include "joinery-gui-util.h"

#include <string.h>

static const struct {
  const char *kind;
  const char *icon;
} kind_icons[] = {
  { "area", "mark-location-symbolic" },
  { "organisation", "network-workgroup-symbolic" },
  { "person", "avatar-default-symbolic" },
  { "group", "system-users-symbolic" },
  { "project", "emblem-system-symbolic" },
  { "fund", "emblem-documents-symbolic" },
  { "round", "view-paged-symbolic" },
  { "grant", "document-send-symbolic" },
  { "event", "x-office-calendar-symbolic" },
  { "session", "view-list-bullet-symbolic" },
  { "attendance", "emblem-ok-symbolic" },
  { "indicator", "network-cellular-signal-excellent-symbolic" },
  { "measurement", "view-sort-ascending-symbolic" },
  { "award", "starred-symbolic" },
  { "task", "task-due-symbolic" },
  { "note", "accessories-text-editor-symbolic" },
  { "tag", "user-bookmarks-symbolic" },
};

const char *
joinery_gui_kind_icon (const JoineryKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_icons); i++)
    if (g_str_equal (kind_icons[i].kind, kind->name))
      return kind_icons[i].icon;
  return "x-office-document-symbolic";
}

/* Words that are initials stay in capitals. */
static const char * const initialisms[] = { "nhs", "ccg", "gp", "ics", NULL };

char *
joinery_gui_choice_label (const char *value)
{
  g_auto(GStrv) words = NULL;
  GString *label = g_string_new (NULL);

  if (value == NULL)
    return g_string_free (label, FALSE);
  words = g_strsplit (value, "_", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (label, ' ');
      if (g_strv_contains (initialisms, words[i]))
        {
          g_autofree char *upper = g_ascii_strup (words[i], -1);
          g_string_append (label, upper);
        }
      else if (i == 0 && words[i][0] != '\0')
        {
          g_string_append_c (label, g_ascii_toupper (words[i][0]));
          g_string_append (label, words[i] + 1);
        }
      else
        g_string_append (label, words[i]);
    }
  return g_string_free (label, FALSE);
}

char *
joinery_gui_format_cell (JoineryRecord *record, const JoineryField *field)
{
  if (joinery_record_is_null (record, field->name))
    return NULL;

  switch (field->type)
    {
    case JOINERY_FIELD_CHOICE:
      return joinery_gui_choice_label (joinery_record_get_text (record, field->name));
    case JOINERY_FIELD_DATE:
      {
        const char *iso = joinery_record_get_text (record, field->name);
        g_autofree char *midnight = g_strconcat (iso, "T00:00:00Z", NULL);
        g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (midnight, NULL);

        if (date == NULL)
          return g_strdup (iso);
        return g_date_time_format (date, "%-d %b %Y");
      }
    case JOINERY_FIELD_LONG_TEXT:
      {
        char *text = joinery_record_format_value (record, field->name);
        /* One line in a cell. */
        return g_strdelimit (text, "\r\n", ' ');
      }
    case JOINERY_FIELD_TEXT:
    case JOINERY_FIELD_INTEGER:
    case JOINERY_FIELD_REAL:
    case JOINERY_FIELD_MONEY:
    case JOINERY_FIELD_TIME:
    case JOINERY_FIELD_BOOLEAN:
    case JOINERY_FIELD_REFERENCE:
    case JOINERY_FIELD_LINK:
    default:
      return joinery_record_format_value (record, field->name);
    }
}

char *
joinery_gui_format_count (guint64 count)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
  gsize n = strlen (digits);
  GString *text = g_string_sized_new (n + n / 3);

  /* Grouped in thousands whatever the locale (C.UTF-8 groups nothing). */
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

char *
joinery_gui_count_label (const JoineryKind *kind, guint64 count)
{
  g_autofree char *number = joinery_gui_format_count (count);

  return g_strdup_printf ("%s %s", number, joinery_kind_get_words (kind, count != 1));
}

char *
joinery_gui_record_ref (const JoineryKind *kind, gint64 id)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind->name, id);
}

gboolean
joinery_gui_parse_record_ref (const char *ref, const JoineryKind **kind, gint64 *id)
{
  const char *colon = strchr (ref, ':');
  g_autofree char *name = NULL;
  char *end = NULL;
  gint64 value;

  if (colon == NULL)
    return FALSE;
  name = g_strndup (ref, (gsize) (colon - ref));
  value = g_ascii_strtoll (colon + 1, &end, 10);
  if (end == colon + 1 || *end != '\0' || value <= 0)
    return FALSE;
  *kind = joinery_kind_lookup (name);
  *id = value;
  return *kind != NULL;
}

GtkWidget *
joinery_gui_find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = joinery_gui_find_list_view (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GSettings *
joinery_gui_dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}
