// Serves, on the main thread, requests that arrive on an I/O thread's connection but are not customer routes.
#include "app/mainthreadrelay.h"

#include "core/threadpost.h"
#include "http/exchangesink.h"
#include "http/httpexchange.h"

#include <QPointer>
#include <atomic>
#include <memory>

namespace crosslogic {
namespace {

class RelayedExchange;

// Shared by the two threads of one relayed request. clientGone is written by the I/O thread; sink is used only
// on the main thread.
struct RelayLink
{
    std::atomic<bool> clientGone{false};
    QPointer<RelayedExchange> sink;
};

// The main thread's end: an ExchangeSink that sends the exchange's bytes to the I/O thread's exchange, in order
// (events posted from one thread to another are delivered in the order they were posted).
class RelayedExchange : public QObject, public ExchangeSink
{
public:
    RelayedExchange(QPointer<HttpExchange> target, QObject *laneContext, const HttpLimits &limits, QObject *parent)
        : QObject(parent), m_target(std::move(target)), m_laneContext(laneContext), m_limits(limits)
    {
    }

    HttpExchange *exchange = nullptr; // child of this

    void writeRaw(const QByteArray &bytes) override
    {
        postTo(m_laneContext, [target = m_target, bytes] {
            if (target)
                target->writeRelayed(bytes);
        });
    }
    void exchangeFinished(HttpExchange *done) override
    {
        const int status = done->status();
        postTo(m_laneContext, [target = m_target, status] {
            if (target)
                target->finishRelayed(status);
        });
        deleteLater();
    }
    bool isClosing() const override { return false; } // the connection's own thread decides after the response
    qint64 bytesToWrite() const override { return 0; }  // no main-thread route streams
    void dropSlowReader(const char *) override {}
    const HttpLimits &limits() const override { return m_limits; }

    void clientGone()
    {
        if (exchange)
            exchange->markClientGone();
        deleteLater();
    }

private:
    QPointer<HttpExchange> m_target; // dereferenced only on the I/O thread
    QObject *m_laneContext;
    HttpLimits m_limits;
};

} // namespace

MainThreadRelay::MainThreadRelay(HttpLimits limits, HttpHandler handler, QObject *parent)
    : QObject(parent), m_limits(limits), m_handler(std::move(handler))
{
}

void MainThreadRelay::relay(HttpExchange *exchange, QObject *laneContext)
{
    auto link = std::make_shared<RelayLink>();
    connect(exchange, &HttpExchange::clientGone, exchange, [this, link] {
        link->clientGone.store(true);
        postTo(this, [link] {
            if (link->sink)
                link->sink->clientGone();
        });
    });
    postTo(this, [this, link, target = QPointer<HttpExchange>(exchange), laneContext, request = exchange->request(),
                  keepAlive = exchange->keepAlive(), headers = exchange->addedHeaders()]() mutable {
        if (link->clientGone.load())
            return;
        auto *sink = new RelayedExchange(target, laneContext, m_limits, this);
        sink->exchange = new HttpExchange(sink, sink, std::move(request), keepAlive);
        for (auto &h : headers) // added on the I/O thread before relaying (CORS)
            sink->exchange->addHeader(std::move(h.first), std::move(h.second));
        link->sink = sink;
        m_handler(sink->exchange);
    });
}

} // namespace crosslogic
