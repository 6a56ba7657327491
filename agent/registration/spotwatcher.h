// Polls the instance metadata service for a spot/preemption notice (AWS, GCP, Azure) and reports it once.
#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

namespace crosslogic::agent {

class SpotWatcher : public QObject
{
    Q_OBJECT
public:
    // flavour: aws, gcp, azure; anything else checks all three.
    SpotWatcher(QString baseUrl, QString flavour, int pollMs, QObject *parent = nullptr);
    void start();

signals:
    void noticeReceived(const QString &description);

private:
    void check();
    void checkOne(const QString &flavour);

    QString m_baseUrl;
    QString m_flavour;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    bool m_noticed = false;
};

} // namespace crosslogic::agent
