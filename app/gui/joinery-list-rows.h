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

/* The record shown in the row now; notified when another takes its place. */
JoineryRecord    *joinery_list_row_get_record (JoineryListRow *self);

#define JOINERY_TYPE_LIST_ROWS (joinery_list_rows_get_type ())
G_DECLARE_FINAL_TYPE (JoineryListRows, joinery_list_rows, JOINERY, LIST_ROWS, GObject)

JoineryListRows  *joinery_list_rows_new       (JoineryListModel *model);
JoineryListModel *joinery_list_rows_get_model (JoineryListRows *self);
/* The record of an item of a list view: a JoineryListRow's record, or
 * the item itself if it is a JoineryRecord; NULL otherwise. */
JoineryRecord    *joinery_list_rows_item_record (gpointer item);

G_END_DECLS
