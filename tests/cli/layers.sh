#!/usr/bin/env bash
# The layers' arrows point down only (README "Layout"):
#   api -> cli -> solver, io -> heuristics -> model;  io -> model (and solver/plan.h's types)
# model/ includes nothing above it, heuristics/ nothing from solver, io or cli,
# solver/ nothing from io or cli; glpk.h in solver/sp.c (set partitioning) and
# solver/cg.c (column generation's LP) only, mpi.h in one file; only io/ includes
# libcurl or PROJ. Usage: layers.sh RONDO SRCDIR (the binary is not used).
set -u
src=${2:?usage: layers.sh RONDO SRCDIR}
cd "$src" || exit 1
fail=0
bad() {
    echo "FAIL: $1"
    printf '%s\n' "$2" | sed 's/^/    /'
    fail=1
}
check() { # check DIR PATTERN WHAT: no file of DIR includes a header matching PATTERN
    local hits
    hits=$(grep -n "#include [\"<]\\($2\\)" "$1"/*.[ch] 2>/dev/null)
    [ -z "$hits" ] || bad "$1/ includes $3" "$hits"
}
check model 'solver/\|heuristics/\|io/\|cli/\|api/' "a layer above it"
check heuristics 'solver/\|io/\|cli/\|api/' "solver/, io/, cli/ or api/"
check solver 'io/\|cli/\|api/' "io/, cli/ or api/"
check io 'cli/\|heuristics/\|api/' "cli/, heuristics/ or api/"
check cli 'api/' "api/ (the public API sits on top of the program's front)"
# the public header stands alone: only standard headers
pub=$(grep -n '#include' api/rondo.h | grep -v '<std\(def\|int\)\.h>')
[ -z "$pub" ] || bad "api/rondo.h includes more than <stddef.h> and <stdint.h>" "$pub"
glpk=$(grep -l '#include <glpk.h>' model/*.[ch] heuristics/*.[ch] solver/*.[ch] io/*.[ch] cli/*.[ch] api/*.[ch])
[ "$(echo $glpk)" = "solver/cg.c solver/sp.c" ] ||
    bad "glpk.h is included outside solver/sp.c and solver/cg.c" "$glpk"
mpi=$(grep -l '#include <mpi.h>' model/*.[ch] heuristics/*.[ch] solver/*.[ch] io/*.[ch] cli/*.[ch] api/*.[ch])
[ "$mpi" = "solver/par.c" ] || bad "mpi.h is included outside solver/par.c" "$mpi"
ext=$(grep -ln '#include <\(curl/\|proj\.h\)' model/*.[ch] heuristics/*.[ch] solver/*.[ch] cli/*.[ch] api/*.[ch])
[ -z "$ext" ] || bad "libcurl or PROJ included outside io/" "$ext"
[ -d model ] || bad "no model/ directory" ""
if [ $fail = 0 ]; then echo "layers: OK"; fi
exit $fail
