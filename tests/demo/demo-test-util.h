/* demo-test-util.h: what the demo's tests share — counting and querying a
 * database, and running the real `joinery` ($JOINERY_BIN) in a folder of
 * the test's own. */
#pragma once

#include "joinery-db.h"

G_BEGIN_DECLS

/* How many records of every kind the database holds. */
gint64   demo_test_count_records (JoineryDb *db);
/* The same for the file at `path`, opened read-only. */
gint64   demo_test_count_file_records (const char *path);
/* A fresh demo written to `*path` in a new temporary folder `*dir` (both
 * to free; the folder to remove with joinery_test_rm_rf), opened read-only. */
JoineryDb *demo_test_create_read_only (const char *dir_template, char **dir, char **path);
/* The first column of the first row of `sql`, which must have a row. */
gint64   demo_test_query_int (JoineryDb *db, const char *sql);

typedef struct {
  char  *dir;   /* a temporary folder, the program's working folder */
  char  *tmp;   /* dir/tmp, the program's TMPDIR */
  char **env;   /* the program's environment: no JOINERY_DB, XDG_DATA_HOME=dir/data */
} DemoRun;

DemoRun *demo_run_new   (void);
void     demo_run_free  (DemoRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DemoRun, demo_run_free)

/* Run joinery with `argv` (without the program itself) in run->dir; its
 * exit status, and what it wrote (when out and err are not NULL). A crash
 * fails the test. */
int      demo_run_argv  (DemoRun *run, const char * const *argv, char **out, char **err);
/* The same with the arguments as a NULL-terminated list. */
int      demo_run       (DemoRun *run, char **out, char **err, ...) G_GNUC_NULL_TERMINATED;

/* How many entries a folder holds. */
guint    demo_run_count_entries (const char *dir);

G_END_DECLS
