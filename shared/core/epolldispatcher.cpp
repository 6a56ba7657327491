// The epoll event dispatcher: see epolldispatcher.h for what it keeps of QEventDispatcherUNIX's behaviour.
#include "core/epolldispatcher.h"

#include <QCoreApplication>
#include <QThread>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace crosslogic {
namespace {
// What wakes each notifier type: as QEventDispatcherUNIX maps poll() results (hang-ups and errors wake all).
constexpr quint32 kWakes[3] = {EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR, EPOLLOUT | EPOLLHUP | EPOLLERR, EPOLLPRI | EPOLLHUP | EPOLLERR};
constexpr quint32 kInterest[3] = {EPOLLIN | EPOLLRDHUP, EPOLLOUT, EPOLLPRI};
constexpr int kMaxEvents = 256;

bool wantsPoll()
{
    return qgetenv("CROSSLOGIC_EVENT_DISPATCHER") == "poll";
}
} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent) : QAbstractEventDispatcher(parent)
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_epoll < 0 || m_wakeFd < 0)
        qFatal("epoll dispatcher: cannot create epoll or eventfd descriptors: %s", std::strerror(errno));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = m_wakeFd;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &ev);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_wakeFd);
    ::close(m_epoll);
}

qint64 EpollEventDispatcher::nowNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

quint32 EpollEventDispatcher::wantedMask(const FdEntry &e)
{
    quint32 mask = 0;
    for (int t = 0; t < 3; ++t)
        if (e.notifiers[t])
            mask |= kInterest[t];
    return mask;
}

EpollEventDispatcher::FdEntry &EpollEventDispatcher::entry(int fd)
{
    if (size_t(fd) >= m_fds.size())
        m_fds.resize(size_t(fd) + 64);
    return m_fds[size_t(fd)];
}

void EpollEventDispatcher::interestChanged(int fd)
{
    FdEntry &e = entry(fd);
    if (wantedMask(e) == 0) {
        // The last notifier went: out of epoll now, before the descriptor can be closed and its number reused.
        if (e.kernelMask != 0)
            ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr); // EBADF/ENOENT: it was closed already; nothing to do
        e.kernelMask = 0;
        return;
    }
    if (!e.dirty) {
        e.dirty = true;
        m_dirty.push_back(fd);
    }
}

void EpollEventDispatcher::applyInterest()
{
    for (int fd : m_dirty) {
        FdEntry &e = m_fds[size_t(fd)];
        e.dirty = false;
        const quint32 wanted = wantedMask(e);
        if (wanted == 0 || wanted == e.kernelMask)
            continue;
        epoll_event ev{};
        ev.events = wanted;
        ev.data.fd = fd;
        int rc = ::epoll_ctl(m_epoll, e.kernelMask == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev);
        if (rc < 0 && errno == EEXIST)
            rc = ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
        else if (rc < 0 && errno == ENOENT) // closed and reopened under the same number meanwhile
            rc = ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
        if (rc < 0) {
            qWarning("epoll dispatcher: cannot watch descriptor %d: %s", fd, std::strerror(errno));
            e.kernelMask = 0;
            continue;
        }
        e.kernelMask = wanted;
    }
    m_dirty.clear();
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type > 2)
        return;
    FdEntry &e = entry(fd);
    if (e.notifiers[type] && e.notifiers[type] != notifier)
        qWarning("epoll dispatcher: several socket notifiers of one type for descriptor %d; the last one counts", fd);
    e.notifiers[type] = notifier;
    e.serials[type] = m_nextSerial++;
    interestChanged(fd);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || size_t(fd) >= m_fds.size() || type < 0 || type > 2)
        return;
    FdEntry &e = m_fds[size_t(fd)];
    if (e.notifiers[type] != notifier)
        return;
    e.notifiers[type] = nullptr;
    e.serials[type] = 0; // activations already collected for it are dropped
    interestChanged(fd);
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    if (timerId < 1 || interval < 0 || !object)
        return;
    unregisterTimer(timerId);
    Timer t{timerId, interval, timerType, object, nowNs() + interval * 1000000};
    m_queue.emplace(t.dueNs, timerId);
    m_timers.emplace(timerId, t);
    m_timersByObject.insert(object, timerId);
}

void EpollEventDispatcher::dequeue(const Timer &t)
{
    for (auto q = m_queue.lower_bound(t.dueNs); q != m_queue.end() && q->first == t.dueNs; ++q) {
        if (q->second == t.id) {
            m_queue.erase(q);
            return;
        }
    }
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    const Timer &t = it->second;
    dequeue(t);
    m_timersByObject.remove(t.object, timerId);
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    const QList<int> ids = m_timersByObject.values(object);
    for (int id : ids)
        unregisterTimer(id);
    return !ids.isEmpty();
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> out;
    for (int id : m_timersByObject.values(object)) {
        const auto it = m_timers.find(id);
        if (it != m_timers.end())
            out.append(TimerInfo(id, int(it->second.intervalMs), it->second.type));
    }
    return out;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return -1;
    const qint64 left = it->second.dueNs - nowNs();
    return left <= 0 ? 0 : int((left + 999999) / 1000000);
}

void EpollEventDispatcher::wakeUp()
{
    // The loop's own thread is not waiting: it only has to not block in its next wait.
    if (QThread::currentThreadId() == m_owner.load(std::memory_order_relaxed)) {
        m_postedByOwner = true;
        return;
    }
    // Many posts between two iterations cost one write (as QEventDispatcherUNIX's thread pipe).
    if (!m_wakePending.exchange(true, std::memory_order_acq_rel)) {
        const quint64 one = 1;
        while (::write(m_wakeFd, &one, sizeof one) < 0 && errno == EINTR) {
        }
    }
}

void EpollEventDispatcher::interrupt()
{
    m_interrupt.store(true, std::memory_order_release);
    wakeUp();
}

int EpollEventDispatcher::waitMs(bool canWait) const
{
    if (!canWait)
        return 0;
    if (m_queue.empty())
        return -1;
    const qint64 left = m_queue.begin()->first - nowNs();
    if (left <= 0)
        return 0;
    const qint64 ms = (left + 999999) / 1000000; // never early: a timer due in 0.3 ms waits 1 ms
    return int(qMin<qint64>(ms, 24 * 3600 * 1000));
}

int EpollEventDispatcher::activateNotifiers()
{
    int activated = 0;
    // Activations may register, unregister or delete any notifier: each entry is checked against the notifier's
    // current registration (its serial) just before it is sent.
    for (size_t i = 0; i < m_pending.size(); ++i) {
        const Pending p = m_pending[i];
        if (size_t(p.fd) >= m_fds.size())
            continue;
        FdEntry &e = m_fds[size_t(p.fd)];
        QSocketNotifier *n = e.notifiers[p.type];
        if (!n || e.serials[p.type] != p.serial)
            continue;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(n, &event);
        ++activated;
    }
    m_pending.clear();
    return activated;
}

int EpollEventDispatcher::activateTimers()
{
    if (m_queue.empty())
        return 0;
    const qint64 now = nowNs();
    // The timers due now, collected first: one re-armed to "now" while firing waits for the next iteration.
    std::vector<int> due;
    for (auto q = m_queue.begin(); q != m_queue.end() && q->first <= now; ++q)
        due.push_back(q->second);
    int activated = 0;
    for (int id : due) {
        auto it = m_timers.find(id);
        if (it == m_timers.end() || it->second.inTimerEvent || it->second.dueNs > now)
            continue; // killed by an earlier handler (its id perhaps reused since), or busy firing further up the stack
        Timer &t = it->second;
        // Next due time before the event (the handler may stop or restart the timer): one interval on, or one
        // interval from now when the loop fell behind.
        dequeue(t);
        t.dueNs += t.intervalMs * 1000000;
        if (t.dueNs < now)
            t.dueNs = now + t.intervalMs * 1000000;
        m_queue.emplace(t.dueNs, id);
        t.inTimerEvent = true;
        QObject *object = t.object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++activated;
        it = m_timers.find(id); // the handler may have killed it (and another may now use the id)
        if (it != m_timers.end() && it->second.object == object)
            it->second.inTimerEvent = false;
    }
    return activated;
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_owner.store(QThread::currentThreadId(), std::memory_order_relaxed);
    m_interrupt.store(false, std::memory_order_relaxed);
    emit awake();
    m_postedByOwner = false;
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    // Events other threads posted meanwhile have written the wake-up descriptor, so waiting returns at once for
    // them; those this thread posted (while sending posted events, or in aboutToBlock) make the wait a poll.
    bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupt.load(std::memory_order_acquire) && !m_postedByOwner;
    if (canWait)
        emit aboutToBlock();
    if (m_interrupt.load(std::memory_order_acquire))
        return false;
    canWait = canWait && !m_postedByOwner;

    applyInterest();
    epoll_event events[kMaxEvents];
    const int timeout = includeTimers ? waitMs(canWait) : (canWait ? -1 : 0);
    int n;
    do {
        n = ::epoll_wait(m_epoll, events, kMaxEvents, timeout);
    } while (n < 0 && errno == EINTR);

    int handled = 0;
    for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wakeFd) {
            quint64 value;
            while (::read(m_wakeFd, &value, sizeof value) < 0 && errno == EINTR) {
            }
            m_wakePending.store(false, std::memory_order_release);
            ++handled;
            continue;
        }
        if (!includeNotifiers || size_t(fd) >= m_fds.size())
            continue;
        const FdEntry &e = m_fds[size_t(fd)];
        for (int t = 0; t < 3; ++t)
            if (e.notifiers[t] && (events[i].events & kWakes[t]))
                m_pending.push_back({fd, t, e.serials[t]});
    }
    if (includeNotifiers)
        handled += activateNotifiers();
    if (includeTimers)
        handled += activateTimers();
    return handled > 0;
}

bool installEpollDispatcherForMainThread()
{
    if (wantsPoll())
        return false;
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    return true;
}

QAbstractEventDispatcher *newEventDispatcherForThread()
{
    return wantsPoll() ? nullptr : new EpollEventDispatcher;
}

} // namespace crosslogic
