#!/bin/bash
# seed.sh [SBOX] — (re)make the seed corpora of tests/fuzz/corpus/ from the
# shipped files: profiles and their includes, sbox.conf, command lines of
# the README and the tests, .desktop Exec= lines, an Xauthority file, and
# the --enter data of a real named sandbox when SBOX (a built sbox) is
# given. Run it when a format changes; commit what it writes.
set -eu
sbox=${1:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$here/../..
out=$here/corpus
rm -rf "$out"
mkdir -p "$out"/{profile,cli,config,x11,desktop-exec,enter,bwrap-cli}

# profile: each shipped profile; some with an include and a .local after
# the "--" separators fuzz-profile reads.
n=0
for f in "$top"/profiles/*.profile; do
  cp "$f" "$out/profile/$(basename "$f" .profile)"
done
for inc in "$top"/profiles/include/*.inc; do
  n=$((n + 1))
  { printf '[Profile]\nInclude=fuzz\n[Context]\nshared=network\n--\n'; cat "$inc"
    printf -- '--\n[Context]\nfilesystems=!home\n'; } >"$out/profile/with-include-$n"
done

# config: the shipped file, and it tightened by a user's.
cp "$top/etc/sbox.conf" "$out/config/shipped"
printf '[Sandbox]\nAllowNetwork=false\nRequireLandlock=true\n--\n[Sandbox]\nAllowNetwork=true\n' \
  >"$out/config/user-loosens"
printf '[Sandbox]\nRequireDoors=x11;wayland\nAllowConfine=false\n' >"$out/config/doors"

# cli and bwrap-cli: argv words, NUL-separated.
# argv_seeds DIR: each line of stdin, read as shell words, one seed file.
argv_seeds ()
{
  local dir=$1 n=0 line
  while IFS= read -r line; do
    n=$((n + 1))
    eval "set -- $line"
    printf '%s\0' "$@" >"$dir/$n"
  done
}
argv_seeds "$out/cli" <<'LINES'
--noprofile -- true
--profile=build --writable=. -- make -j2
--noprofile --share network --talk-name=org.freedesktop.Notifications -- sh -c 'echo hi'
--name=work --noprofile -- sleep 30
--enter=work -- ls
--list=json
--kill=work --signal=KILL
--print-plan=json firefox
--check-profile=firefox
--noprofile --bind /tmp /mnt --ro-bind /etc /etc2 --tmpfs /var/tmp -- true
--noprofile --setenv FOO bar --unsetenv LANG -- env
--noprofile --network=filtered --allow-host=example.org -- curl https://example.org
--noprofile --socket=x11 --socket=wayland --socket=pulseaudio -- true
--confine --writable=. -- make
--noprofile --memory-max=1G --pids-max=100 --timeout=5 -- true
--seccomp-export=/tmp/x.bpf
--help
--version
--doctor
LINES
argv_seeds "$out/bwrap-cli" <<'LINES'
--ro-bind / / --dev /dev --proc /proc -- true
--unshare-all --share-net --ro-bind /usr /usr --symlink usr/lib /lib --tmpfs /tmp --die-with-parent sh
--bind /tmp /tmp --setenv A B --unsetenv C --chdir /tmp --hostname box --uid 0 --gid 0 -- id
--clearenv --dev-bind /dev /dev --ro-bind-try /nope /nope --remount-ro / --new-session true
--overlay-src /usr --tmp-overlay /usr --unshare-user --cap-drop ALL --cap-add CAP_NET_RAW true
--file 3 /etc/x --args 4 --info-fd 5 --json-status-fd 6 true
--perms 0700 --dir /run/x --size 1000 --tmpfs /run/y --chmod 0755 /run/x --as-pid-1 true
--help
--version
LINES

# x11: a DISPLAY line, then an Xauthority file with two displays' cookies.
i=0
for display in ':0' ':1.0' 'unix:2' 'unix/:0' 'host/unix:10.1' 'localhost:0' ':'; do
  i=$((i + 1))
  printf '%s\n' "$display" >"$out/x11/display-$i"
done
if command -v xauth >/dev/null; then
  xauth -q -f "$out/x11/.auth" add :0 2>/dev/null . 0123456789abcdef0123456789abcdef
  xauth -q -f "$out/x11/.auth" add "$(uname -n)/unix:1" MIT-MAGIC-COOKIE-1 fedcba9876543210fedcba9876543210
  { printf ':0\n'; cat "$out/x11/.auth"; } >"$out/x11/auth-0"
  { printf ':1\n'; cat "$out/x11/.auth"; } >"$out/x11/auth-1"
  rm -f "$out/x11/.auth"
fi

# desktop-exec: Exec= values of the .desktop files here and of the tests.
i=0
for f in /usr/share/applications/*.desktop; do
  [ -f "$f" ] || continue
  exec_line=$(sed -n 's/^Exec=//p' "$f" | head -n 1)
  [ -n "$exec_line" ] || continue
  i=$((i + 1))
  printf '%s' "$exec_line" >"$out/desktop-exec/$i"
  [ "$i" -ge 40 ] && break
done
printf '%s' 'env "A=b c" prog --x=%%u "quoted \"arg\"" %U' >"$out/desktop-exec/quoted"
printf '%s' "sh -c 'echo \$HOME' %f" >"$out/desktop-exec/single"

# enter: the data a launcher holds for a named sandbox, read from its memfd.
if [ -n "$sbox" ] && [ -x "$sbox" ]; then
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
  "$sbox" --noprofile --name=fuzz-seed -- sleep 10 >/dev/null 2>&1 &
  launcher=$!
  for _ in $(seq 50); do
    for fd in "/proc/$launcher/fd/"*; do
      case $(readlink "$fd") in /memfd:*enter*) cp "$fd" "$out/enter/noprofile" ;; esac
    done
    [ -s "$out/enter/noprofile" ] && break
    sleep 0.1
  done
  kill "$launcher" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
fi
printf '[Enter]\nid=fuzz\nuid=1000\ngid=1000\nlandlock=best-effort\nseccomp-programs=0\nnamespaces=user=3;mnt=4;\nenviron=SE9NRT0vaG9tZQA=\nrlimits=7:1024:4096;\nnew-session=true\n' \
  >"$out/enter/minimal"
echo "seeds: $(find "$out" -type f | wc -l) files, $(du -sh "$out" | cut -f1)"
