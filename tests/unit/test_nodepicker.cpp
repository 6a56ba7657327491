// NodePicker, the routing decision without I/O, on hand-built node lists: each strategy's choice, exclusions (nodes
// already tried), circuit breakers, the health score, and what survives a refresh of the node list.
#include "fleet/healthscore.h"
#include "fleet/nodepicker.h"

#include <QtTest>

using namespace crosslogic;

namespace {
FleetNode node(const char *id, int running = 0, const char *model = "m")
{
    FleetNode n;
    n.target = NodeTarget{QString::fromLatin1(id), QByteArray("http://") + id, QString::fromLatin1(model)};
    n.engineRunning = running;
    return n;
}

QSet<QString> ids(std::initializer_list<const char *> names)
{
    QSet<QString> out;
    for (const char *n : names)
        out.insert(QString::fromLatin1(n));
    return out;
}

void fail(NodePicker &p, const char *id, int times, qint64 now)
{
    for (int i = 0; i < times; ++i) {
        p.started(QString::fromLatin1(id), now);
        p.finished(QString::fromLatin1(id), false, -1, now);
    }
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

class TestNodePicker : public QObject
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

    void exclusionsHoldForEveryStrategy_data()
    {
        QTest::addColumn<int>("strategy");
        for (RoutingStrategy s : {RoutingStrategy::RoundRobin, RoutingStrategy::LeastLoaded, RoutingStrategy::LeastLatency,
                                  RoutingStrategy::HealthWeighted})
            QTest::newRow(routingStrategyName(s)) << int(s);
    }

    void exclusionsHoldForEveryStrategy()
    {
        // A retry excludes the nodes that already failed this request; "b" would otherwise be every strategy's pick.
        QFETCH(int, strategy);
        NodePicker p;
        FleetNode weak = node("c", 30);
        weak.healthScore = 40;
        p.setNodes({node("a", 5), node("b"), weak});
        p.setStrategies(RoutingStrategy(strategy), {});
        p.finished(QStringLiteral("a"), true, 900, 0); // measured slow: least_latency prefers the others
        QHash<QString, int> hits;
        for (int i = 0; i < 30; ++i)
            hits[p.pick(QStringLiteral("m"), ids({"b"}), 0)->id] += 1;
        QCOMPARE(hits.value(QStringLiteral("b")), 0);
        QCOMPARE(hits.value(QStringLiteral("a")) + hits.value(QStringLiteral("c")), 30);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(p.pick(QStringLiteral("m"), ids({"a", "b"}), 0)->id, QStringLiteral("c"));
        QVERIFY(!p.pick(QStringLiteral("m"), ids({"a", "b", "c"}), 0)); // every node tried: the request fails (503)
    }

    void modelsAreRoutedSeparately()
    {
        NodePicker p;
        p.setNodes({node("a", 0, "llama"), node("b", 0, "llama"), node("q", 0, "qwen")});
        p.setStrategies(RoutingStrategy::HealthWeighted, {{QStringLiteral("qwen"), RoutingStrategy::RoundRobin}});
        QCOMPARE(p.activeModels(), (QStringList{QStringLiteral("llama"), QStringLiteral("qwen")}));
        QCOMPARE(p.strategyFor(QStringLiteral("qwen")), RoutingStrategy::RoundRobin);
        QCOMPARE(p.strategyFor(QStringLiteral("llama")), RoutingStrategy::HealthWeighted);
        for (int i = 0; i < 10; ++i) {
            QCOMPARE(p.pick(QStringLiteral("qwen"), {}, 0)->id, QStringLiteral("q"));
            QVERIFY(p.pick(QStringLiteral("llama"), {}, 0)->id != QLatin1String("q"));
        }
        QVERIFY(!p.pick(QStringLiteral("mistral"), {}, 0));
        // Counted per strategy, as loadbalancer_requests_total{strategy} reports it.
        const auto counters = p.snapshot(0);
        QCOMPARE(counters.back().id, QStringLiteral("q"));
        QCOMPARE(counters.back().requestsByStrategy.value(QStringLiteral("round_robin")), quint64(10));
    }

    void leastLoadedWeighsLoadByCapacity()
    {
        NodePicker p;
        FleetNode big = node("big", 50), small = node("small", 20);
        big.maxConcurrency = 200;  // a quarter full
        small.maxConcurrency = 40; // half full
        p.setNodes({big, small});
        p.setStrategies(RoutingStrategy::LeastLoaded, {});
        QCOMPARE(p.pick(QStringLiteral("m"), {}, 0)->id, QStringLiteral("big"));
    }

    void healthWeightedSharesByHealth()
    {
        // One healthy node, one whose heartbeat went stale (freshness 0: health 60), one whose engine is down (20):
        // the healthy one takes most requests, the others still some (so they are seen to recover).
        NodePicker p;
        FleetNode stale = node("stale"), down = node("down");
        stale.heartbeatAgeS = 120;
        down.healthScore = 20;
        p.setNodes({node("well"), stale, down});
        p.setStrategies(RoutingStrategy::HealthWeighted, {});
        QCOMPARE(p.effectiveHealth(QStringLiteral("stale")), 60.0);
        QCOMPARE(p.effectiveHealth(QStringLiteral("down")), 20.0);
        QHash<QString, int> hits;
        for (int i = 0; i < 600; ++i)
            hits[p.pick(QStringLiteral("m"), {}, 0)->id] += 1; // nothing in flight: health alone decides
        QVERIFY2(hits.value(QStringLiteral("well")) > 300, qPrintable(QString::number(hits.value(QStringLiteral("well")))));
        QVERIFY(hits.value(QStringLiteral("well")) > hits.value(QStringLiteral("stale")));
        QVERIFY(hits.value(QStringLiteral("stale")) > hits.value(QStringLiteral("down")));
        QVERIFY(hits.value(QStringLiteral("down")) < 60);
    }

    void openBreakersLeaveNoNode()
    {
        NodePicker p;
        p.setSettings({2, 1000, 120});
        p.setNodes({node("a"), node("b")});
        p.setStrategies(RoutingStrategy::LeastLatency, {});
        fail(p, "a", 2, 0);
        fail(p, "b", 2, 0);
        QVERIFY(!p.pick(QStringLiteral("m"), {}, 999)); // no healthy node: 503 until a cooldown ends
        const auto counters = p.snapshot(999);
        QCOMPARE(counters[0].breaker, "open");
        QCOMPARE(counters[0].consecutiveFailures, 2);
        QCOMPARE(counters[1].breaker, "open");
        QVERIFY(p.pick(QStringLiteral("m"), {}, 1000)); // a probe
        QCOMPARE(p.snapshot(1000)[0].breaker, "half_open");
    }

    void refreshKeepsStateOfRemainingNodes()
    {
        NodePicker p;
        p.setSettings({2, 60000, 120});
        p.setNodes({node("a"), node("b")});
        p.setStrategies(RoutingStrategy::RoundRobin, {});
        fail(p, "a", 2, 0);
        p.started(QStringLiteral("b"), 0);
        // The next refresh from the database: a's breaker stays open and b's in-flight request is still counted.
        p.setNodes({node("a"), node("b"), node("c")});
        for (int i = 0; i < 6; ++i)
            QVERIFY(p.pick(QStringLiteral("m"), {}, 10)->id != QLatin1String("a"));
        const auto counters = p.snapshot(10);
        QCOMPARE(counters.size(), size_t(3));
        QCOMPARE(counters[0].breaker, "open");
        QCOMPARE(counters[1].inFlight, qint64(1));
        // A node that left the list (drained, terminated) is forgotten: back, it starts afresh.
        p.setNodes({node("b"), node("c")});
        p.setNodes({node("a"), node("b"), node("c")});
        QCOMPARE(p.snapshot(10)[0].breaker, "closed");
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

QTEST_GUILESS_MAIN(TestNodePicker)
#include "test_nodepicker.moc"
