/* dbus.h — xdg-dbus-proxy processes outside the sandbox. */
#pragma once

#include "plan.h"

typedef struct
{
  pid_t pid;
  int sync_fd;   /* closing it stops the proxy */
  int report_fd; /* its sandbox's errors, until it is ready; then -1 */
} SboxProxyProcess;

/* Start every proxy of the plan, each into running at once (so that
 * stopping them reaps it whatever happens next); they come up meanwhile. */
gboolean sbox_dbus_spawn_proxies (const SboxPlan *plan, GArray *running, GError **error);
/* Until every proxy started is ready, or one's failure. */
gboolean sbox_dbus_wait_proxies (const SboxPlan *plan, GArray *running, GError **error);
/* SIGKILL to every proxy, without waiting: they die while the launcher
 * tidies up; sbox_dbus_stop_proxies then reaps them. */
void sbox_dbus_kill_proxies (GArray *running);
void sbox_dbus_stop_proxies (GArray *running);
