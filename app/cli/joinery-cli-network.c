/* joinery-cli-network.c: `joinery network`, the network as a graph for
 * other tools (GraphML, DOT, JSON) and its metrics as CSV; as text, a
 * summary: the connectors and the isolated. See joinery-network.h for
 * what the nodes and links are. */
#include "config.h"

#include "joinery-cli-private.h"
#include "joinery-network.h"

/* A record given by id ("12", "#12") or by its exact name. */
static gboolean
parse_record (JoineryCli *cli, JoineryDb *db, const char *option, const char *kind_name, gint64 *id,
              int *status)
{
  const char *text = joinery_cli_get_option (cli, option);
  const JoineryKind *kind = joinery_kind_lookup (kind_name);
  g_autoptr(GError) error = NULL;

  *id = 0;
  if (text == NULL)
    return TRUE;
  if (*text == '\0')
    {
      *status = joinery_cli_usage_error (cli, "--%s needs a %s's name or id", option, kind_name);
      return FALSE;
    }
  if (g_ascii_isdigit (text[0]) || text[0] == '#')
    {
      if (!joinery_cli_parse_id (cli, kind, text, id, status))
        return FALSE;
      if (!joinery_db_exists (db, kind, *id))
        {
          *status = joinery_cli_fail_message (cli, "there is no %s #%" G_GINT64_FORMAT, kind_name, *id);
          return FALSE;
        }
      return TRUE;
    }
  if (!joinery_db_find_by_label (db, kind, text, id, &error))
    {
      *status = joinery_cli_fail (cli, error, "--%s", option);
      return FALSE;
    }
  return TRUE;
}

static void
print_summary (JoineryNetwork *network)
{
  g_autoptr(GArray) ranked = joinery_network_rank_connectors (network, 0);
  g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();
  guint n_nodes = joinery_network_get_n_nodes (network);
  guint components = 0, isolated = 0, shown = 0;
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < n_nodes; i++)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (network, i);
      components = MAX (components, node->component + 1);
      if (node->degree == 0)
        isolated++;
    }
  joinery_cli_output_printf (stdout, "%u nodes, %u links, %u connected part%s\n\n", n_nodes,
                             joinery_network_get_n_edges (network), components, components == 1 ? "" : "s");

  joinery_cli_table_add_column (table, "Rank", TRUE);
  joinery_cli_table_add_column (table, "Connector", FALSE);
  joinery_cli_table_add_column (table, "Kind", FALSE);
  joinery_cli_table_add_column (table, "Links", TRUE);
  joinery_cli_table_add_column (table, joinery_network_betweenness_is_estimate (network)
                                       ? "Betweenness (estimated)" : "Betweenness", TRUE);
  for (guint r = 0; r < ranked->len && shown < 10; r++)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (network, g_array_index (ranked, guint, r));
      char **cells;

      if (node->degree == 0)
        break;
      cells = g_new0 (char *, 6);
      cells[0] = g_strdup_printf ("%u", ++shown);
      cells[1] = g_strdup (node->label);
      cells[2] = g_strdup (joinery_node_kind_to_string (node->kind));
      cells[3] = g_strdup_printf ("%u", node->degree);
      cells[4] = g_strdup_printf ("%.1f", node->betweenness);
      joinery_cli_table_add_row (table, cells);
    }
  if (shown > 0)
    joinery_cli_table_print (table, stdout);
  if (joinery_network_betweenness_is_estimate (network))
    joinery_cli_output_printf (stdout, "\nBetweenness is estimated from a sample of the nodes' shortest paths: "
                                       "the network is too large to measure exactly in good time.\n");

  for (guint i = 0; i < n_nodes; i++)
    {
      const JoineryNetworkNode *node = joinery_network_get_node (network, i);
      if (node->degree == 0 && node->kind == JOINERY_NODE_ORGANISATION)
        g_string_append_printf (names, "%s  %s", names->len > 0 ? "\n" : "", node->label);
    }
  joinery_cli_output_printf (stdout, "\n%u isolated (linked to nothing)%s\n", isolated,
                             names->len > 0 ? "; the organisations among them:" : "");
  if (names->len > 0)
    joinery_cli_output_printf (stdout, "%s\n", names->str);
  g_string_free (names, TRUE);
}

static int
joinery_cli_network_run (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(JoineryNetwork) network = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JoineryNetworkFilter filter = { 0 };
  const char *links = joinery_cli_get_option (cli, "links");
  const char *format = cli->format_name != NULL ? cli->format_name : "text";
  int status = JOINERY_CLI_EXIT_OK;

  if (links != NULL && !joinery_edge_kinds_parse (links, &filter.edge_kinds, &error))
    return joinery_cli_usage_error (cli, "--links: %s", error->message);
  filter.as_of = joinery_cli_get_option (cli, "as-of");
  if (filter.as_of != NULL && *filter.as_of == '\0')
    return joinery_cli_usage_error (cli, "--as-of needs a date");
  filter.organisation_kind = joinery_cli_get_option (cli, "organisation-kind");
  if (filter.organisation_kind != NULL)
    {
      const JoineryField *field = joinery_kind_get_field (joinery_kind_lookup ("organisation"), "kind");
      if (!joinery_field_has_choice (field, filter.organisation_kind))
        return joinery_cli_usage_error (cli, "--organisation-kind: “%s” is not a kind of organisation",
                                        filter.organisation_kind);
    }

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_READ_ONLY, &status);
  if (db == NULL)
    return status;
  if (!parse_record (cli, db, "area", "area", &filter.area_id, &status) ||
      !parse_record (cli, db, "theme", "theme", &filter.theme_id, &status))
    return status;

  network = joinery_network_new (db, &filter, &error);
  if (network == NULL || !joinery_network_compute_metrics (network, &error))
    {
      if (error->domain == JOINERY_VALIDATION_ERROR)
        return joinery_cli_usage_error (cli, "--as-of: %s", error->message);
      return joinery_cli_fail (cli, error, "cannot read the network");
    }

  if (g_str_equal (format, "text"))
    {
      print_summary (network);
      return JOINERY_CLI_EXIT_OK;
    }
  if (g_str_equal (format, "graphml"))
    text = joinery_network_to_graphml (network);
  else if (g_str_equal (format, "dot"))
    text = joinery_network_to_dot (network);
  else if (g_str_equal (format, "json"))
    text = joinery_network_to_json (network);
  else
    text = joinery_network_to_metrics_csv (network);
  return joinery_cli_output_document (cli, text);
}

static const JoineryCliOption network_options[] = {
  { "as-of", "DATE", "The network as it was on DATE (default: everything recorded)" },
  { "links", "KINDS", "Only these links, comma-separated: membership, partnership, grant, event" },
  { "area", "AREA", "Only what lies in AREA (a name or id) or links to it" },
  { "organisation-kind", "KIND", "Only organisations of this kind (council, voluntary…)" },
  { "theme", "THEME", "Only projects and grants of this theme (a name or id)" },
  { "output", "FILE", "Write to FILE instead of the standard output" },
  { NULL }
};

const JoineryCliCommand joinery_cli_network_commands[] = {
  { "network", "network [--format graphml|dot|json|csv] [--as-of DATE] [OPTION…]",
    "The network of organisations, groups and projects, for other tools",
    "Who connects whom: organisations, groups (boards, partnerships) and projects,\n"
    "linked by memberships, project partnerships, grants (funder to recipient)\n"
    "and shared events (people of both organisations at the same event).\n"
    "\n"
    "As text, a summary: the ten strongest connectors (by betweenness: how many\n"
    "shortest paths between others pass through them) and the isolated. GraphML,\n"
    "DOT and JSON hold every node with its kind, area and metrics and every link\n"
    "with its kind and weight, for Gephi, Graphviz, igraph or a web page; CSV is\n"
    "the metrics, one row a node, strongest connector first.\n"
    "\n"
    "Examples:\n"
    "  joinery network\n"
    "  joinery network --format graphml --output network.graphml\n"
    "  joinery network --format csv --links membership,partnership\n"
    "  joinery network --format dot --as-of 2019-04-01 | neato -Tsvg > network.svg",
    network_options, 0, 0, TRUE, joinery_cli_network_run, "graphml dot" },
  { NULL }
};
