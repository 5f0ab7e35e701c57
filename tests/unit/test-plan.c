/* Unit tests for plan.c and view.c: building, validating and printing plans. */
#include "config.h"

#include "error.h"
#include "plan-print.h"
#include "seccomp.h"
#include "view.h"

static SboxPlan *
default_plan (void)
{
  SboxPlan *plan = sbox_plan_new ();
  plan->home = g_strdup ("/home/ann");
  g_autoptr (GError) error = NULL;
  g_assert_true (sbox_view_add_default (plan, &error));
  g_assert_no_error (error);
  g_ptr_array_add (plan->argv, g_strdup ("true"));
  return plan;
}

static const SboxFsOp *
find_op (SboxPlan *plan, const char *dest)
{
  for (guint i = 0; i < plan->fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->fs_ops, i);
      if (g_str_equal (op->dest, dest))
        return op;
    }
  return NULL;
}

static void
test_defaults (void)
{
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  g_assert_cmpint (plan->namespaces, ==, SBOX_NS_ALL);
  g_assert_true (plan->die_with_parent);
  g_assert_true (plan->new_session);
  g_assert_true (plan->root_readonly);
  g_assert_false (plan->as_pid_1);
  g_assert_cmpuint (plan->keep_caps->len, ==, 0);
}

static void
test_default_view (void)
{
  g_autoptr (SboxPlan) plan = default_plan ();
  const SboxFsOp *op = find_op (plan, "/usr");
  g_assert_nonnull (op);
  g_assert_cmpint (op->kind, ==, SBOX_FS_RO_BIND);
  /* The home is the profile's choice (context.c), not the view's. */
  g_assert_null (find_op (plan, "/home/ann"));
  g_assert_nonnull (find_op (plan, "/tmp"));
  g_assert_nonnull (find_op (plan, "/proc"));
  g_assert_nonnull (find_op (plan, "/dev"));
  op = find_op (plan, "/proc/sys");
  g_assert_nonnull (op);
  g_assert_cmpint (op->kind, ==, SBOX_FS_REMOUNT_RO);
  op = find_op (plan, "/proc/kcore");
  g_assert_cmpint (op->kind, ==, SBOX_FS_MASK);
  op = find_op (plan, "/etc/passwd");
  g_assert_cmpint (op->kind, ==, SBOX_FS_FILE);
  g_assert_nonnull (strstr (op->content, ":/home/ann:"));
  g_assert_null (find_op (plan, "/etc/shadow"));
  g_assert_null (find_op (plan, "/sys"));
  g_assert_null (find_op (plan, "/home"));
}

static void
test_env_helpers (void)
{
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  sbox_plan_setenv (plan, "A", "1");
  sbox_plan_setenv (plan, "AB", "2");
  sbox_plan_setenv (plan, "A", "3");
  g_assert_cmpuint (plan->env->len, ==, 2);
  g_assert_cmpstr (sbox_plan_getenv (plan, "A"), ==, "3");
  sbox_plan_unsetenv (plan, "A");
  g_assert_null (sbox_plan_getenv (plan, "A"));
  g_assert_cmpstr (sbox_plan_getenv (plan, "AB"), ==, "2");
}

static void
test_validate (void)
{
  g_autoptr (SboxPlan) plan = default_plan ();
  g_autoptr (GError) error = NULL;
  g_assert_true (sbox_plan_validate (plan, &error));

  sbox_plan_add_fs (plan, SBOX_FS_BIND, SBOX_FS_FLAG_NONE, "/nonexistent-sbox-test", "/x");
  g_assert_false (sbox_plan_validate (plan, &error));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_SETUP);
  g_assert_cmpstr (error->message, ==, "cannot bind /nonexistent-sbox-test: No such file or directory");
  g_clear_error (&error);

  g_ptr_array_remove_index (plan->fs_ops, plan->fs_ops->len - 1);
  sbox_plan_add_fs (plan, SBOX_FS_BIND, SBOX_FS_FLAG_TRY, "/nonexistent-sbox-test", "/x");
  g_assert_true (sbox_plan_validate (plan, &error));

  sbox_plan_add_fs (plan, SBOX_FS_TMPFS, SBOX_FS_FLAG_NONE, NULL, "/");
  g_assert_false (sbox_plan_validate (plan, &error));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_INVALID);
  g_clear_error (&error);

  g_autoptr (SboxPlan) empty = sbox_plan_new ();
  g_assert_false (sbox_plan_validate (empty, &error));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
}

static void
test_print_text (void)
{
  g_autoptr (SboxPlan) plan = default_plan ();
  g_ptr_array_add (plan->argv, g_strdup ("it's"));
  g_autofree char *text = sbox_plan_to_text (plan);
  g_assert_nonnull (strstr (text, "namespaces: user mount pid ipc uts cgroup net\n"));
  g_assert_nonnull (strstr (text, "  ro-bind /usr /usr\n"));
  g_assert_nonnull (strstr (text, "  tmpfs /tmp mode=1777\n"));
  g_assert_nonnull (strstr (text, "command: true 'it'\\''s'\n"));
}

static void
test_print_json (void)
{
  g_autoptr (SboxPlan) plan = default_plan ();
  sbox_plan_setenv (plan, "Q", "a\"b\\c\n");
  g_autofree char *json = sbox_plan_to_json (plan);
  g_assert_true (g_str_has_prefix (json, "{\"profile\": null, "));
  g_assert_nonnull (strstr (json, "\"namespaces\": [\"user\""));
  g_assert_nonnull (strstr (json, "\"Q\": \"a\\\"b\\\\c\\u000a\""));
  g_assert_nonnull (strstr (json, "{\"op\": \"ro-bind\", \"source\": \"/usr\", \"dest\": \"/usr\""));
  g_assert_nonnull (strstr (json, "\"command\": [\"true\"]}"));
}

/* The table the build compiled must be what libseccomp gives now for the
 * same plan, and a plan with its own syscall changes must not use it. */
static void
test_seccomp_prebuilt (void)
{
  guint entries = 0;
  for (const SboxSeccompPrebuilt *p = sbox_seccomp_prebuilt; p->policy; p++, entries++)
    {
      g_autoptr (SboxPlan) plan = sbox_plan_new ();
      g_free (plan->seccomp);
      plan->seccomp = g_strdup (p->policy);
      if (p->features & SBOX_SECCOMP_DEVEL)
        sbox_plan_add_item (plan->features, "devel", "test");
      if (p->features & SBOX_SECCOMP_MULTIARCH)
        sbox_plan_add_item (plan->features, "multiarch", "test");
      if (p->features & SBOX_SECCOMP_SHARED_NETWORK)
        plan->namespaces &= ~SBOX_NS_NET;
      const char *policy;
      unsigned int features;
      g_assert_true (sbox_seccomp_prebuilt_key (plan, &policy, &features));
      g_assert_cmpuint (features, ==, p->features);
      SboxSeccompFilters fresh;
      g_autoptr (GError) error = NULL;
      g_assert_true (sbox_seccomp_compile_fresh (plan, &fresh, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fresh.count, ==, p->count);
      for (int i = 0; i < p->count; i++)
        g_assert_cmpmem (fresh.programs[i].filter, fresh.programs[i].len * sizeof (struct sock_filter),
                         p->programs[i], p->lengths[i] * sizeof (struct sock_filter));
      sbox_seccomp_filters_clear (&fresh);
    }
  g_assert_cmpuint (entries, ==, 3 * (SBOX_SECCOMP_ALL_FEATURES + 1));
  g_autoptr (SboxPlan) changed = sbox_plan_new ();
  sbox_plan_add_item (changed->seccomp_deny, "chdir", "test");
  const char *policy;
  unsigned int features;
  g_assert_false (sbox_seccomp_prebuilt_key (changed, &policy, &features));
  g_autoptr (SboxPlan) listed = sbox_plan_new ();
  g_free (listed->seccomp);
  listed->seccomp = g_strdup ("/some/list");
  g_assert_false (sbox_seccomp_prebuilt_key (listed, &policy, &features));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan/defaults", test_defaults);
  g_test_add_func ("/plan/default-view", test_default_view);
  g_test_add_func ("/plan/env-helpers", test_env_helpers);
  g_test_add_func ("/plan/validate", test_validate);
  g_test_add_func ("/plan/print-text", test_print_text);
  g_test_add_func ("/plan/print-json", test_print_json);
  g_test_add_func ("/plan/seccomp-prebuilt", test_seccomp_prebuilt);
  return g_test_run ();
}
