/* joinery-network.h: the network as a graph — who connects whom.
 *
 * Nodes are organisations, groups (boards, partnerships, networks,
 * programmes) and projects. Edges, each kind its own:
 *   - membership: a group and an organisation that is a member of it, a
 *     member's employer (a person sits on a board for their organisation),
 *     or the organisation that hosts it;
 *   - partnership: a project and its lead or partner organisations;
 *   - grant: a fund's funder and the organisation awarded a grant from it
 *     (awarded or completed grants only), weighted by the money awarded;
 *   - event: two organisations whose people attended the same event (not
 *     cancelled, not a no-show), weighted by the number of such events.
 * Each pair of nodes has at most one edge of each kind.
 *
 * "As of" a date, the network is what it was that day: groups and group
 * memberships current on it, projects begun and not ended (and at their
 * stage of that day), grants awarded by then, events held by then. With
 * no date it is everything the record holds.
 *
 * Metrics (igraph): each node's degree (distinct neighbours, whatever the
 * kinds of edge between them), betweenness centrality (unweighted,
 * undirected; estimated on a large network) and connected component. Layout (igraph): force-directed,
 * Fruchterman–Reingold, from a fixed seed so that the same network is
 * always drawn the same way.
 *
 * Display-free: GLib, SQLite (through the core) and igraph.
 */
#pragma once

#include <glib.h>

#include "joinery-db.h"

G_BEGIN_DECLS

typedef enum {
  JOINERY_NODE_ORGANISATION,
  JOINERY_NODE_GROUP,
  JOINERY_NODE_PROJECT,
} JoineryNodeKind;

typedef enum {
  JOINERY_EDGE_MEMBERSHIP  = 1 << 0,
  JOINERY_EDGE_PARTNERSHIP = 1 << 1,
  JOINERY_EDGE_GRANT       = 1 << 2,
  JOINERY_EDGE_EVENT       = 1 << 3,
} JoineryEdgeKind;

#define JOINERY_EDGE_ALL (JOINERY_EDGE_MEMBERSHIP | JOINERY_EDGE_PARTNERSHIP | \
                          JOINERY_EDGE_GRANT | JOINERY_EDGE_EVENT)

typedef struct {
  JoineryNodeKind kind;
  gint64          id;           /* the record's id in its kind */
  char           *label;        /* its name */
  char           *subkind;      /* an organisation's or group's kind, a project's stage */
  gint64          area_id;      /* 0 when none */
  char           *area;         /* the area's name, or NULL */
  /* Metrics, once computed. */
  guint           degree;
  double          betweenness;
  guint           component;    /* 0, 1, …: components by size, largest first */
  /* Layout, once laid out: in the unit square's neighbourhood. */
  double          x, y;
  gboolean        pinned;       /* kept where it is by a later layout */
} JoineryNetworkNode;

typedef struct {
  guint           source;       /* node indices; the funder first for a grant */
  guint           target;
  JoineryEdgeKind kind;
  double          weight;       /* memberships, partnerships: 1; grants: pounds; events: shared events */
  guint           count;        /* grants or shared events behind a grant or event edge, else 1 */
} JoineryNetworkEdge;

typedef struct {
  const char *as_of;              /* "YYYY-MM-DD", or NULL for everything */
  guint       edge_kinds;         /* JoineryEdgeKind mask; 0 for all */
  gint64      area_id;            /* nodes in this area or within it; 0 for all */
  const char *organisation_kind;  /* organisations of this kind only; NULL for all */
  gint64      theme_id;           /* projects and grants of this theme only; 0 for all */
} JoineryNetworkFilter;

typedef struct _JoineryNetwork JoineryNetwork;

/* Read the network from the database; NULL and a GError on a bad filter
 * (a date that is not a date) or a database error. */
JoineryNetwork           *joinery_network_new            (JoineryDb *db, const JoineryNetworkFilter *filter,
                                                          GError **error);
void                      joinery_network_free           (JoineryNetwork *self);

guint                     joinery_network_get_n_nodes    (JoineryNetwork *self);
JoineryNetworkNode       *joinery_network_get_node       (JoineryNetwork *self, guint index);
guint                     joinery_network_get_n_edges    (JoineryNetwork *self);
const JoineryNetworkEdge *joinery_network_get_edge       (JoineryNetwork *self, guint index);
/* The index of a record's node, or -1 when it is not in the network. */
int                       joinery_network_find_node      (JoineryNetwork *self, JoineryNodeKind kind, gint64 id);
/* "organisation:12", the node's name in every export. */
char                     *joinery_network_dup_node_key   (JoineryNetwork *self, guint index);

/* A copy of the whole network, its places and metrics included (for a
 * worker thread to measure while the original is drawn). */
JoineryNetwork           *joinery_network_copy           (JoineryNetwork *self);

/* Degree, betweenness and components of every node. Betweenness is exact
 * on a network of up to 10 million nodes × links (2,000 nodes and 5,000
 * links, say), and estimated above: see joinery_network_measure_betweenness. */
gboolean                  joinery_network_compute_metrics (JoineryNetwork *self, GError **error);
/* Degree and components alone: quick at any size. */
gboolean                  joinery_network_compute_degrees (JoineryNetwork *self, GError **error);
/* Every node's betweenness (undirected, unweighted) as a new array, one a
 * node, without keeping it. From `sources` nodes chosen at random
 * (seeded), scaled by the nodes over the sources — an unbiased estimate,
 * *estimated TRUE — or exact when `sources` is every node; 0 chooses: exact
 * when the work (nodes × links) is small, else as many sources as that
 * work allows, at least 64. NULL and a GError on failure. */
double                   *joinery_network_measure_betweenness (JoineryNetwork *self, guint sources,
                                                               gboolean *estimated, GError **error);
/* Keep betweenness values so measured. */
void                      joinery_network_set_betweenness (JoineryNetwork *self, const double *values,
                                                           gboolean estimated);
gboolean                  joinery_network_has_betweenness (JoineryNetwork *self);
/* TRUE when the betweenness kept is an estimate. */
gboolean                  joinery_network_betweenness_is_estimate (JoineryNetwork *self);
/* Lay the nodes out: pinned nodes stay, the others start where they are
 * when `from_current` (else from the seed's random places). A network of
 * more than 1,000 nodes gets fewer iterations than asked, so that its
 * layout stays within a fixed amount of work: see below. */
gboolean                  joinery_network_layout         (JoineryNetwork *self, guint iterations,
                                                          gboolean from_current, guint seed, GError **error);
/* Lay the nodes out after `previous` (the same network read again, with
 * another filter or date): a node in both keeps its place and its pin.
 * Up to 1,000 nodes the layout then runs from there, a quarter of the
 * `iterations` a layout from nothing gets; a larger network
 * keeps its places, each new node put among its placed neighbours. With
 * no previous network or no node in common, as joinery_network_layout. */
gboolean                  joinery_network_layout_from    (JoineryNetwork *self, JoineryNetwork *previous,
                                                          guint iterations, guint seed, GError **error);
/* The iterations a layout of `n_nodes` asked for `iterations` runs. */
guint                     joinery_network_layout_iterations (guint n_nodes, guint iterations);
/* The nodes within `steps` edges of a node (itself included), ascending. */
GArray                   *joinery_network_neighbourhood  (JoineryNetwork *self, guint index, guint steps);

/* Nodes ranked by betweenness, then degree, then label: the connectors;
 * computes the metrics if there are none (with degrees and no betweenness
 * yet, they rank by degree). Indices, at most `limit` (0: all). */
GArray                   *joinery_network_rank_connectors (JoineryNetwork *self, guint limit);

/* The first and last dates the network's record holds (groups, members,
 * projects, grants, events), as "YYYY-MM-DD"; FALSE when it holds none. */
gboolean                  joinery_network_date_range     (JoineryDb *db, char **first, char **last,
                                                          GError **error);

const char               *joinery_node_kind_to_string    (JoineryNodeKind kind);
const char               *joinery_edge_kind_to_string    (JoineryEdgeKind kind);
/* "membership,grant" → mask; FALSE on an unknown name. */
gboolean                  joinery_edge_kinds_parse       (const char *text, guint *kinds, GError **error);

/* Exports. GraphML and DOT and JSON carry nodes with their kind, label,
 * subkind, area and metrics, and edges with their kind and weight; the CSV
 * is the metrics, one row a node, ranked as joinery_network_rank_connectors.
 * Whether betweenness is estimated is said by GraphML's graph attribute
 * and JSON's member "betweenness_estimated" and the CSV's column of that
 * name (true or false; DOT carries no betweenness). */
char                     *joinery_network_to_graphml     (JoineryNetwork *self);
char                     *joinery_network_to_dot         (JoineryNetwork *self);
char                     *joinery_network_to_json        (JoineryNetwork *self);
char                     *joinery_network_to_metrics_csv (JoineryNetwork *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryNetwork, joinery_network_free)

G_END_DECLS
