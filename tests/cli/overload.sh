#!/usr/bin/env bash
# Over-constrained days: when the fleet cannot serve every stop, rondo must
# serve the right ones (VROOM's order: the most priority, then the most
# stops, then the least cost) and say truly why the others are out.
#  1. Small instances (9 jobs, 2 vehicles, loads and windows that cannot all
#     fit, priorities on some) whose optimum in VROOM's order is found here
#     by brute force over every subset of jobs and every order: rondo's plan
#     (fixed seed, iteration budget) must reach the same (priority, served,
#     cost). The brute force and the plan's recomputation are this script's
#     own arithmetic (VROOM's: travel + service, earliest start, cost = the
#     routes' travel durations), independent of rondo.
#  2. Reasons: one job fits no vehicle (its amount exceeds every capacity),
#     one only loses to the others (it fits alone but the truck is full):
#     "no room left in the plan: ... too much on board ...", which must be
#     true of the returned plan (its load plus the job's exceeds the
#     capacity); "optional: its prize does not pay for its detour" only for
#     an optional job that fits somewhere.
# Plans also go through ../shared/tools/check_plan.py when it is there.
# usage: bash tests/cli/overload.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: overload.sh <rondo-binary> <source-dir>}"
src="${2:?usage: overload.sh <rondo-binary> <source-dir>}"
checker="$src/../shared/tools/check_plan.py"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

check() { # name input answer
    if [ -f "$checker" ]; then
        local verdict
        verdict="$(python3 "$checker" "$2" "$3")"
        case "$verdict" in
        OK*) ok "$1: check_plan.py $verdict" ;;
        *) bad "$1: check_plan.py: $verdict" ;;
        esac
    fi
}

# ---- 1. the optimal served set, by brute force ----
cat >"$tmp/brute.py" <<'PY'
"""make SEED OUT | best IN | plan IN ANSWER: a random over-constrained
instance, its optimum in VROOM's order by brute force, or the (priority,
served, cost) of an answer recomputed from the input."""
import itertools, json, random, sys


def make(seed, out):
    rnd = random.Random(seed)
    n = 9
    pts = [(50, 50)] + [(rnd.randint(0, 100), rnd.randint(0, 100)) for _ in range(n)]
    D = [[int(round(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 * 10)) for b in pts] for a in pts]
    jobs = []
    for j in range(n):
        job = {"id": j + 1, "location_index": j + 1, "service": 60, "pickup": [rnd.randint(2, 6)]}
        if rnd.random() < 0.4:
            a = rnd.randint(0, 1500)
            job["time_windows"] = [[a, a + rnd.randint(200, 600)]]
        if seed % 2 == 1 and j % 4 == 0:
            job["priority"] = 10
        jobs.append(job)
    d = {"vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "capacity": [10], "time_window": [0, 3000]},
                      {"id": 2, "start_index": 0, "end_index": 0, "capacity": [8], "time_window": [0, 3000]}],
         "jobs": jobs, "matrices": {"car": {"durations": D, "distances": D}},
         "options": {"seed": 1, "iterations": 400}}
    json.dump(d, open(out, "w"))


def route_cost(d, v, seq):
    """Travel duration of vehicle v serving seq, or None when infeasible."""
    D = d["matrices"]["car"]["durations"]
    veh = d["vehicles"][v]
    if sum(d["jobs"][j]["pickup"][0] for j in seq) > veh["capacity"][0]:
        return None
    t, loc, travel = veh["time_window"][0], veh["start_index"], 0
    for j in seq:
        job = d["jobs"][j]
        t += D[loc][job["location_index"]]
        travel += D[loc][job["location_index"]]
        loc = job["location_index"]
        tws = job.get("time_windows", [[0, 10 ** 9]])
        starts = [max(t, a) for a, b in tws if t <= b]
        if not starts:
            return None
        t = min(starts) + job["service"]
    t += D[loc][veh["end_index"]]
    travel += D[loc][veh["end_index"]]
    return travel if t <= veh["time_window"][1] else None


def best_route(d, v, subset, memo):
    key = (v, subset)
    if key not in memo:
        best = None
        for perm in itertools.permutations(subset):
            c = route_cost(d, v, perm)
            if c is not None and (best is None or c < best):
                best = c
        memo[key] = best
    return memo[key]


def best(path):
    d = json.load(open(path))
    n = len(d["jobs"])
    prio = [d["jobs"][j].get("priority", 0) for j in range(n)]
    memo, top = {}, None
    for assign in itertools.product(range(3), repeat=n):  # 0: out, 1: vehicle 1, 2: vehicle 2
        total, ok = 0, True
        for v in (0, 1):
            subset = tuple(j for j in range(n) if assign[j] == v + 1)
            if not subset:
                continue
            c = best_route(d, v, subset, memo)
            if c is None:
                ok = False
                break
            total += c
        if not ok:
            continue
        served = [j for j in range(n) if assign[j]]
        key = (-sum(prio[j] for j in served), -len(served), total)
        if top is None or key < top:
            top = key
    print(-top[0], -top[1], top[2])


def plan(path, answer):
    d = json.load(open(path))
    a = json.load(open(answer))
    index = {job["id"]: j for j, job in enumerate(d["jobs"])}
    total, served, pr = 0, 0, 0
    for r in a["routes"]:
        v = [x["id"] for x in d["vehicles"]].index(r["vehicle"])
        seq = [index[s["id"]] for s in r["steps"] if s["type"] == "job"]
        c = route_cost(d, v, seq)
        if c is None:
            print("infeasible route of vehicle", r["vehicle"])
            return
        total += c
        served += len(seq)
        pr += sum(d["jobs"][j].get("priority", 0) for j in seq)
    print(pr, served, total)


if sys.argv[1] == "make":
    make(int(sys.argv[2]), sys.argv[3])
elif sys.argv[1] == "best":
    best(sys.argv[2])
else:
    plan(sys.argv[2], sys.argv[3])
PY

for seed in 1 2 3 4 5 6; do
    in="$tmp/brute$seed.json"
    python3 "$tmp/brute.py" make "$seed" "$in"
    want="$(python3 "$tmp/brute.py" best "$in")"
    if ! timeout 120 "$rondo" solve "$in" -q -o "$tmp/ans$seed.json" 2>"$tmp/err"; then
        bad "brute force $seed: rondo failed: $(head -c 300 "$tmp/err")"
        continue
    fi
    got="$(python3 "$tmp/brute.py" plan "$in" "$tmp/ans$seed.json")"
    summary="$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["priority"], 9 - s["unassigned"], s["cost"])' "$tmp/ans$seed.json")"
    if [ "$got" = "$want" ] && [ "$summary" = "$want" ]; then
        ok "brute force $seed: priority, served, cost = $want"
    else
        bad "brute force $seed: optimum $want, rondo's plan recomputed $got, reported $summary"
    fi
    check "brute force $seed" "$in" "$tmp/ans$seed.json"
done

# ---- 2. reasons that stay true ----
python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
#          depot    A (too big)  B (far)   C (near)  D (near)  E (optional, far, small prize)
pts = [(0, 0), (10, 0), (80, 0), (0, 10), (0, -10), (0, 90)]
D = [[int(round(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 * 10)) for b in pts] for a in pts]
jobs = [{"id": 1, "location_index": 1, "pickup": [20], "description": "fits no vehicle"},
        {"id": 2, "location_index": 2, "pickup": [4], "description": "loses to the others"},
        {"id": 3, "location_index": 3, "pickup": [4]},
        {"id": 4, "location_index": 4, "pickup": [4]},
        {"id": 5, "location_index": 5, "pickup": [1], "prize": 5, "description": "does not pay"}]
d = {"vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "capacity": [9]}], "jobs": jobs,
     "matrices": {"car": {"durations": D, "distances": D}}, "options": {"seed": 1, "iterations": 100}}
json.dump(d, open(t + "/reasons.json", "w"))
PY
if timeout 60 "$rondo" solve "$tmp/reasons.json" -q -o "$tmp/reasons.out.json" 2>"$tmp/err"; then
    if python3 - "$tmp/reasons.json" "$tmp/reasons.out.json" <<'PY'; then
import json, sys
d = json.load(open(sys.argv[1])); a = json.load(open(sys.argv[2]))
why = {u["id"]: u["reason"] for u in a["unassigned"]}
pick = {j["id"]: j["pickup"][0] for j in d["jobs"]}
served = [s["id"] for r in a["routes"] for s in r["steps"] if s["type"] == "job"]
on_board = sum(pick[i] for i in served)
cap = d["vehicles"][0]["capacity"][0]
fails = []
if sorted(served) != [3, 4]:
    fails.append("served %s, expected the two near jobs 3 and 4" % sorted(served))
if "exceeds" not in why.get(1, "") or "capacity" not in why.get(1, ""):
    fails.append("job 1: %r" % why.get(1))
r2 = why.get(2, "")
if not r2.startswith("no room left in the plan") or "too much on board" not in r2:
    fails.append("job 2: %r" % r2)
elif on_board + pick[2] <= cap:  # the reason must be true of this plan
    fails.append("job 2 said full, but %d + %d fits in %d" % (on_board, pick[2], cap))
if why.get(5) != "optional: its prize does not pay for its detour":
    fails.append("job 5: %r" % why.get(5))
elif on_board + pick[5] > cap:  # it fits somewhere: load, and no window or shift
    fails.append("job 5 said not paying but does not fit")
print("; ".join(fails) if fails else "reasons: %s" % why)
sys.exit(1 if fails else 0)
PY
        ok "reasons: fits nowhere / loses to others / does not pay, each true of the plan"
    else
        bad "reasons"
    fi
    check "reasons" "$tmp/reasons.json" "$tmp/reasons.out.json"
else
    bad "reasons: rondo failed: $(head -c 300 "$tmp/err")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
