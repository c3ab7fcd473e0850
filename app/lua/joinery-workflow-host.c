/* joinery-workflow-host.c: running workflows when records change (see
 * joinery-workflow-host.h). */
#include "joinery-workflow-host.h"
#include "joinery-script-error.h"

#include <string.h>

struct _JoineryWorkflowHost
{
  GObject                parent_instance;
  JoineryDb             *db;
  JoineryPluginRegistry *registry;
  JoineryLuaLimits       limits;
  gulong                 changed_id;
  gboolean               enabled;
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
  JoineryChange  change;
} PendingRun;

static void
pending_run_free (PendingRun *run)
{
  g_object_unref (run->plugin);
  g_free (run->workflow_id);
  g_free (run->change.before);
  g_free (run->change.after);
  g_free (run);
}

static void
changed_cb (JoineryDb *db, JoineryChangeSet *set, JoineryWorkflowHost *self)
{
  g_autoptr(GPtrArray) runs = NULL;
  GPtrArray *plugins;

  if (!self->enabled || joinery_change_set_is_replay (set) || joinery_change_set_is_bulk (set) ||
      g_str_has_prefix (joinery_change_set_get_source (set), "plugin:"))
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

          if (joinery_plugin_get_status (plugin) != JOINERY_PLUGIN_OK)
            continue;
          for (guint w = 0; w < workflows->len; w++)
            {
              const JoineryWorkflowInfo *info = workflows->pdata[w];
              PendingRun *run;

              if (!joinery_lua_trigger_matches (info, change))
                continue;
              run = g_new0 (PendingRun, 1);
              run->plugin = g_object_ref (plugin);
              run->workflow_id = g_strdup (info->id);
              run->change = *change;
              run->change.before = g_strdup (change->before);
              run->change.after = g_strdup (change->after);
              g_ptr_array_add (runs, run);
            }
        }
    }

  for (guint i = 0; i < runs->len; i++)
    {
      PendingRun *run = runs->pdata[i];
      g_autoptr(GError) error = NULL;
      gboolean skipped = FALSE;

      if (joinery_lua_run_workflow (self->db, run->plugin, run->workflow_id, &run->change, &self->limits,
                                    &skipped, NULL, &error))
        g_signal_emit (self, signals[WORKFLOW_RAN], 0, run->plugin, run->workflow_id, skipped);
      else
        g_signal_emit (self, signals[WORKFLOW_FAILED], 0, run->plugin, run->workflow_id, error);
    }
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
