/* test-trust-faults.c: an allocation, a write, a sync or a truncate that
 * fails, anywhere in an operation, costs nothing.
 *
 * Each operation — a create, an update, a delete and its undo, a search,
 * an import of a small CSV through app/exchange — first runs without
 * faults on a copy of a small generated network, to learn the state of
 * the records after each of its steps. Then, for N = 1, 2, 3… until the
 * operation finishes without reaching its Nth allocation (or write, sync,
 * truncate), it runs again on a fresh copy with that one failing (or,
 * "persistent", that one and every one after it, as a full disk does):
 * each step either succeeds or returns a GError with a message, never a
 * crash; and the file, closed and opened again through the core, passes
 * PRAGMA integrity_check, PRAGMA foreign_key_check and the core's full
 * check (links, search index), and holds the state before the failing
 * step or after it, whole — never a part of a change.
 *
 * The allocator is SQLite's, wrapped with sqlite3_config(); the file layer
 * is a VFS shim over the unix VFS (trust-faults.c).
 */
#include "joinery-test-util.h"
#include "joinery-import.h"
#include "trust-faults.h"

#include <string.h>

#include <glib/gstdio.h>

/* The operations */

typedef struct {
  char  *dir;
  char  *template;   /* the network every run starts from */
  char  *work;       /* the copy a run changes */
  char  *csv;
  gint64 update_id;  /* a person to change */
  gint64 delete_id;  /* a person nothing refers to */
  gint64 org_id;
} Fixture;

typedef gboolean (*StepFunc) (Fixture *f, JoineryDb *db, GError **error);

typedef struct {
  const char *name;
  StepFunc    steps[3];  /* NULL-terminated */
} Operation;

static gboolean
step_create (Fixture *f, JoineryDb *db, GError **error)
{
  g_autoptr(JoineryRecord) record = joinery_record_new (joinery_kind_lookup ("person"));

  joinery_record_set_text (record, "name", "Tamsin Okonedo-Hale");
  joinery_record_set_text (record, "email", "tamsin.okonedo-hale@example.org");
  joinery_record_set_integer (record, "organisation", f->org_id);
  return joinery_db_create (db, record, error);
}

static gboolean
step_update (Fixture *f, JoineryDb *db, GError **error)
{
  g_autoptr(JoineryRecord) record = joinery_db_get (db, joinery_kind_lookup ("person"), f->update_id, error);

  if (record == NULL)
    return FALSE;
  joinery_record_set_text (record, "job_title", "Head of Neighbourhood Care");
  joinery_record_set_text (record, "email", "orla.pennington@example.org");
  return joinery_db_update (db, record, error);
}

static gboolean
step_delete (Fixture *f, JoineryDb *db, GError **error)
{
  return joinery_db_delete (db, joinery_kind_lookup ("person"), f->delete_id, error);
}

static gboolean
step_undo (Fixture *f, JoineryDb *db, GError **error)
{
  g_autofree char *label = NULL;

  if (!joinery_db_undo (db, &label, error))
    return FALSE;
  /* The label names the record, or "?" when reading its name failed (out
   * of memory) while the delete itself went through. */
  if (g_strcmp0 (label, "Delete person “?”") != 0)
    g_assert_cmpstr (label, ==, "Delete person “Dara Whitlock”");
  return TRUE;
}

static gboolean
step_search (Fixture *f, JoineryDb *db, GError **error)
{
  g_autoptr(GPtrArray) hits = joinery_db_search (db, "pennington", NULL, 10, NULL, NULL, error);

  if (hits == NULL)
    return FALSE;
  /* A search that succeeds finds what is there. */
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((JoinerySearchHit *) hits->pdata[0])->id, ==, f->update_id);
  return TRUE;
}

static gboolean
step_import (Fixture *f, JoineryDb *db, GError **error)
{
  g_autoptr(JoineryImport) import = joinery_import_new (joinery_kind_lookup ("person"), f->csv);
  g_autoptr(JoineryImportReport) report = joinery_import_run (import, db, NULL, NULL, NULL, error);

  if (report == NULL)
    return FALSE;
  if (!report->committed)
    {
      /* Problems found (reading what is there failed): reported, nothing saved. */
      g_autofree char *problem = NULL;
      g_assert_cmpuint (report->n_problems, >, 0);
      problem = joinery_import_problem_to_string (report->problems->pdata[0]);
      g_set_error (error, JOINERY_DB_ERROR, JOINERY_DB_ERROR_FAILED, "import not saved: %s", problem);
      return FALSE;
    }
  g_assert_cmpuint (report->created, ==, 4);
  return TRUE;
}

static const Operation operations[] = {
  { "create", { step_create, NULL } },
  { "update", { step_update, NULL } },
  { "delete-undo", { step_delete, step_undo, NULL } },
  { "search", { step_search, NULL } },
  { "import", { step_import, NULL } },
};

static const Operation *
find_operation (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    if (g_str_equal (operations[i].name, name))
      return &operations[i];
  g_assert_not_reached ();
}

static Fixture *
fixture_new (void)
{
  static const char csv[] =
    "Name,Email\r\n"
    "Ifeoma Castleton,ifeoma.castleton@example.org\r\n"
    "Rhodri Fairbairn,rhodri.fairbairn@example.org\r\n"
    "Saoirse Blakemore,saoirse.blakemore@example.org\r\n"
    "Tobias Wrenfield,tobias.wrenfield@example.org\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  Fixture *f = g_new0 (Fixture, 1);

  f->dir = trust_make_scratch_dir ("joinery-faults-XXXXXX");
  f->template = g_build_filename (f->dir, "template.joinery", NULL);
  f->work = g_build_filename (f->dir, "work.joinery", NULL);
  f->csv = g_build_filename (f->dir, "people.csv", NULL);
  g_file_set_contents (f->csv, csv, -1, &error);
  g_assert_no_error (error);

  /* Small, so that each of the thousands of runs is quick. */
  db = joinery_db_open (f->template, JOINERY_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  joinery_test_create (db, "organisation", "name", "Millbeck Social Enterprise", "kind", "social_enterprise", NULL);
  joinery_test_create (db, "person", "name", "Hollis Lowther", "email", "hollis.lowther@example.org", NULL);
  f->org_id = joinery_test_create (db, "organisation", "name", "Calderbrook Council", "kind", "council", NULL);
  f->update_id = joinery_test_create (db, "person", "name", "Orla Pennington", NULL);
  f->delete_id = joinery_test_create (db, "person", "name", "Dara Whitlock", NULL);
  /* Closed: the write-ahead log is checkpointed into the file. */
  g_clear_object (&db);
  return f;
}

static void
fixture_free (Fixture *f)
{
  joinery_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->template);
  g_free (f->work);
  g_free (f->csv);
  g_free (f);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

/* The state of the records, without the times they were made at. */
static char *
dump_state (JoineryDb *db)
{
  static const char * const queries[] = {
    "SELECT id, name, job_title, email, organisation_id FROM people ORDER BY id",
    "SELECT id, name, kind FROM organisations ORDER BY id",
    "SELECT id, change_group, kind, record_id, action FROM audit ORDER BY id",
    /* Not the label: a record's name that cannot be read (out of memory)
     * is "?" in the label of an otherwise whole change. */
    "SELECT id, state, changeset IS NULL FROM change_groups ORDER BY id",
    "SELECT rowid, kind, title, body FROM search_index ORDER BY rowid",
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *rows = trust_query_rows (joinery_db_get_handle (db), queries[i]);
      g_string_append_printf (out, "%s\n%s", queries[i], rows);
    }
  return g_string_free (out, FALSE);
}

static JoineryDb *
open_work (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JoineryDb *db = joinery_db_open (f->work, JOINERY_DB_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  joinery_db_set_source (db, "test");
  return db;
}

static void
fresh_copy (Fixture *f)
{
  joinery_db_remove_files (f->work);
  trust_copy_file (f->template, f->work);
}

/* The first line where two states part, or NULL if they are the same. */
static char *
state_difference (const char *expected, const char *found)
{
  g_auto(GStrv) a = g_strsplit (expected, "\n", -1);
  g_auto(GStrv) b = g_strsplit (found, "\n", -1);
  guint i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (!g_str_equal (a[i], b[i]))
      break;
  if (a[i] == NULL && b[i] == NULL)
    return NULL;
  return g_strdup_printf ("line %u: expected “%s”, found “%s”", i + 1, a[i] != NULL ? a[i] : "(end)",
                          b[i] != NULL ? b[i] : "(end)");
}

/* The file opens through the core, whole, and its state is returned. */
static char *
check_file (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open (f->work, JOINERY_DB_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *foreign = NULL;

  g_assert_no_error (error);
  integrity = trust_query_rows (joinery_db_get_handle (db), "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok\n");
  foreign = trust_query_rows (joinery_db_get_handle (db), "PRAGMA foreign_key_check");
  g_assert_cmpstr (foreign, ==, "");
  /* The core's own: links to records of any kind, the search index
   * against the records (the quick form: integrity was checked above). */
  problems = joinery_db_check (db, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("check: %s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
  return dump_state (db);
}

/* The state before the operation, then after each of its steps. */
static GPtrArray *
reference_states (Fixture *f, const Operation *op)
{
  GPtrArray *states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JoineryDb) db = NULL;

  fresh_copy (f);
  db = open_work (f);
  g_ptr_array_add (states, dump_state (db));
  for (guint s = 0; op->steps[s] != NULL; s++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (op->steps[s] (f, db, &error));
      g_assert_no_error (error);
      g_ptr_array_add (states, dump_state (db));
    }
  g_clear_object (&db);
  {
    g_autofree char *state = check_file (f);
    g_autofree char *difference = state_difference (states->pdata[states->len - 1], state);
    if (difference != NULL)
      g_error ("%s without faults: reopened, the file differs: %s", op->name, difference);
  }
  return states;
}

/* The faults */

typedef enum {
  FAULT_MALLOC,
  FAULT_WRITE,
  FAULT_SYNC,
  FAULT_TRUNCATE,
} FaultKind;

typedef struct {
  FaultKind kind;
  gboolean  persistent;
  int       rc;          /* for the file layer */
  guint     stride;      /* every N up to `dense`, then every stride-th */
  guint     dense;
  gboolean  whole_session;  /* armed before opening, disarmed after closing */
} Fault;

static void
arm (const Fault *fault, guint n)
{
  switch (fault->kind)
    {
    case FAULT_MALLOC:
      trust_malloc_arm (n, fault->persistent);
      break;
    case FAULT_WRITE:
      trust_vfs_arm (TRUST_IO_WRITE, n, fault->rc, fault->persistent);
      break;
    case FAULT_SYNC:
      trust_vfs_arm (TRUST_IO_SYNC, n, fault->rc, fault->persistent);
      break;
    case FAULT_TRUNCATE:
      trust_vfs_arm (TRUST_IO_TRUNCATE, n, fault->rc, fault->persistent);
      break;
    }
}

/* Disarm; whether the fault was reached. */
static gboolean
disarm (const Fault *fault)
{
  if (fault->kind == FAULT_MALLOC)
    {
      trust_malloc_disarm ();
      return trust_malloc_fired ();
    }
  trust_vfs_disarm ();
  return trust_vfs_fired ();
}

static gboolean every_point;

static void
sweep (const Operation *op, const Fault *fault, guint min_points)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GPtrArray) states = reference_states (f, op);
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_points = 0, n_failed = 0, n_kept = 0;
  guint n = 1;
  gboolean fired = TRUE;
  gint64 start = g_get_monotonic_time ();

  for (n = 1; fired; n += n < fault->dense || every_point ? 1 : fault->stride)
    {
      g_autoptr(JoineryDb) db = NULL;
      g_autofree char *state = NULL;
      g_autofree char *failure = NULL;
      guint failed_step = 0;  /* from 1; 0: all succeeded */
      guint n_steps;

      fresh_copy (f);
      if (fault->whole_session)
        {
          /* Opening, the operation and closing (its checkpoint) all under
           * the fault. */
          g_autoptr(GError) error = NULL;
          arm (fault, n);
          db = joinery_db_open (f->work, JOINERY_DB_OPEN_DEFAULT, &error);
          if (db == NULL)
            {
              g_autofree char *unchanged = NULL;
              g_autofree char *difference = NULL;
              g_assert_error (error, JOINERY_DB_ERROR, error->code);
              g_hash_table_insert (messages, g_strdup_printf ("opening: %s", error->message), NULL);
              fired = disarm (fault);
              g_assert_true (fired);
              n_points++;
              n_failed++;
              unchanged = check_file (f);
              difference = state_difference (states->pdata[0], unchanged);
              if (difference != NULL)
                g_error ("%s, fault at %u: opening failed, and the file changed: %s", op->name, n, difference);
              continue;
            }
        }
      else
        {
          db = open_work (f);
          arm (fault, n);
        }
      for (n_steps = 0; op->steps[n_steps] != NULL; n_steps++)
        {
          g_autoptr(GError) error = NULL;
          gboolean ok = op->steps[n_steps] (f, db, &error);

          if (!ok)
            {
              if (error == NULL)
                g_error ("%s, fault at %u: step %u failed without an error", op->name, n, n_steps + 1);
              g_assert_cmpstr (error->message, !=, "");
              g_hash_table_insert (messages, g_strdup_printf ("%s %d: %s", g_quark_to_string (error->domain),
                                                              error->code, error->message),
                                   GINT_TO_POINTER (1));
              failed_step = n_steps + 1;
              g_free (failure);
              failure = g_strdup (error->message);
              break;
            }
          if (error != NULL)
            g_error ("%s, fault at %u: step %u succeeded but set an error: %s", op->name, n, n_steps + 1,
                     error->message);
        }
      /* The connection stays usable after a failure: it closes cleanly. */
      if (fault->whole_session)
        g_clear_object (&db);
      fired = disarm (fault);
      g_clear_object (&db);
      n_points++;

      state = check_file (f);
      if (failed_step == 0)
        {
          g_autofree char *difference = state_difference (states->pdata[states->len - 1], state);
          if (difference != NULL)
            g_error ("%s, fault at %u: every step succeeded, but the file differs: %s", op->name, n,
                     difference);
          continue;
        }
      n_failed++;
      g_assert_true (fired);
      /* The failed step left everything before it, and all or none of itself. */
      if (g_str_equal (state, states->pdata[failed_step]) &&
          !g_str_equal (state, states->pdata[failed_step - 1]))
        {
          g_test_message ("%s, fault at %u: step %u reported “%s” but its change was saved", op->name, n,
                          failed_step, failure);
          n_kept++;
        }
      else if (!g_str_equal (state, states->pdata[failed_step - 1]))
        {
          g_autofree char *from_before = state_difference (states->pdata[failed_step - 1], state);
          g_autofree char *from_after = state_difference (states->pdata[failed_step], state);
          g_error ("%s, fault at %u: step %u failed and the file holds part of its change: "
                   "against the state before, %s; against the state after, %s", op->name, n,
                   failed_step, from_before, from_after);
        }
    }

  g_test_message ("%s: %u fault points (to %u) in %.1f s; %u failed cleanly (%u of them kept "
                  "the change, reported failed after its commit), %u distinct messages",
                  op->name, n_points, n, (g_get_monotonic_time () - start) / 1e6, n_failed, n_kept,
                  g_hash_table_size (messages));
  {
    GHashTableIter iter;
    gpointer key;
    guint shown = 0;
    g_hash_table_iter_init (&iter, messages);
    while (g_hash_table_iter_next (&iter, &key, NULL) && shown++ < 8)
      g_test_message ("  %s", (char *) key);
  }
  g_assert_cmpuint (n_points, >=, min_points);
  /* SQLite truncates only where it may shrug off a failure (the log and
   * its index, on opening and closing): there the fault is reached and
   * the file must be whole, but nothing need fail. */
  if (fault->kind != FAULT_TRUNCATE)
    g_assert_cmpuint (n_failed, >, 0);
  /* Out of memory, a change is never reported failed yet saved (as it was
   * when SQLite rolled a group's transaction back and the writes after it
   * committed one by one). A failed sync may leave a commit that SQLite
   * finds whole on reopening; that is the file layer's to decide. */
  if (fault->kind == FAULT_MALLOC)
    g_assert_cmpuint (n_kept, ==, 0);
}

/* Cases: /trust/faults/KIND/OPERATION. Allocation faults are tried at
 * every point up to the 200th (opening statements, the transaction, the
 * first writes), then at every 6th, to keep the suite quick on a busy
 * machine; JOINERY_FAULTS_EVERY_POINT=1 tries every one. */

typedef struct {
  const char *path;
  const char *operation;
  Fault       fault;
  guint       min_points;
} Case;

static void
run_case (gconstpointer data)
{
  const Case *c = data;
  sweep (find_operation (c->operation), &c->fault, c->min_points);
}

static const Case cases[] = {
  /* Every allocation, one at a time; and from the Nth on (a stride). */
  { "/trust/faults/malloc/create", "create", { FAULT_MALLOC, FALSE, 0, 6, 200 }, 50 },
  { "/trust/faults/malloc/update", "update", { FAULT_MALLOC, FALSE, 0, 6, 200 }, 50 },
  { "/trust/faults/malloc/delete-undo", "delete-undo", { FAULT_MALLOC, FALSE, 0, 6, 200 }, 50 },
  { "/trust/faults/malloc/search", "search", { FAULT_MALLOC, FALSE, 0, 6, 200 }, 10 },
  { "/trust/faults/malloc/import", "import", { FAULT_MALLOC, FALSE, 0, 6, 200 }, 50 },
  { "/trust/faults/malloc-persistent/delete-undo", "delete-undo", { FAULT_MALLOC, TRUE, 0, 10, 50 }, 20 },
  { "/trust/faults/malloc-persistent/import", "import", { FAULT_MALLOC, TRUE, 0, 10, 50 }, 20 },
  /* The file layer: a whole save and a whole import. */
  { "/trust/faults/write-full/create", "create", { FAULT_WRITE, TRUE, SQLITE_FULL, 1, G_MAXUINT }, 2 },
  { "/trust/faults/write-full/update", "update", { FAULT_WRITE, TRUE, SQLITE_FULL, 1, G_MAXUINT }, 2 },
  { "/trust/faults/write-full/import", "import", { FAULT_WRITE, TRUE, SQLITE_FULL, 1, G_MAXUINT }, 2 },
  { "/trust/faults/write-ioerr/create", "create", { FAULT_WRITE, FALSE, SQLITE_IOERR_WRITE, 1, G_MAXUINT }, 2 },
  { "/trust/faults/write-ioerr/import", "import", { FAULT_WRITE, FALSE, SQLITE_IOERR_WRITE, 1, G_MAXUINT }, 2 },
  { "/trust/faults/sync/create", "create", { FAULT_SYNC, FALSE, SQLITE_IOERR_FSYNC, 1, G_MAXUINT }, 1 },
  { "/trust/faults/sync/update", "update", { FAULT_SYNC, FALSE, SQLITE_IOERR_FSYNC, 1, G_MAXUINT }, 1 },
  { "/trust/faults/sync/import", "import", { FAULT_SYNC, TRUE, SQLITE_IOERR_FSYNC, 1, G_MAXUINT }, 1 },
  /* The whole session: opening, the save, and the checkpoint on closing. */
  { "/trust/faults/session-write-full/create", "create", { FAULT_WRITE, TRUE, SQLITE_FULL, 1, G_MAXUINT, TRUE }, 2 },
  { "/trust/faults/session-write-ioerr/update", "update", { FAULT_WRITE, FALSE, SQLITE_IOERR_WRITE, 1, G_MAXUINT, TRUE }, 2 },
  { "/trust/faults/session-sync/create", "create", { FAULT_SYNC, FALSE, SQLITE_IOERR_FSYNC, 1, G_MAXUINT, TRUE }, 2 },
  { "/trust/faults/session-truncate/delete-undo", "delete-undo", { FAULT_TRUNCATE, TRUE, SQLITE_IOERR_TRUNCATE, 1, G_MAXUINT, TRUE }, 1 },
};

int
main (int argc, char **argv)
{
  /* Before SQLite is first used. */
  trust_malloc_install ();
  trust_vfs_install ();
  g_test_init (&argc, &argv, NULL);
  every_point = g_strcmp0 (g_getenv ("JOINERY_FAULTS_EVERY_POINT"), "1") == 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], run_case);

  return g_test_run ();
}
