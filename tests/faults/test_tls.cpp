// HTTPS: the daemon serves TLS from TLS_CERT_PATH/TLS_KEY_PATH; clients and the node agent verify it against a CA.
#include "support/agentprocess.h"
#include "support/testenv.h"
#include "support/teststack.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>
#include <QtTest>

using namespace crosslogic::test;

namespace {
const QByteArray kNodeToken = "node-token-for-tests-0123456789";

int run(const QString &program, const QStringList &args, QByteArray *out = nullptr, int timeoutMs = 30000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs))
        return -1;
    if (out)
        *out = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}
} // namespace

class TestTls : public QObject
{
    Q_OBJECT
    QString m_dir;
    TestStack m_stack;
    DaemonProcess *m_daemon = nullptr;

    QString path(const char *name) const { return m_dir + QLatin1Char('/') + QLatin1String(name); }
    QString url(const char *p) const { return QStringLiteral("https://127.0.0.1:%1%2").arg(m_daemon->port()).arg(QLatin1String(p)); }

    // curl's exit code: 0 ok, 60 certificate verification failed.
    int curl(const QStringList &extra, const char *p, QByteArray *out = nullptr)
    {
        return run(QStringLiteral("curl"), QStringList{QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("5")} + extra
                                               + QStringList{url(p)}, out);
    }

private slots:
    void initTestCase()
    {
        m_dir = scratchDir() + QStringLiteral("/tls");
        QDir().mkpath(m_dir);
        // A private CA and a server certificate for 127.0.0.1/localhost signed by it.
        QByteArray out;
        QCOMPARE(run(QStringLiteral("openssl"), {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                                                 QStringLiteral("-nodes"), QStringLiteral("-keyout"), path("ca.key"), QStringLiteral("-out"), path("ca.pem"),
                                                 QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=CrossLogic Test CA")},
                     &out), 0);
        QCOMPARE(run(QStringLiteral("openssl"), {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                                                 QStringLiteral("-keyout"), path("server.key"), QStringLiteral("-out"), path("server.csr"),
                                                 QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")},
                     &out), 0);
        QFile ext(path("san.ext"));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        ext.close();
        QVERIFY2(run(QStringLiteral("openssl"), {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), path("server.csr"),
                                                 QStringLiteral("-CA"), path("ca.pem"), QStringLiteral("-CAkey"), path("ca.key"),
                                                 QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), path("server.pem"), QStringLiteral("-days"),
                                                 QStringLiteral("2"), QStringLiteral("-extfile"), path("san.ext")},
                     &out) == 0, out.constData());

        QVERIFY(m_stack.start());
        m_daemon = &m_stack.addDaemon({{"TLS_CERT_PATH", path("server.pem").toUtf8()},
                                       {"TLS_KEY_PATH", path("server.key").toUtf8()},
                                       {"NODE_REGISTRATION_TOKEN", kNodeToken},
                                       {"HTTP_HEADER_TIMEOUT_MS", "2000"}});
        QVERIFY(m_daemon->start(false));
        QElapsedTimer t;
        t.start();
        QByteArray body;
        while (t.elapsed() < 20000 && !(curl({QStringLiteral("--cacert"), path("ca.pem")}, "/ready", &body) == 0 && body.contains("ready")))
            QThread::msleep(100);
        QVERIFY2(body.contains("ready"), m_daemon->log().right(2000).constData());
    }

    void curlVerifiesWithTheCaOnly()
    {
        QByteArray body;
        QCOMPARE(curl({QStringLiteral("--cacert"), path("ca.pem")}, "/health", &body), 0);
        QVERIFY2(body.contains("\"database\":\"ok\""), body.constData());
        const int without = curl({}, "/health", &body);
        qInfo("curl without the CA: exit %d: %s", without, body.trimmed().constData());
        QCOMPARE(without, 60); // SSL certificate problem: unable to get local issuer certificate
        // Plain HTTP to the HTTPS port gets no HTTP answer.
        QVERIFY(run(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("5"),
                                            QStringLiteral("http://127.0.0.1:%1/health").arg(m_daemon->port())},
                    &body) != 0);
        QVERIFY(m_daemon->isRunning());
    }

    void qsslSocketVerifiesWithTheCaOnly()
    {
        for (bool withCa : {true, false}) {
            QSslSocket s;
            QSslConfiguration c = QSslConfiguration::defaultConfiguration();
            if (withCa)
                c.addCaCertificates(path("ca.pem"));
            s.setSslConfiguration(c);
            s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_daemon->port());
            const bool encrypted = s.waitForEncrypted(5000);
            qInfo("QSslSocket %s the CA: encrypted=%d errors=%s", withCa ? "with" : "without", encrypted,
                  qPrintable(s.sslHandshakeErrors().isEmpty() ? QStringLiteral("none") : s.sslHandshakeErrors().first().errorString()));
            QCOMPARE(encrypted, withCa);
            if (withCa) {
                s.write("GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                QByteArray got;
                while (s.waitForReadyRead(3000))
                    got += s.readAll();
                QVERIFY2(got.startsWith("HTTP/1.1 200"), got.constData());
            } else {
                QVERIFY(!s.sslHandshakeErrors().isEmpty());
            }
        }
    }

    void stalledHandshakeIsClosed()
    {
        // A client that connects and never starts the TLS handshake is a slow client too: closed after the
        // header timeout (2 s here), while others are served.
        QTcpSocket idle;
        idle.connectToHost(QHostAddress::LocalHost, m_daemon->port());
        QVERIFY(idle.waitForConnected(3000));
        QElapsedTimer t;
        t.start();
        QByteArray body;
        QCOMPARE(curl({QStringLiteral("--cacert"), path("ca.pem")}, "/ready", &body), 0);
        while (idle.state() == QAbstractSocket::ConnectedState && t.elapsed() < 8000)
            idle.waitForDisconnected(100);
        qInfo("a connection without a TLS handshake was closed after %lld ms", t.elapsed());
        QVERIFY(idle.state() != QAbstractSocket::ConnectedState);
        QVERIFY(t.elapsed() < 5000);
    }

    void nodeAgentVerifiesTheControlPlane()
    {
        for (bool withCa : {false, true}) {
            const QString stateDir = m_dir + (withCa ? QStringLiteral("/agent-ca") : QStringLiteral("/agent-noca"));
            const QString model = withCa ? QStringLiteral("tls-model-ca") : QStringLiteral("tls-model-noca");
            QStringList args{QStringLiteral("--simulate"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--model"), model};
            if (withCa)
                args << QStringLiteral("--ca-cert") << path("ca.pem");
            AgentProcess agent(url(""), stateDir, kNodeToken, args);
            QVERIFY(agent.waitForStarted());
            const QString count = QStringLiteral("SELECT count(*) FROM nodes WHERE model_name = '%1'").arg(model);
            if (withCa) {
                QTRY_COMPARE_WITH_TIMEOUT(m_stack.db().scalar(count).toInt(), 1, 15000);
            } else {
                QTest::qWait(4000);
                QCOMPARE(m_stack.db().scalar(count).toInt(), 0);
            }
            agent.kill();
            const QByteArray text = agent.log();
            qInfo("agent %s --ca-cert: registered=%d; log tail: %s", withCa ? "with" : "without", m_stack.db().scalar(count).toInt(),
                  text.right(300).constData());
            if (!withCa)
                QVERIFY2(text.contains("certificate") || text.contains("SSL") || text.contains("issuer"), text.right(1000).constData());
        }
    }

    void halfConfiguredTlsIsRejected()
    {
        const auto d = m_stack.makeDaemon({{"TLS_CERT_PATH", path("server.pem").toUtf8()}});
        QVERIFY(d->start(false));
        QVERIFY(d->waitForExit(10000));
        QVERIFY(d->exitCode() != 0);
        QVERIFY2(d->log().contains("TLS_KEY_PATH"), d->log().constData());
    }

    void cleanupTestCase()
    {
        if (m_daemon) {
            m_daemon->terminate();
            QVERIFY(m_daemon->waitForExit(15000));
        }
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "test_tls.moc"
