/* sync.h — the one parent↔child channel: a SOCK_SEQPACKET pair carrying
 * numbered steps. The child sends its error text back; EOF after the last
 * step means the command was executed. */
#pragma once

#include <glib.h>

typedef enum
{
  SBOX_STEP_MAPS_WRITTEN = 1, /* parent → child: ids mapped, go on */
  SBOX_STEP_ERROR = 2,        /* child → parent: setup or exec failed */
  SBOX_STEP_LISTENER = 3,     /* child → parent: a seccomp listener fd (learn mode) */
  SBOX_STEP_NAMESPACES = 4,   /* child → parent, first: its namespaces as fds */
} SboxStep;

/* The most fds one message carries. */
#define SBOX_SYNC_MAX_FDS 8

typedef struct
{
  int step;
  int exit_code; /* with SBOX_STEP_ERROR: the status the child exits with */
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

/* Child side: pass fd along with a SBOX_STEP_LISTENER message. */
int sbox_sync_send_fd (int fd, int passed);
/* Send msg with count (≤ SBOX_SYNC_MAX_FDS) fds attached. */
int sbox_sync_send_fds (int fd, const SboxSyncMsg *msg, const int *passed, int count);

/* Child side, fork-safe: format the error into msg. Always returns -1. */
int sbox_sync_fail (SboxSyncMsg *msg, int exit_code, int errnum, const char *format, ...)
    G_GNUC_PRINTF (4, 5);
/* Child side: send msg as the error report. */
void sbox_sync_send_error (int fd, const SboxSyncMsg *msg);
