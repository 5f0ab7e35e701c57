/* confine-connect.h — the confinement mode's connect supervisor: connect(2)
 * and sendto(2) with an address, which Landlock does not check for named
 * unix sockets, decided and carried out by the launcher. */
#pragma once

#include <glib.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include "landlock.h"

typedef struct SboxConfineConnect SboxConfineConnect;

/* The rules for the mode's extra filter: connect and sendto with an
 * address answered by the supervisor; io_uring (whose connect and send
 * requests no filter sees) refused. A libseccomp error (negative) or 0. */
int sbox_confine_connect_add_rules (scmp_filter_ctx ctx);

/* The supervisor for a view of n grants: a named unix socket is reached
 * only where a grant (read or write) lies; network: IP and netlink
 * addresses are passed on; abstract: abstract unix names are passed on
 * (else refused, as Landlock's scope refuses the host's). */
SboxConfineConnect *sbox_confine_connect_new (const SboxLandlockGrant *grants, guint n,
                                              gboolean network, gboolean abstract);
/* An X door: its display's abstract name leads to the server's socket by
 * path instead (the confinement mode has no view to bind it into). */
void sbox_confine_connect_add_display (SboxConfineConnect *connect, const char *abstract_name,
                                       const char *socket_path);
/* Worker threads still running keep what they need: freeing does not
 * wait for them. */
void sbox_confine_connect_free (SboxConfineConnect *connect);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxConfineConnect, sbox_confine_connect_free)

/* Whether a notified call is one of this supervisor's. */
gboolean sbox_confine_connect_wants (const struct seccomp_data *data);

/* Answer req (received on listener): refused at once, or carried out by
 * a short-lived worker thread that sends the reply itself, so that a
 * blocking connect never stalls the caller. FALSE when no reply could be
 * sent. */
gboolean sbox_confine_connect_handle (SboxConfineConnect *connect, int listener,
                                      const struct seccomp_notif *req, GError **error);

/* Worker threads running in this process. */
guint sbox_confine_connect_running (void);
