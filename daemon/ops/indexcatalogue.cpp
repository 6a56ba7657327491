// The indexes the hot tables need (runbook §4.2): names, tables and the fixed statements that create them.
#include "ops/indexcatalogue.h"

#include <QStringList>

namespace crosslogic {

QString ExpectedIndex::createStatement() const
{
    return QStringLiteral("CREATE INDEX CONCURRENTLY %1 ON %2(%3)").arg(name, table, columns);
}

const QList<ExpectedIndex> &IndexCatalogue::all()
{
    // Mirrors migrations/0001_initial.sql; the runbook's idx_usage_tenant_time is the one it tells operators
    // to add.
    static const QList<ExpectedIndex> list = {
        {QStringLiteral("idx_api_keys_prefix"), QStringLiteral("api_keys"), QStringLiteral("key_prefix")},
        {QStringLiteral("idx_api_keys_tenant"), QStringLiteral("api_keys"), QStringLiteral("tenant_id")},
        {QStringLiteral("idx_usage_tenant_time"), QStringLiteral("usage_records"),
         QStringLiteral("tenant_id, timestamp")},
        {QStringLiteral("idx_usage_timestamp"), QStringLiteral("usage_records"), QStringLiteral("timestamp")},
        {QStringLiteral("idx_nodes_status"), QStringLiteral("nodes"), QStringLiteral("status")},
        {QStringLiteral("idx_nodes_model"), QStringLiteral("nodes"), QStringLiteral("model_name")},
        {QStringLiteral("idx_request_logs_created"), QStringLiteral("request_logs"),
         QStringLiteral("created_at")},
        {QStringLiteral("idx_request_logs_tenant"), QStringLiteral("request_logs"),
         QStringLiteral("tenant_id, created_at")},
        {QStringLiteral("idx_billing_events_pending"), QStringLiteral("billing_events"),
         QStringLiteral("processed, created_at")},
        {QStringLiteral("idx_audit_log_created"), QStringLiteral("audit_log"), QStringLiteral("created_at")},
    };
    return list;
}

const ExpectedIndex *IndexCatalogue::find(const QString &name)
{
    for (const ExpectedIndex &i : all())
        if (i.name == name)
            return &i;
    return nullptr;
}

const QStringList &IndexCatalogue::tables()
{
    static const QStringList list = {QStringLiteral("api_keys"),       QStringLiteral("usage_records"),
                                     QStringLiteral("nodes"),          QStringLiteral("request_logs"),
                                     QStringLiteral("billing_events"), QStringLiteral("audit_log")};
    return list;
}

} // namespace crosslogic
