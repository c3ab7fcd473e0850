/* joinery-cli-private.h: what the files of the command line share — the
 * state of one run, the exit statuses, and the helpers that report
 * problems the same way in every command.
 *
 * Nothing here is for other parts of Joinery: the command line is a client
 * of the core like any other and must not reach past its public headers.
 */
#pragma once

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "joinery-cli.h"
#include "joinery-db.h"
#include "joinery-error.h"

G_BEGIN_DECLS

/* The process's exit statuses, as `joinery --help` documents them. */
enum {
  JOINERY_CLI_EXIT_OK    = 0,
  JOINERY_CLI_EXIT_DATA  = 1, /* bad input or data: the command ran and refused */
  JOINERY_CLI_EXIT_USAGE = 2, /* the command line itself was wrong */
};

typedef enum {
  JOINERY_CLI_FORMAT_TEXT,
  JOINERY_CLI_FORMAT_CSV,
  JOINERY_CLI_FORMAT_JSON,
} JoineryCliFormat;

/* One run of the program. The command options are strings as typed
 * (GOption's FILENAME type, so that no locale conversion mangles them);
 * each command reads the ones it declared. */
typedef struct {
  const char       *command;    /* the command's name, for hints */
  char             *db_path;    /* --db, else $JOINERY_DB, else the default */
  gboolean          db_is_default;
  JoineryCliFormat  format;
  char             *format_name; /* --format as given, lower case, or NULL */

  GHashTable       *options;    /* read with joinery_cli_get_option() */
} JoineryCli;

/* A command's own option, --NAME ARG or the flag --NAME (arg NULL). A
 * repeatable one may be given many times (--param a=1 --param b=2). */
typedef struct {
  const char *name;
  const char *arg;
  const char *help;
  gboolean    repeatable;
} JoineryCliOption;

typedef int (*JoineryCliCommandFunc) (JoineryCli *cli, char **args);

/* One command. Each area of the command line exports a table of them,
 * ended by { NULL }, which joinery-cli.c lists in its help and dispatches. */
typedef struct {
  const char             *name;
  const char             *synopsis;    /* after "joinery [OPTION…] " */
  const char             *summary;     /* one line, for `joinery help` */
  const char             *description; /* more, with examples, for COMMAND --help */
  const JoineryCliOption *options;     /* ended by { NULL }; NULL for none */
  guint                   min_args;
  guint                   max_args;    /* JOINERY_CLI_MANY for no limit */
  gboolean                uses_db;
  JoineryCliCommandFunc   run;
  /* The formats --format takes beyond text, csv and json, space-separated
   * ("markdown html"; export: "xlsx ics …"), or NULL; the command reads
   * format_name for them. */
  const char             *formats;
} JoineryCliCommand;

#define JOINERY_CLI_MANY G_MAXUINT

extern const JoineryCliCommand joinery_cli_file_commands[];     /* joinery-cli-file.c */
extern const JoineryCliCommand joinery_cli_records_commands[];  /* joinery-cli-records.c */
extern const JoineryCliCommand joinery_cli_exchange_commands[]; /* joinery-cli-exchange.c */
extern const JoineryCliCommand joinery_cli_lua_commands[];      /* joinery-cli-lua.c */
extern const JoineryCliCommand joinery_cli_demo_commands[];     /* joinery-cli-demo.c */
extern const JoineryCliCommand joinery_cli_network_commands[];  /* joinery-cli-network.c */
extern const JoineryCliCommand joinery_cli_backup_commands[];   /* joinery-cli-backup.c */
extern const JoineryCliCommand joinery_cli_plugins_commands[];  /* joinery-cli-plugins.c */
extern const JoineryCliCommand joinery_cli_person_commands[];   /* joinery-cli-person.c */
extern const JoineryCliCommand joinery_cli_dashboard_commands[]; /* joinery-cli-dashboard.c */

/* The value of a command option as typed (the last, if given more than
 * once), "" for a flag given, NULL when absent. */
const char         *joinery_cli_get_option        (JoineryCli *cli, const char *name);
gboolean            joinery_cli_has_option        (JoineryCli *cli, const char *name);
/* Every value of a repeatable option, NULL-terminated (empty when absent). */
const char * const *joinery_cli_get_option_values (JoineryCli *cli, const char *name);

/* Open the window on `db_path` (NULL: the last database or the welcome
 * page), through the launcher the program set; the exit status. */
int                 joinery_cli_launch            (JoineryCli *cli, const char *db_path,
                                                   JoineryCliLaunchFlags flags);

/* joinery-cli.c: reporting and the checks every command shares. Each
 * returns (or sets `status` to) the exit status to hand back. */
int                joinery_cli_usage_error   (JoineryCli *cli, const char *format, ...)
                                              G_GNUC_PRINTF (2, 3);
int                joinery_cli_fail          (JoineryCli *cli, const GError *error,
                                              const char *format, ...) G_GNUC_PRINTF (3, 4);
int                joinery_cli_fail_message  (JoineryCli *cli, const char *format, ...)
                                              G_GNUC_PRINTF (2, 3);
JoineryDb         *joinery_cli_open          (JoineryCli *cli, JoineryDbOpenFlags flags,
                                              int *status);
const JoineryKind *joinery_cli_lookup_kind   (JoineryCli *cli, const char *name, int *status);
gboolean           joinery_cli_parse_id      (JoineryCli *cli, const JoineryKind *kind,
                                              const char *text, gint64 *id, int *status);
JoineryQuery      *joinery_cli_build_query   (JoineryCli *cli, const JoineryKind *kind,
                                              char **filters, const char *verb, int *status);
gboolean           joinery_cli_parse_number  (JoineryCli *cli, const char *option,
                                              const char *text, guint64 min, guint64 max,
                                              guint64 *value, int *status);
gboolean           joinery_cli_stdout_is_tty (void);
gboolean           joinery_cli_stderr_is_tty (void);
/* Ask (the question on standard error, ending with its prompt) and read
 * the answer from standard input: TRUE for "y" or "yes" in any case;
 * anything else, or none, is no. */
gboolean           joinery_cli_confirm       (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* joinery-cli-person.c: record in the audit trail that `rows` records of
 * `kind` were exported in `format`; a file that cannot be written gets a
 * note on standard error, and the export stands. */
void joinery_cli_person_record_export (JoineryCli *cli, const JoineryKind *kind, guint64 rows,
                                       const char *format);

/* joinery-cli-records.c: the commands on records. */
int joinery_cli_records_kinds  (JoineryCli *cli, char **args);
int joinery_cli_records_list   (JoineryCli *cli, char **args);
int joinery_cli_records_show   (JoineryCli *cli, char **args);
int joinery_cli_records_add    (JoineryCli *cli, char **args);
int joinery_cli_records_set    (JoineryCli *cli, char **args);
int joinery_cli_records_delete (JoineryCli *cli, char **args);
int joinery_cli_records_search (JoineryCli *cli, char **args);

/* joinery-cli-file.c: the commands on the file as a whole. */
int joinery_cli_file_init      (JoineryCli *cli, char **args);
int joinery_cli_file_undo      (JoineryCli *cli, char **args);
int joinery_cli_file_redo      (JoineryCli *cli, char **args);
int joinery_cli_file_check     (JoineryCli *cli, char **args);
int joinery_cli_file_generate  (JoineryCli *cli, char **args);
int joinery_cli_file_open      (JoineryCli *cli, char **args);

/* joinery-cli-lua.c: the plugins found in --plugins folders, the user's and the bundled ones. */
typedef struct _JoineryPluginRegistry JoineryPluginRegistry;
typedef struct _JoineryWorkflowHost JoineryWorkflowHost;
JoineryPluginRegistry *joinery_cli_load_plugins (JoineryCli *cli);

/* joinery-cli-plugins.c: fire the workflows switched on in `db` for the
 * changes this run makes (NULL when none is on: nothing loaded); what they
 * did goes to standard error. */
JoineryWorkflowHost *joinery_cli_watch_workflows (JoineryCli *cli, JoineryDb *db);
/* workflow on|off|list|log */
int                  joinery_cli_workflow_switch (JoineryCli *cli, char **args);
int                  joinery_cli_workflow_list   (JoineryCli *cli, char **args);
int                  joinery_cli_workflow_log    (JoineryCli *cli, char **args);

/* joinery-cli-output.c: writing text, tables, CSV and JSON. */
void  joinery_cli_output_puts      (FILE *stream, const char *text);
void  joinery_cli_output_printf    (FILE *stream, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* A whole document (a report, a graph) to --output, written whole or not
 * at all, or to the standard output; the exit status. */
int   joinery_cli_output_document  (JoineryCli *cli, const char *text);
char *joinery_cli_output_clean     (const char *text, guint max_chars);

typedef struct _JoineryCliTable JoineryCliTable;
JoineryCliTable *joinery_cli_table_new       (void);
void             joinery_cli_table_free      (JoineryCliTable *table);
void             joinery_cli_table_set_cell_limit (JoineryCliTable *table, guint max_chars);
void             joinery_cli_table_add_column (JoineryCliTable *table, const char *heading,
                                               gboolean right_aligned);
/* The row's cells in column order, taken over; NULL cells are empty. */
void             joinery_cli_table_add_row   (JoineryCliTable *table, char **cells);
void             joinery_cli_table_print     (JoineryCliTable *table, FILE *stream);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryCliTable, joinery_cli_table_free)

void  joinery_cli_output_csv_row       (GString *out, const char * const *cells, guint n_cells,
                                        const gboolean *is_text);
void  joinery_cli_output_records_csv   (const JoineryKind *kind, GPtrArray *records);
void  joinery_cli_output_records_table (const JoineryKind *kind, GPtrArray *records);
/* The record as a JSON object; or its members alone, inside an object the
 * caller opened (to add more members of its own). */
void  joinery_cli_output_record_json   (JsonBuilder *builder, JoineryRecord *record);
void  joinery_cli_output_record_members (JsonBuilder *builder, JoineryRecord *record);
void  joinery_cli_output_records_json  (GPtrArray *records);
void  joinery_cli_output_json          (JsonNode *root);
/* A record for the command's answer in the run's format: one CSV row with
 * its header, one JSON object, or "Added person #12 “…”" with `verb`. */
void  joinery_cli_output_record        (JoineryCli *cli, JoineryRecord *record, const char *verb);

G_END_DECLS
