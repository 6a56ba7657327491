// The agent's HTTP client for the control plane (QNetworkAccessManager): JSON POSTs with the node token.
#include "registration/controlplaneclient.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QUrl>

namespace crosslogic::agent {

QString ControlPlaneReply::message() const
{
    if (body.is_object() && body.contains("error") && body["error"].is_object() && body["error"].contains("message")
        && body["error"]["message"].is_string())
        return QString::fromStdString(body["error"]["message"].get<std::string>());
    return networkError;
}

std::string ControlPlaneReply::code() const
{
    if (body.is_object() && body.contains("error") && body["error"].is_object() && body["error"].contains("code")
        && body["error"]["code"].is_string())
        return body["error"]["code"].get<std::string>();
    return {};
}

ControlPlaneClient::ControlPlaneClient(QString baseUrl, QString token, QObject *parent)
    : QObject(parent), m_baseUrl(std::move(baseUrl)), m_token(token.toUtf8())
{
}

void ControlPlaneClient::addCaCertificates(const QString &pemPath)
{
    m_ssl.addCaCertificates(QSslCertificate::fromPath(pemPath, QSsl::Pem));
}

void ControlPlaneClient::post(const QString &path, const nlohmann::json &body, std::function<void(const ControlPlaneReply &)> done,
                              int timeoutMs)
{
    QNetworkRequest request(QUrl(m_baseUrl + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setSslConfiguration(m_ssl); // peer verification stays on: a certificate not chaining to a trusted CA fails
    const bool registration = path.endsWith(QLatin1String("/register"));
    request.setRawHeader(QByteArrayLiteral("Authorization"),
                         QByteArrayLiteral("Bearer ") + (registration || m_nodeToken.isEmpty() ? m_token : m_nodeToken));
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = m_network.post(request, QByteArray::fromStdString(body.dump()));
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        ControlPlaneReply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray data = reply->readAll();
        if (r.status == 0)
            r.networkError = reply->error() == QNetworkReply::OperationCanceledError ? QStringLiteral("timed out")
                                                                                     : reply->errorString();
        r.body = nlohmann::json::parse(data.constBegin(), data.constEnd(), nullptr, false);
        if (r.body.is_discarded())
            r.body = nullptr;
        done(r);
    });
}

} // namespace crosslogic::agent
