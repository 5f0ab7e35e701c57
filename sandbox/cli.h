/* cli.h — sbox's own command line → a request for the composer. */
#pragma once

#include "compose.h"

typedef enum
{
  SBOX_CLI_RUN,
  SBOX_CLI_PRINT_PLAN,
  SBOX_CLI_HELP,
  SBOX_CLI_VERSION,
  SBOX_CLI_CHECK_PROFILE,
  SBOX_CLI_LIST_PROFILES,
  SBOX_CLI_EXPORT_SECCOMP,
  SBOX_CLI_DOCTOR,
  SBOX_CLI_LIST,
  SBOX_CLI_KILL,
  SBOX_CLI_ENTER,
} SboxCliAction;

typedef struct
{
  SboxCliAction action;
  SboxRequest request; /* what RUN, PRINT_PLAN_* and EXPORT_SECCOMP compose */
  char *check_target;  /* --check-profile=NAME|PATH */
  char *export_path;   /* --seccomp-export=FILE */
  char *kill_target;   /* --kill=NAME|ID|PID */
  int kill_signal;     /* --signal, SIGTERM by default */
  char *enter_target;  /* --enter=NAME|ID|PID */
  GStrv enter_argv;    /* the command to run there; NULL for a shell */
  gboolean json;       /* --list=json, --print-plan=json */
} SboxCli;

void sbox_cli_clear (SboxCli *cli);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SboxCli, sbox_cli_clear)

/* Parse argv (argv[0] is skipped) into cli; reads nothing but argv (and
 * checks that fd options name open descriptors). */
gboolean sbox_cli_parse (int argc, char *const *argv, SboxCli *cli, GError **error);

/* The --help text. */
char *sbox_cli_help (void);
