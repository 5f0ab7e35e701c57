/* sbox-desktop.c — application menu entries that start their applications
 * inside sbox.  It writes a copy of an application's .desktop file into the
 * user's applications directory, where it shadows the system one, with every
 * Exec= prefixed by "SBOX --profile=NAME --"; it lists, refreshes and removes
 * those copies, and optionally manages PROGRAM -> sbox symlinks.  It runs
 * outside any sandbox and needs no privileges.  This file only wires the
 * command line to the commands: desktop-cli.c parses, desktop-install.c
 * (enable, refresh, disable) and desktop-list.c (list) act. */
#include "config.h"

#include "desktop-cli.h"
#include "desktop-install.h"
#include "desktop-list.h"
#include "desktop-run.h"

int
main (int argc, char **argv)
{
  SboxDesktopRun run = { 0 };
  int rc = sbox_desktop_cli_parse (&run, argc, argv);

  if (rc < 0)
    {
      if (g_str_equal (run.command, "enable"))
        sbox_desktop_install_enable (&run);
      else if (g_str_equal (run.command, "disable"))
        sbox_desktop_install_disable (&run);
      else if (g_str_equal (run.command, "list"))
        sbox_desktop_list_show (&run);
      else
        sbox_desktop_install_refresh (&run);
      sbox_desktop_install_update_database (&run);
      rc = run.status;
    }
  sbox_desktop_run_clear (&run);
  return rc;
}
