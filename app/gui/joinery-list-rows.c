/* joinery-list-rows.c: the rows a list view shows, over the core's list
 * model (see joinery-list-rows.h for why).
 *
 * The rows alive (held by the view, its selection, or anyone) are kept by
 * position in a table that does not own them: a row leaves it when it is
 * finalized, or when its position leaves the list. A change the model
 * says is passed on exactly, moving the rows after it, unless it replaces
 * many rows: then each living row is given the record now at its place
 * and only the change of length is said. Nothing here reads SQL; the
 * records come from the model.
 *
 * A row is made, or given its new place's record, with the record only if
 * the model has it at hand; otherwise it stays unread until someone asks
 * for its record (joinery_list_row_get_record()) or the view reads the
 * rows it shows (joinery_list_rows_read()), so that a jump or a sort reads
 * the rows on screen first and the ~200 GTK keeps around them later.
 *
 * A row keeps the cells bound to it (a few pointers, inline) and shows its
 * record in them itself when it arrives: a signal handler per cell,
 * connected at bind and disconnected at unbind, cost a jump about as much
 * as binding the rows from an in-memory store.
 */
#include "config.h"

#include "joinery-list-rows.h"

#include <string.h>

/* A change of more rows than this that removes some is a replacement:
 * the rows alive take the new records in place. */
#define SMALL_CHANGE 64
/* Rows alive this close to each other are read as one stretch. */
#define STRETCH_GAP  64
/* Cells a row holds without an allocation of their own (a row of a
 * column view has one a column shown). */
#define INLINE_CELLS 8

typedef struct {
  gpointer      cell;
  gconstpointer data;
} Cell;

struct _JoineryListRow
{
  GObject          parent_instance;

  JoineryRecord   *record;   /* NULL while unread */
  guint            position;
  JoineryListRows *owner;   /* not owned; NULL once the row left the list */
  Cell            *cells;   /* bound to the row, not owned: inline_cells or allocated */
  guint            n_cells;
  guint            max_cells;
  Cell             inline_cells[INLINE_CELLS];
};

struct _JoineryListRows
{
  GObject           parent_instance;

  JoineryListModel *model;
  gulong            changed_handler;
  guint             n_items;   /* as said to the view */
  GHashTable       *rows;      /* position → JoineryListRow, not owned */
  guint             n_unread;  /* rows in it without their record */
  guint             limit;     /* at most this many said to the view, or G_MAXUINT */
  JoineryListRowsShowFunc show_func;
  gpointer          show_data;
};

enum {
  ROW_PROP_0,
  ROW_PROP_RECORD,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

static void joinery_list_rows_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE (JoineryListRow, joinery_list_row, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE_WITH_CODE (JoineryListRows, joinery_list_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      joinery_list_rows_list_model_init))

/* JoineryListRow */

static void
joinery_list_row_finalize (GObject *object)
{
  JoineryListRow *self = JOINERY_LIST_ROW (object);

  if (self->owner != NULL &&
      g_hash_table_lookup (self->owner->rows, GUINT_TO_POINTER (self->position)) == self)
    {
      g_hash_table_remove (self->owner->rows, GUINT_TO_POINTER (self->position));
      if (self->record == NULL)
        self->owner->n_unread--;
    }
  g_clear_object (&self->record);
  if (self->cells != self->inline_cells)
    g_free (self->cells);

  G_OBJECT_CLASS (joinery_list_row_parent_class)->finalize (object);
}

static void
joinery_list_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  JoineryListRow *self = JOINERY_LIST_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
joinery_list_row_class_init (JoineryListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = joinery_list_row_finalize;
  object_class->get_property = joinery_list_row_get_property;

  row_properties[ROW_PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, JOINERY_TYPE_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
joinery_list_row_init (JoineryListRow *self)
{
  self->cells = self->inline_cells;
  self->max_cells = INLINE_CELLS;
}

JoineryRecord *
joinery_list_row_get_record (JoineryListRow *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_ROW (self), NULL);

  if (self->record == NULL && self->owner != NULL)
    joinery_list_rows_read (self->owner, self->position, 1, 1);
  return self->record;
}

JoineryRecord *
joinery_list_row_peek_record (JoineryListRow *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_ROW (self), NULL);
  return self->record;
}

void
joinery_list_row_add_cell (JoineryListRow *self, gpointer cell, gconstpointer cell_data)
{
  g_return_if_fail (JOINERY_IS_LIST_ROW (self));
  g_return_if_fail (cell != NULL);

  if (self->n_cells == self->max_cells)
    {
      Cell *cells = g_new (Cell, self->max_cells * 2);

      memcpy (cells, self->cells, self->n_cells * sizeof (Cell));
      if (self->cells != self->inline_cells)
        g_free (self->cells);
      self->cells = cells;
      self->max_cells *= 2;
    }
  self->cells[self->n_cells].cell = cell;
  self->cells[self->n_cells].data = cell_data;
  self->n_cells++;
}

void
joinery_list_row_remove_cell (JoineryListRow *self, gpointer cell)
{
  g_return_if_fail (JOINERY_IS_LIST_ROW (self));

  for (guint i = 0; i < self->n_cells; i++)
    if (self->cells[i].cell == cell)
      {
        self->cells[i] = self->cells[--self->n_cells];
        return;
      }
  g_critical ("%s: the cell %p is not bound to the row at %u", G_STRFUNC, cell, self->position);
}

guint
joinery_list_row_get_n_cells (JoineryListRow *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_ROW (self), 0);
  return self->n_cells;
}

/* The row's cells shown its record. */
static void
show_cells (JoineryListRow *row)
{
  JoineryListRows *owner = row->owner;

  if (owner == NULL || owner->show_func == NULL)
    return;
  for (guint i = 0; i < row->n_cells; i++)
    owner->show_func (row->cells[i].cell, row->cells[i].data, row->record, owner->show_data);
}

/* Takes `record` (not NULL). */
static void
set_record (JoineryListRow *row, JoineryRecord *record)
{
  if (row->record == record)
    {
      g_clear_object (&record);
      return;
    }
  if (row->record == NULL && row->owner != NULL)
    row->owner->n_unread--;
  g_clear_object (&row->record);
  row->record = record;
  show_cells (row);
  g_object_notify_by_pspec (G_OBJECT (row), row_properties[ROW_PROP_RECORD]);
}

/* Unread again, quietly: its cells show the old record until the new one
 * is read, which the view does before it paints the row. */
static void
forget_record (JoineryListRow *row)
{
  if (row->record == NULL)
    return;
  g_clear_object (&row->record);
  row->owner->n_unread++;
}

/* The rows */

static int
compare_positions (gconstpointer a, gconstpointer b)
{
  const JoineryListRow *x = *(JoineryListRow * const *) a;
  const JoineryListRow *y = *(JoineryListRow * const *) b;

  return x->position < y->position ? -1 : x->position > y->position;
}

/* Every row alive, in order, out of the table. */
static GPtrArray *
steal_rows (JoineryListRows *self)
{
  GPtrArray *rows = g_ptr_array_sized_new (g_hash_table_size (self->rows));
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    g_ptr_array_add (rows, row);
  g_hash_table_remove_all (self->rows);
  g_ptr_array_sort (rows, compare_positions);
  return rows;
}

/* Out of the table (see steal_rows()) and out of the list. */
static void
detach (JoineryListRow *row)
{
  if (row->record == NULL && row->owner != NULL)
    row->owner->n_unread--;
  row->owner = NULL;
  row->position = G_MAXUINT;
}

static void
put_back (JoineryListRows *self, JoineryListRow *row, guint position)
{
  row->position = position;
  g_hash_table_insert (self->rows, GUINT_TO_POINTER (position), row);
}

/* Exactly as the model said it: the rows after move. */
static void
pass_on (JoineryListRows *self, guint position, guint removed, guint added)
{
  g_autoptr(GPtrArray) rows = steal_rows (self);

  for (guint i = 0; i < rows->len; i++)
    {
      JoineryListRow *row = g_ptr_array_index (rows, i);

      if (row->position < position)
        put_back (self, row, row->position);
      else if (row->position < position + removed)
        detach (row);
      else
        put_back (self, row, row->position - removed + added);
    }
  self->n_items = self->n_items - removed + added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* Many rows replaced: each row alive takes the record now at its place
 * if the model has it at hand, or is unread until the view reads it (the
 * rows on screen first); the view is told only of the rows added or
 * removed at the end. */
static void
replace_in_place (JoineryListRows *self)
{
  g_autoptr(GPtrArray) rows = steal_rows (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint old = self->n_items;

  for (guint i = 0; i < rows->len; i++)
    {
      JoineryListRow *row = g_ptr_array_index (rows, i);

      if (row->position >= n)
        {
          detach (row);
          continue;
        }
      put_back (self, row, row->position);
    }
  /* The table is complete before anyone hears of a row's new record. */
  for (guint i = 0; i < rows->len; i++)
    {
      JoineryListRow *row = g_ptr_array_index (rows, i);
      JoineryRecord *record;

      if (row->owner == NULL)
        continue;
      record = joinery_list_model_peek_item (self->model, row->position);
      if (record != NULL)
        set_record (row, record);
      else
        forget_record (row);
    }
  self->n_items = n;
  if (n < old)
    g_list_model_items_changed (G_LIST_MODEL (self), n, old - n, 0);
  else if (n > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
}

/* Say the rows held back by the limit: as many as the model had before
 * the change it is telling of, if any (`removed`, `added`). */
static void
lift_limit (JoineryListRows *self, guint removed, guint added)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model)) - added + removed;
  guint old = self->n_items;

  if (self->limit == G_MAXUINT)
    return;
  self->limit = G_MAXUINT;
  if (n > old)
    {
      self->n_items = n;
      g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
    }
}

static void
model_items_changed_cb (GListModel *model, guint position, guint removed, guint added,
                        JoineryListRows *self)
{
  /* Beyond the rows said while limited: nothing to say yet. */
  if (self->limit != G_MAXUINT && position >= self->limit)
    return;
  lift_limit (self, removed, added);
  if (removed > 0 && removed + added > SMALL_CHANGE)
    replace_in_place (self);
  else
    pass_on (self, position, removed, added);
}

/* GListModel */

static GType
joinery_list_rows_get_item_type (GListModel *model)
{
  return JOINERY_TYPE_LIST_ROW;
}

static guint
joinery_list_rows_get_n_items (GListModel *model)
{
  return JOINERY_LIST_ROWS (model)->n_items;
}

static gpointer
joinery_list_rows_get_item (GListModel *model, guint position)
{
  JoineryListRows *self = JOINERY_LIST_ROWS (model);
  JoineryListRow *row;

  if (position >= self->n_items)
    return NULL;
  row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));
  if (row != NULL)
    return g_object_ref (row);
  row = g_object_new (JOINERY_TYPE_LIST_ROW, NULL);
  row->record = joinery_list_model_peek_item (self->model, position);
  row->owner = self;
  put_back (self, row, position);
  if (row->record == NULL)
    self->n_unread++;
  return row;
}

static void
joinery_list_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = joinery_list_rows_get_item_type;
  iface->get_n_items = joinery_list_rows_get_n_items;
  iface->get_item = joinery_list_rows_get_item;
}

/* GObject */

static void
joinery_list_rows_dispose (GObject *object)
{
  JoineryListRows *self = JOINERY_LIST_ROWS (object);

  if (self->rows != NULL)
    {
      g_autoptr(GPtrArray) rows = steal_rows (self);

      for (guint i = 0; i < rows->len; i++)
        detach (g_ptr_array_index (rows, i));
    }
  g_clear_signal_handler (&self->changed_handler, self->model);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (joinery_list_rows_parent_class)->dispose (object);
}

static void
joinery_list_rows_finalize (GObject *object)
{
  JoineryListRows *self = JOINERY_LIST_ROWS (object);

  g_hash_table_unref (self->rows);

  G_OBJECT_CLASS (joinery_list_rows_parent_class)->finalize (object);
}

static void
joinery_list_rows_class_init (JoineryListRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = joinery_list_rows_dispose;
  object_class->finalize = joinery_list_rows_finalize;
}

static void
joinery_list_rows_init (JoineryListRows *self)
{
  self->rows = g_hash_table_new (g_direct_hash, g_direct_equal);
}

JoineryListRows *
joinery_list_rows_new (JoineryListModel *model)
{
  JoineryListRows *self;

  g_return_val_if_fail (JOINERY_IS_LIST_MODEL (model), NULL);

  self = g_object_new (JOINERY_TYPE_LIST_ROWS, NULL);
  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  self->limit = G_MAXUINT;
  self->changed_handler = g_signal_connect (model, "items-changed", G_CALLBACK (model_items_changed_cb), self);
  return self;
}

void
joinery_list_rows_set_limit (JoineryListRows *self, guint limit)
{
  guint old;

  g_return_if_fail (JOINERY_IS_LIST_ROWS (self));

  if (self->limit != G_MAXUINT && limit >= self->limit)
    {
      /* Raised: the rows it now allows said to the view. */
      old = self->n_items;
      self->limit = limit;
      self->n_items = MIN (g_list_model_get_n_items (G_LIST_MODEL (self->model)), limit);
      if (self->n_items > old)
        g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->n_items - old);
      return;
    }
  g_return_if_fail (self->limit == G_MAXUINT && g_hash_table_size (self->rows) == 0);

  self->limit = limit;
  self->n_items = MIN (self->n_items, limit);
}

void
joinery_list_rows_set_show_func (JoineryListRows *self, JoineryListRowsShowFunc func, gpointer user_data)
{
  g_return_if_fail (JOINERY_IS_LIST_ROWS (self));

  self->show_func = func;
  self->show_data = user_data;
}

void
joinery_list_rows_show_all (JoineryListRows *self)
{
  g_return_if_fail (JOINERY_IS_LIST_ROWS (self));
  lift_limit (self, 0, 0);
}

JoineryListModel *
joinery_list_rows_get_model (JoineryListRows *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_ROWS (self), NULL);
  return self->model;
}

JoineryRecord *
joinery_list_rows_item_record (gpointer item)
{
  if (JOINERY_IS_LIST_ROW (item))
    return joinery_list_row_get_record (item);
  if (JOINERY_IS_RECORD (item))
    return item;
  return NULL;
}

JoineryRecord *
joinery_list_rows_item_peek_record (gpointer item)
{
  if (JOINERY_IS_LIST_ROW (item))
    return JOINERY_LIST_ROW (item)->record;
  if (JOINERY_IS_RECORD (item))
    return item;
  return NULL;
}

guint
joinery_list_rows_get_n_unread (JoineryListRows *self)
{
  g_return_val_if_fail (JOINERY_IS_LIST_ROWS (self), 0);
  return self->n_unread;
}

/* The unread rows alive in [from, to), in order, held. */
static GPtrArray *
unread_rows (JoineryListRows *self, guint from, guint to)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JoineryListRow *row = value;

      if (row->record == NULL && row->position >= from && row->position < to)
        g_ptr_array_add (rows, g_object_ref (row));
    }
  g_ptr_array_sort (rows, compare_positions);
  return rows;
}

guint
joinery_list_rows_read (JoineryListRows *self, guint position, guint n_items, guint max_rows)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint given = 0;

  g_return_val_if_fail (JOINERY_IS_LIST_ROWS (self), 0);

  if (self->n_unread == 0 || n_items == 0 || max_rows == 0)
    return 0;
  rows = unread_rows (self, position, n_items > G_MAXUINT - position ? G_MAXUINT : position + n_items);
  for (guint i = 0; i < rows->len && given < max_rows; i++)
    {
      JoineryListRow *row = g_ptr_array_index (rows, i);
      JoineryRecord *record;

      /* Given its record meanwhile (by a handler of another's), or gone. */
      if (row->record != NULL || row->owner == NULL)
        continue;
      record = joinery_list_model_peek_item (self->model, row->position);
      if (record == NULL)
        {
          /* The stretch from here read in order, a page at a time (rows
           * alive this close are read as one stretch). */
          guint last = i;

          while (last + 1 < rows->len && last + 1 - i < max_rows - given &&
                 JOINERY_LIST_ROW (g_ptr_array_index (rows, last + 1))->position -
                   JOINERY_LIST_ROW (g_ptr_array_index (rows, last))->position <= STRETCH_GAP)
            last++;
          joinery_list_model_prefetch (self->model, row->position,
                                       JOINERY_LIST_ROW (g_ptr_array_index (rows, last))->position -
                                         row->position + 1);
          record = g_list_model_get_item (G_LIST_MODEL (self->model), row->position);
        }
      set_record (row, record);
      given++;
    }
  return given;
}
