#!/bin/bash
# lint/bench-report.sh — make bench's verdicts, on made-up measurements:
# bench/report.py fails (status 1, REGRESSED in the results and on stderr)
# when a ratio passes its limit in a thresholds file, and passes when none
# does; it reads SBOX_TIMING=1 tables and strace summaries into the results.
# Reads the source tree only; run-test.sh runs it in place.

here=${BASH_SOURCE[0]%/*}
report=$here/../../bench/report.py
n=0 failed=0
tap () { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }

raw=$(mktemp -d) || exit 1
trap 'rm -rf "$raw"' EXIT
# sbox-noprofile 1.30x bwrap, the proxy 1.50x: hyperfine's JSON, times in s.
cat >"$raw/startup.json" <<'EOF'
{"results": [
 {"command": "unshare true", "times": [0.010, 0.010, 0.010]},
 {"command": "bwrap true", "times": [0.010, 0.010, 0.010]},
 {"command": "sbox-noprofile true", "times": [0.013, 0.013, 0.013]},
 {"command": "sbox-dbus true", "times": [0.0195, 0.0195, 0.0195]}
]}
EOF
for w in none allow-all default strict bwrap bwrap-seccomp; do
  echo "getppid $w 1000" && echo "openclose $w 3000"
done >"$raw/syscalls.txt"
echo "1600 700 3600 800 1500 600" >"$raw/rss.txt"
echo "1.0 1.0 1.1 1.1" >"$raw/build.txt"
printf '%s\n' "noprofile launcher plan 3.000 1.500 1" "noprofile launcher plan 3.000 1.700 1" \
  "noprofile sandbox mount-bind 9.000 0.900 46" "dbus proxy until-execve 11.000 0.000 1" \
  >"$raw/phases.txt"
printf '%% time     seconds  usecs/call     calls    errors syscall\n------ -----\n 50.00 0.000100 1 40 2 openat\n 50.00 0.000100 1 9 mount\n------ -----\n100.00 0.000200 1 49 2 total\n' \
  >"$raw/strace-sbox-noprofile.txt"

printf 'startup_noprofile_vs_bwrap 1.2   # below the measured 1.30\nstartup_dbus_vs_noprofile 1.9\n' >"$raw/tight"
python3 "$report" "$raw" "$raw/out.json" "$raw/out.md" "$raw/tight" 2>"$raw/err"
tap "$([ $? = 1 ] && echo 0 || echo 1)" "a ratio past its threshold: report.py exits 1"
grep -q 'startup_noprofile_vs_bwrap.*| 1.2 | REGRESSED' "$raw/out.md"
tap $? "... the results mark it REGRESSED"
grep -q '^make bench: REGRESSED past bench/thresholds: startup_noprofile_vs_bwrap$' "$raw/err"
tap $? "... and stderr names it"
grep -q 'startup_dbus_vs_noprofile.*| 1.9 | ok' "$raw/out.md"
tap $? "... a ratio within its limit is ok beside it"

printf 'startup_noprofile_vs_bwrap 1.6\nstartup_dbus_vs_noprofile 1.9\nno_such_ratio 1.0\n' >"$raw/loose"
python3 "$report" "$raw" "$raw/out.json" "$raw/out.md" "$raw/loose" 2>"$raw/err"
tap $? "control: every ratio within its limit: report.py exits 0"
grep -q 'no_such_ratio.*not measured' "$raw/out.md"
tap $? "... a ratio the run did not measure says so and fails nothing"
grep -q 'NOT met (1.50x)' "$raw/out.md"
tap $? "the start-time goals are reported (the proxy at 1.50x: NOT met)"
python3 - "$raw/out.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
plan = next(p for p in r["phases_ms"]["noprofile"] if p["phase"] == "plan")
assert plan["took_ms"] == 1.6 and plan["runs"] == 2, plan
assert r["syscalls_per_start"]["sbox-noprofile"]["groups"] == \
    {"total": 49, "mount": 9, "files": 40, "prctl": 0, "processes": 0, "memory": 0, "other": 0}
PY
tap $? "the phase table's medians and the system-call groups reach bench-results.json"

echo "1..$n"
exit $failed
