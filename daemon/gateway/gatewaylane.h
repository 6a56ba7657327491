// What the customer request path uses on one I/O thread: what every thread shares (thread-safe) plus that
// thread's own Redis connection, rate limiter and upstream client (each used only from that thread).
#pragma once

namespace crosslogic {

class Authenticator;
class ConfigSlot;
class CorsPolicy;
class NodeSelector;
class RateLimiter;
class RedisClient;
class ServiceMetrics;
class UpstreamClient;
class UsageSink;

struct GatewayShared
{
    const ConfigSlot &config;
    ServiceMetrics *metrics;
    Authenticator *authenticator;
    NodeSelector *nodes;
    UsageSink *usage; // null until billing is wired (route-only test daemons)
    CorsPolicy *cors = nullptr; // browser origins per tenant; null in route-only test daemons
};

struct GatewayLane
{
    const GatewayShared &shared;
    RedisClient *redis = nullptr;
    UpstreamClient *upstream = nullptr;
    RateLimiter *limiter = nullptr;
    int index = 0; // 0: the main thread
};

} // namespace crosslogic
