/* net.h — networking inside a new network namespace. */
#pragma once

#include <glib.h>

/* Bring the loopback interface up; -1 with errno on failure. Child side. */
int sbox_net_loopback_up (void);

/* One destination refused inside (a routing rule of type prohibit), or let
 * through ahead of them for DNS only (UDP port 53 to that one address). */
typedef struct
{
  int family; /* AF_INET or AF_INET6 */
  guint8 prefix;
  guint8 addr[16];
  gboolean dns_only; /* an exception: only UDP to port 53 goes through */
} SboxNetRule;

#define SBOX_NET_MAX_RULES 256

/* Fixed-size: built by the launcher before clone, read by the child. */
typedef struct
{
  guint n;
  SboxNetRule rule[SBOX_NET_MAX_RULES];
} SboxNetRules;

/* Add rules to this network namespace's routing policy over rtnetlink
 * (needs CAP_NET_ADMIN over it; the command, which has none, cannot take
 * them away). Fork-safe; -1 with errno, *failed the rule that failed. */
int sbox_net_apply_rules (const SboxNetRules *rules, guint *failed);
