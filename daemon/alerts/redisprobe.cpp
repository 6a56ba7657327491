// See redisprobe.h.
#include "alerts/redisprobe.h"

#include "store/redisclient.h"

#include <QPointer>
#include <memory>

namespace crosslogic {
namespace {

using Json = nlohmann::json;

qint64 infoField(const QByteArray &info, const QByteArray &name)
{
    for (const QByteArray &line : info.split('\n'))
        if (line.startsWith(QByteArray(name + ':')))
            return line.mid(name.size() + 1).trimmed().toLongLong();
    return 0;
}

struct Scan
{
    RedisClient *redis;
    QPointer<QObject> context;
    std::function<void(Json)> done;
    Json result;
    QByteArray cursor = "0";
    int pages = 0;
    int maxPages = 0;
};

void nextPage(const std::shared_ptr<Scan> &scan)
{
    if (!scan->context)
        return;
    scan->redis->command({"SCAN", scan->cursor, "MATCH", "ratelimit:*", "COUNT", "500"}, scan->context,
                         [scan](const RedisReply &r) {
        if (r.isError() || r.elements.size() != 2) {
            scan->result["scan_error"] = r.isError() ? r.str.toStdString() : "unexpected SCAN reply";
            scan->done(scan->result);
            return;
        }
        scan->cursor = r.elements[0].str;
        ++scan->pages;
        QList<QByteArray> keys;
        for (const RedisReply &k : r.elements[1].elements)
            // The replica registry and in-flight leases are not counters (ratelimit:replicas, ratelimit:replica:…).
            if (!k.str.startsWith("ratelimit:replica"))
                keys.append(k.str);
        auto finishPage = [scan] {
            if (scan->cursor == "0" || scan->pages >= scan->maxPages) {
                scan->result["scan_complete"] = scan->cursor == "0";
                scan->done(scan->result);
            } else {
                nextPage(scan);
            }
        };
        if (keys.isEmpty()) {
            finishPage();
            return;
        }
        QList<QByteArray> mget{"MGET"};
        mget += keys;
        scan->redis->command(mget, scan->context, [scan, keys, finishPage](const RedisReply &values) {
            if (!values.isError()) {
                for (size_t i = 0; i < values.elements.size() && i < size_t(keys.size()); ++i) {
                    const RedisReply &v = values.elements[i];
                    scan->result["scanned"] = scan->result.value("scanned", 0) + 1;
                    if (v.isNil()) // not a string (a hash or set), or gone since SCAN
                        continue;
                    if (!counterValueSound(v.str) && scan->result["corrupt"].size() < 20)
                        scan->result["corrupt"].push_back({{"key", keys[qsizetype(i)].toStdString()},
                                                           {"value", v.str.left(40).toStdString()}});
                }
            }
            finishPage();
        });
    });
}

} // namespace

bool counterValueSound(const QByteArray &value)
{
    bool ok = false;
    const double v = value.toDouble(&ok);
    return ok && v >= 0;
}

void probeRedis(RedisClient *redis, QObject *context, bool scanCounters, std::function<void(Json)> done, int maxPages)
{
    if (!redis || !redis->isConnected()) {
        done(Json{{"ok", false}, {"error", "not connected"}});
        return;
    }
    QPointer<QObject> ctx(context);
    redis->command({"INFO"}, context, [=](const RedisReply &info) {
        if (info.isError() || info.str.isEmpty()) {
            done(Json{{"ok", false}, {"error", info.isError() ? info.str.toStdString() : "empty INFO reply"}});
            return;
        }
        // db0:keys=12,expires=3,avg_ttl=0 (the daemon uses database 0 unless REDIS_URL names another: all summed).
        qint64 keys = 0;
        for (const QByteArray &line : info.str.split('\n'))
            if (line.startsWith("db") && line.contains(":keys="))
                keys += line.mid(line.indexOf(":keys=") + 6).split(',').value(0).toLongLong();
        Json result{{"ok", true},
                    {"used_memory", infoField(info.str, "used_memory")},
                    {"maxmemory", infoField(info.str, "maxmemory")},
                    {"ops_per_sec", infoField(info.str, "instantaneous_ops_per_sec")},
                    {"keys", keys}};
        if (!scanCounters) {
            done(result);
            return;
        }
        result["corrupt"] = Json::array();
        result["scanned"] = 0;
        auto scan = std::make_shared<Scan>(Scan{redis, ctx, done, result, "0", 0, maxPages});
        nextPage(scan);
    });
}

} // namespace crosslogic
