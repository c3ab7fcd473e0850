/* test-gui-renderer.c: where the display's GL is a software rasteriser
 * (as under Xvfb: Mesa's llvmpipe), the application's windows are drawn
 * by GTK's cairo renderer; GSK_RENDERER still decides when it is set; a
 * GPU's GL is left to GTK. Runs under xvfb-run-test.sh.
 *
 * Each case runs in a child process of its own, since GTK reads
 * GSK_RENDERER once, when it makes its first renderer.
 */
#include "config.h"

#include <gtk/gtk.h>
#include <malloc.h>
#include <string.h>

#include "joinery-gui-test.h"
#include "joinery-renderer.h"

static void
test_software_names (void)
{
  static const char * const software[] = {
    "llvmpipe (LLVM 15.0.6, 256 bits)", "softpipe", "Software Rasterizer", "Mesa X11 swrast",
    "SWR (LLVM 3.9.1, 256 bits)", "LLVMPIPE",
  };
  static const char * const hardware[] = {
    "Mesa Intel(R) UHD Graphics 620 (KBL GT2)", "AMD Radeon RX 580 Series (polaris10, LLVM 15.0.6, DRM 3.49, 6.1.0)",
    "NVIDIA GeForce GTX 1060 6GB/PCIe/SSE2", "virgl (ANGLE (Intel, Mesa Intel(R) Xe Graphics))",
    "Apple M1 (swrite)", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    g_assert_true (joinery_renderer_is_software_gl (software[i]));
  for (guint i = 0; i < G_N_ELEMENTS (hardware); i++)
    g_assert_false (joinery_renderer_is_software_gl (hardware[i]));
  g_assert_false (joinery_renderer_is_software_gl (NULL));
}

/* Whether a large block freed is kept for the next frame: taken from the
 * heap, not mapped for itself, and the heap not cut back when it is freed.
 * (Not asked under AddressSanitizer, whose allocator is its own.) */
static gboolean
keeps_frame_memory (void)
{
  const gsize size = 24 * 1024 * 1024; /* a frame of 3000 × 2000 and more */
  struct mallinfo2 before = mallinfo2 (), held, after;
  char *block = malloc (size);

  g_assert_nonnull (block);
  memset (block, 1, size);
  held = mallinfo2 ();
  free (block);
  after = mallinfo2 ();
  if (held.hblks > before.hblks)
    return FALSE;
  g_assert_cmpuint (after.arena, >=, held.arena);
  return TRUE;
}

/* The application started, a window of it realized: its renderer. */
static GskRenderer *
realized_window_renderer (JoineryApplication **app, JoineryWindow **window)
{
  *app = joinery_gui_test_app_start ();
  *window = joinery_window_new (GTK_APPLICATION (*app));
  gtk_widget_realize (GTK_WIDGET (*window));
  return gtk_native_get_renderer (GTK_NATIVE (*window));
}

static void
close_window (JoineryApplication **app, JoineryWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (*app));
  g_clear_object (app);
}

static void
child_software_gl_draws_with_cairo (void)
{
  JoineryApplication *app = NULL;
  JoineryWindow *window = NULL;
  GdkDisplay *display;
  GskRenderer *renderer;
  g_autofree char *gl = NULL;
  gboolean software = FALSE;

  g_unsetenv ("GSK_RENDERER");
  gtk_init ();
  display = gdk_display_get_default ();
  /* What the display's GL is, asked as the application asks it. */
  gl = joinery_renderer_choose (display, &software);
  g_object_set_data (G_OBJECT (display), "gsk-renderer", NULL);
  if (gl == NULL)
    {
      /* No GL on this display: GTK draws with cairo whatever is chosen. */
      g_test_message ("no GL on this display");
      return;
    }
  g_test_message ("GL renderer: %s", gl);
  g_assert_cmpint (software, ==, joinery_renderer_is_software_gl (gl));

  renderer = realized_window_renderer (&app, &window);
  g_assert_nonnull (renderer);
  if (software)
    {
      g_assert_cmpstr (g_object_get_data (G_OBJECT (display), "gsk-renderer"), ==, "cairo");
      g_assert_true (GSK_IS_CAIRO_RENDERER (renderer));
    }
  else
    {
      g_assert_null (g_object_get_data (G_OBJECT (display), "gsk-renderer"));
      g_assert_false (GSK_IS_CAIRO_RENDERER (renderer));
    }
  close_window (&app, window);
}

static void
child_environment_decides (void)
{
  JoineryApplication *app = NULL;
  JoineryWindow *window = NULL;
  GskRenderer *renderer;
  gboolean software = TRUE;
  g_autofree char *gl = NULL;

  g_setenv ("GSK_RENDERER", "gl", TRUE);
  gtk_init ();
  gl = joinery_renderer_choose (gdk_display_get_default (), &software);
  g_assert_null (gl);
  g_assert_false (software);

  renderer = realized_window_renderer (&app, &window);
  g_assert_null (g_object_get_data (G_OBJECT (gdk_display_get_default ()), "gsk-renderer"));
  /* GL, as asked, where the display has GL; GTK's fallback otherwise. */
  if (gdk_display_prepare_gl (gdk_display_get_default (), NULL))
    g_assert_false (GSK_IS_CAIRO_RENDERER (renderer));
  close_window (&app, window);
}

static void
run_child (const char *path)
{
  g_test_trap_subprocess (path, 60 * G_USEC_PER_SEC * joinery_gui_test_time_factor (), G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Held, a frame's large blocks are kept; held twice, released once, still
 * kept; released as often as held, given back as at the start. */
static void
child_frame_memory (void)
{
  g_assert_cmpuint (joinery_renderer_get_frame_memory_holds (), ==, 0);
  joinery_renderer_hold_frame_memory ();
  joinery_renderer_hold_frame_memory ();
  g_assert_cmpuint (joinery_renderer_get_frame_memory_holds (), ==, 2);
  g_assert_true (keeps_frame_memory ());
  joinery_renderer_release_frame_memory ();
  g_assert_true (keeps_frame_memory ());
  joinery_renderer_release_frame_memory ();
  g_assert_cmpuint (joinery_renderer_get_frame_memory_holds (), ==, 0);
  g_assert_false (keeps_frame_memory ());
}

static void
test_frame_memory (void)
{
#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer's allocator is its own");
#else
  run_child ("/gui/renderer/frame-memory/subprocess");
#endif
}


static void
test_software_gl_draws_with_cairo (void)
{
  run_child ("/gui/renderer/software-gl-draws-with-cairo/subprocess");
}

static void
test_environment_decides (void)
{
  run_child ("/gui/renderer/environment-decides/subprocess");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/renderer/software-names", test_software_names);
  g_test_add_func ("/gui/renderer/software-gl-draws-with-cairo", test_software_gl_draws_with_cairo);
  g_test_add_func ("/gui/renderer/software-gl-draws-with-cairo/subprocess", child_software_gl_draws_with_cairo);
  g_test_add_func ("/gui/renderer/environment-decides", test_environment_decides);
  g_test_add_func ("/gui/renderer/environment-decides/subprocess", child_environment_decides);
  g_test_add_func ("/gui/renderer/frame-memory", test_frame_memory);
  g_test_add_func ("/gui/renderer/frame-memory/subprocess", child_frame_memory);
  return g_test_run ();
}
