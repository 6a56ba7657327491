// Splits a Server-Sent Events byte stream into events, however the bytes are chunked; bounded event size.
#pragma once

#include <QByteArray>
#include <vector>

namespace crosslogic {

class SseParser
{
public:
    struct Event
    {
        QByteArray raw;  // the event's lines, without the blank line that ends it
        QByteArray data; // the data: field values joined with '\n'
    };

    explicit SseParser(qsizetype maxEventBytes = 4 * 1024 * 1024) : m_max(maxEventBytes) {}

    // Appends complete events to out. Returns false when an event exceeds the size bound (the stream is unusable).
    bool feed(const QByteArray &bytes, std::vector<Event> &out);
    qsizetype buffered() const { return m_buffer.size(); }
    // What is left when the stream ends without a final blank line.
    QByteArray remainder() const { return m_buffer; }

private:
    static Event parseEvent(const QByteArray &raw);
    QByteArray m_buffer;
    qsizetype m_max;
};

} // namespace crosslogic
