/* joinery-network.c: the network read from the database, its metrics and
 * its layout (igraph), and its exports. See joinery-network.h. */
#include "config.h"

#include <string.h>
#include <igraph.h>

#include "joinery-network.h"
#include "joinery-error.h"
#include "joinery-sqlite.h"
#include "joinery-value.h"
#include "joinery-csv.h"

struct _JoineryNetwork
{
  GArray     *nodes;        /* JoineryNetworkNode */
  GArray     *edges;        /* JoineryNetworkEdge */
  GHashTable *index;        /* "kind:id" → node index + 1 */
  gboolean    have_metrics;           /* degree and components */
  gboolean    have_betweenness;
  gboolean    betweenness_estimated;
};

static const char *node_kind_names[] = { "organisation", "group", "project" };

const char *
joinery_node_kind_to_string (JoineryNodeKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (node_kind_names), NULL);
  return node_kind_names[kind];
}

static const struct {
  JoineryEdgeKind kind;
  const char     *name;
} edge_kind_names[] = {
  { JOINERY_EDGE_MEMBERSHIP, "membership" },
  { JOINERY_EDGE_PARTNERSHIP, "partnership" },
  { JOINERY_EDGE_GRANT, "grant" },
  { JOINERY_EDGE_EVENT, "event" },
};

const char *
joinery_edge_kind_to_string (JoineryEdgeKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (edge_kind_names); i++)
    if (edge_kind_names[i].kind == kind)
      return edge_kind_names[i].name;
  g_return_val_if_reached (NULL);
}

gboolean
joinery_edge_kinds_parse (const char *text, guint *kinds, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  guint mask = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      guint j;

      if (*part == '\0')
        continue;
      for (j = 0; j < G_N_ELEMENTS (edge_kind_names); j++)
        if (g_ascii_strcasecmp (part, edge_kind_names[j].name) == 0)
          break;
      if (j == G_N_ELEMENTS (edge_kind_names))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "unknown kind of link “%s” (membership, partnership, grant or event)", part);
          return FALSE;
        }
      mask |= edge_kind_names[j].kind;
    }
  if (mask == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "no kind of link given (membership, partnership, grant or event)");
      return FALSE;
    }
  *kinds = mask;
  return TRUE;
}

/* Reading */

static void
clear_node (gpointer data)
{
  JoineryNetworkNode *node = data;

  g_free (node->label);
  g_free (node->subkind);
  g_free (node->area);
}

static char *
node_key (JoineryNodeKind kind, gint64 id)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, node_kind_names[kind], id);
}

static int
find_node (JoineryNetwork *self, JoineryNodeKind kind, gint64 id)
{
  g_autofree char *key = node_key (kind, id);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->index, key)) - 1;
}

int
joinery_network_find_node (JoineryNetwork *self, JoineryNodeKind kind, gint64 id)
{
  g_return_val_if_fail (self != NULL, -1);
  return find_node (self, kind, id);
}

char *
joinery_network_dup_node_key (JoineryNetwork *self, guint index)
{
  JoineryNetworkNode *node;

  g_return_val_if_fail (self != NULL && index < self->nodes->len, NULL);
  node = &g_array_index (self->nodes, JoineryNetworkNode, index);
  return node_key (node->kind, node->id);
}

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* The areas counted as within the filter's area: it and those below it. */
#define AREAS_WITHIN \
  "WITH RECURSIVE within(id) AS (SELECT ?1 UNION SELECT a.id FROM areas a JOIN within w ON a.parent_id = w.id) "

/* Each query binds ?1 area (0: any), ?2 as-of date (NULL: any), ?3
 * organisation kind (NULL: any), ?4 theme (0: any), and returns id, label,
 * subkind, area id, area name. */
static const char *node_queries[] = {
  [JOINERY_NODE_ORGANISATION] =
    AREAS_WITHIN
    "SELECT o.id, o.name, o.kind, o.area_id, a.name FROM organisations o "
    "LEFT JOIN areas a ON a.id = o.area_id "
    "WHERE (?1 = 0 OR o.area_id IN within) AND (?3 IS NULL OR o.kind = ?3) "
    "AND ?2 IS ?2 AND ?4 IS ?4 ORDER BY o.id",
  [JOINERY_NODE_GROUP] =
    AREAS_WITHIN
    "SELECT g.id, g.name, g.kind, g.area_id, a.name FROM groups g "
    "LEFT JOIN areas a ON a.id = g.area_id "
    "WHERE (?1 = 0 OR g.area_id IS NULL OR g.area_id IN within) "
    "AND (?2 IS NULL OR ((g.starts_on IS NULL OR g.starts_on <= ?2) AND (g.ends_on IS NULL OR g.ends_on >= ?2))) "
    "AND ?3 IS ?3 AND ?4 IS ?4 ORDER BY g.id",
  [JOINERY_NODE_PROJECT] =
    AREAS_WITHIN
    "SELECT p.id, p.name, "
    "  CASE WHEN ?2 IS NULL THEN p.stage ELSE coalesce((SELECT s.stage FROM project_stages s "
    "    WHERE s.project_id = p.id AND s.started_on <= ?2 ORDER BY s.started_on DESC, s.id DESC LIMIT 1), p.stage) END, "
    "  p.area_id, a.name FROM projects p "
    "LEFT JOIN areas a ON a.id = p.area_id "
    "WHERE (?1 = 0 OR p.area_id IS NULL OR p.area_id IN within) "
    "AND (?2 IS NULL OR ((p.starts_on IS NULL OR p.starts_on <= ?2) AND (p.ends_on IS NULL OR p.ends_on >= ?2) "
    "  AND NOT EXISTS (SELECT 1 FROM project_stages s WHERE s.project_id = p.id) "
    "  OR ((p.starts_on IS NULL OR p.starts_on <= ?2) AND (p.ends_on IS NULL OR p.ends_on >= ?2) "
    "  AND (SELECT min(s.started_on) FROM project_stages s WHERE s.project_id = p.id) <= ?2))) "
    "AND (?4 = 0 OR EXISTS (SELECT 1 FROM project_themes t WHERE t.project_id = p.id AND t.theme_id = ?4)) "
    "AND ?3 IS ?3 ORDER BY p.id",
};

/* Each binds ?2 as-of date and ?4 theme as above, and returns the source
 * kind and id, the target kind and id, a weight and a count. A group or
 * project whose area is outside the filter's is not a node, and its edges
 * fall away when their ends are looked up. */
static const struct {
  JoineryEdgeKind kind;
  const char     *sql;
} edge_queries[] = {
  { JOINERY_EDGE_MEMBERSHIP,
    "SELECT 1, group_id, 0, org, 1, count(*) FROM ("
    "  SELECT m.group_id, coalesce(m.organisation_id, p.organisation_id) AS org FROM group_members m "
    "  LEFT JOIN people p ON p.id = m.person_id "
    "  WHERE (?2 IS NULL OR ((m.starts_on IS NULL OR m.starts_on <= ?2) AND (m.ends_on IS NULL OR m.ends_on >= ?2))) "
    "  UNION ALL SELECT g.id, g.organisation_id FROM groups g) "
    "WHERE org IS NOT NULL AND ?4 IS ?4 GROUP BY group_id, org ORDER BY group_id, org" },
  { JOINERY_EDGE_PARTNERSHIP,
    "SELECT 2, project_id, 0, org, 1, count(*) FROM ("
    "  SELECT project_id, organisation_id AS org FROM project_partners "
    "  UNION ALL SELECT id, lead_organisation_id FROM projects) "
    "WHERE org IS NOT NULL AND ?2 IS ?2 AND ?4 IS ?4 GROUP BY project_id, org ORDER BY project_id, org" },
  { JOINERY_EDGE_GRANT,
    "SELECT 0, f.funder_id, 0, g.applicant_id, sum(g.amount_awarded) / 100.0, count(*) FROM grants g "
    "JOIN rounds r ON r.id = g.round_id JOIN funds f ON f.id = r.fund_id "
    "WHERE f.funder_id IS NOT NULL AND f.funder_id <> g.applicant_id "
    "AND g.status IN ('awarded', 'completed') AND (?2 IS NULL OR g.awarded_on <= ?2) "
    "AND (?4 = 0 OR g.theme_id = ?4) "
    "GROUP BY f.funder_id, g.applicant_id ORDER BY f.funder_id, g.applicant_id" },
  { JOINERY_EDGE_EVENT,
    "WITH present(event_id, org) AS ("
    "  SELECT DISTINCT a.event_id, p.organisation_id FROM attendances a "
    "  JOIN people p ON p.id = a.person_id JOIN events e ON e.id = a.event_id "
    "  WHERE p.organisation_id IS NOT NULL AND a.status IN ('booked', 'attended') "
    "  AND (?2 IS NULL OR e.starts_on <= ?2)) "
    "SELECT 0, x.org, 0, y.org, count(*), count(*) FROM present x "
    "JOIN present y ON y.event_id = x.event_id AND y.org > x.org "
    "WHERE ?4 IS ?4 GROUP BY x.org, y.org ORDER BY x.org, y.org" },
};

static void
bind_filter (sqlite3 *handle, sqlite3_stmt *stmt, const JoineryNetworkFilter *filter, const char *as_of)
{
  int params = sqlite3_bind_parameter_count (stmt);

  sqlite3_bind_int64 (stmt, 1, filter->area_id);
  if (as_of != NULL)
    sqlite3_bind_text (stmt, 2, as_of, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  if (params >= 3)
    {
      if (filter->organisation_kind != NULL)
        sqlite3_bind_text (stmt, 3, filter->organisation_kind, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, 3);
    }
  if (params >= 4)
    sqlite3_bind_int64 (stmt, 4, filter->theme_id);
}

typedef void (*RowFunc) (JoineryNetwork *self, sqlite3_stmt *stmt, guint which);

/* Run one of the queries with the filter bound, each row to `row`. */
static gboolean
read_rows (JoineryNetwork *self, sqlite3 *handle, const char *sql, const JoineryNetworkFilter *filter,
           const char *as_of, RowFunc row, guint which, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      bind_filter (handle, stmt, filter, as_of);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        row (self, stmt, which);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_sqlite_set_error (handle, rc, error, "cannot read the network");
      return FALSE;
    }
  return TRUE;
}

static void
add_node_row (JoineryNetwork *self, sqlite3_stmt *stmt, guint kind)
{
  JoineryNetworkNode node = { 0 };

  node.kind = kind;
  node.id = sqlite3_column_int64 (stmt, 0);
  node.label = g_strdup (column_text (stmt, 1));
  node.subkind = g_strdup (column_text (stmt, 2));
  node.area_id = sqlite3_column_int64 (stmt, 3);
  node.area = g_strdup (column_text (stmt, 4));
  g_array_append_val (self->nodes, node);
  g_hash_table_insert (self->index, node_key (kind, node.id), GUINT_TO_POINTER (self->nodes->len));
}

static void
add_edge_row (JoineryNetwork *self, sqlite3_stmt *stmt, guint query)
{
  int source = find_node (self, sqlite3_column_int (stmt, 0), sqlite3_column_int64 (stmt, 1));
  int target = find_node (self, sqlite3_column_int (stmt, 2), sqlite3_column_int64 (stmt, 3));
  JoineryNetworkEdge edge;

  if (source < 0 || target < 0 || source == target)
    return;
  edge.source = (guint) source;
  edge.target = (guint) target;
  edge.kind = edge_queries[query].kind;
  edge.weight = sqlite3_column_double (stmt, 4);
  edge.count = (guint) sqlite3_column_int64 (stmt, 5);
  g_array_append_val (self->edges, edge);
}

/* With a filter by area or organisation kind, a group or project stays only
 * when something of the filter's links to it or it lies in the area itself:
 * a board with no member left in view is not part of that network. */
static void
drop_unlinked (JoineryNetwork *self, const JoineryNetworkFilter *filter)
{
  g_autofree gboolean *keep = NULL;
  g_autofree int *moved = NULL;
  GArray *nodes, *edges;
  guint n = self->nodes->len;

  if (filter->area_id == 0 && filter->organisation_kind == NULL)
    return;

  keep = g_new0 (gboolean, n);
  for (guint i = 0; i < n; i++)
    {
      JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);
      /* An organisation passed the filter to be here; so did a group or
       * project with an area (within the area filter's) — unless only
       * the organisation kind filters, when they need a link too. */
      keep[i] = node->kind == JOINERY_NODE_ORGANISATION ||
                (filter->organisation_kind == NULL && node->area_id != 0);
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      const JoineryNetworkEdge *edge = &g_array_index (self->edges, JoineryNetworkEdge, i);
      JoineryNetworkNode *a = &g_array_index (self->nodes, JoineryNetworkNode, edge->source);
      JoineryNetworkNode *b = &g_array_index (self->nodes, JoineryNetworkNode, edge->target);

      if (a->kind == JOINERY_NODE_ORGANISATION)
        keep[edge->target] = TRUE;
      if (b->kind == JOINERY_NODE_ORGANISATION)
        keep[edge->source] = TRUE;
    }

  moved = g_new (int, n);
  nodes = g_array_new (FALSE, TRUE, sizeof (JoineryNetworkNode));
  g_array_set_clear_func (nodes, clear_node);
  g_hash_table_remove_all (self->index);
  for (guint i = 0; i < n; i++)
    {
      JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);

      moved[i] = -1;
      if (!keep[i])
        continue;
      moved[i] = (int) nodes->len;
      g_array_append_val (nodes, *node);
      g_hash_table_insert (self->index, node_key (node->kind, node->id), GUINT_TO_POINTER (nodes->len));
      memset (node, 0, sizeof *node); /* now owned by the new array */
    }
  edges = g_array_new (FALSE, FALSE, sizeof (JoineryNetworkEdge));
  for (guint i = 0; i < self->edges->len; i++)
    {
      JoineryNetworkEdge edge = g_array_index (self->edges, JoineryNetworkEdge, i);

      if (moved[edge.source] < 0 || moved[edge.target] < 0)
        continue;
      edge.source = (guint) moved[edge.source];
      edge.target = (guint) moved[edge.target];
      g_array_append_val (edges, edge);
    }
  g_array_unref (self->nodes);
  g_array_unref (self->edges);
  self->nodes = nodes;
  self->edges = edges;
}

static void
igraph_once (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* igraph aborts the program on an error unless told otherwise. */
      igraph_set_error_handler (igraph_error_handler_ignore);
      igraph_set_warning_handler (igraph_warning_handler_ignore);
      g_once_init_leave (&done, 1);
    }
}

JoineryNetwork *
joinery_network_new (JoineryDb *db, const JoineryNetworkFilter *filter, GError **error)
{
  static const JoineryNetworkFilter everything = { 0 };
  g_autoptr(JoineryNetwork) self = NULL;
  g_autofree char *as_of = NULL;
  sqlite3 *handle;
  guint kinds;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);

  igraph_once ();
  if (filter == NULL)
    filter = &everything;
  if (filter->as_of != NULL && !joinery_parse_date (filter->as_of, &as_of, error))
    return NULL;
  kinds = filter->edge_kinds != 0 ? filter->edge_kinds : JOINERY_EDGE_ALL;
  handle = joinery_db_get_handle (db);

  self = g_new0 (JoineryNetwork, 1);
  self->nodes = g_array_new (FALSE, TRUE, sizeof (JoineryNetworkNode));
  g_array_set_clear_func (self->nodes, clear_node);
  self->edges = g_array_new (FALSE, FALSE, sizeof (JoineryNetworkEdge));
  self->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint kind = 0; kind < G_N_ELEMENTS (node_queries); kind++)
    if (!read_rows (self, handle, node_queries[kind], filter, as_of, add_node_row, kind, error))
      return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (edge_queries); i++)
    if ((kinds & edge_queries[i].kind) != 0 &&
        !read_rows (self, handle, edge_queries[i].sql, filter, as_of, add_edge_row, i, error))
      return NULL;
  drop_unlinked (self, filter);

  /* Until laid out, nodes sit on a circle, in order. */
  for (guint i = 0; i < self->nodes->len; i++)
    {
      JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);
      double angle = 2 * G_PI * i / MAX (self->nodes->len, 1);

      node->x = cos (angle);
      node->y = sin (angle);
    }
  return g_steal_pointer (&self);
}

void
joinery_network_free (JoineryNetwork *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->nodes);
  g_array_unref (self->edges);
  g_hash_table_unref (self->index);
  g_free (self);
}

JoineryNetwork *
joinery_network_copy (JoineryNetwork *self)
{
  JoineryNetwork *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (JoineryNetwork, 1);
  *copy = *self;
  copy->nodes = g_array_sized_new (FALSE, TRUE, sizeof (JoineryNetworkNode), self->nodes->len);
  g_array_set_clear_func (copy->nodes, clear_node);
  g_array_append_vals (copy->nodes, self->nodes->data, self->nodes->len);
  for (guint i = 0; i < copy->nodes->len; i++)
    {
      JoineryNetworkNode *node = &g_array_index (copy->nodes, JoineryNetworkNode, i);
      node->label = g_strdup (node->label);
      node->subkind = g_strdup (node->subkind);
      node->area = g_strdup (node->area);
    }
  copy->edges = g_array_copy (self->edges);
  copy->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->index);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (copy->index, g_strdup (key), value);
  }
  return copy;
}

guint
joinery_network_get_n_nodes (JoineryNetwork *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->nodes->len;
}

JoineryNetworkNode *
joinery_network_get_node (JoineryNetwork *self, guint index)
{
  g_return_val_if_fail (self != NULL && index < self->nodes->len, NULL);
  return &g_array_index (self->nodes, JoineryNetworkNode, index);
}

guint
joinery_network_get_n_edges (JoineryNetwork *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->edges->len;
}

const JoineryNetworkEdge *
joinery_network_get_edge (JoineryNetwork *self, guint index)
{
  g_return_val_if_fail (self != NULL && index < self->edges->len, NULL);
  return &g_array_index (self->edges, JoineryNetworkEdge, index);
}

gboolean
joinery_network_date_range (JoineryDb *db, char **first, char **last, GError **error)
{
  static const char sql[] =
    "SELECT min(d), max(d) FROM ("
    "  SELECT starts_on AS d FROM groups UNION ALL SELECT starts_on FROM group_members"
    "  UNION ALL SELECT starts_on FROM projects UNION ALL SELECT started_on FROM project_stages"
    "  UNION ALL SELECT awarded_on FROM grants UNION ALL SELECT starts_on FROM events)";
  sqlite3 *handle = joinery_db_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  int rc;

  *first = *last = NULL;
  rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      *first = g_strdup (column_text (stmt, 0));
      *last = g_strdup (column_text (stmt, 1));
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    joinery_sqlite_set_error (handle, rc, error, "cannot read the network's dates");
  return found;
}

/* igraph */

static gboolean
igraph_failed (igraph_error_t rc, GError **error, const char *what)
{
  if (rc == IGRAPH_SUCCESS)
    return FALSE;
  g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED, "cannot %s: %s", what, igraph_strerror (rc));
  return TRUE;
}

/* The undirected simple graph of the network: one edge a linked pair. */
static igraph_error_t
make_graph (JoineryNetwork *self, igraph_t *graph)
{
  igraph_vector_int_t ends;
  igraph_error_t rc;

  rc = igraph_vector_int_init (&ends, 2 * (igraph_integer_t) self->edges->len);
  if (rc != IGRAPH_SUCCESS)
    return rc;
  for (guint i = 0; i < self->edges->len; i++)
    {
      const JoineryNetworkEdge *edge = &g_array_index (self->edges, JoineryNetworkEdge, i);
      VECTOR (ends)[2 * i] = edge->source;
      VECTOR (ends)[2 * i + 1] = edge->target;
    }
  rc = igraph_create (graph, &ends, (igraph_integer_t) self->nodes->len, IGRAPH_UNDIRECTED);
  igraph_vector_int_destroy (&ends);
  if (rc != IGRAPH_SUCCESS)
    return rc;
  rc = igraph_simplify (graph, TRUE, TRUE, NULL);
  if (rc != IGRAPH_SUCCESS)
    igraph_destroy (graph);
  return rc;
}

typedef struct {
  guint component;
  guint size;
} ComponentSize;

static int
compare_component_sizes (gconstpointer a, gconstpointer b)
{
  const ComponentSize *x = a, *y = b;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->component < y->component ? -1 : x->component > y->component;
}

gboolean
joinery_network_compute_degrees (JoineryNetwork *self, GError **error)
{
  igraph_t graph;
  igraph_vector_int_t degree, membership, sizes;
  igraph_integer_t n_components = 0;
  igraph_error_t rc;
  g_autofree ComponentSize *order = NULL;
  g_autofree guint *rank = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (igraph_failed (make_graph (self, &graph), error, "build the graph"))
    return FALSE;
  igraph_vector_int_init (&degree, 0);
  igraph_vector_int_init (&membership, 0);
  igraph_vector_int_init (&sizes, 0);

  rc = igraph_degree (&graph, &degree, igraph_vss_all (), IGRAPH_ALL, FALSE);
  if (rc == IGRAPH_SUCCESS)
    rc = igraph_connected_components (&graph, &membership, &sizes, &n_components, IGRAPH_WEAK);
  if (rc == IGRAPH_SUCCESS)
    {
      /* Components numbered by size, largest first, ties by first node. */
      order = g_new (ComponentSize, MAX (n_components, 1));
      rank = g_new (guint, MAX (n_components, 1));
      for (igraph_integer_t c = 0; c < n_components; c++)
        order[c] = (ComponentSize) { (guint) c, (guint) VECTOR (sizes)[c] };
      qsort (order, (size_t) n_components, sizeof *order, compare_component_sizes);
      for (igraph_integer_t c = 0; c < n_components; c++)
        rank[order[c].component] = (guint) c;
      for (guint i = 0; i < self->nodes->len; i++)
        {
          JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);
          node->degree = (guint) VECTOR (degree)[i];
          node->component = rank[VECTOR (membership)[i]];
        }
      self->have_metrics = TRUE;
    }
  igraph_vector_int_destroy (&degree);
  igraph_vector_int_destroy (&membership);
  igraph_vector_int_destroy (&sizes);
  igraph_destroy (&graph);
  return !igraph_failed (rc, error, "measure the network");
}

/* Brandes' exact betweenness takes a breadth-first search from every node:
 * nodes × links steps, minutes at 10,000 nodes and 50,000 links. Above
 * this much work it is estimated from a sample of sources instead (Brandes
 * and Pich, 2007): the paths from those sources alone, scaled by the
 * nodes over the sources, an unbiased estimate of the whole. */
#define EXACT_BETWEENNESS_WORK 10e6
#define MIN_BETWEENNESS_SOURCES 64

double *
joinery_network_measure_betweenness (JoineryNetwork *self, guint sources, gboolean *estimated, GError **error)
{
  igraph_t graph;
  igraph_vector_t values;
  igraph_vector_int_t chosen;
  igraph_error_t rc;
  guint n, m;
  double *result = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  n = self->nodes->len;
  m = MAX (self->edges->len, 1);
  if (sources == 0)
    sources = (double) n * m <= EXACT_BETWEENNESS_WORK
              ? n : CLAMP ((guint) (EXACT_BETWEENNESS_WORK / m), MIN (MIN_BETWEENNESS_SOURCES, n), n);
  sources = MIN (sources, n);
  if (estimated != NULL)
    *estimated = sources < n;
  if (n == 0)
    return g_new0 (double, 1);
  if (igraph_failed (make_graph (self, &graph), error, "build the graph"))
    return NULL;
  igraph_vector_init (&values, 0);
  if (sources == n)
    rc = igraph_betweenness (&graph, &values, igraph_vss_all (), FALSE, NULL);
  else
    {
      /* A seeded sample, so that the same network is measured the same. */
      g_autoptr(GRand) rand = g_rand_new_with_seed (1);
      g_autofree guint *order = g_new (guint, n);

      for (guint i = 0; i < n; i++)
        order[i] = i;
      igraph_vector_int_init (&chosen, sources);
      for (guint i = 0; i < sources; i++)
        {
          guint j = (guint) g_rand_int_range (rand, (gint32) i, (gint32) n);
          guint swap = order[i];

          order[i] = order[j];
          order[j] = swap;
          VECTOR (chosen)[i] = order[i];
        }
      rc = igraph_betweenness_subset (&graph, &values, igraph_vss_all (), FALSE,
                                      igraph_vss_vector (&chosen), igraph_vss_all (), NULL);
      if (rc == IGRAPH_SUCCESS)
        igraph_vector_scale (&values, (double) n / sources);
      igraph_vector_int_destroy (&chosen);
    }
  if (rc == IGRAPH_SUCCESS)
    {
      result = g_new (double, n);
      for (guint i = 0; i < n; i++)
        result[i] = VECTOR (values)[i];
    }
  igraph_vector_destroy (&values);
  igraph_destroy (&graph);
  igraph_failed (rc, error, "measure the network's betweenness");
  return result;
}

void
joinery_network_set_betweenness (JoineryNetwork *self, const double *values, gboolean estimated)
{
  g_return_if_fail (self != NULL && values != NULL);

  for (guint i = 0; i < self->nodes->len; i++)
    g_array_index (self->nodes, JoineryNetworkNode, i).betweenness = values[i];
  self->have_betweenness = TRUE;
  self->betweenness_estimated = estimated;
}

gboolean
joinery_network_has_betweenness (JoineryNetwork *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->have_betweenness;
}

gboolean
joinery_network_betweenness_is_estimate (JoineryNetwork *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->have_betweenness && self->betweenness_estimated;
}

gboolean
joinery_network_compute_metrics (JoineryNetwork *self, GError **error)
{
  g_autofree double *betweenness = NULL;
  gboolean estimated = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!joinery_network_compute_degrees (self, error))
    return FALSE;
  betweenness = joinery_network_measure_betweenness (self, 0, &estimated, error);
  if (betweenness == NULL)
    return FALSE;
  joinery_network_set_betweenness (self, betweenness, estimated);
  return TRUE;
}

/* Fruchterman–Reingold's work is nodes × iterations (igraph's grid keeps
 * each iteration near linear): above this many node-iterations a network
 * gets fewer iterations, never fewer than the least below. 10,000 nodes and
 * 50,000 links take 50 iterations, a fifth of a second of CPU, where 500
 * took two seconds (igraph's DrL, made for large graphs, took ten, even cut
 * short); a network of up to 1,000 nodes (the demo) gets all it asks. */
#define LAYOUT_WORK (500 * 1000)
#define MIN_LAYOUT_ITERATIONS 50

guint
joinery_network_layout_iterations (guint n_nodes, guint iterations)
{
  guint affordable = LAYOUT_WORK / MAX (n_nodes, 1);

  return MAX (MIN (iterations, MAX (affordable, MIN_LAYOUT_ITERATIONS)), 1);
}

gboolean
joinery_network_layout (JoineryNetwork *self, guint iterations, gboolean from_current, guint seed,
                        GError **error)
{
  igraph_t graph;
  igraph_matrix_t places;
  igraph_vector_t minx, maxx, miny, maxy;
  igraph_error_t rc;
  guint n;
  gboolean any_pinned = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  n = self->nodes->len;
  if (n == 0)
    return TRUE;
  if (igraph_failed (make_graph (self, &graph), error, "build the graph"))
    return FALSE;
  igraph_rng_seed (igraph_rng_default (), seed);
  igraph_matrix_init (&places, n, 2);
  igraph_vector_init (&minx, n);
  igraph_vector_init (&maxx, n);
  igraph_vector_init (&miny, n);
  igraph_vector_init (&maxy, n);
  for (guint i = 0; i < n; i++)
    {
      JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);

      MATRIX (places, i, 0) = node->x;
      MATRIX (places, i, 1) = node->y;
      /* A pinned node is held in place by bounds of its own position. */
      VECTOR (minx)[i] = node->pinned ? node->x : -IGRAPH_INFINITY;
      VECTOR (maxx)[i] = node->pinned ? node->x : IGRAPH_INFINITY;
      VECTOR (miny)[i] = node->pinned ? node->y : -IGRAPH_INFINITY;
      VECTOR (maxy)[i] = node->pinned ? node->y : IGRAPH_INFINITY;
      any_pinned |= node->pinned;
    }
  /* Pinned nodes make igraph start from the places given: the others then
   * start from random places over the area igraph itself would use (not
   * all on the unit circle, where its grid would hold every node in one
   * cell and each iteration would compare every pair). */
  if (any_pinned && !from_current)
    for (guint i = 0; i < n; i++)
      if (!g_array_index (self->nodes, JoineryNetworkNode, i).pinned)
        {
          MATRIX (places, i, 0) = RNG_UNIF (-sqrt ((double) n) / 2, sqrt ((double) n) / 2);
          MATRIX (places, i, 1) = RNG_UNIF (-sqrt ((double) n) / 2, sqrt ((double) n) / 2);
        }
  rc = igraph_layout_fruchterman_reingold (&graph, &places, from_current || any_pinned,
                                           joinery_network_layout_iterations (n, iterations),
                                           sqrt ((double) n) / 10.0,
                                           IGRAPH_LAYOUT_AUTOGRID, NULL,
                                           any_pinned ? &minx : NULL, any_pinned ? &maxx : NULL,
                                           any_pinned ? &miny : NULL, any_pinned ? &maxy : NULL);
  if (rc == IGRAPH_SUCCESS)
    for (guint i = 0; i < n; i++)
      {
        JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);
        node->x = MATRIX (places, i, 0);
        node->y = MATRIX (places, i, 1);
      }
  igraph_matrix_destroy (&places);
  igraph_vector_destroy (&minx);
  igraph_vector_destroy (&maxx);
  igraph_vector_destroy (&miny);
  igraph_vector_destroy (&maxy);
  igraph_destroy (&graph);
  return !igraph_failed (rc, error, "lay out the network");
}

/* Past this many nodes a network read again keeps its places rather than
 * running Fruchterman–Reingold again from them: igraph's grid variant,
 * quick from scattered places, takes a hundred times longer an iteration
 * from a settled layout (18 s of CPU for 50 iterations at 10,000 nodes). */
#define RELAYOUT_MAX_NODES 1000

gboolean
joinery_network_layout_from (JoineryNetwork *self, JoineryNetwork *previous, guint iterations, guint seed,
                             GError **error)
{
  g_autofree gboolean *placed = NULL;
  g_autofree double *sum = NULL;
  g_autofree guint *count = NULL;
  g_autoptr(GRand) rand = NULL;
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  guint n, n_placed = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  n = self->nodes->len;
  if (previous == NULL || n == 0)
    return joinery_network_layout (self, iterations, FALSE, seed, error);
  placed = g_new0 (gboolean, n);
  for (guint i = 0; i < n; i++)
    {
      JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);
      int before = joinery_network_find_node (previous, node->kind, node->id);

      if (before < 0)
        continue;
      {
        const JoineryNetworkNode *old = joinery_network_get_node (previous, (guint) before);
        node->x = old->x;
        node->y = old->y;
        node->pinned = old->pinned;
      }
      placed[i] = TRUE;
      n_placed++;
      min_x = MIN (min_x, node->x);
      max_x = MAX (max_x, node->x);
      min_y = MIN (min_y, node->y);
      max_y = MAX (max_y, node->y);
    }
  if (n_placed == 0)
    return joinery_network_layout (self, iterations, FALSE, seed, error);
  if (n <= RELAYOUT_MAX_NODES)
    return joinery_network_layout (self, MAX (iterations / 4, 1), TRUE, seed, error);

  /* A large network: each new node goes among its placed neighbours (or
   * anywhere in the picture when it has none), a little apart. */
  sum = g_new0 (double, 2 * n);
  count = g_new0 (guint, n);
  for (guint i = 0; i < self->edges->len; i++)
    {
      const JoineryNetworkEdge *edge = &g_array_index (self->edges, JoineryNetworkEdge, i);
      const JoineryNetworkNode *a = &g_array_index (self->nodes, JoineryNetworkNode, edge->source);
      const JoineryNetworkNode *b = &g_array_index (self->nodes, JoineryNetworkNode, edge->target);

      if (placed[edge->target] && !placed[edge->source])
        {
          sum[2 * edge->source] += b->x;
          sum[2 * edge->source + 1] += b->y;
          count[edge->source]++;
        }
      if (placed[edge->source] && !placed[edge->target])
        {
          sum[2 * edge->target] += a->x;
          sum[2 * edge->target + 1] += a->y;
          count[edge->target]++;
        }
    }
  rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < n; i++)
    {
      JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);
      double spread = 0.01 * MAX (max_x - min_x, max_y - min_y) + 1e-3;

      if (placed[i])
        continue;
      if (count[i] > 0)
        {
          node->x = sum[2 * i] / count[i] + g_rand_double_range (rand, -spread, spread);
          node->y = sum[2 * i + 1] / count[i] + g_rand_double_range (rand, -spread, spread);
        }
      else
        {
          node->x = g_rand_double_range (rand, min_x, max_x + 1e-3);
          node->y = g_rand_double_range (rand, min_y, max_y + 1e-3);
        }
    }
  return TRUE;
}

GArray *
joinery_network_neighbourhood (JoineryNetwork *self, guint index, guint steps)
{
  GArray *found;
  g_autofree guint *distance = NULL;
  g_autoptr(GPtrArray) adjacent = NULL;
  GQueue queue = G_QUEUE_INIT;

  g_return_val_if_fail (self != NULL && index < self->nodes->len, NULL);

  adjacent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < self->nodes->len; i++)
    g_ptr_array_add (adjacent, g_array_new (FALSE, FALSE, sizeof (guint)));
  for (guint i = 0; i < self->edges->len; i++)
    {
      const JoineryNetworkEdge *edge = &g_array_index (self->edges, JoineryNetworkEdge, i);
      g_array_append_val (g_ptr_array_index (adjacent, edge->source), edge->target);
      g_array_append_val (g_ptr_array_index (adjacent, edge->target), edge->source);
    }

  distance = g_new (guint, self->nodes->len);
  for (guint i = 0; i < self->nodes->len; i++)
    distance[i] = G_MAXUINT;
  distance[index] = 0;
  g_queue_push_tail (&queue, GUINT_TO_POINTER (index));
  while (!g_queue_is_empty (&queue))
    {
      guint at = GPOINTER_TO_UINT (g_queue_pop_head (&queue));
      GArray *next = g_ptr_array_index (adjacent, at);

      if (distance[at] == steps)
        continue;
      for (guint j = 0; j < next->len; j++)
        {
          guint to = g_array_index (next, guint, j);
          if (distance[to] == G_MAXUINT)
            {
              distance[to] = distance[at] + 1;
              g_queue_push_tail (&queue, GUINT_TO_POINTER (to));
            }
        }
    }
  found = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->nodes->len; i++)
    if (distance[i] != G_MAXUINT)
      g_array_append_val (found, i);
  return found;
}

static int
compare_connectors (gconstpointer a, gconstpointer b, gpointer data)
{
  JoineryNetwork *self = data;
  const JoineryNetworkNode *x = &g_array_index (self->nodes, JoineryNetworkNode, *(const guint *) a);
  const JoineryNetworkNode *y = &g_array_index (self->nodes, JoineryNetworkNode, *(const guint *) b);

  if (x->betweenness != y->betweenness)
    return x->betweenness > y->betweenness ? -1 : 1;
  if (x->degree != y->degree)
    return x->degree > y->degree ? -1 : 1;
  return g_utf8_collate (x->label, y->label);
}

GArray *
joinery_network_rank_connectors (JoineryNetwork *self, guint limit)
{
  GArray *ranked;

  g_return_val_if_fail (self != NULL, NULL);

  /* Degrees without betweenness (still being measured elsewhere) rank by degree. */
  if (!self->have_metrics)
    joinery_network_compute_metrics (self, NULL);
  ranked = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->nodes->len);
  for (guint i = 0; i < self->nodes->len; i++)
    g_array_append_val (ranked, i);
  g_array_sort_with_data (ranked, compare_connectors, self);
  if (limit > 0 && ranked->len > limit)
    g_array_set_size (ranked, limit);
  return ranked;
}

/* Exports */

static void
ensure_metrics (JoineryNetwork *self)
{
  if (!self->have_metrics || !self->have_betweenness)
    joinery_network_compute_metrics (self, NULL);
}

static void
append_xml (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);
  g_string_append (out, escaped);
}

char *
joinery_network_to_graphml (JoineryNetwork *self)
{
  static const char *node_keys[][2] = {
    { "kind", "string" }, { "label", "string" }, { "subkind", "string" }, { "area", "string" },
    { "degree", "int" }, { "betweenness", "double" }, { "component", "int" },
  };
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n");

  g_return_val_if_fail (self != NULL, NULL);
  ensure_metrics (self);

  for (guint i = 0; i < G_N_ELEMENTS (node_keys); i++)
    g_string_append_printf (out, "  <key id=\"%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                            node_keys[i][0], node_keys[i][0], node_keys[i][1]);
  g_string_append (out, "  <key id=\"link\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n"
                        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
                        "  <key id=\"count\" for=\"edge\" attr.name=\"count\" attr.type=\"int\"/>\n"
                        "  <key id=\"betweenness_estimated\" for=\"graph\" attr.name=\"betweenness_estimated\" "
                        "attr.type=\"boolean\"/>\n"
                        "  <graph id=\"joinery\" edgedefault=\"undirected\">\n");
  /* The nodes' betweenness an estimate from sampled shortest paths, or exact. */
  g_string_append_printf (out, "    <data key=\"betweenness_estimated\">%s</data>\n",
                          joinery_network_betweenness_is_estimate (self) ? "true" : "false");
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);

      g_string_append_printf (out, "    <node id=\"%s:%" G_GINT64_FORMAT "\">\n", node_kind_names[node->kind], node->id);
      g_string_append_printf (out, "      <data key=\"kind\">%s</data>\n      <data key=\"label\">",
                              node_kind_names[node->kind]);
      append_xml (out, node->label);
      g_string_append (out, "</data>\n      <data key=\"subkind\">");
      append_xml (out, node->subkind);
      g_string_append (out, "</data>\n");
      if (node->area != NULL)
        {
          g_string_append (out, "      <data key=\"area\">");
          append_xml (out, node->area);
          g_string_append (out, "</data>\n");
        }
      g_string_append_printf (out, "      <data key=\"degree\">%u</data>\n", node->degree);
      g_string_append (out, "      <data key=\"betweenness\">");
      g_string_append_printf (out, "%.6f", node->betweenness);
      g_string_append_printf (out, "</data>\n      <data key=\"component\">%u</data>\n    </node>\n", node->component);
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      const JoineryNetworkEdge *edge = &g_array_index (self->edges, JoineryNetworkEdge, i);
      const JoineryNetworkNode *a = &g_array_index (self->nodes, JoineryNetworkNode, edge->source);
      const JoineryNetworkNode *b = &g_array_index (self->nodes, JoineryNetworkNode, edge->target);
      char weight[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_dtostr (weight, sizeof weight, edge->weight);
      g_string_append_printf (out, "    <edge source=\"%s:%" G_GINT64_FORMAT "\" target=\"%s:%" G_GINT64_FORMAT "\">"
                              "<data key=\"link\">%s</data><data key=\"weight\">%s</data>"
                              "<data key=\"count\">%u</data></edge>\n",
                              node_kind_names[a->kind], a->id, node_kind_names[b->kind], b->id,
                              joinery_edge_kind_to_string (edge->kind), weight, edge->count);
    }
  g_string_append (out, "  </graph>\n</graphml>\n");
  return g_string_free (out, FALSE);
}

static void
append_dot_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
joinery_network_to_dot (JoineryNetwork *self)
{
  static const char *shapes[] = { "ellipse", "box", "diamond" };
  static const char *styles[] = { "solid", "dashed", "bold", "dotted" };
  GString *out = g_string_new ("graph joinery {\n  overlap=false;\n");

  g_return_val_if_fail (self != NULL, NULL);
  ensure_metrics (self);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);
      g_autofree char *key = node_key (node->kind, node->id);

      g_string_append (out, "  ");
      append_dot_string (out, key);
      g_string_append (out, " [label=");
      append_dot_string (out, node->label);
      g_string_append_printf (out, ", shape=%s, kind=%s, subkind=", shapes[node->kind], node_kind_names[node->kind]);
      append_dot_string (out, node->subkind);
      g_string_append_printf (out, ", degree=%u];\n", node->degree);
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      const JoineryNetworkEdge *edge = &g_array_index (self->edges, JoineryNetworkEdge, i);
      const JoineryNetworkNode *a = &g_array_index (self->nodes, JoineryNetworkNode, edge->source);
      const JoineryNetworkNode *b = &g_array_index (self->nodes, JoineryNetworkNode, edge->target);
      g_autofree char *from = node_key (a->kind, a->id);
      g_autofree char *to = node_key (b->kind, b->id);
      char weight[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_dtostr (weight, sizeof weight, edge->weight);
      g_string_append (out, "  ");
      append_dot_string (out, from);
      g_string_append (out, " -- ");
      append_dot_string (out, to);
      g_string_append_printf (out, " [kind=%s, style=%s, weight=\"%s\"];\n", joinery_edge_kind_to_string (edge->kind),
                              styles[g_bit_nth_lsf (edge->kind, -1)], weight);
    }
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

static void
append_json_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) (text != NULL ? text : ""); *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_c (out, '"');
}

char *
joinery_network_to_json (JoineryNetwork *self)
{
  GString *out = g_string_new ("{\n");

  g_return_val_if_fail (self != NULL, NULL);
  ensure_metrics (self);

  g_string_append_printf (out, "  \"betweenness_estimated\": %s,\n  \"nodes\": [",
                          joinery_network_betweenness_is_estimate (self) ? "true" : "false");

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, i);
      g_autofree char *key = node_key (node->kind, node->id);
      char betweenness[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (betweenness, sizeof betweenness, "%.6f", node->betweenness);
      g_string_append (out, i == 0 ? "\n    {\"id\": " : ",\n    {\"id\": ");
      append_json_string (out, key);
      g_string_append_printf (out, ", \"kind\": \"%s\", \"record_id\": %" G_GINT64_FORMAT ", \"label\": ",
                              node_kind_names[node->kind], node->id);
      append_json_string (out, node->label);
      g_string_append (out, ", \"subkind\": ");
      append_json_string (out, node->subkind);
      g_string_append (out, ", \"area\": ");
      if (node->area != NULL)
        append_json_string (out, node->area);
      else
        g_string_append (out, "null");
      g_string_append_printf (out, ", \"degree\": %u, \"betweenness\": %s, \"component\": %u}",
                              node->degree, betweenness, node->component);
    }
  g_string_append (out, "\n  ],\n  \"edges\": [");
  for (guint i = 0; i < self->edges->len; i++)
    {
      const JoineryNetworkEdge *edge = &g_array_index (self->edges, JoineryNetworkEdge, i);
      const JoineryNetworkNode *a = &g_array_index (self->nodes, JoineryNetworkNode, edge->source);
      const JoineryNetworkNode *b = &g_array_index (self->nodes, JoineryNetworkNode, edge->target);
      g_autofree char *from = node_key (a->kind, a->id);
      g_autofree char *to = node_key (b->kind, b->id);
      char weight[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_dtostr (weight, sizeof weight, edge->weight);
      g_string_append (out, i == 0 ? "\n    {\"source\": " : ",\n    {\"source\": ");
      append_json_string (out, from);
      g_string_append (out, ", \"target\": ");
      append_json_string (out, to);
      g_string_append_printf (out, ", \"kind\": \"%s\", \"weight\": %s, \"count\": %u}",
                              joinery_edge_kind_to_string (edge->kind), weight, edge->count);
    }
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}

char *
joinery_network_to_metrics_csv (JoineryNetwork *self)
{
  g_autoptr(GArray) ranked = NULL;
  static const char *headings[] = { "rank", "id", "kind", "record_id", "label", "subkind", "area",
                                     "degree", "betweenness", "component", "betweenness_estimated" };
  static const gboolean is_text[] = { FALSE, TRUE, TRUE, FALSE, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, FALSE };
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  joinery_csv_append_row (out, headings, G_N_ELEMENTS (headings), NULL);
  ranked = joinery_network_rank_connectors (self, 0);
  for (guint r = 0; r < ranked->len; r++)
    {
      const JoineryNetworkNode *node = &g_array_index (self->nodes, JoineryNetworkNode, g_array_index (ranked, guint, r));
      g_autofree char *rank = g_strdup_printf ("%u", r + 1);
      g_autofree char *key = node_key (node->kind, node->id);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, node->id);
      g_autofree char *degree = g_strdup_printf ("%u", node->degree);
      g_autofree char *component = g_strdup_printf ("%u", node->component);
      char betweenness[G_ASCII_DTOSTR_BUF_SIZE];
      const char *cells[G_N_ELEMENTS (headings)];

      g_ascii_formatd (betweenness, sizeof betweenness, "%.6f", node->betweenness);
      cells[0] = rank;
      cells[1] = key;
      cells[2] = node_kind_names[node->kind];
      cells[3] = id;
      cells[4] = node->label;
      cells[5] = node->subkind;
      cells[6] = node->area;
      cells[7] = degree;
      cells[8] = betweenness;
      cells[9] = component;
      cells[10] = joinery_network_betweenness_is_estimate (self) ? "true" : "false";
      joinery_csv_append_row (out, cells, G_N_ELEMENTS (cells), is_text);
    }
  return g_string_free (out, FALSE);
}
