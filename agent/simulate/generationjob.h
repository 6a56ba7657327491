// One chat/text completion in flight: waits for the first-token time, paces tokens, streams or answers, stops
// on disconnect.
#pragma once

#include "simulate/completiongenerator.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace crosslogic {
class HttpExchange;
}

namespace crosslogic::sim {

class GenerationJob : public QObject
{
    Q_OBJECT
public:
    enum class Outcome
    {
        Completed,
        Cancelled
    };

    struct Pacing
    {
        int ttftMs = 0;
        double tokensPerSecond = 0; // <= 0: every token at the first-token time
    };

    // A streaming job sends its response head at once (the client sees 200 while it waits in the queue, as
    // with vLLM).
    GenerationJob(HttpExchange *exchange, CompletionGenerator generator, Pacing pacing, QObject *parent);

    // Starts the clock: the first token is due ttftMs from now.
    void start();
    bool isStarted() const { return m_started; }
    bool isStreaming() const { return m_generator.request().stream; }
    const CompletionGenerator &generator() const { return m_generator; }

signals:
    // count completion tokens were produced (all choices together).
    void produced(int count);
    // Emitted once; the job is not deleted by itself.
    void finished(crosslogic::sim::GenerationJob *job, crosslogic::sim::GenerationJob::Outcome outcome);

private:
    void tick();
    void cancel();
    void complete();
    int dueTokens() const;
    void scheduleNext();

    QPointer<HttpExchange> m_exchange;
    CompletionGenerator m_generator;
    Pacing m_pacing;
    QTimer m_timer;
    QElapsedTimer m_clock;
    int m_sent = 0; // tokens per choice already sent
    bool m_started = false;
    bool m_done = false;
    bool m_blocked = false; // waiting for the socket to drain
};

} // namespace crosslogic::sim
