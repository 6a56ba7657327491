#!/usr/bin/env bash
# Starts/stops a private PostgreSQL 15 cluster and a private Redis under the checkout (never the system-wide ones).
#   scripts/services.sh start|stop|status|env
# Works as root (PostgreSQL runs as the `postgres` user) and as a normal user.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${CROSSLOGIC_STATE_DIR:-$ROOT/.local}"
PG_PORT="${CROSSLOGIC_PG_PORT:-55432}"
REDIS_PORT="${CROSSLOGIC_REDIS_PORT:-56379}"
PG_DIR="$STATE/postgres"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/run"
REDIS_DIR="$STATE/redis"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_running() { [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }
redis_running() { redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; }

start_pg() {
  [ -n "$PG_BIN" ] || { echo "services: PostgreSQL server binaries not found (run scripts/install-deps.sh)" >&2; exit 1; }
  mkdir -p "$PG_DIR" "$PG_SOCK"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_DIR" "$PG_SOCK"
    # The postgres user must be able to reach the state directory through every parent.
    if ! runuser -u postgres -- test -x "$PG_DIR"; then
      echo "services: user postgres cannot reach $PG_DIR; set CROSSLOGIC_STATE_DIR to a traversable path" >&2; exit 1
    fi
  fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
      || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
  fi
  if ! pg_running; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t 30 \
      -o "-p $PG_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${CROSSLOGIC_PG_FSYNC:-on}" start >/dev/null \
      || { tail -20 "$PG_DIR/server.log" >&2; exit 1; }
  fi
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'crosslogic'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE crosslogic" >/dev/null
}

start_redis() {
  mkdir -p "$REDIS_DIR"
  if ! redis_running; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" --save "" --appendonly no \
      --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
    for _ in $(seq 1 50); do redis_running && break; sleep 0.1; done
    redis_running || { tail -20 "$REDIS_DIR/redis.log" >&2; exit 1; }
  fi
}

stop_all() {
  if pg_running; then as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true; fi
  if redis_running; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; fi
}

print_env() {
  cat <<ENV
export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres
export REDISCLI_PORT=$REDIS_PORT
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/crosslogic
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT
alias redis-cli='redis-cli -p $REDIS_PORT'
ENV
}

case "${1:-}" in
  start) start_pg; start_redis; echo "services: PostgreSQL on 127.0.0.1:$PG_PORT (database crosslogic), Redis on 127.0.0.1:$REDIS_PORT" ;;
  stop) stop_all; echo "services: stopped" ;;
  status)
    pg_running && echo "postgres: running on $PG_PORT" || echo "postgres: stopped"
    redis_running && echo "redis: running on $REDIS_PORT" || echo "redis: stopped" ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
