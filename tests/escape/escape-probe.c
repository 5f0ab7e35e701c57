/* escape-probe: one escape attempt per subcommand, for tests/escape/escape.sh.
 *
 * Each subcommand makes one attempt to get out of (or to weaken) a sandbox
 * and prints exactly one word on stdout: "OK" when the attempt worked, or the
 * name of the errno it failed with (EPERM, ENOSYS, ...).  The exit status is 0
 * either way; a process killed by a seccomp filter (SIGSYS) or by anything
 * else shows up as the exit status 128+N to whoever ran it.
 *
 * Files and devices
 *   read FILE               open(O_RDONLY|O_NONBLOCK) and read (one block)
 *   write FILE              open(O_WRONLY|O_CREAT|O_TRUNC) and write
 *   openw FILE              open(O_WRONLY) an existing file, write nothing
 *   mknod PATH              create the character device 1:3 (/dev/null's)
 *   open-by-handle-at PATH  name_to_handle_at() on PATH (a directory, or a
 *                           file created if missing), then
 *                           open_by_handle_at() on the handle
 * Terminal
 *   tiocsti                 ioctl(0, TIOCSTI, "x"), then read the character
 *                           back from fd 0: OK only if it landed in the input
 *                           ("NOT-LANDED" if the ioctl passed but nothing
 *                           arrived)
 *   tiocsti-high            the same with bit 32 of the request set: the
 *                           kernel ignores the upper half (CVE-2019-10063)
 *   tioclinux               ioctl(0, TIOCLINUX, ...) (a tty that is not a
 *                           virtual console answers ENOTTY or EINVAL)
 * Processes
 *   ptrace PID              PTRACE_SEIZE the process PID
 *   ptrace-child            fork a child and PTRACE_SEIZE it
 *   kill PID [SIG]          kill(PID, SIG), SIG 0 by default
 *   sleep                   pause() until killed (a target for the above)
 * Mounts and namespaces
 *   mount DIR               mount a tmpfs on DIR (created if missing)
 *   umount PATH             umount2(PATH, MNT_DETACH)
 *   pivot-root DIR          chdir(DIR) and pivot_root(".", ".")
 *   chroot DIR              chroot(DIR)
 *   unshare-user            unshare(CLONE_NEWUSER)
 *   clone-user              raw clone(CLONE_NEWUSER|SIGCHLD); child _exit(0)
 *   clone3                  raw clone3 with CLONE_NEWUSER; child _exit(0)
 *   setns PATH              setns() into the namespace file PATH
 *   new-mount-api           fsopen("tmpfs")
 *   fspick PATH             fspick(PATH)
 *   open-tree [PATH]        open_tree(PATH, OPEN_TREE_CLONE|AT_RECURSIVE)
 *   mount-setattr PATH      mount_setattr(PATH) clearing MOUNT_ATTR_RDONLY
 * Kernel interfaces
 *   keyctl                  add_key("user") to the process keyring
 *   bpf                     bpf(BPF_MAP_CREATE) of a one-entry array
 *   bpf-prog                bpf(BPF_PROG_LOAD) of a "return 0" socket filter
 *   bpf-reach               bpf(BPF_MAP_CREATE) with a NULL attribute
 *                           pointer: the kernel itself answers EFAULT, so
 *                           another answer means something stood in front
 *   perf-event-open         a user-only software clock counter on itself
 *   userfaultfd             userfaultfd(UFFD_USER_MODE_ONLY)
 *   io-uring-setup          io_uring_setup() with four entries
 *   kexec-load              kexec_load() with no segments and a foreign
 *                           architecture: harmless even for root, who gets
 *                           EINVAL (past the privilege check); others EPERM;
 *                           a kernel without kexec ENOSYS
 *   init-module             finit_module() on /dev/null (nothing to load:
 *                           root gets past the privilege check to EINVAL or
 *                           similar; a kernel without modules says ENOSYS)
 *   syslog                  klogctl(SYSLOG_ACTION_SIZE_BUFFER)
 *   personality [VALUE]     personality(VALUE), READ_IMPLIES_EXEC by default
 *   personality-query       personality(0xffffffff) (only reads)
 *   get-mempolicy           get_mempolicy() (a NUMA call)
 * Other ABIs
 *   i386                    unshare(CLONE_NEWUSER) through int $0x80 (i386
 *                           number 310)
 *   i386-getpid             getpid through int $0x80 (i386 number 20)
 *                           (both print NO-I386 where the kernel has no i386
 *                           entry and int $0x80 faults)
 *   x32                     getpid by its x32 number (__X32_SYSCALL_BIT)
 *   x32-unshare             unshare(CLONE_NEWUSER) by its x32 number
 * Network
 *   socket FAMILY           socket() of FAMILY: unix inet inet6
 *                           netlink-route netlink-audit key packet vsock
 *                           bluetooth can tipc alg rds xdp, or a number
 *   connect-abstract NAME   connect to the abstract unix socket @NAME
 *   connect-tcp HOST PORT   TCP connect to the IPv4 address HOST
 * Identity and environment
 *   setuid-ids              print "uid=R euid=E" (for a setuid copy)
 *   getenv NAME             OK if the variable NAME is set, else UNSET
 *   landlock-abi            the kernel's Landlock ABI version (a number), or
 *                           the errno (EOPNOTSUPP: Landlock disabled)
 * Set-id files and file capabilities (MODE in octal, e.g. 04755)
 *   chmod PATH MODE         chmod(PATH, MODE)
 *   fchmod PATH MODE        open(PATH) and fchmod(fd, MODE)
 *   fchmodat PATH MODE      fchmodat(AT_FDCWD, PATH, MODE, 0)
 *   fchmodat2 PATH MODE     raw fchmodat2 (452) with flags 0
 *   open-create PATH MODE   raw open(PATH, O_CREAT|O_WRONLY|O_EXCL, MODE)
 *   openat-create PATH MODE raw openat(AT_FDCWD, …) likewise
 *   creat PATH MODE         raw creat(PATH, MODE)
 *   tmpfile DIR NAME MODE   openat(DIR, O_TMPFILE|O_WRONLY, MODE), then
 *                           linked as DIR/NAME through /proc/self/fd
 *   openat2-create PATH MODE openat2 with O_CREAT and MODE in its struct
 *   mknod-file PATH MODE    mknod(PATH, S_IFREG|MODE, 0) (libc: mknodat)
 *   mkdir-mode PATH MODE    mkdir(PATH, MODE)
 *   setxattr-cap PATH [ROOTID] security.capability = cap_setuid+ep as a
 *                           v2 (20-byte) value, or with ROOTID as a v3
 *                           (24-byte) one for that uid of the writer's
 *                           namespace; the kernel stores v3 for a
 *                           namespaced writer
 *   setxattr-size PATH SIZE user.sbox-test with a SIZE-byte value
 * Raw calls (class of 32-bit arguments with high bits set)
 *   syscall NR [ARG...]     syscall(NR, ARG...) with up to six 64-bit
 *                           arguments (strtoull, base 0)
 *   netlink PROTO           socket(AF_NETLINK, SOCK_RAW, PROTO)
 *   setsockopt-fw LEVEL NAME setsockopt(LEVEL, NAME) with a zeroed 64-byte
 *                           buffer on a UDP socket of the family LEVEL
 *                           belongs to (0: inet, 41: inet6): a firewall
 *                           table write the kernel refuses EPERM without
 *                           CAP_NET_ADMIN, EINVAL-like past that check
 * Filters on paper
 *   seccomp-eval FILE ABI NR [ARG...]
 *                           run the exported seccomp filter FILE (raw struct
 *                           sock_filter array) on the call NR of ABI x86_64,
 *                           i386 or x32 with ARGs, and print the action:
 *                           ALLOW, ERRNO:ENAME, KILL_PROCESS, TRAP, ...
 *
 * libc only: it must run in the barest sandbox.  Built with
 *   gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <arpa/inet.h>
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/audit.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/netlink.h>
#include <linux/openat2.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <termios.h>
#include <unistd.h>

#ifndef AF_KEY
#define AF_KEY 15
#endif
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef NETLINK_AUDIT
#define NETLINK_AUDIT 9
#endif
#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif
#ifndef KEXEC_ARCH_MASK
#define KEXEC_ARCH_MASK 0xffff0000
#endif

/* i386 syscall numbers (arch/x86/entry/syscalls/syscall_32.tbl). */
#define I386_NR_getpid 20
#define I386_NR_unshare 310

/* ------------------------------------------------------------------------ */
/* Reporting */

#include "../helpers/probe-report.h"

/* report (RC, ERR): "OK" when RC is not negative, else the name of ERR. */
static int
report (long rc, int err)
{
  if (rc >= 0)
    puts ("OK");
  else
    puts (errno_name (err));
  return 0;
}

/* report_word (WORD): any other single word. */
static int
report_word (const char *word)
{
  puts (word);
  return 0;
}

/* A raw syscall's result as report() wants it. */
#define TRY(call)                                                                                  \
  do                                                                                               \
    {                                                                                              \
      long rc_ = (long) (call);                                                                    \
      return report (rc_, errno);                                                                  \
    }                                                                                              \
  while (0)

/* ------------------------------------------------------------------------ */
/* Files and devices */

static int
do_read (const char *path)
{
  /* Big enough for one /dev/kmsg record; non-blocking so that a device with
     nothing to say cannot hang the probe. */
  static char buf[8192];
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

  if (fd < 0)
    return report (-1, errno);
  if (read (fd, buf, sizeof buf) < 0)
    {
      int err = errno;
      close (fd);
      return report (-1, err);
    }
  close (fd);
  return report (0, 0);
}

static int
do_write (const char *path)
{
  static const char data[] = "escape-probe\n";
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);

  if (fd < 0)
    return report (-1, errno);
  if (write (fd, data, sizeof data - 1) < 0)
    {
      int err = errno;
      close (fd);
      return report (-1, err);
    }
  if (close (fd) < 0)
    return report (-1, errno);
  return report (0, 0);
}

static int
do_openw (const char *path)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY);

  if (fd < 0)
    return report (-1, errno);
  close (fd);
  return report (0, 0);
}

static int
do_mknod (const char *path)
{
  TRY (mknod (path, S_IFCHR | 0600, makedev (1, 3)));
}

static int
do_open_by_handle_at (const char *path)
{
  union
  {
    struct file_handle fh;
    char buf[sizeof (struct file_handle) + MAX_HANDLE_SZ];
  } h;
  char *copy;
  int mount_id, dirfd, fd, open_flags = O_RDONLY | O_CLOEXEC;

  /* A directory is taken as it is (kernels that let a namespace's own
     root decode handles give it directory handles only); anything else is
     a file created if missing. */
  fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    open_flags |= O_DIRECTORY;
  else
    fd = open (path, O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return report (-1, errno);
  close (fd);

  memset (&h, 0, sizeof h);
  h.fh.handle_bytes = MAX_HANDLE_SZ;
  if (name_to_handle_at (AT_FDCWD, path, &h.fh, &mount_id, 0) < 0)
    return report (-1, errno);

  copy = strdup (path);
  if (copy == NULL)
    return report (-1, errno);
  dirfd = open (dirname (copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free (copy);
  if (dirfd < 0)
    return report (-1, errno);
  fd = open_by_handle_at (dirfd, &h.fh, open_flags);
  if (fd < 0)
    {
      int err = errno;
      close (dirfd);
      return report (-1, err);
    }
  close (fd);
  close (dirfd);
  return report (0, 0);
}

/* ------------------------------------------------------------------------ */
/* Terminal */

static int
do_tiocsti (unsigned long request)
{
  struct termios saved, raw;
  int have_termios = tcgetattr (0, &saved) == 0;
  char c = 0;
  ssize_t n;
  int landed = 0;

  if (have_termios)
    {
      /* Non-canonical and silent: the injected byte can be read back at
         once and is not echoed into the output the test parses. */
      raw = saved;
      raw.c_lflag &= ~(tcflag_t) (ICANON | ECHO);
      raw.c_cc[VMIN] = 0;
      raw.c_cc[VTIME] = 10; /* tenths of a second */
      tcsetattr (0, TCSANOW, &raw);
    }

  /* Nothing stale may be taken for the injected byte. */
  if (have_termios)
    tcflush (0, TCIFLUSH);

  if (ioctl (0, request, "x") < 0)
    {
      int err = errno;
      if (have_termios)
        tcsetattr (0, TCSANOW, &saved);
      return report (-1, err);
    }

  /* Other bytes may arrive around it (a terminal emulator's own input):
     look for the injected one among the first few. */
  for (int i = 0; i < 64 && !landed; i++)
    {
      n = read (0, &c, 1);
      if (n != 1)
        break;
      landed = c == 'x';
    }
  if (have_termios)
    tcsetattr (0, TCSANOW, &saved);
  if (landed)
    return report (0, 0);
  return report_word ("NOT-LANDED");
}

static int
do_tioclinux (void)
{
  /* Subcode 7 (TIOCL_GETSHIFTSTATE) only reads, on a virtual console. */
  char arg[2] = { 7, 0 };

  TRY (ioctl (0, TIOCLINUX, arg));
}

/* ------------------------------------------------------------------------ */
/* Processes */

static int
do_ptrace (pid_t pid)
{
  TRY (ptrace (PTRACE_SEIZE, pid, NULL, NULL));
}

static int
do_ptrace_child (void)
{
  pid_t child = fork ();
  long rc;
  int err;

  if (child < 0)
    return report (-1, errno);
  if (child == 0)
    {
      for (;;)
        pause ();
    }
  rc = ptrace (PTRACE_SEIZE, child, NULL, NULL);
  err = errno;
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  return report (rc, err);
}

static int
do_kill (pid_t pid, int sig)
{
  TRY (kill (pid, sig));
}

static int
do_sleep (void)
{
  for (;;)
    pause ();
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Mounts and namespaces */

static int
do_mount (const char *dir)
{
  /* A directory of its own: no permission on the target is in the way. */
  if (mkdir (dir, 0700) < 0 && errno != EEXIST)
    return report (-1, errno);
  TRY (mount ("escape-probe", dir, "tmpfs", 0, "size=64k"));
}

static int
do_umount (const char *path)
{
  TRY (umount2 (path, MNT_DETACH));
}

static int
do_pivot_root (const char *dir)
{
  long rc;
  int err;

  if (chdir (dir) < 0)
    return report (-1, errno);
  rc = syscall (SYS_pivot_root, ".", ".");
  err = errno;
  if (rc == 0)
    umount2 (".", MNT_DETACH);
  return report (rc, err);
}

static int
do_chroot (const char *dir)
{
  TRY (chroot (dir));
}

static int
do_unshare_user (void)
{
  TRY (unshare (CLONE_NEWUSER));
}

/* The child of a raw clone or clone3 leaves at once; the parent reports. */
static int
after_clone (long pid, int err)
{
  if (pid == 0)
    _exit (0);
  if (pid > 0)
    waitpid ((pid_t) pid, NULL, 0);
  return report (pid, err);
}

static int
do_clone_user (void)
{
  long pid = syscall (SYS_clone, (unsigned long) (CLONE_NEWUSER | SIGCHLD), NULL, NULL, NULL, NULL);
  return after_clone (pid, errno);
}

static int
do_clone3 (void)
{
  struct clone_args args;
  long pid;

  memset (&args, 0, sizeof args);
  args.flags = CLONE_NEWUSER;
  args.exit_signal = SIGCHLD;
  pid = syscall (SYS_clone3, &args, sizeof args);
  return after_clone (pid, errno);
}

static int
do_setns (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  long rc;
  int err;

  if (fd < 0)
    return report (-1, errno);
  rc = setns (fd, 0);
  err = errno;
  close (fd);
  return report (rc, err);
}

static int
do_fsopen (void)
{
  TRY (syscall (SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC));
}

static int
do_fspick (const char *path)
{
  TRY (syscall (SYS_fspick, AT_FDCWD, path, FSPICK_CLOEXEC));
}

static int
do_open_tree (const char *path)
{
  TRY (syscall (SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE));
}

static int
do_mount_setattr (const char *path)
{
  struct mount_attr attr;

  memset (&attr, 0, sizeof attr);
  attr.attr_clr = MOUNT_ATTR_RDONLY;
  TRY (syscall (SYS_mount_setattr, AT_FDCWD, path, 0, &attr, sizeof attr));
}

/* ------------------------------------------------------------------------ */
/* Kernel interfaces */

static int
do_keyctl (void)
{
  static const char payload[] = "escape-probe";

  TRY (syscall (SYS_add_key, "user", "escape-probe", payload, sizeof payload - 1,
                KEY_SPEC_PROCESS_KEYRING));
}

static int
do_bpf_map (void)
{
  union bpf_attr attr;

  memset (&attr, 0, sizeof attr);
  attr.map_type = BPF_MAP_TYPE_ARRAY;
  attr.key_size = 4;
  attr.value_size = 4;
  attr.max_entries = 1;
  TRY (syscall (SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr));
}

static int
do_bpf_prog (void)
{
  struct bpf_insn insns[2];
  union bpf_attr attr;

  memset (insns, 0, sizeof insns);
  /* r0 = 0; exit */
  insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K;
  insns[0].dst_reg = BPF_REG_0;
  insns[0].imm = 0;
  insns[1].code = BPF_JMP | BPF_EXIT;

  memset (&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
  attr.insns = (uint64_t) (uintptr_t) insns;
  attr.insn_cnt = 2;
  attr.license = (uint64_t) (uintptr_t) "GPL";
  TRY (syscall (SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr));
}

static int
do_bpf_reach (void)
{
  TRY (syscall (SYS_bpf, BPF_MAP_CREATE, NULL, sizeof (union bpf_attr)));
}

static int
do_perf_event_open (void)
{
  struct perf_event_attr attr;

  memset (&attr, 0, sizeof attr);
  attr.type = PERF_TYPE_SOFTWARE;
  attr.size = sizeof attr;
  attr.config = PERF_COUNT_SW_CPU_CLOCK;
  attr.disabled = 1;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  TRY (syscall (SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
}

static int
do_userfaultfd (void)
{
  TRY (syscall (SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY));
}

static int
do_io_uring_setup (void)
{
  struct io_uring_params params;

  memset (&params, 0, sizeof params);
  TRY (syscall (SYS_io_uring_setup, 4, &params));
}

static int
do_kexec_load (void)
{
  /* No segments and an architecture that is not this one: whoever gets past
     the privilege check is stopped by the architecture check (EINVAL), so
     the probe never unloads or loads anything, even as root. */
  unsigned long flags = KEXEC_ARCH_MASK & (0x7fffUL << 16);

  TRY (syscall (SYS_kexec_load, 0UL, 0UL, NULL, flags));
}

static int
do_init_module (void)
{
  int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  long rc;
  int err;

  if (fd < 0)
    return report (-1, errno);
  rc = syscall (SYS_finit_module, fd, "", 0);
  err = errno;
  close (fd);
  return report (rc, err);
}

static int
do_syslog (void)
{
  TRY (klogctl (10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0));
}

static int
do_personality (unsigned long persona)
{
  TRY (personality (persona));
}

static int
do_get_mempolicy (void)
{
  int mode = 0;

  TRY (syscall (SYS_get_mempolicy, &mode, NULL, 0UL, NULL, 0UL));
}

/* ------------------------------------------------------------------------ */
/* Other ABIs */

/* A one-argument i386 system call from this 64-bit process. */
static long
int80_syscall1 (long nr, long arg1)
{
  long ret;

  __asm__ volatile("int $0x80"
                   : "=a"(ret)
                   : "a"(nr), "b"(arg1)
                   : "memory", "cc", "r8", "r9", "r10", "r11");
  return ret;
}

/* A kernel without the i386 entry (no IA32 emulation, or ia32_emulation=0)
   answers int $0x80 with a general protection fault: say so in one word
   instead of dying of SIGSEGV.  A seccomp kill (SIGSYS) is not caught. */
static void
on_no_i386 (int sig)
{
  static const char word[] = "NO-I386\n";

  (void) sig;
  if (write (STDOUT_FILENO, word, sizeof word - 1) < 0)
    _exit (1);
  _exit (0);
}

static int
do_i386 (long nr, long arg1)
{
  long ret;

  signal (SIGSEGV, on_no_i386);
  ret = int80_syscall1 (nr, arg1);

  if (ret < 0 && ret > -4096)
    return report (-1, (int) -ret);
  return report (0, 0);
}

static int
do_x32 (long nr, long arg1)
{
  TRY (syscall (__X32_SYSCALL_BIT | nr, arg1));
}

/* ------------------------------------------------------------------------ */
/* A seccomp filter, run on paper */

#define MAX_INSNS 4096

static const char *
seccomp_action (uint32_t ret)
{
  static char buf[48];

  switch (ret & SECCOMP_RET_ACTION_FULL)
    {
    case SECCOMP_RET_KILL_PROCESS:
      return "KILL_PROCESS";
    case SECCOMP_RET_KILL_THREAD:
      return "KILL_THREAD";
    case SECCOMP_RET_TRAP:
      return "TRAP";
    case SECCOMP_RET_ERRNO:
      snprintf (buf, sizeof buf, "ERRNO:%s", errno_name ((int) (ret & SECCOMP_RET_DATA)));
      return buf;
    case SECCOMP_RET_USER_NOTIF:
      return "USER_NOTIF";
    case SECCOMP_RET_TRACE:
      return "TRACE";
    case SECCOMP_RET_LOG:
      return "LOG";
    case SECCOMP_RET_ALLOW:
      return "ALLOW";
    default:
      snprintf (buf, sizeof buf, "RET:0x%08x", ret);
      return buf;
    }
}

/* Run the classic BPF program in FILE (an array of struct sock_filter, as
   seccomp_export_bpf writes it) on one system call, the way the kernel would,
   and print the action.  This checks rules for ABIs the running kernel cannot
   enter (an i386 call where int $0x80 faults, x32 where the ABI is absent). */
static int
do_seccomp_eval (const char *file, const char *abi, const char *nr_text, int nargs, char **args)
{
  static struct sock_filter prog[MAX_INSNS];
  struct seccomp_data data;
  uint32_t a = 0, x = 0, mem[BPF_MEMWORDS];
  size_t n, pc;
  FILE *f;

  f = fopen (file, "rb");
  if (f == NULL)
    return report (-1, errno);
  n = fread (prog, sizeof prog[0], MAX_INSNS, f);
  fclose (f);
  if (n == 0)
    return report_word ("BAD-FILTER");

  memset (&data, 0, sizeof data);
  memset (mem, 0, sizeof mem);
  data.nr = (int) strtol (nr_text, NULL, 0);
  if (strcmp (abi, "x86_64") == 0)
    data.arch = AUDIT_ARCH_X86_64;
  else if (strcmp (abi, "x32") == 0)
    {
      data.arch = AUDIT_ARCH_X86_64;
      data.nr |= __X32_SYSCALL_BIT;
    }
  else if (strcmp (abi, "i386") == 0)
    data.arch = AUDIT_ARCH_I386;
  else
    return report_word ("BAD-ABI");
  for (int i = 0; i < nargs && i < 6; i++)
    data.args[i] = strtoull (args[i], NULL, 0);

  for (pc = 0; pc < n; pc++)
    {
      const struct sock_filter *in = &prog[pc];
      uint32_t src = BPF_SRC (in->code) == BPF_X ? x : in->k;

      switch (BPF_CLASS (in->code))
        {
        case BPF_LD:
          if (in->code == (BPF_LD | BPF_W | BPF_ABS))
            {
              if (in->k % 4 != 0 || in->k + 4 > sizeof data)
                return report_word ("BAD-FILTER");
              memcpy (&a, (const char *) &data + in->k, 4);
            }
          else if (in->code == (BPF_LD | BPF_W | BPF_LEN))
            a = sizeof data;
          else if (in->code == (BPF_LD | BPF_IMM))
            a = in->k;
          else if (in->code == (BPF_LD | BPF_MEM) && in->k < BPF_MEMWORDS)
            a = mem[in->k];
          else
            return report_word ("BAD-FILTER");
          break;
        case BPF_LDX:
          if (in->code == (BPF_LDX | BPF_W | BPF_LEN))
            x = sizeof data;
          else if (in->code == (BPF_LDX | BPF_IMM))
            x = in->k;
          else if (in->code == (BPF_LDX | BPF_MEM) && in->k < BPF_MEMWORDS)
            x = mem[in->k];
          else
            return report_word ("BAD-FILTER");
          break;
        case BPF_ST:
        case BPF_STX:
          if (in->k >= BPF_MEMWORDS)
            return report_word ("BAD-FILTER");
          mem[in->k] = BPF_CLASS (in->code) == BPF_ST ? a : x;
          break;
        case BPF_ALU:
          switch (BPF_OP (in->code))
            {
            case BPF_ADD:
              a += src;
              break;
            case BPF_SUB:
              a -= src;
              break;
            case BPF_MUL:
              a *= src;
              break;
            case BPF_DIV:
              if (src == 0)
                return report_word ("BAD-FILTER");
              a /= src;
              break;
            case BPF_MOD:
              if (src == 0)
                return report_word ("BAD-FILTER");
              a %= src;
              break;
            case BPF_AND:
              a &= src;
              break;
            case BPF_OR:
              a |= src;
              break;
            case BPF_XOR:
              a ^= src;
              break;
            case BPF_LSH:
              a = src < 32 ? a << src : 0;
              break;
            case BPF_RSH:
              a = src < 32 ? a >> src : 0;
              break;
            case BPF_NEG:
              a = -a;
              break;
            default:
              return report_word ("BAD-FILTER");
            }
          break;
        case BPF_JMP:
          {
            int cond;

            switch (BPF_OP (in->code))
              {
              case BPF_JA:
                pc += in->k;
                continue;
              case BPF_JEQ:
                cond = a == src;
                break;
              case BPF_JGT:
                cond = a > src;
                break;
              case BPF_JGE:
                cond = a >= src;
                break;
              case BPF_JSET:
                cond = (a & src) != 0;
                break;
              default:
                return report_word ("BAD-FILTER");
              }
            pc += cond ? in->jt : in->jf;
            break;
          }
        case BPF_RET:
          return report_word (seccomp_action (BPF_RVAL (in->code) == BPF_A ? a : in->k));
        case BPF_MISC:
          if (BPF_MISCOP (in->code) == BPF_TAX)
            x = a;
          else
            a = x;
          break;
        default:
          return report_word ("BAD-FILTER");
        }
    }
  return report_word ("BAD-FILTER"); /* fell off the end */
}

/* ------------------------------------------------------------------------ */
/* Network */

struct family
{
  const char *name;
  int domain, type, protocol;
};

static const struct family families[] = {
  { "unix", AF_UNIX, SOCK_STREAM, 0 },
  { "inet", AF_INET, SOCK_STREAM, 0 },
  { "inet6", AF_INET6, SOCK_STREAM, 0 },
  { "netlink-route", AF_NETLINK, SOCK_RAW, NETLINK_ROUTE },
  { "netlink-audit", AF_NETLINK, SOCK_RAW, NETLINK_AUDIT },
  { "key", AF_KEY, SOCK_RAW, 2 /* PF_KEY_V2 */ },
  { "packet", AF_PACKET, SOCK_DGRAM, 0 },
  { "vsock", AF_VSOCK, SOCK_STREAM, 0 },
  { "bluetooth", AF_BLUETOOTH, SOCK_RAW, 1 /* BTPROTO_HCI */ },
  { "can", AF_CAN, SOCK_RAW, 1 /* CAN_RAW */ },
  { "tipc", AF_TIPC, SOCK_RDM, 0 },
  { "alg", AF_ALG, SOCK_SEQPACKET, 0 },
  { "rds", AF_RDS, SOCK_SEQPACKET, 0 },
  { "xdp", AF_XDP, SOCK_RAW, 0 },
};

static int
do_socket (const char *name)
{
  size_t i;
  char *end;
  long number;
  int fd;

  for (i = 0; i < sizeof families / sizeof families[0]; i++)
    if (strcmp (families[i].name, name) == 0)
      {
        fd = socket (families[i].domain, families[i].type | SOCK_CLOEXEC, families[i].protocol);
        if (fd >= 0)
          close (fd);
        return report (fd, errno);
      }
  number = strtol (name, &end, 0);
  if (*name == '\0' || *end != '\0')
    {
      fprintf (stderr, "escape-probe: unknown socket family %s\n", name);
      return 2;
    }
  fd = socket ((int) number, SOCK_RAW | SOCK_CLOEXEC, 0);
  if (fd >= 0)
    close (fd);
  return report (fd, errno);
}

static int
do_connect_abstract (const char *name)
{
  struct sockaddr_un addr;
  size_t len = strlen (name);
  long rc;
  int fd, err;

  if (len + 1 > sizeof addr.sun_path)
    return report (-1, ENAMETOOLONG);
  memset (&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  memcpy (addr.sun_path + 1, name, len);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return report (-1, errno);
  rc = connect (fd, (struct sockaddr *) &addr,
                (socklen_t) (offsetof (struct sockaddr_un, sun_path) + 1 + len));
  err = errno;
  close (fd);
  return report (rc, err);
}

static int
do_connect_tcp (const char *host, const char *port)
{
  struct sockaddr_in addr;
  struct timeval tv = { 3, 0 };
  long rc;
  int fd, err;

  memset (&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons ((uint16_t) atoi (port));
  if (inet_pton (AF_INET, host, &addr.sin_addr) != 1)
    return report (-1, EINVAL);
  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return report (-1, errno);
  /* Never hang the test on a silent address. */
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  rc = connect (fd, (struct sockaddr *) &addr, sizeof addr);
  err = errno;
  close (fd);
  return report (rc, err);
}

/* ------------------------------------------------------------------------ */
/* Identity and environment */

static int
do_setuid_ids (void)
{
  printf ("uid=%ld euid=%ld\n", (long) getuid (), (long) geteuid ());
  return 0;
}

static int
do_landlock_abi (void)
{
  /* landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) */
  long abi = syscall (444 /* __NR_landlock_create_ruleset */, NULL, 0UL, 1UL);

  if (abi < 0)
    return report (-1, errno);
  printf ("%ld\n", abi);
  return 0;
}

static int
do_getenv (const char *name)
{
  return report_word (getenv (name) != NULL ? "OK" : "UNSET");
}

/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */
/* Set-id files and file capabilities */

#ifndef NR_fchmodat2
#define NR_fchmodat2 452
#endif

static unsigned int
mode_arg (const char *s)
{
  return (unsigned int) strtoul (s, NULL, 8);
}

static int
do_chmod (const char *path, const char *mode)
{
  TRY (chmod (path, mode_arg (mode)));
}

static int
do_fchmod (const char *path, const char *mode)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  long rc;
  int err;

  if (fd < 0)
    return report (-1, errno);
  rc = fchmod (fd, mode_arg (mode));
  err = errno;
  close (fd);
  return report (rc, err);
}

static int
do_fchmodat (const char *path, const char *mode)
{
  TRY (fchmodat (AT_FDCWD, path, mode_arg (mode), 0));
}

static int
do_fchmodat2 (const char *path, const char *mode)
{
  TRY (syscall (NR_fchmodat2, AT_FDCWD, path, mode_arg (mode), 0));
}

/* A created file's descriptor is closed; its result reported. */
static int
report_fd (long fd, int err)
{
  if (fd >= 0)
    close ((int) fd);
  return report (fd, err);
}

static int
do_open_create (const char *path, const char *mode)
{
  long fd = syscall (SYS_open, path, O_CREAT | O_WRONLY | O_EXCL | O_CLOEXEC, mode_arg (mode));
  return report_fd (fd, errno);
}

static int
do_openat_create (const char *path, const char *mode)
{
  long fd = syscall (SYS_openat, AT_FDCWD, path, O_CREAT | O_WRONLY | O_EXCL | O_CLOEXEC,
                     mode_arg (mode));
  return report_fd (fd, errno);
}

static int
do_creat (const char *path, const char *mode)
{
  long fd = syscall (SYS_creat, path, mode_arg (mode));
  return report_fd (fd, errno);
}

static int
do_tmpfile (const char *dir, const char *name, const char *mode)
{
  char fdpath[64];
  char target[4096];
  long fd = syscall (SYS_openat, AT_FDCWD, dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode_arg (mode));
  long rc;
  int err;

  if (fd < 0)
    return report (-1, errno);
  snprintf (fdpath, sizeof fdpath, "/proc/self/fd/%ld", fd);
  snprintf (target, sizeof target, "%s/%s", dir, name);
  rc = linkat (AT_FDCWD, fdpath, AT_FDCWD, target, AT_SYMLINK_FOLLOW);
  err = errno;
  close ((int) fd);
  return report (rc, err);
}

static int
do_openat2_create (const char *path, const char *mode)
{
  struct open_how how;
  long fd;

  memset (&how, 0, sizeof how);
  how.flags = O_CREAT | O_WRONLY | O_EXCL | O_CLOEXEC;
  how.mode = mode_arg (mode);
  fd = syscall (SYS_openat2, AT_FDCWD, path, &how, sizeof how);
  return report_fd (fd, errno);
}

static int
do_mknod_file (const char *path, const char *mode)
{
  TRY (mknod (path, S_IFREG | mode_arg (mode), 0));
}

static int
do_mkdir_mode (const char *path, const char *mode)
{
  TRY (mkdir (path, mode_arg (mode)));
}

static int
do_setxattr_cap (const char *path, const char *rootid)
{
  /* struct vfs_cap_data: magic_etc (revision, effective flag), then
     permitted and inheritable for each of two 32-bit halves (CAP_SETUID is
     bit 7), and for revision 3 the root uid it applies under. */
  uint32_t cap[6] = { 0x02000000 | 0x000001, 1u << 7, 0, 0, 0, 0 };

  if (rootid == NULL)
    TRY (setxattr (path, "security.capability", cap, 20, 0));
  cap[0] = 0x03000000 | 0x000001;
  cap[5] = (uint32_t) strtoul (rootid, NULL, 0);
  TRY (setxattr (path, "security.capability", cap, 24, 0));
}

static int
do_setxattr_size (const char *path, const char *size)
{
  static char value[4096];
  size_t n = (size_t) strtoul (size, NULL, 0);

  if (n > sizeof value)
    n = sizeof value;
  memset (value, 'x', n);
  TRY (setxattr (path, "user.sbox-test", value, n, 0));
}

/* ------------------------------------------------------------------------ */
/* Raw calls */

static int
do_syscall (int argc, char **argv)
{
  unsigned long long a[6] = { 0, 0, 0, 0, 0, 0 };
  long nr = (long) strtoull (argv[0], NULL, 0);
  int i;

  for (i = 1; i < argc && i <= 6; i++)
    a[i - 1] = strtoull (argv[i], NULL, 0);
  TRY (syscall (nr, a[0], a[1], a[2], a[3], a[4], a[5]));
}

static int
do_netlink (const char *proto)
{
  long fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, atoi (proto));
  return report_fd (fd, errno);
}

static int
do_setsockopt_fw (const char *level, const char *name)
{
  static char buf[64];
  int lvl = atoi (level);
  int fd = socket (lvl == IPPROTO_IPV6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  long rc;
  int err;

  if (fd < 0)
    return report (-1, errno);
  rc = setsockopt (fd, lvl, atoi (name), buf, sizeof buf);
  err = errno;
  close (fd);
  return report (rc, err);
}

static int
usage (void)
{
  fputs ("usage: escape-probe SUBCOMMAND [ARGS...] (see the source's header "
         "for the list)\n",
         stderr);
  return 2;
}

static unsigned long
number_arg (const char *s)
{
  return strtoul (s, NULL, 0);
}

int
main (int argc, char **argv)
{
  const char *cmd;
  const char *a1, *a2;

  if (argc < 2)
    return usage ();
  cmd = argv[1];
  a1 = argc > 2 ? argv[2] : NULL;
  a2 = argc > 3 ? argv[3] : NULL;

  /* Line-buffered: a word printed just before a fatal signal still shows. */
  setvbuf (stdout, NULL, _IOLBF, 0);

#define IS(name, nargs) (strcmp (cmd, name) == 0 && argc >= 2 + (nargs))

  if (IS ("read", 1))
    return do_read (a1);
  if (IS ("write", 1))
    return do_write (a1);
  if (IS ("openw", 1))
    return do_openw (a1);
  if (IS ("mknod", 1))
    return do_mknod (a1);
  if (IS ("open-by-handle-at", 1))
    return do_open_by_handle_at (a1);

  if (IS ("tiocsti", 0))
    return do_tiocsti (TIOCSTI);
  if (IS ("tiocsti-high", 0))
    return do_tiocsti (TIOCSTI | (1UL << 32));
  if (IS ("tioclinux", 0))
    return do_tioclinux ();

  if (IS ("ptrace", 1))
    return do_ptrace ((pid_t) atol (a1));
  if (IS ("ptrace-child", 0))
    return do_ptrace_child ();
  if (IS ("kill", 1))
    return do_kill ((pid_t) atol (a1), a2 != NULL ? atoi (a2) : 0);
  if (IS ("sleep", 0))
    return do_sleep ();

  if (IS ("mount", 1))
    return do_mount (a1);
  if (IS ("umount", 1))
    return do_umount (a1);
  if (IS ("pivot-root", 1))
    return do_pivot_root (a1);
  if (IS ("chroot", 1))
    return do_chroot (a1);
  if (IS ("unshare-user", 0))
    return do_unshare_user ();
  if (IS ("clone-user", 0))
    return do_clone_user ();
  if (IS ("clone3", 0))
    return do_clone3 ();
  if (IS ("setns", 1))
    return do_setns (a1);
  if (IS ("new-mount-api", 0))
    return do_fsopen ();
  if (IS ("fspick", 1))
    return do_fspick (a1);
  if (IS ("open-tree", 0))
    return do_open_tree (a1 != NULL ? a1 : "/tmp");
  if (IS ("mount-setattr", 1))
    return do_mount_setattr (a1);

  if (IS ("keyctl", 0))
    return do_keyctl ();
  if (IS ("bpf", 0))
    return do_bpf_map ();
  if (IS ("bpf-prog", 0))
    return do_bpf_prog ();
  if (IS ("bpf-reach", 0))
    return do_bpf_reach ();
  if (IS ("perf-event-open", 0))
    return do_perf_event_open ();
  if (IS ("userfaultfd", 0))
    return do_userfaultfd ();
  if (IS ("io-uring-setup", 0))
    return do_io_uring_setup ();
  if (IS ("kexec-load", 0))
    return do_kexec_load ();
  if (IS ("init-module", 0))
    return do_init_module ();
  if (IS ("syslog", 0))
    return do_syslog ();
  if (IS ("personality", 0))
    return do_personality (a1 != NULL ? number_arg (a1) : PER_LINUX | READ_IMPLIES_EXEC);
  if (IS ("personality-query", 0))
    return do_personality (0xffffffffUL);
  if (IS ("get-mempolicy", 0))
    return do_get_mempolicy ();

  if (IS ("i386", 0))
    return do_i386 (I386_NR_unshare, CLONE_NEWUSER);
  if (IS ("i386-getpid", 0))
    return do_i386 (I386_NR_getpid, 0);
  if (IS ("x32", 0))
    return do_x32 (__NR_getpid, 0);
  if (IS ("x32-unshare", 0))
    return do_x32 (__NR_unshare, CLONE_NEWUSER);

  if (IS ("socket", 1))
    return do_socket (a1);
  if (IS ("connect-abstract", 1))
    return do_connect_abstract (a1);
  if (IS ("connect-tcp", 2))
    return do_connect_tcp (a1, a2);

  if (IS ("setuid-ids", 0))
    return do_setuid_ids ();
  if (IS ("getenv", 1))
    return do_getenv (a1);
  if (IS ("landlock-abi", 0))
    return do_landlock_abi ();
  if (IS ("chmod", 2))
    return do_chmod (a1, a2);
  if (IS ("fchmod", 2))
    return do_fchmod (a1, a2);
  if (IS ("fchmodat", 2))
    return do_fchmodat (a1, a2);
  if (IS ("fchmodat2", 2))
    return do_fchmodat2 (a1, a2);
  if (IS ("open-create", 2))
    return do_open_create (a1, a2);
  if (IS ("openat-create", 2))
    return do_openat_create (a1, a2);
  if (IS ("creat", 2))
    return do_creat (a1, a2);
  if (IS ("tmpfile", 3))
    return do_tmpfile (a1, a2, argv[4]);
  if (IS ("openat2-create", 2))
    return do_openat2_create (a1, a2);
  if (IS ("mknod-file", 2))
    return do_mknod_file (a1, a2);
  if (IS ("mkdir-mode", 2))
    return do_mkdir_mode (a1, a2);
  if (IS ("setxattr-cap", 1))
    return do_setxattr_cap (a1, a2);
  if (IS ("setxattr-size", 2))
    return do_setxattr_size (a1, a2);
  if (IS ("syscall", 1))
    return do_syscall (argc - 2, argv + 2);
  if (IS ("netlink", 1))
    return do_netlink (a1);
  if (IS ("setsockopt-fw", 2))
    return do_setsockopt_fw (a1, a2);

  if (IS ("seccomp-eval", 3))
    return do_seccomp_eval (argv[2], argv[3], argv[4], argc - 5, argv + 5);

#undef IS
  return usage ();
}
