// HTTP/1.1 client for engine nodes: starting calls, delivering what their connections recorded, ending them.
#include "upstream/upstreamclient.h"

#include "upstream/engineconnection.h"

#include <QString>
#include "core/decimal.h"

#include <http_parser.h>

namespace crosslogic {
namespace {
bool safeHeaderPart(const QByteArray &text)
{
    return !text.contains('\r') && !text.contains('\n') && !text.contains('\0');
}

bool isOneOf(const QByteArray &name, std::initializer_list<const char *> names)
{
    for (const char *n : names)
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}
} // namespace

UpstreamClient::UpstreamClient(QObject *parent) : QObject(parent)
{
    m_idleSweep.setInterval(5000);
    connect(&m_idleSweep, &QTimer::timeout, this, &UpstreamClient::sweepIdle);
}

UpstreamClient::~UpstreamClient()
{
    m_idleSweep.stop();
    m_closing = true;
    const QSet<UpstreamCall *> calls = m_active;
    for (UpstreamCall *call : calls) {
        call->m_state = UpstreamCall::State::Cancelled;
        detach(call);
    }
    for (EngineHost *host : std::as_const(m_hosts)) {
        for (EngineConnection *connection : host->idle)
            dropConnection(connection);
        delete host;
    }
    m_hosts.clear();
    // Connections still waiting for deleteLater() are children and go with this object.
}

UpstreamCall *UpstreamClient::start(const UpstreamRequest &request)
{
    auto *call = new UpstreamCall(this, request);
    http_parser_url u;
    http_parser_url_init(&u);
    const QByteArray &url = request.url;
    const auto has = [&u](int field) { return (u.field_set & (1 << field)) != 0; };
    if (http_parser_parse_url(url.constData(), size_t(url.size()), 0, &u) != 0 || !has(UF_SCHEMA) || !has(UF_HOST) ||
        has(UF_USERINFO)) {
        failAtStart(call, UpstreamError::Protocol, QStringLiteral("malformed upstream URL"));
        return call;
    }
    const auto part = [&](int field) {
        return QByteArrayView(url.constData() + u.field_data[field].off, u.field_data[field].len);
    };
    const bool https = part(UF_SCHEMA).compare(QByteArrayView("https"), Qt::CaseInsensitive) == 0;
    EngineHost *host = hostFor(part(UF_SCHEMA), part(UF_HOST), has(UF_PORT) ? u.port : https ? 443 : 80);
    if (!host) {
        failAtStart(call, UpstreamError::Protocol,
                    QStringLiteral("unsupported upstream URL scheme %1 (http and https only)")
                        .arg(QString::fromLatin1(part(UF_SCHEMA))));
        return call;
    }
    const QByteArray method = request.method.toUpper();
    if (method.isEmpty() || !safeHeaderPart(method) || method.contains(' ')) {
        failAtStart(call, UpstreamError::Protocol, QStringLiteral("invalid HTTP method"));
        return call;
    }

    QByteArray &out = call->m_request;
    out.reserve(256 + request.body.size());
    out += method;
    out += ' ';
    if (has(UF_PATH))
        out += part(UF_PATH);
    else
        out += '/';
    if (has(UF_QUERY)) {
        out += '?';
        out += part(UF_QUERY);
    }
    out += " HTTP/1.1\r\nHost: ";
    out += host->hostHeader;
    out += "\r\n";
    for (const auto &h : request.headers) {
        if (!upstreamHeaderIsSafe(h.first, h.second) ||
            isOneOf(h.first, {"host", "content-length", "transfer-encoding", "expect", "connection"}))
            continue; // these are the client's to set; a line break would inject a header
        out += h.first;
        out += ": ";
        out += h.second;
        out += "\r\n";
    }
    const bool bodyless = method == "GET" || method == "HEAD";
    if (!bodyless) {
        out += "Content-Length: ";
        out += decimal(request.body.size());
        out += "\r\n";
    }
    out += "\r\n";
    if (!bodyless)
        out += request.body;
    call->m_host = host;
    call->m_headMethod = method == "HEAD";
    call->m_connectTimeoutMs = std::max(0, request.connectTimeoutMs);
    m_active.insert(call);
    call->armWatchdog();
    dispatch(call);
    return call;
}

void UpstreamClient::failAtStart(UpstreamCall *call, UpstreamError error, const QString &message)
{
    m_active.insert(call);
    endCall(call, error, message);
    scheduleDeliver(); // never emit from inside start()
}

void UpstreamClient::deliver()
{
    while (!m_dirty.isEmpty()) {
        const QList<QPointer<UpstreamCall>> batch = std::exchange(m_dirty, {});
        for (const QPointer<UpstreamCall> &guard : batch) {
            UpstreamCall *call = guard.data();
            if (!call)
                continue;
            call->m_dirty = false;
            if (call->m_state != UpstreamCall::State::Active)
                continue;
            if (call->m_pendingStarted) {
                call->m_pendingStarted = false;
                emit call->responseStarted(call->m_status);
                if (!guard || call->m_state != UpstreamCall::State::Active)
                    continue;
            }
            if (!call->m_pendingData.isEmpty()) {
                emit call->dataReceived(std::exchange(call->m_pendingData, {}));
                if (!guard || call->m_state != UpstreamCall::State::Active)
                    continue;
            }
            if (call->m_done) // the end comes after the last bytes
                finish(call, call->m_doneError, call->m_doneMessage);
        }
    }
}

void UpstreamClient::detach(UpstreamCall *call)
{
    call->m_watchdog.stop();
    if (call->m_connection) {
        // Mid-answer: the connection closes, so the engine sees the client leave at once.
        EngineConnection *connection = std::exchange(call->m_connection, nullptr);
        connection->m_call = nullptr;
        dropConnection(connection);
    }
    call->m_request = QByteArray();
    call->m_pendingData.clear();
    call->m_pendingStarted = false;
    m_active.remove(call);
}

void UpstreamClient::finish(UpstreamCall *call, UpstreamError error, const QString &message)
{
    detach(call);
    call->m_state = UpstreamCall::State::Finished;
    call->deleteLater(); // posted first: a slot may still delete the call itself
    emit call->finished(error, message);
}

void UpstreamClient::timedOut(UpstreamCall *call, UpstreamError error, const QString &message)
{
    if (call->m_state == UpstreamCall::State::Active)
        finish(call, error, message);
}

void UpstreamClient::cancel(UpstreamCall *call)
{
    if (call->m_state != UpstreamCall::State::Active)
        return;
    call->m_state = UpstreamCall::State::Cancelled;
    detach(call);
    call->deleteLater();
}

void UpstreamClient::abortAll()
{
    const QSet<UpstreamCall *> calls = m_active;
    for (UpstreamCall *call : calls)
        if (call->m_state == UpstreamCall::State::Active)
            finish(call, UpstreamError::Cancelled, QStringLiteral("upstream client shutting down"));
}

} // namespace crosslogic
