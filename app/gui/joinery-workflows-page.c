/* joinery-workflows-page.c: the Workflows page and the window's workflow
 * host (see joinery-workflows-page.h).
 *
 * Which workflows are on is the database's (joinery-workflow-state.h);
 * whether a plugin may change data is the user's approval, pinned to the
 * plugin's files (joinery-plugin-trust.h) and enforced again by the Lua
 * layer whatever this page shows. No SQL here.
 */
#include "config.h"

#include "joinery-workflows-page.h"
#include "joinery-window.h"
#include "joinery-workflow-state.h"

#include <string.h>

#define LOG_LIMIT 100

/* The window's host */

typedef struct {
  JoineryDb             *db;
  JoineryPluginRegistry *registry;
  JoineryWorkflowHost   *host;
  guint                  open_id;
} WindowWorkflows;

static void
window_workflows_free (WindowWorkflows *ww)
{
  g_clear_handle_id (&ww->open_id, g_source_remove);
  g_clear_object (&ww->host);
  g_clear_object (&ww->registry);
  g_clear_object (&ww->db);
  g_free (ww);
}

static WindowWorkflows *
get_window_workflows (JoineryWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "joinery-workflows");
}

JoineryPluginRegistry *
joinery_workflows_get_registry (JoineryWindow *window)
{
  WindowWorkflows *ww = get_window_workflows (window);

  if (ww == NULL)
    return NULL;
  if (ww->registry == NULL)
    {
      ww->registry = joinery_plugin_registry_new ();
      joinery_plugin_registry_add_default_folders (ww->registry);
      joinery_plugin_registry_load (ww->registry);
    }
  return ww->registry;
}

JoineryWorkflowHost *
joinery_workflows_get_host (JoineryWindow *window)
{
  WindowWorkflows *ww = get_window_workflows (window);

  if (ww == NULL)
    return NULL;
  if (ww->host == NULL)
    ww->host = joinery_workflow_host_new (ww->db, joinery_workflows_get_registry (window), NULL);
  return ww->host;
}

static gboolean
run_open_cb (gpointer data)
{
  JoineryWindow *window = data;
  WindowWorkflows *ww = get_window_workflows (window);

  ww->open_id = 0;
  joinery_workflow_host_run_open (joinery_workflows_get_host (window));
  return G_SOURCE_REMOVE;
}

void
joinery_workflows_attach (JoineryWindow *window, JoineryDb *db)
{
  WindowWorkflows *ww;

  g_return_if_fail (JOINERY_IS_WINDOW (window));

  g_object_set_data (G_OBJECT (window), "joinery-workflows", NULL);
  if (db == NULL)
    return;
  ww = g_new0 (WindowWorkflows, 1);
  ww->db = g_object_ref (db);
  g_object_set_data_full (G_OBJECT (window), "joinery-workflows", ww, (GDestroyNotify) window_workflows_free);
  /* Plugins are loaded only when a workflow is on (or the page is shown):
   * opening a file stays as quick as before. */
  if (!joinery_db_is_read_only (db) && joinery_db_has_enabled_workflows (db))
    {
      joinery_workflows_get_host (window);
      ww->open_id = g_idle_add_full (G_PRIORITY_LOW, run_open_cb, window, NULL);
    }
}

/* The page */

struct _JoineryWorkflowsPage
{
  AdwBin         parent_instance;

  JoineryWindow *window;       /* the page lives inside it */
  GtkListBox    *workflows;
  GtkListBox    *log;
  GtkWidget     *log_empty;
  GtkWidget     *install_button;  /* packed into the page's header bar */
  GHashTable    *switches;     /* "plugin/workflow" and workflow id → GtkSwitch */
  GtkWidget     *dialog;
  GFileMonitor  *monitor;
  JoineryWorkflowHost *host;   /* the window's, whose runs the log follows */
  guint          rescan_id;
  guint          rebuild_id;
  gulong         ran_id;
  gulong         failed_id;
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (JoineryWorkflowsPage, joinery_workflows_page, ADW_TYPE_BIN)

static void rebuild_workflows (JoineryWorkflowsPage *self);
static void rebuild_log (JoineryWorkflowsPage *self);

static JoineryWorkflowsPage *
get_page (GtkWidget *page)
{
  return JOINERY_IS_WORKFLOWS_PAGE (page) ? JOINERY_WORKFLOWS_PAGE (page) : NULL;
}

static void
toast (JoineryWorkflowsPage *self, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
toast (JoineryWorkflowsPage *self, const char *format, ...)
{
  g_autofree char *text = NULL;
  g_autoptr(AdwToast) t = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  {
    g_autofree char *escaped = g_markup_escape_text (text, -1);
    t = adw_toast_new (escaped);
  }
  joinery_window_add_toast (self->window, t);
}

static char *
dup_provides (JoineryPlugin *plugin)
{
  GString *out = g_string_new (NULL);
  GPtrArray *reports = joinery_plugin_get_reports (plugin);
  GPtrArray *workflows = joinery_plugin_get_workflows (plugin);
  GPtrArray *actions = joinery_plugin_get_actions (plugin);

  for (guint i = 0; i < workflows->len; i++)
    {
      const JoineryWorkflowInfo *info = workflows->pdata[i];
      g_autofree char *on = g_strjoinv (", ", info->on);
      g_string_append_printf (out, "• workflow “%s”, run on %s\n", info->title, on);
    }
  for (guint i = 0; i < reports->len; i++)
    g_string_append_printf (out, "• report “%s”\n", ((const JoineryReportInfo *) reports->pdata[i])->title);
  for (guint i = 0; i < actions->len; i++)
    g_string_append_printf (out, "• action “%s” on %s\n", ((const JoineryActionInfo *) actions->pdata[i])->title,
                            ((const JoineryActionInfo *) actions->pdata[i])->kind->plural);
  return g_string_free (out, FALSE);
}

/* "when a grant's status changes, on demand": a workflow's triggers in words. */
static char *
dup_triggers (const JoineryWorkflowInfo *info)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; info->on[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (info->on[i], ".", 2);

      if (out->len > 0)
        g_string_append (out, ", ");
      if (g_str_equal (info->on[i], "demand"))
        g_string_append (out, "on demand");
      else if (g_str_equal (info->on[i], "open"))
        g_string_append (out, "when the database is opened");
      else if (g_strv_length (parts) == 2 && g_str_equal (parts[1], "status"))
        g_string_append_printf (out, "when a %s's %s changes", parts[0],
                                g_str_equal (parts[0], "project") ? "stage" : "status");
      else if (g_strv_length (parts) == 2)
        g_string_append_printf (out, "when a %s is %s", parts[0],
                                g_str_equal (parts[1], "created") ? "added" : parts[1]);
      else
        g_string_append (out, info->on[i]);
    }
  return g_string_free (out, FALSE);
}

/* What a plugin asks for, before it may run. */

typedef struct {
  JoineryWorkflowsPage *self;
  JoineryPlugin *plugin;
  char          *switch_on;   /* a workflow to switch on once approved, or NULL */
} Approval;

static void
approval_free (Approval *a)
{
  g_object_unref (a->plugin);
  g_free (a->switch_on);
  g_free (a);
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  JoineryWorkflowsPage *self = data;

  self->rebuild_id = 0;
  rebuild_workflows (self);
  return G_SOURCE_REMOVE;
}

static void
approval_closure_free (gpointer data, GClosure *closure)
{
  approval_free (data);
}

static void
set_enabled (JoineryWorkflowsPage *self, JoineryPlugin *plugin, const char *workflow_id, gboolean on)
{
  g_autoptr(GError) error = NULL;

  if (!joinery_db_set_workflow_enabled (joinery_window_get_db (self->window), joinery_plugin_get_id (plugin),
                                        workflow_id, on, &error))
    {
      toast (self, "Cannot switch the workflow %s: %s", on ? "on" : "off", error->message);
      /* Show the switch as it is stored, once its own signal is over. */
      if (self->rebuild_id == 0)
        self->rebuild_id = g_idle_add (rebuild_idle_cb, self);
    }
  else if (on)
    joinery_workflows_get_host (self->window);   /* from now on, changes fire it */
}

static void
approval_response_cb (AdwMessageDialog *dialog, const char *response, Approval *a)
{
  JoineryWorkflowsPage *self = a->self;
  g_autoptr(GError) error = NULL;

  self->dialog = NULL;
  if (g_str_equal (response, "approve"))
    {
      if (!joinery_plugin_approve (a->plugin, &error))
        toast (self, "Cannot approve “%s”: %s", joinery_plugin_get_name (a->plugin), error->message);
      else if (a->switch_on != NULL)
        set_enabled (self, a->plugin, a->switch_on, TRUE);
    }
  rebuild_workflows (self);
}

static void
show_plugin_dialog (JoineryWorkflowsPage *self, JoineryPlugin *plugin, const char *switch_on)
{
  JoineryPluginTrust trust = joinery_plugin_get_trust (plugin);
  g_autofree char *provides = dup_provides (plugin);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  Approval *a;
  GtkWidget *dialog;
  gboolean asks = !joinery_plugin_trust_allows (trust);

  if (joinery_plugin_get_status (plugin) != JOINERY_PLUGIN_OK)
    {
      toast (self, "Plugin “%s” is broken: %s", joinery_plugin_get_id (plugin),
             joinery_plugin_get_error (plugin) != NULL ? joinery_plugin_get_error (plugin)->message : "");
      return;
    }
  if (trust == JOINERY_PLUGIN_TRUST_CHANGED)
    heading = g_strdup_printf ("“%s” has changed since you approved it", joinery_plugin_get_name (plugin));
  else if (asks)
    heading = g_strdup_printf ("Allow “%s” to change your data?", joinery_plugin_get_name (plugin));
  else
    heading = g_strdup_printf ("Plugin “%s”", joinery_plugin_get_name (plugin));
  body = g_strdup_printf ("%s %s by %s\n%s\n\nIt asks to %s.\n\nIt provides:\n%s\nFolder: %s%s",
                          joinery_plugin_get_id (plugin), joinery_plugin_get_version (plugin),
                          *joinery_plugin_get_author (plugin) != '\0' ? joinery_plugin_get_author (plugin) : "an unknown author",
                          joinery_plugin_get_description (plugin),
                          joinery_plugin_may_write (plugin) ? "read and change data (write): its workflows "
                          "and actions add and change records" : "read data only: it cannot change anything",
                          provides, joinery_plugin_get_folder (plugin),
                          asks ? "\n\nApprove it only if you trust where it came from. The approval holds "
                                 "for the plugin as it is now: if its files change, it asks again." : "");
  dialog = adw_message_dialog_new (GTK_WINDOW (self->window), heading, body);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  if (asks)
    {
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", "_Cancel",
                                        "approve", switch_on != NULL ? "_Approve and Switch On" : "_Approve", NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "approve",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    }
  else
    adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", "_Close", NULL);
  a = g_new0 (Approval, 1);
  a->self = self;
  a->plugin = g_object_ref (plugin);
  a->switch_on = g_strdup (switch_on);
  g_signal_connect_data (dialog, "response", G_CALLBACK (approval_response_cb), a,
                         approval_closure_free, 0);
  self->dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The list of workflows */

static void
switch_active_cb (GtkSwitch *sw, GParamSpec *pspec, JoineryWorkflowsPage *self)
{
  JoineryPlugin *plugin = g_object_get_data (G_OBJECT (sw), "plugin");
  const char *workflow_id = g_object_get_data (G_OBJECT (sw), "workflow");
  gboolean on = gtk_switch_get_active (sw);

  if (self->updating)
    return;
  if (on && !joinery_plugin_trust_allows (joinery_plugin_get_trust (plugin)))
    {
      /* Off until approved: the dialog says what it asks for. */
      self->updating = TRUE;
      gtk_switch_set_active (sw, FALSE);
      self->updating = FALSE;
      show_plugin_dialog (self, plugin, workflow_id);
      return;
    }
  set_enabled (self, plugin, workflow_id, on);
}

static void
run_now_clicked_cb (GtkButton *button, JoineryWorkflowsPage *self)
{
  JoineryPlugin *plugin = g_object_get_data (G_OBJECT (button), "plugin");
  const char *workflow_id = g_object_get_data (G_OBJECT (button), "workflow");
  g_autoptr(GError) error = NULL;

  if (!joinery_plugin_trust_allows (joinery_plugin_get_trust (plugin)))
    {
      show_plugin_dialog (self, plugin, NULL);
      return;
    }
  if (!joinery_workflow_host_run_now (joinery_workflows_get_host (self->window), plugin, workflow_id, &error))
    toast (self, "The workflow failed; nothing it did was kept: %s", error->message);
  else
    toast (self, "The workflow ran: see its log below");
}

static void
details_clicked_cb (GtkButton *button, JoineryWorkflowsPage *self)
{
  show_plugin_dialog (self, g_object_get_data (G_OBJECT (button), "plugin"), NULL);
}

static void
remove_all (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
}

static void
rebuild_workflows (JoineryWorkflowsPage *self)
{
  JoineryPluginRegistry *registry = joinery_workflows_get_registry (self->window);
  JoineryDb *db = joinery_window_get_db (self->window);
  GPtrArray *plugins = joinery_plugin_registry_get_plugins (registry);
  guint n = 0;

  remove_all (self->workflows);
  g_hash_table_remove_all (self->switches);
  for (guint i = 0; i < plugins->len; i++)
    {
      JoineryPlugin *plugin = plugins->pdata[i];
      GPtrArray *workflows = joinery_plugin_get_workflows (plugin);
      JoineryPluginTrust trust = joinery_plugin_get_trust (plugin);

      if (joinery_plugin_get_status (plugin) != JOINERY_PLUGIN_OK)
        continue;
      for (guint w = 0; w < workflows->len; w++)
        {
          const JoineryWorkflowInfo *info = workflows->pdata[w];
          g_autofree char *on = dup_triggers (info);
          g_autofree char *subtitle = NULL;
          g_autofree char *key = g_strdup_printf ("%s/%s", joinery_plugin_get_id (plugin), info->id);
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *sw = gtk_switch_new ();
          GtkWidget *details = gtk_button_new_from_icon_name ("dialog-information-symbolic");

          subtitle = g_strdup_printf ("%s%sRuns %s · plugin %s %s · %s · %s",
                                      info->description != NULL ? info->description : "",
                                      info->description != NULL && *info->description != '\0' ? "\n" : "", on,
                                      joinery_plugin_get_name (plugin), joinery_plugin_get_version (plugin),
                                      joinery_plugin_may_write (plugin) ? "may change data" : "reads only",
                                      joinery_plugin_trust_describe (trust));
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->title);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
          if (!joinery_plugin_trust_allows (trust))
            adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));

          gtk_widget_set_valign (details, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (details, "flat");
          gtk_widget_set_tooltip_text (details, "What it asks for");
          g_object_set_data_full (G_OBJECT (details), "plugin", g_object_ref (plugin), g_object_unref);
          g_signal_connect (details, "clicked", G_CALLBACK (details_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), details);

          if (g_strv_contains ((const char * const *) info->on, "demand"))
            {
              GtkWidget *run = gtk_button_new_with_mnemonic ("_Run Now");
              gtk_widget_set_valign (run, GTK_ALIGN_CENTER);
              g_object_set_data_full (G_OBJECT (run), "plugin", g_object_ref (plugin), g_object_unref);
              g_object_set_data_full (G_OBJECT (run), "workflow", g_strdup (info->id), g_free);
              g_signal_connect (run, "clicked", G_CALLBACK (run_now_clicked_cb), self);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), run);
            }

          gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
          self->updating = TRUE;
          gtk_switch_set_active (GTK_SWITCH (sw), joinery_plugin_trust_allows (trust) &&
                                     joinery_db_workflow_is_enabled (db, joinery_plugin_get_id (plugin), info->id, NULL));
          self->updating = FALSE;
          g_object_set_data_full (G_OBJECT (sw), "plugin", g_object_ref (plugin), g_object_unref);
          g_object_set_data_full (G_OBJECT (sw), "workflow", g_strdup (info->id), g_free);
          g_signal_connect (sw, "notify::active", G_CALLBACK (switch_active_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
          g_hash_table_replace (self->switches, g_steal_pointer (&key), sw);
          if (!g_hash_table_contains (self->switches, info->id))
            g_hash_table_insert (self->switches, g_strdup (info->id), sw);
          gtk_list_box_append (self->workflows, row);
          n++;
        }
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "No plugin provides a workflow");
      gtk_list_box_append (self->workflows, row);
    }
}

/* The log */

static void
open_record_clicked_cb (GtkButton *button, JoineryWorkflowsPage *self)
{
  const JoineryKind *kind = g_object_get_data (G_OBJECT (button), "kind");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "id"));

  joinery_window_open_record (self->window, kind, id);
}

static const char *
workflow_title (JoineryWorkflowsPage *self, const JoineryWorkflowRun *run)
{
  JoineryPluginRegistry *registry = joinery_workflows_get_registry (self->window);
  JoineryPlugin *plugin = joinery_plugin_registry_find_plugin (registry, run->plugin_id);
  const JoineryWorkflowInfo *info = plugin != NULL ? joinery_plugin_find_workflow (plugin, run->workflow_id) : NULL;

  return info != NULL ? info->title : run->workflow_id;
}

static char *
format_when (const char *at)
{
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%e %b %Y %H:%M") : g_strdup (at != NULL ? at : "");
}

static GtkWidget *
make_log_row (JoineryWorkflowsPage *self, const JoineryWorkflowRun *run)
{
  JoineryDb *db = joinery_window_get_db (self->window);
  const JoineryKind *kind = run->record_kind != NULL ? joinery_kind_lookup (run->record_kind) : NULL;
  g_autofree char *when = format_when (run->at);
  g_autofree char *title = g_strdup_printf ("%s — %s", g_strstrip (when), workflow_title (self, run));
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_expander_row_new ();
  const char *icon;

  switch (run->outcome)
    {
    case JOINERY_WORKFLOW_RUN_DONE:
      subtitle = g_strdup (*run->summary != '\0' ? run->summary : "Nothing to do");
      icon = "emblem-ok-symbolic";
      break;
    case JOINERY_WORKFLOW_RUN_SKIPPED:
      subtitle = g_strdup ("Not needed: its condition said no");
      icon = "media-skip-forward-symbolic";
      break;
    case JOINERY_WORKFLOW_RUN_FAILED:
    default:
      subtitle = g_strdup_printf ("Failed, nothing it did was kept: %s", run->error != NULL ? run->error : "");
      icon = "dialog-error-symbolic";
      gtk_widget_add_css_class (row, "error");
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), gtk_image_new_from_icon_name (icon));

  /* What set it off, one click away. */
  {
    GtkWidget *cause = adw_action_row_new ();
    g_autofree char *cause_title = NULL;

    if (kind != NULL)
      {
        g_autofree char *label = joinery_db_dup_label (db, kind, run->record_id);
        GtkWidget *open = gtk_button_new_with_label ("Open");

        cause_title = label != NULL ?
          g_strdup_printf ("Set off by %s #%" G_GINT64_FORMAT " “%s” (%s)", kind->name, run->record_id, label, run->trigger) :
          g_strdup_printf ("Set off by %s #%" G_GINT64_FORMAT ", since deleted (%s)", kind->name, run->record_id, run->trigger);
        if (label != NULL)
          {
            gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
            g_object_set_data (G_OBJECT (open), "kind", (gpointer) kind);
            g_object_set_data (G_OBJECT (open), "id", GSIZE_TO_POINTER ((gsize) run->record_id));
            g_signal_connect (open, "clicked", G_CALLBACK (open_record_clicked_cb), self);
            adw_action_row_add_suffix (ADW_ACTION_ROW (cause), open);
            adw_action_row_set_activatable_widget (ADW_ACTION_ROW (cause), open);
          }
        else
          g_object_ref_sink (open), g_object_unref (open);
      }
    else
      cause_title = g_strdup (g_str_equal (run->trigger, "open") ? "Set off by opening the database" :
                              g_str_equal (run->trigger, "demand") ? "Run on demand" : run->trigger);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cause), cause_title);
    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (cause), FALSE);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), cause);
  }

  if (run->outcome == JOINERY_WORKFLOW_RUN_FAILED)
    {
      g_autofree char *text = g_strdup_printf ("%s%s%s", run->error != NULL ? run->error : "",
                                               run->traceback != NULL ? "\n\n" : "",
                                               run->traceback != NULL ? run->traceback : "");
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "monospace");
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_widget_set_name (label, "traceback");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);
    }
  return row;
}

static void
rebuild_log (JoineryWorkflowsPage *self)
{
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;

  remove_all (self->log);
  runs = joinery_db_list_workflow_runs (joinery_window_get_db (self->window), NULL, NULL, LOG_LIMIT, &error);
  if (runs == NULL)
    {
      toast (self, "Cannot read the workflow log: %s", error->message);
      return;
    }
  for (guint i = 0; i < runs->len; i++)
    gtk_list_box_append (self->log, make_log_row (self, runs->pdata[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->log), runs->len > 0);
  gtk_widget_set_visible (self->log_empty, runs->len == 0);
}

static void
host_ran_cb (JoineryWorkflowHost *host, JoineryPlugin *plugin, const char *workflow_id, gboolean skipped, JoineryWorkflowsPage *self)
{
  rebuild_log (self);
}

static void
host_failed_cb (JoineryWorkflowHost *host, JoineryPlugin *plugin, const char *workflow_id, GError *error, JoineryWorkflowsPage *self)
{
  rebuild_log (self);
}

/* Installing a plugin, or one dropped into the folder */

static gboolean
copy_tree (GFile *from, GFile *to, GError **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  if (!g_file_make_directory_with_parents (to, NULL, error))
    return FALSE;
  children = g_file_enumerate_children (from, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (children == NULL)
    return FALSE;
  while ((info = g_file_enumerator_next_file (children, NULL, error)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) child = g_file_get_child (from, g_file_info_get_name (info));
      g_autoptr(GFile) target = g_file_get_child (to, g_file_info_get_name (info));
      GFileType type = g_file_info_get_file_type (info);

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (!copy_tree (child, target, error))
            return FALSE;
        }
      else if (type == G_FILE_TYPE_REGULAR &&
               !g_file_copy (child, target, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
        return FALSE;
    }
  return error == NULL || *error == NULL;
}

static void
show_new_plugin (JoineryWorkflowsPage *self, const char *id)
{
  JoineryPlugin *plugin;

  joinery_workflows_page_reload (GTK_WIDGET (self));
  plugin = joinery_plugin_registry_find_plugin (joinery_workflows_get_registry (self->window), id);
  if (plugin != NULL)
    show_plugin_dialog (self, plugin, NULL);
}

static void
install_response_cb (GtkNativeDialog *chooser, int response, JoineryWorkflowsPage *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = joinery_plugins_user_folder ();
  g_autofree char *name = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (folder == NULL)
    return;
  name = g_file_get_basename (folder);
  target = g_file_new_build_filename (user, name, NULL);
  if (g_file_query_exists (target, NULL))
    {
      toast (self, "A plugin folder “%s” is already installed; remove it first", name);
      return;
    }
  if (!copy_tree (folder, target, &error))
    {
      g_autofree char *path = g_file_get_path (target);
      toast (self, "Cannot install the plugin: %s", error->message);
      /* Leave no half-copied plugin behind. */
      if (path != NULL)
        {
          g_autoptr(GFile) half = g_file_new_for_path (path);
          g_file_trash (half, NULL, NULL);
        }
      return;
    }
  {
    g_autoptr(JoineryPlugin) plugin = joinery_plugin_load (g_file_peek_path (target));
    show_new_plugin (self, joinery_plugin_get_id (plugin));
  }
}

static void
install_clicked_cb (JoineryWorkflowsPage *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("Install Plugin", GTK_WINDOW (self->window),
                                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                               "_Install", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (install_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct {
  JoineryWorkflowsPage *self;
  char *path;
} Rescan;

static gboolean
rescan_cb (gpointer data)
{
  Rescan *r = data;
  g_autoptr(JoineryPlugin) plugin = joinery_plugin_load (r->path);

  r->self->rescan_id = 0;
  if (r->self->dialog == NULL)
    show_new_plugin (r->self, joinery_plugin_get_id (plugin));
  return G_SOURCE_REMOVE;
}

static void
rescan_free (Rescan *r)
{
  g_free (r->path);
  g_free (r);
}

static void
folder_changed_cb (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event, JoineryWorkflowsPage *self)
{
  Rescan *r;

  if ((event != G_FILE_MONITOR_EVENT_CREATED && event != G_FILE_MONITOR_EVENT_MOVED_IN) ||
      g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    return;
  /* A folder dropped in is still being copied: look once it has settled. */
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  r = g_new0 (Rescan, 1);
  r->self = self;
  r->path = g_file_get_path (file);
  self->rescan_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 1, rescan_cb, r, (GDestroyNotify) rescan_free);
}

/* Building and tearing down */

static void
joinery_workflows_page_dispose (GObject *object)
{
  JoineryWorkflowsPage *self = JOINERY_WORKFLOWS_PAGE (object);

  g_clear_signal_handler (&self->ran_id, self->host);
  g_clear_signal_handler (&self->failed_id, self->host);
  g_clear_object (&self->host);
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = NULL;
  G_OBJECT_CLASS (joinery_workflows_page_parent_class)->dispose (object);
}

static void
joinery_workflows_page_finalize (GObject *object)
{
  JoineryWorkflowsPage *self = JOINERY_WORKFLOWS_PAGE (object);

  g_hash_table_unref (self->switches);
  G_OBJECT_CLASS (joinery_workflows_page_parent_class)->finalize (object);
}

static void
joinery_workflows_page_class_init (JoineryWorkflowsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = joinery_workflows_page_dispose;
  object_class->finalize = joinery_workflows_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/joinery/Joinery/joinery-workflows-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JoineryWorkflowsPage, workflows);
  gtk_widget_class_bind_template_child (widget_class, JoineryWorkflowsPage, log);
  gtk_widget_class_bind_template_child (widget_class, JoineryWorkflowsPage, log_empty);
  gtk_widget_class_bind_template_child (widget_class, JoineryWorkflowsPage, install_button);
  gtk_widget_class_bind_template_callback (widget_class, install_clicked_cb);
}

static void
joinery_workflows_page_init (JoineryWorkflowsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->switches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GtkWidget *
create_page (JoineryWindow *window, AdwHeaderBar *header)
{
  g_autofree char *user = joinery_plugins_user_folder ();
  g_autoptr(GFile) user_folder = g_file_new_for_path (user);
  JoineryWorkflowsPage *self = g_object_new (JOINERY_TYPE_WORKFLOWS_PAGE, NULL);
  JoineryWorkflowHost *host = joinery_workflows_get_host (window);

  self->window = window;
  adw_header_bar_pack_end (header, self->install_button);

  self->host = g_object_ref (host);
  self->ran_id = g_signal_connect (host, "workflow-ran", G_CALLBACK (host_ran_cb), self);
  self->failed_id = g_signal_connect (host, "workflow-failed", G_CALLBACK (host_failed_cb), self);
  g_file_make_directory_with_parents (user_folder, NULL, NULL);
  self->monitor = g_file_monitor_directory (user_folder, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect (self->monitor, "changed", G_CALLBACK (folder_changed_cb), self);

  rebuild_workflows (self);
  rebuild_log (self);
  return GTK_WIDGET (self);
}

const JoineryWindowPage joinery_workflows_page = {
  "workflows", "Workflows", "media-playlist-repeat-symbolic", "<Control><Shift>w", create_page,
};

/* For tests */

GtkSwitch *
joinery_workflows_page_get_switch (GtkWidget *page, const char *workflow_id)
{
  JoineryWorkflowsPage *self = get_page (page);
  return self != NULL ? g_hash_table_lookup (self->switches, workflow_id) : NULL;
}

GtkListBox *
joinery_workflows_page_get_log (GtkWidget *page)
{
  JoineryWorkflowsPage *self = get_page (page);
  return self != NULL ? self->log : NULL;
}

GtkWidget *
joinery_workflows_page_get_dialog (GtkWidget *page)
{
  JoineryWorkflowsPage *self = get_page (page);
  return self != NULL ? self->dialog : NULL;
}

void
joinery_workflows_page_reload (GtkWidget *page)
{
  JoineryWorkflowsPage *self = get_page (page);

  g_return_if_fail (self != NULL);
  joinery_plugin_registry_load (joinery_workflows_get_registry (self->window));
  rebuild_workflows (self);
  rebuild_log (self);
}
