#!/usr/bin/env bash
# One problem over MPI ranks on this machine (issue #19's criterion 2): each
# Belgium instance solved for LIMIT seconds on the machine's two cores in
# three ways, one at a time:
#   K=1  rondo solve X.vrp -l LIMIT -t 2                 (one process, 2 threads)
#   K=2  mpirun -np 2 rondo solve X.vrp -l LIMIT -t 1    (2 ranks, 1 thread each)
#   K=4  mpirun --oversubscribe -np 4 ... -t 1           (4 ranks on 2 cores)
# each plan checked by ../shared/tools/check_solution.py --round nint; the
# gap to FILO2's short-run mean (filo2-reference.csv), wall time, the peak
# RSS /usr/bin/time reports (mpirun: its largest rank). Run from the
# repository root with ../shared beside it, nothing else running. Prints a
# markdown table; plans and logs go to OUTDIR.
# usage: bash bench/mpi.sh RONDO LIMIT OUTDIR [INSTANCE...]
set -u
rondo=${1:?usage: mpi.sh RONDO LIMIT OUTDIR [INSTANCE...]}
limit=${2:?limit}
out=${3:?outdir}
shift 3
dir=../shared/instances/cvrp/belgium
ref=$dir/filo2-reference.csv
names=${*:-Brussels2 Flanders1 Flanders2}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$out"
echo "| instance | n | K | command | cost | gap to FILO2 | wall s | peak RSS MB | check |"
echo "|---|---|---|---|---|---|---|---|---|"
for name in $names; do
    filo=$(awk -F, -v n="$name" '$1 == n {print $3}' "$ref")
    nn=$(awk -F, -v n="$name" '$1 == n {print $2}' "$ref")
    for k in 1 2 4; do
        case $k in
        1) cmd=("$rondo" solve "$dir/$name.vrp" -l "$limit" -t 2) ;;
        2) cmd=(mpirun -q -np 2 "$rondo" solve "$dir/$name.vrp" -l "$limit" -t 1) ;;
        4) cmd=(mpirun -q --oversubscribe -np 4 "$rondo" solve "$dir/$name.vrp" -l "$limit" -t 1) ;;
        esac
        sol="$out/$name-K$k.sol"
        /usr/bin/time -f "%e %M" -o "$out/$name-K$k.time" "${cmd[@]}" -o "$sol" 2>"$out/$name-K$k.log"
        read -r wall rss <"$out/$name-K$k.time"
        cost=$(sed -n 's/^Cost *//p' "$sol")
        check=$(python3 ../shared/tools/check_solution.py "$dir/$name.vrp" "$sol" --round nint 2>&1 | tail -n 1 | cut -c1-2)
        gap=$(awk -v c="$cost" -v f="$filo" 'BEGIN {printf "%.2f %%", 100 * (c - f) / f}')
        shown="${cmd[*]}"
        shown=${shown//$dir\//}
        shown=${shown//$rondo/rondo}
        echo "| $name | $nn | $k | \`$shown\` | $cost | $gap | $wall | $((rss / 1024)) | $check |"
    done
done
