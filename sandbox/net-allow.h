/* net-allow.h — the filtered network's policy: AllowHosts= patterns and
 * the addresses no sandbox may reach. Pure: no I/O. */
#pragma once

#include <glib.h>
#include <sys/socket.h>

/* One AllowHosts= entry. */
typedef struct
{
  char *host;        /* lower case, no trailing dot; an address in inet_ntop's form */
  gboolean wildcard; /* "*.host": every name beneath host, not host itself */
  gboolean address;  /* host is an IPv4 or IPv6 literal */
  guint16 port;      /* 0: the web ports, 80 and 443 */
  gboolean any_port; /* "host:*" */
} SboxNetPattern;

typedef struct
{
  GArray *patterns;           /* of SboxNetPattern */
  gboolean allow_private;     /* 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 reachable */
  guint16 test_loopback_port; /* tests only: loopback at this port reachable (0: none) */
} SboxNetAllow;

SboxNetAllow *sbox_net_allow_new (void);
void sbox_net_allow_free (SboxNetAllow *policy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxNetAllow, sbox_net_allow_free)

/* Parse one pattern: "name", "*.name", "1.2.3.4", "[::1]", each optionally
 * followed by ":PORT" or ":*". A bad one is one error naming it. */
gboolean sbox_net_allow_parse_pattern (const char *text, SboxNetPattern *out, GError **error);
void sbox_net_pattern_clear (SboxNetPattern *pattern);

/* Add a ';'- or ','-separated list (empty entries are skipped). */
gboolean sbox_net_allow_add (SboxNetAllow *policy, const char *list, GError **error);

/* A request's host in the form patterns use (lower case, no trailing dot,
 * no brackets, an address in inet_ntop's form), or NULL when it is neither
 * a host name nor an address. */
char *sbox_net_allow_normalize_host (const char *host);

/* Does a pattern allow host (normalized) at port? */
gboolean sbox_net_allow_allows (const SboxNetAllow *policy, const char *host, guint16 port);

/* NULL when addr (AF_INET or AF_INET6, with its port) may be reached, else
 * why not ("loopback address", "cloud metadata address", ...). */
const char *sbox_net_allow_forbidden (const SboxNetAllow *policy, const struct sockaddr *addr);
