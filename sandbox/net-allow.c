/* net-allow.c — the filtered network's policy: which host names and ports
 * AllowHosts= lets a sandbox ask the proxy for, and which addresses stay
 * out of reach whatever a name resolves to. Pure: the proxy does the I/O.
 *
 * A pattern without a port allows the web ports 80 and 443; "host:PORT"
 * allows that port only and "host:*" every port. "*.example.org" allows
 * every name beneath example.org at any depth but not example.org itself,
 * as the wildcard of a certificate and most proxies' host lists read it:
 * list both to allow both. Addresses are compared as addresses, so a
 * request for 127.0.0.1 matches no name pattern however names resolve. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "error.h"
#include "net-allow.h"

SboxNetAllow *
sbox_net_allow_new (void)
{
  SboxNetAllow *policy = g_new0 (SboxNetAllow, 1);
  policy->patterns = g_array_new (FALSE, TRUE, sizeof (SboxNetPattern));
  g_array_set_clear_func (policy->patterns, (GDestroyNotify) sbox_net_pattern_clear);
  return policy;
}

void
sbox_net_allow_free (SboxNetAllow *policy)
{
  if (policy == NULL)
    return;
  g_array_unref (policy->patterns);
  g_free (policy);
}

void
sbox_net_pattern_clear (SboxNetPattern *pattern)
{
  g_clear_pointer (&pattern->host, g_free);
}

/* A DNS name as resolvers take it: labels of letters, digits, '-' and '_'
 * (service names use it), 1 to 63 bytes, 253 in all, no label starting or
 * ending with '-'. */
static gboolean
valid_name (const char *name)
{
  gsize len = strlen (name);
  if (len == 0 || len > 253)
    return FALSE;
  gsize label = 0;
  for (gsize i = 0; i <= len; i++)
    {
      char c = name[i];
      if (c == '.' || c == '\0')
        {
          if (label == 0 || label > 63 || name[i - 1] == '-')
            return FALSE;
          label = 0;
          continue;
        }
      if (label == 0 && c == '-')
        return FALSE;
      if (!g_ascii_isalnum (c) && c != '-' && c != '_')
        return FALSE;
      label++;
    }
  return TRUE;
}

/* An address literal's canonical text, or NULL. */
static char *
canonical_address (const char *text, gboolean v6)
{
  guint8 bytes[16];
  char out[INET6_ADDRSTRLEN];
  int family = v6 ? AF_INET6 : AF_INET;
  if (inet_pton (family, text, bytes) != 1 || inet_ntop (family, bytes, out, sizeof out) == NULL)
    return NULL;
  return g_strdup (out);
}

/* Only dotted quads are IPv4 literals here: resolvers also read "127.1",
 * "0x7f.1" and "2130706433" as addresses, and those are refused as names
 * (every name's addresses are checked anyway). */
static gboolean
looks_numeric (const char *name)
{
  const char *last = strrchr (name, '.');
  last = last ? last + 1 : name;
  if (*last == '\0')
    return FALSE;
  if (g_ascii_strncasecmp (last, "0x", 2) == 0)
    return TRUE;
  for (const char *p = last; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

char *
sbox_net_allow_normalize_host (const char *host)
{
  if (host == NULL || *host == '\0')
    return NULL;
  gsize len = strlen (host);
  if (host[0] == '[')
    {
      if (len < 3 || host[len - 1] != ']')
        return NULL;
      g_autofree char *inner = g_strndup (host + 1, len - 2);
      return canonical_address (inner, TRUE);
    }
  if (strchr (host, ':'))
    return canonical_address (host, TRUE);
  g_autofree char *lower = g_ascii_strdown (host, (gssize) len);
  if (len > 1 && lower[len - 1] == '.')
    lower[len - 1] = '\0';
  char *address = canonical_address (lower, FALSE);
  if (address)
    return address;
  if (!valid_name (lower) || looks_numeric (lower))
    return NULL;
  return g_steal_pointer (&lower);
}

static gboolean
bad_pattern (GError **error, const char *text, const char *why)
{
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "AllowHosts: \"%s\" is not a host pattern: %s",
               text, why);
  return FALSE;
}

gboolean
sbox_net_allow_parse_pattern (const char *text, SboxNetPattern *out, GError **error)
{
  memset (out, 0, sizeof *out);
  g_autofree char *host = NULL;
  const char *port = NULL;
  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');
      if (close == NULL)
        return bad_pattern (error, text, "an IPv6 address needs its closing ']'");
      host = g_strndup (text, (gsize) (close - text) + 1);
      if (close[1] == ':')
        port = close + 2;
      else if (close[1] != '\0')
        return bad_pattern (error, text, "only \":PORT\" may follow the ']'");
    }
  else
    {
      const char *colon = strchr (text, ':');
      if (colon && strchr (colon + 1, ':'))
        return bad_pattern (error, text, "write an IPv6 address in brackets, as [::1]:443");
      host = colon ? g_strndup (text, (gsize) (colon - text)) : g_strdup (text);
      port = colon ? colon + 1 : NULL;
    }
  if (port)
    {
      if (g_str_equal (port, "*"))
        out->any_port = TRUE;
      else
        {
          guint64 value = 0;
          if (*port == '\0' || !g_ascii_string_to_unsigned (port, 10, 1, 65535, &value, NULL))
            return bad_pattern (error, text, "the port must be a number from 1 to 65535, or *");
          out->port = (guint16) value;
        }
    }
  const char *name = host;
  if (g_str_has_prefix (name, "*."))
    {
      out->wildcard = TRUE;
      name += 2;
    }
  if (strchr (name, '*'))
    return bad_pattern (error, text,
                        g_str_equal (host, "*")
                            ? "\"*\" alone would allow every host (Network=isolated does that)"
                            : "a '*' may only open the pattern, as in *.example.org");
  if (*name == '\0')
    return bad_pattern (error, text, "the host is empty");
  out->host = sbox_net_allow_normalize_host (name);
  if (out->host == NULL)
    return bad_pattern (error, text,
                        host[0] == '[' ? "not an IPv6 address" : "not a host name or address");
  g_autofree char *v4 = canonical_address (out->host, FALSE);
  out->address = strchr (out->host, ':') || v4 != NULL;
  if (out->address && out->wildcard)
    {
      sbox_net_pattern_clear (out);
      return bad_pattern (error, text, "'*.' applies to names, not addresses");
    }
  /* "*.com" would allow a whole top-level domain: surely a slip. */
  if (out->wildcard && strchr (out->host, '.') == NULL)
    {
      sbox_net_pattern_clear (out);
      return bad_pattern (error, text, "a wildcard needs a domain of two labels or more");
    }
  return TRUE;
}

gboolean
sbox_net_allow_add (SboxNetAllow *policy, const char *list, GError **error)
{
  g_auto (GStrv) items = g_strsplit_set (list, ";,", -1);
  for (char **item = items; *item; item++)
    {
      g_strstrip (*item);
      if (**item == '\0')
        continue;
      SboxNetPattern pattern;
      if (!sbox_net_allow_parse_pattern (*item, &pattern, error))
        return FALSE;
      g_array_append_val (policy->patterns, pattern);
    }
  return TRUE;
}

static gboolean
port_matches (const SboxNetPattern *p, guint16 port)
{
  if (p->any_port)
    return TRUE;
  if (p->port == 0)
    return port == 80 || port == 443;
  return p->port == port;
}

static gboolean
host_matches (const SboxNetPattern *p, const char *host)
{
  if (!p->wildcard)
    return g_str_equal (p->host, host);
  gsize hl = strlen (host), pl = strlen (p->host);
  return hl > pl + 1 && host[hl - pl - 1] == '.' && g_str_equal (host + hl - pl, p->host);
}

gboolean
sbox_net_allow_allows (const SboxNetAllow *policy, const char *host, guint16 port)
{
  if (host == NULL || port == 0)
    return FALSE;
  for (guint i = 0; i < policy->patterns->len; i++)
    {
      const SboxNetPattern *p = &g_array_index (policy->patterns, SboxNetPattern, i);
      if (host_matches (p, host) && port_matches (p, port))
        return TRUE;
    }
  return FALSE;
}

typedef enum
{
  ALWAYS,
  PRIVATE,
} Strength;

typedef struct
{
  guint8 prefix[16];
  guint bits;
  Strength strength;
  const char *why;
} Range;

#define V4(a, b, c, d)                                                                             \
  {                                                                                                \
    a, b, c, d                                                                                     \
  }

/* Checked in order: the metadata addresses before the ranges that hold
 * them, so that allowing private ranges never opens them. */
static const Range v4_ranges[] = {
  { V4 (169, 254, 169, 254), 32, ALWAYS, "cloud metadata address" },
  { V4 (100, 100, 100, 200), 32, ALWAYS, "cloud metadata address" },
  { V4 (0, 0, 0, 0), 8, ALWAYS, "unspecified address" },
  { V4 (127, 0, 0, 0), 8, ALWAYS, "loopback address" },
  { V4 (169, 254, 0, 0), 16, ALWAYS, "link-local address" },
  { V4 (224, 0, 0, 0), 4, ALWAYS, "multicast address" },
  { V4 (240, 0, 0, 0), 4, ALWAYS, "broadcast or reserved address" },
  { V4 (192, 0, 0, 0), 24, ALWAYS, "reserved (protocol assignments) address" },
  { V4 (198, 18, 0, 0), 15, ALWAYS, "reserved (benchmarking) address" },
  { V4 (192, 88, 99, 0), 24, ALWAYS, "reserved (6to4 relay) address" },
  { V4 (10, 0, 0, 0), 8, PRIVATE, "private address" },
  { V4 (172, 16, 0, 0), 12, PRIVATE, "private address" },
  { V4 (192, 168, 0, 0), 16, PRIVATE, "private address" },
  { V4 (100, 64, 0, 0), 10, PRIVATE, "private (shared) address" },
};

static const Range v6_ranges[] = {
  { { 0xfd, 0x00, 0x0e, 0xc2, [14] = 0x02, [15] = 0x54 }, 128, ALWAYS, "cloud metadata address" },
  { { [15] = 0 }, 128, ALWAYS, "unspecified address" },
  { { [15] = 1 }, 128, ALWAYS, "loopback address" },
  { { 0xfe, 0x80 }, 10, ALWAYS, "link-local address" },
  { { 0xff }, 8, ALWAYS, "multicast address" },
  { { 0 }, 96, ALWAYS, "IPv4-compatible address" },
  { { 0, 0x64, 0xff, 0x9b, 0, 1 }, 48, ALWAYS, "local NAT64 address" },
  { { 0x20, 0x01, 0, 0 }, 32, ALWAYS, "Teredo address" },
  { { 0x01, 0x00 }, 64, ALWAYS, "discard-only address" },
  { { 0xfc }, 7, PRIVATE, "private (unique local) address" },
  { { 0xfe, 0xc0 }, 10, PRIVATE, "private (site-local) address" },
};

/* IPv6 prefixes whose last 32 bits are an IPv4 address the packet goes to
 * (through the kernel or a translator): that address is checked. */
static const Range v6_embedding[] = {
  { { [10] = 0xff, [11] = 0xff }, 96, ALWAYS, "IPv4-mapped" },
  { { 0, 0x64, 0xff, 0x9b }, 96, ALWAYS, "NAT64" },
  { { [8] = 0xff, [9] = 0xff }, 96, ALWAYS, "IPv4-translated" },
};

static gboolean
in_range (const guint8 *addr, const Range *r)
{
  guint full = r->bits / 8, rest = r->bits % 8;
  if (memcmp (addr, r->prefix, full) != 0)
    return FALSE;
  if (rest == 0)
    return TRUE;
  guint8 mask = (guint8) (0xff << (8 - rest));
  return (addr[full] & mask) == (r->prefix[full] & mask);
}

static const char *
check (const guint8 *addr, const Range *ranges, gsize n, gboolean allow_private)
{
  for (gsize i = 0; i < n; i++)
    if (in_range (addr, &ranges[i]) && (ranges[i].strength == ALWAYS || !allow_private))
      return ranges[i].why;
  return NULL;
}

/* 127/8, ::1 or ::ffff:127.0.0.0/104. */
static gboolean
loopback (const guint8 *v4, const guint8 *v6)
{
  static const guint8 one[16] = { [15] = 1 };
  if (v6 && in_range (v6, &v6_embedding[0]))
    v4 = v6 + 12;
  return v4 ? v4[0] == 127 : memcmp (v6, one, 16) == 0;
}

const char *
sbox_net_allow_forbidden (const SboxNetAllow *policy, const struct sockaddr *addr)
{
  const guint8 *v4 = NULL, *v6 = NULL;
  guint16 port = 0;
  if (addr->sa_family == AF_INET)
    {
      const struct sockaddr_in *in = (const struct sockaddr_in *) addr;
      v4 = (const guint8 *) &in->sin_addr;
      port = ntohs (in->sin_port);
    }
  else if (addr->sa_family == AF_INET6)
    {
      const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) addr;
      v6 = (const guint8 *) &in6->sin6_addr;
      port = ntohs (in6->sin6_port);
    }
  else
    return "not an internet address";
  /* Tests only: their server on the loopback at this one port. */
  if (policy->test_loopback_port != 0 && port == policy->test_loopback_port && loopback (v4, v6))
    return NULL;
  if (v4)
    return check (v4, v4_ranges, G_N_ELEMENTS (v4_ranges), policy->allow_private);
  for (gsize i = 0; i < G_N_ELEMENTS (v6_embedding); i++)
    if (in_range (v6, &v6_embedding[i]))
      return check (v6 + 12, v4_ranges, G_N_ELEMENTS (v4_ranges), policy->allow_private);
  /* 6to4 (2002::/16): the IPv4 address a relay sends to follows the prefix. */
  if (v6[0] == 0x20 && v6[1] == 0x02)
    return check (v6 + 2, v4_ranges, G_N_ELEMENTS (v4_ranges), policy->allow_private);
  return check (v6, v6_ranges, G_N_ELEMENTS (v6_ranges), policy->allow_private);
}
