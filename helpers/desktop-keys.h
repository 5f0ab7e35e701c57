/* desktop-keys.h — the groups and keys of a .desktop file that sbox-desktop
 * reads, and the ones it adds to mark a copy as its own. */
#pragma once

#define GROUP "Desktop Entry"
#define ACTION_PREFIX "Desktop Action "
/* The keys that mark a file as ours and let list/refresh find the source. */
#define KEY_PROFILE "X-Sbox-Profile"
#define KEY_SOURCE "X-Sbox-Source"
#define KEY_CHECKSUM "X-Sbox-Source-Checksum"
/* The PROGRAM link --symlinks made, so disable removes it without --symlinks. */
#define KEY_SYMLINK "X-Sbox-Symlink"
/* false when --no-marker kept the application's own Name=. */
#define KEY_MARKER "X-Sbox-Name-Marker"
/* What the menu shows after the application's name, so that the sandboxed
 * launcher can be told from the application's own. */
#define NAME_MARKER " (sandboxed)"
