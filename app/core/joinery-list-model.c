/* joinery-list-model.c: the records of one kind as a GListModel, read
 * lazily from SQLite.
 *
 * What the model holds: the ids of its rows, sorted and filtered by one
 * query built by the core's list builder (joinery-query-private.h, the
 * same as `joinery list`), and a bounded cache of records keyed by id,
 * filled up to a page of rows at a time by one `WHERE m.id IN (?1…?64)`
 * statement (the kind's select_page) and emptied least recently used
 * first. Positions move when rows come and go; ids do not, so the cache
 * survives every change.
 *
 * Changes: for a change group that touches a few records of its kind, the
 * model asks SQLite whether each one matches the query now, and where it
 * belongs by a binary search over the ids (each step lets SQLite order two
 * rows by the query's own ORDER BY), and says exactly what moved. Larger
 * or bulk groups read the ids again. When the query's order or filters
 * read other kinds' labels (an order by organisation) and those change,
 * the ids are read again and compared. Rows that show a changed label of
 * another record (a person's organisation renamed) are read again.
 *
 * In the background mode the id queries run on a GTask thread with a
 * read-only JoineryDb of their own, one at a time: a newer request
 * interrupts the running one. The first read, of the rows behind a first
 * screen read at once, runs at a lower priority (joinery_background_run():
 * the window draws that screen first). Nothing here may block on the main
 * thread for a thread, and the thread never touches the model's own state.
 */
#include "config.h"

#include "joinery-list-model.h"
#include "joinery-background.h"
#include "joinery-db-private.h"
#include "joinery-query-private.h"
#include "joinery-search-private.h"
#include "joinery-error.h"

#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Records read by one statement (a screen and a half of rows): as many
 * as the kind's select_page takes. */
#define PAGE_SIZE    JOINERY_PAGE_SIZE
/* Records kept: several screens above and below and the rows GTK holds. */
#define CACHE_SIZE   2048
/* More changed records than this in one group: read the ids again rather
 * than place each one (each costs a scan of the ids and a query). */
#define MAX_PLACED   32
/* A model loading in the background first shows this many rows, read at once. */
#define FIRST_ROWS   256
/* Rows a background read steps between checks that it is still wanted. */
#define CHECK_EVERY  4096
/* The background reader's page cache, as large as the window's connection
 * has: SQLite sorts in as much memory as its connection may cache, and an
 * order by a field without an index (a job title) sorts a million rows,
 * spilling to temporary files in less (joinery_db_open_reader()). What a
 * read brings into it is given back after the rows behind a first screen
 * at once, after a sort or a search once the list is idle (READER_KEEP_MS). */
#define READER_CACHE_KIB 32768
/* A read someone waited for (a sort, a search) leaves its pages in the
 * reader's cache for the next, which need not read them from the file
 * again: sorting a million people by name the other way, or the next
 * letter typed, takes 30-40 ms less (bench-gui, sort). They are given back
 * once the list has read nothing for this long. */
#define READER_KEEP_MS 5000
/* Pages read for the records of the rows are let go once the connection
 * caches more than this: jumping about a million rows touches a page of
 * the table for nearly every row, and would fill the connection's 32 MB
 * with pages of rows already read and kept as records. Reading them again
 * costs a jump nothing measurable (bench-list-model: p95 the same at 2 and
 * 8 MB), and the window holds some 3 MB less on average. */
#define PAGE_CACHE_KEEP  (2 * 1024 * 1024)
/* Bytes of pages let go before the heap is trimmed. */
#define TRIM_AFTER       (8 * 1024 * 1024)

typedef struct {
  gint64         id;
  JoineryRecord *record;
  GList          link;   /* in lru, data = the entry */
} CacheEntry;

/* The background thread's connection, shared by the model and its reads
 * (so that the thread never holds the model itself, whose last reference
 * must go on the main thread); closed with the last of them. */
typedef struct {
  GMutex     lock;   /* guards db: the main thread takes it to interrupt a read */
  char      *path;
  JoineryDb *db;     /* opened by the first read, on the thread */
} Reader;

/* One read of the ids, now or on the background thread: by the query's
 * SQL, or, for a search, from the ids of the same list without it (its
 * base) and the full-text index alone. */
typedef struct {
  Reader          *reader;   /* on the background thread */
  JoineryQuerySql *sql;
  char            *text;     /* the SELECT of the ids */
  gboolean         whole;    /* the records may have changed too: rebind every row */
  gboolean         behind;   /* the rest of the rows behind a first screen shown: no one waits */
  guint            size_hint; /* the ids expected (a new order of the same rows) */
  GArray          *base;     /* or the base's ids, in order, not changed while shared */
  gint64           base_max; /* the largest of them */
  gboolean         search;   /* with base: those that match, else all of them */
  char            *match;    /* the FTS5 query, NULL if the search has no word */
  guint            code;     /* the kind's code in the index's rowids */
  GArray          *ids;      /* the result */
  gint64           read_us;  /* how long the read took, on its thread */
  gint64           read_cpu_us; /* and the thread's CPU time for it */
  gint64           returned_at;
} LoadJob;

struct _JoineryListModel
{
  GObject            parent_instance;

  JoineryDb         *db;
  const JoineryKind *kind;
  gulong             changed_handler;
  guint32            shown_sources;  /* kinds whose labels the rows show */

  /* What was asked for. */
  char             **filters;
  char              *search;
  char              *sort_field;
  gboolean           descending;

  /* What is shown: the query the ids come from, and the ids. */
  JoineryQuerySql   *sql;
  GArray            *ids;            /* gint64, in order */
  /* While a search is typed, the ids of the list without it, as long as
   * nothing changed: each keystroke then only asks the full-text index. */
  GArray            *base;
  gint64             base_max;

  guint              changed_from;   /* the rows replace_ids() said changed last */
  guint              changed_to;

  GHashTable        *cache;          /* &entry->id → CacheEntry */
  GQueue             lru;            /* most recently used first */
  guint64            rows_read;
  gint64             read_time;      /* µs spent reading records, for benchmarks */
  gint64             released;       /* bytes of pages let go since the heap was trimmed */

  /* Background reading. */
  gboolean           background;
  gboolean           loading;
  GTask             *running;        /* the read in progress, or NULL */
  LoadJob           *queued;         /* the newest request behind it, or NULL */
  gboolean           stale;          /* the data changed while the read ran */
  gint64             load_times[4];  /* the last read shown: read, wait, show, the read's CPU (µs) */
  GCancellable      *cancellable;    /* of the running read */
  Reader            *reader;
  guint              reader_keep_ms; /* READER_KEEP_MS, or a test's */
  guint              release_source; /* gives the reader's cache back, or 0 */
};

static void joinery_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (JoineryListModel, joinery_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      joinery_list_model_list_model_init))

enum {
  PROP_0,
  PROP_DB,
  PROP_KIND,
  PROP_BACKGROUND,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_SEARCH,
  PROP_SORT_FIELD,
  PROP_SORT_DESCENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_load (JoineryListModel *self, LoadJob *job);

/* SQL */

static JoineryQuerySql *
build_sql (JoineryListModel *self, const char * const *filters, const char *search,
           const char *sort_field, gboolean descending, GError **error)
{
  g_autoptr(JoineryQuery) query = joinery_query_new (self->kind);

  for (guint i = 0; filters != NULL && filters[i] != NULL; i++)
    if (!joinery_query_parse_filter (query, filters[i], error))
      return NULL;
  joinery_query_set_search (query, search);
  if (sort_field != NULL && !joinery_query_set_sort (query, sort_field, descending, error))
    return NULL;
  return joinery_query_build_sql (self->db, self->kind, query, error);
}

static char *
ids_sql (JoineryQuerySql *sql, guint limit)
{
  if (limit > 0)
    return g_strdup_printf ("SELECT m.id %s%s LIMIT %u", sql->from_where, sql->order_by, limit);
  return g_strdup_printf ("SELECT m.id %s%s", sql->from_where, sql->order_by);
}

/* How a read's last step `rc` ended: done, or cancelled (interrupted),
 * or an error. */
static gboolean
read_done (JoineryDb *db, int rc, GCancellable *cancellable, GError **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc == SQLITE_INTERRUPT || g_cancellable_is_cancelled (cancellable))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the read was cancelled");
  else
    joinery_db_set_error (db, rc, error, "cannot read the list");
  return FALSE;
}

/* Run the SELECT of ids `text` on `db`. Checks `cancellable` now and then,
 * for the background thread. */
static GArray *
read_ids (JoineryDb *db, const char *text, GPtrArray *values, guint size_hint,
          GCancellable *cancellable, GError **error)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), size_hint);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  gboolean ok;
  int rc;

  if (joinery_db_get_handle (db) == NULL)
    {
      g_set_error_literal (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED, "the database is closed");
      return NULL;
    }
  rc = sqlite3_prepare_v2 (joinery_db_get_handle (db), text, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      joinery_query_bind (stmt, values);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
          if (++n % CHECK_EVERY == 0 && g_cancellable_is_cancelled (cancellable))
            {
              rc = SQLITE_INTERRUPT;
              break;
            }
        }
    }
  ok = read_done (db, rc, cancellable, error);
  sqlite3_finalize (stmt);
  if (!ok)
    return NULL;
  return g_steal_pointer (&ids);
}

/* Where a record referred to stands among them: by id, in an array
 * where the ids are dense enough, else a table. */
typedef struct {
  guint32    *dense;    /* rank by id, 0 … dense_len - 1 */
  gint64      dense_len;
  GHashTable *sparse;   /* gint64 * (into ids) → rank */
  GArray     *ids;      /* gint64 */
  GArray     *ranks;    /* guint32, beside ids */
  guint32     max_rank;
} Ranks;

static void
ranks_clear (Ranks *ranks)
{
  g_free (ranks->dense);
  g_clear_pointer (&ranks->sparse, g_hash_table_unref);
  g_clear_pointer (&ranks->ids, g_array_unref);
  g_clear_pointer (&ranks->ranks, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ranks, ranks_clear)

static guint32
ranks_lookup (const Ranks *ranks, gint64 id)
{
  if (ranks->dense != NULL)
    return id >= 0 && id < ranks->dense_len ? ranks->dense[id] : 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (ranks->sparse, &id));
}

static gboolean
ranks_read (Ranks *ranks, JoineryDb *db, const char *text, GCancellable *cancellable, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 max_id = 0, min_id = 0;
  gboolean ok;
  int rc;

  ranks->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ranks->ranks = g_array_new (FALSE, FALSE, sizeof (guint32));
  rc = sqlite3_prepare_v2 (joinery_db_get_handle (db), text, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        guint32 rank = (guint32) sqlite3_column_int64 (stmt, 1);

        g_array_append_val (ranks->ids, id);
        g_array_append_val (ranks->ranks, rank);
        ranks->max_rank = MAX (ranks->max_rank, rank);
        max_id = MAX (max_id, id);
        min_id = MIN (min_id, id);
      }
  ok = read_done (db, rc, cancellable, error);
  sqlite3_finalize (stmt);
  if (!ok)
    return FALSE;
  if (min_id >= 0 && max_id / 4 <= (gint64) ranks->ids->len + 65536)
    {
      ranks->dense_len = max_id + 1;
      ranks->dense = g_new0 (guint32, ranks->dense_len);
      for (guint i = 0; i < ranks->ids->len; i++)
        ranks->dense[g_array_index (ranks->ids, gint64, i)] = g_array_index (ranks->ranks, guint32, i);
      return TRUE;
    }
  ranks->sparse = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < ranks->ids->len; i++)
    g_hash_table_insert (ranks->sparse, &g_array_index (ranks->ids, gint64, i),
                         GUINT_TO_POINTER (g_array_index (ranks->ranks, guint32, i)));
  return TRUE;
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The ids of a query ordered by a reference (sql->ranks), in the order of
 * its ORDER BY: the records referred to are ranked by label in SQL, the
 * rows read with what they refer to in any order, and placed here by
 * their reference's rank (a counting sort), each rank's rows by id. That
 * order in SQL joins each row to its reference and sorts them all by the
 * label's text: a million people by organisation took a second, and
 * this a quarter of it (bench-list-model, sort). In a transaction, or
 * read_ids_ranked() makes one. */
static GArray *
read_ids_ranked_in (JoineryDb *db, JoineryQuerySql *sql, guint size_hint, GCancellable *cancellable,
                    GError **error)
{
  g_auto(Ranks) ranks = { 0 };
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), size_hint);
  g_autoptr(GArray) row_ranks = g_array_sized_new (FALSE, FALSE, sizeof (guint32), size_hint);
  g_autofree guint *starts = NULL;
  GArray *ordered;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  guint n = 0;
  int rc;

  if (!ranks_read (&ranks, db, sql->ranks, cancellable, error))
    return NULL;
  rc = sqlite3_prepare_v2 (joinery_db_get_handle (db), sql->refs, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      joinery_query_bind (stmt, sql->values);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          guint32 rank = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? 0 :
                         ranks_lookup (&ranks, sqlite3_column_int64 (stmt, 1));

          g_array_append_val (ids, id);
          g_array_append_val (row_ranks, rank);
          if (++n % CHECK_EVERY == 0 && g_cancellable_is_cancelled (cancellable))
            {
              rc = SQLITE_INTERRUPT;
              break;
            }
        }
    }
  ok = read_done (db, rc, cancellable, error);
  sqlite3_finalize (stmt);
  if (!ok)
    return NULL;

  /* Where each rank's rows start, then each row in its place. */
  starts = g_new0 (guint, ranks.max_rank + 2);
  for (guint i = 0; i < row_ranks->len; i++)
    starts[g_array_index (row_ranks, guint32, i) + 1]++;
  for (guint32 r = 1; r <= ranks.max_rank + 1; r++)
    starts[r] += starts[r - 1];
  ordered = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
  g_array_set_size (ordered, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_array_index (ordered, gint64, starts[g_array_index (row_ranks, guint32, i)]++) =
      g_array_index (ids, gint64, i);
  /* starts[r] is now where rank r ends. Rows come grouped by what they
   * refer to: a rank's rows are in id order already unless it has several
   * records (equal labels), or the read took another path. */
  for (guint32 r = 0, begin = 0; r <= ranks.max_rank; begin = starts[r], r++)
    {
      gint64 *run = &g_array_index (ordered, gint64, 0) + begin;
      guint len = starts[r] - begin;

      for (guint i = 1; i < len; i++)
        if (run[i - 1] > run[i])
          {
            qsort (run, len, sizeof (gint64), compare_ids);
            break;
          }
    }
  if (sql->descending)
    for (guint i = 0, j = ordered->len; i + 1 < j; i++, j--)
      {
        gint64 t = g_array_index (ordered, gint64, i);
        g_array_index (ordered, gint64, i) = g_array_index (ordered, gint64, j - 1);
        g_array_index (ordered, gint64, j - 1) = t;
      }
  return ordered;
}

/* The same, its two reads seeing the file as it was at the first. */
static GArray *
read_ids_ranked (JoineryDb *db, JoineryQuerySql *sql, guint size_hint, GCancellable *cancellable,
                 GError **error)
{
  GArray *ordered;

  if (!sqlite3_get_autocommit (joinery_db_get_handle (db)))
    return read_ids_ranked_in (db, sql, size_hint, cancellable, error);
  if (!joinery_db_exec (db, "BEGIN", error))
    return NULL;
  ordered = read_ids_ranked_in (db, sql, size_hint, cancellable, error);
  joinery_db_exec (db, "COMMIT", NULL);
  return ordered;
}

/* All the ids of `sql` (whose SELECT is `text`), in its order. */
static GArray *
read_all_ids (JoineryDb *db, JoineryQuerySql *sql, const char *text, guint size_hint,
              GCancellable *cancellable, GError **error)
{
  if (sql->ranks != NULL)
    return read_ids_ranked (db, sql, size_hint, cancellable, error);
  return read_ids (db, text, sql->values, size_hint, cancellable, error);
}

/* The cache */

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_object_unref (entry->record);
  g_free (entry);
}

static CacheEntry *
cache_lookup (JoineryListModel *self, gint64 id)
{
  return g_hash_table_lookup (self->cache, &id);
}

static void
cache_remove (JoineryListModel *self, gint64 id)
{
  CacheEntry *entry = cache_lookup (self, id);

  if (entry == NULL)
    return;
  g_queue_unlink (&self->lru, &entry->link);
  g_hash_table_remove (self->cache, &entry->id);
}

static void
cache_clear (JoineryListModel *self)
{
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->cache);
}

static void
cache_touch (JoineryListModel *self, CacheEntry *entry)
{
  if (self->lru.head == &entry->link)
    return;
  g_queue_unlink (&self->lru, &entry->link);
  g_queue_push_head_link (&self->lru, &entry->link);
}

static void
cache_add (JoineryListModel *self, JoineryRecord *record)
{
  CacheEntry *entry = g_new0 (CacheEntry, 1);

  entry->id = joinery_record_get_id (record);
  entry->record = record;
  entry->link.data = entry;
  cache_remove (self, entry->id);
  g_hash_table_insert (self->cache, &entry->id, entry);
  g_queue_push_head_link (&self->lru, &entry->link);
}

static void
cache_trim (JoineryListModel *self)
{
  while (self->lru.length > CACHE_SIZE)
    {
      CacheEntry *entry = self->lru.tail->data;
      cache_remove (self, entry->id);
    }
}

static gint64
id_at (JoineryListModel *self, guint position)
{
  return g_array_index (self->ids, gint64, position);
}

/* Read the record at `position` and those around it that are not cached,
 * up to a page, in one statement: the uncached rows from it onwards, and
 * if they are few (the rows after are cached: scrolling up), those before
 * it. A jump or scrolling down reads forward, scrolling up backward. */
static void
read_page (JoineryListModel *self, guint position, guint limit)
{
  g_autoptr(GError) error = NULL;
  guint n = self->ids->len;
  guint start = position, end = position;
  sqlite3_stmt *stmt;
  gint64 began;
  int param = 1;
  int rc;

  if (joinery_db_get_handle (self->db) == NULL)
    return; /* closed: get_item() makes do */
  began = g_get_monotonic_time ();
  stmt = joinery_db_prepare_static (self->db, joinery_db_kind_sql (self->db, self->kind)->select_page,
                                    &error);
  if (stmt == NULL)
    {
      g_warning ("cannot read %s: %s", self->kind->plural, error->message);
      return;
    }
  /* A page of the rows not at hand around `position`; or with a `limit`,
   * only those from `position` up to it. */
  while (end < MIN (n, limit) && end - start < PAGE_SIZE && cache_lookup (self, id_at (self, end)) == NULL)
    end++;
  while (limit == G_MAXUINT && start > 0 && end - start < PAGE_SIZE &&
         cache_lookup (self, id_at (self, start - 1)) == NULL)
    start--;
  for (guint i = start; i < end; i++)
    sqlite3_bind_int64 (stmt, param++, id_at (self, i));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      cache_add (self, joinery_db_record_from_row (self->kind, stmt));
      self->rows_read++;
    }
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (self->db, rc, &error, NULL);
      g_warning ("cannot read %s: %s", self->kind->plural, error->message);
    }
  sqlite3_reset (stmt);
  cache_trim (self);
  {
    int used = 0, highest = 0;

    if (sqlite3_db_status (joinery_db_get_handle (self->db), SQLITE_DBSTATUS_CACHE_USED, &used, &highest, 0) ==
          SQLITE_OK && used > PAGE_CACHE_KEEP)
      {
        sqlite3_db_release_memory (joinery_db_get_handle (self->db));
        /* And given back to the system, or the heap would keep it
         * resident: once a few releases' worth is free (a trim walks the
         * whole heap, a tenth of the rows' reads if it ran each time). */
        self->released += used;
#ifdef __GLIBC__
        if (self->released >= TRIM_AFTER)
          {
            malloc_trim (0);
            self->released = 0;
          }
#endif
      }
  }
  self->read_time += g_get_monotonic_time () - began;
}

/* GListModel */

static GType
joinery_list_model_get_item_type (GListModel *model)
{
  return JOINERY_TYPE_RECORD;
}

static guint
joinery_list_model_get_n_items (GListModel *model)
{
  return JOINERY_LIST_MODEL (model)->ids->len;
}

static gpointer
joinery_list_model_get_item (GListModel *model, guint position)
{
  JoineryListModel *self = JOINERY_LIST_MODEL (model);
  CacheEntry *entry;
  JoineryRecord *missing;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;
  id = id_at (self, position);
  entry = cache_lookup (self, id);
  if (entry == NULL)
    {
      read_page (self, position, G_MAXUINT);
      entry = cache_lookup (self, id);
    }
  if (entry != NULL)
    {
      cache_touch (self, entry);
      return g_object_ref (entry->record);
    }
  /* Gone since the ids were read (another program deleted it), or the
   * database is closed: an empty record with its id, until a reload. */
  missing = joinery_record_new (self->kind);
  joinery_record_set_id (missing, id);
  return missing;
}

static void
joinery_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = joinery_list_model_get_item_type;
  iface->get_n_items = joinery_list_model_get_n_items;
  iface->get_item = joinery_list_model_get_item;
}

/* Replacing the rows */

static void
set_loading (JoineryListModel *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
emit_items_changed (JoineryListModel *self, guint position, guint removed, guint added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Show `ids` (taken) from `sql` (taken). Unless `whole`, only the rows
 * between the common start and end of the old and new ids are said to
 * change; `whole` says every row did (the records may differ too). */
static void
replace_ids (JoineryListModel *self, GArray *ids, JoineryQuerySql *sql, gboolean whole)
{
  g_autoptr(GArray) old = self->ids;
  guint prefix = 0, suffix = 0;

  if (sql != self->sql)
    {
      g_clear_pointer (&self->sql, joinery_query_sql_free);
      self->sql = sql;
    }
  self->ids = ids;
  if (whole)
    cache_clear (self);
  else
    {
      const gint64 *a = (const gint64 *) (gpointer) old->data;
      const gint64 *b = (const gint64 *) (gpointer) ids->data;

      while (prefix < old->len && prefix < ids->len && a[prefix] == b[prefix])
        prefix++;
      while (suffix < old->len - prefix && suffix < ids->len - prefix &&
             a[old->len - 1 - suffix] == b[ids->len - 1 - suffix])
        suffix++;
    }
  self->changed_from = prefix;
  self->changed_to = ids->len - suffix;
  if (old->len - prefix - suffix > 0 || ids->len - prefix - suffix > 0)
    emit_items_changed (self, prefix, old->len - prefix - suffix, ids->len - prefix - suffix);
}

static gboolean
can_read_in_background (JoineryListModel *self)
{
  return self->background && joinery_db_get_handle (self->db) != NULL &&
         g_strcmp0 (joinery_db_get_journal_mode (self->db), "delete") != 0;
}

/* The ids of `base` whose records match `match` in the full-text index,
 * in the base's order: one pass over the index's hits, marked in a bitmap
 * by id, then one over the base. */
static GArray *
search_in_base (JoineryDb *db, LoadJob *job, GCancellable *cancellable, GError **error)
{
  static const char *hits_sql =
    "SELECT rowid / 32 FROM search_index WHERE search_index MATCH ?1 AND rowid % 32 = ?2";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree guint8 *bits = NULL;
  const gint64 *base = (const gint64 *) (gpointer) job->base->data;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  int rc;

  if (job->match == NULL)
    return g_steal_pointer (&ids); /* no word: nothing matches, as in SQL */
  bits = g_malloc0 ((gsize) (job->base_max / 8 + 1));
  rc = sqlite3_prepare_v2 (joinery_db_get_handle (db), hits_sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, job->match, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, (int) job->code);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          if (id >= 0 && id <= job->base_max)
            bits[id / 8] |= (guint8) (1u << (id % 8));
          if (++n % CHECK_EVERY == 0 && g_cancellable_is_cancelled (cancellable))
            {
              rc = SQLITE_INTERRUPT;
              break;
            }
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_INTERRUPT || g_cancellable_is_cancelled (cancellable))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the read was cancelled");
      else
        joinery_db_set_error (db, rc, error, "cannot search the list");
      return NULL;
    }
  for (guint i = 0; i < job->base->len; i++)
    if (bits[base[i] / 8] & (1u << (base[i] % 8)))
      g_array_append_val (ids, base[i]);
  return g_steal_pointer (&ids);
}

/* Run a read, on whichever connection and thread. */
static GArray *
job_read (JoineryDb *db, LoadJob *job, GCancellable *cancellable, GError **error)
{
  if (job->base != NULL && job->search)
    return search_in_base (db, job, cancellable, error);
  if (job->base != NULL)
    return g_array_copy (job->base);
  return read_all_ids (db, job->sql, job->text, job->size_hint, cancellable, error);
}

/* Background reading */

static void
reader_clear (gpointer data)
{
  Reader *reader = data;

  g_clear_object (&reader->db);
  g_free (reader->path);
  g_mutex_clear (&reader->lock);
}

static void
reader_unref (Reader *reader)
{
  g_atomic_rc_box_release_full (reader, reader_clear);
}

static void
reader_interrupt (Reader *reader)
{
  g_mutex_lock (&reader->lock);
  if (reader->db != NULL && joinery_db_get_handle (reader->db) != NULL)
    sqlite3_interrupt (joinery_db_get_handle (reader->db));
  g_mutex_unlock (&reader->lock);
}

static void
load_job_free (LoadJob *job)
{
  if (job == NULL)
    return;
  g_clear_pointer (&job->reader, reader_unref);
  g_clear_pointer (&job->sql, joinery_query_sql_free);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->base, g_array_unref);
  g_free (job->match);
  g_free (job->text);
  g_free (job);
}

/* The calling thread's CPU time (µs): what a read cost, whatever else
 * the machine was doing. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Give back what the reader's reads brought into its page cache, and the
 * heap they grew, to the system (or the heap would keep it resident: the
 * page cache, a sort's memory, the ids' array as it grew). */
static void
release_memory (JoineryDb *db)
{
  sqlite3_db_release_memory (joinery_db_get_handle (db));
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

static void
release_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Reader *reader = data;
  g_autoptr(JoineryDb) db = NULL;

  g_mutex_lock (&reader->lock);
  if (reader->db != NULL)
    db = g_object_ref (reader->db);
  g_mutex_unlock (&reader->lock);
  /* A read that starts meanwhile shares the connection, safely: SQLite
   * gives back only the pages no statement holds. */
  if (db != NULL)
    release_memory (db);
  g_task_return_boolean (task, TRUE);
}

static gboolean
release_reader_cb (gpointer data)
{
  JoineryListModel *self = data;
  g_autoptr(GTask) task = NULL;

  self->release_source = 0;
  if (self->running != NULL)
    return G_SOURCE_REMOVE; /* it sets the time again as it ends */
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, release_reader_cb);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (self->reader), (GDestroyNotify) reader_unref);
  joinery_background_run (task, release_thread);
  return G_SOURCE_REMOVE;
}

/* The reader's cache is given back after the keep time from now. */
static void
keep_reader (JoineryListModel *self)
{
  g_clear_handle_id (&self->release_source, g_source_remove);
  if (self->reader != NULL)
    self->release_source = g_timeout_add (self->reader_keep_ms, release_reader_cb, self);
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  LoadJob *job = data;
  Reader *reader = job->reader;
  g_autoptr(GError) error = NULL;
  JoineryDb *db;
  gint64 began, cpu;

  g_mutex_lock (&reader->lock);
  if (reader->db == NULL)
    reader->db = joinery_db_open_reader (reader->path, READER_CACHE_KIB, &error);
  db = reader->db;
  g_mutex_unlock (&reader->lock);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Not under the lock, which the main thread takes to interrupt this.
   * Reads run one at a time: nothing else uses db meanwhile. */
  began = g_get_monotonic_time ();
  cpu = thread_cpu_us ();
  job->ids = job_read (db, job, cancellable, &error);
  job->read_us = g_get_monotonic_time () - began;
  job->read_cpu_us = thread_cpu_us () - cpu;
  /* The rows behind a first screen are read once, when the list opens, and
   * what they brought is given back at once (the window waits for none of
   * it: 3 ms, sorts being held in blocks, joinery_db_open_reader()). A
   * sort's or a search's pages stay a while (READER_KEEP_MS). */
  if (job->behind)
    release_memory (db);
  job->returned_at = g_get_monotonic_time ();
  if (job->ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static LoadJob *
load_job_new (JoineryListModel *self, JoineryQuerySql *sql, char *text, gboolean whole, gboolean behind)
{
  LoadJob *job = g_new0 (LoadJob, 1);

  job->sql = sql;
  job->text = text;
  job->whole = whole;
  job->behind = behind;
  return job;
}

static void
load_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GWeakRef *weak = data;
  g_autoptr(JoineryListModel) self = g_weak_ref_get (weak);
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);
  g_task_propagate_boolean (G_TASK (result), &error);
  if (self == NULL || self->db == NULL)
    return; /* gone, or going */
  g_clear_object (&self->running);
  g_clear_object (&self->cancellable);
  if (!job->behind)
    keep_reader (self);

  if (self->queued != NULL)
    {
      /* A newer request: this read's result is of no use. */
      start_load (self, g_steal_pointer (&self->queued));
      return;
    }
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("cannot read %s: %s", self->kind->plural, error->message);
      self->stale = FALSE;
      set_loading (self, FALSE);
      return;
    }
  if (self->stale)
    {
      /* Records changed while it read: read again, from after the change,
       * by SQL (the base, if it read from one, is out of date). */
      start_load (self, load_job_new (self, g_steal_pointer (&job->sql), g_steal_pointer (&job->text),
                                      job->whole, job->behind));
      return;
    }
  {
    gint64 began = g_get_monotonic_time ();

    replace_ids (self, g_steal_pointer (&job->ids), g_steal_pointer (&job->sql), job->whole);
    set_loading (self, FALSE);
    self->load_times[0] = job->read_us;
    self->load_times[1] = began - job->returned_at;
    self->load_times[2] = g_get_monotonic_time () - began;
    self->load_times[3] = job->read_cpu_us;
  }
}

static void
start_load (JoineryListModel *self, LoadJob *job)
{
  GWeakRef *weak;

  set_loading (self, TRUE);
  if (self->running != NULL)
    {
      /* One read at a time on the reader: stop the running one, and keep
       * only the newest request behind it. */
      g_clear_pointer (&self->queued, load_job_free);
      self->queued = job;
      g_cancellable_cancel (self->cancellable);
      reader_interrupt (self->reader);
      return;
    }
  if (self->reader == NULL)
    {
      self->reader = g_atomic_rc_box_new0 (Reader);
      g_mutex_init (&self->reader->lock);
      self->reader->path = g_strdup (joinery_db_get_path (self->db));
    }
  if (job->reader == NULL)
    job->reader = g_atomic_rc_box_acquire (self->reader);
  self->stale = FALSE;
  self->cancellable = g_cancellable_new ();
  /* No source object: the thread must not hold the model. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  self->running = g_task_new (NULL, self->cancellable, load_done_cb, weak);
  g_task_set_source_tag (self->running, start_load);
  g_task_set_task_data (self->running, job, (GDestroyNotify) load_job_free);
  /* The rest of the rows behind the first screen, which no one waits
   * for, yields to the window drawing that screen; a sort or a search is
   * waited for, and runs at the window's own priority. */
  if (job->behind)
    joinery_background_run (self->running, load_thread);
  else
    g_task_run_in_thread (self->running, load_thread);
}

/* Keep the ids shown, which have no search, as the base of the searches
 * to come; not where they are too sparse for a bitmap of them. */
static void
keep_base (JoineryListModel *self)
{
  const gint64 *ids = (const gint64 *) (gpointer) self->ids->data;
  gint64 max = 0;

  for (guint i = 0; i < self->ids->len; i++)
    max = MAX (max, ids[i]);
  if (max / 64 > (gint64) self->ids->len + 1024)
    return;
  self->base = g_array_copy (self->ids);
  self->base_max = max;
}

static void
drop_base (JoineryListModel *self)
{
  g_clear_pointer (&self->base, g_array_unref);
}

/* Read the ids of `sql` (taken), made with `search`, and show them: now,
 * or in the background. With a base, from it and the full-text index.
 * `size_hint`: how many ids are expected, to make room for them at once
 * (0 when unknown). */
static gboolean
load (JoineryListModel *self, JoineryQuerySql *sql, const char *search, gboolean whole,
      guint size_hint, GError **error)
{
  LoadJob *job = load_job_new (self, sql, ids_sql (sql, 0), whole, FALSE);
  GArray *ids;

  job->size_hint = size_hint;

  if (self->base != NULL)
    {
      job->base = g_array_ref (self->base);
      job->base_max = self->base_max;
      job->search = search != NULL;
      job->match = joinery_search_build_match (search);
      job->code = self->kind->code;
    }
  if (can_read_in_background (self))
    {
      start_load (self, job);
      return TRUE;
    }
  ids = job_read (self->db, job, NULL, error);
  if (ids != NULL)
    replace_ids (self, ids, g_steal_pointer (&job->sql), whole);
  load_job_free (job);
  return ids != NULL;
}

/* Changes */

/* The index of `id` in the ids, or G_MAXUINT. */
static guint
find_id (JoineryListModel *self, gint64 id)
{
  const gint64 *ids = (const gint64 *) (gpointer) self->ids->data;
  guint n = self->ids->len;

  for (guint i = 0; i < n; i++)
    if (ids[i] == id)
      return i;
  return G_MAXUINT;
}

/* Whether record `id` exists and matches the shown query. */
static gboolean
matches (JoineryListModel *self, gint64 id, GError **error)
{
  g_autofree char *text = g_strdup_printf ("SELECT 1 %s AND m.id = ?%u", self->sql->from_where,
                                           self->sql->values->len + 1);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (joinery_db_get_handle (self->db), text, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      joinery_query_bind (stmt, self->sql->values);
      sqlite3_bind_int64 (stmt, (int) self->sql->values->len + 1, id);
      rc = sqlite3_step (stmt);
      found = rc == SQLITE_ROW;
      if (rc == SQLITE_ROW)
        rc = SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      joinery_db_set_error (self->db, rc, error, NULL);
      return FALSE;
    }
  return found;
}

/* Where record `id` (not in the ids) belongs in the shown order: a binary
 * search in which SQLite orders each pair of rows by the query's own
 * ORDER BY, so that collations, empty values and labels are ordered as
 * the list's query orders them. */
static gboolean
place (JoineryListModel *self, gint64 id, guint *position, GError **error)
{
  g_autofree char *text = g_strdup_printf ("SELECT m.id %s WHERE m.id IN (?1, ?2)%s LIMIT 1",
                                           self->sql->from, self->sql->order_by);
  sqlite3_stmt *stmt = joinery_db_prepare (self->db, text, error);
  guint low = 0, high = self->ids->len;

  if (stmt == NULL)
    return FALSE;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      gint64 first = 0;
      int rc;

      sqlite3_bind_int64 (stmt, 1, id_at (self, middle));
      sqlite3_bind_int64 (stmt, 2, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        first = sqlite3_column_int64 (stmt, 0);
      else if (rc != SQLITE_DONE)
        {
          joinery_db_set_error (self->db, rc, error, NULL);
          sqlite3_reset (stmt);
          return FALSE;
        }
      sqlite3_reset (stmt);
      if (first == id_at (self, middle))
        low = middle + 1;
      else
        high = middle;
    }
  *position = low;
  return TRUE;
}

static void
insert_id (JoineryListModel *self, guint position, gint64 id)
{
  g_array_insert_val (self->ids, position, id);
}

static void
remove_position (JoineryListModel *self, guint position)
{
  g_array_remove_index (self->ids, position);
}

/* Bring one record of the model's kind up to date, saying exactly what
 * moved: (p, 1, 1) where it stays, (p, 1, 0) then (q, 0, 1) where it
 * moves, (p, 1, 0) where it leaves the list and (q, 0, 1) where it enters. */
static gboolean
update_one (JoineryListModel *self, gint64 id, GError **error)
{
  guint old = find_id (self, id);
  guint position;
  gboolean found;

  cache_remove (self, id);
  found = matches (self, id, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  if (!found)
    {
      if (old != G_MAXUINT)
        {
          remove_position (self, old);
          emit_items_changed (self, old, 1, 0);
        }
      return TRUE;
    }
  /* Placed among the others, whose order has not changed. */
  if (old != G_MAXUINT)
    remove_position (self, old);
  if (!place (self, id, &position, error))
    {
      if (old != G_MAXUINT)
        insert_id (self, old, id);
      return FALSE;
    }
  if (old == position)
    {
      insert_id (self, position, id);
      emit_items_changed (self, position, 1, 1);
      return TRUE;
    }
  if (old != G_MAXUINT)
    emit_items_changed (self, old, 1, 0);
  insert_id (self, position, id);
  emit_items_changed (self, position, 0, 1);
  return TRUE;
}

/* Several records: all out first (so that the ids left are in order for
 * the binary search), then each one that matches into its place. */
static gboolean
update_several (JoineryListModel *self, GArray *ids, GError **error)
{
  g_autoptr(GArray) keep = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      guint old = find_id (self, id);

      cache_remove (self, id);
      if (old != G_MAXUINT)
        {
          remove_position (self, old);
          emit_items_changed (self, old, 1, 0);
        }
    }
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      guint position;
      gboolean found = matches (self, id, error);

      if (error != NULL && *error != NULL)
        return FALSE;
      if (!found)
        continue;
      if (!place (self, id, &position, error))
        return FALSE;
      insert_id (self, position, id);
      emit_items_changed (self, position, 0, 1);
    }
  return TRUE;
}

/* Whether a cached record shows the label of record `id` of `kind`. */
static gboolean
shows_label_of (JoineryRecord *record, const JoineryKind *kind, gint64 id)
{
  const JoineryKind *own = joinery_record_get_kind (record);
  guint32 bit = 1u << kind->code;

  /* (Where its own label is made of other records' names, those are
   * records its references point to.) */
  for (guint i = 0; i < own->n_fields; i++)
    {
      const JoineryField *f = &own->fields[i];
      const JoineryKind *target;

      if (joinery_record_is_null (record, f->name))
        continue;
      if (f->type == JOINERY_FIELD_REFERENCE)
        target = joinery_kind_lookup (f->ref_kind);
      else if (f->type == JOINERY_FIELD_LINK)
        target = joinery_kind_lookup (joinery_record_get_link_kind (record, f->name));
      else
        continue;
      if (target == NULL)
        continue;
      if (target == kind && joinery_record_get_integer (record, f->name) == id)
        return TRUE;
      /* The label of the record referred to is made of this one's. */
      if (joinery_kind_label_sources (target, FALSE) & bit)
        return TRUE;
    }
  return FALSE;
}

/* The cached records that show a label `set` changed (a person's
 * organisation renamed): out of the cache, their ids returned, or NULL. */
static GHashTable *
forget_stale (JoineryListModel *self, JoineryChangeSet *set)
{
  g_autoptr(GHashTable) stale = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint n_changes = joinery_change_set_get_n_changes (set);

  for (GList *l = self->lru.head; l != NULL;)
    {
      CacheEntry *entry = l->data;

      l = l->next;
      for (guint i = 0; i < n_changes; i++)
        {
          const JoineryChange *change = joinery_change_set_get_change (set, i);

          if (change->kind != NULL && change->kind != self->kind &&
              (self->shown_sources & (1u << change->kind->code)) &&
              shows_label_of (entry->record, change->kind, change->id))
            {
              g_hash_table_add (stale, g_memdup2 (&entry->id, sizeof entry->id));
              cache_remove (self, entry->id);
              break;
            }
        }
    }
  return g_hash_table_size (stale) > 0 ? g_steal_pointer (&stale) : NULL;
}

/* Say that the rows of `stale` ids changed, so that they are read and
 * shown again, except those in [skip_from, skip_to), just said to change.
 * Only cached records can be shown (GTK holds fewer rows than the cache). */
static void
say_stale (JoineryListModel *self, GHashTable *stale, guint skip_from, guint skip_to)
{
  gint64 low = G_MAXINT64, high = G_MININT64;
  GHashTableIter iter;
  gpointer key;
  const gint64 *ids;

  g_hash_table_iter_init (&iter, stale);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      low = MIN (low, *(gint64 *) key);
      high = MAX (high, *(gint64 *) key);
    }
  /* One pass over the ids, saying each stretch of stale rows once. */
  ids = (const gint64 *) (gpointer) self->ids->data;
  for (guint i = 0; i < self->ids->len; i++)
    {
      guint run = 0;

      while (i + run < self->ids->len && (i + run < skip_from || i + run >= skip_to) &&
             ids[i + run] >= low && ids[i + run] <= high &&
             g_hash_table_contains (stale, &ids[i + run]))
        run++;
      if (run == 0)
        continue;
      emit_items_changed (self, i, run, run);
      i += run - 1;
    }
}

static void
reload_whole (JoineryListModel *self)
{
  g_autoptr(GError) error = NULL;
  JoineryQuerySql *sql;

  sql = build_sql (self, (const char * const *) self->filters, self->search, self->sort_field,
                   self->descending, &error);
  drop_base (self);
  if (sql == NULL || !load (self, sql, self->search, TRUE, self->ids->len, &error))
    g_warning ("cannot read %s again: %s", self->kind->plural, error->message);
}

static void
db_changed_cb (JoineryDb *db, JoineryChangeSet *set, gpointer data)
{
  JoineryListModel *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) own = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GHashTable) stale = NULL;
  const JoineryKind * const *kinds = joinery_kinds ();
  guint32 touched = 0;
  gboolean ok = TRUE;

  if (self->sql == NULL)
    return; /* never listed: nothing shown to follow */
  for (guint k = 0; kinds[k] != NULL; k++)
    if (joinery_change_set_touches_kind (set, kinds[k]))
      touched |= 1u << kinds[k]->code;
  if (!(touched & (1u << self->kind->code | self->shown_sources | self->sql->label_sources)))
    return;

  if (self->running != NULL)
    self->stale = TRUE; /* the ids being read may be from before the change */
  drop_base (self);

  if (joinery_change_set_is_bulk (set))
    {
      reload_whole (self);
      return;
    }

  /* Each record of this kind once, in the order first changed. */
  own = g_array_new (FALSE, FALSE, sizeof (gint64));
  seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < joinery_change_set_get_n_changes (set); i++)
    {
      const JoineryChange *change = joinery_change_set_get_change (set, i);
      if (change->kind == self->kind && g_hash_table_add (seen, (gpointer) &change->id))
        g_array_append_val (own, change->id);
    }

  if (own->len > MAX_PLACED)
    {
      reload_whole (self);
      return;
    }
  if (own->len == 1)
    ok = update_one (self, g_array_index (own, gint64, 0), &error);
  else if (own->len > 1)
    ok = update_several (self, own, &error);

  if (ok && (touched & self->shown_sources))
    stale = forget_stale (self, set);
  self->changed_from = self->changed_to = 0;
  if (ok && (touched & self->sql->label_sources))
    {
      /* The order or the filters read a label that changed: read the ids
       * again and say which stretch of them differs. */
      JoineryQuerySql *sql = build_sql (self, (const char * const *) self->filters, self->search,
                                        self->sort_field, self->descending, &error);
      ok = sql != NULL && load (self, sql, self->search, FALSE, 0, &error);
    }
  if (!ok)
    {
      g_warning ("cannot follow a change to %s: %s", self->kind->plural, error->message);
      g_clear_error (&error);
      reload_whole (self);
      return;
    }
  if (stale != NULL)
    say_stale (self, stale, self->changed_from, self->changed_to);
}

/* GObject */

static void
joinery_list_model_constructed (GObject *object)
{
  JoineryListModel *self = JOINERY_LIST_MODEL (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean background;
  GArray *ids;

  G_OBJECT_CLASS (joinery_list_model_parent_class)->constructed (object);
  g_return_if_fail (JOINERY_IS_DB (self->db));
  g_return_if_fail (self->kind != NULL);

  self->shown_sources = joinery_kind_label_sources (self->kind, TRUE);
  self->changed_handler = g_signal_connect (self->db, "changed", G_CALLBACK (db_changed_cb), self);

  self->sql = build_sql (self, NULL, NULL, NULL, FALSE, &error);
  if (self->sql == NULL)
    {
      g_warning ("cannot list %s: %s", self->kind->plural, error->message);
      return;
    }
  /* In the background, the first screen now, read straight from the
   * query's order, and the rest from the thread. */
  background = can_read_in_background (self);
  text = ids_sql (self->sql, background ? FIRST_ROWS : 0);
  if (background)
    ids = read_ids (self->db, text, self->sql->values, 0, NULL, &error);
  else
    ids = read_all_ids (self->db, self->sql, text, 0, NULL, &error);
  if (ids == NULL)
    {
      g_warning ("cannot list %s: %s", self->kind->plural, error->message);
      return;
    }
  g_array_unref (self->ids);
  self->ids = ids;
  if (background && ids->len == FIRST_ROWS)
    {
      JoineryQuerySql *sql = build_sql (self, NULL, NULL, NULL, FALSE, NULL);

      start_load (self, load_job_new (self, sql, ids_sql (sql, 0), FALSE, TRUE));
    }
}

static void
joinery_list_model_dispose (GObject *object)
{
  JoineryListModel *self = JOINERY_LIST_MODEL (object);

  if (self->running != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      reader_interrupt (self->reader);
    }
  g_clear_object (&self->running);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queued, load_job_free);
  /* Given back now, as the reader's connection closes with its last read. */
  g_clear_handle_id (&self->release_source, g_source_remove);
  g_clear_signal_handler (&self->changed_handler, self->db);
  cache_clear (self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (joinery_list_model_parent_class)->dispose (object);
}

static void
joinery_list_model_finalize (GObject *object)
{
  JoineryListModel *self = JOINERY_LIST_MODEL (object);

  /* A read still running keeps the reader until it ends. */
  g_clear_pointer (&self->reader, reader_unref);
  g_hash_table_unref (self->cache);
  g_array_unref (self->ids);
  drop_base (self);
  g_clear_pointer (&self->sql, joinery_query_sql_free);
  g_strfreev (self->filters);
  g_free (self->search);
  g_free (self->sort_field);

  G_OBJECT_CLASS (joinery_list_model_parent_class)->finalize (object);
}

static void
joinery_list_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  JoineryListModel *self = JOINERY_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    case PROP_KIND:
      g_value_set_pointer (value, (gpointer) self->kind);
      break;
    case PROP_BACKGROUND:
      g_value_set_boolean (value, self->background);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_SORT_FIELD:
      g_value_set_string (value, self->sort_field);
      break;
    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
joinery_list_model_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  JoineryListModel *self = JOINERY_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_DB:
      self->db = g_value_dup_object (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_pointer (value);
      break;
    case PROP_BACKGROUND:
      self->background = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
joinery_list_model_class_init (JoineryListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = joinery_list_model_constructed;
  object_class->dispose = joinery_list_model_dispose;
  object_class->finalize = joinery_list_model_finalize;
  object_class->get_property = joinery_list_model_get_property;
  object_class->set_property = joinery_list_model_set_property;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, JOINERY_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A const JoineryKind *, from joinery_kinds(). */
  properties[PROP_KIND] =
    g_param_spec_pointer ("kind", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BACKGROUND] =
    g_param_spec_boolean ("background", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT_FIELD] =
    g_param_spec_string ("sort-field", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
joinery_list_model_init (JoineryListModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->reader_keep_ms = READER_KEEP_MS;
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, cache_entry_free);
  g_queue_init (&self->lru);
}

/* Public API */

JoineryListModel *
joinery_list_model_new (JoineryDb *db, const JoineryKind *kind)
{
  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  return g_object_new (JOINERY_TYPE_LIST_MODEL, "db", db, "kind", kind, NULL);
}

JoineryListModel *
joinery_list_model_new_in_background (JoineryDb *db, const JoineryKind *kind)
{
  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  return g_object_new (JOINERY_TYPE_LIST_MODEL, "db", db, "kind", kind, "background", TRUE, NULL);
}

JoineryDb *
joinery_list_model_get_db (JoineryListModel *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), NULL);
  return self->db;
}

const JoineryKind *
joinery_list_model_get_kind (JoineryListModel *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), NULL);
  return self->kind;
}

static gboolean
strv_equal (const char * const *a, const char * const *b)
{
  guint n_a = a != NULL ? g_strv_length ((char **) a) : 0;
  guint n_b = b != NULL ? g_strv_length ((char **) b) : 0;

  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    if (g_strcmp0 (a[i], b[i]) != 0)
      return FALSE;
  return TRUE;
}

gboolean
joinery_list_model_set_filters (JoineryListModel *self, const char * const *filters, GError **error)
{
  g_autoptr(JoineryQuery) query = NULL;
  g_auto(GStrv) by_id = NULL;
  JoineryQuerySql *sql;

  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Kept with records named by id, so that they mean the same when the
   * list is read again after a rename. */
  query = joinery_query_new (self->kind);
  for (guint i = 0; filters != NULL && filters[i] != NULL; i++)
    if (!joinery_query_parse_filter (query, filters[i], error))
      return FALSE;
  by_id = joinery_query_dup_filters_by_id (self->db, query, error);
  if (by_id == NULL)
    return FALSE;
  if (by_id[0] == NULL)
    g_clear_pointer (&by_id, g_strfreev);
  if (strv_equal ((const char * const *) by_id, (const char * const *) self->filters))
    return TRUE;
  sql = build_sql (self, (const char * const *) by_id, self->search, self->sort_field, self->descending,
                   error);
  if (sql == NULL)
    return FALSE;
  drop_base (self);
  if (!load (self, sql, self->search, FALSE, 0, error))
    return FALSE;
  g_strfreev (self->filters);
  self->filters = g_steal_pointer (&by_id);
  return TRUE;
}

void
joinery_list_model_set_search (JoineryListModel *self, const char *text)
{
  g_autoptr(GError) error = NULL;
  JoineryQuerySql *sql;

  g_return_if_fail (JOINERY_IS_LIST_MODEL (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, self->search) == 0)
    return;
  /* Typing a search into the list as it is: keep that list, to search in. */
  if (self->search == NULL && self->base == NULL && !self->loading)
    keep_base (self);
  /* Filters were checked when they were set; what remains is SQLite. */
  sql = build_sql (self, (const char * const *) self->filters, text, self->sort_field,
                   self->descending, &error);
  if (sql == NULL || !load (self, sql, text, FALSE, 0, &error))
    {
      g_warning ("cannot search %s: %s", self->kind->plural, error->message);
      return;
    }
  g_free (self->search);
  self->search = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

const char *
joinery_list_model_get_search (JoineryListModel *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), NULL);
  return self->search;
}

gboolean
joinery_list_model_set_sort (JoineryListModel *self, const char *field, gboolean descending,
                             GError **error)
{
  JoineryQuerySql *sql;

  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field == NULL)
    descending = FALSE;
  if (g_strcmp0 (field, self->sort_field) == 0 && descending == self->descending)
    return TRUE;
  sql = build_sql (self, (const char * const *) self->filters, self->search, field, descending, error);
  if (sql == NULL)
    return FALSE;
  drop_base (self);
  /* The same rows in another order (unless a read still under way brings
   * others): as many ids as are shown. */
  if (!load (self, sql, self->search, FALSE, self->ids->len, error))
    return FALSE;
  if (g_strcmp0 (field, self->sort_field) != 0)
    {
      g_free (self->sort_field);
      self->sort_field = g_strdup (field);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_FIELD]);
    }
  if (descending != self->descending)
    {
      self->descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
    }
  return TRUE;
}

const char *
joinery_list_model_get_sort_field (JoineryListModel *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), NULL);
  return self->sort_field;
}

gboolean
joinery_list_model_get_sort_descending (JoineryListModel *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), FALSE);
  return self->descending;
}

void
joinery_list_model_reload (JoineryListModel *self)
{
  g_return_if_fail (JOINERY_IS_LIST_MODEL (self));
  reload_whole (self);
}

gint64
joinery_list_model_get_id (JoineryListModel *self, guint position)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), 0);

  if (position >= self->ids->len)
    return 0;
  return id_at (self, position);
}

guint
joinery_list_model_find (JoineryListModel *self, gint64 id)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), G_MAXUINT);
  return find_id (self, id);
}

gboolean
joinery_list_model_get_background (JoineryListModel *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), FALSE);
  return self->background;
}

gboolean
joinery_list_model_get_loading (JoineryListModel *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), FALSE);
  return self->loading;
}

void
joinery_list_model_prefetch (JoineryListModel *self, guint position, guint n_items)
{
  guint end;

  g_return_if_fail (JOINERY_IS_LIST_MODEL (self));

  if (position >= self->ids->len)
    return;
  end = position + MIN (MIN (n_items, self->ids->len - position), CACHE_SIZE - PAGE_SIZE);
  for (guint i = position; i < end; i++)
    {
      CacheEntry *entry = cache_lookup (self, id_at (self, i));
      if (entry == NULL)
        {
          read_page (self, i, end);
          entry = cache_lookup (self, id_at (self, i));
        }
      if (entry != NULL)
        cache_touch (self, entry);
    }
}

JoineryRecord *
joinery_list_model_peek_item (JoineryListModel *self, guint position)
{
  CacheEntry *entry;

  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), NULL);

  if (position >= self->ids->len)
    return NULL;
  entry = cache_lookup (self, id_at (self, position));
  if (entry == NULL)
    return NULL;
  cache_touch (self, entry);
  return g_object_ref (entry->record);
}

gint64
joinery_list_model_get_read_time (JoineryListModel *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), 0);
  return self->read_time;
}

void
joinery_list_model_get_load_times (JoineryListModel *self, gint64 *read, gint64 *wait, gint64 *show,
                                   gint64 *read_cpu)
{
  g_return_if_fail (JOINERY_IS_LIST_MODEL (self));

  if (read != NULL)
    *read = self->load_times[0];
  if (wait != NULL)
    *wait = self->load_times[1];
  if (show != NULL)
    *show = self->load_times[2];
  if (read_cpu != NULL)
    *read_cpu = self->load_times[3];
}

gint64
joinery_list_model_get_reader_cache (JoineryListModel *self)
{
  int used = 0, highest = 0;

  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), 0);

  if (self->reader == NULL)
    return 0;
  g_mutex_lock (&self->reader->lock);
  if (self->reader->db != NULL && joinery_db_get_handle (self->reader->db) != NULL)
    sqlite3_db_status (joinery_db_get_handle (self->reader->db), SQLITE_DBSTATUS_CACHE_USED, &used, &highest, 0);
  g_mutex_unlock (&self->reader->lock);
  return used;
}

void
joinery_list_model_set_reader_keep (JoineryListModel *self, guint ms)
{
  g_return_if_fail (JOINERY_IS_LIST_MODEL (self));
  self->reader_keep_ms = ms;
}

guint64
joinery_list_model_get_rows_read (JoineryListModel *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (self), 0);
  return self->rows_read;
}
