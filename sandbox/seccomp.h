/* seccomp.h — the plan's syscall policy compiled with libseccomp, exported,
 * and installed last before execve. */
#pragma once

#include <linux/filter.h>
#include <seccomp.h>

#include "plan.h"

/* Up to two programs, installed in order: an allowlist (strict or a list
 * file; absent for default) and the denylist with the argument checks
 * (always; for none only its set-id guard). Seccomp runs every installed filter
 * and the strictest answer wins, which is how "allow ioctl but not TIOCSTI"
 * is expressed: libseccomp cannot put both in one filter. */
/* sbox's own two, then the programs a caller handed over (bwrap's --seccomp). */
#define SBOX_SECCOMP_MAX_PROGRAMS 10
typedef struct
{
  struct sock_fprog programs[SBOX_SECCOMP_MAX_PROGRAMS];
  int count;
} SboxSeccompFilters;

/* The plan's programs: prebuilt by the build when the plan has a key (see
 * below), compiled with libseccomp otherwise. */
gboolean sbox_seccomp_compile (const SboxSandbox *sandbox, SboxSeccompFilters *out, GError **error);
/* Always through libseccomp: what the build's generator and the check that
 * the prebuilt programs are current use. */
gboolean sbox_seccomp_compile_fresh (const SboxSandbox *sandbox, SboxSeccompFilters *out,
                                     GError **error);

enum
{
  SBOX_SECCOMP_DEVEL = 1 << 0,
  SBOX_SECCOMP_MULTIARCH = 1 << 1,
  SBOX_SECCOMP_SHARED_NETWORK = 1 << 2, /* the host's network namespace */
  SBOX_SECCOMP_ALL_FEATURES = (1 << 3) - 1,
};

/* Programs the build compiled for each built-in policy and feature set
 * (seccomp-gen writes the table; the generator itself links an empty one).
 * Ends with a NULL policy. */
typedef struct
{
  const char *policy;
  unsigned int features;
  int count;
  unsigned short lengths[2];
  const struct sock_filter *programs[2];
} SboxSeccompPrebuilt;
extern const SboxSeccompPrebuilt sbox_seccomp_prebuilt[];

gboolean sbox_seccomp_prebuilt_key (const SboxSandbox *sandbox, const char **policy,
                                    unsigned int *features);
void sbox_seccomp_filters_clear (SboxSeccompFilters *filters);

/* Write the compiled programs to path (the denylist) and, for allowlist
 * policies, path.allowlist; raw BPF as bwrap's --seccomp FD expects. */
gboolean sbox_seccomp_export (const SboxSandbox *sandbox, const char *path, GError **error);

/* A readable account of the effective policy, for --print-plan. */
char *sbox_seccomp_describe (const SboxSandbox *sandbox);

/* The calls an allowlist policy (strict or Seccomp=FILE) lets through,
 * with the runtime's and the profile's SeccompAllow= additions; empty for
 * a denylist policy; NULL with error when FILE cannot be read. */
GPtrArray *sbox_seccomp_allowed_names (const SboxSandbox *sandbox, GError **error);

/* Learn mode: a program whose answer is "ask the supervisor" for all but the
 * calls the command makes before the supervisor has its listener. */
gboolean sbox_seccomp_compile_learn (const SboxSandbox *sandbox, struct sock_fprog *out,
                                     GError **error);

/* Child side: install prog and return the notification listener fd. */
int sbox_seccomp_install_listener (const struct sock_fprog *prog);

/* Child side, fork-safe: install the programs; -1 with errno. */
int sbox_seccomp_install (const SboxSeccompFilters *filters);

/* The helpers' own filters (the audio filter, the network proxy) end
 * alike: memory may be mapped and protected, never executable; then ctx
 * (holding their allowlist; ret: how adding it went) is loaded and
 * released. */
gboolean sbox_seccomp_load_without_exec (scmp_filter_ctx ctx, int ret);
