/* residency.h — drop what setup left resident in processes that now wait. */
#pragma once

/* How long after the command starts the waiting processes let go. */
#define SBOX_RESIDENCY_SETTLE_MS 500

/* Unmap (not unload) the code and read-only data of sbox and its
 * libraries from this process's page tables; used pages fault back in from
 * the page cache. Fork-safe (no allocation). A no-op under AddressSanitizer. */
void sbox_residency_drop_code (void);

/* Give the heap's free pages back (the launcher, once setup is done). */
void sbox_residency_trim_heap (void);
