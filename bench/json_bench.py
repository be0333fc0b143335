#!/usr/bin/env python3
"""Measures rondo's JSON (VROOM) interface on benchmark instances.

usage: json_bench.py FORMAT LIST [-l SEC] [--threads N] [--seed N]
                     [--rondo BIN] [--shared DIR] [--out DIR]

FORMAT is lilim or solomon (see vrp2json.py); LIST names one instance per line
relative to DIR/instances (DIR: ../shared from the project root by default),
'#' lines ignored. For each instance: convert it to JSON (Li & Lim with the
best-known solution's vehicle count as the fleet, Solomon with the instance's
fleet), run `rondo solve IN.json -l SEC --threads N -q -o OUT.json`, check the
answer with DIR/tools/check_plan.py, and compare cost / scale with the BKS in
DIR/instances/bks.csv. Prints one line per instance and the averages; the
exit status is 1 when an answer is missing, rejected by the checker or leaves
tasks unassigned.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vrp2json  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("format", choices=("lilim", "solomon"))
    ap.add_argument("list")
    ap.add_argument("-l", "--limit", type=float, default=10.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--rondo", default=os.path.join(root, "build/release/rondo"))
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--out", default="/tmp/rondo-json-bench")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    bks = {}
    with open(os.path.join(a.shared, "instances", "bks.csv")) as f:
        for row in csv.DictReader(f):
            bks[row["instance"]] = (float(row["bks_cost"]), int(row["bks_vehicles"]))
    scale = 1000 if a.format == "lilim" else 10
    names = [l.strip() for l in open(a.list) if l.strip() and not l.startswith("#")]
    print(f"{'instance':10} {'cost':>11} {'BKS':>11} {'gap%':>6} {'routes':>6} {'(BKS)':>5} "
          f"{'unass':>5} {'seconds':>7}  check")
    gaps, bad, total = [], 0, 0.0
    for rel in names:
        name = os.path.splitext(os.path.basename(rel))[0]
        best = bks.get(name)
        path = os.path.join(a.shared, "instances", rel)
        if a.format == "lilim":
            d = vrp2json.lilim(path, best[1] if best else None, scale)
        else:
            d = vrp2json.solomon(path)
        inp, out = os.path.join(a.out, name + ".json"), os.path.join(a.out, name + ".out.json")
        with open(inp, "w") as f:
            json.dump(d, f, separators=(",", ":"))
        t0 = time.time()
        rc = subprocess.run([a.rondo, "solve", inp, "-l", str(a.limit), "--threads", str(a.threads),
                             "--seed", str(a.seed), "-q", "-o", out]).returncode
        secs = time.time() - t0
        total += secs
        chk = subprocess.run([sys.executable, os.path.join(a.shared, "tools", "check_plan.py"), inp,
                              out], capture_output=True, text=True).stdout.strip()
        if rc != 0 or not chk.startswith("OK"):
            bad += 1
            print(f"{name:10} exit {rc}: {chk[:100]}")
            continue
        ans = json.load(open(out))
        cost, un, routes = ans["summary"]["cost"] / scale, ans["summary"]["unassigned"], ans["summary"]["routes"]
        gap = 100.0 * (cost - best[0]) / best[0] if best else float("nan")
        if un:
            bad += 1
        elif best:
            gaps.append(gap)
        print(f"{name:10} {cost:11.3f} {best[0] if best else float('nan'):11.4f} {gap:6.2f} {routes:6d} "
              f"{best[1] if best else 0:5d} {un:5d} {secs:7.2f}  {chk.split()[0]}")
    n = len(names)
    print(f"\naverage gap {sum(gaps) / len(gaps):.2f} % over {len(gaps)} complete instances with a BKS"
          if gaps else "\nno complete instance")
    if gaps:
        print(f"worst gap {max(gaps):.2f} %")
    print(f"complete and accepted by check_plan.py: {n - bad}/{n}; total time {total:.1f} s")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
