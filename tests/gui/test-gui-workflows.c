/* test-gui-workflows.c: the Workflows page in the real window, under Xvfb.
 * Grant monitoring switched on in the page fires when a grant's status is
 * set to awarded in its form: its tasks appear in the Tasks list and on the
 * grant's form, and the run in the log. A failing workflow shows its error
 * and traceback in the log, and what it did is rolled back. A plugin that
 * writes and is not approved cannot be switched on without approving it
 * in the dialog that says what it asks for.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-window.h"
#include "joinery-window-page.h"
#include "joinery-record-form.h"
#include "joinery-record-list.h"
#include "joinery-workflows-page.h"
#include "joinery-workflow-state.h"
#include "joinery-test-util.h"

static JoineryApplication *app;
static char *home;

typedef struct {
  JoineryTestDb *tdb;
  JoineryWindow *window;
  JoineryDb     *db;
  gint64         grant;
  char          *plugin_folder;
} Fixture;

#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 10)
#define spin joinery_gui_test_spin

static char *
write_plugin (const char *id, const char *main_lua)
{
  g_autofree char *user = joinery_plugins_user_folder ();
  char *folder = g_build_filename (user, id, NULL);
  g_autofree char *manifest = g_strdup_printf ("[Plugin]\nid=%s\nname=Test %s\nversion=1.0\nauthor=Tests\n"
                                               "description=A test plugin\napi=1\npermissions=write\nworkflows=%s\n",
                                               id, id, id);
  g_autofree char *manifest_path = g_build_filename (folder, "manifest.ini", NULL);
  g_autofree char *main_path = g_build_filename (folder, "main.lua", NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (manifest_path, manifest, -1, NULL));
  g_assert_true (g_file_set_contents (main_path, main_lua, -1, NULL));
  return folder;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *plugin_lua = data;

  f->tdb = joinery_test_db_new ();
  joinery_test_create (f->tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (f->tdb->db, "fund", "name", "Healthy Communities Fund", NULL);
  joinery_test_create (f->tdb->db, "round", "fund", "1", "name", "Round one", "number", "1", NULL);
  f->grant = joinery_test_create (f->tdb->db, "grant", "round", "1", "title", "Warm homes", "applicant", "1",
                                  "amount_requested", "£12,000", "amount_awarded", "£10,000",
                                  "awarded_on", "2024-05-01", "status", "completed", NULL);
  if (plugin_lua != NULL)
    f->plugin_folder = write_plugin (g_str_has_prefix (plugin_lua, "-- flaky") ? "flaky" : "tasker", plugin_lua);

  f->window = joinery_window_new (GTK_APPLICATION (app));
  g_assert_true (joinery_window_open_file (f->window, f->tdb->path, FALSE, &error));
  g_assert_no_error (error);
  f->db = g_object_ref (joinery_window_get_db (f->window));
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 780);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  spin (20);
  g_clear_object (&f->db);
  if (f->plugin_folder != NULL)
    joinery_test_rm_rf (f->plugin_folder);
  g_free (f->plugin_folder);
  joinery_test_db_free (f->tdb);
}

static GtkWidget *
show_workflows (Fixture *f)
{
  g_assert_true (joinery_window_show_page (f->window, "workflows"));
  spin (20);
  return joinery_window_get_page_widget (f->window, "workflows");
}

/* A photograph of the screen, when asked for (to look at the page). */
static void
photograph (const char *name)
{
  const char *dir = g_getenv ("JOINERY_TEST_SHOTS");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  spin (300);
  path = g_build_filename (dir, name, NULL);
  g_spawn_sync (NULL, (char *[]) { "import", "-window", "root", path, NULL }, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

static guint
index_of_choice (const char *field, const char *value)
{
  const JoineryField *f = joinery_kind_get_field (joinery_kind_lookup ("grant"), field);

  for (guint i = 0; f->choices[i] != NULL; i++)
    if (g_str_equal (f->choices[i], value))
      return i;
  g_assert_not_reached ();
}

/* In the grant's form, the status set to awarded. (The grant starts as
 * "completed", set by mistake: the form saves one field at a time, and
 * the core wants an awarded grant's amount with its status, which a grant
 * under review cannot hold yet.) */
static void
award_in_form (Fixture *f)
{
  JoineryRecordForm *form = joinery_window_get_form (f->window);

  g_assert_true (joinery_window_open_record (f->window, joinery_kind_lookup ("grant"), f->grant));
  spin (100);
  adw_combo_row_set_selected (ADW_COMBO_ROW (joinery_record_form_get_field_widget (form, "status")),
                              index_of_choice ("status", "awarded"));
  spin (100);
  g_assert_null (joinery_record_form_get_field_error (form, "status"));
}

static gint64
count_tasks (Fixture *f)
{
  g_autoptr(GPtrArray) tasks = joinery_db_list (f->db, joinery_kind_lookup ("task"), NULL, NULL);
  return tasks->len;
}

static const char *
first_log_subtitle (GtkWidget *page)
{
  GtkListBox *log = joinery_workflows_page_get_log (page);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (log, 0);

  return row != NULL ? adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)) : NULL;
}

static void
test_fires_from_form (Fixture *f, gconstpointer data)
{
  GtkWidget *page = show_workflows (f);
  GtkSwitch *sw = joinery_workflows_page_get_switch (page, "grant-monitoring");
  JoineryRecordForm *form = joinery_window_get_form (f->window);
  g_autoptr(GPtrArray) tasks = NULL;
  JoineryRecordList *list;

  g_assert_nonnull (sw);
  g_assert_false (gtk_switch_get_active (sw));
  g_assert_nonnull (joinery_workflows_page_get_switch (page, "event-follow-up"));
  g_assert_nonnull (joinery_workflows_page_get_switch (page, "stage-review"));
  gtk_switch_set_active (sw, TRUE);
  g_assert_true (joinery_db_workflow_is_enabled (f->db, "grant-monitoring", "grant-monitoring", NULL));
  photograph ("workflows-page.png");

  award_in_form (f);
  WAIT_FOR (count_tasks (f) == 3);
  tasks = joinery_db_list (f->db, joinery_kind_lookup ("task"), NULL, NULL);
  g_assert_cmpstr (joinery_record_get_text (tasks->pdata[0], "title"), ==, "Year 1 impact report: Warm homes");
  g_assert_cmpstr (joinery_record_get_text (tasks->pdata[0], "due_on"), ==, "2025-05-01");

  /* On the grant's form… */
  for (guint i = 0; i < tasks->len; i++)
    WAIT_FOR (joinery_record_form_find_related_row (form, joinery_kind_lookup ("task"),
                                                    joinery_record_get_id (tasks->pdata[i])) != NULL);
  /* …and in the Tasks list. */
  joinery_window_show_kind (f->window, joinery_kind_lookup ("task"));
  list = joinery_window_get_list (f->window);
  WAIT_FOR (!joinery_record_list_is_loading (list));
  WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (joinery_record_list_get_model (list))) == 3);

  /* The run in the log. */
  page = show_workflows (f);
  WAIT_FOR (first_log_subtitle (page) != NULL);
  g_assert_cmpstr (first_log_subtitle (page), ==, "Created 3 tasks, 1 tag, 1 note");
  photograph ("workflows-log.png");
}

#define FLAKY_LUA \
  "-- flaky: fails after making a task\n" \
  "return joinery.workflow { id = 'flaky', title = 'Flaky follow-up', on = 'grant.status',\n" \
  "  run = function (ctx, grant)\n" \
  "    ctx:create_task { title = 'Half done', record = grant }\n" \
  "    error('went wrong after the first task')\n" \
  "  end }\n"

static void
test_failure_logged (Fixture *f, gconstpointer data)
{
  GtkWidget *page = show_workflows (f);
  GtkSwitch *sw = joinery_workflows_page_get_switch (page, "flaky");
  JoineryPluginRegistry *registry = joinery_workflows_get_registry (f->window);
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;
  GtkWidget *traceback;

  /* Approved as the user would (the dialog is the next test's). */
  g_assert_true (joinery_plugin_approve (joinery_plugin_registry_find_plugin (registry, "flaky"), &error));
  joinery_workflows_page_reload (page);
  sw = joinery_workflows_page_get_switch (page, "flaky");
  gtk_switch_set_active (sw, TRUE);
  g_assert_true (joinery_db_workflow_is_enabled (f->db, "flaky", "flaky", NULL));

  award_in_form (f);
  page = show_workflows (f);
  WAIT_FOR (first_log_subtitle (page) != NULL);
  g_assert_true (g_str_has_prefix (first_log_subtitle (page), "Failed, nothing it did was kept: "));
  g_assert_nonnull (strstr (first_log_subtitle (page), "main.lua:5: went wrong after the first task"));
  /* Rolled back: no task; the status change made in the form stays. */
  g_assert_cmpint (count_tasks (f), ==, 0);
  {
    g_autoptr(JoineryRecord) grant = joinery_db_get (f->db, joinery_kind_lookup ("grant"), f->grant, NULL);
    g_assert_cmpstr (joinery_record_get_text (grant, "status"), ==, "awarded");
  }
  /* Expanded: the error and its traceback. */
  row = gtk_list_box_get_row_at_index (joinery_workflows_page_get_log (page), 0);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  spin (50);
  traceback = NULL;
  {
    /* The traceback label, anywhere inside the expanded row. */
    GQueue queue = G_QUEUE_INIT;

    g_queue_push_tail (&queue, row);
    while (!g_queue_is_empty (&queue) && traceback == NULL)
      {
        GtkWidget *w = g_queue_pop_head (&queue);
        if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_widget_get_name (w), "traceback") == 0)
          traceback = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_queue_push_tail (&queue, c);
      }
    g_queue_clear (&queue);
  }
  g_assert_nonnull (traceback);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (traceback)), "stack traceback:"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (traceback)), "main.lua:5"));
  photograph ("workflows-failure.png");
}

#define TASKER_LUA \
  "return joinery.workflow { id = 'tasker', title = 'Make a task', on = { 'demand', 'grant.changed' },\n" \
  "  run = function (ctx) ctx:create_task { title = 'Made by a plugin' } end }\n"

static void
test_approval_required (Fixture *f, gconstpointer data)
{
  GtkWidget *page = show_workflows (f);
  GtkSwitch *sw = joinery_workflows_page_get_switch (page, "tasker");
  JoineryPluginRegistry *registry = joinery_workflows_get_registry (f->window);
  JoineryPlugin *plugin = joinery_plugin_registry_find_plugin (registry, "tasker");
  GtkWidget *dialog;

  g_assert_nonnull (sw);
  g_assert_cmpint (joinery_plugin_get_trust (plugin), ==, JOINERY_PLUGIN_TRUST_UNAPPROVED);

  /* Switching it on asks first, and stays off. */
  gtk_switch_set_active (sw, TRUE);
  g_assert_false (gtk_switch_get_active (sw));
  g_assert_false (joinery_db_workflow_is_enabled (f->db, "tasker", "tasker", NULL));
  dialog = joinery_workflows_page_get_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Allow “Test tasker” to change your data?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "It asks to read and change data (write)"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "workflow “Make a task”, run on demand, grant.changed"));
  photograph ("workflows-approval.png");

  /* Cancel: still off, still unapproved, and it does not run. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  spin (20);
  g_assert_cmpint (joinery_plugin_get_trust (plugin), ==, JOINERY_PLUGIN_TRUST_UNAPPROVED);
  g_assert_false (joinery_db_workflow_is_enabled (f->db, "tasker", "tasker", NULL));

  /* Approve: on, and it runs for the next change. */
  sw = joinery_workflows_page_get_switch (page, "tasker");
  gtk_switch_set_active (sw, TRUE);
  dialog = joinery_workflows_page_get_dialog (page);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "approve");
  spin (20);
  g_assert_cmpint (joinery_plugin_get_trust (plugin), ==, JOINERY_PLUGIN_TRUST_APPROVED);
  g_assert_true (joinery_db_workflow_is_enabled (f->db, "tasker", "tasker", NULL));
  g_assert_true (gtk_switch_get_active (joinery_workflows_page_get_switch (page, "tasker")));
  award_in_form (f);
  WAIT_FOR (count_tasks (f) >= 1);
}

int
main (int argc, char **argv)
{
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  int status;

  /* The user's folders (plugins, approvals) are the test's own. */
  home = g_dir_make_tmp ("joinery-gui-workflows-XXXXXX", NULL);
  config = g_build_filename (home, "config", NULL);
  data = g_build_filename (home, "data", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("JOINERY_TODAY", "2024-06-01", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = joinery_gui_test_app_start ();

  g_test_add ("/gui/workflows/fires-from-form", Fixture, NULL, fixture_setup, test_fires_from_form, fixture_teardown);
  g_test_add ("/gui/workflows/failure-logged", Fixture, FLAKY_LUA, fixture_setup, test_failure_logged, fixture_teardown);
  g_test_add ("/gui/workflows/approval-required", Fixture, TASKER_LUA, fixture_setup, test_approval_required,
              fixture_teardown);
  status = joinery_gui_test_app_run (&app);
  joinery_test_rm_rf (home);
  g_free (home);
  return status;
}
