// Billing's HTTP routes.
#include "billing/billing.h"

namespace crosslogic {

void registerBillingRoutes(Router &router, const BillingRouteDeps &services)
{
    registerUsageRoutes(router, services);
    registerBillingEventRoutes(router, services);
    registerStripeWebhookRoutes(router, services);
    registerBudgetRoutes(router, services);
    registerCreditRoutes(router, services);
    registerSpendRoutes(router, services);
    registerBillingContactRoutes(router, services);
}

} // namespace crosslogic
