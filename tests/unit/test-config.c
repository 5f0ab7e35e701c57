/* test-config.c — sbox.conf: every key, bad values, the user's file
 * tightening but never loosening, RequireDoors, duplicates and FILE:LINE. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "config-file.h"
#include "error.h"

typedef struct
{
  char *dir;
  char *system; /* path of the administrator's file (written or not) */
  char *user;   /* path of the user's file */
} Files;

static void
files_setup (Files *f, gconstpointer data)
{
  (void) data;
  g_autoptr (GError) error = NULL;
  f->dir = g_dir_make_tmp ("sbox-test-config-XXXXXX", &error);
  g_assert_no_error (error);
  f->system = g_build_filename (f->dir, "system.conf", NULL);
  f->user = g_build_filename (f->dir, "user.conf", NULL);
}

static void
files_teardown (Files *f, gconstpointer data)
{
  (void) data;
  g_unlink (f->system);
  g_unlink (f->user);
  g_rmdir (f->dir);
  g_free (f->system);
  g_free (f->user);
  g_free (f->dir);
}

static void
put (const char *path, const char *contents)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

/* "PATH:LINE" as the messages and origins spell it. */
static char *
at (const char *path, int line)
{
  return g_strdup_printf ("%s:%d", path, line);
}

/* Loads both files and expects failure; returns the message. */
/* Load f's files, which must load. */
static void
load_ok (Files *f, SboxConfig *config)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sbox_config_load_files (f->system, f->user, config, &error));
  g_assert_no_error (error);
}

static char *
load_error (Files *f)
{
  g_auto (SboxConfig) config = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_false (sbox_config_load_files (f->system, f->user, &config, &error));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
  g_test_message ("%s", error->message);
  return g_strdup (error->message);
}

static void
test_defaults (Files *f, gconstpointer data)
{
  (void) data;
  g_auto (SboxConfig) config = { 0 };
  g_autoptr (GError) error = NULL;
  /* Neither file exists: that is no error. */
  g_assert_true (sbox_config_load_files (f->system, f->user, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config.default_profile, ==, "default");
  g_assert_cmpstr (config.seccomp, ==, "default");
  g_assert_cmpstr (config.dbus_proxy, ==, XDG_DBUS_PROXY);
  g_assert_null (config.landlock_required_by);
  g_assert_null (config.network_forbidden_by);
  g_assert_null (config.required_doors);
}

static void
test_every_key (Files *f, gconstpointer data)
{
  (void) data;
  put (f->system, "# the administrator's\n"
                  "[sbox]\n"
                  "DefaultProfile=web\n"
                  "DBusProxy=/opt/bin/xdg-dbus-proxy\n"
                  "Seccomp=strict\n"
                  "RequireLandlock=true\n"
                  "AllowNetwork=false\n"
                  "RequireDoors=x11; wayland ;\n");
  g_auto (SboxConfig) config = { 0 };
  load_ok (f, &config);
  g_assert_cmpstr (config.default_profile, ==, "web");
  g_assert_cmpstr (config.dbus_proxy, ==, "/opt/bin/xdg-dbus-proxy");
  g_assert_cmpstr (config.seccomp, ==, "strict");
  g_autofree char *line6 = at (f->system, 6);
  g_autofree char *line7 = at (f->system, 7);
  g_autofree char *line8 = at (f->system, 8);
  g_assert_cmpstr (config.landlock_required_by, ==, line6);
  g_assert_cmpstr (config.network_forbidden_by, ==, line7);
  g_assert_cmpuint (g_hash_table_size (config.required_doors), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (config.required_doors, "x11"), ==, line8);
  g_assert_cmpstr (g_hash_table_lookup (config.required_doors, "wayland"), ==, line8);

  /* The other spellings each key takes. */
  put (f->system,
       "[sbox]\nSeccomp=/etc/sbox/filter.bpf\nRequireLandlock=false\nAllowNetwork=true\n");
  g_auto (SboxConfig) other = { 0 };
  load_ok (f, &other);
  g_assert_cmpstr (other.seccomp, ==, "/etc/sbox/filter.bpf");
  g_assert_null (other.landlock_required_by);
  g_assert_null (other.network_forbidden_by);
  static const char *const policies[] = { "default", "none" };
  for (gsize i = 0; i < G_N_ELEMENTS (policies); i++)
    {
      g_autofree char *text = g_strdup_printf ("[sbox]\nSeccomp=%s\n", policies[i]);
      put (f->system, text);
      g_auto (SboxConfig) c = { 0 };
      load_ok (f, &c);
      g_assert_cmpstr (c.seccomp, ==, policies[i]);
    }
}

static void
test_bad_values (Files *f, gconstpointer data)
{
  (void) data;
  static const struct
  {
    const char *line;
    const char *says;
  } cases[] = {
    { "DefaultProfile=../web", "[sbox] DefaultProfile=../web: expected a profile name" },
    { "DefaultProfile=", "[sbox] DefaultProfile=: expected a profile name" },
    { "DBusProxy=xdg-dbus-proxy", "[sbox] DBusProxy=xdg-dbus-proxy: expected an absolute path" },
    { "Seccomp=lax", "[sbox] Seccomp=lax: expected default, strict, none or an absolute path" },
    { "RequireLandlock=yes", "[sbox] RequireLandlock=yes: expected true or false" },
    { "AllowNetwork=0", "[sbox] AllowNetwork=0: expected true or false" },
    { "RequireDoors=x11;cups", "[sbox] RequireDoors=x11;cups: expected a ;-list of wayland" },
    { "Colour=blue", "[sbox] Colour=blue: unknown key" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[sbox]\n\n%s\n", cases[i].line);
      put (f->user, text);
      g_autofree char *message = load_error (f);
      g_autofree char *want = g_strdup_printf ("%s:3: %s", f->user, cases[i].says);
      g_assert_true (g_str_has_prefix (message, want));
      g_assert_null (strchr (message, '\n'));
    }
}

static void
test_all_problems_at_once (Files *f, gconstpointer data)
{
  (void) data;
  /* A bad value keeps its old setting; every problem of both files is said. */
  put (f->system, "[sbox]\nSeccomp=lax\nDefaultProfile=web\n[Other]\nKey=1\n");
  put (f->user, "[sbox]\nAllowNetwork=maybe\n");
  g_autofree char *message = load_error (f);
  g_auto (GStrv) lines = g_strsplit (message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_autofree char *first = g_strdup_printf ("%s:2: [sbox] Seccomp=lax", f->system);
  g_autofree char *second = g_strdup_printf ("sbox: %s:4: unknown section [Other] (only [sbox])",
                                             f->system);
  g_autofree char *third = g_strdup_printf ("sbox: %s:2: [sbox] AllowNetwork=maybe", f->user);
  g_assert_true (g_str_has_prefix (lines[0], first));
  g_assert_cmpstr (lines[1], ==, second);
  g_assert_true (g_str_has_prefix (lines[2], third));
}

static void
test_syntax (Files *f, gconstpointer data)
{
  (void) data;
  put (f->system, "Seccomp=strict\n[sbox]\n");
  g_autofree char *before = load_error (f);
  g_autofree char *want = g_strdup_printf ("%s:1: expected a [Section] before the first key",
                                           f->system);
  g_assert_cmpstr (before, ==, want);

  put (f->system, "[sbox]\nSeccomp=\xff\n");
  g_autofree char *binary = load_error (f);
  g_autofree char *want_utf8 = g_strdup_printf ("%s:2: not UTF-8 text", f->system);
  g_assert_true (g_str_has_prefix (binary, want_utf8));

  put (f->system, "[sbox\nSeccomp=strict\n");
  g_autofree char *header = load_error (f);
  g_autofree char *want_header = g_strdup_printf ("%s:1: section header [sbox has no closing ']'",
                                                  f->system);
  g_assert_cmpstr (header, ==, want_header);
}

static void
test_duplicate_key (Files *f, gconstpointer data)
{
  (void) data;
  /* GKeyFile would keep the last silently: a second RequireLandlock=false
   * below the first would undo it. */
  put (f->system, "[sbox]\nRequireLandlock=true\nSeccomp=strict\nRequireLandlock=false\n");
  g_autofree char *message = load_error (f);
  g_autofree char *want = g_strdup_printf ("%s:4: [sbox] RequireLandlock: duplicate key, first set "
                                           "at %s:2 (only the last would count)",
                                           f->system, f->system);
  g_assert_cmpstr (message, ==, want);
}

static void
test_user_changes_defaults (Files *f, gconstpointer data)
{
  (void) data;
  put (f->system, "[sbox]\nDefaultProfile=web\nSeccomp=strict\nDBusProxy=/opt/a\n");
  put (f->user, "[sbox]\nDefaultProfile=mine\nSeccomp=default\nDBusProxy=/opt/b\n");
  g_auto (SboxConfig) config = { 0 };
  load_ok (f, &config);
  g_assert_cmpstr (config.default_profile, ==, "mine");
  g_assert_cmpstr (config.seccomp, ==, "default");
  g_assert_cmpstr (config.dbus_proxy, ==, "/opt/b");
}

static void
test_user_tightens (Files *f, gconstpointer data)
{
  (void) data;
  put (f->system, "[sbox]\nRequireLandlock=false\nAllowNetwork=true\nRequireDoors=x11\n");
  put (f->user, "[sbox]\nRequireLandlock=true\nAllowNetwork=false\nRequireDoors=pulseaudio;x11\n");
  g_auto (SboxConfig) config = { 0 };
  load_ok (f, &config);
  g_autofree char *user2 = at (f->user, 2);
  g_autofree char *user3 = at (f->user, 3);
  g_autofree char *user4 = at (f->user, 4);
  g_autofree char *system4 = at (f->system, 4);
  g_assert_cmpstr (config.landlock_required_by, ==, user2);
  g_assert_cmpstr (config.network_forbidden_by, ==, user3);
  /* Both files add doors; the first to require one is named. */
  g_assert_cmpuint (g_hash_table_size (config.required_doors), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (config.required_doors, "x11"), ==, system4);
  g_assert_cmpstr (g_hash_table_lookup (config.required_doors, "pulseaudio"), ==, user4);
}

/* The administrator's line 2 sets imposed; the user's line 2 tries undo. */
static void
assert_cannot_undo (Files *f, const char *imposed, const char *undo)
{
  g_autofree char *system_text = g_strdup_printf ("[sbox]\n%s\n", imposed);
  g_autofree char *user_text = g_strdup_printf ("[sbox]\n%s\n", undo);
  put (f->system, system_text);
  put (f->user, user_text);
  g_autofree char *message = load_error (f);
  g_autofree char *want = g_strdup_printf ("%s:2: [sbox] %s cannot undo %s:2", f->user, undo,
                                           f->system);
  g_assert_cmpstr (message, ==, want);
}

static void
test_user_cannot_loosen (Files *f, gconstpointer data)
{
  (void) data;
  put (f->system, "[sbox]\nRequireLandlock=true\nAllowNetwork=false\nRequireDoors=x11\n");
  put (f->user, "[sbox]\nAllowNetwork=true\nRequireLandlock=false\nRequireDoors=\n");
  g_autofree char *message = load_error (f);
  g_autofree char *want
      = g_strdup_printf ("%s:2: [sbox] AllowNetwork=true cannot undo %s:3\n"
                         "sbox: %s:3: [sbox] RequireLandlock=false cannot undo %s:2",
                         f->user, f->system, f->user, f->system);
  g_assert_cmpstr (message, ==, want);

  assert_cannot_undo (f, "BwrapHarden=true", "BwrapHarden=false");
  put (f->system, "[sbox]\nRequireLandlock=true\nAllowNetwork=false\nRequireDoors=x11\n");

  /* An empty RequireDoors= in the user's file drops nothing. */
  put (f->user, "[sbox]\nRequireDoors=\n");
  g_auto (SboxConfig) config = { 0 };
  load_ok (f, &config);
  g_assert_nonnull (config.landlock_required_by);
  g_assert_nonnull (config.network_forbidden_by);
  g_assert_true (g_hash_table_contains (config.required_doors, "x11"));
}

static void
test_user_repeats_a_requirement (Files *f, gconstpointer data)
{
  (void) data;
  /* Repeating a requirement is no loosening: the user's line is named. */
  put (f->system, "[sbox]\nRequireLandlock=true\n");
  put (f->user, "[sbox]\nRequireLandlock=true\n");
  g_auto (SboxConfig) config = { 0 };
  load_ok (f, &config);
  g_autofree char *user2 = at (f->user, 2);
  g_assert_cmpstr (config.landlock_required_by, ==, user2);
}

/* Fallback=: either file sets the policy; the administrator's refuse
 * forbids the confinement mode, and the user's file cannot undo it. */
static void
test_fallback (Files *f, gconstpointer data)
{
  (void) data;
  g_autoptr (GError) error = NULL;
  {
    g_auto (SboxConfig) config = { 0 };
    g_assert_true (sbox_config_load_files (f->system, f->user, &config, &error));
    g_assert_cmpstr (config.fallback, ==, "refuse");
    g_assert_null (config.fallback_origin);
    g_assert_null (config.fallback_forbidden_by);
  }
  put (f->system, "[sbox]\nFallback=confine\n");
  put (f->user, "[sbox]\nFallback=refuse\n");
  {
    g_auto (SboxConfig) config = { 0 };
    g_assert_true (sbox_config_load_files (f->system, NULL, &config, &error));
    g_assert_cmpstr (config.fallback, ==, "confine");
    g_assert_null (config.fallback_forbidden_by);
  }
  {
    g_auto (SboxConfig) config = { 0 };
    g_assert_true (sbox_config_load_files (f->system, f->user, &config, &error));
    g_autofree char *user2 = at (f->user, 2);
    g_assert_cmpstr (config.fallback, ==, "refuse");
    g_assert_cmpstr (config.fallback_origin, ==, user2);
    g_assert_null (config.fallback_forbidden_by);
  }
  assert_cannot_undo (f, "Fallback=refuse", "Fallback=confine");
  put (f->user, "[sbox]\nFallback=sometimes\n");
  g_autofree char *bad = load_error (f);
  g_assert_nonnull (strstr (bad, "Fallback=sometimes: expected refuse or confine"));
}

static void
test_user_path (void)
{
  const char *const xdg[] = { "HOME=/home/ann", "XDG_CONFIG_HOME=/cfg", NULL };
  const char *const relative[] = { "HOME=/home/ann", "XDG_CONFIG_HOME=cfg", NULL };
  const char *const none[] = { "HOME=home", NULL };
  g_autofree char *a = sbox_config_user_path (xdg);
  g_autofree char *b = sbox_config_user_path (relative);
  g_autofree char *c = sbox_config_user_path (none);
  g_assert_cmpstr (a, ==, "/cfg/sbox/sbox.conf");
  g_assert_cmpstr (b, ==, "/home/ann/.config/sbox/sbox.conf");
  g_assert_null (c);
}

/* A plan missing door for why; its warnings, which start with the door's
 * name too, are not where the reason is read from. */
static SboxPlan *
plan_missing (const char *door, const char *why)
{
  SboxPlan *plan = sbox_plan_new ();
  sbox_plan_add_item (plan->missing_doors, door, why);
  g_ptr_array_add (plan->warnings, g_strdup_printf ("%s: a warning, not the reason", door));
  return plan;
}

static void
test_check_plan (Files *f, gconstpointer data)
{
  (void) data;
  put (f->system, "[sbox]\nRequireLandlock=true\nAllowNetwork=false\nRequireDoors=x11\n");
  g_auto (SboxConfig) config = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (sbox_config_load_files (f->system, NULL, &config, &error));
  g_assert_no_error (error);

  /* Landlock: "true" becomes "required"; "false" is refused. */
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  g_assert_true (sbox_config_check_plan (&config, plan, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (plan->sandbox.landlock, ==, "required");
  g_free (plan->sandbox.landlock);
  plan->sandbox.landlock = g_strdup ("false");
  g_assert_false (sbox_config_check_plan (&config, plan, &error));
  g_autofree char *landlock = g_strdup_printf (
      "Landlock cannot be turned off: %s:2 requires it (RequireLandlock=true)", f->system);
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, landlock);
  g_clear_error (&error);
  g_free (plan->sandbox.landlock);
  plan->sandbox.landlock = g_strdup ("true");

  /* The host's network (no network namespace) is refused. */
  plan->sandbox.namespaces &= ~SBOX_NS_NET;
  g_assert_false (sbox_config_check_plan (&config, plan, &error));
  g_autofree char *network = g_strdup_printf (
      "network access is not allowed: %s:3 forbids it (AllowNetwork=false)", f->system);
  g_assert_cmpstr (error->message, ==, network);
  g_clear_error (&error);
  plan->sandbox.namespaces |= SBOX_NS_NET;

  /* A required door that cannot open, with the reason the plan carries. */
  g_autoptr (SboxPlan) no_x11 = plan_missing ("x11", "no DISPLAY");
  g_assert_false (sbox_config_check_plan (&config, no_x11, &error));
  g_autofree char *door = g_strdup_printf (
      "the x11 door is required by %s:4 (RequireDoors=) but cannot open: x11: no DISPLAY",
      f->system);
  g_assert_cmpstr (error->message, ==, door);
  g_clear_error (&error);

  /* A door nobody requires may stay closed. */
  g_autoptr (SboxPlan) no_audio = plan_missing ("pulseaudio", "no server");
  g_assert_true (sbox_config_check_plan (&config, no_audio, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/config/" path, Files, NULL, files_setup, fn, files_teardown)
  ADD ("defaults", test_defaults);
  ADD ("every-key", test_every_key);
  ADD ("bad-values", test_bad_values);
  ADD ("all-problems-at-once", test_all_problems_at_once);
  ADD ("syntax", test_syntax);
  ADD ("duplicate-key", test_duplicate_key);
  ADD ("user-changes-defaults", test_user_changes_defaults);
  ADD ("user-tightens", test_user_tightens);
  ADD ("user-cannot-loosen", test_user_cannot_loosen);
  ADD ("user-repeats-a-requirement", test_user_repeats_a_requirement);
  ADD ("check-plan", test_check_plan);
  ADD ("fallback", test_fallback);
#undef ADD
  g_test_add_func ("/config/user-path", test_user_path);
  return g_test_run ();
}
