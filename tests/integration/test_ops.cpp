// The operations API against a real daemon, PostgreSQL and Redis: admin tokens, audit, DB and Redis
// diagnostics and remediations (before/after, audit rows, dry runs, permissions, hostile input), health check
// and /metrics.
#include "prometheus/prometheustext.h"
#include "support/testenv.h"
#include "support/teststack.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QUrl>
#include <QtTest>
#include <memory>
#include <nlohmann/json.hpp>

using namespace crosslogic::test;

namespace {
const QByteArray kSql = "'; DROP TABLE tenants; --";
}

class TestOps : public QObject
{
    Q_OBJECT

    TestStack m_stack;
    QByteArray m_support, m_sre;
    QList<QProcess *> m_sleepers;

    HttpResult call(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                    const QByteArray &token = DaemonProcess::kAdminToken)
    {
        return AdminApi(m_stack.port(), token).call(method, path, body);
    }
    qint64 auditCount(const QString &action)
    {
        return m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = '%1'").arg(action))
            .toLongLong();
    }
    // A psql session sleeping in a query, as the runbook's "long-running query"; returns its backend pid.
    qint64 startSleeper(const QString &database, const QString &appName)
    {
        auto *p = new QProcess(this);
        QProcessEnvironment env = psqlEnvironment();
        env.insert(QStringLiteral("PGAPPNAME"), appName);
        p->setProcessEnvironment(env);
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->start(QStringLiteral("psql"), {QStringLiteral("-d"), database, QStringLiteral("-c"),
                                          QStringLiteral("SELECT pg_sleep(60)")});
        m_sleepers << p;
        qint64 pid = 0;
        for (int i = 0; i < 100 && pid == 0; ++i) {
            pid = m_stack.db().scalar(QStringLiteral("SELECT pid FROM pg_stat_activity WHERE application_name = "
                                              "'%1' AND state = 'active'")
                                   .arg(appName))
                      .toLongLong();
            if (pid == 0)
                QTest::qWait(50);
        }
        return pid;
    }

    bool backendAlive(qint64 pid)
    {
        return m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(pid))
                   .toInt() == 1;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        DaemonProcess &daemon = m_stack.addDaemon();
        QVERIFY2(daemon.start(), daemon.log().constData());
        m_support = m_stack.admin().createToken("support-ops-test", "support");
        m_sre = m_stack.admin().createToken("sre-ops-test", "sre");
        QVERIFY(m_support.startsWith("clat_"));
        QVERIFY(m_sre.startsWith("clat_"));
    }

    void cleanupTestCase()
    {
        m_stack.db().scalar(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                                           "application_name LIKE 'ops-%'"));
        for (QProcess *p : std::as_const(m_sleepers)) {
            p->kill();
            p->waitForFinished(2000);
        }
    }

    void adminTokensAreHashedShownOnceAndRevokedAtOnce()
    {
        auto dry = call("POST", "/admin/tokens?dry_run=true", R"({"name":"dry-token","role":"support"})");
        QCOMPARE(dry.status, 200);
        QCOMPARE(dry.json("/dry_run"), QByteArray("true"));
        QCOMPARE(dry.json("/would/token"), QByteArray("<absent>"));
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM admin_tokens WHERE name = 'dry-token'"))
                     .toInt(),
                 0);

        const qint64 audits = auditCount(QStringLiteral("admin_token.create"));
        auto created = call("POST", "/admin/tokens", R"({"name":"temp-admin","role":"admin"})");
        QCOMPARE(created.status, 201);
        const QByteArray token = created.json("/token"), id = created.json("/id");
        QVERIFY(token.startsWith("clat_") && token.size() == 45);
        QCOMPARE(created.json("/token_prefix"), token.left(12));
        QCOMPARE(auditCount(QStringLiteral("admin_token.create")), audits + 1);
        // Stored as SHA-256 only; the audit row does not hold the secret either.
        const QString hash =
            QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex());
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT token_hash FROM admin_tokens WHERE id = '%1'")
                                  .arg(QString::fromLatin1(id)))
                     .toString(),
                 hash);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE parameters::text LIKE "
                                             "'%%1%' OR result LIKE '%%1%'")
                                  .arg(QString::fromLatin1(token.mid(5))))
                     .toInt(),
                 0);

        auto list = call("GET", "/admin/tokens");
        QCOMPARE(list.status, 200);
        QVERIFY(list.body.contains("temp-admin"));
        QVERIFY(!list.body.contains(token));
        QCOMPARE(call("GET", "/admin/tokens/" + id).json("/role"), QByteArray("admin"));
        QCOMPARE(call("GET", "/admin/tokens/" + id, {}, token).status, 200); // the new token works

        QCOMPARE(call("POST", "/admin/tokens", R"({"name":"x","role":"root"})").status, 400);
        QCOMPARE(call("POST", "/admin/tokens", R"({"name":"temp-admin","role":"admin"})").status, 409);
        auto denied = call("GET", "/admin/tokens", {}, m_sre);
        QCOMPARE(denied.status, 403);
        QVERIFY(denied.json("/error/message").contains("'tokens'"));

        auto revoked = call("DELETE", "/admin/tokens/" + id);
        QCOMPARE(revoked.status, 200);
        QCOMPARE(revoked.json("/after/status"), QByteArray("revoked"));
        QCOMPARE(call("GET", "/admin/tokens", {}, token).status,
                 401); // at once, despite the 5 s lookup cache
        QCOMPARE(auditCount(QStringLiteral("admin_token.revoke")), 1);
        QCOMPARE(call("DELETE", "/admin/tokens/00000000-0000-0000-0000-000000000000").status, 404);
        QCOMPARE(call("DELETE", "/admin/tokens/not-a-uuid").status, 404);
    }

    void auditIsFilteredAndNewestFirst()
    {
        auto all = call("GET", "/admin/audit?action=admin_token.*&limit=50");
        QCOMPARE(all.status, 200);
        const auto doc = nlohmann::json::parse(all.body.toStdString());
        QVERIFY(doc["data"].size() >= 3);
        for (std::size_t i = 1; i < doc["data"].size(); ++i)
            QVERIFY(doc["data"][i - 1]["id"].get<qint64>() > doc["data"][i]["id"].get<qint64>());
        for (const auto &row : doc["data"])
            QVERIFY(row["action"].get<std::string>().rfind("admin_token.", 0) == 0);
        auto revokes = call("GET", "/admin/audit?action=admin_token.revoke&token_name=bootstrap&result=ok");
        QCOMPARE(nlohmann::json::parse(revokes.body.toStdString())["data"].size(), std::size_t(1));
        auto failed = call(
            "GET", "/admin/audit?action=admin_token.revoke&result=error"); // the 404 above is audited too
        QCOMPARE(
            nlohmann::json::parse(failed.body.toStdString())["data"][0]["result"].get<std::string>().rfind(
                "error: ", 0),
            std::size_t(0));
        QCOMPARE(call("GET", "/admin/audit?since=2999-01-01T00:00:00Z").body, QByteArray(R"({"data":[]})"));
        QCOMPARE(call("GET", "/admin/audit?since=yesterday").status, 400);
        QCOMPARE(call("GET", "/admin/audit", {}, m_support).status, 403);
        QCOMPARE(call("GET", "/admin/audit", {}, m_sre).status, 200);
    }

    void connectionsAndLongQueries()
    {
        const qint64 pid = startSleeper(m_stack.db().name(), QStringLiteral("ops-long-query"));
        QVERIFY(pid > 0);
        auto conns = call("GET", "/admin/db/connections", {}, m_sre);
        QCOMPARE(conns.status, 200);
        QCOMPARE(conns.json("/pool/size"), QByteArray("4"));
        QVERIFY(conns.json("/total").toInt() >= 2);
        QVERIFY(conns.body.contains("\"state\":\"active\""));
        QVERIFY(conns.body.contains("crosslogicd"));
        HttpResult longq;
        QTRY_VERIFY_WITH_TIMEOUT((longq = call("GET", "/admin/db/long-queries?min_seconds=0.3", {}, m_sre))
                                     .body.contains("pg_sleep"),
                                 5000);
        QVERIFY(longq.body.contains(QByteArray("\"pid\":" + QByteArray::number(pid))));
        QVERIFY(
            !call("GET", "/admin/db/long-queries", {}, m_sre).body.contains("pg_sleep")); // default: a minute
        QCOMPARE(call("GET", "/admin/db/long-queries?min_seconds=abc", {}, m_sre).status, 400);
        QCOMPARE(call("GET", "/admin/db/connections", {}, m_support).status, 403);
        // Its old snapshot would hold up CREATE INDEX CONCURRENTLY below, exactly as in production (killing
        // psql alone leaves the backend sleeping).
        m_stack.db().scalar(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                    "application_name = 'ops-long-query'"));
    }

    void terminateAndCancelBackends()
    {
        const qint64 pid = startSleeper(m_stack.db().name(), QStringLiteral("ops-victim"));
        QVERIFY(pid > 0);
        const QByteArray path = "/admin/db/cancel/" + QByteArray::number(pid);
        auto denied = call("POST", path, {}, m_support);
        QCOMPARE(denied.status, 403);
        QVERIFY(denied.json("/error/message").contains("'database'"));

        auto dry = call("POST", path + "?dry_run=true", {}, m_sre);
        QCOMPARE(dry.status, 200);
        QCOMPARE(dry.json("/would/statement"), "SELECT pg_cancel_backend(" + QByteArray::number(pid) + ")");
        QCOMPARE(dry.json("/would/backend/application_name"), QByteArray("ops-victim"));
        QTest::qWait(200);
        QCOMPARE(backendAlive(pid), true); // the dry run changed nothing
        QCOMPARE(auditCount(QStringLiteral("db.cancel")), 0);

        auto cancelled = call("POST", path, {}, m_sre);
        QCOMPARE(cancelled.status, 200);
        QCOMPARE(cancelled.json("/cancelled"), QByteArray("true"));
        QVERIFY(m_sleepers.back()->waitForFinished(5000));
        QVERIFY(m_sleepers.back()->readAll().contains("canceling statement"));
        QCOMPARE(auditCount(QStringLiteral("db.cancel")), 1);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT token_name || '/' || role || '/' || target FROM "
                                             "audit_log WHERE action = 'db.cancel'"))
                     .toString(),
                 QStringLiteral("sre-ops-test/sre/%1").arg(pid));

        const qint64 victim2 = startSleeper(m_stack.db().name(), QStringLiteral("ops-victim2"));
        auto terminated = call("POST", "/admin/db/terminate/" + QByteArray::number(victim2), {}, m_sre);
        QCOMPARE(terminated.status, 200);
        QCOMPARE(terminated.json("/terminated"), QByteArray("true"));
        QVERIFY(m_sleepers.back()->waitForFinished(5000));
        QCOMPARE(auditCount(QStringLiteral("db.terminate")), 1);

        // The daemon's own pool connections are refused, as are other databases' sessions and unknown pids.
        const qint64 own =
            m_stack.db().scalar(
                    QStringLiteral("SELECT pid FROM pg_stat_activity WHERE application_name = 'crosslogicd' "
                                   "AND datname = current_database() LIMIT 1"))
                .toLongLong();
        QVERIFY(own > 0);
        auto refused = call("POST", "/admin/db/terminate/" + QByteArray::number(own), {}, m_sre);
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.json("/error/code"), QByteArray("daemon_connection"));
        const qint64 foreign = startSleeper(QStringLiteral("postgres"), QStringLiteral("ops-foreign"));
        QVERIFY(foreign > 0);
        {
            auto other = call("POST", "/admin/db/terminate/" + QByteArray::number(foreign), {}, m_sre);
            QCOMPARE(other.status, 409);
            QCOMPARE(other.json("/error/code"), QByteArray("other_database"));
            QCOMPARE(backendAlive(foreign), true);
        }
        QCOMPARE(call("POST", "/admin/db/terminate/999999999", {}, m_sre).status, 404);
        QCOMPARE(call("POST", "/admin/db/terminate/12abc", {}, m_sre).status, 400);
        QCOMPARE(call("POST", "/admin/db/cancel/-5", {}, m_sre).status, 400);
        QCOMPARE(call("POST", "/admin/db/terminate/1.5", {}, m_sre).status, 400);
    }

    void vacuumRunsOutsideATransactionAndIsAudited()
    {
        auto dry = call("POST", "/admin/db/vacuum/usage_records?dry_run=true", {}, m_sre);
        QCOMPARE(dry.status, 200);
        QCOMPARE(dry.json("/would/statement"), QByteArray("VACUUM ANALYZE usage_records"));
        QCOMPARE(auditCount(QStringLiteral("db.vacuum")), 0);
        auto done = call("POST", "/admin/db/vacuum/usage_records", {}, m_sre);
        QCOMPARE(done.status, 200);
        QVERIFY(done.json("/audit_id").toLongLong() > 0);
        QCOMPARE(done.json("/after/vacuum_count").toInt(), done.json("/before/vacuum_count").toInt() + 1);
        QCOMPARE(auditCount(QStringLiteral("db.vacuum")), 1);
        auto refused = call("POST", "/admin/db/vacuum/tenants", {}, m_sre);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json("/error/code"), QByteArray("table_not_allowed"));
        QCOMPARE(call("POST", "/admin/db/vacuum/usage_records", {}, m_support).status, 403);
    }

    void missingIndexIsReportedAndCreated()
    {
        m_stack.db().scalar(QStringLiteral("DROP INDEX idx_usage_tenant_time"));
        auto before = call("GET", "/admin/db/indexes", {}, m_sre);
        QCOMPARE(before.status, 200);
        QCOMPARE(before.json("/missing"), QByteArray(R"(["idx_usage_tenant_time"])"));
        QCOMPARE(before.json("/ok"), QByteArray("false"));
        auto dry = call("POST", "/admin/db/indexes/idx_usage_tenant_time?dry_run=true", {}, m_sre);
        QCOMPARE(dry.status, 200);
        QCOMPARE(
            dry.json("/would/statements/0"),
            QByteArray(
                "CREATE INDEX CONCURRENTLY idx_usage_tenant_time ON usage_records(tenant_id, timestamp)"));
        QCOMPARE(call("GET", "/admin/db/indexes", {}, m_sre).json("/ok"), QByteArray("false"));
        auto created = call("POST", "/admin/db/indexes/idx_usage_tenant_time", {}, m_sre);
        QCOMPARE(created.status, 200);
        QCOMPARE(created.json("/after"), QByteArray("present"));
        QCOMPARE(call("GET", "/admin/db/indexes", {}, m_sre).json("/missing"), QByteArray("[]"));
        QCOMPARE(call("POST", "/admin/db/indexes/idx_usage_tenant_time", {}, m_sre).status, 409);
        QCOMPARE(call("POST", "/admin/db/indexes/idx_made_up", {}, m_sre).status, 404);
        QCOMPARE(auditCount(QStringLiteral("db.create_index")), 2); // the success and the refused repeat
    }

    int redisKeys(const QString &pattern)
    {
        const QString out = m_stack.redis().cli({QStringLiteral("--scan"), QStringLiteral("--pattern"), pattern});
        return out.isEmpty() ? 0 : int(out.count(QLatin1Char('\n'))) + 1;
    }

    void redisInfoClearRateLimitsAndFlush()
    {
        // The rate limiter keeps its replica registry under ratelimit:replica…; those are kept by the clear
        // action.
        const int replicaKeys = redisKeys(QStringLiteral("ratelimit:replica*"));
        for (int i = 0; i < 25; ++i)
            m_stack.redis().cli({QStringLiteral("SET"),
                          QStringLiteral("ratelimit:key:k%1:minute:2024-01-15T10:30").arg(i),
                          QStringLiteral("3")});
        m_stack.redis().cli({QStringLiteral("SET"), QStringLiteral("api_key:abc"), QStringLiteral("cached")});
        auto info = call("GET", "/admin/redis/info", {}, m_sre);
        QCOMPARE(info.status, 200);
        QCOMPARE(info.json("/ratelimit_keys").toInt(),
                 25 + replicaKeys); // as the runbook's KEYS "ratelimit:*" | wc -l
        QVERIFY(!info.json("/used_memory_human").isEmpty());
        QVERIFY(info.json("/connected_clients").toInt() >= 1);

        auto noConfirm = call("POST", "/admin/redis/ratelimits/clear", "{}", m_sre);
        QCOMPARE(noConfirm.status, 400);
        QCOMPARE(noConfirm.json("/error/code"), QByteArray("confirmation_required"));
        auto denied = call("POST", "/admin/redis/ratelimits/clear", R"({"confirm":"DELETE ALL RATE LIMITS"})",
                           m_support);
        QCOMPARE(denied.status, 403);
        QVERIFY(denied.json("/error/message").contains("'emergency'"));
        auto dry = call("POST", "/admin/redis/ratelimits/clear?dry_run=true", {}, m_sre);
        QCOMPARE(dry.json("/would/keys"), QByteArray("25"));
        // The preview says its count is of now, and that the result will report the exact number.
        QCOMPARE(dry.json("/would/consequences/0/code"), QByteArray("count_is_live"));
        QCOMPARE(redisKeys(QStringLiteral("ratelimit:key:*")), 25); // the dry run changed nothing
        auto cleared =
            call("POST", "/admin/redis/ratelimits/clear", R"({"confirm":"DELETE ALL RATE LIMITS"})", m_sre);
        QCOMPARE(cleared.status, 200);
        QCOMPARE(cleared.json("/deleted"), QByteArray("25"));
        QVERIFY(cleared.json("/audit_id").toLongLong() > 0);
        QCOMPARE(redisKeys(QStringLiteral("ratelimit:key:*")), 0);
        QCOMPARE(m_stack.redis().cli({QStringLiteral("EXISTS"), QStringLiteral("api_key:abc")}),
                 QStringLiteral("1")); // only counters went
        QCOMPARE(auditCount(QStringLiteral("redis.clear_ratelimits")), 1);

        QCOMPARE(call("POST", "/admin/redis/flushdb", R"({"confirm":"yes"})", m_sre).status, 400);
        QVERIFY(call("POST", "/admin/redis/flushdb?dry_run=true", {}, m_sre).json("/would/keys").toInt() >=
                1);
        QCOMPARE(m_stack.redis().cli({QStringLiteral("EXISTS"), QStringLiteral("api_key:abc")}),
                 QStringLiteral("1"));
        auto flushed = call("POST", "/admin/redis/flushdb", R"({"confirm":"FLUSHDB"})", m_sre);
        QCOMPARE(flushed.status, 200);
        QCOMPARE(m_stack.redis().cli({QStringLiteral("EXISTS"), QStringLiteral("api_key:abc")}),
                 QStringLiteral("0"));
        QCOMPARE(auditCount(QStringLiteral("redis.flushdb")), 1);
    }

    void healthCheckAndOutageChecklist()
    {
        auto noNodes = call("GET", "/admin/health-check", {}, m_sre);
        QCOMPARE(noNodes.status, 200);
        QCOMPARE(noNodes.json("/checks/api/status"), QByteArray("ok"));
        QCOMPARE(noNodes.json("/checks/database/status"), QByteArray("ok"));
        QCOMPARE(noNodes.json("/checks/redis/status"), QByteArray("ok"));
        QCOMPARE(noNodes.json("/checks/active_nodes/status"), QByteArray("fail"));
        QCOMPARE(noNodes.json("/status"), QByteArray("fail"));
        QVERIFY(!noNodes.json("/checks/redis_memory/used_memory_human").isEmpty());

        QVERIFY(!insertNode(m_stack.db(), {}, {}, QStringLiteral("active"), QStringLiteral("fresh")).isEmpty());
        QVERIFY(!insertNode(m_stack.db(), {}, {}, QStringLiteral("active"), QStringLiteral("stale"), 600).isEmpty());
        m_stack.db().scalar(QStringLiteral("INSERT INTO request_logs (request_id, status_code, status) VALUES "
                                    "('r1', 502, 'failed'), ('r2', 200, 'completed')"));
        auto report = call("GET", "/admin/health-check", {}, m_sre);
        QCOMPARE(report.json("/checks/active_nodes/count"), QByteArray("2"));
        QCOMPARE(report.json("/checks/active_nodes/status"), QByteArray("ok"));
        QCOMPARE(report.json("/checks/stale_nodes/status"), QByteArray("warn"));
        QCOMPARE(report.json("/checks/recent_errors/count"), QByteArray("1"));
        QCOMPARE(report.json("/checks/recent_errors/status"), QByteArray("warn"));
        QCOMPARE(report.json("/status"), QByteArray("warn"));

        auto checklist = call("GET", "/admin/outage-checklist?host=localhost", {}, m_sre);
        QCOMPARE(checklist.status, 200);
        QCOMPARE(checklist.json("/checklist/2/title"), QByteArray("Check database"));
        QCOMPARE(checklist.json("/checklist/2/check"), QByteArray("database")); // its values travel with it, for clients to word
        QVERIFY(checklist.json("/checklist/2/latency_ms") != QByteArray("<absent>"));
        QCOMPARE(checklist.json("/checklist/2/status"), QByteArray("ok"));
        QCOMPARE(checklist.json("/checklist/3/status"), QByteArray("ok"));
        QCOMPARE(checklist.json("/checklist/4/status"), QByteArray("ok")); // localhost resolves
        QCOMPARE(checklist.json("/checklist/5/status"),
                 QByteArray("fail")); // nothing serves TLS on localhost:443
        QCOMPARE(call("GET", "/admin/health-check?checklist=true", {}, m_sre).json("/checklist/0/step"),
                 QByteArray("1"));
        QCOMPARE(call("GET",
                      "/admin/outage-checklist?host=" + QUrl::toPercentEncoding(QString::fromLatin1(kSql)),
                      {}, m_sre)
                     .status,
                 400);
        QCOMPARE(call("GET", "/admin/health-check", {}, m_support).status, 403);
    }

    void sqlMetacharactersInEveryParameterAreRefused_data()
    {
        const QByteArray e = QUrl::toPercentEncoding(QString::fromLatin1(kSql));
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("status");
        QTest::newRow("terminate pid") << QByteArray("POST") << "/admin/db/terminate/" + e << 400;
        QTest::newRow("cancel pid") << QByteArray("POST") << "/admin/db/cancel/" + e << 400;
        QTest::newRow("vacuum table") << QByteArray("POST") << "/admin/db/vacuum/" + e << 400;
        QTest::newRow("create index") << QByteArray("POST") << "/admin/db/indexes/" + e << 404;
        QTest::newRow("token id") << QByteArray("GET") << "/admin/tokens/" + e << 404;
        QTest::newRow("revoke token id") << QByteArray("DELETE") << "/admin/tokens/" + e << 404;
        QTest::newRow("min_seconds") << QByteArray("GET") << "/admin/db/long-queries?min_seconds=" + e << 400;
        QTest::newRow("audit since") << QByteArray("GET") << "/admin/audit?since=" + e << 400;
        QTest::newRow("audit until") << QByteArray("GET") << "/admin/audit?until=" + e << 400;
        QTest::newRow("audit result") << QByteArray("GET") << "/admin/audit?result=" + e << 400;
        // Free-text filters are bound, never interpolated: they simply match nothing.
        QTest::newRow("audit action") << QByteArray("GET") << "/admin/audit?action=" + e << 200;
        QTest::newRow("audit token_name") << QByteArray("GET") << "/admin/audit?token_name=" + e << 200;
        QTest::newRow("audit target") << QByteArray("GET") << "/admin/audit?target=" + e << 200;
        QTest::newRow("tokens limit") << QByteArray("GET") << "/admin/tokens?limit=" + e << 200;
        QTest::newRow("checklist host") << QByteArray("GET") << "/admin/outage-checklist?host=" + e << 400;
    }

    void sqlMetacharactersInEveryParameterAreRefused()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(int, status);
        const qint64 audits = m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toLongLong();
        auto r = call(method, path, {}, QByteArray(DaemonProcess::kAdminToken));
        QCOMPARE(r.status, status);
        if (status >= 400)
            QVERIFY2(r.json("/error/message") != "<absent>", r.body.constData());
        else if (!path.contains("limit="))
            QCOMPARE(r.json("/data"), QByteArray("[]"));
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toLongLong(),
                 audits); // nothing executed
        QVERIFY(m_stack.db().scalar(QStringLiteral("SELECT to_regclass('tenants') IS NOT NULL")).toBool());
    }

    void metricsParseStrictlyAndUseRoutePatterns()
    {
        call("GET", "/admin/tokens/11111111-2222-3333-4444-555555555555");
        RawHttp::get(m_stack.port(), "/no/such/route/" + QByteArray(kSql).toPercentEncoding());
        auto r = RawHttp::get(m_stack.port(), "/metrics");
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/plain; version=0.0.4"));
        const crosslogic::PrometheusText p = crosslogic::PrometheusText::parse(r.body);
        QVERIFY2(p.isStrict(), qPrintable(p.problems().join(QLatin1Char('\n'))));
        QVERIFY(p.value("http_requests_total", {{"method", "GET"}, {"route", "/admin/tokens/{id}"}, {"status", "404"}}) >= 1);
        QVERIFY(p.value("http_requests_total", {{"method", "POST"}, {"route", "/admin/db/vacuum/{table}"}, {"status", "200"}}) >= 1);
        QVERIFY(p.value("http_requests_total", {{"method", "GET"}, {"route", "(unknown)"}, {"status", "404"}}) >= 1);
        QVERIFY(!r.body.contains("11111111-2222"));
        QVERIFY(!r.body.contains("DROP TABLE"));
        QCOMPARE(p.value("db_pool_size"), 4.0);
        QCOMPARE(p.value("inflight_requests"), 1.0); // this scrape
        for (const char *name :
             {"loadbalancer_requests_total", "loadbalancer_latency_seconds", "loadbalancer_retries_total", "ratelimit_rejections_total",
              "auth_failures_total", "nodes_active", "nodes_stale", "node_health_score", "usage_spool_depth",
              "usage_write_lag_seconds", "billing_retries_total", "db_pool_in_use", "redis_errors_total"})
            QVERIFY2(p.families().contains(name), name);
        QVERIFY(p.sum("http_request_duration_seconds_count") > 0);
    }
};

QTEST_GUILESS_MAIN(TestOps)
#include "test_ops.moc"
