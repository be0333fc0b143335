#!/usr/bin/env bash
# The ten waste-collection instances of Kim, Kim & Sahoo (2006): converted to
# rondo JSON (bench/wcvrptw2json.py: every rule of the paper), solved, and
# checked by ../shared/tools/check_plan.py. Prints one line per instance:
# name, stops, vehicles used, reloads, travel time (s and min), unassigned,
# solve time, checker verdict.
# usage: bash bench/wcvrptw.sh RONDO LIMIT_SECONDS OUTDIR [INSTANCE...]
set -u
rondo="${1:?usage: wcvrptw.sh RONDO LIMIT OUTDIR [names]}"
limit="${2:?}"
out="${3:?}"
here="$(cd "$(dirname "$0")" && pwd)"
shared="$here/../../shared"
[ -d "$shared/instances/wcvrptw" ] || shared="$here/../shared"
mkdir -p "$out"
shift 3
names="${*:-102_stop 277_stop 335_stop 444_stop 804_stop 1051_stop 1351_stop 1599_stop 1932_stop 2100_stop}"
printf '%-10s %6s %4s %7s %9s %8s %5s %7s  %s\n' instance stops veh reloads travel_s travel_min unas secs check
for n in $names; do
    python3 "$here/wcvrptw2json.py" "$shared/instances/wcvrptw/$n.txt" "$out/$n.json"
    start=$(date +%s.%N)
    "$rondo" solve "$out/$n.json" -l "$limit" -q -o "$out/$n.plan.json"
    rc=$?
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    verdict="$(python3 "$shared/tools/check_plan.py" "$out/$n.json" "$out/$n.plan.json" 2>&1)"
    verdict="${verdict:0:60}"
    python3 - "$out/$n.plan.json" "$n" "$secs" "$verdict" "$rc" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d.get("summary", {})
stops = sum(1 for r in d.get("routes", []) for x in r["steps"] if x["type"] == "job") + s.get("unassigned", 0)
travel = s.get("duration", 0)
print("%-10s %6d %4d %7d %9d %8.1f %5d %7.1f  %s%s" % (sys.argv[2], stops, s.get("routes", 0), s.get("reloads", 0),
      travel, travel / 60.0, s.get("unassigned", -1), float(sys.argv[3]), sys.argv[4].split(" ")[0],
      "" if sys.argv[5] == "0" else " (exit %s)" % sys.argv[5]))
PY
done
