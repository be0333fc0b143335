#!/usr/bin/env bash
# A nightly batch over MPI ranks against one process (issue #19's criterion
# 1): a directory of 12 mixed inputs (4 X .vrp, 4 Solomon .txt, 4 JSON
# cities) solved with `rondo solve DIR --out-dir OUT -l LIMIT` by one
# process and by `mpirun --oversubscribe -np 3` (3 ranks, 1 thread each, on
# this machine's 2 cores), then the same with a 13th, truncated input, then
# SIGTERM to mpirun a few seconds into the run. Every plan goes through the
# outside checkers (../shared/tools). Run from the repository root with
# ../shared beside it, nothing else running. Prints what it finds; the
# plans go to OUTDIR.
# usage: bash bench/mpi_batch.sh RONDO LIMIT OUTDIR
set -u
rondo=${1:?usage: mpi_batch.sh RONDO LIMIT OUTDIR}
limit=${2:?limit}
out=${3:?outdir}
sh=../shared/instances
tools=../shared/tools
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
rm -rf "$out"
mkdir -p "$out/in"
for x in X-n101-k25 X-n157-k13 X-n209-k16 X-n256-k16; do cp "$sh/cvrp/X/$x.vrp" "$out/in/"; done
for s in C101 R101 RC201 R211; do cp "$sh/vrptw/solomon/$s.txt" "$out/in/"; done
cp instances/city-example-noreload.json "$out/in/city-example-noreload.json"
cp tests/fixtures/json/small.json "$out/in/small.json"
"$rondo" generate --stations 160 --tradeins 40 --trucks 14 --vans 3 --seed 4 --matrix --no-reloads -o "$out/in/c200.json"
"$rondo" generate --stations 120 --tradeins 20 --trucks 3 --vans 2 --seed 4 --matrix -o "$out/in/c140-reloads.json"

# check DIR: every plan in DIR through the outside checker; prints a count
check() {
    local d=$1 good=0 badn=0 f n inst v
    for f in "$d"/*; do
        n=$(basename "$f")
        n=${n%.*}
        inst=$(ls "$out/in/$n".* 2>/dev/null | head -1)
        case "$f" in
        *.json) v=$(python3 "$tools/check_plan.py" "$inst" "$f" 2>&1) ;;
        *) case "$inst" in *.txt) r=trunc1 ;; *) r=nint ;; esac
           v=$(python3 "$tools/check_solution.py" --round $r "$inst" "$f" 2>&1) ;;
        esac
        case "$v" in OK*) good=$((good + 1)) ;; *) badn=$((badn + 1)); echo "  rejected: $n: $v" ;; esac
    done
    echo "  $d: $good plans accepted, $badn rejected; temporary files: $(ls "$d" | grep -c '\.tmp\.')"
}

run() { # run NAME K: K=1 one process, else mpirun -np K
    local name=$1 k=$2 t0 rc
    t0=$(date +%s.%N)
    if [ "$k" = 1 ]; then
        "$rondo" solve "$out/in" --out-dir "$out/$name" -l "$limit" -t 2 -q 2>"$out/$name.err"
    else
        mpirun -q --oversubscribe -np "$k" "$rondo" solve "$out/in" --out-dir "$out/$name" -l "$limit" -t 1 -q 2>"$out/$name.err"
    fi
    rc=$?
    echo "$name: exit $rc, $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s wall, $(ls "$out/$name" | wc -l) files; $(tail -n 1 "$out/$name.err")"
    check "$out/$name"
}

echo "== 12 inputs, -l $limit"
run one 1
run three 3
echo "same file names: $([ "$(ls "$out/one")" = "$(ls "$out/three")" ] && echo yes || echo NO)"
echo "== the same with a truncated 13th input"
head -c 300 "$sh/cvrp/X/X-n101-k25.vrp" >"$out/in/zz-truncated.vrp"
run one-bad 1
run three-bad 3
echo "same file names: $([ "$(ls "$out/one-bad")" = "$(ls "$out/three-bad")" ] && echo yes || echo NO)"
rm "$out/in/zz-truncated.vrp"
echo "== SIGTERM to mpirun 3 s into a run at -l 30"
mpirun -q --oversubscribe -np 3 "$rondo" solve "$out/in" --out-dir "$out/sig" -l 30 -t 1 -q 2>"$out/sig.err" &
pid=$!
sleep 3
kill -TERM $pid
wait $pid
echo "sig: mpirun exit $?, $(ls "$out/sig" | wc -l) files; $(tail -n 1 "$out/sig.err")"
grep -c "interrupted (best plan so far)" "$out/sig.err" | sed 's/^/  best-so-far plans: /'
grep -c "not solved: interrupted" "$out/sig.err" | sed 's/^/  not started: /'
check "$out/sig"
