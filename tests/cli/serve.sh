#!/usr/bin/env bash
# End-to-end test of `rondo serve`: a generated stream (bench/serve_gen.py) of
# COUNT requests (default 200; 10% malformed, of 16 kinds, some blank lines,
# the last line without '\n') must get exactly one answer per non-blank line,
# in order, ids echoed, code 0 or 2 as expected, every valid answer checked by
# ../shared/tools/check_plan.py when it exists (bench/serve_check.py), exit 0
# at end of input; resident memory is sampled after 10% of the answers and
# after the last one (with COUNT >= 1000 its growth must stay under 5 MB: a
# release-build check; under ASan the allocator's quarantine of freed blocks
# makes the resident size grow by design).
# Then: blank lines and CRLF, the precedence of a request's options over the
# service's flags, determinism of the default budget, an over-size line that
# must not be buffered, SIGTERM during a long request (answered with its best
# plan, exit 0), a signal while idle, a client that goes away, bad flags.
# usage: bash tests/cli/serve.sh <rondo-binary> <source-dir> [COUNT]
# Prints one line per check, then `N passed, M failed`; exits 1 on failure.
set -u

rondo="${1:?usage: serve.sh <rondo-binary> <source-dir> [COUNT]}"
src="${2:?usage: serve.sh <rondo-binary> <source-dir> [COUNT]}"
count="${3:-200}"
gen="$src/bench/serve_gen.py"
chk="$src/bench/serve_check.py"
checker="$src/../shared/tools/check_plan.py"
check_args=()
[ -f "$checker" ] && check_args=(--check-plan "$checker")

tmp="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null; }
lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }

# wait_lines FILE N SECONDS: until FILE has N lines; 1 on timeout.
wait_lines() {
    local deadline=$((SECONDS + $3))
    while [ "$(lines "$1")" -lt "$2" ]; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.05
    done
}

# wait_exit PID SECONDS: until the process is gone; 1 on timeout.
wait_exit() {
    local deadline=$((SECONDS + $2))
    while kill -0 "$1" 2>/dev/null; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.05
    done
}

# start_serve NAME ARGS...: `rondo serve ARGS` reading the fifo $tmp/NAME.in
# (held open on fd 3 until stop_input), answers in $tmp/NAME.out; sets $pid.
start_serve() {
    local name="$1"
    shift
    rm -f "$tmp/$name.in"
    mkfifo "$tmp/$name.in"
    "$rondo" serve "$@" <"$tmp/$name.in" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    pid=$!
    pids+=("$pid")
    exec 3<>"$tmp/$name.in"
}
stop_input() { exec 3>&-; }

# ---- the generated stream ----
python3 "$gen" --count "$count" --stops 12 --seed 1 --max-line 8192 \
    --out "$tmp/stream" --expect "$tmp/expect"
n_answers=$(wc -l <"$tmp/expect")
start_serve main --iterations 20 --max-line 8192 -q
cat "$tmp/stream" >&3 &
first_at=$(((n_answers + 9) / 10))
rss_first="" rss_last=""
if wait_lines "$tmp/main.out" "$first_at" 600; then rss_first=$(rss_kb "$pid"); fi
# (the last request has no '\n': it is complete, and answered, at end of input)
if wait_lines "$tmp/main.out" $((n_answers - 1)) 1200; then rss_last=$(rss_kb "$pid"); fi
stop_input
if wait_exit "$pid" 30; then
    wait "$pid"
    rc=$?
    if [ $rc -eq 0 ]; then ok "stream of $count requests: exit 0 at end of input"; else bad "stream: exit $rc"; fi
else
    bad "stream: still running after end of input"
fi
if python3 "$chk" "$tmp/stream" "$tmp/expect" "$tmp/main.out" "${check_args[@]}" >"$tmp/check"; then
    ok "stream: $(tail -2 "$tmp/check" | head -1), in order, ids and codes as expected"
else
    bad "stream: $(tail -1 "$tmp/check")"
fi
sed 's/^/     | /' "$tmp/check"
kinds=$(grep -c ' tried, ' "$tmp/check")
errors=$(grep -c '^rondo: error: line' "$tmp/main.err")
want_kinds=8
[ "$count" -lt 80 ] && want_kinds=1
if [ "$kinds" -ge "$want_kinds" ] && ! grep ' tried, ' "$tmp/check" | awk '$2 != $4 { exit 1 }' | grep -q .; then
    ok "stream: $kinds kinds of malformed requests, each answered with an error; $errors error lines on stderr"
else
    bad "stream: $kinds kinds of malformed requests (want >= $want_kinds)"
fi
echo "     | RSS after $first_at answers: ${rss_first:-?} kB; after $((n_answers - 1)) answers: ${rss_last:-?} kB"
if [ -n "$rss_first" ] && [ -n "$rss_last" ]; then
    if [ "$count" -lt 1000 ] || [ $((rss_last - rss_first)) -lt 5120 ]; then
        ok "resident memory: ${rss_first} kB -> ${rss_last} kB"
    else
        bad "resident memory grew from $rss_first kB to $rss_last kB over $n_answers answers"
    fi
else
    bad "resident memory not sampled"
fi

# ---- blank lines, CRLF, no final newline; empty input ----
req='{"vehicles":[{"id":1,"start_index":0,"end_index":0,"capacity":[4]}],"jobs":[{"id":1,"location_index":1,"delivery":[1]},{"id":2,"location_index":2,"pickup":[1]}],"matrix":[[0,5,7],[5,0,3],[7,3,0]]}'
idreq() { printf '{"id":%s,%s' "$1" "${req#\{}"; }
printf '\n   \n%s\r\n\t\n \r\n%s' "$(idreq 1)" "$(idreq '"two"')" >"$tmp/blank.in"
"$rondo" serve -q <"$tmp/blank.in" >"$tmp/blank.out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(lines "$tmp/blank.out")" -eq 2 ] &&
    python3 -c '
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if [x["id"] for x in a] == [1, "two"] and all(x["code"] == 0 for x in a) else 1)' "$tmp/blank.out"; then
    ok "blank lines skipped without an answer; CRLF and a last line without newline answered"
else
    bad "blank lines / CRLF: rc $rc, $(head -c 300 "$tmp/blank.out")"
fi
"$rondo" serve -q </dev/null >"$tmp/empty.out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$tmp/empty.out" ]; then ok "empty input: no answer, exit 0"; else bad "empty input: rc $rc"; fi

# ---- a request's options over the service's flags ----
{
    idreq 1
    echo
    printf '{"id":2,"options":{"seed":9},%s\n' "${req#\{}"
    printf '{"id":3,"options":{"time_limit":1.0},%s\n' "${req#\{}"
} >"$tmp/opt.in"
"$rondo" serve -q --seed 3 --iterations 1 <"$tmp/opt.in" >"$tmp/opt.out" 2>"$tmp/err"
if python3 -c '
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
s = [x["summary"] for x in a]
ok = s[0]["seed"] == 3 and s[1]["seed"] == 9 and s[2]["computing_times"]["solving"] >= 700
if not ok: print(s)
sys.exit(0 if ok else 1)' "$tmp/opt.out"; then
    ok "options: --seed reported, the request's seed wins, its time_limit replaces --iterations 1"
else
    bad "options precedence"
fi

# ---- --max-time caps what a request asks: a 60 s limit, 10^9 iterations ----
{
    printf '{"id":1,"options":{"time_limit":60},%s\n' "${req#\{}"
    printf '{"id":2,"options":{"iterations":1000000000},%s\n' "${req#\{}"
    printf '{"id":3,"options":{"time_limit":0.2},%s\n' "${req#\{}"
} >"$tmp/cap.in"
t0=$SECONDS
"$rondo" serve -q --max-time 0.5 <"$tmp/cap.in" >"$tmp/cap.out" 2>"$tmp/err"
rc=$?
took=$((SECONDS - t0))
if [ $rc -eq 0 ] && [ $took -le 10 ] && python3 -c '
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
t = [x["summary"]["computing_times"]["solving"] for x in a]
ok = [x["code"] for x in a] == [0, 0, 0] and all(400 <= x <= 3000 for x in t[:2]) and t[2] < 450
if not ok: print(t)
sys.exit(0 if ok else 1)' "$tmp/cap.out"; then
    ok "--max-time 0.5: a 60 s request and a 10^9-iteration request end at the cap, a 0.2 s one at its own limit"
else
    bad "--max-time: rc $rc after ${took} s, $(head -c 300 "$tmp/cap.out")"
fi
"$rondo" serve --max-time -1 </dev/null >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q -- "--max-time" "$tmp/err"; then ok "--max-time -1: exit 2 naming the flag"; else bad "--max-time -1: rc $rc"; fi

# ---- the default budget is deterministic: same answers, 1 or 2 threads ----
python3 "$gen" --count 6 --stops 30 --seed 5 --malformed 0 --blank 0 --out "$tmp/det.in"
strip='import json, sys
for l in sys.stdin:
    d = json.loads(l); d.get("summary", {}).pop("computing_times", None); print(json.dumps(d))'
"$rondo" serve -q -t 1 <"$tmp/det.in" | python3 -c "$strip" >"$tmp/det1"
"$rondo" serve -q -t 2 <"$tmp/det.in" | python3 -c "$strip" >"$tmp/det2"
if [ "$(lines "$tmp/det1")" -eq 6 ] && cmp -s "$tmp/det1" "$tmp/det2"; then
    ok "default budget: the same 6 answers with 1 and 2 threads"
else
    bad "default budget: answers differ across threads or are missing"
fi

# ---- an over-size line is skipped without being buffered ----
start_serve big --max-line 1000 -q
{ head -c 150000000 /dev/zero | tr '\0' x; echo; idreq 5; echo; } >&3
if wait_lines "$tmp/big.out" 2 120; then
    hwm=$(hwm_kb "$pid")
    stop_input
    wait "$pid"
    rc=$?
    if [ $rc -eq 0 ] && [ "${hwm:-999999}" -lt 100000 ] &&
        python3 -c '
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if a[0]["code"] == 2 and "longer than 1000" in a[0]["error"] and a[1]["id"] == 5 and a[1]["code"] == 0 else 1)' "$tmp/big.out"; then
        ok "150 MB line with --max-line 1000: error answer, next request answered, peak RSS $hwm kB"
    else
        bad "over-size line: rc $rc, peak RSS ${hwm:-?} kB, $(head -c 300 "$tmp/big.out")"
    fi
else
    stop_input
    bad "over-size line: no answers"
fi

# ---- SIGTERM during a long request: its best plan so far, exit 0 ----
printf '{"id":"long","options":{"time_limit":60},%s' "$(tail -c +2 "$tmp/det.in" | head -n 1)" >"$tmp/long.json"
start_serve term -q
{ cat "$tmp/long.json"; echo; idreq '"after"'; echo; } >&3
sleep 1.5
t0=$SECONDS
kill -TERM "$pid"
if wait_exit "$pid" 20; then
    wait "$pid"
    rc=$?
    took=$((SECONDS - t0))
    stop_input
    if [ $rc -eq 0 ] && [ "$(lines "$tmp/term.out")" -eq 1 ] && [ $took -le 5 ] &&
        python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).readline())
sys.exit(0 if d["id"] == "long" and d["code"] == 0 and d["summary"]["computing_times"]["solving"] < 20000 else 1)' "$tmp/term.out"; then
        ok "SIGTERM during a 60 s request: answered in ${took} s with its best plan, exit 0, the next request not started"
    else
        bad "SIGTERM: rc $rc after ${took} s, $(lines "$tmp/term.out") answers"
    fi
    if [ -f "$checker" ]; then
        head -n 1 "$tmp/term.out" >"$tmp/term1.json"
        verdict="$(python3 "$checker" "$tmp/long.json" "$tmp/term1.json")"
        case "$verdict" in OK*) ok "SIGTERM answer: check_plan.py $verdict" ;; *) bad "SIGTERM answer: $verdict" ;; esac
    fi
else
    stop_input
    bad "SIGTERM: still running 20 s later"
fi

# ---- SIGINT while waiting for input: exit 0 at once, nothing written ----
start_serve idle -q
sleep 0.5
kill -INT "$pid"
if wait_exit "$pid" 5; then
    wait "$pid"
    rc=$?
    if [ $rc -eq 0 ] && [ ! -s "$tmp/idle.out" ]; then ok "SIGINT while idle: exit 0"; else bad "SIGINT while idle: rc $rc"; fi
else
    bad "SIGINT while idle: still running"
fi
stop_input

# ---- the client goes away: exit 1 with a message, no crash ----
python3 "$gen" --count 40 --stops 12 --seed 2 --malformed 0 --blank 0 --out "$tmp/gone.in"
"$rondo" serve -q --iterations 5 <"$tmp/gone.in" 2>"$tmp/gone.err" | head -n 1 >/dev/null
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 1 ] && grep -q 'writing the answer to stdout failed' "$tmp/gone.err"; then
    ok "stdout closed by the client: exit 1 with a message"
else
    bad "stdout closed: rc $rc, $(head -c 200 "$tmp/gone.err")"
fi

# ---- the command line ----
if "$rondo" serve --help | grep -q -- '--max-line BYTES' && "$rondo" --help | grep -q '^  serve '; then
    ok "rondo serve --help; rondo --help lists serve"
else
    bad "help texts"
fi
for args in "--bogus" "--max-line 0" "-l" "--iterations=x" "-q=1" "request.json"; do
    # shellcheck disable=SC2086
    "$rondo" serve $args </dev/null >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q '^rondo: error: serve: ' "$tmp/err"; then
        ok "serve $args: exit 2, $(head -c 80 "$tmp/err" | head -1)"
    else
        bad "serve $args: rc $rc"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
