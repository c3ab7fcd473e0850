/* joinery-audit-view.c: a record's history, as a group of rows on its form.
 *
 * Each row is one entry of the audit trail: what was done, by whom ("gui",
 * "cli", "plugin:ID") and when, and below it each field that changed with
 * its old and new value (a reference as the referred record's name). It
 * reads the trail through the core (joinery-person-data.h); no SQL here.
 */
#include "config.h"

#include "joinery-audit-view.h"
#include "joinery-person-data.h"

#define HISTORY_LIMIT 50

struct _JoineryAuditView
{
  AdwBin               parent_instance;

  AdwPreferencesGroup *group;
  AdwExpanderRow      *expander;  /* its rows made when first expanded */
  GPtrArray           *titles;    /* each entry's title, newest first */
  GPtrArray           *changes;   /* …and what it changed */
  GPtrArray           *texts;     /* each row's text, for tests */
  gboolean             filled;
};

G_DEFINE_FINAL_TYPE (JoineryAuditView, joinery_audit_view, ADW_TYPE_BIN)

static void expanded_cb (AdwExpanderRow *expander, GParamSpec *pspec, JoineryAuditView *self);

static void
joinery_audit_view_finalize (GObject *object)
{
  JoineryAuditView *self = JOINERY_AUDIT_VIEW (object);

  g_clear_pointer (&self->texts, g_ptr_array_unref);
  g_clear_pointer (&self->titles, g_ptr_array_unref);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  G_OBJECT_CLASS (joinery_audit_view_parent_class)->finalize (object);
}

static void
joinery_audit_view_class_init (JoineryAuditViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = joinery_audit_view_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/joinery/Joinery/joinery-audit-view.ui");
  gtk_widget_class_bind_template_child (widget_class, JoineryAuditView, group);
  gtk_widget_class_bind_template_child (widget_class, JoineryAuditView, expander);
  gtk_widget_class_bind_template_callback (widget_class, expanded_cb);
}

static void
joinery_audit_view_init (JoineryAuditView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->titles = g_ptr_array_new_with_free_func (g_free);
  self->changes = g_ptr_array_new_with_free_func (g_free);
}

static const char *
describe_action (const char *action)
{
  if (g_str_equal (action, "create"))
    return "Added";
  if (g_str_equal (action, "update"))
    return "Changed";
  if (g_str_equal (action, "delete"))
    return "Deleted";
  if (g_str_equal (action, "export"))
    return "Exported";
  if (g_str_equal (action, "erase"))
    return "Erased";
  if (g_str_equal (action, "import"))
    return "Imported";
  return action;
}

/* A value as people read it: a reference by the referred record's name. */
static char *
describe_value (JoineryDb *db, const JoineryField *field, const char *value)
{
  gint64 id;

  if (value == NULL)
    return g_strdup ("(empty)");
  if (field != NULL && field->type == JOINERY_FIELD_REFERENCE &&
      g_ascii_string_to_signed (value, 10, 1, G_MAXINT64, &id, NULL))
    {
      char *label = joinery_db_dup_label (db, joinery_kind_lookup (field->ref_kind), id);
      if (label != NULL)
        return label;
    }
  if (field != NULL && field->type == JOINERY_FIELD_BOOLEAN)
    return g_strdup (g_str_equal (value, "0") ? "no" : "yes");
  return g_strdup (value);
}

static const JoineryField *
field_for_column (const JoineryKind *kind, const char *column)
{
  for (guint i = 0; kind != NULL && i < kind->n_fields; i++)
    if (g_str_equal (joinery_field_get_column (&kind->fields[i]), column))
      return &kind->fields[i];
  return NULL;
}

static char *
describe_changes (JoineryDb *db, const JoineryKind *kind, JoineryAuditEntry *entry)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean both = g_str_equal (entry->action, "update");

  /* An export or an erasure tells its details, not fields. */
  if (g_str_equal (entry->action, "export") || g_str_equal (entry->action, "erase"))
    {
      for (guint i = 0; i < entry->fields->len; i++)
        {
          JoineryAuditField *detail = entry->fields->pdata[i];
          g_autofree char *words = g_strdelimit (g_strdup (detail->field), "_", ' ');

          g_string_append_printf (text, "%s%s: %s", i > 0 ? "; " : "", words,
                                  detail->after != NULL ? detail->after : "");
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  for (guint i = 0; i < entry->fields->len; i++)
    {
      JoineryAuditField *change = entry->fields->pdata[i];
      const JoineryField *field = field_for_column (kind, change->field);
      g_autofree char *before = describe_value (db, field, change->before);
      g_autofree char *after = describe_value (db, field, change->after);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: ", field != NULL ? field->label : change->field);
      if (both)
        g_string_append_printf (text, "%s → %s", before, after);
      else
        g_string_append (text, change->after != NULL ? after : before);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_time (const char *at)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (at, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (at);
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%-d %B %Y at %H:%M");
}

static GtkWidget *
make_entry_row (const char *title, const char *changes)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *details = gtk_label_new (changes);

  /* Labels that never wrap: each line ends in "…" when too long, the
   * whole in the tooltip. Wrapping labels here kept the form's layout
   * busy enough to starve the window's idle work. */
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_set_visible (details, *changes != '\0');
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_tooltip_text (row, changes);
  return row;
}

/* The rows are made when the history is first opened: a form shows many
 * records a minute and most of their histories are never looked at. */
static void
expanded_cb (AdwExpanderRow *expander, GParamSpec *pspec, JoineryAuditView *self)
{
  if (self->filled || !adw_expander_row_get_expanded (expander))
    return;
  self->filled = TRUE;
  for (guint i = 0; i < self->titles->len; i++)
    adw_expander_row_add_row (expander, make_entry_row (self->titles->pdata[i], self->changes->pdata[i]));
}

GtkWidget *
joinery_audit_view_new (JoineryDb *db, const JoineryKind *kind, gint64 id)
{
  JoineryAuditView *self;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (JOINERY_TYPE_AUDIT_VIEW, NULL);
  entries = joinery_db_audit_list (db, kind, id, NULL, HISTORY_LIMIT, &error);
  if (entries == NULL)
    {
      adw_preferences_group_set_description (self->group, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->expander), FALSE);
      return GTK_WIDGET (self);
    }
  for (guint i = entries->len; i-- > 0;)
    {
      JoineryAuditEntry *entry = entries->pdata[i];
      g_autofree char *when = describe_time (entry->at);
      /* A record a large import made: "Created by import of “people.csv”". */
      g_autofree char *what = entry->note != NULL ? g_strdup (entry->note) : g_strdup (describe_action (entry->action));
      char *title = g_strdup_printf ("%c%s by %s, %s", g_ascii_toupper (what[0]), what + 1, entry->source, when);
      char *changes = describe_changes (db, kind, entry);

      g_ptr_array_add (self->titles, title);
      g_ptr_array_add (self->changes, changes);
      g_ptr_array_add (self->texts, g_strdup_printf ("%s — %s", title, changes));
    }

  count = entries->len == HISTORY_LIMIT ? g_strdup ("The latest 50 changes")
        : entries->len == 1 ? g_strdup ("1 change")
        : g_strdup_printf ("%u changes", entries->len);
  adw_expander_row_set_subtitle (self->expander, entries->len == 0 ? "None recorded" : count);
  gtk_widget_set_sensitive (GTK_WIDGET (self->expander), entries->len > 0);
  return GTK_WIDGET (self);
}

guint
joinery_audit_view_get_n_entries (JoineryAuditView *self)
{
  g_return_val_if_fail (JOINERY_IS_AUDIT_VIEW (self), 0);
  return self->texts->len;
}

const char *
joinery_audit_view_get_entry_text (JoineryAuditView *self, guint index)
{
  g_return_val_if_fail (JOINERY_IS_AUDIT_VIEW (self), NULL);
  g_return_val_if_fail (index < self->texts->len, NULL);
  return self->texts->pdata[index];
}
