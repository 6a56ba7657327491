// Node credentials: the shared NODE_REGISTRATION_TOKEN (registration) and each node's own token issued at registration
// (its drain and heartbeats), presented as "Authorization: Bearer" or "X-Node-Token".
#pragma once

#include <QByteArray>
#include <QString>
#include <functional>

namespace crosslogic {

class HttpExchange;
struct FleetRouteDeps;

// Compares without an early exit, so response timing does not reveal how much of a guess was right.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
// The token the request presents (X-Node-Token, else the Bearer credential), or empty.
QByteArray presentedNodeToken(HttpExchange *ex);
// True when the request carries the node token. Otherwise answers 401 (or 503 when registration is disabled),
// logs why with the route named (so `grep register` finds refused registrations), and returns false.
bool requireNodeToken(const FleetRouteDeps &services, HttpExchange *ex, const char *what);

// A new node token ("clnode_" + 64 hex digits) and the hash stored in nodes.node_token_hash.
QByteArray newNodeToken();
QByteArray nodeTokenHash(const QByteArray &token);

// For routes on one node (/admin/nodes/{id}/...): calls granted when the request carries that node's own token, or
// the registration token where allowRegistrationToken and the node has no token of its own (a legacy agent's). Another node's token or the registration token where it is
// not allowed is 403, anything else 401 (503 when registration is disabled); every refusal is logged with its reason.
void requireOwnNodeToken(const FleetRouteDeps &services, HttpExchange *ex, const QString &nodeId, const char *what, bool allowRegistrationToken,
                         std::function<void()> granted);

} // namespace crosslogic
