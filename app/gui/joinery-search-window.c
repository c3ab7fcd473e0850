/* joinery-search-window.c: the global search.
 *
 * Asks the core's full-text search across every kind as you type and
 * lists the hits best first, each with its kind and the matching words;
 * Enter or a click opens one in the window through "win.open-record".
 * No SQL here.
 */
#include "config.h"

#include "joinery-search-window.h"
#include "joinery-gui-util.h"

#include <string.h>

#define MAX_HITS 60

/* Markers of the match in snippets that no text contains, so that the
 * text can be escaped before they become markup. */
#define MARK_START "\x01"
#define MARK_END   "\x02"

struct _JoinerySearchWindow
{
  AdwWindow       parent_instance;

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  AdwStatusPage  *hint_page;
  GtkListBox     *results;

  JoineryDb      *db;
  GtkWidget      *parent;
  guint           n_results;
};

G_DEFINE_FINAL_TYPE (JoinerySearchWindow, joinery_search_window, ADW_TYPE_WINDOW)

/* The snippet as markup: the text escaped, the match in bold. */
static char *
snippet_markup (const char *snippet)
{
  GString *markup = g_string_new (NULL);
  const char *p = snippet != NULL ? snippet : "";

  while (*p != '\0')
    {
      gsize run = strcspn (p, MARK_START MARK_END);
      g_autofree char *escaped = g_markup_escape_text (p, (gssize) run);

      g_string_append (markup, escaped);
      p += run;
      if (*p == MARK_START[0])
        g_string_append (markup, "<b>");
      else if (*p == MARK_END[0])
        g_string_append (markup, "</b>");
      if (*p != '\0')
        p++;
    }
  return g_string_free (markup, FALSE);
}

/* The snippet without its markers, to compare with the label. */
static char *
snippet_plain (const char *snippet)
{
  char *plain = g_strdup (snippet != NULL ? snippet : "");
  char *out = plain;

  for (const char *p = plain; *p != '\0'; p++)
    if (*p != MARK_START[0] && *p != MARK_END[0])
      *out++ = *p;
  *out = '\0';
  return plain;
}

static void
add_hit (JoinerySearchWindow *self, JoinerySearchHit *hit)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (hit->label != NULL ? hit->label : "?", -1);
  g_autofree char *subtitle = snippet_markup (hit->snippet);
  g_autofree char *plain = snippet_plain (hit->snippet);
  g_autofree char *ref = joinery_gui_record_ref (hit->kind, hit->id);
  GtkWidget *kind_label = gtk_label_new (hit->kind->label);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* The matching words, unless they are the name itself. */
  if (g_strcmp0 (plain, hit->label) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (joinery_gui_kind_icon (hit->kind)));
  gtk_widget_add_css_class (kind_label, "dim-label");
  gtk_widget_add_css_class (kind_label, "caption");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), kind_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "record-ref", g_steal_pointer (&ref), g_free);
  gtk_list_box_append (self->results, row);
  self->n_results++;
}

void
joinery_search_window_search (JoinerySearchWindow *self, const char *text)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  self->n_results = 0;

  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*trimmed == '\0')
    {
      adw_status_page_set_title (self->hint_page, "Find Anything");
      adw_status_page_set_description (self->hint_page, "Type part of a name, a reference or a word in a note.");
      gtk_stack_set_visible_child_name (self->stack, "hint");
      return;
    }

  hits = joinery_db_search (self->db, text, NULL, MAX_HITS, MARK_START, MARK_END, &error);
  for (guint i = 0; hits != NULL && i < hits->len; i++)
    add_hit (self, g_ptr_array_index (hits, i));

  if (self->n_results == 0)
    {
      adw_status_page_set_title (self->hint_page, "No Results Found");
      adw_status_page_set_description (self->hint_page,
                                       error != NULL ? error->message : "Try other words.");
      gtk_stack_set_visible_child_name (self->stack, "hint");
      return;
    }
  gtk_list_box_select_row (self->results, gtk_list_box_get_row_at_index (self->results, 0));
  gtk_stack_set_visible_child_name (self->stack, "results");
}

guint
joinery_search_window_get_n_results (JoinerySearchWindow *self)
{
  return self->n_results;
}

static void
open_row (JoinerySearchWindow *self, GtkListBoxRow *row)
{
  g_autofree char *ref = g_strdup (g_object_get_data (G_OBJECT (row), "record-ref"));
  g_autoptr(GtkWidget) parent = g_object_ref (self->parent);

  /* The row goes with this window: what it said was copied first. */
  gtk_window_destroy (GTK_WINDOW (self));
  gtk_widget_activate_action (parent, "win.open-record", "s", ref);
}

void
joinery_search_window_open_result (JoinerySearchWindow *self, guint index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results, (int) index);

  g_return_if_fail (row != NULL);
  open_row (self, row);
}

static void
search_changed_cb (JoinerySearchWindow *self)
{
  joinery_search_window_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_activate_cb (JoinerySearchWindow *self)
{
  GtkListBoxRow *row;

  search_changed_cb (self);
  row = gtk_list_box_get_selected_row (self->results);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->results, 0);
  if (row != NULL)
    open_row (self, row);
}

static void
row_activated_cb (JoinerySearchWindow *self, GtkListBoxRow *row)
{
  open_row (self, row);
}

/* Up and down move through the hits while typing goes on in the entry. */
static gboolean
key_pressed_cb (JoinerySearchWindow *self, guint keyval, guint keycode, GdkModifierType state)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results);
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  GtkListBoxRow *next = NULL;

  if (keyval == GDK_KEY_Escape)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return TRUE;
    }
  if (keyval == GDK_KEY_Down)
    next = gtk_list_box_get_row_at_index (self->results, index + 1);
  else if (keyval == GDK_KEY_Up && index > 0)
    next = gtk_list_box_get_row_at_index (self->results, index - 1);
  else
    return FALSE;
  if (next != NULL)
    {
      gtk_list_box_select_row (self->results, next);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
  return TRUE;
}

static void
joinery_search_window_dispose (GObject *object)
{
  JoinerySearchWindow *self = JOINERY_SEARCH_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), JOINERY_TYPE_SEARCH_WINDOW);
  g_clear_object (&self->db);
  g_clear_object (&self->parent);
  G_OBJECT_CLASS (joinery_search_window_parent_class)->dispose (object);
}

static void
joinery_search_window_class_init (JoinerySearchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = joinery_search_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/joinery/Joinery/joinery-search-window.ui");
  gtk_widget_class_bind_template_child (widget_class, JoinerySearchWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, JoinerySearchWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, JoinerySearchWindow, hint_page);
  gtk_widget_class_bind_template_child (widget_class, JoinerySearchWindow, results);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
}

static void
joinery_search_window_init (JoinerySearchWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

JoinerySearchWindow *
joinery_search_window_new (gpointer parent, JoineryDb *db)
{
  JoinerySearchWindow *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);

  self = g_object_new (JOINERY_TYPE_SEARCH_WINDOW, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->parent = g_object_ref (GTK_WIDGET (parent));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return self;
}
