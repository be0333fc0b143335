#!/usr/bin/env bash
# End-to-end test of rondo under MPI (Open MPI's mpirun, 3 ranks on one
# machine: --oversubscribe; as root the OMPI_ALLOW_RUN_AS_ROOT variables):
#  - a batch over the ranks gives the files, the per-file lines, the summary
#    and the exit code of the one-process batch (with an unreadable file:
#    exit 2, every other plan written), every plan accepted by the outside
#    checkers, and under an iteration budget the same plans byte for byte;
#  - SIGTERM to mpirun mid-batch: best-so-far plans, valid, no temporary
#    files, the inputs not started reported, rank 0's exit 143;
#  - one problem over the ranks (regions of the plan, and the whole plan on
#    each rank) with --iterations: plans accepted by the checkers, the same
#    bytes in two runs, and breaks, skills, reloads and tasks left out with
#    their reasons through the regions' sub-models; standard input refused;
#    a bad input stops every rank with exit 2.
# Skipped (exit 0) when mpirun is not installed. Ends with `N passed, M
# failed`; exits 1 on failure.
# usage: bash tests/cli/mpi.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: mpi.sh <rondo-binary> <source-dir>}"
src="${2:?usage: mpi.sh <rondo-binary> <source-dir>}"
tools="$src/../shared/tools"

if ! command -v mpirun >/dev/null 2>&1; then
    echo "skipped: mpirun not found (apt-get install openmpi-bin libopenmpi-dev)"
    exit 0
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Open MPI's own allocations are not rondo's leaks (the ASan build)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
mpi() { mpirun -q --oversubscribe -np "$@"; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

. "$src/tests/lib/checks.sh" # ok, bad, expect, check_sol, check_json, no_tmp
# the per-file lines and the summary without the times
lines() { sed -n 's/^rondo: batch: //p' "$1" | sed -E 's/[0-9]+\.[0-9]+ s/T s/g; s#-> .*/#-> #'; }
# a JSON answer's summary and routes, without computing times
plan_of() {
    python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a["summary"].pop("computing_times",None); print(json.dumps([a["summary"],a["routes"],a["unassigned"]],sort_keys=True))' "$1"
}

# ---- a batch of mixed inputs over 3 ranks against one process ----
d="$tmp/in"
mkdir -p "$d"
cp "$src/instances/C101-25.txt" "$src/instances/R201-18.txt" "$src/instances/X-n101-k25-first20.vrp" \
    "$src/instances/X-n101-k25.vrp" "$src/instances/wcvrptw-102_stop.txt" "$d/"
cp "$src/tests/fixtures/json/small.json" "$d/small.json"
cp "$src/instances/city-example-noreload.json" "$d/city.json"
cp "$src/tests/fixtures/truncated.vrp" "$d/bad.vrp"
"$rondo" solve "$d" --out-dir "$tmp/one" --iterations 30 --threads 1 -q 2>"$tmp/one.err"
rc1=$?
mpi 3 "$rondo" solve "$d" --out-dir "$tmp/three" --iterations 30 --threads 1 -q 2>"$tmp/three.err"
rc3=$?
expect "batch over 3 ranks: exit 2 as one process (one unreadable file; got $rc3 and $rc1)" \
    $([ $rc3 -eq 2 ] && [ $rc1 -eq 2 ]; echo $?)
expect "the same files written" $([ "$(ls "$tmp/one")" = "$(ls "$tmp/three")" ] && [ "$(ls "$tmp/three" | wc -l)" -eq 7 ]; echo $?)
expect "the same per-file lines and summary, in input order" \
    $([ "$(lines "$tmp/one.err")" = "$(lines "$tmp/three.err")" ] && grep -q "8 files: 7 solved, 1 failed" "$tmp/three.err"; echo $?)
same=0
for f in C101-25 R201-18 X-n101-k25-first20 X-n101-k25 wcvrptw-102_stop; do
    cmp -s "$tmp/one/$f.sol" "$tmp/three/$f.sol" || same=1
done
for f in small city; do
    [ "$(plan_of "$tmp/one/$f.json")" = "$(plan_of "$tmp/three/$f.json")" ] || same=1
done
expect "the same plans (iteration budget: byte for byte, JSON without times)" $same
check_sol "mpi batch: C101-25" "$d/C101-25.txt" "$tmp/three/C101-25.sol" trunc1
check_sol "mpi batch: R201-18" "$d/R201-18.txt" "$tmp/three/R201-18.sol" trunc1
check_sol "mpi batch: X-n101-k25" "$d/X-n101-k25.vrp" "$tmp/three/X-n101-k25.sol"
check_json "mpi batch: small.json" "$d/small.json" "$tmp/three/small.json"
check_json "mpi batch: city.json" "$d/city.json" "$tmp/three/city.json"
no_tmp "mpi batch: no temporary files" "$tmp/three"

# ---- SIGTERM to mpirun mid-batch ----
s="$tmp/sig"
mkdir -p "$s"
cp "$src/instances/X-n101-k25.vrp" "$s/a.vrp"
cp "$src/instances/C101.txt" "$s/b.txt"
cp "$src/instances/X-n101-k25.vrp" "$s/c.vrp"
cp "$src/instances/C101.txt" "$s/d.txt"
cp "$src/instances/X-n101-k25.vrp" "$s/e.vrp"
mpirun -q --oversubscribe -np 3 "$rondo" solve "$s" --out-dir "$tmp/sigout" -l 30 --threads 1 -q \
    2>"$tmp/sig.err" &
pid=$!
sleep 3
kill -TERM $pid
wait $pid
expect "SIGTERM: rank 0 reports the interruption (exit 143)" \
    $(grep -qE "5 files: 3 solved, 0 failed, 2 not solved \(interrupted\), [0-9.]+ s, exit 143" "$tmp/sig.err"; echo $?)
expect "SIGTERM: three plans so far, two inputs not started" \
    $([ "$(grep -c "interrupted (best plan so far)" "$tmp/sig.err")" -eq 3 ] && [ "$(grep -c "not solved: interrupted" "$tmp/sig.err")" -eq 2 ]; echo $?)
for f in "$tmp"/sigout/*.sol; do
    n=$(basename "$f" .sol)
    inst=$(ls "$s/$n".*)
    case "$inst" in *.txt) check_sol "SIGTERM: $n.sol valid" "$inst" "$f" trunc1 ;; *) check_sol "SIGTERM: $n.sol valid" "$inst" "$f" ;; esac
done
no_tmp "SIGTERM: no temporary files" "$tmp/sigout"

# ---- one problem over the ranks ----
one() { # one NAME K OUT ARGS...: mpirun -np K rondo solve ARGS -o OUT
    local k="$2" out="$3"
    shift 3
    mpi "$k" "$rondo" solve "$@" --threads 1 -o "$out" 2>>"$tmp/one_problem.err"
}
x="$src/instances/X-n101-k25.vrp"
one a 3 "$tmp/r1.sol" "$x" --iterations 60 --seed 3 --region-tasks 20
one b 3 "$tmp/r2.sol" "$x" --iterations 60 --seed 3 --region-tasks 20
expect "regions over 3 ranks: exit 0, the same plan twice (iteration budget)" \
    $([ -s "$tmp/r1.sol" ] && cmp -s "$tmp/r1.sol" "$tmp/r2.sol"; echo $?)
expect "regions over 3 ranks: the log says regions" $(grep -q "3 ranks (regions)" "$tmp/one_problem.err"; echo $?)
mpi 3 "$rondo" solve "$x" --iterations 60 --seed 3 --region-tasks 20 --threads 1 -v -o "$tmp/r3.sol" 2>"$tmp/r3.err"
expect "regions over 3 ranks: rank 0 recombines the epochs' routes (set partitioning), same plan" \
    $(grep -qE "set partitioning over the ranks' routes: [0-9]+ routes" "$tmp/r3.err" && cmp -s "$tmp/r1.sol" "$tmp/r3.sol"; echo $?)
check_sol "regions over 3 ranks: X-n101-k25" "$x" "$tmp/r1.sol"
one c 2 "$tmp/w1.sol" "$x" --iterations 60 --seed 3
one d 2 "$tmp/w2.sol" "$x" --iterations 60 --seed 3
expect "whole plan on 2 ranks (100 tasks): the same plan twice" \
    $([ -s "$tmp/w1.sol" ] && cmp -s "$tmp/w1.sol" "$tmp/w2.sol" && grep -q "2 ranks (whole plan on each)" "$tmp/one_problem.err"; echo $?)
check_sol "whole plan on 2 ranks: X-n101-k25" "$x" "$tmp/w1.sol"
c="$src/instances/C101.txt"
one e 3 "$tmp/c.sol" "$c" --iterations 60 --region-tasks 10
check_sol "regions over 3 ranks: C101 (time windows)" "$c" "$tmp/c.sol" trunc1
# the example cities: breaks and skills, tasks left out (48), reloads
city="$src/instances/city-example-noreload.json"
one f 3 "$tmp/city.json" "$city" --iterations 40 --region-tasks 10
check_json "regions over 3 ranks: the city without reloads" "$city" "$tmp/city.json"
expect "regions over 3 ranks: tasks left out, each with its reason" \
    $(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); u=a["unassigned"]; sys.exit(0 if u and all(x.get("reason") for x in u) and a["summary"]["unassigned"]==len(u) else 1)' "$tmp/city.json"; echo $?)
one g 3 "$tmp/city2.json" "$city" --iterations 40 --region-tasks 10
expect "regions over 3 ranks: the city's plan the same twice" \
    $([ "$(plan_of "$tmp/city.json")" = "$(plan_of "$tmp/city2.json")" ]; echo $?)
# (a generated city with matrices, for the checker: trucks that reload and end empty)
rcity="$tmp/rcity-in.json"
"$rondo" generate --stations 120 --tradeins 20 --trucks 3 --vans 2 --seed 4 --matrix -o "$rcity"
one h 2 "$tmp/rcity.json" "$rcity" --iterations 40 --region-tasks 10
check_json "regions over 2 ranks: a city with reloads" "$rcity" "$tmp/rcity.json"
expect "regions over 2 ranks: the plan has reload steps" \
    $(grep -q '"type": *"reload"' "$tmp/rcity.json"; echo $?)
expect "only rank 0 writes and speaks: one summary line" \
    $([ "$(grep -c "X-n101-k25: cost" "$tmp/one_problem.err")" -eq 4 ]; echo $?)

# standard input is refused under mpirun (it reaches rank 0 only, and Open
# MPI 4 forwards it unreliably); --stdin none keeps mpirun off it
mpirun -q --oversubscribe --stdin none -np 2 "$rondo" solve --iterations 30 -q >"$tmp/stdin.json" 2>"$tmp/stdin.err"
rc=$?
expect "stdin over 2 ranks: refused, exit 2, the message says why (got $rc)" \
    $([ $rc -eq 2 ] && grep -q "under mpirun the input must be a file" "$tmp/stdin.err" && [ ! -s "$tmp/stdin.json" ]; echo $?)
# a bad input: every rank stops with it (no rank waits for another), exit 2
mpi 2 "$rondo" solve "$src/tests/fixtures/truncated.vrp" --iterations 10 -o "$tmp/bad.sol" 2>"$tmp/bad.err"
rc=$?
expect "bad input over 2 ranks: exit 2, no plan, the line named (got $rc)" \
    $([ $rc -eq 2 ] && [ ! -e "$tmp/bad.sol" ] && grep -q "truncated.vrp:" "$tmp/bad.err"; echo $?)

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
