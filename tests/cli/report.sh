#!/usr/bin/env bash
# End-to-end test of the HTML report (io/report.h): `rondo solve --html`,
# `rondo report`, a batch's index page, and the page in a real browser.
#   - tests/cli/report_check.py (html.parser, independent of rondo) finds in
#     each page every route, every step with its type, id, arrival and load,
#     every unassigned task with its reason, the summary's counts, no
#     reference out of the page, and a size under 5 MB; reload steps with the
#     load back to zero on the bundled city;
#   - `rondo report INPUT PLAN` writes the same bytes as `solve --html`;
#   - an input with matrices only gets a page without a map that says why;
#   - bad uses exit 2 with a message: a plan of another input (the vehicle or
#     job named), an error answer, --html on a .vrp, missing arguments;
#   - a batch with --html writes one report per JSON input and an index with
#     a row and links for every input;
#   - a 2,000-stop city's page stays under 5 MB;
#   - where Chromium is installed (.ci/run installs Debian's `chromium`): the
#     pages rendered headless with no network at all (a network namespace of
#     their own, `unshare -n`, when it can be made): no console message, the
#     script ran (data-ready, no data-js-error), the DOM after the script
#     passes report_check.py too, the route toggles are shown, and a
#     screenshot is taken.
# Ends with `N passed, M failed`; exits 1 on failure.
# usage: bash tests/cli/report.sh <rondo-binary> <source-dir>
set -u
rondo="$(realpath "${1:?usage: report.sh <rondo-binary> <source-dir>}")"
src="${2:?usage: report.sh <rondo-binary> <source-dir>}"
tools="$src/../shared/tools"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
. "$src/tests/lib/checks.sh"
check="python3 $src/tests/cli/report_check.py"

page_ok() { # page_ok NAME PLAN PAGE [ARGS]: report_check.py says OK
    local name="$1" plan="$2" page="$3" v
    shift 3
    v="$($check "$plan" "$page" "$@" 2>&1)"
    case "$v" in OK*) ok "$name: $v" ;; *) bad "$name: $(printf '%s' "$v" | head -5)" ;; esac
}

# ---- the bundled city (coordinates, reloads, breaks) ----
city="$src/instances/city-example.json"
"$rondo" solve "$city" --iterations 50 --seed 2 -q -o "$tmp/city.json" --html "$tmp/city.html"
expect "solve --html on the bundled city" $?
page_ok "city report" "$tmp/city.json" "$tmp/city.html" --reloads
expect "city report: a map with a focusable stop per served task and route toggles" \
    "$(grep -q '<svg id="mapsvg"' "$tmp/city.html" &&
       [ "$(grep -o 'class="stop r[0-9]*"[^>]*tabindex="0"' "$tmp/city.html" | wc -l)" -gt 300 ] &&
       grep -q 'id="toggles" hidden' "$tmp/city.html"; echo $?)"
expect "city report: a chart per route, a print stylesheet putting each route on a page" \
    "$([ "$(grep -c '<svg class="chart"' "$tmp/city.html")" = \
        "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["routes"]))' "$tmp/city.json")" ] &&
       grep -q 'article.route{break-before:page' "$tmp/city.html"; echo $?)"

# ---- an over-constrained generated city: stops left out, with reasons ----
"$rondo" generate --stations 60 --tradeins 20 --trucks 1 --vans 1 --seed 5 --matrix --no-reloads \
    -o "$tmp/over.json"
"$rondo" solve "$tmp/over.json" --iterations 30 -q -o "$tmp/over.plan.json" --html "$tmp/over.html"
expect "solve --html on an over-constrained city" $?
page_ok "over-constrained report" "$tmp/over.plan.json" "$tmp/over.html"
check_json "over-constrained plan" "$tmp/over.json" "$tmp/over.plan.json"
expect "over-constrained report: the reasons counted in the summary" \
    "$(grep -q 'class="reasons"' "$tmp/over.html"; echo $?)"
(cd "$tmp" && "$rondo" report over.json over.plan.json -o over2.html)
"$rondo" report "$tmp/over.json" "$tmp/over.plan.json" -o "$tmp/over2.html"
expect "rondo report writes the bytes solve --html wrote" "$(cmp -s "$tmp/over.html" "$tmp/over2.html"; echo $?)"
"$rondo" report "$tmp/over.json" "$tmp/over.plan.json" >"$tmp/over3.html"
expect "rondo report without -o: the page on stdout" "$(cmp -s "$tmp/over.html" "$tmp/over3.html"; echo $?)"

# ---- matrices only: no map, and the page says why ----
small="$src/tests/fixtures/json/small.json"
"$rondo" solve "$small" --iterations 20 -q -o "$tmp/small.plan.json" --html "$tmp/small.html"
expect "solve --html on an input with matrices only" $?
page_ok "matrices-only report" "$tmp/small.plan.json" "$tmp/small.html"
expect "matrices-only report: no map, the reason given" \
    "$(! grep -q 'id="mapsvg"' "$tmp/small.html" && grep -q 'No map: the input gives no coordinates' "$tmp/small.html"; echo $?)"

# ---- bad uses ----
"$rondo" report "$small" "$tmp/over.plan.json" -o "$tmp/x.html" 2>"$tmp/err"
rc=$?
expect "report of another input's plan: exit 2, the vehicle or job named ($(cat "$tmp/err"))" \
    "$([ $rc = 2 ] && grep -q 'is not in the input' "$tmp/err" && [ ! -e "$tmp/x.html" ]; echo $?)"
echo '{"code":2,"error":"vehicles[0]: missing"}' >"$tmp/error.json"
"$rondo" report "$small" "$tmp/error.json" 2>"$tmp/err" >/dev/null
rc=$?
expect "report of an error answer: exit 2 ($(cat "$tmp/err"))" \
    "$([ $rc = 2 ] && grep -q 'not a plan (code 2: vehicles\[0\]: missing)' "$tmp/err"; echo $?)"
"$rondo" report "$small" 2>"$tmp/err"
rc=$?
expect "report without a plan: exit 2" "$([ $rc = 2 ] && grep -q 'needs INPUT.json and PLAN.json' "$tmp/err"; echo $?)"
"$rondo" report "$src/instances/X-n101-k25.vrp" "$tmp/over.plan.json" 2>"$tmp/err"
rc=$?
expect "report of a .vrp: exit 2 ($(cat "$tmp/err"))" "$([ $rc = 2 ] && grep -q 'not JSON' "$tmp/err"; echo $?)"
"$rondo" solve "$src/instances/X-n101-k25.vrp" --iterations 5 -q -o "$tmp/x.sol" --html "$tmp/x.html" 2>"$tmp/err"
rc=$?
expect "solve --html on a .vrp: exit 2 ($(cat "$tmp/err"))" \
    "$([ $rc = 2 ] && grep -q 'needs JSON input' "$tmp/err" && [ ! -e "$tmp/x.html" ]; echo $?)"

# ---- a batch: a report per JSON input and an index ----
mkdir -p "$tmp/in"
cp "$tmp/over.json" "$small" "$src/instances/C101-25.txt" "$tmp/in/"
"$rondo" solve "$tmp/in" --out-dir "$tmp/out" --iterations 10 --html "$tmp/out/index.html" 2>"$tmp/err"
expect "batch with --html" $?
page_ok "batch: over.html" "$tmp/out/over.json" "$tmp/out/over.html"
page_ok "batch: small.html" "$tmp/out/small.json" "$tmp/out/small.html"
expect "batch: an index row per input, links to each plan and JSON report" \
    "$([ "$(grep -c '<tr data-input=' "$tmp/out/index.html")" = 3 ] &&
       grep -q 'href="C101-25.sol"' "$tmp/out/index.html" &&
       grep -q 'href="over.html"' "$tmp/out/index.html" &&
       grep -q 'href="small.json"' "$tmp/out/index.html" && [ ! -e "$tmp/out/C101-25.html" ]; echo $?)"

# ---- a 2,000-stop city stays under 5 MB ----
"$rondo" generate --stations 1800 --tradeins 200 --seed 3 -o "$tmp/c2k.json"
"$rondo" solve "$tmp/c2k.json" --iterations 2 -q -o "$tmp/c2k.plan.json" --html "$tmp/c2k.html"
expect "solve --html on a 2,000-stop city" $?
page_ok "2,000-stop report" "$tmp/c2k.plan.json" "$tmp/c2k.html" --reloads --max-bytes 5000000

# ---- in a real browser, with no network ----
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    ok "Chromium not installed: the browser checks skipped (.ci/run installs Debian's chromium)"
else
    netns=""
    if unshare -n true 2>/dev/null; then netns="unshare -n"; fi
    run_browser() { # run_browser PAGE OUT-ARGS...: headless, no network, console to stderr
        local page="$1" ud
        shift
        ud="$(mktemp -d "$tmp/ud.XXXX")"
        $netns timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
            --no-first-run --disable-background-networking --disable-component-update \
            --disable-sync --user-data-dir="$ud" --enable-logging=stderr --v=0 \
            --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9 "$@" "file://$page"
    }
    for name in city over small c2k; do
        run_browser "$tmp/$name.html" --dump-dom >"$tmp/$name.dom.html" 2>"$tmp/$name.log"
        rc=$?
        plan="$tmp/$name.plan.json"
        [ "$name" = city ] && plan="$tmp/city.json"
        # (messages of Chromium's own chrome:// pages are not the page's)
        console=$(grep 'CONSOLE' "$tmp/$name.log" | grep -vc 'source: chrome://')
        expect "Chromium ${netns:+(no network: $netns) }renders $name.html: exit $rc, $console console messages, script ran ($(grep -o 'data-load-ms="[0-9]*"' "$tmp/$name.dom.html"))" \
            "$([ $rc = 0 ] && [ "$console" = 0 ] && grep -q 'data-ready=' "$tmp/$name.dom.html" &&
               ! grep -q 'data-js-error="' "$tmp/$name.dom.html"; echo $?)"
        [ "$console" = 0 ] || grep 'CONSOLE' "$tmp/$name.log" | grep -v 'source: chrome://' | head -3
        page_ok "$name: the DOM after the script" "$plan" "$tmp/$name.dom.html" --max-bytes 99000000
    done
    expect "Chromium: the route toggles shown by the script" \
        "$(grep -q '<fieldset id="toggles">' "$tmp/city.dom.html"; echo $?)"
    run_browser "$tmp/city.html" --hide-scrollbars --window-size=1280,1600 \
        --screenshot="$tmp/city.png" >/dev/null 2>&1
    expect "Chromium: a screenshot of the city's report ($(stat -c %s "$tmp/city.png" 2>/dev/null) bytes)" \
        "$([ "$(stat -c %s "$tmp/city.png" 2>/dev/null || echo 0)" -gt 50000 ]; echo $?)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
