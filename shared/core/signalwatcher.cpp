// Delivers SIGTERM, SIGINT and (when asked) SIGHUP to the Qt event loop through a self-pipe; no Qt calls in
// the handler.
#include "core/signalwatcher.h"

#include <QSocketNotifier>
#include <cerrno>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace crosslogic {
namespace {

// Opened once and kept for the life of the process: a handler may run at any moment, also between two
// watchers. Close-on-exec, so child processes (engines, SkyPilot) do not inherit it; non-blocking, so that a
// handler never waits on a full pipe (the signals already queued there will be read) and the reader can drain
// it.
int g_pipe[2] = {-1, -1};

void onSignal(int sig)
{
    const int savedErrno = errno; // the interrupted code must not see write()'s errno
    const unsigned char b = static_cast<unsigned char>(sig);
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &b, 1);
    errno = savedErrno;
}

void setHandler(int sig, void (*handler)(int))
{
    struct sigaction sa = {};
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; // system calls interrupted by the signal resume instead of failing with EINTR
    sigaction(sig, &sa, nullptr);
}

} // namespace

SignalWatcher::SignalWatcher(Hangup hangup, QObject *parent) : QObject(parent), m_hangup(hangup)
{
    setHandler(SIGPIPE, SIG_IGN);
    if (g_pipe[0] < 0 && ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, g_pipe) != 0)
        return;
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readSignals);
    setHandler(SIGTERM, onSignal);
    setHandler(SIGINT, onSignal);
    if (m_hangup == Hangup::Reload)
        setHandler(SIGHUP, onSignal);
}

SignalWatcher::~SignalWatcher()
{
    setHandler(SIGTERM, SIG_DFL);
    setHandler(SIGINT, SIG_DFL);
    if (m_hangup == Hangup::Reload)
        setHandler(SIGHUP, SIG_DFL);
}

void SignalWatcher::readSignals()
{
    unsigned char b = 0;
    while (::read(g_pipe[0], &b, 1) == 1) {
        if (b == SIGHUP)
            emit reloadRequested();
        else
            emit terminateRequested(int(b));
    }
}

} // namespace crosslogic
