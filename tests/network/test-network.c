/* test-network.c: the network read from a small database whose graph is
 * known by hand, its metrics, its "as of" dates and filters, its layout,
 * its exports read back (the GraphML by igraph itself) and `joinery
 * network` as a user runs it.
 *
 * The fixture, all time: a path of seven nodes and one node alone —
 *
 *   Fenwick Print (business) —event— Beckside Carers (voluntary)
 *     —membership— Health Board —membership— Ashdale Council (council)
 *     —grant— Crossfield Trust (voluntary) —partnership— Hospital at Home
 *     —partnership— Dalesway NHS Trust (nhs_trust);   Eastmoor Club alone.
 *
 * On a path of 7, the node at position i lies between i·(6−i) pairs: F 0,
 * B 5, Board 8, A 9, C 8, Project 5, D 0 (and the lone node 0). Links that
 * must not count: a declined grant (Ashdale to Dalesway), a cancelled
 * booking (Dalesway's person at the same event).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <igraph.h>
#include <json-glib/json-glib.h>

#include "joinery-network.h"
#include "joinery-test-util.h"

typedef struct {
  JoineryTestDb *tdb;
  gint64 x, y;                 /* areas */
  gint64 a, b, c, d, e, f;     /* organisations */
  gint64 board, project;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  JoineryDb *db;
  g_autofree char *id = NULL;
  gint64 fund, pb, pd, pf, event;
  char s_a[32], s_b[32], s_c[32], s_d[32], s_f[32], s_board[32], s_project[32], s_fund[32], s_round[32],
       s_x[32], s_y[32], s_event[32], s_pb[32], s_pd[32], s_pf[32];

#define ID(buf, v) g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, (v))
  fx->tdb = joinery_test_db_new ();
  db = fx->tdb->db;
  fx->x = joinery_test_create (db, "area", "name", "Ashdale", NULL);
  fx->y = joinery_test_create (db, "area", "name", "Yarrowby", NULL);
  ID (s_x, fx->x);
  ID (s_y, fx->y);
  fx->a = joinery_test_create (db, "organisation", "name", "Ashdale Council", "kind", "council", "area", s_x, NULL);
  fx->b = joinery_test_create (db, "organisation", "name", "Beckside Carers", "kind", "voluntary", "area", s_x, NULL);
  fx->c = joinery_test_create (db, "organisation", "name", "Crossfield Trust", "kind", "voluntary", "area", s_y, NULL);
  fx->d = joinery_test_create (db, "organisation", "name", "Dalesway NHS Trust", "kind", "nhs_trust", "area", s_y, NULL);
  fx->e = joinery_test_create (db, "organisation", "name", "Eastmoor Club", "kind", "other", NULL);
  fx->f = joinery_test_create (db, "organisation", "name", "Fenwick Print", "kind", "business", NULL);
  ID (s_a, fx->a);
  ID (s_b, fx->b);
  ID (s_c, fx->c);
  ID (s_d, fx->d);
  ID (s_f, fx->f);

  /* The board, from 2020; Ashdale a member throughout, Beckside's person from 2021. */
  fx->board = joinery_test_create (db, "group", "name", "Health Board", "kind", "board", "area", s_x,
                                   "starts_on", "2020-01-01", NULL);
  ID (s_board, fx->board);
  pb = joinery_test_create (db, "person", "name", "Bea Holt", "organisation", s_b, NULL);
  pd = joinery_test_create (db, "person", "name", "Dev Rana", "organisation", s_d, NULL);
  pf = joinery_test_create (db, "person", "name", "Fay Lund", "organisation", s_f, NULL);
  ID (s_pb, pb);
  ID (s_pd, pd);
  ID (s_pf, pf);
  joinery_test_create (db, "group_member", "group", s_board, "organisation", s_a, NULL);
  joinery_test_create (db, "group_member", "group", s_board, "person", s_pb, "starts_on", "2021-01-01", NULL);

  /* The project, from 2019: an idea, a pilot from June 2021. */
  fx->project = joinery_test_create (db, "project", "name", "Hospital at Home", "lead_organisation", s_c,
                                     "area", s_y, "stage", "pilot", "stage_since", "2021-06-01",
                                     "starts_on", "2019-01-01", NULL);
  ID (s_project, fx->project);
  joinery_test_create (db, "project_partner", "project", s_project, "organisation", s_d, NULL);
  joinery_test_create (db, "project_stage", "project", s_project, "stage", "idea", "started_on", "2019-01-01", NULL);
  joinery_test_create (db, "project_stage", "project", s_project, "stage", "pilot", "started_on", "2021-06-01", NULL);

  /* Ashdale funds Crossfield (awarded May 2022); Dalesway was declined. */
  fund = joinery_test_create (db, "fund", "name", "Ashdale Fund", "funder", s_a, NULL);
  ID (s_fund, fund);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, joinery_test_create (db, "round", "fund", s_fund, "name", "One", NULL));
  g_strlcpy (s_round, id, sizeof s_round);
  joinery_test_create (db, "grant", "round", s_round, "title", "Warm homes", "applicant", s_c,
                       "amount_awarded", "£10,000", "status", "awarded", "awarded_on", "2022-05-01", NULL);
  joinery_test_create (db, "grant", "round", s_round, "title", "Night sitting", "applicant", s_d,
                       "status", "declined", NULL);

  /* March 2023: Beckside and Fenwick there; Dalesway cancelled. */
  event = joinery_test_create (db, "event", "name", "Spring Forum", "starts_on", "2023-03-01", NULL);
  ID (s_event, event);
  joinery_test_create (db, "attendance", "event", s_event, "person", s_pb, "status", "attended", NULL);
  joinery_test_create (db, "attendance", "event", s_event, "person", s_pf, "status", "attended", NULL);
  joinery_test_create (db, "attendance", "event", s_event, "person", s_pd, "status", "cancelled", NULL);
#undef ID
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  joinery_test_db_free (fx->tdb);
}

static JoineryNetwork *
read_network (Fixture *fx, const JoineryNetworkFilter *filter)
{
  g_autoptr(GError) error = NULL;
  JoineryNetwork *network = joinery_network_new (fx->tdb->db, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (network);
  g_assert_true (joinery_network_compute_metrics (network, &error));
  g_assert_no_error (error);
  return network;
}

static const JoineryNetworkNode *
node_of (JoineryNetwork *network, JoineryNodeKind kind, gint64 id)
{
  int index = joinery_network_find_node (network, kind, id);

  g_assert_cmpint (index, >=, 0);
  return joinery_network_get_node (network, (guint) index);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The edges as "kind:a-b" with the lower key first, sorted, joined by spaces. */
static char *
edge_list (JoineryNetwork *network)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < joinery_network_get_n_edges (network); i++)
    {
      const JoineryNetworkEdge *edge = joinery_network_get_edge (network, i);
      g_autofree char *a = joinery_network_dup_node_key (network, edge->source);
      g_autofree char *b = joinery_network_dup_node_key (network, edge->target);

      g_ptr_array_add (items, g_strdup_printf ("%s:%s-%s", joinery_edge_kind_to_string (edge->kind),
                                               g_strcmp0 (a, b) < 0 ? a : b, g_strcmp0 (a, b) < 0 ? b : a));
    }
  g_ptr_array_sort (items, compare_strings);
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", (char *) g_ptr_array_index (items, i));
  return g_string_free (out, FALSE);
}

static void
test_metrics (Fixture *fx, gconstpointer data)
{
  g_autoptr(JoineryNetwork) network = read_network (fx, NULL);
  g_autofree char *edges = edge_list (network);
  g_autoptr(GArray) ranked = NULL;
  const JoineryNetworkEdge *grant = NULL;

  g_assert_cmpuint (joinery_network_get_n_nodes (network), ==, 8);
  g_assert_cmpstr (edges, ==,
                   "event:organisation:2-organisation:6 "
                   "grant:organisation:1-organisation:3 "
                   "membership:group:1-organisation:1 "
                   "membership:group:1-organisation:2 "
                   "partnership:organisation:3-project:1 "
                   "partnership:organisation:4-project:1");

  /* Betweenness i·(6−i) along the path; degree 2 inside it, 1 at its ends. */
  g_assert_cmpfloat_with_epsilon (node_of (network, JOINERY_NODE_ORGANISATION, fx->f)->betweenness, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (node_of (network, JOINERY_NODE_ORGANISATION, fx->b)->betweenness, 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (node_of (network, JOINERY_NODE_GROUP, fx->board)->betweenness, 8, 1e-9);
  g_assert_cmpfloat_with_epsilon (node_of (network, JOINERY_NODE_ORGANISATION, fx->a)->betweenness, 9, 1e-9);
  g_assert_cmpfloat_with_epsilon (node_of (network, JOINERY_NODE_ORGANISATION, fx->c)->betweenness, 8, 1e-9);
  g_assert_cmpfloat_with_epsilon (node_of (network, JOINERY_NODE_PROJECT, fx->project)->betweenness, 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (node_of (network, JOINERY_NODE_ORGANISATION, fx->d)->betweenness, 0, 1e-9);
  g_assert_cmpuint (node_of (network, JOINERY_NODE_ORGANISATION, fx->a)->degree, ==, 2);
  g_assert_cmpuint (node_of (network, JOINERY_NODE_ORGANISATION, fx->f)->degree, ==, 1);
  g_assert_cmpuint (node_of (network, JOINERY_NODE_ORGANISATION, fx->e)->degree, ==, 0);
  /* Two parts: the path (the larger, 0) and the lone club. */
  g_assert_cmpuint (node_of (network, JOINERY_NODE_ORGANISATION, fx->a)->component, ==, 0);
  g_assert_cmpuint (node_of (network, JOINERY_NODE_ORGANISATION, fx->e)->component, ==, 1);

  /* Ranked: Ashdale, then the board and Crossfield (8, by name: Crossfield first). */
  ranked = joinery_network_rank_connectors (network, 3);
  g_assert_cmpuint (ranked->len, ==, 3);
  g_assert_cmpstr (joinery_network_get_node (network, g_array_index (ranked, guint, 0))->label, ==, "Ashdale Council");
  g_assert_cmpstr (joinery_network_get_node (network, g_array_index (ranked, guint, 1))->label, ==, "Crossfield Trust");
  g_assert_cmpstr (joinery_network_get_node (network, g_array_index (ranked, guint, 2))->label, ==, "Health Board");

  /* The grant link runs from the funder and weighs the money in pounds. */
  for (guint i = 0; i < joinery_network_get_n_edges (network); i++)
    if (joinery_network_get_edge (network, i)->kind == JOINERY_EDGE_GRANT)
      grant = joinery_network_get_edge (network, i);
  g_assert_nonnull (grant);
  g_assert_cmpint (joinery_network_get_node (network, grant->source)->id, ==, fx->a);
  g_assert_cmpfloat_with_epsilon (grant->weight, 10000, 1e-9);
  g_assert_cmpuint (grant->count, ==, 1);

  /* Node details. */
  g_assert_cmpstr (node_of (network, JOINERY_NODE_ORGANISATION, fx->a)->area, ==, "Ashdale");
  g_assert_cmpstr (node_of (network, JOINERY_NODE_ORGANISATION, fx->a)->subkind, ==, "council");
  g_assert_cmpstr (node_of (network, JOINERY_NODE_PROJECT, fx->project)->subkind, ==, "pilot");
}

static void
test_as_of (Fixture *fx, gconstpointer data)
{
  JoineryNetworkFilter filter = { .as_of = "2019-06-01" };
  g_autoptr(JoineryNetwork) early = read_network (fx, &filter);
  g_autoptr(JoineryNetwork) board = NULL;
  g_autoptr(JoineryNetwork) grant = NULL;
  g_autofree char *early_edges = edge_list (early);
  g_autofree char *board_edges = NULL;
  g_autofree char *grant_edges = NULL;
  g_autoptr(GError) error = NULL;

  /* 2019: no board yet, nothing awarded, no forum; the project an idea. */
  g_assert_cmpuint (joinery_network_get_n_nodes (early), ==, 7);
  g_assert_cmpint (joinery_network_find_node (early, JOINERY_NODE_GROUP, fx->board), ==, -1);
  g_assert_cmpstr (early_edges, ==, "partnership:organisation:3-project:1 partnership:organisation:4-project:1");
  g_assert_cmpstr (node_of (early, JOINERY_NODE_PROJECT, fx->project)->subkind, ==, "idea");

  /* 2020: the board with Ashdale alone (Beckside's member joins in 2021). */
  filter.as_of = "2020-06-01";
  board = read_network (fx, &filter);
  board_edges = edge_list (board);
  g_assert_cmpstr (board_edges, ==,
                   "membership:group:1-organisation:1 "
                   "partnership:organisation:3-project:1 partnership:organisation:4-project:1");

  /* The day of the award: the grant is there; the forum is not. */
  filter.as_of = "2022-05-01";
  grant = read_network (fx, &filter);
  grant_edges = edge_list (grant);
  g_assert_cmpstr (grant_edges, ==,
                   "grant:organisation:1-organisation:3 "
                   "membership:group:1-organisation:1 membership:group:1-organisation:2 "
                   "partnership:organisation:3-project:1 partnership:organisation:4-project:1");
  g_assert_cmpstr (node_of (grant, JOINERY_NODE_PROJECT, fx->project)->subkind, ==, "pilot");

  /* The record's dates run from the project's start to the forum. */
  {
    g_autofree char *first = NULL, *last = NULL;
    g_assert_true (joinery_network_date_range (fx->tdb->db, &first, &last, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (first, ==, "2019-01-01");
    g_assert_cmpstr (last, ==, "2023-03-01");
  }

  /* Not a date. */
  filter.as_of = "last spring";
  g_assert_null (joinery_network_new (fx->tdb->db, &filter, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
}

static void
test_filters (Fixture *fx, gconstpointer data)
{
  JoineryNetworkFilter filter = { .organisation_kind = "voluntary" };
  g_autoptr(JoineryNetwork) voluntary = read_network (fx, &filter);
  g_autoptr(JoineryNetwork) area = NULL;
  g_autoptr(JoineryNetwork) memberships = NULL;
  g_autofree char *voluntary_edges = edge_list (voluntary);
  g_autofree char *area_edges = NULL;
  g_autofree char *membership_edges = NULL;
  guint kinds = 0;
  g_autoptr(GError) error = NULL;

  /* Beckside and Crossfield, and the board and project they belong to. */
  g_assert_cmpuint (joinery_network_get_n_nodes (voluntary), ==, 4);
  g_assert_cmpstr (voluntary_edges, ==, "membership:group:1-organisation:2 partnership:organisation:3-project:1");

  /* Ashdale's area: its council, Beckside, the board; not Yarrowby's project. */
  filter = (JoineryNetworkFilter) { .area_id = fx->x };
  area = read_network (fx, &filter);
  area_edges = edge_list (area);
  g_assert_cmpuint (joinery_network_get_n_nodes (area), ==, 3);
  g_assert_cmpstr (area_edges, ==, "membership:group:1-organisation:1 membership:group:1-organisation:2");

  g_assert_true (joinery_edge_kinds_parse ("membership", &kinds, &error));
  filter = (JoineryNetworkFilter) { .edge_kinds = kinds };
  memberships = read_network (fx, &filter);
  membership_edges = edge_list (memberships);
  g_assert_cmpuint (joinery_network_get_n_nodes (memberships), ==, 8);
  g_assert_cmpstr (membership_edges, ==, "membership:group:1-organisation:1 membership:group:1-organisation:2");
  g_assert_cmpuint (node_of (memberships, JOINERY_NODE_ORGANISATION, fx->c)->degree, ==, 0);

  g_assert_true (joinery_edge_kinds_parse ("grant, Event", &kinds, &error));
  g_assert_cmpuint (kinds, ==, JOINERY_EDGE_GRANT | JOINERY_EDGE_EVENT);
  g_assert_false (joinery_edge_kinds_parse ("friendship", &kinds, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
}

static void
test_neighbourhood (Fixture *fx, gconstpointer data)
{
  g_autoptr(JoineryNetwork) network = read_network (fx, NULL);
  int a = joinery_network_find_node (network, JOINERY_NODE_ORGANISATION, fx->a);
  g_autoptr(GArray) one = joinery_network_neighbourhood (network, (guint) a, 1);
  g_autoptr(GArray) two = joinery_network_neighbourhood (network, (guint) a, 2);
  g_autoptr(GArray) none = joinery_network_neighbourhood (network, (guint) a, 0);

  g_assert_cmpuint (none->len, ==, 1);
  g_assert_cmpuint (one->len, ==, 3);  /* Ashdale, the board, Crossfield */
  g_assert_cmpuint (two->len, ==, 5);  /* and Beckside, the project */
  for (guint i = 0; i < two->len; i++)
    g_assert_cmpint (joinery_network_get_node (network, g_array_index (two, guint, i))->id, !=, fx->f);
}

static void
test_layout (Fixture *fx, gconstpointer data)
{
  g_autoptr(JoineryNetwork) first = read_network (fx, NULL);
  g_autoptr(JoineryNetwork) again = read_network (fx, NULL);
  g_autoptr(GError) error = NULL;
  JoineryNetworkNode *pinned;
  guint n = joinery_network_get_n_nodes (first);

  g_assert_true (joinery_network_layout (first, 300, FALSE, 7, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_network_layout (again, 300, FALSE, 7, &error));
  for (guint i = 0; i < n; i++)
    {
      JoineryNetworkNode *p = joinery_network_get_node (first, i);
      JoineryNetworkNode *q = joinery_network_get_node (again, i);

      g_assert_true (isfinite (p->x) && isfinite (p->y));
      /* The same seed draws the same picture. */
      g_assert_cmpfloat (p->x, ==, q->x);
      g_assert_cmpfloat (p->y, ==, q->y);
      for (guint j = 0; j < i; j++)
        {
          JoineryNetworkNode *o = joinery_network_get_node (first, j);
          g_assert_cmpfloat (hypot (o->x - p->x, o->y - p->y), >, 1e-3);
        }
    }

  /* Linked nodes end nearer each other than the lone club is to Ashdale's neighbours, on average. */
  {
    const JoineryNetworkNode *a = node_of (first, JOINERY_NODE_ORGANISATION, fx->a);
    const JoineryNetworkNode *board = node_of (first, JOINERY_NODE_GROUP, fx->board);
    const JoineryNetworkNode *d = node_of (first, JOINERY_NODE_ORGANISATION, fx->d);
    g_assert_cmpfloat (hypot (a->x - board->x, a->y - board->y), <, hypot (a->x - d->x, a->y - d->y));
  }

  /* A pinned node stays where it was put. */
  pinned = joinery_network_get_node (first, (guint) joinery_network_find_node (first, JOINERY_NODE_ORGANISATION, fx->a));
  pinned->x = 42.5;
  pinned->y = -3.25;
  pinned->pinned = TRUE;
  g_assert_true (joinery_network_layout (first, 100, TRUE, 7, &error));
  g_assert_cmpfloat (pinned->x, ==, 42.5);
  g_assert_cmpfloat (pinned->y, ==, -3.25);
}

static void
test_graphml_read_by_igraph (Fixture *fx, gconstpointer data)
{
  g_autoptr(JoineryNetwork) network = read_network (fx, NULL);
  g_autofree char *graphml = joinery_network_to_graphml (network);
  g_autofree char *path = g_build_filename (fx->tdb->dir, "network.graphml", NULL);
  g_autoptr(GError) error = NULL;
  igraph_t graph;
  FILE *file;
  igraph_error_t rc;

  g_assert_true (g_file_set_contents (path, graphml, -1, &error));
  file = fopen (path, "r");
  g_assert_nonnull (file);
  igraph_set_error_handler (igraph_error_handler_ignore);
  rc = igraph_read_graph_graphml (&graph, file, 0);
  fclose (file);
  if (rc == IGRAPH_UNIMPLEMENTED)
    {
      g_test_skip ("igraph was built without GraphML support");
      return;
    }
  g_assert_cmpint (rc, ==, IGRAPH_SUCCESS);
  g_assert_cmpint (igraph_vcount (&graph), ==, 8);
  g_assert_cmpint (igraph_ecount (&graph), ==, 6);
  g_assert_false (igraph_is_directed (&graph));
  igraph_destroy (&graph);

  /* Names in it are escaped. */
  g_assert_nonnull (strstr (graphml, "<data key=\"label\">Ashdale Council</data>"));
}

static void
test_json_and_dot (Fixture *fx, gconstpointer data)
{
  g_autoptr(JoineryNetwork) network = read_network (fx, NULL);
  g_autofree char *json = joinery_network_to_json (network);
  g_autofree char *dot = joinery_network_to_dot (network);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *nodes;
  gboolean found = FALSE;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  nodes = json_object_get_array_member (root, "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 8);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "edges")), ==, 6);
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *node = json_array_get_object_element (nodes, i);
      if (g_str_equal (json_object_get_string_member (node, "id"), "organisation:1"))
        {
          g_assert_cmpstr (json_object_get_string_member (node, "label"), ==, "Ashdale Council");
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "betweenness"), 9, 1e-6);
          g_assert_cmpint (json_object_get_int_member (node, "degree"), ==, 2);
          found = TRUE;
        }
    }
  g_assert_true (found);

  g_assert_true (g_str_has_prefix (dot, "graph joinery {"));
  g_assert_nonnull (strstr (dot, "\"organisation:1\" [label=\"Ashdale Council\""));
  g_assert_nonnull (strstr (dot, "\"group:1\" -- \"organisation:1\" [kind=membership"));
}

static void
test_cli (Fixture *fx, gconstpointer data)
{
  const char *csv_args[] = { "--db", fx->tdb->path, "network", "--format", "csv", NULL };
  const char *text_args[] = { "--db", fx->tdb->path, "network", NULL };
  const char *graphml_args[] = { "--db", fx->tdb->path, "network", "--format", "graphml", "--as-of", "2019-06-01",
                                 "--output", "out.graphml", NULL };
  const char *bad_date[] = { "--db", fx->tdb->path, "network", "--as-of", "someday", NULL };
  const char *bad_links[] = { "--db", fx->tdb->path, "network", "--links", "friendship", NULL };
  const char *bad_area[] = { "--db", fx->tdb->path, "network", "--area", "Atlantis", NULL };
  const char *area_args[] = { "--db", fx->tdb->path, "network", "--area", "Ashdale", "--format", "csv", NULL };
  g_autofree char *out = NULL, *err = NULL, *written = NULL, *path = NULL;
  g_auto(GStrv) lines = NULL;

  joinery_db_close (fx->tdb->db);

  g_assert_cmpint (joinery_test_run_joinery (fx->tdb->dir, NULL, csv_args, &out, &err), ==, 0);
  lines = g_strsplit (out, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==,
                   "rank,id,kind,record_id,label,subkind,area,degree,betweenness,component,betweenness_estimated");
  g_assert_cmpstr (lines[1], ==,
                   "1,organisation:1,organisation,1,Ashdale Council,council,Ashdale,2,9.000000,0,false");
  g_assert_cmpuint (g_strv_length (lines), ==, 10); /* the header, 8 nodes, the empty end */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (joinery_test_run_joinery (fx->tdb->dir, NULL, text_args, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "8 nodes, 6 links, 2 connected parts\n"));
  g_assert_nonnull (strstr (out, "Ashdale Council"));
  g_assert_null (strstr (out, "estimated")); /* small: exact */
  g_assert_nonnull (strstr (out, "1 isolated (linked to nothing); the organisations among them:\n  Eastmoor Club\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (joinery_test_run_joinery (fx->tdb->dir, NULL, graphml_args, &out, &err), ==, 0);
  path = g_build_filename (fx->tdb->dir, "out.graphml", NULL);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_null (strstr (written, "\"group:1\"")); /* no board in 2019 */
  g_assert_nonnull (strstr (written, "<node id=\"project:1\">"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (joinery_test_run_joinery (fx->tdb->dir, NULL, area_args, &out, &err), ==, 0);
  g_assert_null (strstr (out, "Crossfield"));
  g_assert_nonnull (strstr (out, "Beckside Carers"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (joinery_test_run_joinery (fx->tdb->dir, NULL, bad_date, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--as-of"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (joinery_test_run_joinery (fx->tdb->dir, NULL, bad_links, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "friendship"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (joinery_test_run_joinery (fx->tdb->dir, NULL, bad_area, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Atlantis"));
}

/* A network past the sizes where betweenness is exact and the layout gets
 * all its iterations: 2,000 organisations, 500 groups, 5,000 random
 * memberships (seeded), written straight into the fixture's file. */
static JoineryNetwork *
read_large_network (Fixture *fx)
{
  sqlite3 *db = joinery_db_get_handle (fx->tdb->db);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(GError) error = NULL;
  JoineryNetwork *network;

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (int i = 1; i <= 2000; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO organisations (created_at, updated_at, name, kind) "
                                              "VALUES ('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', "
                                              "'Large %d', 'voluntary')", i);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  for (int i = 1; i <= 500; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO groups (created_at, updated_at, name, kind) "
                                              "VALUES ('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', "
                                              "'Large group %d', 'partnership')", i);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  for (int i = 0; i < 5000; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO group_members (created_at, updated_at, group_id, organisation_id) "
        "SELECT '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', "
        "(SELECT id FROM groups WHERE name = 'Large group %d'), (SELECT id FROM organisations WHERE name = 'Large %d')",
        g_rand_int_range (rand, 1, 501), g_rand_int_range (rand, 1, 2001));
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  network = joinery_network_new (fx->tdb->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (joinery_network_get_n_nodes (network), >, 2000);
  return network;
}

/* GraphML's graph attribute, JSON's member and the CSV's column say
 * whether betweenness is estimated. */
static void
assert_exports_say_estimated (JoineryNetwork *network, gboolean estimated)
{
  g_autofree char *graphml = joinery_network_to_graphml (network);
  g_autofree char *json = joinery_network_to_json (network);
  g_autofree char *csv = joinery_network_to_metrics_csv (network);
  g_autofree char *graphml_data = g_strdup_printf ("<graph id=\"joinery\" edgedefault=\"undirected\">\n"
                                                   "    <data key=\"betweenness_estimated\">%s</data>\n",
                                                   estimated ? "true" : "false");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  const char *column = estimated ? ",true" : ",false";

  g_assert_nonnull (strstr (graphml, "<key id=\"betweenness_estimated\" for=\"graph\""));
  g_assert_nonnull (strstr (graphml, graphml_data));
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_boolean_member (json_node_get_object (json_parser_get_root (parser)),
                                                   "betweenness_estimated"), ==, estimated);
  g_assert_true (g_str_has_suffix (lines[0], ",betweenness_estimated"));
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_assert_true (g_str_has_suffix (lines[i], column));
}

/* Betweenness: exact on a small network, however asked; on a large one an
 * estimate from sampled sources, said to be one, near the exact values
 * where they matter (the strongest connectors). */
static void
test_betweenness_estimate (Fixture *fx, gconstpointer data)
{
  g_autoptr(JoineryNetwork) small = read_network (fx, NULL);
  g_autoptr(JoineryNetwork) large = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *all_sources = NULL;
  g_autofree double *exact = NULL;
  gboolean estimated = TRUE;
  guint n, top = 0;

  /* The small network: exact, the same as the hand-computed metrics. */
  g_assert_false (joinery_network_betweenness_is_estimate (small));
  g_assert_true (joinery_network_has_betweenness (small));
  n = joinery_network_get_n_nodes (small);
  all_sources = joinery_network_measure_betweenness (small, n, &estimated, &error);
  g_assert_no_error (error);
  g_assert_false (estimated);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (all_sources[i], joinery_network_get_node (small, i)->betweenness, 1e-9);

  /* The large one: its metrics are an estimate. */
  large = read_large_network (fx);
  g_assert_false (joinery_network_has_betweenness (large));
  g_assert_true (joinery_network_compute_degrees (large, &error));
  g_assert_false (joinery_network_has_betweenness (large));
  g_assert_true (joinery_network_compute_metrics (large, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_network_has_betweenness (large));
  g_assert_true (joinery_network_betweenness_is_estimate (large));
  /* The exports say so; the small network's say it is exact. */
  assert_exports_say_estimated (large, TRUE);
  assert_exports_say_estimated (small, FALSE);

  n = joinery_network_get_n_nodes (large);
  exact = joinery_network_measure_betweenness (large, n, &estimated, &error);
  g_assert_no_error (error);
  g_assert_false (estimated);
  for (guint i = 0; i < n; i++)
    if (exact[i] > exact[top])
      top = i;
  /* The strongest connector by the exact measure is among the estimate's
   * first five, its value within a quarter of the exact one. */
  ranked = joinery_network_rank_connectors (large, 5);
  {
    gboolean found = FALSE;
    for (guint r = 0; r < ranked->len; r++)
      found |= g_array_index (ranked, guint, r) == top;
    g_assert_true (found);
  }
  g_assert_cmpfloat (fabs (joinery_network_get_node (large, top)->betweenness - exact[top]), <, exact[top] / 4);

  /* Kept values are the ones given. */
  joinery_network_set_betweenness (large, exact, FALSE);
  g_assert_false (joinery_network_betweenness_is_estimate (large));
  assert_exports_say_estimated (large, FALSE);
  g_assert_cmpfloat (joinery_network_get_node (large, top)->betweenness, ==, exact[top]);

  /* `joinery network` says its figures are estimates. */
  {
    const char *args[] = { "--db", fx->tdb->path, "network", NULL };
    g_autofree char *out = NULL, *err = NULL;

    joinery_db_close (fx->tdb->db);
    g_assert_cmpint (joinery_test_run_joinery (fx->tdb->dir, NULL, args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "Betweenness (estimated)"));
    g_assert_nonnull (strstr (out, "Betweenness is estimated from a sample"));
  }
  {
    const char *args[] = { "--db", fx->tdb->path, "network", "--format", "csv", NULL };
    g_autofree char *out = NULL, *err = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint (joinery_test_run_joinery (fx->tdb->dir, NULL, args, &out, &err), ==, 0);
    lines = g_strsplit (out, "\r\n", 3);
    g_assert_true (g_str_has_suffix (lines[0], ",betweenness_estimated"));
    g_assert_true (g_str_has_suffix (lines[1], ",true"));
  }
}

/* A large network: fewer iterations, its pinned nodes kept; a copy stands alone. */
static void
test_large_layout (Fixture *fx, gconstpointer data)
{
  g_autoptr(JoineryNetwork) large = read_large_network (fx);
  g_autoptr(JoineryNetwork) copy = NULL;
  g_autoptr(GError) error = NULL;
  guint n = joinery_network_get_n_nodes (large);
  guint pins[] = { 0, n / 2, n - 1 };

  g_assert_cmpuint (joinery_network_layout_iterations (100, 500), ==, 500);
  g_assert_cmpuint (joinery_network_layout_iterations (1000, 500), ==, 500);
  g_assert_cmpuint (joinery_network_layout_iterations (2500, 500), ==, 200);
  g_assert_cmpuint (joinery_network_layout_iterations (10000, 500), ==, 50);
  g_assert_cmpuint (joinery_network_layout_iterations (100000, 500), ==, 50);
  g_assert_cmpuint (joinery_network_layout_iterations (10000, 20), ==, 20);

  for (guint i = 0; i < G_N_ELEMENTS (pins); i++)
    {
      JoineryNetworkNode *node = joinery_network_get_node (large, pins[i]);
      node->x = 5.5 + i;
      node->y = -3.25 - i;
      node->pinned = TRUE;
    }
  /* From the seed's places, and again from where they are. */
  g_assert_true (joinery_network_layout (large, 500, FALSE, 1, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (pins); i++)
    {
      JoineryNetworkNode *node = joinery_network_get_node (large, pins[i]);
      g_assert_cmpfloat (node->x, ==, 5.5 + i);
      g_assert_cmpfloat (node->y, ==, -3.25 - i);
    }
  for (guint i = 0; i < n; i++)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (large, i);
      g_assert_true (isfinite (node->x) && isfinite (node->y));
    }

  /* Read again with a new organisation in group 1: the rest keep their
   * places and pins, the new one goes beside the group. */
  {
    sqlite3 *db = joinery_db_get_handle (fx->tdb->db);
    g_autoptr(JoineryNetwork) again = NULL;
    const JoineryNetworkNode *group = NULL, *added = NULL;
    double width = 0;

    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO organisations (created_at, updated_at, name, kind) VALUES "
                                       "('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'Newcomer', 'voluntary');"
                                       "INSERT INTO group_members (created_at, updated_at, group_id, organisation_id) "
                                       "SELECT '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', "
                                       "(SELECT id FROM groups WHERE name = 'Large group 1'), "
                                       "(SELECT id FROM organisations WHERE name = 'Newcomer')", NULL, NULL, NULL),
                     ==, SQLITE_OK);
    again = joinery_network_new (fx->tdb->db, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (joinery_network_get_n_nodes (again), ==, n + 1);
    g_assert_true (joinery_network_layout_from (again, large, 500, 1, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < n; i++)
      {
        const JoineryNetworkNode *old = joinery_network_get_node (large, i);
        const JoineryNetworkNode *node = joinery_network_get_node (again,
                                                                   (guint) joinery_network_find_node (again, old->kind, old->id));
        g_assert_cmpfloat (node->x, ==, old->x);
        g_assert_cmpfloat (node->y, ==, old->y);
        g_assert_cmpint (node->pinned, ==, old->pinned);
        width = MAX (width, fabs (node->x));
      }
    for (guint i = 0; i < n + 1; i++)
      {
        const JoineryNetworkNode *node = joinery_network_get_node (again, i);
        if (g_str_equal (node->label, "Newcomer"))
          added = node;
        else if (g_str_equal (node->label, "Large group 1"))
          group = node;
      }
    g_assert_nonnull (group);
    g_assert_cmpstr (added->label, ==, "Newcomer");
    g_assert_cmpfloat (hypot (added->x - group->x, added->y - group->y), <, width / 10);
  }

  /* The copy: the same nodes, places and links, and its own. */
  copy = joinery_network_copy (large);
  g_assert_cmpuint (joinery_network_get_n_nodes (copy), ==, n);
  g_assert_cmpuint (joinery_network_get_n_edges (copy), ==, joinery_network_get_n_edges (large));
  {
    const JoineryNetworkNode *node = joinery_network_get_node (copy, pins[1]);
    g_autofree char *label = g_strdup (joinery_network_get_node (large, pins[1])->label);

    g_assert_cmpfloat (node->x, ==, 6.5);
    g_assert_true (node->pinned);
    g_clear_pointer (&large, joinery_network_free);
    g_assert_cmpstr (node->label, ==, label);
    g_assert_cmpint (joinery_network_find_node (copy, node->kind, node->id), ==, (int) pins[1]);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/network/metrics", test_metrics);
  ADD ("/network/as-of", test_as_of);
  ADD ("/network/filters", test_filters);
  ADD ("/network/neighbourhood", test_neighbourhood);
  ADD ("/network/layout", test_layout);
  ADD ("/network/large-layout", test_large_layout);
  ADD ("/network/betweenness-estimate", test_betweenness_estimate);
  ADD ("/network/graphml-read-by-igraph", test_graphml_read_by_igraph);
  ADD ("/network/json-and-dot", test_json_and_dot);
  ADD ("/network/cli", test_cli);
#undef ADD
  return g_test_run ();
}
