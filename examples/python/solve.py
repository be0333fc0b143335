"""Solves a problem file (VROOM JSON, .vrp or Solomon .txt) with rondo's
Python module and prints a summary of each route.

    python3 examples/python/solve.py instances/city-example.json 5
"""
import sys

import rondo

if len(sys.argv) < 2:
    sys.exit("usage: solve.py FILE [SECONDS]")
try:
    answer = rondo.solve(sys.argv[1], time_limit=float(sys.argv[2]) if len(sys.argv) > 2 else 5)
except rondo.Error as e:  # a bad input names its field or line
    sys.exit("%s (exit code %d)" % (e, e.code))
s = answer["summary"]
print("cost %s, %d routes, %d unassigned" % (s["cost"], s["routes"], s["unassigned"]))
for r in answer["routes"]:
    stops = [str(st["id"]) for st in r["steps"] if st["type"] not in ("start", "end")]
    print("vehicle %s: %s" % (r["vehicle"], " ".join(stops)))
for u in answer["unassigned"]:
    print("unassigned %s: %s" % (u["id"], u["reason"]))
