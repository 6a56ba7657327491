#!/bin/bash
# Populates a private daemon with a small fleet, tenants, keys, traffic and faults (a node that never reports, a model
# without a routable node, a failed Stripe event, refused and rate-limited keys), then renders the console's views in
# English (OUT_DIR) and German (OUT_DIR/de), at 1280x800.
# Usage: BUILD_DIR=build-dir tests/gui/render_screenshots.sh [OUT_DIR]; needs scripts/services.sh start (PostgreSQL
# $CROSSLOGIC_PG_PORT, default 55432; Redis $CROSSLOGIC_REDIS_PORT, default 56379); the daemon listens on $SHOTS_PORT (18433).
# Besides one PNG per view: key-detail.png (a key's detail panel) and billing-spend.png (acme's budgets and credit).
set -u
B=${BUILD_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/build}
D=$B/daemon/crosslogicd
OUT=${1:-$(cd "$(dirname "$0")/../.." && pwd)/docs/screenshots}
PORT=${SHOTS_PORT:-18433}
PG_PORT=${CROSSLOGIC_PG_PORT:-55432}
REDIS_PORT=${CROSSLOGIC_REDIS_PORT:-56379}
SHOTS_DB=${SHOTS_DB:-console_shots}      # database and Redis db of this run (another run may use others at once)
SHOTS_REDIS_DB=${SHOTS_REDIS_DB:-11}
WORK=$(mktemp -d); cd "$WORK"
psql -q postgres://postgres@127.0.0.1:$PG_PORT/postgres -c "DROP DATABASE IF EXISTS $SHOTS_DB" -c "CREATE DATABASE $SHOTS_DB" 2>/dev/null
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$SHOTS_DB REDIS_URL=redis://127.0.0.1:$REDIS_PORT/$SHOTS_REDIS_DB ADMIN_API_TOKEN=shots-admin-token-0123456789
export SERVER_HOST=127.0.0.1 SERVER_PORT=$PORT NODE_REGISTRATION_TOKEN=shots-node-token-0123456789 NODE_STALE_SECONDS=20
# Alerts within the script's time: a node is late after 3 missed 4-s heartbeats, rules evaluated every second.
export NODE_HEARTBEAT_INTERVAL_SECONDS=4 ALERT_EVAL_INTERVAL_MS=1000
# The simulated engines listen on loopback, which the daemon refuses as a node endpoint unless allowed.
export NODE_ENDPOINT_ALLOW_NETWORKS=127.0.0.0/8
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
# Spend controls (billing-spend.png, key-detail.png): priced tokens, budgets at every level of acme, prepaid credit.
psql -q $DATABASE_URL -c "INSERT INTO models (name, input_price_micros_per_mtok, output_price_micros_per_mtok) VALUES ('meta-llama/Llama-3.1-8B-Instruct', 5000000, 15000000) ON CONFLICT (name) DO UPDATE SET input_price_micros_per_mtok = excluded.input_price_micros_per_mtok, output_price_micros_per_mtok = excluded.output_price_micros_per_mtok" 2>&1 | head -2
K1ID=$(echo "$K1" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
budget() { curl -s -o /dev/null -H "$A" -H "$J" -X PUT -d "$2" $U/admin/$1/budget; }
budget tenants/$T1 '{"amount_micros":500000,"period":"daily"}'
budget environments/$E1 '{"amount_micros":2000000,"period":"monthly","thresholds":[80,100]}'
budget api-keys/$K1ID '{"amount_micros":100000,"period":"daily"}'
curl -s -o /dev/null -H "$A" -H "$J" -d '{"amount_micros":5000000,"reference":"INV-2026-118"}' $U/admin/tenants/$T1/credit
curl -s -o /dev/null -H "$A" -H "$J" -d '{"amount_micros":2000000,"reference":"goodwill: incident 2026-11-30"}' $U/admin/tenants/$T1/credit
( while true; do curl -s -o /dev/null -H "Authorization: Bearer $KEY1" -H "$J" -d '{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"Summarise the runbook in one line"}],"max_tokens":24}' $U/v1/chat/completions; curl -s -o /dev/null -H "Authorization: Bearer clsk_live_bad" $U/v1/models; curl -s -o /dev/null -H "Authorization: Bearer $KEY2" $U/v1/models; curl -s -o /dev/null -H "Authorization: Bearer $KEY3" -H "$J" -d '{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"ping"}],"max_tokens":4}' $U/v1/chat/completions; sleep 0.15; done ) &
TR=$!
psql -q $DATABASE_URL -c "INSERT INTO billing_events (event_id, event_type, payload, processed, retry_count, error) VALUES ('evt_demo_1','invoice.payment_failed','{}',false,3,'card_declined: insufficient funds'), ('evt_demo_2','invoice.paid','{}',true,0,NULL)" 2>&1 | head -2
# A day of history from before this run (the charts load it from /admin/metrics/history): traffic, health, pools and
# Redis with a gap 9-7 minutes ago (no replica sampled), and an alert that fired and resolved 12 minutes ago.
psql -q $DATABASE_URL <<'SQL' 2>&1 | head -2
INSERT INTO metrics_history (ts, sample)
SELECT g.t, jsonb_build_object(
  'requests', jsonb_build_object('total', r.total, '2xx', r.total - r.limited - r.errors - 3, '401', 2, '403', 1, '429', r.limited,
    '4xx_other', 0, '5xx', r.errors, 'p50_ms', round(180 + 40 * sin(g.x)), 'p99_ms', round(900 + 300 * sin(g.x / 3)), 'ttft_p99_ms', 300),
  'nodes', (SELECT jsonb_object_agg(n.id, jsonb_build_object('name', n.cluster_name, 'model', n.model_name, 'status', 'active',
    'health', greatest(5, least(100, round(88 + 8 * sin(g.x / 5 + length(n.cluster_name))
      - CASE WHEN n.cluster_name = 'gpu-us-east-1b' THEN 30 + 15 * sin(g.x) ELSE 0 END))))) FROM nodes n),
  'db_connections', round(9 + 3 * sin(g.x / 7)),
  'pool', jsonb_build_object('busy', round(3 + 2 * sin(g.x)), 'size', 10, 'queued', greatest(0, round(2 * sin(g.x * 3))),
    'max_wait_ms', greatest(0, round(400 * sin(g.x * 3)))),
  'replicas', 1,
  'redis', jsonb_build_object('used_memory', round(2500000 + 400000 * sin(g.x / 11)), 'maxmemory', 0,
    'ops_per_sec', round(40 + 15 * sin(g.x / 4)), 'keys', round(30 + 5 * sin(g.x / 9))),
  'alerts_firing', jsonb_build_object('critical', 0, 'warning', 0, 'info', 0))
FROM (SELECT t, extract(epoch FROM t) / 120.0 AS x FROM generate_series(
        to_timestamp(floor(extract(epoch FROM now()) / 10) * 10) - interval '24 hours', now() - interval '60 seconds', interval '10 seconds') t) g
CROSS JOIN LATERAL (SELECT round(60 + 30 * sin(g.x))::int AS total, greatest(0, round(4 + 4 * sin(g.x * 2)))::int AS limited,
                           greatest(0, round(2 * sin(g.x / 2)))::int AS errors) r
WHERE g.t NOT BETWEEN now() - interval '9 minutes' AND now() - interval '7 minutes'
ON CONFLICT (ts) DO NOTHING;
INSERT INTO alerts (rule, fingerprint, severity, state, section, summary, objects, started_at, firing_at, resolved_at, last_true_at, updated_at)
SELECT 'node_health_low', 'node_health_low:' || id, 'warning', 'resolved', '3.3', 'health score 31 below 50',
       jsonb_build_array(jsonb_build_object('kind', 'node', 'id', id, 'name', cluster_name)),
       now() - interval '13 minutes', now() - interval '12 minutes', now() - interval '10 minutes', now() - interval '10 minutes', now()
FROM nodes WHERE cluster_name = 'gpu-us-east-1b';
SQL
sleep 25   # let the fourth node go stale and the reconciler see it
mkdir -p "$OUT" "$OUT/de"
CROSSLOGIC_ADMIN_TOKEN=$ADMIN_API_TOKEN QT_QPA_PLATFORM=offscreen LANGUAGE=en LC_ALL=C.UTF-8 $B/console/crosslogic-console --url http://127.0.0.1:$PORT --profile staging --screenshot-dir "$OUT"
echo "console exit $?"
CROSSLOGIC_ADMIN_TOKEN=$ADMIN_API_TOKEN QT_QPA_PLATFORM=offscreen LANGUAGE=de LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 $B/console/crosslogic-console --url http://127.0.0.1:$PORT --profile staging --screenshot-dir "$OUT/de"
echo "console (German) exit $?"
kill $TR $HB $AGPID $DPID
wait $DPID 2>/dev/null
