/* doctor.c — --doctor probes and the table of known reasons a sandbox
 * cannot start, each with its fix. */
#include "config.h"
#include "installdirs.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "config-file.h"
#include "doctor.h"
#include "landlock.h"
#include "ns.h"
#include "pasta.h"
#include "x11.h"

/* The knobs that restrict unprivileged user namespaces, as data. */
static const struct
{
  const char *path;
  const char *blocking_value;
  const char *reason;
} userns_knobs[] = {
  { "/proc/sys/user/max_user_namespaces", "0",
    "user.max_user_namespaces is 0: sysctl -w user.max_user_namespaces=15000" },
  { "/proc/sys/kernel/unprivileged_userns_clone", "0",
    "kernel.unprivileged_userns_clone is 0 (older Debian): sysctl -w "
    "kernel.unprivileged_userns_clone=1" },
  { "/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1",
    "AppArmor restricts unprivileged user namespaces (Ubuntu 24.04): install the profile "
    "etc/apparmor.d/sbox (configure --enable-apparmor) and reload AppArmor" },
};

static char *
read_value (const char *path)
{
  g_autofree char *contents = NULL;
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (contents));
}

static char *
reason_text (int clone_errno)
{
  for (gsize i = 0; i < G_N_ELEMENTS (userns_knobs); i++)
    {
      g_autofree char *value = read_value (userns_knobs[i].path);
      if (value && g_str_equal (value, userns_knobs[i].blocking_value))
        return g_strdup (userns_knobs[i].reason);
    }
  if (clone_errno == ENOSPC)
    return g_strdup ("the user namespace limit is reached (user.max_user_namespaces, also "
                     "counted in the namespaces sbox runs in)");
  if (clone_errno == EPERM)
    return g_strdup ("something denies clone(CLONE_NEWUSER): a container runtime's seccomp "
                     "profile (give the container one that allows it: docker or podman run "
                     "--security-opt seccomp=FILE), a sandbox's filter (sbox's own unless the "
                     "profile has SeccompAllow=clone), or an LSM");
  return NULL;
}

char *
sbox_doctor_userns_reason (int clone_errno)
{
  g_autofree char *reason = reason_text (clone_errno);
  if (reason == NULL)
    return NULL;
  return g_strdup_printf ("%s; or run it confined by Landlock, seccomp and limits only with "
                          "--fallback=confine (sbox.conf Fallback=confine)",
                          reason);
}

/* Ubuntu's restriction lets the namespace be made and takes its
 * capabilities away, unless the program runs under its own profile. */
static gboolean
apparmor_restricts_userns (void)
{
  g_autofree char *restrict_userns = read_value (
      "/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
  if (restrict_userns == NULL || !g_str_equal (restrict_userns, "1") || getuid () == 0)
    return FALSE;
  g_autofree char *label = read_value ("/proc/self/attr/apparmor/current");
  if (label == NULL)
    label = read_value ("/proc/self/attr/current");
  return label == NULL || g_str_has_prefix (label, "unconfined");
}

#ifndef __SANITIZE_ADDRESS__
static int
probe_entry (void *unused)
{
  (void) unused;
  _exit (0);
}
#endif

char *
sbox_doctor_userns_blocked (gboolean try_clone)
{
  if (apparmor_restricts_userns ())
    return g_strdup ("AppArmor restricts unprivileged user namespaces "
                     "(kernel.apparmor_restrict_unprivileged_userns=1) and sbox runs without its "
                     "profile: install etc/apparmor.d/sbox (configure --enable-apparmor) and "
                     "reload AppArmor");
  /* Every start may ask: the child shares the caller's memory and exits at
   * once, so no page table is copied. clone rather than clone3: a filter
   * can check its flags, and the launcher falls back to it. */
  if (!try_clone)
    return NULL;
#ifdef __SANITIZE_ADDRESS__
  /* AddressSanitizer cannot follow a switch to another stack. */
  fflush (NULL);
  pid_t pid = sbox_ns_clone (sbox_ns_clone_flags (SBOX_NS_USER), NULL, NULL);
  if (pid == 0)
    _exit (0);
#else
  static char stack[16 * 1024] __attribute__ ((aligned (16)));
  pid_t pid = clone (probe_entry, stack + sizeof stack,
                     CLONE_VM | CLONE_VFORK | CLONE_NEWUSER | SIGCHLD, NULL);
#endif
  if (pid < 0 && errno != EPERM && errno != EACCES && errno != ENOSPC && errno != EINVAL
      && errno != ENOSYS)
    return NULL; /* EAGAIN, ENOMEM: transient; the launcher's own clone will say */
  if (pid < 0)
    {
      int err = errno;
      char *reason = reason_text (err);
      return reason
                 ? reason
                 : g_strdup_printf ("clone with a new user namespace fails: %s", g_strerror (err));
    }
  while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
    ;
  return NULL;
}

static int failures;

static void
report (const char *status, const char *what, const char *detail)
{
  printf ("%-4s %-22s %s\n", status, what, detail);
  if (g_str_equal (status, "FAIL"))
    failures++;
}

/* The very call the launcher makes, with every namespace a sandbox can
 * ask for: a filter that answers clone3 or one flag differently shows. */
static void
probe_userns (void)
{
  gboolean used_clone = FALSE;
  unsigned long flags = sbox_ns_clone_flags (SBOX_NS_USER | SBOX_NS_MOUNT | SBOX_NS_PID
                                             | SBOX_NS_IPC | SBOX_NS_UTS | SBOX_NS_CGROUP
                                             | SBOX_NS_NET);
  fflush (NULL);
  pid_t pid = sbox_ns_clone (flags, NULL, &used_clone);
  if (pid == 0)
    _exit (0);
  if (pid < 0)
    {
      int err = errno;
      g_autofree char *reason = sbox_doctor_userns_reason (err);
      const char *call = used_clone ? "clone3 is ENOSYS, clone" : "clone3";
      g_autofree char *detail = reason ? g_strdup_printf ("%s (%s: %s)", reason, call,
                                                          g_strerror (err))
                                       : g_strdup_printf ("%s with a new user namespace: %s", call,
                                                          g_strerror (err));
      report ("FAIL", "user namespaces", detail);
      return;
    }
  while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
    ;
  report ("OK", "user namespaces",
          used_clone ? "clone3 is ENOSYS (a seccomp filter): sbox creates its namespaces with "
                       "clone instead"
                     : "unprivileged user namespaces can be created (clone3)");
}

/* Which mode a sandbox gets here, why, and what else says a container or
 * a sandbox is around this process. */
static void
probe_mode (const SboxConfig *config)
{
  g_autofree char *blocked = sbox_doctor_userns_blocked (TRUE);
  g_autofree char *status = NULL;
  g_autofree char *seccomp = NULL;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *field = strstr (status, "\nSeccomp:");
      if (field)
        seccomp = g_strndup (field + 9, strcspn (field + 9, "\n"));
    }
  if (seccomp && g_strstrip (seccomp) && g_str_equal (seccomp, "2"))
    report ("INFO", "seccomp around sbox",
            "this process already runs under a seccomp filter (a container runtime, a "
            "sandbox, or sbox itself): it may deny user namespaces");
  static const char *const markers[] = { "/.flatpak-info", "/.dockerenv", "/run/.containerenv" };
  for (gsize i = 0; i < G_N_ELEMENTS (markers); i++)
    if (access (markers[i], F_OK) == 0)
      {
        g_autofree char *detail = g_strdup_printf ("%s exists: running inside a %s", markers[i],
                                                   i == 0 ? "Flatpak sandbox" : "container");
        report ("INFO", "container", detail);
      }
  if (blocked == NULL)
    {
      report ("OK", "mode", "full sandbox (user namespace, mounts, private /tmp and /proc)");
      return;
    }
  g_autofree char *detail = g_strdup_printf (
      "no user namespace here (%s); %s", blocked,
      g_str_equal (config->fallback, "confine")
          ? "sbox runs in confinement mode (Landlock, seccomp and limits, no namespaces; "
            "sbox.conf Fallback=confine)"
      : config->fallback_forbidden_by
          ? "sbox refuses to start: the confinement mode is forbidden by the administrator's "
            "Fallback=refuse"
          : "sbox refuses to start (Fallback=refuse): --fallback=confine or Fallback=confine in "
            "sbox.conf runs it confined by Landlock, seccomp and limits only");
  report ("WARN", "mode", detail);
}

static void
probe_landlock (void)
{
  int abi = sbox_landlock_abi ();
  g_autofree char *detail = g_strdup_printf (
      "ABI %d%s", abi,
      abi >= 6   ? ": filesystem rules, abstract unix socket and signal scoping"
      : abi >= 1 ? ": filesystem rules only (abstract sockets need ABI 6; a shared network "
                   "then reaches the host's abstract sockets)"
                 : "");
  if (abi >= 6)
    report ("OK", "landlock", detail);
  else
    report ("WARN", "landlock",
            abi ? detail : "not offered: enable CONFIG_SECURITY_LANDLOCK and lsm=landlock,…");
}

static void
probe_seccomp (void)
{
  g_autofree char *actions = read_value ("/proc/sys/kernel/seccomp/actions_avail");
  if (actions == NULL)
    report ("FAIL", "seccomp", "no seccomp filter support in this kernel");
  else if (strstr (actions, "user_notif") == NULL)
    report ("WARN", "seccomp", "filters work; no user notification, so --learn cannot run");
  else
    report ("OK", "seccomp", "filters and user notification (--learn)");
}

static void
probe_cgroup (void)
{
  g_autofree char *dir = sbox_cgroup_delegated ();
  if (dir)
    {
      g_autofree char *detail = g_strdup_printf ("delegated cgroup v2 at %s", dir);
      report ("OK", "cgroup limits", detail);
    }
  else
    report ("WARN", "cgroup limits",
            "no delegated cgroup v2: --memory/--pids fall back to rlimits, --cpus is not "
            "enforced; run under `systemd-run --user --scope`");
}

static void
probe_socket (const char *what, const char *path)
{
  struct stat st;
  if (path && stat (path, &st) == 0 && S_ISSOCK (st.st_mode))
    {
      g_autofree char *detail = g_strdup_printf ("%s", path);
      report ("OK", what, detail);
    }
  else
    {
      g_autofree char *detail = g_strdup_printf ("none found%s%s (the door stays closed)",
                                                 path ? " at " : "", path ? path : "");
      report ("WARN", what, detail);
    }
}

/* What Network=isolated needs (pasta, a usable /dev/net/tun) and what
 * Network=none and filtered lean on (Landlock's TCP rules, ABI 4). */
static void
probe_network (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (SboxPasta) pasta = { .lifeline = -1 };
  if (getuid () == 0)
    report ("INFO", "network isolated",
            "not offered to root callers (pasta cannot join a "
            "sandbox root makes)");
  else if (sbox_pasta_check (&pasta, &error))
    {
      g_autofree char *detail = g_strdup_printf ("%s, /dev/net/tun usable", pasta.program);
      report ("OK", "network isolated", detail);
    }
  else
    report ("WARN", "network isolated", error->message);
  if (sbox_landlock_abi () >= 4)
    report ("OK", "network filtered", "the proxy outside; Landlock limits TCP to its forwarder");
  else
    report ("WARN", "network filtered",
            "Landlock below ABI 4: no second wall behind the namespace (TCP to the forwarder "
            "only, Network=none's TCP refusal)");
}

/* sbox-trace beside this sbox (the build tree's helpers/, or bindir), a
 * kernel with BTF, and whether this caller may load its programs. */
static void
probe_trace (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : g_strdup (SBOX_BINDIR);
  g_autofree char *beside = g_build_filename (dir, "sbox-trace", NULL);
  g_autofree char *in_tree = g_build_filename (dir, "..", "helpers", "sbox-trace", NULL);
  g_autofree char *installed = g_build_filename (SBOX_BINDIR, "sbox-trace", NULL);
  const char *tracer = access (beside, X_OK) == 0      ? beside
                       : access (in_tree, X_OK) == 0   ? in_tree
                       : access (installed, X_OK) == 0 ? installed
                                                       : NULL;
  if (tracer == NULL)
    report ("INFO", "tracing",
            "sbox-trace is not installed (built when libbpf, clang, llvm and bpftool are "
            "present)");
  else if (access ("/sys/kernel/btf/vmlinux", R_OK) != 0)
    report ("WARN", "tracing",
            "this kernel has no BTF (/sys/kernel/btf/vmlinux): sbox-trace cannot run");
  else
    {
      g_autofree char *detail = g_strdup_printf ("%s; this kernel has BTF%s", tracer,
                                                 geteuid () == 0
                                                     ? ""
                                                     : "; it needs root (CAP_BPF and CAP_PERFMON)");
      report ("OK", "tracing", detail);
    }
}

int
sbox_doctor_run (const char *const *envp)
{
  failures = 0;
  probe_userns ();
  probe_landlock ();
  probe_seccomp ();
  probe_cgroup ();
  g_auto (SboxConfig) config = { 0 };
  g_autoptr (GError) error = NULL;
  if (sbox_config_load (envp, &config, &error))
    report ("OK", "configuration", "sbox.conf files are valid");
  else
    report ("FAIL", "configuration", error->message);
  probe_mode (&config);
  probe_network ();
  probe_trace ();
  if (access (config.dbus_proxy, X_OK) == 0)
    report ("OK", "xdg-dbus-proxy", config.dbus_proxy);
  else
    {
      g_autofree char *text = g_strdup_printf (
          "not found at %s: bus policies cannot work (Debian package xdg-dbus-proxy)",
          config.dbus_proxy);
      report ("WARN", "xdg-dbus-proxy", text);
    }

  const char *runtime = g_environ_getenv ((char **) envp, "XDG_RUNTIME_DIR");
  const char *bus = g_environ_getenv ((char **) envp, "DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *bus_path = bus && g_str_has_prefix (bus, "unix:path=")
                                  ? g_strndup (bus + 10, strcspn (bus + 10, ","))
                                  : (runtime ? g_build_filename (runtime, "bus", NULL) : NULL);
  probe_socket ("session bus", bus_path);
  int display = sbox_x11_display_number (g_environ_getenv ((char **) envp, "DISPLAY"));
  g_autofree char *x11 = display >= 0 ? g_strdup_printf ("/tmp/.X11-unix/X%d", display) : NULL;
  probe_socket ("X11 display", x11);
  const char *wayland = g_environ_getenv ((char **) envp, "WAYLAND_DISPLAY");
  g_autofree char *wayland_path = runtime ? g_build_filename (runtime,
                                                              wayland ? wayland : "wayland-0", NULL)
                                          : NULL;
  probe_socket ("Wayland compositor", wayland_path);
  g_autofree char *pulse = runtime ? g_build_filename (runtime, "pulse", "native", NULL) : NULL;
  probe_socket ("PulseAudio", pulse);
  return failures ? 1 : 0;
}
