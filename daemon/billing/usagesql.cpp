// Inserts usage events into request_logs and usage_records in one transaction, idempotently by request id.
#include "billing/usagesql.h"

#include "store/dbpool.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

namespace crosslogic {
namespace {

QVariant nullableUuid(const QString &id)
{
    return id.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(id);
}

QVariant nullableTtft(qint64 ttft)
{
    return ttft < 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(ttft);
}

const QString kLogSql = QStringLiteral(
    "INSERT INTO request_logs (request_id, tenant_id, environment_id, api_key_id, key_prefix, method, path, "
    "model_name, node_id,"
    " status_code, status, reason, prompt_tokens, completion_tokens, latency_ms, ttft_ms, created_at)"
    " VALUES (?, ?::uuid, ?::uuid, ?::uuid, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz)"
    " ON CONFLICT (request_id) DO NOTHING");
// Cost: tokens × price per million tokens, in integer micro-dollars (rounded down per request).
const QString kUsageSql =
    QStringLiteral("INSERT INTO usage_records (request_id, tenant_id, environment_id, api_key_id, "
                   "model_name, node_id, prompt_tokens,"
                   " completion_tokens, total_tokens, cost_micros, latency_ms, ttft_ms, status, timestamp)"
                   " SELECT ?, ?::uuid, ?::uuid, ?::uuid, ?, ?::uuid, ?::bigint, ?::bigint, ?::bigint,"
                   "  coalesce((SELECT (?::bigint * m.input_price_micros_per_mtok + ?::bigint * "
                   "m.output_price_micros_per_mtok) / 1000000"
                   "            FROM models m WHERE m.name = ?), 0), ?, ?, ?, ?::timestamptz"
                   " ON CONFLICT (request_id) DO NOTHING");

template <typename... V> void bindAll(QSqlQuery &q, V &&...values)
{
    int i = 0;
    (q.bindValue(i++, QVariant(std::forward<V>(values))), ...);
}

} // namespace

bool isBillable(const UsageEvent &e)
{
    return !e.tenantId.isEmpty() &&
           (e.status == QLatin1String("completed") || e.status == QLatin1String("interrupted"));
}

Result<int> insertUsageEvents(QSqlDatabase &db, const std::vector<UsageEvent> &events)
{
    if (!db.transaction())
        return fail(QStringLiteral("cannot begin a transaction: ") + db.lastError().text());
    QSqlQuery log(db), usage(db);
    if (!log.prepare(kLogSql) || !usage.prepare(kUsageSql)) {
        const QString why = sqlError(log.lastError().isValid() ? log : usage);
        db.rollback();
        return fail(why);
    }
    int inserted = 0;
    for (const UsageEvent &e : events) {
        const QString ts = QDateTime::fromMSecsSinceEpoch(e.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs);
        const QString requestId = QString::fromLatin1(e.requestId);
        bindAll(log, requestId, nullableUuid(e.tenantId), nullableUuid(e.environmentId),
                nullableUuid(e.apiKeyId), QString::fromLatin1(e.keyPrefix), QString::fromLatin1(e.method),
                QString::fromUtf8(e.path.left(500)), e.model, nullableUuid(e.nodeId), e.statusCode, e.status,
                e.reason, e.promptTokens, e.completionTokens, e.latencyMs, nullableTtft(e.ttftMs), ts);
        if (!log.exec()) {
            const QString why = sqlError(log);
            db.rollback();
            return fail(why);
        }
        if (!isBillable(e))
            continue;
        bindAll(usage, requestId, e.tenantId, nullableUuid(e.environmentId), nullableUuid(e.apiKeyId),
                e.model, nullableUuid(e.nodeId), e.promptTokens, e.completionTokens,
                e.promptTokens + e.completionTokens, e.promptTokens, e.completionTokens, e.model, e.latencyMs,
                nullableTtft(e.ttftMs), e.status, ts);
        if (!usage.exec()) {
            const QString why = sqlError(usage);
            db.rollback();
            return fail(why);
        }
        inserted += usage.numRowsAffected() > 0 ? 1 : 0;
    }
    if (!db.commit())
        return fail(QStringLiteral("commit failed: ") + db.lastError().text());
    return inserted;
}

} // namespace crosslogic
