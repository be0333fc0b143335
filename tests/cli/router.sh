#!/usr/bin/env bash
# End-to-end test of the routing-server flags and `rondo matrix` against the loopback
# server tests/router_server.py (started here on an ephemeral 127.0.0.1 port, ended
# on exit): the matrices of a JSON input's locations, in VROOM's order with repeats
# merged, must equal the server's shortest paths for OSRM, Valhalla and ORS, also in
# blocks (--table-limit); an unreachable location exits 3 naming the job and its
# coordinates; bad flags exit 2 naming the flag, bad input its JSON path; a fetched
# matrix fed back as `matrices` solves; a second signal during a slow matrix request
# ends the process at once without output; the first signal stops `rondo matrix`
# (exit 130/143, no output). Ends with `N passed, M failed`; exits 1 on failure.
# usage: bash tests/cli/router.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: router.sh <rondo-binary> <source-dir>}"
src="${2:?usage: router.sh <rondo-binary> <source-dir>}"
checker="$src/../shared/tools/check_plan.py"

# $tmp, ok/bad, and the loopback server ($port, $base)
. "$src/tests/loopback.sh"

# helper: the test input built from the server's nodes, and truth/stats queries
cat >"$tmp/h.py" <<'EOF'
import json, sys, urllib.request
base = sys.argv[1]
def call(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(base + path, data) as r:
        return json.load(r)
cmd = sys.argv[2]
if cmd == "input":  # input.json: vehicles, jobs, a shipment; repeats; `where` = island|far|none
    g = call("/nodes")
    n = g["nodes"]
    jobs = [{"id": 10 + k, "location": n[(5 * k + 7) % len(n)], "service": 60} for k in range(7)]
    jobs.append({"id": 30, "location": n[(5 * 2 + 7) % len(n)]})  # same place as job 12
    if sys.argv[3] != "none":
        jobs.insert(3, {"id": 42, "location": g[sys.argv[3]]})
    doc = {"vehicles": [{"id": 1, "start": n[0], "end": n[0], "capacity": [10]},
                        {"id": 2, "start": n[20], "capacity": [10]}],
           "jobs": jobs,
           "shipments": [{"pickup": {"id": 7, "location": n[4]}, "delivery": {"id": 7, "location": n[25]},
                          "amount": [1]}],
           "options": {"iterations": 20, "seed": 1}}
    json.dump(doc, sys.stdout)
elif cmd == "check":  # check ANSWER INPUT API: locations in VROOM's order, cells = truth
    ans, doc, api = json.load(open(sys.argv[3])), json.load(open(sys.argv[4])), sys.argv[5]
    want = []
    for v in doc["vehicles"]:
        for side in ("start", "end"):
            if side in v and v[side] not in want:
                want.append(v[side])
    for j in doc["jobs"]:
        if j["location"] not in want:
            want.append(j["location"])
    for s in doc["shipments"]:
        for h in ("pickup", "delivery"):
            if s[h]["location"] not in want:
                want.append(s[h]["location"])
    if ans["locations"] != want:
        sys.exit("locations %s, wanted %s" % (ans["locations"], want))
    t = call("/truth", {"api": api, "locations": want})
    for key in ("durations", "distances"):
        if ans[key] != t[key]:
            sys.exit("%s differ from the server's shortest paths" % key)
    print("%d locations" % len(want))
elif cmd == "control":
    call("/control", json.loads(sys.argv[3]))
elif cmd == "stats":  # requests, max locations per request, statuses
    s = call("/stats")
    print(s["requests"], max(e["n"] for e in s["log"]), sorted(set(e["status"] for e in s["log"])))
elif cmd == "feed":  # feed ANSWER INPUT: the input with location_index + matrices
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
EOF
h() { python3 "$tmp/h.py" "$base" "$@"; }

h input none >"$tmp/in.json"
h input island >"$tmp/island.json"
h input far >"$tmp/far.json"

# expect_ok NAME API ARGS...: rondo matrix exits 0 and its answer matches the truth
expect_ok() {
    local name="$1" api="$2" rc msg
    shift 2
    timeout 60 "$rondo" matrix "$@" >"$tmp/m.json" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        bad "$name: exit $rc: $(head -c 300 "$tmp/err")"
        return 1
    fi
    if msg="$(h check "$tmp/m.json" "$tmp/in.json" "$api" 2>&1)"; then
        ok "$name: $msg equal to the server's shortest paths"
    else
        bad "$name: $msg"
        return 1
    fi
}

# expect_fail NAME CODE NEEDLE CMD...: exit CODE and NEEDLE on stderr
expect_fail() {
    local name="$1" code="$2" needle="$3" rc
    shift 3
    timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne "$code" ]; then
        bad "$name: exit $rc, wanted $code: $(head -c 300 "$tmp/err")"
    elif ! grep -qF -- "$needle" "$tmp/err"; then
        bad "$name: stderr lacks '$needle': $(head -c 300 "$tmp/err")"
    else
        ok "$name: exit $code, $(head -c 160 "$tmp/err")"
    fi
}

h control '{}'
expect_ok "osrm" osrm -r osrm -a car:127.0.0.1 -p "car:$port" "$tmp/in.json" &&
    cp "$tmp/m.json" "$tmp/osrm.json"
h control '{}'
expect_ok "valhalla (-i, attached values)" valhalla -rvalhalla -a127.0.0.1 -p"$port" -i "$tmp/in.json"
# the routing flags are the same everywhere: --route-limit is taken (and unused)
expect_ok "osrm, --route-limit accepted" osrm -a 127.0.0.1 -p "$port" --route-limit 3 "$tmp/in.json"
h control '{}'
expect_ok "ors (long forms, stdin)" ors --router=ors --host=car:127.0.0.1/ --port "$port" - <"$tmp/in.json"

# blocks: the server refuses more than 4 locations per request
h control '{"limit": 4}'
if expect_ok "osrm in blocks of 4 (--table-limit 4, 2 connections)" osrm -a "127.0.0.1" -p "$port" \
    --table-limit 4 --router-connections 2 "$tmp/in.json"; then
    read -r nreq nmax statuses <<<"$(h stats)"
    if [ "$nmax" -le 4 ] && [ "$nreq" -gt 1 ] && [ "$statuses" = "[200]" ]; then
        ok "blocks: $nreq requests, at most $nmax locations each, statuses $statuses"
    else
        bad "blocks: $nreq requests, max $nmax locations, statuses $statuses"
    fi
fi
# a too-small block size is discovered and halved (the server's limit is 4)
expect_ok "osrm: server limit 4 below --table-limit 100 (halved until it fits)" osrm \
    -a "127.0.0.1" -p "$port" "$tmp/in.json"
h control '{"fail500": 2}'
expect_ok "valhalla: two 500s then success" valhalla -r valhalla -a 127.0.0.1 -p "$port" "$tmp/in.json"

# unreachable and unsnappable locations: exit 3 naming job 42 and its coordinates
h control '{}'
isl="$(python3 -c 'import json,sys; j=[j for j in json.load(open(sys.argv[1]))["jobs"] if j["id"]==42][0]; print("[%.6f, %.6f]" % tuple(j["location"]))' "$tmp/island.json")"
for api in osrm valhalla ors; do
    expect_fail "$api: unreachable job" 3 "job 42 at $isl" \
        "$rondo" matrix -r $api -a 127.0.0.1 -p "$port" "$tmp/island.json"
done
expect_fail "osrm: job far from any road" 3 "job 42 at [5.300000, 51.800000]" \
    "$rondo" matrix -a 127.0.0.1 -p "$port" "$tmp/far.json"
expect_fail "ors: job far from any road" 3 "job 42 at [5.300000, 51.800000]" \
    "$rondo" matrix -r ors -a 127.0.0.1 -p "$port" --table-limit 6 "$tmp/far.json"

# server problems: exit 3
h control '{"truncate": 1}'
expect_fail "truncated JSON" 3 "is not valid JSON" \
    "$rondo" matrix -a 127.0.0.1 -p "$port" "$tmp/in.json"
h control '{"slow_ms": 2000}'
expect_fail "timeout" 3 "(timeout)" \
    "$rondo" matrix -a 127.0.0.1 -p "$port" --router-timeout 0.3 "$tmp/in.json"
h control '{}'
expect_fail "nobody listening" 3 "after 2 attempts" \
    "$rondo" matrix -a 127.0.0.1 -p 1 --router-retries 1 "$tmp/in.json"

# flags: exit 2 naming the flag
expect_fail "-p not a port" 2 "-p: 'car:abc'" "$rondo" matrix -p car:abc "$tmp/in.json"
expect_fail "-a empty host" 2 "-a: 'car:': empty host" "$rondo" matrix -a car: "$tmp/in.json"
expect_fail "-r unknown" 2 "-r: unknown routing engine 'graphhopper'" \
    "$rondo" matrix -r graphhopper "$tmp/in.json"
expect_fail "--table-limit 1" 2 "--table-limit: expected an integer in [2, 100000]" \
    "$rondo" matrix --table-limit 1 "$tmp/in.json"
expect_fail "profile without a server" 2 "profile 'bike': no routing server" \
    "$rondo" matrix -a car:127.0.0.1 -p "car:$port" --profile bike "$tmp/in.json"
# the input is read as `rondo solve` reads it: messages name the JSON path
expect_fail "job without location" 2 "jobs[0].location: missing" \
    "$rondo" matrix -p "$port" <(echo '{"vehicles":[{"id":1,"start":[4.3,50.8]}],"jobs":[{"id":1}]}')
expect_fail "job with an index, no location" 2 "jobs[0].location_index: an index needs matrices" \
    "$rondo" matrix -p "$port" <(echo '{"vehicles":[{"id":1,"start":[4.3,50.8]}],"jobs":[{"id":1,"location_index":0}]}')
expect_fail "latitude out of range" 2 "vehicles[0].end: latitude 95 is outside [-90, 90]" \
    "$rondo" matrix -p "$port" <(echo '{"vehicles":[{"id":1,"start":[4.3,50.8],"end":[4.3,95]}],"jobs":[{"id":1,"location":[4.3,50.8]}]}')
expect_fail "vehicle without start or end" 2 "vehicles[0]: neither start nor end" \
    "$rondo" matrix -p "$port" <(echo '{"vehicles":[{"id":1}],"jobs":[{"id":1,"location":[4.3,50.8]}]}')
expect_fail "solve: -p not a port" 2 "-p: 'car:99999'" \
    "$rondo" solve -p car:99999 "$tmp/in.json"
expect_fail "VROOM command line: -a empty host" 2 "-a: 'bike:': empty host" \
    "$rondo" -a bike: -i "$tmp/in.json"
if grep -q '"code":2' "$tmp/out"; then ok "VROOM command line: JSON error answer"; else bad "VROOM command line: no JSON error answer: $(cat "$tmp/out")"; fi

# the fetched matrix, fed back as `matrices`, solves (and the checker agrees)
if [ -f "$tmp/osrm.json" ]; then
    h feed "$tmp/osrm.json" "$tmp/in.json" >"$tmp/fed.json"
    if timeout 60 "$rondo" solve -q "$tmp/fed.json" >"$tmp/plan.json" 2>"$tmp/err"; then
        if [ -f "$checker" ]; then
            verdict="$(python3 "$checker" "$tmp/fed.json" "$tmp/plan.json")"
            case "$verdict" in
            OK*) ok "matrix fed back as matrices: solved, $verdict" ;;
            *) bad "matrix fed back: check_plan.py: $verdict" ;;
            esac
        else
            ok "matrix fed back as matrices: solved (check_plan.py not found)"
        fi
    else
        bad "matrix fed back: solve failed: $(head -c 300 "$tmp/err")"
    fi
fi

# solving straight from the server: the same plan as from the fetched matrix
h control '{}'
if [ -f "$tmp/fed.json" ] &&
    timeout 60 "$rondo" solve -q --iterations 50 -r osrm -a 127.0.0.1 -p "$port" "$tmp/in.json" >"$tmp/direct.json" 2>"$tmp/err" &&
    timeout 60 "$rondo" solve -q --iterations 50 "$tmp/fed.json" >"$tmp/fedplan.json" 2>>"$tmp/err"; then
    if python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
steps = lambda d: [[(s["type"], s.get("id"), s["arrival"]) for s in r["steps"]] for r in d["routes"]]
sys.exit(0 if a["summary"]["cost"] == b["summary"]["cost"] and steps(a) == steps(b) and a["summary"]["distance"] == b["summary"]["distance"] else 1)' "$tmp/direct.json" "$tmp/fedplan.json"; then
        ok "solve -r osrm -a -p: the server's matrix, the same plan as from the fed-back matrix"
    else
        bad "solve with the router: plan differs from the fed-back one"
    fi
else
    bad "solve with the router failed: $(head -c 300 "$tmp/err")"
fi
expect_fail "solve: unreachable job exits 3 naming it" 3 "(job 42)" \
    "$rondo" solve -q -a 127.0.0.1 -p "$port" "$tmp/island.json"
timeout 60 "$rondo" -a 127.0.0.1 -p "$port" -i "$tmp/island.json" >"$tmp/out" 2>/dev/null
rc=$?
if [ $rc -eq 3 ] && grep -q '"code":3' "$tmp/out" && grep -qF '(job 42)' "$tmp/out"; then
    ok "VROOM command line: unreachable job answered with code 3"
else
    bad "VROOM command line, unreachable: rc $rc $(head -c 200 "$tmp/out")"
fi

# The first SIGINT/SIGTERM stops a solve waiting on the routing server (every
# answer 60 s late here): within a second, exit 128 + the signal, nothing
# written (no plan, no temporary file), "interrupted before any plan exists"
# on stderr; in a batch the file's line says so. Two signals back to back end
# the same way.
# signal_wait PID SIG: sends SIG to PID and waits for it: $rc its exit status, $ms
# the milliseconds it took to end
signal_wait() {
    local t0
    t0=$(date +%s%N)
    kill -"$2" "$1"
    [ -n "${3:-}" ] && kill -"$2" "$1" 2>/dev/null
    wait "$1"
    rc=$?
    ms=$((($(date +%s%N) - t0) / 1000000))
}
first_signal() { # first_signal NAME SIG EXPECTED-RC TWICE ARGS...
    local name="$1" sig="$2" want="$3" twice="$4" pid
    shift 4
    h control '{"slow_ms": 60000}'
    "$rondo" solve "$@" -a 127.0.0.1 -p "$port" -q 2>"$tmp/err" &
    pid=$!
    sleep 0.5
    signal_wait $pid "$sig" "$twice"
    if [ $rc -eq "$want" ] && [ $ms -lt 1000 ]; then
        ok "$name: exit $rc, $ms ms after the signal"
    else
        bad "$name: exit $rc (wanted $want), $ms ms after the signal: $(head -c 300 "$tmp/err")"
    fi
    h control '{}'
}
mkdir -p "$tmp/ss"
cp "$tmp/in.json" "$tmp/ss/a.json"
cp "$tmp/in.json" "$tmp/ss/b.json"
first_signal "SIGINT in a batch" INT 130 "" "$tmp/ss" --out-dir "$tmp/sigout"
if [ -z "$(ls -A "$tmp/sigout" 2>/dev/null)" ] &&
    grep -q 'a.json: not solved: interrupted before any plan exists' "$tmp/err" &&
    grep -q 'b.json: not solved: interrupted$' "$tmp/err"; then
    ok "SIGINT in a batch: no plan, no temporary file, each file's line says why"
else
    bad "SIGINT in a batch: left '$(ls "$tmp/sigout")': $(head -c 400 "$tmp/err")"
fi
first_signal "SIGTERM, single input" TERM 143 "" "$tmp/in.json" -o "$tmp/ss/plan.json"
if [ -z "$(ls "$tmp/ss" | grep -v '^[ab].json$')" ] &&
    grep -q 'stopped by a signal (interrupted before any plan exists); nothing written' "$tmp/err"; then
    ok "SIGTERM, single input: no plan, no temporary file, the reason on stderr"
else
    bad "SIGTERM, single input: left '$(ls "$tmp/ss")': $(head -c 300 "$tmp/err")"
fi
first_signal "two SIGINTs at once, single input" INT 130 twice "$tmp/in.json" -o "$tmp/ss/plan.json"
if [ -z "$(ls "$tmp/ss" | grep -v '^[ab].json$')" ]; then
    ok "two SIGINTs at once: no plan, no temporary file"
else
    bad "two SIGINTs at once: left $(ls "$tmp/ss")"
fi
# serve: the request waiting on the server gets its answer (code 3, the
# reason), and the service ends (exit 0) as after any signal
h control '{"slow_ms": 60000}'
mkfifo "$tmp/serve_in"
"$rondo" serve -q -a 127.0.0.1 -p "$port" <"$tmp/serve_in" >"$tmp/serve_sig.out" 2>"$tmp/err" &
pid=$!
exec 7>"$tmp/serve_in" # the input stays open: only the signal ends the service
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$tmp/in.json" >&7
sleep 0.7
signal_wait $pid INT
exec 7>&-
h control '{}'
if [ "$rc" -eq 0 ] && [ "$ms" -lt 1000 ] && [ "$(wc -l <"$tmp/serve_sig.out")" -eq 1 ] &&
    grep -q '"code":3' "$tmp/serve_sig.out" &&
    grep -q 'interrupted before any plan exists' "$tmp/serve_sig.out"; then
    ok "serve, SIGINT while the server computes: one answer (code 3, the reason), exit 0, $ms ms"
else
    bad "serve, SIGINT: exit $rc after $ms ms: $(head -c 300 "$tmp/serve_sig.out") $(head -c 200 "$tmp/err")"
fi

# The first SIGINT/SIGTERM stops `rondo matrix` waiting on a server that never
# answers: within a second, exit 128 + the signal, no output file (nor temporary).
for sig in INT TERM; do
    h control '{"slow_ms": 60000}'
    mkdir -p "$tmp/never_$sig"
    "$rondo" matrix -a 127.0.0.1 -p "$port" -o "$tmp/never_$sig/m.json" "$tmp/in.json" 2>"$tmp/err" &
    pid=$!
    sleep 0.5
    signal_wait $pid "$sig"
    want=$((128 + $(kill -l "$sig")))
    if [ $rc -eq $want ] && [ $ms -lt 1000 ] && [ -z "$(ls -A "$tmp/never_$sig")" ] &&
        grep -q "rondo: matrix: stopped by a signal (interrupted before any plan exists)" "$tmp/err"; then
        ok "matrix, server never answers, SIG$sig after 0.5 s: exit $rc $ms ms later, no output"
    else
        bad "matrix, SIG$sig: exit $rc (wanted $want) $ms ms after the signal, left '$(ls "$tmp/never_$sig")': $(head -c 200 "$tmp/err")"
    fi
done
h control '{}'

# options.unroutable "unassign": the unreachable job is unassigned with its
# reason and the others are solved (a vehicle's location would still exit 3)
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["options"]={"unroutable":"unassign"}; json.dump(d,open(sys.argv[2],"w"))' "$tmp/island.json" "$tmp/island_un.json"
if timeout 60 "$rondo" solve -q --iterations 30 -a 127.0.0.1 -p "$port" "$tmp/island_un.json" >"$tmp/un.json" 2>"$tmp/err" &&
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); inp = json.load(open(sys.argv[2]))
u = {x["id"]: x["reason"] for x in d["unassigned"] if x["type"] == "job"}
served = {x["id"] for r in d["routes"] for x in r["steps"] if x["type"] == "job"}
others = {j["id"] for j in inp["jobs"]} - {42}
ok = u.get(42, "").startswith("unroutable:") and others <= served | set(u) and len(served) > 0
sys.exit(0 if ok else 1)' "$tmp/un.json" "$tmp/island_un.json"; then
    ok "options.unroutable unassign: job 42 unassigned as unroutable, the rest solved"
else
    bad "options.unroutable unassign: $(head -c 300 "$tmp/un.json") $(head -c 200 "$tmp/err")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
