/* gui-walk.c: the "In the window" steps of data/demo/WORKSHOP.md, done in
 * the real window on a fresh copy of the demo, each step photographed
 * with ImageMagick's `import` for a trainer to look at (not a test: the
 * same steps are asserted by tests/demo/test-demo-workshop.c on the
 * command line and by test-gui-scenario.c in the window). Run it under
 * an X server:
 *
 *   GSETTINGS_SCHEMA_DIR=build/data GSETTINGS_BACKEND=memory GDK_BACKEND=x11 \
 *     dbus-run-session -- build/tests/gui/gui-walk OUTDIR
 */
#include "config.h"

#include <adwaita.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-search-window.h"
#include "joinery-window.h"

static const char *outdir;

#define spin joinery_gui_test_spin

static void
shoot (const char *name)
{
  joinery_gui_test_shoot_into (outdir, name);
}

#define type_and_apply joinery_gui_test_type_and_apply

static gint64
find (JoineryDb *db, const char *kind, const char *label)
{
  gint64 id = 0;

  if (!joinery_db_find_by_label (db, joinery_kind_lookup (kind), label, &id, NULL))
    g_printerr ("no %s “%s”\n", kind, label);
  return id;
}

/* From the form shown, a new `kind` related through `field`; the person
 * (or other reference) chosen by typing part of its name. */
static gboolean
book (JoineryRecordForm *form, const char *who, const char *shot)
{
  JoineryReferenceChooser *chooser;

  gtk_widget_activate_action (GTK_WIDGET (form), "form.add-related", "(ss)", "attendance", "event");
  spin (50);
  chooser = joinery_record_form_get_chooser (form, "person");
  gtk_popover_popup (GTK_POPOVER (chooser));
  joinery_reference_chooser_search (chooser, who);
  if (shot != NULL)
    shoot (shot);
  if (joinery_reference_chooser_get_n_results (chooser) == 0)
    return FALSE;
  joinery_reference_chooser_choose (chooser, 0);
  spin (50);
  return joinery_record_form_create (form);
}

static void
choose (JoineryRecordForm *form, const char *field, const char *text)
{
  JoineryReferenceChooser *chooser = joinery_record_form_get_chooser (form, field);

  joinery_reference_chooser_search (chooser, text);
  if (joinery_reference_chooser_get_n_results (chooser) > 0)
    joinery_reference_chooser_choose (chooser, 0);
  spin (50);
}

static void
set_text (JoineryRecordForm *form, const char *field, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (joinery_record_form_get_field_widget (form, field)), text);
}

static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_get_mapped (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scroller (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The whole form: photographed a screen at a time, scrolled down. */
static void
tall (JoineryWindow *window, const char *name)
{
  GtkScrolledWindow *scroller = find_scroller (GTK_WIDGET (joinery_window_get_form (window)));
  GtkAdjustment *adjustment;

  shoot (name);
  if (scroller == NULL)
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  for (int page = 1; page < 6; page++)
    {
      g_autofree char *more = g_strdup_printf ("%s-%d", name, page);
      double value = gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) * 0.9;

      if (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
          gtk_adjustment_get_upper (adjustment))
        break;
      gtk_adjustment_set_value (adjustment, value);
      shoot (more);
    }
  gtk_adjustment_set_value (adjustment, 0);
}

int
main (int argc, char **argv)
{
  g_autoptr(JoineryApplication) app = NULL;
  JoineryWindow *window;
  JoineryRecordForm *form;
  JoinerySearchWindow *search;
  JoineryDb *db;
  gint64 event, fund, round;

  if (argc != 2)
    {
      g_printerr ("usage: gui-walk OUTDIR\n");
      return 2;
    }
  outdir = argv[1];
  app = joinery_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_application_hold (G_APPLICATION (app));

  /* Before you start: the welcome page, then the demo. */
  window = joinery_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  shoot ("00-welcome");
  if (!joinery_window_open_demo (window, NULL))
    return 1;
  db = joinery_window_get_db (window);
  form = joinery_window_get_form (window);
  shoot ("01-demo");

  /* Exercise 1: Ctrl+K, Ashwoth, open, correct, undo, redo. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.global-search", NULL);
  spin (100);
  search = NULL;
  {
    g_autoptr(GList) windows = gtk_window_list_toplevels ();
    for (GList *l = windows; l != NULL; l = l->next)
      if (JOINERY_IS_SEARCH_WINDOW (l->data))
        search = l->data;
  }
  if (search == NULL)
    {
      search = joinery_search_window_new (window, db);
      gtk_window_present (GTK_WINDOW (search));
    }
  joinery_search_window_search (search, "Ashwoth");
  shoot ("10-ex1-search");
  joinery_search_window_open_result (search, 0);
  shoot ("11-ex1-person");
  type_and_apply (joinery_record_form_get_field_widget (form, "name"), "Hannah Ashworth");
  shoot ("12-ex1-corrected");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  shoot ("13-ex1-undone");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  shoot ("14-ex1-redone");

  /* Exercise 2: Events, the May 2017 event, two bookings, one refused. */
  joinery_window_show_kind (window, joinery_kind_lookup ("event"));
  shoot ("20-ex2-events");
  event = find (db, "event", "Learning and Innovation event, May 2017");
  joinery_window_open_record (window, joinery_kind_lookup ("event"), event);
  shoot ("21-ex2-event");
  tall (window, "22-ex2-event-tall");
  if (!book (form, "Omar Farooq", "23-ex2-booking"))
    g_printerr ("Omar Farooq not booked\n");
  shoot ("24-ex2-booked-one");
  if (!book (form, "Beth Kirkby", NULL))
    g_printerr ("Beth Kirkby not booked\n");
  if (book (form, "Lucy Hartley", NULL))
    g_printerr ("Lucy Hartley booked twice\n");
  shoot ("25-ex2-refused");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  tall (window, "26-ex2-after-tall");

  /* Exercise 3: Funds, the fund's totals, a grant in round 4. */
  joinery_window_show_kind (window, joinery_kind_lookup ("fund"));
  fund = find (db, "fund", "North Yorkshire Innovation Fund");
  joinery_window_open_record (window, joinery_kind_lookup ("fund"), fund);
  tall (window, "30-ex3-fund-tall");
  round = 0;
  {
    g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup ("round"));
    g_autoptr(GPtrArray) rounds = NULL;
    g_autofree char *filter = g_strdup_printf ("fund=%" G_GINT64_FORMAT, fund);

    joinery_query_parse_filter (query, filter, NULL);
    joinery_query_parse_filter (query, "number=4", NULL);
    rounds = joinery_db_list (db, joinery_kind_lookup ("round"), query, NULL);
    if (rounds != NULL && rounds->len == 1)
      round = joinery_record_get_id (g_ptr_array_index (rounds, 0));
  }
  joinery_window_open_record (window, joinery_kind_lookup ("round"), round);
  tall (window, "31-ex3-round4-tall");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.add-related", "(ss)", "grant", "round");
  spin (50);
  set_text (form, "title", "Digital buddies");
  choose (form, "applicant", "Ulverdale Digital Buddies");
  adw_combo_row_set_selected (ADW_COMBO_ROW (joinery_record_form_get_field_widget (form, "status")), 3);
  tall (window, "32-ex3-draft-tall");
  if (joinery_record_form_create (form))
    g_printerr ("an awarded grant without its amount was created\n");
  tall (window, "33-ex3-refused-tall");
  set_text (form, "reference", "NYIF-4-07");
  choose (form, "theme", "Prevent the need for care");
  set_text (form, "amount_requested", "£25,000");
  set_text (form, "amount_awarded", "£25,000");
  set_text (form, "submitted_on", "2017-01-06");
  set_text (form, "awarded_on", "2017-01-27");
  set_text (form, "starts_on", "2017-02-01");
  set_text (form, "ends_on", "2018-01-31");
  if (!joinery_record_form_create (form))
    g_printerr ("the grant was refused: %s\n", joinery_record_form_get_error (form));
  tall (window, "34-ex3-created-tall");
  joinery_window_open_record (window, joinery_kind_lookup ("fund"), fund);
  tall (window, "35-ex3-fund-after-tall");
  return 0;
}
