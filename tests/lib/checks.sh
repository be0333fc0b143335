# Helpers of the CLI tests that check plans with the outside checkers
# (sourced by tests/cli/batch.sh and tests/cli/mpi.sh; not a test itself).
# Needs $tools (../shared/tools) set; counts into $passed and $failed.
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
expect() { # expect NAME COND-RESULT(0/1)
    if [ "$2" = 0 ]; then ok "$1"; else bad "$1"; fi
}
has() { grep -qF -- "$2" "$1"; } # has FILE TEXT

# check_sol NAME INSTANCE SOL [ROUND]: the outside checker says OK.
check_sol() {
    local name="$1" inst="$2" sol="$3" round="${4:-}" v
    if [ ! -f "$tools/check_solution.py" ]; then
        [ -s "$sol" ] && ok "$name (checker not found: exists)" || bad "$name: missing"
        return
    fi
    v="$(python3 "$tools/check_solution.py" ${round:+--round "$round"} "$inst" "$sol" 2>&1)"
    case "$v" in OK*) ok "$name: $v" ;; *) bad "$name: $v" ;; esac
}
# check_json NAME INPUT ANSWER: check_plan.py says OK.
check_json() {
    local name="$1" in="$2" out="$3" v
    if [ ! -f "$tools/check_plan.py" ]; then
        [ -s "$out" ] && ok "$name (checker not found: exists)" || bad "$name: missing"
        return
    fi
    v="$(python3 "$tools/check_plan.py" "$in" "$out" 2>&1)"
    case "$v" in OK*) ok "$name: $v" ;; *) bad "$name: $v" ;; esac
}
no_tmp() { # no_tmp NAME DIR: no temporary output file left in DIR
    if ls "$2" 2>/dev/null | grep -q '\.tmp\.'; then bad "$1: temporary file left: $(ls "$2")"; else ok "$1"; fi
}
