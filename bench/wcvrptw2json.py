#!/usr/bin/env python3
"""Converts a waste-collection instance of Kim, Kim & Sahoo (2006)
(../shared/instances/wcvrptw/*_stop.txt, format in that folder's README.md)
into rondo's JSON (VROOM's schema plus facilities and reloads), with every
rule of the paper:

- stops (type 1) are jobs picking up their load; landfills (type 2) are
  facilities (their service time, their windows); the depot (type 0) gives
  each vehicle's start, end and shift (its window);
- a vehicle carries at most the capacity per trip, unloads at any landfill
  (`reload_facilities`), returns empty (`end_empty`), collects at most the
  daily yardage over all trips (`shift_capacity`) and serves at most the daily
  number of stops (`max_tasks`);
- every driver takes the lunch break (its duration) starting between 11:00
  and 12:00 (`breaks` with that window);
- travel: Manhattan distance in feet / 5280 miles at the given mph, in
  seconds rounded to the nearest second (JSON durations are integers; the
  paper keeps fractions), distances in metres (feet × 0.3048, rounded);
- loads in hundredths of a yard (JSON amounts are integers);
- fleet: N identical vehicles (default: 1.5 × the larger lower bound, daily
  yardage or the shift time of the services and dumps, plus 2) with a fixed cost of 10^6 each, so that the plan uses as few as the
  search can manage before it saves travel time (the paper's objective:
  vehicles, then travel time).

usage: wcvrptw2json.py IN_stop.txt OUT.json [--vehicles N]
"""
import json
import math
import sys


def hhmm(s):
    v = int(s)
    return (v // 100) * 3600 + (v % 100) * 60


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    src, dst = args[0], args[1]
    nveh = int(args[args.index("--vehicles") + 1]) if "--vehicles" in args else None
    lines = [l.split("//")[0].strip() for l in open(src, encoding="latin-1").read().splitlines()]
    cap, day_cap, max_stops, lunch, mph = (float(lines[0]), float(lines[1]), int(float(lines[2])),
                                           int(float(lines[3])), float(lines[4]))
    rows = []
    for l in lines[6:]:
        f = l.split()
        if len(f) < 8:
            continue
        rows.append((int(f[0]), float(f[1]), float(f[2]), hhmm(f[3]), hhmm(f[4]), int(float(f[5])),
                     float(f[6]), int(f[7])))
    n = len(rows)
    dur = [[0] * n for _ in range(n)]
    dist = [[0] * n for _ in range(n)]
    for i, a in enumerate(rows):
        for j, b in enumerate(rows):
            feet = abs(a[1] - b[1]) + abs(a[2] - b[2])
            dur[i][j] = int(math.floor(feet / 5280.0 / mph * 3600.0 + 0.5))
            dist[i][j] = int(math.floor(feet * 0.3048 + 0.5))
    depot = [i for i, r in enumerate(rows) if r[7] == 0][0]
    scale = 100
    jobs, facilities = [], []
    total = 0
    for i, r in enumerate(rows):
        if r[7] == 1:
            load = int(round(r[6] * scale))
            total += load
            jobs.append({"id": r[0], "location_index": i, "service": r[5], "pickup": [load],
                         "time_windows": [[r[3], r[4]]]})
        elif r[7] == 2:
            facilities.append({"id": r[0], "location_index": i, "service": r[5],
                               "time_windows": [[r[3], r[4]]], "description": "landfill %d" % r[0]})
    if nveh is None:  # 1.5 x the larger lower bound (yardage; shift time of services and dumps) + 2
        svc = sum(r[5] for r in rows if r[7] == 1)
        dump = min(r[5] for r in rows if r[7] == 2)
        d0 = rows[depot]
        hours = (d0[4] - d0[3]) - lunch
        lb_time = (svc + math.ceil(total / (cap * scale)) * dump) / hours if hours > 0 else 1
        nveh = int(math.ceil(1.5 * max(lb_time, total / (day_cap * scale)))) + 2
    d = rows[depot]
    vehicles = [{"id": k + 1, "start_index": depot, "end_index": depot,
                 "capacity": [int(round(cap * scale))], "time_window": [d[3], d[4]],
                 "shift_capacity": [int(round(day_cap * scale))], "max_tasks": max_stops,
                 "reload_facilities": [f["id"] for f in facilities], "end_empty": True,
                 "costs": {"fixed": 1000000},
                 "breaks": [{"id": 1, "service": lunch, "time_windows": [[11 * 3600, 12 * 3600]],
                             "description": "lunch"}]} for k in range(nveh)]
    out = {"vehicles": vehicles, "jobs": jobs, "facilities": facilities,
           "matrices": {"car": {"durations": dur, "distances": dist}}}
    json.dump(out, open(dst, "w"), separators=(",", ":"))


if __name__ == "__main__":
    main()
