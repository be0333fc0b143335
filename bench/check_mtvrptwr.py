#!/usr/bin/env python3
"""Independent checker for PyVRP's multi-trip VRPTW with release times
(VRPLIB .vrp with RELEASE_TIME_SECTION and VEHICLES_RELOAD_DEPOT_SECTION;
../shared/instances/pyvrp/MTVRPTWR/README.md) and a CVRPLIB-style .sol
("Route #k: c1 c2 0 c3 ...": customers 1..n-1 in instance order, 0 a return
to the depot to reload; "Cost X").

Rules (DIMACS: distances and travel times truncated to one decimal; all
arithmetic in tenths): a route is cut by its depot visits into trips; a trip
leaves the depot at max(the time the vehicle is back there, the release time
of every customer it serves) (the first trip: max(depot opening, releases));
service starts at max(arrival, ready) and must start by the due date; every
trip's demand fits the capacity; the vehicle is back by the depot's due date;
each customer exactly once; at most VEHICLES routes. Cost = total distance.

usage: check_mtvrptwr.py INSTANCE.vrp SOLUTION.sol -> "OK cost=... routes=... trips=..."
exit 0 when feasible and the claimed cost matches, 1 otherwise, 2 unreadable.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyvrp_io import customers_and_fleet, dimacs_distance, read_args, read_sections  # noqa: E402


def read_vrp(path):
    head, data = read_sections(path)
    ten = lambda v: int(round(float(v) * 10))
    node = lambda r: int(r[0]) - 1
    xy = {node(r): (float(r[1]), float(r[2])) for r in data["NODE_COORD_SECTION"]}
    dem = {node(r): int(r[1]) for r in data["DEMAND_SECTION"]}
    tw = {node(r): (ten(r[1]), ten(r[2])) for r in data["TIME_WINDOW_SECTION"]}
    rel = {node(r): ten(r[1]) for r in data.get("RELEASE_TIME_SECTION", [])}
    depot = int(data["DEPOT_SECTION"][0][0]) - 1
    return (int(head["DIMENSION"]), xy, dem, tw, rel, depot, ten(head.get("SERVICE_TIME", 0)),
            int(head["CAPACITY"]), int(head.get("VEHICLES", head["DIMENSION"])))


def main():
    got = read_args(sys.argv, __doc__, read_vrp)
    if got is None:
        return 2
    (n, xy, dem, tw, rel, depot, svc, cap, nveh), routes, claimed = got

    def d(i, j):
        return dimacs_distance(xy, i, j)

    order, problems = customers_and_fleet(n, depot, routes, nveh)
    seen, total, ntrips = set(), 0, 0
    for k, r in enumerate(routes, 1):
        trips, cur = [], []
        for c in r:
            if c == 0:
                trips.append(cur)
                cur = []
            else:
                cur.append(c)
        trips.append(cur)
        trips = [t for t in trips if t]
        back = tw[depot][0]  # when the vehicle is at the depot, ready to leave
        for trip in trips:
            ntrips += 1
            nodes = []
            for c in trip:
                if c < 1 or c > len(order):
                    problems.append("route %d: no customer %d" % (k, c))
                    continue
                nodes.append(order[c - 1])
            t = max([back] + [rel.get(i, 0) for i in nodes])
            prev, load = depot, 0
            for i in nodes:
                if i in seen:
                    problems.append("customer %d visited twice" % (order.index(i) + 1))
                seen.add(i)
                load += dem[i]
                total += d(prev, i)
                t = max(t + d(prev, i), tw[i][0])
                if t > tw[i][1]:
                    problems.append("route %d: customer %d starts at %.1f after %.1f"
                                    % (k, order.index(i) + 1, t / 10, tw[i][1] / 10))
                t += svc
                prev = i
            total += d(prev, depot)
            back = t + d(prev, depot)
            if back > tw[depot][1]:
                problems.append("route %d returns at %.1f after the depot closes" % (k, back / 10))
            if load > cap:
                problems.append("route %d: a trip loads %d above capacity %d" % (k, load, cap))
    missing = [c for c, i in enumerate(order, 1) if i not in seen]
    if missing:
        problems.append("%d customers not served (e.g. %d)" % (len(missing), missing[0]))
    text = "%d.%d" % (total // 10, total % 10)
    if claimed is not None and claimed not in (text, str(total)):
        problems.append("claimed cost %s, computed %s" % (claimed, text))
    if problems:
        print("INVALID", "; ".join(problems[:5]))
        return 1
    print("OK cost=%s routes=%d trips=%d" % (text, len(routes), ntrips))
    return 0


if __name__ == "__main__":
    sys.exit(main())
