// API keys of GET /admin/api-keys as a table, with why each is valid or not (key, tenant and environment status).
#pragma once

#include "common/jsontablemodel.h"

namespace crosslogic::console {

class KeyTableModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column { Prefix, Name, Valid, Status, Tenant, Environment, RequestsPerMin, TokensPerMin, Concurrency, Expires };
    explicit KeyTableModel(QObject *parent = nullptr);
    // "valid" or the reason in words, e.g. "revoked", "tenant suspended".
    static QString verdict(const QJsonObject &key);

protected:
    QVariant style(const QJsonObject &row, int column, int role) const override;
};

} // namespace crosslogic::console
