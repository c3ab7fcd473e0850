/* joinery-gui-test.h: what the window's test programs share. */
#pragma once

#include <gtk/gtk.h>

#include "joinery-application.h"
#include "joinery-window.h"

/* Run the main loop for `ms` milliseconds, as a person waits. */
static inline void
joinery_gui_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

/* $JOINERY_TEST_TIME_FACTOR (whole, 1 when unset): the sanitizer test
 * setup sets it, since the window runs several times slower there. */
static inline gint64
joinery_gui_test_time_factor (void)
{
  const char *factor = g_getenv ("JOINERY_TEST_TIME_FACTOR");
  guint64 n = 1;

  if (factor == NULL || !g_ascii_string_to_unsigned (factor, 10, 1, 100, &n, NULL))
    n = 1;
  return (gint64) n;
}

/* Run the main loop until `cond` holds, or fail after `seconds` (times
 * the factor above). */
#define JOINERY_GUI_TEST_WAIT_FOR(cond, seconds) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + \
                       (seconds) * joinery_gui_test_time_factor () * G_USEC_PER_SEC; \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          g_error ("timed out waiting for %s", #cond); \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (2000); \
      } \
  } G_STMT_END

/* Photograph the screen into DIR/name.png (ImageMagick's `import -window
 * root`), once what was asked for is drawn, for people to look at. */
static inline void
joinery_gui_test_shoot_into (const char *dir, const char *name)
{
  char *path = g_strdup_printf ("%s/%s.png", dir, name);
  char *command = g_strdup_printf ("import -window root %s", path);

  joinery_gui_test_spin (700);
  if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL))
    g_printerr ("cannot run: %s\n", command);
  else
    g_print ("%s\n", path);
  g_free (command);
  g_free (path);
}

/* With JOINERY_TEST_SHOTS=DIR, the same in a test. */
static inline void
joinery_gui_test_shoot (const char *name)
{
  const char *dir = g_getenv ("JOINERY_TEST_SHOTS");

  if (dir != NULL)
    joinery_gui_test_shoot_into (dir, name);
}

/* Type `text` into an entry row and press Enter (what AdwEntryRow turns
 * into "entry-activated"). */
static inline void
joinery_gui_test_type_and_apply (GtkWidget *row, const char *text)
{
  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (row)), "activate");
  joinery_gui_test_spin (10);
}

/* The first widget of `type` inside `widget`, depth first. */
static inline GtkWidget *
joinery_gui_test_find_descendant (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = joinery_gui_test_find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* `window` shown and mapped; NULLed through `*weak` when it goes. */
static inline JoineryWindow *
joinery_gui_test_present (JoineryWindow *window, JoineryWindow **weak)
{
  *weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) weak);
  gtk_window_present (GTK_WINDOW (window));
  JOINERY_GUI_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)), 30);
  return window;
}

/* A window of `app` on the database at `path`, shown and mapped; NULLed
 * through `*weak` when it goes. */
static inline JoineryWindow *
joinery_gui_test_open_window (GtkApplication *app, const char *path, JoineryWindow **weak)
{
  GError *error = NULL;
  JoineryWindow *window = joinery_window_new (app);

  g_assert_true (joinery_window_open_file (window, path, FALSE, &error));
  g_assert_no_error (error);
  return joinery_gui_test_present (window, weak);
}

/* A window of `app` on a fresh copy of the demo, 1280×800, shown and
 * mapped; NULLed through `*weak` when it goes. */
static inline JoineryWindow *
joinery_gui_test_open_demo_window (GtkApplication *app, JoineryWindow **weak)
{
  GError *error = NULL;
  JoineryWindow *window = joinery_window_new (app);

  g_assert_true (joinery_window_open_demo (window, &error));
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  return joinery_gui_test_present (window, weak);
}

/* The application a test program's windows belong to: registered
 * without asking the session bus for uniqueness, and held, so that the
 * tests go on when a window closes. */
static inline JoineryApplication *
joinery_gui_test_app_start (void)
{
  JoineryApplication *app = joinery_application_new (G_APPLICATION_NON_UNIQUE);

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));
  return app;
}

/* Run the tests added, then let the application go; the tests' status. */
static inline int
joinery_gui_test_app_run (JoineryApplication **app)
{
  int status = g_test_run ();

  g_application_release (G_APPLICATION (*app));
  g_clear_object (app);
  return status;
}
