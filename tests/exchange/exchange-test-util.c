/* exchange-test-util.c: what the exchange's tests share. */
#include "exchange-test-util.h"

GBytes *
exchange_test_snapshot (JoineryTestDb *tdb)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_clear_object (&tdb->db);
  bytes = joinery_test_read_file (tdb->path);
  tdb->db = joinery_db_open (tdb->path, JOINERY_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  joinery_db_set_source (tdb->db, "test");
  return bytes;
}
