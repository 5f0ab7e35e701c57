/* test-env.c — the environment allowlist: what of the caller's environment
 * reaches the command, what never does unless a KeepEnvironment= glob
 * names it, and the variables sbox sets itself. */
#include "config.h"

#include <string.h>

#include "env.h"

/* What a desktop session typically holds that must not reach the command:
 * secrets, sockets of the host's desktop, and loader and interpreter
 * hooks that would run code of the caller's choosing inside. */
static const char *const dropped[] = {
  "AWS_SECRET_ACCESS_KEY=secret",
  "AWS_SESSION_TOKEN=token",
  "GITHUB_TOKEN=ghp_x",
  "GH_TOKEN=ghp_y",
  "NPM_TOKEN=npm",
  "OPENAI_API_KEY=sk-x",
  "API_KEY=k",
  "PASSWORD=hunter2",
  "SSH_AUTH_SOCK=/run/user/1000/ssh-agent",
  "SSH_AGENT_PID=42",
  "GPG_AGENT_INFO=/run/user/1000/gnupg/S.gpg-agent",
  "GNOME_KEYRING_CONTROL=/run/user/1000/keyring",
  "KRB5CCNAME=FILE:/tmp/krb5cc_1000",
  "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus",
  "DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/dbus/system_bus_socket",
  "DISPLAY=:0",
  "WAYLAND_DISPLAY=wayland-0",
  "XAUTHORITY=/home/ann/.Xauthority",
  "PULSE_SERVER=unix:/run/user/1000/pulse/native",
  "XDG_RUNTIME_DIR=/run/user/1000",
  "LD_PRELOAD=/tmp/evil.so",
  "LD_LIBRARY_PATH=/tmp/evil",
  "LD_AUDIT=/tmp/audit.so",
  "LD_DEBUG=all",
  "GCONV_PATH=/tmp/gconv",
  "GIO_EXTRA_MODULES=/tmp/gio",
  "GTK_MODULES=evil",
  "PYTHONPATH=/tmp/py",
  "PYTHONSTARTUP=/tmp/start.py",
  "PERL5LIB=/tmp/perl",
  "PERL5OPT=-Mevil",
  "RUBYOPT=-revil",
  "NODE_OPTIONS=--require=/tmp/evil.js",
  "BASH_ENV=/tmp/evil.sh",
  "ENV=/tmp/evil.sh",
  "PROMPT_COMMAND=evil",
  "IFS=x",
  "GIT_SSH_COMMAND=evil",
  "HISTFILE=/home/ann/.bash_history",
  "SBOX_PROFILE_PATH=/home/ann/profiles",
  "XDG_CONFIG_HOME=/home/ann/.config",
  "XDG_DATA_DIRS=/home/ann/share",
  "HOMEX=not HOME",
  "LC=not a locale category",
  "lang=lower case",
};

static const char *const kept[] = {
  "USER=ann",
  "LOGNAME=ann",
  "TERM=xterm-256color",
  "COLORTERM=truecolor",
  "NO_COLOR=1",
  "COLUMNS=120",
  "LINES=40",
  "LANG=C.UTF-8",
  "LANGUAGE=en",
  "LC_ALL=C",
  "LC_TIME=en_GB.UTF-8",
  "TZ=Europe/Paris",
  "XDG_CURRENT_DESKTOP=GNOME",
  "XDG_SESSION_TYPE=wayland",
  "XDG_SESSION_DESKTOP=gnome",
  "DESKTOP_SESSION=gnome",
  "GTK_THEME=Adwaita:dark",
  "QT_STYLE_OVERRIDE=fusion",
  "EDITOR=vi",
  "VISUAL=vi",
  "PAGER=less",
  "SHELL=/bin/bash",
};

static GPtrArray *
environment (void)
{
  GPtrArray *env = g_ptr_array_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (dropped); i++)
    g_ptr_array_add (env, (char *) dropped[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
    g_ptr_array_add (env, (char *) kept[i]);
  g_ptr_array_add (env, (char *) "HOME=/home/ann");
  g_ptr_array_add (env, (char *) "PATH=/home/ann/bin:/usr/bin");
  g_ptr_array_add (env, (char *) "=no name");
  g_ptr_array_add (env, (char *) "NO_EQUALS_SIGN");
  g_ptr_array_add (env, NULL);
  return env;
}

static char *
name_of (const char *entry)
{
  return g_strndup (entry, strcspn (entry, "="));
}

static void
test_allowlist (void)
{
  g_autoptr (GPtrArray) env = environment ();
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  sbox_env_scrub (plan, (const char *const *) env->pdata, "/home/ann", "/run/user/1000", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *name = name_of (kept[i]);
      g_test_message ("kept: %s", kept[i]);
      g_assert_true (sbox_env_is_allowed (name));
      g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, name), ==, kept[i] + strlen (name) + 1);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (dropped); i++)
    {
      g_autofree char *name = name_of (dropped[i]);
      g_test_message ("dropped: %s", dropped[i]);
      if (g_str_equal (name, "XDG_RUNTIME_DIR"))
        continue; /* set by sbox: below */
      g_assert_false (sbox_env_is_allowed (name));
      g_assert_null (sbox_sandbox_getenv (&plan->sandbox, name));
    }
  /* Kept, the three sbox sets, and nothing else. */
  g_assert_cmpuint (plan->sandbox.env->len, ==, G_N_ELEMENTS (kept) + 3);
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, ""));
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "NO_EQUALS_SIGN"));
}

static void
test_set_by_sbox (void)
{
  g_autoptr (GPtrArray) env = environment ();
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  sbox_env_scrub (plan, (const char *const *) env->pdata, "/home/sandboxed", "/run/user/1000",
                  NULL);
  /* The caller's PATH may name directories the sandbox cannot see. */
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "PATH"), ==, SBOX_SAFE_PATH);
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "HOME"), ==, "/home/sandboxed");
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "XDG_RUNTIME_DIR"), ==, "/run/user/1000");

  /* Without a home or runtime directory, the caller's HOME passes (it is on
   * the allowlist) and XDG_RUNTIME_DIR does not. */
  g_autoptr (SboxPlan) bare = sbox_plan_new ();
  sbox_env_scrub (bare, (const char *const *) env->pdata, NULL, NULL, NULL);
  g_assert_cmpstr (sbox_sandbox_getenv (&bare->sandbox, "HOME"), ==, "/home/ann");
  g_assert_null (sbox_sandbox_getenv (&bare->sandbox, "XDG_RUNTIME_DIR"));
  g_assert_cmpstr (sbox_sandbox_getenv (&bare->sandbox, "PATH"), ==, SBOX_SAFE_PATH);

  /* Nothing at all from an empty environment but PATH. */
  g_autoptr (SboxPlan) empty = sbox_plan_new ();
  sbox_env_scrub (empty, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (empty->sandbox.env->len, ==, 1);
}

static void
test_keep_globs (void)
{
  const char *const env[] = {
    "MY_VAR=1",           "MY_OTHER=2", "MYVAR=3", "A1=4", "A12=5", "LD_PRELOAD=/tmp/evil.so",
    "GITHUB_TOKEN=ghp_x", "DISPLAY=:0", NULL,
  };
  const char *const keep[] = { "MY_*", "A?", "DISPLAY", NULL };
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  sbox_env_scrub (plan, env, "/home/ann", NULL, keep);
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "MY_VAR"), ==, "1");
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "MY_OTHER"), ==, "2");
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "MYVAR"));
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "A1"), ==, "4");
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "A12"));
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "DISPLAY"), ==, ":0");
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "LD_PRELOAD"));
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "GITHUB_TOKEN"));

  /* A glob is the profile's explicit choice: it can name anything, even a
   * loader hook. PATH and HOME stay sbox's. */
  const char *const all[] = { "*", NULL };
  const char *const with_path[] = { "PATH=/tmp/evil", "HOME=/root", "LD_PRELOAD=/tmp/evil.so",
                                    NULL };
  g_autoptr (SboxPlan) everything = sbox_plan_new ();
  sbox_env_scrub (everything, with_path, "/home/ann", NULL, all);
  g_assert_cmpstr (sbox_sandbox_getenv (&everything->sandbox, "LD_PRELOAD"), ==, "/tmp/evil.so");
  g_assert_cmpstr (sbox_sandbox_getenv (&everything->sandbox, "PATH"), ==, SBOX_SAFE_PATH);
  g_assert_cmpstr (sbox_sandbox_getenv (&everything->sandbox, "HOME"), ==, "/home/ann");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/env/allowlist", test_allowlist);
  g_test_add_func ("/env/set-by-sbox", test_set_by_sbox);
  g_test_add_func ("/env/keep-globs", test_keep_globs);
  return g_test_run ();
}
