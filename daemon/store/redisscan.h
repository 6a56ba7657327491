// Walks Redis keys matching a pattern with SCAN (never KEYS), counting them and optionally deleting each page
// with UNLINK.
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <functional>

namespace crosslogic {

class RedisClient;

struct RedisScanResult
{
    qint64 matched = 0;
    qint64 deleted = 0;
    qint64 kept = 0; // matched the pattern but also a keep prefix: neither counted in matched nor deleted
    int pages = 0;
    bool truncated = false; // stopped at maxPages before the cursor came back to 0
};

// done runs on context's thread; a Redis error ends the walk with fail(message) (keys already unlinked stay
// unlinked).
void scanRedisKeys(RedisClient *redis, QObject *context, const QByteArray &pattern, bool unlink,
                   std::function<void(Result<RedisScanResult>)> done, int maxPages = 100000,
                   QList<QByteArray> keepPrefixes = {});

} // namespace crosslogic
