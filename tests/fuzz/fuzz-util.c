/* fuzz-util.c: see fuzz-util.h. */
#include "fuzz-util.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static char *tmp_dir;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
remove_tmp_dir (void)
{
  if (tmp_dir != NULL)
    remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

const char *
fuzz_tmp_dir (void)
{
  if (tmp_dir == NULL)
    {
      tmp_dir = g_dir_make_tmp ("joinery-fuzz-XXXXXX", NULL);
      if (tmp_dir == NULL)
        fuzz_fail ("cannot make a temporary folder");
      atexit (remove_tmp_dir);
    }
  return tmp_dir;
}

void
fuzz_write_file (const char *path, const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const char *) data, (gssize) size, &error))
    fuzz_fail ("cannot write %s: %s", path, error->message);
}

/* libFuzzer's check for leaks after each new input takes what GLib keeps
 * for good the first time it is needed (the language names, translations
 * of its messages, error domains) for a leak of that input: make them now. */
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *charset;

  g_get_language_names ();
  g_get_charset (&charset);
  g_get_user_config_dir ();
  g_get_tmp_dir ();
  g_key_file_load_from_data (file, "x\n[", 3, G_KEY_FILE_NONE, &error);
  g_clear_error (&error);
  g_file_get_contents ("/nonexistent/joinery-fuzz", &contents, NULL, &error);
  return 0;
}

void
fuzz_fail (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fputs ("fuzz: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  abort ();
}
