/* ns.h — namespaces: clone flags, uid/gid maps, hostname. */
#pragma once

#include <sys/types.h>

#include "plan.h"

unsigned long sbox_ns_clone_flags (SboxNamespaces namespaces);

/* Parent side: setgroups=deny, then one-line uid and gid maps for child. */
gboolean sbox_ns_write_maps (pid_t child, uid_t inside_uid, uid_t outside_uid, gid_t inside_gid,
                             gid_t outside_gid, GError **error);

/* Parent side, root caller: inside uid/gid map to run_uid/run_gid, and
 * real root to inside 1 so setup (done as real root) can create files. */
gboolean sbox_ns_write_root_maps (pid_t child, uid_t inside_uid, uid_t run_uid, gid_t inside_gid,
                                  gid_t run_gid, GError **error);

/* Child side: -1 with errno on failure. */
int sbox_ns_set_hostname (const char *hostname);
