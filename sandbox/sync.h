/* sync.h — the one parent↔child channel: a SOCK_SEQPACKET pair carrying
 * numbered steps. The child sends its error text back; EOF after the last
 * step means the command was executed. */
#pragma once

#include <glib.h>

/* Numbered in the order they travel; each value means one thing. */
typedef enum
{
  SBOX_STEP_NAMESPACES = 1,    /* child → parent, first: its namespaces as fds */
  SBOX_STEP_MAPS_WRITTEN = 2,  /* parent → child: ids mapped, go on (only when the
                                * launcher writes the maps) */
  SBOX_STEP_IDMAPPED_TREE = 3, /* parent → child, root callers: one per bind that
                                * wants an idmapped tree, the tree's fd attached, or
                                * none when it could not be made */
  SBOX_STEP_LISTENER = 4,      /* child → parent, just before exec: the learn-mode
                                * seccomp listener's fd */
  SBOX_STEP_ERROR = 5,         /* child → parent, at any point: setup or exec failed;
                                * the last message the child sends */
  SBOX_STEP_FIRST_PROCESS = 6, /* child → parent, first, when the first process was
                                * cloned again into a pid namespace (ns.c): its pidfd */
  SBOX_STEP_NET_READY = 7,     /* parent → child, Network=isolated: pasta has
                                * configured the sandbox's network namespace */
  SBOX_STEP_HELPERS_READY = 8, /* parent → child, when it binds helpers' sockets:
                                * every helper (xdg-dbus-proxy…) serves */
} SboxStep;

/* The most fds one message carries. */
#define SBOX_SYNC_MAX_FDS 8

typedef struct
{
  int step;
  int kind;           /* with SBOX_STEP_ERROR: an SboxErrorCode, from which
                       * sbox_error_exit_for_kind picks the exit status */
  unsigned int kinds; /* with SBOX_STEP_NAMESPACES: which kinds the fds are */
  char text[500];
} SboxSyncMsg;

/* fds[0] for the parent, fds[1] for the child; both close-on-exec. */
int sbox_sync_pair (int fds[2]);
int sbox_sync_send_step (int fd, SboxStep step);
/* 1: a message, 0: EOF, -1: error (errno). A passed fd lands in *passed
 * (-1 when none; passed may be NULL to refuse fds). */
int sbox_sync_recv (int fd, SboxSyncMsg *msg, int *passed);

/* Like sbox_sync_recv, for up to max fds (the rest of passed[] is -1). */
int sbox_sync_recv_fds (int fd, SboxSyncMsg *msg, int *passed, int max);

/* Send step with passed attached (none when passed < 0). */
int sbox_sync_send_fd (int fd, SboxStep step, int passed);
/* Send msg with count (≤ SBOX_SYNC_MAX_FDS) fds attached. */
int sbox_sync_send_fds (int fd, const SboxSyncMsg *msg, const int *passed, int count);

/* Child side, fork-safe: format a setup failure (sbox's own: exit 125)
 * into msg, with ": strerror(errnum)" unless errnum is 0. Always -1. */
int sbox_sync_fail (SboxSyncMsg *msg, int errnum, const char *format, ...) G_GNUC_PRINTF (3, 4);
/* The same with the failure's kind (SBOX_ERROR_EXEC, SBOX_ERROR_NOT_FOUND). */
int sbox_sync_fail_kind (SboxSyncMsg *msg, int kind, int errnum, const char *format, ...)
    G_GNUC_PRINTF (4, 5);
/* Child side: the status a child that failed with msg exits with. */
int sbox_sync_exit_status (const SboxSyncMsg *msg);
/* Child side: send msg as the error report. */
void sbox_sync_send_error (int fd, const SboxSyncMsg *msg);
