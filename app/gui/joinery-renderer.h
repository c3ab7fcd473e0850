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

G_END_DECLS
