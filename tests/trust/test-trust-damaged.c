/* test-trust-damaged.c: damaged and hostile database files never crash
 * the core.
 *
 * A real database (a small generated network) is copied thousands of
 * times, each copy damaged another way — bytes flipped anywhere, in the
 * header, in a page's b-tree header; the file cut short; a stretch zeroed
 * or filled with noise — and each copy is opened through the core (read-
 * write, with the quick check, read-only). Each is refused with a
 * JOINERY_DB_ERROR whose message names the file, and left byte for byte
 * as it was; or it opens, and then every kind can be listed, searched and
 * checked, and a record added, each succeeding or failing with a
 * JOINERY_DB_ERROR — never a crash, a hang or a leak (the suite runs this
 * again under AddressSanitizer).
 *
 * The seed is printed; JOINERY_DAMAGE_SEED=N repeats a run and
 * JOINERY_DAMAGE_COPIES=N changes the number of copies.
 */
#include "joinery-test-util.h"
#include "joinery-generate.h"
#include "trust-faults.h"

#include <string.h>

#include <glib/gstdio.h>

#define COPIES 2000

typedef enum {
  DAMAGE_FLIP,         /* a few bytes anywhere */
  DAMAGE_FLIP_HEADER,  /* a few bytes of the 100-byte file header */
  DAMAGE_FLIP_PAGE,    /* a few bytes of a page's b-tree header */
  DAMAGE_TRUNCATE,     /* cut short */
  DAMAGE_ZERO,         /* a stretch zeroed */
  DAMAGE_NOISE,        /* a stretch of random bytes */
  N_DAMAGES
} Damage;

static const char * const damage_names[N_DAMAGES] = {
  "flip", "flip-header", "flip-page", "truncate", "zero", "noise",
};

static gsize
damage (GRand *rand, guint8 *data, gsize size, gsize page_size, Damage how)
{
  gsize n_pages = size / page_size;

  switch (how)
    {
    case DAMAGE_FLIP:
    case DAMAGE_FLIP_HEADER:
    case DAMAGE_FLIP_PAGE:
      for (gint n = g_rand_int_range (rand, 1, 5); n > 0; n--)
        {
          gsize at;
          if (how == DAMAGE_FLIP)
            at = (gsize) g_rand_int_range (rand, 0, (gint32) size);
          else if (how == DAMAGE_FLIP_HEADER)
            at = (gsize) g_rand_int_range (rand, 0, 100);
          else
            {
              gsize page = (gsize) g_rand_int_range (rand, 0, (gint32) n_pages);
              at = page * page_size + (page == 0 ? 100 : 0) + (gsize) g_rand_int_range (rand, 0, 12);
            }
          data[at] ^= (guint8) g_rand_int_range (rand, 1, 256);
        }
      return size;
    case DAMAGE_TRUNCATE:
      /* Often at a page boundary, as a short write leaves it. */
      if (g_rand_boolean (rand))
        return (gsize) g_rand_int_range (rand, 0, (gint32) n_pages) * page_size;
      return (gsize) g_rand_int_range (rand, 0, (gint32) size);
    case DAMAGE_ZERO:
    case DAMAGE_NOISE:
      {
        gsize length = g_rand_boolean (rand) ? page_size : (gsize) g_rand_int_range (rand, 1, 65);
        gsize at = (gsize) g_rand_int_range (rand, 0, (gint32) (size - length));
        for (gsize i = at; i < at + length; i++)
          data[i] = how == DAMAGE_ZERO ? 0 : (guint8) g_rand_int_range (rand, 0, 256);
        return size;
      }
    case N_DAMAGES:
    default:
      g_assert_not_reached ();
    }
}

/* A failure on a damaged file: the core's own error, with a message. */
static void
assert_db_error (const GError *error, const char *what, guint copy)
{
  if (error == NULL || error->domain != JOINERY_DB_ERROR || error->message[0] == '\0')
    g_error ("copy %u: %s failed without a Joinery error (%s)", copy, what,
             error != NULL ? error->message : "no error at all");
}

/* Whatever can be read of an opened copy, read; whatever can be written,
 * tried. Returns whether all the reading worked. */
static gboolean
use_copy (JoineryDb *db, guint copy)
{
  const JoineryKind * const *kinds = joinery_kinds ();
  gboolean all_read = TRUE;

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = joinery_db_list (db, kinds[k], NULL, &error);

      if (records == NULL)
        {
          assert_db_error (error, "a list", copy);
          all_read = FALSE;
        }
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) hits = joinery_db_search (db, "care", NULL, 20, NULL, NULL, &error);
    if (hits == NULL)
      {
        assert_db_error (error, "a search", copy);
        all_read = FALSE;
      }
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) problems = joinery_db_check (db, FALSE, &error);
    if (problems == NULL)
      assert_db_error (error, "the check", copy);
  }
  if (!joinery_db_is_read_only (db))
    {
      g_autoptr(GError) error = NULL;
      gint64 id = joinery_test_try_create (db, &error, "person", "name", "Nia Thornbury",
                                           "email", "nia.thornbury@example.org", NULL);
      if (id == 0 && error->domain != JOINERY_VALIDATION_ERROR)
        assert_db_error (error, "a create", copy);
    }
  return all_read;
}

/* Remove the copy and all that opening it may have left beside it (the
 * write-ahead log, a copy taken before an upgrade). */
static void
clear_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_prefix (name, "copy"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
}

static void
test_damaged_copies (void)
{
  static const JoineryDbOpenFlags open_flags[] = {
    JOINERY_DB_OPEN_DEFAULT, JOINERY_DB_OPEN_QUICK_CHECK, JOINERY_DB_OPEN_READ_ONLY,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = trust_make_scratch_dir ("joinery-damaged-XXXXXX");
  g_autofree char *original = NULL;
  g_autofree char *copy_path = NULL;
  g_autofree guint8 *data = NULL;
  const char *seed_env = g_getenv ("JOINERY_DAMAGE_SEED");
  const char *copies_env = g_getenv ("JOINERY_DAMAGE_COPIES");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : g_random_int ();
  guint copies = copies_env != NULL ? (guint) g_ascii_strtoull (copies_env, NULL, 10) : COPIES;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) refusals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint refused[N_DAMAGES] = { 0 }, opened[N_DAMAGES] = { 0 }, readable[N_DAMAGES] = { 0 };
  gint64 start = g_get_monotonic_time ();
  gsize size, page_size;

  g_assert_no_error (error);
  g_test_message ("seed %u (repeat with JOINERY_DAMAGE_SEED=%u)", seed, seed);
  g_print ("# damaged copies seed %u\n", seed);
  original = g_build_filename (dir, "original.joinery", NULL);
  copy_path = g_build_filename (dir, "copy.joinery", NULL);
  {
    g_autoptr(JoineryDb) db = joinery_db_open (original, JOINERY_DB_OPEN_CREATE, &error);
    g_assert_no_error (error);
    g_assert_true (joinery_generate (db, 25, 5, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(GBytes) bytes = joinery_test_read_file (original);
    data = g_bytes_unref_to_data (g_steal_pointer (&bytes), &size);
  }
  page_size = (gsize) data[16] << 8 | data[17];
  g_assert_cmpuint (page_size, >=, 512);
  g_assert_cmpuint (size % page_size, ==, 0);
  g_test_message ("the original: %" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " pages", size, size / page_size);

  for (guint copy = 0; copy < copies; copy++)
    {
      g_autofree guint8 *damaged = g_memdup2 (data, size);
      Damage how = (Damage) g_rand_int_range (rand, 0, N_DAMAGES);
      JoineryDbOpenFlags flags = open_flags[copy % G_N_ELEMENTS (open_flags)];
      gsize damaged_size = damage (rand, damaged, size, page_size, how);
      g_autoptr(JoineryDb) db = NULL;
      g_autoptr(GError) open_error = NULL;

      clear_dir (dir);
      g_file_set_contents (copy_path, (const char *) damaged, (gssize) damaged_size, &error);
      g_assert_no_error (error);

      db = joinery_db_open (copy_path, flags, &open_error);
      if (db == NULL)
        {
          g_autoptr(GBytes) after = joinery_test_read_file (copy_path);
          g_autoptr(GBytes) before = g_bytes_new_static (damaged, damaged_size);
          g_autofree char *shape = NULL;

          assert_db_error (open_error, "opening", copy);
          if (strstr (open_error->message, copy_path) == NULL)
            g_error ("copy %u (%s): the refusal does not name the file: %s", copy, damage_names[how],
                     open_error->message);
          if (!g_bytes_equal (before, after))
            g_error ("copy %u (%s): refused (%s) but changed", copy, damage_names[how], open_error->message);
          refused[how]++;
          /* The message's shape, the file's name taken out. */
          shape = g_strdup (open_error->message);
          {
            char *at = strstr (shape, copy_path);
            memmove (at, at + strlen (copy_path), strlen (at + strlen (copy_path)) + 1);
          }
          g_hash_table_insert (refusals, g_strdup_printf ("%d %s", open_error->code, shape), NULL);
          continue;
        }
      opened[how]++;
      if (use_copy (db, copy))
        readable[how]++;
    }

  for (guint d = 0; d < N_DAMAGES; d++)
    g_test_message ("%-12s refused %4u, opened %4u (every kind readable in %u)", damage_names[d],
                    refused[d], opened[d], readable[d]);
  {
    GHashTableIter iter;
    gpointer key;
    guint shown = 0;
    g_hash_table_iter_init (&iter, refusals);
    while (g_hash_table_iter_next (&iter, &key, NULL) && shown++ < 20)
      g_test_message ("refusal: %s", (char *) key);
  }
  g_test_message ("%u copies in %.1f s", copies, (g_get_monotonic_time () - start) / 1e6);
  joinery_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trust/damaged/copies", test_damaged_copies);

  return g_test_run ();
}
