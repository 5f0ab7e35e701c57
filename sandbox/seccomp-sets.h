/* seccomp-sets.h — the syscall policies as data. */
#pragma once

#include <glib.h>

typedef struct
{
  const char *name;
  int errnum;         /* answer given instead of running the call */
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
