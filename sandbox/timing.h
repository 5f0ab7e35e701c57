/* timing.h — where a start's milliseconds go (SBOX_TIMING=1). Each process
 * of a start (launcher, the sandbox's init, the command before its exec,
 * the proxies' sandboxes) marks the end of its phases on one shared page;
 * the launcher prints the table when the sandbox has ended. Off, a mark is
 * one test of a NULL pointer. Fork-safe: a mark is clock_gettime (vDSO)
 * and a few atomic adds. */
#pragma once

#include <glib.h>

typedef enum
{
  SBOX_TIMING_LAUNCHER,
  SBOX_TIMING_SANDBOX, /* the child: setup, then init */
  SBOX_TIMING_COMMAND, /* the command's process until its execve */
  SBOX_TIMING_PROXY,   /* a helper's sandbox until its execve */
  SBOX_TIMING_ROLES
} SboxTimingRole;

typedef enum
{
  /* launcher */
  SBOX_PHASE_EXEC,    /* the caller's SBOX_TIMING_T0 → main: exec and dynamic loading */
  SBOX_PHASE_PLAN,    /* options, configuration, profile, composition */
  SBOX_PHASE_COMPILE, /* the seccomp filters */
  SBOX_PHASE_INSTANCE,
  SBOX_PHASE_HELPERS,      /* starting xdg-dbus-proxy, the audio filter, the network proxy */
  SBOX_PHASE_PREPARE,      /* terminal, limits, sync channel */
  SBOX_PHASE_CLONE,        /* launcher: clone3; sandbox: until it runs */
  SBOX_PHASE_MAPS,         /* the id maps: written (launcher, or sandbox itself), or waited for */
  SBOX_PHASE_RELEASE,      /* launcher: the namespaces taken, idmapped trees */
  SBOX_PHASE_HELPERS_WAIT, /* launcher: until every helper serves */
  SBOX_PHASE_INFO,         /* launcher: the instance's info and --enter data */
  SBOX_PHASE_UNTIL_EXEC,   /* launcher: until the command has exec'd */
  SBOX_PHASE_RUN,          /* launcher: the command's run */
  SBOX_PHASE_TEARDOWN,     /* launcher: stopping helpers, removing the instance */
  /* sandbox (and a proxy's sandbox for the mount phases) */
  SBOX_PHASE_NAMESPACES, /* sending its namespaces to the launcher */
  SBOX_PHASE_NETWORK,
  SBOX_PHASE_OPEN_SOURCES, /* opening every bind source in the caller's view */
  SBOX_PHASE_STAGING,      /* the staging and root tmpfs, pivot into staging */
  SBOX_PHASE_MOUNT_BIND,
  SBOX_PHASE_MOUNT_TMPFS,
  SBOX_PHASE_MOUNT_FILE,
  SBOX_PHASE_MOUNT_DIR_LINK,
  SBOX_PHASE_MOUNT_DEV,
  SBOX_PHASE_MOUNT_PROC,
  SBOX_PHASE_MOUNT_OTHER,    /* remount-ro, masks, pins, chmod, mqueue, overlay */
  SBOX_PHASE_HELPER_SOCKETS, /* waiting for the helpers' sockets, then binding them */
  SBOX_PHASE_PIVOT,          /* read-only root, the host detached, pivot into the root */
  SBOX_PHASE_IDS,            /* user namespaces, ids, working directory, locks */
  SBOX_PHASE_CAPS,
  SBOX_PHASE_LANDLOCK,
  SBOX_PHASE_RLIMITS,
  SBOX_PHASE_SECCOMP,
  SBOX_PHASE_SPAWN,   /* init's signal handling, starting the command's process */
  SBOX_PHASE_SESSION, /* command: a session, signals, until execve */
  SBOX_PHASE_COUNT
} SboxTimingPhase;

/* In main, first: SBOX_TIMING=1 turns timing on. */
void sbox_timing_begin (void);
/* In a new process, first: its role; its first phase counts from its
 * parent's last mark. */
void sbox_timing_enter (SboxTimingRole role);
/* PHASE ends now: the time since this process's last mark is its. */
void sbox_timing_mark (SboxTimingPhase phase);
/* The launcher, at the end: the table on stderr. */
void sbox_timing_report (void);
