/* sync.c — the parent↔child channel. Fixed-size messages so the child needs
 * no allocation between clone and execve. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sync.h"

int
sbox_sync_pair (int fds[2])
{
  return socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds);
}

int
sbox_sync_send_step (int fd, SboxStep step)
{
  SboxSyncMsg msg = { .step = step };
  ssize_t n;
  do
    n = send (fd, &msg, sizeof msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n == (ssize_t) sizeof msg ? 0 : -1;
}

int
sbox_sync_recv (int fd, SboxSyncMsg *msg)
{
  ssize_t n;
  do
    n = recv (fd, msg, sizeof *msg, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return -1;
  if (n == 0)
    return 0;
  if (n != (ssize_t) sizeof *msg)
    {
      errno = EPROTO;
      return -1;
    }
  msg->text[sizeof msg->text - 1] = '\0';
  return 1;
}

int
sbox_sync_fail (SboxSyncMsg *msg, int exit_code, int errnum, const char *format, ...)
{
  va_list args;
  msg->step = SBOX_STEP_ERROR;
  msg->exit_code = exit_code;
  va_start (args, format);
  int len = vsnprintf (msg->text, sizeof msg->text, format, args);
  va_end (args);
  if (errnum != 0 && len >= 0 && (size_t) len < sizeof msg->text)
    snprintf (msg->text + len, sizeof msg->text - (size_t) len, ": %s", strerror (errnum));
  return -1;
}

void
sbox_sync_send_error (int fd, const SboxSyncMsg *msg)
{
  ssize_t n;
  do
    n = send (fd, msg, sizeof *msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
}
