// Billing's entry points for the daemon: its HTTP routes and its background workers.
#pragma once

class QObject;

namespace crosslogic {

class Router;
struct Services;

// GET /v1/usage (customer key), GET /admin/usage, POST /admin/usage/backfill, GET /admin/billing/events,
// POST /admin/billing/events/retry, POST /webhooks/stripe.
void registerBillingRoutes(Router &router, Services &services);
void registerUsageRoutes(Router &router, Services &services);
void registerBillingEventRoutes(Router &router, Services &services);
void registerStripeWebhookRoutes(Router &router, Services &services);
// The webhook event processor (services.billingEvents) and, when STRIPE_SECRET_KEY is set, the meter
// exporter.
void startBillingWorkers(Services &services, QObject *parent);

} // namespace crosslogic
