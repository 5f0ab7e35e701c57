/* seccomp-sets.c — named syscall sets and the default/strict policies, as
 * data. Each risky entry says why it is there. */
#include "config.h"

#include <errno.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "seccomp-sets.h"

/* clang-format off: tables laid out by hand, one entry and its reason a line */
const SboxDeniedCall sbox_seccomp_default_deny[] = {
  /* Changing the sandbox's own view (CVE-2021-41133 for the new API). */
  { "mount", EPERM, "mount table changes" },
  { "umount2", EPERM, "mount table changes" },
  { "pivot_root", EPERM, "mount table changes" },
  { "chroot", EPERM, "root changes" },
  { "fsopen", ENOSYS, "new mount API: ENOSYS so callers fall back to the denied mount()" },
  { "fsconfig", ENOSYS, "new mount API" },
  { "fsmount", ENOSYS, "new mount API" },
  { "fspick", ENOSYS, "new mount API" },
  { "open_tree", ENOSYS, "new mount API" },
  { "move_mount", ENOSYS, "new mount API" },
  { "mount_setattr", ENOSYS, "new mount API" },
  { "setns", EPERM, "joining other namespaces" },
  { "clone3", ENOSYS, "flags live in memory, out of the filter's reach: libc falls back to clone" },
  /* The kernel's most exposed interfaces for a local attacker. */
  { "add_key", EPERM, "kernel keyring is not namespaced" },
  { "keyctl", EPERM, "kernel keyring is not namespaced" },
  { "request_key", EPERM, "kernel keyring is not namespaced" },
  { "bpf", EPERM, "eBPF verifier attack surface" },
  { "userfaultfd", EPERM, "stalls kernel copies: race amplifier in exploits" },
  { "io_uring_setup", EPERM, "io_uring operations bypass per-syscall filtering" },
  { "io_uring_enter", EPERM, "io_uring" },
  { "io_uring_register", EPERM, "io_uring" },
  { "open_by_handle_at", EPERM, "opens files by handle, around the mount view" },
  { "kexec_load", EPERM, "loads a new kernel" },
  { "kexec_file_load", EPERM, "loads a new kernel" },
  { "init_module", EPERM, "kernel modules" },
  { "finit_module", EPERM, "kernel modules" },
  { "delete_module", EPERM, "kernel modules" },
  { "syslog", EPERM, "kernel log leaks addresses" },
  { "acct", EPERM, "process accounting" },
  { "quotactl", EPERM, "disk quotas" },
  { "quotactl_fd", EPERM, "disk quotas" },
  { "swapon", EPERM, "swap" },
  { "swapoff", EPERM, "swap" },
  { "reboot", EPERM, "reboot" },
  { "uselib", EPERM, "obsolete loader interface" },
  { "modify_ldt", EPERM, "16-bit segments: old exploit vector" },
  { "ioperm", EPERM, "port I/O" },
  { "iopl", EPERM, "port I/O" },
  { "lookup_dcookie", EPERM, "profiling interface" },
  { "vhangup", EPERM, "terminal hangup of other sessions" },
  { "fanotify_init", EPERM, "watches the whole mount" },
  { "settimeofday", EPERM, "system clock" },
  { "clock_settime", EPERM, "system clock" },
  { "clock_adjtime", EPERM, "system clock" },
  { "adjtimex", EPERM, "system clock" },
  /* NUMA and page migration: Flatpak's list; they move other tasks' memory. */
  { "move_pages", EPERM, "NUMA page migration" },
  { "migrate_pages", EPERM, "NUMA page migration" },
  { "mbind", EPERM, "NUMA policy" },
  { "get_mempolicy", EPERM, "NUMA policy" },
  { "set_mempolicy", EPERM, "NUMA policy" },
  { "set_mempolicy_home_node", EPERM, "NUMA policy" },
  { NULL, 0, NULL },
};

const SboxDeniedCall sbox_seccomp_devel_deny[] = {
  { "ptrace", EPERM, "debugging other processes (features=devel allows)" },
  { "process_vm_readv", EPERM, "reads another process's memory (features=devel allows)" },
  { "process_vm_writev", EPERM, "writes another process's memory (features=devel allows)" },
  { "perf_event_open", EPERM, "perf side channels (features=devel allows)" },
  { NULL, 0, NULL },
};

const int sbox_seccomp_allowed_families[] = {
  AF_UNSPEC, AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, -1,
};

/* What apps use netlink for: NETLINK_ROUTE (interfaces, addresses, network
 * changes) everywhere; NETLINK_SOCK_DIAG and NETLINK_KOBJECT_UEVENT only in
 * the sandbox's own network namespace, where they see the sandbox's sockets
 * and no host device events: on the host's network they list every socket
 * of the host and its device events. Everything else (netfilter, xfrm,
 * generic netlink with its many admin families, audit, connector, …) is
 * kernel surface a nested user namespace's root would reach with
 * CAP_NET_ADMIN. */
const int sbox_seccomp_netlink_protocols[] = { NETLINK_ROUTE, -1 };
const int sbox_seccomp_netlink_private_net[] = { NETLINK_SOCK_DIAG, NETLINK_KOBJECT_UEVENT, -1 };

/* Firewall table writes (iptables, ip6tables, arptables, ebtables, IPVS):
 * a nested network namespace's root could, and no app needs to. */
const SboxSockoptRange sbox_seccomp_firewall_sockopts[] = {
  { IPPROTO_IP, 64, 65 },     /* IPT_SO_SET_REPLACE, IPT_SO_SET_ADD_COUNTERS */
  { IPPROTO_IP, 96, 97 },     /* ARPT_SO_SET_REPLACE, ARPT_SO_SET_ADD_COUNTERS */
  { IPPROTO_IP, 128, 129 },   /* EBT_SO_SET_ENTRIES, EBT_SO_SET_COUNTERS */
  { IPPROTO_IP, 1152, 1167 }, /* IP_VS_SO_SET_* */
  { IPPROTO_IPV6, 64, 65 },   /* IP6T_SO_SET_REPLACE, IP6T_SO_SET_ADD_COUNTERS */
  { -1, 0, 0 },
};

/* Every call that sets a file's mode, with where the mode (and for the
 * open calls the flags saying whether it creates) lies. mkdir is not one:
 * the kernel drops set-id bits from its mode. */
const SboxModeCall sbox_seccomp_mode_calls[] = {
  { "chmod", 1, -1 }, { "fchmod", 1, -1 }, { "fchmodat", 2, -1 }, { "fchmodat2", 2, -1 },
  { "creat", 1, -1 }, { "open", 2, 1 },   { "openat", 3, 2 },     { "mknod", 1, -1 },
  { "mknodat", 2, -1 }, { NULL, 0, 0 },
};

const char *const sbox_seccomp_runtime_allow[] = {
  "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "write", "clone", "set_robust_list",
  "getpid", "gettid", "setsid", "seccomp", "sendmsg", "sendto", "close", "execve", "exit",
  "exit_group", "prctl", "signalfd4", "read", "wait4", "kill",
  /* what a sanitizer runtime in sbox itself calls at the same points */
  "sigaltstack", "mmap", "munmap", "madvise", NULL,
};

const char *const sbox_seccomp_strict_allow[] = {
  /* files and directories */
  "read", "write", "open", "openat", "openat2", "close", "close_range", "creat", "lseek",
  "pread64", "pwrite64", "readv", "writev", "preadv", "pwritev", "preadv2", "pwritev2",
  "stat", "fstat", "lstat", "newfstatat", "statx", "statfs", "fstatfs", "access", "faccessat",
  "faccessat2", "getdents", "getdents64", "getcwd", "chdir", "fchdir", "rename", "renameat",
  "renameat2", "mkdir", "mkdirat", "rmdir", "link", "linkat", "unlink", "unlinkat", "symlink",
  "symlinkat", "readlink", "readlinkat", "chmod", "fchmod", "fchmodat", "chown", "fchown",
  "lchown", "fchownat", "umask", "truncate", "ftruncate", "fallocate", "fadvise64", "readahead",
  "fsync", "fdatasync", "sync", "syncfs", "sync_file_range", "flock", "fcntl", "dup", "dup2",
  "dup3", "pipe", "pipe2", "mknod", "mknodat", "utime", "utimes", "utimensat", "futimesat",
  "sendfile", "splice", "tee", "vmsplice", "copy_file_range", "getxattr", "lgetxattr",
  "fgetxattr", "listxattr", "llistxattr", "flistxattr", "setxattr", "lsetxattr", "fsetxattr",
  "removexattr", "lremovexattr", "fremovexattr", "inotify_init", "inotify_init1",
  "inotify_add_watch", "inotify_rm_watch", "name_to_handle_at", "ioctl",
  /* memory */
  "brk", "mmap", "munmap", "mremap", "mprotect", "msync", "mincore", "madvise", "mlock",
  "mlock2", "munlock", "mlockall", "munlockall", "memfd_create", "membarrier",
  "pkey_alloc", "pkey_free", "pkey_mprotect", "process_madvise",
  /* processes, threads, signals */
  "clone", "fork", "vfork", "execve", "execveat", "exit", "exit_group", "wait4", "waitid",
  "kill", "tkill", "tgkill", "getpid", "getppid", "gettid", "getpgrp", "getpgid", "setpgid",
  "getsid", "setsid", "getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid",
  "getgroups", "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid",
  "capget", "prctl", "arch_prctl", "set_tid_address", "set_robust_list", "get_robust_list",
  "rseq", "futex", "futex_waitv", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
  "rt_sigpending", "rt_sigtimedwait", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "rt_sigsuspend",
  "sigaltstack", "pause", "restart_syscall", "pidfd_open", "pidfd_send_signal", "personality",
  "sched_yield", "sched_getaffinity", "sched_setaffinity", "sched_getparam",
  "sched_getscheduler", "sched_get_priority_max", "sched_get_priority_min", "sched_getattr",
  "getpriority", "setpriority", "ioprio_get", "getrlimit", "setrlimit", "prlimit64",
  "getrusage", "times", "getcpu", "uname", "sysinfo",
  /* time */
  "nanosleep", "clock_nanosleep", "clock_gettime", "clock_getres", "gettimeofday", "time",
  "alarm", "getitimer", "setitimer", "timer_create", "timer_settime", "timer_gettime",
  "timer_getoverrun", "timer_delete", "timerfd_create", "timerfd_settime", "timerfd_gettime",
  /* waiting and events */
  "poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl",
  "epoll_wait", "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2", "signalfd", "signalfd4",
  /* sockets (local IPC and, when shared, the network) */
  "socket", "socketpair", "connect", "accept", "accept4", "bind", "listen", "shutdown",
  "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "getsockname",
  "getpeername", "setsockopt", "getsockopt",
  /* System V and POSIX IPC within the sandbox's ipc namespace */
  "shmget", "shmat", "shmdt", "shmctl", "semget", "semop", "semtimedop", "semctl", "msgget",
  "msgsnd", "msgrcv", "msgctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive",
  "mq_notify", "mq_getsetattr",
  "getrandom",
  NULL,
};
/* clang-format on */
