#!/bin/bash
# Populates a private daemon with a small fleet, tenants, keys, traffic and faults (a node that never reports, a model
# without a routable node, a failed Stripe event, refused and rate-limited keys), then renders the console's views in
# English (OUT_DIR) and German (OUT_DIR/de), at 1280x800.
# Usage: BUILD_DIR=build-dir tests/gui/render_screenshots.sh [OUT_DIR]; needs scripts/services.sh start (PostgreSQL
# $CROSSLOGIC_PG_PORT, default 55432; Redis $CROSSLOGIC_REDIS_PORT, default 56379); the daemon listens on $SHOTS_PORT (18433).
set -u
B=${BUILD_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/build}
D=$B/daemon/crosslogicd
OUT=${1:-$(cd "$(dirname "$0")/../.." && pwd)/docs/screenshots}
PORT=${SHOTS_PORT:-18433}
PG_PORT=${CROSSLOGIC_PG_PORT:-55432}
REDIS_PORT=${CROSSLOGIC_REDIS_PORT:-56379}
WORK=$(mktemp -d); cd "$WORK"
psql -q postgres://postgres@127.0.0.1:$PG_PORT/postgres -c "DROP DATABASE IF EXISTS console_shots" -c "CREATE DATABASE console_shots" 2>/dev/null
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/console_shots REDIS_URL=redis://127.0.0.1:$REDIS_PORT/11 ADMIN_API_TOKEN=shots-admin-token-0123456789
export SERVER_HOST=127.0.0.1 SERVER_PORT=$PORT NODE_REGISTRATION_TOKEN=shots-node-token-0123456789 NODE_STALE_SECONDS=20
# Alerts within the script's time: a node is late after 3 missed 4-s heartbeats, rules evaluated every second.
export NODE_HEARTBEAT_INTERVAL_SECONDS=4 ALERT_EVAL_INTERVAL_MS=1000
$D migrate --env-file /dev/null > shots-migrate.log 2>&1 || { echo migrate failed; exit 1; }
$D serve --env-file /dev/null > shots-serve.log 2>&1 &
DPID=$!
for i in $(seq 50); do curl -sf localhost:$PORT/ready >/dev/null && break; sleep 0.2; done
A="X-Admin-Token: $ADMIN_API_TOKEN"; J="Content-Type: application/json"; U=localhost:$PORT
# "id token": a node heartbeats with its own token (the shared one only registers).
reg() { curl -s -H "X-Node-Token: $NODE_REGISTRATION_TOKEN" -H "$J" -d "$1" $U/admin/nodes/register | python3 -c 'import json,sys;a=json.load(sys.stdin);print(a["id"], a["node_token"])'; }
N1=$(reg '{"cluster_name":"gpu-us-east-1a","provider":"aws","region":"us-east-1","instance_type":"g5.2xlarge","spot":true,"model_name":"meta-llama/Llama-3.1-8B-Instruct","endpoint_url":"http://10.0.1.11:8000"}')
N2=$(reg '{"cluster_name":"gpu-us-east-1b","provider":"aws","region":"us-east-1","instance_type":"g5.2xlarge","model_name":"meta-llama/Llama-3.1-8B-Instruct","endpoint_url":"http://10.0.1.12:8000"}')
N3=$(reg '{"cluster_name":"gpu-eu-west-1a","provider":"gcp","region":"europe-west4","instance_type":"g2-standard-8","model_name":"mistralai/Mistral-7B-Instruct-v0.3","endpoint_url":"http://10.0.2.21:8000"}')
AG=$B/agent/crosslogic-node-agent
rm -rf agentstate; mkdir -p agentstate
$AG --simulate --port 0 --model meta-llama/Llama-3.1-8B-Instruct --control-plane http://127.0.0.1:$PORT --state-dir agentstate --heartbeat-interval 2 > shots-agent.log 2>&1 &
AGPID=$!
N4=$(reg '{"cluster_name":"gpu-us-west-2a","provider":"lambda","region":"us-west-2","instance_type":"gpu_1x_a10","model_name":"mistralai/Mistral-7B-Instruct-v0.3","endpoint_url":"http://10.0.3.31:8000"}')
# The only node of its model, and it never reports: a critical "model without node" alert.
N5=$(reg '{"cluster_name":"gpu-ap-south-1a","provider":"gcp","region":"asia-south1","instance_type":"a2-highgpu-1g","model_name":"Qwen/Qwen2.5-72B-Instruct","endpoint_url":"http://10.0.4.41:8000"}')
hb() { curl -s -o /dev/null -H "Authorization: Bearer $2" -H "$J" -d "$3" $U/admin/nodes/$1/heartbeat; }  # hb $N1 JSON: id, token, body
( while true; do
    hb $N1 '{"running":12,"waiting":1,"kv_cache_usage":0.41,"error_rate":0.0,"ttft_ms":180}'
    hb $N2 '{"running":30,"waiting":9,"kv_cache_usage":0.87,"error_rate":0.04,"ttft_ms":950}'
    hb $N3 '{"running":4,"waiting":0,"kv_cache_usage":0.18,"error_rate":0.0,"ttft_ms":120}'
    sleep 2; done ) &
HB=$!
tenant() { curl -s -H "$A" -H "$J" -d "{\"name\":\"$1\",\"email\":\"ops@$1.example\"}" $U/admin/tenants | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])'; }
envir() { curl -s -H "$A" -H "$J" -d "{\"name\":\"$2\"}" $U/admin/tenants/$1/environments | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])'; }
key() { curl -s -H "$A" -H "$J" -d "{\"tenant_id\":\"$1\",\"environment_id\":\"$2\",\"name\":\"$3\"$4}" $U/admin/api-keys; }
T1=$(tenant acme); E1=$(envir $T1 production); E1b=$(envir $T1 staging)
K1=$(key $T1 $E1 "backend" ',"rate_limit_requests_per_min":600,"rate_limit_tokens_per_min":200000,"concurrency_limit":20')
KEY1=$(echo "$K1" | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])')
K2=$(key $T1 $E1b "ci" '' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
curl -s -o /dev/null -H "$A" -X POST $U/admin/api-keys/$K2/revoke
T2=$(tenant globex); E2=$(envir $T2 production)
KEY2=$(key $T2 $E2 "mobile-app" ',"rate_limit_requests_per_min":120' | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])')
curl -s -o /dev/null -H "$A" -X POST $U/admin/tenants/$T2/suspend
KEY3=$(key $T1 $E1 "batch-import" ',"rate_limit_requests_per_min":5' | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])')
curl -s -o /dev/null -H "$A" -X POST "$U/admin/db/vacuum/nodes"
( while true; do curl -s -o /dev/null -H "Authorization: Bearer $KEY1" -H "$J" -d '{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"Summarise the runbook in one line"}],"max_tokens":24}' $U/v1/chat/completions; curl -s -o /dev/null -H "Authorization: Bearer clsk_live_bad" $U/v1/models; curl -s -o /dev/null -H "Authorization: Bearer $KEY2" $U/v1/models; curl -s -o /dev/null -H "Authorization: Bearer $KEY3" -H "$J" -d '{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"ping"}],"max_tokens":4}' $U/v1/chat/completions; sleep 0.15; done ) &
TR=$!
psql -q $DATABASE_URL -c "INSERT INTO billing_events (event_id, event_type, payload, processed, retry_count, error) VALUES ('evt_demo_1','invoice.payment_failed','{}',false,3,'card_declined: insufficient funds'), ('evt_demo_2','invoice.paid','{}',true,0,NULL)" 2>&1 | head -2
sleep 25   # let the fourth node go stale and the reconciler see it
mkdir -p "$OUT" "$OUT/de"
CROSSLOGIC_ADMIN_TOKEN=$ADMIN_API_TOKEN QT_QPA_PLATFORM=offscreen LANGUAGE=en LC_ALL=C.UTF-8 $B/console/crosslogic-console --url http://127.0.0.1:$PORT --profile staging --screenshot-dir "$OUT"
echo "console exit $?"
CROSSLOGIC_ADMIN_TOKEN=$ADMIN_API_TOKEN QT_QPA_PLATFORM=offscreen LANGUAGE=de LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 $B/console/crosslogic-console --url http://127.0.0.1:$PORT --profile staging --screenshot-dir "$OUT/de"
echo "console (German) exit $?"
kill $TR $HB $AGPID $DPID
wait $DPID 2>/dev/null
