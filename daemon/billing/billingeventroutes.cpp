// Admin routes for Stripe webhook events: list (failed, by type) and the audited re-queue of runbook 6.2.
#include "base/adminaction.h"
#include "billing/billing.h"
#include "billing/webhookprocessor.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

namespace crosslogic {
namespace {

const QString kEventJson = QStringLiteral("json_build_object('id', b.id, 'event_id', b.event_id, 'type', "
                                          "b.event_type, 'tenant_id', b.tenant_id, 'tenant_name', (SELECT t.name FROM tenants t WHERE t.id = b.tenant_id),"
                                          " 'processed', b.processed,"
                                          " 'retry_count', b.retry_count, 'error', b.error, 'created_at', "
                                          "b.created_at, 'processed_at', b.processed_at)");

// GET /admin/billing/events?failed=true&type=&limit= — newest first; failed: unprocessed with an error.
void listEvents(const BillingRouteDeps &s, HttpExchange *ex)
{
    const bool failed = ex->request().queryFlag(QStringLiteral("failed"));
    const QString type = ex->request().queryValue(QStringLiteral("type"));
    const int limit = ex->request().queryLimit(100, 1000);
    const QVariant t = type.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(type);
    s.db->run(
        ex,
        [=](QSqlDatabase &db) {
            return queryJson(
                db,
                QStringLiteral("SELECT json_build_object('data', coalesce(json_agg(x.j ORDER BY x.created_at "
                               "DESC), '[]')) FROM"
                               " (SELECT ") +
                    kEventJson +
                    QStringLiteral(
                        " AS j, b.created_at FROM billing_events b WHERE (NOT ? OR (b.processed = false AND "
                        "b.error IS NOT NULL))"
                        " AND (?::text IS NULL OR b.event_type = ?) ORDER BY b.created_at DESC LIMIT ?) x"),
                {failed, t, t, limit});
        },
        [ex](Result<Json> r) {
            if (!r.ok())
                respondFailure(ex, r.failure());
            else
                ex->respondJson(200, *r);
        });
}

// POST /admin/billing/events/retry — exactly runbook 6.2's UPDATE, audited, with ?dry_run=true.
void retryEvents(const BillingRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    auto body = jsonBody(ex);
    if (!body)
        return;
    if (!body->empty()) {
        ex->respondError(400, QStringLiteral("this action takes no fields"),
                         "invalid_value");
        return;
    }
    runAdminAction(
        s, ex,
        AdminAction{QStringLiteral("billing.events.retry"), QStringLiteral("billing_events"), *body, who},
        [](QSqlDatabase &db) {
            return queryJson(
                db, QStringLiteral("WITH r AS (UPDATE billing_events b SET processed = false, retry_count = 0"
                                   " WHERE processed = false AND error IS NOT NULL RETURNING b.event_id)"
                                   " SELECT json_build_object('requeued', count(*), 'event_ids', "
                                   "coalesce(json_agg(event_id), '[]')) FROM r"));
        },
        200,
        [s](const Json &) {
            if (s.billingEvents)
                s.billingEvents->kick();
        });
}

} // namespace

void registerBillingEventRoutes(Router &router, const BillingRouteDeps &s)
{
    router.add(
        "GET", "/admin/billing/events",
        adminRoute(s, "billing", [s](HttpExchange *ex, const AdminIdentity &) { listEvents(s, ex); }));
    router.add("POST", "/admin/billing/events/retry",
               adminRoute(s, "billing",
                          [s](HttpExchange *ex, const AdminIdentity &who) { retryEvents(s, ex, who); }));
}

} // namespace crosslogic
