/* joinery-renderer.c: which of GTK's renderers draws the windows.
 *
 * GTK 4.8 draws with GL wherever there is GL, even when that GL is a
 * software rasteriser: Mesa's llvmpipe on a virtual or remote desktop, a
 * thin client, a machine without its GPU's driver. There GTK's cairo
 * renderer draws Joinery's pages in less time, for less CPU: Home on
 * 1,000,000 people opens in about half the time (bench-dashboard), and
 * the large map pans with less CPU a frame (bench-network). So, when the
 * display's GL is software, the windows use cairo. GSK_RENDERER still
 * decides when it is set.
 *
 * GTK asks a display's "gsk-renderer" data before GSK_RENDERER when it
 * makes a window's renderer; that is where the choice is left.
 *
 * Under cairo, each frame is drawn in the process's memory: GTK 4.8
 * allocates the frame's images (a window's width × height × 4 bytes, 4 MB
 * and more, and the same again for a picture drawn in it) and frees them
 * when it is sent. With glibc's thresholds as they start, such blocks are
 * given back to the system at each free and the next frame takes them
 * again, page by zeroed page: 4–5 ms of a map's 11 ms frame while it pans
 * (bench-network). While a map moves, joinery_renderer_hold_frame_memory()
 * sets the thresholds glibc's own can rise to (blocks up to 32 MiB from
 * the heap, twice that kept free at its top), so its frames reuse the same
 * memory; at rest, the memory is given back. Held for good, the lists'
 * memory grew by 20 MB and more (bench-gui), so it is held only then.
 */
#include "config.h"

#include "joinery-renderer.h"

#include <malloc.h>
#include <string.h>
#include <epoxy/gl.h>

gboolean
joinery_renderer_is_software_gl (const char *gl_renderer)
{
  static const char * const software[] = { "llvmpipe", "softpipe", "swrast", "software rasterizer", "swr", NULL };
  g_autofree char *lower = NULL;

  if (gl_renderer == NULL)
    return FALSE;
  lower = g_ascii_strdown (gl_renderer, -1);
  for (guint i = 0; software[i] != NULL; i++)
    {
      const char *found = strstr (lower, software[i]);
      gsize length = strlen (software[i]);

      /* A whole word: "swr" is not "swrite…". */
      while (found != NULL)
        {
          gboolean starts = found == lower || !g_ascii_isalnum (found[-1]);
          gboolean ends = !g_ascii_isalnum (found[length]);

          if (starts && ends)
            return TRUE;
          found = strstr (found + 1, software[i]);
        }
    }
  return FALSE;
}

/* GL_RENDERER of a context of DISPLAY's, or NULL where there is no GL. */
static char *
dup_gl_renderer (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  const char *name;
  char *copy;

  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return NULL;
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  copy = g_strdup (name);
  gdk_gl_context_clear_current ();
  return copy;
}

char *
joinery_renderer_choose (GdkDisplay *display, gboolean *software)
{
  const char *chosen = g_getenv ("GSK_RENDERER");
  char *gl_renderer = NULL;
  gboolean slow = FALSE;

  if (display != NULL && (chosen == NULL || *chosen == '\0'))
    {
      gint64 start = g_get_monotonic_time ();

      gl_renderer = dup_gl_renderer (display);
      slow = joinery_renderer_is_software_gl (gl_renderer);
      if (slow)
        g_object_set_data_full (G_OBJECT (display), "gsk-renderer", g_strdup ("cairo"), g_free);
      g_debug ("GL renderer: %s (asked in %.1f ms); windows drawn with %s",
               gl_renderer != NULL ? gl_renderer : "(no GL)", (g_get_monotonic_time () - start) / 1000.0,
               slow ? "cairo" : "GTK's choice");
    }
  if (software != NULL)
    *software = slow;
  return gl_renderer;
}

static guint frame_memory_holds;

void
joinery_renderer_hold_frame_memory (void)
{
  if (frame_memory_holds++ > 0)
    return;
  mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
}

void
joinery_renderer_release_frame_memory (void)
{
  g_return_if_fail (frame_memory_holds > 0);

  if (--frame_memory_holds > 0)
    return;
  /* glibc's starting thresholds (128 KiB each), and the heap given back. */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
  mallopt (M_TRIM_THRESHOLD, 128 * 1024);
  malloc_trim (0);
}

guint
joinery_renderer_get_frame_memory_holds (void)
{
  return frame_memory_holds;
}
