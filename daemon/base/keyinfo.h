// What authentication knows about a key: its ids, the statuses that decide validity, and the limits of each level;
// and what checking a key concluded.
#pragma once

#include "store/dbpool.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace crosslogic {

struct LevelLimits
{
    qint64 requestsPerMin = 0; // 0: no limit configured at this level (the configured default applies)
    qint64 tokensPerMin = 0;
    qint64 concurrency = 0;
};

// A spend cap that applies to a key's requests: a budget of the key, its environment or its tenant, or the tenant's
// prepaid credit (level "credit", period lifetime, amount = everything credited so far).
struct SpendBudget
{
    QByteArray level;  // key | environment | tenant | credit
    QString scopeId;   // the key's, environment's or tenant's id
    qint64 amountMicros = 0;
    QByteArray period; // daily | monthly | lifetime
};

struct KeyInfo
{
    QString keyId;
    QString tenantId;
    QString environmentId;
    QByteArray keyPrefix;
    QString keyStatus;
    QString tenantStatus;
    QString environmentStatus;
    qint64 expiresAtMs = 0; // 0: never
    LevelLimits keyLimits;
    LevelLimits environmentLimits;
    LevelLimits tenantLimits;
    QList<SpendBudget> budgets = {}; // every cap enforced at admission (empty: none)

    Json toJson() const;
    static KeyInfo fromJson(const Json &j);
};

// What checking a key concluded: the key, or why it is refused (401, 403, 503).
struct AuthOutcome
{
    int status = 0; // 0: authenticated; otherwise the HTTP status to answer
    QString message;
    QByteArray code;
    KeyInfo key;
    bool ok() const { return status == 0; }
    Error error() const { return fail(status, code, message); }
};

// The SQL that loads one key's KeyInfo as JSON by key_hash (one row or none).
extern const char *const kKeyInfoSql;

} // namespace crosslogic
