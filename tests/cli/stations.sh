#!/usr/bin/env bash
# Stations with fill levels and the collection policy (README "Stations"):
# rondo turns each station into a job, mandatory when its fill reaches the
# threshold within the horizon, else optional with a prize per litre; its
# pickup is [litres, kg] at the latest shift end. This test applies the same
# rule independently (python, below) to build the jobs-only twin of the
# input, checks rondo's answer against the twin with check_plan.py, checks
# that every mandatory station is served, that the reported `fill` at each
# visit follows the rule, and the exact error messages of bad stations.
# usage: bash tests/cli/stations.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: stations.sh <rondo-binary> <source-dir>}"
src="${2:?usage: stations.sh <rondo-binary> <source-dir>}"
checker="$src/../shared/tools/check_plan.py"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

python3 - "$tmp" <<'PY'
import json, math, random, sys
t = sys.argv[1]
rng = random.Random(7)
pts = [(0, 0)] + [(rng.uniform(-5000, 5000), rng.uniform(-5000, 5000)) for _ in range(16)] + [(4000, -4000)]
n = len(pts)
D = [[int(round(math.dist(a, b))) for b in pts] for a in pts]
T = [[int(round(d / 8.0)) for d in row] for row in D]
stations = []
for i in range(1, 17):
    stations.append({"id": 100 + i, "location_index": i, "bins": 1 + i % 4, "bin_volume": 1100,
                     "fill": round(0.1 + 0.05 * i, 2), "fill_rate": 0.2, "weight_per_litre": 0.1,
                     "service_per_bin": 60, "description": "station %d" % i})
d = {"vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "capacity": [8000, 1000],
                   "time_window": [25200, 54000], "reload_facilities": [9], "end_empty": True}],
     "facilities": [{"id": 9, "location_index": 17, "service": 600}],
     "stations": stations,
     "collection_policy": {"threshold": 0.8, "horizon_days": 1, "prize_per_litre": 0.5, "now": 21600},
     "matrices": {"car": {"durations": T, "distances": D}}}
json.dump(d, open(t + "/st.json", "w"))
# the twin: the documented rule, applied here independently
pol = d["collection_policy"]
t_max = max(v["time_window"][1] for v in d["vehicles"])
def rnd(x):  # half up, as rondo (python's round() rounds half to even)
    return int(math.floor(x + 0.5))
def fill_at(s, when):
    return min(1.0, max(s["fill"], s["fill"] + s["fill_rate"] * (when - pol["now"]) / 86400.0))
jobs, mandatory = [], []
for s in stations:
    litres = rnd(s["bins"] * s["bin_volume"] * fill_at(s, t_max))
    j = {"id": s["id"], "location_index": s["location_index"], "service": rnd(s["service_per_bin"] * s["bins"]),
         "pickup": [litres, rnd(litres * s["weight_per_litre"])], "description": s["description"]}
    if fill_at(s, pol["now"] + pol["horizon_days"] * 86400) < pol["threshold"]:
        j["prize"] = rnd(pol["prize_per_litre"] * litres)
    else:
        mandatory.append(s["id"])
    jobs.append(j)
twin = {k: v for k, v in d.items() if k not in ("stations", "collection_policy")}
twin["jobs"] = jobs
json.dump(twin, open(t + "/twin.json", "w"))
json.dump({"mandatory": mandatory, "stations": stations, "now": pol["now"]}, open(t + "/rule.json", "w"))
bad1 = json.loads(json.dumps(d)); del bad1["stations"][2]["fill"]; json.dump(bad1, open(t + "/nofill.json", "w"))
bad2 = json.loads(json.dumps(d)); bad2["stations"][0]["fill"] = 1.5; json.dump(bad2, open(t + "/fill15.json", "w"))
bad3 = json.loads(json.dumps(d)); bad3["collection_policy"]["threshold"] = 2; json.dump(bad3, open(t + "/thr.json", "w"))
PY

timeout 60 "$rondo" solve "$tmp/st.json" -q --iterations 200 >"$tmp/out.json" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ]; then
    bad "stations: exit $rc: $(head -c 300 "$tmp/err")"
elif [ -f "$checker" ]; then
    verdict="$(python3 "$checker" "$tmp/twin.json" "$tmp/out.json")"
    case "$verdict" in OK*) ok "stations: the plan checks against the rule's twin: $verdict" ;; *) bad "stations: check_plan.py: $verdict" ;; esac
else
    ok "stations: solved (check_plan.py not found)"
fi
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); rule = json.load(open(sys.argv[2]))
st = {s["id"]: s for s in rule["stations"]}
served = {x["id"]: x for r in d["routes"] for x in r["steps"] if x["type"] == "job"}
missing = [m for m in rule["mandatory"] if m not in served]
def fill_at(s, when): return min(1.0, max(s["fill"], s["fill"] + s["fill_rate"] * (when - rule["now"]) / 86400.0))
wrong = [i for i, x in served.items() if abs(x["fill"] - round(fill_at(st[i], x["arrival"]), 3)) > 1e-9]
optional_out = [u for u in d["unassigned"] if u["id"] not in rule["mandatory"]]
ok = (not missing and not wrong and len(rule["mandatory"]) >= 3
      and all(u["reason"] == "optional: its prize does not pay for its detour" for u in d["unassigned"]))
print(len(rule["mandatory"]), "mandatory,", len(served), "served,", len(optional_out), "optional left out")
sys.exit(0 if ok else 1)' "$tmp/out.json" "$tmp/rule.json" >"$tmp/why"; then
    ok "stations: every mandatory station served, fill at each visit by the rule ($(cat "$tmp/why"))"
else
    bad "stations: $(cat "$tmp/why") $(head -c 300 "$tmp/out.json")"
fi

bad_case() {
    local name="$1" in="$2" want="$3" rc
    timeout 20 "$rondo" solve "$in" -q >"$tmp/out" 2>/dev/null
    rc=$?
    if [ $rc -eq 2 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d == {"code": 2, "error": sys.argv[2]} else 1)' "$tmp/out" "$want"; then
        ok "$name"
    else
        bad "$name: rc $rc: $(head -c 300 "$tmp/out")"
    fi
}
bad_case "station without fill" "$tmp/nofill.json" "stations[2].fill: missing (fraction full now, 0-1)"
bad_case "fill above 1" "$tmp/fill15.json" "stations[0].fill: expected a number in [0, 1]"
bad_case "threshold above 1" "$tmp/thr.json" "collection_policy.threshold: expected a number in [0, 1]"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
