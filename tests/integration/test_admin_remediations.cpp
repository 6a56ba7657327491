// Runbook remediations through the admin API as a support engineer would run them: dry run first (nothing
// changes, nothing is audited), then for real (state changes, one audit row naming who), and refused outside the role.
#include "support/adminapi.h"
#include "support/daemonprocess.h"
#include "support/rawhttp.h"
#include "support/testdatabase.h"
#include "support/testredis.h"

#include <QtTest>

using namespace crosslogic::test;

class TestAdminRemediations : public QObject
{
    Q_OBJECT
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<TestRedis> m_redis;
    std::unique_ptr<DaemonProcess> m_daemon;
    QByteArray m_supportToken;

    int audits(const QString &action) { return m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = '%1'").arg(action)).toInt(); }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<TestDatabase>();
        m_redis = std::make_unique<TestRedis>();
        QVERIFY(m_redis->start());
        m_daemon = std::make_unique<DaemonProcess>(m_db->url(), m_redis->url());
        QVERIFY(m_daemon->start());
        const HttpResult token = AdminApi(m_daemon->port()).call("POST", "/admin/tokens", "{\"name\":\"support-alice\",\"role\":\"support\"}");
        QCOMPARE(token.status, 201);
        m_supportToken = token.json("/token");
        QVERIFY(!m_supportToken.isEmpty());
    }

    void keyRevokeAndReactivate()
    {
        AdminApi root(m_daemon->port());
        AdminApi support(m_daemon->port(), m_supportToken);
        const TestKey k = root.createKey();
        const QString keyStatus = QStringLiteral("SELECT status FROM api_keys WHERE id = '%1'").arg(QString::fromLatin1(k.keyId));

        const int before = audits(QStringLiteral("api_key.revoke"));
        auto dry = support.call("POST", "/admin/api-keys/" + k.keyId + "/revoke?dry_run=true");
        QCOMPARE(dry.status, 200);
        QCOMPARE(dry.json("/dry_run"), QByteArray("true"));
        QCOMPARE(dry.json("/would/after/status"), QByteArray("revoked"));
        QCOMPARE(m_db->scalar(keyStatus).toString(), QStringLiteral("active"));
        QCOMPARE(audits(QStringLiteral("api_key.revoke")), before);

        auto real = support.call("POST", "/admin/api-keys/" + k.keyId + "/revoke");
        QCOMPARE(real.status, 200);
        QCOMPARE(m_db->scalar(keyStatus).toString(), QStringLiteral("revoked"));
        QCOMPARE(audits(QStringLiteral("api_key.revoke")), before + 1);
        const QString row = QStringLiteral("SELECT token_name || '|' || role || '|' || target || '|' || result FROM audit_log WHERE id = %1")
                                .arg(QString::fromLatin1(real.json("/audit_id")));
        QCOMPARE(m_db->scalar(row).toString(), QStringLiteral("support-alice|support|%1|ok").arg(QString::fromLatin1(k.keyId)));

        QCOMPARE(support.call("POST", "/admin/api-keys/" + k.keyId + "/activate").status, 200);
        QCOMPARE(m_db->scalar(keyStatus).toString(), QStringLiteral("active"));
        QCOMPARE(support.call("DELETE", "/admin/api-keys/" + k.keyId + "/cache").status, 200);
        QVERIFY(audits(QStringLiteral("api_key.clear_cache")) >= 1);
    }

    void tenantSuspendAndLimits()
    {
        AdminApi root(m_daemon->port());
        AdminApi support(m_daemon->port(), m_supportToken);
        const TestKey k = root.createKey();
        const QString tenantStatus = QStringLiteral("SELECT status FROM tenants WHERE id = '%1'").arg(QString::fromLatin1(k.tenantId));
        QCOMPARE(support.call("POST", "/admin/tenants/" + k.tenantId + "/suspend?dry_run=true").json("/would/keys_affected"), QByteArray("1"));
        QCOMPARE(m_db->scalar(tenantStatus).toString(), QStringLiteral("active"));
        QCOMPARE(support.call("POST", "/admin/tenants/" + k.tenantId + "/suspend", "{\"reason\":\"chargeback\"}").status, 200);
        QCOMPARE(m_db->scalar(tenantStatus).toString(), QStringLiteral("suspended"));
        QCOMPARE(support.call("POST", "/admin/tenants/" + k.tenantId + "/activate").status, 200);
        QCOMPARE(m_db->scalar(tenantStatus).toString(), QStringLiteral("active"));

        // Runbook §2.1 "increase key rate limit" as an audited PATCH.
        QCOMPARE(support.call("PATCH", "/admin/api-keys/" + k.keyId, "{\"rate_limit_requests_per_min\":120}").status, 200);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT rate_limit_requests_per_min FROM api_keys WHERE id = '%1'").arg(QString::fromLatin1(k.keyId))).toInt(), 120);
        QVERIFY(audits(QStringLiteral("api_key.update")) >= 1);
    }

    void supportIsRefusedOnSreActions()
    {
        AdminApi support(m_daemon->port(), m_supportToken);
        for (const auto &call : QList<QPair<QByteArray, QByteArray>>{{"POST", "/admin/nodes/drain-stale"},
                                                                     {"GET", "/admin/nodes"},
                                                                     {"GET", "/admin/db/connections"},
                                                                     {"POST", "/admin/redis/flushdb"},
                                                                     {"POST", "/admin/tokens"}}) {
            const HttpResult r = support.call(call.first, call.second, "{}");
            QCOMPARE(r.status, 403);
            QCOMPARE(r.json("/error/code"), QByteArray("missing_permission"));
            QVERIFY2(r.json("/error/message").contains("lacks the"), r.body.constData());
        }
    }

    void hostileIdentifiersChangeNothing()
    {
        AdminApi root(m_daemon->port());
        const int tenants = m_db->scalar(QStringLiteral("SELECT count(*) FROM tenants")).toInt();
        for (const QByteArray &id : {QByteArray("%27%3B%20DROP%20TABLE%20tenants%3B%20--"), QByteArray("1%20OR%201%3D1"), QByteArray("..%2F..%2Fetc")}) {
            // 404 (no such id) or 400 (a traversal the HTTP layer refuses): a clear 4xx either way, nothing run.
            for (const QByteArray &path : QByteArrayList{QByteArray("/admin/api-keys/" + id + "/revoke"), QByteArray("/admin/tenants/" + id + "/suspend")}) {
                const int status = root.call("POST", path).status;
                QVERIFY2(status == 404 || status == 400, path.constData());
            }
            QVERIFY(root.call("GET", "/admin/api-keys?prefix=" + id).status == 400 || root.call("GET", "/admin/api-keys?prefix=" + id).status == 200);
        }
        QCOMPARE(root.call("POST", "/admin/tenants", "{\"name\": 12}").status, 400);
        QCOMPARE(root.call("POST", "/admin/tenants", "{\"name\": \"x\", \"unknown\": 1}").status, 400);
        QCOMPARE(root.call("PATCH", "/admin/api-keys/00000000-0000-0000-0000-000000000000", "{\"rate_limit_requests_per_min\":-5}").status, 400);
        QCOMPARE(root.call("POST", "/admin/tenants", "{not json").status, 400);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM tenants")).toInt(), tenants);
    }
};

QTEST_GUILESS_MAIN(TestAdminRemediations)
#include "test_admin_remediations.moc"
