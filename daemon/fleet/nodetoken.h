// The node-scoped credential: NODE_REGISTRATION_TOKEN as "Authorization: Bearer" or "X-Node-Token", compared in constant time.
#pragma once

#include <QByteArray>

namespace crosslogic {

class HttpExchange;
struct Services;

// Compares without an early exit, so response timing does not reveal how much of a guess was right.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
// The token the request presents (X-Node-Token, else the Bearer credential), or empty.
QByteArray presentedNodeToken(HttpExchange *ex);
// True when the request carries the node token. Otherwise answers 401 (or 503 when registration is disabled),
// logs why with the route named (so `grep register` finds refused registrations), and returns false.
bool requireNodeToken(Services &services, HttpExchange *ex, const char *what);

} // namespace crosslogic
