// Redis Cluster commands that span slots or nodes: a multi-key MGET/DEL/UNLINK/EXISTS split per slot and merged,
// DBSIZE/FLUSHDB on every master, SCAN over the masters one after another (store/redisclusterclient.h).
#include "store/redisclusterclient.h"

#include "store/redisslot.h"

#include <memory>

namespace crosslogic {
namespace {

QList<QByteArray> owned(const std::vector<QByteArrayView> &args, size_t from = 0)
{
    QList<QByteArray> out;
    for (size_t i = from; i < args.size(); ++i)
        out << args[i].toByteArray();
    return out;
}

} // namespace

void RedisClusterClient::splitMultiKey(const std::vector<QByteArrayView> &args, RedisCallback cb)
{
    const QByteArray cmd = args[0].toByteArray().toUpper();
    QHash<int, QList<int>> bySlot; // slot → argument indexes (1-based key positions)
    QList<int> order;
    for (size_t i = 1; i < args.size(); ++i) {
        const int s = redisKeySlot(args[i]);
        if (!bySlot.contains(s))
            order << s;
        bySlot[s] << int(i);
    }
    if (order.size() == 1) {
        send(order.first(), formatRedisCommand(owned(args)), {}, std::move(cb));
        return;
    }
    struct Merge
    {
        RedisReply out;
        int waiting = 0;
        bool failed = false;
    };
    auto merge = std::make_shared<Merge>();
    merge->waiting = int(order.size());
    if (cmd == "MGET") {
        merge->out.type = RedisReply::Type::Array;
        merge->out.elements.resize(args.size() - 1);
    } else {
        merge->out.type = RedisReply::Type::Integer;
    }
    for (int s : std::as_const(order)) {
        const QList<int> positions = bySlot.value(s);
        QList<QByteArray> part{args[0].toByteArray()};
        for (int p : positions)
            part << args[size_t(p)].toByteArray();
        send(s, formatRedisCommand(part), {}, [merge, positions, cb](const RedisReply &r) {
            if (merge->failed)
                return;
            if (r.isError()) {
                merge->failed = true;
                cb(r);
                return;
            }
            if (merge->out.type == RedisReply::Type::Array) {
                for (int i = 0; i < positions.size() && size_t(i) < r.elements.size(); ++i)
                    merge->out.elements[size_t(positions[i] - 1)] = r.elements[size_t(i)];
            } else {
                merge->out.integer += r.integer;
            }
            if (--merge->waiting == 0)
                cb(merge->out);
        });
    }
}

void RedisClusterClient::fanOut(const QByteArray &request, bool sum, RedisCallback cb)
{
    struct Merge
    {
        RedisReply out;
        int waiting = 0;
        bool failed = false;
    };
    auto merge = std::make_shared<Merge>();
    merge->out.type = sum ? RedisReply::Type::Integer : RedisReply::Type::Status;
    merge->out.str = sum ? QByteArray() : QByteArrayLiteral("OK");
    merge->waiting = int(m_masters.size());
    if (m_masters.isEmpty()) {
        QMetaObject::invokeMethod(this, [cb] { cb(RedisReply::error("ERR redis unavailable (no masters known)")); }, Qt::QueuedConnection);
        return;
    }
    for (const QByteArray &m : std::as_const(m_masters)) {
        sendTo(node(m), -1, request, false, kNoDetour, [merge, cb](const RedisReply &r) {
            if (merge->failed)
                return;
            if (r.isError()) {
                merge->failed = true;
                cb(r);
                return;
            }
            merge->out.integer += r.integer;
            if (--merge->waiting == 0)
                cb(merge->out);
        });
    }
}

void RedisClusterClient::scan(const std::vector<QByteArrayView> &args, RedisCallback cb)
{
    // The cursor names the master and that master's own cursor: "0" starts at the first, "<i>-<c>" continues;
    // "0" comes back once the last master is done.
    const QByteArray cursor = args.size() > 1 ? args[1].toByteArray() : QByteArrayLiteral("0");
    const qsizetype dash = cursor.indexOf('-');
    const int index = dash < 0 ? 0 : cursor.left(dash).toInt();
    const QByteArray own = dash < 0 ? cursor : cursor.mid(dash + 1);
    const QList<QByteArray> masters = m_masters;
    if (index < 0 || index >= masters.size()) {
        QMetaObject::invokeMethod(this, [cb] { cb(RedisReply::error("ERR invalid cursor")); }, Qt::QueuedConnection);
        return;
    }
    QList<QByteArray> request{"SCAN", own};
    request << owned(args, 2);
    sendTo(node(masters[index]), -1, formatRedisCommand(request), false, kNoDetour, [index, masters, cb](const RedisReply &r) {
        if (r.isError() || r.elements.size() != 2) {
            cb(r);
            return;
        }
        RedisReply out = r;
        if (r.elements[0].str == "0")
            out.elements[0].str = index + 1 < masters.size() ? QByteArray::number(index + 1) + "-0" : QByteArrayLiteral("0");
        else
            out.elements[0].str = QByteArray::number(index) + '-' + r.elements[0].str;
        cb(out);
    });
}

} // namespace crosslogic
