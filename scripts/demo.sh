#!/usr/bin/env bash
# Installs, builds and runs CrossLogic locally: private PostgreSQL + Redis, crosslogicd on :8080, one simulated
# GPU node registered through the node agent, a demo tenant and API key, and a ready-to-paste curl line.
#   scripts/demo.sh          start (idempotent: stops a previous demo first)
#   scripts/demo.sh stop     stop everything it started
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DEMO="$ROOT/.local/demo"
PORT="${CROSSLOGIC_DEMO_PORT:-8080}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

stop_demo() {
  for name in console agent crosslogicd; do
    if [ -f "$DEMO/$name.pid" ]; then
      kill "$(cat "$DEMO/$name.pid")" 2>/dev/null || true
      rm -f "$DEMO/$name.pid"
    fi
  done
  sleep 1
}

if [ "${1:-}" = "stop" ]; then
  stop_demo
  bash scripts/services.sh stop
  exit 0
fi

bash scripts/install-deps.sh
bash scripts/build.sh
bash scripts/services.sh start
stop_demo
mkdir -p "$DEMO/agent-state"
eval "$(bash scripts/services.sh env | grep '^export')"

if [ ! -f "$DEMO/crosslogic.env" ]; then
  cat >"$DEMO/crosslogic.env" <<ENV
DATABASE_URL=$DATABASE_URL
REDIS_URL=$REDIS_URL
ADMIN_API_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
NODE_REGISTRATION_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
SERVER_HOST=127.0.0.1
SERVER_PORT=$PORT
ENV
  chmod 600 "$DEMO/crosslogic.env"
fi
# The usage spool lives with the demo's state (the packaged default /var/lib/crosslogic/spool needs the system service).
grep -q '^USAGE_SPOOL_DIR=' "$DEMO/crosslogic.env" || echo "USAGE_SPOOL_DIR=$DEMO/spool" >>"$DEMO/crosslogic.env"
# The demo's simulated engine runs on this machine: its loopback endpoint is allowed (production refuses it).
grep -q '^NODE_ENDPOINT_ALLOW_NETWORKS=' "$DEMO/crosslogic.env" || echo "NODE_ENDPOINT_ALLOW_NETWORKS=127.0.0.0/8,::1/128" >>"$DEMO/crosslogic.env"
# shellcheck disable=SC1091
. "$DEMO/crosslogic.env"
"$BUILD_DIR/daemon/crosslogicd" migrate --env-file "$DEMO/crosslogic.env" >/dev/null

nohup "$BUILD_DIR/daemon/crosslogicd" serve --env-file "$DEMO/crosslogic.env" >"$DEMO/crosslogicd.log" 2>&1 &
echo $! >"$DEMO/crosslogicd.pid"
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null || { echo "crosslogicd did not become ready; see $DEMO/crosslogicd.log" >&2; tail -20 "$DEMO/crosslogicd.log" >&2; exit 1; }

nohup "$BUILD_DIR/agent/crosslogic-node-agent" --simulate --port 0 --model demo-model --ttft-ms 40 --tokens-per-second 50 \
  --control-plane "http://127.0.0.1:$PORT" --token "$NODE_REGISTRATION_TOKEN" --cluster-name demo-node-1 \
  --state-dir "$DEMO/agent-state" --heartbeat-interval 5 >"$DEMO/agent.log" 2>&1 &
echo $! >"$DEMO/agent.pid"

admin() { curl -fsS -H "X-Admin-Token: $ADMIN_API_TOKEN" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
TENANT=$(admin -d '{"name":"Demo Inc","email":"demo@example.com"}' "http://127.0.0.1:$PORT/admin/tenants" | json "['id']")
ENVIRONMENT=$(admin -d '{"name":"production"}' "http://127.0.0.1:$PORT/admin/tenants/$TENANT/environments" | json "['id']")
KEY=$(admin -d "{\"tenant_id\":\"$TENANT\",\"environment_id\":\"$ENVIRONMENT\",\"name\":\"demo key\"}" "http://127.0.0.1:$PORT/admin/api-keys" | json "['key']")

for _ in $(seq 1 100); do
  curl -fs -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/v1/models" 2>/dev/null | grep -q demo-model && break
  sleep 0.2
done

if [ -n "${DISPLAY:-}" ] && [ -x "$BUILD_DIR/console/crosslogic-console" ]; then
  CROSSLOGIC_ADMIN_TOKEN="$ADMIN_API_TOKEN" nohup "$BUILD_DIR/console/crosslogic-console" --url "http://127.0.0.1:$PORT" \
    >"$DEMO/console.log" 2>&1 &
  echo $! >"$DEMO/console.pid"
fi

cat <<DONE

CrossLogic is running.
  gateway + control plane  http://127.0.0.1:$PORT      (log: $DEMO/crosslogicd.log)
  simulated GPU node       demo-model                  (log: $DEMO/agent.log)
  admin token              in $DEMO/crosslogic.env (ADMIN_API_TOKEN)
  demo API key             $KEY

Try it:
  curl -s http://127.0.0.1:$PORT/v1/chat/completions -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" -d '{"model":"demo-model","messages":[{"role":"user","content":"Hello!"}],"max_tokens":8}'

Streaming:
  curl -sN http://127.0.0.1:$PORT/v1/chat/completions -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" -d '{"model":"demo-model","messages":[{"role":"user","content":"Hello!"}],"max_tokens":8,"stream":true}'

Stop everything: scripts/demo.sh stop
DONE
