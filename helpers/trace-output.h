/* trace-output.h — what sbox-trace writes from a finished trace: the
 * summary table, the JSON trace, the profile fragment and the comparison
 * with a profile (--diff). */
#pragma once

#include "trace-record.h"

/* The summary table on stderr. */
void sbox_trace_print_summary (const SboxTrace *trace, FILE *out);

/* The whole trace as one JSON document. */
gboolean sbox_trace_write_json (const SboxTrace *trace, const char *path, GError **error);

/* A profile fragment like --learn's at path, and path.syscalls (one name
 * per line, for Seccomp=FILE). home turns paths under it into ~/… */
gboolean sbox_trace_write_fragment (const SboxTrace *trace, const char *path, const char *home,
                                    GError **error);

/* What profile grants that the run never used, and what the run needed
 * and was refused; envp is the environment the profile is read in. */
gboolean sbox_trace_print_diff (const SboxTrace *trace, const char *profile,
                                const char *const *envp, FILE *out, GError **error);
