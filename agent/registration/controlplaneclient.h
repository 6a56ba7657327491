// The agent's HTTP client for the control plane (QNetworkAccessManager): JSON POSTs with the node token.
#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QSslConfiguration>
#include <functional>
#include <nlohmann/json.hpp>

namespace crosslogic::agent {

struct ControlPlaneReply
{
    int status = 0;            // 0: no HTTP answer (see networkError)
    nlohmann::json body;       // parsed answer, or null
    QString networkError;      // connection refused, timeout, DNS...
    // The server's error message ({"error":{"message"}}), else the raw network error.
    QString message() const;
    // The server's error code ({"error":{"code"}}), or empty.
    std::string code() const;
};

class ControlPlaneClient : public QObject
{
    Q_OBJECT
public:
    ControlPlaneClient(QString baseUrl, QString token, QObject *parent = nullptr);
    // Trusts the CA certificates in this PEM file too (system CAs stay trusted) for an https:// control plane.
    void addCaCertificates(const QString &pemPath);
    // POSTs body to baseUrl + path; done runs on this object's thread. Times out after timeoutMs.
    void post(const QString &path, const nlohmann::json &body, std::function<void(const ControlPlaneReply &)> done,
              int timeoutMs = 10000);
    // The node's own token from its registration: heartbeats and drains present it instead of the registration token
    // (which may only register). Empty: the registration token again.
    void setNodeToken(const QByteArray &token) { m_nodeToken = token; }
    const QByteArray &nodeToken() const { return m_nodeToken; }
    const QString &baseUrl() const { return m_baseUrl; }

private:
    QString m_baseUrl;
    QByteArray m_token;
    QByteArray m_nodeToken;
    QNetworkAccessManager m_network;
    QSslConfiguration m_ssl = QSslConfiguration::defaultConfiguration();
};

} // namespace crosslogic::agent
