/* joinery-test-util.h: what every test of the core shares — a fresh
 * database in a temporary folder, removed when the test ends. */
#pragma once

#include "joinery-db.h"
#include "joinery-error.h"

G_BEGIN_DECLS

typedef struct {
  char      *dir;   /* a temporary folder, removed with everything in it */
  char      *path;  /* dir/test.joinery */
  JoineryDb *db;    /* open on path, created; source "test" */
} JoineryTestDb;

/* A new empty database, or the test fails. */
JoineryTestDb *joinery_test_db_new  (void);
void           joinery_test_db_free (JoineryTestDb *tdb);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JoineryTestDb, joinery_test_db_free)

/* Create a record of `kind` from field=value pairs (NULL-terminated, values
 * as people type them); the test fails if it cannot. Returns the new id. */
gint64         joinery_test_create  (JoineryDb *db, const char *kind, ...) G_GNUC_NULL_TERMINATED;

/* The same, returning the error instead of failing; 0 and `error` set on
 * failure. */
gint64         joinery_test_try_create (JoineryDb *db, GError **error, const char *kind, ...)
                                        G_GNUC_NULL_TERMINATED;

/* The file's bytes, for proving a file was left untouched. */
GBytes        *joinery_test_read_file (const char *path);

/* joinery_db_check() (the full one) finds nothing wrong, or the test fails
 * with every problem it found in the log. */
void           joinery_test_assert_check_clean (JoineryDb *db);

/* A value of a result column as text: NULL, a number, x'…' for a blob or
 * '…' for text. */
void           joinery_test_append_sql_value (GString *out, sqlite3_stmt *stmt, int column);

/* Everything in the file: the schema version and identity, then every row
 * of every table SQLite holds (records, audit trail, undo log, search
 * index), every column typed, each table's rows sorted. Two databases are
 * the same when their dumps are. */
char          *joinery_test_dump_database (JoineryDb *db);

/* Run $JOINERY_BIN with `args` (NULL-terminated, without the program) in
 * `dir` with `env` (NULL: the test's); its exit status, and what it wrote
 * when out and err are not NULL. A crash fails the test. */
int            joinery_test_run_joinery (const char *dir, char **env, const char * const *args,
                                         char **out, char **err);

/* The command line run as a user runs it, in a folder of its own with
 * JOINERY_DB unset and XDG_DATA_HOME inside that folder, so that nothing
 * outside it is read or written. */
typedef struct {
  char     *dir;        /* the folder it runs in */
  char     *db;         /* the file given with --db: dir/test.joinery unless told */
  char     *data_home;  /* dir/data, as XDG_DATA_HOME */
  char    **env;
  gboolean  owns_dir;   /* made here, so removed with everything in it */
} JoineryTestCli;

/* In `dir` on `db` (NULL for both: a new temporary folder, and
 * test.joinery in it). */
void           joinery_test_cli_init  (JoineryTestCli *cli, const char *dir, const char *db);
void           joinery_test_cli_clear (JoineryTestCli *cli);
/* `joinery [--db DB] ARGS…` with `input` on standard input ("" or NULL:
 * nothing, as from a script); as joinery_test_run_joinery(). */
int            joinery_test_cli_run_va (JoineryTestCli *cli, const char *input, gboolean with_db,
                                        char **out, char **err, const char *first, va_list ap);
int            joinery_test_cli_run    (JoineryTestCli *cli, const char *input, gboolean with_db,
                                        const char * const *args, char **out, char **err);

/* Remove a folder and everything in it. */
void           joinery_test_rm_rf (const char *path);

G_END_DECLS
