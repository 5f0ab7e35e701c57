/* sync.c — the parent↔child channel. Fixed-size messages so the child needs
 * no allocation between clone and execve. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "error.h"
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
sbox_sync_send_fds (int fd, const SboxSyncMsg *msg, const int *passed, int count)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int) * SBOX_SYNC_MAX_FDS)];
    struct cmsghdr align;
  } control;
  struct iovec iov = { .iov_base = (void *) msg, .iov_len = sizeof *msg };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
  if (count > 0)
    {
      memset (control.buf, 0, sizeof control.buf);
      mh.msg_control = control.buf;
      mh.msg_controllen = CMSG_SPACE (sizeof (int) * (size_t) count);
      struct cmsghdr *cmsg = CMSG_FIRSTHDR (&mh);
      cmsg->cmsg_level = SOL_SOCKET;
      cmsg->cmsg_type = SCM_RIGHTS;
      cmsg->cmsg_len = CMSG_LEN (sizeof (int) * (size_t) count);
      memcpy (CMSG_DATA (cmsg), passed, sizeof (int) * (size_t) count);
    }
  ssize_t n;
  do
    n = sendmsg (fd, &mh, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n == (ssize_t) sizeof *msg ? 0 : -1;
}

int
sbox_sync_send_fd (int fd, SboxStep step, int passed)
{
  SboxSyncMsg msg = { .step = step };
  return sbox_sync_send_fds (fd, &msg, &passed, passed >= 0 ? 1 : 0);
}

int
sbox_sync_recv_fds (int fd, SboxSyncMsg *msg, int *passed, int max)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int) * SBOX_SYNC_MAX_FDS)];
    struct cmsghdr align;
  } control;
  struct iovec iov = { .iov_base = msg, .iov_len = sizeof *msg };
  struct msghdr mh = { .msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = control.buf,
                       .msg_controllen = sizeof control.buf };
  ssize_t n;
  for (int i = 0; i < max; i++)
    passed[i] = -1;
  do
    n = recvmsg (fd, &mh, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  for (struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR (&mh) : NULL; c; c = CMSG_NXTHDR (&mh, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      {
        int count = (int) ((c->cmsg_len - CMSG_LEN (0)) / sizeof (int));
        for (int i = 0; i < count; i++)
          {
            int got;
            memcpy (&got, CMSG_DATA (c) + i * sizeof (int), sizeof got);
            if (i < max)
              passed[i] = got;
            else
              close (got);
          }
      }
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
sbox_sync_recv (int fd, SboxSyncMsg *msg, int *passed)
{
  int unused;
  return sbox_sync_recv_fds (fd, msg, passed ? passed : &unused, passed ? 1 : 0);
}

static int G_GNUC_PRINTF (4, 0)
    fail_v (SboxSyncMsg *msg, int kind, int errnum, const char *format, va_list args)
{
  msg->step = SBOX_STEP_ERROR;
  msg->kind = kind;
  int len = vsnprintf (msg->text, sizeof msg->text, format, args);
  if (errnum != 0 && len >= 0 && (size_t) len < sizeof msg->text)
    snprintf (msg->text + len, sizeof msg->text - (size_t) len, ": %s", strerror (errnum));
  return -1;
}

int
sbox_sync_fail (SboxSyncMsg *msg, int errnum, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  fail_v (msg, SBOX_ERROR_SETUP, errnum, format, args);
  va_end (args);
  return -1;
}

int
sbox_sync_fail_kind (SboxSyncMsg *msg, int kind, int errnum, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  fail_v (msg, kind, errnum, format, args);
  va_end (args);
  return -1;
}

int
sbox_sync_exit_status (const SboxSyncMsg *msg)
{
  return sbox_error_exit_for_kind (msg->step == SBOX_STEP_ERROR ? msg->kind : SBOX_ERROR_SETUP);
}

void
sbox_sync_send_error (int fd, const SboxSyncMsg *msg)
{
  ssize_t n;
  do
    n = send (fd, msg, sizeof *msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
}
