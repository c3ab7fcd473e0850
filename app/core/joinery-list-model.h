/* joinery-list-model.h: the records of one kind as a GListModel, backed by
 * SQLite and read lazily.
 *
 * The model keeps only the sorted, filtered ids of its rows (one query, no
 * OFFSET paging) and reads the records themselves in pages as they are
 * asked for, keeping a bounded number of pages: a list of 1,000,000 people
 * reads one page to show its first screen, and its memory does not grow
 * with the rows read. Sorting, filtering and search run in SQL.
 *
 * Items are JoineryRecord objects (detached copies, see joinery-record.h).
 * The model listens to its database's "changed" signal and emits
 * items-changed for what was created, changed or deleted; a bulk change
 * reloads it whole.
 *
 * Pages are up to 64 rows, read from the row asked for onwards (or, when
 * scrolling up, backwards); up to 2,048 records are kept. While a search is
 * typed into a list, each keystroke asks only the full-text index and keeps
 * the list's own order, until a record changes.
 *
 * Properties (read-only, notified): "n-items", "loading", "search",
 * "sort-field", "sort-descending"; "db", "kind" and "background" are set
 * when it is made.
 *
 * By default every call returns with the rows in place. A model made with
 * joinery_list_model_new_in_background() reads its ids in a thread of its
 * own, on a read-only connection of its own, so that sorting or searching a
 * million rows never stalls the main loop: a setter checks what it is given
 * and returns at once, the old rows stay until the new ones are read, and
 * "loading" is TRUE meanwhile; at first it shows the first rows read
 * directly, and the rest when the thread has read them. (On a database in
 * DELETE journal mode, where a reader would block writers, it reads in the
 * caller's thread.)
 */
#pragma once

#include <gio/gio.h>

#include "joinery-db.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_LIST_MODEL (joinery_list_model_get_type ())
G_DECLARE_FINAL_TYPE (JoineryListModel, joinery_list_model, JOINERY, LIST_MODEL, GObject)

JoineryListModel  *joinery_list_model_new            (JoineryDb *db, const JoineryKind *kind);
/* Needs the main context of the thread that calls it to be running. */
JoineryListModel  *joinery_list_model_new_in_background (JoineryDb *db, const JoineryKind *kind);
JoineryDb         *joinery_list_model_get_db         (JoineryListModel *self);
const JoineryKind *joinery_list_model_get_kind       (JoineryListModel *self);

/* Filters as the command line writes them ("status=awarded",
 * "amount_awarded>=1000", "starts_on>=2017-05-01"; see `joinery list
 * --help`), all of which must match; NULL or empty for none. On a bad
 * filter the model is unchanged and the error names it. */
gboolean           joinery_list_model_set_filters    (JoineryListModel *self,
                                                      const char * const *filters,
                                                      GError **error);
/* Full-text search as you type (prefix matching); NULL or "" for none. */
void               joinery_list_model_set_search     (JoineryListModel *self, const char *text);
const char        *joinery_list_model_get_search     (JoineryListModel *self);
/* Order by a field of the kind; NULL for the kind's default order. */
gboolean           joinery_list_model_set_sort       (JoineryListModel *self, const char *field,
                                                      gboolean descending, GError **error);
const char        *joinery_list_model_get_sort_field (JoineryListModel *self);
gboolean           joinery_list_model_get_sort_descending (JoineryListModel *self);

/* Read the ids again (after a change made outside this process). */
void               joinery_list_model_reload         (JoineryListModel *self);

/* The id of the row at `position` without reading the record; 0 past the end. */
gint64             joinery_list_model_get_id         (JoineryListModel *self, guint position);
/* The position of the record with `id`, or G_MAXUINT when it is not in the list. */
guint              joinery_list_model_find           (JoineryListModel *self, gint64 id);

/* Whether the ids are read in a thread of their own; and whether they are
 * being read now (the rows shown are those of the previous request). */
gboolean           joinery_list_model_get_background (JoineryListModel *self);
gboolean           joinery_list_model_get_loading    (JoineryListModel *self);

/* Read the records at [position, position + n_items) now (at most as many
 * as the model keeps), those and no others, a page at most a query, so that
 * the next get_item() calls for them read nothing. (get_item() of a record
 * not at hand reads the page around it.) */
void               joinery_list_model_prefetch       (JoineryListModel *self, guint position,
                                                      guint n_items);

/* The record at `position` if it has been read and is kept, else NULL:
 * never reads (what a view can show at once, before it reads the rest). */
JoineryRecord     *joinery_list_model_peek_item      (JoineryListModel *self, guint position);

/* For tests and benchmarks: how many records have been read from SQLite
 * since the model was made, and the time spent reading them (µs). */
guint64            joinery_list_model_get_rows_read  (JoineryListModel *self);
gint64             joinery_list_model_get_read_time  (JoineryListModel *self);
/* And where the time of the last read of ids in the background went (µs):
 * reading them on its thread, waiting for the main loop to take them, and
 * showing them (the handlers of "items-changed" and "notify::loading"
 * included), and the thread's CPU time for the read (what the read cost,
 * however busy the machine); zeros before the first. */
void               joinery_list_model_get_load_times (JoineryListModel *self, gint64 *read, gint64 *wait,
                                                      gint64 *show, gint64 *read_cpu);
/* And the bytes in the background reader's page cache (0 before the first
 * read), and how long it keeps them after a sort or a search (ms). */
gint64             joinery_list_model_get_reader_cache (JoineryListModel *self);
void               joinery_list_model_set_reader_keep  (JoineryListModel *self, guint ms);

G_END_DECLS
