// One fuzz harness function per target, shared by the libFuzzer entry point and the g++ corpus-replay test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace crosslogic::fuzz {

// Feeds one input to the code under test; aborts (FUZZ_CHECK) when an invariant is violated.
int runOne(const std::uint8_t *data, std::size_t size);

} // namespace crosslogic::fuzz

// An invariant of the code under test: a violation is a finding, so it aborts like a sanitizer report would.
#define FUZZ_CHECK(cond)                                                                                     \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            std::fprintf(stderr, "fuzz invariant violated: %s (%s:%d)\n", #cond, __FILE__, __LINE__);       \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace crosslogic::fuzz {

// A non-blocking TCP connection to 127.0.0.1:port (the harness's own server); aborts when it cannot connect.
inline int connectLoopback(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    FUZZ_CHECK(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    FUZZ_CHECK(::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0);
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

} // namespace crosslogic::fuzz
