/* net-policy.h — what a sandbox with Network=isolated may not reach, and
 * the name service it gets (net-policy.c). */
#pragma once

#include <glib.h>

#include "net.h"

/* Inside, pasta answers DNS queries (UDP port 53) sent to this address and
 * relays them to the host's resolver: link-local, so that nothing else is
 * ever reached there (every other packet to it is refused). */
#define SBOX_NET_POLICY_DNS "169.254.1.53"

/* The destinations an isolated sandbox is refused: loopback is its own
 * already (a namespace of its own); link-local with the metadata addresses,
 * the private ranges, and the host's own addresses and the networks they
 * sit on (read from the host's network namespace, launcher side). */
gboolean sbox_net_policy_rules (SboxNetRules *rules, GError **error);

/* TRUE when rules refuse addr (4 or 16 bytes of family AF_INET or AF_INET6):
 * the check a proxy outside makes on every address it would connect to. */
gboolean sbox_net_policy_forbids (const SboxNetRules *rules, int family, const void *addr);

/* The sandbox's /etc/resolv.conf: SBOX_NET_POLICY_DNS, and the host's
 * search and options lines (resolv_conf may be NULL). */
char *sbox_net_policy_resolv_conf (const char *resolv_conf);
