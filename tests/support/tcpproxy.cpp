// A TCP forwarder on its own thread for tests: put it between the daemon and PostgreSQL, then cut and restore
// the link.
#include "support/tcpproxy.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <atomic>

namespace crosslogic::test {

struct TcpProxy::State
{
    QTcpServer *server = nullptr;
    QString host;
    quint16 port = 0;
    bool open = true;
    std::atomic<int> accepted{0};
    QList<QPointer<QTcpSocket>> sockets;
};

TcpProxy::TcpProxy() : m_state(std::make_shared<State>())
{
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
}

TcpProxy::~TcpProxy()
{
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            for (auto &s : m_state->sockets)
                if (s)
                    s->abort();
            delete m_context; // deletes the server and sockets (children)
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool TcpProxy::start(const QString &host, quint16 port)
{
    auto st = m_state;
    QObject *ctx = m_context;
    QMetaObject::invokeMethod(
        m_context,
        [st, ctx, host, port] {
            st->host = host;
            st->port = port;
            st->server = new QTcpServer(ctx);
            QObject::connect(st->server, &QTcpServer::newConnection, ctx, [st, ctx] {
                while (QTcpSocket *client = st->server->nextPendingConnection()) {
                    client->setParent(ctx);
                    if (!st->open) {
                        client->abort();
                        client->deleteLater();
                        continue;
                    }
                    ++st->accepted;
                    auto *upstream = new QTcpSocket(ctx);
                    st->sockets << client << upstream;
                    QObject::connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] {
                        if (upstream->state() == QAbstractSocket::ConnectedState)
                            upstream->write(client->readAll());
                    });
                    QObject::connect(upstream, &QTcpSocket::connected, client,
                                     [client, upstream] { upstream->write(client->readAll()); });
                    QObject::connect(upstream, &QTcpSocket::readyRead, client,
                                     [client, upstream] { client->write(upstream->readAll()); });
                    auto closeBoth = [client, upstream] {
                        client->abort();
                        upstream->abort();
                        client->deleteLater();
                        upstream->deleteLater();
                    };
                    QObject::connect(client, &QTcpSocket::disconnected, ctx, closeBoth);
                    QObject::connect(upstream, &QTcpSocket::disconnected, ctx, closeBoth);
                    QObject::connect(upstream, &QTcpSocket::errorOccurred, ctx, closeBoth);
                    upstream->connectToHost(st->host, st->port);
                }
            });
            st->server->listen(QHostAddress::LocalHost, 0);
        },
        Qt::BlockingQueuedConnection);
    m_port = st->server->serverPort();
    return m_port != 0;
}

void TcpProxy::setOpen(bool open)
{
    auto st = m_state;
    QMetaObject::invokeMethod(
        m_context,
        [st, open] {
            st->open = open;
            if (!open) {
                for (auto &s : st->sockets)
                    if (s)
                        s->abort();
                st->sockets.clear();
            }
        },
        Qt::BlockingQueuedConnection);
}

int TcpProxy::connectionsAccepted() const
{
    return m_state->accepted.load();
}

} // namespace crosslogic::test
