/* trace-audit.c — Landlock's records, from the audit log's read-only
 * multicast group (CAP_AUDIT_READ). Landlock (ABI 7) writes two kinds: an
 * access record per denial ("domain=ID blockers=RIGHTS" and what was
 * refused: a path, a port, a peer) and, after a domain's first one, a
 * domain record naming the process that made it ("domain=ID
 * status=allocated ... pid=N"). Access records wait until their domain is
 * known to be the sandbox's. */
#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "trace-audit.h"

#ifndef AUDIT_LANDLOCK_ACCESS
#define AUDIT_LANDLOCK_ACCESS 1423
#endif
#ifndef AUDIT_LANDLOCK_DOMAIN
#define AUDIT_LANDLOCK_DOMAIN 1424
#endif
#define MAX_PENDING 4096

struct SboxTraceAudit
{
  int fd;
  gboolean was_enabled, turned_on;
  GHashTable *creators; /* pids that made a domain in the sandbox */
  GHashTable *ours;     /* domain id → TRUE (ours) or FALSE (another's) */
  GPtrArray *pending;   /* access records of domains not yet known */
};

/* One request to the audit control socket; the answer's status, when
 * out is given. */
static gboolean
audit_request (int type, const struct audit_status *set, struct audit_status *out)
{
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
  if (fd < 0)
    return FALSE;
  struct
  {
    struct nlmsghdr header;
    struct audit_status status;
  } request = { 0 };
  request.header.nlmsg_len = NLMSG_LENGTH (set ? sizeof *set : 0);
  request.header.nlmsg_type = (__u16) type;
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  request.header.nlmsg_seq = 1;
  if (set)
    request.status = *set;
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  gboolean ok = FALSE, answered = FALSE;
  if (sendto (fd, &request, request.header.nlmsg_len, 0, (struct sockaddr *) &kernel, sizeof kernel)
      > 0)
    for (int tries = 0; tries < 4 && !(answered && (out == NULL || ok)); tries++)
      {
        char buf[8192];
        ssize_t n = recv (fd, buf, sizeof buf, 0);
        if (n <= 0)
          break;
        int len = (int) n;
        for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, len);
             h = NLMSG_NEXT (h, len))
          if (h->nlmsg_type == NLMSG_ERROR)
            {
              const struct nlmsgerr *err = NLMSG_DATA (h);
              answered = TRUE;
              if (err->error != 0)
                {
                  errno = -err->error;
                  close (fd);
                  return FALSE;
                }
              ok = out == NULL;
            }
          else if (h->nlmsg_type == AUDIT_GET && out)
            {
              memcpy (out, NLMSG_DATA (h), MIN (sizeof *out, (gsize) NLMSG_PAYLOAD (h, 0)));
              ok = answered = TRUE;
            }
      }
  close (fd);
  return ok;
}

SboxTraceAudit *
sbox_trace_audit_open (gboolean enable, char **why)
{
  struct audit_status status = { 0 };
  if (!audit_request (AUDIT_GET, NULL, &status))
    {
      *why = g_strdup_printf ("the audit log cannot be read (%s)", g_strerror (errno));
      return NULL;
    }
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_AUDIT);
  struct sockaddr_nl group = { .nl_family = AF_NETLINK,
                               .nl_groups = 1 << (AUDIT_NLGRP_READLOG - 1) };
  if (fd < 0 || bind (fd, (struct sockaddr *) &group, sizeof group) != 0)
    {
      *why = g_strdup_printf ("the audit log cannot be read (%s)", g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return NULL;
    }
  SboxTraceAudit *audit = g_new0 (SboxTraceAudit, 1);
  audit->fd = fd;
  audit->was_enabled = status.enabled != 0;
  audit->creators = g_hash_table_new (g_direct_hash, g_direct_equal);
  audit->ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  audit->pending = g_ptr_array_new_with_free_func (g_free);
  if (enable && !audit->was_enabled)
    {
      struct audit_status set = { .mask = AUDIT_STATUS_ENABLED, .enabled = 1 };
      if (audit_request (AUDIT_SET, &set, NULL))
        audit->turned_on = TRUE;
      else
        {
          *why = g_strdup_printf ("audit cannot be turned on (%s)", g_strerror (errno));
          sbox_trace_audit_close (audit);
          return NULL;
        }
    }
  return audit;
}

int
sbox_trace_audit_fd (const SboxTraceAudit *audit)
{
  return audit->fd;
}

gboolean
sbox_trace_audit_on (const SboxTraceAudit *audit)
{
  return audit->was_enabled || audit->turned_on;
}

void
sbox_trace_audit_own_creator (SboxTraceAudit *audit, guint32 pid)
{
  g_hash_table_add (audit->creators, GUINT_TO_POINTER (pid));
}

/* The value of "key=" in a record's text (up to the next space; a quoted
 * value whole, with its quotes), or NULL. */
static char *
field (const char *text, const char *key)
{
  g_autofree char *needle = g_strconcat (" ", key, "=", NULL);
  const char *at = strstr (text, needle);
  if (at == NULL)
    return NULL;
  at += strlen (needle);
  const char *end = at[0] == '"' ? strchr (at + 1, '"') : NULL;
  end = end ? end + 1 : at + strcspn (at, " ");
  return g_strndup (at, (gsize) (end - at));
}

/* An access record as "BLOCKERS WHAT": what was refused, without the
 * record's serial numbers. */
static void
add_access (SboxTrace *trace, const char *body)
{
  g_autofree char *blockers = field (body, "blockers");
  const char *rest = strstr (body, " blockers=");
  rest = rest ? rest + strlen (" blockers=") + strcspn (rest + strlen (" blockers="), " ") : "";
  g_autoptr (GString) what = g_string_new (NULL);
  g_autofree char *copy = g_strdup (rest);
  g_auto (GStrv) words = g_strsplit (g_strstrip (copy), " ", -1);
  for (char **w = words; *w; w++)
    if (**w && !g_str_has_prefix (*w, "dev=") && !g_str_has_prefix (*w, "ino="))
      g_string_append_printf (what, "%s%s", what->len ? " " : "", *w);
  sbox_trace_add_landlock (trace, blockers ? blockers : "?", what->str);
}

/* The text after "audit(TIME:SERIAL): ", with a leading space kept so
 * that every field is " key=". */
static const char *
record_body (const char *text)
{
  const char *colon = strstr (text, "): ");
  return colon ? colon + 2 : text;
}

static void
settle_domain (SboxTraceAudit *audit, SboxTrace *trace, const char *domain, gboolean ours)
{
  g_hash_table_insert (audit->ours, g_strdup (domain), GINT_TO_POINTER (ours));
  for (guint i = 0; i < audit->pending->len;)
    {
      const char *body = g_ptr_array_index (audit->pending, i);
      g_autofree char *of = field (body, "domain");
      if (of && g_str_equal (of, domain))
        {
          if (ours)
            add_access (trace, body);
          g_ptr_array_remove_index (audit->pending, i);
        }
      else
        i++;
    }
}

void
sbox_trace_audit_read (SboxTraceAudit *audit, SboxTrace *trace,
                       gboolean (*is_ours) (guint32 pid, gpointer data), gpointer data)
{
  char buf[16384];
  for (;;)
    {
      ssize_t n = recv (audit->fd, buf, sizeof buf - 1, 0);
      if (n <= 0)
        return;
      /* A signed length: NLMSG_NEXT may take it below zero. */
      int len = (int) n;
      for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, len); h = NLMSG_NEXT (h, len))
        {
          if (h->nlmsg_type != AUDIT_LANDLOCK_ACCESS && h->nlmsg_type != AUDIT_LANDLOCK_DOMAIN)
            continue;
          g_autofree char *text = g_strndup (NLMSG_DATA (h), (gsize) NLMSG_PAYLOAD (h, 0));
          const char *body = record_body (text);
          g_autofree char *domain = field (body, "domain");
          if (domain == NULL)
            continue;
          gpointer known = NULL;
          gboolean settled = g_hash_table_lookup_extended (audit->ours, domain, NULL, &known);
          if (h->nlmsg_type == AUDIT_LANDLOCK_ACCESS)
            {
              if (settled && GPOINTER_TO_INT (known))
                add_access (trace, body);
              else if (!settled && audit->pending->len < MAX_PENDING)
                g_ptr_array_add (audit->pending, g_strdup (body));
              continue;
            }
          g_autofree char *status = field (body, "status");
          g_autofree char *pid_text = field (body, "pid");
          if (settled || status == NULL || !g_str_equal (status, "allocated") || !pid_text)
            continue;
          guint32 pid = (guint32) g_ascii_strtoull (pid_text, NULL, 10);
          gboolean ours = g_hash_table_contains (audit->creators, GUINT_TO_POINTER (pid))
                          || (is_ours && is_ours (pid, data));
          settle_domain (audit, trace, domain, ours);
        }
    }
}

void
sbox_trace_audit_close (SboxTraceAudit *audit)
{
  if (audit == NULL)
    return;
  if (audit->turned_on)
    {
      struct audit_status set = { .mask = AUDIT_STATUS_ENABLED, .enabled = 0 };
      audit_request (AUDIT_SET, &set, NULL);
    }
  close (audit->fd);
  g_hash_table_unref (audit->creators);
  g_hash_table_unref (audit->ours);
  g_ptr_array_unref (audit->pending);
  g_free (audit);
}
