/* env.h — the environment scrub: what of the caller's environment reaches the command. */
#pragma once

#include "plan.h"

#define SBOX_SAFE_PATH "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"

/* Fill plan->sandbox.env from envp through the allowlist and the extra patterns
 * (globs, may be NULL), then set PATH, HOME, XDG_RUNTIME_DIR for the sandbox. */
void sbox_env_scrub (SboxPlan *plan, const char *const *envp, const char *home,
                     const char *runtime_dir, const char *const *keep);

/* TRUE when NAME passes the allowlist. */
gboolean sbox_env_is_allowed (const char *name);
