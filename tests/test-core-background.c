/* test-core-background.c: a job run by joinery_background_run() runs on a
 * thread other than the caller's, at a lower priority than the caller
 * (Linux: niceness JOINERY_BACKGROUND_NICE), gets its task's source,
 * data and cancellable, and completes in the caller's main context; the
 * caller's own priority is left as it was, and so is that of GLib's
 * thread pool (g_task_run_in_thread() after it). */
#include "joinery-test-util.h"
#include "joinery-background.h"

typedef struct {
  GThread *thread;
  int      nice;
} Ran;

static void
job_cb (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Ran *ran = g_new0 (Ran, 1);

  g_assert_true (G_IS_OBJECT (source));
  g_assert_cmpstr (data, ==, "data");
  g_assert_true (G_IS_CANCELLABLE (cancellable));
  ran->thread = g_thread_self ();
  ran->nice = joinery_background_get_nice ();
  g_task_return_pointer (task, ran, g_free);
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Ran **out = data;

  *out = g_task_propagate_pointer (G_TASK (result), NULL);
  g_assert_nonnull (*out);
}

static void
test_lower_priority (void)
{
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = NULL;
  g_autofree Ran *ran = NULL;
  g_autofree Ran *pooled = NULL;
  int before = joinery_background_get_nice ();
  guint n_run = joinery_background_get_n_run ();
  g_autoptr(GTask) pool_task = NULL;

  task = g_task_new (source, cancellable, done_cb, &ran);
  g_task_set_task_data (task, (gpointer) "data", NULL);
  joinery_background_run (task, job_cb);
  g_clear_object (&task);
  g_assert_cmpuint (joinery_background_get_n_run (), ==, n_run + 1);
  while (ran == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (ran->thread != g_thread_self ());
#ifdef __linux__
  g_assert_cmpint (ran->nice, ==, MAX (before, JOINERY_BACKGROUND_NICE));
#endif
  g_assert_cmpint (joinery_background_get_nice (), ==, before);

  /* GLib's pool is not touched: its threads run at the caller's priority. */
  pool_task = g_task_new (source, cancellable, done_cb, &pooled);
  g_task_set_task_data (pool_task, (gpointer) "data", NULL);
  g_task_run_in_thread (pool_task, job_cb);
  g_clear_object (&pool_task);
  while (pooled == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (pooled->nice, ==, before);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/background/lower-priority", test_lower_priority);

  return g_test_run ();
}
