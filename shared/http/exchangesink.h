// Where an HttpExchange's bytes go: the client's HttpConnection, or a relay to the thread that owns the connection.
#pragma once

#include "http/httplimits.h"

#include <QByteArray>

namespace crosslogic {

class HttpExchange;

class ExchangeSink
{
public:
    virtual ~ExchangeSink() = default;
    virtual void writeRaw(const QByteArray &bytes) = 0;
    // The exchange has written its last byte (whole response or end of stream).
    virtual void exchangeFinished(HttpExchange *exchange) = 0;
    // The connection closes after this response (drain, a client's Connection: close).
    virtual bool isClosing() const = 0;
    virtual qint64 bytesToWrite() const = 0;
    virtual void dropSlowReader(const char *why) = 0;
    virtual const HttpLimits &limits() const = 0;
};

} // namespace crosslogic
