/* joinery-export-actions.c: exports from the window's lists, the actions
 * that open the import wizard, and files dropped on the window.
 *
 * The export itself is the exchange library's (joinery-export.h); this
 * file only asks where, runs it off the main loop and says how it went.
 * It must not read records itself, nor hold the window's connection in
 * another thread: the worker opens its own, read-only.
 */
#include "config.h"

#include "joinery-export-actions.h"
#include "joinery-person-data.h"
#include "joinery-import-assistant.h"
#include "joinery-gui-util.h"
#include "joinery-window-page.h"

#define STATE_KEY "joinery-export-state"

/* One window's running export. */
typedef struct {
  GCancellable *cancellable;
  AdwToast     *toast;      /* the progress, once the export has taken a while */
  guint         timeout_id;
  guint         ticks;
  guint         result_id;  /* the outcome's toast, waiting for the progress one to go */
  char         *words;      /* "people", for the toast */
  char         *result;     /* the outcome, for result_id */
  JoineryWindow *window;    /* which owns this */
  int           percent;    /* written by the worker, read by the timeout; -1 unknown */
} ExportState;

static void
export_state_free (ExportState *state)
{
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  g_clear_handle_id (&state->result_id, g_source_remove);
  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
  g_clear_object (&state->toast);
  g_free (state->words);
  g_free (state->result);
  g_free (state);
}

static ExportState *
get_state (JoineryWindow *window)
{
  ExportState *state = g_object_get_data (G_OBJECT (window), STATE_KEY);

  if (state == NULL)
    {
      state = g_new0 (ExportState, 1);
      g_object_set_data_full (G_OBJECT (window), STATE_KEY, state, (GDestroyNotify) export_state_free);
    }
  return state;
}

/* The worker */

typedef struct {
  char                *db_path;
  const JoineryKind   *kind;
  JoineryQuery        *query;
  JoineryExportFormat  format;
  gboolean             include_no_consent;
  char                *path;
  JoineryExportSummary summary;
  ExportState         *state;   /* progress goes here, or NULL */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->db_path);
  g_clear_pointer (&job->query, joinery_query_free);
  g_free (job->path);
  g_free (job);
}

static void
export_progress_cb (guint64 done, guint64 total, gpointer user_data)
{
  ExportJob *job = user_data;

  if (job->state != NULL)
    {
    g_atomic_int_set (&job->state->percent, total > 0 ? (int) (MIN (done, total) * 100 / total) : -1);
    }
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(JoineryDb) db = NULL;
  JoineryExportOptions options;
  GError *error = NULL;

  db = joinery_db_open (job->db_path, JOINERY_DB_OPEN_READ_ONLY, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  joinery_export_options_init (&options, job->format);
  options.include_no_consent = job->include_no_consent;
  options.progress = export_progress_cb;
  options.progress_data = job;
  if (!joinery_export_to_file (db, job->kind, job->query, &options, job->path, &job->summary,
                               cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  joinery_db_close (db);
}

static void
start_export (const char *db_path, const JoineryKind *kind, JoineryQuery *query,
              JoineryExportFormat format, gboolean include_no_consent, const char *path, ExportState *state,
              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExportJob *job = g_new0 (ExportJob, 1);

  job->db_path = g_strdup (db_path);
  job->kind = kind;
  job->query = query;
  job->format = format;
  job->include_no_consent = include_no_consent;
  job->path = g_strdup (path);
  job->state = state;
  g_task_set_source_tag (task, joinery_export_actions_export_async);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

void
joinery_export_actions_export_async (const char *db_path, const JoineryKind *kind,
                                     JoineryQuery *query, JoineryExportFormat format,
                                     const char *path, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (db_path != NULL && kind != NULL && path != NULL);

  start_export (db_path, kind, query, format, FALSE, path, NULL, cancellable, callback, user_data);
}

gboolean
joinery_export_actions_export_finish (GAsyncResult *result, JoineryExportSummary *summary, GError **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (summary != NULL)
    *summary = ((ExportJob *) g_task_get_task_data (task))->summary;
  return g_task_propagate_boolean (task, error);
}

/* In the window */

static gboolean
show_result_cb (gpointer data)
{
  ExportState *state = data;

  state->result_id = 0;
  joinery_window_add_toast (state->window, adw_toast_new (state->result));
  g_clear_pointer (&state->result, g_free);
  return G_SOURCE_REMOVE;
}

static gboolean
progress_timeout_cb (gpointer data)
{
  ExportState *state = data;
  int percent = g_atomic_int_get (&state->percent);
  g_autofree char *title = NULL;

  if (percent >= 0)
    title = g_strdup_printf ("Exporting %s… %d%%", state->words, percent);
  else
    title = g_strdup_printf ("Exporting %s…", state->words);
  /* A quick export shows no progress: only its outcome. */
  if (state->toast == NULL && ++state->ticks >= 5)
    {
      state->toast = g_object_ref (adw_toast_new (title));
      adw_toast_set_timeout (state->toast, 0);
      adw_toast_set_priority (state->toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_button_label (state->toast, "_Cancel");
      adw_toast_set_action_name (state->toast, "win.cancel-exchange");
      joinery_window_add_toast (state->window, state->toast);
    }
  else if (state->toast != NULL)
    adw_toast_set_title (state->toast, title);
  return G_SOURCE_CONTINUE;
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(JoineryWindow) window = user_data;
  ExportState *state = get_state (window);
  JoineryExportSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *escaped = NULL;
  const ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *name = g_path_get_basename (job->path);

  g_clear_handle_id (&state->timeout_id, g_source_remove);
  g_clear_object (&state->cancellable);

  if (!joinery_export_actions_export_finish (result, &summary, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup ("Export cancelled: no file was written");
      else
        message = g_strdup_printf ("Cannot export: %s", error->message);
    }
  else
    {
      g_autofree char *count = joinery_gui_count_label (job->kind, summary.written);
      JoineryDb *db = joinery_window_get_db (window);

      /* The export ran on a connection of its own, read-only: the window's
       * records it. A file that cannot be written keeps the export. */
      if (db != NULL && !joinery_db_is_read_only (db))
        joinery_db_audit_export (db, job->kind, 0, job->kind->plural, summary.written,
                                 joinery_export_format_to_string (job->format), NULL);

      if (summary.left_out_no_consent > 0)
        message = g_strdup_printf ("Exported %s to “%s”; %" G_GUINT64_FORMAT
                                   " without consent to contact left out",
                                   count, name, summary.left_out_no_consent);
      else if (summary.left_out_not_awarded > 0)
        message = g_strdup_printf ("Exported %s to “%s”; %" G_GUINT64_FORMAT " not awarded left out",
                                   count, name, summary.left_out_not_awarded);
      else
        message = g_strdup_printf ("Exported %s to “%s”", count, name);
    }
  escaped = g_markup_escape_text (message, -1);
  if (state->toast == NULL)
    {
      joinery_window_add_toast (window, adw_toast_new (escaped));
      return;
    }
  /* The outcome after the progress toast has gone: libadwaita 1.2 may
   * crash when a toast comes while another one is being dismissed. */
  adw_toast_dismiss (state->toast);
  g_clear_object (&state->toast);
  g_free (state->result);
  state->result = g_steal_pointer (&escaped);
  state->result_id = g_timeout_add (500, show_result_cb, state);
}

void
joinery_export_actions_export_shown (JoineryWindow *window, JoineryExportFormat format,
                                     gboolean include_no_consent, const char *path)
{
  JoineryRecordList *list = joinery_window_get_list (window);
  JoineryDb *db = joinery_window_get_db (window);
  ExportState *state = get_state (window);
  const JoineryKind *kind;
  JoineryQuery *query;

  g_return_if_fail (path != NULL);

  if (list == NULL || db == NULL || joinery_export_actions_is_busy (window))
    return;
  kind = joinery_record_list_get_kind (list);
  query = joinery_record_list_dup_query (list);
  g_free (state->words);
  state->words = g_strdup (joinery_kind_get_words (kind, TRUE));
  state->cancellable = g_cancellable_new ();
  state->percent = -1;
  state->ticks = 0;
  state->window = window;
  state->timeout_id = g_timeout_add (100, progress_timeout_cb, state);
  start_export (joinery_db_get_path (db), kind, query, format, include_no_consent, path, state,
                state->cancellable,
                export_done_cb, g_object_ref (window));
}

gboolean
joinery_export_actions_is_busy (JoineryWindow *window)
{
  ExportState *state = get_state (window);

  return state->cancellable != NULL || state->result_id != 0;
}

/* Asking where */

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  JoineryWindow *window = user_data;
  JoineryExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      const char *consent = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "consent");

      if (path != NULL)
        joinery_export_actions_export_shown (window, format, g_strcmp0 (consent, "true") == 0, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
ask_and_export (JoineryWindow *window, const char *format_name)
{
  JoineryRecordList *list = joinery_window_get_list (window);
  JoineryExportFormat format;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  const JoineryKind *kind;

  if (list == NULL || !joinery_export_format_from_string (format_name, &format))
    return;
  kind = joinery_record_list_get_kind (list);
  if (joinery_export_format_get_kind (format) != NULL && joinery_export_format_get_kind (format) != kind)
    return;
  chooser = gtk_file_chooser_native_new ("Export", GTK_WINDOW (window), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         "_Export", "_Cancel");
  name = g_strdup_printf ("%s%s.%s", kind->plural,
                          format == JOINERY_EXPORT_360GIVING_JSON || format == JOINERY_EXPORT_360GIVING_CSV
                            ? "-360giving" : "",
                          joinery_export_format_get_extension (format));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_add_mime_type (filter, joinery_export_format_get_content_type (format));
  gtk_file_filter_set_name (filter, joinery_export_format_get_extension (format));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* People who have not consented to contact stay out unless asked for. */
  if (g_str_equal (kind->name, "person"))
    gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "consent",
                                 "Include people who have not consented to contact", NULL, NULL);
  g_object_set_data (G_OBJECT (chooser), "format", GINT_TO_POINTER (format));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), window);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ask_and_export (user_data, g_variant_get_string (parameter, NULL));
}

static void
cancel_exchange_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ExportState *state = get_state (user_data);

  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
}

static void
import_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *window = user_data;
  JoineryRecordList *list = joinery_window_get_list (window);
  JoineryImportAssistant *assistant;

  if (list == NULL || joinery_window_get_db (window) == NULL)
    return;
  assistant = joinery_import_assistant_new (window, joinery_record_list_get_kind (list));
  gtk_window_present (GTK_WINDOW (assistant));
  joinery_import_assistant_choose_file (assistant);
}

/* The event shown in the form, or 0. */
static gint64
shown_event (JoineryWindow *window)
{
  JoineryRecordForm *form = joinery_window_get_form (window);
  JoineryRecord *shown = form != NULL ? joinery_record_form_get_record (form) : NULL;

  if (shown == NULL || joinery_record_form_is_draft (form) ||
      !g_str_equal (joinery_record_get_kind (shown)->name, "event"))
    return 0;
  return joinery_record_get_id (shown);
}

static void
import_eventbrite_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *window = user_data;
  gint64 event_id = shown_event (window);
  JoineryImportAssistant *assistant;

  if (joinery_window_get_db (window) == NULL || event_id == 0)
    return;
  assistant = joinery_import_assistant_new_eventbrite (window, event_id);
  gtk_window_present (GTK_WINDOW (assistant));
  joinery_import_assistant_choose_file (assistant);
}

/* Files dropped on the window */

/* Shows `assistant` with `path` chosen, past the file page when it reads. */
static void
present_with_file (JoineryImportAssistant *assistant, const char *path)
{
  gtk_window_present (GTK_WINDOW (assistant));
  /* A file it cannot read stays on the first page with the reason. */
  joinery_import_assistant_set_file (assistant, path);
}

/* Whether the window's point (x, y) is on its form. */
static gboolean
over_form (JoineryWindow *window, double x, double y)
{
  GtkWidget *form = GTK_WIDGET (joinery_window_get_form (window));
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (window), x, y, GTK_PICK_DEFAULT);

  return form != NULL && picked != NULL && (picked == form || gtk_widget_is_ancestor (picked, form));
}

/* What one dropped file opens: a Joinery file is opened; a spreadsheet
 * (CSV) on an event's form becomes its bookings (an Eventbrite report), on
 * a list the import wizard for that list's kind. FALSE, with the reason,
 * where the drop means nothing. */
static gboolean
open_dropped (JoineryWindow *window, GFile *file, double x, double y, char **reason)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  JoineryRecordList *list;
  gint64 event_id;

  if (path == NULL)
    {
      *reason = g_strdup ("Only a file on this computer can be imported: save it to a folder first");
      return FALSE;
    }
  if (g_str_has_suffix (path, ".joinery"))
    {
      g_autoptr(GError) error = NULL;

      if (!joinery_window_open_file (window, path, FALSE, &error))
        {
          *reason = g_strdup (error->message);
          return FALSE;
        }
      return TRUE;
    }
  if (joinery_window_get_db (window) == NULL)
    {
      *reason = g_strdup_printf ("Open a Joinery file before importing “%s” into it", name);
      return FALSE;
    }
  event_id = shown_event (window);
  if (event_id > 0 && over_form (window, x, y))
    {
      present_with_file (joinery_import_assistant_new_eventbrite (window, event_id), path);
      return TRUE;
    }
  list = joinery_window_get_visible_page (window) == NULL ? joinery_window_get_list (window) : NULL;
  if (list != NULL)
    {
      present_with_file (joinery_import_assistant_new (window, joinery_record_list_get_kind (list)), path);
      return TRUE;
    }
  *reason = g_strdup_printf ("To import “%s”, drop it on the list it belongs in (or on an event, for its "
                             "bookings from Eventbrite)", name);
  return FALSE;
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, gpointer user_data)
{
  JoineryWindow *window = user_data;
  GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
  g_autofree char *reason = NULL;
  gboolean done = FALSE;

  if (files == NULL)
    reason = g_strdup ("Nothing to import was dropped");
  else if (files->next != NULL)
    reason = g_strdup_printf ("Drop one file at a time (%u were dropped)", g_slist_length (files));
  else
    done = open_dropped (window, files->data, x, y, &reason);
  g_slist_free (files);
  if (!done)
    {
      g_autofree char *escaped = g_markup_escape_text (reason, -1);
      joinery_window_add_toast (window, adw_toast_new (escaped));
    }
  return done;
}

static const GActionEntry exchange_entries[] = {
  { "export-list", export_action, "s" },
  { "export-grants", export_action, "s" },
  { "export-events", export_action, "s" },
  { "cancel-exchange", cancel_exchange_action },
  { "import", import_action },
  { "import-eventbrite", import_eventbrite_action },
};

void
joinery_export_actions_init (JoineryWindow *window)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_action_map_add_action_entries (G_ACTION_MAP (window), exchange_entries,
                                   G_N_ELEMENTS (exchange_entries), window);
  /* A file dragged from the file manager onto the window. */
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), window);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (drop));
  joinery_export_actions_update (window);
}

static void
set_enabled (JoineryWindow *window, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (window), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
joinery_export_actions_update (JoineryWindow *window)
{
  JoineryRecordList *list = joinery_window_get_list (window);
  const JoineryKind *kind = list != NULL && joinery_window_get_db (window) != NULL
                            ? joinery_record_list_get_kind (list) : NULL;

  set_enabled (window, "export-list", kind != NULL);
  set_enabled (window, "import", kind != NULL);
  set_enabled (window, "import-eventbrite", joinery_window_get_db (window) != NULL && shown_event (window) > 0);
  set_enabled (window, "export-grants", kind != NULL && g_str_equal (kind->name, "grant"));
  set_enabled (window, "export-events", kind != NULL && g_str_equal (kind->name, "event"));
}
