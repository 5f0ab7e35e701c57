/* test-net-policy.c — Network=isolated's refused destinations as the
 * launcher computes them, and the check a proxy outside makes with them
 * (sbox_net_policy_forbids); the sandbox's resolv.conf. */
#include "config.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include "net-policy.h"

static gboolean
forbids (const SboxNetRules *rules, const char *text)
{
  guint8 addr[16];
  int family = strchr (text, ':') ? AF_INET6 : AF_INET;
  g_assert_cmpint (inet_pton (family, text, addr), ==, 1);
  return sbox_net_policy_forbids (rules, family, addr);
}

static void
test_ranges (void)
{
  g_autofree SboxNetRules *rules = g_new0 (SboxNetRules, 1);
  g_autoptr (GError) error = NULL;
  g_assert_true (sbox_net_policy_rules (rules, &error));
  g_assert_no_error (error);
  const char *refused[] = { "169.254.169.254",  "10.0.0.1",    "172.16.0.1",
                            "172.31.255.255",   "192.168.1.1", "100.64.0.1",
                            "fd00:ec2::254",    "fe80::1",     "fc00::1",
                            SBOX_NET_POLICY_DNS };
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_true (forbids (rules, refused[i]));
  /* Not in any range (unless this host sits on them). */
  const char *allowed[] = { "198.51.100.1", "172.32.0.1", "100.128.0.1", "2001:db8::1" };
  for (gsize i = 0; i < G_N_ELEMENTS (allowed); i++)
    g_assert_false (forbids (rules, allowed[i]));
  /* The relay's exception goes first, ahead of the range that holds it. */
  g_assert_true (rules->rule[0].dns_only);
  for (guint i = 1; i < rules->n; i++)
    g_assert_false (rules->rule[i].dns_only);
}

static void
test_resolv_conf (void)
{
  g_autofree char *conf = sbox_net_policy_resolv_conf ("nameserver 127.0.0.53\n"
                                                       "search example.org\n"
                                                       "options edns0 trust-ad\n");
  g_assert_nonnull (strstr (conf, "nameserver " SBOX_NET_POLICY_DNS "\n"));
  g_assert_null (strstr (conf, "127.0.0.53"));
  g_assert_nonnull (strstr (conf, "search example.org\n"));
  g_assert_nonnull (strstr (conf, "options edns0 trust-ad\n"));
  g_autofree char *bare = sbox_net_policy_resolv_conf (NULL);
  g_assert_nonnull (strstr (bare, "nameserver " SBOX_NET_POLICY_DNS "\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net-policy/ranges", test_ranges);
  g_test_add_func ("/net-policy/resolv-conf", test_resolv_conf);
  return g_test_run ();
}
