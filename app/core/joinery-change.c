/* joinery-change.c: the change set a JoineryDb hands to its listeners
 * after a group commits. Built by joinery-db.c from the group's audit
 * rows; immutable once emitted. */
#include "config.h"

#include "joinery-change-private.h"

struct _JoineryChangeSet {
  gatomicrefcount  ref_count;
  char            *label;
  char            *source;
  gboolean         replay;
  gboolean         bulk;
  GPtrArray       *changes; /* JoineryChange */
  GPtrArray       *kinds;   /* const JoineryKind *, each once */
};

G_DEFINE_BOXED_TYPE (JoineryChangeSet, joinery_change_set, joinery_change_set_ref,
                     joinery_change_set_unref)

static void
change_free (gpointer data)
{
  JoineryChange *change = data;

  g_free (change->before);
  g_free (change->after);
  g_free (change);
}

JoineryChangeSet *
joinery_change_set_new (const char *label, const char *source, gboolean replay)
{
  JoineryChangeSet *set = g_new0 (JoineryChangeSet, 1);

  g_atomic_ref_count_init (&set->ref_count);
  set->label = g_strdup (label != NULL ? label : "");
  set->source = g_strdup (source != NULL ? source : "");
  set->replay = replay;
  set->changes = g_ptr_array_new_with_free_func (change_free);
  set->kinds = g_ptr_array_new ();
  return set;
}

void
joinery_change_set_add_kind (JoineryChangeSet *set, const JoineryKind *kind)
{
  if (kind != NULL && !g_ptr_array_find (set->kinds, kind, NULL))
    g_ptr_array_add (set->kinds, (gpointer) kind);
}

void
joinery_change_set_add (JoineryChangeSet *set, const JoineryKind *kind, gint64 id,
                        JoineryChangeAction action, const char *before, const char *after)
{
  JoineryChange *change = g_new0 (JoineryChange, 1);

  change->kind = kind;
  change->id = id;
  change->action = action;
  change->before = g_strdup (before);
  change->after = g_strdup (after);
  g_ptr_array_add (set->changes, change);
  joinery_change_set_add_kind (set, kind);
}

void
joinery_change_set_make_bulk (JoineryChangeSet *set)
{
  set->bulk = TRUE;
  g_ptr_array_set_size (set->changes, 0);
}

JoineryChangeSet *
joinery_change_set_ref (JoineryChangeSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);
  g_atomic_ref_count_inc (&set->ref_count);
  return set;
}

void
joinery_change_set_unref (JoineryChangeSet *set)
{
  g_return_if_fail (set != NULL);
  if (!g_atomic_ref_count_dec (&set->ref_count))
    return;
  g_free (set->label);
  g_free (set->source);
  g_ptr_array_unref (set->changes);
  g_ptr_array_unref (set->kinds);
  g_free (set);
}

const char *
joinery_change_set_get_label (JoineryChangeSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);
  return set->label;
}

const char *
joinery_change_set_get_source (JoineryChangeSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);
  return set->source;
}

gboolean
joinery_change_set_is_replay (JoineryChangeSet *set)
{
  g_return_val_if_fail (set != NULL, FALSE);
  return set->replay;
}

gboolean
joinery_change_set_is_bulk (JoineryChangeSet *set)
{
  g_return_val_if_fail (set != NULL, FALSE);
  return set->bulk;
}

gboolean
joinery_change_set_touches_kind (JoineryChangeSet *set, const JoineryKind *kind)
{
  g_return_val_if_fail (set != NULL, FALSE);
  return g_ptr_array_find (set->kinds, kind, NULL);
}

guint
joinery_change_set_get_n_changes (JoineryChangeSet *set)
{
  g_return_val_if_fail (set != NULL, 0);
  return set->changes->len;
}

const JoineryChange *
joinery_change_set_get_change (JoineryChangeSet *set, guint index)
{
  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (index < set->changes->len, NULL);
  return set->changes->pdata[index];
}
