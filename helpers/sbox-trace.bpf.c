/* sbox-trace.bpf.c — the kernel side of sbox-trace: counts every system
 * call of the traced sandbox by number and result, and sends paths,
 * addresses, signals, programs started and namespace calls to user space
 * on a ring buffer. Tasks are chosen by process tree and pid namespace,
 * never by command name. */
#include "vmlinux.h"

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "sbox-trace.h"

char LICENSE[] SEC ("license") = "GPL";

#define TS_COMPAT 0x0002
#define X32_SYSCALL_BIT 0x40000000
#define AT_FDCWD -100

const volatile __u32 mode = SBOX_TRACE_FOLLOW;
const volatile __u32 base_level = 0;   /* FOLLOW: the launcher's pid-namespace level */
const volatile __u32 target_level = 0; /* PIDNS: which namespace, by level and inode */
const volatile __u32 target_inum = 0;

/* FOLLOW: the sandbox's pid namespace (its inode at base_level + 1), once
 * the first program ran in it; a process that joins it later (sbox
 * --enter) is traced from its exec on. */
__u32 sandbox_inum = 0;
__u64 lost_events = 0;
__u64 lost_tasks = 0;

/* FOLLOW: tid → 1 (a descendant of the launcher) or 2 (it ran a program
 * inside the sandbox: traced from then on). */
struct
{
  __uint (type, BPF_MAP_TYPE_HASH);
  __uint (max_entries, 65536);
  __type (key, __u32);
  __type (value, __u8);
} tracked SEC (".maps");

struct
{
  __uint (type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint (max_entries, SBOX_TRACE_NR_SLOTS *SBOX_TRACE_ARCHES);
  __type (key, __u32);
  __type (value, struct sbox_trace_count);
} counts SEC (".maps");

struct
{
  __uint (type, BPF_MAP_TYPE_RINGBUF);
  __uint (max_entries, 16 << 20);
} events SEC (".maps");

/* Events are built here and copied to the ring buffer: the name walk runs
 * in a bpf_loop callback, which finds the event through this map. */
struct
{
  __uint (type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint (max_entries, 1);
  __type (key, __u32);
  __type (value, struct sbox_trace_event);
} scratch SEC (".maps");

static __always_inline __u32
pidns_level (struct task_struct *task)
{
  return BPF_CORE_READ (task, thread_pid, level);
}

/* The inode of the pid namespace at level of task's chain. */
static __always_inline __u32
pidns_inum_at (struct task_struct *task, __u32 level)
{
  struct pid *pid = BPF_CORE_READ (task, thread_pid);
  if (!pid || level > 32)
    return 0;
  void *upid = (void *) pid + bpf_core_field_offset (struct pid, numbers)
               + level * bpf_core_type_size (struct upid);
  struct pid_namespace *ns = NULL;
  bpf_probe_read_kernel (&ns, sizeof ns, upid + bpf_core_field_offset (struct upid, ns));
  if (!ns)
    return 0;
  return BPF_CORE_READ (ns, ns.inum);
}

static __always_inline int
traced (struct task_struct *task)
{
  if (mode == SBOX_TRACE_PIDNS)
    return pidns_level (task) >= target_level && pidns_inum_at (task, target_level) == target_inum;
  __u32 tid = BPF_CORE_READ (task, pid);
  __u8 *state = bpf_map_lookup_elem (&tracked, &tid);
  return state && *state == 2;
}

static __always_inline struct sbox_trace_event *
reserve (__u32 kind, __u32 nr, __u32 arch, long ret)
{
  __u32 key = 0;
  struct sbox_trace_event *ev = bpf_map_lookup_elem (&scratch, &key);
  if (!ev)
    return NULL;
  ev->kind = kind;
  ev->tid = (__u32) bpf_get_current_pid_tgid ();
  ev->nr = nr;
  ev->arch = arch;
  ev->ret = ret;
  ev->arg = 0;
  ev->arg2 = 0;
  ev->length = 0;
  ev->parts = 0;
  ev->data[0] = '\0';
  return ev;
}

/* Only the bytes the event uses: most names are short. */
static __always_inline void
submit (struct sbox_trace_event *ev, __u32 used)
{
  __u64 size = __builtin_offsetof(struct sbox_trace_event, data) + (used & (SBOX_TRACE_DATA - 1));
  if (used >= SBOX_TRACE_DATA)
    size = sizeof *ev;
  /* No wakeup per event (a build sends tens of thousands): the reader
   * looks every 50 ms, and is woken early when a quarter is filled. */
  __u64 wake = bpf_ringbuf_query (&events, BPF_RB_AVAIL_DATA) > (4 << 20) ? BPF_RB_FORCE_WAKEUP
                                                                          : BPF_RB_NO_WAKEUP;
  if (bpf_ringbuf_output (&events, ev, size, wake) != 0)
    __sync_fetch_and_add (&lost_events, 1);
}

struct walk
{
  struct dentry *dentry;
  struct vfsmount *vfsmnt;
  struct mount *mnt;
  struct dentry *root;
  struct vfsmount *root_mnt;
  __u64 mnt_offset;
  __u32 off;
  __u32 parts;
  __u32 done;
};

static long
walk_step (__u64 index, struct walk *w)
{
  __u32 key = 0;
  struct sbox_trace_event *ev = bpf_map_lookup_elem (&scratch, &key);
  struct dentry *dentry = w->dentry;
  struct vfsmount *vfsmnt = w->vfsmnt;
  struct mount *mnt = w->mnt;
  if (!ev || !dentry || (dentry == w->root && vfsmnt == w->root_mnt))
    {
      w->done = 1;
      return 1;
    }
  if (dentry == BPF_CORE_READ (vfsmnt, mnt_root))
    {
      struct mount *parent = BPF_CORE_READ (mnt, mnt_parent);
      if (!parent || parent == mnt)
        {
          w->done = 1; /* the top of a namespace the root is not in */
          return 1;
        }
      w->dentry = BPF_CORE_READ (mnt, mnt_mountpoint);
      w->mnt = parent;
      w->vfsmnt = (void *) parent + w->mnt_offset;
      return 0;
    }
  struct dentry *up = BPF_CORE_READ (dentry, d_parent);
  if (up == dentry || w->off >= SBOX_TRACE_DATA / 2 || w->parts >= SBOX_TRACE_MAX_PARTS)
    return 1;
  const unsigned char *name = BPF_CORE_READ (dentry, d_name.name);
  __u32 at = w->off & (SBOX_TRACE_DATA / 2 - 1);
  long n = bpf_probe_read_kernel_str (ev->data + at, SBOX_TRACE_DATA / 2, name);
  if (n <= 0)
    return 1;
  w->off += (__u32) n;
  w->parts++;
  w->dentry = up;
  return 0;
}

/* Walk from a dentry on a mount up to the task's root, writing each name
 * (leaf first) after off in the event; what d_path does, which tracepoints
 * may not call. The names written, SBOX_TRACE_TRUNCATED set when the walk
 * stopped before the root. */
static __always_inline __u32
walk_up (__u32 off, struct dentry *dentry, struct vfsmount *vfsmnt, struct task_struct *task,
         __u32 *end)
{
  struct walk w = {
    .dentry = dentry,
    .vfsmnt = vfsmnt,
    .root = BPF_CORE_READ (task, fs, root.dentry),
    .root_mnt = BPF_CORE_READ (task, fs, root.mnt),
    .mnt_offset = bpf_core_field_offset (struct mount, mnt),
    .off = off,
  };
  w.mnt = (void *) vfsmnt - w.mnt_offset;
  bpf_loop (SBOX_TRACE_MAX_PARTS + 16, walk_step, &w, 0);
  *end = w.off;
  return w.parts | (w.done ? 0 : SBOX_TRACE_TRUNCATED);
}

/* The open file behind fd in task, or NULL. */
static __always_inline struct file *
file_of (struct task_struct *task, long fd)
{
  if (fd < 0)
    return NULL;
  struct fdtable *fdt = BPF_CORE_READ (task, files, fdt);
  if (!fdt || (__u64) fd >= BPF_CORE_READ (fdt, max_fds))
    return NULL;
  struct file **fds = BPF_CORE_READ (fdt, fd);
  struct file *file = NULL;
  bpf_probe_read_kernel (&file, sizeof file, &fds[fd]);
  return file;
}

/* A relative name's starting directory: the cwd, or dirfd's directory.
 * Returns the bytes of data used. */
static __always_inline __u32
resolve_base (struct sbox_trace_event *ev, struct task_struct *task, long dirfd)
{
  struct dentry *dentry;
  struct vfsmount *mnt;
  if ((int) dirfd == AT_FDCWD)
    {
      dentry = BPF_CORE_READ (task, fs, pwd.dentry);
      mnt = BPF_CORE_READ (task, fs, pwd.mnt);
    }
  else
    {
      struct file *file = file_of (task, (int) dirfd);
      if (!file)
        {
          ev->parts = SBOX_TRACE_TRUNCATED;
          return ev->length;
        }
      dentry = BPF_CORE_READ (file, f_path.dentry);
      mnt = BPF_CORE_READ (file, f_path.mnt);
    }
  __u32 end = ev->length;
  ev->parts = walk_up (ev->length, dentry, mnt, task, &end);
  return end;
}

static __always_inline void
send_path (__u32 kind, __u32 nr, long ret, const char *user_path, __u64 arg, __u64 arg2)
{
  if (!user_path)
    return;
  struct sbox_trace_event *ev = reserve (kind, nr, SBOX_TRACE_ARCH_NATIVE, ret);
  if (!ev)
    return;
  long n = bpf_probe_read_user_str (ev->data, SBOX_TRACE_PATH_MAX, user_path);
  ev->length = n > 0 ? (__u32) n : 0;
  ev->arg = arg;
  ev->arg2 = arg2;
  __u32 used = ev->length;
  if (n > 1 && ev->data[0] != '/' && kind == SBOX_TRACE_EV_PATH)
    used = resolve_base (ev, bpf_get_current_task_btf (), (long) arg2);
  submit (ev, used);
}

/* A file a successful open made: its name as the kernel resolved it. */
static __always_inline void
send_opened (__u32 nr, long fd, __u64 flags)
{
  struct task_struct *task = bpf_get_current_task_btf ();
  struct file *file = file_of (task, fd);
  if (!file)
    return;
  struct sbox_trace_event *ev = reserve (SBOX_TRACE_EV_OPEN, nr, SBOX_TRACE_ARCH_NATIVE, fd);
  if (!ev)
    return;
  ev->arg = flags;
  ev->length = 0;
  __u32 used = 0;
  ev->parts = walk_up (0, BPF_CORE_READ (file, f_path.dentry), BPF_CORE_READ (file, f_path.mnt),
                       task, &used);
  submit (ev, used);
}

static __always_inline void
send_address (__u32 nr, long ret, const void *user_addr, __u64 length, __u64 fd)
{
  if (!user_addr || length < 2)
    return;
  struct sbox_trace_event *ev = reserve (SBOX_TRACE_EV_SOCKET, nr, SBOX_TRACE_ARCH_NATIVE, ret);
  if (!ev)
    return;
  __u32 want = length > SBOX_TRACE_ADDR_MAX ? SBOX_TRACE_ADDR_MAX : (__u32) length;
  if (bpf_probe_read_user (ev->data, want & (SBOX_TRACE_PATH_MAX - 1), user_addr) == 0)
    ev->length = want;
  ev->arg = fd;
  submit (ev, ev->length);
}

static __always_inline void
send_numbers (__u32 kind, __u32 nr, long ret, __u64 arg, __u64 arg2)
{
  struct sbox_trace_event *ev = reserve (kind, nr, SBOX_TRACE_ARCH_NATIVE, ret);
  if (!ev)
    return;
  ev->arg = arg;
  ev->arg2 = arg2;
  submit (ev, 0);
}

SEC ("tp_btf/sched_process_fork")
int
BPF_PROG (on_fork, struct task_struct *parent, struct task_struct *child)
{
  if (mode != SBOX_TRACE_FOLLOW)
    return 0;
  /* The forking thread, not the group leader the tracepoint names. */
  __u32 tid = (__u32) bpf_get_current_pid_tgid ();
  __u8 *state = bpf_map_lookup_elem (&tracked, &tid);
  if (!state)
    return 0;
  __u8 inherited = *state;
  __u32 child_tid = BPF_CORE_READ (child, pid);
  if (bpf_map_update_elem (&tracked, &child_tid, &inherited, BPF_ANY) != 0)
    __sync_fetch_and_add (&lost_tasks, 1);
  return 0;
}

SEC ("tp_btf/sched_process_exec")
int
BPF_PROG (on_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
  if (mode == SBOX_TRACE_FOLLOW)
    {
      __u32 tid = BPF_CORE_READ (task, pid);
      __u32 old = (__u32) old_pid;
      __u8 *state = bpf_map_lookup_elem (&tracked, &tid);
      if (!state)
        state = bpf_map_lookup_elem (&tracked, &old);
      __u32 level = pidns_level (task);
      __u8 marked;
      if (state)
        /* A program run inside a deeper pid namespace is the sandbox's;
         * sbox's own steps before it are not traced. */
        marked = level > base_level ? 2 : *state;
      else if (sandbox_inum != 0 && level > base_level
               && pidns_inum_at (task, base_level + 1) == sandbox_inum)
        marked = 2; /* joined the sandbox from outside the followed tree */
      else
        return 0;
      if (bpf_map_update_elem (&tracked, &tid, &marked, BPF_ANY) != 0)
        __sync_fetch_and_add (&lost_tasks, 1);
      /* A thread that ran a program took its leader's id: its own is free
       * for the next process and must not stay followed. */
      if (old != tid)
        bpf_map_delete_elem (&tracked, &old);
      if (marked != 2)
        return 0;
      if (sandbox_inum == 0)
        sandbox_inum = pidns_inum_at (task, base_level + 1);
    }
  else if (!traced (task))
    return 0;
  struct sbox_trace_event *ev = reserve (SBOX_TRACE_EV_EXEC, 59, SBOX_TRACE_ARCH_NATIVE, 0);
  if (!ev)
    return 0;
  const char *filename = BPF_CORE_READ (bprm, filename);
  long n = bpf_probe_read_kernel_str (ev->data, sizeof ev->data, filename);
  ev->length = n > 0 ? (__u32) n : 0;
  submit (ev, ev->length);
  return 0;
}

SEC ("tp_btf/sched_process_exit")
int
BPF_PROG (on_task_exit, struct task_struct *task)
{
  if (mode != SBOX_TRACE_FOLLOW)
    return 0;
  __u32 tid = BPF_CORE_READ (task, pid);
  bpf_map_delete_elem (&tracked, &tid);
  return 0;
}

#define ARG(n) ((const char *) args[n])

SEC ("tp_btf/sys_exit")
int
BPF_PROG (on_sys_exit, struct pt_regs *regs, long ret)
{
  struct task_struct *task = bpf_get_current_task_btf ();
  long nr = BPF_CORE_READ (regs, orig_ax);
  /* sbox's own step before the command: which process made the sandbox's
   * Landlock domain, to know Landlock's audit records of it. */
  if (nr == 446 && ret == 0 && mode == SBOX_TRACE_FOLLOW)
    {
      __u32 tid = BPF_CORE_READ (task, pid);
      if (bpf_map_lookup_elem (&tracked, &tid))
        send_numbers (SBOX_TRACE_EV_LANDLOCK, nr, ret, BPF_CORE_READ (task, tgid), 0);
    }
  if (!traced (task))
    return 0;
  if (nr < 0)
    return 0;
  __u32 arch = SBOX_TRACE_ARCH_NATIVE;
  if (BPF_CORE_READ (task, thread_info.status) & TS_COMPAT)
    arch = SBOX_TRACE_ARCH_IA32;
  else if (nr & X32_SYSCALL_BIT)
    arch = SBOX_TRACE_ARCH_X32;
  __u32 slot = arch * SBOX_TRACE_NR_SLOTS + ((__u32) nr & (SBOX_TRACE_NR_SLOTS - 1));
  struct sbox_trace_count *c = bpf_map_lookup_elem (&counts, &slot);
  if (c)
    {
      c->calls++;
      if (ret < 0 && ret >= -4095)
        {
          c->errors++;
          if (ret == -1)
            c->eperm++;
          else if (ret == -13)
            c->eacces++;
          else if (ret == -38)
            c->enosys++;
        }
    }
  if (arch != SBOX_TRACE_ARCH_NATIVE)
    return 0;

  __u64 args[6];
  args[0] = BPF_CORE_READ (regs, di);
  args[1] = BPF_CORE_READ (regs, si);
  args[2] = BPF_CORE_READ (regs, dx);
  args[3] = BPF_CORE_READ (regs, r10);
  args[4] = BPF_CORE_READ (regs, r8);
  args[5] = BPF_CORE_READ (regs, r9);
  int failed = ret < 0;
  /* Calls naming a path share one send below (the name walk is large). */
  const char *path = NULL;
  long dirfd = AT_FDCWD;
  /* The second name of rename and link: the one written. */
  const char *second_path = NULL;
  long second_dirfd = AT_FDCWD;
  __u64 flags = 0;
  __u32 kind = SBOX_TRACE_EV_PATH;

  switch (nr)
    {
    /* An open that succeeded is reported by the file it made. */
    case 2:  /* open */
    case 85: /* creat */
      flags = nr == 2 ? args[1] : 0101;
      if (!failed)
        send_opened (nr, ret, flags);
      else
        path = ARG (0);
      break;
    case 257: /* openat */
    case 437: /* openat2: the flags are in memory */
      if (nr == 257)
        flags = args[2];
      else
        bpf_probe_read_user (&flags, sizeof flags, (const void *) args[2]);
      if (!failed)
        send_opened (nr, ret, flags);
      else
        {
          path = ARG (1);
          dirfd = (long) args[0];
        }
      break;
    case 4:   /* stat */
    case 6:   /* lstat */
    case 21:  /* access */
    case 80:  /* chdir */
    case 83:  /* mkdir */
    case 84:  /* rmdir */
    case 87:  /* unlink */
    case 89:  /* readlink */
    case 90:  /* chmod */
    case 92:  /* chown */
    case 94:  /* lchown */
    case 76:  /* truncate */
    case 133: /* mknod */
    case 191: /* getxattr */
    case 192: /* lgetxattr */
    case 194: /* listxattr */
    case 195: /* llistxattr */
      path = ARG (0);
      break;
    case 82: /* rename */
    case 86: /* link */
      path = ARG (0);
      second_path = ARG (1);
      break;
    case 88: /* symlink: where the link goes */
      path = ARG (1);
      break;
    case 258: /* mkdirat */
    case 259: /* mknodat */
    case 260: /* fchownat */
    case 262: /* newfstatat */
    case 263: /* unlinkat */
    case 267: /* readlinkat */
    case 268: /* fchmodat */
    case 269: /* faccessat */
    case 280: /* utimensat */
    case 332: /* statx */
    case 439: /* faccessat2 */
    case 452: /* fchmodat2 */
      path = ARG (1);
      dirfd = (long) args[0];
      break;
    case 264: /* renameat */
    case 265: /* linkat */
    case 316: /* renameat2 */
      path = ARG (1);
      dirfd = (long) args[0];
      second_path = ARG (3);
      second_dirfd = (long) args[2];
      break;
    case 266: /* symlinkat */
      path = ARG (2);
      dirfd = (long) args[1];
      break;
    case 59: /* execve: a program that started is seen at exec */
      if (failed)
        path = ARG (0);
      break;
    case 322: /* execveat */
      if (failed)
        {
          path = ARG (1);
          dirfd = (long) args[0];
        }
      break;
    case 165: /* mount: the target */
      kind = SBOX_TRACE_EV_NS;
      path = ARG (1);
      flags = args[3];
      break;
    case 166: /* umount2 */
    case 161: /* chroot */
    case 155: /* pivot_root */
    case 430: /* fsopen: the filesystem type */
      kind = SBOX_TRACE_EV_NS;
      path = ARG (0);
      flags = nr == 155 || nr == 161 ? 0 : args[1];
      break;
    case 428: /* open_tree */
    case 433: /* fspick */
    case 442: /* mount_setattr */
      kind = SBOX_TRACE_EV_NS;
      path = ARG (1);
      flags = args[2];
      break;
    case 429: /* move_mount: where to */
      kind = SBOX_TRACE_EV_NS;
      path = (const char *) args[3];
      flags = args[4];
      break;
    case 42: /* connect */
    case 49: /* bind */
      send_address (nr, ret, (const void *) args[1], args[2], args[0]);
      break;
    case 44: /* sendto */
      send_address (nr, ret, (const void *) args[4], args[5], args[0]);
      break;
    case 62:  /* kill: target, signal */
    case 200: /* tkill */
      send_numbers (SBOX_TRACE_EV_SIGNAL, nr, ret, args[0], args[1]);
      break;
    case 234: /* tgkill */
      send_numbers (SBOX_TRACE_EV_SIGNAL, nr, ret, args[1], args[2]);
      break;
    case 424: /* pidfd_send_signal */
      send_numbers (SBOX_TRACE_EV_SIGNAL, nr, ret, args[0], args[1]);
      break;
    case 272: /* unshare: flags */
    case 308: /* setns: fd, type */
      send_numbers (SBOX_TRACE_EV_NS, nr, ret, args[0], args[1]);
      break;
    case 56: /* clone: only when it asks for namespaces */
      if (args[0] & 0x7E020080ULL)
        send_numbers (SBOX_TRACE_EV_NS, nr, ret, args[0], 0);
      break;
    case 432: /* fsmount */
      send_numbers (SBOX_TRACE_EV_NS, nr, ret, args[0], args[1]);
      break;
    case 435: /* clone3: its flags lead struct clone_args */
      {
        __u64 flags = 0;
        if (bpf_probe_read_user (&flags, sizeof flags, (const void *) args[0]) == 0
            && (flags & 0x7E020080ULL))
          send_numbers (SBOX_TRACE_EV_NS, nr, ret, flags, 0);
      }
      break;
    default:
      break;
    }
  if (path)
    send_path (kind, nr, ret, path, flags, dirfd);
  if (second_path)
    send_path (kind, nr, ret, second_path, flags, second_dirfd);
  return 0;
}
