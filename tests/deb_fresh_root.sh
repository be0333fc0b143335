#!/usr/bin/env bash
# The .deb on a second fresh Debian 12 root (README "rondo as a library",
# the library issue's first criterion): debootstrap a minimal bookworm into
# ROOT (unless it is there), copy a pristine copy of it, and inside it, as
# root, with Debian's archive as the only source:
#   apt-get install ./rondo_*.deb    (only Debian dependencies)
#   rondo solve on the bundled examples (plans checked outside the root)
#   pkg-config --cflags --libs rondo; examples/c/solve.c compiled and run
#   the Python module on the bundled city and .vrp
# Not run by ctest (it downloads Debian packages: minutes); run by hand.
# usage: bash tests/deb_fresh_root.sh DEB [ROOT]    (as root; ROOT default build/fresh/root)
set -euo pipefail
deb=$(realpath "${1:?usage: deb_fresh_root.sh DEB [ROOT]}")
src="$(cd "$(dirname "$0")/.." && pwd)"
base="${2:-$src/build/fresh/root}"
if [ ! -x "$base/bin/sh" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
    debootstrap --variant=minbase bookworm "$base" http://deb.debian.org/debian
fi
root="$base.test"
rm -rf "$root"
cp -a "$base" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
mkdir -p "$root/tmp/ex"
cp "$src/examples/c/solve.c" "$src/examples/python/solve.py" "$root/tmp/ex/"
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }
echo "== apt-get install ./$(basename "$deb") (fresh minbase root: $(in_root dpkg -l | grep -c '^ii') packages)"
in_root bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/'"$(basename "$deb")"' >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 1; }'
in_root bash -c 'dpkg -s rondo | grep -E "^(Status|Version|Depends)"; echo "sources: $(grep -h ^deb /etc/apt/sources.list)"'
ex=/usr/share/doc/rondo/examples
echo "== rondo solve on the bundled examples"
in_root rondo --version
in_root rondo solve $ex/city-example.json -l 5 -o /tmp/city.json
in_root rondo solve $ex/X-n101-k25.vrp -l 3 -o /tmp/x.sol
in_root rondo solve $ex/C101.txt -l 3 -o /tmp/c101.sol
python3 "$src/../shared/tools/check_solution.py" "$src/instances/X-n101-k25.vrp" "$root/tmp/x.sol"
python3 "$src/../shared/tools/check_solution.py" --round trunc1 "$src/instances/C101.txt" "$root/tmp/c101.sol"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print("city-example: cost %d, %d routes, %d unassigned" % (s["cost"], s["routes"], s["unassigned"]))' "$root/tmp/city.json"
echo "== pkg-config and examples/c/solve.c (gcc, pkg-config from Debian)"
in_root bash -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev pkg-config >/tmp/apt2.log 2>&1 || { tail /tmp/apt2.log; exit 1; }'
in_root pkg-config --cflags --libs rondo
in_root bash -c 'cc -std=c99 -Wall -Wextra -Werror /tmp/ex/solve.c $(pkg-config --cflags --libs rondo) -o /tmp/ex/solve && /tmp/ex/solve '$ex'/C101.txt 2 >/tmp/ex.sol'
python3 "$src/../shared/tools/check_solution.py" --round trunc1 "$src/instances/C101.txt" "$root/tmp/ex.sol"
echo "== the Python module (Debian's python3)"
in_root bash -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 >/tmp/apt3.log 2>&1 || { tail /tmp/apt3.log; exit 1; }'
in_root python3 /tmp/ex/solve.py $ex/city-example.json 3 | head -3
in_root python3 -c 'import rondo; a = rondo.solve("'$ex'/X-n101-k25.vrp", iterations=50); print("python: X-n101-k25 cost", a["summary"]["cost"], "routes", a["summary"]["routes"])'
echo "deb_fresh_root: OK"
