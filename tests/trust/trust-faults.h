/* trust-faults.h: faults injected under SQLite for the trust tests — an
 * allocator that fails the Nth allocation, and a VFS shim over the default
 * unix VFS that fails the Nth write, sync or truncate.
 *
 * Test-only code: nothing in app/ may use it. Both count from the moment
 * they are armed, so that "the Nth" means the Nth of the operation under
 * test, not of the program. Neither is thread-safe beyond plain counters:
 * arm them only around work done on the test's own thread.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The allocator. Install before SQLite is first used (sqlite3_config()
 * refuses once SQLite is initialised): the test fails otherwise. */
void     trust_malloc_install  (void);
/* Fail the nth allocation (from 1) from now: that one only, or with
 * `persistent` every one after it too, until disarmed. */
void     trust_malloc_arm      (guint n, gboolean persistent);
void     trust_malloc_disarm   (void);
/* Allocations (and reallocations) seen since armed; whether one failed. */
guint    trust_malloc_count    (void);
gboolean trust_malloc_fired    (void);

/* The VFS shim, registered as the default VFS. */
typedef enum {
  TRUST_IO_WRITE,
  TRUST_IO_SYNC,
  TRUST_IO_TRUNCATE,
  TRUST_IO_N
} TrustIo;

void     trust_vfs_install     (void);
/* Fail the nth call of `what` (from 1) from now with `rc` (an
 * SQLITE_IOERR_* or SQLITE_FULL): that one only, or with `persistent`
 * every later one too, until disarmed. */
void     trust_vfs_arm         (TrustIo what, guint n, int rc, gboolean persistent);
void     trust_vfs_disarm      (void);
guint    trust_vfs_count       (TrustIo what);
gboolean trust_vfs_fired       (void);

/* The rows of a query on `handle`, each row's columns joined by "|",
 * one row to a line: for comparing states of a database. */
char    *trust_query_rows      (sqlite3 *handle, const char *sql);

/* A new scratch folder (on /dev/shm when there is one), removed by the
 * caller. */
char    *trust_make_scratch_dir (const char *template);

/* Copy a file, or fail the test. */
void     trust_copy_file       (const char *from, const char *to);

G_END_DECLS
