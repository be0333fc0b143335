#!/usr/bin/env python3
"""Writes a CVRP instance in CVRPLIB format (EUC_2D) of N customers, for the
scale tests of issue #18 (rondo's own readers and ../shared/tools/check_solution.py
read it): a central depot, half the customers spread uniformly over a
100 km x 100 km square (coordinates in metres), half in 40 Gaussian clusters
(towns); demands 1..10; the capacity makes about 100 customers a route, as
on the Flanders instances. Deterministic for a given N and seed.

usage: python3 bench/gen_vrp.py N [--seed S] > FILE.vrp
"""
import argparse
import random
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="customers")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.n < 1:
        ap.error("N must be at least 1")
    rnd = random.Random(a.seed)
    side = 100000
    towns = [(rnd.uniform(0.1, 0.9) * side, rnd.uniform(0.1, 0.9) * side, rnd.uniform(1000, 5000))
             for _ in range(40)]
    pts = [(side // 2, side // 2)]
    for i in range(a.n):
        if i % 2 == 0:
            x, y = rnd.uniform(0, side), rnd.uniform(0, side)
        else:
            tx, ty, sd = towns[rnd.randrange(len(towns))]
            x, y = rnd.gauss(tx, sd), rnd.gauss(ty, sd)
        pts.append((min(max(int(round(x)), 0), side), min(max(int(round(y)), 0), side)))
    dem = [0] + [rnd.randint(1, 10) for _ in range(a.n)]
    out = sys.stdout
    out.write(f"NAME : gen-n{a.n}-s{a.seed}\n")
    out.write("COMMENT : bench/gen_vrp.py (rondo), uniform + 40 clusters, depot central\n")
    out.write("TYPE : CVRP\n")
    out.write(f"DIMENSION : {a.n + 1}\n")
    out.write("EDGE_WEIGHT_TYPE : EUC_2D\n")
    out.write("CAPACITY : 550\n")
    out.write("NODE_COORD_SECTION\n")
    out.write("".join(f"{i + 1} {x} {y}\n" for i, (x, y) in enumerate(pts)))
    out.write("DEMAND_SECTION\n")
    out.write("".join(f"{i + 1} {d}\n" for i, d in enumerate(dem)))
    out.write("DEPOT_SECTION\n1\n-1\nEOF\n")


if __name__ == "__main__":
    main()
