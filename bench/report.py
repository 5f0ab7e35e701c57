"""bench/report.py — turn make bench's raw measurements into the results
table (markdown) and bench-results.json with the named ratios."""
import json
import os
import statistics
import sys

raw, json_out, md_out = sys.argv[1:4]


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
    "build_seconds": {"bare": bare_build, "build_profile": box_build,
                      "confine_mode": confine_build},
    "startup_noprofile_vs_bwrap": ratio(med("sbox-noprofile true"), med("bwrap true")),
    "startup_sbox_bwrap_vs_bwrap": ratio(med("sbox-bwrap true"), med("bwrap true")),
    "startup_default_vs_bwrap_seccomp": ratio(med("sbox-default true"), med("bwrap+seccomp true")),
    "startup_default_vs_firejail": ratio(med("sbox-default true"), med("firejail-default true")),
    "startup_default_vs_kernel_floor": ratio(med("sbox-default true"), med("unshare true")),
    "startup_noprofile_vs_kernel_floor": ratio(med("sbox-noprofile true"), med("unshare true")),
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
    "build_confine_vs_bare": ratio(confine_build, bare_build),
}
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
          "Ratios (bench-results.json):", ""]
for key in ("startup_noprofile_vs_bwrap", "startup_sbox_bwrap_vs_bwrap", "startup_default_vs_bwrap_seccomp",
            "startup_default_vs_firejail", "startup_default_vs_kernel_floor",
            "startup_noprofile_vs_kernel_floor", "startup_confine_vs_noprofile",
            "memory_rss_vs_bwrap", "memory_sbox_bwrap_rss_vs_bwrap", "memory_sbox_bwrap_pss_vs_bwrap",
            "getppid_default_vs_none", "getppid_strict_vs_none", "getppid_default_vs_allow_all",
            "getppid_strict_vs_allow_all", "openclose_default_vs_none",
            "build_vs_bare", "build_confine_vs_bare"):
    lines.append(f"- `{key}`: {results[key]}")
lines.append(f"- `launcher_rss_kib`: {sbox_rss} (bwrap {bwrap_rss})")
open(md_out, "w").write("\n".join(lines) + "\n")
