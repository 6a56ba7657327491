// One request's usage as the gateway measured it, and the sink that records it (metering implements it).
#pragma once

#include <QByteArray>
#include <QString>

namespace crosslogic {

struct UsageEvent
{
    QByteArray requestId;
    QString tenantId;
    QString environmentId;
    QString apiKeyId;
    QByteArray keyPrefix;
    QString model;
    QString nodeId;
    QByteArray method;
    QByteArray path;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 latencyMs = 0;
    qint64 ttftMs = -1; // -1: no first token
    int statusCode = 0;
    QString status; // completed | interrupted | failed | rejected
    QString reason; // why it was rejected or failed
    qint64 timestampMs = 0;
    bool usageFromEngine = false; // the engine reported usage (vs. counted from streamed chunks)
    QByteArray openaiOrganization; // the client's OpenAI-Organization / OpenAI-Project headers (printable, <= 200)
    QByteArray openaiProject;
    // Set when the engine's usage could not be true of what the gateway saw (negative, or more tokens than the
    // prompt and the answer can hold): the counts above are then the gateway's own, these what the engine claimed.
    QByteArray usageFlag; // engine_usage_implausible
    qint64 enginePromptTokens = 0;
    qint64 engineCompletionTokens = 0;
};

class UsageSink
{
public:
    virtual ~UsageSink() = default;
    // Called once per request, on the request's thread; must not block.
    virtual void record(const UsageEvent &event) = 0;
    // False while usage cannot be recorded durably (the local spool is full): the gateway refuses new
    // requests with 503 rather than serve what it could not bill. Requests already admitted are still
    // recorded.
    virtual bool accepting() const { return true; }
};

} // namespace crosslogic
