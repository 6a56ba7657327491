// POST /webhooks/stripe: verify the signature over the raw body, store the event once by id, answer at once.
#include "base/adminaction.h"
#include "billing/billing.h"
#include "config/configslot.h"
#include "billing/stripesignature.h"
#include "billing/webhookprocessor.h"
#include "core/log.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

#include <QDateTime>
#include <QPointer>

namespace crosslogic {
namespace {

void reject(HttpExchange *ex, const QString &message, const QByteArray &code)
{
    spdlog::warn("stripe webhook rejected: {}", qs(message));
    ex->respondError(400, message, code);
}

void receive(const BillingRouteDeps &s, HttpExchange *ex)
{
    const QString &secret = s.config->stripeWebhookSecret;
    if (secret.isEmpty()) {
        reject(ex,
               QStringLiteral(
                   "Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET is empty)"),
               "webhook_not_configured");
        return;
    }
    const QByteArray header = ex->request().header("stripe-signature");
    const QByteArray &body = ex->request().body;
    const auto check =
        verifyStripeSignature(header, body, secret.toUtf8(), QDateTime::currentSecsSinceEpoch());
    switch (check) {
    case StripeSignatureCheck::Ok:
        break;
    case StripeSignatureCheck::Missing:
        reject(ex, QStringLiteral("missing Stripe-Signature header"), "signature_missing");
        return;
    case StripeSignatureCheck::Malformed:
        reject(ex, QStringLiteral("malformed Stripe-Signature header (expected t=<timestamp>,v1=<hex>)"),
               "signature_malformed");
        return;
    case StripeSignatureCheck::Stale:
        reject(ex, QStringLiteral("Stripe-Signature timestamp is outside the 300 s tolerance"),
               "signature_stale");
        return;
    case StripeSignatureCheck::Mismatch:
        reject(ex, QStringLiteral("no signature in Stripe-Signature matches the payload"),
               "signature_mismatch");
        return;
    }
    Json event;
    try {
        event = Json::parse(body.constBegin(), body.constEnd());
    } catch (const Json::exception &) {
        reject(ex, QStringLiteral("the event is not valid JSON"), "invalid_json");
        return;
    }
    if (!event.is_object() || !event.contains("id") || !event["id"].is_string() || !event.contains("type") ||
        !event["type"].is_string() || event["id"].get<std::string>().empty() ||
        event["id"].get<std::string>().size() > 255 || event["type"].get<std::string>().empty() ||
        event["type"].get<std::string>().size() > 255) {
        reject(ex, QStringLiteral("the event needs string 'id' and 'type'"), "invalid_event");
        return;
    }
    const QString eventId = QString::fromStdString(event["id"].get<std::string>());
    const QString type = QString::fromStdString(event["type"].get<std::string>());
    QPointer<HttpExchange> guard(ex);
    s.db->run(
        ex,
        [eventId, type, raw = QString::fromUtf8(body)](QSqlDatabase &db) {
            return queryJson(db,
                             QStringLiteral("WITH ins AS (INSERT INTO billing_events (event_id, event_type, "
                                            "payload) VALUES (?, ?, ?::jsonb)"
                                            " ON CONFLICT (event_id) DO NOTHING RETURNING id)"
                                            " SELECT json_build_object('stored', count(*) > 0) FROM ins"),
                             {eventId, type, raw});
        },
        [s, guard, eventId, type](Result<Json> r) {
            if (!guard)
                return;
            if (!r) {
                spdlog::error("stripe webhook {} not stored: {}", qs(eventId), qs(r.error()));
                if (isConnectionFailure(
                        r.error())) // Stripe redelivers non-2xx answers, so an outage loses nothing
                    guard->respondError(503, QStringLiteral("cannot store the event now; retry"), "database_unavailable");
                else // e.g. JSON PostgreSQL cannot store (a \u0000 escape): redelivery would not help
                    guard->respondError(400, QStringLiteral("the event cannot be stored"), "invalid_event");
                return;
            }
            const bool stored = (*r)["stored"].get<bool>();
            spdlog::info("stripe webhook {} ({}) {}", qs(eventId), qs(type),
                         stored ? "stored" : "is a duplicate delivery");
            guard->respondJson(200, Json{{"received", true}, {"duplicate", !stored}});
            if (stored && s.billingEvents)
                s.billingEvents->kick();
        });
}

} // namespace

void registerStripeWebhookRoutes(Router &router, const BillingRouteDeps &s)
{
    router.add("POST", "/webhooks/stripe", [s](HttpExchange *ex) { receive(s, ex); });
}

} // namespace crosslogic
