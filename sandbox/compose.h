/* compose.h — the one place a plan is assembled: a front end's parsed
 * request + the chosen profile + sbox.conf + the caller's environment. */
#pragma once

#include "plan.h"

typedef enum
{
  SBOX_OUTPUT_NORMAL,
  SBOX_OUTPUT_QUIET,   /* nothing but errors */
  SBOX_OUTPUT_VERBOSE, /* each setup step on stderr */
} SboxOutput;

/* What the user asked for, as a front end parsed it; nothing read from
 * profiles, sbox.conf or the environment yet. */
typedef struct
{
  char *profile;        /* a name or a path; NULL: chosen by the command's name */
  gboolean noprofile;   /* the default sandbox, no profile at all */
  GPtrArray *layer;     /* section, key, value triples: profile keys set on top, in order */
  GPtrArray *fs_ops;    /* SboxFsOp*: raw operations after the profile's, in order */
  GPtrArray *env_edits; /* "+NAME=VALUE" or "-NAME", applied last, in order */
  GPtrArray *argv;      /* the command; empty: the profile's Command= */
  char *chdir;
  char *instance_name;
  char *learn_output;
  gboolean as_pid_1;
  gboolean no_pty;
  gboolean keep_root;
  guint run_uid; /* 0: the default (65534) */
  guint run_gid;
  int json_status_fd; /* -1: none */
  int info_fd;
  guint64 memory_max;
  guint pids_max;
  double cpus;
  SboxOutput output;
} SboxRequest;

void sbox_compose_request_init (SboxRequest *request);
void sbox_compose_request_clear (SboxRequest *request);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SboxRequest, sbox_compose_request_clear)

/* Add a profile key set by a front end (on top of the profile, in order). */
void sbox_compose_request_set (SboxRequest *request, const char *section, const char *key,
                               const char *value);

/* Load sbox.conf, choose the profile, apply the request's layer, build the
 * plan (default view, profile, raw operations, environment edits), choose
 * the command and apply sbox.conf's checks. The request's argv and raw
 * operations are moved into the plan. */
SboxPlan *sbox_compose_plan (SboxRequest *request, const char *const *envp, GError **error);

/* sbox-bwrap's parsed plan, which holds the caller's policy only: sbox.conf
 * loaded, and sbox's default seccomp policy and Landlock put on top when
 * SBOX_BWRAP_HARDEN=1, BwrapHarden=true or RequireLandlock=true asks;
 * AllowNetwork=false refuses a plan that shares the network. */
gboolean sbox_compose_bwrap_plan (SboxPlan *plan, const char *const *envp, GError **error);
