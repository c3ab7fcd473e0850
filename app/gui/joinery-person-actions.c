/* joinery-person-actions.c: "Export Personal Data…" and "Erase Person…" on
 * a person's form.
 *
 * The export is saved where the user chooses (GtkFileChooserNative), whole
 * or not at all, readable by its owner only. The erasure asks first in an
 * AdwMessageDialog whose destructive button says what cannot be undone
 * (with a check box to blank the mentions of their name in other records'
 * text too), then rewrites the file in a thread behind a spinner, then
 * shows the records whose text mentions the person: blanked, or left for
 * the user to review. What happened is told through the
 * "notice" signal, which the form passes on to the window's toasts. The
 * work itself is the core's (joinery-person-data.h).
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "joinery-person-actions.h"
#include "joinery-person-data.h"

struct _JoineryPersonActions
{
  AdwBin                parent_instance;

  JoineryDb            *db;
  gint64                person_id;
  GtkFileChooserNative *chooser;
  AdwMessageDialog     *dialog;
  GtkCheckButton       *blank_check;  /* in the confirmation, while it is up */
};

G_DEFINE_FINAL_TYPE (JoineryPersonActions, joinery_person_actions, ADW_TYPE_BIN)

enum {
  NOTICE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
notice (JoineryPersonActions *self, const char *message)
{
  g_signal_emit (self, signals[NOTICE], 0, message);
}

gboolean
joinery_person_actions_export_to_file (JoineryPersonActions *self, const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  g_autofree char *pretty = NULL;

  g_return_val_if_fail (JOINERY_IS_PERSON_ACTIONS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  json = joinery_person_data_export (self->db, self->person_id, error);
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, error))
    return FALSE;
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  pretty = json_generator_to_data (generator, NULL);
  if (!g_file_set_contents_full (path, pretty, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  {
    g_autofree char *name = g_path_get_basename (path);
    g_autofree char *message = g_strdup_printf ("Saved everything held about this person to “%s”", name);
    notice (self, message);
  }
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, JoineryPersonActions *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  if (!joinery_person_actions_export_to_file (self, path, &error))
    {
      message = g_strdup_printf ("Cannot export: %s", error->message);
      notice (self, message);
    }
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  JoineryPersonActions *self = JOINERY_PERSON_ACTIONS (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *suggested = g_strdup_printf ("person-%" G_GINT64_FORMAT "-data.json", self->person_id);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  self->chooser = gtk_file_chooser_native_new ("Export Personal Data", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  gtk_file_filter_set_name (filter, "JSON");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
dialog_closed_cb (AdwMessageDialog *dialog, const char *response, JoineryPersonActions *self)
{
  if (self->dialog == dialog)
    self->dialog = NULL;
}

static GtkWindow *
get_window (JoineryPersonActions *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Over `parent`: the form (and these actions with it) may be rebuilt
 * while a dialog is up. */
static AdwMessageDialog *
present_dialog_over (JoineryPersonActions *self, GtkWindow *parent, const char *heading, const char *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));

  self->dialog = dialog;
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_closed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static AdwMessageDialog *
present_dialog (JoineryPersonActions *self, const char *heading, const char *body)
{
  return present_dialog_over (self, get_window (self), heading, body);
}

static void
show_outcome (JoineryPersonActions *self, GtkWindow *parent, JoineryErasure *erasure)
{
  g_autoptr(GString) body = g_string_new (NULL);
  AdwMessageDialog *dialog;

  g_string_append_printf (body, "The record is now “%s”. ", erasure->placeholder);
  if (erasure->kept > 0)
    g_string_append_printf (body, "%u booking%s, membership%s or task%s stay, without their name. ",
                            erasure->kept, erasure->kept == 1 ? "" : "s", erasure->kept == 1 ? "" : "s",
                            erasure->kept == 1 ? "" : "s");
  if (!erasure->file_cleared)
    g_string_append (body, "Old copies may stay in the file's log until Joinery is closed. ");
  if (erasure->mentions->len == 0)
    g_string_append (body, "No other record mentions them.");
  else
    {
      if (erasure->blanked)
        g_string_append (body, "These records mentioned them; their name now reads “[erased]” there:\n");
      else
        g_string_append (body, "These records still mention them; review them and remove the mention "
                               "where it is not needed:\n");
      for (guint i = 0; i < erasure->mentions->len; i++)
        {
          JoineryMention *mention = erasure->mentions->pdata[i];
          g_string_append_printf (body, "\n• %s “%s” (%s): %s", mention->kind->label,
                                  mention->label != NULL ? mention->label : "?", mention->field, mention->excerpt);
        }
    }
  dialog = present_dialog_over (self, parent, "Person Erased", body->str);
  adw_message_dialog_add_response (dialog, "close", "_Close");
}

/* The file rewritten (VACUUM) in a thread: the window stays drawn and a
 * spinner turns meanwhile. */
typedef struct {
  JoineryPersonActions *self;
  GtkWindow            *window;   /* weak */
  JoineryErasure       *erasure;
  AdwMessageDialog     *progress;
} ClearJob;

static void
file_cleared_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ClearJob *job = data;
  g_autoptr(GError) error = NULL;

  job->erasure->file_cleared = joinery_person_data_clear_file_finish (result, &error);
  if (job->progress != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (job->progress), (gpointer *) &job->progress);
      if (job->self->dialog == job->progress)
        job->self->dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (job->progress));
    }
  if (job->window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (job->window), (gpointer *) &job->window);
      show_outcome (job->self, job->window, job->erasure);
    }
  joinery_erasure_free (job->erasure);
  g_object_unref (job->self);
  g_free (job);
}

static void
confirm_response_cb (AdwMessageDialog *dialog, const char *response, JoineryPersonActions *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  JoineryEraseFlags flags = JOINERY_ERASE_LEAVE_FILE;
  JoineryErasure *erasure;
  ClearJob *job;

  if (self->blank_check != NULL && gtk_check_button_get_active (self->blank_check))
    flags |= JOINERY_ERASE_BLANK_MENTIONS;
  self->blank_check = NULL;
  if (!g_str_equal (response, "erase"))
    return;
  /* The form is rebuilt after the change, and the window may close while
   * the file is rewritten: hold on. */
  job = g_new0 (ClearJob, 1);
  job->self = g_object_ref (self);
  job->window = get_window (self);
  if (job->window != NULL)
    g_object_add_weak_pointer (G_OBJECT (job->window), (gpointer *) &job->window);
  erasure = joinery_person_data_erase_full (self->db, self->person_id, flags, &error);
  if (erasure == NULL)
    {
      message = g_strdup_printf ("Cannot erase: %s", error->message);
      notice (self, message);
      if (job->window != NULL)
        g_object_remove_weak_pointer (G_OBJECT (job->window), (gpointer *) &job->window);
      g_object_unref (job->self);
      g_free (job);
      return;
    }
  job->erasure = erasure;
  message = g_strdup_printf ("Erasing %s…", erasure->placeholder);
  job->progress = present_dialog_over (self, job->window, message,
                                       "Removing every old copy of their details from the file.");
  {
    GtkWidget *spinner = gtk_spinner_new ();

    gtk_spinner_start (GTK_SPINNER (spinner));
    gtk_widget_set_size_request (spinner, 32, 32);
    adw_message_dialog_set_extra_child (job->progress, spinner);
  }
  g_object_add_weak_pointer (G_OBJECT (job->progress), (gpointer *) &job->progress);
  joinery_person_data_clear_file_async (self->db, NULL, file_cleared_cb, job);
}

static void
erase_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  JoineryPersonActions *self = JOINERY_PERSON_ACTIONS (widget);
  g_autofree char *label = joinery_db_dup_label (self->db, joinery_kind_lookup ("person"), self->person_id);
  g_autofree char *heading = g_strdup_printf ("Erase %s?", label != NULL ? label : "this person");
  g_autoptr(GPtrArray) mentions = joinery_person_data_find_mentions (self->db, self->person_id, NULL);
  AdwMessageDialog *dialog;

  dialog = present_dialog (self, heading,
                           "Their name, email, phone and other personal details, their notes and tags, "
                           "and every copy of these in the history will be removed for good. Their "
                           "bookings and memberships stay, without their name, so that counts hold.\n\n"
                           "This cannot be undone.");
  adw_message_dialog_add_responses (dialog, "cancel", "_Cancel", "erase", "_Erase Person", NULL);
  adw_message_dialog_set_response_appearance (dialog, "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  self->blank_check = NULL;
  if (mentions != NULL && mentions->len > 0)
    {
      g_autofree char *text = g_strdup_printf (mentions->len == 1
                                                 ? "Also replace their name and email with “[erased]” in the "
                                                   "%u other record that mentions them"
                                                 : "Also replace their name and email with “[erased]” in the "
                                                   "%u other records that mention them",
                                               mentions->len);
      GtkWidget *check = gtk_check_button_new_with_label (text);

      if (GTK_IS_LABEL (gtk_widget_get_last_child (check)))
        gtk_label_set_wrap (GTK_LABEL (gtk_widget_get_last_child (check)), TRUE);
      adw_message_dialog_set_extra_child (dialog, check);
      self->blank_check = GTK_CHECK_BUTTON (check);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
}

static void
joinery_person_actions_dispose (GObject *object)
{
  JoineryPersonActions *self = JOINERY_PERSON_ACTIONS (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  self->dialog = NULL;
  self->blank_check = NULL;
  g_clear_object (&self->db);
  G_OBJECT_CLASS (joinery_person_actions_parent_class)->dispose (object);
}

static void
joinery_person_actions_class_init (JoineryPersonActionsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = joinery_person_actions_dispose;
  gtk_widget_class_install_action (widget_class, "person.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "person.erase", NULL, erase_action);

  /* Something to tell the user (an export saved, an erasure refused). */
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
joinery_person_actions_init (JoineryPersonActions *self)
{
}

static GtkWidget *
make_action_row (const char *title, const char *subtitle, const char *button_label, const char *action,
                 gboolean destructive)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (button_label);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (destructive)
    gtk_widget_add_css_class (button, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  return row;
}

GtkWidget *
joinery_person_actions_new (JoineryDb *db, gint64 person_id)
{
  JoineryPersonActions *self;
  GtkWidget *group;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);

  self = g_object_new (JOINERY_TYPE_PERSON_ACTIONS, NULL);
  self->db = g_object_ref (db);
  self->person_id = person_id;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), "Personal Data");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         "What the law gives this person a right to (UK GDPR)");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             make_action_row ("Export Personal Data…",
                                              "Everything held about them, as a JSON file, for a subject access request",
                                              "E_xport…", "person.export", FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             make_action_row ("Erase Person…",
                                              "Remove their personal details for good; cannot be undone",
                                              "Erase…", "person.erase", TRUE));
  adw_bin_set_child (ADW_BIN (self), group);
  return GTK_WIDGET (self);
}

AdwMessageDialog *
joinery_person_actions_get_dialog (JoineryPersonActions *self)
{
  g_return_val_if_fail (JOINERY_IS_PERSON_ACTIONS (self), NULL);
  return self->dialog;
}
