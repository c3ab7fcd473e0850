/* test-exchange-import-audit.c: the audit trail of a large import.
 *
 * An import past the bulk threshold writes one `import` row for the
 * records it makes (migration 6) instead of a `create` row with each
 * record's values. Each case checks that a reader of the trail still
 * tells the truth: a record's history, the subject access export, an
 * erasure, the recent changes on Home, the archive, and undo (which now
 * removes what such an import made). The threshold is set low
 * (joinery_import_set_bulk_bytes) so that a few dozen rows are "large".
 */
#include "exchange-test-util.h"
#include "joinery-archive.h"
#include "joinery-change.h"
#include "joinery-dashboard.h"
#include "joinery-import-private.h"
#include "joinery-person-data.h"

#include <string.h>

typedef struct {
  JoineryTestDb *tdb;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->tdb = joinery_test_db_new ();
  joinery_test_create (f->tdb->db, "organisation", "name", "Bradford Council", "kind", "council", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  joinery_test_db_free (f->tdb);
}

/* "Person 0" … "Person n-1", person<i>@example.org, at Bradford Council;
 * `extra` (a whole line) at the end when not NULL. */
static char *
write_people (Fixture *f, guint n, const char *extra)
{
  g_autoptr(GString) text = g_string_new ("Name,Email,Organisation\n");
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->tdb->dir, "people.csv", NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "Person %u,person%u@example.org,Bradford Council\n", i, i);
  if (extra != NULL)
    g_string_append (text, extra);
  g_file_set_contents (path, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);
  return path;
}

static JoineryImportReport *
import_bulk (Fixture *f, const char *path, JoineryImportOnMatch on_match)
{
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("person"), path);
  g_autoptr(GError) error = NULL;
  JoineryImportReport *report;

  joinery_import_set_bulk_bytes (import, 16);
  joinery_import_set_on_match (import, on_match);
  report = joinery_import_run (import, f->tdb->db, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_true (report->committed);
  return report;
}

static gint64
query_int (Fixture *f, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (f->tdb->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (Fixture *f, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (f->tdb->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static const char *
field_after (JoineryAuditEntry *entry, const char *name)
{
  for (guint i = 0; i < entry->fields->len; i++)
    {
      JoineryAuditField *field = entry->fields->pdata[i];
      if (g_str_equal (field->field, name))
        return field->after;
    }
  return NULL;
}

static GPtrArray *
history (Fixture *f, gint64 id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = joinery_db_audit_list (f->tdb->db, joinery_kind_lookup ("person"), id, NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static void
test_compact_row (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_people (f, 50, NULL);
  g_autoptr(JoineryImportReport) report = import_bulk (f, path, JOINERY_IMPORT_ON_MATCH_SKIP);
  g_autofree char *after = NULL;
  g_autofree char *row = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (report->created, ==, 50);
  g_assert_true (report->undoable);
  /* One row for the fifty, none each; the organisation's own row before. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit"), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE kind = 'person' AND action = 'create'"), ==, 0);
  row = query_text (f, "SELECT id || ' ' || kind || ' ' || record_id || ' ' || action || ' ' || "
                       "(before IS NULL) || ' ' || source FROM audit WHERE action = 'import'");
  g_assert_cmpstr (row, ==, "2 person 1 import 1 test");
  after = query_text (f, "SELECT after FROM audit WHERE action = 'import'");
  g_assert_cmpstr (after, ==, "{\"file\":\"people.csv\",\"rows\":50,\"created\":50,\"updated\":0,"
                              "\"first_audit\":2,\"ids\":[[1,50]]}");
  /* The import's change group, holding what undo needs instead of a changeset. */
  g_assert_cmpint (query_int (f, "SELECT a.change_group = g.id FROM audit a, change_groups g "
                                 "WHERE a.action = 'import' AND g.label = 'Import people from “people.csv”'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT length(changeset) FROM change_groups "
                                 "WHERE label = 'Import people from “people.csv”'"), <, 64);
  /* The records are whole, indexed and searchable. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM people"), ==, 50);
  hits = joinery_db_search (f->tdb->db, "person49", joinery_kind_lookup ("person"), 5, "[", "]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  joinery_test_assert_check_clean (f->tdb->db);
}

static void
test_history (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_people (f, 20, NULL);
  g_autoptr(JoineryImportReport) report = import_bulk (f, path, JOINERY_IMPORT_ON_MATCH_SKIP);
  g_autoptr(GPtrArray) before_edit = history (f, 7);
  g_autoptr(GPtrArray) after_edit = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *export = NULL;
  JoineryAuditEntry *entry;
  const char *args[] = { "--db", f->tdb->path, "audit", "person", "7", NULL };

  /* Before any change: made by the import, with the values it has now. */
  g_assert_cmpuint (before_edit->len, ==, 1);
  entry = before_edit->pdata[0];
  g_assert_cmpstr (entry->action, ==, "import");
  g_assert_cmpint (entry->record_id, ==, 7);
  g_assert_cmpstr (entry->file, ==, "people.csv");
  g_assert_cmpstr (entry->note, ==, "created by import of “people.csv”");
  g_assert_cmpstr (field_after (entry, "name"), ==, "Person 6");
  g_assert_cmpstr (field_after (entry, "email"), ==, "person6@example.org");
  g_assert_cmpstr (field_after (entry, "organisation_id"), ==, "1");

  /* After a change: the import still shows what it brought (the change's
   * `before`), and the change shows old and new. */
  person = joinery_db_get (f->tdb->db, joinery_kind_lookup ("person"), 7, &error);
  g_assert_no_error (error);
  joinery_record_set_text (person, "name", "Renamed Person");
  g_assert_true (joinery_db_update (f->tdb->db, person, &error));
  g_assert_no_error (error);
  after_edit = history (f, 7);
  g_assert_cmpuint (after_edit->len, ==, 2);
  entry = after_edit->pdata[0];
  g_assert_cmpstr (entry->action, ==, "import");
  g_assert_cmpstr (field_after (entry, "name"), ==, "Person 6");
  entry = after_edit->pdata[1];
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_cmpuint (entry->fields->len, ==, 1);
  g_assert_cmpstr (field_after (entry, "name"), ==, "Renamed Person");
  /* Another record of the import is not touched by that change. */
  g_clear_pointer (&before_edit, g_ptr_array_unref);
  before_edit = history (f, 8);
  g_assert_cmpuint (before_edit->len, ==, 1);
  g_assert_cmpstr (field_after (before_edit->pdata[0], "name"), ==, "Person 7");
  /* A person the import did not make has no import in their history. */
  g_assert_cmpint (joinery_test_create (f->tdb->db, "person", "name", "Later", NULL), ==, 21);
  g_clear_pointer (&before_edit, g_ptr_array_unref);
  before_edit = history (f, 21);
  g_assert_cmpuint (before_edit->len, ==, 1);
  g_assert_cmpstr (((JoineryAuditEntry *) before_edit->pdata[0])->action, ==, "create");

  /* The whole trail: the import is one entry. */
  all = joinery_db_audit_list (f->tdb->db, NULL, 0, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
  entry = all->pdata[1];
  g_assert_cmpstr (entry->action, ==, "import");
  g_assert_cmpstr (entry->file, ==, "people.csv");
  g_assert_cmpstr (entry->note, ==, "import of “people.csv”");
  g_assert_cmpstr (field_after (entry, "created"), ==, "20");
  g_assert_cmpstr (field_after (entry, "ids"), ==, "[[1,20]]");

  /* The command line's history says the same. */
  g_assert_cmpint (joinery_test_run_joinery (f->tdb->dir, NULL, args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "import  person #7 (created by import of “people.csv”): name: Person 6;"));
  g_assert_nonnull (strstr (out, "update  person #7: name: Person 6 → Renamed Person"));

  /* And the subject access export. */
  export = joinery_person_data_export (f->tdb->db, 7, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (export, "\"action\":\"import\",\"source\":\"test\",\"file\":\"people.csv\","
                                    "\"before\":null,\"after\":{\"id\":7,"));
  g_assert_nonnull (strstr (export, "\"name\":\"Person 6\""));
}

static void
test_erase (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_people (f, 20, NULL);
  g_autoptr(JoineryImportReport) report = import_bulk (f, path, JOINERY_IMPORT_ON_MATCH_SKIP);
  g_autofree char *row_before = query_text (f, "SELECT after FROM audit WHERE action = 'import'");
  g_autofree char *row_after = NULL;
  g_autoptr(JoineryErasure) erasure = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *export = NULL;
  JoineryAuditEntry *entry;

  /* Person #3 ("Person 2"), made by the import: never a row of their own. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE instr(after, 'person2@example.org') > 0"), ==, 0);
  erasure = joinery_person_data_erase_full (f->tdb->db, 3, JOINERY_ERASE_LEAVE_FILE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (erasure);

  /* Nothing of them is left anywhere in the trail… */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE instr(coalesce(before, '') || "
                                 "coalesce(after, ''), 'person2@example.org') > 0 "
                                 "OR instr(coalesce(before, '') || coalesce(after, ''), '\"Person 2\"') > 0"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM people WHERE email = 'person2@example.org'"), ==, 0);
  /* …and the import's row held no personal values: the erasure had
   * nothing to scrub in it, and left it as it was. */
  row_after = query_text (f, "SELECT after FROM audit WHERE action = 'import'");
  g_assert_cmpstr (row_after, ==, row_before);
  g_assert_null (strstr (row_before, "Person"));
  g_assert_null (strstr (row_before, "@"));

  /* Their history: made by the import, with the values the erasure left. */
  entries = history (f, 3);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->action, ==, "import");
  g_assert_cmpstr (field_after (entry, "name"), ==, "Erased person 3");
  g_assert_null (field_after (entry, "email"));
  g_assert_cmpstr (((JoineryAuditEntry *) entries->pdata[entries->len - 1])->action, ==, "erase");

  /* The others' histories keep what the import brought. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = history (f, 4);
  g_assert_cmpstr (field_after (entries->pdata[0], "email"), ==, "person3@example.org");

  /* The subject access export of an imported person covers the import. */
  export = joinery_person_data_export (f->tdb->db, 4, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (export, "\"action\":\"import\""));
  g_assert_nonnull (strstr (export, "\"email\":\"person3@example.org\""));
  joinery_test_assert_check_clean (f->tdb->db);
}

/* Every row of every record table and of the search index: an archive
 * round trip keeps the records exactly. */
static char *
dump_records (JoineryDb *db)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  GString *out = g_string_new (NULL);

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", kinds[k]->table);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_string_append_printf (out, "%s:", kinds[k]->table);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            joinery_test_append_sql_value (out, stmt, c);
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), "SELECT rowid, * FROM search_index ORDER BY rowid",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          joinery_test_append_sql_value (out, stmt, c);
        g_string_append_c (out, '\n');
      }
    sqlite3_finalize (stmt);
  }
  return g_string_free (out, FALSE);
}

static GBytes *
archive_of (JoineryDb *db)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  g_assert_true (joinery_archive_export (db, out, &n, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_archive (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_people (f, 30, NULL);
  g_autoptr(JoineryImportReport) report = import_bulk (f, path, JOINERY_IMPORT_ON_MATCH_SKIP);
  g_autoptr(JoineryTestDb) second = joinery_test_db_new ();
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_records = NULL;
  g_autofree char *second_records = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guint64 n = 0;

  archive = archive_of (f->tdb->db);
  in = g_memory_input_stream_new_from_bytes (archive);
  g_assert_true (joinery_archive_import (second->db, in, g_bytes_get_size (archive), NULL, NULL, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 31);
  first_records = dump_records (f->tdb->db);
  second_records = dump_records (second->db);
  g_assert_cmpstr (first_records, ==, second_records);
  again = archive_of (second->db);
  a = exchange_test_dup_archive_without_time (archive);
  b = exchange_test_dup_archive_without_time (again);
  g_assert_cmpstr (a, ==, b);
  /* An archive holds records, not their history (joinery-archive.h): the
   * import's row stays in the first file; the second's trail records the
   * restore, record by record. */
  g_assert_null (strstr (a, "\"import\""));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'import'"), ==, 1);
  joinery_test_assert_check_clean (second->db);
}

/* The dump of the file, less what an undo leaves by design: the trail and
 * the undo log (both append the undo), sqlite_sequence (ids are never
 * given twice) and the full-text index's b-tree segments (laid out anew,
 * holding the same entries: the index's own rows are compared). */
static char *
dump_for_undo (Fixture *f)
{
  g_autofree char *dump = joinery_test_dump_database (f->tdb->db);
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  GString *out = g_string_new (NULL);
  gboolean skip = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '[')
        skip = g_str_has_prefix (lines[i], "[audit]") || g_str_has_prefix (lines[i], "[change_groups]") ||
               g_str_has_prefix (lines[i], "[sqlite_sequence]") ||
               g_str_has_prefix (lines[i], "[search_index_data]") || g_str_has_prefix (lines[i], "[search_index_idx]");
      if (!skip)
        g_string_append_printf (out, "%s\n", lines[i]);
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  guint    n_sets;
  gboolean bulk;
  gboolean touches_person;
  gboolean replay;
} Listener;

static void
changed_cb (JoineryDb *db, JoineryChangeSet *set, Listener *l)
{
  l->n_sets++;
  l->bulk = joinery_change_set_is_bulk (set);
  l->touches_person = joinery_change_set_touches_kind (set, joinery_kind_lookup ("person"));
  l->replay = joinery_change_set_is_replay (set);
}

static void
test_undo (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_people (f, 40, NULL);
  g_autoptr(JoineryImportReport) report = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *label = NULL;
  g_autofree char *details = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  Listener listener = { 0 };
  gint64 event, attendance;

  joinery_test_create (f->tdb->db, "person", "name", "Already Here", "email", "already@example.org", NULL);
  event = joinery_test_create (f->tdb->db, "event", "name", "Launch", "starts_on", "2017-05-19", NULL);
  before = dump_for_undo (f);
  g_signal_connect (f->tdb->db, "changed", G_CALLBACK (changed_cb), &listener);

  report = import_bulk (f, path, JOINERY_IMPORT_ON_MATCH_SKIP);
  g_assert_cmpuint (report->created, ==, 40);
  g_assert_true (report->undoable);
  /* Listeners learn the kind, not forty records. */
  g_assert_cmpuint (listener.n_sets, ==, 1);
  g_assert_true (listener.bulk);
  g_assert_true (listener.touches_person);

  /* A later change to an imported record is undone first, as ever. */
  attendance = joinery_test_create (f->tdb->db, "attendance", "event", "Launch", "person", "#10", NULL);
  g_assert_cmpint (attendance, >, 0);
  g_assert_true (joinery_db_undo (f->tdb->db, NULL, &error));
  g_assert_no_error (error);

  /* Then the import, as one step. */
  label = joinery_db_dup_undo_label (f->tdb->db);
  g_assert_cmpstr (label, ==, "Import people from “people.csv”");
  g_clear_pointer (&label, g_free);
  listener.n_sets = 0;
  g_assert_true (joinery_db_undo (f->tdb->db, &label, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (label, ==, "Import people from “people.csv”");
  g_assert_cmpuint (listener.n_sets, ==, 1);
  g_assert_true (listener.bulk && listener.touches_person && listener.replay);
  after = dump_for_undo (f);
  g_assert_cmpstr (after, ==, before);
  joinery_test_assert_check_clean (f->tdb->db);

  /* The trail says so: a second import row, its object as `before`. */
  details = query_text (f, "SELECT after FROM audit WHERE action = 'import' AND after IS NOT NULL");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit a WHERE action = 'import' AND after IS NULL "
                                 "AND before = (SELECT after FROM audit WHERE action = 'import' AND after IS NOT NULL) "
                                 "AND source = 'test (undo)'"), ==, 1);
  entries = history (f, 12);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((JoineryAuditEntry *) entries->pdata[1])->note, ==,
                   "removed by undoing the import of “people.csv”");

  /* It cannot be redone (the values are gone); what came before it can
   * still be undone. */
  g_assert_null (joinery_db_dup_redo_label (f->tdb->db));
  g_assert_false (joinery_db_redo (f->tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_REDO);
  g_clear_error (&error);
  g_clear_pointer (&label, g_free);
  g_assert_true (joinery_db_undo (f->tdb->db, &label, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (label, ==, "Add event “Launch”");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM events"), ==, 0);
  g_signal_handlers_disconnect_by_data (f->tdb->db, &listener);
  (void) event;
}

static void
test_undo_twice (Fixture *f, gconstpointer data)
{
  /* Two large imports that only made records: undone one after the other
   * (the second, undoable, leaves the first undoable). */
  g_autofree char *path = write_people (f, 5, NULL);
  g_autoptr(JoineryImportReport) report = import_bulk (f, path, JOINERY_IMPORT_ON_MATCH_UPDATE);
  g_autoptr(JoineryImportReport) second = NULL;
  g_autofree char *again = write_people (f, 5, "Person 5,person5@example.org,Bradford Council\n");
  g_autoptr(GError) error = NULL;

  g_assert_true (report->undoable);
  /* The same file again, one new row: matched rows left as they were. */
  second = import_bulk (f, again, JOINERY_IMPORT_ON_MATCH_UPDATE);
  g_assert_cmpuint (second->created, ==, 1);
  g_assert_cmpuint (second->unchanged, ==, 5);
  g_assert_true (second->undoable);
  g_assert_true (joinery_db_undo (f->tdb->db, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM people"), ==, 5);
  g_assert_true (joinery_db_undo (f->tdb->db, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM people"), ==, 0);
  joinery_test_assert_check_clean (f->tdb->db);
}

static void
test_match_update (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_people (f, 30, NULL);
  g_autoptr(JoineryImportReport) report = NULL;
  g_autoptr(JoineryDashboard) dashboard = NULL;
  g_autofree char *details = NULL;
  g_autofree char *update = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  JoineryDashboardChange *change;
  gint64 existing;

  existing = joinery_test_create (f->tdb->db, "person", "name", "Existing Name", "email", "person5@example.org", NULL);
  joinery_test_create (f->tdb->db, "person", "name", "Person 6", "email", "person6@example.org",
                       "organisation", "Bradford Council", NULL);
  report = import_bulk (f, path, JOINERY_IMPORT_ON_MATCH_UPDATE);
  g_assert_cmpuint (report->created, ==, 28);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpuint (report->unchanged, ==, 1);
  g_assert_false (report->undoable);

  /* The updated record keeps its row, with its values before and after. */
  update = query_text (f, "SELECT json_extract(before, '$.name') || ' → ' || json_extract(after, '$.name') "
                          "FROM audit WHERE action = 'update' AND kind = 'person'");
  g_assert_cmpstr (update, ==, "Existing Name → Person 5");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'update'"), ==, 1);
  details = query_text (f, "SELECT after FROM audit WHERE action = 'import'");
  g_assert_cmpstr (details, ==, "{\"file\":\"people.csv\",\"rows\":30,\"created\":28,\"updated\":1,"
                                "\"first_audit\":4,\"ids\":[[3,30]]}");
  entries = history (f, existing);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((JoineryAuditEntry *) entries->pdata[0])->action, ==, "create");
  g_assert_cmpstr (((JoineryAuditEntry *) entries->pdata[1])->action, ==, "update");

  /* Not undoable: it changed records, and undo would need their old values. */
  g_assert_null (joinery_db_dup_undo_label (f->tdb->db));
  g_assert_false (joinery_db_undo (f->tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  /* Home's recent changes: the import is one entry, then what came before it. */
  dashboard = joinery_dashboard_read (f->tdb->db, "2017-05-19", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dashboard->changes->len, ==, 4);
  change = dashboard->changes->pdata[0];
  g_assert_cmpstr (change->action, ==, "import");
  g_assert_cmpstr (change->label, ==, "28 people imported from “people.csv”");
  change = dashboard->changes->pdata[1];
  g_assert_cmpstr (change->action, ==, "create");
  g_assert_cmpstr (change->label, ==, "Person 6");
  joinery_test_assert_check_clean (f->tdb->db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/exchange/import-audit/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("compact-row", test_compact_row);
  ADD ("history", test_history);
  ADD ("erase", test_erase);
  ADD ("archive", test_archive);
  ADD ("undo", test_undo);
  ADD ("undo-twice", test_undo_twice);
  ADD ("match-update", test_match_update);
#undef ADD
  return g_test_run ();
}
