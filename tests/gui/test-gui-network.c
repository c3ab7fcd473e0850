/* test-gui-network.c: the Network page on the demo, in a real window
 * under Xvfb: it draws the demo's network (the core's count of nodes and
 * links), ranks its connectors, highlights a search, shows a node's card
 * on a click and opens its record on a double click, shows the network
 * as it was on a date or of one theme, focuses on a node's neighbourhood, and saves the
 * map as PNG and SVG. */
#include <string.h>

#include <adwaita.h>

#include "joinery-gui-test.h"

#include "joinery-application.h"
#include "joinery-window.h"
#include "joinery-window-page.h"
#include "joinery-network-page.h"
#include "joinery-network.h"
#include "joinery-record-form.h"
#include "joinery-renderer.h"
#include "joinery-test-util.h"

static JoineryApplication *app;

#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 30)

typedef struct {
  JoineryWindow      *window;
  JoineryNetworkPage *page;
  JoineryNetworkView *view;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  joinery_gui_test_open_demo_window (GTK_APPLICATION (app), &f->window);

  g_assert_true (joinery_window_show_page (f->window, "network"));
  f->page = JOINERY_NETWORK_PAGE (joinery_window_get_page_widget (f->window, "network"));
  g_assert_nonnull (f->page);
  f->view = joinery_network_page_get_view (f->page);
  /* Read, laid out, and drawn at its size. */
  WAIT_FOR (joinery_network_page_is_ready (f->page) && joinery_network_view_get_last_draw_us (f->view) > 0);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  joinery_gui_test_spin (50);
}

/* The network the core reads from the window's file, with `filter`. */
static JoineryNetwork *
core_network (Fixture *f, const JoineryNetworkFilter *filter)
{
  g_autoptr(GError) error = NULL;
  JoineryNetwork *network = joinery_network_new (joinery_window_get_db (f->window), filter, &error);

  g_assert_no_error (error);
  return network;
}

static GtkGesture *
find_click_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_GESTURE_CLICK (controller))
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

static void
test_draws_the_demo (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryNetwork) expected = core_network (f, NULL);
  JoineryNetwork *shown = joinery_network_view_get_network (f->view);
  g_auto(GStrv) connectors = joinery_network_page_dup_connectors (f->page);

  g_assert_nonnull (shown);
  g_assert_cmpuint (joinery_network_get_n_nodes (shown), ==, joinery_network_get_n_nodes (expected));
  g_assert_cmpuint (joinery_network_get_n_edges (shown), ==, joinery_network_get_n_edges (expected));
  g_assert_cmpuint (joinery_network_get_n_nodes (shown), >, 50);

  /* North Yorkshire's council links its fund's grantees: the first connector. */
  g_assert_nonnull (connectors[0]);
  g_assert_cmpstr (connectors[0], ==, "North Yorkshire County Council");

  /* It was drawn, every node inside the view. */
  g_assert_cmpint (joinery_network_view_get_last_draw_us (f->view), >, 0);
  for (guint i = 0; i < joinery_network_get_n_nodes (shown); i++)
    {
      double x, y;

      joinery_network_view_node_position (f->view, i, &x, &y);
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (y, >=, 0);
      g_assert_cmpfloat (x, <=, gtk_widget_get_width (GTK_WIDGET (f->view)));
      g_assert_cmpfloat (y, <=, gtk_widget_get_height (GTK_WIDGET (f->view)));
    }

  /* A search highlights what it finds. */
  g_assert_cmpuint (joinery_network_view_set_search (f->view, "leeds"), >, 0);
  g_assert_cmpuint (joinery_network_view_set_search (f->view, "no such name anywhere"), ==, 0);
}

static void
test_click_opens_record (Fixture *f, gconstpointer data)
{
  JoineryNetwork *network = joinery_network_view_get_network (f->view);
  GtkGesture *click = find_click_gesture (GTK_WIDGET (f->view));
  int index = -1;
  const JoineryNetworkNode *node;
  JoineryRecord *shown;
  double x, y;

  for (guint i = 0; i < joinery_network_get_n_nodes (network) && index < 0; i++)
    if (g_str_equal (joinery_network_get_node (network, i)->label, "North Yorkshire County Council"))
      index = (int) i;
  g_assert_cmpint (index, >=, 0);
  node = joinery_network_get_node (network, (guint) index);
  joinery_network_view_node_position (f->view, (guint) index, &x, &y);
  g_assert_cmpint (joinery_network_view_node_at (f->view, x, y), ==, index);

  /* One click: its card. */
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_assert_cmpint (joinery_network_view_get_selected (f->view), ==, index);
  g_assert_cmpstr (joinery_network_page_get_card_title (f->page), ==, "North Yorkshire County Council");

  /* A click on nothing: no card. */
  g_signal_emit_by_name (click, "pressed", 1, 1.0, 1.0);
  g_assert_cmpint (joinery_network_view_get_selected (f->view), ==, -1);
  g_assert_null (joinery_network_page_get_card_title (f->page));

  /* Two: its record, in its list and form. */
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_signal_emit_by_name (click, "pressed", 2, x, y);
  WAIT_FOR (joinery_window_get_visible_page (f->window) == NULL);
  shown = joinery_record_form_get_record (joinery_window_get_form (f->window));
  g_assert_nonnull (shown);
  g_assert_cmpstr (joinery_record_get_kind (shown)->name, ==, "organisation");
  g_assert_cmpint (joinery_record_get_id (shown), ==, node->id);
}

static void
test_as_of_and_focus (Fixture *f, gconstpointer data)
{
  JoineryNetworkFilter filter = { .as_of = "2015-01-01" };
  g_autoptr(JoineryNetwork) expected = core_network (f, &filter);
  g_autoptr(JoineryNetwork) all = core_network (f, NULL);
  JoineryNetwork *shown;
  int index;

  joinery_network_page_set_as_of (f->page, "2015-01-01");
  WAIT_FOR (joinery_network_page_is_ready (f->page));
  shown = joinery_network_view_get_network (f->view);
  g_assert_cmpuint (joinery_network_get_n_edges (shown), ==, joinery_network_get_n_edges (expected));
  g_assert_cmpuint (joinery_network_get_n_edges (shown), <, joinery_network_get_n_edges (all));

  joinery_network_page_set_as_of (f->page, NULL);
  WAIT_FOR (joinery_network_page_is_ready (f->page));
  shown = joinery_network_view_get_network (f->view);
  g_assert_cmpuint (joinery_network_get_n_edges (shown), ==, joinery_network_get_n_edges (all));

  /* Focus on a node: only its neighbourhood is within reach of a click. */
  index = joinery_network_find_node (shown, JOINERY_NODE_ORGANISATION,
                                     joinery_network_get_node (shown, 0)->id);
  g_assert_cmpint (index, >=, 0);
  joinery_network_view_select (f->view, index);
  joinery_network_view_set_focus (f->view, 1);
  joinery_gui_test_spin (100);
  {
    g_autoptr(GArray) near = joinery_network_neighbourhood (shown, (guint) index, 1);
    guint reachable = 0;

    for (guint i = 0; i < joinery_network_get_n_nodes (shown); i++)
      {
        double x, y;
        joinery_network_view_node_position (f->view, i, &x, &y);
        if (joinery_network_view_node_at (f->view, x, y) == (int) i)
          reachable++;
      }
    g_assert_cmpuint (reachable, <=, near->len);
    g_assert_cmpuint (reachable, >=, 1);
  }
  joinery_network_view_set_focus (f->view, 0);
}

static guint
count_nodes (JoineryNetwork *network, JoineryNodeKind kind)
{
  guint n = 0;

  for (guint i = 0; i < joinery_network_get_n_nodes (network); i++)
    n += joinery_network_get_node (network, i)->kind == kind;
  return n;
}

static guint
count_edges (JoineryNetwork *network, JoineryEdgeKind kind)
{
  guint n = 0;

  for (guint i = 0; i < joinery_network_get_n_edges (network); i++)
    n += joinery_network_get_edge (network, i)->kind == kind;
  return n;
}

/* The theme filter: the map loses the projects and grants of other themes. */
static void
test_theme_filter (Fixture *f, gconstpointer data)
{
  JoineryDb *db = joinery_window_get_db (f->window);
  g_autoptr(JoineryNetwork) all = core_network (f, NULL);
  g_autoptr(JoineryNetwork) expected = NULL;
  g_autoptr(GPtrArray) themes = joinery_db_list (db, joinery_kind_lookup ("theme"), NULL, NULL);
  JoineryNetwork *shown;
  gint64 theme_id = 0;

  /* A theme with some of the projects, not all: the core says which. */
  g_assert_nonnull (themes);
  for (guint i = 0; i < themes->len && theme_id == 0; i++)
    {
      JoineryNetworkFilter filter = { .theme_id = joinery_record_get_id (g_ptr_array_index (themes, i)) };
      g_autoptr(JoineryNetwork) network = core_network (f, &filter);
      guint projects = count_nodes (network, JOINERY_NODE_PROJECT);

      if (projects > 0 && projects < count_nodes (all, JOINERY_NODE_PROJECT)
          && count_edges (network, JOINERY_EDGE_GRANT) < count_edges (all, JOINERY_EDGE_GRANT))
        {
          theme_id = filter.theme_id;
          expected = g_steal_pointer (&network);
        }
    }
  g_assert_cmpint (theme_id, >, 0);

  g_assert_true (joinery_network_page_set_theme (f->page, theme_id));
  WAIT_FOR (joinery_network_page_is_ready (f->page));
  shown = joinery_network_view_get_network (f->view);
  g_assert_cmpuint (joinery_network_get_n_nodes (shown), ==, joinery_network_get_n_nodes (expected));
  g_assert_cmpuint (joinery_network_get_n_edges (shown), ==, joinery_network_get_n_edges (expected));
  g_assert_cmpuint (count_nodes (shown, JOINERY_NODE_PROJECT), ==, count_nodes (expected, JOINERY_NODE_PROJECT));
  g_assert_cmpuint (count_edges (shown, JOINERY_EDGE_GRANT), ==, count_edges (expected, JOINERY_EDGE_GRANT));
  g_assert_cmpuint (count_nodes (shown, JOINERY_NODE_PROJECT), <, count_nodes (all, JOINERY_NODE_PROJECT));
  /* Each project shown is one of the theme's. */
  for (guint i = 0; i < joinery_network_get_n_nodes (shown); i++)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (shown, i);
      if (node->kind == JOINERY_NODE_PROJECT)
        g_assert_cmpint (joinery_network_find_node (expected, node->kind, node->id), >=, 0);
    }

  /* A theme the dropdown does not have; then all themes again. */
  g_assert_false (joinery_network_page_set_theme (f->page, 999999));
  g_assert_true (joinery_network_page_set_theme (f->page, 0));
  WAIT_FOR (joinery_network_page_is_ready (f->page));
  shown = joinery_network_view_get_network (f->view);
  g_assert_cmpuint (joinery_network_get_n_nodes (shown), ==, joinery_network_get_n_nodes (all));
  g_assert_cmpuint (joinery_network_get_n_edges (shown), ==, joinery_network_get_n_edges (all));
}

/* The view's pixel at (x, y), as 0xAARRGGBB (premultiplied). */
static guint32
pixel_at (JoineryNetworkView *view, double x, double y)
{
  GtkWidget *widget = GTK_WIDGET (view);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint32 *pixels = g_new (guint32, (gsize) width * height);

  /* The view's own snapshot, as a frame would take it now. */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  g_assert_true (x >= 0 && y >= 0 && x < width && y < height);
  return pixels[(int) y * width + (int) x];
}

/* A large network's picture is drawn at rest and moved and scaled while
 * the view pans and zooms: each node still shows where the view says it
 * is (here the demo, drawn that way as a large one would be). */
/* The node labelled `label` on the demo's map, with the map drawn as a
 * large one is (a picture at rest, moved and scaled). */
static int
cached_map_node (Fixture *f, const char *label)
{
  JoineryNetwork *network = joinery_network_view_get_network (f->view);
  int index = -1;
  guint drawn;

  for (guint i = 0; i < joinery_network_get_n_nodes (network) && index < 0; i++)
    if (g_str_equal (joinery_network_get_node (network, i)->label, label))
      index = (int) i;
  g_assert_cmpint (index, >=, 0);
  drawn = joinery_network_view_get_full_draws (f->view);
  joinery_network_view_set_cached_above (f->view, 0);
  /* Its picture drawn (on a slow machine, in a sanitizer build, that can
   * take longer than a frame), and a frame more. */
  JOINERY_GUI_TEST_WAIT_FOR (joinery_network_view_get_full_draws (f->view) > drawn, 20);
  joinery_gui_test_spin (100);
  return index;
}

/* What a moving map holds of the frames' memory: once under cairo, which
 * draws frames in memory; nothing under GL (gui-network-gl). */
static guint
moving_holds (Fixture *f)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (f->view)));

  return GSK_IS_CAIRO_RENDERER (renderer) ? 1 : 0;
}

static void
test_cached_pan_and_zoom (Fixture *f, gconstpointer data)
{
  const guint32 organisation_blue = 0xff3584e4;
  int index;
  double x, y;

  index = cached_map_node (f, "North Yorkshire County Council");

  joinery_network_view_node_position (f->view, (guint) index, &x, &y);
  g_assert_cmphex (pixel_at (f->view, x, y), ==, organisation_blue);
  g_assert_cmpuint (joinery_renderer_get_frame_memory_holds (), ==, 0);
  /* Moved: the picture drawn at rest, moved. */
  joinery_network_view_pan (f->view, 40, 25);
  g_assert_cmpuint (joinery_renderer_get_frame_memory_holds (), ==, moving_holds (f));
  joinery_network_view_node_position (f->view, (guint) index, &x, &y);
  g_assert_cmphex (pixel_at (f->view, x, y), ==, organisation_blue);
  /* Zoomed in about the centre: the picture scaled (its node's middle still blue). */
  joinery_network_view_zoom (f->view, 1.5);
  joinery_network_view_node_position (f->view, (guint) index, &x, &y);
  g_assert_cmphex (pixel_at (f->view, x, y), ==, organisation_blue);
  /* At rest again: drawn sharp where it now is, the frames' memory let go. */
  joinery_gui_test_spin (600);
  g_assert_cmphex (pixel_at (f->view, x, y), ==, organisation_blue);
  g_assert_cmpuint (joinery_renderer_get_frame_memory_holds (), ==, 0);
  g_assert_cmphex (pixel_at (f->view, 1, 1), !=, organisation_blue);
}

/* A node dragged on a cached map: the picture is drawn once without it,
 * then only the node and its links move over it, frame after frame; let
 * go, it is drawn whole again with the node pinned where it was left. */
static void
test_cached_node_drag (Fixture *f, gconstpointer data)
{
  const guint32 organisation_blue = 0xff3584e4;
  int index;
  guint before;
  double x, y, to_x, to_y;

  index = cached_map_node (f, "North Yorkshire County Council");
  joinery_network_view_node_position (f->view, (guint) index, &x, &y);
  before = joinery_network_view_get_full_draws (f->view);
  g_assert_cmphex (pixel_at (f->view, x, y), ==, organisation_blue);
  g_assert_cmpuint (joinery_network_view_get_full_draws (f->view), ==, before);

  /* The first move: drawn once without it; it shows where it went, not where it was. */
  to_x = x + 80;
  to_y = y + 50;
  joinery_network_view_move_node (f->view, (guint) index, to_x, to_y);
  g_assert_cmphex (pixel_at (f->view, to_x, to_y), ==, organisation_blue);
  g_assert_cmphex (pixel_at (f->view, x, y), !=, organisation_blue);
  g_assert_cmpuint (joinery_network_view_get_full_draws (f->view), ==, before + 1);
  /* Later moves draw the whole no more. */
  for (int step = 1; step <= 5; step++)
    {
      to_x += 6;
      to_y -= 4;
      joinery_network_view_move_node (f->view, (guint) index, to_x, to_y);
      joinery_gui_test_spin (20);
      g_assert_cmphex (pixel_at (f->view, to_x, to_y), ==, organisation_blue);
    }
  g_assert_cmpuint (joinery_network_view_get_full_draws (f->view), ==, before + 1);
  g_assert_cmpuint (joinery_renderer_get_frame_memory_holds (), ==, moving_holds (f));
  g_assert_true (joinery_network_get_node (joinery_network_view_get_network (f->view), (guint) index)->pinned);
  joinery_network_view_node_position (f->view, (guint) index, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, to_x, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, to_y, 1e-6);

  /* Let go: drawn whole once more, the node where it was left. */
  joinery_network_view_end_move (f->view);
  g_assert_cmphex (pixel_at (f->view, to_x, to_y), ==, organisation_blue);
  g_assert_cmpuint (joinery_network_view_get_full_draws (f->view), ==, before + 2);
  g_assert_cmpuint (joinery_renderer_get_frame_memory_holds (), ==, 0);
}

/* Pixels of an exported PNG in rows [top, bottom) that are not the white background. */
static guint
count_ink (const char *png, int top, int bottom)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint ink = 0;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_height (surface), >=, bottom);
  for (int y = top; y < bottom; y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      ink += (((const guint32 *) (data + (gsize) y * stride))[x] & 0xffffff) != 0xffffff;
  cairo_surface_destroy (surface);
  return ink;
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("joinery-map-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "map.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "map.svg", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (joinery_network_view_export (f->view, png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &bytes, &length, NULL));
  g_assert_cmpuint (length, >, 10000);
  g_assert_cmpmem (bytes, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&bytes, g_free);

  g_assert_true (joinery_network_view_export (f->view, svg, &error));
  g_assert_true (g_file_get_contents (svg, &bytes, &length, NULL));
  g_assert_nonnull (strstr (bytes, "<svg"));
  /* Text drawn as glyphs: the shapes are there, one path or more a node. */
  g_assert_cmpuint (length, >, 10000);

  /* The legend's last line (the picture is 1,200 high) says when
   * betweenness is estimated, and is blank when it is exact. */
  g_assert_cmpuint (count_ink (png, 1174, 1196), ==, 0);
  g_assert_cmpuint (count_ink (png, 1150, 1170), >, 200); /* the kinds of node and link */
  {
    JoineryNetwork *network = joinery_network_view_get_network (f->view);
    guint n = joinery_network_get_n_nodes (network);
    g_autofree double *values = g_new (double, n);

    for (guint i = 0; i < n; i++)
      values[i] = joinery_network_get_node (network, i)->betweenness;
    joinery_network_set_betweenness (network, values, TRUE);
    joinery_network_view_metrics_changed (f->view);
  }
  g_assert_true (joinery_network_view_export (f->view, png, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_ink (png, 1174, 1196), >, 200);

  g_assert_false (joinery_network_view_export (f->view, "/nonexistent/folder/map.png", &error));
  g_assert_nonnull (error);
  joinery_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_setenv ("JOINERY_TODAY", "2026-06-01", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = joinery_gui_test_app_start ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/network/draws-the-demo", test_draws_the_demo);
  ADD ("/gui/network/click-opens-record", test_click_opens_record);
  ADD ("/gui/network/as-of-and-focus", test_as_of_and_focus);
  ADD ("/gui/network/theme-filter", test_theme_filter);
  ADD ("/gui/network/cached-pan-and-zoom", test_cached_pan_and_zoom);
  ADD ("/gui/network/cached-node-drag", test_cached_node_drag);
  ADD ("/gui/network/export", test_export);
#undef ADD

  return joinery_gui_test_app_run (&app);
}
