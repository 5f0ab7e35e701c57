/* config-file.h — sbox.conf, the administrator's and the user's settings.
 * (Not config.h: that name is autoconf's.) */
#pragma once

#include "plan.h"

typedef struct
{
  char *default_profile;       /* used when no profile is named or matches */
  char *dbus_proxy;            /* the xdg-dbus-proxy program */
  char *seccomp;               /* the policy when the profile names none */
  char *landlock_required_by;  /* "FILE:LINE" of RequireLandlock=true, or NULL */
  char *network_forbidden_by;  /* "FILE:LINE" of AllowNetwork=false, or NULL */
  GHashTable *required_doors;  /* door name → "FILE:LINE" of RequireDoors=, or NULL */
  char *fallback;              /* refuse | confine: where no user namespace can be had */
  char *fallback_origin;       /* "FILE:LINE" of the Fallback= in force, or NULL */
  char *fallback_forbidden_by; /* "FILE:LINE" of the system file's Fallback=refuse, or NULL */
  char *bwrap_harden_by;       /* "FILE:LINE" of BwrapHarden=true: sbox-bwrap adds sbox's policy */
} SboxConfig;

void sbox_config_init (SboxConfig *config);
void sbox_config_clear (SboxConfig *config);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SboxConfig, sbox_config_clear)

/* The user's file: $XDG_CONFIG_HOME/sbox/sbox.conf (or ~/.config/...). */
char *sbox_config_user_path (const char *const *envp);

/* Both files, every problem (unknown section or key, bad value, a user
 * file loosening a restriction) as "FILE:LINE: ..." lines at once. */
gboolean sbox_config_load (const char *const *envp, SboxConfig *config, GError **error);
/* The same with the two files named (either may be NULL), so that a test
 * can give its own. */
gboolean sbox_config_load_files (const char *system_path, const char *user_path, SboxConfig *config,
                                 GError **error);

/* The administrator's restrictions on a finished plan: Landlock made
 * required, network access refused, a required door that cannot open, the
 * confinement mode forbidden. */
gboolean sbox_config_check_plan (const SboxConfig *config, SboxPlan *plan, GError **error);
