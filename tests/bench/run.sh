#!/usr/bin/env bash
# Reproducible gateway benchmark: the same simulated engine measured directly, through nginx (plain proxy_pass with
# upstream keepalive) and through crosslogicd (authentication, rate limits and metering on). Writes JSON results.
#   tests/bench/run.sh [--smoke] [--out FILE]
#   tests/bench/run.sh --profile N [--out DIR]   crosslogicd under callgrind for N requests at 25/s; writes
#                                                 DIR/callgrind.out and DIR/callgrind.txt (callgrind_annotate)
# Env: BUILD_DIR (default ./build), or CROSSLOGICD / NODE_AGENT / LOADGEN paths; BENCH_KEEP=1 keeps the state dir;
#      BENCH_SCENARIOS="throughput latency streams limiter" (the default: all) runs a subset, e.g. to compare builds;
#      BENCH_DURATION overrides the seconds per scenario; BENCH_RATES="1000 5000" the fixed rates; BENCH_STREAMS="1000" the held-stream counts;
#      BENCH_WRAPPER="heaptrack -o /tmp/x" runs crosslogicd under a tool (its RSS figures are then the tool's);
#      BENCH_REDIS=cluster runs the daemons against a private Redis Cluster (scripts/cluster.sh, 3 masters + 3 replicas);
#      BENCH_PIN=1 pins each role (load generator, engine, Redis, PostgreSQL, gateway = crosslogicd and nginx) to
#      its own CPU set with taskset, computed from nproc (needs 6 cores; fewer: it says so and runs unpinned).
# A second crosslogicd with RATE_LIMIT_BATCH=false (target crosslogicd_nobatch) runs beside the first, so the
# throughput and fixed-rate scenarios measure the rate limiter's batching off and on in the same run, with Redis
# calls and Redis CPU (INFO cpu) per request.
# Starts its own PostgreSQL and Redis on free ports under a private state dir (never the test cluster's 55432/56379).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/tests/bench"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
CROSSLOGICD="${CROSSLOGICD:-$BUILD_DIR/daemon/crosslogicd}"
NODE_AGENT="${NODE_AGENT:-$BUILD_DIR/agent/crosslogic-node-agent}"
LOADGEN="${LOADGEN:-$BUILD_DIR/tests/bench/crosslogic-bench-loadgen}"
OUT="$BENCH/results/latest.json"
SMOKE=0
PROFILE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --profile) PROFILE="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    *) echo "usage: $0 [--smoke] [--out FILE] | --profile N [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$SMOKE" = 1 ]; then
  DURATION=2; CONNS=(8); RATES=(200); STREAMS=(20 50); HOLD=1; CPU_REQUESTS=400; REDIS_N=2000
else
  DURATION=10; CONNS=(16 32 64); RATES=(1000 5000); STREAMS=(1000 10000); HOLD=5; CPU_REQUESTS=10000; REDIS_N=50000
fi
DURATION="${BENCH_DURATION:-$DURATION}"
[ -n "${BENCH_STREAMS:-}" ] && read -r -a STREAMS <<<"$BENCH_STREAMS"
SCENARIOS=" ${BENCH_SCENARIOS:-throughput latency streams limiter} "
want() { [[ "$SCENARIOS" == *" $1 "* ]]; }
log() { echo "bench: $*" >&2; }

# BENCH_PIN=1: one CPU set per role. Redis and PostgreSQL one core each, the load generator and the engine a quarter
# of the rest each, the gateway (crosslogicd, and nginx when it is the target) what remains.
PIN="${BENCH_PIN:-0}"
declare -A CPUS=()
if [ "$PIN" = 1 ]; then
  NCPU="$(nproc)"
  if [ "$NCPU" -lt 6 ]; then
    log "BENCH_PIN=1 needs at least 6 cores (Redis 1, PostgreSQL 1, load generator, engine and gateway at least 1 each, and 1 spare); this machine has $NCPU: running unpinned"
    PIN=0
  else
    q=$(( (NCPU - 2) / 4 ))
    CPUS=([redis]=0 [postgres]=1 [load]="2-$((1 + q))" [engine]="$((2 + q))-$((1 + 2 * q))" [gateway]="$((2 + 2 * q))-$((NCPU - 1))")
    log "pinned: $(for r in load engine redis postgres gateway; do printf '%s=%s ' "$r" "${CPUS[$r]}"; done)"
  fi
fi
pin() { if [ "$PIN" = 1 ]; then echo "taskset -c ${CPUS[$1]}"; fi; } # a command prefix: $(pin engine) cmd ...
PIN_PLAN="$(if [ "$PIN" = 1 ]; then for r in load engine redis postgres gateway; do printf '%s=%s,' "$r" "${CPUS[$r]}"; done; fi)"
# crosslogicd's I/O threads (GATEWAY_IO_THREADS); nginx gets as many worker processes. 2 on this 2-core machine;
# pinned, one per core of the gateway's set.
if [ "$PIN" = 1 ] && [ -z "${BENCH_IO_THREADS:-}" ]; then
  IO_THREADS="$(taskset -c "${CPUS[gateway]}" nproc)"
else
  IO_THREADS="${BENCH_IO_THREADS:-2}"
fi
for bin in "$CROSSLOGICD" "$NODE_AGENT" "$LOADGEN"; do
  [ -x "$bin" ] || { log "missing $bin (build the crosslogicd, crosslogic-node-agent and crosslogic-bench-loadgen targets, or set BUILD_DIR)"; exit 1; }
done
if ! command -v wrk >/dev/null || ! [ -x /usr/sbin/nginx ]; then
  log "installing wrk and nginx-light from Debian"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FD_LIMIT="$(ulimit -n)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
STATE="$(mktemp -d /tmp/crosslogic-bench.XXXXXX)"
chmod 755 "$STATE"
R="$STATE/results"; mkdir -p "$R"
export CROSSLOGIC_STATE_DIR="$STATE/services" CROSSLOGIC_PG_PORT="$(free_port)" CROSSLOGIC_REDIS_PORT="$(free_port)"
PIDS=()
cleanup() {
  local pid
  # A BENCH_WRAPPER (heaptrack) runs crosslogicd as its child: stop that child by its parent's id first.
  [ -n "${BENCH_WRAPPER:-}" ] && [ -n "${DAEMON_PID:-}" ] && { pkill -TERM -P "$DAEMON_PID" 2>/dev/null || true; }
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -f "$STATE/nginx/nginx.pid" ] && kill "$(cat "$STATE/nginx/nginx.pid")" 2>/dev/null || true
  if [ -n "${CLUSTER_PORT:-}" ]; then
    CROSSLOGIC_CLUSTER_PORT="$CLUSTER_PORT" bash "$ROOT/scripts/cluster.sh" stop >/dev/null 2>&1 || true
  fi
  bash "$ROOT/scripts/services.sh" stop >/dev/null 2>&1 || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "state kept in $STATE"; else rm -rf "$STATE"; fi
}
trap cleanup EXIT

log "services (PostgreSQL :$CROSSLOGIC_PG_PORT, Redis :$CROSSLOGIC_REDIS_PORT) in $STATE"
bash "$ROOT/scripts/services.sh" start >/dev/null
# BENCH_REDIS=cluster: the daemons use a private Redis Cluster (scripts/cluster.sh: 3 masters, 3 replicas) instead
# of the single Redis; Redis CPU is then the sum over its six nodes.
REDIS_MODE="${BENCH_REDIS:-single}"
REDIS_PORTS=("$CROSSLOGIC_REDIS_PORT")
REDIS_PIDS="$(cat "$CROSSLOGIC_STATE_DIR/redis/redis.pid" 2>/dev/null || true)"
BENCH_REDIS_URL="redis://127.0.0.1:$CROSSLOGIC_REDIS_PORT"
if [ "$REDIS_MODE" = cluster ]; then
  CLUSTER_PORT="$(python3 - <<'PY'
import random, socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
        return True
    except OSError:
        return False
    finally:
        s.close()
for _ in range(200):  # six consecutive ports, and their cluster bus ports (+10000), all free
    base = random.randrange(20000, 29000)
    if all(free(base + i) and free(base + 10000 + i) for i in range(6)):
        print(base)
        break
PY
)"
  [ -n "$CLUSTER_PORT" ] || { log "no six free consecutive ports for the Redis Cluster"; exit 1; }
  CROSSLOGIC_CLUSTER_PORT="$CLUSTER_PORT" CROSSLOGIC_PGBOUNCER_PORT="$(free_port)" bash "$ROOT/scripts/cluster.sh" start >/dev/null
  REDIS_PORTS=(); REDIS_PIDS=""
  for i in 0 1 2 3 4 5; do
    REDIS_PORTS+=($((CLUSTER_PORT + i)))
    REDIS_PIDS="$REDIS_PIDS $(cat "$CROSSLOGIC_STATE_DIR/cluster/redis-$((CLUSTER_PORT + i))/redis.pid")"
  done
  BENCH_REDIS_URL="redis+cluster://127.0.0.1:$CLUSTER_PORT,127.0.0.1:$((CLUSTER_PORT + 1)),127.0.0.1:$((CLUSTER_PORT + 2))"
  log "Redis Cluster (3 masters, 3 replicas) on 127.0.0.1:$CLUSTER_PORT-$((CLUSTER_PORT + 5))"
elif [ "$REDIS_MODE" != single ]; then
  log "BENCH_REDIS must be single or cluster"; exit 2
fi
if [ "$PIN" = 1 ]; then # every thread of Redis, and PostgreSQL's postmaster (its later backends inherit the set)
  for p in $REDIS_PIDS; do taskset -a -cp "${CPUS[redis]}" "$p" >/dev/null; done
  pg_master="$(head -1 "$CROSSLOGIC_STATE_DIR/postgres/data/postmaster.pid")"
  for p in $pg_master $(pgrep -P "$pg_master"); do taskset -a -cp "${CPUS[postgres]}" "$p" >/dev/null; done
fi
DAEMON_PORT="$(free_port)"
NOBATCH_PORT="$(free_port)"
NGINX_PORT="$(free_port)"
ADMIN_TOKEN="bench-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
NODE_TOKEN="bench-node-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cat >"$STATE/crosslogic.env" <<ENV
DATABASE_URL=postgres://postgres@127.0.0.1:$CROSSLOGIC_PG_PORT/crosslogic
REDIS_URL=$BENCH_REDIS_URL
ADMIN_API_TOKEN=$ADMIN_TOKEN
NODE_REGISTRATION_TOKEN=$NODE_TOKEN
SERVER_HOST=127.0.0.1
SERVER_PORT=$DAEMON_PORT
GATEWAY_IO_THREADS=$IO_THREADS
LOG_LEVEL=info
USAGE_SPOOL_DIR=$STATE/spool
# The simulated engines listen on loopback, which the daemon refuses as a node endpoint unless allowed.
NODE_ENDPOINT_ALLOW_NETWORKS=127.0.0.0/8
ENV
"$CROSSLOGICD" migrate --env-file "$STATE/crosslogic.env" >/dev/null
# The same daemon with the rate limiter's batching off: one admission and one release script call per request.
sed -e "s|^SERVER_PORT=.*|SERVER_PORT=$NOBATCH_PORT|" -e "s|^USAGE_SPOOL_DIR=.*|USAGE_SPOOL_DIR=$STATE/spool-nobatch|" \
  "$STATE/crosslogic.env" >"$STATE/crosslogic-nobatch.env"
echo "RATE_LIMIT_BATCH=false" >>"$STATE/crosslogic-nobatch.env"
read -r -a WRAPPER <<<"${BENCH_WRAPPER:-}"
PROFILE_TOOL="${BENCH_PROFILE_TOOL:-callgrind}"
if [ "$PROFILE" -gt 0 ]; then
  case "$PROFILE_TOOL" in
    callgrind) WRAPPER=(valgrind --tool=callgrind --callgrind-out-file="$STATE/callgrind.out") ;;
    strace) WRAPPER=(strace -f -c -o "$STATE/strace.txt") ;; # system calls by kind, all threads, whole run
    timeline) WRAPPER=(strace -f -ttt -T -o "$STATE/strace.txt") ;; # every system call with its thread and time
    perf) WRAPPER=() ;; # sampled (cpu-clock, user and kernel), attached for the measured requests only
    *) echo "BENCH_PROFILE_TOOL must be callgrind, strace, timeline or perf" >&2; exit 2 ;;
  esac
fi
read -r -a PIN_GATEWAY <<<"$(pin gateway)"; read -r -a PIN_ENGINE <<<"$(pin engine)"; read -r -a PIN_LOAD <<<"$(pin load)"
"${PIN_GATEWAY[@]}" "${WRAPPER[@]}" "$CROSSLOGICD" serve --env-file "$STATE/crosslogic.env" >"$STATE/crosslogicd.log" 2>&1 &
DAEMON_PID=$!; PIDS+=("$DAEMON_PID")
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$DAEMON_PORT/ready" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$DAEMON_PORT/ready" >/dev/null || { tail -20 "$STATE/crosslogicd.log" >&2; exit 1; }
NOBATCH_PID=""
if [ "$PROFILE" -eq 0 ]; then
  RATE_LIMIT_BATCH=false "${PIN_GATEWAY[@]}" "$CROSSLOGICD" serve --env-file "$STATE/crosslogic-nobatch.env" >"$STATE/crosslogicd-nobatch.log" 2>&1 &
  NOBATCH_PID=$!; PIDS+=("$NOBATCH_PID")
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$NOBATCH_PORT/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$NOBATCH_PORT/ready" >/dev/null || { tail -20 "$STATE/crosslogicd-nobatch.log" >&2; exit 1; }
fi

# Two simulated engines registered through their agents: instant answers, and slow streams to hold open.
start_engine() { # name model tokens-per-second
  mkdir -p "$STATE/agent-$1"; : >"$STATE/agent-$1.log"
  "${PIN_ENGINE[@]}" "$NODE_AGENT" --simulate --port 0 --model "$2" --ttft-ms 0 --tokens-per-second "$3" --max-concurrency 1000000 \
    --max-tokens-cap 100000 --control-plane "http://127.0.0.1:$DAEMON_PORT" --token "$NODE_TOKEN" --cluster-name "bench-$1" \
    --state-dir "$STATE/agent-$1" --heartbeat-interval 5 --log-level warn >"$STATE/agent-$1.log" 2>&1 &
  PIDS+=("$!")
  eval "${1^^}_PID=$!"
  local port=""
  for _ in $(seq 1 100); do
    port="$(sed -n 's/^SIMULATED_ENGINE_LISTENING port=\([0-9]*\).*/\1/p' "$STATE/agent-$1.log")"
    [ -n "$port" ] && break; sleep 0.1
  done
  [ -n "$port" ] || { log "engine $1 did not start"; cat "$STATE/agent-$1.log" >&2; exit 1; }
  eval "${1^^}_PORT=$port"
}
start_engine fast bench-model 0
start_engine slow bench-stream 0.2

admin() { curl -fsS -H "X-Admin-Token: $ADMIN_TOKEN" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
TENANT=$(admin -d '{"name":"Bench Inc","email":"bench@example.com"}' "http://127.0.0.1:$DAEMON_PORT/admin/tenants" | json "['id']")
ENVIRONMENT=$(admin -d '{"name":"production"}' "http://127.0.0.1:$DAEMON_PORT/admin/tenants/$TENANT/environments" | json "['id']")
KEY=$(admin -d "{\"tenant_id\":\"$TENANT\",\"environment_id\":\"$ENVIRONMENT\",\"name\":\"bench key\",\"rate_limit_requests_per_min\":2000000000,\"rate_limit_tokens_per_min\":1000000000000,\"concurrency_limit\":1000000}" \
  "http://127.0.0.1:$DAEMON_PORT/admin/api-keys" | json "['key']")
for port in $DAEMON_PORT ${NOBATCH_PID:+$NOBATCH_PORT}; do
  for model in bench-model bench-stream; do
    for _ in $(seq 1 100); do
      curl -fs -H "Authorization: Bearer $KEY" "http://127.0.0.1:$port/v1/models" 2>/dev/null | grep -q "\"$model\"" && break
      sleep 0.2
    done
  done
done
curl -fsS -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "http://127.0.0.1:$DAEMON_PORT/v1/chat/completions" \
  -d '{"model":"bench-model","messages":[{"role":"user","content":"hi"}],"max_tokens":4}' >"$STATE/probe.json" \
  || { log "a chat completion through crosslogicd failed"; tail -20 "$STATE/crosslogicd.log" >&2; exit 1; }

mkdir -p "$STATE/nginx"
sed -e "s|@PREFIX@|$STATE/nginx|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@UPSTREAM_PORT@|$FAST_PORT|g" -e "s|@WORKERS@|$IO_THREADS|g" \
  "$BENCH/nginx.conf.in" >"$STATE/nginx/nginx.conf"
"${PIN_GATEWAY[@]}" /usr/sbin/nginx -c "$STATE/nginx/nginx.conf" -p "$STATE/nginx" -e "$STATE/nginx/nginx-error.log"
for _ in $(seq 1 50); do [ -s "$STATE/nginx/nginx.pid" ] && break; sleep 0.1; done
NGINX_MASTER="$(cat "$STATE/nginx/nginx.pid")"
NGINX_WORKERS="$(pgrep -P "$NGINX_MASTER" | tr '\n' ' ')"

if [ "$PROFILE" -gt 0 ]; then
  "$LOADGEN" rate --url "http://127.0.0.1:$DAEMON_PORT/v1/chat/completions" --key "$KEY" --rate 100 --duration 2 >/dev/null # warm-up
  valgrind_ctl() { callgrind_control "$@" "$DAEMON_PID" >/dev/null 2>&1 || true; }
  [ "$PROFILE_TOOL" = callgrind ] && valgrind_ctl --zero
  if [ "$PROFILE_TOOL" = perf ]; then
    perf record -e cpu-clock -F 4999 -g -p "$DAEMON_PID" -o "$STATE/perf.data" >"$STATE/perf.log" 2>&1 &
    PERF_PID=$!; sleep 0.5
  fi
  "$LOADGEN" rate --url "http://127.0.0.1:$DAEMON_PORT/v1/chat/completions" --key "$KEY" --rate "${BENCH_PROFILE_RATE:-25}" --connections 8 \
    --duration "$(python3 -c "print($PROFILE / ${BENCH_PROFILE_RATE:-25})")" >"$STATE/profile-load.json"
  if [ "$PROFILE_TOOL" = perf ]; then
    kill -INT "$PERF_PID"; wait "$PERF_PID" || true
    kill -TERM "$DAEMON_PID"
  elif [ "$PROFILE_TOOL" != callgrind ]; then pkill -TERM -P "$DAEMON_PID"; else kill -TERM "$DAEMON_PID"; fi # strace: stop its child
  wait "$DAEMON_PID" || true
  [ "$OUT" = "$BENCH/results/latest.json" ] && OUT="$BENCH/results/profile"
  mkdir -p "$OUT"
  cp "$STATE/profile-load.json" "$OUT/"
  if [ "$PROFILE_TOOL" = perf ]; then
    perf report -i "$STATE/perf.data" --stdio --no-children --sort dso,symbol >"$OUT/perf-self.txt" 2>/dev/null || true
    perf report -i "$STATE/perf.data" --stdio --children --sort symbol >"$OUT/perf-children.txt" 2>/dev/null || true
    cp "$STATE/perf.data" "$OUT/"
  elif [ "$PROFILE_TOOL" != callgrind ]; then
    cp "$STATE/strace.txt" "$OUT/" # counts cover start-up, the 200-request warm-up and the N requests
  else
    cp "$STATE/callgrind.out" "$OUT/"
    callgrind_annotate --inclusive=yes "$OUT/callgrind.out" >"$OUT/callgrind-inclusive.txt" 2>/dev/null || true
    callgrind_annotate "$OUT/callgrind.out" >"$OUT/callgrind.txt" 2>/dev/null || true
  fi
  log "$PROFILE_TOOL profile of $PROFILE requests in $OUT"
  exit 0
fi

declare -A URL=([engine]="http://127.0.0.1:$FAST_PORT/v1/chat/completions"
                [nginx]="http://127.0.0.1:$NGINX_PORT/v1/chat/completions"
                [crosslogicd]="http://127.0.0.1:$DAEMON_PORT/v1/chat/completions"
                [crosslogicd_nobatch]="http://127.0.0.1:$NOBATCH_PORT/v1/chat/completions")
TARGETS=(engine nginx crosslogicd crosslogicd_nobatch)

# CPU ticks of each role (a target, Redis, PostgreSQL), and of all cores (/proc/stat): around each throughput run
# (what no role accounts for is the load generator, wrk, and the rest of the machine) and each fixed-rate run.
PG_MASTER="$(head -1 "$CROSSLOGIC_STATE_DIR/postgres/data/postmaster.pid" 2>/dev/null || true)"
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
role_ticks() { # role -> ticks of its processes (processes that have exited since count as 0)
  local pids
  case "$1" in
    engine) pids="$FAST_PID" ;;
    nginx) pids="$NGINX_WORKERS" ;;
    crosslogicd) pids="$DAEMON_PID" ;;
    crosslogicd_nobatch) pids="$NOBATCH_PID" ;;
    redis) pids="$REDIS_PIDS" ;;
    postgres) pids="$PG_MASTER $(pgrep -P "$PG_MASTER" 2>/dev/null | tr '\n' ' ')" ;;
  esac
  local t=0 p v
  for p in $pids; do v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done
  echo "$t"
}
cpu_split() { # the roles' ticks as JSON members
  local role
  for role in machine engine nginx crosslogicd crosslogicd_nobatch redis postgres; do
    if [ "$role" = machine ]; then printf '"machine":%s' "$(machine_ticks)"; else printf ',"%s":%s' "$role" "$(role_ticks "$role")"; fi
  done
}

# Redis's CPU seconds so far (INFO cpu: used_cpu_sys + used_cpu_user), and a daemon's rate limiter calls to Redis
# (ratelimit_redis_calls_total: admit, release and batch; 0 for the targets that are not crosslogicd).
redis_cpu() { # over every node in cluster mode
  local p
  for p in "${REDIS_PORTS[@]}"; do redis-cli -p "$p" INFO cpu; done | tr -d '\r' | awk -F: '/^used_cpu_(sys|user):/ {s += $2} END {printf "%.6f", s}'
}
redis_reads() { # read events Redis handled (INFO stats total_reads_processed): its wake-ups for client input
  local p
  for p in "${REDIS_PORTS[@]}"; do redis-cli -p "$p" INFO stats; done | tr -d '\r' | awk -F: '/^total_reads_processed:/ {s += $2} END {printf "%d", s}'
}
limiter_calls() {
  local port
  case "$1" in crosslogicd) port=$DAEMON_PORT ;; crosslogicd_nobatch) port=$NOBATCH_PORT ;; *) echo 0; return ;; esac
  curl -fs "http://127.0.0.1:$port/metrics" | awk '/^ratelimit_redis_calls_total\{script="(admit|release|batch)"\}/ {s += $2} END {printf "%d", s}'
}

# 1. Maximum sustained throughput (closed loop, wrk).
want throughput && for target in "${TARGETS[@]}"; do
  BENCH_KEY="$KEY" BENCH_WRK_OUT=/dev/null "${PIN_LOAD[@]}" wrk -t1 -c8 -d1s -s "$BENCH/chat.lua" "${URL[$target]}" >/dev/null # warm-up
  for c in "${CONNS[@]}"; do
    log "throughput $target -c$c -d${DURATION}s"
    before="{$(cpu_split)}"
    BENCH_KEY="$KEY" BENCH_WRK_OUT="$R/throughput-$target-c$c.json" "${PIN_LOAD[@]}" wrk -t1 -c"$c" -d"${DURATION}s" -s "$BENCH/chat.lua" \
      "${URL[$target]}" >"$R/throughput-$target-c$c.txt"
    echo "{\"before\":$before,\"after\":{$(cpu_split)},\"clk_tck\":$(getconf CLK_TCK)}" >"$R/cpusplit-$target-c$c.json"
  done
done

# The second fixed rate: 5,000/s, or 80 % of the slowest target's maximum when the machine cannot sustain that.
MAX_DAEMON="$(python3 -c "import json,glob; print(int(max([json.load(open(f))['rps'] for f in glob.glob('$R/throughput-crosslogicd-*.json')] or [6250])))")"
if [ "$SMOKE" = 0 ]; then
  SECOND=$(( MAX_DAEMON * 8 / 10 / 100 * 100 ))
  [ "$SECOND" -gt 5000 ] && SECOND=5000
  [ "$SECOND" -lt 1000 ] && SECOND=1000
  RATES=(1000 "$SECOND")
  [ "$SECOND" = 1000 ] && RATES=(1000)
fi
[ -n "${BENCH_RATES:-}" ] && read -r -a RATES <<<"$BENCH_RATES" # e.g. "1000 5000": exactly these, whatever the maximum

# 2. Latency at fixed rates (open loop, loadgen) and 3. CPU time per request at the first rate.
want latency && for rate in "${RATES[@]}"; do
  for target in "${TARGETS[@]}"; do
    log "latency $target at $rate/s for ${DURATION}s"
    before=$(role_ticks "$target")
    redis_before=$(role_ticks redis); pg_before=$(role_ticks postgres)
    info_before=$(redis_cpu); calls_before=$(limiter_calls "$target")
    for p in "${REDIS_PORTS[@]}"; do redis-cli -p "$p" CONFIG RESETSTAT >/dev/null; done
    reads_before=$(redis_reads) # after RESETSTAT, which clears it
    "${PIN_LOAD[@]}" "$LOADGEN" rate --url "${URL[$target]}" --key "$KEY" --rate "$rate" --duration "$DURATION" --connections 64 \
      >"$R/latency-$target-$rate.json"
    after=$(role_ticks "$target")
    redis_after=$(role_ticks redis); pg_after=$(role_ticks postgres)
    # The rate limiter's releases ride with admissions for up to RATE_LIMIT_BATCH_HOLD_MS: let the last ones out.
    sleep 0.1
    info_after=$(redis_cpu); calls_after=$(limiter_calls "$target"); reads_after=$(redis_reads)
    # Which commands that CPU went to (calls and microseconds, commands run by scripts included; over every node).
    for p in "${REDIS_PORTS[@]}"; do redis-cli -p "$p" INFO commandstats; done | tr -d '\r' >"$R/commandstats-$target-$rate.txt"
    # What Redis and PostgreSQL spent meanwhile (crosslogicd's rate limits and metering; their idle cost otherwise):
    # /proc ticks, and Redis's own used_cpu_sys + used_cpu_user (INFO cpu, microseconds); the rate limiter's calls.
    echo "{\"ticks\":$((after - before)),\"redis_ticks\":$((redis_after - redis_before)),\"postgres_ticks\":$((pg_after - pg_before)),\"clk_tck\":$(getconf CLK_TCK),\"redis_info_cpu_s\":$(python3 -c "print(round($info_after - $info_before, 6))"),\"limiter_calls\":$(python3 -c "print($calls_after - $calls_before)"),\"redis_reads\":$((reads_after - reads_before))}" \
      >"$R/cpu-$target-$rate.json"
  done
done

# 4. Concurrent SSE streams held open: time to first token and resident memory per stream.
want streams && for n in "${STREAMS[@]}"; do
  eff=$n
  # Through the daemon a stream holds two descriptors (client and engine).
  max=$(( (FD_LIMIT - 200) / 2 ))
  [ "$eff" -gt "$max" ] && eff=$max
  for target in engine crosslogicd; do
    if [ "$target" = engine ]; then url="http://127.0.0.1:$SLOW_PORT/v1/chat/completions"; pid=$SLOW_PID
    else url="http://127.0.0.1:$DAEMON_PORT/v1/chat/completions"; pid=$DAEMON_PID; fi
    log "streams $target: $eff held open (asked for $n)"
    "$LOADGEN" streams --url "$url" --key "$KEY" --model bench-stream --streams "$eff" --open-rate 1000 --hold "$HOLD" --pid "$pid" \
      | python3 -c "import json,sys; d=json.load(sys.stdin); d['requested']=$n; d['fd_limit']=$FD_LIMIT; print(json.dumps(d))" \
      >"$R/streams-$target-$n.json"
    sleep 2 # let both sides close the streams
  done
done

# 5. Rate limiter: the admission and release scripts' Redis round trip, timed with redis-benchmark.
want limiter && [ "$REDIS_MODE" = cluster ] && log "limiter scenario skipped with BENCH_REDIS=cluster (its keys span slots)"
want limiter && [ "$REDIS_MODE" = single ] && {
RP=$CROSSLOGIC_REDIS_PORT
# A script's source as the daemon sends it (tests/bench/lua_script.py).
lua() { python3 "$BENCH/lua_script.py" "$ROOT/daemon/ratelimit/ratelimitscripts.h" "$1"; }
ADMIT_SHA=$(redis-cli -p "$RP" SCRIPT LOAD "$(lua kAdmitScript)")
RELEASE_SHA=$(redis-cli -p "$RP" SCRIPT LOAD "$(lua kReleaseScript)")
BATCH_SHA=$(redis-cli -p "$RP" SCRIPT LOAD "$(lua kBatchScript)")
# The key level's three limits, none for the environment and the tenant (the defaults): the admission names the
# in-flight hash and the key's five counters, the release settles the key's token counter and frees its
# concurrency counter (nothing a limit does not read is counted).
admit_keys=(ratelimit:replica:bench:inflight ratelimit:key:bench:minute:cur ratelimit:key:bench:minute:prev
            ratelimit:key:bench:tokens:cur ratelimit:key:bench:tokens:prev ratelimit:key:bench:concurrency)
release_keys=("ratelimit:key:bench:tokens:cur" "ratelimit:key:bench:concurrency")
admit_cmd=(EVALSHA "$ADMIT_SHA" 6 "${admit_keys[@]}" 0.5 20 120 2000000000 1000000000000 1000000 0 0 0 0 0 0)
release_cmd=(EVALSHA "$RELEASE_SHA" 3 "${release_keys[@]}" ratelimit:replica:bench:inflight -5 120 0 1 1)
# RATE_LIMIT_BATCH: a release and the next admission in one call (the pair a request costs under load).
batch_cmd=(EVALSHA "$BATCH_SHA" 9 "${release_keys[@]}" ratelimit:replica:bench:inflight "${admit_keys[@]}"
           r 3 5 -5 120 0 1 1 a 6 12 0.5 20 120 2000000000 1000000000000 1000000 0 0 0 0 0 0)
redis-cli -p "$RP" "${admit_cmd[@]}" >/dev/null && redis-cli -p "$RP" "${release_cmd[@]}" >/dev/null
redis-cli -p "$RP" "${batch_cmd[@]}" | grep -q . || { log "the batch script failed"; exit 1; }
for c in 1 32; do
  "${PIN_LOAD[@]}" redis-benchmark -p "$RP" -n "$REDIS_N" -c "$c" --csv "${admit_cmd[@]}" >"$R/redis-admit-c$c.csv"
  "${PIN_LOAD[@]}" redis-benchmark -p "$RP" -n "$REDIS_N" -c "$c" --csv "${release_cmd[@]}" >"$R/redis-release-c$c.csv"
  "${PIN_LOAD[@]}" redis-benchmark -p "$RP" -n "$REDIS_N" -c "$c" --csv "${batch_cmd[@]}" >"$R/redis-batch-c$c.csv"
  "${PIN_LOAD[@]}" redis-benchmark -p "$RP" -n "$REDIS_N" -c "$c" --csv PING >"$R/redis-ping-c$c.csv"
done
}

RSS_IDLE_KB="$(awk '/VmRSS/ {print $2}' "/proc/$DAEMON_PID/status")"
kill -0 "$DAEMON_PID" || { log "crosslogicd died during the benchmark"; exit 1; }
mkdir -p "$(dirname "$OUT")"
python3 "$BENCH/collect.py" --dir "$R" --out "$OUT" --smoke "$SMOKE" --duration "$DURATION" --io-threads "$IO_THREADS" \
  --rss-idle-kb "$RSS_IDLE_KB" --pin "$PIN_PLAN" --redis "$REDIS_MODE" --markdown "${OUT%.json}.md" --command "tests/bench/run.sh $([ "$SMOKE" = 1 ] && echo --smoke)"
log "results in $OUT"
