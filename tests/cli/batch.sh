#!/usr/bin/env bash
# End-to-end test of `rondo solve`'s batch mode (several inputs or a
# directory, --out-dir) and of signals during a batch: per-file lines and the
# summary on stderr, the worst exit code, one bad file not stopping the
# others, every written plan accepted by the outside checkers
# (../shared/tools/check_solution.py, check_plan.py), SIGINT writing the
# current file's best plan and skipping the rest, SIGINT stopping --exact with
# the plan so far, and no temporary file left behind.
# Ends with `N passed, M failed`; exits 1 on failure.
# usage: bash tests/cli/batch.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: batch.sh <rondo-binary> <source-dir>}"
src="${2:?usage: batch.sh <rondo-binary> <source-dir>}"
tools="$src/../shared/tools"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

. "$src/tests/lib/checks.sh" # ok, bad, expect, has, check_sol, check_json, no_tmp

# interrupt DELAY SIG ARGS...: rondo ARGS in the background (stderr in
# $tmp/err), SIG after DELAY seconds; sets rc (its exit code) and ms (from the
# signal to its exit)
interrupt() {
    local delay="$1" sig="$2" pid t0
    shift 2
    "$rondo" "$@" 2>"$tmp/err" &
    pid=$!
    sleep "$delay"
    t0=$(date +%s%N)
    kill -"$sig" $pid
    wait $pid
    rc=$?
    ms=$((($(date +%s%N) - t0) / 1000000))
}

# ---- a directory with two good inputs, one JSON, one bad file and files that are skipped ----
d="$tmp/in"
mkdir -p "$d/sub.vrp"
cp "$src/instances/C101-25.txt" "$src/instances/X-n101-k25-first20.vrp" "$d/"
cp "$src/tests/fixtures/json/small.json" "$d/small.json"
cp "$src/tests/fixtures/truncated.vrp" "$d/bad.vrp"
echo "not an instance" >"$d/notes.md"
echo "hidden" >"$d/.hidden.vrp"
"$rondo" solve "$d" --out-dir "$tmp/out" --iterations 50 --threads 1 -q 2>"$tmp/err"
rc=$?
expect "directory batch with one bad file: exit 2 (got $rc)" $([ $rc -eq 2 ]; echo $?)
expect "per-file line: C101-25 ok with cost, routes, unassigned, time, output" \
    $(grep -qE "\[1/4\] .*C101-25.txt: ok, cost 19[0-9.]+, [0-9]+ routes, 0 unassigned, [0-9.]+ s -> .*out/C101-25.sol" "$tmp/err"; echo $?)
expect "per-file line: X-n101-k25-first20 ok" \
    $(grep -qE "\[2/4\] .*X-n101-k25-first20.vrp: ok, cost 7[0-9]+, " "$tmp/err"; echo $?)
expect "per-file line: bad.vrp error (exit 2), after its message" \
    $(has "$tmp/err" "truncated?)" && grep -qE "\[3/4\] .*bad.vrp: error \(exit 2\)" "$tmp/err"; echo $?)
expect "per-file line: small.json ok (files sorted by name)" \
    $(grep -qE "\[4/4\] .*small.json: ok, cost [0-9]+, 2 routes, 0 unassigned" "$tmp/err"; echo $?)
expect "summary line" \
    $(grep -qE "^rondo: batch: 4 files: 3 solved, 1 failed, 0 not solved \(interrupted\), [0-9.]+ s, exit 2$" "$tmp/err"; echo $?)
expect "bad input and skipped files have no output" \
    $([ ! -e "$tmp/out/bad.sol" ] && [ ! -e "$tmp/out/notes.sol" ] && [ ! -e "$tmp/out/.hidden.sol" ] && [ ! -e "$tmp/out/sub.sol" ]; echo $?)
check_sol "batch: C101-25.sol" "$d/C101-25.txt" "$tmp/out/C101-25.sol" trunc1
check_sol "batch: X-n101-k25-first20.sol" "$d/X-n101-k25-first20.vrp" "$tmp/out/X-n101-k25-first20.sol"
check_json "batch: small.json" "$d/small.json" "$tmp/out/small.json"
no_tmp "batch: no temporary files" "$tmp/out"

# The same plans as single solves (the batch calls the same path).
"$rondo" solve "$d/C101-25.txt" --iterations 50 --threads 1 -q -o "$tmp/single.sol"
expect "batch plan = single-input plan" $(cmp -s "$tmp/single.sol" "$tmp/out/C101-25.sol"; echo $?)

# ---- files given one by one, an unreadable one, a missing out dir created ----
"$rondo" solve "$src/instances/X-n101-k25-first20.vrp" "$tmp/nope.vrp" --out-dir "$tmp/out2/" \
    --iterations 20 -q 2>"$tmp/err"
rc=$?
expect "missing file in the list: exit 2, other file solved (got $rc)" \
    $([ $rc -eq 2 ] && [ -s "$tmp/out2/X-n101-k25-first20.sol" ] && grep -qE "nope.vrp: error \(exit 2\)" "$tmp/err"; echo $?)
"$rondo" solve "$src/instances/X-n101-k25-first20.vrp" --out-dir "$tmp/out3" --iterations 20 -q 2>"$tmp/err"
rc=$?
expect "one file with --out-dir: exit 0, DIR/<name>.sol (got $rc)" \
    $([ $rc -eq 0 ] && [ -s "$tmp/out3/X-n101-k25-first20.sol" ] && grep -q "1 files: 1 solved, 0 failed" "$tmp/err"; echo $?)
cp "$src/instances/C101-25.txt" "$tmp/X-n101-k25-first20.txt"
"$rondo" solve "$src/instances/X-n101-k25-first20.vrp" "$tmp/X-n101-k25-first20.txt" --out-dir "$tmp/out4" \
    --iterations 20 -q 2>"$tmp/err"
rc=$?
expect "two inputs with one output name: the second fails, exit 2 (got $rc)" \
    $([ $rc -eq 2 ] && grep -q "is already the output of" "$tmp/err"; echo $?)

# ---- refusals ----
"$rondo" solve "$d" -o "$tmp/x.sol" 2>"$tmp/err"
rc=$?
expect "directory with -o: exit 2, points to --out-dir" $([ $rc -eq 2 ] && has "$tmp/err" "use --out-dir DIR"; echo $?)
"$rondo" solve "$src/instances/C101-25.txt" "$src/instances/C101.txt" 2>"$tmp/err"
rc=$?
expect "two inputs without --out-dir: exit 2" $([ $rc -eq 2 ] && has "$tmp/err" "need --out-dir DIR"; echo $?)
mkdir -p "$tmp/empty"
"$rondo" solve "$tmp/empty" --out-dir "$tmp/o5" 2>"$tmp/err"
rc=$?
expect "empty directory: exit 2" $([ $rc -eq 2 ] && has "$tmp/err" "no .vrp, .txt or .json files"; echo $?)
"$rondo" solve - "$d/C101-25.txt" --out-dir "$tmp/o6" </dev/null 2>"$tmp/err"
rc=$?
expect "stdin in a batch: exit 2" $([ $rc -eq 2 ] && has "$tmp/err" "cannot be part of a batch"; echo $?)
: >"$tmp/afile"
"$rondo" solve "$d/C101-25.txt" --out-dir "$tmp/afile" 2>"$tmp/err"
rc=$?
expect "--out-dir is a file: exit 1" $([ $rc -eq 1 ] && has "$tmp/err" "not a directory"; echo $?)

# ---- SIGINT during a batch: the current file's best plan, the rest not solved ----
s="$tmp/sig"
mkdir -p "$s"
cp "$src/instances/X-n101-k25.vrp" "$s/a.vrp"
cp "$src/instances/C101.txt" "$s/b.txt"
# (without its options: their iteration budget would end the solve before the signal)
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("options",None); json.dump(d,open(sys.argv[2],"w"))' \
    "$src/tests/fixtures/json/small.json" "$s/c.json"
interrupt 1.5 INT solve "$s" --out-dir "$tmp/sigout" -l 30 --threads 1 -q
expect "SIGINT: batch exits 130 (got $rc)" $([ $rc -eq 130 ]; echo $?)
expect "SIGINT: exits promptly (${ms} ms < 2000)" $([ $ms -lt 2000 ]; echo $?)
expect "SIGINT: current file written with its best plan" \
    $(grep -qE "\[1/3\] .*a.vrp: interrupted \(best plan so far\), cost [0-9]+" "$tmp/err"; echo $?)
expect "SIGINT: the other files not solved" \
    $(grep -qE "\[2/3\] .*b.txt: not solved: interrupted" "$tmp/err" && grep -qE "\[3/3\] .*c.json: not solved: interrupted" "$tmp/err"; echo $?)
expect "SIGINT: summary" $(grep -q "3 files: 1 solved, 0 failed, 2 not solved (interrupted)" "$tmp/err"; echo $?)
expect "SIGINT: no output for the files not solved" $([ ! -e "$tmp/sigout/b.sol" ] && [ ! -e "$tmp/sigout/c.json" ]; echo $?)
expect "SIGINT: the plan says it was interrupted" $(grep -q "^# interrupted" "$tmp/sigout/a.sol"; echo $?)
check_sol "SIGINT: a.sol complete and valid" "$s/a.vrp" "$tmp/sigout/a.sol"
no_tmp "SIGINT: no temporary files" "$tmp/sigout"

# SIGTERM on the JSON file of a batch: its answer written, exit 0 (nothing left)
interrupt 1 TERM solve "$s/c.json" --out-dir "$tmp/sigout2" -l 30 --threads 1 -q
expect "SIGTERM on the last file: exit 0 (got $rc)" $([ $rc -eq 0 ] && grep -q "c.json: interrupted (best plan so far)" "$tmp/err"; echo $?)
check_json "SIGTERM: c.json answer valid" "$s/c.json" "$tmp/sigout2/c.json"
no_tmp "SIGTERM: no temporary files" "$tmp/sigout2"

# The first signal also stops --exact (R201-18: about 1 s of route enumeration,
# then 2 s of GLPK, in the release build): the plan so far is written, exit 0.
# (A second signal ends the process at once: tests/cli/router.sh, during a slow
# matrix request, the one phase that does not look at the first.)
interrupt 0.8 INT solve "$src/instances/R201-18.txt" --exact -l 60 --threads 1 -q -o "$tmp/ex.sol"
expect "SIGINT during --exact: exit 0 within 1.5 s (got $rc, ${ms} ms)" $([ $rc -eq 0 ] && [ $ms -lt 1500 ]; echo $?)
expect "SIGINT during --exact: the plan says it was interrupted, no proof" \
    $(grep -q "^# interrupted" "$tmp/ex.sol" && ! grep -q "^# exact: optimal" "$tmp/ex.sol"; echo $?)
check_sol "SIGINT during --exact: plan valid" "$src/instances/R201-18.txt" "$tmp/ex.sol" trunc1

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
