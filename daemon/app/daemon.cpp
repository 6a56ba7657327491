// crosslogicd serve: starts the HTTP server and the I/O threads over what app/wiring.cpp built; drains on SIGTERM,
// reloads on SIGHUP.
#include "app/daemon.h"

#include "base/authfailurebudget.h"

#include "config/configslot.h"
#include "app/iothread.h"
#include "app/mainthreadrelay.h"
#include "core/signalwatcher.h"
#include "billing/usagebatchwriter.h"
#include "core/log.h"
#include "gateway/corspolicy.h"
#include "http/contentcoding.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "http/httptimeoutcounts.h"
#include "metrics/servicemetrics.h"
#include "ops/metricsroutes.h"
#include "ratelimit/ratelimiter.h"
#include "store/dbpool.h"
#include "store/redisclient.h"
#include "store/redisslot.h"
#include "base/spendperiod.h"

#include <QElapsedTimer>
#include <algorithm>
#include <QFileInfo>
#include <QSqlQuery>

namespace crosslogic {

Result<std::shared_ptr<const Config>> loadConfig(const QString &envFile, bool envFileExplicit)
{
    EnvMap env = processEnvironment();
    if (!envFile.isEmpty() && (envFileExplicit || QFileInfo::exists(envFile))) {
        auto file = readEnvFile(envFile);
        if (!file)
            return file.failure();
        // A variable left empty in the file (as in the packaged template) does not erase one from the environment.
        for (auto it = file->cbegin(); it != file->cend(); ++it)
            if (!it.value().trimmed().isEmpty())
                env.insert(it.key(), it.value());
    }
    auto config = Config::fromEnvironment(env);
    if (!config)
        return config.failure();
    return std::make_shared<const Config>(*config);
}

Daemon::Daemon(std::shared_ptr<const Config> config, QString envFile, QObject *parent)
    : QObject(parent), m_envFile(std::move(envFile)), m_metrics(std::make_shared<ServiceMetrics>())
{
    m_config = std::move(config);
    m_graceTimer.setSingleShot(true);
}

Daemon::~Daemon()
{
    // The main thread's connections, then the I/O threads (their connections close and bill what they
    // delivered), then what the I/O threads relayed here, then the shared stores.
    m_server.reset();
    stopIoThreads();
    delete m_redis;
    delete m_db;
}

quint16 Daemon::port() const
{
    return m_server ? m_server->port() : 0;
}

Result<void> Daemon::start()
{
    const Config &cfg = *m_config;
    if (auto built = buildSubsystems(); !built)
        return built;
    registerRoutes();
    if (m_routesOnly)
        return {};
    if (auto spooled = m_usageWriter->start(); !spooled)
        return fail(QStringLiteral("usage spool: ") + spooled.error());
    startBillingWorkers();
    connect(this, &Daemon::stopped, m_usageWriter, &UsageBatchWriter::flushNow);

    HttpLimits limits;
    limits.maxBodyBytes = cfg.maxBodyBytes;
    limits.headerTimeoutMs = cfg.httpHeaderTimeoutMs;
    limits.bodyTimeoutMs = cfg.httpBodyTimeoutMs;
    limits.minBodyBytesPerSecond = cfg.httpBodyMinRate;
    limits.idleTimeoutMs = cfg.httpIdleTimeoutMs;
    limits.writeTimeoutMs = cfg.httpWriteTimeoutMs;
    limits.maxPendingStreamBytes = cfg.httpMaxPendingStreamBytes;
    limits.maxConnectionsPerAddress = cfg.httpMaxConnectionsPerAddress;
    // A gzip body is decoded before routing (415/400/413 when it cannot be), counted like any answer.
    const qint64 maxBody = limits.maxBodyBytes;
    HttpHandler counted = countRequests(m_metrics, [this, maxBody](HttpExchange *ex) {
        if (decodeBodyOrAnswer(ex, maxBody))
            m_router.dispatch(ex);
    });
    Counter *mainRequests = &m_metrics->ioThreadRequests.labels({"0"});
    m_server = std::make_unique<HttpServer>(limits, [this, counted, mainRequests](HttpExchange *ex) {
        mainRequests->inc();
        if (m_gateway->cors)
            m_gateway->cors->onArrival(ex); // before anything can answer: errors carry the CORS headers too
        counted(ex);
    });
    m_relay = new MainThreadRelay(limits, counted, this);
    startIoThreads(limits, m_limiter->defaults());
    m_metrics->registry().onScrape([this] { m_metrics->inflightRequests.get().set(m_server ? m_server->busyConnectionCount() : 0); });
    CounterFamily &timeouts = m_metrics->registry().counter(
        "http_request_timeouts_total",
        "Requests answered 408 and closed because their head (HTTP_HEADER_TIMEOUT_MS) or body (HTTP_BODY_TIMEOUT_MS, "
        "HTTP_BODY_MIN_RATE) missed its deadline (slow clients).", {"phase"});
    m_metrics->registry().onScrape([head = &timeouts.labels({"head"}), body = &timeouts.labels({"body"})] {
        head->inc(double(HttpTimeoutCounts::head.load(std::memory_order_relaxed)) - head->value());
        body->inc(double(HttpTimeoutCounts::body.load(std::memory_order_relaxed)) - body->value());
    });
    CounterFamily &refusedConnections = m_metrics->registry().counter(
        "http_connections_refused_total",
        "Connections closed on arrival because their client address already held HTTP_MAX_CONNECTIONS_PER_ADDRESS.");
    m_metrics->registry().onScrape([refused = &refusedConnections.get()] {
        refused->inc(double(AddressQuota::refused.load(std::memory_order_relaxed)) - refused->value());
    });
    const QHostAddress address = cfg.serverHost == QLatin1String("0.0.0.0") ? QHostAddress(QHostAddress::AnyIPv4)
                                                                             : QHostAddress(cfg.serverHost);
    if (address.isNull())
        return fail(QStringLiteral("SERVER_HOST '%1' is not an IP address").arg(cfg.serverHost));
    if (!cfg.tlsCertPath.isEmpty()) {
        if (auto r = m_server->enableTls(cfg.tlsCertPath, cfg.tlsKeyPath); !r)
            return r;
    }
    if (auto r = m_server->listen(address, quint16(cfg.serverPort)); !r)
        return r;
    spdlog::info("crosslogicd listening on {}:{} ({}, {} I/O threads)", qs(cfg.serverHost), m_server->port(),
                 m_server->isTls() ? "https" : "http", m_ioThreads.size() + 1);

    m_signals = new SignalWatcher(SignalWatcher::Hangup::Reload, this);
    connect(m_signals, &SignalWatcher::terminateRequested, this, [this](int sig) {
        if (m_lifecycle.draining) {
            spdlog::warn("second signal {}: closing remaining connections now", sig);
            m_server->closeAll();
            emit stopped(0);
            return;
        }
        spdlog::info("signal {}: draining", sig);
        beginDrain();
    });
    connect(m_signals, &SignalWatcher::reloadRequested, this, &Daemon::reloadConfig);

    connect(&m_readinessProbe, &QTimer::timeout, this, &Daemon::checkDependencies);
    m_startClock.start();
    m_readinessProbe.start(100);
    checkDependencies();
    return {};
}

void Daemon::startIoThreads(const HttpLimits &limits, const RateLimitDefaults &rateLimits)
{
    const int threads = m_config->ioThreadCount();
    m_metrics->ioThreads.get().set(threads);
    for (int i = 1; i < threads; ++i) {
        auto thread = std::make_unique<IoThread>(i, *m_gateway, m_metrics, IoThread::Setup{limits, rateLimits, m_localWindow, m_relay});
        thread->start();
        m_server->addLane(thread->server());
        m_ioThreads.push_back(std::move(thread));
    }
}

void Daemon::stopIoThreads()
{
    for (auto &thread : m_ioThreads)
        thread->stop();
    // Nothing is relayed any more; what the threads relayed and is still open here goes (before the stores).
    delete m_relay;
    m_relay = nullptr;
    m_ioThreads.clear();
}

void Daemon::checkDependencies()
{
    if (!m_dbSeen) {
        m_db->run(this, [](QSqlDatabase &db) -> Result<Json> {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("SELECT 1 FROM schema_migrations LIMIT 1")))
                return fail(sqlError(q));
            return Json(true);
        }, [this](Result<Json> r) {
            if (r.ok() && !m_dbSeen) {
                m_dbSeen = true;
                spdlog::info("database reachable and migrated");
            } else if (!r.ok()) {
                spdlog::warn("not ready: database: {}", qs(r.error()));
            }
        });
    }
    m_redisSeen = m_redisSeen
                  || (m_redis->isConnected()
                      && std::all_of(m_ioThreads.cbegin(), m_ioThreads.cend(), [](const auto &t) { return t->redisSeen(); }));
    if (m_dbSeen && m_redisSeen && !m_spendSeen)
        checkSpendCounters();
    if (m_dbSeen && m_redisSeen && m_spendSeen && !m_lifecycle.ready) {
        m_lifecycle.ready = true;
        m_readinessProbe.stop();
        spdlog::info("ready");
    }
}

void Daemon::checkSpendCounters()
{
    // Keys with a spend cap are refused (503, "being rebuilt") until the spend counters are rebuilt from PostgreSQL
    // on a fresh or emptied Redis (spend:ready, billing/spendreconciler.h; the lease holder does it at once). Ready
    // waits for that, but only 2 s: the lease may be held by a replica that is gone (until it lapses, 15 s), and
    // everything else must not wait for it; capped keys then get the 503 that says why.
    if (redisClusterKeyLayout()) { // one ready key per tenant there: nothing global to wait for
        m_spendSeen = true;
        return;
    }
    if (m_startClock.elapsed() > 2000) {
        spdlog::warn("spend counters not rebuilt yet ({} missing): keys with a spend cap are refused with 503 until they are",
                     spendReadyKey(m_config->spendClockOffsetSeconds * 1000).constData());
        m_spendSeen = true;
        return;
    }
    if (m_spendAsked || !m_redis->isConnected())
        return;
    m_spendAsked = true;
    m_redis->command({"EXISTS", spendReadyKey(m_config->spendClockOffsetSeconds * 1000)}, this, [this](const RedisReply &r) {
        m_spendAsked = false;
        if (!r.isError() && r.integer == 1 && !m_spendSeen) {
            m_spendSeen = true;
            checkDependencies();
        }
    });
}

void Daemon::beginDrain()
{
    m_lifecycle.draining = true;
    m_readinessProbe.stop();
    connect(m_server.get(), &HttpServer::allConnectionsClosed, this, [this] {
        spdlog::info("drained: all connections closed");
        m_graceTimer.stop();
        finishUsage();
    }, Qt::SingleShotConnection);
    connect(&m_graceTimer, &QTimer::timeout, this, [this] {
        // Streams still open are cut; each records the tokens it delivered, then finishUsage() runs.
        spdlog::warn("grace period over with {} busy connections: closing them", m_server->busyConnectionCount());
        m_server->closeAll();
    }, Qt::SingleShotConnection);
    m_graceTimer.start(m_config->shutdownGraceSeconds * 1000);
    m_server->stopAccepting();
}

void Daemon::finishUsage()
{
    // A replaced pod may never come back to its spool: move what is spooled into PostgreSQL before exiting,
    // within a bound; whatever is left stays in the spool, fsynced, for the next start.
    m_usageWriter->flushNow();
    auto *poll = new QTimer(this);
    auto waited = std::make_shared<QElapsedTimer>();
    waited->start();
    connect(poll, &QTimer::timeout, this, [this, poll, waited] {
        const qint64 pending = m_usageWriter->spool() ? m_usageWriter->spool()->pendingRecords() : 0;
        if (pending > 0 && waited->elapsed() < 10000)
            return;
        poll->stop();
        if (pending > 0)
            spdlog::warn("exiting with {} usage events still in the spool (PostgreSQL unreachable); they are replayed on the next start", pending);
        emit stopped(0);
    });
    poll->start(20);
}

void Daemon::reloadConfig()
{
    auto reloaded = loadConfig(m_envFile, false);
    if (!reloaded) {
        spdlog::error("SIGHUP: configuration not reloaded: {}", qs(reloaded.error()));
        return;
    }
    const Config &old = *m_config;
    const Config &now = **reloaded;
    if (now.databaseUrl != old.databaseUrl || now.redisUrl != old.redisUrl || now.serverPort != old.serverPort
        || now.serverHost != old.serverHost || now.dbMaxConnections != old.dbMaxConnections
        || now.ioThreadCount() != old.ioThreadCount())
        spdlog::warn("SIGHUP: DATABASE_URL, REDIS_URL, SERVER_HOST, SERVER_PORT, DB_MAX_CONNECTIONS and GATEWAY_IO_THREADS need a "
                     "restart; other settings applied");
    if (now.adminApiToken != old.adminApiToken)
        spdlog::info("SIGHUP: ADMIN_API_TOKEN changed");
    spdlog::set_level(spdlog::level::from_str(now.logLevel.toStdString()));
    m_config = *reloaded;
    spdlog::info("SIGHUP: configuration reloaded");
}

} // namespace crosslogic
