/* test-gui-editor.c: the script editor page in the real window, under Xvfb:
 * a plugin made from the template, saved and run, its output shown; a
 * script with an error shows it, the line is the one reported, and
 * activating the error moves the cursor there; the console runs
 * `return 1+1` and refuses a write; bundled plugins open read-only and
 * copy to the user's folder; search finds text in the buffer.
 *
 * The user's plugin folder is a temporary XDG_DATA_HOME, set before GLib
 * reads it.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-window.h"
#include "joinery-window-page.h"
#include "joinery-script-editor.h"
#include "joinery-lua.h"
#include "joinery-test-util.h"

static JoineryApplication *app;
static char *data_home;

typedef struct {
  JoineryTestDb       *tdb;
  JoineryWindow       *window;
  JoineryScriptEditor *editor;
} Fixture;

/* A run starts a sandbox process; the machine may be busy. */
#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 60)

#define spin joinery_gui_test_spin

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->tdb = joinery_test_db_new ();
  joinery_test_create (f->tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (f->tdb->db, "organisation", "name", "Kirklees Carers", "kind", "voluntary", NULL);
  joinery_test_create (f->tdb->db, "organisation", "name", "Calder Carers", "kind", "voluntary", NULL);

  f->window = joinery_window_new (GTK_APPLICATION (app));
  g_assert_true (joinery_window_open_file (f->window, f->tdb->path, FALSE, &error));
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  g_assert_true (joinery_window_show_page (f->window, "editor"));
  f->editor = JOINERY_SCRIPT_EDITOR (joinery_window_get_page_widget (f->window, "editor"));
  g_assert_nonnull (f->editor);
  g_assert_cmpstr (joinery_window_get_visible_page (f->window), ==, "editor");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *plugins = g_build_filename (data_home, "joinery", "plugins", NULL);

  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  spin (20);
  joinery_test_db_free (f->tdb);
  /* Each test starts with an empty plugin folder. */
  joinery_test_rm_rf (plugins);
}

static gint64
count_rows (Fixture *f, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (f->tdb->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
set_code (Fixture *f, const char *code)
{
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (joinery_script_editor_get_buffer (f->editor)), code, -1);
}

static void
run_and_wait (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.run", NULL));
  g_assert_true (joinery_script_editor_is_running (f->editor));
  WAIT_FOR (!joinery_script_editor_is_running (f->editor));
}

static int
cursor_line (Fixture *f)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (joinery_script_editor_get_buffer (f->editor));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line (&iter) + 1;
}

static GtkWidget *
error_row (Fixture *f, int index)
{
  return GTK_WIDGET (gtk_list_box_get_row_at_index (joinery_script_editor_get_errors (f->editor), index));
}

static const char *
row_text (GtkWidget *row)
{
  return gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))));
}

static void
test_new_save_run (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (data_home, "joinery", "plugins", "board-count", NULL);
  g_autofree char *main_path = g_build_filename (folder, "main.lua", NULL);
  g_autofree char *manifest_path = g_build_filename (folder, "manifest.ini", NULL);
  g_autofree char *manifest = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *output = NULL;
  g_autofree char *changed_output = NULL;
  g_autoptr(JoineryPlugin) plugin = NULL;
  static const char changed[] =
    "return joinery.report {\n"
    "  id = \"board-count\",\n"
    "  title = \"Board count\",\n"
    "  run = function (ctx, params)\n"
    "    ctx:paragraph(ctx:value(\"SELECT count(*) FROM organisations WHERE kind = ?\", \"voluntary\") .. \" voluntary\")\n"
    "  end,\n"
    "}\n";

  g_assert_true (joinery_script_editor_new_plugin (f->editor, "Board Count!", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_script_editor_get_folder (f->editor), ==, folder);
  g_assert_false (joinery_script_editor_get_read_only (f->editor));
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, NULL));
  g_assert_nonnull (strstr (manifest, "id=board-count\nname=Board Count!\n"));
  g_assert_nonnull (strstr (manifest, "reports=board-count\n"));
  /* The template is a plugin that loads as it is. */
  plugin = joinery_plugin_load (folder);
  g_assert_cmpint (joinery_plugin_get_status (plugin), ==, JOINERY_PLUGIN_OK);
  /* A second one of the same name is refused, the first left alone. */
  g_assert_false (joinery_script_editor_new_plugin (f->editor, "board count", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* Run the template: the organisations by kind of the window's file. */
  run_and_wait (f);
  output = joinery_script_editor_get_output (f->editor);
  g_assert_cmpstr (output, ==,
                   "Board Count!\n"
                   "════════════\n\n"
                   "Every organisation, counted by its kind.\n\n"
                   "Kind       Organisations\n"
                   "---------  -------------\n"
                   "voluntary              2\n"
                   "council                1\n");
  g_assert_null (gtk_list_box_get_row_at_index (joinery_script_editor_get_errors (f->editor), 0));

  /* Change it: Run runs the buffer before it is saved; Save writes it. */
  set_code (f, changed);
  run_and_wait (f);
  changed_output = joinery_script_editor_get_output (f->editor);
  g_assert_cmpstr (changed_output, ==, "Board count\n═══════════\n\n2 voluntary\n");
  g_assert_true (g_file_get_contents (main_path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, !=, changed);
  g_clear_pointer (&saved, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.save", NULL));
  g_assert_true (g_file_get_contents (main_path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, changed);
  g_assert_false (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (joinery_script_editor_get_buffer (f->editor))));
}

static void
test_error_line (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  static const char runtime[] =
    "return joinery.report {\n"
    "  id = \"broken\",\n"
    "  title = \"Broken\",\n"
    "  run = function (ctx, params)\n"
    "    local n = ctx:value(\"SELECT count(*) FROM organisations\")\n"
    "    ctx:paragraph(n .. \" organisations\")\n"
    "    local missing = nil\n"
    "    return missing.figure\n"
    "  end,\n"
    "}\n";
  static const char syntax[] =
    "return joinery.report {\n"
    "  id = \"broken\",\n"
    "  title = = \"Broken\",\n"
    "}\n";

  g_assert_true (joinery_script_editor_new_plugin (f->editor, "Broken", &error));
  g_assert_no_error (error);

  /* An error while it runs: line 8, which the row names; activating the
   * row puts the cursor on line 8. */
  set_code (f, runtime);
  g_assert_cmpint (cursor_line (f), ==, 11);
  run_and_wait (f);
  row = error_row (f, 0);
  g_assert_nonnull (row);
  g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "joinery-line")), ==, 8);
  g_assert_nonnull (strstr (row_text (row), "main.lua:8: "));
  g_assert_nonnull (strstr (row_text (row), "attempt to index a nil value"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (joinery_script_editor_get_errors (f->editor))));
  g_signal_emit_by_name (joinery_script_editor_get_errors (f->editor), "row-activated", row);
  g_assert_cmpint (cursor_line (f), ==, 8);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (joinery_script_editor_get_view (f->editor))));

  /* Code that does not compile: line 3. */
  set_code (f, syntax);
  run_and_wait (f);
  row = error_row (f, 0);
  g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "joinery-line")), ==, 3);
  g_assert_nonnull (strstr (row_text (row), "main.lua:3: "));
  g_signal_emit_by_name (joinery_script_editor_get_errors (f->editor), "row-activated", row);
  g_assert_cmpint (cursor_line (f), ==, 3);

  /* Put right, the errors go and the output comes. */
  set_code (f, "return joinery.report { id = \"broken\", title = \"Mended\", run = function (ctx) ctx:paragraph(\"ok\") end }\n");
  run_and_wait (f);
  g_assert_null (error_row (f, 0));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (joinery_script_editor_get_errors (f->editor))));
}

static char *
console (Fixture *f, const char *code)
{
  joinery_script_editor_run_console (f->editor, code);
  g_assert_true (joinery_script_editor_is_running (f->editor));
  WAIT_FOR (!joinery_script_editor_is_running (f->editor));
  return joinery_script_editor_get_console (f->editor);
}

static void
test_console (Fixture *f, gconstpointer data)
{
  g_autofree char *two = console (f, "return 1+1");
  g_autofree char *expression = console (f, "1 + 1");
  g_autofree char *count = console (f, "ctx:value(\"SELECT count(*) FROM organisations\")");
  g_autofree char *printed = console (f, "for name in ctx:query(\"SELECT name FROM organisations ORDER BY name\") do print(name) end");
  g_autofree char *brackets = console (f, "return \"]]\" .. ']==]'");
  g_autofree char *write = NULL;
  g_autofree char *update = NULL;

  g_assert_cmpstr (two, ==, "2\n");
  g_assert_cmpstr (expression, ==, "2\n");
  g_assert_cmpstr (count, ==, "3\n");
  g_assert_cmpstr (printed, ==, "Calder Carers\nKirklees Carers\nLeeds City Council\n");
  g_assert_cmpstr (brackets, ==, "]]]==]\n");

  /* Read-only: a write is refused and nothing changes. */
  write = console (f, "ctx:value(\"DELETE FROM organisations\")");
  g_assert_true (g_str_has_prefix (write, "Error: "));
  update = console (f, "ctx:update(ctx:get(\"organisation\", 1), { name = \"Renamed\" })");
  g_assert_true (g_str_has_prefix (update, "Error: "));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM organisations WHERE name <> 'Renamed'"), ==, 3);
}

static void
test_bundled_read_only (Fixture *f, gconstpointer data)
{
  g_autofree char *bundled = joinery_plugins_bundled_folder ();
  g_autofree char *fund_summary = g_build_filename (bundled, "fund-summary", NULL);
  g_autofree char *copy = g_build_filename (data_home, "joinery", "plugins", "fund-summary", NULL);
  g_autofree char *copy_main = g_build_filename (copy, "main.lua", NULL);
  g_autofree char *original = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (joinery_script_editor_get_buffer (f->editor));
  GtkTextIter start, end;
  g_autofree char *selected = NULL;

  g_assert_true (joinery_script_editor_open (f->editor, fund_summary, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_script_editor_get_read_only (f->editor));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (joinery_script_editor_get_view (f->editor))));
  g_assert_false (joinery_script_editor_save (f->editor, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Search: the first match after the cursor, selected. */
  g_assert_true (joinery_script_editor_find (f->editor, "ctx:table"));
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (selected, ==, "ctx:table");
  g_assert_false (joinery_script_editor_find (f->editor, "no such text anywhere"));

  /* Copy to My Plugins: the copy is the user's, and editable. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.copy", NULL));
  g_assert_cmpstr (joinery_script_editor_get_folder (f->editor), ==, copy);
  g_assert_false (joinery_script_editor_get_read_only (f->editor));
  g_assert_true (g_file_get_contents (copy_main, &original, NULL, NULL));
  g_assert_nonnull (strstr (original, "id = \"fund-summary\""));
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (joinery_script_editor_get_view (f->editor))));
}

int
main (int argc, char **argv)
{
  int status;

  data_home = g_dir_make_tmp ("joinery-editor-test-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  /* Before anything reads it: GLib keeps the first value. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  app = joinery_gui_test_app_start ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/editor/new-save-run", test_new_save_run);
  ADD ("/gui/editor/error-line", test_error_line);
  ADD ("/gui/editor/console", test_console);
  ADD ("/gui/editor/bundled-read-only", test_bundled_read_only);
  status = joinery_gui_test_app_run (&app);
  joinery_test_rm_rf (data_home);
  g_free (data_home);
  return status;
}
