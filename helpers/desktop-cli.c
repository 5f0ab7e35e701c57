/* desktop-cli.c — sbox-desktop's command line: the options (one table of
 * what each sets), --help, which options and names go with which command,
 * and the absolute paths the commands work with. */
#include "config.h"
#include "installdirs.h"

#include <stdio.h>
#include <string.h>

#include "desktop-cli.h"
#include "desktop-keys.h"
#include "desktop-profiles.h"

typedef struct
{
  const char *name;
  gboolean takes_value;
  size_t offset; /* of a gboolean or a char * in SboxDesktopRun */
} Option;

static const Option options[] = {
  { "--all", FALSE, G_STRUCT_OFFSET (SboxDesktopRun, all) },
  { "--json", FALSE, G_STRUCT_OFFSET (SboxDesktopRun, json) },
  { "--profile", TRUE, G_STRUCT_OFFSET (SboxDesktopRun, profile) },
  { "--symlinks", TRUE, G_STRUCT_OFFSET (SboxDesktopRun, symlinks) },
  { "--no-marker", FALSE, G_STRUCT_OFFSET (SboxDesktopRun, no_marker) },
  { "--sbox", TRUE, G_STRUCT_OFFSET (SboxDesktopRun, sbox_opt) },
};

static int G_GNUC_PRINTF (2, 3) usage_error (const char *what, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *why = NULL;

  va_start (ap, fmt);
  why = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, ME ": %s: %s (see " ME " --help)\n", what, why);
  return EXIT_USAGE;
}

static void
print_help (void)
{
  fputs ("Usage: " ME " [OPTION...] COMMAND [NAME...]\n"
         "Make application menu entries start their applications inside sbox.\n"
         "\n"
         "Commands:\n"
         "  enable NAME...|--all   write a sandboxed copy of each application's entry\n"
         "  disable NAME...|--all  remove copies written by enable\n"
         "  list                   show wrapped applications and others with a profile\n"
         "  refresh                rewrite copies whose source changed, drop orphans\n"
         "\n"
         "NAME is a desktop id (org.gnome.Evince) or a command name (evince).\n"
         "\n"
         "Options:\n"
         "  --all            every installed application with a profile\n"
         "  --profile NAME   the profile for enable instead of one found by name\n"
         "  --symlinks DIR   also add or remove DIR/PROGRAM links to sbox\n"
         "  --no-marker      keep the application's Name= (no \"" NAME_MARKER "\" after it)\n"
         "  --sbox PATH      the sbox written into Exec= (default: $SBOX, else " SBOX_BINDIR
         "/sbox)\n"
         "  --json           list as JSON\n"
         "  --help, --version\n"
         "\n"
         "See sbox-desktop(1).\n",
         stdout);
}

/* Options and operands mix in any order; "--" ends the options and a lone
 * "-" is a name.  Returns -1 to go on, else the exit status. */
static int
parse_args (SboxDesktopRun *run, int argc, char **argv)
{
  gboolean options_done = FALSE;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const Option *opt = NULL;
      const char *value = NULL;
      size_t len;

      if (options_done || arg[0] != '-' || g_str_equal (arg, "-"))
        {
          if (run->command == NULL)
            run->command = arg;
          else
            g_ptr_array_add (run->names, g_strdup (arg));
          continue;
        }
      if (g_str_equal (arg, "--"))
        {
          options_done = TRUE;
          continue;
        }
      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help ();
          return EXIT_DONE;
        }
      if (g_str_equal (arg, "--version"))
        {
          printf (ME " %s\n", PACKAGE_VERSION);
          return EXIT_DONE;
        }
      len = strcspn (arg, "=");
      for (guint j = 0; j < G_N_ELEMENTS (options); j++)
        if (strlen (options[j].name) == len && strncmp (arg, options[j].name, len) == 0)
          opt = &options[j];
      if (opt == NULL)
        return usage_error (arg, "unknown option");
      if (!opt->takes_value)
        {
          if (arg[len] == '=')
            return usage_error (arg, "takes no value");
          G_STRUCT_MEMBER (gboolean, run, opt->offset) = TRUE;
          continue;
        }
      if (arg[len] == '=')
        value = arg + len + 1;
      else if (i + 1 < argc)
        value = argv[++i];
      else
        return usage_error (arg, "needs a value");
      if (*value == '\0')
        return usage_error (opt->name, "empty value");
      /* A repeated option: the last one counts. */
      g_free (G_STRUCT_MEMBER (char *, run, opt->offset));
      G_STRUCT_MEMBER (char *, run, opt->offset) = g_strdup (value);
    }
  return -1;
}

/* Checks which options and names go with which command. */
static int
check_args (SboxDesktopRun *run)
{
  gboolean is_enable, is_disable;

  if (run->command == NULL)
    {
      fprintf (stderr,
               ME ": no command given: enable, disable, list or refresh (see " ME " --help)\n");
      return EXIT_USAGE;
    }
  is_enable = g_str_equal (run->command, "enable");
  is_disable = g_str_equal (run->command, "disable");
  if (!is_enable && !is_disable && !g_str_equal (run->command, "list")
      && !g_str_equal (run->command, "refresh"))
    return usage_error (run->command, "unknown command (enable, disable, list or refresh)");
  if (is_enable || is_disable)
    {
      if (run->all && run->names->len > 0)
        return usage_error ("--all", "does not go with names");
      if (!run->all && run->names->len == 0)
        return usage_error (run->command, "needs NAME... or --all");
    }
  else
    {
      if (run->names->len > 0)
        return usage_error (run->command, "takes no names");
      if (run->all)
        return usage_error ("--all", "only goes with enable and disable");
      if (run->symlinks != NULL)
        return usage_error ("--symlinks", "only goes with enable and disable");
    }
  if (run->profile != NULL && (!is_enable || run->all))
    return usage_error ("--profile", "only goes with enable NAME...");
  if (run->no_marker && !is_enable)
    return usage_error ("--no-marker", "only goes with enable");
  if (run->json && !g_str_equal (run->command, "list"))
    return usage_error ("--json", "only goes with list");
  return -1;
}

/* Makes the paths absolute and checks --profile; -1 to go on, else the
 * exit status. */
static int
resolve_args (SboxDesktopRun *run)
{
  const char *env_sbox = g_getenv ("SBOX");

  /* Exec= needs an absolute path: launchers run it with their own PATH. */
  run->sbox = g_canonicalize_filename (
      run->sbox_opt ? run->sbox_opt : (env_sbox && *env_sbox ? env_sbox : SBOX_BINDIR "/sbox"),
      NULL);
  run->user_dir = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  if (run->symlinks != NULL)
    {
      char *abs = g_canonicalize_filename (run->symlinks, NULL);
      g_free (run->symlinks);
      run->symlinks = abs;
    }

  if (run->profile == NULL)
    return -1;
  if (strchr (run->profile, '/') != NULL)
    {
      /* A profile file: sbox takes its path, relative to nothing. */
      char *abs = g_canonicalize_filename (run->profile, NULL);
      g_free (run->profile);
      run->profile = abs;
      if (!g_file_test (run->profile, G_FILE_TEST_IS_REGULAR))
        return usage_error (run->profile, "no such profile file");
      return -1;
    }
  /* A misspelt name fails here, before any file is written, rather than
   * in the launcher when the application is started. */
  if (!sbox_desktop_profiles_load (run))
    return EXIT_SOME_FAILED;
  if (sbox_desktop_profiles_lookup (run, run->profile) == NULL)
    return usage_error (run->profile, "no such profile (see sbox --list-profiles)");
  return -1;
}

int
sbox_desktop_cli_parse (SboxDesktopRun *run, int argc, char **argv)
{
  int rc;

  run->names = g_ptr_array_new_with_free_func (g_free);
  rc = parse_args (run, argc, argv);
  if (rc < 0)
    rc = check_args (run);
  if (rc < 0)
    rc = resolve_args (run);
  return rc;
}
