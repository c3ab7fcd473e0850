/* joinery-cli-file.c: the commands on the database file as a whole —
 * init, undo, redo, check and generate.
 *
 * None of them may harm a file it was not asked to make: init leaves an
 * existing Joinery database as it is (so that running it twice is
 * harmless) and refuses another program's file; generate refuses anything
 * already there; both only ever remove what they created themselves.
 */
#include "joinery-cli-private.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "joinery-generate.h"

/* Use FILE rather than --db when it is given. */
static int
take_file_argument (JoineryCli *cli, const char *file)
{
  if (file == NULL)
    return JOINERY_CLI_EXIT_OK;
  if (*file == '\0')
    return joinery_cli_usage_error (cli, "the file name is empty");
  g_free (cli->db_path);
  cli->db_path = g_strdup (file);
  cli->db_is_default = FALSE;
  return JOINERY_CLI_EXIT_OK;
}

static gint64
count_records (JoineryDb *db)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  gint64 total = 0;

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      gint64 n = 0;
      if (joinery_db_count (db, kinds[k], NULL, &n, NULL))
        total += n;
    }
  return total;
}

/* init */

int
joinery_cli_file_init (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  int status;

  status = take_file_argument (cli, args[0]);
  if (status != JOINERY_CLI_EXIT_OK)
    return status;

  /* Look before creating: opening read-only tells a Joinery database from
   * another program's file without writing a byte to either. An empty file
   * is as good as none. */
  if (g_stat (cli->db_path, &st) == 0 && (st.st_size > 0 || !S_ISREG (st.st_mode)))
    {
      db = joinery_db_open (cli->db_path, JOINERY_DB_OPEN_READ_ONLY, &error);
      if (db == NULL)
        return joinery_cli_fail (cli, error, "cannot create a new database");
      joinery_cli_output_printf (stdout, "%s is already a Joinery database (schema %u); "
                                 "it was left as it was\n",
                                 joinery_db_get_path (db), joinery_db_get_version (db));
      return JOINERY_CLI_EXIT_OK;
    }

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_CREATE, &status);
  if (db == NULL)
    return status;
  joinery_cli_output_printf (stdout, "Created %s (schema %u)\n", joinery_db_get_path (db),
                             joinery_db_get_version (db));
  return JOINERY_CLI_EXIT_OK;
}

/* undo, redo */

static int
replay (JoineryCli *cli, gboolean undo)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *shown = NULL;
  int status;

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT, &status);
  if (db == NULL)
    return status;
  if (!(undo ? joinery_db_undo (db, &label, &error) : joinery_db_redo (db, &label, &error)))
    return joinery_cli_fail (cli, error, undo ? "cannot undo" : "cannot redo");
  shown = joinery_cli_output_clean (label != NULL ? label : "the change", 0);
  joinery_cli_output_printf (stdout, "%s: %s\n", undo ? "Undid" : "Redid", shown);
  return JOINERY_CLI_EXIT_OK;
}

int
joinery_cli_file_undo (JoineryCli *cli, char **args)
{
  return replay (cli, TRUE);
}

int
joinery_cli_file_redo (JoineryCli *cli, char **args)
{
  return replay (cli, FALSE);
}

/* check */

int
joinery_cli_file_check (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_records = 0;
  int status;

  /* A damaged file is refused at the door, with SQLite's own words. */
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_DEFAULT | JOINERY_DB_OPEN_QUICK_CHECK, &status);
  if (db == NULL)
    return status;
  problems = joinery_db_check (db, joinery_cli_has_option (cli, "full"), &error);
  if (problems == NULL)
    return joinery_cli_fail (cli, error, "cannot check “%s”", joinery_db_get_path (db));
  if (problems->len == 0)
    n_records = count_records (db);

  switch (cli->format)
    {
    case JOINERY_CLI_FORMAT_CSV:
      {
        g_autoptr(GString) out = g_string_new (NULL);
        const char *header[] = { "problem" };

        joinery_cli_output_csv_row (out, header, 1, NULL);
        for (guint i = 0; i < problems->len; i++)
          joinery_cli_output_csv_row (out, (const char * const *) &problems->pdata[i], 1, NULL);
        fwrite (out->str, 1, out->len, stdout);
      }
      break;
    case JOINERY_CLI_FORMAT_JSON:
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "ok");
        json_builder_add_boolean_value (builder, problems->len == 0);
        json_builder_set_member_name (builder, "schema");
        json_builder_add_int_value (builder, joinery_db_get_version (db));
        if (problems->len == 0)
          {
            json_builder_set_member_name (builder, "records");
            json_builder_add_int_value (builder, n_records);
          }
        json_builder_set_member_name (builder, "problems");
        json_builder_begin_array (builder);
        for (guint i = 0; i < problems->len; i++)
          json_builder_add_string_value (builder, problems->pdata[i]);
        json_builder_end_array (builder);
        json_builder_end_object (builder);
        root = json_builder_get_root (builder);
        joinery_cli_output_json (root);
      }
      break;
    case JOINERY_CLI_FORMAT_TEXT:
    default:
      if (problems->len == 0)
        joinery_cli_output_printf (stdout, "ok: no problems found (schema %u, %" G_GINT64_FORMAT " %s)\n",
                                   joinery_db_get_version (db), n_records,
                                   n_records == 1 ? "record" : "records");
      for (guint i = 0; i < problems->len; i++)
        joinery_cli_output_printf (stdout, "problem: %s\n", (const char *) problems->pdata[i]);
      break;
    }

  if (problems->len > 0)
    return joinery_cli_fail_message (cli, "check found %u %s in “%s”", problems->len,
                                     problems->len == 1 ? "problem" : "problems",
                                     joinery_db_get_path (db));
  return JOINERY_CLI_EXIT_OK;
}

/* generate */

typedef struct {
  int last_percent;
} Progress;

static void
progress_cb (guint64 done, guint64 total, gpointer user_data)
{
  Progress *progress = user_data;
  int percent = total > 0 ? (int) (done * 100 / total) : 100;

  if (percent == progress->last_percent)
    return;
  progress->last_percent = percent;
  joinery_cli_output_printf (stderr, "\rGenerating… %3d%%", percent);
  fflush (stderr);
}

static void
print_generate_summary (JoineryDb *db, guint64 people, guint64 seed)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();
  gint64 total = 0;

  joinery_cli_table_add_column (table, "Records", TRUE);
  joinery_cli_table_add_column (table, "Kind", FALSE);
  for (guint k = 0; kinds[k] != NULL; k++)
    {
      gint64 n = 0;
      char **cells;

      if (!joinery_db_count (db, kinds[k], NULL, &n, NULL) || n == 0)
        continue;
      cells = g_new0 (char *, 3);
      cells[0] = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      cells[1] = g_strdup (kinds[k]->label_plural);
      joinery_cli_table_add_row (table, cells);
      total += n;
    }
  joinery_cli_output_printf (stdout, "Generated a network of %" G_GUINT64_FORMAT " people (seed %"
                             G_GUINT64_FORMAT ") in %s (schema %u):\n\n",
                             people, seed, joinery_db_get_path (db), joinery_db_get_version (db));
  joinery_cli_table_print (table, stdout);
  joinery_cli_output_printf (stdout, "\n%" G_GINT64_FORMAT " records in all.\n", total);
}

int
joinery_cli_file_generate (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Progress progress = { -1 };
  gboolean show_progress = joinery_cli_stderr_is_tty ();
  gboolean existed;
  guint64 people = 0, seed = 1;
  const char *opt_people = joinery_cli_get_option (cli, "people");
  const char *opt_seed = joinery_cli_get_option (cli, "seed");
  GStatBuf st;
  int status;

  if (opt_people == NULL)
    return joinery_cli_usage_error (cli, "how many people? (give --people N)");
  if (!joinery_cli_parse_number (cli, "people", opt_people, 1, 10000000, &people, &status))
    return status;
  if (opt_seed != NULL &&
      !joinery_cli_parse_number (cli, "seed", opt_seed, 0, G_MAXUINT32, &seed, &status))
    return status;
  status = take_file_argument (cli, args[0]);
  if (status != JOINERY_CLI_EXIT_OK)
    return status;

  /* Only a new (or empty) file: generating into someone's records would
   * bury them in fiction. */
  existed = g_stat (cli->db_path, &st) == 0;
  if (existed && (st.st_size > 0 || !S_ISREG (st.st_mode)))
    return joinery_cli_fail_message (cli, "cannot generate into “%s”: the file exists and is not "
                                     "empty (name a new file)", cli->db_path);

  db = joinery_cli_open (cli, JOINERY_DB_OPEN_CREATE, &status);
  if (db == NULL)
    return status;
  path = g_strdup (joinery_db_get_path (db));

  if (!joinery_generate (db, people, (guint32) seed, show_progress ? progress_cb : NULL, &progress,
                         &error))
    {
      if (show_progress)
        joinery_cli_output_puts (stderr, "\n");
      /* What we made and could not fill goes; what was there stays. */
      g_clear_object (&db);
      if (!existed)
        joinery_db_remove_files (path);
      return joinery_cli_fail (cli, error, "cannot generate the network");
    }
  if (show_progress)
    joinery_cli_output_puts (stderr, "\r                \r");

  print_generate_summary (db, people, seed);
  return JOINERY_CLI_EXIT_OK;
}

int
joinery_cli_file_open (JoineryCli *cli, char **args)
{
  if (args[0] != NULL)
    return joinery_cli_launch (cli, args[0], JOINERY_CLI_LAUNCH_DEFAULT);
  return joinery_cli_launch (cli, cli->db_is_default ? NULL : cli->db_path, JOINERY_CLI_LAUNCH_DEFAULT);
}

/* The commands */

static const JoineryCliOption check_options[] = {
  { "full", NULL, "Run SQLite's full integrity check (slower)" },
  { NULL }
};

static const JoineryCliOption generate_options[] = {
  { "people", "N", "How many people (required)" },
  { "seed", "S", "Seed of the random choices (default 1)" },
  { NULL }
};

const JoineryCliCommand joinery_cli_file_commands[] = {
  { "open", "open [FILE]", "Open a database in the window",
    "Without FILE (or --db), opens the database used last, or the welcome page.\n"
    "Running “joinery” with no command does the same.\n"
    "\n"
    "Example:\n"
    "  joinery open ~/leeds.joinery",
    NULL, 0, 1, FALSE, joinery_cli_file_open },
  { "init", "init [FILE]", "Create a new, empty Joinery database",
    "FILE defaults to --db. An existing Joinery database is never overwritten,\n"
    "and a file that belongs to another program is refused and left untouched.\n"
    "\n"
    "Example:\n"
    "  joinery init ~/leeds.joinery",
    NULL, 0, 1, TRUE, joinery_cli_file_init },
  { "undo", "undo", "Undo the latest change",
    "Changes are undone one command at a time, also in a later run.",
    NULL, 0, 0, TRUE, joinery_cli_file_undo },
  { "redo", "redo", "Redo the latest undone change",
    NULL, NULL, 0, 0, TRUE, joinery_cli_file_redo },
  { "check", "check", "Check the database for damage and inconsistencies",
    "Exits with status 1 and lists each problem if there is any.",
    check_options, 0, 0, TRUE, joinery_cli_file_check },
  { "generate", "generate --people N [FILE]", "Create a synthetic network for trials",
    "Writes a fictional network of N people with their organisations, projects,\n"
    "grants, events and the rest, in proportion, into a new database at FILE (or\n"
    "--db). The same N and seed always give the same network.\n"
    "\n"
    "Example:\n"
    "  joinery generate --people 5000 --seed 4 /tmp/big.joinery",
    generate_options, 0, 1, TRUE, joinery_cli_file_generate },
  { NULL }
};
