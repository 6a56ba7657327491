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
};

} // namespace crosslogic
