// SQL fragments shared by the fleet routes: one node row as JSON, with heartbeat age and staleness.
#pragma once

#include <QString>

namespace crosslogic {

// Expects the nodes table aliased as n; the one bind value is NODE_STALE_SECONDS.
inline QString nodeJsonSql()
{
    return QStringLiteral(
        "json_build_object('id', n.id, 'cluster_name', n.cluster_name, 'provider', n.provider, 'region', n.region,"
        " 'instance_type', n.instance_type, 'spot', n.spot, 'status', n.status, 'status_message', n.status_message,"
        " 'health_score', round(n.health_score::numeric, 1), 'model_name', n.model_name, 'endpoint_url', n.endpoint_url,"
        " 'agent_version', n.agent_version, 'max_concurrency', n.max_concurrency,"
        " 'load', json_build_object('running', n.engine_running, 'waiting', n.engine_waiting, 'kv_cache_usage', n.kv_cache_usage),"
        " 'last_heartbeat_at', n.last_heartbeat_at,"
        " 'heartbeat_age_s', round(extract(epoch FROM now() - n.last_heartbeat_at)::numeric, 1),"
        " 'stale', (n.status IN ('active', 'draining') AND (n.last_heartbeat_at IS NULL"
        "           OR n.last_heartbeat_at < now() - make_interval(secs => ?::int))),"
        " 'launch_spec', n.launch_spec, 'created_at', n.created_at, 'updated_at', n.updated_at)");
}

} // namespace crosslogic
