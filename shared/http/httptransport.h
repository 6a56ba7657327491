// The byte stream under an HttpConnection: a plain TCP descriptor handled directly (TcpStream), or a
// QTcpSocket (QSslSocket for TLS) wrapped in the same interface.
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

class QSocketNotifier;
class QTcpSocket;

namespace crosslogic {

class HttpTransport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    // > 0: bytes read; 0: nothing to read now; -1: the connection is gone (disconnected() follows or came).
    virtual qint64 read(char *data, qint64 maxSize) = 0;
    // Takes all of it: what the kernel does not accept at once is kept and sent when the socket is writable.
    virtual void write(const QByteArray &bytes) = 0;
    virtual qint64 bytesToWrite() const = 0;
    // Input announced (readyRead) or buffered that read() has not taken yet. When false, the next readyRead
    // announces the next bytes: a reader need not try read() just in case.
    virtual bool hasUnreadInput() const = 0;
    // Closes once everything written has been sent; disconnected() is emitted then (at once when nothing
    // waits).
    virtual void disconnectFromHost() = 0;
    // Closes after an error answer: sends what was written, ends the output (FIN), then reads and drops the
    // client's input until it closes too, maxMs pass or maxBytes were dropped. Closing with unread input would
    // reset the connection, and a reset may destroy the answer before the client reads it. By default
    // (TLS): disconnectFromHost().
    virtual void lingeringClose(int maxMs, qint64 maxBytes)
    {
        Q_UNUSED(maxMs);
        Q_UNUSED(maxBytes);
        disconnectFromHost();
    }
    // Closes now, dropping unsent bytes; emits disconnected().
    virtual void abort() = 0;
    virtual QHostAddress peerAddress() const = 0;

signals:
    void readyRead();
    void bytesWritten(); // some buffered bytes went out
    void disconnected(); // once
};

// A plain TCP connection on its descriptor, for held streams' sake: it reads straight into the caller's
// buffer and writes straight to the kernel, keeping only what the kernel did not take. (QTcpSocket holds a 16
// KB read chunk and a 32 KB write chunk per connection for the connection's whole life: most of a held
// stream's memory.)
class TcpStream : public HttpTransport
{
    Q_OBJECT
public:
    // Takes ownership of the connected descriptor (made non-blocking here).
    explicit TcpStream(qintptr fd, QObject *parent = nullptr);
    ~TcpStream() override;

    qint64 read(char *data, qint64 maxSize) override;
    void write(const QByteArray &bytes) override;
    qint64 bytesToWrite() const override { return m_pending.size() - m_pendingOffset; }
    bool hasUnreadInput() const override { return m_readPending; }
    void disconnectFromHost() override;
    void lingeringClose(int maxMs, qint64 maxBytes) override;
    void abort() override;
    QHostAddress peerAddress() const override;

private:
    void onReadable();
    void dropInput();     // lingering: reads and discards, closes at the end of the stream or the byte bound
    void endOutput();     // lingering and everything sent: FIN to the client
    void onWritable();
    bool flushPending(); // false: the connection failed
    void closeNow();
    void failLater();

    int m_fd;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr; // created on the first write the kernel did not take whole
    QByteArray m_pending;
    qsizetype m_pendingOffset = 0;
    bool m_readPending = false; // readyRead emitted and not read since: the notifier rests until read()
    mutable QHostAddress m_peer; // asked once per request; one getpeername() per connection
    mutable bool m_peerKnown = false;
    bool m_closing = false;
    bool m_closed = false;
    bool m_lingering = false;
    bool m_outputEnded = false;
    qint64 m_lingerBytesLeft = 0;
};

// QTcpSocket (or QSslSocket) behind the same interface.
class QtSocketTransport : public HttpTransport
{
    Q_OBJECT
public:
    explicit QtSocketTransport(QTcpSocket *socket, QObject *parent = nullptr);

    qint64 read(char *data, qint64 maxSize) override;
    void write(const QByteArray &bytes) override;
    qint64 bytesToWrite() const override;
    bool hasUnreadInput() const override;
    void disconnectFromHost() override;
    void abort() override;
    QHostAddress peerAddress() const override;

private:
    void onGone();
    QTcpSocket *m_socket;
    bool m_gone = false;
};

} // namespace crosslogic
