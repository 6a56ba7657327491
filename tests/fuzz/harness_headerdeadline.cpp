// Fuzz harness for the request deadlines of HttpConnection (the head's total deadline, the body's minimum rate):
// the input is a schedule of (delay, bytes) segments a client sends and then stays silent without closing. Whatever
// the schedule, the server closes the connection within the bound the deadlines promise, never answers 408 before
// a deadline could have passed, and every answer is HTTP/1.1.
#include "fuzzharness.h"
#include "http/httpserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace crosslogic;

namespace {
constexpr int kHeadMs = 40;
constexpr int kBodyMs = 40;
constexpr int kRate = 2000; // bytes per second
constexpr int kIdleMs = 80;

struct Harness
{
    int argc = 1;
    char name[16] = "fuzz_deadline";
    char *argv[2] = {name, nullptr};
    QCoreApplication app{argc, argv};
    HttpServer server{limits(), [](HttpExchange *ex) { ex->respond(200, "text/plain", "ok"); }};

    Harness() { FUZZ_CHECK(server.listen(QHostAddress::LocalHost, 0).ok()); }

    static HttpLimits limits()
    {
        HttpLimits l;
        l.maxBodyBytes = 4096;
        l.maxHeaderBytes = 1024;
        l.headerTimeoutMs = kHeadMs;
        l.bodyTimeoutMs = kBodyMs;
        l.minBodyBytesPerSecond = kRate;
        l.idleTimeoutMs = kIdleMs;
        l.lingerMs = 100;
        return l;
    }
};

Harness &harness()
{
    static Harness h;
    return h;
}

void pump(int ms)
{
    QElapsedTimer t;
    t.start();
    do {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        if (ms > 0)
            QThread::usleep(500);
    } while (t.elapsed() < ms);
}
} // namespace

int crosslogic::fuzz::runOne(const std::uint8_t *data, std::size_t size)
{
    Harness &h = harness();
    const int fd = connectLoopback(h.server.port());

    QElapsedTimer clock;
    clock.start();
    qint64 firstByteMs = -1;
    qint64 scheduleMs = 0;
    qint64 bytes = 0;
    QByteArray received;
    qint64 first408Ms = -1;
    bool closed = false;
    char buf[4096];
    auto drain = [&] {
        for (;;) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n > 0) {
                received.append(buf, qsizetype(n));
                if (first408Ms < 0 && received.contains("HTTP/1.1 408"))
                    first408Ms = clock.elapsed();
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                closed = true;
            return;
        }
    };
    // Segments: a delay byte (0-63 ms), a length byte (0-63), then that many bytes (fewer at the input's end).
    for (std::size_t i = 0; i + 1 < size && !closed && scheduleMs < 1500;) {
        const int delay = data[i] % 64;
        const std::size_t n = std::min<std::size_t>(data[i + 1] % 64, size - i - 2);
        i += 2;
        pump(delay);
        scheduleMs += delay;
        drain();
        if (n > 0 && !closed) {
            if (firstByteMs < 0)
                firstByteMs = clock.elapsed();
            if (::send(fd, data + i, n, MSG_NOSIGNAL) < 0 && errno != EAGAIN)
                closed = true;
            bytes += qint64(n);
        }
        i += n;
    }
    // Silent now, never closing: the deadlines must end it. The bound: every delay, both deadlines, the time the
    // minimum rate grants the bytes sent, an idle keep-alive period, and scheduling slack.
    const qint64 boundMs = clock.elapsed() + kHeadMs + kBodyMs + bytes * 1000 / kRate + kIdleMs + 400;
    while (!closed && clock.elapsed() < boundMs + 2000) {
        pump(2);
        drain();
    }
    const qint64 closedMs = clock.elapsed();
    ::close(fd);
    FUZZ_CHECK(closed);
    FUZZ_CHECK(closedMs <= boundMs);
    // No early timeout: a 408 comes at least one deadline after the request's first byte (timers may fire 5% early).
    if (first408Ms >= 0)
        FUZZ_CHECK(firstByteMs >= 0 && first408Ms - firstByteMs >= qMin(kHeadMs, kBodyMs) * 95 / 100 - 1);
    if (!received.isEmpty())
        FUZZ_CHECK(received.startsWith("HTTP/1.1 "));
    for (int i = 0; i < 50 && h.server.connectionCount() > 0; ++i)
        pump(2);
    FUZZ_CHECK(h.server.connectionCount() == 0);
    return 0;
}
