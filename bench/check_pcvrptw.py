#!/usr/bin/env python3
"""Independent checker for PyVRP's prize-collecting VRPTW (VRPLIB .vrp with a
PRIZE_SECTION; ../shared/instances/pyvrp/PCVRPTW/README.md) and a CVRPLIB-style
.sol ("Route #k: c1 c2 ...", customers numbered 1..n-1, depot 0; "Cost X").

Rules (DIMACS convention, as the BKS): distances and travel times are the
Euclidean distance truncated to one decimal; service starts at max(arrival,
ready) and must start by the due date; the route returns to the depot by its
due date; each route's demand fits the capacity; each customer at most once;
at most VEHICLES routes. Cost = total distance + the prizes of the customers
not visited. All arithmetic in tenths (integers), so the claimed cost must
match exactly.

usage: check_pcvrptw.py INSTANCE.vrp SOLUTION.sol   -> "OK cost=... routes=... visited=..."
exit 0 when feasible and the claimed cost matches, 1 otherwise, 2 unreadable.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyvrp_io import customers_and_fleet, dimacs_distance, read_args, read_sections  # noqa: E402


def read_vrp(path):
    head, data = read_sections(path)
    n = int(head["DIMENSION"])
    xy = {int(r[0]) - 1: (float(r[1]), float(r[2])) for r in data["NODE_COORD_SECTION"]}
    dem = {int(r[0]) - 1: int(r[1]) for r in data["DEMAND_SECTION"]}
    tw = {int(r[0]) - 1: (int(round(float(r[1]) * 10)), int(round(float(r[2]) * 10)))
          for r in data["TIME_WINDOW_SECTION"]}
    prize = {int(r[0]) - 1: int(round(float(r[1]) * 10)) for r in data["PRIZE_SECTION"]}
    depot = int(data["DEPOT_SECTION"][0][0]) - 1
    svc = int(round(float(head.get("SERVICE_TIME", 0)) * 10))
    return n, xy, dem, tw, prize, depot, svc, int(head["CAPACITY"]), int(head.get("VEHICLES", n))


def main():
    got = read_args(sys.argv, __doc__, read_vrp)
    if got is None:
        return 2
    (n, xy, dem, tw, prize, depot, svc, cap, nveh), routes, claimed = got

    def d(i, j):
        return dimacs_distance(xy, i, j)

    order, problems = customers_and_fleet(n, depot, routes, nveh)
    seen, total = set(), 0
    for k, r in enumerate(routes, 1):
        load, t, prev = 0, tw[depot][0], depot
        for c in r:
            if c < 1 or c > len(order):
                problems.append("route %d: no customer %d" % (k, c))
                continue
            i = order[c - 1]
            if i in seen:
                problems.append("customer %d visited twice" % c)
            seen.add(i)
            load += dem[i]
            total += d(prev, i)
            t = max(t + d(prev, i), tw[i][0])
            if t > tw[i][1]:
                problems.append("route %d: customer %d starts at %.1f after %.1f" % (k, c, t / 10, tw[i][1] / 10))
            t += svc
            prev = i
        total += d(prev, depot)
        if t + d(prev, depot) > tw[depot][1]:
            problems.append("route %d returns after the depot closes" % k)
        if load > cap:
            problems.append("route %d: load %d above capacity %d" % (k, load, cap))
    missed = sum(p for i, p in prize.items() if i != depot and i not in seen)
    cost = total + missed
    text = "%d.%d" % (cost // 10, cost % 10)
    if claimed is not None and claimed != text and claimed != str(cost):
        problems.append("claimed cost %s, computed %s" % (claimed, text))
    if problems:
        print("INVALID", "; ".join(problems[:5]))
        return 1
    print("OK cost=%s routes=%d visited=%d" % (text, len(routes), len(seen)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
