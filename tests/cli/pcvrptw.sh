#!/usr/bin/env bash
# PyVRP's prize-collecting VRPTW (VRPLIB with PRIZE_SECTION: every customer
# optional) read natively: a 25-customer instance built here from the bundled
# Solomon C101 head, with prizes below the cost of reaching the far
# customers. The .sol must be accepted by bench/check_pcvrptw.py (an
# independent Python evaluator: windows, capacity, cost = distance + the
# prizes left out, checked to the tenth), skip some customers and serve the
# others; a negative prize is an input error naming the line.
# usage: bash tests/cli/pcvrptw.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: pcvrptw.sh <rondo-binary> <source-dir>}"
src="${2:?usage: pcvrptw.sh <rondo-binary> <source-dir>}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

python3 - "$src/instances/C101-25.txt" "$tmp/pc.vrp" <<'PY'
import math, sys
rows = [l.split() for l in open(sys.argv[1]) if l.split() and l.split()[0].isdigit()]
veh, cap = int(rows[0][0]), int(rows[0][1])
nodes = [r for r in rows[1:] if len(r) == 7]
out = ["NAME : pc25", "TYPE : PCVRPTW", "DIMENSION : %d" % len(nodes), "VEHICLES : %d" % veh,
       "CAPACITY : %d" % cap, "SERVICE_TIME : 90", "EDGE_WEIGHT_TYPE : EUC_2D", "NODE_COORD_SECTION"]
out += ["%d %s %s" % (i + 1, r[1], r[2]) for i, r in enumerate(nodes)]
out += ["DEMAND_SECTION"] + ["%d %s" % (i + 1, r[3]) for i, r in enumerate(nodes)]
out += ["TIME_WINDOW_SECTION"] + ["%d %s %s" % (i + 1, r[4], r[5]) for i, r in enumerate(nodes)]
x0, y0 = float(nodes[0][1]), float(nodes[0][2])
# prizes: worth the trip for customers within 20 of the depot, not beyond
prize = lambda r: 0 if r is nodes[0] else (40 if math.hypot(float(r[1]) - x0, float(r[2]) - y0) < 20 else 3)
out += ["PRIZE_SECTION"] + ["%d %d" % (i + 1, prize(r)) for i, r in enumerate(nodes)]
out += ["DEPOT_SECTION", "1", "-1", "EOF"]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY

if timeout 60 "$rondo" solve "$tmp/pc.vrp" -q --iterations 200 -o "$tmp/pc.sol" 2>"$tmp/err"; then
    verdict="$(python3 "$src/bench/check_pcvrptw.py" "$tmp/pc.vrp" "$tmp/pc.sol")"
    case "$verdict" in OK*) ok "pc25: $verdict" ;; *) bad "pc25: $verdict" ;; esac
    if grep -q "^# prize-collecting: Cost = distance + the prizes" "$tmp/pc.sol" &&
        python3 -c 'import re,sys; v=int(re.search(r"visited=(\d+)", sys.argv[1]).group(1)); sys.exit(0 if 5 <= v < 24 else 1)' "$verdict"; then
        ok "pc25: the near customers served, the far low-prize ones skipped"
    else
        bad "pc25: $(head -c 300 "$tmp/pc.sol")"
    fi
else
    bad "pc25: solve failed: $(head -c 300 "$tmp/err")"
fi
awk '/PRIZE_SECTION/{p=1} p && $1=="3"{$2="-4"} {print}' "$tmp/pc.vrp" >"$tmp/neg.vrp"
timeout 20 "$rondo" solve "$tmp/neg.vrp" -q >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "node 3: negative prize -4" "$tmp/err"; then ok "negative prize: exit 2 naming the node and line"; else bad "negative prize: rc $rc $(cat "$tmp/err")"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
