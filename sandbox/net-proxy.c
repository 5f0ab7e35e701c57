/* net-proxy.c — the filtered network's proxy: a process of its own outside
 * the sandbox (`sbox --net-proxy`) that listens on a unix socket bound into
 * the sandbox and connects on its behalf to the hosts net-allow.c allows.
 * One socket speaks both HTTP proxying (CONNECT, and absolute-URI requests
 * for http://) and SOCKS5 (CONNECT, no authentication): the first byte
 * tells them apart. Names are resolved here, every address a name resolves
 * to is checked (a loopback, metadata, link-local, private or host-own
 * address refuses the request), and the connection goes to a checked
 * address, never a name resolved again. Each refusal is one line on stderr
 * and, with --log-fd, one JSON object per line.
 *
 * Each client gets a thread (the handshake may wait on the resolver) and,
 * once connected, a second one: each direction splices bytes through a
 * pipe without copying them. The proxy ends when its lifeline closes, and
 * confines itself first: no_new_privs, Landlock (read-only /etc for the
 * resolver, TCP connect only to the ports the patterns name) and a seccomp
 * allowlist (no exec, no executable mappings, no processes).
 *
 * With --forward=PORT the same program is the forwarder that runs inside
 * the sandbox for programs that take only a TCP proxy address: it listens
 * on 127.0.0.1:PORT and hands each accepted socket to the proxy over its
 * socket (one byte 0 with the descriptor), so the bytes are relayed once,
 * by the proxy. The proxy takes a handed socket only if it is a connected
 * TCP socket; anything else is closed unread.
 *
 * sbox_net_proxy_start (the launcher's side) binds the socket, checks the
 * patterns and starts the proxy with the descriptors below.
 *
 * Options (the launcher's, never the sandbox's):
 *   --socket=PATH        the proxy's socket: bound by the proxy, or the one
 *                        the forwarder connects to
 *   --listen-fd=N        a listening unix socket to serve instead of binding
 *   --lifeline-fd=N      exit when N hangs up or becomes readable
 *   --allow-hosts=LIST   AllowHosts= patterns, ';'-separated (repeatable)
 *   --allow-private      private ranges reachable
 *   --log-fd=N           refusals as {"refused":"HOST:PORT","why":"..."}
 *   --ready-fd=N         "ready\n" (the forwarder: "PORT\n") once serving
 *   --verbose            also log each connection made
 *   --forward=PORT       be the forwarder (PORT 0: any free port)
 *   --test-allow-loopback-port=N, --test-resolve=NAME=ADDRESS
 *                        tests only: reach a loopback server at port N,
 *                        resolve NAME to ADDRESS without the resolver */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <ifaddrs.h>
#include <linux/close_range.h>
#include <linux/landlock.h>
#include <netdb.h>
#include <resolv.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "seccomp.h"
#include "landlock.h"
#include "net-allow.h"
#include "net-proxy.h"

#define HEAD_MAX 65536           /* an HTTP request head */
#define CONNECTIONS_MAX 512      /* clients at once; more are closed at once */
#define HANDSHAKE_SECONDS 30     /* for the request, and for connecting */
#define PIPE_BYTES (1024 * 1024) /* a bulk transfer's pipe, when the kernel grants it */
#define BULK_BYTES (4 << 20)     /* moved before the pipe grows: most connections stay small */
#define COPY_BYTES (64 * 1024)   /* the buffer where bytes are copied ... */
#define COPY_BULK (1024 * 1024)  /* ... and a bulk transfer's */
#define CLIENT_STACK (512 * 1024)
#define PUMP_STACK (128 * 1024)

/* Set before the first thread, then only read. */
static struct
{
  SboxNetAllow *policy;
  GHashTable *test_resolve; /* name → address text */
  int log_fd;
  gboolean verbose;
  const char *upstream; /* the forwarder's: the proxy's socket */
} cfg = { .log_fd = -1 };

static gint active;

static void say (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* One line on stderr in one write, so that threads' lines never mix. */
static void
say (const char *format, ...)
{
  char line[1024];
  va_list ap;
  va_start (ap, format);
  int n = vsnprintf (line + 6, sizeof line - 7, format, ap);
  va_end (ap);
  if (n < 0)
    return;
  memcpy (line, "sbox: ", 6);
  gsize len = MIN ((gsize) n + 6, sizeof line - 1);
  line[len++] = '\n';
  if (write (STDERR_FILENO, line, len) < 0)
    return;
}

static void
json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p; p++)
    if (*p == '"' || *p == '\\')
      g_string_append_printf (out, "\\%c", *p);
    else if (*p < 0x20)
      g_string_append_printf (out, "\\u%04x", *p);
    else
      g_string_append_c (out, (char) *p);
  g_string_append_c (out, '"');
}

static void
log_refusal (const char *target, const char *why)
{
  say ("network proxy refused %s: %s", target, why);
  if (cfg.log_fd < 0)
    return;
  g_autoptr (GString) json = g_string_new ("{\"refused\":");
  json_string (json, target);
  g_string_append (json, ",\"why\":");
  json_string (json, why);
  g_string_append (json, "}\n");
  if (write (cfg.log_fd, json->str, json->len) < 0)
    return;
}

/* "host:port" for the log: the sandbox wrote host, so anything but
 * printable ASCII (a terminal's escapes, a line break) shows as '?'. */
static char *
target_text (const char *host, guint16 port)
{
  g_autofree char *safe = g_strndup (host, 255);
  for (char *p = safe; *p; p++)
    if (*p < 0x21 || *p > 0x7e)
      *p = '?';
  return g_strdup_printf (strchr (safe, ':') ? "[%s]:%u" : "%s:%u", safe, port);
}

/* ---- HTTP request heads (pure) ---- */

void
sbox_net_http_request_clear (SboxNetHttpRequest *request)
{
  g_clear_pointer (&request->host, g_free);
  g_clear_pointer (&request->forward, g_free);
}

static gboolean
bad_request (GError **error, const char *why)
{
  g_set_error_literal (error, SBOX_ERROR, SBOX_ERROR_USAGE, why);
  return FALSE;
}

/* "host", "host:port", "[v6]" or "[v6]:port"; default_port 0 requires one. */
static gboolean
parse_authority (const char *text, guint16 default_port, SboxNetHttpRequest *request,
                 GError **error)
{
  const char *port = NULL;
  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');
      if (close == NULL || (close[1] != '\0' && close[1] != ':'))
        return bad_request (error, "a bad IPv6 address in the request");
      request->host = g_strndup (text + 1, (gsize) (close - text) - 1);
      port = close[1] == ':' ? close + 2 : NULL;
    }
  else
    {
      const char *colon = strchr (text, ':');
      if (colon && strchr (colon + 1, ':'))
        return bad_request (error, "an IPv6 address must be in brackets");
      request->host = colon ? g_strndup (text, (gsize) (colon - text)) : g_strdup (text);
      port = colon ? colon + 1 : NULL;
    }
  if (strchr (request->host, '@'))
    return bad_request (error, "user names in proxy requests are not forwarded");
  if (port == NULL && default_port == 0)
    return bad_request (error, "CONNECT needs host:port");
  guint64 value = default_port;
  if (port && !g_ascii_string_to_unsigned (port, 10, 1, 65535, &value, NULL))
    return bad_request (error, "a bad port in the request");
  request->port = (guint16) value;
  return *request->host != '\0' || bad_request (error, "no host in the request");
}

static gboolean
hop_by_hop (const char *line)
{
  static const char *const names[] = { "connection", "proxy-connection", "proxy-authorization",
                                       "keep-alive" };
  const char *colon = strchr (line, ':');
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if ((gsize) (colon - line) == strlen (names[i])
        && g_ascii_strncasecmp (line, names[i], strlen (names[i])) == 0)
      return TRUE;
  return FALSE;
}

gboolean
sbox_net_proxy_parse_http (const char *head, gsize len, SboxNetHttpRequest *request, GError **error)
{
  memset (request, 0, sizeof *request);
  if (memchr (head, '\0', len))
    return bad_request (error, "a NUL byte in the request");
  g_autofree char *text = g_strndup (head, len);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    if (g_str_has_suffix (*l, "\r"))
      (*l)[strlen (*l) - 1] = '\0';
  g_auto (GStrv) words = g_strsplit (lines[0], " ", -1);
  if (g_strv_length (words) != 3 || !g_str_has_prefix (words[2], "HTTP/1.") || *words[0] == '\0')
    return bad_request (error, "not an HTTP/1 request line");
  for (const char *m = words[0]; *m; m++)
    if (!g_ascii_isupper (*m))
      return bad_request (error, "a bad method");
  request->tunnel = g_str_equal (words[0], "CONNECT");
  const char *target = words[1];
  const char *path = ""; /* the origin-form target, after the authority */
  g_autofree char *authority = NULL;
  if (request->tunnel)
    authority = g_strdup (target);
  else
    {
      if (g_ascii_strncasecmp (target, "http://", 7) != 0)
        return bad_request (error, g_ascii_strncasecmp (target, "https://", 8) == 0
                                       ? "https:// is reached with CONNECT"
                                       : "only http:// URIs are forwarded (and CONNECT)");
      const char *start = target + 7;
      gsize n = strcspn (start, "/?#");
      authority = g_strndup (start, n);
      path = start + n;
    }
  if (!parse_authority (authority, request->tunnel ? 0 : 80, request, error))
    {
      sbox_net_http_request_clear (request);
      return FALSE;
    }
  if (request->tunnel)
    return TRUE;
  g_autoptr (GString) out = g_string_new (NULL);
  g_string_append_printf (out, "%s %s%s %s\r\n", words[0], *path == '/' ? "" : "/", path, words[2]);
  /* The server is the URI's host: it gets that name, whatever Host the
   * client wrote, so that no other site it serves is reached. */
  g_string_append_printf (out, "Host: %s\r\n", authority);
  for (char **l = lines + 1; *l && **l; l++)
    {
      if (**l == ' ' || **l == '\t' || strchr (*l, ':') == NULL || **l == ':')
        {
          sbox_net_http_request_clear (request);
          return bad_request (error, "a bad header line");
        }
      if (hop_by_hop (*l) || g_ascii_strncasecmp (*l, "host:", 5) == 0)
        continue;
      g_string_append_printf (out, "%s\r\n", *l);
    }
  g_string_append (out, "Connection: close\r\n\r\n");
  request->forward = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/* ---- resolving and connecting ---- */

typedef enum
{
  OPEN_OK,
  OPEN_REFUSED,    /* the policy */
  OPEN_UNRESOLVED, /* no such name */
  OPEN_FAILED,     /* every checked address failed; errno-like code in err */
} OpenResult;

static gboolean
is_loopback (const struct sockaddr *sa)
{
  if (sa->sa_family == AF_INET)
    return ((const guint8 *) &((const struct sockaddr_in *) sa)->sin_addr)[0] == 127;
  const struct in6_addr *a = &((const struct sockaddr_in6 *) sa)->sin6_addr;
  return IN6_IS_ADDR_LOOPBACK (a) || (IN6_IS_ADDR_V4MAPPED (a) && a->s6_addr[12] == 127);
}

/* The host's own interface addresses reach its services however they
 * listen: the same as its loopback. Read each time, as they change. An
 * address embedded in IPv6 (mapped, NAT64) counts as itself. */
static gboolean
own_address (const struct sockaddr *sa)
{
  struct ifaddrs *list = NULL;
  if (getifaddrs (&list) != 0)
    return TRUE; /* cannot tell: refuse */
  const guint8 *want;
  guint8 mapped[4];
  int family = sa->sa_family;
  if (family == AF_INET)
    want = (const guint8 *) &((const struct sockaddr_in *) sa)->sin_addr;
  else
    {
      const struct in6_addr *a = &((const struct sockaddr_in6 *) sa)->sin6_addr;
      want = a->s6_addr;
      static const guint8 nat64[12] = { 0, 0x64, 0xff, 0x9b };
      if (IN6_IS_ADDR_V4MAPPED (a) || memcmp (a->s6_addr, nat64, 12) == 0)
        {
          memcpy (mapped, a->s6_addr + 12, 4);
          want = mapped;
          family = AF_INET;
        }
    }
  gboolean found = FALSE;
  for (struct ifaddrs *i = list; i && !found; i = i->ifa_next)
    {
      if (i->ifa_addr == NULL || i->ifa_addr->sa_family != family)
        continue;
      if (family == AF_INET)
        found = memcmp (&((struct sockaddr_in *) i->ifa_addr)->sin_addr, want, 4) == 0;
      else
        found = memcmp (&((struct sockaddr_in6 *) i->ifa_addr)->sin6_addr, want, 16) == 0;
    }
  freeifaddrs (list);
  return found;
}

static gboolean
same_address (const struct sockaddr *a, const struct sockaddr *b)
{
  if (a->sa_family != b->sa_family)
    return FALSE;
  if (a->sa_family == AF_INET)
    return memcmp (&((const struct sockaddr_in *) a)->sin_addr,
                   &((const struct sockaddr_in *) b)->sin_addr, 4)
           == 0;
  return memcmp (&((const struct sockaddr_in6 *) a)->sin6_addr,
                 &((const struct sockaddr_in6 *) b)->sin6_addr, 16)
         == 0;
}

static void
address_text (const struct sockaddr *sa, char *out, gsize size)
{
  const void *a = sa->sa_family == AF_INET
                      ? (const void *) &((const struct sockaddr_in *) sa)->sin_addr
                      : (const void *) &((const struct sockaddr_in6 *) sa)->sin6_addr;
  if (inet_ntop (sa->sa_family, a, out, (socklen_t) size) == NULL)
    g_strlcpy (out, "?", size);
}

/* Every address of host at port, or NULL: *why then says why. */
static GArray *
resolve (const char *host, guint16 port, OpenResult *result, char **why)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (struct sockaddr_storage));
  const char *name = host;
  /* No search domains (resolv.conf's search, domain): they would turn a
   * name AllowHosts= allows, and that does not resolve as it is, into one
   * of the host's local network. _res is this thread's. */
  if (res_init () == 0)
    _res.options &= ~(unsigned long) (RES_DNSRCH | RES_DEFNAMES);
  const char *fixed = cfg.test_resolve ? g_hash_table_lookup (cfg.test_resolve, host) : NULL;
  struct addrinfo hints = { .ai_family = AF_UNSPEC,
                            .ai_socktype = SOCK_STREAM,
                            .ai_flags = AI_NUMERICSERV | (fixed ? AI_NUMERICHOST : 0) };
  char service[8];
  g_snprintf (service, sizeof service, "%u", port);
  struct addrinfo *list = NULL;
  int ret = getaddrinfo (fixed ? fixed : name, service, &hints, &list);
  if (ret != 0)
    {
      *result = OPEN_UNRESOLVED;
      *why = g_strdup_printf ("cannot resolve %s: %s", host, gai_strerror (ret));
      g_array_unref (out);
      return NULL;
    }
  for (struct addrinfo *i = list; i; i = i->ai_next)
    {
      if (i->ai_family != AF_INET && i->ai_family != AF_INET6)
        continue;
      struct sockaddr_storage ss = { 0 };
      memcpy (&ss, i->ai_addr, MIN (i->ai_addrlen, sizeof ss));
      const struct sockaddr *sa = (const struct sockaddr *) &ss;
      const char *forbidden = sbox_net_allow_forbidden (cfg.policy, sa);
      /* Loopback passed only through the test option, which also stands
       * for the host's own address it is. */
      const char *article = "a ";
      if (forbidden == NULL && !is_loopback (sa) && own_address (sa))
        forbidden = "an address of this host", article = "";
      if (forbidden)
        {
          char text[INET6_ADDRSTRLEN];
          address_text (sa, text, sizeof text);
          gboolean literal = g_str_equal (text, host);
          *why = g_strdup_printf ("%s%s is %s%s", literal ? "" : "resolves to ", text, article,
                                  forbidden);
          *result = OPEN_REFUSED;
          freeaddrinfo (list);
          g_array_unref (out);
          return NULL;
        }
      g_array_append_val (out, ss);
    }
  freeaddrinfo (list);
  if (out->len == 0)
    {
      *result = OPEN_UNRESOLVED;
      *why = g_strdup_printf ("%s has no internet address", host);
      g_array_unref (out);
      return NULL;
    }
  return out;
}

/* A connected socket to the first address that answers, or -1 with errno. */
static int
connect_first (GArray *addresses)
{
  int err = EHOSTUNREACH;
  for (guint i = 0; i < addresses->len; i++)
    {
      const struct sockaddr_storage *ss = &g_array_index (addresses, struct sockaddr_storage, i);
      socklen_t len = ss->ss_family == AF_INET ? sizeof (struct sockaddr_in)
                                               : sizeof (struct sockaddr_in6);
      int fd = socket (ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      if (fd < 0)
        {
          err = errno;
          continue;
        }
      int ret = connect (fd, (const struct sockaddr *) ss, len);
      if (ret != 0 && errno == EINPROGRESS)
        {
          struct pollfd p = { .fd = fd, .events = POLLOUT };
          int n, so_error = 0;
          while ((n = poll (&p, 1, HANDSHAKE_SECONDS * 1000)) < 0 && errno == EINTR)
            ;
          socklen_t size = sizeof so_error;
          if (n == 0)
            so_error = ETIMEDOUT;
          else if (n < 0 || getsockopt (fd, SOL_SOCKET, SO_ERROR, &so_error, &size) != 0)
            so_error = errno;
          errno = so_error;
          ret = so_error == 0 ? 0 : -1;
        }
      if (ret == 0 && fcntl (fd, F_SETFL, 0) == 0)
        return fd;
      err = errno;
      close (fd);
    }
  errno = err;
  return -1;
}

/* The policy, the resolver and the connection, for "host:port" (target,
 * for the log). A socket, or -1 with result and *why set; refusals are
 * logged here. */
static int
open_target (const char *raw_host, guint16 port, const char *target, OpenResult *result, char **why)
{
  g_autofree char *host = sbox_net_allow_normalize_host (raw_host);
  *why = NULL;
  if (host == NULL || port == 0)
    {
      *result = OPEN_REFUSED;
      *why = g_strdup (host ? "port 0" : "not a host name or address");
    }
  else if (!sbox_net_allow_allows (cfg.policy, host, port))
    {
      *result = OPEN_REFUSED;
      *why = g_strdup ("not in AllowHosts");
    }
  if (*why)
    {
      log_refusal (target, *why);
      return -1;
    }
  g_autoptr (GArray) addresses = resolve (host, port, result, why);
  if (addresses == NULL)
    {
      if (*result == OPEN_REFUSED)
        log_refusal (target, *why);
      else if (cfg.verbose)
        say ("network proxy: %s: %s", target, *why);
      return -1;
    }
  int fd = connect_first (addresses);
  if (fd < 0)
    {
      int errsv = errno; /* the SOCKS reply tells refused from unreachable */
      *result = OPEN_FAILED;
      *why = g_strdup_printf ("cannot connect to %s: %s", target, g_strerror (errsv));
      if (cfg.verbose)
        say ("network proxy: %s", *why);
      errno = errsv;
      return -1;
    }
  struct sockaddr_storage peer, self;
  socklen_t len = sizeof peer, self_len = sizeof self;
  gboolean known = getpeername (fd, (struct sockaddr *) &peer, &len) == 0
                   && getsockname (fd, (struct sockaddr *) &self, &self_len) == 0;
  /* An address on no interface may still be the host's (a local route):
   * the connection then comes from the address it went to. */
  if (!known
      || (!is_loopback ((const struct sockaddr *) &peer)
          && same_address ((const struct sockaddr *) &peer, (const struct sockaddr *) &self)))
    {
      close (fd);
      *result = OPEN_REFUSED;
      *why = g_strdup (known ? "it leads back to this host" : "cannot tell where it leads");
      log_refusal (target, *why);
      return -1;
    }
  if (cfg.verbose)
    {
      char text[INET6_ADDRSTRLEN];
      address_text ((const struct sockaddr *) &peer, text, sizeof text);
      say ("network proxy: %s connected (%s)", target, text);
    }
  *result = OPEN_OK;
  return fd;
}

/* ---- relaying ---- */

static gboolean
write_all (int fd, const void *data, gsize len)
{
  const char *p = data;
  while (len > 0)
    {
      ssize_t n = send (fd, p, len, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static gboolean
copy_once (int from, int to, char **buffer, gsize size, ssize_t *got)
{
  while ((*got = read (from, *buffer, size)) < 0 && errno == EINTR)
    ;
  return *got <= 0 || write_all (to, *buffer, (gsize) *got);
}

static gboolean
unix_socket (int fd)
{
  int domain = 0;
  socklen_t len = sizeof domain;
  return getsockopt (fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == AF_UNIX;
}

/* One direction until EOF (then half-close, or with end_both a full
 * shutdown) or an error (then both sockets are shut down, which ends the
 * other direction too). */
static void
pump (int from, int to, gboolean end_both)
{
  /* Measured on loopback: splicing is faster where one side is the
   * sandbox's unix socket, copying in large reads where both are TCP (the
   * forwarder's clients). */
  int pipe_fds[2] = { -1, -1 };
  gboolean splicing = (unix_socket (from) || unix_socket (to)) && pipe2 (pipe_fds, O_CLOEXEC) == 0;
  /* A pipe's pages count against the user's limit for every pipe of its
   * processes, and a buffer is memory held: only a bulk transfer gets a big
   * one (a pipe if granted). */
  guint64 moved = 0;
  gsize size = COPY_BYTES;
  g_autofree char *buffer = NULL;
  gboolean ok = TRUE;
  for (;;)
    {
      ssize_t n;
      if (splicing)
        {
          n = splice (from, NULL, pipe_fds[1], NULL, PIPE_BYTES, SPLICE_F_MOVE);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0 && errno == EINVAL)
            {
              splicing = FALSE; /* a socket type without splice support */
              continue;
            }
          for (ssize_t left = n; left > 0;)
            {
              ssize_t m = splice (pipe_fds[0], NULL, to, NULL, (gsize) left, SPLICE_F_MOVE);
              if (m < 0 && errno == EINTR)
                continue;
              if (m <= 0)
                {
                  ok = FALSE;
                  break;
                }
              left -= m;
            }
          if (moved < BULK_BYTES && n > 0 && (moved += (guint64) n) >= BULK_BYTES)
            fcntl (pipe_fds[1], F_SETPIPE_SZ, PIPE_BYTES);
        }
      else
        {
          if (buffer == NULL)
            buffer = g_malloc (size);
          ok = copy_once (from, to, &buffer, size, &n);
          if (moved < BULK_BYTES && n > 0 && (moved += (guint64) n) >= BULK_BYTES)
            {
              size = COPY_BULK;
              buffer = g_realloc (buffer, size);
            }
        }
      if (!ok || n < 0 || (n == 0 && end_both))
        {
          shutdown (from, SHUT_RDWR);
          shutdown (to, SHUT_RDWR);
          break;
        }
      if (n == 0)
        {
          shutdown (to, SHUT_WR);
          break;
        }
    }
  if (pipe_fds[0] >= 0)
    {
      close (pipe_fds[0]);
      close (pipe_fds[1]);
    }
}

typedef struct
{
  int from, to;
  gboolean end_both;
} Pump;

static void *
pump_thread (void *data)
{
  Pump *p = data;
  pump (p->from, p->to, p->end_both);
  return NULL;
}

static gboolean
spawn (pthread_t *thread, gsize stack, void *(*fn) (void *), void *data, gboolean detached)
{
  pthread_attr_t attr;
  if (pthread_attr_init (&attr) != 0)
    return FALSE;
  pthread_attr_setstacksize (&attr, stack);
  if (detached)
    pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
  int ret = pthread_create (thread, &attr, fn, data);
  pthread_attr_destroy (&attr);
  return ret == 0;
}

/* Both directions between client and server; closes server. With
 * one_reply, the server's end of its reply (the one request's: plain HTTP
 * goes with "Connection: close") ends the client's side too. */
static void
relay (int client, int server, gboolean one_reply)
{
  struct timeval none = { 0 };
  setsockopt (client, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof none);
  setsockopt (client, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none);
  Pump back = { .from = server, .to = client, .end_both = one_reply };
  pthread_t thread;
  if (spawn (&thread, PUMP_STACK, pump_thread, &back, FALSE))
    {
      pump (client, server, FALSE);
      pthread_join (thread, NULL);
    }
  close (server);
}

/* ---- the two handshakes ---- */

/* When this thread's client must have finished its request: the whole
 * handshake gets HANDSHAKE_SECONDS, not each read (a client sending a
 * byte now and then would otherwise hold its slot for ever). */
static __thread gint64 handshake_deadline;

/* recv, waiting no later than the handshake's deadline. */
static ssize_t
recv_in_time (int fd, void *buf, gsize len)
{
  gint64 left = handshake_deadline - g_get_monotonic_time ();
  if (left <= 0)
    {
      errno = ETIMEDOUT;
      return -1;
    }
  struct timeval timeout = { .tv_sec = left / G_USEC_PER_SEC, .tv_usec = left % G_USEC_PER_SEC };
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return recv (fd, buf, len, 0);
}

static gboolean
read_exact (int fd, void *buf, gsize len)
{
  char *p = buf;
  while (len > 0)
    {
      ssize_t n = recv_in_time (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* SOCKS5 reply codes (RFC 1928). */
enum
{
  SOCKS_OK = 0,
  SOCKS_FAILURE = 1,
  SOCKS_NOT_ALLOWED = 2,
  SOCKS_NET_UNREACHABLE = 3,
  SOCKS_HOST_UNREACHABLE = 4,
  SOCKS_REFUSED = 5,
  SOCKS_BAD_COMMAND = 7,
  SOCKS_BAD_ADDRESS = 8,
};

static void
socks_reply (int client, guint8 code)
{
  const guint8 reply[10] = { 5, code, 0, 1 }; /* bound to 0.0.0.0:0 */
  write_all (client, reply, sizeof reply);
}

/* The version byte (5) has been read. */
static void
serve_socks5 (int client)
{
  guint8 buf[2 + 255];
  if (!read_exact (client, buf + 1, 1) || buf[1] == 0 || !read_exact (client, buf + 2, buf[1]))
    return;
  if (memchr (buf + 2, 0, buf[1]) == NULL)
    {
      write_all (client, "\x05\xff", 2); /* only "no authentication" is offered */
      return;
    }
  if (!write_all (client, "\x05\x00", 2) || !read_exact (client, buf, 4) || buf[0] != 5)
    return;
  guint8 command = buf[1], type = buf[3];
  char host[256];
  if (type == 1 || type == 4)
    {
      guint8 addr[16];
      if (!read_exact (client, addr, type == 1 ? 4 : 16)
          || inet_ntop (type == 1 ? AF_INET : AF_INET6, addr, host, sizeof host) == NULL)
        return;
    }
  else if (type == 3)
    {
      guint8 len;
      if (!read_exact (client, &len, 1) || len == 0 || !read_exact (client, host, len))
        return;
      host[len] = '\0';
      if (strlen (host) != len)
        {
          socks_reply (client, SOCKS_BAD_ADDRESS);
          return;
        }
    }
  else
    {
      socks_reply (client, SOCKS_BAD_ADDRESS);
      return;
    }
  guint8 port_bytes[2];
  if (!read_exact (client, port_bytes, 2))
    return;
  guint16 port = (guint16) (port_bytes[0] << 8 | port_bytes[1]);
  g_autofree char *target = target_text (host, port);
  if (command != 1)
    {
      log_refusal (target, "SOCKS5 offers CONNECT only");
      socks_reply (client, SOCKS_BAD_COMMAND);
      return;
    }
  OpenResult result;
  g_autofree char *why = NULL;
  int server = open_target (host, port, target, &result, &why);
  if (server < 0)
    {
      guint8 code = result == OPEN_REFUSED      ? SOCKS_NOT_ALLOWED
                    : result == OPEN_UNRESOLVED ? SOCKS_HOST_UNREACHABLE
                    : errno == ECONNREFUSED     ? SOCKS_REFUSED
                    : errno == ENETUNREACH      ? SOCKS_NET_UNREACHABLE
                                                : SOCKS_HOST_UNREACHABLE;
      socks_reply (client, code);
      return;
    }
  socks_reply (client, SOCKS_OK);
  relay (client, server, FALSE);
}

static void
http_reply (int client, int status, const char *reason, const char *text)
{
  g_autofree char *reply = g_strdup_printf ("HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\n"
                                            "Content-Length: %zu\r\nConnection: close\r\n\r\n"
                                            "sbox: %s\n",
                                            status, reason, strlen (text) + 7, text);
  write_all (client, reply, strlen (reply));
}

/* The head's length (through the blank line) in buf, or 0. */
static gsize
head_end (const char *buf, gsize len)
{
  for (gsize i = 0; i + 1 < len; i++)
    if (buf[i] == '\n'
        && (buf[i + 1] == '\n' || (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')))
      return i + (buf[i + 1] == '\n' ? 2 : 3);
  return 0;
}

/* The head's first byte, first, has been read. */
static void
serve_http (int client, guint8 first)
{
  g_autofree char *buf = g_malloc (HEAD_MAX);
  gsize len = 1, end = 0;
  buf[0] = (char) first;
  while (end == 0)
    {
      if (len == HEAD_MAX)
        {
          http_reply (client, 431, "Request Header Fields Too Large",
                      "the request head is too long");
          return;
        }
      ssize_t n = recv_in_time (client, buf + len, HEAD_MAX - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      gsize from = len > 2 ? len - 2 : 0;
      len += (gsize) n;
      end = head_end (buf + from, len - from);
      if (end)
        end += from;
    }
  g_auto (SboxNetHttpRequest) request = { 0 };
  g_autoptr (GError) error = NULL;
  if (!sbox_net_proxy_parse_http (buf, end, &request, &error))
    {
      http_reply (client, 400, "Bad Request", error->message);
      return;
    }
  g_autofree char *target = target_text (request.host, request.port);
  OpenResult result;
  g_autofree char *why = NULL;
  int server = open_target (request.host, request.port, target, &result, &why);
  if (server < 0)
    {
      g_autofree char *text = result == OPEN_REFUSED
                                  ? g_strdup_printf ("refused %s: %s", target, why)
                                  : g_strdup (why);
      if (result == OPEN_REFUSED)
        http_reply (client, 403, "Forbidden", text);
      else
        http_reply (client, 502, "Bad Gateway", text);
      return;
    }
  static const char established[] = "HTTP/1.1 200 Connection established\r\n\r\n";
  gboolean ok = request.tunnel ? write_all (client, established, sizeof established - 1)
                               : write_all (server, request.forward, strlen (request.forward));
  /* What the client sent after the head (a body, a TLS hello) goes on. */
  if (ok && len > end)
    ok = write_all (server, buf + end, len - end);
  g_clear_pointer (&buf, g_free);
  if (ok)
    relay (client, server, !request.tunnel);
  else
    close (server);
}

/* The byte the forwarder sends with the descriptor of a client it accepted. */
#define HANDOFF 0

static void
set_timeouts (int fd, int seconds)
{
  struct timeval timeout = { .tv_sec = seconds };
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

/* Read one byte; *passed (when not NULL) gets the first descriptor that
 * came with it, or -1. Others are closed. */
static ssize_t
receive_first (int fd, guint8 *byte, int *passed)
{
  union
  {
    struct cmsghdr align;
    char buf[CMSG_SPACE (4 * sizeof (int))];
  } control;
  struct iovec iov = { .iov_base = byte, .iov_len = 1 };
  struct msghdr msg = { .msg_iov = &iov,
                        .msg_iovlen = 1,
                        .msg_control = control.buf,
                        .msg_controllen = sizeof control.buf };
  ssize_t n;
  while ((n = recvmsg (fd, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
    ;
  if (passed)
    *passed = -1;
  for (struct cmsghdr *c = n >= 0 ? CMSG_FIRSTHDR (&msg) : NULL; c; c = CMSG_NXTHDR (&msg, c))
    {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
        continue;
      gsize count = (c->cmsg_len - CMSG_LEN (0)) / sizeof (int);
      for (gsize i = 0; i < count; i++)
        {
          int got;
          memcpy (&got, CMSG_DATA (c) + i * sizeof (int), sizeof got);
          if (passed && *passed < 0)
            *passed = got;
          else
            close (got);
        }
    }
  return n;
}

/* A connected TCP socket (what the forwarder accepted), nothing else. */
static gboolean
tcp_stream (int fd)
{
  int domain = 0, type = 0, protocol = 0;
  socklen_t len = sizeof (int);
  struct sockaddr_storage peer;
  socklen_t peer_len = sizeof peer;
  return getsockopt (fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0
         && (domain == AF_INET || domain == AF_INET6)
         && getsockopt (fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM
         && getsockopt (fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) == 0
         && protocol == IPPROTO_TCP && getpeername (fd, (struct sockaddr *) &peer, &peer_len) == 0;
}

static void *
serve_client (void *data)
{
  int client = GPOINTER_TO_INT (data);
  handshake_deadline = g_get_monotonic_time () + HANDSHAKE_SECONDS * G_USEC_PER_SEC;
  set_timeouts (client, HANDSHAKE_SECONDS);
  guint8 first;
  int passed;
  ssize_t n = receive_first (client, &first, &passed);
  if (n == 1 && first == HANDOFF && passed >= 0 && tcp_stream (passed))
    {
      /* The forwarder's client: served here, and the forwarder relays
       * nothing. A TCP socket carries no descriptors. */
      close (client);
      client = passed;
      set_timeouts (client, HANDSHAKE_SECONDS);
      n = receive_first (client, &first, NULL);
    }
  else if (passed >= 0)
    close (passed);
  if (n == 1 && first == 5)
    serve_socks5 (client);
  else if (n == 1 && first != HANDOFF)
    serve_http (client, first);
  close (client);
  g_atomic_int_dec_and_test (&active);
  return NULL;
}

/* The forwarder: hand the client's socket to the proxy, which serves it as
 * if it had accepted it. */
static void
hand_off (int client)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_strlcpy (addr.sun_path, cfg.upstream, sizeof addr.sun_path);
  int server = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  union
  {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (int))];
  } control = { 0 };
  guint8 byte = HANDOFF;
  struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
  struct msghdr msg = { .msg_iov = &iov,
                        .msg_iovlen = 1,
                        .msg_control = control.buf,
                        .msg_controllen = sizeof control.buf };
  struct cmsghdr *c = CMSG_FIRSTHDR (&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (c), &client, sizeof client);
  if (server < 0 || connect (server, (struct sockaddr *) &addr, sizeof addr) != 0
      || sendmsg (server, &msg, MSG_NOSIGNAL) != 1)
    say ("network forwarder: cannot reach the proxy at %s: %s", cfg.upstream, g_strerror (errno));
  if (server >= 0)
    close (server);
  close (client);
}

/* Accept until the lifeline closes: the proxy serves each client in a
 * thread; the forwarder hands each one off at once. */
static G_GNUC_NORETURN void
serve (int listener, int lifeline, gboolean forwarder)
{
  for (;;)
    {
      struct pollfd fds[2] = { { .fd = listener, .events = POLLIN },
                               { .fd = lifeline, .events = POLLIN } };
      if (poll (fds, lifeline >= 0 ? 2 : 1, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          _exit (1);
        }
      if (lifeline >= 0 && fds[1].revents)
        _exit (0); /* the sandbox is gone */
      if (fds[0].revents & (POLLERR | POLLNVAL))
        _exit (1);
      if (!(fds[0].revents & POLLIN))
        continue;
      int client = accept4 (listener, NULL, NULL, SOCK_CLOEXEC);
      if (client < 0)
        {
          /* Out of descriptors or memory: the listener stays readable, so
           * wait a little (for the lifeline only) rather than spin. */
          if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
            poll (&fds[1], lifeline >= 0 ? 1 : 0, 100);
          continue;
        }
      if (forwarder)
        {
          hand_off (client);
          continue;
        }
      if (g_atomic_int_get (&active) >= CONNECTIONS_MAX)
        {
          /* Said once a second at most: a client could flood the log. */
          static gint64 said;
          gint64 now = g_get_monotonic_time ();
          if (now - said >= G_USEC_PER_SEC)
            say ("network proxy: %d connections at once; closing new ones", CONNECTIONS_MAX);
          said = now - said >= G_USEC_PER_SEC ? now : said;
          close (client);
          continue;
        }
      g_atomic_int_inc (&active);
      pthread_t thread;
      if (!spawn (&thread, CLIENT_STACK, serve_client, GINT_TO_POINTER (client), TRUE))
        {
          close (client);
          g_atomic_int_dec_and_test (&active);
        }
    }
}

/* ---- confinement ---- */

#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#define LANDLOCK_RULE_NET_PORT 2
#endif

struct np_ruleset
{
  __u64 handled_access_fs;
  __u64 handled_access_net;
  __u64 scoped;
};

struct np_port_rule
{
  __u64 allowed_access;
  __u64 port;
};

static void
allow_port (int ruleset, guint16 port)
{
  struct np_port_rule rule = { .allowed_access = LANDLOCK_ACCESS_NET_CONNECT_TCP, .port = port };
  syscall (SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_NET_PORT, &rule, 0);
}

static void
allow_reading (int ruleset, const char *path)
{
  struct landlock_path_beneath_attr rule = {
    .allowed_access = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR,
    .parent_fd = open (path, O_PATH | O_CLOEXEC),
  };
  if (rule.parent_fd < 0)
    return;
  syscall (SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
  close (rule.parent_fd);
}

/* Landlock, best effort: the files only read (the resolver's, beneath
 * /etc and wherever /etc/resolv.conf leads), no TCP bind, TCP connect
 * only to the ports the patterns name (and DNS over TCP), abstract
 * sockets and signals scoped. The forwarder needs no file and no TCP. */
static void
confine_files (gboolean forwarder)
{
  int abi = sbox_landlock_abi ();
  if (abi <= 0)
    return;
  struct np_ruleset attr = { .handled_access_fs = (1ULL << 13) - 1 };
  if (abi >= 2)
    attr.handled_access_fs |= 1ULL << 13; /* refer */
  if (abi >= 3)
    attr.handled_access_fs |= 1ULL << 14; /* truncate */
  if (abi >= 5)
    attr.handled_access_fs |= 1ULL << 15; /* ioctl on devices */
  gboolean any_port = FALSE;
  for (guint i = 0; i < cfg.policy->patterns->len; i++)
    any_port |= g_array_index (cfg.policy->patterns, SboxNetPattern, i).any_port;
  if (abi >= 4)
    attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP
                              | (any_port ? 0 : LANDLOCK_ACCESS_NET_CONNECT_TCP);
  if (abi >= 6)
    attr.scoped = (1ULL << 0) | (1ULL << 1);
  gsize size = abi >= 6 ? sizeof attr : abi >= 4 ? 2 * sizeof (__u64) : sizeof (__u64);
  int ruleset = (int) syscall (SYS_landlock_create_ruleset, &attr, size, 0);
  if (ruleset < 0)
    return;
  if (!forwarder)
    {
      allow_reading (ruleset, "/etc");
      g_autofree char *resolv = realpath ("/etc/resolv.conf", NULL);
      if (resolv)
        {
          g_autofree char *dir = g_path_get_dirname (resolv);
          allow_reading (ruleset, dir);
        }
      if (attr.handled_access_net & LANDLOCK_ACCESS_NET_CONNECT_TCP)
        {
          allow_port (ruleset, 53);
          if (cfg.policy->test_loopback_port)
            allow_port (ruleset, cfg.policy->test_loopback_port);
          for (guint i = 0; i < cfg.policy->patterns->len; i++)
            {
              guint16 port = g_array_index (cfg.policy->patterns, SboxNetPattern, i).port;
              if (port)
                allow_port (ruleset, port);
              else
                {
                  allow_port (ruleset, 80);
                  allow_port (ruleset, 443);
                }
            }
        }
    }
  syscall (SYS_landlock_restrict_self, ruleset, 0);
  close (ruleset);
}

/* seccomp: sockets, the resolver's files, threads; no exec, no process,
 * nothing executable mapped. Anything else fails with EPERM. */
static gboolean
confine_calls (gboolean forwarder)
{
  static const char calls[] = /* separated by spaces */
      "read write readv writev pread64 close lseek recvfrom recvmsg recvmmsg sendto "
      "sendmsg sendmmsg connect bind getsockname getpeername getsockopt setsockopt "
      "shutdown accept4 accept poll ppoll splice pipe2 fcntl openat newfstatat fstat "
      "statx stat munmap mremap madvise brk futex set_robust_list rseq rt_sigprocmask "
      "rt_sigreturn sigaltstack exit exit_group getpid gettid getrandom clock_gettime "
      "clock_nanosleep nanosleep sched_yield uname sysinfo tgkill restart_syscall "
      "getuid geteuid sched_getaffinity";
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ERRNO (EPERM));
  if (ctx == NULL)
    return FALSE;
  int ret = 0;
  g_auto (GStrv) names = g_strsplit (calls, " ", -1);
  for (char **name = names; ret == 0 && *name; name++)
    {
      int nr = seccomp_syscall_resolve_name (*name);
      if (nr != __NR_SCMP_ERROR)
        ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, nr, 0);
    }
  /* Threads only: glibc falls back from clone3, whose flags seccomp
   * cannot see, to clone. */
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (clone3), 0);
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (clone), 1,
                            SCMP_A0 (SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD));
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (socket), 1,
                            SCMP_A0 (SCMP_CMP_EQ, AF_UNIX));
  if (ret == 0 && !forwarder)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (socket), 1,
                            SCMP_A0 (SCMP_CMP_EQ, AF_INET));
  if (ret == 0 && !forwarder)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (socket), 1,
                            SCMP_A0 (SCMP_CMP_EQ, AF_INET6));
  /* getifaddrs and the resolver's address sorting ask the kernel's
   * routing tables. */
  if (ret == 0 && !forwarder)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (socket), 2,
                            SCMP_A0 (SCMP_CMP_EQ, AF_NETLINK), SCMP_A2 (SCMP_CMP_EQ, 0));
  return sbox_seccomp_load_without_exec (ctx, ret);
}

/* ---- start ---- */

/* Close every descriptor above 2 but those in keep (unsorted, -1 ignored). */
static gboolean
keep_only (int *keep, gsize n)
{
  int sorted[8];
  gsize m = 0;
  for (gsize i = 0; i < n && m < G_N_ELEMENTS (sorted); i++)
    if (keep[i] > 2)
      sorted[m++] = keep[i];
  for (gsize i = 1; i < m; i++)
    for (gsize j = i; j > 0 && sorted[j - 1] > sorted[j]; j--)
      {
        int t = sorted[j];
        sorted[j] = sorted[j - 1];
        sorted[j - 1] = t;
      }
  unsigned int from = 3;
  for (gsize i = 0; i < m; i++)
    {
      if ((unsigned int) sorted[i] > from
          && syscall (SYS_close_range, from, (unsigned int) sorted[i] - 1, 0) != 0)
        return FALSE;
      from = (unsigned int) sorted[i] + 1;
    }
  return syscall (SYS_close_range, from, ~0U, 0) == 0;
}

static int fail (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *message = g_strdup_vprintf (format, ap);
  va_end (ap);
  sbox_error_print (message);
  return SBOX_EXIT_FAILURE;
}

static int
bind_unix (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  if (strlen (path) >= sizeof addr.sun_path)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  strcpy (addr.sun_path, path);
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) != 0 || listen (fd, 128) != 0)
    {
      int errsv = errno;
      close (fd);
      errno = errsv;
      return -1;
    }
  return fd;
}

/* 127.0.0.1:port; *port becomes the port bound. */
static int
bind_loopback (guint16 *port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET,
                              .sin_port = htons (*port),
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  socklen_t len = sizeof addr;
  if (fd < 0)
    return -1;
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) != 0 || listen (fd, 128) != 0
      || getsockname (fd, (struct sockaddr *) &addr, &len) != 0)
    {
      int errsv = errno;
      close (fd);
      errno = errsv;
      return -1;
    }
  *port = ntohs (addr.sin_port);
  return fd;
}

/* Keep only the descriptors named, confine, say ready_line on ready_fd and
 * serve; returns only when it cannot start. */
static int
confine_and_serve (int listener, int lifeline, int log_fd, int ready_fd, gboolean forwarder,
                   const char *ready_line)
{
  signal (SIGPIPE, SIG_IGN);
  int keep[] = { listener, lifeline, log_fd, ready_fd };
  if (!keep_only (keep, G_N_ELEMENTS (keep)))
    return fail ("--net-proxy: cannot close inherited descriptors: %s", g_strerror (errno));
  if (!forwarder)
    {
      /* The resolver reads its configuration once before the filter is in
       * place. An NSS module not loaded by then cannot be (no executable
       * mappings): it counts as unavailable and the next source answers. */
      struct addrinfo *warm = NULL;
      if (getaddrinfo ("localhost", "80", NULL, &warm) == 0)
        freeaddrinfo (warm);
      struct ifaddrs *ifs = NULL;
      if (getifaddrs (&ifs) == 0)
        freeifaddrs (ifs);
    }
  /* Each relayed connection holds up to six descriptors (two sockets, two
   * pipes): as many as the hard limit allows, for CONNECTIONS_MAX. */
  struct rlimit files;
  if (getrlimit (RLIMIT_NOFILE, &files) == 0
      && files.rlim_cur < MIN (files.rlim_max, (rlim_t) CONNECTIONS_MAX * 6 + 64))
    {
      files.rlim_cur = MIN (files.rlim_max, (rlim_t) CONNECTIONS_MAX * 6 + 64);
      setrlimit (RLIMIT_NOFILE, &files);
    }
  /* A root caller's proxy needs none of root's powers: it accepts on a
   * socket it holds and connects out, as nobody, with no capability. */
  if (!forwarder && geteuid () == 0
      && (setgroups (0, NULL) != 0 || setresgid (65534, 65534, 65534) != 0
          || setresuid (65534, 65534, 65534) != 0))
    return fail ("--net-proxy: cannot drop root: %s", g_strerror (errno));
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return fail ("--net-proxy: no_new_privs: %s", g_strerror (errno));
  confine_files (forwarder);
  if (!confine_calls (forwarder))
    return fail ("--net-proxy: cannot load its seccomp filter");
  if (ready_fd >= 0)
    {
      if (write (ready_fd, ready_line, strlen (ready_line)) < 0)
        return SBOX_EXIT_FAILURE;
      close (ready_fd);
    }
  if (cfg.verbose)
    say ("network %s: serving", forwarder ? "forwarder" : "proxy");
  serve (listener, lifeline, forwarder);
}

static gboolean
valid_fd (int fd)
{
  return fd < 0 || fcntl (fd, F_GETFD) >= 0;
}

int
sbox_net_proxy_main (int argc, char **argv)
{
  g_autofree char *socket_path = NULL;
  g_auto (GStrv) allow = NULL;
  g_auto (GStrv) test_resolve = NULL;
  int listen_fd = -1, lifeline = -1, log_fd = -1, ready_fd = -1, forward = -1, test_port = 0;
  gboolean allow_private = FALSE, verbose = FALSE;
  GOptionEntry entries[] = {
    { "socket", 0, 0, G_OPTION_ARG_FILENAME, &socket_path, "The proxy's socket", "PATH" },
    { "listen-fd", 0, 0, G_OPTION_ARG_INT, &listen_fd, "A listening socket to serve", "FD" },
    { "lifeline-fd", 0, 0, G_OPTION_ARG_INT, &lifeline, "Exit when FD closes", "FD" },
    { "allow-hosts", 0, 0, G_OPTION_ARG_STRING_ARRAY, &allow, "AllowHosts= patterns", "LIST" },
    { "allow-private", 0, 0, G_OPTION_ARG_NONE, &allow_private, "Private ranges reachable", NULL },
    { "log-fd", 0, 0, G_OPTION_ARG_INT, &log_fd, "Refusals as JSON lines", "FD" },
    { "ready-fd", 0, 0, G_OPTION_ARG_INT, &ready_fd, "Say when serving", "FD" },
    { "verbose", 0, 0, G_OPTION_ARG_NONE, &verbose, "Log each connection", NULL },
    { "forward", 0, 0, G_OPTION_ARG_INT, &forward, "Be the TCP forwarder", "PORT" },
    { "test-allow-loopback-port", 0, 0, G_OPTION_ARG_INT, &test_port, "Tests only", "PORT" },
    { "test-resolve", 0, 0, G_OPTION_ARG_STRING_ARRAY, &test_resolve, "Tests only",
      "NAME=ADDRESS" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("--net-proxy: %s", error->message);
  if (argc > 1)
    return fail ("--net-proxy: unexpected argument \"%s\"", argv[1]);
  if (test_port < 0 || test_port > 65535 || forward > 65535)
    return fail ("--net-proxy: a port must be from 0 to 65535");
  if (!valid_fd (lifeline) || !valid_fd (log_fd) || !valid_fd (ready_fd) || !valid_fd (listen_fd))
    return fail ("--net-proxy: a descriptor given is not open");
  gboolean forwarder = forward >= 0;
  if (socket_path == NULL && (forwarder || listen_fd < 0))
    return fail ("--net-proxy: --socket=PATH is needed%s",
                 forwarder ? " (the proxy's socket)" : " (or --listen-fd=N)");

  g_autoptr (SboxNetAllow) policy = sbox_net_allow_new ();
  policy->allow_private = allow_private;
  policy->test_loopback_port = (guint16) test_port;
  for (char **a = allow; a && *a; a++)
    if (!sbox_net_allow_add (policy, *a, &error))
      return fail ("%s", error->message);
  cfg.policy = policy;
  cfg.log_fd = log_fd;
  cfg.verbose = verbose;
  cfg.upstream = socket_path;
  for (char **t = test_resolve; t && *t; t++)
    {
      const char *eq = strchr (*t, '=');
      if (eq == NULL)
        return fail ("--net-proxy: --test-resolve wants NAME=ADDRESS, not \"%s\"", *t);
      if (cfg.test_resolve == NULL)
        cfg.test_resolve = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (cfg.test_resolve, g_ascii_strdown (*t, eq - *t), g_strdup (eq + 1));
    }

  if (forwarder)
    return sbox_net_proxy_forward_run ((guint16) forward, socket_path, lifeline, ready_fd);
  int listener = listen_fd >= 0 ? listen_fd : bind_unix (socket_path);
  if (listener < 0)
    return fail ("--net-proxy: cannot listen at %s: %s", socket_path, g_strerror (errno));
  return confine_and_serve (listener, lifeline, log_fd, ready_fd, FALSE, "ready\n");
}

int
sbox_net_proxy_forward_run (guint16 port, const char *socket_path, int lifeline, int ready_fd)
{
  if (cfg.policy == NULL)
    cfg.policy = sbox_net_allow_new (); /* no patterns: no TCP connect */
  cfg.upstream = socket_path;
  int listener = bind_loopback (&port);
  if (listener < 0)
    return fail ("--net-proxy: cannot listen at 127.0.0.1:%u: %s", port, g_strerror (errno));
  g_autofree char *line = g_strdup_printf ("%u\n", port);
  return confine_and_serve (listener, lifeline, -1, ready_fd, TRUE, line);
}

/* ---- the launcher's side ---- */

static gboolean
start_failed (GError **error, int errsv, const char *what, int *fds, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  return sbox_error_set_errno (error, errsv, "cannot start the network proxy: %s", what);
}

gboolean
sbox_net_proxy_start (const SboxNetProxyConfig *config, SboxNetProxy *proxy, GError **error)
{
  proxy->pid = 0;
  proxy->lifeline = -1;
  proxy->ready = -1;
  proxy->program = NULL;
  g_autoptr (SboxNetAllow) check = sbox_net_allow_new ();
  for (const char *const *p = config->allow_hosts; p && *p; p++)
    if (!sbox_net_allow_add (check, *p, error))
      return FALSE;
  int listener = bind_unix (config->socket_path);
  if (listener < 0)
    return sbox_error_set_errno (error, errno, "cannot listen at %s for the network proxy",
                                 config->socket_path);
  int life[2] = { -1, -1 }, ready[2] = { -1, -1 };
  int fds[] = { listener, -1, -1, -1, -1 };
  if (pipe2 (life, O_CLOEXEC) != 0 || pipe2 (ready, O_CLOEXEC) != 0)
    {
      int errsv = errno;
      fds[1] = life[0], fds[2] = life[1];
      return start_failed (error, errsv, "pipe", fds, G_N_ELEMENTS (fds));
    }
  fds[1] = life[0], fds[2] = life[1], fds[3] = ready[0], fds[4] = ready[1];

  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup ("sbox"));
  g_ptr_array_add (argv, g_strdup ("--net-proxy"));
  g_ptr_array_add (argv, g_strdup ("--listen-fd=3"));
  g_ptr_array_add (argv, g_strdup ("--lifeline-fd=4"));
  g_ptr_array_add (argv, g_strdup ("--ready-fd=5"));
  if (config->log_fd >= 0)
    g_ptr_array_add (argv, g_strdup ("--log-fd=6"));
  for (const char *const *p = config->allow_hosts; p && *p; p++)
    g_ptr_array_add (argv, g_strconcat ("--allow-hosts=", *p, NULL));
  if (config->allow_private)
    g_ptr_array_add (argv, g_strdup ("--allow-private"));
  if (config->verbose)
    g_ptr_array_add (argv, g_strdup ("--verbose"));
  for (const char *const *p = config->test_options; p && *p; p++)
    g_ptr_array_add (argv, g_strdup (*p));
  g_ptr_array_add (argv, NULL);
  char *envp[] = { NULL };

  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0)
    return start_failed (error, errno, "fork", fds, G_N_ELEMENTS (fds));
  if (pid == 0)
    {
      /* Out of the caller's session: no terminal signals reach it. Each
       * descriptor is moved above 6 first, so that none is overwritten. */
      setsid ();
      sigset_t none;
      sigemptyset (&none);
      sigprocmask (SIG_SETMASK, &none, NULL);
      int a = fcntl (listener, F_DUPFD_CLOEXEC, 10), b = fcntl (life[0], F_DUPFD_CLOEXEC, 10);
      int c = fcntl (ready[1], F_DUPFD_CLOEXEC, 10);
      int d = config->log_fd >= 0 ? fcntl (config->log_fd, F_DUPFD_CLOEXEC, 10) : -1;
      if (a < 0 || b < 0 || c < 0 || (config->log_fd >= 0 && d < 0) || dup2 (a, 3) != 3
          || dup2 (b, 4) != 4 || dup2 (c, 5) != 5 || (d >= 0 && dup2 (d, 6) != 6))
        _exit (SBOX_EXIT_FAILURE);
      execve (config->program, (char **) argv->pdata, envp);
      _exit (SBOX_EXIT_CANNOT_RUN);
    }
  close (listener);
  close (life[0]);
  close (ready[1]);
  proxy->pid = pid;
  proxy->lifeline = life[1];
  proxy->ready = ready[0];
  proxy->program = g_strdup (config->program);
  return TRUE;
}

gboolean
sbox_net_proxy_ready (SboxNetProxy *proxy, GError **error)
{
  if (proxy->ready < 0)
    return proxy->pid > 0;
  char line[16] = { 0 };
  ssize_t n;
  while ((n = read (proxy->ready, line, sizeof line - 1)) < 0 && errno == EINTR)
    ;
  close (proxy->ready);
  proxy->ready = -1;
  if (n > 0 && g_str_has_prefix (line, "ready"))
    return TRUE;
  close (proxy->lifeline);
  proxy->lifeline = -1;
  int status = 0;
  while (waitpid (proxy->pid, &status, 0) < 0 && errno == EINTR)
    ;
  proxy->pid = 0;
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
               "the network proxy did not start (%s exited with status %d)", proxy->program,
               WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status));
  g_clear_pointer (&proxy->program, g_free);
  return FALSE;
}

void
sbox_net_proxy_stop (SboxNetProxy *proxy)
{
  if (proxy->ready >= 0)
    close (proxy->ready);
  if (proxy->lifeline >= 0)
    close (proxy->lifeline);
  if (proxy->pid > 0)
    while (waitpid (proxy->pid, NULL, 0) < 0 && errno == EINTR)
      ;
  g_clear_pointer (&proxy->program, g_free);
  proxy->pid = 0;
  proxy->lifeline = -1;
  proxy->ready = -1;
}
