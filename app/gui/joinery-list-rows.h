/* joinery-list-rows.h: the rows a list view shows, over the core's list
 * model: a GListModel of JoineryListRow, each the place of one position
 * in the list and holding the record there now.
 *
 * Why: GTK 4.8's list views keep some 200 rows of widgets, and when the
 * model says rows were replaced (a sort, a search) they throw those
 * widgets away and make new ones (and look for the rows they tracked
 * among every row added, reading each one). Here a sort or a search
 * that replaces many rows changes the record that each living row holds
 * ("notify::record"), so the same widgets show the new records, and only
 * a change of length is said to the view, at the end. Small changes (an
 * edit, a record added or deleted) are passed on exactly as the model
 * says them.
 */
#pragma once

#include <gio/gio.h>

#include "joinery-list-model.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_LIST_ROW (joinery_list_row_get_type ())
G_DECLARE_FINAL_TYPE (JoineryListRow, joinery_list_row, JOINERY, LIST_ROW, GObject)

/* The record of the row's place now, read if it was not yet; notified
 * ("notify::record") when it is read or another takes its place. */
JoineryRecord    *joinery_list_row_get_record (JoineryListRow *self);
/* The record if it has been read, else NULL (what a cell shows at once). */
JoineryRecord    *joinery_list_row_peek_record (JoineryListRow *self);
/* A widget bound to the row (a cell), with data of its own (its field):
 * shown, through the rows' show function, each record the row is given
 * (read, or another taking its place) until it is removed, which its
 * unbind must do. The row tells its cells itself, with no signal handler
 * or closure per cell: GTK rebinds some 200 rows of cells at a jump. */
void              joinery_list_row_add_cell    (JoineryListRow *self, gpointer cell, gconstpointer cell_data);
void              joinery_list_row_remove_cell (JoineryListRow *self, gpointer cell);
guint             joinery_list_row_get_n_cells (JoineryListRow *self);

#define JOINERY_TYPE_LIST_ROWS (joinery_list_rows_get_type ())
G_DECLARE_FINAL_TYPE (JoineryListRows, joinery_list_rows, JOINERY, LIST_ROWS, GObject)

/* Shows `record` in a cell added with joinery_list_row_add_cell(); it
 * must not add or remove cells. */
typedef void (*JoineryListRowsShowFunc) (gpointer cell, gconstpointer cell_data, JoineryRecord *record,
                                         gpointer user_data);

JoineryListRows  *joinery_list_rows_new       (JoineryListModel *model);
JoineryListModel *joinery_list_rows_get_model (JoineryListRows *self);
/* Say at most the first `limit` rows to the view (before it holds any)
 * until joinery_list_rows_show_all(), or a change among them: GTK 4.8
 * makes widgets for some 200 rows, whatever it shows, and a window's
 * first frame needs only a screen of them. A limit already set may be
 * raised (the rows it now allows are said), never lowered. */
void              joinery_list_rows_set_limit (JoineryListRows *self, guint limit);
void              joinery_list_rows_show_all  (JoineryListRows *self);
/* What shows a row's record in its cells (none: cells are not told). */
void              joinery_list_rows_set_show_func (JoineryListRows *self, JoineryListRowsShowFunc func,
                                                   gpointer user_data);
/* The record of an item of a list view: a JoineryListRow's record, or
 * the item itself if it is a JoineryRecord; NULL otherwise. The first
 * reads a row's record if need be; the second never does. */
JoineryRecord    *joinery_list_rows_item_record (gpointer item);
JoineryRecord    *joinery_list_rows_item_peek_record (gpointer item);

/* Rows alive (held by the view or anyone) whose records are not read: a
 * row is made, or takes a new record in place, unread unless the model
 * has the record at hand. */
guint             joinery_list_rows_get_n_unread (JoineryListRows *self);
/* Read the records of the unread rows alive in [position, position +
 * n_items), at most `max_rows` of them, in order, a stretch at a time,
 * each row notified; returns how many rows were given their record. */
guint             joinery_list_rows_read       (JoineryListRows *self, guint position, guint n_items,
                                                guint max_rows);

G_END_DECLS
