/* instance.h — the instance id and the per-sandbox runtime directory. */
#pragma once

#include "paths.h"
#include "plan.h"

/* Front end: the instance id and its runtime directory
 * ($XDG_RUNTIME_DIR/sbox/ID: the info file, proxy sockets). */
void sbox_instance_prepare_dir (SboxPlan *plan, const SboxExpandContext *caller);

/* Executor: create it (0700), and remove it with what it holds. */
gboolean sbox_instance_create_dir (const SboxPlan *plan, GError **error);
void sbox_instance_remove_dir (const SboxPlan *plan);

/* Executor, at every start: remove what sandboxes whose launcher died left. */
void sbox_instance_clean_stale (const SboxPlan *plan);

/* Executor, once the child exists: the info file --list and --kill read. */
gboolean sbox_instance_write_info (const SboxPlan *plan, pid_t child, GError **error);

/* Executor, before anything starts: FALSE when --name is taken. */
gboolean sbox_instance_check_name (const SboxPlan *plan, GError **error);

/* --list (text or JSON) and --kill=NAME|ID|PID. Exit statuses. */
int sbox_instance_list (const char *const *envp, gboolean json);
int sbox_instance_kill (const char *const *envp, const char *which, int signal_number);
