/* joinery-demo.h: the demo dataset, for trainers and first-time users.
 *
 * The demo tells the story of the documents behind Joinery (Bradford's
 * learning events, Leeds the integration pioneer, the North Yorkshire
 * Innovation Fund, Wigan's Deal, Trafford's i-Care). Its records are the
 * SQL files of data/demo/, compiled into the program as a GResource: there
 * is no master file anyone could change, and every demo database is made
 * fresh from them. They are read into a scratch database in memory, then
 * written through the core's validated path (joinery_db_create(): the same
 * validation, audit trail and search index as any record) in one change
 * group that cannot be undone, stamped JOINERY_DEMO_TIMESTAMP, so two
 * loads give the same database row for row.
 *
 * For the window: "Open the demo" calls joinery_demo_create_temporary()
 * and opens the path it returns (removing it with
 * joinery_demo_remove_temporary() once closed); "Reset demo" closes the
 * database and calls joinery_demo_reset() on its path; a demo database is
 * told apart with joinery_demo_is_demo(). Display-free, like all the core.
 */
#pragma once

#include "joinery-db.h"

G_BEGIN_DECLS

/* Who made the demo's records, in the audit trail. */
#define JOINERY_DEMO_SOURCE "demo"
/* The time every demo record was made: the story's present, a few weeks
 * before the May 2017 learning event. */
#define JOINERY_DEMO_TIMESTAMP "2017-04-03T09:00:00Z"

/* Load the demo into `db`, which must be empty (no records, no audit
 * trail). All or nothing: on failure `db` is left empty, and the error
 * names the demo file and line, or the table and row, at fault. */
gboolean  joinery_demo_load              (JoineryDb *db, GError **error);

/* Write a fresh demo database at `path`, which must not exist (or be an
 * empty file). It is built under a temporary name beside `path` and
 * renamed into place when complete, so `path` never holds half a demo. */
gboolean  joinery_demo_create            (const char *path, GError **error);

/* A fresh demo database in a new private folder of its own under the
 * temporary folder; its path, to free with g_free(). */
char     *joinery_demo_create_temporary  (GError **error);

/* Remove a copy made by joinery_demo_create_temporary(): the file, its
 * -wal and -shm files and its folder. The database must be closed. Refuses
 * any path that it did not make. */
gboolean  joinery_demo_remove_temporary  (const char *path, GError **error);

/* Put a fresh demo in place of the demo database at `path`, which must be
 * closed. Refuses, and leaves untouched, a file that is not a demo: a
 * reset never overwrites anyone's records. */
gboolean  joinery_demo_reset             (const char *path, GError **error);

/* Whether `db` is the demo or a copy of it (also one saved with `joinery
 * demo --output`, and after trainees have changed it): the first entry of
 * its audit trail was written by the demo load. */
gboolean  joinery_demo_is_demo           (JoineryDb *db);

G_END_DECLS
