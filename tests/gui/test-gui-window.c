/* test-gui-window.c: the real window, driven as a person drives it, under
 * Xvfb (see xvfb-run-test.sh): choose a kind, search, sort, filter, open
 * a record, type a bad value and see the error beside the field with the
 * file unchanged, fix it, undo it, follow a related record, delete and
 * undo through the toast, create records, find anything.
 *
 * Values are typed into the real widgets and applied as Enter applies
 * them; what was stored is read back from the database.
 */
#include "config.h"

#include <adwaita.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-window.h"
#include "joinery-window-page.h"
#include "joinery-gui-util.h"
#include "joinery-record-form.h"
#include "joinery-record-list.h"
#include "joinery-reference-chooser.h"
#include "joinery-search-window.h"
#include "joinery-test-util.h"
#include "joinery-generate.h"

static JoineryApplication *app;

typedef struct {
  JoineryTestDb *tdb;
  JoineryWindow *window;
  JoineryDb     *db;      /* the window's own connection */
  gint64         leeds, bradford, ada, bob, fund, round, grant, event;
} Fixture;

/* Run the main loop until `cond` holds, or fail after five seconds. */
#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 5)

#define spin joinery_gui_test_spin

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
  f->leeds = joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  f->bradford = joinery_test_create (db, "organisation", "name", "Bradford Care Trust",
                                     "kind", "nhs_trust", NULL);
  joinery_test_create (db, "organisation", "name", "Kirklees Carers", "kind", "voluntary", NULL);
  f->ada = joinery_test_create (db, "person", "name", "Ada Ridgeway", "job_title", "Programme Officer",
                                "organisation", "1", "email", "ada@leeds.example", NULL);
  f->bob = joinery_test_create (db, "person", "name", "Bob Calder", "job_title", "Chief Executive",
                                "organisation", "2", NULL);
  joinery_test_create (db, "person", "name", "Cara Ridley", "job_title", "District Nurse", NULL);
  f->fund = joinery_test_create (db, "fund", "name", "Healthy Communities Fund", "budget", "£500,000", NULL);
  f->round = joinery_test_create (db, "round", "fund", "1", "name", "Round one", "number", "1", NULL);
  f->grant = joinery_test_create (db, "grant", "round", "1", "title", "Warm homes", "applicant", "1",
                                  "amount_requested", "£12,000", "amount_awarded", "£10,000",
                                  "status", "awarded", "submitted_on", "2024-04-01",
                                  "awarded_on", "2024-05-01", NULL);
  f->event = joinery_test_create (db, "event", "name", "Learning Day", "starts_on", "2030-03-01", NULL);
  joinery_test_create (db, "event", "name", "Winter Summit", "starts_on", "2001-01-10", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "1", NULL);

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
}

/* Type `text` into an entry row and press Enter. */
static void
type_and_apply (GtkWidget *row, const char *text)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  /* Enter in the row's text: what AdwEntryRow turns into "entry-activated". */
  g_signal_emit_by_name (delegate, "activate");
  spin (10);
}

/* Lists read their rows in a thread: a test waits for them, as a person does. */
static void
wait_for_rows (JoineryRecordList *list)
{
  WAIT_FOR (!joinery_record_list_is_loading (list));
  spin (5);
}

static const char *
list_label_at (JoineryRecordList *list, guint position)
{
  g_autoptr(JoineryRecord) record = NULL;

  wait_for_rows (list);
  record = g_list_model_get_item (G_LIST_MODEL (joinery_record_list_get_model (list)), position);

  g_assert_nonnull (record);
  return g_intern_string (joinery_record_get_label (record));
}

static guint
list_count (JoineryRecordList *list)
{
  wait_for_rows (list);
  return g_list_model_get_n_items (G_LIST_MODEL (joinery_record_list_get_model (list)));
}

static void
test_open_shows_kinds_and_counts (Fixture *f, gconstpointer data)
{
  g_assert_cmpstr (joinery_window_get_page (f->window), ==, "records");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "test.joinery — Joinery");
  /* A file opens on Home, with no list built behind it; the records
   * (Ctrl+F here) show people first, as the settings say by default. */
  g_assert_cmpstr (joinery_window_get_visible_page (f->window), ==, "home");
  g_assert_null (joinery_window_get_list (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
  g_assert_null (joinery_window_get_visible_page (f->window));
  g_assert_true (joinery_record_list_get_kind (joinery_window_get_list (f->window)) == joinery_kind_lookup ("person"));
  WAIT_FOR (g_strcmp0 (joinery_window_get_kind_count (f->window, joinery_kind_lookup ("task")), "0") == 0);
  g_assert_cmpstr (joinery_window_get_kind_count (f->window, joinery_kind_lookup ("grant")), ==, "1");
  g_assert_cmpstr (joinery_window_get_kind_count (f->window, joinery_kind_lookup ("person")), ==, "3");
  g_assert_cmpstr (joinery_window_get_kind_count (f->window, joinery_kind_lookup ("organisation")), ==, "3");
  g_assert_cmpstr (joinery_window_get_kind_count (f->window, joinery_kind_lookup ("event")), ==, "2");

  /* Alt+3 is the third kind in the sidebar: people; Alt+2 organisations. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-kind", "i", 2);
  g_assert_true (joinery_record_list_get_kind (joinery_window_get_list (f->window)) ==
                 joinery_kind_lookup ("organisation"));
  g_assert_cmpuint (list_count (joinery_window_get_list (f->window)), ==, 3);

  /* A new person counts at once. */
  joinery_test_create (f->db, "person", "name", "Dev Patel", NULL);
  WAIT_FOR (g_strcmp0 (joinery_window_get_kind_count (f->window, joinery_kind_lookup ("person")), "4") == 0);
}

static void
test_list_search_sort_filter (Fixture *f, gconstpointer data)
{
  JoineryRecordList *list;

  joinery_window_show_kind (f->window, joinery_kind_lookup ("person"));
  list = joinery_window_get_list (f->window);
  g_assert_cmpuint (list_count (list), ==, 3);
  g_assert_cmpstr (list_label_at (list, 0), ==, "Ada Ridgeway");

  /* Ctrl+F focuses the search entry; typing narrows through full-text search. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
  spin (10);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (joinery_record_list_get_search_entry (list))) ||
                 gtk_widget_is_focus (gtk_widget_get_focus_child (GTK_WIDGET (joinery_record_list_get_search_entry (list)))));
  gtk_editable_set_text (joinery_record_list_get_search_entry (list), "rid");
  WAIT_FOR (list_count (list) == 2);
  g_assert_cmpstr (list_label_at (list, 0), ==, "Ada Ridgeway");
  g_assert_cmpstr (list_label_at (list, 1), ==, "Cara Ridley");
  gtk_editable_set_text (joinery_record_list_get_search_entry (list), "ridgew");
  WAIT_FOR (list_count (list) == 1);
  gtk_editable_set_text (joinery_record_list_get_search_entry (list), "zzzz");
  WAIT_FOR (list_count (list) == 0);
  gtk_editable_set_text (joinery_record_list_get_search_entry (list), "");
  WAIT_FOR (list_count (list) == 3);

  /* A click on a header sorts in SQL; a second click reverses. */
  joinery_record_list_sort_by (list, "name", TRUE);
  g_assert_cmpstr (joinery_list_model_get_sort_field (joinery_record_list_get_model (list)), ==, "name");
  g_assert_true (joinery_list_model_get_sort_descending (joinery_record_list_get_model (list)));
  g_assert_cmpstr (list_label_at (list, 0), ==, "Cara Ridley");
  joinery_record_list_sort_by (list, "job_title", FALSE);
  g_assert_cmpstr (list_label_at (list, 0), ==, "Bob Calder");   /* Chief Executive */

  /* Enter on a row opens its form and moves the keyboard into it. */
  g_signal_emit_by_name (joinery_record_list_get_column_view (list), "activate", 0);
  spin (10);
  {
    JoineryRecordForm *form = joinery_window_get_form (f->window);
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (f->window));

    g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->bob);
    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, joinery_record_form_get_field_widget (form, "name")));

    /* Escape: back to the list. */
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.focus-list", NULL);
    focus = gtk_window_get_focus (GTK_WINDOW (f->window));
    g_assert_true (focus == GTK_WIDGET (joinery_record_list_get_column_view (list)) ||
                   gtk_widget_is_ancestor (focus, GTK_WIDGET (joinery_record_list_get_column_view (list))));
  }

  /* Quick filters of events: upcoming and past (JOINERY_TODAY is fixed). */
  joinery_window_show_kind (f->window, joinery_kind_lookup ("event"));
  list = joinery_window_get_list (f->window);
  g_assert_cmpuint (list_count (list), ==, 2);
  g_assert_cmpstr (joinery_record_list_get_quick_filter_label (list, 1), ==, "Upcoming");
  joinery_record_list_set_quick_filter (list, 1);
  g_assert_cmpuint (list_count (list), ==, 1);
  g_assert_cmpstr (list_label_at (list, 0), ==, "Learning Day");
  joinery_record_list_set_quick_filter (list, 2);
  g_assert_cmpstr (list_label_at (list, 0), ==, "Winter Summit");

  /* Grants by status. */
  joinery_window_show_kind (f->window, joinery_kind_lookup ("grant"));
  list = joinery_window_get_list (f->window);
  for (guint i = 0; i < joinery_record_list_get_n_quick_filters (list); i++)
    if (g_strcmp0 (joinery_record_list_get_quick_filter_label (list, i), "Declined") == 0)
      joinery_record_list_set_quick_filter (list, i);
  g_assert_cmpuint (list_count (list), ==, 0);
  joinery_record_list_set_quick_filter (list, 0);
  g_assert_cmpuint (list_count (list), ==, 1);
}

static void
test_columns_remembered (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GVariant) columns = NULL;
  g_autofree const char **people = NULL;
  JoineryRecordList *list;

  joinery_window_show_kind (f->window, joinery_kind_lookup ("person"));
  list = joinery_window_get_list (f->window);
  g_assert_true (joinery_record_list_get_column_visible (list, "job_title"));
  g_assert_false (joinery_record_list_get_column_visible (list, "phone"));
  joinery_record_list_set_column_visible (list, "job_title", FALSE);
  joinery_record_list_set_column_visible (list, "phone", TRUE);

  columns = g_settings_get_value (settings, "columns");
  g_assert_true (g_variant_lookup (columns, "person", "^a&s", &people));
  g_assert_cmpuint (g_strv_length ((char **) people), ==, 4);
  g_assert_cmpstr (people[0], ==, "name");
  g_assert_cmpstr (people[1], ==, "organisation");
  g_assert_cmpstr (people[2], ==, "email");
  g_assert_cmpstr (people[3], ==, "phone");

  /* A new window of the same kind shows the same columns. */
  {
    JoineryRecordList *again = joinery_record_list_new (f->db, joinery_kind_lookup ("person"));
    g_object_ref_sink (again);
    g_assert_false (joinery_record_list_get_column_visible (again, "job_title"));
    g_assert_true (joinery_record_list_get_column_visible (again, "phone"));
    g_assert_finalize_object (again);
  }
}

static JoineryRecordForm *
open_record (Fixture *f, const char *kind, gint64 id)
{
  JoineryRecordForm *form = joinery_window_get_form (f->window);

  g_assert_true (joinery_window_open_record (f->window, joinery_kind_lookup (kind), id));
  if (joinery_window_get_list (f->window) != NULL)
    wait_for_rows (joinery_window_get_list (f->window));
  spin (10);
  g_assert_nonnull (joinery_record_form_get_record (form));
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, id);
  return form;
}

static gint64
stored_integer (Fixture *f, const char *kind, gint64 id, const char *field)
{
  g_autoptr(JoineryRecord) record = joinery_db_get (f->db, joinery_kind_lookup (kind), id, NULL);

  g_assert_nonnull (record);
  return joinery_record_get_integer (record, field);
}

static void
test_form_validate_save_undo (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form;
  GtkWidget *amount;
  g_autoptr(GBytes) before = NULL;

  /* Selecting a row in the list opens its form beside it. */
  joinery_window_show_kind (f->window, joinery_kind_lookup ("grant"));
  form = joinery_window_get_form (f->window);
  g_assert_null (joinery_record_form_get_record (form));
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (gtk_column_view_get_model (
    joinery_record_list_get_column_view (joinery_window_get_list (f->window)))), 0, TRUE);
  spin (10);
  g_assert_nonnull (joinery_record_form_get_record (form));
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->grant);

  amount = joinery_record_form_get_field_widget (form, "amount_awarded");
  g_assert_true (ADW_IS_ENTRY_ROW (amount));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (amount)), ==, "£10,000.00");

  /* A bad amount: the error beside the field, nothing written. */
  type_and_apply (amount, "ten pounds");
  g_assert_nonnull (joinery_record_form_get_field_error (form, "amount_awarded"));
  g_assert_true (gtk_widget_has_css_class (amount, "error"));
  g_assert_null (joinery_record_form_get_field_error (form, "title"));
  g_assert_cmpint (stored_integer (f, "grant", f->grant, "amount_awarded"), ==, 1000000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (amount)), ==, "ten pounds");
  {
    /* Nothing new to undo: the latest change is still the fixture's. */
    g_autofree char *label = joinery_db_dup_undo_label (f->db);
    g_assert_cmpstr (label, ==, "Add attendance “Ada Ridgeway at Learning Day”");
  }

  /* A rule across fields: awarded before it was submitted. */
  type_and_apply (joinery_record_form_get_field_widget (form, "submitted_on"), "2024-05-01");
  g_assert_null (joinery_record_form_get_field_error (form, "submitted_on"));
  type_and_apply (joinery_record_form_get_field_widget (form, "awarded_on"), "2024-04-01");
  g_assert_nonnull (joinery_record_form_get_field_error (form, "awarded_on"));
  {
    g_autoptr(JoineryRecord) stored = joinery_db_get (f->db, joinery_kind_lookup ("grant"), f->grant, NULL);
    g_assert_cmpstr (joinery_record_get_text (stored, "awarded_on"), ==, "2024-05-01");
    g_assert_cmpstr (joinery_record_get_text (stored, "submitted_on"), ==, "2024-05-01");
  }
  type_and_apply (joinery_record_form_get_field_widget (form, "awarded_on"), "2024-06-01");
  g_assert_null (joinery_record_form_get_field_error (form, "awarded_on"));

  /* Fixed: saved at once, in pounds as typed, pence as stored. */
  type_and_apply (amount, "£1,500.50");
  g_assert_null (joinery_record_form_get_field_error (form, "amount_awarded"));
  g_assert_false (gtk_widget_has_css_class (amount, "error"));
  g_assert_cmpint (stored_integer (f, "grant", f->grant, "amount_awarded"), ==, 150050);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (amount)), ==, "£1,500.50");
  {
    g_autofree char *label = joinery_db_dup_undo_label (f->db);
    g_assert_cmpstr (label, ==, "Change grant “Warm homes”");
  }

  /* Ctrl+Z undoes it, and the form shows the value before. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpint (stored_integer (f, "grant", f->grant, "amount_awarded"), ==, 1000000);
  WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (amount)), "£10,000.00") == 0);
  g_assert_true (g_str_has_prefix (adw_toast_get_title (joinery_window_get_last_toast (f->window)), "Undone"));

  /* Redo puts it back. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  g_assert_cmpint (stored_integer (f, "grant", f->grant, "amount_awarded"), ==, 150050);
  WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (amount)), "£1,500.50") == 0);

  /* A choice and a required field. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (joinery_record_form_get_field_widget (form, "status")), 6);
  spin (10);
  {
    g_autoptr(JoineryRecord) stored = joinery_db_get (f->db, joinery_kind_lookup ("grant"), f->grant, NULL);
    g_assert_cmpstr (joinery_record_get_text (stored, "status"), ==, "completed");
  }
  before = joinery_test_read_file (f->tdb->path);
  type_and_apply (joinery_record_form_get_field_widget (form, "title"), "");
  g_assert_cmpstr (joinery_record_form_get_field_error (form, "title"), ==, "must not be empty");
  {
    g_autoptr(JoineryRecord) stored = joinery_db_get (f->db, joinery_kind_lookup ("grant"), f->grant, NULL);
    g_assert_cmpstr (joinery_record_get_text (stored, "title"), ==, "Warm homes");
  }

  /* Moving on with the title still wrong: said, not silently dropped. */
  open_record (f, "person", f->ada);
  g_assert_cmpstr (adw_toast_get_title (joinery_window_get_last_toast (f->window)), ==,
                   "Not saved: Title of “Warm homes” must not be empty");
}

static void
test_form_reference_chooser (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_record (f, "person", f->bob);
  JoineryReferenceChooser *chooser = joinery_record_form_get_chooser (form, "organisation");
  GtkWidget *row = joinery_record_form_get_field_widget (form, "organisation");

  g_assert_nonnull (chooser);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Bradford Care Trust");
  joinery_reference_chooser_search (chooser, "leeds");
  g_assert_cmpuint (joinery_reference_chooser_get_n_results (chooser), ==, 1);
  joinery_reference_chooser_choose (chooser, 0);
  spin (10);
  g_assert_cmpint (stored_integer (f, "person", f->bob, "organisation"), ==, f->leeds);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Leeds City Council");

  /* "None" clears an optional reference. */
  joinery_reference_chooser_search (chooser, "");
  joinery_reference_chooser_choose (chooser, 0);
  spin (10);
  g_assert_cmpint (stored_integer (f, "person", f->bob, "organisation"), ==, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "None");
}

static void
test_follow_related_and_back (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_record (f, "organisation", f->leeds);
  GtkWidget *row = joinery_record_form_find_related_row (form, joinery_kind_lookup ("person"), f->ada);
  GtkWidget *grant_row = joinery_record_form_find_related_row (form, joinery_kind_lookup ("grant"), f->grant);

  g_assert_nonnull (row);
  g_assert_nonnull (grant_row);
  /* Each says what it is beside this record: Ada's job and address. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Ada Ridgeway");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Programme Officer · ada@leeds.example");
  g_assert_null (joinery_record_form_find_related_row (form, joinery_kind_lookup ("person"), f->bob));

  /* One click opens the person, in the People list. */
  g_signal_emit_by_name (row, "activate");
  spin (10);
  g_assert_true (joinery_record_get_kind (joinery_record_form_get_record (form)) == joinery_kind_lookup ("person"));
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->ada);
  g_assert_true (joinery_record_list_get_kind (joinery_window_get_list (f->window)) == joinery_kind_lookup ("person"));
  {
    g_autoptr(JoineryRecord) selected = joinery_record_list_dup_selected (joinery_window_get_list (f->window));
    g_assert_nonnull (selected);
    g_assert_cmpint (joinery_record_get_id (selected), ==, f->ada);
  }

  /* Her attendance is one click away, and the event from there. */
  row = joinery_record_form_find_related_row (form, joinery_kind_lookup ("attendance"), 1);
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  spin (10);
  g_assert_true (joinery_record_get_kind (joinery_record_form_get_record (form)) == joinery_kind_lookup ("attendance"));

  /* From the event, the attendance reads as the person who attends. */
  {
    JoineryRecordForm *event_form = open_record (f, "event", f->event);
    GtkWidget *attendance = joinery_record_form_find_related_row (event_form, joinery_kind_lookup ("attendance"), 1);

    g_assert_nonnull (attendance);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (attendance)), ==, "Ada Ridgeway");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (attendance)), ==, "Booked · Delegate");
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-back", NULL);
    spin (10);
  }

  /* Alt+Left goes back the way we came. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-back", NULL);
  spin (10);
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->ada);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-back", NULL);
  spin (10);
  g_assert_true (joinery_record_get_kind (joinery_record_form_get_record (form)) == joinery_kind_lookup ("organisation"));
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->leeds);

  /* A grant is part of a fund, through its round: one click away too. */
  form = open_record (f, "grant", f->grant);
  row = joinery_record_form_find_related_row (form, joinery_kind_lookup ("fund"), f->fund);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Healthy Communities Fund");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Fund, through the round");

  /* A reference row opens what it refers to: the grant's round, then its fund. */
  g_signal_emit_by_name (joinery_record_form_get_field_widget (form, "round"), "activate");
  spin (10);
  g_assert_true (joinery_record_get_kind (joinery_record_form_get_record (form)) == joinery_kind_lookup ("round"));
  g_signal_emit_by_name (joinery_record_form_get_field_widget (form, "fund"), "activate");
  spin (10);
  g_assert_true (joinery_record_get_kind (joinery_record_form_get_record (form)) == joinery_kind_lookup ("fund"));
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->fund);
}

static void
test_delete_and_undo_from_toast (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_record (f, "person", f->bob);
  AdwToast *toast;
  g_autofree char *action = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-record", NULL);
  spin (10);
  g_assert_false (joinery_db_exists (f->db, joinery_kind_lookup ("person"), f->bob));
  g_assert_null (joinery_record_form_get_record (form));
  WAIT_FOR (list_count (joinery_window_get_list (f->window)) == 2);

  toast = joinery_window_get_last_toast (f->window);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Deleted person “Bob Calder”");
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.undo");

  /* The toast's Undo brings him back, and his form opens again. */
  action = g_strdup (adw_toast_get_action_name (toast));
  gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL);
  spin (10);
  g_assert_true (joinery_db_exists (f->db, joinery_kind_lookup ("person"), f->bob));
  WAIT_FOR (list_count (joinery_window_get_list (f->window)) == 3);
  g_assert_nonnull (joinery_record_form_get_record (form));
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->bob);

  /* A record others depend on is refused, and says why. */
  open_record (f, "fund", f->fund);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-record", NULL);
  spin (10);
  g_assert_true (joinery_db_exists (f->db, joinery_kind_lookup ("fund"), f->fund));
  g_assert_nonnull (strstr (adw_toast_get_title (joinery_window_get_last_toast (f->window)), "round"));
}

static void
test_new_records (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = joinery_window_get_form (f->window);
  gint64 before = 0, after = 0, id;

  /* Ctrl+N: a new organisation; Create refuses it without a name. */
  joinery_window_show_kind (f->window, joinery_kind_lookup ("organisation"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-record", NULL);
  spin (10);
  g_assert_true (joinery_record_form_is_draft (form));
  g_assert_true (joinery_db_count (f->db, joinery_kind_lookup ("organisation"), NULL, &before, NULL));
  g_assert_false (joinery_record_form_create (form));
  g_assert_cmpstr (joinery_record_form_get_field_error (form, "name"), ==, "must not be empty");
  /* The keyboard goes to the field to correct. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (f->window)),
                                         joinery_record_form_get_field_widget (form, "name")));
  g_assert_true (joinery_db_count (f->db, joinery_kind_lookup ("organisation"), NULL, &after, NULL));
  g_assert_cmpint (after, ==, before);

  gtk_editable_set_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "name")), "Calder Valley CIC");
  adw_combo_row_set_selected (ADW_COMBO_ROW (joinery_record_form_get_field_widget (form, "kind")),
                              5 /* social_enterprise: a required choice has no "None" */);
  type_and_apply (joinery_record_form_get_field_widget (form, "website"), "not a site");
  g_assert_false (joinery_record_form_create (form));
  g_assert_nonnull (joinery_record_form_get_field_error (form, "website"));
  g_assert_null (joinery_record_form_get_field_error (form, "name"));
  gtk_editable_set_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "website")), "https://calder.example");
  g_assert_true (joinery_record_form_create (form));
  g_assert_false (joinery_record_form_is_draft (form));
  id = joinery_record_get_id (joinery_record_form_get_record (form));
  g_assert_true (joinery_db_find_by_label (f->db, joinery_kind_lookup ("organisation"), "Calder Valley CIC", &after, NULL));
  g_assert_cmpint (after, ==, id);
  {
    g_autoptr(JoineryRecord) stored = joinery_db_get (f->db, joinery_kind_lookup ("organisation"), id, NULL);
    g_assert_cmpstr (joinery_record_get_text (stored, "kind"), ==, "social_enterprise");
    g_assert_cmpstr (joinery_record_get_text (stored, "website"), ==, "https://calder.example");
  }
  WAIT_FOR (list_count (joinery_window_get_list (f->window)) == 4);
  {
    g_autoptr(JoineryRecord) selected = joinery_record_list_dup_selected (joinery_window_get_list (f->window));
    g_assert_nonnull (selected);
    g_assert_cmpint (joinery_record_get_id (selected), ==, id);
  }

  /* From a fund, a new round has the fund already; from the round, a grant. */
  open_record (f, "fund", f->fund);
  gtk_widget_activate_action (GTK_WIDGET (form), "form.add-related", "(ss)", "round", "fund");
  spin (10);
  g_assert_true (joinery_record_form_is_draft (form));
  g_assert_cmpint (joinery_record_get_integer (joinery_record_form_get_record (form), "fund"), ==, f->fund);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (joinery_record_form_get_field_widget (form, "fund"))),
                   ==, "Healthy Communities Fund");
  gtk_editable_set_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "name")), "Round two");
  gtk_editable_set_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "number")), "2");
  gtk_editable_set_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "budget")), "£250,000");
  g_assert_true (joinery_record_form_create (form));
  g_assert_true (joinery_db_find_by_label (f->db, joinery_kind_lookup ("round"), "Round two", &id, NULL));
  g_assert_cmpint (stored_integer (f, "round", id, "budget"), ==, 25000000);
  g_assert_cmpint (stored_integer (f, "round", id, "fund"), ==, f->fund);
  /* Back on the fund, the new round among its rounds. */
  g_assert_false (joinery_record_form_is_draft (form));
  g_assert_true (joinery_record_get_kind (joinery_record_form_get_record (form)) == joinery_kind_lookup ("fund"));
  WAIT_FOR (joinery_record_form_find_related_row (form, joinery_kind_lookup ("round"), id) != NULL);

  /* Book Bob onto the event: from its form, a new attendance with the
   * event set, the person chosen by typing part of his name. */
  open_record (f, "event", f->event);
  gtk_widget_activate_action (GTK_WIDGET (form), "form.add-related", "(ss)", "attendance", "event");
  spin (10);
  g_assert_true (joinery_record_form_is_draft (form));
  g_assert_cmpint (joinery_record_get_integer (joinery_record_form_get_record (form), "event"), ==, f->event);
  joinery_reference_chooser_search (joinery_record_form_get_chooser (form, "person"), "calder");
  g_assert_cmpuint (joinery_reference_chooser_get_n_results (joinery_record_form_get_chooser (form, "person")), ==, 1);
  joinery_reference_chooser_choose (joinery_record_form_get_chooser (form, "person"), 0);
  spin (10);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (joinery_record_form_get_field_widget (form, "person"))),
                   ==, "Bob Calder");
  g_assert_true (joinery_record_form_create (form));
  /* Back on the event, Bob among those booked, ready for the next. */
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->event);
  g_assert_true (joinery_record_get_kind (joinery_record_form_get_record (form)) == joinery_kind_lookup ("event"));
  {
    g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup ("attendance"));
    g_autoptr(GPtrArray) booked = NULL;

    g_assert_true (joinery_query_parse_filter (query, "person=2", NULL));
    booked = joinery_db_list (f->db, joinery_kind_lookup ("attendance"), query, NULL);
    g_assert_cmpuint (booked->len, ==, 1);
    g_assert_cmpint (joinery_record_get_integer (g_ptr_array_index (booked, 0), "event"), ==, f->event);
    WAIT_FOR (joinery_record_form_find_related_row (form, joinery_kind_lookup ("attendance"),
                                                    joinery_record_get_id (g_ptr_array_index (booked, 0))) != NULL);
  }

  /* Ada is booked already: said beside the field, nothing stored. */
  open_record (f, "event", f->event);
  gtk_widget_activate_action (GTK_WIDGET (form), "form.add-related", "(ss)", "attendance", "event");
  spin (10);
  joinery_reference_chooser_search (joinery_record_form_get_chooser (form, "person"), "ridgeway");
  joinery_reference_chooser_choose (joinery_record_form_get_chooser (form, "person"), 0);
  g_assert_false (joinery_record_form_create (form));
  g_assert_true (joinery_record_form_is_draft (form));
  /* Beside the last field of the pair that must be unique. */
  g_assert_cmpstr (joinery_record_form_get_field_error (form, "person"), ==,
                   "this person is already booked onto this event");
  {
    g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup ("attendance"));
    gint64 count = 0;
    g_assert_true (joinery_db_count (f->db, joinery_kind_lookup ("attendance"), query, &count, NULL));
    g_assert_cmpint (count, ==, 2);
  }

  /* Undo takes Bob's booking away, then the new round (its form closes). */
  open_record (f, "round", id);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  spin (10);
  g_assert_true (joinery_db_exists (f->db, joinery_kind_lookup ("round"), id));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  spin (10);
  g_assert_false (joinery_db_exists (f->db, joinery_kind_lookup ("round"), id));
  g_assert_null (joinery_record_form_get_record (form));
}

static void
test_notes_tags_tasks (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_record (f, "organisation", f->bradford);
  g_autoptr(GPtrArray) related = NULL;
  gint64 count = 0;
  g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup ("tag"));

  type_and_apply (joinery_record_form_get_add_row (form, "note"), "Met their chief executive in May.");
  WAIT_FOR (joinery_record_form_get_add_row (form, "note") != NULL &&
            g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (joinery_record_form_get_add_row (form, "note"))), "") == 0);
  spin (20);
  type_and_apply (joinery_record_form_get_add_row (form, "tag"), "Frailty");
  spin (20);
  type_and_apply (joinery_record_form_get_add_row (form, "task"), "Send the board papers");
  spin (20);

  related = joinery_db_related (f->db, joinery_kind_lookup ("organisation"), f->bradford, 10, NULL);
  g_assert_nonnull (related);
  for (guint i = 0; i < related->len; i++)
    {
      JoineryRelation *relation = g_ptr_array_index (related, i);
      JoineryRecord *first = g_ptr_array_index (relation->records, 0);

      if (g_str_equal (relation->kind->name, "note"))
        g_assert_cmpstr (joinery_record_get_text (first, "body"), ==, "Met their chief executive in May.");
      else if (g_str_equal (relation->kind->name, "tag"))
        g_assert_cmpstr (joinery_record_get_text (first, "name"), ==, "frailty");
      else if (g_str_equal (relation->kind->name, "task"))
        {
          g_assert_cmpstr (joinery_record_get_text (first, "title"), ==, "Send the board papers");
          g_assert_nonnull (joinery_record_form_find_related_row (form, relation->kind,
                                                                   joinery_record_get_id (first)));
        }
    }
  g_assert_true (joinery_query_parse_filter (query, "name=frailty", NULL));
  g_assert_true (joinery_db_count (f->db, joinery_kind_lookup ("tag"), query, &count, NULL));
  g_assert_cmpint (count, ==, 1);

  /* The same tag twice is refused, and says so. */
  type_and_apply (joinery_record_form_get_add_row (form, "tag"), "frailty");
  g_assert_nonnull (joinery_record_form_get_error (form));
  g_assert_true (joinery_db_count (f->db, joinery_kind_lookup ("tag"), query, &count, NULL));
  g_assert_cmpint (count, ==, 1);
}

static GtkWidget *
find_with_class (GtkWidget *widget, const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, css_class);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A long list of related records ends with "Show all", which opens the
 * kind's list narrowed to the record; "Show All" there widens it again. */
static void
test_show_all_related (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form;
  JoineryRecordList *list;
  GtkWidget *row;

  for (int i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("Leeds Officer %02d", i);
      joinery_test_create (f->db, "person", "name", name, "organisation", "1", NULL);
    }
  form = open_record (f, "organisation", f->leeds);
  WAIT_FOR ((row = find_with_class (GTK_WIDGET (form), "show-all")) != NULL);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Show all 31 people");

  g_signal_emit_by_name (row, "activate");
  spin (10);
  list = joinery_window_get_list (f->window);
  g_assert_true (joinery_record_list_get_kind (list) == joinery_kind_lookup ("person"));
  g_assert_cmpstr (joinery_record_list_get_link_filter (list), ==, "organisation=1");
  g_assert_cmpuint (list_count (list), ==, 31);

  /* The search narrows within it. */
  joinery_record_list_set_search (list, "ridgeway");
  g_assert_cmpuint (list_count (list), ==, 1);
  joinery_record_list_set_search (list, NULL);

  joinery_record_list_set_link_filter (list, NULL, 0, NULL);
  g_assert_null (joinery_record_list_get_link_filter (list));
  g_assert_cmpuint (list_count (list), ==, 33);
}

/* A group of a kind that is not in the sidebar (an event's attendances),
 * or of records attached to this one (a person's tasks), cut short: its
 * "Show all" row shows the whole group in the form itself. */
static void
test_show_all_in_form (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form;
  GtkWidget *row;
  gint64 last = 0;

  for (int i = 0; i < 29; i++)
    {
      g_autofree char *name = g_strdup_printf ("Delegate %02d", i);
      g_autofree char *person = NULL;
      gint64 id = joinery_test_create (f->db, "person", "name", name, NULL);

      person = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      last = joinery_test_create (f->db, "attendance", "event", "1", "person", person, NULL);
    }
  form = open_record (f, "event", f->event);
  WAIT_FOR ((row = find_with_class (GTK_WIDGET (form), "show-all")) != NULL);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Show all 30 attendances");
  g_assert_null (joinery_record_form_find_related_row (form, joinery_kind_lookup ("attendance"), last));

  g_signal_emit_by_name (row, "activate");
  spin (10);
  /* Still this event's form, now with every attendance and no "Show all". */
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->event);
  g_assert_nonnull (joinery_record_form_find_related_row (form, joinery_kind_lookup ("attendance"), last));
  g_assert_null (find_with_class (GTK_WIDGET (form), "show-all"));

  /* It stays whole when the file changes… */
  joinery_test_create (f->db, "attendance", "event", "1", "person", "2", NULL);
  spin (300);
  g_assert_nonnull (joinery_record_form_find_related_row (form, joinery_kind_lookup ("attendance"), last));
  g_assert_null (find_with_class (GTK_WIDGET (form), "show-all"));

  /* …and another record starts short again. */
  for (int i = 0; i < 30; i++)
    {
      g_autofree char *title = g_strdup_printf ("Follow up %02d", i);
      last = joinery_test_create (f->db, "task", "title", title, "record", "person:1", NULL);
    }
  form = open_record (f, "person", f->ada);
  WAIT_FOR ((row = find_with_class (GTK_WIDGET (form), "show-all")) != NULL);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Show all 30 tasks");
  g_signal_emit_by_name (row, "activate");
  spin (10);
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->ada);
  g_assert_nonnull (joinery_record_form_find_related_row (form, joinery_kind_lookup ("task"), 1));
  g_assert_nonnull (joinery_record_form_find_related_row (form, joinery_kind_lookup ("task"), last));
  g_assert_null (find_with_class (GTK_WIDGET (form), "show-all"));

  open_record (f, "event", f->event);
  WAIT_FOR (find_with_class (GTK_WIDGET (form), "show-all") != NULL);
}

/* A booking started from an event's form is booked today: the local date,
 * or the one JOINERY_TODAY fixes for tests. */
static void
test_new_booking_booked_today (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form;
  JoineryRecord *draft;
  g_autofree char *today = joinery_today ();
  g_autofree char *fixed = g_strdup (g_getenv ("JOINERY_TODAY"));
  g_autoptr(JoineryRecord) stored = NULL;
  gint64 id;

  form = open_record (f, "event", f->event);
  gtk_widget_activate_action (GTK_WIDGET (form), "form.add-related", "(ss)", "attendance", "event");
  spin (10);
  g_assert_true (joinery_record_form_is_draft (form));
  draft = joinery_record_form_get_record (form);
  g_assert_cmpint (joinery_record_get_integer (draft, "event"), ==, f->event);
  g_assert_cmpstr (joinery_record_get_text (draft, "booked_on"), ==, today);
  /* The field shows it too. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "booked_on"))),
                   !=, "");
  joinery_record_form_leave_draft (form);

  g_setenv ("JOINERY_TODAY", "2031-02-03", TRUE);
  open_record (f, "event", f->event);
  gtk_widget_activate_action (GTK_WIDGET (form), "form.add-related", "(ss)", "attendance", "event");
  spin (10);
  if (fixed != NULL)
    g_setenv ("JOINERY_TODAY", fixed, TRUE);
  else
    g_unsetenv ("JOINERY_TODAY");
  draft = joinery_record_form_get_record (form);
  g_assert_cmpstr (joinery_record_get_text (draft, "booked_on"), ==, "2031-02-03");
  joinery_record_set_integer (draft, "person", f->bob);
  g_assert_true (joinery_record_form_create (form));
  /* Back on the event's form, which lists the new booking: the fixture's
   * is #1, this one #2. */
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->event);
  id = 2;
  WAIT_FOR (joinery_record_form_find_related_row (form, joinery_kind_lookup ("attendance"), id) != NULL);
  stored = joinery_db_get (f->db, joinery_kind_lookup ("attendance"), id, NULL);
  g_assert_cmpint (joinery_record_get_integer (stored, "person"), ==, f->bob);
  g_assert_cmpstr (joinery_record_get_text (stored, "booked_on"), ==, "2031-02-03");

  /* Other kinds' dates start empty. */
  joinery_window_show_kind (f->window, joinery_kind_lookup ("event"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-record", NULL);
  spin (10);
  g_assert_null (joinery_record_get_text (joinery_record_form_get_record (form), "starts_on"));
}

/* Undo and redo of a rename name the record as it is called after them,
 * not as it was called before the rename. */
static void
test_undo_redo_rename_toast (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_record (f, "person", f->ada);
  g_autofree char *renamed = NULL;

  type_and_apply (joinery_record_form_get_field_widget (form, "name"), "Ada Ridgway-Hart");
  renamed = joinery_db_dup_label (f->db, joinery_kind_lookup ("person"), f->ada);
  g_assert_cmpstr (renamed, ==, "Ada Ridgway-Hart");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  spin (10);
  g_assert_cmpstr (adw_toast_get_title (joinery_window_get_last_toast (f->window)), ==,
                   "Undone: Change person “Ada Ridgeway”");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  spin (10);
  g_assert_cmpstr (adw_toast_get_title (joinery_window_get_last_toast (f->window)), ==,
                   "Redone: Change person “Ada Ridgway-Hart”");

  /* Undo and redo at once, before the form has shown the undone name:
   * the name the form still shows is not taken for an edit. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  g_assert_cmpstr (adw_toast_get_title (joinery_window_get_last_toast (f->window)), ==,
                   "Redone: Change person “Ada Ridgway-Hart”");
  g_clear_pointer (&renamed, g_free);
  renamed = joinery_db_dup_label (f->db, joinery_kind_lookup ("person"), f->ada);
  g_assert_cmpstr (renamed, ==, "Ada Ridgway-Hart");
  spin (10);

  /* A deleted record, named as it was. */
  open_record (f, "person", 3);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-record", NULL);
  spin (10);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  spin (10);
  g_assert_cmpstr (adw_toast_get_title (joinery_window_get_last_toast (f->window)), ==,
                   "Undone: Delete person “Cara Ridley”");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  spin (10);
  g_assert_cmpstr (adw_toast_get_title (joinery_window_get_last_toast (f->window)), ==,
                   "Redone: Delete person “Cara Ridley”");
}

static void
count_dismissed_cb (AdwToast *toast, guint *count)
{
  (*count)++;
}

/* What was just done is told briefly and in place of the last such toast:
 * Undo then Redo leaves one toast, not a queue of them. Quick steps (as
 * here) dismiss a toast only once it has slid in: libadwaita 1.2 crashes
 * otherwise, which meson's MALLOC_PERTURB_ shows. */
static void
test_done_toasts_replace (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_record (f, "person", f->ada);
  g_autoptr(AdwToast) deleted = NULL, undone = NULL, redone = NULL;
  guint deleted_gone = 0, undone_gone = 0, redone_gone = 0;

  type_and_apply (joinery_record_form_get_field_widget (form, "job_title"), "Programme Lead");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  spin (10);
  undone = g_object_ref (joinery_window_get_last_toast (f->window));
  g_signal_connect (undone, "dismissed", G_CALLBACK (count_dismissed_cb), &undone_gone);
  g_assert_true (g_str_has_prefix (adw_toast_get_title (undone), "Undone: "));
  g_assert_cmpuint (adw_toast_get_timeout (undone), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  spin (10);
  redone = g_object_ref (joinery_window_get_last_toast (f->window));
  g_signal_connect (redone, "dismissed", G_CALLBACK (count_dismissed_cb), &redone_gone);
  g_assert_true (g_str_has_prefix (adw_toast_get_title (redone), "Redone: "));
  WAIT_FOR (undone_gone == 1);
  g_assert_cmpuint (redone_gone, ==, 0);
  g_assert_cmpuint (adw_toast_get_timeout (redone), ==, 3);

  /* A deletion keeps its Undo button long enough to use; Ctrl+Z replaces it. */
  open_record (f, "person", 3);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-record", NULL);
  spin (10);
  deleted = g_object_ref (joinery_window_get_last_toast (f->window));
  g_signal_connect (deleted, "dismissed", G_CALLBACK (count_dismissed_cb), &deleted_gone);
  g_assert_cmpstr (adw_toast_get_title (deleted), ==, "Deleted person “Cara Ridley”");
  WAIT_FOR (redone_gone == 1);
  g_assert_cmpuint (deleted_gone, ==, 0);
  g_assert_cmpuint (adw_toast_get_timeout (deleted), >, 3);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  spin (10);
  WAIT_FOR (deleted_gone == 1);
  g_assert_cmpstr (adw_toast_get_title (joinery_window_get_last_toast (f->window)), ==,
                   "Undone: Delete person “Cara Ridley”");

  /* And it goes by itself, in a few seconds. */
  g_clear_object (&undone);
  undone_gone = 0;
  undone = g_object_ref (joinery_window_get_last_toast (f->window));
  g_signal_connect (undone, "dismissed", G_CALLBACK (count_dismissed_cb), &undone_gone);
  WAIT_FOR (undone_gone == 1);
}

/* The titles of the form's groups, in order, joined by "|". */
static char *
group_titles (GtkWidget *widget, GString *out)
{
  if (ADW_IS_PREFERENCES_GROUP (widget) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), "") != 0)
    g_string_append_printf (out, "%s|", adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    group_titles (child, out);
  return out->str;
}

/* A person's tasks assigned to them and the tasks about them are two
 * groups, each saying which it is. */
static void
test_assigned_tasks_title (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form;
  g_autoptr(GString) titles = g_string_new (NULL);

  joinery_test_create (f->db, "task", "title", "Chase the venue", "assignee", "1", NULL);
  joinery_test_create (f->db, "task", "title", "Ask Ada about the board", "record", "person:1", NULL);
  form = open_record (f, "person", f->ada);
  WAIT_FOR (joinery_record_form_get_add_row (form, "task") != NULL);
  g_assert_cmpstr (group_titles (GTK_WIDGET (form), titles), ==,
                   "Attendances|Tasks (assigned to)|Tasks|Notes|Tags|Personal Data|History|");
}

static GtkWidget *
find_with_action (GtkWidget *widget, const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_action (child, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A new record, refused or not wanted, is left with Back (Alt+Left): a
 * booking started from an event goes back to the event, still selected in
 * its list (a click on it would not change the selection); a new record
 * of the list's own kind goes back to the row selected. */
static void
test_back_leaves_draft (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_record (f, "event", f->event);
  GAction *back = g_action_map_lookup_action (G_ACTION_MAP (f->window), "go-back");

  g_assert_false (g_action_get_enabled (back));
  gtk_widget_activate_action (GTK_WIDGET (form), "form.add-related", "(ss)", "attendance", "event");
  spin (10);
  g_assert_true (joinery_record_form_is_draft (form));
  joinery_reference_chooser_search (joinery_record_form_get_chooser (form, "person"), "ridgeway");
  joinery_reference_chooser_choose (joinery_record_form_get_chooser (form, "person"), 0);
  g_assert_false (joinery_record_form_create (form));
  g_assert_true (g_action_get_enabled (back));
  /* The form's own Back button says so. */
  {
    GtkWidget *button = find_with_action (GTK_WIDGET (form), "win.go-back");
    g_assert_nonnull (button);
    g_assert_true (gtk_widget_get_visible (button));
    g_assert_true (gtk_widget_is_sensitive (button));
  }

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-back", NULL);
  spin (10);
  g_assert_false (joinery_record_form_is_draft (form));
  g_assert_cmpstr (joinery_record_get_kind (joinery_record_form_get_record (form))->name, ==, "event");
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->event);
  g_assert_false (g_action_get_enabled (back));
  {
    g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup ("attendance"));
    gint64 count = 0;
    g_assert_true (joinery_db_count (f->db, joinery_kind_lookup ("attendance"), query, &count, NULL));
    g_assert_cmpint (count, ==, 1);
  }

  /* Ctrl+N in the list, then Back: the event selected before. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-record", NULL);
  spin (10);
  g_assert_true (joinery_record_form_is_draft (form));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-back", NULL);
  spin (10);
  g_assert_false (joinery_record_form_is_draft (form));
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->event);

  /* With nothing selected, Back leaves the form empty. */
  joinery_window_show_kind (f->window, joinery_kind_lookup ("area"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-record", NULL);
  spin (10);
  g_assert_true (joinery_record_form_is_draft (form));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-back", NULL);
  spin (10);
  g_assert_false (joinery_record_form_is_draft (form));
  g_assert_null (joinery_record_form_get_record (form));
}

/* What is typed and not yet applied is saved when the window closes. */
static void
test_close_saves_typing (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_record (f, "person", f->ada);
  GtkWidget *job = joinery_record_form_get_field_widget (form, "job_title");

  gtk_editable_set_text (GTK_EDITABLE (job), "Head of Integration");
  gtk_window_close (GTK_WINDOW (f->window));
  WAIT_FOR (f->window == NULL);
  {
    g_autoptr(JoineryRecord) stored = joinery_db_get (f->db, joinery_kind_lookup ("person"), f->ada, NULL);
    g_assert_cmpstr (joinery_record_get_text (stored, "job_title"), ==, "Head of Integration");
  }
}

/* A form and a list made and dropped leave nothing behind. */
static void
test_widgets_finalize (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = g_object_ref_sink (g_object_new (JOINERY_TYPE_RECORD_FORM, NULL));
  JoineryRecordList *list = g_object_ref_sink (joinery_record_list_new (f->db, joinery_kind_lookup ("grant")));

  joinery_record_form_set_db (form, f->db);
  g_assert_true (joinery_record_form_show_record (form, joinery_kind_lookup ("grant"), f->grant));
  joinery_record_form_show_new (form, joinery_kind_lookup ("round"), "fund", "1");
  g_assert_true (joinery_record_form_show_record (form, joinery_kind_lookup ("organisation"), f->leeds));
  joinery_record_list_set_search (list, "warm");
  g_assert_cmpuint (list_count (list), ==, 1);
  g_assert_finalize_object (form);
  g_assert_finalize_object (list);
}

static void
test_global_search (Fixture *f, gconstpointer data)
{
  JoinerySearchWindow *search = joinery_search_window_new (f->window, f->db);
  JoineryRecordForm *form = joinery_window_get_form (f->window);

  gtk_window_present (GTK_WINDOW (search));
  joinery_search_window_search (search, "warm");
  g_assert_cmpuint (joinery_search_window_get_n_results (search), ==, 1);
  joinery_search_window_search (search, "ridge");
  g_assert_cmpuint (joinery_search_window_get_n_results (search), ==, 1);
  joinery_search_window_search (search, "nothing-like-this");
  g_assert_cmpuint (joinery_search_window_get_n_results (search), ==, 0);
  joinery_search_window_search (search, "learning");
  g_assert_cmpuint (joinery_search_window_get_n_results (search), ==, 1);
  joinery_search_window_open_result (search, 0);
  spin (10);
  g_assert_true (joinery_record_get_kind (joinery_record_form_get_record (form)) == joinery_kind_lookup ("event"));
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, f->event);
  g_assert_true (joinery_record_list_get_kind (joinery_window_get_list (f->window)) == joinery_kind_lookup ("event"));
}

static void
test_welcome_and_bad_file (void)
{
  JoineryWindow *window = joinery_window_new (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("joinery-gui-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *fresh = g_build_filename (dir, "new.joinery", NULL);
  g_autoptr(GBytes) bytes = NULL;

  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (joinery_window_get_page (window), ==, "welcome");

  /* Not a Joinery file: refused, left untouched, the welcome page stays. */
  g_assert_true (g_file_set_contents (bad, "shopping list", -1, NULL));
  g_assert_false (joinery_window_open_file (window, bad, FALSE, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_JOINERY);
  g_assert_cmpstr (joinery_window_get_page (window), ==, "welcome");
  bytes = joinery_test_read_file (bad);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "shopping list", 13);

  /* A new file: created, opened, remembered. */
  g_assert_true (joinery_window_open_file (window, fresh, TRUE, NULL));
  g_assert_cmpstr (joinery_window_get_page (window), ==, "records");
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autofree char *last = g_settings_get_string (settings, "last-database");
    g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-databases");
    g_assert_cmpstr (last, ==, fresh);
    g_assert_cmpstr (recent[0], ==, fresh);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
  joinery_test_rm_rf (dir);
}

/* The demo: a fresh copy opens, says it is the demo, resets to new and
 * is removed with the window. */
static void
test_demo (void)
{
  JoineryWindow *window = joinery_window_new (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 before = 0, after = 0;
  GAction *reset;

  gtk_window_present (GTK_WINDOW (window));
  reset = g_action_map_lookup_action (G_ACTION_MAP (window), "reset-demo");
  g_assert_false (g_action_get_enabled (reset));
  g_assert_true (joinery_window_open_demo (window, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Demo — Joinery");
  g_assert_true (g_action_get_enabled (reset));
  path = g_strdup (joinery_db_get_path (joinery_window_get_db (window)));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  {
    /* Not among the recent files: it is a throw-away copy. */
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-databases");
    g_assert_false (g_strv_contains ((const char * const *) recent, path));
  }

  g_assert_true (joinery_db_count (joinery_window_get_db (window), joinery_kind_lookup ("organisation"), NULL,
                                   &before, NULL));
  g_assert_cmpint (before, >, 10);
  joinery_test_create (joinery_window_get_db (window), "organisation", "name", "Trainee Test Org",
                       "kind", "other", NULL);
  g_action_activate (reset, NULL);
  spin (10);
  g_assert_true (joinery_db_count (joinery_window_get_db (window), joinery_kind_lookup ("organisation"), NULL,
                                   &after, NULL));
  g_assert_cmpint (after, ==, before);
  g_assert_cmpstr (joinery_window_get_page (window), ==, "records");

  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* The window shows a large list by reading a few pages of it, never all
 * of it: of 20,000 people, the first screen reads a few pages of 64, and
 * a jump to the end reads the rows there, not those between. */
static void
test_large_list_reads_a_page (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  JoineryWindow *window;
  JoineryRecordList *list;
  JoineryListModel *model;
  GtkWidget *rows;
  guint64 read;

  g_assert_true (joinery_generate (tdb->db, 20000, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  window = joinery_window_new (GTK_APPLICATION (app));
  g_assert_true (joinery_window_open_file (window, tdb->path, FALSE, &error));
  joinery_window_show_kind (window, joinery_kind_lookup ("person"));
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  spin (300);

  list = joinery_window_get_list (window);
  model = joinery_record_list_get_model (list);
  g_assert_cmpuint (list_count (list), ==, 20000);
  WAIT_FOR (joinery_list_model_get_rows_read (model) > 0);
  spin (300);
  read = joinery_list_model_get_rows_read (model);
  g_test_message ("rows read for the first screen of 20,000: %" G_GUINT64_FORMAT, read);
  g_assert_cmpuint (read, >, 0);
  g_assert_cmpuint (read, <=, 512);   /* a few pages of 64: the rows GTK keeps ready */

  /* A jump to the end reads what is shown there. */
  rows = joinery_gui_find_list_view (GTK_WIDGET (joinery_record_list_get_column_view (list)));
  gtk_widget_activate_action (rows, "list.scroll-to-item", "u", 19990);
  /* The rows on screen are read in a frame, the others when the loop is
   * idle: wait for the first, then give the others time. */
  WAIT_FOR (joinery_list_model_get_rows_read (model) > read);
  spin (300);
  g_test_message ("rows read for a jump to the end: %" G_GUINT64_FORMAT,
                  joinery_list_model_get_rows_read (model) - read);
  g_assert_cmpuint (joinery_list_model_get_rows_read (model) - read, >, 0);
  g_assert_cmpuint (joinery_list_model_get_rows_read (model) - read, <=, 512);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
}

/* The style chosen in the menu applies at once and is remembered. */
static void
test_style (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  AdwStyleManager *manager = adw_style_manager_get_default ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "style", g_variant_new_string ("dark"));
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));
  g_assert_cmpint (g_settings_get_enum (settings, "style"), ==, 2);

  g_action_group_activate_action (G_ACTION_GROUP (app), "style", g_variant_new_string ("light"));
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (manager));

  g_action_group_activate_action (G_ACTION_GROUP (app), "style", g_variant_new_string ("default"));
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

/* Words and numbers as the window shows them, whatever the locale. */
static void
test_util_words (void)
{
  static const struct { guint64 count; const char *text; } counts[] = {
    { 0, "0" }, { 7, "7" }, { 999, "999" }, { 1000, "1,000" }, { 20000, "20,000" },
    { 1000000, "1,000,000" }, { 1234567, "1,234,567" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *text = joinery_gui_format_count (counts[i].count);
      g_assert_cmpstr (text, ==, counts[i].text);
    }
  {
    g_autofree char *one = joinery_gui_count_label (joinery_kind_lookup ("person"), 1);
    g_autofree char *many = joinery_gui_count_label (joinery_kind_lookup ("person"), 200000);
    g_autofree char *nhs = joinery_gui_choice_label ("nhs_trust");
    g_autofree char *review = joinery_gui_choice_label ("under_review");
    g_assert_cmpstr (one, ==, "1 person");
    g_assert_cmpstr (many, ==, "200,000 people");
    g_assert_cmpstr (nhs, ==, "NHS trust");
    g_assert_cmpstr (review, ==, "Under review");
  }
}

static void
test_window_size_remembered (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  JoineryWindow *window = joinery_window_new (GTK_APPLICATION (app));
  int width = 0, height = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 1010, 690);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gtk_window_close (GTK_WINDOW (window));
  spin (20);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1010);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 690);

  /* The sidebar as wide as it was left. */
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), ==, 220);
  g_settings_set_int (settings, "sidebar-width", 300);

  window = joinery_window_new (GTK_APPLICATION (app));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1010);
  g_assert_cmpint (height, ==, 690);
  g_assert_cmpint (joinery_window_get_sidebar_width (window), ==, 300);
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "sidebar-width");
}


/* A page registered beside the built-in ones: listed in the sidebar below
 * the kinds, built when first shown for the open database, given its own
 * header bar, left for a list when a kind is chosen, and destroyed with
 * the database it was built for. */
static guint probe_built;

static GtkWidget *
probe_page_create (JoineryWindow *window, AdwHeaderBar *header)
{
  g_autofree char *text = NULL;
  gint64 count = 0;

  g_assert_nonnull (joinery_window_get_db (window));
  g_assert_true (joinery_db_count (joinery_window_get_db (window), joinery_kind_lookup ("organisation"),
                                   NULL, &count, NULL));
  text = g_strdup_printf ("%" G_GINT64_FORMAT " organisations", count);
  adw_header_bar_pack_end (header, gtk_button_new_from_icon_name ("view-refresh-symbolic"));
  probe_built++;
  return gtk_label_new (text);
}

static const JoineryWindowPage probe_page = {
  "probe", "Probe", "system-search-symbolic", "<Control><Shift>F9", probe_page_create,
};

static GtkListBoxRow *
sidebar_row_titled (GtkWidget *widget, const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListBoxRow *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), title) == 0)
        return GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (child, GTK_TYPE_LIST_BOX_ROW));
      if ((found = sidebar_row_titled (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_pages (Fixture *f, gconstpointer data)
{
  GtkListBoxRow *row = sidebar_row_titled (GTK_WIDGET (f->window), "Probe");
  GtkWidget *page;
  guint built = probe_built;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (row);
  g_assert_nonnull (gtk_list_box_row_get_header (row)); /* a line below the kinds */
  g_assert_null (joinery_window_get_page_widget (f->window, "probe"));
  /* A file opens on its home page. */
  g_assert_cmpstr (joinery_window_get_visible_page (f->window), ==, "home");

  /* Chosen in the sidebar. */
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row))), row);
  WAIT_FOR (g_strcmp0 (joinery_window_get_visible_page (f->window), "probe") == 0);
  page = joinery_window_get_page_widget (f->window, "probe");
  g_assert_nonnull (page);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page)), ==, "3 organisations");
  g_assert_cmpuint (probe_built, ==, built + 1);
  spin (50);
  g_assert_true (gtk_widget_get_mapped (page));

  /* A kind's list takes its place; the page is kept, not built again. */
  joinery_window_show_kind (f->window, joinery_kind_lookup ("person"));
  g_assert_null (joinery_window_get_visible_page (f->window));
  g_assert_true (joinery_window_show_page (f->window, "probe"));
  g_assert_true (joinery_window_get_page_widget (f->window, "probe") == page);
  g_assert_cmpuint (probe_built, ==, built + 1);

  /* The keyboard shortcut shows it too. */
  joinery_window_show_kind (f->window, joinery_kind_lookup ("person"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "probe"));
  g_assert_cmpstr (joinery_window_get_visible_page (f->window), ==, "probe");
  g_assert_false (joinery_window_show_page (f->window, "no-such-page"));

  /* Opening a record leaves the page for the record's list. */
  g_assert_true (joinery_window_open_record (f->window, joinery_kind_lookup ("person"), f->ada));
  g_assert_null (joinery_window_get_visible_page (f->window));

  /* Another file: the page goes with the old database. */
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  g_assert_true (joinery_window_open_file (f->window, f->tdb->path, FALSE, &error));
  g_assert_no_error (error);
  spin (20);
  g_assert_null (page);
  g_assert_null (joinery_window_get_page_widget (f->window, "probe"));
  g_assert_true (joinery_window_show_page (f->window, "probe"));
  g_assert_cmpuint (probe_built, ==, built + 2);
}

int
main (int argc, char **argv)
{
  g_setenv ("JOINERY_TODAY", "2026-06-01", TRUE);
  g_test_init (&argc, &argv, NULL);
  joinery_window_register_page (&probe_page);

  /* Windows close, the test goes on. */
  app = joinery_gui_test_app_start ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/window/kinds-and-counts", test_open_shows_kinds_and_counts);
  ADD ("/gui/list/search-sort-filter", test_list_search_sort_filter);
  ADD ("/gui/list/columns-remembered", test_columns_remembered);
  ADD ("/gui/form/validate-save-undo", test_form_validate_save_undo);
  ADD ("/gui/form/reference-chooser", test_form_reference_chooser);
  ADD ("/gui/form/follow-related-and-back", test_follow_related_and_back);
  ADD ("/gui/window/delete-undo-toast", test_delete_and_undo_from_toast);
  ADD ("/gui/form/new-records", test_new_records);
  ADD ("/gui/form/notes-tags-tasks", test_notes_tags_tasks);
  ADD ("/gui/search/global", test_global_search);
  ADD ("/gui/widgets/finalize", test_widgets_finalize);
  ADD ("/gui/window/close-saves-typing", test_close_saves_typing);
  ADD ("/gui/form/show-all-related", test_show_all_related);
  ADD ("/gui/form/show-all-in-form", test_show_all_in_form);
  ADD ("/gui/form/new-booking-booked-today", test_new_booking_booked_today);
  ADD ("/gui/window/undo-redo-rename-toast", test_undo_redo_rename_toast);
  ADD ("/gui/window/done-toasts-replace", test_done_toasts_replace);
  ADD ("/gui/form/assigned-tasks-title", test_assigned_tasks_title);
  ADD ("/gui/form/back-leaves-draft", test_back_leaves_draft);
  ADD ("/gui/window/pages", test_pages);
#undef ADD
  g_test_add_func ("/gui/window/welcome-and-bad-file", test_welcome_and_bad_file);
  g_test_add_func ("/gui/window/size-remembered", test_window_size_remembered);
  g_test_add_func ("/gui/window/demo", test_demo);
  g_test_add_func ("/gui/util/words", test_util_words);
  g_test_add_func ("/gui/app/style", test_style);
  g_test_add_func ("/gui/list/large-list-reads-a-page", test_large_list_reads_a_page);

  return joinery_gui_test_app_run (&app);
}
