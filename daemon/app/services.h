// What route modules and workers are handed: current configuration and the shared stores.
#pragma once

#include "config/configslot.h"
#include "metrics/servicemetrics.h"

#include <QObject>
#include <memory>
#include <atomic>

namespace crosslogic {

class DbPool;
class RedisClient;
class AdminAuth;
class Authenticator;
class NodeSelector;
class LoadBalancer;
class NodeLauncher;
class UpstreamClient;
class UsageSink;
class RateLimiter;
class WebhookProcessor;

struct Services
{
    // Replaced as a whole on SIGHUP; readable from any thread (ConfigSlot).
    ConfigSlot config;
    DbPool *db = nullptr;
    RedisClient *redis = nullptr;
    AdminAuth *adminAuth = nullptr;
    Authenticator *authenticator = nullptr;
    NodeSelector *nodes = nullptr;
    LoadBalancer *loadBalancer = nullptr; // the same object as nodes; snapshot() for /metrics
    NodeLauncher *launcher = nullptr;
    UpstreamClient *upstream = nullptr;
    UsageSink *usage = nullptr;
    RateLimiter *limiter = nullptr;
    WebhookProcessor *billingEvents = nullptr; // kick() after storing a Stripe webhook event
    // Every exported metric (shared/metrics/servicemetrics.h); exists from construction so any subsystem can keep references.
    std::shared_ptr<ServiceMetrics> metrics = std::make_shared<ServiceMetrics>();
    std::atomic<bool> ready{false};
    std::atomic<bool> draining{false};
};

} // namespace crosslogic
