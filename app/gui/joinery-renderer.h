/* joinery-renderer.h: which of GTK's renderers draws the windows. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether GL_RENDERER's text names a software rasteriser (Mesa's
 * llvmpipe, softpipe or swrast, and the like). */
gboolean     joinery_renderer_is_software_gl (const char *gl_renderer);

/* Chooses GTK's cairo renderer for DISPLAY's windows when its GL is a
 * software rasteriser, unless GSK_RENDERER names a renderer. Call before
 * the first window is realized. Returns the GL renderer's text when GL
 * could be asked (for the log), or NULL; SOFTWARE, when not NULL, is set
 * to whether cairo was chosen. */
char        *joinery_renderer_choose (GdkDisplay *display, gboolean *software);

/* Whether DISPLAY's windows are drawn by GTK's cairo renderer: chosen
 * above, or by GSK_RENDERER. */
gboolean     joinery_renderer_draws_with_cairo (GdkDisplay *display);

/* Keeps the memory of large blocks freed (a frame's images) for the next
 * frame instead of giving it back to the system at each free. */
void         joinery_renderer_keep_frame_memory (void);

G_END_DECLS
