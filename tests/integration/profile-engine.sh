#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# profile-engine.sh — profiles end to end: the search path, NAME.local,
# Include= chains with ! revocation, Home= modes, persistent storage that
# cannot be turned against the host, and command-line overrides.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

dir=$SBOX_TMP/profiles
mkdir -p "$dir/include" "$HOME/shared" "$HOME/.ssh" "$HOME/other"
echo "shared-$$" >"$HOME/shared/file"
echo "secret-$$" >"$HOME/.ssh/id_rsa"
echo "other-$$" >"$HOME/other/file"
export SBOX_PROFILE_PATH=$dir

# A program that exists only through its profile's mounts.
mkdir -p "$SBOX_TMP/bin"
printf '#!/bin/sh\necho "myapp $MYAPP_FROM"\n' >"$SBOX_TMP/bin/myapp"
chmod 755 "$SBOX_TMP/bin/myapp"
cat >"$dir/myapp.profile" <<EOF2
[Profile]
Description=A test application
Command=myapp
[Sandbox]
Mounts=ro-bind:$SBOX_TMP/bin:/opt/myapp/bin
[Environment]
PATH=/opt/myapp/bin:/usr/bin:/bin
MYAPP_FROM=profile
EOF2

# --- resolution ---------------------------------------------------------------

sbox_run myapp
check_run_ok "SBOX_PROFILE_PATH=dir sbox myapp finds dir/myapp.profile" "myapp profile"
sbox_run --noprofile -- myapp
check_rc "control: without the profile myapp is not found (127)" 127
sbox_run --profile=myapp
check_run_ok "--profile=NAME without a command runs the first Command= candidate" "myapp profile"
sbox_run --profile="$dir/myapp.profile" -- myapp
check_run_ok "--profile=PATH works too" "myapp profile"
sbox_run --print-plan myapp
check_contains "--print-plan names the profile and its file" "$OUT" "profile: myapp ($dir/myapp.profile)"
check_contains "--print-plan says where each mount came from" "$OUT" "# $dir/myapp.profile:5"
sbox_run --profile=nosuchprofile -- true
check_rc "an unknown --profile is an error (125)" 125
check_contains "the error names the profile" "$ERR" "profile nosuchprofile not found"

printf '[Environment]\nMYAPP_FROM=local\n' >"$dir/myapp.local"
sbox_run myapp
check_run_ok "myapp.local is merged after myapp.profile" "myapp local"
sbox_run --env=MYAPP_FROM=cli myapp
check_run_ok "--env= on the command line overrides the profile and .local" "myapp cli"
rm "$dir/myapp.local"
mkdir -p "$SBOX_TMP/config/sbox/profiles"
printf '[Environment]\nMYAPP_FROM=user-local\n' >"$SBOX_TMP/config/sbox/profiles/myapp.local"
XDG_CONFIG_HOME="$SBOX_TMP/config" sbox_run myapp
# shellcheck disable=SC2088 # a test name
check_run_ok "~/.config/sbox/profiles/NAME.local adjusts a profile found elsewhere" "myapp user-local"

sbox_run --list-profiles
check_contains "--list-profiles shows the profile, its description and file" "$OUT" "A test application"
long=$(printf 'word%.0s ' $(seq 1 60))
printf '[Profile]\nDescription=%s\n' "$long" >"$dir/long-description.profile"
sbox_run --list-profiles
check_eq "--list-profiles into a pipe fits 100 columns" "" \
  "$(printf '%s\n' "$OUT" | awk 'length($0) > 100')"
check_match "... a long description cut with '...', the file still last" "$OUT" \
  "^long-description +word word .*\\.\\.\\. +$dir/long-description.profile$"
check_match "control: a short description whole, in the same columns" "$OUT" "A test application +$dir/"
rm "$dir/long-description.profile"

# --- Include= chains and ! revocation ------------------------------------------

printf '[Context]\nfilesystems=~/shared:ro;~/other:ro\n' >"$dir/include/share.inc"
printf '[Profile]\nInclude=share\n' >"$dir/include/middle.inc"
printf '[Profile]\nInclude=middle\n' >"$dir/granted.profile"
printf '[Profile]\nInclude=middle\n[Context]\nfilesystems=!~/shared\n' >"$dir/revoked.profile"

sbox_run --profile=granted -- cat "$HOME/shared/file"
check_run_ok "control: an Include= chain grants ~/shared" "shared-$$"
sbox_run --profile=revoked -- cat "$HOME/shared/file"
check_ne "!~/shared in the profile revokes the included grant" 0 "$RC"
sbox_run --profile=revoked -- cat "$HOME/other/file"
check_run_ok "the rest of the included grants stay" "other-$$"
sbox_run --profile=granted --nofilesystem="~/shared" -- cat "$HOME/shared/file"
check_ne "--nofilesystem revokes a grant from the command line" 0 "$RC"
sbox_run --profile=granted -- sh -c "echo x > $HOME/shared/new"
check_ne ":ro grants are read-only" 0 "$RC"
check_fails "nothing was written through a :ro grant" test -e "$HOME/shared/new"

# --- revoking inside a broader grant ---------------------------------------------

printf '[Context]\nfilesystems=home;!~/.ssh\n' >"$dir/homeapp.profile"
sbox_run --profile=homeapp -- cat "$HOME/other/file"
check_run_ok "control: filesystems=home shows the real home" "other-$$"
sbox_run --profile=homeapp -- cat "$HOME/.ssh/id_rsa"
check_ne "!~/.ssh hides ~/.ssh inside a granted home" 0 "$RC"
check_not_contains "the key does not leak" "$OUT$ERR" "secret-$$"
sbox_run --profile=homeapp -- sh -c "echo x > $HOME/.ssh/planted"
check_fails "the hidden ~/.ssh cannot be written either" test -e "$HOME/.ssh/planted"

# --- Home= modes and persistent storage ----------------------------------------------

printf '[Sandbox]\nHome=private\n[Context]\npersistent=.cache/keep\n' >"$dir/priv.profile"
printf '[Sandbox]\nHome=tmpfs\n[Context]\npersistent=.cache/keep\n' >"$dir/tmp.profile"
storage=$HOME/.local/share/sbox/home

sbox_run --profile=priv -- sh -c 'echo kept > ~/note; echo cache > ~/.cache/keep/c'
check_rc "Home=private: the first run writes into its home" 0
sbox_run --profile=priv -- cat "$HOME/note"
check_run_ok "Home=private: a file persists across two runs" "kept"
check_eq "the private home lives in ~/.local/share/sbox/home/NAME with mode 700" 700 \
  "$(stat -c %a "$storage/priv")"
check_fails "the private home never touches the real home" test -e "$HOME/note"
sbox_run --profile=priv --home=tmpfs -- cat "$HOME/note"
check_ne "--home=tmpfs overrides Home=private" 0 "$RC"

sbox_run --profile=tmp -- sh -c 'echo gone > ~/note2; echo c2 > ~/.cache/keep/c2'
sbox_run --profile=tmp -- cat "$HOME/note2"
check_ne "Home=tmpfs: nothing persists across runs" 0 "$RC"
sbox_run --profile=tmp -- cat "$HOME/.cache/keep/c2"
check_run_ok "persistent= keeps its directory even with Home=tmpfs" "c2"

# The app can write its storage: a symlink planted there must not lead out.
rm -rf "$storage/tmp/.cache/keep"
ln -s "$HOME/.ssh" "$storage/tmp/.cache/keep"
sbox_run --profile=tmp -- cat "$HOME/.cache/keep/id_rsa"
check_rc "a symlink planted in persistent storage is refused (125)" 125
check_contains "the refusal names the storage path" "$ERR" "not a symlink"
check_not_contains "the key does not leak through the planted link" "$OUT" "secret-$$"

# A symlink planted in the private home may redirect where a grant appears
# inside the sandbox, but setup must never follow it out to the host.
printf '[Sandbox]\nHome=private\n[Context]\nfilesystems=~/.cache/grant:create\n' >"$dir/redirect.profile"
mkdir -p "$SBOX_TMP/target" "$storage/redirect"
ln -sfn "/oldroot$SBOX_TMP/target" "$storage/redirect/.cache"
sbox_run --profile=redirect -- true
check_fails "mount points are made inside the new root, never through a planted link on the host" \
  test -e "$SBOX_TMP/target/grant"

# --- :create and symlink escapes --------------------------------------------------

printf '[Context]\nfilesystems=~/made/here:create\n' >"$dir/create.profile"
sbox_run --profile=create -- sh -c "echo x > $HOME/made/here/f"
check_rc ":create grants work read-write" 0
check "filesystems=~/PATH:create created the host directory" test -f "$HOME/made/here/f"

ln -s /etc "$HOME/etc-link"
printf '[Context]\nfilesystems=~/etc-link:ro\n' >"$dir/escape.profile"
sbox_run --profile=escape -- true
check_rc "a ~/ grant that leads out of home through a symlink is refused (125)" 125
check_contains "the error names file, line and key" "$ERR" "escape.profile:2: [Context] filesystems:"

# --- ${PWD} must not widen into the home ------------------------------------------

printf '[Sandbox]\nMounts=bind:${PWD}:${PWD}\n' >"$dir/cwd.profile"
mkdir -p "$HOME/project"
(cd "$HOME/project" && sbox_run --profile=cwd -- sh -c 'echo built > out' && echo "$RC" >"$SBOX_TMP/rc")
check_eq "control: Mounts=bind:\${PWD} binds a project directory read-write" 0 "$(cat "$SBOX_TMP/rc")"
check "... and the build output lands there" test -f "$HOME/project/out"
(cd "$HOME" && sbox_run --profile=cwd -- cat "$HOME/.ssh/id_rsa"; echo "$RC" >"$SBOX_TMP/rc"; echo "$OUT" >"$SBOX_TMP/out")
check_eq "run from the home itself, \${PWD} is refused (125): it would expose the whole home" 125 \
  "$(cat "$SBOX_TMP/rc")"
check_not_contains "the key does not leak" "$(cat "$SBOX_TMP/out")" "secret-$$"

# --- --check-profile ---------------------------------------------------------------

printf '[Profile]\nDescription=bad\n[Context]\nsockets=x11;telepathy\n[Sandbox]\nColour=blue\n' \
  >"$dir/bad.profile"
sbox_run --check-profile=bad
check_rc "--check-profile rejects a malformed profile (exit 125)" 125
check_contains "one line per problem: FILE:LINE: [Section] Key (bad value)" "$ERR" \
  "$dir/bad.profile:4: [Context] sockets: unknown value 'telepathy'"
check_contains "one line per problem: FILE:LINE: [Section] Key (unknown key)" "$ERR" \
  "$dir/bad.profile:6: [Sandbox] Colour: unknown key"
sbox_run bad
check_rc "running with a malformed profile fails before anything starts (125)" 125
sbox_run --check-profile=myapp
check_rc "--check-profile accepts a good profile (exit 0)" 0

# --- duplicate keys, size ----------------------------------------------------

cat >"$SBOX_TMP/dup.profile" <<'EOF2'
[Context]
filesystems=/etc/a:ro
# another grant, added later
filesystems=/etc/b:ro
[Environment]
A=1
A=2
EOF2
sbox_run --check-profile="$SBOX_TMP/dup.profile"
check_rc "a duplicate key is an error (125)" 125
check_contains "... naming both lines of a list key" "$ERR$OUT" \
  "dup.profile:4: [Context] filesystems: duplicate key, first set at $SBOX_TMP/dup.profile:2"
check_contains "... and of an environment variable" "$ERR$OUT" \
  "dup.profile:7: [Environment] A: duplicate key, first set at $SBOX_TMP/dup.profile:6"
sbox_run --profile="$SBOX_TMP/dup.profile" -- true
check_rc "... and a sandbox with it does not start" 125
printf '[Context]\nfilesystems=/etc/a:ro;/etc/b:ro\n[Environment]\nA=1\n' >"$SBOX_TMP/nodup.profile"
sbox_run --check-profile="$SBOX_TMP/nodup.profile"
check_rc "control: the same grants as one list are valid" 0
if [ -d "${SBOX_PROFILES_DIR:-}" ]; then
  dups=$(awk 'FNR == 1 { delete seen; sec = "" }
    /^[ \t]*(#|$)/ { next }
    /^[ \t]*\[/ { sec = $0; next }
    { k = $0; sub(/[ \t]*=.*/, "", k); sub(/^[ \t]*/, "", k)
      if ((sec "/" k) in seen) print FILENAME ":" FNR ": " k; seen[sec "/" k] = 1 }' \
    "$SBOX_PROFILES_DIR"/*.profile "$SBOX_PROFILES_DIR"/include/*.inc)
  check_eq "no shipped profile or include has a duplicate key" "" "$dups"
else
  skip "no shipped profile or include has a duplicate key" "profiles not found"
fi

# Loading is linear: 40,000 entries of one list, 100,000 variables. Judged
# by how the time grows from a quarter of the size to the whole (about 4x
# when linear, 16x when quadratic), so a slow machine or a sanitizer build
# does not decide it; the 60 s timeout catches a hang.
# make_profile KIND N FILE
make_profile ()
{
  case $1 in
    list) awk -v n="$2" 'BEGIN { printf "[Context]\nfilesystems="; for (i = 0; i < n; i++) printf "/nonexistent/d%d:ro;", i; printf "\n" }' ;;
    env) awk -v n="$2" 'BEGIN { print "[Environment]"; for (i = 0; i < n; i++) printf "V%d=x\n", i }' ;;
  esac >"$3"
}
# check_ms FILE: sets MS to the time --check-profile takes.
check_ms ()
{
  local start
  start=$(date +%s%N)
  SBOX_TIMEOUT=60 sbox_run --check-profile="$1"
  MS=$(( ($(date +%s%N) - start) / 1000000 ))
}
for spec in list:40000 env:100000; do
  kind=${spec%%:*} n=${spec#*:}
  make_profile "$kind" "$n" "$SBOX_TMP/big-$kind.profile"
  make_profile "$kind" $((n / 4)) "$SBOX_TMP/quarter-$kind.profile"
  check_ms "$SBOX_TMP/big-$kind.profile"
  check_rc "a profile with $n $kind entries (huge, valid) checks OK" 0
  big=$MS
  check_ms "$SBOX_TMP/quarter-$kind.profile"
  quarter=$(( MS > 0 ? MS : 1 ))
  check_le "... in time linear in its size: 4x the entries take at most 8x the time (${quarter} ms -> ${big} ms)" \
    $((quarter * 8)) "$big"
done
awk 'BEGIN { printf "[Context]\nfilesystems="; for (i = 0; i < 100001; i++) printf "/x%d;", i; printf "\n" }' \
  >"$SBOX_TMP/toomany.profile"
sbox_run --check-profile="$SBOX_TMP/toomany.profile"
check_contains "more than 100000 entries in one key: a one-line error naming the file" "$ERR$OUT" \
  "toomany.profile:2: [Context] filesystems: 100001 entries, more than 100000"
awk 'BEGIN { print "[Environment]"; for (i = 0; i <= 100000; i++) printf "V%d=x\n", i }' \
  >"$SBOX_TMP/toomanykeys.profile"
sbox_run --check-profile="$SBOX_TMP/toomanykeys.profile"
check_contains "more than 100000 keys in one section: a one-line error naming the file" "$ERR$OUT" \
  "toomanykeys.profile:100002: [Environment]: more than 100000 keys in one section"
{ echo '[Profile]'; head -c 9000000 /dev/zero | tr '\0' '#'; echo; } >"$SBOX_TMP/huge.profile"
sbox_run --check-profile="$SBOX_TMP/huge.profile"
check_match "a file over 8 MiB: a one-line error naming it" "$ERR$OUT" \
  "huge\.profile: 9000011 bytes: a profile is at most 8 MiB$"

done_testing
