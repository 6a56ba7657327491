// The daemon's open alerts, live: GET /admin/alerts/stream (Server-Sent Events), reconnecting with
// Last-Event-ID; while the stream is down it polls GET /admin/alerts instead, and it reconciles now and then
// while streaming.
#include "adminclient/alertstream.h"

#include "adminclient/adminclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalBlocker>
#include <QUrlQuery>

namespace crosslogic {

namespace {
constexpr int kIdleTimeoutMs = 40000; // the daemon sends a keep-alive every 15 s
constexpr int kDefaultRetryMs = 3000;

QList<QJsonObject> objects(const QJsonArray &array)
{
    QList<QJsonObject> out;
    out.reserve(array.size());
    for (const QJsonValue &v : array)
        out.append(v.toObject());
    return out;
}
} // namespace

AlertStream::AlertStream(AdminClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &AlertStream::connectStream);
    connect(&m_poll, &QTimer::timeout, this, &AlertStream::poll);
}

AlertStream::~AlertStream()
{
    // No streamingChanged() from a destructor: the receiver is usually the parent, already destroyed down
    // to QObject by the time its children go.
    const QSignalBlocker quiet(this);
    stop();
}

void AlertStream::setPollIntervals(int downMs, int upMs)
{
    m_pollDownMs = downMs;
    m_pollUpMs = upMs;
    m_poll.setInterval(m_streaming ? m_pollUpMs : m_pollDownMs);
}

void AlertStream::start()
{
    if (m_running)
        return;
    m_running = true;
    m_poll.start(m_pollDownMs);
    poll();
    connectStream();
}

void AlertStream::stop()
{
    m_running = false;
    m_reconnect.stop();
    m_poll.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    setStreaming(false);
}

void AlertStream::connectStream()
{
    if (!m_running || m_reply)
        return;
    m_decoder.reset();
    QList<QPair<QByteArray, QByteArray>> headers{{"Accept", "text/event-stream"}};
    if (m_lastEventId >= 0)
        headers.append({"Last-Event-ID", QByteArray::number(m_lastEventId)});
    m_reply = m_client->openStream(QStringLiteral("/admin/alerts/stream"), headers, kIdleTimeoutMs);
    connect(m_reply, &QNetworkReply::readyRead, this, &AlertStream::readStream);
    connect(m_reply, &QNetworkReply::finished, this, &AlertStream::streamEnded);
}

void AlertStream::readStream()
{
    if (!m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200) {
        m_reply->abort(); // an error body, not a stream: finished() follows
        return;
    }
    std::vector<SseParser::Event> events;
    if (!m_decoder.feed(m_reply->readAll(), events)) {
        m_reply->abort();
        return;
    }
    for (const SseParser::Event &e : events) {
        if (!e.dispatch)
            continue; // retry: or a keep-alive comment
        const QJsonObject data = QJsonDocument::fromJson(e.data).object();
        if (e.name == "snapshot") {
            setStreaming(true);
            emit snapshot(objects(data.value(QLatin1String("alerts")).toArray()));
        } else if (e.name == "alert") {
            bool ok = false;
            const qint64 id = e.id.toLongLong(&ok);
            if (ok)
                m_lastEventId = std::max(m_lastEventId, id);
            emit transition(data.value(QLatin1String("transition")).toString(),
                            data.value(QLatin1String("alert")).toObject());
        }
    }
}

void AlertStream::streamEnded()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (reply)
        reply->deleteLater();
    setStreaming(false);
    if (!m_running)
        return;
    poll(); // at once: what happened while the stream was going down
    m_reconnect.start(m_decoder.retryMs() > 0 ? m_decoder.retryMs() : kDefaultRetryMs);
}

void AlertStream::poll()
{
    if (m_polling || !m_running)
        return;
    m_polling = true;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    m_client->get(
        QStringLiteral("/admin/alerts"), this,
        [this](const AdminResponse &r) {
            m_polling = false;
            if (r.ok())
                emit snapshot(objects(r.object().value(QLatin1String("data")).toArray()));
            else if (r.reachable())
                emit unavailable(QStringLiteral("%1 (%2)").arg(r.errorMessage()).arg(r.status));
        },
        query);
}

void AlertStream::setStreaming(bool streaming)
{
    m_poll.setInterval(streaming ? m_pollUpMs : m_pollDownMs);
    if (streaming == m_streaming)
        return;
    m_streaming = streaming;
    emit streamingChanged(streaming);
}

} // namespace crosslogic
