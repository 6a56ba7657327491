// Polls the instance metadata service for a spot/preemption notice (AWS, GCP, Azure) and reports it once.
#include "registration/spotwatcher.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>
#include <nlohmann/json.hpp>

namespace crosslogic::agent {

SpotWatcher::SpotWatcher(QString baseUrl, QString flavour, int pollMs, QObject *parent)
    : QObject(parent), m_baseUrl(std::move(baseUrl)), m_flavour(std::move(flavour))
{
    m_timer.setInterval(pollMs);
    connect(&m_timer, &QTimer::timeout, this, &SpotWatcher::check);
}

void SpotWatcher::start()
{
    m_timer.start();
    check();
}

void SpotWatcher::check()
{
    static const QStringList all = {QStringLiteral("aws"), QStringLiteral("gcp"), QStringLiteral("azure")};
    if (all.contains(m_flavour))
        checkOne(m_flavour);
    else
        for (const QString &f : all)
            checkOne(f);
}

void SpotWatcher::checkOne(const QString &flavour)
{
    QString path;
    QNetworkRequest request;
    if (flavour == QLatin1String("aws")) {
        path = QStringLiteral("/latest/meta-data/spot/instance-action"); // 404 until a notice exists
    } else if (flavour == QLatin1String("gcp")) {
        path = QStringLiteral("/computeMetadata/v1/instance/preempted");
        request.setRawHeader(QByteArrayLiteral("Metadata-Flavor"), QByteArrayLiteral("Google"));
    } else {
        path = QStringLiteral("/metadata/scheduledevents?api-version=2020-07-01");
        request.setRawHeader(QByteArrayLiteral("Metadata"), QByteArrayLiteral("true"));
    }
    request.setUrl(QUrl(m_baseUrl + path));
    request.setTransferTimeout(2000);
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, flavour] {
        reply->deleteLater();
        if (m_noticed || reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
            return;
        const QByteArray body = reply->readAll().trimmed();
        QString notice;
        if (flavour == QLatin1String("aws")) {
            notice = QStringLiteral("AWS spot instance-action: ") + QString::fromUtf8(body.left(200));
        } else if (flavour == QLatin1String("gcp")) {
            if (body.toUpper() == "TRUE")
                notice = QStringLiteral("GCP instance preempted");
        } else {
            const auto j = nlohmann::json::parse(body.constBegin(), body.constEnd(), nullptr, false);
            if (j.is_object() && j.contains("Events") && j["Events"].is_array())
                for (const auto &e : j["Events"])
                    if (e.is_object() && e.value("EventType", std::string()) == "Preempt")
                        notice = QStringLiteral("Azure scheduled Preempt event, not before ")
                                 + QString::fromStdString(e.value("NotBefore", std::string("?")));
        }
        if (notice.isEmpty())
            return;
        m_noticed = true;
        m_timer.stop();
        emit noticeReceived(notice);
    });
}

} // namespace crosslogic::agent
