#!/usr/bin/env bash
# The layers' arrows point down only (README "Layout"):
#   cli -> solver, io -> heuristics -> model;  io -> model (and solver/plan.h's types)
# model/ includes nothing above it, heuristics/ nothing from solver, io or cli,
# solver/ nothing from io or cli; one file includes glpk.h, one mpi.h; only io/ includes
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
check model 'solver/\|heuristics/\|io/\|cli/' "a layer above it"
check heuristics 'solver/\|io/\|cli/' "solver/, io/ or cli/"
check solver 'io/\|cli/' "io/ or cli/"
check io 'cli/\|heuristics/' "cli/ or heuristics/"
glpk=$(grep -l '#include <glpk.h>' model/*.[ch] heuristics/*.[ch] solver/*.[ch] io/*.[ch] cli/*.[ch])
[ "$glpk" = "solver/sp.c" ] || bad "glpk.h is included outside solver/sp.c" "$glpk"
mpi=$(grep -l '#include <mpi.h>' model/*.[ch] heuristics/*.[ch] solver/*.[ch] io/*.[ch] cli/*.[ch])
[ "$mpi" = "solver/par.c" ] || bad "mpi.h is included outside solver/par.c" "$mpi"
ext=$(grep -ln '#include <\(curl/\|proj\.h\)' model/*.[ch] heuristics/*.[ch] solver/*.[ch] cli/*.[ch])
[ -z "$ext" ] || bad "libcurl or PROJ included outside io/" "$ext"
[ -d model ] || bad "no model/ directory" ""
if [ $fail = 0 ]; then echo "layers: OK"; fi
exit $fail
