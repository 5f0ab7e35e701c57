/* fuzz-x11.c — the X11 door's parsers: the first line is a DISPLAY value,
 * the rest an Xauthority file whose entries for that display are kept. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "x11.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  const uint8_t *nl = memchr (data, '\n', size);
  size_t first = nl ? (size_t) (nl - data) : size;
  g_autofree char *display = g_strndup ((const char *) data, first);
  int number = 0, screen = 0;
  if (!sbox_x11_parse_display (display, &number, &screen))
    number = 0;
  else if (number < 0 || screen < 0 || sbox_x11_display_number (display) != number)
    abort (); /* the two readings of one DISPLAY agree */
  size_t rest = nl ? size - first - 1 : 0;
  g_autoptr (GBytes) file = g_bytes_new (nl ? nl + 1 : NULL, rest);
  g_autoptr (GBytes) mine = sbox_x11_filter_xauthority (file, number, SBOX_X11_INSIDE_DISPLAY);
  if (mine == NULL || g_bytes_get_size (mine) > rest + 64 * (rest / 8 + 1))
    abort ();
  return 0;
}
