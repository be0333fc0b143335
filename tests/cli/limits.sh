#!/usr/bin/env bash
# End-to-end test of the input size limits (io/limits.h): inputs that
# declare or carry more locations, vehicles or matrix bytes than allowed are
# refused with an input error (exit 2, or {"code":2} in serve) that names the
# line or JSON path and the flag, before anything is allocated for them; the
# flags --max-locations, --max-vehicles and --max-matrix-bytes of `solve` and
# `serve` move the limits. Ends with `N passed, M failed`; exits 1 on failure.
# usage: bash tests/cli/limits.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: limits.sh <rondo-binary> <source-dir>}"
src="${2:?usage: limits.sh <rondo-binary> <source-dir>}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# refuse NAME WANT-MESSAGE ARGS...: rondo solve ARGS exits 2 with exactly
# "rondo: error: WANT-MESSAGE" on stderr.
refuse() {
    local name="$1" want="$2" rc
    shift 2
    "$rondo" solve "$@" -q >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -eq 2 ] && grep -qxF "rondo: error: $want" "$tmp/err"; then
        ok "$name"
    else
        bad "$name: exit $rc, stderr:"
        sed 's/^/     | /' "$tmp/err" | head -3
    fi
}

printf 'NAME : huge\nTYPE : CVRP\nDIMENSION : 2000000000\nCAPACITY : 10\n' >"$tmp/huge.vrp"
refuse "DIMENSION 2000000000" \
    "$tmp/huge.vrp:3: DIMENSION 2000000000 exceeds the limit of 1000000 locations (--max-locations)" \
    "$tmp/huge.vrp"
refuse "X-n101-k25 under --max-locations 100" \
    "$src/instances/X-n101-k25.vrp:4: DIMENSION 101 exceeds the limit of 100 locations (--max-locations)" \
    "$src/instances/X-n101-k25.vrp" --max-locations 100
refuse "X-n101-k25 under --max-matrix-bytes 80000 --matrix dense" \
    "$src/instances/X-n101-k25.vrp:4: DIMENSION 101 needs a travel matrix of 81608 bytes, over the limit of 80000 (--max-matrix-bytes)" \
    "$src/instances/X-n101-k25.vrp" --max-matrix-bytes 80000 --matrix dense
refuse "--matrix sparse" "solve: --matrix: expected auto, dense or on-demand, got 'sparse' (try rondo solve --help)" \
    "$src/instances/X-n101-k25.vrp" --matrix sparse
refuse "C101 under --max-vehicles 10" \
    "$src/instances/C101.txt:5: vehicle NUMBER 25 out of range 1..10 (--max-vehicles)" \
    "$src/instances/C101.txt" --max-vehicles 10
refuse "C101 under --max-locations 50" \
    "$src/instances/C101.txt:60: more than 50 rows (locations, --max-locations)" \
    "$src/instances/C101.txt" --max-locations 50
refuse "--max-locations 0" "solve: --max-locations: expected an integer in [1, 100000000], got '0' (try rondo solve --help)" \
    "$src/instances/C101.txt" --max-locations 0

"$rondo" solve "$src/instances/X-n101-k25.vrp" --max-locations 101 --max-matrix-bytes 81608 \
    --iterations 5 -q -o "$tmp/x.sol" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ -s "$tmp/x.sol" ] && ok "X-n101-k25 at exactly its size: solved" || bad "X-n101-k25 at its size: exit $rc"

# JSON: a matrix of 100,000 rows; a limit on vehicles; the answer is {"code":2,...}
python3 -c '
import json, sys
n = 100000
print("{\"vehicles\":[{\"id\":1,\"start_index\":0}],\"jobs\":[{\"id\":1,\"location_index\":1}],\"matrix\":[" + ",".join(["[0]"] * n) + "]}")
' >"$tmp/rows.json"
refuse "JSON matrix of 100000 rows" \
    "matrix: 100000 rows need a travel matrix of 80000000000 bytes, over the limit of 4294967296 (--max-matrix-bytes)" "$tmp/rows.json"
if grep -qF '"code": 2' "$tmp/out" || grep -qF '"code":2' "$tmp/out"; then ok "JSON: error answer on stdout"; else bad "JSON: answer $(head -c 200 "$tmp/out")"; fi
small="$src/tests/fixtures/json/small.json"
refuse "JSON under --max-vehicles 1" "vehicles: 2 vehicles, over the limit of 1 (--max-vehicles)" \
    "$small" --max-vehicles 1
refuse "JSON under --max-matrix-bytes 1000" \
    "matrices: 11 locations and 2 vehicle profiles need 5808 bytes of travel matrices, over the limit of 1000 (--max-matrix-bytes)" \
    "$small" --max-matrix-bytes 1000

# A JSON city with coordinates only: its distinct locations count, dense
# matrices are refused above the limit, and on-demand travel gives the plan
# of dense matrices (the same values; computing_times aside)
city="$src/instances/city-example.json"
refuse "city under --max-locations 50" \
    "input: 344 distinct locations, over the limit of 50 (--max-locations)" \
    "$city" --max-locations 50
refuse "city under --matrix dense --max-matrix-bytes 1000" \
    "input: 344 locations need travel matrices of 946688 bytes each, over the limit of 1000 (--max-matrix-bytes; --matrix on-demand computes travel instead)" \
    "$city" --matrix dense --max-matrix-bytes 1000
for mode in dense on-demand; do
    "$rondo" solve "$city" --matrix "$mode" --iterations 300 --seed 3 -t 2 -q -o "$tmp/city-$mode.json" 2>"$tmp/err" ||
        bad "city --matrix $mode: exit $?"
done
if python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for x in (a, b):
    x["summary"].pop("computing_times")
sys.exit(0 if a == b and a["summary"].get("distance", 0) > 0 else 1)' "$tmp/city-dense.json" "$tmp/city-on-demand.json"; then
    ok "city: --matrix on-demand gives the plan of --matrix dense, distances reported"
else
    bad "city: on-demand and dense plans differ"
fi

# serve: the limit answers the request with code 2 and the next one is answered
req="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["id"]=7; print(json.dumps(d))' "$small")"
printf '%s\n%s\n' "$req" "$req" | "$rondo" serve --max-locations 10 --iterations 5 -q >"$tmp/ans" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(wc -l <"$tmp/ans")" -eq 2 ] &&
    head -1 "$tmp/ans" | grep -qF '{"id":7,"code":2,"error":"matrices.car.durations: 11 rows, over the limit of 10 locations (--max-locations)"}'; then
    ok "serve --max-locations: code 2 answers, service goes on"
else
    bad "serve --max-locations: exit $rc, $(head -c 300 "$tmp/ans")"
fi
printf '%s\n' "$req" | "$rondo" serve --max-locations 11 --iterations 5 -q >"$tmp/ans" 2>"$tmp/err"
grep -qF '"code":0' "$tmp/ans" && ok "serve at the limit: solved" || bad "serve at the limit: $(head -c 300 "$tmp/ans")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
