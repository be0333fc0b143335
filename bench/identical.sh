#!/usr/bin/env bash
# identical.sh: the plans of one rondo binary on fixed seeds and iteration
# budgets, to compare two builds byte for byte (a refactoring must not change
# a plan). Writes OUTDIR/<name>.sol or .json for each input; JSON answers lose
# their computing_times (wall-clock). Compare two runs with `diff -r`.
#
# Inputs: the bundled instances (instances/*.vrp, *.txt, *.json) and six
# benchmark instances from ../shared/instances: X-n157-k13 (CVRP), Solomon
# R101 and Homberger C1_2_1 (VRPTW), PyVRP's PCVRPTW C1_10_1 and MTVRPTWR
# C201R0.25, Li & Lim lc101 (shipments, as JSON through bench/vrp2json.py),
# and a generated over-constrained city (rondo generate --matrix).
#
# usage: bash bench/identical.sh RONDO OUTDIR [ITERATIONS]   (from the repository root)
set -eu
rondo=$(realpath "$1")
out=$2
iters=${3:-300}
shared=../shared/instances
mkdir -p "$out"
run_sol() { # NAME FILE
    "$rondo" solve "$2" --seed 7 --iterations "$iters" --threads 2 -q -o "$out/$1.sol" || echo "$1: exit $?" >>"$out/exit-codes"
}
run_json() { # NAME FILE
    "$rondo" solve "$2" --seed 7 --iterations "$iters" --threads 2 -q -o "$out/$1.raw" || echo "$1: exit $?" >>"$out/exit-codes"
    python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
a.get("summary", {}).pop("computing_times", None)
json.dump(a, open(sys.argv[2], "w"), sort_keys=True, indent=0)
' "$out/$1.raw" "$out/$1.json"
    rm -f "$out/$1.raw"
}
: >"$out/exit-codes"
for f in instances/*.vrp instances/*.txt; do
    case $f in *wcvrptw*) continue ;; esac
    run_sol "$(basename "${f%.*}")" "$f"
done
for f in instances/*.json; do run_json "$(basename "${f%.*}")" "$f"; done
run_sol X-n157-k13 "$shared/cvrp/X/X-n157-k13.vrp"
run_sol R101 "$shared/vrptw/solomon/R101.txt"
run_sol C1_2_1 "$shared/vrptw/homberger/200/c1_2_1.txt"
run_sol PC-C1_10_1 "$shared/pyvrp/PCVRPTW/C1_10_1.vrp"
run_sol MT-C201R0.25 "$shared/pyvrp/MTVRPTWR/C201R0.25.vrp"
python3 bench/vrp2json.py lilim "$shared/pdptw/li-lim/100/lc101.txt" >"$out/lc101.in.json"
run_json lc101 "$out/lc101.in.json"
"$rondo" generate --stations 150 --tradeins 40 --trucks 2 --vans 2 --seed 3 --matrix --no-reloads \
    -o "$out/city.in.json"
run_json city-overload "$out/city.in.json"
rm -f "$out"/*.in.json
ls "$out" | wc -l
