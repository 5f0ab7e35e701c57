/* cli.h — sbox's own command line → plan. */
#pragma once

#include "plan.h"

typedef enum
{
  SBOX_CLI_RUN,
  SBOX_CLI_PRINT_PLAN_TEXT,
  SBOX_CLI_PRINT_PLAN_JSON,
  SBOX_CLI_HELP,
  SBOX_CLI_VERSION,
} SboxCliAction;

typedef struct
{
  SboxCliAction action;
  gboolean noprofile;
  gboolean quiet;
  SboxPlan *plan; /* owned; NULL for help and version */
} SboxCli;

void sbox_cli_clear (SboxCli *cli);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SboxCli, sbox_cli_clear)

/* Parse argv (argv[0] is skipped) with the caller's environment envp and
 * build the plan. */
gboolean sbox_cli_parse (int argc, char *const *argv, const char *const *envp, SboxCli *cli,
                         GError **error);

/* The --help text. */
char *sbox_cli_help (void);
