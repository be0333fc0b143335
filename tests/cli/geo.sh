#!/usr/bin/env bash
# End-to-end test of travel from coordinates (io/geo.c through the JSON
# reader): tests/fixtures/geo/hamburg.json (13 stops in Hamburg, two profiles,
# a shared location, coordinates only, no matrices) is solved offline; its
# plan is checked by ../shared/tools/check_plan.py against a matrix-given twin
# built by tests/cli/geo_twin.py (Vincenty's geodesic in Python, computed
# independently of rondo); the same with a projected CRS (EPSG:25832, the twin
# from Euclidean distances); -g geometry decoded back to the stops'
# coordinates; the maps (--geojson parsed back, --svg well-formed XML with one
# path per route); serve mode; and every error with its exact message and
# exit 2. Ends with `N passed, M failed`; exits 1 on failure.
# usage: bash tests/cli/geo.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: geo.sh <rondo-binary> <source-dir>}"
src="${2:?usage: geo.sh <rondo-binary> <source-dir>}"
fix="$src/tests/fixtures/geo"
twin="$src/tests/cli/geo_twin.py"
checker="$src/../shared/tools/check_plan.py"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# check NAME TWIN PLAN: check_plan.py says OK (or, without it, the plan parses).
check() {
    local name="$1" in="$2" out="$3" verdict
    if [ ! -f "$checker" ]; then
        if python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["code"])' "$out"; then
            ok "$name (check_plan.py not found: parse only)"
        else
            bad "$name: answer"
        fi
        return
    fi
    verdict="$(python3 "$checker" "$in" "$out")"
    case "$verdict" in
    OK*) ok "$name: $verdict" ;;
    *) bad "$name: check_plan.py: $verdict" ;;
    esac
}

# ---- coordinates only, WGS84 ----
hh="$fix/hamburg.json"
if timeout 60 "$rondo" solve "$hh" --seed 1 --iterations 50 -q -o "$tmp/plan.json" 2>"$tmp/err"; then
    ok "hamburg.json solves offline"
else
    bad "hamburg.json: exit $?: $(head -c 300 "$tmp/err")"
fi
python3 "$twin" "$hh" "$tmp/twin.json"
check "plan against the geodesic twin" "$tmp/twin.json" "$tmp/plan.json"
# The twin solved with the same seed gives the same plan: same matrices, same locations.
timeout 60 "$rondo" solve "$tmp/twin.json" --seed 1 --iterations 50 -q -o "$tmp/plan2.json"
if python3 - "$tmp/plan.json" "$tmp/plan2.json" <<'EOF'; then ok "same plan as the matrix-given twin"; else bad "plan differs from the twin's"; fi
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d["summary"].pop("computing_times")
    for r in d["routes"]:
        for s in r["steps"]:
            s.pop("location", None)
    for u in d["unassigned"]:
        u.pop("location", None)
sys.exit(0 if a == b else 1)
EOF
# distances are reported (computed), the shared location has one index
if python3 - "$tmp/plan.json" <<'EOF'; then ok "distances reported, equal coordinates share a location_index"; else bad "distances / location_index"; fi
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["distance"] > 0 and all("distance" in r for r in d["routes"])
idx = {}
for r in d["routes"]:
    for s in r["steps"]:
        if "location" in s:
            idx.setdefault(tuple(s["location"]), set()).add(s["location_index"])
for u in d["unassigned"]:
    idx.setdefault(tuple(u["location"]), set()).add(u["location_index"])
assert all(len(v) == 1 for v in idx.values()), idx
assert len({i for v in idx.values() for i in v}) == len(idx)
EOF

# ---- -g: geometry = the stops' coordinates, encoded ----
timeout 60 "$rondo" solve "$hh" --seed 1 --iterations 50 -q -g -o "$tmp/plan_g.json"
if python3 - "$tmp/plan_g.json" <<'EOF'; then ok "-g: each route's geometry decodes to its stops"; else bad "-g geometry"; fi
import json, sys

def decode(s):
    pts, i, lat, lon = [], 0, 0, 0
    while i < len(s):
        vals = []
        for _ in range(2):
            shift = result = 0
            while True:
                b = ord(s[i]) - 63
                i += 1
                result |= (b & 0x1f) << shift
                shift += 5
                if b < 0x20:
                    break
            vals.append(~(result >> 1) if result & 1 else result >> 1)
        lat += vals[0]
        lon += vals[1]
        pts.append((lat / 1e5, lon / 1e5))
    return pts

d = json.load(open(sys.argv[1]))
assert d["routes"]
for r in d["routes"]:
    want = [(s["location"][1], s["location"][0]) for s in r["steps"] if "location" in s]
    got = decode(r["geometry"])
    assert len(got) == len(want), (len(got), len(want))
    assert all(abs(a - c) < 6e-6 and abs(b - e) < 6e-6 for (a, b), (c, e) in zip(got, want))
    assert "distance" in r
EOF

# ---- maps: --geojson parsed back, --svg well-formed with one path per route ----
if timeout 60 "$rondo" solve "$hh" --seed 1 --iterations 50 -q -o "$tmp/plan_m.json" \
    --geojson "$tmp/plan.geojson" --svg "$tmp/plan.svg" 2>"$tmp/err"; then
    ok "--geojson and --svg written"
else
    bad "maps: exit $?: $(head -c 300 "$tmp/err")"
fi
if python3 - "$tmp/plan_m.json" "$tmp/plan.geojson" <<'EOF'; then ok "GeoJSON: a point per served task, a line per route, unassigned with reasons"; else bad "GeoJSON"; fi
import json, sys
plan, gj = (json.load(open(p)) for p in sys.argv[1:3])
assert gj["type"] == "FeatureCollection"
assert gj["summary"] == {"cost": plan["summary"]["cost"], "routes": len(plan["routes"]),
                         "unassigned": len(plan["unassigned"])}
feats = gj["features"]
lines = [f for f in feats if f["geometry"]["type"] == "LineString"]
assert len(lines) == len(plan["routes"])
for f, r in zip(lines, plan["routes"]):
    p = f["properties"]
    assert p["vehicle"] == r["vehicle"] and p["cost"] == r["cost"] and p["distance"] == r["distance"]
    assert f["geometry"]["coordinates"] == [s["location"] for s in r["steps"]]
stops = {(f["properties"]["type"], f["properties"]["id"]): f for f in feats
         if f["properties"]["kind"] == "stop" and "id" in f["properties"]}
for r in plan["routes"]:
    for s in r["steps"]:
        if s["type"] in ("start", "end"):
            continue
        f = stops[(s["type"], s["id"])]
        assert f["geometry"] == {"type": "Point", "coordinates": s["location"]}
        assert f["properties"]["arrival"] == s["arrival"] and f["properties"]["load"] == s["load"]
        assert f["properties"]["vehicle"] == r["vehicle"]
served = sum(s["type"] not in ("start", "end") for r in plan["routes"] for s in r["steps"])
assert len(stops) == served
un = [f for f in feats if f["properties"]["kind"] == "unassigned"]
assert sorted((f["properties"]["id"], f["properties"]["reason"]) for f in un) == \
    sorted((u["id"], u["reason"]) for u in plan["unassigned"])
assert all(f["geometry"]["type"] == "Point" for f in un)
EOF
svg_check() { # svg_check NAME SVG ROUTES SERVED UNASSIGNED COST
    if python3 - "$@" <<'EOF'; then ok "$1: SVG well-formed, one path per route, stops, crosses, legend"; else bad "$1: SVG"; fi
import sys
import xml.etree.ElementTree as ET
svg, routes, served, unassigned, cost = sys.argv[2:7]
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(svg).getroot()
assert root.tag == ns + "svg"
paths = root.findall(".//" + ns + "path")
assert len(paths) == int(routes), len(paths)
assert len({p.get("stroke") for p in paths}) == min(int(routes), 10)
assert len(root.findall(".//" + ns + "circle")) == int(served)
assert len([g for g in root.findall(ns + "g") if g.get("class") == "unassigned"]) == int(unassigned)
assert root.findall(ns + "rect[@class='depot']")
legend = [t.text for t in root.findall(ns + "text")]
want = f"cost {cost}, {routes} route{'' if routes == '1' else 's'}, {unassigned} unassigned"
assert want in legend, (want, legend)
EOF
}
read -r nr ns nu cost < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["routes"]), sum(s["type"] not in ("start","end") for r in d["routes"] for s in r["steps"]), len(d["unassigned"]), d["summary"]["cost"])' "$tmp/plan_m.json")
svg_check "hamburg" "$tmp/plan.svg" "$nr" "$ns" "$nu" "$cost"
# a benchmark file with planar coordinates: SVG too (routes as in the .sol)
if timeout 60 "$rondo" solve "$src/instances/C101-25.txt" --iterations 20 -q -o "$tmp/c.sol" --svg "$tmp/c.svg"; then
    nr="$(grep -c '^Route #' "$tmp/c.sol")"
    ns="$(grep '^Route #' "$tmp/c.sol" | sed 's/.*://' | wc -w)"
    svg_check "C101-25.txt" "$tmp/c.svg" "$nr" "$ns" 0 "$(sed -n 's/^Cost //p' "$tmp/c.sol")"
else
    bad "C101-25.txt --svg: exit $?"
fi
# maps need coordinates: refused before solving, exit 2
"$rondo" solve "$src/instances/C101-25.txt" -q --geojson "$tmp/x.geojson" 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && [ ! -e "$tmp/x.geojson" ] &&
    grep -qF "rondo: error: $src/instances/C101-25.txt: --geojson needs JSON input with [lon, lat] coordinates (use --svg for .vrp/.txt)" "$tmp/err"; then
    ok "--geojson on a .txt: exit 2"
else
    bad "--geojson on a .txt: rc $rc, $(cat "$tmp/err")"
fi
printf '{"vehicles":[{"id":1,"start_index":0}],"jobs":[{"id":1,"location_index":1,"location":[9.98,53.56]}],"matrix":[[0,1],[1,0]]}' >"$tmp/nocoord.json"
"$rondo" solve "$tmp/nocoord.json" -q --svg "$tmp/x.svg" >"$tmp/out" 2>"$tmp/err"
rc=$?
want='--svg: location 0 has no coordinates (give `location`, `start` and `end` next to the indices)'
if [ $rc -eq 2 ] && [ ! -e "$tmp/x.svg" ] &&
    python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1])) == {"code": 2, "error": sys.argv[2]} else 1)' "$tmp/out" "$want"; then
    ok "--svg without coordinates: exit 2"
else
    bad "--svg without coordinates: rc $rc, $(head -c 300 "$tmp/out")"
fi

# ---- a projected CRS: Euclidean metres ----
python3 - "$tmp/crs.json" "$tmp/crs_twin.json" <<'EOF'
import json, math, sys
pts = [(566000, 5934000), (563200, 5935100), (568400, 5937800), (570100, 5933200),
       (565100, 5930900), (561900, 5936600), (567300, 5932100)]
doc = {"crs": "EPSG:25832",
       "vehicles": [{"id": 7, "start": list(pts[0]), "end": list(pts[0]), "capacity": [4]}],
       "jobs": [{"id": k, "location": list(p), "service": 60, "pickup": [1]}
                for k, p in enumerate(pts[1:], 1)],
       "options": {"speeds": {"car": 10}, "detour": 1.2}}
json.dump(doc, open(sys.argv[1], "w"))
n = len(pts)
d = [[math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]) for j in range(n)] for i in range(n)]
twin = json.loads(json.dumps(doc))
twin["vehicles"][0].update(start_index=0, end_index=0)
for k, j in enumerate(twin["jobs"], 1):
    j["location_index"] = k
twin["matrices"] = {"car": {"distances": [[int(x + 0.5) for x in row] for row in d],
                            "durations": [[int(x * 1.2 / 10 + 0.5) for x in row] for row in d]}}
json.dump(twin, open(sys.argv[2], "w"))
EOF
if timeout 60 "$rondo" solve "$tmp/crs.json" --seed 1 --iterations 30 -q -o "$tmp/crs_plan.json" 2>"$tmp/err"; then
    check "crs EPSG:25832 against the Euclidean twin" "$tmp/crs_twin.json" "$tmp/crs_plan.json"
else
    bad "crs: exit $?: $(head -c 300 "$tmp/err")"
fi

# its SVG is drawn to scale in metres: the frame is the points' extent (8,200 m x
# 6,900 m) at one scale inside the 800 px picture, each route point where its
# metres put it
if timeout 60 "$rondo" solve "$tmp/crs.json" --seed 1 --iterations 30 -q -o "$tmp/crs_plan2.json" \
    --svg "$tmp/crs.svg" 2>"$tmp/err" &&
    python3 - "$tmp/crs.svg" <<'EOF'; then ok "crs: SVG to scale"; else bad "crs: SVG not to scale: $(grep -o 'd="[^"]*"' "$tmp/crs.svg")"; fi
import re, sys
import xml.etree.ElementTree as ET
pts = [(566000, 5934000), (563200, 5935100), (568400, 5937800), (570100, 5933200),
       (565100, 5930900), (561900, 5936600), (567300, 5932100)]
k = 740 / 8200
want = [(30 + (x - 561900) * k, 30 + (5937800 - y) * k) for x, y in pts]
d = ET.parse(sys.argv[1]).getroot().find("{http://www.w3.org/2000/svg}path").get("d")
got = [(float(x), float(y)) for x, y in re.findall(r"[ML]([-0-9.]+) ([-0-9.]+)", d)]
assert len(got) >= 3
for g in got:
    assert min(abs(g[0] - w[0]) + abs(g[1] - w[1]) for w in want) < 0.2, (g, want)
EOF

# ---- serve: the same reader ----
tr -d '\n' <"$hh" >"$tmp/req.ndjson"
echo >>"$tmp/req.ndjson"
printf '{"id":"x","vehicles":[{"id":1,"start":[9.99,53.55]}],"jobs":[{"id":1,"location":[9.99,95]}]}\n' >>"$tmp/req.ndjson"
timeout 60 "$rondo" serve --iterations 20 -q <"$tmp/req.ndjson" >"$tmp/answers" 2>/dev/null
if python3 - "$tmp/answers" <<'EOF'; then ok "serve: coordinates-only request answered, bad one refused"; else bad "serve: $(head -c 300 "$tmp/answers")"; fi
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
assert len(a) == 2
assert a[0]["code"] == 0 and a[0]["summary"]["distance"] > 0
assert a[1] == {"id": "x", "code": 2, "error": "jobs[0].location: latitude 95 is outside [-90, 90]"}, a[1]
EOF

# ---- errors: exit 2, the message names the path ----
bad_case() {
    local name="$1" want="$2" rc
    printf '%s' "$3" >"$tmp/bad.json"
    timeout 20 "$rondo" solve "$tmp/bad.json" -q >"$tmp/out" 2>"$tmp/err"
    rc=$?
    local why=""
    if [ $rc -ne 2 ]; then
        why="exit $rc, want 2"
    elif ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d == {"code": 2, "error": sys.argv[2]} else 1)' "$tmp/out" "$want"; then
        why="stdout is not {\"code\":2,\"error\":\"$want\"}: $(head -c 300 "$tmp/out")"
    elif ! grep -qF -- "rondo: error: $want" "$tmp/err"; then
        why="stderr lacks 'rondo: error: $want'"
    fi
    if [ -z "$why" ]; then ok "$name"; else bad "$name: $why"; fi
}
V='"vehicles":[{"id":1,"start":[9.99,53.55]}]'
J='"jobs":[{"id":1,"location":[9.98,53.56]},{"id":2,"location":[10.01,53.57]},{"id":3,"location":[10.02,53.54]},{"id":4,"location":[10.0,53.5]}]'
bad_case "unknown CRS" 'crs: unknown CRS "EPSG:999999" (not in PROJ'"'"'s database)' "{\"crs\":\"EPSG:999999\",$V,$J}"
bad_case "CRS not a string" 'crs: expected a string such as "EPSG:25832"' "{\"crs\":25832,$V,$J}"
bad_case "geocentric CRS" 'crs: "EPSG:4978" is not a projected or geographic 2D CRS' "{\"crs\":\"EPSG:4978\",$V,$J}"
bad_case "latitude out of range" "jobs[3].location: latitude 95 is outside [-90, 90]" \
    "{$V,\"jobs\":[{\"id\":1,\"location\":[9.98,53.56]},{\"id\":2,\"location\":[10.01,53.57]},{\"id\":3,\"location\":[10.02,53.54]},{\"id\":4,\"location\":[10.0,95]}]}"
bad_case "longitude out of range (vehicle end)" "vehicles[0].end: longitude 200 is outside [-180, 180]" \
    "{\"vehicles\":[{\"id\":1,\"start\":[9.99,53.55],\"end\":[200,53.55]}],$J}"
bad_case "outside the CRS's area of use" "jobs[2].location: [500000, 0] (lon 9.000000, lat 0.000000) is outside the area of use of EPSG:25832 (Europe between 6°E and 12°E: lon 6 to 12.01, lat 38.76 to 84.33)" \
    '{"crs":"EPSG:25832","vehicles":[{"id":1,"start":[566000,5934000]}],"jobs":[{"id":1,"location":[566100,5934000]},{"id":2,"location":[566200,5934000]},{"id":3,"location":[500000,0]}]}'
bad_case "profile without a speed" 'vehicles[1].profile: no default speed for profile "boat" (give options.speeds.boat in metres per second)' \
    "{\"vehicles\":[{\"id\":1,\"start\":[9.99,53.55]},{\"id\":2,\"start\":[9.99,53.55],\"profile\":\"boat\"}],$J}"
bad_case "bad speed" "options.speeds.car: expected a positive number of metres per second (below 1000)" \
    "{$V,$J,\"options\":{\"speeds\":{\"car\":0}}}"
bad_case "bad detour" "options.detour: expected a number in [1, 10]" "{$V,$J,\"options\":{\"detour\":0.5}}"
bad_case "index without matrices" "jobs[1].location_index: an index needs matrices, and the input has none (give location [lon, lat] on every task and vehicle instead)" \
    "{$V,\"jobs\":[{\"id\":1,\"location\":[9.98,53.56]},{\"id\":2,\"location_index\":1}]}"
bad_case "task without location" "shipments[0].delivery.location: missing (without matrices every task needs location [lon, lat])" \
    "{$V,\"shipments\":[{\"pickup\":{\"id\":1,\"location\":[9.98,53.56]},\"delivery\":{\"id\":1}}]}"
bad_case "coordinates next to matrices need an index" "jobs[0].location_index: missing (required with custom matrices)" \
    '{"vehicles":[{"id":1,"start_index":0}],"jobs":[{"id":1,"location":[9.98,53.56]}],"matrix":[[0,1],[1,0]]}'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
