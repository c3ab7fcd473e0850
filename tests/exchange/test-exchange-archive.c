/* test-exchange-archive.c: the whole database out and back, exactly; and
 * the two core functions the exchange relies on (a restore with the
 * record's own id, a list read one record at a time).
 *
 * "Exactly" is checked on the tables themselves: every row of every
 * record table and of the search index, every column with its SQLite type,
 * is the same in the restored database as in the first.
 */
#include "exchange-test-util.h"
#include "joinery-archive.h"
#include "joinery-exchange-error.h"
#include "joinery-generate.h"

#include <string.h>

static GBytes *
archive_of (JoineryDb *db)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  g_assert_true (joinery_archive_export (db, out, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static gboolean
restore (JoineryDb *db, GBytes *archive, guint64 *n, GCancellable *cancellable, GError **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (archive);
  return joinery_archive_import (db, in, g_bytes_get_size (archive), NULL, NULL, n, cancellable, error);
}

static gboolean
restore_text (JoineryDb *db, const char *text, GError **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  return restore (db, bytes, NULL, NULL, error);
}

/* Every row of a table, each value with its type, in id order. */
static char *
dump_table (JoineryDb *db, const char *table, const char *order)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY %s", table, order);
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        switch (sqlite3_column_type (stmt, c))
          {
          case SQLITE_NULL:
            g_string_append (out, "null|");
            break;
          case SQLITE_INTEGER:
            g_string_append_printf (out, "i%lld|", (long long) sqlite3_column_int64 (stmt, c));
            break;
          case SQLITE_FLOAT:
            g_string_append_printf (out, "r%.17g|", sqlite3_column_double (stmt, c));
            break;
          default:
            g_string_append_printf (out, "t%s|", (const char *) sqlite3_column_text (stmt, c));
            break;
          }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
assert_same_records (JoineryDb *a, JoineryDb *b)
{
  const JoineryKind * const *kinds = joinery_kinds ();

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autofree char *left = dump_table (a, kinds[k]->table, "id");
      g_autofree char *right = dump_table (b, kinds[k]->table, "id");
      if (g_strcmp0 (left, right) != 0)
        g_error ("the %s differ:\n%s\n--- against ---\n%s", kinds[k]->table, left, right);
    }
  {
    g_autofree char *left = dump_table (a, "search_index", "rowid");
    g_autofree char *right = dump_table (b, "search_index", "rowid");
    g_assert_cmpstr (left, ==, right);
  }
}

/* Records a generated network has none of: order the archive must cope
 * with, and values that must come back to the last bit. */
static void
add_awkward_records (JoineryDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) area = NULL;
  g_autoptr(JoineryRecord) task = NULL;
  g_autoptr(JoineryRecord) project = NULL;
  gint64 child, parent, first_task, later_task, indicator, project_id;
  g_autofree char *link = NULL;
  g_autofree char *indicator_id = NULL;

  /* An area made before the area it is part of. */
  child = joinery_test_create (db, "area", "name", "Bingley ward", "level", "ward", NULL);
  parent = joinery_test_create (db, "area", "name", "Bradford district", "level", "district", NULL);
  area = joinery_db_get (db, joinery_kind_lookup ("area"), child, &error);
  joinery_record_set_integer (area, "parent", parent);
  g_assert_true (joinery_db_update (db, area, &error));

  /* A task about a task made after it. */
  first_task = joinery_test_create (db, "task", "title", "Chase the evaluation", NULL);
  later_task = joinery_test_create (db, "task", "title", "Commission the evaluation", NULL);
  task = joinery_db_get (db, joinery_kind_lookup ("task"), first_task, &error);
  link = g_strdup_printf ("task:%" G_GINT64_FORMAT, later_task);
  g_assert_true (joinery_record_set_from_string (task, "record", link, &error));
  g_assert_true (joinery_db_update (db, task, &error));

  /* Text of every kind, and numbers that do not round-trip by accident. */
  joinery_test_create (db, "organisation", "name", "Zoë’s “Café”, Keighley", "kind", "community_group",
                       "description", "Line one\nline two\ttabbed, \"quoted\" \\ backslash", NULL);
  indicator = joinery_test_create (db, "indicator", "name", "Emergency admissions", "unit", "rate",
                                   "direction", "lower", NULL);
  indicator_id = g_strdup_printf ("%" G_GINT64_FORMAT, indicator);
  joinery_test_create (db, "measurement", "indicator", indicator_id, "area", "Bradford district",
                       "period_start", "2017-04-01", "period_end", "2018-03-31", "value", "0.1", NULL);
  joinery_test_create (db, "measurement", "indicator", indicator_id, "area", "Bradford district",
                       "period_start", "2018-04-01", "period_end", "2019-03-31", "value", "-1234.000000125", NULL);

  /* A project whose stage date was cleared: restored as it is, not as a
   * new project would be (with today's date and a stage history row). */
  project_id = joinery_test_create (db, "project", "name", "Primary Care Wellbeing Service", NULL);
  project = joinery_db_get (db, joinery_kind_lookup ("project"), project_id, &error);
  joinery_record_set_null (project, "stage_since");
  g_assert_true (joinery_db_update (db, project, &error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  g_autoptr(JoineryTestDb) first = joinery_test_db_new ();
  g_autoptr(JoineryTestDb) second = joinery_test_db_new ();
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guint64 n = 0;

  g_assert_true (joinery_generate (first->db, 300, 11, NULL, NULL, &error));
  g_assert_no_error (error);
  add_awkward_records (first->db);

  archive = archive_of (first->db);
  g_assert_true (restore (second->db, archive, &n, NULL, &error));
  g_assert_no_error (error);
  assert_same_records (first->db, second->db);
  joinery_test_assert_check_clean (second->db);

  /* And the restored database archives to the same archive. */
  again = archive_of (second->db);
  a = exchange_test_dup_archive_without_time (archive);
  b = exchange_test_dup_archive_without_time (again);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpuint (g_bytes_get_size (archive), ==, g_bytes_get_size (again));
}

static void
test_to_file (void)
{
  g_autoptr(JoineryTestDb) first = joinery_test_db_new ();
  g_autoptr(JoineryTestDb) second = joinery_test_db_new ();
  g_autofree char *path = g_build_filename (first->dir, "network.json", NULL);
  g_autoptr(GError) error = NULL;
  guint64 written = 0, read = 0;

  joinery_test_create (first->db, "theme", "name", "Frailty", NULL);
  joinery_test_create (first->db, "theme", "name", "Prevention", NULL);
  g_assert_true (joinery_archive_export_to_file (first->db, path, &written, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 2);
  g_assert_true (joinery_archive_import_file (second->db, path, NULL, NULL, &read, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (read, ==, 2);
  assert_same_records (first->db, second->db);
}

static void
test_not_empty (void)
{
  g_autoptr(JoineryTestDb) first = joinery_test_db_new ();
  g_autoptr(JoineryTestDb) second = joinery_test_db_new ();
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;

  joinery_test_create (first->db, "theme", "name", "Frailty", NULL);
  archive = archive_of (first->db);
  joinery_test_create (second->db, "theme", "name", "Carers", NULL);
  before = exchange_test_snapshot (second);
  g_assert_false (restore (second->db, archive, NULL, NULL, &error));
  g_assert_error (error, JOINERY_EXCHANGE_ERROR, JOINERY_EXCHANGE_ERROR_NOT_EMPTY);
  g_assert_nonnull (strstr (error->message, "1 theme"));
  after = exchange_test_snapshot (second);
  g_assert_true (g_bytes_equal (before, after));
}

static void
assert_refused (const char *text, const char *fragment)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GBytes) before = exchange_test_snapshot (tdb);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (restore_text (tdb->db, text, &error));
  g_assert_nonnull (error);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
  after = exchange_test_snapshot (tdb);
  g_assert_true (g_bytes_equal (before, after));
}

#define HEAD "{\"format\": \"joinery-archive\", \"version\": 1, \"schema\": 2, \"records\": {"

static void
test_refused (void)
{
  /* Each refused with what and where, the database left as it was. */
  assert_refused ("", "the file ends too soon");
  assert_refused ("[1, 2]", "“{” expected");
  assert_refused ("{\"records\": {}}", "not a Joinery archive of version 1");
  assert_refused ("{\"format\": \"joinery-archive\", \"version\": 1, \"schema\": 99, \"records\": {}}",
                  "newer version of Joinery");
  assert_refused (HEAD "\"theme\": [{\"id\": 1, \"created_at\": \"2017-01-01T00:00:00Z\", "
                  "\"updated_at\": \"2017-01-01T00:00:00Z\", \"name\": \"Frailty\"}", "ends");
  assert_refused (HEAD "\"shoe\": []}}", "unknown kind");
  assert_refused (HEAD "\"theme\": [{\"id\": \"one\"}]}}", "a theme without an id");
  assert_refused (HEAD "\"theme\": [{\"id\": 1, \"created_at\": \"2017-01-01T00:00:00Z\", "
                  "\"updated_at\": \"2017-01-01T00:00:00Z\", \"name\": \"Frailty\", \"colour\": \"red\"}]}}",
                  "theme #1: colour is not a field of Themes");
  assert_refused (HEAD "\"theme\": [{\"id\": 1, \"created_at\": \"2017-01-01T00:00:00Z\", "
                  "\"updated_at\": \"2017-01-01T00:00:00Z\", \"name\": 7}]}}", "theme #1: name is not text");
  assert_refused (HEAD "\"person\": [{\"id\": 4, \"created_at\": \"2017-01-01T00:00:00Z\", "
                  "\"updated_at\": \"2017-01-01T00:00:00Z\", \"name\": \"Ada\", \"consent_to_contact\": false, "
                  "\"organisation\": 12}]}}", "person #4:");
  assert_refused (HEAD "\"area\": [{\"id\": 1, \"created_at\": \"2017-01-01T00:00:00Z\", "
                  "\"updated_at\": \"2017-01-01T00:00:00Z\", \"name\": \"Ward\", \"level\": \"ward\", "
                  "\"parent\": 5}]}}", "area #1: refers to area #5, which the archive does not hold");
  assert_refused (HEAD "\"theme\": []}} trailing", "text after the end of the archive");
}

static void
test_cancel (void)
{
  g_autoptr(JoineryTestDb) first = joinery_test_db_new ();
  g_autoptr(JoineryTestDb) second = joinery_test_db_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;

  joinery_test_create (first->db, "theme", "name", "Frailty", NULL);
  archive = archive_of (first->db);
  before = exchange_test_snapshot (second);
  g_cancellable_cancel (cancellable);
  g_assert_false (restore (second->db, archive, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = exchange_test_snapshot (second);
  g_assert_true (g_bytes_equal (before, after));
}

/* The core's restore */

static void
test_core_restore (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  const JoineryKind *kind = joinery_kind_lookup ("theme");
  g_autoptr(JoineryRecord) theme = joinery_record_new (kind);
  g_autoptr(JoineryRecord) copy = NULL;
  g_autoptr(JoineryRecord) back = NULL;
  g_autoptr(JoineryRecord) bad = joinery_record_new (kind);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;

  joinery_record_set_id (theme, 40);
  joinery_record_set_timestamps (theme, "2016-10-20T09:00:00Z", "2017-05-19T16:30:00Z");
  joinery_record_set_text (theme, "name", "Learning from each other");
  g_assert_true (joinery_db_restore (tdb->db, theme, &error));
  g_assert_no_error (error);

  back = joinery_db_get (tdb->db, kind, 40, &error);
  g_assert_cmpstr (joinery_record_get_text (back, "name"), ==, "Learning from each other");
  g_assert_cmpstr (joinery_record_get_created_at (back), ==, "2016-10-20T09:00:00Z");
  g_assert_cmpstr (joinery_record_get_updated_at (back), ==, "2017-05-19T16:30:00Z");
  /* Indexed and audited like any record made. */
  hits = joinery_db_search (tdb->db, "learning", NULL, 10, "[", "]", &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (tdb->db),
                                       "SELECT count(*) FROM audit WHERE kind = 'theme' AND record_id = 40 "
                                       "AND action = 'create'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);

  /* The same id again is refused, and so is what a form would refuse. */
  copy = joinery_record_copy (theme);
  g_assert_false (joinery_db_restore (tdb->db, copy, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_DUPLICATE);
  g_clear_error (&error);
  joinery_record_set_id (bad, 41);
  joinery_record_set_timestamps (bad, "2017-01-01T00:00:00Z", "2017-01-01T00:00:00Z");
  g_assert_false (joinery_db_restore (tdb->db, bad, &error));
  g_assert_error (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_REQUIRED);
  g_assert_false (joinery_db_exists (tdb->db, kind, 41));
  joinery_test_assert_check_clean (tdb->db);
}

/* The core's list, one record at a time */

typedef struct {
  GPtrArray *names;
  guint      stop_after;
} Collect;

static gboolean
collect_cb (JoineryRecord *record, gpointer data, GError **error)
{
  Collect *collect = data;

  if (collect->stop_after > 0 && collect->names->len == collect->stop_after)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "enough");
      return FALSE;
    }
  g_ptr_array_add (collect->names, g_strdup (joinery_record_get_text (record, "name")));
  return TRUE;
}

static void
test_core_list_foreach (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  const JoineryKind *kind = joinery_kind_lookup ("theme");
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  g_autoptr(GError) error = NULL;
  Collect collect = { g_ptr_array_new_with_free_func (g_free), 0 };

  joinery_test_create (tdb->db, "theme", "name", "Carers", NULL);
  joinery_test_create (tdb->db, "theme", "name", "Frailty", NULL);
  joinery_test_create (tdb->db, "theme", "name", "Prevention", NULL);
  g_assert_true (joinery_query_parse_filter (query, "name~r", NULL));
  g_assert_true (joinery_query_set_sort (query, "name", TRUE, NULL));
  g_assert_true (joinery_db_list_foreach (tdb->db, kind, query, collect_cb, &collect, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (collect.names->len, ==, 3);
  g_assert_cmpstr (collect.names->pdata[0], ==, "Prevention");
  g_assert_cmpstr (collect.names->pdata[2], ==, "Carers");

  /* Stopped by the callback: its error comes back. */
  g_ptr_array_set_size (collect.names, 0);
  collect.stop_after = 1;
  g_assert_false (joinery_db_list_foreach (tdb->db, kind, NULL, collect_cb, &collect, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (collect.names->len, ==, 1);
  g_ptr_array_unref (collect.names);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/exchange/archive/round-trip", test_round_trip);
  g_test_add_func ("/exchange/archive/to-file", test_to_file);
  g_test_add_func ("/exchange/archive/not-empty", test_not_empty);
  g_test_add_func ("/exchange/archive/refused", test_refused);
  g_test_add_func ("/exchange/archive/cancel", test_cancel);
  g_test_add_func ("/exchange/core/restore", test_core_restore);
  g_test_add_func ("/exchange/core/list-foreach", test_core_list_foreach);
  return g_test_run ();
}
