// Writes usage events to PostgreSQL in batches (usage_records + request_logs), idempotent by request id.
#include "billing/usagebatchwriter.h"

#include "app/services.h"
#include "core/log.h"
#include "store/sqljson.h"

#include <QDateTime>

namespace crosslogic {
namespace {

QVariant nullableUuid(const QString &id)
{
    return id.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(id);
}

Result<void> insertBatch(QSqlDatabase &db, const std::vector<UsageEvent> &events)
{
    if (!db.transaction())
        return fail(QStringLiteral("cannot begin a transaction"));
    for (const UsageEvent &e : events) {
        const QString ts = QDateTime::fromMSecsSinceEpoch(e.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs);
        QSqlQuery log(db);
        auto r = runSql(log, QStringLiteral("INSERT INTO request_logs (request_id, tenant_id, environment_id, api_key_id, key_prefix, method, path,"
                                            " model_name, node_id, status_code, status, reason, prompt_tokens, completion_tokens, latency_ms, ttft_ms, created_at)"
                                            " VALUES (?, ?::uuid, ?::uuid, ?::uuid, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz)"
                                            " ON CONFLICT (request_id) DO NOTHING"),
                        {QString::fromLatin1(e.requestId), nullableUuid(e.tenantId), nullableUuid(e.environmentId), nullableUuid(e.apiKeyId),
                         QString::fromLatin1(e.keyPrefix), QString::fromLatin1(e.method), QString::fromUtf8(e.path.left(500)), e.model,
                         nullableUuid(e.nodeId), e.statusCode, e.status, e.reason, e.promptTokens, e.completionTokens, e.latencyMs,
                         e.ttftMs < 0 ? QVariant(QMetaType::fromType<int>()) : QVariant(e.ttftMs), ts});
        if (!r) {
            db.rollback();
            return r;
        }
        if (e.tenantId.isEmpty() || (e.status != QLatin1String("completed") && e.status != QLatin1String("interrupted")))
            continue; // no tokens were produced for a tenant: nothing to bill
        QSqlQuery usage(db);
        r = runSql(usage, QStringLiteral("INSERT INTO usage_records (request_id, tenant_id, environment_id, api_key_id, model_name, node_id,"
                                         " prompt_tokens, completion_tokens, total_tokens, cost_micros, latency_ms, ttft_ms, status, timestamp)"
                                         " SELECT ?, ?::uuid, ?::uuid, ?::uuid, ?, ?::uuid, ?, ?, ?,"
                                         "  coalesce((SELECT (? * m.input_price_micros_per_mtok + ? * m.output_price_micros_per_mtok) / 1000000"
                                         "            FROM models m WHERE m.name = ?), 0), ?, ?, ?, ?::timestamptz"
                                         " ON CONFLICT (request_id) DO NOTHING"),
                   {QString::fromLatin1(e.requestId), e.tenantId, nullableUuid(e.environmentId), nullableUuid(e.apiKeyId), e.model,
                    nullableUuid(e.nodeId), e.promptTokens, e.completionTokens, e.promptTokens + e.completionTokens, e.promptTokens,
                    e.completionTokens, e.model, e.latencyMs, e.ttftMs < 0 ? QVariant(QMetaType::fromType<int>()) : QVariant(e.ttftMs),
                    e.status, ts});
        if (!r) {
            db.rollback();
            return r;
        }
    }
    if (!db.commit())
        return fail(QStringLiteral("commit failed"));
    return {};
}

} // namespace

UsageBatchWriter::UsageBatchWriter(Services &services, int flushIntervalMs, QObject *parent) : QObject(parent), m_services(services)
{
    connect(&m_timer, &QTimer::timeout, this, &UsageBatchWriter::flush);
    m_timer.start(flushIntervalMs);
}

void UsageBatchWriter::record(const UsageEvent &event)
{
    m_pending.push_back(event);
}

void UsageBatchWriter::flush()
{
    if (m_writing || m_pending.empty())
        return;
    m_writing = true;
    auto batch = std::make_shared<std::vector<UsageEvent>>(std::move(m_pending));
    m_pending.clear();
    m_services.db->run(this, [batch](QSqlDatabase &db) -> Result<Json> {
        auto r = insertBatch(db, *batch);
        if (!r)
            return fail(r.error());
        return Json(batch->size());
    }, [this, batch](Result<Json> r) {
        m_writing = false;
        if (!r.ok()) {
            spdlog::warn("usage: {} events not written yet ({}); will retry", batch->size(), qs(r.error()));
            m_pending.insert(m_pending.begin(), batch->begin(), batch->end());
        }
    });
}

} // namespace crosslogic
