// Process-wide counts of requests cut off by their deadlines (HttpLimits::headerTimeoutMs for a head, bodyTimeoutMs
// with minBodyBytesPerSecond for a body), from every connection on every thread; the daemon exports them as
// http_request_timeouts_total{phase}.
#pragma once

#include <QtGlobal>
#include <atomic>

namespace crosslogic {

struct HttpTimeoutCounts
{
    static inline std::atomic<quint64> head{0};
    static inline std::atomic<quint64> body{0};
};

} // namespace crosslogic
