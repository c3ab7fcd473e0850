/* test-core-list-model.c: JoineryListModel without a display — its count
 * and items, sorting, filters and search in SQL (the same rows in the same
 * order as `joinery list`), the exact items-changed signals that follow
 * creates, updates, deletes, undo and redo, the pages it reads, and its
 * background mode.
 *
 * Every test that watches signals keeps a mirror of the ids, changed only
 * by what the signals say; it must equal the model's ids at the end, so a
 * signal that says the wrong thing fails even where the test does not
 * spell each one out.
 */
#include "joinery-test-util.h"
#include "joinery-generate.h"
#include "joinery-list-model.h"
#include "joinery-background.h"
#include "joinery-db-private.h"

#include <string.h>

#define PAGE 64 /* rows the model reads at a time (JOINERY_PAGE_SIZE) */

/* Helpers */

static const JoineryKind *
kind (const char *name)
{
  const JoineryKind *k = joinery_kind_lookup (name);

  g_assert_nonnull (k);
  return k;
}

typedef struct {
  guint position, removed, added;
} Signal;

typedef struct {
  JoineryListModel *model;
  GArray           *signals;  /* Signal */
  GArray           *mirror;   /* gint64: the ids as the signals told them */
  guint             n_notify;
} Watch;

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  Watch *watch = data;
  Signal signal = { position, removed, added };

  g_array_append_val (watch->signals, signal);
  /* The model must already be in its new state when it says so. */
  g_assert_cmpuint (position + added, <=, g_list_model_get_n_items (model));
  g_assert_cmpuint (position + removed, <=, watch->mirror->len);
  g_array_remove_range (watch->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      gint64 id = joinery_list_model_get_id (JOINERY_LIST_MODEL (model), position + i);
      g_array_insert_val (watch->mirror, position + i, id);
    }
  /* As a view does for the rows it shows: read them again. */
  for (guint i = 0; i < MIN (added, 50); i++)
    {
      g_autoptr(JoineryRecord) item = g_list_model_get_item (model, position + i);
      g_assert_cmpint (joinery_record_get_id (item), ==,
                       joinery_list_model_get_id (JOINERY_LIST_MODEL (model), position + i));
    }
  g_assert_cmpuint (watch->mirror->len, ==, g_list_model_get_n_items (model));
}

static void
n_items_notify_cb (GObject *object, GParamSpec *pspec, gpointer data)
{
  Watch *watch = data;
  watch->n_notify++;
}

static void
watch_start (Watch *watch, JoineryListModel *model)
{
  watch->model = model;
  watch->signals = g_array_new (FALSE, FALSE, sizeof (Signal));
  watch->mirror = g_array_new (FALSE, FALSE, sizeof (gint64));
  watch->n_notify = 0;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      gint64 id = joinery_list_model_get_id (model, i);
      g_array_append_val (watch->mirror, id);
    }
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), watch);
  g_signal_connect (model, "notify::n-items", G_CALLBACK (n_items_notify_cb), watch);
}

/* The mirror equals the model, then the signals since the last call are
 * exactly `expected` ("p,r,a p,r,a…", "" for none). */
static void
watch_assert (Watch *watch, const char *expected)
{
  g_autoptr(GString) got = g_string_new (NULL);

  g_assert_cmpuint (watch->mirror->len, ==, g_list_model_get_n_items (G_LIST_MODEL (watch->model)));
  for (guint i = 0; i < watch->mirror->len; i++)
    g_assert_cmpint (g_array_index (watch->mirror, gint64, i), ==,
                     joinery_list_model_get_id (watch->model, i));
  for (guint i = 0; i < watch->signals->len; i++)
    {
      Signal *s = &g_array_index (watch->signals, Signal, i);
      g_string_append_printf (got, "%s%u,%u,%u", i > 0 ? " " : "", s->position, s->removed, s->added);
    }
  g_assert_cmpstr (got->str, ==, expected);
  g_array_set_size (watch->signals, 0);
}

static void
watch_stop (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->model, watch);
  g_array_unref (watch->signals);
  g_array_unref (watch->mirror);
}

/* The ids `joinery list` gives for the same query. */
static GArray *
list_ids (JoineryDb *db, const JoineryKind *k, const char * const *filters, const char *search,
          const char *sort, gboolean descending)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryQuery) query = joinery_query_new (k);
  g_autoptr(GPtrArray) records = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; filters != NULL && filters[i] != NULL; i++)
    {
      g_assert_true (joinery_query_parse_filter (query, filters[i], &error));
      g_assert_no_error (error);
    }
  joinery_query_set_search (query, search);
  if (sort != NULL)
    g_assert_true (joinery_query_set_sort (query, sort, descending, &error));
  records = joinery_db_list (db, k, query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      gint64 id = joinery_record_get_id (records->pdata[i]);
      g_array_append_val (ids, id);
    }
  return ids;
}

static void
assert_model_ids (JoineryListModel *model, GArray *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (joinery_list_model_get_id (model, i), ==, g_array_index (expected, gint64, i));
}

/* The model's rows in the order `joinery list` gives them, and each item
 * the record at its position. */
static void
assert_model_lists (JoineryListModel *model, const char * const *filters, const char *search,
                    const char *sort, gboolean descending)
{
  g_autoptr(GArray) expected = list_ids (joinery_list_model_get_db (model),
                                         joinery_list_model_get_kind (model), filters, search, sort,
                                         descending);

  assert_model_ids (model, expected);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (joinery_record_get_id (item), ==, g_array_index (expected, gint64, i));
    }
}

/* The label of the item at `position`. */
static char *
label_at (JoineryListModel *model, guint position)
{
  g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (item);
  return g_strdup (joinery_record_get_label (item));
}

static void
rename_record (JoineryDb *db, const char *kind_name, gint64 id, const char *field, const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) record = joinery_db_get (db, kind (kind_name), id, &error);

  g_assert_no_error (error);
  g_assert_true (joinery_db_set_from_string (db, record, field, value, &error));
  g_assert_no_error (error);
  g_assert_true (joinery_db_update (db, record, &error));
  g_assert_no_error (error);
}

/* People named `names`, in one change group, working for `organisation`
 * (0 for none); their ids in `ids` when not NULL. */
static void
add_people (JoineryDb *db, const char * const *names, gint64 organisation, GArray *ids)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (joinery_db_begin (db, "Add people", JOINERY_GROUP_DEFAULT, &error));
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(JoineryRecord) person = joinery_record_new (kind ("person"));
      g_autofree char *email = g_strdup_printf ("person%u@example.org", i);
      gint64 id;

      joinery_record_set_text (person, "name", names[i]);
      joinery_record_set_text (person, "email", email);
      if (organisation != 0)
        joinery_record_set_integer (person, "organisation", organisation);
      g_assert_true (joinery_db_create (db, person, &error));
      g_assert_no_error (error);
      id = joinery_record_get_id (person);
      if (ids != NULL)
        g_array_append_val (ids, id);
    }
  g_assert_true (joinery_db_commit (db, &error));
  g_assert_no_error (error);
}

static void
wait_loaded (JoineryListModel *model)
{
  gint64 until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (joinery_list_model_get_loading (model))
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, until);
    }
}

/* Tests */

static void
test_count_and_items (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(JoineryRecord) first = NULL;
  g_autoptr(JoineryRecord) again = NULL;
  g_autoptr(JoineryRecord) last = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char * const names[] = { "carol", "Alice", "bob", "Dave", "alice", NULL };
  gint64 org;

  org = joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  add_people (tdb->db, names, org, ids);

  model = joinery_list_model_new (tdb->db, kind ("person"));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == JOINERY_TYPE_RECORD);
  g_assert_true (joinery_list_model_get_db (model) == tdb->db);
  g_assert_true (joinery_list_model_get_kind (model) == kind ("person"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_null (joinery_list_model_get_search (model));
  g_assert_null (joinery_list_model_get_sort_field (model));
  g_assert_false (joinery_list_model_get_sort_descending (model));
  g_assert_false (joinery_list_model_get_background (model));
  g_assert_false (joinery_list_model_get_loading (model));

  /* By name, whatever the case; equal names by id. */
  {
    const char *expected[] = { "Alice", "alice", "bob", "carol", "Dave" };
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autofree char *label = label_at (model, i);
        g_assert_cmpstr (label, ==, expected[i]);
      }
  }
  assert_model_lists (model, NULL, NULL, NULL, FALSE);

  /* Items are the records as joinery_db_get() reads them. */
  last = g_list_model_get_item (G_LIST_MODEL (model), 4);
  g_assert_cmpint (joinery_record_get_id (last), ==, g_array_index (ids, gint64, 3));
  g_assert_cmpstr (joinery_record_get_text (last, "name"), ==, "Dave");
  g_assert_cmpstr (joinery_record_get_text (last, "email"), ==, "person3@example.org");
  g_assert_cmpint (joinery_record_get_integer (last, "organisation"), ==, org);
  g_assert_cmpstr (joinery_record_get_reference_label (last, "organisation"), ==, "Leeds City Council");
  g_assert_nonnull (joinery_record_get_created_at (last));
  g_assert_nonnull (joinery_record_get_updated_at (last));

  /* The same object while it is kept; nothing past the end. */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  again = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (first == again);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 5));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), G_MAXUINT));

  /* Ids and positions without reading records. */
  g_assert_cmpint (joinery_list_model_get_id (model, 0), ==, g_array_index (ids, gint64, 1));
  g_assert_cmpint (joinery_list_model_get_id (model, 5), ==, 0);
  g_assert_cmpuint (joinery_list_model_find (model, g_array_index (ids, gint64, 0)), ==, 3);
  g_assert_cmpuint (joinery_list_model_find (model, 999999), ==, G_MAXUINT);
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, 5);
}

static void
test_empty (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = joinery_list_model_new (tdb->db, kind ("grant"));
  g_autoptr(GError) error = NULL;
  guint n = 1;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
  g_assert_cmpint (joinery_list_model_get_id (model, 0), ==, 0);
  g_object_get (model, "n-items", &n, NULL);
  g_assert_cmpuint (n, ==, 0);
  joinery_list_model_set_search (model, "anything");
  g_assert_true (joinery_list_model_set_sort (model, "amount_awarded", TRUE, &error));
  g_assert_no_error (error);
  joinery_list_model_reload (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, 0);
}

static void
test_sort (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  const char * const names[] = { "Carol", "alice", "Bob", "dave", "Erin", "frank", NULL };
  g_autofree char *sort = NULL;
  gboolean descending = FALSE;
  gint64 bradford;
  Watch watch;

  bradford = joinery_test_create (tdb->db, "organisation", "name", "Bradford Council", "kind", "council",
                                  NULL);
  joinery_test_create (tdb->db, "organisation", "name", "Aire Trust", "kind", "voluntary", NULL);
  add_people (tdb->db, names, bradford, NULL);
  joinery_test_create (tdb->db, "person", "name", "Gail", "organisation", "Aire Trust",
                       "job_title", "Nurse", NULL);
  joinery_test_create (tdb->db, "person", "name", "Hal", "job_title", "Clerk", NULL);

  model = joinery_list_model_new (tdb->db, kind ("person"));
  watch_start (&watch, model);

  g_assert_true (joinery_list_model_set_sort (model, "name", TRUE, &error));
  g_assert_no_error (error);
  assert_model_lists (model, NULL, NULL, "name", TRUE);
  g_assert_cmpstr (joinery_list_model_get_sort_field (model), ==, "name");
  g_assert_true (joinery_list_model_get_sort_descending (model));
  g_object_get (model, "sort-field", &sort, "sort-descending", &descending, NULL);
  g_assert_cmpstr (sort, ==, "name");
  g_assert_true (descending);
  /* Reversed: every row but none of the ends stays. */
  watch_assert (&watch, "0,8,8");

  /* The same order again says nothing. */
  g_assert_true (joinery_list_model_set_sort (model, "name", TRUE, &error));
  watch_assert (&watch, "");

  /* By a reference: by the name people see, empty first. */
  g_assert_true (joinery_list_model_set_sort (model, "organisation", FALSE, &error));
  g_assert_no_error (error);
  assert_model_lists (model, NULL, NULL, "organisation", FALSE);
  {
    g_autofree char *label0 = label_at (model, 0);
    g_autofree char *label1 = label_at (model, 1);
    g_assert_cmpstr (label0, ==, "Hal");
    g_assert_cmpstr (label1, ==, "Gail");
  }
  g_assert_true (joinery_list_model_set_sort (model, "organisation", TRUE, &error));
  assert_model_lists (model, NULL, NULL, "organisation", TRUE);
  {
    g_autofree char *label0 = label_at (model, 0);
    g_autofree char *label6 = label_at (model, 6);
    g_autofree char *label7 = label_at (model, 7);
    /* Bradford's people, the last of them by id first; then Aire's; then none. */
    g_assert_cmpstr (label0, ==, "frank");
    g_assert_cmpstr (label6, ==, "Gail");
    g_assert_cmpstr (label7, ==, "Hal");
  }
  g_assert_true (joinery_list_model_set_sort (model, "job_title", TRUE, &error));
  assert_model_lists (model, NULL, NULL, "job_title", TRUE);
  g_assert_true (joinery_list_model_set_sort (model, "id", TRUE, &error));
  assert_model_lists (model, NULL, NULL, "id", TRUE);
  g_assert_true (joinery_list_model_set_sort (model, "created_at", FALSE, &error));
  assert_model_lists (model, NULL, NULL, "created_at", FALSE);

  /* An unknown field is refused and changes nothing. */
  g_array_set_size (watch.signals, 0);
  g_assert_false (joinery_list_model_set_sort (model, "shoe_size", FALSE, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD);
  g_assert_nonnull (strstr (error->message, "shoe_size"));
  g_clear_error (&error);
  g_assert_cmpstr (joinery_list_model_get_sort_field (model), ==, "created_at");
  assert_model_lists (model, NULL, NULL, "created_at", FALSE);
  watch_assert (&watch, "");

  /* Back to the kind's own order. */
  g_assert_true (joinery_list_model_set_sort (model, NULL, TRUE, &error));
  g_assert_null (joinery_list_model_get_sort_field (model));
  g_assert_false (joinery_list_model_get_sort_descending (model));
  assert_model_lists (model, NULL, NULL, NULL, FALSE);
  g_array_set_size (watch.signals, 0);
  watch_assert (&watch, "");
  watch_stop (&watch);
}

static void
test_filter (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  const char * const by_org[] = { "organisation=Leeds City Council", NULL };
  const char * const two[] = { "organisation=Leeds City Council", "name~a", NULL };
  const char * const bad_value[] = { "consent_recorded_on>=31/31/2020", NULL };
  const char * const bad_field[] = { "shoe_size=9", NULL };
  const char * const bad_syntax[] = { "name", NULL };
  const char * const empty[] = { NULL };
  const char * const awarded[] = { "status=awarded", "amount_awarded>=1,000", NULL };
  gint64 leeds, round;
  Watch watch;

  leeds = joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council",
                               NULL);
  joinery_test_create (tdb->db, "organisation", "name", "York Trust", "kind", "voluntary", NULL);
  joinery_test_create (tdb->db, "person", "name", "Ann", "organisation", "Leeds City Council", NULL);
  joinery_test_create (tdb->db, "person", "name", "Ben", "organisation", "York Trust", NULL);
  joinery_test_create (tdb->db, "person", "name", "Cat", "organisation", "Leeds City Council", NULL);
  joinery_test_create (tdb->db, "person", "name", "Dan", NULL);

  model = joinery_list_model_new (tdb->db, kind ("person"));
  watch_start (&watch, model);
  g_assert_true (joinery_list_model_set_filters (model, by_org, &error));
  g_assert_no_error (error);
  assert_model_lists (model, by_org, NULL, NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  watch_assert (&watch, "1,3,1");

  g_assert_true (joinery_list_model_set_filters (model, two, &error));
  assert_model_lists (model, two, NULL, NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  watch_assert (&watch, "");

  /* Bad filters: refused with the field named, the rows unchanged. */
  g_assert_false (joinery_list_model_set_filters (model, bad_value, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "onsent"));
  g_clear_error (&error);
  g_assert_false (joinery_list_model_set_filters (model, bad_field, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD);
  g_assert_nonnull (strstr (error->message, "shoe_size"));
  g_clear_error (&error);
  g_assert_false (joinery_list_model_set_filters (model, bad_syntax, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);
  assert_model_lists (model, two, NULL, NULL, FALSE);
  watch_assert (&watch, "");

  /* A record named in a filter, renamed: the filter still means it. */
  rename_record (tdb->db, "organisation", leeds, "name", "Leeds Council");
  joinery_list_model_set_search (model, "a");
  {
    g_autofree char *leeds_filter = g_strdup_printf ("organisation=%" G_GINT64_FORMAT, leeds);
    const char * const by_id[] = { leeds_filter, NULL };
    assert_model_lists (model, by_id, "a", NULL, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
    joinery_list_model_set_search (model, NULL);
    assert_model_lists (model, by_id, NULL, NULL, FALSE);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_array_set_size (watch.signals, 0);

  /* An empty list of filters is none. */
  g_assert_true (joinery_list_model_set_filters (model, empty, &error));
  assert_model_lists (model, NULL, NULL, NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  watch_assert (&watch, "1,1,3");
  g_assert_true (joinery_list_model_set_filters (model, NULL, &error));
  watch_assert (&watch, "");
  watch_stop (&watch);

  /* Money in pounds and choices, as the command line reads them. */
  joinery_test_create (tdb->db, "fund", "name", "Better Care", "funder", "Leeds Council", NULL);
  round = joinery_test_create (tdb->db, "round", "fund", "Better Care", "name", "Round 1",
                               "opens_on", "2020-01-01", NULL);
  {
    g_autofree char *round_text = g_strdup_printf ("%" G_GINT64_FORMAT, round);
    g_autoptr(JoineryListModel) grants = NULL;

    joinery_test_create (tdb->db, "grant", "title", "Small", "round", round_text, "applicant",
                         "York Trust", "status", "awarded", "amount_requested", "500",
                         "amount_awarded", "500", "awarded_on", "2020-03-01", NULL);
    joinery_test_create (tdb->db, "grant", "title", "Large", "round", round_text, "applicant",
                         "York Trust", "status", "awarded", "amount_requested", "5000",
                         "amount_awarded", "2,500.50", "awarded_on", "2020-03-01", NULL);
    joinery_test_create (tdb->db, "grant", "title", "Asked", "round", round_text, "applicant",
                         "York Trust", "status", "submitted", "amount_requested", "9000", NULL);
    grants = joinery_list_model_new (tdb->db, kind ("grant"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (grants)), ==, 3);
    g_assert_true (joinery_list_model_set_filters (grants, awarded, &error));
    g_assert_no_error (error);
    assert_model_lists (grants, awarded, NULL, NULL, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (grants)), ==, 1);
    {
      g_autofree char *label = label_at (grants, 0);
      g_assert_cmpstr (label, ==, "Large");
    }
  }
}

static void
test_search (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  const char * const leeds_only[] = { "organisation=Leeds City Council", NULL };
  g_autofree char *search = NULL;
  Watch watch;

  joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  joinery_test_create (tdb->db, "person", "name", "Ruth Ridgestone", "job_title", "Nurse", NULL);
  joinery_test_create (tdb->db, "person", "name", "Ria Bell", "job_title", "Ridge walker",
                       "organisation", "Leeds City Council", NULL);
  joinery_test_create (tdb->db, "person", "name", "Rob Ridley", NULL);
  joinery_test_create (tdb->db, "person", "name", "Sam Stone", "job_title", "Clerk", NULL);
  /* An organisation that matches is not a person. */
  joinery_test_create (tdb->db, "organisation", "name", "Ridgeway Trust", "kind", "voluntary", NULL);

  model = joinery_list_model_new (tdb->db, kind ("person"));
  watch_start (&watch, model);

  joinery_list_model_set_search (model, "r");
  assert_model_lists (model, NULL, "r", NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_cmpstr (joinery_list_model_get_search (model), ==, "r");
  g_object_get (model, "search", &search, NULL);
  g_assert_cmpstr (search, ==, "r");
  watch_assert (&watch, "3,1,0");

  /* As you type, prefix by prefix: any field, any case. */
  joinery_list_model_set_search (model, "RI");
  assert_model_lists (model, NULL, "RI", NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  joinery_list_model_set_search (model, "ridg");
  assert_model_lists (model, NULL, "ridg", NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  joinery_list_model_set_search (model, "ridgest");
  assert_model_lists (model, NULL, "ridgest", NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  {
    g_autofree char *label = label_at (model, 0);
    g_assert_cmpstr (label, ==, "Ruth Ridgestone");
  }
  /* All the words must match; a search and filters together. */
  joinery_list_model_set_search (model, "ridge walker");
  assert_model_lists (model, NULL, "ridge walker", NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_true (joinery_list_model_set_filters (model, leeds_only, &error));
  joinery_list_model_set_search (model, "r");
  assert_model_lists (model, leeds_only, "r", NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_true (joinery_list_model_set_filters (model, NULL, &error));

  /* Nothing matches, or nothing that is a word: no rows, no error. */
  joinery_list_model_set_search (model, "zzz");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  joinery_list_model_set_search (model, "\"*) OR (");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* Cleared: every row again. */
  joinery_list_model_set_search (model, "");
  g_assert_null (joinery_list_model_get_search (model));
  assert_model_lists (model, NULL, NULL, NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  g_array_set_size (watch.signals, 0);
  watch_assert (&watch, "");

  /* Search and sort together. */
  joinery_list_model_set_search (model, "ri");
  g_assert_true (joinery_list_model_set_sort (model, "job_title", TRUE, &error));
  assert_model_lists (model, NULL, "ri", "job_title", TRUE);
  g_array_set_size (watch.signals, 0);
  watch_stop (&watch);
}

/* Searching as one types keeps the list without the search, to search in
 * (see joinery-list-model.c): whatever the path, each step lists what
 * `joinery list` lists. */
static void
test_search_as_you_type (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char * const nurses[] = { "job_title=Nurse", NULL };
  const char * const typed[] = { "r", "ri", "rid", "ridg", "ridge", "ridges", "ridgest" };
  gint64 id;
  Watch watch;

  for (guint i = 0; i < 300; i++)
    g_ptr_array_add (names, g_strdup_printf ("%s %s %03u", i % 2 ? "Ruth" : "Sam",
                                             i % 3 ? "Ridgestone" : "Stone", i));
  g_ptr_array_add (names, NULL);
  add_people (tdb->db, (const char * const *) names->pdata, 0, NULL);
  model = joinery_list_model_new (tdb->db, kind ("person"));
  g_assert_true (joinery_list_model_set_sort (model, "name", TRUE, &error));
  watch_start (&watch, model);

  for (guint round = 0; round < 2; round++)
    {
      for (guint k = 0; k < G_N_ELEMENTS (typed); k++)
        {
          joinery_list_model_set_search (model, typed[k]);
          assert_model_lists (model, NULL, typed[k], "name", TRUE);
        }
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 200);
      /* Back, a word at a time, and words that are not words. */
      joinery_list_model_set_search (model, "ridgestone sa");
      assert_model_lists (model, NULL, "ridgestone sa", "name", TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
      joinery_list_model_set_search (model, "*) (");
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
      joinery_list_model_set_search (model, "r");
      assert_model_lists (model, NULL, "r", "name", TRUE);
      joinery_list_model_set_search (model, NULL);
      assert_model_lists (model, NULL, NULL, "name", TRUE);
    }

  /* A change while searching: the search follows it, and the next
   * keystrokes see it. */
  joinery_list_model_set_search (model, "rid");
  id = joinery_test_create (tdb->db, "person", "name", "Rida Moss", NULL);
  assert_model_lists (model, NULL, "rid", "name", TRUE);
  joinery_list_model_set_search (model, "ridg");
  assert_model_lists (model, NULL, "ridg", "name", TRUE);
  rename_record (tdb->db, "person", id, "name", "Ridge Moss");
  joinery_list_model_set_search (model, "ridge");
  assert_model_lists (model, NULL, "ridge", "name", TRUE);
  g_assert_cmpuint (joinery_list_model_find (model, id), !=, G_MAXUINT);
  joinery_list_model_set_search (model, NULL);
  assert_model_lists (model, NULL, NULL, "name", TRUE);

  /* Filters and another order while searching. */
  joinery_list_model_set_search (model, "ri");
  rename_record (tdb->db, "person", id, "job_title", "Nurse");
  g_assert_true (joinery_list_model_set_filters (model, nurses, &error));
  assert_model_lists (model, nurses, "ri", "name", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_true (joinery_list_model_set_filters (model, NULL, &error));
  g_assert_true (joinery_list_model_set_sort (model, "email", FALSE, &error));
  joinery_list_model_set_search (model, "ridgesto");
  assert_model_lists (model, NULL, "ridgesto", "email", FALSE);
  joinery_list_model_set_search (model, NULL);
  joinery_list_model_set_search (model, "ridgesto");
  assert_model_lists (model, NULL, "ridgesto", "email", FALSE);
  joinery_list_model_reload (model);
  assert_model_lists (model, NULL, "ridgesto", "email", FALSE);
  joinery_list_model_set_search (model, "s");
  assert_model_lists (model, NULL, "s", "email", FALSE);
  g_array_set_size (watch.signals, 0);
  watch_assert (&watch, "");
  watch_stop (&watch);
}

static void
test_changes (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char * const names[] = { "Alice", "Carol", "Erin", NULL };
  gint64 bob, dave;
  Watch watch;

  add_people (tdb->db, names, 0, ids);
  model = joinery_list_model_new (tdb->db, kind ("person"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  watch_start (&watch, model);

  /* Created: into its place. */
  bob = joinery_test_create (tdb->db, "person", "name", "Bob", NULL);
  watch_assert (&watch, "1,0,1");
  g_assert_cmpuint (watch.n_notify, ==, 1);
  g_assert_cmpuint (joinery_list_model_find (model, bob), ==, 1);
  dave = joinery_test_create (tdb->db, "person", "name", "Dave", NULL);
  watch_assert (&watch, "3,0,1");
  joinery_test_create (tdb->db, "person", "name", "Aaron", NULL);
  watch_assert (&watch, "0,0,1");
  joinery_test_create (tdb->db, "person", "name", "Zoe", NULL);
  watch_assert (&watch, "6,0,1");
  assert_model_lists (model, NULL, NULL, NULL, FALSE);

  /* Changed without moving: the row again, read afresh. */
  {
    g_autoptr(JoineryRecord) before = g_list_model_get_item (G_LIST_MODEL (model), 2);
    g_autoptr(JoineryRecord) after = NULL;

    g_assert_null (joinery_record_get_text (before, "job_title"));
    rename_record (tdb->db, "person", bob, "job_title", "Porter");
    watch_assert (&watch, "2,1,1");
    after = g_list_model_get_item (G_LIST_MODEL (model), 2);
    g_assert_true (after != before);
    g_assert_cmpstr (joinery_record_get_text (after, "job_title"), ==, "Porter");
  }
  /* Renamed: out of its place, into its new one. */
  rename_record (tdb->db, "person", bob, "name", "Yuri");
  watch_assert (&watch, "2,1,0 5,0,1");
  {
    g_autofree char *label = label_at (model, 5);
    g_assert_cmpstr (label, ==, "Yuri");
  }
  rename_record (tdb->db, "person", bob, "name", "Abe");
  watch_assert (&watch, "5,1,0 1,0,1");
  assert_model_lists (model, NULL, NULL, NULL, FALSE);

  /* Deleted: out. Undone: back in its place. Redone: out again. */
  g_assert_true (joinery_db_delete (tdb->db, kind ("person"), dave, &error));
  g_assert_no_error (error);
  watch_assert (&watch, "4,1,0");
  g_assert_cmpuint (joinery_list_model_find (model, dave), ==, G_MAXUINT);
  g_assert_true (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_no_error (error);
  watch_assert (&watch, "4,0,1");
  g_assert_cmpuint (joinery_list_model_find (model, dave), ==, 4);
  g_assert_true (joinery_db_redo (tdb->db, NULL, &error));
  g_assert_no_error (error);
  watch_assert (&watch, "4,1,0");
  /* The rename undone: back where it was, with the old name. */
  g_assert_true (joinery_db_undo (tdb->db, NULL, &error)); /* the delete */
  watch_assert (&watch, "4,0,1");
  g_assert_true (joinery_db_undo (tdb->db, NULL, &error)); /* Yuri → Abe */
  g_assert_no_error (error);
  watch_assert (&watch, "1,1,0 5,0,1");
  {
    g_autofree char *label = label_at (model, 5);
    g_assert_cmpstr (label, ==, "Yuri");
  }
  assert_model_lists (model, NULL, NULL, NULL, FALSE);

  /* Another kind that the rows do not show: nothing. */
  joinery_test_create (tdb->db, "fund", "name", "Better Care", NULL);
  watch_assert (&watch, "");

  /* Several records in one group: each out, then each into its place. */
  g_assert_true (joinery_db_begin (tdb->db, "Two", JOINERY_GROUP_DEFAULT, &error));
  rename_record (tdb->db, "person", g_array_index (ids, gint64, 0), "name", "Wendy"); /* Alice */
  g_assert_true (joinery_db_delete (tdb->db, kind ("person"), g_array_index (ids, gint64, 2), &error));
  joinery_test_create (tdb->db, "person", "name", "Bea", NULL);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  /* Aaron Alice Carol Dave Erin Yuri Zoe → Aaron Bea Carol Dave Wendy Yuri Zoe */
  watch_assert (&watch, "1,1,0 3,1,0 3,0,1 1,0,1");
  assert_model_lists (model, NULL, NULL, NULL, FALSE);
  watch_stop (&watch);
}

static void
test_changes_filtered (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  const char * const filters[] = { "job_title=Nurse", NULL };
  gint64 ann, ben;
  Watch watch;

  ann = joinery_test_create (tdb->db, "person", "name", "Ann", "job_title", "Nurse", NULL);
  ben = joinery_test_create (tdb->db, "person", "name", "Ben", "job_title", "Clerk", NULL);
  joinery_test_create (tdb->db, "person", "name", "Cy", "job_title", "Nurse", NULL);
  model = joinery_list_model_new (tdb->db, kind ("person"));
  g_assert_true (joinery_list_model_set_filters (model, filters, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  watch_start (&watch, model);

  /* Into the filter, out of it, and created outside it. */
  rename_record (tdb->db, "person", ben, "job_title", "nurse");
  watch_assert (&watch, "1,0,1");
  rename_record (tdb->db, "person", ann, "job_title", "Porter");
  watch_assert (&watch, "0,1,0");
  joinery_test_create (tdb->db, "person", "name", "Al", "job_title", "Porter", NULL);
  watch_assert (&watch, "");
  g_assert_true (joinery_db_delete (tdb->db, kind ("person"), ann, &error));
  watch_assert (&watch, "");
  assert_model_lists (model, filters, NULL, NULL, FALSE);

  /* A search: a changed record enters it by its new words. */
  g_assert_true (joinery_list_model_set_filters (model, NULL, &error));
  joinery_list_model_set_search (model, "porter");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_array_set_size (watch.signals, 0);
  rename_record (tdb->db, "person", ben, "job_title", "Head porter");
  watch_assert (&watch, "1,0,1");
  assert_model_lists (model, NULL, "porter", NULL, FALSE);
  watch_stop (&watch);
}

static void
test_changes_sorted (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ben, dan, org;
  Watch watch;

  joinery_test_create (tdb->db, "person", "name", "Ann", "job_title", "b", NULL);
  ben = joinery_test_create (tdb->db, "person", "name", "Ben", "job_title", "B", NULL);
  joinery_test_create (tdb->db, "person", "name", "Cy", NULL);
  dan = joinery_test_create (tdb->db, "person", "name", "Dan", "job_title", "a", NULL);
  model = joinery_list_model_new (tdb->db, kind ("person"));
  g_assert_true (joinery_list_model_set_sort (model, "job_title", TRUE, &error));
  /* b (Ann), B (Ben): equal whatever the case, then by id, reversed. */
  assert_model_lists (model, NULL, NULL, "job_title", TRUE);
  g_assert_cmpint (joinery_list_model_get_id (model, 0), ==, ben);
  g_assert_cmpint (joinery_list_model_get_id (model, 2), ==, dan);
  watch_start (&watch, model);

  /* Ben B, Ann b, Dan a, Cy (empty: last when descending). Dan's emptied:
   * among the empty ones, by id, descending, so still third. */
  rename_record (tdb->db, "person", dan, "job_title", "");
  watch_assert (&watch, "2,1,1");
  assert_model_lists (model, NULL, NULL, "job_title", TRUE);
  rename_record (tdb->db, "person", dan, "job_title", "zz");
  watch_assert (&watch, "2,1,0 0,0,1");
  assert_model_lists (model, NULL, NULL, "job_title", TRUE);
  watch_stop (&watch);

  /* Sorted by organisation: renaming one moves its people. */
  org = joinery_test_create (tdb->db, "organisation", "name", "Middle", "kind", "council", NULL);
  joinery_test_create (tdb->db, "organisation", "name", "Late", "kind", "council", NULL);
  rename_record (tdb->db, "person", ben, "organisation", "Middle");
  g_assert_true (joinery_list_model_set_sort (model, "organisation", FALSE, &error));
  rename_record (tdb->db, "person", dan, "organisation", "Late");
  assert_model_lists (model, NULL, NULL, "organisation", FALSE);
  g_assert_cmpint (joinery_list_model_get_id (model, 2), ==, dan);
  g_assert_cmpint (joinery_list_model_get_id (model, 3), ==, ben);
  watch_start (&watch, model);
  rename_record (tdb->db, "organisation", org, "name", "Alpha");
  /* Ann Cy Dan(Late) Ben(Middle) → Ann Cy Ben(Alpha) Dan(Late) */
  watch_assert (&watch, "2,2,2");
  assert_model_lists (model, NULL, NULL, "organisation", FALSE);
  {
    g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), 2);
    g_assert_cmpstr (joinery_record_get_reference_label (item, "organisation"), ==, "Alpha");
  }
  watch_stop (&watch);
}

static void
test_changes_references (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) people = NULL;
  g_autoptr(JoineryListModel) members = NULL;
  g_autoptr(JoineryListModel) notes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 leeds, york, ann, group;
  Watch watch;

  leeds = joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council",
                               NULL);
  york = joinery_test_create (tdb->db, "organisation", "name", "York Trust", "kind", "voluntary", NULL);
  ann = joinery_test_create (tdb->db, "person", "name", "Ann", "organisation", "Leeds City Council", NULL);
  joinery_test_create (tdb->db, "person", "name", "Ben", "organisation", "York Trust", NULL);
  joinery_test_create (tdb->db, "person", "name", "Cy", "organisation", "Leeds City Council", NULL);
  group = joinery_test_create (tdb->db, "group", "name", "Health Board", "kind", "board", NULL);
  {
    g_autofree char *group_text = g_strdup_printf ("%" G_GINT64_FORMAT, group);
    g_autofree char *ann_text = g_strdup_printf ("%" G_GINT64_FORMAT, ann);
    g_autofree char *about = g_strdup_printf ("person:%" G_GINT64_FORMAT, ann);
    joinery_test_create (tdb->db, "group_member", "group", group_text, "person", ann_text, NULL);
    joinery_test_create (tdb->db, "note", "record", about, "body", "Met at the conference", NULL);
  }

  people = joinery_list_model_new (tdb->db, kind ("person"));
  members = joinery_list_model_new (tdb->db, kind ("group_member"));
  notes = joinery_list_model_new (tdb->db, kind ("note"));
  /* Read, as a window shows them. */
  joinery_list_model_prefetch (people, 0, 3);
  joinery_list_model_prefetch (members, 0, 1);
  joinery_list_model_prefetch (notes, 0, 1);
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (people), ==, 3);
  {
    g_autofree char *label = label_at (members, 0);
    g_assert_cmpstr (label, ==, "Ann in Health Board");
  }

  /* Leeds renamed: the rows of its people again, not Ben's. */
  watch_start (&watch, people);
  rename_record (tdb->db, "organisation", leeds, "name", "Leeds Council");
  watch_assert (&watch, "0,1,1 2,1,1");
  {
    g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (people), 2);
    g_assert_cmpstr (joinery_record_get_reference_label (item, "organisation"), ==, "Leeds Council");
  }
  rename_record (tdb->db, "organisation", york, "website", "https://york.example.org");
  watch_assert (&watch, "1,1,1");
  watch_stop (&watch);

  /* Ann renamed: her row, her membership's label, her note's "About". */
  watch_start (&watch, members);
  {
    Watch note_watch;
    watch_start (&note_watch, notes);
    rename_record (tdb->db, "person", ann, "name", "Anne");
    watch_assert (&watch, "0,1,1");
    watch_assert (&note_watch, "0,1,1");
    watch_stop (&note_watch);
  }
  {
    g_autofree char *label = label_at (members, 0);
    g_autoptr(JoineryRecord) note = g_list_model_get_item (G_LIST_MODEL (notes), 0);
    g_assert_cmpstr (label, ==, "Anne in Health Board");
    g_assert_cmpstr (joinery_record_get_reference_label (note, "record"), ==, "Anne");
  }
  /* The group renamed: the members are in order of their group: read again. */
  rename_record (tdb->db, "group", group, "name", "Care Board");
  watch_assert (&watch, "0,1,1");
  {
    g_autofree char *label = label_at (members, 0);
    g_assert_cmpstr (label, ==, "Anne in Care Board");
  }
  watch_stop (&watch);

  /* A link named in a filter keeps meaning its record after a rename. */
  {
    const char * const about_anne[] = { "record=person:Anne", NULL };
    const char * const about_york[] = { "record=organisation:York Trust", NULL };

    g_assert_true (joinery_list_model_set_filters (notes, about_anne, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (notes)), ==, 1);
    rename_record (tdb->db, "person", ann, "name", "Annie");
    joinery_list_model_reload (notes);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (notes)), ==, 1);
    g_assert_true (joinery_list_model_set_filters (notes, about_york, &error));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (notes)), ==, 0);
  }
}

static void
test_changes_many_and_bulk (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Watch watch;

  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (names, g_strdup_printf ("Person %02u", i));
  g_ptr_array_add (names, NULL);

  joinery_test_create (tdb->db, "person", "name", "Existing", NULL);
  model = joinery_list_model_new (tdb->db, kind ("person"));
  {
    g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_nonnull (item);
  }
  watch_start (&watch, model);

  /* Many records in one group: the ids read again, every row anew. */
  add_people (tdb->db, (const char * const *) names->pdata, 0, ids);
  watch_assert (&watch, "0,1,41");
  assert_model_lists (model, NULL, NULL, NULL, FALSE);
  g_assert_true (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_no_error (error);
  watch_assert (&watch, "0,41,1");
  assert_model_lists (model, NULL, NULL, NULL, FALSE);

  /* A bulk group (more changes than a change set lists) reloads whole. */
  g_assert_true (joinery_generate (tdb->db, 2000, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (watch.signals->len, >=, 1);
  g_assert_cmpuint (g_array_index (watch.signals, Signal, watch.signals->len - 1).position, ==, 0);
  assert_model_lists (model, NULL, NULL, NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2001);
  g_array_set_size (watch.signals, 0);

  /* Another program's change, then reload(): every row anew. */
  {
    sqlite3 *other = NULL;
    g_assert_cmpint (sqlite3_open (tdb->path, &other), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (other, "DELETE FROM people WHERE name = 'Existing'", NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_close (other);
  }
  joinery_list_model_reload (model);
  watch_assert (&watch, "0,2001,2000");
  assert_model_lists (model, NULL, NULL, NULL, FALSE);
  watch_stop (&watch);
}

/* Reading the records of a large list far and wide does not fill the
 * connection's page cache (32 MB) with the pages they came from: it is
 * let go past 8 MB, the records themselves being kept by the model. */
/* An order by a reference is read as two cheaper reads and placed by
 * rank (read_ids_ranked()): the same rows in the same order as the SQL
 * ORDER BY of `joinery list`, both ways, through equal labels (their rows
 * by id across the records), empty references, filters and a search, in
 * the background too, and with the records' ids too sparse for an array. */
static void
test_sort_by_reference (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  const char * const nurses[] = { "job_title=Nurse", NULL };
  sqlite3 *handle = joinery_db_get_handle (tdb->db);
  gint64 orgs[4];

  orgs[0] = joinery_test_create (tdb->db, "organisation", "name", "Aire Trust", "kind", "voluntary", NULL);
  orgs[1] = joinery_test_create (tdb->db, "organisation", "name", "Zeal Ltd", "kind", "business", NULL);
  orgs[2] = joinery_test_create (tdb->db, "organisation", "name", "aire trust", "kind", "council", NULL);
  orgs[3] = joinery_test_create (tdb->db, "organisation", "name", "Bradford Council", "kind", "council", NULL);
  /* Each person in turn at the next organisation or none, so that the
   * rows of the two Aire Trusts interleave by id. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %02u", i % 2 ? "Ridley" : "Stone", 40 - i);
      g_autoptr(JoineryRecord) person = joinery_record_new (kind ("person"));

      joinery_record_set_text (person, "name", name);
      joinery_record_set_text (person, "job_title", i % 3 ? "Nurse" : "Clerk");
      if (i % 5 != 4)
        joinery_record_set_integer (person, "organisation", orgs[i % 5]);
      g_assert_true (joinery_db_create (tdb->db, person, &error));
      g_assert_no_error (error);
    }

  for (int pass = 0; pass < 2; pass++)
    {
      for (int background = 0; background < 2; background++)
        for (int descending = 0; descending < 2; descending++)
          {
            g_autoptr(JoineryListModel) model = background ?
              joinery_list_model_new_in_background (tdb->db, kind ("person")) :
              joinery_list_model_new (tdb->db, kind ("person"));

            wait_loaded (model);
            g_assert_true (joinery_list_model_set_sort (model, "organisation", descending, &error));
            g_assert_no_error (error);
            wait_loaded (model);
            assert_model_lists (model, NULL, NULL, "organisation", descending);
            {
              g_autofree char *first = label_at (model, 0);
              /* No organisation first; backwards, the last at Zeal Ltd. */
              g_assert_cmpstr (first, ==, descending ? "Stone 04" : "Stone 36");
            }
            g_assert_true (joinery_list_model_set_filters (model, nurses, &error));
            g_assert_no_error (error);
            wait_loaded (model);
            assert_model_lists (model, nurses, NULL, "organisation", descending);
            joinery_list_model_set_search (model, "ridley");
            wait_loaded (model);
            assert_model_lists (model, nurses, "ridley", "organisation", descending);
          }
      /* Again with an organisation whose id is far beyond the others'. */
      if (pass == 0)
        g_assert_cmpint (sqlite3_exec (handle,
                                       "INSERT INTO organisations (id, created_at, updated_at, name, kind) "
                                       "VALUES (90000000000, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', "
                                       "'AIRE TRUST', 'other'); "
                                       "UPDATE people SET organisation_id = 90000000000 WHERE id % 7 = 0",
                                       NULL, NULL, NULL), ==, SQLITE_OK);
    }

  /* A list whose own order is by a reference: attendances by event. */
  {
    g_autoptr(JoineryListModel) model = NULL;
    gint64 events[3], people[3];

    events[0] = joinery_test_create (tdb->db, "event", "name", "Summit", "starts_on", "2024-05-01", NULL);
    events[1] = joinery_test_create (tdb->db, "event", "name", "Away day", "starts_on", "2024-06-01", NULL);
    events[2] = joinery_test_create (tdb->db, "event", "name", "summit", "starts_on", "2024-07-01", NULL);
    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *name = g_strdup_printf ("Guest %u", i);
        people[i] = joinery_test_create (tdb->db, "person", "name", name, NULL);
      }
    for (guint i = 0; i < 9; i++)
      {
        g_autofree char *event = g_strdup_printf ("%" G_GINT64_FORMAT, events[i % 3]);
        g_autofree char *person = g_strdup_printf ("%" G_GINT64_FORMAT, people[i / 3]);
        joinery_test_create (tdb->db, "attendance", "event", event, "person", person, NULL);
      }
    model = joinery_list_model_new (tdb->db, kind ("attendance"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 9);
    assert_model_lists (model, NULL, NULL, NULL, FALSE);
  }
}

static gint64
wait_reader_released (JoineryListModel *model)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (joinery_list_model_get_reader_cache (model) > 16 * 1024 && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  return joinery_list_model_get_reader_cache (model);
}

/* The background reader gives its page cache back at once after the rows
 * behind the first screen, and a while after a sort or a search, which
 * leave it for the next. */
static void
test_reader_keeps_cache (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5000; i++)
    g_ptr_array_add (names, g_strdup_printf ("%s %04u", i % 3 == 0 ? "Ridley" : "Stone", i));
  g_ptr_array_add (names, NULL);
  add_people (tdb->db, (const char * const *) names->pdata, 0, NULL);

  model = joinery_list_model_new_in_background (tdb->db, kind ("person"));
  joinery_list_model_set_reader_keep (model, 300);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5000);
  /* Behind the first screen: nothing kept, at once. */
  g_assert_cmpint (joinery_list_model_get_reader_cache (model), <=, 16 * 1024);

  /* A sort keeps the pages it read, then gives them back. */
  g_assert_true (joinery_list_model_set_sort (model, "job_title", TRUE, &error));
  g_assert_no_error (error);
  wait_loaded (model);
  assert_model_lists (model, NULL, NULL, "job_title", TRUE);
  g_assert_cmpint (joinery_list_model_get_reader_cache (model), >, 32 * 1024);
  g_assert_cmpint (wait_reader_released (model), <=, 16 * 1024);

  /* So does a search. */
  joinery_list_model_set_search (model, "stone");
  wait_loaded (model);
  assert_model_lists (model, NULL, "stone", "job_title", TRUE);
  g_assert_cmpint (joinery_list_model_get_reader_cache (model), >, 32 * 1024);
  g_assert_cmpint (wait_reader_released (model), <=, 16 * 1024);

  /* A list let go while it keeps them gives them back with its reader,
   * and the time it had set does not come for it. */
  g_assert_true (joinery_list_model_set_sort (model, "job_title", FALSE, &error));
  wait_loaded (model);
  g_assert_cmpint (joinery_list_model_get_reader_cache (model), >, 32 * 1024);
  g_clear_object (&model);
  {
    gint64 until = g_get_monotonic_time () + 600 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
}

/* 60,000 people of some 330 bytes each: 20 MB of table, the job titles
 * in the reverse of the ids' order. */
static void
add_wide_people (JoineryTestDb *tdb)
{
  g_assert_cmpint (sqlite3_exec (joinery_db_get_handle (tdb->db),
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000) "
                                 "INSERT INTO people (created_at, updated_at, name, job_title) "
                                 "SELECT '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', printf('Person %05d', i), "
                                 "printf('%0290d', 60001 - i) FROM n",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_page_cache_bounded (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  sqlite3 *handle = joinery_db_get_handle (tdb->db);
  int used = 0, highest = 0;
  guint n;

  add_wide_people (tdb);
  model = joinery_list_model_new (tdb->db, kind ("person"));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 60000);
  for (guint i = 0; i < n; i += 50)
    {
      g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (joinery_record_get_id (item), ==, joinery_list_model_get_id (model, i));
    }
  /* More than 9 MB of rows read (the pages overlap a little). */
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), >=, 30000);
  g_assert_cmpint (sqlite3_db_status (handle, SQLITE_DBSTATUS_CACHE_USED, &used, &highest, 0), ==, SQLITE_OK);
  g_assert_cmpint (used, <=, 9 * 1024 * 1024);
}

/* The most memory SQLite held while `db` read the ids of the people by
 * job title, above what it held before; the ids must come in that order. */
static sqlite3_int64
sort_peak (JoineryDb *db)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3_int64 before;
  gint64 n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db),
                                       "SELECT id FROM people ORDER BY job_title COLLATE NOCASE, id", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  before = sqlite3_memory_used ();
  sqlite3_memory_highwater (TRUE);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 60000 - n++);
  g_assert_cmpint (n, ==, 60000);
  sqlite3_finalize (stmt);
  return sqlite3_memory_highwater (FALSE) - before;
}

/* The background reader sorts what its page cache cannot hold through a
 * temporary file: a connection with its temporary storage in memory (as
 * every other is) holds every row of a sort in the heap, however many. */
static void
test_reader_sorts_through_files (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryDb) reader = NULL;
  g_autoptr(JoineryDb) in_memory = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_int64 reader_peak, in_memory_peak;

  add_wide_people (tdb);
  reader = joinery_db_open_reader (tdb->path, 1024, &error);
  g_assert_no_error (error);
  in_memory = joinery_db_open (tdb->path, JOINERY_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (joinery_db_get_handle (in_memory), "PRAGMA cache_size = -1024", NULL, NULL, NULL),
                   ==, SQLITE_OK);

  /* 18 MB of job titles: all of them at once in memory; a page cache's
   * worth at a time (1 MB) and its pages through files. */
  in_memory_peak = sort_peak (in_memory);
  reader_peak = sort_peak (reader);
  g_assert_cmpint (in_memory_peak, >=, 16 * 1024 * 1024);
  g_assert_cmpint (reader_peak, <=, 4 * 1024 * 1024);

  /* Read-only; a file that cannot be opened is an error. */
  g_assert_true (sqlite3_db_readonly (joinery_db_get_handle (reader), "main") == 1);
  g_assert_null (joinery_db_open_reader ("/nonexistent/folder/x.joinery", 1024, &error));
  g_assert_nonnull (error);
}

static void
test_large_reads_one_page (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = NULL;
  guint n;

  g_assert_true (joinery_generate (tdb->db, 20000, 3, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Opening it and showing its first screen reads one page. */
  model = joinery_list_model_new (tdb->db, kind ("person"));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 20000);
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, 0);
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (joinery_record_get_id (item), ==, joinery_list_model_get_id (model, i));
    }
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, PAGE);

  /* A jump reads the page there, and only that. */
  {
    g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), 15000);
    g_assert_cmpint (joinery_record_get_id (item), ==, joinery_list_model_get_id (model, 15000));
    g_assert_nonnull (joinery_record_get_label (item));
  }
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, 2 * PAGE);
  {
    g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), 5);
    g_assert_nonnull (item);
  }
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, 2 * PAGE);
  /* The last row: nothing after it, so the rows before it with it. */
  {
    g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
    g_assert_cmpint (joinery_record_get_id (item), ==, joinery_list_model_get_id (model, n - 1));
  }
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, 3 * PAGE);
  {
    g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), n - PAGE);
    g_assert_nonnull (item);
  }
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, 3 * PAGE);

  /* Scrolling up from row 15000: the rows above it, a page at a time. */
  for (guint i = 15000; i-- > 15000 - 3 * PAGE;)
    {
      g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_nonnull (item);
    }
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, 6 * PAGE);

  /* Every row, in order: each read once, and the items right. */
  expected = list_ids (tdb->db, kind ("person"), NULL, NULL, NULL, FALSE);
  assert_model_ids (model, expected);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (joinery_record_get_id (item), ==, g_array_index (expected, gint64, i));
    }
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), <=, 20000 + 6 * PAGE);
  /* Not kept: the first rows are read again. */
  {
    guint64 before = joinery_list_model_get_rows_read (model);
    g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpuint ((guint) (joinery_list_model_get_rows_read (model) - before), ==, PAGE);
    g_assert_nonnull (item);
  }

  /* Sorted, filtered and searched, a large list is the CLI's list. */
  g_assert_true (joinery_list_model_set_sort (model, "email", TRUE, &error));
  assert_model_ids (model, expected = (g_array_unref (expected),
                                       list_ids (tdb->db, kind ("person"), NULL, NULL, "email", TRUE)));
  joinery_list_model_set_search (model, "ri");
  g_array_unref (expected);
  expected = list_ids (tdb->db, kind ("person"), NULL, "ri", "email", TRUE);
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (expected->len, <, 20000);
  assert_model_ids (model, expected);
}

/* A list of `n` people named "Person 0000" onwards, in that order. */
static JoineryListModel *
numbered_people (JoineryTestDb *tdb, guint n)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, g_strdup_printf ("Person %04u", i));
  g_ptr_array_add (names, NULL);
  add_people (tdb->db, (const char * const *) names->pdata, 0, NULL);
  return joinery_list_model_new (tdb->db, kind ("person"));
}

static void
test_prefetch (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = numbered_people (tdb, 1000);
  guint64 read;

  /* A range across pages: those rows and no others, then nothing more. */
  joinery_list_model_prefetch (model, 100, 200);
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, 200);
  g_assert_null (joinery_list_model_peek_item (model, 99));
  g_assert_null (joinery_list_model_peek_item (model, 300));
  read = joinery_list_model_get_rows_read (model);
  for (guint i = 100; i < 300; i++)
    {
      g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autofree char *name = g_strdup_printf ("Person %04u", i);
      g_assert_cmpstr (joinery_record_get_label (item), ==, name);
    }
  g_assert_cmpuint (joinery_list_model_get_rows_read (model), ==, read);
  /* Past the end, or empty: nothing. */
  joinery_list_model_prefetch (model, 1000, 10);
  joinery_list_model_prefetch (model, 500, 0);
  g_assert_cmpuint (joinery_list_model_get_rows_read (model), ==, read);
  /* At the end: the rows up to it. */
  joinery_list_model_prefetch (model, 990, 100);
  g_assert_cmpuint (joinery_list_model_get_rows_read (model), ==, read + 10);
  /* A row asked for alone, not at hand: the page around it, up to the rows
   * read (936 to 989) and back before it (926 to 935). */
  {
    g_autoptr(JoineryRecord) item = g_list_model_get_item (G_LIST_MODEL (model), 1000 - PAGE);
    g_assert_cmpuint (joinery_list_model_get_rows_read (model), ==, read + 10 + PAGE);
    g_assert_null (joinery_list_model_peek_item (model, 925));
    g_clear_object (&item);
    item = joinery_list_model_peek_item (model, 926);
    g_assert_nonnull (item);
  }
}

static void
test_peek (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = numbered_people (tdb, 300);
  gint64 read_time;

  /* Nothing read yet: a peek reads nothing and finds nothing. */
  g_assert_null (joinery_list_model_peek_item (model, 0));
  g_assert_null (joinery_list_model_peek_item (model, 299));
  g_assert_null (joinery_list_model_peek_item (model, 300));
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, 0);
  g_assert_cmpint (joinery_list_model_get_read_time (model), ==, 0);

  /* After a page is read, its records, and only those. */
  joinery_list_model_prefetch (model, 10, PAGE);
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, PAGE);
  read_time = joinery_list_model_get_read_time (model);
  g_assert_cmpint (read_time, >, 0);
  for (guint i = 10; i < 10 + PAGE; i++)
    {
      g_autoptr(JoineryRecord) item = joinery_list_model_peek_item (model, i);
      g_autofree char *name = g_strdup_printf ("Person %04u", i);

      g_assert_nonnull (item);
      g_assert_cmpstr (joinery_record_get_label (item), ==, name);
    }
  g_assert_null (joinery_list_model_peek_item (model, 9));
  g_assert_null (joinery_list_model_peek_item (model, 10 + PAGE));
  g_assert_cmpuint ((guint) joinery_list_model_get_rows_read (model), ==, PAGE);
  g_assert_cmpint (joinery_list_model_get_read_time (model), ==, read_time);
}

static void
test_background (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char * const bad[] = { "consent_recorded_on>=never", NULL };
  gint64 read_us = -1, wait_us = -1, show_us = -1, cpu_us = -1;
  Watch watch;
  gint64 id;
  guint n_lowered;

  for (guint i = 0; i < 1000; i++)
    g_ptr_array_add (names, g_strdup_printf ("%s %04u", i % 3 == 0 ? "Ridley" : "Stone", i));
  g_ptr_array_add (names, NULL);
  add_people (tdb->db, (const char * const *) names->pdata, 0, NULL);

  /* The first rows at once, the rest from the thread, at a lower
   * priority (joinery_background_run()): no one waits for them. */
  n_lowered = joinery_background_get_n_run ();
  model = joinery_list_model_new_in_background (tdb->db, kind ("person"));
  g_assert_cmpuint (joinery_background_get_n_run (), ==, n_lowered + 1);
  g_assert_true (joinery_list_model_get_background (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 256);
  g_assert_true (joinery_list_model_get_loading (model));
  joinery_list_model_get_load_times (model, &read_us, &wait_us, &show_us, &cpu_us);
  g_assert_cmpint (read_us, ==, 0);
  g_assert_cmpint (wait_us, ==, 0);
  g_assert_cmpint (show_us, ==, 0);
  g_assert_cmpint (cpu_us, ==, 0);
  watch_start (&watch, model);
  wait_loaded (model);
  watch_assert (&watch, "256,0,744");
  /* Where its time went: reading the 1,000 ids took some; the rest is
   * never negative. */
  joinery_list_model_get_load_times (model, &read_us, &wait_us, &show_us, &cpu_us);
  g_assert_cmpint (read_us, >, 0);
  g_assert_cmpint (wait_us, >=, 0);
  g_assert_cmpint (show_us, >=, 0);
  /* The thread's CPU time for the read: some, and no more than the read
   * took by the clock (a thread runs on one CPU at a time). */
  g_assert_cmpint (cpu_us, >, 0);
  g_assert_cmpint (cpu_us, <=, read_us + 1000);
  assert_model_lists (model, NULL, NULL, NULL, FALSE);

  /* A search: the old rows until the new ones are read. */
  joinery_list_model_set_search (model, "ridley");
  g_assert_cmpstr (joinery_list_model_get_search (model), ==, "ridley");
  g_assert_true (joinery_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
  wait_loaded (model);
  assert_model_lists (model, NULL, "ridley", NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 334);

  /* Typed fast: only the last request counts. */
  joinery_list_model_set_search (model, "s");
  joinery_list_model_set_search (model, "st");
  g_assert_true (joinery_list_model_set_sort (model, "name", TRUE, &error));
  joinery_list_model_set_search (model, "stone 0001");
  wait_loaded (model);
  assert_model_lists (model, NULL, "stone 0001", "name", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  /* A search and a sort are waited for: at the window's own priority. */
  g_assert_cmpuint (joinery_background_get_n_run (), ==, n_lowered + 1);

  /* A bad filter is refused at once. */
  g_assert_false (joinery_list_model_set_filters (model, bad, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (joinery_list_model_get_loading (model));

  /* Changes while shown, and while loading. */
  joinery_list_model_set_search (model, NULL);
  wait_loaded (model);
  g_array_set_size (watch.signals, 0);
  id = joinery_test_create (tdb->db, "person", "name", "Zz Top", NULL);
  watch_assert (&watch, "0,0,1");
  joinery_list_model_set_search (model, "z");
  g_assert_true (joinery_list_model_get_loading (model));
  joinery_test_create (tdb->db, "person", "name", "Zed", NULL);
  rename_record (tdb->db, "person", id, "name", "Zz Bottom");
  wait_loaded (model);
  assert_model_lists (model, NULL, "z", "name", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_array_set_size (watch.signals, 0);
  watch_assert (&watch, "");
  watch_stop (&watch);

  /* Dropped while reading: the read ends, then the model goes. */
  {
    JoineryListModel *dropped = g_steal_pointer (&model);
    gint64 until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    joinery_list_model_set_search (dropped, "stone");
    g_assert_true (joinery_list_model_get_loading (dropped));
    g_object_add_weak_pointer (G_OBJECT (dropped), (gpointer *) &dropped);
    g_object_unref (dropped);
    while (dropped != NULL)
      {
        g_main_context_iteration (NULL, TRUE);
        g_assert_cmpint (g_get_monotonic_time (), <, until);
      }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/list-model/count-and-items", test_count_and_items);
  g_test_add_func ("/core/list-model/empty", test_empty);
  g_test_add_func ("/core/list-model/sort", test_sort);
  g_test_add_func ("/core/list-model/sort-by-reference", test_sort_by_reference);
  g_test_add_func ("/core/list-model/filter", test_filter);
  g_test_add_func ("/core/list-model/search", test_search);
  g_test_add_func ("/core/list-model/search-as-you-type", test_search_as_you_type);
  g_test_add_func ("/core/list-model/changes", test_changes);
  g_test_add_func ("/core/list-model/changes-filtered", test_changes_filtered);
  g_test_add_func ("/core/list-model/changes-sorted", test_changes_sorted);
  g_test_add_func ("/core/list-model/changes-references", test_changes_references);
  g_test_add_func ("/core/list-model/changes-many-and-bulk", test_changes_many_and_bulk);
  g_test_add_func ("/core/list-model/large-reads-one-page", test_large_reads_one_page);
  g_test_add_func ("/core/list-model/page-cache-bounded", test_page_cache_bounded);
  g_test_add_func ("/core/list-model/reader-sorts-through-files", test_reader_sorts_through_files);
  g_test_add_func ("/core/list-model/prefetch", test_prefetch);
  g_test_add_func ("/core/list-model/peek", test_peek);
  g_test_add_func ("/core/list-model/background", test_background);
  g_test_add_func ("/core/list-model/reader-keeps-cache", test_reader_keeps_cache);

  return g_test_run ();
}
