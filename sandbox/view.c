/* view.c — the default sandbox as tables: the read-only system, the parts of
 * /etc (and /var) a program needs, the /dev nodes and the /proc paths to protect. */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "view.h"

/* Top-level directories that merged-/usr systems make symlinks into /usr;
 * elsewhere they are real directories and are bound read-only. */
static const char *const usr_aliases[] = { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" };

static const struct
{
  const char *path;
  const char *reason;
} etc_entries[] = {
  { "/etc/ld.so.cache", "dynamic linker" },
  { "/etc/ld.so.conf", "dynamic linker" },
  { "/etc/ld.so.conf.d", "dynamic linker" },
  { "/etc/nsswitch.conf", "name service lookups (files only are reachable)" },
  { "/etc/host.conf", "resolver" },
  { "/etc/hosts", "resolver" },
  { "/etc/resolv.conf", "resolver, when the network is shared" },
  { "/etc/gai.conf", "resolver address ordering" },
  { "/etc/services", "getservbyname" },
  { "/etc/protocols", "getprotobyname" },
  { "/etc/timezone", "time zone name" },
  { "/etc/ssl", "TLS certificates" },
  { "/etc/ca-certificates", "TLS certificates" },
  { "/etc/pki", "TLS certificates (RPM-based hosts)" },
  { "/etc/crypto-policies", "TLS defaults (RPM-based hosts)" },
  { "/etc/alternatives", "Debian alternatives: most point into /usr" },
  { "/etc/fonts", "fontconfig" },
  { "/etc/locale.alias", "locale names" },
  { "/etc/locale.conf", "locale" },
  { "/etc/default/locale", "locale" },
  { "/etc/os-release", "distribution identity, read by many libraries" },
  { "/etc/machine-id", "D-Bus and GLib expect it; the same value Flatpak exposes" },
  { "/etc/mime.types", "MIME lookups" },
  { "/etc/inputrc", "readline" },
  { "/etc/bash.bashrc", "interactive shells" },
  { "/etc/profile", "login shells" },
  { "/etc/xdg", "desktop defaults" },
  { "/etc/gtk-3.0", "toolkit defaults" },
  /* Language runtimes and build tools: Debian keeps their configuration
   * here and links it from /usr, so without it they fail or lose settings.
   * A pattern names every installed version. */
  { "/etc/java-*", "the JDK's conf/ (java.security, jvm.cfg) links here" },
  { "/etc/maven", "Maven's conf/ (settings.xml, logging) links here" },
  { "/etc/R", "R_HOME/etc (Renviron, ldpaths, Makeconf) links here" },
  { "/etc/perl", "Perl's first @INC directory" },
  { "/etc/python3", "Python's Debian defaults" },
  { "/etc/python3.*", "Python's sitecustomize.py links here" },
  { "/etc/php", "php.ini and the conf.d files that load PHP's extensions" },
  { "/etc/texmf", "TeX: texmf.cnf and the font maps" },
  { "/etc/papersize", "default paper size (TeX, Ghostscript)" },
  { "/etc/ghostscript", "Ghostscript's font maps (TeX, ImageMagick)" },
  { "/etc/ImageMagick-*", "ImageMagick's security policy, delegates and formats" },
  { "/var/lib/texmf", "TeX's formats and font maps, which the TeX packages generate here" },
  { "/etc/groff", "groff's site macros link here (manual pages)" },
  { "/etc/magic", "file(1)" },
  { "/etc/magic.mime", "file(1)" },
  { "/etc/xml", "XML catalogs (xmllint, xsltproc)" },
  { "/etc/sgml", "SGML catalogs the XML catalogs delegate to" },
};

/* clang-format off: a table laid out by hand */
const char *const sbox_view_dev_nodes[] = {
  "null", "zero", "full", "random", "urandom", "tty", NULL,
};

/* Read-only: readable by tools (sysctl -a) but never writable. */
static const char *const proc_readonly[] = {
  "/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs",
};

/* Masked: kernel memory, other users' keys and timing side channels. */
static const char *const proc_masked[] = {
  "/proc/kcore",
  "/proc/kallsyms",
  "/proc/keys",
  "/proc/key-users",
  "/proc/timer_list",
  "/proc/sched_debug",
  "/proc/latency_stats",
  "/proc/acpi",
  "/proc/scsi",
  "/proc/kmsg",
  "/proc/kpageflags",
  "/proc/kpagecount",
  "/proc/kpagecgroup",
  /* Host information no app needs: the kernel's command line (it may name
   * disks, root= and other boot secrets) and the id that tells which boot
   * of which machine the sandbox runs on (a cross-sandbox tracking id). */
  "/proc/cmdline",
  "/proc/sys/kernel/random/boot_id",
};
/* clang-format on */

char *
sbox_view_runtime_dir (uid_t uid)
{
  return g_strdup_printf ("/run/user/%u", (guint) uid);
}

void
sbox_view_add_usr (SboxSandbox *sandbox)
{
  sbox_sandbox_add_fs (sandbox, SBOX_FS_RO_BIND, SBOX_FS_FLAG_NONE, "/usr", "/usr");
  for (gsize i = 0; i < G_N_ELEMENTS (usr_aliases); i++)
    {
      const char *path = usr_aliases[i];
      struct stat st;
      if (lstat (path, &st) != 0)
        continue;
      if (S_ISLNK (st.st_mode))
        {
          g_autofree char *target = g_file_read_link (path, NULL);
          if (target)
            sbox_sandbox_add_fs (sandbox, SBOX_FS_SYMLINK, SBOX_FS_FLAG_NONE, target, path);
        }
      else if (S_ISDIR (st.st_mode))
        sbox_sandbox_add_fs (sandbox, SBOX_FS_RO_BIND, SBOX_FS_FLAG_NONE, path, path);
    }
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* DIR's names, read once for every /etc entry: a glob per pattern would
 * read the directory again, and a name missing here would still cost the
 * sandbox an open before its bind. NULL when DIR cannot be read. */
static GHashTable *
names_in (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  if (listing == NULL)
    return NULL;
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;
  while ((name = g_dir_read_name (listing)))
    g_hash_table_add (names, g_strdup (name));
  return names;
}

/* The names matching pattern, as paths beneath dir, sorted. */
static GPtrArray *
paths_matching (const char *dir, GHashTable *names, const char *pattern)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer name;
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (fnmatch (pattern, name, FNM_PERIOD) == 0)
      g_ptr_array_add (found, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (found, compare_paths);
  return found;
}

static void
add_etc (SboxSandbox *sandbox)
{
  g_autoptr (GHashTable) names = names_in ("/etc");
  for (gsize i = 0; i < G_N_ELEMENTS (etc_entries); i++)
    {
      const char *path = etc_entries[i].path;
      const char *name = g_str_has_prefix (path, "/etc/") ? path + strlen ("/etc/") : NULL;
      /* The listing answers for /etc's own names only, not deeper or elsewhere. */
      gboolean listed = names != NULL && name != NULL && strchr (name, '/') == NULL;
      if (strchr (path, '*') == NULL)
        {
          /* Only a name /etc lacks is left out; beneath it, -try decides. */
          if (!listed || g_hash_table_contains (names, name))
            sbox_sandbox_add_fs (sandbox, SBOX_FS_RO_BIND, SBOX_FS_FLAG_TRY, path, path);
          continue;
        }
      if (!listed)
        continue;
      g_autoptr (GPtrArray) matched = paths_matching ("/etc", names, name);
      for (guint n = 0; n < matched->len; n++)
        {
          const char *found = g_ptr_array_index (matched, n);
          sbox_sandbox_add_fs (sandbox, SBOX_FS_RO_BIND, SBOX_FS_FLAG_TRY, found, found);
        }
    }

  /* localtime is normally a symlink into /usr/share/zoneinfo, which is visible. */
  g_autofree char *zone = g_file_read_link ("/etc/localtime", NULL);
  if (zone)
    sbox_sandbox_add_fs (sandbox, SBOX_FS_SYMLINK, SBOX_FS_FLAG_NONE, zone, "/etc/localtime");
  else
    sbox_sandbox_add_fs (sandbox, SBOX_FS_RO_BIND, SBOX_FS_FLAG_TRY, "/etc/localtime",
                         "/etc/localtime");
}

/* passwd and group with root, the caller and nobody: the host's full lists
 * would tell the app every account on the machine. */
static void
add_identity (SboxSandbox *sandbox)
{
  struct passwd *pw = getpwuid (sandbox->ids.uid);
  struct group *gr = getgrgid (sandbox->ids.gid);
  g_autofree char *user = g_strdup (pw ? pw->pw_name : g_get_user_name ());
  g_autofree char *gecos = g_strdup (pw && pw->pw_gecos ? pw->pw_gecos : "");
  g_autofree char *shell = g_strdup (pw && pw->pw_shell && *pw->pw_shell ? pw->pw_shell
                                                                         : "/bin/sh");
  g_autofree char *group = g_strdup (gr ? gr->gr_name : user);

  GString *passwd = g_string_new (NULL);
  GString *groups = g_string_new (NULL);
  if (sandbox->ids.uid != 0)
    g_string_append (passwd, "root:x:0:0:root:/root:/bin/sh\n");
  g_string_append_printf (passwd, "%s:x:%u:%u:%s:%s:%s\n", sandbox->ids.uid == 0 ? "root" : user,
                          (guint) sandbox->ids.uid, (guint) sandbox->ids.gid, gecos, sandbox->home,
                          shell);
  g_string_append (passwd, "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
  if (sandbox->ids.gid != 0)
    g_string_append (groups, "root:x:0:\n");
  g_string_append_printf (groups, "%s:x:%u:\n", sandbox->ids.gid == 0 ? "root" : group,
                          (guint) sandbox->ids.gid);
  g_string_append (groups, "nogroup:x:65534:\n");

  SboxFsOp *op = sbox_sandbox_add_fs (sandbox, SBOX_FS_FILE, SBOX_FS_FLAG_NONE, NULL,
                                      "/etc/passwd");
  op->content = g_string_free (passwd, FALSE);
  op->mode = 0644;
  op = sbox_sandbox_add_fs (sandbox, SBOX_FS_FILE, SBOX_FS_FLAG_NONE, NULL, "/etc/group");
  op->content = g_string_free (groups, FALSE);
  op->mode = 0644;
}

SboxFsOp *
sbox_view_add_dev (SboxSandbox *sandbox, const char *dest)
{
  SboxFsOp *op = sbox_sandbox_add_fs (sandbox, SBOX_FS_DEV, SBOX_FS_FLAG_NONE, NULL, dest);
  op->nodes = sbox_view_dev_nodes;
  return op;
}

static void
add_proc_and_dev (SboxSandbox *sandbox)
{
  sbox_sandbox_add_fs (sandbox, SBOX_FS_PROC, SBOX_FS_FLAG_NONE, NULL, "/proc");
  for (gsize i = 0; i < G_N_ELEMENTS (proc_readonly); i++)
    sbox_sandbox_add_fs (sandbox, SBOX_FS_REMOUNT_RO, SBOX_FS_FLAG_TRY, NULL, proc_readonly[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (proc_masked); i++)
    sbox_sandbox_add_fs (sandbox, SBOX_FS_MASK, SBOX_FS_FLAG_TRY, NULL, proc_masked[i]);
  sbox_view_add_dev (sandbox, "/dev");
}

static void
add_writable (SboxSandbox *sandbox)
{
  SboxFsOp *op = sbox_sandbox_add_fs (sandbox, SBOX_FS_TMPFS, SBOX_FS_FLAG_NONE, NULL, "/tmp");
  op->mode = 01777;
  g_autofree char *runtime_dir = sbox_view_runtime_dir (sandbox->ids.uid);
  op = sbox_sandbox_add_fs (sandbox, SBOX_FS_TMPFS, SBOX_FS_FLAG_NONE, NULL, runtime_dir);
  op->mode = 0700;
}

gboolean
sbox_view_add_default (SboxSandbox *sandbox, GError **error)
{
  if (sandbox->home == NULL || !g_path_is_absolute (sandbox->home))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                   "HOME must be an absolute path (it is %s)",
                   sandbox->home ? sandbox->home : "unset");
      return FALSE;
    }
  sbox_view_add_usr (sandbox);
  add_etc (sandbox);
  add_identity (sandbox);
  add_proc_and_dev (sandbox);
  add_writable (sandbox);
  return TRUE;
}
