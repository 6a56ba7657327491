// Delivers SIGTERM, SIGINT and (when asked) SIGHUP to the Qt event loop through a self-pipe: the handler only
// writes one byte, and Qt sees the signal as a readable socket. Used by the daemon and the node agent; one at
// a time.
#pragma once

#include <QObject>

class QSocketNotifier;

namespace crosslogic {

class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    // What SIGHUP does: emit reloadRequested(), or keep its default action (the process ends).
    enum class Hangup
    {
        Reload,
        DefaultAction
    };

    // Also ignores SIGPIPE, so that a write to a closed socket or pipe fails with EPIPE instead of ending the
    // process.
    explicit SignalWatcher(Hangup hangup, QObject *parent = nullptr);
    // Gives the watched signals their default action back.
    ~SignalWatcher() override;

signals:
    void terminateRequested(int signal); // SIGTERM or SIGINT, once per delivery
    void reloadRequested();              // SIGHUP, with Hangup::Reload

private:
    void readSignals();
    Hangup m_hangup;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace crosslogic
