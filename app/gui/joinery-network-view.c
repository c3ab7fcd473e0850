/* joinery-network-view.c: the network drawn with cairo; see
 * joinery-network-view.h. World coordinates are the layout's; the view
 * keeps a centre (in world units) and a scale (pixels per world unit). */
#include "config.h"

#include <math.h>
#include <string.h>
#include <adwaita.h>
#include <cairo-svg.h>

#include "joinery-network-view.h"
#include "joinery-renderer.h"

struct _JoineryNetworkView
{
  GtkWidget       parent_instance;

  JoineryNetwork *network;
  guint           edge_kinds;
  char           *search;        /* casefolded, or NULL */
  gboolean       *matches;       /* per node, for the search */
  gboolean       *visible;       /* per node: the focus */
  gboolean       *labelled;      /* per node: among the strongest connectors */
  int             selected;
  guint           focus_steps;

  double          centre_x, centre_y;
  double          scale;
  gboolean        fitted;        /* fit again at the next size allocation */

  /* Dragging: a node (to pin it) or the view. */
  int             drag_node;
  double          drag_start_centre_x, drag_start_centre_y;
  double          drag_start_node_x, drag_start_node_y;

  double          pinch_last;    /* the pinch's scale at its last step */

  /* A large network's picture, drawn at rest with a margin round the view
   * and then moved and scaled while the view pans and zooms, so that a
   * frame costs the same at any size; drawn again once the view rests. */
  cairo_surface_t *cache;
  double          cache_scale, cache_x, cache_y;  /* its scale; its top left corner in world units */
  double          cache_centre_x, cache_centre_y;
  int             cache_width, cache_height;      /* the widget's size it was drawn for */
  gboolean        cache_dark;
  guint           content_serial, cache_serial;   /* what it shows, and what it showed */
  guint           cached_above;  /* nodes and links above which the cache is used */
  guint           settle_id;     /* while the view moves: a tick callback that sees it rest */
  gboolean        holds_frame_memory; /* while it moves under cairo (joinery-renderer.h) */
  guint           frames_still;  /* frames since the last move */
  gint64          moved_at;      /* the last move, monotonic µs */
  GdkTexture     *cache_texture; /* the cache as a texture, for a GPU renderer */
  gboolean        cache_for_texture;

  /* A node dragged on the cached picture: the picture is drawn once
   * without it and its links, and they are drawn live over it each frame. */
  int             live_node;     /* -1 when none */
  gboolean       *live_near;     /* per node: the live node and its neighbours */
  int             cache_live;    /* the node the cache was drawn without, or -1 */

  gint64          last_draw_us;
  guint           full_draws;
};

/* Networks with more links and nodes than this are drawn through the cache. */
#define CACHED_ABOVE 3000
/* The cache's margin on each side, as a part of the view's width and height. */
#define CACHE_MARGIN 0.5
/* Links and nodes in one path, at most. */
#define PATH_BATCH 32
/* The view rests this long after its last move. */
#define SETTLE_MS 250

/* The exports' legend: two lines below the map, from its left edge. */
#define LEGEND_LINE   22
#define LEGEND_PAD    16
#define LEGEND_HEIGHT (2 * LEGEND_LINE + 8)

/* The strongest connectors are named at any zoom. */
#define N_LABELLED 6

/* What a drawing holds: everything; all but the live node and its links
 * (the cache while a node is dragged); or only those, with the neighbours
 * they join (drawn over that cache). */
typedef enum {
  DRAW_ALL,
  DRAW_WITHOUT_LIVE,
  DRAW_LIVE,
} DrawPart;

G_DEFINE_FINAL_TYPE (JoineryNetworkView, joinery_network_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_NODE_SELECTED,
  SIGNAL_NODE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct { double r, g, b; } Colour;

/* Organisations blue, groups orange, projects green (GNOME's palette). */
static const Colour node_colours[] = {
  { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0 },
  { 0xe6 / 255.0, 0x61 / 255.0, 0x00 / 255.0 },
  { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0 },
};

/* Memberships grey, partnerships green, grants gold, events purple. */
static const Colour edge_colours[] = {
  { 0.55, 0.55, 0.55 },
  { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0 },
  { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0 },
  { 0x91 / 255.0, 0x41 / 255.0, 0xac / 255.0 },
};

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static guint
edge_kind_index (JoineryEdgeKind kind)
{
  return (guint) g_bit_nth_lsf ((gulong) kind, -1);
}

/* What the picture shows changed: the cache is stale. */
static void
content_changed (JoineryNetworkView *self)
{
  self->content_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean renders_with_gpu (GtkWidget *widget);

/* While the view moves (panned, zoomed, a node dragged) under cairo, the
 * frames' memory is held for the next frame; at rest it is given back. */
static void
update_frame_memory (JoineryNetworkView *self)
{
  gboolean moving = (self->settle_id != 0 || self->live_node >= 0)
                    && gtk_widget_get_mapped (GTK_WIDGET (self)) && !renders_with_gpu (GTK_WIDGET (self));

  if (moving == self->holds_frame_memory)
    return;
  self->holds_frame_memory = moving;
  if (moving)
    joinery_renderer_hold_frame_memory ();
  else
    joinery_renderer_release_frame_memory ();
}

/* At rest: a frame has passed without a move, and SETTLE_MS. Counted in
 * frames as well as time, so that slow frames on a busy machine are not
 * taken for rest in the middle of a pan. */
static gboolean
settle_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  JoineryNetworkView *self = JOINERY_NETWORK_VIEW (widget);

  if (++self->frames_still < 2 || g_get_monotonic_time () - self->moved_at < SETTLE_MS * 1000)
    return G_SOURCE_CONTINUE;
  self->settle_id = 0;
  update_frame_memory (self);
  gtk_widget_queue_draw (widget);
  return G_SOURCE_REMOVE;
}

/* The view moved (pan, zoom): drawn from the cache until it rests. */
static void
moved (JoineryNetworkView *self)
{
  self->frames_still = 0;
  self->moved_at = g_get_monotonic_time ();
  if (self->settle_id == 0)
    self->settle_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), settle_tick_cb, NULL, NULL);
  update_frame_memory (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
node_radius (const JoineryNetworkNode *node)
{
  return 4.0 + 1.6 * sqrt ((double) node->degree);
}

static void
update_visible (JoineryNetworkView *self)
{
  guint n = self->network != NULL ? joinery_network_get_n_nodes (self->network) : 0;

  g_clear_pointer (&self->visible, g_free);
  if (n == 0)
    return;
  self->visible = g_new (gboolean, n);
  if (self->selected >= 0 && self->focus_steps > 0)
    {
      g_autoptr(GArray) near = joinery_network_neighbourhood (self->network, (guint) self->selected,
                                                              self->focus_steps);
      memset (self->visible, 0, n * sizeof (gboolean));
      for (guint i = 0; i < near->len; i++)
        self->visible[g_array_index (near, guint, i)] = TRUE;
    }
  else
    for (guint i = 0; i < n; i++)
      self->visible[i] = TRUE;
}

/* Coordinates */

static void
to_screen (JoineryNetworkView *self, double width, double height, double scale, double cx, double cy,
           double wx, double wy, double *sx, double *sy)
{
  *sx = (wx - cx) * scale + width / 2;
  *sy = (wy - cy) * scale + height / 2;
}

/* The centre and scale that show every visible node in `width` by `height`. */
static void
fit_in (JoineryNetworkView *self, double width, double height, double *cx, double *cy, double *scale)
{
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  guint n = self->network != NULL ? joinery_network_get_n_nodes (self->network) : 0;

  *cx = *cy = 0;
  *scale = 1;
  for (guint i = 0; i < n; i++)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (self->network, i);

      if (self->visible != NULL && !self->visible[i])
        continue;
      min_x = MIN (min_x, node->x);
      max_x = MAX (max_x, node->x);
      min_y = MIN (min_y, node->y);
      max_y = MAX (max_y, node->y);
    }
  if (min_x > max_x)
    return;
  *cx = (min_x + max_x) / 2;
  *cy = (min_y + max_y) / 2;
  /* Room for the nodes' radii and labels at the edges. */
  *scale = MIN ((width - 80) / MAX (max_x - min_x, 1e-6), (height - 60) / MAX (max_y - min_y, 1e-6));
  *scale = CLAMP (*scale, 1e-3, 400);
}

void
joinery_network_view_node_position (JoineryNetworkView *self, guint index, double *x, double *y)
{
  const JoineryNetworkNode *node;

  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self) && self->network != NULL);

  node = joinery_network_get_node (self->network, index);
  to_screen (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)),
             self->scale, self->centre_x, self->centre_y, node->x, node->y, x, y);
}

int
joinery_network_view_node_at (JoineryNetworkView *self, double x, double y)
{
  guint n;
  int best = -1;
  double best_distance = G_MAXDOUBLE;

  g_return_val_if_fail (JOINERY_IS_NETWORK_VIEW (self), -1);

  n = self->network != NULL ? joinery_network_get_n_nodes (self->network) : 0;
  for (guint i = 0; i < n; i++)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (self->network, i);
      double sx, sy, d;

      if (!self->visible[i])
        continue;
      joinery_network_view_node_position (self, i, &sx, &sy);
      d = hypot (sx - x, sy - y);
      if (d <= node_radius (node) + 3 && d < best_distance)
        {
          best = (int) i;
          best_distance = d;
        }
    }
  return best;
}

/* Drawing */

/* Labels: the selected, what a search found, everything in a focus, the
 * strongest connectors; everything once zoomed in enough for room. */
static gboolean
shows_label (JoineryNetworkView *self, guint i, double scale)
{
  if ((int) i == self->selected || (self->matches != NULL && self->matches[i]))
    return TRUE;
  if (self->focus_steps > 0 && self->selected >= 0)
    return TRUE;
  if (self->labelled != NULL && self->labelled[i])
    return TRUE;
  return joinery_network_get_n_nodes (self->network) * 900.0 / (scale * scale) < 1.0;
}

/* Add a node's shape to the path; FALSE when it is off the picture. */
static gboolean
node_path (JoineryNetworkView *self, cairo_t *cr, const JoineryNetworkNode *node, double width, double height,
           double scale, double cx, double cy)
{
  double x, y, r = node_radius (node);

  to_screen (self, width, height, scale, cx, cy, node->x, node->y, &x, &y);
  if (x < -r - 200 || y < -r - 20 || x > width + r + 200 || y > height + r + 20)
    return FALSE;
  cairo_new_sub_path (cr);
  switch (node->kind)
    {
    case JOINERY_NODE_GROUP:
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case JOINERY_NODE_PROJECT:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_line_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x - r * 1.2, y);
      cairo_close_path (cr);
      break;
    case JOINERY_NODE_ORGANISATION:
    default:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    }
  return TRUE;
}

static gboolean
draws_node (JoineryNetworkView *self, DrawPart part, guint i)
{
  if (!self->visible[i])
    return FALSE;
  switch (part)
    {
    case DRAW_WITHOUT_LIVE:
      return (int) i != self->live_node;
    case DRAW_LIVE:
      return self->live_near[i];
    case DRAW_ALL:
    default:
      return TRUE;
    }
}

static gboolean
draws_edge (JoineryNetworkView *self, DrawPart part, const JoineryNetworkEdge *edge)
{
  gboolean live = (int) edge->source == self->live_node || (int) edge->target == self->live_node;

  if (!self->visible[edge->source] || !self->visible[edge->target])
    return FALSE;
  return part == DRAW_ALL || (part == DRAW_LIVE) == live;
}

static void
draw (JoineryNetworkView *self, cairo_t *cr, double width, double height, double scale, double cx, double cy,
      DrawPart part)
{
  gboolean dark = is_dark ();
  guint n_nodes, n_edges;
  gboolean searching = self->matches != NULL;

  if (self->network == NULL)
    return;
  if (self->live_node < 0)
    part = DRAW_ALL;
  if (part != DRAW_LIVE)
    self->full_draws++;
  n_nodes = joinery_network_get_n_nodes (self->network);
  n_edges = joinery_network_get_n_edges (self->network);

  /* Links of a kind stroked some at a time: cairo finds where the
   * segments of one path cross, which for 50,000 links in one path took
   * minutes, and a stroke a link costs more than a few. */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint kind = 0; kind < G_N_ELEMENTS (edge_colours); kind++)
    {
      guint in_path = 0;

      if ((self->edge_kinds & (1u << kind)) == 0)
        continue;
      cairo_set_source_rgba (cr, edge_colours[kind].r, edge_colours[kind].g, edge_colours[kind].b,
                             searching ? 0.25 : 0.6);
      cairo_set_line_width (cr, kind == edge_kind_index (JOINERY_EDGE_GRANT) ? 2.0 : 1.2);
      if (kind == edge_kind_index (JOINERY_EDGE_EVENT))
        {
          static const double dashes[] = { 4.0, 3.0 };
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        }
      for (guint i = 0; i < n_edges; i++)
        {
          const JoineryNetworkEdge *edge = joinery_network_get_edge (self->network, i);
          const JoineryNetworkNode *a, *b;
          double ax, ay, bx, by;

          if (edge_kind_index (edge->kind) != kind || !draws_edge (self, part, edge))
            continue;
          a = joinery_network_get_node (self->network, edge->source);
          b = joinery_network_get_node (self->network, edge->target);
          to_screen (self, width, height, scale, cx, cy, a->x, a->y, &ax, &ay);
          to_screen (self, width, height, scale, cx, cy, b->x, b->y, &bx, &by);
          /* Both ends off one side: nothing of it shows. */
          if ((ax < 0 && bx < 0) || (ay < 0 && by < 0) || (ax > width && bx > width) || (ay > height && by > height))
            continue;
          cairo_move_to (cr, ax, ay);
          cairo_line_to (cr, bx, by);
          if (++in_path == PATH_BATCH)
            {
              cairo_stroke (cr);
              in_path = 0;
            }
        }
      if (in_path > 0)
        cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Nodes: circles for organisations, squares for groups, diamonds for
   * projects; filled some at a time for each kind, lit or dimmed (as the
   * links, and a fill a node took most of the time at 10,000). */
  for (guint kind = 0; kind < G_N_ELEMENTS (node_colours); kind++)
    for (int lit = 0; lit < 2; lit++)
      {
        guint in_path = 0;

        cairo_set_source_rgba (cr, node_colours[kind].r, node_colours[kind].g, node_colours[kind].b,
                               lit ? 1.0 : 0.25);
        for (guint i = 0; i < n_nodes; i++)
          {
            const JoineryNetworkNode *node = joinery_network_get_node (self->network, i);

            if (node->kind != kind || !draws_node (self, part, i) || (!searching || self->matches[i]) != lit)
              continue;
            if (node_path (self, cr, node, width, height, scale, cx, cy) && ++in_path == PATH_BATCH)
              {
                cairo_fill (cr);
                in_path = 0;
              }
          }
        if (in_path > 0)
          cairo_fill (cr);
      }
  /* Outlined: the selected, what a search found, the pinned. */
  for (guint i = 0; i < n_nodes; i++)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (self->network, i);

      if (!draws_node (self, part, i) || !((int) i == self->selected || (searching && self->matches[i]) || node->pinned))
        continue;
      if (!node_path (self, cr, node, width, height, scale, cx, cy))
        continue;
      cairo_set_line_width (cr, (int) i == self->selected ? 3.0 : 2.0);
      if (dark)
        cairo_set_source_rgb (cr, 1, 1, 1);
      else
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_stroke (cr);
    }

  /* Labels over everything, with a halo in the background's colour. */
  cairo_select_font_face (cr, "Cantarell", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 11.0);
  for (guint i = 0; i < n_nodes; i++)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (self->network, i);
      double x, y;

      if (!draws_node (self, part, i) || !shows_label (self, i, scale))
        continue;
      to_screen (self, width, height, scale, cx, cy, node->x, node->y, &x, &y);
      if (x < -200 || y < -20 || x > width + 200 || y > height + 20)
        continue;
      cairo_move_to (cr, x + node_radius (node) + 3, y + 4);
      cairo_text_path (cr, node->label);
      cairo_set_line_width (cr, 3.0);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      if (dark)
        cairo_set_source_rgba (cr, 0.14, 0.14, 0.14, 0.9);
      else
        cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_stroke_preserve (cr);
      if (dark)
        cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
      else
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_fill (cr);
    }
}

static void
paint_background (cairo_t *cr)
{
  if (is_dark ())
    cairo_set_source_rgb (cr, 0.14, 0.14, 0.14);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
}

/* The cache as a texture, sharing its pixels. */
static GdkTexture *
texture_for_surface (cairo_surface_t *surface)
{
  int height = cairo_image_surface_get_height (surface), stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface), (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy, cairo_surface_reference (surface));
  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), height, GDK_MEMORY_DEFAULT, bytes,
                                 (gsize) stride);
}

/* Draw the picture with its margin into a new cache: a cairo surface for
 * the cairo renderer, a texture for a GPU's (GL). GTK 4.8's cairo renderer
 * converts a texture's every pixel each frame, where a surface is painted
 * as it is; the GL renderer uploads a texture once and then draws it as
 * a quad, where a cairo node is drawn on the CPU and uploaded each frame. */
static void
draw_cache (JoineryNetworkView *self, int width, int height, gboolean for_texture)
{
  int cache_width = (int) ceil (width * (1 + 2 * CACHE_MARGIN));
  int cache_height = (int) ceil (height * (1 + 2 * CACHE_MARGIN));
  /* Opaque, on the view's background: painted as a copy, not blended
   * (a texture has no format without alpha in GTK 4.8). */
  cairo_surface_t *surface = cairo_image_surface_create (for_texture ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
                                                         cache_width, cache_height);
  cairo_t *cr = cairo_create (surface);

  paint_background (cr);
  draw (self, cr, cache_width, cache_height, self->scale, self->centre_x, self->centre_y, DRAW_WITHOUT_LIVE);
  cairo_destroy (cr);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_object (&self->cache_texture);
  self->cache = surface;
  if (for_texture)
    self->cache_texture = texture_for_surface (surface);
  self->cache_for_texture = for_texture;
  self->cache_live = self->live_node;
  self->cache_scale = self->scale;
  self->cache_centre_x = self->centre_x;
  self->cache_centre_y = self->centre_y;
  self->cache_x = self->centre_x - cache_width / 2.0 / self->scale;
  self->cache_y = self->centre_y - cache_height / 2.0 / self->scale;
  self->cache_width = width;
  self->cache_height = height;
  self->cache_dark = is_dark ();
  self->cache_serial = self->content_serial;
}

/* The window draws with a GPU's renderer (GL), not cairo's. */
static gboolean
renders_with_gpu (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && !GSK_IS_CAIRO_RENDERER (renderer);
}

/* Where the live node, its links and neighbours are drawn: a box round
 * them (and room for a label to the right), within the view. */
static gboolean
live_bounds (JoineryNetworkView *self, int width, int height, graphene_rect_t *box)
{
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  guint n = joinery_network_get_n_nodes (self->network);

  for (guint i = 0; i < n; i++)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (self->network, i);
      double x, y, r = node_radius (node) * 1.2 + 3;

      if (!self->live_near[i] || !self->visible[i])
        continue;
      to_screen (self, width, height, self->scale, self->centre_x, self->centre_y, node->x, node->y, &x, &y);
      min_x = MIN (min_x, x - r);
      min_y = MIN (min_y, y - MAX (r, 16));
      max_x = MAX (max_x, x + r + 240);
      max_y = MAX (max_y, y + MAX (r, 16));
    }
  min_x = MAX (floor (min_x), 0);
  min_y = MAX (floor (min_y), 0);
  max_x = MIN (ceil (max_x), width);
  max_y = MIN (ceil (max_y), height);
  if (min_x >= max_x || min_y >= max_y)
    return FALSE;
  graphene_rect_init (box, min_x, min_y, max_x - min_x, max_y - min_y);
  return TRUE;
}

/* The cached picture, moved and scaled to where the view now is. */
static void
snapshot_cache (JoineryNetworkView *self, GtkSnapshot *snapshot, int width, int height)
{
  gboolean gpu = renders_with_gpu (GTK_WIDGET (self));
  gboolean moved_since = self->scale != self->cache_scale || self->centre_x != self->cache_centre_x
                         || self->centre_y != self->cache_centre_y;
  double x, y, zoom;
  graphene_rect_t box;
  cairo_t *cr;

  /* Moved and now at rest, or what it shows changed: drawn again. */
  if (self->cache == NULL || (self->settle_id == 0 && moved_since) || self->cache_serial != self->content_serial
      || self->cache_width != width || self->cache_height != height || self->cache_dark != is_dark ()
      || self->cache_for_texture != gpu || self->cache_live != self->live_node)
    draw_cache (self, width, height, gpu);
  zoom = self->scale / self->cache_scale;
  to_screen (self, width, height, self->scale, self->centre_x, self->centre_y, self->cache_x, self->cache_y, &x, &y);
  /* Panned: moved by whole pixels, a copy of the picture's rows. */
  if (zoom == 1.0)
    {
      x = round (x);
      y = round (y);
    }
  if (gpu)
    {
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      gtk_snapshot_append_texture (snapshot, self->cache_texture,
                                   &GRAPHENE_RECT_INIT (x, y, gdk_texture_get_width (self->cache_texture) * zoom,
                                                        gdk_texture_get_height (self->cache_texture) * zoom));
      gtk_snapshot_pop (snapshot);
    }
  else
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_translate (cr, x, y);
      cairo_scale (cr, zoom, zoom);
      cairo_set_source_surface (cr, self->cache, 0, 0);
      /* Nearest pixels while it moves (at rest it is drawn again sharp at
       * its scale): a bilinear filter costs several times as much. */
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_FAST);
      cairo_paint (cr);
      cairo_destroy (cr);
    }

  /* A node dragged: it and its links, live over the picture drawn without them. */
  if (self->live_node >= 0 && live_bounds (self, width, height, &box))
    {
      cr = gtk_snapshot_append_cairo (snapshot, &box);
      draw (self, cr, width, height, self->scale, self->centre_x, self->centre_y, DRAW_LIVE);
      cairo_destroy (cr);
    }
}

static void
joinery_network_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  JoineryNetworkView *self = JOINERY_NETWORK_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  gint64 start = g_get_monotonic_time ();
  cairo_t *cr;

  if (self->network == NULL || width <= 0 || height <= 0)
    return;
  if (self->fitted)
    {
      fit_in (self, width, height, &self->centre_x, &self->centre_y, &self->scale);
      self->fitted = FALSE;
    }
  if (joinery_network_get_n_nodes (self->network) + joinery_network_get_n_edges (self->network) <= self->cached_above)
    {
      g_clear_pointer (&self->cache, cairo_surface_destroy);
      g_clear_object (&self->cache_texture);
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      draw (self, cr, width, height, self->scale, self->centre_x, self->centre_y, DRAW_ALL);
      cairo_destroy (cr);
    }
  else
    snapshot_cache (self, snapshot, width, height);
  self->last_draw_us = MAX (g_get_monotonic_time () - start, 1);
}

static void
set_text_colour (cairo_t *cr)
{
  if (is_dark ())
    cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
  else
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
}

/* The exports' legend, in a strip below the map: the kinds of node and of
 * link shown, and then a line saying when betweenness (which names the
 * strongest connectors) is estimated, blank when it is exact. */
static void
draw_legend (JoineryNetworkView *self, cairo_t *cr, double width, double height, double top)
{
  static const char *node_names[] = { "Organisation", "Group", "Project" };
  static const char *edge_names[] = { "Membership", "Partnership", "Grant", "Shared event" };
  double x = LEGEND_PAD, y = top + LEGEND_LINE / 2.0;
  cairo_text_extents_t extents;

  cairo_save (cr);
  cairo_select_font_face (cr, "Cantarell", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12.0);
  for (guint kind = 0; kind < G_N_ELEMENTS (node_names); kind++)
    {
      JoineryNetworkNode node = { .kind = kind, .degree = 2, .x = x + 6, .y = y };

      cairo_new_path (cr);
      /* At scale 1 about the picture's centre: drawn where its world place says. */
      node_path (self, cr, &node, width, height, 1, width / 2, height / 2);
      cairo_set_source_rgb (cr, node_colours[kind].r, node_colours[kind].g, node_colours[kind].b);
      cairo_fill (cr);
      set_text_colour (cr);
      cairo_move_to (cr, x + 16, y + 4);
      cairo_show_text (cr, node_names[kind]);
      cairo_text_extents (cr, node_names[kind], &extents);
      x += 16 + extents.x_advance + 18;
    }
  for (guint kind = 0; kind < G_N_ELEMENTS (edge_names); kind++)
    {
      if ((self->edge_kinds & (1u << kind)) == 0)
        continue;
      cairo_set_source_rgb (cr, edge_colours[kind].r, edge_colours[kind].g, edge_colours[kind].b);
      cairo_set_line_width (cr, kind == edge_kind_index (JOINERY_EDGE_GRANT) ? 2.0 : 1.2);
      if (kind == edge_kind_index (JOINERY_EDGE_EVENT))
        {
          static const double dashes[] = { 4.0, 3.0 };
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        }
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 20, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      set_text_colour (cr);
      cairo_move_to (cr, x + 26, y + 4);
      cairo_show_text (cr, edge_names[kind]);
      cairo_text_extents (cr, edge_names[kind], &extents);
      x += 26 + extents.x_advance + 18;
    }
  if (self->network != NULL && joinery_network_betweenness_is_estimate (self->network))
    {
      set_text_colour (cr);
      cairo_move_to (cr, LEGEND_PAD, y + LEGEND_LINE + 4);
      cairo_show_text (cr, "Betweenness estimated from a sample of the shortest paths (the network is too large "
                           "to measure exactly in good time): the connectors named are the likeliest.");
    }
  cairo_restore (cr);
}

void
joinery_network_view_draw_to (JoineryNetworkView *self, cairo_t *cr, double width, double height)
{
  double cx, cy, scale, map_height = MAX (height - LEGEND_HEIGHT, 1);

  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));

  paint_background (cr);
  fit_in (self, width, map_height, &cx, &cy, &scale);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, map_height);
  cairo_clip (cr);
  draw (self, cr, width, map_height, scale, cx, cy, DRAW_ALL);
  cairo_restore (cr);
  draw_legend (self, cr, width, height, map_height);
}

gboolean
joinery_network_view_export (JoineryNetworkView *self, const char *path, GError **error)
{
  const double width = 1600, height = 1200;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  gboolean svg;

  g_return_val_if_fail (JOINERY_IS_NETWORK_VIEW (self), FALSE);

  svg = g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG");
  surface = svg ? cairo_svg_surface_create (path, width, height)
                : cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
  cr = cairo_create (surface);
  joinery_network_view_draw_to (self, cr, width, height);
  cairo_destroy (cr);
  if (svg)
    cairo_surface_finish (surface);
  else
    status = cairo_surface_write_to_png (surface, path);
  status = svg ? cairo_surface_status (surface) : status;
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write “%s”: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

void
joinery_network_view_set_cached_above (JoineryNetworkView *self, guint size)
{
  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));
  self->cached_above = size;
  content_changed (self);
}

gint64
joinery_network_view_get_last_draw_us (JoineryNetworkView *self)
{
  return self->last_draw_us;
}

guint
joinery_network_view_get_full_draws (JoineryNetworkView *self)
{
  g_return_val_if_fail (JOINERY_IS_NETWORK_VIEW (self), 0);
  return self->full_draws;
}

/* Moving a node */

/* Put a node at a point of the world and pin it there. The first move of
 * a node makes it live: the picture is drawn once more without it and its
 * links, and each later move draws only them again. */
static void
move_node_to (JoineryNetworkView *self, guint index, double wx, double wy)
{
  JoineryNetworkNode *node = joinery_network_get_node (self->network, index);

  node->x = wx;
  node->y = wy;
  node->pinned = TRUE;
  if (self->live_node == (int) index)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  self->live_node = (int) index;
  g_free (self->live_near);
  self->live_near = g_new0 (gboolean, joinery_network_get_n_nodes (self->network));
  self->live_near[index] = TRUE;
  for (guint i = 0; i < joinery_network_get_n_edges (self->network); i++)
    {
      const JoineryNetworkEdge *edge = joinery_network_get_edge (self->network, i);

      if (edge->source == index)
        self->live_near[edge->target] = TRUE;
      else if (edge->target == index)
        self->live_near[edge->source] = TRUE;
    }
  update_frame_memory (self);
  content_changed (self);
}

void
joinery_network_view_move_node (JoineryNetworkView *self, guint index, double x, double y)
{
  double width, height;

  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self) && self->network != NULL);
  g_return_if_fail (index < joinery_network_get_n_nodes (self->network));

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  move_node_to (self, index, (x - width / 2) / self->scale + self->centre_x,
                (y - height / 2) / self->scale + self->centre_y);
}

void
joinery_network_view_end_move (JoineryNetworkView *self)
{
  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));

  if (self->live_node < 0)
    return;
  self->live_node = -1;
  g_clear_pointer (&self->live_near, g_free);
  update_frame_memory (self);
  /* Drawn whole again, the node among the others. */
  content_changed (self);
}

/* Input */

static void
zoom_at (JoineryNetworkView *self, double factor, double x, double y)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));
  /* The world point under (x, y) stays under it. */
  double wx = (x - width / 2) / self->scale + self->centre_x;
  double wy = (y - height / 2) / self->scale + self->centre_y;

  self->scale = CLAMP (self->scale * factor, 1e-3, 1e5);
  self->centre_x = wx - (x - width / 2) / self->scale;
  self->centre_y = wy - (y - height / 2) / self->scale;
  moved (self);
}

void
joinery_network_view_zoom (JoineryNetworkView *self, double factor)
{
  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));
  zoom_at (self, factor, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
joinery_network_view_pan (JoineryNetworkView *self, double dx, double dy)
{
  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));
  self->centre_x -= dx / self->scale;
  self->centre_y -= dy / self->scale;
  moved (self);
}

void
joinery_network_view_fit (JoineryNetworkView *self)
{
  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));
  self->fitted = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, JoineryNetworkView *self)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (event != NULL)
    gdk_event_get_position (event, &x, &y);
  zoom_at (self, pow (1.15, -dy), x, y);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, JoineryNetworkView *self)
{
  self->pinch_last = 1.0;
}

static void
zoom_changed_cb (GtkGestureZoom *gesture, double scale, JoineryNetworkView *self)
{
  double x, y;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  zoom_at (self, scale / MAX (self->pinch_last, 1e-3), x, y);
  self->pinch_last = scale;
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, JoineryNetworkView *self)
{
  self->drag_node = joinery_network_view_node_at (self, x, y);
  self->drag_start_centre_x = self->centre_x;
  self->drag_start_centre_y = self->centre_y;
  if (self->drag_node >= 0)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (self->network, (guint) self->drag_node);
      self->drag_start_node_x = node->x;
      self->drag_start_node_y = node->y;
    }
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, JoineryNetworkView *self)
{
  if (self->network == NULL || hypot (dx, dy) < 3)
    return;
  if (self->drag_node >= 0)
    /* Dropped where it is let go, and kept there. */
    move_node_to (self, (guint) self->drag_node, self->drag_start_node_x + dx / self->scale,
                  self->drag_start_node_y + dy / self->scale);
  else
    {
      self->centre_x = self->drag_start_centre_x - dx / self->scale;
      self->centre_y = self->drag_start_centre_y - dy / self->scale;
      moved (self);
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, JoineryNetworkView *self)
{
  self->drag_node = -1;
  joinery_network_view_end_move (self);
}

static void
click_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, JoineryNetworkView *self)
{
  int node = joinery_network_view_node_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 1)
    joinery_network_view_select (self, node);
  else if (n_press == 2 && node >= 0)
    g_signal_emit (self, signals[SIGNAL_NODE_ACTIVATED], 0, node);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
                JoineryNetworkView *self)
{
  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      joinery_network_view_zoom (self, 1.25);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      joinery_network_view_zoom (self, 0.8);
      return TRUE;
    case GDK_KEY_0:
      joinery_network_view_fit (self);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (self->selected >= 0)
        g_signal_emit (self, signals[SIGNAL_NODE_ACTIVATED], 0, self->selected);
      return self->selected >= 0;
    case GDK_KEY_Left:
    case GDK_KEY_Right:
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      joinery_network_view_pan (self, keyval == GDK_KEY_Left ? 60 : keyval == GDK_KEY_Right ? -60 : 0,
                                keyval == GDK_KEY_Up ? 60 : keyval == GDK_KEY_Down ? -60 : 0);
      return TRUE;
    default:
      return FALSE;
    }
}

/* The API */

/* The strongest connectors, named at any zoom; none until betweenness is measured. */
static void
update_labelled (JoineryNetworkView *self)
{
  g_clear_pointer (&self->labelled, g_free);
  if (self->network != NULL && joinery_network_get_n_nodes (self->network) > 0
      && joinery_network_has_betweenness (self->network))
    {
      g_autoptr(GArray) ranked = joinery_network_rank_connectors (self->network, N_LABELLED);

      self->labelled = g_new0 (gboolean, joinery_network_get_n_nodes (self->network));
      for (guint i = 0; i < ranked->len; i++)
        {
          guint index = g_array_index (ranked, guint, i);
          if (joinery_network_get_node (self->network, index)->betweenness > 0)
            self->labelled[index] = TRUE;
        }
    }
}

void
joinery_network_view_metrics_changed (JoineryNetworkView *self)
{
  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));
  update_labelled (self);
  content_changed (self);
}

void
joinery_network_view_set_network (JoineryNetworkView *self, JoineryNetwork *network)
{
  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));

  g_clear_pointer (&self->network, joinery_network_free);
  g_clear_pointer (&self->matches, g_free);
  g_clear_pointer (&self->labelled, g_free);
  g_clear_pointer (&self->live_near, g_free);
  self->live_node = -1;
  self->drag_node = -1;
  update_frame_memory (self);
  self->network = network;
  self->selected = -1;
  update_labelled (self);
  update_visible (self);
  if (self->search != NULL)
    {
      g_autofree char *search = g_steal_pointer (&self->search);
      joinery_network_view_set_search (self, search);
    }
  self->fitted = TRUE;
  content_changed (self);
}

JoineryNetwork *
joinery_network_view_get_network (JoineryNetworkView *self)
{
  g_return_val_if_fail (JOINERY_IS_NETWORK_VIEW (self), NULL);
  return self->network;
}

void
joinery_network_view_set_edge_kinds (JoineryNetworkView *self, guint kinds)
{
  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));
  self->edge_kinds = kinds;
  content_changed (self);
}

guint
joinery_network_view_set_search (JoineryNetworkView *self, const char *text)
{
  guint n, found = 0;

  g_return_val_if_fail (JOINERY_IS_NETWORK_VIEW (self), 0);

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->matches, g_free);
  if (text != NULL && *text != '\0')
    self->search = g_utf8_casefold (text, -1);
  n = self->network != NULL ? joinery_network_get_n_nodes (self->network) : 0;
  if (self->search != NULL && n > 0)
    {
      self->matches = g_new0 (gboolean, n);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *label = g_utf8_casefold (joinery_network_get_node (self->network, i)->label, -1);
          self->matches[i] = strstr (label, self->search) != NULL;
          found += self->matches[i];
        }
    }
  content_changed (self);
  return found;
}

void
joinery_network_view_select (JoineryNetworkView *self, int index)
{
  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));

  if (self->network == NULL || index >= (int) joinery_network_get_n_nodes (self->network))
    index = -1;
  if (self->selected == index)
    return;
  self->selected = index;
  if (self->focus_steps > 0)
    {
      update_visible (self);
      self->fitted = TRUE;
    }
  content_changed (self);
  g_signal_emit (self, signals[SIGNAL_NODE_SELECTED], 0, index);
}

int
joinery_network_view_get_selected (JoineryNetworkView *self)
{
  g_return_val_if_fail (JOINERY_IS_NETWORK_VIEW (self), -1);
  return self->selected;
}

void
joinery_network_view_set_focus (JoineryNetworkView *self, guint steps)
{
  g_return_if_fail (JOINERY_IS_NETWORK_VIEW (self));

  self->focus_steps = steps;
  update_visible (self);
  self->fitted = TRUE;
  content_changed (self);
}

/* Hidden mid-move: at rest for good (drawn sharp when shown again). */
static void
joinery_network_view_unmap (GtkWidget *widget)
{
  JoineryNetworkView *self = JOINERY_NETWORK_VIEW (widget);

  if (self->settle_id != 0)
    gtk_widget_remove_tick_callback (widget, self->settle_id);
  self->settle_id = 0;
  GTK_WIDGET_CLASS (joinery_network_view_parent_class)->unmap (widget);
  update_frame_memory (self);
}

static void
joinery_network_view_dispose (GObject *object)
{
  JoineryNetworkView *self = JOINERY_NETWORK_VIEW (object);

  if (self->settle_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->settle_id);
  self->settle_id = 0;
  self->live_node = -1;
  update_frame_memory (self);
  G_OBJECT_CLASS (joinery_network_view_parent_class)->dispose (object);
}

static void
joinery_network_view_finalize (GObject *object)
{
  JoineryNetworkView *self = JOINERY_NETWORK_VIEW (object);

  g_clear_pointer (&self->network, joinery_network_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->matches, g_free);
  g_clear_pointer (&self->visible, g_free);
  g_clear_pointer (&self->labelled, g_free);
  g_clear_pointer (&self->live_near, g_free);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_object (&self->cache_texture);
  G_OBJECT_CLASS (joinery_network_view_parent_class)->finalize (object);
}

static void
joinery_network_view_class_init (JoineryNetworkViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = joinery_network_view_dispose;
  object_class->finalize = joinery_network_view_finalize;
  widget_class->snapshot = joinery_network_view_snapshot;
  widget_class->unmap = joinery_network_view_unmap;

  /* A node chosen (its index, or -1 for none), and one opened (double
   * click or Enter). */
  signals[SIGNAL_NODE_SELECTED] = g_signal_new ("node-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_NODE_ACTIVATED] = g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  gtk_widget_class_set_css_name (widget_class, "network-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
joinery_network_view_init (JoineryNetworkView *self)
{
  GtkEventController *scroll, *key;
  GtkGesture *drag, *click, *zoom;

  self->selected = -1;
  self->drag_node = -1;
  self->live_node = -1;
  self->cache_live = -1;
  self->cached_above = CACHED_ABOVE;
  self->scale = 1;
  self->edge_kinds = JOINERY_EDGE_ALL;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
}

GtkWidget *
joinery_network_view_new (void)
{
  return g_object_new (JOINERY_TYPE_NETWORK_VIEW, NULL);
}
