// HTTP/1.1 client for engine nodes: libcurl's multi interface driven by the Qt event loop, keep-alive pooled.
#include "upstream/upstreamclient.h"

#include "upstream/engineconnection.h"

#include <QSocketNotifier>
#include <QString>
#include <algorithm>
#include <chrono>
#include <curl/curl.h>
#include <mutex>
#include <sys/socket.h>
#include <unistd.h>

namespace crosslogic {

static_assert(CURL_ERROR_SIZE <= 256, "UpstreamCall::m_errorBuffer is too small");

namespace {
constexpr size_t kMaxFreeEasyHandles = 1024;

void globalInitOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

long cacheSizeFor(int maxPerHost)
{
    // Idle connections kept for reuse, across all hosts (nodes) of this client.
    return maxPerHost > 0 ? std::max<long>(4096, 4L * maxPerHost) : 4096;
}

UpstreamError classify(CURLcode code, bool connected)
{
    switch (code) {
    case CURLE_OK:
        return UpstreamError::None;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SSL_CONNECT_ERROR:
        return UpstreamError::ConnectFailed;
    case CURLE_OPERATION_TIMEDOUT:
        // Only CURLOPT_CONNECTTIMEOUT_MS is handed to curl; the other deadlines are the call's own.
        return connected ? UpstreamError::Other : UpstreamError::ConnectTimeout;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        return UpstreamError::ConnectionLost;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_HTTP2:
        return UpstreamError::Protocol;
    default:
        return UpstreamError::Other;
    }
}
} // namespace

// libcurl's C callbacks with their exact signatures; they forward to the client or the call.
struct UpstreamCurlGlue
{
    static int socket(CURL *, curl_socket_t fd, int what, void *client, void *)
    {
        static_cast<UpstreamClient *>(client)->watchSocket(fd, what);
        return 0;
    }
    static int timer(CURLM *, long timeoutMs, void *client)
    {
        auto *self = static_cast<UpstreamClient *>(client);
        if (timeoutMs < 0)
            self->m_curlTimer.stop();
        else
            self->m_curlTimer.start(
                int(std::min<long>(timeoutMs, 24L * 3600 * 1000))); // 0: as soon as curl returns
        return 0;
    }
    static curl_socket_t openSocket(void *client, curlsocktype purpose, curl_sockaddr *address)
    {
        if (purpose != CURLSOCKTYPE_IPCXN)
            return CURL_SOCKET_BAD;
        // CLOEXEC: the node agent spawns engine processes; they must not inherit our connections.
        const int fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
        if (fd >= 0)
            static_cast<UpstreamClient *>(client)->socketOpened();
        return fd;
    }
    static int closeSocket(void *client, curl_socket_t fd)
    {
        static_cast<UpstreamClient *>(client)->socketClosed(fd);
        return ::close(fd);
    }
    static size_t header(char *data, size_t size, size_t count, void *call)
    {
        static_cast<UpstreamCall *>(call)->onHeaderLine(QByteArrayView(data, qsizetype(size * count)));
        return size * count;
    }
    static size_t body(char *data, size_t size, size_t count, void *call)
    {
        static_cast<UpstreamCall *>(call)->onBody(data, qsizetype(size * count));
        return size * count;
    }
    static int connected(void *call, char *, char *, int, int)
    {
        auto *self = static_cast<UpstreamCall *>(call);
        if (self->m_connectedAt < 0) {
            self->m_connectedAt = std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now().time_since_epoch())
                                      .count();
            self->armWatchdog(); // the first-byte deadline starts now
        }
        return CURL_PREREQFUNC_OK;
    }
};

UpstreamClient::UpstreamClient(QObject *parent) : QObject(parent)
{
    globalInitOnce();
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &UpstreamCurlGlue::socket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &UpstreamCurlGlue::timer);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, long(CURLPIPE_NOTHING));
    setMaxConnectionsPerHost(m_maxPerHost);
    m_curlTimer.setSingleShot(true);
    connect(&m_curlTimer, &QTimer::timeout, this, [this] { driveCurl(CURL_SOCKET_TIMEOUT, 0); });
    m_idleSweep.setInterval(5000);
    connect(&m_idleSweep, &QTimer::timeout, this, &UpstreamClient::sweepIdle);
}

UpstreamClient::~UpstreamClient()
{
    m_curlTimer.stop();
    m_idleSweep.stop();
    m_closing = true;
    const QSet<UpstreamCall *> calls = m_active;
    for (UpstreamCall *call : calls) {
        call->m_state = UpstreamCall::State::Cancelled;
        detach(call);
    }
    for (EngineHost *host : std::as_const(m_hosts)) {
        for (EngineConnection *connection : host->idle)
            dropConnection(connection);
        delete host;
    }
    m_hosts.clear();
    // Connections still waiting for deleteLater() are children and go with this object.
    for (void *easy : m_freeEasy)
        curl_easy_cleanup(easy);
    m_freeEasy.clear();
    curl_multi_cleanup(m_multi); // closes the cached connections (socketClosed still works here)
    m_multi = nullptr;
    qDeleteAll(m_watches); // the notifiers are children and go with this object
    m_watches.clear();
}

void UpstreamClient::setMaxConnectionsPerHost(int n)
{
    m_maxPerHost = std::max(0, n);
    curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, long(m_maxPerHost));
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, cacheSizeFor(m_maxPerHost));
}

UpstreamCall *UpstreamClient::start(const UpstreamRequest &request)
{
    auto *call = new UpstreamCall(this, request);
    if (m_ownHttp && startOwn(call, request))
        return call;
    call->m_easy = acquireEasy();
    configure(call, request);
    m_active.insert(call);
    call->armWatchdog();
    const CURLMcode rc = curl_multi_add_handle(m_multi, call->m_easy);
    if (rc != CURLM_OK) {
        releaseEasy(call->m_easy);
        call->m_easy = nullptr;
        const QString message = QString::fromUtf8(curl_multi_strerror(rc));
        // Never emit before the caller had a chance to connect.
        QMetaObject::invokeMethod(
            call,
            [this, call, message] {
                if (call->m_state == UpstreamCall::State::Active)
                    finish(call, UpstreamError::Other, message);
            },
            Qt::QueuedConnection);
    }
    return call;
}

void UpstreamClient::configure(UpstreamCall *call, const UpstreamRequest &request)
{
    CURL *easy = call->m_easy;
    curl_easy_setopt(easy, CURLOPT_URL, request.url.constData()); // curl copies strings
    curl_easy_setopt(easy, CURLOPT_PRIVATE, call);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, long(std::max(0, request.connectTimeoutMs)));
    if (request.receiveBufferBytes > 0)
        curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, long(std::max(1024, request.receiveBufferBytes)));
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, call->m_errorBuffer.data());
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &UpstreamCurlGlue::header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, call);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &UpstreamCurlGlue::body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, call);
    curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &UpstreamCurlGlue::connected);
    curl_easy_setopt(easy, CURLOPT_PREREQDATA, call);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &UpstreamCurlGlue::openSocket);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this);
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &UpstreamCurlGlue::closeSocket);
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);

    const QByteArray method = request.method.toUpper();
    if (method == "GET") {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else if (method == "HEAD") {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else {
        if (method != "POST")
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.constData());
        // Sent straight from the call's copy of the body (implicitly shared, never duplicated).
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(call->m_body.size()));
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, call->m_body.constData());
    }

    // An empty "Expect:" stops curl from waiting for 100-continue before sending large bodies.
    curl_slist *list = curl_slist_append(nullptr, "Expect:");
    for (const auto &h : request.headers) {
        if (!upstreamHeaderIsSafe(h.first, h.second))
            continue;
        // "Name;" is curl's syntax for a header with an empty value ("Name:" would remove it).
        const QByteArray line =
            h.second.isEmpty() ? QByteArray(h.first + ';') : QByteArray(h.first + ": " + h.second);
        if (curl_slist *next = curl_slist_append(list, line.constData()))
            list = next;
    }
    call->m_headerList = list;
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, list);
}

void *UpstreamClient::acquireEasy()
{
    if (!m_freeEasy.empty()) {
        void *easy = m_freeEasy.back();
        m_freeEasy.pop_back();
        return easy;
    }
    return curl_easy_init();
}

void UpstreamClient::releaseEasy(void *easy)
{
    curl_easy_reset(easy); // drops every option (and so every pointer into the finished call)
    if (m_freeEasy.size() < kMaxFreeEasyHandles)
        m_freeEasy.push_back(easy);
    else
        curl_easy_cleanup(easy);
}

void UpstreamClient::watchSocket(int fd, int curlWhat)
{
    SocketWatch *watch = m_watches.value(fd);
    if (curlWhat == CURL_POLL_REMOVE) {
        // Only disabled, never deleted here: this may run inside the notifier's own activated().
        // The watch is kept for the next socket that gets this descriptor number.
        if (watch) {
            if (watch->read)
                watch->read->setEnabled(false);
            if (watch->write)
                watch->write->setEnabled(false);
        }
        return;
    }
    if (!watch) {
        watch = new SocketWatch;
        m_watches.insert(fd, watch);
    }
    const bool wantRead = curlWhat & CURL_POLL_IN;
    const bool wantWrite = curlWhat & CURL_POLL_OUT;
    if (wantRead && !watch->read) {
        watch->read = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
        connect(watch->read, &QSocketNotifier::activated, this,
                [this, fd] { driveCurl(fd, CURL_CSELECT_IN); });
    }
    if (wantWrite && !watch->write) {
        watch->write = new QSocketNotifier(qintptr(fd), QSocketNotifier::Write, this);
        connect(watch->write, &QSocketNotifier::activated, this,
                [this, fd] { driveCurl(fd, CURL_CSELECT_OUT); });
    }
    if (watch->read)
        watch->read->setEnabled(wantRead);
    if (watch->write)
        watch->write->setEnabled(wantWrite);
}

void UpstreamClient::socketClosed(int fd)
{
    --m_openConnections;
    watchSocket(fd, CURL_POLL_REMOVE);
}

void UpstreamClient::driveCurl(int fd, int curlEvent)
{
    int running = 0;
    ++m_driveDepth;
    curl_multi_socket_action(m_multi, curl_socket_t(fd), curlEvent, &running);
    --m_driveDepth;
    deliver();
}

// Emits what curl's callbacks recorded, now that curl is off the stack: slots may cancel or start calls.
void UpstreamClient::deliver()
{
    while (!m_dirty.isEmpty()) {
        const QList<QPointer<UpstreamCall>> batch = std::exchange(m_dirty, {});
        for (const QPointer<UpstreamCall> &guard : batch) {
            UpstreamCall *call = guard.data();
            if (!call)
                continue;
            call->m_dirty = false;
            if (call->m_state != UpstreamCall::State::Active)
                continue;
            if (call->m_pendingStarted) {
                call->m_pendingStarted = false;
                emit call->responseStarted(call->m_status);
                if (!guard || call->m_state != UpstreamCall::State::Active)
                    continue;
            }
            if (!call->m_pendingData.isEmpty()) {
                emit call->dataReceived(std::exchange(call->m_pendingData, {}));
                if (!guard || call->m_state != UpstreamCall::State::Active)
                    continue;
            }
            if (call->m_done) // own path: the end comes after the last bytes
                finish(call, call->m_doneError, call->m_doneMessage);
        }
    }
    if (m_active.isEmpty())
        return; // nothing running, so no message from curl to read
    int left = 0;
    while (CURLMsg *msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURL *easy = msg->easy_handle; // msg dies with curl_multi_remove_handle: copy first
        const CURLcode code = msg->data.result;
        UpstreamCall *call = nullptr;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &call);
        if (call && call->m_easy == easy && call->m_state == UpstreamCall::State::Active)
            complete(call, int(code));
    }
}

void UpstreamClient::complete(UpstreamCall *call, int curlCode)
{
    const auto code = CURLcode(curlCode);
    if (code == CURLE_OK) {
        finish(call, UpstreamError::None, {});
        return;
    }
    QString message = QString::fromUtf8(call->m_errorBuffer.data());
    if (message.isEmpty())
        message = QString::fromUtf8(curl_easy_strerror(code));
    finish(call, classify(code, call->m_connectedAt >= 0), message);
}

void UpstreamClient::detach(UpstreamCall *call)
{
    call->m_watchdog.stop();
    if (call->m_connection) {
        // Mid-answer: the connection closes, so the engine sees the client leave at once.
        EngineConnection *connection = std::exchange(call->m_connection, nullptr);
        connection->m_call = nullptr;
        dropConnection(connection);
    }
    call->m_request = QByteArray();
    if (call->m_easy) {
        // Mid-transfer this makes curl close the connection: the engine sees the client leave at once.
        curl_multi_remove_handle(m_multi, call->m_easy);
        releaseEasy(call->m_easy);
        call->m_easy = nullptr;
    }
    curl_slist_free_all(call->m_headerList);
    call->m_headerList = nullptr;
    call->m_pendingData.clear();
    call->m_pendingStarted = false;
    m_active.remove(call);
}

void UpstreamClient::finish(UpstreamCall *call, UpstreamError error, const QString &message)
{
    detach(call);
    call->m_state = UpstreamCall::State::Finished;
    call->deleteLater(); // posted first: a slot may still delete the call itself
    emit call->finished(error, message);
}

void UpstreamClient::timedOut(UpstreamCall *call, UpstreamError error, const QString &message)
{
    if (call->m_state == UpstreamCall::State::Active)
        finish(call, error, message);
}

void UpstreamClient::cancel(UpstreamCall *call)
{
    if (call->m_state != UpstreamCall::State::Active)
        return;
    call->m_state = UpstreamCall::State::Cancelled;
    if (m_driveDepth > 0) {
        // Inside curl (a callback): removing the handle now is not allowed; the write callback ignores the
        // call.
        QMetaObject::invokeMethod(
            this,
            [this, guard = QPointer<UpstreamCall>(call)] {
                if (guard) {
                    detach(guard);
                    guard->deleteLater();
                }
            },
            Qt::QueuedConnection);
        return;
    }
    detach(call);
    call->deleteLater();
}

void UpstreamClient::abortAll()
{
    const QSet<UpstreamCall *> calls = m_active;
    for (UpstreamCall *call : calls)
        if (call->m_state == UpstreamCall::State::Active)
            finish(call, UpstreamError::Cancelled, QStringLiteral("upstream client shutting down"));
}

} // namespace crosslogic
