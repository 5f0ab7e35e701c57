/* env.c — the environment allowlist. Anything not listed (tokens, keys,
 * sockets of the host's desktop, LD_PRELOAD, …) is dropped. */
#include "config.h"

#include <string.h>

#include "env.h"

static const struct
{
  const char *pattern;
  const char *reason;
} env_allowlist[] = {
  { "HOME", "replaced by the sandbox's home path" },
  { "USER", "identity, not a secret" },
  { "LOGNAME", "identity, not a secret" },
  { "TERM", "terminal type for the command's output" },
  { "COLORTERM", "terminal colour support" },
  { "NO_COLOR", "user preference" },
  { "COLUMNS", "terminal width" },
  { "LINES", "terminal height" },
  { "LANG", "locale" },
  { "LANGUAGE", "locale" },
  { "LC_*", "locale categories" },
  { "TZ", "time zone" },
  { "XDG_CURRENT_DESKTOP", "desktop integration hints" },
  { "XDG_SESSION_TYPE", "desktop integration hints" },
  { "XDG_SESSION_DESKTOP", "desktop integration hints" },
  { "DESKTOP_SESSION", "desktop integration hints" },
  { "GTK_THEME", "look and feel" },
  { "QT_STYLE_OVERRIDE", "look and feel" },
  { "EDITOR", "user preference" },
  { "VISUAL", "user preference" },
  { "PAGER", "user preference" },
  { "SHELL", "user preference" },
};

gboolean
sbox_env_is_allowed (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (env_allowlist); i++)
    if (g_pattern_match_simple (env_allowlist[i].pattern, name))
      return TRUE;
  return FALSE;
}

static gboolean
is_kept (const char *name, const char *const *keep)
{
  for (const char *const *k = keep; k && *k; k++)
    if (g_pattern_match_simple (*k, name))
      return TRUE;
  return FALSE;
}

void
sbox_env_scrub (SboxPlan *plan, const char *const *envp, const char *home, const char *runtime_dir,
                const char *const *keep)
{
  for (const char *const *e = envp; e && *e; e++)
    {
      const char *eq = strchr (*e, '=');
      if (eq == NULL || eq == *e)
        continue;
      g_autofree char *name = g_strndup (*e, (gsize) (eq - *e));
      if (sbox_env_is_allowed (name) || is_kept (name, keep))
        sbox_sandbox_setenv (&plan->sandbox, name, eq + 1);
    }
  /* The caller's PATH may name directories the sandbox cannot see. */
  sbox_sandbox_setenv (&plan->sandbox, "PATH", SBOX_SAFE_PATH);
  if (home)
    sbox_sandbox_setenv (&plan->sandbox, "HOME", home);
  if (runtime_dir)
    sbox_sandbox_setenv (&plan->sandbox, "XDG_RUNTIME_DIR", runtime_dir);
}
