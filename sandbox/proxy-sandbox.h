/* proxy-sandbox.h — the small sandbox each xdg-dbus-proxy runs in. */
#pragma once

#include "plan.h"
#include "seccomp.h"

typedef struct
{
  SboxSandbox *box;           /* namespaces, filesystem ops, Landlock */
  SboxSeccompFilters seccomp; /* the default policy */
  char *program;              /* the xdg-dbus-proxy binary */
  char **envp;
} SboxProxySandbox;

/* Parent side: the sandbox for proxy, with the same /.flatpak-info as the
 * app's (or, without an AppId, one naming the sandbox as unnamed). */
SboxProxySandbox *sbox_proxy_sandbox_new (const SboxPlan *app, const SboxProxy *proxy,
                                          GError **error);
void sbox_proxy_sandbox_free (SboxProxySandbox *sandbox);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxProxySandbox, sbox_proxy_sandbox_free)

/* Clone a child into the sandbox's namespaces that builds it and executes
 * "xdg-dbus-proxy --fd=3 --args=4" with sync_fd and args_fd there. A setup
 * error goes to report_fd (a sync channel) before the child exits 125.
 * Returns the child's pid, -1 with errno when the clone failed. */
pid_t sbox_proxy_sandbox_spawn (const SboxProxySandbox *sandbox, int sync_fd, int args_fd,
                                int report_fd);
