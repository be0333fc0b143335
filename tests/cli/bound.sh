#!/usr/bin/env bash
# End-to-end test of `rondo solve --bound` (solver/cg.h): column generation's
# lower bound in the .sol's comments and the JSON summary.
#   - C101-25, X-n101-k25-first20 and R201-18 (proven optima 191.3, 7308 and
#     371.0, README "Layout"): a bound at most the optimum, the plan accepted
#     by check_solution.py; on R201-18 the bound is also at most the cost
#     --exact proves;
#   - --exact where the route enumeration is out of reach: column generation
#     proves RC201-25 and R201-25 (with its subset-row cuts) at their optima
#     360.2 and 463.3, and bounds C204-25 below 213.1, saying it is not
#     proven;
#   - JSON with options.bound: summary.lower_bound <= summary.cost and
#     summary.gap, the plan accepted by check_plan.py; serve the same;
#   - a plan that leaves tasks out: no bound, said so (exit 0);
#   - models the bound does not cover (breaks, reloads): exit 2 naming them;
#   - --bound-share out of range: exit 2.
# Ends with `N passed, M failed`; exits 1 on failure.
# usage: bash tests/cli/bound.sh <rondo-binary> <source-dir>
set -u
rondo="$(realpath "${1:?usage: bound.sh <rondo-binary> <source-dir>}")"
src="${2:?usage: bound.sh <rondo-binary> <source-dir>}"
tools="$src/../shared/tools"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
. "$src/tests/lib/checks.sh"

# bound_of SOL: the lower bound of a .sol's "# bound:" line (empty: none)
bound_of() { sed -n 's/^# bound: lower bound \([0-9.]*\),.*/\1/p' "$1"; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 <= b + 0) }'; }

for spec in "C101-25.txt 191.3 trunc1" "X-n101-k25-first20.vrp 7308 nint" "R201-18.txt 371.0 trunc1"; do
    set -- $spec
    name=${1%.*}
    "$rondo" solve "$src/instances/$1" --bound --iterations 100 -q -o "$tmp/$name.sol"
    rc=$?
    b=$(bound_of "$tmp/$name.sol")
    expect "$1: --bound exits 0 with a bound ($b) <= the optimum $2 ($(grep '^# bound' "$tmp/$name.sol"))" \
        "$([ $rc = 0 ] && le "$b" "$2"; echo $?)"
    check_sol "$1 with --bound" "$src/instances/$1" "$tmp/$name.sol" "$3"
done
"$rondo" solve "$src/instances/R201-18.txt" --exact -l 60 -q -o "$tmp/exact.sol"
ex=$(sed -n 's/^Cost //p' "$tmp/exact.sol")
expect "R201-18: the bound ($(bound_of "$tmp/R201-18.sol")) <= the cost --exact proves ($ex)" \
    "$(le "$(bound_of "$tmp/R201-18.sol")" "$ex"; echo $?)"

# --exact beyond the route enumeration's reach: column generation at the
# root proves RC201.25 (optimum 360.2) and R201.25 (463.3, with its cuts),
# and bounds C204.25 (213.1) unproven
"$rondo" solve "$src/instances/RC201-25.txt" --exact -l 60 -q -o "$tmp/rc201.sol"
rc=$?
expect "RC201-25 --exact: optimal 360.2 by column generation ($(grep -m1 '^# exact' "$tmp/rc201.sol"))" \
    "$([ $rc = 0 ] && grep -q '^# exact: optimal (lower bound 360.2 = cost, by column generation)$' \
        "$tmp/rc201.sol" && grep -q '^Cost 360.2$' "$tmp/rc201.sol"; echo $?)"
check_sol "RC201-25 --exact" "$src/instances/RC201-25.txt" "$tmp/rc201.sol" trunc1
"$rondo" solve "$src/instances/R201-25.txt" --exact -l 60 -q -o "$tmp/r201.sol"
rc=$?
expect "R201-25 --exact: optimal 463.3 by column generation" \
    "$([ $rc = 0 ] && grep -q '^# exact: optimal (lower bound 463.3 = cost, by column generation)$' \
        "$tmp/r201.sol" && grep -q '^Cost 463.3$' "$tmp/r201.sol"; echo $?)"
check_sol "R201-25 --exact" "$src/instances/R201-25.txt" "$tmp/r201.sol" trunc1
"$rondo" solve "$src/instances/C204-25.txt" --exact -l 30 -q -o "$tmp/c204.sol"
rc=$?
b=$(sed -n 's/^# exact: lower bound \([0-9.]*\), gap .* (column generation; not proven)$/\1/p' "$tmp/c204.sol")
expect "C204-25 --exact: a bound ($b) <= the optimum 213.1, said not proven" \
    "$([ $rc = 0 ] && le "$b" 213.1; echo $?)"
check_sol "C204-25 --exact" "$src/instances/C204-25.txt" "$tmp/c204.sol" trunc1

# JSON: options.bound, and --bound
small="$src/tests/fixtures/json/small.json"
python3 - "$small" "$tmp/small_b.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d.setdefault("options", {})["bound"] = True
json.dump(d, open(sys.argv[2], "w"))
PY
for how in "options.bound:$tmp/small_b.json:" "--bound:$small:--bound"; do
    IFS=: read -r label input flag <<<"$how"
    "$rondo" solve "$input" $flag --iterations 50 -q -o "$tmp/ans.json"
    rc=$?
    v=$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
ok = isinstance(s.get("lower_bound"), int) and s["lower_bound"] <= s["cost"] and isinstance(s.get("gap"), float)
print("ok" if ok else "bad", s.get("lower_bound"), s["cost"], s.get("gap"))' "$tmp/ans.json")
    expect "JSON with $label: summary.lower_bound <= cost, gap ($v)" "$([ $rc = 0 ] && [ "${v%% *}" = ok ]; echo $?)"
    check_json "JSON with $label" "$input" "$tmp/ans.json"
done
printf '%s\n' "$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$tmp/small_b.json")" |
    "$rondo" serve --iterations 20 -q >"$tmp/serve.out"
expect "serve with options.bound: lower_bound in the answer" \
    "$(grep -q '"lower_bound":[0-9]' "$tmp/serve.out"; echo $?)"

# a plan that leaves tasks out: no bound, and why
"$rondo" generate --stations 40 --tradeins 10 --trucks 1 --vans 1 --seed 5 --matrix --no-reloads \
    -o "$tmp/over.json"
python3 - "$tmp/over.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for v in d["vehicles"]:
    v.pop("skills", None)
    v.pop("breaks", None)
for j in d["jobs"]:
    j.pop("skills", None)
json.dump(d, open(sys.argv[1], "w"))
PY
"$rondo" solve "$tmp/over.json" --bound --iterations 20 -q -o "$tmp/over.ans.json"
rc=$?
expect "a plan leaving tasks out: exit 0, lower_bound null" \
    "$([ $rc = 0 ] && grep -q '"lower_bound":null' "$tmp/over.ans.json"; echo $?)"

# refused models
"$rondo" solve "$src/instances/city-example.json" --bound --iterations 5 -q -o "$tmp/city.json" 2>"$tmp/err"
rc=$?
expect "city (breaks, reloads) with --bound: exit 2 naming the feature ($(cat "$tmp/err"))" \
    "$([ $rc = 2 ] && grep -q -- '--bound: not supported yet for models with' "$tmp/err"; echo $?)"
"$rondo" solve "$src/instances/C101-25.txt" --bound --bound-share 1.5 -q 2>"$tmp/err" >/dev/null
rc=$?
expect "--bound-share 1.5: exit 2" "$([ $rc = 2 ] && grep -q 'bound-share' "$tmp/err"; echo $?)"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
