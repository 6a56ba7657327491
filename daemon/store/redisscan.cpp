// Walks Redis keys matching a pattern with SCAN (never KEYS), counting them and optionally deleting each page
// with UNLINK.
#include "store/redisscan.h"

#include "store/redisclient.h"

#include <QPointer>
#include <algorithm>
#include <memory>

namespace crosslogic {
namespace {

struct ScanState
{
    QPointer<RedisClient> redis;
    QPointer<QObject> context;
    QByteArray pattern;
    bool unlink = false;
    int maxPages = 0;
    QList<QByteArray> keepPrefixes;
    RedisScanResult result;
    std::function<void(Result<RedisScanResult>)> done;
};

void step(const std::shared_ptr<ScanState> &st, const QByteArray &cursor)
{
    if (!st->redis || !st->context)
        return;
    st->redis->command(
        {"SCAN", cursor, "MATCH", st->pattern, "COUNT", "1000"}, st->context, [st](const RedisReply &r) {
            if (r.isError() || r.type != RedisReply::Type::Array || r.elements.size() != 2) {
                st->done(
                    fail(QStringLiteral("Redis SCAN failed: %1").arg(QString::fromUtf8(r.str.left(200)))));
                return;
            }
            const QByteArray next = r.elements[0].str;
            ++st->result.pages;
            QList<QByteArray> keys;
            for (const RedisReply &k : r.elements[1].elements) {
                const bool keep = std::any_of(st->keepPrefixes.cbegin(), st->keepPrefixes.cend(),
                                              [&k](const QByteArray &p) { return k.str.startsWith(p); });
                if (keep)
                    ++st->result.kept;
                else
                    keys << k.str;
            }
            st->result.matched += keys.size();
            auto continueOrFinish = [st, next] {
                if (next == "0") {
                    st->done(st->result);
                } else if (st->result.pages >= st->maxPages) {
                    st->result.truncated = true;
                    st->done(st->result);
                } else {
                    step(st, next);
                }
            };
            if (!st->unlink || keys.isEmpty()) {
                continueOrFinish();
                return;
            }
            QList<QByteArray> args{"UNLINK"};
            args += keys;
            st->redis->command(args, st->context, [st, continueOrFinish](const RedisReply &d) {
                if (d.isError()) {
                    st->done(fail(
                        QStringLiteral("Redis UNLINK failed: %1").arg(QString::fromUtf8(d.str.left(200)))));
                    return;
                }
                st->result.deleted += d.toInteger();
                continueOrFinish();
            });
        });
}

} // namespace

void scanRedisKeys(RedisClient *redis, QObject *context, const QByteArray &pattern, bool unlink,
                   std::function<void(Result<RedisScanResult>)> done, int maxPages,
                   QList<QByteArray> keepPrefixes)
{
    auto st = std::make_shared<ScanState>();
    st->redis = redis;
    st->context = context;
    st->pattern = pattern;
    st->unlink = unlink;
    st->maxPages = maxPages;
    st->keepPrefixes = std::move(keepPrefixes);
    st->done = std::move(done);
    step(st, "0");
}

} // namespace crosslogic
