#!/usr/bin/env bash
# Time-limit accuracy: the wall time of `rondo solve -l L` (reading, solving
# and writing; measured by /usr/bin/time) for each L and instance, one run at
# a time, against the target L × 1.02 + 0.05 s. Prints a Markdown table.
# usage: bench/time_limit.sh [BIN] [LIMITS] [INSTANCES...]
#   defaults: build/release/rondo, "1 5 10", X-n1001-k43 and Homberger C1_10_1
#   (paths under ../shared/instances).
set -u
cd "$(dirname "$0")/.."
bin=${1:-build/release/rondo}
limits=${2:-1 5 10}
shift 2 2>/dev/null || shift $#
insts=("$@")
[ ${#insts[@]} -eq 0 ] && insts=(../shared/instances/cvrp/X/X-n1001-k43.vrp
                                  ../shared/instances/vrptw/homberger/1000/C1_10_1.vrp)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| instance | -l L (s) | wall (s) | over L (ms) | target L×1.02+0.05 (s) | within | peak RSS (MB) |"
echo "|---|---|---|---|---|---|---|"
for inst in "${insts[@]}"; do
  for l in $limits; do
    /usr/bin/time -f "%e %M" -o "$tmp/t" "$bin" solve "$inst" -l "$l" -q -o "$tmp/out.sol"
    read -r wall rss <"$tmp/t"
    python3 - "$inst" "$l" "$wall" "$rss" <<'PY'
import os, sys
inst, l, wall, rss = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
target = l * 1.02 + 0.05
print(f"| {os.path.basename(inst)} | {l:g} | {wall:.2f} | {1000 * (wall - l):+.0f} | {target:.2f} | "
      f"{'yes' if wall <= target else 'NO'} | {rss / 1024:.0f} |")
PY
  done
done
