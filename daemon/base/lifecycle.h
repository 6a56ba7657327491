// The daemon's two lifecycle flags, set by app/ and read by the health routes from any thread.
#pragma once

#include <atomic>

namespace crosslogic {

struct Lifecycle
{
    std::atomic<bool> ready{false};    // PostgreSQL and Redis were reached once
    std::atomic<bool> draining{false}; // SIGTERM: finishing in-flight requests, refusing new ones
};

} // namespace crosslogic
