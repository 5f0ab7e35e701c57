/* audio-filter.h — the PulseAudio door's filtering relay, a process of its
 * own outside the sandbox for as long as the sandbox runs. */
#pragma once

#include <glib.h>
#include <sys/types.h>

typedef struct
{
  pid_t pid;    /* 0: not running */
  int lifeline; /* closing it ends the filter */
} SboxAudioFilter;

/* Listen at socket_path and fork the filter, which relays each client to
 * its own connection to the server at upstream. The server sees every
 * client and stream as application.id "<app_name>.sbox". */
gboolean sbox_audio_filter_start (const char *upstream, const char *socket_path,
                                  const char *app_name, gboolean verbose, SboxAudioFilter *filter,
                                  GError **error);
void sbox_audio_filter_stop (SboxAudioFilter *filter);
