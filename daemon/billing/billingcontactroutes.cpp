// A tenant's billing settings, each audited with dry run and the billing permission:
// PUT /admin/tenants/{id}/billing-contact — the webhook a tenant's billing contact is notified at when a budget crosses
// one of its thresholds (billing/thresholdwatcher.h); audited as tenant.billing_contact with the URL masked, and the
// answer shows it masked, as logs do (it may carry a token).
// PUT /admin/tenants/{id}/billing-anchor — the day of the month its monthly budgets reset on (1..31, the last day of a
// shorter month); audited as tenant.billing_anchor; every replica drops the tenant's cached keys.
#include "billing/billing.h"

#include "base/keycache.h"
#include "base/requestfields.h"
#include "base/webhookurl.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

#include <QUrl>

namespace crosslogic {
namespace {

constexpr int kMaxUrlChars = 2000;

void setContact(const BillingRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    const QString id = ex->request().param("id");
    if (!uuidOr404(ex, id, QStringLiteral("tenant")))
        return;
    auto body = jsonBody(ex);
    if (!body)
        return;
    RequestFields fields(*body);
    fields.allowOnly({"webhook_url"});
    if (!fields.ok()) {
        ex->respondError(400, fields.errors() + QStringLiteral(" (allowed: webhook_url)"), "invalid_value");
        return;
    }
    const Json v = body->value("webhook_url", Json(Json::value_t::discarded));
    QVariant url(QMetaType::fromType<QString>()); // null: no contact
    if (v.is_string()) {
        const QString text = QString::fromStdString(v.get<std::string>());
        const QUrl u(text, QUrl::StrictMode);
        if (text.size() > kMaxUrlChars || !u.isValid() || u.host().isEmpty() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http"))) {
            ex->respondError(400, QStringLiteral("'webhook_url' must be an http or https URL of at most %1 characters, or null").arg(kMaxUrlChars),
                             "invalid_value");
            return;
        }
        url = text;
    } else if (!v.is_null()) {
        ex->respondError(400, QStringLiteral("'webhook_url' must be an http or https URL, or null to remove the contact"), "invalid_value");
        return;
    }
    const Json shown = url.isNull() ? Json() : Json(maskWebhookUrl(url.toString()).toStdString());
    runAdminAction(s, ex, AdminAction{QStringLiteral("tenant.billing_contact"), id, Json{{"webhook_url", shown}}, who},
                   [id, url, shown](QSqlDatabase &db) -> Result<Json> {
        auto before = queryJson(db, QStringLiteral("SELECT json_build_object('set', billing_webhook_url IS NOT NULL) FROM tenants"
                                                   " WHERE id = ?::uuid FOR UPDATE"), {id});
        if (!before)
            return before;
        if (before->is_null())
            return fail(404, "not_found", QStringLiteral("no tenant with id %1").arg(id));
        auto done = queryJson(db, QStringLiteral("UPDATE tenants SET billing_webhook_url = ?, updated_at = now() WHERE id = ?::uuid RETURNING true"),
                              {url, id});
        if (!done)
            return done;
        return Json{{"tenant_id", id.toStdString()}, {"webhook_url", shown}, {"before", {{"webhook_url_set", (*before)["set"]}}}};
    });
}

void setAnchor(const BillingRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    const QString id = ex->request().param("id");
    if (!uuidOr404(ex, id, QStringLiteral("tenant")))
        return;
    auto body = jsonBody(ex);
    if (!body)
        return;
    const Json day = body->value("day", Json());
    if (body->size() != 1 || !day.is_number_integer() || day.get<qint64>() < 1 || day.get<qint64>() > 31) {
        ex->respondError(400, QStringLiteral("the body must be {\"day\": 1..31} (the day of the month monthly budgets reset on; 1: the calendar month)"),
                         "invalid_value");
        return;
    }
    const int anchor = int(day.get<qint64>());
    runAdminAction(s, ex, AdminAction{QStringLiteral("tenant.billing_anchor"), id, *body, who}, [id, anchor](QSqlDatabase &db) -> Result<Json> {
        auto before = queryJson(db, QStringLiteral("SELECT to_json(billing_anchor_day) FROM tenants WHERE id = ?::uuid FOR UPDATE"), {id});
        if (!before)
            return before;
        if (before->is_null())
            return fail(404, "not_found", QStringLiteral("no tenant with id %1").arg(id));
        auto done = queryJson(db, QStringLiteral("UPDATE tenants SET billing_anchor_day = ?, updated_at = now() WHERE id = ?::uuid RETURNING true"),
                              {anchor, id});
        if (!done)
            return done;
        auto hashes = queryJson(db, QStringLiteral("SELECT coalesce(json_agg(key_hash), '[]') FROM api_keys WHERE tenant_id = ?::uuid"), {id});
        if (!hashes)
            return hashes;
        return Json{{"tenant_id", id.toStdString()}, {"billing_anchor_day", anchor}, {"before", {{"billing_anchor_day", *before}}},
                    {"undo", undoCall("PUT", QStringLiteral("/admin/tenants/%1/billing-anchor").arg(id), Json{{"day", *before}})},
                    {"_key_hashes", *hashes}};
    }, 200, [s](const Json &answer) {
        QList<QByteArray> hashes;
        for (const auto &h : answer.value("_key_hashes", Json::array()))
            hashes << QByteArray::fromStdString(h.get<std::string>());
        s.keys->invalidate(hashes);
    });
}

} // namespace

void registerBillingContactRoutes(Router &router, const BillingRouteDeps &s)
{
    router.add("PUT", "/admin/tenants/{id}/billing-anchor",
               adminRoute(s, "billing", [s](HttpExchange *ex, const AdminIdentity &who) { setAnchor(s, ex, who); }));
    router.add("PUT", "/admin/tenants/{id}/billing-contact",
               adminRoute(s, "billing", [s](HttpExchange *ex, const AdminIdentity &who) { setContact(s, ex, who); }));
}

} // namespace crosslogic
