/* x11.c — the X11 door. X11 cannot keep clients apart (any client can read
 * the keyboard and the screen of the others), so profiles prefer Wayland
 * and use fallback-x11. What sbox can do is give one display only: its
 * socket, and an Xauthority holding only its cookie. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "x11.h"

#define FAMILY_LOCAL 256
#define FAMILY_WILD 65535

int
sbox_x11_display_number (const char *display)
{
  if (display == NULL)
    return -1;
  const char *colon = strrchr (display, ':');
  if (colon == NULL)
    return -1;
  /* Only local displays: ":N" or "unix:N"; a host name means TCP. */
  gsize host_len = (gsize) (colon - display);
  if (host_len != 0 && !(host_len == 4 && strncmp (display, "unix", 4) == 0))
    return -1;
  char *end = NULL;
  long number = strtol (colon + 1, &end, 10);
  if (end == colon + 1 || (*end != '\0' && *end != '.') || number < 0 || number > 65535)
    return -1;
  return (int) number;
}

/* One field: a big-endian 16-bit length and that many bytes. */
static gboolean
read_field (const guint8 **p, const guint8 *end, const guint8 **data, guint16 *len)
{
  if (end - *p < 2)
    return FALSE;
  *len = (guint16) ((*p)[0] << 8 | (*p)[1]);
  if (end - *p - 2 < *len)
    return FALSE;
  *data = *p + 2;
  *p += 2 + *len;
  return TRUE;
}

static void
write_field (GByteArray *out, const guint8 *data, guint16 len)
{
  guint8 header[2] = { (guint8) (len >> 8), (guint8) (len & 0xff) };
  g_byte_array_append (out, header, 2);
  g_byte_array_append (out, data, len);
}

GBytes *
sbox_x11_filter_xauthority (GBytes *xauthority, int number)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (xauthority, &size);
  const guint8 *end = p + size;
  g_autofree char *wanted = g_strdup_printf ("%d", number);
  GByteArray *out = g_byte_array_new ();
  while (end - p >= 2)
    {
      guint16 family = (guint16) (p[0] << 8 | p[1]);
      p += 2;
      const guint8 *address, *display, *name, *data;
      guint16 address_len, display_len, name_len, data_len;
      if (!read_field (&p, end, &address, &address_len)
          || !read_field (&p, end, &display, &display_len)
          || !read_field (&p, end, &name, &name_len) || !read_field (&p, end, &data, &data_len))
        break;
      if ((family != FAMILY_LOCAL && family != FAMILY_WILD) || display_len != strlen (wanted)
          || memcmp (display, wanted, display_len) != 0)
        continue;
      guint8 wild[2] = { FAMILY_WILD >> 8, FAMILY_WILD & 0xff };
      g_byte_array_append (out, wild, 2);
      write_field (out, (const guint8 *) "", 0);
      write_field (out, display, display_len);
      write_field (out, name, name_len);
      write_field (out, data, data_len);
    }
  return g_byte_array_free_to_bytes (out);
}
