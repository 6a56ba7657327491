// Serves, on the main thread, requests that arrive on an I/O thread's connection but are not customer routes
// (admin API, /metrics, /health, webhooks, fleet): the request is copied to the main thread, answered by the main
// router there, and the response bytes are written back to the connection by its own thread.
#pragma once

#include "http/httpconnection.h"

#include <QObject>

namespace crosslogic {

class MainThreadRelay : public QObject
{
    Q_OBJECT
public:
    // Lives on the main thread; handler is the main thread's (counted) router. Delete it only after every I/O
    // thread that relays to it has stopped, and before their lane contexts go.
    MainThreadRelay(HttpLimits limits, HttpHandler handler, QObject *parent = nullptr);

    // Called on an I/O thread with that thread's exchange. laneContext: an object of that thread that outlives
    // this relay's work for it (the response is written there).
    void relay(HttpExchange *exchange, QObject *laneContext);

private:
    HttpLimits m_limits;
    HttpHandler m_handler;
};

} // namespace crosslogic
