// Prepaid top-ups paid through Stripe.
#include "billing/stripecredit.h"

#include "billing/billing.h"
#include "store/sqljson.h"

namespace crosslogic {

bool isStripeTopUp(const QString &eventType, const Json &object)
{
    const Json metadata = object.value("metadata", Json::object());
    if (!metadata.is_object() || metadata.value("crosslogic_credit", Json()) != Json("true"))
        return false;
    if (eventType == QLatin1String("checkout.session.completed"))
        return object.value("payment_status", Json()) == Json("paid");
    return eventType == QLatin1String("invoice.paid");
}

qint64 stripeAmountMicros(const Json &amount, const QString &currency)
{
    static const QStringList zeroDecimal = {QStringLiteral("bif"), QStringLiteral("clp"), QStringLiteral("djf"), QStringLiteral("gnf"),
                                            QStringLiteral("jpy"), QStringLiteral("kmf"), QStringLiteral("krw"), QStringLiteral("mga"),
                                            QStringLiteral("pyg"), QStringLiteral("rwf"), QStringLiteral("ugx"), QStringLiteral("vnd"),
                                            QStringLiteral("vuv"), QStringLiteral("xaf"), QStringLiteral("xof"), QStringLiteral("xpf")};
    if (!amount.is_number_integer() || amount.get<qint64>() < 0 || amount.get<qint64>() > 1000000000000LL)
        return -1;
    return amount.get<qint64>() * (zeroDecimal.contains(currency.toLower()) ? 1000000 : 10000);
}

Result<Json> applyStripeTopUp(QSqlDatabase &db, const QString &eventId, const QString &eventType, const Json &object)
{
    const Json customer = object.value("customer", Json());
    if (!customer.is_string() || customer.get<std::string>().empty())
        return fail(QStringLiteral("%1 top-up without data.object.customer").arg(eventType));
    const bool checkout = eventType == QLatin1String("checkout.session.completed");
    const qint64 micros = stripeAmountMicros(object.value(checkout ? "amount_total" : "amount_paid", Json()),
                                             QString::fromStdString(object.value("currency", std::string())));
    if (micros <= 0)
        return fail(QStringLiteral("%1 top-up without a positive %2").arg(eventType, checkout ? QStringLiteral("amount_total") : QStringLiteral("amount_paid")));
    const QString customerId = QString::fromStdString(customer.get<std::string>());
    auto tenant = queryJson(db, QStringLiteral("SELECT to_json(id) FROM tenants WHERE stripe_customer_id = ?"), {customerId});
    if (!tenant)
        return tenant;
    if (tenant->is_null())
        return fail(QStringLiteral("no tenant has stripe_customer_id '%1'").arg(customerId.left(100)));
    auto seen = queryJson(db, QStringLiteral("SELECT to_json(count(*) > 0) FROM credit_ledger WHERE source = 'stripe' AND reference = ?"), {eventId});
    if (!seen)
        return seen;
    const QString tenantId = QString::fromStdString(tenant->get<std::string>());
    if (seen->get<bool>())
        return Json{{"duplicate", true}, {"tenant_id", tenantId.toStdString()}};
    auto credited = creditTenant(db, tenantId, micros, QStringLiteral("stripe"), eventId);
    if (!credited)
        return credited;
    return Json{{"tenant_id", tenantId.toStdString()}, {"ledger_entry", (*credited)["ledger_entry"]}, {"key_hashes", (*credited)["_key_hashes"]}};
}

} // namespace crosslogic
