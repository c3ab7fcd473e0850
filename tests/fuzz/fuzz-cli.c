/* fuzz-cli.c: libFuzzer target for the command line's FIELD=VALUE
 * arguments (app/cli: `joinery add KIND field=value…`, `set KIND ID
 * field=value…`, and the filters of `list` and `export`, field=value,
 * field>=value, field~text…), run through joinery_cli_run() as a user's
 * command line, on a small database.
 *
 * The input is the arguments, one a line; the first names the command and
 * must be one of those above (or show, delete, search or kinds), and
 * options those that write nowhere but the output, else the input is
 * skipped. Besides not crashing, leaking or overrunning, the
 * command line keeps its promises: the exit status is 0, 1 (bad input or
 * data) or 2 (bad usage), and the file stays sound (PRAGMA quick_check
 * and foreign_key_check, checked every so often).
 */
#include "fuzz-util.h"
#include "joinery-cli.h"
#include "joinery-db.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ARGS 24

static char *db_path;
static guint n_runs;

static const char * const commands[] = {
  "add", "set", "list", "export", "show", "delete", "search", "kinds", NULL,
};

/* Options that write nowhere but the output (no --output: a fuzzed path
 * could be any file). */
static const char * const options[] = {
  "--sort", "--limit", "--search", "--format", "--include-no-consent", "--help", NULL,
};

/* Run `joinery --db FILE ARGS…` with its output thrown away (its messages
 * are kept: they are where a sanitizer report would go too). */
static int
run_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int saved_stdout, null_fd, status;

  g_ptr_array_add (argv, (gpointer) "joinery");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, db_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  fflush (stdout);
  saved_stdout = dup (STDOUT_FILENO);
  null_fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved_stdout < 0 || null_fd < 0 || dup2 (null_fd, STDOUT_FILENO) < 0)
    fuzz_fail ("cannot silence the output");
  close (null_fd);
  status = joinery_cli_run ((int) argv->len - 1, (char **) argv->pdata);
  fflush (stdout);
  dup2 (saved_stdout, STDOUT_FILENO);
  close (saved_stdout);
  return status;
}

static void
check_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JoineryDb) db = joinery_db_open (db_path, JOINERY_DB_OPEN_QUICK_CHECK, &error);
  sqlite3_stmt *stmt = NULL;

  if (db == NULL)
    fuzz_fail ("the file does not open after a command: %s", error->message);
  if (sqlite3_prepare_v2 (joinery_db_get_handle (db), "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    fuzz_fail ("cannot check foreign keys: %s", sqlite3_errmsg (joinery_db_get_handle (db)));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    fuzz_fail ("a command broke a foreign key");
  sqlite3_finalize (stmt);
}

static void
remove_db (void)
{
  if (db_path != NULL)
    joinery_db_remove_files (db_path);
  g_clear_pointer (&db_path, g_free);
}

static void
make_db (void)
{
  static const char * const setup[][8] = {
    { "init", NULL },
    { "add", "organisation", "name=Leeds City Council", "kind=council", NULL },
    { "add", "person", "name=A. Example", "organisation=Leeds City Council", "email=a@example.org", NULL },
    { "add", "fund", "name=Innovation Fund", "funder=Leeds City Council", NULL },
    { "add", "round", "fund=Innovation Fund", "name=Round 1", "number=1", NULL },
    { "add", "grant", "round=Round 1", "title=Social prescribing", "applicant=Leeds City Council",
      "amount_requested=£25,000", NULL },
  };

  db_path = g_build_filename (fuzz_tmp_dir (), "cli.joinery", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (setup); i++)
    if (run_cli (setup[i]) != 0)
      fuzz_fail ("cannot set up the database (step %u)", i);
  atexit (remove_db);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = NULL;
  int status;

  /* A NUL ends an argument as it would in argv. */
  if (memchr (data, '\0', size) != NULL)
    return 0;
  lines = g_strsplit (text, "\n", MAX_ARGS + 1);
  if (lines[0] == NULL || g_strv_length (lines) > MAX_ARGS || !g_strv_contains (commands, lines[0]))
    return 0;
  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] == '-' && lines[i][1] == '-')
      {
        g_autofree char *name = g_strndup (lines[i], strcspn (lines[i], "="));
        if (!g_strv_contains (options, name))
          return 0;
      }
  if (db_path == NULL)
    make_db ();

  status = run_cli ((const char * const *) lines);
  if (status < 0 || status > 2)
    fuzz_fail ("the exit status is %d", status);
  if (++n_runs % 64 == 1 ||
      (status == 0 && (g_str_equal (lines[0], "add") || g_str_equal (lines[0], "set") ||
                       g_str_equal (lines[0], "delete"))))
    check_file ();
  return 0;
}
