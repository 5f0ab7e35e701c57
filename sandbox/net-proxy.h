/* net-proxy.h — the filtered network's proxy process (`sbox --net-proxy`)
 * and its in-sandbox TCP forwarder (`sbox --net-proxy --forward=PORT`). */
#pragma once

#include <glib.h>

/* argv[0] is "--net-proxy"; the rest are the proxy's options (see
 * net-proxy.c). Returns the exit status: 0 when the lifeline closed, 125
 * when the proxy could not start (one "sbox: ..." line says why). */
int sbox_net_proxy_main (int argc, char **argv);

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
