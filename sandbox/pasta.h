/* pasta.h — the user-mode network stack of a sandbox with
 * Network=isolated: pasta (Debian package passt), run outside (pasta.c). */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "plan.h"

typedef struct
{
  pid_t keeper;  /* the process that holds pasta and ends it; 0: none */
  int lifeline;  /* its end closing (the launcher's exit or death) ends pasta */
  char *program; /* the pasta found in PATH */
} SboxPasta;

/* Before the sandbox is made: pasta is installed and /dev/net/tun usable. */
gboolean sbox_pasta_check (SboxPasta *pasta, GError **error);

/* Attach pasta to the network namespace of child (the sandbox's first
 * process, its id maps written) and wait until the namespace is
 * configured. pasta lives until sbox_pasta_stop or the launcher's end,
 * however the launcher ends. */
gboolean sbox_pasta_start (SboxPasta *pasta, const SboxPlan *plan, pid_t child, GError **error);

/* End pasta (if started) and reap it. */
void sbox_pasta_stop (SboxPasta *pasta);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SboxPasta, sbox_pasta_stop)
