#!/usr/bin/env bash
# End-to-end test of -g with a routing server, against the loopback server
# tests/router_server.py (started here on an ephemeral 127.0.0.1 port, ended on
# exit). For OSRM, Valhalla and openrouteservice, each route's `geometry`, decoded
# by an independent decoder below, must be the server's road path: it starts at the
# route's start, passes through every located stop in order (breaks have none),
# every step between two points is a road of the server's graph, it is exactly the
# path /truth_route gives for those stops, and it has more points than stops (the
# graph's paths have intermediate nodes). Also: routes in pieces (--route-limit 3,
# and a server refusing more than 4 stops per request), the VROOM command line,
# a server answering 500 or truncated JSON to every route request (exit 0, the same
# plan, which check_plan.py accepts, straight segments and one warning per vehicle),
# --route-limit's bounds, the maps (--geojson, --svg) along the road paths,
# summary.computing_times.routing (the route requests' wall time, matrices in
# loading), the routes' requests in flight together (8 routes, 2 connections, every
# answer 400 ms late: about 4 x 400 ms, not 8 x 400 ms), and `rondo serve` with the router flags and -g answering two requests from one
# process. Ends with `N passed, M failed`; exits 1 on failure.
# usage: bash tests/cli/geometry.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: geometry.sh <rondo-binary> <source-dir>}"
src="${2:?usage: geometry.sh <rondo-binary> <source-dir>}"
checker="$src/../shared/tools/check_plan.py"

# $tmp, ok/bad, and the loopback server ($port, $base)
. "$src/tests/loopback.sh"

cat >"$tmp/h.py" <<'EOF'
import json, sys, urllib.request
base = sys.argv[1]
def call(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(base + path, data) as r:
        return json.load(r)

def decode(text, precision):
    """Google's encoded polyline -> [(lat, lon)], written from the algorithm's
    description, independently of rondo's decoder."""
    points, values, i = [], [], 0
    while i < len(text):
        result = shift = 0
        while True:
            b = ord(text[i]) - 63
            i += 1
            result |= (b & 0x1F) << shift
            shift += 5
            if b < 0x20:
                break
        values.append(~(result >> 1) if result & 1 else result >> 1)
    lat = lon = 0
    for k in range(0, len(values) - 1, 2):
        lat += values[k]
        lon += values[k + 1]
        points.append((lat / 10 ** precision, lon / 10 ** precision))
    if len(values) % 2:
        raise ValueError("odd number of values")
    return points

def key(lon, lat):
    return (round(lon, 5), round(lat, 5))

cmd = sys.argv[2]
if cmd == "input":  # two vehicles (one with a break, one open-ended), 9 jobs, a shipment
    g = call("/nodes")
    n = g["nodes"]
    jobs = [{"id": 10 + k, "location": n[(7 * k + 3) % len(n)], "service": 60, "delivery": [1]}
            for k in range(9)]
    doc = {"vehicles": [{"id": 1, "start": n[0], "end": n[0], "capacity": [6],
                         "breaks": [{"id": 1, "time_windows": [[0, 36000]], "service": 120}]},
                        {"id": 2, "start": n[29], "capacity": [6]}],
           "jobs": jobs,
           "shipments": [{"pickup": {"id": 7, "location": n[4]}, "delivery": {"id": 7, "location": n[25]},
                          "amount": [1]}],
           "options": {"iterations": 20, "seed": 1}}
    json.dump(doc, sys.stdout)
elif cmd == "check":  # check ANSWER road|straight: every route's geometry
    ans, mode = json.load(open(sys.argv[3])), sys.argv[4]
    if ans.get("code") != 0:
        sys.exit("answer code %s: %s" % (ans.get("code"), ans.get("error")))
    g = call("/nodes")
    node = {key(*p): k for k, p in enumerate(g["nodes"])}
    edges = {tuple(e) for e in g["edges"]}
    if len(ans["routes"]) < 2:
        sys.exit("expected two routes, got %d" % len(ans["routes"]))
    total_pts = total_stops = 0
    for r in ans["routes"]:
        v = r["vehicle"]
        stops = [key(*s["location"]) for s in r["steps"] if s["type"] != "break"]
        if r["steps"][0]["type"] != "start" or len(stops) != sum(s["type"] != "break" for s in r["steps"]):
            sys.exit("vehicle %d: a located step without location" % v)
        pts = [(round(lon, 5), round(lat, 5)) for lat, lon in decode(r["geometry"], 5)]
        if mode == "straight":
            if pts != stops:
                sys.exit("vehicle %d: geometry %s is not the straight segments %s" % (v, pts, stops))
            continue
        if pts[0] != stops[0]:
            sys.exit("vehicle %d: geometry starts at %s, not at the start %s" % (v, pts[0], stops[0]))
        at = 0
        for s in stops:  # every stop, in order
            while at < len(pts) and pts[at] != s:
                at += 1
            if at == len(pts):
                sys.exit("vehicle %d: stop %s missing or out of order in the geometry" % (v, s))
        for a, b in zip(pts, pts[1:]):  # along the graph's roads
            if a not in node or b not in node:
                sys.exit("vehicle %d: point %s is no node of the graph" % (v, a if a not in node else b))
            if a != b and (min(node[a], node[b]), max(node[a], node[b])) not in edges:
                sys.exit("vehicle %d: %s -> %s is no road of the graph" % (v, a, b))
        truth = [key(*p) for p in call("/truth_route", {"locations": [list(s) for s in stops]})["points"]]
        if pts != truth:
            sys.exit("vehicle %d: geometry differs from the server's path %s" % (v, truth))
        total_pts += len(pts)
        total_stops += len(stops)
    if mode == "road" and total_pts <= total_stops:
        sys.exit("%d points for %d stops: no intermediate node" % (total_pts, total_stops))
    print("%d routes, %d points for %d stops" % (len(ans["routes"]), total_pts, total_stops)
          if mode == "road" else "%d routes, straight segments" % len(ans["routes"]))
elif cmd == "same":  # same A B: the same plan (cost, steps, arrivals) in both answers
    a, b = (json.load(open(f)) for f in sys.argv[3:5])
    steps = lambda d: [[(s["type"], s.get("id"), s["arrival"]) for s in r["steps"]] for r in d["routes"]]
    sys.exit(0 if a["summary"]["cost"] == b["summary"]["cost"] and steps(a) == steps(b) else 1)
elif cmd == "fleet":  # fleet K: K vehicles of capacity 1 and K jobs: K routes of one job
    n, k = call("/nodes")["nodes"], int(sys.argv[3])
    doc = {"vehicles": [{"id": v + 1, "start": n[(3 * v) % len(n)], "end": n[(3 * v) % len(n)],
                         "capacity": [1]} for v in range(k)],
           "jobs": [{"id": 100 + j, "location": n[(5 * j + 2) % len(n)], "delivery": [1]}
                    for j in range(k)],
           "options": {"iterations": 10, "seed": 1}}
    json.dump(doc, sys.stdout)
elif cmd == "control":
    call("/control", json.loads(sys.argv[3]))
elif cmd == "routes":  # route requests: count, most stops in one, statuses
    log = [e for e in call("/stats")["log"] if e["kind"] == "route"]
    print(len(log), max([e["n"] for e in log] or [0]), sorted(set(e["status"] for e in log)))
elif cmd == "concurrent":  # the most requests the server had in flight at once
    print(call("/stats")["max_concurrent"])
elif cmd == "feed":  # feed MATRIX INPUT: the input with location_index + matrices
    ans, doc = json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
    idx = lambda p: ans["locations"].index(p)
    for v in doc["vehicles"]:
        for side in ("start", "end"):
            if side in v:
                v[side + "_index"] = idx(v.pop(side))
    for j in doc["jobs"]:
        j["location_index"] = idx(j.pop("location"))
    for s in doc["shipments"]:
        for h in ("pickup", "delivery"):
            s[h]["location_index"] = idx(s[h].pop("location"))
    doc["matrices"] = {"car": {"durations": ans["durations"], "distances": ans["distances"]}}
    json.dump(doc, sys.stdout)
elif cmd == "serve":  # serve ANSWERS: two answers with ids "a" and 2, each checked as road
    lines = open(sys.argv[3]).read().splitlines()
    if [json.loads(l).get("id") for l in lines] != ["a", 2]:
        sys.exit("answers: %s" % [l[:80] for l in lines])
    for k, l in enumerate(lines):
        open(sys.argv[3] + ".%d" % k, "w").write(l)
EOF
h() { python3 "$tmp/h.py" "$base" "$@"; }
h input >"$tmp/in.json"

# expect_geometry NAME MODE ARGS...: rondo solve -g exits 0 and each route's geometry is MODE
expect_geometry() {
    local name="$1" mode="$2" rc msg
    shift 2
    timeout 120 "$rondo" solve -q -g "$@" >"$tmp/ans.json" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        bad "$name: exit $rc: $(head -c 300 "$tmp/err")"
        return 1
    fi
    if msg="$(h check "$tmp/ans.json" "$mode" 2>&1)"; then
        ok "$name: $msg"
    else
        bad "$name: $msg"
        return 1
    fi
}

for api in osrm valhalla ors; do
    h control '{}'
    expect_geometry "$api: the server's road path" road -r "$api" -a 127.0.0.1 -p "$port" "$tmp/in.json" &&
        cp "$tmp/ans.json" "$tmp/road_$api.json"
    read -r nreq nmax statuses <<<"$(h routes)"
    if [ "$nreq" -ge 2 ] && [ "$statuses" = "[200]" ]; then
        ok "$api: $nreq route requests (one per route), statuses $statuses"
    else
        bad "$api: $nreq route requests, statuses $statuses"
    fi
done

# pieces: at most 3 stops per request, joined without repeating the shared stop
h control '{}'
if expect_geometry "osrm --route-limit 3: pieces joined" road -a 127.0.0.1 -p "$port" --route-limit 3 \
    "$tmp/in.json"; then
    read -r nreq nmax statuses <<<"$(h routes)"
    if [ "$nmax" -le 3 ] && [ "$nreq" -gt 4 ] && [ "$statuses" = "[200]" ]; then
        ok "--route-limit 3: $nreq route requests of at most $nmax stops, statuses $statuses"
    else
        bad "--route-limit 3: $nreq route requests, at most $nmax stops, statuses $statuses"
    fi
fi
# the server takes at most 4 locations per request: pieces are halved until they fit
h control '{"limit": 4}'
if expect_geometry "valhalla, server limit 4 (pieces halved until they fit)" road -r valhalla \
    -a 127.0.0.1 -p "$port" "$tmp/in.json"; then
    read -r nreq nmax statuses <<<"$(h routes)"
    if [ "$statuses" = "[200, 400]" ]; then
        ok "server limit 4: $nreq route requests, refused ones retried smaller ($statuses)"
    else
        bad "server limit 4: $nreq route requests, statuses $statuses"
    fi
fi
h control '{"limit": 4}'
expect_geometry "ors, server limit 4 (error 2004: halved)" road -r ors -a 127.0.0.1 -p "$port" \
    "$tmp/in.json"

# the VROOM command line
h control '{}'
timeout 120 "$rondo" -g -r ors -a 127.0.0.1 -p "$port" -i "$tmp/in.json" >"$tmp/ans.json" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && msg="$(h check "$tmp/ans.json" road 2>&1)"; then
    ok "VROOM command line -g -r ors: $msg"
else
    bad "VROOM command line -g -r ors: exit $rc: $msg $(head -c 200 "$tmp/err")"
fi

# the matrix fed back, for check_plan.py
h control '{}'
"$rondo" matrix -a 127.0.0.1 -p "$port" "$tmp/in.json" >"$tmp/m.json" 2>"$tmp/err" &&
    h feed "$tmp/m.json" "$tmp/in.json" >"$tmp/fed.json"

# route requests failing: the plan stands, straight segments, one warning per vehicle
for sw in fail500 truncate; do
    h control "{\"$sw\": 1000, \"only\": \"route\"}"
    want="HTTP 500 after 2 attempts"
    [ $sw = truncate ] && want="is not valid JSON"
    if expect_geometry "osrm, $sw on every route request" straight -a 127.0.0.1 -p "$port" \
        --router-retries 1 "$tmp/in.json"; then
        nwarn="$(grep -c "rondo: warning: -g: vehicle [12]: no route geometry from the routing server (osrm: .*$want" "$tmp/err")"
        if [ "$nwarn" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 2 ]; then
            ok "$sw: one warning per vehicle: $(head -1 "$tmp/err" | head -c 200)"
        else
            bad "$sw: $nwarn warnings naming '$want': $(head -c 400 "$tmp/err")"
        fi
        if [ -f "$tmp/road_osrm.json" ] && h same "$tmp/ans.json" "$tmp/road_osrm.json"; then
            ok "$sw: the same plan as with the road geometry"
        else
            bad "$sw: the plan differs from the one with the road geometry"
        fi
        if [ -f "$checker" ] && [ -f "$tmp/fed.json" ]; then
            verdict="$(python3 "$checker" "$tmp/fed.json" "$tmp/ans.json")"
            case "$verdict" in
            OK*) ok "$sw: check_plan.py: $verdict" ;;
            *) bad "$sw: check_plan.py: $verdict" ;;
            esac
        fi
    fi
done

# the maps follow the road paths; computing_times.routing is the route requests' time
h control '{"slow_ms": 200}'
if expect_geometry "osrm, maps and timing (every answer 200 ms late)" road -a 127.0.0.1 -p "$port" \
    "$tmp/in.json" --geojson "$tmp/road.geojson" --svg "$tmp/road.svg"; then
    read -r nreq nmax statuses <<<"$(h routes)"
    if msg="$(python3 - "$tmp/h.py" "$tmp/ans.json" "$tmp/road.geojson" "$tmp/road.svg" "$nreq" <<'PY' 2>&1
import importlib.util, json, re, sys
import xml.etree.ElementTree as ET
spec = importlib.util.spec_from_file_location("h", sys.argv[1])
src = open(sys.argv[1]).read()
decode = {}
exec(src[src.index("def decode"):src.index("def key")], decode)
ans, gj = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
svg, nreq = ET.parse(sys.argv[4]).getroot(), int(sys.argv[5])
lines = [f for f in gj["features"] if f["geometry"]["type"] == "LineString"]
paths = svg.findall(".//{http://www.w3.org/2000/svg}path")
assert len(lines) == len(paths) == len(ans["routes"]), (len(lines), len(paths))
for f, p, r in zip(lines, paths, ans["routes"]):
    pts = [[round(lon, 5), round(lat, 5)] for lat, lon in decode["decode"](r["geometry"], 5)]
    got = [[round(x, 5), round(y, 5)] for x, y in f["geometry"]["coordinates"]]
    assert got == pts, ("GeoJSON line of vehicle %d is not its geometry" % r["vehicle"], got, pts)
    svg_pts = re.findall(r"[ML]([-0-9.]+) ([-0-9.]+)", p.get("d"))
    assert len(svg_pts) == len(pts), ("SVG path of vehicle %d: %d points, geometry %d"
                                      % (r["vehicle"], len(svg_pts), len(pts)))
    assert all(0 <= float(x) <= 800 and 0 <= float(y) for x, y in svg_pts)
ct = ans["summary"]["computing_times"]
# the route requests run together, 4 at a time (--router-connections' default)
assert nreq >= 2 and ct["routing"] >= 200 * -(-nreq // 4), ("routing %d ms for %d requests" % (ct["routing"], nreq))
assert ct["loading"] >= 200, ct  # the matrix request is loading, as in VROOM
print("GeoJSON lines and SVG paths follow the %d routes' road paths; computing_times %s for %d route requests"
      % (len(lines), ct, nreq))
PY
)"; then
        ok "$msg"
    else
        bad "maps with road paths: $msg"
    fi
fi
# the routes' requests run together: 8 routes of one request each, 2 connections,
# every answer 400 ms late take ceil(8 / 2) x 400 = 1600 ms of routing, not 8 x 400
h fleet 8 >"$tmp/fleet.json"
h control '{"slow_ms": 400}'
if expect_geometry "8 routes, 2 connections, every answer 400 ms late" road -a 127.0.0.1 -p "$port" \
    --router-connections 2 "$tmp/fleet.json"; then
    read -r nreq nmax statuses <<<"$(h routes)"
    conc="$(h concurrent)"
    routing="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["computing_times"]["routing"])' "$tmp/ans.json")"
    nroutes="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["routes"]))' "$tmp/ans.json")"
    # bounds: at least 4 rounds of 400 ms; well below the 3200 ms of one at a time
    if [ "$nroutes" -eq 8 ] && [ "$nreq" -eq 8 ] && [ "$statuses" = "[200]" ] && [ "$conc" -eq 2 ] &&
        [ "$routing" -ge 1550 ] && [ "$routing" -lt 2600 ]; then
        ok "8 routes, 2 connections: routing $routing ms (ceil(8 / 2) x 400 = 1600, not 3200), at most $conc requests in flight"
    else
        bad "8 routes, 2 connections: $nroutes routes, $nreq route requests ($statuses), routing $routing ms, at most $conc in flight"
    fi
fi
h control '{}'
timeout 60 "$rondo" solve -q "$tmp/in.json" -a 127.0.0.1 -p "$port" >"$tmp/ans.json" 2>"$tmp/err"
if python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["summary"]["computing_times"]["routing"] != 0)' "$tmp/ans.json"; then
    ok "without -g: computing_times.routing 0"
else
    bad "without -g: $(head -c 300 "$tmp/ans.json")"
fi

# --route-limit's bounds
timeout 10 "$rondo" solve -g --route-limit 1 "$tmp/in.json" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -qF -- "--route-limit: expected an integer in [2, 100000]" "$tmp/err"; then
    ok "--route-limit 1: exit 2 naming the flag"
else
    bad "--route-limit 1: exit $rc: $(head -c 200 "$tmp/err")"
fi

# rondo serve: matrices and geometry from the server, two requests on one process
h control '{}'
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
a = dict(d, id="a"); b = dict(d, id=2); b["options"] = {"iterations": 10, "seed": 2}
print(json.dumps(a)); print(json.dumps(b))' "$tmp/in.json" >"$tmp/requests.ndjson"
timeout 120 "$rondo" serve -q -g -r valhalla -a 127.0.0.1 -p "$port" --router-retries 1 \
    <"$tmp/requests.ndjson" >"$tmp/answers.ndjson" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && msg="$(h serve "$tmp/answers.ndjson" 2>&1)"; then
    for k in 0 1; do
        if msg="$(h check "$tmp/answers.ndjson.$k" road 2>&1)"; then
            ok "serve -g -r valhalla, answer $((k + 1)) of 2: $msg"
        else
            bad "serve, answer $((k + 1)): $msg"
        fi
    done
    read -r nreq nmax statuses <<<"$(h routes)"
    if [ "$nreq" -ge 4 ] && [ "$statuses" = "[200]" ]; then
        ok "serve: $nreq route requests for the two answers, statuses $statuses"
    else
        bad "serve: $nreq route requests, statuses $statuses"
    fi
else
    bad "serve: exit $rc: $msg $(head -c 300 "$tmp/err")"
fi
h control '{"fail500": 1000, "only": "route"}'
timeout 120 "$rondo" serve -q -g -a 127.0.0.1 -p "$port" --router-retries 0 \
    <"$tmp/requests.ndjson" >"$tmp/answers.ndjson" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && h serve "$tmp/answers.ndjson" >/dev/null 2>&1 &&
    h check "$tmp/answers.ndjson.0" straight >/dev/null 2>&1 &&
    grep -q "rondo: warning: line 1: -g: vehicle 1: no route geometry" "$tmp/err" &&
    grep -q "rondo: warning: line 2: -g: vehicle 2: no route geometry" "$tmp/err"; then
    ok "serve with 500s on routes: both answered, straight segments, warnings name the line and vehicle"
else
    bad "serve with 500s on routes: exit $rc: $(head -c 300 "$tmp/err")"
fi
timeout 10 "$rondo" serve -p car:0 </dev/null >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -qF "serve: -p: 'car:0'" "$tmp/err"; then
    ok "serve -p car:0: exit 2 naming the flag"
else
    bad "serve -p car:0: exit $rc: $(head -c 200 "$tmp/err")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
