#!/usr/bin/env bash
# End-to-end test of `rondo generate` (the city generator): the same seed gives
# the same bytes (stdout and -o), another seed other bytes; the JSON parses
# and holds the requested counts, the documented amount/service/window rules
# and the reload keys (none with --no-reloads); every location lies within
# 20 km of its city's centre for every city; each part of the city comes from
# its own stream (changing --facilities leaves the jobs alone); the bundled
# instances/city-example*.json are what their documented commands produce;
# bad arguments exit 2 with exact messages and nothing on stdout; and a small
# --no-reloads --matrix city is solved by `rondo solve` and declared OK by
# ../shared/tools/check_plan.py, with stations left unassigned (the trucks'
# capacity binds). Ends with `N passed, M failed`; exits 1 on failure.
# usage: bash tests/cli/generate.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: generate.sh <rondo-binary> <source-dir>}"
src="${2:?usage: generate.sh <rondo-binary> <source-dir>}"
checker="$src/../shared/tools/check_plan.py"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# ---- determinism ----
gen() { "$rondo" generate "$@" 2>"$tmp/err"; }
gen --stations 50 --tradeins 8 --depots 2 --facilities 3 --seed 7 >"$tmp/a.json"
gen --stations 50 --tradeins 8 --depots 2 --facilities 3 --seed 7 >"$tmp/b.json"
gen --stations 50 --tradeins 8 --depots 2 --facilities 3 --seed 8 >"$tmp/c.json"
if [ -s "$tmp/a.json" ] && cmp -s "$tmp/a.json" "$tmp/b.json"; then ok "same seed: identical bytes"; else bad "same seed gave different output"; fi
if ! cmp -s "$tmp/a.json" "$tmp/c.json"; then ok "another seed: other bytes"; else bad "seeds 7 and 8 gave the same output"; fi
if "$rondo" generate --stations 50 --tradeins 8 --depots 2 --facilities 3 --seed 7 -o "$tmp/o.json" >"$tmp/stdout" 2>"$tmp/err" &&
    [ ! -s "$tmp/stdout" ] && cmp -s "$tmp/a.json" "$tmp/o.json"; then
    ok "-o FILE: the same bytes, nothing on stdout"
else
    bad "-o FILE"
fi
if ls "$tmp"/o.json.tmp.* >/dev/null 2>&1; then bad "-o left a temporary file"; else ok "-o leaves no temporary file"; fi
gen --stations=50 --tradeins=8 --depots=2 --facilities=3 --seed=7 >"$tmp/eq.json"
if cmp -s "$tmp/a.json" "$tmp/eq.json"; then ok "--flag=value form"; else bad "--flag=value form differs"; fi

# ---- structure and rules ----
# inspect FILE STATIONS TRADEINS DEPOTS FACILITIES RELOADS(1/0) MATRIX(1/0): prints problems, one a line.
inspect() {
    python3 - "$@" <<'PY'
import json, math, re, sys
path, n_st, n_ti, n_dep, n_fac, reloads, matrix = sys.argv[1], *map(int, sys.argv[2:])
d = json.load(open(path))
p = []
jobs, veh = d["jobs"], d["vehicles"]
st = [j for j in jobs if j.get("skills") == [2]]
ti = [j for j in jobs if j.get("skills") == [1]]
if len(st) != n_st: p.append(f"{len(st)} stations, wanted {n_st}")
if len(ti) != n_ti: p.append(f"{len(ti)} trade-ins, wanted {n_ti}")
if len(jobs) != n_st + n_ti: p.append("jobs other than stations and trade-ins")
if len({j["id"] for j in jobs}) != len(jobs): p.append("duplicate job ids")
if len({v["id"] for v in veh}) != len(veh): p.append("duplicate vehicle ids")
depots = {tuple(v["start"]) for v in veh}
if len(veh) >= n_dep and len(depots) != n_dep: p.append(f"{len(depots)} depots, wanted {n_dep}")
for v in veh:
    if v["start"] != v["end"]: p.append(f"vehicle {v['id']} ends elsewhere")
    if len(v["breaks"]) != 1 or v["breaks"][0]["service"] != 1800: p.append(f"vehicle {v['id']}: no 30-min break")
trucks = [v for v in veh if v["skills"] == [2]]
vans = [v for v in veh if v["skills"] == [1]]
if len(trucks) + len(vans) != len(veh): p.append("vehicles other than trucks and vans")
for v in trucks:
    if v["time_window"] != [25200, 54000]: p.append(f"truck {v['id']}: shift {v['time_window']}")
    has = [k for k in ("reload_facilities", "end_empty", "max_working_time") if k in v]
    if reloads and (v.get("reload_facilities") != list(range(1, n_fac + 1)) or v.get("end_empty") is not True
                    or v.get("max_working_time") != 27000):
        p.append(f"truck {v['id']}: reload keys {has}")
    if not reloads and has: p.append(f"truck {v['id']}: --no-reloads left {has}")
if reloads:
    fac = d.get("facilities", [])
    if [f["id"] for f in fac] != list(range(1, n_fac + 1)): p.append(f"facility ids {[f['id'] for f in fac]}")
    for f in fac:
        if not (600 <= f["service"] <= 1200 and f["time_windows"]): p.append(f"facility {f['id']}: {f}")
elif "facilities" in d: p.append("--no-reloads left facilities")
for j in st:
    m = re.search(r"station \d+: (\d+) x (\d+) L bins, (\d+) % full$", j["description"])
    if not m: p.append(f"job {j['id']}: description {j['description']!r}"); continue
    bins, litres, fill = map(int, m.groups())
    if j["pickup"][0] != bins * litres * fill // 100: p.append(f"job {j['id']}: pickup {j['pickup']} for {m.group(0)}")
    if not (50 * j["pickup"][0] <= 1000 * j["pickup"][1] + 500 and 1000 * j["pickup"][1] <= 150 * j["pickup"][0] + 500):
        p.append(f"job {j['id']}: weight {j['pickup'][1]} kg for {j['pickup'][0]} L")
    if j["service"] != 60 + 45 * bins: p.append(f"job {j['id']}: service {j['service']} for {bins} bins")
    if "time_windows" in j: p.append(f"job {j['id']}: a station with time windows")
for j in ti:
    (a, b), = j["time_windows"]
    if b - a != 7200 or a < 28800 or b > 61200: p.append(f"job {j['id']}: slot {a}-{b}")
    if not (300 <= j["service"] <= 600): p.append(f"job {j['id']}: service {j['service']}")
if trucks and n_st:
    ratio = sum(j["pickup"][0] for j in st) / sum(v["capacity"][0] for v in trucks)
    if not 2 <= ratio <= 3: p.append(f"station volume / truck capacity = {ratio:.2f}")
if matrix:
    n = len(d["matrices"]["car"]["durations"])
    idx = [v["start_index"] for v in veh] + [j["location_index"] for j in jobs]
    if max(idx) >= n or len(d["matrices"]["car"]["distances"]) != n: p.append("matrix size")
elif "matrices" in d: p.append("matrices without --matrix")
print("\n".join(p))
PY
}

expect_clean() { # NAME FILE ARGS-FOR-INSPECT...
    local name="$1"
    shift
    local out
    out="$(inspect "$@" 2>&1)"
    if [ -z "$out" ]; then ok "$name"; else
        bad "$name"
        echo "$out" | head -5 | sed 's/^/     | /'
    fi
}

expect_clean "counts, rules, reload keys (50/8/2/3)" "$tmp/a.json" 50 8 2 3 1 0
gen --stations 40 --tradeins 0 --depots 3 --facilities 1 --seed 2 --no-reloads >"$tmp/nr.json"
expect_clean "--no-reloads: no facilities nor reload keys" "$tmp/nr.json" 40 0 3 1 0 0
gen --stations 0 --tradeins 12 --depots 1 --facilities 0 --seed 2 >"$tmp/ti.json"
expect_clean "trade-ins only (no trucks, facilities 0 allowed)" "$tmp/ti.json" 0 12 1 0 1 0
gen --stations 30 --tradeins 5 --depots 2 --facilities 2 --seed 4 --matrix >"$tmp/m.json"
expect_clean "--matrix: indices and matrices" "$tmp/m.json" 30 5 2 2 1 1

# Each part has its own stream: other facilities or --no-reloads leave the jobs alone.
gen --stations 50 --tradeins 8 --depots 2 --facilities 1 --seed 7 >"$tmp/f1.json"
gen --stations 50 --tradeins 8 --depots 2 --facilities 3 --seed 7 --no-reloads >"$tmp/nr7.json"
if python3 -c '
import json, sys
a, b, c = (json.load(open(f)) for f in sys.argv[1:])
sys.exit(0 if a["jobs"] == b["jobs"] == c["jobs"] else 1)' "$tmp/a.json" "$tmp/f1.json" "$tmp/nr7.json"; then
    ok "jobs independent of --facilities and --no-reloads"
else
    bad "jobs changed with --facilities or --no-reloads"
fi

# Every location within 20 km of its city's centre, in every city (signs of lon/lat).
for city in hamburg:9.993682:53.551086 lyon:4.835659:45.764043 shenzhen:114.057868:22.543099 \
    montreal:-73.567256:45.501689 melbourne:144.963058:-37.813628; do
    IFS=: read -r name lon lat <<<"$city"
    gen --city "$name" --stations 200 --tradeins 30 --depots 5 --facilities 4 --seed 11 >"$tmp/city.json"
    far="$(python3 - "$tmp/city.json" "$lon" "$lat" <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
lon0, lat0 = float(sys.argv[2]), float(sys.argv[3])
pts = [v["start"] for v in d["vehicles"]] + [v["end"] for v in d["vehicles"]]
pts += [j["location"] for j in d["jobs"]] + [f["location"] for f in d.get("facilities", [])]
def km(p):
    a, b = math.radians(lat0), math.radians(p[1])
    h = math.sin((b - a) / 2) ** 2 + math.cos(a) * math.cos(b) * math.sin(math.radians(p[0] - lon0) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
print(f"{len(pts)} {max(map(km, pts)):.2f} {min(map(km, pts)):.2f}")
PY
)"
    read -r npts maxkm minkm <<<"$far"
    if [ "${npts:-0}" -gt 200 ] && python3 -c "import sys; sys.exit(0 if 8 <= $maxkm <= 20 else 1)"; then
        ok "$name: $npts locations, farthest $maxkm km from the centre"
    else
        bad "$name: locations $far (count, farthest km, nearest km)"
    fi
done

# The bundled instances are what README's commands make.
gen --stations 300 --tradeins 40 --depots 2 --facilities 2 --seed 1 >"$tmp/ex.json"
if cmp -s "$tmp/ex.json" "$src/instances/city-example.json"; then ok "instances/city-example.json reproduced"; else bad "instances/city-example.json differs from its command"; fi
gen --stations 120 --tradeins 20 --depots 2 --facilities 2 --seed 1 --no-reloads --matrix >"$tmp/exn.json"
if cmp -s "$tmp/exn.json" "$src/instances/city-example-noreload.json"; then ok "instances/city-example-noreload.json reproduced"; else bad "instances/city-example-noreload.json differs from its command"; fi
expect_clean "city-example.json: counts and rules" "$src/instances/city-example.json" 300 40 2 2 1 0

# The full form of the example city can be served completely with reloads: a plain
# sweep plan (tests/cli/city_sweep.py, no optimisation) on the same city with matrices
# is declared OK by check_plan.py (which knows reload semantics) with every job served.
gen --stations 300 --tradeins 40 --depots 2 --facilities 2 --seed 1 --matrix >"$tmp/exm.json"
if [ -f "$checker" ]; then
    if python3 "$src/tests/cli/city_sweep.py" "$tmp/exm.json" "$tmp/sweep.json" >"$tmp/sweep.txt" 2>"$tmp/err"; then
        verdict="$(python3 "$checker" "$tmp/exm.json" "$tmp/sweep.json")"
        case "$verdict" in
        "OK assigned=340 unassigned=0 "*) ok "example city with reloads: a sweep plan is feasible: $verdict" ;;
        *) bad "example city with reloads: sweep plan: $verdict" ;;
        esac
    else
        bad "city_sweep.py failed: $(head -c 300 "$tmp/err")"
    fi
else
    ok "example city with reloads (check_plan.py not found: skipped)"
fi

# ---- bad arguments: exit 2, the exact message, nothing on stdout ----
expect_error() { # MESSAGE ARGS...
    local want="$1" rc
    shift
    "$rondo" generate "$@" >"$tmp/stdout" 2>"$tmp/err"
    rc=$?
    if [ $rc -eq 2 ] && [ ! -s "$tmp/stdout" ] && [ "$(cat "$tmp/err")" = "rondo: error: $want" ]; then
        ok "error: $*"
    else
        bad "error: $* (exit $rc): $(head -c 300 "$tmp/err")"
    fi
}
expect_error "--stations: expected an integer in [0, 100000], got '-3'" --stations -3
expect_error "--tradeins: expected an integer in [0, 100000], got '-1'" --tradeins=-1
expect_error "--depots: expected an integer in [1, 50], got '0'" --depots 0
expect_error "--facilities: expected an integer in [0, 50], got '-2'" --facilities -2
expect_error "--seed: expected a non-negative integer, got '-5'" --seed -5
expect_error "--trucks: expected an integer in [0, 10000], got 'many'" --trucks many
expect_error "--city: unknown city 'paris' (known: hamburg, lyon, shenzhen, montreal, melbourne)" --city paris
expect_error "unknown option '--bogus'" --bogus
expect_error "generate: unexpected argument 'city.json'" city.json
expect_error "--stations needs a value" --stations
expect_error "--no-reloads takes no value" --no-reloads=yes
expect_error "nothing to generate: --stations and --tradeins are both 0" --stations 0 --tradeins 0
expect_error "--facilities: trucks with reloads need at least 1 facility (or give --no-reloads)" --facilities 0
expect_error "--facilities: trucks with reloads need at least 1 facility (or give --no-reloads)" --stations 0 --trucks 1 --facilities 0
expect_error "--matrix: 6044 locations, at most 5000 (leave --matrix out)" --stations 6000 --matrix
if "$rondo" generate --help | grep -q -- '--no-reloads' && "$rondo" --help | grep -q 'generate'; then
    ok "generate --help, listed in rondo --help"
else
    bad "help texts"
fi

# ---- a small city, solved by today's solver (no reloads) and checked ----
gen --stations 60 --tradeins 10 --depots 2 --facilities 2 --seed 3 --no-reloads --matrix >"$tmp/s.json"
if timeout 120 "$rondo" solve "$tmp/s.json" --iterations 30 -q -o "$tmp/plan.json" 2>"$tmp/err"; then
    if [ -f "$checker" ]; then
        verdict="$(python3 "$checker" "$tmp/s.json" "$tmp/plan.json")"
        case "$verdict" in
        OK*) ok "60 stations + 10 trade-ins solved: $verdict" ;;
        *) bad "check_plan.py: $verdict" ;;
        esac
    else
        ok "60 stations + 10 trade-ins solved (check_plan.py not found)"
    fi
    left="$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
st = [u for u in d["unassigned"] if u["id"] <= 60]
print(len(st), all(u.get("reason") for u in st))' "$tmp/plan.json")"
    case "$left" in
    "0 "*) bad "no station left unassigned: the trucks' capacity does not bind" ;;
    *" True") ok "capacity binds without reloads: ${left% *} stations unassigned, each with a reason" ;;
    *) bad "unassigned stations without a reason: $left" ;;
    esac
else
    bad "rondo solve failed: $(head -c 300 "$tmp/err")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
