#!/bin/bash
# bwrap-thumbnailer.sh — a second real caller of bubblewrap's command line:
# GNOME's thumbnail factory (libgnome-desktop-3, through its introspection
# data and python3-gi) runs every thumbnailer under the `bwrap` it finds in
# PATH. Here that `bwrap` is sbox; the same runs under Debian's bwrap are
# the control. libgnome-desktop-3 43.2 builds, for a PNG (read with
# strace -f -e trace=execve; usr-merged host, HOME/.cache bind for
# GStreamer's registry):
#
#   bwrap --ro-bind /usr /usr --ro-bind-try /etc/ld.so.cache /etc/ld.so.cache
#     --symlink /usr//bin /bin --symlink /usr//lib64 /lib64
#     --symlink /usr//lib /lib --symlink /usr//sbin /sbin
#     --ro-bind-try /var/cache/fontconfig /var/cache/fontconfig
#     --setenv GST_REGISTRY_1_0 $HOME/.cache/gnome-desktop-thumbnailer/gstreamer-1.0/gstreamer-1.0.registry
#     --bind $HOME/.cache/gnome-desktop-thumbnailer/gstreamer-1.0 (same)
#     --ro-bind-try /etc/alternatives /etc/alternatives
#     --proc /proc --dev /dev --chdir / --setenv GIO_USE_VFS local
#     --unshare-all --die-with-parent
#     --bind /tmp/gnome-desktop-thumbnailer-XXXXXX /tmp
#     --ro-bind FILE /tmp/gnome-desktop-file-to-thumbnail.png
#     --seccomp FD   (its own filter: no unshare, mount, keyctl, ptrace...)
#     /usr/bin/gdk-pixbuf-thumbnailer -s 128 file:///tmp/gnome-desktop-file-to-thumbnail.png
#     /tmp/gnome-desktop-thumbnailer.png
#
# The library sandboxes whenever /.flatpak-info is absent (inside flatpak it
# uses flatpak-spawn instead). Two files are thumbnailed: a PNG, by Debian's
# gdk-pixbuf-thumbnailer, and a probe script of a MIME type of the test's
# own whose thumbnailer (in $XDG_DATA_HOME/thumbnailers) is python3 run on
# the bound file: it reports what it sees inside the sandbox as tEXt chunks
# of the 4x4 PNG it writes, which the library hands back with the pixbuf.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "python3 is not installed"
"$PY" -c 'import gi; gi.require_version("GnomeDesktop", "3.0"); gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GnomeDesktop, GdkPixbuf' 2>/dev/null \
  || skip_all "GnomeDesktop 3.0 for python3-gi (gir1.2-gnomedesktop-3.0) is not installed"
[ -x /usr/bin/gdk-pixbuf-thumbnailer ] \
  || skip_all "gdk-pixbuf-thumbnailer (libgdk-pixbuf2.0-bin) is not installed"
[ -e /.flatpak-info ] && skip_all "inside flatpak the library does not use bwrap"

W=$SBOX_TMP/thumb
mkdir -p "$W" "$HOME/.local/share/thumbnailers"
export XDG_DATA_HOME=$HOME/.local/share XDG_CACHE_HOME=$HOME/.cache
# A file the sandbox must not show (the home is not bound, only a cache
# directory below it).
echo secret >"$HOME/secret"
export PROBE_SECRET=$HOME/secret

cat >"$W/drive.py" <<'EOF'
# drive.py make FILE | drive.py FILE MIME: make the test's PNG, or
# thumbnail FILE through GnomeDesktop.DesktopThumbnailFactory and print the
# pixbuf's size, a digest of its pixels and the probe's tEXt chunks.
import hashlib, sys, gi
gi.require_version("GnomeDesktop", "3.0")
gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GnomeDesktop, GdkPixbuf, GLib
if sys.argv[1] == "make":
    pb = GdkPixbuf.Pixbuf.new(GdkPixbuf.Colorspace.RGB, False, 8, 300, 200)
    pb.fill(0x3366CCFF)
    pb.savev(sys.argv[2], "png", [], [])
    sys.exit(0)
factory = GnomeDesktop.DesktopThumbnailFactory.new(GnomeDesktop.DesktopThumbnailSize.NORMAL)
try:
    pb = factory.generate_thumbnail(GLib.filename_to_uri(sys.argv[1], None), sys.argv[2], None)
except GLib.Error as e:
    print("error: " + e.message)
    sys.exit(1)
if pb is None:
    print("error: no pixbuf")
    sys.exit(1)
print("size %dx%d" % (pb.get_width(), pb.get_height()))
print("pixels " + hashlib.sha256(pb.get_pixels()).hexdigest()[:16])
for key, value in sorted((pb.get_options() or {}).items()):
    if key.startswith("tEXt::probe-"):
        print("%s=%s" % (key[len("tEXt::probe-"):], value))
EOF

cat >"$W/probe.py" <<'EOF'
# Run by python3 inside the thumbnailer's sandbox: write a 4x4 grey PNG
# whose tEXt chunks say what the sandbox looks like from inside.
import ctypes, os, struct, sys, zlib
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return line.split()[1]
libc = ctypes.CDLL(None, use_errno=True)
facts = {
    "init": open("/proc/1/comm").read().strip(),
    "seccomp": status("Seccomp"),
    "nnp": status("NoNewPrivs"),
    "unshare": "ok" if libc.unshare(0) == 0 else os.strerror(ctypes.get_errno()),
    "uid": str(os.getuid()),
    "net": ",".join(sorted(l.split(":")[0].strip() for l in list(open("/proc/net/dev"))[2:])),
    "root": ",".join(sorted(os.listdir("/"))),
    "secret": "visible" if os.path.exists(os.environ.get("PROBE_SECRET", "/none")) else "hidden",
    "usr": "writable" if os.access("/usr", os.W_OK) else "read-only",
}
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0))
for key, value in facts.items():
    png += chunk(b"tEXt", b"probe-" + key.encode() + b"\0" + value.encode())
png += chunk(b"IDAT", zlib.compress(b"\0\x80\x80\x80\x80" * 4)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
EOF
cat >"$XDG_DATA_HOME/thumbnailers/sbox-probe.thumbnailer" <<'EOF'
[Thumbnailer Entry]
Exec=/usr/bin/python3 -I %i %o
MimeType=application/x-sbox-probe;
EOF

"$PY" "$W/drive.py" make "$W/image.png" || bail_out "cannot write the test's PNG"

# Each directory holds a `bwrap` for the front of PATH.
mkdir -p "$W/sbox" "$W/link" "$W/debian" "$W/failing" "$W/no-seccomp"
# sbox as bwrap: its arguments one a line, and the size of the program
# behind --seccomp's descriptor, then sbox under the name bwrap.
cat >"$W/sbox/bwrap" <<EOF
#!/bin/bash
printf '%s\n' "\$@" >"$W/sbox.log"
prev=
for arg in "\$@"; do
  [ "\$prev" = --seccomp ] && echo "seccomp-bytes \$(wc -c </proc/self/fd/"\$arg")" >>"$W/sbox.log"
  prev=\$arg
done
exec -a bwrap "$SBOX" "\$@"
EOF
ln -s "$SBOX" "$W/link/bwrap"
ln -s /usr/bin/bwrap "$W/debian/bwrap"
printf '#!/bin/sh\nexit 1\n' >"$W/failing/bwrap"
# sbox as bwrap without the library's --seccomp FD.
cat >"$W/no-seccomp/bwrap" <<EOF
#!/bin/bash
args=()
while [ "\$#" -gt 0 ]; do
  if [ "\$1" = --seccomp ]; then shift 2; continue; fi
  args+=("\$1")
  shift
done
exec -a bwrap "$SBOX" "\${args[@]}"
EOF
chmod 755 "$W/sbox/bwrap" "$W/failing/bwrap" "$W/no-seccomp/bwrap"

# thumb DIR FILE MIME: thumbnail FILE with DIR's bwrap first in PATH.
thumb ()
{
  OUT=$(PATH=$W/$1:$PATH timeout 60 "$PY" "$W/drive.py" "$2" "$3" 2>"$W/err" </dev/null)
  RC=$?
  OUT+=$'\n'   # every line ends in one, for the checks below
  ERR=$(cat "$W/err")
}

image_expected=$'size 128x85\n'
facts () { grep -vE '^(size|pixels|init)' <<<"$1"; }

have_bwrap=0
if [ -x /usr/bin/bwrap ] && /usr/bin/bwrap --ro-bind / / true 2>/dev/null; then
  have_bwrap=1
fi
if [ "$have_bwrap" = 1 ]; then
  thumb debian "$W/image.png" image/png
  debian_image=$OUT
  check_rc "control: a PNG thumbnailed through Debian's bwrap" 0
  check_contains "control: its thumbnail is 128x85" "$OUT" "$image_expected"
  thumb debian "$W/probe.py" application/x-sbox-probe
  debian_probe=$OUT
  check_contains "control: the probe ran under Debian's bwrap" "$OUT" "init=bwrap"
else
  skip "control: thumbnails through Debian's bwrap" "bwrap cannot run here"
fi

thumb sbox "$W/image.png" image/png
sbox_image=$OUT
check_rc "a PNG thumbnailed through sbox as bwrap (libgnome-desktop)" 0
check_contains "its thumbnail is 128x85" "$OUT" "$image_expected"
log=$(cat "$W/sbox.log" 2>/dev/null)
line=$(grep -v '^seccomp-bytes' <<<"$log" | tr '\n' ' ')
check_match "sbox got the library's command line" "$line" \
  "^--ro-bind /usr /usr .*--proc /proc --dev /dev --chdir / --setenv GIO_USE_VFS local --unshare-all --die-with-parent --bind /tmp/gnome-desktop-thumbnailer-[^ ]+ /tmp --ro-bind $W/image.png /tmp/gnome-desktop-file-to-thumbnail.png --seccomp [0-9]+ /usr/bin/gdk-pixbuf-thumbnailer -s 128 file:///tmp/gnome-desktop-file-to-thumbnail.png /tmp/gnome-desktop-thumbnailer.png $"
bytes=$(sed -n 's/^seccomp-bytes //p' <<<"$log")
if [[ "$bytes" =~ ^[0-9]+$ ]] && [ "$bytes" -gt 0 ] && [ $((bytes % 8)) = 0 ]; then
  ok "the library passed sbox a seccomp program ($((bytes / 8)) instructions)"
else
  not_ok "the library passed sbox a seccomp program" "seccomp-bytes: ${bytes:-none}" "log: $log"
fi

thumb sbox "$W/probe.py" application/x-sbox-probe
sbox_probe=$OUT
check_rc "the probe thumbnailed through sbox as bwrap" 0
check_contains "inside: pid 1 is sbox" "$OUT" $'\ninit=sbox\n'
check_contains "inside: the library's seccomp program refuses unshare" "$OUT" \
  $'\nunshare=Operation not permitted\n'
check_contains "inside: a seccomp filter is on (Seccomp: 2)" "$OUT" $'\nseccomp=2\n'
check_contains "inside: no network but lo (--unshare-all)" "$OUT" $'\nnet=lo\n'
check_contains "inside: the home's files are hidden" "$OUT" $'\nsecret=hidden\n'
check_contains "inside: /usr is read-only" "$OUT" $'\nusr=read-only\n'
check_contains "inside: the caller's uid" "$OUT" $'\nuid='"$MY_UID"$'\n'

# What README describes: a plain link named bwrap.
thumb link "$W/image.png" image/png
check_eq "the same thumbnail through a link named bwrap to sbox" "$sbox_image" "$OUT"

if [ "$have_bwrap" = 1 ]; then
  check_eq "the PNG's thumbnail is the same under sbox and Debian's bwrap" "$debian_image" "$sbox_image"
  check_eq "the probe sees the same sandbox under sbox and Debian's bwrap" \
    "$(facts "$debian_probe")" "$(facts "$sbox_probe")"
fi

# Controls: the test tells a failing bwrap and a missing filter apart.
thumb failing "$W/image.png" image/png
if [ "$RC" != 0 ] && [[ "$OUT" == error:* ]]; then
  ok "control: a bwrap that exits 1 gives no thumbnail"
else
  not_ok "control: a bwrap that exits 1 gives no thumbnail" "status $RC" "stdout: $OUT" "stderr: $ERR"
fi
thumb no-seccomp "$W/probe.py" application/x-sbox-probe
check_contains "control: without the library's --seccomp FD unshare succeeds" "$OUT" $'\nunshare=ok\n'

done_testing
