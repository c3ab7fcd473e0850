/* test-demo-network.c: on the demo's map the five places are joined, and
 * the connectors are what the seeds say linked them (data/demo/130-links.sql).
 *
 * The network is the core's (app/network/joinery-network.h), read from a
 * fresh demo: the Bradford district and Craven, Leeds, North Yorkshire,
 * Wigan and Trafford each have their cluster, and every organisation of
 * theirs that is linked to anything at all is in one connected part with
 * the others. What joins them: North Yorkshire County Council (its staff
 * from Craven at October's Learning and Innovation event, and with Wigan
 * Council one of the two whole-area innovation case studies), the NHS (its
 * trusts and commissioners in the Bradford district and Craven, Leeds and
 * Greater Manchester, and its national bodies), and Greater Manchester
 * devolution (Trafford and Wigan). The bundled report network-connectors
 * names the same council first.
 */
#include "joinery-test-util.h"
#include "joinery-network.h"
#include "demo-test-util.h"

#include <string.h>

static JoineryDb *demo;
static char *demo_path;

/* The five places of the demo's story. */
static const char *const places[] = {
  "Bradford district and Craven", "Leeds", "North Yorkshire", "Wigan", "Trafford", NULL
};

static JoineryNetwork *
read_network (gint64 area_id)
{
  g_autoptr(GError) error = NULL;
  JoineryNetworkFilter filter = { .area_id = area_id };
  JoineryNetwork *network = joinery_network_new (demo, &filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (network);
  g_assert_true (joinery_network_compute_metrics (network, &error));
  g_assert_no_error (error);
  return network;
}

/* The index of the node labelled `label`, which must be there once. */
static guint
node_named (JoineryNetwork *network, const char *label)
{
  int found = -1;

  for (guint i = 0; i < joinery_network_get_n_nodes (network); i++)
    if (g_str_equal (joinery_network_get_node (network, i)->label, label))
      {
        g_assert_cmpint (found, ==, -1);
        found = (int) i;
      }
  if (found < 0)
    g_error ("no node \"%s\" in the demo's network", label);
  return (guint) found;
}

/* The kinds of edge between two nodes, as a mask. */
static guint
edge_kinds_between (JoineryNetwork *network, const char *a, const char *b)
{
  guint ia = node_named (network, a), ib = node_named (network, b), kinds = 0;

  for (guint i = 0; i < joinery_network_get_n_edges (network); i++)
    {
      const JoineryNetworkEdge *edge = joinery_network_get_edge (network, i);

      if ((edge->source == ia && edge->target == ib) || (edge->source == ib && edge->target == ia))
        kinds |= edge->kind;
    }
  return kinds;
}

/* Every linked organisation of each place is in the largest part, and the
 * only other part of more than one node is Sefton's (the co-winner of
 * Trafford's award, which the map cannot show). */
static void
test_places_joined (void)
{
  g_autoptr(JoineryNetwork) all = read_network (0);
  guint n_in_part[128] = { 0 };
  guint n_parts_of_more = 0;

  for (guint p = 0; places[p] != NULL; p++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM areas WHERE name = '%s'", places[p]);
      g_autoptr(JoineryNetwork) place = read_network (demo_test_query_int (demo, sql));
      guint n_joined = 0;

      for (guint i = 0; i < joinery_network_get_n_nodes (place); i++)
        {
          JoineryNetworkNode *node = joinery_network_get_node (place, i);
          int index = joinery_network_find_node (all, node->kind, node->id);
          JoineryNetworkNode *whole;

          g_assert_cmpint (index, >=, 0);
          whole = joinery_network_get_node (all, (guint) index);
          if (node->kind != JOINERY_NODE_ORGANISATION || whole->degree == 0)
            continue;
          if (whole->component != 0)
            g_error ("%s (%s) is not joined to the other places", whole->label, places[p]);
          n_joined++;
        }
      g_test_message ("%s: %u organisations joined", places[p], n_joined);
      g_assert_cmpuint (n_joined, >=, 1);
    }

  for (guint i = 0; i < joinery_network_get_n_nodes (all); i++)
    {
      JoineryNetworkNode *node = joinery_network_get_node (all, i);

      g_assert_cmpuint (node->component, <, G_N_ELEMENTS (n_in_part));
      n_in_part[node->component]++;
    }
  for (guint c = 0; c < G_N_ELEMENTS (n_in_part); c++)
    if (n_in_part[c] > 1)
      n_parts_of_more++;
  g_assert_cmpuint (n_parts_of_more, ==, 2);
  g_assert_cmpuint (n_in_part[1], ==, 3);
  g_assert_cmpuint (joinery_network_get_node (all, node_named (all, "Sefton Council"))->component, ==, 1);
  g_assert_cmpuint (joinery_network_get_node (all, node_named (all, "New Realities (Merseyside)"))->component, ==, 1);
  g_assert_cmpuint (joinery_network_get_node (all, node_named (all, "Sefton Council for Voluntary Service"))->component, ==, 1);
}

/* The links themselves, each of the kind the seeds give it. */
static void
test_links (void)
{
  g_autoptr(JoineryNetwork) all = read_network (0);

  /* Bradford district and Craven to North Yorkshire: Craven's staff at October's event. */
  g_assert_cmpuint (edge_kinds_between (all, "North Yorkshire County Council", "Bradford Council"), ==, JOINERY_EDGE_EVENT);
  g_assert_cmpuint (edge_kinds_between (all, "North Yorkshire County Council", "Airedale NHS Foundation Trust"), ==, JOINERY_EDGE_EVENT);
  /* North Yorkshire to Wigan: the two case studies of whole-area innovation. */
  g_assert_cmpuint (edge_kinds_between (all, "Whole-area innovation case studies", "North Yorkshire County Council"), ==, JOINERY_EDGE_MEMBERSHIP);
  g_assert_cmpuint (edge_kinds_between (all, "Whole-area innovation case studies", "Wigan Council"), ==, JOINERY_EDGE_MEMBERSHIP);
  /* Wigan to Trafford: Greater Manchester. */
  g_assert_cmpuint (edge_kinds_between (all, "Greater Manchester devolution", "Wigan Council"), ==, JOINERY_EDGE_MEMBERSHIP);
  g_assert_cmpuint (edge_kinds_between (all, "Greater Manchester devolution", "Trafford Council"), ==, JOINERY_EDGE_MEMBERSHIP);
  /* The NHS: the Bradford district and Craven, Leeds, Trafford's partner, the national bodies. */
  g_assert_cmpuint (edge_kinds_between (all, "The NHS in England", "Airedale NHS Foundation Trust"), ==, JOINERY_EDGE_MEMBERSHIP);
  g_assert_cmpuint (edge_kinds_between (all, "The NHS in England", "Leeds Teaching Hospitals NHS Trust"), ==, JOINERY_EDGE_MEMBERSHIP);
  g_assert_cmpuint (edge_kinds_between (all, "The NHS in England", "Pennine Care NHS Foundation Trust"), ==, JOINERY_EDGE_MEMBERSHIP);
  g_assert_cmpuint (edge_kinds_between (all, "The NHS in England", "Health Education England"), ==, JOINERY_EDGE_MEMBERSHIP);
  g_assert_cmpuint (joinery_network_get_node (all, node_named (all, "The NHS in England"))->degree, ==, 11);
  /* Leeds, one of the 14 pioneers. */
  g_assert_cmpuint (edge_kinds_between (all, "Integrated Care and Support Pioneers", "Leeds City Council"), ==, JOINERY_EDGE_MEMBERSHIP);
  /* Not linked: no seed joins Leeds to Wigan, nor Bradford to Trafford. */
  g_assert_cmpuint (edge_kinds_between (all, "Leeds City Council", "Wigan Council"), ==, 0);
  g_assert_cmpuint (edge_kinds_between (all, "Bradford Council", "Trafford Council"), ==, 0);
}

/* The connectors by betweenness: the council and the NHS, then the trust
 * that takes the Bradford district and Craven to the NHS, Leeds' council
 * and the case studies; Trafford's NHS partner and Wigan's council next. */
static void
test_connectors (void)
{
  static const char *const top[] = {
    "North Yorkshire County Council", "The NHS in England", "Airedale NHS Foundation Trust",
    "Leeds City Council", "Whole-area innovation case studies",
  };
  g_autoptr(JoineryNetwork) all = read_network (0);
  g_autoptr(GArray) ranked = joinery_network_rank_connectors (all, 10);
  gboolean wigan = FALSE, pennine = FALSE;

  g_assert_cmpuint (ranked->len, ==, 10);
  for (guint i = 0; i < G_N_ELEMENTS (top); i++)
    g_assert_cmpstr (joinery_network_get_node (all, g_array_index (ranked, guint, i))->label, ==, top[i]);
  for (guint i = G_N_ELEMENTS (top); i < ranked->len; i++)
    {
      const char *label = joinery_network_get_node (all, g_array_index (ranked, guint, i))->label;

      wigan = wigan || g_str_equal (label, "Wigan Council");
      pennine = pennine || g_str_equal (label, "Pennine Care NHS Foundation Trust");
    }
  g_assert_true (wigan);
  g_assert_true (pennine);

  /* Each joins parts that would fall apart without it: between more
   * pairs than any North Yorkshire grant holder. */
  for (guint i = 0; i < G_N_ELEMENTS (top); i++)
    g_assert_cmpfloat (joinery_network_get_node (all, g_array_index (ranked, guint, i))->betweenness, >,
                       joinery_network_get_node (all, node_named (all, "Barrowbeck Home Help Cooperative"))->betweenness);
}

/* The bundled report, as a trainer runs it: the same council first. */
static void
test_connectors_report (void)
{
  g_autoptr(DemoRun) run = demo_run_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (demo_run (run, &out, &err, "--db", demo_path, "report", "network-connectors",
                             "--param", "top=1", "--format", "csv", NULL), ==, 0);
  /* CSV lines end in CRLF. */
  g_assert_true (g_str_has_prefix (out, "Rank,Organisation,Organisations linked,Groups,Projects,Grants\r\n"
                                        "1,North Yorkshire County Council,22,1,0,28\r\n"));
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  demo = demo_test_create_read_only ("joinery-demo-network-XXXXXX", &dir, &demo_path);

  g_test_add_func ("/demo/network/places-joined", test_places_joined);
  g_test_add_func ("/demo/network/links", test_links);
  g_test_add_func ("/demo/network/connectors", test_connectors);
  g_test_add_func ("/demo/network/connectors-report", test_connectors_report);

  status = g_test_run ();
  g_clear_object (&demo);
  joinery_test_rm_rf (dir);
  g_free (demo_path);
  return status;
}
