#!/usr/bin/env bash
# End-to-end test of the JSON (VROOM) interface of `rondo solve`: a small
# instance (10 jobs, 2 vehicles, time windows, two capacity dimensions, an
# open route, per_hour/per_km costs, speed_factor) solved from a file, -i,
# stdin and with -o; the answer must parse and, when ../shared/tools/
# check_plan.py exists, be declared OK by it. Each bad input must exit 2 with
# {"code":2,"error":...} on stdout (or in the -o file) and `rondo: error: ` on
# stderr. Ends with `N passed, M failed`; exits 1 on failure.
# usage: bash tests/cli/json.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: json.sh <rondo-binary> <source-dir>}"
src="${2:?usage: json.sh <rondo-binary> <source-dir>}"
fix="$src/tests/fixtures/json"
checker="$src/../shared/tools/check_plan.py"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# check_answer NAME IN OUT: OUT parses as a VROOM answer with code 0 (and the checker says OK).
check_answer() {
    local name="$1" in="$2" out="$3"
    if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["code"] == 0 and "routes" in d else 1)' "$out" 2>/dev/null; then
        bad "$name: answer does not parse as code 0"
        return
    fi
    if [ -f "$checker" ]; then
        local verdict
        verdict="$(python3 "$checker" "$in" "$out")"
        case "$verdict" in
        OK*) ok "$name: $verdict" ;;
        *) bad "$name: check_plan.py: $verdict" ;;
        esac
    else
        ok "$name (check_plan.py not found: parse only)"
    fi
}

run() { # run NAME IN ARGS...: solve, expect exit 0 and a valid answer on stdout
    local name="$1" in="$2" rc
    shift 2
    timeout 60 "$rondo" solve "$@" -q >"$tmp/out.json" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        bad "$name: exit $rc"
        sed 's/^/     | /' "$tmp/err" | head -5
        return
    fi
    check_answer "$name" "$in" "$tmp/out.json"
}

small="$fix/small.json"
run "file" "$small" "$small"
run "-i FILE" "$small" -i "$small" --threads 1
run "stdin" "$small" <"$small"
run "- (stdin)" "$small" - <"$small"
run "-t alias, --seed" "$small" "$small" -t 1 --seed 5
if python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["summary"]["seed"] == 5 else 1)' "$tmp/out.json" 2>/dev/null; then
    ok "--seed overrides options.seed in summary.seed"
else
    bad "--seed not reported as summary.seed"
fi
# Determinism under the input's iteration budget.
"$rondo" solve "$small" -q --threads 1 | python3 -c 'import json,sys; d=json.load(sys.stdin); d["summary"].pop("computing_times"); print(json.dumps(d))' >"$tmp/a" 2>/dev/null
"$rondo" solve "$small" -q --threads 2 | python3 -c 'import json,sys; d=json.load(sys.stdin); d["summary"].pop("computing_times"); print(json.dumps(d))' >"$tmp/b" 2>/dev/null
if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then ok "same answer for 1 and 2 threads"; else bad "answers differ across threads"; fi
# -o: temp file + rename, nothing on stdout.
if "$rondo" solve "$small" -q -o "$tmp/o.json" >"$tmp/stdout" 2>"$tmp/err" && [ ! -s "$tmp/stdout" ]; then
    check_answer "-o FILE" "$small" "$tmp/o.json"
else
    bad "-o FILE"
fi
if ls "$tmp"/o.json.tmp.* >/dev/null 2>&1; then bad "-o left a temporary file"; else ok "-o leaves no temporary file"; fi

# Generated variants: no time windows (CVRP cost path), costs matrix, no capacities.
python3 - "$small" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = sys.argv[2]
a = json.loads(json.dumps(d))
for j in a["jobs"]: j.pop("time_windows", None)
for v in a["vehicles"]: v.pop("time_window", None)
json.dump(a, open(t + "/notw.json", "w"))
b = json.loads(json.dumps(d))
b["matrices"]["car"]["costs"] = [[x // 7 for x in r] for r in b["matrices"]["car"]["distances"]]
for v in b["vehicles"]: v.pop("costs", None)
json.dump(b, open(t + "/costs.json", "w"))
c = json.loads(json.dumps(a))
for j in c["jobs"]: j.pop("delivery", None); j.pop("pickup", None)
for v in c["vehicles"]: v.pop("capacity", None)
c["matrix"] = c.pop("matrices")["car"]["durations"]
json.dump(c, open(t + "/legacy.json", "w"))
PY
run "no time windows" "$tmp/notw.json" "$tmp/notw.json"
run "costs matrix" "$tmp/costs.json" "$tmp/costs.json"

# Generated variants of the rich model: shipments, skills, priorities with too
# little room (every unassigned task must carry a reason).
python3 - "$small" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = sys.argv[2]
a = json.loads(json.dumps(d))
jobs = a["jobs"]
a["jobs"] = jobs[:3] + jobs[9:]
a["shipments"] = []
for p, q in ((jobs[3], jobs[4]), (jobs[5], jobs[6]), (jobs[7], jobs[8])):
    step = lambda j: {k: j[k] for k in ("id", "location_index", "service", "time_windows", "description") if k in j}
    a["shipments"].append({"amount": [1, 2], "pickup": step(p), "delivery": step(q), "priority": 10})
json.dump(a, open(t + "/ship.json", "w"))
b = json.loads(json.dumps(d))
b["vehicles"][0]["skills"] = [1, 2]
b["vehicles"][1]["skills"] = [1]
for i, j in enumerate(b["jobs"]):
    j["skills"] = [2] if i % 3 == 0 else [1]
json.dump(b, open(t + "/skills.json", "w"))
c = json.loads(json.dumps(d))
c["vehicles"] = c["vehicles"][:1]
c["vehicles"][0]["capacity"] = [8, 8]
for i, j in enumerate(c["jobs"]):
    j["priority"] = 100 if i % 2 else 0
json.dump(c, open(t + "/prio.json", "w"))
e = json.loads(json.dumps(d))
e["vehicles"][0]["breaks"] = [{"id": 1, "service": 1800, "time_windows": [[6000, 9000]], "description": "lunch"}]
e["vehicles"][1]["breaks"] = [{"id": 1, "service": 600, "time_windows": [[3000, 12000]]},
                              {"id": 2, "service": 300, "max_load": [20, 20]}]
json.dump(e, open(t + "/breaks.json", "w"))
PY
run "shipments" "$tmp/ship.json" "$tmp/ship.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
steps = [(s["type"], s["id"]) for r in d["routes"] for s in r["steps"] if s["type"] in ("pickup", "delivery")]
sys.exit(0 if len(steps) == 6 and d["summary"]["unassigned"] == 0 else 1)' "$tmp/out.json"; then
    ok "shipments: 3 pickups and 3 deliveries routed"
else
    bad "shipments: not all routed as pickup/delivery steps"
fi
run "skills" "$tmp/skills.json" "$tmp/skills.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
need2 = {j["id"] for i, j in enumerate(json.load(open(sys.argv[2]))["jobs"]) if i % 3 == 0}
bad = [s["id"] for r in d["routes"] if r["vehicle"] == 2 for s in r["steps"] if s.get("id") in need2 and s["type"] == "job"]
sys.exit(0 if not bad and d["summary"]["unassigned"] == 0 else 1)' "$tmp/out.json" "$tmp/skills.json"; then
    ok "skills: jobs asking skill 2 only on vehicle 1"
else
    bad "skills: a job on a vehicle without its skill, or unassigned"
fi
run "breaks" "$tmp/breaks.json" "$tmp/breaks.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
b = sorted((r["vehicle"], s["id"]) for r in d["routes"] for s in r["steps"] if s["type"] == "break")
used = {r["vehicle"] for r in d["routes"]}
want = sorted([(1, 1)] * (1 in used) + [(2, 1), (2, 2)] * (2 in used))
sys.exit(0 if b == want and all("location_index" not in s for r in d["routes"] for s in r["steps"] if s["type"] == "break") else 1)' "$tmp/out.json"; then
    ok "breaks: each used vehicle takes its breaks, without a location"
else
    bad "breaks: wrong break steps"
fi
run "priorities, too little room" "$tmp/prio.json" "$tmp/prio.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
u = d["unassigned"]
sys.exit(0 if u and all(x.get("reason") for x in u) and d["summary"]["priority"] > 0 else 1)' "$tmp/out.json"; then
    ok "priorities: unassigned jobs carry reasons"
else
    bad "priorities: unassigned without reason"
fi
run "--exact" "$small" "$small" --exact
if python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
sys.exit(0 if s["optimal"] is True and s["lower_bound"] == s["cost"] else 1)' "$tmp/out.json"; then
    ok "--exact: summary.optimal and lower_bound = cost"
else
    bad "--exact: no proof in the summary: $(head -c 300 "$tmp/out.json")"
fi
timeout 60 "$rondo" solve "$tmp/ship.json" --exact -q >"$tmp/out" 2>/dev/null
rc=$?
if [ $rc -eq 2 ] && grep -qF 'shipments, breaks, reloads and optional (prize) tasks are not supported' "$tmp/out"; then
    ok "--exact refuses shipments with code 2"
else
    bad "--exact with shipments: rc $rc $(head -c 200 "$tmp/out")"
fi
run "legacy matrix, no amounts" "$tmp/legacy.json" "$tmp/legacy.json"

# bad_case NAME WANT JSON: exit 2, the error answer on stdout, the message on stderr.
bad_case() {
    local name="$1" want="$2" rc
    printf '%s' "$3" >"$tmp/bad.json"
    timeout 20 "$rondo" solve "$tmp/bad.json" -q >"$tmp/out" 2>"$tmp/err"
    rc=$?
    local why=""
    if [ $rc -ne 2 ]; then
        why="exit $rc, want 2"
    elif ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d == {"code": 2, "error": sys.argv[2]} else 1)' "$tmp/out" "$want"; then
        why="stdout is not {\"code\":2,\"error\":\"$want\"}: $(head -c 200 "$tmp/out")"
    elif ! grep -qF -- "rondo: error: $want" "$tmp/err"; then
        why="stderr lacks 'rondo: error: $want'"
    fi
    if [ -z "$why" ]; then ok "$name"; else bad "$name: $why"; fi
}
V='"vehicles":[{"id":1,"start_index":0,"capacity":[4]}]'
M='"matrix":[[0,1],[1,0]]'
bad_case "syntax error" "$tmp/bad.json: JSON syntax error at line 2, column 0: ']' expected near end of file" \
    "{\"vehicles\": [
"
bad_case "skills not integers" "jobs[0].skills[0]: expected a non-negative integer below 2^32" "{$V,\"jobs\":[{\"id\":1,\"location_index\":1,\"skills\":[1.5]}],$M}"
bad_case "shipment without pickup" "shipments[0].pickup: missing" "{$V,\"shipments\":[{\"amount\":[1]}],$M}"
bad_case "negative amount" "jobs[0].delivery[0]: negative amount -2" "{$V,\"jobs\":[{\"id\":1,\"location_index\":1,\"delivery\":[-2]}],$M}"
bad_case "duplicate job id" "jobs[1].id: duplicate job id 1 (also jobs[0])" \
    "{$V,\"jobs\":[{\"id\":1,\"location_index\":1},{\"id\":1,\"location_index\":0}],$M}"
bad_case "unknown location" "jobs[0].location_index: 2 is out of range (matrix size 2)" "{$V,\"jobs\":[{\"id\":1,\"location_index\":2}],$M}"
bad_case "tw end < start" "jobs[0].time_windows[0]: end 5 is before start 9" \
    "{$V,\"jobs\":[{\"id\":1,\"location_index\":1,\"time_windows\":[[9,5]]}],$M}"
bad_case "no vehicles" "vehicles: empty array, at least one vehicle is needed" "{\"vehicles\":[],\"jobs\":[{\"id\":1,\"location_index\":1}],$M}"
bad_case "no jobs" "jobs: missing, and no shipments: nothing to do" "{$V,$M}"
bad_case "index without matrices" "vehicles[0].start_index: an index needs matrices, and the input has none (give start [lon, lat] on every task and vehicle instead)" \
    "{$V,\"jobs\":[{\"id\":1,\"location\":[2.3,48.8]}]}"
bad_case "options.unroutable" 'options.unroutable: expected "error" or "unassign"' \
    "{$V,\"jobs\":[{\"id\":1,\"location_index\":1}],$M,\"options\":{\"unroutable\":\"skip\"}}"
# The error answer goes to -o when given.
printf '{%s,%s}' "$V" "$M" >"$tmp/bad.json"
"$rondo" solve "$tmp/bad.json" -q -o "$tmp/err.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -qF '"code":2' "$tmp/err.json"; then ok "error answer in -o FILE"; else bad "error answer in -o FILE: rc $rc"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
