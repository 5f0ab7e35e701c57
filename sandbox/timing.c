/* timing.c — the phase table of SBOX_TIMING=1 (timing.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

typedef struct
{
  gint64 total; /* ns, summed over the phase's marks */
  gint64 first; /* ns from t0: the start of its first occurrence */
  gint64 last;  /* ns from t0: the end of its last */
  gint count;
} Slot;

typedef struct
{
  gint64 t0;    /* CLOCK_MONOTONIC ns: the caller's exec, or main */
  gint64 main_; /* CLOCK_MONOTONIC ns at main */
  Slot slots[SBOX_TIMING_ROLES][SBOX_PHASE_COUNT];
} Table;

static Table *table; /* shared by every process of the start */
static gint64 last_mark;
static SboxTimingRole role = SBOX_TIMING_LAUNCHER;

static const char *const role_names[SBOX_TIMING_ROLES] = { "launcher", "sandbox", "command",
                                                           "proxy" };

static const char *const phase_names[SBOX_PHASE_COUNT] = {
  [SBOX_PHASE_EXEC] = "exec-and-loading",
  [SBOX_PHASE_PLAN] = "plan",
  [SBOX_PHASE_COMPILE] = "seccomp-compile",
  [SBOX_PHASE_INSTANCE] = "instance-dir",
  [SBOX_PHASE_HELPERS] = "helpers-start",
  [SBOX_PHASE_PREPARE] = "prepare",
  [SBOX_PHASE_CLONE] = "clone",
  [SBOX_PHASE_MAPS] = "id-maps",
  [SBOX_PHASE_RELEASE] = "release",
  [SBOX_PHASE_HELPERS_WAIT] = "helpers-wait",
  [SBOX_PHASE_INFO] = "instance-info",
  [SBOX_PHASE_UNTIL_EXEC] = "until-exec",
  [SBOX_PHASE_RUN] = "command-run",
  [SBOX_PHASE_TEARDOWN] = "teardown",
  [SBOX_PHASE_NAMESPACES] = "namespaces",
  [SBOX_PHASE_NETWORK] = "network",
  [SBOX_PHASE_OPEN_SOURCES] = "open-sources",
  [SBOX_PHASE_STAGING] = "staging-root",
  [SBOX_PHASE_MOUNT_BIND] = "mount-bind",
  [SBOX_PHASE_MOUNT_TMPFS] = "mount-tmpfs",
  [SBOX_PHASE_MOUNT_FILE] = "mount-file",
  [SBOX_PHASE_MOUNT_DIR_LINK] = "mount-dir-symlink",
  [SBOX_PHASE_MOUNT_DEV] = "mount-dev",
  [SBOX_PHASE_MOUNT_PROC] = "mount-proc",
  [SBOX_PHASE_MOUNT_OTHER] = "mount-other",
  [SBOX_PHASE_HELPER_SOCKETS] = "helper-sockets",
  [SBOX_PHASE_PIVOT] = "pivot",
  [SBOX_PHASE_IDS] = "ids-and-cwd",
  [SBOX_PHASE_CAPS] = "capabilities",
  [SBOX_PHASE_LANDLOCK] = "landlock",
  [SBOX_PHASE_RLIMITS] = "rlimits",
  [SBOX_PHASE_SECCOMP] = "seccomp-load",
  [SBOX_PHASE_SPAWN] = "spawn-command",
  [SBOX_PHASE_SESSION] = "until-execve",
};

static gint64
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* The caller's exec time, when it gave one that can be true. */
static gint64
caller_t0 (gint64 main_ns)
{
  const char *text = getenv ("SBOX_TIMING_T0");
  guint64 t0 = 0;
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &t0, NULL))
    return main_ns;
  if ((gint64) t0 > main_ns || main_ns - (gint64) t0 > 10 * G_GINT64_CONSTANT (1000000000))
    return main_ns;
  return (gint64) t0;
}

void
sbox_timing_begin (void)
{
  gint64 main_ns = now_ns ();
  const char *on = getenv ("SBOX_TIMING");
  if (on == NULL || !g_str_equal (on, "1"))
    return;
  void *page = mmap (NULL, sizeof *table, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1,
                     0);
  if (page == MAP_FAILED)
    return;
  table = page;
  table->t0 = caller_t0 (main_ns);
  table->main_ = main_ns;
  last_mark = table->t0;
  if (table->t0 < main_ns)
    sbox_timing_mark (SBOX_PHASE_EXEC);
  last_mark = main_ns;
}

void
sbox_timing_enter (SboxTimingRole new_role)
{
  role = new_role;
}

void
sbox_timing_mark (SboxTimingPhase phase)
{
  if (table == NULL)
    return;
  gint64 now = phase == SBOX_PHASE_EXEC ? table->main_ : now_ns ();
  Slot *slot = &table->slots[role][phase];
  /* Several proxies share their role's slots at once. */
  if (__atomic_fetch_add (&slot->count, 1, __ATOMIC_RELAXED) == 0)
    slot->first = last_mark - table->t0;
  __atomic_fetch_add (&slot->total, now - last_mark, __ATOMIC_RELAXED);
  __atomic_store_n (&slot->last, now - table->t0, __ATOMIC_RELAXED);
  last_mark = now;
}

/* One line per phase that happened, each process's in the order they
 * began: "sbox: timing: ROLE PHASE START TOOK COUNT", times in ms from t0. */
void
sbox_timing_report (void)
{
  if (table == NULL)
    return;
  GString *out = g_string_new ("sbox: timing: process phase start-ms took-ms count\n");
  for (int r = 0; r < SBOX_TIMING_ROLES; r++)
    {
      gboolean done[SBOX_PHASE_COUNT] = { FALSE };
      for (;;)
        {
          int next = -1;
          for (int p = 0; p < SBOX_PHASE_COUNT; p++)
            if (!done[p] && table->slots[r][p].count > 0
                && (next < 0 || table->slots[r][p].first < table->slots[r][next].first))
              next = p;
          if (next < 0)
            break;
          done[next] = TRUE;
          const Slot *slot = &table->slots[r][next];
          g_string_append_printf (out, "sbox: timing: %s %s %.3f %.3f %d\n", role_names[r],
                                  phase_names[next], (double) slot->first / 1e6,
                                  (double) slot->total / 1e6, slot->count);
        }
    }
  fputs (out->str, stderr);
  g_string_free (out, TRUE);
}
