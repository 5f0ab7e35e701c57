/* Unit tests for plan.c and view.c: building, validating and printing plans. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "plan-print.h"
#include "seccomp.h"
#include "view.h"

static SboxPlan *
default_plan (void)
{
  SboxPlan *plan = sbox_plan_new ();
  plan->sandbox.home = g_strdup ("/home/ann");
  g_autoptr (GError) error = NULL;
  g_assert_true (sbox_view_add_default (&plan->sandbox, &error));
  g_assert_no_error (error);
  g_ptr_array_add (plan->run.argv, g_strdup ("true"));
  return plan;
}

static const SboxFsOp *
find_op (SboxPlan *plan, const char *dest)
{
  for (guint i = 0; i < plan->sandbox.fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, i);
      if (g_str_equal (op->dest, dest))
        return op;
    }
  return NULL;
}

static void
test_defaults (void)
{
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  g_assert_cmpint (plan->sandbox.namespaces, ==, SBOX_NS_ALL);
  g_assert_true (plan->run.die_with_parent);
  g_assert_true (plan->run.new_session);
  g_assert_false (plan->run.as_pid_1);
}

static void
test_default_view (void)
{
  g_autoptr (SboxPlan) plan = default_plan ();
  const SboxFsOp *op = find_op (plan, "/usr");
  g_assert_nonnull (op);
  g_assert_cmpint (op->kind, ==, SBOX_FS_RO_BIND);
  /* The home is the profile's choice (context.c), not the view's. */
  g_assert_null (find_op (plan, "/home/ann"));
  g_assert_nonnull (find_op (plan, "/tmp"));
  g_assert_nonnull (find_op (plan, "/proc"));
  op = find_op (plan, "/dev");
  g_assert_nonnull (op);
  /* The executor binds the nodes the plan names, so the plan shows them. */
  g_assert_true (op->nodes == sbox_view_dev_nodes);
  op = find_op (plan, "/proc/sys");
  g_assert_nonnull (op);
  g_assert_cmpint (op->kind, ==, SBOX_FS_REMOUNT_RO);
  op = find_op (plan, "/proc/kcore");
  g_assert_cmpint (op->kind, ==, SBOX_FS_MASK);
  op = find_op (plan, "/etc/passwd");
  g_assert_cmpint (op->kind, ==, SBOX_FS_FILE);
  g_assert_nonnull (strstr (op->content, ":/home/ann:"));
  g_assert_null (find_op (plan, "/etc/shadow"));
  g_assert_null (find_op (plan, "/sys"));
  g_assert_null (find_op (plan, "/home"));
}

static void
test_env_helpers (void)
{
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  sbox_sandbox_setenv (&plan->sandbox, "A", "1");
  sbox_sandbox_setenv (&plan->sandbox, "AB", "2");
  sbox_sandbox_setenv (&plan->sandbox, "A", "3");
  g_assert_cmpuint (plan->sandbox.env->len, ==, 2);
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "A"), ==, "3");
  sbox_sandbox_unsetenv (&plan->sandbox, "A");
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "A"));
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "AB"), ==, "2");
}

static void
test_validate (void)
{
  g_autoptr (SboxPlan) plan = default_plan ();
  g_autoptr (GError) error = NULL;
  g_assert_true (sbox_plan_validate (plan, &error));

  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_BIND, SBOX_FS_FLAG_NONE, "/nonexistent-sbox-test",
                       "/x");
  g_assert_false (sbox_plan_validate (plan, &error));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_SETUP);
  g_assert_cmpstr (error->message, ==,
                   "cannot bind /nonexistent-sbox-test: No such file or directory");
  g_clear_error (&error);

  g_ptr_array_remove_index (plan->sandbox.fs_ops, plan->sandbox.fs_ops->len - 1);
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_BIND, SBOX_FS_FLAG_TRY, "/nonexistent-sbox-test",
                       "/x");
  g_assert_true (sbox_plan_validate (plan, &error));

  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_TMPFS, SBOX_FS_FLAG_NONE, NULL, "/");
  g_assert_false (sbox_plan_validate (plan, &error));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_INVALID);
  g_clear_error (&error);

  g_autoptr (SboxPlan) empty = sbox_plan_new ();
  g_assert_false (sbox_plan_validate (empty, &error));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
}

static void
test_print_text (void)
{
  g_autoptr (SboxPlan) plan = default_plan ();
  g_ptr_array_add (plan->run.argv, g_strdup ("it's"));
  g_autofree char *text = sbox_plan_to_text (plan);
  g_assert_nonnull (strstr (text, "namespaces: user mount pid ipc uts cgroup net\n"));
  g_assert_nonnull (strstr (text, "  ro-bind /usr /usr\n"));
  g_assert_nonnull (strstr (text, "  tmpfs /tmp mode=1777\n"));
  g_assert_nonnull (strstr (text, "  dev /dev nodes=null,zero,full,random,urandom,tty\n"));
  g_assert_nonnull (strstr (text, "command: true 'it'\\''s'\n"));
}

static void
test_print_json (void)
{
  g_autoptr (SboxPlan) plan = default_plan ();
  sbox_sandbox_setenv (&plan->sandbox, "Q", "a\"b\\c\n");
  g_autofree char *json = sbox_plan_to_json (plan);
  g_assert_true (g_str_has_prefix (json, "{\"profile\": null, "));
  g_assert_nonnull (strstr (json, "\"namespaces\": [\"user\""));
  g_assert_nonnull (strstr (json, "\"Q\": \"a\\\"b\\\\c\\u000a\""));
  g_assert_nonnull (
      strstr (json, "{\"op\": \"ro-bind\", \"source\": \"/usr\", \"dest\": \"/usr\""));
  g_assert_nonnull (strstr (json, "\"command\": [\"true\"]}"));
}

/* The body of "typedef struct { BODY } NAME;" in code, or NULL. */
static char *
struct_body (const char *code, const char *name)
{
  g_autofree char *closing = g_strdup_printf ("} %s;", name);
  const char *end = strstr (code, closing);
  if (end == NULL)
    return NULL;
  const char *start = NULL;
  for (const char *p = code; (p = strstr (p, "typedef ")) && p < end; p++)
    start = p;
  if (start == NULL || !g_str_has_prefix (start, "typedef struct"))
    return NULL; /* an enum */
  start = strchr (start, '{');
  g_assert_true (start && start < end);
  return g_strndup (start + 1, (gsize) (end - start - 1));
}

/* The members of struct name, with the members of the plan's own nested
 * structs spelled as paths ("sandbox.ids.uid"), as the print table names them. */
static void
add_members (GPtrArray *members, const char *code, const char *name, const char *prefix)
{
  g_autofree char *body = struct_body (code, name);
  g_assert_nonnull (body);
  g_autoptr (GRegex) declaration = g_regex_new (
      "^\\s*([A-Za-z_][A-Za-z0-9_]*)\\b.*?([A-Za-z_][A-Za-z0-9_]*)\\s*$", G_REGEX_DOTALL, 0, NULL);
  g_auto (GStrv) statements = g_strsplit (body, ";", -1);
  for (char **s = statements; *s; s++)
    {
      g_autoptr (GMatchInfo) match = NULL;
      if (!g_regex_match (declaration, *s, 0, &match))
        continue;
      g_autofree char *type = g_match_info_fetch (match, 1);
      g_auto (GStrv) names = g_strsplit (*s, ",", -1);
      for (char **n = names; *n; n++)
        {
          g_autoptr (GMatchInfo) last = NULL;
          g_autoptr (GRegex) last_name = g_regex_new ("([A-Za-z_][A-Za-z0-9_]*)\\s*$", 0, 0, NULL);
          if (!g_regex_match (last_name, *n, 0, &last))
            continue;
          g_autofree char *member = g_match_info_fetch (last, 1);
          g_autofree char *path = g_strconcat (prefix, member, NULL);
          g_autofree char *nested = strchr (*n, '*') ? NULL : struct_body (code, type);
          if (nested)
            {
              g_autofree char *inner = g_strconcat (path, ".", NULL);
              add_members (members, code, type, inner);
            }
          else
            g_ptr_array_add (members, g_steal_pointer (&path));
        }
    }
}

/* The members of SboxPlan as plan.h declares them (the build passes its path). */
static GPtrArray *
plan_h_members (void)
{
  g_autofree char *source = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_get_contents (SBOX_PLAN_H, &source, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (GRegex) comments = g_regex_new ("/\\*.*?\\*/", G_REGEX_DOTALL, 0, NULL);
  g_autofree char *code = g_regex_replace_literal (comments, source, -1, 0, " ", 0, NULL);
  GPtrArray *members = g_ptr_array_new_with_free_func (g_free);
  add_members (members, code, "SboxPlan", "");
  return members;
}

/* Every member of SboxPlan is in --print-plan's table, printed or with the
 * reason it is not; a member added to plan.h without it fails here. */
static void
test_print_fields_cover_plan (void)
{
  g_autoptr (GPtrArray) members = plan_h_members ();
  g_assert_cmpuint (members->len, >, 40);
  g_assert_true (g_ptr_array_find_with_equal_func (members, "sandbox.fs_ops", g_str_equal, NULL));
  g_assert_true (
      g_ptr_array_find_with_equal_func (members, "sandbox.ids.run_gid", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (members, "run.timeout", g_str_equal, NULL));
  g_autoptr (GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) in_table = g_hash_table_new (g_str_hash, g_str_equal);
  const char *member, *key, *why_not;
  for (guint i = 0; sbox_plan_print_field (i, &member, &key, &why_not); i++)
    {
      g_assert_true (key != NULL || (why_not != NULL && *why_not != '\0'));
      if (key)
        {
          g_assert_false (g_hash_table_contains (keys, key));
          g_hash_table_add (keys, (gpointer) key);
        }
      if (member)
        {
          g_assert_false (g_hash_table_contains (in_table, member));
          g_assert_true (g_ptr_array_find_with_equal_func (members, member, g_str_equal, NULL));
          g_hash_table_add (in_table, (gpointer) member);
        }
    }
  for (guint i = 0; i < members->len; i++)
    {
      const char *name = g_ptr_array_index (members, i);
      if (!g_hash_table_contains (in_table, name))
        g_error ("SboxPlan.%s is not in plan-print.c's table of fields", name);
    }
}

/* sbox(1) names every JSON key --print-plan writes. */
static void
test_print_keys_documented (void)
{
  g_autofree char *page = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_get_contents (SBOX_MAN_PAGE, &page, NULL, &error));
  g_assert_no_error (error);
  const char *member, *key, *why_not;
  for (guint i = 0; sbox_plan_print_field (i, &member, &key, &why_not); i++)
    {
      if (key == NULL)
        continue;
      g_autoptr (GString) roff = g_string_new (NULL);
      for (const char *p = key; *p; p++)
        if (*p == '-')
          g_string_append (roff, "\\\\-");
        else
          g_string_append_c (roff, *p);
      g_autofree char *pattern = g_strdup_printf ("(^|[ \"])%s($|[ \"])", roff->str);
      if (!g_regex_match_simple (pattern, page, G_REGEX_MULTILINE, 0))
        g_error ("man/sbox.1 does not document the --print-plan key %s", key);
    }
}

static SboxPlanItem *
item (const char *value)
{
  return sbox_plan_item_new (value, "test:1");
}

/* A plan in which every printed field differs from sbox_plan_new ()'s. */
static SboxPlan *
full_plan (void)
{
  SboxPlan *plan = sbox_plan_new ();
  plan->sandbox.namespaces &= ~SBOX_NS_NET;
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_TMPFS, SBOX_FS_FLAG_NONE, NULL, "/tmp");
  sbox_sandbox_setenv (&plan->sandbox, "A", "1");
  SboxRlimit limit = { 7, 100, 200 };
  g_array_append_val (plan->sandbox.limits.rlimits, limit);
  plan->sandbox.ids.uid = 4242;
  plan->sandbox.ids.gid = 4343;
  plan->sandbox.hostname = g_strdup ("host");
  plan->sandbox.chdir = g_strdup ("/work");
  plan->sandbox.home = g_strdup ("/home/ann");
  plan->sandbox.own_state = g_strsplit ("/home/ann/.config/sbox", ":", -1);
  g_ptr_array_add (plan->run.argv, g_strdup ("sh"));
  plan->profile_name = g_strdup ("app");
  plan->profile_path = g_strdup ("/etc/sbox/profiles/app.profile");
  plan->app_id = g_strdup ("org.example.App");
  g_ptr_array_add (plan->sandbox.sockets, item ("wayland"));
  g_ptr_array_add (plan->sandbox.devices, item ("dri"));
  g_ptr_array_add (plan->sandbox.features, item ("devel"));
  g_ptr_array_add (plan->sandbox.session_bus, item ("org.example.A=talk"));
  g_ptr_array_add (plan->sandbox.system_bus, item ("org.example.B=see"));
  g_ptr_array_add (plan->sandbox.seccomp_allow, item ("ptrace"));
  g_ptr_array_add (plan->sandbox.seccomp_deny, item ("chdir"));
  g_free (plan->sandbox.seccomp);
  plan->sandbox.seccomp = g_strdup ("strict");
  g_free (plan->sandbox.landlock);
  plan->sandbox.landlock = g_strdup ("required");
  plan->sandbox.landlock_log = TRUE;
  plan->run.timeout = 9;
  g_ptr_array_add (plan->warnings, g_strdup ("a warning"));
  sbox_plan_add_item (plan->missing_doors, "wayland", "no Wayland compositor");
  plan->run.learn_output = g_strdup ("/tmp/learned.profile");
  plan->instance.id = g_strdup ("0000000042");
  plan->instance.name = g_strdup ("named");
  plan->instance.base = g_strdup ("/run/user/4242/sbox");
  plan->instance.dir = g_strdup ("/run/user/4242/sbox/0000000042");
  SboxProxy *proxy = g_new0 (SboxProxy, 1);
  proxy->bus = g_strdup ("session");
  proxy->upstream = g_strdup ("unix:path=/run/user/4242/bus");
  proxy->socket = g_strdup ("/run/user/4242/sbox/0000000042/bus");
  proxy->args = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (proxy->args, g_strdup ("--filter"));
  g_ptr_array_add (plan->sandbox.proxies, proxy);
  plan->sandbox.audio_upstream = g_strdup ("/run/user/4242/pulse/native");
  plan->sandbox.audio_socket = g_strdup ("/run/user/4242/sbox/0000000042/pulse");
  g_free (plan->sandbox.dbus_proxy);
  plan->sandbox.dbus_proxy = g_strdup ("/opt/xdg-dbus-proxy");
  plan->sandbox.limits.memory_max = 1 << 30;
  plan->sandbox.limits.pids_max = 64;
  plan->sandbox.limits.cpus = 1.5;
  plan->run.quiet = TRUE;
  plan->sandbox.ids.drop_root = TRUE;
  plan->sandbox.ids.run_uid = 65534;
  plan->sandbox.ids.run_gid = 65533;
  plan->run.json_status_fd = 5;
  plan->run.info_fd = 6;
  plan->run.die_with_parent = FALSE;
  plan->run.as_pid_1 = TRUE;
  plan->run.new_session = FALSE;
  plan->run.pty = FALSE;
  plan->run.verbose = TRUE;
  g_free (plan->sandbox.mode);
  plan->sandbox.mode = g_strdup ("confine");
  g_free (plan->run.fallback);
  plan->run.fallback = g_strdup ("confine");
  plan->run.fallback_origin = g_strdup ("command line");
  plan->run.userns_blocked = g_strdup ("user.max_user_namespaces=0");
  /* bubblewrap's behaviour (bwrap-cli.c) */
  plan->sandbox.root_writable = TRUE;
  g_ptr_array_add (plan->sandbox.seccomp_programs, g_bytes_new ("\0\0\0\0\0\0\0\0", 8));
  plan->run.keep_fds = TRUE;
  plan->run.set_pwd = TRUE;
  plan->run.block_fd = 7;
  g_ptr_array_add (plan->run.lock_files, g_strdup ("/app/.ref"));
  plan->run.bwrap_json = TRUE;
  plan->run.failure_status = 1;
  plan->run.argv0 = g_strdup ("shown");
  plan->sandbox.disable_userns = TRUE;
  plan->sandbox.dest_links_followed = TRUE;
  plan->sandbox.assert_userns_disabled = TRUE;
  plan->sandbox.keep_caps = 1 << 12;
  plan->sandbox.userns_fd = 8;
  plan->sandbox.pidns_fd = 9;
  plan->sandbox.userns2_fd = 10;
  plan->run.userns_block_fd = 11;
  g_free (plan->sandbox.network);
  plan->sandbox.network = g_strdup ("isolated");
  sbox_plan_add_item (plan->sandbox.publish, "8080:80", "command line");
  sbox_plan_add_item (plan->sandbox.allow_hosts, "crates.io", "command line");
  plan->sandbox.net_proxy_socket = g_strdup ("/run/user/1000/sbox/1/net-proxy");
  plan->sandbox.net_proxy_inside = g_strdup ("/run/user/1000/sbox-net-proxy");
  return plan;
}

static char *
write_temp (const char *contents)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("sbox-plan-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* Parsed by a real JSON parser: every key of the table is there, and with
 * every field set, no printed value is what a fresh plan prints (a field
 * read from the wrong place or left out of the walk shows its default). */
static void
test_print_json_every_field (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  if (python == NULL)
    {
      g_test_skip ("no python3 to parse the JSON");
      return;
    }
  g_autoptr (SboxPlan) full = full_plan ();
  g_autoptr (SboxPlan) fresh = sbox_plan_new ();
  g_ptr_array_add (fresh->run.argv, g_strdup ("true"));
  g_autofree char *full_json = sbox_plan_to_json (full);
  g_autofree char *fresh_json = sbox_plan_to_json (fresh);
  g_autofree char *full_path = write_temp (full_json);
  g_autofree char *fresh_path = write_temp (fresh_json);

  GString *keys = g_string_new (NULL), *constants = g_string_new (NULL);
  const char *member, *key, *why_not;
  for (guint i = 0; sbox_plan_print_field (i, &member, &key, &why_not); i++)
    if (key)
      g_string_append_printf (member ? keys : constants, "%s%s",
                              (member ? keys : constants)->len ? "," : "", key);
  g_autofree char *key_list = g_string_free (keys, FALSE);
  g_autofree char *constant_list = g_string_free (constants, FALSE);
  const char *script = "import json, sys\n"
                       "full = json.load(open(sys.argv[1]))\n"
                       "fresh = json.load(open(sys.argv[2]))\n"
                       "keys = sys.argv[3].split(',')\n"
                       "constants = sys.argv[4].split(',')\n"
                       "bad = [k for k in keys + constants if k not in full or k not in fresh]\n"
                       "bad += ['extra ' + k for k in full if k not in keys + constants]\n"
                       "bad += ['unchanged ' + k for k in keys\n"
                       "        if k in full and k in fresh and full[k] == fresh[k]]\n"
                       "print(' '.join(bad))\n";
  const char *argv[] = {
    python, "-c", script, full_path, fresh_path, key_list, constant_list, NULL
  };
  g_autofree char *out = NULL, *err = NULL;
  int status;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_unlink (full_path);
  g_unlink (fresh_path);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("the JSON does not parse: %s\n%s", err, full_json);
  g_assert_cmpstr (g_strstrip (out), ==, "");

  g_assert_null (strstr (full_json, "\"json-status-fd\""));
  g_autofree char *text = sbox_plan_to_text (full);
  const char *lines[] = {
    "profile: app (/etc/sbox/profiles/app.profile)\n",
    "runs as: uid 65534 gid 65533 outside (root caller)\n",
    "instance: 0000000042 (/run/user/4242/sbox/0000000042)\n",
    "instance-name: named\n",
    "audio-filter: /run/user/4242/pulse/native → /run/user/4242/sbox/0000000042/pulse\n",
    "dbus-proxy: session bus unix:path=/run/user/4242/bus → /run/user/4242/sbox/0000000042/bus "
    "--filter\n",
    "dbus-proxy-program: /opt/xdg-dbus-proxy\n",
    "memory-max: 1073741824\n",
    "pids-max: 64\n",
    "cpus: 1.5\n",
    "learn-output: /tmp/learned.profile\n",
    "seccomp-deny: chdir  # test:1\n",
    "pty: no\n",
    "warning: a warning\n",
    "missing-door: wayland  # no Wayland compositor\n",
    "join-userns-fd: 8\n",
    "userns-block-fd: 11\n",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    if (strstr (text, lines[i]) == NULL)
      g_error ("the text lacks %s", lines[i]);
}

/* Where a sandbox path comes from: the last operation covering it decides,
 * the plan's symlinks are followed, and what covers it without a host
 * source (a tmpfs, a mask) shows nothing of the host. */
static void
test_host_path_for (void)
{
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_RO_BIND, SBOX_FS_FLAG_NONE, "/usr", "/usr");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_SYMLINK, SBOX_FS_FLAG_NONE, "usr/bin", "/bin");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_SYMLINK, SBOX_FS_FLAG_NONE, "../bin", "/usr/sbin2");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_SYMLINK, SBOX_FS_FLAG_NONE, "/loop", "/loop");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_TMPFS, SBOX_FS_FLAG_NONE, NULL, "/home");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_DIR, SBOX_FS_FLAG_NONE, NULL, "/home/ann");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_BIND, SBOX_FS_FLAG_NONE, "/srv/ann", "/home/ann");
  SboxFsOp *store = sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_BIND, SBOX_FS_FLAG_NONE, "/store",
                                         "/home/ann/.cache");
  store->beneath = g_strdup ("app/cache");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_RO_BIND, SBOX_FS_FLAG_NONE, "/host/docs",
                       "/home/ann/docs");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_BIND, SBOX_FS_FLAG_NONE, "/host/docs2",
                       "/home/ann/docs");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_TMPFS, SBOX_FS_FLAG_NONE, NULL, "/home/ann/tmp");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_MASK, SBOX_FS_FLAG_NONE, NULL, "/usr/secret");
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_RO_BIND, SBOX_FS_FLAG_NONE, "/", "/run/host");
  struct
  {
    const char *inside, *host; /* NULL: nothing of the host */
    SboxFsKind via;
  } cases[] = {
    { "/usr", "/usr", SBOX_FS_RO_BIND },
    { "/usr/bin/sh", "/usr/bin/sh", SBOX_FS_RO_BIND },
    { "/usrx/bin", NULL, 0 },                      /* a prefix is not a parent */
    { "/bin/sh", "/usr/bin/sh", SBOX_FS_RO_BIND }, /* the plan's symlink */
    { "/bin", "/usr/bin", SBOX_FS_RO_BIND },
    { "/usr/sbin2/ls", "/usr/bin/ls", SBOX_FS_RO_BIND }, /* a relative ".." link */
    { "/loop/x", NULL, 0 },                              /* a link to itself ends */
    { "/home", NULL, 0 },                                /* a tmpfs */
    { "/home/ann/f", "/srv/ann/f", SBOX_FS_BIND },       /* nested: over the tmpfs and dir */
    { "/home/ann/.cache/x", "/store/app/cache/x", SBOX_FS_BIND }, /* beneath */
    { "/home/ann/docs/a", "/host/docs2/a", SBOX_FS_BIND },        /* the later bind shadows */
    { "/home/ann/tmp/a", NULL, 0 },                               /* a later tmpfs shadows */
    { "/usr/secret", NULL, 0 },                                   /* a mask */
    { "/usr/secretive", "/usr/secretive", SBOX_FS_RO_BIND },
    { "/run/host/etc/passwd", "/etc/passwd", SBOX_FS_RO_BIND }, /* the host's root */
    { "/opt/app", NULL, 0 },                                    /* nothing covers it */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SboxFsOp *bind = NULL;
      g_autofree char *host = sbox_sandbox_host_path_for (&plan->sandbox, cases[i].inside, &bind);
      if (g_strcmp0 (host, cases[i].host) != 0)
        g_error ("%s comes from %s, not %s", cases[i].inside, host, cases[i].host);
      if (cases[i].host)
        g_assert_cmpint (bind->kind, ==, cases[i].via);
      g_autofree char *again = sbox_sandbox_host_path_for (&plan->sandbox, cases[i].inside, NULL);
      g_assert_cmpstr (again, ==, host);
    }
  /* A bind of the root covers every path. */
  sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_BIND, SBOX_FS_FLAG_NONE, "/", "/");
  g_autofree char *root = sbox_sandbox_host_path_for (&plan->sandbox, "/home/ann/tmp/a", NULL);
  g_assert_cmpstr (root, ==, "/home/ann/tmp/a");
}

/* The table the build compiled must be what libseccomp gives now for the
 * same plan, and a plan with its own syscall changes must not use it. */
static void
test_seccomp_prebuilt (void)
{
  guint entries = 0;
  for (const SboxSeccompPrebuilt *p = sbox_seccomp_prebuilt; p->policy; p++, entries++)
    {
      g_autoptr (SboxPlan) plan = sbox_plan_new ();
      g_free (plan->sandbox.seccomp);
      plan->sandbox.seccomp = g_strdup (p->policy);
      if (p->features & SBOX_SECCOMP_DEVEL)
        sbox_plan_add_item (plan->sandbox.features, "devel", "test");
      if (p->features & SBOX_SECCOMP_MULTIARCH)
        sbox_plan_add_item (plan->sandbox.features, "multiarch", "test");
      if (p->features & SBOX_SECCOMP_SHARED_NETWORK)
        plan->sandbox.namespaces &= ~SBOX_NS_NET;
      const char *policy;
      unsigned int features;
      g_assert_true (sbox_seccomp_prebuilt_key (&plan->sandbox, &policy, &features));
      g_assert_cmpuint (features, ==, p->features);
      SboxSeccompFilters fresh;
      g_autoptr (GError) error = NULL;
      g_assert_true (sbox_seccomp_compile_fresh (&plan->sandbox, &fresh, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fresh.count, ==, p->count);
      for (int i = 0; i < p->count; i++)
        g_assert_cmpmem (fresh.programs[i].filter,
                         fresh.programs[i].len * sizeof (struct sock_filter), p->programs[i],
                         p->lengths[i] * sizeof (struct sock_filter));
      sbox_seccomp_filters_clear (&fresh);
    }
  g_assert_cmpuint (entries, ==, 3 * (SBOX_SECCOMP_ALL_FEATURES + 1));
  g_autoptr (SboxPlan) changed = sbox_plan_new ();
  sbox_plan_add_item (changed->sandbox.seccomp_deny, "chdir", "test");
  const char *policy;
  unsigned int features;
  g_assert_false (sbox_seccomp_prebuilt_key (&changed->sandbox, &policy, &features));
  g_autoptr (SboxPlan) listed = sbox_plan_new ();
  g_free (listed->sandbox.seccomp);
  listed->sandbox.seccomp = g_strdup ("/some/list");
  g_assert_false (sbox_seccomp_prebuilt_key (&listed->sandbox, &policy, &features));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan/defaults", test_defaults);
  g_test_add_func ("/plan/default-view", test_default_view);
  g_test_add_func ("/plan/env-helpers", test_env_helpers);
  g_test_add_func ("/plan/host-path-for", test_host_path_for);
  g_test_add_func ("/plan/validate", test_validate);
  g_test_add_func ("/plan/print-text", test_print_text);
  g_test_add_func ("/plan/print-json", test_print_json);
  g_test_add_func ("/plan/print-fields-cover-plan", test_print_fields_cover_plan);
  g_test_add_func ("/plan/print-json-every-field", test_print_json_every_field);
  g_test_add_func ("/plan/print-keys-documented", test_print_keys_documented);
  g_test_add_func ("/plan/seccomp-prebuilt", test_seccomp_prebuilt);
  return g_test_run ();
}
