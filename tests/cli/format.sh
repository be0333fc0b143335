#!/usr/bin/env bash
# Style check: every C source and header is formatted as .clang-format says
# (clang-format 14, Debian 12's). Prints `N passed, M failed`.
# usage: bash tests/cli/format.sh <rondo-binary> <source-dir>
set -u
src="${2:?usage: format.sh <rondo-binary> <source-dir>}"
cd "$src" || exit 1
command -v clang-format >/dev/null || { echo "clang-format not installed (./build.sh installs it)"; exit 1; }
passed=0 failed=0
for f in $(find model cli solver heuristics io api tests examples -name '*.[ch]' | sort); do
    if clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $f is not clang-formatted (run: clang-format -i $f)"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
