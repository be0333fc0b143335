#!/usr/bin/env bash
# rondo's one entry point for a fresh Debian 12 machine (run as root, or with the
# packages already installed):
#   ./build.sh example   install what is missing, build (release), solve the bundled examples
#   ./build.sh test      install what is missing, build, run every test
#   ./build.sh package   install what is missing, build, make the .deb (build/release/rondo_*.deb)
# PRESET=asan|debug|release (default release) picks the CMake preset.
set -euo pipefail
cd "$(dirname "$0")"

what=${1:-example}
preset=${PRESET:-release}
case "$what" in example|test|build|package) ;; *)
  echo "usage: $0 example|test|build|package   (PRESET=release|debug|asan)" >&2; exit 2 ;;
esac

# Debian packages the build and the tests need; nothing is downloaded from elsewhere.
# (Open MPI: `mpirun -np K rondo solve ...`, README "Running on a cluster")
packages="build-essential cmake pkg-config libglpk-dev libcurl4-openssl-dev libproj-dev
          libjansson-dev libcmocka-dev python3 clang-format libopenmpi-dev openmpi-bin"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "build.sh: missing Debian packages:$missing (run as root to install them)" >&2
    exit 1
  fi
  echo "build.sh: installing$missing" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
fi

log="build/$preset.log"
mkdir -p build
echo "build.sh: building the $preset preset (log: $log)" >&2
if ! { cmake --preset "$preset" && cmake --build --preset "$preset" -j "$(nproc)"; } >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "build.sh: build failed (full log: $log)" >&2
  exit 1
fi
bin="build/$preset/rondo"

case "$what" in
example)
  mkdir -p out
  # the example city: coordinates only (offline travel), reloads, breaks, skills
  "$bin" solve instances/city-example.json -l 10 -o out/city-example.json --svg out/city-example.svg \
    --html out/city-example.html
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print("  city-example: cost %d, %d routes, %d reloads, %d unassigned (out/city-example.json, map out/city-example.svg, report out/city-example.html)" % (s["cost"], s["routes"], s["reloads"], s["unassigned"]))' out/city-example.json
  for inst in instances/X-n101-k25.vrp instances/C101.txt; do
    name=$(basename "${inst%.*}")
    "$bin" solve "$inst" -l 3 -o "out/$name.sol"
    "$bin" check "$inst" "out/$name.sol" | sed "s/^/  /"
  done
  echo "solutions written to out/"
  ;;
test)
  ctest --preset "$preset" -j "$(nproc)"
  ;;
package)
  # a .deb of the program, librondo, rondo.h, pkg-config and CMake files, the
  # man page and the Python module (README "rondo as a library")
  (cd "build/$preset" && cpack -G DEB >cpack.log 2>&1) || { tail -n 20 "build/$preset/cpack.log" >&2; exit 1; }
  ls "build/$preset"/rondo_*.deb
  ;;
esac
