// A TCP forwarder on its own thread for tests: put it between the daemon and PostgreSQL, then cut and restore
// the link.
#pragma once

#include <QString>
#include <QThread>
#include <memory>

class QObject;

namespace crosslogic::test {

class TcpProxy
{
public:
    TcpProxy();
    ~TcpProxy();
    // Listens on 127.0.0.1:<free port> and forwards every connection to host:port.
    bool start(const QString &host, quint16 port);
    quint16 port() const { return m_port; }
    // false: closes every forwarded connection and refuses new ones (the database looks down); true: forwards
    // again.
    void setOpen(bool open);
    int connectionsAccepted() const;

private:
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread; owns the server and the sockets
    struct State;
    std::shared_ptr<State> m_state;
    quint16 m_port = 0;
};

} // namespace crosslogic::test
