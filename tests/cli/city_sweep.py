#!/usr/bin/env python3
"""A feasibility witness for a city made by `rondo generate --matrix` (full form, with reloads).

usage: city_sweep.py CITY.json PLAN.json

Builds a plain plan in VROOM's answer format, without any optimisation, so that
../shared/tools/check_plan.py can judge whether the generated city can be served
completely with reloads inside its shifts, breaks, windows and max_working_time:
stations are swept by angle around their centroid into one group of equal volume
per truck, each group goes to the free truck whose depot is nearest to it, and
each truck visits its group in nearest-neighbour order, unloading at the facility
that costs the least detour whenever the next station would not fit and once at
the end (end_empty). Vans take the trade-ins slot by slot, round robin, in
nearest-neighbour order. A break is taken where the vehicle is, as soon as its
window is open or before the service that would end after the window starts.
Prints one line per route (vehicle, jobs, reloads, working hours)."""
import json
import math
import sys


def open_at(tws, t):
    for a, b in tws:
        if t <= b:
            return max(t, a)
    return None


def main():
    inst = json.load(open(sys.argv[1]))
    D = inst["matrices"]["car"]["durations"]
    M = inst["matrices"]["car"]["distances"]
    fac = inst.get("facilities", [])
    jobs = {j["id"]: j for j in inst["jobs"]}
    trucks = [v for v in inst["vehicles"] if v["skills"] == [2]]
    vans = [v for v in inst["vehicles"] if v["skills"] == [1]]
    stations = [j for j in inst["jobs"] if j["skills"] == [2]]
    tis = [j for j in inst["jobs"] if j["skills"] == [1]]

    def simulate(v, seq):
        t, loc, load, dur, dist = v["time_window"][0], v["start_index"], [0, 0], 0, 0
        steps = [dict(type="start", location=v["start"], location_index=loc, setup=0, service=0,
                      waiting_time=0, load=[0, 0], arrival=t, duration=0, distance=0)]
        brk = v["breaks"][0]
        (bs, _), = brk["time_windows"]
        taken = False
        for typ, o in seq + [("end", None)]:
            nloc = v["end_index"] if typ == "end" else o["location_index"]
            tr = D[loc][nloc]
            nxt = None if typ == "end" else open_at(o.get("time_windows", [[0, 10**9]]), t + tr)
            if not taken and (t >= bs or typ == "end" or (nxt is not None and nxt + o["service"] > bs)):
                w = max(0, bs - t)
                steps.append(dict(type="break", id=brk["id"], setup=0, service=brk["service"],
                                  waiting_time=w, load=list(load), arrival=t, duration=dur,
                                  distance=dist))
                t += w + brk["service"]
                taken = True
            t, dur, dist, loc = t + tr, dur + tr, dist + M[loc][nloc], nloc
            if typ == "end":
                steps.append(dict(type="end", location=v["end"], location_index=loc, setup=0,
                                  service=0, waiting_time=0, load=list(load), arrival=t,
                                  duration=dur, distance=dist))
                break
            s = open_at(o.get("time_windows", [[0, 10**9]]), t)
            load = [a + b for a, b in zip(load, o["pickup"])] if typ == "job" else [0, 0]
            step = dict(type=typ, id=o["id"], location=o["location"], location_index=loc, setup=0,
                        service=o["service"], waiting_time=s - t, arrival=t, duration=dur,
                        distance=dist, load=list(load))
            if typ == "job":
                step["description"] = o["description"]
            steps.append(step)
            t = s + o["service"]
        return steps

    def truck_sequence(v, group):
        left, seq, loc, load = list(group), [], v["start_index"], [0, 0]
        while left:
            j = min(left, key=lambda j: D[loc][j["location_index"]])
            if any(a + b > c for a, b, c in zip(load, j["pickup"], v["capacity"])):
                f = min(fac, key=lambda f: D[loc][f["location_index"]] + D[f["location_index"]][j["location_index"]])
                seq.append(("reload", f))
                loc, load = f["location_index"], [0, 0]
                continue
            seq.append(("job", j))
            left.remove(j)
            loc, load = j["location_index"], [a + b for a, b in zip(load, j["pickup"])]
        if seq and v.get("end_empty"):
            f = min(fac, key=lambda f: D[loc][f["location_index"]] + D[f["location_index"]][v["end_index"]])
            seq.append(("reload", f))
        return seq

    routes = []
    if stations and trucks:
        cx = sum(j["location"][0] for j in stations) / len(stations)
        cy = sum(j["location"][1] for j in stations) / len(stations)
        stations.sort(key=lambda j: math.atan2(j["location"][1] - cy, j["location"][0] - cx))
        total = sum(j["pickup"][0] for j in stations)
        groups, acc = [[] for _ in trucks], 0
        for j in stations:
            groups[min(len(trucks) - 1, acc * len(trucks) // total)].append(j)
            acc += j["pickup"][0]
        free = list(trucks)
        for g in groups:
            if not g:
                continue
            gx = sum(j["location"][0] for j in g) / len(g)
            gy = sum(j["location"][1] for j in g) / len(g)
            v = min(free, key=lambda v: (v["start"][0] - gx) ** 2 + (v["start"][1] - gy) ** 2)
            free.remove(v)
            routes.append((v, simulate(v, truck_sequence(v, g))))
    if tis and vans:
        per = [[] for _ in vans]
        for k, j in enumerate(sorted(tis, key=lambda j: (j["time_windows"][0][0], j["id"]))):
            per[k % len(vans)].append(j)
        for v, g in zip(vans, per):
            seq, loc = [], v["start_index"]
            for slot in sorted({j["time_windows"][0][0] for j in g}):
                left = [j for j in g if j["time_windows"][0][0] == slot]
                while left:
                    j = min(left, key=lambda j: D[loc][j["location_index"]])
                    left.remove(j)
                    seq.append(("job", j))
                    loc = j["location_index"]
            routes.append((v, simulate(v, seq)))

    out = []
    for v, steps in routes:
        served = [jobs[s["id"]]["pickup"] for s in steps if s["type"] == "job"]
        if not served:
            continue
        out.append(dict(vehicle=v["id"], cost=steps[-1]["duration"], setup=0,
                        service=sum(s["service"] for s in steps), duration=steps[-1]["duration"],
                        waiting_time=sum(s["waiting_time"] for s in steps), priority=0,
                        delivery=[0, 0], pickup=[sum(x) for x in zip(*served)],
                        distance=steps[-1]["distance"], violations=[],
                        reloads=sum(s["type"] == "reload" for s in steps), steps=steps))
        print(v["id"], "jobs", len(served), "reloads", out[-1]["reloads"], "work",
              "%.2f" % ((steps[-1]["arrival"] - steps[0]["arrival"]) / 3600))
    served_ids = {s["id"] for r in out for s in r["steps"] if s["type"] == "job"}
    unassigned = [dict(id=j["id"], type="job", location=j["location"]) for j in inst["jobs"]
                  if j["id"] not in served_ids]
    summary = dict(cost=sum(r["cost"] for r in out), routes=len(out), unassigned=len(unassigned),
                   setup=0, service=sum(r["service"] for r in out),
                   duration=sum(r["duration"] for r in out),
                   waiting_time=sum(r["waiting_time"] for r in out), priority=0, delivery=[0, 0],
                   pickup=[sum(x) for x in zip(*[r["pickup"] for r in out])] if out else [0, 0],
                   distance=sum(r["distance"] for r in out), violations=[],
                   reloads=sum(r["reloads"] for r in out))
    with open(sys.argv[2], "w") as f:
        json.dump(dict(code=0, summary=summary, unassigned=unassigned, routes=out), f)


if __name__ == "__main__":
    main()
