/* pty.c — the sandbox's own pseudo-terminal. When the caller's stdio is a
 * terminal, the command gets the slave of a pty the launcher opened, never
 * the caller's terminal: a sandbox in another session would keep reading
 * that terminal (what the user types at the shell next) and could change
 * its modes, with job control no longer stopping it. The launcher stays in
 * the caller's process group and relays between the caller's terminal and
 * the master, reading the terminal only while in the foreground, in raw
 * mode then, so ^C and ^Z reach the pty's own line discipline.
 *
 * Job control: init (the slave's session leader) runs the command in a
 * process group of its own, in the slave's foreground only while the
 * launcher is in the caller's. A command that stops (^Z, or SIGTTIN from
 * reading in the background) is reported by init over a socket; the
 * launcher gives the terminal its modes back and stops itself with the same
 * signal, so the shell sees the job stopped. On SIGCONT the launcher tells
 * init whether to continue the command in the slave's foreground or not.
 * With a pipe on stdin or stdout the command may share the terminal with
 * a pager: it starts in the slave's background, and the launcher takes the
 * terminal (raw mode, input) only once the command stops wanting it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "error.h"
#include "pty.h"

struct SboxPty
{
  int master;
  int slave;        /* the launcher's copy is closed once the command runs */
  int tty;          /* the caller's terminal, opened read-write */
  int launcher_end; /* job-control messages between the launcher... */
  int init_end;     /* ...and init */
  gboolean stdio[3];
  gboolean foreground; /* at open: the command starts in the slave's foreground */
  gboolean monitor;    /* init (or --enter's first process) runs job control */
  char slave_path[64];

  /* Launcher state. */
  struct termios saved;
  gboolean have_saved;
  gboolean raw;
  gboolean fg;          /* the launcher is in the caller's foreground */
  gboolean running;     /* the command runs: relay input */
  gboolean cmd_fg;      /* the command holds the slave's foreground */
  gboolean cmd_stopped; /* init reported the command stopped */
  gboolean tty_done;    /* no more input from the caller's terminal */
  gboolean tty_broken;  /* the caller's terminal takes no more output */
  gboolean master_done; /* every slave is closed */
  char in[4096];
  gsize in_len, in_off;
};

/* Messages on the channel: two bytes, a kind and a signal number. */
enum
{
  MSG_STOPPED = 'S',    /* init: the command stopped with this signal */
  MSG_FOREGROUND = 'F', /* launcher: continue it in the slave's foreground */
  MSG_BACKGROUND = 'B', /* launcher: continue it in the background */
};

static gboolean
in_foreground (const SboxPty *pty)
{
  pid_t pgrp = tcgetpgrp (pty->tty);
  /* Not our controlling terminal (setsid sbox ...): no job control. */
  if (pgrp < 0)
    return errno == ENOTTY;
  return pgrp == getpgrp ();
}

/* A shell reading its prompt may have the terminal in its own modes when a
 * background job starts: give the slave a sane line discipline. */
static void
make_sane (struct termios *t)
{
  t->c_iflag |= ICRNL;
  t->c_iflag &= ~(tcflag_t) (INLCR | IGNCR);
  t->c_oflag |= OPOST | ONLCR;
  t->c_lflag |= ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN;
  t->c_cc[VMIN] = 1;
  t->c_cc[VTIME] = 0;
}

SboxPty *
sbox_pty_open (gboolean wanted, gboolean monitor, GError **error)
{
  int first = -1;
  gboolean stdio[3], pipeline = FALSE;
  for (int fd = 0; fd < 3; fd++)
    {
      struct stat st;
      stdio[fd] = isatty (fd);
      if (stdio[fd] && first < 0)
        first = fd;
      if (fd < 2 && fstat (fd, &st) == 0 && S_ISFIFO (st.st_mode))
        pipeline = TRUE;
    }
  if (!wanted || first < 0)
    return NULL;

  g_autoptr (SboxPty) pty = g_new0 (SboxPty, 1);
  pty->master = pty->slave = pty->tty = pty->launcher_end = pty->init_end = -1;
  memcpy (pty->stdio, stdio, sizeof stdio);
  /* By name: stdio may hold the terminal for one direction only. */
  char name[PATH_MAX];
  if (ttyname_r (first, name, sizeof name) == 0)
    pty->tty = open (name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (pty->tty < 0)
    pty->tty = fcntl (first, F_DUPFD_CLOEXEC, 3);
  if (pty->tty < 0)
    return sbox_error_set_errno (error, errno, "cannot open the caller's terminal"), NULL;

  pty->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (pty->master < 0 || grantpt (pty->master) != 0 || unlockpt (pty->master) != 0
      || ptsname_r (pty->master, pty->slave_path, sizeof pty->slave_path) != 0)
    return sbox_error_set_errno (error, errno, "cannot open a pseudo-terminal (/dev/ptmx)"), NULL;
  pty->slave = open (pty->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (pty->slave < 0)
    return sbox_error_set_errno (error, errno, "cannot open %s", pty->slave_path), NULL;

  pty->monitor = monitor;
  pty->fg = in_foreground (pty);
  pty->foreground = pty->cmd_fg = pty->fg && !(pipeline && monitor);
  struct termios t;
  if (tcgetattr (pty->tty, &t) == 0)
    {
      if (!pty->fg)
        make_sane (&t);
      tcsetattr (pty->slave, TCSANOW, &t);
    }
  struct winsize ws;
  if (ioctl (pty->tty, TIOCGWINSZ, &ws) == 0)
    ioctl (pty->master, TIOCSWINSZ, &ws);
  int ends[2];
  if (fcntl (pty->master, F_SETFL, O_NONBLOCK) != 0
      || socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0)
    return sbox_error_set_errno (error, errno, "cannot set up the pseudo-terminal's relay"), NULL;
  pty->launcher_end = ends[0];
  pty->init_end = ends[1];
  return g_steal_pointer (&pty);
}

const char *
sbox_pty_slave_path (const SboxPty *pty)
{
  return pty->slave_path;
}

void
sbox_pty_add_signals (const SboxPty *pty, sigset_t *set)
{
  if (pty == NULL)
    return;
  sigaddset (set, SIGCONT);
  sigaddset (set, SIGTSTP);
}

/* ------------------------------------------------------------------------ */
/* Launcher: modes of the caller's terminal */

static void
enter_raw (SboxPty *pty)
{
  if (pty->raw)
    return;
  /* Taken once: what the terminal had when the launcher first owned it. */
  if (!pty->have_saved)
    {
      if (tcgetattr (pty->tty, &pty->saved) != 0)
        return;
      pty->have_saved = TRUE;
    }
  struct termios raw = pty->saved;
  cfmakeraw (&raw);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  pty->raw = tcsetattr (pty->tty, TCSADRAIN, &raw) == 0;
}

static void
leave_raw (SboxPty *pty)
{
  if (!pty->raw)
    return;
  pty->raw = FALSE;
  /* In the background the shell owns the modes now. */
  if (in_foreground (pty))
    tcsetattr (pty->tty, TCSADRAIN, &pty->saved);
}

static void
tell_init (SboxPty *pty, char kind)
{
  char msg[2] = { kind, 0 };
  if (pty->launcher_end >= 0)
    send (pty->launcher_end, msg, sizeof msg, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* After a stop, or when the caller's foreground may have changed. The
 * command gets the slave's foreground back only when it stopped (wanting
 * the terminal, or by ^Z) and the launcher has the caller's; it loses it
 * when the launcher is in the background. */
static void
resume (SboxPty *pty, gboolean was_not_stopped)
{
  pty->fg = in_foreground (pty);
  gboolean want = pty->cmd_stopped ? pty->fg : pty->fg && pty->cmd_fg;
  /* A process group that cannot be stopped (orphaned) must not make init
   * continue a reader in the background: it would stop again at once. */
  if (!pty->monitor || was_not_stopped)
    want = TRUE;
  if (pty->monitor && (pty->cmd_stopped || want != pty->cmd_fg))
    tell_init (pty, want ? MSG_FOREGROUND : MSG_BACKGROUND);
  pty->cmd_fg = want;
  pty->cmd_stopped = FALSE;
  if (pty->fg && pty->cmd_fg && pty->running)
    enter_raw (pty);
  else if (!pty->fg)
    pty->raw = FALSE; /* the shell owns the modes now */
}

/* Stop the launcher with signo as the shell expects of a job, the terminal
 * in the modes the shell left it in. */
static void
stop_self (SboxPty *pty, int signo)
{
  leave_raw (pty);
  struct sigaction dfl = { .sa_handler = SIG_DFL }, prev = { .sa_handler = SIG_DFL };
  sigset_t one, old, pending;
  sigemptyset (&one);
  sigaddset (&one, signo);
  sigaction (signo, &dfl, &prev);
  sigprocmask (SIG_UNBLOCK, &one, &old);
  kill (getpid (), signo); /* stops here until SIGCONT */
  sigprocmask (SIG_SETMASK, &old, NULL);
  if (signo != SIGSTOP)
    sigaction (signo, &prev, NULL);
  /* SIGCONT waits in the signalfd once a stop happened; the kernel drops
   * stop signals to an orphaned process group. */
  sigpending (&pending);
  if (!sigismember (&pending, SIGCONT))
    resume (pty, TRUE);
}

void
sbox_pty_started (SboxPty *pty)
{
  if (pty == NULL || pty->running)
    return;
  pty->running = TRUE;
  if (pty->slave >= 0)
    close (pty->slave);
  if (pty->init_end >= 0)
    close (pty->init_end);
  pty->slave = pty->init_end = -1;
  pty->fg = in_foreground (pty);
  if (pty->fg && pty->cmd_fg)
    enter_raw (pty);
}

gboolean
sbox_pty_signal (SboxPty *pty, int signo)
{
  if (pty == NULL)
    return FALSE;
  struct winsize ws;
  switch (signo)
    {
    case SIGWINCH:
      /* The pty signals the slave's foreground itself. */
      if (ioctl (pty->tty, TIOCGWINSZ, &ws) == 0)
        ioctl (pty->master, TIOCSWINSZ, &ws);
      return TRUE;
    case SIGCONT:
      resume (pty, FALSE);
      return TRUE;
    case SIGTSTP:
      stop_self (pty, SIGTSTP);
      return TRUE;
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------------ */
/* Launcher: the relay */

static void
write_tty (SboxPty *pty, const char *buf, gsize len)
{
  while (len > 0 && !pty->tty_broken)
    {
      ssize_t n = write (pty->tty, buf, len);
      if (n > 0)
        {
          buf += n;
          len -= (gsize) n;
        }
      else if (n < 0 && errno == EAGAIN)
        {
          struct pollfd out = { .fd = pty->tty, .events = POLLOUT };
          poll (&out, 1, -1);
        }
      else if (n < 0 && errno != EINTR)
        pty->tty_broken = TRUE; /* hung up: the output goes nowhere */
    }
}

/* Up to limit reads from the master; FALSE once nothing is left now. */
static gboolean
copy_output (SboxPty *pty, int limit)
{
  char buf[4096];
  for (int i = 0; i < limit; i++)
    {
      ssize_t n = read (pty->master, buf, sizeof buf);
      if (n > 0)
        {
          write_tty (pty, buf, (gsize) n);
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      /* EIO: every slave is closed and what they wrote has been read. */
      if (n == 0 || errno != EAGAIN)
        pty->master_done = TRUE;
      return FALSE;
    }
  return TRUE;
}

static void
copy_input (SboxPty *pty, gboolean readable)
{
  if (readable && pty->in_len == 0)
    {
      ssize_t n = read (pty->tty, pty->in, sizeof pty->in);
      if (n > 0)
        pty->in_len = (gsize) n, pty->in_off = 0;
      else if (n == 0 || (errno != EINTR && errno != EAGAIN))
        pty->tty_done = TRUE; /* hung up, or EIO in an orphaned background */
    }
  while (pty->in_len > 0)
    {
      ssize_t n = write (pty->master, pty->in + pty->in_off, pty->in_len);
      if (n > 0)
        pty->in_off += (gsize) n, pty->in_len -= (gsize) n;
      else if (n < 0 && errno == EINTR)
        continue;
      else
        {
          if (errno != EAGAIN) /* the sandbox is gone */
            pty->in_len = 0;
          break;
        }
    }
}

static void
read_channel (SboxPty *pty)
{
  char msg[2];
  ssize_t n = recv (pty->launcher_end, msg, sizeof msg, MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n != (ssize_t) sizeof msg)
    {
      close (pty->launcher_end);
      pty->launcher_end = -1;
      return;
    }
  if (msg[0] != MSG_STOPPED)
    return;
  pty->cmd_stopped = TRUE;
  /* The launcher stops itself with it: never anything but a stop. */
  int signo = (unsigned char) msg[1];
  if (signo != SIGTTIN && signo != SIGTTOU && signo != SIGSTOP)
    signo = SIGTSTP;
  /* A shell's fg does not signal a job that is running: the launcher may
   * have the foreground already, and the command just wants its input. */
  if ((signo == SIGTTIN || signo == SIGTTOU) && in_foreground (pty))
    resume (pty, FALSE);
  else
    stop_self (pty, signo);
}

int
sbox_pty_poll_fds (const SboxPty *pty, struct pollfd *fds)
{
  for (int i = 0; i < SBOX_PTY_POLL_FDS; i++)
    fds[i] = (struct pollfd){ .fd = -1 };
  if (pty == NULL)
    return -1;
  /* The caller's terminal only in its foreground: a background sandbox
   * must not take what the user types at the shell. */
  if (pty->running && pty->fg && pty->cmd_fg && !pty->tty_done && pty->in_len == 0)
    fds[0] = (struct pollfd){ .fd = pty->tty, .events = POLLIN };
  if (!pty->master_done)
    fds[1] = (struct pollfd){ .fd = pty->master, .events = POLLIN | (pty->in_len ? POLLOUT : 0) };
  fds[2] = (struct pollfd){ .fd = pty->launcher_end, .events = POLLIN };
  /* Nothing tells a running background job that it was brought to the
   * foreground: look now and then. */
  return pty->running && !pty->fg ? 250 : -1;
}

void
sbox_pty_relay (SboxPty *pty, const struct pollfd *fds)
{
  if (pty == NULL)
    return;
  if (pty->running && !pty->fg && in_foreground (pty))
    resume (pty, FALSE);
  if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
    copy_output (pty, 16);
  if (fds[0].revents || (fds[1].revents & POLLOUT))
    copy_input (pty, fds[0].revents != 0);
  if (fds[2].revents)
    read_channel (pty);
}

int
sbox_pty_wait (SboxPty *pty, pid_t pid, const sigset_t *signals)
{
  int sfd = signalfd (-1, signals, SFD_CLOEXEC);
  if (sfd < 0)
    return -1;
  sbox_pty_started (pty);
  for (;;)
    {
      struct pollfd fds[1 + SBOX_PTY_POLL_FDS] = { { .fd = sfd, .events = POLLIN } };
      int wait_ms = sbox_pty_poll_fds (pty, fds + 1);
      if (poll (fds, G_N_ELEMENTS (fds), wait_ms) < 0 && errno != EINTR)
        break;
      struct signalfd_siginfo si;
      if ((fds[0].revents & POLLIN) && read (sfd, &si, sizeof si) == (ssize_t) sizeof si)
        {
          int status;
          if (si.ssi_signo == SIGCHLD && waitpid (pid, &status, WNOHANG) == pid)
            {
              close (sfd);
              return sbox_error_exit_for_wait (status);
            }
          if (si.ssi_signo != SIGCHLD && !sbox_pty_signal (pty, (int) si.ssi_signo))
            kill (pid, (int) si.ssi_signo);
        }
      sbox_pty_relay (pty, fds + 1);
    }
  close (sfd);
  return -1;
}

void
sbox_pty_close (SboxPty *pty)
{
  if (pty == NULL)
    return;
  int saved_errno = errno;
  if (pty->slave >= 0)
    close (pty->slave);
  if (pty->init_end >= 0)
    close (pty->init_end);
  /* The sandbox is gone: what it wrote last still reaches the terminal. */
  while (!pty->master_done && copy_output (pty, 64))
    ;
  leave_raw (pty);
  if (pty->launcher_end >= 0)
    close (pty->launcher_end);
  if (pty->master >= 0)
    close (pty->master);
  if (pty->tty >= 0)
    close (pty->tty);
  g_free (pty);
  errno = saved_errno;
}

/* ------------------------------------------------------------------------ */
/* Child side: between clone and execve, system calls only. */

int
sbox_pty_child_stdio (const SboxPty *pty)
{
  for (int fd = 0; fd < 3; fd++)
    if (pty->stdio[fd] && dup2 (pty->slave, fd) < 0)
      return -1;
  close (pty->master);
  close (pty->tty);
  close (pty->launcher_end);
  return 0;
}

int
sbox_pty_child_session (const SboxPty *pty)
{
  if (setsid () < 0 || ioctl (pty->slave, TIOCSCTTY, 0) != 0)
    return -1;
  return 0;
}

int
sbox_pty_child_command (const SboxPty *pty)
{
  /* Init blocked SIGTTOU: taking the foreground from the background works. */
  if (setpgid (0, 0) != 0 || (pty->foreground && tcsetpgrp (pty->slave, getpid ()) != 0))
    return -1;
  return 0;
}

int
sbox_pty_init_channel (const SboxPty *pty)
{
  return pty ? pty->init_end : -1;
}

void
sbox_pty_init_stopped (const SboxPty *pty, int signo)
{
  char msg[2] = { MSG_STOPPED, (char) signo };
  send (pty->init_end, msg, sizeof msg, MSG_NOSIGNAL | MSG_DONTWAIT);
}

gboolean
sbox_pty_init_handle (const SboxPty *pty, pid_t app)
{
  char msg[2];
  ssize_t n = recv (pty->init_end, msg, sizeof msg, MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return TRUE;
  if (n != (ssize_t) sizeof msg)
    return FALSE;
  /* In the background, init's own group holds the slave's foreground: the
   * command reading it gets SIGTTIN and stops, as a background job does. */
  tcsetpgrp (pty->slave, msg[0] == MSG_FOREGROUND ? app : getpgrp ());
  kill (-app, SIGCONT);
  return TRUE;
}
