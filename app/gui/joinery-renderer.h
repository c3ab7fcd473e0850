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

/* While held (by a map that moves, under cairo), large blocks freed, as a
 * frame's images are, are kept for the next frame instead of given back to
 * the system; released by as many calls as held it, the allocator goes
 * back to its starting thresholds and what it kept is given back. */
void         joinery_renderer_hold_frame_memory (void);
void         joinery_renderer_release_frame_memory (void);
guint        joinery_renderer_get_frame_memory_holds (void);

G_END_DECLS
