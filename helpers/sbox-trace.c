/* sbox-trace.c — sbox-trace's command line and its run: follows one
 * sandbox with eBPF and writes what it did (a summary, a JSON trace, a
 * profile fragment, a comparison with a profile). Needs root (CAP_BPF and CAP_PERFMON) and a kernel
 * with BTF. sbox-trace [OPTION...] -- sbox ARGS...   start a sandbox and follow it sbox-trace
 * [OPTION...] --name=NAME|--pid=PID   attach to a running one */
#include "config.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "instance.h"
#include "sbox-trace.skel.h"
#include "trace-audit.h"
#include "trace-output.h"

#define EXIT_TRACER 125
#define DEFAULT_BTF "/sys/kernel/btf/vmlinux"

typedef struct
{
  char *json;
  char *fragment;
  char *diff;
  char *name;
  char *user;
  int pid;
  gboolean quiet;
  gboolean audit;
  char **command;
} Options;

static void
options_clear (Options *opts)
{
  g_free (opts->json);
  g_free (opts->fragment);
  g_free (opts->diff);
  g_free (opts->name);
  g_free (opts->user);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int fail (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *message = g_strdup_vprintf (format, ap);
  va_end (ap);
  fprintf (stderr, "sbox-trace: %s\n", message);
  return EXIT_TRACER;
}

static void
print_help (void)
{
  fputs ("Usage: sbox-trace [OPTION...] -- sbox [SBOX-OPTION...] COMMAND...\n"
         "       sbox-trace [OPTION...] --name=NAME | --pid=PID\n"
         "Follow one sandbox with eBPF: every system call with its result, the paths,\n"
         "addresses, signals, programs and namespace calls; then write what it did.\n"
         "\n"
         "  --json=FILE     the whole trace as JSON\n"
         "  --profile=FILE  a profile fragment (SeccompAllow=, grants to review) and\n"
         "                  FILE.syscalls, an allowlist for Seccomp=FILE.syscalls\n"
         "  --diff=PROFILE  after the run, print what PROFILE grants that the run never\n"
         "                  used and what the run needed and was refused\n"
         "  --name=NAME     attach to the running sandbox of that name (or id)\n"
         "  --pid=PID       attach to the sandbox that process PID is in\n"
         "  --user=USER     run the command as USER (and find --name among USER's\n"
         "                  sandboxes); default: the invoking user of sudo, else root\n"
         "  --audit         turn the kernel's audit log on while tracing, when it is\n"
         "                  off, for Landlock's records of what it refused\n"
         "  --quiet         no summary table on stderr\n"
         "  --help          this text\n"
         "\n"
         "Attached, it stops when the sandbox ends or on Ctrl-C. Exit status: the\n"
         "command's when it started one; 125 when sbox-trace itself failed.\n",
         stdout);
}

static int
parse_options (int argc, char **argv, Options *opts)
{
  static const struct
  {
    const char *name;
    size_t offset;
  } valued[] = {
    { "--json", G_STRUCT_OFFSET (Options, json) },
    { "--profile", G_STRUCT_OFFSET (Options, fragment) },
    { "--diff", G_STRUCT_OFFSET (Options, diff) },
    { "--name", G_STRUCT_OFFSET (Options, name) },
    { "--user", G_STRUCT_OFFSET (Options, user) },
  };
  int i = 1;
  for (; i < argc; i++)
    {
      const char *arg = argv[i];
      if (g_str_equal (arg, "--"))
        {
          i++;
          break;
        }
      if (arg[0] != '-')
        break;
      if (g_str_equal (arg, "--help"))
        {
          print_help ();
          exit (0);
        }
      if (g_str_equal (arg, "--quiet"))
        {
          opts->quiet = TRUE;
          continue;
        }
      if (g_str_equal (arg, "--audit"))
        {
          opts->audit = TRUE;
          continue;
        }
      g_autofree char *name = g_strdup (arg);
      char *eq = strchr (name, '=');
      const char *value = NULL;
      if (eq)
        {
          *eq = '\0';
          value = eq + 1;
        }
      else if (i + 1 < argc)
        value = argv[i + 1];
      gboolean known = FALSE;
      for (gsize k = 0; k < G_N_ELEMENTS (valued) && !known; k++)
        if (g_str_equal (name, valued[k].name))
          {
            known = TRUE;
            if (value == NULL || value[0] == '\0')
              return fail ("%s needs a value (see sbox-trace --help)", name);
            char **slot = G_STRUCT_MEMBER_P (opts, valued[k].offset);
            g_free (*slot);
            *slot = g_strdup (value);
          }
      if (!known && g_str_equal (name, "--pid"))
        {
          known = TRUE;
          char *end = NULL;
          long pid = value ? strtol (value, &end, 10) : 0;
          if (value == NULL || *end != '\0' || pid <= 0 || pid > G_MAXINT)
            return fail ("--pid: '%s' is not a process id", value ? value : "");
          opts->pid = (int) pid;
        }
      if (!known)
        return fail ("unknown option '%s' (see sbox-trace --help)", arg);
      if (!eq)
        i++;
    }
  opts->command = argv + i;
  int targets = (opts->name != NULL) + (opts->pid > 0) + (opts->command[0] != NULL);
  if (targets == 0)
    return fail ("nothing to trace: give a command after --, or --name or --pid "
                 "(see sbox-trace --help)");
  if (targets > 1)
    return fail ("give one of a command, --name and --pid");
  return 0;
}

/* An output sbox-trace will write at the end: checked before the run, so
 * that a trace is not made for nothing. NULL when it can be written. */
static char *
output_problem (const char *option, const char *path)
{
  struct stat st;
  if (stat (path, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        return g_strdup_printf ("%s: %s is a directory", option, path);
      if (access (path, W_OK) != 0)
        return g_strdup_printf ("%s: %s: %s", option, path, g_strerror (errno));
    }
  /* Written by replacing: the directory must take a new file. */
  g_autofree char *dir = g_path_get_dirname (path);
  if (access (dir, W_OK | X_OK) != 0)
    return g_strdup_printf ("%s: cannot write in %s: %s", option, dir, g_strerror (errno));
  return NULL;
}

/* May this process load tracing programs? CAP_BPF with CAP_PERFMON, or
 * CAP_SYS_ADMIN, in its effective set. */
static gboolean
may_trace (void)
{
  cap_t caps = cap_get_proc ();
  if (caps == NULL)
    return FALSE;
  cap_flag_value_t bpf = CAP_CLEAR, perfmon = CAP_CLEAR, admin = CAP_CLEAR;
  cap_get_flag (caps, CAP_BPF, CAP_EFFECTIVE, &bpf);
  cap_get_flag (caps, CAP_PERFMON, CAP_EFFECTIVE, &perfmon);
  cap_get_flag (caps, CAP_SYS_ADMIN, CAP_EFFECTIVE, &admin);
  cap_free (caps);
  return admin == CAP_SET || (bpf == CAP_SET && perfmon == CAP_SET);
}

/* The pid namespace of pid: its inode, its level (0 for the first) and,
 * when wanted, pid's number in it. */
static gboolean
pidns_of_full (pid_t pid, guint32 *inum, guint32 *level, long *innermost_pid)
{
  char path[64];
  struct stat st;
  snprintf (path, sizeof path, "/proc/%d/ns/pid", (int) pid);
  if (stat (path, &st) != 0)
    return FALSE;
  *inum = (guint32) st.st_ino;
  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;
  if (!g_file_get_contents (path, &status, NULL, NULL))
    return FALSE;
  const char *line = strstr (status, "\nNSpid:");
  if (line == NULL)
    return FALSE;
  line += strlen ("\nNSpid:");
  const char *end = strchr (line, '\n');
  g_autofree char *ids = g_strndup (line, end ? (gsize) (end - line) : strlen (line));
  g_auto (GStrv) parts = g_strsplit_set (g_strstrip (ids), " \t", -1);
  guint n = 0;
  const char *last = NULL;
  for (char **p = parts; *p; p++)
    if (**p != '\0')
      {
        n++;
        last = *p;
      }
  *level = n > 0 ? n - 1 : 0;
  if (innermost_pid)
    *innermost_pid = last ? strtol (last, NULL, 10) : 0;
  return TRUE;
}

static gboolean
pidns_of (pid_t pid, guint32 *inum, guint32 *level)
{
  return pidns_of_full (pid, inum, level, NULL);
}

/* The first process of the pid namespace inum, its pid 1: attached to a
 * process of a sandbox, the trace ends when the sandbox does, not when
 * that process does. The process given when none is found. */
static pid_t
namespace_first_process (guint32 inum, pid_t given)
{
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *entry;
  while (proc && (entry = g_dir_read_name (proc)))
    {
      char *end = NULL;
      long pid = strtol (entry, &end, 10);
      if (pid <= 0 || *end != '\0')
        continue;
      char path[64];
      struct stat st;
      snprintf (path, sizeof path, "/proc/%ld/ns/pid", pid);
      if (stat (path, &st) != 0 || (guint32) st.st_ino != inum)
        continue;
      guint32 ignored_inum, ignored_level;
      long innermost = 0;
      if (pidns_of_full ((pid_t) pid, &ignored_inum, &ignored_level, &innermost) && innermost == 1)
        return (pid_t) pid;
    }
  return given;
}

typedef struct
{
  uid_t uid;
  gid_t gid;
  char *name;
  char *home;
} User;

static void
user_clear (User *user)
{
  g_free (user->name);
  g_free (user->home);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (User, user_clear)

/* --user, else sudo's invoking user, else nobody to switch to. */
static int
choose_user (const char *asked, User *user)
{
  struct passwd *pw = NULL;
  if (asked)
    {
      pw = getpwnam (asked);
      if (pw == NULL)
        {
          char *end = NULL;
          long uid = strtol (asked, &end, 10);
          if (*end == '\0' && uid >= 0)
            pw = getpwuid ((uid_t) uid);
        }
      if (pw == NULL)
        return fail ("--user: no user '%s'", asked);
    }
  else if (getuid () == 0 && g_getenv ("SUDO_UID"))
    pw = getpwuid ((uid_t) g_ascii_strtoull (g_getenv ("SUDO_UID"), NULL, 10));
  if (pw == NULL)
    pw = getpwuid (getuid ());
  if (pw == NULL)
    return fail ("cannot find the user of uid %u", (unsigned) getuid ());
  user->uid = pw->pw_uid;
  user->gid = pw->pw_gid;
  user->name = g_strdup (pw->pw_name);
  user->home = g_strdup (pw->pw_dir);
  return 0;
}

/* The environment for the command or the instance lookup: the user's own
 * HOME and runtime directory, the rest as sbox-trace got it. */
static char **
user_environ (const User *user)
{
  char **env = g_get_environ ();
  if (user->uid == getuid ())
    return env;
  env = g_environ_setenv (env, "HOME", user->home, TRUE);
  env = g_environ_setenv (env, "USER", user->name, TRUE);
  env = g_environ_setenv (env, "LOGNAME", user->name, TRUE);
  g_autofree char *runtime = g_strdup_printf ("/run/user/%u", (unsigned) user->uid);
  struct stat st;
  if (stat (runtime, &st) == 0 && st.st_uid == user->uid)
    env = g_environ_setenv (env, "XDG_RUNTIME_DIR", runtime, TRUE);
  else
    env = g_environ_unsetenv (env, "XDG_RUNTIME_DIR");
  env = g_environ_unsetenv (env, "SUDO_UID");
  env = g_environ_unsetenv (env, "SUDO_GID");
  env = g_environ_unsetenv (env, "SUDO_USER");
  env = g_environ_unsetenv (env, "SUDO_COMMAND");
  return env;
}

/* In a child: become the user. */
static gboolean
become (const User *user)
{
  if (user->uid == getuid ())
    return TRUE;
  return initgroups (user->name, user->gid) == 0 && setgid (user->gid) == 0
         && setuid (user->uid) == 0;
}

/* --name: the sandbox's first process, looked up as its user would. */
static int
find_instance (const char *name, const User *user, pid_t *out)
{
  int pipe_fds[2];
  if (pipe2 (pipe_fds, O_CLOEXEC) != 0)
    return fail ("cannot make a pipe: %s", g_strerror (errno));
  pid_t child = fork ();
  if (child < 0)
    return fail ("cannot fork: %s", g_strerror (errno));
  if (child == 0)
    {
      close (pipe_fds[0]);
      g_auto (GStrv) env = user_environ (user);
      g_autoptr (GError) error = NULL;
      g_auto (SboxInstanceRef) ref = { 0 };
      ref.pidfd = -1;
      char reply[512];
      if (!become (user))
        snprintf (reply, sizeof reply, "!cannot become user %s: %s", user->name,
                  g_strerror (errno));
      else if (!sbox_instance_find ((const char *const *) env, name, &ref, &error))
        snprintf (reply, sizeof reply, "!%s", error->message);
      else
        snprintf (reply, sizeof reply, "%d", (int) ref.child);
      ssize_t ignored = write (pipe_fds[1], reply, strlen (reply));
      (void) ignored;
      _exit (0);
    }
  close (pipe_fds[1]);
  char reply[512] = "";
  ssize_t n = read (pipe_fds[0], reply, sizeof reply - 1);
  close (pipe_fds[0]);
  waitpid (child, NULL, 0);
  if (n <= 0)
    return fail ("--name: cannot look up sandbox '%s'", name);
  reply[n] = '\0';
  if (reply[0] == '!')
    return fail ("--name: %s (among %s's sandboxes)", reply + 1, user->name);
  *out = (pid_t) atoi (reply);
  return 0;
}

typedef struct
{
  SboxTrace *trace;
  SboxTraceAudit *audit; /* NULL: Landlock's records are not read */
  guint32 target_inum;   /* attached: the sandbox's pid namespace */
} Follow;

static int
on_event (void *context, void *data, size_t size)
{
  Follow *follow = context;
  /* The kernel side sends only the bytes of data it used. */
  if (size < G_STRUCT_OFFSET (struct sbox_trace_event, data))
    return 0;
  struct sbox_trace_event whole;
  memset (&whole, 0, sizeof whole);
  memcpy (&whole, data, MIN (size, sizeof whole));
  const struct sbox_trace_event *ev = &whole;
  if (ev->kind == SBOX_TRACE_EV_LANDLOCK)
    {
      if (follow->audit)
        sbox_trace_audit_own_creator (follow->audit, (guint32) ev->arg);
      return 0;
    }
  sbox_trace_add_event (follow->trace, ev);
  return 0;
}

/* Attached: a domain is the sandbox's when its maker is in its pid
 * namespace (and still running: records of a gone maker are left out). */
static gboolean
maker_in_sandbox (guint32 pid, gpointer data)
{
  const Follow *follow = data;
  guint32 inum = 0, level = 0;
  return follow->target_inum != 0 && pidns_of ((pid_t) pid, &inum, &level)
         && inum == follow->target_inum;
}

static void
read_audit (Follow *follow)
{
  if (follow->audit)
    sbox_trace_audit_read (follow->audit, follow->trace, maker_in_sandbox, follow);
}

/* Sum the per-CPU counters into the trace. */
static void
read_counts (struct sbox_trace_bpf *skel, SboxTrace *trace)
{
  int cpus = libbpf_num_possible_cpus ();
  if (cpus <= 0)
    return;
  g_autofree struct sbox_trace_count *values = g_new0 (struct sbox_trace_count, cpus);
  for (guint32 slot = 0; slot < SBOX_TRACE_NR_SLOTS * SBOX_TRACE_ARCHES; slot++)
    {
      if (bpf_map__lookup_elem (skel->maps.counts, &slot, sizeof slot, values,
                                sizeof *values * (gsize) cpus, 0)
          != 0)
        continue;
      struct sbox_trace_count *sum
          = &trace->counts[slot / SBOX_TRACE_NR_SLOTS][slot % SBOX_TRACE_NR_SLOTS];
      for (int c = 0; c < cpus; c++)
        {
          sum->calls += values[c].calls;
          sum->errors += values[c].errors;
          sum->eperm += values[c].eperm;
          sum->eacces += values[c].eacces;
          sum->enosys += values[c].enosys;
        }
    }
  trace->lost_events = skel->bss->lost_events;
  trace->lost_tasks = skel->bss->lost_tasks;
}

static int
libbpf_quiet (enum libbpf_print_level level, const char *format, va_list args)
{
  if (level == LIBBPF_WARN && g_getenv ("SBOX_TRACE_DEBUG"))
    return vfprintf (stderr, format, args);
  if (level == LIBBPF_DEBUG && g_getenv ("SBOX_TRACE_DEBUG"))
    return vfprintf (stderr, format, args);
  return 0;
}

static int
load_error (const char *what, int err)
{
  if (err == EACCES)
    return fail ("the kernel's verifier refused the BPF programs (SBOX_TRACE_DEBUG=1 shows "
                 "its log)");
  if (err == EPERM)
    return fail ("no permission to %s the BPF programs: run sbox-trace as root (it needs "
                 "CAP_BPF and CAP_PERFMON)",
                 what);
  return fail ("cannot %s the BPF programs: %s (SBOX_TRACE_DEBUG=1 shows libbpf's log)", what,
               g_strerror (err));
}

/* The signals that end a trace: passed on to a command sbox-trace
 * started, or the end of an attached one. */
static void
ending_signals (sigset_t *mask)
{
  sigemptyset (mask);
  sigaddset (mask, SIGINT);
  sigaddset (mask, SIGTERM);
  sigaddset (mask, SIGHUP);
  sigaddset (mask, SIGQUIT);
}

/* Loading or attaching failed: the command, waiting at its gate, never
 * starts (closing the gate ends it). */
static int
give_up (struct sbox_trace_bpf *skel, pid_t child, int gate, const char *what, int err)
{
  if (child > 0)
    {
      close (gate);
      waitpid (child, NULL, 0);
    }
  sbox_trace_bpf__destroy (skel);
  return load_error (what, err);
}

/* Follow until the followed process ends; signals go to it (a command we
 * started) or end the trace (attached). */
static int
follow (struct ring_buffer *rb, Follow *state, pid_t pid, gboolean started, int *status)
{
  sigset_t mask;
  ending_signals (&mask);
  int sfd = signalfd (-1, &mask, SFD_CLOEXEC);
  int pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  if (sfd < 0 || pidfd < 0)
    {
      int err = errno;
      if (sfd >= 0)
        close (sfd);
      if (started)
        {
          kill (pid, SIGKILL);
          waitpid (pid, NULL, 0);
        }
      return fail ("cannot watch process %d: %s", (int) pid, g_strerror (err));
    }
  struct pollfd fds[4] = {
    { ring_buffer__epoll_fd (rb), POLLIN, 0 },
    { pidfd, POLLIN, 0 },
    { sfd, POLLIN, 0 },
    { state->audit ? sbox_trace_audit_fd (state->audit) : -1, POLLIN, 0 },
  };
  gboolean ended = FALSE;
  while (!ended)
    {
      if (poll (fds, 4, 50) < 0 && errno != EINTR)
        break;
      /* Events first: they say which Landlock domain is the sandbox's. */
      ring_buffer__consume (rb);
      read_audit (state);
      if (fds[2].revents & POLLIN)
        {
          struct signalfd_siginfo info;
          if (read (sfd, &info, sizeof info) == sizeof info)
            {
              if (started)
                kill (pid, (int) info.ssi_signo);
              else
                ended = TRUE;
            }
        }
      if (fds[1].revents & POLLIN)
        ended = TRUE;
    }
  if (started)
    waitpid (pid, status, 0);
  ring_buffer__consume (rb);
  /* The kernel's audit thread sends a little after the fact. */
  if (state->audit)
    {
      poll (&fds[3], 1, 200);
      read_audit (state);
    }
  close (pidfd);
  close (sfd);
  return 0;
}

int
main (int argc, char **argv)
{
  g_auto (Options) opts = { 0 };
  int parsed = parse_options (argc, argv, &opts);
  if (parsed != 0)
    return parsed;

  g_autofree char *syscalls_path = opts.fragment ? g_strconcat (opts.fragment, ".syscalls", NULL)
                                                 : NULL;
  const char *const outputs[][2] = {
    { "--json", opts.json },
    { "--profile", opts.fragment },
    { "--profile", syscalls_path },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (outputs); i++)
    if (outputs[i][1])
      {
        g_autofree char *problem = output_problem (outputs[i][0], outputs[i][1]);
        if (problem)
          return fail ("%s", problem);
      }

  const char *btf = g_getenv ("SBOX_TRACE_BTF");
  if (btf == NULL || btf[0] == '\0')
    btf = DEFAULT_BTF;
  if (access (btf, R_OK) != 0)
    return fail ("this kernel has no BTF type information (%s: %s): tracing needs a kernel "
                 "built with CONFIG_DEBUG_INFO_BTF, or SBOX_TRACE_BTF naming its BTF file",
                 btf, g_strerror (errno));
  if (!may_trace ())
    return fail ("no permission to load BPF programs: run sbox-trace as root (it needs "
                 "CAP_BPF and CAP_PERFMON)");

  g_auto (User) user = { 0 };
  int chosen = choose_user (opts.user, &user);
  if (chosen != 0)
    return chosen;

  guint32 own_inum = 0, own_level = 0;
  if (!pidns_of (getpid (), &own_inum, &own_level))
    return fail ("cannot read this process's pid namespace from /proc");

  g_autoptr (SboxTrace) trace = sbox_trace_new ();
  pid_t target = 0;
  guint32 target_inum = 0, target_level = 0;
  if (opts.name)
    {
      int found = find_instance (opts.name, &user, &target);
      if (found != 0)
        return found;
    }
  else if (opts.pid > 0)
    target = opts.pid;
  if (target > 0)
    {
      if (!pidns_of (target, &target_inum, &target_level))
        return fail ("no process %d", (int) target);
      if (target_inum == own_inum || target_level <= own_level)
        return fail ("process %d is not in a sandbox (it shares sbox-trace's pid namespace); "
                     "give a process inside one (sbox --list shows each sandbox's first "
                     "process)",
                     (int) target);
      if (opts.name)
        g_ptr_array_add (trace->argv, g_strdup_printf ("--name=%s", opts.name));
      else
        g_ptr_array_add (trace->argv, g_strdup_printf ("--pid=%d", (int) target));
      target = namespace_first_process (target_inum, target);
    }
  else
    for (char **a = opts.command; *a; a++)
      g_ptr_array_add (trace->argv, g_strdup (*a));

  /* Landlock's records of the sandbox's denials, where audit is on. */
  g_autofree char *audit_why = NULL;
  g_autoptr (SboxTraceAudit) audit = sbox_trace_audit_open (opts.audit, &audit_why);
  if (audit == NULL)
    trace->landlock_note = g_steal_pointer (&audit_why);
  else if (!sbox_trace_audit_on (audit))
    {
      trace->landlock_note = g_strdup ("the kernel's audit log is off (--audit turns it on while "
                                       "tracing)");
      g_clear_pointer (&audit, sbox_trace_audit_close);
    }
  Follow state = { .trace = trace, .audit = audit, .target_inum = target_inum };

  libbpf_set_print (libbpf_quiet);
  LIBBPF_OPTS (bpf_object_open_opts, open_opts,
               .btf_custom_path = g_str_equal (btf, DEFAULT_BTF) ? NULL : btf);
  struct sbox_trace_bpf *skel = sbox_trace_bpf__open_opts (&open_opts);
  if (skel == NULL)
    return load_error ("open", errno);

  /* The command waits on gate until the programs are attached. */
  int gate[2] = { -1, -1 };
  pid_t child = 0;
  if (target == 0)
    {
      if (pipe2 (gate, O_CLOEXEC) != 0)
        {
          sbox_trace_bpf__destroy (skel);
          return fail ("cannot make a pipe: %s", g_strerror (errno));
        }
      g_auto (GStrv) env = user_environ (&user);
      if (audit)
        env = g_environ_setenv (env, "SBOX_LANDLOCK_LOG", "1", TRUE);
      child = fork ();
      if (child < 0)
        {
          sbox_trace_bpf__destroy (skel);
          return fail ("cannot fork: %s", g_strerror (errno));
        }
      if (child == 0)
        {
          close (gate[1]);
          char go;
          if (read (gate[0], &go, 1) != 1)
            _exit (EXIT_TRACER);
          if (!become (&user))
            {
              fprintf (stderr, "sbox-trace: cannot become user %s: %s\n", user.name,
                       g_strerror (errno));
              _exit (EXIT_TRACER);
            }
          execvpe (opts.command[0], opts.command, env);
          int err = errno;
          fprintf (stderr, "sbox-trace: cannot run %s: %s\n", opts.command[0], g_strerror (err));
          _exit (err == ENOENT ? 127 : 126);
        }
      close (gate[0]);
      skel->rodata->mode = SBOX_TRACE_FOLLOW;
      skel->rodata->base_level = own_level;
    }
  else
    {
      skel->rodata->mode = SBOX_TRACE_PIDNS;
      skel->rodata->target_level = target_level;
      skel->rodata->target_inum = target_inum;
    }

  int err = sbox_trace_bpf__load (skel);
  if (err == 0 && child > 0)
    {
      guint32 key = (guint32) child;
      guint8 follow_state = 1;
      err = bpf_map__update_elem (skel->maps.tracked, &key, sizeof key, &follow_state,
                                  sizeof follow_state, BPF_ANY);
    }
  int status = 0;
  if (err != 0)
    return give_up (skel, child, gate[1], "load", -err);
  err = sbox_trace_bpf__attach (skel);
  struct ring_buffer *rb = NULL;
  if (err == 0)
    {
      rb = ring_buffer__new (bpf_map__fd (skel->maps.events), on_event, &state, NULL);
      if (rb == NULL)
        err = -errno;
    }
  if (err != 0)
    return give_up (skel, child, gate[1], "attach", -err);

  sigset_t mask;
  ending_signals (&mask);
  sigprocmask (SIG_BLOCK, &mask, NULL);
  if (child > 0)
    {
      ssize_t ignored = write (gate[1], "g", 1);
      (void) ignored;
      close (gate[1]);
    }
  else if (!opts.quiet)
    fprintf (stderr, "sbox-trace: following the sandbox of process %d; Ctrl-C ends\n",
             (int) target);
  int followed = follow (rb, &state, child > 0 ? child : target, child > 0, &status);
  g_clear_pointer (&audit, sbox_trace_audit_close);
  read_counts (skel, trace);
  if (g_getenv ("SBOX_TRACE_DEBUG"))
    {
      struct rusage own;
      getrusage (RUSAGE_SELF, &own);
      fprintf (stderr, "sbox-trace: own CPU %ld ms user, %ld ms system, %llu events\n",
               own.ru_utime.tv_sec * 1000 + own.ru_utime.tv_usec / 1000,
               own.ru_stime.tv_sec * 1000 + own.ru_stime.tv_usec / 1000,
               (unsigned long long) trace->events);
    }
  ring_buffer__free (rb);
  sbox_trace_bpf__destroy (skel);
  if (followed != 0)
    return followed;

  int exit_status = 0;
  if (child > 0)
    {
      exit_status = WIFEXITED (status)     ? WEXITSTATUS (status)
                    : WIFSIGNALED (status) ? 128 + WTERMSIG (status)
                                           : EXIT_TRACER;
      trace->exit_status = exit_status;
    }

  g_autoptr (GError) error = NULL;
  gboolean written = TRUE;
  if (!opts.quiet)
    sbox_trace_print_summary (trace, stderr);
  if (opts.json && !sbox_trace_write_json (trace, opts.json, &error))
    written = FALSE;
  if (written && opts.fragment
      && !sbox_trace_write_fragment (trace, opts.fragment, user.home, &error))
    written = FALSE;
  if (written && opts.diff)
    {
      g_auto (GStrv) env = user_environ (&user);
      written = sbox_trace_print_diff (trace, opts.diff, (const char *const *) env, stdout, &error);
    }
  if (!written)
    return fail ("%s", error->message);
  return exit_status;
}
