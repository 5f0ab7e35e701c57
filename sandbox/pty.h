/* pty.h — the sandbox's own pseudo-terminal and the launcher's relay. */
#pragma once

#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>

typedef struct SboxPty SboxPty;

/* Launcher, before clone. NULL (and no error) when none of the caller's
 * stdin/stdout/stderr is a terminal or wanted is FALSE. monitor: a session
 * leader of sbox's own (init) will run the command's job control. */
SboxPty *sbox_pty_open (gboolean wanted, gboolean monitor, GError **error);
/* Drain what the sandbox wrote, give the caller's terminal its modes back,
 * close everything. NULL is fine. */
void sbox_pty_close (SboxPty *pty);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxPty, sbox_pty_close)

/* The slave's host path (bound at /dev/console inside). */
const char *sbox_pty_slave_path (const SboxPty *pty);
/* Signals the relay takes from the launcher's signalfd (SIGCONT, SIGTSTP). */
void sbox_pty_add_signals (const SboxPty *pty, sigset_t *set);
/* After clone: drop the launcher's copies of the child's ends; raw mode
 * when in the foreground. */
void sbox_pty_started (SboxPty *pty);
/* SBOX_PTY_POLL_FDS poll entries for the relay (fd -1 when idle); returns
 * the longest wait in ms the relay allows, or -1. */
#define SBOX_PTY_POLL_FDS 3
int sbox_pty_poll_fds (const SboxPty *pty, struct pollfd *fds);
void sbox_pty_relay (SboxPty *pty, const struct pollfd *fds);
/* A signal from the launcher's signalfd; TRUE when the relay consumed it
 * (it is then not forwarded into the sandbox). */
gboolean sbox_pty_signal (SboxPty *pty, int signo);

/* --enter: relay until pid (the joined session's leader) ends, passing
 * the other signals of signals (blocked already) on to it; its exit status
 * as sbox passes it on, or -1 on error. */
int sbox_pty_wait (SboxPty *pty, pid_t pid, const sigset_t *signals);

/* Child side (between clone and execve; async-signal-safe calls only). */
/* First thing in the child: stdio that were the caller's terminal become
 * the slave, the launcher's ends are closed. */
int sbox_pty_child_stdio (const SboxPty *pty);
/* The session leader (init, or an --as-pid-1 command): a new session with
 * the slave as its controlling terminal. */
int sbox_pty_child_session (const SboxPty *pty);
/* The command under init: its own process group, in the foreground of the
 * slave when the launcher is in the caller's foreground. */
int sbox_pty_child_command (const SboxPty *pty);
/* Init: the channel to poll, a stopped command to report, a launcher's
 * word to act on (continue in the foreground or the background). */
int sbox_pty_init_channel (const SboxPty *pty);
void sbox_pty_init_stopped (const SboxPty *pty, int signo);
gboolean sbox_pty_init_handle (const SboxPty *pty, pid_t app);
