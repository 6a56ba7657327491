// A small timing harness for the library comparisons: cases run in alternating rounds (so a busy neighbour on a
// shared machine slows both sides alike) and each case reports its median nanoseconds per operation.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace crosslogic::bench {

struct BenchCase
{
    std::string name;
    std::function<void(long)> run; // performs n operations
};

// Runs one case n times, with threads threads each doing n operations; answers the wall time per operation in ns.
inline double timeOnce(const BenchCase &c, long n, int threads)
{
    const auto start = std::chrono::steady_clock::now();
    if (threads <= 1) {
        c.run(n);
    } else {
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&] { c.run(n); });
        for (auto &t : pool)
            t.join();
    }
    const auto ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    return ns / double(n);
}

// rounds rounds of every case in turn; prints "name  median  min" in ns per operation (per thread's operation).
inline void runAlternating(const std::vector<BenchCase> &cases, long n, int threads, int rounds)
{
    std::vector<std::vector<double>> samples(cases.size());
    for (auto &c : cases)
        timeOnce(c, n / 10 + 1, threads); // warm caches and lazily created children
    for (int r = 0; r < rounds; ++r)
        for (std::size_t i = 0; i < cases.size(); ++i)
            samples[i].push_back(timeOnce(cases[i], n, threads));
    for (std::size_t i = 0; i < cases.size(); ++i) {
        auto &s = samples[i];
        std::sort(s.begin(), s.end());
        std::printf("%-44s threads=%d  median %9.1f ns/op  min %9.1f ns/op  (%d rounds of %ld)\n", cases[i].name.c_str(),
                    threads, s[s.size() / 2], s.front(), rounds, n);
    }
}

// "name n": runs that case alone (for valgrind --tool=callgrind; compare against n=0 for instructions per op).
inline int runNamed(const std::vector<BenchCase> &cases, const std::string &name, long n)
{
    for (auto &c : cases)
        if (c.name == name) {
            c.run(n);
            return 0;
        }
    std::fprintf(stderr, "no case %s\n", name.c_str());
    return 2;
}

} // namespace crosslogic::bench
