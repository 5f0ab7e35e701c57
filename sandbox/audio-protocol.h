/* audio-protocol.h — reading PulseAudio's tagstruct values and rewriting
 * the property lists of the packets the audio filter relays. */
#pragma once

#include <glib.h>

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
