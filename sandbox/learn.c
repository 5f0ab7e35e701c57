/* learn.c — learn mode. The command runs under one more seccomp filter whose
 * answer for everything but a small baseline is "ask the supervisor"; sbox,
 * outside the sandbox, records the syscall and any absolute path it names
 * that the sandbox cannot see, then lets the call continue unchanged. Paths
 * are reported, never granted. Costs 10-50 µs per notified call. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "error.h"
#include "learn.h"

#define MAX_SUGGESTIONS 200

struct SboxLearn
{
  const SboxPlan *plan;
  int listener;
  struct seccomp_notif *req;
  struct seccomp_notif_resp *resp;
  GHashTable *syscalls; /* name → itself */
  GHashTable *paths;    /* host paths the sandbox looked for and could not see */
  GHashTable *doors;    /* "shared=network", "sockets=x11"… → why (sbox's own words) */
};

/* Which argument of a call is a path (x86_64 numbering via names). */
static const struct
{
  const char *name;
  int arg;
} path_args[] = {
  { "open", 0 },       { "openat", 1 },     { "openat2", 1 }, { "stat", 0 },
  { "lstat", 0 },      { "newfstatat", 1 }, { "statx", 1 },   { "access", 0 },
  { "faccessat", 1 },  { "faccessat2", 1 }, { "execve", 0 },  { "readlink", 0 },
  { "readlinkat", 1 }, { "chdir", 0 },      { "opendir", 0 },
};

SboxLearn *
sbox_learn_new (const SboxPlan *plan)
{
  SboxLearn *learn = g_new0 (SboxLearn, 1);
  learn->plan = plan;
  learn->listener = -1;
  learn->syscalls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  learn->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  learn->doors = g_hash_table_new (g_str_hash, g_str_equal);
  seccomp_notify_alloc (&learn->req, &learn->resp);
  return learn;
}

void
sbox_learn_free (SboxLearn *learn)
{
  if (learn == NULL)
    return;
  if (learn->listener >= 0)
    close (learn->listener);
  seccomp_notify_free (learn->req, learn->resp);
  g_hash_table_unref (learn->syscalls);
  g_hash_table_unref (learn->paths);
  g_hash_table_unref (learn->doors);
  g_free (learn);
}

void
sbox_learn_set_listener (SboxLearn *learn, int fd)
{
  if (learn->listener >= 0)
    close (learn->listener);
  learn->listener = fd;
}

int
sbox_learn_listener (SboxLearn *learn)
{
  return learn->listener;
}

/* Read up to size bytes from the stopped process; how many, or -1. */
static ssize_t
read_remote (pid_t pid, guint64 address, void *buf, gsize size)
{
  char mem[64];
  snprintf (mem, sizeof mem, "/proc/%d/mem", (int) pid);
  int fd = open (mem, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = pread (fd, buf, size, (off_t) address);
  close (fd);
  return n;
}

/* Read a NUL-terminated string from the stopped process. */
static gboolean
read_remote_string (pid_t pid, guint64 address, char *buf, gsize size)
{
  ssize_t n = read_remote (pid, address, buf, size - 1);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  return memchr (buf, '\0', (size_t) n) != NULL;
}

static gboolean
has_socket_door (const SboxPlan *plan, const char *name)
{
  for (guint i = 0; plan->sandbox.sockets && i < plan->sandbox.sockets->len; i++)
    if (g_str_equal (((SboxPlanItem *) g_ptr_array_index (plan->sandbox.sockets, i))->value, name))
      return TRUE;
  return FALSE;
}

/* The door behind a unix socket path the app tried (as the sandbox names
 * it), or NULL. Paths under /run/user/UID/ are matched after that prefix. */
const char *
sbox_learn_door_of_unix_path (const char *path)
{
  static const struct
  {
    const char *prefix;
    gboolean exact;
    const char *door;
  } known[] = {
    { "/tmp/.X11-unix/X", FALSE, "x11" },
    { "/run/dbus/system_bus_socket", TRUE, "system-bus" },
    { "/var/run/dbus/system_bus_socket", TRUE, "system-bus" },
    { "/run/cups/cups.sock", TRUE, "cups" },
    { "/run/pcscd/pcscd.comm", TRUE, "pcsc" },
    { "~/bus", TRUE, "session-bus" },
    { "~/wayland-", FALSE, "wayland" },
    { "~/pulse/native", TRUE, "pulseaudio" },
    { "~/pipewire-0", TRUE, "pipewire" },
    { "~/gnupg/S.gpg-agent", FALSE, "gpg-agent" },
  };
  const char *rest = NULL;
  if (g_str_has_prefix (path, "/run/user/"))
    {
      const char *p = path + strlen ("/run/user/");
      while (g_ascii_isdigit (*p))
        p++;
      if (p > path + strlen ("/run/user/") && *p == '/')
        rest = p + 1;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      const char *want = known[i].prefix;
      const char *have = path;
      if (want[0] == '~')
        {
          if (rest == NULL)
            continue;
          want += 2;
          have = rest;
        }
      if (known[i].exact ? g_str_equal (have, want) : g_str_has_prefix (have, want))
        return known[i].door;
    }
  return NULL;
}

/* connect/sendto to an address behind a closed door: remember which door.
 * Only sbox's own words are kept, never the address. */
static void
note_address (SboxLearn *learn, pid_t pid, guint64 address, guint64 length)
{
  struct sockaddr_storage sa = { 0 };
  if (address == 0 || length < sizeof (sa_family_t))
    return;
  gsize want = MIN (length, sizeof sa);
  if (read_remote (pid, address, &sa, want) != (ssize_t) want)
    return;
  const SboxPlan *plan = learn->plan;
  gboolean private_net = (plan->sandbox.namespaces & SBOX_NS_NET) != 0;
  if ((sa.ss_family == AF_INET || sa.ss_family == AF_INET6) && private_net)
    {
      guint16 port;
      gboolean loopback;
      if (sa.ss_family == AF_INET)
        {
          const struct sockaddr_in *in = (const struct sockaddr_in *) &sa;
          port = ntohs (in->sin_port);
          loopback = (ntohl (in->sin_addr.s_addr) >> 24) == 127;
        }
      else
        {
          const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) &sa;
          port = ntohs (in6->sin6_port);
          loopback = IN6_IS_ADDR_LOOPBACK (&in6->sin6_addr);
        }
      if (port == 53)
        g_hash_table_insert (learn->doors, "shared=network", "a DNS name lookup");
      else if (!loopback && !g_hash_table_contains (learn->doors, "shared=network"))
        g_hash_table_insert (learn->doors, "shared=network", "a connection to the network");
      return;
    }
  if (sa.ss_family != AF_UNIX)
    return;
  const struct sockaddr_un *un = (const struct sockaddr_un *) &sa;
  gsize max = want - offsetof (struct sockaddr_un, sun_path);
  if (max == 0 || max > sizeof un->sun_path)
    return;
  /* Abstract names (leading NUL) are read the same way: X11 has one. */
  gboolean abstract = un->sun_path[0] == '\0';
  g_autofree char *path = g_strndup (un->sun_path + abstract, max - abstract);
  const char *door = sbox_learn_door_of_unix_path (path);
  if (door == NULL || has_socket_door (plan, door))
    return;
  if (!abstract)
    {
      struct stat st;
      g_autofree char *inside = g_strdup_printf ("/proc/%d/root%s", (int) pid, path);
      if (lstat (inside, &st) == 0)
        return;
    }
  else if (!private_net)
    return; /* the host's abstract sockets are reachable: not a closed door */
  g_autofree char *key = g_strconcat ("sockets=", door, NULL);
  if (!g_hash_table_contains (learn->doors, key))
    g_hash_table_insert (learn->doors, (char *) g_intern_string (key),
                         "a connection to its socket");
}

/* A path the app wanted that exists on the host but not in its view. */
static void
note_path (SboxLearn *learn, pid_t pid, const char *path)
{
  if (path[0] != '/' || g_hash_table_size (learn->paths) >= MAX_SUGGESTIONS
      || g_str_has_prefix (path, "/proc/") || g_str_has_prefix (path, "/sys/")
      || g_str_has_prefix (path, "/dev/") || g_hash_table_contains (learn->paths, path))
    return;
  struct stat st;
  g_autofree char *inside = g_strdup_printf ("/proc/%d/root%s", (int) pid, path);
  if (lstat (inside, &st) == 0 || lstat (path, &st) != 0)
    return;
  g_hash_table_add (learn->paths, g_strdup (path));
}

gboolean
sbox_learn_handle (SboxLearn *learn)
{
  memset (learn->req, 0, sizeof *learn->req); /* the kernel wants it zeroed */
  if (seccomp_notify_receive (learn->listener, learn->req) != 0)
    return errno == EINTR || errno == ENOENT; /* ENOENT: the caller died meanwhile */

  const struct seccomp_data *data = &learn->req->data;
  char *name = seccomp_syscall_resolve_num_arch (data->arch, data->nr);
  if (name)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (path_args); i++)
        if (g_str_equal (path_args[i].name, name))
          {
            char path[4096];
            if (read_remote_string ((pid_t) learn->req->pid, data->args[path_args[i].arg], path,
                                    sizeof path)
                && seccomp_notify_id_valid (learn->listener, learn->req->id) == 0)
              note_path (learn, (pid_t) learn->req->pid, path);
          }
      gboolean connects = g_str_equal (name, "connect");
      if ((connects || g_str_equal (name, "sendto"))
          && seccomp_notify_id_valid (learn->listener, learn->req->id) == 0)
        note_address (learn, (pid_t) learn->req->pid, data->args[connects ? 1 : 4],
                      data->args[connects ? 2 : 5]);
      if (!g_hash_table_contains (learn->syscalls, name))
        g_hash_table_add (learn->syscalls, name);
      else
        free (name);
    }

  memset (learn->resp, 0, sizeof *learn->resp);
  learn->resp->id = learn->req->id;
  learn->resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  seccomp_notify_respond (learn->listener, learn->resp);
  return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

/* A path the program chose goes into the fragment only if it cannot change
 * the fragment's meaning once uncommented: no control characters (a newline
 * would start a live line), nothing the profile language reads as syntax
 * (';' separates entries, ':' starts a mode, '!' revokes, '$' and '~'
 * expand, '\\' escapes, '#' comments) and no '..'. */
gboolean
sbox_learn_path_fits_fragment (const char *path)
{
  if (!g_utf8_validate (path, -1, NULL) || strstr (path, "/../") || g_str_has_suffix (path, "/.."))
    return FALSE;
  for (const char *c = path; *c; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f || strchr (";:!$~\\#[]=\"'`", *c))
      return FALSE;
  return TRUE;
}

/* Every line sbox writes is a comment, a section it names, or its own list of
 * syscall names; checked once more before the file is written, so a mistake
 * above can never turn program-chosen text into a live line. */
gboolean
sbox_learn_fragment_is_inert (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **line = lines; *line; line++)
    {
      const char *l = *line;
      if (l[0] == '\0' || l[0] == '#' || g_str_equal (l, "[Sandbox]")
          || g_str_equal (l, "[Context]"))
        continue;
      if (!g_str_has_prefix (l, "SeccompAllow="))
        return FALSE;
      for (const char *c = l + strlen ("SeccompAllow="); *c; c++)
        if (!g_ascii_isalnum (*c) && *c != '_' && *c != ';')
          return FALSE;
    }
  return TRUE;
}

/* ~/x for paths in the home, as a profile would write them. */
static char *
profile_path (const SboxPlan *plan, const char *path)
{
  gsize len = strlen (plan->sandbox.home);
  if (strncmp (path, plan->sandbox.home, len) == 0 && path[len] == '/')
    return g_strconcat ("~", path + len, NULL);
  return g_strdup (path);
}

/* Doors the run reached for that are closed, as commented lines: one key
 * per line (sockets= joined), for the same reason as filesystems=. */
static void
append_doors (SboxLearn *learn, GString *fragment)
{
  if (g_hash_table_size (learn->doors) == 0)
    return;
  g_autoptr (GPtrArray) keys = sorted_keys (learn->doors);
  g_autoptr (GString) sockets = g_string_new (NULL);
  g_string_append (fragment, "# Doors the run reached for that are closed here; if it failed, one "
                             "of\n# these may be why (uncomment what the app needs):\n");
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *why = g_hash_table_lookup (learn->doors, key);
      if (g_str_has_prefix (key, "sockets="))
        {
          g_string_append_printf (fragment, "#   %s: %s\n", key + strlen ("sockets="), why);
          g_string_append_printf (sockets, "%s%s", sockets->len ? ";" : "",
                                  key + strlen ("sockets="));
        }
      else
        g_string_append_printf (fragment, "# %s: %s\n#%s\n", key, why, key);
    }
  if (sockets->len > 0)
    g_string_append_printf (fragment, "#sockets=%s\n", sockets->str);
  g_string_append (fragment, "\n");
}

/* The same doors on stderr, one line: a failed run says what it missed. */
static void
report_doors (SboxLearn *learn)
{
  if (g_hash_table_size (learn->doors) == 0)
    return;
  g_autoptr (GPtrArray) keys = sorted_keys (learn->doors);
  g_autoptr (GString) text = g_string_new (NULL);
  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (text, "%s%s (%s)", i ? ", " : "", (char *) g_ptr_array_index (keys, i),
                            (char *) g_hash_table_lookup (learn->doors,
                                                          g_ptr_array_index (keys, i)));
  fprintf (stderr, "sbox: --learn: the run reached for closed doors: %s; see %s\n", text->str,
           learn->plan->run.learn_output);
}

gboolean
sbox_learn_write (SboxLearn *learn, GError **error)
{
  const SboxPlan *plan = learn->plan;
  /* Never notified, yet under the same filter: sbox's own init (PID 1)
   * and the command's last steps before the supervisor listens. */
  static const char *const baseline[] = {
    "sendmsg", "recvmsg", "close",        "execve",         "exit",         "exit_group",
    "clone",   "wait4",   "poll",         "read",           "write",        "kill",
    "madvise", "prctl",   "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "signalfd4",
    "setsid",  "setpgid", "getpgid",      "ioctl",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (baseline); i++)
    if (!g_hash_table_contains (learn->syscalls, baseline[i]))
      g_hash_table_add (learn->syscalls, g_strdup (baseline[i]));

  g_autoptr (GPtrArray) names = sorted_keys (learn->syscalls);
  g_autoptr (GPtrArray) paths = sorted_keys (learn->paths);
  GString *list = g_string_new ("# System calls seen by sbox --learn; for Seccomp=FILE.\n");
  GString *fragment = g_string_new (NULL);
  g_string_append (fragment, "# Written by sbox --learn from:");
  for (guint i = 0; i < plan->run.argv->len; i++)
    {
      /* The command line may hold anything: escaped to one line. */
      g_autofree char *escaped = g_strescape (g_ptr_array_index (plan->run.argv, i), NULL);
      g_autofree char *quoted = g_shell_quote (escaped);
      g_string_append_printf (fragment, " %s", quoted);
    }
  g_string_append (fragment, "\n# Review before use: it lists what one run did, nothing more.\n\n"
                             "[Sandbox]\n# With Seccomp=strict these extend the allowlist; or use\n"
                             "# Seccomp=");
  g_string_append_printf (fragment, "%s.syscalls to allow exactly these.\nSeccompAllow=",
                          plan->run.learn_output);
  for (guint i = 0; i < names->len; i++)
    {
      g_string_append_printf (fragment, "%s;", (char *) g_ptr_array_index (names, i));
      g_string_append_printf (list, "%s\n", (char *) g_ptr_array_index (names, i));
    }
  g_string_append (fragment, "\n\n[Context]\n");
  append_doors (learn, fragment);
  g_string_append (fragment,
                   "# Paths the run looked for outside its view. They were not granted.\n");
  g_autoptr (GString) entries = g_string_new (NULL);
  guint left_out = 0;
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      if (!sbox_learn_path_fits_fragment (path))
        {
          left_out++;
          continue;
        }
      g_autofree char *entry = profile_path (plan, path);
      g_string_append_printf (entries, "%s:ro;", entry);
    }
  /* One key holding them all: a key file keeps only the last of two
   * filesystems= lines (and sbox refuses duplicate keys). */
  if (entries->len > 0)
    g_string_append_printf (fragment,
                            "# To grant some, uncomment this one line and delete the entries the "
                            "app\n# does not need (entries are separated by ';'):\n"
                            "#filesystems=%s\n",
                            entries->str);
  else
    g_string_append (fragment, "# (none)\n");
  if (left_out > 0)
    g_string_append_printf (fragment,
                            "# %u more path(s) left out: their names hold control characters or "
                            "profile syntax.\n",
                            left_out);

  if (!sbox_learn_fragment_is_inert (fragment->str))
    {
      g_string_free (fragment, TRUE);
      g_string_free (list, TRUE);
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                   "--learn: the fragment would hold a line sbox did not mean to write; "
                   "nothing written to %s",
                   plan->run.learn_output);
      return FALSE;
    }

  g_autofree char *list_path = g_strconcat (plan->run.learn_output, ".syscalls", NULL);
  g_autofree char *fragment_text = g_string_free (fragment, FALSE);
  g_autofree char *list_text = g_string_free (list, FALSE);
  if (!g_file_set_contents (plan->run.learn_output, fragment_text, -1, error)
      || !g_file_set_contents (list_path, list_text, -1, error))
    {
      g_prefix_error (error, "--learn: ");
      return FALSE;
    }
  report_doors (learn);
  return TRUE;
}
