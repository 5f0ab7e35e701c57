#!/bin/bash
# terminal.sh — the sandbox gets a pseudo-terminal of its own.
#
# A sandbox in a new session that kept the caller's terminal as its stdio
# was out of job control's reach: `sbox cmd &` read what the user typed at
# the shell next (passwords included) and could change the terminal's
# modes. With a terminal on stdio sbox now hands the command the slave of a
# pty it opened and relays from the caller's terminal only while it is in
# the foreground. Each case types at a real interactive bash on a fresh pty
# (python3's pty module) and is paired with a CONTROL that makes the same
# attempt with --no-pty (the caller's terminal handed over as before) and
# shows that it then succeeds.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

command -v python3 >/dev/null 2>&1 || skip_all "python3 (its pty module drives the terminal) is missing"
command -v bash >/dev/null 2>&1 || skip_all "bash is missing"
command -v ps >/dev/null 2>&1 || skip_all "ps (procps) is missing"

# The driver: an interactive bash on a fresh pty, typed at like a user would.
DRIVER=$SBOX_TMP/terminal-driver.py
cat >"$DRIVER" <<'PY'
"""terminal-driver.py — an interactive bash on a fresh pseudo-terminal, for
terminal.sh. Each scenario types at the shell like a user would (job control
on) and prints what it saw as "R KEY VALUE" lines for the test to assert on.

Usage: terminal-driver.py SBOX SCENARIO [SBOX_OPTION...]
"""
import fcntl
import os
import pty
import re
import select
import shlex
import signal
import struct
import sys
import termios
import time

SBOX = sys.argv[1]
SCENARIO = sys.argv[2]
OPTS = " ".join(shlex.quote(a) for a in sys.argv[3:])
BOX = f"{shlex.quote(SBOX)} --noprofile --quiet {OPTS}"
MARK = re.compile(rb"@@@ (\d+)")


def result(key, value):
    print(f"R {key} {value}", flush=True)


class Term:
    def __init__(self, rows=24, cols=80):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(PS1="$ ", TERM="dumb", HISTFILE="/dev/null")
            os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])
        self.resize(rows, cols)
        self.buf = b""
        self.seen = 0  # what expect() has matched up to
        self.cmd("bind 'set enable-bracketed-paste off' 2>/dev/null; set +o history")

    def resize(self, rows, cols):
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def send(self, text):
        os.write(self.fd, text.encode() if isinstance(text, str) else text)

    def pump(self, seconds):
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                return
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.buf += data

    def expect(self, pattern, timeout=15):
        if isinstance(pattern, str):
            pattern = pattern.encode()
        rx = re.compile(pattern)
        end = time.time() + timeout
        while True:
            m = rx.search(self.buf, self.seen)
            if m:
                self.seen = m.end()
                return m
            left = end - time.time()
            if left <= 0:
                return None
            self.pump(min(left, 0.2))

    def start(self, line):
        """Type line; its end is marked by "@@@ STATUS" (typed split, so the echo does not match)."""
        self.send(line + '; echo "@@""@ $?"\n')

    def done(self, timeout=20):
        m = self.expect(MARK, timeout)
        return int(m.group(1)) if m else None

    def cmd(self, line, timeout=20):
        self.start(line)
        return self.done(timeout)

    def output_since(self, start):
        return self.buf[start:].replace(b"\r", b"").decode(errors="replace")

    def modes(self):
        """The terminal's modes as the caller's shell sees them (via the master)."""
        return termios.tcgetattr(self.fd)

    def close(self):
        # No job of the scenario outlives it (a stopped sbox would).
        self.send("\x03")
        self.pump(0.5)
        self.cmd("kill -KILL $(jobs -p) 2>/dev/null; wait", 10)
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        os.waitpid(self.pid, 0)


def stty_compare(t, line):
    """Run line between two `stty -g`: did the caller's terminal modes change?"""
    t.cmd("stty -g > modes.before")
    status = t.cmd(line)
    mark = len(t.buf)
    t.cmd('stty -g > modes.after; if cmp -s modes.before modes.after; then echo "mo""des:same"; '
          'else echo "mo""des:changed"; fi; stty "$(cat modes.before)"')
    m = re.findall(r"^modes:(same|changed)$", t.output_since(mark), re.M)
    return status, (m[-1] if m else "unknown")


def scenario_background():
    t = Term()
    mark = len(t.buf)
    # Started in the background; the shell then runs sleep in the foreground
    # and the user types a line meant for the shell.
    t.start(f"{BOX} -- sh -c 'read x; echo got:$x' & sleep 3")
    time.sleep(1.5)
    t.send("secret-line\n")
    t.done()
    t.cmd('sleep 0.3; echo "st""ate:$(ps -o stat= -p $!)"')
    m = re.search(r"state:(\S*)", t.output_since(mark))
    result("state", m.group(1) if m else "none")
    result("got-secret", "yes" if re.search(r"^got:secret-line$", t.output_since(mark), re.M) else "no")
    # fg: the job gets the terminal and the next line.
    t.start("fg")
    time.sleep(1)
    t.send("after-fg\n")
    t.done()
    out = t.output_since(mark)
    result("got-after-fg", "yes" if "got:after-fg" in out else "no")
    t.close()


def scenario_fg_running():
    t = Term()
    mark = len(t.buf)
    # fg on a job that is running sends it no SIGCONT: sbox must notice it
    # has the foreground (and the terminal's input) all the same.
    t.start(f"{BOX} -- sh -c 'sleep 2; read x; echo got:$x' & fg")
    time.sleep(4)
    t.send("typed-after-fg\n")
    status = t.done()
    result("got", "yes" if re.search(r"^got:typed-after-fg$", t.output_since(mark), re.M) else "no")
    result("status", status)
    t.close()


def scenario_suspend():
    t = Term()
    mark = len(t.buf)
    t.start(f"{BOX} -- sh -c 'read x; echo got:$x; exit 5'")
    time.sleep(1.5)
    t.send("\x1a")  # ^Z
    t.done()
    stopped = t.expect(r"Stopped", 2) is not None or "Stopped" in t.output_since(mark)
    result("stopped-msg", "yes" if stopped else "no")
    t.cmd('echo "st""ate:$(ps -o stat= -p $(jobs -p %1))"')
    m = re.search(r"state:(\S*)", t.output_since(mark))
    result("state", m.group(1) if m else "none")
    # Back in the shell: the modes are the shell's, not raw.
    t.cmd("stty -a | grep -q -- '-icanon' && echo 'ca''non:no' || echo 'ca''non:yes'")
    m = re.search(r"canon:(yes|no)", t.output_since(mark))
    result("shell-icanon", m.group(1) if m else "none")
    t.start("fg")
    time.sleep(1)
    t.send("after-z\n")
    status = t.done()
    result("got-after-fg", "yes" if "got:after-z" in t.output_since(mark) else "no")
    result("status", status)
    t.close()


def scenario_modes():
    t = Term()
    status, modes = stty_compare(t, f"{BOX} -- sh -c 'stty -echo -icanon -isig; exit 3'")
    result("status", status)
    result("modes", modes)
    t.close()


def scenario_basics():
    t = Term()
    mark = len(t.buf)
    status = t.cmd(f"{BOX} -- sh -c 'test -t 0 && test -t 1 && test -t 2 && echo isatty:yes; "
                   "stty -g >/dev/null && echo tcgetattr:ok; echo tty:$(tty); exit 7'")
    out = t.output_since(mark)
    result("status", status)
    result("isatty", "yes" if re.search(r"^isatty:yes$", out, re.M) else "no")
    result("tcgetattr", "ok" if re.search(r"^tcgetattr:ok$", out, re.M) else "no")
    m = re.search(r"^tty:(\S+)$", out, re.M)
    result("tty", m.group(1) if m else "none")
    # The last of a burst written just before exit still arrives, in order.
    mark = len(t.buf)
    t.cmd(f"{BOX} -- seq 1 30000")
    nums = re.findall(r"^(\d+)$", t.output_since(mark), re.M)
    result("seq-count", len(nums))
    result("seq-last", nums[-1] if nums else "none")
    result("seq-ordered", "yes" if nums == [str(i) for i in range(1, len(nums) + 1)] else "no")
    # A pipe on stdin passes through; stdout is still the sandbox's terminal.
    mark = len(t.buf)
    t.cmd(f"echo piped-in | {BOX} -- sh -c 'cat; test -t 0 || echo stdin:pipe; "
          "test -t 1 && echo stdout:tty'")
    out = t.output_since(mark)
    result("pipe-in", "yes" if re.search(r"^piped-in$", out, re.M) else "no")
    result("stdin-pipe", "yes" if re.search(r"^stdin:pipe$", out, re.M) else "no")
    result("stdout-tty", "yes" if re.search(r"^stdout:tty$", out, re.M) else "no")
    t.close()


def scenario_pipeline():
    t = Term()
    mark = len(t.buf)
    # stdout to a pipe (a pager's place): sbox leaves the terminal's input
    # alone while the command does not ask for it...
    t.start(f"{BOX} -- sleep 2 | cat; read -t 2 line; echo \"shell-got:[$line]\"")
    time.sleep(1)
    t.send("typed-ahead\n")
    t.done()
    m = re.search(r"^shell-got:\[(.*)\]$", t.output_since(mark), re.M)
    result("shell-got", m.group(1) if m else "none")
    # ...and takes it once the command reads its terminal.
    mark = len(t.buf)
    t.start(f"{BOX} -- sh -c 'read x </dev/tty; echo got:$x' | cat")
    time.sleep(1.5)
    t.send("for-the-box\n")
    status = t.done()
    result("box-got", "yes" if re.search(r"^got:for-the-box$", t.output_since(mark), re.M) else "no")
    result("status", status)
    t.close()


def scenario_winsize():
    t = Term(33, 99)
    mark = len(t.buf)
    t.start(f"{BOX} -- sh -c 'echo size1:$(stty size); read x; echo size2:$(stty size)'")
    m = t.expect(r"size1:(\d+ \d+)")
    result("initial", m.group(1).decode().replace(" ", "x") if m else "none")
    time.sleep(0.5)
    t.resize(40, 120)
    time.sleep(0.5)
    t.send("go\n")
    t.done()
    m = re.search(r"size2:(\d+ \d+)", t.output_since(mark))
    result("changed", m.group(1).replace(" ", "x") if m else "none")
    t.close()


def scenario_restore():
    t = Term()
    # While the sandbox runs in the foreground the caller's terminal is raw:
    # restoring it is needed.
    t.start(f"{BOX} -- sleep 4")
    time.sleep(2)
    raw = not (t.modes()[3] & termios.ICANON)
    t.done()
    result("raw-while-running", "yes" if raw else "no")
    status, modes = stty_compare(t, f"{BOX} -- sh -c 'stty -echo; kill -KILL $$'")
    result("killed-status", status)
    result("killed-modes", modes)
    status, modes = stty_compare(
        t, f"(sleep 1.5; kill -TERM $(cat sbox.pid)) & sh -c 'echo $$ > sbox.pid; exec {BOX} -- sleep 30'")
    result("term-status", status)
    result("term-modes", modes)
    status, modes = stty_compare(
        t, f"(sleep 1.5; kill -HUP $(cat sbox.pid)) & sh -c 'echo $$ > sbox.pid; exec {BOX} -- sleep 30'")
    result("hup-status", status)
    result("hup-modes", modes)
    t.close()


def scenario_tiocsti():
    t = Term()
    mark = len(t.buf)
    t.cmd(f"{BOX} -- python3 -c 'import fcntl, termios; fcntl.ioctl(0, termios.TIOCSTI, b\"Z\")' "
          "2>/dev/null; echo r""c:$?; read -t 1 -n 1 c; echo \"af\"\"ter:[$c]\"")
    out = t.output_since(mark)
    m = re.search(r"rc:(\d+)", out)
    result("status", m.group(1) if m else "none")
    m = re.search(r"after:\[(.*?)\]", out)
    result("caller-read", m.group(1) or "nothing" if m else "none")
    t.close()


def scenario_enter():
    t = Term()
    name = f"ptyenter{os.getpid()}"
    enter = f"{shlex.quote(SBOX)} --enter={name}"
    t.cmd(f"{BOX} --name={name} -- sleep 60 </dev/null >/dev/null 2>&1 & true")
    ready = t.cmd(f"for i in $(seq 100); do {enter} -- true </dev/null >/dev/null 2>&1 && break; "
                  "sleep 0.1; done; [ $i -lt 100 ]")
    result("ready", "yes" if ready == 0 else "no")
    mark = len(t.buf)
    status = t.cmd(f"{enter} -- sh -c 'test -t 0 && echo isatty:yes; exit 4'")
    result("status", status)
    result("isatty", "yes" if re.search(r"^isatty:yes$", t.output_since(mark), re.M) else "no")
    mark = len(t.buf)
    t.start(f"{enter} -- sh -c 'read x; echo got:$x' & sleep 3")
    time.sleep(1.5)
    t.send("secret-line\n")
    t.done()
    t.cmd('sleep 0.3; echo "st""ate:$(ps -o stat= -p $!)"')
    out = t.output_since(mark)
    m = re.search(r"state:(\S*)", out)
    result("state", m.group(1) if m else "none")
    result("got-secret", "yes" if re.search(r"^got:secret-line$", out, re.M) else "no")
    t.start("fg")
    time.sleep(1)
    t.send("after-fg\n")
    t.done()
    result("got-after-fg", "yes" if re.search(r"^got:after-fg$", t.output_since(mark), re.M) else "no")
    status, modes = stty_compare(t, f"{enter} -- sh -c 'stty -echo -icanon; exit 3'")
    result("modes", modes)
    t.close()


globals()["scenario_" + SCENARIO]()
PY

# drive SCENARIO [SBOX_OPTION...]: run a scenario; sets R (its "R KEY VALUE" lines).
drive ()
{
  R=$(cd "$SBOX_TMP" && timeout -k 5 120 python3 "$DRIVER" "$SBOX" "$@" 2>"$SBOX_TMP/.driver-err")
  [ -s "$SBOX_TMP/.driver-err" ] && diag "driver ($*): $(cat "$SBOX_TMP/.driver-err")"
  return 0
}

# got KEY: the value the last scenario reported for KEY.
got () { printf '%s\n' "$R" | sed -n "s/^R $1 //p" | head -n 1; }

# --- (1) a background sandbox does not read what the user types next -------------------

drive background
check_eq "a background sandbox does not get the line typed at the shell next" no "$(got got-secret)"
check_match "a background sandbox that reads the terminal is stopped (SIGTTIN, state T)" "$(got state)" '^T'
check_eq "fg: the stopped sandbox gets the terminal and the next line" yes "$(got got-after-fg)"
drive background --no-pty
check_eq "control: with --no-pty the background sandbox reads the line typed at the shell" yes "$(got got-secret)"

drive fg_running
check_eq "fg on a running background sandbox: it gets the terminal's input" "yes 0" "$(got got) $(got status)"
drive fg_running --as-pid-1
check_eq "fg on a running background sandbox (--as-pid-1): it gets the terminal's input" "yes 0" \
  "$(got got) $(got status)"

# ^Z reaches the pty's line discipline; the launcher stops too, so the shell sees the job stopped.
drive suspend
check_eq "^Z stops the sandbox: the shell reports the job stopped" yes "$(got stopped-msg)"
check_match "^Z: sbox is stopped (state T)" "$(got state)" '^T'
check_eq "^Z: the shell gets its own terminal modes back (canonical)" yes "$(got shell-icanon)"
check_eq "fg after ^Z: the command continues and reads the next line" yes "$(got got-after-fg)"
check_eq "fg after ^Z: the command's exit status is passed on" 5 "$(got status)"

# --- (2) the sandbox cannot change the caller's terminal modes ---------------------------

drive modes
check_eq "stty -echo -icanon -isig inside leaves the caller's terminal modes unchanged" same "$(got modes)"
check_eq "the exit status passes through the pty" 3 "$(got status)"
drive modes --no-pty
check_eq "control: with --no-pty stty inside changes the caller's terminal modes" changed "$(got modes)"

# --- (3) interactive programs still have a terminal ------------------------------------

drive basics
check_eq "inside, stdin, stdout and stderr are terminals (isatty)" yes "$(got isatty)"
check_eq "inside, tcgetattr works (stty -g)" ok "$(got tcgetattr)"
check_eq "inside, tty names the sandbox's terminal (/dev/console)" /dev/console "$(got tty)"
check_eq "the exit status is passed on (7)" 7 "$(got status)"
check_eq "output written just before exit is drained: all 30000 lines arrive" 30000 "$(got seq-count)"
check_eq "output arrives in order, the last line last" "yes 30000" "$(got seq-ordered) $(got seq-last)"
check_eq "a pipe on stdin still passes through to the command" yes "$(got pipe-in)"
check_eq "with a pipe on stdin, stdin inside is that pipe" yes "$(got stdin-pipe)"
check_eq "with a pipe on stdin, stdout inside is still a terminal" yes "$(got stdout-tty)"

drive pipeline
check_eq "stdout to a pipe: sbox leaves typed-ahead input to the shell (or a pager)" typed-ahead \
  "$(got shell-got)"
check_eq "stdout to a pipe: the command reading its terminal gets the terminal's input" "yes 0" \
  "$(got box-got) $(got status)"

# --- (4) window size ------------------------------------------------------------------------

drive winsize
check_eq "the caller's window size is the pty's from the start (stty size)" 33x99 "$(got initial)"
check_eq "a window size change (SIGWINCH) reaches the sandbox" 40x120 "$(got changed)"

# --- (5) the caller's modes come back on every exit path ---------------------------------

drive restore
check_eq "control: while the sandbox runs in the foreground the caller's terminal is raw" yes "$(got raw-while-running)"
check_eq "the command killed by SIGKILL: status 137" 137 "$(got killed-status)"
check_eq "the command killed by SIGKILL: the caller's modes are restored" same "$(got killed-modes)"
check_eq "sbox sent SIGTERM: status 143" 143 "$(got term-status)"
check_eq "sbox sent SIGTERM: the caller's modes are restored" same "$(got term-modes)"
check_eq "sbox sent SIGHUP: status 129" 129 "$(got hup-status)"
check_eq "sbox sent SIGHUP: the caller's modes are restored" same "$(got hup-modes)"

# --- TIOCSTI lands in the sandbox's own pty at worst ------------------------------------------

drive tiocsti
check_eq "TIOCSTI into the sandbox's pty is refused by seccomp (python3 fails)" 1 "$(got status)"
check_eq "TIOCSTI refused: nothing reaches the caller's shell" nothing "$(got caller-read)"
drive tiocsti --seccomp=none
check_eq "without the filter, TIOCSTI succeeds but only types into the sandbox's own pty" "0 nothing" \
  "$(got status) $(got caller-read)"
drive tiocsti --seccomp=none --no-pty --no-new-session
check_eq "control: without pty, session and filter, TIOCSTI types into the caller's shell" "0 Z" \
  "$(got status) $(got caller-read)"

# --- --enter: a command joined on a terminal gets a pty of its own too ------------------------

drive enter
if [ "$(got ready)" = yes ]; then
  check_eq "--enter on a terminal: the exit status and isatty inside" "4 yes" "$(got status) $(got isatty)"
  check_eq "--enter in the background does not get the line typed at the shell next" no "$(got got-secret)"
  check_match "--enter in the background reading the terminal is stopped (state T)" "$(got state)" '^T'
  check_eq "--enter: fg gives it the terminal and the next line" yes "$(got got-after-fg)"
  check_eq "--enter: stty inside leaves the caller's terminal modes unchanged" same "$(got modes)"
else
  skip "--enter on a terminal gets a pty of its own" "the named sandbox did not come up"
fi

# --- (6) stdio not a terminal: no pty --------------------------------------------------------

sbox_run --noprofile -- sh -c 'tty; exit 0'
check_eq "stdio not a terminal: no pty inside (tty says not a tty)" "not a tty" "$OUT"
check_eq "stdio not a terminal: pipes pass through" "through-pipe" \
  "$(echo through-pipe | timeout 20 "$SBOX" --noprofile -- cat 2>/dev/null | cat)"
sbox_run --noprofile -- sh -c 'ls /dev/console 2>&1; exit 0'
check_match "stdio not a terminal: no /dev/console inside" "$OUT" 'No such file'

done_testing
