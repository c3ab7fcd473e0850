/* bench-gui.c: how the window does on a network of 1,000,000 people
 * (joinery_generate(): with them 100,000 organisations and 10,000 events),
 * in a real window under an X server of its own (Xvfb, started here with a
 * session bus of its own), each figure beside a reference measured in the
 * same run:
 *
 *   launch    a new process to the first frame painted with the People
 *             list's rows bound, beside a bare AdwApplication hello window
 *             in a new process (same renderer, same size), and beside the
 *             same launch on an empty database (nothing may scan the data)
 *             and on a network of 1,000 people (a screen of rows drawn as
 *             with a million: what is left over is the data's size);
 *             the file opens on its home page, and the People list is shown
 *             as the window is realized, before its first frame; where the
 *             time went: to the window realized, and from there to the
 *             first frame, by the clock and the main thread's CPU;
 *   memory    resident memory of that process once the 1,000,000 rows are
 *             listed and the list has jumped about, beside the hello
 *             window's; of it SQLite's heap, malloc's heap in use and held
 *             free, and what is resident once malloc_trim() has run;
 *   search    typed as a person types, "r", "ri", … "ridgest": from the
 *             keystroke to the frame painted with the narrowed count and
 *             the first rows bound, beside the same full-text query alone
 *             (every id, then a screen of rows); also from the entry's
 *             "search-changed", which GtkSearchEntry delays after a
 *             keystroke;
 *   sort      a column header's sort (what a click does) to the frame
 *             painted with the first rows in the new order, beside the SQL
 *             ORDER BY alone (the two in turn first), and the longest
 *             main-loop stall meanwhile; the CPU time of the ids' read on
 *             the model's thread beside that of the SQL alone;
 *   scroll    smooth scrolling (a step every frame): each frame's time
 *             from "before-paint" to "after-paint", and of it the update,
 *             layout and paint phases; random jumps to row N:
 *             from the jump to the frame painted with row N bound, and
 *             the time spent reading rows from the model meanwhile, the
 *             jump's frame's update (rows bound), layout (rows measured
 *             and read) and paint phases, and how many jumps took more
 *             than a frame or a layout pass; both
 *             beside the same GtkColumnView (its columns and cells) over
 *             an in-memory GListStore of the same 1,000,000 records.
 *
 * Launches run this program again (--child) with the same arguments the
 * `joinery` program gives the window: joinery_gui_launch() on the file, or
 * the hello window. A child learns of its window from GtkApplication's
 * "window-added" (an emission hook) and of its frames from the window's
 * GdkFrameClock; it prints its times and memory, and quits. The process's
 * start is taken by the parent just before it spawns the child (both read
 * CLOCK_MONOTONIC). Each kind of launch runs once untimed, then --repeat
 * times in turn; medians are reported.
 *
 * In this process the window is made as the application makes it
 * (joinery_window_new(), joinery_window_open_file()). A keystroke is the
 * entry's text changed as a key press changes it (GTK 4 has no public way
 * to synthesise the key event itself). A row is "bound" when the cell of
 * the first column has been bound to its record (a handler run after the
 * list's own on the column's factory) and the record it shows (a row
 * of the list's, which a sort or search gives another record in place,
 * or the record itself) is the model's at its position; a condition is
 * checked in the frame clock's "after-paint", so the time is that of the
 * frame that painted it.
 * For the scrolling figures the column view shows, in turn, a GListStore
 * of the same records through a pass-through model that times
 * g_list_model_get_item(), and the list's own rows (JoineryListRows, as
 * the window shows them), whose reading is timed by the model itself
 * (joinery_list_model_get_read_time()). The rows the window keeps off
 * screen are read when the main loop is idle, after the frame: a row is
 * "bound" when its cell is on screen and shows the record at its place,
 * and rows off screen may still wait for theirs.
 *
 * With --db FILE the network is read from FILE (made there if missing, as
 * `joinery generate --people 1000000 FILE` makes it, and kept). Output:
 * "RESULT\t…" and "INFO\t…" lines for tests/bench/run.sh, the rest for
 * people. Declared a benchmark() in tests/bench/meson.build, never a test.
 */
#include "config.h"

#include "bench-display.h"
#include "bench-util.h"
#include "joinery-application.h"
#include "joinery-generate.h"
#include "joinery-gui.h"
#include "joinery-gui-util.h"
#include "joinery-list-model.h"
#include "joinery-list-rows.h"
#include "joinery-record-list.h"
#include "joinery-window.h"

#include <adwaita.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>

#define BENCHMARK      "gui"
#define DEFAULT_ROWS   1000000
#define SEED           20240601u
#define SCREEN         40     /* rows read for the SQL references' first screen */
#define N_JUMPS        120
#define N_SEGMENTS     4      /* smooth scrolls, each from a row of its own */
#define SEGMENT_FRAMES 150
#define SCROLL_STEP    40.0   /* pixels a frame: some 2,400 a second at 60 frames */
#define CHILD_JUMPS    50
#define STREAM_JUMPS   201    /* the generator's streams for this program's rows */
#define WAIT_LIMIT_S   120


/* Medians by nearest rank, as the quantiles. */
#define median_of(values) bench_quantile ((values), 0.5)
#define result(...) bench_result (BENCHMARK, __VA_ARGS__)

/* -1 for none. */
static double
median_if_any (GArray *values)
{
  return values->len > 0 ? median_of (values) : -1;
}

static GArray *
doubles (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static const JoineryKind *
people (void)
{
  return joinery_kind_lookup ("person");
}

/* No daily backup of the file while it is measured: with GSettings in
 * memory (as under bench_start_display()) every process is a first
 * opening of the day, and two seconds after it the window would copy the
 * 1.2 GB file on a connection of its own, into the launch's memory and on
 * the same two CPUs as a sort or a scroll. */
static void
turn_off_backups (void)
{
  g_autoptr(GSettings) settings = joinery_gui_dup_settings ();

  if (settings != NULL)
    g_settings_set_boolean (settings, "backup-automatic", FALSE);
}

/* A child: one launch, timed in its own process */

typedef struct {
  gboolean           hello;
  GtkWindow         *window;
  GdkFrameClock     *clock;
  gulong             after_paint_id;
  gint64             first_frame;
  guint              jumps;
  gint64             settle_from;
  guint              frames;       /* painted before the one timed */
} Child;

static Child child;

static const char *
renderer_name (GtkWidget *widget)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  return renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none";
}

/* Whether a cell under `widget` shows text: rows bound and laid out. */
static gboolean
shows_cells (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_INSCRIPTION (c))
        {
          const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (c));
          if (text != NULL && *text != '\0' && gtk_widget_get_mapped (c))
            return TRUE;
        }
      else if (shows_cells (c))
        return TRUE;
    }
  return FALSE;
}

static JoineryRecordList *
child_list (void)
{
  JoineryRecordList *list;

  if (!JOINERY_IS_WINDOW (child.window))
    return NULL;
  list = joinery_window_get_list (JOINERY_WINDOW (child.window));
  return list != NULL && joinery_record_list_get_kind (list) == people () ? list : NULL;
}

static void
child_report_memory (void)
{
  JoineryRecordList *list = child_list ();

  if (list != NULL)
    g_print ("CHILD\trows\t%u\n", g_list_model_get_n_items (G_LIST_MODEL (joinery_record_list_get_model (list))));
  g_print ("CHILD\trss-settled\t%.2f\n", bench_resident_mb ());
  /* Where it is: SQLite's heap (page caches, statements), and malloc's
   * heap in use and held free (kept resident until trimmed). */
  g_print ("CHILD\tsqlite-mb\t%.2f\n", sqlite3_memory_used () / (1024.0 * 1024.0));
#ifdef __GLIBC__
  {
    struct mallinfo2 info = mallinfo2 ();
    g_print ("CHILD\theap-used-mb\t%.2f\n", (info.uordblks + info.hblkhd) / (1024.0 * 1024.0));
    g_print ("CHILD\theap-free-mb\t%.2f\n", info.fordblks / (1024.0 * 1024.0));
    /* What of the free heap is resident: given back now, once measured. */
    malloc_trim (0);
    g_print ("CHILD\trss-trimmed\t%.2f\n", bench_resident_mb ());
  }
#endif
  g_application_quit (g_application_get_default ());
}

/* After the first frame: with the list's ids all read, jump about as a
 * person looking for someone does, then let it settle and say the
 * memory. The hello window only settles. */
static gboolean
child_settle_cb (gpointer data)
{
  JoineryRecordList *list = child_list ();

  if (list != NULL && joinery_record_list_is_loading (list))
    return G_SOURCE_CONTINUE;
  if (list != NULL && child.jumps < CHILD_JUMPS)
    {
      JoineryListModel *model = joinery_record_list_get_model (list);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
      GtkWidget *rows = joinery_gui_find_list_view (GTK_WIDGET (joinery_record_list_get_column_view (list)));

      if (n > 0 && rows != NULL)
        gtk_widget_activate_action (rows, "list.scroll-to-item", "u",
                                    (guint) joinery_generate_draw (SEED, STREAM_JUMPS + 5, child.jumps, n));
      child.jumps++;
      return G_SOURCE_CONTINUE;
    }
  if (child.settle_from == 0)
    child.settle_from = bench_now_ns ();
  if (bench_now_ns () - child.settle_from < 500 * G_GINT64_CONSTANT (1000000))
    return G_SOURCE_CONTINUE;
  child_report_memory ();
  return G_SOURCE_REMOVE;
}

static void
child_after_paint_cb (GdkFrameClock *clock, gpointer data)
{
  gint64 now = bench_now_ns ();
  JoineryRecordList *list = NULL;

  child.frames++;
  if (!child.hello)
    {
      JoineryListModel *model;

      list = child_list ();
      if (list == NULL)
        return;
      model = joinery_record_list_get_model (list);
      /* Rows bound, or (an empty database) the list read and empty. */
      if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0
          ? !shows_cells (GTK_WIDGET (joinery_record_list_get_column_view (list)))
          : joinery_list_model_get_loading (model))
        return;
    }
  child.first_frame = now;
  g_signal_handler_disconnect (clock, child.after_paint_id);
  g_print ("CHILD\tfirst-frame\t%" G_GINT64_FORMAT "\n", now);
  g_print ("CHILD\tcpu-first-frame\t%" G_GINT64_FORMAT "\n", bench_thread_cpu_ns ());
  g_print ("CHILD\tframes\t%u\n", child.frames);
  g_print ("CHILD\trenderer\t%s\n", renderer_name (GTK_WIDGET (child.window)));
  g_print ("CHILD\trss-first-frame\t%.2f\n", bench_resident_mb ());
  g_timeout_add (30, child_settle_cb, NULL);
}

static void
child_realize_cb (GtkWidget *window, gpointer data)
{
  /* A file opens on its home page; the People list is what is timed, as a
   * person who goes to it at once sees it (and as the window in this
   * process shows it). */
  if (JOINERY_IS_WINDOW (window) && joinery_window_get_db (JOINERY_WINDOW (window)) != NULL)
    joinery_window_show_kind (JOINERY_WINDOW (window), people ());
  g_print ("CHILD\trealized\t%" G_GINT64_FORMAT "\n", bench_now_ns ());
  g_print ("CHILD\tcpu-realized\t%" G_GINT64_FORMAT "\n", bench_thread_cpu_ns ());
  child.clock = gtk_widget_get_frame_clock (window);
  child.after_paint_id = g_signal_connect_after (child.clock, "after-paint", G_CALLBACK (child_after_paint_cb),
                                                 NULL);
}

/* GtkApplication::window-added, for any application in this process. */
static gboolean
window_added_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  GtkWindow *window = g_value_get_object (&values[1]);

  if (child.window != NULL)
    return TRUE;
  child.window = window;
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    child_realize_cb (GTK_WIDGET (window), NULL);
  else
    g_signal_connect (window, "realize", G_CALLBACK (child_realize_cb), NULL);
  return FALSE;
}

static void
hello_activate_cb (GApplication *app, gpointer data)
{
  g_autoptr(GSettings) settings = joinery_gui_dup_settings ();
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Hello");

  /* The size the Joinery window opens at. */
  gtk_window_set_default_size (GTK_WINDOW (window),
                               settings != NULL ? g_settings_get_int (settings, "window-width") : 1280,
                               settings != NULL ? g_settings_get_int (settings, "window-height") : 800);
  gtk_window_set_title (GTK_WINDOW (window), "Hello");
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static gboolean
child_timeout_cb (gpointer data)
{
  g_printerr ("bench-gui: the child's window did not finish within %d s\n", WAIT_LIMIT_S);
  exit (3);
}

static int
run_child (const char *what, const char *path)
{
  g_type_class_ref (GTK_TYPE_APPLICATION);
  g_signal_add_emission_hook (g_signal_lookup ("window-added", GTK_TYPE_APPLICATION), 0, window_added_hook,
                              NULL, NULL);
  g_timeout_add_seconds (WAIT_LIMIT_S, child_timeout_cb, NULL);
  if (g_str_equal (what, "hello"))
    {
      g_autoptr(AdwApplication) app = adw_application_new ("org.joinery.BenchHello", G_APPLICATION_DEFAULT_FLAGS);
      char *argv[] = { (char *) "hello", NULL };

      child.hello = TRUE;
      g_signal_connect (app, "activate", G_CALLBACK (hello_activate_cb), NULL);
      return g_application_run (G_APPLICATION (app), 1, argv);
    }
  turn_off_backups ();
  /* What `joinery open FILE` does. */
  return joinery_gui_launch (path, 0);
}

/* Launches, from the parent */

typedef struct {
  const char *name;       /* "hello", "empty", "small", "network" */
  const char *path;
  GArray     *first_frame_ms;
  GArray     *cpu_ms;     /* the main thread's CPU time to the first frame */
  GArray     *realized_ms; /* to the window realized (the file open, the window built) */
  GArray     *realized_cpu_ms;
  GArray     *rss_mb;
  GArray     *sqlite_mb;  /* of it: SQLite's heap */
  GArray     *heap_mb;    /* malloc's heap in use */
  GArray     *free_mb;    /* and held free */
  GArray     *trimmed_mb; /* resident after malloc_trim() */
  char       *renderer;
  guint       rows;
} Launch;

static gboolean
launch_once (Launch *launch, const char *self, gboolean timed, GError **error)
{
  const char *argv[] = { self, "--child", g_str_equal (launch->name, "hello") ? "hello" : "joinery",
                         "--child-db", launch->path, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 spawned, first = 0, cpu = -1, realized = 0, realized_cpu = 0;
  double rss = -1, sqlite_mb = 0, heap_mb = 0, free_mb = 0, trimmed_mb = 0;

  spawned = bench_now_ns ();
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, error))
    return FALSE;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the %s launch failed", launch->name);
      return FALSE;
    }
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", 3);

      if (g_strv_length (f) != 3 || !g_str_equal (f[0], "CHILD"))
        continue;
      if (g_str_equal (f[1], "first-frame"))
        first = g_ascii_strtoll (f[2], NULL, 10);
      else if (g_str_equal (f[1], "cpu-first-frame"))
        cpu = g_ascii_strtoll (f[2], NULL, 10);
      else if (g_str_equal (f[1], "rss-settled"))
        rss = g_ascii_strtod (f[2], NULL);
      else if (g_str_equal (f[1], "realized"))
        realized = g_ascii_strtoll (f[2], NULL, 10);
      else if (g_str_equal (f[1], "cpu-realized"))
        realized_cpu = g_ascii_strtoll (f[2], NULL, 10);
      else if (g_str_equal (f[1], "sqlite-mb"))
        sqlite_mb = g_ascii_strtod (f[2], NULL);
      else if (g_str_equal (f[1], "heap-used-mb"))
        heap_mb = g_ascii_strtod (f[2], NULL);
      else if (g_str_equal (f[1], "heap-free-mb"))
        free_mb = g_ascii_strtod (f[2], NULL);
      else if (g_str_equal (f[1], "rss-trimmed"))
        trimmed_mb = g_ascii_strtod (f[2], NULL);
      else if (g_str_equal (f[1], "renderer"))
        {
          g_free (launch->renderer);
          launch->renderer = g_strdup (f[2]);
        }
      else if (g_str_equal (f[1], "rows"))
        launch->rows = (guint) g_ascii_strtoull (f[2], NULL, 10);
    }
  if (first == 0 || rss < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the %s launch said no first frame or memory",
                   launch->name);
      return FALSE;
    }
  if (timed)
    {
      double ms = (first - spawned) / 1e6;
      g_array_append_val (launch->first_frame_ms, ms);
      ms = cpu / 1e6;
      g_array_append_val (launch->cpu_ms, ms);
      g_array_append_val (launch->rss_mb, rss);
      ms = realized > 0 ? (realized - spawned) / 1e6 : 0;
      g_array_append_val (launch->realized_ms, ms);
      ms = realized_cpu / 1e6;
      g_array_append_val (launch->realized_cpu_ms, ms);
      g_array_append_val (launch->sqlite_mb, sqlite_mb);
      g_array_append_val (launch->heap_mb, heap_mb);
      g_array_append_val (launch->free_mb, free_mb);
      g_array_append_val (launch->trimmed_mb, trimmed_mb);
    }
  return TRUE;
}

static gboolean
bench_launch (const char *path, const char *empty_path, const char *small_path, int repeat, GError **error)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", error);
  Launch launches[] = {
    { "hello", "-", doubles (), doubles (), doubles (), doubles (), doubles (), doubles (), doubles (), doubles (),
      doubles (), NULL, 0 },
    { "empty", empty_path, doubles (), doubles (), doubles (), doubles (), doubles (), doubles (), doubles (), doubles (),
      doubles (), NULL, 0 },
    { "network", path, doubles (), doubles (), doubles (), doubles (), doubles (), doubles (), doubles (), doubles (),
      doubles (), NULL, 0 },
    { "small", small_path, doubles (), doubles (), doubles (), doubles (), doubles (), doubles (), doubles (), doubles (),
      doubles (), NULL, 0 },
  };
  Launch *hello = &launches[0], *empty = &launches[1], *network = &launches[2], *small = &launches[3];
  double over, hello_ms, network_ms;
  gboolean ok = self != NULL;

  /* One untimed round (caches warm), then --repeat (at least 3) timed, in turn. */
  for (int r = -1; ok && r < MAX (repeat, 3); r++)
    for (guint l = 0; ok && l < G_N_ELEMENTS (launches); l++)
      ok = launch_once (&launches[(l + (guint) MAX (r, 0)) % G_N_ELEMENTS (launches)], self, r >= 0, error);
  if (!ok)
    goto out;

  hello_ms = median_of (hello->first_frame_ms);
  network_ms = median_of (network->first_frame_ms);
  over = network_ms - hello_ms;
  g_print ("launch: first frame %.1f ms for the hello window, %.1f ms with an empty database, %.1f ms "
           "with %u people (rows bound); renderers %s, %s, %s\n", hello_ms,
           median_of (empty->first_frame_ms), network_ms, network->rows, hello->renderer, empty->renderer,
           network->renderer);
  g_print ("INFO\trenderer\t%s\n", network->renderer);
  if (g_strcmp0 (hello->renderer, network->renderer) != 0 || g_strcmp0 (empty->renderer, network->renderer) != 0)
    g_print ("launch: WARNING: the renderers differ\n");
  result ("launch: first frame with the People rows (ms), vs a hello window", network_ms, hello_ms, 1, "-");
  result ("launch: over the hello window (ms), vs 150 ms", MAX (over, 0), 150.0, 1, "<=1");
  result ("launch: first frame, this network (ms), vs an empty database", network_ms,
          median_of (empty->first_frame_ms), 1, "<=1.1");
  /* An empty list draws no rows: beside a network whose first screen is
   * as full, what is left over is what the data's size costs. */
  g_print ("launch: first frame %.1f ms with %u people (main thread's CPU %.1f ms)\n",
           median_of (small->first_frame_ms), small->rows, median_of (small->cpu_ms));
  result ("launch: first frame, this network (ms), vs 1,000 people", network_ms, median_of (small->first_frame_ms),
          1, "-");
  result ("launch: main thread's CPU to the first frame (ms), vs 1,000 people", median_of (network->cpu_ms),
          median_of (small->cpu_ms), 1, "-");
  /* The wall times measure the machine's load as much as the window: the
   * main thread's own CPU time to the first frame beside them. */
  g_print ("launch: the main thread's CPU time to the first frame %.1f ms for the hello window, %.1f ms with an "
           "empty database, %.1f ms with %u people\n", median_of (hello->cpu_ms), median_of (empty->cpu_ms),
           median_of (network->cpu_ms), network->rows);
  for (guint l = 0; l < G_N_ELEMENTS (launches); l++)
    g_print ("launch: %s: the window realized at %.1f ms (main thread's CPU %.1f ms), its first frame %.1f ms "
             "after (CPU %.1f ms)\n", launches[l].name, median_of (launches[l].realized_ms),
             median_of (launches[l].realized_cpu_ms),
             median_of (launches[l].first_frame_ms) - median_of (launches[l].realized_ms),
             median_of (launches[l].cpu_ms) - median_of (launches[l].realized_cpu_ms));
  result ("launch: main thread's CPU to the first frame (ms), vs a hello window", median_of (network->cpu_ms),
          median_of (hello->cpu_ms), 1, "-");
  result ("launch: main thread's CPU over the hello window's (ms), vs 150 ms",
          MAX (median_of (network->cpu_ms) - median_of (hello->cpu_ms), 0), 150.0, 1, "<=1");
  result ("launch: main thread's CPU to the first frame (ms), vs an empty database", median_of (network->cpu_ms),
          median_of (empty->cpu_ms), 1, "<=1.1");

  g_print ("memory: resident %.1f MB for the hello window, %.1f MB with an empty database, %.1f MB with "
           "the list of %u people open (after %d jumps)\n", median_of (hello->rss_mb),
           median_of (empty->rss_mb), median_of (network->rss_mb), network->rows, CHILD_JUMPS);
  for (guint l = 0; l < G_N_ELEMENTS (launches); l++)
    g_print ("memory: %s: of it SQLite's heap %.1f MB, malloc's heap in use %.1f MB and held free %.1f MB; "
             "resident %.1f MB once malloc_trim() has given the free heap back\n",
             launches[l].name, median_of (launches[l].sqlite_mb), median_of (launches[l].heap_mb),
             median_of (launches[l].free_mb), median_of (launches[l].trimmed_mb));
  result ("memory: resident with the list open (MB), vs a hello window", median_of (network->rss_mb),
          median_of (hello->rss_mb), 1, "-");
  result ("memory: above the hello window (MB), vs 40 MB",
          MAX (median_of (network->rss_mb) - median_of (hello->rss_mb), 0), 40.0, 1, "<=1");

out:
  for (guint l = 0; l < G_N_ELEMENTS (launches); l++)
    {
      g_array_unref (launches[l].first_frame_ms);
      g_array_unref (launches[l].cpu_ms);
      g_array_unref (launches[l].rss_mb);
      g_array_unref (launches[l].realized_ms);
      g_array_unref (launches[l].realized_cpu_ms);
      g_array_unref (launches[l].sqlite_mb);
      g_array_unref (launches[l].heap_mb);
      g_array_unref (launches[l].free_mb);
      g_array_unref (launches[l].trimmed_mb);
      g_free (launches[l].renderer);
    }
  return ok;
}

/* A pass-through GListModel that times get_item() */

#define BENCH_TYPE_TIMED_MODEL (bench_timed_model_get_type ())
G_DECLARE_FINAL_TYPE (BenchTimedModel, bench_timed_model, BENCH, TIMED_MODEL, GObject)

struct _BenchTimedModel
{
  GObject     parent_instance;
  GListModel *inner;
  gint64      ns;       /* in the inner get_item(), so far */
};

static GType
timed_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (BENCH_TIMED_MODEL (model)->inner);
}

static guint
timed_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (BENCH_TIMED_MODEL (model)->inner);
}

static gpointer
timed_get_item (GListModel *model, guint position)
{
  BenchTimedModel *self = BENCH_TIMED_MODEL (model);
  gint64 start = bench_now_ns ();
  gpointer item = g_list_model_get_item (self->inner, position);

  self->ns += bench_now_ns () - start;
  return item;
}

static void
timed_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = timed_get_item_type;
  iface->get_n_items = timed_get_n_items;
  iface->get_item = timed_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchTimedModel, bench_timed_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, timed_model_iface_init))

static void
timed_inner_changed_cb (GListModel *inner, guint position, guint removed, guint added, BenchTimedModel *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
bench_timed_model_dispose (GObject *object)
{
  BenchTimedModel *self = BENCH_TIMED_MODEL (object);

  if (self->inner != NULL)
    g_signal_handlers_disconnect_by_data (self->inner, self);
  g_clear_object (&self->inner);
  G_OBJECT_CLASS (bench_timed_model_parent_class)->dispose (object);
}

static void
bench_timed_model_class_init (BenchTimedModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bench_timed_model_dispose;
}

static void
bench_timed_model_init (BenchTimedModel *self)
{
}

static BenchTimedModel *
bench_timed_model_new (GListModel *inner)
{
  BenchTimedModel *self = g_object_new (BENCH_TYPE_TIMED_MODEL, NULL);

  self->inner = g_object_ref (inner);
  g_signal_connect (inner, "items-changed", G_CALLBACK (timed_inner_changed_cb), self);
  return self;
}

/* The window, in this process */

typedef struct Bench Bench;
typedef gboolean (*PaintedFunc) (Bench *bench);

struct Bench {
  JoineryDb          *db;          /* our own connection, for the references */
  sqlite3            *handle;
  int                 repeat;
  JoineryApplication *app;
  JoineryWindow      *window;
  JoineryRecordList  *list;
  JoineryListModel   *model;
  GtkColumnView      *view;
  GtkWidget          *rows;        /* the column view's GtkListView */
  GtkEditable        *entry;
  GdkFrameClock      *clock;
  GHashTable         *bound;       /* see watch_cells() */
  GtkListItemFactory *factory;     /* that column's */
  GSource            *stall_source;

  /* The frame being painted, and the frames so far. */
  gint64              frame_began;
  guint64             frames;
  GArray             *frame_ms;    /* each frame's time, when set */
  GArray             *update_ms;   /* and of it: the update phase (the scroll's step, ticks), */
  GArray             *layout_ms;   /* layout (measuring, allocating, rows bound and read), */
  GArray             *paint_ms;    /* paint (snapshot and the renderer's drawing) */
  gint64              layout_began;
  guint               layouts;        /* the frame's layout passes (GTK lays out again what changed in one) */
  gint64              paint_began;
  GArray             *fetch_ms;    /* each frame's time in get_item(), when set */
  BenchTimedModel    *timed;       /* the view's model, for the store's scrolling figures */
  gint64              timed_at_frame;
  gint64              jump_fetch_from;  /* fetch_ns() as the jump began */
  gint64              jump_cpu_from;    /* and the main thread's CPU time */
  gint64              painted_fetch;    /* fetch_ns() at the frame awaited */
  gint64              painted_cpu;
  double              painted_phases[3]; /* that frame's update, layout and paint (ms), if known */
  guint64             painted_frames;    /* frames painted by then */
  guint               painted_layouts;   /* that frame's layout passes */

  /* What is awaited: checked in every "after-paint". */
  PaintedFunc         painted;
  gint64              painted_at;
  gint64              want_id;
  guint               want_position;
  guint               want_count;
  const char         *want_text;
  const char         *want_field;
  gboolean            want_descending;

  /* Done in the next frame's update phase (a tick callback). */
  double              scroll_step;
  guint               pending_jump;
  gint64              jump_started;
  gboolean            jump_painted_late; /* the last jump: shown in a later frame than its own */
  gint64              search_changed_at;
};

/* The longest time the main loop spent between two polls: its stalls.
 * (A frame's painting counts, as it holds the loop as much.) */
typedef struct {
  GSource source;
  gint64  woke;
  gint64  worst;
} StallSource;

static gboolean
stall_prepare (GSource *source, int *timeout)
{
  StallSource *stall = (StallSource *) source;
  gint64 now = bench_now_ns ();

  if (stall->woke > 0 && now - stall->woke > stall->worst)
    stall->worst = now - stall->woke;
  stall->woke = 0;
  *timeout = -1;
  return FALSE;
}

static gboolean
stall_check (GSource *source)
{
  ((StallSource *) source)->woke = bench_now_ns ();
  return FALSE;
}

static GSourceFuncs stall_funcs = { stall_prepare, stall_check, NULL, NULL, NULL, NULL };

/* From now: what ran before (a reference query on this thread) is no
 * stall of the window's. */
static void
stall_reset (Bench *bench)
{
  StallSource *stall = (StallSource *) bench->stall_source;

  stall->worst = 0;
  if (stall->woke > 0)
    stall->woke = bench_now_ns ();
}

static double
stall_worst_ms (Bench *bench)
{
  return ((StallSource *) bench->stall_source)->worst / 1e6;
}

/* The cells bound now, of every GtkSignalListItemFactory: GtkListItem →
 * its factory. Emission hooks, set before the window is made, see them
 * all (a column view binds its first rows as soon as it has a model). */
static gboolean
cell_bind_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  GHashTable *bound = data;

  g_hash_table_insert (bound, g_value_get_object (&values[1]), g_value_get_object (&values[0]));
  return TRUE;
}

static gboolean
cell_unbind_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  g_hash_table_remove (data, g_value_get_object (&values[1]));
  return TRUE;
}

static gulong bind_hook, unbind_hook;

static void
watch_cells (GHashTable *bound)
{
  g_type_class_ref (GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY);
  bind_hook = g_signal_add_emission_hook (g_signal_lookup ("bind", GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY), 0,
                                          cell_bind_hook, bound, NULL);
  unbind_hook = g_signal_add_emission_hook (g_signal_lookup ("unbind", GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY), 0,
                                            cell_unbind_hook, bound, NULL);
}

static void
unwatch_cells (void)
{
  if (bind_hook != 0)
    g_signal_remove_emission_hook (g_signal_lookup ("bind", GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY), bind_hook);
  if (unbind_hook != 0)
    g_signal_remove_emission_hook (g_signal_lookup ("unbind", GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY), unbind_hook);
  bind_hook = unbind_hook = 0;
}

/* Whether the row at `position` is bound to the record `id`. */
static gboolean
row_bound (Bench *bench, guint position, gint64 id)
{
  GHashTableIter iter;
  gpointer key, factory;

  g_hash_table_iter_init (&iter, bench->bound);
  while (g_hash_table_iter_next (&iter, &key, &factory))
    if (factory == bench->factory && gtk_list_item_get_position (key) == position)
      {
        JoineryRecord *record = joinery_list_rows_item_peek_record (gtk_list_item_get_item (key));
        return record != NULL && joinery_record_get_id (record) == id;
      }
  return FALSE;
}

/* Whether the cell of a list item is within the rows' visible area. */
static gboolean
on_screen (Bench *bench, GtkListItem *item)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  graphene_rect_t bounds;

  if (cell == NULL || !gtk_widget_get_mapped (cell) ||
      !gtk_widget_compute_bounds (cell, bench->rows, &bounds))
    return FALSE;
  return bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (bench->rows);
}

/* Time spent reading rows so far: in the store's get_item(), or the
 * list's model reading records. */
static gint64
fetch_ns (Bench *bench)
{
  if (bench->timed != NULL)
    return bench->timed->ns;
  return bench->model != NULL ? joinery_list_model_get_read_time (bench->model) * 1000 : 0;
}

static void
before_paint_cb (GdkFrameClock *clock, Bench *bench)
{
  bench->frame_began = bench_now_ns ();
  bench->timed_at_frame = fetch_ns (bench);
}

/* The start of a frame's layout and paint phases (connected first, so
 * before the window's own handlers). */
static void
layout_began_cb (GdkFrameClock *clock, Bench *bench)
{
  if (bench->layout_began == 0)
    bench->layout_began = bench_now_ns ();
  bench->layouts++;
}

static void
paint_began_cb (GdkFrameClock *clock, Bench *bench)
{
  bench->paint_began = bench_now_ns ();
}

static void
after_paint_cb (GdkFrameClock *clock, Bench *bench)
{
  gint64 now = bench_now_ns ();
  gboolean phased = bench->frame_began > 0 && bench->layout_began > bench->frame_began &&
                    bench->paint_began > bench->layout_began;
  double phases[3] = { -1, -1, -1 };
  guint frame_layouts;

  bench->frames++;
  if (phased)
    {
      phases[0] = (bench->layout_began - bench->frame_began) / 1e6;
      phases[1] = (bench->paint_began - bench->layout_began) / 1e6;
      phases[2] = (now - bench->paint_began) / 1e6;
    }
  if (bench->frame_ms != NULL && bench->frame_began > 0)
    {
      double ms = (now - bench->frame_began) / 1e6;
      g_array_append_val (bench->frame_ms, ms);
      if (bench->layout_began > 0 && bench->paint_began > bench->layout_began)
        {
          ms = (bench->layout_began - bench->frame_began) / 1e6;
          g_array_append_val (bench->update_ms, ms);
          ms = (bench->paint_began - bench->layout_began) / 1e6;
          g_array_append_val (bench->layout_ms, ms);
          ms = (now - bench->paint_began) / 1e6;
          g_array_append_val (bench->paint_ms, ms);
        }
    }
  bench->layout_began = bench->paint_began = 0;
  frame_layouts = bench->layouts;
  bench->layouts = 0;
  if (bench->fetch_ms != NULL)
    {
      double ms = (fetch_ns (bench) - bench->timed_at_frame) / 1e6;
      g_array_append_val (bench->fetch_ms, ms);
    }
  if (bench->painted != NULL && bench->painted_at == 0 && bench->painted (bench))
    {
      bench->painted_at = now;
      bench->painted_fetch = fetch_ns (bench);
      bench->painted_cpu = bench_thread_cpu_ns ();
      bench->painted_frames = bench->frames;
      bench->painted_layouts = frame_layouts;
      memcpy (bench->painted_phases, phases, sizeof phases);
    }
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Bench *bench = data;

  if (bench->scroll_step > 0)
    {
      GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bench->view));
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bench->scroll_step);
    }
  if (bench->pending_jump != G_MAXUINT)
    {
      bench->jump_started = bench_now_ns ();
      bench->jump_fetch_from = fetch_ns (bench);
      bench->jump_cpu_from = bench_thread_cpu_ns ();
      gtk_widget_activate_action (bench->rows, "list.scroll-to-item", "u", bench->pending_jump);
      bench->pending_jump = G_MAXUINT;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
search_changed_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  Bench *bench = data;

  if (bench->search_changed_at == 0)
    bench->search_changed_at = bench_now_ns ();
  return TRUE;
}

/* Run the main loop until a frame is painted in which `painted` holds:
 * the end of that frame, or 0 and `error`. No frame comes while nothing
 * changes on screen: after 250 ms without one, a redraw is asked for. */
static gboolean list_settled (Bench *bench);

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gint64
wait_painted (Bench *bench, PaintedFunc painted, GError **error)
{
  gint64 deadline = bench_now_ns () + (gint64) WAIT_LIMIT_S * 1000000000;
  guint64 frames = bench->frames;
  gint64 last_frame = bench_now_ns ();
  /* The loop blocks between events; this wakes it to look at the clock. */
  guint wake = g_timeout_add (50, wake_cb, NULL);

  bench->painted = painted;
  bench->painted_at = 0;
  while (bench->painted_at == 0)
    {
      if (bench_now_ns () > deadline)
        {
          bench->painted = NULL;
          g_source_remove (wake);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no frame showed what was awaited in %d s "
                       "(the list: %u rows, %s, search “%s”, sort %s; rows shown %s)", WAIT_LIMIT_S,
                       g_list_model_get_n_items (G_LIST_MODEL (bench->model)),
                       joinery_list_model_get_loading (bench->model) ? "loading" : "read",
                       joinery_list_model_get_search (bench->model), joinery_list_model_get_sort_field (bench->model),
                       list_settled (bench) ? "bound" : "not bound to its rows");
          return 0;
        }
      if (bench->frames != frames)
        {
          frames = bench->frames;
          last_frame = bench_now_ns ();
        }
      else if (bench_now_ns () - last_frame > 250 * G_GINT64_CONSTANT (1000000))
        {
          gtk_widget_queue_draw (GTK_WIDGET (bench->window));
          last_frame = bench_now_ns ();
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
  bench->painted = NULL;
  return bench->painted_at;
}

static void
wait_frames (Bench *bench, guint n)
{
  guint64 until = bench->frames + n;

  while (bench->frames < until)
    g_main_context_iteration (NULL, TRUE);
}

static void
spin (guint ms)
{
  gint64 end = bench_now_ns () + (gint64) ms * 1000000;

  while (bench_now_ns () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* The list's rows read, and the rows the view shows bound to them: each
 * to the model's record at its position (none left from before), those
 * on screen read, and at least one. (GtkListView keeps its place on a
 * record that stays in the list, so the rows shown after a search or sort
 * need not be its first. Rows off screen are read when the loop is idle.) */
static gboolean
list_settled (Bench *bench)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (bench->model));
  GHashTableIter iter;
  gpointer key, factory;
  guint shown = 0;

  if (joinery_list_model_get_loading (bench->model))
    return FALSE;
  g_hash_table_iter_init (&iter, bench->bound);
  while (g_hash_table_iter_next (&iter, &key, &factory))
    if (factory == bench->factory)
      {
        guint position = gtk_list_item_get_position (key);
        JoineryRecord *record = joinery_list_rows_item_peek_record (gtk_list_item_get_item (key));

        if (record == NULL && !on_screen (bench, key))
          continue;
        if (record == NULL || position >= n ||
            joinery_record_get_id (record) != joinery_list_model_get_id (bench->model, position))
          return FALSE;
        shown++;
      }
  return n == 0 || shown > 0;
}

static gboolean
cleared_painted (Bench *bench)
{
  const char *search = joinery_list_model_get_search (bench->model);

  return (search == NULL || *search == '\0') && list_settled (bench);
}

static gboolean
search_painted (Bench *bench)
{
  return g_strcmp0 (joinery_list_model_get_search (bench->model), bench->want_text) == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (bench->model)) == bench->want_count && list_settled (bench);
}

static gboolean
sort_painted (Bench *bench)
{
  return g_strcmp0 (joinery_list_model_get_sort_field (bench->model), bench->want_field) == 0 &&
         joinery_list_model_get_sort_descending (bench->model) == bench->want_descending &&
         list_settled (bench);
}

static gboolean
jump_painted (Bench *bench)
{
  return bench->jump_started > 0 && row_bound (bench, bench->want_position, bench->want_id);
}

/* The window, made and shown as the application does, on `path`. */
static gboolean
open_window (Bench *bench, const char *path, GError **error)
{
  GListModel *columns;

  bench->bound = g_hash_table_new (NULL, NULL);
  watch_cells (bench->bound);
  bench->app = joinery_application_new (G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (bench->app), NULL, error))
    return FALSE;
  g_application_hold (G_APPLICATION (bench->app));
  turn_off_backups ();
  bench->window = joinery_window_new (GTK_APPLICATION (bench->app));
  if (!joinery_window_open_file (bench->window, path, FALSE, error))
    return FALSE;
  joinery_window_show_kind (bench->window, people ());
  bench->list = joinery_window_get_list (bench->window);
  bench->model = joinery_record_list_get_model (bench->list);
  bench->view = joinery_record_list_get_column_view (bench->list);
  bench->entry = joinery_record_list_get_search_entry (bench->list);
  bench->rows = joinery_gui_find_list_view (GTK_WIDGET (bench->view));
  g_assert (bench->rows != NULL);

  /* The first visible column's cells say which rows are bound. */
  columns = gtk_column_view_get_columns (bench->view);
  for (guint i = 0; i < g_list_model_get_n_items (columns) && bench->factory == NULL; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      if (gtk_column_view_column_get_visible (column))
        bench->factory = gtk_column_view_column_get_factory (column);
    }
  g_assert (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (bench->factory));

  g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0, search_changed_hook,
                              bench, NULL);
  bench->stall_source = g_source_new (&stall_funcs, sizeof (StallSource));
  g_source_attach (bench->stall_source, NULL);
  bench->pending_jump = G_MAXUINT;

  gtk_window_present (GTK_WINDOW (bench->window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (bench->window)))
    g_main_context_iteration (NULL, TRUE);
  bench->clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  g_signal_connect (bench->clock, "before-paint", G_CALLBACK (before_paint_cb), bench);
  g_signal_connect (bench->clock, "layout", G_CALLBACK (layout_began_cb), bench);
  g_signal_connect (bench->clock, "paint", G_CALLBACK (paint_began_cb), bench);
  g_signal_connect_after (bench->clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
  if (wait_painted (bench, list_settled, error) == 0)
    return FALSE;
  spin (300);

  g_print ("window: %d×%d, %s, %u people listed, the entry's search delay %u ms\n",
           gtk_widget_get_width (GTK_WIDGET (bench->window)), gtk_widget_get_height (GTK_WIDGET (bench->window)),
           renderer_name (GTK_WIDGET (bench->window)), g_list_model_get_n_items (G_LIST_MODEL (bench->model)),
           gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (bench->entry)));
  return TRUE;
}

static void
close_window (Bench *bench)
{
  if (bench->clock != NULL)
    g_signal_handlers_disconnect_by_data (bench->clock, bench);
  if (bench->window != NULL)
    gtk_window_destroy (GTK_WINDOW (bench->window));
  spin (50);
  if (bench->app != NULL)
    g_application_release (G_APPLICATION (bench->app));
  g_clear_object (&bench->app);
  if (bench->stall_source != NULL)
    {
      g_source_destroy (bench->stall_source);
      g_source_unref (bench->stall_source);
    }
  unwatch_cells ();
  g_clear_pointer (&bench->bound, g_hash_table_unref);
}

/* The SQL alone: every id of `sql` (with `param`), then a screen of rows by id. */
static double
reference_ms (Bench *bench, const char *sql, const char *param, gint64 *count, gint64 *first_id,
              GError **error)
{
  gint64 ids[SCREEN];
  gint64 start = bench_now_ns ();
  gint64 rows = bench_run_sql (bench->handle, sql, param, ids, SCREEN, error);

  if (rows < 0 || !bench_read_rows (bench->handle, "people", ids, (guint) MIN (rows, SCREEN), error))
    return -1;
  *count = rows;
  *first_id = rows > 0 ? ids[0] : 0;
  return (bench_now_ns () - start) / 1e6;
}

/* Back to the list's first rows, painted. */
static gboolean
scroll_to_top (Bench *bench, GError **error)
{
  gtk_widget_activate_action (bench->rows, "list.scroll-to-item", "u", 0);
  return wait_painted (bench, list_settled, error) != 0;
}

/* Search */

static gboolean
bench_search (Bench *bench, GError **error)
{
  g_autoptr(GArray) key_all = doubles ();
  g_autoptr(GArray) changed_all = doubles ();
  g_autoptr(GArray) sql_all = doubles ();
  g_autoptr(GArray) cpu_all = doubles ();
  GArray *key_ms[BENCH_N_SEARCH_TERMS], *changed_ms[BENCH_N_SEARCH_TERMS], *sql_ms[BENCH_N_SEARCH_TERMS];
  guint delay = gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (bench->entry));
  double worst_over = 0, worst_changed_over = 0, worst_stall = 0;
  guint order_differs = 0;
  g_autofree char *measure = NULL;

  for (guint k = 0; k < BENCH_N_SEARCH_TERMS; k++)
    {
      key_ms[k] = doubles ();
      changed_ms[k] = doubles ();
      sql_ms[k] = doubles ();
    }
  gtk_widget_grab_focus (GTK_WIDGET (bench->entry));
  for (int r = -1; r < bench->repeat; r++)
    {
      gtk_editable_set_text (bench->entry, "");
      if (wait_painted (bench, cleared_painted, error) == 0)
        return FALSE;
      /* Typing starts at the top of the list. */
      if (!scroll_to_top (bench, error))
        return FALSE;
      spin (200);
      for (guint k = 0; k < BENCH_N_SEARCH_TERMS; k++)
        {
          g_autofree char *match = g_strdup_printf ("\"%s\"*", bench_search_terms[k]);
          gint64 count, first_id, keyed, painted, cpu;
          int position = (int) k;
          double sql, t;

          sql = reference_ms (bench, bench_people_search_sql, match, &count, &first_id, error);
          if (sql < 0)
            return FALSE;

          /* The next letter, where a key press puts it. */
          bench->want_text = bench_search_terms[k];
          bench->want_count = (guint) count;
          bench->search_changed_at = 0;
          stall_reset (bench);
          cpu = bench_thread_cpu_ns ();
          keyed = bench_now_ns ();
          gtk_editable_insert_text (bench->entry, bench_search_terms[k] + k, 1, &position);
          gtk_editable_set_position (bench->entry, position);
          painted = wait_painted (bench, search_painted, error);
          if (painted == 0)
            {
              g_prefix_error (error, "search \"%s\": ", bench_search_terms[k]);
              return FALSE;
            }
          cpu = bench_thread_cpu_ns () - cpu;
          worst_stall = MAX (worst_stall, stall_worst_ms (bench));
          if (count > 0 && joinery_list_model_get_id (bench->model, 0) != first_id)
            order_differs++;
          if (r < 0)
            continue;
          t = cpu / 1e6;
          g_array_append_val (cpu_all, t);
          t = (painted - keyed) / 1e6;
          g_array_append_val (key_ms[k], t);
          g_array_append_val (key_all, t);
          t = bench->search_changed_at > 0 ? (painted - bench->search_changed_at) / 1e6 : t;
          g_array_append_val (changed_ms[k], t);
          g_array_append_val (changed_all, t);
          g_array_append_val (sql_ms[k], sql);
          g_array_append_val (sql_all, sql);
          if (r == 0)
            g_print ("search \"%s\": %" G_GINT64_FORMAT " people\n", bench_search_terms[k], count);
          /* A pause between keys, as a person makes. */
          spin (60);
        }
    }
  if (order_differs > 0)
    g_print ("search: WARNING: %u times the first row differed from the SQL's first\n", order_differs);
  for (guint k = 0; k < BENCH_N_SEARCH_TERMS; k++)
    {
      g_autofree char *line = g_strdup_printf ("search \"%s\": keystroke to painted (ms), vs the SQL alone",
                                               bench_search_terms[k]);

      worst_over = MAX (worst_over, median_of (key_ms[k]) - median_of (sql_ms[k]));
      worst_changed_over = MAX (worst_changed_over, median_of (changed_ms[k]) - median_of (sql_ms[k]));
      g_print ("search \"%s\": keystroke to painted %.1f ms, from search-changed %.1f ms, SQL alone %.1f ms\n",
               bench_search_terms[k], median_of (key_ms[k]), median_of (changed_ms[k]), median_of (sql_ms[k]));
      result (line, median_of (key_ms[k]), median_of (sql_ms[k]), 1, "-");
      g_array_unref (key_ms[k]);
      g_array_unref (changed_ms[k]);
      g_array_unref (sql_ms[k]);
    }
  g_print ("search: longest main-loop stall while typing %.1f ms; the main thread's CPU time from keystroke "
           "to painted p50 %.1f ms, p95 %.1f ms (the rest of the wait: the model's thread, the X server, "
           "other programs)\n", worst_stall, median_of (cpu_all), bench_quantile (cpu_all, 0.95));
  result ("search as you type: keystroke to painted p95 (ms), vs the SQL alone p95",
          bench_quantile (key_all, 0.95), bench_quantile (sql_all, 0.95), 1, "-");
  result ("search as you type: keystroke to painted p95 (ms), vs 100 ms", bench_quantile (key_all, 0.95), 100.0,
          1, "<=1");
  result ("search as you type: main thread's CPU per keystroke p95 (ms), vs the SQL alone p95",
          bench_quantile (cpu_all, 0.95), bench_quantile (sql_all, 0.95), 1, "-");
  result ("search: worst time over the SQL alone (ms), vs 30 ms", MAX (worst_over, 0), 30.0, 1, "<=1");
  measure = g_strdup_printf ("search, after the entry's %u ms delay: p95 (ms), vs 100 ms", delay);
  result (measure, bench_quantile (changed_all, 0.95), 100.0, 1, "<=1");
  g_free (measure);
  measure = g_strdup_printf ("search, after the entry's %u ms delay: worst over the SQL (ms), vs 30 ms", delay);
  result (measure, MAX (worst_changed_over, 0), 30.0, 1, "<=1");

  gtk_editable_set_text (bench->entry, "");
  return wait_painted (bench, cleared_painted, error) != 0;
}

/* Sort */

static gboolean
sort_and_wait (Bench *bench, const char *field, gboolean descending, GError **error)
{
  joinery_record_list_sort_by (bench->list, field, descending);
  bench->want_field = field;
  bench->want_descending = field != NULL && descending;
  return wait_painted (bench, sort_painted, error) != 0;
}

static gboolean
bench_sort (Bench *bench, GError **error)
{
  double worst_over = 0, worst_stall = 0, worst_cpu_over = 0;

  for (guint s = 0; s < BENCH_N_PEOPLE_SORTS; s++)
    {
      g_autoptr(GArray) click_ms = doubles ();
      g_autoptr(GArray) sql_ms = doubles ();
      g_autoptr(GArray) cpu_ms = doubles ();
      g_autoptr(GArray) thread_ms = doubles ();
      g_autoptr(GArray) wait_ms = doubles ();
      g_autoptr(GArray) show_ms = doubles ();
      g_autoptr(GArray) thread_cpu_ms = doubles ();
      g_autoptr(GArray) sql_cpu_ms = doubles ();
      g_autofree char *measure = NULL;
      double stall = 0;
      guint64 read = 0;

      for (int r = -1; r < bench->repeat; r++)
        {
          gint64 count, first_id, start, painted, cpu, sql_cpu = 0;
          double sql = 0;
          /* The SQL alone and the window's sort, in turn first, so that
           * neither is always the one that finds the pages cached. */
          gboolean sql_first = r % 2 == 0;

          if (!sort_and_wait (bench, NULL, FALSE, error) || !scroll_to_top (bench, error))
            return FALSE;
          spin (200);
          if (sql_first)
            {
              sql_cpu = bench_thread_cpu_ns ();
              sql = reference_ms (bench, bench_people_sorts[s].sql, NULL, &count, &first_id, error);
              sql_cpu = bench_thread_cpu_ns () - sql_cpu;
              if (sql < 0)
                return FALSE;
              spin (100);
            }

          stall_reset (bench);
          read = joinery_list_model_get_rows_read (bench->model);
          cpu = bench_thread_cpu_ns ();
          start = bench_now_ns ();
          joinery_record_list_sort_by (bench->list, bench_people_sorts[s].field, bench_people_sorts[s].descending);
          bench->want_field = bench_people_sorts[s].field;
          bench->want_descending = bench_people_sorts[s].descending;
          painted = wait_painted (bench, sort_painted, error);
          if (painted == 0)
            return FALSE;
          cpu = bench_thread_cpu_ns () - cpu;
          if (!sql_first)
            {
              spin (100);
              sql_cpu = bench_thread_cpu_ns ();
              sql = reference_ms (bench, bench_people_sorts[s].sql, NULL, &count, &first_id, error);
              sql_cpu = bench_thread_cpu_ns () - sql_cpu;
              if (sql < 0)
                return FALSE;
            }
          if (g_list_model_get_n_items (G_LIST_MODEL (bench->model)) != count)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "sort by %s: %u rows listed, %" G_GINT64_FORMAT
                           " by SQL", bench_people_sorts[s].field, g_list_model_get_n_items (G_LIST_MODEL (bench->model)), count);
              return FALSE;
            }
          if (joinery_list_model_get_id (bench->model, 0) != first_id)
            g_print ("sort by %s: WARNING: the first row is not the SQL's first\n", bench_people_sorts[s].field);
          if (r < 0)
            continue;
          {
            double t = (painted - start) / 1e6;
            gint64 read_us, wait_us, show_us, read_cpu_us;

            g_array_append_val (click_ms, t);
            g_array_append_val (sql_ms, sql);
            t = cpu / 1e6;
            g_array_append_val (cpu_ms, t);
            joinery_list_model_get_load_times (bench->model, &read_us, &wait_us, &show_us, &read_cpu_us);
            t = read_us / 1e3;
            g_array_append_val (thread_ms, t);
            t = wait_us / 1e3;
            g_array_append_val (wait_ms, t);
            t = show_us / 1e3;
            g_array_append_val (show_ms, t);
            t = read_cpu_us / 1e3;
            g_array_append_val (thread_cpu_ms, t);
            t = sql_cpu / 1e6;
            g_array_append_val (sql_cpu_ms, t);
          }
          stall = MAX (stall, stall_worst_ms (bench));
        }
      worst_over = MAX (worst_over, median_of (click_ms) - median_of (sql_ms));
      worst_stall = MAX (worst_stall, stall);
      read = joinery_list_model_get_rows_read (bench->model) - read;
      g_print ("sort by %s%s: header to painted %.1f ms, SQL ORDER BY alone %.1f ms, longest main-loop stall "
               "%.1f ms, the main thread's CPU time meanwhile %.1f ms; %" G_GUINT64_FORMAT " records read by the "
               "list for the last\n", bench_people_sorts[s].field,
               bench_people_sorts[s].descending ? " (descending)" : "", median_of (click_ms), median_of (sql_ms), stall,
               median_of (cpu_ms), read);
      g_print ("sort by %s%s: where the time went: the ids read on the model's thread %.1f ms, waiting for the "
               "main loop to take them %.1f ms, shown (the rows given their new records) %.1f ms, the rest "
               "(the first frame after, starting the read) %.1f ms\n", bench_people_sorts[s].field,
               bench_people_sorts[s].descending ? " (descending)" : "", median_of (thread_ms), median_of (wait_ms),
               median_of (show_ms),
               median_of (click_ms) - median_of (thread_ms) - median_of (wait_ms) - median_of (show_ms));
      measure = g_strdup_printf ("sort by %s%s: header to painted (ms), vs SQL ORDER BY alone", bench_people_sorts[s].field,
                                 bench_people_sorts[s].descending ? " desc" : "");
      result (measure, median_of (click_ms), median_of (sql_ms), 1, "-");
      /* The same work by CPU time, which the machine's load does not
       * stretch: the model's thread reading the ids, and this thread
       * running the SQL alone (every id, then a screen of rows). */
      g_print ("sort by %s%s: CPU time of the ids' read on the model's thread %.1f ms, of the SQL alone %.1f ms "
               "(over it %.1f ms)\n", bench_people_sorts[s].field,
               bench_people_sorts[s].descending ? " (descending)" : "", median_of (thread_cpu_ms),
               median_of (sql_cpu_ms), median_of (thread_cpu_ms) - median_of (sql_cpu_ms));
      g_free (measure);
      measure = g_strdup_printf ("sort by %s%s: CPU of the model's read (ms), vs the SQL alone's",
                                 bench_people_sorts[s].field, bench_people_sorts[s].descending ? " desc" : "");
      result (measure, median_of (thread_cpu_ms), median_of (sql_cpu_ms), 1, "-");
      worst_cpu_over = MAX (worst_cpu_over, median_of (thread_cpu_ms) - median_of (sql_cpu_ms));
    }
  result ("sort: worst time over the SQL alone (ms), vs 50 ms", MAX (worst_over, 0), 50.0, 1, "<=1");
  result ("sort: worst CPU time over the SQL alone's (ms), vs 50 ms", MAX (worst_cpu_over, 0), 50.0, 1, "<=1");
  result ("sort: longest main-loop stall (ms), vs 50 ms", worst_stall, 50.0, 1, "<=1");
  return sort_and_wait (bench, NULL, FALSE, error);
}

/* Scroll and jump */

typedef struct {
  GArray *smooth_ms, *smooth_fetch_ms;
  GArray *update_ms, *layout_ms, *paint_ms;   /* the smooth frames' phases */
  GArray *jump_ms, *jump_fetch_ms, *jump_cpu_ms;
  GArray *jump_phase_ms[3];   /* the painted frame's update, layout, paint, when the jump took one frame */
  guint   jump_frames_over;   /* jumps painted in a later frame than their own */
  guint   jump_layouts_over;  /* jumps whose frame laid out more than once */
  GArray *first_tenth_ms, *last_tenth_ms;
  GArray *first_tenth_fetch_ms, *last_tenth_fetch_ms;
} ScrollFigures;

static void
scroll_figures_init (ScrollFigures *f)
{
  f->smooth_ms = doubles ();
  f->update_ms = doubles ();
  f->layout_ms = doubles ();
  f->paint_ms = doubles ();
  f->smooth_fetch_ms = doubles ();
  f->jump_ms = doubles ();
  f->jump_fetch_ms = doubles ();
  f->jump_cpu_ms = doubles ();
  for (guint i = 0; i < 3; i++)
    f->jump_phase_ms[i] = doubles ();
  f->jump_frames_over = 0;
  f->jump_layouts_over = 0;
  f->first_tenth_ms = doubles ();
  f->last_tenth_ms = doubles ();
  f->first_tenth_fetch_ms = doubles ();
  f->last_tenth_fetch_ms = doubles ();
}

static void
scroll_figures_clear (ScrollFigures *f)
{
  GArray **all[] = { &f->smooth_ms, &f->update_ms, &f->layout_ms, &f->paint_ms, &f->smooth_fetch_ms, &f->jump_ms, &f->jump_fetch_ms, &f->jump_cpu_ms,
                     &f->first_tenth_ms,
                     &f->last_tenth_ms, &f->first_tenth_fetch_ms, &f->last_tenth_fetch_ms };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_clear_pointer (all[i], g_array_unref);
  for (guint i = 0; i < 3; i++)
    g_clear_pointer (&f->jump_phase_ms[i], g_array_unref);
}

/* The record at `position` of the rows shown, by id, read without
 * touching the list's model's pages. */
static gint64
id_at (GListModel *rows, guint position)
{
  g_autoptr(JoineryRecord) record = NULL;

  if (JOINERY_IS_LIST_MODEL (rows))
    return joinery_list_model_get_id (JOINERY_LIST_MODEL (rows), position);
  record = g_list_model_get_item (rows, position);
  return record != NULL ? joinery_record_get_id (record) : 0;
}

/* Jump to `position` in the next frame; the time to the frame that shows
 * it, and the time spent in get_item() meanwhile. */
static gboolean
jump (Bench *bench, GListModel *rows, guint position, double *ms, double *fetch_ms, double *cpu_ms,
      GError **error)
{
  gint64 painted;
  guint64 frames = bench->frames;

  bench->want_position = position;
  bench->want_id = id_at (rows, position);
  bench->jump_started = 0;
  bench->pending_jump = position;
  painted = wait_painted (bench, jump_painted, error);
  if (painted == 0)
    {
      g_prefix_error (error, "jump to row %u: ", position);
      return FALSE;
    }
  *ms = (painted - bench->jump_started) / 1e6;
  *fetch_ms = (bench->painted_fetch - bench->jump_fetch_from) / 1e6;
  *cpu_ms = (bench->painted_cpu - bench->jump_cpu_from) / 1e6;
  /* The frame that jumped (its tick) is the one after those painted before. */
  bench->jump_painted_late = bench->painted_frames > frames + 1;
  return TRUE;
}

/* The scrolling figures for the column view over `rows`: the store
 * through a timed pass-through, or the list's own rows (`own`, the
 * window's selection over them) when `rows` is the list's model. */
static gboolean
scroll_over (Bench *bench, GListModel *rows, GtkSelectionModel *own, ScrollFigures *f, GError **error)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  guint n = g_list_model_get_n_items (rows);
  guint tick;

  if (own == NULL)
    {
      bench->timed = bench_timed_model_new (rows);
      selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (bench->timed)));
      gtk_single_selection_set_autoselect (selection, FALSE);
      gtk_single_selection_set_can_unselect (selection, TRUE);
      gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
      gtk_column_view_set_model (bench->view, GTK_SELECTION_MODEL (selection));
    }
  else
    gtk_column_view_set_model (bench->view, own);
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (bench->view), tick_cb, bench, NULL);
  wait_frames (bench, 10);

  /* Smooth: from a few rows of their own, a step a frame. */
  for (guint s = 0; s < N_SEGMENTS; s++)
    {
      guint from = (guint) joinery_generate_draw (SEED, STREAM_JUMPS + 1, s, n - 1000);
      double ms, fetch, cpu;

      if (!jump (bench, rows, from, &ms, &fetch, &cpu, error))
        goto fail;
      wait_frames (bench, 5);
      bench->frame_ms = f->smooth_ms;
      bench->update_ms = f->update_ms;
      bench->layout_ms = f->layout_ms;
      bench->paint_ms = f->paint_ms;
      bench->fetch_ms = f->smooth_fetch_ms;
      bench->scroll_step = SCROLL_STEP;
      wait_frames (bench, SEGMENT_FRAMES);
      bench->scroll_step = 0;
      bench->frame_ms = NULL;
      bench->update_ms = bench->layout_ms = bench->paint_ms = NULL;
      bench->fetch_ms = NULL;
    }

  /* Jumps: a quarter in the first tenth, a quarter in the last, the rest
   * anywhere; the same rows for both models. */
  for (guint j = 0; j < N_JUMPS; j++)
    {
      guint64 range = j % 4 < 2 ? n / 10 : n - SCREEN;
      guint position = (guint) joinery_generate_draw (SEED, STREAM_JUMPS, j, range);
      double ms, fetch, cpu;

      if (j % 4 == 1)
        position = n - SCREEN - position;
      wait_frames (bench, 3);
      if (!jump (bench, rows, position, &ms, &fetch, &cpu, error))
        goto fail;
      g_array_append_val (f->jump_ms, ms);
      g_array_append_val (f->jump_fetch_ms, fetch);
      g_array_append_val (f->jump_cpu_ms, cpu);
      f->jump_layouts_over += bench->painted_layouts > 1;
      if (bench->jump_painted_late)
        f->jump_frames_over++;
      else if (bench->painted_phases[0] >= 0)
        for (guint i = 0; i < 3; i++)
          g_array_append_val (f->jump_phase_ms[i], bench->painted_phases[i]);
      if (position < n / 10)
        {
          g_array_append_val (f->first_tenth_ms, ms);
          g_array_append_val (f->first_tenth_fetch_ms, fetch);
        }
      else if (position >= n - n / 10 - SCREEN)
        {
          g_array_append_val (f->last_tenth_ms, ms);
          g_array_append_val (f->last_tenth_fetch_ms, fetch);
        }
    }
  gtk_widget_remove_tick_callback (GTK_WIDGET (bench->view), tick);
  g_clear_object (&bench->timed);
  return TRUE;

fail:
  gtk_widget_remove_tick_callback (GTK_WIDGET (bench->view), tick);
  g_clear_object (&bench->timed);
  return FALSE;
}

static gboolean
bench_scroll (Bench *bench, GError **error)
{
  g_autoptr(GtkSelectionModel) own = g_object_ref (gtk_column_view_get_model (bench->view));
  g_autoptr(GListStore) store = g_list_store_new (JOINERY_TYPE_RECORD);
  g_autoptr(GPtrArray) records = NULL;
  ScrollFigures lazy, memory;
  double before = bench_resident_mb ();
  gint64 start = bench_now_ns ();
  gboolean ok;

  /* The same records, all in memory, in the list's order. */
  records = joinery_db_list (bench->db, people (), NULL, error);
  if (records == NULL)
    return FALSE;
  g_list_store_splice (store, 0, 0, records->pdata, records->len);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_print ("scroll: %u records read into a GListStore in %.1f s (+%.0f MB)\n",
           g_list_model_get_n_items (G_LIST_MODEL (store)), (bench_now_ns () - start) / 1e6 / 1000,
           bench_resident_mb () - before);
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) != g_list_model_get_n_items (G_LIST_MODEL (bench->model)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the store has %u records, the list %u",
                   g_list_model_get_n_items (G_LIST_MODEL (store)),
                   g_list_model_get_n_items (G_LIST_MODEL (bench->model)));
      return FALSE;
    }

  scroll_figures_init (&lazy);
  scroll_figures_init (&memory);
  /* The reference first and last, the list's model between. */
  ok = scroll_over (bench, G_LIST_MODEL (store), NULL, &memory, error) &&
       scroll_over (bench, G_LIST_MODEL (bench->model), own, &lazy, error);
  gtk_column_view_set_model (bench->view, own);
  if (ok)
    {
      g_print ("smooth scroll (%.0f px a frame): frame p50 %.2f ms, p95 %.2f ms (GListStore: p50 %.2f, p95 %.2f); "
               "rows read p95 %.3f ms a frame\n", SCROLL_STEP, median_of (lazy.smooth_ms),
               bench_quantile (lazy.smooth_ms, 0.95), median_of (memory.smooth_ms),
               bench_quantile (memory.smooth_ms, 0.95), bench_quantile (lazy.smooth_fetch_ms, 0.95));
      g_print ("smooth scroll: where a frame's time goes, p50 / p95: update %.2f / %.2f ms, layout (rows "
               "measured, bound, read) %.2f / %.2f ms, paint (snapshot, drawn by the renderer) %.2f / %.2f ms "
               "(GListStore: %.2f / %.2f, %.2f / %.2f, %.2f / %.2f)\n",
               median_of (lazy.update_ms), bench_quantile (lazy.update_ms, 0.95), median_of (lazy.layout_ms),
               bench_quantile (lazy.layout_ms, 0.95), median_of (lazy.paint_ms), bench_quantile (lazy.paint_ms, 0.95),
               median_of (memory.update_ms), bench_quantile (memory.update_ms, 0.95), median_of (memory.layout_ms),
               bench_quantile (memory.layout_ms, 0.95), median_of (memory.paint_ms),
               bench_quantile (memory.paint_ms, 0.95));
      g_print ("jump to row N: p50 %.2f ms, p95 %.2f ms (GListStore: p50 %.2f, p95 %.2f); rows read p50 %.3f, "
               "p95 %.3f ms (GListStore %.3f); first tenth p50 %.2f ms (rows read %.3f), last tenth p50 %.2f ms "
               "(rows read %.3f)\n", median_of (lazy.jump_ms), bench_quantile (lazy.jump_ms, 0.95),
               median_of (memory.jump_ms), bench_quantile (memory.jump_ms, 0.95), median_of (lazy.jump_fetch_ms),
               bench_quantile (lazy.jump_fetch_ms, 0.95), bench_quantile (memory.jump_fetch_ms, 0.95),
               median_of (lazy.first_tenth_ms), median_of (lazy.first_tenth_fetch_ms),
               median_of (lazy.last_tenth_ms), median_of (lazy.last_tenth_fetch_ms));
      g_print ("jump to row N: the main thread's CPU time to painted p50 %.2f ms, p95 %.2f ms (GListStore: p50 "
               "%.2f, p95 %.2f)\n", median_of (lazy.jump_cpu_ms), bench_quantile (lazy.jump_cpu_ms, 0.95),
               median_of (memory.jump_cpu_ms), bench_quantile (memory.jump_cpu_ms, 0.95));
      g_print ("jump to row N: the jump's frame, p50: update (rows bound) %.2f ms, layout (rows measured, read) "
               "%.2f ms, paint %.2f ms (GListStore: %.2f, %.2f, %.2f); jumps shown a frame or more late %u of %u "
               "(GListStore %u); laid out more than once in their frame %u (GListStore %u)\n", median_if_any (lazy.jump_phase_ms[0]), median_if_any (lazy.jump_phase_ms[1]),
               median_if_any (lazy.jump_phase_ms[2]), median_if_any (memory.jump_phase_ms[0]),
               median_if_any (memory.jump_phase_ms[1]), median_if_any (memory.jump_phase_ms[2]), lazy.jump_frames_over,
               lazy.jump_ms->len, memory.jump_frames_over, lazy.jump_layouts_over, memory.jump_layouts_over);
      result ("jump to row N: main thread's CPU to painted p50 (ms), vs a GListStore", median_of (lazy.jump_cpu_ms),
              median_of (memory.jump_cpu_ms), 2, "-");
      result ("smooth scroll: frame time p95 (ms), vs 8 ms", bench_quantile (lazy.smooth_ms, 0.95), 8.0, 2, "<=1");
      result ("smooth scroll: frame time p95 (ms), vs a GListStore", bench_quantile (lazy.smooth_ms, 0.95),
              bench_quantile (memory.smooth_ms, 0.95), 2, "-");
      result ("jump to row N: to painted p50 (ms), vs a GListStore", median_of (lazy.jump_ms),
              median_of (memory.jump_ms), 2, "<=1.2");
      result ("jump to row N: to painted p95 (ms), vs a GListStore", bench_quantile (lazy.jump_ms, 0.95),
              bench_quantile (memory.jump_ms, 0.95), 2, "<=1.2");
      result ("jump to row N: rows read from the model p95 (ms), vs 2 ms", bench_quantile (lazy.jump_fetch_ms, 0.95),
              2.0, 3, "<=1");
      result ("jump to row N: p50 in the last tenth (ms), vs the first tenth", median_of (lazy.last_tenth_ms),
              median_of (lazy.first_tenth_ms), 2, "<=1.2");
      result ("jump to row N: rows read p50 in the last tenth (ms), vs the first", median_of (lazy.last_tenth_fetch_ms),
              median_of (lazy.first_tenth_fetch_ms), 3, "<=1.2");
    }
  scroll_figures_clear (&lazy);
  scroll_figures_clear (&memory);
  /* Back on the list's own model, its first rows shown. */
  return ok && scroll_to_top (bench, error);
}

/* Setup */

int
main (int argc, char **argv)
{
  char *child_option = NULL;
  char *db_option = NULL;
  char *renderer = NULL;
  const GOptionEntry entries[] = {
    { "renderer", 0, 0, G_OPTION_ARG_STRING, &renderer, "GSK renderer of every window (default: GSK_RENDERER, "
      "or cairo: Xvfb has no GPU, and GL there is Mesa's software rasteriser)", "cairo|gl|ngl" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child_option, "One launch (internal)",
      "hello|joinery" },
    { "child-db", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &db_option, "Its file (internal)", "FILE" },
    { NULL }
  };
  BenchOptions options;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *empty_path = NULL;
  g_autofree char *small_path = NULL;
  gboolean made_dir = FALSE, generated = FALSE;
  gint64 count = 0;
  Bench bench = { 0 };
  int status = 1;

  if (!bench_parse_options (&argc, &argv, "— launch, search, sort and scroll the window on a list of people, "
                            "under Xvfb", DEFAULT_ROWS, 2000, "launch|search|sort|scroll (launch includes memory)",
                            entries, &options))
    return 2;
  if (child_option != NULL)
    return run_child (child_option, db_option);
  dir = bench_make_dir (options.dir, &made_dir, &error);
  if (dir == NULL)
    {
      g_printerr ("bench-gui: %s\n", error->message);
      bench_options_clear (&options);
      return 1;
    }
  path = options.db != NULL ? g_canonicalize_filename (options.db, NULL)
                            : g_build_filename (dir, "bench-gui.joinery", NULL);
  empty_path = g_build_filename (dir, "bench-gui-empty.joinery", NULL);
  small_path = g_build_filename (dir, "bench-gui-1000.joinery", NULL);

  g_print ("INFO\tsqlite\t%s\n", sqlite3_libversion ());
  g_print ("INFO\tgtk\t%u.%u.%u, libadwaita %u.%u.%u\n", gtk_get_major_version (), gtk_get_minor_version (),
           gtk_get_micro_version (), adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
  if (!bench_ensure_network (BENCHMARK, path, options.rows, &generated, &error))
    goto out;
  bench_remove_database (empty_path);
  {
    g_autoptr(JoineryDb) empty = joinery_db_open (empty_path, JOINERY_DB_OPEN_CREATE, &error);
    if (empty == NULL)
      goto out;
  }
  bench.db = joinery_db_open (path, JOINERY_DB_OPEN_DEFAULT, &error);
  if (bench.db == NULL)
    goto out;
  bench.handle = joinery_db_get_handle (bench.db);
  bench.repeat = options.repeat;
  if (!joinery_db_count (bench.db, people (), NULL, &count, &error))
    goto out;
  {
    gint64 organisations = 0, events = 0;
    joinery_db_count (bench.db, joinery_kind_lookup ("organisation"), NULL, &organisations, NULL);
    joinery_db_count (bench.db, joinery_kind_lookup ("event"), NULL, &events, NULL);
    g_print ("%s: %" G_GINT64_FORMAT " people, %" G_GINT64_FORMAT " organisations, %" G_GINT64_FORMAT
             " events in %s; %d timed run(s) of each figure\n", BENCHMARK, count, organisations, events, path,
             options.repeat);
  }
  g_print ("INFO\tpeople\t%" G_GINT64_FORMAT "\n", count);

  if (!bench_start_display (BENCH_GSCHEMA_DIR, &error))
    goto out;
  /* One renderer for every window, this one's and the children's. */
  if (renderer != NULL)
    g_setenv ("GSK_RENDERER", renderer, TRUE);
  else
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_print ("INFO\tGSK_RENDERER\t%s\n", g_getenv ("GSK_RENDERER"));

#define WANTED(name) (options.only == NULL || g_str_equal (options.only, name))
  if (WANTED ("launch") && (!bench_generate_network (small_path, 1000, &error) ||
                            !bench_launch (path, empty_path, small_path, options.repeat, &error)))
    goto out;
  if (WANTED ("search") || WANTED ("sort") || WANTED ("scroll"))
    {
      if (!gtk_init_check ())
        {
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot open the display");
          goto out;
        }
      adw_init ();
      if (!open_window (&bench, path, &error) ||
          (WANTED ("search") && !bench_search (&bench, &error)) ||
          (WANTED ("sort") && !bench_sort (&bench, &error)) ||
          (WANTED ("scroll") && !bench_scroll (&bench, &error)))
        goto out;
    }
#undef WANTED
  status = 0;

out:
  if (error != NULL)
    g_printerr ("bench-gui: %s\n", error->message);
  close_window (&bench);
  g_clear_object (&bench.db);
  bench_stop_display ();
  bench_remove_database (empty_path);
  bench_remove_database (small_path);
  bench_finish (&options, generated, path, made_dir, dir);
  g_free (db_option);
  g_free (child_option);
  g_free (renderer);
  return status;
}
