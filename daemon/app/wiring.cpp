// Builds every subsystem with what it uses, and registers the routes of each; nothing else in the daemon
// includes app/ (tests/unit/test_layers checks it).
#include "app/daemon.h"

#include "config/configslot.h"
#include "admin/adminauth.h"
#include "alerts/alertengine.h"
#include "alerts/alertfeed.h"
#include "alerts/alertroutes.h"
#include "app/iothread.h"
#include "admin/admintokenroutes.h"
#include "admin/customerroutes.h"
#include "admin/tokenrevocationlistener.h"
#include "billing/billing.h"
#include "billing/spendreconciler.h"
#include "billing/thresholdwatcher.h"
#include "billing/stripeexporter.h"
#include "billing/usagebatchwriter.h"
#include "billing/webhookprocessor.h"
#include "core/log.h"
#include "fleet/fleetroutes.h"
#include "fleet/loadbalancer.h"
#include "fleet/nodelauncher.h"
#include "fleet/nodereconciler.h"
#include "base/authfailurebudget.h"
#include "base/joblease.h"
#include "gateway/corspolicy.h"
#include "gateway/authenticator.h"
#include "gateway/gatewayroutes.h"
#include "metrics/servicemetrics.h"
#include "ops/auditroutes.h"
#include "ops/dbdiagnosticroutes.h"
#include "ops/dbremediationroutes.h"
#include "ops/healthcheckroutes.h"
#include "ops/healthroutes.h"
#include "ops/metricsroutes.h"
#include "ops/redisopsroutes.h"
#include "ratelimit/localwindow.h"
#include "ratelimit/ratelimiter.h"
#include "ratelimit/ratelimitroutes.h"
#include "store/dbpool.h"
#include "store/migrator.h"
#include "store/redisclusterclient.h"
#include "store/redisslot.h"
#include "upstream/upstreamclient.h"

#include <QCoreApplication>
#include <QSslCertificate>

namespace crosslogic {
namespace {

// A singleton job's lease (base/joblease.h), counting its passes in singleton_job_passes_total{job}.
JobLease jobLease(const Config &cfg, ServiceMetrics &metrics, const QByteArray &job)
{
    CounterFamily &passes = metrics.registry().counter(
        "singleton_job_passes_total", "Passes of a singleton background job this replica ran while holding the job's lease.", {"job"});
    return JobLease{QString::fromLatin1(job), replicaIdentity(cfg.replicaId), &passes.labels({job})};
}

} // namespace

Result<void> Daemon::buildSubsystems()
{
    const Config &cfg = *m_config;
    m_db = new DbPool(cfg.database, cfg.dbMaxConnections);
    if (cfg.migrateOnStart) {
        auto migrated = m_db->runBlocking([](QSqlDatabase &db) -> Result<Json> {
            auto r = Migrator::apply(db);
            if (!r)
                return r.failure();
            return Json(r->size());
        });
        if (!migrated)
            return fail(QStringLiteral("migrations failed: ") + migrated.error());
    }
    setRedisClusterKeyLayout(cfg.redis.cluster); // before any key is built (store/redisslot.h)
    m_redis = createRedisClient(cfg.redis, QStringLiteral("main"));
    m_redis->countErrorsIn(&m_metrics->redisErrors.get());
    m_redis->start();

    m_subscriber = createRedisClient(cfg.redis, QStringLiteral("pubsub"), this);
    m_subscriber->start();
    m_adminAuth = new AdminAuth(m_config, m_db, this);
    m_authenticator = new Authenticator(m_db, m_redis, m_subscriber, this);
    m_authBudget = std::make_unique<AuthFailureBudget>(cfg.authFailureBudgetPerMinute);
    m_authBudget->onRefusal = [counter = &m_metrics->authBudgetRefusals.get()] { counter->inc(); };
    m_authenticator->setFailureBudget(m_authBudget.get());
    m_adminAuth->setFailureBudget(m_authBudget.get());
    RateLimitDefaults rateLimits;
    rateLimits.key = LevelLimits{cfg.defaultRequestsPerMin, cfg.defaultTokensPerMin, cfg.defaultConcurrency};
    rateLimits.failOpen = cfg.rateLimitFailOpen;
    rateLimits.batch = cfg.rateLimitBatch;
    rateLimits.batchHoldMs = cfg.rateLimitBatchHoldMs;
    rateLimits.redisCalls = &m_metrics->ratelimitRedisCalls;
    rateLimits.spendClockOffsetMs = cfg.spendClockOffsetSeconds * 1000;
    m_localWindow = std::make_shared<LocalWindow>();
    m_limiter = new RateLimiter(m_redis, rateLimits, m_localWindow, this);

    m_upstream = new UpstreamClient(this);
    m_balancer = new LoadBalancer(m_config, m_db, m_metrics.get(), 1000, this);
    m_launcher = new NodeLauncher(m_config, m_db, this);
    (new NodeReconciler(m_config, m_db, jobLease(cfg, *m_metrics, "node_reconciler"), this))->start();
    m_usageWriter = new UsageBatchWriter(cfg, m_metrics, this);
    m_billingEvents = new WebhookProcessor(m_config, m_db, m_metrics.get(), m_authenticator, jobLease(cfg, *m_metrics, "webhook_retries"), this);

    m_adminAuth->countFailuresIn(&m_metrics->adminAuthFailures.get());
    m_db->setSlowJobMs(cfg.dbSlowQueryMs);
    m_db->countSlowJobsIn(&m_metrics->dbSlowQueries.get());
    m_db->countJobsIn(&m_metrics->dbJobs.get());
    buildAlerts();

    m_gateway = std::make_unique<GatewayShared>(GatewayShared{m_config, m_metrics.get(), m_authenticator, m_balancer, m_usageWriter,
                                                              new CorsPolicy(m_db, 1000, this)});
    m_mainLane = std::make_unique<GatewayLane>(GatewayLane{*m_gateway, m_redis, m_upstream, m_limiter, 0});
    return {};
}

void Daemon::buildAlerts()
{
    const Config &cfg = *m_config;
    AlertEngine::Identity identity;
    identity.replicaId = replicaIdentity(cfg.replicaId);
    identity.version = QCoreApplication::applicationVersion();
    identity.schemaVersion = Migrator::embedded().isEmpty() ? 0 : Migrator::embedded().last().version;
    // The certificate's notAfter, read once (a new certificate needs a restart, as the server's TLS setup does).
    qint64 tlsNotAfter = 0;
    if (!cfg.tlsCertPath.isEmpty()) {
        const auto certs = QSslCertificate::fromPath(cfg.tlsCertPath);
        if (!certs.isEmpty()) {
            tlsNotAfter = certs.first().expiryDate().toSecsSinceEpoch();
            m_metrics->tlsCertificateExpiry.get().set(double(tlsNotAfter));
        }
    }
    // What this replica alone knows; the engine publishes it for the evaluating replica (alerts/alertchecks.cpp).
    auto localSignals = [this, tlsNotAfter]() -> Json {
        Json s;
        s["redis_connected"] = m_redis->isConnected();
        Json breakers = Json::array();
        for (const NodeCounters &n : m_balancer->snapshot())
            if (QByteArrayView(n.breaker) == "open")
                breakers.push_back(n.id.toStdString());
        s["open_breakers"] = breakers;
        s["db"] = {{"size", m_db->size()}, {"busy", m_db->busy()}, {"queued", m_db->queued()}, {"max_wait_ms", std::max(m_db->takeMaxWaitMs(), m_db->oldestQueuedMs())}};
        const UsageBatchWriter::State spool = m_usageWriter->state();
        s["spool"] = {{"records", spool.pendingRecords}, {"bytes", spool.pendingBytes}, {"lag_seconds", spool.lagSeconds},
                      {"full", spool.full}, {"last_error", spool.lastError.toStdString()}};
        if (tlsNotAfter > 0)
            s["tls_not_after"] = tlsNotAfter;
        Json drift = Json::object();
        m_metrics->spendReconcileDrift.forEach([&](const QList<QByteArray> &labels, const Gauge &g) {
            if (!labels.isEmpty() && g.value() > 0)
                drift[labels.first().toStdString()] = qint64(g.value());
        });
        s["spend_drift_micros"] = drift;
        quint64 fallback = m_limiter->fallbackAdmissions();
        for (const auto &thread : m_ioThreads)
            fallback += thread->fallbackAdmissions();
        double registrations = 0;
        m_metrics->nodeRegistrationFailures.forEach([&](const QList<QByteArray> &, const Counter &c) { registrations += c.value(); });
        s["totals"] = {{"fallback_admissions", double(fallback)},
                       {"redis_errors", m_metrics->redisErrors.get().value()},
                       {"admin_auth_failures", m_metrics->adminAuthFailures.get().value()},
                       {"registration_failures", registrations},
                       {"slow_queries", double(m_db->slowJobs())}};
        return s;
    };
    m_alertsDb = new DbPool(cfg.database, 2, this);
    m_alerts = new AlertEngine(identity, m_config, m_alertsDb, m_redis, m_metrics.get(), m_upstream, localSignals, this);
    Counter *evaluations = jobLease(cfg, *m_metrics, "alert_evaluation").passes;
    connect(m_alerts, &AlertEngine::evaluated, this, [evaluations](int) { evaluations->inc(); });
    m_alertFeed = new AlertFeed(m_alertsDb, this);
}

void Daemon::registerRoutes()
{
    const AdminRoutes admin{m_db, m_adminAuth};
    registerHealthRoutes(m_router, HealthRouteDeps{m_db, m_redis, &m_lifecycle});
    registerGatewayRoutes(m_router, *m_mainLane);
    registerTenantRoutes(m_router, CustomerRouteDeps{admin, m_authenticator});
    registerApiKeyRoutes(m_router, CustomerRouteDeps{admin, m_authenticator});
    registerRateLimitRoutes(m_router, RateLimitRouteDeps{admin, m_config, m_redis});
    const FleetRouteDeps fleet{admin, m_config, &m_metrics->nodeRegistrationFailures};
    registerNodeAgentRoutes(m_router, fleet); // literal /admin/nodes/register before /admin/nodes/{id}
    registerNodeAdminRoutes(m_router, fleet, m_balancer, m_launcher);

    registerMetricsRoutes(m_router, MetricsRouteDeps{m_db, m_metrics});
    registerAdminTokenRoutes(m_router, AdminTokenRouteDeps{admin, m_redis, m_adminAuth});
    registerAuditRoutes(m_router, admin);
    registerDbDiagnosticRoutes(m_router, admin);
    registerDbRemediationRoutes(m_router, admin);
    registerRedisOpsRoutes(m_router, RedisOpsRouteDeps{admin, m_redis, m_metrics.get()});
    registerHealthCheckRoutes(m_router, HealthCheckRouteDeps{admin, m_config, m_redis, &m_lifecycle});
    new TokenRevocationListener(m_config->redis, m_adminAuth, this);
    registerBillingRoutes(m_router, BillingRouteDeps{admin, m_config, m_authenticator, m_billingEvents});
    AlertRouteDeps alerts;
    alerts.db = m_alertsDb;
    alerts.gate = m_adminAuth;
    alerts.feed = m_alertFeed;
    alerts.engine = m_alerts;
    registerAlertRoutes(m_router, alerts);
}

void Daemon::startBillingWorkers()
{
    if (m_alerts)
        m_alerts->start();
    m_billingEvents->start(1000);
    // Replicas on another spend clock (SPEND_CLOCK_OFFSET_SECONDS) reconcile other periods: a job of their own.
    const qint64 spendOffset = m_config->spendClockOffsetSeconds;
    const QByteArray spendJob = spendOffset == 0 ? QByteArray("spend_reconciler") : QByteArray("spend_reconciler:offset:" + QByteArray::number(spendOffset));
    (new SpendReconciler(m_config, m_db, m_redis, m_metrics.get(), jobLease(*m_config, *m_metrics, spendJob), this))->start();
    const QByteArray thresholdJob = spendOffset == 0 ? QByteArray("budget_thresholds") : QByteArray("budget_thresholds:offset:" + QByteArray::number(spendOffset));
    (new ThresholdWatcher(m_config, m_db, m_upstream, jobLease(*m_config, *m_metrics, thresholdJob), this))->start();
    if (m_config->stripeSecretKey.isEmpty()) {
        spdlog::info("billing: STRIPE_SECRET_KEY is empty; usage is not exported to Stripe");
        return;
    }
    (new StripeExporter(m_config, m_db, m_metrics.get(), m_upstream, jobLease(*m_config, *m_metrics, "stripe_export"), this))->start();
}

} // namespace crosslogic
