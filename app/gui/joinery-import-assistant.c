/* joinery-import-assistant.c: the import wizard.
 *
 * Pages, in order: "file" (choose it), "mapping" (its first rows, the field
 * each column fills, how records already there are recognised), "problems"
 * (what a dry run found, by row and column; or that it is ready), then
 * "progress" (the dry run or the import, with Cancel) and "done". The
 * reading, checking and writing are the exchange library's
 * (joinery-import.h): a dry run and the import both run in its thread, on
 * a connection of its own, so the window never waits on the file. That
 * connection's changes reach the window's lists by a reload once committed.
 * Nothing here reads or writes records itself.
 */
#include "config.h"

#include "joinery-import-assistant.h"
#include "joinery-import.h"
#include "joinery-gui-util.h"

#define PREVIEW_ROWS 5

struct _JoineryImportAssistant
{
  AdwWindow parent_instance;

  AdwWindowTitle      *window_title;
  GtkWidget           *back_button;
  GtkWidget           *close_button;
  GtkWidget           *next_button;
  GtkStack            *stack;
  AdwStatusPage       *file_page;
  GtkLabel            *file_error_label;
  GtkGrid             *preview_grid;
  AdwPreferencesGroup *columns_group;
  AdwComboRow         *match_row;
  AdwComboRow         *on_match_row;
  GtkLabel            *check_title;
  GtkLabel            *check_summary;
  GtkListBox          *problems_list;
  AdwStatusPage       *progress_page;
  GtkProgressBar      *progress_bar;
  GtkWidget           *cancel_button;
  AdwStatusPage       *done_page;

  JoineryWindow       *window;      /* weak */
  const JoineryKind   *kind;
  gint64               event_id;    /* an Eventbrite report's event, or 0 */
  JoineryImport       *import;
  GPtrArray           *column_rows; /* AdwActionRow, one per header */
  GCancellable        *cancellable; /* while running */
  gboolean             dry_run;     /* of the run going or last done */
  gboolean             ready;       /* a dry run found nothing wrong */
  gboolean             committed;
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (JoineryImportAssistant, joinery_import_assistant, ADW_TYPE_WINDOW)

static void update_buttons (JoineryImportAssistant *self);

static const char *
file_name (JoineryImportAssistant *self)
{
  return self->import != NULL ? joinery_import_get_path (self->import) : NULL;
}

static void
show_page (JoineryImportAssistant *self, const char *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  update_buttons (self);
}

/* The file */

static void
clear_columns (JoineryImportAssistant *self)
{
  GtkWidget *child;

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);
}

static GtkWidget *
make_cell (const char *text, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  /* Wide enough to read: a file of many columns scrolls sideways. */
  gtk_label_set_width_chars (GTK_LABEL (label), (int) MIN (g_utf8_strlen (text, -1), 12));
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
build_preview (JoineryImportAssistant *self)
{
  const char * const *headers = joinery_import_get_headers (self->import);
  GPtrArray *rows = joinery_import_get_preview_rows (self->import);

  for (guint c = 0; headers != NULL && headers[c] != NULL; c++)
    {
      g_autofree char *letters = joinery_import_column_letters (c + 1);
      g_autofree char *title = g_strdup_printf ("%s  %s", letters, headers[c]);

      gtk_grid_attach (self->preview_grid, make_cell (title, TRUE), (int) c, 0, 1, 1);
      for (guint r = 0; rows != NULL && r < rows->len; r++)
        {
          const char * const *cells = g_ptr_array_index (rows, r);
          const char *cell = c < g_strv_length ((char **) cells) ? cells[c] : "";

          gtk_grid_attach (self->preview_grid, make_cell (cell, FALSE), (int) c, (int) r + 1, 1, 1);
        }
    }
}

/* The fields a column can fill: "leave out", the id, then the kind's own. */
static GtkStringList *
make_field_names (const JoineryKind *kind, GtkStringList **labels)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  *labels = gtk_string_list_new (NULL);
  gtk_string_list_append (names, "");
  gtk_string_list_append (*labels, "Leave out");
  gtk_string_list_append (names, JOINERY_IMPORT_MAPPING_ID);
  gtk_string_list_append (*labels, "Id (to recognise a record)");
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type != JOINERY_FIELD_LINK)
      {
        gtk_string_list_append (names, kind->fields[i].name);
        gtk_string_list_append (*labels, kind->fields[i].label);
      }
  return names;
}

static void
build_columns (JoineryImportAssistant *self)
{
  const char * const *headers = joinery_import_get_headers (self->import);
  GPtrArray *rows = joinery_import_get_preview_rows (self->import);
  JoineryImportMapping *mapping = joinery_import_get_mapping (self->import);

  for (guint c = 0; headers != NULL && headers[c] != NULL; c++)
    {
      g_autoptr(GtkStringList) labels = NULL;
      g_autoptr(GtkStringList) names = make_field_names (self->kind, &labels);
      const char *field = mapping != NULL ? joinery_import_mapping_get_column (mapping, headers[c]) : NULL;
      g_autofree char *title = g_markup_escape_text (headers[c], -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
      guint selected = 0;

      if (rows != NULL && rows->len > 0)
        {
          const char * const *cells = g_ptr_array_index (rows, 0);
          if (c < g_strv_length ((char **) cells) && cells[c][0] != '\0')
            {
              g_autofree char *sample = g_markup_escape_text (cells[c], -1);
              adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sample);
              adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
            }
        }
      for (guint i = 1; field != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (names)); i++)
        if (g_strcmp0 (gtk_string_list_get_string (names, i), field) == 0)
          selected = i;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
      gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), dropdown);
      g_object_set_data_full (G_OBJECT (row), "header", g_strdup (headers[c]), g_free);
      g_object_set_data_full (G_OBJECT (row), "names", g_object_ref (names), g_object_unref);
      g_object_set_data (G_OBJECT (row), "dropdown", dropdown);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
}

gboolean
joinery_import_assistant_set_file (JoineryImportAssistant *self, const char *path)
{
  g_autoptr(JoineryImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (JOINERY_IS_IMPORT_ASSISTANT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->cancellable != NULL)
    return FALSE;
  import = self->event_id > 0 ? joinery_import_new_eventbrite (self->event_id, path)
                              : joinery_import_new (self->kind, path);
  if (!joinery_import_read_preview (import, PREVIEW_ROWS, NULL, &error))
    {
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *text = g_strdup_printf ("Cannot read “%s”: %s", basename, error->message);

      gtk_label_set_text (self->file_error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->file_error_label), TRUE);
      show_page (self, "file");
      return FALSE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->file_error_label), FALSE);
  clear_columns (self);
  g_set_object (&self->import, import);
  self->ready = self->committed = FALSE;
  build_preview (self);
  if (self->event_id == 0)
    build_columns (self);
  name = g_path_get_basename (path);
  adw_window_title_set_subtitle (self->window_title, name);
  show_page (self, "mapping");
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  g_autoptr(JoineryImportAssistant) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && !self->disposed)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        joinery_import_assistant_set_file (self, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
joinery_import_assistant_choose_file (JoineryImportAssistant *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (JOINERY_IS_IMPORT_ASSISTANT (self));

  chooser = gtk_file_chooser_native_new ("Choose a File to Import", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_file_filter_set_name (csv, "CSV files");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Running: a dry run or the import */

static void
apply_choices (JoineryImportAssistant *self)
{
  if (self->event_id == 0)
    {
      JoineryImportMapping *guessed = joinery_import_get_mapping (self->import);
      g_autoptr(JoineryImportMapping) mapping =
        guessed != NULL ? joinery_import_mapping_copy (guessed) : joinery_import_mapping_new (self->kind);

      for (guint i = 0; i < self->column_rows->len; i++)
        {
          GObject *row = g_ptr_array_index (self->column_rows, i);
          GtkStringList *names = g_object_get_data (row, "names");
          GtkDropDown *dropdown = g_object_get_data (row, "dropdown");
          const char *field = gtk_string_list_get_string (names, gtk_drop_down_get_selected (dropdown));
          g_autoptr(GError) error = NULL;

          if (!joinery_import_mapping_set_column (mapping, g_object_get_data (row, "header"),
                                                  field != NULL && *field != '\0' ? field : NULL, &error))
            g_warning ("mapping: %s", error->message);
        }
      joinery_import_set_mapping (self->import, g_steal_pointer (&mapping));
      joinery_import_set_match (self->import, adw_combo_row_get_selected (self->match_row));
    }
  joinery_import_set_on_match (self->import, adw_combo_row_get_selected (self->on_match_row));
}

static void
progress_cb (const JoineryImportProgress *progress, gpointer user_data)
{
  JoineryImportAssistant *self = user_data;
  g_autofree char *rows = NULL;
  g_autofree char *text = NULL;

  if (self->disposed || self->cancellable == NULL)
    return;
  if (progress->bytes_total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   (double) MIN (progress->bytes_read, progress->bytes_total) /
                                   (double) progress->bytes_total);
  else
    gtk_progress_bar_pulse (self->progress_bar);
  rows = joinery_gui_format_count (progress->rows);
  if (progress->problems > 0)
    text = g_strdup_printf ("%s rows read, %" G_GUINT64_FORMAT " %s", rows, progress->problems,
                            progress->problems == 1 ? "problem" : "problems");
  else
    text = g_strdup_printf ("%s rows read", rows);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
add_problem_row (JoineryImportAssistant *self, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 9);
  gtk_widget_set_margin_bottom (label, 9);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_append (self->problems_list, label);
}

static void
show_report (JoineryImportAssistant *self, const JoineryImportReport *report)
{
  g_autofree char *summary = joinery_import_report_dup_summary (self->import, report);
  g_autofree char *name = g_path_get_basename (file_name (self));
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);

  if (report->n_problems > 0)
    {
      self->ready = FALSE;
      title = g_strdup_printf ("%" G_GUINT64_FORMAT " %s in “%s”", report->n_problems,
                               report->n_problems == 1 ? "problem" : "problems", name);
      text = g_strdup_printf ("Nothing has been imported. Put %s right in the file and check it again, "
                              "or go back and change which field each column fills.",
                              report->n_problems == 1 ? "it" : "them");
      for (guint i = 0; report->problems != NULL && i < report->problems->len; i++)
        {
          g_autofree char *line = joinery_import_problem_to_string (g_ptr_array_index (report->problems, i));
          add_problem_row (self, line);
        }
      if (report->problems != NULL && report->n_problems > report->problems->len)
        {
          g_autofree char *more = g_strdup_printf ("… and %" G_GUINT64_FORMAT " more",
                                                   report->n_problems - report->problems->len);
          add_problem_row (self, more);
        }
    }
  else
    {
      self->ready = TRUE;
      title = g_strdup_printf ("“%s” is ready to import", name);
      text = g_strdup_printf ("%s Nothing is saved until you choose Import, and then all of it or none.",
                              summary);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_list), report->n_problems > 0);
  gtk_label_set_text (self->check_title, title);
  gtk_label_set_text (self->check_summary, text);
  show_page (self, "problems");
}

static void
show_done (JoineryImportAssistant *self, const char *icon, const char *title, const char *message)
{
  adw_status_page_set_icon_name (self->done_page, icon);
  adw_status_page_set_title (self->done_page, title);
  adw_status_page_set_description (self->done_page, message);
  show_page (self, "done");
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(JoineryImportAssistant) self = user_data;
  g_autoptr(JoineryImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = joinery_import_run_finish (JOINERY_IMPORT (source), result, &error);
  g_clear_object (&self->cancellable);
  if (self->disposed)
    return;

  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_done (self, "process-stop-symbolic",
                   self->dry_run ? "Check Cancelled" : "Import Cancelled",
                   "Nothing was changed.");
      else
        {
          g_autofree char *text = g_strdup_printf ("%s Nothing was changed.", error->message);
          show_done (self, "dialog-error-symbolic", "Cannot Import", text);
        }
      return;
    }
  if (report->dry_run || !report->committed)
    {
      show_report (self, report);
      return;
    }

  self->committed = TRUE;
  {
    g_autofree char *summary = joinery_import_report_dup_summary (self->import, report);
    show_done (self, "emblem-ok-symbolic", "Imported", summary);
    if (self->window != NULL)
      {
        g_autofree char *escaped = g_markup_escape_text (summary, -1);
        joinery_window_reload (self->window);
        joinery_window_add_toast (self->window, adw_toast_new (escaped));
      }
  }
}

static void
run (JoineryImportAssistant *self, gboolean dry_run)
{
  g_autofree char *name = g_path_get_basename (file_name (self));
  g_autofree char *title = NULL;
  JoineryDb *db;

  if (self->import == NULL || self->cancellable != NULL || self->window == NULL)
    return;
  db = joinery_window_get_db (self->window);
  if (db == NULL)
    return;
  apply_choices (self);
  joinery_import_set_dry_run (self->import, dry_run);
  self->dry_run = dry_run;
  self->cancellable = g_cancellable_new ();
  title = g_strdup_printf (dry_run ? "Checking “%s”…" : "Importing “%s”…", name);
  adw_status_page_set_title (self->progress_page, title);
  adw_status_page_set_description (self->progress_page,
                                   dry_run ? "Every row is read and checked; nothing is saved."
                                           : "All of it is saved, or nothing.");
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, "");
  show_page (self, "progress");
  joinery_import_run_async (self->import, joinery_db_get_path (db), progress_cb, g_object_ref (self),
                            g_object_unref, self->cancellable, run_done_cb, g_object_ref (self));
}

/* Buttons */

static void
update_buttons (JoineryImportAssistant *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean running = self->cancellable != NULL;
  const char *next = NULL;

  if (g_strcmp0 (page, "file") == 0)
    next = self->import != NULL ? "_Next" : NULL;
  else if (g_strcmp0 (page, "mapping") == 0)
    next = "_Check";
  else if (g_strcmp0 (page, "problems") == 0)
    next = self->ready ? "_Import" : "Check _Again";
  gtk_widget_set_visible (self->next_button, next != NULL);
  if (next != NULL)
    gtk_button_set_label (GTK_BUTTON (self->next_button), next);
  gtk_widget_set_visible (self->back_button,
                          g_strcmp0 (page, "mapping") == 0 || g_strcmp0 (page, "problems") == 0 ||
                          (g_strcmp0 (page, "done") == 0 && !self->committed));
  gtk_widget_set_visible (self->close_button, !running);
  gtk_button_set_label (GTK_BUTTON (self->close_button),
                        g_strcmp0 (page, "done") == 0 ? "_Close" : "_Cancel");
}

static void
next_clicked_cb (JoineryImportAssistant *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "file") == 0 && self->import != NULL)
    show_page (self, "mapping");
  else if (g_strcmp0 (page, "mapping") == 0)
    run (self, TRUE);
  else if (g_strcmp0 (page, "problems") == 0)
    run (self, !self->ready);
}

static void
back_clicked_cb (JoineryImportAssistant *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  self->ready = FALSE;
  show_page (self, g_strcmp0 (page, "mapping") == 0 ? "file" : "mapping");
}

static void
choose_clicked_cb (JoineryImportAssistant *self)
{
  joinery_import_assistant_choose_file (self);
}

static void
cancel_clicked_cb (JoineryImportAssistant *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_sensitive (self->cancel_button, FALSE);
      adw_status_page_set_description (self->progress_page, "Cancelling…");
    }
}

static void
close_clicked_cb (JoineryImportAssistant *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
page_changed_cb (JoineryImportAssistant *self)
{
  gtk_widget_set_sensitive (self->cancel_button, TRUE);
  update_buttons (self);
}

/* The object */

static gboolean
joinery_import_assistant_close_request (GtkWindow *window)
{
  JoineryImportAssistant *self = JOINERY_IMPORT_ASSISTANT (window);

  /* Closed while running: the run stops, and leaves nothing behind. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (joinery_import_assistant_parent_class)->close_request (window);
}

static void
joinery_import_assistant_dispose (GObject *object)
{
  JoineryImportAssistant *self = JOINERY_IMPORT_ASSISTANT (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), JOINERY_TYPE_IMPORT_ASSISTANT);
  G_OBJECT_CLASS (joinery_import_assistant_parent_class)->dispose (object);
}

static void
joinery_import_assistant_finalize (GObject *object)
{
  JoineryImportAssistant *self = JOINERY_IMPORT_ASSISTANT (object);

  g_clear_object (&self->import);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (joinery_import_assistant_parent_class)->finalize (object);
}

static void
joinery_import_assistant_class_init (JoineryImportAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = joinery_import_assistant_dispose;
  object_class->finalize = joinery_import_assistant_finalize;
  window_class->close_request = joinery_import_assistant_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/joinery/Joinery/joinery-import-assistant.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JoineryImportAssistant, name)
  BIND (window_title);
  BIND (back_button);
  BIND (close_button);
  BIND (next_button);
  BIND (stack);
  BIND (file_page);
  BIND (file_error_label);
  BIND (preview_grid);
  BIND (columns_group);
  BIND (match_row);
  BIND (on_match_row);
  BIND (check_title);
  BIND (check_summary);
  BIND (problems_list);
  BIND (progress_page);
  BIND (progress_bar);
  BIND (cancel_button);
  BIND (done_page);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
joinery_import_assistant_init (JoineryImportAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->column_rows = g_ptr_array_new ();
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (page_changed_cb), self);
}

static JoineryImportAssistant *
make_assistant (JoineryWindow *window, const JoineryKind *kind, gint64 event_id)
{
  JoineryImportAssistant *self = g_object_new (JOINERY_TYPE_IMPORT_ASSISTANT,
                                               "transient-for", window, NULL);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->kind = kind;
  self->event_id = event_id;
  if (event_id > 0)
    {
      g_autofree char *event = joinery_db_dup_label (joinery_window_get_db (window),
                                                     joinery_kind_lookup ("event"), event_id);
      title = g_strdup ("Import Eventbrite Attendees");
      description = g_strdup_printf ("An Eventbrite attendee report (CSV) becomes the bookings of "
                                     "“%s”: people are recognised by email, and those not known "
                                     "are added.", event != NULL ? event : "the event");
      gtk_widget_set_visible (GTK_WIDGET (self->columns_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->match_row), FALSE);
      adw_combo_row_set_selected (self->on_match_row, JOINERY_IMPORT_ON_MATCH_UPDATE);
    }
  else
    {
      title = g_strdup_printf ("Import %s", kind->label_plural);
      description = g_strdup_printf ("A CSV file of %s, its first row naming the columns: as "
                                     "spreadsheets and booking sites save them.",
                                     joinery_kind_get_words (kind, TRUE));
    }
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_status_page_set_description (self->file_page, description);
  update_buttons (self);
  return self;
}

JoineryImportAssistant *
joinery_import_assistant_new (JoineryWindow *window, const JoineryKind *kind)
{
  g_return_val_if_fail (JOINERY_IS_WINDOW (window), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  return make_assistant (window, kind, 0);
}

JoineryImportAssistant *
joinery_import_assistant_new_eventbrite (JoineryWindow *window, gint64 event_id)
{
  g_return_val_if_fail (JOINERY_IS_WINDOW (window), NULL);
  g_return_val_if_fail (event_id > 0, NULL);

  return make_assistant (window, joinery_kind_lookup ("attendance"), event_id);
}

/* For tests */

const char *
joinery_import_assistant_get_page (JoineryImportAssistant *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
joinery_import_assistant_is_running (JoineryImportAssistant *self)
{
  return self->cancellable != NULL;
}

GtkButton *
joinery_import_assistant_get_next_button (JoineryImportAssistant *self)
{
  return GTK_BUTTON (self->next_button);
}

GtkButton *
joinery_import_assistant_get_back_button (JoineryImportAssistant *self)
{
  return GTK_BUTTON (self->back_button);
}

GtkButton *
joinery_import_assistant_get_cancel_button (JoineryImportAssistant *self)
{
  return GTK_BUTTON (self->cancel_button);
}

GtkDropDown *
joinery_import_assistant_get_column_dropdown (JoineryImportAssistant *self, const char *header)
{
  for (guint i = 0; i < self->column_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->column_rows, i);

      if (g_strcmp0 (g_object_get_data (row, "header"), header) == 0)
        return g_object_get_data (row, "dropdown");
    }
  return NULL;
}

char *
joinery_import_assistant_dup_problems (JoineryImportAssistant *self)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (text, FALSE);
}

const char *
joinery_import_assistant_get_title (JoineryImportAssistant *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "problems") == 0)
    return gtk_label_get_text (self->check_title);
  if (g_strcmp0 (page, "progress") == 0)
    return adw_status_page_get_title (self->progress_page);
  if (g_strcmp0 (page, "done") == 0)
    return adw_status_page_get_title (self->done_page);
  return adw_window_title_get_title (self->window_title);
}

const char *
joinery_import_assistant_get_message (JoineryImportAssistant *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "problems") == 0)
    return gtk_label_get_text (self->check_summary);
  if (g_strcmp0 (page, "done") == 0)
    return adw_status_page_get_description (self->done_page);
  if (g_strcmp0 (page, "file") == 0 && gtk_widget_get_visible (GTK_WIDGET (self->file_error_label)))
    return gtk_label_get_text (self->file_error_label);
  return NULL;
}

double
joinery_import_assistant_get_fraction (JoineryImportAssistant *self)
{
  return gtk_progress_bar_get_fraction (self->progress_bar);
}
