#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# profiles.sh — the shipped profiles: every one of them (and every
# abstraction) passes --check-profile, malformed profiles are rejected with
# FILE:LINE and the offending key, and the command-line profiles run their
# real program granting what they promise and nothing more.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$here/libtest.sh"

# --- where the shipped profiles are ------------------------------------------------
#
# SBOX_PROFILES_DIR when the harness staged a copy (it does when it runs the
# test as another user, who may not be able to read the source tree), else the
# source tree's profiles/ beside tests/integration.
profiles_dir=
for candidate in "${SBOX_PROFILES_DIR:-}" \
    "${SBOX_TESTS_SRCDIR:+$SBOX_TESTS_SRCDIR/../../profiles}" \
    "$here/../../profiles"; do
  if [ -n "$candidate" ] && [ -r "$candidate/default.profile" ]; then
    profiles_dir=$(cd "$candidate" && pwd)
    break
  fi
done
[ -n "$profiles_dir" ] \
  || bail_out "cannot find the shipped profiles (set SBOX_PROFILES_DIR to a readable copy of profiles/)"

# Only the shipped profiles and the test's own are on the search path; the
# XDG directories all derive from the fake home.
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME XDG_RUNTIME_DIR
export SBOX_PROFILE_PATH=$profiles_dir

PY=$(command -v python3 || true)

# --- every shipped profile is valid ---------------------------------------------------

shipped=()
for f in "$profiles_dir"/*.profile; do
  [ -e "$f" ] && shipped+=("$(basename "$f" .profile)")
done
check_gt "at least 100 profiles are shipped" 99 "${#shipped[@]}"
readme=${SBOX_README:-${SBOX_TESTS_SRCDIR:-$here}/../../README.md}
if [ -r "$readme" ]; then
  apps=$(( ${#shipped[@]} - 4 )) # all but default, build, gui and gui-network
  check_match "README's '## Shipped profiles' counts the $apps application profiles" \
    "$(sed -n '/^## Shipped profiles/,/^## /p' "$readme")" "^$apps application profiles ship"
else
  skip "README's '## Shipped profiles' counts the application profiles" "README.md not readable"
fi

for name in "${shipped[@]}"; do
  sbox_run --check-profile="$profiles_dir/$name.profile"
  check_rc "$name.profile passes --check-profile" 0
done

sbox_run --check-profile=firefox
check_rc "--check-profile=NAME finds firefox on SBOX_PROFILE_PATH" 0

# Every shipped profile also builds a plan, found by its name the way
# "sbox NAME" finds it. The profiles that bind the current directory refuse
# the home and what lies above it, so the plans are made from a project
# directory beside the fake home.
mkdir -p "$SBOX_TMP/plan-project"
no_plan=
for name in "${shipped[@]}"; do
  (cd "$SBOX_TMP/plan-project" && "$SBOX" --print-plan "$name" >"$SBOX_TMP/plan.out" 2>&1) \
    && grep -q "^profile: $name (" "$SBOX_TMP/plan.out" \
    || no_plan="$no_plan $name"
done
check_eq "--print-plan NAME builds a plan with NAME.profile for every shipped profile" "" "$no_plan"

# Every abstraction, included on its own by a minimal profile.
mkdir -p "$SBOX_TMP/inc"
for f in "$profiles_dir"/include/*.inc; do
  inc=$(basename "$f" .inc)
  printf '# includes only %s\n[Profile]\nDescription=include %s\nInclude=%s\n' \
    "$inc" "$inc" "$inc" >"$SBOX_TMP/inc/with-$inc.profile"
  sbox_run --check-profile="$SBOX_TMP/inc/with-$inc.profile"
  check_rc "include/$inc.inc passes --check-profile" 0
done

# Conventions: each profile starts with a comment saying what it grants and
# has a description for --list-profiles.
no_comment='' no_description=''
for name in "${shipped[@]}"; do
  f=$profiles_dir/$name.profile
  [ "$(head -c 1 "$f")" = "#" ] || no_comment="$no_comment $name"
  grep -Eq '^Description=.+' "$f" || no_description="$no_description $name"
done
check_eq "every profile starts with a comment" "" "$no_comment"
check_eq "every profile has a Description=" "" "$no_description"

sbox_run --list-profiles
check_rc "--list-profiles succeeds" 0
unlisted=
for name in "${shipped[@]}"; do
  printf '%s\n' "$OUT" | grep -Eq "(^|[[:space:]])$name([[:space:]:]|$)" || unlisted="$unlisted $name"
done
check_eq "--list-profiles lists every shipped profile" "" "$unlisted"

# profiles.am (when the copy has it) lists exactly the files shipped.
if [ -r "$profiles_dir/profiles.am" ]; then
  am_var () {
    awk -v var="$1" '
      $1 == var && $2 == "=" { on = 1; $1 = ""; $2 = "" }
      on { line = $0; cont = sub(/\\[[:space:]]*$/, "", line); printf "%s ", line; if (!cont) on = 0 }
    ' "$profiles_dir/profiles.am" | tr -s ' \t' '\n' | sed '/^$/d' | sort | tr '\n' ' '
  }
  listed_dir () { printf '%s\n' "$@" | sort | tr '\n' ' '; }
  # in_profiles_dir GLOB: the matching files as profiles.am names them.
  in_profiles_dir ()
  {
    local f
    (cd "$profiles_dir" && for f in $1; do printf 'profiles/%s\n' "$f"; done) | sort | tr '\n' ' '
  }
  check_eq "profiles.am: SHIPPED_PROFILES names every *.profile" \
    "$(listed_dir "${shipped[@]}")" "$(am_var SHIPPED_PROFILES)"
  check_eq "profiles.am: dist_profiles_DATA lists every *.profile" \
    "$(in_profiles_dir '*.profile')" \
    "$(am_var dist_profiles_DATA)"
  check_eq "profiles.am: dist_profilesinclude_DATA lists every include/*.inc" \
    "$(in_profiles_dir 'include/*.inc')" \
    "$(am_var dist_profilesinclude_DATA)"
else
  skip "profiles.am lists exactly the shipped files" "no profiles.am beside the profiles"
fi

# --- malformed profiles are rejected with FILE:LINE and the key -----------------------

bad=$SBOX_TMP/bad
mkdir -p "$bad/include"

# write_profile NAME: the profile text on stdin, its path on stdout.
write_profile () { cat >"$bad/$1.profile"; printf '%s\n' "$bad/$1.profile"; }

# expect_rejected DESC PATH LINE WHAT: exit status 125 and a message naming
# PATH:LINE and WHAT ("[Section] Key", or "[Section]" for a section), in the
# documented form "FILE:LINE: [Section] Key: message".
expect_rejected ()
{
  local desc=$1 path=$2 line=$3 what=$4
  sbox_run --check-profile="$path"
  check_rc "$desc: rejected (exit status 125)" 125
  check_contains "$desc: the message names $(basename "$path"):$line" "$ERR$OUT" "$path:$line:"
  check_contains "$desc: the message reads '$(basename "$path"):$line: $what'" "$ERR$OUT" \
    "$path:$line: $what"
}

good=$(write_profile good <<'EOF'
# the control for the malformed profiles below
[Profile]
Description=control
Include=base;

[Context]
shared=network;
filesystems=~/Documents:ro;

[Sandbox]
Home=tmpfs
EOF
)
sbox_run --check-profile="$good"
check_rc "control: a well-formed profile passes --check-profile" 0

p=$(write_profile unknown-key <<'EOF'
# line 1
[Profile]
Description=unknown key

[Context]
shared=network;
Frobnicate=yes
EOF
)
expect_rejected "unknown key" "$p" 7 "[Context] Frobnicate"

p=$(write_profile unknown-section <<'EOF'
# line 1
[Profile]
Description=unknown section

[Frobnication]
shared=network;
EOF
)
expect_rejected "unknown section" "$p" 5 "[Frobnication]"

p=$(write_profile bad-value <<'EOF'
# line 1
[Profile]
Description=bad value

[Sandbox]
Landlock=true
Home=everywhere
EOF
)
expect_rejected "bad value (Home=everywhere)" "$p" 7 "[Sandbox] Home"

p=$(write_profile bad-list-entry <<'EOF'
# line 1
[Profile]
Description=bad list entry

[Context]
sockets=wayland;ssh;
EOF
)
expect_rejected "bad list entry (sockets=ssh)" "$p" 6 "[Context] sockets"

p=$(write_profile dotdot <<'EOF'
# line 1
[Profile]
Description=.. in a path

[Context]
filesystems=xdg-download;~/Documents/../.ssh;
EOF
)
expect_rejected "'..' in a filesystems= path" "$p" 6 "[Context] filesystems"

p=$(write_profile bad-bus-policy <<'EOF'
# line 1
[Profile]
Description=bad bus policy

[Session Bus Policy]
org.freedesktop.Notifications=talk
org.example.Service=chat
EOF
)
expect_rejected "bad D-Bus policy" "$p" 7 "[Session Bus Policy] org.example.Service"

printf '[Profile]\nInclude=loop-b;\n' >"$bad/include/loop-a.inc"
printf '[Profile]\nInclude=loop-a;\n' >"$bad/include/loop-b.inc"
p=$(write_profile include-cycle <<'EOF'
# line 1
[Profile]
Description=include cycle
Include=loop-a;
EOF
)
SBOX_PROFILE_PATH=$bad:$profiles_dir sbox_run --check-profile="$p"
check_rc "include cycle: rejected (exit status 125)" 125
check_match "include cycle: the message names the include file, line and key" "$ERR$OUT" \
  "$bad/include/loop-[ab]\.inc:[0-9]+: \[Profile\] Include"

p=$(write_profile two-problems <<'EOF'
# line 1
[Profile]
Description=two problems

[Context]
devices=dri;gpu;

[Sandbox]
Timeout=soon
EOF
)
sbox_run --check-profile="$p"
check_rc "two problems: rejected (exit status 125)" 125
check_eq "two problems: one FILE:LINE line for each" "$p:6 $p:9" \
  "$(printf '%s\n' "$ERR$OUT" | sed -nE "s|^(sbox: )?($p:[0-9]+): .*|\2|p" | sort | tr '\n' ' ' | sed 's/ $//')"

# --- the command-line profiles, run for real -------------------------------------------

# The caller's secrets, which no profile below may reach.
mkdir -p "$HOME/.ssh" "$HOME/Downloads" "$HOME/.config"
# GLib (and so sbox) finds xdg-download through user-dirs.dirs, as on a desktop.
printf 'XDG_DOWNLOAD_DIR="$HOME/Downloads"\n' >"$HOME/.config/user-dirs.dirs"
chmod 700 "$HOME/.ssh"
secret="-----BEGIN OPENSSH PRIVATE KEY----- sbox-profile-secret-$$"
printf '%s\n' "$secret" >"$HOME/.ssh/id_rsa"
chmod 600 "$HOME/.ssh/id_rsa"
check_eq "control: the planted ~/.ssh/id_rsa is readable outside the sandbox" \
  "$secret" "$(cat "$HOME/.ssh/id_rsa")"

# A web server on the host's loopback, outside the sandbox. It serves www/
# and logs every request line and POST body, so a test can tell what reached it.
www=$SBOX_TMP/www
log=$SBOX_TMP/server.log
mkdir -p "$www"
hello="hello from the host $$"
printf '%s\n' "$hello" >"$www/hello.txt"
: >"$log"
PORT=
if [ -n "$PY" ]; then
  cat >"$SBOX_TMP/server.py" <<'EOF'
import http.server, os, sys

root, log, portfile = sys.argv[1:4]

class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=root, **kwargs)

    def log_message(self, fmt, *args):
        with open(log, "a") as f:
            f.write("%s %s\n" % (self.command, self.path))

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with open(log, "ab") as f:
            f.write(b"POST-BODY " + body + b"\n")
        self.send_response(200)
        self.send_header("Content-Length", "3")
        self.end_headers()
        self.wfile.write(b"ok\n")

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
EOF
  "$PY" "$SBOX_TMP/server.py" "$www" "$log" "$SBOX_TMP/port" </dev/null >/dev/null 2>&1 &
  kill_at_exit $!
  disown $! 2>/dev/null
  if wait_for 10 test -s "$SBOX_TMP/port"; then
    PORT=$(cat "$SBOX_TMP/port")
  fi
fi
URL=http://127.0.0.1:$PORT
if [ -n "$PORT" ]; then
  check_eq "control: the host's web server answers on 127.0.0.1" "$hello" \
    "$(curl -fsS --max-time 5 "$URL/hello.txt" 2>&1)"
else
  not_ok "control: the host's web server answers on 127.0.0.1" "no python3, or the server did not start"
fi
server_log () { cat "$log"; }

# python_connect PORT: a Python snippet that exits 3 printing "denied ERROR"
# when it cannot connect to 127.0.0.1:PORT.
python_connect ()
{
  printf '%s\n' \
    'import socket, sys' \
    'try:' \
    "    socket.create_connection(('127.0.0.1', $1), timeout=3).close()" \
    'except OSError as e:' \
    '    print("denied", type(e).__name__); sys.exit(3)' \
    'print("connected")'
}

# --- curl: the network and ~/Downloads, nothing else of the home ---

cd "$SBOX_TMP" || bail_out "cannot enter $SBOX_TMP"
sbox_run curl -fsS --max-time 10 "$URL/hello.txt"
check_run_ok "curl: fetches from the host's web server (network shared)" "$hello"

sbox_run --profile=curl -- curl -fsS --max-time 10 -o "$HOME/Downloads/fetched.txt" "$URL/hello.txt"
check_rc "curl: saves into ~/Downloads (exit status)" 0
check_eq "curl: the file saved into ~/Downloads reached the host" "$hello" \
  "$(cat "$HOME/Downloads/fetched.txt" 2>&1)"

check_eq "control: curl outside the sandbox reads file://~/.ssh/id_rsa" "$secret" \
  "$(curl -fsS "file://$HOME/.ssh/id_rsa" 2>&1)"
sbox_run curl -fsS "file://$HOME/.ssh/id_rsa"
check_ne "curl: file://~/.ssh/id_rsa fails inside" 0 "$RC"
check_not_contains "curl: the secret does not leak through file://" "$OUT$ERR" "sbox-profile-secret-$$"

sbox_run curl -sS --max-time 10 --data-binary "@$HOME/.ssh/id_rsa" "$URL/upload-curl"
check_not_contains "curl: --data-binary @~/.ssh/id_rsa does not send the secret to the server" \
  "$(server_log)" "sbox-profile-secret-$$"

# --- wget: the network and the current directory ---

mkdir -p "$SBOX_TMP/wget-work"
cd "$SBOX_TMP/wget-work" || bail_out "cannot enter wget-work"
printf 'public-%s\n' "$$" >public.txt
sbox_run wget -q --timeout=10 "$URL/hello.txt"
check_rc "wget: downloads from the host's web server (exit status)" 0
check_eq "wget: the download landed in the current directory on the host" "$hello" \
  "$(cat "$SBOX_TMP/wget-work/hello.txt" 2>&1)"

sbox_run wget -q --timeout=10 -O /dev/null --post-file=public.txt "$URL/upload-wget-public"
check_contains "control: wget --post-file sends a file of the current directory" \
  "$(server_log)" "POST-BODY public-$$"
sbox_run wget -q --timeout=10 -O /dev/null --post-file="$HOME/.ssh/id_rsa" "$URL/upload-wget"
check_ne "wget: --post-file=~/.ssh/id_rsa fails inside" 0 "$RC"
check_not_contains "wget: the secret never reaches the server" "$(server_log)" "sbox-profile-secret-$$"

# --- git: the working tree, ~/.gitconfig read-only, no keys ---

cat >"$HOME/.gitconfig" <<'EOF'
[user]
	name = Sbox Profile Tester
	email = tester@example.invalid
[init]
	defaultBranch = main
EOF
gitconfig_before=$(cat "$HOME/.gitconfig")
mkdir -p "$SBOX_TMP/git-work"
cd "$SBOX_TMP/git-work" || bail_out "cannot enter git-work"
sbox_run git init -q repo
check_rc "git: init in the current directory (exit status)" 0
check "git: the repository exists on the host" test -d "$SBOX_TMP/git-work/repo/.git"
printf 'tracked\n' >repo/file.txt
sbox_run git -C repo add file.txt
check_rc "git: add (exit status)" 0
sbox_run git -C repo commit -q -m "first commit"
check_rc "git: commit with the identity from ~/.gitconfig (exit status)" 0
check_eq "git: the commit is on the host, by the ~/.gitconfig identity" \
  "Sbox Profile Tester <tester@example.invalid> first commit" \
  "$(git -C repo log -1 --format='%an <%ae> %s' 2>&1)"

secret_hash=$(git hash-object "$HOME/.ssh/id_rsa")
sbox_run git hash-object "$HOME/.ssh/id_rsa"
check_ne "git: cannot read ~/.ssh/id_rsa (hash-object fails)" 0 "$RC"
check_not_contains "git: the secret's hash does not come out" "$OUT$ERR" "$secret_hash"
sbox_run git config --global user.name Intruder
check_ne "git: ~/.gitconfig is read-only (config --global fails)" 0 "$RC"
check_eq "git: the host's ~/.gitconfig is unchanged" "$gitconfig_before" "$(cat "$HOME/.gitconfig")"

# --- python3: the current directory, no network ---

mkdir -p "$SBOX_TMP/py-work"
cd "$SBOX_TMP/py-work" || bail_out "cannot enter py-work"
sbox_run python3 -c 'open("out.txt", "w").write("written inside\n")'
check_rc "python3: writes a file into the current directory (exit status)" 0
check_eq "python3: the file reached the host" "written inside" "$(cat out.txt 2>&1)"

if [ -n "$PORT" ]; then
  check_eq "control: python3 outside the sandbox connects to the host's server" "connected" \
    "$("$PY" -c "$(python_connect "$PORT")" 2>&1)"
  sbox_run python3 -c "$(python_connect "$PORT")"
  check_rc "python3: cannot connect to the host's server (no network)" 3
else
  skip "python3: cannot connect to the host's server (no network)" "no server"
fi
sbox_run python3 -c 'import os; print(open(os.path.expanduser("~/.ssh/id_rsa")).read())'
check_ne "python3: cannot read ~/.ssh/id_rsa" 0 "$RC"
check_not_contains "python3: the secret does not leak" "$OUT$ERR" "sbox-profile-secret-$$"

# --- make: builds in the current directory, recipes cannot reach the home ---

mkdir -p "$SBOX_TMP/make-work"
cd "$SBOX_TMP/make-work" || bail_out "cannot enter make-work"
printf 'hello make\n' >in.txt
printf '%s\n' \
  'out.txt: in.txt' \
  '	tr a-z A-Z < in.txt > out.txt' \
  'steal:' \
  '	cp "$$HOME/.ssh/id_rsa" stolen.txt' >Makefile
sbox_run make
check_rc "make: builds the project in the current directory (exit status)" 0
check_eq "make: the build product is on the host" "HELLO MAKE" "$(cat out.txt 2>&1)"
check "control: 'make steal' outside the sandbox copies the key" make -s steal
rm -f stolen.txt
sbox_run make steal
check_ne "make: a recipe reading ~/.ssh/id_rsa fails inside" 0 "$RC"
check_fails "make: nothing was stolen" test -e stolen.txt

# --- build: a C project with cc, strict seccomp, no home, no network ---

mkdir -p "$SBOX_TMP/c-proj"
cd "$SBOX_TMP/c-proj" || bail_out "cannot enter c-proj"
printf '%s\n' \
  '#include <stdio.h>' \
  'int main (void) { puts ("built inside sbox"); return 0; }' >hello.c
printf '%s\n' \
  'hello: hello.c' \
  '	cc -O2 -o hello hello.c' \
  'steal:' \
  '	cp "$$HOME/.ssh/id_rsa" stolen.txt' \
  'net:' \
  "	bash -c 'exec 3<>/dev/tcp/127.0.0.1/\$(PORT) && printf \"GET /\$(MARK) HTTP/1.0\\r\\n\\r\\n\" >&3 && cat <&3'" \
  >Makefile
sbox_run --profile=build -- make
check_rc "build: make compiles a C project with cc (exit status)" 0
check_eq "build: the program built inside runs on the host" "built inside sbox" \
  "$(./hello 2>&1)"

rm -f hello
sbox_run --profile=build
check_rc "build: without a command the profile runs make (Command=)" 0
check "build: the program was rebuilt by the Command= default" test -x hello

sbox_run --profile=build -- make steal
check_ne "build: a recipe reading ~/.ssh/id_rsa fails" 0 "$RC"
check_fails "build: nothing was stolen" test -e stolen.txt

if [ -n "$PORT" ]; then
  make -s net PORT="$PORT" MARK=build-net-host >/dev/null 2>&1
  check_contains "control: 'make net' outside the sandbox reaches the server" \
    "$(server_log)" "GET /build-net-host"
  sbox_run --profile=build -- make net PORT="$PORT" MARK=build-net-sbox
  check_ne "build: 'make net' fails inside (no network)" 0 "$RC"
  check_not_contains "build: no request from inside reached the server" \
    "$(server_log)" "build-net-sbox"
else
  skip "build: 'make net' fails inside (no network)" "no server"
fi

# --- default: what a command without a profile gets ---

cd "$SBOX_TMP" || bail_out "cannot enter $SBOX_TMP"
sbox_run --profile=default -- cat "$HOME/.gitconfig"
check_ne "default: the home is not visible (no ~/.gitconfig)" 0 "$RC"
if [ -n "$PORT" ]; then
  sbox_run --profile=default -- python3 -c "$(python_connect "$PORT")"
  check_rc "default: no network" 3
fi

done_testing
