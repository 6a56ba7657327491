// A RedisClient that never connects: it records the commands it is sent and answers them from scripted replies.
#pragma once

#include "store/redisclient.h"

#include <QHash>
#include <QList>
#include <deque>
#include <functional>
#include <vector>

namespace crosslogic::test {

class FakeRedis : public RedisClient
{
    Q_OBJECT
public:
    explicit FakeRedis(QObject *parent = nullptr);

    // Up or down, as hiredis would report it: emits connected() or disconnected() when that changes.
    void setConnected(bool up);
    // The next command named `name` (EVALSHA, GET, ...) gets `reply`; replies for one name are used in order. A
    // command with no reply scripted gets a nil reply.
    void script(const QByteArray &name, RedisReply reply);

    // Every command received, as its arguments ("GET", "api_key:..."), in order; while down too.
    const QList<QList<QByteArray>> &commands() const { return m_commands; }
    QList<QList<QByteArray>> commandsNamed(const QByteArray &name) const;
    void clearCommands() { m_commands.clear(); }
    const QList<QByteArray> &subscriptions() const { return m_subscriptions; }

    // Held: replies wait (as a slow Redis's would) until answerHeld() delivers them, in order.
    void holdReplies(bool hold) { m_hold = hold; }
    void answerHeld();
    qsizetype heldReplies() const { return qsizetype(m_held.size()); }

    bool isConnected() const override { return m_up; }
    // Replies come later from the event loop, as a real connection's do ("ERR redis unavailable" when down).
    void commandResp(const QByteArray &resp, QObject *context, RedisCallback cb) override;
    void subscribe(const QByteArray &channel) override { m_subscriptions << channel; }

    // Replies to build scripts with.
    static RedisReply integers(const std::vector<long long> &values);
    static RedisReply bulk(const QByteArray &text);
    static RedisReply error(const QByteArray &message) { return RedisReply::error(message); }

private:
    bool m_up = true;
    bool m_hold = false;
    std::vector<std::function<void()>> m_held;
    QList<QList<QByteArray>> m_commands;
    QHash<QByteArray, std::deque<RedisReply>> m_replies;
    QList<QByteArray> m_subscriptions;
};

// A command in RESP ("*2\r\n$3\r\nGET\r\n...") back into its arguments; empty when it is not one.
QList<QByteArray> parseRespCommand(const QByteArray &resp);

} // namespace crosslogic::test
