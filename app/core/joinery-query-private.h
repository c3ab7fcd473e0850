/* joinery-query-private.h: the SQL of a list query, built in one place for
 * the command line's lists (joinery_db_list, joinery_db_count) and the
 * window's (JoineryListModel), so that both find the same records in the
 * same order. */
#pragma once

#include "joinery-db.h"

G_BEGIN_DECLS

/* The parts of a query's SELECT. Only names from the kinds' descriptions
 * are in the text; every value is in `values`. */
typedef struct {
  char      *from;          /* "FROM <table> m …": the row aliased `m`, and what the order
                             * needs joined to it (aliased `t`) */
  char      *from_where;    /* from, then "WHERE …" */
  char      *order_by;      /* " ORDER BY …, m.id ASC": total, and without parameters */
  GPtrArray *values;        /* of GVariant, for ?1, ?2… in from_where and refs */
  /* For an order by a reference, the same order in two reads that sort
   * no row of the list (else NULL): */
  char      *ranks;         /* "SELECT t.id, <rank> FROM <target> t": the records referred to,
                             * each with its place among them by label, equal labels equal,
                             * 0 for none (an order by label COLLATE NOCASE) */
  char      *refs;          /* "SELECT m.id, m.<reference> FROM <table> m WHERE …": the rows
                             * and what each refers to, in no order */
  gboolean   descending;    /* the order by reference is the reverse of by rank, then id */
  guint32    label_sources; /* the kinds (1 << code) whose labels decide which records
                             * match or their order ("organisation~leeds", an order by
                             * organisation) */
} JoineryQuerySql;

/* NULL and an error when a filter's value cannot be read ("amount>=abc"),
 * with the field named. Flushes the search index first when the query
 * searches. */
JoineryQuerySql *joinery_query_build_sql  (JoineryDb *self, const JoineryKind *kind,
                                           JoineryQuery *query, GError **error);
void             joinery_query_sql_free   (JoineryQuerySql *sql);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryQuerySql, joinery_query_sql_free)

/* The query's filters as expressions that parse back to the same filters,
 * with the records that references and links name by label given by id
 * ("organisation=Leeds City Council" → "organisation=17"), so that they
 * keep their meaning when the record is renamed. NULL and an error when a
 * name finds no record. */
char           **joinery_query_dup_filters_by_id (JoineryDb *self, JoineryQuery *query,
                                                  GError **error);

/* Bind `values` to ?1, ?2… of a statement. */
void             joinery_query_bind       (sqlite3_stmt *stmt, GPtrArray *values);

/* The kinds (1 << code) whose records a label of `kind` reads besides its
 * own row (a membership's label is its person's and group's names); with
 * `with_references`, also those its references and links show the labels
 * of, and whose labels those read. */
guint32          joinery_kind_label_sources (const JoineryKind *kind, gboolean with_references);

G_END_DECLS
