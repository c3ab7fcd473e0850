/* test-gui-scenario.c: what a new user must be able to do in the window,
 * as one story, under Xvfb (see xvfb-run-test.sh): create a fund, a round
 * and a grant for a new organisation; book two people onto an event; find
 * all of them again by search (Ctrl+K's search window and a list's
 * search); delete one by mistake and undo it.
 *
 * The window is driven through its own widgets and actions: buttons are
 * found in the window and clicked, text is typed into the real entries,
 * shortcuts are the accelerators the application binds. After each step
 * both the database and what the window shows are checked.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-window.h"
#include "joinery-record-form.h"
#include "joinery-record-list.h"
#include "joinery-reference-chooser.h"
#include "joinery-search-window.h"
#include "joinery-test-util.h"

static JoineryApplication *app;

/* Run the main loop until `cond` holds, or fail after five seconds. */
#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 5)

#define spin joinery_gui_test_spin

typedef struct {
  JoineryTestDb *tdb;
  JoineryWindow *window;
  JoineryDb     *db;
  JoineryRecordForm *form;
  gint64 priya, tom, event;
} Scenario;

/* The widget under `root` that `match` accepts, depth first. */
typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget *root, Match match, gconstpointer data)
{
  if (gtk_widget_get_visible (root) && match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_button_with_action (GtkWidget *widget, gconstpointer action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
is_button_with_label (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_button_with_tooltip (GtkWidget *widget, gconstpointer tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
is_search_entry (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SEARCH_ENTRY (widget);
}

/* Click a button, as a person does, and let the window settle. */
static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  spin (10);
}

/* The shortcut `accel` as the application binds it: the action it runs. */
static void
press (Scenario *s, const char *accel)
{
  g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), accel);

  g_assert_nonnull (actions);
  g_assert_nonnull (actions[0]);
  g_assert_true (g_str_has_prefix (actions[0], "win."));
  gtk_widget_activate_action (GTK_WIDGET (s->window), actions[0], NULL);
  spin (10);
}

static void
type_text (Scenario *s, const char *field, const char *text)
{
  GtkWidget *row = joinery_record_form_get_field_widget (s->form, field);

  g_assert_nonnull (row);
  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Type part of a name in a reference's chooser and take the only match. */
static void
choose (Scenario *s, const char *field, const char *text, const char *expected)
{
  JoineryReferenceChooser *chooser = joinery_record_form_get_chooser (s->form, field);

  g_assert_nonnull (chooser);
  gtk_popover_popup (GTK_POPOVER (chooser));
  joinery_reference_chooser_search (chooser, text);
  g_assert_cmpuint (joinery_reference_chooser_get_n_results (chooser), ==, 1);
  joinery_reference_chooser_choose (chooser, 0);
  spin (10);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (joinery_record_form_get_field_widget (s->form, field))),
                   ==, expected);
}

static void
choose_choice (Scenario *s, const char *field, const char *value)
{
  const JoineryKind *kind = joinery_record_get_kind (joinery_record_form_get_record (s->form));
  const JoineryField *f = joinery_kind_get_field (kind, field);
  AdwComboRow *row = ADW_COMBO_ROW (joinery_record_form_get_field_widget (s->form, field));
  guint offset = (f->flags & JOINERY_FIELD_REQUIRED) ? 0 : 1;   /* "None" first when optional */

  for (guint i = 0; f->choices[i] != NULL; i++)
    if (g_str_equal (f->choices[i], value))
      {
        adw_combo_row_set_selected (row, i + offset);
        spin (10);
        return;
      }
  g_assert_not_reached ();
}

static JoineryRecordList *
list_of (Scenario *s)
{
  JoineryRecordList *list = joinery_window_get_list (s->window);

  WAIT_FOR (!joinery_record_list_is_loading (list));
  spin (5);
  return list;
}

static guint
list_count (Scenario *s)
{
  return g_list_model_get_n_items (G_LIST_MODEL (joinery_record_list_get_model (list_of (s))));
}

static gint64
selected_id (Scenario *s)
{
  g_autoptr(JoineryRecord) selected = joinery_record_list_dup_selected (list_of (s));

  return selected != NULL ? joinery_record_get_id (selected) : 0;
}

/* The form shows record `id` of `kind`, stored, not a draft. */
static void
assert_form_shows (Scenario *s, const char *kind, gint64 id)
{
  JoineryRecord *shown = joinery_record_form_get_record (s->form);

  g_assert_nonnull (shown);
  g_assert_false (joinery_record_form_is_draft (s->form));
  g_assert_cmpstr (joinery_record_get_kind (shown)->name, ==, kind);
  g_assert_cmpint (joinery_record_get_id (shown), ==, id);
}

static gint64
stored_id (Scenario *s, const char *kind, const char *label)
{
  gint64 id = 0;

  g_assert_true (joinery_db_find_by_label (s->db, joinery_kind_lookup (kind), label, &id, NULL));
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
count_of (Scenario *s, const char *kind, const char *filter)
{
  g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup (kind));
  gint64 count = -1;

  if (filter != NULL)
    g_assert_true (joinery_query_parse_filter (query, filter, NULL));
  g_assert_true (joinery_db_count (s->db, joinery_kind_lookup (kind), query, &count, NULL));
  return count;
}

/* One table of the database's dump: its rows, every column. */
static char *
dump_table (Scenario *s, const char *table)
{
  g_autofree char *dump = joinery_test_dump_database (s->db);
  g_autofree char *header = g_strdup_printf ("\n[%s] ", table);
  const char *start = strstr (dump, header), *end;

  g_assert_nonnull (start);
  end = strstr (start + 1, "\n[");
  return g_strndup (start, end != NULL ? (gsize) (end - start) : strlen (start));
}

static void
show_kind (Scenario *s, const char *kind)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  int position = 0;

  /* The sidebar's row, as Alt+N chooses it: the N-th main kind. */
  for (guint i = 0; kinds[i] != NULL; i++)
    if (kinds[i]->primary)
      {
        position++;
        if (g_str_equal (kinds[i]->name, kind))
          break;
      }
  gtk_widget_activate_action (GTK_WIDGET (s->window), "win.show-kind", "i", position);
  spin (10);
  g_assert_true (joinery_record_list_get_kind (list_of (s)) == joinery_kind_lookup (kind));
}

/* Ctrl+K, type `text`, see `n` results, open the first: it is `kind` `id`. */
static void
find_anything (Scenario *s, const char *text, guint n, const char *kind, gint64 id)
{
  JoinerySearchWindow *search = NULL;
  GtkWidget *entry;

  press (s, "<Control>k");
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l != NULL; l = l->next)
      if (JOINERY_IS_SEARCH_WINDOW (l->data) && gtk_widget_get_visible (l->data))
        search = l->data;
  }
  g_assert_nonnull (search);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (search)) == GTK_WINDOW (s->window));
  g_object_add_weak_pointer (G_OBJECT (search), (gpointer *) &search);
  entry = find_widget (GTK_WIDGET (search), is_search_entry, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  WAIT_FOR (joinery_search_window_get_n_results (search) == n);
  /* Enter opens the first hit, and the search window goes. */
  g_signal_emit_by_name (entry, "activate");
  spin (10);
  g_assert_null (search);
  assert_form_shows (s, kind, id);
  g_assert_true (joinery_record_list_get_kind (list_of (s)) == joinery_kind_lookup (kind));
  g_assert_cmpint (selected_id (s), ==, id);
}

static void
test_scenario (void)
{
  Scenario scenario = { 0 }, *s = &scenario;
  g_autoptr(GError) error = NULL;
  gint64 org, fund, round, grant, booking_priya, booking_tom;
  g_autofree char *grant_dump = NULL;

  /* A file with a few people and an event, as after an import. */
  s->tdb = joinery_test_db_new ();
  s->priya = joinery_test_create (s->tdb->db, "person", "name", "Priya Shah", "job_title", "Carer Support Worker", NULL);
  s->tom = joinery_test_create (s->tdb->db, "person", "name", "Tom Oakes", "job_title", "Practice Manager", NULL);
  joinery_test_create (s->tdb->db, "person", "name", "Sam Hill", NULL);
  s->event = joinery_test_create (s->tdb->db, "event", "name", "Carers Week Forum", "starts_on", "2030-06-10",
                                  "venue", "Shipley Library", NULL);

  s->window = joinery_window_new (GTK_APPLICATION (app));
  g_object_add_weak_pointer (G_OBJECT (s->window), (gpointer *) &s->window);
  g_assert_true (joinery_window_open_file (s->window, s->tdb->path, FALSE, &error));
  g_assert_no_error (error);
  s->db = g_object_ref (joinery_window_get_db (s->window));
  s->form = joinery_window_get_form (s->window);
  gtk_window_present (GTK_WINDOW (s->window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (s->window)));
  WAIT_FOR (g_strcmp0 (joinery_window_get_kind_count (s->window, joinery_kind_lookup ("task")), "0") == 0);
  g_assert_cmpstr (joinery_window_get_kind_count (s->window, joinery_kind_lookup ("organisation")), ==, "0");
  g_assert_cmpstr (joinery_window_get_kind_count (s->window, joinery_kind_lookup ("person")), ==, "3");
  g_assert_cmpstr (joinery_window_get_kind_count (s->window, joinery_kind_lookup ("fund")), ==, "0");

  /* 1. A new organisation: Organisations, Ctrl+N, its name and kind, Create. */
  show_kind (s, "organisation");
  g_assert_cmpuint (list_count (s), ==, 0);
  press (s, "<Control>n");
  g_assert_true (joinery_record_form_is_draft (s->form));
  type_text (s, "name", "Airedale Carers Hub");
  choose_choice (s, "kind", "voluntary");
  click (find_widget (GTK_WIDGET (s->form), is_button_with_label, "_Create"));
  org = stored_id (s, "organisation", "Airedale Carers Hub");
  {
    g_autoptr(JoineryRecord) stored = joinery_db_get (s->db, joinery_kind_lookup ("organisation"), org, NULL);
    g_assert_cmpstr (joinery_record_get_text (stored, "kind"), ==, "voluntary");
  }
  assert_form_shows (s, "organisation", org);
  WAIT_FOR (list_count (s) == 1);
  WAIT_FOR (selected_id (s) == org);
  WAIT_FOR (g_strcmp0 (joinery_window_get_kind_count (s->window, joinery_kind_lookup ("organisation")), "1") == 0);

  /* 2. A fund: Funds, Ctrl+N, name and budget in pounds. */
  show_kind (s, "fund");
  press (s, "<Control>n");
  type_text (s, "name", "Carers Breaks Fund");
  type_text (s, "budget", "£100,000");
  click (find_widget (GTK_WIDGET (s->form), is_button_with_label, "_Create"));
  fund = stored_id (s, "fund", "Carers Breaks Fund");
  {
    g_autoptr(JoineryRecord) stored = joinery_db_get (s->db, joinery_kind_lookup ("fund"), fund, NULL);
    g_assert_cmpint (joinery_record_get_integer (stored, "budget"), ==, 10000000);
  }
  assert_form_shows (s, "fund", fund);
  WAIT_FOR (selected_id (s) == fund);

  /* 3. Its round, from the fund's form: the + menu's Round has the fund set. */
  gtk_widget_activate_action (GTK_WIDGET (s->form), "form.add-related", "(ss)", "round", "fund");
  spin (10);
  g_assert_true (joinery_record_form_is_draft (s->form));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (joinery_record_form_get_field_widget (s->form, "fund"))),
                   ==, "Carers Breaks Fund");
  type_text (s, "name", "Round 1");
  type_text (s, "number", "1");
  type_text (s, "opens_on", "2030-01-06");
  type_text (s, "closes_on", "2030-02-28");
  click (find_widget (GTK_WIDGET (s->form), is_button_with_label, "_Create"));
  round = stored_id (s, "round", "Round 1");
  {
    g_autoptr(JoineryRecord) stored = joinery_db_get (s->db, joinery_kind_lookup ("round"), round, NULL);
    g_assert_cmpint (joinery_record_get_integer (stored, "fund"), ==, fund);
    g_assert_cmpstr (joinery_record_get_text (stored, "closes_on"), ==, "2030-02-28");
  }
  /* Back on the fund, with the round among its rounds: one click opens it. */
  assert_form_shows (s, "fund", fund);
  {
    GtkWidget *row;

    WAIT_FOR ((row = joinery_record_form_find_related_row (s->form, joinery_kind_lookup ("round"), round)) != NULL);
    g_signal_emit_by_name (row, "activate");
    spin (10);
  }
  assert_form_shows (s, "round", round);

  /* 4. A grant in the round for the new organisation. */
  gtk_widget_activate_action (GTK_WIDGET (s->form), "form.add-related", "(ss)", "grant", "round");
  spin (10);
  g_assert_true (joinery_record_form_is_draft (s->form));
  type_text (s, "title", "Short breaks for young carers");
  choose (s, "applicant", "airedale", "Airedale Carers Hub");
  type_text (s, "amount_requested", "£8,500");
  choose_choice (s, "status", "submitted");
  type_text (s, "submitted_on", "2030-02-20");
  click (find_widget (GTK_WIDGET (s->form), is_button_with_label, "_Create"));
  grant = stored_id (s, "grant", "Short breaks for young carers");
  {
    g_autoptr(JoineryRecord) stored = joinery_db_get (s->db, joinery_kind_lookup ("grant"), grant, NULL);
    g_assert_cmpint (joinery_record_get_integer (stored, "round"), ==, round);
    g_assert_cmpint (joinery_record_get_integer (stored, "applicant"), ==, org);
    g_assert_cmpint (joinery_record_get_integer (stored, "amount_requested"), ==, 850000);
    g_assert_cmpstr (joinery_record_get_text (stored, "status"), ==, "submitted");
    g_assert_cmpstr (joinery_record_get_text (stored, "submitted_on"), ==, "2030-02-20");
  }
  assert_form_shows (s, "round", round);
  WAIT_FOR (joinery_record_form_find_related_row (s->form, joinery_kind_lookup ("grant"), grant) != NULL);
  WAIT_FOR (g_strcmp0 (joinery_window_get_kind_count (s->window, joinery_kind_lookup ("grant")), "1") == 0);
  /* The organisation's form lists its grant. */
  g_assert_true (joinery_window_open_record (s->window, joinery_kind_lookup ("organisation"), org));
  WAIT_FOR (joinery_record_form_find_related_row (s->form, joinery_kind_lookup ("grant"), grant) != NULL);

  /* 5. Two people booked onto the event: Events, the event's row, then the
   *    "Add attendance" button of its attendees, twice. */
  show_kind (s, "event");
  g_assert_cmpuint (list_count (s), ==, 1);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (gtk_column_view_get_model (
    joinery_record_list_get_column_view (list_of (s)))), 0, TRUE);
  spin (10);
  assert_form_shows (s, "event", s->event);
  gtk_widget_activate_action (GTK_WIDGET (s->form), "form.add-related", "(ss)", "attendance", "event");
  spin (10);
  g_assert_true (joinery_record_form_is_draft (s->form));
  choose (s, "person", "priya", "Priya Shah");
  click (find_widget (GTK_WIDGET (s->form), is_button_with_label, "_Create"));
  assert_form_shows (s, "event", s->event);
  /* With one booked, the attendees have their own + button. */
  {
    GtkWidget *add;

    WAIT_FOR ((add = find_widget (GTK_WIDGET (s->form), is_button_with_tooltip, "Add attendance")) != NULL);
    click (add);
  }
  g_assert_true (joinery_record_form_is_draft (s->form));
  g_assert_cmpint (joinery_record_get_integer (joinery_record_form_get_record (s->form), "event"), ==, s->event);
  choose (s, "person", "oakes", "Tom Oakes");
  click (find_widget (GTK_WIDGET (s->form), is_button_with_label, "_Create"));
  assert_form_shows (s, "event", s->event);
  g_assert_cmpint (count_of (s, "attendance", "status=booked"), ==, 2);
  {
    g_autofree char *filter = g_strdup_printf ("person=%" G_GINT64_FORMAT, s->priya);
    g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup ("attendance"));
    g_autoptr(GPtrArray) found = NULL;

    g_assert_true (joinery_query_parse_filter (query, filter, NULL));
    found = joinery_db_list (s->db, joinery_kind_lookup ("attendance"), query, NULL);
    g_assert_cmpuint (found->len, ==, 1);
    booking_priya = joinery_record_get_id (g_ptr_array_index (found, 0));
    g_assert_cmpint (joinery_record_get_integer (g_ptr_array_index (found, 0), "event"), ==, s->event);
  }
  booking_tom = booking_priya + 1;
  g_assert_true (joinery_db_exists (s->db, joinery_kind_lookup ("attendance"), booking_tom));
  WAIT_FOR (joinery_record_form_find_related_row (s->form, joinery_kind_lookup ("attendance"), booking_priya) != NULL);
  WAIT_FOR (joinery_record_form_find_related_row (s->form, joinery_kind_lookup ("attendance"), booking_tom) != NULL);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
    joinery_record_form_find_related_row (s->form, joinery_kind_lookup ("attendance"), booking_tom))), ==, "Tom Oakes");

  /* 6. All of it found again with Ctrl+K, from wherever the window is. */
  show_kind (s, "person");
  find_anything (s, "airedale", 1, "organisation", org);
  find_anything (s, "breaks fund", 1, "fund", fund);
  find_anything (s, "young carers", 1, "grant", grant);
  find_anything (s, "priya", 1, "person", s->priya);
  find_anything (s, "oakes", 1, "person", s->tom);
  /* The event, and from it the two booked. */
  find_anything (s, "carers week", 1, "event", s->event);
  g_assert_nonnull (joinery_record_form_find_related_row (s->form, joinery_kind_lookup ("attendance"), booking_priya));
  g_assert_nonnull (joinery_record_form_find_related_row (s->form, joinery_kind_lookup ("attendance"), booking_tom));
  /* A round is found by its fund's page, and opens from there. */
  find_anything (s, "breaks fund", 1, "fund", fund);
  g_assert_nonnull (joinery_record_form_find_related_row (s->form, joinery_kind_lookup ("round"), round));

  /* …and with a list's own search (Ctrl+F), as typed. */
  show_kind (s, "person");
  g_assert_cmpuint (list_count (s), ==, 3);
  press (s, "<Control>f");
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (s->window)),
                                         GTK_WIDGET (joinery_record_list_get_search_entry (list_of (s)))) ||
                 gtk_window_get_focus (GTK_WINDOW (s->window)) ==
                   GTK_WIDGET (joinery_record_list_get_search_entry (list_of (s))));
  gtk_editable_set_text (joinery_record_list_get_search_entry (list_of (s)), "oak");
  WAIT_FOR (list_count (s) == 1);
  {
    g_autoptr(JoineryRecord) first = g_list_model_get_item (G_LIST_MODEL (joinery_record_list_get_model (list_of (s))), 0);
    g_assert_cmpint (joinery_record_get_id (first), ==, s->tom);
  }
  gtk_editable_set_text (joinery_record_list_get_search_entry (list_of (s)), "");
  WAIT_FOR (list_count (s) == 3);

  show_kind (s, "grant");
  press (s, "<Control>f");
  gtk_editable_set_text (joinery_record_list_get_search_entry (list_of (s)), "short breaks");
  WAIT_FOR (list_count (s) == 1);
  gtk_editable_set_text (joinery_record_list_get_search_entry (list_of (s)), "nothing like it");
  WAIT_FOR (list_count (s) == 0);
  gtk_editable_set_text (joinery_record_list_get_search_entry (list_of (s)), "breaks");
  WAIT_FOR (list_count (s) == 1);

  /* 7. The grant deleted by mistake, with the form's Delete button… */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (gtk_column_view_get_model (
    joinery_record_list_get_column_view (list_of (s)))), 0, TRUE);
  spin (10);
  assert_form_shows (s, "grant", grant);
  grant_dump = dump_table (s, "grants");
  click (find_widget (GTK_WIDGET (s->form), is_button_with_action, "win.delete-record"));
  g_assert_false (joinery_db_exists (s->db, joinery_kind_lookup ("grant"), grant));
  g_assert_null (joinery_record_form_get_record (s->form));
  WAIT_FOR (list_count (s) == 0);
  WAIT_FOR (g_strcmp0 (joinery_window_get_kind_count (s->window, joinery_kind_lookup ("grant")), "0") == 0);
  g_assert_cmpstr (adw_toast_get_title (joinery_window_get_last_toast (s->window)), ==,
                   "Deleted grant “Short breaks for young carers”");
  g_assert_cmpstr (adw_toast_get_action_name (joinery_window_get_last_toast (s->window)), ==, "win.undo");

  /* …and Ctrl+Z: back as it was, its form open again, in the list. */
  press (s, "<Control>z");
  g_assert_true (joinery_db_exists (s->db, joinery_kind_lookup ("grant"), grant));
  {
    g_autofree char *dump = dump_table (s, "grants");
    g_assert_cmpstr (dump, ==, grant_dump);
  }
  assert_form_shows (s, "grant", grant);
  WAIT_FOR (list_count (s) == 1);
  WAIT_FOR (selected_id (s) == grant);
  WAIT_FOR (g_strcmp0 (joinery_window_get_kind_count (s->window, joinery_kind_lookup ("grant")), "1") == 0);
  g_assert_true (g_str_has_prefix (adw_toast_get_title (joinery_window_get_last_toast (s->window)), "Undone"));
  /* Found again by Ctrl+K too. */
  find_anything (s, "young carers", 1, "grant", grant);
  joinery_test_assert_check_clean (s->db);

  gtk_window_destroy (GTK_WINDOW (s->window));
  spin (20);
  g_assert_null (s->window);
  g_clear_object (&s->db);
  joinery_test_db_free (s->tdb);
}

int
main (int argc, char **argv)
{
  g_setenv ("JOINERY_TODAY", "2030-01-01", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = joinery_gui_test_app_start ();
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_settings_reset (settings, "columns");
    g_settings_reset (settings, "last-kind");
  }

  g_test_add_func ("/gui/scenario/new-user", test_scenario);

  return joinery_gui_test_app_run (&app);
}
