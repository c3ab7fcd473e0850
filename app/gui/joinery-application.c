/* joinery-application.c: the application — its window, its app-wide
 * actions (open, new, recent files, style, about, quit) and accelerators,
 * and the launcher the command line calls.
 *
 * The window does the work on a file; this file only decides which file
 * and which window. No SQL here.
 */
#include "config.h"

#include "joinery-application.h"
#include "joinery-gui.h"
#include "joinery-gui-util.h"
#include "joinery-renderer.h"
#include "joinery-window.h"
#include "joinery-window-page.h"

struct _JoineryApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  gboolean        remember_files;
};

G_DEFINE_FINAL_TYPE (JoineryApplication, joinery_application, ADW_TYPE_APPLICATION)

static JoineryWindow *
ensure_window (JoineryApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (joinery_window_new (GTK_APPLICATION (self)));
  return JOINERY_WINDOW (window);
}

static void
open_in_window (JoineryApplication *self, JoineryWindow *window, const char *path, gboolean create)
{
  g_autoptr(GError) error = NULL;

  if (!joinery_window_open_file (window, path, create, &error))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf ("Cannot open “%s”: %s", name, error->message);
      g_autofree char *escaped = g_markup_escape_text (message, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 0);
      joinery_window_add_toast (window, toast);
    }
}

static void
joinery_application_activate (GApplication *app)
{
  JoineryApplication *self = JOINERY_APPLICATION (app);
  gboolean fresh = gtk_application_get_active_window (GTK_APPLICATION (self)) == NULL;
  JoineryWindow *window = ensure_window (self);

  if (fresh && self->settings != NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-database");
      if (*last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
        open_in_window (self, window, last, FALSE);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
joinery_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  JoineryApplication *self = JOINERY_APPLICATION (app);
  JoineryWindow *window = ensure_window (self);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      if (path != NULL)
        open_in_window (self, window, path, FALSE);
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* Opening and creating files */

static void
file_chosen_cb (GtkNativeDialog *dialog, int response, JoineryApplication *self)
{
  gboolean create = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "create"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          if (create && !g_str_has_suffix (path, ".joinery"))
            {
              char *with_suffix = g_strconcat (path, ".joinery", NULL);
              g_free (path);
              path = with_suffix;
            }
          open_in_window (self, ensure_window (self), path, create);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_file (JoineryApplication *self, gboolean create)
{
  GtkWindow *parent = GTK_WINDOW (ensure_window (self));
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) joinery = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (create ? "New Joinery File" : "Open a Joinery File", parent,
                                        create ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        create ? "_Create" : "_Open", "_Cancel");
  gtk_file_filter_set_name (joinery, "Joinery files");
  gtk_file_filter_add_pattern (joinery, "*.joinery");
  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), joinery);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  if (create)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "Network.joinery");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data (G_OBJECT (dialog), "create", GINT_TO_POINTER (create));
  g_signal_connect (dialog, "response", G_CALLBACK (file_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_database_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  choose_file (user_data, FALSE);
}

static void
new_database_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  choose_file (user_data, TRUE);
}

static void
open_recent_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryApplication *self = user_data;

  open_in_window (self, ensure_window (self), g_variant_get_string (parameter, NULL), FALSE);
}

static void
open_demo_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryApplication *self = user_data;
  JoineryWindow *window = ensure_window (self);
  g_autoptr(GError) error = NULL;

  if (!joinery_window_open_demo (window, &error))
    {
      g_autofree char *message = g_strdup_printf ("Cannot open the demo: %s", error->message);
      g_autofree char *escaped = g_markup_escape_text (message, -1);
      joinery_window_add_toast (window, adw_toast_new (escaped));
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryApplication *self = user_data;
  static const char *developers[] = { "The Joinery developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", "Joinery",
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", "The Joinery developers",
                        "developers", developers,
                        "comments", "The records of a health and social care integration network: "
                                    "organisations, people, projects, funds and grants, events, "
                                    "indicators and awards, in one local file.",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Joinery developers",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  JoineryApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window saves what it has typed. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_entries[] = {
  { "open-database", open_database_action },
  { "new-database", new_database_action },
  { "open-recent", open_recent_action, "s" },
  { "open-demo", open_demo_action },
  { "about", about_action },
  { "quit", quit_action },
};

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.open-database", { "<Control>o", NULL } },
  { "app.new-database", { "<Control><Shift>n", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.new-record", { "<Control>n", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
  { "win.find", { "<Control>f", NULL } },
  { "win.global-search", { "<Control>k", NULL } },
  { "win.go-back", { "<Alt>Left", NULL } },
};

static void
apply_style (JoineryApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  int style = self->settings != NULL ? g_settings_get_enum (self->settings, "style") : 0;

  adw_style_manager_set_color_scheme (manager, style == 1 ? ADW_COLOR_SCHEME_FORCE_LIGHT
                                             : style == 2 ? ADW_COLOR_SCHEME_FORCE_DARK
                                             : ADW_COLOR_SCHEME_DEFAULT);
}

static void
joinery_application_startup (GApplication *app)
{
  JoineryApplication *self = JOINERY_APPLICATION (app);

  G_APPLICATION_CLASS (joinery_application_parent_class)->startup (app);
  /* Before any window is realized: cairo where GL is only software. */
  g_free (joinery_renderer_choose (gdk_display_get_default (), NULL));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
  for (int n = 1; n <= 9; n++)
    {
      g_autofree char *action = g_strdup_printf ("win.show-kind(%d)", n);
      g_autofree char *accel = g_strdup_printf ("<Alt>%d", n);
      const char *list[] = { accel, NULL };
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), action, list);
    }
  joinery_window_register_builtin_pages ();
  for (const JoineryWindowPage **page = joinery_window_get_pages (NULL); *page != NULL; page++)
    if ((*page)->accel != NULL)
      {
        g_autofree char *action = g_strdup_printf ("win.show-page('%s')", (*page)->name);
        const char *list[] = { (*page)->accel, NULL };
        gtk_application_set_accels_for_action (GTK_APPLICATION (self), action, list);
      }

  self->settings = joinery_gui_dup_settings ();
  if (self->settings != NULL)
    {
      g_autoptr(GAction) style = g_settings_create_action (self->settings, "style");
      g_action_map_add_action (G_ACTION_MAP (self), style);
      g_signal_connect_swapped (self->settings, "changed::style", G_CALLBACK (apply_style), self);
    }
  apply_style (self);
}

static void
joinery_application_dispose (GObject *object)
{
  JoineryApplication *self = JOINERY_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (joinery_application_parent_class)->dispose (object);
}

static void
joinery_application_class_init (JoineryApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = joinery_application_dispose;
  app_class->startup = joinery_application_startup;
  app_class->activate = joinery_application_activate;
  app_class->open = joinery_application_open;
}

static void
joinery_application_init (JoineryApplication *self)
{
  self->remember_files = TRUE;
}

JoineryApplication *
joinery_application_new (GApplicationFlags flags)
{
  return g_object_new (JOINERY_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/joinery/Joinery",
                       NULL);
}

void
joinery_application_set_remember_files (JoineryApplication *self, gboolean remember)
{
  self->remember_files = remember;
}

gboolean
joinery_application_get_remember_files (JoineryApplication *self)
{
  return self->remember_files;
}

int
joinery_gui_launch (const char *db_path, JoineryCliLaunchFlags flags)
{
  g_autoptr(JoineryApplication) app = joinery_application_new (G_APPLICATION_DEFAULT_FLAGS);
  g_autofree char *absolute = db_path != NULL ? g_canonicalize_filename (db_path, NULL) : NULL;
  char *argv[] = { (char *) "joinery", absolute, NULL };

  if (db_path != NULL && !g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("joinery: cannot open “%s”: no such file\n", db_path);
      return 1;
    }
  /* A display that is named but cannot be reached: say so, do not crash. */
  if (!gtk_init_check ())
    {
      g_printerr ("joinery: cannot open the window: no display (every command works without one; "
                  "see “joinery --help”)\n");
      return 1;
    }
  joinery_application_set_remember_files (app, !(flags & JOINERY_CLI_LAUNCH_DEMO));
  return g_application_run (G_APPLICATION (app), absolute != NULL ? 2 : 1, argv);
}
