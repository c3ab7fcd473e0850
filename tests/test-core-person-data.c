/* test-core-person-data.c: a subject access export, an erasure, and the
 * audit trail that records them.
 *
 * The coverage test reads the schema itself (every foreign key to people,
 * every link to a record of any kind, the audit trail) and fails when a
 * table or column referring to people is not in the export's coverage. The
 * erasure tests read the raw bytes of the database file and of its -wal,
 * -shm and -journal files for the erased values.
 */
#include "joinery-test-util.h"
#include "joinery-person-data.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* Helpers */

static gint64
query_int (JoineryDb *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (joinery_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The references to people the schema holds: "table.column" for every
 * foreign key to people, "table.record_kind" for every table that links
 * to a record of any kind, "audit.kind" for the trail. Read from SQLite,
 * not from the core's description. */
static GPtrArray *
schema_person_references (sqlite3 *handle)
{
  static const char *sql =
    "SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
    "WHERE m.type = 'table' AND f.\"table\" = 'people' "
    "UNION "
    "SELECT m.name, 'record_kind' FROM sqlite_schema m, pragma_table_info(m.name) c "
    "WHERE m.type = 'table' AND c.name = 'record_kind' "
    "UNION "
    "SELECT m.name, 'kind' FROM sqlite_schema m, pragma_table_info(m.name) c "
    "WHERE m.type = 'table' AND c.name = 'kind' AND EXISTS "
    "  (SELECT 1 FROM pragma_table_info(m.name) r WHERE r.name = 'record_id') "
    "ORDER BY 1, 2";
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (found, g_strdup_printf ("%s.%s", sqlite3_column_text (stmt, 0),
                                             sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  return found;
}

/* What the schema refers to and the export does not cover, joined by ", ". */
static char *
uncovered (sqlite3 *handle)
{
  g_autoptr(GPtrArray) refs = schema_person_references (handle);
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < refs->len; i++)
    if (!g_strv_contains (joinery_person_data_coverage (), refs->pdata[i]))
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", (char *) refs->pdata[i]);
  return g_string_free (g_steal_pointer (&missing), FALSE);
}

/* Whether any of the files SQLite keeps for `path` holds `needle`,
 * compared without regard to ASCII case (the search index keeps words
 * folded to lower case). */
static char *
files_holding (const char *path, const char *needle)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *folded_needle = g_ascii_strdown (needle, -1);
  g_autoptr(GString) where = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (file, &contents, &length, NULL))
        continue;
      for (gsize j = 0; j < length; j++)
        contents[j] = g_ascii_tolower (contents[j]);
      if (memmem (contents, length, folded_needle, strlen (folded_needle)) != NULL)
        g_string_append_printf (where, "%s%s", where->len > 0 ? ", " : "", file);
    }
  return g_string_free (g_steal_pointer (&where), FALSE);
}

typedef struct {
  gint64 person;
  gint64 other;
  gint64 event;
  gint64 attendance;
  gint64 group;
  gint64 membership;
  gint64 task;
  gint64 note;
  gint64 project;
} Network;

#define NAME  "Zebediah Quillfeather"
#define EMAIL "zq.private@example.org"
#define EMAIL2 "zebediah.q@example.net"
#define PHONE "0113 496 0777"

static void
make_network (JoineryDb *db, Network *n)
{
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(GError) error = NULL;
  gint64 org = joinery_test_create (db, "organisation", "name", "Leeds City Council", "kind", "council", NULL);

  n->person = joinery_test_create (db, "person", "name", NAME, "email", EMAIL, "phone", PHONE,
                                   "job_title", "Integration lead", "organisation", "1",
                                   "consent_to_contact", "yes", NULL);
  n->other = joinery_test_create (db, "person", "name", "Amara Ashcombe", "email", "amara@example.org", NULL);
  n->event = joinery_test_create (db, "event", "name", "Leeds Health Summit", "starts_on", "2019-03-01", NULL);
  n->attendance = joinery_test_create (db, "attendance", "event", "1", "person", "1",
                                       "status", "attended", NULL);
  joinery_test_create (db, "attendance", "event", "1", "person", "2", "status", "attended", NULL);
  n->group = joinery_test_create (db, "group", "name", "Integration Board", "kind", "board", NULL);
  n->membership = joinery_test_create (db, "group_member", "group", "1", "person", "1", "role", "chair", NULL);
  n->task = joinery_test_create (db, "task", "title", "Send the board papers", "assignee", "1", NULL);
  n->note = joinery_test_create (db, "note", "record", "person:1", "body", "Prefers a call in the morning", NULL);
  joinery_test_create (db, "tag", "record", "person:1", "name", "speaker", NULL);
  n->project = joinery_test_create (db, "project", "name", "Frailty pathway",
                                    "summary", "Led by " NAME " with the council's team.", NULL);
  g_assert_cmpint (org, ==, 1);
  g_assert_cmpint (n->person, ==, 1);

  /* A workflow set off by them, whose log names them. */
  g_assert_cmpint (sqlite3_exec (joinery_db_get_handle (db),
                                 "INSERT INTO workflow_runs (at, plugin_id, workflow_id, trigger, record_kind, "
                                 "record_id, outcome, summary) VALUES ('2026-01-05T10:00:00Z', 'welcome', 'welcome', "
                                 "'person.created', 'person', 1, 'done', 'Created task “Welcome " NAME "”')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  /* A change, so that the audit trail holds an old value too. */
  person = joinery_db_get (db, joinery_kind_lookup ("person"), n->person, &error);
  g_assert_no_error (error);
  joinery_record_set_text (person, "email", EMAIL2);
  g_assert_true (joinery_db_update (db, person, &error));
  g_assert_no_error (error);
}

/* Coverage */

static void
test_coverage (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GPtrArray) refs = schema_person_references (joinery_db_get_handle (tdb->db));
  g_autofree char *missing = uncovered (joinery_db_get_handle (tdb->db));

  /* The schema as it stands: bookings, memberships, tasks (assignee and
   * link), notes, tags, the trail and the workflows' log. */
  g_assert_cmpstr (missing, ==, "");
  g_assert_true (g_ptr_array_find_with_equal_func (refs, "attendances.person_id", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (refs, "group_members.person_id", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (refs, "tasks.assignee_id", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (refs, "notes.record_kind", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (refs, "audit.kind", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (refs, "workflow_runs.record_kind", g_str_equal, NULL));
  g_assert_cmpuint (refs->len, ==, 8);
}

static void
test_coverage_catches_new_table (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  sqlite3 *handle = joinery_db_get_handle (tdb->db);
  g_autofree char *missing = NULL;

  /* As a later migration might add, without teaching the export. */
  g_assert_cmpint (sqlite3_exec (handle,
                                 "CREATE TABLE mentors (id INTEGER PRIMARY KEY, "
                                 "  mentor_id INTEGER REFERENCES people (id));"
                                 "CREATE TABLE comments (id INTEGER PRIMARY KEY, "
                                 "  record_kind TEXT, record_id INTEGER, body TEXT);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  missing = uncovered (handle);
  g_assert_cmpstr (missing, ==, "comments.record_kind, mentors.mentor_id");
}

/* The export */

static JsonObject *
find_group (JsonArray *groups, const char *table, const char *field)
{
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *group = json_array_get_object_element (groups, i);
      if (g_str_equal (json_object_get_string_member (group, "table"), table) &&
          g_str_equal (json_object_get_string_member (group, "field"), field))
        return group;
    }
  g_assert_not_reached ();
}

static void
test_export (void)
{
  JsonArray *runs;
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *audit_after = NULL;
  JsonObject *root, *person, *fields;
  JsonArray *groups, *records, *mentions, *audit;
  gboolean saw_old_email = FALSE;
  Network n;

  make_network (tdb->db, &n);
  json = joinery_person_data_export (tdb->db, n.person, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "joinery-subject-access-export");
  person = json_object_get_object_member (root, "person");
  g_assert_cmpint (json_object_get_int_member (person, "id"), ==, n.person);
  fields = json_object_get_object_member (person, "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, NAME);
  g_assert_cmpstr (json_object_get_string_member (fields, "email"), ==, EMAIL2);
  g_assert_cmpstr (json_object_get_string_member (fields, "phone"), ==, PHONE);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (person, "refers_to"),
                                                  "organisation"), ==, "Leeds City Council");

  groups = json_object_get_array_member (root, "referred_to_by");
  records = json_object_get_array_member (find_group (groups, "attendances", "person"), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (records, 0), "id"), ==, n.attendance);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_array_get_object_element (records, 0), "refers_to"), "event"), ==, "Leeds Health Summit");
  records = json_object_get_array_member (find_group (groups, "group_members", "person"), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  records = json_object_get_array_member (find_group (groups, "tasks", "assignee"), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  records = json_object_get_array_member (find_group (groups, "notes", "record"), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_array_get_object_element (records, 0), "fields"), "body"), ==,
                   "Prefers a call in the morning");
  records = json_object_get_array_member (find_group (groups, "tags", "record"), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 1);

  mentions = json_object_get_array_member (root, "mentioned_in");
  g_assert_cmpuint (json_array_get_length (mentions), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mentions, 0), "kind"), ==, "project");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mentions, 0), "field"), ==, "summary");

  /* The trail about them holds the old email; and the trail's rows about
   * their booking, membership, task, note and tag come too. */
  audit = json_object_get_array_member (root, "audit");
  g_assert_cmpuint (json_array_get_length (audit), ==, 7);
  for (guint i = 0; i < json_array_get_length (audit); i++)
    {
      JsonObject *row = json_array_get_object_element (audit, i);
      if (g_str_equal (json_object_get_string_member (row, "action"), "update"))
        {
          JsonObject *before = json_object_get_object_member (row, "before");
          g_assert_cmpstr (json_object_get_string_member (before, "email"), ==, EMAIL);
          saw_old_email = TRUE;
        }
    }
  g_assert_true (saw_old_email);

  /* The workflows their record set off. */
  runs = json_object_get_array_member (root, "workflow_runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 0), "summary"), ==,
                   "Created task “Welcome " NAME "”");

  /* The export itself is on the trail: what, how many, which format. */
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit WHERE action = 'export' "
                                       "AND kind = 'person' AND record_id = 1 AND source = 'test'"), ==, 1);
  g_assert_cmpint (query_int (tdb->db, "SELECT json_extract(after, '$.rows') FROM audit WHERE action = 'export'"),
                   ==, 6 + 7 + 1);
  g_assert_cmpint (query_int (tdb->db, "SELECT json_extract(after, '$.format') = 'json' FROM audit "
                                       "WHERE action = 'export'"), ==, 1);
}

static void
test_export_missing (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = joinery_person_data_export (tdb->db, 42, &error);

  g_assert_null (json);
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "there is no person #42");
}

/* The erasure */

static void
cleared_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GError **error = data;
  gboolean cleared = joinery_person_data_clear_file_finish (result, error);

  g_assert_true (cleared == (*error == NULL));
  /* Done: a value the loop below can see. */
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "cleared");
}

/* The erasure, then the raw bytes searched. With `blank`, the mentions of
 * their name and email in other records are blanked by the erasure and the
 * file cleared in a thread (as the window does); otherwise the mention is
 * taken out first, as a user would after reviewing it (the flagging is
 * tested below). */
static void
check_erase (gboolean blank)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryErasure) erasure = NULL;
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryRecord) project = NULL;
  const char *erased[] = { NAME, "Zebediah", "Quillfeather", EMAIL, EMAIL2, PHONE, "Prefers a call" };
  gint64 thanks = 0, project_note = 0;
  Network n;

  make_network (tdb->db, &n);
  if (blank)
    {
      thanks = joinery_test_create (tdb->db, "task", "title", "Thank zebediah QUILLFEATHER for the talk", NULL);
      project_note = joinery_test_create (tdb->db, "note", "record", "project:1",
                                          "body", "Ask " EMAIL2 " (" NAME ") about it", NULL);
    }
  else
    {
      project = joinery_db_get (tdb->db, joinery_kind_lookup ("project"), n.project, &error);
      joinery_record_set_text (project, "summary", "Led by the council's team.");
      g_assert_true (joinery_db_update (tdb->db, project, &error));
      g_assert_no_error (error);
      g_clear_object (&project);
    }

  /* The byte search sees the values while they are there. */
  for (guint i = 0; i < G_N_ELEMENTS (erased); i++)
    {
      g_autofree char *where = files_holding (tdb->path, erased[i]);
      g_assert_cmpstr (where, !=, "");
    }

  if (blank)
    erasure = joinery_person_data_erase_full (tdb->db, n.person,
                                              JOINERY_ERASE_BLANK_MENTIONS | JOINERY_ERASE_LEAVE_FILE, &error);
  else
    erasure = joinery_person_data_erase (tdb->db, n.person, &error);
  g_assert_no_error (error);
  g_assert_nonnull (erasure);
  g_assert_cmpstr (erasure->placeholder, ==, "Erased person 1");
  g_assert_true (erasure->file_cleared == !blank);
  g_assert_true (erasure->blanked == blank);
  g_assert_cmpuint (erasure->kept, ==, 3);     /* booking, membership, task */
  g_assert_cmpuint (erasure->removed, ==, 2);  /* note, tag */
  g_assert_cmpuint (erasure->mentions->len, ==, blank ? 3 : 0);
  if (blank)
    {
      g_autoptr(JoineryRecord) task = joinery_db_get (tdb->db, joinery_kind_lookup ("task"), thanks, &error);
      g_autoptr(JoineryRecord) note = joinery_db_get (tdb->db, joinery_kind_lookup ("note"), project_note, &error);

      project = joinery_db_get (tdb->db, joinery_kind_lookup ("project"), n.project, &error);
      g_assert_cmpstr (joinery_record_get_text (project, "summary"), ==, "Led by [erased] with the council's team.");
      g_assert_cmpstr (joinery_record_get_text (task, "title"), ==, "Thank [erased] for the talk");
      g_assert_cmpstr (joinery_record_get_text (note, "body"), ==, "Ask [erased] ([erased]) about it");

      /* The file is cleared in a thread, on a connection of its own. */
      joinery_person_data_clear_file_async (tdb->db, NULL, cleared_cb, &error);
      while (error == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
      g_clear_error (&error);
    }

  /* The record: the placeholder, nothing else personal. */
  person = joinery_db_get (tdb->db, joinery_kind_lookup ("person"), n.person, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joinery_record_get_text (person, "name"), ==, "Erased person 1");
  g_assert_true (joinery_record_is_null (person, "email"));
  g_assert_true (joinery_record_is_null (person, "phone"));
  g_assert_true (joinery_record_is_null (person, "job_title"));
  g_assert_true (joinery_record_is_null (person, "organisation"));
  g_assert_cmpint (joinery_record_get_integer (person, "consent_to_contact"), ==, 0);

  /* Counts hold: the event still had two attendees. */
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM attendances WHERE event_id = 1 "
                                       "AND status = 'attended'"), ==, 2);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM group_members WHERE person_id = 1"), ==, 1);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM notes"), ==, blank ? 1 : 0);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM tags"), ==, 0);

  /* Search finds them no more. */
  hits = joinery_db_search (tdb->db, "Quillfeather", NULL, 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = joinery_db_search (tdb->db, "Erased person", NULL, 10, NULL, NULL, &error);
  g_assert_cmpuint (hits->len, ==, 1);

  /* The trail: the erasure, who did it, no values. */
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit WHERE action = 'erase' AND kind = 'person' "
                                       "AND record_id = 1 AND source = 'test'"), ==, 1);
  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit WHERE kind = 'person' AND record_id = 1 "
                                       "AND action = 'create' AND json_extract(after, '$.name') = 'Erased person 1' "
                                       "AND json_extract(after, '$.email') IS NULL"), ==, 1);
  joinery_test_assert_check_clean (tdb->db);

  /* Not undoable: the erasure emptied the undo history. */
  g_assert_false (joinery_db_undo (tdb->db, NULL, &error));
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  /* No copy left in the file, its log or its journal, open or closed. */
  for (guint i = 0; i < G_N_ELEMENTS (erased); i++)
    {
      g_autofree char *where = files_holding (tdb->path, erased[i]);
      if (*where != '\0')
        g_test_message ("“%s” is still in %s", erased[i], where);
      g_assert_cmpstr (where, ==, "");
    }
  joinery_db_close (tdb->db);
  for (guint i = 0; i < G_N_ELEMENTS (erased); i++)
    {
      g_autofree char *where = files_holding (tdb->path, erased[i]);
      g_assert_cmpstr (where, ==, "");
    }
}

static void
test_erase (void)
{
  check_erase (FALSE);
}

static void
test_erase_blank_mentions (void)
{
  check_erase (TRUE);
}

static void
test_erase_flags_mentions (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryErasure) erasure = NULL;
  g_autoptr(JoineryRecord) project = NULL;
  g_autoptr(GError) error = NULL;
  JoineryMention *mention;
  Network n;

  make_network (tdb->db, &n);
  joinery_test_create (tdb->db, "task", "title", "Thank zebediah quillfeather for the talk", NULL);

  erasure = joinery_person_data_erase (tdb->db, n.person, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (erasure->mentions->len, ==, 2);
  mention = erasure->mentions->pdata[0];
  g_assert_cmpstr (mention->kind->name, ==, "project");
  g_assert_cmpint (mention->id, ==, n.project);
  g_assert_cmpstr (mention->field, ==, "summary");
  g_assert_cmpstr (mention->label, ==, "Frailty pathway");
  g_assert_cmpstr (mention->excerpt, ==, "Led by " NAME " with the council's team.");
  mention = erasure->mentions->pdata[1];
  g_assert_cmpstr (mention->kind->name, ==, "task");
  g_assert_cmpstr (mention->field, ==, "title");

  /* Listed for review, not edited. */
  project = joinery_db_get (tdb->db, joinery_kind_lookup ("project"), n.project, &error);
  g_assert_cmpstr (joinery_record_get_text (project, "summary"), ==, "Led by " NAME " with the council's team.");
}

static void
test_erase_missing (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryErasure) erasure = joinery_person_data_erase (tdb->db, 7, &error);

  g_assert_null (erasure);
  g_assert_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_NOT_FOUND);
}

/* The audit trail */

static void
test_audit_scrub_refused (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  sqlite3 *handle = joinery_db_get_handle (tdb->db);
  sqlite3 *other = NULL;
  const char *tampering[] = {
    "UPDATE audit SET after = NULL",
    "UPDATE audit SET before = '{}' WHERE id = 1",
    "DELETE FROM audit",
  };

  joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", NULL);

  /* On the core's connection, outside an erasure, and in a transaction of
   * its own: refused. */
  for (guint i = 0; i < G_N_ELEMENTS (tampering); i++)
    {
      g_assert_cmpint (sqlite3_exec (handle, tampering[i], NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
      g_assert_cmpstr (sqlite3_errmsg (handle), ==, "the audit trail is append-only");
    }
  g_assert_cmpint (sqlite3_exec (handle, "BEGIN; UPDATE audit SET after = NULL;", NULL, NULL, NULL) & 0xff,
                   ==, SQLITE_CONSTRAINT);
  sqlite3_exec (handle, "ROLLBACK", NULL, NULL, NULL);

  /* On another program's connection: the trigger cannot even run. */
  g_assert_cmpint (sqlite3_open (tdb->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "UPDATE audit SET after = NULL", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "DELETE FROM audit", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (other);

  g_assert_cmpint (query_int (tdb->db, "SELECT count(*) FROM audit WHERE after IS NOT NULL"), ==, 1);
}

static void
test_audit_list (void)
{
  g_autoptr(JoineryTestDb) tdb = joinery_test_db_new ();
  g_autoptr(JoineryRecord) person = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  JoineryAuditEntry *entry;
  JoineryAuditField *field;
  gint64 id = joinery_test_create (tdb->db, "person", "name", "Amara Ashcombe", "email", "a@example.org", NULL);

  joinery_test_create (tdb->db, "person", "name", "Someone Else", NULL);
  person = joinery_db_get (tdb->db, joinery_kind_lookup ("person"), id, &error);
  joinery_record_set_text (person, "email", "amara@example.org");
  joinery_record_set_text (person, "job_title", "Chair");
  g_assert_true (joinery_db_update (tdb->db, person, &error));
  g_assert_true (joinery_db_audit_export (tdb->db, joinery_kind_lookup ("person"), 0, "people", 2, "csv", &error));
  g_assert_no_error (error);

  entries = joinery_db_audit_list (tdb->db, joinery_kind_lookup ("person"), id, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->action, ==, "create");
  g_assert_cmpstr (entry->source, ==, "test");
  g_assert_cmpuint (entry->fields->len, ==, 3);  /* name, email, consent */
  entry = entries->pdata[1];
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_cmpuint (entry->fields->len, ==, 2);
  field = entry->fields->pdata[0];
  g_assert_cmpstr (field->field, ==, "job_title");
  g_assert_null (field->before);
  g_assert_cmpstr (field->after, ==, "Chair");
  field = entry->fields->pdata[1];
  g_assert_cmpstr (field->field, ==, "email");
  g_assert_cmpstr (field->before, ==, "a@example.org");
  g_assert_cmpstr (field->after, ==, "amara@example.org");
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Everything, the export last, with its details. */
  entries = joinery_db_audit_list (tdb->db, NULL, 0, NULL, 0, &error);
  g_assert_cmpuint (entries->len, ==, 4);
  entry = entries->pdata[3];
  g_assert_cmpstr (entry->action, ==, "export");
  g_assert_cmpstr (entry->kind, ==, "person");
  g_assert_cmpuint (entry->fields->len, ==, 3);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* The latest only, and nothing from the future. */
  entries = joinery_db_audit_list (tdb->db, NULL, 0, NULL, 1, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((JoineryAuditEntry *) entries->pdata[0])->action, ==, "export");
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = joinery_db_audit_list (tdb->db, NULL, 0, "2999-01-01", 0, &error);
  g_assert_cmpuint (entries->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/person-data/coverage", test_coverage);
  g_test_add_func ("/core/person-data/coverage-catches-new-table", test_coverage_catches_new_table);
  g_test_add_func ("/core/person-data/export", test_export);
  g_test_add_func ("/core/person-data/export-missing", test_export_missing);
  g_test_add_func ("/core/person-data/erase", test_erase);
  g_test_add_func ("/core/person-data/erase-blank-mentions", test_erase_blank_mentions);
  g_test_add_func ("/core/person-data/erase-flags-mentions", test_erase_flags_mentions);
  g_test_add_func ("/core/person-data/erase-missing", test_erase_missing);
  g_test_add_func ("/core/audit/scrub-refused", test_audit_scrub_refused);
  g_test_add_func ("/core/audit/list", test_audit_list);

  return g_test_run ();
}
