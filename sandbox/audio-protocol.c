/* audio-protocol.c — the values of PulseAudio's tagstruct as the server
 * reads them (pulsecore/tagstruct.c), and the rewriting of the property
 * lists a sandboxed client sends. Properties are not inert: server modules
 * act on them. module-filter-apply loads module-<filter.apply> with the
 * arguments in filter.apply.<name>.parameters (module-ladspa-sink
 * dlopen()s the plugin it names, on the host); module-role-cork mutes
 * other programs' music for a media.role=phone stream;
 * module-stream-restore files volume, mute and device under media.role,
 * application.id or application.name, so a stream that names itself after
 * a host program sets that program's volume. So every property list is
 * rebuilt from an allowlist of descriptive keys, and the keys that decide
 * identity are set by sbox: application.id and module-stream-restore.id
 * name the sandbox, application.name is marked " (sbox)".
 *
 * The formats a playback stream offers carry lists of their own, read
 * only as formats: they keep format.* keys.
 *
 * A property list is 'P', then per key: 't' key NUL, 'L' length, 'x'
 * length bytes (the same length again, then the value); then 'N'. */
#include "config.h"

#include <string.h>

#include "audio-protocol.h"

#define NAME_SUFFIX " (sbox)"

typedef enum
{
  OWNER_CLIENT,
  OWNER_PLAYBACK,
  OWNER_RECORD,
  OWNER_FORMAT, /* a format a playback stream offers: format.* keys only */
} Owner;

typedef enum
{
  KEY_KEEP = 1,
  KEY_ROLE,   /* kept for the roles below only */
  KEY_RENAME, /* kept with NAME_SUFFIX */
  KEY_SBOX,   /* the client's value dropped; sbox sets its own */
} KeyRule;

/* The keys a client may set; a key ending in '.' stands for every key
 * under it. The rest (filter.*, device.*, node.*, target.*, stream.*,
 * module-*, ...) is dropped, application.process.binary too:
 * module-augment-properties gives a client the X-PulseAudio-Properties of
 * the host's desktop file of that name, such as a softphone's
 * media.role=phone. */
static const struct
{
  const char *key;
  KeyRule rule;
} keys[] = {
  { "application.name", KEY_RENAME },             /* mixers show it; must not name a host app */
  { "application.id", KEY_SBOX },                 /* stream-restore's key when there is no role */
  { "module-stream-restore.id", KEY_SBOX },       /* stream-restore's key before any other */
  { "application.version", KEY_KEEP },            /* shown only */
  { "application.icon", KEY_KEEP },               /* an image, shown only */
  { "application.icon_name", KEY_KEEP },          /* shown only */
  { "application.language", KEY_KEEP },           /* shown only */
  { "application.process.id", KEY_KEEP },         /* a pid of the sandbox's namespace, shown */
  { "application.process.user", KEY_KEEP },       /* shown only */
  { "application.process.host", KEY_KEEP },       /* shown only */
  { "application.process.machine_id", KEY_KEEP }, /* shown only */
  { "application.process.session_id", KEY_KEEP }, /* shown only */
  { "media.name", KEY_KEEP },                     /* the stream's title in mixers */
  { "media.title", KEY_KEEP },                    /* shown only */
  { "media.artist", KEY_KEEP },                   /* shown only */
  { "media.copyright", KEY_KEEP },                /* shown only */
  { "media.software", KEY_KEEP },                 /* shown only */
  { "media.language", KEY_KEEP },                 /* shown only */
  { "media.filename", KEY_KEEP },                 /* shown only */
  { "media.icon", KEY_KEEP },                     /* an image, shown only */
  { "media.icon_name", KEY_KEEP },                /* shown only */
  { "media.role", KEY_ROLE },                     /* routes this stream; phone mutes others */
  { "event.", KEY_KEEP },                         /* event sounds: id, text, pointer (panning) */
  { "window.", KEY_KEEP },                        /* the app's window: shown, pans event sounds */
};

/* Roles that affect only the stream that has them. Not "phone": for it
 * module-role-cork mutes every music and video stream and
 * module-filter-heuristics asks for echo cancellation. */
static const char *const roles[] = {
  "video", "music", "game", "event", "animation", "production", "a11y", "test",
};

guint32
sbox_audio_protocol_get_be32 (const guint8 *p)
{
  guint32 v;
  memcpy (&v, p, 4);
  return GUINT32_FROM_BE (v);
}

static void
append_be32 (GByteArray *out, guint32 v)
{
  v = GUINT32_TO_BE (v);
  g_byte_array_append (out, (const guint8 *) &v, 4);
}

gboolean
sbox_audio_protocol_u32 (const guint8 *p, gsize len, gsize offset, guint32 *value)
{
  if (offset >= len || len - offset < 5 || p[offset] != 'L')
    return FALSE;
  *value = sbox_audio_protocol_get_be32 (p + offset + 1);
  return TRUE;
}

gsize
sbox_audio_protocol_skip (const guint8 *p, gsize len, gsize at)
{
  if (at >= len)
    return 0;
  guint8 tag = p[at++];
  gsize n;
  switch (tag)
    {
    case 't': /* string */
      {
        const guint8 *nul = memchr (p + at, 0, len - at);
        return nul ? (gsize) (nul - p) + 1 : 0;
      }
    case 'N': /* null string */
    case '1': /* true */
    case '0': /* false */
      return at;
    case 'B': /* u8 */
      n = 1;
      break;
    case 'L': /* u32 */
    case 'V': /* volume */
      n = 4;
      break;
    case 'R': /* u64 */
    case 'r': /* s64 */
    case 'T': /* timeval */
    case 'U': /* usec */
      n = 8;
      break;
    case 'a': /* sample spec: format, channels, rate */
      n = 6;
      break;
    case 'x': /* arbitrary: u32 length, bytes */
      if (len - at < 4)
        return 0;
      n = 4 + (gsize) sbox_audio_protocol_get_be32 (p + at);
      break;
    case 'm': /* channel map: count, one byte each */
      if (at >= len)
        return 0;
      n = 1 + (gsize) p[at];
      break;
    case 'v': /* cvolume: count, one u32 each */
      if (at >= len)
        return 0;
      n = 1 + 4 * (gsize) p[at];
      break;
    case 'P': /* proplist: (key, 'L' length, 'x' value)... then a null string */
      while (at < len && p[at] != 'N')
        {
          if (p[at] != 't' || !(at = sbox_audio_protocol_skip (p, len, at)) || at >= len
              || p[at] != 'L' || !(at = sbox_audio_protocol_skip (p, len, at)) || at >= len
              || p[at] != 'x' || !(at = sbox_audio_protocol_skip (p, len, at)))
            return 0;
        }
      return at < len ? at + 1 : 0;
    case 'f': /* format info: 'B' encoding, then a proplist */
      if (at >= len || p[at] != 'B' || !(at = sbox_audio_protocol_skip (p, len, at)) || at >= len
          || p[at] != 'P')
        return 0;
      return sbox_audio_protocol_skip (p, len, at);
    default:
      return 0;
    }
  return n <= len - at ? at + n : 0;
}

gboolean
sbox_audio_protocol_has_properties (guint32 command)
{
  switch (command)
    {
    case CMD_CREATE_PLAYBACK_STREAM:
    case CMD_CREATE_RECORD_STREAM:
    case CMD_SET_CLIENT_NAME:
    case CMD_UPDATE_RECORD_STREAM_PROPLIST:
    case CMD_UPDATE_PLAYBACK_STREAM_PROPLIST:
    case CMD_UPDATE_CLIENT_PROPLIST:
    case CMD_REMOVE_RECORD_STREAM_PROPLIST:
    case CMD_REMOVE_PLAYBACK_STREAM_PROPLIST:
    case CMD_REMOVE_CLIENT_PROPLIST:
      return TRUE;
    default:
      return FALSE;
    }
}

static KeyRule
rule_for_key (const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gsize n = strlen (keys[i].key);
      if (keys[i].key[n - 1] == '.' ? strncmp (key, keys[i].key, n) == 0 && key[n] != '\0'
                                    : strcmp (key, keys[i].key) == 0)
        return keys[i].rule;
    }
  return 0;
}

/* A value that is one string: its bytes end at its only NUL. */
static gboolean
is_string (const guint8 *value, guint32 n)
{
  return n > 0 && memchr (value, 0, n) == value + n - 1;
}

static gboolean
is_safe_role (const guint8 *value, guint32 n)
{
  if (!is_string (value, n))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    if (strcmp ((const char *) value, roles[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
append_string (GByteArray *out, const char *s)
{
  g_byte_array_append (out, (const guint8 *) "t", 1);
  g_byte_array_append (out, (const guint8 *) s, (guint) strlen (s) + 1);
}

static void
append_property (GByteArray *out, const char *key, const guint8 *value, guint32 n)
{
  append_string (out, key);
  g_byte_array_append (out, (const guint8 *) "L", 1);
  append_be32 (out, n);
  g_byte_array_append (out, (const guint8 *) "x", 1);
  append_be32 (out, n);
  g_byte_array_append (out, value, n);
}

static void
append_string_property (GByteArray *out, const char *key, const char *value)
{
  append_property (out, key, (const guint8 *) value, (guint32) strlen (value) + 1);
}

/* One client property: kept, renamed or dropped. */
static void
filter_property (GByteArray *out, Owner owner, const char *key, const guint8 *value, guint32 n,
                 GPtrArray *dropped)
{
  KeyRule rule = owner != OWNER_FORMAT               ? rule_for_key (key)
                 : g_str_has_prefix (key, "format.") ? KEY_KEEP
                                                     : 0;
  if (rule == KEY_KEEP || (rule == KEY_ROLE && is_safe_role (value, n)))
    {
      append_property (out, key, value, n);
      return;
    }
  if (rule == KEY_RENAME && is_string (value, n))
    {
      g_autofree char *name = g_strconcat ((const char *) value, NAME_SUFFIX, NULL);
      append_string_property (out, key, name);
      return;
    }
  if (dropped && rule != KEY_SBOX)
    g_ptr_array_add (dropped, g_strdup (key));
}

/* The property list at at (its 'P') rebuilt onto out; the offset past it,
 * or 0 when it is malformed. Checks what the server checks: a key is a
 * string, the length before a value is the value's. */
static gsize
rewrite_list (const guint8 *p, gsize len, gsize at, Owner owner, const char *app_id,
              GByteArray *out, GPtrArray *dropped)
{
  g_byte_array_append (out, (const guint8 *) "P", 1);
  at++;
  for (;;)
    {
      if (at >= len)
        return 0;
      if (p[at] == 'N')
        break;
      if (p[at] != 't')
        return 0;
      const char *key = (const char *) p + at + 1;
      if (!(at = sbox_audio_protocol_skip (p, len, at)))
        return 0;
      guint32 n;
      if (!sbox_audio_protocol_u32 (p, len, at, &n))
        return 0;
      at += 5;
      if (at >= len || len - at < 5 || p[at] != 'x'
          || sbox_audio_protocol_get_be32 (p + at + 1) != n || len - at - 5 < n)
        return 0;
      filter_property (out, owner, key, p + at + 5, n, dropped);
      at += 5 + (gsize) n;
    }
  if (owner != OWNER_FORMAT)
    append_string_property (out, "application.id", app_id);
  if (owner == OWNER_PLAYBACK || owner == OWNER_RECORD)
    {
      /* The first key module-stream-restore looks at, ahead of the role. */
      const char *prefix = owner == OWNER_PLAYBACK ? "sink-input" : "source-output";
      g_autofree char *group = g_strconcat (prefix, "-by-application-id:", app_id, NULL);
      append_string_property (out, "module-stream-restore.id", group);
    }
  g_byte_array_append (out, (const guint8 *) "N", 1);
  return at + 1;
}

GByteArray *
sbox_audio_protocol_rewrite (const guint8 *p, gsize len, const char *app_id, GPtrArray *dropped)
{
  guint32 command;
  if (!sbox_audio_protocol_u32 (p, len, 0, &command)
      || !sbox_audio_protocol_has_properties (command))
    return NULL;
  Owner owner = OWNER_CLIENT;
  if (command == CMD_CREATE_PLAYBACK_STREAM || command == CMD_UPDATE_PLAYBACK_STREAM_PROPLIST)
    owner = OWNER_PLAYBACK;
  else if (command == CMD_CREATE_RECORD_STREAM || command == CMD_UPDATE_RECORD_STREAM_PROPLIST)
    owner = OWNER_RECORD;
  gboolean removal = command >= CMD_REMOVE_RECORD_STREAM_PROPLIST
                     && command <= CMD_REMOVE_CLIENT_PROPLIST;
  g_autoptr (GByteArray) out = g_byte_array_sized_new ((guint) len + 256);
  guint lists = 0;
  gsize at = 0;
  while (at < len)
    {
      gsize next;
      if (p[at] == 'P')
        {
          next = rewrite_list (p, len, at, owner, app_id, out, dropped);
          lists++;
        }
      else if (p[at] == 'f' && len - at >= 4 && p[at + 1] == 'B' && p[at + 3] == 'P')
        {
          g_byte_array_append (out, p + at, 3); /* 'f', 'B' encoding */
          next = rewrite_list (p, len, at + 3, OWNER_FORMAT, app_id, out, dropped);
        }
      else if (!(next = sbox_audio_protocol_skip (p, len, at)))
        return NULL;
      /* A removal list may not take away the keys sbox set. */
      else if (!(removal && p[at] == 't' && rule_for_key ((const char *) p + at + 1) == KEY_SBOX))
        g_byte_array_append (out, p + at, (guint) (next - at));
      if (!next)
        return NULL;
      at = next;
    }
  /* Stream and client requests carry one list (old protocol versions put
   * a bare name there, which could not be rewritten). */
  if (lists != (removal ? 0u : 1u))
    return NULL;
  return g_steal_pointer (&out);
}
