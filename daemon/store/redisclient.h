// Asynchronous Redis connection (hiredis) on the Qt event loop, with AUTH/SELECT and automatic reconnect.
#pragma once

#include "config/config.h"
#include "metrics/metricvalue.h"
#include "store/redisreply.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>

struct redisAsyncContext;
class QSocketNotifier;

namespace crosslogic {

using RedisCallback = std::function<void(const RedisReply &)>;

// One command in Redis's wire protocol (RESP): "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n" for {"GET", "k"}.
QByteArray formatRedisCommand(const QList<QByteArray> &args);

// Arguments written in RESP as they are added, into one buffer: the rate limiter's 28 arguments per request were 28
// QByteArrays in a QList, formatted again afterwards. An argument may be joined from parts without a temporary.
class RespArgs
{
public:
    explicit RespArgs(qsizetype reserve = 512) { m_bytes.reserve(reserve); }
    void add(QByteArrayView arg) { addJoined({arg}); }
    void add(qint64 number);
    void addJoined(std::initializer_list<QByteArrayView> parts);
    int count() const { return m_count; }
    const QByteArray &bytes() const { return m_bytes; }

private:
    QByteArray m_bytes;
    int m_count = 0;
};

// The whole command: the leading arguments, then `tail`.
QByteArray respCommand(std::initializer_list<QByteArrayView> head, const RespArgs &tail);

class RedisClient : public QObject
{
    Q_OBJECT
public:
    RedisClient(RedisTarget target, QString name, QObject *parent = nullptr);
    ~RedisClient() override;

    virtual void start();
    // isConnected, commandResp and subscribe are virtual so that unit tests can script Redis's replies
    // (tests/support/fakeredis.h); a virtual call is nothing beside the round trip it stands for.
    virtual bool isConnected() const { return m_connected; }
    // Sends one command; cb runs on this thread if context still exists. When Redis is unreachable
    // cb gets an error reply at once.
    void command(const QList<QByteArray> &args, QObject *context, RedisCallback cb);
    // The same for a command already in RESP (respCommand()); command() goes through it.
    virtual void commandResp(const QByteArray &resp, QObject *context, RedisCallback cb);
    // Subscribe mode (use a dedicated client): messages arrive through messageReceived.
    virtual void subscribe(const QByteArray &channel);
    // Counts this connection's errors (unavailable, not queued, error replies) into this counter
    // (redis_errors_total, shared by the daemon's connections).
    void countErrorsIn(Counter *counter) { m_errorCounter = counter; }
    Counter *errorCounter() const { return m_errorCounter; }
    const RedisTarget &target() const { return m_target; }

signals:
    void connected();
    void disconnected(const QString &reason);
    void messageReceived(const QByteArray &channel, const QByteArray &payload);

private:
    static void onConnect(const redisAsyncContext *ac, int status);
    static void onDisconnect(const redisAsyncContext *ac, int status);
    static void onReply(redisAsyncContext *ac, void *reply, void *privdata);
    static void onMessage(redisAsyncContext *ac, void *reply, void *privdata);
    static void onSetupReply(redisAsyncContext *ac, void *reply, void *privdata); // AUTH, SELECT: log a refusal
    static void addRead(void *p);
    static void delRead(void *p);
    static void addWrite(void *p);
    static void delWrite(void *p);
    static void cleanup(void *p);

    void connectNow();
    void flushBeforeWait();
    void scheduleReconnect(const QString &reason);
    void sendRaw(const QList<QByteArray> &args, void (*fn)(redisAsyncContext *, void *, void *), void *priv);

    RedisTarget m_target;
    QString m_name;
    redisAsyncContext *m_ctx = nullptr;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
    QTimer m_reconnect;
    QList<QByteArray> m_channels;
    bool m_connected = false;
    bool m_writeWanted = false; // hiredis has output waiting (between its addWrite and delWrite)
    bool m_destroying = false;
    void noteError();
    Counter *m_errorCounter = nullptr;
    int m_backoffMs = 200;
};

} // namespace crosslogic
