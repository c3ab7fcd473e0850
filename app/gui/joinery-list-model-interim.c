/* joinery-list-model-interim.c: a stand-in for the core's lazy list model
 * (app/core/joinery-list-model.h) until it lands, with the same calls.
 *
 * It reads at most INTERIM_LIMIT records into memory at each change of
 * search, filter or sort, and reloads whole on every change of the
 * database. It is not lazy and must not become so: delete this file when
 * the core's model is merged.
 */
#include "joinery-list-model.h"

#define INTERIM_LIMIT 2000

struct _JoineryListModel
{
  GObject            parent_instance;

  JoineryDb         *db;
  const JoineryKind *kind;
  GPtrArray         *records;
  GStrv              filters;
  char              *search;
  char              *sort_field;
  gboolean           descending;
  guint64            rows_read;
  gulong             changed_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (JoineryListModel, joinery_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return JOINERY_TYPE_RECORD;
}

static guint
get_n_items (GListModel *model)
{
  return JOINERY_LIST_MODEL (model)->records->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  JoineryListModel *self = JOINERY_LIST_MODEL (model);

  if (position >= self->records->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->records, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static JoineryQuery *
build_query (JoineryListModel *self, const char * const *filters, const char *sort_field,
             gboolean descending, GError **error)
{
  g_autoptr(JoineryQuery) query = joinery_query_new (self->kind);

  for (guint i = 0; filters != NULL && filters[i] != NULL; i++)
    if (*filters[i] != '\0' && !joinery_query_parse_filter (query, filters[i], error))
      return NULL;
  if (sort_field != NULL && !joinery_query_set_sort (query, sort_field, descending, error))
    return NULL;
  if (self->search != NULL && *self->search != '\0')
    joinery_query_set_search (query, self->search);
  joinery_query_set_range (query, 0, INTERIM_LIMIT);
  return g_steal_pointer (&query);
}

static void
load (JoineryListModel *self)
{
  g_autoptr(JoineryQuery) query = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  guint removed = self->records->len;

  query = build_query (self, (const char * const *) self->filters, self->sort_field,
                       self->descending, &error);
  if (query != NULL)
    records = joinery_db_list (self->db, self->kind, query, &error);
  if (records == NULL)
    {
      g_debug ("cannot list %s: %s", self->kind->plural, error->message);
      records = g_ptr_array_new_with_free_func (g_object_unref);
    }
  self->rows_read += records->len;
  g_ptr_array_unref (self->records);
  self->records = g_steal_pointer (&records);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->records->len);
}

static void
db_changed_cb (JoineryDb *db, JoineryChangeSet *set, JoineryListModel *self)
{
  if (joinery_change_set_touches_kind (set, self->kind))
    load (self);
}

static void
joinery_list_model_dispose (GObject *object)
{
  JoineryListModel *self = JOINERY_LIST_MODEL (object);

  if (self->db != NULL && self->changed_id != 0)
    g_signal_handler_disconnect (self->db, self->changed_id);
  self->changed_id = 0;
  g_clear_object (&self->db);
  G_OBJECT_CLASS (joinery_list_model_parent_class)->dispose (object);
}

static void
joinery_list_model_finalize (GObject *object)
{
  JoineryListModel *self = JOINERY_LIST_MODEL (object);

  g_ptr_array_unref (self->records);
  g_strfreev (self->filters);
  g_free (self->search);
  g_free (self->sort_field);
  G_OBJECT_CLASS (joinery_list_model_parent_class)->finalize (object);
}

static void
joinery_list_model_class_init (JoineryListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = joinery_list_model_dispose;
  G_OBJECT_CLASS (klass)->finalize = joinery_list_model_finalize;
}

static void
joinery_list_model_init (JoineryListModel *self)
{
  self->records = g_ptr_array_new_with_free_func (g_object_unref);
}

JoineryListModel *
joinery_list_model_new (JoineryDb *db, const JoineryKind *kind)
{
  JoineryListModel *self;

  g_return_val_if_fail (JOINERY_IS_DB (db), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (JOINERY_TYPE_LIST_MODEL, NULL);
  self->db = g_object_ref (db);
  self->kind = kind;
  self->changed_id = g_signal_connect (db, "changed", G_CALLBACK (db_changed_cb), self);
  load (self);
  return self;
}

JoineryDb *
joinery_list_model_get_db (JoineryListModel *self)
{
  return self->db;
}

const JoineryKind *
joinery_list_model_get_kind (JoineryListModel *self)
{
  return self->kind;
}

gboolean
joinery_list_model_set_filters (JoineryListModel *self, const char * const *filters, GError **error)
{
  g_autoptr(JoineryQuery) check = build_query (self, filters, NULL, FALSE, error);

  if (check == NULL)
    return FALSE;
  g_strfreev (self->filters);
  self->filters = g_strdupv ((char **) filters);
  load (self);
  return TRUE;
}

void
joinery_list_model_set_search (JoineryListModel *self, const char *text)
{
  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  load (self);
}

const char *
joinery_list_model_get_search (JoineryListModel *self)
{
  return self->search;
}

gboolean
joinery_list_model_set_sort (JoineryListModel *self, const char *field, gboolean descending,
                             GError **error)
{
  g_autoptr(JoineryQuery) check = build_query (self, NULL, field, descending, error);

  if (check == NULL)
    return FALSE;
  g_free (self->sort_field);
  self->sort_field = g_strdup (field);
  self->descending = descending;
  load (self);
  return TRUE;
}

const char *
joinery_list_model_get_sort_field (JoineryListModel *self)
{
  return self->sort_field;
}

gboolean
joinery_list_model_get_sort_descending (JoineryListModel *self)
{
  return self->descending;
}

void
joinery_list_model_reload (JoineryListModel *self)
{
  load (self);
}

gint64
joinery_list_model_get_id (JoineryListModel *self, guint position)
{
  if (position >= self->records->len)
    return 0;
  return joinery_record_get_id (g_ptr_array_index (self->records, position));
}

guint
joinery_list_model_find (JoineryListModel *self, gint64 id)
{
  for (guint i = 0; i < self->records->len; i++)
    if (joinery_record_get_id (g_ptr_array_index (self->records, i)) == id)
      return i;
  return G_MAXUINT;
}

guint64
joinery_list_model_get_rows_read (JoineryListModel *self)
{
  return self->rows_read;
}
