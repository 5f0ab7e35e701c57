/* test-exit.c — the one exit-code rule (error.c) and the failures the
 * child sends over the sync channel (sync.c): each kind maps to one status,
 * whatever the action or the process that failed. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "error.h"
#include "sync.h"

static void
test_kinds (void)
{
  g_assert_cmpint (sbox_error_exit_for_kind (SBOX_ERROR_USAGE), ==, 125);
  g_assert_cmpint (sbox_error_exit_for_kind (SBOX_ERROR_INVALID), ==, 125);
  g_assert_cmpint (sbox_error_exit_for_kind (SBOX_ERROR_SETUP), ==, 125);
  g_assert_cmpint (sbox_error_exit_for_kind (SBOX_ERROR_EXEC), ==, 126);
  g_assert_cmpint (sbox_error_exit_for_kind (SBOX_ERROR_NOT_FOUND), ==, 127);
  g_assert_cmpint (sbox_error_exit_for_kind (-1), ==, 125);
}

static void
test_errors (void)
{
  g_autoptr (GError) not_found = g_error_new (SBOX_ERROR, SBOX_ERROR_NOT_FOUND, "x");
  g_autoptr (GError) invalid = g_error_new (SBOX_ERROR, SBOX_ERROR_INVALID, "x");
  /* Another library's error is sbox's own failure, not the command's. */
  g_autoptr (GError) file = g_error_new (G_FILE_ERROR, G_FILE_ERROR_NOENT, "x");
  g_assert_cmpint (sbox_error_exit_for (not_found), ==, 127);
  g_assert_cmpint (sbox_error_exit_for (invalid), ==, 125);
  g_assert_cmpint (sbox_error_exit_for (file), ==, 125);
  g_assert_cmpint (sbox_error_exit_for (NULL), ==, 125);
}

static void
test_ends (void)
{
  g_assert_cmpint (sbox_error_exit_for_wait (0), ==, 0);
  g_assert_cmpint (sbox_error_exit_for_wait (7 << 8), ==, 7);
  g_assert_cmpint (sbox_error_exit_for_wait (SIGKILL), ==, 137);
  g_assert_cmpint (sbox_error_exit_for_wait (SIGTERM | 0x80), ==, 143); /* core dumped */
  g_assert_cmpint (sbox_error_exit_for_end (FALSE, 3), ==, 3);
  g_assert_cmpint (sbox_error_exit_for_end (TRUE, SIGINT), ==, 130);
}

static void
test_child_failures (void)
{
  SboxSyncMsg msg = { 0 };
  g_assert_cmpint (sbox_sync_fail (&msg, ENOENT, "cannot bind %s", "/x"), ==, -1);
  g_assert_cmpint (msg.step, ==, SBOX_STEP_ERROR);
  g_assert_cmpstr (msg.text, ==, "cannot bind /x: No such file or directory");
  g_assert_cmpint (sbox_sync_exit_status (&msg), ==, 125);
  sbox_sync_fail_kind (&msg, SBOX_ERROR_NOT_FOUND, 0, "%s: command not found", "x");
  g_assert_cmpstr (msg.text, ==, "x: command not found");
  g_assert_cmpint (sbox_sync_exit_status (&msg), ==, 127);
  sbox_sync_fail_kind (&msg, SBOX_ERROR_EXEC, EACCES, "cannot run %s", "x");
  g_assert_cmpint (sbox_sync_exit_status (&msg), ==, 126);
  /* A message that is no error report is no licence to exit 0. */
  SboxSyncMsg other = { .step = SBOX_STEP_LISTENER, .kind = SBOX_ERROR_NOT_FOUND };
  g_assert_cmpint (sbox_sync_exit_status (&other), ==, 125);
}

/* The steps are numbered in the order they travel and no value is shared. */
static void
test_step_order (void)
{
  static const int order[] = { SBOX_STEP_NAMESPACES, SBOX_STEP_MAPS_WRITTEN,
                               SBOX_STEP_IDMAPPED_TREE, SBOX_STEP_LISTENER, SBOX_STEP_ERROR };
  for (gsize i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpint (order[i], ==, (int) i + 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exit/kinds", test_kinds);
  g_test_add_func ("/exit/errors", test_errors);
  g_test_add_func ("/exit/ends", test_ends);
  g_test_add_func ("/exit/child-failures", test_child_failures);
  g_test_add_func ("/sync/step-order", test_step_order);
  return g_test_run ();
}
