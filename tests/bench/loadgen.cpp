// Benchmark load generator: open-loop fixed-rate HTTP POSTs (latency from the intended send time, so a slow server
// cannot hide its queueing: no coordinated omission) and many concurrent SSE streams (time to first token, RSS).
//
//   crosslogic-bench-loadgen rate    --url URL [--key KEY] [--model M] --rate R --duration S [--connections C]
//                                    [--max-connections M]
//   crosslogic-bench-loadgen streams --url URL [--key KEY] [--model M] --streams N [--open-rate R] [--hold S]
//                                    [--pid PID]
// Prints one JSON object on stdout. Plain POSIX + epoll: no Qt, so it measures the servers, not itself.
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <map>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace {

double now()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

struct Options
{
    std::string mode;
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/v1/chat/completions";
    std::string key;
    std::string model = "bench-model";
    double rate = 1000;
    double duration = 10;
    int connections = 64;
    int maxConnections = 1024;
    int streams = 100;
    double openRate = 2000;
    double hold = 5;
    int pid = 0;
};

[[noreturn]] void usage(const char *why)
{
    std::fprintf(stderr, "crosslogic-bench-loadgen: %s\n", why);
    std::exit(2);
}

bool parseUrl(const std::string &url, Options &o)
{
    const std::string scheme = "http://";
    if (url.compare(0, scheme.size(), scheme) != 0)
        return false;
    const std::string rest = url.substr(scheme.size());
    const size_t slash = rest.find('/');
    const std::string hostPort = rest.substr(0, slash);
    if (slash != std::string::npos)
        o.path = rest.substr(slash);
    const size_t colon = hostPort.find(':');
    if (colon == std::string::npos)
        return false;
    o.host = hostPort.substr(0, colon);
    o.port = std::atoi(hostPort.c_str() + colon + 1);
    return o.port > 0;
}

// The options that set one member each, by type.
const std::map<std::string, std::string Options::*> kTextOptions = {{"--key", &Options::key}, {"--model", &Options::model}};
const std::map<std::string, double Options::*> kRealOptions = {
    {"--rate", &Options::rate}, {"--duration", &Options::duration}, {"--open-rate", &Options::openRate}, {"--hold", &Options::hold}};
const std::map<std::string, int Options::*> kCountOptions = {
    {"--connections", &Options::connections}, {"--max-connections", &Options::maxConnections}, {"--streams", &Options::streams}, {"--pid", &Options::pid}};

Options parseOptions(int argc, char **argv)
{
    if (argc < 2)
        usage("mode required: rate | streams");
    Options o;
    o.mode = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string name = argv[i];
        if (i + 1 >= argc)
            usage(("missing value for " + name).c_str());
        const std::string v = argv[++i];
        if (name == "--url") {
            if (!parseUrl(v, o))
                usage("--url must be http://IP:PORT/path");
        } else if (auto text = kTextOptions.find(name); text != kTextOptions.end())
            o.*text->second = v;
        else if (auto real = kRealOptions.find(name); real != kRealOptions.end())
            o.*real->second = std::atof(v.c_str());
        else if (auto count = kCountOptions.find(name); count != kCountOptions.end())
            o.*count->second = std::atoi(v.c_str());
        else
            usage(("unknown option " + name).c_str());
    }
    if (o.port == 0)
        usage("--url is required");
    if (o.rate <= 0 || o.duration <= 0 || o.connections < 1 || o.maxConnections < o.connections || o.streams < 1 || o.openRate <= 0)
        usage("rates, durations and counts must be positive");
    return o;
}

std::string buildRequest(const Options &o, int maxTokens, bool stream)
{
    std::string body = "{\"model\":\"" + o.model
                       + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the benchmark.\"}],\"max_tokens\":"
                       + std::to_string(maxTokens) + (stream ? ",\"stream\":true}" : "}");
    std::string r = "POST " + o.path + " HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port)
                    + "\r\nContent-Type: application/json\r\nAccept: " + (stream ? "text/event-stream" : "application/json") + "\r\n";
    if (!o.key.empty())
        r += "Authorization: Bearer " + o.key + "\r\n";
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return r;
}

long readRssKb(int pid)
{
    if (pid <= 0)
        return -1;
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atol(line.c_str() + 6);
    return -1;
}

struct Conn
{
    int fd = -1;
    bool connected = false;
    bool busy = false;
    std::string out;
    size_t outOff = 0;
    std::string in;
    double intended = 0; // when the request was due (open loop)
    double sent = 0;     // when it was actually written
    // Response parsing.
    size_t headerEnd = 0; // index just past \r\n\r\n, 0 while unknown
    int status = 0;
    long contentLength = -1;
    bool chunked = false;
    bool firstToken = false;
};

// Parses the status line and the two framing headers once the blank line has arrived.
bool parseHeaders(Conn &c)
{
    const size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos)
        return false;
    c.headerEnd = end + 4;
    c.status = c.in.size() > 12 ? std::atoi(c.in.c_str() + 9) : 0;
    std::string lower = c.in.substr(0, end);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
    const size_t cl = lower.find("\r\ncontent-length:");
    if (cl != std::string::npos)
        c.contentLength = std::atol(lower.c_str() + cl + 17);
    c.chunked = lower.find("\r\ntransfer-encoding: chunked") != std::string::npos;
    return true;
}

// Whether a whole response is in c.in (Content-Length or chunked framing).
bool responseComplete(const Conn &c)
{
    if (c.contentLength >= 0)
        return c.in.size() >= c.headerEnd + size_t(c.contentLength);
    if (!c.chunked)
        return false;
    size_t pos = c.headerEnd;
    for (;;) {
        const size_t eol = c.in.find("\r\n", pos);
        if (eol == std::string::npos)
            return false;
        const long size = std::strtol(c.in.c_str() + pos, nullptr, 16);
        if (size == 0)
            return c.in.find("\r\n\r\n", eol) != std::string::npos || c.in.compare(eol, 4, "\r\n\r\n") == 0;
        pos = eol + 2 + size_t(size) + 2;
        if (pos > c.in.size())
            return false;
    }
}

class Loop
{
public:
    explicit Loop(const Options &o) : m_o(o)
    {
        m_ep = epoll_create1(0);
        m_addr.sin_family = AF_INET;
        m_addr.sin_port = htons(uint16_t(o.port));
        inet_pton(AF_INET, o.host.c_str(), &m_addr.sin_addr);
    }

    int open(Conn *c)
    {
        c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c->fd < 0)
            return -1;
        const int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        const int r = connect(c->fd, reinterpret_cast<const sockaddr *>(&m_addr), sizeof m_addr);
        if (r < 0 && errno != EINPROGRESS) {
            ::close(c->fd);
            c->fd = -1;
            return -1;
        }
        c->connected = r == 0;
        epoll_event ev{};
        ev.events = c->connected ? EPOLLIN | EPOLLRDHUP : EPOLLIN | EPOLLOUT | EPOLLRDHUP;
        ev.data.ptr = c;
        epoll_ctl(m_ep, EPOLL_CTL_ADD, c->fd, &ev);
        return 0;
    }

    void close(Conn *c)
    {
        if (c->fd >= 0) {
            epoll_ctl(m_ep, EPOLL_CTL_DEL, c->fd, nullptr);
            ::close(c->fd);
        }
        c->fd = -1;
        c->connected = false;
        c->busy = false;
        c->in.clear();
        c->out.clear();
        c->outOff = 0;
    }

    void send(Conn *c, std::string request, double intended)
    {
        c->busy = true;
        c->out = std::move(request);
        c->outOff = 0;
        c->intended = intended;
        c->sent = now();
        c->in.clear();
        c->headerEnd = 0;
        c->status = 0;
        c->contentLength = -1;
        c->chunked = false;
        c->firstToken = false;
        flush(c);
    }

    // A non-blocking connect finished (EPOLLOUT): 0 and the connection now waits for input, or the connect's errno.
    int finishConnect(Conn *c)
    {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0)
            return err;
        c->connected = true;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.ptr = c;
        epoll_ctl(m_ep, EPOLL_CTL_MOD, c->fd, &ev);
        return 0;
    }

    // Writes what the socket takes; false when the connection failed.
    bool flush(Conn *c)
    {
        if (!c->connected)
            return true;
        while (c->outOff < c->out.size()) {
            const ssize_t n = ::send(c->fd, c->out.data() + c->outOff, c->out.size() - c->outOff, MSG_NOSIGNAL);
            if (n < 0)
                return errno == EAGAIN || errno == EWOULDBLOCK;
            c->outOff += size_t(n);
        }
        return true;
    }

    // Reads what is there; false on EOF or error.
    bool fill(Conn *c)
    {
        char buf[65536];
        for (;;) {
            const ssize_t n = ::recv(c->fd, buf, sizeof buf, 0);
            if (n > 0) {
                c->in.append(buf, size_t(n));
                continue;
            }
            if (n == 0)
                return false;
            return errno == EAGAIN || errno == EWOULDBLOCK;
        }
    }

    int ep() const { return m_ep; }

private:
    const Options &m_o;
    int m_ep = -1;
    sockaddr_in m_addr{};
};

struct Percentiles
{
    std::vector<double> v;
    std::string json(double scale = 1000.0)
    {
        std::sort(v.begin(), v.end());
        auto at = [this](double q) { return v.empty() ? 0.0 : v[std::min(v.size() - 1, size_t(std::floor(q * double(v.size()))))]; };
        double sum = 0;
        for (double x : v)
            sum += x;
        char out[512];
        std::snprintf(out, sizeof out,
                      "{\"count\":%zu,\"mean\":%.4f,\"p50\":%.4f,\"p90\":%.4f,\"p99\":%.4f,\"p999\":%.4f,\"max\":%.4f}", v.size(),
                      v.empty() ? 0.0 : sum / double(v.size()) * scale, at(0.5) * scale, at(0.9) * scale, at(0.99) * scale,
                      at(0.999) * scale, v.empty() ? 0.0 : v.back() * scale);
        return out;
    }
};

int runRate(const Options &o)
{
    Loop loop(o);
    std::vector<std::unique_ptr<Conn>> conns;
    std::vector<Conn *> idle;
    std::deque<double> backlog; // intended times of requests waiting for a connection
    std::vector<std::string> requests;
    for (int t = 1; t <= 16; ++t)
        requests.push_back(buildRequest(o, t, false));
    for (int i = 0; i < o.connections; ++i) {
        conns.push_back(std::make_unique<Conn>());
        if (loop.open(conns.back().get()) == 0)
            idle.push_back(conns.back().get());
    }
    const int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    epoll_event tev{};
    tev.events = EPOLLIN;
    tev.data.ptr = nullptr;
    epoll_ctl(loop.ep(), EPOLL_CTL_ADD, tfd, &tev);
    usleep(200000); // let the connections establish
    const long total = long(std::llround(o.rate * o.duration));
    const double t0 = now() + 0.05;
    long next = 0, completed = 0, ok = 0, errors = 0, opened = long(conns.size());
    Percentiles corrected, service;
    const double deadline = t0 + o.duration + 30.0;
    auto due = [&](long i) { return t0 + double(i) / o.rate; };
    auto arm = [&](double at) {
        itimerspec its{};
        its.it_value.tv_sec = time_t(at);
        its.it_value.tv_nsec = long((at - std::floor(at)) * 1e9);
        timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, nullptr);
    };
    auto dispatch = [&](double intended) {
        if (idle.empty() && int(conns.size()) < o.maxConnections) {
            conns.push_back(std::make_unique<Conn>());
            ++opened;
            if (loop.open(conns.back().get()) == 0)
                idle.push_back(conns.back().get());
        }
        if (idle.empty()) {
            backlog.push_back(intended);
            return;
        }
        Conn *c = idle.back();
        idle.pop_back();
        loop.send(c, requests[size_t(next % 16)], intended);
    };
    auto finished = [&](Conn *c, bool good) {
        const double t = now();
        ++completed;
        if (good) {
            ++ok;
            corrected.v.push_back(t - c->intended);
            service.v.push_back(t - c->sent);
        } else {
            ++errors;
        }
        c->busy = false;
        if (c->fd < 0 && loop.open(c) != 0) {
            ++errors;
            return;
        }
        if (!backlog.empty()) {
            const double intended = backlog.front();
            backlog.pop_front();
            loop.send(c, requests[size_t(completed % 16)], intended);
        } else {
            idle.push_back(c);
        }
    };
    arm(t0);
    std::vector<epoll_event> events(1024);
    while ((next < total || completed < total) && now() < deadline) {
        const int n = epoll_wait(loop.ep(), events.data(), int(events.size()), 100);
        for (int i = 0; i < n; ++i) {
            Conn *c = static_cast<Conn *>(events[size_t(i)].data.ptr);
            if (!c) {
                uint64_t expirations = 0;
                [[maybe_unused]] const ssize_t r = read(tfd, &expirations, sizeof expirations);
                continue;
            }
            if (c->fd < 0)
                continue;
            const uint32_t e = events[size_t(i)].events;
            if ((e & EPOLLOUT) && !c->connected && loop.finishConnect(c) != 0) {
                const bool wasBusy = c->busy;
                loop.close(c);
                if (wasBusy)
                    finished(c, false);
                continue;
            }
            if (c->busy && !loop.flush(c)) {
                loop.close(c);
                finished(c, false);
                continue;
            }
            if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
                const bool alive = loop.fill(c);
                if (c->busy && c->headerEnd == 0)
                    parseHeaders(*c);
                if (c->busy && c->headerEnd > 0 && responseComplete(*c)) {
                    const bool good = c->status >= 200 && c->status < 300;
                    if (!alive)
                        loop.close(c);
                    finished(c, good);
                } else if (!alive) {
                    const bool wasBusy = c->busy;
                    loop.close(c);
                    if (wasBusy)
                        finished(c, false);
                    else
                        idle.erase(std::remove(idle.begin(), idle.end(), c), idle.end());
                }
            }
        }
        const double t = now();
        while (next < total && due(next) <= t) {
            dispatch(due(next));
            ++next;
        }
        if (next < total)
            arm(due(next));
    }
    const double elapsed = now() - t0;
    std::printf("{\"mode\":\"rate\",\"target_rate\":%.1f,\"duration_s\":%.3f,\"scheduled\":%ld,\"sent\":%ld,\"completed\":%ld,"
                "\"ok\":%ld,\"errors\":%ld,\"unfinished\":%ld,\"connections_opened\":%ld,\"achieved_rate\":%.1f,"
                "\"latency_ms\":%s,\"service_time_ms\":%s}\n",
                o.rate, elapsed, total, next, completed, ok, errors, total - completed, opened,
                double(ok) / std::max(o.duration, elapsed - 0.0), corrected.json().c_str(), service.json().c_str());
    return 0;
}

int runStreams(const Options &o)
{
    Loop loop(o);
    const std::string request = buildRequest(o, 4000, true);
    std::vector<std::unique_ptr<Conn>> conns;
    conns.reserve(size_t(o.streams));
    const long rssBefore = readRssKb(o.pid);
    long failed = 0, firstTokens = 0, openFailures = 0;
    // Why streams failed: the connect's error, closed before any answer, or the answer's status when not 200.
    long connectErrors = 0, closedBeforeAnswer = 0;
    std::map<int, long> failedStatuses;
    int lastConnectErrno = 0;
    Percentiles ttft;
    std::vector<epoll_event> events(4096);
    const double t0 = now();
    int opened = 0;
    auto handle = [&](int timeoutMs) {
        const int n = epoll_wait(loop.ep(), events.data(), int(events.size()), timeoutMs);
        for (int i = 0; i < n; ++i) {
            Conn *c = static_cast<Conn *>(events[size_t(i)].data.ptr);
            if (c->fd < 0)
                continue;
            const uint32_t e = events[size_t(i)].events;
            if ((e & EPOLLOUT) && !c->connected) {
                if (const int err = loop.finishConnect(c); err != 0) {
                    loop.close(c);
                    ++failed;
                    ++connectErrors;
                    lastConnectErrno = err;
                    continue;
                }
                c->sent = now(); // TTFT counts from the moment the request could be written
                loop.flush(c);
            }
            if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
                const bool alive = loop.fill(c);
                if (c->headerEnd == 0)
                    parseHeaders(*c);
                if (c->headerEnd > 0 && !c->firstToken && c->in.find("data:", c->headerEnd) != std::string::npos) {
                    c->firstToken = true;
                    if (c->status == 200) {
                        ++firstTokens;
                        ttft.v.push_back(now() - c->sent);
                    }
                }
                if (c->headerEnd > 0 && c->firstToken)
                    c->in.resize(c->headerEnd); // held stream: discard the tokens
                if (!alive) {
                    if (!c->firstToken || c->status != 200) {
                        ++failed;
                        if (c->headerEnd == 0)
                            ++closedBeforeAnswer;
                        else
                            ++failedStatuses[c->status];
                    }
                    loop.close(c);
                }
            }
        }
    };
    while (opened < o.streams) {
        const double t = now();
        while (opened < o.streams && t0 + double(opened) / o.openRate <= t) {
            conns.push_back(std::make_unique<Conn>());
            Conn *c = conns.back().get();
            if (loop.open(c) != 0) {
                ++openFailures;
            } else {
                c->out = request;
                c->outOff = 0;
                c->busy = true;
                if (c->connected) {
                    c->sent = now();
                    loop.flush(c);
                }
            }
            ++opened;
        }
        handle(1);
    }
    const double openedAt = now();
    while (firstTokens + failed + openFailures < o.streams && now() < openedAt + 60.0)
        handle(50);
    const double allFirst = now();
    long rssHeld = readRssKb(o.pid);
    long held = 0;
    while (now() < allFirst + o.hold) {
        handle(100);
        rssHeld = std::max(rssHeld, readRssKb(o.pid));
    }
    for (const auto &c : conns)
        held += c->fd >= 0 && c->firstToken && c->status == 200 ? 1 : 0;
    for (const auto &c : conns)
        loop.close(c.get());
    const double perStream = held > 0 && rssBefore >= 0 ? double(rssHeld - rssBefore) / double(held) : 0.0;
    std::string statuses = "{";
    for (const auto &[status, count] : failedStatuses)
        statuses += (statuses.size() > 1 ? "," : "") + ("\"" + std::to_string(status) + "\":" + std::to_string(count));
    statuses += "}";
    std::printf("{\"mode\":\"streams\",\"streams\":%d,\"open_failures\":%ld,\"failed\":%ld,\"first_tokens\":%ld,\"held\":%ld,"
                "\"open_seconds\":%.3f,\"ttft_ms\":%s,\"rss_kb_before\":%ld,\"rss_kb_held\":%ld,\"rss_kb_per_stream\":%.2f,"
                "\"failed_connect\":%ld,\"failed_connect_last_error\":\"%s\",\"failed_closed_before_answer\":%ld,"
                "\"failed_statuses\":%s}\n",
                o.streams, openFailures, failed, firstTokens, held, openedAt - t0, ttft.json().c_str(), rssBefore, rssHeld,
                perStream, connectErrors, lastConnectErrno ? std::strerror(lastConnectErrno) : "", closedBeforeAnswer,
                statuses.c_str());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    const Options o = parseOptions(argc, argv);
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    if (o.mode == "rate")
        return runRate(o);
    if (o.mode == "streams")
        return runStreams(o);
    usage("mode must be rate or streams");
}
