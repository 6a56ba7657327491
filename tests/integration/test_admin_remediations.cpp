// Runbook remediations through the admin API as a support engineer would run them: dry run first (nothing
// changes, nothing is audited), then for real (state changes, one audit row naming who), and refused outside the role.
#include "support/teststack.h"

#include <QtTest>

using namespace crosslogic::test;

class TestAdminRemediations : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    QByteArray m_supportToken;

    int audits(const QString &action) { return m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = '%1'").arg(action)).toInt(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        QVERIFY(m_stack.addDaemon().start());
        m_supportToken = m_stack.admin().createToken("support-alice", "support");
        QVERIFY(!m_supportToken.isEmpty());
    }

    void keyRevokeAndReactivate()
    {
        AdminApi root(m_stack.port());
        AdminApi support(m_stack.port(), m_supportToken);
        const TestKey k = root.createKey();
        const QString keyStatus = QStringLiteral("SELECT status FROM api_keys WHERE id = '%1'").arg(QString::fromLatin1(k.keyId));

        const int before = audits(QStringLiteral("api_key.revoke"));
        auto dry = support.call("POST", "/admin/api-keys/" + k.keyId + "/revoke?dry_run=true");
        QCOMPARE(dry.status, 200);
        QCOMPARE(dry.json("/dry_run"), QByteArray("true"));
        QCOMPARE(dry.json("/would/after/status"), QByteArray("revoked"));
        QCOMPARE(m_stack.db().scalar(keyStatus).toString(), QStringLiteral("active"));
        QCOMPARE(audits(QStringLiteral("api_key.revoke")), before);

        auto real = support.call("POST", "/admin/api-keys/" + k.keyId + "/revoke");
        QCOMPARE(real.status, 200);
        QCOMPARE(m_stack.db().scalar(keyStatus).toString(), QStringLiteral("revoked"));
        QCOMPARE(audits(QStringLiteral("api_key.revoke")), before + 1);
        const QString row = QStringLiteral("SELECT token_name || '|' || role || '|' || target || '|' || result FROM audit_log WHERE id = %1")
                                .arg(QString::fromLatin1(real.json("/audit_id")));
        QCOMPARE(m_stack.db().scalar(row).toString(), QStringLiteral("support-alice|support|%1|ok").arg(QString::fromLatin1(k.keyId)));

        QCOMPARE(support.call("POST", "/admin/api-keys/" + k.keyId + "/activate").status, 200);
        QCOMPARE(m_stack.db().scalar(keyStatus).toString(), QStringLiteral("active"));
        QCOMPARE(support.call("DELETE", "/admin/api-keys/" + k.keyId + "/cache").status, 200);
        QVERIFY(audits(QStringLiteral("api_key.clear_cache")) >= 1);
    }

    void tenantSuspendAndLimits()
    {
        AdminApi root(m_stack.port());
        AdminApi support(m_stack.port(), m_supportToken);
        const TestKey k = root.createKey();
        const QString tenantStatus = QStringLiteral("SELECT status FROM tenants WHERE id = '%1'").arg(QString::fromLatin1(k.tenantId));
        QCOMPARE(support.call("POST", "/admin/tenants/" + k.tenantId + "/suspend?dry_run=true").json("/would/keys_affected"), QByteArray("1"));
        QCOMPARE(m_stack.db().scalar(tenantStatus).toString(), QStringLiteral("active"));
        QCOMPARE(support.call("POST", "/admin/tenants/" + k.tenantId + "/suspend", "{\"reason\":\"chargeback\"}").status, 200);
        QCOMPARE(m_stack.db().scalar(tenantStatus).toString(), QStringLiteral("suspended"));
        QCOMPARE(support.call("POST", "/admin/tenants/" + k.tenantId + "/activate").status, 200);
        QCOMPARE(m_stack.db().scalar(tenantStatus).toString(), QStringLiteral("active"));

        // Runbook §2.1 "increase key rate limit" as an audited PATCH.
        QCOMPARE(support.call("PATCH", "/admin/api-keys/" + k.keyId, "{\"rate_limit_requests_per_min\":120}").status, 200);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT rate_limit_requests_per_min FROM api_keys WHERE id = '%1'").arg(QString::fromLatin1(k.keyId))).toInt(), 120);
        QVERIFY(audits(QStringLiteral("api_key.update")) >= 1);
    }

    void supportIsRefusedOnSreActions()
    {
        AdminApi support(m_stack.port(), m_supportToken);
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

    // The operator's reason (X-Audit-Reason, percent-encoded UTF-8) lands in the audit row and in GET /admin/audit;
    // a bad one is refused before anything changes.
    void reasonIsAuditedAndBadReasonsChangeNothing()
    {
        AdminApi root(m_stack.port());
        const TestKey k = root.createKey();
        const QString keyStatus = QStringLiteral("SELECT status FROM api_keys WHERE id = '%1'").arg(QString::fromLatin1(k.keyId));
        const int before = audits(QStringLiteral("api_key.revoke"));
        const QByteArray tooLong = QByteArray(501, 'x');
        QCOMPARE(root.call("POST", "/admin/api-keys/" + k.keyId + "/revoke", {}, {{"X-Audit-Reason", tooLong}}).status, 400);
        auto control = root.call("POST", "/admin/api-keys/" + k.keyId + "/revoke", {}, {{"X-Audit-Reason", "line%0Abreak"}});
        QCOMPARE(control.status, 400);
        QVERIFY2(control.body.contains("X-Audit-Reason"), control.body.constData());
        QCOMPARE(m_stack.db().scalar(keyStatus).toString(), QStringLiteral("active"));
        QCOMPARE(audits(QStringLiteral("api_key.revoke")), before);

        const QString reason = QStringLiteral("Ticket 4711: Schlüssel geleakt");
        auto real = root.call("POST", "/admin/api-keys/" + k.keyId + "/revoke", {}, {{"X-Audit-Reason", reason.toUtf8().toPercentEncoding()}});
        QCOMPARE(real.status, 200);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT reason FROM audit_log WHERE id = %1").arg(QString::fromLatin1(real.json("/audit_id")))).toString(),
                 reason);
        auto listed = root.call("GET", "/admin/audit?action=api_key.revoke&target=" + k.keyId);
        QCOMPARE(QString::fromUtf8(listed.json("/data/0/reason")), reason);
    }

    // Every reversible action names its inverse ("undo"); running it puts the previous state back.
    void undoRestoresThePreviousState()
    {
        AdminApi root(m_stack.port());
        const TestKey k = root.createKey("\"rate_limit_requests_per_min\":60");
        auto patched = root.call("PATCH", "/admin/api-keys/" + k.keyId, "{\"rate_limit_requests_per_min\":5}");
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.json("/undo/method"), QByteArray("PATCH"));
        QCOMPARE(patched.json("/undo/body"), QByteArray("{\"rate_limit_requests_per_min\":60}"));
        QCOMPARE(root.call(patched.json("/undo/method"), patched.json("/undo/path"), patched.json("/undo/body")).status, 200);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT rate_limit_requests_per_min FROM api_keys WHERE id = '%1'").arg(QString::fromLatin1(k.keyId))).toInt(), 60);

        auto suspended = root.call("POST", "/admin/tenants/" + k.tenantId + "/suspend", "{\"reason\":\"test\"}");
        QCOMPARE(suspended.json("/undo/path"), "/admin/tenants/" + k.tenantId + "/activate");
        QCOMPARE(root.call("POST", suspended.json("/undo/path"), suspended.json("/undo/body")).status, 200);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT status FROM tenants WHERE id = '%1'").arg(QString::fromLatin1(k.tenantId))).toString(),
                 QStringLiteral("active"));

        // drain -> activate: the new inverse route; only a draining node can be activated.
        QVERIFY(m_stack.startEngineNode(QStringLiteral("undo-model"), {}, QStringLiteral("undo-cluster")));
        const QByteArray node = m_stack.db().scalar(QStringLiteral("SELECT id FROM nodes WHERE cluster_name = 'undo-cluster'")).toString().toLatin1();
        QCOMPARE(root.call("POST", "/admin/nodes/" + node + "/activate").status, 409);
        auto drained = root.call("POST", "/admin/nodes/" + node + "/drain");
        QCOMPARE(drained.status, 200);
        QCOMPARE(drained.json("/undo/path"), "/admin/nodes/" + node + "/activate");
        auto activated = root.call("POST", drained.json("/undo/path"), drained.json("/undo/body"));
        QCOMPARE(activated.status, 200);
        QCOMPARE(activated.json("/after/status"), QByteArray("active"));
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT status FROM nodes WHERE id = '%1'").arg(QString::fromLatin1(node))).toString(),
                 QStringLiteral("active"));
        // The refused attempt is audited as an error, the undo as ok.
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT string_agg(left(result, 5), ',' ORDER BY id) FROM audit_log WHERE action = 'node.activate'")).toString(),
                 QStringLiteral("error,ok"));
        // Terminating has no inverse: no undo offered.
        QCOMPARE(root.call("POST", "/admin/nodes/" + node + "/terminate?dry_run=true").json("/would/undo"), QByteArray("<absent>"));
    }

    // Which tenant a Stripe customer's payments act on: admin only, and one tenant per customer id.
    void stripeCustomerIdIsAdminOnlyAndUnique()
    {
        AdminApi root(m_stack.port());
        AdminApi support(m_stack.port(), m_supportToken);
        const TestKey a = root.createKey(), b = root.createKey();
        auto refused = support.call("PATCH", "/admin/tenants/" + a.tenantId, "{\"stripe_customer_id\":\"cus_support\"}");
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json("/error/code"), QByteArray("missing_permission"));
        QCOMPARE(support.call("POST", "/admin/tenants", "{\"name\":\"s1\",\"stripe_customer_id\":\"cus_support\"}").status, 403);
        QCOMPARE(support.call("PATCH", "/admin/tenants/" + a.tenantId, "{\"name\":\"renamed-by-support\"}").status, 200);
        QCOMPARE(root.call("PATCH", "/admin/tenants/" + a.tenantId, "{\"stripe_customer_id\":\"cus_shared\"}").status, 200);
        auto twice = root.call("PATCH", "/admin/tenants/" + b.tenantId, "{\"stripe_customer_id\":\"cus_shared\"}");
        QCOMPARE(twice.status, 409);
        QVERIFY2(!twice.body.contains("ERROR"), twice.body.constData());
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM tenants WHERE stripe_customer_id = 'cus_shared'")).toInt(), 1);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'tenant.update' AND target = '%1'"
                                                    " AND parameters->>'stripe_customer_id' = 'cus_shared' AND result = 'ok'")
                                         .arg(QString::fromLatin1(a.tenantId))).toInt(), 1);
    }

    void hostileIdentifiersChangeNothing()
    {
        AdminApi root(m_stack.port());
        const int tenants = m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM tenants")).toInt();
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
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM tenants")).toInt(), tenants);
    }
};

QTEST_GUILESS_MAIN(TestAdminRemediations)
#include "test_admin_remediations.moc"
