#!/usr/bin/env bash
# Prize-collecting jobs (JSON.md `prize`): optional, served only when they
# lower cost - prize; mandatory jobs keep VROOM's rule (served first). Three
# mandatory jobs near the depot, an optional one nearby with a high prize
# (served) and one far away with a low prize (skipped, with a reason); with
# a prize above its detour the far one is served. Answers are checked by
# ../shared/tools/check_plan.py and must report `prize`.
# usage: bash tests/cli/prize.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: prize.sh <rondo-binary> <source-dir>}"
src="${2:?usage: prize.sh <rondo-binary> <source-dir>}"
checker="$src/../shared/tools/check_plan.py"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

python3 - "$tmp" <<'PY'
import json, math, sys
t = sys.argv[1]
pts = [(0, 0), (10, 0), (0, 10), (-10, 0), (5, 5), (300, 300)]
D = [[int(round(math.dist(a, b) * 10)) for b in pts] for a in pts]
jobs = [{"id": 1, "location_index": 1}, {"id": 2, "location_index": 2}, {"id": 3, "location_index": 3},
        {"id": 4, "location_index": 4, "prize": 500}, {"id": 5, "location_index": 5, "prize": 100}]
d = {"vehicles": [{"id": 1, "start_index": 0, "end_index": 0}], "jobs": jobs,
     "matrices": {"car": {"durations": D, "distances": D}}}
json.dump(d, open(t + "/low.json", "w"))
d["jobs"][4]["prize"] = 100000  # well above its detour (about 8.5 km there and back)
json.dump(d, open(t + "/high.json", "w"))
d["jobs"][4]["prize"] = -1
json.dump(d, open(t + "/neg.json", "w"))
PY

run() {
    local name="$1" in="$2" rc
    timeout 60 "$rondo" solve "$in" -q --iterations 100 >"$tmp/out.json" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        bad "$name: exit $rc: $(head -c 300 "$tmp/err")"
        return
    fi
    if [ -f "$checker" ]; then
        local verdict
        verdict="$(python3 "$checker" "$in" "$tmp/out.json")"
        case "$verdict" in
        OK*) ok "$name: $verdict" ;;
        *) bad "$name: check_plan.py: $verdict" ;;
        esac
    else
        ok "$name (no check_plan.py: exit code only)"
    fi
}
expect() {
    if python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); s = d["summary"]
served = sorted(x["id"] for r in d["routes"] for x in r["steps"] if x["type"] == "job")
sys.exit(0 if eval(sys.argv[2]) else 1)' "$tmp/out.json" "$2"; then ok "$1"; else bad "$1: $(head -c 400 "$tmp/out.json")"; fi
}
run "far job with a low prize" "$tmp/low.json"
expect "low prize: the near optional job served, the far one skipped with its reason" \
    'served == [1, 2, 3, 4] and s["prize"] == 500 and d["routes"][0]["prize"] == 500 and [(u["id"], u["reason"]) for u in d["unassigned"]] == [(5, "optional: its prize does not pay for its detour")]'
run "far job with a high prize" "$tmp/high.json"
expect "high prize: every job served, prize 100500" 'served == [1, 2, 3, 4, 5] and s["prize"] == 100500'
timeout 20 "$rondo" solve "$tmp/neg.json" -q >"$tmp/out" 2>/dev/null
rc=$?
if [ $rc -eq 2 ] && grep -qF '"error":"jobs[4].prize: expected a non-negative integer"' "$tmp/out"; then
    ok "negative prize: exit 2 naming the field"
else
    bad "negative prize: rc $rc $(head -c 200 "$tmp/out")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
