/* replay.c: a fuzz target as a normal test. Every input in the target's
 * seed corpus (tests/fuzz/corpus-NAME/) and every input that once crashed
 * it (tests/fuzz/regressions-NAME/, each named for what it found) is fed to
 * the target, one test case each, built with gcc like the rest of the suite
 * and so also run under the sanitizers and valgrind. A crash, a leak or a
 * broken promise (the target aborts) fails the case.
 *
 * FUZZ_NAME is the target's name, set by tests/fuzz/meson.build.
 */
#include "fuzz-util.h"

static void
replay_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  /* A copy of its exact size, so that reading past its end is caught. */
  {
    g_autofree uint8_t *exact = g_memdup2 (contents, size);
    g_assert_cmpint (LLVMFuzzerTestOneInput (exact, size), ==, 0);
  }
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static guint
add_folder (const char *what)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "fuzz", what, NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = names->pdata[i];
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s/%s", FUZZ_NAME, what, file);
      g_test_add_data_func_full (test_path, g_build_filename (folder, file, NULL), replay_file, g_free);
    }
  return names->len;
}

int
main (int argc, char **argv)
{
  g_autofree char *corpus = g_strconcat ("corpus-", FUZZ_NAME, NULL);
  g_autofree char *regressions = g_strconcat ("regressions-", FUZZ_NAME, NULL);

  g_test_init (&argc, &argv, NULL);
  if (add_folder (corpus) == 0)
    g_error ("the seed corpus %s is empty or missing", corpus);
  add_folder (regressions);
  return g_test_run ();
}
