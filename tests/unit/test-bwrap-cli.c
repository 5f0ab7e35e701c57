/* Unit tests for bwrap-cli.c: bubblewrap's command line read into a plan,
 * odd input included (--args with options inside, missing operands,
 * --perms with nothing to apply to, bad octal). */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "bwrap-cli.h"
#include "compose.h"
#include "error.h"
#include "plan-print.h"

static const char *const test_env[] = { "HOME=/home/ann", "PATH=/usr/bin", "SECRET=kept", NULL };

/* Parse argv (NULL-terminated, without argv[0]). */
static gboolean
parse_argv (SboxBwrapCli *cli, GError **error, const char *const *words)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) "sbox-bwrap");
  for (const char *const *w = words; *w; w++)
    g_ptr_array_add (argv, (char *) *w);
  g_ptr_array_add (argv, NULL);
  return sbox_bwrap_cli_parse ((int) argv->len - 1, (char *const *) argv->pdata, test_env, cli,
                               error);
}

#define PARSE(cli, error, ...) parse_argv (cli, error, (const char *const[]){ __VA_ARGS__, NULL })

/* A pipe holding data (len bytes); its read end. */
static int
fd_with (const char *data, gsize len)
{
  int fds[2];
  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], data, len), ==, (gssize) len);
  close (fds[1]);
  return fds[0];
}

static const SboxFsOp *
op_at (const SboxPlan *plan, guint i)
{
  g_assert_cmpuint (i, <, plan->sandbox.fs_ops->len);
  return g_ptr_array_index (plan->sandbox.fs_ops, i);
}

static void
test_bare_plan (void)
{
  g_auto (SboxBwrapCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (PARSE (&cli, &error, "--ro-bind", "/usr", "/usr", "true"));
  g_assert_no_error (error);
  SboxPlan *plan = cli.plan;
  g_assert_cmpuint (plan->sandbox.fs_ops->len, ==, 1); /* no default view */
  g_assert_cmpstr (plan->sandbox.seccomp, ==, getuid () == 0 ? "none" : "raw");
  g_assert_cmpstr (plan->sandbox.landlock, ==, "false");
  g_assert_true (plan->sandbox.root_writable);
  g_assert_cmpint (plan->sandbox.namespaces, ==, SBOX_NS_USER | SBOX_NS_MOUNT);
  g_assert_false (plan->run.new_session);
  g_assert_false (plan->run.die_with_parent);
  g_assert_false (plan->run.pty);
  g_assert_true (plan->run.as_pid_1); /* no pid namespace: no init */
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "SECRET"), ==, "kept");
  g_assert_cmpuint (plan->run.argv->len, ==, 1);
}

/* --userns, --pidns, --userns2, --userns-block-fd: descriptors for the
 * launcher; a joined user namespace is not made, a joined pid namespace's
 * procfs is the sandbox's own. */
static void
test_joined_namespaces (void)
{
  g_auto (SboxBwrapCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (PARSE (&cli, &error, "--userns", "3", "--pidns", "4", "--userns2", "5", "--proc",
                        "/proc", "true"));
  g_assert_no_error (error);
  g_assert_cmpint (cli.plan->sandbox.userns_fd, ==, 3);
  g_assert_cmpint (cli.plan->sandbox.pidns_fd, ==, 4);
  g_assert_cmpint (cli.plan->sandbox.userns2_fd, ==, 5);
  g_assert_cmpint (cli.plan->run.userns_block_fd, ==, -1);
  g_assert_cmpint (cli.plan->sandbox.namespaces, ==, SBOX_NS_MOUNT);
  g_assert_cmpint (op_at (cli.plan, 0)->kind, ==, SBOX_FS_PROC);
  g_assert_true (cli.plan->run.as_pid_1); /* in the joined pid namespace: no init */

  g_auto (SboxBwrapCli) nested = { 0 };
  g_autoptr (GError) nested_error = NULL;
  g_assert_true (
      PARSE (&nested, &nested_error, "--userns", "3", "--pidns", "4", "--unshare-pid", "true"));
  g_assert_no_error (nested_error);
  g_assert_cmpint (nested.plan->sandbox.namespaces, ==, SBOX_NS_MOUNT | SBOX_NS_PID);
  g_assert_false (nested.plan->run.as_pid_1);

  g_auto (SboxBwrapCli) block = { 0 };
  g_autoptr (GError) block_error = NULL;
  g_assert_true (PARSE (&block, &block_error, "--unshare-user", "--info-fd", "9",
                        "--userns-block-fd", "8", "true"));
  g_assert_no_error (block_error);
  g_assert_cmpint (block.plan->run.userns_block_fd, ==, 8);
  g_assert_cmpint (block.plan->sandbox.namespaces, ==, SBOX_NS_USER | SBOX_NS_MOUNT);
}

/* --argv0, --level-prefix, --disable-userns, --assert-userns-disabled. */
static void
test_process_options (void)
{
  g_auto (SboxBwrapCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (PARSE (&cli, &error, "--level-prefix", "--unshare-user", "--disable-userns",
                        "--assert-userns-disabled", "--argv0", "shown", "/usr/bin/true"));
  g_assert_no_error (error);
  g_assert_true (cli.level_prefix);
  g_assert_true (cli.plan->sandbox.disable_userns);
  g_assert_true (cli.plan->sandbox.assert_userns_disabled);
  g_assert_cmpstr (cli.plan->run.argv0, ==, "shown");
  g_assert_cmpstr (g_ptr_array_index (cli.plan->run.argv, 0), ==, "/usr/bin/true");

  g_auto (SboxBwrapCli) caps = { 0 };
  g_autoptr (GError) caps_error = NULL;
  g_assert_true (PARSE (&caps, &caps_error, "--cap-add", "ALL", "--cap-drop", "CAP_SYS_ADMIN",
                        "--cap-drop", "CAP_CHOWN", "--cap-add", "CAP_CHOWN", "true"));
  g_assert_no_error (caps_error);
  g_assert_true (caps.plan->sandbox.keep_caps == ~(G_GUINT64_CONSTANT (1) << 21)); /* SYS_ADMIN */

  g_auto (SboxBwrapCli) root = { 0 };
  g_autoptr (GError) root_error = NULL;
  g_assert_true (PARSE (&root, &root_error, "--ro-bind", "/", "/", "--bind", "/tmp", "//", "true"));
  g_assert_no_error (root_error);
  g_assert_cmpint (op_at (root.plan, 0)->kind, ==, SBOX_FS_RO_BIND);
  g_assert_cmpstr (op_at (root.plan, 0)->dest, ==, "/");
  g_assert_cmpstr (op_at (root.plan, 1)->dest, ==, "/");

  g_auto (SboxBwrapCli) mq = { 0 };
  g_autoptr (GError) mq_error = NULL;
  g_assert_true (PARSE (&mq, &mq_error, "--unshare-ipc", "--mqueue", "dev/mqueue", "true"));
  g_assert_no_error (mq_error);
  g_assert_cmpint (op_at (mq.plan, 0)->kind, ==, SBOX_FS_MQUEUE);
  g_assert_cmpstr (op_at (mq.plan, 0)->dest, ==, "/dev/mqueue");

  /* --level-prefix applies to an error found after it. */
  g_auto (SboxBwrapCli) bad = { 0 };
  g_autoptr (GError) bad_error = NULL;
  g_assert_false (PARSE (&bad, &bad_error, "--level-prefix", "--no-such", "true"));
  g_assert_true (bad.level_prefix);
}

static void
test_namespaces (void)
{
  g_auto (SboxBwrapCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (PARSE (&cli, &error, "--unshare-all", "--share-net", "--", "--odd-command"));
  g_assert_no_error (error);
  g_assert_cmpint (cli.plan->sandbox.namespaces, ==, SBOX_NS_ALL & ~SBOX_NS_NET);
  g_assert_false (cli.plan->run.as_pid_1);
  g_assert_cmpstr (g_ptr_array_index (cli.plan->run.argv, 0), ==, "--odd-command");
}

static void
test_args_fd (void)
{
  g_auto (SboxBwrapCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  /* Options with odd words as operands, an empty one last; they
   * stand where --args stood, between options of argv. */
  static const char words[] = "--dir\0/a\0--setenv\0X\0--not-an-option\0--setenv\0E\0\0";
  int fd = fd_with (words, sizeof words - 1);
  g_autofree char *fd_text = g_strdup_printf ("%d", fd);
  g_assert_true (PARSE (&cli, &error, "--tmpfs", "/t", "--args", fd_text, "--dir", "/b", "echo"));
  g_assert_no_error (error);
  g_assert_cmpuint (cli.plan->sandbox.fs_ops->len, ==, 3);
  g_assert_cmpstr (op_at (cli.plan, 1)->dest, ==, "/a");
  g_assert_cmpstr (op_at (cli.plan, 2)->dest, ==, "/b");
  g_assert_cmpstr (sbox_sandbox_getenv (&cli.plan->sandbox, "X"), ==, "--not-an-option");
  g_assert_cmpstr (sbox_sandbox_getenv (&cli.plan->sandbox, "E"), ==, "");
  g_assert_cmpuint (cli.plan->run.argv->len, ==, 1);
  /* Consumed and closed, as bwrap does. */
  g_assert_cmpint (fcntl (fd, F_GETFD), ==, -1);
}

/* bwrap reads options only from an --args file: neither another --args
 * nor the command. */
static void
test_args_fd_refused (void)
{
  static const char nested[] = "--args\0003\0";
  static const char command[] = "--dir\0/a\0sh\0-c\0true\0";
  static const struct
  {
    const char *data;
    gsize len;
    const char *message;
  } cases[] = {
    { nested, sizeof nested - 1, "--args not supported in arguments file" },
    { command, sizeof command - 1, "--args data may hold options only, not the command (sh)" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (SboxBwrapCli) cli = { 0 };
      g_autoptr (GError) error = NULL;
      int fd = fd_with (cases[i].data, cases[i].len);
      g_autofree char *fd_text = g_strdup_printf ("%d", fd);
      g_assert_false (PARSE (&cli, &error, "--args", fd_text, "true"));
      g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_perms_and_size (void)
{
  g_auto (SboxBwrapCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  int fd = fd_with ("abc", 3);
  g_autofree char *fd_text = g_strdup_printf ("%d", fd);
  g_assert_true (PARSE (&cli, &error, "--perms", "0700", "--size", "4096", "--tmpfs", "/a",
                        "--tmpfs", "/b", "--perms", "0640", "--ro-bind-data", fd_text, "/c",
                        "--chmod", "0711", "/a", "true"));
  g_assert_no_error (error);
  g_assert_cmpuint (op_at (cli.plan, 0)->mode, ==, 0700);
  g_assert_cmpuint (op_at (cli.plan, 0)->size, ==, 4096);
  g_assert_cmpuint (op_at (cli.plan, 1)->mode, ==, 0755);
  g_assert_cmpuint (op_at (cli.plan, 1)->size, ==, 0);
  const SboxFsOp *data = op_at (cli.plan, 2);
  g_assert_cmpint (data->kind, ==, SBOX_FS_FILE);
  g_assert_cmpuint (data->mode, ==, 0640);
  g_assert_cmpint (data->flags, ==, SBOX_FS_FLAG_BIND_DATA | SBOX_FS_FLAG_READ_ONLY);
  g_assert_cmpuint (data->content_len, ==, 3);
  g_assert_cmpint (op_at (cli.plan, 3)->kind, ==, SBOX_FS_CHMOD);
  g_assert_cmpuint (op_at (cli.plan, 3)->mode, ==, 0711);
}

/* Each bad command line: refused with bwrap's message. */
static void
test_usage_errors (void)
{
  static const struct
  {
    const char *words[8];
    const char *message;
  } cases[] = {
    { { "--bind", "/usr", NULL }, "--bind takes two arguments" },
    { { "--chdir", NULL }, "--chdir takes one argument" },
    { { "--uid", NULL }, "--uid takes an argument" },
    { { "--args", NULL }, "--args takes an argument" },
    { { "--perms", "0700", NULL }, "--perms must be followed by an option that creates a file" },
    { { "--perms", "0700", "--bind", "/a", "/b", "true", NULL },
      "--perms must be followed by an option that creates a file" },
    { { "--perms", "0700", "true", NULL },
      "--perms must be followed by an option that creates a file" },
    { { "--perms", "9", "--dir", "/x", "true", NULL }, "--perms takes an octal argument <= 07777" },
    { { "--perms", "010000", "--dir", "/x", "true", NULL },
      "--perms takes an octal argument <= 07777" },
    { { "--perms", "-1", "--dir", "/x", "true", NULL },
      "--perms takes an octal argument <= 07777" },
    { { "--perms", "0700", "--perms", "0700", "--dir", "/x", NULL },
      "--perms given twice for the same action" },
    { { "--size", "0", "--tmpfs", "/x", "true", NULL }, "--size takes a non-zero number of bytes" },
    { { "--size", "10", "--dir", "/x", "true", NULL }, "--size must be followed by --tmpfs" },
    { { "--chmod", "8", "/x", "true", NULL }, "--chmod takes an octal argument <= 07777" },
    { { "--info-fd", "x", "true", NULL }, "Invalid fd: x" },
    { { "--args", "-3", "true", NULL }, "Invalid fd: -3" },
    { { "--uid", "12ab", "true", NULL }, "Invalid uid: 12ab" },
    { { "--hostname", "h", "true", NULL }, "Specifying --hostname requires --unshare-uts" },
    { { "--as-pid-1", "true", NULL }, "Specifying --as-pid-1 requires --unshare-pid" },
    { { "--no-such", "true", NULL }, "Unknown option --no-such" },
    { { "--cap-drop", "CAP_NOPE", "true", NULL }, "unknown cap: CAP_NOPE" },
    { { "--argv0", NULL }, "--argv0 takes one argument" },
    { { "--argv0", "a", "--argv0", "b", "true", NULL }, "--argv0 used multiple times" },
    { { "--disable-userns", "true", NULL }, "--disable-userns requires --unshare-user" },
    { { "--userns", "3", "--unshare-user", "true", NULL },
      "--userns not compatible --unshare-user" },
    { { "--userns", "3", "--unshare-all", "true", NULL },
      "--userns not compatible --unshare-user-try" },
    { { "--unshare-user", "--userns-block-fd", "3", "true", NULL },
      "--userns-block-fd requires --info-fd" },
    { { "--pidns", "x", "true", NULL }, "Invalid fd: x" },
    { { "--mqueue", NULL }, "--mqueue takes an argument" },
    { { "--cap-add", NULL }, "--cap-add takes an argument" },
    { { "--cap-add", "CAP_NOPE", "true", NULL }, "unknown cap: CAP_NOPE" },
    { { "--ro-bind", "/usr", "/usr", NULL }, "No command specified" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (SboxBwrapCli) cli = { 0 };
      g_autoptr (GError) error = NULL;
      g_assert_false (parse_argv (&cli, &error, cases[i].words));
      g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_null (cli.plan);
    }
}

static void
test_args_unreadable (void)
{
  g_auto (SboxBwrapCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_false (PARSE (&cli, &error, "--args", "987", "true"));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
  g_assert_true (g_str_has_prefix (error->message, "Can't read --args data: "));
}

static void
test_help_version (void)
{
  g_auto (SboxBwrapCli) help = { 0 };
  g_auto (SboxBwrapCli) version = { 0 };
  g_assert_true (PARSE (&help, NULL, "--unshare-all", "--help", "--bogus"));
  g_assert_true (help.help);
  g_assert_true (PARSE (&version, NULL, "--version"));
  g_assert_true (version.version);
  g_autofree char *text = sbox_bwrap_cli_help ("bwrap");
  g_assert_true (g_str_has_prefix (text, "usage: bwrap [OPTIONS...]"));
  g_assert_true (sbox_bwrap_cli_selected ("/usr/bin/sbox-bwrap"));
  g_assert_true (sbox_bwrap_cli_selected ("bwrap"));
  g_assert_false (sbox_bwrap_cli_selected ("/usr/bin/sbox"));
}

static void
test_harden (void)
{
  /* The parser leaves policy alone; the composer adds it on request. */
  static const char *const env[] = { "SBOX_BWRAP_HARDEN=1", "XDG_CONFIG_HOME=/nonexistent", NULL };
  static const char *const plain[] = { "XDG_CONFIG_HOME=/nonexistent", NULL };
  char *argv[] = { (char *) "sbox-bwrap", (char *) "true", NULL };
  g_auto (SboxBwrapCli) cli = { 0 };
  g_assert_true (sbox_bwrap_cli_parse (2, argv, env, &cli, NULL));
  g_assert_cmpstr (cli.plan->sandbox.landlock, ==, "false");
  g_assert_true (sbox_compose_bwrap_plan (cli.plan, env, NULL));
  g_assert_cmpstr (cli.plan->sandbox.seccomp, ==, "default");
  g_assert_cmpstr (cli.plan->sandbox.landlock, ==, "true");

  g_auto (SboxBwrapCli) bare = { 0 };
  g_assert_true (sbox_bwrap_cli_parse (2, argv, plain, &bare, NULL));
  g_assert_true (sbox_compose_bwrap_plan (bare.plan, plain, NULL));
  g_assert_cmpstr (bare.plan->sandbox.landlock, ==, "false");
  g_assert_cmpstr (bare.plan->sandbox.seccomp, !=, "default");
}

/* --overlay-src layers, bottom first, go to the overlay option after them. */
static void
test_overlay (void)
{
  g_auto (SboxBwrapCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *rel = g_build_filename (cwd, "rel", NULL);
  g_assert_true (PARSE (&cli, &error, "--overlay-src", "/l1", "--overlay-src", "rel", "--overlay",
                        "/up", "/wk", "o", "--overlay-src", "/l1", "--tmp-overlay", "/t",
                        "--overlay-src", "/a", "--overlay-src", "/b", "--ro-overlay", "/r",
                        "true"));
  g_assert_no_error (error);
  const SboxFsOp *rw = op_at (cli.plan, 0), *tmp = op_at (cli.plan, 1), *ro = op_at (cli.plan, 2);
  g_assert_cmpuint (cli.plan->sandbox.fs_ops->len, ==, 3);
  g_assert_cmpint (rw->kind, ==, SBOX_FS_OVERLAY);
  g_assert_cmpstr (rw->dest, ==, "/o");
  g_assert_cmpstr (rw->source, ==, "/up");
  g_assert_cmpstr (rw->work, ==, "/wk");
  g_assert_cmpuint (g_strv_length (rw->lower), ==, 2);
  g_assert_cmpstr (rw->lower[0], ==, "/l1");
  g_assert_cmpstr (rw->lower[1], ==, rel);
  g_assert_true (sbox_fs_op_is_writable (rw));
  g_assert_cmpint (tmp->kind, ==, SBOX_FS_OVERLAY);
  g_assert_null (tmp->source);
  g_assert_null (tmp->work);
  g_assert_cmpuint (g_strv_length (tmp->lower), ==, 1); /* only the layers since the last */
  g_assert_true (sbox_fs_op_is_writable (tmp));
  g_assert_cmpint (ro->flags & SBOX_FS_FLAG_READ_ONLY, !=, 0);
  g_assert_cmpstr (ro->lower[0], ==, "/a");
  g_assert_cmpstr (ro->lower[1], ==, "/b");
  g_assert_false (sbox_fs_op_is_writable (ro));
  g_autofree char *text = sbox_plan_to_text (cli.plan);
  g_autofree char *want_rw = g_strdup_printf ("  overlay /up /o lower=/l1:%s work=/wk\n", rel);
  g_assert_nonnull (strstr (text, want_rw));
  g_assert_nonnull (strstr (text, "  overlay /t lower=/l1 upper=tmpfs\n"));
  g_assert_nonnull (strstr (text, "  overlay /r lower=/a:/b ro\n"));
  g_autofree char *json = sbox_plan_to_json (cli.plan);
  g_assert_nonnull (strstr (json, "\"lower\": [\"/a\", \"/b\"], \"writes\": \"none\""));
  g_assert_nonnull (strstr (json, "\"work\": \"/wk\", \"writes\": \"source\""));

  static const struct
  {
    const char *words[8];
    const char *message;
  } cases[] = {
    { { "--overlay-src", NULL },
      "--overlay-src must be followed by another --overlay-src or one of --overlay, "
      "--tmp-overlay, or --ro-overlay" },
    { { "--overlay-src", "/a", "--bind", "/a", "/b", "true", NULL },
      "--overlay-src must be followed by another --overlay-src or one of --overlay, "
      "--tmp-overlay, or --ro-overlay" },
    { { "--overlay-src", "/a", "true", NULL },
      "--overlay-src must be followed by another --overlay-src or one of --overlay, "
      "--tmp-overlay, or --ro-overlay" },
    { { "--overlay-src", "/a", "--ro-overlay", "/r", "true", NULL },
      "--ro-overlay requires at least two --overlay-src" },
    { { "--tmp-overlay", "/t", "true", NULL },
      "--tmp-overlay requires at least one --overlay-src" },
    { { "--overlay-src", "/a", "--overlay", "/u", "/w", NULL }, "--overlay takes three arguments" },
    { { "--overlay-src", "/a", "--tmp-overlay", NULL }, "--tmp-overlay takes an argument" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (SboxBwrapCli) bad = { 0 };
      g_autoptr (GError) bad_error = NULL;
      g_assert_false (parse_argv (&bad, &bad_error, cases[i].words));
      g_assert_error (bad_error, SBOX_ERROR, SBOX_ERROR_USAGE);
      g_assert_cmpstr (bad_error->message, ==, cases[i].message);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bwrap-cli/bare-plan", test_bare_plan);
  g_test_add_func ("/bwrap-cli/namespaces", test_namespaces);
  g_test_add_func ("/bwrap-cli/process-options", test_process_options);
  g_test_add_func ("/bwrap-cli/joined-namespaces", test_joined_namespaces);
  g_test_add_func ("/bwrap-cli/args-fd", test_args_fd);
  g_test_add_func ("/bwrap-cli/args-fd-refused", test_args_fd_refused);
  g_test_add_func ("/bwrap-cli/perms-and-size", test_perms_and_size);
  g_test_add_func ("/bwrap-cli/usage-errors", test_usage_errors);
  g_test_add_func ("/bwrap-cli/args-unreadable", test_args_unreadable);
  g_test_add_func ("/bwrap-cli/help-version", test_help_version);
  g_test_add_func ("/bwrap-cli/harden", test_harden);
  g_test_add_func ("/bwrap-cli/overlay", test_overlay);
  return g_test_run ();
}
