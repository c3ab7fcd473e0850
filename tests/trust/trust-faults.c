/* trust-faults.c: an allocator and a VFS that fail on cue (see
 * trust-faults.h). Every method not under test passes straight through to
 * SQLite's own allocator and to the unix VFS. */
#include "trust-faults.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* The allocator */

static sqlite3_mem_methods real_mem;
static guint malloc_count;
static guint malloc_fail_at;       /* 0: not armed */
static gboolean malloc_persistent;
static gboolean malloc_fired;

static gboolean
malloc_should_fail (void)
{
  if (malloc_fail_at == 0)
    return FALSE;
  malloc_count++;
  if (malloc_count == malloc_fail_at || (malloc_persistent && malloc_count > malloc_fail_at))
    {
      malloc_fired = TRUE;
      return TRUE;
    }
  return FALSE;
}

static void *
fault_malloc (int n)
{
  return malloc_should_fail () ? NULL : real_mem.xMalloc (n);
}

static void *
fault_realloc (void *p, int n)
{
  return malloc_should_fail () ? NULL : real_mem.xRealloc (p, n);
}

void
trust_malloc_install (void)
{
  sqlite3_mem_methods mem;

  g_assert_cmpint (sqlite3_config (SQLITE_CONFIG_GETMALLOC, &real_mem), ==, SQLITE_OK);
  mem = real_mem;
  mem.xMalloc = fault_malloc;
  mem.xRealloc = fault_realloc;
  g_assert_cmpint (sqlite3_config (SQLITE_CONFIG_MALLOC, &mem), ==, SQLITE_OK);
}

void
trust_malloc_arm (guint n, gboolean persistent)
{
  g_assert_cmpuint (n, >, 0);
  malloc_count = 0;
  malloc_fired = FALSE;
  malloc_persistent = persistent;
  malloc_fail_at = n;
}

void
trust_malloc_disarm (void)
{
  malloc_fail_at = 0;
}

guint
trust_malloc_count (void)
{
  return malloc_count;
}

gboolean
trust_malloc_fired (void)
{
  return malloc_fired;
}

/* The VFS shim. Each file is the shim's header followed by the unix VFS's
 * own file, which does the work. */

typedef struct {
  sqlite3_file  base;
  sqlite3_file *real;
} ShimFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static sqlite3_io_methods shim_methods;
static guint io_count[TRUST_IO_N];
static TrustIo io_what;
static guint io_fail_at;           /* 0: not armed */
static int io_rc;
static gboolean io_persistent;
static gboolean io_fired;

static gboolean
io_should_fail (TrustIo what)
{
  io_count[what]++;
  if (io_fail_at == 0 || what != io_what)
    return FALSE;
  if (io_count[what] == io_fail_at || (io_persistent && io_count[what] > io_fail_at))
    {
      io_fired = TRUE;
      return TRUE;
    }
  return FALSE;
}

#define REAL(file) (((ShimFile *) (file))->real)

static int
shim_close (sqlite3_file *file)
{
  int rc = REAL (file)->pMethods != NULL ? REAL (file)->pMethods->xClose (REAL (file)) : SQLITE_OK;
  file->pMethods = NULL;
  return rc;
}

static int
shim_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

static int
shim_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  if (io_should_fail (TRUST_IO_WRITE))
    return io_rc;
  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
shim_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  if (io_should_fail (TRUST_IO_TRUNCATE))
    return io_rc;
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
shim_sync (sqlite3_file *file, int flags)
{
  if (io_should_fail (TRUST_IO_SYNC))
    return io_rc;
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
shim_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
shim_lock (sqlite3_file *file, int lock)
{
  return REAL (file)->pMethods->xLock (REAL (file), lock);
}

static int
shim_unlock (sqlite3_file *file, int lock)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), lock);
}

static int
shim_check_reserved_lock (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
shim_file_control (sqlite3_file *file, int op, void *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
shim_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
shim_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
shim_shm_map (sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, size, extend, out);
}

static int
shim_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
shim_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
shim_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
shim_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, out);
}

static int
shim_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *p)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, p);
}

static int
shim_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  ShimFile *shim = (ShimFile *) file;
  int rc;

  shim->real = (sqlite3_file *) (shim + 1);
  memset (shim->real, 0, (size_t) real_vfs->szOsFile);
  rc = real_vfs->xOpen (real_vfs, name, shim->real, flags, out_flags);
  /* Whatever the outcome, SQLite closes a file that has methods. */
  file->pMethods = shim->real->pMethods != NULL ? &shim_methods : NULL;
  return rc;
}

static int
shim_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
shim_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
shim_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static int
shim_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
shim_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
shim_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
shim_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
shim_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

void
trust_vfs_install (void)
{
  if (real_vfs != NULL)
    return;
  real_vfs = sqlite3_vfs_find ("unix");
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 2);

  shim_methods = (sqlite3_io_methods) {
    .iVersion = 3,
    .xClose = shim_close,
    .xRead = shim_read,
    .xWrite = shim_write,
    .xTruncate = shim_truncate,
    .xSync = shim_sync,
    .xFileSize = shim_file_size,
    .xLock = shim_lock,
    .xUnlock = shim_unlock,
    .xCheckReservedLock = shim_check_reserved_lock,
    .xFileControl = shim_file_control,
    .xSectorSize = shim_sector_size,
    .xDeviceCharacteristics = shim_device_characteristics,
    .xShmMap = shim_shm_map,
    .xShmLock = shim_shm_lock,
    .xShmBarrier = shim_shm_barrier,
    .xShmUnmap = shim_shm_unmap,
    .xFetch = shim_fetch,
    .xUnfetch = shim_unfetch,
  };
  shim_vfs = (sqlite3_vfs) {
    .iVersion = 2,
    .szOsFile = (int) sizeof (ShimFile) + real_vfs->szOsFile,
    .mxPathname = real_vfs->mxPathname,
    .zName = "trust-faults",
    .xOpen = shim_open,
    .xDelete = shim_delete,
    .xAccess = shim_access,
    .xFullPathname = shim_full_pathname,
    .xDlOpen = NULL,
    .xDlError = NULL,
    .xDlSym = NULL,
    .xDlClose = NULL,
    .xRandomness = shim_randomness,
    .xSleep = shim_sleep,
    .xCurrentTime = shim_current_time,
    .xGetLastError = shim_get_last_error,
    .xCurrentTimeInt64 = shim_current_time_int64,
  };
  g_assert_cmpint (sqlite3_vfs_register (&shim_vfs, 1), ==, SQLITE_OK);
}

void
trust_vfs_arm (TrustIo what, guint n, int rc, gboolean persistent)
{
  g_assert_cmpuint (n, >, 0);
  memset (io_count, 0, sizeof io_count);
  io_fired = FALSE;
  io_what = what;
  io_rc = rc;
  io_persistent = persistent;
  io_fail_at = n;
}

void
trust_vfs_disarm (void)
{
  io_fail_at = 0;
}

guint
trust_vfs_count (TrustIo what)
{
  g_assert_cmpint (what, <, TRUST_IO_N);
  return io_count[what];
}

gboolean
trust_vfs_fired (void)
{
  return io_fired;
}

/* Helpers */

char *
trust_query_rows (sqlite3 *handle, const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (handle));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);
          g_string_append_printf (out, "%s%s", c > 0 ? "|" : "", text != NULL ? text : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  if (rc != SQLITE_DONE)
    g_error ("%s: %s", sql, sqlite3_errmsg (handle));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

char *
trust_make_scratch_dir (const char *template)
{
  g_autoptr(GError) error = NULL;
  char *dir;

  /* In memory where there is a tmpfs: the tests sync thousands of times,
   * and what they prove does not depend on the disk. */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
    {
      g_autofree char *path = g_build_filename ("/dev/shm", template, NULL);
      dir = g_mkdtemp (g_steal_pointer (&path));
      if (dir != NULL)
        return dir;
    }
  dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  return dir;
}

void
trust_copy_file (const char *from, const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  /* Not synced: the copies are scratch, and thousands of them are made. */
  g_file_set_contents_full (to, contents, (gssize) length, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}
