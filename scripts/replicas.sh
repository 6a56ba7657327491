#!/usr/bin/env bash
# Three crosslogicd replicas behind nginx on this host, for trying the scaled-out setup by hand: private PostgreSQL +
# Redis (scripts/services.sh), replicas replica-a/b/c on 127.0.0.1:8091-8093, nginx (Debian's nginx-light, a private
# process with its own prefix under .local/replicas) on 127.0.0.1:8090, one simulated node registered through nginx.
# Needs a build (scripts/build.sh). Kill a replica (kill -9 "$(cat .local/replicas/replica-b.pid)") and watch
# GET /admin/replicas move its singleton jobs to another one (docs/billing.md, "Singleton jobs across replicas").
#   scripts/replicas.sh          start (stops a previous run first)
#   scripts/replicas.sh stop     stop everything it started (and the private services)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STATE="$ROOT/.local/replicas"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
LB_PORT="${CROSSLOGIC_REPLICAS_PORT:-8090}"
REPLICAS=(replica-a replica-b replica-c)

stop_all() {
  for name in agent nginx "${REPLICAS[@]}"; do
    if [ -f "$STATE/$name.pid" ]; then
      kill "$(cat "$STATE/$name.pid")" 2>/dev/null || true
      rm -f "$STATE/$name.pid"
    fi
  done
  sleep 1
}

if [ "${1:-}" = "stop" ]; then
  stop_all
  bash scripts/services.sh stop
  exit 0
fi
[ -x /usr/sbin/nginx ] || { echo "nginx is missing: run scripts/install-deps.sh (nginx-light)" >&2; exit 1; }
[ -x "$BUILD_DIR/daemon/crosslogicd" ] || { echo "no build in $BUILD_DIR: run scripts/build.sh" >&2; exit 1; }
bash scripts/services.sh start
stop_all
mkdir -p "$STATE/nginx"
eval "$(bash scripts/services.sh env | grep '^export')"
if [ ! -f "$STATE/common.env" ]; then
  cat >"$STATE/common.env" <<ENV
DATABASE_URL=$DATABASE_URL
REDIS_URL=$REDIS_URL
ADMIN_API_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
NODE_REGISTRATION_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
SERVER_HOST=127.0.0.1
MIGRATE_ON_START=false
NODE_ENDPOINT_ALLOW_NETWORKS=127.0.0.0/8,::1/128
ENV
  chmod 600 "$STATE/common.env"
fi
# shellcheck disable=SC1091
. "$STATE/common.env"
"$BUILD_DIR/daemon/crosslogicd" migrate --env-file "$STATE/common.env" >"$STATE/migrate.log" 2>&1 \
  || { cat "$STATE/migrate.log" >&2; exit 1; }

UPSTREAMS=""
for i in 0 1 2; do
  name="${REPLICAS[$i]}" port=$((LB_PORT + 1 + i))
  { cat "$STATE/common.env"; echo "SERVER_PORT=$port"; echo "REPLICA_ID=$name"; echo "USAGE_SPOOL_DIR=$STATE/spool-$name"; } >"$STATE/$name.env"
  chmod 600 "$STATE/$name.env"
  nohup "$BUILD_DIR/daemon/crosslogicd" serve --env-file "$STATE/$name.env" >"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
  UPSTREAMS+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done
for i in 0 1 2; do
  port=$((LB_PORT + 1 + i))
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$port/ready" >/dev/null || { echo "${REPLICAS[$i]} is not ready; see $STATE/${REPLICAS[$i]}.log" >&2; exit 1; }
done

# The same shape as tests/support/nginxprocess.cpp: a refused connection goes to the next replica, no upstream keep-alive.
cat >"$STATE/nginx/nginx.conf" <<CONF
pid $STATE/nginx/nginx.pid;
error_log $STATE/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log $STATE/nginx/access.log;
    client_body_temp_path $STATE/nginx/client_body;
    proxy_temp_path $STATE/nginx/proxy;
    fastcgi_temp_path $STATE/nginx/fastcgi;
    uwsgi_temp_path $STATE/nginx/uwsgi;
    scgi_temp_path $STATE/nginx/scgi;
    upstream crosslogicd {
$UPSTREAMS    }
    server {
        listen 127.0.0.1:$LB_PORT;
        location / {
            proxy_pass http://crosslogicd;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
            proxy_next_upstream error timeout;
        }
    }
}
CONF
/usr/sbin/nginx -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" -e "$STATE/nginx/error.log"
for _ in $(seq 1 50); do [ -s "$STATE/nginx/nginx.pid" ] && break; sleep 0.1; done
cp "$STATE/nginx/nginx.pid" "$STATE/nginx.pid"

nohup "$BUILD_DIR/agent/crosslogic-node-agent" --simulate --port 0 --model demo-model --ttft-ms 40 --tokens-per-second 50 \
  --control-plane "http://127.0.0.1:$LB_PORT" --token "$NODE_REGISTRATION_TOKEN" --cluster-name replicas-node-1 \
  --state-dir "$STATE/agent-state" --heartbeat-interval 5 >"$STATE/agent.log" 2>&1 &
echo $! >"$STATE/agent.pid"

cat <<EOT
Three replicas behind nginx:
  nginx           http://127.0.0.1:$LB_PORT
  replica-a/b/c   http://127.0.0.1:$((LB_PORT + 1)) $((LB_PORT + 2)) $((LB_PORT + 3))  (logs: $STATE/replica-*.log)
  admin token     in $STATE/common.env (ADMIN_API_TOKEN)
Who runs which singleton job:
  curl -s -H "X-Admin-Token: \$ADMIN_API_TOKEN" http://127.0.0.1:$LB_PORT/admin/replicas | python3 -m json.tool
Stop: scripts/replicas.sh stop
EOT
