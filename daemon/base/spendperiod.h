// Budget periods and request costs in integer micro-units: which period an instant belongs to (the Redis key's
// stamp), when it resets, and what a request costs at a model's prices. Shared by admission (ratelimit/), the
// customer's budget read (billing/) and the admin routes, so every place agrees on the boundary to the millisecond.
#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace crosslogic {

struct SpendPeriod
{
    QByteArray stamp;   // daily: 2026-12-04, monthly: 2026-12, lifetime: all (UTC)
    qint64 startMs = 0; // the period's first millisecond (0 for lifetime)
    qint64 resetMs = 0; // the next period's first millisecond; 0: never (lifetime)
};

// period is daily, monthly, monthly@<day> or lifetime (anything else is treated as lifetime). Boundaries are UTC
// midnights: daily every day, monthly on the first of the month, monthly@<day> (a tenant's billing anchor, 2..31) on
// that day of each month or on its last day when the month is shorter (anchor 31: Feb 28/29, Apr 30, …). An instant at
// resetMs belongs to the next period. Stamps: 2026-12-04, 2026-12, 2026-12@15 (the month the period starts in).
SpendPeriod spendPeriod(const QByteArray &period, qint64 nowMs);
// A budget's period as admission computes it: monthly on a tenant's billing anchor day is monthly@<day> (day 1 is the
// calendar month, plain monthly); daily and lifetime are unchanged.
QByteArray anchoredPeriod(const QByteArray &period, int anchorDay);
// The start of the current monthly period for each anchor day 1..31, as a PostgreSQL timestamptz[] literal: SQL picks
// a tenant's with (?::timestamptz[])[tenants.billing_anchor_day].
QString monthlyStartsArray(qint64 nowMs);

// The Redis counter of a spend cap (level key | environment | tenant | credit) in the period holding nowMs:
// spend:<level>:<id>:<stamp>, micro-units spent or reserved; in Redis Cluster mode spend:{<tenant>}:<level>:<id>:<stamp>
// (store/redisslot.h: the tenant's hash tag keeps it in the slot of the tenant's rate-limit counters).
QByteArray spendCounterKey(const QByteArray &level, const QString &scopeId, const QByteArray &period, qint64 nowMs,
                           const QString &tenantId = {});
// How long a counter created at nowMs is kept: its period and a week more (0: forever, lifetime).
qint64 spendCounterTtlSeconds(const QByteArray &period, qint64 nowMs);
// Set by the spend reconciler once the counters are rebuilt from PostgreSQL; while it is missing (Redis lost its
// data) admission answers 503 for keys with spend caps instead of counting from zero. "spend:ready"; a replica whose
// spend clock is shifted (SPEND_CLOCK_OFFSET_SECONDS, tests) has its own, since it rebuilds another period's counters.
// In cluster mode there is one per tenant, spend:{<tenant>}:ready, in the slot of that tenant's counters.
QByteArray spendReadyKey(qint64 clockOffsetMs, const QString &tenantId = {});

struct ModelPrice
{
    qint64 inputMicrosPerMTok = 0;
    qint64 outputMicrosPerMTok = 0;
};

// The metered cost, as usage_records.cost_micros computes it: rounded down per request.
qint64 meteredCostMicros(const ModelPrice &price, qint64 promptTokens, qint64 completionTokens);
// The most a request can cost: rounded up, so a reservation is never below the metered cost of the same tokens.
qint64 maxCostMicros(const ModelPrice &price, qint64 promptTokens, qint64 completionTokens);

// The most completion tokens n (at most ceiling) whose maximum cost with promptTokens fits in reservedMicros: where a
// stream admitted with that reservation is cut (gateway/spendcut.h). ceiling when output tokens are free; 0 when not
// even the prompt fits.
qint64 affordableCompletionTokens(const ModelPrice &price, qint64 promptTokens, qint64 reservedMicros, qint64 ceiling);

} // namespace crosslogic
