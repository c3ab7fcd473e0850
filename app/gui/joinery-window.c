/* joinery-window.c: the main window.
 *
 * It owns the open database and ties the parts together: the sidebar of
 * the main kinds with their counts, one JoineryRecordList per kind (made
 * when first shown), the one JoineryRecordForm, the window's actions
 * (new, delete, undo, redo, find, go back, open a record) and the toasts.
 * Nothing at start-up may scan the data. A file opens on Home, which reads
 * its figures in a thread of its own once it is shown (not if a list is
 * shown first); the sidebar's counts wait until those are painted, and
 * run at a lower priority, and no list is made until the records are
 * first shown. No SQL here.
 */
#include "config.h"

#include <string.h>

#include "joinery-window.h"
#include "joinery-background.h"
#include "joinery-window-page.h"
#include "joinery-application.h"
#include "joinery-gui-util.h"
#include "joinery-search-window.h"
#include "joinery-backup-dialog.h"
#include "joinery-export-actions.h"
#include "joinery-workflows-page.h"
#include "joinery-demo.h"
#include "joinery-dashboard-page.h"

struct _JoineryWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkStack          *main_stack;
  GtkWidget         *recent_group;
  GtkListBox        *recent_list;
  GMenu             *recent_section;
  AdwLeaflet        *leaflet;
  GtkWidget         *sidebar_box;
  AdwHeaderBar      *sidebar_header;
  AdwWindowTitle    *sidebar_title;
  GtkListBox        *sidebar_list;
  GtkWidget         *sidebar_handle;
  GtkStack          *content_stack;  /* "records" (the content leaflet) and the pages */
  AdwLeaflet        *content_leaflet;
  GtkWidget         *list_pane;
  AdwHeaderBar      *list_header;
  GtkWidget         *list_back_button;
  GtkWidget         *undo_button;
  GtkWidget         *redo_button;
  AdwWindowTitle    *list_title;
  GtkStack          *list_stack;
  JoineryRecordForm *form;

  GSettings         *settings;
  JoineryDb         *db;
  GHashTable        *lists;       /* kind name → JoineryRecordList */
  GHashTable        *count_labels; /* kind name → GtkLabel */
  GHashTable        *pages;       /* page name → the page's content, once built */
  JoineryRecordList *current_list;
  const JoineryKind *current_kind; /* the kind the records show; its list is built when first shown */
  GQueue             history;     /* "kind:id" of records left by following a link */
  AdwToast          *last_toast;
  AdwToast          *done_toast;  /* what was just done: added, deleted, undone, redone */
  gint64             done_toast_at;
  GArray            *pending_counts; /* const JoineryKind *, to count when idle */
  guint              count_id;
  gboolean           counting;       /* a count_thread() runs */
  gboolean           counts_held;    /* until Home's figures are painted (hold_counts) */
  guint              release_id;     /* releases them after HELD_COUNTS_MS all the same */
  gboolean           navigating;  /* showing a kind to open a record in it */
  char              *temporary_demo; /* a copy of the demo this window made, removed when done */
  int                drag_start_width;
};

G_DEFINE_FINAL_TYPE (JoineryWindow, joinery_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_actions (JoineryWindow *self);
static gboolean show_record (JoineryWindow *self, const JoineryKind *kind, gint64 id);

/* Toasts */

#define DONE_TOAST_SECONDS 3
#define DONE_TOAST_SETTLE_MS 600 /* a toast slides in over 300 ms, 500 when replacing another */

void
joinery_window_add_toast (JoineryWindow *self, AdwToast *toast)
{
  g_set_object (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A toast of plain text, whatever the text holds. */
static AdwToast *
new_toast_valist (const char *format, va_list args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  return adw_toast_new (escaped);
}

static void
done_toast_dismissed_cb (JoineryWindow *self, AdwToast *toast)
{
  g_object_set_data (G_OBJECT (toast), "joinery-dismissed", GINT_TO_POINTER (TRUE));
  if (self->done_toast == toast)
    g_clear_object (&self->done_toast);
}

static gboolean
dismiss_toast_cb (gpointer toast)
{
  if (g_object_get_data (toast, "joinery-dismissed") == NULL)
    adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

/* What was just done ("Added…", "Deleted…", "Undone…", "Redone…") shows
 * briefly, in place of the last such toast rather than queued behind it.
 * libadwaita 1.2 crashes when a toast is dismissed while it is still
 * sliding in: a toast shown more recently is dismissed once it is in, and
 * the new one waits behind it until then. (A message other than these,
 * such as an error, is left alone: what was done waits behind it.) */
static void
add_done_toast (JoineryWindow *self, AdwToast *toast)
{
  gint64 now = g_get_monotonic_time ();
  gint64 shown_at = now;

  if (self->done_toast != NULL)
    {
      /* Negative while the last one still waits for the one before it. */
      gint64 age_ms = (now - self->done_toast_at) / 1000;

      if (age_ms >= DONE_TOAST_SETTLE_MS)
        dismiss_toast_cb (self->done_toast);
      else
        {
          g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (DONE_TOAST_SETTLE_MS - age_ms), dismiss_toast_cb,
                              g_object_ref (self->done_toast), g_object_unref);
          shown_at = now + (DONE_TOAST_SETTLE_MS - age_ms) * 1000;
        }
    }
  g_clear_object (&self->done_toast);
  if (adw_toast_get_button_label (toast) == NULL)
    adw_toast_set_timeout (toast, DONE_TOAST_SECONDS);
  self->done_toast = g_object_ref (toast);
  self->done_toast_at = shown_at;
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (done_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  joinery_window_add_toast (self, toast);
}

static void
done_message (JoineryWindow *self, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
done_message (JoineryWindow *self, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  add_done_toast (self, new_toast_valist (format, args));
  va_end (args);
}

static void
toast_message (JoineryWindow *self, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
toast_message (JoineryWindow *self, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  joinery_window_add_toast (self, new_toast_valist (format, args));
  va_end (args);
}

/* Counts in the sidebar, read in a thread of their own on a read-only
 * connection: counting a million people reads a whole index, which the
 * window must not wait for (at start-up least of all), at a lower
 * priority (joinery_background_run()), so that the window draws first. */

typedef struct {
  char   *path;
  GArray *kinds;   /* const JoineryKind * */
  GArray *counts;  /* gint64 each, -1 if it could not be counted */
} CountJob;

static void
count_job_free (CountJob *job)
{
  g_free (job->path);
  g_array_unref (job->kinds);
  g_array_unref (job->counts);
  g_free (job);
}

static void
count_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CountJob *job = data;
  g_autoptr(JoineryDb) db = joinery_db_open (job->path, JOINERY_DB_OPEN_READ_ONLY, NULL);

  for (guint i = 0; i < job->kinds->len; i++)
    {
      gint64 count = -1;

      if (db == NULL || !joinery_db_count (db, g_array_index (job->kinds, const JoineryKind *, i), NULL,
                                           &count, NULL))
        count = -1;
      g_array_append_val (job->counts, count);
    }
  g_task_return_boolean (task, TRUE);
}

static void start_counts (JoineryWindow *self);

static void
counts_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GWeakRef *weak = data;
  g_autoptr(JoineryWindow) self = g_weak_ref_get (weak);
  CountJob *job = g_task_get_task_data (G_TASK (result));

  g_weak_ref_clear (weak);
  g_free (weak);
  if (self == NULL)
    return; /* closed meanwhile */
  self->counting = FALSE;
  /* Gone, or another file opened meanwhile (its own counts are queued). */
  if (self->db == NULL || g_strcmp0 (joinery_db_get_path (self->db), job->path) != 0)
    {
      start_counts (self);
      return;
    }
  for (guint i = 0; i < job->kinds->len; i++)
    {
      const JoineryKind *kind = g_array_index (job->kinds, const JoineryKind *, i);
      gint64 count = g_array_index (job->counts, gint64, i);
      GtkLabel *label = g_hash_table_lookup (self->count_labels, kind->name);

      if (label != NULL && count >= 0)
        {
          g_autofree char *text = joinery_gui_format_count ((guint64) count);
          gtk_label_set_text (label, text);
        }
    }
  start_counts (self);
}

static void
start_counts (JoineryWindow *self)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *weak;
  CountJob *job;

  if (self->counting || self->counts_held || self->db == NULL || self->pending_counts == NULL ||
      self->pending_counts->len == 0)
    return;
  job = g_new0 (CountJob, 1);
  job->path = g_strdup (joinery_db_get_path (self->db));
  job->kinds = g_array_copy (self->pending_counts);
  job->counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_set_size (self->pending_counts, 0);
  self->counting = TRUE;
  /* No source object: a closed window goes at once, not after the count. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, NULL, counts_done_cb, weak);
  g_task_set_task_data (task, job, (GDestroyNotify) count_job_free);
  joinery_background_run (task, count_thread);
}

static gboolean
count_idle_cb (gpointer data)
{
  JoineryWindow *self = data;

  self->count_id = 0;
  start_counts (self);
  return G_SOURCE_REMOVE;
}

static void
queue_count (JoineryWindow *self, const JoineryKind *kind)
{
  for (guint i = 0; i < self->pending_counts->len; i++)
    if (g_array_index (self->pending_counts, const JoineryKind *, i) == kind)
      return;
  g_array_append_val (self->pending_counts, kind);
  /* The kinds a change touches, counted together once it is done; the
   * thread is started before the next frame (an idle of lower priority
   * waits for a window that is drawing frame after frame). */
  if (self->count_id == 0)
    self->count_id = g_idle_add_full (G_PRIORITY_DEFAULT, count_idle_cb, self, NULL);
}

/* A file opens on Home, whose figures come first: the sidebar's counts
 * (each a whole index read on a large file) wait until Home has painted
 * its figures, or HELD_COUNTS_MS at most, rather than compete with Home's
 * own reading for the processor. */
#define HELD_COUNTS_MS 2000

static void
release_counts (JoineryWindow *self)
{
  g_clear_handle_id (&self->release_id, g_source_remove);
  if (!self->counts_held)
    return;
  self->counts_held = FALSE;
  start_counts (self);
}

static gboolean
release_counts_cb (gpointer data)
{
  JoineryWindow *self = data;

  self->release_id = 0;
  release_counts (self);
  return G_SOURCE_REMOVE;
}

static void
hold_counts (JoineryWindow *self)
{
  self->counts_held = TRUE;
  g_clear_handle_id (&self->release_id, g_source_remove);
  self->release_id = g_timeout_add (HELD_COUNTS_MS, release_counts_cb, self);
}

/* After each frame while the counts are held: Home painted with its
 * figures (or an error, or nothing to show), or no longer shown. */
static void
frame_painted_cb (GdkFrameClock *clock, JoineryWindow *self)
{
  GtkWidget *home;

  if (!self->counts_held)
    return;
  home = joinery_window_get_page_widget (self, "home");
  if (home == NULL || !JOINERY_IS_DASHBOARD_PAGE (home) ||
      g_strcmp0 (joinery_window_get_visible_page (self), "home") != 0 ||
      joinery_dashboard_page_is_ready (JOINERY_DASHBOARD_PAGE (home)))
    release_counts (self);
}

static void
window_realized_cb (GtkWidget *widget)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (frame_painted_cb),
                           widget, 0);
}

/* The sidebar */

static GtkWidget *
make_sidebar_row (JoineryWindow *self, const JoineryKind *kind, guint index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (kind->label_plural);
  GtkWidget *count = gtk_label_new ("");

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (joinery_gui_kind_icon (kind)));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_add_css_class (count, "kind-count");
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "kind", (gpointer) kind);
  g_hash_table_replace (self->count_labels, (gpointer) kind->name, count);
  if (index < 9)
    {
      g_autofree char *tooltip = g_strdup_printf ("Alt+%u", index + 1);
      gtk_widget_set_tooltip_text (row, tooltip);
    }
  return row;
}

static GtkWidget *make_page_row (const JoineryWindowPage *page);
static void sidebar_header_func (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data);

static void
build_sidebar (JoineryWindow *self)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  guint n = 0;

  for (guint i = 0; kinds[i] != NULL; i++)
    if (kinds[i]->primary)
      gtk_list_box_append (self->sidebar_list, make_sidebar_row (self, kinds[i], n++));
  for (const JoineryWindowPage **page = joinery_window_get_pages (NULL); *page != NULL; page++)
    gtk_list_box_append (self->sidebar_list, make_page_row (*page));
  gtk_list_box_set_header_func (self->sidebar_list, sidebar_header_func, NULL, NULL);
}

static GtkListBoxRow *
find_sidebar_row (JoineryWindow *self, const char *key, gconstpointer value)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list, i);
      if (row == NULL || g_object_get_data (G_OBJECT (row), key) == value)
        return row;
    }
}

/* Pages */

static GPtrArray *registered_pages; /* const JoineryWindowPage * */

void
joinery_window_register_page (const JoineryWindowPage *page)
{
  g_return_if_fail (page != NULL && page->name != NULL && page->create != NULL);

  if (joinery_window_lookup_page (page->name) != NULL)
    {
      g_critical ("a window page named %s is already registered", page->name);
      return;
    }
  if (registered_pages == NULL)
    registered_pages = g_ptr_array_new ();
  g_ptr_array_add (registered_pages, (gpointer) page);
}

const JoineryWindowPage *
joinery_window_lookup_page (const char *name)
{
  for (guint i = 0; registered_pages != NULL && i < registered_pages->len; i++)
    {
      const JoineryWindowPage *page = g_ptr_array_index (registered_pages, i);
      if (g_strcmp0 (page->name, name) == 0)
        return page;
    }
  return NULL;
}

const JoineryWindowPage **
joinery_window_get_pages (guint *n_pages)
{
  static const JoineryWindowPage *none[] = { NULL };

  if (n_pages != NULL)
    *n_pages = registered_pages != NULL ? registered_pages->len : 0;
  if (registered_pages == NULL)
    return none;
  /* Keep the array ended by NULL without counting the NULL as a page. */
  g_ptr_array_add (registered_pages, NULL);
  g_ptr_array_set_size (registered_pages, registered_pages->len - 1);
  return (const JoineryWindowPage **) registered_pages->pdata;
}

static GtkWidget *
make_page_row (const JoineryWindowPage *page)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (page->title);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (page->icon_name));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "page", (gpointer) page);
  /* The page's shortcut is in the shortcuts window, not in a tooltip: a
   * tooltip shown under a resting pointer redraws without end, which
   * starves the window's idle work where no one moves the pointer. */
  return row;
}

/* A line between the kinds of record and the first page. */
static void
sidebar_header_func (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data)
{
  gboolean first_page = g_object_get_data (G_OBJECT (row), "page") != NULL &&
                        before != NULL && g_object_get_data (G_OBJECT (before), "page") == NULL;

  if (first_page && gtk_list_box_row_get_header (row) == NULL)
    gtk_list_box_row_set_header (row, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  else if (!first_page && gtk_list_box_row_get_header (row) != NULL)
    gtk_list_box_row_set_header (row, NULL);
}

static JoineryRecordList *ensure_current_list (JoineryWindow *self);

static void
show_records_content (JoineryWindow *self)
{
  ensure_current_list (self);
  gtk_stack_set_visible_child_name (self->content_stack, "records");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

static void
page_back_clicked_cb (JoineryWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_box);
}

/* The page's frame: its header bar (with a way back to the sidebar when
 * the window is narrow) above what the page builds. */
static GtkWidget *
build_page (JoineryWindow *self, const JoineryWindowPage *page)
{
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *content;

  gtk_widget_set_tooltip_text (back, "Kinds of Record");
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (page_back_clicked_cb), self);
  g_object_bind_property (self->leaflet, "folded", back, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", header, "show-start-title-buttons", G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (page->title, NULL));
  gtk_box_append (GTK_BOX (frame), header);

  content = page->create (self, ADW_HEADER_BAR (header));
  gtk_widget_set_vexpand (content, TRUE);
  gtk_widget_set_hexpand (content, TRUE);
  gtk_box_append (GTK_BOX (frame), content);
  g_object_set_data (G_OBJECT (frame), "joinery-page-content", content);
  return frame;
}

/* A page's frame, built (and added to the stack, not shown) if need be. */
static GtkWidget *
ensure_page (JoineryWindow *self, const JoineryWindowPage *page)
{
  GtkWidget *frame = g_hash_table_lookup (self->pages, page->name);

  if (frame == NULL)
    {
      frame = build_page (self, page);
      gtk_stack_add_named (self->content_stack, frame, page->name);
      g_hash_table_replace (self->pages, (gpointer) page->name, frame);
    }
  return frame;
}

gboolean
joinery_window_show_page (JoineryWindow *self, const char *name)
{
  const JoineryWindowPage *page;
  GtkWidget *frame;
  GtkListBoxRow *row;

  g_return_val_if_fail (JOINERY_IS_WINDOW (self), FALSE);

  page = joinery_window_lookup_page (name);
  if (self->db == NULL || page == NULL)
    return FALSE;
  row = find_sidebar_row (self, "page", page);
  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    {
      gtk_list_box_select_row (self->sidebar_list, row);
      return TRUE; /* sidebar_row_selected_cb comes back here */
    }

  joinery_record_form_commit_pending (self->form);
  frame = ensure_page (self, page);
  gtk_stack_set_visible_child (self->content_stack, frame);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
  update_actions (self);
  return TRUE;
}

GtkWidget *
joinery_window_get_page_widget (JoineryWindow *self, const char *name)
{
  GtkWidget *frame;

  g_return_val_if_fail (JOINERY_IS_WINDOW (self), NULL);

  frame = g_hash_table_lookup (self->pages, name);
  return frame != NULL ? g_object_get_data (G_OBJECT (frame), "joinery-page-content") : NULL;
}

const char *
joinery_window_get_visible_page (JoineryWindow *self)
{
  const char *name;

  g_return_val_if_fail (JOINERY_IS_WINDOW (self), NULL);

  name = gtk_stack_get_visible_child_name (self->content_stack);
  return g_strcmp0 (name, "records") == 0 ? NULL : name;
}

static void
destroy_pages (JoineryWindow *self)
{
  GHashTableIter iter;
  gpointer frame;

  gtk_stack_set_visible_child_name (self->content_stack, "records");
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &frame))
    gtk_stack_remove (self->content_stack, frame);
  g_hash_table_remove_all (self->pages);
}

/* Lists */

static void
update_list_title (JoineryWindow *self)
{
  const JoineryKind *kind;
  g_autofree char *count = NULL;
  guint n;

  if (self->current_list == NULL)
    return;
  kind = joinery_record_list_get_kind (self->current_list);
  n = g_list_model_get_n_items (G_LIST_MODEL (joinery_record_list_get_model (self->current_list)));
  count = joinery_gui_count_label (kind, n);
  adw_window_title_set_title (self->list_title, kind->label_plural);
  adw_window_title_set_subtitle (self->list_title, count);
}

static void
list_items_changed_cb (GListModel *model, guint position, guint removed, guint added,
                       JoineryWindow *self)
{
  if (self->current_list != NULL && G_LIST_MODEL (joinery_record_list_get_model (self->current_list)) == model)
    update_list_title (self);
}

static void
list_record_selected_cb (JoineryRecordList *list, JoineryRecord *record, JoineryWindow *self)
{
  g_queue_clear_full (&self->history, g_free);
  joinery_record_form_show_record (self->form, joinery_record_get_kind (record),
                                   joinery_record_get_id (record));
  adw_leaflet_set_visible_child (self->content_leaflet, GTK_WIDGET (self->form));
  update_actions (self);
}

static void
list_record_activated_cb (JoineryRecordList *list, JoineryRecord *record, JoineryWindow *self)
{
  joinery_record_form_focus_first_field (self->form);
}

static JoineryRecordList *
ensure_list (JoineryWindow *self, const JoineryKind *kind)
{
  JoineryRecordList *list = g_hash_table_lookup (self->lists, kind->name);

  if (list == NULL)
    {
      list = joinery_record_list_new (self->db, kind);
      g_signal_connect (list, "record-selected", G_CALLBACK (list_record_selected_cb), self);
      g_signal_connect (list, "record-activated", G_CALLBACK (list_record_activated_cb), self);
      g_signal_connect (joinery_record_list_get_model (list), "items-changed",
                        G_CALLBACK (list_items_changed_cb), self);
      gtk_stack_add_named (self->list_stack, GTK_WIDGET (list), kind->name);
      g_hash_table_replace (self->lists, (gpointer) kind->name, list);
    }
  return list;
}

/* The current kind's list, built the first time the records are shown:
 * a file opens on Home, and a list of a million people is not made (nor
 * laid out) behind it. */
static JoineryRecordList *
ensure_current_list (JoineryWindow *self)
{
  if (self->current_list == NULL && self->db != NULL && self->current_kind != NULL)
    {
      self->current_list = ensure_list (self, self->current_kind);
      gtk_stack_set_visible_child (self->list_stack, GTK_WIDGET (self->current_list));
      update_list_title (self);
      update_actions (self);
    }
  return self->current_list;
}

void
joinery_window_show_kind (JoineryWindow *self, const JoineryKind *kind)
{
  GtkListBoxRow *row;

  g_return_if_fail (JOINERY_IS_WINDOW (self));
  g_return_if_fail (kind != NULL && kind->primary);

  if (self->db == NULL)
    return;
  row = find_sidebar_row (self, "kind", kind);
  if (gtk_list_box_get_selected_row (self->sidebar_list) != row)
    {
      gtk_list_box_select_row (self->sidebar_list, row);
      return; /* sidebar_row_selected_cb comes back here */
    }

  self->current_kind = kind;
  self->current_list = ensure_list (self, kind);
  gtk_stack_set_visible_child_name (self->content_stack, "records");
  gtk_stack_set_visible_child (self->list_stack, GTK_WIDGET (self->current_list));
  update_list_title (self);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-kind", kind->name);

  /* Choosing another kind leaves the record of the last one. */
  if (!self->navigating)
    {
      JoineryRecord *shown = joinery_record_form_get_record (self->form);
      g_autoptr(JoineryRecord) selected = joinery_record_list_dup_selected (self->current_list);

      if (shown == NULL || joinery_record_get_kind (shown) != kind)
        {
          if (selected != NULL)
            joinery_record_form_show_record (self->form, kind, joinery_record_get_id (selected));
          else
            joinery_record_form_clear (self->form);
        }
      g_queue_clear_full (&self->history, g_free);
    }
  update_actions (self);
}

void
joinery_window_show_filtered (JoineryWindow *self, const JoineryKind *kind, const char *label,
                              const char * const *filters)
{
  g_return_if_fail (JOINERY_IS_WINDOW (self));
  g_return_if_fail (kind != NULL && kind->primary);

  if (self->db == NULL)
    return;
  joinery_window_show_kind (self, kind);
  /* The sidebar's selection may come back to show_kind later: the list is
   * the kind's either way. */
  joinery_record_list_choose_filters (ensure_list (self, kind), label, filters);
  show_records_content (self);
  adw_leaflet_set_visible_child (self->content_leaflet, self->list_pane);
}

static void
sidebar_row_selected_cb (JoineryWindow *self, GtkListBoxRow *row)
{
  if (row == NULL)
    return;
  if (g_object_get_data (G_OBJECT (row), "page") != NULL)
    joinery_window_show_page (self, ((const JoineryWindowPage *) g_object_get_data (G_OBJECT (row), "page"))->name);
  else
    joinery_window_show_kind (self, g_object_get_data (G_OBJECT (row), "kind"));
}

static void
sidebar_row_activated_cb (JoineryWindow *self, GtkListBoxRow *row)
{
  if (row != NULL && g_object_get_data (G_OBJECT (row), "page") != NULL)
    {
      adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
      gtk_widget_child_focus (gtk_stack_get_visible_child (self->content_stack), GTK_DIR_TAB_FORWARD);
      return;
    }
  show_records_content (self);
  adw_leaflet_set_visible_child (self->content_leaflet, self->list_pane);
  if (self->current_list != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (joinery_record_list_get_column_view (self->current_list)));
}

static void
list_back_clicked_cb (JoineryWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_box);
}

/* Opening records */

static gboolean
show_record (JoineryWindow *self, const JoineryKind *kind, gint64 id)
{
  if (self->db == NULL || !joinery_db_exists (self->db, kind, id))
    return FALSE;

  if (kind->primary)
    {
      JoineryRecordList *list;

      self->navigating = TRUE;
      joinery_window_show_kind (self, kind);
      self->navigating = FALSE;
      list = ensure_list (self, kind);
      if (!joinery_record_list_select_id (list, id))
        {
          /* Not among what the search or filter shows: show everything. */
          joinery_record_list_reset (list);
          if (!joinery_record_list_select_id (list, id))
            joinery_record_list_unselect (list);
        }
    }
  joinery_record_form_show_record (self->form, kind, id);
  show_records_content (self);
  adw_leaflet_set_visible_child (self->content_leaflet, GTK_WIDGET (self->form));
  update_actions (self);
  return TRUE;
}

gboolean
joinery_window_open_record (JoineryWindow *self, const JoineryKind *kind, gint64 id)
{
  JoineryRecord *shown;

  g_return_val_if_fail (JOINERY_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  shown = joinery_record_form_get_record (self->form);
  if (shown != NULL && !joinery_record_form_is_draft (self->form))
    {
      if (joinery_record_get_kind (shown) == kind && joinery_record_get_id (shown) == id)
        return TRUE;
      g_queue_push_head (&self->history,
                         joinery_gui_record_ref (joinery_record_get_kind (shown), joinery_record_get_id (shown)));
    }
  if (!show_record (self, kind, id))
    {
      g_free (g_queue_pop_head (&self->history));
      toast_message (self, "That %s no longer exists", joinery_kind_get_words (kind, FALSE));
      return FALSE;
    }
  return TRUE;
}

static void
form_notice_cb (JoineryWindow *self, const char *message)
{
  toast_message (self, "%s", message);
}

static void
form_created_cb (JoineryWindow *self, JoineryRecord *record)
{
  const JoineryKind *kind = joinery_record_get_kind (record);
  g_autofree char *words = g_strdup_printf ("Added %s “%s”", joinery_kind_get_words (kind, FALSE),
                                            joinery_record_get_label (record));

  JoineryRecord *shown = joinery_record_form_get_record (self->form);

  /* Selected in the list when its form is the one shown. */
  if (kind->primary && self->current_list != NULL && joinery_record_list_get_kind (self->current_list) == kind &&
      shown != NULL && joinery_record_get_kind (shown) == kind &&
      joinery_record_get_id (shown) == joinery_record_get_id (record))
    joinery_record_list_select_id (self->current_list, joinery_record_get_id (record));
  done_message (self, "%s", words);
  update_actions (self);
}

/* Actions */

static void
update_actions (JoineryWindow *self)
{
  g_autofree char *undo = NULL;
  g_autofree char *redo = NULL;
  JoineryRecord *shown = joinery_record_form_get_record (self->form);
  GAction *action;

  if (self->db != NULL)
    {
      undo = joinery_db_dup_undo_label (self->db);
      redo = joinery_db_dup_redo_label (self->db);
    }
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "undo");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), undo != NULL);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "redo");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), redo != NULL);
  /* The buttons say what they would undo or redo. */
  {
    g_autofree char *undo_tip = undo != NULL ? g_strdup_printf ("Undo: %s (Ctrl+Z)", undo) : g_strdup ("Undo (Ctrl+Z)");
    g_autofree char *redo_tip = redo != NULL ? g_strdup_printf ("Redo: %s (Shift+Ctrl+Z)", redo)
                                             : g_strdup ("Redo (Shift+Ctrl+Z)");
    gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
    gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
  }
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "delete-record");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               shown != NULL && !joinery_record_form_is_draft (self->form));
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "go-back");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               !g_queue_is_empty (&self->history) ||
                               adw_leaflet_get_folded (self->content_leaflet) ||
                               joinery_record_form_is_draft (self->form));
  joinery_record_form_set_show_back (self->form, g_action_get_enabled (action));
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "new-record");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->db != NULL);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "global-search");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->db != NULL);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "find");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->db != NULL);
  joinery_export_actions_update (self);
}

static void
db_changed_cb (JoineryDb *db, JoineryChangeSet *set, JoineryWindow *self)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  for (guint i = 0; kinds[i] != NULL; i++)
    if (kinds[i]->primary && joinery_change_set_touches_kind (set, kinds[i]))
      queue_count (self, kinds[i]);

  /* A record that undo (of a delete) brings back opens again. */
  if (joinery_change_set_is_replay (set) && joinery_record_form_get_record (self->form) == NULL)
    for (guint i = 0; i < joinery_change_set_get_n_changes (set); i++)
      {
        const JoineryChange *change = joinery_change_set_get_change (set, i);

        if (change->action == JOINERY_CHANGE_CREATE && change->kind->linkable &&
            (change->kind->primary || i == 0))
          {
            show_record (self, change->kind, change->id);
            break;
          }
      }
  update_actions (self);
}

static void
new_record_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;

  if (ensure_current_list (self) == NULL)
    return;
  joinery_record_form_show_new (self->form, joinery_record_list_get_kind (self->current_list), NULL, NULL);
  /* From a page too (Home, where a file opens): the new record's form. */
  show_records_content (self);
  adw_leaflet_set_visible_child (self->content_leaflet, GTK_WIDGET (self->form));
  update_actions (self);
}

static void
delete_record_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;
  JoineryRecord *shown = joinery_record_form_get_record (self->form);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  const JoineryKind *kind;
  AdwToast *toast;

  if (shown == NULL || joinery_record_form_is_draft (self->form))
    return;
  kind = joinery_record_get_kind (shown);
  label = g_strdup (joinery_record_get_label (shown));
  if (!joinery_db_delete (self->db, kind, joinery_record_get_id (shown), &error))
    {
      toast_message (self, "%s", error->message);
      return;
    }
  title = g_strdup_printf ("Deleted %s “%s”", joinery_kind_get_words (kind, FALSE), label != NULL ? label : "");
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, "_Undo");
  adw_toast_set_action_name (toast, "win.undo");
  add_done_toast (self, toast);
  joinery_record_form_clear (self->form);
  update_actions (self);
}

static void
replay_changed_cb (JoineryDb *db, JoineryChangeSet *set, JoineryChangeSet **out)
{
  if (*out == NULL)
    *out = joinery_change_set_ref (set);
}

/* A change group's label names its record as it was called when the
 * change was made ("Change person “Hannah Ashwoth”"): once undone or
 * redone, the record named is called by its name now. */
static char *
dup_replay_label (JoineryWindow *self, const char *label, JoineryChangeSet *set)
{
  const char *quote = label != NULL ? strstr (label, " “") : NULL;

  if (quote == NULL || set == NULL)
    return g_strdup (label != NULL ? label : "");
  for (guint i = 0; i < joinery_change_set_get_n_changes (set); i++)
    {
      const JoineryChange *change = joinery_change_set_get_change (set, i);
      const char *words = joinery_kind_get_words (change->kind, FALSE);
      g_autofree char *now = NULL;
      const char *verb_end = strchr (label, ' ');

      /* The record the label speaks of: "<verb> <its kind> “…”". */
      if (verb_end == NULL || verb_end >= quote || strlen (words) != (gsize) (quote - verb_end - 1) ||
          strncmp (verb_end + 1, words, quote - verb_end - 1) != 0)
        continue;
      now = joinery_db_dup_label (self->db, change->kind, change->id);
      if (now == NULL)
        break;
      return g_strdup_printf ("%.*s “%s”", (int) (quote - label), label, now);
    }
  return g_strdup (label);
}

static void
undo_redo (JoineryWindow *self, gboolean redo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *said = NULL;
  g_autoptr(JoineryChangeSet) set = NULL;
  gulong handler;
  gboolean ok;

  if (self->db == NULL)
    return;
  /* What is typed and not yet saved is saved first, so undo undoes it. */
  joinery_record_form_commit_pending (self->form);
  handler = g_signal_connect (self->db, "changed", G_CALLBACK (replay_changed_cb), &set);
  ok = redo ? joinery_db_redo (self->db, &label, &error) : joinery_db_undo (self->db, &label, &error);
  g_signal_handler_disconnect (self->db, handler);
  if (!ok)
    {
      toast_message (self, "%s", error->message);
      return;
    }
  said = dup_replay_label (self, label, set);
  done_message (self, "%s: %s", redo ? "Redone" : "Undone", said);
  update_actions (self);
}

static void
undo_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  undo_redo (user_data, FALSE);
}

static void
redo_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  undo_redo (user_data, TRUE);
}

static void
find_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;

  if (ensure_current_list (self) == NULL)
    return;
  show_records_content (self);
  adw_leaflet_set_visible_child (self->content_leaflet, self->list_pane);
  joinery_record_list_focus_search (self->current_list);
}

/* Escape in the form: back to the list, where the keyboard was. */
static void
focus_list_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;

  if (self->current_list == NULL)
    return;
  adw_leaflet_set_visible_child (self->content_leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (joinery_record_list_get_column_view (self->current_list)));
}

static void
global_search_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;
  JoinerySearchWindow *search;

  if (self->db == NULL)
    return;
  search = joinery_search_window_new (self, self->db);
  gtk_window_present (GTK_WINDOW (search));
}

static void
open_record_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;
  const JoineryKind *kind = NULL;
  gint64 id = 0;

  if (joinery_gui_parse_record_ref (g_variant_get_string (parameter, NULL), &kind, &id))
    joinery_window_open_record (self, kind, id);
}

static void
go_back_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;
  g_autofree char *ref = NULL;
  const JoineryKind *kind = NULL;
  gint64 id = 0;

  /* A new record not wanted (or refused): back to where it was started,
   * or to the row selected in the list, which a click would not reopen. */
  if (joinery_record_form_leave_draft (self->form))
    {
      g_autoptr(JoineryRecord) selected = self->current_list != NULL
                                            ? joinery_record_list_dup_selected (self->current_list) : NULL;

      if (joinery_record_form_get_record (self->form) == NULL && selected != NULL)
        joinery_record_form_show_record (self->form, joinery_record_get_kind (selected),
                                         joinery_record_get_id (selected));
      update_actions (self);
      return;
    }
  ref = g_queue_pop_head (&self->history);
  if (ref != NULL && joinery_gui_parse_record_ref (ref, &kind, &id))
    show_record (self, kind, id);
  else if (adw_leaflet_get_folded (self->content_leaflet))
    adw_leaflet_set_visible_child (self->content_leaflet, self->list_pane);
  update_actions (self);
}

static void
show_kind_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;
  const JoineryKind * const *kinds = joinery_kinds ();
  guint wanted = (guint) g_variant_get_int32 (parameter), n = 0;

  for (guint i = 0; kinds[i] != NULL; i++)
    if (kinds[i]->primary && ++n == wanted)
      {
        joinery_window_show_kind (self, kinds[i]);
        sidebar_row_activated_cb (self, NULL);
        return;
      }
}

static void reset_demo_action (GSimpleAction *action, GVariant *parameter, gpointer user_data);

/* An organisation's people, all of them: the People list narrowed to it. */
static void
show_related_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;
  const char *kind_name, *field_name;
  const JoineryKind *kind;
  const JoineryField *field;
  gint64 id;
  g_autofree char *label = NULL;
  JoineryRecordList *list;

  g_variant_get (parameter, "(&s&sx)", &kind_name, &field_name, &id);
  kind = joinery_kind_lookup (kind_name);
  field = kind != NULL ? joinery_kind_get_field (kind, field_name) : NULL;
  if (self->db == NULL || kind == NULL || !kind->primary || field == NULL ||
      field->type != JOINERY_FIELD_REFERENCE)
    return;
  label = joinery_db_dup_label (self->db, joinery_kind_lookup (field->ref_kind), id);
  self->navigating = TRUE;
  joinery_window_show_kind (self, kind);
  self->navigating = FALSE;
  list = ensure_list (self, kind);
  joinery_record_list_set_search (list, NULL);
  joinery_record_list_set_link_filter (list, field->name, id, label);
  show_records_content (self);
  adw_leaflet_set_visible_child (self->content_leaflet, self->list_pane);
}

static void
show_page_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;

  if (joinery_window_show_page (self, g_variant_get_string (parameter, NULL)))
    gtk_widget_child_focus (gtk_stack_get_visible_child (self->content_stack), GTK_DIR_TAB_FORWARD);
}

static const GActionEntry win_entries[] = {
  { "new-record", new_record_action },
  { "delete-record", delete_record_action },
  { "undo", undo_action },
  { "redo", redo_action },
  { "find", find_action },
  { "focus-list", focus_list_action },
  { "global-search", global_search_action },
  { "open-record", open_record_action, "s" },
  { "go-back", go_back_action },
  { "show-kind", show_kind_action, "i" },
  { "reset-demo", reset_demo_action },
  { "show-related", show_related_action, "(ssx)" },
  { "show-page", show_page_action, "s" },
};

/* The file */

static void
recent_row_activated_cb (GtkListBox *list, GtkListBoxRow *row, JoineryWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");
  g_autoptr(GError) error = NULL;

  if (!joinery_window_open_file (self, path, FALSE, &error))
    toast_message (self, "Cannot open “%s”: %s", path, error->message);
}

static void
build_recent (JoineryWindow *self)
{
  g_auto(GStrv) recent = self->settings != NULL ? g_settings_get_strv (self->settings, "recent-databases") : NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  g_menu_remove_all (self->recent_section);

  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autofree char *folder = g_path_get_dirname (recent[i]);
      g_autofree char *escaped_name = g_markup_escape_text (name, -1);
      g_autofree char *escaped_folder = g_markup_escape_text (folder, -1);
      g_autoptr(GMenuItem) item = NULL;
      GtkWidget *row;

      if (!g_file_test (recent[i], G_FILE_TEST_EXISTS))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_folder);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "path", g_strdup (recent[i]), g_free);
      gtk_list_box_append (self->recent_list, row);

      item = g_menu_item_new (name, NULL);
      g_menu_item_set_action_and_target (item, "app.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
      n++;
    }
  gtk_widget_set_visible (self->recent_group, n > 0);
}

/* Not when the command line opened a throw-away copy of the demo. */
static gboolean
app_remembers_files (JoineryWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return !JOINERY_IS_APPLICATION (app) || joinery_application_get_remember_files (JOINERY_APPLICATION (app));
}

static void
remember_file (JoineryWindow *self, const char *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  if (self->settings == NULL || !app_remembers_files (self))
    return;
  old = g_settings_get_strv (self->settings, "recent-databases");
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < 10; i++)
    if (g_strcmp0 (old[i], path) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-databases", (const char * const *) recent);
  g_settings_set_string (self->settings, "last-database", path);
}

static void
close_db (JoineryWindow *self)
{
  GtkWidget *child;

  joinery_record_form_commit_pending (self->form);
  joinery_record_form_set_db (self->form, NULL);
  destroy_pages (self);
  joinery_workflows_attach (self, NULL);
  self->current_list = NULL;
  self->current_kind = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_stack))) != NULL)
    gtk_stack_remove (self->list_stack, child);
  g_hash_table_remove_all (self->lists);
  g_queue_clear_full (&self->history, g_free);
  g_array_set_size (self->pending_counts, 0);
  self->counts_held = FALSE;
  g_clear_handle_id (&self->release_id, g_source_remove);
  if (self->db != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->db, self);
      /* Closed now, whoever still holds the object. */
      joinery_db_close (self->db);
    }
  g_clear_object (&self->db);
}

/* The demo copy this window made goes when the window is done with it. */
static void
remove_temporary_demo (JoineryWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->temporary_demo == NULL)
    return;
  if (!joinery_demo_remove_temporary (self->temporary_demo, &error))
    g_warning ("cannot remove the demo copy: %s", error->message);
  g_clear_pointer (&self->temporary_demo, g_free);
}

static gboolean open_path (JoineryWindow *self, const char *path, gboolean create, gboolean remember,
                           GError **error);

gboolean
joinery_window_open_file (JoineryWindow *self, const char *path, gboolean create, GError **error)
{
  g_return_val_if_fail (JOINERY_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!open_path (self, path, create, TRUE, error))
    return FALSE;
  remove_temporary_demo (self);
  return TRUE;
}

gboolean
joinery_window_open_demo (JoineryWindow *self, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (JOINERY_IS_WINDOW (self), FALSE);

  path = joinery_demo_create_temporary (error);
  if (path == NULL)
    return FALSE;
  if (!open_path (self, path, FALSE, FALSE, error))
    {
      g_autoptr(GError) ignored = NULL;
      joinery_demo_remove_temporary (path, &ignored);
      return FALSE;
    }
  remove_temporary_demo (self);
  self->temporary_demo = g_steal_pointer (&path);
  return TRUE;
}

static void
reset_demo_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *self = user_data;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (self->db == NULL || !joinery_demo_is_demo (self->db))
    return;
  path = g_strdup (joinery_db_get_path (self->db));
  close_db (self);
  if (!joinery_demo_reset (path, &error))
    toast_message (self, "Cannot reset the demo: %s", error->message);
  g_clear_error (&error);
  if (!open_path (self, path, FALSE, FALSE, &error))
    {
      toast_message (self, "Cannot open the demo again: %s", error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      return;
    }
  toast_message (self, "The demo is as new");
}

static gboolean
open_path (JoineryWindow *self, const char *path, gboolean create, gboolean remember, GError **error)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  const JoineryKind *kind = NULL;
  const JoineryKind * const *kinds = joinery_kinds ();
  const JoineryWindowPage *home = joinery_window_lookup_page ("home");
  gboolean demo;

  absolute = g_canonicalize_filename (path, NULL);
  db = joinery_db_open (absolute, create ? JOINERY_DB_OPEN_CREATE : JOINERY_DB_OPEN_DEFAULT, error);
  if (db == NULL)
    return FALSE;
  joinery_db_set_source (db, "gui");

  close_db (self);
  self->db = g_steal_pointer (&db);
  /* Home reads its figures in its thread once shown; and the counts
   * wait for it. */
  if (home != NULL)
    {
      ensure_page (self, home);
      hold_counts (self);
    }
  /* After the lists and the form have read the change. */
  g_signal_connect_after (self->db, "changed", G_CALLBACK (db_changed_cb), self);
  joinery_record_form_set_db (self->form, self->db);
  /* Workflows switched on fire for the changes made in forms. */
  joinery_workflows_attach (self, self->db);

  /* A demo says so, whatever its copy is called. */
  demo = joinery_demo_is_demo (self->db);
  remember = remember && app_remembers_files (self);
  name = demo && !remember ? g_strdup ("Demo") : g_path_get_basename (absolute);
  title = g_strdup_printf ("%s — Joinery", name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_subtitle (self->sidebar_title, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sidebar_title), absolute);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "reset-demo")),
                               demo);
  if (remember)
    remember_file (self, absolute);
  build_recent (self);
  joinery_backup_dialog_file_opened (self, demo && !remember);

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      GtkLabel *label = g_hash_table_lookup (self->count_labels, kinds[i]->name);
      if (label != NULL)
        gtk_label_set_text (label, "");
      if (kinds[i]->primary)
        queue_count (self, kinds[i]);
    }

  if (self->settings != NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-kind");
      kind = joinery_kind_lookup (last);
    }
  if (kind == NULL || !kind->primary)
    kind = joinery_kind_lookup ("person");
  gtk_list_box_unselect_all (self->sidebar_list);
  joinery_record_form_clear (self->form);
  gtk_stack_set_visible_child_name (self->main_stack, "records");
  /* A file opens on its home page, where there is one; the last kind's
   * list is built when the records are first shown. */
  self->current_kind = kind;
  if (home == NULL || !joinery_window_show_page (self, "home"))
    {
      release_counts (self);
      joinery_window_show_kind (self, kind);
    }
  update_actions (self);
  return TRUE;
}

void
joinery_window_reload (JoineryWindow *self)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  JoineryRecord *shown;
  GHashTableIter iter;
  gpointer list;

  g_return_if_fail (JOINERY_IS_WINDOW (self));

  if (self->db == NULL)
    return;
  g_hash_table_iter_init (&iter, self->lists);
  while (g_hash_table_iter_next (&iter, NULL, &list))
    joinery_list_model_reload (joinery_record_list_get_model (list));
  for (guint i = 0; kinds[i] != NULL; i++)
    if (kinds[i]->primary)
      queue_count (self, kinds[i]);
  /* The form shows the record again, with what now refers to it. */
  shown = joinery_record_form_get_record (self->form);
  if (shown != NULL && !joinery_record_form_is_draft (self->form))
    joinery_record_form_show_record (self->form, joinery_record_get_kind (shown), joinery_record_get_id (shown));
  update_actions (self);
}

JoineryDb *
joinery_window_get_db (JoineryWindow *self)
{
  return self->db;
}

/* Size and sidebar width, remembered */

static void
sidebar_drag_begin_cb (GtkGestureDrag *gesture, double x, double y, JoineryWindow *self)
{
  self->drag_start_width = gtk_widget_get_width (self->sidebar_box);
}

static void
sidebar_drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, JoineryWindow *self)
{
  int width = CLAMP (self->drag_start_width + (int) dx, 160, 480);

  gtk_widget_set_size_request (self->sidebar_box, width, -1);
}

static void
sidebar_drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, JoineryWindow *self)
{
  int width = CLAMP (self->drag_start_width + (int) dx, 160, 480);

  if (self->settings != NULL)
    g_settings_set_int (self->settings, "sidebar-width", width);
}

static gboolean
joinery_window_close_request (GtkWindow *window)
{
  JoineryWindow *self = JOINERY_WINDOW (window);

  /* Nothing typed is lost when the window closes. */
  joinery_record_form_commit_pending (self->form);
  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  return GTK_WINDOW_CLASS (joinery_window_parent_class)->close_request (window);
}

static void
content_folded_cb (JoineryWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->content_leaflet);

  gtk_widget_set_visible (self->list_back_button, adw_leaflet_get_folded (self->leaflet));
  adw_header_bar_set_show_end_title_buttons (self->list_header, folded);
  adw_header_bar_set_show_start_title_buttons (self->list_header, adw_leaflet_get_folded (self->leaflet));
  adw_header_bar_set_show_end_title_buttons (self->sidebar_header, adw_leaflet_get_folded (self->leaflet));
  if (self->db != NULL)
    update_actions (self);
}

static void
joinery_window_dispose (GObject *object)
{
  JoineryWindow *self = JOINERY_WINDOW (object);

  g_clear_handle_id (&self->count_id, g_source_remove);
  g_clear_handle_id (&self->release_id, g_source_remove);
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_queue_clear_full (&self->history, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), JOINERY_TYPE_WINDOW);
  if (self->temporary_demo != NULL && self->db != NULL)
    joinery_db_close (self->db);
  remove_temporary_demo (self);
  g_clear_pointer (&self->lists, g_hash_table_unref);
  g_clear_pointer (&self->count_labels, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->pending_counts, g_array_unref);
  g_clear_object (&self->last_toast);
  g_clear_object (&self->done_toast);
  g_clear_object (&self->db);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (joinery_window_parent_class)->dispose (object);
}

static void
joinery_window_class_init (JoineryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = joinery_window_dispose;
  window_class->close_request = joinery_window_close_request;

  g_type_ensure (JOINERY_TYPE_RECORD_FORM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/joinery/Joinery/joinery-window.ui");
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, sidebar_header);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, sidebar_handle);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, content_leaflet);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, list_header);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, list_back_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, JoineryWindow, form);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_notice_cb);
}

static void
joinery_window_init (JoineryWindow *self)
{
  GtkGesture *drag;

  self->lists = g_hash_table_new (g_str_hash, g_str_equal);
  self->count_labels = g_hash_table_new (g_str_hash, g_str_equal);
  self->pages = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending_counts = g_array_new (FALSE, FALSE, sizeof (const JoineryKind *));
  g_queue_init (&self->history);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  g_signal_connect_swapped (self->form, "draft-changed", G_CALLBACK (update_actions), self);
  joinery_export_actions_init (self);

  self->settings = joinery_gui_dup_settings ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      gtk_widget_set_size_request (self->sidebar_box, g_settings_get_int (self->settings, "sidebar-width"), -1);
    }
  else
    {
      gtk_window_set_default_size (GTK_WINDOW (self), 1280, 800);
      gtk_widget_set_size_request (self->sidebar_box, 220, -1);
    }

  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("win.focus-list")));
    gtk_widget_add_controller (GTK_WIDGET (self->form), shortcuts);
  }

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (sidebar_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (sidebar_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (sidebar_drag_end_cb), self);
  gtk_widget_add_controller (self->sidebar_handle, GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_cursor_from_name (self->sidebar_handle, "col-resize");

  g_signal_connect (self, "realize", G_CALLBACK (window_realized_cb), NULL);
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (content_folded_cb), self);
  g_signal_connect_swapped (self->content_leaflet, "notify::folded", G_CALLBACK (content_folded_cb), self);
  g_signal_connect (self->recent_list, "row-activated", G_CALLBACK (recent_row_activated_cb), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "reset-demo")),
                               FALSE);

  build_sidebar (self);
  build_recent (self);
  content_folded_cb (self);
  update_actions (self);
}

JoineryWindow *
joinery_window_new (GtkApplication *application)
{
  return g_object_new (JOINERY_TYPE_WINDOW, "application", application, NULL);
}

JoineryRecordList *
joinery_window_get_list (JoineryWindow *self)
{
  return self->current_list;
}

JoineryRecordForm *
joinery_window_get_form (JoineryWindow *self)
{
  return self->form;
}

const char *
joinery_window_get_kind_count (JoineryWindow *self, const JoineryKind *kind)
{
  GtkLabel *label = g_hash_table_lookup (self->count_labels, kind->name);
  return label != NULL ? gtk_label_get_text (label) : NULL;
}

AdwToast *
joinery_window_get_last_toast (JoineryWindow *self)
{
  return self->last_toast;
}

int
joinery_window_get_sidebar_width (JoineryWindow *self)
{
  int width = 0;

  gtk_widget_get_size_request (self->sidebar_box, &width, NULL);
  return width;
}

const char *
joinery_window_get_page (JoineryWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}
