#!/usr/bin/env bash
# Starts/stops a private Redis Cluster (3 masters + 3 replicas, Debian's redis-server) and, when /usr/sbin/pgbouncer
# is installed, a PgBouncer in transaction pooling mode in front of the PostgreSQL of scripts/services.sh; prints the
# URLs a scaled-out crosslogicd uses. Everything lives under .local/cluster (never the system-wide services).
#   scripts/cluster.sh start|stop|status|env
# Ports: CROSSLOGIC_CLUSTER_PORT (first node, default 7001; the six nodes use it and the next five, and each its
# cluster bus port + 10000), CROSSLOGIC_CLUSTER_NODE_TIMEOUT_MS (default 1000: a stopped master's replica takes over
# within a few seconds), CROSSLOGIC_PGBOUNCER_PORT (default 6432), CROSSLOGIC_PG_PORT (PostgreSQL, as services.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${CROSSLOGIC_STATE_DIR:-$ROOT/.local}/cluster"
FIRST="${CROSSLOGIC_CLUSTER_PORT:-7001}"
NODE_TIMEOUT="${CROSSLOGIC_CLUSTER_NODE_TIMEOUT_MS:-1000}"
PGB_PORT="${CROSSLOGIC_PGBOUNCER_PORT:-6432}"
PG_PORT="${CROSSLOGIC_PG_PORT:-55432}"
PORTS=()
for i in 0 1 2 3 4 5; do PORTS+=($((FIRST + i))); done

node_up() { redis-cli -p "$1" ping >/dev/null 2>&1; }

start_redis_cluster() {
  for p in "${PORTS[@]}"; do
    mkdir -p "$STATE/redis-$p"
    node_up "$p" && continue
    redis-server --port "$p" --bind 127.0.0.1 --dir "$STATE/redis-$p" --cluster-enabled yes \
      --cluster-config-file "$STATE/redis-$p/nodes.conf" --cluster-node-timeout "$NODE_TIMEOUT" --cluster-require-full-coverage no \
      --save "" --appendonly no --daemonize yes --pidfile "$STATE/redis-$p/redis.pid" --logfile "$STATE/redis-$p/redis.log"
  done
  for p in "${PORTS[@]}"; do
    for _ in $(seq 1 50); do node_up "$p" && break; sleep 0.1; done
    node_up "$p" || { tail -20 "$STATE/redis-$p/redis.log" >&2; exit 1; }
  done
  # A node that already knows its cluster (nodes.conf from an earlier start) is not created again.
  if ! redis-cli -p "$FIRST" cluster info | grep -q '^cluster_known_nodes:6'; then
    local addrs=()
    for p in "${PORTS[@]}"; do addrs+=("127.0.0.1:$p"); done
    redis-cli --cluster create "${addrs[@]}" --cluster-replicas 1 --cluster-yes >"$STATE/create.log" 2>&1 \
      || { cat "$STATE/create.log" >&2; exit 1; }
  fi
  for _ in $(seq 1 100); do
    redis-cli -p "$FIRST" cluster info | grep -q '^cluster_state:ok' && return 0
    sleep 0.1
  done
  echo "cluster: the cluster did not reach cluster_state:ok" >&2; exit 1
}

start_pgbouncer() {
  [ -x /usr/sbin/pgbouncer ] || { echo "cluster: /usr/sbin/pgbouncer not installed (apt-get install pgbouncer); skipped" >&2; return 0; }
  local dir="$STATE/pgbouncer"
  mkdir -p "$dir"
  printf '"postgres" ""\n' >"$dir/users.txt"
  cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$PG_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGB_PORT
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
pool_mode = transaction
max_client_conn = 400
default_pool_size = 16
server_reset_query =
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
  if [ -f "$dir/pgbouncer.pid" ] && kill -0 "$(cat "$dir/pgbouncer.pid")" 2>/dev/null; then return 0; fi
  if [ "$(id -u)" -eq 0 ]; then # PgBouncer refuses to run as root
    chown -R postgres:postgres "$dir"
    runuser -u postgres -- /usr/sbin/pgbouncer -d --quiet "$dir/pgbouncer.ini"
  else
    /usr/sbin/pgbouncer -d --quiet "$dir/pgbouncer.ini"
  fi
}

stop_all() {
  for p in "${PORTS[@]}"; do node_up "$p" && redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
  local pid="$STATE/pgbouncer/pgbouncer.pid"
  if [ -f "$pid" ] && kill -0 "$(cat "$pid")" 2>/dev/null; then kill "$(cat "$pid")"; fi
}

# stop and start again from scratch: a fresh cluster (the nodes forget each other).
reset_state() { stop_all; rm -rf "$STATE"; }

print_env() {
  cat <<ENV
export REDIS_URL=redis+cluster://127.0.0.1:${PORTS[0]},127.0.0.1:${PORTS[1]},127.0.0.1:${PORTS[2]}
export CROSSLOGIC_CLUSTER_PORTS="${PORTS[*]}"
ENV
  if [ -x /usr/sbin/pgbouncer ]; then
    echo "export DATABASE_URL='postgres://postgres@127.0.0.1:$PGB_PORT/crosslogic?pool_mode=transaction'"
  fi
}

case "${1:-}" in
  start)
    start_redis_cluster; start_pgbouncer
    echo "cluster: Redis Cluster on 127.0.0.1:${PORTS[0]}-${PORTS[5]} (3 masters, 3 replicas)"
    print_env ;;
  stop) stop_all; echo "cluster: stopped" ;;
  reset) reset_state; echo "cluster: stopped and forgotten" ;;
  status)
    for p in "${PORTS[@]}"; do
      if node_up "$p"; then echo "redis $p: $(redis-cli -p "$p" role | head -1)"; else echo "redis $p: stopped"; fi
    done ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|reset|status|env" >&2; exit 2 ;;
esac
