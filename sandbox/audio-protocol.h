/* audio-protocol.h — reading PulseAudio's tagstruct values and rewriting
 * the property lists of the packets the audio filter relays. */
#pragma once

#include <glib.h>

/* The native protocol's command numbers sbox looks at (pulse/native-common.h). */
enum
{
  CMD_ERROR = 0,
  CMD_REPLY = 2,
  CMD_CREATE_PLAYBACK_STREAM = 3,
  CMD_DELETE_PLAYBACK_STREAM = 4,
  CMD_CREATE_RECORD_STREAM = 5,
  CMD_DELETE_RECORD_STREAM = 6,
  CMD_AUTH = 8,
  CMD_SET_CLIENT_NAME = 9,
  CMD_PLAYBACK_STREAM_KILLED = 64,
  CMD_RECORD_STREAM_KILLED = 65,
  CMD_UPDATE_RECORD_STREAM_PROPLIST = 80,
  CMD_UPDATE_PLAYBACK_STREAM_PROPLIST = 81,
  CMD_UPDATE_CLIENT_PROPLIST = 82,
  CMD_REMOVE_RECORD_STREAM_PROPLIST = 83,
  CMD_REMOVE_PLAYBACK_STREAM_PROPLIST = 84,
  CMD_REMOVE_CLIENT_PROPLIST = 85,
};

/* The u32 value at offset of a tagstruct, or FALSE when it is not one. */
/* A big-endian u32 at p (the protocol's byte order). */
guint32 sbox_audio_protocol_get_be32 (const guint8 *p);

gboolean sbox_audio_protocol_u32 (const guint8 *p, gsize len, gsize offset, guint32 *value);

/* The offset just past the value at offset, or 0 when it is malformed. */
gsize sbox_audio_protocol_skip (const guint8 *p, gsize len, gsize offset);

/* Whether a request of that command carries properties (or property keys)
 * that sbox_audio_protocol_rewrite must see first. */
gboolean sbox_audio_protocol_has_properties (guint32 command);

/* The control packet p of such a command rebuilt: every property list with
 * only the allowed keys, the identity keys set from app_id, and the keys
 * sbox sets taken out of removal lists. NULL when the packet is malformed
 * or carries no property list where it must. Each key dropped is added to
 * dropped when it is not NULL. */
GByteArray *sbox_audio_protocol_rewrite (const guint8 *p, gsize len, const char *app_id,
                                         GPtrArray *dropped);
