// What the customer request path uses on one I/O thread: the shared services plus that thread's own Redis
// connection, rate limiter and upstream client (each used only from that thread).
#pragma once

namespace crosslogic {

struct Services;
class RateLimiter;
class RedisClient;
class UpstreamClient;

struct GatewayLane
{
    Services &services;
    RedisClient *redis = nullptr;
    UpstreamClient *upstream = nullptr;
    RateLimiter *limiter = nullptr;
    int index = 0; // 0: the main thread
};

} // namespace crosslogic
