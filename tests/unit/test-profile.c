/* Unit tests for profile.c and context.c: loading, merging, checking, and
 * what a profile means for the plan. */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "context.h"
#include "error.h"
#include "profile.h"
#include "view.h"

typedef struct
{
  char *dir;
  char **envp;
} Fixture;

static void
write_file (Fixture *f, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_mkdir_with_parents (parent, 0700);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("sbox-profile-XXXXXX", NULL);
  g_autofree char *home = g_build_filename (f->dir, "home", NULL);
  g_mkdir (home, 0700);
  f->envp = g_environ_setenv (NULL, "SBOX_PROFILE_PATH", f->dir, TRUE);
  f->envp = g_environ_setenv (f->envp, "HOME", home, TRUE);
  f->envp = g_environ_setenv (f->envp, "XDG_CONFIG_HOME", "/nonexistent-config", TRUE);
  f->envp = g_environ_setenv (f->envp, "AWS_SECRET_ACCESS_KEY", "secret", TRUE);
  f->envp = g_environ_setenv (f->envp, "CARGO_HOME", "/cargo", TRUE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_strfreev (f->envp);
}

static SboxProfile *
load (Fixture *f, const char *name, GError **error)
{
  return sbox_profile_load (name, (const char *const *) f->envp, error);
}

static SboxPlan *
plan_for (Fixture *f, SboxProfile *profile)
{
  SboxPlan *plan = sbox_plan_new ();
  plan->sandbox.home = g_strdup (g_environ_getenv (f->envp, "HOME"));
  SboxExpandContext caller = { .envp = (const char *const *) f->envp,
                               .home = plan->sandbox.home,
                               .user = "ann",
                               .cwd = "/work/tree",
                               .uid = plan->sandbox.ids.uid };
  g_autoptr (GError) error = NULL;
  g_assert_true (sbox_view_add_default (&plan->sandbox, &error));
  g_assert_true (sbox_context_build_plan (profile, &caller, plan, &error));
  g_assert_no_error (error);
  return plan;
}

static const SboxFsOp *
find_op (SboxPlan *plan, const char *dest)
{
  const SboxFsOp *found = NULL;
  for (guint i = 0; i < plan->sandbox.fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, i);
      if (g_str_equal (op->dest, dest))
        found = op;
    }
  g_assert_nonnull (found); /* every caller uses it: a missing one fails, not crashes, the test */
  return found;
}

static gboolean
list_has (GPtrArray *list, const char *value)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((SboxSetting *) g_ptr_array_index (list, i))->value, value))
      return TRUE;
  return FALSE;
}

static void
test_search_path_and_missing (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) dirs = sbox_profile_search_path ((const char *const *) f->envp);
  g_assert_cmpstr (g_ptr_array_index (dirs, 0), ==, f->dir);
  g_assert_cmpstr (g_ptr_array_index (dirs, 1), ==, "/nonexistent-config/sbox/profiles");
  g_autoptr (SboxProfile) none = load (f, "nosuchapp", &error);
  g_assert_null (none);
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
}

static void
test_include_local_and_revocation (Fixture *f, gconstpointer data)
{
  write_file (f, "include/base.inc",
              "[Context]\nsockets=x11;wayland;\nshared=network\n"
              "[Sandbox]\nHome=tmpfs\nHostname=base\n");
  write_file (f, "include/gui.inc", "[Profile]\nInclude=base\n[Context]\nsockets=pulseaudio\n");
  write_file (f, "app.profile",
              "[Profile]\nDescription=An app\nInclude=gui\n"
              "[Context]\nsockets=!x11;\n[Sandbox]\nHostname=app\n"
              "[Session Bus Policy]\norg.example.App.*=own\n");
  write_file (f, "app.local", "[Context]\nshared=!network\n[Sandbox]\nHome=private\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProfile) p = load (f, "app", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p->files->len, ==, 4);
  GPtrArray *sockets = sbox_profile_get_list (p, SBOX_KEY_CONTEXT_SOCKETS);
  g_assert_true (list_has (sockets, "wayland"));
  g_assert_true (list_has (sockets, "pulseaudio"));
  g_assert_false (list_has (sockets, "x11"));
  g_assert_cmpuint (sbox_profile_get_list (p, SBOX_KEY_CONTEXT_SHARED)->len, ==, 0);
  g_assert_cmpstr (sbox_profile_get (p, SBOX_KEY_SANDBOX_HOSTNAME), ==, "app");
  g_assert_cmpstr (sbox_profile_get (p, SBOX_KEY_SANDBOX_HOME), ==, "private");
  const SboxSetting *home = sbox_profile_get_setting (p, SBOX_KEY_SANDBOX_HOME);
  g_assert_true (g_str_has_suffix (home->origin, "app.local:4"));
  g_assert_cmpuint (p->session_bus->len, ==, 1);

  /* The command line is one more layer. */
  g_assert_true (sbox_profile_apply (p, "Context", "sockets", "!wayland", "command line", &error));
  g_assert_true (sbox_profile_apply (p, "Sandbox", "Home", "tmpfs", "command line", &error));
  g_assert_false (list_has (sockets, "wayland"));
  g_assert_cmpstr (sbox_profile_get (p, SBOX_KEY_SANDBOX_HOME), ==, "tmpfs");
  g_assert_false (
      sbox_profile_apply (p, "Context", "sockets", "telepathy", "command line", &error));
  g_assert_cmpstr (error->message, ==,
                   "command line: [Context] sockets: unknown value 'telepathy' (expected one of "
                   "x11, fallback-x11, wayland, pulseaudio, pipewire, session-bus, system-bus, "
                   "ssh-auth, pcsc, cups, gpg-agent)");
}

static void
expect_problem (Fixture *f, const char *contents, const char *needle)
{
  write_file (f, "bad.profile", contents);
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProfile) p = load (f, "bad", &error);
  g_assert_null (p);
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_INVALID);
  g_autofree char *where = g_build_filename (f->dir, "bad.profile", NULL);
  g_autofree char *expected = g_strconcat (where, needle, NULL);
  if (strstr (error->message, expected) == NULL)
    g_error ("expected '%s' in '%s'", expected, error->message);
}

static void
test_problems_name_file_line_key (Fixture *f, gconstpointer data)
{
  expect_problem (f, "[Profile]\nDescription=x\nColour=blue\n",
                  ":3: [Profile] Colour: unknown key");
  expect_problem (f, "[Profile]\n[Extras]\nA=b\n", ":2: [Extras]: unknown section");
  expect_problem (f, "[Sandbox]\nHome=everywhere\n",
                  ":2: [Sandbox] Home: unknown value 'everywhere'");
  expect_problem (f, "[Context]\nfilesystems=~/../etc\n",
                  ":2: [Context] filesystems: '~/../etc' escapes through '..'");
  expect_problem (f, "[Context]\nfilesystems=~/x:rx\n",
                  ":2: [Context] filesystems: unknown mode ':rx'");
  expect_problem (f, "[Sandbox]\nSeccompDeny=ptrace;not_a_syscall\n",
                  ":2: [Sandbox] SeccompDeny: unknown syscall 'not_a_syscall'");
  expect_problem (f, "[Sandbox]\nSeccompDeny=ptrace:EWHATEVER\n",
                  ":2: [Sandbox] SeccompDeny: unknown errno 'EWHATEVER'");
  expect_problem (f, "[Sandbox]\nTimeout=soon\n", ":2: [Sandbox] Timeout: 'soon' is not a number");
  expect_problem (f, "[Sandbox]\nMounts=bind:/a\n", ":2: [Sandbox] Mounts: bad mount 'bind:/a'");
  expect_problem (f, "[Session Bus Policy]\norg.example=shout\n",
                  ":2: [Session Bus Policy] org.example: unknown value 'shout'");
  expect_problem (f, "[Session Bus Policy]\nnotaname=talk\n",
                  ":2: [Session Bus Policy] notaname: invalid bus name");
  expect_problem (f, "\nKey=value\n", ":2: expected a [Section]");
  expect_problem (f, "[Profile]\nInclude=missing\n",
                  ":2: [Profile] Include: include/missing.inc not found");
}

static void
test_include_cycle (Fixture *f, gconstpointer data)
{
  write_file (f, "include/a.inc", "[Profile]\nInclude=b\n");
  write_file (f, "include/b.inc", "[Profile]\nInclude=a\n");
  write_file (f, "loop.profile", "[Profile]\nInclude=a\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProfile) p = load (f, "loop", &error);
  g_assert_null (p);
  g_assert_nonnull (
      strstr (error->message, "b.inc:2: [Profile] Include: a includes itself (cycle)"));
}

static void
test_all_problems_reported (Fixture *f, gconstpointer data)
{
  write_file (f, "many.profile", "[Profile]\nColour=1\n[Sandbox]\nHome=x\nLandlock=maybe\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProfile) p = load (f, "many", &error);
  g_assert_null (p);
  g_auto (GStrv) lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
}

static void
test_plan_from_context (Fixture *f, gconstpointer data)
{
  const char *home = g_environ_getenv (f->envp, "HOME");
  g_autofree char *docs = g_build_filename (home, "docs", NULL);
  g_mkdir (docs, 0700);
  write_file (f, "ctx.profile",
              "[Profile]\nAppId=org.example.Ctx\n"
              "[Context]\nshared=network\nfilesystems=home;!~/.ssh;~/docs:ro;~/new:create;/opt/x\n"
              "persistent=.cache/ctx\ndevices=kvm\nsockets=wayland\n"
              "[Sandbox]\nHome=private\nKeepEnvironment=CARGO_*\nRlimits=nproc=100\n"
              "Mounts=tmpfs:/scratch;symlink:/usr/bin/true:/x/t\nDieWithParent=false\n"
              "[Environment]\nTOOL_HOME=${HOME}/tool\nLANG=\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProfile) p = load (f, "ctx", &error);
  g_assert_no_error (error);
  g_autoptr (SboxPlan) plan = plan_for (f, p);

  g_assert_false (plan->sandbox.namespaces & SBOX_NS_NET);
  g_assert_cmpstr (plan->app_id, ==, "org.example.Ctx");
  const SboxFsOp *op = find_op (plan, home);
  g_assert_cmpint (op->kind, ==, SBOX_FS_BIND); /* filesystems=home comes after Home=private */
  g_autofree char *ssh = g_build_filename (home, ".ssh", NULL);
  op = find_op (plan, ssh); /* hidden when it exists, since home is granted */
  g_assert_cmpint (op->kind, ==, SBOX_FS_MASK);
  g_assert_true (op->flags & SBOX_FS_FLAG_TRY);
  op = find_op (plan, docs);
  g_assert_cmpint (op->kind, ==, SBOX_FS_RO_BIND);
  g_assert_true (g_str_has_suffix (op->origin, "ctx.profile:5"));
  g_autofree char *new_dir = g_build_filename (home, "new", NULL);
  g_assert_true (find_op (plan, new_dir)->flags & SBOX_FS_FLAG_CREATE);
  g_autofree char *cache = g_build_filename (home, ".cache/ctx", NULL);
  op = find_op (plan, cache);
  g_assert_cmpstr (op->beneath, ==, "ctx/.cache/ctx");
  g_assert_nonnull (find_op (plan, "/dev/kvm"));
  g_assert_cmpint (find_op (plan, "/scratch")->kind, ==, SBOX_FS_TMPFS);
  g_assert_cmpstr (find_op (plan, "/x/t")->source, ==, "/usr/bin/true");
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "CARGO_HOME"), ==, "/cargo");
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "AWS_SECRET_ACCESS_KEY"));
  g_autofree char *tool = g_build_filename (home, "tool", NULL);
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "TOOL_HOME"), ==, tool);
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "LANG"));
  g_assert_cmpuint (plan->sandbox.limits.rlimits->len, ==, 1);
  g_assert_cmpuint (plan->sandbox.sockets->len, ==, 1);
  g_assert_false (plan->run.die_with_parent);
}

static void
test_revoked_path_masked (Fixture *f, gconstpointer data)
{
  const char *home = g_environ_getenv (f->envp, "HOME");
  g_autofree char *ssh = g_build_filename (home, ".ssh", NULL);
  g_mkdir (ssh, 0700);
  write_file (f, "m.profile", "[Context]\nfilesystems=home;!~/.ssh\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProfile) p = load (f, "m", &error);
  g_autoptr (SboxPlan) plan = plan_for (f, p);
  const SboxFsOp *op = find_op (plan, ssh);
  g_assert_nonnull (op);
  g_assert_cmpint (op->kind, ==, SBOX_FS_MASK);
  /* The mask comes after the grant it cuts into. */
  g_assert_true (op == g_ptr_array_index (plan->sandbox.fs_ops, plan->sandbox.fs_ops->len - 1));
}

static void
test_symlink_escape_rejected (Fixture *f, gconstpointer data)
{
  const char *home = g_environ_getenv (f->envp, "HOME");
  g_autofree char *link = g_build_filename (home, "escape", NULL);
  g_assert_cmpint (symlink ("/etc", link), ==, 0);
  write_file (f, "esc.profile", "[Context]\nfilesystems=~/escape:ro\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProfile) p = load (f, "esc", &error);
  g_assert_no_error (error);
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  plan->sandbox.home = g_strdup (home);
  SboxExpandContext caller = {
    .envp = (const char *const *) f->envp, .home = home, .user = "ann", .cwd = "/", .uid = 1000
  };
  g_assert_false (sbox_context_build_plan (p, &caller, plan, &error));
  g_assert_nonnull (strstr (error->message, "esc.profile:2: [Context] filesystems: ~/escape"));
  g_assert_nonnull (strstr (error->message, "leads out of"));
}

static void
test_expand (void)
{
  const char *env[] = { "XDG_RUNTIME_DIR=/run/user/7", NULL };
  SboxExpandContext ctx = {
    .envp = env, .home = "/home/ann", .user = "ann", .cwd = "/src", .uid = 7
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *a = sbox_paths_expand ("~/x/${USER}-${UID}", &ctx, &error);
  g_assert_cmpstr (a, ==, "/home/ann/x/ann-7");
  g_autofree char *b = sbox_paths_expand ("${PWD}/build:${XDG_RUNTIME_DIR}", &ctx, &error);
  g_assert_cmpstr (b, ==, "/src/build:/run/user/7");
  g_autofree char *c = sbox_paths_expand ("${XDG_CONFIG_HOME}", &ctx, &error);
  g_assert_cmpstr (c, ==, "/home/ann/.config");
  g_autofree char *d = sbox_paths_expand ("${NOPE}/x", &ctx, &error);
  g_assert_null (d);
  g_assert_nonnull (strstr (error->message, "cannot expand NOPE"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/profile/search-path-and-missing", test_search_path_and_missing);
  ADD ("/profile/include-local-and-revocation", test_include_local_and_revocation);
  ADD ("/profile/problems-name-file-line-key", test_problems_name_file_line_key);
  ADD ("/profile/include-cycle", test_include_cycle);
  ADD ("/profile/all-problems-reported", test_all_problems_reported);
  ADD ("/context/plan-from-context", test_plan_from_context);
  ADD ("/context/revoked-path-masked", test_revoked_path_masked);
  ADD ("/context/symlink-escape-rejected", test_symlink_escape_rejected);
  g_test_add_func ("/paths/expand", test_expand);
  return g_test_run ();
}
