// Asynchronous client of the daemon's admin API (X-Admin-Token) over QNetworkAccessManager; never blocks.
#pragma once

#include "adminclient/adminresponse.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace crosslogic {

class AdminClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const AdminResponse &)>;

    explicit AdminClient(QObject *parent = nullptr);

    void setServer(const QUrl &baseUrl, const QByteArray &token);
    QUrl baseUrl() const { return m_base; }
    void setTimeout(int ms) { m_timeoutMs = ms; }

    // The callback runs only while context still exists.
    void get(const QString &path, QObject *context, Callback done, const QUrlQuery &query = {});
    void send(const QByteArray &method, const QString &path, const QJsonObject &body, bool dryRun, QObject *context,
              Callback done, const QUrlQuery &query = {});

    int pending() const { return m_pending; }
    bool isConnected() const { return m_connected; }

signals:
    void busyChanged(bool busy);
    // connected flips false when a request gets no HTTP answer, true again on the next answer.
    void connectionChanged(bool connected, const QString &reason);

private:
    QUrl urlFor(const QString &path, const QUrlQuery &query) const;
    void track(QNetworkReply *reply, QObject *context, Callback done);
    void setConnected(bool connected, const QString &reason);

    QNetworkAccessManager *m_network;
    QUrl m_base;
    QByteArray m_token;
    int m_timeoutMs = 8000;
    int m_pending = 0;
    bool m_connected = true;
};

} // namespace crosslogic
