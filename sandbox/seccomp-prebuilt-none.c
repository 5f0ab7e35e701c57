/* seccomp-prebuilt-none.c — the empty table: for the generator, which must
 * compile everything itself, and for builds that cannot run it. */
#include "config.h"

#include "seccomp.h"

const SboxSeccompPrebuilt sbox_seccomp_prebuilt[] = { { NULL, 0, 0, { 0 }, { NULL } } };
