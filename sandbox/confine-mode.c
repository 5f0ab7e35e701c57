/* confine-mode.c — the sandbox where no user namespace can be had (a
 * container runtime's seccomp profile, Ubuntu's AppArmor restriction, a
 * sandbox around sbox, user.max_user_namespaces=0): no namespaces and no
 * mounts. The command runs in the host's file system, confined by Landlock
 * rules on the view's host sources, the plan's seccomp policy plus what the
 * missing namespaces no longer give, rlimits, cgroups and the environment
 * scrub. The launcher's monitor runs it (launch.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/seccomp.h>

#include "cgroup.h"
#include "confine-connect.h"
#include "confine-guard.h"
#include "confine-mode.h"
#include "confine-notify.h"
#include "confine-object.h"
#include "confine.h"
#include "error.h"
#include "init.h"
#include "instance.h"
#include "landlock.h"
#include "ns.h"
#include "seccomp.h"
#include "status.h"
#include "sync.h"

/* One rule in the making: the host path, what it grants, and the path
 * inside the view it stands for (so a later tmpfs or mask over that
 * destination can take it back). */
typedef struct
{
  char *host;
  char *dest;
  SboxLandlockLevel level;
  gboolean private; /* a tmpfs destination's private directory */
} Grant;

/* A part of a granted tree the view hides (a mask). */
typedef struct
{
  char *host;
  SboxLandlockLevel cap;
} Carve;

static void
grant_free (gpointer p)
{
  Grant *g = p;
  g_free (g->host);
  g_free (g->dest);
  g_free (g);
}

static void
carve_free (gpointer p)
{
  Carve *c = p;
  g_free (c->host);
  g_free (c);
}

static void
add_grant (GPtrArray *grants, const char *host, const char *dest, SboxLandlockLevel level)
{
  Grant *g = g_new0 (Grant, 1);
  g->host = g_strdup (host);
  g->dest = g_strdup (dest);
  g->level = level;
  g_ptr_array_add (grants, g);
}

/* A tmpfs or a mask at dest hides what earlier binds put beneath it. */
static void
drop_grants_beneath (GPtrArray *grants, const char *dest)
{
  for (guint i = grants->len; i > 0; i--)
    if (sbox_confine_object_is_beneath (((Grant *) g_ptr_array_index (grants, i - 1))->dest, dest))
      g_ptr_array_remove_index (grants, i - 1);
}

/* The host path showing at dest: through the last grant covering it. */
static char *
host_of (GPtrArray *grants, const char *dest)
{
  for (guint i = grants->len; i > 0; i--)
    {
      const Grant *g = g_ptr_array_index (grants, i - 1);
      if (sbox_confine_object_is_beneath (dest, g->dest))
        return g_strconcat (g->host, g_str_equal (g->dest, "/") ? "/" : "",
                            dest + (g_str_equal (g->dest, "/") ? 1 : strlen (g->dest)), NULL);
    }
  return NULL;
}

static SboxLandlockLevel
min_level (SboxLandlockLevel a, SboxLandlockLevel b)
{
  return a < b ? a : b;
}

/* A path beneath a tmpfs destination (a bind into a tmpfs home, the
 * Wayland socket in the runtime directory) shows in the tmpfs's private
 * directory as a symlink to the host path, so that $HOME/... and
 * $XDG_RUNTIME_DIR/... still lead there. */
static void
link_into_private (GPtrArray *grants, const char *dest, const char *host, uid_t owner, gid_t group,
                   gboolean chown_them)
{
  for (guint i = grants->len; i > 0; i--)
    {
      const Grant *g = g_ptr_array_index (grants, i - 1);
      if (!g->private || g_str_equal (g->dest, dest)
          || !sbox_confine_object_is_beneath (dest, g->dest))
        continue;
      g_autofree char *link = g_strconcat (g->host, dest + strlen (g->dest), NULL);
      g_autofree char *parent = g_path_get_dirname (link);
      if (g_mkdir_with_parents (parent, 0700) == 0 && symlink (host, link) == 0 && chown_them)
        {
          if (lchown (link, owner, group) != 0 || chown (parent, owner, group) != 0)
            g_debug ("cannot hand %s over", link);
        }
      return;
    }
}

/* Landlock adds rights beneath a rule and cannot take any back: a tree
 * with a hidden or read-only part becomes a rule on the tree for what no
 * part loses, plus one per entry of each directory on the way down. */
static void
emit (GArray *out, const char *path, SboxLandlockLevel level, GPtrArray *carves)
{
  SboxLandlockLevel here = level;
  gboolean below = FALSE;
  for (guint i = 0; i < carves->len; i++)
    {
      const Carve *c = g_ptr_array_index (carves, i);
      if (g_str_equal (c->host, path))
        level = here = min_level (here, c->cap);
      else if (sbox_confine_object_is_beneath (c->host, path))
        {
          here = min_level (here, c->cap);
          below = TRUE;
        }
    }
  if (here != SBOX_LANDLOCK_NONE)
    {
      SboxLandlockGrant g = { g_strdup (path), -1, here };
      g_array_append_val (out, g);
    }
  if (!below || level == here)
    return;
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      struct stat st;
      /* A link's target is granted where it lies, not through the link. */
      if (lstat (child, &st) != 0 || S_ISLNK (st.st_mode))
        continue;
      emit (out, child, level, carves);
    }
}

/* A read-only part (or a pin) of a tree the view binds writable:
 * recorded, to be put back after the run (confine-guard.c). */
static gboolean
guard_part (SboxConfineGuard *guard, GPtrArray *grants, const SboxFsOp *op, GError **error)
{
  if (g_str_equal (op->dest, "/") || g_str_has_prefix (op->dest, "/proc/"))
    return TRUE;
  for (guint i = grants->len; i > 0; i--)
    {
      const Grant *g = g_ptr_array_index (grants, i - 1);
      if (!sbox_confine_object_is_beneath (op->dest, g->dest))
        continue;
      /* A bind over the whole of a grant replaces it (dropped by the caller). */
      if (g->level != SBOX_LANDLOCK_WRITE || g->private
          || (op->kind == SBOX_FS_RO_BIND && g_str_equal (op->dest, g->dest)))
        return TRUE;
      g_autofree char *host = host_of (grants, op->dest);
      struct stat st;
      if (host == NULL || lstat (host, &st) != 0)
        return TRUE; /* nothing there (a try) */
      return sbox_confine_guard_record (guard, g->host, host, op->kind != SBOX_FS_PIN, error);
    }
  return TRUE;
}

/* Variables whose value is path name replacement instead. */
static void
rename_in_env (GPtrArray *env, const char *path, const char *replacement)
{
  for (guint e = 0; e < env->len; e++)
    {
      char *var = g_ptr_array_index (env, e);
      const char *eq = strchr (var, '=');
      if (eq && g_str_equal (eq + 1, path))
        {
          g_autofree char *var_name = g_strndup (var, (gsize) (eq - var));
          g_ptr_array_index (env, e) = g_strconcat (var_name, "=", replacement, NULL);
          g_free (var);
        }
    }
}

/* The plan's view as host paths and levels; tmpfs destinations get a
 * private directory under dir, and the environment follows them; guard
 * records the read-only parts of writable trees. */
static GArray *
view_grants (const SboxPlan *plan, const char *dir, GPtrArray *env, SboxConfineGuard *guard,
             GError **error)
{
  g_autoptr (GPtrArray) grants = g_ptr_array_new_with_free_func (grant_free);
  g_autoptr (GPtrArray) carves = g_ptr_array_new_with_free_func (carve_free);
  guint tmpfs_count = 0;
  for (guint i = 0; i < plan->sandbox.fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, i);
      switch (op->kind)
        {
        case SBOX_FS_BIND:
        case SBOX_FS_RO_BIND:
        case SBOX_FS_DEV_BIND:
          {
            g_autofree char *host = op->beneath ? g_build_filename (op->source, op->beneath, NULL)
                                                : g_strdup (op->source);
            /* A read-only bind inside a writable tree: Landlock keeps the
             * tree's writes beneath it, so it is put back like Protect=. */
            if (!sbox_fs_op_is_writable (op) && !guard_part (guard, grants, op, error))
              return NULL;
            drop_grants_beneath (grants, op->dest);
            link_into_private (grants, op->dest, host, plan->sandbox.ids.run_uid,
                               plan->sandbox.ids.run_gid, plan->sandbox.ids.drop_root);
            add_grant (grants, host, op->dest,
                       sbox_fs_op_is_writable (op) ? SBOX_LANDLOCK_WRITE : SBOX_LANDLOCK_READ);
            /* A variable naming the destination (a door's SSH_AUTH_SOCK)
             * names what shows there: the host path. */
            rename_in_env (env, op->dest, host);
            break;
          }
        case SBOX_FS_TMPFS:
          {
            g_autofree char *name = g_strdup_printf ("tmpfs-%u", tmpfs_count++);
            g_autofree char *private = g_build_filename (dir, name, NULL);
            if (mkdir (private, 0700) != 0
                || (plan->sandbox.ids.drop_root
                    && chown (private, plan->sandbox.ids.run_uid, plan->sandbox.ids.run_gid) != 0))
              {
                sbox_error_set_errno (error, errno, "cannot create %s", private);
                return NULL;
              }
            /* What an earlier bind showed there is hidden, as by a mask. */
            char *hidden = host_of (grants, op->dest);
            if (hidden)
              {
                Carve *c = g_new0 (Carve, 1);
                c->host = hidden;
                c->cap = SBOX_LANDLOCK_NONE;
                g_ptr_array_add (carves, c);
              }
            drop_grants_beneath (grants, op->dest);
            add_grant (grants, private, op->dest, SBOX_LANDLOCK_WRITE);
            ((Grant *) g_ptr_array_index (grants, grants->len - 1))->private = TRUE;
            /* Variables naming the destination name the private directory. */
            rename_in_env (env, op->dest, private);
            if (g_str_equal (op->dest, "/tmp"))
              g_ptr_array_add (env, g_strconcat ("TMPDIR=", private, NULL));
            break;
          }
        case SBOX_FS_PROC:
          /* Other processes' sensitive files (environ, mem, fd) are behind
           * ptrace checks, which Landlock confines to the sandbox's own. */
          add_grant (grants, "/proc", op->dest, SBOX_LANDLOCK_READ);
          break;
        case SBOX_FS_DEV:
          for (const char *const *node = op->nodes; node && *node; node++)
            {
              g_autofree char *path = g_build_filename ("/dev", *node, NULL);
              g_autofree char *dest = g_build_filename (op->dest, *node, NULL);
              add_grant (grants, path, dest, SBOX_LANDLOCK_DEVICE);
            }
          break;
        case SBOX_FS_MASK:
          {
            if (g_str_has_prefix (op->dest, "/proc/"))
              break;
            g_autofree char *host = host_of (grants, op->dest);
            if (host == NULL)
              break;
            drop_grants_beneath (grants, op->dest);
            Carve *c = g_new0 (Carve, 1);
            c->host = g_steal_pointer (&host);
            c->cap = SBOX_LANDLOCK_NONE;
            g_ptr_array_add (carves, c);
            break;
          }
        case SBOX_FS_REMOUNT_RO:
        case SBOX_FS_PIN:
          /* Landlock only adds rights: a read-only part of a writable tree
           * (Protect=) would leave its parent directory without writes,
           * and a build without its top-level directory. It stays
           * writable, and is put back after the run. */
          if (!guard_part (guard, grants, op, error))
            return NULL;
          break;
        case SBOX_FS_FILE:
          {
            /* A file the environment names (an Xauthority) is made in the
             * private directory; the others (passwd, group) are not. */
            gboolean named = FALSE;
            for (guint e = 0; e < env->len && !named; e++)
              {
                const char *eq = strchr (g_ptr_array_index (env, e), '=');
                named = eq && g_str_equal (eq + 1, op->dest);
              }
            if (!named)
              break;
            g_autofree char *name = g_strdup_printf ("tmpfs-file-%u", tmpfs_count++);
            g_autofree char *file = g_build_filename (dir, name, NULL);
            gsize len = op->content_len ? op->content_len : strlen (op->content ? op->content : "");
            if (!g_file_set_contents_full (file, op->content ? op->content : "", (gssize) len,
                                           G_FILE_SET_CONTENTS_NONE, 0600, error)
                || (plan->sandbox.ids.drop_root
                    && chown (file, plan->sandbox.ids.run_uid, plan->sandbox.ids.run_gid) != 0))
              return NULL;
            rename_in_env (env, op->dest, file);
            add_grant (grants, file, op->dest, SBOX_LANDLOCK_READ);
            break;
          }
        case SBOX_FS_OVERLAY:
          /* Nothing without a mount namespace shows the union of dirs. */
          sbox_error_set_errno (error, EOPNOTSUPP, "cannot make the overlay on %s", op->dest);
          return NULL;
        case SBOX_FS_DIR:
        case SBOX_FS_CHMOD:
        case SBOX_FS_SYMLINK:
        case SBOX_FS_MQUEUE:
          /* Not remade: the host's own paths show, or nothing does. */
          break;
        }
    }
  GArray *out = g_array_new (FALSE, FALSE, sizeof (SboxLandlockGrant));
  for (guint i = 0; i < grants->len; i++)
    {
      const Grant *g = g_ptr_array_index (grants, i);
      if (g->level == SBOX_LANDLOCK_DEVICE)
        {
          SboxLandlockGrant d = { g_strdup (g->host), -1, g->level };
          g_array_append_val (out, d);
        }
      else
        emit (out, g->host, g->level, carves);
    }
  return out;
}

static void
grants_free (GArray *grants)
{
  for (guint i = 0; grants && i < grants->len; i++)
    g_free ((char *) g_array_index (grants, SboxLandlockGrant, i).path);
  if (grants)
    g_array_unref (grants);
}

/* Landlock checks no metadata change: with Landlock on, chmod, chown,
 * utimes and xattr calls go to the launcher (confine-notify.c), which
 * makes them beneath writable grants only. --landlock=false drops both. */
static gboolean
guards_metadata (const SboxPlan *plan)
{
  return !g_str_equal (plan->sandbox.landlock, "false");
}

/* With the network or a socket door, connect and sendto with an address
 * go to the launcher (confine-connect.c). SBOX_TEST_CONNECT_GUARD=off
 * (for tests' controls only) leaves them to the kernel, as before. */
static gboolean
guards_connect (const SboxPlan *plan)
{
  return (!(plan->sandbox.namespaces & SBOX_NS_NET) || plan->sandbox.sockets->len > 0)
         && g_strcmp0 (g_getenv ("SBOX_TEST_CONNECT_GUARD"), "off") != 0;
}

/* What the missing namespaces no longer give: without a pid namespace the
 * user's other processes are there to trace or read; without a network
 * namespace, the host's network is there to reach; without read-only
 * mounts, metadata changes are refused only by the guard. */
static gboolean
compile_extra (const SboxPlan *plan, struct sock_fprog *prog, GError **error)
{
  g_autoptr (GArray) prefix = g_array_new (FALSE, FALSE, sizeof (struct sock_filter));
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  if (ctx == NULL)
    return sbox_error_set_errno (error, ENOMEM, "cannot compile the confinement filter");
  static const char *const denied[] = { "ptrace", "process_vm_readv", "process_vm_writev",
                                        "pidfd_getfd", "kcmp" };
  int ret = 0;
  for (gsize i = 0; ret == 0 && i < G_N_ELEMENTS (denied); i++)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), seccomp_syscall_resolve_name (denied[i]),
                            0);
  /* Limits and priorities of other processes: prlimit(pid, RLIMIT_CPU, 0)
   * would have the kernel kill any process of the user, past Landlock's
   * signal scoping. The calling process's own (pid 0) stay allowed. */
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (prlimit64), 2,
                            SCMP_A0 (SCMP_CMP_NE, 0), SCMP_A2 (SCMP_CMP_NE, 0));
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (setpriority), 1,
                            SCMP_A1 (SCMP_CMP_NE, 0));
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (ioprio_set), 1,
                            SCMP_A1 (SCMP_CMP_NE, 0));
  if (ret == 0 && (plan->sandbox.namespaces & SBOX_NS_NET))
    /* Every family but unix: compared in full, so high bits are refused too. */
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EAFNOSUPPORT), SCMP_SYS (socket), 1,
                            SCMP_A0 (SCMP_CMP_NE, AF_UNIX));
  /* Landlock does not check connect(2) on a named unix socket, and the
   * host's (an ssh agent in /tmp, a bus, docker.sock) are reachable by
   * path: without a socket door or the network, no connect at all, and
   * no datagram sent to an address; with either, the launcher decides
   * each (confine-connect.c). */
  if (ret == 0 && (plan->sandbox.namespaces & SBOX_NS_NET) && plan->sandbox.sockets->len == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (connect), 0);
  if (ret == 0 && (plan->sandbox.namespaces & SBOX_NS_NET) && plan->sandbox.sockets->len == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (sendto), 1,
                            SCMP_A4 (SCMP_CMP_NE, 0));
  else if (ret == 0 && guards_connect (plan))
    ret = sbox_confine_connect_add_rules (ctx);
  if (ret == 0 && guards_metadata (plan))
    ret = sbox_confine_notify_add_rules (ctx, prefix);
  int fd = ret == 0 ? memfd_create ("sbox-confine-seccomp", MFD_CLOEXEC) : -1;
  if (fd >= 0)
    ret = seccomp_export_bpf (ctx, fd);
  seccomp_release (ctx);
  off_t size = fd >= 0 ? lseek (fd, 0, SEEK_END) : -1;
  if (ret != 0 || size <= 0 || size % (off_t) sizeof (struct sock_filter) != 0)
    {
      if (fd >= 0)
        close (fd);
      return sbox_error_set_errno (error, ret < 0 ? -ret : EIO,
                                   "cannot compile the confinement filter");
    }
  prog->len = (unsigned short) (prefix->len + size / (off_t) sizeof (struct sock_filter));
  prog->filter = g_new (struct sock_filter, prog->len);
  if (prefix->len > 0) /* an empty GArray's data is NULL, which memcpy may not take */
    memcpy (prog->filter, prefix->data, prefix->len * sizeof (struct sock_filter));
  ssize_t n = pread (fd, prog->filter + prefix->len, (size_t) size, 0);
  close (fd);
  if (n != size)
    return sbox_error_set_errno (error, EIO, "cannot compile the confinement filter");
  return TRUE;
}

typedef struct
{
  const SboxPlan *plan;
  int sync_fd;
  const char *cwd;
  char **argv;
  char **envp;
  const SboxConfinement *confinement;
  const SboxSeccompFilters *seccomp;
  const struct sock_fprog *extra;
  gboolean guard; /* the extra filter has a listener to hand over */
} ChildArgs;

static G_NORETURN void
child_fail (const ChildArgs *args, const SboxSyncMsg *msg)
{
  sbox_sync_send_error (args->sync_fd, msg);
  _exit (sbox_sync_exit_status (msg));
}

/* The child: the confinement sequence every sandboxed process goes
 * through (confine.c), with the host's root and no namespace to join. */
static G_NORETURN void
child_run (const ChildArgs *args)
{
  const SboxPlan *plan = args->plan;
  SboxSyncMsg msg = { 0 };
  SboxSyncMsg release;
  /* The launcher puts the child in its cgroup first. */
  if (sbox_sync_recv (args->sync_fd, &release, NULL) != 1)
    _exit (SBOX_EXIT_FAILURE);
  if (plan->run.die_with_parent && prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
    {
      sbox_sync_fail (&msg, errno, "cannot set the parent-death signal");
      child_fail (args, &msg);
    }
  /* A root caller runs as the unprivileged ids, as in the full sandbox;
   * the rules' paths are opened first, as root (the child's own copy). */
  SboxLandlockGrant *grants = (SboxLandlockGrant *) args->confinement->grants;
  for (guint i = 0; plan->sandbox.ids.drop_root && i < args->confinement->n_grants; i++)
    grants[i].fd = open (grants[i].path, O_PATH | O_CLOEXEC);
  if (plan->sandbox.ids.drop_root
      && (setgroups (0, NULL) != 0
          || sbox_confine_set_ids (plan->sandbox.ids.run_uid, plan->sandbox.ids.run_gid, &msg)
                 != 0))
    {
      if (msg.text[0] == '\0')
        sbox_sync_fail (&msg, errno, "cannot drop the supplementary groups");
      child_fail (args, &msg);
    }
  if (plan->run.new_session && setsid () < 0)
    {
      sbox_sync_fail (&msg, errno, "cannot start a new session");
      child_fail (args, &msg);
    }
  if (sbox_confine_chdir (plan->sandbox.chdir, args->cwd, plan->sandbox.home, &msg) != 0)
    child_fail (args, &msg);
  long listener = -1;
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
      || (listener = syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                              args->guard ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0, args->extra))
             < 0)
    {
      sbox_sync_fail (&msg, errno, "cannot load the confinement filter%s",
                      args->guard ? " with its metadata guard's listener" : "");
      child_fail (args, &msg);
    }
  /* The launcher answers from here on; the command never holds it. */
  if (args->guard
      && (sbox_sync_send_fd (args->sync_fd, SBOX_STEP_LISTENER, (int) listener) != 0
          || close ((int) listener) != 0))
    {
      sbox_sync_fail (&msg, errno, "cannot hand the metadata guard's listener over");
      child_fail (args, &msg);
    }
  if (sbox_confine_apply (args->confinement, args->seccomp, &msg) != 0)
    child_fail (args, &msg);
  sbox_init_reset_signals ();
  sbox_confine_exec (args->argv, args->envp, &msg);
  child_fail (args, &msg);
}

/* No PID namespace ends what the command left running when it ends: sbox
 * is their subreaper, so every descendant, even one that left the
 * session, is its descendant. Each pass walks the whole tree, killing each
 * process before reading its children (a process with SIGKILL pending
 * can fork no more): a chain of processes each waiting to hand over to
 * its child dies in one pass, not one link per pass. */
static void
end_leftovers (void)
{
  for (int round = 0; round < 1000; round++)
    {
      g_autoptr (GArray) tree = g_array_new (FALSE, FALSE, sizeof (pid_t));
      pid_t self = getpid ();
      g_array_append_val (tree, self);
      for (guint i = 0; i < tree->len; i++)
        {
          pid_t pid = g_array_index (tree, pid_t, i);
          if (pid != self)
            kill (pid, SIGKILL);
          g_autofree char *tasks = g_strdup_printf ("/proc/%d/task", (int) pid);
          g_autoptr (GDir) dir = g_dir_open (tasks, 0, NULL);
          const char *tid;
          while (dir && (tid = g_dir_read_name (dir)))
            {
              g_autofree char *path = g_strdup_printf ("%s/%s/children", tasks, tid);
              g_autofree char *children = NULL;
              g_auto (GStrv) pids = g_file_get_contents (path, &children, NULL, NULL)
                                        ? g_strsplit (g_strstrip (children), " ", -1)
                                        : NULL;
              for (char **p = pids; p && *p; p++)
                {
                  pid_t child = (pid_t) g_ascii_strtoll (*p, NULL, 10);
                  if (child > 0)
                    g_array_append_val (tree, child);
                }
            }
        }
      if (tree->len == 1)
        return;
      /* At least one gone before the next pass, then whatever else has. */
      while (waitpid (-1, NULL, 0) < 0 && errno == EINTR)
        ;
      while (waitpid (-1, NULL, WNOHANG) > 0)
        ;
    }
}

static void
remove_private_dirs (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, "tmpfs-"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        sbox_instance_remove_tree (path);
      }
}

/* Read-only parts of writable trees (Protect=, --remount-ro), not the
 * view's own /proc and root. */
static gboolean
has_read_only_parts (const SboxPlan *plan)
{
  for (guint i = 0; i < plan->sandbox.fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, i);
      if (op->kind == SBOX_FS_REMOUNT_RO && !g_str_equal (op->dest, "/")
          && !g_str_has_prefix (op->dest, "/proc/"))
        return TRUE;
    }
  return FALSE;
}

void
sbox_confine_mode_announce (const SboxPlan *plan)
{
  if (plan->run.quiet)
    return;
  sbox_error_printf (
      "confinement mode (%s; Fallback=confine%s%s): no private /tmp (a private "
      "TMPDIR instead), no own /proc, hidden paths are refused instead, host processes "
      "are visible, the host's hostname%s%s; see sbox --doctor",
      plan->run.userns_blocked ? plan->run.userns_blocked : "no user namespace",
      plan->run.fallback_origin ? " from " : "",
      plan->run.fallback_origin ? plan->run.fallback_origin : "",
      has_read_only_parts (plan)
          ? ", read-only parts of writable trees (Protect=) are checked and put back after the "
            "run (the host's tools running in that checkout while the sandbox runs can see "
            "changes)"
          : "",
      sbox_landlock_abi () < 6 ? ", signals to the user's other processes and abstract sockets "
                                 "are not scoped on this kernel (Landlock ABI < 6)"
                               : "");
}

/* RLIMIT_NPROC counts every process of the uid in its user namespace,
 * which is the host's here (the full sandbox has one of its own): an
 * nproc limit (--pids' fallback, --rlimit nproc=) allows the command
 * that many beyond those the user already runs. */
static void
add_running_to_nproc (GArray *rlimits)
{
  guint running = 0;
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  while (proc && (name = g_dir_read_name (proc)))
    {
      struct stat st;
      g_autofree char *path = g_build_filename ("/proc", name, NULL);
      if (g_ascii_isdigit (name[0]) && stat (path, &st) == 0 && st.st_uid == getuid ())
        running++;
    }
  for (guint i = 0; i < rlimits->len; i++)
    {
      SboxRlimit *limit = &g_array_index (rlimits, SboxRlimit, i);
      if (limit->resource == RLIMIT_NPROC && limit->soft != RLIM_INFINITY)
        {
          limit->soft += running;
          limit->hard = MAX (limit->hard, limit->soft);
        }
    }
}

static void
notify_set (gpointer notify, int fd)
{
  sbox_confine_notify_set_listener (notify, fd);
}

static int
notify_fd (gpointer notify)
{
  return sbox_confine_notify_listener (notify);
}

static gboolean
notify_handle (gpointer notify)
{
  return sbox_confine_notify_handle (notify);
}

static int
run_confined (const SboxPlan *plan, const SboxInstancePlace *place, const char *private_base,
              const SboxSeccompFilters *seccomp, const struct sock_fprog *extra,
              const SboxConfineModeMonitor *lent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) env = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < plan->sandbox.env->len; i++)
    g_ptr_array_add (env, g_strdup (g_ptr_array_index (plan->sandbox.env, i)));
  g_autoptr (SboxConfineGuard) guard = sbox_confine_guard_new ();
  GArray *grants = view_grants (plan, private_base, env, guard, &error);
  if (grants == NULL)
    {
      g_assert (error != NULL); /* set with every NULL (GLib's calls set it too) */
      sbox_error_print (error->message);
      return SBOX_EXIT_FAILURE;
    }
  /* Kept for the next start, should this launcher be killed before the end. */
  g_autofree char *record = g_build_filename (place->dir, "guard", NULL);
  if (!sbox_confine_guard_save (guard, record, &error))
    {
      grants_free (grants);
      sbox_error_print (error->message);
      return SBOX_EXIT_FAILURE;
    }
  gboolean use_cgroup;
  SboxConfinement confinement;
  g_autoptr (GArray) rlimits = sbox_confine_settle (&plan->sandbox, plan->run.quiet,
                                                    plan->run.verbose, &use_cgroup, &confinement);
  add_running_to_nproc (rlimits);
  confinement.grants = (const SboxLandlockGrant *) (void *) grants->data;
  confinement.n_grants = grants->len;
  confinement.no_tcp = (plan->sandbox.namespaces & SBOX_NS_NET) != 0;
  g_ptr_array_add (env, NULL);
  g_autofree char **argv = g_new0 (char *, plan->run.argv->len + 1);
  for (guint i = 0; i < plan->run.argv->len; i++)
    argv[i] = g_ptr_array_index (plan->run.argv, i);
  g_autofree char *cwd = g_get_current_dir ();
  ChildArgs args = {
    .plan = plan,
    .cwd = cwd,
    .argv = argv,
    .envp = (char **) env->pdata,
    .confinement = &confinement,
    .seccomp = seccomp,
    .extra = extra,
    .guard = guards_metadata (plan) || guards_connect (plan),
  };
  g_autoptr (SboxConfineNotify) notify
      = args.guard
            ? sbox_confine_notify_new (&g_array_index (grants, SboxLandlockGrant, 0), grants->len)
            : NULL;
  /* The host's abstract names stay out of reach where Landlock's scope
   * keeps them from the command (the full sandbox's outcome). */
  gboolean scoped = !g_str_equal (plan->sandbox.landlock, "false") && sbox_landlock_abi () >= 6;
  gboolean network = !(plan->sandbox.namespaces & SBOX_NS_NET);
  g_autoptr (SboxConfineConnect) connect = NULL;
  if (guards_connect (plan))
    connect = sbox_confine_connect_new (&g_array_index (grants, SboxLandlockGrant, 0), grants->len,
                                        network, network && !scoped);
  for (guint i = 0; connect && i < plan->sandbox.fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, i);
      if (op->kind == SBOX_FS_BIND && g_str_has_prefix (op->dest, "/tmp/.X11-unix/X"))
        sbox_confine_connect_add_display (connect, op->dest, op->source);
    }
  if (notify)
    sbox_confine_notify_set_connect (notify, connect);
  int fds[2];
  if (sbox_sync_pair (fds) != 0)
    {
      grants_free (grants);
      sbox_error_print ("cannot create the sync channel");
      return SBOX_EXIT_FAILURE;
    }
  args.sync_fd = fds[1];
  sigset_t signals, old_mask;
  lent->block_signals (&signals, &old_mask);
  prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  fflush (NULL);
  int pidfd = -1;
  pid_t child = sbox_ns_clone (0, &pidfd, NULL);
  if (child == 0)
    {
      close (fds[0]);
      child_run (&args);
    }
  int clone_errno = errno;
  close (fds[1]);
  grants_free (grants);
  if (child < 0)
    {
      close (fds[0]);
      sigprocmask (SIG_SETMASK, &old_mask, NULL);
      g_autofree char *text = g_strdup_printf ("cannot start the command: %s",
                                               g_strerror (clone_errno));
      sbox_error_print (text);
      return SBOX_EXIT_FAILURE;
    }
  g_autofree char *cgroup = NULL;
  if ((use_cgroup
       && !sbox_cgroup_enter (&plan->sandbox.limits, plan->instance.id, child, &cgroup, &error))
      || sbox_sync_send_step (fds[0], SBOX_STEP_MAPS_WRITTEN) != 0)
    {
      sbox_error_print (error ? error->message : "cannot release the command");
      syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
      waitid (P_PIDFD, (id_t) pidfd, NULL, WEXITED);
      close (fds[0]);
      close (pidfd);
      sbox_cgroup_remove (cgroup);
      sigprocmask (SIG_SETMASK, &old_mask, NULL);
      return SBOX_EXIT_FAILURE;
    }
  /* Listed (--list, --kill); --enter reads the mode and refuses. */
  SboxNsHeld held;
  for (int i = 0; i < SBOX_NS_KINDS; i++)
    held.fds[i] = -1;
  int enter_fd = sbox_instance_write_info (plan, place, rlimits, seccomp, &held, cgroup, child,
                                           &error);
  if (error)
    {
      sbox_error_print (error->message);
      g_clear_error (&error);
    }
  sbox_status_started (plan, plan->run.json_status_fd, child);
  sbox_status_info (plan, plan->run.info_fd, &held, child, NULL); /* no namespaces to name */
  const SboxMonitorListener metadata = { notify, notify_set, notify_fd, notify_handle };
  int status = lent->monitor (plan, pidfd, fds[0], &signals, notify ? &metadata : NULL);
  end_leftovers ();
  /* Nothing of the sandbox runs any more: what it changed stays changed. */
  g_autoptr (GPtrArray) put_back = sbox_confine_guard_restore (guard);
  if (put_back->len > 0)
    sbox_status_put_back (plan->run.json_status_fd, put_back);
  if (enter_fd >= 0)
    close (enter_fd);
  sbox_cgroup_remove (cgroup);
  close (fds[0]);
  close (pidfd);
  sigprocmask (SIG_SETMASK, &old_mask, NULL);
  return status;
}

int
sbox_confine_mode_run (const SboxPlan *plan, const SboxConfineModeMonitor *lent)
{
  g_autoptr (GError) error = NULL;
  SboxSeccompFilters seccomp = { 0 };
  struct sock_fprog extra = { 0 };
  if (((guards_metadata (plan) || guards_connect (plan)) && !sbox_confine_notify_check (&error))
      || !sbox_seccomp_compile (&plan->sandbox, &seccomp, &error)
      || !compile_extra (plan, &extra, &error))
    {
      sbox_error_print (error->message);
      sbox_seccomp_filters_clear (&seccomp);
      g_free (extra.filter);
      return SBOX_EXIT_FAILURE;
    }
  sbox_confine_mode_announce (plan);
  int status = SBOX_EXIT_FAILURE;
  SboxInstancePlace place = plan->instance; /* borrowed strings */
  sbox_instance_clean_stale (&place);
  if (place.dir == NULL)
    sbox_error_print ("confinement mode needs an instance directory for its private "
                      "directories, and this sandbox has none");
  else if (!sbox_instance_check_name (&place, &error) || !sbox_instance_create_dir (&place, &error))
    sbox_error_print (error->message);
  else
    {
      /* A root caller's command runs as another uid, which cannot pass
       * the instance directory's 0700: its private directories go to a
       * directory of its own in /tmp. */
      g_autofree char *own = NULL;
      if (plan->sandbox.ids.drop_root)
        {
          own = g_dir_make_tmp ("sbox-confine-XXXXXX", &error);
          if (own == NULL || chown (own, plan->sandbox.ids.run_uid, plan->sandbox.ids.run_gid) != 0)
            sbox_error_print (error ? error->message : "cannot hand the private directory over");
        }
      if (!plan->sandbox.ids.drop_root || own)
        status = run_confined (plan, &place, own ? own : place.dir, &seccomp, &extra, lent);
      remove_private_dirs (own ? own : place.dir);
      if (own)
        rmdir (own);
      sbox_instance_release_name ();
      sbox_instance_remove_dir (&place);
    }
  sbox_seccomp_filters_clear (&seccomp);
  g_free (extra.filter);
  return status;
}
