/* test-gui-backup.c: backups in the real window, under Xvfb.
 *
 * Opening a file makes the day's backup in a worker thread (once a day,
 * and not when the settings say no); "Restore from Backup…" lists the
 * backups with their date and size, asks before it restores, and the
 * window then shows the restored data — with what it replaced kept as a
 * backup of its own. XDG_DATA_HOME is the test's own (xvfb-run-test.sh).
 *
 * With JOINERY_TEST_SHOTS=DIR the dialog and its confirmation are
 * photographed into DIR (ImageMagick's `import -window root`).
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-backup.h"
#include "joinery-backup-dialog.h"
#include "joinery-record-list.h"
#include "joinery-window.h"
#include "joinery-test-util.h"

static JoineryApplication *app;

typedef struct {
  JoineryTestDb *tdb;
  JoineryWindow *window;
  char          *backup_dir;
} Fixture;

#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 30)
#define spin joinery_gui_test_spin

static void
shoot (const char *name)
{
  const char *dir = g_getenv ("JOINERY_TEST_SHOTS");
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  spin (800);
  command = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL))
    g_printerr ("cannot run: %s\n", command);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  JoineryDb *db;

  g_settings_reset (settings, "last-kind");
  g_settings_reset (settings, "recent-databases");
  g_settings_reset (settings, "backup-automatic");
  g_settings_reset (settings, "backup-keep");

  f->tdb = joinery_test_db_new ();
  db = f->tdb->db;
  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (db, "organisation", "name", "Bradford Care Trust", "kind", "nhs_trust", NULL);
  f->backup_dir = joinery_backup_default_dir (f->tdb->path);
  /* The test's own data folder: nothing from an earlier run. */
  g_assert_false (g_file_test (f->backup_dir, G_FILE_TEST_EXISTS));

  f->window = joinery_window_new (GTK_APPLICATION (app));
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      gtk_window_destroy (l->data);
  g_list_free (toplevels);
  if (f->window != NULL)
    {
      WAIT_FOR (!joinery_backup_dialog_is_busy (f->window));
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  spin (20);
  joinery_test_rm_rf (f->backup_dir);
  g_free (f->backup_dir);
  joinery_test_db_free (f->tdb);
}

static void
open_file (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_window_open_file (f->window, f->tdb->path, FALSE, &error));
  g_assert_no_error (error);
  WAIT_FOR (!joinery_backup_dialog_is_busy (f->window));
}

static GPtrArray *
list_backups (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = joinery_backup_list (f->backup_dir, &error);

  g_assert_no_error (error);
  return list;
}

static guint
n_organisations_shown (Fixture *f)
{
  JoineryRecordList *list;

  joinery_window_show_kind (f->window, joinery_kind_lookup ("organisation"));
  list = joinery_window_get_list (f->window);
  WAIT_FOR (!joinery_record_list_is_loading (list));
  return g_list_model_get_n_items (G_LIST_MODEL (joinery_record_list_get_model (list)));
}

static JoineryBackupDialog *
find_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  JoineryBackupDialog *dialog = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (JOINERY_IS_BACKUP_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  return dialog;
}

static JoineryBackupDialog *
open_dialog (Fixture *f)
{
  JoineryBackupDialog *dialog;

  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-backup", NULL));
  WAIT_FOR (find_dialog () != NULL);
  dialog = find_dialog ();
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  return dialog;
}

/* Tests */

static void
test_automatic_daily (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d.joinery");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;

  /* It starts once the window has shown the file, not as it opens. */
  g_assert_true (joinery_window_open_file (f->window, f->tdb->path, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_backup_dialog_is_busy (f->window));
  spin (300);
  g_assert_false (g_file_test (f->backup_dir, G_FILE_TEST_EXISTS));
  WAIT_FOR (!joinery_backup_dialog_is_busy (f->window));
  list = list_backups (f);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((JoineryBackupInfo *) list->pdata[0])->name, ==, today);

  /* What it holds is the file as it was opened. */
  {
    g_autoptr(JoineryDb) copy = joinery_db_open (((JoineryBackupInfo *) list->pdata[0])->path,
                                                 JOINERY_DB_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    saved = joinery_test_dump_database (copy);
    source = joinery_test_dump_database (f->tdb->db);
    g_assert_cmpstr (saved, ==, source);
  }

  /* Once a day. */
  open_file (f);
  again = list_backups (f);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpuint (n_organisations_shown (f), ==, 2);
}

/* A window closed, or another file opened, before the backup starts: that
 * backup is given up, and nothing is left running. */
static void
test_given_up_before_start (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryTestDb) other = joinery_test_db_new ();
  g_autofree char *other_dir = joinery_backup_default_dir (other->path);
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_window_open_file (f->window, f->tdb->path, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_window_open_file (f->window, other->path, FALSE, &error));
  g_assert_no_error (error);
  WAIT_FOR (!joinery_backup_dialog_is_busy (f->window));
  g_assert_false (g_file_test (f->backup_dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other_dir, G_FILE_TEST_IS_DIR));
  joinery_test_rm_rf (other_dir);

  g_assert_true (joinery_window_open_file (f->window, f->tdb->path, FALSE, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin (2500);
  g_assert_false (g_file_test (f->backup_dir, G_FILE_TEST_EXISTS));
}

static void
test_automatic_off (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_set_boolean (settings, "backup-automatic", FALSE);
  open_file (f);
  g_assert_false (g_file_test (f->backup_dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (n_organisations_shown (f), ==, 2);
}

static void
test_restore (Fixture *f, gconstpointer data)
{
  JoineryBackupDialog *dialog;
  AdwMessageDialog *confirmation;
  GtkListBox *rows;
  GtkListBoxRow *row;
  g_autoptr(GPtrArray) after = NULL;
  gint64 n = -1;

  open_file (f);
  joinery_test_create (joinery_window_get_db (f->window), "organisation", "name", "Added Later",
                       "kind", "business", NULL);
  WAIT_FOR (n_organisations_shown (f) == 3);

  /* The dialog lists the day's backup, with its date and size. */
  dialog = open_dialog (f);
  rows = joinery_backup_dialog_get_list (dialog);
  row = gtk_list_box_get_row_at_index (rows, 0);
  g_assert_nonnull (row);
  /* The newest is chosen to begin with; nothing chosen, no restore. */
  g_assert_true (gtk_list_box_get_selected_row (rows) == row);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "restore"));
  gtk_list_box_unselect_all (rows);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "restore"));
  g_assert_null (gtk_list_box_get_row_at_index (rows, 1));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *year = g_date_time_format (now, "%Y");
    g_autofree char *name = g_date_time_format (now, "%Y-%m-%d.joinery");
    const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

    g_assert_nonnull (strstr (title, year));
    g_assert_nonnull (strstr (subtitle, "kB"));
    g_assert_nonnull (strstr (subtitle, name));
  }
  gtk_list_box_select_row (rows, row);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "restore"));
  shoot ("backup-dialog");

  /* Asked first; "Cancel" changes nothing. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  WAIT_FOR (joinery_backup_dialog_get_confirmation (f->window) != NULL);
  confirmation = joinery_backup_dialog_get_confirmation (f->window);
  shoot ("backup-confirmation");
  adw_message_dialog_response (confirmation, "cancel");
  gtk_window_destroy (GTK_WINDOW (confirmation));
  spin (50);
  g_assert_false (joinery_backup_dialog_is_busy (f->window));
  g_assert_cmpuint (n_organisations_shown (f), ==, 3);

  /* "Restore": the window shows the data of the backup. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  WAIT_FOR (joinery_backup_dialog_get_confirmation (f->window) != NULL);
  confirmation = joinery_backup_dialog_get_confirmation (f->window);
  adw_message_dialog_response (confirmation, "restore");
  gtk_window_destroy (GTK_WINDOW (confirmation));
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_FOR (!joinery_backup_dialog_is_busy (f->window));

  g_assert_cmpstr (joinery_window_get_page (f->window), ==, "records");
  g_assert_cmpuint (n_organisations_shown (f), ==, 2);
  g_assert_true (joinery_db_count (joinery_window_get_db (f->window), joinery_kind_lookup ("organisation"),
                                   NULL, &n, NULL));
  g_assert_cmpint (n, ==, 2);
  g_assert_true (g_str_has_prefix (adw_toast_get_title (joinery_window_get_last_toast (f->window)),
                                   "Restored the backup of "));

  /* What was replaced is kept, and listed next time. */
  after = list_backups (f);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_true (g_str_has_suffix (((JoineryBackupInfo *) after->pdata[0])->name,
                                   "-before-restore.joinery"));
  dialog = open_dialog (f);
  g_assert_nonnull (gtk_list_box_get_row_at_index (joinery_backup_dialog_get_list (dialog), 1));
  row = gtk_list_box_get_row_at_index (joinery_backup_dialog_get_list (dialog), 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "kept before a restore"));
  shoot ("backup-dialog-after-restore");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_demo_has_no_backups (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GAction *action;

  g_assert_true (joinery_window_open_demo (f->window, &error));
  g_assert_no_error (error);
  g_assert_false (joinery_backup_dialog_is_busy (f->window));
  action = g_action_map_lookup_action (G_ACTION_MAP (f->window), "restore-backup");
  g_assert_nonnull (action);
  g_assert_false (g_action_get_enabled (action));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  app = joinery_gui_test_app_start ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/backup/automatic-daily", test_automatic_daily);
  ADD ("/gui/backup/automatic-off", test_automatic_off);
  ADD ("/gui/backup/given-up-before-start", test_given_up_before_start);
  ADD ("/gui/backup/restore", test_restore);
  ADD ("/gui/backup/demo-has-no-backups", test_demo_has_no_backups);
#undef ADD

  return joinery_gui_test_app_run (&app);
}
