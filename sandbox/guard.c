/* guard.c — what a grant hands over without meaning to: sbox's own
 * configuration and storage, the files the host later runs (shell startup
 * files, autostart and menu entries, programs on PATH, Git's hooks), a
 * checkout's VCS metadata, and the home or its secrets as "the project
 * directory" or as an xdg-* user directory. Paths are compared by the
 * files they resolve to, never by their spelling. What it guards keeps its
 * name too: every entry a lookup passes on the way there, links included,
 * is pinned (a mount point cannot be renamed or removed). A checkout's VCS
 * metadata (Protect=) is protect.c's. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "guard.h"

/* What a missing guarded path becomes first, when a read-write grant would
 * let the sandbox make it and fill it: only where an empty one changes
 * nothing for the program that reads it. */
typedef enum
{
  KEEP = 0,  /* left missing: its existence would change something, or it belongs
              * to a program the user may not have */
  MAKE_DIR,  /* made empty, 0700 */
  MAKE_FILE, /* made empty, 0600 */
} Make;

typedef struct
{
  const char *path; /* relative to the home; ".config/" and ".local/share/"
                     * also count under $XDG_CONFIG_HOME and $XDG_DATA_HOME */
  const char *why;
  Make make;
} Guarded;

/* sbox's own state: hidden under a broad grant. */
static const Guarded own_state[] = {
  { ".config/sbox", "sbox's configuration and local profile overrides", MAKE_DIR },
  { ".local/share/sbox", "sbox's storage: every app's private home, caches", MAKE_DIR },
};

/* What the host runs later, unsandboxed: read-only under a broad
 * read-write grant. */
static const Guarded launch_points[] = {
  /* shells */
  { ".bashrc", "read by every interactive bash", KEEP },
  { ".bash_profile", "read by bash login shells (its existence hides ~/.profile)", KEEP },
  { ".bash_login", "read by bash login shells (its existence hides ~/.profile)", KEEP },
  { ".bash_logout", "read when a bash login shell exits", KEEP },
  { ".bash_aliases", "sourced by Debian's default ~/.bashrc", MAKE_FILE },
  { ".bashrc.d", "every file in it sourced by Fedora's default ~/.bashrc", MAKE_DIR },
  { ".bash_completion", "sourced by bash-completion in every interactive bash", MAKE_FILE },
  { ".local/share/bash-completion", "completions bash-completion sources on demand", MAKE_DIR },
  { ".profile", "read by every login shell", KEEP },
  { ".zshrc", "read by every interactive zsh", KEEP },
  { ".zshenv", "read by every zsh", KEEP },
  { ".zprofile", "read by zsh login shells", KEEP },
  { ".zlogin", "read by zsh login shells", KEEP },
  { ".zlogout", "read when a zsh login shell exits", KEEP },
  { ".config/fish", "fish's startup files and functions", KEEP },
  { ".inputrc", "readline bindings, which can type commands (its existence hides /etc/inputrc)",
    KEEP },
  /* sessions */
  { ".xprofile", "read by display managers at login", KEEP },
  { ".xinitrc", "run by startx", KEEP },
  { ".xsession", "run by display managers at login", KEEP },
  { ".Xsession", "run by display managers at login", KEEP },
  { ".xsessionrc", "read by the X session at login", KEEP },
  { ".pam_environment", "the environment of every login", KEEP },
  { ".config/autostart", "started at every desktop login", MAKE_DIR },
  { ".config/autostart-scripts", "run by Plasma 5 at login", KEEP },
  { ".config/plasma-workspace", "its env/ and shutdown/ scripts are run by Plasma", KEEP },
  { ".config/i3", "its exec lines are run by i3", KEEP },
  { ".i3", "its exec lines are run by i3", KEEP },
  { ".config/sway", "its exec lines are run by sway", KEEP },
  { ".config/hypr", "its exec lines are run by Hyprland", KEEP },
  { ".config/openbox", "its autostart is run by openbox", KEEP },
  { ".config/systemd/user", "user services", MAKE_DIR },
  { ".config/systemd/user.control", "user services' drop-ins (systemctl --user set-property)",
    MAKE_DIR },
  { ".local/share/systemd/user", "user services", MAKE_DIR },
  { ".config/environment.d", "the environment of user services", MAKE_DIR },
  { ".local/share/dbus-1/services", "D-Bus activation runs their Exec=", MAKE_DIR },
  { ".config/mimeapps.list", "which program opens each file type", MAKE_FILE },
  { ".config/pulse", "default.pa loads modules into the sound server", MAKE_DIR },
  { ".config/pipewire", "its configuration loads modules and runs programs", KEEP },
  { ".config/wireplumber", "its scripts run in the session manager", KEEP },
  /* programs on PATH, code every run of an interpreter loads */
  { ".local/bin", "on PATH (and sbox-desktop --symlinks)", MAKE_DIR },
  { "bin", "on PATH", KEEP },
  { ".cargo/bin", "on PATH (rustup)", KEEP },
  { "go/bin", "on PATH (go install)", KEEP },
  { ".cargo/env", "sourced by the shell startup files rustup writes", KEEP },
  { ".cargo/config.toml", "its rustc-wrapper and runners are run by cargo", KEEP },
  { ".cargo/config", "its rustc-wrapper and runners are run by cargo", KEEP },
  { ".local/lib",
    "Python's user site-packages: usercustomize.py and *.pth run at every "
    "python start",
    MAKE_DIR },
  { ".npmrc", "npm's script-shell and node-options run code", MAKE_FILE },
  { ".local/share/pipx", "the virtual environments ~/.local/bin's pipx programs run in", KEEP },
  { ".local/pipx", "the virtual environments ~/.local/bin's pipx programs run in", KEEP },
  { ".local/share/uv/tools", "the virtual environments ~/.local/bin's uv tools run in", KEEP },
  { ".local/share/applications", "menu entries: what their Exec= runs", MAKE_DIR },
  /* editors run their plugins and configuration */
  { ".vimrc", "run by vim (its existence turns off defaults.vim)", KEEP },
  { ".vim", "plugins run by vim (its existence hides ~/.config/vim)", KEEP },
  { ".config/vim", "plugins run by vim", KEEP },
  { ".config/nvim", "configuration and plugins run by Neovim", MAKE_DIR },
  { ".local/share/nvim", "plugins and language servers run by Neovim", KEEP },
  { ".emacs", "run by Emacs (its existence hides ~/.emacs.d/init.el)", KEEP },
  { ".emacs.d", "configuration and packages run by Emacs (hides ~/.config/emacs)", KEEP },
  { ".config/emacs", "configuration and packages run by Emacs", KEEP },
  /* Git, ssh, gpg */
  { ".config/git", "Git configuration: aliases, hooks path, fsmonitor", MAKE_DIR },
  { ".gitconfig", "Git configuration: aliases, hooks path, fsmonitor", MAKE_FILE },
  { ".ssh/rc", "run by sshd at every login (its existence turns off sshd's xauth)", KEEP },
  { ".ssh/authorized_keys", "who may log in", KEEP },
  { ".ssh/authorized_keys2", "who may log in", KEEP },
  { ".ssh/environment", "the environment of every ssh login", KEEP },
  { ".ssh/config", "ProxyCommand and LocalCommand run by ssh", KEEP },
  { ".gnupg",
    "gpg-agent.conf's pinentry-program and gpg.conf's helpers run; its keyrings "
    "decide which signatures the host trusts",
    KEEP },
  { ".config/user-dirs.dirs", "decides what later xdg-* grants expose", KEEP },
};

/* Where keys and passwords live: a file named on the command line is never
 * forwarded from here (a browser handed a file:// link to ~/.ssh/id_rsa
 * gets nothing); a grant that names it still can. */
static const Guarded secret_stores[] = {
  { ".ssh", "holds SSH keys", KEEP },
  { ".gnupg", "holds OpenPGP keys", KEEP },
  { ".pki", "holds certificates and keys", KEEP },
  { ".password-store", "holds passwords", KEEP },
  { ".local/share/keyrings", "holds the keyring", KEEP },
  { ".mozilla", "holds browser profiles", KEEP },
  { ".aws", "holds cloud credentials", KEEP },
  { ".azure", "holds cloud credentials", KEEP },
  { ".config/gcloud", "holds cloud credentials", KEEP },
  { ".kube", "holds cluster credentials", KEEP },
  { ".docker", "holds registry credentials", KEEP },
  { ".netrc", "holds passwords", KEEP },
  { ".git-credentials", "holds passwords", KEEP },
};

/* Never a project directory: the secret stores, and these, which hand
 * over launch points or every program's data. Bound read-write, each is
 * refused as ${PWD}, below it or above it. */
static const Guarded holds_much[] = {
  { ".config", "holds every program's configuration", KEEP },
  { ".local/share", "holds sbox's storage, menu entries and keyrings", KEEP },
  { ".local/bin", "is on PATH", KEEP },
  { "bin", "is on PATH", KEEP },
};

static const struct
{
  const Guarded *table;
  gsize n;
} not_a_project[] = {
  { secret_stores, G_N_ELEMENTS (secret_stores) },
  { holds_much, G_N_ELEMENTS (holds_much) },
};

/* ---- paths ---- */

gboolean
sbox_guard_is_under (const char *path, const char *dir)
{
  if (g_str_equal (dir, "/"))
    return TRUE;
  return g_str_equal (path, dir) || (g_str_has_prefix (path, dir) && path[strlen (dir)] == '/');
}

static gboolean
same_file (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* TRUE when dir is path or one of its parents, compared by device and
 * inode along the resolved path, whatever either is spelled through. */
static gboolean
is_within (const char *path, const char *dir)
{
  struct stat want, st;
  g_autofree char *real = realpath (path, NULL);
  if (real == NULL || stat (dir, &want) != 0)
    return FALSE;
  for (;;)
    {
      if (stat (real, &st) == 0 && same_file (&st, &want))
        return TRUE;
      char *slash = strrchr (real, '/');
      if (slash == NULL || real[1] == '\0')
        return FALSE;
      if (slash == real)
        slash[1] = '\0';
      else
        *slash = '\0';
    }
}

/* The host paths of an entry: under the home, and for .config/ and
 * .local/share/ also under $XDG_CONFIG_HOME and $XDG_DATA_HOME. */
static GPtrArray *
entry_paths (const char *entry, const SboxExpandContext *caller)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (out, g_build_filename (caller->home, entry, NULL));
  static const struct
  {
    const char *prefix;
    const char *var;
  } xdg[] = { { ".config/", "XDG_CONFIG_HOME" }, { ".local/share/", "XDG_DATA_HOME" } };
  for (gsize i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      const char *value = g_environ_getenv ((char **) caller->envp, xdg[i].var);
      gsize len = strlen (xdg[i].prefix);
      gboolean whole = strncmp (entry, xdg[i].prefix, len - 1) == 0 && entry[len - 1] == '\0';
      if (value && g_path_is_absolute (value) && (whole || g_str_has_prefix (entry, xdg[i].prefix)))
        {
          char *alt = g_build_filename (value, whole ? "" : entry + len, NULL);
          if (!g_str_equal (alt, g_ptr_array_index (out, 0)))
            g_ptr_array_add (out, alt);
          else
            g_free (alt);
        }
    }
  return out;
}

/* The first host path of an entry of table (n entries) that path is in,
 * or when holds also one that path holds, by inode; *entry says which. */
static char *
first_place (const Guarded *table, gsize n, const char *path, gboolean holds,
             const SboxExpandContext *caller, const Guarded **entry)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GPtrArray) paths = entry_paths (table[i].path, caller);
      for (guint j = 0; j < paths->len; j++)
        {
          const char *dir = g_ptr_array_index (paths, j);
          if (is_within (path, dir) || (holds && is_within (dir, path)))
            {
              *entry = &table[i];
              return g_strdup (dir);
            }
        }
    }
  return NULL;
}

/* ---- ${PWD} ---- */

gboolean
sbox_guard_check_project_dir (const SboxExpandContext *caller, GError **error)
{
  const char *cwd = caller->cwd;
  if (is_within (caller->home, cwd))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                   "${PWD} is %s, which holds the whole home directory; run from a project "
                   "directory instead",
                   cwd);
      return FALSE;
    }
  const Guarded *entry = NULL;
  g_autofree char *dir = NULL;
  for (gsize t = 0; t < G_N_ELEMENTS (not_a_project) && dir == NULL; t++)
    dir = first_place (not_a_project[t].table, not_a_project[t].n, cwd, TRUE, caller, &entry);
  /* Inside a launch point (~/.vim, ~/.emacs.d, ~/.cargo): the bind would
   * name it exactly, which the broad-grant guard takes as meant. One that
   * the directory merely holds is kept read-only by that guard. */
  g_autofree char *launch_point = dir ? NULL
                                      : first_place (launch_points, G_N_ELEMENTS (launch_points),
                                                     cwd, FALSE, caller, &entry);
  if (dir == NULL && launch_point == NULL)
    return TRUE;
  g_autofree char *what = dir ? g_strdup_printf ("is or holds %s (it %s)", dir, entry->why)
                              : g_strdup_printf ("is in %s (%s: the host runs it)", launch_point,
                                                 entry->why);
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
               "${PWD} is %s, which %s; run from a project directory instead", cwd, what);
  return FALSE;
}

/* ---- xdg-* user directories ---- */

/* Where path leads: its resolved form, or for a missing path its nearest
 * existing parent's resolved form with the missing rest appended. NULL
 * when the path cannot be followed or climbs ".." or a dangling link in
 * its missing part, whose end is then unknown. */
static char *
resolve_leading (const char *path)
{
  g_autofree char *head = g_strdup (path);
  g_autoptr (GString) rest = g_string_new (NULL);
  char *real;
  while ((real = realpath (head, NULL)) == NULL)
    {
      struct stat st;
      if (errno != ENOENT || lstat (head, &st) == 0)
        return NULL;
      char *slash = strrchr (head, '/');
      if (slash == NULL)
        return NULL;
      const char *name = slash + 1;
      if (g_str_equal (name, ".."))
        return NULL;
      if (*name != '\0' && !g_str_equal (name, "."))
        {
          g_string_prepend (rest, name);
          g_string_prepend_c (rest, '/');
        }
      if (slash == head)
        slash[1] = '\0';
      else
        *slash = '\0';
    }
  if (rest->len == 0)
    return real;
  char *out = g_str_equal (real, "/") ? g_strdup (rest->str) : g_strconcat (real, rest->str, NULL);
  free (real);
  return out;
}

/* TRUE when dir (resolved: real) is or is in path, or, when asked, holds
 * it: by name along resolved paths, and by inode where both exist. */
static gboolean
overlaps (const char *dir, const char *real, const char *path, gboolean holds)
{
  g_autofree char *other = resolve_leading (path);
  if (other && (sbox_guard_is_under (real, other) || (holds && sbox_guard_is_under (other, real))))
    return TRUE;
  return is_within (dir, path) || (holds && is_within (path, dir));
}

/* A launch point that a user directory merely holds (a dotfile linked
 * into ~/Documents) is left to sbox_guard_broad_grants: read-only there. */
static gboolean
check_table (const Guarded *table, gsize n, gboolean holds, const char *dir, const char *real,
             const SboxExpandContext *caller, char **why)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GPtrArray) paths = entry_paths (table[i].path, caller);
      for (guint j = 0; j < paths->len; j++)
        {
          const char *path = g_ptr_array_index (paths, j);
          if (overlaps (dir, real, path, holds))
            {
              g_autofree char *via = g_str_equal (dir, real) ? g_strdup ("")
                                                             : g_strdup_printf ("leads to %s, "
                                                                                "which ",
                                                                                real);
              *why = g_strdup_printf ("%sis, is in or holds %s (%s)", via, path, table[i].why);
              return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
sbox_guard_check_user_dir (const char *dir, const SboxExpandContext *caller, char **why)
{
  g_autofree char *real = resolve_leading (dir);
  g_autofree char *home = realpath (caller->home, NULL);
  struct stat st;
  if (real == NULL || home == NULL)
    {
      *why = g_strdup ("cannot be followed to a directory in the home");
      return FALSE;
    }
  if (sbox_guard_is_under (home, real) || is_within (caller->home, dir))
    {
      *why = g_strdup_printf ("is or holds the home directory %s", caller->home);
      return FALSE;
    }
  if (!sbox_guard_is_under (real, home))
    {
      *why = g_strdup_printf ("leads outside the home directory (to %s)", real);
      return FALSE;
    }
  if (stat (real, &st) == 0 && !S_ISDIR (st.st_mode))
    {
      *why = g_strdup_printf ("leads to %s, which is not a directory", real);
      return FALSE;
    }
  for (gsize t = 0; t < G_N_ELEMENTS (not_a_project); t++)
    if (!check_table (not_a_project[t].table, not_a_project[t].n, TRUE, dir, real, caller, why))
      return FALSE;
  if (!check_table (own_state, G_N_ELEMENTS (own_state), TRUE, dir, real, caller, why)
      || !check_table (launch_points, G_N_ELEMENTS (launch_points), FALSE, dir, real, caller, why))
    return FALSE;
  /* Hidden directories are programs' data (mail, wallets, browser
   * profiles, other sandboxes' homes), which no user directory is. */
  if (strstr (real + strlen (home), "/.") != NULL)
    {
      *why = g_strdup_printf ("leads to %s, a hidden directory: programs' data, not a user "
                              "directory",
                              real);
      return FALSE;
    }
  return TRUE;
}

/* ---- files named on the command line ---- */

gboolean
sbox_guard_file_argument (const char *real, const SboxExpandContext *caller, gboolean *read_only,
                          char **why)
{
  if (!check_table (own_state, G_N_ELEMENTS (own_state), FALSE, real, real, caller, why)
      || !check_table (secret_stores, G_N_ELEMENTS (secret_stores), FALSE, real, real, caller, why))
    return FALSE;
  if (!*read_only
      && !check_table (launch_points, G_N_ELEMENTS (launch_points), FALSE, real, real, caller, why))
    *read_only = TRUE;
  return TRUE;
}

/* ---- pins ----
 *
 * A guarded path is a mount point inside, which cannot be renamed or
 * removed; but a parent of it could be, carrying the mount away, and a
 * fresh directory made at the old name would then be the sandbox's to
 * fill. So every entry on the way from the grant's root to a guarded path
 * is pinned too (bound onto itself): each name the host's lookup passes is
 * taken by a mount point and stays what it was. */

/* Pin inside (a path as the sandbox sees it), once. */
static void
add_pin (GPtrArray *ops, const char *inside, const char *origin)
{
  for (guint i = 0; i < ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (ops, i);
      if (op->kind == SBOX_FS_PIN && g_str_equal (op->dest, inside))
        return;
    }
  SboxFsOp *op = sbox_fs_op_new (SBOX_FS_PIN, SBOX_FS_FLAG_TRY, NULL, inside);
  op->origin = g_strdup (origin);
  g_ptr_array_add (ops, op);
}

/* Where host path real (in or at root) shows inside a tree bound from root
 * at inside. */
char *
sbox_guard_inside_of (const char *root, const char *inside, const char *real)
{
  const char *rest = g_str_equal (root, "/") ? real : real + strlen (root);
  return g_strconcat (inside, rest, NULL);
}

/* Pin every directory strictly between root (a tree's resolved host path,
 * bound at inside) and real, which is in it: the helper for a guarded path
 * reached without links (Protect=). */
void
sbox_guard_pin_between (GPtrArray *ops, const char *root, const char *inside, const char *real,
                        const char *origin)
{
  if (!sbox_guard_is_under (real, root))
    return;
  g_autofree char *dir = g_path_get_dirname (real);
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  while (sbox_guard_is_under (dir, root) && !g_str_equal (dir, root))
    {
      char *up = g_path_get_dirname (dir);
      g_ptr_array_add (dirs, g_steal_pointer (&dir));
      dir = up;
    }
  for (guint i = dirs->len; i > 0; i--)
    {
      g_autofree char *in = sbox_guard_inside_of (root, inside, g_ptr_array_index (dirs, i - 1));
      add_pin (ops, in, origin);
    }
}

static void
push_components (GPtrArray *stack, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  for (guint i = g_strv_length (parts); i > 0; i--)
    if (*parts[i - 1] != '\0' && !g_str_equal (parts[i - 1], "."))
      g_ptr_array_add (stack, g_strdup (parts[i - 1]));
}

/* The directory entries a lookup of path passes, in order, each as its
 * resolved parent and its name: links on the way and the entries their
 * targets lead through included. Returns what path resolves to; NULL when
 * something on the way is missing or the links loop. */
static char *
walk_entries (const char *path, GPtrArray *entries)
{
  g_autoptr (GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cur = g_strdup ("/");
  guint links = 0;
  push_components (todo, path);
  while (todo->len > 0)
    {
      g_autofree char *name = g_ptr_array_steal_index (todo, todo->len - 1);
      if (g_str_equal (name, ".."))
        {
          char *up = g_path_get_dirname (cur);
          g_free (cur);
          cur = up;
          continue;
        }
      char *entry = g_build_filename (cur, name, NULL);
      struct stat st;
      if (lstat (entry, &st) != 0)
        {
          int errsv = errno;
          g_free (entry);
          errno = errsv; /* the caller tells missing from unreadable */
          return NULL;
        }
      g_ptr_array_add (entries, entry);
      if (S_ISLNK (st.st_mode))
        {
          char target[PATH_MAX];
          ssize_t n = readlink (entry, target, sizeof target - 1);
          if (n <= 0 || ++links > 40)
            return NULL;
          target[n] = '\0';
          push_components (todo, target);
          if (target[0] == '/')
            {
              g_free (cur);
              cur = g_strdup ("/");
            }
          continue;
        }
      g_free (cur);
      cur = g_strdup (entry);
    }
  return g_steal_pointer (&cur);
}

/* ---- broad grants ---- */

typedef struct
{
  const SboxFsOp *op;
  char *real; /* what its source resolves to */
} Grant;

static void
collect_grants (GPtrArray *ops, GArray *out)
{
  for (guint i = 0; i < ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (ops, i);
      /* The default view (no origin) binds only the system, never a home. */
      if ((op->kind != SBOX_FS_BIND && op->kind != SBOX_FS_RO_BIND && op->kind != SBOX_FS_DEV_BIND)
          || op->beneath != NULL || op->source == NULL || op->origin == NULL)
        continue;
      char *real = realpath (op->source, NULL);
      if (real == NULL)
        continue;
      Grant g = { op, real };
      g_array_append_val (out, g);
    }
}

static void
clear_grant (gpointer p)
{
  g_free (((Grant *) p)->real);
}

/* The grant that shows path: the deepest whose source holds it. */
static const Grant *
find_cover (GArray *grants, const char *real)
{
  const Grant *cover = NULL;
  for (guint i = 0; i < grants->len; i++)
    {
      const Grant *g = &g_array_index (grants, Grant, i);
      if (sbox_guard_is_under (real, g->real)
          && (cover == NULL || strlen (g->real) >= strlen (cover->real)))
        cover = g;
    }
  return cover;
}

/* Make a missing guarded path (empty) when a read-write grant would let
 * the sandbox make it: its nearest existing parent is under such a grant. */
static void
make_missing (const char *path, Make make, GArray *grants)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *real = NULL;
  while ((real = realpath (parent, NULL)) == NULL && errno == ENOENT && strcmp (parent, "/") != 0)
    {
      char *up = g_path_get_dirname (parent);
      g_free (parent);
      parent = up;
    }
  const Grant *cover = real ? find_cover (grants, real) : NULL;
  if (cover == NULL || cover->op->kind == SBOX_FS_RO_BIND)
    return;
  if (make == MAKE_DIR)
    {
      g_mkdir_with_parents (path, 0700);
      return;
    }
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_mkdir_with_parents (dir, 0700) == 0
               ? open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)
               : -1;
  if (fd >= 0)
    close (fd);
}

typedef struct
{
  GArray *grants;
  GPtrArray *ops;     /* what the guard adds */
  GPtrArray *guarded; /* the resolved paths hidden or made read-only */
  GPtrArray *scan;    /* guarded directories, shown or not, whose links lead on */
  GPtrArray *warnings;
  char *unreadable; /* a guarded path that could not be looked up: fail closed */
} Guard;

static gboolean
is_guarded (Guard *g, const char *real)
{
  for (guint i = 0; i < g->guarded->len; i++)
    if (sbox_guard_is_under (real, g_ptr_array_index (g->guarded, i)))
      return TRUE;
  return FALSE;
}

/* Pin the entries a lookup of the guarded path passes (all but the last,
 * which gets its own mount), where a read-write grant shows them. */
static void
pin_entries (Guard *g, GPtrArray *entries, const char *real, const char *path, const char *why)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const char *entry = g_ptr_array_index (entries, i);
      const Grant *cover = find_cover (g->grants, entry);
      if (g_str_equal (entry, real) || cover == NULL || cover->op->kind == SBOX_FS_RO_BIND
          || g_str_equal (entry, cover->real) || is_guarded (g, entry))
        continue; /* the guarded path itself, not writable, or a mount point already */
      g_autofree char *in = sbox_guard_inside_of (cover->real, cover->op->dest, entry);
      g_autofree char *origin = g_strdup_printf ("pinned under %s: on the way to %s (%s)",
                                                 cover->op->source, path, why);
      add_pin (g->ops, in, origin);
    }
}

/* Guard one host path: hide it (own state) or make it read-only, when a
 * broader grant shows it and no grant names it; and pin the way to it. */
static void
guard_path (Guard *g, const char *path, const char *why, gboolean hide, Make make)
{
  struct stat st;
  if (lstat (path, &st) != 0 && make != KEEP)
    make_missing (path, make, g->grants);
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  errno = 0;
  g_autofree char *real = walk_entries (path, entries);
  if (real == NULL)
    {
      /* An entry on the way the caller cannot look up (made unreadable by
       * an earlier sandbox, which can make it readable again) hides what
       * must be guarded. Missing is documented: a broad grant can create. */
      if (errno != 0 && errno != ENOENT && errno != ENOTDIR && g->unreadable == NULL)
        g->unreadable = g_strdup_printf ("%s: %s", path, g_strerror (errno));
      return;
    }
  for (guint i = 0; i < g->grants->len; i++)
    {
      const Grant *grant = &g_array_index (g->grants, Grant, i);
      if (g_str_equal (grant->real, real))
        {
          if (hide && g->warnings)
            g_ptr_array_add (g->warnings, g_strdup_printf ("%s exposes %s, %s (%s)",
                                                           grant->op->source, path, why,
                                                           grant->op->origin ? grant->op->origin
                                                                             : "command line"));
          return; /* named exactly: the grant means it */
        }
    }
  pin_entries (g, entries, real, path, why);
  if (!hide && stat (real, &st) == 0 && S_ISDIR (st.st_mode))
    g_ptr_array_add (g->scan, g_strdup (real));
  const Grant *cover = find_cover (g->grants, real);
  if (cover == NULL || (!hide && cover->op->kind == SBOX_FS_RO_BIND) || is_guarded (g, real))
    return;
  g_autofree char *inside = sbox_guard_inside_of (cover->real, cover->op->dest, real);
  SboxFsOp *op = sbox_fs_op_new (hide ? SBOX_FS_MASK : SBOX_FS_REMOUNT_RO, SBOX_FS_FLAG_TRY, NULL,
                                 inside);
  op->origin = g_strdup_printf ("guarded under %s: %s", cover->op->source, why);
  g_ptr_array_add (g->ops, op);
  g_ptr_array_add (g->guarded, g_steal_pointer (&real));
}

/* The links directly in a guarded directory lead the host on (a script in
 * ~/.local/bin linked from a checkout, an autostart entry from dotfiles):
 * what they lead to is guarded too, under whichever grant shows it, even
 * when none shows the directory. Bounded, as a directory can be huge. */
#define LINKS_SCANNED_MAX 4096

static void
guard_links_in (Guard *g, const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;
  while (d && (name = g_dir_read_name (d)))
    {
      if (++n > LINKS_SCANNED_MAX)
        {
          if (g->warnings)
            g_ptr_array_add (g->warnings,
                             g_strdup_printf ("%s holds more than %d entries: what links beyond "
                                              "them lead to is not guarded",
                                              dir, LINKS_SCANNED_MAX));
          return;
        }
      g_autofree char *path = g_build_filename (dir, name, NULL);
      struct stat st;
      if (lstat (path, &st) != 0 || !S_ISLNK (st.st_mode))
        continue;
      g_autofree char *why = g_strdup_printf ("what %s links to", path);
      guard_path (g, path, why, FALSE, KEEP);
    }
}

gboolean
sbox_guard_broad_grants (GPtrArray *home_ops, GPtrArray *grant_ops, const SboxExpandContext *caller,
                         GPtrArray *warnings, GError **error)
{
  g_autoptr (GArray) grants = g_array_new (FALSE, FALSE, sizeof (Grant));
  g_array_set_clear_func (grants, clear_grant);
  collect_grants (home_ops, grants);
  collect_grants (grant_ops, grants);
  if (grants->len == 0)
    return TRUE;
  g_autoptr (GPtrArray) added = g_ptr_array_new ();
  g_autoptr (GPtrArray) guarded = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) scan = g_ptr_array_new_with_free_func (g_free);
  Guard g = { grants, added, guarded, scan, warnings, NULL };
  for (gsize i = 0; i < G_N_ELEMENTS (own_state); i++)
    {
      g_autoptr (GPtrArray) paths = entry_paths (own_state[i].path, caller);
      for (guint j = 0; j < paths->len; j++)
        guard_path (&g, g_ptr_array_index (paths, j), own_state[i].why, TRUE, own_state[i].make);
    }
  const char *runtime = g_environ_getenv ((char **) caller->envp, "XDG_RUNTIME_DIR");
  if (runtime && g_path_is_absolute (runtime))
    {
      g_autofree char *instances = g_build_filename (runtime, "sbox", NULL);
      guard_path (&g, instances, "every running sandbox's instance directory", TRUE, MAKE_DIR);
    }
  g.warnings = NULL; /* a grant naming a launch point exactly means it */
  for (gsize i = 0; i < G_N_ELEMENTS (launch_points); i++)
    {
      g_autoptr (GPtrArray) paths = entry_paths (launch_points[i].path, caller);
      for (guint j = 0; j < paths->len; j++)
        guard_path (&g, g_ptr_array_index (paths, j), launch_points[i].why, FALSE,
                    launch_points[i].make);
    }
  g.warnings = warnings;
  for (guint i = 0, n = scan->len; i < n; i++)
    {
      g_autofree char *dir = g_strdup (g_ptr_array_index (scan, i));
      guard_links_in (&g, dir);
    }
  if (g.unreadable)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                   "cannot look up %s, which a broad grant must keep guarded; make it readable "
                   "again (chmod u+rx) or narrow the grant",
                   g.unreadable);
      g_free (g.unreadable);
      g_ptr_array_set_free_func (added, sbox_fs_op_free);
      return FALSE;
    }
  for (guint i = 0; i < added->len; i++)
    g_ptr_array_add (grant_ops, g_ptr_array_index (added, i));
  return TRUE;
}

gboolean
sbox_guard_names_own_state (const char *path, const SboxExpandContext *caller, char **what)
{
  g_autofree char *real = realpath (path, NULL);
  if (real == NULL)
    return FALSE;
  const Guarded *entry;
  g_autofree char *dir = first_place (own_state, G_N_ELEMENTS (own_state), path, FALSE, caller,
                                      &entry);
  if (dir == NULL)
    return FALSE;
  *what = g_strdup_printf ("%s, %s", dir, entry->why);
  return TRUE;
}

/* The first prefix of path (as spelled, cleaned) that resolves into one of
 * sbox's state directories, NULL when none does; *what names the state. */
static char *
first_prefix_in_state (const char *path, const SboxExpandContext *caller, char **what, char **state)
{
  g_autofree char *clean = g_canonicalize_filename (path, "/");
  g_autoptr (GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) whys = g_ptr_array_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (own_state); i++)
    {
      g_autoptr (GPtrArray) paths = entry_paths (own_state[i].path, caller);
      for (guint j = 0; j < paths->len; j++)
        {
          g_ptr_array_add (states, g_strdup (g_ptr_array_index (paths, j)));
          g_ptr_array_add (whys, (gpointer) own_state[i].why);
        }
    }
  const char *runtime = g_environ_getenv ((char **) caller->envp, "XDG_RUNTIME_DIR");
  if (runtime && g_path_is_absolute (runtime))
    {
      g_ptr_array_add (states, g_build_filename (runtime, "sbox", NULL));
      g_ptr_array_add (whys, (gpointer) "every running sandbox's instance directory");
    }
  for (char *slash = strchr (clean + 1, '/');; slash = strchr (slash + 1, '/'))
    {
      g_autofree char *prefix = slash ? g_strndup (clean, slash - clean) : g_strdup (clean);
      struct stat st;
      if (lstat (prefix, &st) != 0)
        return NULL;
      for (guint i = 0; i < states->len; i++)
        if (is_within (prefix, g_ptr_array_index (states, i)))
          {
            *what = g_strdup_printf ("%s, %s", (char *) g_ptr_array_index (states, i),
                                     (char *) g_ptr_array_index (whys, i));
            *state = g_strdup (g_ptr_array_index (states, i));
            return g_steal_pointer (&prefix);
          }
      if (slash == NULL)
        return NULL;
    }
}

gboolean
sbox_guard_check_grant (const char *source, const SboxExpandContext *caller, GError **error)
{
  g_autofree char *what = NULL, *state = NULL;
  g_autofree char *prefix = first_prefix_in_state (source, caller, &what, &state);
  g_autofree char *clean = g_canonicalize_filename (source, "/");
  if (prefix == NULL || sbox_guard_is_under (clean, state))
    return TRUE; /* no state, or spelled as the state's own path: the grant means it */
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
               "%s leads into %s through %s; a grant meaning it must name it as %s", source, what,
               prefix, state);
  return FALSE;
}
