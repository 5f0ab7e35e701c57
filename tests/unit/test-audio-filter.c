/* Unit tests for audio-protocol.c: the property lists of the audio
 * filter's packets, rebuilt from an allowlist, and hostile packets. */
#include "config.h"

#include <string.h>

#include "audio-protocol.h"

#define APP "org.example.App.sbox"

static void
put_u32 (GByteArray *b, char tag, guint32 v)
{
  guint8 t = (guint8) tag;
  g_byte_array_append (b, &t, 1);
  v = GUINT32_TO_BE (v);
  g_byte_array_append (b, (const guint8 *) &v, 4);
}

static void
put_string (GByteArray *b, const char *s)
{
  g_byte_array_append (b, (const guint8 *) "t", 1);
  g_byte_array_append (b, (const guint8 *) s, (guint) strlen (s) + 1);
}

static void
put_property (GByteArray *b, const char *key, const char *value)
{
  guint32 n = (guint32) strlen (value) + 1;
  put_string (b, key);
  put_u32 (b, 'L', n);
  put_u32 (b, 'x', n);
  g_byte_array_append (b, (const guint8 *) value, n);
}

/* UPDATE_PLAYBACK_STREAM_PROPLIST (81), tag 7, channel 3, mode 2, then
 * the properties given as key, value, ..., NULL. */
static GByteArray *
update_stream (const char *first, ...)
{
  GByteArray *b = g_byte_array_new ();
  put_u32 (b, 'L', 81);
  put_u32 (b, 'L', 7);
  put_u32 (b, 'L', 3);
  put_u32 (b, 'L', 2);
  g_byte_array_append (b, (const guint8 *) "P", 1);
  va_list ap;
  va_start (ap, first);
  for (const char *key = first; key; key = va_arg (ap, const char *))
    put_property (b, key, va_arg (ap, const char *));
  va_end (ap);
  g_byte_array_append (b, (const guint8 *) "N", 1);
  return b;
}

/* The properties of the one list in a rewritten packet, "key=value\n"... */
static char *
properties_of (GByteArray *packet)
{
  const guint8 *p = packet->data;
  gsize at = 0;
  while (at < packet->len && p[at] != 'P')
    at = sbox_audio_protocol_skip (p, packet->len, at);
  g_assert_cmpuint (at, <, packet->len);
  GString *out = g_string_new (NULL);
  at++;
  while (p[at] != 'N')
    {
      const char *key = (const char *) p + at + 1;
      at += strlen (key) + 2;
      guint32 n;
      g_assert_true (sbox_audio_protocol_u32 (p, packet->len, at, &n));
      at += 5 + 5;
      g_string_append_printf (out, "%s=%.*s\n", key, (int) n, (const char *) p + at);
      at += n;
    }
  g_assert_cmpuint (at + 1, ==, packet->len);
  return g_string_free (out, FALSE);
}

static void
test_allowlist (void)
{
  g_autoptr (GByteArray) in = update_stream (
      "media.name", "song", "filter.apply", "ladspa-sink", "filter.apply.ladspa-sink.parameters",
      "plugin=/tmp/evil.so label=x", "device.api", "alsa", "module-stream-restore.id",
      "sink-input-by-application-name:HostPlayer", "application.process.binary", "skype",
      "window.x11.display", ":0", "media.role", "phone", "application.id", "org.host.Player",
      "application.name", "HostPlayer", NULL);
  g_autoptr (GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GByteArray) out = sbox_audio_protocol_rewrite (in->data, in->len, APP, dropped);
  g_assert_nonnull (out);
  g_autofree char *props = properties_of (out);
  g_assert_cmpstr (props, ==,
                   "media.name=song\n"
                   "window.x11.display=:0\n"
                   "application.name=HostPlayer (sbox)\n"
                   "application.id=" APP "\n"
                   "module-stream-restore.id=sink-input-by-application-id:" APP "\n");
  g_assert_cmpuint (dropped->len, ==, 5); /* filter.apply x2, device.api, binary, role */
  /* The values before the list are untouched. */
  g_assert_cmpmem (out->data, 20, in->data, 20);
}

static void
test_roles (void)
{
  g_autoptr (GByteArray) music = update_stream ("media.role", "music", NULL);
  g_autoptr (GByteArray) out = sbox_audio_protocol_rewrite (music->data, music->len, APP, NULL);
  g_autofree char *props = properties_of (out);
  g_assert_nonnull (strstr (props, "media.role=music\n"));
  g_autoptr (GByteArray) phone = update_stream ("media.role", "phone", NULL);
  g_autoptr (GByteArray) out2 = sbox_audio_protocol_rewrite (phone->data, phone->len, APP, NULL);
  g_autofree char *props2 = properties_of (out2);
  g_assert_null (strstr (props2, "media.role"));
}

static void
test_client (void)
{
  /* SET_CLIENT_NAME: no module-stream-restore.id on a client. */
  g_autoptr (GByteArray) b = g_byte_array_new ();
  put_u32 (b, 'L', 9);
  put_u32 (b, 'L', 1);
  g_byte_array_append (b, (const guint8 *) "P", 1);
  put_property (b, "application.name", "pactl");
  put_property (b, "filter.want", "echo-cancel");
  g_byte_array_append (b, (const guint8 *) "N", 1);
  g_autoptr (GByteArray) out = sbox_audio_protocol_rewrite (b->data, b->len, APP, NULL);
  g_autofree char *props = properties_of (out);
  g_assert_cmpstr (props, ==, "application.name=pactl (sbox)\napplication.id=" APP "\n");
}

static void
test_formats (void)
{
  /* CREATE_PLAYBACK_STREAM's tail: its list, then a count and a format
   * whose own list keeps format.* keys and gains nothing. */
  g_autoptr (GByteArray) b = g_byte_array_new ();
  put_u32 (b, 'L', 3);
  put_u32 (b, 'L', 1);
  g_byte_array_append (b, (const guint8 *) "P", 1);
  put_property (b, "media.name", "x");
  g_byte_array_append (b, (const guint8 *) "NB\001fB\001P", 7);
  put_property (b, "format.rate", "44100");
  put_property (b, "filter.apply", "ladspa-sink");
  g_byte_array_append (b, (const guint8 *) "N0", 2);
  g_autoptr (GByteArray) out = sbox_audio_protocol_rewrite (b->data, b->len, APP, NULL);
  g_assert_nonnull (out);
  g_autoptr (GByteArray) want = g_byte_array_new ();
  put_u32 (want, 'L', 3);
  put_u32 (want, 'L', 1);
  g_byte_array_append (want, (const guint8 *) "P", 1);
  put_property (want, "media.name", "x");
  put_property (want, "application.id", APP);
  put_property (want, "module-stream-restore.id", "sink-input-by-application-id:" APP);
  g_byte_array_append (want, (const guint8 *) "NB\001fB\001P", 7);
  put_property (want, "format.rate", "44100");
  g_byte_array_append (want, (const guint8 *) "N0", 2);
  g_assert_cmpmem (out->data, out->len, want->data, want->len);
  /* A format cut short. */
  g_assert_null (sbox_audio_protocol_rewrite (b->data, b->len - 2, APP, NULL));
}

static void
test_removal (void)
{
  /* REMOVE_CLIENT_PROPLIST: the keys sbox sets stay. */
  g_autoptr (GByteArray) b = g_byte_array_new ();
  put_u32 (b, 'L', 85);
  put_u32 (b, 'L', 1);
  put_string (b, "application.id");
  put_string (b, "media.name");
  put_string (b, "module-stream-restore.id");
  g_byte_array_append (b, (const guint8 *) "N", 1);
  g_autoptr (GByteArray) out = sbox_audio_protocol_rewrite (b->data, b->len, APP, NULL);
  g_assert_nonnull (out);
  g_autoptr (GByteArray) want = g_byte_array_new ();
  put_u32 (want, 'L', 85);
  put_u32 (want, 'L', 1);
  put_string (want, "media.name");
  g_byte_array_append (want, (const guint8 *) "N", 1);
  g_assert_cmpmem (out->data, out->len, want->data, want->len);
  /* A property list in a removal is not one the server reads. */
  g_autoptr (GByteArray) bad = g_byte_array_new ();
  put_u32 (bad, 'L', 85);
  put_u32 (bad, 'L', 1);
  g_byte_array_append (bad, (const guint8 *) "PN", 2);
  g_assert_null (sbox_audio_protocol_rewrite (bad->data, bad->len, APP, NULL));
}

static void
test_hostile (void)
{
  g_autoptr (GByteArray) good = update_stream ("media.name", "a", "media.title", "b", NULL);
  g_autoptr (GByteArray) ok = sbox_audio_protocol_rewrite (good->data, good->len, APP, NULL);
  g_assert_nonnull (ok);
  /* Every truncation. */
  for (guint n = 0; n < good->len; n++)
    g_assert_null (sbox_audio_protocol_rewrite (good->data, n, APP, NULL));
  /* Bytes after the packet's last value. */
  g_autoptr (GByteArray) longer = g_byte_array_new ();
  g_byte_array_append (longer, good->data, good->len);
  g_byte_array_append (longer, (const guint8 *) "Z", 1);
  g_assert_null (sbox_audio_protocol_rewrite (longer->data, longer->len, APP, NULL));

  /* A length that is not the value's, and lengths near 2^32. */
  static const guint32 lengths[] = { 3, 0xffffffffu, 0xfffffffbu, 0x80000000u };
  for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++)
    for (int which = 0; which < 2; which++)
      {
        g_autoptr (GByteArray) b = g_byte_array_new ();
        put_u32 (b, 'L', 81);
        put_u32 (b, 'L', 7);
        put_u32 (b, 'L', 3);
        put_u32 (b, 'L', 2);
        g_byte_array_append (b, (const guint8 *) "P", 1);
        put_string (b, "media.name");
        put_u32 (b, 'L', which ? lengths[i] : 2);
        put_u32 (b, 'x', which ? 2 : lengths[i]);
        g_byte_array_append (b, (const guint8 *) "a\0N", 3);
        g_assert_null (sbox_audio_protocol_rewrite (b->data, b->len, APP, NULL));
      }

  /* A list inside a list, and a key that is not a string. */
  static const char *const bodies[] = { "P", "PPN", "L", "x", "N" };
  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (GByteArray) b = g_byte_array_new ();
      put_u32 (b, 'L', 82);
      put_u32 (b, 'L', 1);
      put_u32 (b, 'L', 0);
      g_byte_array_append (b, (const guint8 *) "P", 1);
      g_byte_array_append (b, (const guint8 *) bodies[i], (guint) strlen (bodies[i]));
      gboolean valid = strcmp (bodies[i], "N") == 0;
      g_autoptr (GByteArray) out = sbox_audio_protocol_rewrite (b->data, b->len, APP, NULL);
      g_assert_true ((out != NULL) == valid);
    }

  /* A key without its NUL. */
  g_autoptr (GByteArray) b = g_byte_array_new ();
  put_u32 (b, 'L', 82);
  put_u32 (b, 'L', 1);
  put_u32 (b, 'L', 0);
  g_byte_array_append (b, (const guint8 *) "Ptmedia.name", 12);
  g_assert_null (sbox_audio_protocol_rewrite (b->data, b->len, APP, NULL));

  /* Two lists, or none (old protocol versions send a bare name). */
  g_autoptr (GByteArray) two = g_byte_array_new ();
  g_byte_array_append (two, good->data, good->len);
  g_byte_array_append (two, (const guint8 *) "PN", 2);
  g_assert_null (sbox_audio_protocol_rewrite (two->data, two->len, APP, NULL));
  g_autoptr (GByteArray) none = g_byte_array_new ();
  put_u32 (none, 'L', 9);
  put_u32 (none, 'L', 1);
  put_string (none, "HostPlayer");
  g_assert_null (sbox_audio_protocol_rewrite (none->data, none->len, APP, NULL));

  /* A value that is not a string cannot be a role or a name. */
  g_autoptr (GByteArray) bin = g_byte_array_new ();
  put_u32 (bin, 'L', 82);
  put_u32 (bin, 'L', 1);
  put_u32 (bin, 'L', 0);
  g_byte_array_append (bin, (const guint8 *) "P", 1);
  put_string (bin, "media.role");
  put_u32 (bin, 'L', 7);
  put_u32 (bin, 'x', 7);
  g_byte_array_append (bin, (const guint8 *) "music\0p", 7);
  put_string (bin, "application.name");
  put_u32 (bin, 'L', 2);
  put_u32 (bin, 'x', 2);
  g_byte_array_append (bin, (const guint8 *) "ab", 2);
  g_byte_array_append (bin, (const guint8 *) "N", 1);
  g_autoptr (GByteArray) out = sbox_audio_protocol_rewrite (bin->data, bin->len, APP, NULL);
  g_autofree char *props = properties_of (out);
  g_assert_cmpstr (props, ==, "application.id=" APP "\n");

  /* Commands without properties are not rewritten. */
  g_autoptr (GByteArray) stat = g_byte_array_new ();
  put_u32 (stat, 'L', 13);
  put_u32 (stat, 'L', 1);
  g_assert_false (sbox_audio_protocol_has_properties (13));
  g_assert_null (sbox_audio_protocol_rewrite (stat->data, stat->len, APP, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audio-protocol/allowlist", test_allowlist);
  g_test_add_func ("/audio-protocol/roles", test_roles);
  g_test_add_func ("/audio-protocol/client", test_client);
  g_test_add_func ("/audio-protocol/formats", test_formats);
  g_test_add_func ("/audio-protocol/removal", test_removal);
  g_test_add_func ("/audio-protocol/hostile", test_hostile);
  return g_test_run ();
}
