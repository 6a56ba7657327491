// Runs a function on the thread of a context object (a queued call), and tells ThreadSanitizer about it.
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThread>
#include <utility>

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
#endif

namespace crosslogic {

// Qt's event queue orders a post before its delivery with a lock inside libQt6Core, which ThreadSanitizer does not
// see unless Qt itself is instrumented: without these two marks every value handed to another thread would be
// reported as a race. The mark is per receiving thread, as Qt's lock is.
inline void markPosted(QThread *to)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_release(to);
#else
    Q_UNUSED(to);
#endif
}

inline void markReceived()
{
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(QThread::currentThread());
#endif
}

// fn runs on context's thread, later, unless context is deleted first. Callable from any thread while context
// exists.
template <typename Fn> void postTo(QObject *context, Fn &&fn)
{
    markPosted(context->thread());
    QMetaObject::invokeMethod(context, [fn = std::forward<Fn>(fn)]() mutable {
        markReceived();
        fn();
    }, Qt::QueuedConnection);
}

// fn runs on context's thread (another one, with a running event loop); returns once it has.
template <typename Fn> void runBlockingOn(QObject *context, Fn &&fn)
{
    QThread *caller = QThread::currentThread();
    markPosted(context->thread());
    QMetaObject::invokeMethod(context, [&fn, caller] {
        markReceived();
        fn();
        markPosted(caller);
    }, Qt::BlockingQueuedConnection);
    markReceived();
}

} // namespace crosslogic
