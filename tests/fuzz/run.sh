#!/usr/bin/env bash
# Builds the libFuzzer harnesses (the `fuzz` preset: clang-14, ASan + UBSan)
# and fuzzes each for SECONDS (default 45), one after the other, starting
# from a copy of its seed corpus (tests/fuzz/corpus/<name>; the copy grows in
# build/fuzz/work/<name>, the repository's corpus is not changed). A crash,
# leak, timeout or sanitizer report stops with exit 1 and names the input
# libFuzzer saved (build/fuzz/crash/<name>/...): add it to
# tests/fuzz/regressions/<name>/ once fixed. Installs clang-14,
# libclang-rt-14-dev and libomp-14-dev from Debian when missing (as root).
# The mutation seed is fixed (FUZZ_SEED, default 1) so that CI is reproducible.
# usage: bash tests/fuzz/run.sh [SECONDS] [HARNESS...]   (harnesses: json vrp solomon serve)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-45}
shift || true
harnesses=${*:-json vrp solomon serve}

missing=""
for p in clang-14 libclang-rt-14-dev libomp-14-dev cmake; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "fuzz: missing Debian packages:$missing (run as root to install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
fi

mkdir -p build
if ! { cmake --preset fuzz && cmake --build --preset fuzz -j "$(nproc)"; } >build/fuzz.log 2>&1; then
  tail -n 40 build/fuzz.log >&2
  echo "fuzz: build failed (build/fuzz.log)" >&2
  exit 1
fi

failed=0 passed=0
for h in $harnesses; do
  work=build/fuzz/work/$h crash=build/fuzz/crash/$h log=build/fuzz/$h.log
  mkdir -p "$work" "$crash"
  cp -n tests/fuzz/corpus/"$h"/* "$work"/ 2>/dev/null || true
  # -rss_limit_mb: the harnesses cap matrix bytes far below it
  # -seed: the same mutation sequence on every run (CI stays reproducible);
  # FUZZ_SEED=0 draws a new one (for longer exploratory runs)
  if build/fuzz/fuzz_"$h" -seed="${FUZZ_SEED:-1}" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="$crash"/ -print_final_stats=1 "$work" tests/fuzz/regressions/"$h" \
      >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz: $h: ok, $runs executions in $secs s, corpus $(ls "$work" | wc -l) files"
    passed=$((passed + 1))
  else
    echo "fuzz: $h: FAILED, input saved in $crash/:" >&2
    ls "$crash" >&2
    grep -E "ERROR|SUMMARY|runtime error|deadly signal" "$log" | head -5 >&2
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
