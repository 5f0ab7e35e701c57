/* context.c — what a resolved profile means for the plan: the home, the
 * filesystem grants and revocations, caches, devices, namespaces,
 * environment and the settings carried for the doors and filters. What a
 * grant must not hand over is guard.c's; the grammar of the entries it
 * reads (checked when the profile loads) is grammar.c's. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "context.h"
#include "doors.h"
#include "instance.h"
#include "env.h"
#include "error.h"
#include "grammar.h"
#include "guard.h"
#include "protect.h"
#include "rlimits.h"
#include "view.h"

/* ---- building the plan ---- */

typedef struct
{
  SboxProfile *profile;
  const SboxExpandContext *caller;
  SboxPlan *plan;
  GPtrArray *grants; /* SboxFsOp* collected, sorted by depth before adding */
  GPtrArray *masks;  /* revoked paths, hidden after every grant and mount */
  char *runtime_dir; /* inside */
} Builder;

static SboxFsOp *
new_op (SboxFsKind kind, SboxFsFlags flags, const char *source, const char *dest,
        const char *origin)
{
  SboxFsOp *op = sbox_fs_op_new (kind, flags, source, dest);
  op->origin = g_strdup (origin);
  return op;
}

static SboxFsOp *
add_op (SboxPlan *plan, SboxFsKind kind, SboxFsFlags flags, const char *source, const char *dest,
        const char *origin)
{
  SboxFsOp *op = new_op (kind, flags, source, dest, origin);
  g_ptr_array_add (plan->sandbox.fs_ops, op);
  return op;
}

char *
sbox_context_private_base (const SboxExpandContext *caller)
{
  const char *data = g_environ_getenv ((char **) caller->envp, "XDG_DATA_HOME");
  if (data && g_path_is_absolute (data))
    return g_build_filename (data, "sbox", "home", NULL);
  return g_build_filename (caller->home, ".local", "share", "sbox", "home", NULL);
}

static const char *
storage_name (Builder *b)
{
  return b->profile->name ? b->profile->name : "default";
}

static gboolean
add_home (Builder *b, GError **error)
{
  const SboxSetting *setting = sbox_profile_get_setting (b->profile, SBOX_KEY_SANDBOX_HOME);
  const char *mode = setting ? setting->value : "tmpfs";
  const char *origin = setting ? setting->origin : NULL;
  const char *home = b->plan->sandbox.home;
  if (g_str_equal (home, "/"))
    return TRUE;
  if (g_str_equal (mode, "tmpfs"))
    add_op (b->plan, SBOX_FS_TMPFS, SBOX_FS_FLAG_NONE, NULL, home, origin)->mode = 0700;
  else if (g_str_equal (mode, "host-ro"))
    add_op (b->plan, SBOX_FS_RO_BIND, SBOX_FS_FLAG_NONE, home, home, origin);
  else if (g_str_equal (mode, "host"))
    add_op (b->plan, SBOX_FS_BIND, SBOX_FS_FLAG_NONE, home, home, origin);
  else
    {
      g_autofree char *base = sbox_context_private_base (b->caller);
      SboxFsOp *op = add_op (b->plan, SBOX_FS_BIND, SBOX_FS_FLAG_CREATE, base, home, origin);
      op->beneath = g_strdup (storage_name (b));
    }
  return TRUE;
}

static void
add_persistent (Builder *b)
{
  GPtrArray *list = sbox_profile_get_list (b->profile, SBOX_KEY_CONTEXT_PERSISTENT);
  g_autofree char *base = sbox_context_private_base (b->caller);
  for (guint i = 0; i < list->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (list, i);
      /* Bound even inside a private home: the walk creates it without
       * following links the app may have planted there. */
      g_autofree char *dest = g_build_filename (b->plan->sandbox.home, s->value, NULL);
      g_autofree char *clean = sbox_paths_clean_dest (dest, NULL);
      SboxFsOp *op = new_op (SBOX_FS_BIND, SBOX_FS_FLAG_CREATE, base, clean, s->origin);
      op->beneath = g_build_filename (storage_name (b), s->value, NULL);
      g_ptr_array_add (b->grants, op);
    }
}

/* host, host-os, host-etc: Flatpak's locations (/run/host for the system). */
static void
add_host_grant (Builder *b, const char *name, SboxGrantMode mode, const char *origin)
{
  SboxFsKind kind = mode == SBOX_GRANT_RO ? SBOX_FS_RO_BIND : SBOX_FS_BIND;
  if (g_str_equal (name, "host-os") || g_str_equal (name, "host"))
    {
      g_ptr_array_add (b->grants, new_op (SBOX_FS_RO_BIND, SBOX_FS_FLAG_NONE, "/usr",
                                          "/run/host/usr", origin));
      g_ptr_array_add (b->grants,
                       new_op (SBOX_FS_RO_BIND, SBOX_FS_FLAG_TRY, "/opt", "/opt", origin));
    }
  if (g_str_equal (name, "host-etc") || g_str_equal (name, "host"))
    g_ptr_array_add (b->grants,
                     new_op (SBOX_FS_RO_BIND, SBOX_FS_FLAG_NONE, "/etc", "/run/host/etc", origin));
  if (g_str_equal (name, "host"))
    {
      static const char *const shared_dirs[] = { "/media", "/mnt", "/srv", "/run/media" };
      for (gsize i = 0; i < G_N_ELEMENTS (shared_dirs); i++)
        g_ptr_array_add (b->grants,
                         new_op (kind, SBOX_FS_FLAG_TRY, shared_dirs[i], shared_dirs[i], origin));
      g_ptr_array_add (b->grants, new_op (kind, SBOX_FS_FLAG_NONE, b->plan->sandbox.home,
                                          b->plan->sandbox.home, origin));
    }
}

/* sbox's state directories as a grant may spell them: configuration,
 * storage (under $XDG_CONFIG_HOME and $XDG_DATA_HOME too) and the
 * instance directories. */
static char **
own_state_paths (const SboxExpandContext *caller)
{
  GPtrArray *out = g_ptr_array_new ();
  g_ptr_array_add (out, g_build_filename (caller->home, ".config", "sbox", NULL));
  g_ptr_array_add (out, g_build_filename (caller->home, ".local", "share", "sbox", NULL));
  static const char *const vars[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR" };
  for (gsize i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      const char *value = g_environ_getenv ((char **) caller->envp, vars[i]);
      if (value && g_path_is_absolute (value))
        g_ptr_array_add (out, g_build_filename (value, "sbox", NULL));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static gboolean
is_under_home (const char *path, const char *home)
{
  gsize len = strlen (home);
  while (len > 1 && home[len - 1] == '/')
    len--;
  return strncmp (path, home, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

/* Host source and sandbox destination of a path-like grant. */
static gboolean
resolve_grant (Builder *b, const char *path, const char *origin, char **source, char **dest,
               GError **error)
{
  const SboxExpandContext *caller = b->caller;
  g_autofree char *expanded = NULL;
  g_autofree char *dest_path = NULL;
  if (g_str_equal (path, "home"))
    expanded = g_strdup (caller->home);
  else if (g_str_has_prefix (path, "xdg-"))
    {
      g_autofree char *head = g_strdup (path);
      char *sub = strchr (head, '/');
      if (sub)
        *sub++ = '\0';
      if (g_str_equal (head, "xdg-run"))
        {
          const char *runtime = g_environ_getenv ((char **) caller->envp, "XDG_RUNTIME_DIR");
          if (runtime == NULL)
            return TRUE;
          expanded = g_build_filename (runtime, sub, NULL);
          dest_path = g_build_filename (b->runtime_dir, sub, NULL);
        }
      else
        {
          g_autofree char *refused = NULL;
          g_autofree char *dir = sbox_paths_xdg_dir (head, caller, &refused);
          if (refused && b->plan)
            g_ptr_array_add (b->plan->warnings,
                             g_strdup_printf ("%s: %s: filesystems=%s not granted", origin, refused,
                                              path));
          if (dir == NULL)
            return TRUE; /* not configured on this machine, or refused: nothing to grant */
          expanded = sub ? g_build_filename (dir, sub, NULL) : g_steal_pointer (&dir);
        }
    }
  else
    {
      expanded = sbox_paths_expand (path, caller, error);
      if (expanded == NULL)
        {
          g_prefix_error (error, "%s: [Context] filesystems: ", origin);
          return FALSE;
        }
    }

  /* A grant in the home must stay in it even through symlinks, judged on
   * what a confined walk opens (paths.h), as setup opens it again; a link
   * that dangles grants nothing, whatever appears at its end later. (An
   * xdg-* directory is judged by guard.c, then at setup.) */
  if (path[0] == '~'
      || (!g_str_has_prefix (path, "xdg-") && is_under_home (expanded, caller->home)))
    {
      g_autoptr (GError) why = NULL;
      g_auto (GStrv) own_state = own_state_paths (caller);
      g_autofree char *real = sbox_paths_real_source (expanded, caller->home,
                                                      (const char *const *) own_state, &why);
      struct stat st;
      if (real == NULL && errno == ENOENT && lstat (expanded, &st) == 0)
        return TRUE;
      if (real == NULL && errno == EXDEV)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "%s: [Context] filesystems: %s: %s",
                       origin, path, why->message);
          return FALSE;
        }
      g_autofree char *real_home = realpath (caller->home, NULL);
      if (real && real_home && !g_str_equal (real, real_home)
          && !(g_str_has_prefix (real, real_home) && real[strlen (real_home)] == '/'))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                       "%s: [Context] filesystems: %s leads out of the home directory through a "
                       "symlink (to %s)",
                       origin, path, real);
          return FALSE;
        }
    }
  *source = sbox_paths_clean_dest (expanded, error);
  if (*source == NULL)
    {
      g_prefix_error (error, "%s: [Context] filesystems: ", origin);
      return FALSE;
    }
  *dest = dest_path ? sbox_paths_clean_dest (dest_path, NULL) : g_strdup (*source);
  return TRUE;
}

static gboolean
add_filesystems (Builder *b, GError **error)
{
  GPtrArray *list = sbox_profile_get_list (b->profile, SBOX_KEY_CONTEXT_FILESYSTEMS);
  g_autoptr (GPtrArray) revoked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) revoked_origins = g_ptr_array_new ();
  for (guint i = 0; i < list->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (list, i);
      gboolean revoke = s->value[0] == '!';
      g_autofree char *path = NULL;
      SboxGrantMode mode;
      if (!sbox_grammar_parse_filesystem (s->value + (revoke ? 1 : 0), &path, &mode, error))
        return FALSE;
      if (g_strv_contains (sbox_grammar_plain_filesystems, path) && !g_str_equal (path, "home"))
        {
          if (!revoke)
            add_host_grant (b, path, mode, s->origin);
          continue;
        }
      g_autofree char *source = NULL, *dest = NULL;
      if (!resolve_grant (b, path, s->origin, &source, &dest, error))
        return FALSE;
      if (source == NULL)
        continue;
      if (!revoke && !sbox_guard_check_grant (source, b->caller, error))
        {
          g_prefix_error (error, "%s: [Context] filesystems: ", s->origin);
          return FALSE;
        }
      if (revoke)
        {
          g_ptr_array_add (revoked, g_steal_pointer (&dest));
          g_ptr_array_add (revoked_origins, s->origin);
          continue;
        }
      /* A profile names paths that may not exist on every machine, and
       * says nothing; a path typed on the command line is likely a typo. */
      struct stat st;
      if (mode != SBOX_GRANT_CREATE && b->plan && s->origin
          && g_str_equal (s->origin, SBOX_ORIGIN_COMMAND_LINE) && lstat (source, &st) != 0
          && errno == ENOENT)
        g_ptr_array_add (b->plan->warnings,
                         g_strdup_printf ("--filesystem=%s: %s does not exist, nothing granted",
                                          s->value, source));
      SboxFsKind kind = mode == SBOX_GRANT_RO ? SBOX_FS_RO_BIND : SBOX_FS_BIND;
      SboxFsFlags flags = mode == SBOX_GRANT_CREATE ? SBOX_FS_FLAG_CREATE : SBOX_FS_FLAG_TRY;
      g_ptr_array_add (b->grants, new_op (kind, flags, source, dest, s->origin));
    }

  /* A revoked path is hidden wherever it would still show: under a broader
   * grant, a host home or a raw mount. Where nothing shows it, the mask
   * finds nothing and is skipped. */
  for (guint i = 0; i < revoked->len; i++)
    g_ptr_array_add (b->masks,
                     new_op (SBOX_FS_MASK, SBOX_FS_FLAG_TRY, NULL, g_ptr_array_index (revoked, i),
                             g_ptr_array_index (revoked_origins, i)));
  return TRUE;
}

/* Whether the view already shows the host file at its own path (a grant
 * of a directory holding it), writable when asked. A file bound on its own
 * is a mount point: an editor's save by rename over it fails with EBUSY,
 * so a file the view shows anyway is better left unbound. */
static gboolean
shown_already (SboxPlan *plan, const char *path, gboolean read_only)
{
  const SboxFsOp *bind = NULL;
  g_autofree char *source = sbox_sandbox_host_path_for (&plan->sandbox, path, &bind);
  return source && g_str_equal (source, path) && (read_only || sbox_fs_op_is_writable (bind));
}

/* [Sandbox] FileArguments=ro|rw: each argument after the command that
 * names an existing file, or is a file:// URI of one, is bound at its real
 * path, that file alone (as a file manager or a terminal user means it),
 * and the argument is rewritten to that path, so a relative name or a
 * symlink names the same file inside. Directories are never forwarded:
 * "gedit ~" must not grant the home; nor are /proc, /sys and /dev files,
 * sbox's state or key stores; a launch point goes read-only (guard.c). */
static gboolean
add_file_arguments (Builder *b, GError **error)
{
  const SboxSetting *setting = sbox_profile_get_setting (b->profile,
                                                         SBOX_KEY_SANDBOX_FILE_ARGUMENTS);
  if (setting == NULL || g_str_equal (setting->value, "none"))
    return TRUE;
  gboolean read_only = g_str_equal (setting->value, "ro");
  GPtrArray *argv = b->plan->run.argv;
  for (guint i = 1; i < argv->len; i++)
    {
      const char *arg = g_ptr_array_index (argv, i);
      gboolean uri = g_str_has_prefix (arg, "file://");
      g_autofree char *named = NULL;
      if (uri)
        named = g_filename_from_uri (arg, NULL, NULL);
      else if (arg[0] != '-' && arg[0] != '\0')
        named = g_canonicalize_filename (arg, b->caller->cwd);
      struct stat st;
      if (named == NULL || stat (named, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      /* A link in a directory the user can write may have been planted by
       * a sandbox that writes there (~/Downloads → ~/.config/gh/hosts.yml);
       * only the file itself, named by its own path, is forwarded. */
      g_autofree char *link = sbox_paths_writable_link_on (named);
      if (link)
        {
          g_autofree char *target = g_file_read_link (link, NULL);
          g_ptr_array_add (b->plan->warnings,
                           g_strdup_printf ("argument %u (%s) goes through the symlink %s (to %s) "
                                            "in a directory a sandbox may write: not forwarded; "
                                            "name the file itself",
                                            i, arg, link, target ? target : "?"));
          continue;
        }
      g_autofree char *real = realpath (named, NULL);
      if (real == NULL || g_str_has_prefix (real, "/proc/") || g_str_has_prefix (real, "/sys/")
          || g_str_has_prefix (real, "/dev/"))
        continue;
      gboolean file_read_only = read_only;
      g_autofree char *why = NULL;
      if (!sbox_guard_file_argument (real, b->caller, &file_read_only, &why))
        {
          g_ptr_array_add (b->plan->warnings,
                           g_strdup_printf ("argument %u (%s) %s: not forwarded (a grant naming "
                                            "it, --filesystem=%s:ro, would be)",
                                            i, arg, why, real));
          continue;
        }
      if (why)
        g_ptr_array_add (b->plan->warnings,
                         g_strdup_printf ("argument %u (%s) %s: forwarded read-only", i, arg, why));
      g_autofree char *origin = g_strdup_printf ("argument %u (%s FileArguments=%s)", i,
                                                 setting->origin, setting->value);
      if (!shown_already (b->plan, real, file_read_only))
        g_ptr_array_add (b->plan->sandbox.fs_ops,
                         new_op (file_read_only ? SBOX_FS_RO_BIND : SBOX_FS_BIND, SBOX_FS_FLAG_NONE,
                                 real, real, origin));
      g_autofree char *rewritten = uri ? g_filename_to_uri (real, NULL, NULL) : g_strdup (real);
      if (rewritten && !g_str_equal (rewritten, arg))
        {
          g_free (g_ptr_array_index (argv, i));
          g_ptr_array_index (argv, i) = g_steal_pointer (&rewritten);
        }
    }
  return TRUE;
}

GPtrArray *
sbox_context_own_state_grants (SboxProfile *profile, const SboxExpandContext *caller)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *runtime_dir = sbox_view_runtime_dir (caller->uid);
  Builder b = { .profile = profile, .caller = caller, .runtime_dir = runtime_dir };
  GPtrArray *list = sbox_profile_get_list (profile, SBOX_KEY_CONTEXT_FILESYSTEMS);
  for (guint i = 0; i < list->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (list, i);
      g_autofree char *path = NULL, *source = NULL, *dest = NULL, *what = NULL;
      SboxGrantMode mode;
      if (s->value[0] == '!' || !sbox_grammar_parse_filesystem (s->value, &path, &mode, NULL)
          || g_strv_contains (sbox_grammar_plain_filesystems, path)
          || !resolve_grant (&b, path, s->origin, &source, &dest, NULL) || source == NULL)
        continue;
      if (sbox_guard_names_own_state (source, caller, &what))
        g_ptr_array_add (warnings, g_strdup_printf ("%s: filesystems=%s grants %s", s->origin,
                                                    s->value, what));
    }
  return warnings;
}

static guint
depth (const char *path)
{
  guint n = 0;
  for (const char *p = path; *p; p++)
    n += *p == '/';
  return n;
}

/* Parents before children. */
static gint
compare_grants (gconstpointer a, gconstpointer b)
{
  const SboxFsOp *x = *(SboxFsOp *const *) a, *y = *(SboxFsOp *const *) b;
  return (gint) depth (x->dest) - (gint) depth (y->dest);
}

static void
add_devices (Builder *b)
{
  GPtrArray *list = sbox_profile_get_list (b->profile, SBOX_KEY_CONTEXT_DEVICES);
  for (guint i = 0; i < list->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (list, i);
      sbox_plan_add_item (b->plan->sandbox.devices, s->value, s->origin);
      if (g_str_equal (s->value, "dri"))
        {
          add_op (b->plan, SBOX_FS_DEV_BIND, SBOX_FS_FLAG_TRY, "/dev/dri", "/dev/dri", s->origin);
          /* The proprietary NVIDIA driver needs its own nodes beside /dev/dri. */
          g_autoptr (GDir) dev = g_dir_open ("/dev", 0, NULL);
          const char *name;
          while (dev && (name = g_dir_read_name (dev)))
            if (g_str_has_prefix (name, "nvidia"))
              {
                g_autofree char *path = g_build_filename ("/dev", name, NULL);
                add_op (b->plan, SBOX_FS_DEV_BIND, SBOX_FS_FLAG_TRY, path, path, s->origin);
              }
        }
      else if (g_str_equal (s->value, "kvm"))
        add_op (b->plan, SBOX_FS_DEV_BIND, SBOX_FS_FLAG_TRY, "/dev/kvm", "/dev/kvm", s->origin);
      else if (g_str_equal (s->value, "input"))
        add_op (b->plan, SBOX_FS_DEV_BIND, SBOX_FS_FLAG_TRY, "/dev/input", "/dev/input", s->origin);
      else if (g_str_equal (s->value, "shm"))
        add_op (b->plan, SBOX_FS_BIND, SBOX_FS_FLAG_TRY, "/dev/shm", "/dev/shm", s->origin);
      else if (g_str_equal (s->value, "all"))
        {
          add_op (b->plan, SBOX_FS_DEV_BIND, SBOX_FS_FLAG_NONE, "/dev", "/dev", s->origin);
          g_ptr_array_add (b->plan->warnings,
                           g_strdup_printf ("devices=all exposes every host device (%s)",
                                            s->origin));
        }
    }
}

/* Move every op of from into the plan; from no longer owns them. */
static void
move_ops (SboxPlan *plan, GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (plan->sandbox.fs_ops, g_ptr_array_index (from, i));
  g_ptr_array_set_free_func (from, NULL);
  g_ptr_array_set_size (from, 0);
}

static gboolean
add_mounts (Builder *b, GError **error)
{
  GPtrArray *list = sbox_profile_get_list (b->profile, SBOX_KEY_SANDBOX_MOUNTS);
  g_autoptr (GPtrArray) mounts = g_ptr_array_new_with_free_func (sbox_fs_op_free);
  for (guint i = 0; i < list->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (list, i);
      g_auto (GStrv) parts = NULL;
      int k = sbox_grammar_find_mount (s->value, &parts);
      if (k < 0)
        continue; /* rejected while loading */
      /* "The project directory" must not turn into the whole home or its
       * secrets, however either is spelled. */
      if (strstr (s->value, "${PWD}") && !sbox_guard_check_project_dir (b->caller, error))
        {
          g_prefix_error (error, "%s: [Sandbox] Mounts: ", s->origin);
          return FALSE;
        }
      /* A ${PWD} source is the directory the caller is in, where it
       * physically is: reached through the caller's own link out of the
       * home (~/src -> /data/src), it is not a walk through that link.
       * (A symlink's target is a path inside, where ${PWD} is bound.) */
      g_autofree char *physical = realpath (b->caller->cwd, NULL);
      SboxExpandContext here = *b->caller;
      if (physical && sbox_grammar_mount_kinds[k].paths == 2
          && sbox_grammar_mount_kinds[k].kind != SBOX_FS_SYMLINK)
        here.cwd = physical;
      g_autofree char *first = NULL, *second = NULL;
      first = sbox_paths_expand (parts[1], &here, error);
      if (first && parts[2])
        second = sbox_paths_expand (parts[2], b->caller, error);
      if (first == NULL || (parts[2] && second == NULL))
        {
          g_prefix_error (error, "%s: [Sandbox] Mounts: ", s->origin);
          return FALSE;
        }
      const char *dest_raw = sbox_grammar_mount_kinds[k].paths == 2 ? second : first;
      g_autofree char *dest = sbox_paths_clean_dest (dest_raw, error);
      if (dest == NULL)
        {
          g_prefix_error (error, "%s: [Sandbox] Mounts: ", s->origin);
          return FALSE;
        }
      const char *source = sbox_grammar_mount_kinds[k].paths == 2 ? first : NULL;
      g_autofree char *abs_source = NULL;
      if (source && sbox_grammar_mount_kinds[k].kind != SBOX_FS_SYMLINK)
        source = abs_source = sbox_paths_clean_dest (source, NULL);
      if (sbox_grammar_mount_kinds[k].kind != SBOX_FS_SYMLINK
          && sbox_grammar_mount_kinds[k].paths == 2 && source == NULL)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                       "%s: [Sandbox] Mounts: source %s must be absolute", s->origin, first);
          return FALSE;
        }
      g_ptr_array_add (mounts, new_op (sbox_grammar_mount_kinds[k].kind,
                                       sbox_grammar_mount_kinds[k].flags, source, dest, s->origin));
    }
  /* A read-write bind here (${PWD} above all: a dotfiles checkout, ~/src
   * holding what ~/.zshrc links to, ~/.vim) is as broad as any grant:
   * the same guards keep sbox's state hidden and launch points read-only. */
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  if (!sbox_guard_broad_grants (none, mounts, b->caller, b->plan->warnings, error))
    return FALSE;
  move_ops (b->plan, mounts);
  return TRUE;
}

/* [Sandbox] Protect=: read-only remounts after every mount. */
static gboolean
add_protections (Builder *b, GError **error)
{
  GPtrArray *list = sbox_profile_get_list (b->profile, SBOX_KEY_SANDBOX_PROTECT);
  for (guint i = 0; i < list->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (list, i);
      const char *colon = strchr (s->value, ':');
      g_autofree char *expanded = sbox_paths_expand (colon + 1, b->caller, error);
      if (expanded == NULL && g_str_has_prefix (colon + 1, "${XDG_"))
        {
          /* A user directory that is not set: nothing is granted there (one
           * set where it is refused has failed its grant already). */
          g_clear_error (error);
          continue;
        }
      g_autofree char *dir = expanded ? sbox_paths_clean_dest (expanded, error) : NULL;
      if (dir == NULL || !sbox_protect_apply (b->plan, s->value, dir, s->origin, error))
        {
          g_prefix_error (error, "%s: [Sandbox] Protect: ", s->origin);
          return FALSE;
        }
    }
  return TRUE;
}

/* The directory holding every --cache: sbox's storage, never the cache's
 * own host directory (a build must not write ~/.cargo/bin on the host). */
char *
sbox_context_cache_base (const SboxExpandContext *caller)
{
  const char *data = g_environ_getenv ((char **) caller->envp, "XDG_DATA_HOME");
  if (data && g_path_is_absolute (data))
    return g_build_filename (data, "sbox", "cache", NULL);
  return g_build_filename (caller->home, ".local", "share", "sbox", "cache", NULL);
}

static gboolean
add_caches (Builder *b, GError **error)
{
  GPtrArray *list = sbox_profile_get_list (b->profile, SBOX_KEY_CONTEXT_CACHES);
  g_autofree char *base = sbox_context_cache_base (b->caller);
  for (guint i = 0; i < list->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (list, i);
      g_autofree char *expanded = sbox_paths_expand (s->value, b->caller, error);
      g_autofree char *dest = expanded ? sbox_paths_clean_dest (expanded, error) : NULL;
      if (dest == NULL)
        {
          g_prefix_error (error, "%s: [Context] caches: ", s->origin);
          return FALSE;
        }
      /* One directory per cache path: "/home/u/.cargo" is kept in
       * BASE/%2Fhome%2Fu%2F.cargo. */
      g_autofree char *name = g_uri_escape_string (dest, NULL, FALSE);
      g_autofree char *source = g_build_filename (base, name, NULL);
      /* Made now, not by the mount: a root caller's idmapped bind is
       * prepared from an existing directory. */
      if (g_mkdir_with_parents (source, 0700) != 0)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                       "%s: [Context] caches: cannot create %s: %s", s->origin, source,
                       g_strerror (errno));
          return FALSE;
        }
      g_ptr_array_add (b->grants,
                       new_op (SBOX_FS_BIND, SBOX_FS_FLAG_CREATE, source, dest, s->origin));
    }
  return TRUE;
}

static void
carry_list (SboxProfile *profile, SboxProfileKey key, GPtrArray *items)
{
  GPtrArray *list = sbox_profile_get_list (profile, key);
  for (guint i = 0; i < list->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (list, i);
      sbox_plan_add_item (items, s->value, s->origin);
    }
}

static gboolean
apply_scalars (Builder *b, GError **error)
{
  SboxProfile *profile = b->profile;
  SboxPlan *plan = b->plan;
  const char *value;
  if ((value = sbox_profile_get (profile, SBOX_KEY_PROFILE_APP_ID)))
    plan->app_id = g_strdup (value);
  if ((value = sbox_profile_get (profile, SBOX_KEY_SANDBOX_HOSTNAME)))
    {
      g_free (plan->sandbox.hostname);
      plan->sandbox.hostname = g_strdup (value);
    }
  if ((value = sbox_profile_get (profile, SBOX_KEY_SANDBOX_NEW_SESSION)))
    plan->run.new_session = g_str_equal (value, "true");
  if ((value = sbox_profile_get (profile, SBOX_KEY_SANDBOX_DIE_WITH_PARENT)))
    plan->run.die_with_parent = g_str_equal (value, "true");
  if ((value = sbox_profile_get (profile, SBOX_KEY_SANDBOX_SECCOMP)))
    {
      g_free (plan->sandbox.seccomp);
      plan->sandbox.seccomp = g_strdup (value);
    }
  if ((value = sbox_profile_get (profile, SBOX_KEY_SANDBOX_LANDLOCK)))
    {
      g_free (plan->sandbox.landlock);
      plan->sandbox.landlock = g_strdup (value);
    }
  const SboxSetting *fallback = sbox_profile_get_setting (profile, SBOX_KEY_SANDBOX_FALLBACK);
  if (fallback)
    {
      g_free (plan->run.fallback);
      plan->run.fallback = g_strdup (fallback->value);
      g_free (plan->run.fallback_origin);
      plan->run.fallback_origin = g_strdup (fallback->origin);
    }
  if ((value = sbox_profile_get (profile, SBOX_KEY_SANDBOX_TIMEOUT)))
    plan->run.timeout = (guint) g_ascii_strtoull (value, NULL, 10);

  GPtrArray *shared = sbox_profile_get_list (profile, SBOX_KEY_CONTEXT_SHARED);
  for (guint i = 0; i < shared->len; i++)
    {
      const char *s = ((SboxSetting *) g_ptr_array_index (shared, i))->value;
      if (g_str_equal (s, "network"))
        plan->sandbox.namespaces &= ~SBOX_NS_NET;
      else if (g_str_equal (s, "ipc"))
        plan->sandbox.namespaces &= ~SBOX_NS_IPC;
    }
  GPtrArray *rlimits = sbox_profile_get_list (profile, SBOX_KEY_SANDBOX_RLIMITS);
  for (guint i = 0; i < rlimits->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (rlimits, i);
      if (!sbox_limits_add_rlimit (plan, s->value, error))
        {
          g_prefix_error (error, "%s: [Sandbox] Rlimits: ", s->origin);
          return FALSE;
        }
    }
  carry_list (profile, SBOX_KEY_CONTEXT_SOCKETS, plan->sandbox.sockets);
  carry_list (profile, SBOX_KEY_CONTEXT_FEATURES, plan->sandbox.features);
  carry_list (profile, SBOX_KEY_SANDBOX_SECCOMP_ALLOW, plan->sandbox.seccomp_allow);
  carry_list (profile, SBOX_KEY_SANDBOX_SECCOMP_DENY, plan->sandbox.seccomp_deny);
  for (guint i = 0; i < profile->session_bus->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (profile->session_bus, i);
      sbox_plan_add_item (plan->sandbox.session_bus, s->value, s->origin);
    }
  for (guint i = 0; i < profile->system_bus->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (profile->system_bus, i);
      sbox_plan_add_item (plan->sandbox.system_bus, s->value, s->origin);
    }
  return TRUE;
}

static gboolean
apply_environment (Builder *b, GError **error)
{
  GPtrArray *keep = sbox_profile_get_list (b->profile, SBOX_KEY_SANDBOX_KEEP_ENVIRONMENT);
  g_autoptr (GPtrArray) patterns = g_ptr_array_new ();
  for (guint i = 0; i < keep->len; i++)
    g_ptr_array_add (patterns, ((SboxSetting *) g_ptr_array_index (keep, i))->value);
  g_ptr_array_add (patterns, NULL);
  sbox_env_scrub (b->plan, b->caller->envp, b->plan->sandbox.home, b->runtime_dir,
                  (const char *const *) patterns->pdata);

  for (guint i = 0; i < b->profile->environment->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (b->profile->environment, i);
      const char *eq = strchr (s->value, '=');
      g_assert (eq != NULL); /* the profile stores each entry as NAME=VALUE */
      g_autofree char *name = g_strndup (s->value, (gsize) (eq - s->value));
      if (eq[1] == '\0')
        {
          sbox_sandbox_unsetenv (&b->plan->sandbox, name);
          continue;
        }
      g_autofree char *value = sbox_paths_expand (eq + 1, b->caller, error);
      if (value == NULL)
        {
          g_prefix_error (error, "%s: [Environment] %s: ", s->origin, name);
          return FALSE;
        }
      sbox_sandbox_setenv (&b->plan->sandbox, name, value);
    }
  return TRUE;
}

gboolean
sbox_context_build_plan (SboxProfile *profile, const SboxExpandContext *caller, SboxPlan *plan,
                         GError **error)
{
  g_autoptr (GPtrArray) grants = g_ptr_array_new_with_free_func (sbox_fs_op_free);
  g_autoptr (GPtrArray) masks = g_ptr_array_new_with_free_func (sbox_fs_op_free);
  g_autofree char *runtime_dir = sbox_view_runtime_dir (plan->sandbox.ids.uid);
  Builder b = { .profile = profile,
                .caller = caller,
                .plan = plan,
                .grants = grants,
                .masks = masks,
                .runtime_dir = runtime_dir };

  g_strfreev (plan->sandbox.own_state);
  plan->sandbox.own_state = own_state_paths (caller);
  if (profile->name)
    {
      plan->profile_name = g_strdup (profile->name);
      plan->profile_path = g_strdup (profile->path);
    }
  if (!add_home (&b, error))
    return FALSE;
  add_persistent (&b);
  if (!add_filesystems (&b, error))
    return FALSE;
  /* Before the caches: their storage is sbox's own and named exactly. */
  if (!sbox_guard_broad_grants (plan->sandbox.fs_ops, grants, caller, plan->warnings, error)
      || !add_caches (&b, error))
    return FALSE;
  g_ptr_array_sort (grants, compare_grants);
  move_ops (plan, grants);
  if (!add_file_arguments (&b, error))
    return FALSE;
  add_devices (&b);
  if (!add_mounts (&b, error) || !add_protections (&b, error))
    return FALSE;
  if (!apply_scalars (&b, error) || !apply_environment (&b, error))
    return FALSE;
  /* Every sandbox has its directory: info for --list and --kill. */
  sbox_instance_prepare_dir (plan, caller);
  if (!sbox_doors_add (profile, caller, plan, error))
    return FALSE;
  move_ops (plan, masks);
  return TRUE;
}
