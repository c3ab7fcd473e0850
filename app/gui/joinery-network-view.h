/* joinery-network-view.h: a JoineryNetwork drawn — nodes by kind, links by
 * kind — with zoom (scroll, pinch, +/-), pan (drag the background), drag a
 * node to pin it, click to select, and highlights for a search and for the
 * neighbourhood of the selected node. Drawing is cairo, shared with the
 * PNG and SVG exports. */
#pragma once

#include <gtk/gtk.h>

#include "joinery-network.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_NETWORK_VIEW (joinery_network_view_get_type ())
G_DECLARE_FINAL_TYPE (JoineryNetworkView, joinery_network_view, JOINERY, NETWORK_VIEW, GtkWidget)

GtkWidget      *joinery_network_view_new            (void);
/* Show a network (laid out), taken over; NULL for none. The view fits it. */
void            joinery_network_view_set_network    (JoineryNetworkView *self, JoineryNetwork *network);
JoineryNetwork *joinery_network_view_get_network    (JoineryNetworkView *self);
/* The network's betweenness was measured since it was set: name its
 * strongest connectors. */
void            joinery_network_view_metrics_changed (JoineryNetworkView *self);
/* Links of these kinds are drawn (JoineryEdgeKind mask). */
void            joinery_network_view_set_edge_kinds (JoineryNetworkView *self, guint kinds);
/* Nodes whose label holds `text` (case-insensitive) are highlighted; NULL
 * or "" for none. The number highlighted. */
guint           joinery_network_view_set_search     (JoineryNetworkView *self, const char *text);
/* Select a node (-1 for none); with `focus_steps` > 0 only the nodes
 * within that many links of it are drawn. */
void            joinery_network_view_select         (JoineryNetworkView *self, int index);
int             joinery_network_view_get_selected   (JoineryNetworkView *self);
void            joinery_network_view_set_focus      (JoineryNetworkView *self, guint steps);
/* Zoom by a factor around the centre; fit everything in view. */
void            joinery_network_view_zoom           (JoineryNetworkView *self, double factor);
void            joinery_network_view_fit            (JoineryNetworkView *self);
/* Move the picture by so many pixels (the arrow keys move it 60). */
void            joinery_network_view_pan            (JoineryNetworkView *self, double dx, double dy);
/* Where a node is drawn, in the widget's coordinates; and the node at a
 * point, or -1. */
void            joinery_network_view_node_position  (JoineryNetworkView *self, guint index,
                                                     double *x, double *y);
int             joinery_network_view_node_at        (JoineryNetworkView *self, double x, double y);

/* Draw the whole network (fitted, as on screen with the same highlights)
 * on `cr`, `width` by `height`, with a legend below it (the kinds of node
 * and link; a line saying when betweenness is estimated); for the exports. */
void            joinery_network_view_draw_to        (JoineryNetworkView *self, cairo_t *cr,
                                                     double width, double height);
/* Write the drawing as PNG or SVG (by the file name's ending). */
gboolean        joinery_network_view_export         (JoineryNetworkView *self, const char *path,
                                                     GError **error);
/* A network of more than `size` nodes and links (3,000 unless set; for
 * tests) is drawn at rest into a picture that is then moved and scaled
 * while the view pans and zooms. */
void            joinery_network_view_set_cached_above (JoineryNetworkView *self, guint size);
/* Time spent drawing the last frame, in microseconds. */
gint64          joinery_network_view_get_last_draw_us (JoineryNetworkView *self);
/* How many times the whole network has been drawn (for tests and benchmarks). */
guint           joinery_network_view_get_full_draws (JoineryNetworkView *self);
/* Move a node to a point of the view (widget coordinates) and pin it
 * there, as dragging it does; and let it go. While a node of a cached map
 * moves, the picture is drawn once without it and its links, which are
 * drawn over it each frame; let go, it is drawn whole again. */
void            joinery_network_view_move_node      (JoineryNetworkView *self, guint index, double x, double y);
void            joinery_network_view_end_move       (JoineryNetworkView *self);

G_END_DECLS
