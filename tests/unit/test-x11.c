/* test-x11.c — DISPLAY forms and the cookie's renumbering. */
#include "config.h"

#include <string.h>

#include "x11.h"

static void
test_display_forms (void)
{
  static const struct
  {
    const char *display;
    gboolean local;
    int number, screen;
  } cases[] = {
    { ":0", TRUE, 0, 0 },
    { ":1.2", TRUE, 1, 2 },
    { "unix:3", TRUE, 3, 0 },
    { "unix:3.1", TRUE, 3, 1 },
    { "unix/:4", TRUE, 4, 0 },
    { "local/host:5", TRUE, 5, 0 },
    { "myhost/unix:6", TRUE, 6, 0 },
    { "host:0", FALSE, 0, 0 },
    { "tcp/host:0", FALSE, 0, 0 },
    { "tcp/:0", FALSE, 0, 0 },
    { "inet6/unix:0", FALSE, 0, 0 },
    { "localhost:10.0", FALSE, 0, 0 },
    { ":", FALSE, 0, 0 },
    { ":x", FALSE, 0, 0 },
    { ":1.", FALSE, 0, 0 },
    { ":1.x", FALSE, 0, 0 },
    { ":-1", FALSE, 0, 0 },
    { ":70000", FALSE, 0, 0 },
    { "", FALSE, 0, 0 },
    { "0", FALSE, 0, 0 },
    { ":1 ", FALSE, 0, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int number = -1, screen = -1;
      gboolean local = sbox_x11_parse_display (cases[i].display, &number, &screen);
      g_test_message ("DISPLAY=%s", cases[i].display);
      g_assert_cmpint (local, ==, cases[i].local);
      if (local)
        {
          g_assert_cmpint (number, ==, cases[i].number);
          g_assert_cmpint (screen, ==, cases[i].screen);
        }
    }
  g_assert_false (sbox_x11_parse_display (NULL, NULL, NULL));
}

static void
append_field (GByteArray *out, const char *text)
{
  guint8 len[2] = { 0, (guint8) strlen (text) };
  g_byte_array_append (out, len, 2);
  g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
}

static void
append_entry (GByteArray *out, guint16 family, const char *display, const char *cookie)
{
  guint8 fam[2] = { (guint8) (family >> 8), (guint8) family };
  g_byte_array_append (out, fam, 2);
  append_field (out, "host");
  append_field (out, display);
  append_field (out, "MIT-MAGIC-COOKIE-1");
  append_field (out, cookie);
}

static void
test_cookie_renumbered (void)
{
  GByteArray *file = g_byte_array_new ();
  append_entry (file, 256, "7", "seven");
  append_entry (file, 256, "99", "decoy");
  append_entry (file, 0, "7", "tcp-entry");
  g_autoptr (GBytes) all = g_byte_array_free_to_bytes (file);
  g_autoptr (GBytes) mine = sbox_x11_filter_xauthority (all, 7, 99);
  gsize len;
  const char *data = g_bytes_get_data (mine, &len);
  GByteArray *want = g_byte_array_new ();
  guint8 wild[2] = { 0xff, 0xff };
  g_byte_array_append (want, wild, 2);
  append_field (want, "");
  append_field (want, "99");
  append_field (want, "MIT-MAGIC-COOKIE-1");
  append_field (want, "seven");
  g_autoptr (GBytes) expected = g_byte_array_free_to_bytes (want);
  g_assert_cmpmem (data, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* Wildcard entries count like local ones; a display whose number only
 * starts with the wanted one does not; a truncated entry ends the file
 * and what came before it is kept. */
static void
test_cookie_edges (void)
{
  GByteArray *file = g_byte_array_new ();
  append_entry (file, 0xffff, "7", "wild");
  append_entry (file, 256, "70", "seventy");
  append_entry (file, 256, "", "no-number");
  append_entry (file, 256, "7", "local");
  guint8 truncated[] = { 0x01, 0x00, 0x00, 0x04, 'h', 'o' };
  g_byte_array_append (file, truncated, sizeof truncated);
  g_autoptr (GBytes) all = g_byte_array_free_to_bytes (file);
  g_autoptr (GBytes) mine = sbox_x11_filter_xauthority (all, 7, 7);
  GByteArray *want = g_byte_array_new ();
  guint8 wild[2] = { 0xff, 0xff };
  g_byte_array_append (want, wild, 2);
  append_field (want, "");
  append_field (want, "7");
  append_field (want, "MIT-MAGIC-COOKIE-1");
  append_field (want, "wild");
  g_byte_array_append (want, wild, 2);
  append_field (want, "");
  append_field (want, "7");
  append_field (want, "MIT-MAGIC-COOKIE-1");
  append_field (want, "local");
  g_autoptr (GBytes) expected = g_byte_array_free_to_bytes (want);
  g_assert_true (g_bytes_equal (mine, expected));

  /* Nothing, or only a family: no entries. */
  g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr (GBytes) none = sbox_x11_filter_xauthority (empty, 0, 99);
  g_assert_cmpuint (g_bytes_get_size (none), ==, 0);
  g_autoptr (GBytes) family_only = g_bytes_new ("\x01\x00", 2);
  g_autoptr (GBytes) none_either = sbox_x11_filter_xauthority (family_only, 0, 99);
  g_assert_cmpuint (g_bytes_get_size (none_either), ==, 0);
}

static void
test_display_number (void)
{
  g_assert_cmpint (sbox_x11_display_number (":3.1"), ==, 3);
  g_assert_cmpint (sbox_x11_display_number ("unix:12"), ==, 12);
  g_assert_cmpint (sbox_x11_display_number ("host:0"), ==, -1);
  g_assert_cmpint (sbox_x11_display_number (NULL), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/x11/display-forms", test_display_forms);
  g_test_add_func ("/x11/cookie-renumbered", test_cookie_renumbered);
  g_test_add_func ("/x11/cookie-edges", test_cookie_edges);
  g_test_add_func ("/x11/display-number", test_display_number);
  return g_test_run ();
}
