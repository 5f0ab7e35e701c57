/* doctor.h — --doctor: probe what sbox needs, one line per probe. */
#pragma once

#include <glib.h>

/* Print the report; the exit status: 0 when nothing FAILed, 1 otherwise. */
int sbox_doctor_run (const char *const *envp);

/* Why a new user namespace cannot be created here, with the fix; NULL when
 * no known knob explains it. */
char *sbox_doctor_userns_reason (int clone_errno);

/* Whether this process can have the sandbox's user namespace: NULL when
 * it can, else why not, with the fix. AppArmor's restriction (which lets
 * the namespace be made and takes its capabilities away) is read from
 * files; with try_clone, the launcher's clone is also tried in a child
 * (a few hundred microseconds). */
char *sbox_doctor_userns_blocked (gboolean try_clone);
