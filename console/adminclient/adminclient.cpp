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
    track(m_network->get(request), context, std::move(done));
}

void AdminClient::send(const QByteArray &method, const QString &path, const QJsonObject &body, bool dryRun, QObject *context,
                       Callback done, const QUrlQuery &query)
{
    QUrlQuery q = query;
    if (dryRun)
        q.addQueryItem(QStringLiteral("dry_run"), QStringLiteral("true"));
    QNetworkRequest request(urlFor(path, q));
    request.setRawHeader("X-Admin-Token", m_token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(m_timeoutMs);
    const QByteArray payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    track(m_network->sendCustomRequest(request, method, payload), context, std::move(done));
}

void AdminClient::track(QNetworkReply *reply, QObject *context, Callback done)
{
    if (m_pending++ == 0)
        emit busyChanged(true);
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [this, reply, guard, done = std::move(done)] {
        reply->deleteLater();
        AdminResponse r;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        r.status = status.isValid() ? status.toInt() : 0;
        r.body = reply->readAll();
        if (r.status == 0)
            r.networkError = reply->errorString();
        else
            r.json = QJsonDocument::fromJson(r.body);
        if (--m_pending == 0)
            emit busyChanged(false);
        setConnected(r.reachable(), r.networkError);
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
