// Which browser origins may call the customer API (CORS): each tenant's cors_allowed_origins, refreshed from
// PostgreSQL off the request path, and the headers the gateway adds for them.
//
// A preflight (OPTIONS) carries no API key, so it cannot know the tenant: it is allowed for an origin that ANY
// tenant allows. The real request is then checked against its key's tenant: an origin that tenant does not allow
// is refused with 403 origin_not_allowed before anything is served. Answers given before the key is known (401, a
// refused body encoding, an unknown /v1 path) carry the CORS headers when any tenant allows the origin, so a
// browser application can read its error.
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>
#include <mutex>

namespace crosslogic {

class DbPool;
class HttpExchange;

class CorsPolicy : public QObject
{
    Q_OBJECT
public:
    CorsPolicy(DbPool *db, int refreshMs, QObject *parent = nullptr);

    // Thread-safe.
    bool anyTenantAllows(const QByteArray &origin) const;
    bool tenantAllows(const QString &tenantId, const QByteArray &origin) const;

    // On arrival of any request to /v1/...: the CORS headers when the request has an Origin some tenant allows.
    void onArrival(HttpExchange *exchange) const;
    // Once the key's tenant is known: the 403 origin_not_allowed to answer when the request has an Origin the
    // tenant does not allow (the headers added on arrival are taken back then).
    Result<void> checkTenant(HttpExchange *exchange, const QString &tenantId) const;
    // OPTIONS /v1/...: 204 with Allow-Methods, Allow-Headers and Max-Age for an allowed origin; 403 otherwise.
    void answerPreflight(HttpExchange *exchange) const;

    void refresh();

signals:
    void refreshed();

private:
    DbPool *m_db;
    QTimer m_timer;
    bool m_refreshing = false;
    mutable std::mutex m_mutex; // guards the two sets below
    QHash<QString, QSet<QByteArray>> m_byTenant; // "*" allows every origin
    QSet<QByteArray> m_any;                      // the union over tenants
};

} // namespace crosslogic
