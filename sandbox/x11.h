/* x11.h — the X11 door: one display's socket and one display's cookie. */
#pragma once

#include <glib.h>

/* The display the sandbox sees is given this number (or the next free
 * one) whatever the host's is, as Flatpak does. */
#define SBOX_X11_INSIDE_DISPLAY 99

/* A local DISPLAY (":0", ":1.0", "unix:2", "unix/:0", "HOST/unix:0"): its
 * number and screen. FALSE for remote (TCP) or malformed displays, which
 * get no door. */
gboolean sbox_x11_parse_display (const char *display, int *number, int *screen);

/* The display number of a local DISPLAY; -1 for the others. */
int sbox_x11_display_number (const char *display);

/* The display number to use inside: one whose abstract socket does not
 * exist where the sandbox's network namespace is the caller's. */
int sbox_x11_inside_number (gboolean shared_network);

/* The entries of the Xauthority file data that belong to display number,
 * rewritten to match any host name (the sandbox may have its own) and
 * display inside_number. */
GBytes *sbox_x11_filter_xauthority (GBytes *xauthority, int number, int inside_number);
