/* net-policy.c — Network=isolated's policy, decided outside the sandbox:
 * which destinations are refused inside (fixed ranges, and the host's own
 * addresses and networks as its network namespace shows them), and the
 * name service the sandbox is given (pasta's DNS relay). The child only
 * installs the rules (net.c). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "error.h"
#include "net-policy.h"

/* Refused whatever the host looks like: link-local (the cloud metadata
 * services at 169.254.169.254 and fd00:ec2::254 among them), the private
 * and shared ranges a LAN, a VPN or a carrier uses. */
static const struct
{
  int family;
  const char *addr;
  guint8 prefix;
} fixed_ranges[] = {
  { AF_INET, "169.254.0.0", 16 }, { AF_INET, "10.0.0.0", 8 },    { AF_INET, "172.16.0.0", 12 },
  { AF_INET, "192.168.0.0", 16 }, { AF_INET, "100.64.0.0", 10 }, { AF_INET6, "fe80::", 10 },
  { AF_INET6, "fc00::", 7 },
};

static void
mask (guint8 *addr, int family, guint prefix)
{
  guint len = family == AF_INET ? 4 : 16;
  for (guint i = 0; i < len; i++)
    {
      guint bits = prefix > i * 8 ? MIN (8, prefix - i * 8) : 0;
      addr[i] &= (guint8) (0xff << (8 - bits));
    }
}

static gboolean
same_rule (const SboxNetRule *a, const SboxNetRule *b)
{
  return a->family == b->family && a->prefix == b->prefix && a->dns_only == b->dns_only
         && memcmp (a->addr, b->addr, sizeof a->addr) == 0;
}

static gboolean
add (SboxNetRules *rules, int family, const void *addr, guint prefix, gboolean dns_only,
     GError **error)
{
  SboxNetRule rule = { .family = family, .prefix = (guint8) prefix, .dns_only = dns_only };
  memcpy (rule.addr, addr, family == AF_INET ? 4 : 16);
  mask (rule.addr, family, prefix);
  for (guint i = 0; i < rules->n; i++)
    if (same_rule (&rules->rule[i], &rule))
      return TRUE;
  if (rules->n == SBOX_NET_MAX_RULES)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                   "Network=isolated: the host has more than %d addresses to refuse",
                   SBOX_NET_MAX_RULES);
      return FALSE;
    }
  rules->rule[rules->n++] = rule;
  return TRUE;
}

static guint
prefix_of (const struct sockaddr *netmask, int family)
{
  if (netmask == NULL)
    return family == AF_INET ? 32 : 128;
  const guint8 *bytes
      = family == AF_INET
            ? (const guint8 *) &((const struct sockaddr_in *) (const void *) netmask)->sin_addr
            : (const guint8 *) &((const struct sockaddr_in6 *) (const void *) netmask)->sin6_addr;
  guint prefix = 0;
  for (guint i = 0; i < (family == AF_INET ? 4U : 16U); i++)
    prefix += (guint) __builtin_popcount (bytes[i]);
  return prefix;
}

gboolean
sbox_net_policy_rules (SboxNetRules *rules, GError **error)
{
  rules->n = 0;
  guint8 addr[16];
  /* First, ahead of the ranges that hold it: the DNS relay's address. */
  inet_pton (AF_INET, SBOX_NET_POLICY_DNS, addr);
  if (!add (rules, AF_INET, addr, 32, TRUE, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (fixed_ranges); i++)
    {
      inet_pton (fixed_ranges[i].family, fixed_ranges[i].addr, addr);
      if (!add (rules, fixed_ranges[i].family, addr, fixed_ranges[i].prefix, FALSE, error))
        return FALSE;
    }
  /* The host's own addresses, and the networks it sits on (its LAN and
   * the bridges of its containers and VMs), whatever their range: pasta
   * connects from the host, where they lead to the host's services. */
  struct ifaddrs *list = NULL;
  if (getifaddrs (&list) != 0)
    return sbox_error_set_errno (error, errno, "cannot list the host's addresses");
  gboolean ok = TRUE;
  for (struct ifaddrs *ifa = list; ok && ifa; ifa = ifa->ifa_next)
    {
      if (ifa->ifa_addr == NULL
          || (ifa->ifa_addr->sa_family != AF_INET && ifa->ifa_addr->sa_family != AF_INET6))
        continue;
      int family = ifa->ifa_addr->sa_family;
      const void *a
          = family == AF_INET
                ? (const void *) &((struct sockaddr_in *) (void *) ifa->ifa_addr)->sin_addr
                : (const void *) &((struct sockaddr_in6 *) (void *) ifa->ifa_addr)->sin6_addr;
      /* The sandbox's loopback is its own. */
      if (family == AF_INET ? ((const guint8 *) a)[0] == 127
                            : IN6_IS_ADDR_LOOPBACK ((const struct in6_addr *) a))
        continue;
      guint prefix = prefix_of (ifa->ifa_netmask, family);
      ok = add (rules, family, a, family == AF_INET ? 32 : 128, FALSE, error)
           && (prefix == 0 || add (rules, family, a, prefix, FALSE, error));
    }
  freeifaddrs (list);
  return ok;
}

gboolean
sbox_net_policy_forbids (const SboxNetRules *rules, int family, const void *addr)
{
  gboolean forbidden = FALSE;
  for (guint i = 0; i < rules->n; i++)
    {
      const SboxNetRule *rule = &rules->rule[i];
      if (rule->family != family)
        continue;
      guint8 masked[16] = { 0 };
      memcpy (masked, addr, family == AF_INET ? 4 : 16);
      mask (masked, family, rule->prefix);
      if (memcmp (masked, rule->addr, family == AF_INET ? 4 : 16) != 0)
        continue;
      /* The DNS relay's exception holds for the relay alone, inside. */
      if (rule->dns_only)
        return TRUE;
      forbidden = TRUE;
    }
  return forbidden;
}

char *
sbox_net_policy_resolv_conf (const char *resolv_conf)
{
  GString *out = g_string_new ("# sbox: Network=isolated, names resolved through pasta\n"
                               "nameserver " SBOX_NET_POLICY_DNS "\n");
  g_auto (GStrv) lines = g_strsplit (resolv_conf ? resolv_conf : "", "\n", -1);
  for (char **line = lines; *line; line++)
    if (g_str_has_prefix (*line, "search") || g_str_has_prefix (*line, "domain")
        || g_str_has_prefix (*line, "options"))
      g_string_append_printf (out, "%s\n", *line);
  return g_string_free (out, FALSE);
}
