/* fuzz-mapping.c: libFuzzer target for saved import mappings
 * (app/exchange/joinery-import-mapping.c: the key file
 * ~/.config/joinery/import-mappings.ini, read by `joinery import --mapping
 * NAME` and the import wizard).
 *
 * The input is the file. Every mapping it lists is loaded; besides not
 * crashing, leaking or overrunning:
 *
 *   - listing and loading fail with an error that says something, or not
 *     at all;
 *   - a mapping that loads, saved to a new file and loaded again, is the
 *     same mapping: the same kind, columns (in order) and fields, and the
 *     same defaults.
 */
#include "fuzz-util.h"
#include "joinery-import-mapping.h"

#include <glib/gstdio.h>
#include <string.h>

static void
assert_same (const JoineryImportMapping *a, const JoineryImportMapping *b)
{
  g_auto(GStrv) columns_a = joinery_import_mapping_dup_columns (a);
  g_auto(GStrv) columns_b = joinery_import_mapping_dup_columns (b);
  g_auto(GStrv) defaults_a = joinery_import_mapping_dup_defaults (a);
  g_auto(GStrv) defaults_b = joinery_import_mapping_dup_defaults (b);

  if (joinery_import_mapping_get_kind (a) != joinery_import_mapping_get_kind (b))
    fuzz_fail ("a saved mapping came back for another kind");
  if (!g_strv_equal ((const char * const *) columns_a, (const char * const *) columns_b))
    fuzz_fail ("a saved mapping came back with other columns");
  for (guint i = 0; columns_a[i] != NULL; i++)
    if (g_strcmp0 (joinery_import_mapping_get_column (a, columns_a[i]),
                   joinery_import_mapping_get_column (b, columns_a[i])) != 0)
      fuzz_fail ("the column “%s” of a saved mapping came back mapped elsewhere", columns_a[i]);
  if (!g_strv_equal ((const char * const *) defaults_a, (const char * const *) defaults_b))
    fuzz_fail ("a saved mapping came back with other defaults");
  for (guint i = 0; defaults_a[i] != NULL; i++)
    if (g_strcmp0 (joinery_import_mapping_get_default (a, defaults_a[i]),
                   joinery_import_mapping_get_default (b, defaults_a[i])) != 0)
      fuzz_fail ("the default of “%s” of a saved mapping came back changed", defaults_a[i]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = g_build_filename (fuzz_tmp_dir (), "import-mappings.ini", NULL);
  g_autofree char *copy_path = g_build_filename (fuzz_tmp_dir (), "copy.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  fuzz_write_file (path, data, size);
  names = joinery_import_mapping_list (path, NULL, &error);
  if (names == NULL)
    {
      if (error == NULL || *error->message == '\0')
        fuzz_fail ("listing the mappings failed without saying why");
      return 0;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(JoineryImportMapping) mapping = NULL;
      g_autoptr(JoineryImportMapping) again = NULL;
      g_autoptr(GError) load_error = NULL;

      mapping = joinery_import_mapping_load (path, names[i], &load_error);
      if (mapping == NULL)
        {
          if (load_error == NULL || *load_error->message == '\0')
            fuzz_fail ("loading “%s” failed without saying why", names[i]);
          continue;
        }
      g_unlink (copy_path);
      if (!joinery_import_mapping_save (mapping, copy_path, "copy", &load_error))
        fuzz_fail ("a mapping that loaded cannot be saved: %s", load_error->message);
      again = joinery_import_mapping_load (copy_path, "copy", &load_error);
      if (again == NULL)
        fuzz_fail ("a saved mapping cannot be loaded: %s", load_error->message);
      assert_same (mapping, again);
    }
  return 0;
}
