// The alert state machine and rule table without a database: pending → firing after for_seconds, resolve only after
// clear_seconds, hysteresis at the threshold, a check that did not run changes nothing, a disabled rule resolves; the
// rule parameters' validation; what the replica signals make fire.
#include "alerts/alertchecks.h"
#include "alerts/alertstate.h"

#include <QtTest>

using namespace crosslogic;

namespace {

Finding found(const char *rule, const QString &key, double value)
{
    Finding f;
    f.rule = QString::fromLatin1(rule);
    f.key = key;
    f.value = value;
    f.summary = QStringLiteral("test");
    return f;
}

QHash<QString, Json> params(const char *rule, const Json &overrides)
{
    QHash<QString, Json> p;
    p.insert(QString::fromLatin1(rule), effectiveParams(*findAlertRule(QString::fromLatin1(rule)), overrides));
    return p;
}

QSet<QString> evaluated(const char *rule)
{
    return {QString::fromLatin1(rule)};
}

} // namespace

class TestAlertState : public QObject
{
    Q_OBJECT

private slots:
    void everyRuleIsComplete()
    {
        QVERIFY(alertRules().size() >= 28);
        QSet<QString> ids;
        for (const AlertRule &r : alertRules()) {
            QVERIFY2(!ids.contains(QLatin1String(r.id)), r.id);
            ids.insert(QLatin1String(r.id));
            const QString title = runbookSectionTitle(QLatin1String(r.section));
            QVERIFY2(title.size() > 5, r.id); // the section exists in the runbook's table of contents
            QVERIFY(QByteArrayView(r.severity) == "critical" || QByteArrayView(r.severity) == "warning"
                    || QByteArrayView(r.severity) == "info");
            if (r.direction != AlertDirection::Flag)
                QVERIFY2(effectiveParams(r, Json::object()).contains("threshold"), r.id);
        }
        const QByteArray md = alertRulesMarkdown();
        for (const QString &id : std::as_const(ids))
            QVERIFY2(md.contains(QByteArray("`" + id.toLatin1() + "`")), qPrintable(id));
    }

    void opensPendingThenFiresAfterForSeconds()
    {
        const char *rule = "rate_limited_share"; // for_seconds 60 by default
        const auto p = params(rule, Json::object());
        auto c = decideAlerts({}, {found(rule, QStringLiteral("key:k1"), 0.5)}, evaluated(rule), p, 1000);
        QCOMPARE(c.size(), size_t(1));
        QCOMPARE(c[0].kind, AlertChange::Open);
        QVERIFY(!c[0].firesNow);
        QCOMPARE(c[0].threshold, 0.2);

        const OpenAlert pending{7, QString::fromLatin1(rule), QStringLiteral("rate_limited_share:key:k1"), QStringLiteral("pending"), 1000, 1000};
        c = decideAlerts({pending}, {found(rule, QStringLiteral("key:k1"), 0.5)}, evaluated(rule), p, 1000 + 59000);
        QCOMPARE(c.size(), size_t(1));
        QCOMPARE(c[0].kind, AlertChange::Refresh);
        c = decideAlerts({pending}, {found(rule, QStringLiteral("key:k1"), 0.5)}, evaluated(rule), p, 1000 + 60000);
        QCOMPARE(c[0].kind, AlertChange::Fire);
        QCOMPARE(c[0].alertId, qint64(7));
    }

    void pendingThatStopsIsDroppedNotResolved()
    {
        const char *rule = "rate_limited_share";
        const OpenAlert pending{7, QString::fromLatin1(rule), QStringLiteral("rate_limited_share:key:k1"), QStringLiteral("pending"), 0, 0};
        // Below the threshold (but above the hysteresis bound): a pending alert needs the full threshold.
        auto c = decideAlerts({pending}, {found(rule, QStringLiteral("key:k1"), 0.18)}, evaluated(rule), params(rule, Json::object()), 5000);
        QCOMPARE(c.size(), size_t(1));
        QCOMPARE(c[0].kind, AlertChange::Drop);
    }

    void forSecondsZeroFiresAtOnce()
    {
        const char *rule = "node_heartbeat_late";
        auto c = decideAlerts({}, {found(rule, QStringLiteral("n1"), 40)}, evaluated(rule), params(rule, Json::object()), 0);
        QCOMPARE(c.size(), size_t(1));
        QVERIFY(c[0].firesNow);
    }

    void firingStaysInsideTheHysteresisBand()
    {
        const char *rule = "rejected_key_in_use"; // threshold 20, clear 120 s
        const OpenAlert firing{3, QString::fromLatin1(rule), QStringLiteral("rejected_key_in_use:k"), QStringLiteral("firing"), 0, 0};
        const auto p = params(rule, Json::object());
        // 17 < 20 but ≥ 20 × 0.8: still true, refreshed.
        auto c = decideAlerts({firing}, {found(rule, QStringLiteral("k"), 17)}, evaluated(rule), p, 10000);
        QCOMPARE(c.size(), size_t(1));
        QCOMPARE(c[0].kind, AlertChange::Refresh);
        // 15 < 16: no longer true, but resolves only once clear_seconds passed since it was last true.
        c = decideAlerts({firing}, {found(rule, QStringLiteral("k"), 15)}, evaluated(rule), p, 119000);
        QVERIFY(c.empty());
        c = decideAlerts({firing}, {}, evaluated(rule), p, 120000);
        QCOMPARE(c.size(), size_t(1));
        QCOMPARE(c[0].kind, AlertChange::Resolve);
    }

    void belowRulesUseTheInverseBand()
    {
        const char *rule = "node_health_low"; // below 50
        const auto p = params(rule, Json::object());
        QCOMPARE(decideAlerts({}, {found(rule, QStringLiteral("n"), 55)}, evaluated(rule), p, 0).size(), size_t(0));
        QCOMPARE(decideAlerts({}, {found(rule, QStringLiteral("n"), 45)}, evaluated(rule), p, 0).size(), size_t(1));
        const OpenAlert firing{1, QString::fromLatin1(rule), QStringLiteral("node_health_low:n"), QStringLiteral("firing"), 0, 0};
        auto c = decideAlerts({firing}, {found(rule, QStringLiteral("n"), 60)}, evaluated(rule), p, 1000); // < 62.5
        QCOMPARE(c[0].kind, AlertChange::Refresh);
    }

    void aCheckThatDidNotRunChangesNothing()
    {
        const char *rule = "billing_events_failed";
        const OpenAlert firing{1, QString::fromLatin1(rule), QStringLiteral("billing_events_failed:"), QStringLiteral("firing"), 0, 0};
        QVERIFY(decideAlerts({firing}, {}, {}, params(rule, Json::object()), 1e9).empty());
    }

    void runTimeThresholdAndDisabling()
    {
        const char *rule = "rejected_key_in_use";
        auto c = decideAlerts({}, {found(rule, QStringLiteral("k"), 30)}, evaluated(rule), params(rule, Json{{"threshold", 50}}), 0);
        QVERIFY(c.empty()); // 30 < 50
        const OpenAlert firing{1, QString::fromLatin1(rule), QStringLiteral("rejected_key_in_use:k"), QStringLiteral("firing"), 0, 0};
        c = decideAlerts({firing}, {found(rule, QStringLiteral("k"), 300)}, evaluated(rule), params(rule, Json{{"enabled", false}}), 0);
        QCOMPARE(c.size(), size_t(1));
        QCOMPARE(c[0].kind, AlertChange::Resolve);
    }

    void perFindingObjectiveOverridesTheThreshold()
    {
        const char *rule = "model_latency_slo";
        Finding f = found(rule, QStringLiteral("m"), 2000);
        f.threshold = 1500; // the model's own objective
        auto c = decideAlerts({}, {f}, evaluated(rule), params(rule, Json::object()), 0);
        QCOMPARE(c.size(), size_t(1));
        QCOMPARE(c[0].threshold, 1500.0);
    }

    void parametersAreValidated()
    {
        const AlertRule &rule = *findAlertRule(QStringLiteral("rate_limited_share"));
        QVERIFY(!validateParams(rule, Json::object(), Json::object()));
        auto unknown = validateParams(rule, Json::object(), Json{{"threshhold", 0.5}});
        QVERIFY(!unknown);
        QCOMPARE(unknown.failure().status, 400);
        QVERIFY(unknown.error().contains(QLatin1String("threshold"))); // names what exists
        QVERIFY(!validateParams(rule, Json::object(), Json{{"threshold", 2}}));
        QVERIFY(!validateParams(rule, Json::object(), Json{{"threshold", "0.5"}}));
        QVERIFY(!validateParams(rule, Json::object(), Json{{"enabled", 1}}));
        QVERIFY(!validateParams(rule, Json::object(), Json{{"objectives", Json{{"m", 100}}}})); // latency rules only
        auto ok = validateParams(rule, Json{{"for_seconds", 10}}, Json{{"threshold", 0.5}});
        QVERIFY(ok);
        QCOMPARE(*ok, (Json{{"for_seconds", 10}, {"threshold", 0.5}}));
        auto back = validateParams(rule, *ok, Json{{"threshold", 0.2}}); // the default again: the override goes
        QCOMPARE(*back, (Json{{"for_seconds", 10}}));
        QVERIFY(validateParams(*findAlertRule(QStringLiteral("model_ttft_slo")), Json::object(), Json{{"objectives", Json{{"m", 800}}}}));
    }

    void replicaSignalsFire()
    {
        CheckInput in;
        for (const AlertRule &r : alertRules())
            in.params.insert(QString::fromLatin1(r.id), effectiveParams(r, Json::object()));
        in.replicas = Json::array({
            Json{{"id", "a"}, {"version", "1.2.0"}, {"schema_version", 3},
                 {"signals", {{"redis_connected", false}, {"recent", {{"fallback_admissions", 4}, {"admin_auth_failures", 6}}},
                              {"db", {{"max_wait_ms", 2500}, {"queued", 9}, {"busy", 10}, {"size", 10}}},
                              {"spool", {{"lag_seconds", 90}, {"records", 12}, {"full", false}, {"last_error", "connection refused"}}},
                              {"open_breakers", {"node-1"}},
                              {"tls_not_after", QDateTime::currentSecsSinceEpoch() + 3 * 86400}}}},
            Json{{"id", "b"}, {"version", "1.3.0"}, {"schema_version", 3},
                 {"signals", {{"redis_connected", true}, {"recent", {{"admin_auth_failures", 6}}}}}},
        });
        in.redis = Json{{"ok", true}, {"used_memory", 95}, {"maxmemory", 100},
                        {"corrupt", Json::array({Json{{"key", "ratelimit:key:abc:concurrency"}, {"value", "-3"}}})}};
        CheckOutput out;
        checkReplicaSignals(in, &out);
        QSet<QString> rules;
        for (const Finding &f : out.findings)
            rules.insert(f.rule);
        for (const char *expected : {"redis_unreachable", "ratelimit_fail_open", "admin_token_failures", "db_pool_saturated",
                                     "usage_spool_backlog", "usage_writer_failing", "circuit_breaker_open", "replica_version_skew",
                                     "tls_certificate_expiring", "redis_memory_high", "ratelimit_counters_corrupt"})
            QVERIFY2(rules.contains(QLatin1String(expected)), expected);
        QVERIFY(!rules.contains(QStringLiteral("redis_errors"))); // none counted
        for (const Finding &f : out.findings)
            if (f.rule == QLatin1String("ratelimit_counters_corrupt")) {
                QVERIFY(f.summary.contains(QLatin1String("ratelimit:key:abc:concurrency = -3")));
                QCOMPARE(QString::fromStdString(f.remediations[0]["path"].get<std::string>()), QStringLiteral("/admin/ratelimits/key/abc"));
            }
        // The same replicas, healthy: nothing.
        for (Json &r : in.replicas)
            r["signals"] = Json{{"redis_connected", true}};
        in.replicas[1]["version"] = "1.2.0";
        in.redis = Json{{"ok", true}, {"used_memory", 10}, {"maxmemory", 0}, {"corrupt", Json::array()}};
        CheckOutput quiet;
        checkReplicaSignals(in, &quiet);
        QVERIFY(quiet.findings.empty());
        QVERIFY(quiet.evaluated.contains(QStringLiteral("ratelimit_counters_corrupt")));
    }
};

QTEST_GUILESS_MAIN(TestAlertState)
#include "test_alertstate.moc"
