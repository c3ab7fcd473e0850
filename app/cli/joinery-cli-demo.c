/* joinery-cli-demo.c: `joinery demo`, the trainer's command.
 *
 * Without --output it opens the window on a fresh temporary copy of the
 * demo and removes the copy when the window closes; with --output FILE it
 * writes a fresh copy to FILE, one per attendee. Every copy is made anew
 * from the dataset compiled into the program (joinery-demo.h), so nothing
 * a trainee does can change the next copy. It never writes over a file
 * that exists.
 */
#include "config.h"

#include "joinery-cli-private.h"
#include "joinery-demo.h"

static int
joinery_cli_demo_run (JoineryCli *cli, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *output = joinery_cli_get_option (cli, "output");
  int status;

  if (output != NULL)
    {
      if (*output == '\0')
        return joinery_cli_usage_error (cli, "--output needs a file name");
      if (!joinery_demo_create (output, &error))
        return joinery_cli_fail (cli, error, "cannot make a copy of the demo");
      joinery_cli_output_printf (stdout, "Wrote a fresh copy of the demo to %s\n", output);
      return JOINERY_CLI_EXIT_OK;
    }

  path = joinery_demo_create_temporary (&error);
  if (path == NULL)
    return joinery_cli_fail (cli, error, "cannot make a copy of the demo");
  status = joinery_cli_launch (cli, path, JOINERY_CLI_LAUNCH_DEMO);
  /* The copy was for this session only. */
  if (!joinery_demo_remove_temporary (path, &error))
    joinery_cli_output_printf (stderr, "joinery: %s\n", error->message);
  return status;
}

static const JoineryCliOption demo_options[] = {
  { "output", "FILE", "Write a fresh copy of the demo to FILE instead of opening it" },
  { NULL }
};

const JoineryCliCommand joinery_cli_demo_commands[] = {
  { "demo", "demo [--output FILE]", "Open a fresh copy of the demo, or write one to a file",
    "The demo tells the story of a real integration network — Bradford's learning\n"
    "events, Leeds the integration pioneer, the North Yorkshire Innovation Fund,\n"
    "Wigan's Deal, Trafford's i-Care — filled out with fictional people and grants.\n"
    "Every copy is made fresh, so nothing done in one changes the next. The\n"
    "window opens on a temporary copy, removed when it closes; --output writes\n"
    "one to a new file. Exercises for a two-hour workshop are in WORKSHOP.md\n"
    "(data/demo/ in the sources, share/doc/joinery/ once installed).\n"
    "\n"
    "Examples:\n"
    "  joinery demo\n"
    "  joinery demo --output workshop.joinery\n"
    "  for n in 1 2 3 4 5 6; do joinery demo --output attendee-$n.joinery; done",
    demo_options, 0, 0, FALSE, joinery_cli_demo_run },
  { NULL }
};
