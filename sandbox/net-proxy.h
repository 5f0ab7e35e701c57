/* net-proxy.h — the filtered network's proxy process (`sbox --net-proxy`)
 * and its in-sandbox TCP forwarder (`sbox --net-proxy --forward=PORT`). */
#pragma once

#include <glib.h>
#include <sys/types.h>

/* The port of the forwarder a filtered sandbox's init runs on its own
 * loopback (the proxy variables name it; Landlock allows TCP to it only). */
#define SBOX_NET_FORWARD_PORT 3128

/* argv[0] is "--net-proxy"; the rest are the proxy's options (see
 * net-proxy.c). Returns the exit status: 0 when the lifeline closed, 125
 * when the proxy could not start (one "sbox: ..." line says why). */
int sbox_net_proxy_main (int argc, char **argv);

/* The forwarder, for a process of its own inside the sandbox (a child of
 * its init, say; no threads): listen on 127.0.0.1:port (0: any, said on
 * ready_fd as "PORT\n"), close every other descriptor but lifeline and
 * ready_fd, confine itself and hand each client to the proxy at
 * socket_path. Exits 0 when lifeline (if >= 0) closes; returns 125 (having
 * said why) only when it cannot start. */
int sbox_net_proxy_forward_run (guint16 port, const char *socket_path, int lifeline, int ready_fd);

/* The launcher's side: what the proxy is started with. */
typedef struct
{
  const char *program;             /* the sbox binary ("/proc/self/exe") */
  const char *socket_path;         /* bound and listening before the proxy starts */
  const char *const *allow_hosts;  /* AllowHosts= patterns, NULL-terminated */
  gboolean allow_private;          /* --allow-private */
  int log_fd;                      /* refusals as JSON lines (-1: none) */
  gboolean verbose;                /* log each connection on stderr */
  const char *const *test_options; /* tests only: more --test-* options, or NULL */
} SboxNetProxyConfig;

typedef struct
{
  pid_t pid;    /* 0: not running */
  int lifeline; /* write end: the proxy exits once every copy is closed */
  int ready;    /* read end: "ready\n" once it serves (-1 once read) */
  char *program;
} SboxNetProxy;

/* Check the patterns (a bad one fails here, naming it), listen at
 * socket_path, then fork and execute "program --net-proxy --listen-fd=3
 * --lifeline-fd=4 --ready-fd=5 [--log-fd=6] ...", with an empty
 * environment. Does not wait: the socket already takes connections, and
 * they are served once the proxy runs (some 8 ms later), so the launcher
 * can build the sandbox meanwhile and call sbox_net_proxy_ready before the
 * command starts. proxy->lifeline is CLOEXEC: hand a copy to the sandbox
 * so that the proxy ends with it. */
gboolean sbox_net_proxy_start (const SboxNetProxyConfig *config, SboxNetProxy *proxy,
                               GError **error);
/* Wait until the proxy serves; FALSE with error (and the proxy reaped) when
 * it could not start (it said why on stderr). */
gboolean sbox_net_proxy_ready (SboxNetProxy *proxy, GError **error);
/* Close the lifeline and reap the proxy. */
void sbox_net_proxy_stop (SboxNetProxy *proxy);

/* The head of one HTTP proxy request. */
typedef struct
{
  gboolean tunnel; /* CONNECT host:port */
  char *host;      /* as the request names it, an IPv6 address without brackets */
  guint16 port;
  char *forward; /* plain HTTP: the head the server gets (origin-form target,
                  * no Proxy-* or Connection headers, "Connection: close") */
} SboxNetHttpRequest;

/* Parse head (len bytes, up to and including the blank line). FALSE with
 * error (the reason for a 400 reply) when it is not a proxy request this
 * proxy serves. */
gboolean sbox_net_proxy_parse_http (const char *head, gsize len, SboxNetHttpRequest *request,
                                    GError **error);
void sbox_net_http_request_clear (SboxNetHttpRequest *request);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SboxNetHttpRequest, sbox_net_http_request_clear)
