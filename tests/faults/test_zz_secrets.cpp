// Runs last: no secret the suite used appears in any daemon log, in /metrics or in the audit log (invariant 4).
#include "support/teststack.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QtTest>

using namespace crosslogic::test;

namespace {
// The secrets the suite uses (see DaemonProcess, test_fleet, test_config), and the shapes of full customer keys.
const QByteArray kNodeToken = "node-token-for-tests-0123456789";
const QByteArray kStripeKey = "sk_test_secretscan0123456789abcdef";
const QByteArray kWebhookSecret = "whsec_secretscan0123456789abcdef";

const QList<QRegularExpression> &patterns()
{
    static const QList<QRegularExpression> list = {
        QRegularExpression(QRegularExpression::escape(QLatin1String(DaemonProcess::kAdminToken))),
        QRegularExpression(QRegularExpression::escape(QString::fromLatin1(kNodeToken))),
        QRegularExpression(QStringLiteral("clsk_(live|test)_[0-9A-Za-z]{38}")), // a full key; the 12-char prefix is fine
        QRegularExpression(QStringLiteral("\\b[sr]k_(test|live)_[0-9A-Za-z]{8,}")),
        QRegularExpression(QStringLiteral("whsec_[0-9A-Za-z]{8,}")),
    };
    return list;
}

// "file:line: secret-shape" for every hit in text.
QStringList scan(const QString &where, const QByteArray &text)
{
    QStringList hits;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines[i]);
        for (const QRegularExpression &re : patterns())
            if (re.match(line).hasMatch())
                hits << QStringLiteral("%1:%2: matches /%3/").arg(where).arg(i + 1).arg(re.pattern());
    }
    return hits;
}
} // namespace

class TestZzSecrets : public QObject
{
    Q_OBJECT

private slots:
    void patternsFindWhatTheyMustFind()
    {
        // The scanner itself can fail: each secret shape is found, a display prefix is not.
        QCOMPARE(scan(QStringLiteral("x"), "key=clsk_live_0123456789ABCDEFGHIJKLMNOPQRSTUVwxyzab").size(), 1);
        QCOMPARE(scan(QStringLiteral("x"), "prefix clsk_live_01 ok").size(), 0);
        QCOMPARE(scan(QStringLiteral("x"), "token test-admin-token-0123456789 x\n" + kStripeKey + '\n' + kWebhookSecret + '\n' + kNodeToken).size(), 4);
    }

    void ownRunLeaksNothing()
    {
        TestStack stack;
        QVERIFY(stack.start());
        DaemonProcess &daemon = stack.addDaemon({{"STRIPE_SECRET_KEY", kStripeKey},
                                                 {"STRIPE_WEBHOOK_SECRET", kWebhookSecret},
                                                 {"STRIPE_API_BASE", "http://127.0.0.1:1"},
                                                 {"NODE_REGISTRATION_TOKEN", kNodeToken}});
        QVERIFY2(daemon.start(), daemon.log().constData());
        const quint16 port = daemon.port();
        AdminApi admin(port);
        const TestKey key = admin.createKey();
        QVERIFY(key.key.size() == 48);
        // Uses and misuses that put keys and tokens in front of the logging code: good, typo'd, revoked, wrong tokens.
        QCOMPARE(RawHttp::get(port, "/v1/models", bearer(key.key)).status, 200);
        QByteArray typo = key.key;
        typo[typo.size() - 1] = typo.back() == 'a' ? 'b' : 'a';
        QCOMPARE(RawHttp::get(port, "/v1/models", bearer(typo)).status, 401);
        QCOMPARE(RawHttp::post(port, "/v1/chat/completions", "{\"model\":\"none\",\"messages\":[{\"role\":\"user\",\"content\":\"" + key.key + "\"}]}",
                               bearer(key.key)).status / 100, 4);
        QCOMPARE(admin.call("POST", "/admin/api-keys/" + key.keyId + "/revoke").status / 100, 2);
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(port, "/v1/models", bearer(key.key)).status, 401, 3000);
        QCOMPARE(AdminApi(port, QByteArray(DaemonProcess::kAdminToken) + "x").call("GET", "/admin/tenants").status, 401);
        RawHttp::post(port, "/admin/nodes/register", "{}", {{"Authorization", "Bearer " + kNodeToken + "x"}});
        RawHttp::post(port, "/admin/nodes/register", "{}", {{"Authorization", "Bearer " + kNodeToken}});
        RawHttp::post(port, "/webhooks/stripe", "{}", {{"Stripe-Signature", "t=1,v1=" + kWebhookSecret}});

        const HttpResult metrics = RawHttp::get(port, "/metrics", {});
        QCOMPARE(metrics.status, 200);
        QStringList hits = scan(QStringLiteral("/metrics"), metrics.body);
        QSqlQuery q(stack.db().db());
        QVERIFY(q.exec(QStringLiteral("SELECT id, audit_log::text FROM audit_log ORDER BY id")));
        int auditRows = 0;
        while (q.next()) {
            ++auditRows;
            hits << scan(QStringLiteral("audit_log id %1").arg(q.value(0).toLongLong()), q.value(1).toByteArray());
        }
        QVERIFY(auditRows >= 2);
        daemon.terminate();
        QVERIFY(daemon.waitForExit(15000));
        hits << scan(daemon.logPath(), daemon.log());
        qInfo("own run: /metrics %lld bytes, %d audit rows, log %lld bytes scanned", qint64(metrics.body.size()), auditRows,
              qint64(daemon.log().size()));
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(u'\n')));
    }

    void suiteLogsLeakNothing()
    {
        const QString dir = qEnvironmentVariable("CROSSLOGIC_TEST_LOG_DIR");
        if (dir.isEmpty())
            QSKIP("CROSSLOGIC_TEST_LOG_DIR is not set (scripts/test.sh sets it); only this test's own run was scanned");
        QStringList hits;
        int files = 0;
        qint64 bytes = 0;
        QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray text = f.readAll();
            ++files;
            bytes += text.size();
            hits << scan(path, text);
        }
        qInfo("scanned %d log files (%lld bytes) in %s: %lld hits", files, bytes, qPrintable(dir), qint64(hits.size()));
        QVERIFY2(files > 0, "no log files: the daemon logs were not written where the suite expects them");
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestZzSecrets)
#include "test_zz_secrets.moc"
