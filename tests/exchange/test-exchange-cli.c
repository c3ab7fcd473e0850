/* test-exchange-cli.c: import, export, export-archive and import-archive,
 * run as a user runs them.
 *
 * Each case runs the real program ($JOINERY_BIN) in a folder of its own,
 * with its database given by --db and XDG_CONFIG_HOME there too (saved
 * mappings), and checks the exit status and what was written where: the
 * problems of an import on the standard error, the export itself on the
 * standard output or in its file.
 */
#include "joinery-test-util.h"

#include <string.h>

typedef struct {
  char *dir;
  char *db;
  int   status;
  char *out;
  char *err;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("joinery-exchange-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "network.joinery", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  joinery_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->out);
  g_free (f->err);
}

/* Run `joinery --db DB ARGS…` (NULL-terminated); the status, and the
 * output in f->out and f->err. */
static int
joinery (Fixture *f, const char *first, ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *config = g_build_filename (f->dir, "config", NULL);
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_strv_builder_add_many (argv, g_getenv ("JOINERY_BIN"), "--db", f->db, NULL);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_strv_builder_add (argv, arg);
  va_end (ap);
  args = g_strv_builder_end (argv);

  g_subprocess_launcher_set_cwd (launcher, f->dir);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "JOINERY_DB");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args, &error);
  g_assert_no_error (error);
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &f->out, &f->err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (process))
    g_error ("joinery was killed by signal %d; it wrote: %s", g_subprocess_get_term_sig (process), f->err);
  f->status = g_subprocess_get_exit_status (process);
  return f->status;
}

static char *
write_file (Fixture *f, const char *name, const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
assert_contains (const char *text, const char *fragment)
{
  if (text == NULL || strstr (text, fragment) == NULL)
    g_error ("“%s” does not hold “%s”", text, fragment);
}

static void
setup_network (Fixture *f)
{
  g_assert_cmpint (joinery (f, "init", NULL), ==, 0);
  g_assert_cmpint (joinery (f, "add", "organisation", "name=Bradford Council", "kind=council", NULL), ==, 0);
}

static void
test_import_problems (Fixture *f, gconstpointer data)
{
  g_autofree char *file = write_file (f, "members.csv", "Name,Email,Organisation\n"
                                      "Ada Lovelace,ada@example.org,Bradford Council\n"
                                      "Bob Smith,bob@,Bradford Council\n"
                                      "Cy Young,cy@example.org,Leeds Council\n");

  setup_network (f);
  g_assert_cmpint (joinery (f, "import", "people", "members.csv", NULL), ==, 1);
  assert_contains (f->err, "row 3, column B “Email”: Email:");
  assert_contains (f->err, "row 4, column C “Organisation”: Organisation: there is no organisation called "
                           "“Leeds Council”");
  assert_contains (f->err, "nothing was imported: 2 problems in “members.csv”");
  g_assert_cmpstr (f->out, ==, "");
  g_assert_cmpint (joinery (f, "list", "people", NULL), ==, 0);
  assert_contains (f->out, "0 people");

  /* The same as JSON, for a script. */
  g_assert_cmpint (joinery (f, "--format", "json", "import", "people", "members.csv", NULL), ==, 1);
  assert_contains (f->out, "\"problem_count\" : 2");
  assert_contains (f->out, "\"column_name\" : \"Email\"");
}

static void
test_import_and_undo (Fixture *f, gconstpointer data)
{
  g_autofree char *file = write_file (f, "members.csv", "First name,Surname,E-mail,Company\n"
                                      "Ada,Lovelace,ada@example.org,Bradford Council\n"
                                      "Bob,Smith,bob@example.org,\n");

  setup_network (f);
  g_assert_cmpint (joinery (f, "import", "people", "members.csv", "--dry-run", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Dry run of “members.csv”: no problems. Would add 2 people (2 rows read). "
                               "Nothing was changed.\n");
  g_assert_cmpint (joinery (f, "import", "people", "members.csv", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Added 2 people (2 rows read). “joinery undo” takes it back.\n");
  g_assert_cmpint (joinery (f, "show", "person", "1", NULL), ==, 0);
  assert_contains (f->out, "Ada Lovelace");
  assert_contains (f->out, "Bradford Council");
  /* Again: matched by email, left as they are. */
  g_assert_cmpint (joinery (f, "import", "people", "members.csv", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Added 0 people, 2 already there, left as they were (2 rows read).\n");
  g_assert_cmpint (joinery (f, "undo", NULL), ==, 0);
  g_assert_cmpint (joinery (f, "list", "people", NULL), ==, 0);
  assert_contains (f->out, "0 people");
}

static void
test_mappings (Fixture *f, gconstpointer data)
{
  g_autofree char *first = write_file (f, "partners.csv", "Ref,Partner,Sector\n1,Craven Voluntary Action,\n");
  g_autofree char *second = write_file (f, "partners-june.csv", "Sector,Partner,Ref\n,Keighley Healthy Living,2\n");

  setup_network (f);
  g_assert_cmpint (joinery (f, "import", "organisations", "partners.csv", "--map", "Partner=name", "--map", "Ref=",
                            "--default", "kind=voluntary", "--show-mapping", NULL), ==, 0);
  assert_contains (f->out, "Partner  name ");
  assert_contains (f->out, "Ref      (left out)");
  assert_contains (f->out, "Default for kind: voluntary");
  g_assert_cmpint (joinery (f, "import", "organisations", "partners.csv", "--map", "Partner=name", "--map", "Ref=",
                            "--default", "kind=voluntary", "--save-mapping", "Partners", NULL), ==, 0);
  assert_contains (f->out, "Saved the mapping “Partners”.");
  assert_contains (f->out, "Added 1 organisation");
  /* Next month's file, its columns moved: the saved mapping still fits. */
  g_assert_cmpint (joinery (f, "import", "organisations", "partners-june.csv", "--mapping", "Partners", NULL), ==, 0);
  assert_contains (f->out, "Added 1 organisation");
  g_assert_cmpint (joinery (f, "import", "people", "partners-june.csv", "--mapping", "Partners", NULL), ==, 1);
  assert_contains (f->err, "the mapping “Partners” is for organisations, not people");
  g_assert_cmpint (joinery (f, "import", "organisations", "partners.csv", "--map", "Nowhere=name", NULL), ==, 1);
  assert_contains (f->err, "--map: the file has no column “Nowhere”");
}

static void
test_import_usage (Fixture *f, gconstpointer data)
{
  g_autofree char *file = write_file (f, "p.csv", "Name\nAda\n");

  setup_network (f);
  g_assert_cmpint (joinery (f, "import", "people", "p.csv", "--match", "phone", NULL), ==, 2);
  assert_contains (f->err, "--match: “phone” is not email, name, id or none");
  g_assert_cmpint (joinery (f, "import", "people", "p.csv", "--on-match", "merge", NULL), ==, 2);
  g_assert_cmpint (joinery (f, "import", "people", "p.csv", "--map", "Name", NULL), ==, 2);
  g_assert_cmpint (joinery (f, "import", "people", "p.csv", "--encoding", "latin9", NULL), ==, 2);
  g_assert_cmpint (joinery (f, "import", "eventbrite", "p.csv", NULL), ==, 2);
  assert_contains (f->err, "which event?");
  g_assert_cmpint (joinery (f, "import", "people", "p.csv", "--event", "1", NULL), ==, 2);
  g_assert_cmpint (joinery (f, "import", "eventbrite", "p.csv", "--event", "1", "--map", "a=b", NULL), ==, 2);
  g_assert_cmpint (joinery (f, "import", "people", "missing.csv", NULL), ==, 1);
  assert_contains (f->err, "missing.csv");
}

static void
test_eventbrite (Fixture *f, gconstpointer data)
{
  g_autofree char *report = g_test_build_filename (G_TEST_DIST, "exchange", "eventbrite-attendees-2017-05-19.csv", NULL);

  setup_network (f);
  g_assert_cmpint (joinery (f, "add", "event", "name=Learning and Innovation event", "kind=learning_event",
                            "starts_on=19/05/2017", "venue=Mercure Hotel, Bingley", NULL), ==, 0);
  g_assert_cmpint (joinery (f, "import", "eventbrite", report, "--event", "Learning and Innovation event", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Added 11 attendances and 11 new people (11 rows read). "
                               "“joinery undo” takes it back.\n");
  g_assert_cmpint (joinery (f, "list", "attendances", "status=attended", NULL), ==, 0);
  assert_contains (f->out, "Kersten England  attended  speaker");
  assert_contains (f->out, "6 attendances");
  g_assert_cmpint (joinery (f, "import", "eventbrite", report, "--event", "Nowhere", NULL), ==, 1);
  assert_contains (f->err, "there is no event called “Nowhere”");
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *workbook = g_build_filename (f->dir, "people.xlsx", NULL);

  setup_network (f);
  g_assert_cmpint (joinery (f, "add", "person", "name=Ada Lovelace", "email=ada@example.org",
                            "consent_to_contact=yes", "organisation=Bradford Council", NULL), ==, 0);
  g_assert_cmpint (joinery (f, "add", "person", "name=Bob Smith", NULL), ==, 0);

  g_assert_cmpint (joinery (f, "export", "people", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "ID,Name,Job title,Organisation,Email,Phone,Consent to contact,Consent recorded on\r\n"
                               "1,Ada Lovelace,,Bradford Council,ada@example.org,,yes,\r\n");
  assert_contains (f->err, "Left out 1 person who has not consented to contact");
  g_assert_cmpint (joinery (f, "export", "people", "name~bob", "--include-no-consent", NULL), ==, 0);
  assert_contains (f->out, "2,Bob Smith,");
  g_assert_cmpstr (f->err, ==, "");

  g_assert_cmpint (joinery (f, "export", "people", "--format", "xlsx", NULL), ==, 2);
  assert_contains (f->err, "give --output FILE");
  g_assert_cmpint (joinery (f, "export", "people", "--format", "xlsx", "--output", "people.xlsx", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Exported 1 person to people.xlsx.\n"
                               "Left out 1 person who has not consented to contact (--include-no-consent adds them).\n");
  g_assert_true (g_file_test (workbook, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (joinery (f, "export", "people", "--format", "ics", NULL), ==, 1);
  assert_contains (f->err, "ics is a format for events, not people");
  g_assert_cmpint (joinery (f, "export", "people", "--format", "pdf", NULL), ==, 2);
  g_assert_cmpint (joinery (f, "export", "people", "bob", NULL), ==, 2);
  g_assert_cmpint (joinery (f, "export", "grants", "--format", "360giving-json", "--id-prefix", "GB-1", NULL), ==, 1);
  assert_contains (f->err, "is not a 360Giving identifier prefix");
  /* Other commands still refuse other formats. */
  g_assert_cmpint (joinery (f, "list", "people", "--format", "xlsx", NULL), ==, 2);
}

static void
test_archive (Fixture *f, gconstpointer data)
{
  g_autofree char *archive = g_build_filename (f->dir, "network.json", NULL);
  g_autofree char *restored = g_build_filename (f->dir, "restored.joinery", NULL);
  g_autofree char *broken = write_file (f, "broken.json", "{\"format\": \"joinery-archive\"");
  g_autofree char *listed = NULL;
  g_autofree char *again = NULL;

  setup_network (f);
  g_assert_cmpint (joinery (f, "add", "person", "name=Ada Lovelace", "organisation=Bradford Council", NULL), ==, 0);
  g_assert_cmpint (joinery (f, "export-archive", "--output", "network.json", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Archived 2 records to network.json.\n");
  g_assert_cmpint (joinery (f, "export-archive", NULL), ==, 0);
  assert_contains (f->out, "\"format\": \"joinery-archive\"");
  g_assert_cmpint (joinery (f, "list", "people", "--format", "csv", NULL), ==, 0);
  listed = g_strdup (f->out);

  g_free (f->db);
  f->db = g_strdup (restored);
  g_assert_cmpint (joinery (f, "import-archive", archive, NULL), ==, 0);
  assert_contains (f->out, "Restored 2 records into");
  g_assert_cmpint (joinery (f, "list", "people", "--format", "csv", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, listed);
  /* Not into a database that holds records. */
  g_assert_cmpint (joinery (f, "import-archive", archive, NULL), ==, 1);
  assert_contains (f->err, "already holds records");

  /* A broken archive makes no database. */
  g_free (f->db);
  f->db = g_build_filename (f->dir, "never.joinery", NULL);
  g_assert_cmpint (joinery (f, "import-archive", broken, NULL), ==, 1);
  assert_contains (f->err, "cannot restore");
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
  g_assert_cmpint (joinery (f, "import-archive", "nothing.json", NULL), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/exchange/cli/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("import-problems", test_import_problems);
  ADD ("import-and-undo", test_import_and_undo);
  ADD ("mappings", test_mappings);
  ADD ("import-usage", test_import_usage);
  ADD ("eventbrite", test_eventbrite);
  ADD ("export", test_export);
  ADD ("archive", test_archive);
#undef ADD
  return g_test_run ();
}
