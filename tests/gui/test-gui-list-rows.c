/* test-gui-list-rows.c: a list of a few thousand people in a real window,
 * under Xvfb (see xvfb-run-test.sh): a sort or a search gives the rows on
 * screen their new records in place — no row widget is made again and
 * only the records the view holds are read — the view hears only of the
 * rows added or removed at the end, the selected record stays selected
 * across a sort read in the model's thread and is scrolled to, a new
 * search starts at the top, and a small change (one record renamed)
 * reaches the view exactly as the model says it.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "joinery-gui-test.h"

#include "joinery-generate.h"
#include "joinery-gui-util.h"
#include "joinery-list-rows.h"
#include "joinery-record-list.h"
#include "joinery-test-util.h"

#define PEOPLE 3000
/* A change of more rows than this that removes some is a replacement
 * (as in joinery-list-rows.c). */
#define SMALL_CHANGE 64

#define WAIT_FOR(cond) JOINERY_GUI_TEST_WAIT_FOR (cond, 30)
#define spin joinery_gui_test_spin

typedef struct {
  guint position, removed, added;
} Signal;

typedef struct {
  JoineryTestDb     *tdb;
  GtkWindow         *window;
  JoineryRecordList *list;
  JoineryListModel  *model;
  GListModel        *rows;       /* what the view shows */
  GArray            *said;       /* Signal: the rows' items-changed */
  GArray            *model_said; /* Signal: the model's */
} Fixture;

static guint n_setups;

static gboolean
setup_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  n_setups++;
  return TRUE;
}

static void
count_cb (JoineryRecordList *list, JoineryRecord *record, guint *count)
{
  (*count)++;
}

static void
record_signal_cb (GListModel *model, guint position, guint removed, guint added, GArray *said)
{
  Signal signal = { position, removed, added };

  g_array_append_val (said, signal);
}

/* The signals so far as "p,r,a p,r,a…", and forgotten. */
static char *
signals_string (GArray *said)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < said->len; i++)
    {
      Signal *signal = &g_array_index (said, Signal, i);
      g_string_append_printf (s, "%s%u,%u,%u", i > 0 ? " " : "", signal->position, signal->removed,
                              signal->added);
    }
  g_array_set_size (said, 0);
  return g_string_free (s, FALSE);
}

static void
wait_for_rows (Fixture *f)
{
  WAIT_FOR (!joinery_record_list_is_loading (f->list));
  spin (100);
}

/* The first rows the view can hold show the model's records at their places. */
static void
assert_rows_match (Fixture *f)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->model));

  g_assert_cmpuint (g_list_model_get_n_items (f->rows), ==, n);
  for (guint i = 0; i < MIN (n, 250); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (f->rows, i);
      JoineryRecord *record = joinery_list_rows_item_record (row);

      g_assert_true (JOINERY_IS_LIST_ROW (row));
      g_assert_nonnull (record);
      g_assert_cmpint (joinery_record_get_id (record), ==, joinery_list_model_get_id (f->model, i));
    }
}

/* Whether a mapped cell under `widget` shows `text`. */
static gboolean
shows_text (GtkWidget *widget, const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_INSCRIPTION (c) && gtk_widget_get_mapped (c) &&
          g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (c)), text) == 0)
        return TRUE;
      if (shows_text (c, text))
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
rows_view (Fixture *f)
{
  return joinery_gui_find_list_view (GTK_WIDGET (joinery_record_list_get_column_view (f->list)));
}

/* Whether the row at `position` is within the view's scrolled area. */
static gboolean
row_in_view (Fixture *f, guint position)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (rows_view (f)));
  double n = g_list_model_get_n_items (f->rows);
  double y = gtk_adjustment_get_upper (adjustment) * position / n;

  return y >= gtk_adjustment_get_value (adjustment) - 1 &&
         y < gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment);
}

static const char *
name_at (Fixture *f, guint position)
{
  g_autoptr(GObject) row = g_list_model_get_item (f->rows, position);

  return joinery_record_get_text (joinery_list_rows_item_record (row), "name");
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GtkColumnView *view;

  f->tdb = joinery_test_db_new ();
  g_assert_true (joinery_generate (f->tdb->db, PEOPLE, 5, NULL, NULL, &error));
  g_assert_no_error (error);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 600);
  f->list = joinery_record_list_new (f->tdb->db, joinery_kind_lookup ("person"));
  gtk_window_set_child (f->window, GTK_WIDGET (f->list));
  gtk_window_present (f->window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  f->model = joinery_record_list_get_model (f->list);
  wait_for_rows (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, PEOPLE);

  view = joinery_record_list_get_column_view (f->list);
  f->rows = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)));
  g_assert_true (JOINERY_IS_LIST_ROWS (f->rows));
  /* All the rows, once the first frame is painted. */
  WAIT_FOR (g_list_model_get_n_items (f->rows) == PEOPLE);
  spin (50);
  f->said = g_array_new (FALSE, FALSE, sizeof (Signal));
  f->model_said = g_array_new (FALSE, FALSE, sizeof (Signal));
  g_signal_connect (f->rows, "items-changed", G_CALLBACK (record_signal_cb), f->said);
  g_signal_connect (f->model, "items-changed", G_CALLBACK (record_signal_cb), f->model_said);
  assert_rows_match (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (f->rows, f->said);
  g_signal_handlers_disconnect_by_data (f->model, f->model_said);
  gtk_window_destroy (f->window);
  spin (20);
  g_array_unref (f->said);
  g_array_unref (f->model_said);
  joinery_test_db_free (f->tdb);
}

static void
test_sort_in_place (Fixture *f, gconstpointer data)
{
  guint setups = n_setups;
  guint64 read = joinery_list_model_get_rows_read (f->model);
  g_autofree char *first = NULL;
  g_autofree char *said = NULL;

  joinery_record_list_sort_by (f->list, "name", TRUE);
  wait_for_rows (f);
  g_assert_cmpstr (joinery_list_model_get_sort_field (f->model), ==, "name");

  /* The model said every row changed; the view heard nothing, its rows
   * took their new records, and no row widget was made again. */
  g_assert_cmpuint (f->model_said->len, >=, 1);
  said = signals_string (f->said);
  g_assert_cmpstr (said, ==, "");
  g_assert_cmpuint (n_setups, ==, setups);
  /* Only the records of the rows the view holds were read (GTK 4.8 keeps
   * some 200), not the 3,000 of the list. */
  g_assert_cmpuint (joinery_list_model_get_rows_read (f->model) - read, <=, 400);
  assert_rows_match (f);
  first = g_strdup (name_at (f, 0));
  g_assert_true (shows_text (GTK_WIDGET (f->list), first));

  /* And back. */
  joinery_record_list_sort_by (f->list, "name", FALSE);
  wait_for_rows (f);
  g_assert_cmpuint (n_setups, ==, setups);
  assert_rows_match (f);
  g_assert_cmpstr (name_at (f, PEOPLE - 1), ==, first);
}

static void
test_selection_kept_across_sort (Fixture *f, gconstpointer data)
{
  gint64 id = joinery_list_model_get_id (f->model, 7);
  g_autoptr(JoineryRecord) selected = NULL;
  guint position;
  guint n_selected = 0;

  g_signal_connect (f->list, "record-selected", G_CALLBACK (count_cb), &n_selected);
  g_assert_true (joinery_record_list_select_id (f->list, id));
  spin (50);

  /* By email, read in the model's thread: the same record stays selected
   * where it went, shown, and nobody is told of another selection. */
  joinery_record_list_sort_by (f->list, "email", TRUE);
  g_assert_true (joinery_record_list_is_loading (f->list));
  wait_for_rows (f);
  selected = joinery_record_list_dup_selected (f->list);
  g_assert_nonnull (selected);
  g_assert_cmpint (joinery_record_get_id (selected), ==, id);
  position = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (
    gtk_column_view_get_model (joinery_record_list_get_column_view (f->list))));
  g_assert_cmpuint (position, ==, joinery_list_model_find (f->model, id));
  g_assert_cmpuint (position, !=, 7);
  WAIT_FOR (row_in_view (f, position));
  g_assert_cmpuint (n_selected, ==, 0);
  assert_rows_match (f);
}

static void
test_search_changes_the_tail (Fixture *f, gconstpointer data)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (rows_view (f)));
  g_autofree char *word = g_strdup (strrchr (name_at (f, 2500), ' ') + 1);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  guint setups = n_setups, n;

  /* A search for the surname of a row far down: the rows on screen take
   * the matches in place, and the view hears of the rest going. */
  joinery_record_list_set_search (f->list, word);
  wait_for_rows (f);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, PEOPLE - SMALL_CHANGE);
  expected = g_strdup_printf ("%u,%u,0", n, PEOPLE - n);
  got = signals_string (f->said);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (n_setups, ==, setups);
  assert_rows_match (f);
  g_assert_true (shows_text (GTK_WIDGET (f->list), name_at (f, 0)));

  /* Cleared: the rest comes back at the end (GTK makes widgets for the
   * rows now there, as for any rows added). */
  joinery_record_list_set_search (f->list, NULL);
  wait_for_rows (f);
  g_free (expected);
  g_free (got);
  expected = g_strdup_printf ("%u,0,%u", n, PEOPLE - n);
  got = signals_string (f->said);
  g_assert_cmpstr (got, ==, expected);
  assert_rows_match (f);

  /* From part way down the list, a new search starts at its first match. */
  gtk_widget_activate_action (rows_view (f), "list.scroll-to-item", "u", 1500);
  WAIT_FOR (gtk_adjustment_get_value (adjustment) > 0);
  joinery_record_list_set_search (f->list, word);
  wait_for_rows (f);
  WAIT_FOR (gtk_adjustment_get_value (adjustment) == 0);
  assert_rows_match (f);
  g_assert_true (shows_text (GTK_WIDGET (f->list), name_at (f, 0)));
}

static void
test_small_change_passed_on (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) record = NULL;
  g_autofree char *model_said = NULL;
  g_autofree char *said = NULL;
  gint64 id = joinery_list_model_get_id (f->model, 3);

  /* Renamed to sort last: out of its place and in at the end, as the
   * model says it. */
  record = joinery_db_get (f->tdb->db, joinery_kind_lookup ("person"), id, &error);
  g_assert_no_error (error);
  g_assert_true (joinery_db_set_from_string (f->tdb->db, record, "name", "Zzzz Last", &error));
  g_assert_no_error (error);
  g_assert_true (joinery_db_update (f->tdb->db, record, &error));
  g_assert_no_error (error);
  spin (50);
  model_said = signals_string (f->model_said);
  said = signals_string (f->said);
  g_assert_cmpstr (model_said, ==, "3,1,0 2999,0,1");
  g_assert_cmpstr (said, ==, model_said);
  assert_rows_match (f);
  g_assert_cmpstr (name_at (f, PEOPLE - 1), ==, "Zzzz Last");
}

/* The column view's column of `title`, or NULL. */
static GtkColumnViewColumn *
view_column (Fixture *f, const char *title, guint *position)
{
  GListModel *columns = gtk_column_view_get_columns (joinery_record_list_get_column_view (f->list));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        {
          *position = i;
          return column;
        }
    }
  return NULL;
}

/* The cells of each row the view holds: every row has `expected`; and
 * how many rows there are. */
static guint
count_inscriptions (GtkWidget *widget)
{
  guint n = GTK_IS_INSCRIPTION (widget) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_inscriptions (c);
  return n;
}

static guint
rows_with_cells (Fixture *f, guint expected)
{
  guint rows = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (rows_view (f)); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      guint cells = count_inscriptions (c);

      if (cells == 0)
        continue;
      g_assert_cmpuint (cells, ==, expected);
      rows++;
    }
  return rows;
}

static void
test_hidden_column_no_cells (Fixture *f, gconstpointer data)
{
  GListModel *columns = gtk_column_view_get_columns (joinery_record_list_get_column_view (f->list));
  GtkColumnViewColumn *phone;
  guint position = G_MAXUINT;

  /* People show name, job title, organisation and email; phone, consent
   * and its date are hidden, and their columns make no cells: each of
   * the rows GTK keeps has four. */
  g_assert_false (joinery_record_list_get_column_visible (f->list, "phone"));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 4);
  g_assert_null (view_column (f, "Phone", &position));
  g_assert_cmpuint (rows_with_cells (f, 4), >, 10);

  /* Shown: in at its place (after email), each row with its cell, showing. */
  joinery_record_list_set_column_visible (f->list, "phone", TRUE);
  phone = view_column (f, "Phone", &position);
  g_assert_nonnull (phone);
  g_assert_cmpuint (position, ==, 4);
  spin (100);
  g_assert_cmpuint (rows_with_cells (f, 5), >, 10);
  {
    g_autoptr(GObject) row = g_list_model_get_item (f->rows, 0);
    const char *number = joinery_record_get_text (joinery_list_rows_item_record (row), "phone");

    if (number != NULL && *number != '\0')
      WAIT_FOR (shows_text (GTK_WIDGET (f->list), number));
  }

  /* Hidden again: out of the view, the list still in its order, not sorted again. */
  joinery_record_list_set_column_visible (f->list, "phone", FALSE);
  g_assert_null (view_column (f, "Phone", &position));
  g_assert_false (joinery_record_list_is_loading (f->list));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 4);
  spin (100);
  g_assert_cmpuint (rows_with_cells (f, 4), >, 10);

  /* Sorting by the hidden field still sorts the list. */
  joinery_record_list_sort_by (f->list, "phone", FALSE);
  wait_for_rows (f);
  g_assert_cmpstr (joinery_list_model_get_sort_field (f->model), ==, "phone");
  assert_rows_match (f);
}

typedef struct {
  Fixture *f;
  guint    jumped_to;
  gboolean painted;
  guint    unread;       /* rows alive without their records, at that frame */
  guint    on_screen;    /* rows on screen then */
  guint    shown_unread; /* of which without their records */
  guint64  read;         /* records read by then */
  guint64  frame_start;  /* records read when the frame began */
  guint64  in_frame;     /* records read within that frame */
} FirstFrame;

static void
frame_begins_cb (GdkFrameClock *clock, FirstFrame *frame)
{
  if (!frame->painted)
    frame->frame_start = joinery_list_model_get_rows_read (frame->f->model);
}

static void
first_after_paint_cb (GdkFrameClock *clock, FirstFrame *frame)
{
  Fixture *f = frame->f;

  if (frame->painted || !row_in_view (f, frame->jumped_to))
    return;
  frame->painted = TRUE;
  frame->unread = joinery_list_rows_get_n_unread (JOINERY_LIST_ROWS (f->rows));
  frame->read = joinery_list_model_get_rows_read (f->model);
  frame->in_frame = frame->read - frame->frame_start;
  for (guint p = frame->jumped_to - 100; p < frame->jumped_to + 100; p++)
    if (row_in_view (f, p))
      {
        g_autoptr(GObject) row = g_list_model_get_item (f->rows, p);

        frame->on_screen++;
        frame->shown_unread += joinery_list_row_peek_record (JOINERY_LIST_ROW (row)) == NULL;
      }
}

static void
test_visible_rows_read_first (Fixture *f, gconstpointer data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  FirstFrame frame = { f, 2000, FALSE, 0, 0, 0, 0, 0, 0 };
  guint64 read = joinery_list_model_get_rows_read (f->model);
  gulong handler, begins;

  /* A jump far from the rows read: the first frame that shows row 2,000
   * has the rows on screen read, and reads no more than a page or two from
   * the first of them in the frame: the ~200 GTK keeps around them are read
   * when the main loop is idle (which, on a loaded machine, may come
   * between two frames of the jump, so that is not asserted here). */
  g_assert_cmpuint (joinery_list_rows_get_n_unread (JOINERY_LIST_ROWS (f->rows)), ==, 0);
  begins = g_signal_connect (clock, "before-paint", G_CALLBACK (frame_begins_cb), &frame);
  handler = g_signal_connect_after (clock, "after-paint", G_CALLBACK (first_after_paint_cb), &frame);
  gtk_widget_activate_action (rows_view (f), "list.scroll-to-item", "u", frame.jumped_to);
  WAIT_FOR (frame.painted);
  g_signal_handler_disconnect (clock, handler);
  g_signal_handler_disconnect (clock, begins);
  g_assert_cmpuint (frame.on_screen, >, 5);
  g_assert_cmpuint (frame.shown_unread, ==, 0);
  g_assert_cmpuint (frame.in_frame, <=, 2 * 64);

  /* Then the rest, when the main loop is idle: every row read, a page at a time. */
  WAIT_FOR (joinery_list_rows_get_n_unread (JOINERY_LIST_ROWS (f->rows)) == 0);
  g_assert_cmpuint (joinery_list_model_get_rows_read (f->model) - read, >=, frame.read - read + frame.unread);
  for (guint p = 1900; p < 2100; p++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (f->rows, p);
      JoineryRecord *record = joinery_list_row_peek_record (JOINERY_LIST_ROW (row));

      if (record != NULL)
        g_assert_cmpint (joinery_record_get_id (record), ==, joinery_list_model_get_id (f->model, p));
    }

  /* A sort in place: the rows take their new records unread, and the
   * frame after has the rows on screen read. */
  joinery_record_list_sort_by (f->list, "email", FALSE);
  wait_for_rows (f);
  WAIT_FOR (joinery_list_rows_get_n_unread (JOINERY_LIST_ROWS (f->rows)) == 0);
  for (guint p = 1900; p < 2100; p++)
    if (row_in_view (f, p))
      {
        g_autoptr(GObject) row = g_list_model_get_item (f->rows, p);
        JoineryRecord *record = joinery_list_row_peek_record (JOINERY_LIST_ROW (row));

        g_assert_nonnull (record);
        g_assert_cmpint (joinery_record_get_id (record), ==, joinery_list_model_get_id (f->model, p));
        g_assert_true (shows_text (GTK_WIDGET (f->list), joinery_record_get_text (record, "name")));
      }
}

typedef struct {
  JoineryRecordList *list;
  gboolean           painted;
  guint              said;      /* rows the view had at its first frame with cells */
  guint              row_widgets;
} FirstLaunchFrame;

static void
launch_after_paint_cb (GdkFrameClock *clock, FirstLaunchFrame *frame)
{
  GtkWidget *view = joinery_gui_find_list_view (GTK_WIDGET (joinery_record_list_get_column_view (frame->list)));
  GtkSelectionModel *selection = gtk_column_view_get_model (joinery_record_list_get_column_view (frame->list));

  if (frame->painted || count_inscriptions (view) == 0)
    return;
  frame->painted = TRUE;
  frame->said = g_list_model_get_n_items (G_LIST_MODEL (selection));
  for (GtkWidget *c = gtk_widget_get_first_child (view); c != NULL; c = gtk_widget_get_next_sibling (c))
    frame->row_widgets += count_inscriptions (c) > 0;
}

static void
test_first_frame_a_screen (void)
{
  g_autoptr(GError) error = NULL;
  JoineryTestDb *tdb = joinery_test_db_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  FirstLaunchFrame frame = { NULL, FALSE, 0, 0 };
  GtkSelectionModel *selection;
  GtkWidget *view;
  guint rows = 0;

  g_assert_true (joinery_generate (tdb->db, PEOPLE, 5, NULL, NULL, &error));
  g_assert_no_error (error);
  gtk_window_set_default_size (window, 900, 600);
  frame.list = joinery_record_list_new (tdb->db, joinery_kind_lookup ("person"));
  gtk_window_set_child (window, GTK_WIDGET (frame.list));
  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect_after (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                          G_CALLBACK (launch_after_paint_cb), &frame);
  gtk_window_present (window);

  /* The first frame with rows: the view has the rows its window has room
   * for (600 px, 20 px the least a row takes: 31), not the 200 GTK makes
   * widgets for; then all of them. */
  WAIT_FOR (frame.painted);
  g_assert_cmpuint (frame.said, ==, 600 / 20 + 1);
  g_assert_cmpuint (frame.row_widgets, <=, 600 / 20 + 1);
  g_assert_cmpuint (frame.row_widgets, >, 5);
  selection = gtk_column_view_get_model (joinery_record_list_get_column_view (frame.list));
  WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (selection)) == PEOPLE);
  view = joinery_gui_find_list_view (GTK_WIDGET (joinery_record_list_get_column_view (frame.list)));
  spin (100);
  for (GtkWidget *c = gtk_widget_get_first_child (view); c != NULL; c = gtk_widget_get_next_sibling (c))
    rows += count_inscriptions (c) > 0;
  g_assert_cmpuint (rows, >, 64);

  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (GTK_WIDGET (window)), &frame);
  gtk_window_destroy (window);
  spin (20);
  joinery_test_db_free (tdb);
}

/* A limit on the rows said to the view may be raised (the rows it now
 * allows are said), not lowered; lifted, every row is said. */
static void
test_limit_raised (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryListRows) rows = joinery_list_rows_new (f->model);
  g_autoptr(GArray) said = g_array_new (FALSE, FALSE, sizeof (Signal));
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->model));

  joinery_list_rows_set_limit (rows, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 0);
  g_signal_connect (rows, "items-changed", G_CALLBACK (record_signal_cb), said);
  joinery_list_rows_set_limit (rows, 31);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 31);
  joinery_list_rows_set_limit (rows, 40);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 40);
  text = signals_string (said);
  g_assert_cmpstr (text, ==, "0,0,31 31,0,9");

  /* The rows shown are those of the model. */
  {
    g_autoptr(GObject) row = g_list_model_get_item (G_LIST_MODEL (rows), 39);
    JoineryRecord *record = joinery_list_row_get_record (JOINERY_LIST_ROW (row));

    g_assert_cmpint (joinery_record_get_id (record), ==, joinery_list_model_get_id (f->model, 39));
  }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (rows), 40));

  joinery_list_rows_show_all (rows);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, n);
  g_free (text);
  text = signals_string (said);
  {
    g_autofree char *expected = g_strdup_printf ("40,0,%u", n - 40);
    g_assert_cmpstr (text, ==, expected);
  }
}

/* The rows' show function, logging "cell:data:id" for each call. */
static void
log_show_cb (gpointer cell, gconstpointer cell_data, JoineryRecord *record, gpointer user_data)
{
  g_string_append_printf (user_data, "%s%s:%s:%" G_GINT64_FORMAT, ((GString *) user_data)->len > 0 ? " " : "",
                          (const char *) cell, (const char *) cell_data, joinery_record_get_id (record));
}

/* Every row given its record after a sort, by the caller's read. */
static void
sort_and_read (Fixture *f, JoineryListRows *rows, gboolean descending)
{
  joinery_record_list_sort_by (f->list, "name", descending);
  wait_for_rows (f);
  joinery_list_rows_read (rows, 0, G_MAXUINT, G_MAXUINT);
  g_assert_cmpuint (joinery_list_rows_get_n_unread (rows), ==, 0);
}

/* A row's record arriving (read, or another in its place) is shown in
 * exactly the cells bound to it, each with its own data, once; a cell
 * removed (unbound, recycled for another row) no longer follows the row. */
static void
test_row_tells_its_cells (Fixture *f, gconstpointer data)
{
  g_autoptr(JoineryListRows) rows = joinery_list_rows_new (f->model);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GObject) ten = NULL;
  g_autoptr(GObject) eleven = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GString) many = g_string_new (NULL);
  char *names[20];

  joinery_list_rows_set_show_func (rows, log_show_cb, log);
  ten = g_list_model_get_item (G_LIST_MODEL (rows), 10);
  eleven = g_list_model_get_item (G_LIST_MODEL (rows), 11);
  joinery_list_row_add_cell (JOINERY_LIST_ROW (ten), "c1", "name");
  joinery_list_row_add_cell (JOINERY_LIST_ROW (ten), "c2", "email");
  joinery_list_row_add_cell (JOINERY_LIST_ROW (eleven), "c3", "name");
  g_assert_cmpuint (joinery_list_row_get_n_cells (JOINERY_LIST_ROW (ten)), ==, 2);
  g_assert_cmpstr (log->str, ==, "");

  /* Sorted the other way: each row's new record, in its own cells only. */
  sort_and_read (f, rows, TRUE);
  expected = g_strdup_printf ("c1:name:%" G_GINT64_FORMAT " c2:email:%" G_GINT64_FORMAT " c3:name:%" G_GINT64_FORMAT,
                              joinery_list_model_get_id (f->model, 10), joinery_list_model_get_id (f->model, 10),
                              joinery_list_model_get_id (f->model, 11));
  g_assert_cmpstr (log->str, ==, expected);
  g_assert_cmpint (joinery_record_get_id (joinery_list_row_peek_record (JOINERY_LIST_ROW (ten))), ==,
                   joinery_list_model_get_id (f->model, 10));

  /* c2 recycled: out of row 10's cells, into row 11's. */
  g_string_truncate (log, 0);
  joinery_list_row_remove_cell (JOINERY_LIST_ROW (ten), "c2");
  joinery_list_row_add_cell (JOINERY_LIST_ROW (eleven), "c2", "email");
  g_assert_cmpuint (joinery_list_row_get_n_cells (JOINERY_LIST_ROW (ten)), ==, 1);
  g_assert_cmpuint (joinery_list_row_get_n_cells (JOINERY_LIST_ROW (eleven)), ==, 2);
  sort_and_read (f, rows, FALSE);
  g_free (expected);
  expected = g_strdup_printf ("c1:name:%" G_GINT64_FORMAT " c3:name:%" G_GINT64_FORMAT " c2:email:%" G_GINT64_FORMAT,
                              joinery_list_model_get_id (f->model, 10), joinery_list_model_get_id (f->model, 11),
                              joinery_list_model_get_id (f->model, 11));
  g_assert_cmpstr (log->str, ==, expected);

  /* All unbound: nothing is told. More cells than a row holds inline
   * (a list of many columns) are all told. */
  g_string_truncate (log, 0);
  joinery_list_row_remove_cell (JOINERY_LIST_ROW (ten), "c1");
  joinery_list_row_remove_cell (JOINERY_LIST_ROW (eleven), "c3");
  joinery_list_row_remove_cell (JOINERY_LIST_ROW (eleven), "c2");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      names[i] = g_strdup_printf ("m%u", i);
      joinery_list_row_add_cell (JOINERY_LIST_ROW (ten), names[i], "x");
    }
  g_assert_cmpuint (joinery_list_row_get_n_cells (JOINERY_LIST_ROW (ten)), ==, G_N_ELEMENTS (names));
  sort_and_read (f, rows, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_string_append_printf (many, "%sm%u:x:%" G_GINT64_FORMAT, i > 0 ? " " : "", i,
                            joinery_list_model_get_id (f->model, 10));
  g_assert_cmpstr (log->str, ==, many->str);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      joinery_list_row_remove_cell (JOINERY_LIST_ROW (ten), names[i]);
      g_free (names[i]);
    }
  g_assert_cmpuint (joinery_list_row_get_n_cells (JOINERY_LIST_ROW (ten)), ==, 0);
}

/* In the window: each row GTK binds holds one cell a column shown, and a
 * row GTK no longer shows (after a jump far away) holds none. (Not the
 * first: GTK keeps the focused row's widgets.) */
static void
test_bound_rows_hold_their_cells (Fixture *f, gconstpointer data)
{
  GListModel *columns = gtk_column_view_get_columns (joinery_record_list_get_column_view (f->list));
  g_autoptr(GObject) left = g_list_model_get_item (f->rows, 20);
  guint checked = 0;

  g_assert_cmpuint (joinery_list_row_get_n_cells (JOINERY_LIST_ROW (left)), ==, g_list_model_get_n_items (columns));
  gtk_widget_activate_action (rows_view (f), "list.scroll-to-item", "u", 2000);
  WAIT_FOR (row_in_view (f, 2000));
  WAIT_FOR (joinery_list_rows_get_n_unread (JOINERY_LIST_ROWS (f->rows)) == 0);
  g_assert_cmpuint (joinery_list_row_get_n_cells (JOINERY_LIST_ROW (left)), ==, 0);
  for (guint p = 1950; p < 2050; p++)
    if (row_in_view (f, p))
      {
        g_autoptr(GObject) row = g_list_model_get_item (f->rows, p);
        JoineryRecord *record = joinery_list_row_peek_record (JOINERY_LIST_ROW (row));

        g_assert_cmpuint (joinery_list_row_get_n_cells (JOINERY_LIST_ROW (row)), ==,
                          g_list_model_get_n_items (columns));
        g_assert_true (shows_text (GTK_WIDGET (f->list), joinery_record_get_text (record, "name")));
        checked++;
      }
  g_assert_cmpuint (checked, >, 5);
}

int
main (int argc, char **argv)
{
  g_setenv ("JOINERY_TODAY", "2026-06-01", TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  g_type_class_ref (GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY);
  g_signal_add_emission_hook (g_signal_lookup ("setup", GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY), 0, setup_hook,
                              NULL, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/list-rows/sort-in-place", test_sort_in_place);
  ADD ("/gui/list-rows/selection-kept-across-sort", test_selection_kept_across_sort);
  ADD ("/gui/list-rows/search-changes-the-tail", test_search_changes_the_tail);
  ADD ("/gui/list-rows/small-change-passed-on", test_small_change_passed_on);
  ADD ("/gui/list-rows/hidden-column-no-cells", test_hidden_column_no_cells);
  ADD ("/gui/list-rows/visible-rows-read-first", test_visible_rows_read_first);
  ADD ("/gui/list-rows/limit-raised", test_limit_raised);
  ADD ("/gui/list-rows/row-tells-its-cells", test_row_tells_its_cells);
  ADD ("/gui/list-rows/bound-rows-hold-their-cells", test_bound_rows_hold_their_cells);
  g_test_add_func ("/gui/list-rows/first-frame-a-screen", test_first_frame_a_screen);
#undef ADD
  return g_test_run ();
}
