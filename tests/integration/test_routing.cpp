// Routing through the gateway on a skewed fleet: real crosslogicd, simulated engines as node rows; each strategy's
// distribution as the engines count it, retry on a dead node, and the circuit breaker opening and closing.
#include "prometheus/prometheustext.h"
#include "support/agentprocess.h"
#include "support/testenv.h"
#include "support/teststack.h"

#include <QMutex>
#include <QTcpSocket>
#include <QThread>
#include <QtTest>
#include <memory>
#include <nlohmann/json.hpp>

using namespace crosslogic::test;
using Json = nlohmann::json;

namespace {
const QByteArray kNodeToken = "routing-node-token-0123456789";
const QString kModel = QStringLiteral("route-model");

QByteArray chat(const QString &model)
{
    return "{\"model\":\"" + model.toUtf8() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":3}";
}

qint64 requestsSeen(const EngineProcess &engine)
{
    const QByteArray stats = engine.stats();
    const Json j = Json::parse(stats.constBegin(), stats.constEnd(), nullptr, false);
    return j.is_object() ? j.value("requests_total", qint64(-1)) : -1;
}

struct Outcome
{
    int ok = 0;
    QStringList failures; // status and body of every request that did not get 200
};

// clients threads, each sending perClient chat completions one after another.
Outcome sendChats(quint16 port, const QByteArray &key, const QString &model, int clients, int perClient)
{
    Outcome out;
    QMutex lock;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back(QThread::create([&] {
            for (int i = 0; i < perClient; ++i) {
                const HttpResult r = RawHttp::post(port, "/v1/chat/completions", chat(model), bearer(key));
                QMutexLocker l(&lock);
                if (r.status == 200)
                    ++out.ok;
                else
                    out.failures << QStringLiteral("%1 %2").arg(r.status).arg(QString::fromUtf8(r.body.left(200)));
            }
        }));
        threads.back()->start();
    }
    for (auto &t : threads)
        t->wait();
    return out;
}

// This replica's routing view of one node (GET /admin/nodes/{id} → routing), or null.
Json routingOf(quint16 port, const QString &nodeId)
{
    const HttpResult r = AdminApi(port).call("GET", "/admin/nodes/" + nodeId.toLatin1());
    const Json j = Json::parse(r.body.constBegin(), r.body.constEnd(), nullptr, false);
    return j.is_object() && j.contains("routing") ? j["routing"] : Json();
}

QString routingField(quint16 port, const QString &nodeId, const char *field)
{
    const Json r = routingOf(port, nodeId);
    if (!r.is_object() || !r.contains(field))
        return {};
    return r[field].is_string() ? QString::fromStdString(r[field].get<std::string>()) : QString::fromStdString(r[field].dump());
}

} // namespace

class TestRouting : public QObject
{
    Q_OBJECT

    TestStack m_stack; // its first daemon is the agent's control plane; lives for the whole test
    // The skewed fleet for kModel.
    EngineProcess *m_fast1 = nullptr, *m_fast2 = nullptr, *m_slow = nullptr, *m_failing = nullptr;
    QHash<QString, QString> m_ids; // name → node id

    QHash<QString, qint64> engineCounts()
    {
        return {{QStringLiteral("fast1"), requestsSeen(*m_fast1)}, {QStringLiteral("fast2"), requestsSeen(*m_fast2)},
                {QStringLiteral("slow"), requestsSeen(*m_slow)}, {QStringLiteral("failing"), requestsSeen(*m_failing)}};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        m_stack.setDaemonEnv({{"NODE_REGISTRATION_TOKEN", kNodeToken},
                              {"NODE_STALE_SECONDS", "600"}, // the inserted rows never heartbeat
                              {"RATE_LIMIT_DEFAULT_CONCURRENCY", "0"},
                              {"RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN", "0"}});
        // fast1 runs two requests at a time and queues the rest: its queue is what least_loaded must see.
        QVERIFY((m_fast1 = m_stack.startEngine(kModel, "--ttft-ms 10 --max-concurrency 2")) != nullptr);
        QVERIFY((m_fast2 = m_stack.startEngine(kModel, "--ttft-ms 10")) != nullptr);
        QVERIFY((m_slow = m_stack.startEngine(kModel, "--ttft-ms 400")) != nullptr);
        QVERIFY((m_failing = m_stack.startEngine(kModel, "--error-rate 1.0")) != nullptr);
        for (auto [name, engine] : {std::pair{"fast1", m_fast1}, {"fast2", m_fast2}, {"slow", m_slow}, {"failing", m_failing}}) {
            const QString id = insertNode(m_stack.db(), kModel, engine->url(), QStringLiteral("active"), QString::fromLatin1(name));
            QVERIFY(!id.isEmpty());
            m_ids.insert(QString::fromLatin1(name), id);
        }
        DaemonProcess &control = m_stack.addDaemon();
        QVERIFY2(control.start(), control.log().constData());
        // A real node agent in front of fast1 (its row, its engine): heartbeats carry the engine's running and
        // waiting requests, read from its /metrics.
        AgentProcess &agent = m_stack.addAgent(scratchDir() + QStringLiteral("/agent-fast1"), kNodeToken,
                                               {QStringLiteral("--engine-url"), QString::fromLatin1(m_fast1->url()), QStringLiteral("--node-id"),
                                                m_ids[QStringLiteral("fast1")], QStringLiteral("--model"), kModel, QStringLiteral("--cluster-name"),
                                                QStringLiteral("fast1")});
        QVERIFY(agent.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(m_stack.db().scalar(QStringLiteral("SELECT status_message FROM nodes WHERE id = '%1'").arg(m_ids[QStringLiteral("fast1")]))
                                      .toString(),
                                  QStringLiteral("re-registered"), 10000);
    }

    void strategyDistribution_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<bool>("perModel"); // set for kModel only (the global default says something else)
        QTest::newRow("round_robin") << QStringLiteral("round_robin") << false;
        QTest::newRow("least_latency") << QStringLiteral("least_latency") << true;
        QTest::newRow("health_weighted") << QStringLiteral("health_weighted") << false;
        QTest::newRow("least_loaded") << QStringLiteral("least_loaded") << true;
    }

    // A fresh replica per strategy (its counters, latency EWMAs and breakers start empty), switched at run time with
    // PUT /admin/routing as runbook §3.3 does, then 48 chat completions from 4 concurrent clients.
    void strategyDistribution()
    {
        QFETCH(QString, strategy);
        QFETCH(bool, perModel);
        auto daemon = m_stack.makeDaemon();
        QVERIFY2(daemon->start(), daemon->log().constData());
        const quint16 port = daemon->port();
        AdminApi admin(port);
        const TestKey key = admin.createKey();
        const QByteArray body = perModel ? QByteArray("{\"strategy\":\"round_robin\",\"per_model\":{\"" + kModel.toUtf8() + "\":\"" + strategy.toUtf8() + "\"}}")
                                         : QByteArray("{\"strategy\":\"" + strategy.toUtf8() + "\",\"per_model\":{\"" + kModel.toUtf8() + "\":null}}");
        const HttpResult put = admin.call("PUT", "/admin/routing", body);
        QCOMPARE(put.status, 200);
        const HttpResult shown = admin.call("GET", "/admin/routing");
        QCOMPARE(QByteArray(perModel ? shown.json(QByteArray("/per_model/" + kModel.toUtf8()).constData()) : shown.json("/strategy")), strategy.toUtf8());
        // The replica routes with it from its next refresh (at most a second).
        QTRY_COMPARE_WITH_TIMEOUT(routingField(port, m_ids[QStringLiteral("fast2")], "strategy"), strategy, 5000);

        std::vector<std::unique_ptr<QTcpSocket>> held;
        if (strategy == QLatin1String("least_loaded")) {
            // Work queued on fast1 by someone else (another replica, a batch job): 2 running, 4 waiting, long answers.
            for (int i = 0; i < 6; ++i) {
                auto s = std::make_unique<QTcpSocket>();
                s->connectToHost(QHostAddress::LocalHost, m_fast1->port());
                QVERIFY(s->waitForConnected(3000));
                s->write(RawHttp::build("POST", "/v1/chat/completions",
                                        "{\"model\":\"" + kModel.toUtf8() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":4000}",
                                        {{"Content-Type", "application/json"}}));
                s->flush();
                held.push_back(std::move(s));
            }
            // The agent's heartbeat reports the queue; this replica's next refresh routes on it.
            QTRY_VERIFY_WITH_TIMEOUT(routingField(port, m_ids[QStringLiteral("fast1")], "load").toDouble() >= 6, 8000);
        }

        const QHash<QString, qint64> before = engineCounts();
        const Outcome out = sendChats(port, key.key, kModel, 4, 12);
        const QHash<QString, qint64> after = engineCounts();
        QHash<QString, qint64> got;
        for (auto it = after.cbegin(); it != after.cend(); ++it)
            got[it.key()] = it.value() - before.value(it.key());
        qInfo("%s: 48 requests, %d answered 200; requests received by the engines: fast1 %lld, fast2 %lld, slow (ttft 400 ms) %lld,"
              " failing (error rate 1.0) %lld",
              qPrintable(strategy), out.ok, got[QStringLiteral("fast1")], got[QStringLiteral("fast2")], got[QStringLiteral("slow")],
              got[QStringLiteral("failing")]);
        // Every client request succeeds: what reached the failing node was retried on another node.
        QVERIFY2(out.failures.isEmpty(), qPrintable(out.failures.join(QLatin1String("; "))));
        QCOMPARE(out.ok, 48);
        const qint64 served = got[QStringLiteral("fast1")] + got[QStringLiteral("fast2")] + got[QStringLiteral("slow")];
        QCOMPARE(served, qint64(48)); // the healthy nodes answered each request exactly once
        // Whatever the strategy, the circuit breaker keeps the failing node to LB_FAILURE_THRESHOLD (3) attempts.
        QVERIFY(got[QStringLiteral("failing")] <= 3);

        if (strategy == QLatin1String("round_robin")) {
            // Spread over the active nodes: each healthy node a third (16), give or take the failing node's turns.
            for (const char *n : {"fast1", "fast2", "slow"})
                QVERIFY2(got[QString::fromLatin1(n)] >= 12 && got[QString::fromLatin1(n)] <= 20, n);
            QVERIFY(got[QStringLiteral("failing")] >= 1); // it had its turn before the breaker opened
        } else if (strategy == QLatin1String("least_latency")) {
            // Measured once (while unmeasured it is tried), then avoided; a node that only fails is not "fastest".
            QVERIFY2(got[QStringLiteral("slow")] <= 6, "least_latency kept sending to the slow node");
            QVERIFY(got[QStringLiteral("fast1")] + got[QStringLiteral("fast2")] >= 42);
            QVERIFY2(got[QStringLiteral("failing")] <= 1, "least_latency kept trying a node that never answers");
        } else if (strategy == QLatin1String("health_weighted")) {
            QVERIFY(got[QStringLiteral("failing")] * 10 <= 48); // little: at most a tenth of the traffic
            QVERIFY(got[QStringLiteral("fast1")] + got[QStringLiteral("fast2")] > got[QStringLiteral("slow")]);
        } else if (strategy == QLatin1String("least_loaded")) {
            // fast1 has six requests of someone else's running or queued: it gets none of ours while others are idler.
            QVERIFY2(got[QStringLiteral("fast1")] <= 1, "least_loaded sent work to the node with a queue");
            // The slow node holds its requests longer, so it is busier more often than fast2.
            QVERIFY(got[QStringLiteral("fast2")] >= 3 * got[QStringLiteral("slow")]);
        }
        for (auto &s : held)
            s->abort(); // the engine cancels them
    }

    // A node row whose endpoint is a closed port: every request still succeeds, on the other node, and the retry is
    // counted in loadbalancer_retries_total and logged.
    void connectFailureRetriesOnAnotherNode()
    {
        const QString model = QStringLiteral("retry-model");
        EngineProcess live;
        QVERIFY(live.start({QStringLiteral("--model"), model, QStringLiteral("--ttft-ms"), QStringLiteral("5")}));
        const QString dead = insertNode(m_stack.db(), model, "http://127.0.0.1:" + QByteArray::number(freePort()), QStringLiteral("active"),
                                        QStringLiteral("dead"));
        const QString alive = insertNode(m_stack.db(), model, live.url(), QStringLiteral("active"), QStringLiteral("alive"));
        QVERIFY(!dead.isEmpty() && !alive.isEmpty());
        auto daemon = m_stack.makeDaemon();
        QVERIFY2(daemon->start(), daemon->log().constData());
        AdminApi admin(daemon->port());
        QCOMPARE(admin.call("PUT", "/admin/routing", "{\"per_model\":{\"retry-model\":\"round_robin\"}}").status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(routingField(daemon->port(), dead, "strategy"), QStringLiteral("round_robin"), 5000);
        const TestKey key = admin.createKey();
        const qint64 before = requestsSeen(live);
        const Outcome out = sendChats(daemon->port(), key.key, model, 1, 10);
        QVERIFY2(out.failures.isEmpty(), qPrintable(out.failures.join(QLatin1String("; "))));
        QCOMPARE(requestsSeen(live) - before, qint64(10));
        const QByteArray metrics = RawHttp::get(daemon->port(), "/metrics").body;
        const double retries = crosslogic::PrometheusText::parse(metrics).value(
            "loadbalancer_retries_total", {{"model", "retry-model"}, {"node", dead.toUtf8()}, {"reason", "connect_failed"}});
        qInfo("connect failure: 10 requests, 10 answered by the live node, %g retried after the dead node refused the connection", retries);
        QVERIFY2(retries >= 1, metrics.constData());
        QVERIFY(retries <= 3); // then its breaker keeps it out
        QVERIFY(daemon->log().contains("failed before answering (connect_failed"));
        QCOMPARE(routingField(daemon->port(), dead, "circuit_breaker"), QStringLiteral("open"));
        m_stack.db().scalar(QStringLiteral("UPDATE nodes SET status = 'terminated' WHERE model_name = 'retry-model' RETURNING 1"));
    }

    // The failing node goes into cooldown after LB_FAILURE_THRESHOLD failures (no more requests reach it, GET
    // /admin/nodes says "open"); restarted healthy on the same port it is probed after the cooldown and gets
    // traffic again.
    void circuitBreakerOpensAndCloses()
    {
        const QString model = QStringLiteral("breaker-model");
        EngineProcess healthy, flaky;
        QVERIFY(healthy.start({QStringLiteral("--model"), model, QStringLiteral("--ttft-ms"), QStringLiteral("5")}));
        QVERIFY(flaky.start({QStringLiteral("--model"), model, QStringLiteral("--error-rate"), QStringLiteral("1.0")}));
        const quint16 flakyPort = flaky.port();
        const QString flakyId = insertNode(m_stack.db(), model, flaky.url(), QStringLiteral("active"), QStringLiteral("flaky"));
        QVERIFY(!insertNode(m_stack.db(), model, healthy.url(), QStringLiteral("active"), QStringLiteral("healthy")).isEmpty());
        auto daemon = m_stack.makeDaemon({{"LB_COOLDOWN_MS", "4000"}, {"LB_FAILURE_THRESHOLD", "3"}});
        QVERIFY2(daemon->start(), daemon->log().constData());
        const quint16 port = daemon->port();
        AdminApi admin(port);
        QCOMPARE(admin.call("PUT", "/admin/routing", "{\"per_model\":{\"breaker-model\":\"round_robin\"}}").status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(routingField(port, flakyId, "strategy"), QStringLiteral("round_robin"), 5000);
        QCOMPARE(routingField(port, flakyId, "circuit_breaker"), QStringLiteral("closed"));
        const TestKey key = admin.createKey();

        // Round robin sends it every other request until three in a row have failed.
        QElapsedTimer clock;
        clock.start();
        Outcome out = sendChats(port, key.key, model, 1, 8);
        QVERIFY2(out.failures.isEmpty(), qPrintable(out.failures.join(QLatin1String("; "))));
        QCOMPARE(requestsSeen(flaky), qint64(3));
        QCOMPARE(routingField(port, flakyId, "circuit_breaker"), QStringLiteral("open"));
        QCOMPARE(routingField(port, flakyId, "consecutive_failures"), QStringLiteral("3"));
        QVERIFY(daemon->log().contains("circuit breaker open after 3 consecutive failures"));
        // While open, none of the requests reach it.
        out = sendChats(port, key.key, model, 1, 10);
        QVERIFY2(out.failures.isEmpty(), qPrintable(out.failures.join(QLatin1String("; "))));
        if (clock.elapsed() < 3500) // still inside the cooldown: not even a probe
            QCOMPARE(requestsSeen(flaky), qint64(3));
        qInfo("circuit breaker: flaky node got 3 requests, then 0 of the next 10 (%lld ms into a 4000 ms cooldown)", clock.elapsed());

        // The engine is restarted healthy where its row points; after the cooldown one probe succeeds and closes it.
        flaky.kill();
        QVERIFY(flaky.start({QStringLiteral("--model"), model, QStringLiteral("--ttft-ms"), QStringLiteral("5")}, flakyPort));
        QTRY_VERIFY_WITH_TIMEOUT((sendChats(port, key.key, model, 1, 1).ok == 1 && requestsSeen(flaky) > 0), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(routingField(port, flakyId, "circuit_breaker"), QStringLiteral("closed"), 5000);
        QVERIFY(daemon->log().contains("circuit breaker closed (probe succeeded)"));
        const qint64 base = requestsSeen(flaky);
        out = sendChats(port, key.key, model, 1, 10);
        QVERIFY2(out.failures.isEmpty(), qPrintable(out.failures.join(QLatin1String("; "))));
        const qint64 back = requestsSeen(flaky) - base;
        qInfo("circuit breaker: after the probe the restarted node got %lld of 10 round-robin requests", back);
        QVERIFY(back >= 4 && back <= 6);
        m_stack.db().scalar(QStringLiteral("UPDATE nodes SET status = 'terminated' WHERE model_name = 'breaker-model' RETURNING 1"));
    }
};

QTEST_GUILESS_MAIN(TestRouting)
#include "test_routing.moc"
