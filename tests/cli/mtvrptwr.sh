#!/usr/bin/env bash
# PyVRP's multi-trip VRPTW with release times (VRPLIB with
# RELEASE_TIME_SECTION and VEHICLES_RELOAD_DEPOT_SECTION) read natively: a
# 25-customer instance built here from the bundled Solomon C101 head with 4
# vehicles of capacity 70 (so they must reload at the depot) and release
# times on half of the customers. The .sol (a reload is a 0 inside a route)
# must be accepted by bench/check_mtvrptwr.py (an independent Python
# evaluator: a trip leaves no earlier than its customers' releases, windows,
# capacity per trip, cost to the tenth; it accepts all 171 BKS files).
# usage: bash tests/cli/mtvrptwr.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: mtvrptwr.sh <rondo-binary> <source-dir>}"
src="${2:?usage: mtvrptwr.sh <rondo-binary> <source-dir>}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

python3 - "$src/instances/C101-25.txt" "$tmp/mt.vrp" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.split() and l.split()[0].isdigit()]
nodes = [r for r in rows[1:] if len(r) == 7]
n = len(nodes)
out = ["NAME : mt25", "TYPE : MTVRPTWR", "EDGE_WEIGHT_TYPE : EUC_2D", "DIMENSION : %d" % n,
       "VEHICLES : 4", "CAPACITY : 70", "SERVICE_TIME : 90", "NODE_COORD_SECTION"]
out += ["%d %s %s" % (i + 1, r[1], r[2]) for i, r in enumerate(nodes)]
out += ["DEMAND_SECTION"] + ["%d %s" % (i + 1, r[3]) for i, r in enumerate(nodes)]
out += ["TIME_WINDOW_SECTION"] + ["%d %s %s" % (i + 1, r[4], r[5]) for i, r in enumerate(nodes)]
# release: the odd customers' goods arrive a little before their window opens
out += ["RELEASE_TIME_SECTION"] + ["%d %d" % (i + 1, max(0, int(r[4]) - 150) if i % 2 else 0)
                                   for i, r in enumerate(nodes)]
out += ["VEHICLES_RELOAD_DEPOT_SECTION", "1 1", "2 1", "3 1", "4 1", "DEPOT_SECTION", "1", "-1", "EOF"]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY

if timeout 60 "$rondo" solve "$tmp/mt.vrp" -q --iterations 200 -o "$tmp/mt.sol" 2>"$tmp/err"; then
    verdict="$(python3 "$src/bench/check_mtvrptwr.py" "$tmp/mt.vrp" "$tmp/mt.sol")"
    case "$verdict" in OK*) ok "mt25: $verdict" ;; *) bad "mt25: $verdict" ;; esac
    if python3 -c 'import re,sys; r=re.search(r"routes=(\d+) trips=(\d+)", sys.argv[1]); sys.exit(0 if r and int(r.group(2)) > int(r.group(1)) else 1)' "$verdict"; then
        ok "mt25: vehicles reload at the depot (more trips than routes)"
    else
        bad "mt25: no reload: $(grep Route "$tmp/mt.sol")"
    fi
else
    bad "mt25: solve failed: $(head -c 300 "$tmp/err")"
fi
awk '/RELEASE_TIME_SECTION/{p=1} p && $1=="4"{$2="-7"} {print}' "$tmp/mt.vrp" >"$tmp/neg.vrp"
timeout 20 "$rondo" solve "$tmp/neg.vrp" -q >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "node 4: negative release time -7" "$tmp/err"; then ok "negative release time: exit 2 naming the node"; else bad "negative release: rc $rc $(cat "$tmp/err")"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
