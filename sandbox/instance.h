/* instance.h — the instance id and the per-sandbox runtime directory. */
#pragma once

#include "paths.h"
#include "ns.h"
#include "plan.h"
#include "seccomp.h"

/* Front end: the instance id and its runtime directory
 * ($XDG_RUNTIME_DIR/sbox/ID: the info file, proxy sockets). */
void sbox_instance_prepare_dir (SboxPlan *plan, const SboxExpandContext *caller);

/* Executor: create it (0700), and remove it with what it holds. */
gboolean sbox_instance_create_dir (const SboxInstancePlace *place, GError **error);
/* Remove path and everything beneath it, never following a link (the
 * sandbox may have left one) nor entering another filesystem. */
void sbox_instance_remove_tree (const char *path);
void sbox_instance_remove_dir (const SboxInstancePlace *place);

/* Executor, at every start: remove what sandboxes whose launcher died left. */
void sbox_instance_clean_stale (const SboxInstancePlace *place);

/* Executor, once the child exists: the info file --list, --kill and
 * --enter read, and the sealed memfd with what --enter needs (the
 * compiled filters, the environment, the namespaces held), which the
 * launcher keeps open until the end and closes. -1 when there is none.
 * place is the launcher's: without a directory there is no info file;
 * rlimits are the ones the first command got (with the cgroup fallback);
 * cgroup is the sandbox's own cgroup directory, or NULL. */
int sbox_instance_write_info (const SboxPlan *plan, const SboxInstancePlace *place,
                              const GArray *rlimits, const SboxSeccompFilters *seccomp,
                              const SboxNsHeld *held, const char *cgroup, pid_t child,
                              GError **error);

/* Executor, once the command runs in the sandbox's finished view (EOF on
 * the sync channel). Until then the sandbox holds its name, but --list
 * does not show it and --enter and --kill do not reach it: an enter would
 * join a mount namespace whose root is not the sandbox's yet (the host's
 * copy, or a half-built one), and a signal would reach an init that has
 * no handlers, which drops it. */
void sbox_instance_mark_running (const SboxInstancePlace *place);

/* Executor, before anything starts: FALSE when --name is taken. */
gboolean sbox_instance_check_name (const SboxInstancePlace *place, GError **error);

/* A named start holds its claim on the name from sbox_instance_check_name
 * until its info file shows the name (sbox_instance_write_info releases
 * it); the launcher's cleanup releases it on every other path. */
void sbox_instance_release_name (void);

/* --list (text or JSON) on stdout. */
void sbox_instance_list (const char *const *envp, gboolean json);
/* --kill=NAME|ID|PID: send signal_number to the sandbox's first process. */
gboolean sbox_instance_kill (const char *const *envp, const char *which, int signal_number,
                             GError **error);

/* A running sandbox found by NAME, ID or child PID. */
typedef struct
{
  char *id;
  pid_t child;
  pid_t launcher;
  int enter_fd; /* the launcher's fd number of its --enter data */
  int pidfd;    /* of child, -1 when unset */
} SboxInstanceRef;

gboolean sbox_instance_find (const char *const *envp, const char *which, SboxInstanceRef *out,
                             GError **error);
void sbox_instance_ref_clear (SboxInstanceRef *ref);
/* --enter: the [Enter] data the running launcher holds for ref, checked to
 * be a sealed memfd of that sandbox. */
GKeyFile *sbox_instance_open_enter_data (const SboxInstanceRef *ref, GError **error);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SboxInstanceRef, sbox_instance_ref_clear)
