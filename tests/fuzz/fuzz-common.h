/* fuzz-common.h — what the fuzz targets share: quiet logging that still
 * crashes on a GLib critical, splitting an input, a scratch directory. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Once per process: GLib messages are dropped, but a critical or a warning
 * (a precondition failed: a bug) aborts, so the fuzzer reports it. */
void fuzz_init (void);

/* DATA split at every SEP byte into NUL-terminated strings (g_free'd). */
GPtrArray *fuzz_split (const uint8_t *data, size_t size, char sep);

/* DATA split at every line "--" into at most MAX parts. */
GPtrArray *fuzz_split_parts (const uint8_t *data, size_t size, guint max);

/* A private directory for the process's files, made once. */
const char *fuzz_dir (void);

/* Write LEN bytes to PATH (under fuzz_dir ()), making its directory. */
void fuzz_write (const char *path, const char *data, gsize len);
