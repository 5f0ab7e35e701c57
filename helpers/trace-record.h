/* trace-record.h — what one traced run did, gathered from the BPF side's
 * events and counters: paths, programs, addresses, signals, namespace
 * calls and every system call's count and errors. */
#pragma once

#include <glib.h>

#include "sbox-trace.h"

typedef struct
{
  char *path;
  char *call;        /* the first call that named it */
  gboolean resolved; /* the kernel's own name for an opened file */
  gboolean relative; /* as given, relative to a directory sbox-trace cannot see */
  gboolean write;    /* opened for writing, made, removed or renamed */
  guint64 count, ok, refused, missing, other;
  int last_errno;
  int refused_errno; /* EACCES or EPERM, the last refusal's */
} TracePath;

/* An address, a signal or a namespace call: its words and its results. */
typedef struct
{
  char *call;
  char *what;
  guint64 count, ok;
  int last_errno;
  int family; /* sockets only */
  gboolean loopback;
  int port;
} TraceItem;

typedef struct
{
  struct sbox_trace_count counts[SBOX_TRACE_ARCHES][SBOX_TRACE_NR_SLOTS];
  GHashTable *paths;   /* path → TracePath */
  GHashTable *execs;   /* program → count (GUINT_TO_POINTER) */
  GHashTable *sockets; /* "call what" → TraceItem */
  GHashTable *signals;
  GHashTable *ns;
  GHashTable *landlock; /* Landlock's audit records: "blockers what" → TraceItem */
  char *landlock_note;  /* why there are none to read, or NULL */
  guint64 events, lost_events, lost_tasks;
  guint64 not_kept; /* events past the tables' bounds (a flood of distinct names) */
  GPtrArray *argv;  /* the command traced, or the instance it attached to */
  int exit_status;  /* -1 when it attached */
} SboxTrace;

SboxTrace *sbox_trace_new (void);
void sbox_trace_free (SboxTrace *trace);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxTrace, sbox_trace_free)

/* One event from the ring buffer. */
void sbox_trace_add_event (SboxTrace *trace, const struct sbox_trace_event *event);

/* One of Landlock's access records: the rights that blocked, and what. */
void sbox_trace_add_landlock (SboxTrace *trace, const char *blockers, const char *what);

/* A system call's name, by arch and the slot's number; NULL when unknown. */
char *sbox_trace_syscall_name (int arch, guint nr);

/* The names of every call the run made (native arch), sorted. */
GPtrArray *sbox_trace_syscall_names (const SboxTrace *trace);

/* Whether the run reached past loopback (an IP address off this host). */
gboolean sbox_trace_used_network (const SboxTrace *trace, gboolean *loopback_only);

/* Sorted values of a table, by count (largest first) then name. */
GPtrArray *sbox_trace_sorted_paths (const SboxTrace *trace);
GPtrArray *sbox_trace_sorted_items (GHashTable *table);

/* A table's string keys, sorted (borrowed from the table). */
GPtrArray *sbox_trace_sorted_keys (GHashTable *table);
