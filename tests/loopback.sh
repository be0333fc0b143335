# Sourced by the CLI tests that talk to the loopback routing server
# (router.sh, geometry.sh): a temporary directory $tmp removed on exit, the
# ok/bad counters, and tests/router_server.py started on an ephemeral
# 127.0.0.1 port ($port, $base), its stdin a fifo held open on fd 3 so that
# the server ends with the test. Needs $src (the source directory).

tmp="$(mktemp -d)"
spid=""
cleanup() {
    exec 3>&- 2>/dev/null
    [ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

mkfifo "$tmp/ctl"
python3 "$src/tests/router_server.py" --exit-on-eof <"$tmp/ctl" >"$tmp/port" &
spid=$!
exec 3>"$tmp/ctl"
for _ in $(seq 1 100); do
    [ -s "$tmp/port" ] && break
    sleep 0.05
done
port="$(head -1 "$tmp/port")"
if [ -z "$port" ]; then
    echo "FAIL the loopback server did not start"
    exit 1
fi
base="http://127.0.0.1:$port"
