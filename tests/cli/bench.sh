#!/usr/bin/env bash
# End-to-end test of `rondo bench` on the bundled instances.
# usage: bash tests/cli/bench.sh <rondo-binary> <source-dir>
# Prints `N passed, M failed`; exits 1 when any check failed.
set -u

rondo="${1:?usage: bench.sh <rondo-binary> <source-dir>}"
src="${2:?usage: bench.sh <rondo-binary> <source-dir>}"
inst="$src/instances"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
check() { # check NAME COMMAND...: passes when the command succeeds
    local name="$1"
    shift
    if "$@"; then ok "$name"; else bad "$name"; fi
}

cat >"$tmp/list.txt" <<'EOF'
# bundled instances
X-n101-k25.vrp

C101.txt   # Solomon, DIMACS convention
EOF
cat >"$tmp/bks.csv" <<'EOF'
set,instance,bks_cost,bks_vehicles,proven_optimal,convention,source
cvrp/X,X-n101-k25,27591,26,yes,nint,"CVRPLIB BKS, test copy"
vrptw/solomon,C101,827.3,10,unknown,dimacs,CVRPLIB BKS
EOF

run_bench() { # run_bench OUTFILE EXTRA-ARGS...: runs bench on the list, returns its exit code
    local out="$1"
    shift
    "$rondo" bench "$tmp/list.txt" --dir "$inst" --bks "$tmp/bks.csv" --iterations 50 --seed 1 "$@" \
        >"$out" 2>"$out.err"
}

# ---- the main run ----
run_bench "$tmp/table.txt" --out "$tmp/sol"
rc=$?
check "bench exits 0 (got $rc)" test "$rc" -eq 0
echo "--- table"
cat "$tmp/table.txt"
echo "---"

row_x="$(grep -E '^X-n101-k25 ' "$tmp/table.txt")"
row_c="$(grep -E '^C101 ' "$tmp/table.txt")"
check "X-n101-k25 row present" test -n "$row_x"
check "C101 row present" test -n "$row_c"

# columns: instance n cost BKS gap routes (BKS) seconds feasible
field() { printf '%s\n' "$1" | awk -v k="$2" '{print $k}'; }
is_number() { [[ "$1" =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; }
matches() { [[ "$1" =~ $2 ]]; }
for row in "$row_x" "$row_c"; do
    name="$(field "$row" 1)"
    [ -n "$name" ] || continue
    check "$name feasible" test "$(field "$row" 9)" = "yes"
    check "$name gap numeric ($(field "$row" 5))" is_number "$(field "$row" 5)"
    check "$name routes numeric" is_number "$(field "$row" 6)"
    check "$name seconds numeric" is_number "$(field "$row" 8)"
done
check "X-n101-k25 n = 100" test "$(field "$row_x" 2)" = "100"
check "X-n101-k25 BKS 27591" test "$(field "$row_x" 4)" = "27591"
check "X-n101-k25 cost is an integer (nint)" matches "$(field "$row_x" 3)" '^[0-9]+$'
check "C101 BKS 827.3" test "$(field "$row_c" 4)" = "827.3"
check "C101 cost has one decimal (trunc1)" matches "$(field "$row_c" 3)" '^[0-9]+\.[0-9]$'
check "summary says feasible 2/2" grep -q '^feasible 2/2$' "$tmp/table.txt"
check "average gap line" grep -qE '^average gap -?[0-9]+\.[0-9]+ %' "$tmp/table.txt"
check "stdout has no log lines" test -z "$(grep '^rondo:' "$tmp/table.txt")"

# ---- --out: one .sol per instance, with comments and the cost of the table ----
for name in X-n101-k25 C101; do
    sol="$tmp/sol/$name.sol"
    check "$name.sol written" test -s "$sol"
    check "$name.sol has Route lines" grep -q '^Route #1:' "$sol"
    check "$name.sol names the run's seed" grep -q '^# rondo: .*, seed 1, ' "$sol"
done
cost_x="$(field "$row_x" 3)"
check "X-n101-k25.sol cost matches the table" grep -qE "^Cost:? $cost_x\$" "$tmp/sol/X-n101-k25.sol"
checker="$src/../shared/tools/check_solution.py"
if command -v python3 >/dev/null && [ -r "$checker" ]; then
    check "outside checker accepts X-n101-k25.sol" \
        python3 "$checker" "$inst/X-n101-k25.vrp" "$tmp/sol/X-n101-k25.sol" --round nint
    check "outside checker accepts C101.sol" \
        python3 "$checker" "$inst/C101.txt" "$tmp/sol/C101.sol" --round trunc1
fi

# ---- --checker: the outside checker's verdict is a column, and a rejection counts ----
if command -v python3 >/dev/null && [ -r "$checker" ]; then
    run_bench "$tmp/tc.txt" --out "$tmp/solc" --checker "$checker"
    rc=$?
    check "bench --checker exits 0 (got $rc)" test "$rc" -eq 0
    check "the checker's verdict is in the X-n101-k25 row" grep -qE '^X-n101-k25 .* yes +OK cost=' "$tmp/tc.txt"
    check "the checker's verdict is in the C101 row" grep -qE '^C101 .* yes +OK cost=' "$tmp/tc.txt"
fi
printf 'import sys\nprint("INFEASIBLE fake rejection of", sys.argv[2])\nsys.exit(1)\n' >"$tmp/reject.py"
run_bench "$tmp/tr.txt" --out "$tmp/solr" --checker "$tmp/reject.py"
rc=$?
check "a checker rejection gives exit 1 (got $rc)" test "$rc" -eq 1
check "a checker rejection shows in the row" grep -qE '^C101 .* NO \(see check\) +INFEASIBLE fake' "$tmp/tr.txt"
check "a checker rejection counts as infeasible" grep -q '^feasible 0/2$' "$tmp/tr.txt"
"$rondo" bench "$tmp/list.txt" --checker "$tmp/reject.py" >/dev/null 2>&1
rc=$?
check "--checker without --out gives exit 2 (got $rc)" test "$rc" -eq 2

# ---- same seed and budget, other thread count: same costs ----
run_bench "$tmp/table1.txt" --threads 1
rc=$?
check "bench --threads 1 exits 0 (got $rc)" test "$rc" -eq 0
costs() { awk '$1 == "X-n101-k25" || $1 == "C101" {print $1, $3}' "$1"; }
check "costs do not depend on the thread count" test "$(costs "$tmp/table.txt")" = "$(costs "$tmp/table1.txt")"

# ---- errors ----
printf 'X-n101-k25.vrp\nno-such-instance.vrp\n' >"$tmp/list2.txt"
"$rondo" bench "$tmp/list2.txt" --dir "$inst" --bks "$tmp/bks.csv" --iterations 20 >"$tmp/t2.txt" 2>/dev/null
rc=$?
check "an unreadable instance gives exit 1 (got $rc)" test "$rc" -eq 1
check "an unreadable instance gets an ERROR row" grep -q '^no-such-instance .*ERROR' "$tmp/t2.txt"
check "the other instance is still solved" grep -qE '^X-n101-k25 .* yes ' "$tmp/t2.txt"
check "summary says feasible 1/2" grep -q '^feasible 1/2$' "$tmp/t2.txt"

"$rondo" bench "$tmp/no-such-list.txt" >/dev/null 2>&1
rc=$?
check "an unreadable LIST gives exit 2 (got $rc)" test "$rc" -eq 2
"$rondo" bench "$tmp/list.txt" --no-such-option >/dev/null 2>&1
rc=$?
check "an unknown option gives exit 2 (got $rc)" test "$rc" -eq 2
"$rondo" bench "$tmp/list.txt" --iterations 12x >/dev/null 2>&1
rc=$?
check "a malformed number gives exit 2 (got $rc)" test "$rc" -eq 2
"$rondo" bench "$tmp/list.txt" --factor 0.01 -l 1 >/dev/null 2>&1
rc=$?
check "--factor with -l gives exit 2 (got $rc)" test "$rc" -eq 2
"$rondo" bench --help >"$tmp/help.txt" 2>&1
rc=$?
check "--help exits 0 (got $rc)" test "$rc" -eq 0
check "--help prints the usage" grep -q '^usage: rondo bench LIST' "$tmp/help.txt"

# SIGINT during the first of three 30-second instances: that instance ends
# with its best plan, its row and the summary are printed, exit 130, and the
# other instances are not started.
printf 'X-n101-k25.vrp\nC101.txt\nX-n101-k25.vrp\n' >"$tmp/list3.txt"
start=$(date +%s%N)
"$rondo" bench "$tmp/list3.txt" --dir "$inst" --bks "$tmp/bks.csv" -l 30 --threads 1 \
    --out "$tmp/sig" >"$tmp/sig.txt" 2>"$tmp/sig.err" &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "SIGINT: exit 130 within 5 s (got $rc after $ms ms)" test "$rc" -eq 130 -a "$ms" -lt 5000
check "SIGINT: the running instance's row is printed" grep -qE '^X-n101-k25 .* yes ' "$tmp/sig.txt"
check "SIGINT: the summary says so" grep -q '^interrupted by signal 2: 1 of 3 instances run' "$tmp/sig.txt"
check "SIGINT: its plan is written" test -s "$tmp/sig/X-n101-k25.sol"
check "SIGINT: the other instances are not started" test "$(grep -c '^C101 ' "$tmp/sig.txt")" -eq 0

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
