/* joinery-script-editor.c: the script editor page (see the header).
 *
 * A run never touches the plugin's folder: the folder is copied to a
 * temporary one with the buffer as its main file, loaded and run there in
 * a worker thread, and the copy removed. Saving writes the main file with
 * g_file_set_contents (a new file renamed over the old), so that a folder
 * monitor sees one complete change. No SQL here: the sandbox reads the
 * database on its own read-only connection.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "joinery-script-editor.h"
#include "joinery-lua.h"

struct _JoineryScriptEditor
{
  GtkBox                  parent_instance;

  char                   *db_path;
  char                   *folder;        /* the plugin open, or NULL */
  char                   *main_file;     /* its main file's name, "main.lua" */
  gboolean                read_only;
  gboolean                disposed;      /* a run may end after the page */
  GCancellable           *cancellable;   /* of the run going on, or NULL */

  GtkDropDown            *plugins;
  GtkStringList          *plugin_labels;
  GPtrArray              *plugin_folders;
  gboolean                filling;
  GtkWidget              *new_button;
  GtkWidget              *find_button;
  GtkWidget              *save_button;
  GtkWidget              *copy_button;
  GtkWidget              *run_button;
  GtkWidget              *cancel_button;
  GtkWidget              *spinner;
  GtkLabel               *where;

  GtkSourceBuffer        *buffer;
  GtkSourceView          *view;
  GtkSearchBar           *search_bar;
  GtkSearchEntry         *search_entry;
  GtkSourceSearchContext *search;

  GtkNotebook            *notebook;
  GtkListBox             *errors;
  GtkWidget              *errors_scroller;
  GtkTextView            *output;
  GtkEntry               *console_entry;
  GtkTextView            *console_output;
};

G_DEFINE_FINAL_TYPE (JoineryScriptEditor, joinery_script_editor, GTK_TYPE_BOX)

static const char manifest_template[] =
  "[Plugin]\n"
  "id=%s\n"
  "name=%s\n"
  "version=1.0\n"
  "author=\n"
  "description=\n"
  "api=1\n"
  "permissions=read\n"
  "reports=%s\n";

static const char main_template[] =
  "-- %s: a report. Run it with Ctrl+Return; the API is in Joinery's\n"
  "-- plugin reference (scripts/README.md).\n"
  "\n"
  "return joinery.report {\n"
  "  id = \"%s\",\n"
  "  title = \"%s\",\n"
  "  params = {},\n"
  "  run = function (ctx, params)\n"
  "    ctx:paragraph(\"Every organisation, counted by its kind.\")\n"
  "    local t = ctx:table { columns = { \"Kind\", { \"Organisations\", \"integer\" } } }\n"
  "    for kind, n in ctx:query(\"SELECT kind, count(*) FROM organisations GROUP BY kind ORDER BY 2 DESC, 1\") do\n"
  "      t:add(kind, n)\n"
  "    end\n"
  "  end,\n"
  "}\n";

/* The console's line, run as an expression when it is one (so that
 * `1+1` shows 2), else as statements; what it returns is printed. */
static const char console_template[] =
  "local code = %s\n"
  "local chunk, err = load(\"return \" .. code, \"=console\")\n"
  "if not chunk then chunk, err = load(code, \"=console\") end\n"
  "if not chunk then error(err, 0) end\n"
  "local results = table.pack(chunk())\n"
  "for i = 1, results.n do print(tostring(results[i])) end\n";

/* Files and folders */

static void
replace_string (char **place, const char *value)
{
  char *copy = g_strdup (value);

  g_free (*place);
  *place = copy;
}

static gboolean
copy_folder (GFile *source, GFile *dest, GError **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  if (!g_file_make_directory_with_parents (dest, NULL, error))
    return FALSE;
  children = g_file_enumerate_children (source, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (children == NULL)
    return FALSE;
  while ((info = g_file_enumerator_next_file (children, NULL, error)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) from = g_file_get_child (source, g_file_info_get_name (info));
      g_autoptr(GFile) to = g_file_get_child (dest, g_file_info_get_name (info));
      gboolean ok = TRUE;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        ok = copy_folder (from, to, error);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        ok = g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, error);
      if (!ok)
        return FALSE;
    }
  return error == NULL || *error == NULL;
}

static void
remove_folder (GFile *folder)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) child = g_file_get_child (folder, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_folder (child);
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (folder, NULL, NULL);
}

/* "My Weekly Report!" as "my-weekly-report". */
static char *
make_plugin_id (const char *name)
{
  GString *id = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  if (id->len == 0)
    g_string_append (id, "my-report");
  return g_string_free (id, FALSE);
}

/* A name fit for one line of the manifest and a Lua string. */
static char *
make_plugin_name (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  GString *out = g_string_new (NULL);

  for (const char *p = stripped; *p != '\0'; p++)
    g_string_append_c (out, (*p == '\n' || *p == '\r' || *p == '"' || *p == '\\') ? ' ' : *p);
  if (out->len == 0)
    g_string_append (out, "My report");
  return g_string_free (out, FALSE);
}

static gboolean
is_user_folder (const char *folder)
{
  g_autofree char *user = joinery_plugins_user_folder ();
  g_autofree char *parent = g_path_get_dirname (folder);

  return g_strcmp0 (parent, user) == 0;
}

/* The plugin list */

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
add_plugins_in (JoineryScriptEditor *self, const char *root, const char *suffix, GPtrArray *labels)
{
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *manifest = g_build_filename (root, name, "manifest.ini", NULL);
      if (g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_ptr_array_add (self->plugin_folders, g_build_filename (root, names->pdata[i], NULL));
      g_ptr_array_add (labels, g_strconcat (names->pdata[i], suffix, NULL));
    }
}

static void
fill_plugins (JoineryScriptEditor *self)
{
  g_autofree char *user = joinery_plugins_user_folder ();
  g_autofree char *bundled = joinery_plugins_bundled_folder ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint selected = GTK_INVALID_LIST_POSITION;

  self->filling = TRUE;
  g_ptr_array_set_size (self->plugin_folders, 0);
  add_plugins_in (self, user, "", labels);
  add_plugins_in (self, bundled, " (bundled)", labels);
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->plugin_labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->plugin_labels)),
                          (const char * const *) labels->pdata);
  for (guint i = 0; i < self->plugin_folders->len; i++)
    if (g_strcmp0 (self->plugin_folders->pdata[i], self->folder) == 0)
      selected = i;
  gtk_drop_down_set_selected (self->plugins, selected);
  self->filling = FALSE;
}

/* Errors and output */

static void
set_text (GtkTextView *view, const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text ? text : "", -1);
}

static char *
get_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
clear_errors (JoineryScriptEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->errors))) != NULL)
    gtk_list_box_remove (self->errors, child);
  gtk_widget_set_visible (self->errors_scroller, FALSE);
}

static void
add_error_row (JoineryScriptEditor *self, const char *file, int line, const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, line > 0 ? "error" : "dim-label");
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 3);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), line > 0);
  if (line > 0)
    gtk_widget_set_tooltip_text (row, "Go to the line");
  g_object_set_data_full (G_OBJECT (row), "joinery-file", g_strdup (file), g_free);
  g_object_set_data (G_OBJECT (row), "joinery-line", GINT_TO_POINTER (line));
  gtk_list_box_append (self->errors, row);
  gtk_widget_set_visible (self->errors_scroller, TRUE);
}

/* The error itself, then each "file.lua:N:" place in its traceback. */
static void
show_error (JoineryScriptEditor *self, const GError *error)
{
  g_autoptr(GRegex) place = g_regex_new ("([A-Za-z0-9_./-]+\\.lua)\"?\\]?:([0-9]+):", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  const char *traceback = NULL;
  const char *file = NULL;
  int line = 0;

  if (error->domain == JOINERY_SCRIPT_ERROR)
    {
      file = joinery_script_error_get_file (error);
      line = joinery_script_error_get_line (error);
      traceback = joinery_script_error_get_traceback (error);
    }
  if (g_regex_match (place, error->message, 0, &match))
    {
      /* The message names its place already ("main.lua:8: …"). */
      g_autofree char *found_file = g_match_info_fetch (match, 1);
      g_autofree char *found_line = g_match_info_fetch (match, 2);
      add_error_row (self, line > 0 ? file : found_file, line > 0 ? line : atoi (found_line), error->message);
    }
  else
    {
      g_autofree char *text = line > 0 ? g_strdup_printf ("%s, line %d: %s", file ? file : "?", line, error->message)
                                       : g_strdup (error->message);
      add_error_row (self, file, line, text);
    }
  g_clear_pointer (&match, g_match_info_unref);
  if (traceback != NULL && g_regex_match (place, traceback, 0, &match))
    {
      g_auto(GStrv) lines = g_strsplit (traceback, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autoptr(GMatchInfo) m = NULL;
          if (g_regex_match (place, lines[i], 0, &m))
            {
              g_autofree char *f = g_match_info_fetch (m, 1);
              g_autofree char *l = g_match_info_fetch (m, 2);
              g_autofree char *text = g_strdup_printf ("    %s", g_strstrip (lines[i]));
              add_error_row (self, f, atoi (l), text);
            }
        }
    }
}

static void
error_row_activated_cb (GtkListBox *list, GtkListBoxRow *row, JoineryScriptEditor *self)
{
  const char *file = g_object_get_data (G_OBJECT (row), "joinery-file");
  int line = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "joinery-line"));
  g_autofree char *base = file ? g_path_get_basename (file) : NULL;
  GtkTextIter iter;

  if (line <= 0)
    return;
  if (base != NULL && g_strcmp0 (base, self->main_file) != 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (self->buffer), &iter, line - 1);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffer), &iter);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &iter, 0.2, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
update_sensitivity (JoineryScriptEditor *self)
{
  gboolean running = self->cancellable != NULL;
  gboolean open = self->folder != NULL;

  gtk_widget_set_sensitive (self->run_button, open && !running);
  gtk_widget_set_visible (self->cancel_button, running);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), running);
  gtk_widget_set_visible (self->spinner, running);
  gtk_widget_set_visible (self->save_button, !self->read_only);
  gtk_widget_set_sensitive (self->save_button, open && !self->read_only);
  gtk_widget_set_visible (self->copy_button, open && self->read_only);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), open && !self->read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->console_entry), !running);
}

/* Opening and saving */

gboolean
joinery_script_editor_open (JoineryScriptEditor *self, const char *folder, GError **error)
{
  g_autofree char *manifest = NULL;
  g_autofree char *main_file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *where = NULL;

  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  /* Leaving a plugin keeps its edits. */
  if (self->folder != NULL && !self->read_only
      && gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer))
      && !joinery_script_editor_save (self, error))
    return FALSE;

  manifest = g_build_filename (folder, "manifest.ini", NULL);
  if (!g_key_file_load_from_file (keys, manifest, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", manifest);
      return FALSE;
    }
  main_file = g_key_file_get_string (keys, "Plugin", "main", NULL);
  if (main_file == NULL || *g_strstrip (main_file) == '\0' || strchr (main_file, '/') != NULL)
    replace_string (&main_file, "main.lua");
  path = g_build_filename (folder, main_file, NULL);
  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not UTF-8 text", path);
      return FALSE;
    }

  replace_string (&self->folder, folder);
  replace_string (&self->main_file, main_file);
  self->read_only = !is_user_folder (folder);
  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), text, -1);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);
  {
    GtkTextIter start;
    gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
    gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffer), &start);
  }
  where = self->read_only ? g_strdup_printf ("%s — bundled, read-only: copy it to My Plugins to change it", path)
                          : g_strdup (path);
  gtk_label_set_text (self->where, where);
  clear_errors (self);
  set_text (self->output, "");
  fill_plugins (self);
  update_sensitivity (self);
  return TRUE;
}

gboolean
joinery_script_editor_save (JoineryScriptEditor *self, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), FALSE);

  if (self->folder == NULL || self->read_only)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                   "A bundled plugin cannot be changed: copy it to My Plugins first");
      return FALSE;
    }
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, TRUE);
  path = g_build_filename (self->folder, self->main_file, NULL);
  /* Written whole to a new file, renamed over the old. */
  if (!g_file_set_contents (path, text, -1, error))
    return FALSE;
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);
  return TRUE;
}

gboolean
joinery_script_editor_new_plugin (JoineryScriptEditor *self, const char *name, GError **error)
{
  g_autofree char *user = joinery_plugins_user_folder ();
  g_autofree char *clean = make_plugin_name (name ? name : "");
  g_autofree char *id = make_plugin_id (clean);
  g_autofree char *folder = g_build_filename (user, id, NULL);
  g_autofree char *manifest = g_strdup_printf (manifest_template, id, clean, id);
  g_autofree char *code = g_strdup_printf (main_template, id, id, clean);
  g_autofree char *manifest_path = g_build_filename (folder, "manifest.ini", NULL);
  g_autofree char *main_path = g_build_filename (folder, "main.lua", NULL);

  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), FALSE);

  if (g_file_test (folder, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "There is already a plugin “%s” in %s", id, user);
      return FALSE;
    }
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot make %s: %s", folder, g_strerror (saved));
      return FALSE;
    }
  /* main.lua first: the manifest makes it a plugin for the Reports page. */
  if (!g_file_set_contents (main_path, code, -1, error)
      || !g_file_set_contents (manifest_path, manifest, -1, error))
    return FALSE;
  return joinery_script_editor_open (self, folder, error);
}

gboolean
joinery_script_editor_copy_to_user (JoineryScriptEditor *self, GError **error)
{
  g_autofree char *user = joinery_plugins_user_folder ();
  g_autofree char *name = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autofree char *dest_path = NULL;

  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), FALSE);
  g_return_val_if_fail (self->folder != NULL, FALSE);

  name = g_path_get_basename (self->folder);
  dest_path = g_build_filename (user, name, NULL);
  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    return joinery_script_editor_open (self, dest_path, error);
  source = g_file_new_for_path (self->folder);
  dest = g_file_new_for_path (dest_path);
  if (!copy_folder (source, dest, error))
    {
      remove_folder (dest);
      return FALSE;
    }
  return joinery_script_editor_open (self, dest_path, error);
}

/* Running */

typedef struct {
  char     *folder;     /* the plugin, or NULL for the console */
  char     *main_file;
  char     *code;       /* the buffer, or the console's script */
  char     *db_path;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->folder);
  g_free (data->main_file);
  g_free (data->code);
  g_free (data->db_path);
  g_free (data);
}

static JoineryReportOutput *
run_in (RunData *data, const char *tmp, GCancellable *cancellable, GError **error)
{
  JoineryLuaLimits limits = { 0, 0, cancellable };
  g_autofree char *copy = NULL;
  g_autofree char *main_path = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(JoineryPlugin) plugin = NULL;
  g_autoptr(GHashTable) params = NULL;
  GPtrArray *reports;

  if (data->folder == NULL)
    {
      g_autofree char *script = g_build_filename (tmp, "console.lua", NULL);
      if (!g_file_set_contents (script, data->code, -1, error))
        return NULL;
      return joinery_lua_run_script (script, data->db_path, &limits, error);
    }

  g_autofree char *name = g_path_get_basename (data->folder);
  copy = g_build_filename (tmp, name, NULL);
  source = g_file_new_for_path (data->folder);
  dest = g_file_new_for_path (copy);
  main_path = g_build_filename (copy, data->main_file, NULL);
  if (!copy_folder (source, dest, error) || !g_file_set_contents (main_path, data->code, -1, error))
    return NULL;
  plugin = joinery_plugin_load (copy);
  if (joinery_plugin_get_status (plugin) == JOINERY_PLUGIN_BROKEN)
    {
      *error = g_error_copy (joinery_plugin_get_error (plugin));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  reports = joinery_plugin_get_reports (plugin);
  if (reports->len == 0)
    {
      g_set_error (error, JOINERY_SCRIPT_ERROR, JOINERY_SCRIPT_ERROR_NOT_FOUND,
                   "plugin “%s” provides no report to run here (workflows run from the Workflows page)",
                   joinery_plugin_get_id (plugin));
      return NULL;
    }
  params = g_hash_table_new (g_str_hash, g_str_equal);
  return joinery_lua_run_report (plugin, ((JoineryReportInfo *) reports->pdata[0])->id, data->db_path,
                                 params, &limits, error);
}

static void
run_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("joinery-editor-XXXXXX", &error);
  g_autoptr(GFile) tmp_file = NULL;
  JoineryReportOutput *output = NULL;

  if (tmp != NULL)
    {
      tmp_file = g_file_new_for_path (tmp);
      output = run_in (data, tmp, cancellable, &error);
      remove_folder (tmp_file);
    }
  if (output == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, output, (GDestroyNotify) joinery_report_output_unref);
}

static char *
render_output (JoineryReportOutput *output)
{
  g_autofree char *text = joinery_report_output_render (output, JOINERY_REPORT_FORMAT_TEXT);
  const char *log = joinery_report_output_get_log (output);

  if (log != NULL && *log != '\0')
    return g_strdup_printf ("%s%sLog:\n%s", text, *text ? "\n" : "", log);
  return g_steal_pointer (&text);
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  JoineryScriptEditor *self = JOINERY_SCRIPT_EDITOR (source);
  gboolean console = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_object (&self->cancellable);
  if (self->disposed)
    return;
  update_sensitivity (self);
  if (console)
    {
      g_autofree char *text = NULL;
      if (output != NULL)
        {
          const char *log = joinery_report_output_get_log (output);
          g_autofree char *rendered = joinery_report_output_get_n_blocks (output) > 0
            ? joinery_report_output_render (output, JOINERY_REPORT_FORMAT_TEXT) : g_strdup ("");
          text = g_strconcat (log ? log : "", rendered, NULL);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup ("Cancelled.");
      else
        text = g_strdup_printf ("Error: %s", error->message);
      set_text (self->console_output, text);
      return;
    }
  clear_errors (self);
  if (output != NULL)
    {
      g_autofree char *text = render_output (output);
      set_text (self->output, text);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_text (self->output, "Cancelled.");
  else
    {
      set_text (self->output, "");
      show_error (self, error);
    }
}

static void
start_run (JoineryScriptEditor *self, RunData *data, gboolean console)
{
  g_autoptr(GTask) task = NULL;

  if (self->cancellable != NULL)
    {
      run_data_free (data);
      return;
    }
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, run_done_cb, GINT_TO_POINTER (console));
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_thread);
  if (console)
    set_text (self->console_output, "Running…");
  else
    set_text (self->output, "Running…");
  update_sensitivity (self);
}

void
joinery_script_editor_run (JoineryScriptEditor *self)
{
  RunData *data;
  GtkTextIter start, end;

  g_return_if_fail (JOINERY_IS_SCRIPT_EDITOR (self));

  if (self->folder == NULL || self->cancellable != NULL)
    return;
  data = g_new0 (RunData, 1);
  data->folder = g_strdup (self->folder);
  data->main_file = g_strdup (self->main_file);
  data->db_path = g_strdup (self->db_path);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  data->code = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, TRUE);
  gtk_notebook_set_current_page (self->notebook, 0);
  start_run (self, data, FALSE);
}

/* `text` as a Lua long string that no "]=…=]" inside it can end. */
static char *
lua_long_string (const char *text)
{
  g_autoptr(GString) eqs = g_string_new (NULL);

  for (;;)
    {
      g_autofree char *close = g_strdup_printf ("]%s]", eqs->str);
      if (strstr (text, close) == NULL)
        break;
      g_string_append_c (eqs, '=');
    }
  /* A newline straight after the opening bracket is dropped by Lua. */
  return g_strdup_printf ("[%s[\n%s]%s]", eqs->str, text, eqs->str);
}

void
joinery_script_editor_run_console (JoineryScriptEditor *self, const char *code)
{
  RunData *data;
  g_autofree char *quoted = NULL;

  g_return_if_fail (JOINERY_IS_SCRIPT_EDITOR (self));
  g_return_if_fail (code != NULL);

  if (self->cancellable != NULL || *code == '\0')
    return;
  quoted = lua_long_string (code);
  data = g_new0 (RunData, 1);
  data->db_path = g_strdup (self->db_path);
  data->code = g_strdup_printf (console_template, quoted);
  gtk_notebook_set_current_page (self->notebook, 1);
  start_run (self, data, TRUE);
}

void
joinery_script_editor_cancel (JoineryScriptEditor *self)
{
  g_return_if_fail (JOINERY_IS_SCRIPT_EDITOR (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Search */

gboolean
joinery_script_editor_find (JoineryScriptEditor *self, const char *text)
{
  GtkTextIter cursor, start, end;
  gboolean wrapped;

  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), FALSE);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  gtk_source_search_settings_set_search_text (gtk_source_search_context_get_settings (self->search),
                                              gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_text_buffer_get_selection_bounds (GTK_TEXT_BUFFER (self->buffer), NULL, &cursor);
  if (!gtk_source_search_context_forward (self->search, &cursor, &start, &end, &wrapped))
    return FALSE;
  gtk_text_buffer_select_range (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &start, 0.2, FALSE, 0, 0);
  return TRUE;
}

static void
search_changed_cb (GtkSearchEntry *entry, JoineryScriptEditor *self)
{
  gtk_source_search_settings_set_search_text (gtk_source_search_context_get_settings (self->search),
                                              gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
search_activated_cb (GtkSearchEntry *entry, JoineryScriptEditor *self)
{
  if (!joinery_script_editor_find (self, NULL))
    gtk_widget_error_bell (GTK_WIDGET (entry));
}

static void
search_stopped_cb (GtkSearchEntry *entry, JoineryScriptEditor *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* Actions and signals */

static void
report_error (JoineryScriptEditor *self, const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (JOINERY_IS_WINDOW (root))
    joinery_window_add_toast (JOINERY_WINDOW (root), adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

static void
run_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  joinery_script_editor_run (JOINERY_SCRIPT_EDITOR (widget));
}

static void
cancel_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  joinery_script_editor_cancel (JOINERY_SCRIPT_EDITOR (widget));
}

static void
save_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  JoineryScriptEditor *self = JOINERY_SCRIPT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!joinery_script_editor_save (self, &error))
    report_error (self, error);
}

static void
copy_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  JoineryScriptEditor *self = JOINERY_SCRIPT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!joinery_script_editor_copy_to_user (self, &error))
    report_error (self, error);
}

static void
find_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  JoineryScriptEditor *self = JOINERY_SCRIPT_EDITOR (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
new_plugin_response_cb (AdwMessageDialog *dialog, const char *response, JoineryScriptEditor *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "joinery-entry");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "create") == 0
      && !joinery_script_editor_new_plugin (self, gtk_editable_get_text (entry), &error))
    report_error (self, error);
}

static void
new_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  JoineryScriptEditor *self = JOINERY_SCRIPT_EDITOR (widget);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), "New Plugin",
                                              "A report in your plugin folder, made from a template.");

  gtk_editable_set_text (GTK_EDITABLE (entry), "My report");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", "_Cancel", "create", "C_reate", NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "joinery-entry", entry);
  g_signal_connect (dialog, "response", G_CALLBACK (new_plugin_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
plugin_selected_cb (GtkDropDown *drop_down, GParamSpec *pspec, JoineryScriptEditor *self)
{
  guint selected = gtk_drop_down_get_selected (drop_down);
  g_autoptr(GError) error = NULL;

  if (self->filling || selected >= self->plugin_folders->len
      || g_strcmp0 (self->plugin_folders->pdata[selected], self->folder) == 0)
    return;
  if (!joinery_script_editor_open (self, self->plugin_folders->pdata[selected], &error))
    {
      report_error (self, error);
      fill_plugins (self);
    }
}

static void
console_activated_cb (GtkEntry *entry, JoineryScriptEditor *self)
{
  joinery_script_editor_run_console (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
dark_changed_cb (AdwStyleManager *manager, GParamSpec *pspec, JoineryScriptEditor *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (schemes, adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita");

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (self->buffer, scheme);
}

/* Building */

static void
header_button_clicked_cb (GtkButton *button, JoineryScriptEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), g_object_get_data (G_OBJECT (button), "joinery-action"), NULL);
}

/* The header bar is not inside the page, so its buttons cannot name the
 * page's actions: each activates its action on the page when clicked. */
static void
connect_action (JoineryScriptEditor *self, GtkWidget *button, const char *action)
{
  g_object_set_data (G_OBJECT (button), "joinery-action", (gpointer) action);
  g_signal_connect_object (button, "clicked", G_CALLBACK (header_button_clicked_cb), self, 0);
}

/* The header bar's widgets are the template's too, packed there. */
static void
pack_header (JoineryScriptEditor *self, AdwHeaderBar *header)
{
  connect_action (self, self->new_button, "editor.new");
  connect_action (self, self->find_button, "editor.find");
  connect_action (self, self->save_button, "editor.save");
  connect_action (self, self->copy_button, "editor.copy");
  connect_action (self, self->run_button, "editor.run");
  connect_action (self, self->cancel_button, "editor.cancel");
  adw_header_bar_pack_start (header, GTK_WIDGET (self->plugins));
  adw_header_bar_pack_start (header, self->new_button);
  adw_header_bar_pack_end (header, self->run_button);
  adw_header_bar_pack_end (header, self->cancel_button);
  adw_header_bar_pack_end (header, self->spinner);
  adw_header_bar_pack_end (header, self->find_button);
  adw_header_bar_pack_end (header, self->save_button);
  adw_header_bar_pack_end (header, self->copy_button);
}

static void
joinery_script_editor_dispose (GObject *object)
{
  JoineryScriptEditor *self = JOINERY_SCRIPT_EDITOR (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (joinery_script_editor_parent_class)->dispose (object);
}

static void
joinery_script_editor_finalize (GObject *object)
{
  JoineryScriptEditor *self = JOINERY_SCRIPT_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->plugin_folders, g_ptr_array_unref);
  g_free (self->db_path);
  g_free (self->folder);
  g_free (self->main_file);
  G_OBJECT_CLASS (joinery_script_editor_parent_class)->finalize (object);
}

static void
joinery_script_editor_class_init (JoineryScriptEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = joinery_script_editor_dispose;
  object_class->finalize = joinery_script_editor_finalize;

  gtk_widget_class_install_action (widget_class, "editor.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "editor.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "editor.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/joinery/Joinery/joinery-script-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, plugins);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, plugin_labels);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, new_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, find_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, copy_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, run_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, where);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, buffer);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, view);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, search_bar);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, search_entry);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, search);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, notebook);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, errors);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, errors_scroller);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, output);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, console_entry);
  gtk_widget_class_bind_template_child (widget_class, JoineryScriptEditor, console_output);
  gtk_widget_class_bind_template_callback (widget_class, plugin_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, console_activated_cb);
}

static void
joinery_script_editor_init (JoineryScriptEditor *self)
{
  /* Before the focused view and the window's own shortcuts (Ctrl+F is
   * the lists' search elsewhere). */
  static const struct { guint key; const char *action; } keys[] = {
    { GDK_KEY_Return, "editor.run" }, { GDK_KEY_KP_Enter, "editor.run" },
    { GDK_KEY_s, "editor.save" }, { GDK_KEY_f, "editor.find" },
  };
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_source_buffer_set_language (self->buffer, gtk_source_language_manager_get_language (languages, "lua"));
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (dark_changed_cb), self, 0);
  dark_changed_cb (style, NULL, self);

  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, GDK_CONTROL_MASK),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  self->plugin_folders = g_ptr_array_new_with_free_func (g_free);
  self->main_file = g_strdup ("main.lua");
  self->read_only = TRUE;
}

GtkWidget *
joinery_script_editor_new (JoineryWindow *window, AdwHeaderBar *header)
{
  JoineryScriptEditor *self;
  JoineryDb *db;

  g_return_val_if_fail (JOINERY_IS_WINDOW (window), NULL);
  g_return_val_if_fail (ADW_IS_HEADER_BAR (header), NULL);

  db = joinery_window_get_db (window);
  self = g_object_new (JOINERY_TYPE_SCRIPT_EDITOR, NULL);
  self->db_path = g_strdup (db ? joinery_db_get_path (db) : NULL);
  pack_header (self, header);
  fill_plugins (self);
  /* The user's first plugin, else the first bundled one, to read. */
  if (self->plugin_folders->len > 0)
    joinery_script_editor_open (self, self->plugin_folders->pdata[0], NULL);
  update_sensitivity (self);
  return GTK_WIDGET (self);
}

gboolean
joinery_script_editor_is_running (JoineryScriptEditor *self)
{
  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), FALSE);
  return self->cancellable != NULL;
}

const char *
joinery_script_editor_get_folder (JoineryScriptEditor *self)
{
  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), NULL);
  return self->folder;
}

gboolean
joinery_script_editor_get_read_only (JoineryScriptEditor *self)
{
  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), TRUE);
  return self->read_only;
}

GtkSourceBuffer *
joinery_script_editor_get_buffer (JoineryScriptEditor *self)
{
  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), NULL);
  return self->buffer;
}

GtkSourceView *
joinery_script_editor_get_view (JoineryScriptEditor *self)
{
  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), NULL);
  return self->view;
}

char *
joinery_script_editor_get_output (JoineryScriptEditor *self)
{
  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), NULL);
  return get_text (self->output);
}

char *
joinery_script_editor_get_console (JoineryScriptEditor *self)
{
  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), NULL);
  return get_text (self->console_output);
}

GtkListBox *
joinery_script_editor_get_errors (JoineryScriptEditor *self)
{
  g_return_val_if_fail (JOINERY_IS_SCRIPT_EDITOR (self), NULL);
  return self->errors;
}
