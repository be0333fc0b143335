#!/usr/bin/env bash
# Writes the rondo(1) man page on stdout, from the program's own help texts
# (`rondo --help`, `rondo COMMAND --help`, `rondo help vroom`), so that the
# page never drifts from the program. Usage: man.sh RONDO VERSION
set -euo pipefail
rondo=${1:?usage: man.sh RONDO VERSION}
version=${2:?usage: man.sh RONDO VERSION}
# roff: a backslash is \e; a line starting with . or ' would be a request
esc() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }
block() { echo ".nf"; "$@" 2>&1 | esc; echo ".fi"; }
cat <<HEAD
.TH RONDO 1 "" "rondo $version" "User Commands"
.SH NAME
rondo \- route optimisation for collection rounds (VRP solver, VROOM drop-in)
.SH SYNOPSIS
.B rondo
.I COMMAND
.RI [ ARGS... ]
.br
.B rondo
.RI [ "VROOM's options" ]
.SH DESCRIPTION
HEAD
block "$rondo" --help
for cmd in solve serve check bench matrix generate report; do
  echo ".SH COMMAND: $cmd"
  block "$rondo" "$cmd" --help
done
echo ".SH VROOM COMMAND LINE"
block "$rondo" help vroom
cat <<'TAIL'
.SH EXIT STATUS
0 success, 1 internal error, 2 input error, 3 routing error; 128 + the
signal's number when a signal stopped a batch before every input was solved.
.SH FILES
The library librondo.so and its header rondo.h (pkg-config rondo) give the
same solver to C programs; the Python module rondo wraps it.
.SH SEE ALSO
.BR vroom (1),
.BR mpirun (1)
TAIL
