/* dbus.h — xdg-dbus-proxy processes outside the sandbox. */
#pragma once

#include "plan.h"

typedef struct
{
  pid_t pid;
  int sync_fd; /* closing it stops the proxy */
} SboxProxyProcess;

/* Start every proxy of the plan and wait until each is ready. */
gboolean sbox_dbus_start_proxies (const SboxPlan *plan, GArray *running, GError **error);
void sbox_dbus_stop_proxies (GArray *running);
