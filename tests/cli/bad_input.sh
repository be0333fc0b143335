#!/usr/bin/env bash
# End-to-end test of input errors: `rondo solve BAD --iterations 10` must
# exit 2, print nothing on stdout, and print `rondo: error: <file:line: problem>`
# on stderr. One line per case, then `N passed, M failed`; exits 1 on failure.
# usage: bash tests/cli/bad_input.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: bad_input.sh <rondo-binary> <source-dir>}"
src="${2:?usage: bad_input.sh <rondo-binary> <source-dir>}"
fix="$src/tests/fixtures"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0

# case NAME INPUT WANT: runs the solver on INPUT; passes when it exits 2 within
# 20 s, stdout is empty and stderr holds "rondo: error: " and WANT.
case_() {
    local name="$1" input="$2" want="$3" rc
    timeout 20 "$rondo" solve "$input" --iterations 10 >"$tmp/out" 2>"$tmp/err"
    rc=$?
    local why=""
    if [ "$rc" -ne 2 ]; then
        why="exit $rc, want 2"
    elif [ -s "$tmp/out" ]; then
        why="output on stdout"
    elif ! grep -qF -- "rondo: error: " "$tmp/err"; then
        why="no 'rondo: error: ' on stderr"
    elif ! grep -qF -- "$want" "$tmp/err"; then
        why="stderr lacks '$want'"
    fi
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: $why"
        sed 's/^/     | /' "$tmp/err" | head -5
    fi
}

case_ truncated "$fix/truncated.vrp" "truncated.vrp:9: NODE_COORD_SECTION ends after 3 of 5 nodes"
case_ missing_section "$fix/missing_section.vrp" "missing_section.vrp:15: missing DEMAND_SECTION"
case_ non_numeric "$fix/non_numeric.vrp" "non_numeric.vrp:9: y coordinate: 'abc' is not a number"
case_ crlf_non_numeric "$fix/crlf_non_numeric.vrp" "crlf_non_numeric.vrp:14: demand: '3x' is not an integer"
case_ negative_demand "$fix/negative_demand.vrp" "negative_demand.vrp:15: node 3: negative demand -4"
case_ negative_capacity "$fix/negative_capacity.vrp" "negative_capacity.vrp:5: negative CAPACITY -10"
case_ demand_over_capacity "$fix/demand_over_capacity.vrp" \
    "demand_over_capacity.vrp:16: node 4: demand 15 exceeds CAPACITY 10"
case_ tw_end_before_start_vrp "$fix/tw_end_before_start.vrp" \
    "tw_end_before_start.vrp:21: node 3: time window [50, 20] ends before it starts"
case_ tw_end_before_start_solomon "$fix/tw_end_before_start.txt" \
    "tw_end_before_start.txt:10: customer 2: time window [825, 800] ends before it starts"
case_ unknown_ewt "$fix/unknown_ewt.vrp" "unknown_ewt.vrp:4: EDGE_WEIGHT_TYPE 'GEO' is not supported"
case_ empty "$fix/empty.vrp" "empty.vrp: empty file"
case_ duplicate_node "$fix/duplicate_node.vrp" \
    "duplicate_node.vrp:10: NODE_COORD_SECTION: node 2 listed twice (first at line 8)"
case_ node_out_of_range "$fix/node_out_of_range.vrp" \
    "node_out_of_range.vrp:16: DEMAND_SECTION: node 9 out of range 1..5"
case_ missing_capacity "$fix/missing_capacity.vrp" "missing_capacity.vrp:20: missing CAPACITY"
case_ missing_dimension "$fix/missing_dimension.vrp" \
    "missing_dimension.vrp:5: NODE_COORD_SECTION before DIMENSION"
case_ multi_depot "$fix/multi_depot.vrp" "multi_depot.vrp:20: DEPOT_SECTION: second depot 2"
case_ matrix_too_short "$fix/matrix_too_short.vrp" \
    "matrix_too_short.vrp:10: EDGE_WEIGHT_SECTION ends after 3 of 6 values"
case_ unexpected_line "$fix/unexpected_line.vrp" "unexpected_line.vrp:6: unexpected 'NODE_COORDS'"
case_ unknown_format "$fix/unknown_format.txt" "unknown_format.txt:1: unrecognised instance format"
case_ solomon_short_row "$fix/solomon_short_row.txt" \
    "solomon_short_row.txt:11: expected service time, found end of line"
case_ solomon_duplicate "$fix/solomon_duplicate.txt" \
    "solomon_duplicate.txt:11: customer 1 listed twice (first at line 9)"
case_ solomon_over_capacity "$fix/solomon_over_capacity.txt" \
    "solomon_over_capacity.txt:10: customer 2: demand 60 exceeds capacity 50"
case_ solomon_no_vehicle "$fix/solomon_no_vehicle.txt" \
    "solomon_no_vehicle.txt:2: expected VEHICLE, found 'NUMBER'"
case_ missing_file "$tmp/no_such_instance.vrp" "no_such_instance.vrp: cannot open"

# A directory where a file is expected. The directory is empty and named like
# an instance file, so the case stays an input error (exit 2) even if `solve`
# later accepts a directory as a batch of instances (an empty batch has
# nothing to solve). Only the path is required in the message; the exact
# wording ("is a directory") is checked by the unit tests of io/lex.
mkdir "$tmp/instance.vrp"
case_ directory "$tmp/instance.vrp" "instance.vrp"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
