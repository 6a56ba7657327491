// Limits every HTTP connection enforces: body size, header size, timeouts, pipelining depth.
#pragma once

#include <QtGlobal>

namespace crosslogic {

struct HttpLimits
{
    qint64 maxBodyBytes = 8 * 1024 * 1024;
    qint64 maxHeaderBytes = 64 * 1024;
    int headerTimeoutMs = 10000; // slow-client (slowloris) bound for reading a request head
    int idleTimeoutMs = 60000;   // keep-alive connection with no request in progress
    int maxPipelined = 16;       // parsed requests queued behind the one being answered
    // A client that stops reading: output waiting for it may not stall longer than this (nginx's send_timeout)...
    int writeTimeoutMs = 60000;
    // ...and a stream may not pile up more than this in user space beyond the kernel's socket buffer.
    qint64 maxPendingStreamBytes = 1024 * 1024;
};

} // namespace crosslogic
