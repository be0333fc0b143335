#!/usr/bin/env bash
# Sizes outside the tests: no .c file over 900 lines, no function over 120
# lines (from the line that opens its definition to its closing brace in
# column 0). usage: sizes.sh RONDO SRCDIR [--list N]: with --list, prints the
# N longest functions (lines, file:line, name) and the longest files, and
# checks nothing. The binary is not used.
set -u
src=${2:?usage: sizes.sh RONDO SRCDIR [--list N]}
cd "$src" || exit 1
files=$(ls model/*.c heuristics/*.c solver/*.c io/*.c cli/*.c api/*.c)
# shellcheck disable=SC2086
functions() {
    awk '
    /^[A-Za-z].*[)] *[{]$/ || /^[A-Za-z][^;]*[(][^;]*$/ && !inside {
        if (!inside) { start = FNR; name = $0; inside = 1 }
    }
    inside && /^}/ {
        n = FNR - start + 1; sub(/\(.*/, "", name); k = split(name, w, /[ *]+/)
        printf "%5d %s:%d %s\n", n, FILENAME, start, w[k]; inside = 0
    }' $files | sort -rn
}
if [ "${3:-}" = --list ]; then
    echo "longest functions:"
    functions | head -"${4:-10}"
    echo "longest files:"
    # shellcheck disable=SC2086
    wc -l $files | sort -rn | sed -n "2,$((${4:-10} + 1))p"
    exit 0
fi
fail=0
long_fn=$(functions | awk '$1 > 120')
if [ -n "$long_fn" ]; then
    echo "FAIL functions over 120 lines:"
    echo "$long_fn"
    fail=1
fi
# shellcheck disable=SC2086
long_file=$(wc -l $files | awk '$2 != "total" && $1 > 900')
if [ -n "$long_file" ]; then
    echo "FAIL files over 900 lines:"
    echo "$long_file"
    fail=1
fi
[ $fail = 0 ] && echo "sizes: OK (longest function $(functions | head -1 | awk '{print $1}') lines)"
exit $fail
