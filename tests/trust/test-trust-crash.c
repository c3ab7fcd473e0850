/* test-trust-crash.c: nothing committed is lost when the program is killed.
 *
 * As SQLite tests itself: a child process (this program run again with
 * --child) makes changes through the core in a loop — people added,
 * changed and deleted, an organisation and its person in one change group,
 * an undo — writing to a side file what it is about to do ("I") and, once
 * the core has committed it, that it is done ("D"). The parent kills it
 * with SIGKILL at a random moment, 200 times in a row, each child carrying
 * on from where the last was killed. After every kill the file opens
 * through the core; PRAGMA integrity_check says ok, PRAGMA
 * foreign_key_check finds nothing, the core's own full check (links,
 * search index) is clean; and the records are exactly those the log says
 * were done — plus, at most, the one change that was under way, whole,
 * never half of it.
 *
 * The seed is printed; JOINERY_CRASH_SEED=N repeats a run, and
 * JOINERY_CRASH_KILLS=N changes the number of kills.
 */
#include "joinery-test-util.h"
#include "trust-faults.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define KILLS 200
#define MAX_DELAY_US 40000

/* The model: what the records should be */

typedef struct {
  char *title;  /* job title, "" for none */
  char *org;    /* organisation's name, "" for none */
} ModelPerson;

typedef struct {
  GHashTable *people;  /* name → ModelPerson */
  GHashTable *orgs;    /* name → TRUE */
} Model;

typedef struct {
  guint64  seq;
  char   **fields;    /* "create" NAME | "group" ORG NAME | "update" NAME TITLE | "delete" NAME | "undo" */
  gboolean done;
} Op;

static void
model_person_free (gpointer data)
{
  ModelPerson *person = data;
  g_free (person->title);
  g_free (person->org);
  g_free (person);
}

static Model *
model_new (void)
{
  Model *model = g_new0 (Model, 1);
  model->people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, model_person_free);
  model->orgs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return model;
}

static void
model_free (Model *model)
{
  g_hash_table_unref (model->people);
  g_hash_table_unref (model->orgs);
  g_free (model);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Model, model_free)

static void
op_free (gpointer data)
{
  Op *op = data;
  g_strfreev (op->fields);
  g_free (op);
}

static void
model_add_person (Model *model, const char *name, const char *org)
{
  ModelPerson *person = g_new0 (ModelPerson, 1);
  person->title = g_strdup ("");
  person->org = g_strdup (org);
  g_hash_table_replace (model->people, g_strdup (name), person);
}

/* Apply the effective operations in order. An undo is not among them: it
 * took the one before it away. */
static Model *
model_replay (GPtrArray *effective, Op *extra)
{
  Model *model = model_new ();

  for (guint i = 0; i <= effective->len; i++)
    {
      Op *op = i < effective->len ? effective->pdata[i] : extra;
      const char *what;

      if (op == NULL)
        break;
      what = op->fields[0];
      if (g_str_equal (what, "create"))
        model_add_person (model, op->fields[1], "");
      else if (g_str_equal (what, "group"))
        {
          g_hash_table_add (model->orgs, g_strdup (op->fields[1]));
          model_add_person (model, op->fields[2], op->fields[1]);
        }
      else if (g_str_equal (what, "update"))
        {
          ModelPerson *person = g_hash_table_lookup (model->people, op->fields[1]);
          g_assert_nonnull (person);
          g_free (person->title);
          person->title = g_strdup (op->fields[2]);
        }
      else if (g_str_equal (what, "delete"))
        g_assert_true (g_hash_table_remove (model->people, op->fields[1]));
      else
        g_assert_not_reached ();
    }
  return model;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The model as the rows the state query gives: people by name, then the
 * organisations. */
static char *
model_render (Model *model)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, model->people);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ModelPerson *person = value;
      g_ptr_array_add (lines, g_strdup_printf ("%s|%s|%s", (char *) key, person->title, person->org));
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) lines->pdata[i]);
  g_string_append (out, "--\n");
  g_ptr_array_set_size (lines, 0);
  g_hash_table_iter_init (&iter, model->orgs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (lines, g_strdup (key));
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) lines->pdata[i]);
  return g_string_free (out, FALSE);
}

static char *
db_render (JoineryDb *db)
{
  sqlite3 *handle = joinery_db_get_handle (db);
  g_autofree char *people =
    trust_query_rows (handle,
                      "SELECT p.name, coalesce(p.job_title, ''), coalesce(o.name, '') FROM people p "
                      "LEFT JOIN organisations o ON o.id = p.organisation_id "
                      /* The order of the model's lines: whole lines, byte by byte
                       * ("Member 1|…" after "Member 11|…"). */
                      "ORDER BY p.name || '|' || coalesce(p.job_title, '') || '|' || coalesce(o.name, '')");
  g_autofree char *orgs = trust_query_rows (handle, "SELECT name FROM organisations ORDER BY name");

  return g_strconcat (people, "--\n", orgs, NULL);
}

/* The log: "I SEQ WHAT ARGS…" before a change, "D SEQ" once committed.
 * Returns the operations in order; a line cut short by the kill is left
 * out (the change it announced never started). */
static GPtrArray *
read_log (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (op_free);
  g_auto(GStrv) lines = NULL;
  gsize length = 0;
  guint n_lines;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  n_lines = g_strv_length (lines);
  /* The last piece follows the last newline: whole lines only. */
  for (guint i = 0; i + 1 < n_lines; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      guint64 seq = g_ascii_strtoull (fields[1], NULL, 10);

      if (g_str_equal (fields[0], "X"))
        {
          /* The parent found the change cut short was not committed. */
          g_assert_cmpuint (ops->len, >, 0);
          g_assert_cmpuint (((Op *) ops->pdata[ops->len - 1])->seq, ==, seq);
          g_ptr_array_remove_index (ops, ops->len - 1);
        }
      else if (g_str_equal (fields[0], "I"))
        {
          Op *op = g_new0 (Op, 1);
          op->seq = seq;
          op->fields = g_strdupv (fields + 2);
          g_ptr_array_add (ops, op);
        }
      else
        {
          Op *last;
          g_assert_cmpstr (fields[0], ==, "D");
          g_assert_cmpuint (ops->len, >, 0);
          last = ops->pdata[ops->len - 1];
          g_assert_cmpuint (last->seq, ==, seq);
          last->done = TRUE;
        }
    }
  return g_steal_pointer (&ops);
}

/* The child */

typedef struct {
  gint64   id;
  char    *name;
  gboolean updated;
  gboolean gone;
} ChildPerson;

static void
child_person_free (gpointer data)
{
  ChildPerson *person = data;
  g_free (person->name);
  g_free (person);
}

static void
log_line (int fd, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
log_line (int fd, const char *format, ...)
{
  g_autofree char *line = NULL;
  va_list args;
  gsize length;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  length = strlen (line);
  /* One write, appended: a kill leaves a line whole or not there at all. */
  if (write (fd, line, length) != (gssize) length)
    {
      g_printerr ("child: cannot write the log: %s\n", g_strerror (errno));
      _exit (3);
    }
}

G_GNUC_NORETURN static void
child_fail (const char *what, GError *error)
{
  g_printerr ("child: %s: %s\n", what, error != NULL ? error->message : "failed");
  _exit (4);
}

static gint64
child_create_person (JoineryDb *db, const char *name, gint64 org, GError **error)
{
  g_autoptr(JoineryRecord) record = joinery_record_new (joinery_kind_lookup ("person"));

  joinery_record_set_text (record, "name", name);
  if (org > 0)
    joinery_record_set_integer (record, "organisation", org);
  if (!joinery_db_create (db, record, error))
    return 0;
  return joinery_record_get_id (record);
}

G_GNUC_NORETURN static void
run_child (const char *db_path, const char *log_path, guint generation, guint32 seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (child_person_free);
  const char *last_op = NULL;   /* this child's last done change, for undo */
  ChildPerson *last_person = NULL;
  guint64 seq = (guint64) generation * 1000000;
  int fd;

  fd = open (log_path, O_WRONLY | O_APPEND | O_CREAT, 0600);
  if (fd < 0)
    {
      g_printerr ("child: cannot open the log: %s\n", g_strerror (errno));
      _exit (3);
    }
  db = joinery_db_open (db_path, JOINERY_DB_OPEN_DEFAULT, &error);
  if (db == NULL)
    child_fail ("open", error);
  joinery_db_set_source (db, "crash-test");

  for (guint i = 0;; i++)
    {
      guint choice = (guint) g_rand_int_range (rand, 0, 100);
      ChildPerson *person = NULL;
      gboolean ok;

      seq++;
      if (mine->len > 0)
        person = mine->pdata[g_rand_int_range (rand, 0, (gint32) mine->len)];

      if (choice < 10 && last_op != NULL)
        {
          /* Undo this child's own last change: the latest in the file. */
          log_line (fd, "I\t%" G_GUINT64_FORMAT "\tundo\n", seq);
          ok = joinery_db_undo (db, NULL, &error);
          if (ok)
            {
              if (g_str_equal (last_op, "create") || g_str_equal (last_op, "group"))
                last_person->gone = TRUE;
              else if (g_str_equal (last_op, "delete"))
                last_person->gone = FALSE;
              else
                last_person->updated = FALSE;
            }
          last_op = NULL;
        }
      else if (choice < 25 && person != NULL && !person->gone && !person->updated)
        {
          g_autofree char *title = g_strdup_printf ("Lead g%u-%u", generation, i);
          g_autoptr(JoineryRecord) record = NULL;

          log_line (fd, "I\t%" G_GUINT64_FORMAT "\tupdate\t%s\t%s\n", seq, person->name, title);
          record = joinery_db_get (db, joinery_kind_lookup ("person"), person->id, &error);
          if (record == NULL)
            child_fail ("get", error);
          joinery_record_set_text (record, "job_title", title);
          ok = joinery_db_update (db, record, &error);
          person->updated = TRUE;
          last_op = "update";
        }
      else if (choice < 35 && person != NULL && !person->gone)
        {
          log_line (fd, "I\t%" G_GUINT64_FORMAT "\tdelete\t%s\n", seq, person->name);
          ok = joinery_db_delete (db, joinery_kind_lookup ("person"), person->id, &error);
          person->gone = TRUE;
          last_op = "delete";
        }
      else if (choice < 55)
        {
          g_autoptr(JoineryRecord) org = joinery_record_new (joinery_kind_lookup ("organisation"));
          g_autofree char *org_name = g_strdup_printf ("Trust g%u-%u", generation, i);
          person = g_new0 (ChildPerson, 1);
          person->name = g_strdup_printf ("Member g%u-%u", generation, i);
          g_ptr_array_add (mine, person);

          log_line (fd, "I\t%" G_GUINT64_FORMAT "\tgroup\t%s\t%s\n", seq, org_name, person->name);
          ok = joinery_db_begin (db, "Add a trust and its member", JOINERY_GROUP_DEFAULT, &error);
          if (ok)
            {
              joinery_record_set_text (org, "name", org_name);
              joinery_record_set_text (org, "kind", "voluntary");
              ok = joinery_db_create (db, org, &error) &&
                   (person->id = child_create_person (db, person->name, joinery_record_get_id (org),
                                                      &error)) > 0 &&
                   joinery_db_commit (db, &error);
              if (!ok && joinery_db_in_group (db))
                joinery_db_rollback (db);
            }
          last_op = "group";
        }
      else
        {
          person = g_new0 (ChildPerson, 1);
          person->name = g_strdup_printf ("Person g%u-%u", generation, i);
          g_ptr_array_add (mine, person);
          log_line (fd, "I\t%" G_GUINT64_FORMAT "\tcreate\t%s\n", seq, person->name);
          person->id = child_create_person (db, person->name, 0, &error);
          ok = person->id > 0;
          last_op = "create";
        }

      if (!ok)
        child_fail ("change", error);
      last_person = person;
      log_line (fd, "D\t%" G_GUINT64_FORMAT "\n", seq);
    }
}

/* The parent */

static char *self_exe;

typedef enum {
  OUTCOME_BETWEEN,      /* no change was under way */
  OUTCOME_ROLLED_BACK,  /* one was, and is not in the file */
  OUTCOME_COMMITTED,    /* one was, and is in the file, whole */
  N_OUTCOMES
} Outcome;

static void
append_log (const char *path, const char *mark, guint64 seq)
{
  FILE *file = g_fopen (path, "a");

  g_assert_nonnull (file);
  fprintf (file, "%s\t%" G_GUINT64_FORMAT "\n", mark, seq);
  g_assert_cmpint (fclose (file), ==, 0);
}

/* After a kill: check the file, and settle in the log the change that
 * was under way, if any (committed: "D", or not: "X"), so that the next
 * child's changes follow on. Returns how many changes were made (undos
 * included) since the start. */
static guint
verify (const char *db_path, const char *log_path, guint kill, Outcome *outcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GPtrArray) ops = read_log (log_path);
  g_autoptr(GPtrArray) effective = g_ptr_array_new ();
  g_autoptr(Model) before = NULL;
  g_autoptr(Model) after = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *expected_before = NULL;
  g_autofree char *expected_after = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *foreign = NULL;
  Op *pending = NULL;
  guint n_done = 0;

  for (guint i = 0; i < ops->len; i++)
    {
      Op *op = ops->pdata[i];

      if (!op->done)
        {
          /* Only the last change can have been cut short. */
          g_assert_cmpuint (i, ==, ops->len - 1);
          pending = op;
          break;
        }
      n_done++;
      if (g_str_equal (op->fields[0], "undo"))
        g_ptr_array_remove_index (effective, effective->len - 1);
      else
        g_ptr_array_add (effective, op);
    }

  db = joinery_db_open (db_path, JOINERY_DB_OPEN_QUICK_CHECK, &error);
  if (db == NULL)
    g_error ("after kill %u the file does not open: %s", kill, error->message);

  integrity = trust_query_rows (joinery_db_get_handle (db), "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok\n");
  foreign = trust_query_rows (joinery_db_get_handle (db), "PRAGMA foreign_key_check");
  g_assert_cmpstr (foreign, ==, "");
  joinery_test_assert_check_clean (db);

  actual = db_render (db);
  before = model_replay (effective, NULL);
  expected_before = model_render (before);
  if (g_str_equal (actual, expected_before))
    {
      *outcome = pending != NULL ? OUTCOME_ROLLED_BACK : OUTCOME_BETWEEN;
      if (pending != NULL)
        append_log (log_path, "X", pending->seq);
      return n_done;
    }

  /* Otherwise the change under way was committed, whole. */
  if (pending != NULL)
    {
      if (g_str_equal (pending->fields[0], "undo"))
        {
          g_ptr_array_remove_index (effective, effective->len - 1);
          after = model_replay (effective, NULL);
        }
      else
        after = model_replay (effective, pending);
      expected_after = model_render (after);
      if (g_str_equal (actual, expected_after))
        {
          *outcome = OUTCOME_COMMITTED;
          append_log (log_path, "D", pending->seq);
          return n_done + 1;
        }
    }
  g_test_message ("after kill %u, expected:\n%s\nor (the change under way done):\n%s\nbut the file holds:\n%s",
                  kill, expected_before, expected_after != NULL ? expected_after : "(none under way)",
                  actual);
  g_test_fail ();
  g_error ("after kill %u the file does not hold what was committed", kill);
  return 0;
}

static goffset
log_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* Until the child has written to the log (or has been at it for 10 s). */
static void
wait_for_growth (const char *path, goffset size)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (log_size (path) == size && g_get_monotonic_time () < until)
    g_usleep (200);
}

static void
test_kill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("joinery-crash-XXXXXX", &error);
  g_autofree char *db_path = NULL;
  g_autofree char *log_path = NULL;
  const char *seed_env = g_getenv ("JOINERY_CRASH_SEED");
  const char *kills_env = g_getenv ("JOINERY_CRASH_KILLS");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : g_random_int ();
  guint kills = kills_env != NULL ? (guint) g_ascii_strtoull (kills_env, NULL, 10) : KILLS;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint n_done = 0, n_outcomes[N_OUTCOMES] = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  g_test_message ("seed %u (repeat with JOINERY_CRASH_SEED=%u)", seed, seed);
  g_print ("# crash test seed %u\n", seed);
  db_path = g_build_filename (dir, "crash.joinery", NULL);
  log_path = g_build_filename (dir, "crash.log", NULL);
  {
    g_autoptr(JoineryDb) db = joinery_db_open (db_path, JOINERY_DB_OPEN_CREATE, &error);
    g_assert_no_error (error);
  }
  g_file_set_contents (log_path, "", 0, &error);
  g_assert_no_error (error);

  for (guint kill_n = 1; kill_n <= kills; kill_n++)
    {
      g_autofree char *generation = g_strdup_printf ("%u", kill_n);
      g_autofree char *child_seed = g_strdup_printf ("%u", g_rand_int (rand));
      goffset size_before = log_size (log_path);
      const char *argv[] = { self_exe, "--child", db_path, log_path, generation, child_seed, NULL };
      gulong delay = (gulong) g_rand_int_range (rand, 0, MAX_DELAY_US);
      Outcome outcome;
      GPid pid;
      int status = 0;

      g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
      g_assert_no_error (error);
      /* One kill in four at any moment from the start (opening the file,
       * recovering its log); the others once the child is making changes,
       * which starting a process would otherwise take most of the time of. */
      if (kill_n % 4 != 0)
        wait_for_growth (log_path, size_before);
      g_usleep (delay);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
        g_error ("kill %u: the child ended by itself (status %d) before it was killed", kill_n, status);
      n_done = verify (db_path, log_path, kill_n, &outcome);
      n_outcomes[outcome]++;
    }

  g_test_message ("%u kills in %.1f s, %u changes committed; the kill fell in the middle of a "
                  "change %u times (%u of them after SQLite had written its commit), between "
                  "changes or before the first %u times",
                  kills, (g_get_monotonic_time () - start) / 1e6, n_done,
                  n_outcomes[OUTCOME_ROLLED_BACK] + n_outcomes[OUTCOME_COMMITTED],
                  n_outcomes[OUTCOME_COMMITTED], n_outcomes[OUTCOME_BETWEEN]);
  /* The kills must land while changes are being made, not only between
   * them (loosely: the machine may be busy). */
  g_assert_cmpuint (n_done, >, kills / 4);
  g_assert_cmpuint (n_outcomes[OUTCOME_BETWEEN], <, kills / 2);
  joinery_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  if (argc == 6 && g_str_equal (argv[1], "--child"))
    run_child (argv[2], argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10),
               (guint32) g_ascii_strtoull (argv[5], NULL, 10));

  g_test_init (&argc, &argv, NULL);
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self_exe);

  g_test_add_func ("/trust/crash/kill", test_kill);

  return g_test_run ();
}
