/* sbox-trace.h — what the tracer's BPF programs and its user side share:
 * the layout of the counters and of the events on the ring buffer. */
#pragma once

#define SBOX_TRACE_PATH_MAX 256 /* one name as the program gave it */
#define SBOX_TRACE_DATA 512     /* room for it and the resolved parts */
#define SBOX_TRACE_MAX_PARTS 32 /* directories walked up to the root */
#define SBOX_TRACE_TRUNCATED 0x80000000u
#define SBOX_TRACE_ADDR_MAX 112 /* a sockaddr_un's size, the largest kept */
#define SBOX_TRACE_NR_SLOTS 1024
#define SBOX_TRACE_ARCHES 3 /* native, ia32, x32 */

/* How tasks are chosen: descendants of the launcher once they exec inside
 * a deeper pid namespace, or every task of one pid namespace (attach). */
enum sbox_trace_mode
{
  SBOX_TRACE_FOLLOW = 0,
  SBOX_TRACE_PIDNS = 1,
};

enum sbox_trace_arch
{
  SBOX_TRACE_ARCH_NATIVE = 0,
  SBOX_TRACE_ARCH_IA32 = 1,
  SBOX_TRACE_ARCH_X32 = 2,
};

/* One system call's counters (a per-CPU array slot per number and arch). */
struct sbox_trace_count
{
  unsigned long long calls;
  unsigned long long errors;
  unsigned long long eperm;
  unsigned long long eacces;
  unsigned long long enosys;
};

enum sbox_trace_kind
{
  SBOX_TRACE_EV_PATH = 1,     /* a path a call named, as the program gave it */
  SBOX_TRACE_EV_OPEN = 2,     /* a file opened, as the kernel resolved it */
  SBOX_TRACE_EV_EXEC = 3,     /* a program that started */
  SBOX_TRACE_EV_SOCKET = 4,   /* connect, bind or sendto: the address */
  SBOX_TRACE_EV_SIGNAL = 5,   /* kill, tkill, tgkill */
  SBOX_TRACE_EV_NS = 6,       /* namespace and mount calls */
  SBOX_TRACE_EV_LANDLOCK = 7, /* a followed task made a Landlock domain: its pid */
};

struct sbox_trace_event
{
  unsigned int kind;
  unsigned int tid;
  unsigned int nr;        /* the system call (native numbering), or -1 */
  unsigned int arch;      /* enum sbox_trace_arch */
  long long ret;          /* its result: 0 or more, or -errno */
  unsigned long long arg; /* flags, signal or target, by kind */
  unsigned long long arg2;
  unsigned int length; /* of the first string in data, with its NUL */
  /* How many names follow it: the directory a relative path started from,
   * or the opened file, from the leaf up to the root (SBOX_TRACE_TRUNCATED:
   * the walk stopped before the root). */
  unsigned int parts;
  char data[SBOX_TRACE_DATA];
};
