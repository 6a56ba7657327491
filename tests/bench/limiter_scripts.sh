#!/usr/bin/env bash
# Redis CPU per request of versions of the rate limiter's scripts, alone (no daemon): each round runs N requests
# with redis-benchmark (C clients) as an admission then a release (two calls) and as one batch call (release +
# admission), and reads Redis's INFO cpu (all of Redis's CPU: the calls' network work too) and INFO commandstats
# (the time inside EVALSHA: the scripts' own work) before and after. The scripts come from ratelimitscripts.h of
# the commits named (git show), loaded with SCRIPT LOAD, each called in the format of its commit. A running Redis is
# needed; its data is FLUSHALLed and its statistics reset.
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
in_script() { redis-cli -p "$RP" INFO commandstats | tr -d '\r' | awk -F'[=,]' '/^cmdstat_evalsha:/ {print $4}'; }
per_request() { python3 -c "print(round(($1) / $N, 1))"; }
HASH=ratelimit:replica:bench:inflight
levels=(key); [ "${LIMITS:-key}" = all ] && levels=(key env tenant)
limits=(2000000000 1000000000000 1000000 0 0 0 0 0 0)
[ "${LIMITS:-key}" = all ] && limits=(2000000000 1000000000000 1000000 2000000000 1000000000000 1000000 2000000000 1000000000000 1000000)
admit_args=(0.5 20 120 "${limits[@]}")
# Before session 12 the admission named all 15 counters, then the hash; since, the hash, then the counters it reads.
positional=(); counted=("$HASH"); old_release=(); new_release_tokens=(); new_release_conc=()
for l in key env tenant; do
  positional+=("ratelimit:$l:bench:minute:cur" "ratelimit:$l:bench:minute:prev" "ratelimit:$l:bench:tokens:cur" "ratelimit:$l:bench:tokens:prev" "ratelimit:$l:bench:concurrency")
  old_release+=("ratelimit:$l:bench:tokens:cur" "ratelimit:$l:bench:concurrency")
done
for l in "${levels[@]}"; do
  counted+=("ratelimit:$l:bench:minute:cur" "ratelimit:$l:bench:minute:prev" "ratelimit:$l:bench:tokens:cur" "ratelimit:$l:bench:tokens:prev" "ratelimit:$l:bench:concurrency")
  new_release_tokens+=("ratelimit:$l:bench:tokens:cur"); new_release_conc+=("ratelimit:$l:bench:concurrency")
done
for commit in "$@"; do git -C "$ROOT" show "$commit:daemon/ratelimit/ratelimitscripts.h" >"$TMP/$commit.h"; done
for round in $(seq 1 "$ROUNDS"); do
  for commit in "$@"; do
    H="$TMP/$commit.h"
    if grep -q "KEYS: 1 the replica's in-flight hash" "$H"; then admit_keys=("${counted[@]}"); else admit_keys=("${positional[@]}" "$HASH"); fi
    # Releases name the counters their admission counted (ARGV 4 and 5) since session 12; before, all six.
    if grep -q "local nt, nc = tonumber(A\[" "$H"; then
      release_keys=("${new_release_tokens[@]}" "${new_release_conc[@]}" "$HASH")
      release_args=(-5 120 0 "${#new_release_tokens[@]}" "${#new_release_conc[@]}")
    else
      release_keys=("${old_release[@]}" "$HASH"); release_args=(-5 120)
    fi
    na=${#admit_keys[@]} nr=${#release_keys[@]}
    redis-cli -p "$RP" FLUSHALL >/dev/null
    A=$(redis-cli -p "$RP" SCRIPT LOAD "$(lua "$H" kAdmitScript)")
    R=$(redis-cli -p "$RP" SCRIPT LOAD "$(lua "$H" kReleaseScript)")
    redis-cli -p "$RP" CONFIG RESETSTAT >/dev/null
    b=$(cpu)
    redis-benchmark -p "$RP" -n "$N" -c "$C" -q EVALSHA "$A" "$na" "${admit_keys[@]}" "${admit_args[@]}" >/dev/null
    redis-benchmark -p "$RP" -n "$N" -c "$C" -q EVALSHA "$R" "$nr" "${release_keys[@]}" "${release_args[@]}" >/dev/null
    a=$(cpu) s=$(in_script)
    echo "round $round $commit two-calls $(per_request "($a - $b) * 1e6") us/request ($(per_request "$s") in the scripts)"
    BATCH=$(lua "$H" kBatchScript || true)
    [ -n "$BATCH" ] || continue
    redis-cli -p "$RP" FLUSHALL >/dev/null
    B=$(redis-cli -p "$RP" SCRIPT LOAD "$BATCH")
    redis-cli -p "$RP" EVALSHA "$B" "$na" "${admit_keys[@]}" a "$na" 12 "${admit_args[@]}" >/dev/null
    redis-cli -p "$RP" CONFIG RESETSTAT >/dev/null
    b=$(cpu)
    redis-benchmark -p "$RP" -n "$N" -c "$C" -q EVALSHA "$B" $((nr + na)) "${release_keys[@]}" "${admit_keys[@]}" \
      r "$nr" "${#release_args[@]}" "${release_args[@]}" a "$na" 12 "${admit_args[@]}" >/dev/null
    a=$(cpu) s=$(in_script)
    echo "round $round $commit batch $(per_request "($a - $b) * 1e6") us/request ($(per_request "$s") in the script)"
  done
done
