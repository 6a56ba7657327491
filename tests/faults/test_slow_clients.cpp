// Slow clients are cut off by deadlines, not by their silence (issue 24): 200 connections dripping a request head
// at one byte per second and 50 dripping a body are all answered 408 and closed within HTTP_HEADER_TIMEOUT_MS /
// HTTP_BODY_TIMEOUT_MS (2 s here) although every one of them keeps sending, while a well-behaved client keeps its
// p99 under 100 ms and the daemon's memory stays bounded.
#include "faultfixture.h"
#include "support/scrape.h"
#include "support/teststack.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>
#include <QtTest>
#include <algorithm>
#include <atomic>

using namespace crosslogic::test;

namespace {
constexpr int kDeadlineMs = 2000;
constexpr int kHeadDrippers = 200;
constexpr int kBodyDrippers = 50;

qsizetype openDescriptors(qint64 pid)
{
    return QDir(QStringLiteral("/proc/%1/fd").arg(pid)).entryList(QDir::Files | QDir::System).size();
}

struct Dripper
{
    std::unique_ptr<QTcpSocket> socket;
    QByteArray script; // the bytes it sends, one per second
    qsizetype sent = 0;
    QByteArray received;
    qint64 closedAtMs = -1; // since the dripper's first byte
};

// A well-behaved client on its own thread (blocking sockets): one authenticated request every 20 ms.
class GoodClient : public QThread
{
public:
    GoodClient(quint16 port, QByteArray key) : m_port(port), m_key(std::move(key)) {}
    std::atomic<bool> stop{false};
    std::vector<qint64> latenciesUs;
    int failures = 0;

protected:
    void run() override
    {
        QElapsedTimer t;
        while (!stop) {
            t.start();
            const auto r = RawHttp::get(m_port, "/v1/models", bearer(m_key));
            latenciesUs.push_back(t.nsecsElapsed() / 1000);
            failures += r.status == 200 ? 0 : 1;
            QThread::msleep(20);
        }
    }

private:
    quint16 m_port;
    QByteArray m_key;
};
} // namespace

class TestSlowClients : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    DaemonProcess *m_daemon = nullptr;

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        const QByteArray deadline = QByteArray::number(kDeadlineMs);
        m_daemon = &m_stack.addDaemon({{"HTTP_HEADER_TIMEOUT_MS", deadline}, {"HTTP_BODY_TIMEOUT_MS", deadline}, {"HTTP_BODY_MIN_RATE", "1024"}});
        QVERIFY2(m_daemon->start(), m_daemon->log().constData());
    }

    void drippingClientsAreClosedWithinTheDeadlines()
    {
        const TestKey key = m_stack.admin().createKey();
        QCOMPARE(RawHttp::get(m_daemon->port(), "/v1/models", bearer(key.key)).status, 200);
        const qint64 rssStart = residentKb(m_daemon->pid());
        const qsizetype fdsStart = openDescriptors(m_daemon->pid());

        std::vector<Dripper> drippers(kHeadDrippers + kBodyDrippers);
        const QByteArray headScript = "GET /v1/models HTTP/1.1\r\nHost: a\r\nX-Slow: " + QByteArray(60, 'x');
        const QByteArray body = "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QByteArray(200, 'y') + "\"}]}";
        for (size_t i = 0; i < drippers.size(); ++i) {
            Dripper &d = drippers[i];
            d.socket = std::make_unique<QTcpSocket>();
            d.socket->connectToHost(QHostAddress::LocalHost, m_daemon->port());
            QVERIFY(d.socket->waitForConnected(3000));
            if (i < size_t(kHeadDrippers)) {
                d.script = headScript;
            } else { // the whole head at once (the head deadline is met), then the body drips
                d.socket->write(RawHttp::build("POST", "/v1/chat/completions", {}, bearer(key.key)).replace(
                    "Content-Length: 0", QByteArray("Content-Length: " + QByteArray::number(body.size()))));
                d.script = body;
            }
        }
        QElapsedTimer clock;
        clock.start();
        for (Dripper &d : drippers) {
            QObject::connect(d.socket.get(), &QTcpSocket::readyRead, d.socket.get(), [&d] { d.received += d.socket->readAll(); });
            QObject::connect(d.socket.get(), &QTcpSocket::disconnected, d.socket.get(), [&d, &clock] {
                d.received += d.socket->readAll();
                d.closedAtMs = clock.elapsed();
            });
        }
        GoodClient good(m_daemon->port(), key.key);
        good.start();
        // One byte per dripper per second, for longer than the deadline: they never stop sending.
        for (int second = 0; second < 5; ++second) {
            for (Dripper &d : drippers)
                if (d.closedAtMs < 0 && d.sent < d.script.size() && d.socket->state() == QAbstractSocket::ConnectedState)
                    d.socket->write(d.script.mid(d.sent++, 1));
            QTest::qWait(1000);
        }
        const qint64 rssLoaded = residentKb(m_daemon->pid());
        good.stop = true;
        QVERIFY(good.wait(10000));

        int closedInTime = 0, answered408 = 0;
        qint64 latestClose = 0;
        for (const Dripper &d : drippers) {
            closedInTime += d.closedAtMs >= 0 && d.closedAtMs <= kDeadlineMs + 1500 ? 1 : 0;
            answered408 += d.received.startsWith("HTTP/1.1 408 ") && d.received.contains("request_timeout") ? 1 : 0;
            latestClose = std::max(latestClose, d.closedAtMs);
        }
        std::vector<qint64> lat = good.latenciesUs;
        std::sort(lat.begin(), lat.end());
        QVERIFY(lat.size() >= 50);
        const qint64 p99 = lat[lat.size() * 99 / 100];
        qInfo("%d of %d drippers closed within %d ms (+1.5 s), %d answered 408, last closed at %lld ms; good client: %zu "
              "requests, %d failed, p50 %lld us, p99 %lld us; VmRSS %lld -> %lld kB",
              closedInTime, int(drippers.size()), kDeadlineMs, answered408, latestClose, lat.size(), good.failures,
              lat[lat.size() / 2], p99, rssStart, rssLoaded);
        QCOMPARE(closedInTime, kHeadDrippers + kBodyDrippers);
        QCOMPARE(answered408, kHeadDrippers + kBodyDrippers);
        QCOMPARE(good.failures, 0);
        QVERIFY2(p99 < 100 * 1000, qPrintable(QString::number(p99)));
        QVERIFY2(rssLoaded - rssStart < 64 * 1024, "the daemon's memory grew by more than 64 MB");
        // Counted where an operator sees them.
        QCOMPARE(scrapeMetric(m_daemon->port(), "http_request_timeouts_total", {{"phase", "head"}}), double(kHeadDrippers));
        QCOMPARE(scrapeMetric(m_daemon->port(), "http_request_timeouts_total", {{"phase", "body"}}), double(kBodyDrippers));
        // Nothing stays behind: the daemon's descriptors are back to what they were before the drippers came.
        drippers.clear();
        QTRY_VERIFY_WITH_TIMEOUT(openDescriptors(m_daemon->pid()) <= fdsStart + 5, 5000);
    }

    // One address may hold HTTP_MAX_CONNECTIONS_PER_ADDRESS connections: the next is closed on arrival (counted),
    // the ones it holds keep being served, and a slot freed is usable again.
    void oneAddressCannotHoldEveryConnection()
    {
        auto capped = m_stack.makeDaemon({{"HTTP_MAX_CONNECTIONS_PER_ADDRESS", "5"}});
        QVERIFY2(capped->start(), capped->log().constData());
        const auto served = [](QTcpSocket &s) {
            s.write("GET /health HTTP/1.1\r\nHost: a\r\n\r\n");
            QByteArray got;
            QElapsedTimer t;
            t.start();
            while (!got.contains("\r\n\r\n") && t.elapsed() < 3000 && s.state() == QAbstractSocket::ConnectedState)
                if (s.waitForReadyRead(200))
                    got += s.readAll();
            return got.startsWith("HTTP/1.1 200") || got.startsWith("HTTP/1.1 503"); // /health answers either
        };
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 5; ++i) {
            held.push_back(std::make_unique<QTcpSocket>());
            held.back()->connectToHost(QHostAddress::LocalHost, capped->port());
            QVERIFY(held.back()->waitForConnected(3000));
            QVERIFY2(served(*held.back()), "a connection within the cap is served");
        }
        QTcpSocket extra;
        extra.connectToHost(QHostAddress::LocalHost, capped->port());
        QVERIFY(extra.waitForConnected(3000)); // the kernel accepts; the daemon closes it at once
        QVERIFY(!served(extra));
        QVERIFY(extra.state() == QAbstractSocket::UnconnectedState || extra.waitForDisconnected(3000));
        for (auto &s : held)
            QVERIFY2(served(*s), "the connections held keep being served");
        held.front()->disconnectFromHost();
        held.erase(held.begin());
        QTest::qWait(200); // the daemon sees the close
        QTcpSocket again;
        again.connectToHost(QHostAddress::LocalHost, capped->port());
        QVERIFY(again.waitForConnected(3000));
        QVERIFY2(served(again), "a freed slot is usable again");
        again.disconnectFromHost(); // a slot for the scrape's own connection
        QTest::qWait(200);
        QCOMPARE(scrapeMetric(capped->port(), "http_connections_refused_total"), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestSlowClients)
#include "test_slow_clients.moc"
