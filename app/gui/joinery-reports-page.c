/* joinery-reports-page.c: the Reports page.
 *
 * On the left, every report of every working plugin, grouped by the
 * plugin's category, with its description and author; plugins that cannot
 * run are listed last, dimmed, with the reason. On the right, the chosen
 * report's parameters as a form (defaults, or what it was last run with),
 * Run and Cancel, and the result.
 *
 * Nothing slow happens on the main loop: the plugins are found and
 * described in a thread (each description is a sandbox process), and a
 * report runs in a thread that waits on its sandbox process, which the
 * sandbox's time budget or Cancel ends. The user's plugin folder is
 * watched, so that a plugin dropped or saved there shows without a
 * restart. No SQL here: runs read the file in their own process.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "joinery-lua-run.h"
#include "joinery-plugin.h"
#include "joinery-reference-chooser.h"
#include "joinery-report-layout.h"
#include "joinery-reports-page.h"
#include "joinery-window.h"

#define OTHER_CATEGORY  "Other"
#define BROKEN_CATEGORY "Plugins that cannot run"
#define RELOAD_DELAY_MS 300

typedef struct {
  JoineryReportsPage       *page;
  const JoineryReportParam *param;
  GtkWidget                *row;
  GtkWidget                *entry;    /* TEXT, NUMBER, DATE: the row itself */
  GtkStringList            *choices;  /* CHOICE */
  gboolean                  optional_choice;
  char                     *record;   /* RECORD: the id as text, or NULL */
} ParamEditor;

struct _JoineryReportsPage
{
  GtkBox                 parent_instance;

  JoineryWindow         *window;      /* weak: the window outlives its pages */
  JoineryDb             *db;
  GSettings             *settings;
  GSimpleActionGroup    *actions;

  JoineryPluginRegistry *registry;
  GCancellable          *load_cancellable;
  gboolean               reload_again;
  GPtrArray             *monitors;    /* GFileMonitor */
  guint                  reload_source;

  GtkListBox            *list;
  GtkWidget             *loading;
  GtkWidget             *export_button;  /* packed into the page's header bar */
  GtkWidget             *form_stack;
  GtkWidget             *title_label;
  GtkWidget             *description_label;
  GtkWidget             *params_group;  /* a row per parameter, made in code */
  GtkWidget             *run_button;
  GtkWidget             *cancel_button;
  GtkWidget             *spinner;
  GtkWidget             *status_label;
  GtkWidget             *message_box;
  GtkWidget             *message_label;
  JoineryReportView     *view;

  char                  *selected;    /* "plugin/report" */
  JoineryPlugin         *plugin;      /* of the chosen report */
  const JoineryReportInfo *report;    /* owned by plugin */
  GPtrArray             *editors;     /* ParamEditor */
  GHashTable            *broken;      /* plugin id → reason */

  GCancellable          *run_cancellable;
  guint                  time_limit_ms;
  char                  *message;
};

G_DEFINE_FINAL_TYPE (JoineryReportsPage, joinery_reports_page, GTK_TYPE_BOX)

static void update_actions (JoineryReportsPage *self);
static void watch_folders (JoineryReportsPage *self);

/* A report's row in the list. */
typedef struct {
  char *key;         /* "plugin/report", or NULL for a broken plugin */
  char *category;
} RowInfo;

static void
row_info_free (RowInfo *info)
{
  g_free (info->key);
  g_free (info->category);
  g_free (info);
}

static RowInfo *
get_row_info (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "joinery-report-row");
}

static void
param_editor_free (ParamEditor *editor)
{
  g_free (editor->record);
  g_free (editor);
}

/* Messages */

static void
show_message (JoineryReportsPage *self, const char *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (GTK_LABEL (self->message_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->message_box, message != NULL);
}

/* The list of reports */

static void
list_header_func (GtkListBoxRow *row, GtkListBoxRow *before, gpointer data)
{
  RowInfo *info = get_row_info (row);
  RowInfo *previous = before != NULL ? get_row_info (before) : NULL;
  GtkWidget *label;

  if (previous != NULL && g_strcmp0 (previous->category, info->category) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (gtk_list_box_row_get_header (row) != NULL)
    return;
  label = gtk_label_new (info->category);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_list_box_row_set_header (row, label);
}

typedef struct {
  char          *category;
  char          *title;
  GtkWidget     *row;
} SortedRow;

static int
compare_sorted_rows (gconstpointer a, gconstpointer b)
{
  const SortedRow *ra = *(SortedRow **) a, *rb = *(SortedRow **) b;
  int rank_a = g_str_equal (ra->category, BROKEN_CATEGORY) ? 2 : g_str_equal (ra->category, OTHER_CATEGORY);
  int rank_b = g_str_equal (rb->category, BROKEN_CATEGORY) ? 2 : g_str_equal (rb->category, OTHER_CATEGORY);
  int c;

  if (rank_a != rank_b)
    return rank_a - rank_b;
  if ((c = g_utf8_collate (ra->category, rb->category)) != 0)
    return c;
  return g_utf8_collate (ra->title, rb->title);
}

static void
sorted_row_free (SortedRow *row)
{
  g_free (row->category);
  g_free (row->title);
  g_free (row);
}

static GtkWidget *
build_row (const char *title, const char *subtitle, RowInfo *info)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  g_object_set_data_full (G_OBJECT (row), "joinery-report-row", info, (GDestroyNotify) row_info_free);
  return row;
}

static void
fill_list (JoineryReportsPage *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sorted_row_free);
  GPtrArray *plugins = joinery_plugin_registry_get_plugins (self->registry);
  GtkListBoxRow *old;

  /* Row by row: the list's children include the rows' headers. */
  while ((old = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (old));
  g_hash_table_remove_all (self->broken);

  for (guint p = 0; p < plugins->len; p++)
    {
      JoineryPlugin *plugin = plugins->pdata[p];
      const char *category = joinery_plugin_get_category (plugin);
      GPtrArray *reports = joinery_plugin_get_reports (plugin);
      JoineryPluginStatus status = joinery_plugin_get_status (plugin);

      if (status == JOINERY_PLUGIN_BROKEN)
        {
          const GError *error = joinery_plugin_get_error (plugin);
          SortedRow *sorted = g_new0 (SortedRow, 1);
          RowInfo *info = g_new0 (RowInfo, 1);
          g_autofree char *title = g_strdup_printf ("%s (%s)", joinery_plugin_get_name (plugin) != NULL
                                                    ? joinery_plugin_get_name (plugin) : joinery_plugin_get_id (plugin),
                                                    joinery_plugin_get_id (plugin));

          info->category = g_strdup (BROKEN_CATEGORY);
          sorted->category = g_strdup (BROKEN_CATEGORY);
          sorted->title = g_strdup (title);
          sorted->row = build_row (title, error != NULL ? error->message : "It cannot be loaded.", info);
          gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (sorted->row), FALSE);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (sorted->row), FALSE);
          gtk_widget_add_css_class (sorted->row, "dim-label");
          g_hash_table_insert (self->broken, g_strdup (joinery_plugin_get_id (plugin)),
                               g_strdup (error != NULL ? error->message : "It cannot be loaded."));
          g_ptr_array_add (rows, sorted);
          continue;
        }
      if (status != JOINERY_PLUGIN_OK)
        continue;
      for (guint r = 0; r < reports->len; r++)
        {
          const JoineryReportInfo *report = reports->pdata[r];
          const char *author = joinery_plugin_get_author (plugin);
          SortedRow *sorted = g_new0 (SortedRow, 1);
          RowInfo *info = g_new0 (RowInfo, 1);
          g_autofree char *subtitle = NULL;

          if (report->description != NULL && author != NULL)
            subtitle = g_strdup_printf ("%s\nBy %s", report->description, author);
          else if (author != NULL)
            subtitle = g_strdup_printf ("By %s", author);
          else
            subtitle = g_strdup (report->description);
          info->key = g_strdup_printf ("%s/%s", joinery_plugin_get_id (plugin), report->id);
          info->category = g_strdup (category != NULL ? category : OTHER_CATEGORY);
          sorted->category = g_strdup (info->category);
          sorted->title = g_strdup (report->title != NULL ? report->title : report->id);
          sorted->row = build_row (sorted->title, subtitle, info);
          g_ptr_array_add (rows, sorted);
        }
    }
  g_ptr_array_sort (rows, compare_sorted_rows);
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_append (self->list, ((SortedRow *) rows->pdata[i])->row);
  gtk_list_box_invalidate_headers (self->list);
}

static GtkListBoxRow *
find_row (JoineryReportsPage *self, const char *id)
{
  GtkListBoxRow *child;

  for (int i = 0; (child = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      RowInfo *info = get_row_info (child);
      const char *slash;

      if (info == NULL || info->key == NULL)
        continue;
      slash = strchr (info->key, '/');
      if (g_str_equal (info->key, id) || (strchr (id, '/') == NULL && g_str_equal (slash + 1, id)))
        return child;
    }
  return NULL;
}

/* Remembered parameters */

static GVariant *
lookup_remembered (JoineryReportsPage *self)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "report-params");

  return g_variant_lookup_value (all, self->selected, G_VARIANT_TYPE ("a{ss}"));
}

static void
remember_params (JoineryReportsPage *self, GHashTable *params)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "report-params");
  GVariantBuilder builder, inner;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  GHashTableIter h;
  gpointer name, text;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sa{ss}}"));
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s@a{ss}}", &key, &value))
    {
      if (!g_str_equal (key, self->selected))
        g_variant_builder_add (&builder, "{s@a{ss}}", key, value);
      g_variant_unref (value);
    }
  g_variant_builder_init (&inner, G_VARIANT_TYPE ("a{ss}"));
  g_hash_table_iter_init (&h, params);
  while (g_hash_table_iter_next (&h, &name, &text))
    g_variant_builder_add (&inner, "{ss}", name, text);
  g_variant_builder_add (&builder, "{sa{ss}}", self->selected, &inner);
  g_settings_set_value (self->settings, "report-params", g_variant_builder_end (&builder));
}

/* The form */

static char *
dup_editor_value (ParamEditor *editor)
{
  switch (editor->param->type)
    {
    case JOINERY_REPORT_PARAM_CHOICE:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (editor->row));
        if (selected == GTK_INVALID_LIST_POSITION || (editor->optional_choice && selected == 0))
          return g_strdup ("");
        return g_strdup (gtk_string_list_get_string (editor->choices, selected));
      }
    case JOINERY_REPORT_PARAM_RECORD:
      return g_strdup (editor->record != NULL ? editor->record : "");
    case JOINERY_REPORT_PARAM_TEXT:
    case JOINERY_REPORT_PARAM_NUMBER:
    case JOINERY_REPORT_PARAM_DATE:
    default:
      return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->entry))));
    }
}

static void
set_record (ParamEditor *editor, const char *value)
{
  const JoineryKind *kind = editor->param->kind;
  g_autofree char *label = NULL;
  guint64 id = 0;

  g_free (editor->record);
  editor->record = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
  if (editor->record != NULL && kind != NULL
      && g_ascii_string_to_unsigned (editor->record[0] == '#' ? editor->record + 1 : editor->record, 10, 1,
                                     G_MAXINT64, &id, NULL))
    label = joinery_db_dup_label (editor->page->db, kind, (gint64) id);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (editor->row),
                               editor->record == NULL ? "None chosen"
                               : label != NULL ? label : editor->record);
}

static void
set_editor_value (ParamEditor *editor, const char *value)
{
  switch (editor->param->type)
    {
    case JOINERY_REPORT_PARAM_CHOICE:
      {
        guint n = g_list_model_get_n_items (G_LIST_MODEL (editor->choices));
        guint found = editor->optional_choice ? 0 : GTK_INVALID_LIST_POSITION;

        for (guint i = editor->optional_choice ? 1 : 0; i < n && value != NULL; i++)
          if (g_str_equal (gtk_string_list_get_string (editor->choices, i), value))
            found = i;
        if (found != GTK_INVALID_LIST_POSITION || value == NULL || *value == '\0')
          adw_combo_row_set_selected (ADW_COMBO_ROW (editor->row), found == GTK_INVALID_LIST_POSITION ? 0 : found);
        break;
      }
    case JOINERY_REPORT_PARAM_RECORD:
      set_record (editor, value);
      break;
    case JOINERY_REPORT_PARAM_TEXT:
    case JOINERY_REPORT_PARAM_NUMBER:
    case JOINERY_REPORT_PARAM_DATE:
    default:
      gtk_editable_set_text (GTK_EDITABLE (editor->entry), value != NULL ? value : "");
      break;
    }
}

static void
calendar_day_selected_cb (GtkCalendar *calendar, ParamEditor *editor)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (editor->entry), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
calendar_popover_show_cb (GtkPopover *popover, ParamEditor *editor)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (editor->entry));
  int y, m, d;

  /* Open on the date typed, when there is one. */
  if (sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    {
      g_autoptr(GDateTime) date = g_date_time_new_utc (y, m, d, 0, 0, 0);
      g_signal_handlers_block_by_func (calendar, calendar_day_selected_cb, editor);
      gtk_calendar_select_day (calendar, date);
      g_signal_handlers_unblock_by_func (calendar, calendar_day_selected_cb, editor);
    }
}

static void
record_chosen_cb (JoineryReferenceChooser *chooser, gint64 id, ParamEditor *editor)
{
  g_autofree char *text = id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL;

  set_record (editor, text);
}

static ParamEditor *
build_editor (JoineryReportsPage *self, const JoineryReportParam *param)
{
  ParamEditor *editor = g_new0 (ParamEditor, 1);
  g_autofree char *title = g_strdup_printf ("%s%s", param->label, param->required ? " *" : "");

  editor->page = self;
  editor->param = param;
  switch (param->type)
    {
    case JOINERY_REPORT_PARAM_CHOICE:
      editor->choices = gtk_string_list_new (NULL);
      editor->optional_choice = !param->required;
      if (editor->optional_choice)
        gtk_string_list_append (editor->choices, "Any");
      for (guint i = 0; param->choices != NULL && param->choices[i] != NULL; i++)
        gtk_string_list_append (editor->choices, param->choices[i]);
      editor->row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (editor->row), G_LIST_MODEL (editor->choices));
      g_object_unref (editor->choices);
      break;
    case JOINERY_REPORT_PARAM_RECORD:
      {
        GtkWidget *button = gtk_menu_button_new ();
        JoineryReferenceChooser *chooser = joinery_reference_chooser_new (self->db, param->kind, !param->required);
        g_autofree char *tooltip = g_strdup_printf ("Choose %s", joinery_kind_get_words (param->kind, FALSE));

        editor->row = adw_action_row_new ();
        g_signal_connect (chooser, "chosen", G_CALLBACK (record_chosen_cb), editor);
        gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-edit-symbolic");
        gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), GTK_WIDGET (chooser));
        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (button, tooltip);
        gtk_widget_add_css_class (button, "flat");
        adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), button);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (editor->row), button);
        set_record (editor, NULL);
        break;
      }
    case JOINERY_REPORT_PARAM_DATE:
      {
        GtkWidget *button = gtk_menu_button_new ();
        GtkWidget *popover = gtk_popover_new ();
        GtkWidget *calendar = gtk_calendar_new ();

        editor->row = editor->entry = adw_entry_row_new ();
        gtk_popover_set_child (GTK_POPOVER (popover), calendar);
        g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), editor);
        g_signal_connect (popover, "show", G_CALLBACK (calendar_popover_show_cb), editor);
        gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
        gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (button, "Choose a date");
        gtk_widget_add_css_class (button, "flat");
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (editor->row), button);
        break;
      }
    case JOINERY_REPORT_PARAM_NUMBER:
      editor->row = editor->entry = adw_entry_row_new ();
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_NUMBER);
      break;
    case JOINERY_REPORT_PARAM_TEXT:
    default:
      editor->row = editor->entry = adw_entry_row_new ();
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (editor->row), FALSE);
  if (param->help != NULL)
    gtk_widget_set_tooltip_text (editor->row, param->help);
  return editor;
}

/* What a parameter starts as when the report has not been run before. */
static char *
dup_default (const JoineryReportParam *param)
{
  if (param->default_value != NULL)
    return g_strdup (param->default_value);
  if (param->required && param->type == JOINERY_REPORT_PARAM_DATE)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      return g_date_time_format (now, "%Y-%m-%d");
    }
  if (param->required && param->type == JOINERY_REPORT_PARAM_CHOICE && param->choices != NULL)
    return g_strdup (param->choices[0]);
  return NULL;
}

static void
clear_form (JoineryReportsPage *self)
{
  for (guint i = 0; i < self->editors->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->params_group),
                                  ((ParamEditor *) self->editors->pdata[i])->row);
  g_ptr_array_set_size (self->editors, 0);
}

static void
show_report (JoineryReportsPage *self, const char *key)
{
  g_autoptr(GVariant) remembered = NULL;
  g_autofree char *plugin_id = NULL;
  JoineryPlugin *plugin;
  const JoineryReportInfo *report = NULL;

  if (g_strcmp0 (key, self->selected) == 0 && self->report != NULL)
    return;
  clear_form (self);
  g_clear_object (&self->plugin);
  self->report = NULL;
  g_clear_pointer (&self->selected, g_free);
  joinery_report_view_set_output (self->view, NULL);
  show_message (self, NULL);

  if (key != NULL)
    {
      plugin_id = g_strndup (key, strcspn (key, "/"));
      plugin = joinery_plugin_registry_find_plugin (self->registry, plugin_id);
      report = plugin != NULL ? joinery_plugin_find_report (plugin, strchr (key, '/') + 1) : NULL;
    }
  if (report == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->form_stack), "empty");
      update_actions (self);
      return;
    }
  self->plugin = g_object_ref (plugin);
  self->report = report;
  self->selected = g_strdup (key);
  gtk_label_set_text (GTK_LABEL (self->title_label), report->title != NULL ? report->title : report->id);
  gtk_label_set_text (GTK_LABEL (self->description_label), report->description != NULL ? report->description : "");
  gtk_widget_set_visible (self->description_label, report->description != NULL);

  remembered = lookup_remembered (self);
  for (guint i = 0; i < report->params->len; i++)
    {
      const JoineryReportParam *param = report->params->pdata[i];
      ParamEditor *editor = build_editor (self, param);
      g_autofree char *value = NULL;

      if (remembered == NULL || !g_variant_lookup (remembered, param->name, "s", &value))
        value = dup_default (param);
      set_editor_value (editor, value);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->params_group), editor->row);
      g_ptr_array_add (self->editors, editor);
    }
  gtk_widget_set_visible (self->params_group, report->params->len > 0);
  gtk_stack_set_visible_child_name (GTK_STACK (self->form_stack), "report");
  update_actions (self);
}

static void
row_selected_cb (GtkListBox *list, GtkListBoxRow *row, JoineryReportsPage *self)
{
  RowInfo *info = row != NULL ? get_row_info (row) : NULL;

  if (info != NULL && info->key != NULL)
    show_report (self, info->key);
}

/* Finding the plugins, in a thread */

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  JoineryPluginRegistry *registry = joinery_plugin_registry_new ();

  joinery_plugin_registry_add_default_folders (registry);
  joinery_plugin_registry_load (registry);
  g_task_return_pointer (task, registry, g_object_unref);
}

static void
load_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  JoineryReportsPage *self = JOINERY_REPORTS_PAGE (source);
  g_autoptr(JoineryPluginRegistry) registry = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *keep = g_strdup (self->selected);
  GtkListBoxRow *row;

  if (registry == NULL || g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;   /* the page is gone, or a newer load is on its way */
  g_clear_object (&self->load_cancellable);
  g_set_object (&self->registry, registry);

  /* The chosen report's description may have changed: build its form anew. */
  g_signal_handlers_block_by_func (self->list, row_selected_cb, self);
  fill_list (self);
  g_signal_handlers_unblock_by_func (self->list, row_selected_cb, self);
  g_clear_pointer (&self->selected, g_free);
  self->report = NULL;
  row = keep != NULL ? find_row (self, keep) : NULL;
  if (row != NULL)
    {
      g_autoptr(JoineryReportOutput) output = joinery_report_view_get_output (self->view) != NULL
        ? joinery_report_output_ref (joinery_report_view_get_output (self->view)) : NULL;
      g_autofree char *message = g_strdup (self->message);

      g_signal_handlers_block_by_func (self->list, row_selected_cb, self);
      gtk_list_box_select_row (self->list, row);
      g_signal_handlers_unblock_by_func (self->list, row_selected_cb, self);
      show_report (self, keep);
      /* The result stays until the next run. */
      joinery_report_view_set_output (self->view, output);
      show_message (self, message);
    }
  else
    show_report (self, NULL);
  gtk_widget_set_visible (self->loading, FALSE);
  watch_folders (self);
  update_actions (self);
  if (self->reload_again)
    {
      self->reload_again = FALSE;
      joinery_reports_page_reload (self);
    }
}

void
joinery_reports_page_reload (JoineryReportsPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (JOINERY_IS_REPORTS_PAGE (self));

  if (self->load_cancellable != NULL)
    {
      /* One load at a time; another once this one is done, as it may
       * have missed the change. */
      self->reload_again = TRUE;
      return;
    }
  self->load_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->loading, TRUE);
  task = g_task_new (self, self->load_cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, joinery_reports_page_reload);
  g_task_run_in_thread (task, load_thread);
}

gboolean
joinery_reports_page_is_loading (JoineryReportsPage *self)
{
  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), FALSE);
  return self->load_cancellable != NULL || self->reload_again || self->reload_source != 0;
}

/* Watching the user's plugin folder */

static gboolean
reload_timeout_cb (gpointer data)
{
  JoineryReportsPage *self = data;

  self->reload_source = 0;
  joinery_reports_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
folder_changed_cb (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                   JoineryReportsPage *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_CHANGED)
    return;   /* wait for CHANGES_DONE_HINT, once the file is written */
  /* A burst of changes (a folder copied in) makes one reload. */
  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

static void
monitor (JoineryReportsPage *self, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFileMonitor *monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);

  if (monitor == NULL)
    return;
  g_signal_connect (monitor, "changed", G_CALLBACK (folder_changed_cb), self);
  g_ptr_array_add (self->monitors, monitor);
}

static void
stop_watching (JoineryReportsPage *self)
{
  for (guint i = 0; i < self->monitors->len; i++)
    {
      g_signal_handlers_disconnect_by_func (self->monitors->pdata[i], folder_changed_cb, self);
      g_file_monitor_cancel (self->monitors->pdata[i]);
    }
  g_ptr_array_set_size (self->monitors, 0);
}

/* The folder itself (plugins added or removed) and each plugin's folder
 * in it (a plugin's files saved). */
static void
watch_folders (JoineryReportsPage *self)
{
  g_autofree char *folder = joinery_plugins_user_folder ();
  g_autoptr(GDir) dir = NULL;
  const char *name;

  stop_watching (self);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    return;
  monitor (self, folder);
  dir = g_dir_open (folder, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        monitor (self, path);
    }
}

/* Running */

typedef struct {
  JoineryPlugin *plugin;
  char          *report_id;
  char          *db_path;
  GHashTable    *params;
  guint          time_ms;
} RunData;

static void
run_data_free (RunData *run)
{
  g_object_unref (run->plugin);
  g_free (run->report_id);
  g_free (run->db_path);
  g_hash_table_unref (run->params);
  g_free (run);
}

static void
run_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  RunData *run = data;
  JoineryLuaLimits limits = { run->time_ms, 0, cancellable };
  GError *error = NULL;
  JoineryReportOutput *output = joinery_lua_run_report (run->plugin, run->report_id, run->db_path, run->params,
                                                        &limits, &error);

  if (output == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, output, (GDestroyNotify) joinery_report_output_unref);
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  JoineryReportsPage *self = JOINERY_REPORTS_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryReportOutput) output = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_task_get_cancellable (G_TASK (result)) != self->run_cancellable)
    return;   /* the page is being destroyed */
  g_clear_object (&self->run_cancellable);
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_widget_set_visible (self->spinner, FALSE);
  if (output != NULL)
    {
      g_autofree char *done = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      done = g_date_time_format (now, "Ran at %H:%M:%S");
      gtk_label_set_text (GTK_LABEL (self->status_label), done);
      joinery_report_view_set_output (self->view, output);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_text (GTK_LABEL (self->status_label), "");
      show_message (self, "The report was cancelled.");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->status_label), "");
      show_message (self, error->message);
    }
  update_actions (self);
}

void
joinery_reports_page_run (JoineryReportsPage *self)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (JOINERY_IS_REPORTS_PAGE (self));

  if (self->report == NULL || self->run_cancellable != NULL)
    return;
  run = g_new0 (RunData, 1);
  run->plugin = g_object_ref (self->plugin);
  run->report_id = g_strdup (self->report->id);
  run->db_path = g_strdup (joinery_db_get_path (self->db));
  run->time_ms = self->time_limit_ms;
  run->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < self->editors->len; i++)
    {
      ParamEditor *editor = self->editors->pdata[i];
      g_autofree char *value = dup_editor_value (editor);

      /* An empty field is a parameter not given (its default, or missing). */
      if (*value != '\0')
        g_hash_table_insert (run->params, g_strdup (editor->param->name), g_steal_pointer (&value));
    }
  remember_params (self, run->params);

  show_message (self, NULL);
  joinery_report_view_set_output (self->view, NULL);
  gtk_label_set_text (GTK_LABEL (self->status_label), "Running…");
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->spinner));
  self->run_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->run_cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, joinery_reports_page_run);
  g_task_set_task_data (task, run, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
  update_actions (self);
}

void
joinery_reports_page_cancel (JoineryReportsPage *self)
{
  g_return_if_fail (JOINERY_IS_REPORTS_PAGE (self));

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

gboolean
joinery_reports_page_is_running (JoineryReportsPage *self)
{
  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), FALSE);
  return self->run_cancellable != NULL;
}

/* Export and print */

gboolean
joinery_reports_page_export (JoineryReportsPage *self, JoineryReportExportFormat format, const char *path,
                             GError **error)
{
  JoineryReportOutput *output;

  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), FALSE);

  output = joinery_report_view_get_output (self->view);
  if (output == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "there is no result to export: run the report first");
      return FALSE;
    }
  return joinery_report_export (output, format, path, error);
}

static void
toast (JoineryReportsPage *self, const char *text)
{
  if (self->window != NULL)
    joinery_window_add_toast (self->window, adw_toast_new (text));
}

static void
export_response_cb (GtkNativeDialog *dialog, int response, JoineryReportsPage *self)
{
  JoineryReportExportFormat format = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "format"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path != NULL)
    {
      if (joinery_reports_page_export (self, format, path, &error))
        {
          g_autofree char *base = g_path_get_basename (path);
          g_autofree char *text = g_strdup_printf ("Saved “%s”", base);
          toast (self, text);
        }
      else
        show_message (self, error->message);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  JoineryReportsPage *self = data;
  const char *name = g_variant_get_string (parameter, NULL);
  JoineryReportExportFormat format;
  JoineryReportOutput *output = joinery_report_view_get_output (self->view);
  GtkFileChooserNative *dialog;
  g_autofree char *file_name = NULL;

  if (output == NULL)
    return;
  for (format = JOINERY_REPORT_EXPORT_CSV; format <= JOINERY_REPORT_EXPORT_PDF; format++)
    if (g_str_equal (name, joinery_report_export_format_extension (format)))
      break;
  if (format > JOINERY_REPORT_EXPORT_PDF)
    return;
  dialog = gtk_file_chooser_native_new ("Export Report", GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  file_name = g_strdup_printf ("%s.%s", joinery_report_output_get_title (output),
                               joinery_report_export_format_extension (format));
  g_strdelimit (file_name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data (G_OBJECT (dialog), "format", GUINT_TO_POINTER (format));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
begin_print_cb (GtkPrintOperation *operation, GtkPrintContext *context, JoineryReportsPage *self)
{
  JoineryReportOutput *output = g_object_get_data (G_OBJECT (operation), "output");
  JoineryReportLayout *layout = joinery_report_layout_new (output, gtk_print_context_get_width (context),
                                                           gtk_print_context_get_height (context), 12);

  g_object_set_data_full (G_OBJECT (operation), "layout", layout, (GDestroyNotify) joinery_report_layout_free);
  gtk_print_operation_set_n_pages (operation, (int) joinery_report_layout_get_n_pages (layout));
}

static void
draw_page_cb (GtkPrintOperation *operation, GtkPrintContext *context, int page, JoineryReportsPage *self)
{
  JoineryReportLayout *layout = g_object_get_data (G_OBJECT (operation), "layout");

  joinery_report_layout_draw_page (layout, gtk_print_context_get_cairo_context (context), (guint) page);
}

static void
print_done_cb (GtkPrintOperation *operation, GtkPrintOperationResult result, JoineryReportsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      show_message (self, error != NULL ? error->message : "The report could not be printed.");
    }
  g_object_unref (operation);
}

static GtkPrintOperation *
create_print_operation (JoineryReportsPage *self, JoineryReportOutput *output)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();

  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, joinery_report_output_get_title (output));
  g_object_set_data_full (G_OBJECT (operation), "output", joinery_report_output_ref (output),
                          (GDestroyNotify) joinery_report_output_unref);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), self);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), self);
  return operation;
}

static void
print_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  JoineryReportsPage *self = data;
  JoineryReportOutput *output = joinery_report_view_get_output (self->view);
  GtkPrintOperation *operation;
  g_autoptr(GError) error = NULL;

  if (output == NULL)
    return;
  operation = create_print_operation (self, output);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), self);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_message (self, error->message);
}

gboolean
joinery_reports_page_print_to_file (JoineryReportsPage *self, const char *path, GError **error)
{
  JoineryReportOutput *output;
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), FALSE);

  output = joinery_report_view_get_output (self->view);
  if (output == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "there is no result to print: run the report first");
      return FALSE;
    }
  operation = create_print_operation (self, output);
  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                  GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), error)
         != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
run_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  joinery_reports_page_run (data);
}

static void
cancel_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  joinery_reports_page_cancel (data);
}

static void
update_actions (JoineryReportsPage *self)
{
  gboolean running = self->run_cancellable != NULL;
  gboolean has_result = joinery_report_view_get_output (self->view) != NULL;
  struct { const char *name; gboolean enabled; } states[] = {
    { "run", self->report != NULL && !running },
    { "cancel", running },
    { "export", has_result && !running },
    { "print", has_result && !running },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions),
                                                                              states[i].name)),
                                 states[i].enabled);
  gtk_widget_set_visible (self->cancel_button, running);
}

/* Queries for tests and the script editor */

gboolean
joinery_reports_page_select_report (JoineryReportsPage *self, const char *id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), FALSE);

  row = find_row (self, id);
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->list, row);
  show_report (self, get_row_info (row)->key);
  return TRUE;
}

const char *
joinery_reports_page_get_selected (JoineryReportsPage *self)
{
  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), NULL);
  return self->selected;
}

static ParamEditor *
find_editor (JoineryReportsPage *self, const char *name)
{
  for (guint i = 0; i < self->editors->len; i++)
    if (g_str_equal (((ParamEditor *) self->editors->pdata[i])->param->name, name))
      return self->editors->pdata[i];
  return NULL;
}

gboolean
joinery_reports_page_set_param (JoineryReportsPage *self, const char *name, const char *value)
{
  ParamEditor *editor;

  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), FALSE);

  editor = find_editor (self, name);
  if (editor == NULL)
    return FALSE;
  set_editor_value (editor, value);
  return TRUE;
}

char *
joinery_reports_page_dup_param (JoineryReportsPage *self, const char *name)
{
  ParamEditor *editor;

  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), NULL);

  editor = find_editor (self, name);
  return editor != NULL ? dup_editor_value (editor) : NULL;
}

void
joinery_reports_page_set_time_limit (JoineryReportsPage *self, guint ms)
{
  g_return_if_fail (JOINERY_IS_REPORTS_PAGE (self));
  self->time_limit_ms = ms;
}

const char *
joinery_reports_page_get_message (JoineryReportsPage *self)
{
  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), NULL);
  return self->message;
}

JoineryReportView *
joinery_reports_page_get_view (JoineryReportsPage *self)
{
  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), NULL);
  return self->view;
}

const char *
joinery_reports_page_get_broken_reason (JoineryReportsPage *self, const char *plugin_id)
{
  g_return_val_if_fail (JOINERY_IS_REPORTS_PAGE (self), NULL);
  return g_hash_table_lookup (self->broken, plugin_id);
}

/* Building the page */

GtkWidget *
joinery_reports_page_new (JoineryWindow *window, AdwHeaderBar *header)
{
  JoineryReportsPage *self = g_object_new (JOINERY_TYPE_REPORTS_PAGE, NULL);
  static const GActionEntry entries[] = {
    { "run", run_activated_cb },
    { "cancel", cancel_activated_cb },
    { "export", export_activated_cb, "s" },
    { "print", print_activated_cb },
  };

  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->db = g_object_ref (joinery_window_get_db (window));

  /* A group rather than class actions: the export menu in the header bar
   * is outside the page, and a menu can name only actions its ancestors
   * can see, so the same group goes into the header bar too. */
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "reports", G_ACTION_GROUP (self->actions));
  if (header != NULL)
    {
      gtk_widget_insert_action_group (GTK_WIDGET (header), "reports", G_ACTION_GROUP (self->actions));
      adw_header_bar_pack_end (header, self->export_button);
    }

  update_actions (self);
  joinery_reports_page_reload (self);
  return GTK_WIDGET (self);
}

static void
joinery_reports_page_dispose (GObject *object)
{
  JoineryReportsPage *self = JOINERY_REPORTS_PAGE (object);

  /* Runs and loads in flight end on their own; their results are dropped. */
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->monitors != NULL)
    stop_watching (self);
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  if (self->editors != NULL)
    g_ptr_array_set_size (self->editors, 0);
  g_clear_object (&self->plugin);
  self->report = NULL;
  g_clear_object (&self->registry);
  g_clear_object (&self->actions);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (joinery_reports_page_parent_class)->dispose (object);
}

static void
joinery_reports_page_finalize (GObject *object)
{
  JoineryReportsPage *self = JOINERY_REPORTS_PAGE (object);

  g_ptr_array_unref (self->editors);
  g_ptr_array_unref (self->monitors);
  g_hash_table_unref (self->broken);
  g_clear_object (&self->settings);
  g_free (self->selected);
  g_free (self->message);
  G_OBJECT_CLASS (joinery_reports_page_parent_class)->finalize (object);
}

static void
joinery_reports_page_class_init (JoineryReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = joinery_reports_page_dispose;
  object_class->finalize = joinery_reports_page_finalize;

  g_type_ensure (JOINERY_TYPE_REPORT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/joinery/Joinery/joinery-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, list);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, loading);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, form_stack);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, params_group);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, message_box);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, JoineryReportsPage, view);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
}

static void
joinery_reports_page_init (JoineryReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list, list_header_func, NULL, NULL);
  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) param_editor_free);
  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  self->broken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->settings = g_settings_new (APPLICATION_ID);
}

static GtkWidget *
create_page (JoineryWindow *window, AdwHeaderBar *header)
{
  return joinery_reports_page_new (window, header);
}

const JoineryWindowPage joinery_reports_page_info = {
  "reports", "Reports", "x-office-document-symbolic", "<Control><Shift>r", create_page,
};
