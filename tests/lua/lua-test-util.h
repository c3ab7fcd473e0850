/* lua-test-util.h: what the Lua layer's tests share — a database with a
 * few records, scripts and plugins written into a temporary folder, runs
 * with a short budget, and a digest of the whole database to prove that a
 * run changed nothing. */
#pragma once

#include "joinery-test-util.h"
#include "joinery-lua.h"

G_BEGIN_DECLS

/* A small network: 2 organisations, 3 people, a fund, a round, 3 grants
 * (two awarded), a project. Ids are in creation order from 1. */
void       lua_test_fill          (JoineryDb *db);

/* What most Lua tests start from: the small network above in a new
 * database, and the path of a plugin folder beside it (not made yet). */
typedef struct {
  JoineryTestDb *tdb;
  char          *plugins;
} LuaTestFixture;

void       lua_test_fixture_setup    (LuaTestFixture *f, gconstpointer data);
void       lua_test_fixture_teardown (LuaTestFixture *f, gconstpointer data);

/* The bundled plugins' registry, loaded. */
JoineryPluginRegistry *lua_test_bundled_registry (void);

/* Write `text` to dir/name (making folders), returning the path. */
char      *lua_test_write         (const char *dir, const char *name, const char *text);

/* Point XDG_CONFIG_HOME (where plugin approvals are kept) at a folder of
 * this test program's own, removed at exit. */
void       lua_test_isolate_config (void);

/* Make a plugin folder dir/id with a manifest and main.lua; one that asks
 * for "write" is approved as it is. */
char      *lua_test_plugin        (const char *dir, const char *id, const char *permissions,
                                   const char *reports, const char *workflows,
                                   const char *actions, const char *main_lua);

/* Switch on, in `db`, every workflow of the registry's plugins. */
void       lua_test_enable_workflows (JoineryDb *db, JoineryPluginRegistry *registry);

/* `time_ms` times $JOINERY_TEST_TIME_FACTOR (whole, 1 when unset), which
 * the sanitizer test setup sets: code runs several times slower there. */
guint                lua_test_budget (guint time_ms);

/* Run `code` as a script (joinery lua) on the database; budget `time_ms`
 * (scaled by lua_test_budget()). */
JoineryReportOutput *lua_test_script (JoineryTestDb *tdb, const char *code, guint time_ms,
                                      GError **error);

/* Every row of every table, hashed: equal digests, equal databases. */
char      *lua_test_digest        (const char *path);
/* The same over the tables of records only (not audit, undo, search). */
char      *lua_test_digest_records (const char *path, gboolean records_only);

/* The first column of the first row of `sql` on the database. */
gint64     lua_test_count         (JoineryDb *db, const char *sql);
char      *lua_test_text          (JoineryDb *db, const char *sql);

/* The text of the first cell of the first table of `output`. */
const char *lua_test_first_cell   (JoineryReportOutput *output);

G_END_DECLS
