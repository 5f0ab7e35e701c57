"""bench/report.py — turn make bench's raw measurements into the results
table (markdown) and bench-results.json with the named ratios."""
import json
import os
import statistics
import sys

raw, json_out, md_out = sys.argv[1:4]
thresholds_path = sys.argv[4] if len(sys.argv) > 4 else None


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


startup = {}
path = os.path.join(raw, "startup.json")
if os.path.exists(path):
    for r in json.load(open(path))["results"]:
        times = [t * 1000 for t in r["times"]]
        startup[r["command"]] = {"median": statistics.median(times), "p90": pct(times, 0.9),
                                 "min": min(times)}

rounds = {}
for line in open(os.path.join(raw, "syscalls.txt")):
    mode, where, ns = line.split()
    rounds.setdefault((mode, where), []).append(float(ns))
syscalls = {key: statistics.median(values) for key, values in rounds.items()}

memory = [int(x) for x in open(os.path.join(raw, "rss.txt")).read().split()]
sbox_rss, sbox_pss, bwrap_rss, bwrap_pss = memory[:4]
# sbox-bwrap with bwrap's argv (absent from an older raw file).
sbwrap_rss, sbwrap_pss = memory[4:6] if len(memory) >= 6 else (None, None)
builds = [float(x) for x in open(os.path.join(raw, "build.txt")).read().split()]
bare_build, box_build = min(builds[0:2]), min(builds[2:4])
# The confinement mode's build, where the bench could make its environment.
confine_build = min(builds[4:6]) if len(builds) >= 6 else None

# The tracer's cost (measured by the root part only): wall and CPU seconds
# of the same build untraced and under sbox-trace.
trace_runs = {"untraced": [], "traced": []}
trace_note = "not measured: make bench was not run as root (sbox-trace needs root)"
path = os.path.join(raw, "trace.txt")
if os.path.exists(path):
    for line in open(path):
        words = line.split()
        if words and words[0] == "skipped":
            trace_note = "skipped: " + " ".join(words[1:])
        elif len(words) == 4 and words[0] in trace_runs:
            trace_runs[words[0]].append([float(w) for w in words[1:]])
trace_cost = None
if trace_runs["untraced"] and trace_runs["traced"]:
    def trace_median(kind, col):
        return statistics.median(r[col] if col < 3 else r[1] + r[2] for r in trace_runs[kind])
    trace_cost = {kind: {"wall": trace_median(kind, 0), "cpu": trace_median(kind, 3),
                         "runs": len(trace_runs[kind])} for kind in trace_runs}


def med(name):
    return startup.get(name, {}).get("median")


def ratio(a, b):
    return round(a / b, 3) if a and b else None


results = {
    "startup_ms": startup,
    "syscall_ns": {f"{m}_{w}": v for (m, w), v in syscalls.items()},
    "launcher_rss_kib": sbox_rss,
    "bwrap_rss_kib": bwrap_rss,
    "launcher_pss_kib": sbox_pss,
    "bwrap_pss_kib": bwrap_pss,
    "memory_rss_vs_bwrap": ratio(sbox_rss, bwrap_rss),
    "sbox_bwrap_rss_kib": sbwrap_rss,
    "sbox_bwrap_pss_kib": sbwrap_pss,
    "memory_sbox_bwrap_rss_vs_bwrap": ratio(sbwrap_rss, bwrap_rss),
    "memory_sbox_bwrap_pss_vs_bwrap": ratio(sbwrap_pss, bwrap_pss),
    "trace_seconds": trace_cost,
    "build_seconds": {"bare": bare_build, "build_profile": box_build,
                      "confine_mode": confine_build},
    "startup_noprofile_vs_bwrap": ratio(med("sbox-noprofile true"), med("bwrap true")),
    "startup_sbox_bwrap_vs_bwrap": ratio(med("sbox-bwrap true"), med("bwrap true")),
    "startup_default_vs_bwrap_seccomp": ratio(med("sbox-default true"), med("bwrap+seccomp true")),
    "startup_default_vs_firejail": ratio(med("sbox-default true"), med("firejail-default true")),
    "startup_default_vs_kernel_floor": ratio(med("sbox-default true"), med("unshare true")),
    "startup_noprofile_vs_kernel_floor": ratio(med("sbox-noprofile true"), med("unshare true")),
    "startup_dbus_vs_noprofile": ratio(med("sbox-dbus true"), med("sbox-noprofile true")),
    # The blocked environment's wrapper costs its own start beyond a bare
    # one: taken out, what remains is the confinement mode's.
    "startup_confine_vs_noprofile": ratio(
        med("sbox-confine true") - med("no-userns true") + med("bare true")
        if med("sbox-confine true") and med("no-userns true") else None,
        med("sbox-noprofile true")),
    "getppid_default_vs_none": ratio(syscalls[("getppid", "default")], syscalls[("getppid", "none")]),
    "getppid_strict_vs_none": ratio(syscalls[("getppid", "strict")], syscalls[("getppid", "none")]),
    "getppid_default_vs_allow_all": ratio(syscalls[("getppid", "default")],
                                          syscalls[("getppid", "allow-all")]),
    "getppid_strict_vs_allow_all": ratio(syscalls[("getppid", "strict")],
                                         syscalls[("getppid", "allow-all")]),
    "openclose_default_vs_none": ratio(syscalls[("openclose", "default")], syscalls[("openclose", "none")]),
    "build_vs_bare": ratio(box_build, bare_build),
    "trace_wall_vs_untraced": ratio(trace_cost["traced"]["wall"], trace_cost["untraced"]["wall"])
    if trace_cost else None,
    "trace_cpu_vs_untraced": ratio(trace_cost["traced"]["cpu"], trace_cost["untraced"]["cpu"])
    if trace_cost else None,
    "build_confine_vs_bare": ratio(confine_build, bare_build),
}

# The network modes: start (a run of their own) and the 100 MB download.
# The runs come in slices (startup-net-N.json), the modes taking turns.
net_times = {}
for name in sorted(os.listdir(raw)):
    if name.startswith("startup-net") and name.endswith(".json"):
        for r in json.load(open(os.path.join(raw, name)))["results"]:
            net_times.setdefault(r["command"], []).extend(t * 1000 for t in r["times"])
net_start = {mode: {"median": statistics.median(times), "p90": pct(times, 0.9), "min": min(times),
                    "runs": len(times)}
             for mode, times in net_times.items()}
DOWNLOAD_BYTES = 100 * 1024 * 1024
speeds, failed, failures = {}, {}, []
path = os.path.join(raw, "net-download.txt")
for line in open(path) if os.path.exists(path) else ():
    fields = line.split()
    mode = fields[0]
    speeds.setdefault(mode, [])
    # A download counts only if all of it arrived, with a 200.
    if len(fields) == 4 and fields[3] == "200" and float(fields[2]) == DOWNLOAD_BYTES:
        speeds[mode].append(float(fields[1]) / 1e6)
    else:
        failed[mode] = failed.get(mode, 0) + 1
        failures.append(f"a download through {mode} failed: {' '.join(fields[1:]) or 'no output'}")
throughput = {m: statistics.median(v) for m, v in speeds.items() if v}
path = os.path.join(raw, "net-notes.txt")
net_notes = [n.strip() for n in open(path)] if os.path.exists(path) else []
net_notes += failures
path = os.path.join(raw, "net-seconds.txt")
net_seconds = int(open(path).read()) if os.path.exists(path) else None


def over_none(mode):
    if mode in net_start and "none" in net_start:
        return round(net_start[mode]["median"] - net_start["none"]["median"], 2)
    return None


results["network"] = {
    "startup_ms": net_start,
    "start_over_none_ms": {m: over_none(m) for m in net_start if m != "none"},
    "download_mb_per_s": throughput,
    "download_best_mb_per_s": {m: max(v) for m, v in speeds.items() if v},
    "download_runs": {m: len(v) for m, v in speeds.items()},
    "download_failed": failed,
    "filtered_vs_host": ratio(throughput.get("filtered"), throughput.get("host")),
    "isolated_vs_host": ratio(throughput.get("isolated"), throughput.get("host")),
    "host_vs_direct": ratio(throughput.get("host"), throughput.get("direct")),
    "notes": net_notes,
    "bench_seconds": net_seconds,
}
# SBOX_TIMING=1's tables, many runs: "KIND ROLE PHASE START TOOK COUNT".
phase_runs = {}
path = os.path.join(raw, "phases.txt")
for line in open(path) if os.path.exists(path) else ():
    f = line.split()
    if len(f) == 6 and f[1] != "process":
        phase_runs.setdefault(f[0], {}).setdefault((f[1], f[2]), []).append(
            (float(f[3]), float(f[4]), int(f[5])))
phases = {kind: [{"process": r, "phase": p, "start_ms": round(statistics.median(x[0] for x in v), 3),
                  "took_ms": round(statistics.median(x[1] for x in v), 3),
                  "count": int(statistics.median(x[2] for x in v)), "runs": len(v)}
                 for (r, p), v in rows.items()]
          for kind, rows in phase_runs.items()}
results["phases_ms"] = phases
path = os.path.join(raw, "proxy-floor.txt")
floor = open(path).read().split() if os.path.exists(path) else []
results["proxy_exec_to_ready_ms"] = float(floor[0]) if floor else None

# strace -f -c summaries: calls per system call.
MOUNT_CALLS = {"mount", "umount2", "open_tree", "open_tree_attr", "move_mount", "mount_setattr",
               "fsopen", "fsconfig", "fsmount", "pivot_root"}
FILE_CALLS = {"openat", "openat2", "open", "newfstatat", "fstat", "statx", "close", "close_range",
              "fcntl", "read", "write", "pread64", "lseek", "mkdir", "mkdirat", "mknodat", "symlink",
              "symlinkat", "readlink", "readlinkat", "getdents64", "access", "faccessat2", "unlink",
              "unlinkat", "rename", "renameat2", "fchmod", "chmod", "creat", "fallocate", "fsync",
              "chdir", "fchdir", "memfd_create", "statfs", "fstatfs", "dup2", "dup3"}
PROCESS_CALLS = {"clone", "clone3", "execve", "wait4", "waitid", "exit_group", "unshare", "setns",
                 "kill", "pidfd_send_signal", "pidfd_open"}
MEMORY_CALLS = {"mmap", "munmap", "mprotect", "brk", "madvise", "mremap"}
strace = {}
for what in ("unshare", "bwrap", "sbox-bwrap", "sbox-noprofile", "sbox-dbus"):
    path = os.path.join(raw, f"strace-{what}.txt")
    if not os.path.exists(path):
        continue
    calls = {}
    for line in open(path):
        f = line.split()
        if len(f) >= 5 and f[-1] != "total" and f[0][0].isdigit() and f[3].isdigit():
            calls[f[-1]] = int(f[3])
    groups = {"total": sum(calls.values()),
              "mount": sum(n for c, n in calls.items() if c in MOUNT_CALLS),
              "files": sum(n for c, n in calls.items() if c in FILE_CALLS),
              "prctl": calls.get("prctl", 0),
              "processes": sum(n for c, n in calls.items() if c in PROCESS_CALLS),
              "memory": sum(n for c, n in calls.items() if c in MEMORY_CALLS)}
    groups["other"] = groups["total"] - sum(v for k, v in groups.items() if k != "total")
    strace[what] = {"groups": groups, "calls": calls}
results["syscalls_per_start"] = strace

# The limits of bench/thresholds: a ratio past its limit fails make bench.
thresholds, regressed = [], []
for line in open(thresholds_path) if thresholds_path and os.path.exists(thresholds_path) else ():
    f = line.split("#")[0].split()
    if len(f) == 2:
        value = results.get(f[0])
        verdict = ("not measured" if value is None
                   else "REGRESSED" if value > float(f[1]) else "ok")
        thresholds.append((f[0], float(f[1]), value, verdict))
        if verdict == "REGRESSED":
            regressed.append(f[0])
results["thresholds"] = {k: {"limit": lim, "value": v, "verdict": verdict}
                         for k, lim, v, verdict in thresholds}
json.dump(results, open(json_out, "w"), indent=2)

bwrap = med("bwrap true")
lines = ["# make bench results", "",
         "Startup, whole processes (hyperfine, interleaved, ms):", "",
         "| command | median | p90 | min | vs bwrap |", "|---|---:|---:|---:|---:|"]
for name, s in startup.items():
    ref = med("bwrap " + name.split()[-1]) if name.split() else bwrap
    lines.append(f"| {name} | {s['median']:.2f} | {s['p90']:.2f} | {s['min']:.2f} | "
                 f"{s['median'] / ref:.2f}x |" if ref else f"| {name} | {s['median']:.2f} | | | |")
lines += ["", "Per-syscall cost (ns per call; each filter five times in turn, the median):", "",
          "| loop | none | allow-all filter | default | strict | bwrap | bwrap + sbox's filter |",
          "|---|---:|---:|---:|---:|---:|---:|"]
for mode in ("getppid", "openclose"):
    row = [f"{syscalls.get((mode, w), 0):.1f}"
           for w in ("none", "allow-all", "default", "strict", "bwrap", "bwrap-seccomp")]
    lines.append(f"| {mode} | " + " | ".join(row) + " |")
lines += ["", f"Memory beside the app, a second in: sbox {sbox_rss} KiB resident, {sbox_pss} KiB "
          f"proportional (launcher and init); bwrap {bwrap_rss} KiB resident, {bwrap_pss} KiB "
          "proportional (its two processes)"
          + (f"; sbox-bwrap with bwrap's command line {sbwrap_rss} KiB resident, {sbwrap_pss} KiB "
             "proportional." if sbwrap_rss is not None else "."), "",
          f"C build (sbox's sources, make -j2): {bare_build:.2f} s outside, "
          f"{box_build:.2f} s in --profile=build ({box_build / bare_build:.3f}x)"
          + (f", {confine_build:.2f} s in the confinement mode ({confine_build / bare_build:.3f}x)."
             if confine_build else "."), "",
          (f"The same build in --profile=build under sbox-trace (root; the median of "
           f"{trace_cost['traced']['runs']} runs each, in turn): "
           f"{trace_cost['untraced']['wall']:.2f} s untraced, {trace_cost['traced']['wall']:.2f} s "
           f"traced ({trace_cost['traced']['wall'] / trace_cost['untraced']['wall']:.3f}x); CPU "
           f"{trace_cost['untraced']['cpu']:.2f} s against {trace_cost['traced']['cpu']:.2f} s "
           f"({trace_cost['traced']['cpu'] / trace_cost['untraced']['cpu']:.3f}x)."
           if trace_cost else f"Tracing cost: {trace_note}."), "",
          "Ratios (bench-results.json):", ""]
for key in ("startup_noprofile_vs_bwrap", "startup_sbox_bwrap_vs_bwrap", "startup_default_vs_bwrap_seccomp",
            "startup_default_vs_firejail", "startup_default_vs_kernel_floor",
            "startup_noprofile_vs_kernel_floor", "startup_dbus_vs_noprofile",
            "startup_confine_vs_noprofile",
            "memory_rss_vs_bwrap", "memory_sbox_bwrap_rss_vs_bwrap", "memory_sbox_bwrap_pss_vs_bwrap",
            "getppid_default_vs_none", "getppid_strict_vs_none", "getppid_default_vs_allow_all",
            "getppid_strict_vs_allow_all", "openclose_default_vs_none",
            "build_vs_bare", "build_confine_vs_bare", "trace_wall_vs_untraced",
            "trace_cpu_vs_untraced"):
    lines.append(f"- `{key}`: {results[key]}")
lines.append(f"- `launcher_rss_kib`: {sbox_rss} (bwrap {bwrap_rss})")

if thresholds:
    lines += ["", "Thresholds (bench/thresholds; past one, make bench fails):", "",
              "| ratio | value | limit | |", "|---|---:|---:|---|"]
    for key, limit, value, verdict in thresholds:
        lines.append(f"| `{key}` | {value if value is not None else ''} | {limit} | {verdict} |")
start_goals = []
for text, key, limit in (("sbox --noprofile within 1.0x bwrap's minimal view", "startup_noprofile_vs_bwrap", 1.0),
                         ("sbox --noprofile within 1.4x the kernel floor", "startup_noprofile_vs_kernel_floor", 1.4),
                         ("a filtered D-Bus proxy within 1.25x of none", "startup_dbus_vs_noprofile", 1.25)):
    if results.get(key) is not None:
        start_goals.append(f"{text}: {'met' if results[key] <= limit else 'NOT met'} ({results[key]:.2f}x)")
if start_goals:
    lines += ["", "Start-time goals:", ""] + [f"- {g}" for g in start_goals]

if phases:
    kinds = [k for k in ("noprofile", "dbus") if k in phases]
    runs = max(r["runs"] for k in kinds for r in phases[k])
    lines += ["", "## Where a start's time goes", "",
              "`SBOX_TIMING=1` (sbox's own table, `launch --t0` giving it the time of its exec), "
              f"{runs} runs of `sbox --noprofile -- true` and of the same with "
              "`--talk-name=org.freedesktop.Notifications` (a filtered D-Bus proxy), taking turns; "
              "the median of each phase's start and length in ms from the exec. The launcher, the "
              "sandbox's first process and the proxy's sandbox run side by side (2 cores).", "",
              "| process | phase | " + " | ".join(f"{k} start | {k} took" for k in kinds) + " |",
              "|---|---|" + "---:|---:|" * len(kinds)]
    order = []
    for k in kinds:
        for r in sorted(phases[k], key=lambda r: ("launcher sandbox command proxy".split().index(r["process"]),
                                                  r["start_ms"])):
            if (r["process"], r["phase"]) not in order:
                order.append((r["process"], r["phase"]))
    for proc, phase in order:
        cells = []
        for k in kinds:
            row = next((r for r in phases[k] if (r["process"], r["phase"]) == (proc, phase)), None)
            cells += ([f"{row['start_ms']:.2f}", f"{row['took_ms']:.2f}"
                       + (f" ({row['count']})" if row["count"] > 1 else "")] if row else ["", ""])
        lines.append(f"| {proc} | {phase} | " + " | ".join(cells) + " |")
    if results["proxy_exec_to_ready_ms"] is not None:
        lines += ["", "xdg-dbus-proxy alone, unsandboxed, from its start (a fork and exec from "
                  "Python) until it says it listens: "
                  f"{results['proxy_exec_to_ready_ms']:.2f} ms (median of {floor[1]})."]

if strace:
    whats = list(strace)
    lines += ["", "System calls of one start (`strace -f -c`, every process of it; the kernel floor is "
              "`unshare -Urmpfniu -C --mount-proc true`, bwrap the minimal view above, sbox-bwrap "
              "the same view from the same command line):", "",
              "| calls | " + " | ".join(whats) + " |", "|---|" + "---:|" * len(whats)]
    for group in ("total", "mount", "files", "prctl", "processes", "memory", "other"):
        lines.append(f"| {group} | " + " | ".join(str(strace[w]["groups"][group]) for w in whats) + " |")

net = results["network"]
lines += ["", "## Network modes", "",
          "Start of `sbox --noprofile --network=MODE -- true` (hyperfine, ms, "
          f"{max((v['runs'] for v in net_start.values()), default=0)} runs each, five at a time "
          "with the modes taking turns; filtered with one --allow-host):", "",
          "| mode | median | p90 | min | over none |", "|---|---:|---:|---:|---:|"]
for mode, s in net_start.items():
    extra = over_none(mode)
    lines.append(f"| {mode} | {s['median']:.2f} | {s['p90']:.2f} | {s['min']:.2f} | "
                 + (f"{extra:+.2f} |" if extra is not None and mode != "none" else "|"))
if speeds:
    lines += ["", "A 100 MiB download (curl from a server in a network namespace behind a veth pair, "
              "at a TEST-NET-2 address; directly, then in each mode's sandbox, in turn; the median "
              "of the rounds and the best, in MB/s; filtered through the proxy variables sbox sets):", "",
              "| through | median MB/s | best | runs | vs host | vs direct |", "|---|---:|---:|---:|---:|---:|"]
    for mode in speeds:
        mb = throughput.get(mode)
        n = f"{len(speeds[mode])}" + (f" ({failed[mode]} failed)" if failed.get(mode) else "")
        if mb is None:
            lines.append(f"| {mode} | failed | | {n} | | |")
            continue
        host, direct = throughput.get("host"), throughput.get("direct")
        lines.append(f"| {mode} | {mb:.0f} | {max(speeds[mode]):.0f} | {n} | "
                     + (f"{mb / host:.2f}x" if host else "") + " | "
                     + (f"{mb / direct:.2f}x" if direct else "") + " |")
for note in net_notes:
    lines += ["", f"Note: {note}"]
if net_seconds is not None:
    lines += ["", f"(The network measurements took {net_seconds} s.)"]
lines += ["", "Network ratios (bench-results.json, `network`):", ""]
for key in ("filtered_vs_host", "isolated_vs_host", "host_vs_direct"):
    lines.append(f"- `{key}`: {net[key]}")
for mode, ms in net["start_over_none_ms"].items():
    lines.append(f"- `start_over_none_ms.{mode}`: {ms}")
goals = []
if net["filtered_vs_host"] is not None:
    goals.append(f"filtered >= 80% of host throughput: "
                 f"{'met' if net['filtered_vs_host'] >= 0.8 else 'NOT met'} ({net['filtered_vs_host']:.2f})")
for mode in ("isolated", "filtered"):
    ms = net["start_over_none_ms"].get(mode)
    if ms is not None:
        goals.append(f"{mode} starts under 10 ms over none: {'met' if ms < 10 else 'NOT met'} ({ms:+.1f} ms)")
if goals:
    lines += ["", "Goals:", ""] + [f"- {g}" for g in goals]
path = os.path.join(raw, "load.txt")
load = open(path).read().split() if os.path.exists(path) else []
if len(load) == 3:
    lines += ["", "## Many sandboxes at once", "",
              f"`tests/integration/load.sh` (`make check-load`): {load[0]} sandboxes started at once by "
              "the test user (a quarter each: `--noprofile`, with a filtered D-Bus proxy, "
              "`--profile=build`, named instances that run 2 s), and 30 `--enter` calls beside them. "
              f"From the first start to the last exit: {float(load[1]):.2f} s. Peak of the summed "
              f"resident sets of the user's processes (sampled every 50 ms): {int(load[2]) // 1024} MiB."]
if regressed:
    lines += ["", "REGRESSED past bench/thresholds: " + ", ".join(regressed)]
open(md_out, "w").write("\n".join(lines) + "\n")
if regressed:
    print("make bench: REGRESSED past bench/thresholds: " + ", ".join(regressed), file=sys.stderr)
    sys.exit(1)
