#!/usr/bin/env bash
# The Belgium instances (Arnold, Gendreau & Santos 2019; 3,000 to 30,000
# customers) solved one by one as a user would (`rondo solve X.vrp -l L -t 2`),
# each plan checked by ../shared/tools/check_solution.py --round nint, with
# its gap to FILO2's short-run mean (filo2-reference.csv, Accorsi & Vigo),
# wall time and peak RSS (/usr/bin/time). Run from the repository root with
# ../shared beside it, nothing else running. Prints a markdown table and the
# average gap; the plans go to OUTDIR.
# usage: bash bench/belgium.sh RONDO LIMIT OUTDIR [INSTANCE...]
set -u
rondo=${1:?usage: belgium.sh RONDO LIMIT OUTDIR [INSTANCE...]}
limit=${2:?limit}
out=${3:?outdir}
shift 3
dir=../shared/instances/cvrp/belgium
ref=$dir/filo2-reference.csv
names=${*:-Leuven1 Leuven2 Antwerp1 Antwerp2 Ghent1 Ghent2 Brussels1 Brussels2 Flanders1 Flanders2}
mkdir -p "$out"
echo "| instance | n | cost | FILO2 mean | gap | wall s | peak RSS MB | first plan s | check |"
echo "|---|---|---|---|---|---|---|---|---|"
sum=0 cnt=0
for name in $names; do
    /usr/bin/time -f "%e %M" -o "$out/$name.time" "$rondo" solve "$dir/$name.vrp" -l "$limit" -t 2 -v \
        -o "$out/$name.sol" 2>"$out/$name.log"
    read -r wall rss <"$out/$name.time"
    cost=$(sed -n 's/^Cost *//p' "$out/$name.sol")
    first=$(sed -n 's/.*first plans (constructed, local optimum) at \([0-9.]*\) s.*/\1/p' "$out/$name.log")
    filo=$(awk -F, -v n="$name" '$1 == n {print $3}' "$ref")
    nn=$(awk -F, -v n="$name" '$1 == n {print $2}' "$ref")
    check=$(python3 ../shared/tools/check_solution.py "$dir/$name.vrp" "$out/$name.sol" --round nint 2>&1 | tail -n 1 | cut -c1-2)
    gap=$(python3 -c "print(f'{100 * ($cost - $filo) / $filo:.2f}')")
    sum=$(python3 -c "print($sum + $gap)")
    cnt=$((cnt + 1))
    echo "| $name | $nn | $cost | $filo | $gap % | $wall | $((rss / 1024)) | $first | $check |"
done
python3 -c "print(f'\naverage gap to FILO2 short-run mean: {$sum / $cnt:.2f} % over $cnt instances')"
