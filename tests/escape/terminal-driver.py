#!/usr/bin/python3
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
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        os.waitpid(self.pid, 0)


def stty_compare(t, line):
    """Run line between two `stty -g`: did the caller's terminal modes change?"""
    t.cmd("stty -g > modes.before")
    status = t.cmd(line)
    t.cmd('stty -g > modes.after; if cmp -s modes.before modes.after; then echo "mo""des:same"; '
          'else echo "mo""des:changed"; fi; stty "$(cat modes.before)"')
    m = t.expect(r"modes:(same|changed)", 1) or re.search(rb"modes:(same|changed)", t.buf)
    return status, (m.group(1).decode() if m else "unknown")


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
    result("got-secret", "yes" if "got:secret-line" in t.output_since(mark) else "no")
    # fg: the job gets the terminal and the next line.
    t.start("fg")
    time.sleep(1)
    t.send("after-fg\n")
    t.done()
    out = t.output_since(mark)
    result("got-after-fg", "yes" if "got:after-fg" in out else "no")
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
                   "stty -g >/dev/null && echo tcgetattr:ok; echo t""ty:$(tty); exit 7'")
    out = t.output_since(mark)
    result("status", status)
    result("isatty", "yes" if "isatty:yes" in out else "no")
    result("tcgetattr", "ok" if "tcgetattr:ok" in out else "no")
    m = re.search(r"tty:(\S+)", out)
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
    result("stdin-pipe", "yes" if "stdin:pipe" in out else "no")
    result("stdout-tty", "yes" if "stdout:tty" in out else "no")
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
    t.start(f"{BOX} -- sleep 2")
    time.sleep(1)
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


globals()["scenario_" + SCENARIO]()
