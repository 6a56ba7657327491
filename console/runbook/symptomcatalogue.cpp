// The runbook's Quick Reference as data: each symptom with its diagnostics (admin GETs) and remediations.
#include "runbook/symptomcatalogue.h"

namespace crosslogic::console {

QList<Symptom> SymptomCatalogue::all()
{
    const QString keyLookup = QStringLiteral("/admin/api-keys?prefix={prefix}");
    return {
        {tr("401 errors"), tr("Invalid API key"), tr("Check key status"), QStringLiteral("§1.1"),
         {{tr("Key, tenant and environment status"), keyLookup}},
         {{tr("Activate key"), tr("Accepts the key again."), "POST", QStringLiteral("/admin/api-keys/{key_id}/activate"), {}, "keys"},
          {tr("Activate tenant"), tr("Re-activates a suspended tenant."), "POST", QStringLiteral("/admin/tenants/{tenant_id}/activate"), {}, "tenants"},
          {tr("Activate environment"), tr("Re-enables a disabled environment."), "POST", QStringLiteral("/admin/environments/{environment_id}/activate"), {}, "tenants"},
          {tr("Clear auth cache"), tr("Forces re-validation on every replica."), "DELETE", QStringLiteral("/admin/api-keys/{key_id}/cache"), {}, "keys"}}},
        {tr("429 errors"), tr("Rate limit exceeded"), tr("Check rate-limit counters"), QStringLiteral("§2.1"),
         {{tr("Configured limits"), keyLookup}, {tr("Counters against limits"), QStringLiteral("/admin/ratelimits/key/{key_id}")}},
         {{tr("Raise key limit to 120 requests/min"), tr("As in the runbook: UPDATE api_keys SET rate_limit_requests_per_min = 120."), "PATCH",
           QStringLiteral("/admin/api-keys/{key_id}"), QJsonObject{{QStringLiteral("rate_limit_requests_per_min"), 120}}, "limits"},
          {tr("Clear rate-limit counters"), tr("Temporary relief: resets the minute window and concurrency counter."), "DELETE",
           QStringLiteral("/admin/ratelimits/key/{key_id}"), {}, "limits"}}},
        {tr("502/503 errors"), tr("No healthy nodes"), tr("Check node status, launch new nodes"), QStringLiteral("§3.1"),
         {{tr("Quick health check"), QStringLiteral("/admin/health-check")}, {tr("Nodes"), QStringLiteral("/admin/nodes")}},
         {{tr("Mark stale nodes draining"), tr("Active nodes without a heartbeat stop receiving requests."), "POST", QStringLiteral("/admin/nodes/drain-stale"), {}, "nodes"},
          {tr("Launch a node"), tr("Starts a new node for the model."), "POST", QStringLiteral("/admin/nodes/launch"),
           QJsonObject{{QStringLiteral("model_name"), QStringLiteral("{model}")}, {QStringLiteral("provider"), QStringLiteral("local")}}, "nodes"}}},
        {tr("High latency"), tr("Overloaded nodes"), tr("Scale up, check load balancer"), QStringLiteral("§3.3"),
         {{tr("Node health and load"), QStringLiteral("/admin/nodes")}, {tr("Routing strategy"), QStringLiteral("/admin/routing")}},
         {{tr("Switch to least-latency routing"), tr("Routes each request to the node with the lowest recent latency."), "PUT", QStringLiteral("/admin/routing"),
           QJsonObject{{QStringLiteral("strategy"), QStringLiteral("least_latency")}}, "routing"},
          {tr("Launch a node"), tr("Adds capacity for the model."), "POST", QStringLiteral("/admin/nodes/launch"),
           QJsonObject{{QStringLiteral("model_name"), QStringLiteral("{model}")}, {QStringLiteral("provider"), QStringLiteral("local")}}, "nodes"}}},
        {tr("Missing usage data"), tr("Billing job failed"), tr("Check billing service"), QStringLiteral("§6"),
         {{tr("Recent usage records"), QStringLiteral("/admin/usage?limit=10")}, {tr("Failed billing events"), QStringLiteral("/admin/billing/events?failed=true")}},
         {{tr("Re-process failed billing events"), tr("The billing worker retries them."), "POST", QStringLiteral("/admin/billing/events/retry"), {}, "billing"},
          {tr("Backfill usage"), tr("Creates missing usage records from request logs."), "POST", QStringLiteral("/admin/usage/backfill"), {}, "billing"}}},
    };
}

} // namespace crosslogic::console
