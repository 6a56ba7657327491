// Node endpoint URLs (issue 24): http(s) only, no userinfo, query or fragment; loopback, link-local and the control
// plane's own addresses are refused (400 endpoint_not_allowed) unless NODE_ENDPOINT_ALLOW_NETWORKS lists them. A
// refused registration creates no node.
#include "support/teststack.h"

#include <QNetworkInterface>
#include <QtTest>

using namespace crosslogic::test;

namespace {
const QByteArray kNodeToken = "node-token-for-tests-0123456789";

QByteArray registration(const QByteArray &endpoint)
{
    return "{\"cluster_name\":\"c1\",\"provider\":\"local\",\"model_name\":\"m\",\"endpoint_url\":\"" + endpoint + "\"}";
}
Headers node()
{
    return {{"Authorization", "Bearer " + kNodeToken}, {"Content-Type", "application/json"}};
}

// An address of one of this machine's interfaces that is neither loopback nor link-local (the daemon's own host).
QByteArray ownAddress()
{
    for (const QHostAddress &a : QNetworkInterface::allAddresses())
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback() && !a.isLinkLocal())
            return a.toString().toLatin1();
    return {};
}
} // namespace

class TestNodeEndpoints : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    DaemonProcess *m_strict = nullptr;  // the production default: nothing internal allowed
    DaemonProcess *m_allowing = nullptr; // a development setup: loopback allowed

    qint64 nodeCount() { return m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM nodes")).toLongLong(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        m_strict = &m_stack.addDaemon({{"NODE_REGISTRATION_TOKEN", kNodeToken}, {"NODE_ENDPOINT_ALLOW_NETWORKS", ""}});
        QVERIFY2(m_strict->start(), m_strict->log().constData());
        m_allowing = &m_stack.addDaemon({{"NODE_REGISTRATION_TOKEN", kNodeToken}, {"NODE_ENDPOINT_ALLOW_NETWORKS", "127.0.0.0/8, ::1/128"}});
        QVERIFY2(m_allowing->start(), m_allowing->log().constData());
    }

    void internalEndpointsAreRefusedByDefault_data()
    {
        QTest::addColumn<QByteArray>("endpoint");
        QTest::addColumn<QByteArray>("kind");
        QTest::newRow("loopback") << QByteArray("http://127.0.0.1:8000") << QByteArray("loopback");
        QTest::newRow("loopback, other /8") << QByteArray("http://127.1.2.3:8000") << QByteArray("loopback");
        QTest::newRow("localhost") << QByteArray("http://localhost:6379") << QByteArray("loopback");
        QTest::newRow("localhost.") << QByteArray("http://LOCALHOST.:6379") << QByteArray("loopback");
        QTest::newRow("decimal loopback") << QByteArray("http://2130706433:8000") << QByteArray("loopback");
        QTest::newRow("IPv6 loopback") << QByteArray("http://[::1]:8000") << QByteArray("loopback");
        QTest::newRow("IPv4-mapped loopback") << QByteArray("http://[::ffff:127.0.0.1]:8000") << QByteArray("loopback");
        QTest::newRow("cloud metadata") << QByteArray("http://169.254.169.254/latest") << QByteArray("link-local");
        QTest::newRow("IPv6 link-local") << QByteArray("http://[fe80::1]:8000") << QByteArray("link-local");
        QTest::newRow("unspecified") << QByteArray("http://0.0.0.0:8000") << QByteArray("unspecified");
    }
    void internalEndpointsAreRefusedByDefault()
    {
        QFETCH(QByteArray, endpoint);
        QFETCH(QByteArray, kind);
        const qint64 before = nodeCount();
        const auto r = RawHttp::post(m_strict->port(), "/admin/nodes/register", registration(endpoint), node());
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json("/error/code"), QByteArray("endpoint_not_allowed"));
        QVERIFY2(r.json("/error/message").contains(kind) && r.json("/error/message").contains("NODE_ENDPOINT_ALLOW_NETWORKS"),
                 r.body.constData());
        QCOMPARE(nodeCount(), before);
    }

    void ownAddressIsRefused()
    {
        const QByteArray own = ownAddress();
        QVERIFY2(!own.isEmpty(), "this machine has no non-loopback IPv4 address to test with");
        const auto r = RawHttp::post(m_strict->port(), "/admin/nodes/register", registration("http://" + own + ":8080"), node());
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json("/error/code"), QByteArray("endpoint_not_allowed"));
        QVERIFY2(r.json("/error/message").contains("own"), r.body.constData());
        // Allowing loopback does not allow the control plane's own address.
        QCOMPARE(RawHttp::post(m_allowing->port(), "/admin/nodes/register", registration("http://" + own + ":8080"), node()).status, 400);
    }

    void malformedEndpointsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("endpoint");
        QTest::newRow("ftp") << QByteArray("ftp://10.0.0.5/");
        QTest::newRow("userinfo") << QByteArray("http://user:secret@10.0.0.5:8000");
        QTest::newRow("query") << QByteArray("http://10.0.0.5:8000/?next=/admin");
        QTest::newRow("fragment") << QByteArray("http://10.0.0.5:8000/#x");
        QTest::newRow("no host") << QByteArray("http:///v1");
    }
    void malformedEndpointsAreRefused()
    {
        QFETCH(QByteArray, endpoint);
        for (DaemonProcess *d : {m_strict, m_allowing}) {
            const auto r = RawHttp::post(d->port(), "/admin/nodes/register", registration(endpoint), node());
            QCOMPARE(r.status, 400);
            QCOMPARE(r.json("/error/code"), QByteArray("invalid_registration"));
            QVERIFY2(r.json("/error/message").contains("endpoint_url"), r.body.constData());
            QVERIFY2(!r.body.contains("secret"), r.body.constData());
        }
    }

    void allowedNetworksAndPublicAddressesRegister()
    {
        // A routable address registers on both.
        QCOMPARE(RawHttp::post(m_strict->port(), "/admin/nodes/register", registration("http://10.20.30.40:8000"), node()).status, 201);
        QCOMPARE(RawHttp::post(m_strict->port(), "/admin/nodes/register", registration("https://gpu-1.example.com/v1"), node()).status, 201);
        // Loopback, where the operator allowed it (the local simulated setup).
        for (const QByteArray &e : {QByteArray("http://127.0.0.1:8000"), QByteArray("http://[::1]:8000"), QByteArray("http://localhost:8000")}) {
            const auto r = RawHttp::post(m_allowing->port(), "/admin/nodes/register", registration(e), node());
            QVERIFY2(r.status == 201, qPrintable(QString::fromLatin1(e + ' ' + r.body)));
        }
        // Link-local stays refused there: only the listed networks are allowed.
        QCOMPARE(RawHttp::post(m_allowing->port(), "/admin/nodes/register", registration("http://169.254.169.254"), node()).status, 400);
    }
};

QTEST_GUILESS_MAIN(TestNodeEndpoints)
#include "test_node_endpoints.moc"
