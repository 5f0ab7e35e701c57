/* Unit tests for net-allow.c and the request heads of net-proxy.c: host
 * patterns (and bad ones), matching, every forbidden address range in its
 * IPv4, IPv6 and IPv4-mapped forms, each beside a control address that
 * passes. And the launcher's side: sbox_net_proxy_start runs the built sbox
 * (SBOX_PROGRAM), which refuses over SOCKS5, logs JSON and exits with its
 * lifeline. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net-allow.h"
#include "net-proxy.h"

#include <glib/gstdio.h>

static SboxNetAllow *
policy_of (const char *list)
{
  SboxNetAllow *policy = sbox_net_allow_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (sbox_net_allow_add (policy, list, &error));
  g_assert_no_error (error);
  return policy;
}

static void
test_patterns (void)
{
  static const struct
  {
    const char *text;
    const char *host;
    gboolean wildcard, address, any_port;
    guint16 port;
  } good[] = {
    { "registry.npmjs.org", "registry.npmjs.org", FALSE, FALSE, FALSE, 0 },
    { "Registry.NPMJS.org.", "registry.npmjs.org", FALSE, FALSE, FALSE, 0 },
    { "*.crates.io", "crates.io", TRUE, FALSE, FALSE, 0 },
    { "github.com:443", "github.com", FALSE, FALSE, FALSE, 443 },
    { "github.com:*", "github.com", FALSE, FALSE, TRUE, 0 },
    { "[::1]:443", "::1", FALSE, TRUE, FALSE, 443 },
    { "[2001:DB8:0::1]", "2001:db8::1", FALSE, TRUE, FALSE, 0 },
    { "93.184.216.34:8080", "93.184.216.34", FALSE, TRUE, FALSE, 8080 },
    { "localhost:65535", "localhost", FALSE, FALSE, FALSE, 65535 },
    { "_srv.example.org", "_srv.example.org", FALSE, FALSE, FALSE, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      SboxNetPattern p;
      g_autoptr (GError) error = NULL;
      g_assert_true (sbox_net_allow_parse_pattern (good[i].text, &p, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (p.host, ==, good[i].host);
      g_assert_cmpint (p.wildcard, ==, good[i].wildcard);
      g_assert_cmpint (p.address, ==, good[i].address);
      g_assert_cmpint (p.any_port, ==, good[i].any_port);
      g_assert_cmpuint (p.port, ==, good[i].port);
      sbox_net_pattern_clear (&p);
    }
}

static void
test_bad_patterns (void)
{
  static const char *const bad[] = {
    "*",
    "*.com",
    "a.*.org",
    "*example.org",
    "exa mple.org",
    "example..org",
    "-a.example.org",
    "a-.example.org",
    "example.org:0",
    "example.org:65536",
    "example.org:",
    "example.org:x",
    "::1",
    "[::1",
    "[::1]x",
    "[nothost]",
    "*.1.2.3.4",
    ":443",
    "a/b",
    "ex%61mple.org",
    "127.1",
    "0x7f.0.0.1",
    "2130706433",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      SboxNetPattern p;
      g_autoptr (GError) error = NULL;
      g_assert_false (sbox_net_allow_parse_pattern (bad[i], &p, &error));
      g_assert_nonnull (error);
      /* One line that names the pattern. */
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", bad[i]);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_null (strchr (error->message, '\n'));
      g_assert_null (p.host);
    }
  /* A list stops at its first bad entry and names it. */
  g_autoptr (SboxNetAllow) policy = sbox_net_allow_new ();
  g_autoptr (GError) error = NULL;
  g_assert_false (sbox_net_allow_add (policy, "a.org; b..org ;c.org", &error));
  g_assert_nonnull (strstr (error->message, "\"b..org\""));
}

static void
test_matching (void)
{
  g_autoptr (SboxNetAllow) policy = policy_of (
      "registry.npmjs.org;*.crates.io;github.com:443;[::1]:8443;10.1.2.3:*;"
      "example.org:22");
  static const struct
  {
    const char *host;
    guint16 port;
    gboolean allowed;
  } cases[] = {
    { "registry.npmjs.org", 443, TRUE },
    { "REGISTRY.npmjs.org.", 80, TRUE },
    { "registry.npmjs.org", 8080, FALSE }, /* a bare name: the web ports only */
    { "npmjs.org", 443, FALSE },
    { "evil-registry.npmjs.org", 443, FALSE },
    { "static.crates.io", 443, TRUE },
    { "a.b.crates.io", 443, TRUE },
    { "crates.io", 443, FALSE }, /* *. is subdomains only */
    { "evilcrates.io", 443, FALSE },
    { "crates.io.evil.org", 443, FALSE },
    { "github.com", 443, TRUE },
    { "github.com", 80, FALSE },
    { "[::1]", 8443, TRUE },
    { "0:0::1", 8443, TRUE },
    { "::1", 443, FALSE },
    { "10.1.2.3", 1, TRUE },
    { "10.1.2.3", 65535, TRUE },
    { "example.org", 22, TRUE },
    { "example.org", 443, FALSE },
    { "other.org", 443, FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *host = sbox_net_allow_normalize_host (cases[i].host);
      g_assert_nonnull (host);
      g_assert_cmpint (sbox_net_allow_allows (policy, host, cases[i].port), ==, cases[i].allowed);
    }
  /* Hosts that are neither a name nor an address never match. */
  static const char *const junk[] = { "", "a b", "a/b", "127.1", "2130706433", "[::1", "x..y" };
  for (gsize i = 0; i < G_N_ELEMENTS (junk); i++)
    g_assert_null (sbox_net_allow_normalize_host (junk[i]));
}

/* sbox_net_allow_forbidden for text (an IPv4 or IPv6 address) at port. */
static const char *
forbidden (const SboxNetAllow *policy, const char *text, guint16 port)
{
  static struct sockaddr_storage ss;
  memset (&ss, 0, sizeof ss);
  struct sockaddr_in *in = (struct sockaddr_in *) &ss;
  struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &ss;
  if (inet_pton (AF_INET, text, &in->sin_addr) == 1)
    {
      in->sin_family = AF_INET;
      in->sin_port = htons (port);
    }
  else
    {
      g_assert_cmpint (inet_pton (AF_INET6, text, &in6->sin6_addr), ==, 1);
      in6->sin6_family = AF_INET6;
      in6->sin6_port = htons (port);
    }
  return sbox_net_allow_forbidden (policy, (struct sockaddr *) &ss);
}

static void
test_forbidden (void)
{
  g_autoptr (SboxNetAllow) policy = sbox_net_allow_new ();
  g_autoptr (SboxNetAllow) open = sbox_net_allow_new ();
  open->allow_private = TRUE;
  static const struct
  {
    const char *address;
    const char *why;  /* NULL: reachable */
    gboolean private; /* reachable with allow_private */
  } cases[] = {
    /* controls: public addresses pass */
    { "93.184.216.34", NULL, FALSE },
    { "1.1.1.1", NULL, FALSE },
    { "2606:2800:220:1:248:1893:25c8:1946", NULL, FALSE },
    { "::ffff:93.184.216.34", NULL, FALSE },
    { "172.32.0.1", NULL, FALSE },
    { "100.128.0.1", NULL, FALSE },
    { "169.253.255.255", NULL, FALSE },
    { "223.255.255.255", NULL, FALSE },
    { "fbff::1", NULL, FALSE },
    /* always forbidden */
    { "127.0.0.1", "loopback address", FALSE },
    { "127.255.255.254", "loopback address", FALSE },
    { "::1", "loopback address", FALSE },
    { "::ffff:127.0.0.1", "loopback address", FALSE },
    { "0.0.0.0", "unspecified address", FALSE },
    { "0.1.2.3", "unspecified address", FALSE },
    { "::", "unspecified address", FALSE },
    { "::ffff:0.0.0.0", "unspecified address", FALSE },
    { "169.254.169.254", "cloud metadata address", FALSE },
    { "::ffff:169.254.169.254", "cloud metadata address", FALSE },
    { "fd00:ec2::254", "cloud metadata address", FALSE },
    { "100.100.100.200", "cloud metadata address", FALSE },
    { "169.254.1.1", "link-local address", FALSE },
    { "::ffff:169.254.1.1", "link-local address", FALSE },
    { "fe80::1", "link-local address", FALSE },
    { "febf:ffff::1", "link-local address", FALSE },
    { "224.0.0.1", "multicast address", FALSE },
    { "239.255.255.250", "multicast address", FALSE },
    { "192.0.0.1", "reserved (protocol assignments) address", FALSE },
    { "198.19.255.1", "reserved (benchmarking) address", FALSE },
    { "192.88.99.1", "reserved (6to4 relay) address", FALSE },
    { "64:ff9b:1::a00:1", "local NAT64 address", FALSE },
    { "2001:0:4136:e378::1", "Teredo address", FALSE },
    { "100::1", "discard-only address", FALSE },
    { "2002:7f00:1::1", "loopback address", FALSE },
    { "2002:a9fe:a9fe::1", "cloud metadata address", FALSE },
    { "2002:5db8:d822::1", NULL, FALSE },
    { "192.1.0.1", NULL, FALSE },
    { "198.20.0.1", NULL, FALSE },
    { "::ffff:224.0.0.251", "multicast address", FALSE },
    { "ff02::1", "multicast address", FALSE },
    { "255.255.255.255", "broadcast or reserved address", FALSE },
    { "240.0.0.1", "broadcast or reserved address", FALSE },
    { "::ffff:255.255.255.255", "broadcast or reserved address", FALSE },
    { "::127.0.0.1", "IPv4-compatible address", FALSE },
    { "64:ff9b::7f00:1", "loopback address", FALSE },
    { "::ffff:0:127.0.0.1", "loopback address", FALSE },
    /* private unless allowed */
    { "10.0.0.1", "private address", TRUE },
    { "10.255.255.255", "private address", TRUE },
    { "::ffff:10.1.2.3", "private address", TRUE },
    { "172.16.0.1", "private address", TRUE },
    { "172.31.255.255", "private address", TRUE },
    { "::ffff:172.20.0.1", "private address", TRUE },
    { "192.168.1.1", "private address", TRUE },
    { "::ffff:192.168.0.1", "private address", TRUE },
    { "100.64.0.1", "private (shared) address", TRUE },
    { "100.127.255.255", "private (shared) address", TRUE },
    { "::ffff:100.64.0.1", "private (shared) address", TRUE },
    { "fc00::1", "private (unique local) address", TRUE },
    { "fd12:3456::1", "private (unique local) address", TRUE },
    { "fec0::1", "private (site-local) address", TRUE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].address);
      g_assert_cmpstr (forbidden (policy, cases[i].address, 443), ==, cases[i].why);
      g_assert_cmpstr (forbidden (open, cases[i].address, 443), ==,
                       cases[i].private ? NULL : cases[i].why);
    }
}

static void
test_loopback_port (void)
{
  g_autoptr (SboxNetAllow) policy = sbox_net_allow_new ();
  policy->test_loopback_port = 8123;
  g_assert_null (forbidden (policy, "127.0.0.1", 8123));
  g_assert_null (forbidden (policy, "::1", 8123));
  g_assert_null (forbidden (policy, "::ffff:127.0.0.1", 8123));
  /* That port only, and the loopback only. */
  g_assert_cmpstr (forbidden (policy, "127.0.0.1", 8124), ==, "loopback address");
  g_assert_cmpstr (forbidden (policy, "169.254.169.254", 8123), ==, "cloud metadata address");
  g_assert_cmpstr (forbidden (policy, "10.0.0.1", 8123), ==, "private address");
  policy->test_loopback_port = 0;
  g_assert_cmpstr (forbidden (policy, "127.0.0.1", 8123), ==, "loopback address");
}

static void
parse (const char *head, SboxNetHttpRequest *request, gboolean ok)
{
  g_autoptr (GError) error = NULL;
  g_assert_cmpint (sbox_net_proxy_parse_http (head, strlen (head), request, &error), ==, ok);
  if (ok)
    g_assert_no_error (error);
  else
    g_assert_nonnull (error);
}

static void
test_http_heads (void)
{
  g_auto (SboxNetHttpRequest) r = { 0 };
  parse ("CONNECT github.com:443 HTTP/1.1\r\nHost: github.com:443\r\n\r\n", &r, TRUE);
  g_assert_true (r.tunnel);
  g_assert_cmpstr (r.host, ==, "github.com");
  g_assert_cmpuint (r.port, ==, 443);
  sbox_net_http_request_clear (&r);

  parse ("CONNECT [::1]:8443 HTTP/1.1\r\n\r\n", &r, TRUE);
  g_assert_cmpstr (r.host, ==, "::1");
  g_assert_cmpuint (r.port, ==, 8443);
  sbox_net_http_request_clear (&r);

  /* Proxy-* and Connection go; the server gets the URI's host, not the client's Host. */
  parse ("GET http://Example.org:8080/a/b?c=d HTTP/1.1\r\nHost: elsewhere.org\r\n"
         "Proxy-Connection: keep-alive\r\nProxy-Authorization: Basic eA==\r\n"
         "Connection: keep-alive\r\nAccept: */*\r\n\r\n",
         &r, TRUE);
  g_assert_false (r.tunnel);
  g_assert_cmpstr (r.host, ==, "Example.org");
  g_assert_cmpuint (r.port, ==, 8080);
  g_assert_cmpstr (r.forward, ==,
                   "GET /a/b?c=d HTTP/1.1\r\nHost: Example.org:8080\r\nAccept: */*\r\n"
                   "Connection: close\r\n\r\n");
  sbox_net_http_request_clear (&r);

  /* No path, no Host: both supplied; the default port is 80. */
  parse ("HEAD http://example.org?q HTTP/1.0\n\n", &r, TRUE);
  g_assert_cmpuint (r.port, ==, 80);
  g_assert_cmpstr (r.forward, ==,
                   "HEAD /?q HTTP/1.0\r\nHost: example.org\r\nConnection: close\r\n\r\n");
  sbox_net_http_request_clear (&r);

  static const char *const bad[] = {
    "CONNECT github.com HTTP/1.1\r\n\r\n",             /* no port */
    "CONNECT github.com:0 HTTP/1.1\r\n\r\n",           /* port 0 */
    "CONNECT 2001:db8::1:443 HTTP/1.1\r\n\r\n",        /* IPv6 without brackets */
    "CONNECT github.com:99999 HTTP/1.1\r\n\r\n",       /* port out of range */
    "GET https://github.com/ HTTP/1.1\r\n\r\n",        /* TLS is CONNECT's */
    "GET ftp://github.com/ HTTP/1.1\r\n\r\n",          /* other schemes */
    "GET /index.html HTTP/1.1\r\nHost: a.org\r\n\r\n", /* not a proxy request */
    "GET http://user@a.org/ HTTP/1.1\r\n\r\n",         /* user names */
    "GET http://a.org/ HTTP/2\r\n\r\n",                /* not HTTP/1 */
    "GET  http://a.org/ HTTP/1.1\r\n\r\n",             /* two spaces */
    "get http://a.org/ HTTP/1.1\r\n\r\n",              /* methods are upper case */
    "GET http://a.org/ HTTP/1.1\r\n folded\r\n\r\n",   /* obsolete line folding */
    "GET http://a.org/ HTTP/1.1\r\nno colon\r\n\r\n",  /* not a header */
    "GET http://[::1/ HTTP/1.1\r\n\r\n",               /* a broken IPv6 address */
    "SOCKS\x05",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      parse (bad[i], &r, FALSE);
      g_assert_null (r.host);
      g_assert_null (r.forward);
    }
  /* A NUL byte anywhere. */
  g_autoptr (GError) error = NULL;
  static const char nul[] = "GET http://a.org/\0 HTTP/1.1\r\n\r\n";
  g_assert_false (sbox_net_proxy_parse_http (nul, sizeof nul - 1, &r, &error));
}

static gboolean
read_all (int fd, void *buf, gsize len)
{
  char *p = buf;
  while (len > 0)
    {
      ssize_t n = read (fd, p, len);
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* The proxy's answer (the SOCKS5 reply code) to CONNECT name:80. */
static int
socks_connect (const char *socket_path, const char *name)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_strlcpy (addr.sun_path, socket_path, sizeof addr.sun_path);
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  guint8 reply[10];
  g_assert_cmpint (write (fd, "\x05\x01\x00", 3), ==, 3);
  g_assert_true (read_all (fd, reply, 2));
  g_assert_cmpint (reply[1], ==, 0);
  g_autoptr (GByteArray) request = g_byte_array_new ();
  guint8 head[] = { 5, 1, 0, 3, (guint8) strlen (name) };
  g_byte_array_append (request, head, sizeof head);
  g_byte_array_append (request, (const guint8 *) name, (guint) strlen (name));
  g_byte_array_append (request, (const guint8 *) "\x00\x50", 2);
  g_assert_cmpint (write (fd, request->data, request->len), ==, (gssize) request->len);
  g_assert_true (read_all (fd, reply, sizeof reply));
  close (fd);
  return reply[1];
}

static void
test_start (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sbox-net-proxy-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *sock = g_build_filename (dir, "proxy.sock", NULL);
  int log[2];
  g_assert_cmpint (pipe2 (log, O_CLOEXEC), ==, 0);
  const char *const hosts[] = { "allowed.test:80", NULL };
  SboxNetProxyConfig config = {
    .program = SBOX_PROGRAM, .socket_path = sock, .allow_hosts = hosts, .log_fd = log[1]
  };
  SboxNetProxy proxy;
  g_assert_true (sbox_net_proxy_start (&config, &proxy, &error));
  g_assert_no_error (error);
  close (log[1]);
  /* The socket takes connections before the proxy serves them. */
  g_assert_true (g_file_test (sock, G_FILE_TEST_EXISTS));
  g_assert_true (sbox_net_proxy_ready (&proxy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (proxy.pid, >, 0);
  g_assert_cmpint (fcntl (proxy.lifeline, F_GETFD), ==, FD_CLOEXEC);

  g_assert_cmpint (socks_connect (sock, "other.test"), ==, 2); /* not allowed by ruleset */
  char line[128] = { 0 };
  static const char expected[] = "{\"refused\":\"other.test:80\",\"why\":\"not in AllowHosts\"}\n";
  g_assert_true (read_all (log[0], line, sizeof expected - 1));
  g_assert_cmpstr (line, ==, expected);

  /* The lifeline's last copy closes: the proxy exits 0. */
  close (proxy.lifeline);
  int status = -1;
  for (int i = 0; i < 100 && waitpid (proxy.pid, &status, WNOHANG) == 0; i++)
    g_usleep (50000);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_free (proxy.program);
  close (log[0]);
  g_unlink (sock);

  /* A bad pattern fails before anything starts, naming it. */
  const char *const bad[] = { "ok.test", "bad..test", NULL };
  config.allow_hosts = bad;
  config.log_fd = -1;
  g_clear_error (&error);
  g_assert_false (sbox_net_proxy_start (&config, &proxy, &error));
  g_assert_nonnull (strstr (error->message, "\"bad..test\""));
  g_assert_false (g_file_test (sock, G_FILE_TEST_EXISTS));
  g_assert_cmpint (proxy.pid, ==, 0);

  /* A program that is not there. */
  config.allow_hosts = hosts;
  config.program = "/nonexistent/sbox";
  g_clear_error (&error);
  g_assert_true (sbox_net_proxy_start (&config, &proxy, &error));
  g_assert_false (sbox_net_proxy_ready (&proxy, &error));
  g_assert_nonnull (strstr (error->message, "did not start"));
  g_assert_cmpint (proxy.pid, ==, 0);
  sbox_net_proxy_stop (&proxy);
  g_unlink (sock);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net-allow/patterns", test_patterns);
  g_test_add_func ("/net-allow/bad-patterns", test_bad_patterns);
  g_test_add_func ("/net-allow/matching", test_matching);
  g_test_add_func ("/net-allow/forbidden", test_forbidden);
  g_test_add_func ("/net-allow/test-loopback-port", test_loopback_port);
  g_test_add_func ("/net-proxy/http-heads", test_http_heads);
  g_test_add_func ("/net-proxy/start", test_start);
  return g_test_run ();
}
