// The epoll event dispatcher (core/epolldispatcher.h) behaves as Qt's own where the daemon relies on it: socket
// notifiers (level-triggered, enabled and disabled, deleted or replaced mid-iteration, descriptors closed and reused),
// timers (single-shot, repeating, killed from their own handler, zero-interval without starving sockets), events
// posted from other threads, and QEventLoop::exit. Every case runs in a QThread that uses the dispatcher.
#include "core/epolldispatcher.h"

#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QEventLoop>
#include <QSocketNotifier>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <functional>
#include <thread>
#include <sys/socket.h>
#include <unistd.h>

using namespace crosslogic;

namespace {
// Runs body on a fresh thread whose event dispatcher is the epoll one, and waits for it.
void onEpollThread(const std::function<void()> &body)
{
    QThread thread;
    thread.setEventDispatcher(new EpollEventDispatcher);
    bool ran = false;
    QObject::connect(&thread, &QThread::started, &thread, [&] {
        QVERIFY(qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()) != nullptr);
        body();
        ran = true;
        QThread::currentThread()->quit();
    }, Qt::DirectConnection);
    thread.start();
    QVERIFY(thread.wait(20000));
    QVERIFY(ran);
}

// Spins this thread's event loop until done() or the timeout; true when done() held.
bool spinUntil(const std::function<bool()> &done, int timeoutMs = 3000)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

// Five turns of this thread's event loop (up to 100 ms) in which nothing is expected to happen.
void idleIterations()
{
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
}

// This process's write system calls so far (every thread).
qint64 writeSyscalls()
{
    QFile io(QStringLiteral("/proc/self/io"));
    if (!io.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : io.readAll().split('\n'))
        if (line.startsWith("syscw:"))
            return line.mid(6).trimmed().toLongLong();
    return -1;
}

struct Pair
{
    int fd[2] = {-1, -1};
    Pair() { ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fd); }
    ~Pair()
    {
        for (int f : fd)
            if (f >= 0)
                ::close(f);
    }
};
} // namespace

class TestEpollDispatcher : public QObject
{
    Q_OBJECT
private slots:
    void readNotifierIsLevelTriggered()
    {
        onEpollThread([] {
            Pair p;
            QSocketNotifier n(p.fd[0], QSocketNotifier::Read);
            int activations = 0;
            QByteArray got;
            bool readNow = false;
            connect(&n, &QSocketNotifier::activated, &n, [&] {
                ++activations;
                if (readNow) {
                    char buf[64];
                    const ssize_t r = ::read(p.fd[0], buf, sizeof buf);
                    if (r > 0)
                        got.append(buf, r);
                }
            });
            QCOMPARE(::write(p.fd[1], "hello", 5), ssize_t(5));
            // Not read: ready again on every iteration, as with poll().
            QVERIFY(spinUntil([&] { return activations >= 3; }));
            readNow = true;
            QVERIFY(spinUntil([&] { return got == "hello"; }));
            const int after = activations;
            // Drained: no more activations while nothing arrives.
            idleIterations();
            QCOMPARE(activations, after);
        });
    }

    void disabledNotifierIsQuietAndComesBack()
    {
        onEpollThread([] {
            Pair p;
            QSocketNotifier n(p.fd[0], QSocketNotifier::Read);
            int activations = 0;
            connect(&n, &QSocketNotifier::activated, &n, [&] {
                ++activations;
                n.setEnabled(false); // as TcpStream does when its reader does not read
            });
            QCOMPARE(::write(p.fd[1], "x", 1), ssize_t(1));
            QVERIFY(spinUntil([&] { return activations == 1; }));
            idleIterations();
            QCOMPARE(activations, 1);
            n.setEnabled(true); // the byte is still there
            QVERIFY(spinUntil([&] { return activations == 2; }));
        });
    }

    void writeNotifierToggledWithinAnIteration()
    {
        onEpollThread([] {
            Pair p;
            QSocketNotifier reader(p.fd[0], QSocketNotifier::Read);
            QSocketNotifier writer(p.fd[0], QSocketNotifier::Write);
            writer.setEnabled(false);
            int writes = 0, reads = 0;
            connect(&writer, &QSocketNotifier::activated, &writer, [&] { ++writes; writer.setEnabled(false); });
            connect(&reader, &QSocketNotifier::activated, &reader, [&] {
                char c;
                while (::read(p.fd[0], &c, 1) == 1)
                    ++reads;
                // Enabled and disabled again before the loop waits: no activation may come of it.
                writer.setEnabled(true);
                writer.setEnabled(false);
            });
            QCOMPARE(::write(p.fd[1], "ab", 2), ssize_t(2));
            QVERIFY(spinUntil([&] { return reads == 2; }));
            idleIterations();
            QCOMPARE(writes, 0);
            writer.setEnabled(true); // a socket pair is writable
            QVERIFY(spinUntil([&] { return writes == 1; }));
        });
    }

    void notifierDeletedByAnotherActivationIsNotCalled()
    {
        onEpollThread([] {
            Pair a, b;
            auto *first = new QSocketNotifier(a.fd[0], QSocketNotifier::Read);
            auto *second = new QSocketNotifier(b.fd[0], QSocketNotifier::Read);
            int calls = 0;
            // Whichever comes first deletes the other; both are ready in the same iteration.
            auto drain = [](int fd) {
                char c;
                while (::read(fd, &c, 1) == 1) {
                }
            };
            connect(first, &QSocketNotifier::activated, first, [&] { ++calls; drain(a.fd[0]); delete second; second = nullptr; });
            connect(second, &QSocketNotifier::activated, second, [&] { ++calls; drain(b.fd[0]); delete first; first = nullptr; });
            QCOMPARE(::write(a.fd[1], "x", 1), ssize_t(1));
            QCOMPARE(::write(b.fd[1], "y", 1), ssize_t(1));
            QVERIFY(spinUntil([&] { return calls >= 1; }));
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            QCOMPARE(calls, 1);
            delete first;
            delete second;
        });
    }

    void descriptorClosedAndReusedGetsOnlyItsOwnEvents()
    {
        onEpollThread([] {
            auto *p = new Pair;
            int oldCalls = 0;
            {
                QSocketNotifier n(p->fd[0], QSocketNotifier::Read);
                connect(&n, &QSocketNotifier::activated, &n, [&] { ++oldCalls; });
                QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            } // unregistered, then the descriptors close
            const int reusedNumber = p->fd[0];
            delete p;
            Pair q; // the kernel hands out the lowest free numbers: the old one again
            QCOMPARE(q.fd[0], reusedNumber);
            QSocketNotifier n(q.fd[0], QSocketNotifier::Read);
            int newCalls = 0;
            connect(&n, &QSocketNotifier::activated, &n, [&] {
                char c;
                while (::read(q.fd[0], &c, 1) == 1)
                    ++newCalls;
            });
            for (int i = 0; i < 3; ++i)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
            QCOMPARE(newCalls, 0); // nothing written yet
            QCOMPARE(::write(q.fd[1], "z", 1), ssize_t(1));
            QVERIFY(spinUntil([&] { return newCalls == 1; }));
            QCOMPARE(oldCalls, 0);
        });
    }

    void timersFireOnTimeAndStop()
    {
        onEpollThread([] {
            QElapsedTimer clock;
            clock.start();
            qint64 singleAt = -1;
            QObject context; // lives on this thread, so the functor runs here
            QTimer::singleShot(60, &context, [&] { singleAt = clock.elapsed(); });
            QTimer repeating;
            int ticks = 0;
            connect(&repeating, &QTimer::timeout, &repeating, [&] {
                if (++ticks == 5)
                    repeating.stop(); // killed from its own handler
            });
            repeating.start(10);
            QVERIFY(spinUntil([&] { return singleAt >= 0 && ticks == 5; }));
            QVERIFY2(singleAt >= 59, qPrintable(QString::number(singleAt))); // never early
            QVERIFY(!repeating.isActive());
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 60);
            QCOMPARE(ticks, 5);
            QTimer later;
            later.start(5000);
            const int left = QAbstractEventDispatcher::instance()->remainingTime(later.timerId());
            QVERIFY2(left > 4000 && left <= 5000, qPrintable(QString::number(left)));
            QCOMPARE(QAbstractEventDispatcher::instance()->registeredTimers(&later).size(), 1);
        });
    }

    void zeroTimerDoesNotStarveSockets()
    {
        onEpollThread([] {
            Pair p;
            QTimer busy;
            int spins = 0;
            connect(&busy, &QTimer::timeout, &busy, [&] { ++spins; });
            busy.start(0);
            QSocketNotifier n(p.fd[0], QSocketNotifier::Read);
            bool readable = false;
            connect(&n, &QSocketNotifier::activated, &n, [&] {
                readable = true;
                n.setEnabled(false);
            });
            QCOMPARE(::write(p.fd[1], "x", 1), ssize_t(1));
            QVERIFY(spinUntil([&] { return readable; }));
            QVERIFY(spins > 0);
        });
    }

    void timersOfADeletedObjectAreGone()
    {
        onEpollThread([] {
            auto *timer = new QTimer;
            int fired = 0;
            QObject context;
            connect(timer, &QTimer::timeout, &context, [&] { ++fired; });
            timer->start(20);
            const int id = timer->timerId();
            delete timer;
            QCOMPARE(QAbstractEventDispatcher::instance()->remainingTime(id), -1);
            for (int i = 0; i < 4; ++i)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
            QCOMPARE(fired, 0);
        });
    }

    void postsFromOtherThreadsWakeTheLoop()
    {
        onEpollThread([] {
            QObject receiver;
            std::atomic<int> received{0};
            std::thread poster([&] {
                for (int i = 0; i < 200; ++i)
                    QMetaObject::invokeMethod(&receiver, [&] { ++received; }, Qt::QueuedConnection);
            });
            // A long wait: only the posts can end it early.
            QVERIFY(spinUntil([&] { return received == 200; }, 5000));
            poster.join();
            // deleteLater works (deferred deletion through the posted-event queue, inside a running event loop).
            QEventLoop loop;
            QPointer<QObject> doomed = new QObject;
            connect(doomed, &QObject::destroyed, &loop, &QEventLoop::quit);
            QTimer::singleShot(0, doomed, [&] { doomed->deleteLater(); });
            QTimer::singleShot(3000, &loop, &QEventLoop::quit);
            loop.exec();
            QVERIFY(doomed.isNull());
        });
    }

    // Posts from the loop's own thread (a chain of queued calls, each posting the next; one posted while the loop is
    // about to block) are delivered at once, without waiting for the 30 s timer, and without a wake-up write each:
    // 1,000 of them cost far fewer than 1,000 write system calls (/proc/self/io syscw).
    void postsFromTheLoopsOwnThreadNeitherBlockNorWrite()
    {
        onEpollThread([] {
            QEventLoop loop;
            QObject receiver;
            QTimer::singleShot(30000, &loop, [&] { loop.exit(1); });
            int hops = 0;
            std::function<void()> next = [&] {
                if (++hops < 1000)
                    QMetaObject::invokeMethod(&receiver, next, Qt::QueuedConnection);
                else
                    loop.exit(0);
            };
            const qint64 writesBefore = writeSyscalls();
            QElapsedTimer clock;
            clock.start();
            QMetaObject::invokeMethod(&receiver, next, Qt::QueuedConnection);
            QCOMPARE(loop.exec(), 0);
            const qint64 writes = writeSyscalls() - writesBefore;
            QCOMPARE(hops, 1000);
            QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
            QVERIFY2(writes < 100, qPrintable(QStringLiteral("%1 write system calls for 1000 posts").arg(writes)));

            // Posted from aboutToBlock (as the Redis flush could): delivered without blocking either.
            bool posted = false, delivered = false;
            auto *dispatcher = QAbstractEventDispatcher::instance();
            auto c = connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, &receiver, [&] {
                if (!posted) {
                    posted = true;
                    QMetaObject::invokeMethod(&receiver, [&] { delivered = true; loop.exit(0); }, Qt::QueuedConnection);
                }
            });
            clock.restart();
            QCOMPARE(loop.exec(), 0);
            disconnect(c);
            QVERIFY(delivered);
            QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        });
    }

    void eventLoopExitIsPrompt()
    {
        onEpollThread([] {
            QEventLoop loop;
            QElapsedTimer clock;
            clock.start();
            std::thread other([&] {
                QThread::msleep(50);
                loop.exit(7); // from another thread: interrupt() must wake the wait
            });
            const int code = loop.exec();
            other.join();
            QCOMPARE(code, 7);
            QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        });
    }
};

QTEST_GUILESS_MAIN(TestEpollDispatcher)
#include "test_epolldispatcher.moc"
