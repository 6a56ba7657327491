// The byte stream under an HttpConnection: a plain TCP descriptor handled directly, or a wrapped QTcpSocket.
#include "http/httptransport.h"

#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTimer>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace crosslogic {

TcpStream::TcpStream(qintptr fd, QObject *parent) : HttpTransport(parent), m_fd(int(fd))
{
    const int flags = ::fcntl(m_fd, F_GETFL);
    ::fcntl(m_fd, F_SETFL, flags | O_NONBLOCK);
    ::fcntl(m_fd, F_SETFD, FD_CLOEXEC);
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &TcpStream::onReadable);
}

TcpStream::~TcpStream()
{
    if (!m_closed) {
        delete m_readNotifier;
        delete m_writeNotifier;
        ::close(m_fd);
    }
}

void TcpStream::onReadable()
{
    if (m_closed)
        return;
    if (m_lingering) {
        dropInput();
        return;
    }
    m_readPending = true;
    emit readyRead(); // a reader that reads sees the end of the stream itself (recv() returns 0)
    if (!m_readPending || m_closed)
        return;
    // Not read (the connection has enough queued). Readable with nothing to read is the end of the stream (or an
    // error): a client that left is noticed even now. Otherwise rest until it reads again, or the
    // level-triggered notifier would spin.
    int available = 0;
    if (::ioctl(m_fd, FIONREAD, &available) == 0 && available == 0) {
        char probe;
        const ssize_t n = ::recv(m_fd, &probe, 1, MSG_PEEK);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            closeNow();
            return;
        }
    }
    m_readNotifier->setEnabled(false);
}

qint64 TcpStream::read(char *data, qint64 maxSize)
{
    if (m_closed)
        return -1;
    m_readPending = false;
    if (!m_readNotifier->isEnabled() && !m_closing)
        m_readNotifier->setEnabled(true);
    if (maxSize <= 0)
        return 0;
    while (true) {
        const ssize_t n = ::recv(m_fd, data, size_t(maxSize), 0);
        if (n > 0)
            return n;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        failLater(); // end of stream or error: report it from the event loop, not inside the caller
        return -1;
    }
}

void TcpStream::write(const QByteArray &bytes)
{
    if (m_closed || m_closing || bytes.isEmpty())
        return;
    if (bytesToWrite() > 0) {
        if (m_pendingOffset > 0) {
            m_pending.remove(0, m_pendingOffset);
            m_pendingOffset = 0;
        }
        m_pending.append(bytes);
        return;
    }
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(m_fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        failLater();
        return;
    }
    if (sent == bytes.size())
        return;
    m_pending = bytes; // shared, not copied
    m_pendingOffset = sent;
    if (!m_writeNotifier) {
        m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, &TcpStream::onWritable);
    }
    m_writeNotifier->setEnabled(true);
}

bool TcpStream::flushPending()
{
    while (bytesToWrite() > 0) {
        const ssize_t n =
            ::send(m_fd, m_pending.constData() + m_pendingOffset, size_t(bytesToWrite()), MSG_NOSIGNAL);
        if (n > 0) {
            m_pendingOffset += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        return false;
    }
    m_pending = QByteArray(); // release the buffer: an idle stream holds none
    m_pendingOffset = 0;
    return true;
}

void TcpStream::onWritable()
{
    if (m_closed)
        return;
    const qint64 before = bytesToWrite();
    if (!flushPending()) {
        closeNow();
        return;
    }
    if (bytesToWrite() == 0)
        m_writeNotifier->setEnabled(false);
    if (bytesToWrite() < before)
        emit bytesWritten();
    if (m_lingering && !m_closed && bytesToWrite() == 0)
        endOutput();
    else if (m_closing && !m_closed && bytesToWrite() == 0)
        closeNow();
}

void TcpStream::lingeringClose(int maxMs, qint64 maxBytes)
{
    if (m_closed || m_lingering)
        return;
    m_lingering = true;
    m_closing = true; // nothing more is written
    m_lingerBytesLeft = maxBytes;
    QTimer::singleShot(maxMs, this, &TcpStream::closeNow);
    m_readNotifier->setEnabled(true);
    if (bytesToWrite() == 0)
        endOutput();
}

void TcpStream::endOutput()
{
    if (m_outputEnded)
        return;
    m_outputEnded = true;
    ::shutdown(m_fd, SHUT_WR);
}

void TcpStream::dropInput()
{
    char sink[16 * 1024];
    while (!m_closed) {
        const ssize_t n = ::recv(m_fd, sink, sizeof sink, 0);
        if (n > 0) {
            m_lingerBytesLeft -= n;
            if (m_lingerBytesLeft <= 0)
                closeNow();
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        closeNow(); // the client closed (or the connection failed): done
    }
}

void TcpStream::disconnectFromHost()
{
    if (m_closed)
        return;
    if (bytesToWrite() == 0) {
        closeNow();
        return;
    }
    m_closing = true; // stop reading; close when the rest is sent
    m_readNotifier->setEnabled(false);
}

void TcpStream::abort()
{
    m_pending = QByteArray();
    m_pendingOffset = 0;
    closeNow();
}

void TcpStream::failLater()
{
    QMetaObject::invokeMethod(this, &TcpStream::closeNow, Qt::QueuedConnection);
}

void TcpStream::closeNow()
{
    if (m_closed)
        return;
    m_closed = true;
    // The notifiers stop before the descriptor closes (the dispatcher must not poll a closed or reused
    // number); deleted later, as this may run inside one's own activated().
    for (QSocketNotifier *n : {m_readNotifier, m_writeNotifier}) {
        if (n) {
            n->setEnabled(false);
            n->deleteLater();
        }
    }
    m_readNotifier = nullptr;
    m_writeNotifier = nullptr;
    ::close(m_fd);
    m_fd = -1;
    m_pending = QByteArray();
    m_pendingOffset = 0;
    emit disconnected();
}

QHostAddress TcpStream::peerAddress() const
{
    if (m_peerKnown || m_fd < 0)
        return m_peer;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(m_fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    m_peer = QHostAddress(reinterpret_cast<const sockaddr *>(&address)); // the peer of a connection never changes
    m_peerKnown = true;
    return m_peer;
}

QtSocketTransport::QtSocketTransport(QTcpSocket *socket, QObject *parent)
    : HttpTransport(parent), m_socket(socket)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(256 * 1024); // bounded: TCP back-pressure applies beyond it
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpTransport::readyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &QtSocketTransport::onGone);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError ||
            m_socket->state() != QAbstractSocket::ConnectedState)
            onGone();
    });
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpTransport::bytesWritten);
}

void QtSocketTransport::onGone()
{
    if (m_gone)
        return;
    m_gone = true;
    emit disconnected();
}

qint64 QtSocketTransport::read(char *data, qint64 maxSize)
{
    if (m_gone)
        return -1;
    if (m_socket->bytesAvailable() <= 0)
        return 0;
    return m_socket->read(data, maxSize);
}

void QtSocketTransport::write(const QByteArray &bytes)
{
    m_socket->write(bytes);
}

qint64 QtSocketTransport::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

bool QtSocketTransport::hasUnreadInput() const
{
    return !m_gone && m_socket->bytesAvailable() > 0; // QSslSocket keeps decrypted bytes it announced once
}

void QtSocketTransport::disconnectFromHost()
{
    m_socket->disconnectFromHost();
}

void QtSocketTransport::abort()
{
    m_socket->abort();
    onGone();
}

QHostAddress QtSocketTransport::peerAddress() const
{
    return m_socket->peerAddress();
}

} // namespace crosslogic
