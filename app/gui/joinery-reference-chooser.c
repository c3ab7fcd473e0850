/* joinery-reference-chooser.c: find a record of one kind by typing.
 *
 * With nothing typed it offers the kind's first records in their usual
 * order; with text, the core's full-text search limited to the kind. It
 * only chooses: the form writes the choice. No SQL here.
 */
#include "config.h"

#include "joinery-reference-chooser.h"
#include "joinery-gui-util.h"

#define MAX_RESULTS 40

struct _JoineryReferenceChooser
{
  GtkPopover         parent_instance;

  GtkSearchEntry    *search_entry;
  GtkListBox        *results;

  JoineryDb         *db;
  const JoineryKind *kind;
  gboolean           allow_none;
  guint              n_results;
};

G_DEFINE_FINAL_TYPE (JoineryReferenceChooser, joinery_reference_chooser, GTK_TYPE_POPOVER)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_result (JoineryReferenceChooser *self, gint64 id, const char *label, const char *detail)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), title);
  if (detail != NULL)
    {
      GtkWidget *sub = gtk_label_new (detail);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_box_append (GTK_BOX (box), sub);
    }
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "id", g_memdup2 (&id, sizeof id), g_free);
  gtk_list_box_append (self->results, row);
  self->n_results++;
}

void
joinery_reference_chooser_search (JoineryReferenceChooser *self, const char *text)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  self->n_results = 0;

  if (self->allow_none && (text == NULL || *text == '\0'))
    add_result (self, 0, "None", NULL);

  if (text == NULL || *text == '\0')
    {
      g_autoptr(JoineryQuery) query = joinery_query_new (self->kind);
      g_autoptr(GPtrArray) records = NULL;

      joinery_query_set_range (query, 0, MAX_RESULTS);
      records = joinery_db_list (self->db, self->kind, query, &error);
      for (guint i = 0; records != NULL && i < records->len; i++)
        {
          JoineryRecord *record = g_ptr_array_index (records, i);
          add_result (self, joinery_record_get_id (record), joinery_record_get_label (record), NULL);
        }
    }
  else
    {
      g_autoptr(GPtrArray) hits = joinery_db_search (self->db, text, self->kind, MAX_RESULTS,
                                                     "", "", &error);
      for (guint i = 0; hits != NULL && i < hits->len; i++)
        {
          JoinerySearchHit *hit = g_ptr_array_index (hits, i);
          gboolean same = g_strcmp0 (hit->snippet, hit->label) == 0;
          add_result (self, hit->id, hit->label, same ? NULL : hit->snippet);
        }
    }
  if (error != NULL)
    g_debug ("reference search in %s: %s", self->kind->plural, error->message);
}

guint
joinery_reference_chooser_get_n_results (JoineryReferenceChooser *self)
{
  return self->n_results;
}

static void
choose_row (JoineryReferenceChooser *self, GtkListBoxRow *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "id");

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[CHOSEN], 0, *id);
}

void
joinery_reference_chooser_choose (JoineryReferenceChooser *self, guint index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results, (int) index);

  g_return_if_fail (row != NULL);
  choose_row (self, row);
}

static void
search_changed_cb (JoineryReferenceChooser *self)
{
  joinery_reference_chooser_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_activate_cb (JoineryReferenceChooser *self)
{
  GtkListBoxRow *first;

  search_changed_cb (self);
  first = gtk_list_box_get_row_at_index (self->results, 0);
  if (first != NULL)
    choose_row (self, first);
}

static void
row_activated_cb (JoineryReferenceChooser *self, GtkListBoxRow *row)
{
  choose_row (self, row);
}

static void
joinery_reference_chooser_show (GtkWidget *widget)
{
  JoineryReferenceChooser *self = JOINERY_REFERENCE_CHOOSER (widget);

  GTK_WIDGET_CLASS (joinery_reference_chooser_parent_class)->show (widget);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  joinery_reference_chooser_search (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
joinery_reference_chooser_dispose (GObject *object)
{
  JoineryReferenceChooser *self = JOINERY_REFERENCE_CHOOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), JOINERY_TYPE_REFERENCE_CHOOSER);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (joinery_reference_chooser_parent_class)->dispose (object);
}

static void
joinery_reference_chooser_class_init (JoineryReferenceChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = joinery_reference_chooser_dispose;
  widget_class->show = joinery_reference_chooser_show;

  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/joinery/Joinery/joinery-reference-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, JoineryReferenceChooser, search_entry);
  gtk_widget_class_bind_template_child (widget_class, JoineryReferenceChooser, results);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
joinery_reference_chooser_init (JoineryReferenceChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

JoineryReferenceChooser *
joinery_reference_chooser_new (JoineryDb *db, const JoineryKind *kind, gboolean allow_none)
{
  JoineryReferenceChooser *self = g_object_new (JOINERY_TYPE_REFERENCE_CHOOSER, NULL);
  g_autofree char *placeholder = g_strdup_printf ("Find %s", joinery_kind_get_words (kind, FALSE));

  self->db = g_object_ref (db);
  self->kind = kind;
  self->allow_none = allow_none;
  g_object_set (self->search_entry, "placeholder-text", placeholder, NULL);
  return self;
}
