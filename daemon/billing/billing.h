// Billing's HTTP routes, and what they need.
#pragma once

#include "base/adminaction.h"

namespace crosslogic {

class ConfigSlot;
class KeyCache;
class Router;
class WebhookProcessor;

struct BillingRouteDeps : AdminRoutes
{
    const ConfigSlot &config;          // the Stripe webhook secret
    KeyCache *keys;                    // GET /v1/usage authenticates the customer's key
    WebhookProcessor *billingEvents;   // kicked after a webhook event is stored or retried
};

// GET /v1/usage (customer key), GET /admin/usage, POST /admin/usage/backfill, GET /admin/billing/events,
// POST /admin/billing/events/retry, POST /webhooks/stripe.
void registerBillingRoutes(Router &router, const BillingRouteDeps &deps);
void registerUsageRoutes(Router &router, const BillingRouteDeps &deps);
void registerBillingEventRoutes(Router &router, const BillingRouteDeps &deps);
void registerStripeWebhookRoutes(Router &router, const BillingRouteDeps &deps);
// Spend controls (docs/billing.md): PUT/DELETE /admin/{api-keys|environments|tenants}/{id}/budget,
// POST /admin/tenants/{id}/credit, GET /admin/tenants/{id}/spend and the customer's GET /v1/budgets.
void registerBudgetRoutes(Router &router, const BillingRouteDeps &deps);
void registerCreditRoutes(Router &router, const BillingRouteDeps &deps);
void registerSpendRoutes(Router &router, const BillingRouteDeps &deps);
// PUT /admin/tenants/{id}/billing-contact: the tenant's billing-contact webhook (budget thresholds).
void registerBillingContactRoutes(Router &router, const BillingRouteDeps &deps);
// Adds a prepaid credit in db's transaction (making the tenant prepaid): the ledger row with the totals after it, and
// the tenant's key hashes to drop from caches ("_key_hashes"). source: admin | stripe.
Result<Json> creditTenant(QSqlDatabase &db, const QString &tenantId, qint64 amountMicros, const QString &source, const QVariant &reference);

} // namespace crosslogic
