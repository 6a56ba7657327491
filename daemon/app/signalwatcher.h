// Delivers SIGTERM/SIGINT/SIGHUP to the Qt event loop through a self-pipe; no Qt calls in the handler.
#pragma once

#include <QObject>

class QSocketNotifier;

namespace crosslogic {

class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminateRequested(int signal);
    void reloadRequested();

private:
    void readSignal();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace crosslogic
