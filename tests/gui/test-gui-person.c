/* test-gui-person.c: a person's data in the real window, under Xvfb: open
 * a person, see their history, change a field and see it there (old →
 * new, by gui), export everything held about them, erase them through the
 * destructive confirmation and see the mentions left to review, and the
 * erasure in the history; the file rewritten in a thread behind a spinner;
 * the mentions blanked when the check box asks. A list export is recorded
 * in the history too.
 */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-audit-view.h"
#include "joinery-person-actions.h"
#include "joinery-record-form.h"
#include "joinery-window.h"
#include "joinery-test-util.h"

static JoineryApplication *app;

typedef struct {
  JoineryTestDb *tdb;
  JoineryWindow *window;
  char          *dir;
} Fixture;

#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 30)
#define spin joinery_gui_test_spin

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  JoineryDb *db;

  g_settings_reset (settings, "last-kind");
  g_settings_reset (settings, "recent-databases");

  f->tdb = joinery_test_db_new ();
  db = f->tdb->db;
  joinery_test_create (db, "organisation", "name", "Bradford Council", "kind", "council", NULL);
  joinery_test_create (db, "person", "name", "Amara Ashcombe", "email", "amara@example.org",
                       "phone", "01274 960000", "organisation", "1", "consent_to_contact", "yes", NULL);
  joinery_test_create (db, "event", "name", "Bradford Learning Event", "starts_on", "2019-05-19", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "1", "status", "attended", NULL);
  joinery_test_create (db, "project", "name", "Community connectors",
                       "summary", "Amara Ashcombe leads it.", NULL);
  g_clear_object (&f->tdb->db);

  f->dir = g_dir_make_tmp ("joinery-gui-person-XXXXXX", &error);
  g_assert_no_error (error);
  joinery_gui_test_open_window (GTK_APPLICATION (app), f->tdb->path, &f->window);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  spin (20);
  joinery_test_db_free (f->tdb);
  joinery_test_rm_rf (f->dir);
  g_free (f->dir);
}

#define find_descendant joinery_gui_test_find_descendant

/* The history's own rows: plain list rows, not the expander's. */
static guint
count_entry_rows (GtkWidget *widget)
{
  guint n = G_OBJECT_TYPE (widget) == GTK_TYPE_LIST_BOX_ROW ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_entry_rows (child);
  return n;
}

static JoineryAuditView *
history (Fixture *f)
{
  return JOINERY_AUDIT_VIEW (find_descendant (GTK_WIDGET (joinery_window_get_form (f->window)),
                                              JOINERY_TYPE_AUDIT_VIEW));
}

/* Whether the history's newest entry holds `text`. */
static gboolean
newest_entry_has (Fixture *f, const char *text)
{
  JoineryAuditView *view = history (f);

  return view != NULL && joinery_audit_view_get_n_entries (view) > 0 &&
         strstr (joinery_audit_view_get_entry_text (view, 0), text) != NULL;
}

static AdwMessageDialog *
find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Just after Erase: the file is being rewritten, a spinner turning, the
 * main loop free (this runs in it). */
static void
assert_clearing_in_thread (void)
{
  AdwMessageDialog *progress = find_dialog ("Erasing Erased person 1…");
  GtkWidget *spinner;

  g_assert_nonnull (progress);
  spinner = adw_message_dialog_get_extra_child (progress);
  g_assert_true (GTK_IS_SPINNER (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_null (find_dialog ("Person Erased"));
  WAIT_FOR (find_dialog ("Erasing Erased person 1…") == NULL);
}

/* With the check box on, the mention is blanked too. */
static void
test_erase_blank_mentions (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form;
  JoineryPersonActions *actions;
  AdwMessageDialog *dialog;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryRecord) project = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_window_open_record (f->window, joinery_kind_lookup ("person"), 1));
  form = joinery_window_get_form (f->window);
  WAIT_FOR (find_descendant (GTK_WIDGET (form), JOINERY_TYPE_PERSON_ACTIONS) != NULL);
  actions = JOINERY_PERSON_ACTIONS (find_descendant (GTK_WIDGET (form), JOINERY_TYPE_PERSON_ACTIONS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (actions), "person.erase", NULL));
  dialog = joinery_person_actions_get_dialog (actions);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog)), TRUE);
  adw_message_dialog_response (dialog, "erase");
  assert_clearing_in_thread ();
  WAIT_FOR (find_dialog ("Person Erased") != NULL);
  dialog = find_dialog ("Person Erased");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "These records mentioned them; their name now reads “[erased]” there:"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "Old copies may stay"));
  adw_message_dialog_response (dialog, "close");

  db = joinery_db_open (f->tdb->path, JOINERY_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  project = joinery_db_get (db, joinery_kind_lookup ("project"), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_record_get_text (project, "summary"), ==, "[erased] leads it.");
}

static void
test_person_story (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "amara.json", NULL);
  JoineryRecordForm *form;
  JoineryPersonActions *actions;
  AdwMessageDialog *dialog;
  GtkWidget *email;
  JsonObject *fields;

  /* Open a person: their data rights and their history are on the form. */
  g_assert_true (joinery_window_open_record (f->window, joinery_kind_lookup ("person"), 1));
  form = joinery_window_get_form (f->window);
  WAIT_FOR (history (f) != NULL);
  g_assert_cmpuint (joinery_audit_view_get_n_entries (history (f)), ==, 1);
  g_assert_true (newest_entry_has (f, "Added by test, "));
  g_assert_true (newest_entry_has (f, "Name: Amara Ashcombe"));
  g_assert_true (newest_entry_has (f, "Organisation: Bradford Council"));

  /* An edit shows in the history: old → new, by the window. */
  email = joinery_record_form_get_field_widget (form, "email");
  gtk_widget_grab_focus (email);
  gtk_editable_set_text (GTK_EDITABLE (email), "amara.a@example.org");
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (email)), "activate");
  WAIT_FOR (newest_entry_has (f, "Changed by gui, "));
  g_assert_true (newest_entry_has (f, "Email: amara@example.org → amara.a@example.org"));

  /* Export everything held about them, as Save in the file chooser does. */
  actions = JOINERY_PERSON_ACTIONS (find_descendant (GTK_WIDGET (form), JOINERY_TYPE_PERSON_ACTIONS));
  g_assert_nonnull (actions);
  g_assert_true (joinery_person_actions_export_to_file (actions, path, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  fields = json_object_get_object_member (json_object_get_object_member (
             json_node_get_object (json_parser_get_root (parser)), "person"), "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "email"), ==, "amara.a@example.org");
  WAIT_FOR (newest_entry_has (f, "Exported by gui, "));
  g_assert_true (newest_entry_has (f, "what: subject access export; rows: 5; format: json"));

  /* Erase: asked first, and Cancel keeps them. */
  actions = JOINERY_PERSON_ACTIONS (find_descendant (GTK_WIDGET (form), JOINERY_TYPE_PERSON_ACTIONS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (actions), "person.erase", NULL));
  dialog = joinery_person_actions_get_dialog (actions);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Erase Amara Ashcombe?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "This cannot be undone."));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "erase"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "cancel");
  spin (50);
  g_assert_cmpstr (joinery_record_get_label (joinery_record_form_get_record (form)), ==, "Amara Ashcombe");

  /* And Erase erases — the file rewritten in a thread behind a spinner —
   * then shows what still mentions them (the check box to blank the
   * mention left off). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (actions), "person.erase", NULL));
  dialog = joinery_person_actions_get_dialog (actions);
  {
    GtkWidget *check = adw_message_dialog_get_extra_child (dialog);

    g_assert_true (GTK_IS_CHECK_BUTTON (check));
    g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), ==,
                     "Also replace their name and email with “[erased]” in the 1 other record that mentions them");
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  }
  adw_message_dialog_response (dialog, "erase");
  assert_clearing_in_thread ();
  WAIT_FOR (find_dialog ("Person Erased") != NULL);
  dialog = find_dialog ("Person Erased");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "The record is now “Erased person 1”."));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "• Project “Community connectors” (summary): Amara Ashcombe leads it."));
  adw_message_dialog_response (dialog, "close");

  /* The form shows the placeholder, and the history the erasure — with
   * none of the erased values left in it. */
  WAIT_FOR (newest_entry_has (f, "Erased by gui, "));
  g_assert_cmpstr (joinery_record_get_label (joinery_record_form_get_record (form)), ==, "Erased person 1");
  for (guint i = 0; i < joinery_audit_view_get_n_entries (history (f)); i++)
    {
      const char *text = joinery_audit_view_get_entry_text (history (f), i);
      g_assert_null (strstr (text, "Amara"));
      g_assert_null (strstr (text, "example.org"));
    }
  /* Opened, the history shows a row per entry. */
  {
    AdwExpanderRow *expander = ADW_EXPANDER_ROW (find_descendant (GTK_WIDGET (history (f)), ADW_TYPE_EXPANDER_ROW));
    guint rows;

    adw_expander_row_set_expanded (expander, TRUE);
    rows = count_entry_rows (GTK_WIDGET (expander));
    g_assert_cmpuint (rows, ==, joinery_audit_view_get_n_entries (history (f)));
  }
  g_assert_false (joinery_db_undo (joinery_window_get_db (f->window), NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  app = joinery_gui_test_app_start ();

  g_test_add ("/gui/person/export-erase-history", Fixture, NULL, fixture_setup, test_person_story,
              fixture_teardown);
  g_test_add ("/gui/person/erase-blank-mentions", Fixture, NULL, fixture_setup, test_erase_blank_mentions,
              fixture_teardown);

  return joinery_gui_test_app_run (&app);
}
