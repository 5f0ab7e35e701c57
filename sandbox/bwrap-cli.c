/* bwrap-cli.c — the bubblewrap-compatible front end: reads bwrap(1)'s
 * command line (options in order, --args FD read in place, --perms and
 * --size applying to the next operation) into a plan that holds exactly
 * what the caller asked for and nothing of sbox's policy: an empty root
 * tmpfs, the caller's environment, only the namespaces asked for (plus the
 * user and mount namespaces bwrap always makes unprivileged), no seccomp
 * or Landlock of sbox's own. Descriptors named by --args, --file,
 * --bind-data and --seccomp are read here and closed, as bwrap does.
 * Every option of bwrap 0.8–0.11 is taken; none is ignored. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bwrap-cli.h"
#include "error.h"

/* The nodes bwrap's --dev makes, bound from the host's /dev. */
static const char *const bwrap_dev_nodes[] = { "null",    "zero", "full", "random",
                                               "urandom", "tty",  NULL };

typedef struct
{
  SboxPlan *plan;
  GPtrArray *args; /* char*, owned; --args inserts its words in place */
  guint pos;
  guint file_end; /* args before this index came from an --args file */
  const char *cwd;
  gboolean perms_set;
  guint perms;
  guint64 size;
  gboolean unshare_pid;
  gboolean unshare_uts;
  gboolean as_pid_1;
  gboolean seccomp_single;
  gboolean seccomp_added;
  gboolean unshare_user;
  gboolean unshare_user_exact; /* --unshare-user itself, not only -try */
  gboolean unshare_user_try;
  SboxNamespaces ns;
  SboxBwrapCli *cli;
  GPtrArray *overlay_src; /* char*: --overlay-src layers for the next overlay */
} Parser;

void
sbox_bwrap_cli_clear (SboxBwrapCli *cli)
{
  g_clear_pointer (&cli->plan, sbox_plan_free);
}

gboolean
sbox_bwrap_cli_selected (const char *argv0)
{
  if (argv0 == NULL)
    return FALSE;
  const char *base = strrchr (argv0, '/');
  base = base ? base + 1 : argv0;
  return g_str_equal (base, "sbox-bwrap") || g_str_equal (base, "bwrap");
}

/* The option's n operands, or NULL with bwrap's message. */
static char **
operands (Parser *p, const char *option, guint n, GError **error)
{
  if (p->pos + n >= p->args->len)
    {
      if (n == 1)
        sbox_error_usage (error, "%s takes %s argument", option,
                          g_str_equal (option, "--chdir") || g_str_equal (option, "--argv0")
                              ? "one"
                              : "an");
      else
        sbox_error_usage (error, "%s takes %s arguments", option, n == 2 ? "two" : "three");
      return NULL;
    }
  char **out = (char **) &p->args->pdata[p->pos + 1];
  p->pos += n;
  return out;
}

static gboolean
parse_fd (const char *text, int *fd, GError **error)
{
  char *end = NULL;
  errno = 0;
  long value = strtol (text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < 0 || value > G_MAXINT)
    return sbox_error_usage (error, "Invalid fd: %s", text);
  *fd = (int) value;
  return TRUE;
}

static gboolean
parse_octal (const char *option, const char *text, guint *mode, GError **error)
{
  char *end = NULL;
  errno = 0;
  unsigned long value = strtoul (text, &end, 8);
  if (errno != 0 || end == text || *end != '\0' || value > 07777 || text[0] == '-')
    return sbox_error_usage (error, "%s takes an octal argument <= 07777", option);
  *mode = (guint) value;
  return TRUE;
}

static gboolean
parse_id (const char *what, const char *text, guint *id, GError **error)
{
  char *end = NULL;
  errno = 0;
  unsigned long value = strtoul (text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || value >= G_MAXUINT32)
    return sbox_error_usage (error, "Invalid %s: %s", what, text);
  *id = (guint) value;
  return TRUE;
}

/* Everything the descriptor holds, then closed (bwrap's --args, --file,
 * --bind-data and --seccomp consume theirs). */
static GBytes *
read_fd (int fd, const char *what, GError **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 buf[8192];
  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          sbox_error_usage (error, "Can't read %s: %s", what, g_strerror (errsv));
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (data, buf, (guint) n);
    }
  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* --args FD: NUL-separated words that stand where the option stood. */
static gboolean
insert_args (Parser *p, int fd, GError **error)
{
  g_autoptr (GBytes) bytes = read_fd (fd, "--args data", error);
  if (bytes == NULL)
    return FALSE;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  guint at = p->pos + 1;
  for (gsize start = 0; start < len;)
    {
      const char *nul = memchr (data + start, '\0', len - start);
      gsize end = nul ? (gsize) (nul - data) : len;
      g_ptr_array_insert (p->args, (gint) at++, g_strndup (data + start, end - start));
      start = end + 1;
    }
  p->file_end = at;
  return TRUE;
}

/* A destination inside: bwrap takes relative ones from the root. */
static char *
dest_path (const char *dest)
{
  g_autofree char *abs = g_str_has_prefix (dest, "/") ? g_strdup (dest)
                                                      : g_strconcat ("/", dest, NULL);
  char *path = g_canonicalize_filename (abs, "/");
  /* GLib keeps a leading "//" (POSIX leaves its meaning open); the kernel
   * takes it as "/". */
  if (g_str_has_prefix (path, "//"))
    memmove (path, path + 1, strlen (path));
  return path;
}

static SboxFsOp *
add_op (Parser *p, SboxFsKind kind, SboxFsFlags flags, const char *source, const char *dest)
{
  g_autofree char *inside = dest_path (dest);
  return sbox_sandbox_add_fs (&p->plan->sandbox, kind, flags, source, inside);
}

static char *fd_path (const char *text, GError **error);

static gboolean
add_bind (Parser *p, SboxFsKind kind, SboxFsFlags flags, const char *source, const char *dest,
          GError **error)
{
  /* A descriptor's magic link (Flatpak binds files it opened that way):
   * the executor opens sources without following those, so the path the
   * descriptor names, checked. */
  g_autofree char *by_fd = NULL;
  if (g_str_has_prefix (source, "/proc/self/fd/"))
    {
      by_fd = fd_path (source + strlen ("/proc/self/fd/"), error);
      if (by_fd == NULL)
        return FALSE;
      source = by_fd;
    }
  g_autofree char *inside = dest_path (dest);
  g_autofree char *host = g_path_is_absolute (source) ? g_strdup (source)
                                                      : g_build_filename (p->cwd, source, NULL);
  sbox_sandbox_add_fs (&p->plan->sandbox, kind, flags, host, inside);
  return TRUE;
}

static gboolean
add_data (Parser *p, const char *option, const char *fd_text, const char *dest, guint mode,
          SboxFsFlags flags, GError **error)
{
  int fd;
  if (!parse_fd (fd_text, &fd, error))
    return FALSE;
  g_autofree char *what = g_strdup_printf ("%s fd %d", option, fd);
  g_autoptr (GBytes) bytes = read_fd (fd, what, error);
  if (bytes == NULL)
    return FALSE;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  SboxFsOp *op = add_op (p, SBOX_FS_FILE, flags, NULL, dest);
  op->content = g_malloc (len + 1);
  if (len)
    memcpy (op->content, data, len);
  op->content[len] = '\0';
  op->content_len = len;
  op->mode = mode;
  return TRUE;
}

static gboolean
add_seccomp (Parser *p, const char *option, const char *fd_text, GError **error)
{
  int fd;
  if (!parse_fd (fd_text, &fd, error))
    return FALSE;
  gboolean single = g_str_equal (option, "--seccomp");
  if (single ? p->seccomp_added : p->seccomp_single)
    return sbox_error_usage (error, single ? "--seccomp cannot be combined with --add-seccomp-fd"
                                           : "--add-seccomp-fd cannot be combined with --seccomp");
  g_autofree char *what = g_strdup_printf ("%s fd %d", option, fd);
  GBytes *bytes = read_fd (fd, what, error);
  if (bytes == NULL)
    return FALSE;
  if (single) /* only the last one counts */
    g_ptr_array_set_size (p->plan->sandbox.seccomp_programs, 0);
  p->seccomp_single |= single;
  p->seccomp_added |= !single;
  g_ptr_array_add (p->plan->sandbox.seccomp_programs, bytes);
  return TRUE;
}

/* --bind-fd: the executor binds by path, so the path the descriptor
 * names, checked to be that same file now. */
static char *
fd_path (const char *text, GError **error)
{
  int fd;
  struct stat by_fd, by_path;
  if (!parse_fd (text, &fd, error))
    return NULL;
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autofree char *target = g_file_read_link (link, NULL);
  if (target == NULL || fstat (fd, &by_fd) != 0 || stat (target, &by_path) != 0
      || by_fd.st_dev != by_path.st_dev || by_fd.st_ino != by_path.st_ino)
    {
      sbox_error_usage (error, "Can't use fd %d: it names no path that leads to it", fd);
      return NULL;
    }
  return g_steal_pointer (&target);
}

/* A descriptor the launcher writes to, kept from the command. */
static gboolean
status_fd (const char *text, int *out, GError **error)
{
  if (!parse_fd (text, out, error))
    return FALSE;
  int flags = fcntl (*out, F_GETFD);
  if (flags >= 0)
    fcntl (*out, F_SETFD, flags | FD_CLOEXEC);
  return TRUE;
}

static gboolean
overlay_src_unfollowed (GError **error)
{
  return sbox_error_usage (error, "--overlay-src must be followed by another --overlay-src or one "
                                  "of --overlay, --tmp-overlay, or --ro-overlay");
}

/* --overlay-src piles up layers, bottom first, for the --overlay,
 * --tmp-overlay or --ro-overlay that must come next and takes them all. */
static gboolean
add_overlay (Parser *p, const char *opt, GError **error)
{
  char **a;
  if (g_str_equal (opt, "--overlay-src"))
    {
      if (p->pos + 1 >= p->args->len) /* bwrap's complaint then is the missing overlay */
        return overlay_src_unfollowed (error);
      if ((a = operands (p, opt, 1, error)) == NULL)
        return FALSE;
      g_autofree char *by_fd = NULL;
      if (g_str_has_prefix (a[0], "/proc/self/fd/")
          && (by_fd = fd_path (a[0] + strlen ("/proc/self/fd/"), error)) == NULL)
        return FALSE;
      const char *source = by_fd ? by_fd : a[0];
      g_ptr_array_add (p->overlay_src, g_path_is_absolute (source)
                                           ? g_strdup (source)
                                           : g_build_filename (p->cwd, source, NULL));
      return TRUE;
    }
  gboolean rw = g_str_equal (opt, "--overlay"), ro = g_str_equal (opt, "--ro-overlay");
  if ((a = operands (p, opt, rw ? 3 : 1, error)) == NULL)
    return FALSE;
  if (p->overlay_src->len < (ro ? 2 : 1))
    return sbox_error_usage (error, "%s requires at least %s --overlay-src", opt,
                             ro ? "two" : "one");
  g_autofree char *upper = NULL, *work = NULL;
  if (rw)
    {
      upper = g_path_is_absolute (a[0]) ? g_strdup (a[0]) : g_build_filename (p->cwd, a[0], NULL);
      work = g_path_is_absolute (a[1]) ? g_strdup (a[1]) : g_build_filename (p->cwd, a[1], NULL);
    }
  SboxFsOp *op = add_op (p, SBOX_FS_OVERLAY, ro ? SBOX_FS_FLAG_READ_ONLY : 0, upper, a[rw ? 2 : 0]);
  op->work = g_steal_pointer (&work);
  g_ptr_array_add (p->overlay_src, NULL);
  op->lower = (char **) g_ptr_array_steal (p->overlay_src, NULL);
  return TRUE;
}

/* --userns, --pidns, --userns2, --userns-block-fd: a descriptor the
 * launcher uses, the last one given counting. */
static gboolean
join_fd (Parser *p, const char *opt, GError **error)
{
  SboxPlan *plan = p->plan;
  char **a = operands (p, opt, 1, error);
  int *fd = g_str_equal (opt, "--userns")    ? &plan->sandbox.userns_fd
            : g_str_equal (opt, "--pidns")   ? &plan->sandbox.pidns_fd
            : g_str_equal (opt, "--userns2") ? &plan->sandbox.userns2_fd
                                             : &plan->run.userns_block_fd;
  return a != NULL && parse_fd (a[0], fd, error);
}

/* bwrap's checks of those, in its order. */
static gboolean
check_joined (Parser *p, GError **error)
{
  const SboxPlan *plan = p->plan;
  if (plan->run.userns_block_fd >= 0 && !p->unshare_user_exact)
    return sbox_error_usage (error, "--userns-block-fd requires --unshare-user");
  if (plan->run.userns_block_fd >= 0 && plan->run.info_fd < 0)
    return sbox_error_usage (error, "--userns-block-fd requires --info-fd");
  if (plan->sandbox.userns_fd >= 0 && p->unshare_user_exact)
    return sbox_error_usage (error, "--userns not compatible --unshare-user");
  if (plan->sandbox.userns_fd >= 0 && p->unshare_user_try)
    return sbox_error_usage (error, "--userns not compatible --unshare-user-try");
  if (plan->sandbox.disable_userns && p->unshare_user && plan->run.userns_block_fd >= 0)
    return sbox_error_usage (error, "--disable-userns is not compatible with  --userns-block-fd");
  return TRUE;
}

/* Options that --perms may precede, and --size (with --perms) before --tmpfs. */
static gboolean
takes_perms (const char *option)
{
  return g_str_equal (option, "--bind-data") || g_str_equal (option, "--ro-bind-data")
         || g_str_equal (option, "--file") || g_str_equal (option, "--dir")
         || g_str_equal (option, "--tmpfs");
}

static gboolean
parse_option (Parser *p, const char *opt, GError **error)
{
  SboxPlan *plan = p->plan;
  char **a;
  gboolean perms_pending = p->perms_set, size_pending = p->size != 0;

  if (g_str_equal (opt, "--perms"))
    {
      if (perms_pending)
        return sbox_error_usage (error, "--perms given twice for the same action");
      guint mode;
      if ((a = operands (p, opt, 1, error)) == NULL || !parse_octal (opt, a[0], &mode, error))
        return FALSE;
      p->perms_set = TRUE;
      p->perms = mode;
      return TRUE;
    }
  if (g_str_equal (opt, "--size"))
    {
      if (size_pending)
        return sbox_error_usage (error, "--size given twice for the same action");
      if ((a = operands (p, opt, 1, error)) == NULL)
        return FALSE;
      char *end = NULL;
      errno = 0;
      guint64 size = g_ascii_strtoull (a[0], &end, 10);
      if (errno != 0 || end == a[0] || *end != '\0' || size == 0 || a[0][0] == '-')
        return sbox_error_usage (error, "--size takes a non-zero number of bytes");
      p->size = size;
      return TRUE;
    }
  if (perms_pending && !takes_perms (opt))
    return sbox_error_usage (error, "--perms must be followed by an option that creates a file");
  if (size_pending && !g_str_equal (opt, "--tmpfs"))
    return sbox_error_usage (error, "--size must be followed by --tmpfs");
  guint perms = p->perms;
  gboolean has_perms = p->perms_set;
  guint64 size = p->size;
  p->perms_set = FALSE;
  p->perms = 0;
  p->size = 0;

  /* bwrap checks a label when it reads it and fails where SELinux is off;
   * where it is on, sbox applies no labels, so it fails there too. */
  if (g_str_equal (opt, "--exec-label") || g_str_equal (opt, "--file-label"))
    {
      if (operands (p, opt, 1, error) == NULL)
        return FALSE;
      if (access ("/sys/fs/selinux/enforce", F_OK) != 0)
        return sbox_error_usage (error, "labeling not supported on this system");
      return sbox_error_usage (error, "%s: sbox-bwrap does not apply SELinux labels", opt);
    }

  /* Namespaces */
  if (g_str_equal (opt, "--unshare-user") || g_str_equal (opt, "--unshare-user-try"))
    {
      p->unshare_user_exact |= g_str_equal (opt, "--unshare-user");
      p->unshare_user_try |= !g_str_equal (opt, "--unshare-user");
      return p->unshare_user = TRUE, TRUE; /* always made: an unprivileged sandbox needs it */
    }
  if (g_str_equal (opt, "--userns") || g_str_equal (opt, "--pidns")
      || g_str_equal (opt, "--userns2") || g_str_equal (opt, "--userns-block-fd"))
    return join_fd (p, opt, error);
  if (g_str_equal (opt, "--disable-userns"))
    return plan->sandbox.disable_userns = TRUE, TRUE;
  if (g_str_equal (opt, "--assert-userns-disabled"))
    return plan->sandbox.assert_userns_disabled = TRUE, TRUE;
  if (g_str_equal (opt, "--unshare-ipc"))
    return p->ns |= SBOX_NS_IPC, TRUE;
  if (g_str_equal (opt, "--unshare-pid"))
    return p->ns |= SBOX_NS_PID, p->unshare_pid = TRUE, TRUE;
  if (g_str_equal (opt, "--unshare-net"))
    return p->ns |= SBOX_NS_NET, TRUE;
  if (g_str_equal (opt, "--unshare-uts"))
    return p->ns |= SBOX_NS_UTS, p->unshare_uts = TRUE, TRUE;
  if (g_str_equal (opt, "--unshare-cgroup") || g_str_equal (opt, "--unshare-cgroup-try"))
    return p->ns |= SBOX_NS_CGROUP, TRUE;
  if (g_str_equal (opt, "--unshare-all"))
    {
      p->ns |= SBOX_NS_IPC | SBOX_NS_PID | SBOX_NS_NET | SBOX_NS_UTS | SBOX_NS_CGROUP;
      p->unshare_pid = p->unshare_uts = TRUE;
      p->unshare_user_try = TRUE; /* what bwrap's --unshare-all stands for */
      return TRUE;
    }
  if (g_str_equal (opt, "--share-net"))
    return p->ns &= ~SBOX_NS_NET, TRUE;

  /* Ids and names */
  if (g_str_equal (opt, "--uid") || g_str_equal (opt, "--gid"))
    {
      guint id = 0;
      gboolean uid = g_str_equal (opt, "--uid");
      if ((a = operands (p, opt, 1, error)) == NULL
          || !parse_id (uid ? "uid" : "gid", a[0], &id, error))
        return FALSE;
      if (uid)
        plan->sandbox.ids.uid = id;
      else
        plan->sandbox.ids.gid = id;
      return TRUE;
    }
  if (g_str_equal (opt, "--hostname"))
    {
      if ((a = operands (p, opt, 1, error)) == NULL)
        return FALSE;
      g_free (plan->sandbox.hostname);
      plan->sandbox.hostname = g_strdup (a[0]);
      return TRUE;
    }

  /* Environment and process */
  if (g_str_equal (opt, "--chdir"))
    {
      if ((a = operands (p, opt, 1, error)) == NULL)
        return FALSE;
      g_free (plan->sandbox.chdir);
      plan->sandbox.chdir = g_strdup (a[0]);
      return TRUE;
    }
  if (g_str_equal (opt, "--setenv"))
    {
      if ((a = operands (p, opt, 2, error)) == NULL)
        return FALSE;
      sbox_sandbox_setenv (&plan->sandbox, a[0], a[1]);
      return TRUE;
    }
  if (g_str_equal (opt, "--unsetenv"))
    {
      if ((a = operands (p, opt, 1, error)) == NULL)
        return FALSE;
      sbox_sandbox_unsetenv (&plan->sandbox, a[0]);
      return TRUE;
    }
  if (g_str_equal (opt, "--clearenv"))
    {
      g_ptr_array_set_size (plan->sandbox.env, 0);
      return TRUE;
    }
  if (g_str_equal (opt, "--new-session"))
    return plan->run.new_session = TRUE, TRUE;
  if (g_str_equal (opt, "--die-with-parent"))
    return plan->run.die_with_parent = TRUE, TRUE;
  if (g_str_equal (opt, "--as-pid-1"))
    return p->as_pid_1 = TRUE, TRUE;
  if (g_str_equal (opt, "--level-prefix"))
    return p->cli->level_prefix = TRUE, TRUE;
  if (g_str_equal (opt, "--argv0"))
    {
      if ((a = operands (p, opt, 1, error)) == NULL)
        return FALSE;
      if (plan->run.argv0)
        return sbox_error_usage (error, "--argv0 used multiple times");
      plan->run.argv0 = g_strdup (a[0]);
      return TRUE;
    }
  if (g_str_equal (opt, "--cap-add") || g_str_equal (opt, "--cap-drop"))
    {
      /* In order, from none kept. */
      cap_value_t cap;
      guint64 bits;
      if ((a = operands (p, opt, 1, error)) == NULL)
        return FALSE;
      if (g_str_equal (a[0], "ALL"))
        bits = G_MAXUINT64;
      else if (cap_from_name (a[0], &cap) == 0 && cap >= 0 && cap < 64)
        bits = G_GUINT64_CONSTANT (1) << cap;
      else
        return sbox_error_usage (error, "unknown cap: %s", a[0]);
      if (g_str_equal (opt, "--cap-add"))
        plan->sandbox.keep_caps |= bits;
      else
        plan->sandbox.keep_caps &= ~bits;
      return TRUE;
    }
  if (g_str_equal (opt, "--lock-file"))
    {
      if ((a = operands (p, opt, 1, error)) == NULL)
        return FALSE;
      g_ptr_array_add (plan->run.lock_files, dest_path (a[0]));
      return TRUE;
    }
  if (g_str_equal (opt, "--sync-fd"))
    {
      int fd; /* held by the launcher until the sandbox ends, not the command's */
      return (a = operands (p, opt, 1, error)) != NULL && status_fd (a[0], &fd, error);
    }
  if (g_str_equal (opt, "--block-fd"))
    return (a = operands (p, opt, 1, error)) != NULL
           && status_fd (a[0], &plan->run.block_fd, error);
  if (g_str_equal (opt, "--info-fd"))
    return (a = operands (p, opt, 1, error)) != NULL && status_fd (a[0], &plan->run.info_fd, error);
  if (g_str_equal (opt, "--json-status-fd"))
    return (a = operands (p, opt, 1, error)) != NULL
           && status_fd (a[0], &plan->run.json_status_fd, error);
  if (g_str_equal (opt, "--seccomp") || g_str_equal (opt, "--add-seccomp-fd"))
    return (a = operands (p, opt, 1, error)) != NULL && add_seccomp (p, opt, a[0], error);

  /* Filesystem, in order */
  static const struct
  {
    const char *name;
    SboxFsKind kind;
    SboxFsFlags flags;
  } binds[] = {
    { "--bind", SBOX_FS_BIND, 0 },         { "--bind-try", SBOX_FS_BIND, SBOX_FS_FLAG_TRY },
    { "--dev-bind", SBOX_FS_DEV_BIND, 0 }, { "--dev-bind-try", SBOX_FS_DEV_BIND, SBOX_FS_FLAG_TRY },
    { "--ro-bind", SBOX_FS_RO_BIND, 0 },   { "--ro-bind-try", SBOX_FS_RO_BIND, SBOX_FS_FLAG_TRY },
    { "--bind-fd", SBOX_FS_BIND, 0 },      { "--ro-bind-fd", SBOX_FS_RO_BIND, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (binds); i++)
    if (g_str_equal (opt, binds[i].name))
      {
        if ((a = operands (p, opt, 2, error)) == NULL)
          return FALSE;
        if (g_str_has_suffix (opt, "-fd"))
          {
            g_autofree char *source = fd_path (a[0], error);
            return source != NULL
                   && add_bind (p, binds[i].kind, binds[i].flags, source, a[1], error);
          }
        return add_bind (p, binds[i].kind, binds[i].flags, a[0], a[1], error);
      }
  if (g_str_equal (opt, "--remount-ro") || g_str_equal (opt, "--proc") || g_str_equal (opt, "--dev")
      || g_str_equal (opt, "--tmpfs") || g_str_equal (opt, "--dir"))
    {
      if ((a = operands (p, opt, 1, error)) == NULL)
        return FALSE;
      SboxFsKind kind = g_str_equal (opt, "--remount-ro") ? SBOX_FS_REMOUNT_RO
                        : g_str_equal (opt, "--proc")     ? SBOX_FS_PROC
                        : g_str_equal (opt, "--dev")      ? SBOX_FS_DEV
                        : g_str_equal (opt, "--tmpfs")    ? SBOX_FS_TMPFS
                                                          : SBOX_FS_DIR;
      SboxFsOp *op = add_op (p, kind, kind == SBOX_FS_REMOUNT_RO ? SBOX_FS_FLAG_THIS_MOUNT : 0,
                             NULL, a[0]);
      if (kind == SBOX_FS_DEV)
        {
          op->nodes = bwrap_dev_nodes;
          /* bwrap's /dev also has core, a link to /proc/kcore. */
          g_autofree char *core = g_build_filename (a[0], "core", NULL);
          add_op (p, SBOX_FS_SYMLINK, 0, "/proc/kcore", core);
        }
      if (kind == SBOX_FS_TMPFS || kind == SBOX_FS_DIR)
        op->mode = has_perms ? perms : 0755;
      op->size = size;
      return TRUE;
    }
  if (g_str_equal (opt, "--overlay-src") || g_str_equal (opt, "--overlay")
      || g_str_equal (opt, "--tmp-overlay") || g_str_equal (opt, "--ro-overlay"))
    return add_overlay (p, opt, error);
  if (g_str_equal (opt, "--mqueue"))
    {
      if ((a = operands (p, opt, 1, error)) == NULL)
        return FALSE;
      add_op (p, SBOX_FS_MQUEUE, 0, NULL, a[0]);
      return TRUE;
    }
  if (g_str_equal (opt, "--symlink"))
    {
      if ((a = operands (p, opt, 2, error)) == NULL)
        return FALSE;
      add_op (p, SBOX_FS_SYMLINK, 0, a[0], a[1]);
      return TRUE;
    }
  if (g_str_equal (opt, "--chmod"))
    {
      guint mode;
      if ((a = operands (p, opt, 2, error)) == NULL || !parse_octal (opt, a[0], &mode, error))
        return FALSE;
      add_op (p, SBOX_FS_CHMOD, 0, NULL, a[1])->mode = mode;
      return TRUE;
    }
  if (g_str_equal (opt, "--file"))
    return (a = operands (p, opt, 2, error)) != NULL
           && add_data (p, opt, a[0], a[1], has_perms ? perms : 0666, 0, error);
  if (g_str_equal (opt, "--bind-data"))
    return (a = operands (p, opt, 2, error)) != NULL
           && add_data (p, opt, a[0], a[1], has_perms ? perms : 0600, SBOX_FS_FLAG_BIND_DATA,
                        error);
  if (g_str_equal (opt, "--ro-bind-data"))
    return (a = operands (p, opt, 2, error)) != NULL
           && add_data (p, opt, a[0], a[1], has_perms ? perms : 0600,
                        SBOX_FS_FLAG_BIND_DATA | SBOX_FS_FLAG_READ_ONLY, error);
  return sbox_error_usage (error, "Unknown option %s", opt);
}

/* bwrap's --proc: the procfs of the sandbox's pid namespace when it has
 * one of its own or joined one (--pidns), else the host's /proc bound (a
 * user namespace cannot mount the procfs of a pid namespace it does not
 * own); either way with the kernel's knobs beneath it read-only. */
static void
finish_proc (Parser *p)
{
  static const char *const read_only[] = { "sys", "sysrq-trigger", "irq", "bus" };
  GPtrArray *ops = p->plan->sandbox.fs_ops;
  for (guint i = 0; i < ops->len; i++)
    {
      SboxFsOp *op = g_ptr_array_index (ops, i);
      if (op->kind != SBOX_FS_PROC)
        continue;
      if (!p->unshare_pid && p->plan->sandbox.pidns_fd < 0)
        {
          op->kind = SBOX_FS_BIND;
          op->source = g_strdup ("/proc");
        }
      for (gsize k = 0; k < G_N_ELEMENTS (read_only); k++)
        {
          g_autofree char *dest = g_build_filename (op->dest, read_only[k], NULL);
          g_ptr_array_insert (ops, (gint) ++i,
                              sbox_fs_op_new (SBOX_FS_REMOUNT_RO, SBOX_FS_FLAG_TRY, NULL, dest));
        }
    }
}

/* What bwrap does not ask for and sbox's plans have by default. */
static SboxPlan *
bare_plan (const char *const *envp)
{
  SboxPlan *plan = sbox_plan_new ();
  SboxSandbox *sandbox = &plan->sandbox;
  for (const char *const *e = envp; e && *e; e++)
    g_ptr_array_add (sandbox->env, g_strdup (*e));
  /* A root caller's sandbox is root on the host's files: it keeps sbox's
   * set-id guard (policy none), so no set-uid root file can be left behind
   * on a writable bind; anyone else's gets no program of sbox's at all. */
  g_free (sandbox->seccomp);
  sandbox->seccomp = g_strdup (getuid () == 0 ? "none" : "raw");
  g_free (sandbox->landlock);
  sandbox->landlock = g_strdup ("false");
  sandbox->root_writable = TRUE;
  const char *home = g_environ_getenv ((char **) envp, "HOME");
  sandbox->home = g_strdup (home && *home ? home : "/");
  plan->run.die_with_parent = FALSE;
  plan->run.new_session = FALSE;
  plan->run.pty = FALSE;
  plan->run.keep_fds = TRUE;
  plan->run.set_pwd = TRUE;
  plan->run.bwrap_json = TRUE;
  plan->run.failure_status = 1;
  plan->sandbox.dest_links_followed = TRUE;
  return plan;
}

gboolean
sbox_bwrap_cli_parse (int argc, char *const *argv, const char *const *envp, SboxBwrapCli *cli,
                      GError **error)
{
  g_autoptr (SboxPlan) plan = bare_plan (envp);
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cwd = g_get_current_dir ();
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_autoptr (GPtrArray) overlay_src = g_ptr_array_new_with_free_func (g_free);
  Parser p = {
    .plan = plan, .args = args, .cwd = cwd, .ns = SBOX_NS_USER | SBOX_NS_MOUNT, .cli = cli
  };
  p.overlay_src = overlay_src;

  for (p.pos = 0; p.pos < args->len; p.pos++)
    {
      const char *opt = g_ptr_array_index (args, p.pos);
      if (g_str_equal (opt, "--help") || g_str_equal (opt, "--version"))
        {
          cli->help = g_str_equal (opt, "--help");
          cli->version = !cli->help;
          return TRUE;
        }
      gboolean from_file = p.pos < p.file_end;
      if (from_file && (g_str_equal (opt, "--args") || opt[0] != '-' || g_str_equal (opt, "--")))
        return sbox_error_usage (error,
                                 g_str_equal (opt, "--args")
                                     ? "--args not supported in arguments file"
                                     : "--args data may hold options only, not the command (%s)",
                                 opt);
      if (g_str_equal (opt, "--args"))
        {
          int fd;
          char **a = operands (&p, opt, 1, error);
          if (a == NULL || !parse_fd (a[0], &fd, error) || !insert_args (&p, fd, error))
            return FALSE;
          continue;
        }
      if (g_str_equal (opt, "--"))
        {
          p.pos++;
          break;
        }
      if (opt[0] != '-')
        break;
      if (!parse_option (&p, opt, error))
        return FALSE;
      if (overlay_src->len && !g_str_equal (opt, "--overlay-src"))
        return overlay_src_unfollowed (error);
    }
  if (overlay_src->len)
    return overlay_src_unfollowed (error);
  if (p.perms_set)
    return sbox_error_usage (error, "--perms must be followed by an option that creates a file");
  if (p.size)
    return sbox_error_usage (error, "--size must be followed by --tmpfs");
  if (!check_joined (&p, error))
    return FALSE;
  if (p.pos >= args->len)
    {
      cli->help = TRUE; /* bwrap prints its usage on stderr and fails */
      return sbox_error_usage (error, "No command specified");
    }
  if (plan->sandbox.hostname && !p.unshare_uts)
    return sbox_error_usage (error, "Specifying --hostname requires --unshare-uts");
  if (p.as_pid_1 && !p.unshare_pid)
    return sbox_error_usage (error, "Specifying --as-pid-1 requires --unshare-pid");
  if (plan->sandbox.disable_userns && !p.unshare_user)
    return sbox_error_usage (error, "--disable-userns requires --unshare-user");
  for (guint i = p.pos; i < args->len; i++)
    g_ptr_array_add (plan->run.argv, g_strdup (g_ptr_array_index (args, i)));

  /* A joined user namespace is not made; a joined pid namespace is, when
   * --unshare-pid asks for one of its own beneath it. */
  plan->sandbox.namespaces = p.ns & ~(plan->sandbox.userns_fd >= 0 ? SBOX_NS_USER : 0);
  finish_proc (&p);
  /* Without a pid namespace of its own there is nothing for an init to
   * reap: bwrap runs the command itself then, as it does with --as-pid-1. */
  plan->run.as_pid_1 = p.as_pid_1 || !p.unshare_pid;
  cli->plan = g_steal_pointer (&plan);
  return TRUE;
}

char *
sbox_bwrap_cli_help (const char *program)
{
  return g_strdup_printf (
      "usage: %s [OPTIONS...] [--] COMMAND [ARGS...]\n"
      "\n"
      "bubblewrap's command line, run by sbox with no policy of its own\n"
      "(SBOX_BWRAP_HARDEN=1 adds sbox's default seccomp policy and Landlock).\n"
      "\n"
      "    --help --version --args FD\n"
      "  namespaces (a user and a mount namespace are always made):\n"
      "    --unshare-all --share-net --unshare-user[-try] --unshare-ipc --unshare-pid\n"
      "    --unshare-net --unshare-uts --unshare-cgroup[-try]\n"
      "  ids and environment:\n"
      "    --uid UID --gid GID --hostname NAME --chdir DIR --setenv VAR VALUE\n"
      "    --unsetenv VAR --clearenv\n"
      "  filesystem, applied in order:\n"
      "    --bind[-try] SRC DEST --dev-bind[-try] SRC DEST --ro-bind[-try] SRC DEST\n"
      "    --bind-fd FD DEST --ro-bind-fd FD DEST --remount-ro DEST --proc DEST --dev DEST\n"
      "    --mqueue DEST --tmpfs DEST --dir DEST --file FD DEST --bind-data FD DEST\n"
      "    --ro-bind-data FD DEST --symlink SRC DEST --chmod OCTAL PATH --perms OCTAL --size "
      "BYTES\n"
      "    --overlay-src SRC (then) --overlay RWSRC WORKDIR DEST --tmp-overlay DEST\n"
      "    --ro-overlay DEST\n"
      "  process:\n"
      "    --seccomp FD --add-seccomp-fd FD --new-session --die-with-parent --as-pid-1\n"
      "    --cap-add CAP --cap-drop CAP --lock-file DEST --sync-fd FD --block-fd FD --info-fd FD\n"
      "    --json-status-fd FD --argv0 VALUE --level-prefix\n"
      "    --disable-userns --assert-userns-disabled (with --unshare-user)\n"
      "  --exec-label LABEL --file-label LABEL: fail as bwrap does without SELinux\n"
      "  existing namespaces, by descriptor:\n"
      "    --userns FD --userns2 FD --pidns FD --userns-block-fd FD (with --info-fd)\n",
      program);
}
