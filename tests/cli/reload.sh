#!/usr/bin/env bash
# Facilities and reloads (rondo's JSON extensions, ../shared/docs/JSON.md):
# one truck of capacity 10 and twelve stations of 3 each. Without a facility
# it serves three and every other station is unassigned with a reason; with a
# facility it serves all twelve in four trips and ends empty. max_reloads,
# the facility's opening hours, shift_capacity and max_working_time each cut
# the plan as the rules say. Every answer must be accepted by
# ../shared/tools/check_plan.py (which checks each trip's load and the
# facility's windows); bad facility inputs exit 2 with exact messages.
# usage: bash tests/cli/reload.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: reload.sh <rondo-binary> <source-dir>}"
src="${2:?usage: reload.sh <rondo-binary> <source-dir>}"
checker="$src/../shared/tools/check_plan.py"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

python3 - "$tmp" <<'PY'
import json, math, random, sys
t = sys.argv[1]
rng = random.Random(3)
pts = [(50, 50)] + [(rng.uniform(0, 100), rng.uniform(0, 100)) for _ in range(12)] + [(80, 20), (20, 80)]
D = [[int(round(math.dist(a, b) * 10)) for b in pts] for a in pts]
base = {"vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "capacity": [10], "time_window": [0, 20000]}],
        "jobs": [{"id": i, "location_index": i, "service": 60, "pickup": [3]} for i in range(1, 13)],
        "matrices": {"car": {"durations": D, "distances": D}}}
def save(name, d): json.dump(d, open(t + "/" + name + ".json", "w"))
def copy(d): return json.loads(json.dumps(d))
save("none", base)
r = copy(base)
r["facilities"] = [{"id": 7, "location_index": 13, "service": 300, "description": "recycling centre"},
                   {"id": 8, "location_index": 14, "service": 300, "time_windows": [[0, 100]]}]
r["vehicles"][0]["reload_facilities"] = [7, 8]
r["vehicles"][0]["end_empty"] = True
save("reload", r)
a = copy(r); a["vehicles"][0]["max_reloads"] = 2; save("maxr", a)
b = copy(r); b["facilities"][0]["time_windows"] = [[0, 2500]]; save("ftw", b)
c = copy(r); c["vehicles"][0]["shift_capacity"] = [20]; save("shift", c)
e = copy(r); e["vehicles"][0]["max_working_time"] = 3000; save("mwt", e)
f = copy(r); del f["vehicles"][0]["reload_facilities"]; save("nofac", f)
g = copy(r); g["vehicles"][0]["reload_facilities"] = [9]; save("bad_id", g)
h = copy(r); h["facilities"][1]["id"] = 7; save("dup_id", h)
k = copy(r); k["facilities"][0]["setup"] = 10; save("setup", k)
PY

# run NAME FILE: exit 0, check_plan.py OK; the answer stays in $tmp/out.json.
run() {
    local name="$1" in="$2" rc
    timeout 60 "$rondo" solve "$in" -q --iterations 200 >"$tmp/out.json" 2>"$tmp/err"
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
# expect NAME PYTHON-CONDITION (d: the answer, s: its summary, steps: all steps in order)
expect() {
    if python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); s = d["summary"]
steps = [x for r in d["routes"] for x in r["steps"]]
sys.exit(0 if eval(sys.argv[2]) else 1)' "$tmp/out.json" "$2"; then ok "$1"; else bad "$1: $(head -c 400 "$tmp/out.json")"; fi
}

run "no facility" "$tmp/none.json"
expect "no facility: 3 stations fit, 9 unassigned with a reason" \
    's["unassigned"] == 9 and "reloads" not in s and all(u["reason"].startswith("no room left in the plan: ") for u in d["unassigned"])'
run "reloads" "$tmp/reload.json"
expect "reloads: all 12 served in 4 trips, the truck ends empty" \
    's["unassigned"] == 0 and s["reloads"] == 4 and d["routes"][0]["reloads"] == 4 and steps[-2]["type"] == "reload" and steps[-1]["load"] == [0]'
expect "reloads: load back to 0 after each reload, never above 10" \
    'all(x["load"] == [0] for x in steps if x["type"] == "reload") and max(x["load"][0] for x in steps) == 9'
expect "reloads: only the open facility (8 closes at 100 s)" \
    'all(x["id"] == 7 and x["location_index"] == 13 and x["service"] == 300 for x in steps if x["type"] == "reload")'
run "max_reloads 2" "$tmp/maxr.json"
expect "max_reloads 2: two trips, 6 served" 's["reloads"] == 2 and s["unassigned"] == 6'
run "facility closes at 2500" "$tmp/ftw.json"
expect "facility window: every reload starts by 2500" \
    's["unassigned"] > 0 and all(x["arrival"] + x["waiting_time"] <= 2500 for x in steps if x["type"] == "reload")'
run "shift_capacity 20" "$tmp/shift.json"
expect "shift_capacity 20: at most 6 stations (18)" 's["pickup"][0] <= 20 and s["unassigned"] == 6'
run "max_working_time 3000" "$tmp/mwt.json"
expect "max_working_time: the route ends by 3000" 'steps[-1]["arrival"] <= 3000 and s["unassigned"] > 0'
run "end_empty without facilities" "$tmp/nofac.json"
expect "end_empty without facilities: nothing served, reasons name end_empty" \
    's["unassigned"] == 12 and all("end_empty" in u["reason"] for u in d["unassigned"])'

bad_case() {
    local name="$1" in="$2" want="$3" rc
    timeout 20 "$rondo" solve "$in" -q >"$tmp/out" 2>/dev/null
    rc=$?
    if [ $rc -eq 2 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d == {"code": 2, "error": sys.argv[2]} else 1)' "$tmp/out" "$want"; then
        ok "$name"
    else
        bad "$name: rc $rc: $(head -c 300 "$tmp/out")"
    fi
}
bad_case "unknown facility id" "$tmp/bad_id.json" "vehicles[0].reload_facilities[0]: no facility has id 9"
bad_case "duplicate facility id" "$tmp/dup_id.json" "facilities[1].id: duplicate facility id 7 (also facilities[0])"
bad_case "facility setup" "$tmp/setup.json" "facilities[0].setup: facilities have a service time only"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
