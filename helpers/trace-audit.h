/* trace-audit.h — Landlock's own records of what it refused, read from the
 * kernel's audit log while a trace runs. */
#pragma once

#include <glib.h>

#include "trace-record.h"

typedef struct SboxTraceAudit SboxTraceAudit;

/* Listen to the audit log's read-only multicast group. With enable, turn
 * audit on while the trace runs when it is off (put back by _close).
 * NULL with *why set when the kernel offers no audit log or refuses. */
SboxTraceAudit *sbox_trace_audit_open (gboolean enable, char **why);

/* The socket to poll; whether audit is on (records flow). */
int sbox_trace_audit_fd (const SboxTraceAudit *audit);
gboolean sbox_trace_audit_on (const SboxTraceAudit *audit);

/* A Landlock domain made by pid belongs to the traced sandbox: its
 * records go to the trace. */
void sbox_trace_audit_own_creator (SboxTraceAudit *audit, guint32 pid);

/* Read what is queued; records of the sandbox's domains go into trace.
 * is_ours decides for a domain whose maker was not announced. */
void sbox_trace_audit_read (SboxTraceAudit *audit, SboxTrace *trace,
                            gboolean (*is_ours) (guint32 pid, gpointer data), gpointer data);

/* Put audit back as it was; free. */
void sbox_trace_audit_close (SboxTraceAudit *audit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxTraceAudit, sbox_trace_audit_close)
