#!/usr/bin/env python3
"""Over-constrained cities: rondo against VROOM 1.14 when not every stop fits.

usage: overload.py [--only NAME,...] [--short] [--seed N[,N...]] [--threads N]
                   [--rondo BIN] [--vroom BIN] [--shared DIR] [--out DIR]
                   [--reuse-vroom] [--rondo-time-scale F]

Each city of CITIES is made by `rondo generate ... --matrix --no-reloads`
(VROOM needs matrices and has no reloads), then changed by the city's
variants (below), written to OUT/NAME.json. The default run solves each city
with VROOM (`-x 5` up to 500 stops, `-x 2` above, `-t THREADS`) and times its
wall clock, then rondo with that wall time (`rondo solve -l WALL -t THREADS
--seed N`). With --short, only the cities of at most 200 stops, VROOM at
`-x 0` and rondo at `-l 1` and `-l 0.2` (the service's case). Every plan
(VROOM's too) goes through ../shared/tools/check_plan.py.

--seed takes one seed or a list (--seed 1,2,3): rondo then runs once per
seed (VROOM once), a line per run, and the summary counts runs, each named
CITY/SEED; at 0.2 s and at 2,000 stops one seed is not a verdict.

Comparison (VROOM's objective): the total priority served, then the tasks
served, then the cost. One line per city and the summary: the cities where
rondo serves less (must be none), where it serves as much and costs more,
and the mean cost difference over the cities with equal counts.

Variants (deterministic, applied in Python to the generated JSON):
  narrow    trade-in windows cut to one hour (the first or second hour of the
            two-hour slot, alternating by id)
  prio      stations at least 90 % full get priority 60, trade-ins 30
  noskills  no skills anywhere
  wide      every job window becomes 06:00-22:00
  capN      vehicle capacities times N (so that everything may fit: a control)

--reuse-vroom takes VROOM's plan and time from an earlier run in OUT (when
the city's JSON is unchanged) instead of running it again: for development
only; recorded results run both side by side. Exit status 1 when a plan is
missing or rejected by the checker.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time

# name, stations, trade-ins, trucks, vans, seed, variants
CITIES = [
    ("c100", 80, 20, 8, 1, 1, ""),
    ("c100-narrow", 80, 20, 9, 1, 2, "narrow"),
    ("c150-prio", 120, 30, 9, 2, 3, "prio"),
    ("c200", 160, 40, 14, 3, 4, ""),
    ("c200-noskills", 160, 40, 14, 3, 4, "noskills"),
    ("c200-wide", 160, 40, 14, 3, 4, "wide"),
    ("c260", 200, 60, 2, 2, 5, ""),  # the example: most stops left out
    ("c300-prio-narrow", 240, 60, 21, 4, 6, "prio,narrow"),
    ("c400", 340, 60, 30, 5, 7, ""),
    ("c500-prio", 420, 80, 38, 6, 8, "prio"),
    ("c800-narrow", 700, 100, 62, 8, 9, "narrow"),
    ("c1000", 900, 100, 85, 8, 11, ""),
    ("c1500-prio", 1350, 150, 125, 12, 12, "prio"),
    ("c2000", 1800, 200, 170, 16, 13, ""),
    # a control where everything fits (not counted among the over-constrained)
    ("c200-cap10", 160, 40, 14, 3, 4, "cap10"),
]


def apply_variants(d, variants):
    for v in [x for x in variants.split(",") if x]:
        if v == "narrow":
            for j in d["jobs"]:
                if "time_windows" in j and "trade-in" in j.get("description", ""):
                    a, b = j["time_windows"][0]
                    a += 3600 * (j["id"] % 2)
                    j["time_windows"] = [[a, a + 3600]]
        elif v == "prio":
            for j in d["jobs"]:
                desc = j.get("description", "")
                m = re.search(r"(\d+) % full", desc)
                if m and int(m.group(1)) >= 90:
                    j["priority"] = 60
                elif "trade-in" in desc:
                    j["priority"] = 30
        elif v == "noskills":
            for x in d["jobs"] + d["vehicles"]:
                x.pop("skills", None)
        elif v == "wide":
            for j in d["jobs"]:
                j["time_windows"] = [[21600, 79200]]
        elif v.startswith("cap"):
            k = int(v[3:])
            for veh in d["vehicles"]:
                veh["capacity"] = [c * k for c in veh["capacity"]]
        else:
            raise SystemExit("unknown variant " + v)
    return d


def make_city(rondo, out, spec):
    name, st, ti, trucks, vans, seed, variants = spec
    raw = os.path.join(out, name + ".gen.json")
    subprocess.run([rondo, "generate", "--stations", str(st), "--tradeins", str(ti),
                    "--trucks", str(trucks), "--vans", str(vans), "--seed", str(seed),
                    "--matrix", "--no-reloads", "-o", raw], check=True)
    with open(raw) as f:
        d = apply_variants(json.load(f), variants)
    os.remove(raw)
    path = os.path.join(out, name + ".json")
    text = json.dumps(d, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(text)
    return path, st + ti, hashlib.sha256(text.encode()).hexdigest()[:16]


def run(cmd, out_path):
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    if p.returncode != 0 or not os.path.exists(out_path):
        sys.stderr.write("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr[-2000:]))
        return None, wall
    return out_path, wall


def check(checker, inp, plan):
    p = subprocess.run([sys.executable, checker, inp, plan], capture_output=True, text=True)
    line = (p.stdout.strip().splitlines() or ["?"])[-1]
    return p.returncode == 0, line


def summarise(path):
    with open(path) as f:
        s = json.load(f)["summary"]
    return s.get("priority", 0), s["unassigned"], s["cost"]


def key(priority, unassigned, cost):
    return (-priority, unassigned, cost)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--short", action="store_true")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rondo", default=os.path.join(root, "build/release/rondo"))
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--vroom", default="")
    ap.add_argument("--out", default="/tmp/rondo-overload")
    ap.add_argument("--reuse-vroom", action="store_true")
    ap.add_argument("--rondo-time-scale", type=float, default=1.0)
    a = ap.parse_args()
    try:
        seeds = [int(x) for x in a.seed.split(",") if x]
    except ValueError:
        ap.error("--seed: a seed or a comma-separated list of seeds")
    if not seeds:
        ap.error("--seed: no seed given")
    vroom = a.vroom or os.path.join(a.shared, "peers", "vroom-1.14.0")
    checker = os.path.join(a.shared, "tools", "check_plan.py")
    os.makedirs(a.out, exist_ok=True)
    only = set(x for x in a.only.split(",") if x)
    cities = [c for c in CITIES if not only or c[0] in only]
    if a.short:
        cities = [c for c in cities if c[1] + c[2] <= 200]
    bad = 0
    rows = []
    for spec in cities:
        name = spec[0]
        inp, n, digest = make_city(a.rondo, a.out, spec)
        budgets = [("-x 0", 0, ["1", "0.2"])] if a.short else \
            [("-x %d" % (5 if n <= 500 else 2), 5 if n <= 500 else 2, None)]
        for label, x, limits in budgets:
            vout = os.path.join(a.out, "%s.vroom-x%d.json" % (name, x))
            meta = vout + ".meta"
            vwall = None
            if a.reuse_vroom and os.path.exists(meta) and os.path.exists(vout):
                with open(meta) as f:
                    m = json.load(f)
                if m.get("digest") == digest:
                    vwall = m["wall"]
            if vwall is None:
                res, vwall = run([vroom, "-i", inp, "-o", vout, "-x", str(x), "-t",
                                  str(a.threads)], vout)
                if res is None:
                    bad += 1
                    continue
                with open(meta, "w") as f:
                    json.dump({"digest": digest, "wall": vwall}, f)
            vok, vline = check(checker, inp, vout)
            vs = summarise(vout)
            runs = [(lim, seed) for lim in (limits or ["%.2f" % (vwall * a.rondo_time_scale)])
                    for seed in seeds]
            for lim, seed in runs:
                tag = "" if len(seeds) == 1 else ".s%d" % seed
                rout = os.path.join(a.out, "%s.rondo-l%s%s.json" % (name, lim, tag))
                if os.path.exists(rout):
                    os.remove(rout)
                res, rwall = run([a.rondo, "solve", inp, "-o", rout, "-l", lim, "-t",
                                  str(a.threads), "--seed", str(seed), "-q"], rout)
                if res is None:
                    bad += 1
                    continue
                rok, rline = check(checker, inp, rout)
                rs = summarise(rout)
                if not (vok and rok):
                    bad += 1
                run_name = name if len(seeds) == 1 else "%s/%d" % (name, seed)
                rows.append((run_name, n, label, vwall, vs, vok, lim, rwall, rs, rok))
                d = 100.0 * (rs[2] - vs[2]) / vs[2] if vs[2] else 0.0
                verdict = ("better" if key(*rs) < key(*vs) and rs[:2] != vs[:2] else
                           "worse" if key(*rs) > key(*vs) and rs[:2] != vs[:2] else
                           "%+.2f %%" % d)
                print("%-18s %5d  vroom %s %6.2f s: prio %4d unassigned %4d cost %9d %s | "
                      "rondo -l %s %6.2f s: prio %4d unassigned %4d cost %9d %s | %s" %
                      (run_name, n, label, vwall, vs[0], vs[1], vs[2], "OK" if vok else "REJECTED",
                       lim, rwall, rs[0], rs[1], rs[2], "OK" if rok else "REJECTED", verdict),
                      flush=True)
                if not rok:
                    print("  rondo: " + rline)
                if not vok:
                    print("  vroom: " + vline)
    # summary per rondo budget
    for lim_kind in sorted(set(r[6] if a.short else "wall" for r in rows)):
        sel = [r for r in rows if (r[6] if a.short else "wall") == lim_kind
               and "cap" not in r[0]]
        fewer = [r[0] for r in sel if key(*r[8])[:2] > key(*r[4])[:2]]
        more = [r[0] for r in sel if key(*r[8])[:2] < key(*r[4])[:2]]
        eq = [r for r in sel if key(*r[8])[:2] == key(*r[4])[:2]]
        diffs = [100.0 * (r[8][2] - r[4][2]) / r[4][2] for r in eq if r[4][2]]
        dearer = [r[0] for r in eq if r[8][2] > r[4][2]]
        print("summary (rondo at %s, %d over-constrained %s): rondo serves less on %d %s, "
              "more on %d %s; equal counts on %d, mean cost difference %s, dearer on %d %s" %
              ("VROOM's wall time" if lim_kind == "wall" else "-l " + lim_kind, len(sel),
               "cities" if len(seeds) == 1 else "runs (cities x %d seeds)" % len(seeds),
               len(fewer), fewer, len(more), more, len(eq),
               ("%+.2f %%" % (sum(diffs) / len(diffs))) if diffs else "n/a", len(dearer),
               dearer))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
