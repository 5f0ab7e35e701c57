/* confine-object.h — what a call the confinement mode's supervisors
 * answer names (confine-object.c). */
#pragma once

#include <glib.h>
#include <sys/types.h>

/* The path the kernel gives fd (NULL when it has none, or a socket's). */
char *sbox_confine_object_real_path (int fd);

/* Whether path is top or lies beneath it. */
gboolean sbox_confine_object_is_beneath (const char *path, const char *top);

/* Whether fd, opened by the launcher, lies beneath one of tops (host
 * paths as the kernel names them): its path, walked again without links
 * to the same object on the same mount. */
gboolean sbox_confine_object_beneath_any (int fd, const GPtrArray *tops);

/* The thread group (process) thread tid belongs to; tid when unknown. */
pid_t sbox_confine_object_thread_group (pid_t tid);

/* path as the calling thread tid means it: /proc/self and
 * /proc/thread-self name the caller, not the launcher. */
char *sbox_confine_object_as_caller (pid_t tid, const char *path);
