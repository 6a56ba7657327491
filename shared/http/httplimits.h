// Limits every HTTP connection enforces: body size, header size, timeouts, pipelining depth.
#pragma once

#include <QtGlobal>

namespace crosslogic {

struct HttpLimits
{
    qint64 maxBodyBytes = 8 * 1024 * 1024;
    qint64 maxHeaderBytes = 64 * 1024;
    int headerTimeoutMs = 10000; // deadline for a whole request head, from its first byte (slowloris bound)
    // A request body must arrive within bodyTimeoutMs of the head's end, plus one second for every
    // minBodyBytesPerSecond received: a client sending at least that rate is never cut off, a dripping one is.
    int bodyTimeoutMs = 10000;
    qint64 minBodyBytesPerSecond = 1024; // 0: the body has bodyTimeoutMs in all
    // After an error answer (413, 431, 408...) the rest of the client's input is read and dropped for at most
    // this long (and lingerMaxBytes), so that closing does not reset the connection before the answer is read.
    int lingerMs = 2000;
    qint64 lingerMaxBytes = 16 * 1024 * 1024;
    int idleTimeoutMs = 60000;   // keep-alive connection with no request in progress
    int maxPipelined = 16;       // parsed requests queued behind the one being answered
    // A client that stops reading: output waiting for it may not stall longer than this (nginx's send_timeout)...
    int writeTimeoutMs = 60000;
    // ...and a stream may not pile up more than this in user space beyond the kernel's socket buffer.
    qint64 maxPendingStreamBytes = 1024 * 1024;
    // Open connections one client address may hold (more are closed at once; http/addressquota.h). 0: no cap.
    int maxConnectionsPerAddress = 0;
};

} // namespace crosslogic
