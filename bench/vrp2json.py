#!/usr/bin/env python3
"""Converts benchmark instances to VROOM JSON, so that the JSON interface can
be measured on instances with best-known solutions.

usage: vrp2json.py lilim INSTANCE.txt [--vehicles N] [--scale S] > out.json
       vrp2json.py solomon INSTANCE.txt [--vehicles N] > out.json

lilim: a Li & Lim PDPTW instance (first line "vehicles capacity speed", then
  "id x y demand earliest latest service pickup_sibling delivery_sibling" per
  location, 0 the depot) becomes one shipment per pickup. Every time and
  distance is multiplied by S (default 1000) and rounded (travel =
  round(S * euclidean distance)), so cost / S approximates SINTEF's
  double-precision distances.
solomon: a Solomon/Homberger VRPTW instance in the DIMACS convention: travel
  = distance truncated to one decimal, stored exactly as
  floor(sqrt(100 (dx² + dy²))), i.e. scale 10; windows and service times × 10.
  cost / 10 is the DIMACS cost.

Both: one profile, per_hour 3600, so the JSON cost is the total travel (in
scaled units); every vehicle starts and ends at the depot within its time
window. --vehicles caps the fleet (default: the instance's count); for Li &
Lim pass the best-known solution's vehicle count, since SINTEF's objective
minimises vehicles first.
"""
import argparse
import json
import math
import sys


def lilim(path, vehicles=None, scale=1000):
    with open(path) as f:
        rows = [l.split() for l in f if l.strip()]
    nveh, cap = int(rows[0][0]), int(rows[0][1])
    locs = [[float(x) if i in (1, 2) else int(float(x)) for i, x in enumerate(r)] for r in rows[1:]]
    S = scale
    mat = [[int(round(S * math.hypot(p[1] - q[1], p[2] - q[2]))) for q in locs] for p in locs]
    step = lambda i: {"id": i, "location_index": i, "service": S * locs[i][6],
                      "time_windows": [[S * locs[i][4], S * locs[i][5]]]}
    ships = [{"amount": [r[3]], "pickup": step(i), "delivery": step(r[8])}
             for i, r in enumerate(locs) if i > 0 and r[3] > 0]
    return problem(vehicles or nveh, cap, [S * locs[0][4], S * locs[0][5]], mat, shipments=ships)


def solomon(path, vehicles=None):
    with open(path) as f:
        lines = [l.split() for l in f if l.strip()]
    k = next(i for i, l in enumerate(lines) if l and l[0] == "VEHICLE")
    nveh, cap = int(lines[k + 2][0]), int(lines[k + 2][1])
    locs = [[int(x) for x in l] for l in lines if len(l) == 7 and l[0].isdigit()]
    mat = [[math.isqrt(100 * ((p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2)) for q in locs] for p in locs]
    jobs = [{"id": r[0], "location_index": i, "delivery": [r[3]], "service": 10 * r[6],
             "time_windows": [[10 * r[4], 10 * r[5]]]} for i, r in enumerate(locs) if i > 0]
    return problem(vehicles or nveh, cap, [10 * locs[0][4], 10 * locs[0][5]], mat, jobs=jobs)


def problem(nveh, cap, tw, mat, jobs=None, shipments=None):
    d = {"vehicles": [{"id": v + 1, "start_index": 0, "end_index": 0, "capacity": [cap],
                       "time_window": tw} for v in range(nveh)]}
    if jobs:
        d["jobs"] = jobs
    if shipments:
        d["shipments"] = shipments
    d["matrices"] = {"car": {"durations": mat}}
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("format", choices=("lilim", "solomon"))
    ap.add_argument("instance")
    ap.add_argument("--vehicles", type=int)
    ap.add_argument("--scale", type=int, default=1000)
    a = ap.parse_args()
    d = lilim(a.instance, a.vehicles, a.scale) if a.format == "lilim" else solomon(a.instance, a.vehicles)
    json.dump(d, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
