#!/usr/bin/env bash
# Every command runs the same run (solver/run.h): one instance through
# `solve`, `bench`, batch (`solve --out-dir`) and `serve` with the same seed
# and iteration budget gives the same plan, and the figures each prints (the
# .sol's Cost line and comments, bench's table row, the batch line, the JSON
# summary) agree.
# usage: bash tests/cli/one_run.sh <rondo-binary> <source-dir>
set -u
rondo="${1:?usage: one_run.sh <rondo-binary> <source-dir>}"
src="${2:?usage: one_run.sh <rondo-binary> <source-dir>}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
expect() { if [ "$2" = 0 ]; then ok "$1"; else bad "$1"; fi; }
RUN=(--seed 3 --iterations 150 --threads 2)

# ---- a benchmark file: solve, bench, batch ----
vrp=X-n101-k25-first20
cp "$src/instances/$vrp.vrp" "$tmp/"
"$rondo" solve "$tmp/$vrp.vrp" "${RUN[@]}" -q -o "$tmp/solve.sol"
printf '%s.vrp\n' "$vrp" >"$tmp/list.txt"
printf 'set,instance,bks_cost,bks_vehicles,proven_optimal,convention,source\n' >"$tmp/bks.csv"
printf '.,%s,100,1,no,nint,test\n' "$vrp" >>"$tmp/bks.csv"
"$rondo" bench "$tmp/list.txt" --dir "$tmp" --bks "$tmp/bks.csv" "${RUN[@]}" --out "$tmp/bench" \
    >"$tmp/bench.txt" 2>/dev/null
"$rondo" solve "$tmp/$vrp.vrp" --out-dir "$tmp/batch" "${RUN[@]}" 2>"$tmp/batch.err"
routes() { grep '^Route' "$1"; }
cost_of() { sed -n 's/^Cost //p' "$1"; }
expect "solve and bench: the same routes" "$(cmp -s <(routes "$tmp/solve.sol") <(routes "$tmp/bench/$vrp.sol"); echo $?)"
expect "solve and batch: the same routes" "$(cmp -s <(routes "$tmp/solve.sol") <(routes "$tmp/batch/$vrp.sol"); echo $?)"
c=$(cost_of "$tmp/solve.sol")
expect "solve and bench: the same Cost line ($c)" "$([ -n "$c" ] && [ "$c" = "$(cost_of "$tmp/bench/$vrp.sol")" ]; echo $?)"
expect "bench's row shows that cost" "$(awk -v n="$vrp" -v c="$c" '$1 == n && $3 == c { f = 1 } END { exit !f }' "$tmp/bench.txt"; echo $?)"
expect "the batch line shows that cost" "$(grep -q "cost $c," "$tmp/batch.err"; echo $?)"
expect "solve and bench: the same comments but the first" \
    "$(cmp -s <(grep '^#' "$tmp/solve.sol" | grep -v '^# rondo:') <(grep '^#' "$tmp/bench/$vrp.sol" | grep -v '^# rondo:'); echo $?)"

# ---- --exact: the bound in the .sol and the gap it implies ----
"$rondo" solve "$tmp/$vrp.vrp" "${RUN[@]}" --exact -l 30 -q -o "$tmp/exact.sol"
lb=$(sed -n 's/^# exact: optimal (lower bound \([0-9.]*\) = cost)$/\1/p' "$tmp/exact.sol")
expect "--exact: the .sol says optimal with its bound = its Cost ($lb)" \
    "$([ -n "$lb" ] && [ "$lb" = "$(cost_of "$tmp/exact.sol")" ]; echo $?)"

# ---- JSON: solve, batch, serve ----
"$rondo" generate --stations 40 --tradeins 12 --trucks 1 --vans 1 --seed 2 --matrix --no-reloads \
    -o "$tmp/city.json"
"$rondo" solve "$tmp/city.json" "${RUN[@]}" -q -o "$tmp/solve.json"
"$rondo" solve "$tmp/city.json" --out-dir "$tmp/jbatch" "${RUN[@]}" 2>"$tmp/jbatch.err"
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$tmp/city.json" |
    "$rondo" serve "${RUN[@]}" -q >"$tmp/serve.json"
python3 - "$tmp/solve.json" "$tmp/jbatch/city.json" "$tmp/serve.json" "$tmp/jbatch.err" <<'EOF' >"$tmp/json.txt"
import json, re, sys
plans = []
for p in sys.argv[1:4]:
    a = json.load(open(p))
    a["summary"].pop("computing_times", None)
    plans.append(a)
same = plans[0] == plans[1] == plans[2]
cost = plans[0]["summary"]["cost"]
line = open(sys.argv[4]).read()
print("same" if same else "differ", "line-ok" if re.search(r"cost %d," % cost, line) else "line-bad",
      len(plans[0]["routes"]), plans[0]["summary"]["unassigned"])
EOF
read -r same line nroutes nun <"$tmp/json.txt"
expect "JSON: solve, batch and serve answer the same plan and summary ($nroutes routes, $nun unassigned)" \
    "$([ "$same" = same ]; echo $?)"
expect "JSON: the batch line shows the summary's cost" "$([ "$line" = line-ok ]; echo $?)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
