// Asynchronous client of the daemon's admin API (X-Admin-Token) over QNetworkAccessManager; never blocks.
#include "adminclient/adminclient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

namespace crosslogic {

AdminClient::AdminClient(QObject *parent) : QObject(parent), m_network(new QNetworkAccessManager(this)) {}

void AdminClient::setServer(const QUrl &baseUrl, const QByteArray &token)
{
    m_base = baseUrl;
    m_token = token;
}

QUrl AdminClient::urlFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_base;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + path);
    url.setQuery(query);
    return url;
}

void AdminClient::get(const QString &path, QObject *context, Callback done, const QUrlQuery &query)
{
    QNetworkRequest request(urlFor(path, query));
    request.setRawHeader("X-Admin-Token", m_token);
    request.setTransferTimeout(m_timeoutMs);
    track(m_network->get(request), QStringLiteral("GET ") + path, context, std::move(done));
}

void AdminClient::send(const QByteArray &method, const QString &path, const QJsonObject &body, bool dryRun, QObject *context,
                       Callback done, const QUrlQuery &query, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QUrlQuery q = query;
    if (dryRun)
        q.addQueryItem(QStringLiteral("dry_run"), QStringLiteral("true"));
    QNetworkRequest request(urlFor(path, q));
    request.setRawHeader("X-Admin-Token", m_token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    request.setTransferTimeout(m_timeoutMs);
    const QByteArray payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    track(m_network->sendCustomRequest(request, method, payload), QString::fromLatin1(method) + QLatin1Char(' ') + path, context,
          std::move(done));
}

QNetworkReply *AdminClient::openStream(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers, int idleTimeoutMs)
{
    QNetworkRequest request(urlFor(path, {}));
    request.setRawHeader("X-Admin-Token", m_token);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    // The transfer timeout restarts with every byte: keep-alive comments hold an idle stream open.
    request.setTransferTimeout(idleTimeoutMs);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    return m_network->get(request);
}

QString AdminClient::describeNetworkError(const QNetworkReply *reply) const
{
    switch (reply->error()) {
    case QNetworkReply::OperationCanceledError: // what a transfer timeout reports
    case QNetworkReply::TimeoutError:
        return tr("timed out: no answer within %L1 s").arg(m_timeoutMs / 1000.0, 0, 'g', 3);
    case QNetworkReply::ConnectionRefusedError:
        return tr("connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return tr("the daemon closed the connection without answering");
    case QNetworkReply::HostNotFoundError:
        return tr("host not found");
    default:
        return reply->errorString();
    }
}

void AdminClient::track(QNetworkReply *reply, const QString &what, QObject *context, Callback done)
{
    if (m_pending++ == 0)
        emit busyChanged(true);
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [this, reply, what, guard, done = std::move(done)] {
        reply->deleteLater();
        AdminResponse r;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        r.status = status.isValid() ? status.toInt() : 0;
        r.body = reply->readAll();
        if (r.status == 0) {
            r.timedOut = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError;
            r.networkError = describeNetworkError(reply);
        } else {
            r.json = QJsonDocument::fromJson(r.body);
        }
        if (--m_pending == 0)
            emit busyChanged(false);
        // A gateway error comes from a proxy in front of the daemon: not a sign that the daemon is back.
        const bool fromDaemon = r.reachable() && r.status != 502 && r.status != 504;
        if (fromDaemon)
            setConnected(true, tr("%1 answered %2").arg(what).arg(r.status));
        else
            setConnected(false, r.reachable() ? tr("%1: a proxy answered %2").arg(what).arg(r.status) : r.networkError);
        if (guard && done)
            done(r);
    });
}

void AdminClient::setConnected(bool connected, const QString &reason)
{
    if (connected == m_connected)
        return;
    m_connected = connected;
    emit connectionChanged(connected, reason);
}

} // namespace crosslogic
