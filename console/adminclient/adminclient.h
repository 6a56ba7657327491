// Asynchronous client of the daemon's admin API (X-Admin-Token) over QNetworkAccessManager; never blocks.
#pragma once

#include "adminclient/adminresponse.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
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
              Callback done, const QUrlQuery &query = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {});

    // A long-lived GET (e.g. a Server-Sent Events stream) the caller reads and deletes; aborted when no byte arrives
    // for idleTimeoutMs. Not counted as pending, and it does not change the connection state.
    QNetworkReply *openStream(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers, int idleTimeoutMs);

    int pending() const { return m_pending; }
    int timeoutMs() const { return m_timeoutMs; }
    bool isConnected() const { return m_connected; }

signals:
    void busyChanged(bool busy);
    // connected flips false when a request gets no HTTP answer (reason: "timed out after 8 s", "connection
    // refused"), true again on the next answer from the daemon itself (reason: "GET /health answered 200"); a
    // proxy's 502 or 504 is not an answer from the daemon.
    void connectionChanged(bool connected, const QString &reason);

private:
    QUrl urlFor(const QString &path, const QUrlQuery &query) const;
    void track(QNetworkReply *reply, const QString &what, QObject *context, Callback done);
    void setConnected(bool connected, const QString &reason);
    QString describeNetworkError(const QNetworkReply *reply) const;

    QNetworkAccessManager *m_network;
    QUrl m_base;
    QByteArray m_token;
    int m_timeoutMs = 8000;
    int m_pending = 0;
    bool m_connected = true;
};

} // namespace crosslogic
