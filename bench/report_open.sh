#!/usr/bin/env bash
# report_open.sh: how long Debian's Chromium takes to open rondo's HTML report
# of a 2,000-stop plan (the HTML report issue's third criterion). Generates
# the city (`rondo generate --stations 1800 --tradeins 200 --seed 3`:
# coordinates only, reloads), solves it (--iterations 20), writes the report,
# then opens it RUNS times headless (--dump-dom, no network: its own network
# namespace when `unshare -n` works) and prints per run the page's own
# figures (data-ready: the script done; data-load-ms: the load event, both in
# ms since navigation start) and the wall time of the whole browser process
# (start-up included), then the page's size. Run alone on the machine.
# usage: bash bench/report_open.sh RONDO OUTDIR [RUNS]   (from the repository root)
set -eu
rondo=$(realpath "$1")
out=$2
runs=${3:-5}
mkdir -p "$out"
browser=$(command -v chromium || command -v chromium-browser) || {
    echo "Chromium not installed (apt-get install chromium)" >&2
    exit 1
}
netns=""
if unshare -n true 2>/dev/null; then netns="unshare -n"; fi
"$rondo" generate --stations 1800 --tradeins 200 --seed 3 -o "$out/c2000.json"
"$rondo" solve "$out/c2000.json" --iterations 20 -q -o "$out/c2000.plan.json" --html "$out/c2000.html"
python3 tests/cli/report_check.py "$out/c2000.plan.json" "$out/c2000.html" --reloads
echo "run  ready_ms  load_ms  browser_wall_s"
for i in $(seq 1 "$runs"); do
    ud=$(mktemp -d)
    t0=$(date +%s%N)
    $netns "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$ud" --dump-dom "file://$(realpath "$out/c2000.html")" \
        >"$out/dom.html" 2>/dev/null
    wall=$(( ($(date +%s%N) - t0) / 1000000 ))
    rm -rf "$ud"
    ready=$(grep -o 'data-ready="[0-9]*"' "$out/dom.html" | grep -o '[0-9]*')
    load=$(grep -o 'data-load-ms="[0-9]*"' "$out/dom.html" | grep -o '[0-9]*')
    awk -v i="$i" -v r="$ready" -v l="$load" -v w="$wall" 'BEGIN { printf "%3d  %8s  %7s  %14.2f\n", i, r, l, w / 1000 }'
done
echo "page: $(stat -c %s "$out/c2000.html") bytes; $("$browser" --version)"
