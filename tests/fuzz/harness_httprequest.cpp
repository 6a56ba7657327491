// Fuzz harness for the HTTP request layer: the bytes go to a real HttpServer/HttpConnection over a loopback
// socket in this process; the server must answer with well-formed HTTP and close once the client has finished.
#include "fuzzharness.h"
#include "http/httpserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

using namespace crosslogic;

namespace {

struct Harness
{
    int argc = 1;
    char name[16] = "fuzz_http";
    char *argv[2] = {name, nullptr};
    QCoreApplication app{argc, argv};
    HttpServer server{limits(), &handle};

    Harness() { FUZZ_CHECK(server.listen(QHostAddress::LocalHost, 0).ok()); }

    static HttpLimits limits()
    {
        HttpLimits l;
        l.maxBodyBytes = 2048;
        l.maxHeaderBytes = 1024;
        l.maxPipelined = 4;
        return l;
    }

    // Exercises every kind of answer: JSON, an error, a chunked stream, a reflected header (sanitised).
    static void handle(HttpExchange *ex)
    {
        const HttpRequest &r = ex->request();
        ex->addHeader("x-echo", r.header("x-echo"));
        if (r.path.startsWith("/stream")) {
            ex->beginStream(200, "text/event-stream");
            ex->writeChunk("data: " + r.body + "\n\n");
            ex->endStream();
        } else if (r.path.startsWith("/error")) {
            ex->respondError(400, QString::fromUtf8(r.body), "bad");
        } else {
            ex->respondJson(200, {{"method", r.method.toStdString()},
                                  {"path", QString::fromUtf8(r.path).toStdString()},
                                  {"body_bytes", r.body.size()}});
        }
    }
};

Harness &harness()
{
    static Harness h;
    return h;
}

} // namespace

int crosslogic::fuzz::runOne(const std::uint8_t *data, std::size_t size)
{
    Harness &h = harness();
    const int fd = connectLoopback(h.server.port());

    QByteArray received;
    std::size_t sent = 0;
    bool shut = false;
    bool serverClosed = false;
    QElapsedTimer clock;
    clock.start();
    char buf[16384];
    while (!serverClosed) {
        if (sent < size) {
            const ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
            if (n > 0)
                sent += std::size_t(n);
            else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                break; // the server closed (e.g. after rejecting the request)
        } else if (!shut) {
            ::shutdown(fd, SHUT_WR); // the client is done: the server must finish and close
            shut = true;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        for (;;) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n > 0) {
                received.append(buf, qsizetype(n));
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                serverClosed = true;
            break;
        }
        // A server that keeps a connection open after the client finished leaks it: that is a finding.
        FUZZ_CHECK(clock.elapsed() < 5000);
    }
    ::close(fd);
    // Let the server see the close and delete the connection before the next input.
    for (int i = 0; i < 50 && h.server.connectionCount() > 0; ++i) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    FUZZ_CHECK(h.server.connectionCount() == 0);

    // Whatever was sent, every answer is an HTTP/1.1 response whose head has no bare CR or LF (no injection).
    if (!received.isEmpty()) {
        FUZZ_CHECK(received.startsWith("HTTP/1.1 "));
        const qsizetype headEnd = received.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            const QByteArray head = received.left(headEnd);
            for (qsizetype i = 0; i < head.size(); ++i) {
                if (head[i] == '\r')
                    FUZZ_CHECK(i + 1 < head.size() && head[i + 1] == '\n');
                if (head[i] == '\n')
                    FUZZ_CHECK(i > 0 && head[i - 1] == '\r');
            }
        }
    }
    return 0;
}
