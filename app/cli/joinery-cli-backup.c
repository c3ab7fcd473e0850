/* joinery-cli-backup.c: `joinery backup`, `joinery backups` and
 * `joinery restore`.
 *
 * The copies themselves are the core's (joinery-backup.h): written whole
 * or not at all, checked, and a restore always keeps what it replaces.
 * This file only reads the command line, asks before a restore, and says
 * where things went. It never writes to the database but through
 * joinery_backup_restore().
 */
#include "config.h"

#include "joinery-cli-private.h"
#include "joinery-backup.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define DEFAULT_KEEP 7

/* --dir as given, else the database's own backup folder. */
static char *
dup_backup_dir (JoineryCli *cli, int *status)
{
  const char *dir = joinery_cli_get_option (cli, "dir");

  *status = JOINERY_CLI_EXIT_OK;
  if (dir == NULL)
    return joinery_backup_default_dir (cli->db_path);
  if (*dir == '\0')
    {
      *status = joinery_cli_usage_error (cli, "--dir needs a folder");
      return NULL;
    }
  return g_canonicalize_filename (dir, NULL);
}

static char *
format_size (goffset size)
{
  return g_format_size_full ((guint64) size, G_FORMAT_SIZE_DEFAULT);
}

/* backup */

static int
joinery_cli_backup_run (JoineryCli *cli, char **args)
{
  g_autoptr(JoineryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *written = NULL;
  g_autofree char *size = NULL;
  const char *output = joinery_cli_get_option (cli, "output");
  const char *keep_text = joinery_cli_get_option (cli, "keep");
  guint64 keep = DEFAULT_KEEP;
  GStatBuf st;
  int status;

  if (output != NULL && joinery_cli_has_option (cli, "dir"))
    return joinery_cli_usage_error (cli, "give either --output or --dir, not both");
  if (output != NULL && keep_text != NULL)
    return joinery_cli_usage_error (cli, "--keep is for the backup folder, not --output");
  if (output != NULL && *output == '\0')
    return joinery_cli_usage_error (cli, "--output needs a file name");
  if (keep_text != NULL &&
      !joinery_cli_parse_number (cli, "--keep", keep_text, 1, 10000, &keep, &status))
    return status;
  if (output == NULL && (dir = dup_backup_dir (cli, &status)) == NULL)
    return status;

  /* Opened as every command opens it: a foreign or newer file is refused. */
  db = joinery_cli_open (cli, JOINERY_DB_OPEN_READ_ONLY, &status);
  if (db == NULL)
    return status;

  if (output != NULL)
    {
      if (!joinery_backup_write (db, output, NULL, NULL, NULL, &error))
        return joinery_cli_fail (cli, error, "cannot back up “%s”", joinery_db_get_path (db));
      written = g_strdup (output);
    }
  else if (!joinery_backup_rotate (joinery_db_get_path (db), dir, (guint) keep, FALSE, NULL,
                                   &written, NULL, NULL, NULL, &error))
    return joinery_cli_fail (cli, error, "cannot back up “%s”", joinery_db_get_path (db));

  size = format_size (g_stat (written, &st) == 0 ? st.st_size : 0);
  joinery_cli_output_printf (stdout, "Backed up %s to %s (%s)\n", joinery_db_get_path (db),
                             written, size);
  if (dir != NULL)
    joinery_cli_output_printf (stdout, "The newest %u dated backups in %s are kept\n",
                               (guint) keep, dir);
  return JOINERY_CLI_EXIT_OK;
}

/* backups */

static int
joinery_cli_backups_run (JoineryCli *cli, char **args)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  dir = dup_backup_dir (cli, &status);
  if (dir == NULL)
    return status;
  list = joinery_backup_list (dir, &error);
  if (list == NULL)
    return joinery_cli_fail (cli, error, "cannot list the backups");

  switch (cli->format)
    {
    case JOINERY_CLI_FORMAT_CSV:
      {
        g_autoptr(GString) out = g_string_new (NULL);
        const char *header[] = { "written", "day", "size", "path" };

        joinery_cli_output_csv_row (out, header, 4, NULL);
        for (guint i = 0; i < list->len; i++)
          {
            JoineryBackupInfo *info = list->pdata[i];
            g_autofree char *written = g_date_time_format_iso8601 (info->modified);
            g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) info->size);
            const char *row[] = { written, info->day, size, info->path };

            joinery_cli_output_csv_row (out, row, 4, NULL);
          }
        fwrite (out->str, 1, out->len, stdout);
      }
      break;
    case JOINERY_CLI_FORMAT_JSON:
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_array (builder);
        for (guint i = 0; i < list->len; i++)
          {
            JoineryBackupInfo *info = list->pdata[i];
            g_autofree char *written = g_date_time_format_iso8601 (info->modified);

            json_builder_begin_object (builder);
            json_builder_set_member_name (builder, "name");
            json_builder_add_string_value (builder, info->name);
            json_builder_set_member_name (builder, "path");
            json_builder_add_string_value (builder, info->path);
            json_builder_set_member_name (builder, "day");
            if (info->day != NULL)
              json_builder_add_string_value (builder, info->day);
            else
              json_builder_add_null_value (builder);
            json_builder_set_member_name (builder, "written");
            json_builder_add_string_value (builder, written);
            json_builder_set_member_name (builder, "size");
            json_builder_add_int_value (builder, info->size);
            json_builder_end_object (builder);
          }
        json_builder_end_array (builder);
        root = json_builder_get_root (builder);
        joinery_cli_output_json (root);
      }
      break;
    case JOINERY_CLI_FORMAT_TEXT:
    default:
      if (list->len == 0)
        {
          joinery_cli_output_printf (stdout, "No backups in %s\n", dir);
          break;
        }
      {
        g_autoptr(JoineryCliTable) table = joinery_cli_table_new ();

        joinery_cli_table_add_column (table, "Written", FALSE);
        joinery_cli_table_add_column (table, "Size", TRUE);
        joinery_cli_table_add_column (table, "Backup", FALSE);
        for (guint i = 0; i < list->len; i++)
          {
            JoineryBackupInfo *info = list->pdata[i];
            char **cells = g_new0 (char *, 4);

            cells[0] = g_date_time_format (info->modified, "%Y-%m-%d %H:%M");
            cells[1] = format_size (info->size);
            cells[2] = g_strdup (info->name);
            joinery_cli_table_add_row (table, cells);
          }
        joinery_cli_output_printf (stdout, "Backups in %s, newest first:\n", dir);
        joinery_cli_table_print (table, stdout);
      }
      break;
    }
  return JOINERY_CLI_EXIT_OK;
}

/* restore */

static int
joinery_cli_restore_run (JoineryCli *cli, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *before = NULL;
  g_autofree char *db_path = NULL;
  int status;

  if (*args[0] == '\0')
    return joinery_cli_usage_error (cli, "the backup's file name is empty");
  dir = dup_backup_dir (cli, &status);
  if (dir == NULL)
    return status;
  /* A bare name, as `joinery backups` lists it, is looked for in the
   * backup folder when there is no such file here. */
  backup = g_canonicalize_filename (args[0], NULL);
  if (!g_file_test (backup, G_FILE_TEST_EXISTS) && strchr (args[0], G_DIR_SEPARATOR) == NULL)
    {
      g_free (backup);
      backup = g_build_filename (dir, args[0], NULL);
    }
  db_path = g_canonicalize_filename (cli->db_path, NULL);

  /* The database is deliberately not opened as other commands do: a
   * damaged one is what is restored over most often. */
  if (!joinery_backup_check (backup, &error))
    return joinery_cli_fail (cli, error, "cannot restore %s", db_path);
  if (!joinery_cli_has_option (cli, "yes"))
    {
      if (!isatty (STDIN_FILENO))
        return joinery_cli_usage_error (cli, "a restore replaces everything in %s; "
                                        "add --yes to confirm", db_path);
      if (!joinery_cli_confirm ("Replace everything in %s with the backup %s?\n"
                                "What it holds now is kept as a backup first. [y/N] ", db_path, backup))
        {
          joinery_cli_output_puts (stdout, "Nothing was restored\n");
          return JOINERY_CLI_EXIT_OK;
        }
    }

  if (!joinery_backup_restore (db_path, backup, dir, &before, &error))
    return joinery_cli_fail (cli, error, "cannot restore %s", db_path);
  joinery_cli_output_printf (stdout, "Restored %s from %s\n"
                             "What it held before is kept in %s\n"
                             "(to undo: joinery --db %s restore %s --yes)\n",
                             db_path, backup, before, db_path, before);
  return JOINERY_CLI_EXIT_OK;
}

static const JoineryCliOption backup_options[] = {
  { "output", "FILE", "Write the backup to FILE (which must not exist)" },
  { "dir", "DIR", "The backup folder (default: the database's own, in the data folder)" },
  { "keep", "N", "Keep the newest N dated backups in the folder (default 7)" },
  { NULL }
};

static const JoineryCliOption backups_options[] = {
  { "dir", "DIR", "The backup folder (default: the database's own, in the data folder)" },
  { NULL }
};

static const JoineryCliOption restore_options[] = {
  { "yes", NULL, "Do not ask first (needed when not on a terminal)" },
  { "dir", "DIR", "Where to look for BACKUP by name, and to keep the replaced data "
                  "(default: the database's backup folder)" },
  { NULL }
};

const JoineryCliCommand joinery_cli_backup_commands[] = {
  { "backup", "backup [--output FILE | --dir DIR] [--keep N]", "Back up the database",
    "Copies the database as it is now, while it may be in use, checks the copy\n"
    "and only then puts it in place: a backup is never half written. Without\n"
    "--output the copy goes to the database's backup folder,\n"
    "~/.local/share/joinery/backups/NAME-HASH/ (also where the window keeps its\n"
    "daily backups), named by date and time, and only the newest N dated\n"
    "backups there are kept.\n"
    "\n"
    "Examples:\n"
    "  joinery --db network.joinery backup\n"
    "  joinery --db network.joinery backup --output /media/usb/network-friday.joinery\n"
    "  joinery --db network.joinery backup --dir /srv/backups/network --keep 30",
    backup_options, 0, 0, TRUE, joinery_cli_backup_run },
  { "backups", "backups [--dir DIR]", "List the database's backups, newest first",
    "Lists the backups in the database's backup folder (or DIR) with when each\n"
    "was written and its size.\n"
    "\n"
    "Examples:\n"
    "  joinery --db network.joinery backups\n"
    "  joinery --db network.joinery backups --format json",
    backups_options, 0, 0, TRUE, joinery_cli_backups_run },
  { "restore", "restore BACKUP [--yes]", "Put a backup back in place of the database",
    "Checks the backup (a whole file, a Joinery database, not from a newer\n"
    "version), keeps what the database holds now as a backup named\n"
    "…-before-restore.joinery in the backup folder, then copies the backup in,\n"
    "all at once. A damaged or foreign backup is refused and nothing changes.\n"
    "BACKUP is a file, or a name as `joinery backups` lists it. Asks first,\n"
    "unless --yes is given.\n"
    "\n"
    "Examples:\n"
    "  joinery --db network.joinery restore 2026-12-01.joinery\n"
    "  joinery --db network.joinery restore /media/usb/network-friday.joinery --yes",
    restore_options, 1, 1, TRUE, joinery_cli_restore_run },
  { NULL }
};
