/* Unit tests for proxy-sandbox.c: the view xdg-dbus-proxy runs in. */
#include "config.h"

#include <string.h>

#include "error.h"
#include "plan.h"
#include "proxy-sandbox.h"

static SboxPlan *
app_plan (const char *upstream)
{
  SboxPlan *app = sbox_plan_new ();
  app->instance.id = g_strdup ("42");
  app->instance.dir = g_strdup ("/run/user/1000/sbox/42");
  SboxProxy *proxy = g_new0 (SboxProxy, 1);
  proxy->bus = g_strdup ("session");
  proxy->upstream = g_strdup (upstream);
  proxy->socket = g_strdup ("/run/user/1000/sbox/42/bus");
  proxy->args = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (app->sandbox.proxies, proxy);
  return app;
}

static SboxProxySandbox *
sandbox_for (SboxPlan *app, GError **error)
{
  return sbox_proxy_sandbox_new (app, g_ptr_array_index (app->sandbox.proxies, 0), error);
}

static const SboxFsOp *
find_op (const SboxSandbox *box, const char *dest)
{
  for (guint i = 0; i < box->fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (box->fs_ops, i);
      if (g_str_equal (op->dest, dest))
        return op;
    }
  return NULL;
}

static void
test_path_bus (void)
{
  g_autoptr (SboxPlan) app = app_plan ("unix:path=/run/user/1000/b%75s,guid=0123");
  SboxFsOp *info = sbox_sandbox_add_fs (&app->sandbox, SBOX_FS_FILE, SBOX_FS_FLAG_NONE, NULL,
                                        "/.flatpak-info");
  info->content = g_strdup ("[Application]\nname=org.example.App\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProxySandbox) sandbox = sandbox_for (app, &error);
  g_assert_no_error (error);
  const SboxSandbox *box = sandbox->box;
  /* A unix:path= bus: a network namespace of its own, Landlock on. */
  g_assert_true (box->namespaces & SBOX_NS_NET);
  g_assert_true (box->namespaces & SBOX_NS_USER);
  g_assert_cmpstr (box->landlock, ==, "true");
  g_assert_cmpstr (box->seccomp, ==, "default");
  const SboxFsOp *op = find_op (box, "/run/user/1000/bus");
  g_assert_nonnull (op);
  g_assert_cmpint (op->kind, ==, SBOX_FS_RO_BIND);
  op = find_op (box, "/run/user/1000/sbox/42");
  g_assert_nonnull (op);
  g_assert_cmpint (op->kind, ==, SBOX_FS_BIND);
  g_assert_nonnull (find_op (box, "/usr"));
  /* Nothing of the host's home, /etc or /tmp beyond what it needs. */
  g_assert_null (find_op (box, "/home"));
  g_assert_null (find_op (box, "/etc/passwd"));
  g_assert_null (find_op (box, "/proc"));
  op = find_op (box, "/.flatpak-info");
  g_assert_nonnull (op);
  g_assert_cmpstr (op->content, ==, info->content);
  for (guint i = 0; i < box->fs_ops->len; i++)
    {
      op = g_ptr_array_index (box->fs_ops, i);
      if (sbox_fs_op_is_writable (op))
        g_assert_cmpstr (op->dest, ==, "/run/user/1000/sbox/42");
    }
}

static void
test_abstract_bus (void)
{
  g_autoptr (SboxPlan) app = app_plan ("unix:abstract=/tmp/dbus-XYZ,guid=1");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProxySandbox) sandbox = sandbox_for (app, &error);
  g_assert_no_error (error);
  /* Reached only through the host's network namespace, unscoped. */
  g_assert_false (sandbox->box->namespaces & SBOX_NS_NET);
  g_assert_cmpstr (sandbox->box->landlock, ==, "false");
  g_assert_null (find_op (sandbox->box, "/tmp/dbus-XYZ"));
}

static void
test_tcp_bus (void)
{
  g_autoptr (SboxPlan) app = app_plan ("tcp:host=localhost,port=4000");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProxySandbox) sandbox = sandbox_for (app, &error);
  g_assert_no_error (error);
  g_assert_false (sandbox->box->namespaces & SBOX_NS_NET);
  g_assert_cmpstr (sandbox->box->landlock, ==, "true");
}

static void
test_unknown_transport (void)
{
  g_autoptr (SboxPlan) app = app_plan ("autolaunch:");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProxySandbox) sandbox = sandbox_for (app, &error);
  g_assert_null (sandbox);
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_SETUP);
  g_assert_nonnull (strstr (error->message, "autolaunch:"));
}

static void
test_unnamed (void)
{
  g_autoptr (SboxPlan) app = app_plan ("unix:path=/run/bus");
  app->profile_name = g_strdup ("3d-viewer");
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProxySandbox) sandbox = sandbox_for (app, &error);
  g_assert_no_error (error);
  const SboxFsOp *op = find_op (sandbox->box, "/.flatpak-info");
  g_assert_nonnull (op);
  g_assert_nonnull (strstr (op->content, "\nname=org.sbox.Unnamed._3d_viewer\n"));
  g_assert_nonnull (strstr (op->content, "\ninstance-id=42\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/proxy-sandbox/path-bus", test_path_bus);
  g_test_add_func ("/proxy-sandbox/abstract-bus", test_abstract_bus);
  g_test_add_func ("/proxy-sandbox/tcp-bus", test_tcp_bus);
  g_test_add_func ("/proxy-sandbox/unknown-transport", test_unknown_transport);
  g_test_add_func ("/proxy-sandbox/unnamed", test_unnamed);
  return g_test_run ();
}
