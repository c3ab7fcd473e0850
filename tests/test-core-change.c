/* test-core-change.c: the "changed" signal — what each committed group,
 * undo and redo tells listeners, and that failures and empty groups tell
 * nothing. */
#include "joinery-test-util.h"

#include <string.h>

typedef struct {
  GPtrArray *sets;
} Listener;

static void
changed_cb (JoineryDb *db, JoineryChangeSet *set, gpointer data)
{
  Listener *listener = data;
  g_ptr_array_add (listener->sets, joinery_change_set_ref (set));
}

static void
listen (JoineryDb *db, Listener *listener)
{
  listener->sets = g_ptr_array_new_with_free_func ((GDestroyNotify) joinery_change_set_unref);
  g_signal_connect (db, "changed", G_CALLBACK (changed_cb), listener);
}

static JoineryChangeSet *
last_set (Listener *listener)
{
  g_assert_cmpuint (listener->sets->len, >, 0);
  return listener->sets->pdata[listener->sets->len - 1];
}

static void
test_create_update_delete (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) record = NULL;
  const JoineryKind *organisation = joinery_kind_lookup ("organisation");
  const JoineryChange *change;
  Listener listener;
  gint64 id;

  listen (tdb->db, &listener);
  id = joinery_test_create (tdb->db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);
  g_assert_cmpuint (listener.sets->len, ==, 1);
  g_assert_false (joinery_change_set_is_bulk (last_set (&listener)));
  g_assert_false (joinery_change_set_is_replay (last_set (&listener)));
  g_assert_true (joinery_change_set_touches_kind (last_set (&listener), organisation));
  g_assert_false (joinery_change_set_touches_kind (last_set (&listener), joinery_kind_lookup ("person")));
  g_assert_cmpuint (joinery_change_set_get_n_changes (last_set (&listener)), ==, 1);
  change = joinery_change_set_get_change (last_set (&listener), 0);
  g_assert_true (change->kind == organisation);
  g_assert_cmpint (change->id, ==, id);
  g_assert_cmpint (change->action, ==, JOINERY_CHANGE_CREATE);
  g_assert_null (change->before);
  g_assert_nonnull (strstr (change->after, "Leeds City Council"));

  record = joinery_db_get (tdb->db, organisation, id, &error);
  g_assert_no_error (error);
  g_assert_true (joinery_record_set_from_string (record, "name", "Leeds Council", &error));
  g_assert_true (joinery_db_update (tdb->db, record, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (listener.sets->len, ==, 2);
  change = joinery_change_set_get_change (last_set (&listener), 0);
  g_assert_cmpint (change->action, ==, JOINERY_CHANGE_UPDATE);
  g_assert_nonnull (strstr (change->before, "Leeds City Council"));
  g_assert_nonnull (strstr (change->after, "Leeds Council"));

  g_assert_true (joinery_db_delete (tdb->db, organisation, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (listener.sets->len, ==, 3);
  change = joinery_change_set_get_change (last_set (&listener), 0);
  g_assert_cmpint (change->action, ==, JOINERY_CHANGE_DELETE);
  g_assert_null (change->after);

  /* Undo brings it back: a replay that creates it again. */
  g_assert_true (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (listener.sets->len, ==, 4);
  g_assert_true (joinery_change_set_is_replay (last_set (&listener)));
  g_assert_true (g_str_has_prefix (joinery_change_set_get_label (last_set (&listener)), "Undo "));
  change = joinery_change_set_get_change (last_set (&listener), 0);
  g_assert_cmpint (change->action, ==, JOINERY_CHANGE_CREATE);
  g_assert_cmpint (change->id, ==, id);

  g_assert_true (joinery_db_redo (tdb->db, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (listener.sets->len, ==, 5);
  change = joinery_change_set_get_change (last_set (&listener), 0);
  g_assert_cmpint (change->action, ==, JOINERY_CHANGE_DELETE);
  g_ptr_array_unref (listener.sets);
}

static void
test_group_is_one_set (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  Listener listener;

  listen (tdb->db, &listener);
  g_assert_true (joinery_db_begin (tdb->db, "Add two", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (tdb->db, "organisation", "name", "Third Sector Leeds", "kind", "voluntary", NULL);
  joinery_test_create (tdb->db, "organisation", "name", "Leeds Teaching Hospitals Trust", "kind", "nhs_trust", NULL);
  g_assert_cmpuint (listener.sets->len, ==, 0);
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (listener.sets->len, ==, 1);
  g_assert_cmpstr (joinery_change_set_get_label (last_set (&listener)), ==, "Add two");
  g_assert_cmpstr (joinery_change_set_get_source (last_set (&listener)), ==, "test");
  g_assert_cmpuint (joinery_change_set_get_n_changes (last_set (&listener)), ==, 2);
  g_ptr_array_unref (listener.sets);
}

static void
test_nothing_for_failure_or_empty (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  Listener listener;

  listen (tdb->db, &listener);
  g_assert_cmpint (joinery_test_try_create (tdb->db, &error, "organisation", "kind", "council", NULL), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (joinery_db_begin (tdb->db, "Rolled back", JOINERY_GROUP_DEFAULT, &error));
  joinery_test_create (tdb->db, "organisation", "name", "Gone", "kind", "council", NULL);
  joinery_db_rollback (tdb->db);

  g_assert_true (joinery_db_begin (tdb->db, "Empty", JOINERY_GROUP_DEFAULT, &error));
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (listener.sets->len, ==, 0);
  g_ptr_array_unref (listener.sets);
}

static void
test_bulk (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  const JoineryKind *organisation = joinery_kind_lookup ("organisation");
  Listener listener;

  listen (tdb->db, &listener);
  g_assert_true (joinery_db_begin (tdb->db, "Import", JOINERY_GROUP_NO_UNDO, &error));
  for (guint i = 0; i <= JOINERY_CHANGE_SET_MAX_CHANGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("Organisation %u", i);
      joinery_test_create (tdb->db, "organisation", "name", name, "kind", "voluntary", NULL);
    }
  g_assert_true (joinery_db_commit (tdb->db, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (listener.sets->len, ==, 1);
  g_assert_true (joinery_change_set_is_bulk (last_set (&listener)));
  g_assert_cmpuint (joinery_change_set_get_n_changes (last_set (&listener)), ==, 0);
  g_assert_true (joinery_change_set_touches_kind (last_set (&listener), organisation));
  g_assert_false (joinery_change_set_touches_kind (last_set (&listener), joinery_kind_lookup ("grant")));
  g_ptr_array_unref (listener.sets);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/change/create-update-delete-undo-redo", test_create_update_delete);
  g_test_add_func ("/core/change/group-is-one-set", test_group_is_one_set);
  g_test_add_func ("/core/change/nothing-for-failure-or-empty", test_nothing_for_failure_or_empty);
  g_test_add_func ("/core/change/bulk-tells-kinds", test_bulk);
  return g_test_run ();
}
