// Prepaid top-ups paid through Stripe: a paid Checkout Session (checkout.session.completed) or a paid invoice
// (invoice.paid) whose metadata says crosslogic_credit = "true" credits the customer's tenant with the amount paid,
// once per event id (credit_ledger's unique Stripe reference; billing_events stores each event id once).
#pragma once

#include "store/dbpool.h"

namespace crosslogic {

// Whether an event of this type with this data.object is a top-up.
bool isStripeTopUp(const QString &eventType, const Json &object);
// Stripe's amount in the currency's smallest unit as micro-units (cents × 10 000; zero-decimal currencies such as
// JPY × 1 000 000); -1 for an amount that is not a non-negative integer.
qint64 stripeAmountMicros(const Json &amount, const QString &currency);
// Credits the tenant of data.object.customer in db's transaction: the ledger entry and "key_hashes", or a failure
// (no such customer, no amount). An event already credited is not credited again (answers {"duplicate": true}).
Result<Json> applyStripeTopUp(QSqlDatabase &db, const QString &eventId, const QString &eventType, const Json &object);

} // namespace crosslogic
