/* joinery-cli.c: the `joinery` command line — global options, the table of
 * commands, their --help, dispatch, and the one way every command reports
 * a problem.
 *
 * The exit status tells a script what happened: 0 done, 1 the command ran
 * and refused (bad input or data), 2 the command line itself was wrong.
 * Every message goes out as UTF-8 bytes whatever the locale: g_print would
 * turn “£” and quotes into “?” under LANG=C. Nothing a user types may crash
 * the program, so every argument is checked here or by the core before use.
 */
#include "config.h"

#include "joinery-cli.h"
#include "joinery-cli-private.h"

#include <errno.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* The commands, one table per area; help lists them in this order. */
static const JoineryCliCommand help_commands[] = {
  { "help", "help [COMMAND]", "Show the commands, or the help of one command",
    NULL, NULL, 0, 1, FALSE, NULL },
  { NULL }
};

static const JoineryCliCommand * const command_tables[] = {
  joinery_cli_file_commands,
  joinery_cli_records_commands,
  joinery_cli_exchange_commands,
  joinery_cli_lua_commands,
  joinery_cli_demo_commands,
  joinery_cli_network_commands,
  joinery_cli_backup_commands,
  joinery_cli_plugins_commands,
  joinery_cli_person_commands,
  joinery_cli_dashboard_commands,
  help_commands,
};

#define FOREACH_COMMAND(c) \
  for (guint t_ = 0; t_ < G_N_ELEMENTS (command_tables); t_++) \
    for (const JoineryCliCommand *c = command_tables[t_]; c->name != NULL; c++)

static JoineryCliLauncher launcher;

void
joinery_cli_set_launcher (JoineryCliLauncher func)
{
  launcher = func;
}

int
joinery_cli_launch (JoineryCli *cli, const char *db_path, JoineryCliLaunchFlags flags)
{
  if (launcher == NULL)
    return joinery_cli_fail_message (cli, "there is no display to open the window on "
                                     "(DISPLAY and WAYLAND_DISPLAY are not set)");
  return launcher (db_path, flags);
}

static const JoineryCliCommand *
find_command (const char *name)
{
  FOREACH_COMMAND (command)
    if (g_str_equal (command->name, name))
      return command;
  return NULL;
}

/* Command options as given: name → GPtrArray of values ("" for a flag). */

const char *
joinery_cli_get_option (JoineryCli *cli, const char *name)
{
  GPtrArray *values = cli->options != NULL ? g_hash_table_lookup (cli->options, name) : NULL;
  return values != NULL && values->len > 0 ? values->pdata[values->len - 1] : NULL;
}

gboolean
joinery_cli_has_option (JoineryCli *cli, const char *name)
{
  return joinery_cli_get_option (cli, name) != NULL;
}

const char * const *
joinery_cli_get_option_values (JoineryCli *cli, const char *name)
{
  static const char * const none[] = { NULL };
  GPtrArray *values = cli->options != NULL ? g_hash_table_lookup (cli->options, name) : NULL;

  if (values == NULL)
    return none;
  return (const char * const *) values->pdata;
}

/* Reporting */

/* What reaches the terminal: valid UTF-8 without control characters, so
 * that a file name or value typed with stray bytes or escape sequences
 * can neither garble nor steer the terminal. */
static char *
dup_printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '\n' || !g_unichar_iscntrl (c))
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, ' ');
    }
  return g_string_free (out, FALSE);
}

static void
print_error_line (const char *message)
{
  g_autofree char *printable = dup_printable (message);
  joinery_cli_output_printf (stderr, "joinery: %s\n", printable);
}

int
joinery_cli_usage_error (JoineryCli *cli, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  print_error_line (message);
  if (cli != NULL && cli->command != NULL)
    joinery_cli_output_printf (stderr, "Try “joinery %s --help”.\n", cli->command);
  else
    joinery_cli_output_puts (stderr, "Try “joinery --help”.\n");
  return JOINERY_CLI_EXIT_USAGE;
}

int
joinery_cli_fail_message (JoineryCli *cli, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  print_error_line (message);
  return JOINERY_CLI_EXIT_DATA;
}

/* "joinery: WHAT: MESSAGE", where the core's message already names the
 * field or the file concerned; and a hint where the next step is clear. */
int
joinery_cli_fail (JoineryCli *cli, const GError *error, const char *format, ...)
{
  g_autofree char *what = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  /* "cannot delete organisation “X”: it is still referred to by…" says
   * what failed by itself. */
  if (g_error_matches (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_IN_USE))
    message = g_strdup (error->message);
  else
    message = g_strdup_printf ("%s: %s", what, error->message);
  print_error_line (message);

  if (g_error_matches (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_UNKNOWN_FIELD) &&
      joinery_validation_error_get_kind (error) != NULL)
    joinery_cli_output_printf (stderr, "Try “joinery kinds %s” for its fields.\n",
                               joinery_validation_error_get_kind (error));
  else if (g_error_matches (error, JOINERY_VALIDATION_ERROR, JOINERY_VALIDATION_ERROR_UNKNOWN_KIND))
    joinery_cli_output_puts (stderr, "Try “joinery kinds” for the kinds of record.\n");
  return JOINERY_CLI_EXIT_DATA;
}

/* Shared checks */

JoineryDb *
joinery_cli_open (JoineryCli *cli, JoineryDbOpenFlags flags, int *status)
{
  g_autoptr(GError) error = NULL;
  JoineryDb *db;

  /* The default folder is ours to make; a folder the user named is not. */
  if ((flags & JOINERY_DB_OPEN_CREATE) && cli->db_is_default)
    {
      g_autofree char *folder = g_path_get_dirname (cli->db_path);
      if (g_mkdir_with_parents (folder, 0700) != 0)
        {
          int saved_errno = errno;
          *status = joinery_cli_fail_message (cli, "cannot create the folder “%s”: %s", folder,
                                              g_strerror (saved_errno));
          return NULL;
        }
    }

  db = joinery_db_open (cli->db_path, flags, &error);
  if (db == NULL)
    {
      *status = joinery_cli_fail (cli, error, "cannot open the database");
      return NULL;
    }
  joinery_db_set_source (db, "cli");
  *status = JOINERY_CLI_EXIT_OK;
  return db;
}

const JoineryKind *
joinery_cli_lookup_kind (JoineryCli *cli, const char *name, int *status)
{
  g_autoptr(GError) error = NULL;
  const JoineryKind *kind = joinery_kind_lookup_checked (name, &error);

  if (kind == NULL)
    *status = joinery_cli_fail (cli, error, "unknown kind");
  return kind;
}

/* An id is a positive whole number, optionally written "#12". Digits too
 * many for any id name no record (status 1); anything else is not an id
 * at all (status 2). */
gboolean
joinery_cli_parse_id (JoineryCli *cli, const JoineryKind *kind, const char *text, gint64 *id,
                      int *status)
{
  const char *digits = text[0] == '#' ? text + 1 : text;
  guint64 value;

  if (*digits == '\0' || strspn (digits, "0123456789") != strlen (digits))
    {
      g_autofree char *shown = dup_printable (text);
      *status = joinery_cli_usage_error (cli, "“%s” is not an id (ids are numbers, as in “%s 12”)",
                                         shown, kind->name);
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &value, NULL))
    {
      *status = joinery_cli_fail_message (cli, "there is no %s #%s", kind->name, digits);
      return FALSE;
    }
  *id = (gint64) value;
  return TRUE;
}

/* A query of `kind` from the command's filters (FIELD=VALUE…, as `joinery
 * list` takes them) and its --sort and --search options; NULL with
 * *status set when one is wrong. `verb` says what failed ("list"). */
JoineryQuery *
joinery_cli_build_query (JoineryCli *cli, const JoineryKind *kind, char **filters, const char *verb,
                         int *status)
{
  const char *opt_sort = joinery_cli_get_option (cli, "sort");
  const char *opt_search = joinery_cli_get_option (cli, "search");
  g_autoptr(JoineryQuery) query = joinery_query_new (kind);
  g_autoptr(GError) error = NULL;

  if (opt_sort != NULL && (opt_sort[0] == '\0' || g_str_equal (opt_sort, "-")))
    {
      *status = joinery_cli_usage_error (cli, "--sort needs a field name");
      return NULL;
    }
  for (guint i = 0; filters[i] != NULL; i++)
    if (!joinery_query_parse_filter (query, filters[i], &error))
      {
        *status = joinery_cli_fail (cli, error, "cannot %s %s", verb, kind->plural);
        return NULL;
      }
  if (opt_sort != NULL)
    {
      gboolean descending = opt_sort[0] == '-';
      if (!joinery_query_set_sort (query, opt_sort + (descending ? 1 : 0), descending, &error))
        {
          *status = joinery_cli_fail (cli, error, "cannot sort %s", kind->plural);
          return NULL;
        }
    }
  if (opt_search != NULL)
    joinery_query_set_search (query, opt_search);
  return g_steal_pointer (&query);
}

gboolean
joinery_cli_parse_number (JoineryCli *cli, const char *option, const char *text, guint64 min,
                          guint64 max, guint64 *value, int *status)
{
  if (*text == '\0' || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    {
      g_autofree char *shown = dup_printable (text);
      *status = joinery_cli_usage_error (cli, "--%s: “%s” is not a whole number from %" G_GUINT64_FORMAT
                                         " to %" G_GUINT64_FORMAT, option, shown, min, max);
      return FALSE;
    }
  return TRUE;
}

gboolean
joinery_cli_stdout_is_tty (void)
{
  return isatty (STDOUT_FILENO) == 1;
}

gboolean
joinery_cli_stderr_is_tty (void)
{
  return isatty (STDERR_FILENO) == 1;
}

/* Before something that cannot be taken back (a restore, an erasure): the
 * question on standard error, the answer from standard input. */
gboolean
joinery_cli_confirm (const char *format, ...)
{
  g_autofree char *question = NULL;
  char answer[64] = "";
  va_list args;

  va_start (args, format);
  question = g_strdup_vprintf (format, args);
  va_end (args);
  joinery_cli_output_puts (stderr, question);
  fflush (stderr);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  g_strstrip (answer);
  return g_ascii_strcasecmp (answer, "yes") == 0 || g_ascii_strcasecmp (answer, "y") == 0;
}

/* Help */

static char *
dup_default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "joinery", "network.joinery", NULL);
}

static void
print_main_help (FILE *stream)
{
  g_autofree char *default_path = dup_default_db_path ();
  guint width = 0;

  joinery_cli_output_puts (stream,
                           "Usage: joinery [--db FILE] [--format text|csv|json] COMMAND [ARGS…]\n"
                           "\n"
                           "Keep the records of a local integration network of health and social care.\n"
                           "\n"
                           "Commands:\n");
  FOREACH_COMMAND (command)
    width = MAX (width, (guint) g_utf8_strlen (command->synopsis, -1));
  FOREACH_COMMAND (command)
    joinery_cli_output_printf (stream, "  %s%*s  %s\n", command->synopsis,
                               (int) (width - (guint) g_utf8_strlen (command->synopsis, -1)), "",
                               command->summary);
  joinery_cli_output_printf (stream,
                             "\n"
                             "Options (before or after the command):\n"
                             "  --db FILE        the database; default $JOINERY_DB, else\n"
                             "                   %s\n"
                             "  --format FORMAT  text (the default), csv or json, for what kinds, list,\n"
                             "                   show, add, set, search, check and plugins write;\n"
                             "                   report and lua also take markdown and html\n"
                             "  -h, --help       show help\n"
                             "  --version        show the version\n"
                             "\n"
                             "Exit status: 0 done, 1 bad input or data, 2 bad usage.\n"
                             "Run “joinery COMMAND --help” for the options and examples of a command.\n",
                             default_path);
}

/* Options */

typedef struct {
  char     *db;
  char     *format;
  gboolean  help;
  gboolean  version;
} GlobalOptions;

static void
global_options_clear (GlobalOptions *options)
{
  g_clear_pointer (&options->db, g_free);
  g_clear_pointer (&options->format, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GlobalOptions, global_options_clear)

/* "text, csv or json", or with the command's own formats. */
static char *
list_formats (const JoineryCliCommand *command)
{
  g_autofree char *all = g_strconcat ("text csv json", command != NULL && command->formats != NULL
                                      ? " " : "", command != NULL && command->formats != NULL
                                      ? command->formats : "", NULL);
  g_auto(GStrv) names = g_strsplit (all, " ", -1);
  guint n = g_strv_length (names);
  g_autofree char *last = names[n - 1];
  g_autofree char *list = NULL;

  names[n - 1] = NULL;
  list = g_strjoinv (", ", names);
  return g_strdup_printf ("%s or %s", list, last);
}

/* Where GOption writes each of a command's options while parsing. */
typedef struct {
  gboolean  flag;
  char     *value;
  char    **values;
} OptionSlot;

typedef struct {
  GOptionContext *context;
  OptionSlot     *slots;
  guint           n_slots;
  char           *format_help; /* lives as long as the context that shows it */
} CommandContext;

static void
command_context_free (CommandContext *cc)
{
  for (guint i = 0; i < cc->n_slots; i++)
    {
      g_free (cc->slots[i].value);
      g_strfreev (cc->slots[i].values);
    }
  g_free (cc->slots);
  g_option_context_free (cc->context);
  g_free (cc->format_help);
  g_free (cc);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CommandContext, command_context_free)

/* The command's context: its own options, the global ones (so that they may
 * follow the command) and --help. FILENAME arguments keep the bytes as
 * typed: STRING would convert from the locale's charset and refuse “£”
 * under LANG=C. */
static CommandContext *
build_context (JoineryCli *cli, const JoineryCliCommand *command, GlobalOptions *globals)
{
  g_autofree char *format_help = list_formats (command);
  const GOptionEntry global_entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &globals->db, "The database file", "FILE" },
    { "format", 0, 0, G_OPTION_ARG_FILENAME, &globals->format, format_help, "FORMAT" },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &globals->help, "Show this help", NULL },
    { NULL }
  };
  g_autoptr(GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  CommandContext *cc = g_new0 (CommandContext, 1);

  cc->context = g_option_context_new (command->synopsis);
  for (const JoineryCliOption *o = command->options; o != NULL && o->name != NULL; o++)
    cc->n_slots++;
  cc->slots = g_new0 (OptionSlot, MAX (cc->n_slots, 1));
  for (guint i = 0; i < cc->n_slots; i++)
    {
      const JoineryCliOption *o = &command->options[i];
      GOptionEntry entry = { o->name, 0, 0, G_OPTION_ARG_FILENAME, &cc->slots[i].value, o->help, o->arg };

      if (o->arg == NULL)
        {
          entry.arg = G_OPTION_ARG_NONE;
          entry.arg_data = &cc->slots[i].flag;
        }
      else if (o->repeatable)
        {
          entry.arg = G_OPTION_ARG_FILENAME_ARRAY;
          entry.arg_data = &cc->slots[i].values;
        }
      g_array_append_val (entries, entry);
    }
  for (guint i = 0; global_entries[i].long_name != NULL; i++)
    g_array_append_val (entries, global_entries[i]);

  g_option_context_set_help_enabled (cc->context, FALSE);
  g_option_context_set_summary (cc->context, command->summary);
  if (command->description != NULL)
    g_option_context_set_description (cc->context, command->description);
  g_option_context_add_main_entries (cc->context, (const GOptionEntry *) entries->data, NULL);
  cc->format_help = g_steal_pointer (&format_help);
  return cc;
}

/* Move what GOption parsed into the run's table of options. */
static void
take_options (JoineryCli *cli, const JoineryCliCommand *command, CommandContext *cc)
{
  for (guint i = 0; i < cc->n_slots; i++)
    {
      OptionSlot *slot = &cc->slots[i];
      GPtrArray *values = g_ptr_array_new_null_terminated (1, g_free, TRUE);

      if (slot->flag)
        g_ptr_array_add (values, g_strdup (""));
      if (slot->value != NULL)
        g_ptr_array_add (values, g_steal_pointer (&slot->value));
      for (guint j = 0; slot->values != NULL && slot->values[j] != NULL; j++)
        g_ptr_array_add (values, g_strdup (slot->values[j]));
      if (values->len == 0)
        {
          g_ptr_array_unref (values);
          continue;
        }
      g_hash_table_replace (cli->options, g_strdup (command->options[i].name), values);
    }
}

static void
print_command_help (JoineryCli *cli, const JoineryCliCommand *command, FILE *stream)
{
  GlobalOptions globals = { 0 };
  g_autoptr(CommandContext) cc = build_context (cli, command, &globals);
  g_autofree char *help = g_option_context_get_help (cc->context, TRUE, NULL);

  joinery_cli_output_puts (stream, help);
}

/* The options before the command, read by hand: GOption would also take
 * the command's own options, which it cannot know yet. */
static int
parse_leading_options (JoineryCli *cli, int argc, char **argv, GlobalOptions *globals, int *next)
{
  int i;

  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++)
    {
      const char *arg = argv[i];
      char **slot = NULL;
      const char *value = NULL;

      if (g_str_equal (arg, "--"))
        {
          i++;
          break;
        }
      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        globals->help = TRUE;
      else if (g_str_equal (arg, "--version"))
        globals->version = TRUE;
      else if (g_str_equal (arg, "--db") || g_str_has_prefix (arg, "--db="))
        slot = &globals->db;
      else if (g_str_equal (arg, "--format") || g_str_has_prefix (arg, "--format="))
        slot = &globals->format;
      else
        {
          g_autofree char *shown = dup_printable (arg);
          return joinery_cli_usage_error (cli, "unknown option %s", shown);
        }

      if (slot == NULL)
        continue;
      if (strchr (arg, '=') != NULL)
        value = strchr (arg, '=') + 1;
      else if (i + 1 < argc)
        value = argv[++i];
      else
        return joinery_cli_usage_error (cli, "missing argument for %s", arg);
      g_free (*slot);
      *slot = g_strdup (value);
    }
  *next = i;
  return JOINERY_CLI_EXIT_OK;
}

/* Whether the command takes `format` beyond text, csv and json. */
static gboolean
command_takes_format (const JoineryCliCommand *command, const char *format)
{
  g_auto(GStrv) names = NULL;

  if (command == NULL || command->formats == NULL)
    return FALSE;
  names = g_strsplit (command->formats, " ", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], format) == 0)
      return TRUE;
  return FALSE;
}

static int
apply_globals (JoineryCli *cli, GlobalOptions *globals)
{
  const JoineryCliCommand *command = cli->command != NULL ? find_command (cli->command) : NULL;

  if (globals->format != NULL)
    {
      if (g_ascii_strcasecmp (globals->format, "text") == 0)
        cli->format = JOINERY_CLI_FORMAT_TEXT;
      else if (g_ascii_strcasecmp (globals->format, "csv") == 0)
        cli->format = JOINERY_CLI_FORMAT_CSV;
      else if (g_ascii_strcasecmp (globals->format, "json") == 0)
        cli->format = JOINERY_CLI_FORMAT_JSON;
      else if (command_takes_format (command, globals->format))
        cli->format = JOINERY_CLI_FORMAT_TEXT;
      else
        {
          g_autofree char *shown = dup_printable (globals->format);
          g_autofree char *formats = list_formats (command);
          return joinery_cli_usage_error (cli, "unknown format “%s” (use %s)", shown, formats);
        }
      g_free (cli->format_name);
      cli->format_name = g_ascii_strdown (globals->format, -1);
    }
  if (globals->db != NULL)
    {
      if (*globals->db == '\0')
        return joinery_cli_usage_error (cli, "--db needs a file name");
      g_free (cli->db_path);
      cli->db_path = g_strdup (globals->db);
      cli->db_is_default = FALSE;
    }
  return JOINERY_CLI_EXIT_OK;
}

static void
resolve_default_db (JoineryCli *cli)
{
  const char *env = g_getenv ("JOINERY_DB");

  if (env != NULL && *env != '\0')
    {
      cli->db_path = g_strdup (env);
      cli->db_is_default = FALSE;
    }
  else
    {
      cli->db_path = dup_default_db_path ();
      cli->db_is_default = TRUE;
    }
}

static void
clear_cli (JoineryCli *cli)
{
  g_free (cli->db_path);
  g_free (cli->format_name);
  g_clear_pointer (&cli->options, g_hash_table_unref);
}

static int
run_help_command (JoineryCli *cli, char **args)
{
  const JoineryCliCommand *command;

  if (args[0] == NULL)
    {
      print_main_help (stdout);
      return JOINERY_CLI_EXIT_OK;
    }
  command = find_command (args[0]);
  if (command == NULL)
    {
      g_autofree char *shown = dup_printable (args[0]);
      cli->command = NULL;
      return joinery_cli_usage_error (cli, "unknown command “%s”", shown);
    }
  print_command_help (cli, command, stdout);
  return JOINERY_CLI_EXIT_OK;
}

static int
run_command (JoineryCli *cli, const JoineryCliCommand *command, int argc, char **argv)
{
  g_auto(GlobalOptions) globals = { 0 };
  g_autoptr(CommandContext) cc = build_context (cli, command, &globals);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_new0 (char *, (gsize) argc + 1);
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  gboolean after_dashes = FALSE;
  int status;

  /* argv[0] stands for the program, as GOption expects. */
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (cc->context, &args, &error))
    {
      /* GOption's "Unknown option --x", in the lower case of our messages. */
      g_autofree char *shown = dup_printable (error->message);
      shown[0] = g_ascii_tolower (shown[0]);
      return joinery_cli_usage_error (cli, "%s", shown);
    }
  if (globals.help)
    {
      print_command_help (cli, command, stdout);
      return JOINERY_CLI_EXIT_OK;
    }
  status = apply_globals (cli, &globals);
  if (status != JOINERY_CLI_EXIT_OK)
    return status;
  take_options (cli, command, cc);

  /* GOption leaves the "--" that ended the options. */
  for (guint i = 1; args[i] != NULL; i++)
    {
      if (!after_dashes && g_str_equal (args[i], "--"))
        {
          after_dashes = TRUE;
          continue;
        }
      g_ptr_array_add (positional, args[i]);
    }
  g_ptr_array_add (positional, NULL);

  if (positional->len - 1 < command->min_args)
    return joinery_cli_usage_error (cli, "missing arguments (usage: joinery %s)", command->synopsis);
  if (positional->len - 1 > command->max_args)
    {
      g_autofree char *shown = dup_printable (positional->pdata[command->max_args]);
      return joinery_cli_usage_error (cli, "unexpected argument “%s” (usage: joinery %s)", shown,
                                      command->synopsis);
    }

  if (command->run == NULL)
    return run_help_command (cli, (char **) positional->pdata);
  return command->run (cli, (char **) positional->pdata);
}

int
joinery_cli_run (int argc, char **argv)
{
  JoineryCli cli = { 0 };
  g_auto(GlobalOptions) globals = { 0 };
  const JoineryCliCommand *command;
  int status;
  int next = 1;

  setlocale (LC_ALL, "");
  g_set_prgname ("joinery");
  cli.options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);

  status = parse_leading_options (&cli, argc, argv, &globals, &next);
  if (status == JOINERY_CLI_EXIT_OK && globals.version)
    joinery_cli_output_puts (stdout, "joinery " PACKAGE_VERSION "\n");
  else if (status == JOINERY_CLI_EXIT_OK && next >= argc && globals.help)
    print_main_help (stdout);
  else if (status == JOINERY_CLI_EXIT_OK && next >= argc && launcher != NULL)
    {
      /* `joinery` alone opens the window; `joinery --db FILE` opens FILE. */
      status = apply_globals (&cli, &globals);
      if (status == JOINERY_CLI_EXIT_OK)
        status = launcher (cli.db_path, JOINERY_CLI_LAUNCH_DEFAULT);
    }
  else if (status == JOINERY_CLI_EXIT_OK && next >= argc)
    {
      print_main_help (stderr);
      status = JOINERY_CLI_EXIT_USAGE;
    }
  else if (status == JOINERY_CLI_EXIT_OK && (command = find_command (argv[next])) == NULL)
    {
      g_autofree char *shown = dup_printable (argv[next]);
      status = joinery_cli_usage_error (&cli, "unknown command “%s”", shown);
    }
  else if (status == JOINERY_CLI_EXIT_OK)
    {
      cli.command = command->name;
      resolve_default_db (&cli);
      status = apply_globals (&cli, &globals);
      if (status == JOINERY_CLI_EXIT_OK && globals.help)
        print_command_help (&cli, command, stdout);
      else if (status == JOINERY_CLI_EXIT_OK)
        status = run_command (&cli, command, argc - next, argv + next);
    }

  /* A full disk or a closed pipe must not pass for success. */
  if (fflush (stdout) != 0 && status == JOINERY_CLI_EXIT_OK && errno != EPIPE)
    {
      joinery_cli_output_printf (stderr, "joinery: cannot write the output: %s\n", g_strerror (errno));
      status = JOINERY_CLI_EXIT_DATA;
    }
  clear_cli (&cli);
  return status;
}
