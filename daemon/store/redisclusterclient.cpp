// Redis Cluster behind the RedisClient interface: slot routing, MOVED/ASK, topology refresh (see the header).
#include "store/redisclusterclient.h"

#include "core/log.h"
#include "store/redisslot.h"

#include <QPointer>
#include <algorithm>
#include <memory>

namespace crosslogic {
namespace {

constexpr int kMaxRedirects = 5;
constexpr int kFastRefreshMs = 500; // while a slot has no reachable master (a failover under way)

bool isConnectionError(const RedisReply &r)
{
    return r.isError() && (r.str.startsWith("ERR redis unavailable") || r.str.startsWith("ERR connection lost")
                           || r.str.startsWith("ERR redis command could not be queued"));
}

QByteArray upper(QByteArrayView v)
{
    return v.toByteArray().toUpper();
}

QList<QByteArray> owned(const std::vector<QByteArrayView> &args, size_t from = 0)
{
    QList<QByteArray> out;
    for (size_t i = from; i < args.size(); ++i)
        out << args[i].toByteArray();
    return out;
}

} // namespace

RedisClient *createRedisClient(const RedisTarget &target, const QString &name, QObject *parent)
{
    if (target.cluster)
        return new RedisClusterClient(target, name, parent);
    return new RedisClient(target, name, parent);
}

RedisClusterClient::RedisClusterClient(RedisTarget target, QString name, QObject *parent)
    : RedisClient(target, name, parent), m_target(std::move(target)), m_name(std::move(name)),
      m_slotOwner(size_t(kRedisClusterSlots), nullptr)
{
    m_refresh.setSingleShot(true);
    connect(&m_refresh, &QTimer::timeout, this, &RedisClusterClient::refreshTopology);
}

void RedisClusterClient::start()
{
    m_started = true;
    for (const auto &seed : std::as_const(m_target.seeds))
        node(seed.first.toUtf8() + ':' + QByteArray::number(seed.second));
    m_refresh.start(kRefreshMs);
}

bool RedisClusterClient::isConnected() const
{
    return m_ready && anyConnectedNode() != nullptr;
}

QList<QByteArray> RedisClusterClient::masters() const
{
    return m_masters;
}

QList<QByteArray> RedisClusterClient::nodes() const
{
    QList<QByteArray> out = m_nodes.keys();
    std::sort(out.begin(), out.end());
    return out;
}

RedisClient *RedisClusterClient::node(const QByteArray &addr)
{
    if (RedisClient *c = m_nodes.value(addr))
        return c;
    const qsizetype colon = addr.lastIndexOf(':');
    RedisTarget t;
    t.host = QString::fromUtf8(addr.left(colon));
    t.port = addr.mid(colon + 1).toInt();
    t.password = m_target.password;
    auto *c = new RedisClient(t, m_name + QLatin1Char('@') + QString::fromUtf8(addr), this);
    c->countErrorsIn(errorCounter());
    m_nodes.insert(addr, c);
    connect(c, &RedisClient::connected, this, [this] {
        if (!m_ready)
            refreshTopology();
    });
    connect(c, &RedisClient::disconnected, this, [this, addr](const QString &reason) {
        if (!m_masters.contains(addr))
            return;
        spdlog::warn("redis[{}]: lost master {}: {}", qs(m_name), addr.constData(), qs(reason));
        // Releases routed to it may be lost: the rate limiter takes a new lease identity on this signal.
        emit disconnected(reason);
        nodeLost();
    });
    if (m_started)
        c->start();
    return c;
}

RedisClient *RedisClusterClient::anyConnectedNode() const
{
    for (const QByteArray &m : m_masters)
        if (RedisClient *c = m_nodes.value(m); c && c->isConnected())
            return c;
    for (RedisClient *c : m_nodes)
        if (c->isConnected())
            return c;
    return nullptr;
}

void RedisClusterClient::nodeLost()
{
    if (!m_refreshing)
        m_refresh.start(0);
}

void RedisClusterClient::refreshTopology()
{
    RedisClient *via = anyConnectedNode();
    if (!via || m_refreshing) {
        m_refresh.start(m_ready ? kFastRefreshMs : kRefreshMs);
        return;
    }
    m_refreshing = true;
    via->command({"CLUSTER", "SLOTS"}, this, [this](const RedisReply &r) {
        m_refreshing = false;
        if (r.isError() || r.type != RedisReply::Type::Array || r.elements.empty()) {
            spdlog::warn("redis[{}]: CLUSTER SLOTS failed: {}", qs(m_name), qs(r.str));
            m_refresh.start(kFastRefreshMs);
            return;
        }
        applySlots(r);
    });
}

void RedisClusterClient::applySlots(const RedisReply &r)
{
    std::vector<RedisClient *> owners(size_t(kRedisClusterSlots), nullptr);
    QList<QByteArray> masters;
    for (const RedisReply &range : r.elements) {
        if (range.elements.size() < 3)
            continue;
        const qint64 from = range.elements[0].integer, to = range.elements[1].integer;
        for (size_t n = 2; n < range.elements.size(); ++n) {
            const RedisReply &nd = range.elements[n];
            if (nd.elements.size() < 2 || nd.elements[0].str.isEmpty())
                continue;
            const QByteArray addr = nd.elements[0].str + ':' + QByteArray::number(nd.elements[1].integer);
            RedisClient *c = node(addr); // replicas too: a promoted one is then already connected
            if (n == 2) {
                if (!masters.contains(addr))
                    masters << addr;
                for (qint64 s = std::max<qint64>(0, from); s <= to && s < kRedisClusterSlots; ++s)
                    owners[size_t(s)] = c;
            }
        }
    }
    std::sort(masters.begin(), masters.end());
    m_slotOwner = std::move(owners);
    m_masters = masters;
    bool complete = true;
    for (RedisClient *c : m_slotOwner)
        if (!c || !c->isConnected()) {
            complete = false;
            break;
        }
    m_refresh.start(complete ? kRefreshMs : kFastRefreshMs);
    ensureSubscriber();
    if (!m_ready) {
        m_ready = true;
        spdlog::info("redis[{}]: cluster of {} masters", qs(m_name), m_masters.size());
        emit connected();
    }
}

void RedisClusterClient::commandResp(const QByteArray &request, QObject *context, RedisCallback cb)
{
    QPointer<QObject> ctx(context);
    RedisCallback deliver = [ctx, cb = std::move(cb)](const RedisReply &r) {
        if (ctx && cb)
            cb(r);
    };
    const std::vector<QByteArrayView> args = parseRespCommand(request);
    if (args.empty() || !m_ready) {
        const RedisReply err = RedisReply::error(args.empty() ? "ERR malformed command" : "ERR redis unavailable");
        QMetaObject::invokeMethod(this, [deliver, err] { deliver(err); }, Qt::QueuedConnection);
        return;
    }
    const QByteArray cmd = upper(args[0]);
    if (cmd == "EVAL" || cmd == "EVALSHA") {
        const int numKeys = args.size() > 2 ? args[2].toByteArray().toInt() : 0;
        send(numKeys > 0 && args.size() > 3 ? redisKeySlot(args[3]) : -1, request, 0, deliver);
    } else if ((cmd == "MGET" || cmd == "DEL" || cmd == "UNLINK" || cmd == "EXISTS" || cmd == "TOUCH") && args.size() > 2) {
        splitMultiKey(args, deliver);
    } else if (cmd == "DBSIZE" || cmd == "FLUSHDB" || cmd == "FLUSHALL") {
        fanOut(request, cmd == "DBSIZE", deliver);
    } else if (cmd == "SCAN") {
        scan(args, deliver);
    } else if (cmd == "PING" || cmd == "INFO" || cmd == "PUBLISH" || cmd == "CLUSTER" || cmd == "SCRIPT" || args.size() < 2) {
        send(-1, request, 0, deliver);
    } else {
        send(redisKeySlot(args[1]), request, 0, deliver);
    }
}

void RedisClusterClient::send(int slot, const QByteArray &request, int redirects, RedisCallback cb)
{
    RedisClient *target = slot >= 0 ? m_slotOwner[size_t(slot)] : anyConnectedNode();
    if (!target) {
        nodeLost();
        QMetaObject::invokeMethod(this, [cb] { cb(RedisReply::error("ERR redis unavailable (no node serves the slot)")); },
                                  Qt::QueuedConnection);
        return;
    }
    sendTo(target, slot, request, false, redirects, std::move(cb));
}

void RedisClusterClient::sendTo(RedisClient *target, int slot, const QByteArray &request, bool asking, int redirects, RedisCallback cb)
{
    if (asking)
        target->command({"ASKING"}, this, {});
    target->commandResp(request, this, [this, slot, request, redirects, cb](const RedisReply &r) {
        if (r.isError() && redirects < kMaxRedirects && (r.str.startsWith("MOVED ") || r.str.startsWith("ASK "))) {
            // "MOVED 3999 127.0.0.1:7102": the slot lives there now (ASK: only for this command, during a migration).
            const QList<QByteArray> parts = r.str.split(' ');
            const bool moved = parts.value(0) == "MOVED";
            RedisClient *to = node(parts.value(2));
            const int s = parts.value(1).toInt();
            if (moved && s >= 0 && s < kRedisClusterSlots) {
                m_slotOwner[size_t(s)] = to;
                nodeLost(); // read the whole map again
            }
            sendTo(to, slot, request, !moved, redirects + 1, cb);
            return;
        }
        if (r.isError() && redirects < kMaxRedirects && r.str.startsWith("TRYAGAIN")) {
            QTimer::singleShot(50, this, [this, slot, request, redirects, cb] { send(slot, request, redirects + 1, cb); });
            return;
        }
        if (isConnectionError(r) || (r.isError() && r.str.startsWith("CLUSTERDOWN")))
            nodeLost();
        cb(r);
    });
}

void RedisClusterClient::splitMultiKey(const std::vector<QByteArrayView> &args, RedisCallback cb)
{
    const QByteArray cmd = upper(args[0]);
    QHash<int, QList<int>> bySlot; // slot → argument indexes (1-based key positions)
    QList<int> order;
    for (size_t i = 1; i < args.size(); ++i) {
        const int s = redisKeySlot(args[i]);
        if (!bySlot.contains(s))
            order << s;
        bySlot[s] << int(i);
    }
    if (order.size() == 1) {
        send(order.first(), formatRedisCommand(owned(args)), 0, std::move(cb));
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
        send(s, formatRedisCommand(part), 0, [merge, positions, cb](const RedisReply &r) {
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
    for (const QByteArray &m : std::as_const(m_masters)) {
        sendTo(node(m), -1, request, false, kMaxRedirects, [merge, cb](const RedisReply &r) {
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
    sendTo(node(masters[index]), -1, formatRedisCommand(request), false, kMaxRedirects, [index, masters, cb](const RedisReply &r) {
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

void RedisClusterClient::commandOn(const QByteArray &addr, const QByteArray &resp, QObject *context, RedisCallback cb)
{
    RedisClient *c = m_nodes.value(addr);
    if (!c) {
        QPointer<QObject> ctx(context);
        QMetaObject::invokeMethod(this, [ctx, cb] { if (ctx && cb) cb(RedisReply::error("ERR unknown node")); }, Qt::QueuedConnection);
        return;
    }
    c->commandResp(resp, context, std::move(cb));
}

void RedisClusterClient::subscribe(const QByteArray &channel)
{
    if (!m_channels.contains(channel))
        m_channels << channel;
    if (m_subscriber)
        m_subscriber->subscribe(channel);
    else
        ensureSubscriber();
}

void RedisClusterClient::ensureSubscriber()
{
    // PUBLISH reaches the subscribers of every node (non-sharded pub/sub), so one connection to any live master
    // hears everything; it moves when that node goes away.
    if (m_channels.isEmpty())
        return;
    if (m_subscriber && (m_subscriber->isConnected() || m_masters.contains(m_subscriberAddr)))
        return;
    QByteArray addr;
    for (const QByteArray &m : std::as_const(m_masters))
        if (RedisClient *c = m_nodes.value(m); c && c->isConnected()) {
            addr = m;
            break;
        }
    if (addr.isEmpty())
        return;
    if (m_subscriber)
        m_subscriber->deleteLater();
    const qsizetype colon = addr.lastIndexOf(':');
    RedisTarget t;
    t.host = QString::fromUtf8(addr.left(colon));
    t.port = addr.mid(colon + 1).toInt();
    t.password = m_target.password;
    m_subscriber = new RedisClient(t, m_name + QStringLiteral("-sub@") + QString::fromUtf8(addr), this);
    m_subscriberAddr = addr;
    for (const QByteArray &ch : std::as_const(m_channels))
        m_subscriber->subscribe(ch);
    connect(m_subscriber, &RedisClient::messageReceived, this, &RedisClient::messageReceived);
    // Messages published while it was away were missed: listeners treat a (re)connect as "forget everything".
    connect(m_subscriber, &RedisClient::connected, this, &RedisClient::connected);
    connect(m_subscriber, &RedisClient::disconnected, this, [this] { nodeLost(); });
    m_subscriber->start();
}

} // namespace crosslogic
