#!/usr/bin/env bash
# The serve loop under valgrind: COUNT (default 300) mixed requests from
# bench/serve_gen.py (10% malformed, every kind, blank lines, an over-size
# line) through `rondo serve --iterations 5` under
#   valgrind --leak-check=full --error-exitcode=1
# then the answers are checked as tests/cli/serve.sh does. Exit 0 when
# valgrind reports no error and no definite or indirect leak and every answer
# is right. Not run by ctest or CI (about a minute on the reference machine);
# see README "Service mode".
# usage: bash tests/valgrind_serve.sh [RONDO-BINARY [COUNT]]
#        (default build/release/rondo, from the source directory)
set -u
src="$(cd "$(dirname "$0")/.." && pwd)"
rondo="${1:-$src/build/release/rondo}"
count="${2:-300}"
command -v valgrind >/dev/null || { echo "valgrind not installed (apt-get install valgrind)"; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 "$src/bench/serve_gen.py" --count "$count" --stops 10 --seed 3 --max-line 8192 \
    --out "$tmp/stream" --expect "$tmp/expect"
# Memory still reachable at exit (libgomp's thread pool, jansson's hash seed)
# and "possibly lost" thread stacks are not leaks of the serve loop: only
# definite and indirect leaks count as errors.
valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
    --log-file="$tmp/valgrind.log" \
    "$rondo" serve --iterations 5 --max-line 8192 -q <"$tmp/stream" >"$tmp/answers" 2>"$tmp/err"
rc=$?
sed -n '/HEAP SUMMARY/,$p' "$tmp/valgrind.log" | sed 's/^==[0-9]*== //'
checker="$src/../shared/tools/check_plan.py"
check_args=()
[ -f "$checker" ] && check_args=(--check-plan "$checker")
python3 "$src/bench/serve_check.py" "$tmp/stream" "$tmp/expect" "$tmp/answers" "${check_args[@]}" \
    | tail -2
crc=${PIPESTATUS[0]}
if [ $rc -eq 0 ] && [ "$crc" -eq 0 ]; then
    echo "valgrind_serve: OK ($count requests, valgrind clean)"
    exit 0
fi
echo "valgrind_serve: FAIL (serve exit $rc under valgrind, answers check $crc)"
[ $rc -ne 0 ] && grep -m 40 -E 'Invalid|uninitialised|definitely|indirectly|at 0x|by 0x' "$tmp/valgrind.log"
exit 1
