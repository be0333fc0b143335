#!/usr/bin/env bash
# The waste-collection format of Kim, Kim & Sahoo (2006), read natively
# (io/wcvrptw.c) and through bench/wcvrptw2json.py (an independent Python
# reading of the same rules into rondo JSON): the bundled 102-stop instance
# solved both ways; the JSON plan is checked by ../shared/tools/check_plan.py
# (trip loads, landfill windows, daily yardage, lunch, return empty); the
# native .sol serves every stop once and ends each route with a dump; bad
# files exit 2 naming the line.
# usage: bash tests/cli/wcvrptw.sh <rondo-binary> <source-dir>
set -u

rondo="${1:?usage: wcvrptw.sh <rondo-binary> <source-dir>}"
src="${2:?usage: wcvrptw.sh <rondo-binary> <source-dir>}"
inst="$src/instances/wcvrptw-102_stop.txt"
checker="$src/../shared/tools/check_plan.py"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

if timeout 120 "$rondo" solve "$inst" -q --iterations 100 -o "$tmp/w.sol" 2>"$tmp/err"; then
    if python3 - "$inst" "$tmp/w.sol" >"$tmp/why" <<'PY'; then
import sys
rows = [l.split() for l in open(sys.argv[1], encoding="latin-1").read().splitlines()[6:] if len(l.split()) >= 8]
stops = {r[0] for r in rows if r[7] == "1"}
fills = {r[0] for r in rows if r[7] == "2"}
routes = [l.split(":", 1)[1].split() for l in open(sys.argv[2]) if l.startswith("Route #")]
seen = [x for r in routes for x in r if x in stops]
ok = sorted(seen) == sorted(stops) and all(r[-1] in fills for r in routes)
head = [l for l in open(sys.argv[2]) if l.startswith("# vehicles")]
print(len(routes), "routes,", len(seen), "stops,", head[0].strip() if head else "no summary line")
sys.exit(0 if ok and head else 1)
PY
        ok "native: every stop once, each route ends at a landfill ($(cat "$tmp/why"))"
    else
        bad "native: $(cat "$tmp/why")"
    fi
else
    bad "native solve failed: $(head -c 300 "$tmp/err")"
fi

python3 "$src/bench/wcvrptw2json.py" "$inst" "$tmp/w.json"
if timeout 120 "$rondo" solve "$tmp/w.json" -q --iterations 100 >"$tmp/w.plan.json" 2>"$tmp/err"; then
    if [ -f "$checker" ]; then
        verdict="$(python3 "$checker" "$tmp/w.json" "$tmp/w.plan.json")"
        case "$verdict" in OK*) ok "JSON twin: $verdict" ;; *) bad "JSON twin: $verdict" ;; esac
    else
        ok "JSON twin solved (check_plan.py not found)"
    fi
    if python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); s = d["summary"]
steps = [x for r in d["routes"] for x in r["steps"]]
lunch = [x for x in steps if x["type"] == "break"]
ok = (s["unassigned"] == 0 and len(lunch) == s["routes"] and all(39600 <= x["arrival"] + x["waiting_time"] <= 43200 for x in lunch)
      and all(r["steps"][-2]["type"] in ("reload", "break") for r in d["routes"]) and all(r["pickup"][0] <= 40000 for r in d["routes"]))
sys.exit(0 if ok else 1)' "$tmp/w.plan.json"; then
        ok "JSON twin: every stop served, lunch 11:00-12:00, daily 400 yd, ends after a dump"
    else
        bad "JSON twin rules: $(head -c 300 "$tmp/w.plan.json")"
    fi
else
    bad "JSON twin solve failed: $(head -c 300 "$tmp/err")"
fi

bad_file() {
    local name="$1" want="$2" rc
    timeout 20 "$rondo" solve "$tmp/bad.txt" -q >/dev/null 2>"$tmp/err"
    rc=$?
    if [ $rc -eq 2 ] && grep -qF -- "$want" "$tmp/err"; then ok "$name"; else bad "$name: rc $rc $(head -c 200 "$tmp/err")"; fi
}
head -3 "$inst" >"$tmp/bad.txt"
bad_file "truncated header" "lunch duration (line 4)"
{ head -7 "$inst"; echo "1   1229125.00   3460107.00  0000 2400 1600  9999.00"; } >"$tmp/bad.txt"
bad_file "row with 7 values" "bad.txt:8:"
{ head -7 "$inst"; echo "3   1208344.00   3469904.00  0700 2400 180    300.00 1"; sed -n 9p "$inst"; } >"$tmp/bad.txt"
bad_file "load above capacity" "stop 3: load 300 exceeds the vehicle capacity 280"
{ head -7 "$inst"; sed -n 10,12p "$inst"; } >"$tmp/bad.txt"
bad_file "no landfill" "needs one depot (type 0), stops (type 1) and a landfill (type 2)"
# 20,001 rows: refused at the 20,001st (line 20,007), not when the table grows
{ head -10 "$inst"; for i in $(seq 4 20000); do echo "$i   1208344.00   3469904.00  0700 2400 180    1.00 1"; done; } >"$tmp/bad.txt"
bad_file "20,001 rows" "bad.txt:20007: more than 20000 rows"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
