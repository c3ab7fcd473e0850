/* joinery-background.c: jobs on a thread of their own at a lower
 * priority (see joinery-background.h). Nothing here knows what a job
 * does; nothing here may block the caller. */
#include "config.h"

#include "joinery-background.h"

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

typedef struct {
  GTask           *task;
  GTaskThreadFunc  func;
} Job;

static guint n_run;

int
joinery_background_get_nice (void)
{
#ifdef __linux__
  int nice;

  errno = 0;
  nice = getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
  return errno == 0 ? nice : 0;
#else
  return 0;
#endif
}

guint
joinery_background_get_n_run (void)
{
  return g_atomic_int_get (&n_run);
}

/* This thread only: a thread starts with its creator's niceness. */
static void
lower_priority (void)
{
#ifdef __linux__
  if (joinery_background_get_nice () < JOINERY_BACKGROUND_NICE)
    setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), JOINERY_BACKGROUND_NICE);
#endif
}

static gboolean
release_task_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static gpointer
job_thread (gpointer data)
{
  Job *job = data;
  GSource *source;

  lower_priority ();
  job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  /* The task has been returned by now, and its callback is on its way to
   * the task's main context. The last reference to it, and so to its
   * source object (a widget, perhaps), goes there too, never here. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, release_task_cb, job->task, g_object_unref);
  g_source_set_static_name (source, "[joinery] background task released");
  g_source_attach (source, g_task_get_context (job->task));
  g_source_unref (source);
  g_free (job);
  return NULL;
}

void
joinery_background_run (GTask *task, GTaskThreadFunc func)
{
  Job *job;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->task = g_object_ref (task);
  job->func = func;
  g_atomic_int_inc (&n_run);
  g_thread_unref (g_thread_new ("joinery-background", job_thread, job));
}
