/* bwrap-cli.h — bubblewrap's command line (bwrap(1), 0.8–0.12) read into a
 * plan with no policy of sbox's own. */
#pragma once

#include "plan.h"

typedef struct
{
  SboxPlan *plan; /* NULL with --help or --version */
  gboolean help;
  gboolean version;
  gboolean level_prefix; /* --level-prefix seen (set also when parsing fails later) */
} SboxBwrapCli;

void sbox_bwrap_cli_clear (SboxBwrapCli *cli);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SboxBwrapCli, sbox_bwrap_cli_clear)

/* TRUE when argv0's basename asks for this front end (sbox-bwrap, bwrap). */
gboolean sbox_bwrap_cli_selected (const char *argv0);

/* Parse argv[1..] as bwrap does (options in order, --args FD read in
 * place, the command from the first word that is not an option). The
 * caller's environment is the command's unless --clearenv (the composer,
 * sbox_compose_bwrap_plan, decides whether sbox's policy comes on top). Errors are SBOX_ERROR_USAGE
 * with bwrap's wording, without the program name. An option sbox cannot honour yet is an error
 * naming it. */
gboolean sbox_bwrap_cli_parse (int argc, char *const *argv, const char *const *envp,
                               SboxBwrapCli *cli, GError **error);

char *sbox_bwrap_cli_help (const char *program);
