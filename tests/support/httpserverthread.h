// A Router + HttpServer on its own event-loop thread, so a blocking test client (or a client on the test's
// thread) can talk to it over a real socket. Header-only: only the tests that run a server link the HTTP layer.
#pragma once

#include "http/httpserver.h"
#include "http/router.h"

#include <QThread>
#include <functional>

namespace crosslogic::test {

class HttpServerThread
{
public:
    // addRoutes runs on the server's thread before it listens on 127.0.0.1:<free port>; port() is 0 when it could not.
    HttpServerThread(HttpLimits limits, const std::function<void(Router &)> &addRoutes)
    {
        m_context.moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            &m_context,
            [this, limits, &addRoutes] {
                addRoutes(m_router);
                m_server = new HttpServer(limits, [this](HttpExchange *ex) { m_router.dispatch(ex); });
                if (m_server->listen(QHostAddress::LocalHost, 0))
                    m_port = m_server->port();
            },
            Qt::BlockingQueuedConnection);
    }
    ~HttpServerThread()
    {
        QMetaObject::invokeMethod(&m_context, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    quint16 port() const { return m_port; }
    QByteArray url(const char *path) const { return "http://127.0.0.1:" + QByteArray::number(m_port) + path; }
    // An object living on the server's thread, as the context of connections made from handlers.
    QObject *context() { return &m_context; }

private:
    QThread m_thread;
    QObject m_context;
    Router m_router;
    HttpServer *m_server = nullptr;
    quint16 m_port = 0;
};

} // namespace crosslogic::test
