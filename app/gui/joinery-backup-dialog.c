/* joinery-backup-dialog.c: the automatic daily backup, and the "Restore
 * from Backup…" dialog with its confirmation (see joinery-backup-dialog.h).
 *
 * The copies are the core's (joinery-backup.h); this file only decides
 * when, runs them off the main loop and says how they went. It must not
 * touch the window's connection from a worker thread: the workers are
 * given the file's path and open their own.
 */
#include "config.h"

#include "joinery-backup-dialog.h"
#include "joinery-backup.h"
#include "joinery-gui-util.h"

#define STATE_KEY "joinery-backup-state"
#define DEFAULT_KEEP 7

struct _JoineryBackupDialog
{
  AdwMessageDialog  parent_instance;

  GtkListBox       *list;

  JoineryWindow    *window;   /* not owned: the dialog is modal on it */
  char             *db_path;
  char             *dir;
};

G_DEFINE_FINAL_TYPE (JoineryBackupDialog, joinery_backup_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* One window's backup work. */
typedef struct {
  GCancellable     *cancellable;  /* the automatic backup running, or NULL */
  guint             busy;         /* automatic backups and restores running */
  gboolean          temporary;    /* the open file is a throw-away demo copy */
  AdwMessageDialog *confirmation; /* weak */
  guint             delay_id;     /* the automatic backup waiting to start */
  struct _AutoJob  *pending;      /* its work, meanwhile */
} BackupState;

static void drop_pending (BackupState *state);

static void
backup_state_free (BackupState *state)
{
  drop_pending (state);
  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
  if (state->confirmation != NULL)
    g_object_remove_weak_pointer (G_OBJECT (state->confirmation), (gpointer *) &state->confirmation);
  g_free (state);
}

static BackupState *
get_state (JoineryWindow *window)
{
  BackupState *state = g_object_get_data (G_OBJECT (window), STATE_KEY);

  if (state == NULL)
    {
      state = g_new0 (BackupState, 1);
      g_object_set_data_full (G_OBJECT (window), STATE_KEY, state, (GDestroyNotify) backup_state_free);
    }
  return state;
}

static void
toast (JoineryWindow *window, const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 5);
  joinery_window_add_toast (window, t);
}

/* The action */

static void
restore_backup_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryWindow *window = user_data;

  if (joinery_window_get_db (window) == NULL || get_state (window)->temporary)
    return;
  gtk_window_present (GTK_WINDOW (joinery_backup_dialog_new (window)));
}

static void
install_action (JoineryWindow *window)
{
  static const GActionEntry entries[] = {
    { "restore-backup", restore_backup_action },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (window), entries, G_N_ELEMENTS (entries), window);
}

/* Automatic backups */

typedef struct _AutoJob {
  char  *db_path;
  char  *dir;
  guint  keep;
} AutoJob;

static void
auto_job_free (AutoJob *job)
{
  g_free (job->db_path);
  g_free (job->dir);
  g_free (job);
}

static void
auto_backup_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AutoJob *job = task_data;
  GError *error = NULL;

  if (!joinery_backup_rotate (job->db_path, job->dir, job->keep, TRUE, NULL, NULL, cancellable,
                              NULL, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
auto_backup_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  JoineryWindow *window = JOINERY_WINDOW (source);
  BackupState *state = get_state (window);
  g_autoptr(GError) error = NULL;

  state->busy--;
  /* Nothing to say to a window that was closed meanwhile. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      joinery_window_get_db (window) != NULL)
    {
      g_autofree char *text = g_strdup_printf ("Cannot make today’s backup: %s", error->message);
      toast (window, text);
    }
}

/* A backup copies the whole file: it waits until the window has shown what
 * opening the file is for (Home's figures, read in a thread of their own,
 * are painted well within this on a file of a million people), rather than
 * take the processor and the disk from them. */
#define AUTO_BACKUP_DELAY_MS 2000

static gboolean
start_pending_cb (gpointer data)
{
  JoineryWindow *window = data;
  BackupState *state = get_state (window);
  g_autoptr(GTask) task = NULL;

  state->delay_id = 0;
  task = g_task_new (window, state->cancellable, auto_backup_done_cb, NULL);
  g_task_set_source_tag (task, joinery_backup_dialog_file_opened);
  g_task_set_task_data (task, g_steal_pointer (&state->pending), (GDestroyNotify) auto_job_free);
  g_task_run_in_thread (task, auto_backup_thread);
  return G_SOURCE_REMOVE;
}

/* A backup still waiting to start is given up (another file, or the
 * window gone). */
static void
drop_pending (BackupState *state)
{
  if (state->delay_id == 0)
    return;
  g_clear_handle_id (&state->delay_id, g_source_remove);
  g_clear_pointer (&state->pending, auto_job_free);
  state->busy--;
}

void
joinery_backup_dialog_file_opened (JoineryWindow *window, gboolean temporary)
{
  BackupState *state;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  JoineryDb *db;
  AutoJob *job;
  guint keep = DEFAULT_KEEP;
  GAction *action;

  g_return_if_fail (JOINERY_IS_WINDOW (window));

  state = get_state (window);
  db = joinery_window_get_db (window);
  state->temporary = temporary;
  action = g_action_map_lookup_action (G_ACTION_MAP (window), "restore-backup");
  if (action == NULL)
    {
      install_action (window);
      action = g_action_map_lookup_action (G_ACTION_MAP (window), "restore-backup");
    }
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), db != NULL && !temporary);

  /* The last file's backup is no use for this one. */
  drop_pending (state);
  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
  if (db == NULL || temporary || joinery_db_is_read_only (db))
    return;

  settings = joinery_gui_dup_settings ();
  if (settings != NULL)
    {
      g_object_get (settings, "settings-schema", &schema, NULL);
      if (g_settings_schema_has_key (schema, "backup-automatic") &&
          !g_settings_get_boolean (settings, "backup-automatic"))
        return;
      if (g_settings_schema_has_key (schema, "backup-keep"))
        keep = (guint) MAX (1, g_settings_get_int (settings, "backup-keep"));
    }

  job = g_new0 (AutoJob, 1);
  job->db_path = g_strdup (joinery_db_get_path (db));
  job->dir = joinery_backup_default_dir (job->db_path);
  job->keep = keep;
  state->cancellable = g_cancellable_new ();
  state->busy++;
  state->pending = job;
  state->delay_id = g_timeout_add (AUTO_BACKUP_DELAY_MS, start_pending_cb, window);
}

/* Restoring */

typedef struct {
  char *db_path;
  char *backup;
  char *dir;
  char *when;    /* "Wednesday 2 December 2026, 09:30", for the toast */
  char *before;  /* the copy of what was replaced, once done */
} RestoreJob;

static void
restore_job_free (RestoreJob *job)
{
  g_free (job->db_path);
  g_free (job->backup);
  g_free (job->dir);
  g_free (job->when);
  g_free (job->before);
  g_free (job);
}

static void
restore_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RestoreJob *job = task_data;
  GError *error = NULL;

  if (!joinery_backup_restore (job->db_path, job->backup, job->dir, &job->before, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
restore_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  JoineryWindow *window = JOINERY_WINDOW (source);
  RestoreJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  get_state (window)->busy--;
  /* A window closed meanwhile opens nothing again. */
  if (joinery_window_get_db (window) == NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      text = g_strdup_printf ("Cannot restore the backup: %s", error->message);
      toast (window, text);
      return;
    }
  /* Everything the window shows is read again from the restored file. */
  if (!joinery_window_open_file (window, job->db_path, FALSE, &error))
    {
      text = g_strdup_printf ("Restored, but cannot open the file again: %s", error->message);
      toast (window, text);
      return;
    }
  text = g_strdup_printf ("Restored the backup of %s; what was there before is kept as a backup",
                          job->when);
  toast (window, text);
}

static void
confirmation_response_cb (AdwMessageDialog *confirmation, const char *response, gpointer user_data)
{
  RestoreJob *job = user_data;
  JoineryWindow *window = JOINERY_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (confirmation)));
  g_autoptr(GTask) task = NULL;

  if (!g_str_equal (response, "restore") || window == NULL)
    {
      restore_job_free (job);
      return;
    }
  /* An edit still in the form belongs to the data being replaced. */
  joinery_record_form_commit_pending (joinery_window_get_form (window));
  get_state (window)->busy++;
  task = g_task_new (window, NULL, restore_done_cb, NULL);
  g_task_set_source_tag (task, confirmation_response_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) restore_job_free);
  g_task_run_in_thread (task, restore_thread);
}

static char *
dup_written (JoineryBackupInfo *info)
{
  return g_date_time_format (info->modified, "%A %-d %B %Y, %H:%M");
}

static void
confirm_restore (JoineryBackupDialog *self, JoineryBackupInfo *info)
{
  BackupState *state = get_state (self->window);
  g_autofree char *name = g_path_get_basename (self->db_path);
  RestoreJob *job = g_new0 (RestoreJob, 1);
  GtkWidget *confirmation;

  job->db_path = g_strdup (self->db_path);
  job->backup = g_strdup (info->path);
  job->dir = g_strdup (self->dir);
  job->when = dup_written (info);

  confirmation = adw_message_dialog_new (GTK_WINDOW (self->window), "Restore This Backup?", NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (confirmation),
                                  "Everything in “%s” will be replaced by the backup of %s. "
                                  "What it holds now is kept as a backup first, so this can "
                                  "be undone.", name, job->when);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (confirmation),
                                    "cancel", "_Cancel", "restore", "_Restore", NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (confirmation), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (confirmation), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (confirmation), "cancel");
  g_signal_connect (confirmation, "response", G_CALLBACK (confirmation_response_cb), job);

  if (state->confirmation != NULL)
    g_object_remove_weak_pointer (G_OBJECT (state->confirmation), (gpointer *) &state->confirmation);
  state->confirmation = ADW_MESSAGE_DIALOG (confirmation);
  g_object_add_weak_pointer (G_OBJECT (confirmation), (gpointer *) &state->confirmation);
  gtk_window_present (GTK_WINDOW (confirmation));
}

/* The dialog */

static void
row_selected_cb (JoineryBackupDialog *self, GtkListBoxRow *row)
{
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "restore", row != NULL);
}

static void
joinery_backup_dialog_response (AdwMessageDialog *dialog, const char *response)
{
  JoineryBackupDialog *self = JOINERY_BACKUP_DIALOG (dialog);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  if (g_str_equal (response, "restore") && row != NULL)
    confirm_restore (self, g_object_get_data (G_OBJECT (row), "backup"));
}

static void
fill_list (JoineryBackupDialog *self)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *placeholder;

  backups = joinery_backup_list (self->dir, &error);
  placeholder = gtk_label_new (error != NULL ? error->message : "No backups of this file yet");
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list, placeholder);
  if (backups == NULL)
    return;

  for (guint i = 0; i < backups->len; i++)
    {
      JoineryBackupInfo *info = backups->pdata[i];
      g_autofree char *title = dup_written (info);
      g_autofree char *size = g_format_size ((guint64) info->size);
      g_autofree char *subtitle = NULL;
      g_autofree char *escaped = NULL;
      GtkWidget *row = adw_action_row_new ();

      subtitle = g_strdup_printf ("%s · %s", size,
                                  strstr (info->name, "-before-restore") != NULL ?
                                  "kept before a restore" : info->name);
      escaped = g_markup_escape_text (subtitle, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      gtk_widget_set_tooltip_text (row, info->path);
      g_object_set_data_full (G_OBJECT (row), "backup", g_steal_pointer (&backups->pdata[i]),
                              (GDestroyNotify) joinery_backup_info_free);
      gtk_list_box_append (self->list, row);
    }
  /* The newest is the one most often wanted. */
  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
}

static void
joinery_backup_dialog_dispose (GObject *object)
{
  JoineryBackupDialog *self = JOINERY_BACKUP_DIALOG (object);

  /* The rows go after the responses do: no more "row-selected". */
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  G_OBJECT_CLASS (joinery_backup_dialog_parent_class)->dispose (object);
}

static void
joinery_backup_dialog_finalize (GObject *object)
{
  JoineryBackupDialog *self = JOINERY_BACKUP_DIALOG (object);

  g_free (self->db_path);
  g_free (self->dir);
  G_OBJECT_CLASS (joinery_backup_dialog_parent_class)->finalize (object);
}

static void
joinery_backup_dialog_class_init (JoineryBackupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = joinery_backup_dialog_dispose;
  object_class->finalize = joinery_backup_dialog_finalize;
  ADW_MESSAGE_DIALOG_CLASS (klass)->response = joinery_backup_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/joinery/Joinery/joinery-backup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, JoineryBackupDialog, list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
}

static void
joinery_backup_dialog_init (JoineryBackupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

JoineryBackupDialog *
joinery_backup_dialog_new (JoineryWindow *window)
{
  JoineryBackupDialog *self;
  JoineryDb *db;

  g_return_val_if_fail (JOINERY_IS_WINDOW (window), NULL);
  db = joinery_window_get_db (window);
  g_return_val_if_fail (db != NULL, NULL);

  self = g_object_new (JOINERY_TYPE_BACKUP_DIALOG, "transient-for", window, NULL);
  self->window = window;
  self->db_path = g_strdup (joinery_db_get_path (db));
  self->dir = joinery_backup_default_dir (self->db_path);
  fill_list (self);
  return self;
}

GtkListBox *
joinery_backup_dialog_get_list (JoineryBackupDialog *self)
{
  g_return_val_if_fail (JOINERY_IS_BACKUP_DIALOG (self), NULL);
  return self->list;
}

AdwMessageDialog *
joinery_backup_dialog_get_confirmation (JoineryWindow *window)
{
  return get_state (window)->confirmation;
}

gboolean
joinery_backup_dialog_is_busy (JoineryWindow *window)
{
  return get_state (window)->busy > 0;
}
