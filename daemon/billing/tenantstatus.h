// Suspends or reactivates a tenant from a billing event, as the admin API does: status, audit row, cache
// invalidation.
#pragma once

#include "core/result.h"
#include "store/dbpool.h"

#include <QList>

namespace crosslogic {

class KeyCache;

// Inside the caller's transaction: sets tenants.status (and status_reason), writes an audit row as
// "stripe-webhook" (role system) and returns {"tenant_id", "before", "after", "key_hashes": [...]}; null when
// no tenant has this Stripe customer id.
Result<Json> setTenantStatusByStripeCustomer(QSqlDatabase &db, const QString &stripeCustomerId,
                                             const QString &status, const QString &reason,
                                             const QString &eventId);
// After commit, on the event loop: drops the tenant's keys from every replica's auth caches.
void invalidateTenantKeys(KeyCache *keys, const Json &statusChange);

} // namespace crosslogic
