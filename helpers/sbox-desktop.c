/* sbox-desktop.c — application menu entries that start their applications
 * inside sbox.  It writes a copy of an application's .desktop file into the
 * user's applications directory, where it shadows the system one, with every
 * Exec= prefixed by "SBOX --profile=NAME --"; it lists, refreshes and removes
 * those copies, and optionally manages PROGRAM -> sbox symlinks.  It runs
 * outside any sandbox and needs no privileges. */
#include "config.h"
#include "installdirs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "desktop-exec.h"

#define ME "sbox-desktop"
#define GROUP "Desktop Entry"
#define ACTION_PREFIX "Desktop Action "
/* The keys that mark a file as ours and let list/refresh find the source. */
#define KEY_PROFILE "X-Sbox-Profile"
#define KEY_SOURCE "X-Sbox-Source"
#define KEY_CHECKSUM "X-Sbox-Source-Checksum"
/* The PROGRAM link --symlinks made, so disable removes it without --symlinks. */
#define KEY_SYMLINK "X-Sbox-Symlink"
/* false when --no-marker kept the application's own Name=. */
#define KEY_MARKER "X-Sbox-Name-Marker"
/* What the menu shows after the application's name, so that the sandboxed
 * launcher can be told from the application's own. */
#define NAME_MARKER " (sandboxed)"

enum
{
  EXIT_DONE = 0,
  EXIT_SOME_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  /* Command line. */
  const char *command;
  GPtrArray *names;
  gboolean all;
  gboolean json;
  char *profile;
  char *symlinks;
  char *sbox_opt;
  gboolean no_marker;
  /* Derived. */
  char *sbox;       /* absolute path written into Exec= */
  char *user_dir;   /* $XDG_DATA_HOME/applications */
  GPtrArray *profiles_avail; /* from sbox --list-profiles; NULL until loaded */
  gboolean changed; /* the user directory changed: update its database */
  int status;
} Ctx;

/* One installed (system) desktop file, the one that wins for its id. */
typedef struct
{
  char *id;      /* "org.gnome.Evince.desktop" */
  char *path;    /* absolute */
  char *program; /* basename of the Exec program; NULL if unusable */
  gboolean is_app;
} Source;

/* A parsed source file, ready to be turned into a wrapper. */
typedef struct
{
  char *path;
  char *checksum;
  GKeyFile *kf;
  char *program;
} Entry;

/* One of our files in the user directory. */
typedef struct
{
  char *id;
  char *path;
  char *profile;
  char *source;
  char *checksum;
  char *program;
  char *symlink;     /* the link --symlinks made, or NULL */
  gboolean no_marker; /* written with --no-marker */
} Wrapper;

static void
source_free (Source *s)
{
  g_free (s->id);
  g_free (s->path);
  g_free (s->program);
  g_free (s);
}

static void
entry_free (Entry *e)
{
  g_free (e->path);
  g_free (e->checksum);
  if (e->kf)
    g_key_file_unref (e->kf);
  g_free (e->program);
  g_free (e);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Entry, entry_free)

static void
wrapper_free (Wrapper *w)
{
  g_free (w->id);
  g_free (w->path);
  g_free (w->profile);
  g_free (w->source);
  g_free (w->checksum);
  g_free (w->program);
  g_free (w->symlink);
  g_free (w);
}

/* ------------------------------------------------------------------------
 * Reporting: one line per failure, the run goes on, the exit status says. */

static void G_GNUC_PRINTF (3, 4)
fail (Ctx *ctx, const char *what, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *why = NULL;

  va_start (ap, fmt);
  why = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, ME ": %s: %s\n", what, why);
  ctx->status = EXIT_SOME_FAILED;
}

static int G_GNUC_PRINTF (2, 3)
usage_error (const char *what, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *why = NULL;

  va_start (ap, fmt);
  why = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, ME ": %s: %s (see " ME " --help)\n", what, why);
  return EXIT_USAGE;
}

/* ------------------------------------------------------------------------
 * Profiles, as sbox itself lists them (SBOX_PROFILE_PATH and all). */

static gboolean
profiles_load (Ctx *ctx)
{
  const char *argv[] = { ctx->sbox, "--list-profiles", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  int wait_status;

  if (ctx->profiles_avail != NULL)
    return TRUE;
  ctx->profiles_avail = g_ptr_array_new_with_free_func (g_free);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &wait_status, &error)
      || !g_spawn_check_exit_status (wait_status, &error))
    {
      if (err != NULL)
        g_strstrip (err);
      fail (ctx, ctx->sbox, "cannot list profiles: %s%s%s", error->message,
            err && *err ? ": " : "", err ? err : "");
      return FALSE;
    }
  /* One profile a line; the name is the first word, the rest describes it. */
  lines = g_strsplit (out, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (*l), " \t", 2);
      if (words[0] != NULL && *words[0] != '\0')
        g_ptr_array_add (ctx->profiles_avail, g_strdup (words[0]));
    }
  return TRUE;
}

/* The listed name equal to NAME, or NULL. */
static const char *
profile_lookup (Ctx *ctx, const char *name)
{
  guint i;

  if (name == NULL || !profiles_load (ctx)
      || !g_ptr_array_find_with_equal_func (ctx->profiles_avail, name, g_str_equal, &i))
    return NULL;
  return g_ptr_array_index (ctx->profiles_avail, i);
}

/* The profile sbox would pick by name: the program's, else the id's. */
static const char *
profile_match (Ctx *ctx, const char *program, const char *id)
{
  g_autofree char *stem = g_strndup (id, strlen (id) - strlen (".desktop"));
  const char *found = profile_lookup (ctx, program);

  return found ? found : profile_lookup (ctx, stem);
}

/* ------------------------------------------------------------------------
 * Installed desktop files. */

static char *
desktop_id (const char *name)
{
  return g_str_has_suffix (name, ".desktop") ? g_strdup (name)
                                             : g_strconcat (name, ".desktop", NULL);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Reads the two facts every source needs; failures just make it unusable. */
static void
source_probe (Source *s)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *type = NULL;
  g_autofree char *exec = NULL;
  g_autoptr (GPtrArray) argv = NULL;

  if (!g_key_file_load_from_file (kf, s->path, G_KEY_FILE_NONE, NULL))
    return;
  type = g_key_file_get_string (kf, GROUP, "Type", NULL);
  exec = g_key_file_get_string (kf, GROUP, "Exec", NULL);
  if (exec == NULL || (argv = sbox_desktop_exec_split (exec, NULL)) == NULL)
    return;
  s->program = sbox_desktop_exec_program (argv, 0);
  s->is_app = type != NULL && g_str_equal (type, "Application") && s->program != NULL
              && !g_key_file_has_key (kf, GROUP, KEY_PROFILE, NULL);
}

/* Walks BASE/REL; ids are relative paths with '/' turned into '-', as the
 * specification says, and the first directory to hold an id wins. */
static void
scan_dir (const char *base, const char *rel, int depth, GHashTable *seen, GPtrArray *out)
{
  g_autofree char *dir_path = rel ? g_build_filename (base, rel, NULL) : g_strdup (base);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL || depth > 8)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir_path, n, NULL);
      g_autofree char *sub = rel ? g_build_filename (rel, n, NULL) : g_strdup (n);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        scan_dir (base, sub, depth + 1, seen, out);
      else if (g_str_has_suffix (n, ".desktop"))
        {
          g_autofree char *id = g_strdelimit (g_strdup (sub), "/", '-');
          Source *s;

          if (g_hash_table_contains (seen, id))
            continue;
          s = g_new0 (Source, 1);
          s->id = g_steal_pointer (&id);
          s->path = g_steal_pointer (&path);
          source_probe (s);
          g_hash_table_add (seen, g_strdup (s->id));
          g_ptr_array_add (out, s);
        }
    }
}

/* The system's desktop files in priority order, each id once.  The user's
 * own directory is never a source: that is where our copies live. */
static GPtrArray *
sources_scan (Ctx *ctx)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  const char *const *dirs = g_get_system_data_dirs ();

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *abs = g_canonicalize_filename (dirs[i], NULL);
      g_autofree char *apps = g_build_filename (abs, "applications", NULL);
      if (g_str_equal (apps, ctx->user_dir))
        continue;
      scan_dir (apps, NULL, 0, seen, out);
    }
  return out;
}

static char *
system_dirs_text (void)
{
  const char *const *dirs = g_get_system_data_dirs ();
  g_autoptr (GString) s = g_string_new (NULL);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *apps = g_build_filename (dirs[i], "applications", NULL);
      g_string_append_printf (s, "%s%s", i ? ", " : "", apps);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* NAME is a desktop id (with or without .desktop) or a command name. */
static Source *
source_find (GPtrArray *sources, const char *name)
{
  g_autofree char *id = desktop_id (name);

  for (guint i = 0; i < sources->len; i++)
    {
      Source *s = g_ptr_array_index (sources, i);
      if (g_str_equal (s->id, id))
        return s;
    }
  for (guint i = 0; i < sources->len; i++)
    {
      Source *s = g_ptr_array_index (sources, i);
      if (s->is_app && g_str_equal (s->program, name))
        return s;
    }
  return NULL;
}

/* ------------------------------------------------------------------------
 * Files in the user directory. */

typedef enum
{
  USER_FILE_ABSENT,
  USER_FILE_OURS,
  USER_FILE_FOREIGN,
} UserFile;

/* Only a regular file carrying X-Sbox-Profile is ours to replace or remove;
 * a symlink there is the user's doing even if it points at one of ours. */
static UserFile
user_file_state (const char *path)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return errno == ENOENT ? USER_FILE_ABSENT : USER_FILE_FOREIGN;
  if (!S_ISREG (st.st_mode) || !g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return USER_FILE_FOREIGN;
  return g_key_file_has_key (kf, GROUP, KEY_PROFILE, NULL) ? USER_FILE_OURS : USER_FILE_FOREIGN;
}

static Wrapper *
wrapper_load (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *exec = NULL;
  g_autoptr (GPtrArray) argv = NULL;
  Wrapper *w;

  if (user_file_state (path) != USER_FILE_OURS
      || !g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  w = g_new0 (Wrapper, 1);
  w->id = g_strdup (name);
  w->path = g_steal_pointer (&path);
  w->profile = g_key_file_get_string (kf, GROUP, KEY_PROFILE, NULL);
  w->source = g_key_file_get_string (kf, GROUP, KEY_SOURCE, NULL);
  w->checksum = g_key_file_get_string (kf, GROUP, KEY_CHECKSUM, NULL);
  w->symlink = g_key_file_get_string (kf, GROUP, KEY_SYMLINK, NULL);
  w->no_marker = g_key_file_has_key (kf, GROUP, KEY_MARKER, NULL)
                 && !g_key_file_get_boolean (kf, GROUP, KEY_MARKER, NULL);
  /* The original program follows the first "--" of our Exec=. */
  exec = g_key_file_get_string (kf, GROUP, "Exec", NULL);
  if (exec != NULL && (argv = sbox_desktop_exec_split (exec, NULL)) != NULL)
    for (guint i = 1; i < argv->len; i++)
      if (g_str_equal (g_ptr_array_index (argv, i), "--"))
        {
          w->program = sbox_desktop_exec_program (argv, i + 1);
          break;
        }
  return w;
}

/* Our wrappers, sorted by id. */
static GPtrArray *
wrappers_scan (Ctx *ctx)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) wrapper_free);
  g_autoptr (GDir) dir = g_dir_open (ctx->user_dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return out;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".desktop"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      Wrapper *w = wrapper_load (ctx->user_dir, g_ptr_array_index (names, i));
      if (w != NULL)
        g_ptr_array_add (out, w);
    }
  return out;
}

static char *
checksum_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* ------------------------------------------------------------------------
 * Building a wrapper. */

static Entry *
entry_load (const char *path, GError **error)
{
  g_autoptr (Entry) e = g_new0 (Entry, 1);
  g_autofree char *data = NULL;
  g_autofree char *type = NULL;
  g_autofree char *exec = NULL;
  g_autoptr (GPtrArray) argv = NULL;
  gsize len;

  e->path = g_strdup (path);
  e->kf = g_key_file_new ();
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  e->checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  if (!g_key_file_load_from_data (e->kf, data, len,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, error))
    return NULL;
  type = g_key_file_get_string (e->kf, GROUP, "Type", error);
  if (type == NULL)
    return NULL;
  if (!g_str_equal (type, "Application"))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "Type=%s, not an application", type);
      return NULL;
    }
  if (g_key_file_has_key (e->kf, GROUP, KEY_PROFILE, NULL))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "already starts its application in sbox");
      return NULL;
    }
  exec = g_key_file_get_string (e->kf, GROUP, "Exec", NULL);
  if (exec == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                   "no Exec= to wrap (D-Bus activation only)");
      return NULL;
    }
  argv = sbox_desktop_exec_split (exec, error);
  if (argv == NULL)
    return NULL;
  e->program = sbox_desktop_exec_program (argv, 0);
  return g_steal_pointer (&e);
}

static gboolean
program_found (const char *name)
{
  g_autofree char *found = NULL;

  if (g_path_is_absolute (name))
    return g_file_test (name, G_FILE_TEST_IS_EXECUTABLE);
  found = g_find_program_in_path (name);
  return found != NULL;
}

/* Rewrites E's key file in place and returns the bytes to write. */
/* Name= and each translated Name[LL]= get the marker. */
static void
mark_names (GKeyFile *kf)
{
  g_auto (GStrv) keys = g_key_file_get_keys (kf, GROUP, NULL, NULL);

  for (char **k = keys; k && *k; k++)
    {
      g_autofree char *value = NULL;
      g_autofree char *marked = NULL;

      if (!g_str_equal (*k, "Name") && !g_str_has_prefix (*k, "Name["))
        continue;
      value = g_key_file_get_value (kf, GROUP, *k, NULL);
      if (value == NULL || g_str_has_suffix (value, NAME_MARKER))
        continue;
      marked = g_strconcat (value, NAME_MARKER, NULL);
      g_key_file_set_value (kf, GROUP, *k, marked);
    }
}

static char *
entry_wrap (Ctx *ctx, Entry *e, const char *profile, const char *link, gboolean no_marker,
            GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (e->kf, NULL);
  g_autofree char *profile_arg = g_strconcat ("--profile=", profile, NULL);
  g_autofree char *try_exec = NULL;

  for (char **g = groups; *g != NULL; g++)
    {
      g_autofree char *old = NULL;
      g_autoptr (GPtrArray) argv = NULL;
      g_autoptr (GString) out = g_string_new (NULL);

      if (!g_str_equal (*g, GROUP) && !g_str_has_prefix (*g, ACTION_PREFIX))
        continue;
      old = g_key_file_get_string (e->kf, *g, "Exec", NULL);
      if (old == NULL)
        continue;
      argv = sbox_desktop_exec_split (old, error);
      if (argv == NULL)
        {
          g_prefix_error (error, "[%s]: ", *g);
          return NULL;
        }
      sbox_desktop_exec_append_literal (out, ctx->sbox);
      sbox_desktop_exec_append_literal (out, profile_arg);
      g_string_append (out, " --");
      for (guint i = 0; i < argv->len; i++)
        sbox_desktop_exec_append_quoted (out, g_ptr_array_index (argv, i));
      /* set_string adds the key-file escaping (\\ for each backslash). */
      g_key_file_set_string (e->kf, *g, "Exec", out->str);
    }

  /* Launchers prefer D-Bus activation, which would start the application
   * outside the sandbox. */
  g_key_file_remove_key (e->kf, GROUP, "DBusActivatable", NULL);

  /* TryExec still hides the entry once the application is uninstalled; drop
   * it only where it would hide an entry whose program is there. */
  try_exec = g_key_file_get_string (e->kf, GROUP, "TryExec", NULL);
  if (try_exec != NULL && !program_found (try_exec))
    {
      g_autoptr (GKeyFile) orig = g_key_file_new ();
      g_autofree char *orig_exec = NULL;
      g_autoptr (GPtrArray) argv = NULL;

      if (g_key_file_load_from_file (orig, e->path, G_KEY_FILE_NONE, NULL)
          && (orig_exec = g_key_file_get_string (orig, GROUP, "Exec", NULL)) != NULL
          && (argv = sbox_desktop_exec_split (orig_exec, NULL)) != NULL
          && program_found (g_ptr_array_index (argv, 0)))
        g_key_file_remove_key (e->kf, GROUP, "TryExec", NULL);
    }

  if (no_marker)
    g_key_file_set_boolean (e->kf, GROUP, KEY_MARKER, FALSE);
  else
    mark_names (e->kf);
  if (link != NULL)
    g_key_file_set_string (e->kf, GROUP, KEY_SYMLINK, link);
  g_key_file_set_string (e->kf, GROUP, KEY_PROFILE, profile);
  g_key_file_set_string (e->kf, GROUP, KEY_SOURCE, e->path);
  g_key_file_set_string (e->kf, GROUP, KEY_CHECKSUM, e->checksum);
  return g_key_file_to_data (e->kf, NULL, error);
}

static void
database_update (Ctx *ctx)
{
  g_autofree char *prog = g_find_program_in_path ("update-desktop-database");
  const char *argv[] = { prog, "-q", ctx->user_dir, NULL };
  g_autoptr (GError) error = NULL;
  int wait_status;

  if (!ctx->changed || prog == NULL || !g_file_test (ctx->user_dir, G_FILE_TEST_IS_DIR))
    return;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &wait_status, &error)
      || !g_spawn_check_exit_status (wait_status, &error))
    fail (ctx, "update-desktop-database", "%s", error->message);
}

/* ------------------------------------------------------------------------
 * Symlinks PROGRAM -> sbox. */

static gboolean
link_is_ours (Ctx *ctx, const char *path)
{
  g_autofree char *target = g_file_read_link (path, NULL);
  char a[PATH_MAX], b[PATH_MAX];

  if (target == NULL)
    return FALSE;
  if (g_str_equal (target, ctx->sbox))
    return TRUE;
  return realpath (path, a) != NULL && realpath (ctx->sbox, b) != NULL && strcmp (a, b) == 0;
}

static void
symlink_add (Ctx *ctx, const char *program)
{
  g_autofree char *path = g_build_filename (ctx->symlinks, program, NULL);

  if (g_mkdir_with_parents (ctx->symlinks, 0755) != 0)
    {
      fail (ctx, ctx->symlinks, "cannot create: %s", g_strerror (errno));
      return;
    }
  if (symlink (ctx->sbox, path) == 0)
    {
      printf ("linked %s -> %s\n", path, ctx->sbox);
      return;
    }
  if (errno != EEXIST)
    fail (ctx, path, "cannot create the link: %s", g_strerror (errno));
  else if (!link_is_ours (ctx, path))
    fail (ctx, path, "exists and is not a link to %s; left alone", ctx->sbox);
}

static void
link_remove (Ctx *ctx, const char *path)
{
  GStatBuf st;

  /* Anything else by that name is not ours to report on or remove. */
  if (g_lstat (path, &st) != 0 || !link_is_ours (ctx, path))
    return;
  if (g_unlink (path) != 0)
    fail (ctx, path, "cannot remove: %s", g_strerror (errno));
  else
    printf ("unlinked %s\n", path);
}

static void
symlink_remove (Ctx *ctx, const char *program)
{
  g_autofree char *path = g_build_filename (ctx->symlinks, program, NULL);

  link_remove (ctx, path);
}

/* ------------------------------------------------------------------------
 * Commands. */

/* Writes the wrapper for SOURCE_PATH as ID; PROFILE NULL picks by name.
 * OLD is the wrapper refresh rewrites (its link and marker choice stay). */
static void
wrap_one (Ctx *ctx, const char *id, const char *source_path, const char *profile,
          const Wrapper *old)
{
  gboolean refresh = old != NULL;
  g_autofree char *link = NULL;
  g_autofree char *target = g_build_filename (ctx->user_dir, id, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (Entry) e = NULL;
  g_autofree char *data = NULL;

  if (user_file_state (target) == USER_FILE_FOREIGN)
    {
      fail (ctx, target, "exists and was not written by " ME "; left alone");
      return;
    }
  e = entry_load (source_path, &error);
  if (e == NULL)
    {
      fail (ctx, source_path, "%s", error->message);
      return;
    }
  if (profile == NULL)
    profile = profile_match (ctx, e->program, id);
  if (profile == NULL)
    profile = "default";
  if (refresh)
    link = g_strdup (old->symlink);
  else if (ctx->symlinks != NULL && e->program != NULL)
    link = g_build_filename (ctx->symlinks, e->program, NULL);
  data = entry_wrap (ctx, e, profile, link, refresh ? old->no_marker : ctx->no_marker, &error);
  if (data == NULL)
    {
      fail (ctx, source_path, "%s", error->message);
      return;
    }
  if (g_mkdir_with_parents (ctx->user_dir, 0755) != 0)
    {
      fail (ctx, ctx->user_dir, "cannot create: %s", g_strerror (errno));
      return;
    }
  if (!g_file_set_contents (target, data, -1, &error))
    {
      fail (ctx, target, "%s", error->message);
      return;
    }
  ctx->changed = TRUE;
  if (refresh)
    printf ("rewrote %s (%s changed)\n", id, source_path);
  else
    printf ("enabled %s (profile %s)\n", id, profile);
  if (ctx->symlinks != NULL && e->program != NULL)
    symlink_add (ctx, e->program);
}

static void
cmd_enable (Ctx *ctx)
{
  g_autoptr (GPtrArray) sources = sources_scan (ctx);

  if (!profiles_load (ctx))
    return;
  if (ctx->all)
    {
      for (guint i = 0; i < sources->len; i++)
        {
          Source *s = g_ptr_array_index (sources, i);
          const char *profile = s->is_app ? profile_match (ctx, s->program, s->id) : NULL;
          if (profile != NULL && !g_str_equal (profile, "default"))
            wrap_one (ctx, s->id, s->path, profile, NULL);
        }
      return;
    }
  for (guint i = 0; i < ctx->names->len; i++)
    {
      const char *name = g_ptr_array_index (ctx->names, i);
      Source *s = source_find (sources, name);
      if (s == NULL)
        {
          g_autofree char *dirs = system_dirs_text ();
          g_autofree char *id = desktop_id (name);
          fail (ctx, name, "not installed: no menu entry %s and none whose Exec= runs %s (in %s)",
                id, name, dirs);
        }
      else
        wrap_one (ctx, s->id, s->path, ctx->profile, NULL);
    }
}

static void
unwrap_one (Ctx *ctx, Wrapper *w)
{
  if (g_unlink (w->path) != 0)
    {
      fail (ctx, w->path, "cannot remove: %s", g_strerror (errno));
      return;
    }
  ctx->changed = TRUE;
  printf ("disabled %s\n", w->id);
  if (ctx->symlinks != NULL && w->program != NULL)
    symlink_remove (ctx, w->program);
  else if (w->symlink != NULL)
    link_remove (ctx, w->symlink);
}

static void
cmd_disable (Ctx *ctx)
{
  g_autoptr (GPtrArray) wrappers = wrappers_scan (ctx);

  if (ctx->all)
    {
      g_autoptr (GDir) dir = NULL;
      const char *name;

      for (guint i = 0; i < wrappers->len; i++)
        unwrap_one (ctx, g_ptr_array_index (wrappers, i));
      /* Links whose wrapper is already gone go too. */
      if (ctx->symlinks != NULL && (dir = g_dir_open (ctx->symlinks, 0, NULL)) != NULL)
        while ((name = g_dir_read_name (dir)) != NULL)
          {
            g_autofree char *path = g_build_filename (ctx->symlinks, name, NULL);
            if (link_is_ours (ctx, path))
              symlink_remove (ctx, name);
          }
      return;
    }
  for (guint i = 0; i < ctx->names->len; i++)
    {
      const char *name = g_ptr_array_index (ctx->names, i);
      g_autofree char *id = desktop_id (name);
      g_autofree char *path = g_build_filename (ctx->user_dir, id, NULL);
      gboolean found = FALSE;

      if (user_file_state (path) == USER_FILE_FOREIGN)
        {
          fail (ctx, path, "was not written by " ME "; left alone");
          continue;
        }
      for (guint j = 0; j < wrappers->len; j++)
        {
          Wrapper *w = g_ptr_array_index (wrappers, j);
          if (g_str_equal (w->id, id) || (w->program && g_str_equal (w->program, name)))
            {
              unwrap_one (ctx, w);
              found = TRUE;
            }
        }
      if (found)
        continue;
      if (ctx->symlinks != NULL)
        {
          g_autofree char *link = g_build_filename (ctx->symlinks, name, NULL);
          if (link_is_ours (ctx, link))
            {
              symlink_remove (ctx, name);
              continue;
            }
        }
      fail (ctx, name, "no wrapper in %s", ctx->user_dir);
    }
}

static const char *
wrapper_state (Wrapper *w)
{
  g_autofree char *sum = NULL;

  if (w->source == NULL || !g_file_test (w->source, G_FILE_TEST_EXISTS))
    return "orphaned";
  sum = checksum_file (w->source, NULL);
  if (sum == NULL || w->checksum == NULL || !g_str_equal (sum, w->checksum))
    return "stale";
  return "ok";
}

static void
json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) (s ? s : ""); *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Rows (arrays of strings) as a JSON array of objects with these keys. */
static void
json_rows (GString *out, GPtrArray *rows, const char *const *keys, guint nkeys)
{
  g_string_append_c (out, '[');
  for (guint r = 0; r < rows->len; r++)
    {
      const char **row = g_ptr_array_index (rows, r);
      g_string_append (out, r ? ", {" : "{");
      for (guint k = 0; k < nkeys; k++)
        {
          g_string_append (out, k ? ", " : "");
          json_string (out, keys[k]);
          g_string_append (out, ": ");
          json_string (out, row[k]);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* Orders table rows (arrays of strings) by their first column. */
static gint
compare_rows (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(const char *const *const *) a)[0], (*(const char *const *const *) b)[0]);
}

/* Prints ROWS (arrays of NCOLS strings) under HEADER with aligned columns. */
static void
print_table (const char *title, const char *const *header, guint ncols, GPtrArray *rows)
{
  int width[8] = { 0 };

  printf ("%s\n", title);
  if (rows->len == 0)
    {
      printf ("  (none)\n");
      return;
    }
  for (guint c = 0; c < ncols; c++)
    width[c] = strlen (header[c]);
  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < ncols; c++)
      width[c] = MAX (width[c], (int) strlen (((char **) g_ptr_array_index (rows, r))[c]));
  for (guint r = 0; r <= rows->len; r++)
    {
      const char *const *row = r == 0 ? header : g_ptr_array_index (rows, r - 1);
      printf (" ");
      for (guint c = 0; c + 1 < ncols; c++)
        printf (" %-*s", width[c], row[c]);
      printf (" %s\n", row[ncols - 1]);
    }
}

static void
cmd_list (Ctx *ctx)
{
  g_autoptr (GPtrArray) wrappers = wrappers_scan (ctx);
  g_autoptr (GPtrArray) sources = sources_scan (ctx);
  g_autoptr (GPtrArray) wrapped_rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) other_rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) wrapped_ids = g_hash_table_new (g_str_hash, g_str_equal);
  static const char *const wrapped_header[] = { "ID", "PROFILE", "STATE", "SOURCE" };
  static const char *const other_header[] = { "ID", "PROFILE", "SOURCE" };

  for (guint i = 0; i < wrappers->len; i++)
    {
      Wrapper *w = g_ptr_array_index (wrappers, i);
      const char **row = g_new0 (const char *, 4);
      row[0] = w->id;
      row[1] = w->profile ? w->profile : "";
      row[2] = wrapper_state (w);
      row[3] = w->source ? w->source : "";
      g_ptr_array_add (wrapped_rows, row);
      g_hash_table_add (wrapped_ids, w->id);
    }
  profiles_load (ctx);
  for (guint i = 0; i < sources->len; i++)
    {
      Source *s = g_ptr_array_index (sources, i);
      const char *profile = s->is_app ? profile_match (ctx, s->program, s->id) : NULL;
      const char **row;

      if (profile == NULL || g_str_equal (profile, "default")
          || g_hash_table_contains (wrapped_ids, s->id))
        continue;
      row = g_new0 (const char *, 3);
      row[0] = s->id;
      row[1] = profile;
      row[2] = s->path;
      g_ptr_array_add (other_rows, row);
    }
  g_ptr_array_sort (other_rows, compare_rows);

  if (ctx->json)
    {
      static const char *const wrapped_keys[] = { "id", "profile", "state", "source" };
      static const char *const other_keys[] = { "id", "profile", "source" };
      g_autoptr (GString) out = g_string_new ("{\"wrapped\": ");
      json_rows (out, wrapped_rows, wrapped_keys, G_N_ELEMENTS (wrapped_keys));
      g_string_append (out, ", \"unwrapped\": ");
      json_rows (out, other_rows, other_keys, G_N_ELEMENTS (other_keys));
      g_string_append (out, "}\n");
      fputs (out->str, stdout);
      return;
    }
  print_table ("Wrapped:", wrapped_header, 4, wrapped_rows);
  print_table ("Not wrapped, with a profile:", other_header, 3, other_rows);
}

static void
cmd_refresh (Ctx *ctx)
{
  g_autoptr (GPtrArray) wrappers = wrappers_scan (ctx);

  for (guint i = 0; i < wrappers->len; i++)
    {
      Wrapper *w = g_ptr_array_index (wrappers, i);
      const char *state = wrapper_state (w);

      if (g_str_equal (state, "orphaned"))
        {
          if (g_unlink (w->path) != 0)
            fail (ctx, w->path, "cannot remove: %s", g_strerror (errno));
          else
            {
              ctx->changed = TRUE;
              printf ("removed %s (%s is gone)\n", w->id, w->source ? w->source : "source");
            }
        }
      else if (g_str_equal (state, "stale"))
        /* The profile recorded at enable time, which --profile may have set. */
        wrap_one (ctx, w->id, w->source, w->profile, w);
    }
}

/* ------------------------------------------------------------------------
 * Command line. */

typedef struct
{
  const char *name;
  gboolean takes_value;
  size_t offset; /* of a gboolean or a char * in Ctx */
} Option;

static const Option options[] = {
  { "--all", FALSE, G_STRUCT_OFFSET (Ctx, all) },
  { "--json", FALSE, G_STRUCT_OFFSET (Ctx, json) },
  { "--profile", TRUE, G_STRUCT_OFFSET (Ctx, profile) },
  { "--symlinks", TRUE, G_STRUCT_OFFSET (Ctx, symlinks) },
  { "--no-marker", FALSE, G_STRUCT_OFFSET (Ctx, no_marker) },
  { "--sbox", TRUE, G_STRUCT_OFFSET (Ctx, sbox_opt) },
};

static void
print_help (void)
{
  fputs ("Usage: " ME " [OPTION...] COMMAND [NAME...]\n"
         "Make application menu entries start their applications inside sbox.\n"
         "\n"
         "Commands:\n"
         "  enable NAME...|--all   write a sandboxed copy of each application's entry\n"
         "  disable NAME...|--all  remove copies written by enable\n"
         "  list                   show wrapped applications and others with a profile\n"
         "  refresh                rewrite copies whose source changed, drop orphans\n"
         "\n"
         "NAME is a desktop id (org.gnome.Evince) or a command name (evince).\n"
         "\n"
         "Options:\n"
         "  --all            every installed application with a profile\n"
         "  --profile NAME   the profile for enable instead of one found by name\n"
         "  --symlinks DIR   also add or remove DIR/PROGRAM links to sbox\n"
         "  --no-marker      keep the application's Name= (no \"" NAME_MARKER "\" after it)\n"
         "  --sbox PATH      the sbox written into Exec= (default: $SBOX, else " SBOX_BINDIR
         "/sbox)\n"
         "  --json           list as JSON\n"
         "  --help, --version\n"
         "\n"
         "See sbox-desktop(1).\n",
         stdout);
}

/* Returns -1 to go on, else the exit status. */
static int
parse_args (Ctx *ctx, int argc, char **argv)
{
  gboolean options_done = FALSE;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const Option *opt = NULL;
      const char *value = NULL;
      size_t len;

      if (options_done || arg[0] != '-' || g_str_equal (arg, "-"))
        {
          if (ctx->command == NULL)
            ctx->command = arg;
          else
            g_ptr_array_add (ctx->names, g_strdup (arg));
          continue;
        }
      if (g_str_equal (arg, "--"))
        {
          options_done = TRUE;
          continue;
        }
      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help ();
          return EXIT_DONE;
        }
      if (g_str_equal (arg, "--version"))
        {
          printf (ME " %s\n", PACKAGE_VERSION);
          return EXIT_DONE;
        }
      len = strcspn (arg, "=");
      for (guint j = 0; j < G_N_ELEMENTS (options); j++)
        if (strlen (options[j].name) == len && strncmp (arg, options[j].name, len) == 0)
          opt = &options[j];
      if (opt == NULL)
        return usage_error (arg, "unknown option");
      if (!opt->takes_value)
        {
          if (arg[len] == '=')
            return usage_error (arg, "takes no value");
          G_STRUCT_MEMBER (gboolean, ctx, opt->offset) = TRUE;
          continue;
        }
      if (arg[len] == '=')
        value = arg + len + 1;
      else if (i + 1 < argc)
        value = argv[++i];
      else
        return usage_error (arg, "needs a value");
      if (*value == '\0')
        return usage_error (opt->name, "empty value");
      g_free (G_STRUCT_MEMBER (char *, ctx, opt->offset));
      G_STRUCT_MEMBER (char *, ctx, opt->offset) = g_strdup (value);
    }
  return -1;
}

/* Checks which options and names go with which command. */
static int
check_args (Ctx *ctx)
{
  gboolean is_enable, is_disable;

  if (ctx->command == NULL)
    {
      fprintf (stderr, ME ": no command given: enable, disable, list or refresh (see " ME
                          " --help)\n");
      return EXIT_USAGE;
    }
  is_enable = g_str_equal (ctx->command, "enable");
  is_disable = g_str_equal (ctx->command, "disable");
  if (!is_enable && !is_disable && !g_str_equal (ctx->command, "list")
      && !g_str_equal (ctx->command, "refresh"))
    return usage_error (ctx->command, "unknown command (enable, disable, list or refresh)");
  if (is_enable || is_disable)
    {
      if (ctx->all && ctx->names->len > 0)
        return usage_error ("--all", "does not go with names");
      if (!ctx->all && ctx->names->len == 0)
        return usage_error (ctx->command, "needs NAME... or --all");
    }
  else
    {
      if (ctx->names->len > 0)
        return usage_error (ctx->command, "takes no names");
      if (ctx->all)
        return usage_error ("--all", "only goes with enable and disable");
      if (ctx->symlinks != NULL)
        return usage_error ("--symlinks", "only goes with enable and disable");
    }
  if (ctx->profile != NULL && (!is_enable || ctx->all))
    return usage_error ("--profile", "only goes with enable NAME...");
  if (ctx->no_marker && !is_enable)
    return usage_error ("--no-marker", "only goes with enable");
  if (ctx->json && !g_str_equal (ctx->command, "list"))
    return usage_error ("--json", "only goes with list");
  return -1;
}

int
main (int argc, char **argv)
{
  Ctx ctx = { 0 };
  const char *env_sbox = g_getenv ("SBOX");
  int rc;

  ctx.names = g_ptr_array_new_with_free_func (g_free);
  rc = parse_args (&ctx, argc, argv);
  if (rc < 0)
    rc = check_args (&ctx);
  if (rc >= 0)
    goto out;

  /* Exec= needs an absolute path: launchers run it with their own PATH. */
  ctx.sbox = g_canonicalize_filename (
      ctx.sbox_opt ? ctx.sbox_opt : (env_sbox && *env_sbox ? env_sbox : SBOX_BINDIR "/sbox"),
      NULL);
  ctx.user_dir = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  if (ctx.symlinks != NULL)
    {
      char *abs = g_canonicalize_filename (ctx.symlinks, NULL);
      g_free (ctx.symlinks);
      ctx.symlinks = abs;
    }

  if (ctx.profile != NULL)
    {
      if (strchr (ctx.profile, '/') != NULL)
        {
          /* A profile file: sbox takes its path, relative to nothing. */
          char *abs = g_canonicalize_filename (ctx.profile, NULL);
          g_free (ctx.profile);
          ctx.profile = abs;
          if (!g_file_test (ctx.profile, G_FILE_TEST_IS_REGULAR))
            {
              rc = usage_error (ctx.profile, "no such profile file");
              goto out;
            }
        }
      else if (!profiles_load (&ctx))
        {
          rc = EXIT_SOME_FAILED;
          goto out;
        }
      else if (profile_lookup (&ctx, ctx.profile) == NULL)
        {
          rc = usage_error (ctx.profile, "no such profile (see sbox --list-profiles)");
          goto out;
        }
    }

  if (g_str_equal (ctx.command, "enable"))
    cmd_enable (&ctx);
  else if (g_str_equal (ctx.command, "disable"))
    cmd_disable (&ctx);
  else if (g_str_equal (ctx.command, "list"))
    cmd_list (&ctx);
  else
    cmd_refresh (&ctx);
  database_update (&ctx);
  rc = ctx.status;

out:
  g_ptr_array_unref (ctx.names);
  g_free (ctx.profile);
  g_free (ctx.symlinks);
  g_free (ctx.sbox_opt);
  g_free (ctx.sbox);
  g_free (ctx.user_dir);
  if (ctx.profiles_avail)
    g_ptr_array_unref (ctx.profiles_avail);
  return rc;
}
