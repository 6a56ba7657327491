// Asynchronous Redis connection (hiredis) on the Qt event loop, with AUTH/SELECT and automatic reconnect.
#include "store/redisclient.h"

#include "core/decimal.h"
#include "core/log.h"

#include <QAbstractEventDispatcher>
#include <QSocketNotifier>
#include <cstring>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

namespace crosslogic {
namespace {

struct Pending
{
    QPointer<QObject> context;
    RedisCallback callback;
};

RedisReply convert(const redisReply *r)
{
    RedisReply out;
    if (!r)
        return RedisReply::error("ERR connection lost");
    switch (r->type) {
    case REDIS_REPLY_STATUS: out.type = RedisReply::Type::Status; out.str = QByteArray(r->str, int(r->len)); break;
    case REDIS_REPLY_ERROR: out.type = RedisReply::Type::Error; out.str = QByteArray(r->str, int(r->len)); break;
    case REDIS_REPLY_INTEGER: out.type = RedisReply::Type::Integer; out.integer = r->integer; break;
    case REDIS_REPLY_STRING: out.type = RedisReply::Type::String; out.str = QByteArray(r->str, int(r->len)); break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        out.elements.reserve(r->elements);
        for (size_t i = 0; i < r->elements; ++i)
            out.elements.push_back(convert(r->element[i]));
        break;
    default: out.type = RedisReply::Type::Nil; break;
    }
    return out;
}

RedisClient *clientOf(const redisAsyncContext *ac) { return static_cast<RedisClient *>(ac->data); }

} // namespace

RedisClient::RedisClient(RedisTarget target, QString name, QObject *parent)
    : QObject(parent), m_target(std::move(target)), m_name(std::move(name))
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &RedisClient::connectNow);
}

RedisClient::~RedisClient()
{
    m_destroying = true;
    if (m_ctx) {
        redisAsyncContext *ctx = m_ctx;
        m_ctx = nullptr;
        redisAsyncFree(ctx);
    }
    delete m_read;
    delete m_write;
}

void RedisClient::start()
{
    // Commands queued while the thread handles events go out in one write just before it waits again: the
    // pipelining of a write notifier without its extra poll round (two per request: admission and release).
    if (auto *dispatcher = QAbstractEventDispatcher::instance(thread()))
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, &RedisClient::flushBeforeWait);
    connectNow();
}

void RedisClient::flushBeforeWait()
{
    // Only once connected: before that, "writable" is how hiredis learns that the connect finished.
    if (m_writeWanted && m_connected && m_ctx && !m_destroying)
        redisAsyncHandleWrite(m_ctx); // calls delWrite once everything went; what the kernel did not take waits
}

void RedisClient::connectNow()
{
    if (m_ctx || m_destroying)
        return;
    redisAsyncContext *ac = redisAsyncConnect(m_target.host.toUtf8().constData(), m_target.port);
    if (!ac || ac->err) {
        const QString reason = ac ? QString::fromUtf8(ac->errstr) : QStringLiteral("out of memory");
        if (ac)
            redisAsyncFree(ac);
        scheduleReconnect(reason);
        return;
    }
    m_ctx = ac;
    ac->data = this;
    ac->ev.data = this;
    ac->ev.addRead = &RedisClient::addRead;
    ac->ev.delRead = &RedisClient::delRead;
    ac->ev.addWrite = &RedisClient::addWrite;
    ac->ev.delWrite = &RedisClient::delWrite;
    ac->ev.cleanup = &RedisClient::cleanup;
    redisAsyncSetConnectCallback(ac, &RedisClient::onConnect);
    redisAsyncSetDisconnectCallback(ac, &RedisClient::onDisconnect);
    if (!m_target.password.isEmpty())
        sendRaw({"AUTH", m_target.password.toUtf8()}, &RedisClient::onSetupReply, const_cast<char *>("AUTH"));
    if (m_target.db != 0)
        sendRaw({"SELECT", QByteArray::number(m_target.db)}, &RedisClient::onSetupReply, const_cast<char *>("SELECT"));
}

void RedisClient::onSetupReply(redisAsyncContext *ac, void *r, void *privdata)
{
    // Every later command fails too (NOAUTH …); this says why, once per connection. Redis's answer (WRONGPASS …)
    // does not repeat the password.
    const auto *reply = static_cast<const redisReply *>(r);
    RedisClient *self = clientOf(ac);
    if (self && reply && reply->type == REDIS_REPLY_ERROR)
        spdlog::error("redis[{}]: {} refused: {}", qs(self->m_name), static_cast<const char *>(privdata),
                      std::string_view(reply->str, reply->len));
}

void RedisClient::scheduleReconnect(const QString &reason)
{
    if (m_destroying)
        return;
    if (m_connected)
        spdlog::warn("redis[{}]: disconnected: {}", qs(m_name), qs(reason));
    else
        spdlog::debug("redis[{}]: cannot connect: {}", qs(m_name), qs(reason));
    const bool was = m_connected;
    m_connected = false;
    m_reconnect.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, 2000);
    if (was)
        emit disconnected(reason);
}

void RedisClient::onConnect(const redisAsyncContext *ac, int status)
{
    RedisClient *self = clientOf(ac);
    if (!self || self->m_destroying)
        return;
    if (status != REDIS_OK) {
        self->m_ctx = nullptr; // hiredis frees the context after a failed connect
        self->scheduleReconnect(QString::fromUtf8(ac->errstr));
        return;
    }
    self->m_connected = true;
    self->m_backoffMs = 200;
    spdlog::info("redis[{}]: connected to {}:{}", qs(self->m_name), qs(self->m_target.host), self->m_target.port);
    for (const QByteArray &ch : std::as_const(self->m_channels))
        self->sendRaw({"SUBSCRIBE", ch}, &RedisClient::onMessage, nullptr);
    emit self->connected();
}

void RedisClient::onDisconnect(const redisAsyncContext *ac, int status)
{
    RedisClient *self = clientOf(ac);
    if (!self || self->m_destroying)
        return;
    self->m_ctx = nullptr;
    self->scheduleReconnect(status == REDIS_OK ? QStringLiteral("closed") : QString::fromUtf8(ac->errstr));
}

void RedisClient::sendRaw(const QList<QByteArray> &args, void (*fn)(redisAsyncContext *, void *, void *), void *priv)
{
    std::vector<const char *> argv;
    std::vector<size_t> lens;
    argv.reserve(size_t(args.size()));
    lens.reserve(size_t(args.size()));
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lens.push_back(size_t(a.size()));
    }
    redisAsyncCommandArgv(m_ctx, fn, priv, int(argv.size()), argv.data(), lens.data());
}

namespace {
// "*<n>\r\n": how many arguments follow.
void appendCount(QByteArray &out, qsizetype n)
{
    char text[24];
    char *p = text;
    *p++ = '*';
    p = writeDecimal(p, n);
    *p++ = '\r';
    *p++ = '\n';
    out.append(text, p - text);
}

// One argument, "$<length>\r\n<bytes>\r\n", joined from parts without a temporary.
void appendBulk(QByteArray &out, std::initializer_list<QByteArrayView> parts)
{
    qsizetype length = 0;
    for (QByteArrayView p : parts)
        length += p.size();
    const qsizetype at = out.size();
    out.resize(at + length + 26); // "$" + up to 20 digits + 2 × CRLF
    char *const begin = out.data() + at;
    char *w = begin;
    *w++ = '$';
    w = writeDecimal(w, length);
    *w++ = '\r';
    *w++ = '\n';
    for (QByteArrayView p : parts) {
        if (p.isEmpty()) // an empty view may have no data pointer at all
            continue;
        std::memcpy(w, p.data(), size_t(p.size()));
        w += p.size();
    }
    *w++ = '\r';
    *w++ = '\n';
    out.truncate(at + (w - begin));
}
} // namespace

// The command in Redis's wire format (RESP), built in one buffer: hiredis's own formatter (sds strings grown
// piece by piece) cost about 27k instructions for a rate-limit call.
QByteArray formatRedisCommand(const QList<QByteArray> &args)
{
    qsizetype size = 24;
    for (const QByteArray &a : args)
        size += a.size() + 26;
    QByteArray out;
    out.reserve(size);
    appendCount(out, args.size());
    for (const QByteArray &a : args)
        appendBulk(out, {a});
    return out;
}

void RespArgs::add(qint64 number)
{
    char text[21];
    add(QByteArrayView(text, writeDecimal(text, number) - text));
}

void RespArgs::addJoined(std::initializer_list<QByteArrayView> parts)
{
    appendBulk(m_bytes, parts);
    ++m_count;
}

QByteArray respCommand(std::initializer_list<QByteArrayView> head, const RespArgs &tail)
{
    qsizetype size = 24 + tail.bytes().size();
    for (QByteArrayView h : head)
        size += h.size() + 26;
    QByteArray out;
    out.reserve(size);
    appendCount(out, qsizetype(head.size()) + tail.count());
    for (QByteArrayView h : head)
        appendBulk(out, {h});
    out.append(tail.bytes());
    return out;
}

void RedisClient::command(const QList<QByteArray> &args, QObject *context, RedisCallback cb)
{
    commandResp(formatRedisCommand(args), context, std::move(cb));
}

void RedisClient::commandResp(const QByteArray &request, QObject *context, RedisCallback cb)
{
    if (!m_ctx || !m_connected) {
        noteError();
        const RedisReply err = RedisReply::error("ERR redis unavailable");
        QPointer<QObject> ctx(context);
        QMetaObject::invokeMethod(this, [ctx, cb = std::move(cb), err] {
            if (ctx && cb)
                cb(err);
        }, Qt::QueuedConnection);
        return;
    }
    auto *pending = new Pending{QPointer<QObject>(context), std::move(cb)};
    if (redisAsyncFormattedCommand(m_ctx, &RedisClient::onReply, pending, request.constData(), size_t(request.size())) != REDIS_OK) {
        noteError();
        const RedisReply err = RedisReply::error("ERR redis command could not be queued");
        QMetaObject::invokeMethod(this, [pending, err] {
            if (pending->context && pending->callback)
                pending->callback(err);
            delete pending;
        }, Qt::QueuedConnection);
    }
}

void RedisClient::noteError()
{
    if (m_errorCounter)
        m_errorCounter->inc();
}

void RedisClient::onReply(redisAsyncContext *ac, void *reply, void *privdata)
{
    auto *pending = static_cast<Pending *>(privdata);
    RedisClient *self = clientOf(ac);
    const RedisReply r = convert(static_cast<redisReply *>(reply));
    if (self && r.isError())
        self->noteError();
    if (pending->context && pending->callback && !(self && self->m_destroying))
        pending->callback(r);
    delete pending;
}

void RedisClient::subscribe(const QByteArray &channel)
{
    if (!m_channels.contains(channel))
        m_channels << channel;
    if (m_ctx && m_connected)
        sendRaw({"SUBSCRIBE", channel}, &RedisClient::onMessage, nullptr);
}

void RedisClient::onMessage(redisAsyncContext *ac, void *reply, void *)
{
    RedisClient *self = clientOf(ac);
    auto *r = static_cast<redisReply *>(reply);
    if (!self || self->m_destroying || !r || r->type != REDIS_REPLY_ARRAY || r->elements != 3)
        return;
    if (QByteArray(r->element[0]->str, int(r->element[0]->len)) != "message")
        return;
    emit self->messageReceived(QByteArray(r->element[1]->str, int(r->element[1]->len)),
                               QByteArray(r->element[2]->str, int(r->element[2]->len)));
}

void RedisClient::addRead(void *p)
{
    auto *self = static_cast<RedisClient *>(p);
    if (self->m_read) {
        self->m_read->setEnabled(true);
        return;
    }
    self->m_read = new QSocketNotifier(qintptr(self->m_ctx->c.fd), QSocketNotifier::Read, self);
    connect(self->m_read, &QSocketNotifier::activated, self, [self] {
        if (self->m_ctx)
            redisAsyncHandleRead(self->m_ctx);
    });
}

void RedisClient::delRead(void *p)
{
    auto *self = static_cast<RedisClient *>(p);
    if (self->m_read)
        self->m_read->setEnabled(false);
}

void RedisClient::addWrite(void *p)
{
    auto *self = static_cast<RedisClient *>(p);
    self->m_writeWanted = true;
    if (self->m_write) {
        self->m_write->setEnabled(true);
        return;
    }
    self->m_write = new QSocketNotifier(qintptr(self->m_ctx->c.fd), QSocketNotifier::Write, self);
    connect(self->m_write, &QSocketNotifier::activated, self, [self] {
        if (self->m_ctx)
            redisAsyncHandleWrite(self->m_ctx);
    });
}

void RedisClient::delWrite(void *p)
{
    auto *self = static_cast<RedisClient *>(p);
    self->m_writeWanted = false;
    if (self->m_write)
        self->m_write->setEnabled(false);
}

void RedisClient::cleanup(void *p)
{
    // The context (and its fd) is going away: notifiers must not outlive it. Deleted later because this
    // can run inside a notifier's own activated() signal.
    auto *self = static_cast<RedisClient *>(p);
    self->m_writeWanted = false;
    if (self->m_read) {
        self->m_read->setEnabled(false);
        self->m_read->deleteLater();
        self->m_read = nullptr;
    }
    if (self->m_write) {
        self->m_write->setEnabled(false);
        self->m_write->deleteLater();
        self->m_write = nullptr;
    }
}

} // namespace crosslogic
