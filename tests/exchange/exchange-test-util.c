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

char *
exchange_test_dup_archive_without_time (GBytes *archive)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (archive, NULL), g_bytes_get_size (archive));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "\"exported_at\""))
      g_string_append_printf (out, "%s\n", lines[i]);
  return g_string_free (out, FALSE);
}
