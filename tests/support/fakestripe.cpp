// A fake Stripe API on its own thread for tests: records every request and answers from a script (500, 429,
// ...).
#include "support/fakestripe.h"

#include <QDateTime>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace crosslogic::test {

struct FakeStripe::State
{
    mutable QMutex mutex;
    QList<FakeStripeAnswer> script;
    QList<FakeStripeRequest> requests;
    int answerDelayMs = 0;
    QTcpServer *server = nullptr;
};

QByteArray FakeStripeRequest::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first == name.toLower())
            return h.second;
    return {};
}

QByteArray FakeStripeRequest::form(const QByteArray &name) const
{
    for (const QByteArray &pair : body.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        QByteArray k = pair.left(eq), v = pair.mid(eq + 1);
        k.replace('+', ' ');
        v.replace('+', ' ');
        if (QByteArray::fromPercentEncoding(k) == name)
            return QByteArray::fromPercentEncoding(v);
    }
    return {};
}

namespace {

// Answers one complete request in buffer, if there is one; returns false while it is incomplete.
bool serve(FakeStripe::State &st, QTcpSocket *socket, QByteArray &buffer)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    FakeStripeRequest req;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    req.method = first.value(0);
    req.path = first.value(1);
    qsizetype length = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = lines[i].left(colon).trimmed().toLower(),
                         value = lines[i].mid(colon + 1).trimmed();
        req.headers.append({name, value});
        if (name == "content-length")
            length = value.toLongLong();
    }
    if (buffer.size() < end + 4 + length)
        return false;
    req.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    req.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    FakeStripeAnswer answer;
    int delayMs = 0;
    {
        QMutexLocker lock(&st.mutex);
        delayMs = st.answerDelayMs;
        if (!st.script.isEmpty())
            answer = st.script.takeFirst();
        req.answeredStatus = answer.status;
        st.requests.append(req);
    }
    QByteArray body = "{\"error\":{\"message\":\"scripted failure\",\"type\":\"api_error\"}}";
    if (answer.status == 200)
        body = "{\"object\":\"billing.meter_event\",\"identifier\":\"" + req.form("identifier") + "\"}";
    QByteArray response =
        "HTTP/1.1 " + QByteArray::number(answer.status) +
        " X\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (!answer.retryAfter.isEmpty())
        response += "Retry-After: " + answer.retryAfter + "\r\n";
    response += "\r\n" + body;
    if (delayMs > 0)
        QTimer::singleShot(delayMs, socket, [socket, response] { socket->write(response); });
    else
        socket->write(response);
    return true;
}

} // namespace

FakeStripe::FakeStripe() : m_state(std::make_shared<State>())
{
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
}

FakeStripe::~FakeStripe()
{
    QMetaObject::invokeMethod(
        m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool FakeStripe::start()
{
    auto st = m_state;
    QObject *ctx = m_context;
    QMetaObject::invokeMethod(
        m_context,
        [st, ctx] {
            st->server = new QTcpServer(ctx);
            QObject::connect(st->server, &QTcpServer::newConnection, ctx, [st, ctx] {
                while (QTcpSocket *socket = st->server->nextPendingConnection()) {
                    socket->setParent(ctx);
                    auto buffer = std::make_shared<QByteArray>();
                    QObject::connect(socket, &QTcpSocket::readyRead, socket, [st, socket, buffer] {
                        buffer->append(socket->readAll());
                        while (serve(*st, socket, *buffer)) {
                        }
                    });
                    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                }
            });
            st->server->listen(QHostAddress::LocalHost, 0);
        },
        Qt::BlockingQueuedConnection);
    m_port = st->server->serverPort();
    return m_port != 0;
}

void FakeStripe::script(const QList<FakeStripeAnswer> &answers)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->script = answers;
}

void FakeStripe::setAnswerDelayMs(int ms)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->answerDelayMs = ms;
}

QList<FakeStripeRequest> FakeStripe::requests() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->requests;
}

} // namespace crosslogic::test
