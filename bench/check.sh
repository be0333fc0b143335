#!/usr/bin/env bash
# check.sh: verify the solutions `rondo bench LIST --out OUTDIR` wrote, with the
# outside checker (../shared/tools/check_solution.py), which recomputes each
# .sol from scratch (capacity, time windows, each customer once, claimed cost).
#
# usage: bench/check.sh LIST OUTDIR [--dir DIR]
#   LIST    the list given to `rondo bench` (paths relative to DIR, '#' comments)
#   OUTDIR  the folder given to --out (holds <name>.sol per instance)
#   --dir   instance folder (default ../shared/instances, as for rondo bench);
#           the checker is DIR/../tools/check_solution.py
#
# Convention per set (DIMACS rules for VRPTW): cvrp/* nint, vrptw/solomon and
# vrptw/homberger/1000 trunc1, anything else the checker's default.
# Prints one line per instance and `N passed, M failed`; exits 1 if any failed,
# 2 for bad usage.
set -u

usage() {
    echo "usage: bench/check.sh LIST OUTDIR [--dir DIR]" >&2
    exit 2
}

list="" out="" dir="../shared/instances"
while [ $# -gt 0 ]; do
    case "$1" in
        --dir)
            [ $# -ge 2 ] || usage
            dir="$2"
            shift 2
            ;;
        -h | --help)
            sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        -*) usage ;;
        *)
            if [ -z "$list" ]; then list="$1"
            elif [ -z "$out" ]; then out="$1"
            else usage
            fi
            shift
            ;;
    esac
done
[ -n "$list" ] && [ -n "$out" ] || usage
[ -r "$list" ] || { echo "check.sh: cannot read $list" >&2; exit 2; }
[ -d "$out" ] || { echo "check.sh: no folder $out" >&2; exit 2; }
checker="$dir/../tools/check_solution.py"
[ -r "$checker" ] || { echo "check.sh: no checker at $checker" >&2; exit 2; }

passed=0 failed=0
while IFS= read -r line || [ -n "$line" ]; do
    entry="${line%%#*}"
    entry="${entry%$'\r'}"
    entry="$(printf '%s' "$entry" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')"
    [ -n "$entry" ] || continue
    base="${entry##*/}"
    name="${base%.*}"
    case "$entry" in
        cvrp/*) round=(--round nint) ;;
        vrptw/solomon/* | vrptw/homberger/1000/*) round=(--round trunc1) ;;
        *) round=() ;;
    esac
    sol="$out/$name.sol"
    if [ ! -f "$sol" ]; then
        printf '%-16s FAIL no solution file %s\n' "$name" "$sol"
        failed=$((failed + 1))
        continue
    fi
    msg="$(python3 "$checker" "$dir/$entry" "$sol" "${round[@]}" 2>&1)"
    rc=$?
    if [ $rc -eq 0 ]; then
        printf '%-16s pass %s\n' "$name" "$msg"
        passed=$((passed + 1))
    else
        printf '%-16s FAIL %s\n' "$name" "$msg"
        failed=$((failed + 1))
    fi
done <"$list"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
