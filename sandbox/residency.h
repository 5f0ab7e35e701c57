/* residency.h — drop what setup left resident in processes that now wait. */
#pragma once

#include <glib.h>

/* How long after the command starts the waiting processes let go. */
#define SBOX_RESIDENCY_SETTLE_MS 500

/* Unmap (not unload) the code and read-only data of sbox and its
 * libraries from this process's page tables; used pages fault back in from
 * the page cache. Fork-safe (no allocation). A no-op under AddressSanitizer. */
void sbox_residency_drop_code (void);

/* Give the heap's free pages back (the launcher, once setup is done). */
void sbox_residency_trim_heap (void);

/* A waiting process's one letting-go, kept out of its wait loop: the loop
 * passes its poll timeout through sbox_residency_timeout and calls
 * sbox_residency_settle after each wake. Not at once: faulting back what
 * a short run's exit needs would cost it more than the run. */
typedef struct
{
  gint64 at;     /* monotonic µs; 0 once done */
  gboolean heap; /* also give the heap's free pages back */
} SboxResidency;

/* Arm: let go SBOX_RESIDENCY_SETTLE_MS from now. Fork-safe. */
void sbox_residency_start (SboxResidency *residency, gboolean heap);
/* wait_ms (-1: forever), shortened to wake when it is time to let go. */
int sbox_residency_timeout (const SboxResidency *residency, int wait_ms);
/* Let go once, when the time has come; otherwise nothing. */
void sbox_residency_settle (SboxResidency *residency);
