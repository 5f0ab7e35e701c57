/* test-proxy-args.c — the xdg-dbus-proxy options a bus policy becomes
 * (doors.c): --filter, then one --see, --talk, --own, --call or --broadcast
 * per entry; nothing for full access. */
#include "config.h"

#include "doors.h"

/* The options for POLICIES ("NAME=LEVEL;LEVEL", NULL-terminated), one a
 * line. */
static char *
args_for (gboolean full, const char *const *policies)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  for (const char *const *p = policies; *p; p++)
    sbox_plan_add_item (items, *p, "test.profile:1");
  g_autoptr (GPtrArray) args = sbox_doors_build_proxy_args (full, items);
  g_ptr_array_add (args, NULL);
  return g_strjoinv ("\n", (char **) args->pdata);
}

static void
assert_args (const char *const *policies, const char *want)
{
  g_autofree char *got = args_for (FALSE, policies);
  g_test_message ("%s", policies[0] ? policies[0] : "(none)");
  g_assert_cmpstr (got, ==, want);
}

static void
test_levels (void)
{
  assert_args ((const char *const[]){ "org.example.App=see", NULL },
               "--filter\n--see=org.example.App");
  assert_args ((const char *const[]){ "org.example.App=talk", NULL },
               "--filter\n--talk=org.example.App");
  assert_args ((const char *const[]){ "org.example.App.*=own", NULL },
               "--filter\n--own=org.example.App.*");
  /* call and broadcast without a rule: any member on any path. */
  assert_args ((const char *const[]){ "org.example.App=call", NULL },
               "--filter\n--call=org.example.App=*");
  assert_args ((const char *const[]){ "org.example.App=broadcast", NULL },
               "--filter\n--broadcast=org.example.App=*");
}

static void
test_rules (void)
{
  assert_args ((const char *const[]){ "org.freedesktop.login1=call:org.freedesktop.login1.Manager."
                                      "GetSession@/org/freedesktop/login1",
                                      NULL },
               "--filter\n--call=org.freedesktop.login1=org.freedesktop.login1.Manager.GetSession"
               "@/org/freedesktop/login1");
  assert_args ((const char *const[]){ "org.example.App=call:@/org/example/*", NULL },
               "--filter\n--call=org.example.App=@/org/example/*");
  assert_args ((const char *const[]){ "org.example.App=broadcast:org.example.App.Changed", NULL },
               "--filter\n--broadcast=org.example.App=org.example.App.Changed");
}

static void
test_lists_and_order (void)
{
  /* Each entry of a ';' list in order, empty entries skipped, then the
   * next policy. */
  assert_args ((const char *const[]){ "org.a.One=talk;call:org.a.One.Get@/a;;broadcast",
                                      "org.b.Two=own", NULL },
               "--filter\n--talk=org.a.One\n--call=org.a.One=org.a.One.Get@/a\n"
               "--broadcast=org.a.One=*\n--own=org.b.Two");
  /* A level the profile parser would refuse makes no option at all. */
  assert_args ((const char *const[]){ "org.a.One=none", NULL }, "--filter");
  /* No entries: still filtered, so nothing but the bus itself is reachable. */
  assert_args ((const char *const[]){ NULL }, "--filter");
}

static void
test_full_access (void)
{
  /* sockets=session-bus: no --filter, whatever the policies say. */
  g_autofree char *none = args_for (TRUE, (const char *const[]){ NULL });
  g_autofree char *with = args_for (TRUE, (const char *const[]){ "org.a.One=talk", NULL });
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (with, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/proxy-args/levels", test_levels);
  g_test_add_func ("/proxy-args/rules", test_rules);
  g_test_add_func ("/proxy-args/lists-and-order", test_lists_and_order);
  g_test_add_func ("/proxy-args/full-access", test_full_access);
  return g_test_run ();
}
