/* seccomp-sets.h — the syscall policies as data. */
#pragma once

#include <glib.h>

typedef struct
{
  const char *name;
  int errnum; /* answer given instead of running the call */
  const char *reason;
} SboxDeniedCall;

/* `default`: what a desktop app never needs; NULL-terminated. */
extern const SboxDeniedCall sbox_seccomp_default_deny[];

/* Denied unless the profile has features=devel. */
extern const SboxDeniedCall sbox_seccomp_devel_deny[];

/* `strict`: what shells, coreutils, compilers, make, git, python3 and node
 * use; NULL-terminated. Everything else answers ENOSYS. */
extern const char *const sbox_seccomp_strict_allow[];

/* What sbox itself calls after the filters are in place (init, and the
 * command's last steps before execve): part of every allowlist. */
extern const char *const sbox_seccomp_runtime_allow[];

/* Socket families a desktop app may open: everything else EAFNOSUPPORT. */
extern const int sbox_seccomp_allowed_families[];

/* Netlink protocols a sandbox may open: everything else EAFNOSUPPORT.
 * The second list only off the host's network. -1-terminated. */
extern const int sbox_seccomp_netlink_protocols[];
extern const int sbox_seccomp_netlink_private_net[];

/* setsockopt calls refused EPERM: options first..last at level. */
typedef struct
{
  int level, first, last;
} SboxSockoptRange;
extern const SboxSockoptRange sbox_seccomp_firewall_sockopts[]; /* ends with level -1 */

/* Calls that set a mode, for the set-id guard. */
typedef struct
{
  const char *name;
  int mode_arg;  /* the mode's argument */
  int flags_arg; /* the open flags' argument, or -1: the call always sets the mode */
} SboxModeCall;
extern const SboxModeCall sbox_seccomp_mode_calls[]; /* NULL-terminated */
