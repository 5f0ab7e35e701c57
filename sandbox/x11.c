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

/* DISPLAY is "[PROTOCOL/][HOST]:N[.S]" (libxcb's and Xlib's grammar). It is
 * local when the protocol is unix or local, or when there is none and the
 * host is empty or "unix"; "HOST/unix:N" names the local socket too. Any
 * other host or protocol (tcp, inet) means TCP, which gets no door. */
gboolean
sbox_x11_parse_display (const char *display, int *number, int *screen)
{
  if (display == NULL)
    return FALSE;
  const char *slash = strrchr (display, '/');
  const char *host = slash ? slash + 1 : display;
  const char *colon = strrchr (host, ':');
  if (colon == NULL)
    return FALSE;
  gsize host_len = (gsize) (colon - host);
  gboolean host_local = host_len == 0 || (host_len == 4 && strncmp (host, "unix", 4) == 0);
  if (slash)
    {
      gsize proto_len = (gsize) (slash - display);
      gboolean proto_local = (proto_len == 4 && strncmp (display, "unix", 4) == 0)
                             || (proto_len == 5 && strncmp (display, "local", 5) == 0);
      gboolean proto_tcp = (proto_len == 3 && strncmp (display, "tcp", 3) == 0)
                           || (proto_len >= 4 && strncmp (display, "inet", 4) == 0);
      if (proto_tcp || (!proto_local && !host_local))
        return FALSE;
    }
  else if (!host_local)
    return FALSE;
  char *end = NULL;
  long n = strtol (colon + 1, &end, 10);
  if (end == colon + 1 || n < 0 || n > 65535 || !g_ascii_isdigit (colon[1]))
    return FALSE;
  long s = 0;
  if (*end == '.')
    {
      const char *digits = end + 1;
      s = strtol (digits, &end, 10);
      if (end == digits || s < 0 || s > 65535 || !g_ascii_isdigit (*digits))
        return FALSE;
    }
  if (*end != '\0')
    return FALSE;
  if (number)
    *number = (int) n;
  if (screen)
    *screen = (int) s;
  return TRUE;
}

int
sbox_x11_display_number (const char *display)
{
  int number;
  return sbox_x11_parse_display (display, &number, NULL) ? number : -1;
}

/* Whether an abstract socket of this name is bound in the caller's network
 * namespace: /proc/net/unix lists them with a leading '@'. */
static gboolean
abstract_socket_exists (const char *name)
{
  g_autofree char *table = NULL;
  if (!g_file_get_contents ("/proc/net/unix", &table, NULL, NULL))
    return FALSE;
  g_autofree char *wanted = g_strconcat (" @", name, "\n", NULL);
  return strstr (table, wanted) != NULL;
}

int
sbox_x11_inside_number (gboolean shared_network)
{
  /* libxcb tries the abstract socket @/tmp/.X11-unix/XN first and falls
   * back to the path only on ENOENT or ECONNREFUSED; in the host's network
   * namespace Landlock's scoping refuses the host server's abstract socket
   * with EPERM, so the display inside takes a number whose abstract socket
   * nobody has bound. */
  for (int n = SBOX_X11_INSIDE_DISPLAY; n < SBOX_X11_INSIDE_DISPLAY + 100; n++)
    {
      g_autofree char *name = g_strdup_printf ("/tmp/.X11-unix/X%d", n);
      if (!shared_network || !abstract_socket_exists (name))
        return n;
    }
  return SBOX_X11_INSIDE_DISPLAY;
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
sbox_x11_filter_xauthority (GBytes *xauthority, int number, int inside_number)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (xauthority, &size);
  /* An empty file's data may be NULL, to which no offset may be added. */
  const guint8 *end = size ? p + size : p;
  g_autofree char *wanted = g_strdup_printf ("%d", number);
  g_autofree char *renamed = g_strdup_printf ("%d", inside_number);
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
      write_field (out, (const guint8 *) renamed, (guint16) strlen (renamed));
      write_field (out, name, name_len);
      write_field (out, data, data_len);
    }
  return g_byte_array_free_to_bytes (out);
}
