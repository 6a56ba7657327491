// The routing decision without I/O: strategies' distribution, draining exclusion, circuit breaker, health score.
#include "fleet/healthscore.h"
#include "fleet/nodepicker.h"

#include <QtTest>

using namespace crosslogic;

namespace {
FleetNode node(const char *id, int running = 0)
{
    FleetNode n;
    n.target = NodeTarget{QString::fromLatin1(id), QByteArray("http://") + id, QStringLiteral("m")};
    n.engineRunning = running;
    return n;
}

QHash<QString, int> run(NodePicker &p, int count, qint64 now = 0, bool ok = true, qint64 ttft = 10)
{
    QHash<QString, int> hits;
    for (int i = 0; i < count; ++i) {
        auto t = p.pick(QStringLiteral("m"), {}, now);
        if (!t)
            continue;
        hits[t->id] += 1;
        p.started(t->id, now);
        p.finished(t->id, ok, ttft, now);
    }
    return hits;
}
} // namespace

class TestLoadBalancer : public QObject
{
    Q_OBJECT
private slots:
    void roundRobinIsEven()
    {
        NodePicker p;
        p.setNodes({node("a"), node("b"), node("c")});
        p.setStrategies(RoutingStrategy::RoundRobin, {});
        const auto hits = run(p, 300);
        QCOMPARE(hits.value(QStringLiteral("a")), 100);
        QCOMPARE(hits.value(QStringLiteral("b")), 100);
        QCOMPARE(hits.value(QStringLiteral("c")), 100);
        QVERIFY(!p.pick(QStringLiteral("other"), {}, 0));
        auto t = p.pick(QStringLiteral("m"), {QStringLiteral("a"), QStringLiteral("b")}, 0);
        QCOMPARE(t->id, QStringLiteral("c"));
    }

    void leastLoadedAvoidsBusyNode()
    {
        NodePicker p;
        p.setNodes({node("a", 50), node("b", 0)});
        p.setStrategies(RoutingStrategy::LeastLoaded, {});
        // Requests held in flight: b takes them until its load reaches a's.
        int toB = 0;
        for (int i = 0; i < 40; ++i) {
            auto t = p.pick(QStringLiteral("m"), {}, 0);
            p.started(t->id, 0);
            toB += t->id == QLatin1String("b");
        }
        QCOMPARE(toB, 40);
    }

    void leastLatencyPrefersFastNode()
    {
        NodePicker p;
        p.setNodes({node("fast"), node("slow")});
        p.setStrategies(RoutingStrategy::RoundRobin, {{QStringLiteral("m"), RoutingStrategy::LeastLatency}});
        for (int i = 0; i < 4; ++i) {
            auto t = p.pick(QStringLiteral("m"), {}, 0);
            p.started(t->id, 0);
            p.finished(t->id, true, t->id == QLatin1String("fast") ? 20 : 400, 0);
        }
        const auto hits = run(p, 50, 0, true, 20);
        QCOMPARE(hits.value(QStringLiteral("fast")), 50);
        QCOMPARE(p.strategyFor(QStringLiteral("m")), RoutingStrategy::LeastLatency);
    }

    void leastLatencySkipsNodeThatOnlyFails()
    {
        // A node answering 5xx at once never gets a time to first byte; it must not stay "unmeasured, try first".
        NodePicker p;
        p.setSettings({1000, 30000, 120}); // breaker out of the way: the strategy alone decides
        p.setNodes({node("broken"), node("fast"), node("slow")});
        p.setStrategies(RoutingStrategy::LeastLatency, {});
        QHash<QString, int> hits;
        for (int i = 0; i < 60; ++i) {
            auto t = p.pick(QStringLiteral("m"), {}, 0);
            hits[t->id] += 1;
            p.started(t->id, 0);
            const bool broken = t->id == QLatin1String("broken");
            p.finished(t->id, !broken, broken ? 2 : t->id == QLatin1String("fast") ? 20 : 400, 0);
        }
        QCOMPARE(hits.value(QStringLiteral("broken")), 1);
        QCOMPARE(hits.value(QStringLiteral("slow")), 1);
        QCOMPARE(hits.value(QStringLiteral("fast")), 58);
    }

    void healthWeightedFavoursHealthyNode()
    {
        NodePicker p;
        FleetNode sick = node("sick");
        sick.healthScore = 20;
        p.setNodes({node("well"), sick});
        p.setStrategies(RoutingStrategy::HealthWeighted, {});
        const auto hits = run(p, 400);
        // Two nodes: both are always drawn, and the better health per unit of load wins.
        QCOMPARE(hits.value(QStringLiteral("well")), 400);
        // Once the healthy node is loaded enough, the sick one takes work.
        FleetNode busy = node("well", 20);
        p.setNodes({busy, sick});
        QVERIFY(run(p, 10).value(QStringLiteral("sick")) > 0);
    }

    void circuitBreakerOpensAndCloses()
    {
        NodePicker p;
        p.setSettings({3, 1000, 120});
        p.setNodes({node("a"), node("b")});
        p.setStrategies(RoutingStrategy::RoundRobin, {});
        for (int i = 0; i < 3; ++i) {
            p.started(QStringLiteral("a"), 0);
            const QString change = p.finished(QStringLiteral("a"), false, -1, 0);
            QCOMPARE(change.isEmpty(), i < 2);
        }
        auto hits = run(p, 10, 500);
        QCOMPARE(hits.value(QStringLiteral("a")), 0); // open: no traffic during the cooldown
        // After the cooldown exactly one probe goes to a.
        auto probe = p.pick(QStringLiteral("m"), {QStringLiteral("b")}, 1500);
        QVERIFY(probe);
        p.started(probe->id, 1500);
        QVERIFY(!p.pick(QStringLiteral("m"), {QStringLiteral("b")}, 1500)); // second probe refused while the first runs
        QVERIFY(p.finished(QStringLiteral("a"), true, 10, 1600).contains(QLatin1String("closed")));
        hits = run(p, 10, 1700);
        QCOMPARE(hits.value(QStringLiteral("a")), 5);
        // A failed probe opens it again.
        for (int i = 0; i < 3; ++i) {
            p.started(QStringLiteral("a"), 2000);
            p.finished(QStringLiteral("a"), false, -1, 2000);
        }
        p.started(QStringLiteral("a"), 3100);
        QVERIFY(p.finished(QStringLiteral("a"), false, -1, 3100).contains(QLatin1String("open"))); // failed probe: open again
        QCOMPARE(run(p, 4, 3500).value(QStringLiteral("a")), 0);
    }

    void healthScoreFormula()
    {
        HealthInputs in;
        QCOMPARE(healthScore(in), 100.0);
        in.heartbeatAgeS = 120;
        QCOMPARE(healthScore(in), 60.0); // stale: freshness 0
        in.heartbeatAgeS = 0;
        in.engineHealthy = false;
        QCOMPARE(healthScore(in), 30.0);
        in.engineHealthy = true;
        in.errorRate = 0.5;
        in.ttftMs = 1100;
        QCOMPARE(healthScore(in), 85.0);
    }
};

QTEST_GUILESS_MAIN(TestLoadBalancer)
#include "test_loadbalancer.moc"
