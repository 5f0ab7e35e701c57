/* init.h — the tiny PID 1 of the sandbox's pid namespace. */
#pragma once

#include <signal.h>
#include <sys/types.h>

#include "pty.h"

/* The signals sbox passes on to the command (from the caller, through the
 * launcher, through init). Terminated by 0. */
extern const int sbox_init_forwarded_signals[];

/* Before fork: make PID 1 accept the forwarded signals (a pid namespace's
 * init ignores signals it has no handler for) and block them for signalfd. */
int sbox_init_prepare (void);

/* In the command before execve: the caller's ignored signals stay ignored,
 * the rest get default handlers; empty mask. */
void sbox_init_reset_signals (void);

/* Reap every child, forward signals to app, and return the exit status to
 * pass on once app has ended (128+N when it was killed by signal N). With
 * a pty, also report app's stops and act on the launcher's job control. */
int sbox_init_run (pid_t app, int sfd, const SboxPty *pty);
/* The signalfd init_run reads, opened before the rlimits are set: under
 * nofile=N, descriptors the caller left open may take every slot below N
 * (they close only at the command's exec). -1 with errno on failure. */
int sbox_init_signalfd (void);
