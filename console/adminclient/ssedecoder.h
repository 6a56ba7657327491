// Decodes a Server-Sent Events byte stream into events (event name, id, data), however the bytes are chunked.
#pragma once

#include <QByteArray>
#include <QList>

namespace crosslogic {

struct SseEvent
{
    QByteArray name = "message"; // the event: field
    QByteArray id;               // the id: field, empty when the event has none
    QByteArray data;             // the data: fields joined with '\n'
};

class SseDecoder
{
public:
    explicit SseDecoder(qsizetype maxEventBytes = 16 * 1024 * 1024) : m_max(maxEventBytes) {}

    // Appends the complete events in bytes to out; false when one grows past the size bound (drop the
    // stream).
    bool feed(const QByteArray &bytes, QList<SseEvent> &out);
    // The last retry: field in milliseconds, or -1.
    int retryMs() const { return m_retryMs; }
    void reset();

private:
    void takeLine(QByteArrayView line, QList<SseEvent> &out);

    QByteArray m_buffer;
    SseEvent m_event;
    bool m_hasData = false;
    bool m_hasFields = false;
    bool m_skipLf = false; // a chunk ended with CR: a LF starting the next one belongs to it
    int m_retryMs = -1;
    qsizetype m_max;
};

} // namespace crosslogic
