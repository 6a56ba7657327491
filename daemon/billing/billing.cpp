// Billing's entry points for the daemon: its HTTP routes and its background workers.
#include "billing/billing.h"

#include "app/services.h"
#include "billing/stripeexporter.h"
#include "billing/webhookprocessor.h"
#include "core/log.h"

namespace crosslogic {

void registerBillingRoutes(Router &router, Services &services)
{
    registerUsageRoutes(router, services);
    registerBillingEventRoutes(router, services);
    registerStripeWebhookRoutes(router, services);
}

void startBillingWorkers(Services &services, QObject *parent)
{
    auto *events = new WebhookProcessor(services, parent);
    services.billingEvents = events;
    events->start(1000);
    if (services.config->stripeSecretKey.isEmpty()) {
        spdlog::info("billing: STRIPE_SECRET_KEY is empty; usage is not exported to Stripe");
        return;
    }
    auto *exporter = new StripeExporter(services, parent);
    exporter->start();
}

} // namespace crosslogic
