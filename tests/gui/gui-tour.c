/* gui-tour.c: walk through every page of the window on a database and
 * take a screenshot of each with ImageMagick's `import`, for people to
 * look at (not a test: nothing is asserted). Run it under an X server:
 *
 *   GSETTINGS_SCHEMA_DIR=build/data GSETTINGS_BACKEND=memory GDK_BACKEND=x11 \
 *     build/tests/gui/gui-tour FILE.joinery OUTDIR
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

static gint64 first_id (JoineryDb *db, const char *kind);

/* Open the first record of a kind, if it has one. */
static gboolean
open_first (JoineryWindow *window, const char *kind)
{
  gint64 id = first_id (joinery_window_get_db (window), kind);

  return id > 0 && joinery_window_open_record (window, joinery_kind_lookup (kind), id);
}

static gint64
first_id (JoineryDb *db, const char *kind)
{
  g_autoptr(JoineryQuery) query = joinery_query_new (joinery_kind_lookup (kind));
  g_autoptr(GPtrArray) records = NULL;

  joinery_query_set_range (query, 0, 1);
  records = joinery_db_list (db, joinery_kind_lookup (kind), query, NULL);
  return records != NULL && records->len > 0 ? joinery_record_get_id (g_ptr_array_index (records, 0)) : 0;
}

int
main (int argc, char **argv)
{
  g_autoptr(JoineryApplication) app = NULL;
  JoineryWindow *window;
  JoineryRecordForm *form;
  JoineryDb *db;
  JoinerySearchWindow *search;
  GtkWidget *amount;

  if (argc != 3)
    {
      g_printerr ("usage: gui-tour FILE.joinery OUTDIR\n");
      return 2;
    }
  outdir = argv[2];
  app = joinery_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_application_hold (G_APPLICATION (app));

  window = joinery_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  shoot ("01-welcome");

  if (!joinery_window_open_file (window, argv[1], FALSE, NULL))
    return 1;
  db = joinery_window_get_db (window);
  form = joinery_window_get_form (window);
  shoot ("02-people");

  if (open_first (window, "person"))
    shoot ("03-person");
  if (open_first (window, "organisation"))
    {
      shoot ("04-organisation");
      /* A note, a tag and a task, then all of it on a tall screen. */
      for (guint i = 0; i < 3; i++)
        {
          static const char *kinds[] = { "note", "tag", "task" };
          static const char *texts[] = { "Met their chief executive at the learning event.", "frailty",
                                          "Send the board papers" };
          GtkWidget *row = joinery_record_form_get_add_row (form, kinds[i]);

          if (row == NULL)
            continue;
          gtk_editable_set_text (GTK_EDITABLE (row), texts[i]);
          g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (row)), "activate");
          spin (100);
        }
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1900);
      shoot ("04a-organisation-tall");
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
    }
  if (open_first (window, "grant"))
    {
      amount = joinery_record_form_get_field_widget (form, "amount_awarded");
      gtk_editable_set_text (GTK_EDITABLE (amount), "lots");
      g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (amount)), "activate");
      shoot ("05-grant-error");
    }
  if (open_first (window, "event"))
    {
      shoot ("06-event");
      /* All of it, sessions and attendees included, on a tall screen. */
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1900);
      shoot ("06a-event-tall");
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
    }

  /* A reference's chooser, open on what is typed. */
  if (open_first (window, "person"))
    {
      JoineryReferenceChooser *chooser = joinery_record_form_get_chooser (form, "organisation");

      gtk_popover_popup (GTK_POPOVER (chooser));
      joinery_reference_chooser_search (chooser, "leeds");
      shoot ("06b-chooser");
      gtk_popover_popdown (GTK_POPOVER (chooser));
    }

  joinery_window_show_kind (window, joinery_kind_lookup ("grant"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-record", NULL);
  shoot ("07-new-grant");

  joinery_window_show_kind (window, joinery_kind_lookup ("organisation"));
  joinery_record_list_set_search (joinery_window_get_list (window), "health");
  shoot ("08-search-list");
  joinery_record_list_set_search (joinery_window_get_list (window), NULL);

  search = joinery_search_window_new (window, db);
  gtk_window_present (GTK_WINDOW (search));
  joinery_search_window_search (search, "ridge");
  shoot ("09-find-anything");
  gtk_window_destroy (GTK_WINDOW (search));

  open_first (window, "fund");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shoot ("10-fund-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_unmaximize (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 760);
  shoot ("11-narrow");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  shoot ("12-shortcuts");
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  shoot ("13-about");
  return 0;
}
