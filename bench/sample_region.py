#!/usr/bin/python3
"""Checks a plan of a large JSON city given by coordinates only (no matrices)
on a sample region, against travel computed independently of rondo.

rondo computes such a city's travel itself (geodesics on WGS84, or distances
in a projected CRS, rounded as README "Coordinates without matrices" says),
on demand above 2,048 locations. check_plan.py needs matrices, and a full
matrix of 20,000 locations is 400 million cells. This script takes the routes
nearest the city centre until they serve at least N stops (default 2,000),
writes the sub-problem they form (their vehicles, every facility, their jobs)
with matrices computed here by pyproj's geodesic (Debian's python3-pyproj:
GeographicLib, not rondo's code) or by plane geometry for a projected CRS,
and the sub-plan (those routes, the summary summed over them), then runs
check_plan.py on the pair. Each route is checked whole, from its own vehicle's
start to its end; a route does not depend on the others.

usage: sample_region.py INPUT.json PLAN.json [--stops N] [--out DIR]
                        [--checker ../shared/tools/check_plan.py]
Prints the checker's line; exit status is the checker's.
"""
import argparse
import json
import math
import os
import subprocess
import sys

SPEEDS = {  # README "Coordinates without matrices": default speeds, m/s
    "car": 8.3, "auto": 8.3, "driving-car": 8.3, "van": 7.5, "truck": 6.9,
    "driving-hgv": 6.9, "bike": 4.2, "bicycle": 4.2, "cycling-regular": 4.2,
    "foot": 1.4, "pedestrian": 1.4, "walking": 1.4, "foot-walking": 1.4,
}


def round_half_up(v):
    return int(math.floor(v + 0.5))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("plan")
    ap.add_argument("--stops", type=int, default=2000)
    ap.add_argument("--out", default="/tmp/rondo-sample")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--checker",
                    default=os.path.join(here, "..", "..", "shared", "tools", "check_plan.py"))
    a = ap.parse_args()
    inp = json.load(open(a.input))
    plan = json.load(open(a.plan))
    if "matrices" in inp or "matrix" in inp:
        sys.exit("sample_region.py: the input has matrices: check it whole with check_plan.py")
    crs = inp.get("crs")
    opts = inp.get("options", {})
    detour = opts.get("detour", 1.3)
    speeds = dict(SPEEDS, **opts.get("speeds", {}))

    jobs = {j["id"]: j for j in inp.get("jobs", [])}
    vehicles = {v["id"]: v for v in inp["vehicles"]}
    routes = [r for r in plan["routes"] if any(s["type"] == "job" for s in r["steps"])]
    if any(r for r in plan["routes"] if any(s["type"] in ("pickup", "delivery")
                                               for s in r["steps"])):
        sys.exit("sample_region.py: shipments are not supported")

    def where(r):
        pts = [jobs[s["id"]]["location"] for s in r["steps"] if s["type"] == "job"]
        return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))

    allpts = [j["location"] for j in jobs.values()]
    cx = sorted(p[0] for p in allpts)[len(allpts) // 2]
    cy = sorted(p[1] for p in allpts)[len(allpts) // 2]
    routes.sort(key=lambda r: (where(r)[0] - cx) ** 2 + (where(r)[1] - cy) ** 2)
    chosen, stops = [], 0
    for r in routes:
        if stops >= a.stops:
            break
        chosen.append(r)
        stops += sum(1 for s in r["steps"] if s["type"] == "job")

    # the sub-problem: locations indexed in order of first use
    locs, index = [], {}

    def loc(p):
        key = (p[0], p[1])
        if key not in index:
            index[key] = len(locs)
            locs.append(key)
        return index[key]

    sub_v = []
    for r in chosen:
        v = dict(vehicles[r["vehicle"]])
        if "start" in v:
            v["start_index"] = loc(v["start"])
        if "end" in v:
            v["end_index"] = loc(v["end"])
        sub_v.append(v)
    sub_f = []
    for f in inp.get("facilities", []):
        f = dict(f)
        f["location_index"] = loc(f["location"])
        sub_f.append(f)
    sub_j = []
    for r in chosen:
        for s in r["steps"]:
            if s["type"] == "job":
                j = dict(jobs[s["id"]])
                j["location_index"] = loc(j["location"])
                sub_j.append(j)

    for r in chosen:  # the plan's location indices, renumbered as in the sub-problem
        for s in r["steps"]:
            if "location_index" in s:
                if "location" not in s:
                    sys.exit("sample_region.py: a step has location_index but no location")
                s["location_index"] = loc(s["location"])

    n = len(locs)
    dist = [[0] * n for _ in range(n)]
    if crs:
        from pyproj import CRS, Transformer  # noqa: F401 (the unit check below)
        unit = CRS.from_user_input(crs).axis_info[0].unit_conversion_factor
        for i in range(n):
            for j in range(i + 1, n):
                d = math.hypot((locs[i][0] - locs[j][0]) * unit, (locs[i][1] - locs[j][1]) * unit)
                dist[i][j] = dist[j][i] = d
    else:
        from pyproj import Geod
        g = Geod(ellps="WGS84")
        lons = [p[0] for p in locs]
        lats = [p[1] for p in locs]
        for i in range(n):
            if i + 1 < n:
                _, _, d = g.inv([lons[i]] * (n - i - 1), [lats[i]] * (n - i - 1),
                                lons[i + 1:], lats[i + 1:])
                for k, dk in enumerate(d):
                    dist[i][i + 1 + k] = dist[i + 1 + k][i] = dk
    profiles = sorted({v.get("profile", "car") for v in sub_v})
    matrices = {}
    for p in profiles:
        per_m = detour / speeds[p]
        matrices[p] = {
            "durations": [[round_half_up(d * per_m) for d in row] for row in dist],
            "distances": [[round_half_up(d) for d in row] for row in dist],
        }
    sub_in = {k: v for k, v in inp.items() if k not in ("jobs", "vehicles", "facilities",
                                                         "shipments")}
    sub_in.update({"vehicles": sub_v, "facilities": sub_f, "jobs": sub_j, "matrices": matrices})

    summ = {"cost": 0, "routes": len(chosen), "unassigned": 0, "setup": 0, "service": 0,
            "duration": 0, "waiting_time": 0, "priority": 0, "distance": 0}
    for r in chosen:
        for k in ("cost", "setup", "service", "duration", "waiting_time", "priority", "distance"):
            summ[k] += r.get(k, 0)
    for k in ("delivery", "pickup"):
        if chosen and k in chosen[0]:
            summ[k] = [sum(r[k][d] for r in chosen) for d in range(len(chosen[0][k]))]
    if chosen and "reloads" in chosen[0]:
        summ["reloads"] = sum(r.get("reloads", 0) for r in chosen)
    summ["violations"] = []
    sub_plan = {"code": 0, "summary": summ, "unassigned": [], "routes": chosen}

    os.makedirs(a.out, exist_ok=True)
    fi, fp = os.path.join(a.out, "sample-input.json"), os.path.join(a.out, "sample-plan.json")
    json.dump(sub_in, open(fi, "w"))
    json.dump(sub_plan, open(fp, "w"))
    print(f"sample: {len(chosen)} routes, {stops} stops, {n} locations (of {len(jobs)} jobs, "
          f"{len(plan['routes'])} routes)", file=sys.stderr)
    res = subprocess.run([sys.executable, a.checker, fi, fp])
    sys.exit(res.returncode)


if __name__ == "__main__":
    main()
