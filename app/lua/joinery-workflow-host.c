/* joinery-workflow-host.c: running workflows when records change, on
 * opening and on demand, and logging every run (see
 * joinery-workflow-host.h). */
#include "joinery-workflow-host.h"
#include "joinery-plugin-trust.h"
#include "joinery-script-error.h"
#include "joinery-workflow-state.h"

#include <string.h>

struct _JoineryWorkflowHost
{
  GObject                parent_instance;
  JoineryDb             *db;
  JoineryPluginRegistry *registry;
  JoineryLuaLimits       limits;
  gulong                 changed_id;
  gboolean               enabled;
  gboolean               running;
};

G_DEFINE_FINAL_TYPE (JoineryWorkflowHost, joinery_workflow_host, G_TYPE_OBJECT)

enum {
  WORKFLOW_RAN,
  WORKFLOW_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  JoineryPlugin *plugin;
  char          *workflow_id;
  char          *trigger;
  JoineryChange  change;
  gboolean       has_change;
} PendingRun;

static void
pending_run_free (PendingRun *run)
{
  g_object_unref (run->plugin);
  g_free (run->workflow_id);
  g_free (run->trigger);
  g_free (run->change.before);
  g_free (run->change.after);
  g_free (run);
}

/* Summary */

typedef struct {
  const JoineryKind *kind;
  guint              counts[3];  /* by JoineryChangeAction */
} KindCount;

char *
joinery_workflow_describe_changes (JoineryChangeSet *set)
{
  static const char * const verbs[] = { "Created", "Changed", "Deleted" };
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (KindCount));
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (set != NULL, g_string_free (out, FALSE));

  if (joinery_change_set_is_bulk (set))
    {
      g_string_append (out, "Many changes");
      return g_string_free (out, FALSE);
    }
  for (guint i = 0; i < joinery_change_set_get_n_changes (set); i++)
    {
      const JoineryChange *change = joinery_change_set_get_change (set, i);
      KindCount *found = NULL;

      if (change->kind == NULL)
        continue;
      for (guint k = 0; k < counts->len && found == NULL; k++)
        if (g_array_index (counts, KindCount, k).kind == change->kind)
          found = &g_array_index (counts, KindCount, k);
      if (found == NULL)
        {
          KindCount fresh = { change->kind, { 0, 0, 0 } };
          g_array_append_val (counts, fresh);
          found = &g_array_index (counts, KindCount, counts->len - 1);
        }
      found->counts[change->action]++;
    }
  for (guint a = 0; a < G_N_ELEMENTS (verbs); a++)
    {
      gboolean first = TRUE;

      for (guint k = 0; k < counts->len; k++)
        {
          const KindCount *count = &g_array_index (counts, KindCount, k);
          guint n = count->counts[a];

          if (n == 0)
            continue;
          if (first)
            g_string_append_printf (out, "%s%s ", out->len > 0 ? "; " : "", verbs[a]);
          else
            g_string_append (out, ", ");
          g_string_append_printf (out, "%u %s", n, n == 1 ? count->kind->name : count->kind->plural);
          first = FALSE;
        }
    }
  return g_string_free (out, FALSE);
}

/* Running and logging */

static void
run_changed_cb (JoineryDb *db, JoineryChangeSet *set, char **summary)
{
  g_free (*summary);
  *summary = joinery_workflow_describe_changes (set);
}

static gboolean
run_and_log (JoineryWorkflowHost *self, JoineryPlugin *plugin, const char *workflow_id, const char *trigger,
             const JoineryChange *change, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) log_error = NULL;
  g_autofree char *summary = NULL;
  JoineryWorkflowRun entry = { 0 };
  gboolean skipped = FALSE;
  gboolean ok;
  gulong id;

  /* The run's own change group is the one "changed" tells while it runs. */
  id = g_signal_connect (self->db, "changed", G_CALLBACK (run_changed_cb), &summary);
  self->running = TRUE;
  ok = joinery_lua_run_workflow (self->db, plugin, workflow_id, change, &self->limits, &skipped, NULL, &local_error);
  self->running = FALSE;
  g_signal_handler_disconnect (self->db, id);

  entry.plugin_id = (char *) joinery_plugin_get_id (plugin);
  entry.workflow_id = (char *) workflow_id;
  entry.trigger = (char *) trigger;
  if (change != NULL)
    {
      entry.record_kind = (char *) change->kind->name;
      entry.record_id = change->id;
    }
  entry.outcome = !ok ? JOINERY_WORKFLOW_RUN_FAILED : skipped ? JOINERY_WORKFLOW_RUN_SKIPPED : JOINERY_WORKFLOW_RUN_DONE;
  entry.summary = ok && summary != NULL ? summary : "";
  if (!ok)
    {
      entry.error = local_error->message;
      if (local_error->domain == JOINERY_SCRIPT_ERROR)
        entry.traceback = (char *) joinery_script_error_get_traceback (local_error);
    }
  if (!joinery_db_log_workflow_run (self->db, &entry, &log_error))
    g_warning ("cannot log the run of workflow “%s”: %s", workflow_id, log_error->message);

  if (ok)
    g_signal_emit (self, signals[WORKFLOW_RAN], 0, plugin, workflow_id, skipped);
  else
    {
      g_signal_emit (self, signals[WORKFLOW_FAILED], 0, plugin, workflow_id, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

static gboolean
is_switched_on (JoineryWorkflowHost *self, JoineryPlugin *plugin, const JoineryWorkflowInfo *info)
{
  return joinery_plugin_get_status (plugin) == JOINERY_PLUGIN_OK &&
         joinery_db_workflow_is_enabled (self->db, joinery_plugin_get_id (plugin), info->id, NULL);
}

static const char *
matching_trigger (const JoineryWorkflowInfo *info, const JoineryChange *change)
{
  const char *event = change->action == JOINERY_CHANGE_CREATE ? "created" :
                      change->action == JOINERY_CHANGE_DELETE ? "deleted" : "changed";

  /* joinery_lua_trigger_matches said yes: name the entry of `on` it was. */
  for (guint i = 0; info->on[i] != NULL; i++)
    if (g_str_has_prefix (info->on[i], change->kind->name) &&
        info->on[i][strlen (change->kind->name)] == '.' &&
        (g_str_has_suffix (info->on[i], event) || g_str_has_suffix (info->on[i], ".status")))
      return info->on[i];
  return info->on[0];
}

static void
changed_cb (JoineryDb *db, JoineryChangeSet *set, JoineryWorkflowHost *self)
{
  g_autoptr(GPtrArray) runs = NULL;
  GPtrArray *plugins;

  if (!self->enabled || self->running || joinery_change_set_is_replay (set) || joinery_change_set_is_bulk (set) ||
      g_str_has_prefix (joinery_change_set_get_source (set), "plugin:") ||
      !joinery_db_has_enabled_workflows (db))
    return;

  /* What to run is decided first: each run commits, which emits again. */
  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_run_free);
  plugins = joinery_plugin_registry_get_plugins (self->registry);
  for (guint c = 0; c < joinery_change_set_get_n_changes (set); c++)
    {
      const JoineryChange *change = joinery_change_set_get_change (set, c);

      if (change->kind == NULL)
        continue;
      for (guint p = 0; p < plugins->len; p++)
        {
          JoineryPlugin *plugin = plugins->pdata[p];
          GPtrArray *workflows = joinery_plugin_get_workflows (plugin);

          for (guint w = 0; w < workflows->len; w++)
            {
              const JoineryWorkflowInfo *info = workflows->pdata[w];
              PendingRun *run;

              if (!joinery_lua_trigger_matches (info, change) || !is_switched_on (self, plugin, info))
                continue;
              run = g_new0 (PendingRun, 1);
              run->plugin = g_object_ref (plugin);
              run->workflow_id = g_strdup (info->id);
              run->trigger = g_strdup (matching_trigger (info, change));
              run->change = *change;
              run->change.before = g_strdup (change->before);
              run->change.after = g_strdup (change->after);
              run->has_change = TRUE;
              g_ptr_array_add (runs, run);
            }
        }
    }

  for (guint i = 0; i < runs->len; i++)
    {
      PendingRun *run = runs->pdata[i];
      run_and_log (self, run->plugin, run->workflow_id, run->trigger, &run->change, NULL);
    }
}

guint
joinery_workflow_host_run_open (JoineryWorkflowHost *self)
{
  GPtrArray *plugins;
  guint n = 0;

  g_return_val_if_fail (JOINERY_IS_WORKFLOW_HOST (self), 0);

  if (!self->enabled || joinery_db_is_read_only (self->db) || !joinery_db_has_enabled_workflows (self->db))
    return 0;
  plugins = joinery_plugin_registry_get_plugins (self->registry);
  for (guint p = 0; p < plugins->len; p++)
    {
      JoineryPlugin *plugin = plugins->pdata[p];
      GPtrArray *workflows = joinery_plugin_get_workflows (plugin);

      for (guint w = 0; w < workflows->len; w++)
        {
          const JoineryWorkflowInfo *info = workflows->pdata[w];

          if (!g_strv_contains ((const char * const *) info->on, "open") || !is_switched_on (self, plugin, info))
            continue;
          run_and_log (self, plugin, info->id, "open", NULL, NULL);
          n++;
        }
    }
  return n;
}

gboolean
joinery_workflow_host_run_now (JoineryWorkflowHost *self, JoineryPlugin *plugin, const char *workflow_id,
                               GError **error)
{
  g_return_val_if_fail (JOINERY_IS_WORKFLOW_HOST (self), FALSE);
  g_return_val_if_fail (JOINERY_IS_PLUGIN (plugin) && workflow_id != NULL, FALSE);

  return run_and_log (self, plugin, workflow_id, "demand", NULL, error);
}

static void
joinery_workflow_host_dispose (GObject *object)
{
  JoineryWorkflowHost *self = JOINERY_WORKFLOW_HOST (object);

  if (self->db != NULL && self->changed_id != 0)
    g_clear_signal_handler (&self->changed_id, self->db);
  g_clear_object (&self->db);
  g_clear_object (&self->registry);
  G_OBJECT_CLASS (joinery_workflow_host_parent_class)->dispose (object);
}

static void
joinery_workflow_host_class_init (JoineryWorkflowHostClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = joinery_workflow_host_dispose;

  signals[WORKFLOW_RAN] = g_signal_new ("workflow-ran", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 3,
                                        JOINERY_TYPE_PLUGIN, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[WORKFLOW_FAILED] = g_signal_new ("workflow-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 3,
                                           JOINERY_TYPE_PLUGIN, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
joinery_workflow_host_init (JoineryWorkflowHost *self)
{
  self->enabled = TRUE;
}

JoineryWorkflowHost *
joinery_workflow_host_new (JoineryDb *db, JoineryPluginRegistry *registry, const JoineryLuaLimits *limits)
{
  JoineryWorkflowHost *self;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);
  g_return_val_if_fail (JOINERY_IS_PLUGIN_REGISTRY (registry), NULL);

  self = g_object_new (JOINERY_TYPE_WORKFLOW_HOST, NULL);
  self->db = g_object_ref (db);
  self->registry = g_object_ref (registry);
  if (limits != NULL)
    self->limits = *limits;
  self->changed_id = g_signal_connect (db, "changed", G_CALLBACK (changed_cb), self);
  return self;
}

void
joinery_workflow_host_set_enabled (JoineryWorkflowHost *self, gboolean enabled)
{
  g_return_if_fail (JOINERY_IS_WORKFLOW_HOST (self));
  self->enabled = enabled;
}
