// Redis Cluster behind the RedisClient interface: slot routing, MOVED/ASK, topology refresh (see the header).
#include "store/redisclusterclient.h"

#include "core/log.h"
#include "store/redisslot.h"

#include <QPointer>
#include <algorithm>
#include <memory>

namespace crosslogic {
namespace {

constexpr int kFastRefreshMs = 500; // while a slot has no reachable master (a failover under way)
constexpr int kMinRefreshGapMs = 200;

bool isConnectionError(const RedisReply &r)
{
    return r.isError() && (r.str.startsWith("ERR redis unavailable") || r.str.startsWith("ERR connection lost")
                           || r.str.startsWith("ERR redis command could not be queued"));
}

QByteArray upper(QByteArrayView v)
{
    return v.toByteArray().toUpper();
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
    // Every failed command calls this during a failover: at most one CLUSTER SLOTS per kMinRefreshGapMs.
    if (m_refreshing || (m_refresh.isActive() && m_refresh.remainingTime() <= kMinRefreshGapMs))
        return;
    const qint64 since = m_lastRefresh.isValid() ? m_lastRefresh.elapsed() : kMinRefreshGapMs;
    m_refresh.start(int(std::max<qint64>(0, kMinRefreshGapMs - since)));
}

void RedisClusterClient::refreshTopology()
{
    RedisClient *via = anyConnectedNode();
    if (!via || m_refreshing) {
        m_refresh.start(m_ready ? kFastRefreshMs : kRefreshMs);
        return;
    }
    m_refreshing = true;
    m_lastRefresh.start();
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
        if (m_name == QLatin1String("main"))
            warnIfFullCoverageRequired(0);
        emit connected();
    }
}

void RedisClusterClient::warnIfFullCoverageRequired(int attempt)
{
    // Redis's default: while one slot has no master every node answers CLUSTERDOWN, so one shard's failover refuses
    // every tenant (RATE_LIMIT_REDIS_FAILURE for all), not only that shard's. A node without CONFIG says nothing; one
    // not connected yet is asked again a little later.
    bool later = false;
    for (const QByteArray &addr : std::as_const(m_masters)) {
        RedisClient *c = m_nodes.value(addr);
        if (!c || m_coverageAsked.contains(addr))
            continue;
        if (!c->isConnected()) {
            later = true;
            continue;
        }
        m_coverageAsked.insert(addr);
        c->command({"CONFIG", "GET", "cluster-require-full-coverage"}, this, [this, addr](const RedisReply &r) {
            if (r.type == RedisReply::Type::Array && r.elements.size() == 2 && r.elements[1].str == "yes")
                spdlog::warn("redis[{}]: {} runs with cluster-require-full-coverage yes: while one shard fails over, every "
                             "node refuses commands and every tenant gets the Redis failure policy, not only that shard's; "
                             "set it to no (docs/operations.md, Redis Cluster)", qs(m_name), addr.constData());
        });
    }
    if (later && attempt < 20)
        QTimer::singleShot(250, this, [this, attempt] { warnIfFullCoverageRequired(attempt + 1); });
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
        send(numKeys > 0 && args.size() > 3 ? redisKeySlot(args[3]) : -1, request, {}, deliver);
    } else if ((cmd == "MGET" || cmd == "DEL" || cmd == "UNLINK" || cmd == "EXISTS" || cmd == "TOUCH") && args.size() > 2) {
        splitMultiKey(args, deliver);
    } else if (cmd == "DBSIZE" || cmd == "FLUSHDB" || cmd == "FLUSHALL") {
        fanOut(request, cmd == "DBSIZE", deliver);
    } else if (cmd == "SCAN") {
        scan(args, deliver);
    } else if (cmd == "PING" || cmd == "INFO" || cmd == "PUBLISH" || cmd == "CLUSTER" || cmd == "SCRIPT" || args.size() < 2) {
        send(-1, request, {}, deliver);
    } else {
        send(redisKeySlot(args[1]), request, {}, deliver);
    }
}

void RedisClusterClient::send(int slot, const QByteArray &request, Detour detour, RedisCallback cb)
{
    RedisClient *target = slot >= 0 ? m_slotOwner[size_t(slot)] : anyConnectedNode();
    if (!target) {
        nodeLost();
        QMetaObject::invokeMethod(this, [cb] { cb(RedisReply::error("ERR redis unavailable (no node serves the slot)")); },
                                  Qt::QueuedConnection);
        return;
    }
    sendTo(target, slot, request, false, detour, std::move(cb));
}

void RedisClusterClient::sendTo(RedisClient *target, int slot, const QByteArray &request, bool asking, Detour detour, RedisCallback cb)
{
    if (asking)
        target->command({"ASKING"}, this, {});
    target->commandResp(request, this, [this, slot, request, detour, cb](const RedisReply &r) {
        const bool redirected = r.isError() && (r.str.startsWith("MOVED ") || r.str.startsWith("ASK "));
        const bool tryAgain = r.isError() && r.str.startsWith("TRYAGAIN");
        const bool pause = tryAgain || (redirected && detour.hops >= kMaxHops);
        if ((redirected || tryAgain) && !(pause && detour.pauses >= kMaxPauses)) {
            Detour next = detour;
            next.hops = pause ? 0 : detour.hops + 1;
            next.pauses += pause ? 1 : 0;
            if (tryAgain) {
                // Some of the script's keys have moved and some not yet: ask again once the migration moved on.
                QTimer::singleShot(50, this, [this, slot, request, next, cb] { send(slot, request, next, cb); });
                return;
            }
            // "MOVED 3999 127.0.0.1:7102": the slot lives there now (ASK: only for this command, during a migration).
            const QList<QByteArray> parts = r.str.split(' ');
            const bool moved = parts.value(0) == "MOVED";
            RedisClient *to = node(parts.value(2));
            const int s = parts.value(1).toInt();
            if (moved && s >= 0 && s < kRedisClusterSlots) {
                m_slotOwner[size_t(s)] = to;
                nodeLost(); // read the whole map again
            }
            if (!pause) {
                sendTo(to, slot, request, !moved, next, cb);
                return;
            }
            // Sent back and forth: the nodes do not agree yet (a slot being handed over); follow after a moment.
            QPointer<RedisClient> later(to);
            QTimer::singleShot(25, this, [this, later, slot, request, moved, next, cb] {
                if (later)
                    sendTo(later, slot, request, !moved, next, cb);
                else
                    send(slot, request, next, cb);
            });
            return;
        }
        if (isConnectionError(r) || (r.isError() && r.str.startsWith("CLUSTERDOWN")))
            nodeLost();
        cb(r);
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
