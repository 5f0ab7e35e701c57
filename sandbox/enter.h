/* enter.h — --enter: run a command inside a running sandbox. */
#pragma once

#include <glib.h>

/* Join the sandbox named by which (NAME, ID or PID) with its recorded
 * limits and run argv there (a shell when argv is empty); the exit status. */
int sbox_enter_run (const char *const *envp, const char *which, char *const *argv);
