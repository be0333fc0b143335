#!/usr/bin/env bash
# bound.sh: column generation's lower bound (`rondo solve --bound`, solver/cg.h)
# on a list of instances: for each, the plan's cost, the bound, the bound's
# gap to the best-known solution in ../shared/instances/bks.csv, whether the
# bound is valid (<= the BKS), the CG figures, and averages per class.
# usage: bash bench/bound.sh RONDO LIST SECONDS OUTDIR   (from the repository root;
#        LIST as bench/solomon.txt: paths under ../shared/instances)
set -eu
rondo=$(realpath "$1")
list=$2
secs=$3
out=$4
mkdir -p "$out"
shared=../shared/instances
printf '%-14s %10s %10s %10s %8s %8s  %s\n' instance cost bound bks gap_bks valid cg
grep -v '^#' "$list" | grep . | while read -r rel; do
    name=$(basename "${rel%.*}")
    "$rondo" solve "$shared/$rel" --bound -l "$secs" -t 2 -q -o "$out/$name.sol" || true
    cost=$(sed -n 's/^Cost //p' "$out/$name.sol")
    line=$(grep '^# bound' "$out/$name.sol" || echo "# bound: none")
    bound=$(printf '%s' "$line" | sed -n 's/^# bound: lower bound \([0-9.]*\),.*/\1/p')
    cg=$(printf '%s' "$line" | sed -n 's/.*(column generation: \(.*\))$/\1/p')
    bks=$(awk -F, -v n="$name" '$2 == n { print $3; exit }' "$shared/bks.csv")
    awk -v n="$name" -v c="$cost" -v b="$bound" -v k="$bks" -v g="$cg" 'BEGIN {
        if (b == "") { printf "%-14s %10s %10s %10s %8s %8s  %s\n", n, c, "-", k, "-", "-", g; exit }
        printf "%-14s %10s %10s %10s %7.2f%% %8s  %s\n", n, c, b, k, 100 * (k - b) / k,
               (b + 0 <= k + 0.001) ? "yes" : "NO", g }'
done | tee "$out/table.txt"
awk 'NR > 0 && $3 != "-" { cls = substr($1, 1, match($1, /[0-9]/) - 1) substr($1, match($1, /[0-9]/), 1);
        s[cls] += $5; n[cls]++; all += $5; na++ }
     $3 == "-" { none++ }
     END { for (c in s) printf "%-5s %2d instances with a bound, average gap to the BKS %.2f %%\n", c, n[c], s[c] / n[c];
           printf "all   %2d with a bound (%d without), average gap %.2f %%\n", na, none, na ? all / na : 0 }' \
    "$out/table.txt" | sort
