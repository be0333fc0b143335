#!/usr/bin/env python3
"""Converts a Li & Lim PDPTW instance (.txt) to VROOM JSON with shipments.

usage: lilim2json.py INSTANCE.txt [--vehicles N] [--scale S] > out.json

Li & Lim format: first line "vehicles capacity speed"; then one line per
location: "id x y demand earliest latest service pickup_sibling
delivery_sibling" (location 0 is the depot; a pickup has demand > 0 and names
its delivery, a delivery has demand < 0 and names its pickup).

The JSON keeps the instance exactly up to the scale: every time and distance
is multiplied by S (default 1000) and rounded to an integer (travel =
round(S * euclidean distance)); one vehicle profile with per_hour 3600 so the
cost is the total travel time in seconds, i.e. S × distance. --vehicles caps
the fleet (default: the instance's count), e.g. at the best-known solution's
vehicle count, so that gaps are comparable with SINTEF's distances (their
objective minimises vehicles first).
"""
import argparse
import json
import math
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("instance")
    ap.add_argument("--vehicles", type=int)
    ap.add_argument("--scale", type=int, default=1000)
    a = ap.parse_args()
    with open(a.instance) as f:
        rows = [l.split() for l in f if l.strip()]
    nveh, cap = int(rows[0][0]), int(rows[0][1])
    locs = [[int(float(x)) if i != 1 and i != 2 else float(x) for i, x in enumerate(r)]
            for r in rows[1:]]
    S = a.scale
    n = len(locs)
    mat = [[int(round(S * math.hypot(p[1] - q[1], p[2] - q[2]))) for q in locs] for p in locs]
    depot = locs[0]
    ships = []
    for i, r in enumerate(locs):
        if i == 0 or r[3] <= 0:
            continue
        d = r[8]
        dl = locs[d]
        ships.append({
            "amount": [r[3]],
            "pickup": {"id": i, "location_index": i, "service": S * r[6],
                       "time_windows": [[S * r[4], S * r[5]]]},
            "delivery": {"id": d, "location_index": d, "service": S * dl[6],
                         "time_windows": [[S * dl[4], S * dl[5]]]},
        })
    k = a.vehicles if a.vehicles else nveh
    vehicles = [{"id": v + 1, "start_index": 0, "end_index": 0, "capacity": [cap],
                 "time_window": [S * depot[4], S * depot[5]]} for v in range(k)]
    json.dump({"vehicles": vehicles, "shipments": ships, "matrices": {"car": {"durations": mat}}},
              sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
