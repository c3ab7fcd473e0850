/* test-gui-form-rules.c: rules across fields in the real window, under
 * Xvfb. A grant under review becomes awarded in its form, field by field
 * in either order: each edit the rule refuses alone is kept, marked "not
 * saved yet", with the rule's message beside the field it names, and all
 * are saved together — one change, one undo — once the grant is valid.
 * An edit valid alone is saved at once, a value put back is no longer
 * pending, and moving on with edits pending says so.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-record-form.h"
#include "joinery-window.h"
#include "joinery-test-util.h"

static JoineryApplication *app;

typedef struct {
  JoineryTestDb *tdb;
  JoineryWindow *window;
  JoineryDb     *db;     /* the window's own connection */
  gint64         grant, other;
} Fixture;

#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 10)
#define spin joinery_gui_test_spin

/* The combo positions of the grant's statuses (as the kind lists them). */
enum { UNDER_REVIEW = 2, AWARDED = 3 };

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  JoineryDb *db;

  g_settings_reset (settings, "last-kind");
  g_settings_reset (settings, "recent-databases");

  f->tdb = joinery_test_db_new ();
  db = f->tdb->db;
  joinery_test_create (db, "organisation", "name", "Craven Carers", "kind", "voluntary", NULL);
  joinery_test_create (db, "fund", "name", "North Yorkshire Innovation Fund", NULL);
  joinery_test_create (db, "round", "fund", "1", "name", "Round one", "number", "1", NULL);
  f->grant = joinery_test_create (db, "grant", "round", "1", "title", "Warm homes", "applicant", "1",
                                  "amount_requested", "£12,000", "status", "under_review",
                                  "submitted_on", "2024-04-01", NULL);
  f->other = joinery_test_create (db, "grant", "round", "1", "title", "Falls prevention",
                                  "applicant", "1", "status", "under_review", NULL);
  g_clear_object (&f->tdb->db);

  joinery_gui_test_open_window (GTK_APPLICATION (app), f->tdb->path, &f->window);
  f->db = g_object_ref (joinery_window_get_db (f->window));
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

static JoineryRecordForm *
open_grant (Fixture *f, gint64 id)
{
  JoineryRecordForm *form = joinery_window_get_form (f->window);

  g_assert_true (joinery_window_open_record (f->window, joinery_kind_lookup ("grant"), id));
  spin (20);
  g_assert_cmpint (joinery_record_get_id (joinery_record_form_get_record (form)), ==, id);
  return form;
}

/* Type `text` into an entry row and press Enter. */
static void
type_and_apply (JoineryRecordForm *form, const char *field, const char *text)
{
  joinery_gui_test_type_and_apply (joinery_record_form_get_field_widget (form, field), text);
}

static void
choose_status (JoineryRecordForm *form, guint position)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (joinery_record_form_get_field_widget (form, "status")), position);
  spin (10);
}

/* The grant as stored: "status|amount_awarded|awarded_on|title". */
static char *
stored (Fixture *f, gint64 id)
{
  g_autoptr(JoineryRecord) grant = joinery_db_get (f->db, joinery_kind_lookup ("grant"), id, NULL);

  g_assert_nonnull (grant);
  return g_strdup_printf ("%s|%s|%s|%s", joinery_record_get_text (grant, "status"),
                          joinery_record_is_null (grant, "amount_awarded") ? "-" : "set",
                          joinery_record_is_null (grant, "awarded_on") ? "-" : joinery_record_get_text (grant, "awarded_on"),
                          joinery_record_get_text (grant, "title"));
}

#define assert_stored(f, id, expected) \
  G_STMT_START { g_autofree char *s_ = stored (f, id); g_assert_cmpstr (s_, ==, expected); } G_STMT_END

static gboolean
error_has (JoineryRecordForm *form, const char *field, const char *text)
{
  const char *message = joinery_record_form_get_field_error (form, field);
  return message != NULL && strstr (message, text) != NULL;
}

static gboolean
has_class (JoineryRecordForm *form, const char *field, const char *name)
{
  return gtk_widget_has_css_class (joinery_record_form_get_field_widget (form, field), name);
}

static char *
undo_label (Fixture *f)
{
  return joinery_db_dup_undo_label (f->db);
}

/* Status first, then the date, then the amount: the order of the form. */
static void
test_award_status_first (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_grant (f, f->grant);
  g_autofree char *before = undo_label (f);
  g_autoptr(GError) error = NULL;

  /* Awarded alone: kept, the rule's message beside the award date. */
  choose_status (form, AWARDED);
  assert_stored (f, f->grant, "under_review|-|-|Warm homes");
  g_assert_cmpstr (joinery_record_form_get_field_error (form, "awarded_on"), ==,
                   "must be set when the grant is awarded");
  g_assert_true (has_class (form, "awarded_on", "error"));
  g_assert_true (error_has (form, "status", "Not saved yet: saved together with Awarded on"));
  g_assert_true (has_class (form, "status", "warning"));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (joinery_record_form_get_field_widget (form, "status"))),
                    ==, AWARDED);
  {
    g_autofree char *now = undo_label (f);
    g_assert_cmpstr (now, ==, before);
  }

  /* The date: still not enough; the message moves to the amount. */
  type_and_apply (form, "awarded_on", "2024-06-01");
  assert_stored (f, f->grant, "under_review|-|-|Warm homes");
  g_assert_cmpstr (joinery_record_form_get_field_error (form, "amount_awarded"), ==,
                   "must be set when the grant is awarded");
  g_assert_true (error_has (form, "awarded_on", "Not saved yet: saved together with Amount awarded"));
  g_assert_true (error_has (form, "status", "Not saved yet: saved together with Amount awarded"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "awarded_on"))),
                   ==, "2024-06-01");
  joinery_gui_test_shoot ("form-rules-pending");

  /* An edit valid on its own is saved at once; the others still wait. */
  type_and_apply (form, "title", "Warm and well homes");
  assert_stored (f, f->grant, "under_review|-|-|Warm and well homes");
  g_assert_null (joinery_record_form_get_field_error (form, "title"));
  g_assert_true (error_has (form, "status", "Not saved yet"));
  g_assert_cmpstr (joinery_record_form_get_field_error (form, "amount_awarded"), ==,
                   "must be set when the grant is awarded");
  /* A refresh of the form (after that save) keeps what is pending. */
  spin (50);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (joinery_record_form_get_field_widget (form, "status"))),
                    ==, AWARDED);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "awarded_on"))),
                   ==, "2024-06-01");

  /* The amount: valid together, all three saved in one change. */
  type_and_apply (form, "amount_awarded", "£11,500");
  assert_stored (f, f->grant, "awarded|set|2024-06-01|Warm and well homes");
  for (const char * const *field = (const char * const[]) { "status", "awarded_on", "amount_awarded", NULL };
       *field != NULL; field++)
    {
      g_assert_null (joinery_record_form_get_field_error (form, *field));
      g_assert_false (has_class (form, *field, "error"));
      g_assert_false (has_class (form, *field, "warning"));
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "amount_awarded"))),
                   ==, "£11,500.00");

  /* One undo takes the award back whole; the title's change stays. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  assert_stored (f, f->grant, "under_review|-|-|Warm and well homes");
  WAIT_FOR (adw_combo_row_get_selected (ADW_COMBO_ROW (joinery_record_form_get_field_widget (form, "status")))
            == UNDER_REVIEW);
  WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "awarded_on"))),
                       "") == 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  assert_stored (f, f->grant, "awarded|set|2024-06-01|Warm and well homes");
  g_assert_true (joinery_db_undo (f->db, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_db_undo (f->db, NULL, &error));
  assert_stored (f, f->grant, "under_review|-|-|Warm homes");
}

/* The amount first: refused alone ("only an awarded grant has an amount
 * awarded"), kept; the status, then the date. */
static void
test_award_amount_first (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_grant (f, f->grant);

  type_and_apply (form, "amount_awarded", "£9,000");
  assert_stored (f, f->grant, "under_review|-|-|Warm homes");
  g_assert_true (error_has (form, "amount_awarded", "only an awarded or completed grant has an amount awarded"));
  g_assert_true (error_has (form, "amount_awarded", "Not saved yet"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, "amount_awarded"))),
                   ==, "£9,000");

  choose_status (form, AWARDED);
  assert_stored (f, f->grant, "under_review|-|-|Warm homes");
  g_assert_cmpstr (joinery_record_form_get_field_error (form, "awarded_on"), ==,
                   "must be set when the grant is awarded");
  g_assert_true (error_has (form, "amount_awarded", "Not saved yet: saved together with Awarded on"));

  /* Leaving a field untouched (as moving the focus does) changes nothing. */
  joinery_record_form_commit_pending (form);
  assert_stored (f, f->grant, "under_review|-|-|Warm homes");
  g_assert_cmpstr (joinery_record_form_get_field_error (form, "awarded_on"), ==,
                   "must be set when the grant is awarded");

  type_and_apply (form, "awarded_on", "19/05/2017");
  /* A date wrong in itself is an error, and the others still wait. */
  g_assert_cmpstr (joinery_record_form_get_field_error (form, "awarded_on"), ==,
                   "must not be before “Submitted on” (2024-04-01)");
  assert_stored (f, f->grant, "under_review|-|-|Warm homes");
  g_assert_true (error_has (form, "status", "Not saved yet"));
  type_and_apply (form, "awarded_on", "19/05/2024");
  assert_stored (f, f->grant, "awarded|set|2024-05-19|Warm homes");
  g_assert_null (joinery_record_form_get_field_error (form, "amount_awarded"));
  g_assert_null (joinery_record_form_get_field_error (form, "awarded_on"));
  {
    g_autoptr(JoineryRecord) grant = joinery_db_get (f->db, joinery_kind_lookup ("grant"), f->grant, NULL);
    g_assert_cmpint (joinery_record_get_integer (grant, "amount_awarded"), ==, 900000);
  }
}

/* Put back as it was, a pending edit is dropped; moving on with one
 * pending says it was not saved; a value wrong in itself stays an error. */
static void
test_pending_put_back_and_left (Fixture *f, gconstpointer data)
{
  JoineryRecordForm *form = open_grant (f, f->grant);

  choose_status (form, AWARDED);
  g_assert_nonnull (joinery_record_form_get_field_error (form, "awarded_on"));
  choose_status (form, UNDER_REVIEW);
  g_assert_null (joinery_record_form_get_field_error (form, "status"));
  g_assert_null (joinery_record_form_get_field_error (form, "awarded_on"));
  assert_stored (f, f->grant, "under_review|-|-|Warm homes");

  /* A badly formed amount is no rule's: an error, nothing kept. */
  type_and_apply (form, "amount_awarded", "lots");
  g_assert_false (error_has (form, "amount_awarded", "Not saved yet"));
  g_assert_true (has_class (form, "amount_awarded", "error"));
  type_and_apply (form, "amount_awarded", "");
  g_assert_null (joinery_record_form_get_field_error (form, "amount_awarded"));

  choose_status (form, AWARDED);
  open_grant (f, f->other);
  g_assert_cmpstr (adw_toast_get_title (joinery_window_get_last_toast (f->window)), ==,
                   "Not saved: Status of “Warm homes”, waiting for Awarded on");
  assert_stored (f, f->grant, "under_review|-|-|Warm homes");
  /* The other grant's form starts clean. */
  g_assert_null (joinery_record_form_get_field_error (form, "status"));
  g_assert_null (joinery_record_form_get_field_error (form, "awarded_on"));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (joinery_record_form_get_field_widget (form, "status"))),
                    ==, UNDER_REVIEW);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  app = joinery_gui_test_app_start ();

  g_test_add ("/gui/form-rules/award-status-first", Fixture, NULL, fixture_setup,
              test_award_status_first, fixture_teardown);
  g_test_add ("/gui/form-rules/award-amount-first", Fixture, NULL, fixture_setup,
              test_award_amount_first, fixture_teardown);
  g_test_add ("/gui/form-rules/put-back-and-left", Fixture, NULL, fixture_setup,
              test_pending_put_back_and_left, fixture_teardown);

  return joinery_gui_test_app_run (&app);
}
