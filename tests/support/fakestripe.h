// A fake Stripe API on its own thread for tests: records every request and answers from a script (500, 429,
// ...).
#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QThread>
#include <memory>

class QObject;

namespace crosslogic::test {

struct FakeStripeRequest
{
    QByteArray method;
    QByteArray path;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    qint64 receivedAtMs = 0;
    int answeredStatus = 0;
    QByteArray header(const QByteArray &name) const;
    // A form field of an application/x-www-form-urlencoded body (decoded), e.g. "payload[value]".
    QByteArray form(const QByteArray &name) const;
};

struct FakeStripeAnswer
{
    int status = 200;
    QByteArray retryAfter; // sent as Retry-After when not empty
};

class FakeStripe
{
public:
    FakeStripe();
    ~FakeStripe();
    bool start();
    quint16 port() const { return m_port; }
    QByteArray url() const { return "http://127.0.0.1:" + QByteArray::number(m_port); }
    // The next requests get these answers, in order; after that, 200 with a meter event body.
    void script(const QList<FakeStripeAnswer> &answers);
    // Every answer leaves this long after its request arrived (a slow Stripe: calls overlap what the caller does next).
    void setAnswerDelayMs(int ms);
    QList<FakeStripeRequest> requests() const;

    struct State;

private:
    QThread m_thread;
    QObject *m_context = nullptr;
    std::shared_ptr<State> m_state;
    quint16 m_port = 0;
};

} // namespace crosslogic::test
