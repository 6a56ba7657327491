// A RedisClient that never connects: it records the commands it is sent and answers them from scripted replies.
#include "support/fakeredis.h"

#include <QPointer>

namespace crosslogic::test {

FakeRedis::FakeRedis(QObject *parent) : RedisClient(RedisTarget{}, QStringLiteral("fake"), parent)
{
}

void FakeRedis::setConnected(bool up)
{
    if (up == m_up)
        return;
    m_up = up;
    if (up)
        emit connected();
    else
        emit disconnected(QStringLiteral("closed"));
}

void FakeRedis::script(const QByteArray &name, RedisReply reply)
{
    m_replies[name.toUpper()].push_back(std::move(reply));
}

QList<QList<QByteArray>> FakeRedis::commandsNamed(const QByteArray &name) const
{
    QList<QList<QByteArray>> out;
    for (const QList<QByteArray> &c : m_commands)
        if (!c.isEmpty() && c.first().toUpper() == name.toUpper())
            out << c;
    return out;
}

void FakeRedis::commandResp(const QByteArray &resp, QObject *context, RedisCallback cb)
{
    // Recorded even when down, so a test can tell "not attempted" from "attempted and failed".
    const QList<QByteArray> args = parseRespCommand(resp);
    m_commands << args;
    RedisReply reply = RedisReply::error("ERR redis unavailable");
    if (m_up) {
        reply = RedisReply{};
        const QByteArray name = args.isEmpty() ? QByteArray() : args.first().toUpper();
        if (auto it = m_replies.find(name); it != m_replies.end() && !it->empty()) {
            reply = std::move(it->front());
            it->pop_front();
        }
    }
    auto answer = [ctx = QPointer<QObject>(context), cb = std::move(cb), reply] {
        if (ctx && cb)
            cb(reply);
    };
    if (m_hold) {
        m_held.push_back(std::move(answer));
        return;
    }
    QMetaObject::invokeMethod(this, std::move(answer), Qt::QueuedConnection);
}

void FakeRedis::answerHeld()
{
    std::vector<std::function<void()>> held;
    held.swap(m_held);
    for (auto &answer : held)
        QMetaObject::invokeMethod(this, std::move(answer), Qt::QueuedConnection);
}

RedisReply FakeRedis::integers(const std::vector<long long> &values)
{
    RedisReply r;
    r.type = RedisReply::Type::Array;
    for (long long v : values) {
        RedisReply e;
        e.type = RedisReply::Type::Integer;
        e.integer = v;
        r.elements.push_back(e);
    }
    return r;
}

RedisReply FakeRedis::bulk(const QByteArray &text)
{
    RedisReply r;
    r.type = RedisReply::Type::String;
    r.str = text;
    return r;
}

QList<QByteArray> parseRespCommand(const QByteArray &resp)
{
    // "*<n>\r\n" then n times "$<length>\r\n<bytes>\r\n".
    auto number = [&resp](qsizetype &at, char lead, qsizetype &value) {
        const qsizetype end = resp.indexOf("\r\n", at);
        if (at >= resp.size() || resp.at(at) != lead || end < 0)
            return false;
        bool ok = false;
        value = resp.mid(at + 1, end - at - 1).toLongLong(&ok);
        at = end + 2;
        return ok && value >= 0;
    };
    QList<QByteArray> args;
    qsizetype at = 0, count = 0;
    if (!number(at, '*', count))
        return {};
    for (qsizetype i = 0; i < count; ++i) {
        qsizetype length = 0;
        if (!number(at, '$', length) || at + length + 2 > resp.size())
            return {};
        args << resp.mid(at, length);
        at += length + 2;
    }
    return at == resp.size() ? args : QList<QByteArray>{};
}

} // namespace crosslogic::test
