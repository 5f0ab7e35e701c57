/* x11.h — the X11 door: one display's socket and one display's cookie. */
#pragma once

#include <glib.h>

/* The display number of a local DISPLAY (":0", ":1.0", "unix:2"); -1 for
 * remote or malformed displays, which get no door. */
int sbox_x11_display_number (const char *display);

/* The entries of the Xauthority file data that belong to display number,
 * rewritten to match any host name (the sandbox may have its own). */
GBytes *sbox_x11_filter_xauthority (GBytes *xauthority, int number);
