/* test-gui-exchange.c: import and export in the real window, under Xvfb.
 *
 * Exports of a list as filtered, searched and sorted on screen are written
 * to a file and read back; the import wizard is driven through its pages
 * by its own buttons — a file with a bad row shows the problem with its row
 * and column and leaves the database as it was, byte for byte; put right,
 * it imports and the list shows the rows; a cancelled import changes
 * nothing, and so does closing the wizard while it runs; a cancelled export
 * leaves no file; an Eventbrite report becomes an event's bookings.
 *
 * With JOINERY_TEST_SHOTS=DIR each wizard page is photographed into DIR
 * (ImageMagick's `import -window root`), for people to look at.
 */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-export-actions.h"
#include "joinery-import-assistant.h"
#include "joinery-window-page.h"
#include "joinery-record-list.h"
#include "joinery-window.h"
#include "joinery-test-util.h"
#include "joinery-generate.h"

static JoineryApplication *app;

typedef struct {
  JoineryTestDb *tdb;
  JoineryWindow *window;
  JoineryDb     *db;      /* the window's own connection */
  char          *dir;     /* for files written and read */
  gint64         event;
} Fixture;

/* Imports of thousands of rows take a while on a busy machine. */
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
  g_autoptr(GError) error = NULL;
  JoineryDb *db;

  g_settings_reset (settings, "columns");
  g_settings_reset (settings, "last-kind");
  g_settings_reset (settings, "recent-databases");

  f->tdb = joinery_test_db_new ();
  db = f->tdb->db;
  joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (db, "organisation", "name", "Bradford Care Trust", "kind", "nhs_trust", NULL);
  joinery_test_create (db, "organisation", "name", "Kirklees Carers", "kind", "voluntary", NULL);
  joinery_test_create (db, "person", "name", "Ada Ridgeway", "email", "ada@leeds.example",
                       "consent_to_contact", "yes", NULL);
  joinery_test_create (db, "person", "name", "Bob Calder", "consent_to_contact", "yes", NULL);
  joinery_test_create (db, "person", "name", "Cara Ridley", NULL);
  joinery_test_create (db, "fund", "name", "Healthy Communities Fund", "budget", "£500,000",
                       "funder", "1", NULL);
  joinery_test_create (db, "round", "fund", "1", "name", "Round one", "number", "1", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Warm homes", "applicant", "3",
                       "amount_requested", "£12,000", "amount_awarded", "£10,000",
                       "status", "awarded", "submitted_on", "2024-04-01", "awarded_on", "2024-05-01", NULL);
  joinery_test_create (db, "grant", "round", "1", "title", "Cold frames", "applicant", "3",
                       "amount_requested", "£2,000", "status", "submitted", "submitted_on", "2024-04-02", NULL);
  f->event = joinery_test_create (db, "event", "name", "Learning Day", "starts_on", "2030-03-01", NULL);
  joinery_test_create (db, "event", "name", "Winter Summit", "starts_on", "2001-01-10", NULL);

  f->dir = g_dir_make_tmp ("joinery-gui-exchange-XXXXXX", &error);
  g_assert_no_error (error);
  f->window = joinery_window_new (GTK_APPLICATION (app));
  g_assert_true (joinery_window_open_file (f->window, f->tdb->path, FALSE, &error));
  g_assert_no_error (error);
  f->db = g_object_ref (joinery_window_get_db (f->window));
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
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
  joinery_test_db_free (f->tdb);
  joinery_test_rm_rf (f->dir);
  g_free (f->dir);
}

static JoineryRecordList *
show_kind (Fixture *f, const char *kind)
{
  JoineryRecordList *list;

  joinery_window_show_kind (f->window, joinery_kind_lookup (kind));
  list = joinery_window_get_list (f->window);
  g_assert_cmpstr (joinery_record_list_get_kind (list)->name, ==, kind);
  WAIT_FOR (!joinery_record_list_is_loading (list));
  return list;
}

static guint
n_rows (JoineryRecordList *list)
{
  WAIT_FOR (!joinery_record_list_is_loading (list));
  return g_list_model_get_n_items (G_LIST_MODEL (joinery_record_list_get_model (list)));
}

static gint64
count (Fixture *f, const char *kind)
{
  gint64 n = -1;

  g_assert_true (joinery_db_count (f->db, joinery_kind_lookup (kind), NULL, &n, NULL));
  return n;
}

/* Export the list shown and read the file back. */
static char *
export_shown (Fixture *f, JoineryExportFormat format, gboolean include_no_consent, const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  joinery_export_actions_export_shown (f->window, format, include_no_consent, path);
  g_assert_true (joinery_export_actions_is_busy (f->window));
  WAIT_FOR (!joinery_export_actions_is_busy (f->window));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static const char *
last_toast (Fixture *f)
{
  return adw_toast_get_title (joinery_window_get_last_toast (f->window));
}

static void
test_export_filtered_list (Fixture *f, gconstpointer data)
{
  JoineryRecordList *list = show_kind (f, "organisation");
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *everyone = NULL;
  g_autofree char *consenting = NULL;
  g_auto(GStrv) lines = NULL;

  /* Searched and sorted on screen: the file says the same, in that order. */
  joinery_record_list_set_search (list, "c");
  joinery_record_list_sort_by (list, "name", TRUE);
  g_assert_cmpuint (n_rows (list), ==, 3);
  joinery_record_list_set_search (list, "carers");
  g_assert_cmpuint (n_rows (list), ==, 1);
  joinery_record_list_set_search (list, NULL);
  joinery_record_list_set_quick_filter (list, 0);
  g_assert_cmpuint (n_rows (list), ==, 3);
  {
    /* The quick filter for councils and NHS trusts leaves one out. */
    guint index = G_MAXUINT;
    for (guint i = 0; i < joinery_record_list_get_n_quick_filters (list); i++)
      if (g_strcmp0 (joinery_record_list_get_quick_filter_label (list, i), "Voluntary") == 0)
        index = i;
    g_assert_cmpuint (index, !=, G_MAXUINT);
    joinery_record_list_set_quick_filter (list, index);
    g_assert_cmpuint (n_rows (list), ==, 1);
    csv = export_shown (f, JOINERY_EXPORT_CSV, FALSE, "voluntary.csv");
    lines = g_strsplit (csv, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 3); /* header, one row, the end */
    g_assert_true (g_str_has_prefix (lines[0], "ID,Name,"));
    g_assert_nonnull (strstr (lines[1], ",Kirklees Carers,"));
    g_assert_cmpstr (lines[2], ==, "");
    g_assert_cmpstr (last_toast (f), ==, "Exported 1 organisation to “voluntary.csv”");
    joinery_record_list_set_quick_filter (list, 0);
  }

  /* Sorted by name, Z to A. */
  g_clear_pointer (&csv, g_free);
  g_clear_pointer (&lines, g_strfreev);
  g_assert_cmpuint (n_rows (list), ==, 3);
  csv = export_shown (f, JOINERY_EXPORT_CSV, FALSE, "all.csv");
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_nonnull (strstr (lines[1], ",Leeds City Council,"));
  g_assert_nonnull (strstr (lines[2], ",Kirklees Carers,"));
  g_assert_nonnull (strstr (lines[3], ",Bradford Care Trust,"));

  /* A workbook: a zip file. */
  xlsx = export_shown (f, JOINERY_EXPORT_XLSX, FALSE, "all.xlsx");
  g_assert_true (memcmp (xlsx, "PK\003\004", 4) == 0);

  /* People: those without consent to contact stay out unless asked for. */
  list = show_kind (f, "person");
  g_assert_cmpuint (n_rows (list), ==, 3);
  consenting = export_shown (f, JOINERY_EXPORT_CSV, FALSE, "people.csv");
  g_assert_nonnull (strstr (consenting, "Ada Ridgeway"));
  g_assert_nonnull (strstr (consenting, "Bob Calder"));
  g_assert_null (strstr (consenting, "Cara Ridley"));
  g_assert_cmpstr (last_toast (f), ==,
                   "Exported 2 people to “people.csv”; 1 without consent to contact left out");
  everyone = export_shown (f, JOINERY_EXPORT_CSV, TRUE, "everyone.csv");
  g_assert_nonnull (strstr (everyone, "Cara Ridley"));
}

static void
test_export_grants_and_events (Fixture *f, gconstpointer data)
{
  JoineryRecordList *list = show_kind (f, "grant");
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *ics = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *grants;
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (f->window), "export-grants");
  g_assert_true (g_action_get_enabled (action));
  g_assert_false (g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (f->window),
                                                                    "export-events")));
  g_assert_cmpuint (n_rows (list), ==, 2);
  json = export_shown (f, JOINERY_EXPORT_360GIVING_JSON, FALSE, "grants.json");
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  grants = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "grants");
  /* Only grants made: the one awarded. */
  g_assert_cmpuint (json_array_get_length (grants), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (grants, 0), "title"),
                   ==, "Warm homes");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (grants, 0),
                                                                 "id"), "360G-"));
  g_assert_cmpstr (last_toast (f), ==, "Exported 1 grant to “grants.json”; 1 not awarded left out");
  csv = export_shown (f, JOINERY_EXPORT_360GIVING_CSV, FALSE, "grants.csv");
  g_assert_true (g_str_has_prefix (csv, "Identifier,Title,Description,Currency,Amount Applied For,Amount Awarded,Award Date,"));

  /* Events: upcoming only, as iCalendar. */
  list = show_kind (f, "event");
  g_assert_true (g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (f->window), "export-events")));
  g_assert_false (g_action_get_enabled (action));
  joinery_record_list_set_quick_filter (list, 1);
  g_assert_cmpstr (joinery_record_list_get_quick_filter_label (list, 1), ==, "Upcoming");
  g_assert_cmpuint (n_rows (list), ==, 1);
  ics = export_shown (f, JOINERY_EXPORT_ICS, FALSE, "events.ics");
  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR"));
  g_assert_nonnull (strstr (ics, "SUMMARY:Learning Day"));
  g_assert_null (strstr (ics, "Winter Summit"));
}

/* Cancelled, an export leaves no file, nor harms one of that name. */
static void
test_export_cancel (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("joinery-gui-exchange-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "people.csv", NULL);
  g_autofree char *contents = NULL;
  JoineryWindow *window;

  g_assert_true (joinery_generate (tdb->db, 5000, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "kept", -1, NULL));
  window = joinery_window_new (GTK_APPLICATION (app));
  g_assert_true (joinery_window_open_file (window, tdb->path, FALSE, &error));
  joinery_window_show_kind (window, joinery_kind_lookup ("person"));
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (!joinery_record_list_is_loading (joinery_window_get_list (window)));

  joinery_export_actions_export_shown (window, JOINERY_EXPORT_CSV, TRUE, path);
  g_assert_true (joinery_export_actions_is_busy (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel-exchange", NULL);
  WAIT_FOR (!joinery_export_actions_is_busy (window));
  g_assert_cmpstr (adw_toast_get_title (joinery_window_get_last_toast (window)), ==,
                   "Export cancelled: no file was written");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "kept");
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
  joinery_test_rm_rf (dir);
}

/* The wizard */

static JoineryImportAssistant *
open_assistant (Fixture *f, const char *kind, const char *path)
{
  JoineryImportAssistant *assistant = joinery_import_assistant_new (f->window, joinery_kind_lookup (kind));

  gtk_window_present (GTK_WINDOW (assistant));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (assistant)));
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "file");
  shoot ("wizard-1-file");
  g_assert_true (joinery_import_assistant_set_file (assistant, path));
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "mapping");
  return assistant;
}

/* A click on Next (Check, Import, Check Again), then wait for its end. */
static void
click_next (JoineryImportAssistant *assistant)
{
  GtkButton *next = joinery_import_assistant_get_next_button (assistant);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (next)));
  g_signal_emit_by_name (next, "clicked");
  WAIT_FOR (!joinery_import_assistant_is_running (assistant));
  spin (10);
}

static void
write_file (const char *path, const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

static void
test_import_problems_then_fixed (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "people.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *problems = NULL;
  JoineryRecordList *list = show_kind (f, "person");
  JoineryImportAssistant *assistant;
  GtkDropDown *email;

  write_file (path, "First name,Last name,E-mail address,Job title\r\n"
                    "Dora,Ash,dora@example.org,Nurse\r\n"
                    "Ed,Bell,not an address,Porter\r\n"
                    "Fay,Cole,fay@example.org,Carer\r\n");
  g_assert_cmpuint (n_rows (list), ==, 3);
  before = joinery_test_dump_database (f->db);

  assistant = open_assistant (f, "person", path);
  /* The guessed mapping, shown in each column's dropdown. */
  email = joinery_import_assistant_get_column_dropdown (assistant, "E-mail address");
  g_assert_nonnull (email);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (email)), ==, "Email");
  shoot ("wizard-2-mapping");

  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "problems");
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==, "1 problem in “people.csv”");
  problems = joinery_import_assistant_dup_problems (assistant);
  g_assert_true (g_str_has_prefix (problems, "row 3, column C “E-mail address”: "));
  shoot ("wizard-3-problems");
  after = joinery_test_dump_database (f->db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count (f, "person"), ==, 3);

  /* Leaving the column out, the file checks clean. */
  g_signal_emit_by_name (joinery_import_assistant_get_back_button (assistant), "clicked");
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "mapping");
  gtk_drop_down_set_selected (email, 0);
  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "problems");
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==, "“people.csv” is ready to import");
  g_assert_true (g_str_has_prefix (joinery_import_assistant_get_message (assistant),
                                   "Would add 3 people (3 rows read)."));

  /* Put right in the file and checked again, it imports whole. */
  g_signal_emit_by_name (joinery_import_assistant_get_back_button (assistant), "clicked");
  gtk_drop_down_set_selected (email, 3);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (email)), !=, "Leave out");
  {
    /* Back to the field it had: found by its label. */
    GListModel *labels = gtk_drop_down_get_model (email);
    for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "Email") == 0)
        gtk_drop_down_set_selected (email, i);
  }
  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==, "1 problem in “people.csv”");
  write_file (path, "First name,Last name,E-mail address,Job title\r\n"
                    "Dora,Ash,dora@example.org,Nurse\r\n"
                    "Ed,Bell,ed@example.org,Porter\r\n"
                    "Fay,Cole,fay@example.org,Carer\r\n");
  g_assert_cmpstr (gtk_button_get_label (joinery_import_assistant_get_next_button (assistant)), ==, "Check _Again");
  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==, "“people.csv” is ready to import");
  g_assert_cmpstr (gtk_button_get_label (joinery_import_assistant_get_next_button (assistant)), ==, "_Import");
  shoot ("wizard-4-ready");
  g_assert_cmpint (count (f, "person"), ==, 3);
  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "done");
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==, "Imported");
  g_assert_cmpstr (joinery_import_assistant_get_message (assistant), ==, "Added 3 people (3 rows read).");
  shoot ("wizard-6-done");
  g_assert_cmpint (count (f, "person"), ==, 6);
  /* The window's list reads them, though another connection wrote them. */
  g_assert_cmpuint (n_rows (list), ==, 6);
  joinery_record_list_set_search (list, "Ed Bell");
  g_assert_cmpuint (n_rows (list), ==, 1);
  {
    g_autoptr(JoineryRecord) ed = g_list_model_get_item (G_LIST_MODEL (joinery_record_list_get_model (list)), 0);
    g_assert_cmpstr (joinery_record_get_label (ed), ==, "Ed Bell");
  }
  WAIT_FOR (g_strcmp0 (joinery_window_get_kind_count (f->window, joinery_kind_lookup ("person")), "6") == 0);
  gtk_window_destroy (GTK_WINDOW (assistant));
}

/* A file big enough to be cancelled while it is read. */
static void
test_import_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "many.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("Name,Email\r\n");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JoineryRecordList *list = show_kind (f, "person");
  JoineryImportAssistant *assistant;
  GtkButton *cancel;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (csv, "Person %u,person%u@example.org\r\n", i, i);
  write_file (path, csv->str);
  before = joinery_test_dump_database (f->db);

  assistant = open_assistant (f, "person", path);
  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==, "“many.csv” is ready to import");

  /* Import, and cancel once it has made some way. */
  cancel = joinery_import_assistant_get_cancel_button (assistant);
  g_signal_emit_by_name (joinery_import_assistant_get_next_button (assistant), "clicked");
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "progress");
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==, "Importing “many.csv”…");
  WAIT_FOR (joinery_import_assistant_get_fraction (assistant) > 0 || !joinery_import_assistant_is_running (assistant));
  g_assert_true (joinery_import_assistant_is_running (assistant));
  shoot ("wizard-5-progress");
  g_signal_emit_by_name (cancel, "clicked");
  WAIT_FOR (!joinery_import_assistant_is_running (assistant));
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "done");
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==, "Import Cancelled");
  g_assert_cmpstr (joinery_import_assistant_get_message (assistant), ==, "Nothing was changed.");
  after = joinery_test_dump_database (f->db);
  g_assert_cmpstr (after, ==, before);
  joinery_window_reload (f->window);
  g_assert_cmpuint (n_rows (list), ==, 3);

  /* Back, checked and imported again, then the wizard closed while it
   * runs: that cancels it too. */
  g_signal_emit_by_name (joinery_import_assistant_get_back_button (assistant), "clicked");
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "mapping");
  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==, "“many.csv” is ready to import");
  g_signal_emit_by_name (joinery_import_assistant_get_next_button (assistant), "clicked");
  WAIT_FOR (joinery_import_assistant_get_fraction (assistant) > 0 || !joinery_import_assistant_is_running (assistant));
  g_assert_true (joinery_import_assistant_is_running (assistant));
  g_object_ref (assistant);
  gtk_window_close (GTK_WINDOW (assistant));
  WAIT_FOR (!joinery_import_assistant_is_running (assistant));
  g_object_unref (assistant);
  g_clear_pointer (&after, g_free);
  after = joinery_test_dump_database (f->db);
  g_assert_cmpstr (after, ==, before);
}

/* A file that is not CSV at all says so on the first page. */
static void
test_import_unreadable (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "junk.csv", NULL);
  JoineryImportAssistant *assistant = joinery_import_assistant_new (f->window, joinery_kind_lookup ("person"));

  write_file (path, "Name,Email\r\n\"Ada,ada@example.org\r\n");
  g_assert_false (joinery_import_assistant_set_file (assistant, path));
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "file");
  g_assert_true (g_str_has_prefix (joinery_import_assistant_get_message (assistant), "Cannot read “junk.csv”: "));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (joinery_import_assistant_get_next_button (assistant))));
  gtk_window_destroy (GTK_WINDOW (assistant));
}

/* The first widget under `widget` with the CSS class, or a row with the title. */
static GtkWidget *
find_widget (GtkWidget *widget, const char *css_class, const char *row_title)
{
  if ((css_class != NULL && gtk_widget_has_css_class (widget, css_class)) ||
      (row_title != NULL && ADW_IS_PREFERENCES_ROW (widget) &&
       g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), row_title) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, css_class, row_title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_tooltip (GtkWidget *widget, const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_tooltip (child, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* From the event's form: an Eventbrite attendee report becomes its bookings. */
static void
test_import_eventbrite (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "exchange",
                                                 "eventbrite-attendees-2017-05-19.csv", NULL);
  GtkWidget *form;
  JoineryImportAssistant *assistant;

  g_assert_true (joinery_window_open_record (f->window, joinery_kind_lookup ("event"), f->event));
  form = GTK_WIDGET (joinery_window_get_form (f->window));
  spin (20);
  /* The form's Add menu offers it for the event shown. */
  {
    GtkMenuButton *add = GTK_MENU_BUTTON (find_by_tooltip (form, "Add a Related Record"));
    GMenuModel *menu = gtk_menu_button_get_menu_model (add);
    GMenuModel *section = g_menu_model_get_item_link (menu, g_menu_model_get_n_items (menu) - 1,
                                                      G_MENU_LINK_SECTION);
    g_autofree char *action = NULL;

    g_assert_nonnull (section);
    g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
    g_assert_cmpstr (action, ==, "win.import-eventbrite");
    g_object_unref (section);
  }
  g_assert_true (g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (f->window),
                                                                   "import-eventbrite")));
  g_assert_null (find_widget (form, NULL, "Kersten England"));

  /* What the button opens, given the file its chooser would. */
  assistant = joinery_import_assistant_new_eventbrite (f->window, f->event);
  gtk_window_present (GTK_WINDOW (assistant));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (assistant)), ==, "Import Eventbrite Attendees");
  g_assert_true (joinery_import_assistant_set_file (assistant, path));
  g_assert_null (joinery_import_assistant_get_column_dropdown (assistant, "Email"));
  shoot ("eventbrite-1-preview");
  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==,
                   "“eventbrite-attendees-2017-05-19.csv” is ready to import");
  g_assert_cmpint (count (f, "attendance"), ==, 0);
  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "done");
  g_assert_cmpstr (joinery_import_assistant_get_message (assistant), ==,
                   "Added 11 attendances and 11 new people (11 rows read).");
  g_assert_cmpint (count (f, "attendance"), ==, 11);
  g_assert_cmpint (count (f, "person"), ==, 3 + 11);
  /* The form shows the bookings, though another connection made them. */
  spin (20);
  g_assert_nonnull (find_widget (form, NULL, "Kersten England"));
  /* Now that it has bookings, their group offers the import too. */
  g_assert_nonnull (find_widget (form, "import-eventbrite", NULL));
  gtk_window_destroy (GTK_WINDOW (assistant));
  shoot ("eventbrite-2-form");
}

/* Files dropped on the window */

/* The import wizard open now, or NULL. */
static JoineryImportAssistant *
find_assistant (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (JOINERY_IS_IMPORT_ASSISTANT (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* Drops `paths` (NULL-terminated) on the middle of `onto`, through the
 * window's own drop target, as a file manager's drag ends. */
static gboolean
drop_paths (Fixture *f, GtkWidget *onto, const char *const *paths)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  GtkDropTarget *target = NULL;
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  graphene_point_t middle, at;
  gboolean done = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  g_assert_true (g_type_is_a (gtk_drop_target_get_gtypes (target, NULL)[0], GDK_TYPE_FILE_LIST));

  graphene_point_init (&middle, gtk_widget_get_width (onto) / 2.0, gtk_widget_get_height (onto) / 2.0);
  g_assert_true (gtk_widget_compute_point (onto, GTK_WIDGET (f->window), &middle, &at));
  for (guint i = 0; paths[i] != NULL; i++)
    files = g_slist_append (files, g_file_new_for_path (paths[i]));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free_full (files, g_object_unref);
  g_signal_emit_by_name (target, "drop", &value, (double) at.x, (double) at.y, &done);
  g_value_unset (&value);
  return done;
}

/* A CSV dropped on a list opens the import wizard for that list's kind with
 * the file read; on an event's form, its bookings from Eventbrite; a
 * Joinery file is opened; anything else says where to drop it. */
static void
test_import_dropped (Fixture *f, gconstpointer data)
{
  g_autofree char *people = g_build_filename (f->dir, "new people.csv", NULL);
  g_autofree char *report = g_test_build_filename (G_TEST_DIST, "exchange",
                                                   "eventbrite-attendees-2017-05-19.csv", NULL);
  g_autoptr(JoineryTestDb) other = joinery_test_db_new ();
  JoineryImportAssistant *assistant;
  GtkWidget *list, *form;

  g_assert_true (g_file_set_contents (people, "Name,Email\nDee Example,dee@example.org\n", -1, NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  joinery_window_show_kind (f->window, joinery_kind_lookup ("person"));
  list = GTK_WIDGET (joinery_window_get_list (f->window));
  WAIT_FOR (gtk_widget_get_mapped (list) && gtk_widget_get_width (list) > 0);
  g_assert_null (find_assistant ());

  /* On the People list: the wizard for people, past choosing the file. */
  g_assert_true (drop_paths (f, list, (const char *[]) { people, NULL }));
  assistant = find_assistant ();
  g_assert_nonnull (assistant);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (assistant)), ==, "Import People");
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "mapping");
  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_title (assistant), ==, "“new people.csv” is ready to import");
  gtk_window_destroy (GTK_WINDOW (assistant));
  spin (20);

  /* On an event's form: its bookings from an Eventbrite report. */
  g_assert_true (joinery_window_open_record (f->window, joinery_kind_lookup ("event"), f->event));
  form = GTK_WIDGET (joinery_window_get_form (f->window));
  WAIT_FOR (gtk_widget_get_mapped (form) && gtk_widget_get_width (form) > 0);
  g_assert_true (drop_paths (f, form, (const char *[]) { report, NULL }));
  assistant = find_assistant ();
  g_assert_nonnull (assistant);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (assistant)), ==, "Import Eventbrite Attendees");
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "mapping");
  click_next (assistant);
  click_next (assistant);
  g_assert_cmpstr (joinery_import_assistant_get_page (assistant), ==, "done");
  g_assert_cmpint (count (f, "attendance"), ==, 11);
  gtk_window_destroy (GTK_WINDOW (assistant));
  spin (20);

  /* The same file beside the form, on the Events list: events, not bookings. */
  list = GTK_WIDGET (joinery_window_get_list (f->window));
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_true (drop_paths (f, list, (const char *[]) { report, NULL }));
  assistant = find_assistant ();
  g_assert_nonnull (assistant);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (assistant)), ==, "Import Events");
  gtk_window_destroy (GTK_WINDOW (assistant));
  spin (20);

  /* Two files at once, or a file on a page that is no list: nothing opens,
   * and a toast says what to do. */
  g_assert_false (drop_paths (f, form, (const char *[]) { people, report, NULL }));
  g_assert_null (find_assistant ());
  g_assert_cmpstr (last_toast (f), ==, "Drop one file at a time (2 were dropped)");
  g_assert_true (joinery_window_show_page (f->window, "home"));
  g_assert_false (drop_paths (f, GTK_WIDGET (f->window), (const char *[]) { people, NULL }));
  g_assert_null (find_assistant ());
  g_assert_true (g_str_has_prefix (last_toast (f), "To import “new people.csv”, drop it on the list"));
  g_assert_cmpint (count (f, "person"), ==, 3 + 11);

  /* A Joinery file is opened in the window. */
  g_assert_true (drop_paths (f, GTK_WIDGET (f->window), (const char *[]) { other->path, NULL }));
  g_assert_cmpstr (joinery_db_get_path (joinery_window_get_db (f->window)), ==, other->path);
}

int
main (int argc, char **argv)
{
  g_setenv ("JOINERY_TODAY", "2026-06-01", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = joinery_gui_test_app_start ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/export/filtered-list", test_export_filtered_list);
  ADD ("/gui/export/grants-and-events", test_export_grants_and_events);
  ADD ("/gui/import/problems-then-fixed", test_import_problems_then_fixed);
  ADD ("/gui/import/cancel", test_import_cancel);
  ADD ("/gui/import/unreadable", test_import_unreadable);
  ADD ("/gui/import/eventbrite", test_import_eventbrite);
  ADD ("/gui/import/dropped", test_import_dropped);
#undef ADD
  g_test_add_func ("/gui/export/cancel", test_export_cancel);

  return joinery_gui_test_app_run (&app);
}
