#!/usr/bin/env bash
# End-to-end test of the VROOM drop-in mode: the binary is run exactly as a
# VROOM front end runs `vroom` (no subcommand, router flags, -i with a quoted
# path holding a space, -o, stdin, inline JSON, long and attached forms), also
# through a link named `vroom`; the answers must parse as VROOM answers and,
# when ../shared/tools/check_plan.py exists, be declared OK by it. Input and
# argument errors must exit 2 with {"code":2,"error":...} on stdout. Plan mode
# (-c) must schedule the vehicles' steps: no violation where the steps are
# feasible (checker OK), a delay of exactly 200 s on the late job (the
# checker's one violation, no mismatch), lead time / load causes, hard bounds
# that cannot be met answered as input errors. Ends with `N passed, M
# failed`; exits 1 on failure.
# usage: bash tests/cli/vroom.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: vroom.sh <rondo-binary> <source-dir>}"
src="${2:?usage: vroom.sh <rondo-binary> <source-dir>}"
fix="$src/tests/fixtures/json"
checker="$src/../shared/tools/check_plan.py"
case "$rondo" in /*) ;; *) rondo="$PWD/$rondo" ;; esac

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/var log"
problem="$tmp/var log/123.json" # a path with a space, quoted as front ends do
cp "$fix/small.json" "$problem"
plan="$fix/plan.json"

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# answer_ok NAME IN OUT: OUT is a VROOM answer (code 0, summary, routes) and the checker says OK.
answer_ok() {
    local name="$1" in="$2" out="$3"
    if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["code"] == 0 and isinstance(d["routes"], list) and "summary" in d and "unassigned" in d else 1)' "$out" 2>/dev/null; then
        bad "$name: not a code-0 VROOM answer: $(head -c 200 "$out")"
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

# run NAME IN [ARGS...]: the binary with exactly ARGS (no subcommand), exit 0, answer on stdout.
run() {
    local name="$1" in="$2" rc
    shift 2
    timeout 120 "$rondo" "$@" >"$tmp/out.json" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        bad "$name: exit $rc"
        sed 's/^/     | /' "$tmp/err" | head -5
        return
    fi
    answer_ok "$name" "$in" "$tmp/out.json"
}

# error_case NAME WANT_RC WANT_SUBSTRING [ARGS...]: exit WANT_RC, {"code":WANT_RC,"error":...} on stdout.
error_case() {
    local name="$1" want_rc="$2" want="$3" rc
    shift 3
    timeout 60 "$rondo" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    local why=""
    if [ $rc -ne "$want_rc" ]; then
        why="exit $rc, want $want_rc"
    elif ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if set(d) == {"code", "error"} and d["code"] == int(sys.argv[2]) and sys.argv[3] in d["error"] else 1)' "$tmp/out" "$want_rc" "$want" 2>/dev/null; then
        why="stdout is not {\"code\":$want_rc,\"error\":\"...$want...\"}: $(head -c 200 "$tmp/out")"
    elif ! grep -qF -- "$want" "$tmp/err"; then
        why="stderr lacks '$want'"
    fi
    if [ -z "$why" ]; then ok "$name"; else bad "$name: $why"; fi
}

# ---- the command lines front ends use ----
run "vroom-express style: -r -a -p -t -x -i \"path with space\"" "$problem" \
    -r osrm -a car:0.0.0.0 -p car:5000 -t 4 -x 5 -i "$problem"
run "-l limit, -g (matrices only: no geometry)" "$problem" -g -l 2 -t 1 -i "$problem"
if grep -qF "rondo: warning: -g: location 0 has no coordinates" "$tmp/err"; then
    ok "-g warns on stderr"
else
    bad "-g: no warning on stderr"
fi
run "stdin" "$problem" -t 1 <"$problem"
run "inline JSON argument" "$problem" -t 1 "$(cat "$problem")"
run "JSON file as the first argument" "$problem" "$problem" -t 1
run "long forms --threads=1 --explore 3 --router=valhalla --host=car:h --port car:1" "$problem" \
    --threads=1 --explore 3 --router=valhalla --host=car:h --port car:1 --input "$problem"
run "attached short values -t1 -x2, -e and -f ignored" "$problem" -t1 -x2 -e a=1 -f -i "$problem"
if timeout 120 "$rondo" -t 1 -i "$problem" -o "$tmp/answer.json" >"$tmp/stdout" 2>"$tmp/err" &&
    [ ! -s "$tmp/stdout" ]; then
    answer_ok "-o FILE" "$problem" "$tmp/answer.json"
else
    bad "-o FILE: exit or stdout not empty"
fi
if timeout 120 "$rondo" -x 0 -t 1 -i "$problem" | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["summary"]["unassigned"] == 0 else 1)' 2>/dev/null; then
    ok "-x 0 still serves every job"
else
    bad "-x 0"
fi

# ---- through a link named vroom ----
mkdir -p "$tmp/bin"
ln -s "$rondo" "$tmp/bin/vroom"
timeout 120 "$tmp/bin/vroom" -r osrm -a car:0.0.0.0 -p car:5000 -t 2 -x 5 -i "$problem" >"$tmp/out.json" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ]; then answer_ok "link named vroom" "$problem" "$tmp/out.json"; else bad "link named vroom: exit $rc"; fi
timeout 120 "$tmp/bin/vroom" <"$problem" >"$tmp/out.json" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ]; then answer_ok "link named vroom, no arguments, stdin" "$problem" "$tmp/out.json"; else bad "link, stdin: exit $rc"; fi
if [ -e "$(dirname "$rondo")/vroom" ]; then # the link the build makes next to the binary
    if "$(dirname "$rondo")/vroom" -v | grep -q "^rondo "; then ok "build-tree vroom link"; else bad "build-tree vroom link"; fi
fi

# ---- help and version ----
if "$rondo" -v | grep -q "^rondo .*VROOM"; then ok "-v prints the version"; else bad "-v"; fi
if "$rondo" --version | grep -q "^rondo "; then ok "--version"; else bad "--version"; fi
if "$tmp/bin/vroom" -h | grep -q -- "--choose-eta"; then ok "vroom -h lists VROOM's flags"; else bad "vroom -h"; fi
if "$rondo" --help | grep -q "VROOM drop-in"; then ok "rondo --help mentions the drop-in mode"; else bad "rondo --help"; fi
if "$rondo" help vroom | grep -q -- "--router"; then ok "rondo help vroom"; else bad "rondo help vroom"; fi

# ---- errors: exit 2 and the JSON error answer on stdout ----
printf '{"vehicles":[{"id":1,"start_index":0}],"jobs":[{"id":1,"location_index":5}],"matrix":[[0,1],[1,0]]}' >"$tmp/bad.json"
error_case "invalid input" 2 "jobs[0].location_index: 5 is out of range (matrix size 2)" \
    -r osrm -a car:0.0.0.0 -p car:5000 -t 4 -x 5 -i "$tmp/bad.json"
error_case "coordinates: a job without location" 2 "jobs[0].location: missing (without matrices every task needs location [lon, lat])" \
    '{"vehicles":[{"id":1,"start":[2.35,48.86]}],"jobs":[{"id":1}]}'
error_case "unknown option" 2 "unknown option '-z'" -z -i "$problem"
error_case "bad thread count" 2 "-t: expected an integer in [1, 1024], got 'four'" -t four -i "$problem"
error_case "unknown router" 2 "-r: unknown routing engine 'graphhopper'" -r graphhopper -i "$problem"
error_case "missing value" 2 "-i needs a value" -t 1 -i
error_case "unreadable -i file" 2 "no such file.json: cannot open: No such file or directory" -i "$tmp/no such file.json"
printf 'NAME : x\n' >"$tmp/not.vrp"
error_case "not JSON" 2 "JSON syntax error" -i "$tmp/not.vrp"
error_case "infeasible steps outside plan mode" 2 "vehicles[1].steps: infeasible route for vehicle 2: job 3 is reached at 1200, after its last time window ends at 1000" -i "$plan"
timeout 20 "$rondo" -o "$tmp/err.json" -z -i "$problem" >"$tmp/out" 2>/dev/null
rc=$?
if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -qF '"code":2' "$tmp/err.json"; then ok "argument error answered in -o FILE"; else bad "argument error with -o: rc $rc"; fi

# ---- plan mode (-c) ----
timeout 60 "$rondo" -r osrm -a car:0.0.0.0 -p car:5000 -c -i "$plan" >"$tmp/plan.json" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ]; then
    bad "plan mode: exit $rc: $(head -c 300 "$tmp/err")"
else
    # Vehicle 1's steps are feasible: no violation, and the route leaves at
    # 31800 to reach job 1 when its window opens (32400) without waiting.
    # Vehicle 2 reaches job 3 at 1200, its window ends at 1000: delay 200.
    # Job 4 is in no steps: unassigned. Vehicle 3 has no steps: no route.
    if python3 - "$tmp/plan.json" <<'PY'; then ok "plan mode: schedule, delay 200 s on job 3 (step, route, summary), job 4 unassigned"; else bad "plan mode answer"; fi
import json, sys
d = json.load(open(sys.argv[1]))
r = {x["vehicle"]: x for x in d["routes"]}
assert sorted(r) == [1, 2], sorted(r)
s1 = r[1]["steps"]
assert [x["type"] for x in s1] == ["start", "job", "job", "end"]
assert [x["arrival"] for x in s1] == [31800, 32400, 33120, 34320], [x["arrival"] for x in s1]
assert all(x["violations"] == [] for x in s1) and r[1]["violations"] == []
s2 = r[2]["steps"]
assert [x["type"] for x in s2] == ["start", "job", "end"]
assert s2[1]["id"] == 3 and s2[1]["arrival"] == 1200
delay = [{"cause": "delay", "duration": 200}]
assert s2[1]["violations"] == delay, s2[1]["violations"]
assert r[2]["violations"] == delay and d["summary"]["violations"] == delay
assert [(u["id"], u["reason"]) for u in d["unassigned"]] == [(4, "not in any vehicle's steps (plan mode)")]
assert d["summary"]["unassigned"] == 1 and d["summary"]["routes"] == 2
PY
    if [ -f "$checker" ]; then
        # The checker has no plan mode: it must find exactly the reported delay
        # as a broken rule, and no reported figure wrong.
        if python3 "$checker" --json "$plan" "$tmp/plan.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["violations"] == 1 and d["mismatches"] == 0 and "job 3): arrival 1200 is after its time windows [0, 1000]" in d["problems"][0] else 1)'; then
            ok "plan mode: check_plan.py finds the one delay and no wrong figure"
        else
            bad "plan mode: check_plan.py: $(python3 "$checker" "$plan" "$tmp/plan.json")"
        fi
    fi
fi
# Vehicle 1's steps alone (the feasible route): the checker says OK.
python3 - "$plan" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = sys.argv[2]
a = json.loads(json.dumps(d))
a["jobs"] = [j for j in a["jobs"] if j["id"] in (1, 2)]
a["vehicles"] = a["vehicles"][:1]
json.dump(a, open(t + "/plan_ok.json", "w"))
# service_before 32000 on job 1 (window opens 32400): lead time 400.
b = json.loads(json.dumps(a))
b["vehicles"][0]["steps"][1]["service_before"] = 32000
json.dump(b, open(t + "/plan_lead.json", "w"))
# capacity 1 < the 2 delivered by job 1, on board at the start: load.
c = json.loads(json.dumps(a))
c["vehicles"][0]["capacity"] = [1]
for j in c["jobs"]:
    j.pop("delivery", None)
    j.pop("pickup", None)
c["jobs"][0]["delivery"] = [2]
json.dump(c, open(t + "/plan_load.json", "w"))
# job 1 served at 32400 or later, job 2 (300 s service + 420 s later at the earliest) by 33000: impossible.
e = json.loads(json.dumps(a))
e["vehicles"][0]["steps"][1]["service_after"] = 32400
e["vehicles"][0]["steps"][2]["service_before"] = 33000
json.dump(e, open(t + "/plan_infeasible.json", "w"))
# an unknown job in the steps
f = json.loads(json.dumps(a))
f["vehicles"][0]["steps"][1]["id"] = 99
json.dump(f, open(t + "/plan_unknown.json", "w"))
# a job on a vehicle without its skill
g = json.loads(json.dumps(a))
g["jobs"][0]["skills"] = [7]
json.dump(g, open(t + "/plan_skills.json", "w"))
# shipments are not handled by plan mode yet
h = json.loads(json.dumps(a))
h["shipments"] = [{"pickup": {"id": 1, "location_index": 1}, "delivery": {"id": 2, "location_index": 2}}]
st = h["vehicles"][0]["steps"]
st[-1:-1] = [{"type": "delivery", "id": 2}, {"type": "pickup", "id": 1}]  # delivered first
json.dump(h, open(t + "/plan_ship.json", "w"))
# breaks: one left out of the steps (missing_break), one given as a step
i = json.loads(json.dumps(a))
i["vehicles"][0]["breaks"] = [{"id": 1, "service": 60}]
json.dump(i, open(t + "/plan_break.json", "w"))
j = json.loads(json.dumps(i))
j["vehicles"][0]["breaks"][0]["time_windows"] = [[33000, 34000]]
j["vehicles"][0]["breaks"][0]["max_load"] = [0]
j["vehicles"][0]["steps"].insert(1, {"type": "break", "id": 1})  # before job 1: its delivery on board
json.dump(j, open(t + "/plan_break_step.json", "w"))
k = json.loads(json.dumps(i))
k["vehicles"][0]["breaks"][0]["time_windows"] = [[33000, 34000]]
k["vehicles"][0]["steps"].insert(2, {"type": "break", "id": 1})
json.dump(k, open(t + "/plan_break_ok.json", "w"))
PY
run "plan mode, feasible steps" "$tmp/plan_ok.json" -c -i "$tmp/plan_ok.json"
run "plan mode through the vroom link, inline JSON" "$tmp/plan_ok.json" -c "$(cat "$tmp/plan_ok.json")"
if timeout 60 "$tmp/bin/vroom" -c -i "$tmp/plan_lead.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["routes"][0]["steps"][1]; sys.exit(0 if s["violations"] == [{"cause": "lead_time", "duration": 400}] and s["arrival"] == 32000 and d["summary"]["violations"] == [{"cause": "lead_time", "duration": 400}] else 1)'; then
    ok "plan mode: service_before forces a lead time of 400 s"
else
    bad "plan mode: lead time"
fi
if timeout 60 "$rondo" -c -i "$tmp/plan_load.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["routes"][0]["steps"]; sys.exit(0 if s[0]["violations"] == [{"cause": "load"}] and s[1]["violations"] == [] and d["routes"][0]["violations"] == [{"cause": "load"}] else 1)'; then
    ok "plan mode: load above capacity at the start"
else
    bad "plan mode: load"
fi
error_case "plan mode: hard bounds that cannot be met" 2 \
    "vehicles[0].steps[2]: infeasible route for vehicle 1: service must start by 33000 but cannot start before 33120" \
    -c -i "$tmp/plan_infeasible.json"
if timeout 60 "$rondo" -c -i "$tmp/plan_skills.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["routes"][0]["steps"][1]; sys.exit(0 if {"cause": "skills"} in s["violations"] and {"cause": "skills"} in d["summary"]["violations"] else 1)'; then
    ok "plan mode: a job on a vehicle without its skill"
else
    bad "plan mode: skills"
fi
if timeout 60 "$rondo" -c -i "$tmp/plan_ship.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); s=[x for x in d["routes"][0]["steps"] if x["type"] in ("pickup", "delivery")]; sys.exit(0 if [x["type"] for x in s] == ["delivery", "pickup"] and {"cause": "precedence"} in s[0]["violations"] and {"cause": "precedence"} in d["summary"]["violations"] else 1)'; then
    ok "plan mode: a shipment delivered before its pickup is a precedence violation"
else
    bad "plan mode: shipment precedence"
fi
run "plan mode, a break step without violations" "$tmp/plan_break_ok.json" -c -i "$tmp/plan_break_ok.json"
if timeout 60 "$rondo" -c -i "$tmp/plan_break.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); r=d["routes"][0]; sys.exit(0 if r["violations"] == [{"cause": "missing_break"}] and d["summary"]["violations"] == [{"cause": "missing_break"}] and all(s["violations"] == [] for s in r["steps"]) else 1)'; then
    ok "plan mode: a break left out of the steps is a missing_break of the route"
else
    bad "plan mode: missing_break"
fi
timeout 60 "$rondo" -c -i "$tmp/plan_break_step.json" >"$tmp/pb.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = d["routes"][0]["steps"]
b = [x for x in s if x["type"] == "break"]
i = s.index(b[0])
ok = (len(b) == 1 and b[0]["id"] == 1 and "location_index" not in b[0] and b[0]["service"] == 60
      and {"cause": "max_load"} in b[0]["violations"]
      and s[i + 1]["arrival"] >= b[0]["arrival"] + b[0]["waiting_time"] + 60
      and {"cause": "max_load"} in d["summary"]["violations"])
sys.exit(0 if ok else 1)' "$tmp/pb.json"; then
    ok "plan mode: a break step, scheduled without a location, its max_load checked"
else
    bad "plan mode: break step: $(head -c 600 "$tmp/pb.json")"
fi
error_case "plan mode: unknown job in steps" 2 "vehicles[0].steps[1].id: no job has id 99" -c -i "$tmp/plan_unknown.json"
if timeout 60 "$rondo" solve -c "$plan" -q | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["summary"]["violations"] == [{"cause": "delay", "duration": 200}] else 1)'; then
    ok "rondo solve -c: the same plan mode"
else
    bad "rondo solve -c"
fi

# VROOM's documented example (docs/API.md: two vehicles with breaks and
# skills, four jobs, a shipment; coordinates only) through the drop-in command
# line, offline: at the default urban speed some jobs are out of reach within
# the shifts, at 16 m/s (VROOM's example used OSRM's roads) all are served;
# check_plan.py checks both against the independently computed twin matrix.
ex="$src/tests/fixtures/json/vroom_api_example.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["options"]={"speeds":{"car":16}}; json.dump(d,open(sys.argv[2],"w"))' "$ex" "$tmp/ex_fast.json"
for variant in "$ex" "$tmp/ex_fast.json"; do
    name="VROOM API example$([ "$variant" = "$ex" ] || echo ', 16 m/s')"
    if timeout 60 "$tmp/bin/vroom" -i "$variant" >"$tmp/ex.out" 2>"$tmp/err" &&
        python3 "$src/tests/cli/geo_twin.py" "$variant" "$tmp/ex_twin.json"; then
        if [ -f "$checker" ]; then
            verdict="$(python3 "$checker" "$tmp/ex_twin.json" "$tmp/ex.out")"
            case "$verdict" in OK*) ok "$name: $verdict" ;; *) bad "$name: $verdict" ;; esac
        else
            ok "$name (check_plan.py not found)"
        fi
    else
        bad "$name: $(head -c 300 "$tmp/err")"
    fi
done
if python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["summary"]["unassigned"] == 0 else 1)' "$tmp/ex.out"; then
    ok "VROOM API example at 16 m/s: every job and the shipment served"
else
    bad "VROOM API example at 16 m/s: unassigned tasks"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
