/* trace-record.c — gathers what the BPF side reports into tables: one
 * entry per path, address, signal and namespace call, with counts and
 * results, and the per-call counters. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "trace-record.h"

/* The program chooses every name: a bound on what the tables keep, so
 * that a flood of distinct paths cannot grow sbox-trace without end. */
#define MAX_PATHS 200000
#define MAX_ITEMS 20000

static void
path_free (TracePath *p)
{
  g_free (p->path);
  g_free (p->call);
  g_free (p);
}

static void
item_free (TraceItem *i)
{
  g_free (i->call);
  g_free (i->what);
  g_free (i);
}

SboxTrace *
sbox_trace_new (void)
{
  SboxTrace *trace = g_new0 (SboxTrace, 1);
  trace->paths = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) path_free);
  trace->execs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  trace->sockets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) item_free);
  trace->signals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) item_free);
  trace->ns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) item_free);
  trace->landlock = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) item_free);
  trace->argv = g_ptr_array_new_with_free_func (g_free);
  trace->exit_status = -1;
  return trace;
}

void
sbox_trace_free (SboxTrace *trace)
{
  if (trace == NULL)
    return;
  g_hash_table_unref (trace->paths);
  g_hash_table_unref (trace->execs);
  g_hash_table_unref (trace->sockets);
  g_hash_table_unref (trace->signals);
  g_hash_table_unref (trace->ns);
  g_hash_table_unref (trace->landlock);
  g_free (trace->landlock_note);
  g_ptr_array_unref (trace->argv);
  g_free (trace);
}

/* libseccomp's lookup walks a table: done once per number. */
static const char *
native_name (guint nr)
{
  static char *names[SBOX_TRACE_NR_SLOTS];
  static gboolean looked_up[SBOX_TRACE_NR_SLOTS];
  if (nr >= SBOX_TRACE_NR_SLOTS)
    return NULL;
  if (!looked_up[nr])
    {
      char *name = seccomp_syscall_resolve_num_arch (SCMP_ARCH_X86_64, (int) nr);
      names[nr] = name ? g_strdup (name) : NULL;
      free (name);
      looked_up[nr] = TRUE;
    }
  return names[nr];
}

char *
sbox_trace_syscall_name (int arch, guint nr)
{
  if (arch == SBOX_TRACE_ARCH_NATIVE)
    return g_strdup (native_name (nr));
  static const uint32_t arches[SBOX_TRACE_ARCHES] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86,
                                                      SCMP_ARCH_X32 };
  if (arch < 0 || arch >= SBOX_TRACE_ARCHES)
    return NULL;
  int number = (int) nr;
  if (arch == SBOX_TRACE_ARCH_X32)
    number |= 0x40000000;
  char *name = seccomp_syscall_resolve_num_arch (arches[arch], number);
  if (name == NULL)
    return NULL;
  char *copy = g_strdup (name);
  free (name);
  return copy;
}

/* The text the BPF side copied, as a string whatever it holds. */
static char *
event_text (const struct sbox_trace_event *ev)
{
  gsize length = MIN (ev->length, sizeof ev->data);
  const char *end = memchr (ev->data, '\0', length);
  return g_strndup (ev->data, end ? (gsize) (end - ev->data) : length);
}

/* "a/./b/../c" → "a/c", "//" → "/": names only, as the program wrote them
 * (a ".." past a symbolic link may name another place; rare in practice). */
static char *
normalize (const char *path)
{
  if (path[0] == '/' && !strstr (path, "//") && !strstr (path, "/.")
      && (path[1] == '\0' || !g_str_has_suffix (path, "/")))
    return g_strdup (path);
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  for (char **p = parts; *p; p++)
    {
      if (**p == '\0' || g_str_equal (*p, "."))
        continue;
      if (g_str_equal (*p, ".."))
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, *p);
    }
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < kept->len; i++)
    g_string_append_printf (out, "/%s", (char *) g_ptr_array_index (kept, i));
  if (out->len == 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

/* The event's path: the name the program gave, joined to the directory
 * the kernel resolved it from when it was relative, or the opened file's
 * own name. *resolved says whether the result is absolute in the
 * sandbox's view. */
static char *
event_path (const struct sbox_trace_event *ev, gboolean *resolved)
{
  gsize size = sizeof ev->data;
  gsize first = MIN ((gsize) ev->length, size);
  g_autofree char *given = event_text (ev);
  *resolved = FALSE;
  guint parts = ev->parts & ~SBOX_TRACE_TRUNCATED;
  gboolean whole = (ev->parts & SBOX_TRACE_TRUNCATED) == 0;
  if (given[0] == '/' || (parts == 0 && !whole) || (parts == 0 && ev->kind == SBOX_TRACE_EV_PATH))
    {
      *resolved = given[0] == '/';
      return *resolved ? normalize (given) : g_steal_pointer (&given);
    }
  g_auto (GStrv) names = g_new0 (char *, parts + 1);
  guint found = 0;
  for (gsize at = first; found < parts && at < size; found++)
    {
      gsize len = strnlen (ev->data + at, size - at);
      names[found] = g_strndup (ev->data + at, len);
      at += len + 1;
    }
  GString *base = g_string_new (whole ? "" : "...");
  for (guint i = found; i > 0; i--)
    g_string_append_printf (base, "/%s", names[i - 1]);
  if (base->len == 0)
    g_string_append_c (base, '/');
  if (given[0] != '\0')
    g_string_append_printf (base, "/%s", given);
  g_autofree char *joined = g_string_free (base, FALSE);
  *resolved = whole;
  return whole ? normalize (joined) : g_steal_pointer (&joined);
}

static gboolean
call_writes (const char *call, guint64 flags)
{
  static const char *const writing[] = {
    "creat",     "mkdir",    "mkdirat",   "rmdir",    "unlink",    "unlinkat",
    "rename",    "renameat", "renameat2", "link",     "linkat",    "symlink",
    "symlinkat", "mknod",    "mknodat",   "chmod",    "fchmodat",  "fchmodat2",
    "chown",     "lchown",   "fchownat",  "truncate", "utimensat",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (writing); i++)
    if (g_str_equal (call, writing[i]))
      return TRUE;
  if (g_str_equal (call, "open") || g_str_equal (call, "openat") || g_str_equal (call, "openat2"))
    return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
  return FALSE;
}

static void
add_path (SboxTrace *trace, const char *call, char *path, long long ret, guint64 flags,
          gboolean resolved)
{
  if (path[0] == '\0')
    {
      g_free (path);
      return;
    }
  TracePath *p = g_hash_table_lookup (trace->paths, path);
  if (p == NULL && g_hash_table_size (trace->paths) >= MAX_PATHS)
    {
      trace->not_kept++;
      g_free (path);
      return;
    }
  if (p == NULL)
    {
      p = g_new0 (TracePath, 1);
      p->path = path;
      p->call = g_strdup (call);
      p->relative = path[0] != '/';
      g_hash_table_insert (trace->paths, p->path, p);
    }
  else
    g_free (path);
  p->count++;
  p->resolved |= resolved;
  p->relative = p->relative && !resolved;
  p->write |= call_writes (call, flags);
  if (ret >= 0)
    p->ok++;
  else
    {
      int err = (int) -ret;
      p->last_errno = err;
      if (err == EACCES || err == EPERM)
        {
          p->refused++;
          p->refused_errno = err;
        }
      else if (err == ENOENT || err == ENOTDIR)
        p->missing++;
      else
        p->other++;
    }
}

static TraceItem *
add_item (GHashTable *table, const char *call, const char *what, long long ret)
{
  g_autofree char *key = g_strdup_printf ("%s %s", call, what);
  TraceItem *item = g_hash_table_lookup (table, key);
  if (item == NULL && g_hash_table_size (table) >= MAX_ITEMS)
    return NULL;
  if (item == NULL)
    {
      item = g_new0 (TraceItem, 1);
      item->call = g_strdup (call);
      item->what = g_strdup (what);
      item->port = -1;
      g_hash_table_insert (table, g_steal_pointer (&key), item);
    }
  item->count++;
  if (ret >= 0)
    item->ok++;
  else
    item->last_errno = (int) -ret;
  return item;
}

static void
add_socket (SboxTrace *trace, const char *call, const struct sbox_trace_event *ev)
{
  struct sockaddr_storage sa = { 0 };
  gsize length = MIN (MIN ((gsize) ev->length, sizeof ev->data), sizeof sa);
  if (length < sizeof (sa_family_t))
    return;
  memcpy (&sa, ev->data, length);
  g_autofree char *what = NULL;
  gboolean loopback = FALSE;
  int port = -1;
  char text[INET6_ADDRSTRLEN] = "";
  switch (sa.ss_family)
    {
    case AF_INET:
      {
        const struct sockaddr_in *in = (const struct sockaddr_in *) &sa;
        inet_ntop (AF_INET, &in->sin_addr, text, sizeof text);
        port = ntohs (in->sin_port);
        loopback = (ntohl (in->sin_addr.s_addr) >> 24) == 127;
        what = g_strdup_printf ("inet %s:%d", text, port);
        break;
      }
    case AF_INET6:
      {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) &sa;
        inet_ntop (AF_INET6, &in6->sin6_addr, text, sizeof text);
        port = ntohs (in6->sin6_port);
        loopback = IN6_IS_ADDR_LOOPBACK (&in6->sin6_addr)
                   || (IN6_IS_ADDR_V4MAPPED (&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127);
        what = g_strdup_printf ("inet6 [%s]:%d", text, port);
        break;
      }
    case AF_UNIX:
      {
        const struct sockaddr_un *un = (const struct sockaddr_un *) &sa;
        gsize max = length - offsetof (struct sockaddr_un, sun_path);
        if (max == 0)
          what = g_strdup ("unix (unnamed)");
        else if (un->sun_path[0] == '\0')
          what = g_strdup_printf ("unix @%.*s", (int) max - 1, un->sun_path + 1);
        else
          what = g_strdup_printf ("unix %.*s", (int) strnlen (un->sun_path, max), un->sun_path);
        break;
      }
    case AF_NETLINK:
      what = g_strdup ("netlink");
      break;
    case AF_UNSPEC:
      return; /* connect(AF_UNSPEC) dissolves an association */
    default:
      what = g_strdup_printf ("family %d", sa.ss_family);
      break;
    }
  TraceItem *item = add_item (trace->sockets, call, what, ev->ret);
  if (item == NULL)
    {
      trace->not_kept++;
      return;
    }
  item->family = sa.ss_family;
  item->loopback = loopback;
  item->port = port;
}

static const char *
signal_name (int sig)
{
  if (sig == 0)
    return "0";
  const char *abbrev = sigabbrev_np (sig);
  return abbrev ? abbrev : "?";
}

static char *
clone_flags_text (guint64 flags)
{
  static const struct
  {
    guint64 bit;
    const char *name;
  } names[] = {
    { CLONE_NEWNS, "CLONE_NEWNS" },     { CLONE_NEWCGROUP, "CLONE_NEWCGROUP" },
    { CLONE_NEWUTS, "CLONE_NEWUTS" },   { CLONE_NEWIPC, "CLONE_NEWIPC" },
    { CLONE_NEWUSER, "CLONE_NEWUSER" }, { CLONE_NEWPID, "CLONE_NEWPID" },
    { CLONE_NEWNET, "CLONE_NEWNET" },   { 0x80, "CLONE_NEWTIME" },
  };
  GString *text = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].bit)
      g_string_append_printf (text, "%s%s", text->len ? "|" : "", names[i].name);
  if (text->len == 0)
    g_string_append_printf (text, "0x%llx", (unsigned long long) flags);
  return g_string_free (text, FALSE);
}

void
sbox_trace_add_landlock (SboxTrace *trace, const char *blockers, const char *what)
{
  if (add_item (trace->landlock, blockers, what, -EACCES) == NULL)
    trace->not_kept++;
}

void
sbox_trace_add_event (SboxTrace *trace, const struct sbox_trace_event *ev)
{
  trace->events++;
  g_autofree char *call = NULL;
  if (ev->nr != (unsigned int) -1)
    call = sbox_trace_syscall_name (SBOX_TRACE_ARCH_NATIVE, ev->nr);
  if (call == NULL)
    call = g_strdup ("?");
  switch (ev->kind)
    {
    case SBOX_TRACE_EV_PATH:
    case SBOX_TRACE_EV_OPEN:
      {
        gboolean resolved = FALSE;
        char *path = event_path (ev, &resolved);
        add_path (trace, call, path, ev->ret, ev->arg, resolved);
        break;
      }
    case SBOX_TRACE_EV_EXEC:
      {
        char *program = event_text (ev);
        gpointer old = g_hash_table_lookup (trace->execs, program);
        g_hash_table_insert (trace->execs, program, GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
        break;
      }
    case SBOX_TRACE_EV_SOCKET:
      add_socket (trace, call, ev);
      break;
    case SBOX_TRACE_EV_SIGNAL:
      {
        g_autofree char *what = NULL;
        if (g_str_equal (call, "pidfd_send_signal"))
          what = g_strdup_printf ("pidfd %lld, SIG%s", (long long) ev->arg,
                                  signal_name ((int) ev->arg2));
        else
          what = g_strdup_printf ("%s %lld, SIG%s", g_str_equal (call, "kill") ? "pid" : "tid",
                                  (long long) (int) ev->arg, signal_name ((int) ev->arg2));
        if (add_item (trace->signals, call, what, ev->ret) == NULL)
          trace->not_kept++;
        break;
      }
    case SBOX_TRACE_EV_NS:
      {
        g_autofree char *what = NULL;
        if (g_str_equal (call, "unshare") || g_str_equal (call, "clone")
            || g_str_equal (call, "clone3"))
          what = clone_flags_text (ev->arg);
        else if (g_str_equal (call, "setns"))
          {
            g_autofree char *type = ev->arg2 ? clone_flags_text (ev->arg2) : g_strdup ("any");
            what = g_strdup_printf ("fd %d, %s", (int) ev->arg, type);
          }
        else if (g_str_equal (call, "fsmount"))
          what = g_strdup_printf ("fd %d", (int) ev->arg);
        else
          {
            g_autofree char *text = event_text (ev);
            what = g_strdup (text[0] ? text : "(no path)");
          }
        if (add_item (trace->ns, call, what, ev->ret) == NULL)
          trace->not_kept++;
        break;
      }
    default:
      break;
    }
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
sbox_trace_syscall_names (const SboxTrace *trace)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (guint nr = 0; nr < SBOX_TRACE_NR_SLOTS; nr++)
    if (trace->counts[SBOX_TRACE_ARCH_NATIVE][nr].calls > 0)
      {
        char *name = sbox_trace_syscall_name (SBOX_TRACE_ARCH_NATIVE, nr);
        if (name)
          g_ptr_array_add (names, name);
      }
  g_ptr_array_sort (names, compare_names);
  return names;
}

gboolean
sbox_trace_used_network (const SboxTrace *trace, gboolean *loopback_only)
{
  gboolean any_inet = FALSE, off_host = FALSE;
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, trace->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const TraceItem *item = value;
      if (item->family != AF_INET && item->family != AF_INET6)
        continue;
      any_inet = TRUE;
      if (!item->loopback && !g_str_equal (item->call, "bind"))
        off_host = TRUE;
    }
  if (loopback_only)
    *loopback_only = any_inet && !off_host;
  return off_host;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  const TracePath *x = *(TracePath *const *) a, *y = *(TracePath *const *) b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->path, y->path);
}

static int
compare_items (gconstpointer a, gconstpointer b)
{
  const TraceItem *x = *(TraceItem *const *) a, *y = *(TraceItem *const *) b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  int by_call = strcmp (x->call, y->call);
  return by_call ? by_call : strcmp (x->what, y->what);
}

static GPtrArray *
values_sorted (GHashTable *table, GCompareFunc compare)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (out, value);
  g_ptr_array_sort (out, compare);
  return out;
}

GPtrArray *
sbox_trace_sorted_paths (const SboxTrace *trace)
{
  return values_sorted (trace->paths, compare_paths);
}

GPtrArray *
sbox_trace_sorted_items (GHashTable *table)
{
  return values_sorted (table, compare_items);
}

GPtrArray *
sbox_trace_sorted_keys (GHashTable *table)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (out, key);
  g_ptr_array_sort (out, compare_names);
  return out;
}
