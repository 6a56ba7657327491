// HTTP/1.1 conformance of the daemon's own server over raw sockets (issue 24): HEAD answers carry no body on any
// GET route and the connection stays usable; oversized heads, targets and bodies are answered 431/414/413 and the
// client reads that answer; exactly one Host; only HTTP/1.x (505 otherwise).
#include "support/teststack.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QtTest>

using namespace crosslogic::test;

namespace {
const QByteArray kAdminToken = "test-admin-token-0123456789";

struct Response
{
    int status = 0;
    QByteArray head; // lower-cased
    QByteArray body;
};

// Reads one response from a keep-alive connection: the head, then exactly the body its framing announces (none
// for a HEAD request). Bytes after it stay in the socket for the next response.
bool readResponse(QTcpSocket &s, QByteArray &buffer, bool headRequest, Response *out, int timeoutMs = 5000)
{
    QElapsedTimer t;
    t.start();
    auto fill = [&] {
        if (s.bytesAvailable() == 0 && !s.waitForReadyRead(int(qMax<qint64>(1, timeoutMs - t.elapsed()))))
            return false;
        buffer += s.readAll();
        return true;
    };
    qsizetype end;
    while ((end = buffer.indexOf("\r\n\r\n")) < 0)
        if (!fill())
            return false;
    out->head = buffer.left(end).toLower();
    buffer.remove(0, end + 4);
    out->status = out->head.mid(9, 3).toInt();
    out->body.clear();
    if (headRequest || out->status == 204 || out->status == 304)
        return true;
    const QRegularExpressionMatch length =
        QRegularExpression(QStringLiteral("\r\ncontent-length: (\\d+)")).match(QString::fromLatin1(out->head));
    if (!length.hasMatch())
        return false; // every non-stream answer of the daemon has a Content-Length
    const qsizetype n = length.captured(1).toLongLong();
    while (buffer.size() < n)
        if (!fill())
            return false;
    out->body = buffer.left(n);
    buffer.remove(0, n);
    return true;
}

// Writes all of raw (as far as the server takes it) and reads until the server closes the connection.
QByteArray sendAndReadToClose(quint16 port, const QByteArray &raw, bool *closed, int timeoutMs = 8000)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(3000))
        return {};
    s.write(raw);
    QByteArray got;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs && s.state() == QAbstractSocket::ConnectedState) {
        if (s.bytesToWrite() > 0)
            s.waitForBytesWritten(50);
        else
            s.waitForReadyRead(50);
        got += s.readAll();
    }
    got += s.readAll();
    *closed = s.state() != QAbstractSocket::ConnectedState;
    return got;
}

QByteArray codeOf(const QByteArray &response)
{
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("\"code\":\"([a-z_]+)\"")).match(QString::fromLatin1(response));
    return m.captured(1).toLatin1();
}
} // namespace

class TestHttpConformance : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    TestKey m_key;

    quint16 port() const { return m_stack.port(); }

    static QStringList getRoutes()
    {
        QProcess p;
        p.start(QStringLiteral(CROSSLOGICD_PATH), {QStringLiteral("routes"), QStringLiteral("--env-file"), QStringLiteral("/dev/null")});
        p.waitForFinished(20000);
        QStringList paths;
        for (const QByteArray &line : p.readAllStandardOutput().split('\n'))
            if (line.startsWith("GET "))
                paths << QString::fromUtf8(line.mid(4).trimmed());
        return paths;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        QVERIFY(m_stack.startEngineNode(QStringLiteral("demo-model"), "--ttft-ms 5") != nullptr);
        DaemonProcess &daemon = m_stack.addDaemon({{"MAX_BODY_BYTES", "65536"}});
        QVERIFY2(daemon.start(), daemon.log().constData());
        m_key = m_stack.admin().createKey();
        QVERIFY(TestStack::waitForModel(port(), m_key.key, "demo-model"));
    }

    // Every GET route, asked with HEAD on one keep-alive connection: the status a GET gets, the head only, and the
    // next request on the same connection reads back as a whole response (a stray body would corrupt it).
    void headOnEveryGetRouteHasNoBody()
    {
        const QStringList routes = getRoutes();
        QVERIFY2(routes.size() > 15, qPrintable(routes.join(QLatin1Char(' '))));
        qInfo("%lld GET routes, each asked with HEAD (and GET) on one connection", qint64(routes.size()));
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(s.waitForConnected(3000));
        QByteArray buffer;
        for (const QString &route : routes) {
            QString path = route;
            path.replace(QRegularExpression(QStringLiteral("\\{[^}]*\\}")), QStringLiteral("x1"));
            const QByteArray auth = path.startsWith(QLatin1String("/v1/")) ? m_key.key : kAdminToken;
            const QByteArray common = ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + auth + "\r\n\r\n";
            s.write("HEAD" + common);
            Response head;
            QVERIFY2(readResponse(s, buffer, true, &head), qPrintable(route));
            QVERIFY2(head.status >= 200 && head.status != 405, qPrintable(route + QLatin1Char(' ') + QString::fromLatin1(head.head)));
            QVERIFY2(head.head.contains("\r\nconnection: keep-alive"), qPrintable(route));
            // Nothing follows the head: give a stray body time to arrive, then see that none did.
            s.waitForReadyRead(30);
            buffer += s.readAll();
            QVERIFY2(buffer.isEmpty(), qPrintable(route + QStringLiteral(": ") + QString::fromLatin1(buffer.left(80))));
            if (head.head.contains("content-type: text/event-stream"))
                continue; // a held stream: its GET never ends
            s.write("GET" + common);
            Response get;
            QVERIFY2(readResponse(s, buffer, false, &get), qPrintable(route));
            QVERIFY2(get.status == head.status, qPrintable(QStringLiteral("%1: HEAD %2, GET %3").arg(route).arg(head.status).arg(get.status)));
            QCOMPARE(buffer, QByteArray()); // nothing beyond the GET's announced body either
        }
        // An unknown route and a 405 under HEAD too.
        for (const QByteArray &path : {QByteArray("/no/such/route"), QByteArray("/v1/chat/completions")}) {
            s.write("HEAD " + path + " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + m_key.key + "\r\n\r\n");
            Response r;
            QVERIFY(readResponse(s, buffer, true, &r));
            QVERIFY2(r.status == 404 || r.status == 405, r.head.constData());
        }
        s.write("GET /health HTTP/1.1\r\nHost: a\r\n\r\n");
        Response last;
        QVERIFY(readResponse(s, buffer, false, &last));
        QCOMPARE(last.status, 200);
        QVERIFY2(last.body.startsWith('{'), last.body.constData());
        QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
    }

    // The limits are answered, and the client reads the answer even though it sent more than the server read.
    void oversizedRequestsReadBackTheirStatus_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        const QByteArray chat = "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ";
        QTest::newRow("header 431") << ("GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(200 * 1024, 'h') + "\r\n\r\n") << 431
                                    << QByteArray("headers_too_large");
        QTest::newRow("many headers 431") << ("GET /health HTTP/1.1\r\nHost: a\r\n" + QByteArray("X-A: b\r\n").repeated(5000) + "\r\n")
                                          << 431 << QByteArray("headers_too_large");
        QTest::newRow("uri 414") << ("GET /health?q=" + QByteArray(200 * 1024, 'u') + " HTTP/1.1\r\nHost: a\r\n\r\n") << 414
                                 << QByteArray("uri_too_long");
        QTest::newRow("content-length 413")
            << (chat + "k\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n" + QByteArray(1048576, ' ')) << 413
            << QByteArray("body_too_large");
        QTest::newRow("chunked 413")
            << (chat + "k\r\nTransfer-Encoding: chunked\r\n\r\n" + QByteArray("4000\r\n" + QByteArray(0x4000, ' ') + "\r\n").repeated(40)
                + "0\r\n\r\n")
            << 413 << QByteArray("body_too_large");
    }
    void oversizedRequestsReadBackTheirStatus()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        for (int i = 0; i < 3; ++i) { // not a lucky race: every time
            bool closed = false;
            const QByteArray got = sendAndReadToClose(port(), raw, &closed);
            QVERIFY2(got.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ')), got.left(200).constData());
            QCOMPARE(codeOf(got), code);
            QVERIFY2(got.toLower().contains("\r\nconnection: close"), got.left(300).constData());
            QVERIFY2(closed, "the server closes after refusing");
        }
        QCOMPARE(RawHttp::get(port(), "/health").status, 200);
    }

    void hostAndVersion_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("second Host") << QByteArray("GET /health HTTP/1.1\r\nHost: a\r\nHost: admin.internal\r\n\r\n") << 400
                                     << QByteArray("duplicate_host");
        QTest::newRow("two Hosts, HTTP/1.0") << QByteArray("GET /health HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n") << 400
                                             << QByteArray("duplicate_host");
        QTest::newRow("no Host on HTTP/1.1") << QByteArray("GET /health HTTP/1.1\r\nAccept: */*\r\n\r\n") << 400
                                             << QByteArray("missing_host");
        QTest::newRow("HTTP/2.0") << QByteArray("GET /health HTTP/2.0\r\nHost: a\r\n\r\n") << 505
                                  << QByteArray("http_version_not_supported");
        QTest::newRow("HTTP/3.0") << QByteArray("GET /health HTTP/3.0\r\nHost: a\r\n\r\n") << 505
                                  << QByteArray("http_version_not_supported");
        QTest::newRow("HTTP/0.9-style line") << QByteArray("GET /health\r\n\r\n") << 505 << QByteArray("http_version_not_supported");
    }
    void hostAndVersion()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        bool closed = false;
        const QByteArray got = sendAndReadToClose(port(), raw, &closed);
        QVERIFY2(got.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ')), got.left(200).constData());
        QCOMPARE(codeOf(got), code);
        QVERIFY(closed);
        // HTTP/1.0 without Host is still fine, and so is one Host.
        QCOMPARE(RawHttp::exchange(port(), "GET /health HTTP/1.0\r\n\r\n").status, 200);
        QCOMPARE(RawHttp::get(port(), "/health").status, 200);
    }
};

QTEST_GUILESS_MAIN(TestHttpConformance)
#include "test_http_conformance.moc"
