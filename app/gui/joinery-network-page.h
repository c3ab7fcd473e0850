/* joinery-network-page.h: the window's Network page — the map of who
 * connects whom, with its filters, a date slider, the selected node's
 * card, the ranked connectors and the isolated, and PNG/SVG export. */
#pragma once

#include <adwaita.h>

#include "joinery-window-page.h"
#include "joinery-network-view.h"

G_BEGIN_DECLS

extern const JoineryWindowPage joinery_network_page;

#define JOINERY_TYPE_NETWORK_PAGE (joinery_network_page_get_type ())
G_DECLARE_FINAL_TYPE (JoineryNetworkPage, joinery_network_page, JOINERY, NETWORK_PAGE, GtkBox)

/* For tests. */
JoineryNetworkView *joinery_network_page_get_view     (JoineryNetworkPage *self);
/* TRUE once the network asked for last is drawn (read, laid out) and its
 * betweenness measured. */
gboolean            joinery_network_page_is_ready     (JoineryNetworkPage *self);
/* Show the network as of a date ("YYYY-MM-DD"), or NULL for everything. */
void                joinery_network_page_set_as_of    (JoineryNetworkPage *self, const char *date);
/* Show the projects and grants of one theme (0: all), as chosen in its
 * dropdown; FALSE when the dropdown has no such theme. */
gboolean            joinery_network_page_set_theme    (JoineryNetworkPage *self, gint64 theme_id);
void                joinery_network_page_set_search   (JoineryNetworkPage *self, const char *text);
/* The card's title: the selected node's name, or NULL. */
const char         *joinery_network_page_get_card_title (JoineryNetworkPage *self);
/* The labels of the ranked connectors as listed. */
GStrv               joinery_network_page_dup_connectors (JoineryNetworkPage *self);

G_END_DECLS
