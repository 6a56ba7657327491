#!/usr/bin/env bash
# Redis CPU per request of two versions of the rate limiter's scripts, alone (no daemon): each round runs N requests
# with redis-benchmark (C clients) as an admission then a release (two calls) and as one batch call (release +
# admission), and reads Redis's INFO cpu before and after. The scripts come from ratelimitscripts.h of the commits
# named (git show), loaded with SCRIPT LOAD. A running Redis is needed; its data is FLUSHALLed.
#   [LIMITS=key|all] tests/bench/limiter_scripts.sh REDIS_PORT ROUNDS N C COMMIT...
# LIMITS=key (the default): the key level's three limits, none for the environment and the tenant (the defaults);
# all: every level limits requests, tokens and concurrency (what each request costs at most).
# e.g. tests/bench/limiter_scripts.sh 56379 5 50000 32 26283ae a899df0   (docs/benchmarks.md, session 11)
set -euo pipefail
RP=$1 ROUNDS=$2 N=$3 C=$4
shift 4
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
lua() { python3 "$ROOT/tests/bench/lua_script.py" "$1" "$2"; } # header, script name (empty when it has none)
cpu() { redis-cli -p "$RP" INFO cpu | awk -F: '/used_cpu_(sys|user):/ {s += $2} END {printf "%.6f", s}'; }
admit_keys=(); old_release_keys=()
for l in key env tenant; do
  admit_keys+=("ratelimit:$l:bench:minute:cur" "ratelimit:$l:bench:minute:prev" "ratelimit:$l:bench:tokens:cur" "ratelimit:$l:bench:tokens:prev" "ratelimit:$l:bench:concurrency")
  old_release_keys+=("ratelimit:$l:bench:tokens:cur" "ratelimit:$l:bench:concurrency")
done
if [ "${LIMITS:-key}" = all ]; then
  admit_args=(0.5 20 120 2000000000 1000000000000 1000000 2000000000 1000000000000 1000000 2000000000 1000000000000 1000000)
  new_release_keys=(ratelimit:{key,env,tenant}:bench:tokens:cur ratelimit:{key,env,tenant}:bench:concurrency)
  new_release_args=(-5 120 0 3 3)
else
  admit_args=(0.5 20 120 2000000000 1000000000000 1000000 0 0 0 0 0 0)
  new_release_keys=(ratelimit:key:bench:tokens:cur ratelimit:key:bench:concurrency)
  new_release_args=(-5 120 0 1 1)
fi
for commit in "$@"; do git -C "$ROOT" show "$commit:daemon/ratelimit/ratelimitscripts.h" >"$TMP/$commit.h"; done
for round in $(seq 1 "$ROUNDS"); do
  for commit in "$@"; do
    H="$TMP/$commit.h"
    # Releases name the counters their admission counted (ARGV 4 and 5) since session 12; before, all six.
    if grep -q "local nt, nc = tonumber(A\[" "$H"; then
      release_keys=("${new_release_keys[@]}"); release_args=("${new_release_args[@]}")
    else
      release_keys=("${old_release_keys[@]}"); release_args=(-5 120)
    fi
    nr=$((${#release_keys[@]} + 1))
    redis-cli -p "$RP" FLUSHALL >/dev/null
    A=$(redis-cli -p "$RP" SCRIPT LOAD "$(lua "$H" kAdmitScript)")
    R=$(redis-cli -p "$RP" SCRIPT LOAD "$(lua "$H" kReleaseScript)")
    b=$(cpu)
    redis-benchmark -p "$RP" -n "$N" -c "$C" -q EVALSHA "$A" 16 "${admit_keys[@]}" ratelimit:replica:bench:inflight "${admit_args[@]}" >/dev/null
    redis-benchmark -p "$RP" -n "$N" -c "$C" -q EVALSHA "$R" "$nr" "${release_keys[@]}" ratelimit:replica:bench:inflight "${release_args[@]}" >/dev/null
    a=$(cpu)
    echo "round $round $commit two-calls $(python3 -c "print(round(($a - $b) / $N * 1e6, 1))") us/request"
    BATCH=$(lua "$H" kBatchScript || true)
    [ -n "$BATCH" ] || continue
    redis-cli -p "$RP" FLUSHALL >/dev/null
    B=$(redis-cli -p "$RP" SCRIPT LOAD "$BATCH")
    redis-cli -p "$RP" EVALSHA "$B" 16 "${admit_keys[@]}" ratelimit:replica:bench:inflight a 16 12 "${admit_args[@]}" >/dev/null
    b=$(cpu)
    redis-benchmark -p "$RP" -n "$N" -c "$C" -q EVALSHA "$B" $((nr + 16)) "${release_keys[@]}" ratelimit:replica:bench:inflight \
      "${admit_keys[@]}" ratelimit:replica:bench:inflight r "$nr" "${#release_args[@]}" "${release_args[@]}" a 16 12 "${admit_args[@]}" >/dev/null
    a=$(cpu)
    echo "round $round $commit batch $(python3 -c "print(round(($a - $b) / $N * 1e6, 1))") us/request"
  done
done
