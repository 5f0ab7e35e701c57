/* test-confine-connect.c — the confinement mode's connect supervisor
 * (confine-connect.c) against real listeners: a child loads the filter
 * the mode loads, hands its listener over, and makes each attempt; this
 * process answers as the launcher does and counts what its listeners
 * accept. Each refusal is paired with the same attempt made without the
 * filter, which succeeds. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "confine-connect.h"
#include "sync.h"

typedef struct
{
  char *dir;
  char *inside;  /* the granted directory */
  char *outside; /* not granted: the host's bus, docker.sock, an agent */
  int in_stream, out_stream, in_dgram, out_dgram, abstract, tcp;
  int tcp_port;
  char abstract_name[64];
  guint accepted_in, accepted_out, received_in, received_out;
} Fixture;

static int
unix_listener (const char *path, int type, gboolean abstract)
{
  struct sockaddr_un un = { .sun_family = AF_UNIX };
  socklen_t len;
  if (abstract)
    {
      memcpy (un.sun_path + 1, path, strlen (path));
      len = (socklen_t) (offsetof (struct sockaddr_un, sun_path) + 1 + strlen (path));
    }
  else
    {
      g_strlcpy (un.sun_path, path, sizeof un.sun_path);
      len = sizeof un;
    }
  int fd = socket (AF_UNIX, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &un, len), ==, 0);
  if (type == SOCK_STREAM)
    g_assert_cmpint (listen (fd, 128), ==, 0);
  return fd;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  (void) data;
  f->dir = g_dir_make_tmp ("sbox-connect-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->inside = g_build_filename (f->dir, "inside", NULL);
  f->outside = g_build_filename (f->dir, "outside", NULL);
  g_assert_cmpint (g_mkdir (f->inside, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (f->outside, 0700), ==, 0);
  g_autofree char *p = NULL;
  f->in_stream = unix_listener (p = g_build_filename (f->inside, "s", NULL), SOCK_STREAM, FALSE);
  g_free (p);
  f->out_stream = unix_listener (p = g_build_filename (f->outside, "s", NULL), SOCK_STREAM, FALSE);
  g_free (p);
  f->in_dgram = unix_listener (p = g_build_filename (f->inside, "d", NULL), SOCK_DGRAM, FALSE);
  g_free (p);
  f->out_dgram = unix_listener (p = g_build_filename (f->outside, "d", NULL), SOCK_DGRAM, FALSE);
  g_snprintf (f->abstract_name, sizeof f->abstract_name, "sbox-connect-test-%d", (int) getpid ());
  f->abstract = unix_listener (f->abstract_name, SOCK_STREAM, TRUE);
  struct sockaddr_in in = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof in;
  f->tcp = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  g_assert_cmpint (bind (f->tcp, (struct sockaddr *) &in, sizeof in), ==, 0);
  g_assert_cmpint (listen (f->tcp, 128), ==, 0);
  g_assert_cmpint (getsockname (f->tcp, (struct sockaddr *) &in, &len), ==, 0);
  f->tcp_port = ntohs (in.sin_port);
}

static int
remove_entry (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      struct stat st;
      if (lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
        remove_entry (child);
      else
        unlink (child);
    }
  return rmdir (path);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  (void) data;
  int fds[] = { f->in_stream, f->out_stream, f->in_dgram, f->out_dgram, f->abstract, f->tcp };
  for (gsize i = 0; i < G_N_ELEMENTS (fds); i++)
    close (fds[i]);
  remove_entry (f->dir);
  g_free (f->dir);
  g_free (f->inside);
  g_free (f->outside);
}

/* ---- the confined child ---- */

typedef struct
{
  const Fixture *f;
  int out; /* results, one "name=errno" line each (0: it worked) */
} Child;

static void
say (const Child *c, const char *name, int result)
{
  char line[128];
  int len = snprintf (line, sizeof line, "%s=%d\n", name, result);
  if (write (c->out, line, (size_t) len) != len)
    _exit (3);
}

static int
unix_connect (const char *path, int type, int *kept)
{
  struct sockaddr_un un = { .sun_family = AF_UNIX };
  g_strlcpy (un.sun_path, path, sizeof un.sun_path);
  int fd = socket (AF_UNIX, type | SOCK_CLOEXEC, 0);
  int ret = connect (fd, (struct sockaddr *) &un, sizeof un) == 0 ? 0 : errno;
  if (kept)
    *kept = fd;
  else
    close (fd);
  return ret;
}

/* The peer the caller's own socket ended up connected to. */
static gboolean
peer_is (int fd, const char *path)
{
  struct sockaddr_un un = { 0 };
  socklen_t len = sizeof un;
  return getpeername (fd, (struct sockaddr *) &un, &len) == 0 && g_str_equal (un.sun_path, path);
}

static void
attempts (const Child *c)
{
  const Fixture *f = c->f;
  g_autofree char *in_s = g_build_filename (f->inside, "s", NULL);
  g_autofree char *out_s = g_build_filename (f->outside, "s", NULL);
  g_autofree char *in_d = g_build_filename (f->inside, "d", NULL);
  g_autofree char *out_d = g_build_filename (f->outside, "d", NULL);
  int kept = -1;
  say (c, "inside", unix_connect (in_s, SOCK_STREAM, &kept));
  say (c, "inside-peer", peer_is (kept, in_s) ? 0 : -1);
  close (kept);
  say (c, "outside", unix_connect (out_s, SOCK_STREAM, NULL));

  /* A link in the granted directory to the socket outside. */
  g_autofree char *link = g_build_filename (f->inside, "link", NULL);
  if (symlink (out_s, link) != 0)
    _exit (4);
  say (c, "link", unix_connect (link, SOCK_STREAM, NULL));

  /* The socket outside through a descriptor of the caller's own. */
  int opath = open (out_s, O_PATH | O_CLOEXEC);
  g_autofree char *via = g_strdup_printf ("/proc/self/fd/%d", opath);
  say (c, "opath-outside", unix_connect (via, SOCK_STREAM, NULL));
  close (opath);
  opath = open (in_s, O_PATH | O_CLOEXEC);
  g_free (via);
  via = g_strdup_printf ("/proc/self/fd/%d", opath);
  say (c, "opath-inside", unix_connect (via, SOCK_STREAM, NULL));
  close (opath);

  /* Relative to the caller's directory, not the supervisor's. */
  if (chdir (f->inside) != 0)
    _exit (4);
  say (c, "relative-inside", unix_connect ("s", SOCK_STREAM, NULL));
  if (chdir (f->outside) != 0)
    _exit (4);
  say (c, "relative-outside", unix_connect ("s", SOCK_STREAM, NULL));

  /* Datagrams sent with an address. */
  int d = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un un = { .sun_family = AF_UNIX };
  g_strlcpy (un.sun_path, in_d, sizeof un.sun_path);
  ssize_t n = sendto (d, "hello", 5, 0, (struct sockaddr *) &un, sizeof un);
  say (c, "sendto-inside", n == 5 ? 0 : n < 0 ? errno : -1);
  g_strlcpy (un.sun_path, out_d, sizeof un.sun_path);
  n = sendto (d, "hello", 5, 0, (struct sockaddr *) &un, sizeof un);
  say (c, "sendto-outside", n == 5 ? 0 : n < 0 ? errno : -1);
  static char big[65537];
  g_strlcpy (un.sun_path, in_d, sizeof un.sun_path);
  n = sendto (d, big, sizeof big, 0, (struct sockaddr *) &un, sizeof un);
  say (c, "sendto-big", n >= 0 ? 0 : errno);
  close (d);

  /* Abstract names: the host's. */
  struct sockaddr_un ab = { .sun_family = AF_UNIX };
  memcpy (ab.sun_path + 1, f->abstract_name, strlen (f->abstract_name));
  int a = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int ret = connect (a, (struct sockaddr *) &ab,
                     (socklen_t) (offsetof (struct sockaddr_un, sun_path) + 1
                                  + strlen (f->abstract_name)));
  say (c, "abstract", ret == 0 ? 0 : errno);
  close (a);

  /* TCP, blocking and not. */
  struct sockaddr_in in = { .sin_family = AF_INET,
                            .sin_port = htons ((guint16) f->tcp_port),
                            .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int t = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  say (c, "tcp", connect (t, (struct sockaddr *) &in, sizeof in) == 0 ? 0 : errno);
  close (t);
  t = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  ret = connect (t, (struct sockaddr *) &in, sizeof in) == 0 ? 0 : errno;
  say (c, "tcp-nonblocking", ret == EINPROGRESS ? 0 : ret);
  struct pollfd p = { .fd = t, .events = POLLOUT };
  int so_error = -1;
  socklen_t len = sizeof so_error;
  if (ret == EINPROGRESS && poll (&p, 1, 5000) == 1)
    getsockopt (t, SOL_SOCKET, SO_ERROR, &so_error, &len);
  else if (ret == 0)
    so_error = 0;
  say (c, "tcp-nonblocking-done", so_error);
  close (t);

  /* Descriptors that are no socket. */
  int pipe_fds[2];
  if (pipe (pipe_fds) != 0)
    _exit (4);
  say (c, "not-a-socket",
       connect (pipe_fds[0], (struct sockaddr *) &un, sizeof un) == 0 ? 0 : errno);
  say (c, "bad-fd", connect (999, (struct sockaddr *) &un, sizeof un) == 0 ? 0 : errno);
}

typedef struct
{
  const char *path;
  int result;
} ThreadAttempt;

static void *
thread_connect (void *data)
{
  ThreadAttempt *t = data;
  t->result = unix_connect (t->path, SOCK_STREAM, NULL);
  return NULL;
}

/* From a thread that is not its group's leader: its own descriptors, and
 * /proc/thread-self as its own. */
static void
from_thread (const Child *c)
{
  const Fixture *f = c->f;
  g_autofree char *in_s = g_build_filename (f->inside, "s", NULL);
  g_autofree char *out_s = g_build_filename (f->outside, "s", NULL);
  int opath = open (out_s, O_PATH | O_CLOEXEC);
  g_autofree char *via = g_strdup_printf ("/proc/thread-self/fd/%d", opath);
  const char *paths[] = { in_s, out_s, via };
  const char *names[] = { "thread-inside", "thread-outside", "thread-self-outside" };
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      ThreadAttempt t = { paths[i], -1 };
      pthread_t thread;
      if (pthread_create (&thread, NULL, thread_connect, &t) != 0
          || pthread_join (thread, NULL) != 0)
        _exit (4);
      say (c, names[i], t.result);
    }
}

/* A link swapped between the socket inside and the one outside while
 * the caller connects through it, again and again. */
static void
swap_race (const Child *c)
{
  const Fixture *f = c->f;
  g_autofree char *in_s = g_build_filename (f->inside, "s", NULL);
  g_autofree char *out_s = g_build_filename (f->outside, "s", NULL);
  g_autofree char *link = g_build_filename (f->inside, "race", NULL);
  g_autofree char *tmp = g_build_filename (f->inside, "race.tmp", NULL);
  if (symlink (in_s, link) != 0)
    _exit (4);
  pid_t swapper = fork ();
  if (swapper == 0)
    for (guint i = 0;; i++)
      {
        if (symlink (i % 2 ? out_s : in_s, tmp) == 0)
          rename (tmp, link);
      }
  int ok = 0, refused = 0, tries = 0;
  /* Long enough for the swapper to be scheduled many times over. */
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  for (; tries < 300 || g_get_monotonic_time () < until; tries++)
    {
      int ret = unix_connect (link, SOCK_STREAM, NULL);
      ok += ret == 0;
      refused += ret == EACCES;
    }
  kill (swapper, SIGKILL);
  waitpid (swapper, NULL, 0);
  say (c, "race-connected", ok > 0 ? 0 : -1);
  say (c, "race-some", ok + refused == tries ? 0 : -1);
}

/* ---- the supervisor ---- */

static void
drain (Fixture *f)
{
  int fd;
  while ((fd = accept4 (f->in_stream, NULL, NULL, SOCK_CLOEXEC)) >= 0)
    {
      f->accepted_in++;
      close (fd);
    }
  while ((fd = accept4 (f->out_stream, NULL, NULL, SOCK_CLOEXEC)) >= 0)
    {
      f->accepted_out++;
      close (fd);
    }
  while ((fd = accept4 (f->tcp, NULL, NULL, SOCK_CLOEXEC)) >= 0)
    close (fd);
  while ((fd = accept4 (f->abstract, NULL, NULL, SOCK_CLOEXEC)) >= 0)
    close (fd);
  char buf[70000];
  while (recv (f->in_dgram, buf, sizeof buf, MSG_DONTWAIT) >= 0)
    f->received_in++;
  while (recv (f->out_dgram, buf, sizeof buf, MSG_DONTWAIT) >= 0)
    f->received_out++;
}

/* Run what in a child, under the supervisor when connect is not NULL
 * (else with no filter at all: the control); its result lines. */
static char *
run_child (Fixture *f, SboxConfineConnect *connect, void (*what) (const Child *))
{
  int sync[2], out[2];
  g_assert_cmpint (sbox_sync_pair (sync), ==, 0);
  g_assert_cmpint (pipe2 (out, O_CLOEXEC), ==, 0);
  pid_t pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (sync[0]);
      close (out[0]);
      if (connect)
        {
          scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
          if (ctx == NULL || sbox_confine_connect_add_rules (ctx) != 0 || seccomp_load (ctx) != 0)
            _exit (2);
          int listener = seccomp_notify_fd (ctx);
          if (listener < 0 || sbox_sync_send_fd (sync[1], SBOX_STEP_LISTENER, listener) != 0)
            _exit (2);
          close (listener);
        }
      close (sync[1]);
      Child c = { f, out[1] };
      what (&c);
      _exit (0);
    }
  close (sync[1]);
  close (out[1]);
  int listener = -1;
  if (connect)
    {
      SboxSyncMsg msg;
      g_assert_cmpint (sbox_sync_recv (sync[0], &msg, &listener), ==, 1);
      g_assert_cmpint (listener, >=, 0);
    }
  close (sync[0]);
  g_autoptr (GString) lines = g_string_new ("\n");
  int status = -1;
  for (;;)
    {
      struct pollfd fds[] = {
        { .fd = listener, .events = POLLIN },     { .fd = out[0], .events = POLLIN },
        { .fd = f->in_stream, .events = POLLIN }, { .fd = f->out_stream, .events = POLLIN },
        { .fd = f->tcp, .events = POLLIN },       { .fd = f->in_dgram, .events = POLLIN },
        { .fd = f->out_dgram, .events = POLLIN },
      };
      int ready = poll (fds, G_N_ELEMENTS (fds), 100);
      if (ready < 0 && errno == EINTR)
        continue;
      if (fds[0].revents & POLLIN)
        {
          struct seccomp_notif req;
          memset (&req, 0, sizeof req);
          if (ioctl (listener, SECCOMP_IOCTL_NOTIF_RECV, &req) == 0)
            {
              g_autoptr (GError) error = NULL;
              g_assert_true (sbox_confine_connect_handle (connect, listener, &req, &error));
              g_assert_no_error (error);
            }
        }
      if (fds[1].revents & (POLLIN | POLLHUP))
        {
          char buf[4096];
          ssize_t n = read (out[0], buf, sizeof buf);
          if (n > 0)
            g_string_append_len (lines, buf, n);
          else if (waitpid (pid, &status, 0) == pid)
            break;
        }
      drain (f);
    }
  /* The workers answered before the child went on; none outlives it. */
  for (int i = 0; i < 500 && sbox_confine_connect_running () > 0; i++)
    g_usleep (10000);
  g_assert_cmpuint (sbox_confine_connect_running (), ==, 0);
  drain (f);
  close (out[0]);
  if (listener >= 0)
    close (listener);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return g_string_free (g_steal_pointer (&lines), FALSE);
}

static SboxConfineConnect *
supervisor (const Fixture *f, gboolean network)
{
  SboxLandlockGrant grants[] = {
    { f->inside, -1, SBOX_LANDLOCK_WRITE },
    { "/usr", -1, SBOX_LANDLOCK_READ },
  };
  return sbox_confine_connect_new (grants, G_N_ELEMENTS (grants), network, FALSE);
}

static void
assert_result (const char *lines, const char *name, int expected)
{
  g_autofree char *want = g_strdup_printf ("\n%s=%d\n", name, expected);
  if (strstr (lines, want) == NULL)
    g_error ("%s: wanted %d, results:%s", name, expected, lines);
}

static void
test_supervised (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr (SboxConfineConnect) connect = supervisor (f, TRUE);
  g_autofree char *r = run_child (f, connect, attempts);
  assert_result (r, "inside", 0);
  assert_result (r, "inside-peer", 0); /* the caller's own socket is connected */
  assert_result (r, "outside", EACCES);
  assert_result (r, "link", EACCES);
  assert_result (r, "opath-outside", EACCES);
  assert_result (r, "opath-inside", 0);
  assert_result (r, "relative-inside", 0);
  assert_result (r, "relative-outside", EACCES);
  assert_result (r, "sendto-inside", 0);
  assert_result (r, "sendto-outside", EACCES);
  assert_result (r, "sendto-big", EMSGSIZE);
  assert_result (r, "abstract", EPERM);
  assert_result (r, "tcp", 0);
  assert_result (r, "tcp-nonblocking", 0);
  assert_result (r, "tcp-nonblocking-done", 0);
  assert_result (r, "not-a-socket", ENOTSOCK);
  assert_result (r, "bad-fd", EBADF);
  g_assert_cmpuint (f->accepted_out, ==, 0);
  g_assert_cmpuint (f->received_out, ==, 0);
  g_assert_cmpuint (f->accepted_in, ==, 3);
  g_assert_cmpuint (f->received_in, ==, 1);
}

/* CONTROL: the same attempts reach everything without the filter. */
static void
test_control (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autofree char *r = run_child (f, NULL, attempts);
  assert_result (r, "outside", 0);
  assert_result (r, "link", 0);
  assert_result (r, "opath-outside", 0);
  assert_result (r, "relative-outside", 0);
  assert_result (r, "sendto-outside", 0);
  assert_result (r, "abstract", 0);
  g_assert_cmpuint (f->accepted_out, ==, 4);
  g_assert_cmpuint (f->received_out, ==, 1);
}

static void
test_no_network (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr (SboxConfineConnect) connect = supervisor (f, FALSE);
  g_autofree char *r = run_child (f, connect, attempts);
  assert_result (r, "tcp", EACCES);
  assert_result (r, "tcp-nonblocking", EACCES);
  assert_result (r, "inside", 0);
  assert_result (r, "outside", EACCES);
}

static void
test_thread (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr (SboxConfineConnect) connect = supervisor (f, TRUE);
  g_autofree char *r = run_child (f, connect, from_thread);
  assert_result (r, "thread-inside", 0);
  assert_result (r, "thread-outside", EACCES);
  assert_result (r, "thread-self-outside", EACCES);
  g_assert_cmpuint (f->accepted_in, ==, 1);
  g_assert_cmpuint (f->accepted_out, ==, 0);
  g_autofree char *control = run_child (f, NULL, from_thread);
  assert_result (control, "thread-outside", 0);
  assert_result (control, "thread-self-outside", 0);
}

static void
test_swap_race (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr (SboxConfineConnect) connect = supervisor (f, TRUE);
  g_autofree char *r = run_child (f, connect, swap_race);
  assert_result (r, "race-connected", 0);
  assert_result (r, "race-some", 0);
  /* Whatever the link named when checked, the socket outside was never
   * reached. */
  g_assert_cmpuint (f->accepted_out, ==, 0);
  g_assert_cmpuint (f->accepted_in, >, 0);
}

/* CONTROL: without the filter the race reaches the socket outside. */
static void
test_swap_race_control (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autofree char *r = run_child (f, NULL, swap_race);
  g_assert_cmpuint (f->accepted_out, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A worker's reply races the next poll; SIGPIPE is the caller's. */
  signal (SIGPIPE, SIG_IGN);
  g_test_add ("/confine-connect/supervised", Fixture, NULL, fixture_set_up, test_supervised,
              fixture_tear_down);
  g_test_add ("/confine-connect/control", Fixture, NULL, fixture_set_up, test_control,
              fixture_tear_down);
  g_test_add ("/confine-connect/no-network", Fixture, NULL, fixture_set_up, test_no_network,
              fixture_tear_down);
  g_test_add ("/confine-connect/thread", Fixture, NULL, fixture_set_up, test_thread,
              fixture_tear_down);
  g_test_add ("/confine-connect/swap-race", Fixture, NULL, fixture_set_up, test_swap_race,
              fixture_tear_down);
  g_test_add ("/confine-connect/swap-race-control", Fixture, NULL, fixture_set_up,
              test_swap_race_control, fixture_tear_down);
  return g_test_run ();
}
