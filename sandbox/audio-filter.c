/* audio-filter.c — the PulseAudio door. The sandbox never reaches the
 * user's server: it reaches this relay, a process forked from the launcher
 * that listens in the instance directory and gives each client its own
 * connection to the server. Control packets pass only when the policy table
 * below allows their command; the rest is answered with an access error
 * without reaching the server. Shared memory is never negotiated and a
 * client that sends file descriptors is cut off, so the only way in is the
 * socket's byte stream. The relay ends with the launcher.
 *
 * Wire format (PulseAudio's native protocol): a frame is a descriptor of
 * five big-endian u32 (length, channel, offset hi, offset lo, flags) and
 * length bytes. Channel 0xffffffff carries a control packet, a tagstruct
 * that starts 'L' command 'L' tag; other channels carry audio. The relay
 * mostly reads the leading u32 fields of a packet, at fixed offsets;
 * CREATE_RECORD_STREAM is walked value by value, to reach direct_on_input,
 * and every request that carries properties is rebuilt by audio-protocol.c
 * before it goes on. Requests go upstream under the relay's own tags, so a
 * reply is matched to the request it answers whatever tags the client
 * picks. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/landlock.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audio-filter.h"
#include "audio-protocol.h"
#include "error.h"
#include "seccomp.h"
#include "landlock.h"

#define DESCRIPTOR_SIZE 20
#define CONTROL_CHANNEL 0xffffffffu
#define SEEK_MASK 0xffu              /* the only frame flags an audio frame may carry */
#define CLIENT_FRAME_MAX (1u << 20)  /* libpulse sends at most 64 KiB of audio a frame */
#define SERVER_FRAME_MAX (16u << 20) /* the server's own limit */
#define BACKLOG_MAX (1u << 20)       /* stop reading a side while its peer lags this much */
#define CONNECTIONS_MAX 64
#define PENDING_MAX 1024 /* requests without a reply yet, per connection */
#define STREAMS_MAX 4096 /* live streams of the whole sandbox */
#define READ_CHUNK 65536
#define VERSION_MASK 0xffffu /* AUTH's version; the bits above are capabilities (shm, memfd) */
#define ERR_ACCESS 1

typedef enum
{
  RULE_PASS = 1,
  RULE_AUTH,         /* capability bits cleared both ways */
  RULE_NEW_PLAYBACK, /* the reply's index becomes one of the sandbox's sink inputs */
  RULE_NEW_RECORD,   /* ... source outputs */
  RULE_END_PLAYBACK, /* forgets the stream of that channel */
  RULE_END_RECORD,
  RULE_OWN_PLAYBACK, /* first argument must be a sink input the sandbox made */
  RULE_OWN_RECORD,   /* ... a source output */
} Rule;

/* What a sandboxed client may ask. Commands not listed (module loading,
 * defaults, device volume, ports, profiles, suspending, killing clients,
 * the sample cache, extensions, object messages, shared-memory set-up,
 * EXIT) are refused with an access error. Channel-addressed commands are
 * confined by the server itself: channels are per connection. */
static const struct
{
  guint32 command;
  Rule rule;
} policy[] = {
  { CMD_AUTH, RULE_AUTH },
  { 9, RULE_PASS }, /* SET_CLIENT_NAME: its own client, properties rewritten */
  { CMD_CREATE_PLAYBACK_STREAM, RULE_NEW_PLAYBACK },
  { CMD_DELETE_PLAYBACK_STREAM, RULE_END_PLAYBACK },
  { CMD_CREATE_RECORD_STREAM, RULE_NEW_RECORD },
  { CMD_DELETE_RECORD_STREAM, RULE_END_RECORD },
  { 10, RULE_PASS },         /* LOOKUP_SINK */
  { 11, RULE_PASS },         /* LOOKUP_SOURCE */
  { 12, RULE_PASS },         /* DRAIN_PLAYBACK_STREAM */
  { 13, RULE_PASS },         /* STAT */
  { 14, RULE_PASS },         /* GET_PLAYBACK_LATENCY */
  { 20, RULE_PASS },         /* GET_SERVER_INFO */
  { 21, RULE_PASS },         /* GET_SINK_INFO */
  { 22, RULE_PASS },         /* GET_SINK_INFO_LIST */
  { 23, RULE_PASS },         /* GET_SOURCE_INFO */
  { 24, RULE_PASS },         /* GET_SOURCE_INFO_LIST */
  { 27, RULE_PASS },         /* GET_CLIENT_INFO: names of other clients (read only) */
  { 28, RULE_PASS },         /* GET_CLIENT_INFO_LIST: as above */
  { 29, RULE_PASS },         /* GET_SINK_INPUT_INFO: other apps' stream names (read only) */
  { 30, RULE_PASS },         /* GET_SINK_INPUT_INFO_LIST: as above */
  { 31, RULE_PASS },         /* GET_SOURCE_OUTPUT_INFO: as above */
  { 32, RULE_PASS },         /* GET_SOURCE_OUTPUT_INFO_LIST: as above */
  { 35, RULE_PASS },         /* SUBSCRIBE: change events carry indexes only */
  { 37, RULE_OWN_PLAYBACK }, /* SET_SINK_INPUT_VOLUME */
  { 41, RULE_PASS },         /* CORK_PLAYBACK_STREAM */
  { 42, RULE_PASS },         /* FLUSH_PLAYBACK_STREAM */
  { 43, RULE_PASS },         /* TRIGGER_PLAYBACK_STREAM */
  { 46, RULE_PASS },         /* SET_PLAYBACK_STREAM_NAME */
  { 47, RULE_PASS },         /* SET_RECORD_STREAM_NAME */
  { 49, RULE_OWN_PLAYBACK }, /* KILL_SINK_INPUT */
  { 50, RULE_OWN_RECORD },   /* KILL_SOURCE_OUTPUT */
  { 57, RULE_PASS },         /* GET_RECORD_LATENCY */
  { 58, RULE_PASS },         /* CORK_RECORD_STREAM */
  { 59, RULE_PASS },         /* FLUSH_RECORD_STREAM */
  { 60, RULE_PASS },         /* PREBUF_PLAYBACK_STREAM */
  { 67, RULE_OWN_PLAYBACK }, /* MOVE_SINK_INPUT: its own stream to another device */
  { 68, RULE_OWN_RECORD },   /* MOVE_SOURCE_OUTPUT: as above */
  { 69, RULE_OWN_PLAYBACK }, /* SET_SINK_INPUT_MUTE */
  { 72, RULE_PASS },         /* SET_PLAYBACK_STREAM_BUFFER_ATTR */
  { 73, RULE_PASS },         /* SET_RECORD_STREAM_BUFFER_ATTR */
  { 74, RULE_PASS },         /* UPDATE_PLAYBACK_STREAM_SAMPLE_RATE */
  { 75, RULE_PASS },         /* UPDATE_RECORD_STREAM_SAMPLE_RATE */
  { 80, RULE_PASS },         /* UPDATE_RECORD_STREAM_PROPLIST: rewritten, as all properties */
  { 81, RULE_PASS },         /* UPDATE_PLAYBACK_STREAM_PROPLIST */
  { 82, RULE_PASS },         /* UPDATE_CLIENT_PROPLIST: its own client */
  { 83, RULE_PASS },         /* REMOVE_RECORD_STREAM_PROPLIST: not sbox's keys */
  { 84, RULE_PASS },         /* REMOVE_PLAYBACK_STREAM_PROPLIST */
  { 85, RULE_PASS },         /* REMOVE_CLIENT_PROPLIST: its own client */
  { 88, RULE_PASS },         /* GET_CARD_INFO: the devices, read only */
  { 89, RULE_PASS },         /* GET_CARD_INFO_LIST */
  { 98, RULE_OWN_RECORD },   /* SET_SOURCE_OUTPUT_VOLUME */
  { 99, RULE_OWN_RECORD },   /* SET_SOURCE_OUTPUT_MUTE */
};

typedef enum
{
  PENDING_PLAIN,
  PENDING_AUTH,
  PENDING_PLAYBACK,
  PENDING_RECORD,
} PendingKind;

typedef struct
{
  guint32 upstream_tag; /* the relay's own tag: the client cannot make two requests look alike */
  guint32 client_tag;
  PendingKind kind;
} Pending;

/* A stream some connection of this sandbox made: any of them may control
 * it (an app's mixer may use a connection of its own), none other. */
typedef struct
{
  const void *owner; /* its Conn; channels are per connection */
  gboolean record;
  guint32 channel;
  guint32 index;
} Stream;

typedef struct
{
  int fd;
  GByteArray *in;  /* bytes of frames not yet complete */
  GByteArray *out; /* bytes waiting for the socket */
} Peer;

typedef struct
{
  Peer client, server;
  GArray *pending; /* Pending */
  guint32 next_tag;
  guint32 version;  /* the client's protocol version, from its one AUTH */
  gboolean closing; /* a side hung up: what it sent is still delivered */
} Conn;

static gboolean verbose_log;
static GArray *streams;      /* Stream */
static const char *identity; /* application.id of every client and stream */

static void say (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format, ...)
{
  if (!verbose_log)
    return;
  va_list ap;
  va_start (ap, format);
  g_autofree char *text = g_strdup_vprintf (format, ap);
  va_end (ap);
  fprintf (stderr, "sbox: audio filter: %s\n", text);
}

static void
put_u32 (guint8 *p, guint32 v)
{
  v = GUINT32_TO_BE (v);
  memcpy (p, &v, 4);
}

/* CREATE_RECORD_STREAM's direct_on_input (protocol 13 on) records one sink
 * input alone: allowed for the sandbox's own streams only. From version 13
 * its values are: command, tag, sample spec, channel map, source index,
 * source name, maxlength, corked, fragsize, seven flags, peak_detect,
 * adjust_latency, proplist, direct_on_input. */
#define DIRECT_ON_INPUT_VERSION 13
#define DIRECT_ON_INPUT_VALUE 20

static gboolean owns (gboolean record, guint32 index);

static gboolean
record_target_allowed (guint32 version, const guint8 *p, gsize len)
{
  if (version < DIRECT_ON_INPUT_VERSION)
    return TRUE;
  gsize at = 0;
  for (int i = 1; i < DIRECT_ON_INPUT_VALUE; i++)
    if (!(at = sbox_audio_protocol_skip (p, len, at)))
      return FALSE;
  guint32 input;
  if (!sbox_audio_protocol_u32 (p, len, at, &input))
    return FALSE;
  return input == 0xffffffffu || owns (FALSE, input);
}

static Rule
rule_for (guint32 command)
{
  for (gsize i = 0; i < G_N_ELEMENTS (policy); i++)
    if (policy[i].command == command)
      return policy[i].rule;
  return 0;
}

static void
append_frame (GByteArray *out, guint32 channel, guint32 flags, const guint8 *payload, guint32 len,
              const guint8 *offsets)
{
  guint8 d[DESCRIPTOR_SIZE] = { 0 };
  put_u32 (d, len);
  put_u32 (d + 4, channel);
  if (offsets)
    memcpy (d + 8, offsets, 8);
  put_u32 (d + 16, flags);
  g_byte_array_append (out, d, sizeof d);
  g_byte_array_append (out, payload, len);
}

static void
refuse (Conn *c, guint32 command, guint32 tag)
{
  guint8 p[15] = { 'L', 0, 0, 0, 0, 'L', 0, 0, 0, 0, 'L', 0, 0, 0, 0 };
  put_u32 (p + 1, CMD_ERROR);
  put_u32 (p + 6, tag);
  put_u32 (p + 11, ERR_ACCESS);
  append_frame (c->client.out, CONTROL_CHANNEL, 0, p, sizeof p, NULL);
  say ("refused command %u", command);
}

static gboolean
owns (gboolean record, guint32 index)
{
  for (guint i = 0; i < streams->len; i++)
    {
      Stream *s = &g_array_index (streams, Stream, i);
      if (s->record == record && s->index == index)
        return TRUE;
    }
  return FALSE;
}

/* The server forgets streams when they end; so does the filter, or a
 * long-running app would fill the table. */
static void
forget_streams (const Conn *c, gboolean all, gboolean record, guint32 channel)
{
  for (guint i = streams->len; i-- > 0;)
    {
      Stream *s = &g_array_index (streams, Stream, i);
      if (s->owner == c && (all || (s->record == record && s->channel == channel)))
        g_array_remove_index_fast (streams, i);
    }
}

/* A control packet from the sandbox; FALSE drops the connection. */
static gboolean
client_packet (Conn *c, guint8 *p, guint32 len)
{
  guint32 command, tag, arg = 0;
  if (!sbox_audio_protocol_u32 (p, len, 0, &command) || !sbox_audio_protocol_u32 (p, len, 5, &tag))
    return FALSE;
  gboolean has_arg = sbox_audio_protocol_u32 (p, len, 10, &arg);
  Rule rule = rule_for (command);
  PendingKind kind = PENDING_PLAIN;
  switch (rule)
    {
    case RULE_PASS:
      break;
    case RULE_AUTH:
      if (!has_arg)
        return FALSE;
      /* Once: the version decides how the server reads later packets. */
      if (c->version != 0 || (arg & VERSION_MASK) == 0)
        {
          rule = 0;
          break;
        }
      c->version = arg & VERSION_MASK;
      put_u32 (p + 11, c->version);
      kind = PENDING_AUTH;
      break;
    case RULE_NEW_PLAYBACK:
    case RULE_NEW_RECORD:
      if (streams->len >= STREAMS_MAX
          || (rule == RULE_NEW_RECORD && !record_target_allowed (c->version, p, len)))
        rule = 0;
      kind = rule == RULE_NEW_PLAYBACK ? PENDING_PLAYBACK : PENDING_RECORD;
      break;
    case RULE_END_PLAYBACK:
    case RULE_END_RECORD:
      if (has_arg)
        forget_streams (c, FALSE, rule == RULE_END_RECORD, arg);
      break;
    case RULE_OWN_PLAYBACK:
    case RULE_OWN_RECORD:
      if (!has_arg || !owns (rule == RULE_OWN_RECORD, arg))
        rule = 0;
      break;
    }
  if (rule == 0)
    {
      refuse (c, command, tag);
      return TRUE;
    }
  if (c->pending->len >= PENDING_MAX)
    return FALSE;
  g_autoptr (GByteArray) rewritten = NULL;
  if (sbox_audio_protocol_has_properties (command))
    {
      g_autoptr (GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
      rewritten = sbox_audio_protocol_rewrite (p, len, identity, dropped);
      if (rewritten == NULL)
        return FALSE;
      for (guint i = 0; i < dropped->len; i++)
        say ("dropped property %s (command %u)", (const char *) dropped->pdata[i], command);
      p = rewritten->data;
      len = rewritten->len;
    }
  Pending pending = { .upstream_tag = c->next_tag++, .client_tag = tag, .kind = kind };
  if (c->next_tag == CONTROL_CHANNEL) /* the server's tag for its own events */
    c->next_tag = 0;
  g_array_append_val (c->pending, pending);
  put_u32 (p + 6, pending.upstream_tag);
  append_frame (c->server.out, CONTROL_CHANNEL, 0, p, len, NULL);
  return TRUE;
}

/* A control packet from the server; FALSE drops the connection. */
static gboolean
server_packet (Conn *c, guint8 *p, guint32 len)
{
  guint32 command, tag, arg;
  if (!sbox_audio_protocol_u32 (p, len, 0, &command) || !sbox_audio_protocol_u32 (p, len, 5, &tag))
    return FALSE;
  if (command == CMD_PLAYBACK_STREAM_KILLED || command == CMD_RECORD_STREAM_KILLED)
    {
      if (sbox_audio_protocol_u32 (p, len, 10, &arg))
        forget_streams (c, FALSE, command == CMD_RECORD_STREAM_KILLED, arg);
    }
  if (command != CMD_REPLY && command != CMD_ERROR)
    {
      append_frame (c->client.out, CONTROL_CHANNEL, 0, p, len, NULL);
      return TRUE;
    }
  guint i;
  for (i = 0; i < c->pending->len; i++)
    if (g_array_index (c->pending, Pending, i).upstream_tag == tag)
      break;
  if (i == c->pending->len)
    return TRUE; /* an answer to nothing the client asked: dropped */
  Pending pending = g_array_index (c->pending, Pending, i);
  g_array_remove_index (c->pending, i);
  put_u32 (p + 6, pending.client_tag);
  if (command == CMD_REPLY && pending.kind == PENDING_AUTH
      && sbox_audio_protocol_u32 (p, len, 10, &arg))
    put_u32 (p + 11, arg & VERSION_MASK);
  guint32 channel, index;
  if (command == CMD_REPLY && (pending.kind == PENDING_PLAYBACK || pending.kind == PENDING_RECORD)
      && sbox_audio_protocol_u32 (p, len, 10, &channel)
      && sbox_audio_protocol_u32 (p, len, 15, &index))
    {
      Stream s = {
        .owner = c, .record = pending.kind == PENDING_RECORD, .channel = channel, .index = index
      };
      g_array_append_val (streams, s);
    }
  append_frame (c->client.out, CONTROL_CHANNEL, 0, p, len, NULL);
  return TRUE;
}

/* Every complete frame in from's input; FALSE drops the connection. */
static gboolean
take_frames (Conn *c, gboolean from_client)
{
  Peer *from = from_client ? &c->client : &c->server;
  Peer *to = from_client ? &c->server : &c->client;
  guint32 max = from_client ? CLIENT_FRAME_MAX : SERVER_FRAME_MAX;
  gsize used = 0;
  gboolean ok = TRUE;
  while (ok && from->in->len - used >= DESCRIPTOR_SIZE)
    {
      guint8 *d = from->in->data + used;
      guint32 len = sbox_audio_protocol_get_be32 (d),
              channel = sbox_audio_protocol_get_be32 (d + 4),
              flags = sbox_audio_protocol_get_be32 (d + 16);
      if (len > max)
        {
          say ("a %u-byte frame from the %s, dropping the connection", len,
               from_client ? "client" : "server");
          ok = FALSE;
          break;
        }
      if (from->in->len - used - DESCRIPTOR_SIZE < len)
        break;
      guint8 *payload = d + DESCRIPTOR_SIZE;
      if (channel == CONTROL_CHANNEL)
        ok = flags == 0
             && (from_client ? client_packet (c, payload, len) : server_packet (c, payload, len));
      else if ((flags & ~SEEK_MASK) != 0) /* shared-memory references, releases, revocations */
        ok = FALSE;
      else
        append_frame (to->out, channel, flags, payload, len, d + 8);
      used += DESCRIPTOR_SIZE + len;
    }
  g_byte_array_remove_range (from->in, 0, (guint) used);
  if (!ok)
    say ("protocol violation from the %s, dropping the connection",
         from_client ? "client" : "server");
  return ok;
}

typedef enum
{
  READ_OK,
  READ_EOF,
  READ_FAILED, /* an error, or descriptors came along */
} ReadResult;

static ReadResult
read_peer (Peer *peer)
{
  guint8 buf[READ_CHUNK];
  union
  {
    char space[CMSG_SPACE (sizeof (int) * 253) + CMSG_SPACE (sizeof (struct ucred))];
    struct cmsghdr align;
  } control;
  struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf };
  struct msghdr msg = { .msg_iov = &iov,
                        .msg_iovlen = 1,
                        .msg_control = control.space,
                        .msg_controllen = sizeof control.space };
  ssize_t n = recvmsg (peer->fd, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
  if (n < 0)
    return errno == EAGAIN || errno == EINTR ? READ_OK : READ_FAILED;
  gboolean passed_fds = (msg.msg_flags & MSG_CTRUNC) != 0;
  for (struct cmsghdr *cm = CMSG_FIRSTHDR (&msg); cm; cm = CMSG_NXTHDR (&msg, cm))
    if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
      {
        int count = (int) ((cm->cmsg_len - CMSG_LEN (0)) / sizeof (int));
        for (int i = 0; i < count; i++)
          {
            int fd;
            memcpy (&fd, CMSG_DATA (cm) + i * sizeof (int), sizeof fd);
            close (fd);
          }
        passed_fds = TRUE;
      }
  if (passed_fds)
    {
      say ("file descriptors passed, dropping the connection");
      return READ_FAILED;
    }
  if (n == 0)
    return READ_EOF;
  g_byte_array_append (peer->in, buf, (guint) n);
  return READ_OK;
}

static gboolean
write_peer (Peer *peer)
{
  ssize_t n = send (peer->fd, peer->out->data, peer->out->len, MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n < 0)
    return errno == EAGAIN || errno == EINTR;
  g_byte_array_remove_range (peer->out, 0, (guint) n);
  return TRUE;
}

static int
connect_upstream (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  if (strlen (path) >= sizeof addr.sun_path)
    return -1;
  strcpy (addr.sun_path, path);
  /* SO_PASSCRED on the sending side makes the kernel attach the filter's
   * credentials (the user's) to everything it sends, AUTH included, as
   * libpulse attaches its own to AUTH. Without them the server, if it has
   * not yet asked for credentials when AUTH arrives, reads uid 65534 and
   * refuses a client that has no cookie. */
  int on = 1;
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd >= 0
      && (setsockopt (fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) != 0
          || connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0))
    {
      close (fd);
      return -1;
    }
  return fd;
}

static void
peer_init (Peer *peer, int fd)
{
  peer->fd = fd;
  peer->in = g_byte_array_new ();
  peer->out = g_byte_array_new ();
}

static void
conn_free (gpointer data)
{
  Conn *c = data;
  close (c->client.fd);
  close (c->server.fd);
  g_byte_array_unref (c->client.in);
  g_byte_array_unref (c->client.out);
  g_byte_array_unref (c->server.in);
  g_byte_array_unref (c->server.out);
  g_array_unref (c->pending);
  forget_streams (c, TRUE, FALSE, 0);
  g_free (c);
}

static void
accept_client (int listener, const char *upstream, GPtrArray *conns)
{
  int client = accept4 (listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (client < 0)
    return;
  int server = conns->len < CONNECTIONS_MAX ? connect_upstream (upstream) : -1;
  if (server < 0)
    {
      say ("cannot serve a client (%s)",
           conns->len < CONNECTIONS_MAX ? "the server does not answer" : "too many");
      close (client);
      return;
    }
  Conn *c = g_new0 (Conn, 1);
  peer_init (&c->client, client);
  peer_init (&c->server, server);
  c->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  g_ptr_array_add (conns, c);
}

static short
wanted (const Conn *c, const Peer *self, const Peer *other)
{
  short events = self->out->len ? POLLOUT : 0;
  if (!c->closing && other->out->len < BACKLOG_MAX && self->out->len < BACKLOG_MAX)
    events |= POLLIN;
  return events;
}

/* One side of a connection after poll; FALSE when the connection is done. */
static gboolean
serve_side (Conn *c, gboolean client, short revents)
{
  Peer *peer = client ? &c->client : &c->server;
  if ((revents & POLLOUT) && !write_peer (peer))
    return FALSE;
  if (revents & POLLERR)
    return FALSE;
  if ((revents & POLLHUP) && !(revents & POLLIN))
    c->closing = TRUE;
  else if (revents & POLLIN)
    {
      ReadResult r = read_peer (peer);
      if (r == READ_FAILED || !take_frames (c, client))
        return FALSE;
      c->closing |= r == READ_EOF;
    }
  return !c->closing || (c->client.out->len > 0 || c->server.out->len > 0);
}

static G_GNUC_NORETURN void
run (int listener, int lifeline, const char *upstream)
{
  streams = g_array_new (FALSE, FALSE, sizeof (Stream));
  g_autoptr (GPtrArray) conns = g_ptr_array_new_with_free_func (conn_free);
  g_autofree struct pollfd *fds = g_new (struct pollfd, 2 + 2 * CONNECTIONS_MAX);
  for (;;)
    {
      fds[0] = (struct pollfd){ .fd = lifeline, .events = POLLIN };
      fds[1] = (struct pollfd){ .fd = listener, .events = POLLIN };
      for (guint i = 0; i < conns->len; i++)
        {
          Conn *c = g_ptr_array_index (conns, i);
          /* Once closing, a side is watched only while it has bytes to take. */
          fds[2 + 2 * i] = (struct pollfd){ .fd = c->closing && !c->client.out->len ? -1
                                                                                    : c->client.fd,
                                            .events = wanted (c, &c->client, &c->server) };
          fds[3 + 2 * i] = (struct pollfd){ .fd = c->closing && !c->server.out->len ? -1
                                                                                    : c->server.fd,
                                            .events = wanted (c, &c->server, &c->client) };
        }
      nfds_t count = 2 + 2 * conns->len;
      if (poll (fds, count, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          _exit (1);
        }
      if (fds[0].revents)
        _exit (0); /* the launcher closed its end, or is gone */
      for (guint i = conns->len; i-- > 0;)
        {
          Conn *c = g_ptr_array_index (conns, i);
          if (!serve_side (c, TRUE, fds[2 + 2 * i].revents)
              || !serve_side (c, FALSE, fds[3 + 2 * i].revents))
            g_ptr_array_remove_index_fast (conns, i);
        }
      if (fds[1].revents & POLLIN)
        accept_client (listener, upstream, conns);
    }
}

static int
listen_at (const char *path, GError **error)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  if (strlen (path) >= sizeof addr.sun_path)
    {
      sbox_error_set_errno (error, ENAMETOOLONG, "cannot listen at %s", path);
      return -1;
    }
  strcpy (addr.sun_path, path);
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0 || bind (fd, (struct sockaddr *) &addr, sizeof addr) != 0 || listen (fd, 16) != 0)
    {
      sbox_error_set_errno (error, errno, "cannot listen at %s for the audio filter", path);
      if (fd >= 0)
        close (fd);
      return -1;
    }
  return fd;
}

/* Landlock: every filesystem right this kernel knows is handled and none
 * granted (connecting to a socket by path is not one of them), signals
 * scoped. Best effort, as a kernel without Landlock still has seccomp. */
static void
confine_files (void)
{
  int abi = sbox_landlock_abi ();
  if (abi <= 0)
    return;
  struct
  {
    __u64 handled_access_fs;
    __u64 handled_access_net;
    __u64 scoped;
  } attr = { .handled_access_fs = (1ULL << 13) - 1 }; /* ABI 1: execute .. make_sym */
  if (abi >= 2)
    attr.handled_access_fs |= 1ULL << 13; /* refer */
  if (abi >= 3)
    attr.handled_access_fs |= 1ULL << 14; /* truncate */
  if (abi >= 5)
    attr.handled_access_fs |= 1ULL << 15; /* ioctl on devices */
  if (abi >= 6)
    attr.scoped = (1ULL << 0) | (1ULL << 1); /* abstract unix sockets, signals */
  gsize size = abi >= 6 ? sizeof attr : abi >= 4 ? 2 * sizeof (__u64) : sizeof (__u64);
  int ruleset = (int) syscall (SYS_landlock_create_ruleset, &attr, size, 0);
  if (ruleset < 0)
    return;
  syscall (SYS_landlock_restrict_self, ruleset, 0);
  close (ruleset);
}

/* seccomp: what the poll loop, malloc and stderr need; unix sockets only,
 * of options only SO_PASSCRED, nothing executable mapped. Anything else fails with EPERM. */
static gboolean
confine_calls (void)
{
  static const char *const calls[] = {
    "poll",           "ppoll",         "read",       "write",
    "writev",         "recvmsg",       "recvfrom",   "sendmsg",
    "sendto",         "accept4",       "connect",    "close",
    "fcntl",          "exit",          "exit_group", "brk",
    "munmap",         "mremap",        "madvise",    "rt_sigreturn",
    "rt_sigprocmask", "getppid",       "getpid",     "gettid",
    "tgkill",         "clock_gettime", "futex",      "restart_syscall",
    "getrandom",      "fstat",         "newfstatat",
  };
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ERRNO (EPERM));
  if (ctx == NULL)
    return FALSE;
  int ret = 0;
  for (gsize i = 0; ret == 0 && i < G_N_ELEMENTS (calls); i++)
    {
      int nr = seccomp_syscall_resolve_name (calls[i]);
      if (nr != __NR_SCMP_ERROR)
        ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, nr, 0);
    }
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (socket), 1,
                            SCMP_A0 (SCMP_CMP_EQ, AF_UNIX));
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (setsockopt), 2,
                            SCMP_A1 (SCMP_CMP_EQ, SOL_SOCKET), SCMP_A2 (SCMP_CMP_EQ, SO_PASSCRED));
  return sbox_seccomp_load_without_exec (ctx, ret);
}

/* Keep listener and lifeline, at 3 and 4, and close everything else. */
static gboolean
keep_only (int listener, int lifeline)
{
  int a = fcntl (listener, F_DUPFD_CLOEXEC, 10);
  int b = fcntl (lifeline, F_DUPFD_CLOEXEC, 10);
  return a >= 0 && b >= 0 && dup3 (a, 3, O_CLOEXEC) == 3 && dup3 (b, 4, O_CLOEXEC) == 4
         && syscall (SYS_close_range, 5, ~0U, 0) == 0;
}

gboolean
sbox_audio_filter_start (const char *upstream, const char *socket_path, const char *app_name,
                         gboolean verbose, SboxAudioFilter *filter, GError **error)
{
  filter->pid = 0;
  filter->lifeline = -1;
  int probe = connect_upstream (upstream);
  if (probe < 0)
    return sbox_error_set_errno (error, errno, "cannot reach the PulseAudio server at %s",
                                 upstream);
  close (probe);
  int listener = listen_at (socket_path, error);
  if (listener < 0)
    return FALSE;
  int life[2];
  if (pipe2 (life, O_CLOEXEC) != 0)
    {
      close (listener);
      return sbox_error_set_errno (error, errno, "cannot create the audio filter's pipe");
    }
  pid_t parent = getpid ();
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0)
    {
      close (listener);
      close (life[0]);
      close (life[1]);
      return sbox_error_set_errno (error, errno, "cannot start the audio filter");
    }
  if (pid == 0)
    {
      /* Out of the caller's session (no terminal signals); gone with the
       * launcher even if it is killed. */
      setsid ();
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      if (getppid () != parent)
        _exit (0);
      signal (SIGPIPE, SIG_IGN);
      sigset_t none;
      sigemptyset (&none);
      sigprocmask (SIG_SETMASK, &none, NULL);
      close (life[1]);
      if (!keep_only (listener, life[0]) || prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        _exit (1);
      confine_files ();
      if (!confine_calls ())
        _exit (1);
      verbose_log = verbose;
      identity = g_strconcat (app_name, ".sbox", NULL);
      run (3, 4, upstream);
    }
  close (listener);
  close (life[0]);
  filter->pid = pid;
  filter->lifeline = life[1];
  if (verbose)
    fprintf (stderr, "sbox: audio filter %d serves %s\n", (int) pid, upstream);
  return TRUE;
}

void
sbox_audio_filter_stop (SboxAudioFilter *filter)
{
  if (filter->pid <= 0)
    return;
  close (filter->lifeline);
  while (waitpid (filter->pid, NULL, 0) < 0 && errno == EINTR)
    ;
  filter->pid = 0;
  filter->lifeline = -1;
}
