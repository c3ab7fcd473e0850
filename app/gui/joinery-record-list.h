/* joinery-record-list.h: the list of one kind's records — a column view
 * over the core's list model, its search entry, quick filters and column
 * chooser. */
#pragma once

#include <adwaita.h>

#include "joinery-list-model.h"

G_BEGIN_DECLS

#define JOINERY_TYPE_RECORD_LIST (joinery_record_list_get_type ())
G_DECLARE_FINAL_TYPE (JoineryRecordList, joinery_record_list, JOINERY, RECORD_LIST, GtkWidget)

JoineryRecordList *joinery_record_list_new          (JoineryDb *db, const JoineryKind *kind);
const JoineryKind *joinery_record_list_get_kind     (JoineryRecordList *self);
JoineryListModel  *joinery_record_list_get_model    (JoineryRecordList *self);
GtkColumnView     *joinery_record_list_get_column_view (JoineryRecordList *self);
GtkEditable       *joinery_record_list_get_search_entry (JoineryRecordList *self);
void               joinery_record_list_focus_search (JoineryRecordList *self);
/* Search now, without the entry's typing delay. */
void               joinery_record_list_set_search   (JoineryRecordList *self, const char *text);
/* Quick filters: "All" first, then the kind's own (by status, upcoming…). */
guint              joinery_record_list_get_n_quick_filters (JoineryRecordList *self);
const char        *joinery_record_list_get_quick_filter_label (JoineryRecordList *self, guint index);
void               joinery_record_list_set_quick_filter (JoineryRecordList *self, guint index);
/* Choose the quick filter made of exactly `filters` (the command line's
 * syntax, all of which must match), adding it under `label` when the list
 * has none such ("Overdue tasks" from the home page); its index. */
guint              joinery_record_list_choose_filters (JoineryRecordList *self, const char *label,
                                                       const char * const *filters);
/* Only the records whose `field` refers to record `id` (an organisation's
 * people), said in a bar above the rows as "<field>: <label>"; NULL for
 * all. Combines with the quick filter and the search. */
void               joinery_record_list_set_link_filter (JoineryRecordList *self, const char *field,
                                                        gint64 id, const char *label);
const char        *joinery_record_list_get_link_filter (JoineryRecordList *self);
/* Clear search and filters. */
void               joinery_record_list_reset        (JoineryRecordList *self);
/* Whether the rows of the latest search, filter or sort are being read
 * (in the model's thread); the rows before stay shown meanwhile. */
gboolean           joinery_record_list_is_loading   (JoineryRecordList *self);
/* Select the record with `id` and scroll to it; FALSE if it is not listed.
 * While rows are being read, it is selected once they are in. */
gboolean           joinery_record_list_select_id    (JoineryRecordList *self, gint64 id);
void               joinery_record_list_unselect     (JoineryRecordList *self);
JoineryRecord     *joinery_record_list_dup_selected (JoineryRecordList *self);
/* Columns: one per field, shown as the user chose (remembered). */
gboolean           joinery_record_list_get_column_visible (JoineryRecordList *self, const char *field);
void               joinery_record_list_set_column_visible (JoineryRecordList *self, const char *field,
                                                           gboolean visible);
/* Sort as a click on the field's column header does. */
void               joinery_record_list_sort_by      (JoineryRecordList *self, const char *field,
                                                     gboolean descending);
/* The list as shown — its filters, search and order — as a query for an
 * export; NULL if the filters no longer read (never expected). */
JoineryQuery      *joinery_record_list_dup_query    (JoineryRecordList *self);

G_END_DECLS
