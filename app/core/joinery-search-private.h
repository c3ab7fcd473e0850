/* joinery-search-private.h: the full-text query language, shared by search
 * and by lists narrowed by a search. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The FTS5 query for what a person typed: every word must match, each as
 * a prefix ("brad beat" finds "Bradford Beating Diabetes"). Words are
 * quoted, so nothing typed is read as FTS5 syntax. NULL when the text
 * holds no word. */
char *joinery_search_build_match (const char *text);

G_END_DECLS
