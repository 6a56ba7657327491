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

} // namespace crosslogic
