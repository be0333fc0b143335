#!/usr/bin/env bash
# The C API under valgrind: `test_api --cycles N` (default 4; about a minute) creates, solves
# (5 iterations) and frees N problems of each kind (JSON city, Solomon, a
# truncated .vrp that fails) through librondo.so under
#   valgrind --leak-check=full --error-exitcode=1
# Exit 0 when valgrind reports no error and no definite or indirect leak
# (memory libgomp's thread pool keeps until exit is not a leak of the API).
# Run by .ci/run; see README "rondo as a library".
# usage: bash tests/valgrind_api.sh [BUILD-DIR [N]]   (default build/release)
set -u
src="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$src/build/release}"
n="${2:-4}"
command -v valgrind >/dev/null || { echo "valgrind not installed (apt-get install valgrind)"; exit 1; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
    --log-file="$log" "$build/test_api" --cycles "$n"
rc=$?
sed -n '/HEAP SUMMARY/,$p' "$log" | sed 's/^==[0-9]*== //'
if [ $rc -eq 0 ]; then
    echo "valgrind_api: OK ($n x 3 create/solve/free cycles, valgrind clean)"
    exit 0
fi
echo "valgrind_api: FAIL (exit $rc under valgrind)"
grep -m 40 -E 'Invalid|uninitialised|definitely|indirectly|at 0x|by 0x' "$log"
exit 1
