// The daemon's current configuration: replaced as a whole on SIGHUP (main thread) while I/O threads read it.
#pragma once

#include "config/config.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace crosslogic {

class ConfigSlot
{
public:
    ConfigSlot() = default;
    ConfigSlot(const ConfigSlot &) = delete;
    ConfigSlot &operator=(const ConfigSlot &) = delete;

    ConfigSlot &operator=(std::shared_ptr<const Config> config)
    {
        std::lock_guard lock(m_mutex);
        m_all.push_back(config);
        m_current.store(config.get(), std::memory_order_release);
        return *this;
    }
    // Every configuration ever loaded stays alive (a reload is rare and a Config small), so a reader on another
    // thread may keep a reference for as long as its request runs without holding a lock or a count.
    const Config *operator->() const { return m_current.load(std::memory_order_acquire); }
    const Config &operator*() const { return *m_current.load(std::memory_order_acquire); }
    explicit operator bool() const { return m_current.load(std::memory_order_acquire) != nullptr; }
    std::shared_ptr<const Config> get() const
    {
        std::lock_guard lock(m_mutex);
        return m_all.empty() ? nullptr : m_all.back();
    }

private:
    mutable std::mutex m_mutex; // guards m_all
    std::vector<std::shared_ptr<const Config>> m_all;
    std::atomic<const Config *> m_current{nullptr};
};

} // namespace crosslogic
