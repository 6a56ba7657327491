// One client connection: parses requests with http-parser, dispatches them in order, enforces limits.
#pragma once

#include "http/exchangesink.h"
#include "http/httpexchange.h"
#include "http/httplimits.h"
#include "http/httprequest.h"
#include "http/httptransport.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QList>
#include <atomic>
#include <functional>
#include <http_parser.h>


namespace crosslogic {

using HttpHandler = std::function<void(HttpExchange *)>;

class HttpConnection : public QObject, public ExchangeSink
{
    Q_OBJECT
public:
    // Takes ownership of the transport.
    // busyCount (optional, may be read from other threads): +1 while this connection answers a request.
    HttpConnection(HttpTransport *transport, const HttpLimits &limits, HttpHandler handler, QObject *parent,
                   std::atomic<int> *busyCount = nullptr);
    ~HttpConnection() override;

    void writeRaw(const QByteArray &bytes) override;
    void exchangeFinished(HttpExchange *exchange) override;
    qint64 bytesToWrite() const override;
    bool isClosing() const override { return m_closing; }
    bool isBusy() const { return m_active != nullptr; }
    // Drain: finish the request in progress, then close instead of keeping alive.
    void closeWhenIdle();
    // Closes at once; a request in progress sees its client gone.
    void abortNow();
    // A stream's output is piling up (HttpLimits::maxPendingStreamBytes): the client is not reading. Closes the
    // connection on the next event-loop turn (never from inside the writer's call stack).
    void dropSlowReader(const char *why) override;
    const HttpLimits &limits() const override { return m_limits; }

signals:
    void closed();

private:
    enum class Phase { Idle, Head, Body }; // where the parser is in the next request

    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t len);
    static int onHeaderField(http_parser *p, const char *at, size_t len);
    static int onHeaderValue(http_parser *p, const char *at, size_t len);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t len);
    static int onMessageComplete(http_parser *p);

    void readIncoming();
    void dispatchNext();
    void rejectAndClose(int status, const QString &message, const QByteArray &code);
    void onTimeout();
    void onWriteStalled();
    void onDisconnected();
    // Records why the request is refused (answered once the parser stops); returns 1, http-parser's "stop".
    int failParse(int status, const QString &message, const QByteArray &code);
    void flushHeader();
    void armTimer();
    void closeConnection();
    qint64 msUntilDeadline() const; // of the head or body being read (may be negative: overdue)
    void setActive(HttpExchange *exchange);

    HttpTransport *m_socket;
    HttpLimits m_limits;
    HttpHandler m_handler;
    http_parser m_parser;
    http_parser_settings m_settings;
    HttpRequest m_current;
    QByteArray m_url;
    QByteArray m_field;
    QByteArray m_value;
    bool m_inValue = false;
    qint64 m_headBytes = 0;
    QElapsedTimer m_headClock; // from the request's first byte: the head's deadline is total, not per byte
    QElapsedTimer m_bodyClock; // from the head's end
    qint64 m_bodyBytes = 0;    // received so far: each byte earns the body more time (minBodyBytesPerSecond)
    int m_failStatus = 0;
    QString m_failMessage;
    QByteArray m_failCode;
    QList<std::pair<HttpRequest, bool>> m_queue; // parsed request, keep-alive (no allocation while empty)
    QPointer<HttpExchange> m_active;
    std::atomic<int> *m_busyCount = nullptr;
    bool m_countedBusy = false; // m_busyCount holds this connection's +1
    Phase m_phase = Phase::Idle;
    QTimer m_timer;
    QTimer m_writeTimer; // runs while output is pending; restarted on every write progress
    bool m_closing = false;
    bool m_gone = false;
    bool m_dropping = false;
    bool m_linger = false; // refused: read and drop the client's remaining input before closing
};

} // namespace crosslogic
