// SIGTERM/SIGINT into the Qt event loop through a self-pipe and a QSocketNotifier (no Qt calls in the handler).
#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <memory>

namespace crosslogic::agent {

class TerminationSignal : public QObject
{
    Q_OBJECT
public:
    explicit TerminationSignal(QObject *parent = nullptr);

signals:
    void received(int signal);

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace crosslogic::agent
