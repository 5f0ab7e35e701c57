/* ns.h — namespaces: clone flags, uid/gid maps, hostname, joining given ones. */
#pragma once

#include <sys/types.h>

#include "plan.h"
#include "sync.h"

unsigned long sbox_ns_clone_flags (SboxNamespaces namespaces);

/* Fork into new namespaces (flags from sbox_ns_clone_flags), like fork:
 * 0 in the child, -1 with errno. clone3 first, clone where clone3 is
 * ENOSYS; *used_clone (may be NULL) says which. pidfd may be NULL. */
pid_t sbox_ns_clone (unsigned long flags, int *pidfd, gboolean *used_clone);

/* Parent side: setgroups=deny, then one-line uid and gid maps for child. */
gboolean sbox_ns_write_maps (pid_t child, uid_t inside_uid, uid_t outside_uid, gid_t inside_gid,
                             gid_t outside_gid, GError **error);

/* Child side, fork-safe: the same one-line maps written by the child for
 * itself, which the kernel allows when each maps the writer's own id. */
int sbox_ns_write_own_maps (uid_t inside_uid, uid_t outside_uid, gid_t inside_gid,
                            gid_t outside_gid, SboxSyncMsg *msg);

/* Parent side, root caller: inside uid/gid map to run_uid/run_gid, and
 * real root to inside 1 so setup (done as real root) can create files. */
gboolean sbox_ns_write_root_maps (pid_t child, uid_t inside_uid, uid_t run_uid, gid_t inside_gid,
                                  gid_t run_gid, GError **error);

/* Child side: -1 with errno on failure. */
int sbox_ns_set_hostname (const char *hostname);

/* The sandbox's namespaces, held open by the launcher: once the sandbox's
 * init is not dumpable its /proc/PID/ns links are closed to the caller,
 * so --enter reaches them through /proc/LAUNCHER/fd/N instead. The child
 * sends them itself, first thing: opening its own is always allowed, and
 * the launcher need not race init turning undumpable. */
#define SBOX_NS_KINDS 7
typedef struct
{
  int fds[SBOX_NS_KINDS]; /* -1 when that namespace is not the sandbox's own */
} SboxNsHeld;

/* Child side, fork-safe: send its own namespaces of these kinds. */
int sbox_ns_send_own (int sync_fd, SboxNamespaces namespaces);
/* Parent side: take them (the child's first message). */
gboolean sbox_ns_receive_held (int sync_fd, SboxNsHeld *held, GError **error);
void sbox_ns_release (SboxNsHeld *held);
/* The short name of kind i ("user", "mnt", …), as /proc/PID/ns has it. */
const char *sbox_ns_kind_name (int i);
/* "user=5" style entries for the info file, in joining order (user first). */
GPtrArray *sbox_ns_held_describe (const SboxNsHeld *held);

/* pid is in this process's namespace of that kind ("user", "mnt", …). */
gboolean sbox_ns_pid_shares (pid_t pid, const char *name);

/* --enter: join every namespace described by entries (as written above)
 * that launcher still holds; -1 with errno and *what naming the step. */
int sbox_ns_join_held (pid_t launcher, char **entries, const char **what);

/* Namespaces the caller hands over (bwrap's --userns, --pidns, --userns2).
 * Launcher side, before the clone: join userns_fd (so the namespaces the
 * clone makes are owned by it) and have children born in pidns_fd (each
 * -1: not asked). The process must be single-threaded. */
gboolean sbox_ns_join_given (int userns_fd, int pidns_fd, GError **error);

/* Child side, fork-safe: a process cannot give its children a new pid
 * namespace while they are born into another one than its own, so with a
 * joined pid namespace and one of the sandbox's own beneath it, the first
 * process clones the real one (the launcher's child, CLONE_PARENT) into
 * the new pid namespace and exits. Returns in the new process, which has
 * sent its own pidfd (SBOX_STEP_FIRST_PROCESS); -1 on failure. */
int sbox_ns_hop_into_new_pid (int sync_fd, SboxSyncMsg *msg);

/* Launcher side, after such a hop: reap the cloned process and take the
 * new one's pidfd and pid in their place (untouched on failure, with the
 * first process's own report when it sent one). */
gboolean sbox_ns_receive_hop (int sync_fd, int *pidfd, pid_t *pid, GError **error);

/* Child side, fork-safe: bwrap's --userns2, entered once the root is built. */
int sbox_ns_enter_userns2 (int fd, SboxSyncMsg *msg);
