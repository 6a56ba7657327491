// Which browser origins may call the customer API (CORS), and the headers the gateway adds for them.
#include "gateway/corspolicy.h"

#include "core/log.h"
#include "http/httpexchange.h"
#include "store/dbpool.h"
#include "store/sqljson.h"

namespace crosslogic {
namespace {

// Read by the browser's fetch(): the request id and the rate-limit state.
const QByteArray kExposed = "x-request-id, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, "
                            "x-ratelimit-reset-requests, x-ratelimit-limit-tokens, x-ratelimit-remaining-tokens, "
                            "x-ratelimit-reset-tokens, retry-after";
const QByteArray kAllowedHeaders = "authorization, content-type, content-encoding, openai-organization, openai-project, "
                                   "x-request-id, x-api-key, openai-beta, anthropic-version, anthropic-beta, "
                                   "anthropic-dangerous-direct-browser-access";
constexpr int kMaxAgeSeconds = 600;

// Access-Control-Request-Headers as sent, when it is a plain comma-separated list of header names (SDKs send
// their own x-... headers; the API key, not a cookie, is what authorises, so any header name may be allowed).
QByteArray requestedHeaders(const QByteArray &list)
{
    if (list.size() > 1000)
        return {};
    for (char c : list) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                        || c == ',' || c == ' ';
        if (!ok)
            return {};
    }
    return list.trimmed().toLower();
}

void addAllowHeaders(HttpExchange *ex, const QByteArray &origin)
{
    ex->addHeader("Access-Control-Allow-Origin", origin);
    ex->addHeader("Access-Control-Expose-Headers", kExposed);
}

} // namespace

CorsPolicy::CorsPolicy(DbPool *db, int refreshMs, QObject *parent) : QObject(parent), m_db(db)
{
    connect(&m_timer, &QTimer::timeout, this, &CorsPolicy::refresh);
    m_timer.start(refreshMs);
    refresh();
}

void CorsPolicy::refresh()
{
    if (m_refreshing || !m_db)
        return;
    m_refreshing = true;
    m_db->run(this, [](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral("SELECT coalesce(json_object_agg(id, cors_allowed_origins), '{}') FROM tenants"
                                            " WHERE status = 'active' AND cardinality(cors_allowed_origins) > 0"));
    }, [this](Result<Json> r) {
        m_refreshing = false;
        if (!r.ok() || !r->is_object()) {
            spdlog::debug("cors: refresh failed, keeping the last view: {}", qs(r.ok() ? QString() : r.error()));
            return;
        }
        QHash<QString, QSet<QByteArray>> byTenant;
        QSet<QByteArray> any;
        for (auto it = r->begin(); it != r->end(); ++it) {
            QSet<QByteArray> &origins = byTenant[QString::fromStdString(it.key())];
            for (const auto &o : *it)
                if (o.is_string()) {
                    origins.insert(QByteArray::fromStdString(o.get<std::string>()));
                    any.insert(QByteArray::fromStdString(o.get<std::string>()));
                }
        }
        std::lock_guard lock(m_mutex);
        m_byTenant = std::move(byTenant);
        m_any = std::move(any);
        emit refreshed();
    });
}

bool CorsPolicy::anyTenantAllows(const QByteArray &origin) const
{
    std::lock_guard lock(m_mutex);
    return m_any.contains("*") || m_any.contains(origin.toLower());
}

bool CorsPolicy::tenantAllows(const QString &tenantId, const QByteArray &origin) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_byTenant.constFind(tenantId);
    return it != m_byTenant.cend() && (it->contains("*") || it->contains(origin.toLower()));
}

void CorsPolicy::onArrival(HttpExchange *ex) const
{
    if (!ex->request().path.startsWith("/v1/"))
        return;
    const QByteArray origin = ex->request().header("origin");
    if (origin.isEmpty())
        return;
    ex->addHeader("Vary", "Origin");
    if (anyTenantAllows(origin))
        addAllowHeaders(ex, origin);
}

Result<void> CorsPolicy::checkTenant(HttpExchange *ex, const QString &tenantId) const
{
    const QByteArray origin = ex->request().header("origin");
    if (origin.isEmpty() || tenantId.isEmpty() || tenantAllows(tenantId, origin))
        return {};
    ex->removeHeader("Access-Control-Allow-Origin");
    ex->removeHeader("Access-Control-Expose-Headers");
    return fail(403, "origin_not_allowed", QStringLiteral("the origin '%1' is not allowed for this API key's tenant (cors_allowed_origins)")
                                               .arg(QString::fromLatin1(origin.left(200))));
}

void CorsPolicy::answerPreflight(HttpExchange *ex) const
{
    const QByteArray origin = ex->request().header("origin");
    if (origin.isEmpty() || !anyTenantAllows(origin)) {
        ex->respondError(403, origin.isEmpty() ? QStringLiteral("a CORS preflight needs an Origin header")
                                               : QStringLiteral("the origin '%1' is not allowed by any tenant (cors_allowed_origins)")
                                                     .arg(QString::fromLatin1(origin.left(200))),
                         "origin_not_allowed");
        return;
    }
    // onArrival added Allow-Origin, Expose-Headers and Vary.
    const QByteArray asked = requestedHeaders(ex->request().header("access-control-request-headers"));
    ex->addHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    ex->addHeader("Access-Control-Allow-Headers", asked.isEmpty() ? kAllowedHeaders : kAllowedHeaders + ", " + asked);
    ex->addHeader("Access-Control-Max-Age", QByteArray::number(kMaxAgeSeconds));
    ex->respond(204, QByteArray(), QByteArray());
}

} // namespace crosslogic
