#!/usr/bin/env bash
# librondo as its users get it (README "rondo as a library"): `cmake
# --install` into a scratch prefix, then
#   - the shared library exports the API's symbols only (nm -D);
#   - rondo.h compiles as C99 with -pedantic and as C++;
#   - examples/c/solve.c builds through pkg-config and solves the bundled
#     .vrp and city (plans checked by the outside checker);
#   - a CMake project finds it with find_package(rondo);
#   - the installed program runs with the installed library;
#   - the man page renders;
#   - the Python module's tests pass against the installed library (Debian's
#     python3; skipped in sanitizer builds, whose library needs the ASan
#     runtime loaded first).
# Usage: library.sh RONDO SRCDIR
set -u
rondo="$1" src="$2"
build="$(cd "$(dirname "$rondo")" && pwd)"
tools="$src/../shared/tools"
. "$src/tests/lib/checks.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1
expect "cmake --install into a scratch prefix" $?
lib=$(find "$prefix" -name 'librondo.so.0' | head -1)
libdir=$(dirname "$lib")
expect "librondo.so.0 installed ($lib)" "$([ -f "$lib" ]; echo $?)"
for f in include/rondo.h bin/rondo share/man/man1/rondo.1; do
    expect "installed: $f" "$([ -e "$prefix/$f" ]; echo $?)"
done
expect "installed: librondo.a, rondo.pc, rondoConfig.cmake" \
    "$([ -f "$libdir/librondo.a" ] && [ -f "$libdir/pkgconfig/rondo.pc" ] &&
       [ -f "$libdir/cmake/rondo/rondoConfig.cmake" ]; echo $?)"

# only the API is exported
syms=$(nm -D --defined-only "$lib" | awk '{print $3}')
other=$(printf '%s\n' "$syms" | grep -v '^rondo_' || true)
expect "nm -D: only rondo_* symbols ($(printf '%s\n' "$syms" | wc -l) of them)" \
    "$([ -z "$other" ] && printf '%s\n' "$syms" | grep -qx rondo_solve; echo $?)"
[ -n "$other" ] && printf '    %s\n' $other
api=$(grep -o 'RONDO_API [^(]*rondo_[a-z_]*(' "$src/api/rondo.h" | sed 's/($//; s/.*[ *]//' | sort)
expect "every RONDO_API function of rondo.h is exported" \
    "$([ "$api" = "$(printf '%s\n' "$syms" | sort)" ]; echo $?)"

# the header alone, strict C99 and C++
echo '#include <rondo.h>
int main(void) { return rondo_version() ? 0 : 1; }' >"$tmp/h.c"
cc -std=c99 -Wall -Wextra -pedantic -Werror -I"$prefix/include" -c "$tmp/h.c" -o "$tmp/h.o"
expect "rondo.h: cc -std=c99 -Wall -Wextra -pedantic" $?
if command -v c++ >/dev/null; then
    c++ -std=c++11 -Wall -Wextra -pedantic -Werror -I"$prefix/include" -x c++ -c "$tmp/h.c" \
        -o "$tmp/hpp.o"
    expect "rondo.h: c++ -std=c++11 -Wall -Wextra -pedantic" $?
else
    bad "rondo.h from C++: no c++ compiler (build.sh installs g++)"
fi

# the example through pkg-config (no rpath: LD_LIBRARY_PATH, as a user of a
# non-standard prefix would)
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags="$(pkg-config --cflags --libs rondo)"
expect "pkg-config --cflags --libs rondo: $flags" $?
cc -std=c99 -Wall -Wextra -Werror "$src/examples/c/solve.c" $flags -o "$tmp/solve"
expect "examples/c/solve.c builds against the installed library" $?
export LD_LIBRARY_PATH="$libdir"
sanitized=0
ldd "$lib" | grep -q libasan && sanitized=1
if [ $sanitized = 0 ]; then
    "$tmp/solve" "$src/instances/X-n101-k25.vrp" 1 >"$tmp/x.sol" 2>"$tmp/x.err"
    expect "example solves X-n101-k25.vrp: $(cat "$tmp/x.err")" $?
    check_sol "example's X-n101-k25 plan" "$src/instances/X-n101-k25.vrp" "$tmp/x.sol"
    "$tmp/solve" "$src/instances/city-example.json" 1 >"$tmp/city.json" 2>"$tmp/city.err"
    expect "example solves the bundled city: $(cat "$tmp/city.err")" $?
    "$tmp/solve" "$src/tests/fixtures/negative_capacity.vrp" 1 >/dev/null 2>"$tmp/neg.err"
    rc=$?
    expect "example on a bad file: status 2, line named ($(cat "$tmp/neg.err"))" \
        "$([ $rc = 2 ] && grep -q 'negative_capacity.vrp:' "$tmp/neg.err"; echo $?)"
fi

# find_package(rondo) from a CMake project
mkdir -p "$tmp/cm"
cat >"$tmp/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.21)
project(user C)
find_package(rondo 0.1 REQUIRED)
add_executable(solve $src/examples/c/solve.c)
target_link_libraries(solve PRIVATE rondo::rondo)
CM
cmake -S "$tmp/cm" -B "$tmp/cm/b" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/cm.log" 2>&1 &&
    cmake --build "$tmp/cm/b" >>"$tmp/cm.log" 2>&1
rc=$?
expect "find_package(rondo) and rondo::rondo build examples/c/solve.c" $rc
[ $rc = 0 ] || tail -5 "$tmp/cm.log"

# the installed program with the installed library
unset LD_LIBRARY_PATH
if [ $sanitized = 0 ]; then
    "$prefix/bin/rondo" solve "$src/instances/C101-25.txt" --iterations 20 -q -o "$tmp/c.sol"
    expect "installed rondo runs (library found through its RUNPATH)" $?
    expect "installed rondo uses the installed librondo" \
        "$(used=$(ldd "$prefix/bin/rondo" | awk '/librondo/ {print $3}')
           [ "$(realpath "$used")" = "$(realpath "$lib")" ]; echo $?)"
fi
man -l "$prefix/share/man/man1/rondo.1" 2>/dev/null | grep -q -- '--iterations' ||
    grep -q -- 'iterations' "$prefix/share/man/man1/rondo.1"
expect "rondo(1) holds the commands' options" $?

# the Python module, installed, with Debian's python3
py=/usr/bin/python3
[ -x $py ] || py=python3
pydir=$(find "$prefix" -type d -name dist-packages | head -1)
if [ $sanitized = 1 ]; then
    ok "Python module: skipped (sanitizer build)"
elif [ -z "$pydir" ]; then
    bad "Python module not installed"
else
    RONDO_LIBRARY="$lib" RONDO_PROGRAM="$prefix/bin/rondo" PYTHONPATH="$pydir" \
        $py -m unittest discover -s "$src/python/tests" >"$tmp/py.log" 2>&1
    rc=$?
    expect "Python module: $(tail -1 "$tmp/py.log") ($($py --version))" $rc
    [ $rc = 0 ] || tail -30 "$tmp/py.log"
fi

echo "library: $passed passed, $failed failed"
[ "$failed" = 0 ]
