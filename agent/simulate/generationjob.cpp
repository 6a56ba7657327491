// One chat/text completion in flight: waits for the first-token time, paces tokens, streams or answers, stops
// on disconnect.
#include "simulate/generationjob.h"

#include "http/httpexchange.h"

#include <cmath>

namespace crosslogic::sim {
namespace {
// Above this much unsent output the job waits for the client to read (a slow reader must not grow memory
// unbounded).
constexpr qint64 kMaxPendingBytes = 1024 * 1024;
} // namespace

GenerationJob::GenerationJob(HttpExchange *exchange, CompletionGenerator generator, Pacing pacing,
                             QObject *parent)
    : QObject(parent), m_exchange(exchange), m_generator(std::move(generator)), m_pacing(pacing)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &GenerationJob::tick);
    connect(exchange, &HttpExchange::clientGone, this, &GenerationJob::cancel);
    connect(exchange, &QObject::destroyed, this, &GenerationJob::cancel);
    connect(exchange, &HttpExchange::drained, this, [this] {
        if (m_blocked) {
            m_blocked = false;
            tick();
        }
    });
    if (isStreaming())
        exchange->beginStream(200, "text/event-stream; charset=utf-8");
}

void GenerationJob::start()
{
    if (m_started || m_done)
        return;
    m_started = true;
    m_clock.start();
    scheduleNext();
}

int GenerationJob::dueTokens() const
{
    const int total = m_generator.request().completionTokens;
    const double elapsed = double(m_clock.nsecsElapsed()) / 1e6;
    if (elapsed < m_pacing.ttftMs)
        return 0;
    if (m_pacing.tokensPerSecond <= 0)
        return total;
    const double interval = 1000.0 / m_pacing.tokensPerSecond;
    const double due = 1.0 + std::floor((elapsed - m_pacing.ttftMs) / interval);
    return due >= total ? total : int(due);
}

void GenerationJob::scheduleNext()
{
    const int total = m_generator.request().completionTokens;
    // A whole answer is due with its last token; a stream with its next one.
    const int next = isStreaming() ? m_sent + 1 : total;
    const double interval = m_pacing.tokensPerSecond > 0 ? 1000.0 / m_pacing.tokensPerSecond : 0.0;
    const double dueAt = m_pacing.ttftMs + (next - 1) * interval;
    const double elapsed = double(m_clock.nsecsElapsed()) / 1e6;
    m_timer.start(int(std::max(0.0, std::ceil(dueAt - elapsed))));
}

void GenerationJob::tick()
{
    if (m_done || !m_started)
        return;
    if (!m_exchange || m_exchange->isClientGone()) {
        cancel();
        return;
    }
    const int total = m_generator.request().completionTokens;
    const int due = dueTokens();
    if (!isStreaming()) {
        if (due < total) {
            scheduleNext();
            return;
        }
        m_sent = total;
        emit produced(m_generator.totalCompletionTokens());
        m_exchange->respondJson(200, m_generator.response());
        complete();
        return;
    }
    const int choices = m_generator.request().choices;
    while (m_sent < due) {
        if (m_exchange->bytesPending() > kMaxPendingBytes) {
            m_blocked = true;
            return;
        }
        ++m_sent;
        for (int c = 0; c < choices; ++c)
            m_exchange->writeChunk(CompletionGenerator::sseEvent(m_generator.tokenChunk(c, m_sent)));
        emit produced(choices);
        if (!m_exchange || m_exchange->isClientGone()) {
            cancel();
            return;
        }
    }
    if (m_sent < total) {
        scheduleNext();
        return;
    }
    if (m_generator.request().includeUsage)
        m_exchange->writeChunk(CompletionGenerator::sseEvent(m_generator.usageChunk()));
    m_exchange->writeChunk(CompletionGenerator::doneEvent());
    m_exchange->endStream();
    complete();
}

void GenerationJob::complete()
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    emit finished(this, Outcome::Completed);
}

void GenerationJob::cancel()
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    emit finished(this, Outcome::Cancelled);
}

} // namespace crosslogic::sim
