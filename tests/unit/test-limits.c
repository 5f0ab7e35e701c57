/* test-limits.c — resource limits as written: --rlimit RES=SOFT:HARD
 * (rlimits.c), --memory's sizes (cgroup.c), --pids and --cpus (cli.c):
 * units, the least a command starts with, soft above hard. */
#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "cgroup.h"
#include "cli.h"
#include "compose.h"
#include "error.h"
#include "rlimits.h"

#define MIB ((guint64) 1 << 20)
#define GIB ((guint64) 1 << 30)

static void
test_rlimit_values (void)
{
  static const struct
  {
    const char *spec;
    int resource;
    guint64 soft, hard;
  } cases[] = {
    { "nofile=4096", RLIMIT_NOFILE, 4096, 4096 },
    { "nofile=1024:4096", RLIMIT_NOFILE, 1024, 4096 },
    { "nofile=4", RLIMIT_NOFILE, 4, 4 },
    { "nofile=64:unlimited", RLIMIT_NOFILE, 64, RLIM_INFINITY },
    { "as=512M", RLIMIT_AS, 512 * MIB, 512 * MIB },
    { "as=512m", RLIMIT_AS, 512 * MIB, 512 * MIB },
    { "as=4M", RLIMIT_AS, 4 * MIB, 4 * MIB },
    { "as=4096K:2G", RLIMIT_AS, 4 * MIB, 2 * GIB },
    { "as=unlimited", RLIMIT_AS, RLIM_INFINITY, RLIM_INFINITY },
    { "fsize=10k", RLIMIT_FSIZE, 10240, 10240 },
    { "fsize=0", RLIMIT_FSIZE, 0, 0 },
    { "core=0", RLIMIT_CORE, 0, 0 },
    { "memlock=1G", RLIMIT_MEMLOCK, GIB, GIB },
    { "cpu=1", RLIMIT_CPU, 1, 1 },
    { "cpu=infinity", RLIMIT_CPU, RLIM_INFINITY, RLIM_INFINITY },
    { "nproc=1", RLIMIT_NPROC, 1, 1 }, /* the CLI asks for 2 unless --as-pid-1 */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SboxPlan) plan = sbox_plan_new ();
      g_autoptr (GError) error = NULL;
      g_test_message ("%s", cases[i].spec);
      g_assert_true (sbox_limits_add_rlimit (plan, cases[i].spec, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (plan->sandbox.limits.rlimits->len, ==, 1);
      const SboxRlimit *r = &g_array_index (plan->sandbox.limits.rlimits, SboxRlimit, 0);
      g_assert_cmpint (r->resource, ==, cases[i].resource);
      g_assert_cmpuint (r->soft, ==, cases[i].soft);
      g_assert_cmpuint (r->hard, ==, cases[i].hard);
    }
}

static void
test_rlimit_refused (void)
{
  static const struct
  {
    const char *spec;
    const char *says;
  } cases[] = {
    { "nofile", "bad rlimit 'nofile': expected RES=VALUE with RES one of as, core, cpu, fsize, "
                "memlock, nofile, nproc" },
    { "stack=8M", "bad rlimit 'stack=8M': expected RES=VALUE" },
    { "=4", "bad rlimit '=4'" },
    { "nofile=", "bad rlimit value in 'nofile=': expected a number, 'unlimited' or SOFT:HARD" },
    { "nofile=4K", "bad rlimit value in 'nofile=4K': expected a number" },
    { "nofile=-1", "bad rlimit value in 'nofile=-1'" },
    { "nofile= 8", "bad rlimit value in 'nofile= 8'" },
    { "nofile=8:", "bad rlimit value in 'nofile=8:'" },
    { "nofile=8:16:32", "bad rlimit value in 'nofile=8:16:32'" },
    { "as=4T", "bad rlimit value in 'as=4T': expected a size (bytes, or with K, M or G)" },
    { "as=1.5G", "bad rlimit value in 'as=1.5G'" },
    { "as=4MB", "bad rlimit value in 'as=4MB'" },
    { "as=18446744073709551615G", "bad rlimit value" },
    { "as=99999999999999999999", "bad rlimit value" },
    { "nofile=4096:1024", "rlimit 'nofile=4096:1024': the soft limit 4096 is above the hard "
                          "limit 1024" },
    { "as=unlimited:1G", "the soft limit unlimited is above the hard limit 1G" },
    { "nofile=3", "rlimit 'nofile=3': too small for a command to start (the least is nofile=4)" },
    { "nofile=3:64", "(the least is nofile=4)" },
    { "as=3M", "rlimit 'as=3M': too small for a command to start (the least is as=4M)" },
    { "as=4095K", "(the least is as=4M)" },
    { "cpu=0", "(the least is cpu=1)" },
    { "nproc=0", "(the least is nproc=1)" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SboxPlan) plan = sbox_plan_new ();
      g_autoptr (GError) error = NULL;
      g_test_message ("%s", cases[i].spec);
      g_assert_false (sbox_limits_add_rlimit (plan, cases[i].spec, &error));
      g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("%s: '%s' does not say '%s'", cases[i].spec, error->message, cases[i].says);
      g_assert_cmpuint (plan->sandbox.limits.rlimits->len, ==, 0);
    }
}

static void
test_rlimit_names (void)
{
  g_assert_cmpstr (sbox_limits_rlimit_name (RLIMIT_NOFILE), ==, "nofile");
  g_assert_cmpstr (sbox_limits_rlimit_name (RLIMIT_AS), ==, "as");
  g_assert_cmpstr (sbox_limits_rlimit_name (RLIMIT_NPROC), ==, "nproc");
  g_assert_cmpstr (sbox_limits_rlimit_name (RLIMIT_STACK), ==, "unknown");
}

static void
test_sizes (void)
{
  static const struct
  {
    const char *text;
    guint64 bytes;
  } good[] = {
    { "1048576", MIB },     { "1024K", MIB },  { "1024k", MIB },   { "512M", 512 * MIB },
    { "512MB", 512 * MIB }, { "2G", 2 * GIB }, { "2gb", 2 * GIB }, { "1", 1 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      guint64 bytes = 0;
      g_test_message ("%s", good[i].text);
      g_assert_true (sbox_cgroup_parse_size (good[i].text, &bytes));
      g_assert_cmpuint (bytes, ==, good[i].bytes);
    }
  static const char *const bad[] = {
    "",
    "M",
    "0",
    "0M",
    "-1",
    " 1M",
    "+1M",
    "1T",
    "1.5G",
    "1 G",
    "1GG",
    "1B B",
    "18446744073709551615G",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint64 bytes = 42;
      g_test_message ("%s", bad[i]);
      g_assert_false (sbox_cgroup_parse_size (bad[i], &bytes));
      g_assert_cmpuint (bytes, ==, 42);
    }
}

static const char *const test_env[] = { "HOME=/home/ann", "USER=ann", NULL };

/* The plan the last parse () composed. */
static SboxPlan *composed;

/* sbox --noprofile OPTION... -- true, parsed and composed as main does */
static gboolean
parse (SboxCli *cli, GError **error, ...)
{
  va_list args;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) "sbox");
  g_ptr_array_add (argv, (char *) "--noprofile");
  va_start (args, error);
  for (const char *a = va_arg (args, const char *); a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, (char *) "--");
  g_ptr_array_add (argv, (char *) "true");
  g_ptr_array_add (argv, NULL);
  if (!sbox_cli_parse ((int) argv->len - 1, (char *const *) argv->pdata, cli, error))
    return FALSE;
  g_clear_pointer (&composed, sbox_plan_free);
  composed = sbox_compose_plan (&cli->request, test_env, error);
  return composed != NULL;
}

static void
test_cli_limits (void)
{
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (parse (&cli, &error, "--memory=512M", "--pids=2", "--cpus=0.5", NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (composed->sandbox.limits.memory_max, ==, 512 * MIB);
  g_assert_cmpuint (composed->sandbox.limits.pids_max, ==, 2);
  g_assert_cmpfloat (composed->sandbox.limits.cpus, ==, 0.5);

  g_auto (SboxCli) least = { 0 };
  g_assert_true (parse (&least, &error, "--memory", "4M", "--cpus", "4096", NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (composed->sandbox.limits.memory_max, ==, 4 * MIB);
  g_assert_cmpfloat (composed->sandbox.limits.cpus, ==, 4096);

  /* One process is enough when the command is PID 1 itself. */
  g_auto (SboxCli) alone = { 0 };
  g_assert_true (parse (&alone, &error, "--as-pid-1", "--pids=1", "--rlimit=nproc=1", NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (composed->sandbox.limits.pids_max, ==, 1);
}

static void
test_cli_limits_refused (void)
{
  static const struct
  {
    const char *option;
    const char *says;
  } cases[] = {
    { "--memory=3M", "--memory=3M: too small for a command to start (the least is 4M)" },
    { "--memory=4095K", "--memory=4095K: too small for a command to start (the least is 4M)" },
    { "--memory=0", "--memory: bad value '0'" },
    { "--memory=lots", "--memory: bad value 'lots'" },
    { "--memory=1T", "--memory: bad value '1T'" },
    { "--pids=0", "--pids: bad value '0'" },
    { "--pids=-3", "--pids: bad value '-3'" },
    { "--pids=2147483648", "--pids: bad value '2147483648'" },
    { "--pids=1", "--pids=1: too small for a command to start under sbox's init (the least is 2, "
                  "or 1 with --as-pid-1)" },
    { "--rlimit=nproc=1", "rlimit nproc=1: too small for a command to start under sbox's init" },
    { "--rlimit=nofile=9:8", "the soft limit 9 is above the hard limit 8" },
    { "--rlimit=nofile=", "bad rlimit value in 'nofile='" },
    { "--cpus=0", "--cpus: bad value '0'" },
    { "--cpus=-1", "--cpus: bad value '-1'" },
    { "--cpus=4097", "--cpus: bad value '4097'" },
    { "--cpus=1x", "--cpus: bad value '1x'" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (SboxCli) cli = { 0 };
      g_autoptr (GError) error = NULL;
      g_test_message ("%s", cases[i].option);
      g_assert_false (parse (&cli, &error, cases[i].option, NULL));
      /* --rlimit goes through the profile layer, whose code differs. */
      g_assert_true (error->domain == SBOX_ERROR);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("%s: '%s' does not say '%s'", cases[i].option, error->message, cases[i].says);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/limits/rlimit-values", test_rlimit_values);
  g_test_add_func ("/limits/rlimit-refused", test_rlimit_refused);
  g_test_add_func ("/limits/rlimit-names", test_rlimit_names);
  g_test_add_func ("/limits/sizes", test_sizes);
  g_test_add_func ("/limits/cli", test_cli_limits);
  g_test_add_func ("/limits/cli-refused", test_cli_limits_refused);
  return g_test_run ();
}
