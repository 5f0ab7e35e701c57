/* confine.c — the confinement sequence shared by a sandbox's first command
 * (child.c) and every command joined with --enter (enter.c): ids, working
 * directory, rlimits, capabilities and no_new_privs, Landlock, seccomp,
 * dumpable, then the environment and the exec. One copy, so that neither
 * path can have fewer limits than the other (an --enter without the
 * rlimits once escaped --memory, --pids and --rlimit). The cgroup is the
 * one step the confined process cannot take itself (the cgroup tree is
 * out of its view): the launcher, or --enter before it joins, puts it
 * there with sbox_cgroup_join. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "cgroup.h"
#include "confine.h"
#include "net-proxy.h"
#include "error.h"
#include "landlock.h"
#include "rlimits.h"
#include "timing.h"

extern char **environ;

int
sbox_confine_set_ids (uid_t uid, gid_t gid, SboxSyncMsg *msg)
{
  /* Always all three: an id left in the saved set could be taken back.
   * Without privilege this still succeeds for ids already held. */
  if (setresgid (gid, gid, gid) != 0 || setresuid (uid, uid, uid) != 0)
    return sbox_sync_fail (msg, errno, "cannot switch to uid %u gid %u", (guint) uid, (guint) gid);
  return 0;
}

int
sbox_confine_chdir (const char *required, const char *cwd, const char *home, SboxSyncMsg *msg)
{
  if (required)
    {
      if (chdir (required) != 0)
        return sbox_sync_fail (msg, errno, "cannot change directory to %s", required);
      return 0;
    }
  if (cwd && chdir (cwd) == 0)
    return 0;
  if (home && chdir (home) == 0)
    return 0;
  if (chdir ("/") != 0)
    return sbox_sync_fail (msg, errno, "cannot change directory to /");
  return 0;
}

int
sbox_confine_apply (const SboxConfinement *confinement, const SboxSeccompFilters *seccomp,
                    SboxSyncMsg *msg)
{
  int resource = 0;
  const char *what = "cannot drop privileges";
  if (sbox_caps_keep (confinement->keep_caps, &what) != 0)
    return sbox_sync_fail (msg, errno, "%s", what);
  sbox_timing_mark (SBOX_PHASE_CAPS);
  sbox_landlock_log_denials (confinement->log_denials);
  int landlock = confinement->grants
                     ? sbox_landlock_apply_grants (confinement->landlock, confinement->grants,
                                                   confinement->n_grants, confinement->no_tcp,
                                                   confinement->verbose, msg)
                     : sbox_landlock_apply (confinement->landlock, confinement->fs_ops,
                                            confinement->no_tcp, confinement->tcp_connect_port,
                                            confinement->verbose, msg);
  if (landlock != 0)
    return -1;
  sbox_timing_mark (SBOX_PHASE_LANDLOCK);
  /* After Landlock, which opens a descriptor per rule: the limits bound
   * the command, not sbox's own setup (nofile=8 would fail there). */
  if (sbox_limits_apply (confinement->rlimits, &resource) != 0)
    return sbox_sync_fail (msg, errno, "cannot set rlimit %s", sbox_limits_rlimit_name (resource));
  sbox_timing_mark (SBOX_PHASE_RLIMITS);
  if (sbox_seccomp_install (seccomp) != 0)
    return sbox_sync_fail (msg, errno, "cannot load the seccomp filter");
  sbox_timing_mark (SBOX_PHASE_SECCOMP);
  /* A process that stays behind in the sandbox (init, --enter's session
   * leader) must never be traceable by the command; the command's own
   * exec makes it dumpable again as the kernel decides. */
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
  return 0;
}

void
sbox_confine_exec (char *const *argv, char *const *envp, SboxSyncMsg *msg)
{
  sbox_confine_exec_file (argv[0], argv, envp, msg);
}

void
sbox_confine_exec_file (const char *file, char *const *argv, char *const *envp, SboxSyncMsg *msg)
{
  environ = (char **) envp;
  execvp (file, argv);
  int errsv = errno;
  struct stat st;
  if (errsv == ENOENT)
    sbox_sync_fail_kind (msg, SBOX_ERROR_NOT_FOUND, 0, "%s: command not found in the sandbox",
                         file);
  else if (errsv == EACCES && strchr (file, '/') && stat (file, &st) == 0 && S_ISDIR (st.st_mode))
    /* execve says EACCES for a directory; say what it is. */
    sbox_sync_fail_kind (msg, SBOX_ERROR_EXEC, 0, "cannot run %s: it is a directory", file);
  else
    sbox_sync_fail_kind (msg, SBOX_ERROR_EXEC, errsv, "cannot run %s", file);
}

GArray *
sbox_confine_settle (const SboxSandbox *sandbox, gboolean quiet, gboolean verbose,
                     gboolean *use_cgroup, SboxConfinement *confinement)
{
  GArray *rlimits = g_array_copy (sandbox->limits.rlimits);
  *use_cgroup = sbox_cgroup_prepare (&sandbox->limits, quiet, rlimits);
  *confinement = (SboxConfinement){
    .rlimits = rlimits,
    .landlock = sandbox->landlock,
    .fs_ops = sandbox->fs_ops,
    .verbose = verbose,
    .log_denials = sandbox->landlock_log,
    .keep_caps = sandbox->keep_caps,
    /* Network=none: no TCP at all, a second wall behind the namespace. */
    .no_tcp = g_str_equal (sbox_sandbox_network (sandbox), "none"),
    /* Network=filtered: TCP to the proxy's forwarder only. */
    .tcp_connect_port = g_str_equal (sbox_sandbox_network (sandbox), "filtered")
                            ? SBOX_NET_FORWARD_PORT
                            : 0,
  };
  return rlimits;
}
