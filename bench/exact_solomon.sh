#!/usr/bin/env bash
# exact_solomon.sh: `rondo solve --exact` on Solomon's N-customer instances
# (N = 25 or 50: the depot and customers 1..N of each 100-customer file, as
# ../shared/instances/vrptw/solomon/optima-25-50.md says they are formed),
# one at a time, against the published optima of optima-25-50.csv.
# One line per instance: name, N, exit code, published optimum, cost, wall
# time, how (enum: route enumeration + set partitioning; cg: column
# generation at the root) and the .sol's `# exact:` verdict; then a summary
# (proofs, proofs at the published optimum, bounds above it: must be 0).
#
# usage: bash bench/exact_solomon.sh RONDO N LIMIT OUTFILE   (from the repository root)
set -u
rondo=$(realpath "$1")
n=$2
limit=$3
out=$4
sol=../shared/instances/vrptw/solomon
csv=$sol/optima-25-50.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$out"
for f in "$sol"/*.txt; do
    b=$(basename "$f" .txt)
    tr -d '\r' <"$f" | awk -v N="$n" -v name="$b.$n" '
        NR == 1 { print name; next }
        c < 0 { print; if ($1 == "CUST") c = 0; next }
        NF == 0 { print; next }
        { if (c <= N) print; c++ }' c=-1 >"$tmp/$b.txt"
    s=$(date +%s.%N)
    timeout $((limit + 60)) "$rondo" solve "$tmp/$b.txt" --exact -l "$limit" -q -o "$tmp/$b.sol" 2>"$tmp/err"
    rc=$?
    e=$(date +%s.%N)
    opt=$(grep "^$b,$n," "$csv" | cut -d, -f3)
    cost=$(sed -n 's/^Cost //p' "$tmp/$b.sol" 2>/dev/null)
    verdict=$(grep -m1 '^# exact: [ol]' "$tmp/$b.sol" 2>/dev/null | sed 's/^# //')
    how=enum
    grep -q '^# exact: column generation' "$tmp/$b.sol" 2>/dev/null && how=cg
    printf '%s %s rc=%d opt=%s cost=%s time=%.1f %s | %s\n' "$b" "$n" "$rc" "${opt:--}" \
        "${cost:--}" "$(echo "$e - $s" | bc)" "$how" "${verdict:-$(tail -c 120 "$tmp/err")}" >>"$out"
done
awk '
    { split($4, o, "="); split($5, c, "="); lb = ""
      for (i = 1; i <= NF; i++) if ($i == "bound") { lb = $(i + 1); sub(",", "", lb) } }
    /exact: optimal/ { p++; if (o[2] == c[2]) po++ }
    lb != "" && o[2] != "-" && lb + 0 > o[2] + 0.05 { above++ }
    END { printf "summary: %d instances, %d proven optimal, %d of them at the published optimum, %d bounds above it\n", NR, p, po, above + 0 }' "$out" >>"$out"
tail -1 "$out"
