// The signal watcher of the daemon and the node agent: SIGTERM/SIGINT/SIGHUP reach the event loop, SIGHUP
// only when asked, a flood of signals neither blocks the handler nor changes errno, and the self-pipe is
// close-on-exec.
#include "core/signalwatcher.h"

#include <QSignalSpy>
#include <QtTest>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>

using namespace crosslogic;

namespace {

struct sigaction currentAction(int sig)
{
    struct sigaction sa = {};
    sigaction(sig, nullptr, &sa);
    return sa;
}

} // namespace

class TestSignalWatcher : public QObject
{
    Q_OBJECT

private slots:
    void signalsReachTheEventLoop()
    {
        SignalWatcher watcher(SignalWatcher::Hangup::Reload);
        QSignalSpy terminate(&watcher, &SignalWatcher::terminateRequested);
        QSignalSpy reload(&watcher, &SignalWatcher::reloadRequested);
        ::raise(SIGHUP);
        ::raise(SIGTERM);
        ::raise(SIGINT);
        QTRY_COMPARE(terminate.size(), 2);
        QCOMPARE(reload.size(), 1);
        QCOMPARE(terminate[0][0].toInt(), SIGTERM);
        QCOMPARE(terminate[1][0].toInt(), SIGINT);
    }

    void handlersRestartSystemCallsAndIgnoreSigpipe()
    {
        SignalWatcher watcher(SignalWatcher::Hangup::Reload);
        for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
            const struct sigaction sa = currentAction(sig);
            QVERIFY(sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN);
            QVERIFY2(sa.sa_flags & SA_RESTART, qPrintable(QString::number(sig)));
        }
        QVERIFY(currentAction(SIGPIPE).sa_handler == SIG_IGN);
    }

    // The node agent: SIGHUP keeps its default action (the process ends), as before the watcher was shared.
    void hangupKeepsItsDefaultUnlessAsked()
    {
        SignalWatcher watcher(SignalWatcher::Hangup::DefaultAction);
        QVERIFY(currentAction(SIGHUP).sa_handler == SIG_DFL);
        QVERIFY(currentAction(SIGTERM).sa_handler != SIG_DFL);
    }

    void destructionGivesTheDefaultsBack()
    {
        {
            SignalWatcher watcher(SignalWatcher::Hangup::Reload);
            QVERIFY(currentAction(SIGTERM).sa_handler != SIG_DFL);
        }
        for (int sig : {SIGTERM, SIGINT, SIGHUP})
            QVERIFY(currentAction(sig).sa_handler == SIG_DFL);
    }

    // More signals than the pipe holds, with no event loop running: a blocking pipe would hang the handler
    // here, and a handler that does not save errno would hand write()'s EAGAIN to the interrupted code.
    void floodNeitherBlocksNorChangesErrno()
    {
        SignalWatcher watcher(SignalWatcher::Hangup::Reload);
        QSignalSpy terminate(&watcher, &SignalWatcher::terminateRequested);
        QSignalSpy reload(&watcher, &SignalWatcher::reloadRequested);
        for (int i = 0; i < 20000; ++i) {
            errno = EDOM;
            ::raise(SIGHUP);
            if (errno != EDOM)
                QFAIL(qPrintable(QStringLiteral("errno %1 after signal %2").arg(errno).arg(i)));
        }
        QTRY_VERIFY(reload.size() > 0);
        QVERIFY2(reload.size() < 20000,
                 "the pipe never filled: the flood did not test the non-blocking write");
        ::raise(SIGTERM); // after draining, signals get through again
        QTRY_COMPARE(terminate.size(), 1);
    }

    // Child processes (engines, SkyPilot) must not inherit the pipe; the reader drains it without blocking.
    void pipeIsCloseOnExecAndNonBlocking()
    {
        SignalWatcher watcher(SignalWatcher::Hangup::Reload);
        int sockets = 0;
        for (int fd = 0; fd < 1024; ++fd) {
            struct stat st = {};
            if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode))
                continue;
            ++sockets;
            QVERIFY2(::fcntl(fd, F_GETFD) & FD_CLOEXEC,
                     qPrintable(QStringLiteral("fd %1 not close-on-exec").arg(fd)));
            QVERIFY2(::fcntl(fd, F_GETFL) & O_NONBLOCK, qPrintable(QStringLiteral("fd %1 blocking").arg(fd)));
        }
        QVERIFY2(sockets >= 2, "the self-pipe's two ends were not found");
    }
};

QTEST_GUILESS_MAIN(TestSignalWatcher)
#include "test_signalwatcher.moc"
